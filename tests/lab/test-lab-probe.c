/* test-lab-probe.c — `teredo-doctor-cli probe` against the real miredo-server, through real NATs
 *
 * Each case builds its own lab (fresh namespaces, fresh conntrack tables),
 * runs the CLI inside a client namespace as uid 65534 — the probe needs no
 * privilege — and checks the JSON it prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-address.h"
#include "td-lab.h"
#include "td-teredo-address.h"

#define CONE_PORT        40000
#define PROBE_TIMEOUT_MS 30000    /* the harness's limit, far above the probe's */

/* ── JSON access that fails with the member's name ── */

static JsonNode *
member (JsonObject *o, const char *name)
{
  if (!json_object_has_member (o, name))
    g_error ("probe JSON has no member \"%s\"", name);
  return json_object_get_member (o, name);
}

static gboolean
is_null (JsonObject *o, const char *name)
{
  return JSON_NODE_HOLDS_NULL (member (o, name));
}

static const char *
str (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);

  if (JSON_NODE_HOLDS_NULL (n))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (n));
  return json_node_get_string (n);
}

static gint64
num (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);

  g_assert_true (JSON_NODE_HOLDS_VALUE (n));
  return json_node_get_int (n);
}

static gboolean
boolean (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);

  g_assert_true (JSON_NODE_HOLDS_VALUE (n));
  return json_node_get_boolean (n);
}

static JsonObject *
obj (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);

  if (JSON_NODE_HOLDS_NULL (n))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_OBJECT (n));
  return json_node_get_object (n);
}

static const char *
nat_type (JsonObject *r)
{
  return str (obj (r, "nat"), "type");
}

static const char *
error_code (JsonObject *r)
{
  JsonObject *e = obj (r, "error");

  return e ? str (e, "code") : NULL;
}

static char *
to_text (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  return json_to_string (node, TRUE);
}

/* ── running the probe ── */

typedef struct {
  JsonObject *root;
  JsonObject *r;          /* results[0] */
  int         exit_status;
  double      wall_ms;
} Probe;

static void
probe_clear (Probe *p)
{
  g_clear_pointer (&p->root, json_object_unref);
  p->r = NULL;
}

/* Runs the probe in @ns and logs the full JSON (it is the evidence a
 * failure report needs). */
static void
run_probe (TdLab *lab, TdLabNs ns, const char * const *extra, Probe *p)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  TdLabRun run = { 0 };

  p->root = td_lab_run_probe (lab, ns, extra, PROBE_TIMEOUT_MS, &run, &error);
  g_assert_no_error (error);
  p->exit_status = run.exit_status;
  p->wall_ms = run.elapsed_ms;
  td_lab_run_clear (&run);
  p->r = td_lab_probe_first_result (p->root);
  g_assert_nonnull (p->r);
  text = to_text (p->r);
  g_test_message ("probe in %s, exit %d, %.0f ms wall:\n%s\nNAT ns ruleset:\n%s",
                  td_lab_ns_name (lab, ns), p->exit_status, p->wall_ms, text,
                  td_lab_nat_ruleset (lab));
  /* The exit status and "qualified" must agree (0 ⇔ qualified). */
  g_assert_cmpint (p->exit_status, ==, boolean (p->r, "qualified") ? 0 : 1);
  g_assert_cmpstr (str (p->r, "server"), ==, TD_LAB_SERVER_PRIMARY);
}

static void
assert_endpoint (JsonObject *r, const char *name, const char *address, gint64 port)
{
  JsonObject *e = obj (r, name);

  g_assert_nonnull (e);
  g_assert_cmpstr (str (e, "address"), ==, address);
  if (port >= 0)
    g_assert_cmpint (num (e, "port"), ==, port);
}

/* The would-be Teredo address embeds the lab server and the mapping. */
static void
assert_teredo_address (JsonObject *r, const char *mapped_address)
{
  g_autoptr(GError) error = NULL;
  const char *text = str (r, "teredo_address");
  TdTeredoAddress ta;
  guint32 server = 0, mapped = 0;

  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, TD_LAB_TEREDO_PREFIX ":"));
  td_teredo_address_parse (text, &ta, &error);
  g_assert_no_error (error);
  g_assert_true (td_ipv4_parse (TD_LAB_SERVER_PRIMARY, &server));
  g_assert_true (td_ipv4_parse (mapped_address, &mapped));
  g_assert_cmphex (ta.server, ==, server);
  g_assert_cmphex (ta.mapped_addr, ==, mapped);
  g_assert_cmpint (ta.mapped_port, ==, num (obj (r, "mapped"), "port"));
  g_assert_cmpint (num (r, "mtu"), ==, 1280);
}

