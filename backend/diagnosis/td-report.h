/* td-report.h — one diagnosis, as shown, exported and opened again
 *
 * JSON (version 1; schema in data/teredo-doctor-report.schema.json):
 *   { "version": 1, "tool": {"name": "teredo-doctor", "version": "0.1.0"},
 *     "started_at": ISO 8601 UTC, "duration_ms": int, "platform": "linux|windows|macos",
 *     "hostname": string|null, "server": string|null, "redacted": bool,
 *     "verdict": {code, summary, title}, "findings": [code…],
 *     "checks": [td_check_result_to_json…], "host": td_host_to_json|null,
 *     "probe": td_probe_result_to_json (with events)|null }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "td-check-result.h"
#include "td-diagnosis.h"
#include "td-host-json.h"
#include "td-host.h"
#include "td-probe-result.h"
#include "td-verdict.h"

G_BEGIN_DECLS

#define TD_REPORT_VERSION        1
#define TD_REPORT_MAX_FILE_SIZE  (8 * 1024 * 1024)

#define TD_TYPE_REPORT (td_report_get_type ())
G_DECLARE_FINAL_TYPE (TdReport, td_report, TD, REPORT, GObject)

TdReport      *td_report_new              (void);
/* Live or loaded: a report opened from a file is never "live" — its fixes
 * are shown but never run. */
gboolean       td_report_is_from_file     (TdReport        *self);

GDateTime     *td_report_get_started_at   (TdReport        *self);
void           td_report_set_started_at   (TdReport        *self,
                                           GDateTime       *started_at);
gint64         td_report_get_duration_ms  (TdReport        *self);
void           td_report_set_duration_ms  (TdReport        *self,
                                           gint64           duration_ms);
TdPlatform     td_report_get_platform     (TdReport        *self);
void           td_report_set_platform     (TdReport        *self,
                                           TdPlatform       platform);
const char    *td_report_get_hostname     (TdReport        *self);
void           td_report_set_hostname     (TdReport        *self,
                                           const char      *hostname);
const char    *td_report_get_server       (TdReport        *self);
void           td_report_set_server       (TdReport        *self,
                                           const char      *server);
const char    *td_report_get_tool_version (TdReport        *self);
/* The version of the program that wrote the report (default: this one);
 * tests pin it so that rendered reports do not change with releases. */
void           td_report_set_tool_version (TdReport        *self,
                                           const char      *version);
gboolean       td_report_get_redacted     (TdReport        *self);
/* The checks, in checklist order: a GListModel of TdCheckResult. */
GListModel    *td_report_get_checks       (TdReport        *self);
void           td_report_add_check        (TdReport        *self,
                                           TdCheckResult   *check);
TdCheckResult *td_report_find_check       (TdReport        *self,
                                           const char      *id);
TdHost        *td_report_get_host         (TdReport        *self);   /* nullable */
void           td_report_set_host         (TdReport        *self,
                                           TdHost          *host);
TdProbeResult *td_report_get_probe        (TdReport        *self);   /* nullable */
/* The facts the report's verdict and fixes are judged from (borrowed). */
void           td_report_get_facts        (TdReport        *self,
                                           TdFacts         *out_facts);
void           td_report_set_probe        (TdReport        *self,
                                           TdProbeResult   *probe);
const TdVerdict *td_report_get_verdict    (TdReport        *self);   /* nullable */
void           td_report_set_verdict      (TdReport        *self,
                                           const TdVerdict *verdict);

JsonNode      *td_report_to_json          (TdReport        *self);
/* Strict: size limit, version, every member type-checked; the error names
 * the first offending member.  Sets is-from-file. */
TdReport      *td_report_load_from_data   (const char      *data,
                                           gssize           length,
                                           GError         **error);
TdReport      *td_report_load_from_file   (GFile           *file,
                                           GCancellable    *cancellable,
                                           GError         **error);
/* The same as td_report_load_from_file(), same errors and messages, without
 * blocking: the file is read asynchronously on the thread-default main
 * context (never more than 64 KiB past TD_REPORT_MAX_FILE_SIZE) and parsed
 * in a worker thread.  Cancelled: G_IO_ERROR_CANCELLED. */
void           td_report_load_from_file_async  (GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TdReport      *td_report_load_from_file_finish (GAsyncResult        *result,
                                                GError             **error);
/* The same checks on an already parsed tree (e.g. after redaction). */
TdReport      *td_report_load_from_json   (JsonNode        *root,
                                           GError         **error);

/* Limits of the reader, besides TD_REPORT_MAX_FILE_SIZE. */
#define TD_REPORT_MAX_DEPTH      64
#define TD_REPORT_MAX_CHECKS     1000
#define TD_REPORT_MAX_EVENTS     10000

G_END_DECLS
