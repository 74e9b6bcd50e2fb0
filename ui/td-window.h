/* td-window.h — the wizard: welcome → checklist → result, and the report
 * viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-checklist-page.h"
#include "td-report-writer.h"
#include "td-report.h"
#include "td-result-page.h"
#include "td-runner.h"
#include "td-welcome-page.h"

G_BEGIN_DECLS

#define TD_TYPE_WINDOW (td_window_get_type ())
G_DECLARE_FINAL_TYPE (TdWindow, td_window, TD, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). */
TdWindow        *td_window_new              (GtkApplication *application);

/* "welcome", "checklist" or "result". */
const char      *td_window_get_page_name    (TdWindow       *self);
gboolean         td_window_is_running       (TdWindow       *self);
/* Starts the checks (what "Check my connection" does).  Before the run the
 * "runner-created" signal lets the caller adjust the TdRunner. */
void             td_window_start_check      (TdWindow       *self);
void             td_window_cancel           (TdWindow       *self);
/* Shows a report: a live one on the result page, or one loaded from a file
 * in the viewer (banner, fixes never run). */
void             td_window_show_report      (TdWindow       *self,
                                             TdReport       *report);
/* Loads @file (td_report_load_from_file) and shows it; on failure shows
 * the reason in a dialog and returns FALSE with it. */
gboolean         td_window_open_file        (TdWindow       *self,
                                             GFile          *file,
                                             GError        **error);
void             td_window_close_report     (TdWindow       *self);
TdReport        *td_window_get_report       (TdWindow       *self);
gboolean         td_window_is_viewing_file  (TdWindow       *self);
/* The server the OS Teredo client uses, for the welcome page. */
void             td_window_set_os_server    (TdWindow       *self,
                                             const char     *server);
/* What Export writes and Copy summary copies. */
gboolean         td_window_export_to_file   (TdWindow       *self,
                                             GFile          *file,
                                             TdReportFormat  format,
                                             gboolean        redact,
                                             GError        **error);
char            *td_window_dup_summary      (TdWindow       *self);

TdWelcomePage   *td_window_get_welcome_page   (TdWindow *self);
TdChecklistPage *td_window_get_checklist_page (TdWindow *self);
TdResultPage    *td_window_get_result_page    (TdWindow *self);
GtkWidget       *td_window_get_report_banner  (TdWindow *self);

G_END_DECLS
