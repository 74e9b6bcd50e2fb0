/* test-host-macos.c — the macOS host backend against fake commands on PATH
 *
 * Fake ifconfig, netstat, socketfilterfw and pfctl (written per test in a
 * temporary folder) print the macOS fixtures of tests/data/macos/; the
 * backend is selected with TD_PLATFORM_MACOS, as `--platform macos` does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "td-async.h"
#include "td-error.h"
#include "td-host-collect.h"
#include "td-host-json.h"
#include "td-host.h"
#include "td-test-fakes.h"

static char *
data_path (const char *name)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "tests", "data", "macos", name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "macos", name, NULL);
}

typedef struct {
  char *dir;
} FakeMac;

static void
fake_mac_free (FakeMac *fake)
{
  g_autoptr(GDir) dir = g_dir_open (fake->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fake->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fake->dir);
  g_free (fake->dir);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeMac, fake_mac_free)

static FakeMac *
fake_mac_new (void)
{
  g_autoptr(GError) error = NULL;
  FakeMac *fake = g_new0 (FakeMac, 1);

  fake->dir = g_dir_make_tmp ("td-host-macos-XXXXXX", &error);
  g_assert_no_error (error);
  return fake;
}

/* A fake tool printing a fixture (its '#' header lines dropped, as the
 * real tool never prints them) to stdout or stderr. */
static void
fake_tool (FakeMac    *fake,
           const char *name,
           const char *fixture,
           gboolean    to_stderr,
           int         status)
{
  g_autofree char *path = g_build_filename (fake->dir, name, NULL);
  g_autofree char *data = data_path (fixture);
  g_autofree char *text = NULL;
  g_autofree char *body_path = g_strdup_printf ("%s.out", path);
  g_autofree char *script = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (data, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '#')
      {
        g_string_append (kept, lines[i]);
        if (lines[i + 1] != NULL)
          g_string_append_c (kept, '\n');
      }
  g_file_set_contents (body_path, kept->str, -1, &error);
  g_assert_no_error (error);
  script = g_strdup_printf ("#!/bin/sh\n/bin/cat '%s'%s\nexit %d\n", body_path,
                            to_stderr ? " >&2" : "", status);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

/* What a collection gave: the host, or why not. */
typedef struct {
  TdHost *host;
  GError *error;
} Wait;

static TdHost *
collect (FakeMac *fake)
{
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  g_setenv ("PATH", fake->dir, TRUE);
  td_host_collect_async (TD_PLATFORM_MACOS, NULL, td_async_keep_result, &result);
  wait.host = td_host_collect_finish (td_async_wait (&result), &wait.error);
  g_setenv ("PATH", old_path, TRUE);
  g_assert_no_error (wait.error);
  return wait.host;
}

static const TdFirewallSource *
find_source (TdHost     *host,
             const char *name)
{
  for (guint i = 0; i < host->firewall->sources->len; i++)
    {
      const TdFirewallSource *source = g_ptr_array_index (host->firewall->sources, i);

      if (g_str_equal (source->name, name))
        return source;
    }
  return NULL;
}

static void
test_typical (void)
{
  g_autoptr(FakeMac) fake = fake_mac_new ();
  g_autoptr(TdHost) host = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(TdHost) again = NULL;
  g_autoptr(GError) error = NULL;
  const TdHostCloud *cloud;
  const TdFirewallSource *source;

  fake_tool (fake, "ifconfig", "ifconfig-macos-lo0-en0-utun-teredo-handwritten.txt", FALSE, 0);
  fake_tool (fake, "netstat", "netstat-rn-f-inet6-macos-two-defaults-handwritten.txt", FALSE, 0);
  fake_tool (fake, "socketfilterfw", "socketfilterfw-getglobalstate-enabled-handwritten.txt", FALSE, 0);
  fake_tool (fake, "pfctl", "pfctl-s-info-disabled-handwritten.txt", FALSE, 0);
  host = collect (fake);

  g_assert_cmpint (host->platform, ==, TD_PLATFORM_MACOS);
  g_assert_cmpuint (host->errors->len, ==, 0);
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_YES);
  g_assert_cmpuint (host->addresses->len, ==, 5);
  g_assert_cmpstr (((TdHostAddress *) g_ptr_array_index (host->addresses, 0))->address, ==, "::1");
  g_assert_cmpstr (((TdHostAddress *) g_ptr_array_index (host->addresses, 4))->address, ==,
                   "2001:0:53aa:64c:1c2b:3d4e:a5b6:c7d8");
  g_assert_cmpint (((TdHostAddress *) g_ptr_array_index (host->addresses, 4))->origin, ==,
                   TD_ADDRESS_ORIGIN_TEREDO);
  g_assert_cmpint (((TdHostAddress *) g_ptr_array_index (host->addresses, 4))->prefix_length, ==, 32);
  g_assert_cmpint (host->default_route, ==, TD_TRISTATE_YES);
  g_assert_cmpstr (host->default_route_interface, ==, "en0");
  g_assert_cmpint (host->pnrp, ==, TD_PNRP_NOT_APPLICABLE);

  /* Global_ from the Teredo address; no cloud on lo0. */
  g_assert_cmpuint (host->clouds->len, ==, 3);
  cloud = g_ptr_array_index (host->clouds, 0);
  g_assert_cmpstr (cloud->name, ==, "Global_");
  cloud = g_ptr_array_index (host->clouds, 1);
  g_assert_cmpstr (cloud->name, ==, "LinkLocal_en0");
  cloud = g_ptr_array_index (host->clouds, 2);
  g_assert_cmpstr (cloud->name, ==, "LinkLocal_2001::/32");
  g_assert_cmpstr (cloud->interface, ==, "utun3");

  /* No native Teredo client on macOS. */
  g_assert_cmpint (host->client->implementation, ==, TD_CLIENT_IMPL_NONE);
  g_assert_cmpint (host->client->state, ==, TD_TEREDO_STATE_OFFLINE);

  g_assert_cmpint (host->firewall->active, ==, TD_TRISTATE_YES);
  g_assert_cmpint (host->firewall->covers_ipv6, ==, TD_TRISTATE_YES);
  g_assert_cmpstr (host->firewall->name, ==, "application-firewall");
  source = find_source (host, "pf");
  g_assert_nonnull (source);
  g_assert_cmpint (source->active, ==, TD_TRISTATE_NO);
  g_assert_null (host->windows);

  json = td_host_to_json (host, TD_HOST_JSON_EVIDENCE);
  again = td_host_from_json (json, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) reread = td_host_to_json (again, TD_HOST_JSON_EVIDENCE);
    g_assert_true (json_node_equal (json, reread));
  }
}

