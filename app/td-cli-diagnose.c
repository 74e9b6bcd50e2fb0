/* td-cli-diagnose.c — `teredo-doctor-cli diagnose` and `report convert`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "td-async.h"
#include "td-cli.h"
#include "td-cli-native.h"
#include "td-error.h"
#include "td-probe.h"
#include "td-remote.h"
#include "td-report-writer.h"
#include "td-runner.h"

typedef struct {
  TdReport *report;
  GError   *error;
  gboolean  done;
} DiagnoseWait;

static const char *
status_tag (TdCheckStatus status)
{
  switch (status)
    {
    case TD_CHECK_STATUS_PASS: return "PASS";
    case TD_CHECK_STATUS_WARN: return "WARN";
    case TD_CHECK_STATUS_FAIL: return "FAIL";
    case TD_CHECK_STATUS_SKIP: return "SKIP";
    case TD_CHECK_STATUS_INFO: return "INFO";
    case TD_CHECK_STATUS_CANCELLED: return "STOP";
    case TD_CHECK_STATUS_RUNNING: return " .. ";
    case TD_CHECK_STATUS_WAITING:
    default:
      return "    ";
    }
}

/* Live progress: one line per check as it completes. */
static void
on_check_status (TdCheckResult *check,
                 GParamSpec    *pspec,
                 gpointer       user_data)
{
  TdCheckStatus status = td_check_result_get_status (check);

  if (!td_check_status_is_final (status))
    return;
  g_printerr ("[%s] %-36s %s\n", status_tag (status), td_check_result_get_title (check),
              td_check_result_get_summary (check) ? td_check_result_get_summary (check) : "");
}

static void
on_countdown (TdRunner   *runner,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint left = td_runner_get_countdown (runner);

  if (left > 0)
    g_printerr ("\r\033[K%s", _("The Teredo client is still probing; re-reading its state"));
  if (left > 0)
    g_printerr (" (%u s)", left);
  else
    g_printerr ("\r\033[K");
}

static void
on_diagnosed (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  DiagnoseWait *wait = user_data;

  wait->report = td_runner_run_finish (TD_RUNNER (object), res, &wait->error);
  wait->done = TRUE;
}

/* ---- --from: a Windows computer's collected outputs (help-desk mode) ---- */

/* Iterates until *@slot is set or the user interrupts: standard input may
 * be a terminal that never ends, and a worker blocked reading it must not
 * hold the program. */
static gboolean
wait_or_interrupt (GAsyncResult **slot)
{
  GCancellable *interrupt = td_cli_get_interrupt_cancellable ();

  while (*slot == NULL && !g_cancellable_is_cancelled (interrupt))
    g_main_context_iteration (NULL, TRUE);
  return *slot != NULL && !g_cancellable_is_cancelled (interrupt);
}

/* The report of the computer whose outputs @from holds ("-": standard
 * input), or NULL with the exit status in *@out_status: 2 for unusable
 * input (with td-capture's specific message), 130 when interrupted.  The
 * reader's summary (what was found, what is missing) goes to stderr. */
static TdReport *
diagnose_from (const char *from,
               int        *out_status)
{
  g_autoptr(GFile) file = g_str_equal (from, "-") ? NULL : g_file_new_for_commandline_arg (from);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) diagnosed = NULL;
  g_autoptr(TdRemoteInput) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  const char *name = file != NULL ? from : _("standard input");
  TdReport *report;

  *out_status = TD_CLI_EXIT_USAGE;
  if (file == NULL)
    {
      td_cli_native_prepare_stdin ();
      if (td_cli_native_stdin_is_terminal ())
        {
          /* TRANSLATORS: %s is the keys that end the input, "Ctrl+D" or
           * "Ctrl+Z, then Enter" */
          g_printerr (_("Reading the collected output from standard input (end it with %s)…"),
                      td_cli_native_end_of_input_keys ());
          g_printerr ("\n");
        }
    }
  td_remote_load_async (file, TD_REMOTE_LOAD_DEFAULT, td_cli_get_interrupt_cancellable (),
                        td_async_keep_result, &loaded);
  if (!wait_or_interrupt (&loaded))
    {
      g_printerr ("\n%s\n", _("Interrupted."));
      *out_status = TD_CLI_EXIT_INTERRUPTED;
      return NULL;
    }
  input = td_remote_load_finish (loaded, &error);
  if (input == NULL)
    {
      g_printerr ("teredo-doctor-cli diagnose: %s: %s\n", name, error->message);
      *out_status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                    ? TD_CLI_EXIT_INTERRUPTED : TD_CLI_EXIT_USAGE;
      return NULL;
    }

  /* What was found and what is missing, for the person who asked for it;
   * then every note the reader made. */
  summary = td_capture_dup_summary (input->capture);
  g_printerr ("%s: %s\n", name, summary);
  for (guint i = 0; i < input->capture->notes->len; i++)
    {
      const TdCaptureNote *note = g_ptr_array_index (input->capture->notes, i);

      g_printerr ("%s: %s\n", name, note->message);
    }

  td_remote_diagnose_async (&input->capture, 1, td_cli_get_interrupt_cancellable (),
                            td_async_keep_result, &diagnosed);
  if (!wait_or_interrupt (&diagnosed))
    {
      g_printerr ("\n%s\n", _("Interrupted."));
      *out_status = TD_CLI_EXIT_INTERRUPTED;
      return NULL;
    }
  report = td_remote_diagnose_finish (diagnosed, &error);
  if (report == NULL)
    {
      *out_status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                    ? TD_CLI_EXIT_INTERRUPTED : TD_CLI_EXIT_PROBLEM;
      g_printerr ("teredo-doctor-cli diagnose: %s\n", error->message);
      return NULL;
    }
  return report;
}

