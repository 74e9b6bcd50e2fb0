/* td-lab-wine.c — the Windows build's CLI run under Wine inside a lab namespace
 *
 * See td-lab-wine.h for why each run brings its own wineserver into the
 * namespace and takes it away again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <sys/wait.h>

#include "td-lab-wine.h"

#define WINE_KEY             "td-lab-wine"
#define DEFAULT_WINEPREFIX   "/var/cache/teredo-doctor/win64/wineprefix"
#define WINESERVER_STOP_MS   20000

typedef struct {
  char *dir;       /* our temporary directory, holding the prefix */
  char *prefix;    /* dir/prefix: a copy of the ready prefix */
  GPid  server;    /* `wineserver -f -p` in the namespace of the run, or 0 */
  GPid  warm;      /* the program that started Wine's services there: they
                    * are in its process group, which the lab kills */
} Wine;

static const char *
win_cli (void)
{
  return g_getenv ("TD_WIN_CLI");
}

static char *
wine_run_path (void)
{
  const char *env = g_getenv ("TD_WINE_RUN");
  const char *source = g_getenv ("TD_SOURCE_ROOT");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  if (source != NULL)
    return g_build_filename (source, "build-aux", "windows", "wine-run.sh", NULL);
  return NULL;
}

static const char *
template_prefix (void)
{
  const char *env = g_getenv ("TD_WINEPREFIX");

  return env != NULL && env[0] != '\0' ? env : DEFAULT_WINEPREFIX;
}

gboolean
td_lab_wine_check_environment (GError **error)
{
  g_autofree char *run = wine_run_path ();
  g_autofree char *ready = g_build_filename (template_prefix (), ".td-ready", NULL);
  g_autofree char *wineserver = g_find_program_in_path ("wineserver");

  if (win_cli () == NULL || !g_file_test (win_cli (), G_FILE_TEST_IS_REGULAR))
    g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                 "TD_WIN_CLI (%s) is not the Windows CLI: build it with `make windows` "
                 "(build-aux/windows/check.sh runs these tests with it)",
                 win_cli () ? win_cli () : "unset");
  else if (run == NULL || !g_file_test (run, G_FILE_TEST_IS_EXECUTABLE))
    g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                 "no wine-run.sh (%s): set TD_WINE_RUN or TD_SOURCE_ROOT", run ? run : "unset");
  else if (wineserver == NULL)
    g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                         "no wineserver on PATH (Debian package wine64)");
  else if (!g_file_test (ready, G_FILE_TEST_EXISTS))
    g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT,
                 "the Wine prefix %s is not ready (wine-run.sh makes it on first use)",
                 template_prefix ());
  else
    return TRUE;
  return FALSE;
}

static gboolean
run_quiet (const char * const *argv, GError **error)
{
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv);

      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND, "`%s` failed: %s", cmd,
                   g_strstrip (err));
      return FALSE;
    }
  return TRUE;
}

static void
wine_free (Wine *w)
{
  if (w->dir != NULL && g_getenv ("TD_LAB_KEEP") == NULL)
    {
      const char *argv[] = { "rm", "-rf", "--", w->dir, NULL };
      g_autoptr(GError) error = NULL;

      if (!run_quiet (argv, &error))
        g_warning ("td-lab-wine: %s", error->message);
    }
  g_free (w->dir);
  g_free (w->prefix);
  g_free (w);
}

