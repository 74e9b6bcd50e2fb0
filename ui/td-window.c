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

#include "td-window.h"
#include "td-probe.h"

#include <glib/gi18n.h>
#include <string.h>

#include "td-report-banner.h"

struct _TdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;      /* NULL when the schema is not installed */
  TdRunner             *runner;
  GCancellable         *cancellable;   /* the run in progress, NULL when idle */
  TdReport             *report;        /* the report on the result page */
  gboolean              viewing_file;
  GtkFileChooserNative *chooser;
  GCancellable         *open_cancellable;  /* the file being opened, NULL when none */
  gboolean              exporting;
  GApplication         *held_application;  /* kept running until the export is written */
  AdwToast             *export_toast;      /* "Exporting…", while shown */
  guint                 export_toast_id;   /* shows it if the export takes a while */
  gboolean              disposed;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkMenuButton        *menu_button;
  GtkRevealer          *banner_revealer;
  TdReportBanner       *report_banner;
  GtkStack             *stack;
  TdWelcomePage        *welcome_page;
  TdChecklistPage      *checklist_page;
  TdResultPage         *result_page;
};

G_DEFINE_FINAL_TYPE (TdWindow, td_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_RUNNER_CREATED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* A quick export only flashes the success toast; a slow one (a long PDF)
 * says that it is under way. */
#define EXPORT_TOAST_DELAY_MS 400

static const struct {
  TdReportFormat  format;
  const char     *name;       /* N_() */
  const char     *pattern;
} export_formats[] = {
  { TD_REPORT_FORMAT_JSON,     N_("Report (JSON, can be opened again)"), "*.json" },
  { TD_REPORT_FORMAT_HTML,     N_("Web page (HTML)"),                     "*.html" },
  { TD_REPORT_FORMAT_PDF,      N_("PDF document"),                        "*.pdf" },
  { TD_REPORT_FORMAT_MARKDOWN, N_("Markdown"),                            "*.md" },
  { TD_REPORT_FORMAT_TEXT,     N_("Plain text"),                          "*.txt" },
};

/* ── settings, with the schema's defaults when it is not installed ── */

static char *
setting_string (TdWindow   *self,
                const char *key,
                const char *fallback)
{
  return self->settings != NULL ? g_settings_get_string (self->settings, key) : g_strdup (fallback);
}

static guint
setting_uint (TdWindow   *self,
              const char *key,
              guint       fallback)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, key) : fallback;
}

static gboolean
setting_boolean (TdWindow   *self,
                 const char *key,
                 gboolean    fallback)
{
  return self->settings != NULL ? g_settings_get_boolean (self->settings, key) : fallback;
}

/* ── state ── */

