/* test-lab-harness.c — the network lab itself: namespaces, miredo-server, NAT flavours, cleanup
 *
 * These tests check the lab before anything is measured with it: the real
 * miredo client must get a Teredo address through every NAT flavour, with
 * the mapped IPv4 the flavour implies, and nothing may outlive a lab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "td-address.h"
#include "td-lab.h"
#include "td-teredo-address.h"

/* Decodes a Teredo address and checks the server and the mapped IPv4. */
static void
assert_teredo_address (const char *text,
                       const char *want_mapped)
{
  g_autoptr(GError) error = NULL;
  TdTeredoAddress ta;
  guint32 server = 0, mapped = 0;

  g_assert_true (td_ipv4_parse (TD_LAB_SERVER_PRIMARY, &server));
  g_assert_true (td_ipv4_parse (want_mapped, &mapped));
  g_assert_true (g_str_has_prefix (text, TD_LAB_TEREDO_PREFIX ":"));
  td_teredo_address_parse (text, &ta, &error);
  g_assert_no_error (error);
  g_assert_cmphex (ta.server, ==, server);
  g_assert_cmphex (ta.mapped_addr, ==, mapped);
}

/* The worker processes a daemon forked (miredo-server and miredo have a
 * root supervisor and an unprivileged child). */
static GArray *
children_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children", pid, pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return pids;
  parts = g_strsplit (g_strstrip (text), " ", -1);
  for (guint i = 0; parts[i]; i++)
    if (*parts[i])
      {
        GPid child = (GPid) g_ascii_strtoll (parts[i], NULL, 10);

        g_array_append_val (pids, child);
      }
  return pids;
}

static gboolean
process_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *paren;

  if (kill (pid, 0) != 0 && errno == ESRCH)
    return TRUE;
  /* A zombie passes kill (pid, 0); it is gone for our purposes only if it
   * is not ours to reap, and ours are always reaped. */
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  paren = strrchr (stat, ')');
  return paren && paren[1] == ' ' && paren[2] == 'Z';
}

static void
test_topology_and_cleanup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) workers = NULL;
  g_autofree char *prefix = NULL;
  const char *ss_argv[] = { "ss", "-uln", NULL };
  TdLabRun run = { 0 };
  TdLab *lab;
  GPid server;

  if (!td_lab_require_root (FALSE))
    return;

  lab = td_lab_new (&error);
  g_assert_no_error (error);
  prefix = g_strdup (td_lab_prefix (lab));
  g_assert_cmpuint (strlen (td_lab_ns_name (lab, TD_LAB_NS_CLIENT)), <=, 15);
  g_assert_true (td_lab_any_ns_exists (prefix));

  td_lab_start_server (lab, &error);
  g_assert_no_error (error);
  server = td_lab_server_pid (lab);
  g_assert_cmpint (server, >, 0);
  /* The PID is the daemon's own, not a shell's or ip's. */
  {
    g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", server);
    g_autofree char *comm = NULL;

    g_assert_true (g_file_get_contents (comm_path, &comm, NULL, NULL));
    g_assert_cmpstr (g_strstrip (comm), ==, "miredo-server");
  }
  workers = children_of (server);
  g_assert_cmpuint (workers->len, >=, 1);

  td_lab_exec (lab, TD_LAB_NS_SERVER, TD_LAB_AS_ROOT, ss_argv, 5000, &run, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (run.out, TD_LAB_SERVER_PRIMARY ":3544"));
  g_assert_nonnull (strstr (run.out, TD_LAB_SERVER_SECONDARY ":3544"));
  td_lab_run_clear (&run);

  /* The client namespaces see nothing of the server's sockets. */
  td_lab_exec (lab, TD_LAB_NS_CLIENT, TD_LAB_AS_ROOT, ss_argv, 5000, &run, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (run.out, ":3544"));
  td_lab_run_clear (&run);

  td_lab_destroy (lab, &error);
  g_assert_no_error (error);
  g_assert_false (td_lab_any_ns_exists (prefix));
  g_assert_true (process_gone (server));
  for (guint i = 0; i < workers->len; i++)
    g_assert_true (process_gone (g_array_index (workers, GPid, i)));
}

