/* td-macos-parse.c — parsers for macOS (and BSD / Linux net-tools) commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"
#include "td-macos-parse.h"

/* ---- ifconfig --------------------------------------------------------- */

static void
inet6_free (TdIfInet6 *a)
{
  if (a == NULL)
    return;
  g_free (a->address);
  g_free (a->zone);
  g_free (a);
}

static void
interface_free (TdIfconfigInterface *i)
{
  if (i == NULL)
    return;
  g_free (i->name);
  g_free (i->status);
  g_ptr_array_unref (i->flags);
  g_ptr_array_unref (i->inet);
  g_ptr_array_unref (i->inet6);
  g_free (i);
}

void
td_ifconfig_free (TdIfconfig *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->interfaces);
  g_free (self);
}

static TdIfconfigInterface *
interface_new (const char *name)
{
  TdIfconfigInterface *i = g_new0 (TdIfconfigInterface, 1);

  i->name = g_strdup (name);
  i->mtu = -1;
  i->flags = g_ptr_array_new_with_free_func (g_free);
  i->inet = g_ptr_array_new_with_free_func (g_free);
  i->inet6 = g_ptr_array_new_with_free_func ((GDestroyNotify) inet6_free);
  return i;
}

static void
add_flag (TdIfconfigInterface *i,
          const char          *flag)
{
  if (flag[0] == '\0')
    return;
  g_ptr_array_add (i->flags, g_strdup (flag));
  if (strcmp (flag, "UP") == 0)
    i->up = TRUE;
}

static void
set_mtu (TdIfconfigInterface *i,
         const char          *text)
{
  guint64 n;

  if (g_ascii_isdigit (text[0]) && td_console_parse_uint (text, &n) && n <= G_MAXINT)
    i->mtu = (int) n;
}

/* "en0: flags=8863<UP,BROADCAST,…> mtu 1500" (BSD, macOS, new net-tools)
 * or "teredo    Link encap:UNSPEC  HWaddr …" (old net-tools). */
static TdIfconfigInterface *
parse_header (const char *line)
{
  const char *flags = strstr (line, ": flags=");
  TdIfconfigInterface *i;
  g_auto(GStrv) words = NULL;

  if (td_console_indent (line) > 0)
    return NULL;

  if (flags != NULL && flags > line)
    {
      g_autofree char *name = g_strndup (line, (gsize) (flags - line));
      const char *open = strchr (flags, '<');
      const char *close = open != NULL ? strchr (open, '>') : NULL;

      if (strchr (name, ' ') != NULL)
        return NULL;
      i = interface_new (name);
      if (open != NULL && close != NULL)
        {
          g_autofree char *list = g_strndup (open + 1, (gsize) (close - open - 1));
          g_auto(GStrv) parts = g_strsplit (list, ",", -1);

          for (guint k = 0; parts[k] != NULL; k++)
            add_flag (i, parts[k]);
        }
      words = td_console_split_columns (flags, 0);
      for (guint k = 0; words[k] != NULL; k++)
        if (strcmp (words[k], "mtu") == 0 && words[k + 1] != NULL)
          set_mtu (i, words[k + 1]);
      return i;
    }

  if (strstr (line, " Link encap:") != NULL)
    {
      words = td_console_split_columns (line, 2);
      return interface_new (words[0]);
    }
  return NULL;
}

static void
add_inet6 (TdIfconfigInterface *i,
           const char          *text,
           int                  prefixlen)
{
  g_autofree char *addr = g_strdup (text);
  char *percent = strchr (addr, '%');
  char *slash = strchr (addr, '/');
  guint8 v6[16];
  TdIfInet6 *e;
  char *zone = NULL;

  if (slash != NULL)
    {
      guint64 n;

      *slash = '\0';
      if (td_console_parse_uint (slash + 1, &n) && n <= 128)
        prefixlen = (int) n;
    }
  if (percent != NULL)
    {
      *percent = '\0';
      if (percent[1] != '\0')
        zone = g_strdup (percent + 1);
    }
  if (!td_ipv6_parse (addr, v6))
    {
      g_free (zone);
      return;
    }
  e = g_new0 (TdIfInet6, 1);
  e->address = td_ipv6_to_string (v6);
  e->zone = zone;
  e->prefixlen = prefixlen;
  e->link_local = (v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80);
  e->teredo = (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0);
  g_ptr_array_add (i->inet6, e);
}

