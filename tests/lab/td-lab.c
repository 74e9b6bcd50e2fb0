/* td-lab.c — a throw-away Teredo network lab in Linux network namespaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-lab.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

extern char **environ;

G_DEFINE_QUARK (td-lab-error-quark, td_lab_error)

#define NOBODY_ID             "65534"
#define SERVER_READY_TIMEOUT  (5 * G_USEC_PER_SEC)
#define STOP_GRACE_MS         2000

static const char ns_suffix[TD_LAB_N_NS] = { 's', 'r', 'd', 'n', 'c' };

/* ── tools ───────────────────────────────────────────────────────────── */

typedef enum {
  TOOL_IP,
  TOOL_NFT,
  TOOL_SYSCTL,
  TOOL_SS,
  TOOL_SETPRIV,
  TOOL_MIREDO_SERVER,
  TOOL_MIREDO,
  N_TOOLS
} Tool;

static const char *tool_names[N_TOOLS] = {
  "ip", "nft", "sysctl", "ss", "setpriv", "miredo-server", "miredo",
};
static char *tool_paths[N_TOOLS];

/* Root's PATH usually has the sbin directories, a CI runner's may not. */
static const char *
tool (Tool t)
{
  static const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };

  if (tool_paths[t] == NULL)
    {
      tool_paths[t] = g_find_program_in_path (tool_names[t]);
      for (guint i = 0; tool_paths[t] == NULL && i < G_N_ELEMENTS (dirs); i++)
        {
          g_autofree char *p = g_build_filename (dirs[i], tool_names[t], NULL);

          if (g_file_test (p, G_FILE_TEST_IS_EXECUTABLE))
            tool_paths[t] = g_steal_pointer (&p);
        }
    }
  return tool_paths[t];
}

/* ── cleanup that survives a dying test ─────────────────────────────── */

/* Two safety nets behind td_lab_destroy():
 *
 *  - a handler of the fatal signals, for a test that times out (meson sends
 *    SIGTERM), fails an assertion (SIGABRT) or crashes;
 *  - a guardian process per lab, forked before the first namespace exists,
 *    in its own session so that no process-group kill reaches it.  It reads
 *    a pipe from the test; EOF without a "done" message means the test died
 *    — even by SIGKILL, which no handler sees — and it then kills what the
 *    lab started and deletes the namespaces.
 *
 * Both may only use async-signal-safe calls (the guardian is forked from a
 * process that may have threads), so everything they need — names, PIDs,
 * the paths of `ip` and `rm` — lives in fixed buffers, written before the
 * thing they describe exists and cleared after it is gone.  Every process
 * the lab starts leads its own process group, so killing the group also
 * kills the daemons' unprivileged workers. */
#define MAX_LABS      8
#define SLOT_SERVER   0
#define SLOT_MIREDO   1                       /* + TdLabNs */
#define SLOT_EXEC     (SLOT_MIREDO + TD_LAB_N_NS)
#define SLOT_EXTRA    (SLOT_EXEC + 1)         /* td_lab_spawn_tracked() */
#define N_PID_SLOTS   (SLOT_EXTRA + TD_LAB_MAX_TRACKED)

typedef struct {
  volatile sig_atomic_t in_use;
  volatile sig_atomic_t ns_live[TD_LAB_N_NS];
  char                  ns[TD_LAB_N_NS][64];
  char                  dir[256];
  volatile pid_t        pids[N_PID_SLOTS];
  int                   guard_fd;             /* write end, -1 when none */
  pid_t                 guard_pid;
} LabSlot;

typedef enum {
  GUARD_TRACK = 1,      /* pids[index] = pid (0: no longer running) */
  GUARD_DONE,           /* cleaned up: exit quietly */
} GuardOp;

typedef struct {
  gint32 op;
  gint32 index;
  gint32 pid;
} GuardMsg;             /* < PIPE_BUF: each write is atomic */

static LabSlot lab_slots[MAX_LABS];
static char    emergency_ip[512];
static char    emergency_rm[512];
static gboolean handlers_installed;

static void
sleep_ms_signal_safe (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

  while (nanosleep (&ts, &ts) == -1 && errno == EINTR)
    ;
}

static void
spawn_and_wait_signal_safe (char *path, char **argv)
{
  pid_t child;

  if (path[0] == '\0')
    return;
  /* vfork runs no atfork handlers, so this is safe even when the signal
   * interrupted malloc. */
  child = vfork ();
  if (child == 0)
    {
      execve (path, argv, environ);
      _exit (127);
    }
  if (child > 0)
    waitpid (child, NULL, 0);
}

static void
guard_send (LabSlot *slot, GuardOp op, int index, pid_t pid)
{
  GuardMsg msg = { op, index, pid };
  ssize_t ignored;

  if (slot->guard_fd < 0)
    return;
  ignored = write (slot->guard_fd, &msg, sizeof msg);
  (void) ignored;
}

/* Stops every process group of @slot (SIGTERM, @grace_ms, SIGKILL), then
 * deletes the namespaces and the directory. */
static void
slot_cleanup_signal_safe (LabSlot *slot, long grace_ms)
{
  gboolean any = FALSE;

  for (int p = 0; p < N_PID_SLOTS; p++)
    if (slot->pids[p] > 0)
      {
        kill (-slot->pids[p], SIGTERM);
        kill (slot->pids[p], SIGTERM);
        any = TRUE;
      }
  if (any)
    sleep_ms_signal_safe (grace_ms);
  for (int p = 0; p < N_PID_SLOTS; p++)
    {
      pid_t pid = slot->pids[p];

      if (pid <= 0)
        continue;
      kill (-pid, SIGKILL);
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);     /* ECHILD at once in the guardian */
      slot->pids[p] = 0;
    }
  for (int n = 0; n < TD_LAB_N_NS; n++)
    {
      char *argv[] = { emergency_ip, (char *) "netns", (char *) "del", slot->ns[n], NULL };

      if (!slot->ns_live[n])
        continue;
      spawn_and_wait_signal_safe (emergency_ip, argv);
      slot->ns_live[n] = 0;
    }
  if (slot->dir[0] == '/')
    {
      char *argv[] = { emergency_rm, (char *) "-rf", (char *) "--", slot->dir, NULL };

      spawn_and_wait_signal_safe (emergency_rm, argv);
    }
}

