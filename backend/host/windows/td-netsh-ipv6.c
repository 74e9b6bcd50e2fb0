/* td-netsh-ipv6.c — `netsh interface ipv6 show interface` / `show route`
 *
 *   Idx     Met         MTU          State                Name
 *   ---  ----------  ----------  ------------  ---------------------------
 *    19          50        1280  connected     Teredo Tunneling Pseudo-Interface
 *
 *   Publish  Type      Met  Prefix                    Idx  Gateway/Interface Name
 *   -------  --------  ---  ------------------------  ---  ------------------------
 *   No       Manual    256  ::/0                       55  Teredo Tunneling Pseudo-Interface
 *
 * A table rule starts a new table, so the last one in a paste wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"
#include "td-netsh-ipv6.h"

static gboolean
parse_number (const char *text,
              guint64     max,
              guint64    *out)
{
  if (!g_ascii_isdigit (text[0]) || (text[0] == '0' && text[1] != '\0'))
    return FALSE;
  return td_console_parse_uint (text, out) && *out <= max;
}

static void
interface_free (TdNetshInterface *i)
{
  if (i == NULL)
    return;
  g_free (i->state);
  g_free (i->name);
  g_free (i);
}

void
td_netsh_interfaces_free (TdNetshInterfaces *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->interfaces);
  g_free (self);
}

TdNetshInterfaces *
td_netsh_interfaces_parse (const char  *text,
                           GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  TdNetshInterfaces *self;

  lines = td_console_text_lines (text, "netsh interface ipv6", error);
  if (lines == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) interface_free);

  for (guint l = 0; l < lines->len; l++)
    {
      const char *line = g_ptr_array_index (lines, l);
      g_auto(GStrv) w = NULL;
      guint64 idx, met, mtu;
      TdNetshInterface *row;

      if (td_console_is_rule (line))
        {
          g_ptr_array_set_size (rows, 0);
          continue;
        }
      w = td_console_split_columns (line, 5);
      if (g_strv_length (w) != 5
          || !parse_number (w[0], G_MAXUINT, &idx)
          || !parse_number (w[1], G_MAXUINT, &met)
          || !parse_number (w[2], G_MAXUINT32, &mtu)
          || g_ascii_isdigit (w[3][0]))
        continue;

      row = g_new0 (TdNetshInterface, 1);
      row->index = (guint) idx;
      row->metric = (guint) met;
      row->mtu = (gint64) mtu;
      row->state = g_strdup (w[3]);
      row->name = g_strdup (w[4]);
      row->is_teredo = td_console_contains_ci (row->name, "teredo");
      g_ptr_array_add (rows, row);
    }

  if (rows->len == 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No interface row found in the netsh output"));
      return NULL;
    }
  self = g_new0 (TdNetshInterfaces, 1);
  self->interfaces = g_steal_pointer (&rows);
  return self;
}

const TdNetshInterface *
td_netsh_interfaces_find_teredo (const TdNetshInterfaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->interfaces->len; i++)
    {
      const TdNetshInterface *row = g_ptr_array_index (self->interfaces, i);

      if (row->is_teredo)
        return row;
    }
  return NULL;
}

void
td_netsh_interfaces_to_json (const TdNetshInterfaces *self,
                             JsonBuilder             *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "interfaces");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->interfaces->len; i++)
    {
      const TdNetshInterface *row = g_ptr_array_index (self->interfaces, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, row->index);
      json_builder_set_member_name (builder, "metric");
      json_builder_add_int_value (builder, row->metric);
      json_builder_set_member_name (builder, "mtu");
      json_builder_add_int_value (builder, row->mtu);
      td_json_add_string_or_null (builder, "state", row->state);
      td_json_add_string_or_null (builder, "name", row->name);
      json_builder_set_member_name (builder, "is_teredo");
      json_builder_add_boolean_value (builder, row->is_teredo);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
route_free (TdNetshRoute *r)
{
  if (r == NULL)
    return;
  g_free (r->published);
  g_free (r->type);
  g_free (r->prefix);
  g_free (r->gateway);
  g_free (r);
}

void
td_netsh_routes_free (TdNetshRoutes *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->routes);
  g_free (self);
}

TdNetshRoutes *
td_netsh_routes_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  TdNetshRoutes *self;

  lines = td_console_text_lines (text, "netsh interface ipv6", error);
  if (lines == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);

  for (guint l = 0; l < lines->len; l++)
    {
      const char *line = g_ptr_array_index (lines, l);
      g_auto(GStrv) w = NULL;
      guint64 met, idx;
      TdNetshRoute *row;

      if (td_console_is_rule (line))
        {
          g_ptr_array_set_size (rows, 0);
          continue;
        }
      w = td_console_split_columns (line, 6);
      if (g_strv_length (w) != 6
          || !parse_number (w[2], G_MAXUINT, &met)
          || strchr (w[3], '/') == NULL || strchr (w[3], ':') == NULL
          || !parse_number (w[4], G_MAXUINT, &idx))
        continue;

      row = g_new0 (TdNetshRoute, 1);
      row->published = g_strdup (w[0]);
      row->type = g_strdup (w[1]);
      row->metric = (guint) met;
      row->prefix = g_strdup (w[3]);
      row->index = (guint) idx;
      row->gateway = g_strdup (w[5]);
      g_ptr_array_add (rows, row);
    }

  if (rows->len == 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No IPv6 route found in the netsh output"));
      return NULL;
    }
  self = g_new0 (TdNetshRoutes, 1);
  self->routes = g_steal_pointer (&rows);
  return self;
}

const TdNetshRoute *
td_netsh_routes_find_default (const TdNetshRoutes *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->routes->len; i++)
    {
      const TdNetshRoute *r = g_ptr_array_index (self->routes, i);

      if (strcmp (r->prefix, "::/0") == 0)
        return r;
    }
  return NULL;
}

void
td_netsh_routes_to_json (const TdNetshRoutes *self,
                         JsonBuilder         *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "routes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->routes->len; i++)
    {
      const TdNetshRoute *r = g_ptr_array_index (self->routes, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "published", r->published);
      td_json_add_string_or_null (builder, "type", r->type);
      json_builder_set_member_name (builder, "metric");
      json_builder_add_int_value (builder, r->metric);
      td_json_add_string_or_null (builder, "prefix", r->prefix);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, r->index);
      td_json_add_string_or_null (builder, "gateway", r->gateway);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
