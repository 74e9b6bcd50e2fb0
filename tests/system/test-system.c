/* test-system.c — the Debian package and "Fix it" end to end, for real
 *
 * 1. builds the package the way `make deb` does (build-aux/debian/build.sh:
 *    dpkg-buildpackage, dh, lintian with errors and warnings fatal), or
 *    takes $TD_SYSTEM_DEB;
 * 2. compares its file list (dpkg-deb -c) with what `meson install` puts
 *    into a DESTDIR (the same files at the same paths under /usr), and checks
 *    that both polkit policies name their own installed CLI;
 * 3. re-runs itself in a private mount namespace (unshare -m) in which /usr,
 *    /etc and /var are overlays of the real ones on a tmpfs and /run is a
 *    tmpfs of its own, so nothing below touches the machine:
 *    - dpkg -i of the package (its triggers too), checks of what it installed;
 *    - a system D-Bus (dbus-daemon --system) and polkitd of our own on the
 *      standard socket path, which setuid pkexec insists on;
 *    - a throw-away user (useradd, removed again), a polkit rule that lets it
 *      perform io.github.teredodoctor.TeredoDoctor.fix (polkit.Result.YES);
 *    - a lab (tests/lab: network namespaces, a real miredo-server on
 *      198.18.0.10/.11) and, in its "direct" namespace, the real miredo
 *      client started by Debian's init script with an unreachable server;
 *    - as that user, in that namespace: `teredo-doctor-cli fix --elevate
 *      miredo-set-server 198.18.0.10`, i.e. td_fix_run_async(): pkexec
 *      /usr/bin/teredo-doctor-cli fix …; then /etc/miredo/miredo.conf says
 *      198.18.0.10 (its other lines kept), miredo was restarted (a new PID)
 *      and qualifies against the lab server, and `teredo-doctor-cli host
 *      --json` run by the user reads client.server_name 198.18.0.10;
 *    - the same with the rule returning polkit.Result.NO: exit status 127,
 *      "not authorized", the file byte for byte the same, miredo untouched;
 *    - dpkg -r (no file of the package left), dpkg -P (no trace in dpkg).
 * The outer process then kills whatever PID the inner one recorded and that
 * still runs (it fails the test when there was any), and checks that the
 * machine's dpkg database, /etc/miredo/miredo.conf and user list did not
 * change.
 *
 * Needs root: without it, prints why and exits 77 (meson: skipped) — but
 * with CI=true that is a failure, never a skip.  Exit 0 passed, 1 failed.
 * TD_SYSTEM_DEB=path skips the package build (quicker while developing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "td-lab.h"

#define PACKAGE         "teredo-doctor"
#define ACTION_ID       "io.github.teredodoctor.TeredoDoctor.fix"
#define POLICY          "io.github.teredodoctor.TeredoDoctor.policy"
#define INSTALLED_CLI   "/usr/bin/teredo-doctor-cli"
#define BUS_SOCKET      "/run/dbus/system_bus_socket"
#define POLKITD         "/usr/lib/polkit-1/polkitd"
#define MIREDO_CONF     "/etc/miredo/miredo.conf"
#define MIREDO_PIDFILE  "/run/miredo.pid"
#define RULES_FILE      "/etc/polkit-1/rules.d/10-teredo-doctor-system-test.rules"
/* Nothing answers there: the miredo client stays in probe until the fix. */
#define UNREACHABLE_SERVER "198.18.0.99"

static guint n_checks;
static guint n_failed;
/* In the private part: where the running counts go, for the outer part
 * (which goes on numbering from them even when the inner one died). */
static char *counts_path;

/* ── reporting ── */

static void
note (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
note (const char *format,
      ...)
{
  va_list ap;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' || lines[i + 1] != NULL)
      g_print ("# %s\n", lines[i]);
}

/* One check: "ok N - what" or "not ok N - what: why". */
static gboolean
check (gboolean    ok,
       const char *what,
       const char *why_format,
       ...) G_GNUC_PRINTF (3, 4);

static void
save_counts (void)
{
  g_autofree char *counts = NULL;

  if (counts_path == NULL)
    return;
  counts = g_strdup_printf ("%u %u\n", n_checks, n_failed);
  g_file_set_contents (counts_path, counts, -1, NULL);
}

static gboolean
check (gboolean    ok,
       const char *what,
       const char *why_format,
       ...)
{
  n_checks++;
  if (ok)
    {
      g_print ("ok %u - %s\n", n_checks, what);
      save_counts ();
      return TRUE;
    }
  else
    {
      va_list ap;
      g_autofree char *why = NULL;

      va_start (ap, why_format);
      why = why_format != NULL ? g_strdup_vprintf (why_format, ap) : g_strdup ("");
      va_end (ap);
      n_failed++;
      g_print ("not ok %u - %s%s%s\n", n_checks, what, *why ? ": " : "", why);
      save_counts ();
      return FALSE;
    }
}

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

/* ── running commands ── */

typedef struct {
  int   status;    /* exit status, -1 when killed or not started */
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* The environment of every command here: nothing from the meson test
 * environment (TD_CLI, GSETTINGS_SCHEMA_DIR…) leaks into what is tested. */
static char **
clean_environ (void)
{
  char **env = NULL;

  env = g_environ_setenv (env, "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "HOME", "/root", TRUE);
  env = g_environ_setenv (env, "DEBIAN_FRONTEND", "noninteractive", TRUE);
  if (g_getenv ("TMPDIR") != NULL)
    env = g_environ_setenv (env, "TMPDIR", g_getenv ("TMPDIR"), TRUE);
  return env;
}

static gboolean
run_argv (const char * const *argv,
          Run                *run)
{
  g_auto(GStrv) env = clean_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  run->status = -1;
  run->out = NULL;
  run->err = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH_FROM_ENVP, NULL, NULL,
                     &run->out, &run->err, &wait_status, &error))
    {
      run->err = g_strdup (error->message);
      run->out = g_strdup ("");
      return FALSE;
    }
  if (WIFEXITED (wait_status))
    run->status = WEXITSTATUS (wait_status);
  return run->status == 0;
}

/* Runs a command, and on failure says which one and what it printed. */
static gboolean
run_ok (const char * const *argv,
        char              **out_stdout)
{
  Run run;
  gboolean ok = run_argv (argv, &run);

  if (!ok)
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv);

      note ("`%s` exited with status %d:\n%s%s", line, run.status, run.out, run.err);
    }
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&run.out);
  run_clear (&run);
  return ok;
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* ── the outer process: package, file lists, guardian ── */