/* Replaces the hard link @path by a copy of its own. */
static gboolean
unshare_file (const char *path, GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".td-copy", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (path);
  g_autoptr(GFile) to = g_file_new_for_path (tmp);

  return g_file_copy (from, to, G_FILE_COPY_OVERWRITE | G_FILE_COPY_ALL_METADATA, NULL, NULL, NULL,
                      error) &&
         g_file_move (to, from, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

/* Unshares the regular files directly in @dir whose name ends with one of
 * @suffixes ("" for all). */
static gboolean
unshare_files (const char *dir, const char * const *suffixes, GError **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      for (guint i = 0; suffixes[i] != NULL; i++)
        if (g_str_has_suffix (name, suffixes[i]))
          {
            if (!unshare_file (path, error))
              return FALSE;
            break;
          }
    }
  return TRUE;
}

/* The lab's own copy of the ready prefix, made on first use.  The prefix is
 * about 700 MB, nearly all of it DLLs that Wine only reads: those are hard
 * links (0.1 s instead of 4 s); what Wine writes — the registry files and
 * the .ini files, which it may rewrite in place — are real copies. */
static Wine *
lab_wine (TdLab *lab, GError **error)
{
  static const char * const any[] = { "", NULL };
  static const char * const ini[] = { ".ini", NULL };
  Wine *w = td_lab_get_data (lab, WINE_KEY);
  g_autofree char *dir = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *windows = NULL;
  const char *argv[] = { "cp", "-al", "--", template_prefix (), NULL, NULL };

  if (w != NULL)
    return w;
  dir = g_dir_make_tmp ("td-lab-wine-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  prefix = g_build_filename (dir, "prefix", NULL);
  windows = g_build_filename (prefix, "drive_c", "windows", NULL);
  argv[4] = prefix;
  w = g_new0 (Wine, 1);
  w->dir = g_steal_pointer (&dir);
  w->prefix = g_steal_pointer (&prefix);
  if (!run_quiet (argv, error) || !unshare_files (w->prefix, any, error) ||
      !unshare_files (windows, ini, error))
    {
      wine_free (w);
      return NULL;
    }
  td_lab_set_data (lab, WINE_KEY, w, (GDestroyNotify) wine_free);
  return w;
}

/* Brings the prefix's wineserver and Wine's own services into @ns before
 * the program runs, so that the program's time is its own and its sockets
 * are made in @ns.  The server is a tracked process of the lab. */
static gboolean
start_wine (TdLab *lab, TdLabNs ns, Wine *w, GError **error)
{
  g_autofree char *env_prefix = g_strconcat ("WINEPREFIX=", w->prefix, NULL);
  g_autofree char *env_td_prefix = g_strconcat ("TD_WINEPREFIX=", w->prefix, NULL);
  g_autofree char *log = g_build_filename (w->dir, "wineserver.log", NULL);
  g_autofree char *warm_log = g_build_filename (w->dir, "warm-up.log", NULL);
  g_autofree char *run = wine_run_path ();
  g_autofree char *ip = g_find_program_in_path ("ip");
  const char *server_argv[] = { ip, "netns", "exec", td_lab_ns_name (lab, ns), "env", env_prefix,
                                "wineserver", "--foreground", "--persistent", NULL };
  const char *warm_argv[] = { ip, "netns", "exec", td_lab_ns_name (lab, ns), "env", env_td_prefix,
                              "TD_WIN_PREFIX=/nonexistent", run, "cmd", "/c", "exit", "0", NULL };
  gint64 deadline = g_get_monotonic_time () + (gint64) WINESERVER_STOP_MS * 1000;
  siginfo_t info = { 0 };

  if (ip == NULL)
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT, "no ip on PATH");
      return FALSE;
    }
  if (!td_lab_spawn_tracked (lab, server_argv, log, &w->server, error))
    return FALSE;
  /* Tracked, so that it goes with the lab even when the test dies.  Wine's
   * services leave its session (they are session leaders): `wineserver -k`
   * ends them, and td_lab_destroy() kills whatever is still in the lab's
   * namespaces.  Waited for without reaping it, as the lab reaps it. */
  if (!td_lab_spawn_tracked (lab, warm_argv, warm_log, &w->warm, error))
    return FALSE;
  while (waitid (P_PID, (id_t) w->warm, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND,
                       "Wine did not start in %s within %u ms (log: %s)", td_lab_ns_name (lab, ns),
                       WINESERVER_STOP_MS, warm_log);
          return FALSE;
        }
      g_usleep (10 * 1000);
    }
  if (info.si_code != CLD_EXITED || info.si_status != 0)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND,
                   "Wine did not start in %s (log: %s)", td_lab_ns_name (lab, ns), warm_log);
      return FALSE;
    }
  return TRUE;
}

/* `wineserver -k` then `-w` in @ns: the prefix's wineserver and every Wine
 * process of it are gone when this returns TRUE. */
