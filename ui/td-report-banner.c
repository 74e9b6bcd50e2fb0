/* td-report-banner.c — "this is a saved report from HOST, TIME" (or "collected
 * on HOST at TIME") above the pages of the report viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-report-banner.h"

#include <glib/gi18n.h>

struct _TdReportBanner
{
  AdwBin     parent_instance;

  GtkLabel  *label;
  GtkButton *close_button;
};

G_DEFINE_FINAL_TYPE (TdReportBanner, td_report_banner, ADW_TYPE_BIN)

static void
td_report_banner_dispose (GObject *object)
{
  /* AdwBin unparents its child in its own dispose: a bound root child
   * must be gone from it before the template drops its reference. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TD_TYPE_REPORT_BANNER);

  G_OBJECT_CLASS (td_report_banner_parent_class)->dispose (object);
}

static void
td_report_banner_class_init (TdReportBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_report_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-report-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, TdReportBanner, label);
  gtk_widget_class_bind_template_child (widget_class, TdReportBanner, close_button);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
td_report_banner_init (TdReportBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Close the report and go back to the start"),
                                  -1);
}

GtkWidget *
td_report_banner_new (void)
{
  return g_object_new (TD_TYPE_REPORT_BANNER, NULL);
}

void
td_report_banner_set_report (TdReportBanner *self,
                             TdReport       *report)
{
  GDateTime *started;
  const char *host;
  const TdReportOrigin *origin;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (TD_IS_REPORT_BANNER (self));
  g_return_if_fail (TD_IS_REPORT (report));

  started = td_report_get_started_at (report);
  if (started != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (started);
      /* Translators: date and time format of the report banner, see
       * g_date_time_format() */
      when = g_date_time_format (local, _("%Y-%m-%d %H:%M"));
    }

  host = td_report_get_hostname (report);
  origin = td_report_get_origin (report);
  if (origin != NULL)
    {
      /* Another computer's outputs, read here (help-desk mode). */
      const char *where = origin->computer != NULL && *origin->computer != '\0'
                          ? origin->computer : _("an unnamed computer");
      g_autofree char *first = NULL;

      if (g_strcmp0 (origin->from, "batch-file") == 0)
        /* Translators: a computer name, the date and time it printed (its
         * own format), then the date and time here */
        first = g_strdup_printf (_("Collected on %s at %s, opened here %s."), where,
                                 origin->collected_at != NULL ? origin->collected_at : _("an unknown time"),
                                 when != NULL ? when : "");
      else
        /* Translators: a computer name, then a date and time */
        first = g_strdup_printf (_("Pasted from %s, read here %s."), where, when != NULL ? when : "");
      text = g_strdup_printf ("%s %s%s", first,
                              _("Its fixes are for that computer: copy them there."),
                              origin->conclusive ? ""
                              : _(" The verdict is provisional: an output it depends on is missing."));
    }
  else if (host != NULL && *host != '\0' && when != NULL)
    /* Translators: first %s is a computer name, second a date and time */
    text = g_strdup_printf (_("Saved report from %s, made %s. Its fixes can be copied, not run."),
                            host, when);
  else if (when != NULL)
    text = g_strdup_printf (_("Saved report from an unnamed computer, made %s. "
                              "Its fixes can be copied, not run."), when);
  else
    text = g_strdup (_("Saved report. Its fixes can be copied, not run."));

  gtk_label_set_text (self->label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

const char *
td_report_banner_get_text (TdReportBanner *self)
{
  g_return_val_if_fail (TD_IS_REPORT_BANNER (self), NULL);

  return gtk_label_get_text (self->label);
}
