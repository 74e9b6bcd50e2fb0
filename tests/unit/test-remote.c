/* test-remote.c — help-desk mode: a Windows computer diagnosed from its
 * collected outputs is diagnosed exactly as live
 *
 * For every fake-Windows scenario that prints outputs, and for collected
 * files assembled from every Teredo-state fixture of tests/data/windows
 * (with the other fixtures in turn), the host model built from the
 * collected file equals the one the live collector builds from the same
 * programs on PATH (td_host_to_json without evidence), with the same
 * verdict and findings; in UTF-8, UTF-16LE and CP936.  Then the report of
 * another computer (origin, copy-only fixes, every format, the schema),
 * bad inputs (each with its specific error, never a verdict presented as
 * certain), the guide of the paste mode on every scenario, a guided
 * session, and `teredo-doctor-cli diagnose --from`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gmodule.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "td-async.h"
#include "td-error.h"
#include "td-fix.h"
#include "td-host-json.h"
#include "td-knowledge.h"
#include "td-remote-guide.h"
#include "td-remote-session.h"
#include "td-remote.h"
#include "td-report-writer.h"
#include "td-runner.h"
#include "td-schema-check.h"
#include "td-test-collect.h"

/* The checks that need the remote computer's own network. */
static const char * const network_checks[] = {
  "server-dns", "server-udp", "nat-type", "ipv6-http", "server-ping", NULL
};

/* ---- helpers --------------------------------------------------------------- */

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
assert_json_equal (JsonNode   *actual,
                   JsonNode   *expected,
                   const char *what)
{
  if (!json_node_equal (actual, expected))
    {
      g_autofree char *a = to_text (actual);
      g_autofree char *e = to_text (expected);

      g_test_message ("%s differs.\n--- expected\n%s\n--- actual\n%s", what, e, a);
      g_test_fail ();
    }
}

static TdCapture *
parse_bytes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  TdCapture *capture = td_capture_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);

  g_assert_no_error (error);
  return capture;
}