static void
parse_body_line (TdIfconfigInterface *i,
                 const char          *line)
{
  g_auto(GStrv) w = td_console_split_columns (line, 0);
  guint n = g_strv_length (w);

  if (n == 0)
    return;

  if (strcmp (w[0], "inet6") == 0 && n >= 2)
    {
      int prefixlen = -1;

      /* Old net-tools: "inet6 addr: 2001:0:…/32 Scope:Global". */
      if (strcmp (w[1], "addr:") == 0)
        {
          if (n >= 3)
            add_inet6 (i, w[2], -1);
          return;
        }
      for (guint k = 2; k + 1 < n; k++)
        {
          guint64 v;

          if (strcmp (w[k], "prefixlen") == 0 && td_console_parse_uint (w[k + 1], &v) && v <= 128)
            prefixlen = (int) v;
        }
      add_inet6 (i, w[1], prefixlen);
      return;
    }

  if (strcmp (w[0], "inet") == 0 && n >= 2)
    {
      const char *a = g_str_has_prefix (w[1], "addr:") ? w[1] + 5 : w[1];
      guint32 v4;

      if (td_ipv4_parse (a, &v4))
        g_ptr_array_add (i->inet, td_ipv4_to_string (v4));
      return;
    }

  if (strcmp (w[0], "status:") == 0 && n >= 2)
    {
      g_free (i->status);
      i->status = g_strdup (line + td_console_indent (line) + strlen ("status:"));
      g_strstrip (i->status);
      return;
    }

  /* Old net-tools: "UP POINTOPOINT RUNNING NOARP MULTICAST  MTU:1280  Metric:1". */
  for (guint k = 0; k < n; k++)
    {
      if (g_str_has_prefix (w[k], "MTU:"))
        {
          set_mtu (i, w[k] + 4);
          for (guint f = 0; f < k; f++)
            add_flag (i, w[f]);
          break;
        }
    }
}

TdIfconfig *
td_ifconfig_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) interfaces = NULL;
  g_autoptr(GHashTable) index = NULL;
  TdIfconfigInterface *current = NULL;
  TdIfconfig *self;

  lines = td_console_text_lines (text, "ifconfig", error);
  if (lines == NULL)
    return NULL;

  interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) interface_free);
  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint l = 0; l < lines->len; l++)
    {
      const char *line = g_ptr_array_index (lines, l);
      TdIfconfigInterface *header;
      gpointer pos;

      if (td_console_is_blank (line))
        continue;

      header = parse_header (line);
      if (header != NULL)
        {
          /* The same interface printed again: the later output wins, in
           * the earlier place. */
          if (g_hash_table_lookup_extended (index, header->name, NULL, &pos))
            {
              guint k = GPOINTER_TO_UINT (pos);

              interface_free (g_ptr_array_index (interfaces, k));
              g_ptr_array_index (interfaces, k) = header;
            }
          else
            {
              g_hash_table_insert (index, g_strdup (header->name),
                                   GUINT_TO_POINTER (interfaces->len));
              g_ptr_array_add (interfaces, header);
            }
          current = header;
          continue;
        }

      if (td_console_indent (line) == 0)
        {
          current = NULL;   /* a log line or a remark, not this interface */
          continue;
        }
      if (current != NULL)
        parse_body_line (current, line);
    }

  if (interfaces->len == 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No network interface found in the ifconfig output"));
      return NULL;
    }

  self = g_new0 (TdIfconfig, 1);
  self->interfaces = g_steal_pointer (&interfaces);
  return self;
}

