/* test-ui-helpdesk.c — help-desk mode in the window: a collected file opened
 * like a report, the guided paste mode to a verdict in three pastes, the
 * batch file on offer, and the screenshots of those pages
 *
 * The collected file and the pastes come from the fake-Windows programs
 * (tests/data/fake-windows), assembled as teredo-doctor-collect.bat writes
 * them (tests/unit/td-test-collect.c).  With TD_UPDATE_SCREENSHOTS=1 the
 * paste page and a collected file's verdict also go to data/screenshots/
 * (helpdesk-paste.png, helpdesk-result.png) for the README.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-error.h"
#include "td-fix.h"
#include "td-helpdesk-page.h"
#include "td-remedy-row.h"
#include "td-remote.h"
#include "td-test-collect.h"
#include "td-ui-test.h"

#define WIDTH  640
#define HEIGHT 760

static char *temp_dir;

/* ── helpers ── */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
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
  g_assert_true (td_ui_test_wait_until (has_result, &result, 20000));
  return td_window_open_file_finish (window, result, error);
}

static GFile *
write_temp (const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (temp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static GBytes *
scenario_file (const char *scenario,
               const char *computer,
               gboolean    elevated)
{
  g_autofree char *dir = td_test_source_path ("tests", "data", "fake-windows", scenario, NULL);

  return td_test_collect_file (dir, computer, elevated);
}

/* Fixes of another computer are shown, copyable, never runnable. */
static void
assert_copy_only (TdWindow *window)
{
  g_autoptr(GPtrArray) rows = td_ui_test_find_all (GTK_WIDGET (td_result_page_get_remedy_list (
                                                     td_window_get_result_page (window))),
                                                   TD_TYPE_REMEDY_ROW);
  TdReport *report = td_window_get_report (window);

  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      TdRemedyRow *row = g_ptr_array_index (rows, i);

      g_assert_false (td_fix_is_runnable (td_remedy_row_get_remedy (row), report));
      g_assert_false (td_remedy_row_get_fix_available (row));
      g_assert_false (gtk_widget_is_visible (td_remedy_row_get_fix_button (row)));
      g_assert_true (gtk_widget_is_visible (td_remedy_row_get_copy_button (row)));
    }
  g_assert_false (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (td_window_get_result_page (window)),
                                                                 "Run Again")));
}

/* ── a collected file ── */

static void
test_open_collected_file (void)
{
  g_autoptr(GBytes) bytes = scenario_file ("firewall-off", "DESKTOP-7Q2K3LM", FALSE);
  g_autoptr(GBytes) wide = td_test_to_utf16le (bytes);
  g_autoptr(GFile) file = write_temp ("teredo-doctor-collect.txt", wide);
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);
  g_autoptr(GError) error = NULL;
  GtkWidget *banner = td_window_get_report_banner (window);
  TdReport *report;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (open_file (window, file, &error));
  g_assert_no_error (error);
  g_test_message ("opened and diagnosed a %" G_GSIZE_FORMAT "-byte UTF-16 collected file in %.1f ms",
                  g_bytes_get_size (wide), (g_get_monotonic_time () - start) / 1000.0);
  td_ui_test_settle ();
  report = td_window_get_report (window);
  g_assert_nonnull (td_report_get_origin (report));
  g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_NO_IPV6_FIREWALL);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  g_assert_true (td_window_is_viewing_file (window));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (banner))));
  g_assert_true (g_str_has_prefix (td_report_banner_get_text (TD_REPORT_BANNER (banner)),
                                   "Collected on DESKTOP-7Q2K3LM at Thu 11/26/2026 12:34:56.78, opened here "));
  assert_copy_only (window);
  td_ui_test_screenshot (GTK_WIDGET (window), "helpdesk-result", TRUE);

  /* Its checklist: the network checks not run, or told by the client. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (td_window_get_checklist_page (window)),
                                       "Not run: remote machine"));
  td_ui_test_screenshot (GTK_WIDGET (window), "helpdesk-result-checklist", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-report", NULL);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");
  td_ui_test_destroy_window (window);
}

/* Not a report and not command output: the dialog says what it is. */
static void
test_open_bad_file (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  g_autoptr(GBytes) bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(GFile) file = write_temp ("screenshot.png", bytes);
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  g_assert_false (open_file (window, file, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_NOT_SUPPORTED);
  td_ui_test_settle ();
  dialog = td_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "This File Cannot Be Opened");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "This is a PNG image, not Windows command output"));
  gtk_window_destroy (dialog);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");
  td_ui_test_destroy_window (window);
}

