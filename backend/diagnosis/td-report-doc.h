/* td-report-doc.h — a report as a flat list of blocks, shared by the text,
 * Markdown, HTML and PDF writers (private to the writers)
 *
 * The document decides *what* a report says and in which order; each
 * writer decides only how a block looks.  Blocks are flat: a check is a
 * CHECK block followed by its PARAGRAPH / CODE / REMEDY blocks at indent 1,
 * and the next block at indent 0 ends it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TD_DOC_TITLE,      /* title */
  TD_DOC_FIELDS,     /* cells: key, value, key, value … */
  TD_DOC_VERDICT,    /* status = code, title, text = summary, healthy */
  TD_DOC_HEADING,    /* level 1 or 2, title, anchor */
  TD_DOC_PARAGRAPH,  /* text (may hold newlines) */
  TD_DOC_LIST,       /* cells: items */
  TD_DOC_TABLE,      /* n_columns, cells: header row then rows; status_column */
  TD_DOC_CHECK,      /* status, title, text = summary, note = duration, anchor */
  TD_DOC_CODE,       /* title = label (nullable), text, is_command */
  TD_DOC_REMEDY,     /* title, text = description (nullable), cells = notes */
} TdDocKind;

typedef struct {
  TdDocKind  kind;
  guint      indent;          /* 0, or 1 inside a check */
  guint      level;           /* headings */
  char      *title;
  char      *text;
  char      *status;          /* check status string / verdict code */
  char      *note;
  char      *anchor;          /* [a-z0-9-]+, unique in the document, or NULL */
  gboolean   healthy;         /* verdict */
  gboolean   is_command;      /* code: a command to paste, not evidence */
  gboolean   long_table;      /* table: many rows (probe events) */
  guint      n_columns;
  int        status_column;   /* table column holding check statuses, or -1 */
  GPtrArray *cells;           /* char * */
} TdDocBlock;

typedef struct {
  char      *title;           /* "Teredo Doctor report" */
  char      *subtitle;        /* "host-1 · 2024-05-01 10:00 UTC" */
  char      *footer;          /* "teredo-doctor 0.1.0 · …" */
  char      *started_at;      /* ISO 8601, as in the report */
  gboolean   redacted;
  GPtrArray *blocks;          /* TdDocBlock * */
} TdReportDoc;

TdReportDoc *td_report_doc_new_from_json (JsonNode     *root);
void         td_report_doc_free          (TdReportDoc  *doc);

/* "PASS", "WARN", "FAIL", "SKIP", "INFO", "CANCELLED", "WAITING", "RUNNING"
 * (never translated: people grep for them). */
const char  *td_doc_status_label         (const char   *status);
/* "pass", "warn", "fail", "skip", "info", "cancelled", "waiting", "running",
 * or "unknown": safe as a CSS class name. */
const char  *td_doc_status_class         (const char   *status);

GBytes      *td_report_doc_to_text       (TdReportDoc  *doc);
GBytes      *td_report_doc_to_markdown   (TdReportDoc  *doc);
GBytes      *td_report_doc_to_html       (TdReportDoc  *doc);
GBytes      *td_report_doc_to_pdf        (TdReportDoc  *doc,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdReportDoc, td_report_doc_free)

G_END_DECLS
