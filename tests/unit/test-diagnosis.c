/* test-diagnosis.c — the causal verdict rules and the remedy rules (td-diagnosis, td-knowledge)
 *
 * Each case is a machine: real Windows outputs from tests/data/windows replayed by fake commands
 * (a scenario written at run time for tests/data/fake-windows/fake-windows.sh), or a Linux host
 * built in code, together with what our probe measured.  Each asserts the leading verdict, the
 * exact set of findings and the exact set of commands offered, which also says what must NOT be
 * offered.  Further tests check every rule's source, that a Fix it button runs exactly the command
 * shown, and that no offered fix undoes another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-async.h"
#include "td-diagnosis.h"
#include "td-error.h"
#include "td-fix.h"
#include "td-host-collect.h"
#include "td-knowledge.h"
#include "td-test-fakes.h"

typedef enum {
  PROBE_NONE,          /* not run (a machine we cannot test) */
  PROBE_RESTRICTED,    /* qualified, restricted NAT */
  PROBE_CONE,
  PROBE_SYMMETRIC,
  PROBE_SECONDARY,     /* primary answers, secondary silent */
  PROBE_BLOCKED,       /* nothing comes back */
  PROBE_REFUSED,       /* ICMP port unreachable */
  PROBE_LOCAL_FIREWALL,
  PROBE_NXDOMAIN,
  PROBE_NO_DNS,
} ProbeKind;

typedef struct {
  const char *name;
  const char *scenario;     /* scenario.sh for a Windows machine; NULL: Linux, see linux_client */
  const char *linux_client; /* "probe", "qualified", "stopped", "none" */
  ProbeKind   probe;
  TdTristate  http;
  const char *leader;
  const char *findings;     /* the exact set, comma-separated */
  const char *commands;     /* the exact set of command lines offered, "|"-separated ("" none) */
} Case;

#define WIN(path) "TEREDO=\"$windows/" path "\"\n"
#define FW_ON "FIREWALL=\"$fake/advfirewall-all-on.txt\"\n"
#define IPC "IPCONFIG=\"$windows/ipconfig-win10-1803-vagrant-teredo-pseudo-interface.txt\"\n"
#define PNRP_GONE "PNRP=\"notfound\"\n"

#define POLICY_KEY "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition"
#define TCPIP6 "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters"
#define RESTART "powershell -NoProfile -NonInteractive -Command \"Restart-Service -Name iphlpsvc -Force\""
#define SET_WIN10 "netsh interface teredo set state servername=win10.ipv6.microsoft.com"
#define SET_WIN1910 "netsh interface teredo set state servername=win1910.ipv6.microsoft.com"

