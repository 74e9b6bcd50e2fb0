/* td-window.c — the wizard: welcome → checklist → result, and the report
 * viewer
 *
 * The window only moves between pages and hands settings to the backend:
 * the runner decides what is checked, the report writer renders exports,
 * the result page shows what the knowledge base says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-window-private.h"
#include "td-probe.h"

#include <glib/gi18n.h>
#include <string.h>

#include "td-policy.h"
#include "td-report-banner.h"

G_DEFINE_FINAL_TYPE (TdWindow, td_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_RUNNER_CREATED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* ── settings, with the schema's defaults when it is not installed ── */

char *
_td_window_setting_string (TdWindow   *self,
                           const char *key,
                           const char *fallback)
{
  return self->settings != NULL ? g_settings_get_string (self->settings, key) : g_strdup (fallback);
}

guint
_td_window_setting_uint (TdWindow   *self,
                         const char *key,
                         guint       fallback)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, key) : fallback;
}

gboolean
_td_window_setting_boolean (TdWindow   *self,
                            const char *key,
                            gboolean    fallback)
{
  return self->settings != NULL ? g_settings_get_boolean (self->settings, key) : fallback;
}

/* ── state ── */

void
_td_window_add_toast (TdWindow   *self,
                      const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

gboolean
_td_window_is_running (TdWindow *self)
{
  return self->cancellable != NULL;
}

/* gtk_window_destroy() does not dispose a window that a pending task still
 * holds (as its source object); what it does at once is take the window
 * off the list of toplevels.  Then there is no one left to show things
 * to. */
gboolean
_td_window_is_closed (TdWindow *self)
{
  GListModel *toplevels;

  if (self->disposed)
    return TRUE;
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == G_OBJECT (self))
        return FALSE;
    }
  return TRUE;
}

/* The latest request wins: a pending open is dropped by a newer one, by a
 * run, by another report shown, and by closing the window. */
void
_td_window_cancel_open (TdWindow *self)
{
  if (self->open_cancellable == NULL)
    return;
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
}

void
_td_window_update_actions (TdWindow *self)
{
  gboolean running = _td_window_is_running (self);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean has_report = self->report != NULL;
  gboolean on_welcome = g_strcmp0 (page, "welcome") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check",
                                 !running && td_welcome_page_get_server_valid (self->welcome_page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", !running && !on_welcome);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run-again",
                                 !running && !self->viewing_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.helpdesk", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 has_report && !self->exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-summary", has_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-result", has_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-checklist",
                                 has_report || self->runner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-report", self->viewing_file);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !on_welcome);
}

void
_td_window_show_page (TdWindow   *self,
                      const char *name)
{
  const char *subtitle = "";

  gtk_stack_set_visible_child_name (self->stack, name);

  if (g_str_equal (name, "checklist"))
    subtitle = _td_window_is_running (self) ? _("Checking…") : _("Checks");
  else if (g_str_equal (name, "result"))
    subtitle = self->viewing_file ? (self->report != NULL && td_report_get_origin (self->report) != NULL
                                     ? _("Another Computer") : _("Saved Report"))
                                  : _("Verdict");
  else if (g_str_equal (name, "helpdesk"))
    subtitle = _("Help Someone Else");
  adw_window_title_set_subtitle (self->window_title, subtitle);

  _td_window_update_actions (self);
}

void
_td_window_set_viewing_file (TdWindow *self,
                             gboolean  viewing)
{
  self->viewing_file = viewing;
  gtk_revealer_set_reveal_child (self->banner_revealer, viewing);
}

void
_td_window_update_helpdesk (TdWindow *self)
{
  /* An administrator's address (machine policy) wins over the user's. */
  g_autofree char *url = td_policy_get_setting_string (self->settings, "helpdesk-url", NULL);

  td_result_page_set_helpdesk (self->result_page, url,
                               _td_window_setting_boolean (self, "redact-reports", TRUE));
}

/* ── running ── */

static void
run_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdReport) report = NULL;

  report = td_runner_run_finish (TD_RUNNER (object), result, &error);

  /* Only the latest run may change the window. */
  if (TD_RUNNER (object) != self->runner)
    return;
  g_clear_object (&self->cancellable);

  if (report == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      td_checklist_page_set_state (self->checklist_page,
                                   cancelled ? TD_CHECKLIST_STATE_CANCELLED
                                             : TD_CHECKLIST_STATE_FAILED);
      _td_window_add_toast (self, cancelled ? _("Checks cancelled") : error->message);
      _td_window_show_page (self, "checklist");
      return;
    }

  td_checklist_page_set_state (self->checklist_page, TD_CHECKLIST_STATE_DONE);
  td_window_show_report (self, report);
}

