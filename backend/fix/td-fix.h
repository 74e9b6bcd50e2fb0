/* td-fix.h — the allow-list of privileged fixes, and the only way to run them
 *
 * A fix is named by a stable action id plus validated arguments; nothing
 * else can be run with administrator rights.  Each action expands to a fixed
 * plan of steps (exact argv arrays, never a shell).
 *
 *   Linux (through `pkexec teredo-doctor-cli fix ACTION ARGS…`, the CLI then
 *   runs the steps as root).  miredo is driven the way this machine runs it:
 *   with systemd (/run/systemd/system exists):
 *     miredo-start                systemctl start miredo.service
 *     miredo-restart              systemctl restart miredo.service
 *     miredo-enable               systemctl enable --now miredo.service
 *     miredo-set-server SERVER    ServerAddress SERVER in CONF,
 *                                 then systemctl restart miredo.service
 *   otherwise through Debian's init script (/etc/init.d/miredo, run by
 *   `service`).  Its `start` and `restart` do nothing at all (and exit 0)
 *   while /etc/default/miredo says START_MIREDO=false, so the plans use
 *   `force-start`, which starts miredo whatever that switch says:
 *     miredo-start                service miredo force-start
 *     miredo-restart              miredo-checkconf CONF, service miredo stop,
 *                                 service miredo force-start
 *     miredo-enable               START_MIREDO=true in /etc/default/miredo,
 *                                 update-rc.d miredo enable, service miredo start
 *     miredo-set-server SERVER    ServerAddress SERVER in CONF, then the
 *                                 three steps of miredo-restart
 *   CONF is the file miredo really reads, found as host inspection finds it
 *   (td_fix_find_miredo_conf()): the -c of the miredo running in this
 *   network namespace, else Debian's /etc/miredo/miredo.conf.
 *     nft-remove-teredo           deletes the inet table "teredo_doctor" that earlier
 *                                 versions added (its accept could not override a
 *                                 drop in another base chain, and its "udp sport
 *                                 3544 accept" opened a source-port bypass: there
 *                                 is no automatic nftables fix any more)
 *
 *   Windows (one step each, the very command the remedy shows, run by
 *   `teredo-doctor-cli.exe fix ACTION ARGS…` started through UAC):
 *     teredo-enterpriseclient     netsh interface teredo set state type=enterpriseclient
 *     teredo-default              netsh interface teredo set state type=default
 *     teredo-set-server SERVER    netsh interface teredo set state servername=SERVER
 *                                 (SERVER may also be "default")
 *     teredo-client-port PORT     netsh interface teredo set state clientport=PORT
 *     iphlpsvc-restart            powershell … Restart-Service -Name iphlpsvc -Force
 *     iphlpsvc-auto, mpssvc-auto  sc.exe config iphlpsvc|MpsSvc start= auto
 *     iphlpsvc-start, mpssvc-start  sc.exe start iphlpsvc|MpsSvc
 *     firewall-on                 netsh advfirewall set allprofiles state on
 *     disabled-components-set V   reg add …\Tcpip6\Parameters /v DisabledComponents
 *                                 /t REG_DWORD /d V /f  (V keeps bits 0x01, 0x08 clear)
 *   (A Teredo reset needs a reboot between its two steps: it is shown, with the
 *   user's client type kept, never run as one action.)
 *
 * SERVER is a host name (RFC 1123 labels) or a dotted-quad IPv4 address;
 * PORT is a decimal number 1…65535.  Anything else is refused with
 * TD_ERROR_INVALID_ARGUMENT before a process is started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-host.h"
#include "td-remedy.h"
#include "td-report.h"

G_BEGIN_DECLS

/* The nftables table that nft-allow-teredo creates. */
#define TD_FIX_NFT_TABLE        "teredo_doctor"
#define TD_FIX_TCPIP6_KEY       "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters"
/* The configuration Debian's miredo reads (its compiled-in default, the
 * one systemd's miredo.service and the init script start it with). */
#define TD_FIX_MIREDO_CONF      "/etc/miredo/miredo.conf"
/* The init script's switch (START_MIREDO=true|false). */
#define TD_FIX_MIREDO_DEFAULTS  "/etc/default/miredo"
/* How long the GUI waits for the elevated process (authentication included). */
#define TD_FIX_RUN_TIMEOUT_MS   (10 * 60 * 1000)

