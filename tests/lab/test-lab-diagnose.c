/* test-lab-diagnose.c — `teredo-doctor-cli diagnose` verdicts in the real lab
 *
 * The required scenarios of the diagnosis engine, each against the real
 * miredo-server (and the real miredo client where stated), judged from the
 * JSON report.  The ipv6-http check is left out: its default URL is public.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-lab.h"

#define CHECKS_NO_HTTP "ipv6-stack,global-cloud,teredo-client,teredo-error,teredo-components," \
                       "managed-network,ipv6-firewall,server-dns,server-udp,nat-type,server-ping"

typedef struct {
  JsonParser *parser;
  JsonObject *report;
  TdLabRun    run;
} Diagnosis;

static void
diagnosis_clear (Diagnosis *d)
{
  g_clear_object (&d->parser);
  td_lab_run_clear (&d->run);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Diagnosis, diagnosis_clear)

static void
diagnose (TdLab      *lab,
          TdLabNs     ns,
          const char *only,
          Diagnosis  *d)
{
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TD_CLI");
  const char *argv[] = { cli, "diagnose", "--server", TD_LAB_SERVER_PRIMARY, "--format", "json",
                         "--client-wait", "0", "--only", only, NULL };

  g_assert_nonnull (cli);
  /* As root: reading miredo's process in the namespace needs no more. */
  g_assert_true (td_lab_exec (lab, ns, TD_LAB_AS_ROOT, argv, 60000, &d->run, &error));
  g_assert_no_error (error);
  g_assert_false (d->run.timed_out);
  d->parser = json_parser_new ();
  if (!json_parser_load_from_data (d->parser, d->run.out, -1, &error))
    g_error ("diagnose printed no JSON (%s): %s\n%s", error->message, d->run.out, d->run.err);
  d->report = json_node_get_object (json_parser_get_root (d->parser));
}

static const char *
verdict_code (Diagnosis *d)
{
  return json_object_get_string_member (json_object_get_object_member (d->report, "verdict"), "code");
}

static const char *
verdict_summary (Diagnosis *d)
{
  return json_object_get_string_member (json_object_get_object_member (d->report, "verdict"), "summary");
}

static void
assert_verdict (Diagnosis  *d,
                const char *code,
                int         exit_status)
{
  if (g_strcmp0 (verdict_code (d), code) != 0)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) host = json_node_init_object (json_node_alloc (),
                                                        json_object_get_object_member (d->report, "host"));
      g_autofree char *text = NULL;

      json_generator_set_root (generator, host);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_error ("expected verdict %s, got %s (%s)\nhost: %s\nstderr: %s", code, verdict_code (d),
               verdict_summary (d), text, d->run.err);
    }
  g_assert_cmpint (d->run.exit_status, ==, exit_status);
}

static gboolean
has_finding (Diagnosis  *d,
             const char *code)
{
  JsonArray *findings = json_object_get_array_member (d->report, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    if (g_strcmp0 (json_array_get_string_element (findings, i), code) == 0)
      return TRUE;
  return FALSE;
}

static TdLab *
lab_with_nat (TdLabNat nat)
{
  g_autoptr(GError) error = NULL;
  TdLab *lab = td_lab_new_for_test ();

  g_assert_true (td_lab_set_nat (lab, nat, 0, &error));
  g_assert_no_error (error);
  return lab;
}

static void
start_miredo (TdLab   *lab,
              TdLabNs  ns)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  guint mtu;
  double ms;

  g_assert_true (td_lab_start_miredo (lab, ns, &error));
  g_assert_no_error (error);
  if (!td_lab_wait_miredo_address (lab, ns, 15000, &address, &mtu, &ms, &error))
    g_error ("miredo did not qualify: %s\n%s", error->message, td_lab_miredo_log (lab, ns));

  /* miredo logs its address a moment before its privileged half assigns it
   * to the tunnel: wait until the kernel shows it. */
  for (guint i = 0; i < 500; i++)
    {
      const char *argv[] = { "ip", "-6", "addr", "show", "dev", "teredo", "scope", "global", NULL };
      TdLabRun run = { 0 };
      gboolean assigned;

      g_assert_true (td_lab_exec (lab, ns, TD_LAB_AS_ROOT, argv, 5000, &run, &error));
      assigned = run.out != NULL && strstr (run.out, address) != NULL;
      td_lab_run_clear (&run);
      if (assigned)
        return;
      g_usleep (10000);
    }
  g_error ("miredo logged %s but never assigned it to its tunnel", address);
}

