/* td-redact.c — consistent masking of addresses and names in a report
 *
 * Text is cut into tokens of [0-9A-Za-z.:-] (everything else — blanks,
 * brackets, "=", "/", "%", "_", quotes, non-ASCII — separates them), so an
 * address is found whatever surrounds it: "[2001:db8::1]:3544",
 * "mapped=203.0.113.7:40001", "fe80::1%12", "LinkLocal_2001:db8:1::/64".
 * Inside a token, the longest run of ":"-separated pieces that parses as
 * IPv6 is an IPv6 address; every other piece may be an IPv4 address, a
 * hardware address or a name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-address.h"
#include "td-redact.h"
#include "td-server-list.h"
#include "td-teredo-address.h"

/* An IPv6 address is at most 9 ":"-separated pieces ("1:2:3:4:5:6:7::"). */
#define MAX_IPV6_PIECES 9

struct _TdRedactor
{
  GHashTable *ipv4;      /* GUINT_TO_POINTER (address) → mask (global only, never 0) */
  GHashTable *ipv6;      /* canonical text → mask */
  GHashTable *names;     /* lower-case name without trailing dot → mask */
  GHashTable *hwaddrs;   /* lower-case text, ":" separated → mask */
  GPtrArray  *odd_names; /* explicit names with characters tokens cannot hold */
  guint       n_ipv4, n_ipv6, n_names, n_hwaddrs;
};

TdRedactor *
td_redactor_new (void)
{
  TdRedactor *self = g_new0 (TdRedactor, 1);

  self->ipv4 = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->ipv6 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->hwaddrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->odd_names = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
td_redactor_free (TdRedactor *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->ipv4);
  g_hash_table_unref (self->ipv6);
  g_hash_table_unref (self->names);
  g_hash_table_unref (self->hwaddrs);
  g_ptr_array_unref (self->odd_names);
  g_free (self);
}

guint
td_redactor_get_n_masks (TdRedactor *self)
{
  return self->n_ipv4 + self->n_ipv6 + self->n_names + self->n_hwaddrs;
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == ':' || c == '-';
}

/* ---- masks ------------------------------------------------------------ */

static const char *
ipv4_mask (TdRedactor *self,
           guint32     address)
{
  char *mask = g_hash_table_lookup (self->ipv4, GUINT_TO_POINTER (address));

  if (mask == NULL)
    {
      mask = g_strdup_printf ("public-ipv4-%u", ++self->n_ipv4);
      g_hash_table_insert (self->ipv4, GUINT_TO_POINTER (address), mask);
    }
  return mask;
}

static char *
name_key (const char *name,
          gsize       length)
{
  while (length > 0 && name[length - 1] == '.')
    length--;
  return g_ascii_strdown (name, length);
}

static const char *
name_mask (TdRedactor *self,
           const char *name,
           gsize       length)
{
  g_autofree char *key = name_key (name, length);
  char *mask = g_hash_table_lookup (self->names, key);

  if (mask == NULL)
    {
      mask = g_strdup_printf ("host-%u", ++self->n_names);
      g_hash_table_insert (self->names, g_steal_pointer (&key), mask);
    }
  return mask;
}

void
td_redactor_add_name (TdRedactor *self,
                      const char *name)
{
  g_return_if_fail (self != NULL);

  /* Names that identify nobody, and would mask half the text. */
  if (name == NULL || strlen (name) < 2 || g_ascii_strcasecmp (name, "localhost") == 0 ||
      g_ascii_strcasecmp (name, "localhost.localdomain") == 0)
    return;
  name_mask (self, name, strlen (name));
  for (const char *p = name; *p != '\0'; p++)
    if (!is_token_char (*p))
      {
        g_ptr_array_add (self->odd_names, g_strdup (name));
        break;
      }
}

/* Six or more hex pairs, all with the same separator: a MAC (EUI-48),
 * EUI-64 or a DUID, as ipconfig and ip print them. */
static gboolean
is_hwaddr (const char *text,
           gsize       length)
{
  char separator;
  gboolean all_same = TRUE;
  gsize groups;

  if (length < 17 || (length + 1) % 3 != 0)
    return FALSE;
  separator = text[2];
  if (separator != ':' && separator != '-')
    return FALSE;
  groups = (length + 1) / 3;
  for (gsize i = 0; i < groups; i++)
    {
      const char *group = text + i * 3;

      if (!g_ascii_isxdigit (group[0]) || !g_ascii_isxdigit (group[1]))
        return FALSE;
      if (i + 1 < groups && group[2] != separator)
        return FALSE;
      if (g_ascii_tolower (group[0]) != g_ascii_tolower (text[0]) ||
          g_ascii_tolower (group[1]) != g_ascii_tolower (text[1]))
        all_same = FALSE;
    }
  /* 00-00-00-00-00-00 and ff:ff:ff:ff:ff:ff (tunnels, broadcast) identify
   * nothing. */
  return !all_same;
}

