/* td-cli-fix.c — `teredo-doctor-cli fix`: run one fix of the allow-list
 *
 * This is what the GUI runs elevated (pkexec on Linux, UAC on Windows): the
 * action id and its arguments are validated again here (never trust the
 * caller), and the steps are run as argv arrays with no shell.  On Windows
 * the elevated process cannot hand its output back through a pipe: it
 * writes it to the file named by --log-file, which the GUI made.
 *
 * `fix --elevate ACTION [ARG]` is the GUI's side of it, for people and
 * tests without a display: it goes through exactly the code the "Fix it"
 * button uses (td_fix_run_async(): `pkexec <installed CLI> fix ACTION ARG`,
 * or `teredo-doctor-cli.exe fix --log-file FILE ACTION ARG` through UAC)
 * and reports the elevated process's exit status and output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "td-async.h"
#include "td-cli.h"
#include "td-error.h"
#include "td-fix.h"
#include "td-host.h"

static void
print_list (TdPlatform platform)
{
  const char * const *ids = td_fix_list_actions (platform);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%s", ids[i],
                                               td_fix_action_get_n_args (ids[i]) > 0 ? " ARG" : "");
      printf ("%-28s %s\n", name, td_fix_action_get_title (ids[i]));
    }
}

static JsonNode *
plan_to_json (const TdFixPlan *plan)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) elevated = td_fix_plan_get_elevated_argv (plan, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, plan->action);
  json_builder_set_member_name (builder, "args");
  json_builder_begin_array (builder);
  for (guint i = 0; plan->args[i] != NULL; i++)
    json_builder_add_string_value (builder, plan->args[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, td_platform_to_string (plan->platform));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, td_fix_action_get_title (plan->action));
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->steps->len; i++)
    {
      const TdFixStep *step = g_ptr_array_index (plan->steps, i);
      g_autofree char *description = td_fix_step_describe (step);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
      if (step->kind == TD_FIX_STEP_RUN)
        {
          json_builder_set_member_name (builder, "argv");
          json_builder_begin_array (builder);
          for (guint j = 0; step->argv[j] != NULL; j++)
            json_builder_add_string_value (builder, step->argv[j]);
          json_builder_end_array (builder);
        }
      else if (step->kind == TD_FIX_STEP_SET_START_MIREDO)
        {
          json_builder_set_member_name (builder, "set_start_miredo");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, step->path);
          json_builder_end_object (builder);
        }
      else
        {
          json_builder_set_member_name (builder, "set_miredo_server");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, step->path);
          json_builder_set_member_name (builder, "server");
          json_builder_add_string_value (builder, step->value);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "elevated_argv");
  json_builder_begin_array (builder);
  for (guint i = 0; elevated != NULL && elevated[i] != NULL; i++)
    json_builder_add_string_value (builder, elevated[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  char     *output;
  int       exit_status;
  GError   *error;
} ElevateRun;

static void
elevate_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ElevateRun *run = user_data;

  run->ok = td_fix_run_finish_full (result, &run->output, &run->exit_status, &run->error);
  run->done = TRUE;
}

static JsonNode *
elevate_to_json (const TdFixPlan  *plan,
                 char            **elevated,
                 const ElevateRun *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, plan->action);
  json_builder_set_member_name (builder, "args");
  json_builder_begin_array (builder);
  for (guint i = 0; plan->args[i] != NULL; i++)
    json_builder_add_string_value (builder, plan->args[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "elevated_argv");
  json_builder_begin_array (builder);
  for (guint i = 0; elevated != NULL && elevated[i] != NULL; i++)
    json_builder_add_string_value (builder, elevated[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, run->ok);
  json_builder_set_member_name (builder, "exit_status");
  json_builder_add_int_value (builder, run->exit_status);
  json_builder_set_member_name (builder, "output");
  json_builder_add_string_value (builder, run->output != NULL ? run->output : "");
  json_builder_set_member_name (builder, "error");
  if (run->error == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, td_error_code_to_string (run->error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, run->error->message);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* --log-file: what the run printed and, when it failed, why, for the
 * process that started this one elevated (it cannot read our output).
 * TRUE when there is no such file or it was written. */
