/* td-test-report.h — the realistic report the report and redaction tests
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-report.h"

G_BEGIN_DECLS

/* tests/data/reports/@name */
char     *td_test_report_data_path (const char *name);
/* The Windows laptop of tests/data/reports/host-windows-managed.json: the
 * OS client is offline on a managed (domain) network while our own probe
 * qualifies; twelve checks with evidence and remedies, a fixed start time
 * and fixed durations so that renderings are byte-for-byte stable. */
TdReport *td_test_report_new       (void);

G_END_DECLS
