/* td-capture-sniff.c — tells a capture from other files, and finds its code page
 *
 * People attach the wrong file: a screenshot, the Teredo Doctor report, a
 * zipped folder, an empty file from a failed copy.  Saying which is more
 * useful than "no command output found".  Decoding itself is
 * td_console_decode()'s; this only picks the code page to give it: the one
 * `chcp` printed, else a guess from the bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-capture-private.h"
#include "td-console-decode.h"

typedef struct {
  const char *magic;
  gsize       length;
  gsize       offset;
  const char *description;
} Magic;

/* Files people attach by mistake, by their first bytes. */
static const Magic magics[] = {
  { "\x89PNG\r\n\x1a\n", 8, 0, N_("a PNG image") },
  { "\xff\xd8\xff", 3, 0, N_("a JPEG image") },
  { "GIF87a", 6, 0, N_("a GIF image") },
  { "GIF89a", 6, 0, N_("a GIF image") },
  { "WEBP", 4, 8, N_("a WebP image") },
  { "%PDF-", 5, 0, N_("a PDF document") },
  { "PK\x03\x04", 4, 0, N_("a ZIP archive (or a Word or Excel document)") },
  { "\x1f\x8b", 2, 0, N_("a gzip-compressed file") },
  { "7z\xbc\xaf\x27\x1c", 6, 0, N_("a 7-Zip archive") },
  { "Rar!\x1a\x07", 6, 0, N_("a RAR archive") },
  { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, 0, N_("an Office document or Outlook message") },
  { "{\\rtf", 5, 0, N_("an RTF document (save it as plain text)") },
  { "\x7f" "ELF", 4, 0, N_("a Linux program") },
  { "SQLite format 3", 16, 0, N_("an SQLite database") },
  { "ElfFile", 8, 0, N_("a Windows event log") },
  { "regf", 4, 0, N_("a registry hive (export the key as text with reg query instead)") },
};

static gboolean
has_magic (const guint8 *data,
           gsize         length,
           const Magic  *magic)
{
  return length >= magic->offset + magic->length
         && memcmp (data + magic->offset, magic->magic, magic->length) == 0;
}

/* The first @max bytes after blanks and a UTF-8 BOM, for text sniffing. */
static const char *
text_start (const guint8 *data,
            gsize         length,
            gsize        *out_left)
{
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
    i++;
  *out_left = length - i;
  return (const char *) data + i;
}

static gboolean
starts_with_ci (const char *text,
                gsize       left,
                const char *prefix)
{
  gsize n = strlen (prefix);

  return left >= n && g_ascii_strncasecmp (text, prefix, n) == 0;
}

/* Bounded substring search (the data need not be NUL-terminated). */
static gboolean
contains (const char *text,
          gsize       left,
          const char *needle)
{
  return g_strstr_len (text, (gssize) MIN (left, 65536), needle) != NULL;
}

/* Teredo Doctor's own files, and other text formats. */
static TdCaptureKind
sniff_text (const char  *text,
            gsize        left,
            const char **description)
{
  if (left > 0 && text[0] == '{')
    {
      if (contains (text, left, "\"tool\"") && contains (text, left, "\"teredo-doctor\"")
          && contains (text, left, "\"verdict\""))
        return TD_CAPTURE_KIND_REPORT;
      if (contains (text, left, "\"platform\"") && contains (text, left, "\"addresses\""))
        {
          *description = N_("a Teredo Doctor host description (JSON)");
          return TD_CAPTURE_KIND_OTHER_FILE;
        }
      *description = N_("a JSON document");
      return TD_CAPTURE_KIND_OTHER_FILE;
    }
  if (starts_with_ci (text, left, "<!DOCTYPE html") || starts_with_ci (text, left, "<html"))
    {
      *description = contains (text, left, "teredo-doctor") ? N_("a Teredo Doctor report (HTML)")
                                                           : N_("a web page (HTML)");
      return TD_CAPTURE_KIND_OTHER_FILE;
    }
  if (starts_with_ci (text, left, "<?xml"))
    {
      *description = N_("an XML document");
      return TD_CAPTURE_KIND_OTHER_FILE;
    }
  /* The text and Markdown reports begin with their title; the product
   * name is never translated. */
  if (starts_with_ci (text, left, "Teredo Doctor") || starts_with_ci (text, left, "# Teredo Doctor"))
    {
      *description = N_("a Teredo Doctor report (text or Markdown)");
      return TD_CAPTURE_KIND_OTHER_FILE;
    }
  return TD_CAPTURE_KIND_TEXT;
}