void
td_window_start_check (TdWindow *self)
{
  g_autofree char *server = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (TD_IS_WINDOW (self));

  if (_td_window_is_running (self))
    return;

  _td_window_cancel_open (self);
  _td_window_set_viewing_file (self, FALSE);
  g_clear_object (&self->report);

  server = td_welcome_page_dup_server (self->welcome_page);
  url = _td_window_setting_string (self, "ipv6-test-url", "https://ipv6.google.com/");

  g_clear_object (&self->runner);
  self->runner = td_runner_new (td_platform_native ());
  td_runner_set_server (self->runner, server);
  if (*url != '\0')
    td_runner_set_ipv6_test_url (self->runner, url);
  td_runner_set_client_wait (self->runner,
                             _td_window_setting_uint (self, "client-probe-wait-s",
                                           TD_RUNNER_DEFAULT_CLIENT_WAIT_S));
  td_runner_set_probe_timeout (self->runner, _td_window_setting_uint (self, "probe-timeout-ms", TD_PROBE_DEFAULT_TIMEOUT_MS));
  td_runner_set_probe_retransmit (self->runner, _td_window_setting_uint (self, "probe-retransmit-ms", 250));
  g_signal_emit (self, signals[SIGNAL_RUNNER_CREATED], 0, self->runner);

  self->cancellable = g_cancellable_new ();
  td_checklist_page_set_runner (self->checklist_page, self->runner);
  td_checklist_page_set_state (self->checklist_page, TD_CHECKLIST_STATE_RUNNING);
  _td_window_show_page (self, "checklist");
  gtk_widget_grab_focus (GTK_WIDGET (td_checklist_page_get_list_box (self->checklist_page)));

  td_runner_run_async (self->runner, self->cancellable, run_finished_cb, g_object_ref (self));
}

void
td_window_cancel (TdWindow *self)
{
  g_return_if_fail (TD_IS_WINDOW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ── actions ── */

/* ── callbacks ── */

static void
page_add_toast_cb (GtkWidget *page,
                   AdwToast  *toast,
                   TdWindow  *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
server_valid_cb (TdWindow *self)
{
  _td_window_update_actions (self);
}

static void
helpdesk_changed_cb (TdWindow *self)
{
  _td_window_update_helpdesk (self);
}

/* The paste mode's verdict: shown like a report of another computer, and
 * Back returns to the pastes. */
static void
helpdesk_show_report_cb (TdHelpdeskPage *page,
                         TdReport       *report,
                         TdWindow       *self)
{
  if (_td_window_is_running (self))
    return;
  td_window_show_report (self, report);
  self->from_helpdesk = TRUE;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TdWindow      *self)
{
  GFile *file = NULL;

  if (_td_window_is_running (self))
    return FALSE;
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;
  /* Taken: whether it is a report is known only once it is read, and a
   * bad file is explained in a dialog. */
  td_window_open_file_async (self, file, NULL, NULL, NULL);
  return TRUE;
}

static gboolean
td_window_close_request (GtkWindow *window)
{
  TdWindow *self = TD_WINDOW (window);
  int width = 0;
  int height = 0;

  td_window_cancel (self);
  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  return GTK_WINDOW_CLASS (td_window_parent_class)->close_request (window);
}

static void
td_window_dispose (GObject *object)
{
  TdWindow *self = TD_WINDOW (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _td_window_cancel_open (self);
  /* An export goes on (the application is held until it is written); only
   * its toast goes with the window. */
  g_clear_handle_id (&self->export_toast_id, g_source_remove);
  g_clear_object (&self->export_toast);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->runner);
  g_clear_object (&self->report);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), TD_TYPE_WINDOW);

  G_OBJECT_CLASS (td_window_parent_class)->dispose (object);
}

static void
td_window_class_init (TdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = td_window_dispose;
  window_class->close_request = td_window_close_request;

  /* Lets the application (and tests) adjust a runner before it runs. */
  signals[SIGNAL_RUNNER_CREATED] = g_signal_new ("runner-created", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, TD_TYPE_RUNNER);

  g_type_ensure (TD_TYPE_WELCOME_PAGE);
  g_type_ensure (TD_TYPE_CHECKLIST_PAGE);
  g_type_ensure (TD_TYPE_RESULT_PAGE);
  g_type_ensure (TD_TYPE_REPORT_BANNER);
  g_type_ensure (TD_TYPE_HELPDESK_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/td-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, report_banner);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, checklist_page);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, result_page);
  gtk_widget_class_bind_template_child (widget_class, TdWindow, helpdesk_page);
  gtk_widget_class_bind_template_callback (widget_class, page_add_toast_cb);
  gtk_widget_class_bind_template_callback (widget_class, helpdesk_show_report_cb);

  _td_window_class_actions_init (widget_class);
}

