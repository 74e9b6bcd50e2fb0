/* test-fix.c — the allow-list of privileged fixes: validation, the exact
 * argv of every action, miredo.conf rewriting, execution and elevation
 *
 * pkexec, powershell, systemctl and nft are replaced by recorders on PATH:
 * nothing here changes the system (except the nftables test, which runs in
 * a network namespace of its own and needs root).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "td-async.h"
#include "td-error.h"
#include "td-fix.h"
#include "td-remedy.h"
#include "td-report.h"
#include "td-test-fakes.h"

/* A recorder: appends its name and each argument on a line, then "--end--";
 * prints the file "output" and exits with the number in the file "exit",
 * both next to its folder when present.  Files rather than environment
 * variables, so that the tests never call setenv() once threads run. */
static const char recorder_script[] =
  "#!/bin/sh\n"
  "dir=$(dirname \"$(dirname \"$0\")\")\n"
  "{ basename \"$0\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; echo --end--; } >> \"$dir/log\"\n"
  "if [ -f \"$dir/output\" ]; then cat \"$dir/output\"; fi\n"
  "if [ -f \"$dir/exit\" ]; then exit \"$(cat \"$dir/exit\")\"; fi\n"
  "exit 0\n";

/* One set of recorders for the whole program, first on PATH. */
typedef struct {
  char *dir;
  char *bin;
  char *log;
  char *full_path;   /* PATH with the recorders first */
  char *only_path;   /* an empty folder: PATH where nothing is found */
} Fakes;

static Fakes fakes;
static char *original_path;   /* PATH before the recorders */

static void
fakes_init (void)
{
  g_autoptr(GError) error = NULL;
  const char *programs[] = { "pkexec", "powershell", "systemctl", "nft" };

  fakes.dir = g_dir_make_tmp ("td-test-fix-XXXXXX", &error);
  g_assert_no_error (error);
  fakes.bin = g_build_filename (fakes.dir, "bin", NULL);
  fakes.log = g_build_filename (fakes.dir, "log", NULL);
  g_assert_cmpint (g_mkdir (fakes.bin, 0755), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *file = g_build_filename (fakes.bin, programs[i], NULL);

      g_file_set_contents (file, recorder_script, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (file, 0755), ==, 0);
    }

  original_path = g_strdup (g_getenv ("PATH"));
  /* On Windows PATH also finds the DLLs of the programs the tests start. */
  if (td_test_fakes_are_exes ())
    fakes.full_path = g_strjoin (G_SEARCHPATH_SEPARATOR_S, fakes.bin, original_path, NULL);
  else
    fakes.full_path = g_strdup_printf ("%s:/usr/bin:/bin", fakes.bin);
  fakes.only_path = g_build_filename (fakes.dir, "empty", NULL);
  g_assert_cmpint (g_mkdir (fakes.only_path, 0755), ==, 0);
  g_setenv ("PATH", fakes.full_path, TRUE);
  /* The systemd plans, whatever runs this machine, and no running miredo
   * (test-fix-miredo.c covers the init script and the detection). */
  g_setenv ("TD_FIX_INIT", "systemd", TRUE);
  g_setenv ("TD_PROC_ROOT", fakes.only_path, TRUE);
  /* Where miredo-set-server writes (pkexec would clear this variable). */
  {
    g_autofree char *conf = g_build_filename (fakes.dir, "miredo.conf", NULL);
    g_setenv ("TD_MIREDO_CONF", conf, TRUE);
  }
}

