/* test-ui-windows.c — the Windows build's window, run under Wine (or on
 * Windows): the welcome page, a real run of the checklist with the Windows
 * collector to its verdict, and Fix it through the Windows elevation path
 *
 * The window is the one teredo-doctor.exe shows, started the way its
 * main() starts it (td_app_native_init(): the app's own fonts through
 * fontconfig when the system's cannot be used, as under Wine).  The run is
 * real: the Windows collector starts netsh, ipconfig, sc, reg and chcp —
 * copies of tests/windows/fake-command.exe playing the real outputs of
 * tests/data/fake-windows/type-disabled, found through TD_COMMAND_PATH —
 * and the network checks stay on loopback: the server 127.0.0.1 is refused
 * by the probe as not global before any datagram leaves, and the IPv6 web
 * check fetches from a loopback port of this test that accepts and never
 * answers, which holds the run on the checklist page until the test lets
 * it go.  The operating system's facts say Teredo is switched off
 * (Teredo_State policy, iphlpsvc\Teredo\Type, DisabledComponents, IP Helper
 * disabled): the verdict must be teredo-disabled, as the CLI says for the
 * same scenario (tests/unit/test-runner.c).
 *
 * Fix it goes through td-fix-win32.c: ShellExecuteExW("runas") of
 * teredo-doctor-cli.exe fix --log-file FILE disabled-components-set 0x0,
 * which runs Windows' own reg.exe.  Wine has no UAC, so nothing prompts
 * and the value lands in the registry of the test's Wine prefix, where the
 * test reads it back; on a real Windows the consent prompt would wait for
 * a user, so that case runs only under Wine (TD_TEST_UNDER_WINE).  The
 * checks then run again and, the fake outputs being what they were, the
 * window says the fix did not help.
 *
 * Screenshots go to BUILD/tests/ui/screenshots/; with
 * TD_UPDATE_SCREENSHOTS=1 also to data/screenshots/windows-welcome.png,
 * windows-checklist.png and windows-result.png.  Built only for Windows
 * (tests/ui/meson.build); the whole `meson test` runs under xvfb-run, Wine
 * draws on that display, and meson's exe_wrapper runs this program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "td-app-native.h"
#include "td-checklist-page.h"
#include "td-remedy-row.h"
#include "td-test-fakes.h"
#include "td-ui.h"
#include "td-ui-test.h"

/* After GLib's headers (windows.h defines names GLib uses as fields). */
#include <windows.h>

#define WIDTH  640
#define HEIGHT 720

#define SCENARIO "type-disabled"
/* What the scenario's OS facts imply, and fixes they must offer. */
#define EXPECTED_VERDICT TD_VERDICT_TEREDO_DISABLED
#define POLICY_COMMAND \
  "reg delete HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition /v Teredo_State /f"
#define SERVICE_COMMAND "sc.exe config iphlpsvc start= auto"

#define TCPIP6_KEY L"SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters"

static char *scenario_dir;

/* ── a loopback web server that never answers ── */

/* A listening socket on [::1] that never accepts: the kernel completes the
 * connection and takes the request, no answer comes, and the ipv6-http
 * check keeps running.  Closing it resets (or refuses) the connection: the
 * check fails at once (no IPv6 web access), which the verdict does not
 * depend on. */
static GSocket *
held_server_new (char **out_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *listener;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, any_port, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 8);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  *out_url = g_strdup_printf ("http://[::1]:%u/",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return listener;
}

/* ── the run ── */

typedef struct {
  const char *ipv6_url;
  guint       n_runs;
} Confine;

/* Runs of the real runner stay on this machine and on loopback. */
static void
confine_runner_cb (TdWindow *window,
                   TdRunner *runner,
                   gpointer  user_data)
{
  Confine *confine = user_data;

  td_runner_set_server (runner, "127.0.0.1");
  td_runner_set_ipv6_test_url (runner, confine->ipv6_url);
  td_runner_set_client_wait (runner, 0);
  confine->n_runs++;
}

static gboolean
window_idle (gpointer data)
{
  return !td_window_is_running (data);
}

static gboolean
is_final (TdCheckStatus status)
{
  return status != TD_CHECK_STATUS_WAITING && status != TD_CHECK_STATUS_RUNNING;
}

