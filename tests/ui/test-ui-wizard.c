/* test-ui-wizard.c — the whole window driven like a user would: open a
 * saved report (file, drag and drop), a live result, Fix it with a
 * recording pkexec, a real run cancelled half-way, export and copy, the
 * help desk against a loopback server, and 360 px wide pages
 *
 * The real runs here talk to 127.0.0.1 only: the probe refuses a
 * non-global server before sending anything, and the IPv6 test address is
 * a closed loopback port.  Runs against real Teredo servers are in
 * test-ui-lab.c (network namespaces, root).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "td-check-row.h"
#include "td-error.h"
#include "td-fix.h"
#include "td-remedy-row.h"
#include "td-report-banner.h"
#include "td-ui-test.h"

static char *fake_dir;     /* bin/pkexec recorder, log */

static const char recorder_script[] =
  "#!/bin/sh\n"
  "dir=$(dirname \"$(dirname \"$0\")\")\n"
  "{ basename \"$0\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; echo --end--; } >> \"$dir/log\"\n"
  "exit 0\n";

static void
install_fake_pkexec (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *pkexec = NULL;
  g_autofree char *path = NULL;

  fake_dir = g_dir_make_tmp ("td-test-ui-XXXXXX", &error);
  g_assert_no_error (error);
  bin = g_build_filename (fake_dir, "bin", NULL);
  g_assert_cmpint (g_mkdir (bin, 0755), ==, 0);
  pkexec = g_build_filename (bin, "pkexec", NULL);
  g_file_set_contents (pkexec, recorder_script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (pkexec, 0755), ==, 0);
  path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));
  /* Before GTK starts any thread. */
  g_setenv ("PATH", path, TRUE);
}

static char *
read_fake_log (void)
{
  g_autofree char *log = g_build_filename (fake_dir, "log", NULL);
  char *text = NULL;

  if (!g_file_get_contents (log, &text, NULL, NULL))
    return NULL;
  return text;
}

/* Runs of the real runner stay on this machine and on loopback. */
static void
confine_runner_cb (TdWindow *window,
                   TdRunner *runner,
                   gpointer  user_data)
{
  const char * const *only = user_data;

  td_runner_set_server (runner, "127.0.0.1");
  td_runner_set_ipv6_test_url (runner, "http://[::1]:9/");
  td_runner_set_client_wait (runner, 0);
  if (only != NULL)
    g_assert_true (td_runner_set_only (runner, only, NULL));
}

static gboolean
window_idle (gpointer data)
{
  return !td_window_is_running (data);
}

/* ── viewer ── */

static GPtrArray *
remedy_rows (TdWindow *window)
{
  return td_ui_test_find_all (GTK_WIDGET (td_result_page_get_remedy_list (
                                td_window_get_result_page (window))), TD_TYPE_REMEDY_ROW);
}

static void
assert_viewer (TdWindow   *window,
               const char *hostname)
{
  g_autoptr(GPtrArray) rows = remedy_rows (window);
  GtkWidget *banner = td_window_get_report_banner (window);

  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  g_assert_true (td_window_is_viewing_file (window));
  g_assert_true (gtk_widget_is_visible (banner));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (banner))));
  if (hostname != NULL)
    g_assert_nonnull (strstr (td_report_banner_get_text (TD_REPORT_BANNER (banner)), hostname));

  /* Fixes of a saved report are shown, copyable, never runnable. */
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      TdRemedyRow *row = g_ptr_array_index (rows, i);

      g_assert_false (td_remedy_row_get_fix_available (row));
      g_assert_false (gtk_widget_is_visible (td_remedy_row_get_fix_button (row)));
    }
  /* Running again would be about this computer, not the report's. */
  g_assert_false (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (td_window_get_result_page (window)), "Run Again")));
  g_assert_cmpint (td_checklist_page_get_state (td_window_get_checklist_page (window)), ==,
                   TD_CHECKLIST_STATE_REPORT);
}

/* ── the window's asynchronous calls, waited for as the main loop does ── */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
open_file (TdWindow  *window,
           GFile     *file,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_window_open_file_async (window, file, NULL, store_result_cb, &result);
  g_assert_null (result);
  g_assert_true (td_ui_test_wait_until (has_result, &result, 20000));
  return td_window_open_file_finish (window, result, error);
}

