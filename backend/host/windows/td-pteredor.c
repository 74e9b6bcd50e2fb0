/* td-pteredor.c — output of SeaHOH/pteredor, a user-space Teredo prober
 *
 *   try bind local port: 2694
 *   The NAT type is cone.
 *   65.55.158.118 ['win10.ipv6.microsoft.com', 'win1710.ipv6.microsoft.com'] 202ms
 *   The recommend server is ['win10.ipv6.microsoft.com', 'win1710.ipv6.microsoft.com'].
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
#include "td-pteredor.h"

static void
server_free (TdPteredorServer *s)
{
  if (s == NULL)
    return;
  g_free (s->address);
  g_strfreev (s->names);
  g_free (s);
}

void
td_pteredor_free (TdPteredor *self)
{
  if (self == NULL)
    return;
  g_free (self->nat_type);
  g_ptr_array_unref (self->servers);
  g_strfreev (self->recommended);
  g_free (self);
}

/* A Python list literal of strings: "['a', 'b']" → {"a", "b"}; NULL when
 * @p does not start one. */
static char **
parse_list (const char  *p,
            const char **out_end)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (*p != '[')
    return NULL;
  p++;
  for (;;)
    {
      char quote;
      const char *start;

      while (*p == ' ' || *p == ',')
        p++;
      if (*p == ']')
        {
          if (out_end != NULL)
            *out_end = p + 1;
          return g_strv_builder_end (b);
        }
      if (*p != '\'' && *p != '"')
        return NULL;
      quote = *p++;
      start = p;
      while (*p != '\0' && *p != quote)
        p++;
      if (*p == '\0')
        return NULL;
      {
        g_autofree char *name = g_strndup (start, (gsize) (p - start));

        g_strv_builder_add (b, name);
      }
      p++;
    }
}

TdPteredor *
td_pteredor_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(TdPteredor) self = NULL;
  gboolean any = FALSE;

  lines = td_console_text_lines (text, "pteredor", error);
  if (lines == NULL)
    return NULL;

  self = g_new0 (TdPteredor, 1);
  self->local_port = -1;
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) server_free);

  for (guint l = 0; l < lines->len; l++)
    {
      const char *line = g_ptr_array_index (lines, l);
      const char *t = line + td_console_indent (line);
      const char *p;

      if ((p = strstr (t, "The NAT type is ")) != NULL)
        {
          g_autofree char *v = g_strdup (p + strlen ("The NAT type is "));
          gsize n;

          g_strstrip (v);
          n = strlen (v);
          while (n > 0 && v[n - 1] == '.')
            v[--n] = '\0';
          g_free (self->nat_type);
          self->nat_type = n > 0 ? g_steal_pointer (&v) : NULL;
          any = TRUE;
          continue;
        }

      if ((p = strstr (t, "bind local port:")) != NULL)
        {
          g_autofree char *v = g_strstrip (g_strdup (p + strlen ("bind local port:")));
          guint64 n;

          if (td_console_parse_uint (v, &n) && n <= 65535)
            self->local_port = (int) n;
          continue;
        }

      if ((p = strstr (t, "recommend server is ")) != NULL)
        {
          char **names = parse_list (p + strlen ("recommend server is "), NULL);

          if (names != NULL)
            {
              g_strfreev (self->recommended);
              self->recommended = names;
              any = TRUE;
            }
          continue;
        }

      /* "65.55.158.118 ['win10…', …] 202ms" */
      {
        const char *space = strchr (t, ' ');
        g_autofree char *addr = NULL;
        const char *end = NULL;
        char **names;
        TdPteredorServer *s;

        if (space == NULL)
          continue;
        addr = g_strndup (t, (gsize) (space - t));
        if (!td_ipv4_parse (addr, NULL))
          continue;
        names = parse_list (space + 1, &end);
        if (names == NULL)
          continue;

        s = g_new0 (TdPteredorServer, 1);
        s->address = g_steal_pointer (&addr);
        s->names = names;
        s->rtt_ms = -1;
        while (*end == ' ')
          end++;
        if (g_ascii_isdigit (*end))
          {
            const char *d = end;
            g_autofree char *digits = NULL;
            guint64 n;

            while (g_ascii_isdigit (*d))
              d++;
            digits = g_strndup (end, (gsize) (d - end));
            if (g_str_has_prefix (d, "ms") && td_console_parse_uint (digits, &n) && n <= G_MAXINT)
              s->rtt_ms = (int) n;
          }
        g_ptr_array_add (self->servers, s);
        any = TRUE;
      }
    }

  if (!any)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("No pteredor result found"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
td_pteredor_to_json (const TdPteredor *self,
                     JsonBuilder      *builder)
{
  g_return_if_fail (self != NULL);

  json_builder_begin_object (builder);
  td_json_add_string_or_null (builder, "nat_type", self->nat_type);
  td_json_add_int_or_null (builder, "local_port", self->local_port >= 0, self->local_port);
  json_builder_set_member_name (builder, "servers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->servers->len; i++)
    {
      const TdPteredorServer *s = g_ptr_array_index (self->servers, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "address", s->address);
      json_builder_set_member_name (builder, "names");
      td_json_add_strv (builder, (const char * const *) s->names);
      td_json_add_int_or_null (builder, "rtt_ms", s->rtt_ms >= 0, s->rtt_ms);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "recommended");
  if (self->recommended == NULL)
    json_builder_add_null_value (builder);
  else
    td_json_add_strv (builder, (const char * const *) self->recommended);
  json_builder_end_object (builder);
}
