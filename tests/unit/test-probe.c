/* test-probe.c — the probe against a fake Teredo server on loopback
 *
 * The fake server answers router solicitations like miredo-server does
 * (same wire format, cone answers from the other address) and, depending on
 * the scenario, misbehaves: hostile and junk datagrams, floods, replays,
 * silence, a symmetric mapping.  The probe must ignore everything that is
 * not a valid answer and never let junk extend a deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "td-async.h"
#include "td-address.h"
#include "td-error.h"
#include "td-probe.h"
#include "td-probe-ranking.h"
#include "td-teredo-address.h"
#include "td-teredo-packet.h"
#include "td-test-fakes.h"

#define PRIMARY   0x7f000001u   /* 127.0.0.1 */
#define SECONDARY 0x7f000002u   /* 127.0.0.2 */
#define STRANGER  0x7f000003u   /* 127.0.0.3 */

typedef enum {
  FAKE_HEALTHY     = 0,
  FAKE_HOSTILE     = 1 << 0,   /* junk before every valid answer */
  FAKE_FLOOD_ONLY  = 1 << 1,   /* only junk, forever */
  FAKE_NO_SECONDARY = 1 << 2,  /* the secondary address never answers */
  FAKE_NO_CONE     = 1 << 3,   /* cone RSes are not answered (a filtering NAT) */
  FAKE_SYMMETRIC   = 1 << 4,   /* the secondary sees another mapped port */
  FAKE_REPLAY      = 1 << 5,   /* answers with a stored RA of an earlier run */
  FAKE_SILENT      = 1 << 6,
} FakeMode;

typedef struct {
  GSocket *primary;
  GSocket *secondary;
  GSocket *stranger;      /* 127.0.0.3, same port */
  GSocket *wrong_port;    /* 127.0.0.1, another port */
  GSource *sources[2];
  guint16  port;
  FakeMode mode;
  guint    received;
  GBytes  *replay;        /* an RA captured in an earlier run */
} FakeServer;

