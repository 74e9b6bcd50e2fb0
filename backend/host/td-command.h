/* td-command.h — run one external command asynchronously, with a deadline
 *
 * Every fact the Windows and macOS backends know comes from a console
 * program (netsh, ipconfig, sc, reg, ifconfig…), and the Linux backend asks
 * nft and friends.  Such programs hang, print junk, print megabytes or do not
 * exist; this is the single place that turns all of that into a result with a
 * clear error, so that one broken command degrades one fact and never the run.
 *
 * Programs are looked up on PATH by name (argv arrays only, never a shell),
 * which is also the test seam: tests put fake programs first on PATH.
 * Windows finds its own programs (netsh, sc, reg…) in System32 before PATH,
 * so there the seam is TD_COMMAND_PATH: when set, the only folders searched
 * (separated like PATH).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Defaults; TD_COMMAND_TIMEOUT_MS in the environment overrides the timeout
 * (tests use it to make a hanging command fail fast). */
#define TD_COMMAND_DEFAULT_TIMEOUT_MS  10000
#define TD_COMMAND_DEFAULT_MAX_OUTPUT  (1024 * 1024)

typedef struct {
  char    **argv;          /* as asked for: argv[0] is the bare program name */
  char     *path;          /* where argv[0] was found, NULL if it was not */
  gboolean  exited;        /* the child ran and exited normally */
  int       exit_status;   /* valid when exited; -1 otherwise */
  int       term_signal;   /* signal that ended it, 0 if none */
  char     *stdout_text;   /* decoded to UTF-8; NULL if nothing was captured */
  char     *stderr_text;   /* decoded to UTF-8; NULL if nothing was captured */
  gsize     stdout_bytes;  /* raw byte count before decoding */
  gint64    elapsed_us;    /* spawn to completion, monotonic */
  GError   *error;         /* could not run it / timeout / too large /
                            * cancelled; NULL when the child ran to its end
                            * (whatever its exit status) */
} TdCommandResult;

typedef struct {
  guint       timeout_ms;     /* 0 = default (or TD_COMMAND_TIMEOUT_MS) */
  gsize       max_output;     /* per stream; 0 = TD_COMMAND_DEFAULT_MAX_OUTPUT */
  const char *codepage_hint;  /* passed to td_console_decode(); NULL = guess */
  /* NULL-terminated folders searched after PATH (e.g. "/usr/sbin" for nft,
   * which is not on an unprivileged user's PATH on Debian); NULL = PATH only. */
  const char * const *fallback_dirs;
} TdCommandOptions;

#define TD_TYPE_COMMAND_RESULT (td_command_result_get_type ())
GType            td_command_result_get_type (void) G_GNUC_CONST;
TdCommandResult *td_command_result_copy     (const TdCommandResult *self);
void             td_command_result_free     (TdCommandResult       *self);

/* Runs @argv (argv[0] looked up on PATH, then in options->fallback_dirs).
 * stdin is /dev/null; stdout and stderr are captured separately.  On
 * timeout, on cancellation of @cancellable and when a stream exceeds the
 * size limit, the child and everything it started (its own process group
 * on Unix, its job object on Windows: td-command-native.h) are killed.
 * Without a codepage_hint the output is decoded as the console's code page
 * (td_console_native_codepage()).  @options may be NULL. */
void             td_command_run_async  (const char * const     *argv,
                                        const TdCommandOptions *options,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data);
/* Never NULL: every failure, including cancellation, is in result->error,
 * so that the caller can still keep the result as evidence. */
TdCommandResult *td_command_run_finish (GAsyncResult           *result);

/* Looks @program up on PATH, then in @fallback_dirs (may be NULL); in
 * $TD_COMMAND_PATH alone when that is set (tests; "PROGRAM" or
 * "PROGRAM.exe").  Returns the full path or NULL. */
char            *td_command_find_program (const char         *program,
                                          const char * const *fallback_dirs);

/* The usual check after a run: FALSE with result->error, or with
 * TD_ERROR_FAILED "netsh exited with status 1: <first stderr line>" when the
 * child exited non-zero, or was killed by a signal. */
gboolean         td_command_result_check (const TdCommandResult *self,
                                          GError               **error);

/* "netsh interface teredo show state", for messages. */
char            *td_command_result_dup_command_line (const TdCommandResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdCommandResult, td_command_result_free)

G_END_DECLS
