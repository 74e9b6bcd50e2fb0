/* td-lab-wine.h — the Windows build's CLI run under Wine inside a lab namespace
 *
 * A Wine program's sockets are made by its wineserver, so the wineserver
 * must live in the namespace the program is meant to be in.  Each lab gets
 * its own copy of a ready Wine prefix (in the lab's directory); every run
 * starts that prefix's wineserver inside the run's namespace and stops it
 * (`wineserver -k`, then `-w`) before returning, so that the next run, in
 * another namespace, starts a fresh one there and td_lab_destroy() finds no
 * process left.
 *
 * Found through the environment (build-aux/windows/check.sh sets them):
 *   TD_WIN_CLI      the staged teredo-doctor-cli.exe (its DLLs beside it)
 *   TD_WINE_RUN     build-aux/windows/wine-run.sh (default: from
 *                   TD_SOURCE_ROOT)
 *   TD_WINEPREFIX   the ready prefix copied for each lab (default
 *                   /var/cache/teredo-doctor/win64/wineprefix, the one the
 *                   Windows unit suite made)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-lab.h"

G_BEGIN_DECLS

/* FALSE with a message saying what is missing (no Windows CLI, no Wine, no
 * ready prefix). */
gboolean     td_lab_wine_check_environment (GError            **error);

/* Runs `TD_WIN_CLI probe 198.18.0.10 --json EXTRA…` under Wine in @ns and
 * parses the JSON, as td_lab_run_probe() does for the Linux CLI. */
JsonObject  *td_lab_wine_run_probe         (TdLab              *lab,
                                            TdLabNs             ns,
                                            const char * const *extra_args,
                                            guint               timeout_ms,
                                            TdLabRun           *run,
                                            GError            **error);

G_END_DECLS
