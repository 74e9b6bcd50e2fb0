/* test-report.c — the report model, its writers and its strict reader
 *
 * Golden files: tests/data/reports/golden/report.{txt,md} were generated
 * once by the writers and reviewed by hand; run with TD_UPDATE_GOLDEN=1 to
 * write them again after an intended change (then review the diff).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmodule.h>
#include <pango/pangocairo.h>

#include "td-async.h"
#include "td-error.h"
#include "td-redact.h"
#include "td-report-writer.h"
#include "td-report.h"
#include "td-schema-check.h"
#include "td-test-report.h"

/* ---- helpers ---------------------------------------------------------- */

static char *
render_string (TdReport       *report,
               TdReportFormat  format,
               gboolean        redact)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = td_report_render (report, format, redact, &error);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  if (format != TD_REPORT_FORMAT_PDF)
    g_assert_true (g_utf8_validate (data, size, NULL));
  return g_strndup (data, size);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
load_schema (void)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");
  g_autofree char *path = root != NULL
                          ? g_build_filename (root, "data", "teredo-doctor-report.schema.json", NULL)
                          : g_test_build_filename (G_TEST_DIST, "..", "data",
                                                   "teredo-doctor-report.schema.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = NULL;

  if (strstr (text, from) == NULL)
    g_error ("“%s” is not in the report", from);
  parts = g_strsplit (text, from, 2);
  return g_strconcat (parts[0], to, parts[1], NULL);
}

/* ---- the model -------------------------------------------------------- */

typedef struct {
  guint status, summary, details, countdown;
} Notifications;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  Notifications *n = user_data;

  if (g_str_equal (pspec->name, "status"))
    n->status++;
  else if (g_str_equal (pspec->name, "summary"))
    n->summary++;
  else if (g_str_equal (pspec->name, "details"))
    n->details++;
  else if (g_str_equal (pspec->name, "countdown"))
    n->countdown++;
}

