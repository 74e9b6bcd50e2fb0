/* td-teredo-client.h — the OS Teredo client, normalized across platforms
 *
 * Filled by the Windows `netsh … show state` parser, by the miredo inspector
 * on Linux, and by the report reader.  Every enum has a stable string form
 * that is part of the CLI's JSON contract (`teredo-doctor-cli state --json`);
 * the *_UNSET values serialize as JSON null.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "td-tristate.h"

G_BEGIN_DECLS

typedef enum {
  TD_CLIENT_IMPL_NONE,        /* "none" */
  TD_CLIENT_IMPL_WINDOWS,     /* "windows" */
  TD_CLIENT_IMPL_MIREDO,      /* "miredo" */
} TdClientImplementation;

typedef enum {
  TD_TEREDO_TYPE_UNSET,       /* null */
  TD_TEREDO_TYPE_DEFAULT,
  TD_TEREDO_TYPE_CLIENT,
  TD_TEREDO_TYPE_ENTERPRISECLIENT,
  TD_TEREDO_TYPE_NATAWARECLIENT,
  TD_TEREDO_TYPE_SERVER,
  TD_TEREDO_TYPE_RELAY,
  TD_TEREDO_TYPE_AUTOMATIC,
  TD_TEREDO_TYPE_DISABLED,
} TdTeredoType;

typedef enum {
  TD_TEREDO_STATE_UNKNOWN,    /* "unknown" (also: output stopped before State) */
  TD_TEREDO_STATE_OFFLINE,
  TD_TEREDO_STATE_PROBE,
  TD_TEREDO_STATE_QUALIFIED,
  TD_TEREDO_STATE_DORMANT,
} TdTeredoState;

typedef enum {
  TD_TEREDO_ERROR_UNSET,                  /* null: no Error line */
  TD_TEREDO_ERROR_NONE,                   /* "none" / zh-CN 无 */
  TD_TEREDO_ERROR_MANAGED_NETWORK,
  TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE,
  TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE,
  TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED,
  TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED,
  TD_TEREDO_ERROR_GENERAL_FAILURE,
  TD_TEREDO_ERROR_UNKNOWN,                /* an Error line we do not know */
} TdTeredoErrorCode;

typedef enum {
  TD_TEREDO_CLIENT_TYPE_UNSET,
  TD_TEREDO_CLIENT_TYPE_TEREDO_CLIENT,        /* "teredo-client" */
  TD_TEREDO_CLIENT_TYPE_HOST_SPECIFIC_RELAY,  /* "host-specific-relay" */
} TdTeredoClientType;

typedef enum {
  TD_TEREDO_NETWORK_UNSET,
  TD_TEREDO_NETWORK_MANAGED,
  TD_TEREDO_NETWORK_UNMANAGED,
} TdTeredoNetwork;

typedef enum {
  TD_TEREDO_NAT_UNSET,
  TD_TEREDO_NAT_NONE,                 /* "none (global connectivity)" */
  TD_TEREDO_NAT_CONE,
  TD_TEREDO_NAT_RESTRICTED,
  TD_TEREDO_NAT_PORT_RESTRICTED,      /* "restricted (port)" */
  TD_TEREDO_NAT_SYMMETRIC,
  TD_TEREDO_NAT_PORT_SYMMETRIC,       /* "symmetric (port)" */
  TD_TEREDO_NAT_ADDRESS_SYMMETRIC,    /* "symmetric (address)" */
  TD_TEREDO_NAT_UNKNOWN,
} TdTeredoNat;

typedef struct {
  TdClientImplementation implementation;
  TdTeredoType        type;
  gboolean            type_from_policy;      /* "(Group Policy)" */
  char               *server_name;           /* no trailing dot, NULL if unknown */
  gboolean            server_from_policy;
  int                 refresh_interval_s;    /* -1 = unknown / default */
  gboolean            refresh_from_policy;
  int                 client_port;           /* -1 = unspecified / default */
  TdTeredoState       state;
  char               *probe_phase;           /* "primary server", "secondary server", "cone"…; NULL */
  TdTeredoErrorCode   error;
  char               *error_raw;             /* the Error line's text as printed (decoded) */
  gint64              error_number;          /* "Error Code" line, -1 if absent */
  TdTeredoClientType  client_type;
  TdTeredoNetwork     network;
  TdTeredoNat         nat;
  TdTristate          upnp;
  TdTristate          port_preserving;
  char               *local_mapping;         /* "ip:port" or NULL */
  char               *external_mapping;      /* "ip:port" or NULL */
  char               *address;               /* the client's Teredo IPv6 address or NULL */
  char               *raw;                   /* the output it was parsed from, for evidence */
  /* Read with the Windows XP syntax (`netsh interface ipv6 show teredo`),
   * which is then also the syntax its settings are changed with. */
  gboolean            legacy_netsh;
} TdTeredoClient;

#define TD_TYPE_TEREDO_CLIENT (td_teredo_client_get_type ())
GType           td_teredo_client_get_type (void) G_GNUC_CONST;

TdTeredoClient *td_teredo_client_new      (void);   /* all unset, implementation none */
TdTeredoClient *td_teredo_client_copy     (const TdTeredoClient *self);
void            td_teredo_client_free     (TdTeredoClient       *self);

/* JSON: the object described in the CLI contract (keys implementation, type,
 * type_from_policy, server_name, refresh_interval_s, client_port, state,
 * probe_phase, error {code, raw} | null, client_type, network, nat, upnp,
 * port_preserving, local_mapping, external_mapping, address) plus
 * server_from_policy, refresh_from_policy, error_number, legacy_netsh. */
void            td_teredo_client_to_json  (const TdTeredoClient *self,
                                           JsonBuilder          *builder);
/* Strict: unknown enum strings and wrong JSON types are TD_ERROR_PARSE. */
TdTeredoClient *td_teredo_client_from_json (JsonNode            *node,
                                            GError             **error);

const char *td_client_implementation_to_string (TdClientImplementation v);
const char *td_teredo_type_to_string           (TdTeredoType v);        /* NULL for UNSET */
const char *td_teredo_state_to_string          (TdTeredoState v);
const char *td_teredo_error_code_to_string     (TdTeredoErrorCode v);   /* NULL for UNSET */
const char *td_teredo_client_type_to_string    (TdTeredoClientType v);  /* NULL for UNSET */
const char *td_teredo_network_to_string        (TdTeredoNetwork v);     /* NULL for UNSET */
const char *td_teredo_nat_to_string            (TdTeredoNat v);         /* NULL for UNSET */
/* Reverse lookups for the JSON reader; FALSE for an unknown string. */
gboolean td_teredo_type_from_string  (const char *s, TdTeredoType *out);
gboolean td_teredo_state_from_string (const char *s, TdTeredoState *out);
gboolean td_teredo_nat_from_string   (const char *s, TdTeredoNat *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdTeredoClient, td_teredo_client_free)

G_END_DECLS
