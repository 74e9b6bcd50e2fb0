/* test-ui-widgets.c — every widget of ui/ instantiated (the .ui files are
 * only checked when they are loaded), shown with every state, and every
 * control given an accessible name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-check-row.h"
#include "td-checklist-page.h"
#include "td-fix.h"
#include "td-knowledge.h"
#include "td-preferences-window.h"
#include "td-remedy-row.h"
#include "td-report-banner.h"
#include "td-result-page.h"
#include "td-runner.h"
#include "td-server-list.h"
#include "td-ui-test.h"
#include "td-welcome-page.h"
#include "td-window-private.h"

/* Puts @child in a window of its own so that it is realized and laid out. */
static GtkWindow *
host_widget (GtkWidget *child,
             int        width)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, 600);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  td_ui_test_settle ();
  return window;
}

static void
test_check_row (void)
{
  static const TdCheckStatus statuses[] = {
    TD_CHECK_STATUS_WAITING, TD_CHECK_STATUS_RUNNING, TD_CHECK_STATUS_PASS, TD_CHECK_STATUS_WARN,
    TD_CHECK_STATUS_FAIL, TD_CHECK_STATUS_SKIP, TD_CHECK_STATUS_INFO, TD_CHECK_STATUS_CANCELLED,
  };
  g_autoptr(TdCheckResult) result = td_check_result_new ("server-udp", "UDP to the Teredo server");
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = td_check_row_new (result);
  GtkWindow *window;
  GtkWidget *spinner;
  g_autofree char *big = g_strnfill (20000, 'x');

  gtk_list_box_append (GTK_LIST_BOX (list), row);
  window = host_widget (list, 480);
  spinner = td_ui_test_find_first (row, GTK_TYPE_SPINNER);
  g_assert_true (td_check_row_get_result (TD_CHECK_ROW (row)) == result);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "server-udp");

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      td_check_result_set_status (result, statuses[i]);
      g_assert_true (gtk_widget_has_css_class (row, td_check_status_get_css_class (statuses[i])));
      g_assert_true (td_ui_test_has_label (row, td_check_status_get_label (statuses[i])));
      g_assert_nonnull (td_check_status_get_icon_name (statuses[i]));
      /* A spinner while running, the status icon otherwise. */
      g_assert_cmpint (gtk_widget_get_child_visible (spinner), ==, statuses[i] == TD_CHECK_STATUS_RUNNING);
      for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
        if (j != i)
          g_assert_false (gtk_widget_has_css_class (row,
                                                    td_check_status_get_css_class (statuses[j])));
    }

  /* The countdown shows in the one-line result while the check waits. */
  td_check_result_set_outcome (result, TD_CHECK_STATUS_RUNNING, "Waiting for Miredo", NULL);
  td_check_result_set_countdown (result, 42);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "Waiting for Miredo (42 seconds left)");
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row)));

  /* Details and evidence once done; huge evidence is shortened on screen.
   * Markup in the texts is shown as it is, never interpreted. */
  td_check_result_add_evidence (result, "Datagrams", "→ 198.18.0.10:3544 RS <b>&");
  td_check_result_add_evidence (result, "Huge", big);
  td_check_result_set_countdown (result, 0);
  td_check_result_set_outcome (result, TD_CHECK_STATUS_FAIL, "No answer <i>at all</i> & more",
                               "Three router solicitations went unanswered.");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "No answer <i>at all</i> & more");
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row)));
  g_assert_true (td_ui_test_has_label (row, "Three router solicitations went unanswered."));
  g_assert_true (td_ui_test_has_label (row, "→ 198.18.0.10:3544 RS <b>&"));
  {
    g_autoptr(GPtrArray) labels = td_ui_test_find_all (row, GTK_TYPE_LABEL);
    gboolean shortened = FALSE;

    for (guint i = 0; i < labels->len; i++)
      {
        const char *text = gtk_label_get_label (g_ptr_array_index (labels, i));
        if (g_str_has_prefix (text, "xxxx"))
          {
            shortened = TRUE;
            g_assert_cmpuint (strlen (text), <, 10000);
          }
      }
    g_assert_true (shortened);
  }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  td_ui_test_settle ();

  gtk_window_destroy (window);
}

