/* td-fix-linux.c — the Unix half of the fixes: the CLI pkexec runs, where
 * miredo's configuration is (/proc), writing the elevated run's log, and
 * running a plan through pkexec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-error.h"
#include "td-fix-config.h"
#include "td-fix-private.h"

/* ── the CLI pkexec runs ── */

/* TRUE when both paths name the same existing directory (/bin and /usr/bin
 * on a merged-/usr system do). */
static gboolean
same_directory (const char *a,
                const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

char *
td_fix_get_cli_path (void)
{
  const char *env = g_getenv ("TD_CLI");
  g_autofree char *installed = g_build_filename (TD_FIX_BINDIR, "teredo-doctor-cli", NULL);
  g_autofree char *self_exe = NULL;

  if (env != NULL && g_path_is_absolute (env))
    return g_strdup (env);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      g_autofree char *sibling = NULL;

      /* Installed: exactly the path the polkit policy names (pkexec
       * compares it as a string), never a spelling of our own. */
      if (same_directory (dir, TD_FIX_BINDIR))
        return g_steal_pointer (&installed);
      /* A build tree: the CLI built beside the program. */
      sibling = g_build_filename (dir, "teredo-doctor-cli", NULL);
      if (g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&sibling);
    }
  return g_steal_pointer (&installed);
}

/* ── the configuration miredo reads ── */

static char *
read_link_at (const char *proc,
              const char *pid,
              const char *leaf)
{
  g_autofree char *path = g_build_filename (proc, pid, leaf, NULL);

  return g_file_read_link (path, NULL);
}

/* The -c / --config argument in a /proc/PID/cmdline, when absolute. */
static char *
config_argument (const char *proc,
                 const char *pid)
{
  g_autofree char *path = g_build_filename (proc, pid, "cmdline", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *config = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL))
    return NULL;
  for (gsize start = 0; start < len; start += strlen (text + start) + 1)
    g_ptr_array_add (args, text + start);
  for (guint i = 1; i < args->len && config == NULL; i++)
    {
      const char *arg = g_ptr_array_index (args, i);

      if ((g_str_equal (arg, "-c") || g_str_equal (arg, "--config")) && i + 1 < args->len)
        config = g_ptr_array_index (args, i + 1);
      else if (g_str_has_prefix (arg, "--config="))
        config = arg + strlen ("--config=");
      else if (g_str_has_prefix (arg, "-c") && arg[2] != '\0')
        config = arg + 2;
    }
  /* miredo resolves a relative path against its own working directory,
   * which is not ours: only an absolute one names a file for certain. */
  return config != NULL && g_path_is_absolute (config) ? g_strdup (config) : NULL;
}

char *
td_fix_find_miredo_conf_at (const char *root)
{
  g_autofree char *proc = g_build_filename (root != NULL ? root : "/", "proc", NULL);
  g_autoptr(GDir) dir = g_dir_open (proc, 0, NULL);
  g_autofree char *own_ns = read_link_at (proc, "self", "ns/net");
  g_autofree char *best = NULL;
  guint64 best_pid = G_MAXUINT64;
  const char *name;

  while (dir != NULL && own_ns != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;
      g_autofree char *ns = NULL;
      g_autofree char *entry = NULL;
      GStatBuf st;
      guint64 pid;

      if (strspn (name, "0123456789") != strlen (name))
        continue;
      pid = g_ascii_strtoull (name, NULL, 10);
      comm_path = g_build_filename (proc, name, "comm", NULL);
      if (!g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_str_equal (g_strstrip (comm), "miredo") || pid >= best_pid)
        continue;
      /* Only a miredo that root (or, when we are not root, we ourselves)
       * started can choose the file: anyone can name a process miredo. */
      entry = g_build_filename (proc, name, NULL);
      if (g_stat (entry, &st) != 0 || (st.st_uid != 0 && st.st_uid != getuid ()))
        continue;
      ns = read_link_at (proc, name, "ns/net");
      if (ns == NULL || !g_str_equal (ns, own_ns))
        continue;
      /* The lowest PID is the parent, the privileged half that read the
       * configuration. */
      best_pid = pid;
      g_clear_pointer (&best, g_free);
      best = config_argument (proc, name);
    }
  return best != NULL ? g_steal_pointer (&best) : g_strdup (TD_FIX_MIREDO_CONF);
}

/* ── the log of an elevated run (`fix --log-file`) ── */