static TdReport *
diagnose_captures (TdCapture * const *captures,
                   guint              n)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TdReport *report;

  td_remote_diagnose_async (captures, n, NULL, td_async_keep_result, &result);
  report = td_remote_diagnose_finish (td_async_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static TdReport *
diagnose_bytes (GBytes *bytes)
{
  g_autoptr(TdCapture) capture = parse_bytes (bytes);

  return diagnose_captures (&capture, 1);
}

static void
assert_same_verdict (const TdVerdict *actual,
                     const TdVerdict *expected)
{
  g_assert_cmpstr (td_verdict_code_to_string (actual->code), ==, td_verdict_code_to_string (expected->code));
  g_assert_cmpuint (actual->findings->len, ==, expected->findings->len);
  for (guint i = 0; i < expected->findings->len; i++)
    g_assert_cmpint (g_array_index (actual->findings, TdVerdictCode, i), ==,
                     g_array_index (expected->findings, TdVerdictCode, i));
}

/* The collected file, diagnosed, against what the live collector found on
 * the same programs (@live): the same host model, verdict and findings. */
static TdReport *
check_same_as_host (TdHost *live,
                    GBytes *file)
{
  g_autoptr(TdVerdict) live_verdict = td_diagnose (TD_PLATFORM_WINDOWS, live, NULL, NULL);
  g_autoptr(JsonNode) expected = td_host_to_json (live, TD_HOST_JSON_DEFAULT);
  g_autoptr(JsonNode) actual = NULL;
  gint64 start = g_get_monotonic_time ();
  TdReport *report = diagnose_bytes (file);

  g_test_message ("diagnosed a collected file of %" G_GSIZE_FORMAT " bytes in %.2f ms",
                  g_bytes_get_size (file), (g_get_monotonic_time () - start) / 1000.0);
  actual = td_host_to_json (td_report_get_host (report), TD_HOST_JSON_DEFAULT);
  assert_json_equal (actual, expected, "host from the collected file vs live");
  assert_same_verdict (td_report_get_verdict (report), live_verdict);
  return report;
}

/* The same, the live collector run on @dir's programs. */
static TdReport *
check_same_as_live (const char *dir,
                    GBytes     *file)
{
  g_autoptr(TdHost) live = td_test_collect_live (dir);

  return check_same_as_host (live, file);
}

/* ---- the same as live --------------------------------------------------------- */

static gboolean
scenario_prints_outputs (const char *dir)
{
  g_autofree char *script = g_build_filename (dir, "scenario.sh", NULL);
  g_autofree char *chcp = g_build_filename (dir, "chcp", NULL);
  g_autofree char *contents = NULL;

  /* A hang or an endless output cannot be collected (the user stops the
   * batch file), and a folder without the programs prints nothing. */
  if (!g_file_get_contents (script, &contents, NULL, NULL) || !g_file_test (chcp, G_FILE_TEST_EXISTS))
    return FALSE;
  return strstr (contents, "\"hang\"") == NULL && strstr (contents, "\"huge\"") == NULL;
}

static void
test_scenario (gconstpointer data)
{
  const char *scenario = data;
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", scenario, NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "DESKTOP-7Q2K3LM", TRUE);
  g_autoptr(TdReport) report = check_same_as_live (dir, file);
  const TdReportOrigin *origin = td_report_get_origin (report);

  g_assert_nonnull (origin);
  g_assert_cmpstr (origin->from, ==, "batch-file");
  g_assert_cmpstrv (origin->missing, ((const char * const []) { NULL }));
  g_assert_true (origin->complete);
  /* Everything was collected: the verdict does not wait for anything. */
  g_assert_true (origin->conclusive);
}

/* A scenario.sh for the fixture @name, with the other fixtures in turn;
 * @plain: Windows Firewall on and no other switch. */
static char *
fixture_scenario (const char *name,
                  guint       index,
                  gboolean    plain)
{
  static const char * const ipconfigs[] = {
    "ipconfig-all-hyperv-host-teredo-pseudo-interface-2001-0-9d38-90d7.txt",
    "ipconfig-all-teredo-local-area-connection-star-media-disconnected.txt",
    "ipconfig-all-win7-6to4-adapter-and-microsoft-teredo-tunneling-adapter.txt",
    "ipconfig-win10-1803-vagrant-teredo-pseudo-interface.txt",
  };
  static const char * const firewalls[] = {
    "netsh-advfirewall-show-allprofiles-state-public-off-fixture.txt",
    "netsh-advfirewall-show-currentprofile-domain-state-off.txt",
  };
  static const char * const extras[] = {
    "", "REG_DC=\"0x20\"\n", "SC_iphlpsvc=\"stopped\"\nQC_iphlpsvc=\"demand\"\n",
    "REG_POLICY=\"Enterprise Client\"\nREG_POLICY_SERVER=\"teredo.example.org\"\n",
    "REG_TEREDO_TYPE=\"0x3\"\nREG_DOMAIN=\"corp.example.com\"\n", "SC_BFE=\"missing\"\n",
  };
  g_autofree char *windows = td_test_source_path ("tests", "data", "windows", NULL);
  g_autofree char *all_on = td_test_source_path ("tests", "data", "fake-windows", "advfirewall-all-on.txt", NULL);
  g_autofree char *firewall = (index % 3) < 2 && !plain ? g_build_filename (windows, firewalls[index % 3], NULL)
                                                        : g_strdup (all_on);
  g_autofree char *fixture = g_build_filename (windows, name, NULL);
  g_autofree char *ipconfig = g_build_filename (windows, ipconfigs[index % G_N_ELEMENTS (ipconfigs)], NULL);
  g_autofree char *pnrp = g_build_filename (windows, "pnrp-cloud-show-list-vista-linklocal-and-global.txt", NULL);
  gboolean xp = g_str_has_prefix (name, "teredo-state-xp-");

  return g_strdup_printf ("TEREDO=\"%s\"\n%s%s\nIPCONFIG=\"%s\"\nFIREWALL=\"%s\"\nPNRP=\"%s\"\n%s",
                          xp ? "notfound" : fixture, xp ? "TEREDO_XP=" : "",
                          xp ? fixture : "", ipconfig, firewall, index % 2 ? pnrp : "notfound",
                          plain ? "" : extras[index % G_N_ELEMENTS (extras)]);
}

typedef struct {
  char  *name;
  guint  index;
} FixtureCase;

static void
fixture_case_free (FixtureCase *fc)
{
  g_free (fc->name);
  g_free (fc);
}

static void check_guide (const char *dir);

static void
test_fixture (gconstpointer data)
{
  const FixtureCase *fc = data;
  g_autofree char *script = fixture_scenario (fc->name, fc->index, FALSE);
  g_autofree char *dir = td_test_make_scenario (script);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "PC-42", fc->index % 2 == 0);
  g_autoptr(TdReport) report = NULL;
  g_autoptr(GBytes) wide = NULL;
  g_autoptr(TdReport) wide_report = NULL;
  /* Once for both encodings: under Wine one live collection starts
   * fifteen programs and takes seconds. */
  g_autoptr(TdHost) live = td_test_collect_live (dir);

  g_test_message ("scenario:\n%s", script);
  report = check_same_as_host (live, file);
  g_assert_cmpstr (td_report_get_origin (report)->elevated, ==, fc->index % 2 == 0 ? "yes" : "no");

  /* The same file as PowerShell would have written it. */
  wide = td_test_to_utf16le (file);
  wide_report = check_same_as_host (live, wide);
  g_assert_cmpstr (td_report_get_origin (wide_report)->encoding, ==, "UTF-16LE");

  /* The paste mode's questions reach the same verdict.  Not where the
   * scenario contradicts itself (a running client, yet a stopped IP Helper,
   * a switch that turns Teredo off, or Windows Firewall off: Windows would
   * not run the client): the guide trusts the running client there, the
   * full file's rules the switch. */
  {
    TdHost *host = td_report_get_host (report);
    TdTeredoClient *client = host->client;
    TdFacts facts = { .platform = TD_PLATFORM_WINDOWS, .host = host };
    gboolean runs = client != NULL && (client->state == TD_TEREDO_STATE_QUALIFIED
                                       || client->state == TD_TEREDO_STATE_DORMANT
                                       || client->state == TD_TEREDO_STATE_PROBE);

    if (runs && (td_diagnosis_teredo_switched_off (host) || td_diagnosis_windows_firewall_off (&facts)
                 || host->ipv6_enabled == TD_TRISTATE_NO))
      {
        g_autofree char *plain = fixture_scenario (fc->name, fc->index, TRUE);
        g_autofree char *plain_dir = td_test_make_scenario (plain);

        g_test_message ("contradictory scenario: the guide runs without the firewall and switches");
        check_guide (plain_dir);
        td_test_remove_tree (plain_dir);
      }
    else
      check_guide (dir);
  }
  td_test_remove_tree (dir);
}

/* ---- encodings ------------------------------------------------------------------ */

static void
test_utf16 (void)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "managed-zh-cn", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "桌面-7Q2K3LM", FALSE);
  g_autoptr(GBytes) wide = td_test_to_utf16le (file);
  g_autoptr(TdReport) report = check_same_as_live (dir, wide);
  const TdReportOrigin *origin = td_report_get_origin (report);

  g_assert_cmpstr (origin->encoding, ==, "UTF-16LE");
  g_assert_cmpstr (origin->computer, ==, "桌面-7Q2K3LM");
  g_assert_cmpstr (td_report_get_hostname (report), ==, "桌面-7Q2K3LM");
  g_assert_cmpstr (td_report_get_host (report)->client->error_raw, ==, "客户端位于托管网络中");
  g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_MANAGED_NETWORK);
}

