/* td-lab.h — a throw-away Teredo network lab in Linux network namespaces
 *
 * Topology (one set of namespaces per TdLab, all names start with a prefix
 * unique to the run, so that parallel runs never collide):
 *
 *   server ns  eth0 198.18.0.10/24 + 198.18.0.11/24 (real miredo-server)
 *      |
 *   router ns  br0 198.18.0.1/24 (bridge) ── nat 198.18.1.1/24
 *      |                                        |
 *   direct ns  eth0 198.18.0.100/24          NAT ns  wan 198.18.1.2/24
 *              (no NAT)                              lan 198.19.0.1/24
 *                                                       |
 *                                            client ns  eth0 198.19.0.2/24
 *
 * Every address that miredo-server sees is in 198.18.0.0/15, which miredo
 * calls global: a lab on 10/8 or 192.168/16 would be silently ignored.
 *
 * Everything the lab starts is stopped by PID (each process leads its own
 * process group, so daemons' workers go too), and every namespace is
 * deleted by name, on td_lab_free().  Two safety nets cover a test that
 * dies first: a handler of the fatal signals (INT, TERM, HUP, QUIT, ABRT,
 * PIPE, ALRM, SEGV, BUS, FPE), and a guardian process per lab, in its own
 * session, that cleans up when the test's end of a pipe closes without a
 * "done" — even after a SIGKILL, which no handler sees.
 * Set TD_LAB_KEEP=1 to keep the per-run directory (configs, daemon logs,
 * the NAT ruleset) for a post-mortem; namespaces are always removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TD_LAB_SERVER_PRIMARY    "198.18.0.10"
#define TD_LAB_SERVER_SECONDARY  "198.18.0.11"
#define TD_LAB_ROUTER_ADDRESS    "198.18.0.1"
#define TD_LAB_DIRECT_ADDRESS    "198.18.0.100"
#define TD_LAB_NAT_WAN_ADDRESS   "198.18.1.2"
#define TD_LAB_NAT_LAN_ADDRESS   "198.19.0.1"
#define TD_LAB_CLIENT_ADDRESS    "198.19.0.2"
/* The /64 prefix miredo-server advertises for 198.18.0.10. */
#define TD_LAB_TEREDO_PREFIX     "2001:0:c612:a"

typedef enum {
  TD_LAB_NS_SERVER,
  TD_LAB_NS_ROUTER,
  TD_LAB_NS_DIRECT,   /* a client on the server's link, no NAT */
  TD_LAB_NS_NAT,
  TD_LAB_NS_CLIENT,   /* a client behind the NAT ns */
  TD_LAB_N_NS
} TdLabNs;

typedef enum {
  TD_LAB_NAT_NONE,        /* plain routing, no translation, no filter */
  TD_LAB_NAT_RESTRICTED,  /* masquerade + drop unsolicited new inbound */
  TD_LAB_NAT_SYMMETRIC,   /* masquerade fully-random + drop unsolicited */
  TD_LAB_NAT_CONE,        /* masquerade + dnat of the one UDP port @cone_port
                           * to the same port of the client (a port forward) */
  TD_LAB_NAT_FULL_CONE,   /* masquerade + dnat of every UDP port ≥ 1024 to
                           * the client ("DMZ host"): endpoint-independent
                           * filtering for any socket */
  TD_LAB_NAT_SYMMETRIC_FORWARD, /* masquerade fully-random, but the one UDP port
                           * @cone_port forwarded both ways (a static port
                           * forward, like Windows' clientport plus a router
                           * rule behind an otherwise symmetric NAT) */
} TdLabNat;

typedef enum {
  TD_LAB_AS_ROOT,
  TD_LAB_AS_NOBODY,       /* setpriv to uid/gid 65534, no groups, no caps */
} TdLabUser;

typedef struct _TdLab TdLab;

/* What td_lab_exec() saw. */
typedef struct {
  char     *out;
  char     *err;
  int       exit_status;  /* -1 when killed by a signal (timeout included) */
  gboolean  timed_out;
  double    elapsed_ms;   /* spawn to exit, wall clock */
} TdLabRun;

/* Checks root, /dev/net/tun and the tools (ip, nft, sysctl, setpriv,
 * miredo-server; miredo too when @need_miredo_client).  Returns FALSE with
 * a message saying what is missing. */
gboolean     td_lab_check_environment   (gboolean       need_miredo_client,
                                         GError       **error);
/* For GTest programs: returns TRUE when the lab can run.  Otherwise marks
 * the current test skipped ("lab tests need root …") — or FAILED when the
 * environment variable CI is "true", so that CI can never silently skip —
 * and returns FALSE; the caller then returns at once. */
