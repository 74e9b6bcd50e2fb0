/* td-test-fakes.h — the fake Windows programs of a scenario folder
 * (tests/data/fake-windows/) on Linux and on Windows, and the other few
 * things the tests do differently there
 *
 * On Linux a scenario folder holds links named netsh, ipconfig, sc, reg and
 * chcp to the shell fake, and PATH = the folder finds them.  On Windows
 * ($TD_FAKE_COMMAND names tests/windows/fake-command.exe, set by meson) the
 * same folder is played by copies of that program in a temporary folder,
 * one per program the scenario has, found through TD_COMMAND_PATH (Windows
 * finds its own netsh in System32 before PATH), with the console code page
 * the scenario's chcp prints, and under Wine a command deadline of at least
 * 8.5 s (~15 programs started at once take seconds there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE on Windows, where the fakes are copies of fake-command.exe. */
gboolean  td_test_fakes_are_exes   (void);
/* Makes this process find @scenario_dir's programs (and only them) until
 * td_test_fakes_leave(). */
void      td_test_fakes_enter      (const char  *scenario_dir);
void      td_test_fakes_leave      (void);
/* The same for a child's environment. */
char    **td_test_fakes_environ    (char       **envp,
                                    const char  *scenario_dir);
/* @program of @scenario_dir as a path to start, or NULL when the scenario
 * has no such program. */
char     *td_test_fakes_program    (const char  *scenario_dir,
                                    const char  *program);
/* Adds @program to a scenario folder made at run time: a link to the shell
 * fake on Linux, a marker on Windows. */
void      td_test_fakes_add        (const char  *scenario_dir,
                                    const char  *program);

/* Runs @argv (argv[0] a path) and returns what it printed, standard output
 * then standard error, as a batch file's 2>&1 gets it from the fakes
 * (which print on one or the other); GLib's STDERR_MERGE does not merge on
 * Windows (measured under Wine).  @out_status gets the exit status. */
GBytes   *td_test_fakes_run_merged (const char * const *argv,
                                    int         *out_status);

/* The exit code in a wait status (g_spawn_sync()), -1 when the child was
 * killed by a signal. */
int       td_test_exit_code        (int          wait_status);
/* On Windows: skips the running test, saying it needs the Unix tools
 * (sh, sleep, shell-script fakes), and returns TRUE. */
gboolean  td_test_skip_without_unix (void);
/* Registers @func; where there are no Unix tools (Windows), a test of that
 * name skipped with the reason instead. */
void      td_test_add_unix_func    (const char  *path,
                                    GTestFunc    func);
/* Registers a test that is skipped with @reason (a static string). */
void      td_test_add_skipped      (const char  *path,
                                    const char  *reason);

/* One file per OS (td-test-os-posix.c, ../windows/td-test-os-win32.c): */
/* TRUE when the tests run as root (never on Windows). */
gboolean  td_test_is_root          (void);
/* This process's id, for unique names. */
guint     td_test_process_id       (void);
/* Interrupts @pid as Ctrl+C would (SIGINT); FALSE where that cannot be done
 * to one child (Windows). */
gboolean  td_test_interrupt        (GPid         pid);
/* Gives @path to the user and group @id (root only; FALSE on Windows). */
gboolean  td_test_chown            (const char  *path,
                                    guint        id);
/* How many descriptors (Unix: /proc/self/fd or /dev/fd) or handles
 * (Windows: GetProcessHandleCount) this process holds; FALSE when the
 * system does not say. */
gboolean  td_test_count_open_handles (guint      *out_count);

char    *td_test_source_path     (const char *first,
                                  ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