/* The batch file writes the console's code page: CP936 bytes on zh-CN. */
static void
test_cp936 (void)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "managed-zh-cn-cp936", NULL);
  g_autofree char *utf8_dir = td_test_source_path ("tests", "data", "fake-windows", "managed-zh-cn", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "PC", FALSE);
  g_autoptr(GBytes) utf8_file = td_test_collect_file (utf8_dir, "PC", FALSE);
  g_autoptr(TdReport) report = check_same_as_live (dir, file);
  g_autoptr(TdReport) utf8_report = diagnose_bytes (utf8_file);
  g_autoptr(JsonNode) a = td_host_to_json (td_report_get_host (report), TD_HOST_JSON_DEFAULT);
  g_autoptr(JsonNode) b = td_host_to_json (td_report_get_host (utf8_report), TD_HOST_JSON_DEFAULT);

  /* Not valid UTF-8: the bytes really are CP936. */
  g_assert_false (g_utf8_validate (g_bytes_get_data (file, NULL), (gssize) g_bytes_get_size (file), NULL));
  g_assert_cmpstr (td_report_get_origin (report)->encoding, ==, "CP936");
  g_assert_cmpstr (td_report_get_origin (report)->codepage, ==, "936");
  assert_json_equal (a, b, "CP936 file vs UTF-8 file");
}

/* ---- the report of another computer ---------------------------------------------- */

static JsonNode *
load_schema (void)
{
  g_autofree char *path = td_test_source_path ("data", "teredo-doctor-report.schema.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_report (void)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "firewall-off", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "DESKTOP-7Q2K3LM", FALSE);
  g_autoptr(TdReport) report = diagnose_bytes (file);
  const TdReportOrigin *origin = td_report_get_origin (report);
  g_autoptr(JsonNode) json = td_report_to_json (report);
  g_autoptr(JsonNode) schema = load_schema ();
  g_autoptr(TdReport) again = NULL;
  g_autoptr(JsonNode) json_again = NULL;
  g_autoptr(GPtrArray) remedies = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *checks = td_report_get_checks (report);
  const char * const *ids = td_runner_get_check_ids ();
  TdFacts facts;
  guint n_remedies = 0;

  g_assert_cmpint (td_report_get_platform (report), ==, TD_PLATFORM_WINDOWS);
  g_assert_cmpstr (td_report_get_hostname (report), ==, "DESKTOP-7Q2K3LM");
  g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_NO_IPV6_FIREWALL);
  g_assert_null (td_report_get_probe (report));
  /* Not this computer: never live, whatever the platform it runs on. */
  g_assert_true (td_report_is_from_file (report));
  g_assert_nonnull (origin);
  g_assert_cmpstr (origin->computer, ==, "DESKTOP-7Q2K3LM");
  g_assert_cmpstr (origin->collected_at, ==, "Thu 11/26/2026 12:34:56.78");
  g_assert_cmpstr (origin->windows_version, ==, "10.0.19045.3570");
  g_assert_cmpstr (origin->codepage, ==, "437");
  g_assert_cmpstr (origin->elevated, ==, "no");
  g_assert_cmpstr (td_report_get_server (report), ==, td_report_get_host (report)->client->server_name);

  /* Every check of the checklist, in order, with its final status; the
   * network ones not run, or told by the client's own lines. */
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, g_strv_length ((char **) ids));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(TdCheckResult) check = g_list_model_get_item (checks, i);
      TdCheckStatus status = td_check_result_get_status (check);

      g_assert_cmpstr (td_check_result_get_id (check), ==, ids[i]);
      g_assert_true (td_check_status_is_final (status));
      if (g_strv_contains (network_checks, ids[i]) && status == TD_CHECK_STATUS_SKIP)
        g_assert_cmpstr (td_check_result_get_summary (check), ==, "Not run: remote machine");
    }
  /* "Primary server unreachable over UDP" stands for the probe. */
  g_assert_cmpint (td_check_result_get_status (td_report_find_check (report, "server-udp")), ==,
                   TD_CHECK_STATUS_FAIL);
  g_assert_cmpint (td_check_result_get_status (td_report_find_check (report, "ipv6-http")), ==,
                   TD_CHECK_STATUS_SKIP);
  g_assert_cmpint (td_check_result_get_status (td_report_find_check (report, "server-ping")), ==,
                   TD_CHECK_STATUS_SKIP);

  /* Copy-only: no fix of any finding may run from here. */
  td_report_get_facts (report, &facts);
  remedies = td_knowledge_verdict_remedies (td_report_get_verdict (report), &facts);
  for (guint i = 0; i < remedies->len; i++)
    {
      const TdRemedy *remedy = g_ptr_array_index (remedies, i);

      n_remedies += remedy->fix_action != NULL;
      g_assert_false (td_fix_is_runnable (remedy, report));
    }
  g_assert_cmpuint (n_remedies, >, 0);

  /* The JSON has the origin, follows the schema, and reads back. */
  td_schema_check (schema, json, &error);
  g_assert_no_error (error);
  again = td_report_load_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (td_report_get_origin (again));
  json_again = td_report_to_json (again);
  assert_json_equal (json_again, json, "report JSON after reading it back");

  /* Every format says where it comes from. */
  for (TdReportFormat format = TD_REPORT_FORMAT_JSON; format <= TD_REPORT_FORMAT_PDF; format++)
    {
      g_autoptr(GBytes) rendered = td_report_render (report, format, FALSE, &error);
      g_autoptr(GBytes) redacted = td_report_render (report, format, TRUE, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (rendered), >, 1000);
      g_assert_cmpuint (g_bytes_get_size (redacted), >, 1000);
      if (format != TD_REPORT_FORMAT_PDF)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (rendered, NULL), g_bytes_get_size (rendered));
          g_autofree char *masked = g_strndup (g_bytes_get_data (redacted, NULL), g_bytes_get_size (redacted));

          g_assert_nonnull (strstr (text, "DESKTOP-7Q2K3LM"));
          g_assert_nonnull (strstr (text, format == TD_REPORT_FORMAT_JSON ? "\"collected\"" : "Collected on DESKTOP-7Q2K3LM"));
          g_assert_nonnull (strstr (text, "Thu 11/26/2026 12:34:56.78"));
          /* A redacted report names the computer nowhere. */
          g_assert_null (strstr (masked, "DESKTOP-7Q2K3LM"));
        }
    }
}

