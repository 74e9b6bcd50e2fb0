/* td-check-row.c — one check of the checklist: live state, result, evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-check-row.h"

#include <glib/gi18n.h>

/* Evidence can be megabytes of command output: the row shows the start, the
 * exported report keeps all of it. */
#define MAX_EVIDENCE_CHARS 6000

struct _TdCheckRow
{
  AdwExpanderRow  parent_instance;

  TdCheckResult  *result;
  gulong          notify_id;

  GtkStack       *state_stack;
  GtkImage       *status_image;
  GtkSpinner     *spinner;
  GtkLabel       *status_label;
  GtkLabel       *details_label;
  GtkBox         *evidence_box;

  const char     *css_class;   /* the status class currently on the row */
};

G_DEFINE_FINAL_TYPE (TdCheckRow, td_check_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_RESULT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

const char *
td_check_status_get_icon_name (TdCheckStatus status)
{
  switch (status)
    {
    case TD_CHECK_STATUS_PASS:
      return "emblem-ok-symbolic";
    case TD_CHECK_STATUS_WARN:
      return "dialog-warning-symbolic";
    case TD_CHECK_STATUS_FAIL:
      return "dialog-error-symbolic";
    case TD_CHECK_STATUS_SKIP:
      return "action-unavailable-symbolic";
    case TD_CHECK_STATUS_INFO:
      return "dialog-information-symbolic";
    case TD_CHECK_STATUS_CANCELLED:
      return "process-stop-symbolic";
    case TD_CHECK_STATUS_RUNNING:
      return "content-loading-symbolic";
    case TD_CHECK_STATUS_WAITING:
    default:
      return "media-record-symbolic";
    }
}

const char *
td_check_status_get_css_class (TdCheckStatus status)
{
  switch (status)
    {
    case TD_CHECK_STATUS_PASS:
      return "status-pass";
    case TD_CHECK_STATUS_WARN:
      return "status-warn";
    case TD_CHECK_STATUS_FAIL:
      return "status-fail";
    case TD_CHECK_STATUS_SKIP:
      return "status-skip";
    case TD_CHECK_STATUS_INFO:
      return "status-info";
    case TD_CHECK_STATUS_CANCELLED:
      return "status-cancelled";
    case TD_CHECK_STATUS_RUNNING:
      return "status-running";
    case TD_CHECK_STATUS_WAITING:
    default:
      return "status-waiting";
    }
}

const char *
td_check_status_get_label (TdCheckStatus status)
{
  switch (status)
    {
    case TD_CHECK_STATUS_PASS:
      /* Translators: the state of one check in the checklist */
      return C_("check status", "Passed");
    case TD_CHECK_STATUS_WARN:
      return C_("check status", "Warning");
    case TD_CHECK_STATUS_FAIL:
      return C_("check status", "Failed");
    case TD_CHECK_STATUS_SKIP:
      return C_("check status", "Skipped");
    case TD_CHECK_STATUS_INFO:
      return C_("check status", "Info");
    case TD_CHECK_STATUS_CANCELLED:
      return C_("check status", "Cancelled");
    case TD_CHECK_STATUS_RUNNING:
      return C_("check status", "Running");
    case TD_CHECK_STATUS_WAITING:
    default:
      return C_("check status", "Waiting");
    }
}

static void
clear_evidence (TdCheckRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->evidence_box))) != NULL)
    gtk_box_remove (self->evidence_box, child);
}

static GtkWidget *
create_evidence_view (const TdEvidence *evidence)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_label_new (evidence->label);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *text;
  g_autofree char *shown = NULL;
  const char *body = evidence->text != NULL ? evidence->text : "";

  if (g_utf8_strlen (body, -1) > MAX_EVIDENCE_CHARS)
    {
      g_autofree char *start = g_utf8_substring (body, 0, MAX_EVIDENCE_CHARS);
      shown = g_strdup_printf ("%s\n%s", start,
                               _("… (shortened here; an exported report holds all of it)"));
    }
  else
    shown = g_strdup (*body != '\0' ? body : _("(no output)"));

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (heading), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (heading, "caption-heading");

  text = gtk_label_new (shown);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_yalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (text, "evidence-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, evidence->label,
                                  -1);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text);
  gtk_widget_add_css_class (scrolled, "evidence");

  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static void
