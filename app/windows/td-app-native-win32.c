/* td-app-native-win32.c — the programs on Windows: their fonts, settings
 * and translations from the installation folder, wherever it was put
 *
 * The installation is bin/ (the programs) beside share/ (schemas, icons,
 * locale, fonts) and etc/; config.h's LOCALEDIR is a Unix path that means
 * nothing here.  GLib already looks for data (GSettings schemas, icons) in
 * share/ beside bin/ (g_get_system_data_dirs()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-app-native.h"
#include "td-win32-fonts.h"

void
td_app_native_init (void)
{
  td_win32_fonts_init ();
  /* Settings live in the registry (HKCU\Software\GSettings); never a
   * backend that happened to be found among GIO's modules.  An explicit
   * GSETTINGS_BACKEND (the tests' "memory") still wins. */
  g_setenv ("GSETTINGS_BACKEND", "registry", FALSE);
}

char *
td_app_native_localedir (void)
{
  g_autofree char *root = g_win32_get_package_installation_directory_of_module (NULL);

  return g_build_filename (root, "share", "locale", NULL);
}

void
td_app_native_startup (gpointer gtk_settings)
{
  td_win32_fonts_apply_settings (gtk_settings);
}
