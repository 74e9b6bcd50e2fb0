/* fuzz-miredo-conf.c — libFuzzer target for miredo.conf and miredo log lines
 *
 * The same input also goes through the ifconfig parser, since pasted miredo
 * material mixes syslog lines and `ifconfig teredo`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-fuzz-text.h"
#include "td-macos-parse.h"
#include "td-miredo-conf.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run (const char *text)
{
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdMiredoConf) conf = td_miredo_conf_parse (text, &error);

    td_fuzz_check_outcome (conf != NULL, error);
    if (conf != NULL)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        td_fuzz_check (conf->bind_port == -1 || (conf->bind_port >= 1 && conf->bind_port <= 65535));
        td_fuzz_check (conf->interface_mtu == -1 || conf->interface_mtu >= 1280);
        td_miredo_conf_to_json (conf, b);
        td_fuzz_drop_json (b);
      }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdMiredoLog) log = td_miredo_log_parse (text, &error);

    td_fuzz_check_outcome (log != NULL, error);
    if (log != NULL)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        td_fuzz_check (log->status == TD_MIREDO_STATUS_UNKNOWN || log->events->len > 0);
        td_miredo_log_to_json (log, b);
        td_fuzz_drop_json (b);
      }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdIfconfig) ifc = td_ifconfig_parse (text, &error);

    td_fuzz_check_outcome (ifc != NULL, error);
    if (ifc != NULL)
      {
        g_autoptr(JsonBuilder) b = json_builder_new ();

        td_fuzz_check (ifc->interfaces->len > 0);
        td_ifconfig_to_json (ifc, b);
        td_fuzz_drop_json (b);
      }
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