static void
test_check_result_notify (void)
{
  g_autoptr(TdCheckResult) check = td_check_result_new ("teredo-client", "Teredo client state");
  Notifications n = { 0 };
  TdCheckStatus status;
  g_autofree char *summary = NULL;

  g_signal_connect (check, "notify", G_CALLBACK (on_notify), &n);
  g_assert_cmpint (td_check_result_get_status (check), ==, TD_CHECK_STATUS_WAITING);
  g_assert_false (td_check_status_is_final (TD_CHECK_STATUS_RUNNING));
  g_assert_true (td_check_status_is_final (TD_CHECK_STATUS_CANCELLED));

  td_check_result_set_status (check, TD_CHECK_STATUS_RUNNING);
  td_check_result_set_status (check, TD_CHECK_STATUS_RUNNING);   /* no change, no notify */
  g_assert_cmpuint (n.status, ==, 1);

  td_check_result_set_countdown (check, 60);
  td_check_result_set_countdown (check, 59);
  td_check_result_set_countdown (check, 59);
  g_assert_cmpuint (n.countdown, ==, 2);

  td_check_result_set_outcome (check, TD_CHECK_STATUS_FAIL, "offline", "details");
  g_assert_cmpuint (n.status, ==, 2);
  g_assert_cmpuint (n.summary, ==, 1);
  g_assert_cmpuint (n.details, ==, 1);
  td_check_result_set_outcome (check, TD_CHECK_STATUS_FAIL, "offline", "details");
  g_assert_cmpuint (n.status + n.summary + n.details, ==, 4);

  g_object_get (check, "status", &status, "summary", &summary, NULL);
  g_assert_cmpint (status, ==, TD_CHECK_STATUS_FAIL);
  g_assert_cmpstr (summary, ==, "offline");
  {
    g_autofree char *name = g_enum_to_string (TD_TYPE_CHECK_STATUS, TD_CHECK_STATUS_SKIP);
    g_assert_cmpstr (name, ==, "TD_CHECK_STATUS_SKIP");
  }

  for (int i = TD_CHECK_STATUS_WAITING; i <= TD_CHECK_STATUS_CANCELLED; i++)
    {
      TdCheckStatus back;

      g_assert_true (td_check_status_from_string (td_check_status_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_false (td_check_status_from_string ("maybe", &status));
}

static void
test_verdict_codes (void)
{
  g_autoptr(TdVerdict) verdict = NULL;
  guint n_healthy = 0;

  for (int code = 0; code < TD_VERDICT_N_CODES; code++)
    {
      TdVerdictCode back;

      g_assert_true (td_verdict_code_from_string (td_verdict_code_to_string (code), &back));
      g_assert_cmpint (back, ==, code);
      g_assert_cmpstr (td_verdict_code_get_title (code), !=, "");
      g_assert_true (g_str_has_suffix (td_verdict_code_get_icon (code), "-symbolic"));
      n_healthy += td_verdict_code_is_healthy (code);
    }
  g_assert_cmpuint (n_healthy, ==, 3);
  g_assert_true (td_verdict_code_is_healthy (TD_VERDICT_TEREDO_DORMANT));
  g_assert_false (td_verdict_code_is_healthy (TD_VERDICT_UNKNOWN));
  g_assert_cmpstr (td_verdict_code_to_string (TD_VERDICT_SECONDARY_BLOCKED), ==, "secondary-blocked");
  g_assert_cmpstr (td_verdict_code_get_icon (TD_VERDICT_TEREDO_QUALIFIED), ==, "emblem-ok-symbolic");
  g_assert_false (td_verdict_code_from_string ("Teredo-Qualified", NULL));

  /* Findings: leader first, then precedence order, no duplicates. */
  verdict = td_verdict_new (TD_VERDICT_MANAGED_NETWORK, "summary");
  td_verdict_add_finding (verdict, TD_VERDICT_PNRP_REMOVED);
  td_verdict_add_finding (verdict, TD_VERDICT_UDP_BLOCKED);
  td_verdict_add_finding (verdict, TD_VERDICT_NO_IPV6_FIREWALL);
  td_verdict_add_finding (verdict, TD_VERDICT_UDP_BLOCKED);
  td_verdict_add_finding (verdict, TD_VERDICT_MANAGED_NETWORK);
  g_assert_cmpuint (verdict->findings->len, ==, 4);
  g_assert_cmpint (g_array_index (verdict->findings, TdVerdictCode, 0), ==, TD_VERDICT_MANAGED_NETWORK);
  g_assert_cmpint (g_array_index (verdict->findings, TdVerdictCode, 1), ==, TD_VERDICT_UDP_BLOCKED);
  g_assert_cmpint (g_array_index (verdict->findings, TdVerdictCode, 2), ==, TD_VERDICT_NO_IPV6_FIREWALL);
  g_assert_cmpint (g_array_index (verdict->findings, TdVerdictCode, 3), ==, TD_VERDICT_PNRP_REMOVED);
}

static void
test_remedy_command_line (void)
{
  g_autoptr(TdRemedy) windows = td_remedy_new ("windows", "t", NULL,
                                               (const char * const[]) {
                                                 "powershell", "-Command",
                                                 "Set-NetTeredoConfiguration -Type Enterpriseclient",
                                                 "say \"hi\"", NULL },
                                               TRUE, FALSE);
  g_autoptr(TdRemedy) linux_remedy = td_remedy_new ("linux", "t", NULL,
                                                    (const char * const[]) {
                                                      "sh", "-c", "echo 'x' > /tmp/y",
                                                      "ServerAddress=teredo.example.net", "",
                                                      NULL },
                                                    TRUE, TRUE);
  g_autoptr(TdRemedy) manual = td_remedy_new ("any", "t", "d", NULL, FALSE, FALSE);
  g_autoptr(TdRemedy) copy = NULL;
  g_autofree char *windows_line = td_remedy_command_line (windows);
  g_autofree char *linux_line = td_remedy_command_line (linux_remedy);
  g_autofree char *copy_line = NULL;

  g_assert_cmpstr (windows_line, ==,
                   "powershell -Command \"Set-NetTeredoConfiguration -Type Enterpriseclient\" "
                   "\"say \\\"hi\\\"\"");
  g_assert_cmpstr (linux_line, ==,
                   "sh -c 'echo '\\''x'\\'' > /tmp/y' ServerAddress=teredo.example.net ''");
  g_assert_null (td_remedy_command_line (manual));

  td_remedy_set_fix (windows, "teredo-set-type", (const char * const[]) { "enterpriseclient", NULL });
  copy = td_remedy_copy (windows);
  copy_line = td_remedy_command_line (copy);
  g_assert_cmpstr (copy_line, ==, windows_line);
  g_assert_cmpstr (copy->fix_action, ==, "teredo-set-type");
  g_assert_cmpstr (copy->fix_args[0], ==, "enterpriseclient");
  g_assert_true (copy->needs_admin);
}

static void
test_report_model (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(TdReport) empty = td_report_new ();
  g_autofree char *started = NULL;

  g_assert_false (td_report_is_from_file (report));
  g_assert_cmpuint (g_list_model_get_n_items (td_report_get_checks (report)), ==, 12);
  g_assert_cmpstr (td_check_result_get_title (td_report_find_check (report, "managed-network")), ==,
                   "Managed network");
  g_assert_null (td_report_find_check (report, "nope"));
  g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_MANAGED_NETWORK);
  started = g_date_time_format_iso8601 (td_report_get_started_at (report));
  g_assert_cmpstr (started, ==, "2024-05-01T10:00:00Z");

  /* A fresh report: now, this platform, this version, nothing else. */
  g_assert_nonnull (td_report_get_started_at (empty));
  g_assert_cmpstr (td_report_get_tool_version (empty), ==, PACKAGE_VERSION);
  g_assert_null (td_report_get_verdict (empty));
  g_assert_null (td_report_get_host (empty));
  g_assert_false (td_report_get_redacted (empty));
}

static void
test_format_names (void)
{
  TdReportFormat format;

  g_assert_true (td_report_format_from_string ("MD", &format));
  g_assert_cmpint (format, ==, TD_REPORT_FORMAT_MARKDOWN);
  g_assert_true (td_report_format_from_string ("txt", &format));
  g_assert_cmpint (format, ==, TD_REPORT_FORMAT_TEXT);
  g_assert_true (td_report_format_from_string ("pdf", &format));
  g_assert_cmpint (format, ==, TD_REPORT_FORMAT_PDF);
  g_assert_false (td_report_format_from_string ("docx", &format));
  g_assert_false (td_report_format_from_string (NULL, &format));
  g_assert_cmpstr (td_report_format_get_extension (TD_REPORT_FORMAT_HTML), ==, "html");
  g_assert_cmpstr (td_report_format_get_content_type (TD_REPORT_FORMAT_MARKDOWN), ==, "text/markdown");
}

/* ---- JSON: round trip and schema ---------------------------------------- */

static void
assert_round_trip (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdReport) loaded = td_report_load_from_data (json, -1, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (td_report_is_from_file (loaded));
  again = render_string (loaded, TD_REPORT_FORMAT_JSON, FALSE);
  g_assert_cmpstr (again, ==, json);
}

static void
test_round_trip (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(TdReport) empty = td_report_new ();
  g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, FALSE);
  g_autofree char *empty_json = NULL;
  g_autofree char *with_bom = NULL;
  g_autoptr(TdReport) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (json, "{\n  \"version\" : 1,\n"));
  assert_round_trip (json);

  /* The model, not only the text, comes back. */
  loaded = td_report_load_from_data (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (td_report_get_hostname (loaded), ==, "DESKTOP-7Q2K3LM");
  g_assert_cmpint (td_report_get_platform (loaded), ==, TD_PLATFORM_WINDOWS);
  g_assert_cmpint (td_report_get_duration_ms (loaded), ==, 14230);
  g_assert_cmpuint (td_report_get_verdict (loaded)->findings->len, ==, 2);
  g_assert_cmpuint (td_check_result_get_remedies (td_report_find_check (loaded, "managed-network"))->len,
                    ==, 3);
  g_assert_cmpstr (td_report_get_probe (loaded)->teredo_address, ==,
                   "2001:0:c633:640a:8000:63be:34ff:8eb2");
  g_assert_cmpuint (td_report_get_probe (loaded)->events->len, ==, 7);
  g_assert_cmpuint (td_report_get_host (loaded)->evidence->len, ==, 3);

  /* A report with nothing in it (no verdict, host or probe) too. */
  td_report_set_tool_version (empty, "0.1.0");
  empty_json = render_string (empty, TD_REPORT_FORMAT_JSON, FALSE);
  assert_round_trip (empty_json);

  /* A byte order mark, as Notepad saves it, is accepted. */
  with_bom = g_strconcat ("\xef\xbb\xbf", json, NULL);
  g_clear_object (&loaded);
  loaded = td_report_load_from_data (with_bom, -1, &error);
  g_assert_no_error (error);
}

static void
test_round_trip_redacted (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, TRUE);
  g_autoptr(TdReport) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (strstr (json, "\"redacted\" : true"));
  assert_round_trip (json);
  loaded = td_report_load_from_data (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (td_report_get_redacted (loaded));
  g_assert_cmpstr (td_report_get_hostname (loaded), ==, "host-1");
  /* Masked host addresses come back as the masks. */
  g_assert_cmpstr (((TdHostAddress *) g_ptr_array_index (td_report_get_host (loaded)->addresses, 2))->address,
                   ==, "public-ipv6-1");
}

/* Pretty-printing a big report can take it over the reader's limit: the
 * writer then falls back to compact JSON, so what it writes loads again. */
static void
test_big_report (void)
{
  g_autoptr(TdReport) report = td_report_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(TdReport) loaded = NULL;
  g_autoptr(GError) error = NULL;

  for (guint c = 0; c < 150; c++)
    {
      g_autofree char *id = g_strdup_printf ("check-%u", c);
      g_autoptr(TdCheckResult) check = td_check_result_new (id, "A check");

      for (guint e = 0; e < TD_REPORT_MAX_CHECKS; e++)
        td_check_result_add_evidence (check, "l", "x");
      td_report_add_check (report, check);
    }
  json = td_report_render (report, TD_REPORT_FORMAT_JSON, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (json), <, TD_REPORT_MAX_FILE_SIZE);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (json, NULL), "{\"version\":1,"));
  loaded = td_report_load_from_data (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (td_report_get_checks (loaded)), ==, 150);
}

