/* td-result-page.c — the verdict, what to do, and what to do with the report
 *
 * Everything shown comes from the backend: the verdict (title, icon, one
 * sentence, code), the ordered remedies of the knowledge base, whether a
 * remedy may be run (td_fix_is_runnable) and the exact argv it would run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-result-page.h"

#include <glib/gi18n.h>

#include "td-error.h"
#include "td-fix.h"
#include "td-helpdesk.h"
#include "td-knowledge.h"
#include "td-remedy-row.h"

struct _TdResultPage
{
  AdwBin            parent_instance;

  TdReport         *report;
  char             *helpdesk_url;
  char             *helpdesk_reference;
  GCancellable     *cancellable;      /* fix run and help-desk POST */
  AdwMessageDialog *confirm_dialog;   /* weak */
  gboolean          fix_running;
  char             *fix_action;     /* applied, waiting for the re-check to say if it helped */
  gboolean          sending;

  AdwStatusPage    *status_page;
  GtkLabel         *code_label;
  AdwPreferencesGroup *remedy_group;
  GtkListBox       *remedy_list;
  AdwPreferencesGroup *helpdesk_group;
  AdwActionRow     *helpdesk_row;
  GtkStack         *send_stack;
  GtkButton        *send_button;
  GtkSpinner       *send_spinner;
  GtkSwitch        *redact_switch;
  GtkButton        *again_button;
  AdwActionRow     *checks_row;
  AdwActionRow     *copy_row;
  AdwActionRow     *export_row;
};

G_DEFINE_FINAL_TYPE (TdResultPage, td_result_page, ADW_TYPE_BIN)

enum {
  SIGNAL_ADD_TOAST,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
add_toast (TdResultPage *self,
           const char   *title)
{
  AdwToast *toast = adw_toast_new (title);

  g_signal_emit (self, signals[SIGNAL_ADD_TOAST], 0, toast);
}

static void
clear_remedies (TdResultPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->remedy_list))) != NULL)
    gtk_list_box_remove (self->remedy_list, child);
}

static void
update_fix_buttons (TdResultPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->remedy_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      TdRemedyRow *row = TD_REMEDY_ROW (child);

      td_remedy_row_set_fix_available (row,
                                       !self->fix_running &&
                                       td_fix_is_runnable (td_remedy_row_get_remedy (row),
                                                           self->report));
    }
}

/* ── Copy ── */

static void
remedy_copy_cb (TdRemedyRow  *row,
                TdResultPage *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  gdk_clipboard_set_text (clipboard, td_remedy_row_get_command_line (row));
  add_toast (self, _("Command copied"));
}

/* ── Fix it ── */