static GSocket *
bind_udp (guint32 addr,
          guint16 port)
{
  g_autoptr(GError) error = NULL;
  guint32 be = g_htonl (addr);
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_bytes ((guint8 *) &be, G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  return socket;
}

static guint16
local_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

/* An RA exactly as miredo-server builds it (protocol note §2.9). */
static gsize
build_ra (guint8        out[117],
          const guint8  nonce[8],
          const guint8  destination[16],
          guint32       mapped_addr,
          guint16       mapped_port,
          guint32       primary)
{
  guint8 *p = out;
  guint8 source[16];
  guint32 be;
  guint16 checksum;
  static const guint8 ra_body[] = {
    0x86, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0xd0,
    0x03, 0x04, 0x40, 0x40, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
    0x20, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00,
  };

  memset (out, 0, 117);
  p[1] = 0x01;                                   /* auth header, no id/au */
  memcpy (p + 4, nonce, 8);
  p += 13;
  td_teredo_origin_encode (mapped_addr, mapped_port, p);
  p += 8;
  p[0] = 0x60;
  p[5] = 56;
  p[6] = 58;
  p[7] = 255;
  td_teredo_server_link_local (primary, source);
  memcpy (p + 8, source, 16);
  memcpy (p + 24, destination, 16);
  p += 40;
  memcpy (p, ra_body, sizeof ra_body);
  be = g_htonl (primary);
  memcpy (p + 36, &be, 4);
  checksum = td_icmpv6_checksum (source, destination, p, sizeof ra_body);
  p[2] = checksum >> 8;
  p[3] = checksum & 0xff;
  return 117;
}

static void
send_to (GSocket      *socket,
         GSocketAddress *to,
         const guint8 *data,
         gsize         len)
{
  g_socket_send_to (socket, to, (const char *) data, len, NULL, NULL);
}

static gboolean
on_fake_ready (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  FakeServer *fake = user_data;
  guint8 buffer[2048];
  GSocketAddress *from = NULL;
  gssize len;

  while ((len = g_socket_receive_from (socket, &from, (char *) buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      g_autoptr(GSocketAddress) peer = from;
      gboolean is_primary = socket == fake->primary;
      gboolean cone = len >= 30 && (buffer[29] & 0x80);
      GSocket *answerer = cone ? (is_primary ? fake->secondary : fake->primary) : socket;
      GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (peer));
      guint32 mapped;
      guint16 mapped_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (peer));
      guint8 ra[117];

      fake->received++;
      memcpy (&mapped, g_inet_address_to_bytes (inet), 4);
      mapped = g_ntohl (mapped);
      if (len != TD_TEREDO_RS_LENGTH || (fake->mode & FAKE_SILENT))
        continue;
      if ((fake->mode & FAKE_NO_SECONDARY) && (answerer == fake->secondary))
        continue;
      if ((fake->mode & FAKE_NO_CONE) && cone)
        continue;
      if ((fake->mode & FAKE_SYMMETRIC) && !is_primary)
        mapped_port ^= 0x5555;

      build_ra (ra, buffer + 4, buffer + 21, mapped, mapped_port, PRIMARY);

      if (fake->mode & (FAKE_HOSTILE | FAKE_FLOOD_ONLY))
        {
          guint8 junk[117];
          g_autofree guint8 *huge = g_malloc0 (65507);

          /* wrong nonce */
          memcpy (junk, ra, sizeof ra);
          junk[6] ^= 0xff;
          send_to (answerer, peer, junk, sizeof junk);
          /* truncated, every 7th length */
          for (gsize cut = 0; cut < sizeof ra; cut += 7)
            send_to (answerer, peer, ra, cut);
          /* 65507 bytes, once: more would only overflow the kernel's
           * receive buffer, which no program can prevent */
          memcpy (huge, ra, sizeof ra);
          if (fake->received == 1)
            send_to (answerer, peer, huge, 65507);
          /* the right answer from the wrong port and from a stranger */
          send_to (fake->wrong_port, peer, ra, sizeof ra);
          send_to (fake->stranger, peer, ra, sizeof ra);
          /* C = 0 answer from the other address; C = 1 from the same one */
          send_to (answerer == fake->primary ? fake->secondary : fake->primary, peer, ra, sizeof ra);
          /* a flood of junk */
          for (guint i = 0; i < 60; i++)
            send_to (answerer, peer, junk, 1 + i % 100);
        }
      if (fake->mode & FAKE_FLOOD_ONLY)
        continue;
      if ((fake->mode & FAKE_REPLAY) && fake->replay != NULL)
        {
          send_to (answerer, peer, g_bytes_get_data (fake->replay, NULL), g_bytes_get_size (fake->replay));
          continue;
        }
      if (fake->replay == NULL)
        fake->replay = g_bytes_new (ra, sizeof ra);
      send_to (answerer, peer, ra, sizeof ra);
      if (fake->mode & FAKE_HOSTILE)
        send_to (answerer, peer, ra, sizeof ra);   /* duplicate */
    }
  return G_SOURCE_CONTINUE;
}

static FakeServer *
fake_server_new (FakeMode mode)
{
  FakeServer *fake = g_new0 (FakeServer, 1);
  GSocket *sockets[2];

  fake->mode = mode;
  fake->primary = bind_udp (PRIMARY, 0);
  fake->port = local_port (fake->primary);
  fake->secondary = bind_udp (SECONDARY, fake->port);
  fake->stranger = bind_udp (STRANGER, fake->port);
  fake->wrong_port = bind_udp (PRIMARY, 0);
  sockets[0] = fake->primary;
  sockets[1] = fake->secondary;
  for (guint i = 0; i < 2; i++)
    {
      fake->sources[i] = g_socket_create_source (sockets[i], G_IO_IN, NULL);
      g_source_set_callback (fake->sources[i], G_SOURCE_FUNC (on_fake_ready), fake, NULL);
      g_source_attach (fake->sources[i], NULL);
    }
  return fake;
}

static void
fake_server_free (FakeServer *fake)
{
  for (guint i = 0; i < 2; i++)
    {
      g_source_destroy (fake->sources[i]);
      g_source_unref (fake->sources[i]);
    }
  g_object_unref (fake->primary);
  g_object_unref (fake->secondary);
  g_object_unref (fake->stranger);
  g_object_unref (fake->wrong_port);
  g_clear_pointer (&fake->replay, g_bytes_unref);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

static TdProbe *
probe_for (FakeServer *fake,
           guint       timeout_ms)
{
  TdProbe *probe = td_probe_new ("127.0.0.1");

  td_probe_set_allow_non_global (probe, TRUE);
  td_probe_set_server_port (probe, fake->port);
  td_probe_set_timeout (probe, timeout_ms);
  return probe;
}

static TdProbeResult *
run_probe (TdProbe      *probe,
           GCancellable *cancellable)
{
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(GError) error = NULL;
  TdProbeResult *result;

  td_probe_run_async (probe, cancellable, td_async_keep_result, &res);
  result = td_probe_run_finish (probe, td_async_wait (&res), &error);
  g_assert_no_error (error);
  return result;
}

static void
test_healthy (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_HEALTHY);
  g_autoptr(TdProbe) probe = probe_for (fake, 10000);
  g_autoptr(TdProbeResult) result = NULL;

  /* No retransmission of the primary before its answer: an interval far
   * above any loopback round trip, even under valgrind. */
  td_probe_set_retransmit (probe, 3000);
  result = run_probe (probe, NULL);
  g_assert_no_error (result->error);
  g_assert_true (td_probe_result_qualified (result));
  g_assert_true (result->secondary_reachable);
  g_assert_true (result->cone_answered);
  g_assert_cmpint (result->nat, ==, TD_NAT_TYPE_OPEN);
  g_assert_cmpstr (result->mapped.address, ==, "127.0.0.1");
  g_assert_cmpuint (result->mapped.port, ==, result->local.port);
  g_assert_true (result->port_preserving);
  g_assert_cmpuint (result->mtu, ==, 1280);
  /* One solicitation per phase; once the round trip is known the optional
   * phases are solicited again every half round trip, so a slow run (under
   * valgrind) may send one more there, and drop its late duplicate answer. */
  g_assert_cmpuint (result->rs_sent, >=, 3);
  g_assert_cmpuint (result->rs_sent, <=, 9);
  g_assert_cmpuint (result->dropped, <=, result->rs_sent - 3);
  g_assert_nonnull (result->teredo_address);
  g_assert_true (g_str_has_prefix (result->teredo_address, "2001:0:7f00:1:"));
  /* Every phase answered: it must not wait for the 10 s deadline. */
  g_assert_cmpint (result->elapsed_ms, <, 5000);
}

static void
test_hostile (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_HOSTILE);
  g_autoptr(TdProbe) probe = probe_for (fake, 2000);
  g_autoptr(TdProbeResult) result = run_probe (probe, NULL);
  gboolean saw[4] = { FALSE };

  g_assert_no_error (result->error);
  g_assert_true (td_probe_result_qualified (result));
  g_assert_cmpint (result->nat, ==, TD_NAT_TYPE_OPEN);
  g_assert_cmpstr (result->mapped.address, ==, "127.0.0.1");
  g_assert_cmpuint (result->mapped.port, ==, result->local.port);
  /* Every kind of junk was seen and dropped, none was taken as an answer. */
  g_assert_cmpuint (result->dropped, >, 60);
  for (guint i = 0; i < result->events->len; i++)
    {
      TdProbeEvent *event = g_ptr_array_index (result->events, i);

      if (g_strcmp0 (event->direction, "dropped") != 0)
        continue;
      saw[0] |= strstr (event->what, "bad-nonce") != NULL;
      saw[1] |= strstr (event->what, "wrong source port") != NULL;
      saw[2] |= strstr (event->what, "unexpected source") != NULL || strstr (event->what, "cone reply") != NULL;
      saw[3] |= strstr (event->what, "oversized") != NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (saw); i++)
    g_assert_true (saw[i]);
}

