/* td-fix-private.h — what td-fix.c shares with its per-OS halves
 * (linux/td-fix-linux.c for Unix, windows/td-fix-win32.c), chosen by meson
 *
 * Not installed and not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-fix.h"

G_BEGIN_DECLS

/* The task data of td_fix_run_async(): what td_fix_run_finish_full()
 * reports also when the run failed. */
typedef struct {
  int             exit_status;   /* -1 until the elevated process exited */
  char           *output;        /* what it printed, also when it failed */
  gpointer        native;        /* the per-OS half's own state */
  GDestroyNotify  native_free;
} TdFixRun;

/* Starts @plan, already validated and for this machine's platform, with
 * administrator rights and completes @task (whose data is a TdFixRun):
 * with the output (a string) on success, else with an error, filling the
 * TdFixRun either way. */
void td_fix_native_run (GTask           *task,
                        const TdFixPlan *plan,
                        GCancellable    *cancellable);

G_END_DECLS