static void
show_error_dialog (TdResultPage *self,
                   const char   *heading,
                   const char   *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fix_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TdResultPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->fix_running = FALSE;

  if (!td_fix_run_finish (result, NULL, &error))
    {
      g_clear_pointer (&self->fix_action, g_free);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->report == NULL)
        return;
      update_fix_buttons (self);
      if (g_error_matches (error, TD_ERROR, TD_ERROR_PERMISSION))
        add_toast (self, error->message);
      else
        show_error_dialog (self, _("The Fix Did Not Work"), error->message);
      return;
    }

  update_fix_buttons (self);
  add_toast (self, _("Fix applied. Checking again…"));
  /* A fix is only done when the checks say so. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.run-again", NULL);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TdResultPage     *self)
{
  TdFixPlan *plan = g_object_get_data (G_OBJECT (dialog), "td-fix-plan");

  if (g_strcmp0 (response, "apply") != 0 || plan == NULL || self->fix_running)
    return;

  self->fix_running = TRUE;
  g_free (self->fix_action);
  self->fix_action = g_strdup (plan->action);
  update_fix_buttons (self);
  td_fix_run_async (plan, self->cancellable, fix_finished_cb, g_object_ref (self));
}

static char *
describe_plan (const TdFixPlan *plan)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) argv = td_fix_plan_get_elevated_argv (plan, NULL);

  /* The exact argv, one argument per line, so nothing hides in quoting. */
  g_string_append (text, _("Command:"));
  g_string_append_c (text, '\n');
  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    g_string_append_printf (text, "  %s\n", argv[i]);
  g_string_append_c (text, '\n');
  g_string_append (text, _("It runs these steps as administrator:"));
  g_string_append_c (text, '\n');
  for (guint i = 0; i < plan->steps->len; i++)
    {
      g_autofree char *line = td_fix_step_describe (g_ptr_array_index (plan->steps, i));
      g_string_append_printf (text, "  %u. %s\n", i + 1, line);
    }
  while (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
remedy_fix_cb (TdRemedyRow  *row,
               TdResultPage *self)
{
  const TdRemedy *remedy = td_remedy_row_get_remedy (row);
  g_autoptr(GError) error = NULL;
  g_autoptr(TdFixPlan) plan = NULL;
  g_autofree char *details = NULL;
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *label;
  GtkWidget *scrolled;

  if (self->fix_running || !td_fix_is_runnable (remedy, self->report))
    return;

  plan = td_fix_plan_new (remedy->fix_action, (const char * const *) remedy->fix_args,
                          td_platform_native (), &error);
  if (plan == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  details = describe_plan (plan);
  body = g_strdup_printf ("%s\n\n%s%s", remedy->title,
                          plan->platform == TD_PLATFORM_WINDOWS
                            ? _("Windows will ask you to allow each step.")
                            : _("You will be asked for an administrator password."),
                          remedy->needs_reboot
                            ? _(" Restart the computer afterwards.") : "");

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Apply This Fix?"), body));
  label = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "command-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("What will run"),
                                  -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 260);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_widget_add_css_class (scrolled, "command");
  adw_message_dialog_set_extra_child (dialog, scrolled);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Run It"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  /* Enter must not change the system by accident. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "td-fix-plan", g_steal_pointer (&plan),
                          (GDestroyNotify) td_fix_plan_free);
  g_object_set_data_full (G_OBJECT (dialog), "td-fix-details", g_strdup (details), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);

  g_set_weak_pointer (&self->confirm_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── Help desk ── */

static void
set_sending (TdResultPage *self,
             gboolean      sending)
{
  self->sending = sending;
  gtk_stack_set_visible_child_name (self->send_stack, sending ? "spinner" : "button");
  gtk_spinner_set_spinning (self->send_spinner, sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.send",
                                 !sending && self->report != NULL);
}

static void
update_helpdesk_row (TdResultPage *self,
                     const char   *status_text,
                     gboolean      is_error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *subtitle = NULL;

  if (status_text != NULL)
    subtitle = g_strdup (status_text);
  else if (self->helpdesk_url != NULL &&
           (uri = g_uri_parse (self->helpdesk_url, G_URI_FLAGS_NONE, NULL)) != NULL &&
           g_uri_get_host (uri) != NULL)
    /* Translators: %s is the help desk's host name */
    subtitle = g_strdup_printf (_("Configured by your administrator: %s"), g_uri_get_host (uri));
  else
    subtitle = g_strdup ("");

  adw_action_row_set_subtitle (self->helpdesk_row, subtitle);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->helpdesk_row), "helpdesk-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->helpdesk_row), "helpdesk-error");
}

static void
helpdesk_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TdResultPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *text = NULL;

  reference = td_helpdesk_send_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_sending (self, FALSE);

  if (reference == NULL)
    {
      update_helpdesk_row (self, error->message, TRUE);
      add_toast (self, _("The report could not be sent"));
      return;
    }

  g_free (self->helpdesk_reference);
  self->helpdesk_reference = g_strdup (reference);
  /* Translators: %s is the reference the help desk gave ("TD-2026-0042") */
  text = g_strdup_printf (_("Sent. Your reference: %s"), reference);
  update_helpdesk_row (self, text, FALSE);
  add_toast (self, text);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  td_result_page_send_to_helpdesk (TD_RESULT_PAGE (widget));
}