static const Case cases[] = {
  /* §1 fixes that harm: type=default only where Teredo really is "disabled" locally. */
  { "type-disabled-locally",
    WIN ("teredo-state-zh-cn-disabled-offline-refresh-60-clientport-34567-plus-route-table.txt")
    IPC FW_ON PNRP_GONE, NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "teredo-disabled", "teredo-disabled,pnrp-removed",
    "netsh interface teredo set state type=default" },
  { "managed-network-no-type-default",
    WIN ("teredo-state-zh-cn-client-offline-managed-network.txt") IPC FW_ON PNRP_GONE,
    NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "managed-network", "managed-network,pnrp-removed",
    "netsh interface teredo set state type=enterpriseclient|"
    "powershell -NoProfile -Command \"Set-NetTeredoConfiguration -Type Enterpriseclient\"" },
  { "vpn-adapter-is-a-hint",
    WIN ("teredo-state-zh-cn-enterpriseclient-qualified-symmetric-port-managed-iks-jena.txt")
    "IPCONFIG=\"$fake/ipconfig-all-tap-vpn-handwritten.txt\"\n" FW_ON PNRP_GONE,
    NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    /* that ipconfig also shows native IPv6 with a default route */
    "global-ipv6-ok", "global-ipv6-ok,teredo-qualified,pnrp-removed", "" },
  { "firewall-service-stopped",
    WIN ("teredo-state-zh-cn-enterpriseclient-gp-offline-primary-server-unreachable-udp-win1710.txt")
    IPC "FIREWALL=\"$windows/netsh-advfirewall-show-allprofiles-state-public-off-fixture.txt\"\n"
    "SC_MpsSvc=\"stopped\"\nQC_MpsSvc=\"demand\"\n" PNRP_GONE,
    NULL, PROBE_SECONDARY, TD_TRISTATE_UNSET,
    /* §2: no firewall behind a blocked secondary leads with the firewall */
    "no-ipv6-firewall", "no-ipv6-firewall,secondary-blocked,pnrp-removed",
    "sc.exe start MpsSvc|netsh advfirewall set allprofiles state on|" SET_WIN10 },
  { "disabled-components-keeps-other-bits",
    WIN ("teredo-state-zh-cn-win10-enterpriseclient-offline-error-none.txt") IPC FW_ON PNRP_GONE
    "REG_DC=\"0x29\"\n", NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "teredo-disabled", "teredo-disabled,pnrp-removed",
    "reg add " TCPIP6 " /v DisabledComponents /t REG_DWORD /d 0x20 /f" },
  { "disabled-components-0xff-on-purpose",
    WIN ("teredo-state-zh-cn-win10-enterpriseclient-offline-error-none.txt") IPC FW_ON PNRP_GONE
    "REG_DC=\"0xff\"\n", NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "ipv6-disabled", "ipv6-disabled,teredo-disabled,pnrp-removed",
    "reg delete " TCPIP6 " /v DisabledComponents /f" },
  { "symmetric-keeps-forwarded-client-port",
    WIN ("teredo-state-win10-en-enterpriseclient-win1910-qualified-restricted-port-clientport-34567.txt")
    IPC FW_ON, NULL, PROBE_SYMMETRIC, TD_TRISTATE_UNSET,
    "teredo-qualified", "teredo-qualified,symmetric-nat", "" },
  { "symmetric-without-client-port",
    WIN ("teredo-state-win10-enterpriseclient-probe-primary-server-unmanaged-win10-server.txt")
    IPC FW_ON, NULL, PROBE_SYMMETRIC, TD_TRISTATE_UNSET,
    "teredo-probing", "teredo-probing,symmetric-nat",
    RESTART "|" SET_WIN1910 "|netsh interface teredo set state clientport=3074" },
  { "reset-keeps-enterpriseclient",
    WIN ("teredo-state-zh-cn-handwritten-offline-general-failure-error-code.txt") IPC FW_ON,
    NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "teredo-offline", "teredo-offline",
    RESTART "|netsh interface teredo set state disabled|"
    "netsh interface teredo set state type=enterpriseclient|" SET_WIN10 },

  /* §2 the cause leads, its symptoms follow. */
  { "switched-off-five-ways-behind-symmetric-nat",
    WIN ("teredo-state-zh-cn-disabled-offline-refresh-60-clientport-34567-plus-route-table.txt")
    IPC FW_ON "REG_DC=\"0x08\"\nREG_TEREDO_TYPE=\"0x4\"\nREG_POLICY=\"Disabled\"\n"
    "SC_iphlpsvc=\"stopped\"\nQC_iphlpsvc=\"disabled\"\n",
    NULL, PROBE_SYMMETRIC, TD_TRISTATE_UNSET,
    "teredo-disabled", "teredo-disabled,symmetric-nat",
    "reg add " TCPIP6 " /v DisabledComponents /t REG_DWORD /d 0x0 /f|"
    "reg delete HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Teredo /v Type /f|"
    "reg delete " POLICY_KEY " /v Teredo_State /f|"
    /* its client port 34567 stays: no clientport=3074 */
    "sc.exe config iphlpsvc start= auto|sc.exe start iphlpsvc" },
  { "managed-network-behind-blocked-udp",
    WIN ("teredo-state-zh-cn-client-offline-managed-network.txt") IPC FW_ON,
    NULL, PROBE_BLOCKED, TD_TRISTATE_UNSET,
    "managed-network", "managed-network,udp-blocked",
    "netsh interface teredo set state type=enterpriseclient|"
    "powershell -NoProfile -Command \"Set-NetTeredoConfiguration -Type Enterpriseclient\"|"
    RESTART "|" SET_WIN1910 },
  { "probing-with-blocked-udp",
    WIN ("teredo-state-win10-enterpriseclient-probe-primary-server-unmanaged-win10-server.txt")
    IPC FW_ON, NULL, PROBE_BLOCKED, TD_TRISTATE_UNSET,
    "udp-blocked", "teredo-probing,udp-blocked", RESTART "|" SET_WIN1910 },
  { "dormant-but-blocked-is-not-healthy",
    WIN ("teredo-state-win7-default-dormant-managed-nat-none-global-connectivity.txt") IPC FW_ON,
    NULL, PROBE_BLOCKED, TD_TRISTATE_UNSET,
    "udp-blocked", "teredo-dormant,udp-blocked", "" /* only the manual "let UDP through" */ },
  { "dormant-and-reachable-is-healthy",
    WIN ("teredo-state-win7-default-dormant-managed-nat-none-global-connectivity.txt") IPC FW_ON,
    NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "teredo-dormant", "teredo-dormant", "" },
  { "offline-error-none-while-probe-reaches",
    WIN ("teredo-state-zh-cn-win10-enterpriseclient-offline-error-none.txt") IPC FW_ON PNRP_GONE,
    NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "teredo-offline", "teredo-offline,pnrp-removed",
    RESTART "|netsh interface teredo set state disabled|"
    "netsh interface teredo set state type=enterpriseclient|" SET_WIN1910 },
  { "offline-primary-unreachable-while-probe-reaches",
    WIN ("teredo-state-zh-cn-enterpriseclient-gp-offline-primary-server-unreachable-udp-win1710.txt")
    IPC FW_ON, NULL, PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    /* its type comes from Group Policy: no reset, which the policy would undo */
    "teredo-offline", "teredo-offline", RESTART "|" SET_WIN10 },
  { "no-name-resolves",
    WIN ("teredo-state-win10-enterpriseclient-probe-primary-server-unmanaged-win10-server.txt")
    IPC FW_ON, NULL, PROBE_NO_DNS, TD_TRISTATE_UNSET,
    /* no server advice while no name resolves */
    "dns-down", "teredo-probing,dns-down", RESTART },

  /* §3 Group Policy, XP. */
  { "server-forced-by-policy",
    WIN ("teredo-state-zh-cn-win10-1607-enterpriseclient-gp-offline-cannot-resolve-server-name.txt")
    IPC FW_ON "REG_POLICY=\"Enterprise Client\"\n", NULL, PROBE_NXDOMAIN, TD_TRISTATE_UNSET,
    /* netsh says (Group Policy) but no local value: the policy route, no netsh, no failing reg */
    "server-unresolvable", "server-unresolvable", "" },
  { "server-forced-by-local-policy-value",
    WIN ("teredo-state-zh-cn-win10-1607-enterpriseclient-gp-offline-cannot-resolve-server-name.txt")
    IPC FW_ON "REG_POLICY=\"Enterprise Client\"\nREG_POLICY_SERVER=\"teredo.ipv6.microsoft.com\"\n",
    NULL, PROBE_NXDOMAIN, TD_TRISTATE_UNSET,
    "server-unresolvable", "server-unresolvable", "reg delete " POLICY_KEY " /v Teredo_ServerName /f" },
  { "xp-syntax",
    "TEREDO=\"notfound\"\n"
    "TEREDO_XP=\"$windows/teredo-state-xp-handwritten-probe-cone-default-values-second-type-line.txt\"\n"
    IPC FW_ON, NULL, PROBE_BLOCKED, TD_TRISTATE_UNSET,
    "udp-blocked", "teredo-probing,udp-blocked",
    "netsh interface ipv6 set teredo servername=win10.ipv6.microsoft.com" },

  /* §5 a qualified client on a peers-only server with no IPv6 web access. */
  { "peers-only-server",
    WIN ("teredo-state-win10-en-enterpriseclient-win1910-qualified-cone-upnp-yes.txt") IPC FW_ON,
    NULL, PROBE_CONE, TD_TRISTATE_NO,
    "teredo-qualified", "teredo-qualified,server-peers-only", "" },

  /* §2 and §4 on Linux: miredo never contacts the secondary; a stopped miredo is not missing. */
  { "linux-secondary-never-leads", NULL, "probe", PROBE_SECONDARY, TD_TRISTATE_UNSET,
    "teredo-probing", "teredo-probing,secondary-blocked",
    "teredo-doctor-cli fix miredo-restart|teredo-doctor-cli fix miredo-set-server win10.ipv6.microsoft.com" },
  { "linux-miredo-stopped", NULL, "stopped", PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "teredo-client-stopped", "teredo-client-stopped",
    "teredo-doctor-cli fix miredo-set-server win10.ipv6.microsoft.com|teredo-doctor-cli fix miredo-start" },
  { "linux-no-miredo", NULL, "none", PROBE_RESTRICTED, TD_TRISTATE_UNSET,
    "teredo-client-missing", "teredo-client-missing", "apt-get install miredo" },
  { "linux-local-firewall", NULL, "probe", PROBE_LOCAL_FIREWALL, TD_TRISTATE_UNSET,
    "udp-blocked", "teredo-probing,udp-blocked",
    "teredo-doctor-cli fix miredo-restart|teredo-doctor-cli fix miredo-set-server win10.ipv6.microsoft.com" },
  { "linux-server-refused", NULL, "probe", PROBE_REFUSED, TD_TRISTATE_UNSET,
    "server-down", "teredo-probing,server-down",
    "teredo-doctor-cli fix miredo-set-server win10.ipv6.microsoft.com|teredo-doctor-cli fix miredo-restart" },
};

