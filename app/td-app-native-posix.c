/* td-app-native-posix.c — on Unix the programs need nothing before they
 * start; the catalogs are where meson installed them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-app-native.h"

void
td_app_native_init (void)
{
}

char *
td_app_native_localedir (void)
{
  return g_strdup (LOCALEDIR);
}

void
td_app_native_startup (gpointer gtk_settings)
{
}