static void
test_checklist_page (void)
{
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                      "pc-1");
  g_autoptr(TdRunner) runner = td_runner_new (TD_PLATFORM_LINUX);
  TdChecklistPage *page = TD_CHECKLIST_PAGE (td_checklist_page_new ());
  GtkWindow *window = host_widget (GTK_WIDGET (page), 480);
  GtkListBox *list = td_checklist_page_get_list_box (page);
  guint n_checks = g_strv_length ((char **) td_runner_get_check_ids ());
  g_autofree char *all_done = g_strdup_printf ("%u of %u checks done", n_checks, n_checks);
  g_autofree char *none_done = g_strdup_printf ("0 of %u checks done", n_checks);

  /* A runner before it runs: one waiting row per check, classic order. */
  td_checklist_page_set_runner (page, runner);
  td_checklist_page_set_state (page, TD_CHECKLIST_STATE_RUNNING);
  td_ui_test_settle ();
  for (guint i = 0; i < n_checks; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      g_assert_true (TD_IS_CHECK_ROW (row));
      g_assert_cmpstr (td_check_result_get_id (td_check_row_get_result (TD_CHECK_ROW (row))), ==,
                       td_runner_get_check_ids ()[i]);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "status-waiting"));
    }
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), none_done));
  g_assert_true (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "Cancel")));

  /* The countdown shows only while running. */
  td_checklist_page_set_countdown (page, 17);
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page),
                                       "The Teredo client is still trying to qualify (“probe”). "
                                       "Waiting for it: 17 seconds left."));
  g_assert_true (gtk_revealer_get_reveal_child (
    GTK_REVEALER (td_ui_test_find_first (GTK_WIDGET (page), GTK_TYPE_REVEALER))));

  /* A report's checks: all final. */
  td_checklist_page_set_report (page, report);
  td_checklist_page_set_state (page, TD_CHECKLIST_STATE_REPORT);
  td_ui_test_settle ();
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), all_done));
  g_assert_false (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "Cancel")));
  g_assert_true (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "See the Verdict")));
  g_assert_false (gtk_revealer_get_reveal_child (
    GTK_REVEALER (td_ui_test_find_first (GTK_WIDGET (page), GTK_TYPE_REVEALER))));
  g_assert_cmpint (td_checklist_page_get_state (page), ==, TD_CHECKLIST_STATE_REPORT);

  td_checklist_page_set_state (page, TD_CHECKLIST_STATE_CANCELLED);
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), "Checks Cancelled"));
  g_assert_true (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "Run Again")));
  td_checklist_page_set_state (page, TD_CHECKLIST_STATE_FAILED);
  td_checklist_page_set_state (page, TD_CHECKLIST_STATE_DONE);

  gtk_window_destroy (window);
}

static void
test_remedy_row (void)
{
  const char *argv[] = { "netsh", "interface", "teredo", "set", "state", "type=enterpriseclient",
                         NULL };
  g_autoptr(TdRemedy) remedy = td_remedy_new ("windows", "Switch Teredo to the enterprise client",
                                              "Windows thinks this is a managed network.",
                                              argv, TRUE, TRUE);
  g_autoptr(TdRemedy) manual = td_remedy_new ("any", "Ask your provider", NULL, NULL, FALSE, FALSE);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = td_remedy_row_new (remedy, 1);
  GtkWidget *manual_row = td_remedy_row_new (manual, 2);
  GtkWindow *window;

  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_list_box_append (GTK_LIST_BOX (list), manual_row);
  window = host_widget (list, 480);

  g_assert_cmpstr (td_remedy_row_get_command_line (TD_REMEDY_ROW (row)), ==,
                   "netsh interface teredo set state type=enterpriseclient");
  g_assert_true (td_ui_test_has_label (row, "netsh interface teredo set state type=enterpriseclient"));
  g_assert_true (td_ui_test_has_label (row, "1"));
  g_assert_true (td_ui_test_has_label (row, "Needs administrator rights. Restart the computer afterwards."));
  g_assert_cmpstr (td_remedy_row_get_command_line (TD_REMEDY_ROW (manual_row)), ==, "");
  g_assert_false (gtk_widget_is_visible (td_remedy_row_get_copy_button (TD_REMEDY_ROW (manual_row))));

  /* Fix It is hidden and its action disabled until the page allows it. */
  g_assert_false (gtk_widget_is_visible (td_remedy_row_get_fix_button (TD_REMEDY_ROW (row))));
  g_assert_false (td_remedy_row_get_fix_available (TD_REMEDY_ROW (row)));
  td_remedy_row_set_fix_available (TD_REMEDY_ROW (row), TRUE);
  g_assert_true (td_remedy_row_get_fix_available (TD_REMEDY_ROW (row)));
  g_assert_true (gtk_widget_is_visible (td_remedy_row_get_fix_button (TD_REMEDY_ROW (row))));

  gtk_window_destroy (window);
}

