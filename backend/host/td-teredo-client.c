/* td-teredo-client.c — the OS Teredo client, normalized across platforms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-error.h"
#include "td-json.h"
#include "td-teredo-client.h"

G_DEFINE_BOXED_TYPE (TdTeredoClient, td_teredo_client,
                     td_teredo_client_copy, td_teredo_client_free)

TdTeredoClient *
td_teredo_client_new (void)
{
  TdTeredoClient *self = g_new0 (TdTeredoClient, 1);

  self->implementation = TD_CLIENT_IMPL_NONE;
  self->type = TD_TEREDO_TYPE_UNSET;
  self->refresh_interval_s = -1;
  self->client_port = -1;
  self->state = TD_TEREDO_STATE_UNKNOWN;
  self->error = TD_TEREDO_ERROR_UNSET;
  self->error_number = -1;
  return self;
}

TdTeredoClient *
td_teredo_client_copy (const TdTeredoClient *self)
{
  TdTeredoClient *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->server_name = g_strdup (self->server_name);
  copy->probe_phase = g_strdup (self->probe_phase);
  copy->error_raw = g_strdup (self->error_raw);
  copy->local_mapping = g_strdup (self->local_mapping);
  copy->external_mapping = g_strdup (self->external_mapping);
  copy->address = g_strdup (self->address);
  copy->raw = g_strdup (self->raw);
  return copy;
}

void
td_teredo_client_free (TdTeredoClient *self)
{
  if (self == NULL)
    return;
  g_free (self->server_name);
  g_free (self->probe_phase);
  g_free (self->error_raw);
  g_free (self->local_mapping);
  g_free (self->external_mapping);
  g_free (self->address);
  g_free (self->raw);
  g_free (self);
}

/* String tables, indexed by enum value.  NULL marks the *_UNSET entry that
 * serializes as JSON null.  These strings are the CLI's JSON contract. */
static const char * const implementation_names[] = {
  [TD_CLIENT_IMPL_NONE] = "none",
  [TD_CLIENT_IMPL_WINDOWS] = "windows",
  [TD_CLIENT_IMPL_MIREDO] = "miredo",
};

static const char * const type_names[] = {
  [TD_TEREDO_TYPE_UNSET] = NULL,
  [TD_TEREDO_TYPE_DEFAULT] = "default",
  [TD_TEREDO_TYPE_CLIENT] = "client",
  [TD_TEREDO_TYPE_ENTERPRISECLIENT] = "enterpriseclient",
  [TD_TEREDO_TYPE_NATAWARECLIENT] = "natawareclient",
  [TD_TEREDO_TYPE_SERVER] = "server",
  [TD_TEREDO_TYPE_RELAY] = "relay",
  [TD_TEREDO_TYPE_AUTOMATIC] = "automatic",
  [TD_TEREDO_TYPE_DISABLED] = "disabled",
};

static const char * const state_names[] = {
  [TD_TEREDO_STATE_UNKNOWN] = "unknown",
  [TD_TEREDO_STATE_OFFLINE] = "offline",
  [TD_TEREDO_STATE_PROBE] = "probe",
  [TD_TEREDO_STATE_QUALIFIED] = "qualified",
  [TD_TEREDO_STATE_DORMANT] = "dormant",
};

static const char * const error_names[] = {
  [TD_TEREDO_ERROR_UNSET] = NULL,
  [TD_TEREDO_ERROR_NONE] = "none",
  [TD_TEREDO_ERROR_MANAGED_NETWORK] = "managed-network",
  [TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE] = "primary-server-unreachable",
  [TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE] = "secondary-server-unreachable",
  [TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED] = "server-name-unresolved",
  [TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED] = "tunnel-adapter-failed",
  [TD_TEREDO_ERROR_GENERAL_FAILURE] = "general-failure",
  [TD_TEREDO_ERROR_UNKNOWN] = "unknown",
};

static const char * const client_type_names[] = {
  [TD_TEREDO_CLIENT_TYPE_UNSET] = NULL,
  [TD_TEREDO_CLIENT_TYPE_TEREDO_CLIENT] = "teredo-client",
  [TD_TEREDO_CLIENT_TYPE_HOST_SPECIFIC_RELAY] = "host-specific-relay",
};