static void
test_flood_never_extends_deadline (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_FLOOD_ONLY);
  g_autoptr(TdProbe) probe = probe_for (fake, 800);
  g_autoptr(TdProbeResult) result = run_probe (probe, NULL);

  g_assert_false (td_probe_result_qualified (result));
  g_assert_error (result->error, TD_ERROR, TD_ERROR_UNREACHABLE);
  g_assert_cmpint (result->nat, ==, TD_NAT_TYPE_OFFLINE);
  g_assert_cmpuint (result->dropped, >, 60);
  /* The deadline is 800 ms however much junk arrives. */
  g_assert_cmpint (result->elapsed_ms, >=, 790);
  g_assert_cmpint (result->elapsed_ms, <, 3000);
}

static void
test_replayed_answer_is_refused (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_HEALTHY);
  g_autoptr(TdProbe) first = probe_for (fake, 2000);
  g_autoptr(TdProbe) second = probe_for (fake, 600);
  g_autoptr(TdProbeResult) before = run_probe (first, NULL);
  g_autoptr(TdProbeResult) after = NULL;

  g_assert_true (td_probe_result_qualified (before));
  fake->mode = FAKE_REPLAY;
  after = run_probe (second, NULL);
  g_assert_false (after->reachable);
  g_assert_error (after->error, TD_ERROR, TD_ERROR_UNREACHABLE);
  g_assert_cmpuint (after->dropped, >, 0);
}