gboolean     td_lab_require_root        (gboolean       need_miredo_client);

/* Builds all the namespaces and links, no NAT rules, no server running. */
TdLab       *td_lab_new                 (GError       **error);
/* Stops what the lab started, checks that no process is left in any of its
 * namespaces (killing stragglers, which can only be children of ours), and
 * deletes the namespaces and the temporary directory.  FALSE with an error
 * that says what had to be forced or failed. */
gboolean     td_lab_destroy             (TdLab         *lab,
                                         GError       **error);
/* td_lab_destroy(), and inside a GTest case a g_test_fail() with the reason
 * when the cleanup was not clean. */
void         td_lab_free                (TdLab         *lab);
/* For GTest cases: a lab with its server running, freed by
 * g_test_queue_destroy() even when an assertion fails later. */
TdLab       *td_lab_new_for_test        (void);

const char  *td_lab_prefix              (TdLab         *lab);
const char  *td_lab_ns_name             (TdLab         *lab,
                                         TdLabNs        ns);
const char  *td_lab_dir                 (TdLab         *lab);
/* TRUE when one of the lab's namespaces still exists (by name). */
gboolean     td_lab_any_ns_exists       (const char    *prefix);

/* ── miredo-server in the server ns ── */
gboolean     td_lab_start_server        (TdLab         *lab,
                                         GError       **error);
gboolean     td_lab_stop_server         (TdLab         *lab,
                                         GError       **error);
GPid         td_lab_server_pid          (TdLab         *lab);
/* The whole stderr log of every server started by this lab. */
char        *td_lab_server_log          (TdLab         *lab);

/* ── NAT ns rules; each call rewrites the NAT ns ruleset atomically ── */
gboolean     td_lab_set_nat             (TdLab         *lab,
                                         TdLabNat       nat,
                                         guint16        cone_port,
                                         GError       **error);
gboolean     td_lab_set_udp_blocked     (TdLab         *lab,
                                         gboolean       blocked,
                                         GError       **error);
gboolean     td_lab_set_secondary_blocked (TdLab       *lab,
                                         gboolean       blocked,
                                         GError       **error);
/* Random loss of @percent (0–100) of the datagrams forwarded by the NAT ns,
 * in both directions (nftables numgen: there is no netem here). */
gboolean     td_lab_set_loss            (TdLab         *lab,
                                         guint          percent,
                                         GError       **error);
/* The ruleset text last loaded into the NAT ns (for failure reports). */
const char  *td_lab_nat_ruleset         (TdLab         *lab);
const char  *td_lab_nat_to_string       (TdLabNat       nat);

/* ── commands inside a namespace ── */
/* Runs `ip netns exec NS [setpriv …] argv…` without a shell, capturing
 * stdout and stderr; after @timeout_ms the command is SIGKILLed and
 * run->timed_out is set (that is not an error).  FALSE only when the
 * command could not be started. */
gboolean     td_lab_exec                (TdLab         *lab,
                                         TdLabNs        ns,
                                         TdLabUser      user,
                                         const char * const *argv,
                                         guint          timeout_ms,
                                         TdLabRun      *run,
                                         GError       **error);
void         td_lab_run_clear           (TdLabRun      *run);

/* Runs @argv (a program that prints one JSON object) in @ns as @user and
 * parses what it printed.  Returns the object or NULL with an error that
 * quotes the command and its output; @run (optional) receives the raw run. */
JsonObject  *td_lab_run_json            (TdLab         *lab,
                                         TdLabNs        ns,
                                         TdLabUser      user,
                                         const char * const *argv,
                                         guint          timeout_ms,
                                         TdLabRun      *run,
                                         GError       **error);
/* The JSON object that @run (of @argv in @ns) printed, or NULL with the
 * error td_lab_run_json() gives. */
JsonObject  *td_lab_parse_json_run      (TdLab         *lab,
                                         TdLabNs        ns,
                                         const char * const *argv,
                                         TdLabRun      *run,
                                         guint          timeout_ms,
                                         GError       **error);
/* Runs `$TD_CLI probe SERVER --json EXTRA…` as nobody in @ns and parses
 * the JSON.  Returns the root object (with "results") or NULL with an error
 * that quotes the output; @run (optional) receives the raw run. */
JsonObject  *td_lab_run_probe           (TdLab         *lab,
                                         TdLabNs        ns,
                                         const char * const *extra_args,
                                         guint          timeout_ms,
                                         TdLabRun      *run,
                                         GError       **error);
