/* td-fix-win32.c — the Windows half of the fixes: UAC elevation of
 * `teredo-doctor-cli.exe fix ACTION ARGS` through ShellExecuteExW ("runas")
 *
 * The elevated CLI validates the action again and runs its steps (netsh,
 * sc.exe, reg…) as argv arrays.  A process started through UAC cannot hand
 * us its standard output, so it gets `--log-file FILE`, a temporary file
 * made here, and writes its output there (td_fix_write_log_file() only
 * writes into an existing regular file of its own: an administrator's
 * process never follows a link a user planted).  ShellExecuteExW blocks
 * while the consent prompt is up, so it runs in a worker thread; the
 * process handle it returns is then watched on the caller's main context
 * (g_child_watch takes a process HANDLE on Windows), with the run's timeout
 * and cancellation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "td-error.h"
#include "td-fix-private.h"

/* After our headers: objbase.h defines "interface", a field name there. */
#include <windows.h>
#include <objbase.h>
#include <shellapi.h>

/* ── the CLI the elevation runs ── */

char *
td_fix_get_cli_path (void)
{
  const char *env = g_getenv ("TD_CLI");
  wchar_t module[MAX_PATH * 2];
  DWORD length;
  g_autofree char *self_exe = NULL;
  g_autofree char *dir = NULL;

  if (env != NULL && g_path_is_absolute (env))
    return g_strdup (env);

  /* The CLI is installed (and built) beside the program that asks. */
  length = GetModuleFileNameW (NULL, module, G_N_ELEMENTS (module));
  if (length == 0 || length >= G_N_ELEMENTS (module))
    return g_strdup ("teredo-doctor-cli.exe");
  self_exe = g_utf16_to_utf8 ((const gunichar2 *) module, length, NULL, NULL, NULL);
  if (self_exe == NULL)
    return g_strdup ("teredo-doctor-cli.exe");
  dir = g_path_get_dirname (self_exe);
  return g_build_filename (dir, "teredo-doctor-cli.exe", NULL);
}

/* ── the configuration miredo reads: there is no miredo here ── */

char *
td_fix_find_miredo_conf_at (const char *root)
{
  return g_strdup (TD_FIX_MIREDO_CONF);
}

/* ── the log of an elevated run (`fix --log-file`) ── */

static gboolean
set_log_error (GError     **error,
               const char  *path,
               const char  *reason)
{
  g_set_error (error, TD_ERROR, TD_ERROR_FAILED, _("Could not write %s: %s"), path, reason);
  return FALSE;
}

gboolean
td_fix_write_log_file (const char  *path,
                       const char  *text,
                       GError     **error)
{
  g_autofree gunichar2 *wpath = NULL;
  BY_HANDLE_FILE_INFORMATION info;
  HANDLE file;
  gsize length;
  gsize done = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL && text != NULL, FALSE);

  wpath = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
  if (wpath == NULL)
    return set_log_error (error, path, _("not a file name"));

  /* The file itself, never what a reparse point (symbolic link, junction)
   * leads to, and never a new one. */
  file = CreateFileW ((const wchar_t *) wpath, GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                      FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
  if (file == INVALID_HANDLE_VALUE)
    {
      g_autofree char *message = g_win32_error_message ((gint) GetLastError ());

      return set_log_error (error, path, message);
    }
  if (!GetFileInformationByHandle (file, &info) ||
      (info.dwFileAttributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)) != 0 ||
      info.nNumberOfLinks != 1 ||
      SetFilePointer (file, 0, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER ||
      !SetEndOfFile (file))
    {
      CloseHandle (file);
      return set_log_error (error, path, _("not a regular file of its own"));
    }

  length = strlen (text);
  ok = TRUE;
  while (ok && done < length)
    {
      DWORD chunk = (DWORD) MIN (length - done, (gsize) G_MAXINT32);
      DWORD written = 0;

      ok = WriteFile (file, text + done, chunk, &written, NULL) && written > 0;
      done += written;
    }
  if (!ok)
    {
      g_autofree char *message = g_win32_error_message ((gint) GetLastError ());

      CloseHandle (file);
      return set_log_error (error, path, message);
    }
  return CloseHandle (file);
}