static void
test_no_default_pf_denied (void)
{
  g_autoptr(FakeMac) fake = fake_mac_new ();
  g_autoptr(TdHost) host = NULL;
  const TdHostError *error;
  const TdFirewallSource *source;

  fake_tool (fake, "ifconfig", "ifconfig-macos-lo0-en0-utun-teredo-handwritten.txt", FALSE, 0);
  fake_tool (fake, "netstat", "netstat-rn-f-inet6-macos-old-columns-no-default-handwritten.txt", FALSE, 0);
  fake_tool (fake, "socketfilterfw", "socketfilterfw-getglobalstate-disabled-handwritten.txt", FALSE, 0);
  fake_tool (fake, "pfctl", "pfctl-s-info-permission-denied-handwritten.txt", TRUE, 1);
  host = collect (fake);

  g_assert_cmpint (host->default_route, ==, TD_TRISTATE_NO);
  /* pf could not be read, but the application firewall could: known. */
  error = td_host_get_error (host, "firewall.pf");
  g_assert_nonnull (error);
  g_assert_cmpstr (error->code, ==, "permission");
  g_assert_cmpstr (error->message, ==, "needs administrator rights: run `sudo pfctl -s info`");
  source = find_source (host, "pf");
  g_assert_nonnull (source);
  g_assert_cmpint (source->present, ==, TD_TRISTATE_UNSET);
  g_assert_null (td_host_get_error (host, "firewall"));
  g_assert_cmpint (host->firewall->present, ==, TD_TRISTATE_YES);
  g_assert_cmpint (host->firewall->active, ==, TD_TRISTATE_NO);

  /* Only pf, and refused: unknown, with the command to run. */
  {
    g_autofree char *path = g_build_filename (fake->dir, "socketfilterfw", NULL);
    g_autoptr(TdHost) only_pf = NULL;

    g_assert_cmpint (g_unlink (path), ==, 0);
    only_pf = collect (fake);
    g_assert_cmpint (only_pf->firewall->present, ==, TD_TRISTATE_UNSET);
    error = td_host_get_error (only_pf, "firewall");
    g_assert_nonnull (error);
    g_assert_cmpstr (error->code, ==, "permission");
    g_assert_cmpstr (error->message, ==, "unknown — needs administrator rights: run `sudo pfctl -s info`");
    g_assert_nonnull (td_host_get_error (only_pf, "firewall.application-firewall"));
  }
}

static void
test_missing_and_junk (void)
{
  g_autoptr(FakeMac) fake = fake_mac_new ();
  g_autoptr(TdHost) host = NULL;
  g_autoptr(TdHost) junk = NULL;

  host = collect (fake);
  g_assert_cmpstr (td_host_get_error (host, "addresses")->code, ==, "not-found");
  g_assert_cmpstr (td_host_get_error (host, "addresses")->message, ==, "ifconfig not found on PATH");
  g_assert_cmpstr (td_host_get_error (host, "default_route")->code, ==, "not-found");
  g_assert_cmpstr (td_host_get_error (host, "ipv6")->code, ==, "not-found");
  g_assert_nonnull (td_host_get_error (host, "firewall"));
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_UNSET);
  g_assert_nonnull (host->client);

  /* Every tool printing another tool's output. */
  fake_tool (fake, "ifconfig", "pfctl-s-info-enabled-handwritten.txt", FALSE, 0);
  fake_tool (fake, "netstat", "socketfilterfw-getglobalstate-enabled-handwritten.txt", FALSE, 0);
  fake_tool (fake, "socketfilterfw", "pfctl-s-info-enabled-handwritten.txt", FALSE, 0);
  fake_tool (fake, "pfctl", "socketfilterfw-getglobalstate-enabled-handwritten.txt", FALSE, 0);
  junk = collect (fake);
  g_assert_cmpstr (td_host_get_error (junk, "addresses")->code, ==, "parse");
  g_assert_cmpstr (td_host_get_error (junk, "default_route")->code, ==, "parse");
  g_assert_cmpstr (td_host_get_error (junk, "firewall")->code, ==, "parse");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("TD_COMMAND_TIMEOUT_MS", "5000", TRUE);

  td_test_add_unix_func ("/host-macos/typical", test_typical);
  td_test_add_unix_func ("/host-macos/no-default-pf-denied", test_no_default_pf_denied);
  td_test_add_unix_func ("/host-macos/missing-and-junk", test_missing_and_junk);

  return g_test_run ();
}