static void
test_exec (void)
{
  g_autoptr(GError) error = NULL;
  const char *id_argv[] = { "id", "-u", NULL };
  const char *sleep_argv[] = { "sleep", "10", NULL };
  const char *false_argv[] = { "false", NULL };
  TdLabRun run = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new (&error);
  g_assert_no_error (error);
  g_test_queue_destroy ((GDestroyNotify) td_lab_free, lab);

  td_lab_exec (lab, TD_LAB_NS_CLIENT, TD_LAB_AS_NOBODY, id_argv, 5000, &run, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (g_strstrip (run.out), ==, "65534");
  td_lab_run_clear (&run);

  td_lab_exec (lab, TD_LAB_NS_CLIENT, TD_LAB_AS_ROOT, false_argv, 5000, &run, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run.exit_status, ==, 1);
  g_assert_false (run.timed_out);
  td_lab_run_clear (&run);

  td_lab_exec (lab, TD_LAB_NS_CLIENT, TD_LAB_AS_NOBODY, sleep_argv, 300, &run, &error);
  g_assert_no_error (error);
  g_assert_true (run.timed_out);
  g_assert_cmpint (run.exit_status, ==, -1);
  g_assert_cmpfloat (run.elapsed_ms, >=, 300);
  g_assert_cmpfloat (run.elapsed_ms, <, 3000);
  td_lab_run_clear (&run);
}

static void
test_server_stop_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new_for_test ();

  td_lab_stop_server (lab, &error);
  g_assert_no_error (error);
  g_assert_cmpint (td_lab_server_pid (lab), ==, 0);
  td_lab_start_server (lab, &error);
  g_assert_no_error (error);
  g_assert_cmpint (td_lab_server_pid (lab), >, 0);

  /* Both runs logged their exit and start. */
  log = td_lab_server_log (lab);
  g_assert_nonnull (strstr (log, "Starting..."));
  g_assert_nonnull (strstr (log, "Exiting on signal 15"));
}

static void
test_nft_rules (void)
{
  g_autoptr(GError) error = NULL;
  const char *list_argv[] = { "nft", "list", "table", "ip", "tdlab", NULL };
  TdLabRun run = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = td_lab_new (&error);
  g_assert_no_error (error);
  g_test_queue_destroy ((GDestroyNotify) td_lab_free, lab);

  td_lab_set_nat (lab, TD_LAB_NAT_SYMMETRIC, 0, &error);
  g_assert_no_error (error);
  td_lab_set_loss (lab, 25, &error);
  g_assert_no_error (error);
  td_lab_set_udp_blocked (lab, TRUE, &error);
  g_assert_no_error (error);
  td_lab_set_secondary_blocked (lab, TRUE, &error);
  g_assert_no_error (error);

  td_lab_exec (lab, TD_LAB_NS_NAT, TD_LAB_AS_ROOT, list_argv, 5000, &run, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (run.out, "fully-random"));
  g_assert_nonnull (strstr (run.out, "numgen random mod 100 < 25"));
  g_assert_nonnull (strstr (run.out, "udp dport 3544 drop"));
  g_assert_nonnull (strstr (run.out, "ip daddr " TD_LAB_SERVER_SECONDARY " drop"));
  td_lab_run_clear (&run);

  /* Removing them at run time leaves the plain ruleset. */
  td_lab_set_loss (lab, 0, &error);
  g_assert_no_error (error);
  td_lab_set_udp_blocked (lab, FALSE, &error);
  g_assert_no_error (error);
  td_lab_set_secondary_blocked (lab, FALSE, &error);
  g_assert_no_error (error);
  td_lab_set_nat (lab, TD_LAB_NAT_CONE, 40000, &error);
  g_assert_no_error (error);
  td_lab_exec (lab, TD_LAB_NS_NAT, TD_LAB_AS_ROOT, list_argv, 5000, &run, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (run.out, "numgen"));
  g_assert_null (strstr (run.out, "3544"));
  g_assert_null (strstr (run.out, "fully-random"));
  g_assert_nonnull (strstr (run.out, "dnat to " TD_LAB_CLIENT_ADDRESS ":40000"));
  td_lab_run_clear (&run);

  td_lab_set_nat (lab, TD_LAB_NAT_FULL_CONE, 0, &error);
  g_assert_no_error (error);
  td_lab_exec (lab, TD_LAB_NS_NAT, TD_LAB_AS_ROOT, list_argv, 5000, &run, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (run.out, "udp dport 1024-65535 dnat to " TD_LAB_CLIENT_ADDRESS));
  g_assert_null (strstr (run.out, "40000"));
  td_lab_run_clear (&run);
}