/* ---- machines ------------------------------------------------------------ */

/* A scenario folder of fake Windows commands, written for this case. */
static TdHost *
collect_windows (const char *scenario)
{
  static const char * const commands[] = { "netsh", "ipconfig", "sc", "reg", "chcp" };
  g_autofree char *dir = g_dir_make_tmp ("td-diagnosis-XXXXXX", NULL);
  g_autofree char *fake = td_test_source_path ("tests", "data", "fake-windows", NULL);
  g_autofree char *windows = td_test_source_path ("tests", "data", "windows", NULL);
  g_autofree char *sh = g_build_filename (dir, "scenario.sh", NULL);
  /* PNRP answers unless the case says otherwise. */
  g_autofree char *text =
    g_strdup_printf ("windows='%s'\nfake='%s'\n"
                     "PNRP=\"$windows/pnrp-cloud-show-list-vista-linklocal-and-global.txt\"\n%s",
                     windows, fake, scenario);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TdHost *host;

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (sh, text, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    td_test_fakes_add (dir, commands[i]);
  td_test_fakes_enter (dir);
  td_host_collect_async (TD_PLATFORM_WINDOWS, NULL, td_async_keep_result, &result);
  host = td_host_collect_finish (td_async_wait (&result), &error);
  td_test_fakes_leave ();
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *link = g_build_filename (dir, commands[i], NULL);

      g_unlink (link);
    }
  g_unlink (sh);
  g_rmdir (dir);
  return host;
}