static gboolean
skip_or_fail (const char *why)
{
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    {
      g_print ("Bail out! CI=true, so the system suite may not be skipped: %s\n", why);
      exit (1);
    }
  g_print ("# SKIP the system suite: %s\n", why);
  exit (77);
}

static void
require_tools (void)
{
  const char *tools[] = {
    "dpkg-buildpackage", "dh", "lintian", "dpkg", "dpkg-deb", "dpkg-query", "unshare",
    "dbus-daemon", "useradd", "userdel", "setpriv", "ip", "service", "meson", "miredo",
    "miredo-server", "miredo-checkconf", "gsettings",
  };
  g_autoptr(GString) missing = g_string_new (NULL);
  g_auto(GStrv) env = clean_environ ();
  const char *path = g_environ_getenv (env, "PATH");
  struct stat st;

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_auto(GStrv) dirs = g_strsplit (path, ":", -1);
      gboolean found = FALSE;

      for (guint d = 0; dirs[d] != NULL && !found; d++)
        {
          g_autofree char *candidate = g_build_filename (dirs[d], tools[i], NULL);
          found = g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE);
        }
      if (!found)
        g_string_append_printf (missing, " %s", tools[i]);
    }
  if (!g_file_test (POLKITD, G_FILE_TEST_IS_EXECUTABLE))
    g_string_append (missing, " " POLKITD " (polkitd)");
  if (stat ("/usr/bin/pkexec", &st) != 0 || !(st.st_mode & S_ISUID))
    g_string_append (missing, " a setuid /usr/bin/pkexec (pkexec)");
  if (missing->len > 0)
    {
      g_autofree char *why = g_strdup_printf ("missing:%s (build-aux/install-deps.sh installs "
                                              "them: debhelper dpkg-dev lintian dbus polkitd "
                                              "pkexec miredo miredo-server …)", missing->str);
      skip_or_fail (why);
    }
  if (!g_file_test ("/proc/filesystems", G_FILE_TEST_EXISTS))
    skip_or_fail ("no /proc");
  {
    g_autofree char *fs = read_text ("/proc/filesystems");

    if (fs == NULL || strstr (fs, "\toverlay\n") == NULL)
      skip_or_fail ("the kernel has no overlay file system (the package is installed into "
                    "overlays of /usr, /etc and /var, never into the machine itself)");
  }
}

static char *
build_package (const char *source_root,
               const char *build_root)
{
  g_autofree char *script = g_build_filename (source_root, "build-aux", "debian", "build.sh", NULL);
  g_autofree char *out_dir = g_build_filename (build_root, "tests", "system", "deb", NULL);
  const char *argv[] = { script, out_dir, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  double start = now_ms ();
  char *deb = NULL;
  guint n;

  if (!run_ok (argv, &out))
    return NULL;
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  n = g_strv_length (lines);
  for (guint i = 0; i + 1 < n; i++)
    if (g_str_has_prefix (lines[i], "make deb: ") || g_str_has_prefix (lines[i], "W:") ||
        g_str_has_prefix (lines[i], "E:") || g_str_has_prefix (lines[i], "I:") ||
        g_str_has_prefix (lines[i], "N:") || g_str_has_prefix (lines[i], "O:"))
      note ("%s", lines[i]);
  deb = n > 0 ? g_strdup (lines[n - 1]) : NULL;
  note ("make deb took %.1f s", (now_ms () - start) / 1000.0);
  return deb;
}

/* Regular files and links of a package, under /usr, as installed paths. */
static GPtrArray *
package_files (const char *deb)
{
  const char *argv[] = { "dpkg-deb", "-c", deb, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  if (!run_ok (argv, &out))
    return files;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *path = strstr (lines[i], " ./");
      g_autofree char *clean = NULL;

      if (lines[i][0] == 'd' || path == NULL)
        continue;
      clean = g_strdup (path + 2);
      if (strstr (clean, " -> ") != NULL)
        *strstr (clean, " -> ") = '\0';
      g_ptr_array_add (files, g_steal_pointer (&clean));
    }
  return files;
}

static void
walk (const char *base,
      const char *relative,
      GPtrArray  *files)
{
  g_autofree char *dir_path = g_build_filename (base, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *full = g_build_filename (base, child, NULL);

      if (g_file_test (full, G_FILE_TEST_IS_DIR) && !g_file_test (full, G_FILE_TEST_IS_SYMLINK))
        walk (base, child, files);
      else
        g_ptr_array_add (files, g_strconcat ("/", child, NULL));
    }
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

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* "same files, same paths under /usr": the package's list without what
 * Debian adds (/usr/share/doc/teredo-doctor: changelog.gz, copyright) and
 * with dh_compress's .gz taken off the manual pages, against the DESTDIR
 * list with the build's prefix read as /usr. */
static void
compare_file_lists (const char *deb,
                    const char *build_root,
                    const char *scratch)
{
  g_autoptr(GPtrArray) in_deb = package_files (deb);
  g_autoptr(GPtrArray) from_deb = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) installed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) from_meson = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *destdir = g_build_filename (scratch, "destdir", NULL);
  g_autofree char *prefix_dir = g_build_filename (destdir, TD_SYSTEM_PREFIX, NULL);
  const char *install[] = { "meson", "install", "-C", build_root, "--no-rebuild", "--quiet",
                            "--destdir", destdir, NULL };
  g_autoptr(GString) only_deb = g_string_new (NULL);
  g_autoptr(GString) only_meson = g_string_new (NULL);
  gboolean same;

  for (guint i = 0; i < in_deb->len; i++)
    {
      const char *path = g_ptr_array_index (in_deb, i);

      if (g_str_has_prefix (path, "/usr/share/doc/" PACKAGE "/"))
        continue;
      if (g_str_has_prefix (path, "/usr/share/man/") && g_str_has_suffix (path, ".gz"))
        g_ptr_array_add (from_deb, g_strndup (path, strlen (path) - 3));
      else
        g_ptr_array_add (from_deb, g_strdup (path));
    }

  check (run_ok (install, NULL), "meson install --destdir works", NULL);
  walk (prefix_dir, "", installed);
  for (guint i = 0; i < installed->len; i++)
    g_ptr_array_add (from_meson, g_strconcat ("/usr", (char *) g_ptr_array_index (installed, i),
                                              NULL));
  g_ptr_array_sort (from_deb, compare_strings);
  g_ptr_array_sort (from_meson, compare_strings);

  for (guint i = 0; i < from_deb->len; i++)
    if (!g_ptr_array_find_with_equal_func (from_meson, g_ptr_array_index (from_deb, i),
                                           g_str_equal, NULL))
      g_string_append_printf (only_deb, " %s", (char *) g_ptr_array_index (from_deb, i));
  for (guint i = 0; i < from_meson->len; i++)
    if (!g_ptr_array_find_with_equal_func (from_deb, g_ptr_array_index (from_meson, i),
                                           g_str_equal, NULL))
      g_string_append_printf (only_meson, " %s", (char *) g_ptr_array_index (from_meson, i));
  same = only_deb->len == 0 && only_meson->len == 0 && from_deb->len > 0;
  check (same, "the package installs the same files as meson install (paths under /usr)",
         "only in the package:%s; only in meson install:%s",
         only_deb->len ? only_deb->str : " -", only_meson->len ? only_meson->str : " -");
  note ("%u files in the package (%u of them Debian's own documentation), %u from meson install",
        in_deb->len, in_deb->len - from_deb->len, from_meson->len);

  /* The policy names the CLI of its own installation. */
  {
    g_autofree char *policy_path = g_build_filename (prefix_dir, "share", "polkit-1", "actions",
                                                     POLICY, NULL);
    g_autofree char *policy = read_text (policy_path);
    g_autofree char *expected = g_strdup_printf (
      "<annotate key=\"org.freedesktop.policykit.exec.path\">%s/bin/teredo-doctor-cli</annotate>",
      TD_SYSTEM_PREFIX);

    check (policy != NULL && strstr (policy, expected) != NULL,
           "meson install: the policy's exec.path is PREFIX/bin/teredo-doctor-cli",
           "%s does not contain %s", policy_path, expected);
  }
  remove_tree (destdir);
}

