/* td-miredo-conf.h — miredo.conf(5) and miredo's log messages
 *
 * On Linux/BSD the Teredo client is miredo: its configuration file decides
 * the server and the UDP port, and its syslog lines are the only trace of
 * what the client did (no reply from the server, connectivity lost, …).
 * Log matching knows the English, French and zh-CN catalogues that miredo
 * ships.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_MIREDO_RELAY_UNSET,       /* null: directive absent (miredo: client) */
  TD_MIREDO_RELAY_CLIENT,      /* "client" */
  TD_MIREDO_RELAY_AUTOCLIENT,  /* "autoclient" (alias of client) */
  TD_MIREDO_RELAY_CONE,        /* "cone" (also written "relay") */
  TD_MIREDO_RELAY_RESTRICTED,  /* "restricted" */
} TdMiredoRelayType;

typedef struct {
  TdMiredoRelayType  relay_type;
  char              *interface_name;
  char              *server_address;
  char              *server_address2;
  char              *bind_address;
  int                bind_port;        /* -1 if absent */
  char              *syslog_facility;
  char              *prefix;           /* relay option */
  int                interface_mtu;    /* -1 if absent */
  GPtrArray         *unknown;          /* of char*: directives miredo does not know */
  GPtrArray         *problems;         /* of char*: "line N: …" for bad values */
} TdMiredoConf;

/* Directives are case-insensitive, '#' starts a comment.  An empty file is
 * valid (miredo's defaults).  Bad values are collected in `problems`
 * rather than failing; only oversize or non-UTF-8 input fails. */
TdMiredoConf *td_miredo_conf_parse   (const char          *text,
                                      GError             **error);
void          td_miredo_conf_free    (TdMiredoConf        *self);
const char   *td_miredo_relay_type_to_string (TdMiredoRelayType type);  /* NULL for UNSET */
/* {relay_type, interface_name, server_address, server_address2,
 *  bind_address, bind_port, syslog_facility, prefix, interface_mtu,
 *  unknown: [], problems: []} */
void          td_miredo_conf_to_json (const TdMiredoConf  *self,
                                      JsonBuilder         *builder);

typedef enum {
  TD_MIREDO_EVENT_STARTING,                /* "starting" */
  TD_MIREDO_EVENT_NEW_ADDRESS,             /* "new-address": New Teredo address/MTU */
  TD_MIREDO_EVENT_TUNNEL_STARTED,          /* "tunnel-started" */
  TD_MIREDO_EVENT_TUNNEL_STOPPED,          /* "tunnel-stopped" */
  TD_MIREDO_EVENT_SERVER_NO_REPLY,         /* "server-no-reply": No reply from Teredo server */
  TD_MIREDO_EVENT_CONNECTIVITY_LOST,       /* "connectivity-lost": Lost Teredo connectivity */
  TD_MIREDO_EVENT_SERVER_UNRESOLVED,       /* "server-unresolved": Cannot resolve … server address */
  TD_MIREDO_EVENT_INIT_FAILED,             /* "init-failed": libteredo cannot be initialized */
  TD_MIREDO_EVENT_SETUP_FAILURE,           /* "setup-failure": any other Miredo setup failure */
  TD_MIREDO_EVENT_CHILD_EXITED,            /* "child-exited" */
  TD_MIREDO_EVENT_TERMINATED_WITH_ERRORS,  /* "terminated-with-errors" */
} TdMiredoEventKind;

typedef enum {
  TD_MIREDO_STATUS_UNKNOWN,  /* "unknown": no telling event */
  TD_MIREDO_STATUS_UP,       /* "up": last telling event was an address / tunnel start */
  TD_MIREDO_STATUS_DOWN,     /* "down": no reply, connectivity lost, tunnel stopped */
  TD_MIREDO_STATUS_FAILED,   /* "failed": miredo could not start or exited with an error */
} TdMiredoStatus;

typedef struct {
  GArray         *events;         /* of TdMiredoEventKind, in log order */
  TdMiredoStatus  status;
  char           *address;        /* last " (address: …, MTU: …)" address, or NULL */
  int             mtu;            /* its MTU, -1 if none */
  char           *setup_failure;  /* text after "Miredo setup failure: ", or NULL */
  int             exit_code;      /* last "Child N exited (code: X)", -1 if none */
} TdMiredoLog;

/* Reads syslog / journal / logread lines (any prefix).  Lines that are not
 * miredo messages are ignored; a text without any gives an empty event
 * list and status unknown.  Errors only as td_console_text_lines(). */
TdMiredoLog  *td_miredo_log_parse    (const char          *text,
                                      GError             **error);
void          td_miredo_log_free     (TdMiredoLog         *self);
const char   *td_miredo_event_kind_to_string (TdMiredoEventKind kind);
const char   *td_miredo_status_to_string     (TdMiredoStatus    status);
/* {status, events: [], address, mtu, setup_failure, exit_code} */
void          td_miredo_log_to_json  (const TdMiredoLog   *self,
                                      JsonBuilder         *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdMiredoConf, td_miredo_conf_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdMiredoLog, td_miredo_log_free)

G_END_DECLS
