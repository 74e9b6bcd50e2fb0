/* td-test-collect.h — collected files assembled the way the help-desk
 * batch file writes them, from the fake-Windows programs, and the live
 * collection of the same programs on PATH
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-host.h"
#include "td-test-fakes.h"

G_BEGIN_DECLS

#define TD_TEST_VER_OUTPUT "\r\nMicrosoft Windows [Version 10.0.19045.3570]\r\n"

/* TD_SOURCE_ROOT/first/… */

/* Runs every command of data/teredo-doctor-collect.bat (the collector's
 * table with `ver` after chcp) through the fake programs in @scenario_dir,
 * stdout and stderr merged as the batch file does, and returns its output
 * file: marker lines, CRLF, the bytes as the programs printed them.  A
 * program missing from the folder answers as cmd does (exit 9009). */
GBytes  *td_test_collect_file    (const char *scenario_dir,
                                  const char *computer,
                                  gboolean    elevated);

/* The same file in UTF-16LE with a byte order mark (PowerShell's ">"). */
GBytes  *td_test_to_utf16le      (GBytes     *utf8);

/* The live Windows collector with @scenario_dir's programs alone
 * (td-test-fakes.h: PATH on Linux, TD_COMMAND_PATH on Windows). */
TdHost  *td_test_collect_live    (const char *scenario_dir);

/* A scenario folder in a new temporary directory: the fake programs
 * (td_test_fakes_add(): links to tests/data/fake-windows/fake-windows.sh on
 * Linux, markers for fake-command.exe on Windows) and @scenario_sh as
 * its scenario.sh (absolute paths).  Removed by td_test_remove_tree(). */
char    *td_test_make_scenario   (const char *scenario_sh);
void     td_test_remove_tree     (const char *dir);

G_END_DECLS
