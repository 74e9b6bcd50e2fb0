/* td-check-result.h — the outcome of one check of the checklist
 *
 * A failed condition is a result (status fail, with a summary and remedies),
 * never a GError.  Results are GObjects so that a GListModel of them can drive
 * a live checklist: status, summary, … notify while a check runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "td-remedy.h"

G_BEGIN_DECLS

typedef enum {
  TD_CHECK_STATUS_WAITING,   /* "waiting": not started (live only) */
  TD_CHECK_STATUS_RUNNING,   /* "running" (live only) */
  TD_CHECK_STATUS_PASS,
  TD_CHECK_STATUS_WARN,
  TD_CHECK_STATUS_FAIL,
  TD_CHECK_STATUS_SKIP,
  TD_CHECK_STATUS_INFO,
  TD_CHECK_STATUS_CANCELLED, /* "cancelled": the run was cancelled first */
} TdCheckStatus;

#define TD_TYPE_CHECK_STATUS (td_check_status_get_type ())
GType       td_check_status_get_type    (void) G_GNUC_CONST;

const char *td_check_status_to_string   (TdCheckStatus  status);
gboolean    td_check_status_from_string (const char    *text,
                                         TdCheckStatus *out_status);
/* TRUE once the check has an outcome (pass … cancelled). */
gboolean    td_check_status_is_final    (TdCheckStatus  status);

/* One piece of evidence: a labelled raw text (command output, datagrams,
 * facts as JSON). */
typedef struct {
  char *label;
  char *text;
} TdEvidence;

#define TD_TYPE_CHECK_RESULT (td_check_result_get_type ())
G_DECLARE_FINAL_TYPE (TdCheckResult, td_check_result, TD, CHECK_RESULT, GObject)

/* @id is one of the stable check ids ("ipv6-stack", "global-cloud", …),
 * @title its translated human name. */
TdCheckResult *td_check_result_new            (const char    *id,
                                               const char    *title);
const char    *td_check_result_get_id         (TdCheckResult *self);
const char    *td_check_result_get_title      (TdCheckResult *self);
TdCheckStatus  td_check_result_get_status     (TdCheckResult *self);
const char    *td_check_result_get_summary    (TdCheckResult *self);
const char    *td_check_result_get_details    (TdCheckResult *self);
/* Seconds left while the check waits for something (the OS client leaving
 * `probe`), else 0. */
guint          td_check_result_get_countdown  (TdCheckResult *self);
gint64         td_check_result_get_duration_ms (TdCheckResult *self);
/* Arrays of TdEvidence* / TdRemedy* (owned by the result). */
GPtrArray     *td_check_result_get_evidence   (TdCheckResult *self);
GPtrArray     *td_check_result_get_remedies   (TdCheckResult *self);

void           td_check_result_set_status     (TdCheckResult *self,
                                               TdCheckStatus  status);
/* Sets status, summary and details at once (one notification each). */
void           td_check_result_set_outcome    (TdCheckResult *self,
                                               TdCheckStatus  status,
                                               const char    *summary,
                                               const char    *details);
void           td_check_result_set_countdown  (TdCheckResult *self,
                                               guint          seconds);
void           td_check_result_set_duration_ms (TdCheckResult *self,
                                               gint64         duration_ms);
void           td_check_result_add_evidence   (TdCheckResult *self,
                                               const char    *label,
                                               const char    *text);
/* Takes ownership of @remedy. */
void           td_check_result_add_remedy     (TdCheckResult *self,
                                               TdRemedy      *remedy);

/* {id, status, title, summary, details, evidence [{label, text}],
 *  remedies […], duration_ms} */
void           td_check_result_to_json        (TdCheckResult *self,
                                               JsonBuilder   *builder);
TdCheckResult *td_check_result_from_json      (JsonNode      *node,
                                               GError       **error);

G_END_DECLS