static void
add_toast (TdWindow   *self,
           const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static gboolean
is_running (TdWindow *self)
{
  return self->cancellable != NULL;
}

/* gtk_window_destroy() does not dispose a window that a pending task still
 * holds (as its source object); what it does at once is take the window
 * off the list of toplevels.  Then there is no one left to show things
 * to. */
static gboolean
is_closed (TdWindow *self)
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
static void
cancel_open (TdWindow *self)
{
  if (self->open_cancellable == NULL)
    return;
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
}

static void
update_actions (TdWindow *self)
{
  gboolean running = is_running (self);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 has_report && !self->exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-summary", has_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-result", has_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-checklist",
                                 has_report || self->runner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-report", self->viewing_file);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !on_welcome);
}

static void
show_page (TdWindow   *self,
           const char *name)
{
  const char *subtitle = "";

  gtk_stack_set_visible_child_name (self->stack, name);

  if (g_str_equal (name, "checklist"))
    subtitle = is_running (self) ? _("Checking…") : _("Checks");
  else if (g_str_equal (name, "result"))
    subtitle = self->viewing_file ? _("Saved Report") : _("Verdict");
  adw_window_title_set_subtitle (self->window_title, subtitle);

  update_actions (self);
}

static void
set_viewing_file (TdWindow *self,
                  gboolean  viewing)
{
  self->viewing_file = viewing;
  gtk_revealer_set_reveal_child (self->banner_revealer, viewing);
}

static void
update_helpdesk (TdWindow *self)
{
  g_autofree char *url = setting_string (self, "helpdesk-url", "");

  td_result_page_set_helpdesk (self->result_page, url,
                               setting_boolean (self, "redact-reports", TRUE));
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
      add_toast (self, cancelled ? _("Checks cancelled") : error->message);
      show_page (self, "checklist");
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

  if (is_running (self))
    return;

  cancel_open (self);
  set_viewing_file (self, FALSE);
  g_clear_object (&self->report);

  server = td_welcome_page_dup_server (self->welcome_page);
  url = setting_string (self, "ipv6-test-url", "https://ipv6.google.com/");

  g_clear_object (&self->runner);
  self->runner = td_runner_new (td_platform_native ());
  td_runner_set_server (self->runner, server);
  if (*url != '\0')
    td_runner_set_ipv6_test_url (self->runner, url);
  td_runner_set_client_wait (self->runner,
                             setting_uint (self, "client-probe-wait-s",
                                           TD_RUNNER_DEFAULT_CLIENT_WAIT_S));
  td_runner_set_probe_timeout (self->runner, setting_uint (self, "probe-timeout-ms", TD_PROBE_DEFAULT_TIMEOUT_MS));
  td_runner_set_probe_retransmit (self->runner, setting_uint (self, "probe-retransmit-ms", 250));
  g_signal_emit (self, signals[SIGNAL_RUNNER_CREATED], 0, self->runner);

  self->cancellable = g_cancellable_new ();
  td_checklist_page_set_runner (self->checklist_page, self->runner);
  td_checklist_page_set_state (self->checklist_page, TD_CHECKLIST_STATE_RUNNING);
  show_page (self, "checklist");
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

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  td_window_start_check (TD_WINDOW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  td_window_cancel (TD_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TdWindow *self = TD_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (is_running (self))
    return;
  if (g_strcmp0 (page, "checklist") == 0 && self->report != NULL)
    show_page (self, "result");
  else if (self->viewing_file)
    td_window_close_report (self);
  else
    show_page (self, "welcome");
}

static void
run_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TdWindow *self = TD_WINDOW (widget);

  if (self->viewing_file)
    return;
  td_window_start_check (self);
}

static void
show_result_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TdWindow *self = TD_WINDOW (widget);

  if (self->report != NULL)
    show_page (self, "result");
}

static void
show_checklist_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  show_page (TD_WINDOW (widget), "checklist");
}

static void
close_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  td_window_close_report (TD_WINDOW (widget));
}

static void
summary_rendered_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TdWindow) self = user_data;
  g_autoptr(GBytes) bytes = td_report_render_finish (result, NULL);
  g_autofree char *text = NULL;

  /* The text writer fails for no report; a closed window copies nothing. */
  if (bytes == NULL || is_closed (self))
    return;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  add_toast (self, _("Summary copied"));
}

static void
copy_summary_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TdWindow *self = TD_WINDOW (widget);

  if (self->report == NULL)
    return;
  /* What td_window_dup_summary() returns, rendered in a worker: a real
   * report takes a millisecond, but one opened from a file may be as big
   * as the reader allows, and its text takes half a second. */
  td_report_render_async (self->report, TD_REPORT_FORMAT_TEXT,
                          setting_boolean (self, "redact-reports", TRUE), NULL,
                          summary_rendered_cb, g_object_ref (self));
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  TdWindow        *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  /* A bad file is explained in a dialog by the open itself. */
  if (file != NULL)
    td_window_open_file_async (self, file, NULL, NULL, NULL);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TdWindow *self = TD_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Teredo Doctor reports (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");

  self->chooser = gtk_file_chooser_native_new (_("Open a Report"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
format_for_file (GFile          *file,
                 GtkFileFilter  *filter,
                 TdReportFormat *out_format)
{
  g_autofree char *name = g_file_get_basename (file);
  const char *dot = name != NULL ? strrchr (name, '.') : NULL;

  if (dot != NULL && td_report_format_from_string (dot + 1, out_format))
    return TRUE;
  for (guint i = 0; filter != NULL && i < G_N_ELEMENTS (export_formats); i++)
    if (g_strcmp0 (gtk_file_filter_get_name (filter), _(export_formats[i].name)) == 0)
      {
        *out_format = export_formats[i].format;
        return TRUE;
      }
  return FALSE;
}

static void
export_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TdWindow *self = TD_WINDOW (object);
  g_autoptr(GError) error = NULL;
  gboolean written = td_window_export_to_file_finish (self, result, &error);

  /* Finished after the window was closed: no one left to tell. */
  if (is_closed (self))
    return;
  if (!written)
    add_toast (self, error->message);
  else
    add_toast (self, _("Report exported"));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    TdWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  TdReportFormat format = TD_REPORT_FORMAT_JSON;
  gboolean redact;
  const char *choice;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_clear_object (&self->chooser);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "redact");
  redact = choice == NULL || g_strcmp0 (choice, "true") == 0;

  if (!format_for_file (file, gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog)), &format))
    {
      /* No known extension: add the one of the chosen type. */
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *with_ext = NULL;
      g_autoptr(GFile) parent = g_file_get_parent (file);

      with_ext = g_strconcat (name, ".", td_report_format_get_extension (format), NULL);
      g_set_object (&file, g_file_get_child (parent, with_ext));
    }
  g_clear_object (&self->chooser);

  td_window_export_to_file_async (self, file, format, redact, NULL, export_finished_cb, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TdWindow *self = TD_WINDOW (widget);
  GtkFileChooser *chooser;

  if (self->chooser != NULL || self->report == NULL || self->exporting)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export the Report"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->chooser);
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(export_formats[i].name));
      gtk_file_filter_add_pattern (filter, export_formats[i].pattern);
      gtk_file_chooser_add_filter (chooser, filter);
    }
  gtk_file_chooser_set_current_name (chooser, "teredo-doctor-report.json");
  gtk_file_chooser_add_choice (chooser, "redact", _("Hide private details"), NULL, NULL);
  gtk_file_chooser_set_choice (chooser, "redact",
                               setting_boolean (self, "redact-reports", TRUE) ? "true" : "false");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

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
  update_actions (self);
}