/* Kills every process in one of the lab's network namespaces (listed in
 * @netns_path as "net:[INODE]" lines: only the test made them, so whatever
 * runs there is its own — a miredo that the init script started while the
 * private part died, say). */
static void
kill_in_namespaces (const char *netns_path,
                    GString    *left)
{
  g_autofree char *text = read_text (netns_path);
  g_auto(GStrv) ids = NULL;
  g_autoptr(GDir) proc = NULL;
  const char *name;

  if (text == NULL)
    return;
  ids = g_strsplit (g_strstrip (text), "\n", -1);
  proc = g_dir_open ("/proc", 0, NULL);
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *link = NULL;
      g_autofree char *ns_path = NULL;
      pid_t pid;

      if (strspn (name, "0123456789") != strlen (name))
        continue;
      ns_path = g_strdup_printf ("/proc/%s/ns/net", name);
      link = g_file_read_link (ns_path, NULL);
      pid = (pid_t) g_ascii_strtoll (name, NULL, 10);
      if (link != NULL && pid > 1 && g_strv_contains ((const char * const *) ids, link))
        {
          g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", name);
          g_autofree char *comm = read_text (comm_path);

          kill (pid, SIGKILL);
          g_string_append_printf (left, " %s (PID %d, lab namespace)",
                                  comm != NULL ? g_strstrip (comm) : "?", (int) pid);
        }
    }
}

/* Kills what the inner process started and left running; each line of
 * @pids_path is "PID NAME". */
static void
kill_leftovers (const char *pids_path,
                const char *netns_path)
{
  g_autofree char *text = read_text (pids_path);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) left = g_string_new (NULL);

  kill_in_namespaces (netns_path, left);
  if (text == NULL)
    text = g_strdup ("");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", 2);
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;
      pid_t pid;

      if (words[0] == NULL || words[1] == NULL)
        continue;
      pid = (pid_t) g_ascii_strtoll (words[0], NULL, 10);
      comm_path = g_strdup_printf ("/proc/%d/comm", (int) pid);
      comm = read_text (comm_path);
      if (pid <= 1 || comm == NULL || !g_str_has_prefix (g_strstrip (comm), words[1]))
        continue;
      kill (pid, SIGKILL);
      g_string_append_printf (left, " %s (PID %d)", words[1], (int) pid);
    }
  check (left->len == 0, "no process started by the test outlives it",
         "killed:%s", left->str);
}

