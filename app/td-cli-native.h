/* td-cli-native.h — the command line's ties to the operating system (one
 * file per OS, chosen by meson: td-cli-native-posix.c, windows/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Cancels @cancellable when the user interrupts the program: SIGINT and
 * SIGTERM on Unix; Ctrl+C, Ctrl+Break and closing the console window on
 * Windows.  Called once, from the main context's thread. */
void     td_cli_native_watch_interrupt   (GCancellable *cancellable);
/* TRUE when standard input is a terminal (a person may be typing). */
gboolean td_cli_native_stdin_is_terminal (void);

G_END_DECLS