static void
count_signal_cb (GtkWidget *row,
                 guint     *count)
{
  (*count)++;
}

static void
test_remedy_row_signals (void)
{
  const char *argv[] = { "systemctl", "restart", "miredo.service", NULL };
  g_autoptr(TdRemedy) remedy = td_remedy_new ("linux", "Restart Miredo", NULL, argv, TRUE, FALSE);
  GtkWidget *row = td_remedy_row_new (remedy, 3);
  guint copies = 0;
  guint fixes = 0;

  g_object_ref_sink (row);
  g_signal_connect (row, "copy", G_CALLBACK (count_signal_cb), &copies);
  g_signal_connect (row, "fix", G_CALLBACK (count_signal_cb), &fixes);
  gtk_widget_activate_action (row, "remedy.copy", NULL);
  gtk_widget_activate_action (row, "remedy.fix", NULL);
  g_assert_cmpuint (copies, ==, 1);
  g_assert_cmpuint (fixes, ==, 0);   /* not available: nothing happens */
  td_remedy_row_set_fix_available (TD_REMEDY_ROW (row), TRUE);
  gtk_widget_activate_action (row, "remedy.fix", NULL);
  g_assert_cmpuint (fixes, ==, 1);
  g_object_unref (row);
}

static void
test_result_page (void)
{
  g_autoptr(TdReport) problem = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                       "pc-1");
  g_autoptr(TdReport) healthy = td_ui_test_make_report (TD_PLATFORM_LINUX,
                                                       TD_VERDICT_TEREDO_QUALIFIED, "pc-1");
  TdResultPage *page = TD_RESULT_PAGE (td_result_page_new ());
  GtkWindow *window = host_widget (GTK_WIDGET (page), 600);
  AdwStatusPage *status;
  g_autoptr(GPtrArray) remedies = NULL;
  TdFacts facts;
  GtkListBox *list = td_result_page_get_remedy_list (page);
  guint n_rows = 0;
  guint n_fixable = 0;

  td_result_page_set_report (page, problem);
  td_ui_test_settle ();
  g_assert_true (td_result_page_get_report (page) == problem);
  status = ADW_STATUS_PAGE (td_ui_test_find_first (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE));
  g_assert_cmpstr (adw_status_page_get_title (status), ==,
                   td_verdict_code_get_title (TD_VERDICT_UDP_BLOCKED));
  g_assert_cmpstr (adw_status_page_get_icon_name (status), ==,
                   td_verdict_code_get_icon (TD_VERDICT_UDP_BLOCKED));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "verdict-problem"));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), "Verdict code: udp-blocked"));

  /* The knowledge base's steps for every finding, in its order, runnable
   * ones with Fix It. */
  td_report_get_facts (problem, &facts);
  remedies = td_knowledge_verdict_remedies (td_report_get_verdict (problem), &facts);
  g_assert_cmpuint (remedies->len, >, 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row), n_rows++)
    {
      const TdRemedy *expected = g_ptr_array_index (remedies, n_rows);
      const TdRemedy *shown = td_remedy_row_get_remedy (TD_REMEDY_ROW (row));

      g_assert_cmpstr (shown->title, ==, expected->title);
      g_assert_cmpint (td_remedy_row_get_fix_available (TD_REMEDY_ROW (row)), ==,
                       td_fix_is_runnable (shown, problem));
      n_fixable += td_remedy_row_get_fix_available (TD_REMEDY_ROW (row));
    }
  g_assert_cmpuint (n_rows, ==, remedies->len);
  g_assert_cmpuint (n_fixable, >, 0);

  /* Healthy: a green page and nothing to do. */
  td_result_page_set_report (page, healthy);
  td_ui_test_settle ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "verdict-healthy"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (status), "verdict-problem"));
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (list)));

  /* The help desk group shows only with an address. */
  g_assert_false (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "Send")));
  td_result_page_set_helpdesk (page, "https://helpdesk.example.org/teredo", TRUE);
  g_assert_true (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "Send")));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page),
                                       "Configured by your administrator: helpdesk.example.org"));
  td_result_page_set_helpdesk (page, NULL, TRUE);
  g_assert_false (gtk_widget_is_visible (td_ui_test_find_button (GTK_WIDGET (page), "Send")));

  gtk_window_destroy (window);
}

