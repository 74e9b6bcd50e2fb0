/* test-ui-screenshots.c — every page rendered to PNG with the cairo
 * renderer: welcome, running, healthy result, problem result, report
 * viewer, dark style, high contrast, 360 px wide
 *
 * The pictures go to BUILD/tests/ui/screenshots/.  With
 * TD_UPDATE_SCREENSHOTS=1 the three that the README and the AppStream
 * metainfo show are also written to data/screenshots/ (welcome.png,
 * checklist.png, result-problem.png).  The reports are real ones, made in
 * the lab by test-ui-lab (tests/data/reports/).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-check-row.h"
#include "td-checklist-page.h"
#include "td-ui-test.h"

#define WIDTH  640
#define HEIGHT 760

static void
assert_png (const char *path,
            int         min_width)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, min_width);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 200);
}

static void
shoot (TdWindow   *window,
       const char *name,
       gboolean    publish,
       int         min_width)
{
  g_autofree char *path = td_ui_test_screenshot (GTK_WIDGET (window), name, publish);

  assert_png (path, min_width);
}

static TdReport *
live_fixture (const char *name)
{
  g_autoptr(TdReport) loaded = td_ui_test_load_report (name);

  return td_ui_test_live_copy (loaded);
}

static void
test_welcome (void)
{
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);

  td_window_set_os_server (window, "teredo-debian.remlab.net");
  shoot (window, "welcome", TRUE, WIDTH - 20);
  td_ui_test_destroy_window (window);
}

/* A run caught in the middle: the first checks done, the Teredo client
 * being waited for, the rest waiting. */
static void
test_running (void)
{
  g_autoptr(TdReport) report = td_ui_test_load_report ("linux-udp-blocked.json");
  g_autoptr(GListStore) results = g_list_store_new (TD_TYPE_CHECK_RESULT);
  GListModel *checks = td_report_get_checks (report);
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);
  TdChecklistPage *page = td_window_get_checklist_page (window);
  guint n = g_list_model_get_n_items (checks);
  guint done = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TdCheckResult) from = g_list_model_get_item (checks, i);
      g_autoptr(TdCheckResult) result = td_check_result_new (td_check_result_get_id (from),
                                                            td_check_result_get_title (from));
      const char *id = td_check_result_get_id (from);

      if (i < 2 || g_str_equal (id, "server-dns") || g_str_equal (id, "ipv6-firewall"))
        {
          td_check_result_set_outcome (result, td_check_result_get_status (from),
                                       td_check_result_get_summary (from),
                                       td_check_result_get_details (from));
          done++;
        }
      else if (g_str_equal (id, "teredo-client"))
        {
          td_check_result_set_outcome (result, TD_CHECK_STATUS_RUNNING,
                                       "Miredo is still probing the server", NULL);
          td_check_result_set_countdown (result, 42);
        }
      else if (g_str_equal (id, "server-udp"))
        td_check_result_set_outcome (result, TD_CHECK_STATUS_RUNNING,
                                     "Sending router solicitations to 198.18.0.10", NULL);
      g_list_store_append (results, result);
    }

  td_checklist_page_set_results (page, G_LIST_MODEL (results));
  td_checklist_page_set_progress (page, (double) done / n);
  td_checklist_page_set_countdown (page, 42);
  td_checklist_page_set_state (page, TD_CHECKLIST_STATE_RUNNING);
  /* No runner here: switch the window's page stack by hand. */
  {
    g_autoptr(GPtrArray) stacks = td_ui_test_find_all (GTK_WIDGET (window), GTK_TYPE_STACK);

    for (guint i = 0; i < stacks->len; i++)
      if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "checklist") != NULL)
        gtk_stack_set_visible_child_name (g_ptr_array_index (stacks, i), "checklist");
  }
  g_assert_cmpstr (td_window_get_page_name (window), ==, "checklist");
  shoot (window, "checklist", TRUE, WIDTH - 20);
  td_ui_test_destroy_window (window);
}

