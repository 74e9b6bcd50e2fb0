/* td-cli.h — sub-commands of teredo-doctor-cli and the helpers they share
 *
 * Each sub-command gets argv with argv[0] = its own name and returns the
 * process exit status: 0 success/healthy, 1 problem found, 2 usage error,
 * 130 interrupted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TD_CLI_EXIT_OK          0
#define TD_CLI_EXIT_PROBLEM     1
#define TD_CLI_EXIT_USAGE       2
#define TD_CLI_EXIT_INTERRUPTED 130

int  td_cli_probe    (int argc, char **argv);   /* td-cli-probe.c */
int  td_cli_state    (int argc, char **argv);   /* td-cli-host.c */
int  td_cli_clouds   (int argc, char **argv);   /* td-cli-host.c */
int  td_cli_firewall (int argc, char **argv);   /* td-cli-host.c */
int  td_cli_host     (int argc, char **argv);   /* td-cli-host.c */
int  td_cli_diagnose (int argc, char **argv);   /* td-cli-diagnose.c */
int  td_cli_report   (int argc, char **argv);   /* td-cli-diagnose.c */
int  td_cli_fix      (int argc, char **argv);   /* td-cli-fix.c */
/* After a fix: the checks again, whether it helped (td-cli-verify.c). */
int  td_cli_fix_verify (const char *action, gboolean json);

/* A GCancellable that an interrupt cancels: SIGINT/SIGTERM, or Ctrl+C /
 * Ctrl+Break / closing the console on Windows (installed once). */
GCancellable *td_cli_get_interrupt_cancellable (void);
/* Iterates the default main context until *done is TRUE. */
/* Pretty-prints @node to stdout followed by a newline. */
void          td_cli_print_json (JsonNode *node);
/* Parses options; on error prints "teredo-doctor-cli CMD: MESSAGE" and the
 * hint to use --help, and returns FALSE (the caller exits 2). */
gboolean      td_cli_parse_options (GOptionContext *context,
                                    int            *argc,
                                    char         ***argv);

G_END_DECLS