static void
test_report_banner (void)
{
  g_autoptr(TdReport) report = td_ui_test_make_report (TD_PLATFORM_WINDOWS,
                                                      TD_VERDICT_MANAGED_NETWORK, "DESKTOP-7Q2");
  g_autoptr(TdReport) anonymous = td_report_new ();
  TdReportBanner *banner = TD_REPORT_BANNER (td_report_banner_new ());
  GtkWindow *window = host_widget (GTK_WIDGET (banner), 480);

  td_report_banner_set_report (banner, report);
  g_assert_nonnull (strstr (td_report_banner_get_text (banner), "DESKTOP-7Q2"));
  g_assert_nonnull (strstr (td_report_banner_get_text (banner), "copied, not run"));
  td_report_banner_set_report (banner, anonymous);
  g_assert_nonnull (strstr (td_report_banner_get_text (banner), "an unnamed computer"));
  gtk_window_destroy (window);
}

static void
test_welcome_page (void)
{
  TdWelcomePage *page = TD_WELCOME_PAGE (td_welcome_page_new ());
  GtkWindow *window = host_widget (GTK_WIDGET (page), 480);
  g_auto(GStrv) alive = td_server_list_alive_names ();
  AdwComboRow *combo = ADW_COMBO_ROW (td_ui_test_find_first (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW));
  AdwEntryRow *entry = ADW_ENTRY_ROW (td_ui_test_find_first (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW));
  g_autofree char *chosen = NULL;

  /* Default: this computer's setting. */
  g_assert_null (td_welcome_page_dup_server (page));
  g_assert_true (td_welcome_page_get_server_valid (page));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (entry)));
  td_welcome_page_set_os_server (page, "teredo.example.net");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (combo)), ==,
                   "Your Teredo client uses teredo.example.net");

  /* Every check of the runner is listed. */
  for (const char * const *id = td_runner_get_check_ids (); *id != NULL; id++)
    g_assert_true (td_ui_test_has_label (GTK_WIDGET (page), td_runner_get_check_title (*id)));

  /* A listed server, then a typed one, then a bad one. */
  g_assert_nonnull (alive);
  g_assert_nonnull (alive[0]);
  td_welcome_page_select_server (page, alive[0]);
  chosen = td_welcome_page_dup_server (page);
  g_assert_cmpstr (chosen, ==, alive[0]);
  g_clear_pointer (&chosen, g_free);

  td_welcome_page_select_server (page, "teredo.lan.example");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (entry)));
  chosen = td_welcome_page_dup_server (page);
  g_assert_cmpstr (chosen, ==, "teredo.lan.example");
  g_clear_pointer (&chosen, g_free);

  gtk_editable_set_text (GTK_EDITABLE (entry), "bad server;reboot");
  g_assert_false (td_welcome_page_get_server_valid (page));
  g_assert_null (td_welcome_page_dup_server (page));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (td_ui_test_has_label (GTK_WIDGET (page),
                                       "“bad server;reboot” is not a valid host name or IPv4 address."));
  gtk_editable_set_text (GTK_EDITABLE (entry), " 198.18.0.10 ");
  g_assert_true (td_welcome_page_get_server_valid (page));
  chosen = td_welcome_page_dup_server (page);
  g_assert_cmpstr (chosen, ==, "198.18.0.10");

  td_welcome_page_select_server (page, NULL);
  g_assert_null (td_welcome_page_dup_server (page));
  gtk_window_destroy (window);
}

