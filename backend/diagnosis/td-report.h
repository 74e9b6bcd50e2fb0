/* td-report.h — one diagnosis, as shown, exported and opened again
 *
 * JSON (version 1; schema in data/teredo-doctor-report.schema.json):
 *   { "version": 1, "tool": {"name": "teredo-doctor", "version": "0.1.0"},
 *     "started_at": ISO 8601 UTC, "duration_ms": int, "platform": "linux|windows|macos",
 *     "hostname": string|null, "server": string|null, "redacted": bool,
 *     "verdict": {code, summary, title}, "findings": [code…],
 *     "checks": [td_check_result_to_json…], "host": td_host_to_json|null,
 *     "probe": td_probe_result_to_json (with events)|null,
 *     "collected": TdReportOrigin (optional: only in reports of another
 *                  computer, help-desk mode) }
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

/* Where the facts of a report of another computer were collected
 * (help-desk mode: the outputs its user ran and sent back).  JSON member
 * "collected": { "from": "batch-file"|"paste", "computer": s|null,
 * "collected_at": s|null, "windows_version": s|null, "codepage": s|null,
 * "encoding": s|null, "elevated": "yes"|"no"|"likely"|"unknown",
 * "complete": bool, "conclusive": bool, "missing": [s…], "notes": [s…] }. */
typedef struct {
  char      *from;             /* "batch-file" or "paste" */
  char      *computer;         /* as that computer names itself, or NULL */
  char      *collected_at;     /* as Windows printed its date and time (its
                                * locale's format, no time zone), or NULL */
  char      *windows_version;  /* "10.0.19045.3570", or NULL */
  char      *codepage;         /* the console code page, "936", or NULL */
  char      *encoding;         /* what the text was decoded from, or NULL */
  char      *elevated;         /* "yes", "no", "likely" or "unknown" */
  gboolean   complete;         /* FALSE: the collected file was cut off */
  gboolean   conclusive;       /* FALSE: an output the verdict may depend on
                                * was not collected (td-remote-guide.h) */
  char     **missing;          /* command lines with no output; never NULL */
  char     **notes;            /* what the reader noted; never NULL */
} TdReportOrigin;

/* At most this many items in "missing" and "notes". */
#define TD_REPORT_MAX_ORIGIN_ITEMS 1000

TdReportOrigin *td_report_origin_new  (void);   /* from "paste", "unknown", empty lists */
TdReportOrigin *td_report_origin_copy (const TdReportOrigin *self);
void            td_report_origin_free (TdReportOrigin       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdReportOrigin, td_report_origin_free)

#define TD_TYPE_REPORT (td_report_get_type ())
G_DECLARE_FINAL_TYPE (TdReport, td_report, TD, REPORT, GObject)

TdReport      *td_report_new              (void);
/* Live or loaded: a report opened from a file, or of another computer
 * (with an origin), is never "live" — its fixes are shown but never run. */
gboolean       td_report_is_from_file     (TdReport        *self);
/* Where the facts were collected, for a report of another computer; NULL
 * for a diagnosis of the computer it ran on. */
const TdReportOrigin *td_report_get_origin (TdReport             *self);
void           td_report_set_origin       (TdReport             *self,
                                           const TdReportOrigin *origin);

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