static gboolean
write_output (GBytes      *bytes,
              const char  *output,
              GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (output == NULL || g_str_equal (output, "-"))
    {
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("Cannot write to standard output"));
          return FALSE;
        }
      return TRUE;
    }
  return g_file_set_contents (output, data, length, error);
}

static gboolean
parse_format (const char     *text,
              TdReportFormat *format)
{
  if (td_report_format_from_string (text, format))
    return TRUE;
  g_printerr ("teredo-doctor-cli: %s\n", _("--format must be text, json, markdown, html or pdf"));
  return FALSE;
}

int
td_cli_diagnose (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *server = NULL, *platform_text = NULL, *format_text = NULL;
  g_autofree char *output = NULL, *only = NULL, *ipv6_url = NULL, *from = NULL;
  gboolean redact = FALSE;
  int timeout_ms = TD_PROBE_DEFAULT_TIMEOUT_MS, client_wait = TD_RUNNER_DEFAULT_CLIENT_WAIT_S;
  TdPlatform platform = td_platform_native ();
  TdReportFormat format = TD_REPORT_FORMAT_TEXT;
  g_autoptr(TdRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rendered = NULL;
  DiagnoseWait wait = { 0 };
  GListModel *results;
  int status;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("Teredo server to test (default: the OS client's, else a live public one)"), N_("NAME") },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_text,
      N_("Inspect as linux, windows or macos (default: this system)"), N_("P") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Report format: text, json, markdown, html or pdf (default: text)"), N_("F") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report to FILE"), N_("FILE") },
    { "redact", 0, 0, G_OPTION_ARG_NONE, &redact,
      N_("Mask public addresses and host names in the report"), NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      N_("Run only these checks (comma-separated ids) and what they need"), N_("ID,…") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms,
      N_("Probe deadline for a silent server (default: 2800)"), N_("MS") },
    { "client-wait", 0, 0, G_OPTION_ARG_INT, &client_wait,
      N_("How long to re-read a client stuck in “probe” (default: 60)"), N_("S") },
    { "ipv6-url", 0, 0, G_OPTION_ARG_STRING, &ipv6_url,
      N_("URL the ipv6-http check fetches over IPv6 only"), N_("URL") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      N_("Diagnose the Windows computer whose command outputs FILE holds (teredo-doctor-collect.bat’s "
         "file, or pasted console text; “-”: standard input) instead of this one"), N_("FILE") },
    { NULL }
  };
  int timeout_default = timeout_ms, client_wait_default = client_wait;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Runs the whole checklist — IPv6 stack, global cloud, Teredo client, error, off-switches,\n"
      "managed network, IPv6 firewall, server DNS, UDP probe, NAT type, IPv6 web access, ping —\n"
      "and prints one verdict with the fixes."));
  g_option_context_set_description (context,
    _("Exit status: 0 healthy (global-ipv6-ok, teredo-qualified, teredo-dormant), 1 a problem was\n"
      "found, 2 usage error or unusable --from input, 130 interrupted.\n\n"
      "With --from, nothing is sent from this computer: the checks that need the other computer's\n"
      "network are not run, and its fixes are shown to be copied there."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!td_cli_parse_options (context, &argc, &argv))
    return TD_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr ("teredo-doctor-cli diagnose: %s “%s”\n", _("unexpected argument"), argv[1]);
      return TD_CLI_EXIT_USAGE;
    }
  if (platform_text != NULL && !td_platform_from_string (platform_text, &platform))
    {
      g_printerr ("teredo-doctor-cli diagnose: %s\n", _("--platform must be linux, windows or macos"));
      return TD_CLI_EXIT_USAGE;
    }
  if (format_text != NULL && !parse_format (format_text, &format))
    return TD_CLI_EXIT_USAGE;
  if (from != NULL)
    {
      /* Only what shapes the report applies to another computer's outputs. */
      if (server != NULL || only != NULL || ipv6_url != NULL || timeout_ms != timeout_default
          || client_wait != client_wait_default
          || (platform_text != NULL && platform != TD_PLATFORM_WINDOWS))
        {
          g_printerr ("teredo-doctor-cli diagnose: %s\n",
                      _("--from takes only --format, --output and --redact (and --platform windows): "
                        "nothing runs here"));
          return TD_CLI_EXIT_USAGE;
        }
      wait.report = diagnose_from (from, &status);
      if (wait.report == NULL)
        return status;
      goto render;
    }
  if (timeout_ms < 100 || timeout_ms > 600000 || client_wait < 0 || client_wait > 3600)
    {
      g_printerr ("teredo-doctor-cli diagnose: %s\n", _("--timeout must be 100…600000, --client-wait 0…3600"));
      return TD_CLI_EXIT_USAGE;
    }

  runner = td_runner_new (platform);
  td_runner_set_server (runner, server);
  td_runner_set_probe_timeout (runner, timeout_ms);
  td_runner_set_client_wait (runner, client_wait);
  if (ipv6_url != NULL)
    td_runner_set_ipv6_test_url (runner, ipv6_url);
  if (only != NULL)
    {
      g_auto(GStrv) ids = g_strsplit (only, ",", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        g_strstrip (ids[i]);
      if (!td_runner_set_only (runner, (const char * const *) ids, &error))
        {
          g_printerr ("teredo-doctor-cli diagnose: %s\n", error->message);
          return TD_CLI_EXIT_USAGE;
        }
    }

  /* Live progress only for a person watching a terminal (it redraws its
   * line with ANSI escapes: on Windows, a console that takes them). */
  if (g_log_writer_supports_color (fileno (stderr)) && format != TD_REPORT_FORMAT_JSON)
    {
      results = td_runner_get_results (runner);
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr(TdCheckResult) check = g_list_model_get_item (results, i);
          g_signal_connect (check, "notify::status", G_CALLBACK (on_check_status), NULL);
        }
      g_signal_connect (runner, "notify::countdown", G_CALLBACK (on_countdown), NULL);
    }

  td_runner_run_async (runner, td_cli_get_interrupt_cancellable (), on_diagnosed, &wait);
  td_async_wait_until (&wait.done);

  if (wait.report != NULL && g_cancellable_is_cancelled (td_cli_get_interrupt_cancellable ()))
    {
      /* Interrupted after the last check had already finished: the user
       * asked to stop, so do not print a verdict. */
      g_clear_object (&wait.report);
      g_clear_error (&wait.error);
      wait.error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "interrupted");
    }
  if (wait.report == NULL)
    {
      g_autoptr(GError) run_error = wait.error;

      if (g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr ("\n%s\n", _("Interrupted."));
          return TD_CLI_EXIT_INTERRUPTED;
        }
      g_printerr ("teredo-doctor-cli diagnose: %s\n", run_error->message);
      return TD_CLI_EXIT_PROBLEM;
    }

