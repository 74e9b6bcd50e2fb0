/* td-console-native-win32.c — the console's OEM code page (GetOEMCP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <windows.h>

#include "td-console-native.h"

char *
td_console_native_codepage (void)
{
  return g_strdup_printf ("%u", GetOEMCP ());
}