static const char *
hwaddr_mask (TdRedactor *self,
             const char *text,
             gsize       length)
{
  g_autofree char *key = g_ascii_strdown (text, length);
  char *mask;

  g_strdelimit (key, "-", ':');
  mask = g_hash_table_lookup (self->hwaddrs, key);
  if (mask == NULL)
    {
      mask = g_strdup_printf ("hwaddr-%u", ++self->n_hwaddrs);
      g_hash_table_insert (self->hwaddrs, g_steal_pointer (&key), mask);
    }
  return mask;
}

/* Extensions of files that commands and messages name ("miredo.conf",
 * "netsh.exe"); none of them is a top-level domain, so a name ending in
 * one is a file, not a host.  Real TLDs are never listed: when in doubt,
 * mask. */
static const char * const file_extensions[] = {
  "bak", "bat", "cer", "cfg", "cmd", "conf", "cpl", "crt", "css", "csv", "dat", "deb",
  "desktop", "dll", "err", "exe", "gif", "gschema", "gz", "htm", "html", "inf", "ini",
  "iso", "jpeg", "jpg", "js", "json", "lnk", "lock", "log", "metainfo", "msc", "msi",
  "mount", "mui", "nft", "old", "out", "pdf", "pem", "pid", "png", "policy", "pot",
  "reg", "rpm", "rules", "service", "sock", "socket", "svg", "sys", "tar", "timer",
  "tmp", "toml", "txt", "vbs", "xml", "xz", "yaml", "yml",
};

static gboolean
is_dns_name (const char *text,
             gsize       length)
{
  const char *label = text;
  const char *last_label = NULL;
  guint n_labels = 0;
  gsize last_length;
  g_autofree char *tld = NULL;

  if (length < 4 || length > 253)
    return FALSE;
  for (const char *p = text; p <= text + length; p++)
    {
      gsize label_length;

      if (p < text + length && *p != '.')
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            return FALSE;
          continue;
        }
      label_length = p - label;
      if (label_length == 0 || label_length > 63 || label[0] == '-' || p[-1] == '-')
        return FALSE;
      n_labels++;
      last_label = label;
      label = p + 1;
    }
  if (n_labels < 2)
    return FALSE;
  last_length = text + length - last_label;
  if (last_length < 2)
    return FALSE;
  for (gsize i = 0; i < last_length; i++)
    if (!g_ascii_isalpha (last_label[i]))
      return FALSE;
  tld = g_ascii_strdown (last_label, last_length);
  for (gsize i = 0; i < G_N_ELEMENTS (file_extensions); i++)
    if (g_str_equal (tld, file_extensions[i]))
      return FALSE;
  return TRUE;
}

/* ---- IPv6 ------------------------------------------------------------- */

/* "c612:a" — the two groups of an embedded IPv4, as the address spells them. */
static char *
ipv4_as_groups (guint32 address)
{
  return g_strdup_printf ("%x:%x", address >> 16, address & 0xffff);
}

/* Appends the redacted form of a parsed IPv6 address whose text is @text. */
static void
append_ipv6 (TdRedactor   *self,
             GString      *out,
             const char   *text,
             const guint8  bytes[16])
{
  TdTeredoAddress teredo;
  g_autofree char *canonical = NULL;
  char *mask;

  if (!td_ipv6_is_global (bytes))
    {
      const char *dot = strchr (text, '.');
      const char *tail;
      guint32 ipv4;

      /* "::ffff:203.0.113.5": the IPv4 at the end is an address of its own. */
      tail = dot != NULL ? strrchr (text, ':') : NULL;
      if (tail != NULL && td_ipv4_parse (tail + 1, &ipv4) && td_ipv4_is_global (ipv4))
        {
          g_string_append_len (out, text, tail + 1 - text);
          g_string_append (out, ipv4_mask (self, ipv4));
        }
      else
        g_string_append (out, text);
      return;
    }

  canonical = td_ipv6_to_string (bytes);
  mask = g_hash_table_lookup (self->ipv6, canonical);
  if (mask == NULL)
    {
      if (td_teredo_address_from_bytes (&teredo, bytes) &&
          (td_ipv4_is_global (teredo.server) || td_ipv4_is_global (teredo.mapped_addr)))
        {
          g_autofree char *server = td_ipv4_is_global (teredo.server)
                                    ? g_strdup (ipv4_mask (self, teredo.server))
                                    : ipv4_as_groups (teredo.server);
          g_autofree char *mapped = td_ipv4_is_global (teredo.mapped_addr)
                                    ? g_strdup (ipv4_mask (self, teredo.mapped_addr))
                                    : ipv4_as_groups (~teredo.mapped_addr);

          /* Flags and the obfuscated port as the address holds them. */
          mask = g_strdup_printf ("2001:0:%s:%x:%x:%s", server, teredo.flags,
                                  (guint16) ~teredo.mapped_port, mapped);
        }
      else
        /* Not Teredo, or a Teredo address with nothing global inside (a
         * lab): the address itself is still global, so it goes. */
        mask = g_strdup_printf ("public-ipv6-%u", ++self->n_ipv6);
      g_hash_table_insert (self->ipv6, g_steal_pointer (&canonical), mask);
    }
  g_string_append (out, mask);
}