static void
td_window_init (TdWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *server = NULL;
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (self->settings, "changed::helpdesk-url",
                               G_CALLBACK (helpdesk_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::redact-reports",
                               G_CALLBACK (helpdesk_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);

  server = _td_window_setting_string (self, "default-server", "");
  td_welcome_page_select_server (self->welcome_page, server);
  g_signal_connect_object (self->welcome_page, "notify::server-valid",
                           G_CALLBACK (server_valid_cb), self, G_CONNECT_SWAPPED);
  _td_window_update_helpdesk (self);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"), -1);

  _td_window_show_page (self, "welcome");
}

/* ── public API ── */

TdWindow *
td_window_new (GtkApplication *application)
{
  return g_object_new (TD_TYPE_WINDOW, "application", application, NULL);
}

const char *
td_window_get_page_name (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
td_window_is_running (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), FALSE);

  return _td_window_is_running (self);
}

void
td_window_show_report (TdWindow *self,
                       TdReport *report)
{
  g_return_if_fail (TD_IS_WINDOW (self));
  g_return_if_fail (TD_IS_REPORT (report));

  td_window_cancel (self);
  _td_window_cancel_open (self);
  g_set_object (&self->report, report);
  self->from_helpdesk = FALSE;

  /* The checklist shows the report's checks (for a finished run they are
   * the very objects the runner filled). */
  td_checklist_page_set_report (self->checklist_page, report);
  if (td_report_is_from_file (report))
    {
      g_clear_object (&self->runner);
      td_report_banner_set_report (self->report_banner, report);
      td_checklist_page_set_state (self->checklist_page, TD_CHECKLIST_STATE_REPORT);
      _td_window_set_viewing_file (self, TRUE);
    }
  else
    {
      td_checklist_page_set_state (self->checklist_page, TD_CHECKLIST_STATE_DONE);
      _td_window_set_viewing_file (self, FALSE);
    }

  td_result_page_set_report (self->result_page, report);
  _td_window_show_page (self, "result");
}

void
td_window_close_report (TdWindow *self)
{
  g_return_if_fail (TD_IS_WINDOW (self));

  if (!self->viewing_file)
    return;
  _td_window_set_viewing_file (self, FALSE);
  g_clear_object (&self->report);
  _td_window_show_page (self, "welcome");
}

TdReport *
td_window_get_report (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);

  return self->report;
}

gboolean
td_window_is_viewing_file (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), FALSE);

  return self->viewing_file;
}

void
td_window_set_os_server (TdWindow   *self,
                         const char *server)
{
  g_return_if_fail (TD_IS_WINDOW (self));

  td_welcome_page_set_os_server (self->welcome_page, server);
}

