/* td-helpdesk-page.c — help someone else: guided paste mode over a
 * TdRemoteSession, and the batch file to send
 *
 * The session and its guide decide what to ask for and when enough is
 * known; this page only shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-helpdesk-page.h"

#include <glib/gi18n.h>

#include "td-check-row.h"
#include "td-remote.h"
#include "td-runner.h"

struct _TdHelpdeskPage
{
  AdwBin               parent_instance;

  TdRemoteSession     *session;
  GCancellable        *cancellable;      /* the paste being read, the batch file loading */
  char                *command_text;     /* the commands asked for, one a line */
  char                *batch_text;       /* NULL until loaded */

  AdwStatusPage       *status_page;
  AdwPreferencesGroup *ask_group;
  GtkBox              *command_box;
  GtkLabel            *command_label;
  GtkButton           *copy_command_button;
  GtkTextView         *paste_view;
  GtkButton           *read_button;
  GtkSpinner          *spinner;
  GtkLabel            *message_label;
  GtkListBox          *check_list;
  GtkButton           *verdict_button;
  GtkButton           *reset_button;
  GtkButton           *copy_batch_button;
  GtkTextView         *batch_view;
};

G_DEFINE_FINAL_TYPE (TdHelpdeskPage, td_helpdesk_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SHOW_REPORT,
  SIGNAL_ADD_TOAST,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
add_toast (TdHelpdeskPage *self,
           const char     *title)
{
  g_signal_emit (self, signals[SIGNAL_ADD_TOAST], 0, adw_toast_new (title));
}

static void
show_message (TdHelpdeskPage *self,
              const char     *text,
              gboolean        is_error)
{
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

/* The checklist as far as the pastes tell: the report's checks, or every
 * check waiting before the first paste. */
static void
show_checks (TdHelpdeskPage *self)
{
  TdReport *report = td_remote_session_get_report (self->session);
  g_autoptr(GListStore) waiting = NULL;
  GListModel *checks;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->check_list))) != NULL)
    gtk_list_box_remove (self->check_list, child);
  if (report != NULL)
    checks = td_report_get_checks (report);
  else
    {
      const char * const *ids = td_runner_get_check_ids ();

      waiting = g_list_store_new (TD_TYPE_CHECK_RESULT);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_autoptr(TdCheckResult) check = td_check_result_new (ids[i], td_runner_get_check_title (ids[i]));

          g_list_store_append (waiting, check);
        }
      checks = G_LIST_MODEL (waiting);
    }
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(TdCheckResult) check = g_list_model_get_item (checks, i);

      gtk_list_box_append (self->check_list, td_check_row_new (check));
    }
}

static void
update (TdHelpdeskPage *self)
{
  const TdRemoteQuestion *question = td_remote_session_get_question (self->session);
  gboolean enough = td_remote_session_is_enough (self->session);
  gboolean busy = td_remote_session_is_busy (self->session);
  gboolean has_report = td_remote_session_get_report (self->session) != NULL;

  g_free (self->command_text);
  self->command_text = g_strjoinv ("\n", question->commands);
  adw_preferences_group_set_title (self->ask_group, enough ? _("Enough Is Known") : question->title);
  adw_preferences_group_set_description (self->ask_group, question->reason);
  gtk_label_set_text (self->command_label, self->command_text);
  gtk_widget_set_visible (GTK_WIDGET (self->command_box), !enough);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_command_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the command to ask for"), -1);

  gtk_widget_set_sensitive (GTK_WIDGET (self->read_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  /* The verdict when enough is known; before that, what is known, said
   * to be provisional (a user may be unable to give an output). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->verdict_button), has_report && !busy);
  gtk_button_set_label (self->verdict_button, enough || !has_report ? _("_Show the Verdict")
                                                                    : _("Show a _Provisional Verdict"));
  if (enough && has_report)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_button), "suggested-action");
}

static void
session_changed_cb (TdHelpdeskPage *self)
{
  show_checks (self);
  update (self);
}

/* ── pasting ── */

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TdHelpdeskPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!td_remote_session_add_text_finish (TD_REMOTE_SESSION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message, TRUE);
      update (self);
      return;
    }
  /* Read: the box is ready for the next answer. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->paste_view), "", 0);
  show_message (self, td_remote_session_get_message (self->session), FALSE);
  update (self);
}

static void
read_paste (TdHelpdeskPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;

  if (td_remote_session_is_busy (self->session))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    {
      show_message (self, _("Paste what their window shows into the box first."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->paste_view));
      return;
    }
  td_remote_session_add_text_async (self->session, text, self->cancellable, added_cb, g_object_ref (self));
  update (self);
}

static void
read_clicked_cb (TdHelpdeskPage *self)
{
  read_paste (self);
}

static void
verdict_clicked_cb (TdHelpdeskPage *self)
{
  TdReport *report = td_remote_session_get_report (self->session);

  if (report != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_REPORT], 0, report);
}

static void
reset_clicked_cb (TdHelpdeskPage *self)
{
  td_helpdesk_page_reset (self);
}

static void
copy_command_cb (TdHelpdeskPage *self)
{
  if (self->command_text == NULL || *self->command_text == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->command_text);
  add_toast (self, _("Command copied"));
}

/* ── the batch file ── */

static void
copy_batch_cb (TdHelpdeskPage *self)
{
  if (self->batch_text == NULL)
    return;
  /* As it is, CRLF included: Windows' cmd needs them. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->batch_text);
  add_toast (self, _("Batch file copied: save it as teredo-doctor-collect.bat"));
}

static void
batch_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TdHelpdeskPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->batch_view), error->message, -1);
      return;
    }
  self->batch_text = g_utf8_make_valid (contents, (gssize) length);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->batch_view), self->batch_text, -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_batch_button), TRUE);
}

static void
load_batch_file (TdHelpdeskPage *self)
{
  g_autoptr(GFile) file = td_remote_find_batch_file ();

  if (file == NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->batch_view),
                                _("teredo-doctor-collect.bat is not installed with this copy of Teredo "
                                  "Doctor."), -1);
      return;
    }
  g_file_load_contents_async (file, self->cancellable, batch_loaded_cb, g_object_ref (self));
}

/* ── public ── */

GtkWidget *
td_helpdesk_page_new (void)
{
  return g_object_new (TD_TYPE_HELPDESK_PAGE, NULL);
}

void
td_helpdesk_page_reset (TdHelpdeskPage *self)
{
  g_return_if_fail (TD_IS_HELPDESK_PAGE (self));

  td_remote_session_reset (self->session);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->paste_view), "", 0);
  show_message (self, NULL, FALSE);
  update (self);
}

void
td_helpdesk_page_paste (TdHelpdeskPage *self,
                        const char     *text)
{
  g_return_if_fail (TD_IS_HELPDESK_PAGE (self));
  g_return_if_fail (text != NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->paste_view), text, -1);
  read_paste (self);
}

