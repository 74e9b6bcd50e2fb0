/* td-fuzz-text.h — shared input handling of the command-output fuzz targets
 *
 * Each target runs its parser twice: on the raw bytes (as a C string, so
 * the non-UTF-8 refusal is exercised) and on the bytes decoded by
 * td_console_decode() with a code page picked from the input, so the
 * parser proper sees valid UTF-8 too.  Results and errors must agree with
 * the API contract: exactly one of them, errors in TD_ERROR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "td-console-decode.h"
#include "td-error.h"

static inline void
td_fuzz_check (gboolean condition)
{
  if (!condition)
    abort ();
}

/* Exactly one of @result and @error. */
static inline void
td_fuzz_check_outcome (gboolean      ok,
                       const GError *error)
{
  if (ok)
    td_fuzz_check (error == NULL);
  else
    td_fuzz_check (error != NULL && error->domain == TD_ERROR && error->message[0] != '\0');
}

static inline char *
td_fuzz_raw_text (const uint8_t *data,
                  size_t         size)
{
  char *raw = g_malloc (size + 1);

  memcpy (raw, data, size);
  raw[size] = '\0';
  return raw;
}

static inline char *
td_fuzz_decoded_text (const uint8_t *data,
                      size_t         size)
{
  static const char * const hints[] = { NULL, "CP936", "CP437", "CP850", "936" };
  char *text = td_console_decode (data, size, hints[size % G_N_ELEMENTS (hints)]);

  td_fuzz_check (text != NULL && g_utf8_validate (text, -1, NULL));
  return text;
}

/* Serializes through @to_json and drops the result: catches builder misuse. */
static inline void
td_fuzz_drop_json (JsonBuilder *builder)
{
  JsonNode *root = json_builder_get_root (builder);

  td_fuzz_check (root != NULL);
  g_free (json_to_string (root, FALSE));
  json_node_unref (root);
}
