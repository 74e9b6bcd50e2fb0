/* td-sc-query.h — parser for `sc query NAME` and `sc qc NAME`
 *
 * Teredo lives in the IP Helper service (iphlpsvc) and needs the firewall
 * service (MpsSvc); tweak tools disable both.  `sc` keeps its field names
 * and state words in English in every UI language, and prints the numeric
 * codes too, which the parser prefers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_SERVICE_STATE_UNSET,             /* null: no STATE line (sc qc) */
  TD_SERVICE_STATE_STOPPED,           /* 1 "stopped" */
  TD_SERVICE_STATE_START_PENDING,     /* 2 "start-pending" */
  TD_SERVICE_STATE_STOP_PENDING,      /* 3 "stop-pending" */
  TD_SERVICE_STATE_RUNNING,           /* 4 "running" */
  TD_SERVICE_STATE_CONTINUE_PENDING,  /* 5 "continue-pending" */
  TD_SERVICE_STATE_PAUSE_PENDING,     /* 6 "pause-pending" */
  TD_SERVICE_STATE_PAUSED,            /* 7 "paused" */
} TdServiceState;

typedef enum {
  TD_SERVICE_START_UNSET,    /* null: no START_TYPE line (sc query) */
  TD_SERVICE_START_BOOT,     /* 0 "boot" */
  TD_SERVICE_START_SYSTEM,   /* 1 "system" */
  TD_SERVICE_START_AUTO,     /* 2 "auto" */
  TD_SERVICE_START_DEMAND,   /* 3 "demand" */
  TD_SERVICE_START_DISABLED, /* 4 "disabled" */
} TdServiceStartType;

typedef struct {
  char               *name;                /* SERVICE_NAME, or NULL */
  char               *display_name;        /* DISPLAY_NAME (sc qc), or NULL */
  gboolean            installed;           /* FALSE after "FAILED 1060" */
  TdServiceState      state;
  TdServiceStartType  start_type;
  gboolean            delayed_auto_start;  /* "AUTO_START  (DELAYED)" */
  gint64              win32_exit_code;     /* -1 if absent */
  char               *binary_path;         /* BINARY_PATH_NAME, or NULL */
} TdScService;

/* Accepts the output of `sc query`, `sc qc`, or both concatenated (fields
 * merge; a later value wins).  "FAILED 1060" (no such service) gives a
 * service with installed = FALSE; "FAILED 5" is TD_ERROR_PERMISSION, any
 * other FAILED code TD_ERROR_FAILED; no SERVICE_NAME at all is
 * TD_ERROR_PARSE. */
TdScService *td_sc_query_parse   (const char         *text,
                                  GError            **error);
void         td_sc_service_free  (TdScService        *self);

const char  *td_service_state_to_string      (TdServiceState     state);    /* NULL for UNSET */
const char  *td_service_start_type_to_string (TdServiceStartType start);    /* NULL for UNSET */

/* {name, display_name, installed, state, start_type, delayed_auto_start,
 *  win32_exit_code, binary_path} */
void         td_sc_service_to_json (const TdScService *self,
                                    JsonBuilder       *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdScService, td_sc_service_free)

G_END_DECLS
