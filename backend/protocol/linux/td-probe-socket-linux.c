/* td-probe-socket-linux.c — the probe's socket layer on Linux
 *
 * ICMP destination-unreachable errors are read from the socket's error
 * queue (IP_RECVERR), which also names the destination of the datagram that
 * caused them; IP_PKTINFO tells on which local address an answer arrived.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <time.h>   /* struct timespec, for linux/errqueue.h */
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>

#include "td-probe-socket.h"

struct _TdProbeSocket {
  GSocket *socket;
  guint16  port;
};

TdProbeSocket *
td_probe_socket_open (guint16   port,
                      GError  **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, port);
  g_autoptr(GSocketAddress) local = NULL;
  TdProbeSocket *self;
  int fd, value;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  fd = g_socket_get_fd (socket);

  /* RFC 4380 §5.1.2: no DF on the encapsulating IPv4 header. */
  value = IP_PMTUDISC_DONT;
  (void) setsockopt (fd, IPPROTO_IP, IP_MTU_DISCOVER, &value, sizeof value);
  /* ICMP unreachable ends a phase early; PKTINFO tells our local address. */
  value = 1;
  (void) setsockopt (fd, IPPROTO_IP, IP_RECVERR, &value, sizeof value);
  (void) setsockopt (fd, IPPROTO_IP, IP_PKTINFO, &value, sizeof value);

  if (!g_socket_bind (socket, address, FALSE, error))
    {
      g_prefix_error (error, "Cannot use local UDP port %u: ", port);
      return NULL;
    }

  self = g_new0 (TdProbeSocket, 1);
  self->socket = g_steal_pointer (&socket);
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

GSource *
td_probe_socket_create_source (TdProbeSocket *self)
{
  return g_socket_create_source (self->socket, G_IO_IN | G_IO_ERR, NULL);
}

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

/* One ICMP destination-unreachable from the error queue; FALSE when the
 * queue holds nothing (more) of that kind. */
static gboolean
receive_error (TdProbeSocket      *self,
               TdProbeSocketEvent *event)
{
  int fd = g_socket_get_fd (self->socket);

  for (;;)
    {
      struct sockaddr_in destination = { 0 };
      char control[512];
      char dummy[64];
      struct iovec iov = { dummy, sizeof dummy };
      struct msghdr msg = {
        .msg_name = &destination, .msg_namelen = sizeof destination,
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = control, .msg_controllen = sizeof control,
      };

      if (recvmsg (fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
        return FALSE;

      for (struct cmsghdr *cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
        {
          struct sock_extended_err ee;

          if (cmsg->cmsg_level != SOL_IP || cmsg->cmsg_type != IP_RECVERR)
            continue;
          memcpy (&ee, CMSG_DATA (cmsg), sizeof ee);
          if (ee.ee_origin != SO_EE_ORIGIN_ICMP || ee.ee_type != ICMP_DEST_UNREACH)
            continue;

          memset (event, 0, sizeof *event);
          event->kind = TD_PROBE_SOCKET_UNREACHABLE;
          event->addr = g_ntohl (destination.sin_addr.s_addr);
          event->port = g_ntohs (destination.sin_port);
          event->icmp_type = ee.ee_type;
          event->icmp_code = ee.ee_code;
          switch (ee.ee_code)
            {
            case ICMP_PORT_UNREACH:
              event->unreachable = TD_UNREACHABLE_PORT;
              break;
            case ICMP_PKT_FILTERED:
              event->unreachable = TD_UNREACHABLE_FILTERED;
              break;
            case ICMP_NET_UNREACH:
              event->unreachable = TD_UNREACHABLE_NET;
              break;
            default:
              event->unreachable = TD_UNREACHABLE_HOST;
              break;
            }
          return TRUE;
        }
    }
}

gboolean
td_probe_socket_receive (TdProbeSocket      *self,
                         guint8             *buffer,
                         gsize               size,
                         TdProbeSocketEvent *event)
{
  int fd = g_socket_get_fd (self->socket);
  guint failures = 0;

  if (receive_error (self, event))
    return TRUE;

  for (;;)
    {
      struct sockaddr_in from = { 0 };
      char control[256];
      struct iovec iov = { buffer, size };
      struct msghdr msg = {
        .msg_name = &from, .msg_namelen = sizeof from,
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = control, .msg_controllen = sizeof control,
      };
      ssize_t length = recvmsg (fd, &msg, MSG_DONTWAIT | MSG_TRUNC);

      if (length < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            return FALSE;
          /* ECONNREFUSED & co. announce a queued ICMP error; the datagrams
           * behind it are still to be read. */
          if (receive_error (self, event))
            return TRUE;
          if (++failures > 4)
            return FALSE;
          continue;
        }

      memset (event, 0, sizeof *event);
      if (msg.msg_namelen < sizeof from || from.sin_family != AF_INET)
        {
          event->kind = TD_PROBE_SOCKET_NOT_IPV4;
          event->length = (gsize) length;
          return TRUE;
        }
      event->kind = TD_PROBE_SOCKET_DATAGRAM;
      event->addr = g_ntohl (from.sin_addr.s_addr);
      event->port = g_ntohs (from.sin_port);
      event->length = (gsize) length;
      event->truncated = (gsize) length > size || (msg.msg_flags & MSG_TRUNC) != 0;
      for (struct cmsghdr *cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
        if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_PKTINFO)
          {
            struct in_pktinfo info;

            memcpy (&info, CMSG_DATA (cmsg), sizeof info);
            event->local_addr = g_ntohl (info.ipi_addr.s_addr);
          }
      return TRUE;
    }
}