static void
test_no_nat_miredo_qualified (void)
{
  g_auto(Diagnosis) d = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (TRUE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_NONE);
  start_miredo (lab, TD_LAB_NS_DIRECT);
  diagnose (lab, TD_LAB_NS_DIRECT, CHECKS_NO_HTTP, &d);
  assert_verdict (&d, "teredo-qualified", 0);
}

static void
test_restricted_no_miredo (void)
{
  g_auto(Diagnosis) d = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  diagnose (lab, TD_LAB_NS_CLIENT, CHECKS_NO_HTTP, &d);
  /* miredo is installed on this machine, only not running in the lab. */
  assert_verdict (&d, "teredo-client-stopped", 1);
  g_assert_nonnull (strstr (verdict_summary (&d), "not running"));
  g_assert_false (has_finding (&d, "udp-blocked"));
}

static void
test_symmetric_miredo_qualified (void)
{
  g_auto(Diagnosis) d = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (TRUE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_SYMMETRIC);
  start_miredo (lab, TD_LAB_NS_CLIENT);
  diagnose (lab, TD_LAB_NS_CLIENT, CHECKS_NO_HTTP, &d);
  /* miredo qualifies behind a symmetric NAT (RFC 6081): Teredo works;
   * the NAT is a finding (peers behind restrictive NATs too may fail). */
  assert_verdict (&d, "teredo-qualified", 0);
  g_assert_true (has_finding (&d, "symmetric-nat"));
}

static void
test_udp_blocked (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Diagnosis) d = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  g_assert_true (td_lab_set_udp_blocked (lab, TRUE, &error));
  g_assert_no_error (error);
  diagnose (lab, TD_LAB_NS_CLIENT, CHECKS_NO_HTTP, &d);
  assert_verdict (&d, "udp-blocked", 1);
  /* The stopped miredo is listed too, after the path that is broken. */
  g_assert_true (has_finding (&d, "teredo-client-stopped"));
}

static void
test_secondary_blocked (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Diagnosis) d = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_RESTRICTED);
  g_assert_true (td_lab_set_secondary_blocked (lab, TRUE, &error));
  g_assert_no_error (error);
  diagnose (lab, TD_LAB_NS_CLIENT, CHECKS_NO_HTTP, &d);
  /* miredo never contacts the secondary address: on Linux it is
   * information for Windows clients, never the cause. */
  assert_verdict (&d, "teredo-client-stopped", 1);
  g_assert_true (has_finding (&d, "secondary-blocked"));
}

static void
test_server_down (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Diagnosis) d = { 0 };
  TdLab *lab;

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_NONE);
  g_assert_true (td_lab_stop_server (lab, &error));
  g_assert_no_error (error);
  diagnose (lab, TD_LAB_NS_DIRECT, CHECKS_NO_HTTP, &d);
  assert_verdict (&d, "server-down", 1);
}

static void
test_native_global_ipv6 (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Diagnosis) d = { 0 };
  TdLabRun run = { 0 };
  TdLab *lab;
  const char *add_address[] = { "ip", "-6", "addr", "add", "2001:db8:1::2/64", "dev", "eth0",
                                "nodad", NULL };
  const char *add_route[] = { "ip", "-6", "route", "add", "default", "via", "2001:db8:1::1",
                              "dev", "eth0", "onlink", NULL };

  if (!td_lab_require_root (FALSE))
    return;
  lab = lab_with_nat (TD_LAB_NAT_NONE);
  g_assert_true (td_lab_exec (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, add_address, 5000, &run, &error));
  g_assert_cmpint (run.exit_status, ==, 0);
  td_lab_run_clear (&run);
  g_assert_true (td_lab_exec (lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, add_route, 5000, &run, &error));
  g_assert_cmpint (run.exit_status, ==, 0);
  td_lab_run_clear (&run);
  diagnose (lab, TD_LAB_NS_DIRECT, CHECKS_NO_HTTP, &d);
  assert_verdict (&d, "global-ipv6-ok", 0);
}


int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lab/diagnose/no-nat-miredo-qualified", test_no_nat_miredo_qualified);
  g_test_add_func ("/lab/diagnose/restricted-no-miredo", test_restricted_no_miredo);
  g_test_add_func ("/lab/diagnose/symmetric-miredo-qualified", test_symmetric_miredo_qualified);
  g_test_add_func ("/lab/diagnose/udp-blocked", test_udp_blocked);
  g_test_add_func ("/lab/diagnose/secondary-blocked", test_secondary_blocked);
  g_test_add_func ("/lab/diagnose/server-down", test_server_down);
  g_test_add_func ("/lab/diagnose/native-global-ipv6", test_native_global_ipv6);
  return g_test_run ();
}
