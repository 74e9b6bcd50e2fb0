/* td-diagnosis.h — from facts to findings to one verdict
 *
 * Pure policy: the same facts always give the same verdict, so a report
 * opened later is judged exactly as it was when it was made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-host.h"
#include "td-probe-result.h"
#include "td-check-result.h"
#include "td-verdict.h"

G_BEGIN_DECLS

/* @host, @probe and @ipv6_http may be NULL (not collected / not run). */
TdVerdict *td_diagnose (TdPlatform     platform,
                        TdHost        *host,
                        TdProbeResult *probe,
                        TdCheckResult *ipv6_http);

/* TRUE when @host has a usable native (not Teredo/6to4) global address. */
gboolean   td_diagnosis_has_native_global (TdHost *host);

G_END_DECLS
