/* main.c — teredo-doctor: the GTK 4 / libadwaita wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "td-app-native.h"
#include "td-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TdApplication) app = NULL;
  g_autofree char *localedir = NULL;

  /* First, before GTK: on Windows the fonts and the settings backend. */
  td_app_native_init ();
  localedir = td_app_native_localedir ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = td_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