/* ---- tokens ----------------------------------------------------------- */

/* One piece between colons: IPv4, hardware address, name, or plain text. */
static void
append_piece (TdRedactor *self,
              GString    *out,
              const char *piece,
              gsize       length)
{
  const char *core = piece;
  gsize core_length = length;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  guint32 ipv4;

  /* Sentence and leader dots ("… 203.0.113.5.") are not part of it. */
  while (core_length > 0 && core[0] == '.')
    core++, core_length--;
  while (core_length > 0 && core[core_length - 1] == '.')
    core_length--;
  if (core_length == 0)
    {
      g_string_append_len (out, piece, length);
      return;
    }
  g_string_append_len (out, piece, core - piece);

  text = g_strndup (core, core_length);
  key = g_ascii_strdown (text, -1);
  if (td_ipv4_parse (text, &ipv4))
    g_string_append (out, td_ipv4_is_global (ipv4) ? ipv4_mask (self, ipv4) : text);
  else if (is_hwaddr (core, core_length))
    g_string_append (out, hwaddr_mask (self, core, core_length));
  else if (g_hash_table_contains (self->names, key))
    g_string_append (out, g_hash_table_lookup (self->names, key));
  else if (is_dns_name (core, core_length) && td_server_list_lookup (text) == NULL)
    g_string_append (out, name_mask (self, core, core_length));
  else
    g_string_append (out, text);

  g_string_append_len (out, core + core_length, piece + length - (core + core_length));
}

static void
append_token (TdRedactor *self,
              GString    *out,
              const char *token,
              gsize       length)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint n_colons = 0;
  guint n_pieces;
  gsize zero = 0;

  if (is_hwaddr (token, length))
    {
      g_autofree char *text = g_strndup (token, length);

      if (!td_ipv6_parse (text, NULL))
        {
          g_string_append (out, hwaddr_mask (self, token, length));
          return;
        }
    }

  /* starts[i] = offset of piece i; a final entry one past the end. */
  g_array_append_val (starts, zero);
  for (gsize i = 0; i < length; i++)
    if (token[i] == ':')
      {
        gsize next = i + 1;

        n_colons++;
        g_array_append_val (starts, next);
      }
  n_pieces = starts->len;
  {
    gsize end = length + 1;
    g_array_append_val (starts, end);
  }

  for (guint i = 0; i < n_pieces;)
    {
      gboolean matched = FALSE;

      if (i > 0)
        g_string_append_c (out, ':');
      if (n_colons >= 2)
        for (guint j = MIN (n_pieces - 1, i + MAX_IPV6_PIECES - 1); j >= i + 2 && !matched; j--)
          {
            gsize from = g_array_index (starts, gsize, i);
            gsize to = g_array_index (starts, gsize, j + 1) - 1;
            g_autofree char *candidate = NULL;
            gsize trimmed = to;
            guint8 bytes[16];

            while (trimmed > from && token[trimmed - 1] == '.')
              trimmed--;
            candidate = g_strndup (token + from, trimmed - from);
            if (td_ipv6_parse (candidate, bytes))
              {
                append_ipv6 (self, out, candidate, bytes);
                g_string_append_len (out, token + trimmed, to - trimmed);
                i = j + 1;
                matched = TRUE;
              }
          }
      if (!matched)
        {
          gsize from = g_array_index (starts, gsize, i);
          gsize to = g_array_index (starts, gsize, i + 1) - 1;

          append_piece (self, out, token + from, to - from);
          i++;
        }
    }
}

/* Explicit names that hold characters a token cannot ("MY_PC", "Jürgen-PC"):
 * replaced wherever they stand as a whole word, before tokenizing. */