/* A Linux machine with miredo in @state ("none": not installed). */
static TdHost *
linux_host (const char *state)
{
  TdHost *host = td_host_new (TD_PLATFORM_LINUX);

  host->ipv6_enabled = TD_TRISTATE_YES;
  host->default_route = TD_TRISTATE_NO;
  host->firewall = td_host_firewall_new ();
  host->client = td_teredo_client_new ();
  if (g_str_equal (state, "none"))
    return host;
  host->client->implementation = TD_CLIENT_IMPL_MIREDO;
  host->client->server_name = g_strdup ("teredo-debian.remlab.net");
  host->client->state = g_str_equal (state, "probe") ? TD_TEREDO_STATE_PROBE
                        : g_str_equal (state, "qualified") ? TD_TEREDO_STATE_QUALIFIED
                        : TD_TEREDO_STATE_OFFLINE;
  return host;
}

static TdProbeResult *
make_probe (ProbeKind   kind,
            const char *server)
{
  TdProbeResult *probe;

  if (kind == PROBE_NONE)
    return NULL;
  probe = td_probe_result_new (server != NULL ? server : "win10.ipv6.microsoft.com");
  probe->primary = g_strdup ("198.18.0.10");
  probe->secondary = g_strdup ("198.18.0.11");
  switch (kind)
    {
    case PROBE_RESTRICTED:
    case PROBE_CONE:
    case PROBE_SYMMETRIC:
    case PROBE_SECONDARY:
      probe->reachable = TRUE;
      probe->secondary_reachable = kind != PROBE_SECONDARY;
      probe->cone_answered = kind == PROBE_CONE;
      probe->mapped.address = g_strdup ("198.18.1.2");
      probe->mapped.port = 40000;
      probe->nat = kind == PROBE_RESTRICTED ? TD_NAT_TYPE_RESTRICTED
                   : kind == PROBE_CONE ? TD_NAT_TYPE_CONE
                   : kind == PROBE_SYMMETRIC ? TD_NAT_TYPE_SYMMETRIC : TD_NAT_TYPE_UNKNOWN;
      break;
    case PROBE_BLOCKED:
      probe->nat = TD_NAT_TYPE_OFFLINE;
      probe->error = g_error_new_literal (TD_ERROR, TD_ERROR_UNREACHABLE, "no answer");
      break;
    case PROBE_REFUSED:
      probe->nat = TD_NAT_TYPE_OFFLINE;
      probe->error = g_error_new_literal (TD_ERROR, TD_ERROR_PORT_UNREACHABLE, "refused");
      break;
    case PROBE_LOCAL_FIREWALL:
      probe->nat = TD_NAT_TYPE_OFFLINE;
      probe->error = g_error_new_literal (TD_ERROR, TD_ERROR_LOCAL_FIREWALL, "EPERM");
      break;
    case PROBE_NXDOMAIN:
      probe->nat = TD_NAT_TYPE_OFFLINE;
      probe->error = g_error_new_literal (TD_ERROR, TD_ERROR_DNS_FAILED, "no such name");
      break;
    case PROBE_NO_DNS:
      probe->nat = TD_NAT_TYPE_OFFLINE;
      probe->error = g_error_new_literal (TD_ERROR, TD_ERROR_DNS_UNAVAILABLE, "no answer");
      break;
    case PROBE_NONE:
    default:
      g_assert_not_reached ();
    }
  return probe;
}