static gboolean
write_log (const char    *log_file,
           const GString *log,
           const GError  *failure)
{
  g_autoptr(GString) text = g_string_new (log != NULL ? log->str : "");
  g_autoptr(GError) error = NULL;

  if (log_file == NULL)
    return TRUE;
  if (failure != NULL)
    g_string_append_printf (text, "teredo-doctor-cli fix: %s\n", failure->message);
  if (!td_fix_write_log_file (log_file, text->str, &error))
    {
      g_printerr ("teredo-doctor-cli fix: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Runs @plan the way the GUI does and reports what happened. */
static int
run_elevated (const TdFixPlan *plan,
              gboolean         json)
{
  g_auto(GStrv) elevated = td_fix_plan_get_elevated_argv (plan, NULL);
  g_autofree char *shown = elevated != NULL ? g_strjoinv (" ", elevated) : g_strdup ("");
  ElevateRun run = { .exit_status = -1 };
  int status;

  if (!json)
    printf ("$ %s\n", shown);
  fflush (stdout);
  td_fix_run_async (plan, td_cli_get_interrupt_cancellable (), elevate_done_cb, &run);
  td_async_wait_until (&run.done);

  if (json)
    {
      g_autoptr(JsonNode) node = elevate_to_json (plan, elevated, &run);
      td_cli_print_json (node);
    }
  else if (run.output != NULL && *run.output != '\0')
    printf ("%s\n", run.output);

  if (run.ok)
    {
      if (!json)
        printf ("%s\n", _("The fix was applied (exit status 0)."));
      status = TD_CLI_EXIT_OK;
    }
  else
    {
      g_printerr ("teredo-doctor-cli fix: %s\n", run.error->message);
      if (run.exit_status >= 0)
        {
          /* Translators: %s is a program (pkexec), %d its exit status. */
          g_autofree char *line = g_strdup_printf (_("%s exited with status %d."),
                                                   elevated != NULL ? elevated[0] : "?",
                                                   run.exit_status);
          g_printerr ("teredo-doctor-cli fix: %s\n", line);
        }
      status = g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                 ? TD_CLI_EXIT_INTERRUPTED : TD_CLI_EXIT_PROBLEM;
    }
  g_free (run.output);
  g_clear_error (&run.error);
  return status;
}

int
td_cli_fix (int    argc,
            char **argv)
{
  gboolean dry_run = FALSE;
  gboolean elevate = FALSE;
  gboolean verify = FALSE;
  gboolean list = FALSE;
  gboolean json = FALSE;
  g_autofree char *platform_name = NULL;
  g_autofree char *log_file = NULL;
  TdPlatform platform = td_platform_native ();
  GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Print the steps without running them"), NULL },
    { "elevate", 'e', 0, G_OPTION_ARG_NONE, &elevate,
      N_("Run the fix with administrator rights the way the graphical application does "
         "(pkexec and polkit on Linux, UAC on Windows), and report its exit status and "
         "output"), NULL },
    { "verify", 'v', 0, G_OPTION_ARG_NONE, &verify,
      N_("After the fix, run the checks again and say whether it helped (exit status 1 when "
         "it did not)"), NULL },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list,
      N_("List the fixes available on the platform"), NULL },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_name,
      N_("The platform whose fixes to use (linux, windows); only with --dry-run or --list"),
      N_("PLATFORM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("With --dry-run: print the plan as JSON; with --elevate: the outcome"), NULL },
    { "log-file", 0, 0, G_OPTION_ARG_FILENAME, &log_file,
      N_("Also write the output and the outcome of the fix to FILE, an existing file "
         "(how the elevated process reports back on Windows)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TdFixPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = NULL;

  context = g_option_context_new (_("ACTION [ARGUMENT] — apply one fix of the allow-list"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Runs one of the fixes Teredo Doctor knows, with administrator "
                                  "rights (the graphical application starts it through pkexec or UAC). "
                                  "Use --list to see them."));
  if (!td_cli_parse_options (context, &argc, &argv))
    return TD_CLI_EXIT_USAGE;

  if (platform_name != NULL && !td_platform_from_string (platform_name, &platform))
    {
      g_printerr ("teredo-doctor-cli fix: %s\n", _("unknown platform (use linux or windows)"));
      return TD_CLI_EXIT_USAGE;
    }

  if (list)
    {
      print_list (platform);
      return TD_CLI_EXIT_OK;
    }

  if (argc < 2)
    {
      g_printerr ("teredo-doctor-cli fix: %s\n", _("missing ACTION (see --list)"));
      return TD_CLI_EXIT_USAGE;
    }

  plan = td_fix_plan_new (argv[1], (const char * const *) argv + 2, platform, &error);
  if (plan == NULL)
    {
      g_printerr ("teredo-doctor-cli fix: %s\n", error->message);
      write_log (log_file, NULL, error);
      return TD_CLI_EXIT_USAGE;
    }

  if (dry_run && elevate)
    {
      g_printerr ("teredo-doctor-cli fix: %s\n", _("--dry-run and --elevate exclude each other"));
      return TD_CLI_EXIT_USAGE;
    }

  if (dry_run)
    {
      if (json)
        {
          g_autoptr(JsonNode) node = plan_to_json (plan);
          td_cli_print_json (node);
        }
      else
        for (guint i = 0; i < plan->steps->len; i++)
          {
            g_autofree char *line = td_fix_step_describe (g_ptr_array_index (plan->steps, i));
            printf ("%s\n", line);
          }
      return TD_CLI_EXIT_OK;
    }

  if (platform != td_platform_native () || (json && !elevate))
    {
      g_printerr ("teredo-doctor-cli fix: %s\n",
                  json ? _("--json needs --dry-run or --elevate")
                       : _("a fix for another platform can only be shown with --dry-run"));
      return TD_CLI_EXIT_USAGE;
    }

  if (elevate)
    {
      int status = run_elevated (plan, json && !verify);

      return status == TD_CLI_EXIT_OK && verify ? td_cli_fix_verify (plan->action, json) : status;
    }

  log = g_string_new (NULL);
  if (!td_fix_plan_execute (plan, NULL, log, &error))
    {
      fputs (log->str, stdout);
      g_printerr ("teredo-doctor-cli fix: %s\n", error->message);
      write_log (log_file, log, error);
      return TD_CLI_EXIT_PROBLEM;
    }
  fputs (log->str, stdout);
  if (!write_log (log_file, log, NULL))
    return TD_CLI_EXIT_PROBLEM;
  return verify ? td_cli_fix_verify (plan->action, FALSE) : TD_CLI_EXIT_OK;
}
