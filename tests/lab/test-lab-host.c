/* test-lab-host.c — the live Linux host backend inside the lab's namespaces
 *
 * `teredo-doctor-cli clouds|state|firewall|host --json` run in a namespace
 * must report what that namespace really has: its global address with and
 * without a default route, IPv6 switched off by sysctl, the real miredo
 * client qualified (with the address it logged) and stopped, an nftables
 * inet filter with an input policy of drop and no ruleset at all, and —
 * run as nobody — a firewall it cannot read, said as such.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "td-lab.h"

#define CLI_TIMEOUT_MS 30000

/* Runs `$TD_CLI VIEW --json` in @ns and returns the parsed root object
 * (owned by the returned parser node, freed by the caller). */
static JsonNode *
run_cli (TdLab      *lab,
         TdLabNs     ns,
         TdLabUser   user,
         const char *view,
         int        *out_status)
{
  const char *cli = g_getenv ("TD_CLI");
  const char *argv[] = { cli, view, "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  TdLabRun run = { 0 };
  JsonNode *root;

  g_assert_nonnull (cli);
  g_assert_true (td_lab_exec (lab, ns, user, argv, CLI_TIMEOUT_MS, &run, &error));
  g_assert_no_error (error);
  g_assert_false (run.timed_out);
  if (!json_parser_load_from_data (parser, run.out, -1, &error))
    g_error ("%s %s printed no JSON (%s)\nstdout: %s\nstderr: %s", cli, view, error->message,
             run.out, run.err);
  /* Bad facts are reported in the JSON, never as warnings. */
  g_assert_cmpstr (run.err, ==, "");
  if (out_status != NULL)
    *out_status = run.exit_status;
  root = json_node_copy (json_parser_get_root (parser));
  g_test_message ("%s %s → %s", view, user == TD_LAB_AS_NOBODY ? "(nobody)" : "", run.out);
  td_lab_run_clear (&run);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return root;
}

static void
exec_ok (TdLab              *lab,
         TdLabNs             ns,
         const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  TdLabRun run = { 0 };

  g_assert_true (td_lab_exec (lab, ns, TD_LAB_AS_ROOT, argv, 10000, &run, &error));
  g_assert_no_error (error);
  if (run.exit_status != 0)
    g_error ("%s failed (%d): %s", argv[0], run.exit_status, run.err);
  td_lab_run_clear (&run);
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static gboolean
has_cloud (JsonObject *root,
           const char *name)
{
  JsonArray *clouds = json_object_get_array_member (root, "clouds");

  for (guint i = 0; i < json_array_get_length (clouds); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (clouds, i), "name"),
                     name))
      return TRUE;
  return FALSE;
}

static gboolean
has_address (JsonObject *root,
             const char *address,
             const char *origin)
{
  JsonArray *addresses = json_object_get_array_member (root, "addresses");

  for (guint i = 0; i < json_array_get_length (addresses); i++)
    {
      JsonObject *item = json_array_get_object_element (addresses, i);

      if (g_str_equal (json_object_get_string_member (item, "address"), address) &&
          g_str_equal (json_object_get_string_member (item, "origin"), origin))
        return TRUE;
    }
  return FALSE;
}

static void
test_global_address_route (void)
{
  const char *add_address[] = { "ip", "-6", "addr", "add", "2001:db8:1::2/64", "dev", "eth0",
                                "nodad", NULL };
  const char *add_route[] = { "ip", "-6", "route", "add", "default", "via", "2001:db8:1::1",
                              "dev", "eth0", NULL };
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *root;
  TdLab *lab;
  int status = -1;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();
  exec_ok (lab, TD_LAB_NS_DIRECT, add_address);

  before = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "clouds", &status);
  root = json_node_get_object (before);
  g_assert_cmpint (status, ==, 0);   /* a Global_ cloud exists */
  g_assert_cmpstr (json_object_get_string_member (root, "pnrp"), ==, "not-applicable");
  g_assert_true (has_address (root, "2001:db8:1::2", "native"));
  g_assert_true (has_cloud (root, "Global_"));
  g_assert_true (has_cloud (root, "LinkLocal_2001:db8:1::/64"));
  g_assert_false (json_object_get_boolean_member (root, "default_route"));

  exec_ok (lab, TD_LAB_NS_DIRECT, add_route);
  after = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "host", NULL);
  root = json_node_get_object (after);
  g_assert_true (json_object_get_boolean_member (root, "default_route"));
  g_assert_cmpstr (json_object_get_string_member (root, "default_route_interface"), ==, "eth0");
  g_assert_true (json_object_get_boolean_member (member_object (root, "ipv6"), "enabled"));
}