static void
test_miredo_direct (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  guint mtu = 0;
  double ms = 0;
  TdLab *lab;

  if (!td_lab_require_root (TRUE))
    return;
  lab = td_lab_new_for_test ();

  td_lab_start_miredo (lab, TD_LAB_NS_DIRECT, &error);
  g_assert_no_error (error);
  td_lab_wait_miredo_address (lab, TD_LAB_NS_DIRECT, 15000, &address, &mtu, &ms, &error);
  g_assert_no_error (error);
  g_test_message ("miredo (no NAT): %s MTU %u after %.1f ms", address, mtu, ms);
  g_assert_cmpuint (mtu, ==, 1280);
  assert_teredo_address (address, TD_LAB_DIRECT_ADDRESS);
  td_lab_stop_miredo (lab, TD_LAB_NS_DIRECT, &error);
  g_assert_no_error (error);
}

static void
test_miredo_nat_flavours (void)
{
  static const struct {
    TdLabNat    nat;
    const char *mapped;
  } cases[] = {
    { TD_LAB_NAT_NONE, TD_LAB_CLIENT_ADDRESS },
    { TD_LAB_NAT_RESTRICTED, TD_LAB_NAT_WAN_ADDRESS },
    { TD_LAB_NAT_SYMMETRIC, TD_LAB_NAT_WAN_ADDRESS },
    { TD_LAB_NAT_CONE, TD_LAB_NAT_WAN_ADDRESS },
    { TD_LAB_NAT_FULL_CONE, TD_LAB_NAT_WAN_ADDRESS },
  };
  TdLab *lab;

  if (!td_lab_require_root (TRUE))
    return;
  lab = td_lab_new_for_test ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = NULL;
      double ms = 0;

      td_lab_set_nat (lab, cases[i].nat, 40000, &error);
      g_assert_no_error (error);
      td_lab_start_miredo (lab, TD_LAB_NS_CLIENT, &error);
      g_assert_no_error (error);
      td_lab_wait_miredo_address (lab, TD_LAB_NS_CLIENT, 15000, &address, NULL, &ms, &error);
      g_assert_no_error (error);
      g_test_message ("miredo behind %s NAT: %s after %.1f ms",
                      td_lab_nat_to_string (cases[i].nat), address, ms);
      assert_teredo_address (address, cases[i].mapped);
      td_lab_stop_miredo (lab, TD_LAB_NS_CLIENT, &error);
      g_assert_no_error (error);
    }
}

/* Rules change at run time: miredo gets nothing while UDP 3544 is blocked,
 * and qualifies with its next RS (4 s later) once it is unblocked. */
static void
test_miredo_udp_blocked (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  double ms = 0;
  TdLab *lab;

  if (!td_lab_require_root (TRUE))
    return;
  lab = td_lab_new_for_test ();

  td_lab_set_nat (lab, TD_LAB_NAT_RESTRICTED, 0, &error);
  g_assert_no_error (error);
  td_lab_set_udp_blocked (lab, TRUE, &error);
  g_assert_no_error (error);
  td_lab_start_miredo (lab, TD_LAB_NS_CLIENT, &error);
  g_assert_no_error (error);
  td_lab_wait_miredo_address (lab, TD_LAB_NS_CLIENT, 1500, &address, NULL, &ms, &error);
  g_assert_error (error, TD_LAB_ERROR, TD_LAB_ERROR_MIREDO_TIMEOUT);
  g_assert_null (address);
  g_clear_error (&error);

  td_lab_set_udp_blocked (lab, FALSE, &error);
  g_assert_no_error (error);
  td_lab_wait_miredo_address (lab, TD_LAB_NS_CLIENT, 10000, &address, NULL, &ms, &error);
  g_assert_no_error (error);
  g_test_message ("miredo after unblocking: %s at %.0f ms", address, ms);
  g_assert_cmpfloat (ms, >, 1500);
  assert_teredo_address (address, TD_LAB_NAT_WAN_ADDRESS);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/harness/topology-and-cleanup", test_topology_and_cleanup);
  g_test_add_func ("/lab/harness/exec", test_exec);
  g_test_add_func ("/lab/harness/server-stop-start", test_server_stop_start);
  g_test_add_func ("/lab/harness/nft-rules", test_nft_rules);
  g_test_add_func ("/lab/harness/miredo-direct", test_miredo_direct);
  g_test_add_func ("/lab/harness/miredo-nat-flavours", test_miredo_nat_flavours);
  g_test_add_func ("/lab/harness/miredo-udp-blocked", test_miredo_udp_blocked);

  return g_test_run ();
}
