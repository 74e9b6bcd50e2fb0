/* td-remedy-row.c — one fix step: what to do, the exact command, Copy and
 * (where the backend can run it) Fix It
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-remedy-row.h"

#include <glib/gi18n.h>

struct _TdRemedyRow
{
  GtkListBoxRow  parent_instance;

  TdRemedy      *remedy;
  char          *command_line;
  gboolean       fix_available;

  GtkLabel      *number_label;
  GtkLabel      *title_label;
  GtkLabel      *description_label;
  GtkBox        *command_box;
  GtkLabel      *command_label;
  GtkButton     *copy_button;
  GtkLabel      *notes_label;
  GtkButton     *fix_button;
};

G_DEFINE_FINAL_TYPE (TdRemedyRow, td_remedy_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_COPY,
  SIGNAL_FIX,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_COPY], 0);
}

static void
fix_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TdRemedyRow *self = TD_REMEDY_ROW (widget);

  if (self->fix_available)
    g_signal_emit (widget, signals[SIGNAL_FIX], 0);
}

static void
td_remedy_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TD_TYPE_REMEDY_ROW);

  G_OBJECT_CLASS (td_remedy_row_parent_class)->dispose (object);
}

static void
td_remedy_row_finalize (GObject *object)
{
  TdRemedyRow *self = TD_REMEDY_ROW (object);

  g_clear_pointer (&self->remedy, td_remedy_free);
  g_free (self->command_line);

  G_OBJECT_CLASS (td_remedy_row_parent_class)->finalize (object);
}

static void
td_remedy_row_class_init (TdRemedyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_remedy_row_dispose;
  object_class->finalize = td_remedy_row_finalize;

  /* Emitted upwards; the result page copies the command / confirms and
   * runs the fix, so that rows never reach into the window. */
  signals[SIGNAL_COPY] = g_signal_new ("copy", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FIX] = g_signal_new ("fix", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "remedy.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "remedy.fix", NULL, fix_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-remedy-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, description_label);
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, command_box);
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, command_label);
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, TdRemedyRow, fix_button);
}

static void
td_remedy_row_init (TdRemedyRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->command_line = g_strdup ("");
}

GtkWidget *
td_remedy_row_new (const TdRemedy *remedy,
                   guint           number)
{
  TdRemedyRow *self;
  g_autofree char *number_text = NULL;
  g_autofree char *copy_name = NULL;
  g_autofree char *fix_name = NULL;
  g_autofree char *row_name = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);

  g_return_val_if_fail (remedy != NULL, NULL);

  self = g_object_new (TD_TYPE_REMEDY_ROW, NULL);
  self->remedy = td_remedy_copy (remedy);

  number_text = g_strdup_printf ("%u", number);
  gtk_label_set_text (self->number_label, number_text);
  gtk_label_set_text (self->title_label, remedy->title != NULL ? remedy->title : "");
  if (remedy->description != NULL && *remedy->description != '\0')
    {
      gtk_label_set_text (self->description_label, remedy->description);
      gtk_widget_set_visible (GTK_WIDGET (self->description_label), TRUE);
    }

  if (remedy->argv != NULL && remedy->argv[0] != NULL)
    {
      g_free (self->command_line);
      self->command_line = td_remedy_command_line (remedy);
      gtk_label_set_text (self->command_label, self->command_line);
      gtk_widget_set_visible (GTK_WIDGET (self->command_box), TRUE);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remedy.copy", *self->command_line != '\0');

  if (remedy->needs_admin)
    g_string_append (notes, _("Needs administrator rights."));
  if (remedy->needs_reboot)
    {
      if (notes->len > 0)
        g_string_append_c (notes, ' ');
      g_string_append (notes, _("Restart the computer afterwards."));
    }
  if (notes->len > 0)
    {
      gtk_label_set_text (self->notes_label, notes->str);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), TRUE);
    }

  /* Icon-only and repeated buttons need names that say which step. */
  copy_name = g_strdup_printf (_("Copy the command of step %u: %s"), number,
                               remedy->title != NULL ? remedy->title : "");
  fix_name = g_strdup_printf (_("Fix it: %s"), remedy->title != NULL ? remedy->title : "");
  row_name = g_strdup_printf (_("Step %u: %s"), number, remedy->title != NULL ? remedy->title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fix_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fix_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->command_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Command"), -1);

  td_remedy_row_set_fix_available (self, FALSE);
  return GTK_WIDGET (self);
}

const TdRemedy *
td_remedy_row_get_remedy (TdRemedyRow *self)
{
  g_return_val_if_fail (TD_IS_REMEDY_ROW (self), NULL);

  return self->remedy;
}

void
td_remedy_row_set_fix_available (TdRemedyRow *self,
                                 gboolean     available)
{
  g_return_if_fail (TD_IS_REMEDY_ROW (self));

  self->fix_available = available;
  gtk_widget_set_visible (GTK_WIDGET (self->fix_button), available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "remedy.fix", available);
}

gboolean
td_remedy_row_get_fix_available (TdRemedyRow *self)
{
  g_return_val_if_fail (TD_IS_REMEDY_ROW (self), FALSE);

  return self->fix_available;
}

const char *
td_remedy_row_get_command_line (TdRemedyRow *self)
{
  g_return_val_if_fail (TD_IS_REMEDY_ROW (self), NULL);

  return self->command_line;
}

GtkWidget *
td_remedy_row_get_fix_button (TdRemedyRow *self)
{
  g_return_val_if_fail (TD_IS_REMEDY_ROW (self), NULL);

  return GTK_WIDGET (self->fix_button);
}

GtkWidget *
td_remedy_row_get_copy_button (TdRemedyRow *self)
{
  g_return_val_if_fail (TD_IS_REMEDY_ROW (self), NULL);

  return GTK_WIDGET (self->copy_button);
}