typedef enum {
  TD_FIX_STEP_RUN,                /* run argv, no shell */
  TD_FIX_STEP_SET_MIREDO_SERVER,  /* rewrite ServerAddress in @path, in-process */
  TD_FIX_STEP_SET_START_MIREDO,   /* START_MIREDO=true in @path (/etc/default/miredo) */
} TdFixStepKind;

typedef struct {
  TdFixStepKind   kind;
  char          **argv;    /* RUN: the command (argv[0] looked up on PATH) */
  char           *path;    /* SET_*: the file rewritten */
  char           *value;   /* SET_MIREDO_SERVER: the server; SET_START_MIREDO: "true" */
} TdFixStep;

/* How miredo is started and stopped on this machine. */
typedef enum {
  TD_FIX_INIT_SYSTEMD,            /* systemctl … miredo.service */
  TD_FIX_INIT_SYSV,               /* service miredo … (/etc/init.d/miredo) */
} TdFixInit;

typedef struct {
  char        *action;
  char       **args;       /* validated, NULL-terminated (maybe empty) */
  TdPlatform   platform;
  GPtrArray   *steps;      /* TdFixStep * */
} TdFixPlan;

/* NULL-terminated ids of the actions available on @platform (static). */
const char * const *td_fix_list_actions      (TdPlatform           platform);
/* TRUE when @action is on the allow-list for @platform. */
gboolean            td_fix_action_exists     (const char          *action,
                                              TdPlatform           platform);
/* A short translated title ("Restart Miredo"), NULL for an unknown id. */
const char         *td_fix_action_get_title  (const char          *action);
/* Number of arguments @action takes (0 or 1); -1 for an unknown id. */
int                 td_fix_action_get_n_args (const char          *action);

/* TRUE when the GUI may offer "Fix it" for @remedy shown with @report: the
 * report is a live diagnosis of this computer (never one opened from a
 * file), and the remedy names an allow-listed action of this platform whose
 * arguments validate. */
gboolean            td_fix_is_runnable       (const TdRemedy      *remedy,
                                              TdReport            *report);

/* Argument syntax checks (also used by the welcome page for a typed server). */
gboolean            td_fix_validate_server   (const char          *server,
                                              GError             **error);
gboolean            td_fix_validate_port     (const char          *port,
                                              GError             **error);
/* "0x…" with bits 0x01 and 0x08 clear and not 0xFF. */
gboolean            td_fix_validate_disabled_components (const char *value,
                                                         GError    **error);

/* Validates @action and @args for @platform and builds the plan for this
 * machine (td_fix_detect_init(), td_fix_find_miredo_conf()). */
TdFixPlan          *td_fix_plan_new          (const char          *action,
                                              const char * const  *args,
                                              TdPlatform           platform,
                                              GError             **error);
/* The same for a given init system and miredo configuration file (tests). */
TdFixPlan          *td_fix_plan_new_for_system (const char        *action,
                                                const char * const *args,
                                                TdPlatform         platform,
                                                TdFixInit          init,
                                                const char        *miredo_conf,
                                                GError           **error);

/* systemd when @root/run/systemd/system is a directory (what sd_booted()
 * tests), else the init script.  td_fix_detect_init() looks at
 * $TD_PROC_ROOT or /, unless $TD_FIX_INIT is "systemd" or "sysv" (tests;
 * pkexec clears the environment, so only root can set either). */
TdFixInit           td_fix_detect_init       (void);
TdFixInit           td_fix_detect_init_at    (const char          *root);
const char         *td_fix_init_to_string    (TdFixInit            init);
/* The configuration file miredo reads, by host inspection's rule: the -c /
 * --config of the miredo running in this network namespace (the lowest
 * PID, when its /proc entry belongs to root or to the caller: a process
 * any user can name "miredo" must never pick the file root rewrites), else
 * TD_FIX_MIREDO_CONF.  td_fix_find_miredo_conf() scans $TD_PROC_ROOT/proc
 * or /proc. */
char               *td_fix_find_miredo_conf  (void);
char               *td_fix_find_miredo_conf_at (const char        *root);
void                td_fix_plan_free         (TdFixPlan           *self);
/* One line per step as a person would type it ("systemctl restart
 * miredo.service", "set ServerAddress … in /etc/miredo.conf"). */
