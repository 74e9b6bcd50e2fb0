/* td-console-native-posix.c — consoles print UTF-8 here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-console-native.h"

char *
td_console_native_codepage (void)
{
  return NULL;
}