static void
test_result_healthy (void)
{
  g_autoptr(TdReport) report = live_fixture ("linux-teredo-qualified.json");
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);

  td_window_show_report (window, report);
  g_assert_true (td_verdict_code_is_healthy (td_report_get_verdict (report)->code));
  shoot (window, "result-healthy", FALSE, WIDTH - 20);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  shoot (window, "checklist-healthy", FALSE, WIDTH - 20);
  td_ui_test_destroy_window (window);
}

static void
test_result_problem (void)
{
  g_autoptr(TdReport) report = live_fixture ("linux-udp-blocked.json");
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);

  td_window_show_report (window, report);
  g_assert_cmpint (td_report_get_verdict (report)->code, ==, TD_VERDICT_UDP_BLOCKED);
  shoot (window, "result-problem", TRUE, WIDTH - 20);
  td_ui_test_destroy_window (window);
}

static void
test_viewer (void)
{
  g_autoptr(TdReport) report = td_ui_test_load_report ("windows-managed-network.json");
  TdWindow *window = td_ui_test_new_window (WIDTH, HEIGHT);

  td_result_page_set_helpdesk (td_window_get_result_page (window),
                               "https://helpdesk.example.org/teredo", TRUE);
  td_window_show_report (window, report);
  g_assert_true (td_window_is_viewing_file (window));
  shoot (window, "report-viewer", FALSE, WIDTH - 20);
  td_ui_test_destroy_window (window);
}

static void
test_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(TdReport) report = live_fixture ("linux-udp-blocked.json");
  TdWindow *window;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  window = td_ui_test_new_window (WIDTH, HEIGHT);
  g_assert_true (adw_style_manager_get_dark (manager));
  shoot (window, "welcome-dark", FALSE, WIDTH - 20);
  td_window_show_report (window, report);
  shoot (window, "result-problem-dark", FALSE, WIDTH - 20);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  shoot (window, "checklist-dark", FALSE, WIDTH - 20);
  td_ui_test_destroy_window (window);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_high_contrast (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema =
    g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface", TRUE);
  g_autoptr(GSettings) a11y = NULL;
  g_autoptr(TdReport) report = live_fixture ("linux-udp-blocked.json");
  TdWindow *window;

  if (schema == NULL || !g_settings_schema_has_key (schema, "high-contrast"))
    {
      g_test_skip ("org.gnome.desktop.a11y.interface is not installed");
      return;
    }
  /* libadwaita 1.2 reads high contrast from this key when there is no
   * settings portal (GSETTINGS_BACKEND=memory keeps it to this process). */
  a11y = g_settings_new ("org.gnome.desktop.a11y.interface");
  g_settings_set_boolean (a11y, "high-contrast", TRUE);
  td_ui_test_settle ();
  if (!adw_style_manager_get_high_contrast (manager))
    {
      g_settings_reset (a11y, "high-contrast");
      g_test_skip ("libadwaita did not pick up high contrast here (a settings portal?)");
      return;
    }
  window = td_ui_test_new_window (WIDTH, HEIGHT);
  td_window_show_report (window, report);
  shoot (window, "result-problem-high-contrast", FALSE, WIDTH - 20);
  td_ui_test_destroy_window (window);
  g_settings_reset (a11y, "high-contrast");
}

static void
test_narrow (void)
{
  g_autoptr(TdReport) report = live_fixture ("linux-udp-blocked.json");
  TdWindow *window = td_ui_test_new_window (360, 720);

  /* Nothing may be wider than a phone: the window keeps 360 px. */
  shoot (window, "welcome-narrow", FALSE, 340);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  td_window_show_report (window, report);
  shoot (window, "result-problem-narrow", FALSE, 340);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  shoot (window, "checklist-narrow", FALSE, 340);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  td_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!td_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/screenshots/welcome", test_welcome);
  g_test_add_func ("/ui/screenshots/running", test_running);
  g_test_add_func ("/ui/screenshots/result-healthy", test_result_healthy);
  g_test_add_func ("/ui/screenshots/result-problem", test_result_problem);
  g_test_add_func ("/ui/screenshots/viewer", test_viewer);
  g_test_add_func ("/ui/screenshots/dark", test_dark);
  g_test_add_func ("/ui/screenshots/high-contrast", test_high_contrast);
  g_test_add_func ("/ui/screenshots/narrow", test_narrow);

  return g_test_run ();
}
