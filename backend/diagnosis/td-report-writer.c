/* td-report-writer.c — a report as JSON, plain text, Markdown, HTML or PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-redact.h"
#include "td-report-doc.h"
#include "td-report-writer.h"

static const struct {
  const char *name;
  const char *alias;
  const char *extension;
  const char *content_type;
} formats[] = {
  [TD_REPORT_FORMAT_JSON] = { "json", NULL, "json", "application/json" },
  [TD_REPORT_FORMAT_TEXT] = { "text", "txt", "txt", "text/plain" },
  [TD_REPORT_FORMAT_MARKDOWN] = { "markdown", "md", "md", "text/markdown" },
  [TD_REPORT_FORMAT_HTML] = { "html", "htm", "html", "text/html" },
  [TD_REPORT_FORMAT_PDF] = { "pdf", NULL, "pdf", "application/pdf" },
};

gboolean
td_report_format_from_string (const char     *s,
                              TdReportFormat *out)
{
  if (s == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (s, formats[i].name) == 0 ||
        (formats[i].alias != NULL && g_ascii_strcasecmp (s, formats[i].alias) == 0))
      {
        if (out != NULL)
          *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
td_report_format_to_string (TdReportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);
  return formats[format].name;
}

const char *
td_report_format_get_extension (TdReportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);
  return formats[format].extension;
}

const char *
td_report_format_get_content_type (TdReportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);
  return formats[format].content_type;
}

static GBytes *
render_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  gsize length;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  /* Indentation can push a big report over the reader's size limit; the
   * compact form is what such a report is read from, so it stays
   * readable. */
  if (length >= TD_REPORT_MAX_FILE_SIZE)
    {
      g_free (text);
      json_generator_set_pretty (generator, FALSE);
      text = json_generator_to_data (generator, &length);
    }
  return g_bytes_new_take (g_strconcat (text, "\n", NULL), length + 1);
}

GBytes *
td_report_render_json_node (JsonNode        *root,
                            TdReportFormat   format,
                            gboolean         redact,
                            GError         **error)
{
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(TdReportDoc) doc = NULL;

  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);

  /* Redaction works on the tree, before any writer sees it: every format
   * is masked the same way, with the same numbering. */
  if (redact)
    {
      copy = json_node_copy (root);
      td_redact_report_json (copy);
      root = copy;
    }
  if (format == TD_REPORT_FORMAT_JSON)
    return render_json (root);

  doc = td_report_doc_new_from_json (root);
  switch (format)
    {
    case TD_REPORT_FORMAT_TEXT:
      return td_report_doc_to_text (doc);
    case TD_REPORT_FORMAT_MARKDOWN:
      return td_report_doc_to_markdown (doc);
    case TD_REPORT_FORMAT_HTML:
      return td_report_doc_to_html (doc);
    case TD_REPORT_FORMAT_PDF:
      return td_report_doc_to_pdf (doc, error);
    case TD_REPORT_FORMAT_JSON:
    default:
      g_assert_not_reached ();
    }
}

GBytes *
td_report_render (TdReport        *report,
                  TdReportFormat   format,
                  gboolean         redact,
                  GError         **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (TD_IS_REPORT (report), NULL);

  root = td_report_to_json (report);
  if (redact)
    {
      /* Our own tree: no need to copy it first. */
      td_redact_report_json (root);
      redact = FALSE;
    }
  return td_report_render_json_node (root, format, redact, error);
}
