/* test-fix-miredo.c — the Linux miredo fixes: which file they edit, how they
 * restart miredo (systemd or the init script), and `fix --elevate`
 *
 * service, miredo-checkconf, update-rc.d, systemctl and pkexec are
 * replaced by recorders on PATH and /proc by fake trees: nothing here
 * changes the system.  The real thing (pkexec, polkitd, the init script,
 * miredo against a lab server) is tests/system/test-system.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "td-error.h"
#include "td-fix.h"
#include "td-test-fakes.h"

/* A recorder: appends "name|arg|arg…" on a line to ../log, prints
 * ../output-NAME and exits with the number in ../exit-NAME when present. */
static const char recorder_script[] =
  "#!/bin/sh\n"
  "dir=$(dirname \"$(dirname \"$0\")\")\n"
  "name=$(basename \"$0\")\n"
  "line=$name; for a in \"$@\"; do line=\"$line|$a\"; done\n"
  "printf '%s\\n' \"$line\" >> \"$dir/log\"\n"
  "if [ -f \"$dir/output-$name\" ]; then cat \"$dir/output-$name\"; fi\n"
  "if [ -f \"$dir/exit-$name\" ]; then exit \"$(cat \"$dir/exit-$name\")\"; fi\n"
  "exit 0\n";

static char *scratch;     /* the recorders' folder's parent */
static char *fake_path;   /* PATH with the recorders first */

static char *
scratch_file (const char *name)
{
  return g_build_filename (scratch, name, NULL);
}