/* ── running a plan elevated ── */

typedef struct {
  char     *program;       /* the CLI, for messages */
  char     *log_path;      /* the temporary file the elevated CLI writes */
  HANDLE    process;       /* NULL until started */
  GSource  *watch;
  GSource  *timeout;
  GSource  *cancel;
  gboolean  done;
} WinRun;

static void
destroy_sources (WinRun *win)
{
  GSource **sources[] = { &win->watch, &win->timeout, &win->cancel };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (*sources[i] != NULL)
      {
        g_source_destroy (*sources[i]);
        g_clear_pointer (sources[i], g_source_unref);
      }
}

static void
win_run_free (gpointer data)
{
  WinRun *win = data;

  destroy_sources (win);
  if (win->process != NULL)
    CloseHandle (win->process);
  if (win->log_path != NULL)
    g_unlink (win->log_path);
  g_free (win->log_path);
  g_free (win->program);
  g_free (win);
}

/* What ShellExecuteExW needs, and what it answered (worker thread). */
typedef struct {
  gunichar2 *file;
  gunichar2 *parameters;
  HANDLE     process;
  DWORD      error;
} Launch;

static void
launch_free (gpointer data)
{
  Launch *launch = data;

  if (launch->process != NULL)
    CloseHandle (launch->process);
  g_free (launch->file);
  g_free (launch->parameters);
  g_free (launch);
}

static void
launch_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Launch *launch = task_data;
  SHELLEXECUTEINFOW info = { 0 };
  HRESULT com = CoInitializeEx (NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);

  info.cbSize = sizeof info;
  /* The process handle back; finished before this thread returns. */
  info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC;
  info.lpVerb = L"runas";
  info.lpFile = (const wchar_t *) launch->file;
  info.lpParameters = (const wchar_t *) launch->parameters;
  info.nShow = SW_HIDE;
  if (ShellExecuteExW (&info))
    {
      launch->process = info.hProcess;
      launch->error = info.hProcess != NULL ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
    }
  else
    launch->error = GetLastError ();
  if (SUCCEEDED (com))
    CoUninitialize ();
  g_task_return_boolean (task, TRUE);
}

/* Completes the run once; the sources (each holding the task) go first. */
static void
run_complete (GTask  *task,
              GError *error,
              char   *output)
{
  g_autoptr(GTask) hold = g_object_ref (task);
  TdFixRun *run = g_task_get_task_data (task);
  WinRun *win = run->native;

  if (win->done)
    {
      g_clear_error (&error);
      g_free (output);
      return;
    }
  win->done = TRUE;
  destroy_sources (win);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, output, g_free);
}

static void
child_exited_cb (GPid     pid,
                 gint     status,
                 gpointer user_data)
{
  GTask *task = user_data;
  TdFixRun *run = g_task_get_task_data (task);
  WinRun *win = run->native;
  g_autofree char *output = NULL;

  if (win->done)
    return;
  /* Written by the elevated CLI in UTF-8; nothing when it never got that
   * far (then the exit status says enough). */
  if (!g_file_get_contents (win->log_path, &output, NULL, NULL) ||
      !g_utf8_validate (output, -1, NULL))
    g_clear_pointer (&output, g_free);
  run->output = g_strstrip (output != NULL ? g_strdup (output) : g_strdup (""));
  run->exit_status = status;
  if (status != 0)
    run_complete (task,
                  g_error_new (TD_ERROR, TD_ERROR_FAILED,
                               *run->output != '\0'
                                 ? _("The fix failed (exit status %d): %s")
                                 : _("The fix failed (exit status %d)."),
                               status, run->output),
                  NULL);
  else
    run_complete (task, NULL, g_strdup (run->output));
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  TdFixRun *run = g_task_get_task_data (task);
  WinRun *win = run->native;

  /* An elevated process may refuse us: then it is only not waited for. */
  TerminateProcess (win->process, 1);
  run_complete (task,
                g_error_new (TD_ERROR, TD_ERROR_TIMEOUT,
                             _("The fix did not finish within %u minutes."),
                             TD_FIX_RUN_TIMEOUT_MS / 60000),
                NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  TdFixRun *run = g_task_get_task_data (task);
  WinRun *win = run->native;

  TerminateProcess (win->process, 1);
  run_complete (task,
                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("Operation was cancelled")),
                NULL);
  return G_SOURCE_REMOVE;
}

