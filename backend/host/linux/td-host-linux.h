/* td-host-linux.h — the Linux host collector (/proc, sysctls, miredo,
 * netfilter), looked up by the dispatcher
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-host-collector.h"

G_BEGIN_DECLS

extern const TdHostPlatform td_host_platform_linux;

/* miredo: binary, configuration, process in this network namespace, tunnel
 * address → host->client (td-host-linux-miredo.c).  Needs host->addresses. */
void td_host_linux_collect_miredo (TdHost             *host,
                                   const char * const *sbin_dirs);

G_END_DECLS