static void
helpdesk_changed_cb (TdWindow *self)
{
  update_helpdesk (self);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TdWindow      *self)
{
  GFile *file = NULL;

  if (is_running (self))
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
  cancel_open (self);
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
  gtk_widget_class_bind_template_callback (widget_class, page_add_toast_cb);

  gtk_widget_class_install_action (widget_class, "win.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.run-again", NULL, run_again_action);
  gtk_widget_class_install_action (widget_class, "win.show-result", NULL, show_result_action);
  gtk_widget_class_install_action (widget_class, "win.show-checklist", NULL, show_checklist_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-summary", NULL, copy_summary_action);
  gtk_widget_class_install_action (widget_class, "win.close-report", NULL, close_report_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.run-again", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.run-again", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-summary", NULL);
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

  server = setting_string (self, "default-server", "");
  td_welcome_page_select_server (self->welcome_page, server);
  g_signal_connect_object (self->welcome_page, "notify::server-valid",
                           G_CALLBACK (server_valid_cb), self, G_CONNECT_SWAPPED);
  update_helpdesk (self);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main menu"), -1);

  show_page (self, "welcome");
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

  return is_running (self);
}

void
td_window_show_report (TdWindow *self,
                       TdReport *report)
{
  g_return_if_fail (TD_IS_WINDOW (self));
  g_return_if_fail (TD_IS_REPORT (report));

  td_window_cancel (self);
  cancel_open (self);
  g_set_object (&self->report, report);

  /* The checklist shows the report's checks (for a finished run they are
   * the very objects the runner filled). */
  td_checklist_page_set_report (self->checklist_page, report);
  if (td_report_is_from_file (report))
    {
      g_clear_object (&self->runner);
      td_report_banner_set_report (self->report_banner, report);
      td_checklist_page_set_state (self->checklist_page, TD_CHECKLIST_STATE_REPORT);
      set_viewing_file (self, TRUE);
    }
  else
    {
      td_checklist_page_set_state (self->checklist_page, TD_CHECKLIST_STATE_DONE);
      set_viewing_file (self, FALSE);
    }

  td_result_page_set_report (self->result_page, report);
  show_page (self, "result");
}

/* Forwards the caller's cancellation to the window's own cancellable. */
static void
forward_cancel_cb (GCancellable *caller,
                   GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

typedef struct
{
  GFile        *file;
  GCancellable *cancellable;   /* the window's: cancel_open() */
  GCancellable *caller;
  gulong        caller_id;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *open = data;

  if (open->caller != NULL)
    {
      g_cancellable_disconnect (open->caller, open->caller_id);
      g_object_unref (open->caller);
    }
  g_object_unref (open->cancellable);
  g_object_unref (open->file);
  g_free (open);
}

static void
show_open_error (TdWindow     *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  /* Translators: %s is a file name, then the reason on the next line */
  body = g_strdup_printf (_("%s could not be opened:\n%s"), name, error->message);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("This Is Not a Report"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdWindow *self = g_task_get_source_object (task);
  OpenData *open = g_task_get_task_data (task);
  g_autoptr(TdReport) report = NULL;
  GError *error = NULL;

  /* Superseded means cancelled: then the window is not ours to change any
   * more, and the load answers G_IO_ERROR_CANCELLED.  So does a window
   * closed meanwhile (it may not be disposed yet: the load was not
   * cancelled then), and then nothing is shown. */
  report = td_report_load_from_file_finish (result, &error);
  if (self->open_cancellable == open->cancellable)
    g_clear_object (&self->open_cancellable);
  if (is_closed (self))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The window was closed."));
      return;
    }

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_open_error (self, open->file, error);
      g_task_return_error (task, error);
      return;
    }

  td_window_show_report (self, report);
  g_task_return_boolean (task, TRUE);
}

void
td_window_open_file_async (TdWindow            *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *open;

  g_return_if_fail (TD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_window_open_file_async);

  if (is_running (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "%s",
                               _("Cancel the checks before opening a report."));
      return;
    }

  cancel_open (self);
  open = g_new0 (OpenData, 1);
  open->file = g_object_ref (file);
  open->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      open->caller = g_object_ref (cancellable);
      open->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                               g_object_ref (open->cancellable), g_object_unref);
    }
  g_task_set_task_data (task, open, open_data_free);
  self->open_cancellable = g_object_ref (open->cancellable);

  td_report_load_from_file_async (file, open->cancellable, open_loaded_cb, g_steal_pointer (&task));
}