static const char * const network_names[] = {
  [TD_TEREDO_NETWORK_UNSET] = NULL,
  [TD_TEREDO_NETWORK_MANAGED] = "managed",
  [TD_TEREDO_NETWORK_UNMANAGED] = "unmanaged",
};

static const char * const nat_names[] = {
  [TD_TEREDO_NAT_UNSET] = NULL,
  [TD_TEREDO_NAT_NONE] = "none",
  [TD_TEREDO_NAT_CONE] = "cone",
  [TD_TEREDO_NAT_RESTRICTED] = "restricted",
  [TD_TEREDO_NAT_PORT_RESTRICTED] = "port-restricted",
  [TD_TEREDO_NAT_SYMMETRIC] = "symmetric",
  [TD_TEREDO_NAT_PORT_SYMMETRIC] = "port-symmetric",
  [TD_TEREDO_NAT_ADDRESS_SYMMETRIC] = "address-symmetric",
  [TD_TEREDO_NAT_UNKNOWN] = "unknown",
};

#define LOOKUP(table, v) \
  (((guint) (v) < G_N_ELEMENTS (table)) ? table[(guint) (v)] : NULL)

const char *
td_client_implementation_to_string (TdClientImplementation v)
{
  const char *s = LOOKUP (implementation_names, v);

  return s != NULL ? s : "none";
}

const char *
td_teredo_type_to_string (TdTeredoType v)
{
  return LOOKUP (type_names, v);
}

const char *
td_teredo_state_to_string (TdTeredoState v)
{
  const char *s = LOOKUP (state_names, v);

  return s != NULL ? s : "unknown";
}

const char *
td_teredo_error_code_to_string (TdTeredoErrorCode v)
{
  return LOOKUP (error_names, v);
}

const char *
td_teredo_client_type_to_string (TdTeredoClientType v)
{
  return LOOKUP (client_type_names, v);
}

const char *
td_teredo_network_to_string (TdTeredoNetwork v)
{
  return LOOKUP (network_names, v);
}

const char *
td_teredo_nat_to_string (TdTeredoNat v)
{
  return LOOKUP (nat_names, v);
}

gboolean
td_teredo_type_from_string (const char   *s,
                            TdTeredoType *out)
{
  guint v;

  if (!td_json_lookup_enum (type_names, G_N_ELEMENTS (type_names), s, &v))
    return FALSE;
  if (out != NULL)
    *out = (TdTeredoType) v;
  return TRUE;
}

gboolean
td_teredo_state_from_string (const char    *s,
                             TdTeredoState *out)
{
  guint v;

  if (!td_json_lookup_enum (state_names, G_N_ELEMENTS (state_names), s, &v))
    return FALSE;
  if (out != NULL)
    *out = (TdTeredoState) v;
  return TRUE;
}

gboolean
td_teredo_nat_from_string (const char  *s,
                           TdTeredoNat *out)
{
  guint v;

  if (!td_json_lookup_enum (nat_names, G_N_ELEMENTS (nat_names), s, &v))
    return FALSE;
  if (out != NULL)
    *out = (TdTeredoNat) v;
  return TRUE;
}

void
td_teredo_client_to_json (const TdTeredoClient *self,
                          JsonBuilder          *builder)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_begin_object (builder);
  td_json_add_string_or_null (builder, "implementation",
                              td_client_implementation_to_string (self->implementation));
  td_json_add_string_or_null (builder, "type", td_teredo_type_to_string (self->type));
  td_json_add_bool (builder, "type_from_policy", self->type_from_policy);
  td_json_add_string_or_null (builder, "server_name", self->server_name);
  td_json_add_bool (builder, "server_from_policy", self->server_from_policy);
  td_json_add_int_or_null (builder, "refresh_interval_s",
                           self->refresh_interval_s >= 0, self->refresh_interval_s);
  td_json_add_bool (builder, "refresh_from_policy", self->refresh_from_policy);
  td_json_add_bool (builder, "legacy_netsh", self->legacy_netsh);
  td_json_add_int_or_null (builder, "client_port", self->client_port >= 0, self->client_port);
  td_json_add_string_or_null (builder, "state", td_teredo_state_to_string (self->state));
  td_json_add_string_or_null (builder, "probe_phase", self->probe_phase);

  json_builder_set_member_name (builder, "error");
  if (self->error == TD_TEREDO_ERROR_UNSET)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "code", td_teredo_error_code_to_string (self->error));
      td_json_add_string_or_null (builder, "raw", self->error_raw);
      json_builder_end_object (builder);
    }
  td_json_add_int_or_null (builder, "error_number", self->error_number >= 0, self->error_number);

  td_json_add_string_or_null (builder, "client_type",
                              td_teredo_client_type_to_string (self->client_type));
  td_json_add_string_or_null (builder, "network", td_teredo_network_to_string (self->network));
  td_json_add_string_or_null (builder, "nat", td_teredo_nat_to_string (self->nat));
  td_json_add_tristate (builder, "upnp", self->upnp);
  td_json_add_tristate (builder, "port_preserving", self->port_preserving);
  td_json_add_string_or_null (builder, "local_mapping", self->local_mapping);
  td_json_add_string_or_null (builder, "external_mapping", self->external_mapping);
  td_json_add_string_or_null (builder, "address", self->address);
  json_builder_end_object (builder);
}