static void
emergency_cleanup (int sig)
{
  static const char msg[] = "td-lab: fatal signal, removing the lab namespaces\n";
  ssize_t ignored;

  for (int i = 0; i < MAX_LABS; i++)
    {
      if (!lab_slots[i].in_use)
        continue;
      ignored = write (STDERR_FILENO, msg, sizeof msg - 1);
      (void) ignored;
      /* Short grace: meson follows its SIGTERM with a SIGKILL 0.5 s later
       * (the guardian then finishes the job). */
      slot_cleanup_signal_safe (&lab_slots[i], 100);
      guard_send (&lab_slots[i], GUARD_DONE, 0, 0);
      lab_slots[i].in_use = 0;
    }

  signal (sig, SIG_DFL);
  raise (sig);
}

static void G_GNUC_NORETURN
guardian_main (int fd, LabSlot *slot)
{
  int null_fd;

  /* Out of the test's session and process group, away from its terminal
   * and its pipes (meson waits for EOF on the test's stdout). */
  setsid ();
  for (int s = 1; s < NSIG; s++)
    signal (s, SIG_DFL);
  signal (SIGPIPE, SIG_IGN);
  null_fd = open ("/dev/null", O_RDWR);
  dup2 (fd, 100);
  for (int i = 0; i < 3; i++)
    dup2 (null_fd, i);
  for (int i = 3; i < 1024; i++)
    if (i != 100)
      close (i);
  fd = 100;

  slot->guard_fd = -1;
  for (int p = 0; p < N_PID_SLOTS; p++)
    slot->pids[p] = 0;

  for (;;)
    {
      GuardMsg msg;
      ssize_t got = read (fd, &msg, sizeof msg);

      if (got < 0 && errno == EINTR)
        continue;
      if (got != (ssize_t) sizeof msg)
        break;    /* EOF: the test is gone without td_lab_destroy() */
      if (msg.op == GUARD_DONE)
        _exit (0);
      if (msg.op == GUARD_TRACK && msg.index >= 0 && msg.index < N_PID_SLOTS)
        slot->pids[msg.index] = msg.pid;
    }

  slot_cleanup_signal_safe (slot, 300);
  _exit (0);
}

/* Forks the guardian of @slot (whose names must already be filled in). */
static gboolean
start_guardian (LabSlot *slot, GError **error)
{
  int fds[2];
  pid_t pid;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED,
                   "pipe: %s", g_strerror (errno));
      return FALSE;
    }
  pid = fork ();
  if (pid < 0)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED,
                   "fork: %s", g_strerror (errno));
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  if (pid == 0)
    {
      close (fds[1]);
      guardian_main (fds[0], slot);
    }
  close (fds[0]);
  slot->guard_fd = fds[1];
  slot->guard_pid = pid;
  return TRUE;
}

static void
stop_guardian (LabSlot *slot)
{
  if (slot->guard_fd < 0)
    return;
  guard_send (slot, GUARD_DONE, 0, 0);
  close (slot->guard_fd);
  slot->guard_fd = -1;
  if (slot->guard_pid > 0)
    waitpid (slot->guard_pid, NULL, 0);
  slot->guard_pid = 0;
}

static void
install_handlers (void)
{
  /* SIGPIPE too: a bench piped into `head` must not leak its lab. */
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGPIPE,
                              SIGALRM, SIGSEGV, SIGBUS, SIGFPE };

  if (handlers_installed)
    return;
  handlers_installed = TRUE;
  g_strlcpy (emergency_ip, tool (TOOL_IP) ? tool (TOOL_IP) : "", sizeof emergency_ip);
  {
    g_autofree char *rm = g_find_program_in_path ("rm");

    g_strlcpy (emergency_rm, rm ? rm : "/bin/rm", sizeof emergency_rm);
  }

  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    {
      struct sigaction old, sa;

      /* Only where nobody else installed a handler. */
      if (sigaction (sigs[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
        continue;
      memset (&sa, 0, sizeof sa);
      sa.sa_handler = emergency_cleanup;
      sigemptyset (&sa.sa_mask);
      sa.sa_flags = SA_RESETHAND;
      sigaction (sigs[i], &sa, NULL);
    }
}

/* ── the lab object ─────────────────────────────────────────────────── */

struct _TdLab {
  char      *prefix;
  char      *ns[TD_LAB_N_NS];
  gboolean   ns_created[TD_LAB_N_NS];
  char      *dir;
  LabSlot   *slot;

  GPid       server_pid;
  char      *server_log;

  GPid       miredo_pid[TD_LAB_N_NS];
  gint64     miredo_start_us[TD_LAB_N_NS];

  GPid       tracked_pid[TD_LAB_MAX_TRACKED];
  GData     *data;        /* td_lab_set_data(): state of add-on files */

  TdLabNat   nat;
  guint16    cone_port;
  gboolean   udp_blocked;
  gboolean   secondary_blocked;
  guint      loss;
  char      *ruleset;
};

const char *
td_lab_prefix (TdLab *lab)
{
  return lab->prefix;
}

const char *
td_lab_ns_name (TdLab *lab, TdLabNs ns)
{
  g_return_val_if_fail (ns < TD_LAB_N_NS, NULL);
  return lab->ns[ns];
}

const char *
td_lab_dir (TdLab *lab)
{
  return lab->dir;
}

GPid
td_lab_server_pid (TdLab *lab)
{
  return lab->server_pid;
}

const char *
td_lab_nat_ruleset (TdLab *lab)
{
  return lab->ruleset ? lab->ruleset : "";
}

const char *
td_lab_nat_to_string (TdLabNat nat)
{
  switch (nat)
    {
    case TD_LAB_NAT_NONE: return "none";
    case TD_LAB_NAT_RESTRICTED: return "restricted";
    case TD_LAB_NAT_SYMMETRIC: return "symmetric";
    case TD_LAB_NAT_CONE: return "cone";
    case TD_LAB_NAT_FULL_CONE: return "full-cone";
    case TD_LAB_NAT_SYMMETRIC_FORWARD: return "symmetric-forward";
    default: return "?";
    }
}

static void
slot_set_pid (TdLab *lab, int index, GPid pid)
{
  if (lab->slot == NULL)
    return;
  lab->slot->pids[index] = pid;
  guard_send (lab->slot, GUARD_TRACK, index, pid);
}

/* Child setup of every process the lab starts: its own process group, so
 * that the cleanup can kill it together with whatever it forked. */
static void
own_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/* ── running commands ───────────────────────────────────────────────── */

static char *
argv_to_string (const char * const *argv)
{
  return g_strjoinv (" ", (char **) argv);
}

/* g_spawn_sync of an argv (no shell); a non-zero exit is an error that
 * quotes the command and its stderr. */
static gboolean
run_sync (const char * const *argv, char **out_stdout, GError **error)
{
  g_autofree char *sout = NULL;
  g_autofree char *serr = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL,
                     NULL, NULL, &sout, &serr, &wait_status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_autofree char *cmd = argv_to_string (argv);

      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND,
                   "`%s` failed (wait status %d): %s", cmd, wait_status,
                   g_strstrip (serr));
      return FALSE;
    }
  if (out_stdout)
    *out_stdout = g_steal_pointer (&sout);
  return TRUE;
}