static TdCheckStatus
status_of (TdWindow   *window,
           const char *id)
{
  GListModel *results = td_runner_get_results (window->runner);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(TdCheckResult) result = g_list_model_get_item (results, i);

      if (g_str_equal (td_check_result_get_id (result), id))
        return td_check_result_get_status (result);
    }
  g_error ("no check %s in the run", id);
  return TD_CHECK_STATUS_WAITING;
}

/* Every check has its result but the web check, which waits for the held
 * server: the checklist as a user sees it near the end of a run. */
static gboolean
only_web_check_left (gpointer data)
{
  TdWindow *window = data;
  GListModel *results = td_runner_get_results (window->runner);

  if (!td_window_is_running (window))
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(TdCheckResult) result = g_list_model_get_item (results, i);
      gboolean web = g_str_equal (td_check_result_get_id (result), "ipv6-http");

      if (web != !is_final (td_check_result_get_status (result)))
        return FALSE;
    }
  return TRUE;
}

static void
log_states (TdWindow *window)
{
  GListModel *results = td_runner_get_results (window->runner);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(TdCheckResult) result = g_list_model_get_item (results, i);

      g_test_message ("%-18s %d %s", td_check_result_get_id (result),
                      td_check_result_get_status (result),
                      td_check_result_get_summary (result) ? td_check_result_get_summary (result) : "");
    }
}

static GPtrArray *
remedy_rows (TdWindow *window)
{
  return td_ui_test_find_all (GTK_WIDGET (td_result_page_get_remedy_list (
                                td_window_get_result_page (window))), TD_TYPE_REMEDY_ROW);
}

static TdRemedyRow *
find_remedy (TdWindow   *window,
             const char *command_line)
{
  g_autoptr(GPtrArray) rows = remedy_rows (window);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (td_remedy_row_get_command_line (g_ptr_array_index (rows, i)), command_line) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static TdRemedyRow *
find_fix (TdWindow   *window,
          const char *action)
{
  g_autoptr(GPtrArray) rows = remedy_rows (window);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (td_remedy_row_get_remedy (g_ptr_array_index (rows, i))->fix_action, action) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* The result page of a live Windows run with the scenario's verdict and
 * its fixes, runnable here. */
static void
assert_verdict_page (TdWindow *window)
{
  TdResultPage *page = td_window_get_result_page (window);
  TdReport *report = td_window_get_report (window);
  g_autofree char *code_text = g_strdup_printf ("Verdict code: %s",
                                                td_verdict_code_to_string (EXPECTED_VERDICT));
  TdCheckResult *components;
  TdRemedyRow *row;

  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  g_assert_nonnull (report);
  g_assert_false (td_report_is_from_file (report));
  g_assert_cmpint (td_report_get_platform (report), ==, TD_PLATFORM_WINDOWS);
  g_assert_nonnull (td_report_get_verdict (report));
  g_assert_cmpstr (td_verdict_code_to_string (td_report_get_verdict (report)->code), ==,
                   td_verdict_code_to_string (EXPECTED_VERDICT));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), code_text));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), td_verdict_code_get_title (EXPECTED_VERDICT)));

  /* The off-switches the collector found are the failed check… */
  components = td_report_find_check (report, "teredo-components");
  g_assert_nonnull (components);
  g_assert_cmpint (td_check_result_get_status (components), ==, TD_CHECK_STATUS_FAIL);

  /* …and their fixes are shown: the policy one to copy, the registry and
   * service ones also with Fix it (this computer, live). */
  row = find_remedy (window, POLICY_COMMAND);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (row)));
  g_assert_true (gtk_widget_is_visible (td_remedy_row_get_copy_button (row)));
  row = find_remedy (window, SERVICE_COMMAND);
  g_assert_nonnull (row);
  g_assert_true (td_remedy_row_get_fix_available (row));
  g_assert_true (gtk_widget_is_visible (td_remedy_row_get_fix_button (row)));
  row = find_fix (window, "disabled-components-set");
  g_assert_nonnull (row);
  g_assert_true (td_remedy_row_get_fix_available (row));
  g_assert_true (gtk_widget_is_visible (td_remedy_row_get_fix_button (row)));
  g_assert_true (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "Run Again")));
}

/* Clicks Check My Connection and waits for the result page; with @shot,
 * the checklist is photographed while the web check still runs. */