static void
test_schema (void)
{
  g_autoptr(JsonNode) schema = load_schema ();
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(TdReport) empty = td_report_new ();
  const char *bad[][2] = {
    { "\"version\" : 1", "\"version\" : 2" },
    { "\"status\" : \"pass\"", "\"status\" : \"maybe\"" },
    { "\"duration_ms\" : 14230", "\"duration_ms\" : -1" },
    { "\"redacted\" : false", "\"redacted\" : false, \"extra\" : 1" },
    { "\"needs_admin\" : true", "\"needs_admin\" : \"yes\"" },
    { "\"started_at\" : \"2024-05-01T10:00:00Z\"", "\"started_at\" : \"yesterday\"" },
  };
  const char *messages[] = {
    "/version: the value is not the required constant",
    "/checks/0/status: “maybe” is not one of the allowed values",
    "/duration_ms: -1 is outside the minimum 0",
    "/: member “extra” is not allowed",
    "/checks/5/remedies/0/needs_admin: string where boolean is required",
    "/started_at: “yesterday” does not match the pattern",
  };
  gboolean redact_options[] = { FALSE, TRUE };

  for (gsize r = 0; r < G_N_ELEMENTS (redact_options); r++)
    {
      g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, redact_options[r]);
      g_autoptr(JsonNode) instance = parse_json (json);
      g_autoptr(GError) error = NULL;

      td_schema_check (schema, instance, &error);
      g_assert_no_error (error);
    }
  {
    g_autofree char *json = render_string (empty, TD_REPORT_FORMAT_JSON, FALSE);
    g_autoptr(JsonNode) instance = parse_json (json);
    g_autoptr(GError) error = NULL;

    td_schema_check (schema, instance, &error);
    g_assert_no_error (error);
  }

  /* The validator (and the schema) can fail, with the right path. */
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, FALSE);
      g_autofree char *broken = replace (json, bad[i][0], bad[i][1]);
      g_autoptr(JsonNode) instance = parse_json (broken);
      g_autoptr(GError) error = NULL;

      g_assert_false (td_schema_check (schema, instance, &error));
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, messages[i]))
        g_error ("schema case %" G_GSIZE_FORMAT ": got “%s”, expected “%s…”", i,
                 error->message, messages[i]);
    }

  /* A schema keyword the checker does not know is an error, never ignored. */
  {
    g_autoptr(JsonNode) odd = parse_json ("{\"type\": \"object\", \"patternProperties\": {}}");
    g_autoptr(JsonNode) instance = parse_json ("{}");
    g_autoptr(GError) error = NULL;

    g_assert_false (td_schema_check (odd, instance, &error));
    g_assert_nonnull (strstr (error->message, "unsupported keyword “patternProperties”"));
  }
}

/* ---- text and Markdown: golden files ------------------------------------ */

static void
check_golden (const char *name,
              const char *actual)
{
  g_autofree char *path = td_test_report_data_path (name);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("TD_UPDATE_GOLDEN") != NULL)
    {
      g_file_set_contents (path, actual, -1, &error);
      g_assert_no_error (error);
      g_test_message ("wrote %s", path);
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (expected, actual) != 0)
    {
      g_autofree char *got = g_build_filename (g_get_tmp_dir (), "td-golden-actual", NULL);

      g_file_set_contents (got, actual, -1, NULL);
      g_test_message ("%s differs; the output is in %s", path, got);
    }
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_golden_text (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *text = render_string (report, TD_REPORT_FORMAT_TEXT, FALSE);

  check_golden ("golden/report.txt", text);
  /* Commands are never wrapped or altered. */
  g_assert_nonnull (strstr (text, "\n             netsh interface teredo set state type=enterpriseclient\n"));
  /* The escape character is shown, not sent to the terminal. */
  g_assert_null (strchr (text, '\x1b'));
  g_assert_null (strchr (text, '\r'));
}

static void
test_golden_markdown (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *markdown = render_string (report, TD_REPORT_FORMAT_MARKDOWN, FALSE);

  check_golden ("golden/report.md", markdown);
  /* The evidence holding ``` is fenced with four backticks. */
  g_assert_nonnull (strstr (markdown, "````text\nPinging"));
  /* Report text cannot inject HTML into the ticket. */
  g_assert_null (strstr (markdown, "<ICMP echo>"));
  g_assert_nonnull (strstr (markdown, "\\<ICMP echo\\> \\& that"));
}

/* ---- HTML: well-formed, self-contained ---------------------------------- */

typedef struct {
  guint       n_elements;
  gboolean    in_style;
  GString    *style;
  GPtrArray  *ids;
  GPtrArray  *hrefs;
} HtmlScan;