gboolean
td_fix_write_log_file (const char  *path,
                       const char  *text,
                       GError     **error)
{
  struct stat st;
  gsize length = strlen (text);
  gsize done = 0;
  int fd;

  g_return_val_if_fail (path != NULL && text != NULL, FALSE);

  /* Never through a link, never creating a file: only the regular file the
   * unprivileged side made, truncated once it is known to be that. */
  fd = g_open (path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("Could not write %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_nlink != 1 ||
      ftruncate (fd, 0) != 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("Could not write %s: %s"),
                   path, _("not a regular file of its own"));
      close (fd);
      return FALSE;
    }
  while (done < length)
    {
      ssize_t n = write (fd, text + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("Could not write %s: %s"),
                       path, g_strerror (saved));
          close (fd);
          return FALSE;
        }
      done += (gsize) n;
    }
  return close (fd) == 0;
}

/* ── running a plan through pkexec ── */

typedef struct {
  GSubprocess *process;
  char        *program;
  guint        timeout_id;
  gboolean     timed_out;
} PkexecRun;

static void
pkexec_run_free (gpointer data)
{
  PkexecRun *pkexec = data;

  g_clear_handle_id (&pkexec->timeout_id, g_source_remove);
  g_clear_object (&pkexec->process);
  g_free (pkexec->program);
  g_free (pkexec);
}

static gboolean
run_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  TdFixRun *run = g_task_get_task_data (task);
  PkexecRun *pkexec = run->native;

  pkexec->timeout_id = 0;
  pkexec->timed_out = TRUE;
  g_subprocess_force_exit (pkexec->process);
  return G_SOURCE_REMOVE;
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdFixRun *run = g_task_get_task_data (task);
  PkexecRun *pkexec = run->native;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  int status;

  g_clear_handle_id (&pkexec->timeout_id, g_source_remove);

  if (!g_subprocess_communicate_utf8_finish (process, result, &output, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_subprocess_force_exit (process);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (output == NULL)
    output = g_strdup ("");
  g_strstrip (output);
  run->output = g_strdup (output);
  if (!pkexec->timed_out && g_subprocess_get_if_exited (process))
    run->exit_status = g_subprocess_get_exit_status (process);

  if (pkexec->timed_out)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_TIMEOUT,
                               _("The fix did not finish within %u minutes."),
                               TD_FIX_RUN_TIMEOUT_MS / 60000);
      return;
    }
  if (!g_subprocess_get_if_exited (process))
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_FAILED,
                               _("%s was killed by signal %d."), pkexec->program,
                               g_subprocess_get_term_sig (process));
      return;
    }

  status = g_subprocess_get_exit_status (process);
  /* pkexec: 126 = the authentication dialog was dismissed, 127 = not
   * authorized (or authentication failed). */
  if (g_str_equal (pkexec->program, "pkexec") && (status == 126 || status == 127))
    g_task_return_new_error (task, TD_ERROR, TD_ERROR_PERMISSION,
                             status == 126
                               ? _("Authentication was cancelled.")
                               : _("You are not authorized to apply this fix."));
  else if (status != 0)
    g_task_return_new_error (task, TD_ERROR, TD_ERROR_FAILED,
                             *output != '\0'
                               ? _("The fix failed (exit status %d): %s")
                               : _("The fix failed (exit status %d)."),
                             status, output);
  else
    g_task_return_pointer (task, g_steal_pointer (&output), g_free);
}

void
td_fix_native_run (GTask           *task,
                   const TdFixPlan *plan,
                   GCancellable    *cancellable)
{
  TdFixRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = td_fix_plan_get_elevated_argv (plan, NULL);
  g_autofree char *program = NULL;
  PkexecRun *pkexec;

  program = g_find_program_in_path (argv[0]);
  if (program == NULL)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_NOT_FOUND,
                               _("The program “%s” was not found."), argv[0]);
      return;
    }

  pkexec = g_new0 (PkexecRun, 1);
  pkexec->program = g_strdup (argv[0]);
  run->native = pkexec;
  run->native_free = pkexec_run_free;

  pkexec->process = g_subprocess_newv ((const char * const *) argv,
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_MERGE,
                                       &error);
  if (pkexec->process == NULL)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_FAILED,
                               _("Could not start %s: %s"), argv[0], error->message);
      return;
    }

  pkexec->timeout_id = g_timeout_add (TD_FIX_RUN_TIMEOUT_MS, run_timeout_cb, task);
  g_subprocess_communicate_utf8_async (pkexec->process, NULL, cancellable,
                                       communicate_cb, g_object_ref (task));
}