update_details (TdCheckRow *self)
{
  const char *details = td_check_result_get_details (self->result);
  GPtrArray *evidence = td_check_result_get_evidence (self->result);
  gboolean has_details = details != NULL && *details != '\0';
  guint n_evidence = evidence != NULL ? evidence->len : 0;

  gtk_label_set_text (self->details_label, has_details ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), has_details);

  clear_evidence (self);
  for (guint i = 0; i < n_evidence; i++)
    gtk_box_append (self->evidence_box, create_evidence_view (g_ptr_array_index (evidence, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_box), n_evidence > 0);

  /* libadwaita expands a row when expansion gets enabled: keep it folded,
   * the one-line result is what most people need. */
  if ((has_details || n_evidence > 0) != adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)))
    {
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), has_details || n_evidence > 0);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), FALSE);
    }
}

static void
update (TdCheckRow *self,
        gboolean    with_details)
{
  TdCheckStatus status = td_check_result_get_status (self->result);
  const char *summary = td_check_result_get_summary (self->result);
  guint countdown = td_check_result_get_countdown (self->result);
  const char *status_text = td_check_status_get_label (status);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  gboolean running = status == TD_CHECK_STATUS_RUNNING;

  if (running && countdown > 0)
    /* Translators: %s is what the check is doing, %u the seconds left */
    subtitle = g_strdup_printf (ngettext ("%s (%u second left)", "%s (%u seconds left)", countdown),
                                summary != NULL && *summary != '\0'
                                  ? summary : _("Waiting for the Teredo client"),
                                countdown);
  else if (summary != NULL && *summary != '\0')
    subtitle = g_strdup (summary);
  else if (running)
    subtitle = g_strdup (_("Checking…"));
  else
    subtitle = g_strdup ("");

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  gtk_stack_set_visible_child_name (self->state_stack, running ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_image_set_from_icon_name (self->status_image, td_check_status_get_icon_name (status));
  gtk_label_set_text (self->status_label, status_text);

  if (self->css_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->css_class);
  self->css_class = td_check_status_get_css_class (status);
  gtk_widget_add_css_class (GTK_WIDGET (self), self->css_class);

  /* Details and evidence are complete once the check has its outcome. */
  if (with_details)
    update_details (self);

  /* Translators: accessible description of a checklist row:
   * "<check title>: <status>. <one-line result>" */
  accessible = g_strdup_printf (_("%s: %s. %s"),
                                td_check_result_get_title (self->result),
                                status_text, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status_text,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status_text,
                                  -1);
}

static void
result_notify_cb (TdCheckRow *self,
                  GParamSpec *pspec,
                  GObject    *result)
{
  const char *name = g_param_spec_get_name (pspec);

  /* Rebuilding the evidence views is the costly part: only when it can
   * have changed. */
  update (self, g_str_equal (name, "status") || g_str_equal (name, "details"));
}

static void
set_result (TdCheckRow    *self,
            TdCheckResult *result)
{
  g_assert (self->result == NULL);

  self->result = g_object_ref (result);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), td_check_result_get_title (result));
  gtk_widget_set_name (GTK_WIDGET (self), td_check_result_get_id (result));
  self->notify_id = g_signal_connect_object (result, "notify",
                                             G_CALLBACK (result_notify_cb), self,
                                             G_CONNECT_SWAPPED);
  update (self, TRUE);
}

static void
td_check_row_dispose (GObject *object)
{
  TdCheckRow *self = TD_CHECK_ROW (object);

  if (self->result != NULL)
    g_clear_signal_handler (&self->notify_id, self->result);
  g_clear_object (&self->result);
  gtk_widget_dispose_template (GTK_WIDGET (self), TD_TYPE_CHECK_ROW);

  G_OBJECT_CLASS (td_check_row_parent_class)->dispose (object);
}

static void
td_check_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TdCheckRow *self = TD_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_check_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TdCheckRow *self = TD_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      set_result (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_check_row_class_init (TdCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_check_row_dispose;
  object_class->get_property = td_check_row_get_property;
  object_class->set_property = td_check_row_set_property;

  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL, TD_TYPE_CHECK_RESULT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-check-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TdCheckRow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, TdCheckRow, status_image);
  gtk_widget_class_bind_template_child (widget_class, TdCheckRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, TdCheckRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, TdCheckRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, TdCheckRow, evidence_box);
}

static void
td_check_row_init (TdCheckRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
td_check_row_new (TdCheckResult *result)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (result), NULL);

  return g_object_new (TD_TYPE_CHECK_ROW, "result", result, NULL);
}

TdCheckResult *
td_check_row_get_result (TdCheckRow *self)
{
  g_return_val_if_fail (TD_IS_CHECK_ROW (self), NULL);

  return self->result;
}