static int
outer_main (void)
{
  const char *source_root = g_getenv ("TD_SOURCE_ROOT");
  const char *build_root = g_getenv ("TD_BUILD_ROOT");
  g_autofree char *scratch = NULL;
  g_autofree char *deb = NULL;
  g_autofree char *pids_path = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dpkg_before = NULL;
  g_autofree char *dpkg_after = NULL;
  g_autofree char *conf_before = read_text (MIREDO_CONF);
  g_autofree char *conf_after = NULL;
  const char *status_argv[] = { "dpkg-query", "-W", "-f=${Status} ${Version}", PACKAGE, NULL };
  Run run;
  double start = now_ms ();
  int inner_status = 1;

  if (geteuid () != 0)
    skip_or_fail ("it needs root: it builds and installs the Debian package (in overlays of "
                  "/usr, /etc and /var inside a private mount namespace), runs its own system "
                  "D-Bus and polkitd, adds a throw-away user there and builds network "
                  "namespaces; run as root: meson test -C build --suite system");
  require_tools ();
  if (source_root == NULL || build_root == NULL)
    {
      g_print ("Bail out! TD_SOURCE_ROOT and TD_BUILD_ROOT are not set (run through meson test)\n");
      return 1;
    }

  scratch = g_dir_make_tmp ("td-system-XXXXXX", NULL);
  g_assert_nonnull (scratch);
  g_chmod (scratch, 0755);
  pids_path = g_build_filename (scratch, "pids", NULL);
  run_argv (status_argv, &run);
  dpkg_before = g_strdup_printf ("%d %s", run.status, run.out);
  run_clear (&run);

  /* 1. the package */
  if (g_getenv ("TD_SYSTEM_DEB") != NULL && *g_getenv ("TD_SYSTEM_DEB") != '\0')
    {
      deb = g_strdup (g_getenv ("TD_SYSTEM_DEB"));
      note ("using TD_SYSTEM_DEB=%s (no package build)", deb);
    }
  else
    deb = build_package (source_root, build_root);
  if (!check (deb != NULL && g_file_test (deb, G_FILE_TEST_IS_REGULAR),
              "make deb builds a lintian-clean package", "see the output above"))
    goto out;
  {
    struct stat st;

    if (stat (deb, &st) == 0)
      note ("%s: %lld bytes", deb, (long long) st.st_size);
  }

  /* 2. the same files as meson install */
  compare_file_lists (deb, build_root, scratch);

  /* 3. installed, Fix it, removed: in a private view of the machine */
  {
    const char *argv[] = { "unshare", "--mount", "--propagation", "private", "--", self, NULL };
    g_auto(GStrv) env = g_get_environ ();
    g_autoptr(GError) error = NULL;
    int wait_status = 0;

    env = g_environ_setenv (env, "TD_SYSTEM_INNER", "1", TRUE);
    env = g_environ_setenv (env, "TD_SYSTEM_DEB", deb, TRUE);
    env = g_environ_setenv (env, "TD_SYSTEM_SCRATCH", scratch, TRUE);
    env = g_environ_setenv (env, "TD_SYSTEM_FIRST_CHECK", "0", TRUE);
    {
      g_autofree char *first = g_strdup_printf ("%u", n_checks);
      env = g_environ_setenv (env, "TD_SYSTEM_FIRST_CHECK", first, TRUE);
    }
    fflush (stdout);
    if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN,
                       NULL, NULL, NULL, NULL, &wait_status, &error))
      check (FALSE, "the private view starts (unshare -m)", "%s", error->message);
    else if (WIFEXITED (wait_status))
      inner_status = WEXITSTATUS (wait_status);
    /* The inner process numbered its checks after ours. */
    {
      g_autofree char *path = g_build_filename (scratch, "counts", NULL);
      g_autofree char *counts = read_text (path);
      guint total = 0, failed = 0;

      if (counts != NULL && sscanf (counts, "%u %u", &total, &failed) == 2 && total >= n_checks)
        {
          n_failed += failed;
          n_checks = total;
        }
    }
    if (WIFSIGNALED (wait_status))
      check (FALSE, "the private part ends normally", "killed by signal %d",
             WTERMSIG (wait_status));
    else if (inner_status != 0 && n_failed == 0)
      check (FALSE, "the private part exits 0", "exit status %d", inner_status);
  }

out:
  /* 4. the guardian's part: nothing left, nothing changed */
  {
    g_autofree char *netns_path = g_build_filename (scratch, "netns", NULL);
    kill_leftovers (pids_path, netns_path);
  }
  run_argv (status_argv, &run);
  dpkg_after = g_strdup_printf ("%d %s", run.status, run.out);
  run_clear (&run);
  check (g_str_equal (dpkg_before, dpkg_after), "the machine's dpkg database did not change",
         "before: %s; after: %s", dpkg_before, dpkg_after);
  conf_after = read_text (MIREDO_CONF);
  check (g_strcmp0 (conf_before, conf_after) == 0,
         "the machine's " MIREDO_CONF " did not change", NULL);
  remove_tree (scratch);

  g_print ("1..%u\n", n_checks);
  note ("system suite: %u checks, %u failed, %.1f s", n_checks, n_failed,
        (now_ms () - start) / 1000.0);
  g_print ("%u passed, %u failed\n", n_checks - n_failed, n_failed);
  return n_failed == 0 ? 0 : 1;
}

/* ── the inner process: a private view of the machine ── */

typedef struct {
  const char *scratch;
  char       *pids_path;
  char       *user;
  gboolean    user_added;
  gboolean    installed;
  GPid        dbus_pid;
  GPid        polkitd_pid;
  TdLab      *lab;
  gboolean    lab_miredo;   /* a miredo was started through the init script */
  char       *log_dir;
} Inner;

static void
record_pid (Inner      *self,
            GPid        pid,
            const char *name)
{
  g_autofree char *line = g_strdup_printf ("%d %s\n", (int) pid, name);
  FILE *f = fopen (self->pids_path, "a");

  if (f != NULL)
    {
      fputs (line, f);
      fclose (f);
    }
}

/* The lab's network namespaces, by inode, for the outer process: it kills
 * whatever still runs in them when this one died. */
static void
record_lab_namespaces (Inner *self)
{
  g_autofree char *path = g_build_filename (self->scratch, "netns", NULL);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (int ns = 0; ns < TD_LAB_N_NS; ns++)
    {
      g_autofree char *ns_file = g_build_filename ("/run/netns",
                                                   td_lab_ns_name (self->lab, (TdLabNs) ns), NULL);
      struct stat st;

      if (stat (ns_file, &st) == 0)
        g_string_append_printf (ids, "net:[%llu]\n", (unsigned long long) st.st_ino);
    }
  g_file_set_contents (path, ids->str, -1, NULL);
}

static gboolean
mount_or_note (const char *source,
               const char *target,
               const char *type,
               const char *options)
{
  if (mount (source, target, type, 0, options) == 0)
    return TRUE;
  note ("mount -t %s %s %s (%s): %s", type, source, target, options ? options : "",
        g_strerror (errno));
  return FALSE;
}

/* /usr, /etc and /var as overlays (upper layers on a tmpfs), /run a tmpfs:
 * dpkg, useradd, the polkit rule and miredo's pid file stay in this view. */