render:
  rendered = td_report_render (wait.report, format, redact, &error);
  if (rendered == NULL || !write_output (rendered, output, &error))
    {
      g_printerr ("teredo-doctor-cli diagnose: %s\n", error->message);
      g_object_unref (wait.report);
      return TD_CLI_EXIT_PROBLEM;
    }

  status = td_verdict_code_is_healthy (td_report_get_verdict (wait.report)->code)
           ? TD_CLI_EXIT_OK : TD_CLI_EXIT_PROBLEM;
  g_object_unref (wait.report);
  return status;
}

int
td_cli_report (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *format_text = NULL, *output = NULL;
  gboolean redact = FALSE;
  TdReportFormat format = TD_REPORT_FORMAT_TEXT;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TdReport) report = NULL;
  g_autoptr(GBytes) rendered = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: text, json, markdown, html or pdf (default: text)"), N_("F") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE"), N_("FILE") },
    { "redact", 0, 0, G_OPTION_ARG_NONE, &redact, N_("Mask public addresses and host names"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("convert FILE"));
  g_option_context_set_summary (context, _("Re-renders a saved JSON report in another format."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!td_cli_parse_options (context, &argc, &argv))
    return TD_CLI_EXIT_USAGE;
  if (argc != 3 || !g_str_equal (argv[1], "convert"))
    {
      g_printerr ("teredo-doctor-cli report: %s\n", _("usage: report convert FILE [--format F] [--redact]"));
      return TD_CLI_EXIT_USAGE;
    }
  if (format_text != NULL && !parse_format (format_text, &format))
    return TD_CLI_EXIT_USAGE;

  file = g_file_new_for_commandline_arg (argv[2]);
  report = td_report_load_from_file (file, NULL, &error);
  if (report == NULL ||
      (rendered = td_report_render (report, format, redact, &error)) == NULL ||
      !write_output (rendered, output, &error))
    {
      g_printerr ("teredo-doctor-cli report: %s: %s\n", argv[2], error->message);
      return TD_CLI_EXIT_PROBLEM;
    }
  return TD_CLI_EXIT_OK;
}
