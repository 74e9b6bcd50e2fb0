/* td-host-windows.h — the Windows host collector (netsh, ipconfig, sc, reg),
 * looked up by the dispatcher; it runs wherever its commands are found, so
 * the tests replay real Windows outputs through fake commands on Linux
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-host-collector.h"

G_BEGIN_DECLS

extern const TdHostPlatform td_host_platform_windows;

/* Every command the collector may run (argv vectors, NULL-terminated list,
 * static): what a help-desk collection must capture. */
const char * const * const *td_host_windows_get_commands (void);

G_END_DECLS