/* results[0] of a probe answer, or NULL. */
JsonObject  *td_lab_probe_first_result  (JsonObject    *root);

/* ── the real miredo client ── */
/* Starts a fresh `miredo -f` in @ns (InterfaceName teredo, ServerAddress
 * 198.18.0.10), logging to a file in the lab dir. */
gboolean     td_lab_start_miredo        (TdLab         *lab,
                                         TdLabNs        ns,
                                         GError       **error);
/* Waits for " (address: 2001:…, MTU: N)" in its log.  @out_ms is the time
 * from the start of the process to the moment the line was seen (polled
 * every millisecond).  On "No reply from Teredo server" or the timeout:
 * FALSE with TD_LAB_ERROR_MIREDO_NO_REPLY / _MIREDO_TIMEOUT, and @out_ms still set
 * to the time waited. */
gboolean     td_lab_wait_miredo_address (TdLab         *lab,
                                         TdLabNs        ns,
                                         guint          timeout_ms,
                                         char         **out_address,
                                         guint         *out_mtu,
                                         double        *out_ms,
                                         GError       **error);
gboolean     td_lab_stop_miredo         (TdLab         *lab,
                                         TdLabNs        ns,
                                         GError       **error);
char        *td_lab_miredo_log          (TdLab         *lab,
                                         TdLabNs        ns);

/* ── more processes (delay relays, extra servers) ── */
/* How many td_lab_spawn_tracked() processes may run at once. */
#define TD_LAB_MAX_TRACKED 80

/* Starts @argv (no shell; prefix `ip netns exec NS` yourself) in its own
 * process group, stdout and stderr to @log_path (truncated).  The lab
 * stops it in td_lab_destroy() — before any other process — and both
 * safety nets kill it if the test dies. */
gboolean     td_lab_spawn_tracked       (TdLab         *lab,
                                         const char * const *argv,
                                         const char    *log_path,
                                         GPid          *out_pid,
                                         GError       **error);
/* TRUE (and reaped, @out_wait_status set) when the tracked @pid exited. */
gboolean     td_lab_tracked_exited      (TdLab         *lab,
                                         GPid           pid,
                                         int           *out_wait_status);
/* SIGTERM, a grace period, SIGKILL of its process group; FALSE when it had
 * to be killed.  Unknown PIDs are ignored. */
gboolean     td_lab_stop_tracked        (TdLab         *lab,
                                         GPid           pid,
                                         GError       **error);

/* State that add-on files (td-lab-delay.c…) keep per lab; @destroy runs
 * at the end of td_lab_destroy(), after every process was stopped. */
void         td_lab_set_data            (TdLab         *lab,
                                         const char    *key,
                                         gpointer       data,
                                         GDestroyNotify destroy);
gpointer     td_lab_get_data            (TdLab         *lab,
                                         const char    *key);

/* ── td-lab-delay.c: a round-trip time without netem ── */
/* Puts (or moves, or with 0 removes) a user-space delay relay
 * (td-delay-relay: one TUN device in the client ns, one in the NAT ns)
 * on the client ↔ NAT link, holding every packet @one_way_ms in each
 * direction: a round trip through the NAT gains 2 × @one_way_ms.  The
 * client's default route and the NAT's route back to 198.19.0.2 go
 * through it; the NAT rules (loss included) still apply.  The relay is
 * found through $TD_DELAY_RELAY, else $TD_BUILD_ROOT/tests/lab. */
gboolean     td_lab_set_delay           (TdLab         *lab,
                                         guint          one_way_ms,
                                         GError       **error);
guint        td_lab_get_delay           (TdLab         *lab);
/* Pings @address @count times from @ns (as root) and returns the average
 * round-trip time in ms, or a negative value with @error. */
double       td_lab_ping_rtt_ms         (TdLab         *lab,
                                         TdLabNs        ns,
                                         const char    *address,
                                         guint          count,
                                         GError       **error);

#define TD_LAB_ERROR (td_lab_error_quark ())
typedef enum {
  TD_LAB_ERROR_FAILED,
  TD_LAB_ERROR_ENVIRONMENT,
  TD_LAB_ERROR_COMMAND,
  TD_LAB_ERROR_NOT_READY,
  TD_LAB_ERROR_MIREDO_NO_REPLY,
  TD_LAB_ERROR_MIREDO_TIMEOUT,
  TD_LAB_ERROR_PROBE_OUTPUT,
  TD_LAB_ERROR_LEFTOVER,
} TdLabError;
GQuark       td_lab_error_quark         (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdLab, td_lab_free)

G_END_DECLS
