/* td-report-html.c — a report as one self-contained XHTML5 page
 *
 * One file that can be mailed, attached to a ticket or opened offline:
 * inline CSS, no script, no image, no font, no link outside the page.  It
 * is well-formed XML (polyglot XHTML5: every element closed, only the five
 * XML entities) so that tools — and our tests, with GMarkup — can parse it.
 * Statuses are words on coloured badges, never colour alone; the page
 * follows the system's dark mode, reflows on a phone, and prints with
 * every evidence box expanded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-report-doc.h"

/* No "<" and no "&" anywhere in here: the page must stay well-formed XML. */
static const char css[] =
  ":root {\n"
  "  color-scheme: light dark;\n"
  "  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;\n"
  "  --card: #f6f8fa; --code: #f6f8fa;\n"
  "  --pass: #1a7f37; --pass-bg: #dafbe1; --warn: #9a6700; --warn-bg: #fff8c5;\n"
  "  --fail: #cf222e; --fail-bg: #ffebe9; --skip: #59636e; --skip-bg: #eff2f5;\n"
  "  --info: #0969da; --info-bg: #ddf4ff;\n"
  "}\n"
  "@media (prefers-color-scheme: dark) {\n"
  "  :root {\n"
  "    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d;\n"
  "    --card: #151b23; --code: #151b23;\n"
  "    --pass: #3fb950; --pass-bg: #0f2a1a; --warn: #d29922; --warn-bg: #2b2111;\n"
  "    --fail: #f85149; --fail-bg: #301316; --skip: #9198a1; --skip-bg: #212830;\n"
  "    --info: #4493f8; --info-bg: #0f1f38;\n"
  "  }\n"
  "}\n"
  "* { box-sizing: border-box; }\n"
  "body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.25rem 3rem;\n"
  "  background: var(--bg); color: var(--fg);\n"
  "  font: 16px/1.5 system-ui, -apple-system, \"Segoe UI\", Cantarell, \"Noto Sans\",\n"
  "    \"DejaVu Sans\", sans-serif; }\n"
  "h1 { font-size: 1.9rem; margin: 0 0 1rem; line-height: 1.2; }\n"
  "h2 { font-size: 1.4rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem;\n"
  "  border-bottom: 1px solid var(--line); }\n"
  "h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }\n"
  "h4 { font-size: 1rem; margin: 0 0 .25rem; }\n"
  "p { margin: .5rem 0; }\n"
  "code, pre { font-family: ui-monospace, \"Cascadia Mono\", Menlo, Consolas,\n"
  "  \"DejaVu Sans Mono\", monospace; font-size: .85rem; }\n"
  "pre { margin: .4rem 0; padding: .7rem .9rem; background: var(--code);\n"
  "  border: 1px solid var(--line); border-radius: 6px; overflow: auto;\n"
  "  white-space: pre; tab-size: 8; }\n"
  "pre.command { border-left: .25rem solid var(--info); }\n"
  "figure { margin: .75rem 0; }\n"
  "figcaption { font-size: .875rem; color: var(--muted); font-weight: 600; }\n"
  "figure pre { max-height: 22rem; }\n"
  "dl.fields { display: grid; grid-template-columns: max-content 1fr;\n"
  "  gap: .2rem 1.25rem; margin: 0 0 1rem; }\n"
  "dl.fields dt { font-weight: 600; color: var(--muted); }\n"
  "dl.fields dd { margin: 0; overflow-wrap: anywhere; }\n"
  ".verdict { margin: 1.5rem 0; padding: 1rem 1.25rem; border-radius: 8px;\n"
  "  border: 1px solid var(--line); border-left: .5rem solid var(--fail);\n"
  "  background: var(--fail-bg); }\n"
  ".verdict.ok { border-left-color: var(--pass); background: var(--pass-bg); }\n"
  ".verdict .label { margin: 0; font-size: .8rem; font-weight: 700;\n"
  "  text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }\n"
  ".verdict h2 { margin: .2rem 0 .4rem; padding: 0; border: 0; }\n"
  ".badge { display: inline-block; min-width: 5.2em; padding: .05em .55em;\n"
  "  border: 1px solid currentColor; border-radius: 1em; text-align: center;\n"
  "  font-size: .78rem; font-weight: 700; letter-spacing: .04em; white-space: nowrap; }\n"
  ".s-pass { color: var(--pass); background: var(--pass-bg); }\n"
  ".s-warn { color: var(--warn); background: var(--warn-bg); }\n"
  ".s-fail { color: var(--fail); background: var(--fail-bg); }\n"
  ".s-info { color: var(--info); background: var(--info-bg); }\n"
  ".s-skip, .s-cancelled, .s-waiting, .s-running, .s-unknown {\n"
  "  color: var(--skip); background: var(--skip-bg); }\n"
  ".check { margin: 1rem 0; padding: .8rem 1rem; border: 1px solid var(--line);\n"
  "  border-left: .35rem solid var(--skip); border-radius: 8px; }\n"
  ".check.c-pass { border-left-color: var(--pass); }\n"
  ".check.c-warn { border-left-color: var(--warn); }\n"
  ".check.c-fail { border-left-color: var(--fail); }\n"
  ".check.c-info { border-left-color: var(--info); }\n"
  ".check h3 { margin: 0; display: flex; flex-wrap: wrap; gap: .6rem;\n"
  "  align-items: baseline; }\n"
  ".check .summary { font-weight: 600; }\n"
  ".check .duration { color: var(--muted); font-weight: 400; font-size: .875rem; }\n"
  ".remedy { margin: .75rem 0; padding: .75rem 1rem; border-radius: 6px;\n"
  "  background: var(--card); }\n"
  ".remedy .notes { margin: 0 0 .4rem; color: var(--muted); font-size: .9rem; }\n"
  ".table-wrap { margin: .5rem 0 1rem; overflow-x: auto; }\n"
  ".table-wrap.long { max-height: 28rem; overflow-y: auto; }\n"
  "table { width: 100%; border-collapse: collapse; font-size: .9rem; }\n"
  "th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--line);\n"
  "  text-align: left; vertical-align: top; }\n"
  "th { position: sticky; top: 0; background: var(--card); }\n"
  "td a { color: inherit; }\n"
  "footer { margin-top: 3rem; padding-top: .75rem; border-top: 1px solid var(--line);\n"
  "  color: var(--muted); font-size: .85rem; }\n"
  "@media (max-width: 40rem) {\n"
  "  body { padding: 1rem .75rem 2rem; font-size: 15px; }\n"
  "  h1 { font-size: 1.5rem; }\n"
  "  dl.fields { grid-template-columns: 1fr; gap: 0; }\n"
  "  dl.fields dd { margin-bottom: .4rem; }\n"
  "  .check, .remedy { padding: .6rem .7rem; }\n"
  "}\n"
  "@media print {\n"
  "  :root {\n"
  "    --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #bbbbbb;\n"
  "    --card: #f4f4f4; --code: #f4f4f4;\n"
  "    --pass: #1a7f37; --pass-bg: #e8f7ec; --warn: #7a5200; --warn-bg: #fff5cc;\n"
  "    --fail: #b3141f; --fail-bg: #fdecea; --skip: #444444; --skip-bg: #f0f0f0;\n"
  "    --info: #0550ae; --info-bg: #e6f2ff;\n"
  "  }\n"
  "  body { max-width: none; padding: 0; font-size: 10pt; }\n"
  "  pre { white-space: pre-wrap; overflow-wrap: anywhere; }\n"
  "  figure pre, .table-wrap, .table-wrap.long { max-height: none; overflow: visible; }\n"
  "  th { position: static; }\n"
  "  h2, h3, h4, figcaption { break-after: avoid; }\n"
  "  tr, .remedy, .verdict { break-inside: avoid; }\n"
  "  .badge, .verdict, .check, th { print-color-adjust: exact;\n"
  "    -webkit-print-color-adjust: exact; }\n"
  "}\n";

