/* td-linux-parse.c — Linux facts from text: /proc/net/if_inet6,
 * /proc/net/ipv6_route, `nft -j list ruleset`, `ip6tables -S`, `ufw status`
 *
 * Pure parsers (ufw also reads /etc/default/ufw under TD_PROC_ROOT), so
 * that the unit tests and the fuzzers can feed them any text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-linux-parse.h"

const char *
td_host_linux_root (void)
{
  const char *root = g_getenv ("TD_PROC_ROOT");

  return root != NULL && root[0] != '\0' ? root : "/";
}

/* ---- /proc/net/if_inet6 ---------------------------------------------- */

/* Splits on runs of blanks (the kernel pads its columns). */
static char **
split_fields (const char *line)
{
  g_auto(GStrv) raw = g_strsplit_set (line, " \t", -1);
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    if (raw[i][0] != '\0')
      g_ptr_array_add (fields, g_strdup (raw[i]));
  g_ptr_array_add (fields, NULL);
  return (char **) g_ptr_array_free (fields, FALSE);
}

static gboolean
parse_hex_field (const char *text,
                 guint64     max,
                 guint64    *out)
{
  return g_ascii_string_to_unsigned (text, 16, 0, max, out, NULL);
}

gboolean
td_host_linux_parse_if_inet6 (const char  *text,
                              GPtrArray   *addresses,
                              GError     **error)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      guint8 bytes[16];
      guint64 prefix, flags, scope, ifindex;
      g_autofree char *address = NULL;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      fields = split_fields (lines[i]);
      if (g_strv_length (fields) != 6 || strlen (fields[0]) != 32 ||
          !parse_hex_field (fields[1], G_MAXUINT32, &ifindex) ||
          !parse_hex_field (fields[2], 128, &prefix) ||
          !parse_hex_field (fields[3], 0xff, &scope) ||
          !parse_hex_field (fields[4], G_MAXUINT32, &flags))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                       _("/proc/net/if_inet6 line %u is malformed: “%s”"), i + 1, lines[i]);
          return FALSE;
        }
      for (guint b = 0; b < 16; b++)
        {
          int hi = g_ascii_xdigit_value (fields[0][2 * b]);
          int lo = g_ascii_xdigit_value (fields[0][2 * b + 1]);

          if (hi < 0 || lo < 0)
            {
              g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                           _("/proc/net/if_inet6 line %u has a bad address “%s”"), i + 1, fields[0]);
              return FALSE;
            }
          bytes[b] = (guint8) (hi << 4 | lo);
        }
      address = td_ipv6_to_string (bytes);
      g_ptr_array_add (addresses, td_host_address_new (address, (int) prefix, fields[5],
                                                       (guint) flags & 0xff));
    }
  return TRUE;
}

/* ---- /proc/net/ipv6_route -------------------------------------------- */

#define RTF_UP     0x0001
#define RTF_REJECT 0x0200

gboolean
td_host_linux_parse_ipv6_route (const char  *text,
                                gboolean    *out_has_default,
                                char       **out_interface,
                                GError     **error)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  *out_has_default = FALSE;
  *out_interface = NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      guint64 plen, flags;
      guint n;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      fields = split_fields (lines[i]);
      n = g_strv_length (fields);
      if (n != 10 || strlen (fields[0]) != 32 ||
          !parse_hex_field (fields[1], 128, &plen) ||
          !parse_hex_field (fields[8], G_MAXUINT32, &flags))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                       _("/proc/net/ipv6_route line %u is malformed: “%s”"), i + 1, lines[i]);
          return FALSE;
        }
      /* ::/0, up, and not the kernel's "unreachable" reject route on lo. */
      if (plen == 0 && strspn (fields[0], "0") == 32 &&
          (flags & RTF_UP) != 0 && (flags & RTF_REJECT) == 0 &&
          !g_str_equal (fields[9], "lo") && !*out_has_default)
        {
          *out_has_default = TRUE;
          *out_interface = g_strdup (fields[9]);
        }
    }
  return TRUE;
}

/* ---- firewall: nftables ---------------------------------------------- */

typedef struct {
  char     *family;
  char     *table;
  char     *name;
  char     *hook;       /* NULL for a regular chain */
  char     *policy;
  gboolean  has_drop;   /* a rule with a drop or reject verdict */
  GPtrArray *targets;   /* jump / goto targets (char *) */
} NftChain;