static void
html_start (GMarkupParseContext  *context,
            const char           *element,
            const char          **names,
            const char          **values,
            gpointer              user_data,
            GError              **error)
{
  HtmlScan *scan = user_data;
  static const char * const forbidden[] = {
    "script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base", NULL
  };

  scan->n_elements++;
  if (g_strv_contains (forbidden, element))
    g_error ("the report holds a <%s> element", element);
  scan->in_style = g_str_equal (element, "style");
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "src") || g_str_equal (names[i], "srcset") ||
          g_str_has_prefix (names[i], "on"))
        g_error ("attribute %s= on <%s>", names[i], element);
      if (strstr (values[i], "://") != NULL || strstr (values[i], "url(") != NULL)
        g_error ("attribute %s=\"%s\" refers outside", names[i], values[i]);
      if (g_str_equal (names[i], "href"))
        g_ptr_array_add (scan->hrefs, g_strdup (values[i]));
      if (g_str_equal (names[i], "id"))
        g_ptr_array_add (scan->ids, g_strdup (values[i]));
    }
}

static void
html_end (GMarkupParseContext  *context,
          const char           *element,
          gpointer              user_data,
          GError              **error)
{
  ((HtmlScan *) user_data)->in_style = FALSE;
}

static void
html_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 length,
           gpointer              user_data,
           GError              **error)
{
  HtmlScan *scan = user_data;

  if (scan->in_style)
    g_string_append_len (scan->style, text, length);
}