/* Reports written before help-desk mode have no origin and still read. */
static void
test_report_without_origin (void)
{
  g_autofree char *path = td_test_source_path ("tests", "data", "reports", "windows-managed-network.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TdReport) report = td_report_load_from_file (file, NULL, &error);
  g_autoptr(JsonNode) json = NULL;

  g_assert_no_error (error);
  g_assert_null (td_report_get_origin (report));
  json = td_report_to_json (report);
  g_assert_false (json_object_has_member (json_node_get_object (json), "collected"));
}

/* The strict reader checks the origin's members too. */
static void
test_report_bad_origin (void)
{
  static const struct {
    const char *replace;
    const char *with;
    const char *message;
  } cases[] = {
    { "\"from\":\"batch-file\"", "\"from\":\"email\"", "collected: member “from” has an unknown value “email”" },
    { "\"elevated\":\"no\"", "\"elevated\":1", "collected: " },
    { "\"complete\":true", "\"complete\":true,\"extra\":1", "collected: " },
    { "\"missing\":[]", "\"missing\":[1]", "collected: " },
    { "\"conclusive\":true,", "", "collected: " },
  };
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "firewall-off", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "PC", FALSE);
  g_autoptr(TdReport) report = diagnose_bytes (file);
  g_autoptr(JsonNode) json = td_report_to_json (report);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, json);
  text = json_generator_to_data (generator, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TdReport) bad = NULL;
      g_autofree char *broken = NULL;
      GString *s = g_string_new (text);

      g_assert_nonnull (strstr (text, cases[i].replace));
      g_string_replace (s, cases[i].replace, cases[i].with, 1);
      broken = g_string_free (s, FALSE);
      bad = td_report_load_from_data (broken, -1, &error);
      g_assert_null (bad);
      g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

/* ---- partial and bad inputs ------------------------------------------------------- */

static const char netsh_offline[] =
  "C:\\Users\\ana>netsh interface teredo show state\r\n"
  "Teredo Parameters\r\n"
  "---------------------------------------------\r\n"
  "Type                    : client\r\n"
  "Server Name             : win1910.ipv6.microsoft.com\r\n"
  "Client Refresh Interval : 30 seconds\r\n"
  "Client Port             : unspecified\r\n"
  "State                   : offline\r\n"
  "Error                   : client is in a managed network\r\n";

/* What was not collected is a fact error saying so, never a crash nor a
 * verdict presented as certain. */
static void
test_missing_outputs (void)
{
  g_autoptr(GBytes) paste = g_bytes_new_static (netsh_offline, strlen (netsh_offline));
  g_autoptr(TdReport) report = diagnose_bytes (paste);
  TdHost *host = td_report_get_host (report);
  const TdHostError *addresses = td_host_get_error (host, "addresses");
  const TdHostError *firewall = td_host_get_error (host, "firewall.windows-firewall");
  const TdReportOrigin *origin = td_report_get_origin (report);

  g_assert_nonnull (addresses);
  g_assert_cmpstr (addresses->code, ==, "not-found");
  g_assert_cmpstr (addresses->message, ==, "“ipconfig /all” is not in the collected output");
  g_assert_nonnull (firewall);
  g_assert_cmpstr (firewall->code, ==, "not-found");
  g_assert_cmpstr (origin->from, ==, "paste");
  g_assert_cmpstr (origin->elevated, ==, "unknown");
  g_assert_true (g_strv_contains ((const char * const *) origin->missing, "ipconfig /all"));
  /* The client names its cause, but the verdict may still change. */
  g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_MANAGED_NETWORK);
  g_assert_false (origin->conclusive);
}

/* A batch file stopped half-way: what is there is read, the cut section
 * is marked, the rest is missing, and the verdict is provisional. */
static void
test_truncated_file (void)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "managed-zh-cn", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "PC", FALSE);
  const char *data = g_bytes_get_data (file, NULL);
  const char *cut = strstr (data, "[teredo-doctor] begin command=ipconfig /all");
  g_autoptr(GBytes) head = NULL;
  g_autoptr(TdReport) report = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autofree char *rendered = NULL;
  const TdReportOrigin *origin;

  g_assert_nonnull (cut);
  head = g_bytes_new (data, (gsize) (cut - data) + 120);
  report = diagnose_bytes (head);
  origin = td_report_get_origin (report);
  g_assert_false (origin->complete);
  g_assert_false (origin->conclusive);
  g_assert_true (g_strv_contains ((const char * const *) origin->missing, "sc query iphlpsvc"));
  g_assert_cmpuint (g_strv_length (origin->notes), >, 0);
  text = td_report_render (report, TD_REPORT_FORMAT_TEXT, FALSE, NULL);
  rendered = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_assert_nonnull (strstr (rendered, "The verdict is provisional"));
  g_assert_nonnull (strstr (rendered, "the collected file was cut off"));
}

/* Only the Windows XP form of the Teredo state: read with the XP parser,
 * exactly as a live XP machine is. */
static void
test_xp_only (void)
{
  g_autofree char *path = td_test_source_path ("tests", "data", "windows",
                                               "teredo-state-xp-handwritten-probe-cone-default-values-second-type-line.txt",
                                               NULL);
  g_autofree char *contents = NULL;
  g_autofree char *paste = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TdReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  body = contents;
  while (*body == '#')
    body = strchr (body, '\n') + 1;
  paste = g_strconcat ("C:\\>netsh interface ipv6 show teredo\r\n", body, NULL);
  bytes = g_bytes_new (paste, strlen (paste));
  report = diagnose_bytes (bytes);
  g_assert_nonnull (td_report_get_host (report)->client);
  g_assert_true (td_report_get_host (report)->client->legacy_netsh);
  g_assert_cmpint (td_report_get_host (report)->client->state, ==, TD_TEREDO_STATE_PROBE);
}

/* This process's own temporary folder (tests of several builds may run
 * at once). */
static char *temp_dir;

static char *
write_temp (const char *name,
            const void *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (temp_dir, name, NULL);

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  return path;
}

static TdRemoteInput *
load (const char         *path,
      TdRemoteLoadFlags   flags,
      GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  td_remote_load_async (file, flags, NULL, td_async_keep_result, &result);
  return td_remote_load_finish (td_async_wait (&result), error);
}