static void
test_preferences_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *prefs = td_preferences_window_new (settings);
  g_autoptr(GPtrArray) spins = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GtkSwitch *redact;

  gtk_window_present (GTK_WINDOW (prefs));
  td_ui_test_settle ();

  /* Bound both ways. */
  spins = td_ui_test_find_all (prefs, GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (spins->len, ==, 3);
  g_settings_set_uint (settings, "probe-timeout-ms", 4500);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 0)), ==, 4500);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 2), 90);
  g_assert_cmpuint (g_settings_get_uint (settings, "client-probe-wait-s"), ==, 90);
  redact = GTK_SWITCH (td_ui_test_find_first (prefs, GTK_TYPE_SWITCH));
  gtk_switch_set_active (redact, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "redact-reports"));
  gtk_switch_set_active (redact, TRUE);

  /* Entries are written only when applied and valid. */
  entries = td_ui_test_find_all (prefs, ADW_TYPE_ENTRY_ROW);
  g_assert_cmpuint (entries->len, ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "x;reboot");
  g_signal_emit_by_name (g_ptr_array_index (entries, 0), "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "default-server"), ==, "");
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (entries, 0), "error"));
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "teredo.lan.example");
  g_signal_emit_by_name (g_ptr_array_index (entries, 0), "apply");
  {
    g_autofree char *value = g_settings_get_string (settings, "default-server");
    g_assert_cmpstr (value, ==, "teredo.lan.example");
  }
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 2)), "ftp://helpdesk");
  g_signal_emit_by_name (g_ptr_array_index (entries, 2), "apply");
  {
    g_autofree char *value = g_settings_get_string (settings, "helpdesk-url");
    g_assert_cmpstr (value, ==, "");
  }
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 2)),
                         "https://helpdesk.example.org/teredo");
  g_signal_emit_by_name (g_ptr_array_index (entries, 2), "apply");
  {
    g_autofree char *value = g_settings_get_string (settings, "helpdesk-url");
    g_assert_cmpstr (value, ==, "https://helpdesk.example.org/teredo");
  }

  g_settings_reset (settings, "default-server");
  g_settings_reset (settings, "helpdesk-url");
  g_settings_reset (settings, "probe-timeout-ms");
  g_settings_reset (settings, "client-probe-wait-s");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource (RESOURCE_PATH "/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_present (GTK_WINDOW (overlay));
  td_ui_test_settle ();
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
test_window (void)
{
  TdWindow *window = td_ui_test_new_window (640, 720);

  g_assert_cmpstr (td_window_get_page_name (window), ==, "welcome");
  g_assert_false (td_window_is_running (window));
  g_assert_null (td_window_get_report (window));
  g_assert_true (TD_IS_WELCOME_PAGE (td_window_get_welcome_page (window)));
  g_assert_true (TD_IS_CHECKLIST_PAGE (td_window_get_checklist_page (window)));
  g_assert_true (TD_IS_RESULT_PAGE (td_window_get_result_page (window)));
  g_assert_true (TD_IS_REPORT_BANNER (td_window_get_report_banner (window)));
  g_assert_null (td_window_dup_summary (window));
  td_ui_test_destroy_window (window);
}

/* ── accessible names ── */

static gboolean
has_name (GtkWidget *widget)
{
  /* (GtkButton points labelled-by at whatever child it has, an icon too,
   * so that relation proves nothing here.) */
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  /* A button named by its own visible text. */
  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));

      if (ADW_IS_BUTTON_CONTENT (child))
        label = adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
      if (label != NULL && *label != '\0' && gtk_button_get_icon_name (GTK_BUTTON (widget)) == NULL)
        return TRUE;
    }
  /* Rows named by their title. */
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) != NULL &&
      *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) != '\0' &&
      !ADW_IS_ENTRY_ROW (widget))
    return TRUE;
  return FALSE;
}

static gboolean
is_our_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget) ||
         GTK_IS_PROGRESS_BAR (widget) || TD_IS_CHECK_ROW (widget) || TD_IS_REMEDY_ROW (widget) ||
         GTK_IS_CHECK_BUTTON (widget);
}

/* Composite widgets of GTK and libadwaita name their own insides. */
static gboolean
is_foreign_composite (GtkWidget *widget)
{
  return GTK_IS_SPIN_BUTTON (widget) || ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget) ||
         GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_POPOVER (widget) || GTK_IS_SCROLLBAR (widget) ||
         ADW_IS_VIEW_SWITCHER (widget) || ADW_IS_VIEW_SWITCHER_BAR (widget) ||
         ADW_IS_VIEW_SWITCHER_TITLE (widget) ||
         (ADW_IS_EXPANDER_ROW (widget) && !TD_IS_CHECK_ROW (widget)) ||
         GTK_IS_SWITCH (widget);
}

