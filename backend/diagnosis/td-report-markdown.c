/* td-report-markdown.c — a report as Markdown, for tickets
 *
 * GitHub/GitLab-flavoured: a checklist table, commands in fenced blocks,
 * evidence in <details> so that a ticket stays readable.  Everything that
 * comes from the report is escaped: Markdown punctuation gets a backslash,
 * text inside HTML tags gets entities, and fences are longer than any run
 * of backticks inside them, so no evidence can break out of its block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-report-doc.h"

static const char *
status_emoji (const char *status)
{
  static const struct { const char *status; const char *emoji; } emojis[] = {
    { "pass", "✅" }, { "warn", "⚠️" }, { "fail", "❌" }, { "skip", "⏭️" },
    { "info", "ℹ️" }, { "cancelled", "⛔" }, { "waiting", "⏳" }, { "running", "🔄" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (emojis); i++)
    if (g_strcmp0 (status, emojis[i].status) == 0)
      return emojis[i].emoji;
  return "❔";
}

/* Inline text: a backslash before every character Markdown could read as
 * syntax, and before what starts a block at the beginning of a line.
 * Newlines become @newline. */
static void
append_inline_at (GString    *out,
                  const char *text,
                  const char *newline,
                  gboolean    line_start)
{

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          g_string_append (out, newline);
          line_start = TRUE;
          continue;
        }
      if (strchr ("\\`*_[]<>|&~", *p) != NULL ||
          (line_start && strchr ("#+-=>!", *p) != NULL))
        g_string_append_c (out, '\\');
      else if (line_start && g_ascii_isdigit (*p))
        {
          /* "1. " or "1) " would start an ordered list. */
          const char *q = p;

          while (g_ascii_isdigit (*q))
            q++;
          if (*q == '.' || *q == ')')
            {
              g_string_append_len (out, p, q - p);
              g_string_append_c (out, '\\');
              p = q;
            }
        }
      g_string_append_c (out, *p);
      if (*p != ' ')
        line_start = FALSE;
    }
}

/* Text that does not start a line (after "**Key:** ", in a table cell, a
 * heading): only what follows its newlines can start a block. */
static void
append_inline (GString    *out,
               const char *text,
               const char *newline)
{
  append_inline_at (out, text, newline, FALSE);
}