static void
test_ipv6_disabled_by_sysctl (void)
{
  const char *disable[] = { "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", NULL };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *ipv6;
  JsonArray *reasons;
  gboolean found = FALSE;
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();
  exec_ok (lab, TD_LAB_NS_DIRECT, disable);

  node = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "host", NULL);
  root = json_node_get_object (node);
  ipv6 = member_object (root, "ipv6");
  g_assert_false (json_object_get_boolean_member (ipv6, "enabled"));
  reasons = json_object_get_array_member (ipv6, "reasons");
  for (guint i = 0; i < json_array_get_length (reasons); i++)
    found |= g_str_equal (json_array_get_string_element (reasons, i), "net.ipv6.conf.all.disable_ipv6 = 1");
  g_assert_true (found);
  /* Not even a link-local address is left, so no cloud either. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "clouds")), ==, 0);
}

static void
test_miredo_running_and_stopped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *logged = NULL;
  g_autoptr(JsonNode) running = NULL;
  g_autoptr(JsonNode) as_nobody = NULL;
  g_autoptr(JsonNode) clouds = NULL;
  g_autoptr(JsonNode) stopped = NULL;
  JsonObject *client;
  guint mtu = 0;
  double ms = 0;
  TdLab *lab;
  int status = -1;

  if (!td_lab_require_root (TRUE))
    return;
  lab = td_lab_new_for_test ();
  g_assert_true (td_lab_set_nat (lab, TD_LAB_NAT_NONE, 0, &error));
  g_assert_no_error (error);
  g_assert_true (td_lab_start_miredo (lab, TD_LAB_NS_DIRECT, &error));
  g_assert_no_error (error);
  if (!td_lab_wait_miredo_address (lab, TD_LAB_NS_DIRECT, 20000, &logged, &mtu, &ms, &error))
    {
      g_autofree char *log = td_lab_miredo_log (lab, TD_LAB_NS_DIRECT);
      g_error ("miredo did not qualify: %s\n%s", error->message, log);
    }

  /* miredo logs its address a moment before its privileged half has put
   * it on the interface: until then the honest answer is "probe". */
  for (int attempt = 0; attempt < 50; attempt++)
    {
      g_clear_pointer (&running, json_node_unref);
      running = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "state", &status);
      client = member_object (json_node_get_object (running), "client");
      if (g_strcmp0 (json_object_get_string_member (client, "state"), "probe") != 0)
        break;
      g_usleep (100 * 1000);
    }
  if (status != 0)
    {
      const char *argv[] = { "cat", "/proc/net/if_inet6", NULL };
      TdLabRun run = { 0 };

      td_lab_exec (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, argv, 5000, &run, NULL);
      g_test_message ("if_inet6 in the namespace:\n%s", run.out);
      td_lab_run_clear (&run);
    }
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (client, "implementation"), ==, "miredo");
  g_assert_cmpstr (json_object_get_string_member (client, "state"), ==, "qualified");
  g_assert_cmpstr (json_object_get_string_member (client, "address"), ==, logged);
  g_assert_cmpstr (json_object_get_string_member (client, "server_name"), ==, TD_LAB_SERVER_PRIMARY);

  /* Its address makes a Global_ cloud on the teredo interface. */
  clouds = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "clouds", NULL);
  g_assert_true (has_cloud (json_node_get_object (clouds), "Global_"));
  g_assert_true (has_address (json_node_get_object (clouds), logged, "teredo"));

  /* As nobody, miredo's namespace cannot be read, but the address on this
   * namespace's teredo interface still says it is qualified here. */
  as_nobody = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_NOBODY, "state", NULL);
  client = member_object (json_node_get_object (as_nobody), "client");
  g_assert_cmpstr (json_object_get_string_member (client, "state"), ==, "qualified");
  g_assert_cmpstr (json_object_get_string_member (client, "address"), ==, logged);

  g_assert_true (td_lab_stop_miredo (lab, TD_LAB_NS_DIRECT, &error));
  g_assert_no_error (error);
  stopped = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "state", &status);
  client = member_object (json_node_get_object (stopped), "client");
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (client, "implementation"), ==, "miredo");
  g_assert_cmpstr (json_object_get_string_member (client, "state"), ==, "offline");
  g_assert_true (json_node_is_null (json_object_get_member (client, "address")));
}