static gboolean run_tool (GError **error, Tool t, ...) G_GNUC_NULL_TERMINATED;

static gboolean
run_tool (GError **error, Tool t, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) tool (t));
  va_start (ap, t);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return run_sync ((const char * const *) argv->pdata, NULL, error);
}

/* `ip -n NS …` */
#define IPN(lab, n, ...) run_tool (error, TOOL_IP, "-n", (lab)->ns[n], __VA_ARGS__, NULL)

static void
sleep_ms (guint ms)
{
  g_usleep ((gulong) ms * 1000);
}

/* SIGTERM, wait up to @grace_ms, then SIGKILL.  Always reaps.  TRUE when
 * the process went away on SIGTERM. */
static gboolean
stop_pid (GPid pid, guint grace_ms, int *out_status)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) grace_ms * 1000;
  int status = 0;

  if (pid <= 0)
    return TRUE;
  kill (pid, SIGTERM);
  for (;;)
    {
      pid_t r = waitpid (pid, &status, WNOHANG);

      if (r == pid || (r == -1 && errno == ECHILD))
        {
          if (out_status)
            *out_status = status;
          return TRUE;
        }
      if (g_get_monotonic_time () > deadline)
        break;
      sleep_ms (5);
    }
  kill (-pid, SIGKILL);
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  if (out_status)
    *out_status = status;
  return FALSE;
}

/* TRUE when @pid (our child) has exited; reaps it. */
static gboolean
pid_exited (GPid pid, int *out_status)
{
  int status = 0;
  pid_t r = waitpid (pid, &status, WNOHANG);

  if (r == pid || (r == -1 && errno == ECHILD))
    {
      if (out_status)
        *out_status = status;
      return TRUE;
    }
  return FALSE;
}

static gboolean
spawn_logged (const char * const *argv,
              const char         *log_path,
              gboolean            truncate,
              GPid               *out_pid,
              GError            **error)
{
  int fd = open (log_path, O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0644);
  gboolean ok;

  if (fd < 0)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED,
                   "cannot open %s: %s", log_path, g_strerror (errno));
      return FALSE;
    }
  ok = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                         own_process_group, NULL, -1, fd, fd, NULL, NULL, 0,
                                         out_pid, NULL, NULL, NULL, error);
  close (fd);
  return ok;
}

void
td_lab_run_clear (TdLabRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->exit_status = 0;
  run->timed_out = FALSE;
  run->elapsed_ms = 0;
}

gboolean
td_lab_exec (TdLab              *lab,
             TdLabNs             ns,
             TdLabUser           user,
             const char * const *argv,
             guint               timeout_ms,
             TdLabRun           *run,
             GError            **error)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  gint64 start, deadline;
  int fds[2] = { -1, -1 };
  GPid pid = 0;
  int status = 0;
  gboolean timed_out = FALSE;

  g_return_val_if_fail (ns < TD_LAB_N_NS, FALSE);

  g_ptr_array_add (full, (gpointer) tool (TOOL_IP));
  g_ptr_array_add (full, (gpointer) "netns");
  g_ptr_array_add (full, (gpointer) "exec");
  g_ptr_array_add (full, lab->ns[ns]);
  if (user == TD_LAB_AS_NOBODY)
    {
      /* setpriv execs, so the PID stays the command's own. */
      g_ptr_array_add (full, (gpointer) tool (TOOL_SETPRIV));
      g_ptr_array_add (full, (gpointer) "--reuid=" NOBODY_ID);
      g_ptr_array_add (full, (gpointer) "--regid=" NOBODY_ID);
      g_ptr_array_add (full, (gpointer) "--clear-groups");
      g_ptr_array_add (full, (gpointer) "--");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  start = g_get_monotonic_time ();
  deadline = start + (gint64) timeout_ms * 1000;
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) full->pdata, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                         own_process_group, NULL, -1, -1, -1, NULL, NULL, 0,
                                         &pid, NULL, &fds[0], &fds[1], error))
    return FALSE;
  slot_set_pid (lab, SLOT_EXEC, pid);

  /* `ip netns exec` and setpriv both exec: killing @pid kills the command.
   * After a kill, give the pipes a little time to drain. */
  while (fds[0] >= 0 || fds[1] >= 0)
    {
      struct pollfd pfd[2];
      gint64 now = g_get_monotonic_time ();
      int n = 0, wait_ms;

      if (now >= deadline)
        {
          if (timed_out)
            break;
          timed_out = TRUE;
          kill (-pid, SIGKILL);
          kill (pid, SIGKILL);
          deadline = now + 1000 * 1000;
          continue;
        }
      wait_ms = (int) ((deadline - now + 999) / 1000);
      for (int i = 0; i < 2; i++)
        if (fds[i] >= 0)
          {
            pfd[n].fd = fds[i];
            pfd[n].events = POLLIN;
            pfd[n].revents = 0;
            n++;
          }
      if (poll (pfd, n, wait_ms) < 0 && errno != EINTR)
        break;
      for (int k = 0; k < n; k++)
        {
          char buf[4096];
          ssize_t got;

          if (pfd[k].revents == 0)
            continue;
          got = read (pfd[k].fd, buf, sizeof buf);
          if (got > 0)
            {
              g_string_append_len (pfd[k].fd == fds[0] ? out : err, buf, got);
              continue;
            }
          if (got < 0 && errno == EINTR)
            continue;
          for (int i = 0; i < 2; i++)
            if (fds[i] == pfd[k].fd)
              {
                close (fds[i]);
                fds[i] = -1;
              }
        }
    }
  for (int i = 0; i < 2; i++)
    if (fds[i] >= 0)
      close (fds[i]);

  /* Pipes closed: the process is exiting, but make sure of the deadline. */
  while (!pid_exited (pid, &status))
    {
      if (!timed_out && g_get_monotonic_time () >= start + (gint64) timeout_ms * 1000)
        {
          timed_out = TRUE;
          kill (-pid, SIGKILL);
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          break;
        }
      sleep_ms (1);
    }
  slot_set_pid (lab, SLOT_EXEC, 0);

  run->elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  run->out = g_strdup (out->str);
  run->err = g_strdup (err->str);
  run->timed_out = timed_out;
  run->exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return TRUE;
}

