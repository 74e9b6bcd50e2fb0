/* td-remote.h — diagnose a Windows computer from the command outputs its
 * user ran there and sent back (help-desk mode)
 *
 * One code path: the outputs of a capture (td-capture.h: the batch file's
 * output or pasted console text) answer the live Windows collector's own
 * commands (td_host_windows_get_commands()) through
 * td_host_collect_captured_async(), so a collected file is read by exactly
 * the code that reads a live machine.  The host checks are judged by the
 * same td_check_eval_* functions as a live run, the verdict comes from the
 * same td_diagnose() (no probe: the client's own error lines stand in for
 * it), and the checks that need that computer's network are "not run:
 * remote machine" unless its Teredo client's own lines tell the answer.
 * The report carries its origin (td_report_get_origin()), which makes its
 * fixes copy-only.
 *
 * GTK-free; every call is asynchronous, with a GCancellable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-capture.h"
#include "td-report.h"

G_BEGIN_DECLS

/* What a file or stream held. */
typedef struct {
  TdCaptureKind  kind;      /* TD_CAPTURE_KIND_REPORT or TD_CAPTURE_KIND_TEXT */
  TdReport      *report;    /* a Teredo Doctor JSON report (kind REPORT) */
  TdCapture     *capture;   /* Windows command output (kind TEXT) */
  gsize          size;      /* bytes read */
} TdRemoteInput;

void            td_remote_input_free     (TdRemoteInput *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdRemoteInput, td_remote_input_free)

typedef enum {
  TD_REMOTE_LOAD_DEFAULT = 0,
  /* A Teredo Doctor JSON report is opened as a report (the GUI's Open),
   * and any other JSON object is judged by the report reader; without it,
   * a report is refused with TD_ERROR_NOT_SUPPORTED. */
  TD_REMOTE_LOAD_REPORTS = 1 << 0,
} TdRemoteLoadFlags;

/* Reads @file, or standard input when @file is NULL, without blocking the
 * caller: the bytes are read and parsed in a GTask worker thread, never
 * more than TD_CAPTURE_MAX_BYTES (a regular file over the limit is refused
 * from its size, before any byte is read).  Errors: the specific ones of
 * td_capture_parse() (empty, blank, binary, another kind of file, too
 * large, no command output…), the report reader's for a bad report, I/O
 * errors, G_IO_ERROR_CANCELLED. */
void            td_remote_load_async     (GFile               *file,
                                          TdRemoteLoadFlags    flags,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
TdRemoteInput  *td_remote_load_finish    (GAsyncResult        *result,
                                          GError             **error);

/* The collector's command results answered by @captures (in the order they
 * were given: the latest capture holding a command answers it), one per
 * command of td_host_windows_get_commands(), each converted by
 * td_capture_command_result(): a command no capture holds fails with
 * TD_ERROR_NOT_FOUND ("… is not in the collected output"), which the
 * collector records as that fact's error.  Owned TdCommandResult *. */
GPtrArray      *td_remote_command_results (TdCapture * const *captures,
                                           guint              n_captures);

/* Where the facts of @captures were collected, for the report. */
TdReportOrigin *td_remote_origin_new     (TdCapture * const *captures,
                                          guint              n_captures);

/* The whole diagnosis of the computer @captures came from: a report for
 * platform windows with every check of td_runner_get_check_ids(), its
 * verdict, the host model and the origin.  The captures are read before
 * this returns (the caller may free them).  Only cancellation fails it. */
void            td_remote_diagnose_async  (TdCapture * const  *captures,
                                           guint               n_captures,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
TdReport       *td_remote_diagnose_finish (GAsyncResult       *result,
                                           GError            **error);

/* The help-desk batch file (data/teredo-doctor-collect.bat) where this
 * program finds it: installed in the package data directory, else in the
 * source tree it was built from.  NULL when neither exists. */
GFile          *td_remote_find_batch_file (void);

G_END_DECLS
