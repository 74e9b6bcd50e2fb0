/* test-ui-app.c — the application object: `teredo-doctor REPORT.json`
 * opens the viewer, About carries the plain-text report as debug
 * information, Preferences and the keyboard shortcuts window open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-application.h"
#include "td-preferences-window.h"
#include "td-ui-test.h"

static TdApplication *app;

static TdWindow *
active_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return TD_IS_WINDOW (window) ? TD_WINDOW (window) : NULL;
}

static void
test_activate (void)
{
  TdWindow *window;

  g_application_activate (G_APPLICATION (app));
  td_ui_test_settle ();
  window = active_window ();
  g_assert_nonnull (window);
  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");

  /* Activating again presents the same window. */
  g_application_activate (G_APPLICATION (app));
  g_assert_true (active_window () == window);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
}

static gboolean
viewing_file (gpointer window)
{
  return td_window_is_viewing_file (window);
}

static void
test_open_report (void)
{
  g_autofree char *path = td_ui_test_data_path ("linux-udp-blocked.json");
  GFile *files[] = { g_file_new_for_path (path) };
  TdWindow *window;

  /* What `teredo-doctor linux-udp-blocked.json` does. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  window = active_window ();
  g_assert_nonnull (window);
  /* The file is read without blocking: shown a little later. */
  g_assert_true (td_ui_test_wait_until (viewing_file, window, 20000));
  td_ui_test_settle ();
  g_assert_true (td_window_is_viewing_file (window));
  g_assert_cmpstr (td_window_get_page_name (window), ==, "result");
  g_assert_cmpstr (td_report_get_hostname (td_window_get_report (window)), ==, "lab-client");
  g_object_unref (files[0]);
}

static void
test_about (void)
{
  g_autofree char *debug_info = td_application_dup_debug_info (app);
  GtkWindow *about;

  /* The report on screen, as plain text, after the versions. */
  g_assert_nonnull (strstr (debug_info, "Teredo Doctor " PACKAGE_VERSION));
  g_assert_nonnull (strstr (debug_info, "udp-blocked"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  td_ui_test_settle ();
  about = td_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)), ==, debug_info);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_destroy (about);
}

static void
test_preferences (void)
{
  GtkWindow *prefs;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  td_ui_test_settle ();
  prefs = td_ui_test_find_toplevel (TD_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  gtk_window_destroy (prefs);
}

static void
test_shortcuts (void)
{
  TdWindow *window = active_window ();
  GtkWindow *overlay;
  const char *accels_prefs[] = { "<Control>comma", NULL };
  g_auto(GStrv) accels = NULL;

  /* GtkApplication loaded gtk/help-overlay.ui from our resource path. */
  g_assert_nonnull (window);
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  td_ui_test_settle ();
  overlay = td_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (overlay);
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_cmpstrv (accels, accels_prefs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!td_ui_test_init (&argc, &argv))
    return 0;

  /* Not unique: no session bus is needed. */
  app = td_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/app/activate", test_activate);
  g_test_add_func ("/ui/app/open-report", test_open_report);
  g_test_add_func ("/ui/app/about", test_about);
  g_test_add_func ("/ui/app/preferences", test_preferences);
  g_test_add_func ("/ui/app/shortcuts", test_shortcuts);

  status = g_test_run ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }
  g_object_unref (app);
  return status;
}
