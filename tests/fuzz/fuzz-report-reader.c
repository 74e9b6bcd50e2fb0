/* fuzz-report-reader.c — libFuzzer target for the strict report reader
 *
 * A saved report is untrusted input (opened by double-click, attached to a
 * ticket).  Besides memory errors and stack overflows this checks the
 * reader's promises and aborts when one breaks:
 *   • a refused input gets a TD_ERROR with a valid UTF-8 message;
 *   • an accepted report can be written again, and what is written loads
 *     again and writes the same bytes (lossless after one round);
 *   • its redacted form loads too, and redacting it again changes nothing;
 *   • the text, Markdown and HTML writers accept whatever the reader
 *     accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "td-error.h"
#include "td-report-writer.h"
#include "td-report.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (gboolean condition)
{
  if (!condition)
    abort ();
}

/* Renders @report as JSON and loads that again: must work. */
static TdReport *
reload (TdReport *report,
        gboolean  redact,
        GBytes  **out_json)
{
  g_autoptr(GError) error = NULL;
  GBytes *json = td_report_render (report, TD_REPORT_FORMAT_JSON, redact, &error);
  TdReport *again;

  check (json != NULL && error == NULL);
  again = td_report_load_from_data (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
  if (again == NULL)
    {
      g_printerr ("a written report does not load again: %s\n", error->message);
      abort ();
    }
  *out_json = json;
  return again;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdReport) report = NULL;
  g_autoptr(TdReport) first = NULL, second = NULL, redacted = NULL, redacted_again = NULL;
  g_autoptr(GBytes) json1 = NULL, json2 = NULL;
  g_autoptr(GBytes) red1 = NULL, red2 = NULL;

  report = td_report_load_from_data ((const char *) data, size, &error);
  if (report == NULL)
    {
      check (error != NULL && error->domain == TD_ERROR);
      check (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  check (error == NULL);
  check (td_report_is_from_file (report));
  check (g_list_model_get_n_items (td_report_get_checks (report)) <= TD_REPORT_MAX_CHECKS);

  /* Lossless after one round: model → JSON → model → JSON gives the same
   * JSON twice. */
  first = reload (report, FALSE, &json1);
  second = reload (first, FALSE, &json2);
  check (g_bytes_equal (json1, json2));

  /* Redaction: loads again, and is idempotent. */
  redacted = reload (report, TRUE, &red1);
  check (td_report_get_redacted (redacted));
  redacted_again = reload (redacted, TRUE, &red2);
  check (g_bytes_equal (red1, red2));

  for (int format = TD_REPORT_FORMAT_TEXT; format <= TD_REPORT_FORMAT_HTML; format++)
    {
      g_autoptr(GBytes) bytes = td_report_render (report, format, FALSE, &error);

      check (bytes != NULL && error == NULL);
      check (g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
    }
  return 0;
}
