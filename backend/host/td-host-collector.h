/* td-host-collector.h — the collector core every platform runs on
 *
 * A platform (linux/, windows/, macos/) exports one TdHostPlatform table; the
 * dispatcher (td-host-collect.c) looks it up and drives it: data_new, start
 * (which runs commands through td_host_collector_run), then finish once
 * every command has answered.  The core knows no platform, and no platform
 * calls the dispatcher.
 *
 * The same collector can answer its commands from outputs captured on
 * another machine instead of running them (help-desk files): the platform
 * code cannot tell, so a captured file is read by exactly the code that
 * reads a live machine.
 *
 * Not installed and not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-command.h"
#include "td-host.h"

G_BEGIN_DECLS

typedef struct _TdHostCollector TdHostCollector;

typedef void (*TdHostCommandHandler) (TdHostCollector *collector,
                                      TdCommandResult *result,
                                      gpointer         user_data);

typedef struct {
  TdPlatform       platform;
  /* The platform's private state for one collection. */
  gpointer       (*data_new)  (void);
  GDestroyNotify   data_free;
  /* Starts every command (the collection is held open meanwhile). */
  void           (*start)     (TdHostCollector *collector);
  /* Runs once, when every command has answered, before the result is
   * returned: where a platform turns raw facts into verdicts. */
  void           (*finish)    (TdHostCollector *collector);
} TdHostPlatform;

struct _TdHostCollector {
  TdHost               *host;
  const TdHostPlatform *platform;
  gpointer              platform_data;
  GTask                *task;
  GCancellable         *cancellable;   /* may be NULL */
  guint                 pending;
  GPtrArray            *captured;      /* TdCommandResult *: answers instead
                                        * of running commands; NULL = live */
};

/* Used by the dispatcher: a collection that completes @task with the host. */
TdHostCollector *td_host_collector_new  (const TdHostPlatform *platform,
                                         GPtrArray            *captured,
                                         GCancellable         *cancellable,
                                         GTask                *task);
void             td_host_collector_free (TdHostCollector      *collector);
/* Creates the platform data, then starts the platform under a hold. */
void             td_host_collector_start (TdHostCollector     *collector);

/* Runs one command for the collector (or looks up its captured output);
 * @handler gets the result (already kept as evidence) and must not free
 * it.  The collection completes when every command has answered. */
void td_host_collector_run     (TdHostCollector        *collector,
                                const char * const     *argv,
                                const TdCommandOptions *options,
                                TdHostCommandHandler    handler,
                                gpointer                user_data);
/* For other asynchronous steps (D-Bus calls, chained commands): hold keeps
 * the collection open until the matching release. */
void td_host_collector_hold    (TdHostCollector        *collector);
void td_host_collector_release (TdHostCollector        *collector);
/* TRUE when the commands are answered from captured outputs: the platform
 * must then not read anything of this machine (files, D-Bus, code page). */
gboolean td_host_collector_is_captured (TdHostCollector *collector);

/* Sets the error of @fact from a command that could not run or exited
 * non-zero; returns TRUE (and sets nothing) when the command succeeded. */
gboolean td_host_collector_check (TdHostCollector       *collector,
                                  const char            *fact,
                                  const TdCommandResult *result);

G_END_DECLS
