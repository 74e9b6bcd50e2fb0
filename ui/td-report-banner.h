/* td-report-banner.h — "this is a saved report from HOST, TIME" above the
 * pages of the report viewer (AdwBanner only arrives in libadwaita 1.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-report.h"

G_BEGIN_DECLS

#define TD_TYPE_REPORT_BANNER (td_report_banner_get_type ())
G_DECLARE_FINAL_TYPE (TdReportBanner, td_report_banner, TD, REPORT_BANNER, AdwBin)

GtkWidget  *td_report_banner_new       (void);
void        td_report_banner_set_report (TdReportBanner *self,
                                         TdReport       *report);
/* The sentence shown ("Saved report from pc-42, 26/11/2026 11:05"). */
const char *td_report_banner_get_text  (TdReportBanner *self);

G_END_DECLS