/* ── environment checks ─────────────────────────────────────────────── */

gboolean
td_lab_check_environment (gboolean need_miredo_client, GError **error)
{
  Tool needed[] = { TOOL_IP, TOOL_NFT, TOOL_SYSCTL, TOOL_SS, TOOL_SETPRIV,
                    TOOL_MIREDO_SERVER, TOOL_MIREDO };

  if (geteuid () != 0)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                           "lab tests need root (network namespaces): run as root");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      if (needed[i] == TOOL_MIREDO && !need_miredo_client)
        continue;
      if (tool (needed[i]) == NULL)
        {
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                       "lab tests need `%s` (apt-get install iproute2 nftables "
                       "procps util-linux miredo-server%s)",
                       tool_names[needed[i]], need_miredo_client ? " miredo" : "");
          return FALSE;
        }
    }
  if (need_miredo_client && access ("/dev/net/tun", R_OK | W_OK) != 0)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                           "the miredo client needs /dev/net/tun");
      return FALSE;
    }
  return TRUE;
}

gboolean
td_lab_require_root (gboolean need_miredo_client)
{
  g_autoptr(GError) error = NULL;

  if (td_lab_check_environment (need_miredo_client, &error))
    return TRUE;
  /* CI must never turn a missing lab into a green run. */
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("CI=true but the lab cannot run: %s", error->message);
  else
    g_test_skip (error->message);
  return FALSE;
}

/* ── building and tearing down ──────────────────────────────────────── */

static LabSlot *
slot_acquire (void)
{
  for (int i = 0; i < MAX_LABS; i++)
    if (!lab_slots[i].in_use)
      {
        memset ((void *) &lab_slots[i], 0, sizeof lab_slots[i]);
        lab_slots[i].guard_fd = -1;
        lab_slots[i].in_use = 1;
        return &lab_slots[i];
      }
  return NULL;
}

static gboolean
ns_exists (const char *name)
{
  g_autofree char *path = g_build_filename ("/run/netns", name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

gboolean
td_lab_any_ns_exists (const char *prefix)
{
  for (int n = 0; n < TD_LAB_N_NS; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%c", prefix, ns_suffix[n]);

      if (ns_exists (name))
        return TRUE;
    }
  return FALSE;
}

static char *
choose_prefix (void)
{
  static guint counter;

  /* tdl + pid + counter + random: ≤ 14 characters with the suffix letter,
   * which keeps even `ip netns` listings readable. */
  for (int attempt = 0; attempt < 64; attempt++)
    {
      g_autofree char *prefix = g_strdup_printf ("tdl%u%x%02x", (guint) getpid (),
                                                 counter++ & 0xf,
                                                 (guint) g_random_int_range (0, 256));

      if (!td_lab_any_ns_exists (prefix))
        return g_steal_pointer (&prefix);
    }
  return NULL;
}

static gboolean
build_topology (TdLab *lab, GError **error)
{
  const char *sysctl = tool (TOOL_SYSCTL);

  for (int n = 0; n < TD_LAB_N_NS; n++)
    {
      if (!run_tool (error, TOOL_IP, "netns", "add", lab->ns[n], NULL))
        return FALSE;
      lab->ns_created[n] = TRUE;
      if (!IPN (lab, n, "link", "set", "lo", "up"))
        return FALSE;
    }

  /* Veth pairs are created inside a namespace with the peer sent straight
   * to the other one: no name ever appears in the root namespace, so fixed
   * short names (eth0, wan, lan) cannot collide between runs. */
  if (!IPN (lab, TD_LAB_NS_ROUTER, "link", "add", "name", "br0", "type", "bridge") ||
      !IPN (lab, TD_LAB_NS_ROUTER, "addr", "add", TD_LAB_ROUTER_ADDRESS "/24", "dev", "br0") ||
      !IPN (lab, TD_LAB_NS_ROUTER, "link", "set", "br0", "up") ||
      !IPN (lab, TD_LAB_NS_ROUTER, "link", "add", "name", "tosrv", "type", "veth",
            "peer", "name", "eth0", "netns", lab->ns[TD_LAB_NS_SERVER]) ||
      !IPN (lab, TD_LAB_NS_ROUTER, "link", "add", "name", "todirect", "type", "veth",
            "peer", "name", "eth0", "netns", lab->ns[TD_LAB_NS_DIRECT]) ||
      !IPN (lab, TD_LAB_NS_ROUTER, "link", "set", "tosrv", "master", "br0", "up") ||
      !IPN (lab, TD_LAB_NS_ROUTER, "link", "set", "todirect", "master", "br0", "up") ||
      !IPN (lab, TD_LAB_NS_ROUTER, "link", "add", "name", "tonat", "type", "veth",
            "peer", "name", "wan", "netns", lab->ns[TD_LAB_NS_NAT]) ||
      !IPN (lab, TD_LAB_NS_ROUTER, "addr", "add", "198.18.1.1/24", "dev", "tonat") ||
      !IPN (lab, TD_LAB_NS_ROUTER, "link", "set", "tonat", "up") ||
      /* Route back to the inside too, so that an un-NATed flavour works. */
      !IPN (lab, TD_LAB_NS_ROUTER, "route", "add", "198.19.0.0/24", "via", TD_LAB_NAT_WAN_ADDRESS) ||
      !IPN (lab, TD_LAB_NS_NAT, "link", "add", "name", "lan", "type", "veth",
            "peer", "name", "eth0", "netns", lab->ns[TD_LAB_NS_CLIENT]))
    return FALSE;

  if (!IPN (lab, TD_LAB_NS_SERVER, "addr", "add", TD_LAB_SERVER_PRIMARY "/24", "dev", "eth0") ||
      !IPN (lab, TD_LAB_NS_SERVER, "addr", "add", TD_LAB_SERVER_SECONDARY "/24", "dev", "eth0") ||
      !IPN (lab, TD_LAB_NS_SERVER, "link", "set", "eth0", "up") ||
      !IPN (lab, TD_LAB_NS_SERVER, "route", "add", "default", "via", TD_LAB_ROUTER_ADDRESS) ||
      !IPN (lab, TD_LAB_NS_DIRECT, "addr", "add", TD_LAB_DIRECT_ADDRESS "/24", "dev", "eth0") ||
      !IPN (lab, TD_LAB_NS_DIRECT, "link", "set", "eth0", "up") ||
      !IPN (lab, TD_LAB_NS_DIRECT, "route", "add", "default", "via", TD_LAB_ROUTER_ADDRESS) ||
      !IPN (lab, TD_LAB_NS_NAT, "addr", "add", TD_LAB_NAT_WAN_ADDRESS "/24", "dev", "wan") ||
      !IPN (lab, TD_LAB_NS_NAT, "addr", "add", TD_LAB_NAT_LAN_ADDRESS "/24", "dev", "lan") ||
      !IPN (lab, TD_LAB_NS_NAT, "link", "set", "wan", "up") ||
      !IPN (lab, TD_LAB_NS_NAT, "link", "set", "lan", "up") ||
      !IPN (lab, TD_LAB_NS_NAT, "route", "add", "default", "via", "198.18.1.1") ||
      !IPN (lab, TD_LAB_NS_CLIENT, "addr", "add", TD_LAB_CLIENT_ADDRESS "/24", "dev", "eth0") ||
      !IPN (lab, TD_LAB_NS_CLIENT, "link", "set", "eth0", "up") ||
      !IPN (lab, TD_LAB_NS_CLIENT, "route", "add", "default", "via", TD_LAB_NAT_LAN_ADDRESS))
    return FALSE;

  /* A new namespace starts with forwarding off. */
  if (!run_tool (error, TOOL_IP, "netns", "exec", lab->ns[TD_LAB_NS_ROUTER],
                 sysctl, "-qw", "net.ipv4.ip_forward=1", NULL) ||
      !run_tool (error, TOOL_IP, "netns", "exec", lab->ns[TD_LAB_NS_NAT],
                 sysctl, "-qw", "net.ipv4.ip_forward=1", NULL))
    return FALSE;

  return td_lab_set_nat (lab, TD_LAB_NAT_NONE, 0, error);
}

TdLab *
td_lab_new (GError **error)
{
  g_autoptr(TdLab) lab = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!td_lab_check_environment (FALSE, error))
    return NULL;
  install_handlers ();

  lab = g_new0 (TdLab, 1);
  lab->slot = slot_acquire ();
  if (lab->slot == NULL)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED,
                           "too many labs alive in this process");
      return NULL;
    }
  lab->prefix = choose_prefix ();
  if (lab->prefix == NULL)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED,
                           "no free namespace prefix");
      return NULL;
    }
  for (int n = 0; n < TD_LAB_N_NS; n++)
    lab->ns[n] = g_strdup_printf ("%s%c", lab->prefix, ns_suffix[n]);

  lab->dir = g_dir_make_tmp ("td-lab-XXXXXX", error);
  if (lab->dir == NULL)
    return NULL;
  /* miredo-server and miredo drop to nobody after reading their files. */
  g_chmod (lab->dir, 0755);
  /* Never a truncated path: `rm -rf` of a prefix could be a parent. */
  if (g_getenv ("TD_LAB_KEEP") == NULL && strlen (lab->dir) < sizeof lab->slot->dir)
    g_strlcpy (lab->slot->dir, lab->dir, sizeof lab->slot->dir);
  /* Names are recorded before any namespace exists, so that a death in
   * between still cleans up (deleting a missing one is harmless). */
  for (int n = 0; n < TD_LAB_N_NS; n++)
    {
      g_strlcpy (lab->slot->ns[n], lab->ns[n], sizeof lab->slot->ns[n]);
      lab->slot->ns_live[n] = 1;
    }
  if (!start_guardian (lab->slot, error))
    return NULL;
  lab->server_log = g_build_filename (lab->dir, "miredo-server.log", NULL);

  if (!build_topology (lab, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "building the lab %s: ", lab->prefix);
      return NULL;    /* the autoptr tears down whatever was built */
    }
  return g_steal_pointer (&lab);
}