/* Console text has next to no control characters (the same one in twenty
 * rule as td_console_text_lines()); ESC (colours) and ^Z (old end of file)
 * are allowed. */
static gboolean
looks_binary (const guint8 *data,
              gsize         length)
{
  gsize controls = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a
           && c != 0x1b) || c == 0x7f)
        controls++;
    }
  return controls * 20 > length;
}

TdCaptureKind
td_capture_sniff (const guint8  *data,
                  gsize          length,
                  char         **out_description)
{
  const char *description = NULL;
  const char *text;
  gsize left;
  TdCaptureKind kind = TD_CAPTURE_KIND_TEXT;

  if (out_description != NULL)
    *out_description = NULL;
  if (data == NULL || length == 0)
    return TD_CAPTURE_KIND_EMPTY;

  for (guint i = 0; i < G_N_ELEMENTS (magics) && description == NULL; i++)
    if (has_magic (data, length, &magics[i]))
      {
        /* "WEBP" sits after a RIFF header. */
        if (magics[i].offset > 0 && memcmp (data, "RIFF", 4) != 0)
          continue;
        description = magics[i].description;
        kind = TD_CAPTURE_KIND_OTHER_FILE;
      }
  /* "MZ" alone is too short to trust: a program also has "PE\0\0" where
   * the header points. */
  if (description == NULL && length >= 64 && data[0] == 'M' && data[1] == 'Z')
    {
      guint32 pe = (guint32) data[60] | (guint32) data[61] << 8 | (guint32) data[62] << 16
                   | (guint32) data[63] << 24;

      if (pe <= length - 4 && memcmp (data + pe, "PE\0\0", 4) == 0)
        {
          description = N_("a Windows program");
          kind = TD_CAPTURE_KIND_OTHER_FILE;
        }
    }

  if (description == NULL && td_capture_utf16_kind (data, length) == NULL)
    {
      text = text_start (data, length, &left);
      if (left == 0)
        return TD_CAPTURE_KIND_EMPTY;
      kind = sniff_text (text, left, &description);
      /* The batch file's own output stays readable with a section of junk
       * in it: only a file that is not ours is judged as a whole. */
      if (kind == TD_CAPTURE_KIND_TEXT && !starts_with_ci (text, left, TD_CAPTURE_MARKER)
          && looks_binary (data, length))
        {
          gsize nul = 0;

          for (gsize i = 0; i < length; i++)
            nul += data[i] == 0;
          kind = TD_CAPTURE_KIND_BINARY;
          description = nul == length ? N_("only NUL bytes (it was not saved or copied completely)")
                                      : N_("binary data, not text");
        }
    }
  if (out_description != NULL && description != NULL)
    *out_description = g_strdup (_(description));
  return kind;
}

/* ---- UTF-16 ----------------------------------------------------------------- */