char               *td_fix_step_describe     (const TdFixStep     *step);

/* The absolute path of the CLI the elevation runs: $TD_CLI when set
 * (tests).  Linux (linux/td-fix-linux.c): for an installed program (one
 * running from the configured bindir) always the installed
 * @bindir@/teredo-doctor-cli, the path the polkit policy's
 * org.freedesktop.policykit.exec.path names; for a program run from a
 * build tree the teredo-doctor-cli next to it; else the installed one.
 * Windows (windows/td-fix-win32.c): teredo-doctor-cli.exe beside the
 * running program. */
char               *td_fix_get_cli_path      (void);
/* What the GUI starts for @plan (@cli_path NULL: td_fix_get_cli_path() for
 * this machine's platform, the installed program name for another):
 *   linux:   pkexec CLI fix ACTION ARGS…
 *   windows: CLI fix ACTION ARGS…, started elevated by ShellExecuteExW
 *            (verb "runas") with the parameters of
 *            td_fix_plan_get_windows_parameters() (--log-file FILE added). */
char              **td_fix_plan_get_elevated_argv (const TdFixPlan *self,
                                                   const char      *cli_path);
/* The parameter string ShellExecuteExW gets for a Windows @plan:
 * "fix [--log-file LOG] ACTION ARGS…", each word quoted the way
 * CommandLineToArgvW() splits it (never a shell).  @log_path may be NULL. */
char               *td_fix_plan_get_windows_parameters (const TdFixPlan *self,
                                                        const char      *log_path);
/* The elevated CLI's side of --log-file: writes @text into @path, which
 * must be an existing regular file of its own (no link, no second hard
 * link; it is never created): the temporary file the unprivileged side
 * made. */
gboolean            td_fix_write_log_file    (const char          *path,
                                              const char          *text,
                                              GError             **error);

/* Rewrites a miredo.conf text: the first ServerAddress line gets @server,
 * other ServerAddress/ServerAddress2 lines are commented out, and the
 * directive is appended when there was none.  Comments and every other line
 * are kept as they were. */
char               *td_fix_rewrite_miredo_conf (const char        *contents,
                                                const char        *server);
/* Rewrites an /etc/default/miredo text: the first START_MIREDO= line
 * becomes START_MIREDO=true, later ones are commented out, and it is
 * appended when there was none; everything else is kept. */
char               *td_fix_rewrite_miredo_defaults (const char    *contents);

/* Runs the steps of @self here and now, in order, stopping at the first
 * failure (what the CLI does under pkexec).  @log receives one line per step
 * and the output of each command.  The miredo.conf path can be redirected
 * with $TD_MIREDO_CONF and /etc/default/miredo with $TD_MIREDO_DEFAULTS
 * (pkexec clears the environment, so only root can). */
gboolean            td_fix_plan_execute      (const TdFixPlan     *self,
                                              GCancellable        *cancellable,
                                              GString             *log,
                                              GError             **error);

/* Starts the elevated argv and waits for it, without blocking the main
 * loop: on Linux pkexec (looked up on PATH); on Windows the CLI through UAC
 * (ShellExecuteExW "runas"), its output read back from its --log-file.
 * Only a plan for this machine's platform runs (else
 * TD_ERROR_NOT_SUPPORTED).  Fails with TD_ERROR_PERMISSION when
 * authorization was refused or dismissed, TD_ERROR_NOT_FOUND when pkexec or
 * the CLI is missing, TD_ERROR_TIMEOUT after TD_FIX_RUN_TIMEOUT_MS,
 * TD_ERROR_FAILED quoting the output for any other non-zero exit. */
void                td_fix_run_async         (const TdFixPlan     *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* @out_output (optional) receives the combined output of the run. */
gboolean            td_fix_run_finish        (GAsyncResult        *result,
                                              char               **out_output,
                                              GError             **error);
/* The same, and also when it failed: @out_output (optional) receives what
 * the elevated process printed (pkexec's own message included; empty when
 * it never ran) and @out_exit_status (optional) its exit status, or -1
 * when it was not started, was killed or timed out. */
gboolean            td_fix_run_finish_full   (GAsyncResult        *result,
                                              char               **out_output,
                                              int                 *out_exit_status,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdFixPlan, td_fix_plan_free)

G_END_DECLS