static gboolean
export_to_file (TdWindow        *window,
                GFile           *file,
                TdReportFormat   format,
                gboolean         redact,
                GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_window_export_to_file_async (window, file, format, redact, NULL, store_result_cb, &result);
  g_assert_null (result);
  g_assert_true (td_ui_test_wait_until (has_result, &result, 60000));
  return td_window_export_to_file_finish (window, result, error);
}

static gboolean
viewing_file (gpointer window)
{
  return td_window_is_viewing_file (window);
}

/* The Export row (and menu item) follow the win.export action. */
static GtkWidget *
find_export_row (TdWindow *window)
{
  g_autoptr(GPtrArray) actionables = td_ui_test_find_all (GTK_WIDGET (window), GTK_TYPE_ACTIONABLE);

  for (guint i = 0; i < actionables->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (actionables, i)),
                   "win.export") == 0)
      return g_ptr_array_index (actionables, i);
  g_error ("no widget activates win.export");
  return NULL;
}

static void
test_viewer_open (void)
{
  TdWindow *window = td_ui_test_new_window (640, 720);
  g_autofree char *path = td_ui_test_data_path ("linux-udp-blocked.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TdReport *report;

  g_assert_true (open_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (td_window_is_opening (window));
  td_ui_test_settle ();
  report = td_window_get_report (window);
  g_assert_true (td_report_is_from_file (report));
  assert_viewer (window, td_report_get_hostname (report));

  /* The checklist of the report, then back, then closed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "checklist");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-report", NULL);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");
  g_assert_false (td_window_is_viewing_file (window));
  g_assert_null (td_window_get_report (window));

  td_ui_test_destroy_window (window);
}

static void
test_viewer_bad_file (void)
{
  TdWindow *window = td_ui_test_new_window (640, 720);
  g_autofree char *path = td_ui_test_data_path ("not-a-report.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  g_assert_false (open_file (window, file, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  td_ui_test_settle ();
  /* The user sees why. */
  dialog = td_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "not-a-report.json"));
  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");
  gtk_window_destroy (dialog);
  td_ui_test_destroy_window (window);
}

