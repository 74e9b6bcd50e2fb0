/* td-report-text.c — a report as plain text
 *
 * For a terminal, an e-mail or the clipboard: prose wrapped at 78 columns,
 * commands and evidence never wrapped (they must stay exact), statuses as
 * "[FAIL]" words so that the text needs no colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-report-doc.h"

#define WIDTH        78
#define CHECK_INDENT 7     /* strlen ("[PASS] ") */

/* Display width: wide (CJK) characters take two columns. */
static guint
text_width (const char *text,
            gssize      length)
{
  const char *end = length < 0 ? text + strlen (text) : text + length;
  guint width = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
append_spaces (GString *out,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

/* Wraps @text at word boundaries; the first line starts after @first
 * columns already used (the caller wrote them), the others are indented by
 * @indent.  Newlines in @text are kept. */
static void
wrap (GString    *out,
      const char *text,
      guint       first,
      guint       indent)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) words = g_strsplit (lines[l], " ", -1);
      guint column;

      if (l > 0)
        append_spaces (out, indent);
      column = l == 0 ? first : indent;
      for (guint w = 0, on_line = 0; words[w] != NULL; w++)
        {
          guint width = text_width (words[w], -1);

          if (*words[w] == '\0')
            continue;
          if (on_line > 0 && column + 1 + width > WIDTH)
            {
              g_string_append_c (out, '\n');
              append_spaces (out, indent);
              column = indent;
              on_line = 0;
            }
          if (on_line > 0)
            {
              g_string_append_c (out, ' ');
              column++;
            }
          g_string_append (out, words[w]);
          column += width;
          on_line++;
        }
      g_string_append_c (out, '\n');
    }
}

/* @text broken into lines of at most @width columns at blanks (a longer
 * word keeps its own line). */
static char **
wrap_lines (const char *text,
            guint       width)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);

  for (guint p = 0; paragraphs[p] != NULL; p++)
    {
      g_auto(GStrv) words = g_strsplit (paragraphs[p], " ", -1);
      GString *line = g_string_new (NULL);
      guint column = 0;

      for (guint w = 0; words[w] != NULL; w++)
        {
          guint word_width = text_width (words[w], -1);

          if (*words[w] == '\0')
            continue;
          if (line->len > 0 && column + 1 + word_width > width)
            {
              g_strv_builder_add (builder, line->str);
              g_string_truncate (line, 0);
              column = 0;
            }
          if (line->len > 0)
            {
              g_string_append_c (line, ' ');
              column++;
            }
          g_string_append (line, words[w]);
          column += word_width;
        }
      g_strv_builder_add (builder, line->str);
      g_string_free (line, TRUE);
    }
  return g_strv_builder_end (builder);
}

static char *
join_cells (GPtrArray  *cells,
            const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cells->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? separator : "",
                            (const char *) g_ptr_array_index (cells, i));
  return g_string_free (out, FALSE);
}

static void
underline (GString    *out,
           const char *title,
           char        c)
{
  guint width = text_width (title, -1);

  g_string_append_printf (out, "%s\n", title);
  for (guint i = 0; i < width; i++)
    g_string_append_c (out, c);
  g_string_append_c (out, '\n');
}

static void
render_fields (GString    *out,
               TdDocBlock *block)
{
  guint key_width = 0;

  for (guint i = 0; i + 1 < block->cells->len; i += 2)
    key_width = MAX (key_width, text_width (g_ptr_array_index (block->cells, i), -1) + 1);
  for (guint i = 0; i + 1 < block->cells->len; i += 2)
    {
      const char *key = g_ptr_array_index (block->cells, i);

      if (*key != '\0')
        {
          g_string_append_printf (out, "%s:", key);
          append_spaces (out, key_width + 2 - text_width (key, -1) - 1);
        }
      else
        append_spaces (out, key_width + 2);
      wrap (out, g_ptr_array_index (block->cells, i + 1), key_width + 2, key_width + 2);
    }
}