static guint n_controls_checked;

static void
check_names (GtkWidget *widget,
             GString   *missing)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (is_our_control (widget))
    {
      n_controls_checked++;
      if (!has_name (widget))
        g_string_append_printf (missing, "%s (%s) ", G_OBJECT_TYPE_NAME (widget),
                                gtk_widget_get_name (widget));
    }
  if (is_foreign_composite (widget) || TD_IS_CHECK_ROW (widget))
    {
      /* Our check rows: look inside the expander's own rows only. */
      if (!TD_IS_CHECK_ROW (widget))
        return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* The expander row's internal header (an action row + arrow). */
      if (TD_IS_CHECK_ROW (widget) && GTK_IS_BOX (child) && child == gtk_widget_get_first_child (widget))
        {
          for (GtkWidget *inner = gtk_widget_get_first_child (child); inner != NULL;
               inner = gtk_widget_get_next_sibling (inner))
            if (GTK_IS_REVEALER (inner))
              check_names (inner, missing);
          continue;
        }
      check_names (child, missing);
    }
}

static void
test_accessible_names (void)
{
  g_autoptr(TdReport) problem = td_ui_test_make_report (TD_PLATFORM_LINUX, TD_VERDICT_UDP_BLOCKED,
                                                       "pc-1");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TdWindow *window = td_ui_test_new_window (640, 720);
  GtkWidget *prefs = td_preferences_window_new (settings);
  g_autoptr(GString) missing = g_string_new (NULL);

  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    {
      td_ui_test_destroy_window (window);
      gtk_window_destroy (GTK_WINDOW (prefs));
      g_test_skip ("needs GTK_A11Y=test");
      return;
    }

  /* The check itself can fail: an icon-only button has no name. */
  {
    GtkWidget *bare = g_object_ref_sink (gtk_button_new_from_icon_name ("edit-copy-symbolic"));

    g_assert_false (has_name (bare));
    gtk_accessible_update_property (GTK_ACCESSIBLE (bare), GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy", -1);
    g_assert_true (has_name (bare));
    g_object_unref (bare);
  }

  td_result_page_set_helpdesk (td_window_get_result_page (window), "https://hd.example.org/", TRUE);
  check_names (GTK_WIDGET (window), missing);      /* welcome */
  td_window_show_report (window, problem);
  td_checklist_page_set_report (td_window_get_checklist_page (window), problem);
  td_ui_test_settle ();
  check_names (GTK_WIDGET (window), missing);      /* result */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checklist", NULL);
  td_ui_test_settle ();
  check_names (GTK_WIDGET (window), missing);      /* checklist */
  gtk_window_present (GTK_WINDOW (prefs));
  td_ui_test_settle ();
  check_names (prefs, missing);

  /* Enough to know the walk really went through the pages. */
  g_test_message ("%u controls checked", n_controls_checked);
  g_assert_cmpuint (n_controls_checked, >, 40);
  if (missing->len > 0)
    g_test_fail_printf ("controls without an accessible name: %s", missing->str);

  gtk_window_destroy (GTK_WINDOW (prefs));
  td_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Accessible properties are only kept with an AT context: the test one. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!td_ui_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/widgets/check-row", test_check_row);
  g_test_add_func ("/ui/widgets/checklist-page", test_checklist_page);
  g_test_add_func ("/ui/widgets/remedy-row", test_remedy_row);
  g_test_add_func ("/ui/widgets/remedy-row-signals", test_remedy_row_signals);
  g_test_add_func ("/ui/widgets/result-page", test_result_page);
  g_test_add_func ("/ui/widgets/report-banner", test_report_banner);
  g_test_add_func ("/ui/widgets/welcome-page", test_welcome_page);
  g_test_add_func ("/ui/widgets/preferences-window", test_preferences_window);
  g_test_add_func ("/ui/widgets/help-overlay", test_help_overlay);
  g_test_add_func ("/ui/widgets/window", test_window);
  g_test_add_func ("/ui/widgets/accessible-names", test_accessible_names);

  return g_test_run ();
}
