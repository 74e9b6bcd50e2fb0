/* td-host-private.h — shared by td-host.c and the platform collectors
 *
 * Not installed and not for the UI: the collectors' parsing steps are
 * declared here so that unit tests can feed them fixtures directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-command.h"
#include "td-host.h"

G_BEGIN_DECLS

typedef struct _TdHostCollector TdHostCollector;

typedef void (*TdHostCommandHandler) (TdHostCollector *collector,
                                      TdCommandResult *result,
                                      gpointer         user_data);
typedef void (*TdHostCollectorHook)  (TdHostCollector *collector);

struct _TdHostCollector {
  TdHost              *host;
  GTask               *task;
  GCancellable        *cancellable;   /* may be NULL */
  guint                pending;
  /* Runs once, when every command has answered, before the task returns:
   * where a platform turns raw facts into verdicts (clouds, off-switches). */
  TdHostCollectorHook  finish;
  gpointer             platform_data;
  GDestroyNotify       platform_data_free;
};

/* Runs one command for the collector; @handler gets the result (already
 * kept as evidence) and must not free it.  The collection completes when
 * every command has answered. */
void td_host_collector_run     (TdHostCollector        *collector,
                                const char * const     *argv,
                                const TdCommandOptions *options,
                                TdHostCommandHandler    handler,
                                gpointer                user_data);
/* For other asynchronous steps (D-Bus calls, chained commands): hold keeps
 * the collection open until the matching release. */
void td_host_collector_hold    (TdHostCollector        *collector);
void td_host_collector_release (TdHostCollector        *collector);

/* Sets the error of @fact from a command that could not run or exited
 * non-zero; returns TRUE (and sets nothing) when the command succeeded. */
gboolean td_host_collector_check (TdHostCollector       *collector,
                                  const char            *fact,
                                  const TdCommandResult *result);
/* With the code already in its string form (td_error_code_to_string). */
void     td_host_set_error_strings (TdHost     *host,
                                    const char *fact,
                                    const char *code,
                                    const char *message);
void     td_host_set_error_literal (TdHost     *host,
                                    const char *fact,
                                    int         td_error_code,
                                    const char *message);

void td_host_linux_collect   (TdHostCollector *collector);
void td_host_windows_collect (TdHostCollector *collector);
void td_host_macos_collect   (TdHostCollector *collector);

/* ---- Linux pieces, exposed for the unit tests ---- */

/* The root under which /proc and /sys are read: TD_PROC_ROOT or "/". */
const char *td_host_linux_root (void);

/* /proc/net/if_inet6 → TdHostAddress *; FALSE with TD_ERROR_PARSE on a
 * malformed line (the addresses before it are kept). */
gboolean td_host_linux_parse_if_inet6   (const char  *text,
                                         GPtrArray   *addresses,
                                         GError     **error);
/* /proc/net/ipv6_route → whether an up, non-reject ::/0 route exists and
 * through which interface. */
gboolean td_host_linux_parse_ipv6_route (const char  *text,
                                         gboolean    *out_has_default,
                                         char       **out_interface,
                                         GError     **error);
/* `nft -j list ruleset` → a firewall source named "nftables". */
TdFirewallSource *td_host_linux_parse_nft_json  (const char  *json,
                                                 GError     **error);
/* `ip6tables -S` → a firewall source named "ip6tables". */
TdFirewallSource *td_host_linux_parse_ip6tables (const char  *text,
                                                 GError     **error);
/* `ufw status` → a firewall source named "ufw". */
TdFirewallSource *td_host_linux_parse_ufw       (const char  *text,
                                                 GError     **error);

/* miredo: binary, configuration, process in this network namespace, tunnel
 * address → host->client (td-host-linux-miredo.c).  Needs host->addresses. */
void td_host_linux_collect_miredo (TdHost             *host,
                                   const char * const *sbin_dirs);

/* Combines the sources into the verdict (host->firewall). */
void td_host_firewall_decide (TdHostFirewall *firewall);
/* After td_host_firewall_decide(): when the verdict is unknown, sets
 * errors["firewall"] — "needs administrator rights" with the command to run
 * when a tool was refused, else the first source's error. */
void td_host_firewall_report_unknown (TdHost *host);

G_END_DECLS