static void
test_bad_inputs (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  static const guint8 binary[] = { 0x00, 0x01, 0x02, 0xff, 0xfe, 0x10, 0x00, 0x13, 0x07, 0x00, 0x80, 0x81 };
  static const char prose[] = "Hi, my Xbox says Teredo is unable to qualify. What should I do?\n";
  static const char report_json[] = "{\"version\": 1, \"tool\": {\"name\": \"teredo-doctor\"}, \"verdict\": null}";
  const struct {
    const char   *name;
    const void   *data;
    gsize         length;
    GQuark        domain;
    int           code;
    const char   *message;
  } cases[] = {
    { "td-remote-empty.txt", "", 0, TD_ERROR, TD_ERROR_PARSE, "The file is empty" },
    { "td-remote-blank.txt", " \r\n\t\r\n", 6, TD_ERROR, TD_ERROR_PARSE, "The text is blank" },
    { "td-remote.png", png, sizeof png, TD_ERROR, TD_ERROR_NOT_SUPPORTED, "This is a PNG image" },
    { "td-remote.bin", binary, sizeof binary, TD_ERROR, TD_ERROR_PARSE, "This file holds" },
    { "td-remote-prose.txt", prose, sizeof prose - 1, TD_ERROR, TD_ERROR_NOT_FOUND,
      "No Windows command output found: the text begins with “Hi, my Xbox" },
    { "td-remote-report.json", report_json, sizeof report_json - 1, TD_ERROR, TD_ERROR_NOT_SUPPORTED,
      "This is a Teredo Doctor report, not collected command output: use “teredo-doctor-cli report convert”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_temp (cases[i].name, cases[i].data, cases[i].length);
      g_autoptr(GError) error = NULL;
      g_autoptr(TdRemoteInput) input = load (path, TD_REMOTE_LOAD_DEFAULT, &error);

      g_test_message ("%s: %s", cases[i].name, error ? error->message : "(no error)");
      g_assert_null (input);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
      g_unlink (path);
    }

  /* 100 MB: refused from its size, before a byte is read. */
  {
    g_autofree char *path = g_build_filename (temp_dir, "td-remote-100mb.txt", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(TdRemoteInput) input = NULL;
    FILE *f = fopen (path, "w");

    g_assert_nonnull (f);
    g_assert_cmpint (ftruncate (fileno (f), 100 * 1000 * 1000), ==, 0);
    fclose (f);
    input = load (path, TD_REMOTE_LOAD_DEFAULT, &error);
    g_assert_error (error, TD_ERROR, TD_ERROR_TOO_LARGE);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "The file is 95.4\xc2\xa0MiB"));
    g_unlink (path);
  }
  /* A file that is not there. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdRemoteInput) input = load ("/nonexistent/teredo-doctor-collect.txt", TD_REMOTE_LOAD_DEFAULT,
                                           &error);

    g_assert_null (input);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

/* The GUI's Open: a report opens as a report, anything else is read as
 * command output. */
static void
test_load_sniffs (void)
{
  g_autofree char *report_path = td_test_source_path ("tests", "data", "reports", "windows-managed-network.json",
                                                      NULL);
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "qualified-cone", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "PC", TRUE);
  g_autoptr(GBytes) wide = td_test_to_utf16le (file);
  g_autofree char *capture_path = write_temp ("td-remote-collect.txt", g_bytes_get_data (wide, NULL),
                                              g_bytes_get_size (wide));
  g_autoptr(GError) error = NULL;
  g_autoptr(TdRemoteInput) report = load (report_path, TD_REMOTE_LOAD_REPORTS, &error);
  g_autoptr(TdRemoteInput) capture = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (report->kind, ==, TD_CAPTURE_KIND_REPORT);
  g_assert_nonnull (report->report);
  g_assert_null (report->capture);
  capture = load (capture_path, TD_REMOTE_LOAD_REPORTS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (capture->kind, ==, TD_CAPTURE_KIND_TEXT);
  g_assert_null (capture->report);
  g_assert_cmpstr (capture->capture->encoding, ==, "UTF-16LE");
  g_unlink (capture_path);

  /* Another JSON object, opened as a report: the report reader says what
   * is wrong with it; read as command output, what it is. */
  {
    g_autofree char *path = td_test_source_path ("tests", "data", "reports", "not-a-report.json", NULL);
    g_autoptr(TdRemoteInput) as_report = load (path, TD_REMOTE_LOAD_REPORTS, &error);
    g_autoptr(TdRemoteInput) as_output = NULL;

    g_assert_null (as_report);
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "member “tool” must be an object");
    g_clear_error (&error);
    as_output = load (path, TD_REMOTE_LOAD_DEFAULT, &error);
    g_assert_error (error, TD_ERROR, TD_ERROR_NOT_SUPPORTED);
    g_assert_cmpstr (error->message, ==, "This is a JSON document, not Windows command output");
  }
}

/* ---- the guide of the paste mode ---------------------------------------------------- */

/* A paste of @commands' outputs from @full, typed at a prompt, as a user
 * copies them from the console; NULL when none printed anything (there is
 * nothing to paste). */
static char *
paste_of (const TdCapture *full,
          char           **commands)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean printed = FALSE;

  for (guint i = 0; commands[i] != NULL; i++)
    {
      g_auto(GStrv) argv = g_strsplit (commands[i], " ", -1);
      const TdCaptureOutput *output = td_capture_lookup (full, (const char * const *) argv);

      g_string_append_printf (text, "C:\\Users\\ana>%s\r\n", commands[i]);
      if (output != NULL)
        g_string_append (text, output->output);
      printed |= output != NULL && output->output[strspn (output->output, " \t\n")] != '\0';
      g_string_append (text, "\r\n");
    }
  g_string_append (text, "C:\\Users\\ana>\r\n");
  return printed ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Answers the guide's questions from the scenario's full collected file
 * until it has enough: the verdict is then the full file's. */
