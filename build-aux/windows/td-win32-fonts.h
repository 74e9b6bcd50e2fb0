/* td-win32-fonts.h — text that renders on Windows and under Wine with the
 * fonts shipped in the app's own folder.  See td-win32-fonts.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call first thing in main(), before gtk_init(), adw_init(),
 * g_application_run() or any pango/cairo text call (the CLI's PDF export
 * too).  Returns TRUE when the app's own fonts (share/fonts, via
 * fontconfig) are used, FALSE when the system's fonts are (pangowin32) or
 * when not on Windows. */
gboolean td_win32_fonts_init (void);

/* Call once GTK is initialised (GApplication::startup).  When the app's
 * fonts are used it sets GtkSettings:gtk-font-name, since GDK's Windows
 * backend otherwise hands GTK the system font name, which does not exist
 * for fontconfig.  Does nothing otherwise.  Takes a GtkSettings* as a
 * gpointer so this header needs no GTK. */
void td_win32_fonts_apply_settings (gpointer gtk_settings);

/* The font GTK should use when the app's fonts are in use. */
#define TD_WIN32_APP_FONT "Cantarell 11"

G_END_DECLS