static char *
replace_odd_names (TdRedactor *self,
                   const char *text)
{
  GString *out = g_string_new (text);

  for (guint n = 0; n < self->odd_names->len; n++)
    {
      const char *name = g_ptr_array_index (self->odd_names, n);
      const char *mask = name_mask (self, name, strlen (name));
      gsize name_length = strlen (name);
      gsize i = 0;

      while (i + name_length <= out->len)
        {
          gsize end = i + name_length;
          gboolean start_ok = i == 0 || (!is_token_char (out->str[i - 1]) && out->str[i - 1] != '_');
          /* A dot ends the name only at the end of a sentence, not inside
           * a longer DNS name ("MY_PC.corp.example"). */
          gboolean end_ok = end == out->len ||
                            (!is_token_char (out->str[end]) && out->str[end] != '_') ||
                            (out->str[end] == '.' &&
                             (end + 1 == out->len || !is_token_char (out->str[end + 1])));

          if (start_ok && end_ok && g_ascii_strncasecmp (out->str + i, name, name_length) == 0)
            {
              g_string_erase (out, i, name_length);
              g_string_insert (out, i, mask);
              i += strlen (mask);
            }
          else
            i++;
        }
    }
  return g_string_free (out, FALSE);
}

char *
td_redactor_redact_text (TdRedactor *self,
                         const char *text)
{
  g_autofree char *prepared = NULL;
  GString *out;
  const char *p;

  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL)
    return NULL;
  prepared = self->odd_names->len > 0 ? replace_odd_names (self, text) : g_strdup (text);
  out = g_string_sized_new (strlen (prepared) + 16);
  p = prepared;
  while (*p != '\0')
    {
      const char *end = p;

      if (!is_token_char (*p))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      while (is_token_char (*end))
        end++;
      append_token (self, out, p, end - p);
      p = end;
    }
  return g_string_free (out, FALSE);
}

void
td_redactor_redact_node (TdRedactor *self,
                         JsonNode   *node)
{
  g_return_if_fail (self != NULL);

  if (node == NULL)
    return;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;   /* json-glib 1.6 writes it even when not wanted */
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          td_redactor_redact_node (self, member);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          td_redactor_redact_node (self, json_array_get_element (array, i));
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *redacted = td_redactor_redact_text (self, json_node_get_string (node));

          if (g_strcmp0 (redacted, json_node_get_string (node)) != 0)
            json_node_set_string (node, redacted);
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Members whose values come from the report format's own vocabularies
 * (statuses, codes, enums).  A host named "windows" or "teredo" must not
 * turn the platform or a check id into "host-1": such values are kept when
 * they look like vocabulary ([a-z0-9-], short). */
static const char * const vocabulary_members[] = {
  "platform", "status", "code", "id", "findings", "scope", "origin", "flags", "pnrp",
  "implementation", "type", "state", "nat", "client_type", "network", "direction",
  "socket", "order", "start_type", "kind", "from", "elevated", NULL
};

static gboolean
is_vocabulary (const char *member,
               const char *value)
{
  gsize length = strlen (value);

  if (member == NULL || !g_strv_contains (vocabulary_members, member) || length == 0 || length > 40)
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* Like td_redactor_redact_node(), knowing the member each value is in. */
static void
redact_report_node (TdRedactor *self,
                    JsonNode   *node,
                    const char *member)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *child;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &child))
          redact_report_node (self, child, name);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        /* Array items belong to the array's member ("findings", "flags"). */
        for (guint i = 0; i < json_array_get_length (array); i++)
          redact_report_node (self, json_array_get_element (array, i), member);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !is_vocabulary (member, json_node_get_string (node)))
        td_redactor_redact_node (self, node);
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

void
td_redact_report_json (JsonNode *report)
{
  g_autoptr(TdRedactor) redactor = td_redactor_new ();
  JsonObject *root;

  g_return_if_fail (report != NULL && JSON_NODE_HOLDS_OBJECT (report));

  root = json_node_get_object (report);
  td_redactor_add_name (redactor, string_member (root, "hostname"));
  /* A report of another computer names it there too. */
  td_redactor_add_name (redactor, string_member (object_member (root, "collected"), "computer"));
  td_redactor_add_name (redactor,
                        string_member (object_member (object_member (root, "host"), "windows"),
                                       "domain"));
  redact_report_node (redactor, report, NULL);
  json_object_set_boolean_member (root, "redacted", TRUE);
}

gboolean
td_redact_is_mask (const char *text)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *compiled =
        g_regex_new ("^(?:(?:public-ipv4|public-ipv6|host|hwaddr)-[1-9][0-9]*"
                     "|2001:0:(?:public-ipv4-[1-9][0-9]*|[0-9a-f]{1,4}:[0-9a-f]{1,4})"
                     ":[0-9a-f]{1,4}:[0-9a-f]{1,4}"
                     ":(?:public-ipv4-[1-9][0-9]*|[0-9a-f]{1,4}:[0-9a-f]{1,4}))$",
                     G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, compiled);
    }
  return text != NULL && g_regex_match (regex, text, 0, NULL);
}
