/* td-host-native-posix.c — on Unix every platform can be collected live
 * (Windows and macOS through their commands, or fakes of them on PATH)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-host-native.h"

gboolean
td_host_native_can_collect_live (TdPlatform   platform,
                                 GError     **error)
{
  return TRUE;
}
