/* td-check-row.h — one check of the checklist: live state, result, evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-check-result.h"

G_BEGIN_DECLS

#define TD_TYPE_CHECK_ROW (td_check_row_get_type ())
G_DECLARE_FINAL_TYPE (TdCheckRow, td_check_row, TD, CHECK_ROW, AdwExpanderRow)

GtkWidget     *td_check_row_new        (TdCheckResult *result);
TdCheckResult *td_check_row_get_result (TdCheckRow    *self);

/* How a status looks: a symbolic icon, a CSS class ("status-pass") and a
 * translated word ("Passed"). */
const char    *td_check_status_get_icon_name   (TdCheckStatus status);
const char    *td_check_status_get_css_class   (TdCheckStatus status);
const char    *td_check_status_get_label       (TdCheckStatus status);

G_END_DECLS