static void
test_viewer_drop (void)
{
  TdWindow *window = td_ui_test_new_window (640, 720);
  g_autofree char *path = td_ui_test_data_path ("windows-managed-network.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  /* Read without blocking: shown a little later. */
  g_assert_true (td_ui_test_wait_until (viewing_file, window, 20000));
  td_ui_test_settle ();
  assert_viewer (window, NULL);
  g_assert_cmpint (td_report_get_platform (td_window_get_report (window)), ==, TD_PLATFORM_WINDOWS);
  td_ui_test_destroy_window (window);
}

/* The latest request wins: a second file supersedes the first (which
 * then shows nothing, not even its error), a run or a report shown
 * supersedes a pending open, and a window closed while a file loads
 * shows nothing. */
static void
test_viewer_superseded (void)
{
  TdWindow *window = td_ui_test_new_window (640, 720);
  g_autofree char *bad_path = td_ui_test_data_path ("not-a-report.json");
  g_autofree char *good_path = td_ui_test_data_path ("linux-udp-blocked.json");
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) third = NULL;
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                      "live-pc");
  g_autoptr(GError) error = NULL;

  td_window_open_file_async (window, bad, NULL, store_result_cb, &first);
  g_assert_true (td_window_is_opening (window));
  td_window_open_file_async (window, good, NULL, store_result_cb, &second);
  g_assert_true (td_ui_test_wait_until (has_result, &first, 20000));
  g_assert_true (td_ui_test_wait_until (has_result, &second, 20000));
  g_assert_false (td_window_open_file_finish (window, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (td_window_open_file_finish (window, second, &error));
  g_assert_no_error (error);
  g_assert_false (td_window_is_opening (window));
  td_ui_test_settle ();
  g_assert_null (td_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  assert_viewer (window, "lab-client");

  /* A report shown while a file loads stays. */
  td_window_close_report (window);
  td_window_open_file_async (window, good, NULL, store_result_cb, &third);
  td_window_show_report (window, report);
  g_assert_true (td_ui_test_wait_until (has_result, &third, 20000));
  g_assert_false (td_window_open_file_finish (window, third, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (td_window_get_report (window) == report);
  g_assert_false (td_window_is_viewing_file (window));

  /* Closed while loading: nothing is shown, no dialog. */
  g_clear_object (&first);
  td_window_open_file_async (window, bad, NULL, store_result_cb, &first);
  td_ui_test_destroy_window (window);
  g_assert_true (td_ui_test_wait_until (has_result, &first, 20000));
  g_assert_false (td_window_open_file_finish (window, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  td_ui_test_settle ();
  g_assert_null (td_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* ── Fix it ── */

static AdwMessageDialog *
click_fix (TdWindow   *window,
           const char *action)
{
  g_autoptr(GPtrArray) rows = remedy_rows (window);

  for (guint i = 0; i < rows->len; i++)
    {
      TdRemedyRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (td_remedy_row_get_remedy (row)->fix_action, action) == 0)
        {
          g_assert_true (td_remedy_row_get_fix_available (row));
          g_assert_true (gtk_widget_is_visible (td_remedy_row_get_fix_button (row)));
          g_signal_emit_by_name (td_remedy_row_get_fix_button (row), "clicked");
          td_ui_test_settle ();
          return td_result_page_get_confirm_dialog (td_window_get_result_page (window));
        }
    }
  g_error ("no remedy with the fix %s", action);
  return NULL;
}

static gboolean
log_complete (gpointer data)
{
  g_autofree char *log = read_fake_log ();

  return log != NULL && strstr (log, "--end--") != NULL;
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static void
test_fix_it (void)
{
  gboolean runs_started = FALSE;
  static const char * const only[] = { "ipv6-stack", NULL };
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                      "pc-1");
  TdWindow *window = td_ui_test_new_window (640, 720);
  AdwMessageDialog *dialog;
  GtkWidget *extra;
  g_autofree char *cli = td_fix_get_cli_path ();
  g_autofree char *expected = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *shown = NULL;

  g_signal_connect (window, "runner-created", G_CALLBACK (confine_runner_cb), (gpointer) only);
  g_signal_connect_swapped (window, "runner-created", G_CALLBACK (set_flag), &runs_started);
  td_window_show_report (window, report);
  td_ui_test_settle ();

  /* Cancel first: nothing runs. */
  dialog = click_fix (window, "miredo-set-server");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  td_ui_test_settle ();
  g_assert_null (read_fake_log ());

  /* The dialog shows exactly what will run, then it runs exactly that. */
  dialog = click_fix (window, "miredo-set-server");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  extra = td_ui_test_find_first (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_LABEL);
  shown = g_strdup (gtk_label_get_text (GTK_LABEL (extra)));
  expected = g_strdup_printf ("  pkexec\n  %s\n  fix\n  miredo-set-server\n  win10.ipv6.microsoft.com\n",
                              cli);
  g_test_message ("%s", shown);
  g_assert_nonnull (strstr (shown, expected));
  g_assert_nonnull (strstr (shown, "ServerAddress win10.ipv6.microsoft.com"));

  adw_message_dialog_response (dialog, "apply");
  g_assert_true (td_ui_test_wait_until (log_complete, NULL, 10000));
  recorded = read_fake_log ();
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("pkexec\n%s\nfix\nmiredo-set-server\nwin10.ipv6.microsoft.com\n--end--\n",
                              cli);
  g_assert_cmpstr (recorded, ==, expected);

  /* After the fix the checks run again. */
  g_assert_true (td_ui_test_wait_flag (&runs_started, 10000));
  g_assert_true (td_ui_test_wait_until (window_idle, window, 60000));
  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  g_assert_false (td_report_is_from_file (td_window_get_report (window)));
  g_assert_true (td_window_get_report (window) != report);

  td_ui_test_destroy_window (window);
}

/* ── a real run, cancelled ── */

static gboolean
some_check_running (gpointer data)
{
  GListModel *results = data;

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(TdCheckResult) result = g_list_model_get_item (results, i);

      if (td_check_result_get_status (result) == TD_CHECK_STATUS_RUNNING)
        return TRUE;
    }
  return FALSE;
}

static void
remember_runner_cb (TdWindow  *window,
                    TdRunner  *runner,
                    TdRunner **out)
{
  g_set_object (out, runner);
}

static void
test_cancel (void)
{
  TdWindow *window = td_ui_test_new_window (640, 720);
  g_autoptr(TdRunner) runner = NULL;
  GListModel *results;
  guint n_cancelled = 0;

  g_signal_connect (window, "runner-created", G_CALLBACK (confine_runner_cb), NULL);
  g_signal_connect (window, "runner-created", G_CALLBACK (remember_runner_cb), &runner);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.check", NULL);
  g_assert_true (td_window_is_running (window));
  g_assert_nonnull (runner);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "checklist");
  results = td_runner_get_results (runner);
  g_assert_true (td_ui_test_wait_until (some_check_running, results, 20000));

  /* No report is opened over a run. */
  {
    g_autofree char *path = td_ui_test_data_path ("linux-udp-blocked.json");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    g_assert_false (open_file (window, file, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
    g_assert_true (td_window_is_running (window));
  }

  /* Cancel (Escape) half-way. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  g_assert_true (td_ui_test_wait_until (window_idle, window, 20000));
  td_ui_test_settle ();

  g_assert_cmpstr (td_window_get_page_name (window), ==, "checklist");
  g_assert_cmpint (td_checklist_page_get_state (td_window_get_checklist_page (window)), ==,
                   TD_CHECKLIST_STATE_CANCELLED);
  g_assert_null (td_window_get_report (window));
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(TdCheckResult) result = g_list_model_get_item (results, i);
      TdCheckStatus status = td_check_result_get_status (result);

      g_assert_true (td_check_status_is_final (status));
      n_cancelled += status == TD_CHECK_STATUS_CANCELLED;
    }
  g_assert_cmpuint (n_cancelled, >, 0);
  g_assert_true (gtk_widget_is_visible (td_ui_test_find_button (
    GTK_WIDGET (td_window_get_checklist_page (window)), "Run Again")));

  td_ui_test_destroy_window (window);
}

static void
test_full_run (void)
{
  static const char * const only[] = { "ipv6-stack", "global-cloud", "server-dns", "server-udp",
                                       NULL };
  TdWindow *window = td_ui_test_new_window (640, 720);
  TdReport *report;

  g_signal_connect (window, "runner-created", G_CALLBACK (confine_runner_cb), (gpointer) only);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check", NULL);
  g_assert_true (td_ui_test_wait_until (window_idle, window, 60000));
  td_ui_test_settle ();

  /* A live verdict of this machine, whatever it is. */
  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  report = td_window_get_report (window);
  g_assert_nonnull (report);
  g_assert_false (td_report_is_from_file (report));
  g_assert_nonnull (td_report_get_verdict (report));
  g_assert_cmpuint (g_list_model_get_n_items (td_report_get_checks (report)), >=, 4);
  g_assert_true (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (td_window_get_result_page (window)), "Run Again")));
  td_ui_test_destroy_window (window);
}

/* ── export, copy ── */

static gboolean
clipboard_has_content (gpointer clipboard)
{
  return gdk_clipboard_get_content (clipboard) != NULL;
}

static void
test_export_and_copy (void)
{
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                      "secret-pc.example.org");
  TdWindow *window = td_ui_test_new_window (640, 720);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("td-test-export-XXXXXX", NULL);
  g_autofree char *json_path = g_build_filename (dir, "r.json", NULL);
  g_autofree char *html_path = g_build_filename (dir, "r.html", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GFile) html_file = g_file_new_for_path (html_path);
  g_autoptr(TdReport) again = NULL;
  g_autofree char *html = NULL;
  g_autofree char *summary = NULL;
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;

  td_window_show_report (window, report);
  g_assert_true (export_to_file (window, json_file, TD_REPORT_FORMAT_JSON, FALSE, &error));
  g_assert_no_error (error);
  again = td_report_load_from_file (json_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (td_report_get_verdict (again)->code, ==, TD_VERDICT_UDP_BLOCKED);
  g_assert_cmpstr (td_report_get_hostname (again), ==, "secret-pc.example.org");

  g_assert_true (export_to_file (window, html_file, TD_REPORT_FORMAT_HTML, TRUE, &error));
  g_assert_no_error (error);
  g_file_get_contents (html_path, &html, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (html, "udp-blocked"));
  g_assert_null (strstr (html, "secret-pc"));

  /* Copy summary: the plain-text report, redacted by default (rendered
   * in a worker: on the clipboard a little later). */
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-summary", NULL);
  g_assert_true (td_ui_test_wait_until (clipboard_has_content,
                                        gtk_widget_get_clipboard (GTK_WIDGET (window)), 20000));
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  summary = g_value_dup_string (&value);
  g_value_unset (&value);
  g_assert_nonnull (strstr (summary, "udp-blocked"));
  g_assert_null (strstr (summary, "secret-pc"));

  g_unlink (json_path);
  g_unlink (html_path);
  g_rmdir (dir);
  td_ui_test_destroy_window (window);
}

/* ── help desk ── */

static void
helpdesk_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  static const char ok[] = "{\"reference\": \"HD-4711\"}";
  static const char broken[] = "queue full";

  if (g_str_equal (path, "/ok"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        ok, strlen (ok));
    }
  else
    {
      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        broken, strlen (broken));
    }
}

static gboolean
helpdesk_done (gpointer data)
{
  TdResultPage *page = data;

  return !td_ui_test_has_label (GTK_WIDGET (page), "Sending…");
}

/* While an export runs Export is unavailable and a second one is refused;
 * closing the window does not stop one. */
static void
test_export_busy (void)
{
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_WINDOWS, TD_VERDICT_UDP_BLOCKED,
                                                      "busy-pc");
  TdWindow *window = td_ui_test_new_window (640, 720);
  g_autofree char *dir = g_dir_make_tmp ("td-test-export-XXXXXX", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "r.pdf", NULL);
  g_autofree char *md_path = g_build_filename (dir, "r.md", NULL);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) md_file = g_file_new_for_path (md_path);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *markdown = NULL;
  GtkWidget *export_row;

  /* Nothing to export yet. */
  g_assert_false (export_to_file (window, pdf_file, TD_REPORT_FORMAT_PDF, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  td_window_show_report (window, report);
  td_ui_test_settle ();
  export_row = find_export_row (window);
  g_assert_true (gtk_widget_is_sensitive (export_row));

  td_window_export_to_file_async (window, pdf_file, TD_REPORT_FORMAT_PDF, FALSE, NULL,
                                  store_result_cb, &first);
  g_assert_true (td_window_is_exporting (window));
  g_assert_false (gtk_widget_is_sensitive (export_row));
  td_window_export_to_file_async (window, md_file, TD_REPORT_FORMAT_MARKDOWN, FALSE, NULL,
                                  store_result_cb, &second);
  g_assert_true (td_ui_test_wait_until (has_result, &second, 20000));
  g_assert_false (td_window_export_to_file_finish (window, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_true (td_ui_test_wait_until (has_result, &first, 60000));
  g_assert_true (td_window_export_to_file_finish (window, first, &error));
  g_assert_no_error (error);
  g_assert_false (td_window_is_exporting (window));
  g_assert_true (gtk_widget_is_sensitive (export_row));
  g_file_get_contents (pdf_path, &pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_false (g_file_test (md_path, G_FILE_TEST_EXISTS));

  /* The window closed right after Export: the file is written anyway. */
  g_clear_object (&second);
  td_window_export_to_file_async (window, md_file, TD_REPORT_FORMAT_MARKDOWN, FALSE, NULL,
                                  store_result_cb, &second);
  td_ui_test_destroy_window (window);
  g_assert_true (td_ui_test_wait_until (has_result, &second, 20000));
  g_assert_true (td_window_export_to_file_finish (window, second, &error));
  g_assert_no_error (error);
  g_file_get_contents (md_path, &markdown, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (markdown, "busy-pc"));

  g_unlink (pdf_path);
  g_unlink (md_path);
  g_rmdir (dir);
}

static void
test_helpdesk (void)
{
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                      "pc-1");
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  TdWindow *window = td_ui_test_new_window (640, 720);
  TdResultPage *page = td_window_get_result_page (window);
  GSList *uris;
  g_autofree char *ok_url = NULL;
  g_autofree char *bad_url = NULL;
  int port;

  soup_server_add_handler (server, NULL, helpdesk_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  ok_url = g_strdup_printf ("http://127.0.0.1:%d/ok", port);
  bad_url = g_strdup_printf ("http://127.0.0.1:%d/full", port);

  td_window_show_report (window, report);
  td_result_page_set_helpdesk (page, ok_url, TRUE);
  td_ui_test_settle ();
  g_signal_emit_by_name (td_ui_test_find_button (GTK_WIDGET (page), "Send"), "clicked");
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), "Sending…"));
  g_assert_true (td_ui_test_wait_until (helpdesk_done, page, 20000));
  g_assert_cmpstr (td_result_page_get_helpdesk_reference (page), ==, "HD-4711");
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), "Sent. Your reference: HD-4711"));

  td_result_page_set_helpdesk (page, bad_url, FALSE);
  td_result_page_send_to_helpdesk (page);
  g_assert_true (td_ui_test_wait_until (helpdesk_done, page, 20000));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page),
                                       "The help desk refused the report: 503 Service Unavailable."));

  soup_server_disconnect (server);
  td_ui_test_destroy_window (window);
}

