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
/* Makes standard input give the bytes as they are, before the collected
 * output is read from it: on Windows a pipe or a redirected file is read in
 * binary mode (text mode would turn CR LF into LF inside UTF-16 text and
 * stop at the first 0x1A byte); a console keeps its line editing.  Nothing
 * to do on Unix. */
void     td_cli_native_prepare_stdin      (void);
/* The keys that end typed input at a terminal, for the prompt: "Ctrl+D" on
 * Unix, "Ctrl+Z, Enter" on Windows (translated). */
const char *td_cli_native_end_of_input_keys (void);

G_END_DECLS
