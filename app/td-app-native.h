/* td-app-native.h — what both programs (GUI and CLI) need from the
 * operating system before they start (one file per OS, chosen by meson:
 * td-app-native-posix.c, windows/td-app-native-win32.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* First thing in main(), before GTK, GSettings or any pango/cairo text.
 * Windows: the app's own fonts when the system's cannot be used
 * (td-win32-fonts.h) and the registry GSettings backend. */
void  td_app_native_init      (void);
/* Where the message catalogs are: LOCALEDIR on Unix, share/locale of the
 * installation on Windows (found from the running program). */
char *td_app_native_localedir (void);
/* Once GTK is initialised (GApplication::startup), with its GtkSettings
 * (a gpointer: this header needs no GTK). */
void  td_app_native_startup   (gpointer gtk_settings);

G_END_DECLS