static void
nft_chain_free (NftChain *chain)
{
  g_free (chain->family);
  g_free (chain->table);
  g_free (chain->name);
  g_free (chain->hook);
  g_free (chain->policy);
  g_ptr_array_unref (chain->targets);
  g_free (chain);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static NftChain *
find_chain (GPtrArray  *chains,
            const char *family,
            const char *table,
            const char *name)
{
  for (guint i = 0; i < chains->len; i++)
    {
      NftChain *chain = g_ptr_array_index (chains, i);

      if (g_strcmp0 (chain->family, family) == 0 && g_strcmp0 (chain->table, table) == 0 &&
          g_strcmp0 (chain->name, name) == 0)
        return chain;
    }
  return NULL;
}

/* Walks a rule's expression tree: verdicts can sit deep inside vmaps. */
static void
scan_expr (JsonNode *node,
           NftChain *chain)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        scan_expr (json_array_get_element (array, i), chain);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *child = json_object_get_member (object, name);

          if (g_str_equal (name, "drop") || g_str_equal (name, "reject"))
            chain->has_drop = TRUE;
          else if ((g_str_equal (name, "jump") || g_str_equal (name, "goto")) &&
                   JSON_NODE_HOLDS_OBJECT (child))
            {
              const char *target = member_string (json_node_get_object (child), "target");

              if (target != NULL)
                g_ptr_array_add (chain->targets, g_strdup (target));
            }
          scan_expr (child, chain);
        }
    }
}

/* Does @chain drop, directly or through the chains it jumps to? */
static gboolean
chain_drops (GPtrArray  *chains,
             NftChain   *chain,
             GHashTable *visited)
{
  if (chain == NULL || g_hash_table_contains (visited, chain))
    return FALSE;
  g_hash_table_add (visited, chain);
  if (chain->has_drop)
    return TRUE;
  for (guint i = 0; i < chain->targets->len; i++)
    if (chain_drops (chains, find_chain (chains, chain->family, chain->table,
                                         g_ptr_array_index (chain->targets, i)), visited))
      return TRUE;
  return FALSE;
}

static gboolean
is_filter_hook (const char *hook)
{
  /* Output too: Teredo dies just as well when outbound UDP 3544 is dropped. */
  return g_strcmp0 (hook, "input") == 0 || g_strcmp0 (hook, "forward") == 0 ||
         g_strcmp0 (hook, "output") == 0;
}

TdFirewallSource *
td_host_linux_parse_nft_json (const char  *json,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) chains = g_ptr_array_new_with_free_func ((GDestroyNotify) nft_chain_free);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *items;
  const NftChain *v6_drop = NULL, *v4_drop = NULL, *any_base = NULL;
  gboolean v6_base = FALSE;
  guint n_tables = 0;
  g_autofree char *detail = NULL;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("nft printed no valid JSON: %s"),
                   local_error ? local_error->message : _("no output"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "nftables") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "nftables")))
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE,
                           _("nft JSON has no “nftables” array"));
      return NULL;
    }
  items = json_node_get_array (json_object_get_member (json_node_get_object (root), "nftables"));

  /* Two passes: rules may in principle come before their chain. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonNode *item = json_array_get_element (items, i);
        JsonObject *object, *body;

        if (!JSON_NODE_HOLDS_OBJECT (item))
          continue;
        object = json_node_get_object (item);
        if (pass == 0 && json_object_has_member (object, "table"))
          n_tables++;
        if (pass == 0 && json_object_has_member (object, "chain") &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "chain")))
          {
            NftChain *chain = g_new0 (NftChain, 1);

            body = json_object_get_object_member (object, "chain");
            chain->family = g_strdup (member_string (body, "family"));
            chain->table = g_strdup (member_string (body, "table"));
            chain->name = g_strdup (member_string (body, "name"));
            chain->hook = g_strdup (member_string (body, "hook"));
            chain->policy = g_strdup (member_string (body, "policy"));
            chain->targets = g_ptr_array_new_with_free_func (g_free);
            g_ptr_array_add (chains, chain);
          }
        if (pass == 1 && json_object_has_member (object, "rule") &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "rule")))
          {
            NftChain *chain;

            body = json_object_get_object_member (object, "rule");
            chain = find_chain (chains, member_string (body, "family"),
                                member_string (body, "table"), member_string (body, "chain"));
            if (chain != NULL && json_object_has_member (body, "expr"))
              scan_expr (json_object_get_member (body, "expr"), chain);
          }
      }

  for (guint i = 0; i < chains->len; i++)
    {
      NftChain *chain = g_ptr_array_index (chains, i);
      g_autoptr(GHashTable) visited = NULL;
      gboolean v6 = g_strcmp0 (chain->family, "inet") == 0 || g_strcmp0 (chain->family, "ip6") == 0;
      gboolean v4 = g_strcmp0 (chain->family, "ip") == 0;
      gboolean drops;

      if (!is_filter_hook (chain->hook) || (!v6 && !v4))
        continue;
      if (any_base == NULL)
        any_base = chain;
      v6_base |= v6;
      visited = g_hash_table_new (NULL, NULL);
      drops = g_strcmp0 (chain->policy, "drop") == 0 || chain_drops (chains, chain, visited);
      if (drops && v6 && v6_drop == NULL)
        v6_drop = chain;
      if (drops && v4 && v4_drop == NULL)
        v4_drop = chain;
    }

  if (v6_drop != NULL)
    {
      if (g_strcmp0 (v6_drop->policy, "drop") == 0)
        /* TRANSLATORS: nftables terms: "table inet filter: chain input (hook
         * input) has policy drop"; keep "table", "chain", "hook" and "policy
         * drop" recognisable, they are what `nft list ruleset` prints. */
        detail = g_strdup_printf (_("table %s %s: chain %s (hook %s) has policy drop"),
                                  v6_drop->family, v6_drop->table, v6_drop->name, v6_drop->hook);
      else
        detail = g_strdup_printf (_("table %s %s: chain %s (hook %s) has drop or reject rules"),
                                  v6_drop->family, v6_drop->table, v6_drop->name, v6_drop->hook);
      return td_firewall_source_new ("nftables", TD_TRISTATE_YES, TD_TRISTATE_YES,
                                     TD_TRISTATE_YES, detail);
    }
  if (v4_drop != NULL)
    {
      /* TRANSLATORS: "ip", "inet" and "ip6" are nftables family names. */
      detail = g_strdup_printf (_("only table ip %s (IPv4) filters, in chain %s (hook %s); "
                                  "no inet or ip6 table filters IPv6"),
                                v4_drop->table, v4_drop->name, v4_drop->hook);
      return td_firewall_source_new ("nftables", TD_TRISTATE_YES, TD_TRISTATE_YES,
                                     TD_TRISTATE_NO, detail);
    }
  if (any_base != NULL)
    {
      detail = g_strdup_printf (_("table %s %s: filter chains exist but drop nothing"),
                                any_base->family, any_base->table);
      return td_firewall_source_new ("nftables", TD_TRISTATE_YES, TD_TRISTATE_NO,
                                     v6_base ? TD_TRISTATE_YES : TD_TRISTATE_NO, detail);
    }
  detail = g_strdup (n_tables == 0 ? _("the nftables ruleset is empty")
                                   : _("no input, forward or output filter chain in the nftables ruleset"));
  return td_firewall_source_new ("nftables", TD_TRISTATE_NO, TD_TRISTATE_NO, TD_TRISTATE_NO, detail);
}

