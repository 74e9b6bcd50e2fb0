/* td-host-collect.h — collect the host model of a platform
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-host.h"

G_BEGIN_DECLS

/* Collects everything about this host (or, with fake commands on PATH, about
 * another platform).  Commands run concurrently; a failing fact is recorded
 * in host->errors and never fails the collection.  Only cancellation fails
 * it (G_IO_ERROR_CANCELLED), and asking for a platform this machine cannot
 * be inspected as (TD_ERROR_NOT_SUPPORTED: Linux on Windows,
 * td-host-native.h). */
void      td_host_collect_async  (TdPlatform           platform,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* The same collection from command outputs captured on another machine
 * (TdCommandResult *, argv as the collector runs it, stdout already UTF-8):
 * each command the platform would run is answered by the LAST captured
 * result with the same argv, and a command that was not captured fails
 * with TD_ERROR_NOT_FOUND.  Nothing is run and nothing of this machine is
 * read. */
void      td_host_collect_captured_async (TdPlatform           platform,
                                          GPtrArray           *captured,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* Finishes either. */
TdHost   *td_host_collect_finish (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