const TdIfconfigInterface *
td_ifconfig_find (const TdIfconfig *self,
                  const char       *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->interfaces->len; i++)
    {
      const TdIfconfigInterface *iface = g_ptr_array_index (self->interfaces, i);

      if (strcmp (iface->name, name) == 0)
        return iface;
    }
  return NULL;
}

void
td_ifconfig_to_json (const TdIfconfig *self,
                     JsonBuilder      *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "interfaces");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->interfaces->len; i++)
    {
      const TdIfconfigInterface *iface = g_ptr_array_index (self->interfaces, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "name", iface->name);
      json_builder_set_member_name (builder, "flags");
      json_builder_begin_array (builder);
      for (guint k = 0; k < iface->flags->len; k++)
        json_builder_add_string_value (builder, g_ptr_array_index (iface->flags, k));
      json_builder_end_array (builder);
      td_json_add_bool (builder, "up", iface->up);
      td_json_add_int_or_null (builder, "mtu", iface->mtu >= 0, iface->mtu);
      td_json_add_string_or_null (builder, "status", iface->status);
      json_builder_set_member_name (builder, "inet");
      json_builder_begin_array (builder);
      for (guint k = 0; k < iface->inet->len; k++)
        json_builder_add_string_value (builder, g_ptr_array_index (iface->inet, k));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "inet6");
      json_builder_begin_array (builder);
      for (guint k = 0; k < iface->inet6->len; k++)
        {
          const TdIfInet6 *e = g_ptr_array_index (iface->inet6, k);

          json_builder_begin_object (builder);
          td_json_add_string_or_null (builder, "address", e->address);
          td_json_add_string_or_null (builder, "zone", e->zone);
          td_json_add_int_or_null (builder, "prefixlen", e->prefixlen >= 0, e->prefixlen);
          td_json_add_bool (builder, "link_local", e->link_local);
          td_json_add_bool (builder, "teredo", e->teredo);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* ---- netstat -rn -f inet6 --------------------------------------------- */

static void
route_free (TdRoute6 *r)
{
  if (r == NULL)
    return;
  g_free (r->gateway);
  g_free (r->flags);
  g_free (r->interface);
  g_free (r);
}

void
td_netstat_routes_free (TdNetstatRoutes *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->defaults);
  g_free (self);
}

TdNetstatRoutes *
td_netstat_inet6_parse (const char  *text,
                        GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) defaults = NULL;
  guint gateway_col = 1;
  guint flags_col = 2;
  guint netif_col = 3;
  gboolean header_seen = FALSE;
  guint n_routes = 0;
  TdNetstatRoutes *self;

  lines = td_console_text_lines (text, "netstat", error);
  if (lines == NULL)
    return NULL;

  defaults = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);

  for (guint l = 0; l < lines->len; l++)
    {
      g_auto(GStrv) w = td_console_split_columns (g_ptr_array_index (lines, l), 0);
      guint n = g_strv_length (w);

      if (n >= 3 && strcmp (w[0], "Destination") == 0)
        {
          /* Older releases have "Refs Use" before "Netif". */
          header_seen = TRUE;
          for (guint k = 1; k < n; k++)
            {
              if (strcmp (w[k], "Gateway") == 0)
                gateway_col = k;
              else if (strcmp (w[k], "Flags") == 0)
                flags_col = k;
              else if (strcmp (w[k], "Netif") == 0)
                netif_col = k;
            }
          continue;
        }

      if (n < 3 || (strcmp (w[0], "default") != 0 && strchr (w[0], ':') == NULL))
        continue;

      n_routes++;
      if (strcmp (w[0], "default") == 0 || strcmp (w[0], "::/0") == 0)
        {
          TdRoute6 *r = g_new0 (TdRoute6, 1);

          r->gateway = g_strdup (gateway_col < n ? w[gateway_col] : NULL);
          r->flags = g_strdup (flags_col < n ? w[flags_col] : NULL);
          r->interface = g_strdup (netif_col < n ? w[netif_col] : NULL);
          g_ptr_array_add (defaults, r);
        }
    }

  if (n_routes == 0 && !header_seen)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No IPv6 route table found in the netstat output"));
      return NULL;
    }

  self = g_new0 (TdNetstatRoutes, 1);
  self->n_routes = n_routes;
  self->defaults = g_steal_pointer (&defaults);
  return self;
}