static void
fake_file (const char *name,
           const char *contents)
{
  g_autofree char *path = g_build_filename (fakes.dir, name, NULL);

  if (contents == NULL)
    g_unlink (path);
  else
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* Before each use: an empty log, success, no output. */
static void
fakes_reset (void)
{
  fake_file ("log", NULL);
  fake_file ("exit", NULL);
  fake_file ("output", NULL);
  fake_file ("miredo.conf", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
fakes_read_log (void)
{
  char *text = NULL;

  if (!g_file_get_contents (fakes.log, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* The steps of a plan as "argv words joined by |", one per line. */
static char *
plan_to_text (const TdFixPlan *plan)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < plan->steps->len; i++)
    {
      const TdFixStep *step = g_ptr_array_index (plan->steps, i);

      if (step->kind == TD_FIX_STEP_RUN)
        {
          g_autofree char *joined = g_strjoinv ("|", step->argv);
          g_string_append_printf (out, "%s\n", joined);
        }
      else
        g_string_append_printf (out, "SET-MIREDO-SERVER %s %s\n", step->path, step->value);
    }
  return g_string_free (out, FALSE);
}

static TdFixPlan *
plan_or_fail (const char *action,
              const char *arg,
              TdPlatform  platform)
{
  const char *args[] = { arg, NULL };
  g_autoptr(GError) error = NULL;
  TdFixPlan *plan = td_fix_plan_new (action, args, platform, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

/* ── validation ── */

static void
test_validate_server (void)
{
  const char *good[] = {
    "win10.ipv6.microsoft.com", "teredo.remlab.net", "a", "x-1.example", "198.18.0.10",
    "1.2.3.4", "255.255.255.255", "0.0.0.0", "UPPER.Example.ORG", "a1.b2",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",  /* 63 */
  };
  const char *bad[] = {
    "", "-a.com", "a-.com", "a..b", ".a", "a.", "1.2.3.999", "1.2.3", "01.2.3.4", "1.2.3.4.5",
    "a b", "a;b", "a'b", "a\"b", "$(reboot)", "`id`", "a|b", "a&b", "ä.com", "a/b", "a\\b",
    "--help", "-x", "a_b.com", "a\nb", "*.com", "a:3544",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",  /* 64 */
  };
  g_autoptr(GString) long_name = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("good: %s", good[i]);
      g_assert_true (td_fix_validate_server (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad: %s", bad[i]);
      g_assert_false (td_fix_validate_server (bad[i], &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (error->message);
    }

  /* 254 characters in labels of 50: too long even though each label fits. */
  while (long_name->len < 254)
    g_string_append (long_name, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
  g_string_truncate (long_name, 254);
  if (long_name->str[253] == '.')
    long_name->str[253] = 'a';
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (td_fix_validate_server (long_name->str, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT);
  }
  g_assert_false (td_fix_validate_server (NULL, NULL));
}

static void
test_validate_port (void)
{
  const char *good[] = { "1", "3074", "3544", "65535", "80" };
  const char *bad[] = { "", "0", "65536", "99999", "-1", "+1", "01", "3074 ", " 3074", "1e3",
                        "0x10", "123456", "port", "3544;reboot" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (td_fix_validate_port (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad port: “%s”", bad[i]);
      g_assert_false (td_fix_validate_port (bad[i], &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT);
    }
  g_assert_false (td_fix_validate_port (NULL, NULL));
}

/* ── plans ── */

static void
assert_plan (const char *action,
             const char *arg,
             TdPlatform  platform,
             const char *expected)
{
  g_autoptr(TdFixPlan) plan = plan_or_fail (action, arg, platform);
  g_autofree char *text = plan_to_text (plan);

  g_assert_cmpstr (plan->action, ==, action);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_plan_linux (void)
{
  assert_plan ("miredo-start", NULL, TD_PLATFORM_LINUX, "systemctl|start|miredo.service\n");
  assert_plan ("miredo-restart", NULL, TD_PLATFORM_LINUX, "systemctl|restart|miredo.service\n");
  assert_plan ("miredo-enable", NULL, TD_PLATFORM_LINUX,
               "systemctl|enable|--now|miredo.service\n");
  assert_plan ("miredo-set-server", "win10.ipv6.microsoft.com", TD_PLATFORM_LINUX,
               "SET-MIREDO-SERVER /etc/miredo/miredo.conf win10.ipv6.microsoft.com\n"
               "systemctl|restart|miredo.service\n");
  /* Its accept could not override a drop in another base chain, and its
   * "udp sport 3544 accept" opened a bypass: gone from the allow-list. */
  g_assert_false (td_fix_action_exists ("nft-allow-teredo", TD_PLATFORM_LINUX));
  assert_plan ("nft-remove-teredo", NULL, TD_PLATFORM_LINUX,
               "nft|delete|table|inet|teredo_doctor\n");

  /* Every listed action builds (with a valid argument when it takes one). */
  for (const char * const *id = td_fix_list_actions (TD_PLATFORM_LINUX); *id != NULL; id++)
    {
      g_autoptr(TdFixPlan) plan =
        plan_or_fail (*id, td_fix_action_get_n_args (*id) > 0 ? "198.18.0.10" : NULL,
                      TD_PLATFORM_LINUX);
      g_assert_nonnull (td_fix_action_get_title (*id));
      g_assert_cmpuint (plan->steps->len, >, 0);
    }
  g_assert_cmpuint (g_strv_length ((char **) td_fix_list_actions (TD_PLATFORM_MACOS)), ==, 0);
}

static void
test_plan_windows (void)
{
  assert_plan ("teredo-enterpriseclient", NULL, TD_PLATFORM_WINDOWS,
               "netsh|interface|teredo|set|state|type=enterpriseclient\n");
  assert_plan ("teredo-default", NULL, TD_PLATFORM_WINDOWS,
               "netsh|interface|teredo|set|state|type=default\n");
  assert_plan ("teredo-set-server", "win1910.ipv6.microsoft.com", TD_PLATFORM_WINDOWS,
               "netsh|interface|teredo|set|state|servername=win1910.ipv6.microsoft.com\n");
  assert_plan ("teredo-set-server", "default", TD_PLATFORM_WINDOWS,
               "netsh|interface|teredo|set|state|servername=default\n");
  assert_plan ("teredo-client-port", "3074", TD_PLATFORM_WINDOWS,
               "netsh|interface|teredo|set|state|clientport=3074\n");
  assert_plan ("iphlpsvc-restart", NULL, TD_PLATFORM_WINDOWS,
               "powershell|-NoProfile|-NonInteractive|-Command|Restart-Service -Name iphlpsvc -Force\n");
  assert_plan ("iphlpsvc-auto", NULL, TD_PLATFORM_WINDOWS, "sc.exe|config|iphlpsvc|start=|auto\n");
  assert_plan ("iphlpsvc-start", NULL, TD_PLATFORM_WINDOWS, "sc.exe|start|iphlpsvc\n");
  assert_plan ("mpssvc-auto", NULL, TD_PLATFORM_WINDOWS, "sc.exe|config|MpsSvc|start=|auto\n");
  assert_plan ("mpssvc-start", NULL, TD_PLATFORM_WINDOWS, "sc.exe|start|MpsSvc\n");
  assert_plan ("disabled-components-set", "0x20", TD_PLATFORM_WINDOWS,
               "reg|add|HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters|/v|"
               "DisabledComponents|/t|REG_DWORD|/d|0x20|/f\n");
  /* A reset needs a reboot between its steps: never one action. */
  g_assert_false (td_fix_action_exists ("teredo-reset", TD_PLATFORM_WINDOWS));
  assert_plan ("firewall-on", NULL, TD_PLATFORM_WINDOWS,
               "netsh|advfirewall|set|allprofiles|state|on\n");

  for (const char * const *id = td_fix_list_actions (TD_PLATFORM_WINDOWS); *id != NULL; id++)
    {
      g_autoptr(TdFixPlan) plan =
        plan_or_fail (*id,
                      td_fix_action_get_n_args (*id) == 0 ? NULL
                      : g_str_equal (*id, "teredo-client-port") ? "3544"
                      : g_str_equal (*id, "disabled-components-set") ? "0x20" : "198.18.0.10",
                      TD_PLATFORM_WINDOWS);
      g_assert_cmpuint (plan->steps->len, >, 0);
    }
}

static void
test_plan_errors (void)
{
  struct {
    const char *action;
    const char *args[3];
    TdPlatform  platform;
    int         code;
    const char *in_message;
  } cases[] = {
    { "rm-rf", { NULL }, TD_PLATFORM_LINUX, TD_ERROR_INVALID_ARGUMENT, "rm-rf" },
    { "", { NULL }, TD_PLATFORM_LINUX, TD_ERROR_INVALID_ARGUMENT, "not a known fix" },
    { "teredo-default", { NULL }, TD_PLATFORM_LINUX, TD_ERROR_NOT_SUPPORTED, "linux" },
    { "miredo-restart", { NULL }, TD_PLATFORM_WINDOWS, TD_ERROR_NOT_SUPPORTED, "windows" },
    { "miredo-restart", { "extra", NULL }, TD_PLATFORM_LINUX, TD_ERROR_INVALID_ARGUMENT,
      "takes 0 arguments, not 1" },
    { "miredo-set-server", { NULL }, TD_PLATFORM_LINUX, TD_ERROR_INVALID_ARGUMENT,
      "takes 1 argument, not 0" },
    { "miredo-set-server", { "a", "b", NULL }, TD_PLATFORM_LINUX, TD_ERROR_INVALID_ARGUMENT,
      "not 2" },
    { "miredo-set-server", { "x;reboot", NULL }, TD_PLATFORM_LINUX, TD_ERROR_INVALID_ARGUMENT,
      "x;reboot" },
    { "miredo-set-server", { "default", NULL }, TD_PLATFORM_LINUX, TD_ERROR_INVALID_ARGUMENT,
      NULL },  /* "default" is a valid *name*: accepted, see below */
    { "teredo-set-server", { "win10.ipv6.microsoft.com' ; Remove-Item", NULL },
      TD_PLATFORM_WINDOWS, TD_ERROR_INVALID_ARGUMENT, "Remove-Item" },
    { "teredo-client-port", { "0", NULL }, TD_PLATFORM_WINDOWS, TD_ERROR_INVALID_ARGUMENT,
      "between 1 and 65535" },
    { "teredo-client-port", { "3074,3075", NULL }, TD_PLATFORM_WINDOWS,
      TD_ERROR_INVALID_ARGUMENT, "3074,3075" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TdFixPlan) plan = td_fix_plan_new (cases[i].action, cases[i].args,
                                                   cases[i].platform, &error);

      g_test_message ("case %u: %s", i, cases[i].action);
      if (cases[i].in_message == NULL)
        {
          /* miredo-set-server default: "default" is a plain host name. */
          g_assert_no_error (error);
          g_assert_nonnull (plan);
          continue;
        }
      g_assert_null (plan);
      g_assert_error (error, TD_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }

  g_assert_false (td_fix_action_exists ("rm-rf", TD_PLATFORM_LINUX));
  g_assert_false (td_fix_action_exists ("firewall-on", TD_PLATFORM_LINUX));
  g_assert_true (td_fix_action_exists ("firewall-on", TD_PLATFORM_WINDOWS));
  g_assert_cmpint (td_fix_action_get_n_args ("nope"), ==, -1);
  g_assert_null (td_fix_action_get_title ("nope"));
}

static void
test_describe (void)
{
  g_autoptr(TdFixPlan) restart = plan_or_fail ("iphlpsvc-restart", NULL, TD_PLATFORM_WINDOWS);
  g_autoptr(TdFixPlan) server = plan_or_fail ("miredo-set-server", "198.18.0.10",
                                              TD_PLATFORM_LINUX);
  g_autofree char *command = td_fix_step_describe (g_ptr_array_index (restart->steps, 0));
  g_autofree char *set = td_fix_step_describe (g_ptr_array_index (server->steps, 0));

  g_assert_cmpstr (command, ==,
                   "powershell -NoProfile -NonInteractive -Command "
                   "'Restart-Service -Name iphlpsvc -Force'");
  g_assert_nonnull (strstr (set, "ServerAddress 198.18.0.10"));
  g_assert_nonnull (strstr (set, "/etc/miredo/miredo.conf"));
}

/* ── elevation ── */

static void
test_elevated_linux (void)
{
  g_autoptr(TdFixPlan) plan = plan_or_fail ("miredo-set-server", "teredo.example.net",
                                            TD_PLATFORM_LINUX);
  g_auto(GStrv) argv = td_fix_plan_get_elevated_argv (plan, "/usr/bin/teredo-doctor-cli");
  const char *expected[] = { "pkexec", "/usr/bin/teredo-doctor-cli", "fix", "miredo-set-server",
                             "teredo.example.net", NULL };
  g_autofree char *cli = td_fix_get_cli_path ();

  g_assert_cmpstrv (argv, expected);
  g_assert_true (g_path_is_absolute (cli));
  if (g_getenv ("TD_CLI") != NULL)
    g_assert_cmpstr (cli, ==, g_getenv ("TD_CLI"));
}

static void
test_elevated_windows (void)
{
  g_autoptr(TdFixPlan) port = plan_or_fail ("teredo-client-port", "3074", TD_PLATFORM_WINDOWS);
  g_autoptr(TdFixPlan) server = plan_or_fail ("teredo-set-server", "default", TD_PLATFORM_WINDOWS);
  const char *cli = "C:\\Program Files\\Teredo Doctor\\bin\\teredo-doctor-cli.exe";
  g_auto(GStrv) argv = td_fix_plan_get_elevated_argv (port, cli);
  g_auto(GStrv) described = td_fix_plan_get_elevated_argv (server, NULL);
  const char *expected[] = { cli, "fix", "teredo-client-port", "3074", NULL };
  struct {
    const char *log;
    const char *parameters;
  } cases[] = {
    { NULL, "fix teredo-client-port 3074" },
    { "C:\\Temp\\fix.log", "fix --log-file C:\\Temp\\fix.log teredo-client-port 3074" },
    /* Blanks: quoted; backslashes stay single unless they end up before a
     * quote, where CommandLineToArgvW() would read them as escapes. */
    { "C:\\Users\\A B\\AppData\\Local\\Temp\\teredo-doctor-fix-1.log",
      "fix --log-file \"C:\\Users\\A B\\AppData\\Local\\Temp\\teredo-doctor-fix-1.log\" "
      "teredo-client-port 3074" },
    { "C:\\A B\\", "fix --log-file \"C:\\A B\\\\\" teredo-client-port 3074" },
    { "a\"b c", "fix --log-file \"a\\\"b c\" teredo-client-port 3074" },
    { "a\\\"b", "fix --log-file \"a\\\\\\\"b\" teredo-client-port 3074" },
    { "", "fix --log-file \"\" teredo-client-port 3074" },
  };

  g_assert_cmpstrv (argv, expected);
  /* Described anywhere; the program is this machine's own CLI only here. */
  g_assert_true (g_str_has_suffix (described[0], "teredo-doctor-cli.exe"));
  g_assert_cmpstr (described[1], ==, "fix");
  g_assert_cmpstr (described[2], ==, "teredo-set-server");
  g_assert_cmpstr (described[3], ==, "default");
  g_assert_null (described[4]);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parameters = td_fix_plan_get_windows_parameters (port, cases[i].log);

      g_test_message ("log %s", cases[i].log ? cases[i].log : "(none)");
      g_assert_cmpstr (parameters, ==, cases[i].parameters);
    }
}

/* ── miredo.conf ── */

static void
test_miredo_conf (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    /* replaced in place, comments kept */
    { "# Debian default\nInterfaceName teredo\nServerAddress teredo-debian.remlab.net\n",
      "# Debian default\nInterfaceName teredo\nServerAddress 198.18.0.10\n" },
    /* appended when absent; a missing final newline is added */
    { "InterfaceName teredo", "InterfaceName teredo\nServerAddress 198.18.0.10\n" },
    { "", "ServerAddress 198.18.0.10\n" },
    /* the second and ServerAddress2 are commented out; case and blanks as miredo */
    { "  serveraddress a.example\nServerAddress2 b.example\nSERVERADDRESS\tc.example\n",
      "ServerAddress 198.18.0.10\n# ServerAddress2 b.example\n# SERVERADDRESS\tc.example\n" },
    /* commented directives and look-alikes are left alone */
    { "#ServerAddress old.example\nServerAddressX y\n",
      "#ServerAddress old.example\nServerAddressX y\nServerAddress 198.18.0.10\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = td_fix_rewrite_miredo_conf (cases[i].in, "198.18.0.10");

      g_test_message ("case %u", i);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* ── execution (what the CLI does under pkexec) ── */

static void
test_execute (void)
{
  g_autoptr(TdFixPlan) plan = plan_or_fail ("miredo-set-server", "win10.ipv6.microsoft.com",
                                            TD_PLATFORM_LINUX);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *recorded = NULL;

  /* The recorders standing in for pkexec, systemctl and nft are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  fakes_reset ();
  conf = g_build_filename (fakes.dir, "miredo.conf", NULL);
  g_file_set_contents (conf, "InterfaceName teredo\nServerAddress teredo.remlab.net\n", -1, &error);
  g_assert_no_error (error);
  fake_file ("output", "restarted\n");

  g_assert_true (td_fix_plan_execute (plan, NULL, log, &error));
  g_assert_no_error (error);

  g_file_get_contents (conf, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "InterfaceName teredo\nServerAddress win10.ipv6.microsoft.com\n");
  recorded = fakes_read_log ();
  g_assert_cmpstr (recorded, ==, "systemctl\nrestart\nmiredo.service\n--end--\n");
  g_assert_nonnull (strstr (log->str, "$ systemctl restart miredo.service\nrestarted\n"));

}

static void
test_execute_failure (void)
{
  g_autoptr(TdFixPlan) plan = plan_or_fail ("nft-remove-teredo", NULL, TD_PLATFORM_LINUX);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;

  /* The recorders standing in for pkexec, systemctl and nft are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  fakes_reset ();
  fake_file ("exit", "1");
  fake_file ("output", "Error: Could not process rule\n");

  g_assert_false (td_fix_plan_execute (plan, NULL, log, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nft delete table inet teredo_doctor"));
  g_assert_nonnull (strstr (error->message, "exit status 1"));
  /* It ran that one step and reported its output. */
  recorded = fakes_read_log ();
  g_assert_cmpstr (recorded, ==, "nft\ndelete\ntable\ninet\nteredo_doctor\n--end--\n");
  g_assert_nonnull (strstr (log->str, "Error: Could not process rule"));

}

static void
test_execute_missing_program (void)
{
  /* netsh exists nowhere here: the error names it, nothing else runs. */
  g_autoptr(TdFixPlan) plan = plan_or_fail ("teredo-default", NULL, TD_PLATFORM_WINDOWS);
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;

  /* The recorders standing in for pkexec, systemctl and nft are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  fakes_reset ();
  g_assert_false (td_fix_plan_execute (plan, NULL, NULL, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "netsh"));
  recorded = fakes_read_log ();
  g_assert_cmpstr (recorded, ==, "");
}

/* ── the GUI side: running the elevated argv ── */

typedef struct {
  gboolean  done;
  gboolean  ok;
  char     *output;
  GError   *error;
} RunResult;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  RunResult *run = user_data;

  run->ok = td_fix_run_finish (result, &run->output, &run->error);
  run->done = TRUE;
}

static void
run_plan (const TdFixPlan *plan,
          RunResult       *run)
{
  td_fix_run_async (plan, NULL, run_cb, run);
  td_async_wait_until (&run->done);
}

static void
test_run_pkexec (void)
{
  g_autoptr(TdFixPlan) plan = plan_or_fail ("nft-remove-teredo", NULL, TD_PLATFORM_LINUX);
  RunResult run = { 0 };
  g_autofree char *recorded = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *cli = td_fix_get_cli_path ();

  /* The recorders standing in for pkexec, systemctl and nft are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  fakes_reset ();
  fake_file ("output", "done\n");
  run_plan (plan, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpstr (run.output, ==, "done");

  recorded = fakes_read_log ();
  expected = g_strdup_printf ("pkexec\n%s\nfix\nnft-remove-teredo\n--end--\n", cli);
  g_assert_cmpstr (recorded, ==, expected);

  g_free (run.output);
}

static void
test_run_pkexec_errors (void)
{
  struct {
    const char *exit_status;
    const char *output;
    int         code;
    const char *in_message;
  } cases[] = {
    { "126", NULL, TD_ERROR_PERMISSION, "cancelled" },
    { "127", NULL, TD_ERROR_PERMISSION, "not authorized" },
    { "1", "Job for miredo.service failed.", TD_ERROR_FAILED, "Job for miredo.service failed." },
    { "2", NULL, TD_ERROR_FAILED, "exit status 2" },
  };

  /* The recorders standing in for pkexec, systemctl and nft are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
          g_autoptr(TdFixPlan) plan = plan_or_fail ("miredo-restart", NULL, TD_PLATFORM_LINUX);
      RunResult run = { 0 };

      fakes_reset ();
      fake_file ("exit", cases[i].exit_status);
      if (cases[i].output != NULL)
        fake_file ("output", cases[i].output);
      run_plan (plan, &run);

      g_test_message ("exit %s: %s", cases[i].exit_status,
                      run.error ? run.error->message : "(no error)");
      g_assert_false (run.ok);
      g_assert_error (run.error, TD_ERROR, cases[i].code);
      g_assert_nonnull (strstr (run.error->message, cases[i].in_message));
      g_clear_error (&run.error);
    }
}

static void
test_run_no_pkexec (void)
{
  g_autoptr(TdFixPlan) plan = plan_or_fail ("miredo-restart", NULL, TD_PLATFORM_LINUX);
  RunResult run = { 0 };

  /* The recorders standing in for pkexec, systemctl and nft are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  fakes_reset ();
  g_setenv ("PATH", fakes.only_path, TRUE);
  run_plan (plan, &run);
  g_setenv ("PATH", fakes.full_path, TRUE);
  g_assert_false (run.ok);
  g_assert_error (run.error, TD_ERROR, TD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (run.error->message, "pkexec"));
  g_clear_error (&run.error);
}

/* Each system elevates its own fixes only: a plan of another platform is
 * refused before anything starts. */
static void
test_run_other_platform (void)
{
  TdPlatform other = td_platform_native () == TD_PLATFORM_WINDOWS ? TD_PLATFORM_LINUX
                                                                  : TD_PLATFORM_WINDOWS;
  g_autoptr(TdFixPlan) plan = plan_or_fail (other == TD_PLATFORM_WINDOWS ? "teredo-default"
                                                                         : "miredo-start",
                                            NULL, other);
  RunResult run = { 0 };
  g_autofree char *recorded = NULL;

  fakes_reset ();
  run_plan (plan, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, TD_ERROR, TD_ERROR_NOT_SUPPORTED);
  recorded = fakes_read_log ();
  g_assert_cmpstr (recorded, ==, "");
  g_clear_error (&run.error);
}

/* The elevated CLI's --log-file: only an existing regular file of its own. */
static void
test_log_file (void)
{
  g_autofree char *path = g_build_filename (fakes.dir, "fix.log", NULL);
  g_autofree char *missing = g_build_filename (fakes.dir, "no-such.log", NULL);
  g_autofree char *link = g_build_filename (fakes.dir, "link.log", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) link_file = g_file_new_for_path (link);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "something longer than the log\n", -1, NULL));
  g_assert_true (td_fix_write_log_file (path, "$ netsh\nOk.\n", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "$ netsh\nOk.\n");

  g_assert_false (td_fix_write_log_file (missing, "x", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* A link planted where the log should be is never followed. */
  if (g_file_make_symbolic_link (link_file, path, NULL, NULL))
    {
      g_assert_false (td_fix_write_log_file (link, "evil", &error));
      g_clear_error (&error);
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "$ netsh\nOk.\n");
      g_unlink (link);
    }
  else
    g_test_message ("no symbolic links here: that case is not checked");
  g_unlink (path);
}

/* ── may the GUI offer "Fix it"? ── */

static void
test_is_runnable (void)
{
  /* This machine's fixes are runnable, the other platform's never. */
  gboolean on_windows = td_platform_native () == TD_PLATFORM_WINDOWS;
  const char *native = on_windows ? "windows" : "linux";
  const char *argv[] = { "teredo-doctor-cli", "fix", "miredo-restart", NULL };
  g_autoptr(TdRemedy) remedy = td_remedy_new (native, "Restart", NULL, argv, TRUE, FALSE);
  g_autoptr(TdRemedy) manual = td_remedy_new (native, "Ask your ISP", NULL, NULL, FALSE, FALSE);
  g_autoptr(TdRemedy) bad_args = td_remedy_new (native, "Set the server", NULL, NULL, TRUE, FALSE);
  g_autoptr(TdRemedy) other = td_remedy_new (on_windows ? "linux" : "windows", "Reset", NULL, NULL,
                                             TRUE, FALSE);
  const char *evil[] = { "x;reboot", NULL };
  g_autoptr(TdReport) live = td_report_new ();
  g_autoptr(TdReport) loaded = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  td_remedy_set_fix (remedy, on_windows ? "iphlpsvc-restart" : "miredo-restart", NULL);
  td_remedy_set_fix (bad_args, on_windows ? "teredo-set-server" : "miredo-set-server", evil);
  td_remedy_set_fix (other, on_windows ? "miredo-start" : "teredo-default", NULL);
  td_report_set_platform (live, td_platform_native ());

  g_assert_true (td_fix_is_runnable (remedy, live));
  g_assert_false (td_fix_is_runnable (manual, live));
  g_assert_false (td_fix_is_runnable (bad_args, live));
  g_assert_false (td_fix_is_runnable (other, live));

  /* The same report, saved and opened again: never runnable. */
  node = td_report_to_json (live);
  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  loaded = td_report_load_from_data (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (td_report_is_from_file (loaded));
  g_assert_false (td_fix_is_runnable (remedy, loaded));

  /* A live report of another platform: not here either. */
  td_report_set_platform (live, on_windows ? TD_PLATFORM_LINUX : TD_PLATFORM_WINDOWS);
  g_assert_false (td_fix_is_runnable (remedy, live));
}

/* ── the CLI ── */

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  const char *cli = g_getenv ("TD_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  return td_test_exit_code (status);
}

static void
test_cli (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *elevated;

  if (g_getenv ("TD_CLI") == NULL)
    {
      g_test_skip ("TD_CLI is not set (run through meson test)");
      return;
    }

  {
    const char *args[] = { "fix", "miredo-set-server", "198.18.0.10", "--dry-run",
                           "--platform", "linux", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "ServerAddress 198.18.0.10"));
    g_assert_nonnull (strstr (out, "systemctl restart miredo.service\n"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "fix", "teredo-client-port", "3074", "--dry-run", "--json",
                           "--platform", "windows", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (root, "action"), ==, "teredo-client-port");
    g_assert_cmpstr (json_object_get_string_member (root, "platform"), ==, "windows");
    elevated = json_object_get_array_member (root, "elevated_argv");
    g_assert_cmpuint (json_array_get_length (elevated), ==, 4);
    g_assert_true (g_str_has_suffix (json_array_get_string_element (elevated, 0),
                                     "teredo-doctor-cli.exe"));
    g_assert_cmpstr (json_array_get_string_element (elevated, 1), ==, "fix");
    g_assert_cmpstr (json_array_get_string_element (elevated, 3), ==, "3074");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* The elevated process's report for its starter: the refusal too. */
    g_autofree char *log = g_build_filename (fakes.dir, "cli-fix.log", NULL);
    const char *args[] = { "fix", "--log-file", log, "no-such-fix", NULL };
    g_autofree char *contents = NULL;

    g_assert_true (g_file_set_contents (log, "", -1, NULL));
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_true (g_file_get_contents (log, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "not a known fix"));
    g_unlink (log);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "fix", "--list", "--platform", "linux", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "nft-remove-teredo"));
    g_assert_nonnull (strstr (out, "miredo-set-server ARG"));
    g_assert_null (strstr (out, "nft-allow-teredo"));
    g_assert_null (strstr (out, "teredo-default"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* Bad input: exit 2 with a clear message, nothing run. */
    gboolean on_windows = td_platform_native () == TD_PLATFORM_WINDOWS;
    const char *other = on_windows ? "linux" : "windows";
    const char *cases[][6] = {
      { "fix", "miredo-set-server", "$(reboot)", "--platform", "linux", NULL },
      { "fix", "no-such-fix", NULL },
      { "fix", "miredo-restart", "extra", "--platform", "linux", NULL },
      { "fix", NULL },
      { "fix", on_windows ? "miredo-start" : "teredo-default", "--platform", other, NULL },
      { "fix", "miredo-start", "--platform", "beos", "--dry-run", NULL },
    };
    const char *messages[] = {
      "not a valid host name", "not a known fix", "takes 0 arguments", "missing ACTION",
      "--dry-run", "unknown platform",
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_assert_cmpint (run_cli (cases[i], &out, &err), ==, 2);
        g_test_message ("stderr: %s", err);
        g_assert_nonnull (strstr (err, messages[i]));
        g_assert_cmpstr (out, ==, "");
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
      }
  }
}

/* ── for real, in a namespace of our own ── */

/* With the real PATH: the recorders must not stand in for ip and nft. */
static gboolean
run_argv (const char * const *argv,
          char              **out)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PATH",
                                          original_path != NULL ? original_path
                                                                : "/usr/sbin:/usr/bin:/sbin:/bin",
                                          TRUE);
  g_autofree char *ignored_out = NULL;
  g_autofree char *ignored_err = NULL;
  int status = -1;

  /* Everything captured: a child's output must not mix with TAP. */
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH_FROM_ENVP, NULL, NULL,
                     out != NULL ? out : &ignored_out, &ignored_err, &status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return FALSE;
    }
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_nft_in_netns (void)
{
  g_autofree char *ns = g_strdup_printf ("td-fix-%u", td_test_process_id ());
  const char *cli = g_getenv ("TD_CLI");
  g_autofree char *ruleset = NULL;
  g_autofree char *after = NULL;
  gboolean ci = g_strcmp0 (g_getenv ("CI"), "true") == 0;

  /* nftables is a Linux fix: the Windows build has no such plan to run. */
  if (td_platform_native () == TD_PLATFORM_WINDOWS)
    {
      g_test_skip ("nftables fixes are Linux's: the Linux build runs this test");
      return;
    }
  if (cli == NULL || !td_test_is_root () ||
      (!g_file_test ("/usr/sbin/nft", G_FILE_TEST_EXISTS) &&
       !g_file_test ("/sbin/nft", G_FILE_TEST_EXISTS)))
    {
      if (ci)
        g_test_fail_printf ("the nftables fix test needs root, ip and nft (CI=true)");
      else
        g_test_skip ("needs root, ip and nft");
      return;
    }

  {
    const char *add[] = { "ip", "netns", "add", ns, NULL };
    g_assert_true (run_argv (add, NULL));
  }
  {
    /* The table an earlier version's nft-allow-teredo left behind. */
    const char *allow[] = { "ip", "netns", "exec", ns, "nft", "add", "table", "inet", "teredo_doctor",
                            NULL };
    const char *again[] = { "ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "teredo_doctor",
                            "input", "{ type filter hook input priority filter ; policy accept ; }",
                            NULL };
    const char *list[] = { "ip", "netns", "exec", ns, "nft", "list", "table", "inet",
                           "teredo_doctor", NULL };
    const char *remove[] = { "ip", "netns", "exec", ns, cli, "fix", "nft-remove-teredo", NULL };
    const char *list_all[] = { "ip", "netns", "exec", ns, "nft", "list", "ruleset", NULL };
    const char *del[] = { "ip", "netns", "delete", ns, NULL };
    gboolean ok_allow = run_argv (allow, NULL);
    gboolean ok_again = run_argv (again, NULL);
    gboolean ok_list = run_argv (list, &ruleset);
    gboolean ok_remove = run_argv (remove, NULL);
    gboolean ok_after = run_argv (list_all, &after);

    run_argv (del, NULL);
    g_assert_true (ok_allow);
    g_assert_true (ok_again);
    g_assert_true (ok_list);
    g_test_message ("%s", ruleset);
    g_assert_nonnull (strstr (ruleset, "type filter hook input priority filter; policy accept;"));
    g_assert_true (ok_remove);
    g_assert_true (ok_after);
    g_assert_null (strstr (after, "teredo_doctor"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fakes_init ();

  g_test_add_func ("/fix/validate/server", test_validate_server);
  g_test_add_func ("/fix/validate/port", test_validate_port);
  g_test_add_func ("/fix/plan/linux", test_plan_linux);
  g_test_add_func ("/fix/plan/windows", test_plan_windows);
  g_test_add_func ("/fix/plan/errors", test_plan_errors);
  g_test_add_func ("/fix/plan/describe", test_describe);
  g_test_add_func ("/fix/elevated/linux", test_elevated_linux);
  g_test_add_func ("/fix/elevated/windows", test_elevated_windows);
  g_test_add_func ("/fix/miredo-conf", test_miredo_conf);
  g_test_add_func ("/fix/execute/ok", test_execute);
  g_test_add_func ("/fix/execute/failure", test_execute_failure);
  g_test_add_func ("/fix/execute/missing-program", test_execute_missing_program);
  g_test_add_func ("/fix/run/pkexec", test_run_pkexec);
  g_test_add_func ("/fix/run/pkexec-errors", test_run_pkexec_errors);
  g_test_add_func ("/fix/run/no-pkexec", test_run_no_pkexec);
  g_test_add_func ("/fix/run/other-platform", test_run_other_platform);
  g_test_add_func ("/fix/log-file", test_log_file);
  g_test_add_func ("/fix/is-runnable", test_is_runnable);
  g_test_add_func ("/fix/cli", test_cli);
  g_test_add_func ("/fix/nft-in-netns", test_nft_in_netns);

  status = g_test_run ();
  remove_tree (fakes.dir);
  return status;
}