/* Common to every answer where UDP reaches the server. */
static void
assert_reachable (Probe *p)
{
  g_assert_true (boolean (p->r, "reachable"));
  g_assert_true (is_null (p->r, "error"));
  g_assert_cmpstr (str (p->r, "primary"), ==, TD_LAB_SERVER_PRIMARY);
  g_assert_cmpstr (str (p->r, "secondary"), ==, TD_LAB_SERVER_SECONDARY);
  g_assert_cmpint (num (p->r, "rs_sent"), >=, 1);
  g_assert_false (is_null (p->r, "rtt_ms"));
  g_assert_cmpint (num (p->r, "rtt_ms"), >=, 0);
  /* In microseconds: the millisecond figures are rounded differently
   * (rtt to nearest, elapsed down), and on loopback both are below 1 ms. */
  g_assert_cmpint (num (p->r, "elapsed_us"), >=, num (p->r, "rtt_us"));
}

/* RFC 4380 qualification would succeed: exit status 0. */
static void
assert_qualified (Probe *p)
{
  assert_reachable (p);
  g_assert_true (boolean (p->r, "qualified"));
  g_assert_cmpint (p->exit_status, ==, 0);
}

/* UDP works but RFC 4380 would not qualify (symmetric, secondary silent). */
static void
assert_reachable_not_qualified (Probe *p)
{
  assert_reachable (p);
  g_assert_false (boolean (p->r, "qualified"));
  g_assert_cmpint (p->exit_status, ==, 1);
}

static TdLab *
lab_with_nat (TdLabNat nat)
{
  g_autoptr(GError) error = NULL;
  TdLab *lab = td_lab_new_for_test ();

  td_lab_set_nat (lab, nat, CONE_PORT, &error);
  g_assert_no_error (error);
  return lab;
}

/* ── the cases ── */

static void
test_open (void)
{
  Probe p = { 0 };
  TdLab *lab;
  JsonObject *local;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();

  run_probe (lab, TD_LAB_NS_DIRECT, NULL, &p);
  assert_qualified (&p);
  g_assert_cmpstr (nat_type (p.r), ==, "open");
  g_assert_true (boolean (p.r, "secondary_reachable"));
  /* No NAT: the server saw exactly the socket's own address and port. */
  local = obj (p.r, "local");
  g_assert_nonnull (local);
  assert_endpoint (p.r, "mapped", TD_LAB_DIRECT_ADDRESS, num (local, "port"));
  assert_endpoint (p.r, "local", TD_LAB_DIRECT_ADDRESS, -1);
  assert_endpoint (p.r, "mapped_secondary", TD_LAB_DIRECT_ADDRESS, num (local, "port"));
  assert_teredo_address (p.r, TD_LAB_DIRECT_ADDRESS);
  probe_clear (&p);
}

static void
test_restricted (void)
{
  Probe p = { 0 };
  TdLab *lab;
  gint64 port;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);

  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  assert_qualified (&p);
  g_assert_cmpstr (nat_type (p.r), ==, "restricted");
  g_assert_true (boolean (obj (p.r, "nat"), "port_preserving"));
  g_assert_true (boolean (p.r, "secondary_reachable"));
  g_assert_false (boolean (p.r, "cone_answered"));
  /* masquerade keeps the port and the mapping is endpoint-independent. */
  port = num (obj (p.r, "local"), "port");
  assert_endpoint (p.r, "mapped", TD_LAB_NAT_WAN_ADDRESS, port);
  assert_endpoint (p.r, "mapped_secondary", TD_LAB_NAT_WAN_ADDRESS, port);
  assert_teredo_address (p.r, TD_LAB_NAT_WAN_ADDRESS);
  probe_clear (&p);
}