static void
test_nftables_drop_and_none (void)
{
  const char *table[] = { "nft", "add", "table", "inet", "tdhfilter", NULL };
  const char *chain[] = { "nft", "add", "chain", "inet", "tdhfilter", "input",
                          "{ type filter hook input priority 0 ; policy drop ; }", NULL };
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) drop = NULL;
  JsonObject *firewall;
  TdLab *lab;
  int status = -1;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();

  /* The direct namespace starts with no ruleset at all. */
  none = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "firewall", &status);
  firewall = member_object (json_node_get_object (none), "firewall");
  g_assert_cmpint (status, ==, 0);
  g_assert_false (json_object_get_boolean_member (firewall, "present"));
  g_assert_false (json_object_get_boolean_member (firewall, "active"));
  g_assert_cmpstr (json_object_get_string_member (firewall, "reason"), ==, "the nftables ruleset is empty");

  exec_ok (lab, TD_LAB_NS_DIRECT, table);
  exec_ok (lab, TD_LAB_NS_DIRECT, chain);
  drop = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, "firewall", &status);
  firewall = member_object (json_node_get_object (drop), "firewall");
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_object_get_boolean_member (firewall, "present"));
  g_assert_true (json_object_get_boolean_member (firewall, "active"));
  g_assert_true (json_object_get_boolean_member (firewall, "covers_ipv6"));
  g_assert_cmpstr (json_object_get_string_member (firewall, "name"), ==, "nftables");
  g_assert_cmpstr (json_object_get_string_member (firewall, "reason"), ==,
                   "table inet tdhfilter: chain input (hook input) has policy drop");
}

static void
test_firewall_as_nobody (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *firewall, *errors, *error;
  TdLab *lab;
  int status = -1;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();

  node = run_cli (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_NOBODY, "firewall", &status);
  root = json_node_get_object (node);
  firewall = member_object (root, "firewall");
  g_assert_cmpint (status, ==, 1);
  g_assert_true (json_node_is_null (json_object_get_member (firewall, "present")));
  g_assert_true (json_node_is_null (json_object_get_member (firewall, "active")));
  g_assert_cmpstr (json_object_get_string_member (firewall, "how_to_check"), ==, "sudo nft list ruleset");
  errors = member_object (root, "errors");
  error = member_object (errors, "firewall");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "permission");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==,
                   "unknown — needs administrator rights: run `sudo nft list ruleset`");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/host/global-address-route", test_global_address_route);
  g_test_add_func ("/lab/host/ipv6-disabled-by-sysctl", test_ipv6_disabled_by_sysctl);
  g_test_add_func ("/lab/host/miredo-running-and-stopped", test_miredo_running_and_stopped);
  g_test_add_func ("/lab/host/nftables-drop-and-none", test_nftables_drop_and_none);
  g_test_add_func ("/lab/host/firewall-as-nobody", test_firewall_as_nobody);

  return g_test_run ();
}
