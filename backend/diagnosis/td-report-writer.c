/* td-report-writer.c — a report as JSON, plain text, Markdown, HTML or PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pango/pangocairo.h>
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

/* ---- asynchronous rendering and export -------------------------------- */

/* What the worker thread owns: the report's tree, built on the calling
 * thread by td_report_to_json() from nothing shared (every node is new), so
 * the thread never touches the TdReport or any other GObject.  The writers
 * below td_report_render_json_node() keep no mutable global state; the PDF
 * writer's pango context uses the thread's own default font map. */
typedef struct
{
  JsonNode       *root;
  TdReportFormat  format;
  gboolean        redact;
} RenderData;

static void
render_data_free (gpointer data)
{
  RenderData *render = data;

  g_clear_pointer (&render->root, json_node_unref);
  g_free (render);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *render = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* Our own tree, as in td_report_render(): redact it in place. */
  if (render->redact)
    td_redact_report_json (render->root);
  bytes = td_report_render_json_node (render->root, render->format, FALSE, &error);
  /* pango's default font map is per thread, and this thread is the GTask
   * pool's, shared with every other task and kept for the next: drop the
   * fonts the PDF writer loaded instead of leaving them behind (they would
   * also outlive a program's own clean-up of pango's and cairo's caches). */
  if (render->format == TD_REPORT_FORMAT_PDF)
    pango_cairo_font_map_set_default (NULL);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
td_report_render_async (TdReport            *report,
                        TdReportFormat       format,
                        gboolean             redact,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  RenderData *render;

  g_return_if_fail (TD_IS_REPORT (report));
  g_return_if_fail ((guint) format < G_N_ELEMENTS (formats));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* No source object: the worker may drop the last reference to the
   * task, and must not finalize a TdReport. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_report_render_async);
  render = g_new0 (RenderData, 1);
  render->root = td_report_to_json (report);
  render->format = format;
  render->redact = redact;
  g_task_set_task_data (task, render, render_data_free);
  /* Not return-on-cancel: a cancelled rendering is answered when the
   * worker is done with it (a writer cannot be interrupted), so that no
   * thread is left rendering behind the caller's back, e.g. while the
   * program exits.  The answer is G_IO_ERROR_CANCELLED all the same. */
  g_task_run_in_thread (task, render_thread);
  g_object_unref (task);
}

GBytes *
td_report_render_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_report_render_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_rendered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GFile *file = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  bytes = td_report_render_finish (result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Cancelled after the rendering: the file is left as it was. */
  if (g_task_return_error_if_cancelled (task))
    return;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, export_written_cb, g_steal_pointer (&task));
}

void
td_report_export_async (TdReport            *report,
                        GFile               *file,
                        TdReportFormat       format,
                        gboolean             redact,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TD_IS_REPORT (report));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail ((guint) format < G_N_ELEMENTS (formats));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_report_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  td_report_render_async (report, format, redact, cancellable, export_rendered_cb, task);
}

gboolean
td_report_export_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_report_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