static void
append_error (GString *problems, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
append_error (GString *problems, const char *format, ...)
{
  va_list ap;

  if (problems->len > 0)
    g_string_append (problems, "; ");
  va_start (ap, format);
  g_string_append_vprintf (problems, format, ap);
  va_end (ap);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

gboolean
td_lab_destroy (TdLab *lab, GError **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  if (lab == NULL)
    return TRUE;

  for (int t = 0; t < TD_LAB_MAX_TRACKED; t++)
    if (lab->tracked_pid[t] > 0)
      {
        g_autoptr(GError) e = NULL;

        if (!td_lab_stop_tracked (lab, lab->tracked_pid[t], &e))
          append_error (problems, "%s", e->message);
      }
  for (int n = 0; n < TD_LAB_N_NS; n++)
    if (lab->miredo_pid[n] > 0)
      {
        g_autoptr(GError) e = NULL;

        if (!td_lab_stop_miredo (lab, n, &e))
          append_error (problems, "%s", e->message);
      }
  if (lab->server_pid > 0)
    {
      g_autoptr(GError) e = NULL;

      if (!td_lab_stop_server (lab, &e))
        append_error (problems, "%s", e->message);
    }

  for (int n = 0; n < TD_LAB_N_NS; n++)
    {
      g_autofree char *pids = NULL;
      g_autoptr(GError) e = NULL;
      const char *argv[] = { tool (TOOL_IP), "netns", "pids", lab->ns[n], NULL };

      if (!lab->ns_created[n])
        continue;
      if (!run_sync (argv, &pids, &e))
        append_error (problems, "%s", e->message);
      else if (*g_strstrip (pids) != '\0')
        {
          g_auto(GStrv) list = g_strsplit_set (pids, " \n", -1);

          /* Only processes of ours can be in a namespace whose name is
           * unique to this run; they must not outlive it. */
          append_error (problems, "processes left in %s: %s (killed)", lab->ns[n], pids);
          for (guint i = 0; list[i]; i++)
            {
              gint64 pid = g_ascii_strtoll (list[i], NULL, 10);

              if (pid > 1)
                kill ((pid_t) pid, SIGKILL);
            }
        }
      g_clear_error (&e);
      if (!run_tool (&e, TOOL_IP, "netns", "del", lab->ns[n], NULL))
        append_error (problems, "%s", e->message);
      else
        {
          lab->ns_created[n] = FALSE;
          if (lab->slot)
            lab->slot->ns_live[n] = 0;
        }
      if (ns_exists (lab->ns[n]))
        append_error (problems, "namespace %s still exists", lab->ns[n]);
    }

  if (lab->slot)
    {
      stop_guardian (lab->slot);
      memset ((void *) lab->slot, 0, sizeof *lab->slot);
      lab->slot->guard_fd = -1;
      lab->slot = NULL;
    }

  if (lab->dir && g_getenv ("TD_LAB_KEEP") == NULL)
    remove_dir (lab->dir);

  g_datalist_clear (&lab->data);
  for (int n = 0; n < TD_LAB_N_NS; n++)
    g_free (lab->ns[n]);
  g_free (lab->prefix);
  g_free (lab->dir);
  g_free (lab->server_log);
  g_free (lab->ruleset);
  g_free (lab);

  if (problems->len > 0)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_LEFTOVER,
                   "lab cleanup: %s", problems->str);
      return FALSE;
    }
  return TRUE;
}