static void
test_secondary_silent (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_NO_SECONDARY);
  g_autoptr(TdProbe) probe = probe_for (fake, 20000);
  g_autoptr(TdProbeResult) result = run_probe (probe, NULL);

  g_assert_true (td_probe_result_qualified (result));
  g_assert_false (result->secondary_reachable);
  /* The cone answer comes from the secondary: silent too. */
  g_assert_false (result->cone_answered);
  g_assert_cmpint (result->nat, ==, TD_NAT_TYPE_OPEN_FIREWALLED);
  /* It gives up after a few RTTs, long before the 20 s deadline. */
  g_assert_cmpint (result->elapsed_ms, <, 10000);
}

static void
test_symmetric (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_SYMMETRIC | FAKE_NO_CONE);
  g_autoptr(TdProbe) probe = probe_for (fake, 2000);
  g_autoptr(TdProbeResult) result = NULL;

  /* A NAT in front of us: make the server see another address. */
  td_probe_set_local_port (probe, 0);
  result = run_probe (probe, NULL);
  g_assert_true (td_probe_result_qualified (result));
  g_assert_true (result->secondary_reachable);
  g_assert_cmpuint (result->mapped_secondary.port, !=, result->mapped.port);
  /* mapped == local for the primary: no NAT, so "open-firewalled" wins;
   * symmetric needs a translated mapping, covered by the lab suite. */
  g_assert_cmpint (result->nat, ==, TD_NAT_TYPE_OPEN_FIREWALLED);
}

static void
test_port_unreachable (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_HEALTHY);
  g_autoptr(TdProbe) probe = td_probe_new ("127.0.0.1");
  g_autoptr(TdProbeResult) result = NULL;
  guint16 closed_port = local_port (fake->wrong_port);

  /* Nobody listens on the port the probe uses. */
  g_socket_close (fake->wrong_port, NULL);
  td_probe_set_allow_non_global (probe, TRUE);
  td_probe_set_server_port (probe, closed_port);
  result = run_probe (probe, NULL);
  g_assert_error (result->error, TD_ERROR, TD_ERROR_PORT_UNREACHABLE);
  g_assert_false (result->reachable);
  /* Ended by the ICMP error, not by the 3 s default deadline. */
  g_assert_cmpint (result->elapsed_ms, <, 2500);
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_SILENT);
  g_autoptr(TdProbe) probe = probe_for (fake, 5000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TdProbeResult) result = NULL;

  g_timeout_add (50, cancel_soon, cancellable);
  result = run_probe (probe, cancellable);
  g_assert_error (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (result->elapsed_ms, <, 4000);
}

static void
test_refuses_non_global (void)
{
  const char *servers[] = { "10.1.2.3", "192.168.1.1", "127.0.0.1", "0.1.2.3", "224.0.0.1" };

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(TdProbe) probe = td_probe_new (servers[i]);
      g_autoptr(TdProbeResult) result = run_probe (probe, NULL);

      g_assert_error (result->error, TD_ERROR, TD_ERROR_NOT_GLOBAL);
      g_assert_nonnull (strstr (result->error->message, servers[i]));
      g_assert_cmpuint (result->rs_sent, ==, 0);
    }
}

