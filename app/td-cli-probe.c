/* td-cli-probe.c — `teredo-doctor-cli probe`: qualify against Teredo servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "td-address.h"
#include "td-async.h"
#include "td-cli.h"
#include "td-error.h"
#include "td-probe-ranking.h"
#include "td-server-list.h"

typedef struct {
  GPtrArray *results;
  gboolean   done;
} ProbeWait;

static const char *
nat_explanation (TdNatType nat)
{
  switch (nat)
    {
    case TD_NAT_TYPE_OPEN:
      return _("no NAT and no inbound filter: peers can reach you directly");
    case TD_NAT_TYPE_OPEN_FIREWALLED:
      return _("no NAT, but a firewall drops unsolicited inbound UDP");
    case TD_NAT_TYPE_CONE:
      return _("full-cone NAT: Teredo works, peers can reach you first");
    case TD_NAT_TYPE_RESTRICTED:
      return _("restricted NAT: Teredo works; peers reach you after you send them a bubble");
    case TD_NAT_TYPE_SYMMETRIC:
      return _("symmetric NAT: the mapping changes per destination; peers who call first cannot answer");
    case TD_NAT_TYPE_UNKNOWN:
      return _("the secondary server address did not answer, so the mapping behaviour is unknown");
    case TD_NAT_TYPE_OFFLINE:
    default:
      return _("the Teredo server did not answer over UDP");
    }
}

static void
print_human (const TdProbeResult *result)
{
  const char *yes = _("yes"), *no = _("no");

  g_print ("%s %s", _("Teredo server"), result->server);
  if (result->primary != NULL && g_strcmp0 (result->primary, result->server) != 0)
    g_print (" (%s)", result->primary);
  g_print ("\n");
  if (result->primary != NULL)
    g_print ("  %-14s %s, %s %s\n", _("Addresses"), result->primary, _("secondary"),
             result->secondary ? result->secondary : "—");
  if (result->reachable)
    g_print ("  %-14s %s, %.1f ms %s\n", _("Reachable"), yes, result->rtt_us / 1000.0, _("round trip"));
  else
    g_print ("  %-14s %s\n", _("Reachable"), no);
  if (result->reachable)
    {
      g_print ("  %-14s %s\n", _("Secondary"), result->secondary_reachable ? _("answered") : _("silent"));
      g_print ("  %-14s %s:%u\n", _("Local"), result->local.address, result->local.port);
      g_print ("  %-14s %s:%u%s\n", _("Mapped"), result->mapped.address, result->mapped.port,
               result->port_preserving ? _(" (port preserved)") : "");
      if (result->mapped_secondary.address != NULL &&
          (g_strcmp0 (result->mapped_secondary.address, result->mapped.address) != 0 ||
           result->mapped_secondary.port != result->mapped.port))
        g_print ("  %-14s %s:%u\n", _("Mapped (2nd)"), result->mapped_secondary.address,
                 result->mapped_secondary.port);
    }
  g_print ("  %-14s %s — %s\n", _("NAT type"), td_nat_type_to_string (result->nat),
           nat_explanation (result->nat));
  if (result->teredo_address != NULL)
    g_print ("  %-14s %s\n", _("Teredo addr."), result->teredo_address);
  if (result->mtu != 0)
    g_print ("  %-14s %u\n", _("MTU"), result->mtu);
  g_print ("  %-14s %u %s, %.1f ms, %u %s\n", _("Measured"), result->rs_sent,
           _("router solicitations"), result->elapsed_us / 1000.0, result->dropped, _("datagrams ignored"));
  g_print ("  %-14s %s\n", _("Qualifies"), td_probe_result_qualified (result)
           ? _("yes (RFC 4380 qualification would succeed)")
           : _("no (RFC 4380 qualification would fail)"));
  if (result->error != NULL)
    g_print ("  %-14s %s (%s)\n", _("Error"), result->error->message,
             td_error_code_to_string (result->error));
}

static void
on_progress (TdProbe  *probe,
             guint     stage,
             gpointer  user_data)
{
  g_printerr ("\r\033[K%s: %s", td_probe_get_server (probe), td_probe_stage_to_string (stage));
  if (stage == TD_PROBE_STAGE_FINISHED)
    g_printerr ("\r\033[K");
}

static void
on_ranked (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  ProbeWait *wait = user_data;

  wait->results = td_probe_rank_finish (res, NULL);
  wait->done = TRUE;
}

int
td_cli_probe (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *secondary = NULL;
  int port = 0, timeout_ms = TD_PROBE_DEFAULT_TIMEOUT_MS, retransmit_ms = TD_PROBE_DEFAULT_RETRANSMIT_MS;
  gboolean json = FALSE, events = FALSE, allow_non_global = FALSE;
  g_auto(GStrv) servers = NULL;
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_object_unref);
  ProbeWait wait = { 0 };
  GCancellable *cancellable;
  gboolean show_progress;
  const GOptionEntry entries[] = {
    { "secondary", 0, 0, G_OPTION_ARG_STRING, &secondary,
      N_("Secondary server IPv4 address (default: primary + 1)"), N_("IPV4") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("Local UDP port, like Windows’ clientport (default: random)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms,
      N_("Give up on a silent server after this long (default: 2800)"), N_("MS") },
    { "retransmit", 0, 0, G_OPTION_ARG_INT, &retransmit_ms,
      N_("First retransmission interval before the RTT is known (default: 250)"), N_("MS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object {\"results\": […]}"), NULL },
    { "events", 0, 0, G_OPTION_ARG_NONE, &events,
      N_("Include the evidence log (every datagram) in the JSON"), NULL },
    /* Tests only (loopback or lab servers): not in --help. */
    { "allow-non-global", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &allow_non_global,
      NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &servers, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("[SERVER…]"));
  g_option_context_set_summary (context,
    _("Sends Teredo router solicitations from unprivileged UDP sockets and reports whether\n"
      "UDP reaches each server, the NAT mapping, the NAT type and the would-be Teredo address.\n"
      "Several servers are probed at once and ranked, best first."));
  g_option_context_set_description (context,
    _("Exit status: 0 when the best server qualifies, 1 when none does, 2 on usage errors,\n"
      "130 when interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!td_cli_parse_options (context, &argc, &argv))
    return TD_CLI_EXIT_USAGE;

  if (port < 0 || port > 65535 || timeout_ms < 100 || timeout_ms > 600000 ||
      retransmit_ms < 20 || retransmit_ms > 10000)
    {
      g_printerr ("teredo-doctor-cli probe: %s\n",
                  _("--port must be 0…65535, --timeout 100…600000, --retransmit 20…10000"));
      return TD_CLI_EXIT_USAGE;
    }
  if (servers == NULL || servers[0] == NULL)
    {
      g_clear_pointer (&servers, g_strfreev);
      servers = td_server_list_alive_names ();
      if (!json)
        g_print (_("No server given: probing the public servers listed as alive on %s.\n\n"),
                 td_server_list_get_updated ());
    }
  if (servers[0] != NULL && servers[1] != NULL && (secondary != NULL || port != 0))
    {
      g_printerr ("teredo-doctor-cli probe: %s\n",
                  _("--secondary and --port apply to a single server"));
      return TD_CLI_EXIT_USAGE;
    }
  if (secondary != NULL)
    {
      guint32 ignored;

      if (!td_ipv4_parse (secondary, &ignored))
        {
          g_printerr ("teredo-doctor-cli probe: %s\n", _("--secondary needs an IPv4 address"));
          return TD_CLI_EXIT_USAGE;
        }
    }

  /* The progress line redraws itself with ANSI escapes: only where they
   * work (a terminal; on Windows one with VT processing). */
  show_progress = !json && g_log_writer_supports_color (fileno (stderr));
  for (guint i = 0; servers[i] != NULL; i++)
    {
      TdProbe *probe = td_probe_new (servers[i]);

      td_probe_set_secondary (probe, secondary);
      td_probe_set_local_port (probe, port);
      td_probe_set_timeout (probe, timeout_ms);
      td_probe_set_retransmit (probe, retransmit_ms);
      td_probe_set_allow_non_global (probe, allow_non_global);
      if (show_progress && servers[1] == NULL)
        g_signal_connect (probe, "progress", G_CALLBACK (on_progress), NULL);
      g_ptr_array_add (probes, probe);
    }

  cancellable = td_cli_get_interrupt_cancellable ();
  td_probe_rank_async (probes, cancellable, on_ranked, &wait);
  td_async_wait_until (&wait.done);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < wait.results->len; i++)
        td_probe_result_to_json (g_ptr_array_index (wait.results, i), builder, events);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      td_cli_print_json (root);
    }
  else
    for (guint i = 0; i < wait.results->len; i++)
      {
        if (i > 0)
          g_print ("\n");
        print_human (g_ptr_array_index (wait.results, i));
      }

  {
    gboolean qualified = wait.results->len > 0 &&
                         td_probe_result_qualified (g_ptr_array_index (wait.results, 0));

    g_ptr_array_unref (wait.results);
    if (g_cancellable_is_cancelled (cancellable))
      return TD_CLI_EXIT_INTERRUPTED;
    return qualified ? TD_CLI_EXIT_OK : TD_CLI_EXIT_PROBLEM;
  }
}