/* ── 360 px ── */

/* Names the deepest widgets that are too wide, to say what to fix. */
static void
dump_wide (GtkWidget *widget,
           int        limit)
{
  gboolean wide_child = FALSE;
  int minimum = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (minimum > limit)
        {
          wide_child = TRUE;
          dump_wide (child, limit);
        }
    }
  if (!wide_child)
    {
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("too wide: %s %s (%d px)%s%s", G_OBJECT_TYPE_NAME (widget),
                      gtk_widget_get_name (widget), minimum,
                      GTK_IS_LABEL (widget) ? ": " : "",
                      GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "");
    }
}

static void
assert_fits (TdWindow   *window,
             const char *what)
{
  int minimum = 0;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("%s: minimum width %d", what, minimum);
  if (minimum > 360)
    dump_wide (GTK_WIDGET (window), 330);
  g_assert_cmpint (minimum, <=, 360);
}

static void
test_narrow (void)
{
  g_autoptr(TdReport) loaded = td_ui_test_load_report ("linux-udp-blocked.json");
  g_autoptr(TdReport) live = td_ui_test_live_copy (loaded);
  g_autoptr(TdReport) windows = td_ui_test_load_report ("windows-managed-network.json");
  TdWindow *window = td_ui_test_new_window (360, 640);

  td_result_page_set_helpdesk (td_window_get_result_page (window), "https://hd.example.org/", TRUE);
  assert_fits (window, "welcome");
  td_window_show_report (window, live);
  td_ui_test_settle ();
  assert_fits (window, "result (live)");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  td_ui_test_settle ();
  assert_fits (window, "checklist");
  td_window_show_report (window, windows);
  td_ui_test_settle ();
  assert_fits (window, "result (viewer)");
  td_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  install_fake_pkexec ();
  if (!td_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/wizard/viewer/open", test_viewer_open);
  g_test_add_func ("/ui/wizard/viewer/bad-file", test_viewer_bad_file);
  g_test_add_func ("/ui/wizard/viewer/drop", test_viewer_drop);
  g_test_add_func ("/ui/wizard/viewer/superseded", test_viewer_superseded);
  g_test_add_func ("/ui/wizard/fix-it", test_fix_it);
  g_test_add_func ("/ui/wizard/cancel", test_cancel);
  g_test_add_func ("/ui/wizard/full-run", test_full_run);
  g_test_add_func ("/ui/wizard/export-and-copy", test_export_and_copy);
  g_test_add_func ("/ui/wizard/export-busy", test_export_busy);
  g_test_add_func ("/ui/wizard/helpdesk", test_helpdesk);
  g_test_add_func ("/ui/wizard/narrow", test_narrow);

  status = g_test_run ();
  {
    g_autofree char *log = g_build_filename (fake_dir, "log", NULL);
    g_autofree char *bin = g_build_filename (fake_dir, "bin", NULL);
    g_autofree char *pkexec = g_build_filename (bin, "pkexec", NULL);

    g_unlink (log);
    g_unlink (pkexec);
    g_rmdir (bin);
    g_rmdir (fake_dir);
  }
  return status;
}