void
td_lab_free (TdLab *lab)
{
  g_autoptr(GError) error = NULL;

  if (!td_lab_destroy (lab, &error))
    {
      if (g_test_initialized ())
        g_test_fail_printf ("%s", error->message);
      else
        g_printerr ("%s\n", error->message);
    }
}

TdLab *
td_lab_new_for_test (void)
{
  g_autoptr(GError) error = NULL;
  TdLab *lab = td_lab_new (&error);

  g_assert_no_error (error);
  g_test_queue_destroy ((GDestroyNotify) td_lab_free, lab);
  if (!td_lab_start_server (lab, &error))
    g_error ("%s", error->message);    /* the queued destroy still runs */
  return lab;
}

/* ── miredo-server ──────────────────────────────────────────────────── */

char *
td_lab_server_log (TdLab *lab)
{
  char *text = NULL;

  if (!g_file_get_contents (lab->server_log, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

gboolean
td_lab_start_server (TdLab *lab, GError **error)
{
  g_autofree char *conf = g_build_filename (lab->dir, "miredo-server.conf", NULL);
  g_autofree char *pidfile = g_build_filename (lab->dir, "miredo-server.pid", NULL);
  const char *argv[] = { tool (TOOL_IP), "netns", "exec", lab->ns[TD_LAB_NS_SERVER],
                         tool (TOOL_MIREDO_SERVER), "-f", "-c", conf, "-p", pidfile,
                         "-u", "nobody", NULL };
  const char *ss_argv[] = { tool (TOOL_SS), "-uln", NULL };
  gint64 start, deadline;
  GPid pid = 0;

  g_return_val_if_fail (lab->server_pid <= 0, FALSE);

  if (!g_file_set_contents (conf, "ServerBindAddress " TD_LAB_SERVER_PRIMARY "\n", -1, error))
    return FALSE;
  g_unlink (pidfile);

  start = g_get_monotonic_time ();
  deadline = start + SERVER_READY_TIMEOUT;
  /* Started directly (no shell): `ip netns exec` execs, so this is the
   * miredo-server supervisor's own PID, the one to signal. */
  if (!spawn_logged (argv, lab->server_log, FALSE, &pid, error))
    return FALSE;
  lab->server_pid = pid;
  slot_set_pid (lab, SLOT_SERVER, pid);

  /* No "ready" line exists: ready when both :3544 sockets are bound. */
  for (;;)
    {
      TdLabRun run = { 0 };
      int status = 0;
      gboolean ready;

      if (pid_exited (pid, &status))
        {
          g_autofree char *log = td_lab_server_log (lab);

          lab->server_pid = 0;
          slot_set_pid (lab, SLOT_SERVER, 0);
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_NOT_READY,
                       "miredo-server exited (wait status %d); its log:\n%s", status, log);
          return FALSE;
        }
      if (!td_lab_exec (lab, TD_LAB_NS_SERVER, TD_LAB_AS_ROOT, ss_argv, 2000, &run, error))
        return FALSE;
      ready = strstr (run.out, TD_LAB_SERVER_PRIMARY ":3544") != NULL &&
              strstr (run.out, TD_LAB_SERVER_SECONDARY ":3544") != NULL;
      td_lab_run_clear (&run);
      if (ready)
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = td_lab_server_log (lab);

          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_NOT_READY,
                       "miredo-server not listening on both :3544 sockets after %.1f s; its log:\n%s",
                       (g_get_monotonic_time () - start) / 1e6, log);
          td_lab_stop_server (lab, NULL);
          return FALSE;
        }
      sleep_ms (20);
    }
}

gboolean
td_lab_stop_server (TdLab *lab, GError **error)
{
  gboolean clean;
  int status = 0;

  if (lab->server_pid <= 0)
    return TRUE;
  clean = stop_pid (lab->server_pid, STOP_GRACE_MS, &status);
  lab->server_pid = 0;
  slot_set_pid (lab, SLOT_SERVER, 0);
  if (!clean)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_LEFTOVER,
                           "miredo-server ignored SIGTERM and was killed");
      return FALSE;
    }
  return TRUE;
}

/* ── nftables in the NAT ns ─────────────────────────────────────────── */

static char *
build_ruleset (TdLab *lab)
{
  GString *s = g_string_new (NULL);
  gboolean filter_inbound = lab->nat == TD_LAB_NAT_RESTRICTED ||
                            lab->nat == TD_LAB_NAT_SYMMETRIC;

  /* Declare, delete and redefine in one transaction: the table is
   * replaced atomically whether or not it existed. */
  g_string_append (s, "table ip tdlab\ndelete table ip tdlab\ntable ip tdlab {\n");

  g_string_append (s, "  chain prerouting {\n"
                      "    type nat hook prerouting priority dstnat; policy accept;\n");
  if (lab->nat == TD_LAB_NAT_CONE || lab->nat == TD_LAB_NAT_SYMMETRIC_FORWARD)
    g_string_append_printf (s, "    iifname \"wan\" udp dport %u dnat to %s:%u\n",
                            lab->cone_port, TD_LAB_CLIENT_ADDRESS, lab->cone_port);
  /* Replies of existing connections never reach a nat chain, so this only
   * catches unsolicited inbound datagrams; the port is kept. */
  if (lab->nat == TD_LAB_NAT_FULL_CONE)
    g_string_append (s, "    iifname \"wan\" udp dport 1024-65535 dnat to " TD_LAB_CLIENT_ADDRESS "\n");
  g_string_append (s, "  }\n");

  g_string_append (s, "  chain postrouting {\n"
                      "    type nat hook postrouting priority srcnat; policy accept;\n");
  if (lab->nat == TD_LAB_NAT_SYMMETRIC_FORWARD)
    g_string_append_printf (s, "    oifname \"wan\" udp sport %u masquerade to :%u\n"
                               "    oifname \"wan\" masquerade fully-random\n",
                            lab->cone_port, lab->cone_port);
  else if (lab->nat == TD_LAB_NAT_SYMMETRIC)
    g_string_append (s, "    oifname \"wan\" masquerade fully-random\n");
  else if (lab->nat != TD_LAB_NAT_NONE)
    g_string_append (s, "    oifname \"wan\" masquerade\n");
  g_string_append (s, "  }\n");

  /* Dropping unsolicited inbound in *input* as well matters: otherwise the
   * RA of a cone test creates an [UNREPLIED] conntrack entry on the NAT box
   * that changes later mappings (teredo-protocol.md §3.8). */
  g_string_append (s, "  chain input {\n"
                      "    type filter hook input priority filter; policy accept;\n");
  if (filter_inbound)
    g_string_append (s, "    iifname \"wan\" ct state new drop\n");
  g_string_append (s, "  }\n");

  g_string_append (s, "  chain forward {\n"
                      "    type filter hook forward priority filter; policy accept;\n");
  if (lab->loss >= 100)
    g_string_append (s, "    drop\n");
  else if (lab->loss > 0)
    g_string_append_printf (s, "    numgen random mod 100 < %u drop\n", lab->loss);
  if (lab->udp_blocked)
    g_string_append (s, "    udp dport 3544 drop\n");
  if (lab->secondary_blocked)
    g_string_append (s, "    ip daddr " TD_LAB_SERVER_SECONDARY " drop\n");
  if (filter_inbound)
    g_string_append (s, "    iifname \"wan\" ct state new drop\n");
  g_string_append (s, "  }\n}\n");

  return g_string_free (s, FALSE);
}

