/* td-checklist-page.h — the live checklist: one row per check, progress,
 * the OS client countdown and Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-report.h"
#include "td-runner.h"

G_BEGIN_DECLS

typedef enum {
  TD_CHECKLIST_STATE_RUNNING,
  TD_CHECKLIST_STATE_DONE,
  TD_CHECKLIST_STATE_CANCELLED,
  TD_CHECKLIST_STATE_FAILED,     /* the run could not complete */
  TD_CHECKLIST_STATE_REPORT,     /* a report opened from a file */
} TdChecklistState;

#define TD_TYPE_CHECKLIST_PAGE (td_checklist_page_get_type ())
G_DECLARE_FINAL_TYPE (TdChecklistPage, td_checklist_page, TD, CHECKLIST_PAGE, AdwBin)

GtkWidget        *td_checklist_page_new        (void);
/* Shows the runner's live results, progress and countdown. */
void              td_checklist_page_set_runner (TdChecklistPage  *self,
                                                TdRunner         *runner);
/* Shows the (final) checks of a report. */
void              td_checklist_page_set_report (TdChecklistPage  *self,
                                                TdReport         *report);
/* Any model of TdCheckResult, with progress and countdown given by hand
 * (what set_runner and set_report do for you). */
void              td_checklist_page_set_results   (TdChecklistPage *self,
                                                   GListModel      *results);
void              td_checklist_page_set_progress  (TdChecklistPage *self,
                                                   double           fraction);
void              td_checklist_page_set_countdown (TdChecklistPage *self,
                                                   guint            seconds);
void              td_checklist_page_set_state  (TdChecklistPage  *self,
                                                TdChecklistState  state);
TdChecklistState  td_checklist_page_get_state  (TdChecklistPage  *self);
/* The rows' list box (for tests and keyboard focus). */
GtkListBox       *td_checklist_page_get_list_box (TdChecklistPage *self);

G_END_DECLS
