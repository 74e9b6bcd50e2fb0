/* td-console-decode.c — console output bytes to UTF-8, whatever the code page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-console-decode.h"

#define REPLACEMENT "\xef\xbf\xbd"

/* A NUL inside the text would silently cut it short for every later
 * strlen(); make it visible instead. */
static char *
replace_nuls (const char *text,
              gsize       len)
{
  GString *out = g_string_sized_new (len + 1);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\0')
        g_string_append (out, REPLACEMENT);
      else
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
convert_or_null (const guint8 *data,
                 gsize         len,
                 const char   *from)
{
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  g_autofree char *converted = NULL;

  converted = g_convert ((const char *) data, (gssize) len, "UTF-8", from,
                         NULL, &written, &error);
  if (converted == NULL || !g_utf8_validate (converted, (gssize) written, NULL))
    return NULL;
  return replace_nuls (converted, written);
}

/* UTF-16LE without a BOM (`cmd /u`, some PowerShell redirections): ASCII
 * text then has a NUL in (nearly) every odd byte and almost none in even
 * bytes. */
static gboolean
looks_like_utf16le (const guint8 *data,
                    gsize         len)
{
  gsize odd_nul = 0;
  gsize even_nul = 0;

  if (len < 4 || len % 2 != 0)
    return FALSE;
  for (gsize i = 0; i + 1 < len; i += 2)
    {
      if (data[i] == 0)
        even_nul++;
      if (data[i + 1] == 0)
        odd_nul++;
    }
  return odd_nul * 10 >= (len / 2) * 4 && even_nul * 10 < (len / 2);
}

static char *
normalize_hint (const char *hint)
{
  if (hint == NULL || hint[0] == '\0')
    return NULL;
  /* `chcp` prints "Active code page: 936"; iconv wants "CP936". */
  if (g_ascii_isdigit (hint[0]))
    {
      if (strcmp (hint, "65001") == 0)
        return g_strdup ("UTF-8");
      return g_strdup_printf ("CP%s", hint);
    }
  return g_strdup (hint);
}

char *
td_console_decode (const guint8 *data,
                   gsize         len,
                   const char   *codepage_hint)
{
  g_autofree char *hint = NULL;
  char *result;

  if (data == NULL || len == 0)
    return g_strdup ("");

  if (len >= 2 && data[0] == 0xff && data[1] == 0xfe
      && (result = convert_or_null (data + 2, len - 2, "UTF-16LE")) != NULL)
    return result;
  if (len >= 2 && data[0] == 0xfe && data[1] == 0xff
      && (result = convert_or_null (data + 2, len - 2, "UTF-16BE")) != NULL)
    return result;
  if (looks_like_utf16le (data, len)
      && (result = convert_or_null (data, len, "UTF-16LE")) != NULL)
    return result;

  if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    {
      data += 3;
      len -= 3;
    }

  if (g_utf8_validate ((const char *) data, (gssize) len, NULL))
    return replace_nuls ((const char *) data, len);

  hint = normalize_hint (codepage_hint);
  if (hint != NULL && (result = convert_or_null (data, len, hint)) != NULL)
    return result;

  {
    g_autofree char *valid = g_utf8_make_valid ((const char *) data, (gssize) len);

    return replace_nuls (valid, strlen (valid));
  }
}
