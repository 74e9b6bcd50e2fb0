/* td-probe-socket-win32.c — the probe's socket layer on Windows
 *
 * Winsock has no error queue.  An ICMP error caused by one of our datagrams
 * fails the next receive on the socket instead (SIO_UDP_CONNRESET
 * semantics, on by default and switched on here explicitly):
 * WSAECONNRESET for a port unreachable, WSAENETRESET for a network one.
 * recvfrom() may name the destination concerned in its from address; when
 * it does not, the event carries address 0 and td-probe.c attributes it.
 *
 * A plain socket has no IP_PKTINFO, so the local address an answer came to
 * is the one the system chooses for the route to its sender: found once per
 * sender with a connected throw-away UDP socket and getsockname(), and
 * cached.  That is what tells "open" (no NAT) apart.
 *
 * GSocket on Windows keeps its own record of the network events it saw and
 * clears FD_READ only in its own receive calls, so this file receives with
 * recvfrom() itself and watches the socket with a source of its own (an
 * event object of its own, WSAEventSelect), never g_socket_create_source().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <string.h>

#include "td-probe-socket.h"

struct _TdProbeSocket {
  GSocket    *socket;
  guint16     port;
  GHashTable *local_for;   /* sender (host order) → our address for it */
};

static SOCKET
socket_handle (TdProbeSocket *self)
{
  return (SOCKET) g_socket_get_fd (self->socket);
}

TdProbeSocket *
td_probe_socket_open (guint16   port,
                      GError  **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, port);
  g_autoptr(GSocketAddress) local = NULL;
  TdProbeSocket *self;
  SOCKET fd;
  DWORD dont_fragment = FALSE;
  BOOL report = TRUE;
  DWORD ignored = 0;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  fd = (SOCKET) g_socket_get_fd (socket);

  /* RFC 4380 §5.1.2: no DF on the encapsulating IPv4 header (Windows'
   * default too; said explicitly). */
  (void) setsockopt (fd, IPPROTO_IP, IP_DONTFRAGMENT, (const char *) &dont_fragment,
                     sizeof dont_fragment);
  /* ICMP unreachable ends a phase early: have it reported on receive. */
  if (WSAIoctl (fd, SIO_UDP_CONNRESET, &report, sizeof report, NULL, 0, &ignored,
                NULL, NULL) != 0)
    g_debug ("SIO_UDP_CONNRESET: Winsock error %d", WSAGetLastError ());

  if (!g_socket_bind (socket, address, FALSE, error))
    {
      g_prefix_error (error, "Cannot use local UDP port %u: ", port);
      return NULL;
    }

  self = g_new0 (TdProbeSocket, 1);
  self->socket = g_steal_pointer (&socket);
  self->local_for = g_hash_table_new (NULL, NULL);
  local = g_socket_get_local_address (self->socket, NULL);
  self->port = local ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)) : port;
  return self;
}

void
td_probe_socket_free (TdProbeSocket *self)
{
  if (self == NULL)
    return;
  g_socket_close (self->socket, NULL);
  g_object_unref (self->socket);
  g_hash_table_unref (self->local_for);
  g_free (self);
}

guint16
td_probe_socket_get_port (TdProbeSocket *self)
{
  return self->port;
}

GSocket *
td_probe_socket_get_socket (TdProbeSocket *self)
{
  return self->socket;
}

/* ---- the source: WSAEventSelect on an event of our own ---------------- */

typedef struct {
  GSource   source;
  GPollFD   poll;
  GSocket  *socket;
  SOCKET    fd;
  WSAEVENT  event;
} ProbeSource;

static gboolean
probe_source_prepare (GSource *source,
                      gint    *timeout)
{
  *timeout = -1;
  return FALSE;
}

static gboolean
probe_source_check (GSource *source)
{
  ProbeSource *self = (ProbeSource *) source;
  WSANETWORKEVENTS events;

  if ((self->poll.revents & G_IO_IN) == 0)
    return FALSE;
  /* Resets the (manual-reset) event; Winsock records FD_READ again after
   * a receive that leaves something to read, so nothing is lost. */
  (void) WSAEnumNetworkEvents (self->fd, self->event, &events);
  return TRUE;
}

static gboolean
probe_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  ProbeSource *self = (ProbeSource *) source;
  GSocketSourceFunc func = (GSocketSourceFunc) callback;

  if (func == NULL)
    return G_SOURCE_REMOVE;
  return func (self->socket, G_IO_IN, user_data);
}

static void
probe_source_finalize (GSource *source)
{
  ProbeSource *self = (ProbeSource *) source;

  if (!g_socket_is_closed (self->socket))
    (void) WSAEventSelect (self->fd, NULL, 0);
  WSACloseEvent (self->event);
  g_object_unref (self->socket);
}

static GSourceFuncs probe_source_funcs = {
  probe_source_prepare,
  probe_source_check,
  probe_source_dispatch,
  probe_source_finalize,
  NULL, NULL,
};

/* One source per socket at a time: a socket has a single WSAEventSelect
 * association, and the probe watches each socket once. */
