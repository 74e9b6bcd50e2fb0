/* td-window-actions.c — the window's actions (win.*) and the flows behind
 * them: open a report or collected output, export, copy its summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "td-remote.h"
#include "td-report-banner.h"
#include "td-window-private.h"

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

typedef struct
{
  GFile        *file;
  GCancellable *cancellable;   /* the window's: cancel_open() */
  GCancellable *caller;
  gulong        caller_id;
} OpenData;

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

  if (_td_window_is_running (self))
    return;
  if (g_strcmp0 (page, "checklist") == 0 && self->report != NULL)
    _td_window_show_page (self, "result");
  else if (self->viewing_file && self->from_helpdesk)
    {
      /* Back to the pastes, which go on. */
      _td_window_set_viewing_file (self, FALSE);
      self->from_helpdesk = FALSE;
      g_clear_object (&self->report);
      _td_window_show_page (self, "helpdesk");
    }
  else if (self->viewing_file)
    td_window_close_report (self);
  else
    _td_window_show_page (self, "welcome");
}

static void
helpdesk_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TdWindow *self = TD_WINDOW (widget);

  if (_td_window_is_running (self))
    return;
  _td_window_show_page (self, "helpdesk");
  gtk_widget_grab_focus (GTK_WIDGET (self->helpdesk_page));
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
    _td_window_show_page (self, "result");
}

static void
show_checklist_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _td_window_show_page (TD_WINDOW (widget), "checklist");
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
  if (bytes == NULL || _td_window_is_closed (self))
    return;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  _td_window_add_toast (self, _("Summary copied"));
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
                          _td_window_setting_boolean (self, "redact-reports", TRUE), NULL,
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
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Reports and collected output (JSON, text)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  /* What teredo-doctor-collect.bat writes, and console text saved by hand. */
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Open a Report or Collected Output"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
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
  if (_td_window_is_closed (self))
    return;
  if (!written)
    _td_window_add_toast (self, error->message);
  else
    _td_window_add_toast (self, _("Report exported"));
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
                               _td_window_setting_boolean (self, "redact-reports", TRUE) ? "true" : "false");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Forwards the caller's cancellation to the window's own cancellable. */
static void
forward_cancel_cb (GCancellable *caller,
                   GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

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
                                                       _("This File Cannot Be Opened"), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Superseded means cancelled: then the window is not ours to change any
 * more, and the load answers G_IO_ERROR_CANCELLED.  So does a window closed
 * meanwhile (it may not be disposed yet: the load was not cancelled then),
 * and then nothing is shown.  TRUE when the window may show the outcome. */
static gboolean
open_still_wanted (GTask   *task,
                   GError **error)
{
  TdWindow *self = g_task_get_source_object (task);
  OpenData *open = g_task_get_task_data (task);

  if (_td_window_is_closed (self))
    {
      if (self->open_cancellable == open->cancellable)
        g_clear_object (&self->open_cancellable);
      g_clear_error (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The window was closed."));
      return FALSE;
    }
  return TRUE;
}

static void
open_failed (GTask  *task,
             GError *error)
{
  TdWindow *self = g_task_get_source_object (task);
  OpenData *open = g_task_get_task_data (task);

  if (self->open_cancellable == open->cancellable)
    g_clear_object (&self->open_cancellable);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_open_error (self, open->file, error);
  g_task_return_error (task, error);
}

static void
open_show (GTask    *task,
           TdReport *report)
{
  TdWindow *self = g_task_get_source_object (task);
  OpenData *open = g_task_get_task_data (task);

  if (self->open_cancellable == open->cancellable)
    g_clear_object (&self->open_cancellable);
  td_window_show_report (self, report);
  g_task_return_boolean (task, TRUE);
}

/* Collected command output: the other computer, diagnosed here. */
static void
open_diagnosed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(TdReport) report = NULL;
  GError *error = NULL;

  report = td_remote_diagnose_finish (result, &error);
  if (!open_still_wanted (task, &error))
    return;
  if (report == NULL)
    open_failed (task, error);
  else
    open_show (task, report);
}

static void
open_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *open = g_task_get_task_data (task);
  g_autoptr(TdRemoteInput) input = NULL;
  GError *error = NULL;

  input = td_remote_load_finish (result, &error);
  if (!open_still_wanted (task, &error))
    return;
  if (input == NULL)
    {
      open_failed (task, error);
      return;
    }
  if (input->report != NULL)
    {
      open_show (task, input->report);
      return;
    }
  td_remote_diagnose_async (&input->capture, 1, open->cancellable, open_diagnosed_cb,
                            g_steal_pointer (&task));
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

  if (_td_window_is_running (self))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "%s",
                               _("Cancel the checks before opening a report."));
      return;
    }

  _td_window_cancel_open (self);
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

  /* A report, or what teredo-doctor-collect.bat (or a user) saved on
   * another computer: read in a worker, then shown or diagnosed. */
  td_remote_load_async (file, TD_REMOTE_LOAD_REPORTS, open->cancellable, open_loaded_cb,
                        g_steal_pointer (&task));
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
  if (!_td_window_is_closed (self))
    _td_window_update_actions (self);

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
  _td_window_update_actions (self);

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
                            _td_window_setting_boolean (self, "redact-reports", TRUE), NULL);
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

TdHelpdeskPage *
td_window_get_helpdesk_page (TdWindow *self)
{
  g_return_val_if_fail (TD_IS_WINDOW (self), NULL);
  return self->helpdesk_page;
}

void
_td_window_class_actions_init (GtkWidgetClass *widget_class)
{
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
  gtk_widget_class_install_action (widget_class, "win.helpdesk", NULL, helpdesk_action);

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