static const char *
status_symbol (const char *status)
{
  static const struct { const char *status; const char *symbol; } symbols[] = {
    { "pass", "✓" }, { "warn", "!" }, { "fail", "✗" }, { "skip", "–" }, { "info", "i" },
    { "cancelled", "■" }, { "waiting", "…" }, { "running", "↻" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_strcmp0 (status, symbols[i].status) == 0)
      return symbols[i].symbol;
  return "?";
}

static void
append_text (GString    *out,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);
  g_string_append (out, escaped);
}

/* Text with its line breaks kept. */
static void
append_lines (GString    *out,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, "<br/>");
      append_text (out, lines[i]);
    }
}

static void
append_badge (GString    *out,
              const char *status)
{
  g_string_append_printf (out, "<span class=\"badge s-%s\">%s %s</span>",
                          td_doc_status_class (status), status_symbol (status),
                          td_doc_status_label (status));
}

static void
render_table (GString    *out,
              TdDocBlock *block,
              GPtrArray  *check_anchors)
{
  guint n = block->n_columns;

  g_string_append_printf (out, "<div class=\"table-wrap%s\"><table>\n<thead><tr>",
                          block->long_table ? " long" : "");
  for (guint c = 0; c < n && c < block->cells->len; c++)
    {
      g_string_append (out, "<th scope=\"col\">");
      append_text (out, g_ptr_array_index (block->cells, c));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint i = n; i < block->cells->len; i++)
    {
      guint row = i / n - 1;
      guint column = i % n;
      const char *text = g_ptr_array_index (block->cells, i);

      if (column == 0)
        g_string_append (out, "<tr>");
      g_string_append (out, "<td>");
      if ((int) column == block->status_column)
        append_badge (out, text);
      else if (block->status_column >= 0 && column == (guint) block->status_column + 1 &&
               check_anchors != NULL && row < check_anchors->len)
        {
          /* The checklist links each check to its details. */
          g_string_append_printf (out, "<a href=\"#%s\">",
                                  (const char *) g_ptr_array_index (check_anchors, row));
          append_text (out, text);
          g_string_append (out, "</a>");
        }
      else
        append_lines (out, text);
      g_string_append (out, "</td>");
      if (column == n - 1)
        g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody></table></div>\n");
}

GBytes *
td_report_doc_to_html (TdReportDoc *doc)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) check_anchors = g_ptr_array_new ();
  gboolean in_check = FALSE, in_remedy = FALSE;

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      TdDocBlock *block = g_ptr_array_index (doc->blocks, b);

      if (block->kind == TD_DOC_CHECK)
        g_ptr_array_add (check_anchors, block->anchor);
    }

  g_string_append (out, "<!DOCTYPE html>\n");
  /* TRANSLATORS: the language code of this translation, for the lang
   * attribute of HTML reports ("de", "fr", "zh-CN"). */
  g_string_append_printf (out, "<html lang=\"%s\">\n<head>\n", _("en"));
  g_string_append (out,
                   "<meta charset=\"utf-8\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                   "<meta name=\"color-scheme\" content=\"light dark\"/>\n"
                   "<meta name=\"generator\" content=\"teredo-doctor\"/>\n");
  g_string_append (out, "<title>");
  append_text (out, doc->title);
  g_string_append (out, " — ");
  append_text (out, doc->subtitle);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, css);
  g_string_append (out, "</style>\n</head>\n<body>\n<main>\n");

  for (guint b = 0; b < doc->blocks->len; b++)
    {
      TdDocBlock *block = g_ptr_array_index (doc->blocks, b);

      if (in_remedy && !(block->kind == TD_DOC_CODE && block->is_command))
        {
          g_string_append (out, "</div>\n");
          in_remedy = FALSE;
        }
      if (in_check && block->indent == 0)
        {
          g_string_append (out, "</article>\n");
          in_check = FALSE;
        }

      switch (block->kind)
        {
        case TD_DOC_TITLE:
          g_string_append (out, "<h1>");
          append_text (out, block->title);
          g_string_append (out, "</h1>\n");
          break;

        case TD_DOC_FIELDS:
          g_string_append (out, "<dl class=\"fields\">\n");
          for (guint i = 0; i + 1 < block->cells->len; i += 2)
            {
              g_string_append (out, "<dt>");
              append_text (out, g_ptr_array_index (block->cells, i));
              g_string_append (out, "</dt><dd>");
              append_lines (out, g_ptr_array_index (block->cells, i + 1));
              g_string_append (out, "</dd>\n");
            }
          g_string_append (out, "</dl>\n");
          break;

        case TD_DOC_VERDICT:
          g_string_append_printf (out, "<section class=\"verdict %s\" id=\"%s\">\n"
                                  "<p class=\"label\">%s %s</p>\n<h2>",
                                  block->healthy ? "ok" : "problem", block->anchor,
                                  block->healthy ? "✓" : "✗",
                                  block->healthy ? _("Verdict: no problem found")
                                                 : _("Verdict: a problem was found"));
          append_text (out, block->title);
          g_string_append (out, "</h2>\n<p><code>");
          append_text (out, block->status);
          g_string_append (out, "</code></p>\n");
          if (block->text != NULL)
            {
              g_string_append (out, "<p>");
              append_lines (out, block->text);
              g_string_append (out, "</p>\n");
            }
          g_string_append (out, "</section>\n");
          break;

        case TD_DOC_HEADING:
          {
            const char *tag = block->level <= 1 ? "h2" : "h3";

            if (block->anchor != NULL)
              g_string_append_printf (out, "<%s id=\"%s\">", tag, block->anchor);
            else
              g_string_append_printf (out, "<%s>", tag);
            append_text (out, block->title);
            g_string_append_printf (out, "</%s>\n", tag);
          }
          break;

        case TD_DOC_PARAGRAPH:
          g_string_append (out, "<p>");
          append_lines (out, block->text);
          g_string_append (out, "</p>\n");
          break;

        case TD_DOC_LIST:
          g_string_append (out, "<ul>\n");
          for (guint i = 0; i < block->cells->len; i++)
            {
              g_string_append (out, "<li>");
              append_lines (out, g_ptr_array_index (block->cells, i));
              g_string_append (out, "</li>\n");
            }
          g_string_append (out, "</ul>\n");
          break;

        case TD_DOC_TABLE:
          render_table (out, block, check_anchors);
          break;

        case TD_DOC_CHECK:
          g_string_append_printf (out, "<article class=\"check c-%s\" id=\"%s\">\n<h3>",
                                  td_doc_status_class (block->status), block->anchor);
          append_badge (out, block->status);
          g_string_append (out, " <span>");
          append_text (out, block->title);
          g_string_append (out, "</span>");
          if (block->note != NULL)
            {
              g_string_append (out, " <span class=\"duration\">");
              append_text (out, block->note);
              g_string_append (out, "</span>");
            }
          g_string_append (out, "</h3>\n");
          if (block->text != NULL)
            {
              g_string_append (out, "<p class=\"summary\">");
              append_lines (out, block->text);
              g_string_append (out, "</p>\n");
            }
          in_check = TRUE;
          break;

        case TD_DOC_CODE:
          if (block->is_command)
            {
              g_string_append (out, "<pre class=\"command\"><code>");
              append_text (out, block->text);
              g_string_append (out, "</code></pre>\n");
            }
          else
            {
              g_string_append (out, "<figure class=\"evidence\">\n<figcaption>");
              if (block->indent > 0 && block->title != NULL)
                {
                  g_autofree char *label = g_strdup_printf (_("Evidence: %s"), block->title);
                  append_text (out, label);
                }
              else
                append_text (out, block->title != NULL ? block->title : _("Evidence"));
              g_string_append (out, "</figcaption>\n<pre>");
              if (*block->text == '\0')
                append_text (out, _("(no output)"));
              else
                {
                  /* The last line's newline would show as an empty line. */
                  g_autofree char *text = g_strdup (block->text);
                  gsize length = strlen (text);

                  if (text[length - 1] == '\n')
                    text[length - 1] = '\0';
                  append_text (out, text);
                }
              g_string_append (out, "</pre>\n</figure>\n");
            }
          break;

        case TD_DOC_REMEDY:
          g_string_append (out, "<div class=\"remedy\">\n<h4>");
          {
            g_autofree char *head = g_strdup_printf (_("Fix: %s"), block->title);
            append_text (out, head);
          }
          g_string_append (out, "</h4>\n");
          if (block->cells->len > 0)
            {
              g_string_append (out, "<p class=\"notes\">");
              for (guint i = 0; i < block->cells->len; i++)
                {
                  if (i > 0)
                    g_string_append (out, " · ");
                  append_text (out, g_ptr_array_index (block->cells, i));
                }
              g_string_append (out, "</p>\n");
            }
          if (block->text != NULL)
            {
              g_string_append (out, "<p>");
              append_lines (out, block->text);
              g_string_append (out, "</p>\n");
            }
          in_remedy = TRUE;
          break;

        default:
          g_assert_not_reached ();
        }
    }
  if (in_remedy)
    g_string_append (out, "</div>\n");
  if (in_check)
    g_string_append (out, "</article>\n");

  g_string_append (out, "</main>\n<footer>\n<p>");
  append_text (out, doc->footer);
  g_string_append (out, "</p>\n");
  if (doc->redacted)
    {
      g_string_append (out, "<p>");
      append_text (out, _("Redacted: public IP addresses, host names and hardware addresses are "
                          "replaced by masks such as public-ipv4-1 or host-1; the same mask "
                          "always stands for the same value."));
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</footer>\n</body>\n</html>\n");
  return g_string_free_to_bytes (out);
}
