/* td-ui.c — set-up shared by the application and the ui tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-ui.h"

#include "td-check-row.h"
#include "td-checklist-page.h"
#include "td-preferences-window.h"
#include "td-remedy-row.h"
#include "td-report-banner.h"
#include "td-result-page.h"
#include "td-welcome-page.h"
#include "td-window.h"

void
td_ui_init (void)
{
  static gsize initialized = 0;
  GdkDisplay *display;
  GApplication *app;

  if (!g_once_init_enter (&initialized))
    return;

  g_type_ensure (TD_TYPE_CHECK_ROW);
  g_type_ensure (TD_TYPE_CHECKLIST_PAGE);
  g_type_ensure (TD_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (TD_TYPE_REMEDY_ROW);
  g_type_ensure (TD_TYPE_REPORT_BANNER);
  g_type_ensure (TD_TYPE_RESULT_PAGE);
  g_type_ensure (TD_TYPE_WELCOME_PAGE);
  g_type_ensure (TD_TYPE_WINDOW);

  display = gdk_display_get_default ();
  app = g_application_get_default ();

  /* AdwApplication loads <resource base>/style.css and GtkApplication adds
   * <resource base>/icons to the icon theme, but only for our own id. */
  if (display != NULL &&
      (app == NULL || g_strcmp0 (g_application_get_application_id (app), APP_ID) != 0))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                        RESOURCE_PATH "/icons");
    }

  g_once_init_leave (&initialized, 1);
}
