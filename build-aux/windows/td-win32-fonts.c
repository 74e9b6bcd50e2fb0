/* td-win32-fonts.c — text that renders on Windows and under Wine with the
 * fonts shipped in the app's own folder.
 *
 * Why: Pango 1.50's Windows font map (pangowin32) knows only the fonts of
 * DirectWrite's *system* font collection.  Fonts an app registers for
 * itself (AddFontResourceExW(…, FR_PRIVATE)) never show up there, and
 * under Wine without Windows fonts the system UI font ("MS Shell Dlg" ->
 * Tahoma) is not in the collection either: GDK then builds its font name
 * from a NULL description (`pango_font_description_get_family: assertion
 * 'desc != NULL' failed`) and every glyph is an empty box.
 *
 * What: if the system UI font cannot be resolved by DirectWrite, switch
 * pangocairo to its fontconfig/FreeType backend (PANGOCAIRO_BACKEND=fc)
 * pointed at <install>/etc/fonts/fonts.conf, which lists
 * <install>/share/fonts (Cantarell, DejaVu) first.  On a normal Windows,
 * where "Segoe UI" resolves, nothing changes and the native backend stays.
 * PANGOCAIRO_BACKEND set by the user always wins.
 *
 * Needs pango built with fontconfig+freetype and cairo with ft+fc (as
 * build-aux/windows/deps.sh does), and stage.sh's share/fonts and
 * etc/fonts/fonts.conf.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "td-win32-fonts.h"

#ifdef G_OS_WIN32

#include <pango/pangowin32.h>   /* first: it defines STRICT, then includes windows.h */
#include <glib-object.h>

static gboolean td_app_fonts_in_use;

/* TRUE when DirectWrite resolves the system UI font to a named family. */
static gboolean
system_ui_font_resolves (void)
{
  NONCLIENTMETRICSW ncm = { 0 };
  PangoFontDescription *desc;
  const char *family;
  gboolean ok;

  ncm.cbSize = sizeof ncm;
  if (!SystemParametersInfoW (SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0))
    return FALSE;
  desc = pango_win32_font_description_from_logfontw (&ncm.lfMessageFont);
  if (desc == NULL)
    return FALSE;
  family = pango_font_description_get_family (desc);
  ok = family != NULL && *family != '\0';
  pango_font_description_free (desc);
  return ok;
}

gboolean
td_win32_fonts_init (void)
{
  char *root, *conf_dir, *conf;
  const char *backend = g_getenv ("PANGOCAIRO_BACKEND");

  td_app_fonts_in_use = FALSE;
  if (backend != NULL && *backend != '\0')
    {
      td_app_fonts_in_use = g_str_equal (backend, "fc") ||
                            g_str_equal (backend, "fontconfig");
      return td_app_fonts_in_use;
    }
  if (system_ui_font_resolves ())
    return FALSE;

  /* <install>/bin/app.exe -> <install>/etc/fonts/fonts.conf */
  root = g_win32_get_package_installation_directory_of_module (NULL);
  conf_dir = g_build_filename (root, "etc", "fonts", NULL);
  conf = g_build_filename (conf_dir, "fonts.conf", NULL);
  if (g_file_test (conf, G_FILE_TEST_IS_REGULAR))
    {
      /* Our configuration, always: a FONTCONFIG_FILE inherited from
       * elsewhere (under Wine: the Unix one) would hide share/fonts. */
      g_setenv ("FONTCONFIG_FILE", conf, TRUE);
      g_setenv ("FONTCONFIG_PATH", conf_dir, TRUE);
      g_setenv ("PANGOCAIRO_BACKEND", "fc", TRUE);
      td_app_fonts_in_use = TRUE;
    }
  g_free (conf);
  g_free (conf_dir);
  g_free (root);
  return td_app_fonts_in_use;
}

void
td_win32_fonts_apply_settings (gpointer gtk_settings)
{
  if (td_app_fonts_in_use && gtk_settings != NULL)
    g_object_set (gtk_settings, "gtk-font-name", TD_WIN32_APP_FONT, NULL);
}

#else /* !G_OS_WIN32 */

gboolean
td_win32_fonts_init (void)
{
  return FALSE;
}

void
td_win32_fonts_apply_settings (gpointer gtk_settings)
{
  (void) gtk_settings;
}

#endif