/* ---- firewall: ip6tables, ufw ----------------------------------------- */

TdFirewallSource *
td_host_linux_parse_ip6tables (const char  *text,
                               GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *drop_line = NULL;
  g_autofree char *detail = NULL;
  gboolean seen_policy = FALSE, has_rules = FALSE;

  if (text == NULL || strstr (text, "-P ") == NULL)
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE,
                           _("ip6tables -S printed no policy lines"));
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "-P "))
        {
          seen_policy = TRUE;
          if ((g_str_has_prefix (line, "-P INPUT ") || g_str_has_prefix (line, "-P FORWARD ") ||
               g_str_has_prefix (line, "-P OUTPUT ")) &&
              g_str_has_suffix (line, " DROP") && drop_line == NULL)
            drop_line = g_strdup (line);
        }
      else if (g_str_has_prefix (line, "-A "))
        {
          has_rules = TRUE;
          if ((strstr (line, " -j DROP") || strstr (line, " -j REJECT")) && drop_line == NULL)
            drop_line = g_strdup (line);
        }
    }
  if (!seen_policy)
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE, _("ip6tables -S printed no policy lines"));
      return NULL;
    }
  if (drop_line != NULL)
    {
      detail = g_strdup_printf ("ip6tables: %s", drop_line);
      return td_firewall_source_new ("ip6tables", TD_TRISTATE_YES, TD_TRISTATE_YES,
                                     TD_TRISTATE_YES, detail);
    }
  if (has_rules)
    return td_firewall_source_new ("ip6tables", TD_TRISTATE_YES, TD_TRISTATE_NO, TD_TRISTATE_YES,
                                   _("ip6tables has rules but none drops or rejects"));
  return td_firewall_source_new ("ip6tables", TD_TRISTATE_NO, TD_TRISTATE_NO, TD_TRISTATE_NO,
                                 _("ip6tables: every policy is ACCEPT and there are no rules"));
}

static TdTristate
ufw_covers_ipv6 (void)
{
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (td_host_linux_root (), "etc", "default", "ufw", NULL);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return TD_TRISTATE_UNSET;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "IPV6="))
        return g_ascii_strncasecmp (line + 5, "yes", 3) == 0 ||
               g_ascii_strncasecmp (line + 5, "\"yes", 4) == 0 ? TD_TRISTATE_YES : TD_TRISTATE_NO;
    }
  return TD_TRISTATE_UNSET;
}

TdFirewallSource *
td_host_linux_parse_ufw (const char  *text,
                         GError     **error)
{
  if (text != NULL && strstr (text, "Status: active") != NULL)
    return td_firewall_source_new ("ufw", TD_TRISTATE_YES, TD_TRISTATE_YES, ufw_covers_ipv6 (),
                                   _("ufw is active"));
  if (text != NULL && strstr (text, "Status: inactive") != NULL)
    return td_firewall_source_new ("ufw", TD_TRISTATE_YES, TD_TRISTATE_NO, ufw_covers_ipv6 (),
                                   _("ufw is installed but inactive"));
  g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE, _("ufw status printed no “Status:” line"));
  return NULL;
}

