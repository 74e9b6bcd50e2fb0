/* td-cli-verify.c — `teredo-doctor-cli fix ACTION --verify`: after a fix, run
 * the checks again and say whether it helped
 *
 * The judgement is the backend's (td_knowledge_describe_fix_outcome): a fix
 * helped when none of the findings it addresses is left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "td-async.h"
#include "td-cli.h"
#include "td-knowledge.h"
#include "td-runner.h"

/* Long enough for a restarted client to qualify (miredo needs a few
 * seconds), short enough not to look hung. */
#define VERIFY_CLIENT_WAIT_S 20

int
td_cli_fix_verify (const char *action,
                   gboolean    json)
{
  g_autoptr(TdRunner) runner = td_runner_new (td_platform_native ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TdReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const TdVerdict *verdict;
  gboolean helped = FALSE;

  if (!json)
    {
      printf ("%s\n", _("Checking again…"));
      fflush (stdout);
    }
  td_runner_set_client_wait (runner, VERIFY_CLIENT_WAIT_S);
  td_runner_run_async (runner, td_cli_get_interrupt_cancellable (), td_async_keep_result, &result);
  report = td_runner_run_finish (runner, td_async_wait (&result), &error);
  if (report == NULL)
    {
      g_printerr ("teredo-doctor-cli fix: %s\n", error->message);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? TD_CLI_EXIT_INTERRUPTED
                                                                       : TD_CLI_EXIT_PROBLEM;
    }
  verdict = td_report_get_verdict (report);
  message = td_knowledge_describe_fix_outcome (action, verdict, &helped);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, action);
      json_builder_set_member_name (builder, "helped");
      json_builder_add_boolean_value (builder, helped);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "verdict");
      td_verdict_to_json (verdict, builder);
      json_builder_set_member_name (builder, "findings");
      td_verdict_findings_to_json (verdict, builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      td_cli_print_json (node);
    }
  else
    printf ("%s\n", message);
  return helped ? TD_CLI_EXIT_OK : TD_CLI_EXIT_PROBLEM;
}
