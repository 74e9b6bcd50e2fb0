/* fuzz-host-json.c — libFuzzer target for the host model's report reader
 *
 * td_host_from_json() reads saved reports, which are untrusted files: it
 * must fail cleanly (TD_ERROR_PARSE) on anything malformed, and whatever it
 * accepts must write back to JSON that it accepts again, unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-fuzz-text.h"
#include "td-host-json.h"
#include "td-host.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TdHost) host = NULL;
  g_autoptr(TdHost) again = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(JsonNode) rewritten = NULL;

  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return 0;
  host = td_host_from_json (json_parser_get_root (parser), &error);
  td_fuzz_check_outcome (host != NULL, error);
  if (host == NULL)
    {
      td_fuzz_check (error->code == TD_ERROR_PARSE);
      return 0;
    }
  written = td_host_to_json (host, TD_HOST_JSON_EVIDENCE);
  again = td_host_from_json (written, &error);
  td_fuzz_check (again != NULL && error == NULL);
  rewritten = td_host_to_json (again, TD_HOST_JSON_EVIDENCE);
  td_fuzz_check (json_node_equal (written, rewritten));
  return 0;
}