static void
check_html (const char *html)
{
  static const GMarkupParser parser = { html_start, html_end, html_text, NULL, NULL };
  HtmlScan scan = { 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  scan.style = g_string_new (NULL);
  scan.ids = g_ptr_array_new_with_free_func (g_free);
  scan.hrefs = g_ptr_array_new_with_free_func (g_free);
  context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  /* GMarkup reads XML, not HTML: skip the doctype line it does not know. */
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n"));
  g_markup_parse_context_parse (context, html + strlen ("<!DOCTYPE html>\n"), -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scan.n_elements, >, 100);

  g_assert_null (strstr (scan.style->str, "url("));
  g_assert_null (strstr (scan.style->str, "@import"));
  g_assert_null (strstr (scan.style->str, "://"));
  g_assert_nonnull (strstr (scan.style->str, "@media print"));
  g_assert_nonnull (strstr (scan.style->str, "prefers-color-scheme: dark"));
  g_assert_nonnull (strstr (scan.style->str, "@media (max-width"));
  /* Every link stays in the page and lands on an element. */
  g_assert_cmpuint (scan.hrefs->len, ==, 12);
  for (guint i = 0; i < scan.hrefs->len; i++)
    {
      const char *href = g_ptr_array_index (scan.hrefs, i);
      gboolean found = FALSE;

      g_assert_true (href[0] == '#');
      for (guint j = 0; j < scan.ids->len && !found; j++)
        found = g_str_equal (href + 1, g_ptr_array_index (scan.ids, j));
      g_assert_true (found);
    }
  g_string_free (scan.style, TRUE);
  g_ptr_array_unref (scan.ids);
  g_ptr_array_unref (scan.hrefs);
}

static void
test_html (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *html = render_string (report, TD_REPORT_FORMAT_HTML, FALSE);
  g_autofree char *redacted = render_string (report, TD_REPORT_FORMAT_HTML, TRUE);

  check_html (html);
  check_html (redacted);
  g_assert_nonnull (strstr (html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"));
  /* Text that looks like markup or a URL is text. */
  g_assert_nonnull (strstr (html, "ping &lt;ICMP echo&gt; &amp; that is normal"));
  g_assert_nonnull (strstr (html, "fetch https://ipv6.example.net/ over"));
  /* Statuses are words, not only colours. */
  g_assert_nonnull (strstr (html, "<span class=\"badge s-fail\">✗ FAIL</span>"));
  g_assert_nonnull (strstr (html, "<span class=\"badge s-skip\">– SKIP</span>"));
  g_assert_nonnull (strstr (html, "Verdict: a problem was found"));
  g_assert_nonnull (strstr (html, "<pre class=\"command\"><code>netsh interface teredo set state type=enterpriseclient</code></pre>"));
  /* The escape character became its visible picture. */
  g_assert_null (strchr (html, '\x1b'));
  g_assert_nonnull (strstr (html, "^[[0m escape"));

  /* xmllint, when present, agrees that it is well-formed HTML. */
  {
    g_autofree char *xmllint = g_find_program_in_path ("xmllint");

    if (xmllint != NULL)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = NULL;
        g_autofree char *err_output = NULL;
        int fd = g_file_open_tmp ("td-report-XXXXXX.html", &path, &error);
        int status;

        g_assert_no_error (error);
        close (fd);
        g_file_set_contents (path, html, -1, &error);
        g_assert_no_error (error);
        g_spawn_sync (NULL, (char *[]) { xmllint, "--noout", "--nonet", path, NULL }, NULL,
                      G_SPAWN_DEFAULT, NULL, NULL, NULL, &err_output, &status, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (err_output, ==, "");
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        g_unlink (path);
      }
  }
}

/* ---- PDF ---------------------------------------------------------------- */

static char *
run_tool (const char *tool,
          const char *argument,
          const char *path)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int status;

  if (program == NULL)
    return NULL;
  if (argument != NULL)
    g_spawn_sync (NULL, (char *[]) { program, (char *) argument, (char *) path, (char *) "-", NULL },
                  NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &output, NULL, &status, &error);
  else
    g_spawn_sync (NULL, (char *[]) { program, (char *) path, NULL }, NULL,
                  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return output;
}

static void
test_pdf (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = td_report_render (report, TD_REPORT_FORMAT_PDF, FALSE, &error);
  g_autoptr(GBytes) again = td_report_render (report, TD_REPORT_FORMAT_PDF, FALSE, NULL);
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pages_line = NULL;
  g_autofree char *last_footer = NULL;
  const char *pages;
  int fd, n_pages;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (pdf, NULL), "%PDF-"));
  /* The same report gives the same file (the date is the report's). */
  g_assert_true (g_bytes_equal (pdf, again));

  fd = g_file_open_tmp ("td-report-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);

  info = run_tool ("pdfinfo", NULL, path);
  text = run_tool ("pdftotext", "-layout", path);
  if (info == NULL || text == NULL)
    {
      g_unlink (path);
      g_test_skip ("pdfinfo/pdftotext (poppler-utils) are not installed");
      return;
    }
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts (A4)"));
  g_assert_nonnull (strstr (info, "Teredo Doctor report — DESKTOP-7Q2K3LM"));
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  n_pages = atoi (pages + strlen ("Pages:"));
  g_assert_cmpint (n_pages, >=, 2);

  g_assert_nonnull (strstr (text, "managed-network"));
  g_assert_nonnull (strstr (text, "Teredo client state"));
  g_assert_nonnull (strstr (text, "netsh interface teredo set state type=enterpriseclient"));
  pages_line = g_strdup_printf ("Page 1 of %d", n_pages);
  last_footer = g_strdup_printf ("Page %d of %d", n_pages, n_pages);
  g_assert_nonnull (strstr (text, pages_line));
  g_assert_nonnull (strstr (text, last_footer));
  g_unlink (path);
}

/* ---- the reader: every bad input has its own error ----------------------- */

typedef struct {
  const char *from;      /* replaced in the valid report's JSON … */
  const char *to;        /* … by this */
  int         code;      /* TD_ERROR_* */
  const char *message;   /* a substring of the error */
} BadCase;

static const BadCase bad_cases[] = {
  { "\"version\" : 1", "\"version\" : 2", TD_ERROR_PARSE,
    "unsupported report version 2 (this program reads version 1)" },
  { "\"version\" : 1", "\"version\" : \"1\"", TD_ERROR_PARSE, "member “version” must be an integer" },
  { "\"version\" : 1,", "", TD_ERROR_PARSE, "member “version” is missing" },
  { "\"name\" : \"teredo-doctor\"", "\"name\" : \"other-tool\"", TD_ERROR_PARSE,
    "member “tool.name” is “other-tool”: not a Teredo Doctor report" },
  { "\"redacted\" : false", "\"redacted\" : false, \"colour\" : \"red\"", TD_ERROR_PARSE,
    "unknown member “colour”" },
  { "\"redacted\" : false", "\"redacted\" : false, \"redacted\" : true", TD_ERROR_PARSE,
    "member “redacted” appears twice in the same object" },
  { "\"redacted\" : false", "\"redacted\" : 0", TD_ERROR_PARSE,
    "member “redacted” must be true or false" },
  { "\"started_at\" : \"2024-05-01T10:00:00Z\"", "\"started_at\" : \"2024-05-01 10:00\"",
    TD_ERROR_PARSE, "member “started_at” is not an ISO 8601 time with a time zone" },
  { "\"duration_ms\" : 14230", "\"duration_ms\" : -5", TD_ERROR_PARSE,
    "member “duration_ms” is -5, outside" },
  { "\"platform\" : \"windows\",\n  \"hostname\"", "\"platform\" : \"amiga\",\n  \"hostname\"",
    TD_ERROR_PARSE, "member “platform” has an unknown value “amiga”" },
  { "\"hostname\" : \"DESKTOP-7Q2K3LM\"", "\"hostname\" : 42", TD_ERROR_PARSE,
    "member “hostname” must be a string or null" },
  { "\"code\" : \"managed-network\"", "\"code\" : \"bogus\"", TD_ERROR_PARSE,
    "verdict: unknown verdict code “bogus”" },
  { "\"pnrp-removed\"\n  ]", "\"no-such-code\"\n  ]", TD_ERROR_PARSE,
    "findings[1]: unknown verdict code “no-such-code”" },
  { "\"pnrp-removed\"\n  ]", "\"managed-network\"\n  ]", TD_ERROR_PARSE,
    "findings[1]: “managed-network” is listed twice" },
  { "\"checks\" : [", "\"checks\" : {\"a\": 1}, \"x\" : [", TD_ERROR_PARSE,
    "unknown member “x”" },
  { "\"status\" : \"pass\"", "\"status\" : \"maybe\"", TD_ERROR_PARSE,
    "checks[0]: check “ipv6-stack”: member “status” has an unknown value “maybe”" },
  { "\"id\" : \"global-cloud\"", "\"id\" : \"ipv6-stack\"", TD_ERROR_PARSE,
    "checks[1]: check “ipv6-stack” is listed twice" },
  { "\"id\" : \"ipv6-stack\"", "\"id\" : \"\"", TD_ERROR_PARSE,
    "checks[0]: member “id” must not be empty" },
  { "\"label\" : \"DisabledComponents\"", "\"label\" : null", TD_ERROR_PARSE,
    "checks[0]: check “ipv6-stack”: evidence[0]: member “label” must be a string" },
  { "\"platform\" : \"windows\",\n          \"command\"",
    "\"platform\" : \"beos\",\n          \"command\"", TD_ERROR_PARSE,
    "remedies[0]: member “platform” has an unknown value “beos”" },
  { "\"needs_admin\" : true", "\"needs_admin\" : \"yes\"", TD_ERROR_PARSE,
    "remedies[0]: member “needs_admin” must be true or false" },
  { "\"action\" : \"teredo-set-type\"", "\"action\" : 7", TD_ERROR_PARSE,
    "remedies[0]: fix: member “action” must be a string" },
  { "\"duration_ms\" : 120", "\"duration_ms\" : 1.5", TD_ERROR_PARSE,
    "checks[0]: check “ipv6-stack”: member “duration_ms” must be an integer" },
  { "\"host\" : {", "\"host\" : [], \"y\" : {", TD_ERROR_PARSE, "unknown member “y”" },
  { "\"default_route\" : false", "\"default_route\" : \"no\"", TD_ERROR_PARSE,
    "host: member “default_route” must be true, false or null" },
  { "\"type\" : \"cone\"", "\"type\" : \"wide-open\"", TD_ERROR_PARSE,
    "probe: unknown NAT type “wide-open”" },
  { "\"rs_sent\" : 3", "\"rs_sent\" : \"three\"", TD_ERROR_PARSE,
    "probe: member “rs_sent” must be an integer" },
  { "\"redacted\" : false", "\"redacted\" : false // comment\n", TD_ERROR_PARSE,
    "not valid JSON: line" },
  { "\"redacted\" : false", "'redacted' : false", TD_ERROR_PARSE,
    "a member name in double quotes was expected" },
  { "\"checks\" : [", "\"checks\" : [1,],\n\"z\" : [", TD_ERROR_PARSE,
    "a value was expected, not “]”" },
  { "\"duration_ms\" : 14230", "\"duration_ms\" : 014230", TD_ERROR_PARSE,
    "numbers must not have leading zeros" },
  { "\"hostname\" : \"DESKTOP-7Q2K3LM\"", "\"hostname\" : \"DESKTOP\x01\"", TD_ERROR_PARSE,
    "control character 0x01 inside a string" },
  { "\"hostname\" : \"DESKTOP-7Q2K3LM\"", "\"hostname\" : \"\\x41\"", TD_ERROR_PARSE,
    "unknown escape “\\x”" },
  { "\"hostname\" : \"DESKTOP-7Q2K3LM\"", "\"hostname\" : \"\xc3\x28\"", TD_ERROR_PARSE,
    "not a report: the data is not UTF-8 text" },
};

static void
test_reader_errors (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *broken = replace (json, bad_cases[i].from, bad_cases[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(TdReport) loaded = td_report_load_from_data (broken, -1, &error);

      g_assert_null (loaded);
      g_assert_nonnull (error);
      if (!g_error_matches (error, TD_ERROR, bad_cases[i].code) ||
          strstr (error->message, bad_cases[i].message) == NULL)
        g_error ("bad case %" G_GSIZE_FORMAT ": got “%s”, expected “%s”", i, error->message,
                 bad_cases[i].message);
    }
}

static void
expect_error (const char *data,
              gssize      length,
              int         code,
              const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdReport) loaded = td_report_load_from_data (data, length, &error);

  g_assert_null (loaded);
  g_assert_error (error, TD_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("got “%s”, expected “%s”", error->message, message);
}

static GString *
report_with_checks (guint n_checks)
{
  GString *json = g_string_new ("{\"version\": 1, \"tool\": {\"name\": \"teredo-doctor\", "
                                "\"version\": \"0.1.0\"}, \"started_at\": \"2024-05-01T10:00:00Z\", "
                                "\"duration_ms\": 0, \"platform\": \"linux\", \"hostname\": null, "
                                "\"server\": null, \"redacted\": false, \"verdict\": null, "
                                "\"findings\": [], \"checks\": [");

  for (guint i = 0; i < n_checks; i++)
    g_string_append_printf (json, "%s{\"id\": \"c%u\", \"status\": \"pass\", \"title\": null, "
                            "\"summary\": null, \"details\": null, \"evidence\": [], "
                            "\"remedies\": [], \"duration_ms\": 0}", i > 0 ? "," : "", i);
  g_string_append (json, "], \"host\": null, \"probe\": null}");
  return json;
}

static void
test_reader_limits (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ok_checks = report_with_checks (TD_REPORT_MAX_CHECKS);
  g_autoptr(GString) many_checks = report_with_checks (TD_REPORT_MAX_CHECKS + 1);
  g_autoptr(GString) many_events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdReport) loaded = NULL;
  g_autofree char *huge = NULL;
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, FALSE);

  expect_error ("", 0, TD_ERROR_PARSE, "not valid JSON: line 1, column 1: the data is empty");
  expect_error ("   \n", -1, TD_ERROR_PARSE, "the data is empty");
  expect_error ("this is not JSON", -1, TD_ERROR_PARSE,
                "not valid JSON: line 1, column 1: a value was expected, not “t”");
  expect_error ("[1, 2]", -1, TD_ERROR_PARSE, "“report” must be a JSON object");
  expect_error ("{\"version\": 1} {}", -1, TD_ERROR_PARSE,
                "line 1, column 16: unexpected data after the end of the JSON value");
  expect_error ("{\"version\": 1", -1, TD_ERROR_PARSE, "“,” or “}” was expected, not the end");
  expect_error ("\"\\u12\"", -1, TD_ERROR_PARSE, "“\\u” must be followed by four hexadecimal digits");
  expect_error ("{\"a\": \"never ends}", -1, TD_ERROR_PARSE, "the string never ends");
  expect_error ("[\"\\ud800\"]", -1, TD_ERROR_PARSE, "“\\ud800” is half of a character");
  expect_error ("[\"\\udc00x\"]", -1, TD_ERROR_PARSE, "“\\udc00” is half of a character");
  expect_error ("[\"\\ud83d\\ude00\"]", -1, TD_ERROR_PARSE, "“report” must be a JSON object");
  expect_error ("{\"version\": 1}\0{}", 17, TD_ERROR_PARSE, "not UTF-8");
  expect_error ("\xff\xfe{\0\"\0", 6, TD_ERROR_PARSE, "bad byte at offset 0");

  /* json-glib recurses per level: 100000 "[" would overflow the stack. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  expect_error (deep->str, deep->len, TD_ERROR_PARSE, "nested deeper than 64 levels");

  /* 8 MiB of JSON is refused before anything is parsed. */
  huge = g_malloc (TD_REPORT_MAX_FILE_SIZE + 2);
  memset (huge, ' ', TD_REPORT_MAX_FILE_SIZE + 1);
  huge[TD_REPORT_MAX_FILE_SIZE + 1] = '\0';
  expect_error (huge, -1, TD_ERROR_TOO_LARGE, "larger than the limit of 8 MiB");

  loaded = td_report_load_from_data (ok_checks->str, ok_checks->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (td_report_get_checks (loaded)), ==,
                    TD_REPORT_MAX_CHECKS);
  expect_error (many_checks->str, many_checks->len, TD_ERROR_PARSE,
                "member “checks” has 1001 items, at most 1000 allowed");

  /* 10001 probe events. */
  {
    g_auto(GStrv) parts = g_strsplit (json, "\"events\" : [", 2);

    g_assert_nonnull (parts[1]);
    many_events = g_string_new (parts[0]);
    g_string_append (many_events, "\"events\" : [");
    /* The report has 7 events: 9994 more make one too many. */
    for (int i = 0; i < TD_REPORT_MAX_EVENTS + 1 - 7; i++)
      g_string_append (many_events, "{\"time_us\": 1, \"socket\": null, \"direction\": null, "
                                    "\"peer\": null, \"what\": \"x\", \"length\": 0},");
    g_string_append (many_events, parts[1]);
  }
  expect_error (many_events->str, many_events->len, TD_ERROR_PARSE,
                "probe: member “events” has 10001 items, at most 10000 allowed");
}

static void
test_load_file (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, FALSE);
  g_autofree char *path = NULL;
  g_autofree char *big_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) big = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(TdReport) loaded = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("td-report-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  loaded = td_report_load_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (td_report_is_from_file (loaded));
  g_assert_cmpstr (td_report_get_hostname (loaded), ==, "DESKTOP-7Q2K3LM");

  /* A sparse 64 MiB file: refused after reading just over the limit. */
  fd = g_file_open_tmp ("td-report-big-XXXXXX.json", &big_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, 64 * 1024 * 1024), ==, 0);
  close (fd);
  big = g_file_new_for_path (big_path);
  g_clear_object (&loaded);
  loaded = td_report_load_from_file (big, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, TD_ERROR, TD_ERROR_TOO_LARGE);
  g_clear_error (&error);

  missing = g_file_new_for_path ("/nonexistent/report.json");
  loaded = td_report_load_from_file (missing, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_unlink (big_path);
}

