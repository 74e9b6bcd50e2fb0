/* td-server-list.c — the dated table of public Teredo servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "td-backend-resources.h"
#include "td-error.h"
#include "td-json.h"
#include "td-server-list.h"

#define TABLE_RESOURCE "/io/github/teredodoctor/TeredoDoctor/backend/teredo-servers.json"

static void
entry_free (TdServerEntry *entry)
{
  g_free (entry->name);
  g_free (entry->operator_name);
  g_strfreev (entry->ipv4);
  g_free (entry->last_seen);
  g_free (entry->default_for);
  g_free (entry->note);
  g_free (entry);
}

const char *
td_server_status_to_string (TdServerStatus status)
{
  switch (status)
    {
    case TD_SERVER_STATUS_ALIVE:
      return "alive";
    case TD_SERVER_STATUS_DEAD:
      return "dead";
    case TD_SERVER_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

static TdServerEntry *
parse_entry (JsonNode  *node,
             GError   **error)
{
  g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();
  TdServerEntry *entry = g_new0 (TdServerEntry, 1);
  g_autofree char *status = NULL;
  JsonObject *object;
  JsonArray *ipv4;

  if ((object = td_json_require_object (node, "server", error)) == NULL ||
      !td_json_get_string (object, "name", FALSE, &entry->name, error) ||
      !td_json_get_string (object, "operator", FALSE, &entry->operator_name, error) ||
      !td_json_get_string (object, "status", FALSE, &status, error) ||
      !td_json_get_array (object, "ipv4", &ipv4, error) ||
      !td_json_get_string (object, "last_seen", FALSE, &entry->last_seen, error) ||
      !td_json_get_string (object, "default_for", TRUE, &entry->default_for, error) ||
      !td_json_get_string (object, "note", FALSE, &entry->note, error) ||
      (json_object_has_member (object, "peers_only") &&
       !td_json_get_bool (object, "peers_only", &entry->peers_only, error)))
    goto fail;

  if (g_str_equal (status, "alive"))
    entry->status = TD_SERVER_STATUS_ALIVE;
  else if (g_str_equal (status, "dead"))
    entry->status = TD_SERVER_STATUS_DEAD;
  else if (g_str_equal (status, "unknown"))
    entry->status = TD_SERVER_STATUS_UNKNOWN;
  else
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "unknown server status “%s”", status);
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (ipv4); i++)
    {
      const char *text = json_array_get_string_element (ipv4, i);

      if (text == NULL)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "ipv4 entries must be strings");
          goto fail;
        }
      g_strv_builder_add (addresses, text);
    }
  entry->ipv4 = g_strv_builder_end (addresses);
  return entry;

fail:
  if (entry->name != NULL)
    g_prefix_error (error, "%s: ", entry->name);
  entry_free (entry);
  return NULL;
}

GPtrArray *
td_server_list_parse (const char  *json,
                      gsize        length,
                      char       **out_updated,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  JsonObject *root;
  JsonArray *servers;
  gint64 version;

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;
  if ((root = td_json_require_object (json_parser_get_root (parser), "server table", error)) == NULL ||
      !td_json_get_int (root, "version", 1, 1, &version, error) ||
      !td_json_get_string (root, "updated", FALSE, out_updated, error) ||
      !td_json_get_array (root, "servers", &servers, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (servers); i++)
    {
      TdServerEntry *entry = parse_entry (json_array_get_element (servers, i), error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

static GPtrArray *default_table;
static char *default_updated;

const GPtrArray *
td_server_list_get_default (void)
{
  if (g_once_init_enter (&default_table))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *table;

      bytes = g_resource_lookup_data (td_backend_get_resource (), TABLE_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      table = td_server_list_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    &default_updated, &error);
      /* The table is part of the program and checked by the unit suite. */
      g_assert_no_error (error);
      g_once_init_leave (&default_table, table);
    }
  return default_table;
}

const char *
td_server_list_get_updated (void)
{
  td_server_list_get_default ();
  return default_updated;
}

const TdServerEntry *
td_server_list_lookup (const char *name)
{
  const GPtrArray *table = td_server_list_get_default ();
  g_autofree char *wanted = NULL;
  gsize len;

  if (name == NULL)
    return NULL;
  wanted = g_ascii_strdown (name, -1);
  len = strlen (wanted);
  if (len > 0 && wanted[len - 1] == '.')
    wanted[len - 1] = '\0';
  for (guint i = 0; i < table->len; i++)
    {
      const TdServerEntry *entry = g_ptr_array_index (table, i);

      if (g_ascii_strcasecmp (entry->name, wanted) == 0)
        return entry;
    }
  return NULL;
}

char **
td_server_list_alive_names (void)
{
  const GPtrArray *table = td_server_list_get_default ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < table->len; i++)
    {
      const TdServerEntry *entry = g_ptr_array_index (table, i);

      if (entry->status == TD_SERVER_STATUS_ALIVE)
        g_strv_builder_add (names, entry->name);
    }
  return g_strv_builder_end (names);
}
