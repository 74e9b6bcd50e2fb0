/* td-command-native-win32.c — a command's job object on Windows: the child
 * and whatever it starts are terminated together
 *
 * GLib starts a child through its spawn helper, so the child exists before
 * it can be put in the job; what it starts from then on is in the job too.
 * The job kills its processes when it is closed (JOB_OBJECT_LIMIT_KILL_ON_
 * JOB_CLOSE), so nothing a command started outlives its result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <windows.h>

#include "td-command-native.h"

struct _TdCommandGroup {
  HANDLE job;       /* NULL when no job could be made */
  HANDLE process;   /* the child, for TerminateProcess; NULL if unknown */
};

void
td_command_native_prepare (GSubprocessLauncher *launcher)
{
  /* Nothing to do before the spawn: the job is joined afterwards. */
}

TdCommandGroup *
td_command_native_group_new (GSubprocess *subprocess)
{
  TdCommandGroup *group = g_new0 (TdCommandGroup, 1);
  const char *identifier = g_subprocess_get_identifier (subprocess);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = { 0 };
  DWORD pid = 0;

  if (identifier != NULL)
    pid = (DWORD) g_ascii_strtoull (identifier, NULL, 10);
  if (pid != 0)
    group->process = OpenProcess (PROCESS_SET_QUOTA | PROCESS_TERMINATE, FALSE, pid);
  if (group->process == NULL)
    return group;

  group->job = CreateJobObjectW (NULL, NULL);
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (group->job != NULL &&
      (!SetInformationJobObject (group->job, JobObjectExtendedLimitInformation,
                                 &limits, sizeof limits) ||
       !AssignProcessToJobObject (group->job, group->process)))
    {
      /* A child that already exited, or one in a job that forbids nesting
       * (before Windows 8): TerminateProcess is all that is left. */
      g_debug ("No job object for process %lu: error %lu", (unsigned long) pid,
               (unsigned long) GetLastError ());
      CloseHandle (group->job);
      group->job = NULL;
    }
  return group;
}

void
td_command_native_group_kill (TdCommandGroup *group)
{
  if (group == NULL)
    return;
  if (group->job != NULL)
    TerminateJobObject (group->job, 1);
  else if (group->process != NULL)
    TerminateProcess (group->process, 1);
}

void
td_command_native_group_free (TdCommandGroup *group)
{
  if (group == NULL)
    return;
  if (group->job != NULL)
    CloseHandle (group->job);
  if (group->process != NULL)
    CloseHandle (group->process);
  g_free (group);
}