/* ---- asynchronous load, render and export ----------------------------- */


static TdReport *
load_async (GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_report_load_from_file_async (file, cancellable, td_async_keep_result, &result);
  /* Never answered before the main context runs (no re-entrancy). */
  g_assert_null (result);
  return td_report_load_from_file_finish (td_async_wait (&result), error);
}

static GBytes *
render_async (TdReport        *report,
              TdReportFormat   format,
              gboolean         redact,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_report_render_async (report, format, redact, cancellable, td_async_keep_result, &result);
  g_assert_null (result);
  return td_report_render_finish (td_async_wait (&result), error);
}

static gboolean
export_async (TdReport        *report,
              GFile           *file,
              TdReportFormat   format,
              gboolean         redact,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_report_export_async (report, file, format, redact, cancellable, td_async_keep_result, &result);
  g_assert_null (result);
  return td_report_export_finish (td_async_wait (&result), error);
}

static char *
write_tmp (const char *template,
           const char *data,
           gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp (template, &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

/* The asynchronous reader answers exactly as the synchronous one. */
static void
assert_load_same (GFile *file)
{
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(GError) async_error = NULL;
  g_autoptr(TdReport) sync = td_report_load_from_file (file, NULL, &sync_error);
  g_autoptr(TdReport) async = load_async (file, NULL, &async_error);

  g_assert_true ((sync == NULL) == (async == NULL));
  if (sync == NULL)
    {
      g_assert_nonnull (sync_error);
      g_assert_error (async_error, sync_error->domain, sync_error->code);
      g_assert_cmpstr (async_error->message, ==, sync_error->message);
    }
  else
    {
      g_autofree char *sync_json = render_string (sync, TD_REPORT_FORMAT_JSON, FALSE);
      g_autofree char *async_json = render_string (async, TD_REPORT_FORMAT_JSON, FALSE);

      g_assert_no_error (async_error);
      g_assert_true (td_report_is_from_file (async));
      g_assert_cmpstr (async_json, ==, sync_json);
    }
}

static void
test_load_file_async (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, FALSE);
  g_autofree char *path = write_tmp ("td-report-XXXXXX.json", json, -1);
  g_autofree char *bad_path = write_tmp ("td-report-bad-XXXXXX.json", "{\"version\": 1,", -1);
  g_autofree char *binary_path = write_tmp ("td-report-bin-XXXXXX.json", "{\"\xff\"}", -1);
  g_autofree char *newer_path = write_tmp ("td-report-v2-XXXXXX.json", "{\"version\": 2}", -1);
  g_autofree char *exact_path = NULL;
  g_autofree char *big_path = NULL;
  g_autofree char *at_limit = g_malloc (TD_REPORT_MAX_FILE_SIZE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) binary = g_file_new_for_path (binary_path);
  g_autoptr(GFile) newer = g_file_new_for_path (newer_path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/report.json");
  g_autoptr(GFile) directory = g_file_new_for_path (g_get_tmp_dir ());
  g_autoptr(GFile) exact = NULL;
  g_autoptr(GFile) big = NULL;
  g_autoptr(TdReport) loaded = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  /* A report: the same model as the synchronous reader builds. */
  loaded = load_async (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (td_report_is_from_file (loaded));
  g_assert_cmpstr (td_report_get_hostname (loaded), ==, "DESKTOP-7Q2K3LM");
  g_assert_cmpuint (g_list_model_get_n_items (td_report_get_checks (loaded)), ==,
                    g_list_model_get_n_items (td_report_get_checks (report)));
  assert_load_same (file);

  /* Missing, a directory, bad JSON, not UTF-8, a newer version. */
  g_clear_object (&loaded);
  loaded = load_async (missing, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_load_same (missing);
  assert_load_same (directory);

  loaded = load_async (bad, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "not valid JSON: "));
  g_clear_error (&error);
  assert_load_same (bad);
  assert_load_same (binary);
  assert_load_same (newer);

  /* A sparse 64 MiB file: refused after reading just over the limit. */
  fd = g_file_open_tmp ("td-report-big-XXXXXX.json", &big_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, 64 * 1024 * 1024), ==, 0);
  close (fd);
  big = g_file_new_for_path (big_path);
  loaded = load_async (big, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, TD_ERROR, TD_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "the report file is larger than the limit of 8 MiB");
  g_clear_error (&error);
  assert_load_same (big);

  /* Exactly at the limit is read (then refused as JSON, not as too big). */
  memset (at_limit, ' ', TD_REPORT_MAX_FILE_SIZE);
  at_limit[0] = '{';
  exact_path = write_tmp ("td-report-limit-XXXXXX.json", at_limit, TD_REPORT_MAX_FILE_SIZE);
  exact = g_file_new_for_path (exact_path);
  loaded = load_async (exact, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  g_clear_error (&error);
  assert_load_same (exact);

  g_unlink (path);
  g_unlink (bad_path);
  g_unlink (binary_path);
  g_unlink (newer_path);
  g_unlink (exact_path);
  g_unlink (big_path);
}

static void
test_render_async (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(TdReport) empty = td_report_new ();
  TdReport *reports[] = { report, empty };

  td_report_set_tool_version (empty, "0.1.0");
  for (gsize r = 0; r < G_N_ELEMENTS (reports); r++)
    for (TdReportFormat format = TD_REPORT_FORMAT_JSON; format <= TD_REPORT_FORMAT_PDF; format++)
      for (int redact = 0; redact <= 1; redact++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) sync = td_report_render (reports[r], format, redact, &error);
          g_autoptr(GBytes) async = NULL;

          g_assert_no_error (error);
          async = render_async (reports[r], format, redact, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (async);
          if (!g_bytes_equal (sync, async))
            g_error ("%s%s: the asynchronous rendering differs (%" G_GSIZE_FORMAT " bytes, "
                     "not %" G_GSIZE_FORMAT ")", td_report_format_to_string (format),
                     redact ? " (redacted)" : "", g_bytes_get_size (async),
                     g_bytes_get_size (sync));
        }
  /* The report was only read: it renders as before. */
  g_assert_false (td_report_get_redacted (report));
  g_assert_cmpstr (td_report_get_hostname (report), ==, "DESKTOP-7Q2K3LM");
}

static void
test_export_async (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autofree char *dir = g_dir_make_tmp ("td-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "no-such-dir", "report.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GBytes) html = td_report_render (report, TD_REPORT_FORMAT_HTML, TRUE, NULL);
  g_autoptr(GBytes) pdf = td_report_render (report, TD_REPORT_FORMAT_PDF, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_nonnull (dir);
  /* A new file, then the same file replaced. */
  g_assert_true (export_async (report, file, TD_REPORT_FORMAT_HTML, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (html, NULL), g_bytes_get_size (html));
  g_assert_null (strstr (contents, "DESKTOP-7Q2K3LM"));
  g_clear_pointer (&contents, g_free);

  g_file_set_contents (pdf_path, "old contents that are longer than nothing", -1, &error);
  g_assert_no_error (error);
  g_assert_true (export_async (report, pdf_file, TD_REPORT_FORMAT_PDF, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (pdf_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  /* A folder that does not exist: GIO's error, nothing created. */
  g_assert_false (export_async (report, bad, TD_REPORT_FORMAT_JSON, FALSE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_unlink (pdf_path);
  g_rmdir (dir);
}

static void
test_cancel_async (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(TdReport) big_report = td_report_new ();
  g_autoptr(GBytes) big_json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *big_path = NULL;
  g_autofree char *dir = g_dir_make_tmp ("td-export-XXXXXX", NULL);
  g_autofree char *out_path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) big_file = NULL;
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = render_string (report, TD_REPORT_FORMAT_JSON, FALSE);

  path = write_tmp ("td-report-XXXXXX.json", json, -1);
  file = g_file_new_for_path (path);
  for (guint c = 0; c < 100; c++)
    {
      g_autofree char *id = g_strdup_printf ("check-%u", c);
      g_autoptr(TdCheckResult) check = td_check_result_new (id, "A check");

      for (guint e = 0; e < 500; e++)
        td_check_result_add_evidence (check, "line", "some evidence text");
      td_report_add_check (big_report, check);
    }
  big_json = td_report_render (big_report, TD_REPORT_FORMAT_JSON, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (big_json), >, 1024 * 1024);
  big_path = write_tmp ("td-report-big-XXXXXX.json", g_bytes_get_data (big_json, NULL),
                        g_bytes_get_size (big_json));
  big_file = g_file_new_for_path (big_path);

  /* Cancelled before it starts: load, render and export. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(TdReport) loaded = NULL;
    g_autoptr(GBytes) bytes = NULL;

    g_cancellable_cancel (cancellable);
    loaded = load_async (file, cancellable, &error);
    g_assert_null (loaded);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);

    for (TdReportFormat format = TD_REPORT_FORMAT_JSON; format <= TD_REPORT_FORMAT_PDF; format++)
      {
        bytes = render_async (report, format, FALSE, cancellable, &error);
        g_assert_null (bytes);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_clear_error (&error);
      }

    g_assert_false (export_async (report, out_file, TD_REPORT_FORMAT_PDF, FALSE, cancellable,
                                  &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
  }

  /* Cancelled while reading a big file (after its first chunks). */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(TdReport) loaded = NULL;
    guint iterations = 0;

    td_report_load_from_file_async (big_file, cancellable, td_async_keep_result, &result);
    while (result == NULL && iterations++ < 3)
      g_main_context_iteration (NULL, TRUE);
    g_assert_null (result);
    g_cancellable_cancel (cancellable);
    loaded = td_report_load_from_file_finish (td_async_wait (&result), &error);
    g_assert_null (loaded);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    /* The same file, not cancelled, loads. */
    loaded = load_async (big_file, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (td_report_get_checks (loaded)), ==, 100);
  }

  /* Cancelled while the worker renders (it is given time to start; the
   * answer cannot have come, the main context did not run). */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GBytes) bytes = NULL;

    td_report_render_async (report, TD_REPORT_FORMAT_PDF, FALSE, cancellable, td_async_keep_result,
                            &result);
    g_usleep (10 * 1000);
    g_cancellable_cancel (cancellable);
    bytes = td_report_render_finish (td_async_wait (&result), &error);
    g_assert_null (bytes);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* An export cancelled while rendering leaves no file. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    td_report_export_async (report, out_file, TD_REPORT_FORMAT_PDF, FALSE, cancellable,
                            td_async_keep_result, &result);
    g_usleep (10 * 1000);
    g_cancellable_cancel (cancellable);
    g_assert_false (td_report_export_finish (td_async_wait (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
  }

  g_unlink (path);
  g_unlink (big_path);
  g_rmdir (dir);
}

/* Pango's font map and cairo's font cache live as long as the process;
 * dropping them at exit lets valgrind's leak check see only our memory. */
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

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/check-result/notify", test_check_result_notify);
  g_test_add_func ("/report/verdict/codes", test_verdict_codes);
  g_test_add_func ("/report/remedy/command-line", test_remedy_command_line);
  g_test_add_func ("/report/model", test_report_model);
  g_test_add_func ("/report/format-names", test_format_names);
  g_test_add_func ("/report/json/round-trip", test_round_trip);
  g_test_add_func ("/report/json/round-trip-redacted", test_round_trip_redacted);
  g_test_add_func ("/report/json/schema", test_schema);
  g_test_add_func ("/report/json/big", test_big_report);
  g_test_add_func ("/report/text/golden", test_golden_text);
  g_test_add_func ("/report/markdown/golden", test_golden_markdown);
  g_test_add_func ("/report/html", test_html);
  g_test_add_func ("/report/pdf", test_pdf);
  g_test_add_func ("/report/reader/errors", test_reader_errors);
  g_test_add_func ("/report/reader/limits", test_reader_limits);
  g_test_add_func ("/report/reader/file", test_load_file);
  g_test_add_func ("/report/async/load", test_load_file_async);
  g_test_add_func ("/report/async/render", test_render_async);
  g_test_add_func ("/report/async/export", test_export_async);
  g_test_add_func ("/report/async/cancel", test_cancel_async);

  status = g_test_run ();
  release_font_caches ();
  return status;
}