/* ── report ── */

static void
show_verdict (TdResultPage *self)
{
  const TdVerdict *verdict = td_report_get_verdict (self->report);
  TdVerdictCode code = verdict != NULL ? verdict->code : TD_VERDICT_UNKNOWN;
  gboolean healthy = td_verdict_code_is_healthy (code);
  g_autofree char *code_text = NULL;
  g_autofree char *accessible = NULL;

  adw_status_page_set_icon_name (self->status_page, td_verdict_code_get_icon (code));
  adw_status_page_set_title (self->status_page, td_verdict_code_get_title (code));
  adw_status_page_set_description (self->status_page,
                                   verdict != NULL && verdict->summary != NULL
                                     ? verdict->summary
                                     : td_knowledge_explain_verdict (code));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_page), "verdict-healthy");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_page), "verdict-problem");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_page),
                            healthy ? "verdict-healthy" : "verdict-problem");

  /* Translators: %s is a stable code such as "udp-blocked" that help desks
   * search for; it is not translated */
  code_text = g_strdup_printf (_("Verdict code: %s"), td_verdict_code_to_string (code));
  gtk_label_set_text (self->code_label, code_text);

  accessible = g_strdup_printf ("%s. %s", td_verdict_code_get_title (code),
                                adw_status_page_get_description (self->status_page));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_page),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
show_remedies (TdResultPage *self)
{
  const TdVerdict *verdict = td_report_get_verdict (self->report);
  g_autoptr(GPtrArray) remedies = NULL;
  gboolean from_file = td_report_is_from_file (self->report);
  TdFacts facts;

  clear_remedies (self);
  /* The fixes of every finding, the cause's first (the backend decides
   * which apply and in which order). */
  td_report_get_facts (self->report, &facts);
  if (verdict != NULL)
    remedies = td_knowledge_verdict_remedies (verdict, &facts);

  for (guint i = 0; remedies != NULL && i < remedies->len; i++)
    {
      GtkWidget *row = td_remedy_row_new (g_ptr_array_index (remedies, i), i + 1);

      g_signal_connect_object (row, "copy", G_CALLBACK (remedy_copy_cb), self, 0);
      g_signal_connect_object (row, "fix", G_CALLBACK (remedy_fix_cb), self, 0);
      gtk_list_box_append (self->remedy_list, row);
    }
  update_fix_buttons (self);

  gtk_widget_set_visible (GTK_WIDGET (self->remedy_group), remedies != NULL && remedies->len > 0);
  adw_preferences_group_set_description (self->remedy_group,
                                         from_file
                                           ? _("This report comes from a file: copy the commands "
                                               "and run them on the computer it describes.")
                                           : _("Try the steps in this order, then run the checks "
                                               "again."));
}

static void
td_result_page_dispose (GObject *object)
{
  TdResultPage *self = TD_RESULT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->confirm_dialog));
  g_clear_weak_pointer (&self->confirm_dialog);
  g_clear_object (&self->report);
  /* AdwBin unparents its child in its own dispose: a bound root child
   * must be gone from it before the template drops its reference. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TD_TYPE_RESULT_PAGE);

  G_OBJECT_CLASS (td_result_page_parent_class)->dispose (object);
}

static void
td_result_page_finalize (GObject *object)
{
  TdResultPage *self = TD_RESULT_PAGE (object);

  g_free (self->helpdesk_url);
  g_free (self->helpdesk_reference);
  g_free (self->fix_action);

  G_OBJECT_CLASS (td_result_page_parent_class)->finalize (object);
}

static void
td_result_page_class_init (TdResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_result_page_dispose;
  object_class->finalize = td_result_page_finalize;

  /* Carries toasts up to the window's AdwToastOverlay. */
  signals[SIGNAL_ADD_TOAST] = g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_install_action (widget_class, "result.send", NULL, send_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, remedy_group);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, remedy_list);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, helpdesk_group);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, helpdesk_row);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, send_stack);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, send_spinner);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, redact_switch);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, again_button);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, checks_row);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, copy_row);
  gtk_widget_class_bind_template_child (widget_class, TdResultPage, export_row);
}