static TdWindow *
run_to_verdict (gboolean shot)
{
  g_autofree char *url = NULL;
  g_autoptr(GSocket) held = held_server_new (&url);
  Confine confine = { url, 0 };
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);
  gint64 start = g_get_monotonic_time ();
  gulong handler;

  handler = g_signal_connect (window, "runner-created", G_CALLBACK (confine_runner_cb), &confine);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.check", NULL);
  g_assert_cmpuint (confine.n_runs, ==, 1);
  g_assert_true (td_window_is_running (window));
  g_assert_cmpstr (td_window_get_page_name (window), ==, "checklist");

  if (!td_ui_test_wait_until (only_web_check_left, window, 90000) || !td_window_is_running (window))
    {
      log_states (window);
      g_error ("the run did not reach its last check (running: %d)", td_window_is_running (window));
    }
  g_test_message ("checks done but the web check after %.1f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (status_of (window, "ipv6-http"), ==, TD_CHECK_STATUS_RUNNING);
  g_assert_cmpint (status_of (window, "teredo-components"), ==, TD_CHECK_STATUS_FAIL);
  g_assert_cmpint (td_checklist_page_get_state (td_window_get_checklist_page (window)), ==,
                   TD_CHECKLIST_STATE_RUNNING);
  if (shot)
    td_ui_test_screenshot (GTK_WIDGET (window), "windows-checklist", TRUE);
  g_assert_true (td_window_is_running (window));

  /* Let the web check go: the connection is reset. */
  g_socket_close (held, NULL);
  if (!td_ui_test_wait_until (window_idle, window, 60000))
    {
      log_states (window);
      g_error ("the run did not finish");
    }
  td_ui_test_settle ();
  g_test_message ("run finished after %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (status_of (window, "ipv6-http"), ==, TD_CHECK_STATUS_FAIL);
  g_signal_handler_disconnect (window, handler);
  return window;
}

static void
test_welcome (void)
{
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);

  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");
  g_assert_nonnull (td_ui_test_find_button (GTK_WIDGET (td_window_get_welcome_page (window)),
                                            "Check My Connection"));
  td_ui_test_screenshot (GTK_WIDGET (window), "windows-welcome", TRUE);
  td_ui_test_destroy_window (window);
}

/* Every named icon under @widget must resolve to a file this build can
 * draw: the Windows build has no SVG loader, so an icon found only as an
 * SVG (libadwaita keeps its own icons that way) would show as an empty box.
 * stage.sh ships them encoded as .symbolic.png. */
static void
collect_icon_problems (GtkWidget    *widget,
                       GtkIconTheme *theme,
                       GHashTable   *seen,
                       GString      *problems)
{
  if (GTK_IS_IMAGE (widget) &&
      gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_ICON_NAME)
    {
      const char *name = gtk_image_get_icon_name (GTK_IMAGE (widget));

      if (name != NULL && !g_hash_table_contains (seen, name))
        {
          g_autoptr(GtkIconPaintable) icon = NULL;
          g_autoptr(GFile) file = NULL;
          g_autofree char *uri = NULL;

          g_hash_table_add (seen, g_strdup (name));
          icon = gtk_icon_theme_lookup_icon (theme, name, NULL, 16, 1, GTK_TEXT_DIR_LTR, 0);
          file = gtk_icon_paintable_get_file (icon);
          uri = file != NULL ? g_file_get_uri (file) : g_strdup ("(no file)");
          g_test_message ("icon %s: %s", name, uri);
          if (!gtk_icon_theme_has_icon (theme, name))
            g_string_append_printf (problems, " %s (not found)", name);
          else if (g_str_has_suffix (uri, ".svg"))
            g_string_append_printf (problems, " %s (only an SVG: %s)", name, uri);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_icon_problems (child, theme, seen, problems);
}

static void
assert_icons_drawable (TdWindow *window)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);

  collect_icon_problems (GTK_WIDGET (window), theme, seen, problems);
  /* The checklist's rows are expander rows: their arrow is libadwaita's. */
  g_assert_true (g_hash_table_contains (seen, "adw-expander-arrow-symbolic"));
  g_assert_cmpuint (g_hash_table_size (seen), >=, 8);
  if (problems->len > 0)
    g_error ("icons this build cannot draw:%s (the icons are the staging folder's, "
             "XDG_DATA_DIRS=%s: build-aux/windows/app.sh makes it)",
             problems->str, g_getenv ("XDG_DATA_DIRS"));
}

