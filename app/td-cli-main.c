/* td-cli-main.c — teredo-doctor-cli: the GTK-free command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "td-app-native.h"
#include "td-cli.h"
#include "td-cli-native.h"

typedef struct {
  const char *name;
  int       (*func) (int argc, char **argv);
  const char *summary;
  gboolean    draws_text;   /* may write a PDF: fonts are set up first */
} TdCliCommand;

static const TdCliCommand commands[] = {
  { "diagnose", td_cli_diagnose, "Run the whole checklist and print one verdict with the fixes", TRUE },
  { "report",   td_cli_report,   "report convert FILE: re-render a saved report", TRUE },
  { "probe",    td_cli_probe,    "Qualify against Teredo servers: reachability, mapping, NAT type", FALSE },
  { "state",    td_cli_state,    "Show the operating system's Teredo client state", FALSE },
  { "clouds",   td_cli_clouds,   "List IPv6 addresses and peer-to-peer clouds (Global_, LinkLocal_…)", FALSE },
  { "firewall", td_cli_firewall, "Show whether an IPv6 firewall is present and active", FALSE },
  { "host",     td_cli_host,     "Everything known about this host, in one report", FALSE },
  { "fix",      td_cli_fix,      "Apply one fix of the allow-list (the GUI runs it elevated: pkexec, UAC)",
    FALSE },
};

static GCancellable *interrupt_cancellable;

GCancellable *
td_cli_get_interrupt_cancellable (void)
{
  if (interrupt_cancellable == NULL)
    {
      interrupt_cancellable = g_cancellable_new ();
      td_cli_native_watch_interrupt (interrupt_cancellable);
    }
  return interrupt_cancellable;
}

void
td_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  puts (text);
}

gboolean
td_cli_parse_options (GOptionContext *context,
                      int            *argc,
                      char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("teredo-doctor-cli %s: %s\n", (*argv)[0], error->message);
      g_printerr ("Try “teredo-doctor-cli %s --help”.\n", (*argv)[0]);
      return FALSE;
    }
  return TRUE;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "Usage: teredo-doctor-cli COMMAND [OPTIONS…]\n\n"
                   "Why is there no global IPv6 connectivity through Teredo?\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream, "\nRun “teredo-doctor-cli COMMAND --help” for the options of a command.\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = td_app_native_localedir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return TD_CLI_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return TD_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("teredo-doctor-cli %s\n", PACKAGE_VERSION);
      return TD_CLI_EXIT_OK;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        /* Before any pango call (PDF export): on Windows the fonts.  Only
         * there, since asking Windows for its UI font needs a desktop,
         * which Wine starts as a process of its own. */
        if (commands[i].draws_text)
          td_app_native_init ();
        return commands[i].func (argc - 1, argv + 1);
      }

  g_printerr ("teredo-doctor-cli: unknown command “%s”\n", argv[1]);
  print_usage (stderr);
  return TD_CLI_EXIT_USAGE;
}
