/* td-report-writer.h — a report as JSON, plain text, Markdown, HTML or PDF
 *
 * Every format is rendered from the report's JSON tree (td_report_to_json),
 * redacted first when asked (td-redact.h), so that all formats show the
 * same facts and are masked the same way.
 *
 *   json      td_report_to_json, pretty-printed, with its "version" (compact
 *             when indentation would take it over TD_REPORT_MAX_FILE_SIZE);
 *   text      plain text for a terminal, an e-mail or "Copy report";
 *   markdown  for tickets: checklist table, fenced commands, evidence in
 *             <details>;
 *   html      one self-contained XHTML5 file: inline CSS, no scripts, no
 *             external resources; printable, phone-friendly, dark-mode aware;
 *   pdf       A4, cairo + pango, "Page N of M".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-report.h"

G_BEGIN_DECLS

typedef enum {
  TD_REPORT_FORMAT_JSON,
  TD_REPORT_FORMAT_TEXT,
  TD_REPORT_FORMAT_MARKDOWN,
  TD_REPORT_FORMAT_HTML,
  TD_REPORT_FORMAT_PDF,
} TdReportFormat;

/* "json", "text" (or "txt"), "markdown" (or "md"), "html", "pdf";
 * case-insensitive. */
gboolean    td_report_format_from_string (const char     *s,
                                          TdReportFormat *out);
const char *td_report_format_to_string   (TdReportFormat  format);
/* "json", "txt", "md", "html", "pdf" */
const char *td_report_format_get_extension (TdReportFormat format);
/* "application/json", "text/plain", "text/markdown", "text/html",
 * "application/pdf" */
const char *td_report_format_get_content_type (TdReportFormat format);

/* The rendered bytes (UTF-8 for the text formats, ending with a newline).
 * Fails only for the PDF writer (cairo error), with TD_ERROR_FAILED. */
GBytes     *td_report_render             (TdReport       *report,
                                          TdReportFormat  format,
                                          gboolean        redact,
                                          GError        **error);
/* The same from a report tree (not modified); @redact works on a copy. */
GBytes     *td_report_render_json_node   (JsonNode       *root,
                                          TdReportFormat  format,
                                          gboolean        redact,
                                          GError        **error);

/* td_report_render() without blocking: the report's JSON tree is built
 * here, on the calling thread (0.2 ms for a real report, 0.2 s for one as
 * big as the reader accepts), and redacted and rendered in a worker thread
 * (which never sees @report); the bytes are identical.  Cancelled, before or while it
 * runs: G_IO_ERROR_CANCELLED (when the worker is done: a writer is not
 * interrupted). */
void        td_report_render_async       (TdReport             *report,
                                          TdReportFormat        format,
                                          gboolean              redact,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GBytes     *td_report_render_finish      (GAsyncResult         *result,
                                          GError              **error);
/* td_report_render_async(), then the bytes replace @file's contents
 * (g_file_replace_contents_bytes_async, G_FILE_CREATE_REPLACE_DESTINATION,
 * no backup).  Cancelled before the rendering is done: @file is not
 * touched. */
void        td_report_export_async       (TdReport             *report,
                                          GFile                *file,
                                          TdReportFormat        format,
                                          gboolean              redact,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    td_report_export_finish      (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