static void
test_run_to_verdict (void)
{
  TdWindow *window = run_to_verdict (TRUE);

  assert_verdict_page (window);
  assert_icons_drawable (window);
  td_ui_test_screenshot (GTK_WIDGET (window), "windows-result", TRUE);
  td_ui_test_destroy_window (window);
}

/* ── Fix it, elevated ── */

static gboolean
read_dword (DWORD *out)
{
  DWORD size = sizeof *out;

  return RegGetValueW (HKEY_LOCAL_MACHINE, TCPIP6_KEY, L"DisabledComponents",
                       RRF_RT_REG_DWORD, NULL, out, &size) == ERROR_SUCCESS;
}

static void
write_dword (DWORD value)
{
  HKEY key;

  g_assert_cmpint (RegCreateKeyExW (HKEY_LOCAL_MACHINE, TCPIP6_KEY, 0, NULL, 0, KEY_SET_VALUE,
                                    NULL, &key, NULL), ==, ERROR_SUCCESS);
  g_assert_cmpint (RegSetValueExW (key, L"DisabledComponents", 0, REG_DWORD,
                                   (const BYTE *) &value, sizeof value), ==, ERROR_SUCCESS);
  RegCloseKey (key);
}

static void
delete_dword (void)
{
  HKEY key;

  if (RegOpenKeyExW (HKEY_LOCAL_MACHINE, TCPIP6_KEY, 0, KEY_SET_VALUE, &key) != ERROR_SUCCESS)
    return;
  RegDeleteValueW (key, L"DisabledComponents");
  RegCloseKey (key);
}

typedef struct {
  DWORD wanted;
} DwordWait;

static gboolean
dword_is (gpointer data)
{
  DwordWait *wait = data;
  DWORD value;

  return read_dword (&value) && value == wait->wanted;
}

typedef struct {
  TdWindow *window;
  Confine  *confine;
} Rerun;

static gboolean
rerun_done (gpointer data)
{
  Rerun *rerun = data;

  return rerun->confine->n_runs > 0 && !td_window_is_running (rerun->window);
}

