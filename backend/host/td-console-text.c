/* td-console-text.c — shared line handling for the command-output parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-console-text.h"
#include "td-error.h"

GPtrArray *
td_console_text_lines (const char  *text,
                       const char  *what,
                       GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) line = NULL;
  gsize len;
  gsize controls = 0;
  gsize chars = 0;
  gboolean any_content = FALSE;
  const char *p;

  if (what == NULL)
    what = "command";

  if (text == NULL || text[0] == '\0')
    {
      /* TRANSLATORS: %s is a program or file: "ipconfig", "netsh teredo", "miredo.conf". */
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("The %s output is empty"), what);
      return NULL;
    }

  /* strnlen keeps a runaway input from being walked past the limit. */
  len = strnlen (text, TD_CONSOLE_TEXT_MAX_BYTES + 1);
  if (len > TD_CONSOLE_TEXT_MAX_BYTES)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_TOO_LARGE,
                   _("The %s output is larger than %u bytes"), what,
                   (guint) TD_CONSOLE_TEXT_MAX_BYTES);
      return NULL;
    }

  if (!g_utf8_validate (text, (gssize) len, NULL))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("The %s output is not UTF-8 text (decode it first)"), what);
      return NULL;
    }

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      chars++;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
          || c == 0x7f)
        controls++;
    }
  /* Console text has next to no control characters; a file where one
   * character in twenty is one is a binary (or UTF-16 without BOM) file. */
  if (controls * 20 > chars)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   _("The %s output looks like binary data, not text"), what);
      return NULL;
    }

  lines = g_ptr_array_new_with_free_func (g_free);
  line = g_string_new (NULL);
  for (p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\0' || c == '\n' || c == '\r')
        {
          /* Trailing blanks carry no meaning in console output. */
          while (line->len > 0 && line->str[line->len - 1] == ' ')
            g_string_truncate (line, line->len - 1);
          if (line->len > 0)
            any_content = TRUE;
          g_ptr_array_add (lines, g_strndup (line->str, line->len));
          g_string_truncate (line, 0);
          if (c == '\0')
            break;
          if (c == '\r' && p[1] == '\n')
            p++;
          continue;
        }

      if (c == '\t')
        g_string_append (line, "    ");
      else if (c == 0x00a0 || c == 0x3000 || c == '\f' || c == '\v')
        g_string_append_c (line, ' ');
      else if (c == 0xfeff || c < 0x20 || c == 0x7f)
        ; /* BOMs (also mid-text, where `type a b` glues files) and stray controls */
      else
        g_string_append_unichar (line, c);
    }

  if (!any_content)
    {
      /* TRANSLATORS: %s is a program or file: "ipconfig", "netsh teredo", "miredo.conf". */
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, _("The %s output is empty"), what);
      return NULL;
    }

  return g_steal_pointer (&lines);
}

static char *
strip_label (const char *start,
             const char *end)
{
  while (start < end && *start == ' ')
    start++;
  /* Dot leaders: "IPv6 Address. . . . :" and "DNS Suffix  . :". */
  while (end > start && (end[-1] == ' ' || end[-1] == '.'))
    end--;
  return g_strndup (start, (gsize) (end - start));
}

gboolean
td_console_split_kv (const char  *line,
                     char       **out_label,
                     char       **out_value)
{
  const char *sep = NULL;
  gsize sep_len = 0;
  const char *p;
  const char *fw;

  g_return_val_if_fail (line != NULL, FALSE);

  for (p = line; *p != '\0'; p++)
    {
      /* "Label : value", "Label: value", and XP's "Label     :value" (the
       * value glued to the colon after the label's padding), never the
       * colons inside "192.0.2.1:3074" or an IPv6 address. */
      if (*p == ':' && (p[1] == '\0' || p[1] == ' ' || (p > line && p[-1] == ' ')))
        {
          sep = p;
          sep_len = 1;
          break;
        }
    }

  fw = strstr (line, "\xef\xbc\x9a"); /* U+FF1A FULLWIDTH COLON */
  if (fw != NULL && (sep == NULL || fw < sep))
    {
      sep = fw;
      sep_len = 3;
    }

  if (sep == NULL)
    return FALSE;

  if (out_label != NULL)
    *out_label = strip_label (line, sep);
  if (out_value != NULL)
    *out_value = g_strstrip (g_strdup (sep + sep_len));
  return TRUE;
}

guint
td_console_indent (const char *line)
{
  guint n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

gboolean
td_console_is_rule (const char *line)
{
  guint dashes = 0;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '-')
        dashes++;
      else if (*p != ' ')
        return FALSE;
    }
  return dashes >= 3;
}

gboolean
td_console_is_blank (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    if (*p != ' ')
      return FALSE;
  return TRUE;
}

char **
td_console_split_columns (const char *line,
                          guint       max_fields)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = line;
  guint n = 0;

  while (*p == ' ')
    p++;
  while (*p != '\0')
    {
      const char *start = p;

      if (max_fields > 0 && n + 1 == max_fields)
        {
          g_autofree char *rest = g_strdup (start);

          g_strv_builder_add (builder, g_strchomp (rest));
          break;
        }
      while (*p != '\0' && *p != ' ')
        p++;
      {
        g_autofree char *field = g_strndup (start, (gsize) (p - start));

        g_strv_builder_add (builder, field);
      }
      n++;
      while (*p == ' ')
        p++;
    }
  return g_strv_builder_end (builder);
}

gboolean
td_console_parse_uint (const char *text,
                       guint64    *out_value)
{
  guint64 value = 0;
  guint base = 10;
  const char *p = text;

  if (text == NULL)
    return FALSE;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
      base = 16;
      p += 2;
    }
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      int digit = g_ascii_xdigit_value (*p);

      if (digit < 0 || (base == 10 && !g_ascii_isdigit (*p)))
        return FALSE;
      if (value > (G_MAXUINT64 - (guint64) digit) / base)
        return FALSE;
      value = value * base + (guint64) digit;
    }
  if (out_value != NULL)
    *out_value = value;
  return TRUE;
}

gboolean
td_console_contains_ci (const char *haystack,
                        const char *needle)
{
  gsize n;

  if (haystack == NULL || needle == NULL)
    return FALSE;
  n = strlen (needle);
  if (n == 0)
    return TRUE;
  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
}

gboolean
td_console_has_prefix_ci (const char *text,
                          const char *prefix)
{
  if (text == NULL || prefix == NULL)
    return FALSE;
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}