/* Cells may hold several lines; a row is as tall as its tallest cell. */
static void
render_table (GString    *out,
              TdDocBlock *block)
{
  guint n = block->n_columns;
  guint n_rows = block->cells->len / n;
  g_autofree guint *widths = g_new0 (guint, n);
  g_autoptr(GPtrArray) split = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < block->cells->len; i++)
    {
      const char *text = g_ptr_array_index (block->cells, i);
      char **lines;

      if (i >= n && (int) (i % n) == block->status_column)
        text = td_doc_status_label (text);
      lines = g_strsplit (text, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        widths[i % n] = MAX (widths[i % n], text_width (lines[l], -1));
      g_ptr_array_add (split, lines);
    }

  /* Too wide for the page: wrap the widest column's cells, down to a
   * width that still reads. */
  {
    guint total = 0, widest = 0;

    for (guint c = 0; c < n; c++)
      {
        total += widths[c] + (c + 1 < n ? 2 : 0);
        if (widths[c] > widths[widest])
          widest = c;
      }
    guint longest_word = 0;

    for (guint i = widest + n; i < block->cells->len; i += n)
      {
        g_auto(GStrv) words = g_strsplit_set (g_ptr_array_index (block->cells, i), " \n", -1);

        for (guint w = 0; words[w] != NULL; w++)
          longest_word = MAX (longest_word, text_width (words[w], -1));
      }
    /* A column of long words (a log of datagrams) is left as it is:
     * wrapping it would only make it taller and still too wide. */
    if (total > WIDTH && widths[widest] > total - WIDTH &&
        widths[widest] - (total - WIDTH) >= MAX (20, longest_word))
      {
        guint target = widths[widest] - (total - WIDTH);

        widths[widest] = 0;
        for (guint i = widest; i < block->cells->len; i += n)
          {
            char **old = g_ptr_array_index (split, i);
            g_autofree char *joined = g_strjoinv ("\n", old);
            char **lines = wrap_lines (joined, target);

            for (guint l = 0; lines[l] != NULL; l++)
              widths[widest] = MAX (widths[widest], text_width (lines[l], -1));
            g_strfreev (old);
            g_ptr_array_index (split, i) = lines;
          }
      }
  }

  for (guint row = 0; row < n_rows; row++)
    {
      guint height = 1;

      for (guint c = 0; c < n; c++)
        height = MAX (height, g_strv_length (g_ptr_array_index (split, row * n + c)));
      for (guint l = 0; l < height; l++)
        {
          GString *line = g_string_new (NULL);

          for (guint c = 0; c < n; c++)
            {
              char **lines = g_ptr_array_index (split, row * n + c);
              const char *text = l < g_strv_length (lines) ? lines[l] : "";

              g_string_append (line, text);
              if (c + 1 < n)
                append_spaces (line, widths[c] - text_width (text, -1) + 2);
            }
          /* No trailing blanks from empty last cells. */
          while (line->len > 0 && line->str[line->len - 1] == ' ')
            g_string_truncate (line, line->len - 1);
          g_string_append_printf (out, "%s\n", line->str);
          g_string_free (line, TRUE);
        }
      if (row == 0)
        {
          guint total = 0;

          for (guint c = 0; c < n; c++)
            total += widths[c] + (c + 1 < n ? 2 : 0);
          /* A log too wide for the page gets a rule as wide as the page. */
          for (guint i = 0; i < MIN (total, WIDTH); i++)
            g_string_append_c (out, '-');
          g_string_append_c (out, '\n');
        }
    }
}