static gboolean
make_private_view (Inner *self)
{
  g_autofree char *layers = g_build_filename (self->scratch, "layers", NULL);
  const char *dirs[] = { "usr", "etc", "var" };

  if (g_mkdir (layers, 0755) != 0 || !mount_or_note ("tmpfs", layers, "tmpfs", "mode=0755"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *upper = g_strdup_printf ("%s/%s-upper", layers, dirs[i]);
      g_autofree char *work = g_strdup_printf ("%s/%s-work", layers, dirs[i]);
      g_autofree char *target = g_strconcat ("/", dirs[i], NULL);
      g_autofree char *options = g_strdup_printf ("lowerdir=%s,upperdir=%s,workdir=%s",
                                                  target, upper, work);

      g_mkdir (upper, 0755);
      g_mkdir (work, 0755);
      if (!mount_or_note ("overlay", target, "overlay", options))
        return FALSE;
    }
  if (!mount_or_note ("tmpfs", "/run", "tmpfs", "mode=0755"))
    return FALSE;
  g_mkdir ("/run/dbus", 0755);
  g_mkdir ("/run/lock", 01777);
  g_chmod ("/run/lock", 01777);
  return TRUE;
}

static GPid
spawn_logged (Inner              *self,
              const char * const *argv,
              const char         *name)
{
  g_autofree char *log_path = g_strdup_printf ("%s/%s.log", self->log_dir, name);
  g_auto(GStrv) env = clean_environ ();
  g_autoptr(GError) error = NULL;
  int fd = open (log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  GPid pid = 0;

  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, (const char * const *) env,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL |
                                         G_SPAWN_SEARCH_PATH_FROM_ENVP,
                                         NULL, NULL, -1, fd, fd, NULL, NULL, 0,
                                         &pid, NULL, NULL, NULL, &error))
    {
      note ("could not start %s: %s", argv[0], error->message);
      pid = 0;
    }
  else
    record_pid (self, pid, name);
  if (fd >= 0)
    close (fd);
  return pid;
}

static char *
log_of (Inner      *self,
        const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.log", self->log_dir, name);
  char *text = read_text (path);

  return text != NULL ? text : g_strdup ("");
}

/* SIGTERM, up to 3 s, then SIGKILL; reaps. FALSE when it had to be killed. */
static gboolean
stop_pid (GPid *pid)
{
  gboolean clean = TRUE;
  int status;

  if (*pid <= 0)
    return TRUE;
  kill (*pid, SIGTERM);
  for (int i = 0; i < 300; i++)
    {
      if (waitpid (*pid, &status, WNOHANG) == *pid)
        {
          *pid = 0;
          return TRUE;
        }
      g_usleep (10 * 1000);
    }
  kill (*pid, SIGKILL);
  waitpid (*pid, &status, 0);
  *pid = 0;
  clean = FALSE;
  return clean;
}

static gboolean
name_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  bus = g_dbus_connection_new_for_address_sync ("unix:path=" BUS_SOCKET,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  return owned;
}

static gboolean
start_bus (Inner *self)
{
  const char *argv[] = { "dbus-daemon", "--system", "--nofork", "--nopidfile", NULL };

  self->dbus_pid = spawn_logged (self, argv, "dbus-daemon");
  for (int i = 0; i < 500 && self->dbus_pid > 0; i++)
    {
      if (g_file_test (BUS_SOCKET, G_FILE_TEST_EXISTS) && name_has_owner ("org.freedesktop.DBus"))
        return TRUE;
      g_usleep (10 * 1000);
    }
  return FALSE;
}

/* polkitd as root: it switches to the polkitd user itself. */
static gboolean
start_polkitd (Inner *self)
{
  const char *argv[] = { POLKITD, "--no-debug", NULL };

  self->polkitd_pid = spawn_logged (self, argv, "polkitd");
  for (int i = 0; i < 1000 && self->polkitd_pid > 0; i++)
    {
      int status;

      if (name_has_owner ("org.freedesktop.PolicyKit1"))
        return TRUE;
      if (waitpid (self->polkitd_pid, &status, WNOHANG) == self->polkitd_pid)
        {
          self->polkitd_pid = 0;
          break;
        }
      g_usleep (10 * 1000);
    }
  {
    g_autofree char *log = log_of (self, "polkitd");
    note ("polkitd did not take org.freedesktop.PolicyKit1 within 10 s:\n%s", log);
  }
  return FALSE;
}

static gboolean
write_rule (Inner      *self,
            const char *result)
{
  g_autofree char *rule = g_strdup_printf (
    "// Teredo Doctor system test: only this throw-away user, only this action.\n"
    "polkit.addRule(function(action, subject) {\n"
    "  if (action.id == \"" ACTION_ID "\" && subject.user == \"%s\")\n"
    "    return polkit.Result.%s;\n"
    "});\n", self->user, result);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (RULES_FILE, rule, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &error))
    {
      note ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* A new rule: polkitd started afresh, so it has certainly read it. */
static gboolean
use_rule (Inner      *self,
          const char *result)
{
  if (!stop_pid (&self->polkitd_pid))
    note ("polkitd had to be killed");
  return write_rule (self, result) && start_polkitd (self);
}

/* A zombie is gone too: its parent (PID 1 here, for a daemon) reaps it
 * whenever it gets round to it, and `kill -0` still succeeds meanwhile. */
static gboolean
process_alive (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat_text = NULL;
  const char *close_paren;

  if (pid <= 1)
    return FALSE;
  stat_text = read_text (path);
  if (stat_text == NULL)
    return FALSE;
  close_paren = strrchr (stat_text, ')');
  return close_paren != NULL && close_paren[1] == ' ' && close_paren[2] != 'Z' &&
         close_paren[2] != 'X';
}

/* Waits up to @timeout_ms for @pid to be gone. */
static gboolean
wait_gone (pid_t pid,
           guint timeout_ms)
{
  for (guint waited = 0; process_alive (pid); waited += 10)
    {
      if (waited >= timeout_ms)
        return FALSE;
      g_usleep (10 * 1000);
    }
  return TRUE;
}

static pid_t
miredo_pid (void)
{
  g_autofree char *text = read_text (MIREDO_PIDFILE);
  g_autofree char *comm_path = NULL;
  g_autofree char *comm = NULL;
  pid_t pid;

  if (text == NULL)
    return 0;
  pid = (pid_t) g_ascii_strtoll (text, NULL, 10);
  comm_path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  comm = read_text (comm_path);
  if (pid <= 1 || comm == NULL || !g_str_equal (g_strstrip (comm), "miredo") ||
      !process_alive (pid))
    return 0;
  return pid;
}

static gboolean
exec_in_lab (Inner              *self,
             const char * const *argv,
             guint               timeout_ms,
             TdLabRun           *run)
{
  g_autoptr(GError) error = NULL;

  if (!td_lab_exec (self->lab, TD_LAB_NS_DIRECT, TD_LAB_AS_ROOT, argv, timeout_ms, run, &error))
    {
      note ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Runs the installed CLI as the test user, in the lab's direct namespace,
 * with an empty environment (pkexec clears it anyway). */
static gboolean
run_as_user (Inner              *self,
             const char * const *cli_args,
             TdLabRun           *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup ("setpriv"));
  g_ptr_array_add (argv, g_strdup_printf ("--reuid=%s", self->user));
  g_ptr_array_add (argv, g_strdup_printf ("--regid=%s", self->user));
  g_ptr_array_add (argv, g_strdup ("--init-groups"));
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup ("/usr/bin/env"));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup ("PATH=/usr/bin:/bin"));
  g_ptr_array_add (argv, g_strdup ("LC_ALL=C.UTF-8"));
  g_ptr_array_add (argv, g_strdup ("HOME=/nonexistent"));
  g_ptr_array_add (argv, g_strdup (INSTALLED_CLI));
  for (guint i = 0; cli_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (cli_args[i]));
  g_ptr_array_add (argv, NULL);
  return exec_in_lab (self, (const char * const *) argv->pdata, 120000, run);
}

