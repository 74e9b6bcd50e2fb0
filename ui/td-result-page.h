/* td-result-page.h — the verdict, what to do, and what to do with the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-report.h"

G_BEGIN_DECLS

#define TD_TYPE_RESULT_PAGE (td_result_page_get_type ())
G_DECLARE_FINAL_TYPE (TdResultPage, td_result_page, TD, RESULT_PAGE, AdwBin)

GtkWidget        *td_result_page_new                (void);
void              td_result_page_set_report         (TdResultPage *self,
                                                     TdReport     *report);
TdReport         *td_result_page_get_report         (TdResultPage *self);
/* Where "Send to help desk" posts (NULL/"" hides it), and whether the
 * report is redacted unless the user opts out. */
void              td_result_page_set_helpdesk       (TdResultPage *self,
                                                     const char   *url,
                                                     gboolean      redact);
/* For tests: the fix steps' list, the open confirmation dialog (or NULL),
 * the help-desk reference shown (or NULL). */
GtkListBox       *td_result_page_get_remedy_list    (TdResultPage *self);
AdwMessageDialog *td_result_page_get_confirm_dialog (TdResultPage *self);
const char       *td_result_page_get_helpdesk_reference (TdResultPage *self);
/* Starts the help-desk POST as the Send button does. */
void              td_result_page_send_to_helpdesk   (TdResultPage *self);

G_END_DECLS