static void
render_code (GString    *out,
             TdDocBlock *block,
             guint       indent)
{
  g_auto(GStrv) lines = NULL;
  gsize length = strlen (block->text);

  if (block->is_command)
    {
      append_spaces (out, indent);
      g_string_append_printf (out, "%s\n", _("Command:"));
      append_spaces (out, indent + 4);
      g_string_append_printf (out, "%s\n", block->text);
      return;
    }
  if (block->title != NULL)
    {
      append_spaces (out, indent);
      g_string_append_printf (out, "%s:\n", block->title);
    }
  if (length == 0)
    {
      append_spaces (out, indent + 2);
      g_string_append_printf (out, "| %s\n", _("(no output)"));
      return;
    }
  /* One final newline is the end of the last line, not an empty line. */
  lines = g_strsplit (block->text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      if (lines[l + 1] == NULL && *lines[l] == '\0')
        break;
      append_spaces (out, indent + 2);
      g_string_append (out, *lines[l] != '\0' ? "| " : "|");
      g_string_append_printf (out, "%s\n", lines[l]);
    }
}

GBytes *
td_report_doc_to_text (TdReportDoc *doc)
{
  GString *out = g_string_new (NULL);

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      TdDocBlock *block = g_ptr_array_index (doc->blocks, b);
      guint indent = block->indent > 0 ? CHECK_INDENT : 0;

      if (b > 0)
        g_string_append_c (out, '\n');
      switch (block->kind)
        {
        case TD_DOC_TITLE:
          underline (out, block->title, '=');
          break;

        case TD_DOC_FIELDS:
          render_fields (out, block);
          break;

        case TD_DOC_VERDICT:
          {
            g_autofree char *head = g_strdup_printf (_("VERDICT: %s — %s"), block->status,
                                                     block->title);

            wrap (out, head, 0, 2);
            if (block->text != NULL)
              {
                append_spaces (out, 2);
                wrap (out, block->text, 2, 2);
              }
          }
          break;

        case TD_DOC_HEADING:
          if (block->level <= 1)
            underline (out, block->title, '-');
          else
            g_string_append_printf (out, "%s:\n", block->title);
          break;

        case TD_DOC_PARAGRAPH:
          append_spaces (out, indent);
          wrap (out, block->text, indent, indent);
          break;

        case TD_DOC_LIST:
          for (guint i = 0; i < block->cells->len; i++)
            {
              append_spaces (out, indent + 2);
              g_string_append (out, "- ");
              wrap (out, g_ptr_array_index (block->cells, i), indent + 4, indent + 4);
            }
          break;

        case TD_DOC_TABLE:
          render_table (out, block);
          break;

        case TD_DOC_CHECK:
          {
            g_autofree char *head = NULL;

            g_string_append_printf (out, "[%s] ", td_doc_status_label (block->status));
            /* A no-break space keeps "(95 ms)" on one line. */
            g_auto(GStrv) parts = block->note != NULL ? g_strsplit (block->note, " ", -1) : NULL;
            g_autofree char *note = parts != NULL ? g_strjoinv ("\xc2\xa0", parts) : NULL;

            head = g_strdup_printf ("%s%s%s%s%s%s", block->title,
                                    block->text != NULL ? " — " : "",
                                    block->text != NULL ? block->text : "",
                                    note != NULL ? " (" : "",
                                    note != NULL ? note : "",
                                    note != NULL ? ")" : "");
            wrap (out, head, text_width (td_doc_status_label (block->status), -1) + 3,
                  CHECK_INDENT);
          }
          break;

        case TD_DOC_CODE:
          render_code (out, block, indent + (block->is_command ? 2 : 0));
          break;

        case TD_DOC_REMEDY:
          {
            g_autofree char *head = g_strdup_printf (_("Fix: %s"), block->title);
            g_autofree char *notes = join_cells (block->cells, " · ");

            append_spaces (out, indent);
            wrap (out, head, indent, indent + 2);
            if (*notes != '\0')
              {
                append_spaces (out, indent + 2);
                wrap (out, notes, indent + 2, indent + 2);
              }
            if (block->text != NULL)
              {
                append_spaces (out, indent + 2);
                wrap (out, block->text, indent + 2, indent + 2);
              }
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free_to_bytes (out);
}