TdRemoteSession *
td_helpdesk_page_get_session (TdHelpdeskPage *self)
{
  g_return_val_if_fail (TD_IS_HELPDESK_PAGE (self), NULL);
  return self->session;
}

const char *
td_helpdesk_page_get_command_text (TdHelpdeskPage *self)
{
  g_return_val_if_fail (TD_IS_HELPDESK_PAGE (self), NULL);
  return gtk_label_get_text (self->command_label);
}

const char *
td_helpdesk_page_get_message_text (TdHelpdeskPage *self)
{
  g_return_val_if_fail (TD_IS_HELPDESK_PAGE (self), NULL);
  return gtk_label_get_text (self->message_label);
}

GtkButton *
td_helpdesk_page_get_verdict_button (TdHelpdeskPage *self)
{
  g_return_val_if_fail (TD_IS_HELPDESK_PAGE (self), NULL);
  return self->verdict_button;
}

GtkListBox *
td_helpdesk_page_get_check_list (TdHelpdeskPage *self)
{
  g_return_val_if_fail (TD_IS_HELPDESK_PAGE (self), NULL);
  return self->check_list;
}

const char *
td_helpdesk_page_get_batch_text (TdHelpdeskPage *self)
{
  g_return_val_if_fail (TD_IS_HELPDESK_PAGE (self), NULL);
  return self->batch_text;
}

/* ── life cycle ── */

static void
td_helpdesk_page_dispose (GObject *object)
{
  TdHelpdeskPage *self = TD_HELPDESK_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  /* AdwBin unparents its child in its own dispose: a bound root child
   * must be gone from it before the template drops its reference. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TD_TYPE_HELPDESK_PAGE);

  G_OBJECT_CLASS (td_helpdesk_page_parent_class)->dispose (object);
}

static void
td_helpdesk_page_finalize (GObject *object)
{
  TdHelpdeskPage *self = TD_HELPDESK_PAGE (object);

  g_free (self->command_text);
  g_free (self->batch_text);
  G_OBJECT_CLASS (td_helpdesk_page_parent_class)->finalize (object);
}

static void
td_helpdesk_page_class_init (TdHelpdeskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_helpdesk_page_dispose;
  object_class->finalize = td_helpdesk_page_finalize;

  signals[SIGNAL_SHOW_REPORT] = g_signal_new ("show-report", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, TD_TYPE_REPORT);
  signals[SIGNAL_ADD_TOAST] = g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-helpdesk-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, ask_group);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, command_box);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, command_label);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, copy_command_button);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, paste_view);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, read_button);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, check_list);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, verdict_button);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, copy_batch_button);
  gtk_widget_class_bind_template_child (widget_class, TdHelpdeskPage, batch_view);
}

static void
td_helpdesk_page_init (TdHelpdeskPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->session = td_remote_session_new ();
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::busy", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->read_button, "clicked", G_CALLBACK (read_clicked_cb), self);
  g_signal_connect_swapped (self->verdict_button, "clicked", G_CALLBACK (verdict_clicked_cb), self);
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (reset_clicked_cb), self);
  g_signal_connect_swapped (self->copy_command_button, "clicked", G_CALLBACK (copy_command_cb), self);
  g_signal_connect_swapped (self->copy_batch_button, "clicked", G_CALLBACK (copy_batch_cb), self);

  show_checks (self);
  update (self);
  load_batch_file (self);
}