static void
check_guide (const char *dir)
{
  g_autoptr(GBytes) file = td_test_collect_file (dir, "PC", TRUE);
  g_autoptr(TdCapture) full = parse_bytes (file);
  g_autoptr(TdReport) full_report = diagnose_captures (&full, 1);
  g_autoptr(GPtrArray) pastes = g_ptr_array_new_with_free_func ((GDestroyNotify) td_capture_free);
  g_autoptr(TdReport) report = NULL;
  g_autoptr(TdRemoteQuestion) question = NULL;
  g_autofree char *first = NULL;
  TdRemoteAnswers answers;
  guint asked = 0;

  td_remote_answers_init (&answers, NULL, 0);
  question = td_remote_guide_next (&answers, NULL);
  g_assert_cmpint (question->ask, ==, TD_REMOTE_ASK_TEREDO);
  {
    const TdCaptureOutput *teredo = td_capture_lookup (full, td_capture_cmd_argv (TD_CAPTURE_CMD_TEREDO));

    /* A fixture that is itself a transcript of several runs, with their
     * prompt lines: pasted, its later parts are other commands. */
    if (teredo != NULL && strstr (teredo->output, "\nPS C:\\") != NULL)
      {
        g_test_message ("the Teredo state holds prompt lines of its own: no guide check");
        return;
      }
  }
  first = paste_of (full, question->commands);
  if (first == NULL)
    {
      /* Nothing to paste at all: the first question stays. */
      g_test_message ("the Teredo state printed nothing there");
      return;
    }
  g_assert_cmpstrv (question->commands, ((const char * const []) { "netsh interface teredo show state", NULL }));
  while (question->ask != TD_REMOTE_ASK_NOTHING)
    {
      g_autofree char *paste = paste_of (full, question->commands);
      g_autoptr(GError) error = NULL;
      TdCapture *capture;

      g_test_message ("asked for %s", question->title);
      if (paste == NULL)
        {
          /* Those commands printed nothing there: the user has nothing to
           * paste, and what is known stays provisional. */
          g_test_message ("nothing to paste: the verdict stays provisional");
          g_assert_nonnull (report);
          g_assert_false (td_report_get_origin (report)->conclusive);
          return;
        }
      capture = td_capture_parse ((const guint8 *) paste, strlen (paste), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (question->commands[0] != NULL, ==, TRUE);
      g_ptr_array_add (pastes, capture);
      g_clear_object (&report);
      report = diagnose_captures ((TdCapture * const *) pastes->pdata, pastes->len);
      td_remote_answers_init (&answers, (TdCapture * const *) pastes->pdata, pastes->len);
      g_clear_pointer (&question, td_remote_question_free);
      question = td_remote_guide_next (&answers, td_report_get_host (report));
      g_assert_cmpuint (++asked, <=, 6);
    }
  g_test_message ("%u questions; %s", asked, question->reason);
  g_assert_true (td_report_get_origin (report)->conclusive);
  g_assert_cmpstr (td_verdict_code_to_string (td_report_get_verdict (report)->code), ==,
                   td_verdict_code_to_string (td_report_get_verdict (full_report)->code));
  /* Fewer commands than the batch file runs. */
  g_assert_cmpuint (g_strv_length (td_report_get_origin (report)->missing), >, 0);
}

static void
test_guide (gconstpointer data)
{
  const char *scenario = data;
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", scenario, NULL);

  check_guide (dir);
}

static void
test_describe_paste (void)
{
  static const char ipconfig[] =
    "C:\\>ipconfig /all\r\n\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : pc\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) capture = td_capture_parse ((const guint8 *) ipconfig, strlen (ipconfig), &error);
  g_autoptr(TdRemoteQuestion) question = NULL;
  g_autofree char *text = NULL;
  TdRemoteAnswers answers;

  g_assert_no_error (error);
  td_remote_answers_init (&answers, NULL, 0);
  question = td_remote_guide_next (&answers, NULL);
  text = td_remote_guide_describe_paste (capture, question);
  g_assert_cmpstr (text, ==, "Recognised: ipconfig /all. That is kept, but it is not what was asked for: "
                             "netsh interface teredo show state.");
}

/* ---- a guided session ----------------------------------------------------------------- */

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AddWait;

static void
on_added (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddWait *wait = user_data;

  wait->ok = td_remote_session_add_text_finish (TD_REMOTE_SESSION (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
add_text (TdRemoteSession  *session,
          const char       *text,
          GError          **error)
{
  AddWait wait = { 0 };

  td_remote_session_add_text_async (session, text, NULL, on_added, &wait);
  g_assert_true (td_remote_session_is_busy (session));
  td_async_wait_until (&wait.done);
  g_assert_false (td_remote_session_is_busy (session));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static void
count_changed (guint *changed)
{
  (*changed)++;
}

static void
test_session (void)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "type-disabled", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "PC", TRUE);
  g_autoptr(TdCapture) full = parse_bytes (file);
  g_autoptr(TdRemoteSession) session = td_remote_session_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) first = g_strsplit ("netsh interface teredo show state", "|", -1);
  g_auto(GStrv) second = g_strsplit ("reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters /v DisabledComponents", "|", -1);
  g_auto(GStrv) third = g_strsplit ("ipconfig /all", "|", -1);
  g_autofree char *paste1 = paste_of (full, first);
  g_autofree char *paste2 = paste_of (full, second);
  g_autofree char *paste3 = paste_of (full, third);
  guint changed = 0;

  g_signal_connect_swapped (session, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_null (td_remote_session_get_report (session));
  g_assert_cmpint (td_remote_session_get_question (session)->ask, ==, TD_REMOTE_ASK_TEREDO);

  /* Not command output: refused, naming what was asked for. */
  g_assert_false (add_text (session, "hello, it still does not work", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No Windows command output found: the text begins with “hello, it still "
                                       "does not work”. Asked for: netsh interface teredo show state.");
  g_clear_error (&error);
  g_assert_cmpuint (td_remote_session_get_n_pastes (session), ==, 0);

  g_assert_true (add_text (session, paste1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (td_remote_session_get_message (session), ==, "Recognised: netsh interface teredo show state.");
  /* Teredo is switched off by netsh itself: only what outranks it is
   * still needed. */
  g_assert_cmpint (td_remote_session_get_question (session)->ask, ==, TD_REMOTE_ASK_IPV6);
  g_assert_false (td_remote_session_is_enough (session));
  g_assert_true (add_text (session, paste2, &error));
  g_assert_cmpstrv (td_remote_session_get_question (session)->commands,
                    ((const char * const []) { "ipconfig /all", NULL }));
  g_assert_true (add_text (session, paste3, &error));
  g_assert_true (td_remote_session_is_enough (session));
  g_assert_cmpuint (td_remote_session_get_n_pastes (session), ==, 3);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpint (td_report_get_verdict (td_remote_session_get_report (session))->code, ==,
                   TD_VERDICT_TEREDO_DISABLED);
  g_assert_true (td_report_get_origin (td_remote_session_get_report (session))->conclusive);
  g_assert_cmpstr (td_report_get_origin (td_remote_session_get_report (session))->from, ==, "paste");

  td_remote_session_reset (session);
  g_assert_cmpuint (td_remote_session_get_n_pastes (session), ==, 0);
  g_assert_null (td_remote_session_get_report (session));
  g_assert_cmpint (td_remote_session_get_question (session)->ask, ==, TD_REMOTE_ASK_TEREDO);
}

/* ---- the CLI ------------------------------------------------------------------------------ */

static char *
run_cli (const char * const *args,
         const char         *stdin_path,
         int                *out_status,
         char              **out_stderr)
{
  const char *cli = g_getenv ("TD_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  /* stdin through a pipe fed from the file: set_stdin_file_path() is
   * Unix only. */
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                               (stdin_path != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                   : G_SUBPROCESS_FLAGS_NONE));
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (stdin_path != NULL)
    {
      g_autoptr(GMappedFile) file = g_mapped_file_new (stdin_path, FALSE, &error);

      g_assert_no_error (error);
      in = g_mapped_file_get_bytes (file);
    }
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *out_status = g_subprocess_get_exit_status (process);
  *out_stderr = g_strndup (g_bytes_get_size (err) ? g_bytes_get_data (err, NULL) : "", g_bytes_get_size (err));
  return g_strndup (g_bytes_get_size (out) ? g_bytes_get_data (out, NULL) : "", g_bytes_get_size (out));
}

static void
test_cli (void)
{
  static const struct {
    const char *format;
    const char *begins;
  } formats[] = {
    { "text", "Teredo Doctor report" },
    { "json", "{" },
    { "markdown", "# Teredo Doctor report" },
    { "html", "<!DOCTYPE html>" },
    { "pdf", "%PDF-" },
  };
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", "managed-zh-cn-cp936", NULL);
  g_autofree char *healthy_dir = td_test_source_path ("tests", "data", "fake-windows", "qualified-cone", NULL);
  g_autoptr(GBytes) file = td_test_collect_file (dir, "DESKTOP-7Q2K3LM", FALSE);
  g_autoptr(GBytes) healthy = td_test_collect_file (healthy_dir, "PC", TRUE);
  g_autofree char *path = write_temp ("td-remote-cli.txt", g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  g_autofree char *healthy_path = write_temp ("td-remote-cli-healthy.txt", g_bytes_get_data (healthy, NULL),
                                              g_bytes_get_size (healthy));
  g_autofree char *report_path = td_test_source_path ("tests", "data", "reports", "windows-managed-network.json",
                                                      NULL);
  g_autofree char *empty_path = write_temp ("td-remote-cli-empty.txt", "", 0);
  g_autofree char *found = g_strdup_printf ("%s: Found: chcp, ver, netsh interface teredo show state", path);

  if (g_getenv ("TD_CLI") == NULL)
    {
      g_test_skip ("TD_CLI is not set (run through meson test)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *args[] = { "diagnose", "--from", path, "--format", formats[i].format, NULL };
      g_autofree char *err = NULL;
      g_autofree char *out = NULL;
      int status = -1;

      out = run_cli (args, NULL, &status, &err);
      g_test_message ("--format %s: exit %d", formats[i].format, status);
      g_assert_cmpint (status, ==, 1);   /* managed-network: a problem */
      g_assert_true (g_str_has_prefix (out, formats[i].begins));
      /* The reader's summary and notes, on stderr only. */
      g_assert_true (g_str_has_prefix (err, found));
      if (g_str_equal (formats[i].format, "json"))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;
          g_autoptr(TdReport) report = NULL;

          json_parser_load_from_data (parser, out, -1, &error);
          g_assert_no_error (error);
          report = td_report_load_from_json (json_parser_get_root (parser), &error);
          g_assert_no_error (error);
          g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_MANAGED_NETWORK);
          g_assert_cmpstr (td_report_get_origin (report)->encoding, ==, "CP936");
        }
    }

  /* Standard input, a healthy computer: exit 0. */
  {
    const char *args[] = { "diagnose", "--from", "-", "--format", "json", NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = NULL;
    int status = -1;

    out = run_cli (args, healthy_path, &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"teredo-qualified\""));
    g_assert_true (g_str_has_prefix (err, "standard input: Found:"));
  }
  /* Standard input is read as bytes: a UTF-16 file whose computer name
   * has 业 (U+4E1A, the bytes 1A 4E) arrives whole.  In the Windows C
   * runtime's text mode the read would stop at the 0x1A byte (Ctrl+Z). */
  {
    const char *args[] = { "diagnose", "--from", "-", "--format", "json", NULL };
    g_autoptr(GBytes) utf8 = td_test_collect_file (healthy_dir, "企业-PC", TRUE);
    g_autoptr(GBytes) utf16 = td_test_to_utf16le (utf8);
    g_autofree char *utf16_path = write_temp ("td-remote-cli-utf16.txt", g_bytes_get_data (utf16, NULL),
                                              g_bytes_get_size (utf16));
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(TdReport) report = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *err = NULL;
    g_autofree char *out = NULL;
    int status = -1;

    g_assert_nonnull (memchr (g_bytes_get_data (utf16, NULL), 0x1a, g_bytes_get_size (utf16)));
    out = run_cli (args, utf16_path, &status, &err);
    g_test_message ("UTF-16 on standard input: exit %d, %s", status, err);
    g_assert_cmpint (status, ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    report = td_report_load_from_json (json_parser_get_root (parser), &error);
    g_assert_no_error (error);
    g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_TEREDO_QUALIFIED);
    g_assert_cmpstr (td_report_get_hostname (report), ==, "企业-PC");
    g_assert_cmpstr (td_report_get_origin (report)->encoding, ==, "UTF-16LE");
    g_unlink (utf16_path);
  }
  /* Unusable input: exit 2 with the specific message. */
  {
    const struct {
      const char *from;
      const char *stdin_path;
      const char *message;
    } bad[] = {
      { empty_path, NULL, "The file is empty" },
      { "-", empty_path, "The file is empty" },
      { report_path, NULL, "This is a Teredo Doctor report, not collected command output: use “teredo-doctor-cli "
                           "report convert”" },
      { "/nonexistent/collect.txt", NULL, "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        const char *args[] = { "diagnose", "--from", bad[i].from, NULL };
        g_autofree char *err = NULL;
        g_autofree char *out = NULL;
        g_autofree char *expected = NULL;
        int status = -1;

        out = run_cli (args, bad[i].stdin_path, &status, &err);
        expected = g_strdup_printf ("teredo-doctor-cli diagnose: %s: %s",
                                    g_str_equal (bad[i].from, "-") ? "standard input" : bad[i].from,
                                    bad[i].message);
        g_test_message ("%s", err);
        g_assert_cmpint (status, ==, 2);
        g_assert_cmpstr (out, ==, "");
        g_assert_true (g_str_has_prefix (err, expected));
      }
  }
  /* Options that run something here do not go with --from. */
  {
    const char *args[] = { "diagnose", "--from", path, "--server", "teredo.remlab.net", NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = NULL;
    int status = -1;

    out = run_cli (args, NULL, &status, &err);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "--from takes only --format, --output and --redact"));
  }
  g_unlink (path);
  g_unlink (healthy_path);
  g_unlink (empty_path);
}

/* The PDF writer's font caches (pango, cairo, fontconfig) live as long as
 * the process: dropped at exit, so that valgrind sees only our memory. */
static void
release_font_caches (void)
{
  GModule *self = g_module_open (NULL, 0);
  gpointer fc_fini = NULL;

  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  /* fontconfig is loaded by pango, not linked by us: look FcFini up. */
  if (self != NULL && g_module_symbol (self, "FcFini", &fc_fini) && fc_fini != NULL)
    ((void (*) (void)) fc_fini) ();
  if (self != NULL)
    g_module_close (self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *fake_dir = NULL;
  g_autofree char *windows_dir = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fixtures = g_ptr_array_new_with_free_func ((GDestroyNotify) fixture_case_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;
  g_autoptr(GError) error = NULL;
  gboolean under_wine;
  int status;

  g_test_init (&argc, &argv, NULL);
  under_wine = g_getenv ("TD_TEST_UNDER_WINE") != NULL;
  g_setenv ("TD_COMMAND_TIMEOUT_MS", "5000", TRUE);
  temp_dir = g_dir_make_tmp ("td-test-remote-XXXXXX", &error);
  g_assert_no_error (error);

  /* Every fake-Windows scenario that prints outputs. */
  fake_dir = td_test_source_path ("tests", "data", "fake-windows", NULL);
  d = g_dir_open (fake_dir, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (fake_dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && scenario_prints_outputs (path))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_clear_pointer (&d, g_dir_close);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      char *scenario = g_strdup (g_ptr_array_index (names, i));

      g_ptr_array_add (keep, scenario);
      g_ptr_array_add (keep, g_strdup_printf ("/remote/same-as-live/scenario/%s", scenario));
      g_test_add_data_func (g_ptr_array_index (keep, keep->len - 1), scenario, test_scenario);
      g_ptr_array_add (keep, g_strdup_printf ("/remote/guide/%s", scenario));
      g_test_add_data_func (g_ptr_array_index (keep, keep->len - 1), scenario, test_guide);
    }

  /* A collected file for every Teredo-state fixture. */
  windows_dir = td_test_source_path ("tests", "data", "windows", NULL);
  d = g_dir_open (windows_dir, 0, NULL);
  g_assert_nonnull (d);
  g_ptr_array_set_size (names, 0);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "teredo-state-") && g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      FixtureCase *fc;

      /* Under Wine a live collection starts fifteen programs (seconds):
       * every third fixture there, the rest on Linux, where the same
       * parsers run on all of them. */
      if (under_wine && i % 3 != 0)
        {
          g_ptr_array_add (keep, g_strdup_printf ("/remote/same-as-live/fixture/%.*s",
                                                  (int) strlen (g_ptr_array_index (names, i)) - 4,
                                                  (const char *) g_ptr_array_index (names, i)));
          td_test_add_skipped (g_ptr_array_index (keep, keep->len - 1),
                               "under Wine every third fixture (seconds each); all of them on Linux");
          continue;
        }
      fc = g_new0 (FixtureCase, 1);

      fc->name = g_strdup (g_ptr_array_index (names, i));
      fc->index = i;
      g_ptr_array_add (fixtures, fc);
      g_ptr_array_add (keep, g_strdup_printf ("/remote/same-as-live/fixture/%.*s", (int) strlen (fc->name) - 4,
                                              fc->name));
      g_test_add_data_func (g_ptr_array_index (keep, keep->len - 1), fc, test_fixture);
    }

  g_test_add_func ("/remote/encoding/utf16le", test_utf16);
  g_test_add_func ("/remote/encoding/cp936", test_cp936);
  g_test_add_func ("/remote/report/origin-and-copy-only-fixes", test_report);
  g_test_add_func ("/remote/report/older-reports", test_report_without_origin);
  g_test_add_func ("/remote/report/bad-origin", test_report_bad_origin);
  g_test_add_func ("/remote/partial/missing-outputs", test_missing_outputs);
  g_test_add_func ("/remote/partial/truncated-file", test_truncated_file);
  g_test_add_func ("/remote/partial/xp-only", test_xp_only);
  g_test_add_func ("/remote/bad-inputs", test_bad_inputs);
  g_test_add_func ("/remote/load-sniffs", test_load_sniffs);
  g_test_add_func ("/remote/guide/describe-paste", test_describe_paste);
  g_test_add_func ("/remote/session/three-pastes", test_session);
  g_test_add_func ("/remote/cli", test_cli);

  status = g_test_run ();
  td_test_remove_tree (temp_dir);
  g_free (temp_dir);
  release_font_caches ();
  return status;
}