static gboolean
stop_wine (TdLab *lab, TdLabNs ns, Wine *w, GError **error)
{
  g_autofree char *env_prefix = g_strconcat ("WINEPREFIX=", w->prefix, NULL);
  const char *kill_argv[] = { "env", env_prefix, "wineserver", "-k", NULL };
  const char *wait_argv[] = { "env", env_prefix, "wineserver", "-w", NULL };
  TdLabRun run = { 0 };
  gboolean ok;

  /* -k exits non-zero when no wineserver runs: that is fine. */
  if (!td_lab_exec (lab, ns, TD_LAB_AS_ROOT, kill_argv, WINESERVER_STOP_MS, &run, error))
    return FALSE;
  td_lab_run_clear (&run);
  if (!td_lab_exec (lab, ns, TD_LAB_AS_ROOT, wait_argv, WINESERVER_STOP_MS, &run, error))
    return FALSE;
  ok = !run.timed_out;
  td_lab_run_clear (&run);
  if (!ok)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_COMMAND,
                   "the wineserver of %s did not stop within %u ms", w->prefix, WINESERVER_STOP_MS);
      return FALSE;
    }
  /* Reaps the server (it has exited; this only collects it) and the
   * program that started the services, killing its group's stragglers. */
  ok = td_lab_stop_tracked (lab, w->server, error) && td_lab_stop_tracked (lab, w->warm, error);
  w->server = 0;
  w->warm = 0;
  return ok;
}

JsonObject *
td_lab_wine_run_probe (TdLab              *lab,
                       TdLabNs             ns,
                       const char * const *extra_args,
                       guint               timeout_ms,
                       TdLabRun           *out_run,
                       GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) stop_error = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *err_path = NULL;
  TdLabRun run = { 0 };
  JsonObject *result = NULL;
  Wine *w;

  if (!td_lab_wine_check_environment (error))
    return NULL;
  w = lab_wine (lab, error);
  if (w == NULL)
    return NULL;
  out_path = g_build_filename (w->dir, "stdout", NULL);
  err_path = g_build_filename (w->dir, "stderr", NULL);

  /* Wine runs as root here: the prefix is root's (Wine refuses a prefix
   * that is not the user's own), and on Windows the probe needs no
   * privilege anyway — what Linux privileges Wine has does not change what
   * Winsock lets the program do.  Its output goes to files: Wine's helper
   * processes inherit the program's standard output and error and may
   * outlive it, which would hold a pipe open. */
  g_ptr_array_add (argv, g_strdup ("sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup ("out=$1; err=$2; shift 2; exec \"$@\" > \"$out\" 2> \"$err\""));
  g_ptr_array_add (argv, g_strdup ("sh"));
  g_ptr_array_add (argv, g_strdup (out_path));
  g_ptr_array_add (argv, g_strdup (err_path));
  g_ptr_array_add (argv, g_strdup ("env"));
  g_ptr_array_add (argv, g_strconcat ("TD_WINEPREFIX=", w->prefix, NULL));
  /* Only the staged folder: its DLLs sit beside the exe. */
  g_ptr_array_add (argv, g_strdup ("TD_WIN_PREFIX=/nonexistent"));
  g_ptr_array_add (argv, wine_run_path ());
  g_ptr_array_add (argv, g_strdup (win_cli ()));
  g_ptr_array_add (argv, g_strdup ("probe"));
  g_ptr_array_add (argv, g_strdup (TD_LAB_SERVER_PRIMARY));
  g_ptr_array_add (argv, g_strdup ("--json"));
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  if (!start_wine (lab, ns, w, error))
    {
      stop_wine (lab, ns, w, NULL);
      return NULL;
    }
  if (td_lab_exec (lab, ns, TD_LAB_AS_ROOT, (const char * const *) argv->pdata, timeout_ms,
                   &run, error))
    {
      /* What the program printed, in place of the shell's (empty) pipes. */
      g_free (run.out);
      g_free (run.err);
      run.out = NULL;
      run.err = NULL;
      g_file_get_contents (out_path, &run.out, NULL, NULL);
      g_file_get_contents (err_path, &run.err, NULL, NULL);
      if (run.out == NULL)
        run.out = g_strdup ("");
      if (run.err == NULL)
        run.err = g_strdup ("");
      result = td_lab_parse_json_run (lab, ns, (const char * const *) argv->pdata, &run,
                                      timeout_ms, error);
    }
  if (out_run)
    *out_run = run;
  else
    td_lab_run_clear (&run);

  /* Always, even after a failed run: no Wine process may stay in @ns. */
  if (!stop_wine (lab, ns, w, &stop_error))
    {
      g_clear_pointer (&result, json_object_unref);
      if (out_run)
        td_lab_run_clear (out_run);
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&stop_error));
    }
  return result;
}