static gboolean
load_ruleset (TdLab *lab, GError **error)
{
  g_autofree char *text = build_ruleset (lab);
  g_autofree char *path = g_build_filename (lab->dir, "nat.nft", NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents (path, text, -1, error))
    return FALSE;
  if (!run_tool (&local_error, TOOL_IP, "netns", "exec", lab->ns[TD_LAB_NS_NAT],
                 tool (TOOL_NFT), "-f", path, NULL))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "loading this ruleset:\n%s\n", text);
      return FALSE;
    }
  g_free (lab->ruleset);
  lab->ruleset = g_steal_pointer (&text);
  return TRUE;
}

gboolean
td_lab_set_nat (TdLab *lab, TdLabNat nat, guint16 cone_port, GError **error)
{
  g_return_val_if_fail ((nat != TD_LAB_NAT_CONE && nat != TD_LAB_NAT_SYMMETRIC_FORWARD) ||
                        cone_port != 0, FALSE);
  lab->nat = nat;
  lab->cone_port = cone_port;
  return load_ruleset (lab, error);
}

gboolean
td_lab_set_udp_blocked (TdLab *lab, gboolean blocked, GError **error)
{
  lab->udp_blocked = blocked;
  return load_ruleset (lab, error);
}

gboolean
td_lab_set_secondary_blocked (TdLab *lab, gboolean blocked, GError **error)
{
  lab->secondary_blocked = blocked;
  return load_ruleset (lab, error);
}

gboolean
td_lab_set_loss (TdLab *lab, guint percent, GError **error)
{
  lab->loss = MIN (percent, 100);
  return load_ruleset (lab, error);
}

/* ── the probe CLI ──────────────────────────────────────────────────── */

JsonObject *
td_lab_parse_json_run (TdLab              *lab,
                       TdLabNs             ns,
                       const char * const *argv,
                       TdLabRun           *run,
                       guint               timeout_ms,
                       GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *result = NULL;

  if (run->timed_out)
    g_set_error (&local_error, TD_LAB_ERROR, TD_LAB_ERROR_PROBE_OUTPUT,
                 "still running after %u ms", timeout_ms);
  else if (json_parser_load_from_data (parser, run->out, -1, &local_error))
    {
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        g_set_error_literal (&local_error, TD_LAB_ERROR, TD_LAB_ERROR_PROBE_OUTPUT,
                             "the output is not a JSON object");
      else
        result = json_object_ref (json_node_get_object (root));
    }

  if (result == NULL)
    {
      g_autofree char *cmd = argv_to_string (argv);

      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_PROBE_OUTPUT,
                   "%s\n  in %s: %s\n  exit status %d after %.0f ms\n  stdout: %s\n  stderr: %s",
                   local_error->message, lab->ns[ns], cmd, run->exit_status,
                   run->elapsed_ms, run->out, run->err);
    }
  return result;
}

JsonObject *
td_lab_run_json (TdLab              *lab,
                 TdLabNs             ns,
                 TdLabUser           user,
                 const char * const *argv,
                 guint               timeout_ms,
                 TdLabRun           *out_run,
                 GError            **error)
{
  TdLabRun run = { 0 };
  JsonObject *result;

  if (!td_lab_exec (lab, ns, user, argv, timeout_ms, &run, error))
    return NULL;
  result = td_lab_parse_json_run (lab, ns, argv, &run, timeout_ms, error);
  if (out_run)
    *out_run = run;
  else
    td_lab_run_clear (&run);
  return result;
}

JsonObject *
td_lab_run_probe (TdLab              *lab,
                  TdLabNs             ns,
                  const char * const *extra_args,
                  guint               timeout_ms,
                  TdLabRun           *out_run,
                  GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("TD_CLI");

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                   "TD_CLI (%s) is not an executable", cli ? cli : "unset");
      return NULL;
    }
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "probe");
  g_ptr_array_add (argv, (gpointer) TD_LAB_SERVER_PRIMARY);
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  return td_lab_run_json (lab, ns, TD_LAB_AS_NOBODY, (const char * const *) argv->pdata,
                          timeout_ms, out_run, error);
}

JsonObject *
td_lab_probe_first_result (JsonObject *root)
{
  JsonArray *results;

  if (root == NULL || !json_object_has_member (root, "results"))
    return NULL;
  results = json_object_get_array_member (root, "results");
  if (results == NULL || json_array_get_length (results) == 0)
    return NULL;
  return json_array_get_object_element (results, 0);
}

/* ── the miredo client ──────────────────────────────────────────────── */

static char *
miredo_file (TdLab *lab, TdLabNs ns, const char *ext)
{
  g_autofree char *base = g_strdup_printf ("miredo-%c.%s", ns_suffix[ns], ext);

  return g_build_filename (lab->dir, base, NULL);
}

