/* td-xbox-networking.c — text of the Xbox Networking page / Xbox app banner
 *
 * Markdown emphasis ("**Open**", "* NAT Type:") is tolerated since the
 * published transcriptions use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-console-text.h"
#include "td-error.h"
#include "td-json.h"
#include "td-xbox-networking.h"

/* Verbatim UI strings (facts §4): en, de, nb, nl, zh-CN. */
static const char * const unable_phrases[] = {
  "Teredo is unable to qualify", "Teredo kann sich nicht qualifizieren",
  "Teredo kan ikke kvalifiseres", "Teredo kan niet kwalificeren", "Teredo无法限定",
  "Teredo 无法限定", NULL
};

static gboolean
contains_any (const char         *s,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (td_console_contains_ci (s, words[i]))
      return TRUE;
  return FALSE;
}

/* The value after "Label:" without markdown decoration. */
static char *
value_after (const char *line,
             const char *label)
{
  const char *p = NULL;
  gsize n = strlen (label);
  GString *out;

  for (const char *q = line; *q != '\0'; q++)
    if (g_ascii_strncasecmp (q, label, n) == 0)
      {
        p = q + n;
        break;
      }
  if (p == NULL)
    return NULL;
  while (*p == ' ' || *p == '*' || *p == '_')
    p++;
  if (*p != ':')
    return NULL;
  p++;
  out = g_string_new (NULL);
  for (; *p != '\0'; p++)
    if (*p != '*' && *p != '_' && *p != '`')
      g_string_append_c (out, *p);
  g_strstrip (out->str);
  /* g_strstrip moved the text; keep the length in sync. */
  g_string_set_size (out, strlen (out->str));
  while (out->len > 0 && out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

gboolean
td_xbox_networking_parse (const char        *text,
                          TdXboxNetworking  *out,
                          GError           **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  TdXboxNetworking r = { 0, };
  gboolean any = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  lines = td_console_text_lines (text, "Xbox Networking", error);
  if (lines == NULL)
    return FALSE;

  for (guint l = 0; l < lines->len; l++)
    {
      const char *line = g_ptr_array_index (lines, l);
      g_autofree char *nat = value_after (line, "NAT type");
      g_autofree char *server = value_after (line, "Server connectivity");
      g_autofree char *internet = value_after (line, "Internet connection");
      g_autofree char *live = value_after (line, "Xbox Live services");

      if (contains_any (line, unable_phrases))
        r.teredo_unable_to_qualify = any = TRUE;
      if (td_console_contains_ci (line, "get a Teredo IP address"))
        r.cannot_get_teredo_ip = any = TRUE;

      if (nat != NULL)
        {
          any = TRUE;
          if (g_ascii_strcasecmp (nat, "Open") == 0)
            r.nat_type = TD_XBOX_NAT_OPEN;
          else if (g_ascii_strcasecmp (nat, "Moderate") == 0)
            r.nat_type = TD_XBOX_NAT_MODERATE;
          else if (g_ascii_strcasecmp (nat, "Strict") == 0)
            r.nat_type = TD_XBOX_NAT_STRICT;
          else if (g_ascii_strcasecmp (nat, "Unavailable") == 0)
            r.nat_type = TD_XBOX_NAT_UNAVAILABLE;
        }
      if (server != NULL)
        {
          any = TRUE;
          if (g_ascii_strcasecmp (server, "Connected") == 0)
            r.server_connectivity = TD_XBOX_SERVER_CONNECTED;
          else if (g_ascii_strcasecmp (server, "Blocked") == 0)
            r.server_connectivity = TD_XBOX_SERVER_BLOCKED;
        }
      if (internet != NULL)
        {
          any = TRUE;
          if (g_ascii_strcasecmp (internet, "Connected") == 0)
            r.internet_connected = TD_TRISTATE_YES;
          else if (td_console_contains_ci (internet, "not connected")
                   || td_console_contains_ci (internet, "disconnected"))
            r.internet_connected = TD_TRISTATE_NO;
        }
      if (live != NULL)
        {
          any = TRUE;
          if (td_console_contains_ci (live, "up and running"))
            r.xbox_live_up = TD_TRISTATE_YES;
          else if (live[0] != '\0' && !td_console_contains_ci (live, "varies"))
            r.xbox_live_up = TD_TRISTATE_NO;
        }
    }

  if (!any)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No Xbox Networking text recognised"));
      return FALSE;
    }
  *out = r;
  return TRUE;
}

void
td_xbox_networking_to_json (const TdXboxNetworking *self,
                            JsonBuilder            *builder)
{
  static const char * const nat_names[] = { NULL, "open", "moderate", "strict", "unavailable" };
  static const char * const server_names[] = { NULL, "connected", "blocked" };

  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "teredo_unable_to_qualify");
  json_builder_add_boolean_value (builder, self->teredo_unable_to_qualify);
  json_builder_set_member_name (builder, "cannot_get_teredo_ip");
  json_builder_add_boolean_value (builder, self->cannot_get_teredo_ip);
  td_json_add_string_or_null (builder, "nat_type",
                              (guint) self->nat_type < G_N_ELEMENTS (nat_names)
                              ? nat_names[self->nat_type] : NULL);
  td_json_add_string_or_null (builder, "server_connectivity",
                              (guint) self->server_connectivity < G_N_ELEMENTS (server_names)
                              ? server_names[self->server_connectivity] : NULL);
  td_json_add_tristate (builder, "internet_connected", self->internet_connected);
  td_json_add_tristate (builder, "xbox_live_up", self->xbox_live_up);
  json_builder_end_object (builder);
}
