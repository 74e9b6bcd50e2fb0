/* test-ui-german.c — with LANGUAGE=de the wizard speaks German: our own
 * widgets, the backend's verdicts and fix titles
 *
 * The catalogue is compiled from po/de.po into a temporary folder with
 * msgfmt, so the test needs no installation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "td-checklist-page.h"
#include "td-fix.h"
#include "td-ui-test.h"

static char *locale_dir;

static void
compile_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *po = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *mo = NULL;
  const char *root = g_getenv ("TD_SOURCE_ROOT");
  int status = -1;

  g_assert_nonnull (root);
  locale_dir = g_dir_make_tmp ("td-test-locale-XXXXXX", &error);
  g_assert_no_error (error);
  messages = g_build_filename (locale_dir, "de", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0755), ==, 0);
  mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  po = g_build_filename (root, "po", "de.po", NULL);
  {
    const char *argv[] = { "msgfmt", "-o", mo, po, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

static void
remove_catalogue (void)
{
  g_autofree char *messages = g_build_filename (locale_dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *de = g_build_filename (locale_dir, "de", NULL);

  g_unlink (mo);
  g_rmdir (messages);
  g_rmdir (de);
  g_rmdir (locale_dir);
}

static void
test_welcome (void)
{
  TdWindow *window = td_ui_test_new_window (640, 720);

  g_assert_cmpstr (_("_Check My Connection"), ==, "Meine Verbindung _prüfen");
  g_assert_nonnull (td_ui_test_find_button (GTK_WIDGET (window), "Meine Verbindung prüfen"));
  g_assert_nonnull (td_ui_test_find_button (GTK_WIDGET (window), "Bericht öffnen …"));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (window), "Funktioniert Teredo?"));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (window), "Teredo-Server"));
  g_assert_null (td_ui_test_find_button (GTK_WIDGET (window), "Check My Connection"));
  td_ui_test_screenshot (GTK_WIDGET (window), "german-welcome", FALSE);
  td_ui_test_destroy_window (window);
}

static void
test_result (void)
{
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                      "pc-1");
  TdWindow *window = td_ui_test_new_window (640, 720);
  const char *title = td_verdict_code_get_title (TD_VERDICT_UDP_BLOCKED);

  td_window_show_report (window, report);
  td_ui_test_settle ();

  /* The backend's verdict title is German too, and so is our frame. */
  g_test_message ("verdict title: %s", title);
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (window), title));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (window), "Was zu tun ist"));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (window), "Ergebniscode: udp-blocked"));
  g_assert_nonnull (td_ui_test_find_button (GTK_WIDGET (window), "Beheben"));
  g_assert_cmpstr (td_fix_action_get_title ("miredo-restart"), ==, "Miredo neu starten");
  td_ui_test_screenshot (GTK_WIDGET (window), "german-result", FALSE);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  td_checklist_page_set_state (td_window_get_checklist_page (window), TD_CHECKLIST_STATE_RUNNING);
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (window), "Ihre Verbindung wird geprüft …"));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (window), "Fehlgeschlagen"));
  td_ui_test_destroy_window (window);

  /* Checked last: the backend's own catalogue entries are written by its
   * authors; until then this is reported as incomplete, not hidden. */
  if (g_str_equal (title, "UDP to the Teredo server is blocked"))
    g_test_incomplete ("the backend's verdict titles have no German translation yet");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* LANGUAGE only counts when the locale is not plain "C". */
  g_setenv ("LANGUAGE", "de", TRUE);
  if (g_strcmp0 (setlocale (LC_ALL, ""), "C") == 0)
    setlocale (LC_ALL, "C.UTF-8");
  compile_catalogue ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_disable_setlocale ();

  if (!td_ui_test_init (&argc, &argv))
    {
      remove_catalogue ();
      return 0;
    }

  g_test_add_func ("/ui/german/welcome", test_welcome);
  g_test_add_func ("/ui/german/result", test_result);

  status = g_test_run ();
  remove_catalogue ();
  return status;
}