static GSource *
attach (GTask       *task,
        GSource     *source,
        GSourceFunc  func,
        const char  *name)
{
  g_source_set_callback (source, func, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, name);
  g_source_attach (source, g_task_get_context (task));
  return source;
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdFixRun *run = g_task_get_task_data (task);
  WinRun *win = run->native;
  Launch *launch = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (launch->error == ERROR_CANCELLED)
    {
      /* The user answered "No" (or closed the prompt). */
      run->output = g_strdup ("");
      run_complete (task, g_error_new_literal (TD_ERROR, TD_ERROR_PERMISSION,
                                               _("Authorization was refused.")),
                    NULL);
      return;
    }
  if (launch->error != ERROR_SUCCESS)
    {
      g_autofree char *message = g_win32_error_message ((gint) launch->error);

      run->output = g_strdup ("");
      run_complete (task, g_error_new (TD_ERROR, TD_ERROR_FAILED, _("Could not start %s: %s"),
                                       win->program, message),
                    NULL);
      return;
    }

  win->process = g_steal_pointer (&launch->process);
  win->watch = attach (task, g_child_watch_source_new ((GPid) win->process),
                       G_SOURCE_FUNC (child_exited_cb), "[td-fix] elevated process");
  win->timeout = attach (task, g_timeout_source_new (TD_FIX_RUN_TIMEOUT_MS), timeout_cb,
                         "[td-fix] timeout");
  if (cancellable != NULL)
    win->cancel = attach (task, g_cancellable_source_new (cancellable),
                          G_SOURCE_FUNC (cancelled_cb), "[td-fix] cancel");
}

void
td_fix_native_run (GTask           *task,
                   const TdFixPlan *plan,
                   GCancellable    *cancellable)
{
  TdFixRun *run = g_task_get_task_data (task);
  g_autoptr(TdFixPlan) checked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) launch_task = NULL;
  g_autofree char *parameters = NULL;
  g_autofree char *cli = NULL;
  Launch *launch;
  WinRun *win;
  int fd;

  /* Nothing starts unless the allow-list says yes to these very words. */
  checked = td_fix_plan_new_for_system (plan->action, (const char * const *) plan->args,
                                        TD_PLATFORM_WINDOWS, TD_FIX_INIT_SYSTEMD, NULL, &error);
  if (checked == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cli = td_fix_get_cli_path ();
  if (!g_file_test (cli, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_NOT_FOUND,
                               _("The program “%s” was not found."), cli);
      return;
    }

  win = g_new0 (WinRun, 1);
  win->program = g_path_get_basename (cli);
  run->native = win;
  run->native_free = win_run_free;

  fd = g_file_open_tmp ("teredo-doctor-fix-XXXXXX.log", &win->log_path, &error);
  if (fd < 0)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_FAILED,
                               _("Could not start %s: %s"), win->program, error->message);
      return;
    }
  g_close (fd, NULL);

  parameters = td_fix_plan_get_windows_parameters (checked, win->log_path);
  launch = g_new0 (Launch, 1);
  launch->file = g_utf8_to_utf16 (cli, -1, NULL, NULL, NULL);
  launch->parameters = g_utf8_to_utf16 (parameters, -1, NULL, NULL, NULL);
  if (launch->file == NULL || launch->parameters == NULL)
    {
      launch_free (launch);
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_FAILED,
                               _("Could not start %s: %s"), win->program, _("not a file name"));
      return;
    }

  launch_task = g_task_new (NULL, NULL, launched_cb, g_object_ref (task));
  g_task_set_source_tag (launch_task, td_fix_native_run);
  g_task_set_task_data (launch_task, launch, launch_free);
  g_task_run_in_thread (launch_task, launch_thread);
}