char *
td_lab_miredo_log (TdLab *lab, TdLabNs ns)
{
  g_autofree char *path = miredo_file (lab, ns, "log");
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

gboolean
td_lab_start_miredo (TdLab *lab, TdLabNs ns, GError **error)
{
  g_autofree char *conf = miredo_file (lab, ns, "conf");
  g_autofree char *pidfile = miredo_file (lab, ns, "pid");
  g_autofree char *log = miredo_file (lab, ns, "log");
  const char *argv[] = { tool (TOOL_IP), "netns", "exec", lab->ns[ns],
                         tool (TOOL_MIREDO), "-f", "-c", conf, "-p", pidfile,
                         "-u", "nobody", NULL };
  GPid pid = 0;

  g_return_val_if_fail (ns < TD_LAB_N_NS, FALSE);
  if (tool (TOOL_MIREDO) == NULL)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                           "the miredo client is not installed");
      return FALSE;
    }
  if (lab->miredo_pid[ns] > 0 && !td_lab_stop_miredo (lab, ns, error))
    return FALSE;

  /* Interface names are per namespace, so "teredo" never collides. */
  if (!g_file_set_contents (conf,
                            "InterfaceName teredo\n"
                            "ServerAddress " TD_LAB_SERVER_PRIMARY "\n", -1, error))
    return FALSE;
  g_unlink (pidfile);

  lab->miredo_start_us[ns] = g_get_monotonic_time ();
  if (!spawn_logged (argv, log, TRUE, &pid, error))
    return FALSE;
  lab->miredo_pid[ns] = pid;
  slot_set_pid (lab, SLOT_MIREDO + ns, pid);
  return TRUE;
}

static gboolean
parse_miredo_address (const char *log, char **out_address, guint *out_mtu)
{
  const char *p = strstr (log, " (address: ");
  const char *end;
  const char *mtu;

  if (p == NULL)
    return FALSE;
  p += strlen (" (address: ");
  end = strchr (p, ',');
  mtu = strstr (p, "MTU: ");
  if (end == NULL || mtu == NULL || strchr (mtu, ')') == NULL)
    return FALSE;   /* line not complete yet */
  if (out_address)
    *out_address = g_strndup (p, end - p);
  if (out_mtu)
    *out_mtu = (guint) g_ascii_strtoull (mtu + strlen ("MTU: "), NULL, 10);
  return TRUE;
}

gboolean
td_lab_wait_miredo_address (TdLab   *lab,
                            TdLabNs  ns,
                            guint    timeout_ms,
                            char   **out_address,
                            guint   *out_mtu,
                            double  *out_ms,
                            GError **error)
{
  g_autofree char *path = miredo_file (lab, ns, "log");
  gint64 start = lab->miredo_start_us[ns];
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  g_return_val_if_fail (lab->miredo_pid[ns] > 0, FALSE);

  for (;;)
    {
      g_autofree char *log = NULL;
      gint64 now = g_get_monotonic_time ();
      int status = 0;

      g_file_get_contents (path, &log, NULL, NULL);
      if (out_ms)
        *out_ms = (now - start) / 1000.0;
      if (log && parse_miredo_address (log, out_address, out_mtu))
        return TRUE;
      if (log && strstr (log, "No reply from Teredo server"))
        {
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_MIREDO_NO_REPLY,
                       "miredo: no reply from the Teredo server after %.0f ms; its log:\n%s",
                       (now - start) / 1000.0, log);
          return FALSE;
        }
      if (pid_exited (lab->miredo_pid[ns], &status))
        {
          lab->miredo_pid[ns] = 0;
          slot_set_pid (lab, SLOT_MIREDO + ns, 0);
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED,
                       "miredo exited (wait status %d); its log:\n%s", status, log ? log : "");
          return FALSE;
        }
      if (now > deadline)
        {
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_MIREDO_TIMEOUT,
                       "miredo: no Teredo address after %.0f ms; its log:\n%s",
                       (now - start) / 1000.0, log ? log : "");
          return FALSE;
        }
      sleep_ms (1);
    }
}

gboolean
td_lab_stop_miredo (TdLab *lab, TdLabNs ns, GError **error)
{
  gboolean clean;

  if (lab->miredo_pid[ns] <= 0)
    return TRUE;
  clean = stop_pid (lab->miredo_pid[ns], STOP_GRACE_MS, NULL);
  lab->miredo_pid[ns] = 0;
  slot_set_pid (lab, SLOT_MIREDO + ns, 0);
  if (!clean)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_LEFTOVER,
                           "miredo ignored SIGTERM and was killed");
      return FALSE;
    }
  return TRUE;
}

/* ── more processes of the lab's (delay relay, extra servers) ───────── */

gboolean
td_lab_spawn_tracked (TdLab              *lab,
                      const char * const *argv,
                      const char         *log_path,
                      GPid               *out_pid,
                      GError            **error)
{
  int t;
  GPid pid = 0;

  for (t = 0; t < TD_LAB_MAX_TRACKED; t++)
    if (lab->tracked_pid[t] <= 0)
      break;
  if (t == TD_LAB_MAX_TRACKED)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED,
                   "a lab tracks at most %d extra processes", TD_LAB_MAX_TRACKED);
      return FALSE;
    }
  if (!spawn_logged (argv, log_path, TRUE, &pid, error))
    return FALSE;
  lab->tracked_pid[t] = pid;
  slot_set_pid (lab, SLOT_EXTRA + t, pid);
  if (out_pid)
    *out_pid = pid;
  return TRUE;
}

gboolean
td_lab_tracked_exited (TdLab *lab,
                       GPid   pid,
                       int   *out_wait_status)
{
  for (int t = 0; t < TD_LAB_MAX_TRACKED; t++)
    if (lab->tracked_pid[t] == pid && pid > 0)
      {
        if (!pid_exited (pid, out_wait_status))
          return FALSE;
        lab->tracked_pid[t] = 0;
        slot_set_pid (lab, SLOT_EXTRA + t, 0);
        return TRUE;
      }
  return TRUE;    /* not ours, or already reaped */
}

gboolean
td_lab_stop_tracked (TdLab   *lab,
                     GPid     pid,
                     GError **error)
{
  for (int t = 0; t < TD_LAB_MAX_TRACKED; t++)
    if (lab->tracked_pid[t] == pid && pid > 0)
      {
        gboolean clean = stop_pid (pid, STOP_GRACE_MS, NULL);

        /* Its process group too: daemons' workers must not outlive it. */
        kill (-pid, SIGKILL);
        lab->tracked_pid[t] = 0;
        slot_set_pid (lab, SLOT_EXTRA + t, 0);
        if (!clean)
          {
            g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_LEFTOVER,
                         "process %d ignored SIGTERM and was killed", (int) pid);
            return FALSE;
          }
        return TRUE;
      }
  return TRUE;
}

void
td_lab_set_data (TdLab          *lab,
                 const char     *key,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  g_datalist_set_data_full (&lab->data, key, data, destroy);
}

gpointer
td_lab_get_data (TdLab      *lab,
                 const char *key)
{
  return g_datalist_get_data (&lab->data, key);
}