static void
test_fix_it_elevated (void)
{
  TdWindow *window;
  g_autoptr(TdReport) report = NULL;
  TdRemedyRow *row;
  const TdRemedy *remedy;
  AdwMessageDialog *dialog;
  g_autofree char *url = NULL;
  g_autoptr(GSocket) held = NULL;
  Confine confine = { NULL, 0 };
  DwordWait wait;
  Rerun rerun;
  DWORD before = 0;
  gboolean had_value;
  gint64 start;
  char *end;

  if (g_getenv ("TD_TEST_UNDER_WINE") == NULL)
    {
      g_test_skip ("Fix it elevates through UAC, whose consent prompt waits for a user on Windows "
                   "(Wine has no UAC: this case runs under Wine)");
      return;
    }

  window = run_to_verdict (FALSE);
  assert_verdict_page (window);
  report = g_object_ref (td_window_get_report (window));
  row = find_fix (window, "disabled-components-set");
  remedy = td_remedy_row_get_remedy (row);
  g_assert_nonnull (remedy->fix_args);
  g_assert_nonnull (remedy->fix_args[0]);
  wait.wanted = strtoul (remedy->fix_args[0], &end, 0);
  g_assert_true (*end == '\0');

  /* This Wine prefix's registry, set to something the fix must change. */
  had_value = read_dword (&before);
  write_dword (wait.wanted ^ 0xff);
  g_assert_false (dword_is (&wait));

  /* The next run (Fix it checks again) ends at once: nothing holds it. */
  held = held_server_new (&url);
  g_socket_close (held, NULL);
  confine.ipv6_url = url;
  g_signal_connect (window, "runner-created", G_CALLBACK (confine_runner_cb), &confine);

  g_signal_emit_by_name (td_remedy_row_get_fix_button (row), "clicked");
  td_ui_test_settle ();
  dialog = td_result_page_get_confirm_dialog (td_window_get_result_page (window));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Windows will ask you to allow each step."));
  start = g_get_monotonic_time ();
  adw_message_dialog_response (dialog, "apply");

  /* teredo-doctor-cli.exe, started with the verb runas, ran reg.exe… */
  if (!td_ui_test_wait_until (dword_is, &wait, 60000))
    {
      GtkWindow *error_dialog = td_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

      g_error ("DisabledComponents was not set to 0x%lx by the elevated fix%s%s",
               (unsigned long) wait.wanted, error_dialog != NULL ? ": " : "",
               error_dialog != NULL ? adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (error_dialog)) : "");
    }
  g_test_message ("the elevated fix set DisabledComponents=0x%lx in %.1f s",
                  (unsigned long) wait.wanted, (g_get_monotonic_time () - start) / 1e6);

  /* …and a fix is done only when the checks say so: they run again. */
  rerun.window = window;
  rerun.confine = &confine;
  g_assert_true (td_ui_test_wait_until (rerun_done, &rerun, 90000));
  td_ui_test_settle ();
  g_assert_cmpuint (confine.n_runs, ==, 1);
  g_assert_true (td_window_get_report (window) != report);
  assert_verdict_page (window);

  /* The fake outputs still say Teredo is off, so the window says the fix
   * did not help — what it must say when a fix changed nothing the checks
   * see. */
  dialog = ADW_MESSAGE_DIALOG (td_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Fix Did Not Help");
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“disabled-components-set” did not help"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  td_ui_test_settle ();
  g_assert_null (td_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  if (had_value)
    write_dword (before);
  else
    delete_dword ();
  td_ui_test_destroy_window (window);
}

/* ── what Wine makes GTK say ── */

/* Under Wine, GDK's Windows backend warns about what Wine's Windows lacks
 * (keyboard layout registry keys and DLLs, monitor device properties), and
 * asking pangowin32 for the system font makes pango log a critical
 * (build-aux/windows/README.md, "Text").  Those pass: GDK's warnings
 * (domain "Gdk", the Windows backend's own) and that one critical.  Any
 * other warning or critical — GTK's, libadwaita's, GLib's, ours — still
 * ends the test, as G_DEBUG=fatal-warnings does on Linux. */
static gboolean
is_wine_noise (GLogLevelFlags  log_level,
               const char     *domain,
               const char     *message)
{
  if ((log_level & G_LOG_LEVEL_WARNING) != 0)
    return g_strcmp0 (domain, "Gdk") == 0;
  return g_strcmp0 (domain, "Pango") == 0 && message != NULL &&
         g_str_has_prefix (message, "pango_font_description_to_string: assertion 'desc != NULL' failed");
}

/* Under Wine warnings and criticals are not fatal by mask (a fatal one
 * is reported as "Bail out!" before any handler could let it pass): every
 * message reaches this writer, which ends the test on each one but the
 * noise. */
static GLogWriterOutput
wine_writer (GLogLevelFlags   log_level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;
  GLogWriterOutput output = g_log_writer_default (log_level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) != 0 &&
      !is_wine_noise (log_level, domain, message))
    g_abort ();
  return output;
}

int
main (int   argc,
      char *argv[])
{
  gboolean under_wine = g_getenv ("TD_TEST_UNDER_WINE") != NULL;
  int status;

  if (under_wine)
    g_log_set_writer_func (wine_writer, NULL, NULL);
  /* What teredo-doctor.exe's main() does first. */
  td_app_native_init ();

  /* td_ui_test_init(), with the Wine noise let through before GTK starts
   * (GDK warns while it opens the display). */
  g_test_init (&argc, &argv, NULL);
  if (under_wine)
    g_log_set_always_fatal (G_LOG_FATAL_MASK);
  gtk_init ();
  adw_init ();
  td_ui_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* What the application's startup does. */
  td_app_native_startup (gtk_settings_get_default ());

  scenario_dir = td_test_source_path ("tests", "data", "fake-windows", SCENARIO, NULL);
  td_test_fakes_enter (scenario_dir);

  g_test_add_func ("/ui/windows/welcome", test_welcome);
  g_test_add_func ("/ui/windows/run-to-verdict", test_run_to_verdict);
  g_test_add_func ("/ui/windows/fix-it-elevated", test_fix_it_elevated);
  status = g_test_run ();

  td_test_fakes_leave ();
  g_free (scenario_dir);
  return status;
}