void
td_netstat_routes_to_json (const TdNetstatRoutes *self,
                           JsonBuilder           *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "routes");
  json_builder_add_int_value (builder, self->n_routes);
  json_builder_set_member_name (builder, "defaults");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->defaults->len; i++)
    {
      const TdRoute6 *r = g_ptr_array_index (self->defaults, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "gateway", r->gateway);
      td_json_add_string_or_null (builder, "flags", r->flags);
      td_json_add_string_or_null (builder, "interface", r->interface);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* ---- socketfilterfw --getglobalstate ------------------------------------ */

gboolean
td_socketfilterfw_parse (const char          *text,
                         TdMacosAppFirewall  *out,
                         GError             **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  TdMacosAppFirewall r = { TD_TRISTATE_UNSET, -1 };

  g_return_val_if_fail (out != NULL, FALSE);

  lines = td_console_text_lines (text, "socketfilterfw", error);
  if (lines == NULL)
    return FALSE;

  for (guint l = 0; l < lines->len; l++)
    {
      const char *line = g_ptr_array_index (lines, l);
      const char *st = strstr (line, "(State = ");

      if (st != NULL)
        {
          const char *p = st + strlen ("(State = ");
          const char *end = p;
          guint64 n;

          while (g_ascii_isdigit (*end))
            end++;
          if (end > p && end - p < 6)
            {
              g_autofree char *digits = g_strndup (p, (gsize) (end - p));

              if (td_console_parse_uint (digits, &n))
                {
                  r.state = (int) n;
                  r.enabled = n > 0 ? TD_TRISTATE_YES : TD_TRISTATE_NO;
                }
            }
        }
      if (r.enabled == TD_TRISTATE_UNSET && td_console_contains_ci (line, "Firewall is enabled"))
        r.enabled = TD_TRISTATE_YES;
      else if (r.enabled == TD_TRISTATE_UNSET && td_console_contains_ci (line, "Firewall is disabled"))
        r.enabled = TD_TRISTATE_NO;
    }

  if (r.enabled == TD_TRISTATE_UNSET)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("No firewall state found in the socketfilterfw output"));
      return FALSE;
    }
  *out = r;
  return TRUE;
}

void
td_macos_app_firewall_to_json (const TdMacosAppFirewall *self,
                               JsonBuilder              *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enabled");
  if (self->enabled == TD_TRISTATE_UNSET)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, self->enabled == TD_TRISTATE_YES);
  td_json_add_int_or_null (builder, "state", self->state >= 0, self->state);
  json_builder_end_object (builder);
}

/* ---- pfctl -s info -------------------------------------------------------- */

gboolean
td_pfctl_info_parse (const char  *text,
                     gboolean    *out_enabled,
                     GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;

  g_return_val_if_fail (out_enabled != NULL, FALSE);

  lines = td_console_text_lines (text, "pfctl", error);
  if (lines == NULL)
    return FALSE;

  for (guint l = 0; l < lines->len; l++)
    {
      const char *line = g_ptr_array_index (lines, l);
      const char *t = line + td_console_indent (line);

      if (g_str_has_prefix (t, "Status: Enabled"))
        {
          *out_enabled = TRUE;
          return TRUE;
        }
      if (g_str_has_prefix (t, "Status: Disabled"))
        {
          *out_enabled = FALSE;
          return TRUE;
        }
      if (td_console_contains_ci (line, "Permission denied")
          || td_console_contains_ci (line, "Operation not permitted"))
        {
          /* TRANSLATORS: %s is pfctl's own complaint, e.g. "Permission denied". */
          g_set_error (error, TD_ERROR, TD_ERROR_PERMISSION,
                       _("pfctl needs administrator rights (%s)"), t);
          return FALSE;
        }
    }

  g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No Status line found in the pfctl output"));
  return FALSE;
}