static JsonObject *
parse_json (JsonParser *parser,
            const char *text,
            const char *what)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, &error))
    {
      note ("%s is not JSON (%s):\n%s", what, error ? error->message : "no output",
            text ? text : "");
      return NULL;
    }
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* `teredo-doctor-cli host --json` as the user: client.server_name. */
static char *
host_server_name (Inner *self)
{
  const char *args[] = { "host", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  TdLabRun run = { 0 };
  JsonObject *root;
  JsonObject *client;
  char *name = NULL;

  if (!run_as_user (self, args, &run))
    return NULL;
  root = parse_json (parser, run.out, "teredo-doctor-cli host --json");
  client = root != NULL && json_object_has_member (root, "client")
             ? json_object_get_object_member (root, "client") : NULL;
  if (client != NULL && object_string (client, "server_name") != NULL)
    name = g_strdup (object_string (client, "server_name"));
  else
    note ("host --json (exit %d) has no client.server_name:\n%s%s", run.exit_status,
          run.out, run.err);
  td_lab_run_clear (&run);
  return name;
}

/* Waits until miredo in the direct namespace has its Teredo address. */
static char *
wait_teredo_address (Inner *self,
                     guint  timeout_ms)
{
  const char *argv[] = { "ip", "-6", "-o", "addr", "show", "dev", "teredo", NULL };
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      TdLabRun run = { 0 };

      if (exec_in_lab (self, argv, 5000, &run) && run.exit_status == 0)
        {
          char *hit = strstr (run.out, TD_LAB_TEREDO_PREFIX);

          if (hit != NULL)
            {
              char *address = g_strndup (hit, strcspn (hit, "/ "));
              td_lab_run_clear (&run);
              return address;
            }
        }
      td_lab_run_clear (&run);
      g_usleep (100 * 1000);
    }
  return NULL;
}

static const char initial_conf[] =
  "# Teredo Doctor system test: miredo's configuration in the private view\n"
  "InterfaceName\tteredo\n"
  "ServerAddress\t" UNREACHABLE_SERVER "\n"
  "#BindPort\t3545\n";
static const char fixed_conf[] =
  "# Teredo Doctor system test: miredo's configuration in the private view\n"
  "InterfaceName\tteredo\n"
  "ServerAddress " TD_LAB_SERVER_PRIMARY "\n"
  "#BindPort\t3545\n";

/* The installed programs run from /usr: the CLI's whole diagnosis as the
 * user, and the GUI on a private X server (it must still be running, with
 * no critical warning, after a few seconds: `timeout` then ends it). */