static void
test_bad_secondary_and_name (void)
{
  g_autoptr(TdProbe) probe = td_probe_new ("198.18.0.10");
  g_autoptr(TdProbe) nameless = td_probe_new ("");
  g_autoptr(TdProbeResult) result = NULL;
  g_autoptr(TdProbeResult) empty = NULL;

  td_probe_set_secondary (probe, "not-an-address");
  result = run_probe (probe, NULL);
  g_assert_error (result->error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT);
  empty = run_probe (nameless, NULL);
  g_assert_error (empty->error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT);
}

static void
test_ranking (void)
{
  g_autoptr(FakeServer) good = fake_server_new (FAKE_HEALTHY);
  g_autoptr(FakeServer) silent = fake_server_new (FAKE_SILENT);
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GAsyncResult) res = NULL;

  g_ptr_array_add (probes, probe_for (silent, 600));
  g_ptr_array_add (probes, probe_for (good, 600));
  td_probe_rank_async (probes, NULL, td_async_keep_result, &res);
  results = td_probe_rank_finish (td_async_wait (&res), NULL);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_true (td_probe_result_qualified (g_ptr_array_index (results, 0)));
  g_assert_false (td_probe_result_qualified (g_ptr_array_index (results, 1)));
}

static void
test_json_round_trip (void)
{
  g_autoptr(FakeServer) fake = fake_server_new (FAKE_HEALTHY);
  g_autoptr(TdProbe) probe = probe_for (fake, 2000);
  g_autoptr(TdProbeResult) result = run_probe (probe, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonBuilder) again = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(TdProbeResult) loaded = NULL;
  g_autoptr(GError) error = NULL;

  td_probe_result_to_json (result, builder, TRUE);
  node = json_builder_get_root (builder);
  loaded = td_probe_result_from_json (node, &error);
  g_assert_no_error (error);
  td_probe_result_to_json (loaded, again, TRUE);
  node2 = json_builder_get_root (again);
  g_assert_true (json_node_equal (node, node2));
}

/* Under Wine (TD_TEST_UNDER_WINE, set by meson for a Windows build run
 * through Wine) two things differ from Windows, measured with Wine 8.0: a
 * UDP socket cannot be bound to 127.0.0.2 on a port already bound on
 * 127.0.0.1 (WSAEADDRINUSE), which the fake server needs, and an ICMP port
 * unreachable never reaches an unconnected UDP socket (no WSAECONNRESET:
 * the receive says WSAEWOULDBLOCK).  Those tests are skipped there, with
 * the reason. */
static const char wine_bind[] =
  "the fake server binds 127.0.0.2 on the port of 127.0.0.1: Wine refuses (WSAEADDRINUSE)";

static void
add_loopback_test (const char *path,
                   GTestFunc   func,
                   const char *wine_reason)
{
  if (g_getenv ("TD_TEST_UNDER_WINE") != NULL)
    td_test_add_skipped (path, wine_reason);
  else
    g_test_add_func (path, func);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  add_loopback_test ("/probe/healthy", test_healthy, wine_bind);
  add_loopback_test ("/probe/hostile", test_hostile, wine_bind);
  add_loopback_test ("/probe/flood-never-extends-deadline", test_flood_never_extends_deadline, wine_bind);
  add_loopback_test ("/probe/replayed-answer-is-refused", test_replayed_answer_is_refused, wine_bind);
  add_loopback_test ("/probe/secondary-silent", test_secondary_silent, wine_bind);
  add_loopback_test ("/probe/symmetric-mapping", test_symmetric, wine_bind);
  add_loopback_test ("/probe/port-unreachable", test_port_unreachable,
                     "Wine reports no ICMP error on an unconnected UDP socket (the receive "
                     "says WSAEWOULDBLOCK, never WSAECONNRESET)");
  add_loopback_test ("/probe/cancel", test_cancel, wine_bind);
  g_test_add_func ("/probe/refuses-non-global", test_refuses_non_global);
  g_test_add_func ("/probe/bad-arguments", test_bad_secondary_and_name);
  add_loopback_test ("/probe/ranking", test_ranking, wine_bind);
  add_loopback_test ("/probe/json-round-trip", test_json_round_trip, wine_bind);
  return g_test_run ();
}
