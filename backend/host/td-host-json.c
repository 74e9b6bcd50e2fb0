/* td-host-json.c — the host model as JSON, written and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-host-json.h"
#include "td-json.h"

/* ---- JSON out --------------------------------------------------------- */

void
td_host_build_addresses_json (TdHost      *self,
                              JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->addresses->len; i++)
    {
      TdHostAddress *address = g_ptr_array_index (self->addresses, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, address->address);
      td_json_add_int_or_null (builder, "prefix_length", address->prefix_length >= 0,
                               address->prefix_length);
      td_json_add_string_or_null (builder, "interface", address->interface);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, td_address_scope_to_string (address->scope));
      json_builder_set_member_name (builder, "origin");
      json_builder_add_string_value (builder, td_address_origin_to_string (address->origin));
      json_builder_set_member_name (builder, "flags");
      json_builder_begin_array (builder);
      for (gsize f = 0; f < G_N_ELEMENTS (td_address_flag_names); f++)
        if (address->flags & td_address_flag_names[f].flag)
          json_builder_add_string_value (builder, td_address_flag_names[f].name);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
td_host_build_clouds_json (TdHost      *self,
                           JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "pnrp");
  json_builder_add_string_value (builder, td_pnrp_status_to_string (self->pnrp));

  json_builder_set_member_name (builder, "pnrp_clouds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->pnrp_clouds->len; i++)
    {
      TdHostPnrpCloud *cloud = g_ptr_array_index (self->pnrp_clouds, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, cloud->name);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, td_address_scope_to_string (cloud->scope));
      td_json_add_int_or_null (builder, "id", cloud->id >= 0, cloud->id);
      td_json_add_int_or_null (builder, "addresses", cloud->n_addresses >= 0, cloud->n_addresses);
      td_json_add_string_or_null (builder, "state", cloud->state);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "clouds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->clouds->len; i++)
    {
      TdHostCloud *cloud = g_ptr_array_index (self->clouds, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, cloud->name);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, td_address_scope_to_string (cloud->scope));
      td_json_add_string_or_null (builder, "interface", cloud->interface);
      td_json_add_string_array (builder, "addresses", cloud->addresses);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
td_host_build_firewall_json (TdHost      *self,
                             JsonBuilder *builder)
{
  TdHostFirewall *firewall = self->firewall;

  json_builder_set_member_name (builder, "firewall");
  if (firewall == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  td_json_add_tristate (builder, "present", firewall->present);
  td_json_add_tristate (builder, "active", firewall->active);
  td_json_add_tristate (builder, "covers_ipv6", firewall->covers_ipv6);
  td_json_add_string_or_null (builder, "name", firewall->name);
  td_json_add_string_or_null (builder, "reason", firewall->reason);
  td_json_add_string_or_null (builder, "how_to_check", firewall->how_to_check);
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < firewall->sources->len; i++)
    {
      TdFirewallSource *source = g_ptr_array_index (firewall->sources, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, source->name);
      td_json_add_tristate (builder, "present", source->present);
      td_json_add_tristate (builder, "active", source->active);
      td_json_add_tristate (builder, "covers_ipv6", source->covers_ipv6);
      td_json_add_string_or_null (builder, "detail", source->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static int
compare_errors (gconstpointer a,
                gconstpointer b)
{
  const TdHostError *ea = *(TdHostError * const *) a;
  const TdHostError *eb = *(TdHostError * const *) b;

  return strcmp (ea->fact, eb->fact);
}

void
td_host_build_errors_json (TdHost             *self,
                           JsonBuilder        *builder,
                           const char * const *prefixes)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (self->errors, NULL, NULL);

  /* The copy inherits the free function; it only borrows the entries. */
  g_ptr_array_set_free_func (sorted, NULL);
  /* Sorted by fact: commands answer in any order, the output must not. */
  g_ptr_array_sort (sorted, compare_errors);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_object (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      TdHostError *entry = g_ptr_array_index (sorted, i);
      gboolean wanted = prefixes == NULL;

      for (guint p = 0; !wanted && prefixes[p] != NULL; p++)
        wanted = g_str_has_prefix (entry->fact, prefixes[p]);
      if (!wanted)
        continue;
      json_builder_set_member_name (builder, entry->fact);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, entry->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, entry->message);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
build_windows_json (TdHost      *self,
                    JsonBuilder *builder)
{
  TdHostWindows *windows = self->windows;

  json_builder_set_member_name (builder, "windows");
  if (windows == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  td_json_add_int_or_null (builder, "disabled_components", windows->disabled_components >= 0,
                           windows->disabled_components);
  td_json_add_int_or_null (builder, "teredo_type", windows->teredo_type >= 0, windows->teredo_type);
  json_builder_set_member_name (builder, "policy");
  json_builder_begin_object (builder);
  for (guint i = 0; i < windows->policy_names->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (windows->policy_names, i));
      json_builder_add_string_value (builder, g_ptr_array_index (windows->policy_values, i));
    }
  json_builder_end_object (builder);
  /* Where each policy value was found: the fix deletes it there. */
  json_builder_set_member_name (builder, "policy_keys");
  json_builder_begin_object (builder);
  for (guint i = 0; i < windows->policy_names->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (windows->policy_names, i));
      if (g_ptr_array_index (windows->policy_keys, i) != NULL)
        json_builder_add_string_value (builder, g_ptr_array_index (windows->policy_keys, i));
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->services->len; i++)
    {
      TdHostService *service = g_ptr_array_index (windows->services, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, service->name);
      td_json_add_string_or_null (builder, "state", service->state);
      td_json_add_string_or_null (builder, "start_type", service->start_type);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "vpn_adapters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->vpn_adapters->len; i++)
    {
      TdHostAdapter *adapter = g_ptr_array_index (windows->vpn_adapters, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "name", adapter->name);
      td_json_add_string_or_null (builder, "description", adapter->description);
      td_json_add_string_or_null (builder, "kind", adapter->kind);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  td_json_add_tristate (builder, "domain_member", windows->domain_member);
  td_json_add_string_or_null (builder, "domain", windows->domain);
  json_builder_set_member_name (builder, "off_switches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->off_switches->len; i++)
    {
      TdHostOffSwitch *off = g_ptr_array_index (windows->off_switches, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, off->id);
      td_json_add_string_or_null (builder, "detail", off->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_evidence_json (TdHost      *self,
                     JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->evidence->len; i++)
    {
      TdHostEvidence *evidence = g_ptr_array_index (self->evidence, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "argv");
      if (evidence->argv != NULL)
        {
          json_builder_begin_array (builder);
          for (guint a = 0; evidence->argv[a] != NULL; a++)
            json_builder_add_string_value (builder, evidence->argv[a]);
          json_builder_end_array (builder);
        }
      else
        json_builder_add_null_value (builder);
      td_json_add_string_or_null (builder, "path", evidence->path);
      td_json_add_int_or_null (builder, "exit_status", evidence->exit_status >= 0,
                               evidence->exit_status);
      json_builder_set_member_name (builder, "elapsed_ms");
      json_builder_add_int_value (builder, evidence->elapsed_ms);
      td_json_add_string_or_null (builder, "stdout", evidence->stdout_text);
      td_json_add_string_or_null (builder, "stderr", evidence->stderr_text);
      json_builder_set_member_name (builder, "error");
      if (evidence->error_code != NULL)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, evidence->error_code);
          td_json_add_string_or_null (builder, "message", evidence->error_message);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
td_host_to_json (TdHost          *self,
                 TdHostJsonFlags  flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, td_platform_to_string (self->platform));

  json_builder_set_member_name (builder, "ipv6");
  json_builder_begin_object (builder);
  td_json_add_tristate (builder, "enabled", self->ipv6_enabled);
  td_json_add_string_array (builder, "reasons", self->ipv6_reasons);
  json_builder_end_object (builder);

  td_host_build_addresses_json (self, builder);
  td_json_add_tristate (builder, "default_route", self->default_route);
  td_json_add_string_or_null (builder, "default_route_interface", self->default_route_interface);
  td_host_build_clouds_json (self, builder);

  json_builder_set_member_name (builder, "client");
  if (self->client != NULL)
    td_teredo_client_to_json (self->client, builder);
  else
    json_builder_add_null_value (builder);

  td_host_build_firewall_json (self, builder);
  build_windows_json (self, builder);
  td_host_build_errors_json (self, builder, NULL);
  if (flags & TD_HOST_JSON_EVIDENCE)
    build_evidence_json (self, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- JSON in ---------------------------------------------------------- */

/* Every reader below prefixes its errors with where it was, so that a bad
 * report says "addresses[3]: member “scope” …". */
static gboolean
fail_at (GError     **error,
         const char  *where)
{
  if (error != NULL && *error != NULL)
    g_prefix_error (error, "%s: ", where);
  return FALSE;
}

static gboolean
get_enum (JsonObject         *object,
          const char         *member,
          const char * const *names,
          gsize               n_names,
          int                *out_value,
          GError            **error)
{
  guint value;

  if (!td_json_get_enum (object, member, names, n_names, FALSE, &value, error))
    return FALSE;
  *out_value = (int) value;
  return TRUE;
}

static JsonObject *
array_object (JsonArray   *array,
              guint        index,
              const char  *member,
              GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s[%u] must be an object", member, index);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_address (JsonObject  *object,
              TdHost      *host,
              GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *interface = NULL;
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func (g_free);
  gint64 prefix_length;
  int scope, origin;
  guint bits = 0;
  guint8 bytes[16];
  TdHostAddress *address;

  if (!td_json_get_string (object, "address", FALSE, &text, error) ||
      !td_json_get_int_or_null (object, "prefix_length", 0, 128, -1, &prefix_length, error) ||
      !td_json_get_string (object, "interface", TRUE, &interface, error) ||
      !get_enum (object, "scope", td_address_scope_names, G_N_ELEMENTS (td_address_scope_names), &scope, error) ||
      !get_enum (object, "origin", td_address_origin_names, G_N_ELEMENTS (td_address_origin_names), &origin, error) ||
      !td_json_get_string_array (object, "flags", flags, error))
    return FALSE;
  if (!td_ipv6_parse (text, bytes))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “address” is not an IPv6 address: “%s”", text);
      return FALSE;
    }
  for (guint i = 0; i < flags->len; i++)
    {
      gboolean known = FALSE;

      for (gsize f = 0; f < G_N_ELEMENTS (td_address_flag_names); f++)
        if (g_str_equal (td_address_flag_names[f].name, g_ptr_array_index (flags, i)))
          {
            bits |= td_address_flag_names[f].flag;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “flags” has an unknown flag “%s”",
                       (char *) g_ptr_array_index (flags, i));
          return FALSE;
        }
    }
  address = td_host_address_new (text, (int) prefix_length, interface, bits);
  /* Keep what the report says, even if we would classify it differently. */
  address->scope = scope;
  address->origin = origin;
  g_ptr_array_add (host->addresses, address);
  return TRUE;
}

static gboolean
read_clouds (JsonObject  *root,
             TdHost      *host,
             GError     **error)
{
  JsonArray *array;
  int pnrp;

  if (!get_enum (root, "pnrp", td_pnrp_status_names, G_N_ELEMENTS (td_pnrp_status_names), &pnrp, error))
    return FALSE;
  host->pnrp = pnrp;

  if (!td_json_get_array (root, "pnrp_clouds", &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = array_object (array, i, "pnrp_clouds", error);
      g_autofree char *name = NULL;
      g_autofree char *state = NULL;
      g_autofree char *where = g_strdup_printf ("pnrp_clouds[%u]", i);
      gint64 id, n;
      int scope;

      if (object == NULL)
        return FALSE;
      if (!td_json_get_string (object, "name", FALSE, &name, error) ||
          !get_enum (object, "scope", td_address_scope_names, G_N_ELEMENTS (td_address_scope_names), &scope, error) ||
          !td_json_get_int_or_null (object, "id", 0, G_MAXINT, -1, &id, error) ||
          !td_json_get_int_or_null (object, "addresses", 0, G_MAXINT, -1, &n, error) ||
          !td_json_get_string (object, "state", TRUE, &state, error))
        return fail_at (error, where);
      g_ptr_array_add (host->pnrp_clouds,
                       td_host_pnrp_cloud_new (name, scope, (int) id, (int) n, state));
    }

  if (!td_json_get_array (root, "clouds", &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = array_object (array, i, "clouds", error);
      g_autofree char *name = NULL;
      g_autofree char *interface = NULL;
      g_autofree char *where = g_strdup_printf ("clouds[%u]", i);
      TdHostCloud *cloud;
      int scope;

      if (object == NULL)
        return FALSE;
      if (!td_json_get_string (object, "name", FALSE, &name, error) ||
          !get_enum (object, "scope", td_address_scope_names, G_N_ELEMENTS (td_address_scope_names), &scope, error) ||
          !td_json_get_string (object, "interface", TRUE, &interface, error))
        return fail_at (error, where);
      cloud = td_host_cloud_new (name, scope, interface);
      g_ptr_array_add (host->clouds, cloud);
      if (!td_json_get_string_array (object, "addresses", cloud->addresses, error))
        return fail_at (error, where);
    }
  return TRUE;
}

static gboolean
read_firewall (JsonObject  *root,
               TdHost      *host,
               GError     **error)
{
  JsonObject *object;
  JsonArray *sources;
  TdHostFirewall *firewall;

  if (!td_json_get_object (root, "firewall", TRUE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  firewall = host->firewall = td_host_firewall_new ();
  if (!td_json_get_tristate (object, "present", &firewall->present, error) ||
      !td_json_get_tristate (object, "active", &firewall->active, error) ||
      !td_json_get_tristate (object, "covers_ipv6", &firewall->covers_ipv6, error) ||
      !td_json_get_string (object, "name", TRUE, &firewall->name, error) ||
      !td_json_get_string (object, "reason", TRUE, &firewall->reason, error) ||
      !td_json_get_string (object, "how_to_check", TRUE, &firewall->how_to_check, error) ||
      !td_json_get_array (object, "sources", &sources, error))
    return fail_at (error, "firewall");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *item = array_object (sources, i, "firewall.sources", error);
      g_autofree char *where = g_strdup_printf ("firewall.sources[%u]", i);
      TdFirewallSource *source;

      if (item == NULL)
        return FALSE;
      source = td_firewall_source_new (NULL, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET,
                                       TD_TRISTATE_UNSET, NULL);
      g_ptr_array_add (firewall->sources, source);
      if (!td_json_get_string (item, "name", FALSE, &source->name, error) ||
          !td_json_get_tristate (item, "present", &source->present, error) ||
          !td_json_get_tristate (item, "active", &source->active, error) ||
          !td_json_get_tristate (item, "covers_ipv6", &source->covers_ipv6, error) ||
          !td_json_get_string (item, "detail", TRUE, &source->detail, error))
        return fail_at (error, where);
    }
  return TRUE;
}

static gboolean
read_windows (JsonObject  *root,
              TdHost      *host,
              GError     **error)
{
  JsonObject *object;
  JsonObject *policy;
  JsonArray *array;
  TdHostWindows *windows;
  g_autoptr(GList) members = NULL;

  if (!td_json_get_object (root, "windows", TRUE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  windows = host->windows = td_host_windows_new ();
  if (!td_json_get_int_or_null (object, "disabled_components", 0, G_MAXUINT32, -1,
                                &windows->disabled_components, error) ||
      !td_json_get_int_or_null (object, "teredo_type", 0, G_MAXUINT32, -1,
                                &windows->teredo_type, error) ||
      !td_json_get_tristate (object, "domain_member", &windows->domain_member, error) ||
      !td_json_get_string (object, "domain", TRUE, &windows->domain, error) ||
      !td_json_get_object (object, "policy", FALSE, &policy, error))
    return fail_at (error, "windows");

  members = json_object_get_members (policy);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (policy, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                       "windows.policy: member “%s” must be a string", (char *) l->data);
          return FALSE;
        }
      g_ptr_array_add (windows->policy_names, g_strdup (l->data));
      g_ptr_array_add (windows->policy_values, g_strdup (json_node_get_string (node)));
      g_ptr_array_add (windows->policy_keys, NULL);
    }
  /* Optional: reports written before it was recorded lack it. */
  if (json_object_has_member (object, "policy_keys"))
    {
      JsonObject *keys;

      if (!td_json_get_object (object, "policy_keys", FALSE, &keys, error))
        return fail_at (error, "windows");
      for (guint i = 0; i < windows->policy_names->len; i++)
        {
          const char *name = g_ptr_array_index (windows->policy_names, i);
          g_autofree char *key = NULL;

          if (json_object_has_member (keys, name) &&
              !td_json_get_string (keys, name, TRUE, &key, error))
            return fail_at (error, "windows.policy_keys");
          g_ptr_array_index (windows->policy_keys, i) = g_steal_pointer (&key);
        }
    }

  if (!td_json_get_array (object, "services", &array, error))
    return fail_at (error, "windows");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "windows.services", error);
      g_autofree char *name = NULL, *state = NULL, *start_type = NULL;
      g_autofree char *where = g_strdup_printf ("windows.services[%u]", i);

      if (item == NULL)
        return FALSE;
      if (!td_json_get_string (item, "name", FALSE, &name, error) ||
          !td_json_get_string (item, "state", TRUE, &state, error) ||
          !td_json_get_string (item, "start_type", TRUE, &start_type, error))
        return fail_at (error, where);
      td_host_windows_add_service (windows, name, state, start_type);
    }

  if (!td_json_get_array (object, "vpn_adapters", &array, error))
    return fail_at (error, "windows");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "windows.vpn_adapters", error);
      g_autofree char *name = NULL, *description = NULL, *kind = NULL;
      g_autofree char *where = g_strdup_printf ("windows.vpn_adapters[%u]", i);

      if (item == NULL)
        return FALSE;
      if (!td_json_get_string (item, "name", TRUE, &name, error) ||
          !td_json_get_string (item, "description", TRUE, &description, error) ||
          !td_json_get_string (item, "kind", TRUE, &kind, error))
        return fail_at (error, where);
      td_host_windows_add_adapter (windows, name, description, kind);
    }

  if (!td_json_get_array (object, "off_switches", &array, error))
    return fail_at (error, "windows");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "windows.off_switches", error);
      g_autofree char *id = NULL, *detail = NULL;
      g_autofree char *where = g_strdup_printf ("windows.off_switches[%u]", i);

      if (item == NULL)
        return FALSE;
      if (!td_json_get_string (item, "id", FALSE, &id, error) ||
          !td_json_get_string (item, "detail", TRUE, &detail, error))
        return fail_at (error, where);
      td_host_windows_add_off_switch (windows, id, detail);
    }
  return TRUE;
}

static gboolean
read_errors (JsonObject  *root,
             TdHost      *host,
             GError     **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!td_json_get_object (root, "errors", FALSE, &object, error))
    return FALSE;
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *item;
      g_autofree char *code = NULL, *message = NULL;

      if (!td_json_get_object (object, l->data, FALSE, &item, error) ||
          !td_json_get_string (item, "code", FALSE, &code, error) ||
          !td_json_get_string (item, "message", FALSE, &message, error))
        return fail_at (error, "errors");
      td_host_set_error_strings (host, l->data, code, message);
    }
  return TRUE;
}

static gboolean
read_evidence (JsonObject  *root,
               TdHost      *host,
               GError     **error)
{
  JsonArray *array;

  if (!json_object_has_member (root, "evidence"))
    return TRUE;
  if (!td_json_get_array (root, "evidence", &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "evidence", error);
      g_autofree char *where = g_strdup_printf ("evidence[%u]", i);
      TdHostEvidence *evidence;
      JsonNode *argv_node;
      JsonObject *err;
      gint64 exit_status;

      if (item == NULL)
        return FALSE;
      evidence = g_new0 (TdHostEvidence, 1);
      g_ptr_array_add (host->evidence, evidence);
      argv_node = json_object_get_member (item, "argv");
      if (argv_node == NULL || (!JSON_NODE_HOLDS_NULL (argv_node) && !JSON_NODE_HOLDS_ARRAY (argv_node)))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “argv” must be an array or null");
          return fail_at (error, where);
        }
      if (JSON_NODE_HOLDS_ARRAY (argv_node))
        {
          g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

          if (!td_json_get_string_array (item, "argv", argv, error))
            return fail_at (error, where);
          g_ptr_array_set_free_func (argv, NULL);
          g_ptr_array_add (argv, NULL);
          evidence->argv = (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
        }
      if (!td_json_get_string (item, "path", TRUE, &evidence->path, error) ||
          !td_json_get_int_or_null (item, "exit_status", 0, G_MAXINT, -1, &exit_status, error) ||
          !td_json_get_int (item, "elapsed_ms", 0, G_MAXINT64, &evidence->elapsed_ms, error) ||
          !td_json_get_string (item, "stdout", TRUE, &evidence->stdout_text, error) ||
          !td_json_get_string (item, "stderr", TRUE, &evidence->stderr_text, error) ||
          !td_json_get_object (item, "error", TRUE, &err, error))
        return fail_at (error, where);
      evidence->exit_status = (int) exit_status;
      if (err != NULL &&
          (!td_json_get_string (err, "code", FALSE, &evidence->error_code, error) ||
           !td_json_get_string (err, "message", TRUE, &evidence->error_message, error)))
        return fail_at (error, where);
    }
  return TRUE;
}

TdHost *
td_host_from_json (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(TdHost) host = NULL;
  JsonObject *root, *ipv6, *client;
  JsonArray *addresses;
  int platform;

  root = td_json_require_object (node, "host", error);
  if (root == NULL)
    return NULL;
  if (!get_enum (root, "platform", td_platform_names, G_N_ELEMENTS (td_platform_names), &platform, error))
    return NULL;
  host = td_host_new (platform);

  if (!td_json_get_object (root, "ipv6", FALSE, &ipv6, error))
    return NULL;
  if (!td_json_get_tristate (ipv6, "enabled", &host->ipv6_enabled, error) ||
      !td_json_get_string_array (ipv6, "reasons", host->ipv6_reasons, error))
    {
      fail_at (error, "ipv6");
      return NULL;
    }

  if (!td_json_get_array (root, "addresses", &addresses, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (addresses); i++)
    {
      JsonObject *item = array_object (addresses, i, "addresses", error);
      g_autofree char *where = g_strdup_printf ("addresses[%u]", i);

      if (item == NULL)
        return NULL;
      if (!read_address (item, host, error))
        {
          fail_at (error, where);
          return NULL;
        }
    }

  if (!td_json_get_tristate (root, "default_route", &host->default_route, error) ||
      !td_json_get_string (root, "default_route_interface", TRUE,
                           &host->default_route_interface, error) ||
      !read_clouds (root, host, error))
    return NULL;

  if (!td_json_get_object (root, "client", TRUE, &client, error))
    return NULL;
  if (client != NULL)
    {
      host->client = td_teredo_client_from_json (json_object_get_member (root, "client"), error);
      if (host->client == NULL)
        {
          fail_at (error, "client");
          return NULL;
        }
    }

  if (!read_firewall (root, host, error) ||
      !read_windows (root, host, error) ||
      !read_errors (root, host, error) ||
      !read_evidence (root, host, error))
    return NULL;

  return g_steal_pointer (&host);
}
