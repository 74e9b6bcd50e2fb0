/* td-probe-socket.h — the probe's operating-system socket layer
 *
 * The probe's logic (td-probe.c: phases, retransmission, verdict) talks to
 * UDP through these few calls; each operating system has its own file
 * (linux/td-probe-socket-linux.c reads ICMP errors from the socket error
 * queue, IP_RECVERR), chosen by meson.  An unprivileged, non-blocking IPv4
 * UDP socket, never a raw one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TdProbeSocket TdProbeSocket;

typedef enum {
  TD_PROBE_SOCKET_DATAGRAM,     /* a datagram arrived (maybe truncated) */
  TD_PROBE_SOCKET_UNREACHABLE,  /* ICMP destination unreachable for one of ours */
  TD_PROBE_SOCKET_NOT_IPV4,     /* something that is not an IPv4 datagram */
} TdProbeSocketEventKind;

typedef enum {
  TD_UNREACHABLE_PORT,          /* nobody listens on that port: "refused" */
  TD_UNREACHABLE_HOST,
  TD_UNREACHABLE_NET,
  TD_UNREACHABLE_FILTERED,      /* administratively prohibited */
} TdUnreachableKind;

typedef struct {
  TdProbeSocketEventKind kind;
  /* DATAGRAM: the sender.  UNREACHABLE: where our datagram was going; 0 when
   * the system does not say. */
  guint32            addr;
  guint16            port;
  guint32            local_addr;   /* DATAGRAM: our address it came to, 0 if unknown */
  gsize              length;       /* DATAGRAM: its real length */
  gboolean           truncated;    /* DATAGRAM: longer than the buffer */
  TdUnreachableKind  unreachable;
  guint8             icmp_type;    /* UNREACHABLE: as received, when known */
  guint8             icmp_code;
} TdProbeSocketEvent;

/* Binds 0.0.0.0:@port (0 = any), without DF on the datagrams (RFC 4380
 * §5.1.2) and with ICMP errors reported. */
TdProbeSocket *td_probe_socket_open        (guint16              port,
                                            GError             **error);
void           td_probe_socket_free        (TdProbeSocket       *self);
guint16        td_probe_socket_get_port    (TdProbeSocket       *self);
/* The underlying GSocket (for identity and for GLib sources). */
GSocket       *td_probe_socket_get_socket  (TdProbeSocket       *self);
/* A source that fires when an event may be waiting (GSocketSourceFunc). */
GSource       *td_probe_socket_create_source (TdProbeSocket     *self);
/* Sends one datagram; G_IO_ERROR_WOULD_BLOCK means "try again later". */
gboolean       td_probe_socket_send        (TdProbeSocket       *self,
                                            guint32              addr,
                                            guint16              port,
                                            const guint8        *data,
                                            gsize                length,
                                            GError             **error);
/* The next event, without blocking; FALSE when there is none now.  The
 * datagram's bytes go to @buffer (at most @size). */
gboolean       td_probe_socket_receive     (TdProbeSocket       *self,
                                            guint8              *buffer,
                                            gsize                size,
                                            TdProbeSocketEvent  *event);

G_END_DECLS