static void
td_result_page_init (TdResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.send", FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Send the report to the help desk"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sending"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->redact_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hide my addresses and computer name"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->again_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run the checks again"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->checks_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show the checks"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy a summary of the report"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->export_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export the report to a file"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->code_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Verdict code"),
                                  -1);
}

GtkWidget *
td_result_page_new (void)
{
  return g_object_new (TD_TYPE_RESULT_PAGE, NULL);
}

void
td_result_page_set_report (TdResultPage *self,
                           TdReport     *report)
{
  g_return_if_fail (TD_IS_RESULT_PAGE (self));
  g_return_if_fail (TD_IS_REPORT (report));

  /* A new report: whatever was in flight belonged to the old one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->fix_running = FALSE;
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->confirm_dialog));
  g_clear_pointer (&self->helpdesk_reference, g_free);

  g_set_object (&self->report, report);
  show_verdict (self);
  show_remedies (self);

  /* The re-check after a Fix it: say whether it helped (the backend
   * judges), and say it loudly when it did not. */
  if (self->fix_action != NULL && !td_report_is_from_file (report) &&
      td_report_get_verdict (report) != NULL)
    {
      gboolean helped = FALSE;
      g_autofree char *outcome = td_knowledge_describe_fix_outcome (self->fix_action,
                                                                     td_report_get_verdict (report),
                                                                     &helped);

      if (helped)
        add_toast (self, outcome);
      else
        show_error_dialog (self, _("The Fix Did Not Help"), outcome);
    }
  g_clear_pointer (&self->fix_action, g_free);

  /* Running again only makes sense for this computer. */
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), !td_report_is_from_file (report));
  set_sending (self, FALSE);
  update_helpdesk_row (self, NULL, FALSE);
}

TdReport *
td_result_page_get_report (TdResultPage *self)
{
  g_return_val_if_fail (TD_IS_RESULT_PAGE (self), NULL);

  return self->report;
}

void
td_result_page_set_helpdesk (TdResultPage *self,
                             const char   *url,
                             gboolean      redact)
{
  g_return_if_fail (TD_IS_RESULT_PAGE (self));

  g_free (self->helpdesk_url);
  self->helpdesk_url = url != NULL && *url != '\0' ? g_strdup (url) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->helpdesk_group), self->helpdesk_url != NULL);
  gtk_switch_set_active (self->redact_switch, redact);
  update_helpdesk_row (self, NULL, FALSE);
}

void
td_result_page_send_to_helpdesk (TdResultPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TD_IS_RESULT_PAGE (self));

  if (self->report == NULL || self->sending)
    return;
  if (!td_helpdesk_validate_url (self->helpdesk_url, &error))
    {
      update_helpdesk_row (self, error->message, TRUE);
      return;
    }

  set_sending (self, TRUE);
  update_helpdesk_row (self, _("Sending…"), FALSE);
  td_helpdesk_send_async (self->helpdesk_url, self->report,
                          gtk_switch_get_active (self->redact_switch), 0,
                          self->cancellable, helpdesk_sent_cb, g_object_ref (self));
}

GtkListBox *
td_result_page_get_remedy_list (TdResultPage *self)
{
  g_return_val_if_fail (TD_IS_RESULT_PAGE (self), NULL);

  return self->remedy_list;
}

AdwMessageDialog *
td_result_page_get_confirm_dialog (TdResultPage *self)
{
  g_return_val_if_fail (TD_IS_RESULT_PAGE (self), NULL);

  return self->confirm_dialog;
}

const char *
td_result_page_get_helpdesk_reference (TdResultPage *self)
{
  g_return_val_if_fail (TD_IS_RESULT_PAGE (self), NULL);

  return self->helpdesk_reference;
}