/* ── the guided paste mode ── */

static gboolean
session_idle (gpointer data)
{
  return !td_remote_session_is_busy (td_helpdesk_page_get_session (data));
}

static void
paste (TdHelpdeskPage *page,
       const char     *text)
{
  td_helpdesk_page_paste (page, text);
  g_assert_true (td_ui_test_wait_until (session_idle, page, 20000));
  td_ui_test_settle ();
}

/* What the user's window shows for @command, from the scenario's file,
 * typed at @prompt (NULL: copied without the prompt line). */
static char *
console_text (const TdCapture *full,
              const char      *command,
              const char      *prompt)
{
  g_auto(GStrv) argv = g_strsplit (command, " ", -1);
  const TdCaptureOutput *output = td_capture_lookup (full, (const char * const *) argv);

  g_assert_nonnull (output);
  if (prompt == NULL)
    return g_strdup (output->output);
  return g_strdup_printf ("%s%s\r\n%s\r\n%s", prompt, command, output->output, prompt);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
test_guided (void)
{
  g_autoptr(GBytes) bytes = scenario_file ("type-disabled", "PC", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(TdCapture) full = td_capture_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);
  TdHelpdeskPage *page = td_window_get_helpdesk_page (window);
  GtkButton *verdict = td_helpdesk_page_get_verdict_button (page);
  g_autofree char *netsh = console_text (full, "netsh interface teredo show state", "C:\\Users\\ana>");
  g_autofree char *dc = console_text (full, "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters "
                                      "/v DisabledComponents", NULL);
  g_autofree char *ipconfig = console_text (full, "ipconfig /all", "PS C:\\Windows\\system32> ");
  TdReport *report;

  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.helpdesk", NULL);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "helpdesk");
  g_assert_cmpstr (td_helpdesk_page_get_command_text (page), ==, "netsh interface teredo show state");
  /* Every check, waiting, before the first paste. */
  g_assert_cmpuint (n_rows (td_helpdesk_page_get_check_list (page)), ==, 12);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (verdict)));

  /* Not command output: said so, naming what was asked for. */
  paste (page, "It still says Teredo is unable to qualify");
  g_assert_true (g_str_has_suffix (td_helpdesk_page_get_message_text (page),
                                   "Asked for: netsh interface teredo show state."));
  g_assert_cmpuint (td_remote_session_get_n_pastes (td_helpdesk_page_get_session (page)), ==, 0);

  /* 1. The Teredo state, with the prompt line. */
  paste (page, netsh);
  g_assert_cmpstr (td_helpdesk_page_get_message_text (page), ==, "Recognised: netsh interface teredo show state.");
  g_assert_cmpstr (td_helpdesk_page_get_command_text (page), ==,
                   "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters /v DisabledComponents\n"
                   "ipconfig /all");
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), "Offline"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (verdict)));
  g_assert_cmpstr (gtk_button_get_label (verdict), ==, "Show a _Provisional Verdict");
  td_ui_test_screenshot (GTK_WIDGET (window), "helpdesk-paste", TRUE);

  /* 2. DisabledComponents, copied without the prompt line. */
  paste (page, dc);
  g_assert_cmpstr (td_helpdesk_page_get_command_text (page), ==, "ipconfig /all");

  /* 3. The adapters, from PowerShell: enough to reach the verdict. */
  paste (page, ipconfig);
  g_assert_true (td_remote_session_is_enough (td_helpdesk_page_get_session (page)));
  g_assert_cmpstr (gtk_button_get_label (verdict), ==, "_Show the Verdict");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (verdict), "suggested-action"));
  td_ui_test_screenshot (GTK_WIDGET (window), "helpdesk-enough", FALSE);

  g_signal_emit_by_name (verdict, "clicked");
  td_ui_test_settle ();
  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  report = td_window_get_report (window);
  g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_TEREDO_DISABLED);
  g_assert_cmpstr (td_report_get_origin (report)->from, ==, "paste");
  g_assert_true (td_report_get_origin (report)->conclusive);
  g_assert_true (g_str_has_prefix (td_report_banner_get_text (TD_REPORT_BANNER (td_window_get_report_banner (window))),
                                   "Pasted from an unnamed computer, read here "));
  assert_copy_only (window);

  /* Back to the pastes, which are kept. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "helpdesk");
  g_assert_false (td_window_is_viewing_file (window));
  g_assert_cmpuint (td_remote_session_get_n_pastes (td_helpdesk_page_get_session (page)), ==, 3);
  g_signal_emit_by_name (td_ui_test_find_button (GTK_WIDGET (page), "Start Over"), "clicked");
  g_assert_cmpuint (td_remote_session_get_n_pastes (td_helpdesk_page_get_session (page)), ==, 0);
  g_assert_cmpstr (td_helpdesk_page_get_command_text (page), ==, "netsh interface teredo show state");
  td_ui_test_destroy_window (window);
}

/* ── the batch file ── */

