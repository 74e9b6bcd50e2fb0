/* td-test-report.c — the realistic report the report and redaction tests
 * share
 *
 * The addresses are documentation and test ranges (198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32), which the backend counts as global, so
 * they are exactly what redaction must mask.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "td-host-json.h"
#include "td-test-report.h"

char *
td_test_report_data_path (const char *name)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "tests", "data", "reports", name, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", "reports", name, NULL);
}

static TdHost *
load_host (void)
{
  g_autofree char *path = td_test_report_data_path ("host-windows-managed.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  TdHost *host;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  host = td_host_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return host;
}

static TdProbeResult *
make_probe (void)
{
  TdProbeResult *probe = td_probe_result_new ("win10.ipv6.microsoft.com");

  probe->primary = g_strdup ("198.51.100.10");
  probe->secondary = g_strdup ("198.51.100.11");
  probe->reachable = TRUE;
  probe->secondary_reachable = TRUE;
  probe->cone_answered = TRUE;
  probe->rtt_ms = 38;
  probe->first_answer_ms = 52;
  probe->local.address = g_strdup ("192.168.1.20");
  probe->local.port = 50123;
  probe->mapped.address = g_strdup ("203.0.113.77");
  probe->mapped.port = 40001;
  probe->mapped_secondary.address = g_strdup ("203.0.113.77");
  probe->mapped_secondary.port = 40001;
  probe->mapped_is_global = TRUE;
  probe->nat = TD_NAT_TYPE_CONE;
  probe->port_preserving = FALSE;
  /* server 198.51.100.10, cone flag, port 40001, mapped 203.0.113.77 */
  probe->teredo_address = g_strdup ("2001:0:c633:640a:8000:63be:34ff:8eb2");
  probe->mtu = 1280;
  probe->rs_sent = 3;
  probe->dropped = 1;
  probe->elapsed_ms = 612;

  td_probe_result_add_event (probe, 0, "mapping", "note", NULL, 0,
                             "resolved win10.ipv6.microsoft.com to 198.51.100.10 in 14 ms");
  td_probe_result_add_event (probe, 14200, "mapping", "sent", "198.51.100.10:3544", 61,
                             "rs restricted nonce=0123456789abcdef");
  td_probe_result_add_event (probe, 14350, "filtering", "sent", "198.51.100.11:3544", 61,
                             "rs cone nonce=fedcba9876543210");
  td_probe_result_add_event (probe, 40110, "mapping", "dropped", "192.0.2.99:3544", 48,
                             "bad-nonce");
  td_probe_result_add_event (probe, 52310, "mapping", "received", "198.51.100.10:3544", 125,
                             "ra mapped=203.0.113.77:40001 prefix=2001:0:c633:640a::/64 mtu=1280");
  td_probe_result_add_event (probe, 90480, "filtering", "received", "198.51.100.11:3544", 125,
                             "ra mapped=203.0.113.77:40001 (cone: answered from the other address)");
  td_probe_result_add_event (probe, 612000, "mapping", "note", NULL, 0,
                             "done: qualified, NAT cone, would-be address "
                             "2001:0:c633:640a:8000:63be:34ff:8eb2");
  return probe;
}

static TdCheckResult *
add_check (TdReport      *report,
           const char    *id,
           const char    *title,
           TdCheckStatus  status,
           const char    *summary,
           const char    *details,
           gint64         duration_ms)
{
  g_autoptr(TdCheckResult) check = td_check_result_new (id, title);

  td_check_result_set_outcome (check, status, summary, details);
  td_check_result_set_duration_ms (check, duration_ms);
  td_report_add_check (report, check);
  return check;   /* the report holds it */
}

static const char netsh_state[] =
  "Teredo Parameters\r\n"
  "---------------------------------------------\r\n"
  "Type                    : client\r\n"
  "Server Name             : win10.ipv6.microsoft.com\r\n"
  "Client Refresh Interval : 30 seconds\r\n"
  "Client Port             : unspecified\r\n"
  "State                   : offline\r\n"
  "Error                   : client is in a managed network\r\n";

