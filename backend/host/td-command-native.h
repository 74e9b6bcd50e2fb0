/* td-command-native.h — what td-command.c needs from the operating system to
 * kill everything a command started (one file per OS, chosen by meson)
 *
 * Unix (td-command-native-posix.c): the child leads a process group of its
 * own, and a kill signals the whole group.  Windows
 * (windows/td-command-native-win32.c): the child is put in a job object
 * that kills its processes when it is closed, and a kill terminates the job
 * (the child and every process it started since).
 *
 * Not installed and not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TdCommandGroup TdCommandGroup;

/* Sets up @launcher so that what it spawns can be killed as a group. */
void            td_command_native_prepare    (GSubprocessLauncher *launcher);
/* The group of a child just spawned from a prepared launcher; never NULL
 * (an empty group when the system would not make one: then only the child
 * itself can be killed, by g_subprocess_force_exit()). */
TdCommandGroup *td_command_native_group_new  (GSubprocess         *subprocess);
/* Kills every process still in the group. */
void            td_command_native_group_kill (TdCommandGroup      *group);
void            td_command_native_group_free (TdCommandGroup      *group);

G_END_DECLS
