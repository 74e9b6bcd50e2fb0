/* td-checklist-page.c — the live checklist: one row per check, progress,
 * the OS client countdown and Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-checklist-page.h"

#include <glib/gi18n.h>

#include "td-check-row.h"

struct _TdChecklistPage
{
  AdwBin            parent_instance;

  TdRunner         *runner;
  GListModel       *model;
  TdChecklistState  state;
  guint             countdown;

  GtkLabel         *title_label;
  GtkLabel         *progress_label;
  GtkProgressBar   *progress_bar;
  GtkRevealer      *countdown_revealer;
  GtkLabel         *countdown_label;
  GtkListBox       *list_box;
  GtkButton        *cancel_button;
  GtkButton        *verdict_button;
  GtkButton        *again_button;
};

G_DEFINE_FINAL_TYPE (TdChecklistPage, td_checklist_page, ADW_TYPE_BIN)

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return td_check_row_new (TD_CHECK_RESULT (item));
}

static void
update_progress_label (TdChecklistPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  guint done = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TdCheckResult) result = g_list_model_get_item (self->model, i);

      if (td_check_status_is_final (td_check_result_get_status (result)))
        done++;
    }

  /* Translators: "3 of 12 checks done" */
  text = g_strdup_printf (ngettext ("%u of %u check done", "%u of %u checks done", n), done, n);
  gtk_label_set_text (self->progress_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
update_countdown (TdChecklistPage *self)
{
  guint left = self->state == TD_CHECKLIST_STATE_RUNNING ? self->countdown : 0;

  if (left > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("The Teredo client is still trying to qualify (“probe”). "
                                   "Waiting for it: %u second left.",
                                   "The Teredo client is still trying to qualify (“probe”). "
                                   "Waiting for it: %u seconds left.", left),
                         left);
      gtk_label_set_text (self->countdown_label, text);
    }
  gtk_revealer_set_reveal_child (self->countdown_revealer, left > 0);
}

static void
runner_progress_cb (TdChecklistPage *self)
{
  td_checklist_page_set_progress (self, td_runner_get_progress (self->runner));
}

static void
runner_countdown_cb (TdChecklistPage *self)
{
  td_checklist_page_set_countdown (self, td_runner_get_countdown (self->runner));
}

static void
items_changed_cb (TdChecklistPage *self)
{
  update_progress_label (self);
}

static void
set_model (TdChecklistPage *self,
           GListModel      *model)
{
  g_set_object (&self->model, model);
  gtk_list_box_bind_model (self->list_box, model, create_row_cb, NULL, NULL);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed",
                             G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  update_progress_label (self);
}

static void
disconnect_sources (TdChecklistPage *self)
{
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_object (&self->runner);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
}

static void
td_checklist_page_dispose (GObject *object)
{
  TdChecklistPage *self = TD_CHECKLIST_PAGE (object);

  disconnect_sources (self);
  /* AdwBin unparents its child in its own dispose: a bound root child
   * must be gone from it before the template drops its reference. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TD_TYPE_CHECKLIST_PAGE);

  G_OBJECT_CLASS (td_checklist_page_parent_class)->dispose (object);
}

static void
td_checklist_page_class_init (TdChecklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_checklist_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-checklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, countdown_revealer);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, verdict_button);
  gtk_widget_class_bind_template_child (widget_class, TdChecklistPage, again_button);
}

static void
td_checklist_page_init (TdChecklistPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel the checks"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("See the verdict"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->again_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run the checks again"),
                                  -1);
  td_checklist_page_set_state (self, TD_CHECKLIST_STATE_RUNNING);
}

GtkWidget *
td_checklist_page_new (void)
{
  return g_object_new (TD_TYPE_CHECKLIST_PAGE, NULL);
}

void
td_checklist_page_set_runner (TdChecklistPage *self,
                              TdRunner        *runner)
{
  g_return_if_fail (TD_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (TD_IS_RUNNER (runner));

  disconnect_sources (self);
  self->runner = g_object_ref (runner);
  g_signal_connect_object (runner, "notify::progress",
                           G_CALLBACK (runner_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::countdown",
                           G_CALLBACK (runner_countdown_cb), self, G_CONNECT_SWAPPED);
  set_model (self, td_runner_get_results (runner));
  td_checklist_page_set_progress (self, td_runner_get_progress (runner));
  td_checklist_page_set_countdown (self, td_runner_get_countdown (runner));
}

void
td_checklist_page_set_report (TdChecklistPage *self,
                              TdReport        *report)
{
  g_return_if_fail (TD_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (TD_IS_REPORT (report));

  td_checklist_page_set_results (self, td_report_get_checks (report));
  td_checklist_page_set_progress (self, 1.0);
  td_checklist_page_set_countdown (self, 0);
}

void
td_checklist_page_set_results (TdChecklistPage *self,
                               GListModel      *results)
{
  g_return_if_fail (TD_IS_CHECKLIST_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (results));

  disconnect_sources (self);
  set_model (self, results);
}

void
td_checklist_page_set_progress (TdChecklistPage *self,
                                double           fraction)
{
  g_return_if_fail (TD_IS_CHECKLIST_PAGE (self));

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  update_progress_label (self);
}

void
td_checklist_page_set_countdown (TdChecklistPage *self,
                                 guint            seconds)
{
  g_return_if_fail (TD_IS_CHECKLIST_PAGE (self));

  self->countdown = seconds;
  update_countdown (self);
}

void
td_checklist_page_set_state (TdChecklistPage  *self,
                             TdChecklistState  state)
{
  const char *title = NULL;
  gboolean running;

  g_return_if_fail (TD_IS_CHECKLIST_PAGE (self));

  self->state = state;
  running = state == TD_CHECKLIST_STATE_RUNNING;

  switch (state)
    {
    case TD_CHECKLIST_STATE_RUNNING:
      title = _("Checking Your Connection…");
      break;
    case TD_CHECKLIST_STATE_DONE:
      title = _("All Checks");
      break;
    case TD_CHECKLIST_STATE_CANCELLED:
      title = _("Checks Cancelled");
      break;
    case TD_CHECKLIST_STATE_FAILED:
      title = _("The Checks Could Not Finish");
      break;
    case TD_CHECKLIST_STATE_REPORT:
    default:
      title = _("Checks in This Report");
      break;
    }

  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_button),
                          state == TD_CHECKLIST_STATE_DONE || state == TD_CHECKLIST_STATE_REPORT);
  gtk_widget_set_visible (GTK_WIDGET (self->again_button),
                          state == TD_CHECKLIST_STATE_CANCELLED ||
                          state == TD_CHECKLIST_STATE_FAILED);
  update_countdown (self);
  update_progress_label (self);
}

TdChecklistState
td_checklist_page_get_state (TdChecklistPage *self)
{
  g_return_val_if_fail (TD_IS_CHECKLIST_PAGE (self), TD_CHECKLIST_STATE_RUNNING);

  return self->state;
}

GtkListBox *
td_checklist_page_get_list_box (TdChecklistPage *self)
{
  g_return_val_if_fail (TD_IS_CHECKLIST_PAGE (self), NULL);

  return self->list_box;
}