TdReport *
td_test_report_new (void)
{
  TdReport *report = td_report_new ();
  g_autoptr(GDateTime) started = g_date_time_new_utc (2024, 5, 1, 10, 0, 0);
  g_autoptr(TdHost) host = load_host ();
  g_autoptr(TdProbeResult) probe = make_probe ();
  g_autoptr(TdVerdict) verdict = NULL;
  TdCheckResult *check;
  TdRemedy *remedy;

  td_report_set_tool_version (report, "0.1.0");
  td_report_set_started_at (report, started);
  td_report_set_duration_ms (report, 14230);
  td_report_set_platform (report, TD_PLATFORM_WINDOWS);
  td_report_set_hostname (report, "DESKTOP-7Q2K3LM");
  td_report_set_server (report, "win10.ipv6.microsoft.com");
  td_report_set_host (report, host);
  td_report_set_probe (report, probe);

  check = add_check (report, "ipv6-stack", "IPv6 stack", TD_CHECK_STATUS_PASS,
                     "IPv6 is enabled.", NULL, 120);
  td_check_result_add_evidence (check, "DisabledComponents",
                                "not set (IPv6 fully enabled)");

  check = add_check (report, "global-cloud", "Global cloud (global IPv6 address)",
                     TD_CHECK_STATUS_FAIL, "No usable global IPv6 address.",
                     "The only global address, 2001:db8:4:1::20 on Ethernet, is deprecated, "
                     "so PNRP would have no Global_ cloud.", 95);
  td_check_result_add_evidence (check, "IPv6 addresses",
                                "fe80::5d2a:9c1f:3b7e:1a20  Wi-Fi  link-local\n"
                                "fd12:3456:789a:1::20  Wi-Fi  ula\n"
                                "2001:db8:4:1::20  Ethernet  native, deprecated\n"
                                "fe80::14c4:51a:b355:1da  Teredo Tunneling Pseudo-Interface  link-local\n");

  check = add_check (report, "teredo-client", "Teredo client state", TD_CHECK_STATUS_FAIL,
                     "The Teredo client is offline.", NULL, 410);
  td_check_result_add_evidence (check, "netsh interface teredo show state", netsh_state);

  add_check (report, "teredo-error", "Teredo client error", TD_CHECK_STATUS_FAIL,
             "Windows says: client is in a managed network.", NULL, 2);
  add_check (report, "teredo-components", "Teredo off-switches", TD_CHECK_STATUS_PASS,
             "None of the four off-switches is set.",
             "DisabledComponents, the Teredo group policy, the iphlpsvc Teredo type and "
             "the netsh type all leave Teredo on.", 230);

  check = add_check (report, "managed-network", "Managed network", TD_CHECK_STATUS_FAIL,
                     "Windows treats this network as managed (domain corp.example.com).",
                     "The default Teredo client turns itself off on a network it thinks is "
                     "managed: a domain member that can reach its domain controller.\n"
                     "The enterprise client keeps working there.", 3);
  remedy = td_remedy_new ("windows", "Switch Teredo to the enterprise client",
                          "Only the enterprise client qualifies on a managed network.",
                          (const char * const[]) { "netsh", "interface", "teredo", "set", "state",
                                                   "type=enterpriseclient", NULL },
                          TRUE, FALSE);
  td_remedy_set_fix (remedy, "teredo-set-type", (const char * const[]) { "enterpriseclient", NULL });
  td_check_result_add_remedy (check, remedy);
  td_check_result_add_remedy (check,
                              td_remedy_new ("windows", "The same with PowerShell",
                                             "For systems where netsh is locked down.",
                                             (const char * const[]) {
                                               "powershell", "-NoProfile", "-Command",
                                               "Set-NetTeredoConfiguration -Type Enterpriseclient",
                                               NULL },
                                             TRUE, FALSE));
  td_check_result_add_remedy (check,
                              td_remedy_new ("any", "Ask the network administrator",
                                             "A group policy may set the client type back.",
                                             NULL, FALSE, FALSE));

  add_check (report, "ipv6-firewall", "IPv6 firewall", TD_CHECK_STATUS_PASS,
             "Windows Defender Firewall covers IPv6.", NULL, 180);
  check = add_check (report, "server-dns", "Teredo server name", TD_CHECK_STATUS_PASS,
                     "win10.ipv6.microsoft.com resolves to 198.51.100.10.", NULL, 14);
  check = add_check (report, "server-udp", "UDP to the Teredo server", TD_CHECK_STATUS_PASS,
                     "The server answered over UDP 3544 in 38 ms.", NULL, 612);
  td_check_result_add_evidence (check, "Probe",
                                "sent rs to 198.51.100.10:3544\n"
                                "received ra from 198.51.100.10:3544: mapped=203.0.113.77:40001\n"
                                "Teredo address 2001:0:c633:640a:8000:63be:34ff:8eb2\n");
  add_check (report, "nat-type", "NAT type", TD_CHECK_STATUS_INFO,
             "Cone NAT: Teredo works behind it.", NULL, 0);
  add_check (report, "ipv6-http", "IPv6 web access", TD_CHECK_STATUS_SKIP,
             "Skipped: there is no global IPv6 address to use.",
             "The check would fetch https://ipv6.example.net/ over IPv6 only.", 0);
  check = add_check (report, "server-ping", "Ping to the Teredo server", TD_CHECK_STATUS_WARN,
                     "The server does not answer ping <ICMP echo> & that is normal.",
                     "Many Teredo servers drop ICMP echo; the UDP test is what counts.", 4012);
  td_check_result_add_evidence (check, "ping -n 2 198.51.100.10",
                                "Pinging 198.51.100.10 with 32 bytes of data:\r\n"
                                "Request timed out.\r\n"
                                "Request timed out.\r\n"
                                "\r\n"
                                "Ping statistics for 198.51.100.10:\r\n"
                                "    Packets: Sent = 2, Received = 0, Lost = 2 (100% loss),\r\n"
                                "```markdown fence``` and \x1b[0m escape\r\n");

  verdict = td_verdict_new (TD_VERDICT_MANAGED_NETWORK,
                            "The Teredo client stays offline because Windows treats this "
                            "network as managed; switch it to the enterprise client.");
  td_verdict_add_finding (verdict, TD_VERDICT_PNRP_REMOVED);
  td_report_set_verdict (report, verdict);
  return report;
}
