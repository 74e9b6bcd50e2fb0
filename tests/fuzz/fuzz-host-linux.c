/* fuzz-host-linux.c — libFuzzer target for the Linux host readers:
 * /proc/net/if_inet6, /proc/net/ipv6_route, `nft -j list ruleset` and
 * `ip6tables -S`, each of which must give a value or a TD_ERROR, never both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-fuzz-text.h"
#include "td-linux-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run (const char *text)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) td_host_address_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *interface = NULL;
  TdFirewallSource *source;
  gboolean ok, has_default = FALSE;

  ok = td_host_linux_parse_if_inet6 (text, addresses, &error);
  td_fuzz_check_outcome (ok, error);
  for (guint i = 0; i < addresses->len; i++)
    td_fuzz_check (((TdHostAddress *) g_ptr_array_index (addresses, i))->address != NULL);
  g_clear_error (&error);

  ok = td_host_linux_parse_ipv6_route (text, &has_default, &interface, &error);
  td_fuzz_check_outcome (ok, error);
  td_fuzz_check (!has_default || interface != NULL);
  g_clear_error (&error);

  source = td_host_linux_parse_nft_json (text, &error);
  td_fuzz_check_outcome (source != NULL, error);
  td_firewall_source_free (source);
  g_clear_error (&error);

  source = td_host_linux_parse_ip6tables (text, &error);
  td_fuzz_check_outcome (source != NULL, error);
  td_firewall_source_free (source);
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
