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
/* Loads @file without blocking (td_report_load_from_file_async) and shows
 * it; on failure shows the reason in a dialog and finishes with it.  The
 * latest request wins: opening another file, starting the checks, showing
 * another report or closing the window cancels a pending open, which then
 * finishes with G_IO_ERROR_CANCELLED and shows nothing.  While the checks
 * run: G_IO_ERROR_BUSY. */
void             td_window_open_file_async  (TdWindow            *self,
                                             GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean         td_window_open_file_finish (TdWindow            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* TRUE while a file is being opened. */
gboolean         td_window_is_opening       (TdWindow       *self);
void             td_window_close_report     (TdWindow       *self);
TdReport        *td_window_get_report       (TdWindow       *self);
gboolean         td_window_is_viewing_file  (TdWindow       *self);
/* The server the OS Teredo client uses, for the welcome page. */
void             td_window_set_os_server    (TdWindow       *self,
                                             const char     *server);
/* What Export writes, without blocking (td_report_export_async, which
 * takes its snapshot of the report at once).  While it runs Export is
 * unavailable and, after a moment, a toast says so; a second export is
 * refused with G_IO_ERROR_BUSY.  Closing the window does not stop it: the
 * application is held until the file is written. */
void             td_window_export_to_file_async  (TdWindow            *self,
                                                  GFile               *file,
                                                  TdReportFormat       format,
                                                  gboolean             redact,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         td_window_export_to_file_finish (TdWindow            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* TRUE while an export runs. */
gboolean         td_window_is_exporting     (TdWindow       *self);
/* What Copy summary copies: the plain-text report, redacted unless the
 * settings say otherwise.  Synchronous, for callers that want the text at
 * once: about a millisecond for a real report, but half a second for the
 * largest one the reader accepts, so the Copy summary action itself
 * renders the same text in a worker (td_report_render_async). */
char            *td_window_dup_summary      (TdWindow       *self);

G_END_DECLS