/* ---- assertions ------------------------------------------------------------ */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
sorted_join (GPtrArray *strings)
{
  g_ptr_array_sort (strings, compare_strings);
  g_ptr_array_add (strings, NULL);
  return g_strjoinv ("\n", (char **) strings->pdata);
}

static char *
expected_set (const char *list,
              const char *separator)
{
  g_auto(GStrv) items = g_strsplit (list, separator, -1);
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();

  for (guint i = 0; items[i] != NULL; i++)
    if (items[i][0] != '\0')
      g_ptr_array_add (strings, items[i]);
  return sorted_join (strings);
}

/* Every remedy with a Fix it button runs exactly the command it shows. */
static void
assert_fix_runs_what_is_shown (const TdRemedy *remedy)
{
  TdPlatform platform;
  g_autoptr(TdFixPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const TdFixStep *step;

  if (remedy->fix_action == NULL)
    return;
  g_assert_nonnull (remedy->argv);
  g_assert_true (td_platform_from_string (remedy->platform, &platform));
  plan = td_fix_plan_new (remedy->fix_action, (const char * const *) remedy->fix_args, platform, &error);
  g_assert_no_error (error);
  if (platform == TD_PLATFORM_LINUX)
    {
      /* Fix it runs `pkexec teredo-doctor-cli fix ACTION ARGS`, the command shown. */
      g_assert_cmpstr (remedy->argv[0], ==, "teredo-doctor-cli");
      g_assert_cmpstr (remedy->argv[1], ==, "fix");
      g_assert_cmpstr (remedy->argv[2], ==, remedy->fix_action);
      g_assert_cmpstrv (remedy->argv + 3, remedy->fix_args);
      return;
    }
  g_assert_cmpuint (plan->steps->len, ==, 1);
  step = g_ptr_array_index (plan->steps, 0);
  g_assert_cmpstrv (step->argv, remedy->argv);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(TdHost) host = c->scenario != NULL ? collect_windows (c->scenario) : linux_host (c->linux_client);
  g_autoptr(TdProbeResult) probe = make_probe (c->probe, host->client ? host->client->server_name : NULL);
  TdFacts facts = {
    .platform = c->scenario != NULL ? TD_PLATFORM_WINDOWS : TD_PLATFORM_LINUX,
    .host = host, .probe = probe, .ipv6_http = c->http,
  };
  g_autoptr(TdVerdict) verdict = td_diagnose_facts (&facts);
  g_autoptr(GPtrArray) remedies = td_knowledge_verdict_remedies (verdict, &facts);
  g_autoptr(GPtrArray) findings = g_ptr_array_new ();
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *want_findings = expected_set (c->findings, ",");
  g_autofree char *want_commands = expected_set (c->commands, "|");
  g_autofree char *got_findings = NULL;
  g_autofree char *got_commands = NULL;

  for (guint i = 0; i < verdict->findings->len; i++)
    g_ptr_array_add (findings,
                     (gpointer) td_verdict_code_to_string (g_array_index (verdict->findings,
                                                                          TdVerdictCode, i)));
  for (guint i = 0; i < remedies->len; i++)
    {
      const TdRemedy *remedy = g_ptr_array_index (remedies, i);
      char *line = td_remedy_command_line (remedy);

      /* Every remedy names where it comes from. */
      g_assert_nonnull (remedy->id);
      g_assert_nonnull (remedy->source);
      g_test_message ("%s [%s] %s", remedy->id, remedy->source, line ? line : remedy->title);
      assert_fix_runs_what_is_shown (remedy);
      if (line != NULL)
        {
          /* PowerShell reads a plain "sc" as Set-Content. */
          g_assert_false (g_str_has_prefix (line, "sc "));
          g_ptr_array_add (commands, line);
        }
    }
  got_findings = sorted_join (findings);
  got_commands = sorted_join (commands);

  g_test_message ("summary: %s", verdict->summary);
  g_assert_cmpstr (td_verdict_code_to_string (verdict->code), ==, c->leader);
  g_assert_cmpstr (got_findings, ==, want_findings);
  g_assert_cmpstr (got_commands, ==, want_commands);
}

/* A recommended server that reaches Teredo peers only says so. */
static void
test_server_caveat (void)
{
  g_autoptr(TdHost) host = linux_host ("probe");
  g_autoptr(TdProbeResult) probe = make_probe (PROBE_BLOCKED, NULL);
  TdFacts facts = { .platform = TD_PLATFORM_LINUX, .host = host, .probe = probe };
  g_autoptr(GPtrArray) remedies = td_knowledge_remedies_for (TD_VERDICT_UDP_BLOCKED, &facts);
  gboolean seen = FALSE;

  for (guint i = 0; i < remedies->len; i++)
    {
      const TdRemedy *remedy = g_ptr_array_index (remedies, i);

      if (g_strcmp0 (remedy->fix_action, "miredo-set-server") != 0)
        continue;
      seen = TRUE;
      g_assert_nonnull (strstr (remedy->description, "IPv6 Internet does not"));
    }
  g_assert_true (seen);
}

/* The table: every rule has an id, a source and preconditions, and a
 * finding it fixes; a rule id always means one remedy. */
static void
test_rule_table (void)
{
  guint n = 0;
  const TdRemedyRuleInfo *rules = td_knowledge_get_rules (&n);

  g_assert_cmpuint (n, >, 30);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (rules[i].id);
      g_assert_true (strstr (rules[i].source, ".md §") != NULL || strstr (rules[i].source, "RFC") != NULL ||
                     strstr (rules[i].source, "(") != NULL || strstr (rules[i].source, "KB") != NULL);
      g_assert_nonnull (rules[i].preconditions);
      g_assert_cmpint (rules[i].finding, <, TD_VERDICT_UNKNOWN);
    }
}