static void
append_html (GString    *out,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

/* A fenced block whose fence is longer than any backtick run inside. */
static void
append_fenced (GString    *out,
               const char *text,
               const char *info)
{
  guint longest = 0, run = 0;
  gsize length = strlen (text);

  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  for (guint i = 0; i < MAX (3, longest + 1); i++)
    g_string_append_c (out, '`');
  g_string_append_printf (out, "%s\n%s", info, text);
  if (length > 0 && text[length - 1] != '\n')
    g_string_append_c (out, '\n');
  for (guint i = 0; i < MAX (3, longest + 1); i++)
    g_string_append_c (out, '`');
  g_string_append_c (out, '\n');
}

static void
render_table (GString    *out,
              TdDocBlock *block)
{
  guint n = block->n_columns;

  for (guint i = 0; i < block->cells->len; i++)
    {
      const char *text = g_ptr_array_index (block->cells, i);

      g_string_append (out, "| ");
      if (i >= n && (int) (i % n) == block->status_column)
        g_string_append_printf (out, "%s %s", status_emoji (text), td_doc_status_label (text));
      else
        append_inline (out, text, "<br>");
      g_string_append (out, " ");
      if (i % n == n - 1)
        {
          g_string_append (out, "|\n");
          if (i == n - 1)
            {
              for (guint c = 0; c < n; c++)
                g_string_append (out, "|---");
              g_string_append (out, "|\n");
            }
        }
    }
}

GBytes *
td_report_doc_to_markdown (TdReportDoc *doc)
{
  GString *out = g_string_new (NULL);

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      TdDocBlock *block = g_ptr_array_index (doc->blocks, b);

      if (b > 0)
        g_string_append_c (out, '\n');
      switch (block->kind)
        {
        case TD_DOC_TITLE:
          g_string_append (out, "# ");
          append_inline (out, block->title, " ");
          g_string_append_c (out, '\n');
          break;

        case TD_DOC_FIELDS:
          for (guint i = 0; i + 1 < block->cells->len; i += 2)
            {
              const char *key = g_ptr_array_index (block->cells, i);

              g_string_append (out, "- ");
              if (*key != '\0')
                {
                  g_string_append (out, "**");
                  append_inline (out, key, " ");
                  g_string_append (out, ":** ");
                }
              append_inline (out, g_ptr_array_index (block->cells, i + 1), "; ");
              g_string_append_c (out, '\n');
            }
          break;

        case TD_DOC_VERDICT:
          g_string_append_printf (out, "## %s ", block->healthy ? "✅" : "❌");
          append_inline (out, _("Verdict:"), " ");
          g_string_append_c (out, ' ');
          append_inline (out, block->title, " ");
          g_string_append (out, "\n\n> **`");
          /* A code is [a-z0-9-]; keep only that, a code span escapes nothing. */
          for (const char *p = block->status; *p != '\0'; p++)
            if (g_ascii_isalnum (*p) || *p == '-')
              g_string_append_c (out, *p);
          g_string_append (out, "`**");
          if (block->text != NULL)
            {
              g_string_append (out, " — ");
              append_inline (out, block->text, "\\\n> ");
            }
          g_string_append_c (out, '\n');
          break;

        case TD_DOC_HEADING:
          g_string_append (out, block->level <= 1 ? "## " : "### ");
          append_inline (out, block->title, " ");
          g_string_append_c (out, '\n');
          break;

        case TD_DOC_PARAGRAPH:
          append_inline_at (out, block->text, "\\\n", TRUE);
          g_string_append_c (out, '\n');
          break;

        case TD_DOC_LIST:
          for (guint i = 0; i < block->cells->len; i++)
            {
              g_string_append (out, "- ");
              append_inline_at (out, g_ptr_array_index (block->cells, i), "\\\n  ", TRUE);
              g_string_append_c (out, '\n');
            }
          break;

        case TD_DOC_TABLE:
          if (block->long_table)
            {
              g_string_append_printf (out, "<details>\n<summary>");
              append_html (out, _("Show the table"));
              g_string_append (out, "</summary>\n\n");
              render_table (out, block);
              g_string_append (out, "\n</details>\n");
            }
          else
            render_table (out, block);
          break;

        case TD_DOC_CHECK:
          g_string_append_printf (out, "### %s %s — ", status_emoji (block->status),
                                  td_doc_status_label (block->status));
          append_inline (out, block->title, " ");
          g_string_append_c (out, '\n');
          if (block->text != NULL || block->note != NULL)
            {
              g_string_append_c (out, '\n');
              if (block->text != NULL)
                {
                  g_string_append (out, "**");
                  append_inline (out, block->text, " ");
                  g_string_append (out, "**");
                }
              if (block->note != NULL)
                {
                  g_string_append (out, block->text != NULL ? " (" : "(");
                  append_inline (out, block->note, " ");
                  g_string_append (out, ")");
                }
              g_string_append_c (out, '\n');
            }
          break;

        case TD_DOC_CODE:
          if (block->is_command)
            append_fenced (out, block->text, "");
          else
            {
              g_string_append (out, "<details>\n<summary>");
              if (block->indent > 0 && block->title != NULL)
                {
                  g_autofree char *label = g_strdup_printf (_("Evidence: %s"), block->title);
                  append_html (out, label);
                }
              else
                append_html (out, block->title != NULL ? block->title : _("Evidence"));
              g_string_append (out, "</summary>\n\n");
              append_fenced (out, *block->text != '\0' ? block->text : _("(no output)"), "text");
              g_string_append (out, "\n</details>\n");
            }
          break;

        case TD_DOC_REMEDY:
          g_string_append (out, "#### 🔧 ");
          {
            g_autofree char *head = g_strdup_printf (_("Fix: %s"), block->title);
            append_inline (out, head, " ");
          }
          g_string_append_c (out, '\n');
          if (block->cells->len > 0)
            {
              g_string_append (out, "\n*");
              for (guint i = 0; i < block->cells->len; i++)
                {
                  if (i > 0)
                    g_string_append (out, " · ");
                  append_inline (out, g_ptr_array_index (block->cells, i), " ");
                }
              g_string_append (out, "*\n");
            }
          if (block->text != NULL)
            {
              g_string_append_c (out, '\n');
              append_inline_at (out, block->text, "\\\n", TRUE);
              g_string_append_c (out, '\n');
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free_to_bytes (out);
}