static gboolean
batch_loaded (gpointer data)
{
  return td_helpdesk_page_get_batch_text (data) != NULL;
}

static void
test_batch_file (void)
{
  g_autofree char *path = td_test_source_path ("data", "teredo-doctor-collect.bat", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) found = td_remote_find_batch_file ();
  g_autoptr(GError) error = NULL;
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);
  TdHelpdeskPage *page = td_window_get_helpdesk_page (window);
  GtkExpander *expander;

  g_assert_nonnull (found);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.helpdesk", NULL);
  g_assert_true (td_ui_test_wait_until (batch_loaded, page, 10000));
  /* The text exactly, CRLF included. */
  g_assert_cmpstr (td_helpdesk_page_get_batch_text (page), ==, contents);
  g_assert_true (gtk_widget_get_sensitive (td_ui_test_find_button (GTK_WIDGET (page), "Copy")));
  expander = GTK_EXPANDER (td_ui_test_find_first (GTK_WIDGET (page), GTK_TYPE_EXPANDER));
  gtk_expander_set_expanded (expander, TRUE);
  td_ui_test_settle ();
  /* Scrolled into view by the focus, as a keyboard user gets there: the
   * batch file's text is the last text view. */
  {
    g_autoptr(GPtrArray) views = td_ui_test_find_all (GTK_WIDGET (page), GTK_TYPE_TEXT_VIEW);

    gtk_widget_grab_focus (g_ptr_array_index (views, views->len - 1));
    td_ui_test_settle ();
  }
  td_ui_test_screenshot (GTK_WIDGET (window), "helpdesk-batch-file", FALSE);
  td_ui_test_destroy_window (window);
}

/* The page alone at a phone's width. */
static void
test_narrow (void)
{
  TdWindow *window = td_ui_test_new_window (360, 720);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.helpdesk", NULL);
  td_ui_test_settle ();
  td_ui_test_screenshot (GTK_WIDGET (window), "helpdesk-narrow", FALSE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  td_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!td_ui_test_init (&argc, &argv))
    return 0;
  temp_dir = g_dir_make_tmp ("td-ui-helpdesk-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/helpdesk/open-collected-file", test_open_collected_file);
  g_test_add_func ("/ui/helpdesk/open-bad-file", test_open_bad_file);
  g_test_add_func ("/ui/helpdesk/guided-three-pastes", test_guided);
  g_test_add_func ("/ui/helpdesk/batch-file", test_batch_file);
  g_test_add_func ("/ui/helpdesk/narrow", test_narrow);

  status = g_test_run ();
  td_test_remove_tree (temp_dir);
  g_free (temp_dir);
  return status;
}