static void
test_symmetric (void)
{
  Probe p = { 0 };
  TdLab *lab;
  JsonObject *m1, *m2;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_SYMMETRIC);

  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  /* The primary answers (miredo would say "qualified" here), but RFC 4380
   * qualification fails behind a symmetric NAT: exit 1. */
  assert_reachable_not_qualified (&p);
  g_assert_cmpstr (nat_type (p.r), ==, "symmetric");
  g_assert_true (boolean (p.r, "secondary_reachable"));
  m1 = obj (p.r, "mapped");
  m2 = obj (p.r, "mapped_secondary");
  g_assert_nonnull (m1);
  g_assert_nonnull (m2);
  g_assert_cmpstr (str (m1, "address"), ==, TD_LAB_NAT_WAN_ADDRESS);
  g_assert_cmpstr (str (m2, "address"), ==, TD_LAB_NAT_WAN_ADDRESS);
  /* fully-random: a new port per destination. */
  g_assert_cmpint (num (m1, "port"), !=, num (m2, "port"));
  assert_teredo_address (p.r, TD_LAB_NAT_WAN_ADDRESS);
  probe_clear (&p);
}

/* A port forward of the client's fixed port (like Windows' clientport plus
 * a router rule): a Teredo client on that port sits behind a full cone. */
static void
test_cone (void)
{
  const char *extra[] = { "--port", G_STRINGIFY (CONE_PORT), NULL };
  Probe p = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_CONE);

  run_probe (lab, TD_LAB_NS_CLIENT, extra, &p);
  assert_qualified (&p);
  g_assert_cmpint (num (obj (p.r, "local"), "port"), ==, CONE_PORT);
  assert_endpoint (p.r, "mapped", TD_LAB_NAT_WAN_ADDRESS, CONE_PORT);
  assert_teredo_address (p.r, TD_LAB_NAT_WAN_ADDRESS);
  g_assert_true (boolean (obj (p.r, "nat"), "port_preserving"));
  /* The filtering test runs from --port, where the forward applies. */
  g_assert_cmpstr (nat_type (p.r), ==, "cone");
  g_assert_true (boolean (p.r, "cone_answered"));
  probe_clear (&p);
}

/* A symmetric NAT with the client's fixed port forwarded (Windows'
 * clientport plus a router rule): from that port the NAT is a full cone,
 * which is what a Teredo client bound there gets — never "symmetric" when
 * the cone test from the port answered (issue 9: following our own advice
 * must clear our own verdict). */
static void
test_symmetric_with_forward (void)
{
  const char *extra[] = { "--port", G_STRINGIFY (CONE_PORT), NULL };
  Probe p = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_SYMMETRIC_FORWARD);

  run_probe (lab, TD_LAB_NS_CLIENT, extra, &p);
  assert_qualified (&p);
  g_assert_true (boolean (p.r, "cone_answered"));
  g_assert_cmpstr (nat_type (p.r), ==, "cone");
  assert_endpoint (p.r, "mapped", TD_LAB_NAT_WAN_ADDRESS, CONE_PORT);
  probe_clear (&p);

  /* Without the port, the same NAT is symmetric. */
  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  g_assert_cmpstr (nat_type (p.r), ==, "symmetric");
  probe_clear (&p);
}

/* A "DMZ host": every inbound UDP port is forwarded, so any socket sees
 * endpoint-independent filtering. */
static void
test_full_cone (void)
{
  Probe p = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_FULL_CONE);

  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  assert_qualified (&p);
  g_assert_cmpstr (nat_type (p.r), ==, "cone");
  g_assert_true (boolean (p.r, "cone_answered"));
  g_assert_true (boolean (obj (p.r, "nat"), "port_preserving"));
  assert_endpoint (p.r, "mapped", TD_LAB_NAT_WAN_ADDRESS, num (obj (p.r, "local"), "port"));
  assert_teredo_address (p.r, TD_LAB_NAT_WAN_ADDRESS);
  probe_clear (&p);
}

static void
test_udp_blocked (void)
{
  g_autoptr(GError) error = NULL;
  Probe p = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  td_lab_set_udp_blocked (lab, TRUE, &error);
  g_assert_no_error (error);

  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  g_assert_cmpint (p.exit_status, ==, 1);
  g_assert_false (boolean (p.r, "reachable"));
  g_assert_false (boolean (p.r, "qualified"));
  g_assert_cmpstr (nat_type (p.r), ==, "offline");
  g_assert_cmpstr (error_code (p.r), ==, "unreachable");
  g_assert_null (str (p.r, "teredo_address"));
  g_assert_null (obj (p.r, "mapped"));
  g_assert_cmpint (num (p.r, "rs_sent"), >=, 2);
  probe_clear (&p);
}

