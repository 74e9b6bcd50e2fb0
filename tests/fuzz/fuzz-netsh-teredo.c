/* fuzz-netsh-teredo.c — libFuzzer target for the netsh Teredo state parser
 *
 * Every accepted client must survive the JSON contract: to_json, strict
 * from_json and to_json again give the same document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-fuzz-text.h"
#include "td-netsh-teredo.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdTeredoClient) client = td_netsh_teredo_parse (text, &error);
  g_autoptr(JsonBuilder) b1 = NULL;
  g_autoptr(JsonBuilder) b2 = NULL;
  g_autoptr(JsonNode) j1 = NULL;
  g_autoptr(JsonNode) j2 = NULL;
  g_autoptr(TdTeredoClient) back = NULL;
  g_autoptr(GError) json_error = NULL;

  td_fuzz_check_outcome (client != NULL, error);
  if (client == NULL)
    return;

  td_fuzz_check (client->implementation == TD_CLIENT_IMPL_WINDOWS);
  td_fuzz_check (client->type != TD_TEREDO_TYPE_UNSET);
  td_fuzz_check (client->raw != NULL && strcmp (client->raw, text) == 0);
  if (client->error != TD_TEREDO_ERROR_UNSET)
    td_fuzz_check (td_netsh_teredo_classify_error (client->error_raw) == client->error);

  b1 = json_builder_new ();
  td_teredo_client_to_json (client, b1);
  j1 = json_builder_get_root (b1);
  back = td_teredo_client_from_json (j1, &json_error);
  td_fuzz_check (back != NULL && json_error == NULL);
  b2 = json_builder_new ();
  td_teredo_client_to_json (back, b2);
  j2 = json_builder_get_root (b2);
  td_fuzz_check (json_node_equal (j1, j2));
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