/* The "plus" members (not in the CLI contract proper) may be missing in
 * hand-written or older reports; the contract members may not. */
static gboolean
get_optional_bool (JsonObject  *object,
                   const char  *member,
                   gboolean    *out,
                   GError     **error)
{
  if (!json_object_has_member (object, member))
    {
      *out = FALSE;
      return TRUE;
    }
  return td_json_get_bool (object, member, out, error);
}

#define GET_ENUM(obj, member, table, nullable, dest)                              \
  G_STMT_START {                                                                  \
    guint v_;                                                                     \
    if (!td_json_get_enum (obj, member, table, G_N_ELEMENTS (table), nullable, &v_, error)) \
      return NULL;                                                                \
    dest = v_;                                                                    \
  } G_STMT_END

TdTeredoClient *
td_teredo_client_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(TdTeredoClient) self = td_teredo_client_new ();
  JsonObject *object;
  JsonObject *error_object = NULL;
  gint64 n;

  object = td_json_require_object (node, "teredo client", error);
  if (object == NULL)
    return NULL;

  GET_ENUM (object, "implementation", implementation_names, FALSE, self->implementation);
  GET_ENUM (object, "type", type_names, TRUE, self->type);
  if (!td_json_get_bool (object, "type_from_policy", &self->type_from_policy, error))
    return NULL;
  if (!td_json_get_string (object, "server_name", TRUE, &self->server_name, error))
    return NULL;
  if (!get_optional_bool (object, "server_from_policy", &self->server_from_policy, error))
    return NULL;
  if (!td_json_get_int_or_null (object, "refresh_interval_s", 0, G_MAXINT, -1, &n, error))
    return NULL;
  self->refresh_interval_s = (int) n;
  if (!get_optional_bool (object, "refresh_from_policy", &self->refresh_from_policy, error) ||
      !get_optional_bool (object, "legacy_netsh", &self->legacy_netsh, error))
    return NULL;
  if (!td_json_get_int_or_null (object, "client_port", 0, 65535, -1, &n, error))
    return NULL;
  self->client_port = (int) n;
  GET_ENUM (object, "state", state_names, FALSE, self->state);
  if (!td_json_get_string (object, "probe_phase", TRUE, &self->probe_phase, error))
    return NULL;

  if (!td_json_get_object (object, "error", TRUE, &error_object, error))
    return NULL;
  if (error_object != NULL)
    {
      GET_ENUM (error_object, "code", error_names, FALSE, self->error);
      if (!td_json_get_string (error_object, "raw", TRUE, &self->error_raw, error))
        return NULL;
    }
  if (json_object_has_member (object, "error_number"))
    {
      if (!td_json_get_int_or_null (object, "error_number", 0, G_MAXINT64, -1,
                                    &self->error_number, error))
        return NULL;
    }

  GET_ENUM (object, "client_type", client_type_names, TRUE, self->client_type);
  GET_ENUM (object, "network", network_names, TRUE, self->network);
  GET_ENUM (object, "nat", nat_names, TRUE, self->nat);
  if (!td_json_get_tristate (object, "upnp", &self->upnp, error)
      || !td_json_get_tristate (object, "port_preserving", &self->port_preserving, error))
    return NULL;
  if (!td_json_get_string (object, "local_mapping", TRUE, &self->local_mapping, error)
      || !td_json_get_string (object, "external_mapping", TRUE, &self->external_mapping, error)
      || !td_json_get_string (object, "address", TRUE, &self->address, error))
    return NULL;

  return g_steal_pointer (&self);
}
