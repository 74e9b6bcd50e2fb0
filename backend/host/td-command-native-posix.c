/* td-command-native-posix.c — a command's process group on Unix: setpgid in
 * the child, kill(-pgid) to end it with everything it started
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "td-command-native.h"

struct _TdCommandGroup {
  pid_t pgid;   /* the child's pid, leader of its group; 0 if unknown */
};

static void
child_setup (gpointer user_data)
{
  /* Own process group, so that a timeout can kill grandchildren too. */
  setpgid (0, 0);
}

void
td_command_native_prepare (GSubprocessLauncher *launcher)
{
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
}

TdCommandGroup *
td_command_native_group_new (GSubprocess *subprocess)
{
  TdCommandGroup *group = g_new0 (TdCommandGroup, 1);
  const char *identifier = g_subprocess_get_identifier (subprocess);

  if (identifier != NULL)
    group->pgid = (pid_t) g_ascii_strtoll (identifier, NULL, 10);
  return group;
}

void
td_command_native_group_kill (TdCommandGroup *group)
{
  /* The group outlives its leader while a grandchild still runs, so this
   * is also right after the leader exited but the pipes are still open. */
  if (group != NULL && group->pgid > 0)
    kill (-group->pgid, SIGKILL);
}

void
td_command_native_group_free (TdCommandGroup *group)
{
  g_free (group);
}