const char *
td_capture_utf16_kind (const guint8 *data,
                       gsize         length)
{
  gsize odd_nul = 0, even_nul = 0;

  if (length >= 2 && data[0] == 0xff && data[1] == 0xfe)
    return "UTF-16LE";
  if (length >= 2 && data[0] == 0xfe && data[1] == 0xff)
    return "UTF-16BE";
  /* The rule td_console_decode() applies to BOM-less UTF-16LE: ASCII text
   * then has a NUL in most odd bytes and almost none in even ones. */
  if (length < 4 || length % 2 != 0)
    return NULL;
  for (gsize i = 0; i + 1 < length; i += 2)
    {
      even_nul += data[i] == 0;
      odd_nul += data[i + 1] == 0;
    }
  if (odd_nul * 10 >= (length / 2) * 4 && even_nul * 10 < (length / 2))
    return "UTF-16LE";
  return NULL;
}

/* ---- code pages ------------------------------------------------------------- */

/* "活动代码页" as CP936 bytes: zh-CN chcp output before decoding. */
#define ACTIVE_CODE_PAGE_CP936 "\xbb\xee\xb6\xaf\xb4\xfa\xc2\xeb\xd2\xb3"

/* The trailing number of a raw line that reads like chcp's output. */
static char *
codepage_of_raw_line (const char *line,
                      gsize       len,
                      gboolean    after_chcp)
{
  g_autofree char *copy = g_strndup (line, len);
  const char *end, *start;

  if (!after_chcp && strstr (copy, ACTIVE_CODE_PAGE_CP936) == NULL)
    {
      /* Other languages say it in ASCII (or UTF-8, handled the same). */
      g_autofree char *valid = g_utf8_make_valid (copy, -1);

      return td_capture_codepage_from_line (valid);
    }
  end = copy + strlen (copy);
  while (end > copy && (end[-1] == ' ' || end[-1] == '.' || end[-1] == '\r'))
    end--;
  start = end;
  while (start > copy && g_ascii_isdigit (start[-1]))
    start--;
  if (start == end || end - start > 5)
    return NULL;
  return g_strndup (start, (gsize) (end - start));
}

char *
td_capture_find_codepage (const guint8 *data,
                          gsize         length)
{
  const char *p = (const char *) data;
  const char *end = p + length;
  gboolean after_chcp = FALSE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      gsize len = nl ? (gsize) (nl - p) : (gsize) (end - p);
      g_autofree char *codepage = NULL;

      while (len > 0 && p[len - 1] == '\r')
        len--;
      if (len > 0 && len < 200)
        {
          /* The batch file's chcp section, or a chcp typed at a prompt. */
          gboolean chcp_line = (len >= 4 && g_ascii_strncasecmp (p + len - 4, "chcp", 4) == 0
                                && (len == 4 || p[len - 5] == '=' || p[len - 5] == '>' || p[len - 5] == ' '));

          if (chcp_line)
            after_chcp = TRUE;
          else if ((codepage = codepage_of_raw_line (p, len, after_chcp)) != NULL)
            return g_steal_pointer (&codepage);
          else
            after_chcp = FALSE;
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return NULL;
}

/* Labels only zh-CN netsh, ipconfig and reg print (facts §1). */
static gboolean
reads_as_chinese (const char *text)
{
  static const char * const words[] = {
    "参数", "类型", "状态", "服务器", "适配器", "配置", "错误", "客户端", "连接", "地址",
  };
  guint hits = 0;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    hits += strstr (text, words[i]) != NULL;
  return hits >= 2;
}

char *
td_capture_guess_codepage (const guint8 *data,
                           gsize         length)
{
  gsize sample = MIN (length, (gsize) 256 * 1024);
  g_autofree char *as_gbk = NULL;

  /* A sample that ends inside a character would not convert at all: end it
   * at a line end. */
  if (sample < length)
    while (sample > 0 && data[sample - 1] != '\n')
      sample--;
  as_gbk = td_console_decode (data, sample > 0 ? sample : MIN (length, (gsize) 256 * 1024), "936");

  /* CP437 maps every byte, so it is the fallback that always decodes; the
   * accented letters people meet in English output are the same in CP850. */
  if (reads_as_chinese (as_gbk))
    return g_strdup ("936");
  return g_strdup ("437");
}