static void
put (const char *name,
     const char *contents)
{
  g_autofree char *path = scratch_file (name);

  if (contents == NULL)
    g_unlink (path);
  else
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static char *
get (const char *name)
{
  g_autofree char *path = scratch_file (name);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The steps of a plan as "argv words joined by |", one per line. */
static char *
plan_to_text (const TdFixPlan *plan)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < plan->steps->len; i++)
    {
      const TdFixStep *step = g_ptr_array_index (plan->steps, i);

      switch (step->kind)
        {
        case TD_FIX_STEP_RUN:
          {
            g_autofree char *joined = g_strjoinv ("|", step->argv);
            g_string_append_printf (out, "%s\n", joined);
          }
          break;
        case TD_FIX_STEP_SET_MIREDO_SERVER:
          g_string_append_printf (out, "SET-SERVER %s %s\n", step->path, step->value);
          break;
        case TD_FIX_STEP_SET_START_MIREDO:
        default:
          g_string_append_printf (out, "SET-START %s\n", step->path);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static void
assert_plan (const char *action,
             const char *arg,
             TdFixInit   init,
             const char *expected)
{
  const char *args[] = { arg, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TdFixPlan) plan = td_fix_plan_new_for_system (action, args, TD_PLATFORM_LINUX, init,
                                                          "/etc/miredo/miredo.conf", &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  text = plan_to_text (plan);
  g_test_message ("%s (%s):\n%s", action, td_fix_init_to_string (init), text);
  g_assert_cmpstr (text, ==, expected);
}

/* ── the plans ── */

static void
test_plan_systemd (void)
{
  assert_plan ("miredo-start", NULL, TD_FIX_INIT_SYSTEMD, "systemctl|start|miredo.service\n");
  assert_plan ("miredo-restart", NULL, TD_FIX_INIT_SYSTEMD, "systemctl|restart|miredo.service\n");
  assert_plan ("miredo-enable", NULL, TD_FIX_INIT_SYSTEMD,
               "systemctl|enable|--now|miredo.service\n");
  assert_plan ("miredo-set-server", "198.18.0.10", TD_FIX_INIT_SYSTEMD,
               "SET-SERVER /etc/miredo/miredo.conf 198.18.0.10\n"
               "systemctl|restart|miredo.service\n");
}

static void
test_plan_sysv (void)
{
  /* force-start: the script's start/restart do nothing while
   * START_MIREDO=false (the package's default), and still exit 0. */
  assert_plan ("miredo-start", NULL, TD_FIX_INIT_SYSV, "service|miredo|force-start\n");
  assert_plan ("miredo-restart", NULL, TD_FIX_INIT_SYSV,
               "miredo-checkconf|/etc/miredo/miredo.conf\n"
               "service|miredo|stop\n"
               "service|miredo|force-start\n");
  assert_plan ("miredo-enable", NULL, TD_FIX_INIT_SYSV,
               "SET-START /etc/default/miredo\n"
               "update-rc.d|miredo|enable\n"
               "service|miredo|start\n");
  assert_plan ("miredo-set-server", "teredo.example.net", TD_FIX_INIT_SYSV,
               "SET-SERVER /etc/miredo/miredo.conf teredo.example.net\n"
               "miredo-checkconf|/etc/miredo/miredo.conf\n"
               "service|miredo|stop\n"
               "service|miredo|force-start\n");
}

static void
test_plan_conf_path (void)
{
  const char *args[] = { "198.18.0.10", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TdFixPlan) plan = td_fix_plan_new_for_system ("miredo-set-server", args,
                                                          TD_PLATFORM_LINUX, TD_FIX_INIT_SYSV,
                                                          "/srv/lab/miredo.conf", &error);
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *enable = NULL;
  g_autoptr(TdFixPlan) enable_plan = NULL;

  g_assert_no_error (error);
  text = plan_to_text (plan);
  g_assert_cmpstr (text, ==,
                   "SET-SERVER /srv/lab/miredo.conf 198.18.0.10\n"
                   "miredo-checkconf|/srv/lab/miredo.conf\n"
                   "service|miredo|stop\n"
                   "service|miredo|force-start\n");
  first = td_fix_step_describe (g_ptr_array_index (plan->steps, 0));
  g_assert_cmpstr (first, ==, "set “ServerAddress 198.18.0.10” in /srv/lab/miredo.conf");

  enable_plan = td_fix_plan_new_for_system ("miredo-enable", NULL, TD_PLATFORM_LINUX,
                                            TD_FIX_INIT_SYSV, "/srv/lab/miredo.conf", &error);
  g_assert_no_error (error);
  enable = td_fix_step_describe (g_ptr_array_index (enable_plan->steps, 0));
  g_assert_cmpstr (enable, ==, "set “START_MIREDO=true” in /etc/default/miredo");

  /* The wrong file of old is never named again. */
  g_assert_null (strstr (text, "/etc/miredo.conf"));
  g_assert_cmpstr (TD_FIX_MIREDO_CONF, ==, "/etc/miredo/miredo.conf");
}

/* ── detection ── */

static void
mkdirs (const char *root,
        const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);

  g_assert_cmpint (g_mkdir_with_parents (full, 0755), ==, 0);
}

static void
test_detect_init (void)
{
  g_autofree char *root = g_dir_make_tmp ("td-fix-init-XXXXXX", NULL);

  g_assert_nonnull (root);
  /* No /run/systemd/system: the init script (this Debian machine without
   * systemd, a container, a sysvinit system). */
  g_assert_cmpint (td_fix_detect_init_at (root), ==, TD_FIX_INIT_SYSV);
  mkdirs (root, "run/systemd");
  g_assert_cmpint (td_fix_detect_init_at (root), ==, TD_FIX_INIT_SYSV);
  mkdirs (root, "run/systemd/system");
  g_assert_cmpint (td_fix_detect_init_at (root), ==, TD_FIX_INIT_SYSTEMD);
  g_assert_cmpstr (td_fix_init_to_string (TD_FIX_INIT_SYSTEMD), ==, "systemd");
  g_assert_cmpstr (td_fix_init_to_string (TD_FIX_INIT_SYSV), ==, "sysv");
  remove_tree (root);
}

/* A fake /proc/PID: comm, cmdline (words joined by NUL) and ns/net. */
static char *
fake_process (const char         *root,
              const char         *pid,
              const char         *comm,
              const char * const *cmdline,
              const char         *netns)
{
  g_autofree char *dir = g_build_filename (root, "proc", pid, NULL);
  g_autofree char *ns_dir = g_build_filename (dir, "ns", NULL);
  g_autofree char *comm_path = g_build_filename (dir, "comm", NULL);
  g_autofree char *cmd_path = g_build_filename (dir, "cmdline", NULL);
  g_autofree char *ns_path = g_build_filename (ns_dir, "net", NULL);
  g_autofree char *comm_line = g_strconcat (comm, "\n", NULL);
  GString *cmd = g_string_new (NULL);

  g_assert_cmpint (g_mkdir_with_parents (ns_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (comm_path, comm_line, -1, NULL));
  for (guint i = 0; cmdline != NULL && cmdline[i] != NULL; i++)
    g_string_append_len (cmd, cmdline[i], (gssize) strlen (cmdline[i]) + 1);
  g_assert_true (g_file_set_contents (cmd_path, cmd->str, (gssize) cmd->len, NULL));
  g_string_free (cmd, TRUE);
  {
    g_autoptr(GFile) link = g_file_new_for_path (ns_path);
    g_autoptr(GError) error = NULL;

    g_file_make_symbolic_link (link, netns, NULL, &error);
    g_assert_no_error (error);
  }
  return g_steal_pointer (&dir);
}

static void
test_find_conf (void)
{
  g_autofree char *root = g_dir_make_tmp ("td-fix-proc-XXXXXX", NULL);
  g_autofree char *found = NULL;
  g_autofree char *self = NULL;
  g_autofree char *other = NULL;
  g_autofree char *lower = NULL;
  const char *with_c[] = { "/usr/sbin/miredo", "-f", "-c", "/srv/lab/miredo.conf", NULL };
  const char *long_opt[] = { "miredo", "--config=/srv/long.conf", NULL };
  const char *relative[] = { "miredo", "-c", "miredo.conf", NULL };
  const char *plain[] = { "/usr/sbin/miredo", NULL };

  /* A fake /proc/PID/ns/net is a symbolic link; Windows has no miredo to find. */
  if (td_platform_native () == TD_PLATFORM_WINDOWS)
    {
      g_test_skip ("miredo's configuration is found through /proc: Linux only");
      remove_tree (root);
      return;
    }

  g_assert_nonnull (root);
  mkdirs (root, "proc");
  /* No process at all: Debian's default. */
  found = td_fix_find_miredo_conf_at (root);
  g_assert_cmpstr (found, ==, "/etc/miredo/miredo.conf");
  g_clear_pointer (&found, g_free);

  self = fake_process (root, "self", "td", NULL, "net:[4026531840]");
  /* A miredo in another network namespace gives this one nothing. */
  other = fake_process (root, "50", "miredo", with_c, "net:[4026532000]");
  found = td_fix_find_miredo_conf_at (root);
  g_assert_cmpstr (found, ==, "/etc/miredo/miredo.conf");
  g_clear_pointer (&found, g_free);

  /* Ours, started with -c. */
  g_free (fake_process (root, "300", "miredo", with_c, "net:[4026531840]"));
  g_free (fake_process (root, "301", "not-miredo", long_opt, "net:[4026531840]"));
  found = td_fix_find_miredo_conf_at (root);
  g_assert_cmpstr (found, ==, "/srv/lab/miredo.conf");
  g_clear_pointer (&found, g_free);

  /* The lowest PID (the privileged parent) decides: --config=… */
  lower = fake_process (root, "200", "miredo", long_opt, "net:[4026531840]");
  found = td_fix_find_miredo_conf_at (root);
  g_assert_cmpstr (found, ==, "/srv/long.conf");
  g_clear_pointer (&found, g_free);

  /* A relative -c cannot be placed: the default. */
  g_free (fake_process (root, "100", "miredo", relative, "net:[4026531840]"));
  found = td_fix_find_miredo_conf_at (root);
  g_assert_cmpstr (found, ==, "/etc/miredo/miredo.conf");
  g_clear_pointer (&found, g_free);

  /* Started by the init script or systemd: no -c, the default. */
  g_free (fake_process (root, "90", "miredo", plain, "net:[4026531840]"));
  found = td_fix_find_miredo_conf_at (root);
  g_assert_cmpstr (found, ==, "/etc/miredo/miredo.conf");
  g_clear_pointer (&found, g_free);

  /* As root: a "miredo" that another user started never picks the file. */
  if (td_test_is_root ())
    {
      g_autofree char *evil_dir = NULL;
      const char *evil[] = { "miredo", "-c", "/etc/shadow", NULL };

      evil_dir = fake_process (root, "10", "miredo", evil, "net:[4026531840]");
      g_assert_true (td_test_chown (evil_dir, 65534));
      found = td_fix_find_miredo_conf_at (root);
      g_assert_cmpstr (found, ==, "/etc/miredo/miredo.conf");
      g_clear_pointer (&found, g_free);
    }
  else
    g_test_message ("not root: the other-user case needs chown, not checked");

  remove_tree (root);
}

/* ── /etc/default/miredo ── */

static void
test_defaults_rewrite (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    /* Debian's file: the switch flipped, comments kept */
    { "# Comment out not to start miredo on system startup\nSTART_MIREDO=false\n\n"
      "DAEMON_ARGS=\"\"\n",
      "# Comment out not to start miredo on system startup\nSTART_MIREDO=true\n\n"
      "DAEMON_ARGS=\"\"\n" },
    /* appended when absent (the script tests "x$START_MIREDO" != "xtrue") */
    { "DAEMON_ARGS=\"\"", "DAEMON_ARGS=\"\"\nSTART_MIREDO=true\n" },
    { "", "START_MIREDO=true\n" },
    /* a later assignment would win in sh: commented out */
    { "  START_MIREDO=true\nexport START_MIREDO=false\n#START_MIREDO=false\n",
      "START_MIREDO=true\n# export START_MIREDO=false\n#START_MIREDO=false\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = td_fix_rewrite_miredo_defaults (cases[i].in);

      g_test_message ("case %u", i);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* ── execution with recorders ── */

static TdFixPlan *
sysv_plan (const char *action,
           const char *arg)
{
  const char *args[] = { arg, NULL };
  g_autoptr(GError) error = NULL;
  TdFixPlan *plan = td_fix_plan_new_for_system (action, arg != NULL ? args : NULL,
                                                TD_PLATFORM_LINUX, TD_FIX_INIT_SYSV,
                                                "/etc/miredo/miredo.conf", &error);

  g_assert_no_error (error);
  return plan;
}

static void
reset (void)
{
  const char *names[] = { "log", "exit-miredo-checkconf", "exit-service", "output-service",
                          "exit-pkexec", "output-pkexec", "miredo.conf", "default-miredo" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    put (names[i], NULL);
}

static void
test_execute_sysv (void)
{
  g_autoptr(TdFixPlan) plan = sysv_plan ("miredo-set-server", "198.18.0.10");
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *recorded = NULL;

  /* The recorders standing in for service, pkexec… are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  reset ();
  put ("miredo.conf", "# Please refer to the miredo.conf(5) man page for details.\n"
                      "InterfaceName\tteredo\n\n#ServerAddress\tteredo.ipv6.microsoft.com\n"
                      "ServerAddress\tteredo-debian.remlab.net\n#BindPort\t3545\n");
  put ("output-service", "Starting Teredo IPv6 tunneling daemon: miredo.\n");

  g_assert_true (td_fix_plan_execute (plan, NULL, log, &error));
  g_assert_no_error (error);
  conf = get ("miredo.conf");
  g_assert_cmpstr (conf, ==,
                   "# Please refer to the miredo.conf(5) man page for details.\n"
                   "InterfaceName\tteredo\n\n#ServerAddress\tteredo.ipv6.microsoft.com\n"
                   "ServerAddress 198.18.0.10\n#BindPort\t3545\n");
  recorded = get ("log");
  g_assert_cmpstr (recorded, ==,
                   "miredo-checkconf|/etc/miredo/miredo.conf\n"
                   "service|miredo|stop\n"
                   "service|miredo|force-start\n");
  g_assert_nonnull (strstr (log->str, "$ service miredo force-start\nStarting Teredo"));
}

static void
test_execute_sysv_bad_conf (void)
{
  g_autoptr(TdFixPlan) plan = sysv_plan ("miredo-restart", NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;

  /* The recorders standing in for service, pkexec… are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  /* A configuration miredo cannot start with: the running miredo is not
   * stopped for it. */
  reset ();
  put ("exit-miredo-checkconf", "255");
  g_assert_false (td_fix_plan_execute (plan, NULL, log, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "miredo-checkconf"));
  g_assert_nonnull (strstr (error->message, "255"));
  recorded = get ("log");
  g_assert_cmpstr (recorded, ==, "miredo-checkconf|/etc/miredo/miredo.conf\n");
}

static void
test_execute_sysv_enable (void)
{
  g_autoptr(TdFixPlan) plan = sysv_plan ("miredo-enable", NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *defaults = NULL;
  g_autofree char *recorded = NULL;

  /* The recorders standing in for service, pkexec… are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  reset ();
  put ("default-miredo", "# Defaults for miredo initscript\nSTART_MIREDO=false\nDAEMON_ARGS=\"\"\n");
  g_assert_true (td_fix_plan_execute (plan, NULL, log, &error));
  g_assert_no_error (error);
  defaults = get ("default-miredo");
  g_assert_cmpstr (defaults, ==,
                   "# Defaults for miredo initscript\nSTART_MIREDO=true\nDAEMON_ARGS=\"\"\n");
  recorded = get ("log");
  g_assert_cmpstr (recorded, ==, "update-rc.d|miredo|enable\nservice|miredo|start\n");
  g_assert_nonnull (strstr (log->str, "START_MIREDO=true → "));
}

/* ── the CLI's --elevate, with a recorded pkexec ── */

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  const char *cli = g_getenv ("TD_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "PATH", fake_path, TRUE);
  envp = g_environ_setenv (envp, "TD_FIX_INIT", "sysv", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  return td_test_exit_code (status);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_cli_elevate (void)
{
  const char *cli = g_getenv ("TD_CLI");
  const char *args[] = { "fix", "--elevate", "--json", "miredo-set-server", "198.18.0.10", NULL };
  const char *text_args[] = { "fix", "--elevate", "miredo-restart", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *expected = NULL;
  JsonObject *root;
  JsonArray *argv;

  /* The recorders standing in for service, pkexec… are shell scripts. */
  if (td_test_skip_without_unix ())
    return;

  if (cli == NULL)
    {
      g_test_skip ("TD_CLI is not set (run through meson test)");
      return;
    }

  /* Authorized: pkexec ran the CLI, which printed its log. */
  reset ();
  put ("output-pkexec", "$ set “ServerAddress 198.18.0.10” in /etc/miredo/miredo.conf\n");
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  root = parse_object (parser, out);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (json_object_get_int_member (root, "exit_status"), ==, 0);
  g_assert_true (json_object_get_null_member (root, "error"));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "output"), "ServerAddress"));
  argv = json_object_get_array_member (root, "elevated_argv");
  g_assert_cmpstr (json_array_get_string_element (argv, 0), ==, "pkexec");
  g_assert_cmpstr (json_array_get_string_element (argv, 1), ==, cli);
  /* exactly what the GUI starts: pkexec CLI fix ACTION ARG, nothing else */
  recorded = get ("log");
  expected = g_strdup_printf ("pkexec|%s|fix|miredo-set-server|198.18.0.10\n", cli);
  g_assert_cmpstr (recorded, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Refused by polkit: pkexec's 127, its own words, and the reason. */
  reset ();
  put ("exit-pkexec", "127");
  put ("output-pkexec", "Error executing command as another user: Not authorized\n\n"
                        "This incident has been reported.\n");
  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  root = parse_object (parser, out);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpint (json_object_get_int_member (root, "exit_status"), ==, 127);
  g_assert_nonnull (strstr (json_object_get_string_member (root, "output"), "Not authorized"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "error"),
                                                  "code"), ==, "permission");
  g_assert_nonnull (strstr (json_object_get_string_member (
                              json_object_get_object_member (root, "error"), "message"),
                            "not authorized"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Text: the command, the output, the status. */
  reset ();
  put ("exit-pkexec", "1");
  put ("output-pkexec", "miredo-checkconf failed\n");
  g_assert_cmpint (run_cli (text_args, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (out, "$ pkexec "));
  g_assert_nonnull (strstr (out, " fix miredo-restart\nmiredo-checkconf failed\n"));
  g_assert_nonnull (strstr (err, "pkexec exited with status 1."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors. */
  {
    const char *both[] = { "fix", "--elevate", "--dry-run", "miredo-start", NULL };

    g_assert_cmpint (run_cli (both, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "exclude each other"));
  }
}

int
main (int    argc,
      char **argv)
{
  const char *programs[] = { "service", "miredo-checkconf", "update-rc.d", "systemctl", "pkexec" };
  g_autofree char *bin = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *defaults = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Environment first, before any thread runs. */
  scratch = g_dir_make_tmp ("td-test-fix-miredo-XXXXXX", NULL);
  g_assert_nonnull (scratch);
  bin = g_build_filename (scratch, "bin", NULL);
  g_assert_cmpint (g_mkdir (bin, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *file = g_build_filename (bin, programs[i], NULL);

      g_assert_true (g_file_set_contents (file, recorder_script, -1, NULL));
      g_assert_cmpint (g_chmod (file, 0755), ==, 0);
    }
  /* On Windows PATH also finds the DLLs of the programs the tests start. */
  if (td_test_fakes_are_exes ())
    fake_path = g_strjoin (G_SEARCHPATH_SEPARATOR_S, bin, g_getenv ("PATH"), NULL);
  else
    fake_path = g_strdup_printf ("%s:/usr/bin:/bin", bin);
  g_setenv ("PATH", fake_path, TRUE);
  conf = scratch_file ("miredo.conf");
  defaults = scratch_file ("default-miredo");
  g_setenv ("TD_MIREDO_CONF", conf, TRUE);
  g_setenv ("TD_MIREDO_DEFAULTS", defaults, TRUE);

  g_test_add_func ("/fix-miredo/plan/systemd", test_plan_systemd);
  g_test_add_func ("/fix-miredo/plan/sysv", test_plan_sysv);
  g_test_add_func ("/fix-miredo/plan/conf-path", test_plan_conf_path);
  g_test_add_func ("/fix-miredo/detect/init", test_detect_init);
  g_test_add_func ("/fix-miredo/detect/conf", test_find_conf);
  g_test_add_func ("/fix-miredo/defaults", test_defaults_rewrite);
  g_test_add_func ("/fix-miredo/execute/sysv", test_execute_sysv);
  g_test_add_func ("/fix-miredo/execute/sysv-bad-conf", test_execute_sysv_bad_conf);
  g_test_add_func ("/fix-miredo/execute/sysv-enable", test_execute_sysv_enable);
  g_test_add_func ("/fix-miredo/cli-elevate", test_cli_elevate);
  status = g_test_run ();

  remove_tree (scratch);
  g_free (scratch);
  g_free (fake_path);
  return status;
}