static void
installed_programs_run (Inner *self)
{
  const char *diagnose[] = { "diagnose", "--client-wait", "0", "--format", "json",
                             "--only", "ipv6-stack,global-cloud,teredo-client,server-dns,"
                             "server-udp,nat-type", "--server", TD_LAB_SERVER_PRIMARY, NULL };
  const char *gui[] = { "xvfb-run", "-a", "-s", "-screen 0 1024x768x24", "/usr/bin/env",
                        "GTK_A11Y=none", "GSK_RENDERER=cairo", "timeout", "4",
                        "/usr/bin/teredo-doctor", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  TdLabRun run = { 0 };
  JsonObject *root;

  if (check (run_as_user (self, diagnose, &run), "as the user: /usr/bin/teredo-doctor-cli diagnose",
             "could not start it"))
    {
      root = parse_json (parser, run.out, "diagnose --format json");
      check ((run.exit_status == 0 || run.exit_status == 1) && root != NULL &&
             json_object_has_member (root, "verdict"),
             "the installed CLI diagnoses (a verdict, exit status 0 or 1)", "exit status %d: %s",
             run.exit_status, run.err);
    }
  td_lab_run_clear (&run);
  if (check (exec_in_lab (self, gui, 60000, &run), "/usr/bin/teredo-doctor under Xvfb",
             "could not start it"))
    check (run.exit_status == 124 && strstr (run.err, "-CRITICAL **") == NULL,
           "the installed GUI starts and keeps running (ended by timeout, no critical warning)",
           "exit status %d: %s", run.exit_status, run.err);
  td_lab_run_clear (&run);
}

static void
fix_allowed (Inner *self)
{
  const char *args[] = { "fix", "--elevate", "--json", "miredo-set-server",
                         TD_LAB_SERVER_PRIMARY, NULL };
  const char *expected_argv[] = { "pkexec", INSTALLED_CLI, "fix", "miredo-set-server",
                                  TD_LAB_SERVER_PRIMARY, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  TdLabRun run = { 0 };
  JsonObject *root = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *address = NULL;
  g_autofree char *server = NULL;
  pid_t before = miredo_pid ();
  pid_t after;
  double start;

  if (!check (use_rule (self, "YES"), "polkit rule: the test user may (polkit.Result.YES)",
              NULL))
    return;
  start = now_ms ();
  if (!check (run_as_user (self, args, &run),
              "as the user: teredo-doctor-cli fix --elevate miredo-set-server " TD_LAB_SERVER_PRIMARY,
              "could not start it"))
    return;
  note ("fix --elevate took %.0f ms, exit status %d:\n%s%s", now_ms () - start,
        run.exit_status, run.out, run.err);
  root = parse_json (parser, run.out, "fix --elevate --json");
  check (run.exit_status == 0 && root != NULL && json_object_get_boolean_member (root, "ok"),
         "authorized: the fix ran (exit status 0, ok)", "exit status %d", run.exit_status);
  if (root != NULL)
    {
      JsonArray *argv = json_object_get_array_member (root, "elevated_argv");
      gboolean same = argv != NULL && json_array_get_length (argv) == 5;

      for (guint i = 0; same && expected_argv[i] != NULL; i++)
        same = g_strcmp0 (json_array_get_string_element (argv, i), expected_argv[i]) == 0;
      check (same, "the GUI's path: pkexec " INSTALLED_CLI " fix miredo-set-server "
             TD_LAB_SERVER_PRIMARY, NULL);
      check (json_object_get_int_member (root, "exit_status") == 0,
             "the elevated CLI's exit status is reported (0)", NULL);
      check (object_string (root, "output") != NULL &&
             strstr (object_string (root, "output"),
                     "ServerAddress " TD_LAB_SERVER_PRIMARY " → " MIREDO_CONF) != NULL &&
             strstr (object_string (root, "output"), "$ service miredo force-start") != NULL,
             "its output: the file it wrote and the init script it ran", NULL);
    }

  conf = read_text (MIREDO_CONF);
  check (g_strcmp0 (conf, fixed_conf) == 0,
         MIREDO_CONF " has the new server, every other line kept",
         "it is now:\n%s", conf ? conf : "(unreadable)");
  after = miredo_pid ();
  if (after > 0)
    record_pid (self, after, "miredo");
  check (after > 0 && after != before && (before == 0 || wait_gone (before, 3000)),
         "miredo was restarted through the init script (a new PID)",
         "PID before %d, after %d", (int) before, (int) after);
  address = wait_teredo_address (self, 20000);
  check (address != NULL, "the restarted miredo qualifies against the lab server",
         "no " TD_LAB_TEREDO_PREFIX "… address on teredo within 20 s");
  if (address != NULL)
    note ("miredo's Teredo address: %s", address);
  server = host_server_name (self);
  check (g_strcmp0 (server, TD_LAB_SERVER_PRIMARY) == 0,
         "re-check as the user (host --json): client.server_name is " TD_LAB_SERVER_PRIMARY,
         "it is %s", server ? server : "(none)");
  td_lab_run_clear (&run);
}

static void
fix_denied (Inner *self)
{
  const char *args[] = { "fix", "--elevate", "--json", "miredo-set-server",
                         TD_LAB_SERVER_SECONDARY, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  TdLabRun run = { 0 };
  JsonObject *root = NULL;
  g_autofree char *conf_before = read_text (MIREDO_CONF);
  g_autofree char *conf_after = NULL;
  g_autofree char *server = NULL;
  pid_t before = miredo_pid ();

  if (!check (use_rule (self, "NO"), "polkit rule: the test user may not (polkit.Result.NO)",
              NULL))
    return;
  if (!check (run_as_user (self, args, &run),
              "as the user: fix --elevate miredo-set-server " TD_LAB_SERVER_SECONDARY,
              "could not start it"))
    return;
  note ("exit status %d:\n%s%s", run.exit_status, run.out, run.err);
  root = parse_json (parser, run.out, "fix --elevate --json");
  check (run.exit_status == 1 && root != NULL && !json_object_get_boolean_member (root, "ok"),
         "denied: the CLI fails (exit status 1)", "exit status %d", run.exit_status);
  if (root != NULL)
    {
      JsonObject *error = json_object_get_member (root, "error") != NULL &&
                          JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error"))
                            ? json_object_get_object_member (root, "error") : NULL;

      check (json_object_get_int_member (root, "exit_status") == 127,
             "pkexec's exit status 127 is reported", "%" G_GINT64_FORMAT,
             json_object_get_int_member (root, "exit_status"));
      check (error != NULL && g_strcmp0 (object_string (error, "code"), "permission") == 0 &&
             strstr (object_string (error, "message"), "not authorized") != NULL,
             "the reason: not authorized", NULL);
      check (object_string (root, "output") != NULL &&
             strstr (object_string (root, "output"), "Not authorized") != NULL,
             "pkexec's own words are in the output", NULL);
    }
  check (run.err != NULL && strstr (run.err, "not authorized") != NULL,
         "stderr says why", "%s", run.err);
  conf_after = read_text (MIREDO_CONF);
  check (conf_before != NULL && g_strcmp0 (conf_before, conf_after) == 0,
         MIREDO_CONF " is byte for byte unchanged", NULL);
  check (before > 0 && miredo_pid () == before && process_alive (before),
         "miredo was not restarted", "PID before %d, now %d", (int) before, (int) miredo_pid ());
  server = host_server_name (self);
  check (g_strcmp0 (server, TD_LAB_SERVER_PRIMARY) == 0,
         "host --json still reads " TD_LAB_SERVER_PRIMARY, "it is %s", server ? server : "(none)");
  td_lab_run_clear (&run);
}

static gboolean
install_package (Inner      *self,
                 const char *deb)
{
  const char *install[] = { "dpkg", "-i", deb, NULL };
  const char *status[] = { "dpkg-query", "-W", "-f=${Status}", PACKAGE, NULL };
  const char *version[] = { INSTALLED_CLI, "--version", NULL };
  const char *keys[] = { "gsettings", "list-keys", "io.github.teredodoctor.TeredoDoctor", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) files = package_files (deb);
  g_autoptr(GString) missing = g_string_new (NULL);
  double start = now_ms ();

  if (!check (run_ok (install, NULL), "dpkg -i installs the package", NULL))
    return FALSE;
  self->installed = TRUE;
  note ("dpkg -i took %.0f ms (triggers included)", now_ms () - start);
  run_ok (status, &out);
  check (g_strcmp0 (out, "install ok installed") == 0, "dpkg: install ok installed", "%s", out);
  g_clear_pointer (&out, g_free);
  for (guint i = 0; i < files->len; i++)
    if (!g_file_test (g_ptr_array_index (files, i), G_FILE_TEST_EXISTS))
      g_string_append_printf (missing, " %s", (char *) g_ptr_array_index (files, i));
  check (files->len > 0 && missing->len == 0, "every file of the package is installed",
         "missing:%s", missing->str);
  check (run_ok (version, NULL), INSTALLED_CLI " --version runs", NULL);
  /* The trigger of libglib2.0-0 compiled the schema into the system's. */
  run_ok (keys, &out);
  check (out != NULL && strstr (out, "helpdesk-url") != NULL,
         "the GSettings schema is compiled in (gsettings list-keys)", "%s", out);
  return TRUE;
}

static void
remove_package (Inner      *self,
                const char *deb)
{
  const char *remove[] = { "dpkg", "-r", PACKAGE, NULL };
  const char *purge[] = { "dpkg", "-P", PACKAGE, NULL };
  const char *status[] = { "dpkg-query", "-W", "-f=${Status}", PACKAGE, NULL };
  const char *schemas[] = { "gsettings", "list-schemas", NULL };
  g_autoptr(GPtrArray) files = package_files (deb);
  g_autoptr(GString) left = g_string_new (NULL);
  g_autofree char *out = NULL;
  Run run;

  if (!self->installed)
    return;
  check (run_ok (remove, NULL), "dpkg -r removes the package", NULL);
  for (guint i = 0; i < files->len; i++)
    if (g_file_test (g_ptr_array_index (files, i), G_FILE_TEST_EXISTS))
      g_string_append_printf (left, " %s", (char *) g_ptr_array_index (files, i));
  check (left->len == 0, "no file of the package is left after dpkg -r", "left:%s", left->str);
  run_ok (schemas, &out);
  check (out != NULL && strstr (out, "io.github.teredodoctor.TeredoDoctor") == NULL,
         "the schema is gone from the compiled schemas", NULL);
  check (run_ok (purge, NULL), "dpkg -P purges it", NULL);
  self->installed = FALSE;
  run_argv (status, &run);
  check (run.status != 0 || strstr (run.out, "not-installed") != NULL,
         "dpkg keeps no trace of it", "dpkg-query says: %s%s", run.out, run.err);
  run_clear (&run);
}

static gboolean
add_user (Inner *self)
{
  const char *argv[] = { "useradd", "--no-create-home", "--user-group", "--shell",
                         "/usr/sbin/nologin", "--home-dir", "/nonexistent", NULL, NULL };

  self->user = g_strdup_printf ("tdsys%08x", g_random_int ());
  argv[7] = self->user;
  self->user_added = run_ok (argv, NULL) && getpwnam (self->user) != NULL;
  return self->user_added;
}

static void
inner_cleanup (Inner      *self,
               const char *deb)
{
  g_autoptr(GError) error = NULL;

  if (self->lab != NULL)
    {
      if (self->lab_miredo)
        {
          const char *argv[] = { "service", "miredo", "stop", NULL };
          TdLabRun run = { 0 };
          pid_t pid = miredo_pid ();

          exec_in_lab (self, argv, 20000, &run);
          td_lab_run_clear (&run);
          if (pid > 0 && !wait_gone (pid, 5000))
            {
              kill (pid, SIGKILL);
              check (FALSE, "the init script stops miredo", "PID %d had to be killed", (int) pid);
            }
        }
      check (td_lab_destroy (self->lab, &error), "the lab is torn down cleanly",
             "%s", error ? error->message : "");
      self->lab = NULL;
    }
  if (!stop_pid (&self->polkitd_pid))
    note ("polkitd had to be killed");
  if (!stop_pid (&self->dbus_pid))
    note ("dbus-daemon had to be killed");
  if (self->user_added)
    {
      const char *argv[] = { "userdel", self->user, NULL };

      check (run_ok (argv, NULL) && getpwnam (self->user) == NULL,
             "the test user is removed again", NULL);
      self->user_added = FALSE;
    }
  remove_package (self, deb);
}

static int
inner_main (void)
{
  Inner self = { 0 };
  const char *deb = g_getenv ("TD_SYSTEM_DEB");
  g_autoptr(GError) error = NULL;

  self.scratch = g_getenv ("TD_SYSTEM_SCRATCH");
  n_checks = (guint) g_ascii_strtoull (g_getenv ("TD_SYSTEM_FIRST_CHECK"), NULL, 10);
  counts_path = g_build_filename (self.scratch, "counts", NULL);
  self.pids_path = g_build_filename (self.scratch, "pids", NULL);
  self.log_dir = g_build_filename (self.scratch, "logs", NULL);
  g_mkdir (self.log_dir, 0755);

  if (!check (make_private_view (&self),
              "private view: overlays on /usr, /etc, /var and a tmpfs on /run", NULL))
    goto out;
  if (!install_package (&self, deb))
    goto out;

  /* The actors. */
  if (!check (add_user (&self), "a throw-away user (useradd)", NULL))
    goto out;
  note ("test user: %s", self.user);
  if (!check (write_rule (&self, "YES") && start_bus (&self),
              "a system bus of our own on " BUS_SOCKET, "%s", log_of (&self, "dbus-daemon")))
    goto out;
  if (!check (start_polkitd (&self), "polkitd owns org.freedesktop.PolicyKit1", NULL))
    goto out;

  /* The lab and miredo as the machine runs it. */
  self.lab = td_lab_new (&error);
  if (!check (self.lab != NULL && td_lab_start_server (self.lab, &error),
              "lab: namespaces and miredo-server on " TD_LAB_SERVER_PRIMARY "/.11",
              "%s", error ? error->message : ""))
    goto out;
  note ("lab prefix: %s", td_lab_prefix (self.lab));
  record_lab_namespaces (&self);
  {
    const char *argv[] = { "service", "miredo", "force-start", NULL };
    TdLabRun run = { 0 };
    g_autoptr(GError) e = NULL;

    if (!g_file_set_contents_full (MIREDO_CONF, initial_conf, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, &e))
      {
        check (FALSE, "write " MIREDO_CONF " in the private view", "%s", e->message);
        goto out;
      }
    self.lab_miredo = TRUE;
    exec_in_lab (&self, argv, 20000, &run);
    if (miredo_pid () > 0)
      record_pid (&self, miredo_pid (), "miredo");
    if (!check (run.exit_status == 0 && miredo_pid () > 0,
                "miredo started by the init script (server " UNREACHABLE_SERVER ")",
                "exit status %d:\n%s%s", run.exit_status, run.out, run.err))
      {
        td_lab_run_clear (&run);
        goto out;
      }
    td_lab_run_clear (&run);
  }

  installed_programs_run (&self);
  fix_allowed (&self);
  fix_denied (&self);

out:
  inner_cleanup (&self, deb);
  save_counts ();
  g_free (self.pids_path);
  g_free (self.log_dir);
  g_free (self.user);
  return n_failed == 0 ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  /* Unbuffered enough for meson's log when something hangs. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (g_getenv ("TD_SYSTEM_INNER") != NULL)
    return inner_main ();
  return outer_main ();
}