static void
test_secondary_blocked (void)
{
  g_autoptr(GError) error = NULL;
  Probe p = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  td_lab_set_secondary_blocked (lab, TRUE, &error);
  g_assert_no_error (error);

  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  assert_reachable_not_qualified (&p);
  g_assert_false (boolean (p.r, "secondary_reachable"));
  g_assert_null (obj (p.r, "mapped_secondary"));
  g_assert_cmpstr (nat_type (p.r), ==, "unknown");
  assert_endpoint (p.r, "mapped", TD_LAB_NAT_WAN_ADDRESS, -1);
  probe_clear (&p);
}

static void
test_server_stopped (void)
{
  g_autoptr(GError) error = NULL;
  Probe p = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  td_lab_stop_server (lab, &error);
  g_assert_no_error (error);

  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  g_assert_cmpint (p.exit_status, ==, 1);
  g_assert_false (boolean (p.r, "reachable"));
  g_assert_cmpstr (error_code (p.r), ==, "port-unreachable");
  g_assert_cmpstr (nat_type (p.r), ==, "offline");
  /* The ICMP error comes back within one round trip: no waiting for the
   * probe's timeout (3 s by default). */
  g_assert_cmpint (num (p.r, "elapsed_ms"), <, 1000);
  probe_clear (&p);
}

/* The real miredo client behind the same NAT must agree with the probe on
 * everything but the port and the random flag bits. */
static void
test_crosscheck_miredo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *miredo_address = NULL;
  TdTeredoAddress from_miredo, from_probe;
  Probe p = { 0 };
  double ms = 0;
  TdLab *lab;

  if (!td_lab_require_root (TRUE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);

  td_lab_start_miredo (lab, TD_LAB_NS_CLIENT, &error);
  g_assert_no_error (error);
  td_lab_wait_miredo_address (lab, TD_LAB_NS_CLIENT, 15000, &miredo_address, NULL, &ms, &error);
  g_assert_no_error (error);
  g_test_message ("miredo: %s after %.1f ms", miredo_address, ms);

  run_probe (lab, TD_LAB_NS_CLIENT, NULL, &p);
  assert_qualified (&p);

  g_assert_true (g_str_has_prefix (miredo_address, TD_LAB_TEREDO_PREFIX ":"));
  g_assert_true (g_str_has_prefix (str (p.r, "teredo_address"), TD_LAB_TEREDO_PREFIX ":"));
  td_teredo_address_parse (miredo_address, &from_miredo, &error);
  g_assert_no_error (error);
  td_teredo_address_parse (str (p.r, "teredo_address"), &from_probe, &error);
  g_assert_no_error (error);
  g_assert_cmphex (from_probe.server, ==, from_miredo.server);
  g_assert_cmphex (from_probe.mapped_addr, ==, from_miredo.mapped_addr);
  /* Neither sets the cone bit (RFC 5991). */
  g_assert_cmphex (from_probe.flags & TD_TEREDO_FLAG_CONE, ==, 0);
  g_assert_cmphex (from_miredo.flags & TD_TEREDO_FLAG_CONE, ==, 0);
  probe_clear (&p);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/probe/open", test_open);
  g_test_add_func ("/lab/probe/restricted", test_restricted);
  g_test_add_func ("/lab/probe/symmetric", test_symmetric);
  g_test_add_func ("/lab/probe/cone", test_cone);
  g_test_add_func ("/lab/probe/full-cone", test_full_cone);
  g_test_add_func ("/lab/probe/symmetric-with-forward", test_symmetric_with_forward);
  g_test_add_func ("/lab/probe/udp-blocked", test_udp_blocked);
  g_test_add_func ("/lab/probe/secondary-blocked", test_secondary_blocked);
  g_test_add_func ("/lab/probe/server-stopped", test_server_stopped);
  g_test_add_func ("/lab/probe/crosscheck-miredo", test_crosscheck_miredo);

  return g_test_run ();
}