/* Fixes that would undo each other are never offered together. */
static void
test_no_contradicting_fixes (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];

      g_assert_false (strstr (c->commands, "type=default") != NULL &&
                      strstr (c->commands, "type=enterpriseclient") != NULL);
      g_assert_false (strstr (c->commands, "clientport=3074") != NULL &&
                      strstr (c->commands, "clientport=34567") != NULL);
    }
}

static void
test_action_fixes (void)
{
  g_assert_true (td_knowledge_action_fixes ("teredo-enterpriseclient", TD_VERDICT_MANAGED_NETWORK));
  g_assert_false (td_knowledge_action_fixes ("teredo-enterpriseclient", TD_VERDICT_UDP_BLOCKED));
  g_assert_true (td_knowledge_action_fixes ("miredo-set-server", TD_VERDICT_SERVER_DOWN));
  g_assert_false (td_knowledge_action_fixes ("no-such-action", TD_VERDICT_SERVER_DOWN));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Every case reports all its differences, not only the first. */
  g_test_set_nonfatal_assertions ();
  g_setenv ("TD_COMMAND_TIMEOUT_MS", "3000", TRUE);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/diagnosis/case/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/diagnosis/server-caveat", test_server_caveat);
  g_test_add_func ("/diagnosis/rule-table", test_rule_table);
  g_test_add_func ("/diagnosis/no-contradicting-fixes", test_no_contradicting_fixes);
  g_test_add_func ("/diagnosis/action-fixes", test_action_fixes);
  return g_test_run ();
}