GSource *
td_probe_socket_create_source (TdProbeSocket *self)
{
  GSource *source = g_source_new (&probe_source_funcs, sizeof (ProbeSource));
  ProbeSource *probe_source = (ProbeSource *) source;

  probe_source->socket = g_object_ref (self->socket);
  probe_source->fd = socket_handle (self);
  probe_source->event = WSACreateEvent ();
  /* Also records FD_READ at once when something is already queued. */
  if (probe_source->event == WSA_INVALID_EVENT ||
      WSAEventSelect (probe_source->fd, probe_source->event, FD_READ) != 0)
    g_warning ("Cannot watch the probe's socket: Winsock error %d", WSAGetLastError ());
  probe_source->poll.fd = (gintptr) probe_source->event;
  probe_source->poll.events = G_IO_IN;
  g_source_add_poll (source, &probe_source->poll);
  return source;
}

/* ---- sending and receiving ---------------------------------------------- */

gboolean
td_probe_socket_send (TdProbeSocket  *self,
                      guint32         addr,
                      guint16         port,
                      const guint8   *data,
                      gsize           length,
                      GError        **error)
{
  guint32 addr_be = g_htonl (addr);
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_bytes ((const guint8 *) &addr_be,
                                                                 G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);

  return g_socket_send_to (self->socket, address, (const char *) data, length, NULL, error) >= 0;
}

/* Our address on the route to @addr (host order), 0 when the system does
 * not say: the source address it would choose for a datagram to @addr. */
static guint32
local_address_for (TdProbeSocket *self,
                   guint32        addr,
                   guint16        port)
{
  gpointer cached;
  struct sockaddr_in to = { 0 };
  struct sockaddr_in local = { 0 };
  int local_length = sizeof local;
  guint32 result = 0;
  SOCKET probe;

  if (g_hash_table_lookup_extended (self->local_for, GUINT_TO_POINTER (addr), NULL, &cached))
    return GPOINTER_TO_UINT (cached);

  probe = socket (AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  if (probe != INVALID_SOCKET)
    {
      /* connect() on UDP sends nothing: it only picks the route. */
      to.sin_family = AF_INET;
      to.sin_port = g_htons (port != 0 ? port : 9);
      to.sin_addr.s_addr = g_htonl (addr);
      if (connect (probe, (const struct sockaddr *) &to, sizeof to) == 0 &&
          getsockname (probe, (struct sockaddr *) &local, &local_length) == 0 &&
          local.sin_family == AF_INET)
        result = g_ntohl (local.sin_addr.s_addr);
      closesocket (probe);
    }
  g_hash_table_insert (self->local_for, GUINT_TO_POINTER (addr), GUINT_TO_POINTER (result));
  return result;
}

/* Fills @event from an ICMP error reported as a receive error; the
 * destination when recvfrom named it, else 0. */
static void
set_unreachable (TdProbeSocketEvent       *event,
                 TdUnreachableKind         kind,
                 const struct sockaddr_in *from,
                 int                       from_length)
{
  memset (event, 0, sizeof *event);
  event->kind = TD_PROBE_SOCKET_UNREACHABLE;
  event->unreachable = kind;
  if (from_length >= (int) sizeof *from && from->sin_family == AF_INET &&
      from->sin_addr.s_addr != 0)
    {
      event->addr = g_ntohl (from->sin_addr.s_addr);
      event->port = g_ntohs (from->sin_port);
    }
  /* Winsock does not hand over the ICMP message: type and code stay 0. */
}

gboolean
td_probe_socket_receive (TdProbeSocket      *self,
                         guint8             *buffer,
                         gsize               size,
                         TdProbeSocketEvent *event)
{
  SOCKET fd = socket_handle (self);
  int capacity = (int) MIN (size, (gsize) G_MAXINT);
  guint failures = 0;

  for (;;)
    {
      struct sockaddr_in from = { 0 };
      int from_length = sizeof from;
      int length = recvfrom (fd, (char *) buffer, capacity, 0, (struct sockaddr *) &from,
                             &from_length);
      gboolean truncated = FALSE;

      if (length < 0)
        {
          int error = WSAGetLastError ();

          switch (error)
            {
            case WSAEWOULDBLOCK:
              return FALSE;
            case WSAEINTR:
              continue;
            case WSAECONNRESET:
            case WSAECONNREFUSED:   /* Wine's word for it on a connected socket */
              set_unreachable (event, TD_UNREACHABLE_PORT, &from, from_length);
              return TRUE;
            case WSAENETRESET:
              set_unreachable (event, TD_UNREACHABLE_NET, &from, from_length);
              return TRUE;
            case WSAEMSGSIZE:
              /* The buffer holds the datagram's start; the rest is gone. */
              truncated = TRUE;
              length = capacity;
              break;
            default:
              if (++failures > 4)
                return FALSE;
              continue;
            }
        }

      memset (event, 0, sizeof *event);
      if (from_length < (int) sizeof from || from.sin_family != AF_INET)
        {
          event->kind = TD_PROBE_SOCKET_NOT_IPV4;
          event->length = (gsize) length;
          return TRUE;
        }
      event->kind = TD_PROBE_SOCKET_DATAGRAM;
      event->addr = g_ntohl (from.sin_addr.s_addr);
      event->port = g_ntohs (from.sin_port);
      event->length = truncated ? size + 1 : (gsize) length;
      event->truncated = truncated;
      event->local_addr = local_address_for (self, event->addr, event->port);
      return TRUE;
    }
}
