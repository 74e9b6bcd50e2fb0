/* td-host-macos.h — the macOS host collector (ifconfig, netstat, the
 * Application Firewall, pf), looked up by the dispatcher
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-host-collector.h"

G_BEGIN_DECLS

extern const TdHostPlatform td_host_platform_macos;

G_END_DECLS
