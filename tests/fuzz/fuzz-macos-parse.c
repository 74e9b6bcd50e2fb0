/* fuzz-macos-parse.c — libFuzzer target for the macOS command parsers
 *
 * ifconfig, netstat -rn -f inet6, socketfilterfw --getglobalstate and
 * pfctl -s info all read the same input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-fuzz-text.h"
#include "td-macos-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run (const char *text)
{
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdIfconfig) ifc = td_ifconfig_parse (text, &error);

    td_fuzz_check_outcome (ifc != NULL, error);
    if (ifc != NULL)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        for (guint i = 0; i < ifc->interfaces->len; i++)
          {
            const TdIfconfigInterface *iface = g_ptr_array_index (ifc->interfaces, i);

            /* The lookup finds the (single) entry of each name. */
            td_fuzz_check (td_ifconfig_find (ifc, iface->name) == iface);
          }
        td_ifconfig_to_json (ifc, b);
        td_fuzz_drop_json (b);
      }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdNetstatRoutes) routes = td_netstat_inet6_parse (text, &error);

    td_fuzz_check_outcome (routes != NULL, error);
    if (routes != NULL)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        td_fuzz_check (routes->defaults->len <= routes->n_routes);
        td_netstat_routes_to_json (routes, b);
        td_fuzz_drop_json (b);
      }
  }
  {
    g_autoptr(GError) error = NULL;
    TdMacosAppFirewall fw;
    gboolean ok = td_socketfilterfw_parse (text, &fw, &error);

    td_fuzz_check_outcome (ok, error);
    if (ok)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        td_fuzz_check (fw.enabled != TD_TRISTATE_UNSET);
        td_macos_app_firewall_to_json (&fw, b);
        td_fuzz_drop_json (b);
      }
  }
  {
    g_autoptr(GError) error = NULL;
    gboolean enabled = FALSE;
    gboolean ok = td_pfctl_info_parse (text, &enabled, &error);

    td_fuzz_check_outcome (ok, error);
  }
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
