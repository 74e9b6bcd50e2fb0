/* td-host-native-win32.c — on Windows a live Linux collection has nothing
 * to read (no /proc): it fails instead of describing an empty machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-error.h"
#include "td-host-native.h"

gboolean
td_host_native_can_collect_live (TdPlatform   platform,
                                 GError     **error)
{
  const char *root = g_getenv ("TD_PROC_ROOT");

  /* A fake /proc tree (TD_PROC_ROOT, the unit tests) is read as anywhere. */
  if (platform != TD_PLATFORM_LINUX || (root != NULL && *root != '\0'))
    return TRUE;
  g_set_error_literal (error, TD_ERROR, TD_ERROR_NOT_SUPPORTED,
                       _("Linux host inspection runs on Linux"));
  return FALSE;
}