gboolean
td_window_open_file_finish (TdWindow      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_window_open_file_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
td_window_is_opening (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), FALSE);

  return self->open_cancellable != NULL;
}

void
td_window_close_report (TdWindow *self)
{
  g_return_if_fail (TD_IS_WINDOW (self));

  if (!self->viewing_file)
    return;
  set_viewing_file (self, FALSE);
  g_clear_object (&self->report);
  show_page (self, "welcome");
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

/* Closed by the user (its close button) or by the end of the export. */
static void
export_toast_dismissed_cb (TdWindow *self,
                           AdwToast *toast)
{
  if (self->export_toast == toast)
    g_clear_object (&self->export_toast);
}

static gboolean
show_export_toast_cb (gpointer user_data)
{
  TdWindow *self = user_data;

  self->export_toast_id = 0;
  self->export_toast = adw_toast_new (_("Exporting…"));
  /* Until the export is done, not for a few seconds. */
  adw_toast_set_timeout (self->export_toast, 0);
  g_signal_connect_object (self->export_toast, "dismissed",
                           G_CALLBACK (export_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->export_toast));
  return G_SOURCE_REMOVE;
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdWindow *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean written;

  written = td_report_export_finish (result, &error);

  self->exporting = FALSE;
  g_clear_handle_id (&self->export_toast_id, g_source_remove);
  if (self->export_toast != NULL)
    {
      g_autoptr(AdwToast) toast = g_steal_pointer (&self->export_toast);

      adw_toast_dismiss (toast);
    }
  if (self->held_application != NULL)
    {
      g_application_release (self->held_application);
      g_clear_object (&self->held_application);
    }
  if (!is_closed (self))
    update_actions (self);

  if (!written)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
td_window_export_to_file_async (TdWindow            *self,
                                GFile               *file,
                                TdReportFormat       format,
                                gboolean             redact,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkApplication *application;

  g_return_if_fail (TD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_window_export_to_file_async);

  if (self->report == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("There is no report yet."));
      return;
    }
  /* One at a time: the user sees one "Exporting…" and one answer. */
  if (self->exporting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "%s",
                               _("The report is already being exported."));
      return;
    }

  self->exporting = TRUE;
  self->export_toast_id = g_timeout_add (EXPORT_TOAST_DELAY_MS, show_export_toast_cb, self);
  /* Closing the window right after Export must not lose the file. */
  application = gtk_window_get_application (GTK_WINDOW (self));
  if (application != NULL)
    {
      self->held_application = g_object_ref (G_APPLICATION (application));
      g_application_hold (self->held_application);
    }
  update_actions (self);

  td_report_export_async (self->report, file, format, redact, cancellable, export_done_cb,
                          g_steal_pointer (&task));
}

gboolean
td_window_export_to_file_finish (TdWindow      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_window_export_to_file_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
td_window_is_exporting (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), FALSE);

  return self->exporting;
}

char *
td_window_dup_summary (TdWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);

  if (self->report == NULL)
    return NULL;
  bytes = td_report_render (self->report, TD_REPORT_FORMAT_TEXT,
                            setting_boolean (self, "redact-reports", TRUE), NULL);
  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

TdWelcomePage *
td_window_get_welcome_page (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);
  return self->welcome_page;
}

TdChecklistPage *
td_window_get_checklist_page (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);
  return self->checklist_page;
}

TdResultPage *
td_window_get_result_page (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);
  return self->result_page;
}

GtkWidget *
td_window_get_report_banner (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->report_banner);
}
