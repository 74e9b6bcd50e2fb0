/* fuzz-pnrp.c — libFuzzer target for the netsh p2p pnrp cloud list parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-fuzz-text.h"
#include "td-pnrp.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run (const char *text)
{
  g_autoptr(GError) error = NULL;
  TdPnrpClouds *result = td_pnrp_parse (text, &error);
  g_autoptr(JsonBuilder) builder = NULL;

  td_fuzz_check_outcome (result != NULL, error);
  if (result == NULL)
    return;
  builder = json_builder_new ();
  td_pnrp_clouds_to_json (result, builder);
  td_fuzz_drop_json (builder);
  td_pnrp_clouds_free (result);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *raw = td_fuzz_raw_text (data, size);
  g_autofree char *decoded = td_fuzz_decoded_text (data, size);

  run (raw);
  run (decoded);
  return 0;
}
