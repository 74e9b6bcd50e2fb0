/* test-host-linux.c — the Linux host backend on a fake /proc and fake tools
 *
 * TD_PROC_ROOT points the backend at a temporary tree holding
 * proc/net/if_inet6, proc/net/ipv6_route, the disable_ipv6 sysctls and fake
 * processes (comm, cmdline, ns/net links); PATH holds fake nft / ip6tables /
 * ufw / miredo scripts printing files from tests/data/linux/.  Nothing here
 * reads the real host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "td-async.h"
#include "td-error.h"
#include "td-host-collect.h"
#include "td-host-json.h"
#include "td-host.h"
#include "td-linux-parse.h"
#include "td-test-fakes.h"

#define OUR_NS   "net:[4026531992]"
#define OTHER_NS "net:[4026532281]"

static char *
data_path (const char *name)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "tests", "data", "linux", name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "data", "linux", name, NULL);
}

static char *
data_text (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* ---- a fake root ------------------------------------------------------- */

typedef struct {
  char *root;
  char *bin;
} Fake;

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fake_free (Fake *fake)
{
  remove_tree (fake->root);
  g_free (fake->root);
  g_free (fake->bin);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

static char *
fake_path (Fake       *fake,
           const char *relative)
{
  g_autofree char *path = g_build_filename (fake->root, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  return g_steal_pointer (&path);
}

static void
fake_write (Fake       *fake,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = fake_path (fake, relative);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fake_copy (Fake       *fake,
           const char *relative,
           const char *data_name)
{
  g_autofree char *text = data_text (data_name);

  fake_write (fake, relative, text);
}

static void
fake_link (Fake       *fake,
           const char *relative,
           const char *target)
{
  g_autofree char *path = fake_path (fake, relative);

  g_autoptr(GFile) link = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  /* Not on Windows: only the collections read these, and they are
   * skipped there. */
  if (!g_file_make_symbolic_link (link, target, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return;
  g_assert_no_error (error);
}

/* A fake tool: prints @stdout_file (a tests/data/linux file, or NULL),
 * @stderr_text, and exits with @status. */
static void
fake_tool (Fake       *fake,
           const char *name,
           const char *stdout_file,
           const char *stderr_text,
           int         status)
{
  g_autofree char *path = g_build_filename (fake->bin, name, NULL);
  g_autofree char *data = stdout_file ? data_path (stdout_file) : NULL;
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;

  script = g_strdup_printf ("#!/bin/sh\n%s%s%s%s%s%sexit %d\n",
                            data ? "/bin/cat '" : "", data ? data : "", data ? "'\n" : "",
                            stderr_text ? "printf '%s\\n' '" : "", stderr_text ? stderr_text : "",
                            stderr_text ? "' >&2\n" : "", status);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

/* The usual host: full if_inet6, a default route, IPv6 on everywhere. */
static Fake *
fake_new (void)
{
  g_autoptr(GError) error = NULL;
  Fake *fake = g_new0 (Fake, 1);

  fake->root = g_dir_make_tmp ("td-host-linux-XXXXXX", &error);
  g_assert_no_error (error);
  fake->bin = g_build_filename (fake->root, "bin", NULL);
  g_assert_cmpint (g_mkdir (fake->bin, 0755), ==, 0);

  fake_copy (fake, "proc/net/if_inet6", "if_inet6-full.txt");
  fake_copy (fake, "proc/net/ipv6_route", "ipv6_route-default.txt");
  fake_write (fake, "proc/sys/net/ipv6/conf/all/disable_ipv6", "0\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/default/disable_ipv6", "0\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/lo/disable_ipv6", "0\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/eth0/disable_ipv6", "0\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/eth1/disable_ipv6", "0\n");
  fake_link (fake, "proc/self/ns/net", OUR_NS);
  /* A process that is not miredo, to be skipped. */
  fake_write (fake, "proc/1/comm", "init\n");
  fake_tool (fake, "nft", "nft-empty.json", NULL, 0);
  return fake;
}

/* A fake process: /proc/PID/{comm,cmdline,ns/net}. */
static void
fake_process (Fake       *fake,
              const char *pid,
              const char *comm,
              const char *netns,
              const char *config)
{
  g_autofree char *comm_path = g_strdup_printf ("proc/%s/comm", pid);
  g_autofree char *cmdline_path = g_strdup_printf ("proc/%s/cmdline", pid);
  g_autofree char *ns_path = g_strdup_printf ("proc/%s/ns/net", pid);
  g_autofree char *comm_text = g_strdup_printf ("%s\n", comm);
  g_autofree char *full = fake_path (fake, cmdline_path);
  g_autoptr(GString) cmdline = g_string_new ("/usr/sbin/miredo");
  g_autoptr(GError) error = NULL;

  fake_write (fake, comm_path, comm_text);
  g_string_append_c (cmdline, '\0');
  g_string_append (cmdline, "-f");
  g_string_append_c (cmdline, '\0');
  if (config != NULL)
    {
      g_string_append (cmdline, "-c");
      g_string_append_c (cmdline, '\0');
      g_string_append (cmdline, config);
      g_string_append_c (cmdline, '\0');
    }
  g_file_set_contents (full, cmdline->str, cmdline->len, &error);
  g_assert_no_error (error);
  fake_link (fake, ns_path, netns);
}

/* What a collection gave: the host, or why not. */
typedef struct {
  TdHost *host;
  GError *error;
} Wait;

static TdHost *
collect (Fake *fake)
{
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };

  g_setenv ("TD_PROC_ROOT", fake->root, TRUE);
  g_setenv ("TD_SBIN_PATH", "", TRUE);
  g_setenv ("PATH", fake->bin, TRUE);
  td_host_collect_async (TD_PLATFORM_LINUX, NULL, td_async_keep_result, &result);
  wait.host = td_host_collect_finish (td_async_wait (&result), &wait.error);
  g_setenv ("PATH", old_path, TRUE);
  g_unsetenv ("TD_PROC_ROOT");

  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.host);
  return wait.host;
}

static const TdHostAddress *
find_address (TdHost     *host,
              const char *text)
{
  for (guint i = 0; i < host->addresses->len; i++)
    {
      const TdHostAddress *address = g_ptr_array_index (host->addresses, i);

      if (g_str_equal (address->address, text))
        return address;
    }
  return NULL;
}

static const TdHostCloud *
find_cloud (TdHost     *host,
            const char *name)
{
  for (guint i = 0; i < host->clouds->len; i++)
    {
      const TdHostCloud *cloud = g_ptr_array_index (host->clouds, i);

      if (g_str_equal (cloud->name, name))
        return cloud;
    }
  return NULL;
}

/* ---- parsers ----------------------------------------------------------- */

static void
test_if_inet6 (void)
{
  g_autofree char *text = data_text ("if_inet6-full.txt");
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) td_host_address_free);
  g_autoptr(GError) error = NULL;
  static const struct {
    const char     *address;
    int             prefix;
    const char     *interface;
    TdAddressScope  scope;
    TdAddressOrigin origin;
    guint           flags;
  } expected[] = {
    { "2001:db8:1::10", 64, "eth0", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_NATIVE, TD_ADDRESS_FLAG_PERMANENT },
    { "2001:db8:1:0:1234:5678:abcd:ef01", 64, "eth0", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_NATIVE, TD_ADDRESS_FLAG_TEMPORARY },
    { "2001:db8:1::dead", 64, "eth0", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_NATIVE, TD_ADDRESS_FLAG_DEPRECATED },
    { "2001:db8:1::beef", 64, "eth0", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_NATIVE, TD_ADDRESS_FLAG_TENTATIVE },
    { "fe80::211:2233:4455:6677", 64, "eth0", TD_ADDRESS_SCOPE_LINK_LOCAL, TD_ADDRESS_ORIGIN_LINK_LOCAL, TD_ADDRESS_FLAG_PERMANENT },
    { "2001:db8:1::20", 64, "eth1", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_NATIVE, TD_ADDRESS_FLAG_PERMANENT },
    { "fe80::211:2233:4455:6688", 64, "eth1", TD_ADDRESS_SCOPE_LINK_LOCAL, TD_ADDRESS_ORIGIN_LINK_LOCAL, TD_ADDRESS_FLAG_PERMANENT },
    { "fdaa::1", 64, "wg0", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_ULA, TD_ADDRESS_FLAG_PERMANENT },
    { "fe80::4", 64, "wg0", TD_ADDRESS_SCOPE_LINK_LOCAL, TD_ADDRESS_ORIGIN_LINK_LOCAL, TD_ADDRESS_FLAG_PERMANENT },
    { "fec0:0:0:1::5", 64, "sit1", TD_ADDRESS_SCOPE_SITE_LOCAL, TD_ADDRESS_ORIGIN_SITE_LOCAL, TD_ADDRESS_FLAG_PERMANENT },
    { "2002:c612:a::1", 48, "sit1", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_6TO4, TD_ADDRESS_FLAG_PERMANENT },
    { "2001:0:c612:a:0:f227:398c:fffd", 32, "teredo", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_TEREDO, 0 },
    { "fe80::ffff:ffff:ffff:ffff", 64, "teredo", TD_ADDRESS_SCOPE_LINK_LOCAL, TD_ADDRESS_ORIGIN_LINK_LOCAL, TD_ADDRESS_FLAG_PERMANENT },
    { "::1", 128, "lo", TD_ADDRESS_SCOPE_HOST, TD_ADDRESS_ORIGIN_LOOPBACK, TD_ADDRESS_FLAG_PERMANENT },
    { "fe80::211:2233:4455:6699", 64, "dummy0", TD_ADDRESS_SCOPE_LINK_LOCAL, TD_ADDRESS_ORIGIN_LINK_LOCAL,
      TD_ADDRESS_FLAG_PERMANENT | TD_ADDRESS_FLAG_TENTATIVE | TD_ADDRESS_FLAG_DADFAILED },
  };

  g_assert_true (td_host_linux_parse_if_inet6 (text, list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->len; i++)
    {
      const TdHostAddress *address = g_ptr_array_index (list, i);

      g_assert_cmpstr (address->address, ==, expected[i].address);
      g_assert_cmpint (address->prefix_length, ==, expected[i].prefix);
      g_assert_cmpstr (address->interface, ==, expected[i].interface);
      g_assert_cmpint (address->scope, ==, expected[i].scope);
      g_assert_cmpint (address->origin, ==, expected[i].origin);
      g_assert_cmphex (address->flags, ==, expected[i].flags);
    }
  /* Only settled, preferred global addresses are usable. */
  g_assert_true (td_host_address_is_usable_global (g_ptr_array_index (list, 0)));
  g_assert_true (td_host_address_is_usable_global (g_ptr_array_index (list, 1)));
  g_assert_false (td_host_address_is_usable_global (g_ptr_array_index (list, 2)));
  g_assert_false (td_host_address_is_usable_global (g_ptr_array_index (list, 3)));
  g_assert_false (td_host_address_is_usable_global (g_ptr_array_index (list, 7)));  /* ULA */
}

static void
test_if_inet6_bad (void)
{
  g_autofree char *text = data_text ("if_inet6-malformed.txt");
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) td_host_address_free);
  g_autoptr(GError) error = NULL;
  static const char * const bad[] = {
    "fe80 02 40 20 80 eth0",
    "fe800000000000000211223344556677 02 40 20 80",
    "fe800000000000000211223344556677 02 99 20 80 eth0",
    "\x01\x02\x03 binary",
  };

  g_assert_false (td_host_linux_parse_if_inet6 (text, list, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "/proc/net/if_inet6 line 2 has a bad address “20010db80001000000000000000000zz”");
  g_assert_cmpuint (list->len, ==, 1);  /* the line before is kept */

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (td_host_linux_parse_if_inet6 (bad[i], list, &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, "/proc/net/if_inet6 line 1"));
    }
  /* Empty is valid: no addresses (IPv6 on, nothing configured). */
  g_clear_error (&error);
  g_assert_true (td_host_linux_parse_if_inet6 ("", list, &error));
}

static void
test_ipv6_route (void)
{
  static const struct {
    const char *file;
    gboolean    has_default;
    const char *interface;
  } cases[] = {
    { "ipv6_route-default.txt", TRUE, "eth0" },
    { "ipv6_route-no-default.txt", FALSE, NULL },   /* only the reject route on lo */
    { "ipv6_route-teredo-default.txt", TRUE, "teredo" },
  };
  g_autoptr(GError) error = NULL;
  gboolean has_default = TRUE;
  char *interface = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = data_text (cases[i].file);
      g_autofree char *found = NULL;

      g_assert_true (td_host_linux_parse_ipv6_route (text, &has_default, &found, &error));
      g_assert_no_error (error);
      g_assert_cmpint (has_default, ==, cases[i].has_default);
      g_assert_cmpstr (found, ==, cases[i].interface);
    }

  g_assert_false (td_host_linux_parse_ipv6_route ("00000000000000000000000000000000 00 junk\n",
                                                  &has_default, &interface, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "/proc/net/ipv6_route line 1 is malformed: “00000000000000000000000000000000 00 junk”");
  g_assert_null (interface);
}

static void
test_classify (void)
{
  static const struct {
    const char     *text;
    TdAddressScope  scope;
    TdAddressOrigin origin;
  } cases[] = {
    { "2001:0:4137:9e76:82e:30ac:8a39:5a3c", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_TEREDO },
    { "2001:db8::1", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_NATIVE },
    { "2001:1::1", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_NATIVE },   /* not 2001:0::/32 */
    { "2002:c058:6301::1", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_6TO4 },
    { "fd12:3456::1", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_ULA },
    { "fc00::1", TD_ADDRESS_SCOPE_GLOBAL, TD_ADDRESS_ORIGIN_ULA },
    { "fe80::1", TD_ADDRESS_SCOPE_LINK_LOCAL, TD_ADDRESS_ORIGIN_LINK_LOCAL },
    { "febf::1", TD_ADDRESS_SCOPE_LINK_LOCAL, TD_ADDRESS_ORIGIN_LINK_LOCAL },
    { "fec0::1", TD_ADDRESS_SCOPE_SITE_LOCAL, TD_ADDRESS_ORIGIN_SITE_LOCAL },
    { "::1", TD_ADDRESS_SCOPE_HOST, TD_ADDRESS_ORIGIN_LOOPBACK },
    { "::ffff:192.0.2.1", TD_ADDRESS_SCOPE_OTHER, TD_ADDRESS_ORIGIN_OTHER },
    { "ff02::1", TD_ADDRESS_SCOPE_OTHER, TD_ADDRESS_ORIGIN_OTHER },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TdHostAddress) address = NULL;

      address = td_host_address_new (cases[i].text, -1, "x", 0);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (address->scope, ==, cases[i].scope);
      g_assert_cmpint (address->origin, ==, cases[i].origin);
    }
  /* Output text is canonical whatever the input spelling. */
  {
    g_autoptr(TdHostAddress) address = td_host_address_new ("2001:0000:4137:9E76:0000:0000:0000:0001", -1, NULL, 0);
    g_assert_cmpstr (address->address, ==, "2001:0:4137:9e76::1");
  }
}

static void
test_clouds (void)
{
  g_autoptr(TdHost) host = td_host_new (TD_PLATFORM_LINUX);
  g_autofree char *text = data_text ("if_inet6-full.txt");
  const TdHostCloud *cloud;

  g_assert_true (td_host_linux_parse_if_inet6 (text, host->addresses, NULL));
  td_host_compute_clouds (host);

  for (guint i = 0; i < host->clouds->len; i++)
    g_test_message ("cloud %s", ((TdHostCloud *) g_ptr_array_index (host->clouds, i))->name);

  cloud = find_cloud (host, "Global_");
  g_assert_nonnull (cloud);
  g_assert_null (cloud->interface);
  g_assert_cmpint (cloud->scope, ==, TD_ADDRESS_SCOPE_GLOBAL);
  /* Usable globals only: not the deprecated, tentative or ULA ones. */
  g_assert_cmpuint (cloud->addresses->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (cloud->addresses, 0), ==, "2001:db8:1::10");
  g_assert_cmpstr (g_ptr_array_index (cloud->addresses, 1), ==, "2001:db8:1:0:1234:5678:abcd:ef01");
  g_assert_cmpstr (g_ptr_array_index (cloud->addresses, 2), ==, "2001:db8:1::20");
  g_assert_cmpstr (g_ptr_array_index (cloud->addresses, 3), ==, "2002:c612:a::1");
  g_assert_cmpstr (g_ptr_array_index (cloud->addresses, 4), ==, "2001:0:c612:a:0:f227:398c:fffd");

  cloud = find_cloud (host, "LinkLocal_2001:db8:1::/64");  /* eth0: its global prefix */
  g_assert_nonnull (cloud);
  g_assert_cmpstr (cloud->interface, ==, "eth0");
  g_assert_cmpuint (cloud->addresses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (cloud->addresses, 0), ==, "fe80::211:2233:4455:6677");
  /* eth1 shares eth0's prefix: named after itself, as PNRP used a GUID. */
  g_assert_nonnull (find_cloud (host, "LinkLocal_eth1"));
  /* wg0 has only a ULA, no global address. */
  g_assert_nonnull (find_cloud (host, "LinkLocal_wg0"));
  /* The kernel says /32 for miredo's address: the cloud uses that prefix. */
  g_assert_nonnull (find_cloud (host, "LinkLocal_2001::/32"));
  /* dummy0's only link-local address failed DAD: no cloud. */
  g_assert_null (find_cloud (host, "LinkLocal_dummy0"));
  /* sit1 has no link-local but a site-local address and a 6to4 prefix. */
  g_assert_null (find_cloud (host, "LinkLocal_sit1"));
  cloud = find_cloud (host, "SiteLocal_fec0:0:0:1::/64");
  g_assert_nonnull (cloud);
  g_assert_cmpint (cloud->scope, ==, TD_ADDRESS_SCOPE_SITE_LOCAL);
  g_assert_cmpstr (cloud->interface, ==, "sit1");
  /* Global_ first, then link-local clouds, then site-local. */
  g_assert_cmpstr (((TdHostCloud *) g_ptr_array_index (host->clouds, 0))->name, ==, "Global_");
  g_assert_cmpstr (((TdHostCloud *) g_ptr_array_index (host->clouds, host->clouds->len - 1))->name, ==,
                   "SiteLocal_fec0:0:0:1::/64");
  g_assert_cmpuint (host->clouds->len, ==, 6);

  /* No usable global address: no Global_ cloud. */
  g_ptr_array_set_size (host->addresses, 0);
  g_ptr_array_add (host->addresses, td_host_address_new ("2001:db8::1", 64, "eth0", TD_ADDRESS_FLAG_TENTATIVE));
  g_ptr_array_add (host->addresses, td_host_address_new ("fe80::1", 64, "eth0", 0));
  td_host_compute_clouds (host);
  g_assert_cmpuint (host->clouds->len, ==, 1);
  g_assert_cmpstr (((TdHostCloud *) g_ptr_array_index (host->clouds, 0))->name, ==, "LinkLocal_eth0");
}

static void
test_nft (void)
{
  static const struct {
    const char *file;
    TdTristate  present, active, covers;
    const char *detail;
  } cases[] = {
    { "nft-empty.json", TD_TRISTATE_NO, TD_TRISTATE_NO, TD_TRISTATE_NO, "the nftables ruleset is empty" },
    { "nft-inet-input-drop.json", TD_TRISTATE_YES, TD_TRISTATE_YES, TD_TRISTATE_YES,
      "table inet filter: chain input (hook input) has policy drop" },
    { "nft-inet-accept.json", TD_TRISTATE_YES, TD_TRISTATE_NO, TD_TRISTATE_YES,
      "table inet filter: filter chains exist but drop nothing" },
    { "nft-ip-only-drop.json", TD_TRISTATE_YES, TD_TRISTATE_YES, TD_TRISTATE_NO,
      "only table ip filter (IPv4) filters, in chain input (hook input); no inet or ip6 table filters IPv6" },
    { "nft-ip6-jump-reject.json", TD_TRISTATE_YES, TD_TRISTATE_YES, TD_TRISTATE_YES,
      "table ip6 fw6: chain input (hook input) has drop or reject rules" },
    { "nft-inet-vmap.json", TD_TRISTATE_YES, TD_TRISTATE_YES, TD_TRISTATE_YES,
      "table inet vm: chain input (hook input) has drop or reject rules" },
    { "nft-nat-only.json", TD_TRISTATE_NO, TD_TRISTATE_NO, TD_TRISTATE_NO,
      "no input, forward or output filter chain in the nftables ruleset" },
  };
  static const char * const bad[] = { "", "not json", "[]", "{\"nftables\": 3}", "{}" };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = data_text (cases[i].file);
      g_autoptr(GError) error = NULL;
      TdFirewallSource *source = td_host_linux_parse_nft_json (json, &error);

      g_test_message ("%s", cases[i].file);
      g_assert_no_error (error);
      g_assert_nonnull (source);
      g_assert_cmpstr (source->name, ==, "nftables");
      g_assert_cmpint (source->present, ==, cases[i].present);
      g_assert_cmpint (source->active, ==, cases[i].active);
      g_assert_cmpint (source->covers_ipv6, ==, cases[i].covers);
      g_assert_cmpstr (source->detail, ==, cases[i].detail);
      td_firewall_source_free (source);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (td_host_linux_parse_nft_json (bad[i], &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (td_host_linux_parse_nft_json (NULL, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  }
}

static void
test_ip6tables_ufw (void)
{
  static const struct {
    const char *file;
    TdTristate  present, active;
  } cases[] = {
    { "ip6tables-accept.txt", TD_TRISTATE_NO, TD_TRISTATE_NO },
    { "ip6tables-accept-rules.txt", TD_TRISTATE_YES, TD_TRISTATE_NO },
    { "ip6tables-policy-drop.txt", TD_TRISTATE_YES, TD_TRISTATE_YES },
    { "ip6tables-reject-rule.txt", TD_TRISTATE_YES, TD_TRISTATE_YES },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(Fake) fake = fake_new ();
  TdFirewallSource *source;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = data_text (cases[i].file);

      source = td_host_linux_parse_ip6tables (text, &error);
      g_assert_no_error (error);
      g_assert_cmpint (source->present, ==, cases[i].present);
      g_assert_cmpint (source->active, ==, cases[i].active);
      g_assert_cmpint (source->covers_ipv6, ==, cases[i].present);
      td_firewall_source_free (source);
    }
  g_assert_null (td_host_linux_parse_ip6tables ("ip6tables: Permission denied (you must be root)", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  g_clear_error (&error);

  /* ufw: covers IPv6 per /etc/default/ufw under the root. */
  fake_copy (fake, "etc/default/ufw", "etc-default-ufw-ipv6-yes.txt");
  g_setenv ("TD_PROC_ROOT", fake->root, TRUE);
  {
    g_autofree char *active = data_text ("ufw-active.txt");
    g_autofree char *inactive = data_text ("ufw-inactive.txt");

    source = td_host_linux_parse_ufw (active, &error);
    g_assert_no_error (error);
    g_assert_cmpint (source->active, ==, TD_TRISTATE_YES);
    g_assert_cmpint (source->covers_ipv6, ==, TD_TRISTATE_YES);
    td_firewall_source_free (source);
    source = td_host_linux_parse_ufw (inactive, &error);
    g_assert_no_error (error);
    g_assert_cmpint (source->present, ==, TD_TRISTATE_YES);
    g_assert_cmpint (source->active, ==, TD_TRISTATE_NO);
    td_firewall_source_free (source);
  }
  g_unsetenv ("TD_PROC_ROOT");
  g_assert_null (td_host_linux_parse_ufw ("ERROR: You need to be root to run this script", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
}

static void
test_firewall_decide (void)
{
  g_autoptr(TdHostFirewall) firewall = NULL;

  /* A front-end wins over the nftables rules it wrote. */
  firewall = td_host_firewall_new ();
  g_ptr_array_add (firewall->sources, td_firewall_source_new ("nftables", TD_TRISTATE_YES, TD_TRISTATE_YES,
                                                              TD_TRISTATE_YES, "nft"));
  g_ptr_array_add (firewall->sources, td_firewall_source_new ("ufw", TD_TRISTATE_YES, TD_TRISTATE_YES,
                                                              TD_TRISTATE_YES, "ufw is active"));
  td_host_firewall_decide (firewall);
  g_assert_cmpstr (firewall->name, ==, "ufw");
  g_assert_cmpint (firewall->active, ==, TD_TRISTATE_YES);
  /* Sources come out in a fixed order whatever the order they answered in. */
  g_assert_cmpstr (((TdFirewallSource *) g_ptr_array_index (firewall->sources, 0))->name, ==, "nftables");
  g_clear_pointer (&firewall, td_host_firewall_free);

  /* IPv4-only filtering is active but does not cover IPv6. */
  firewall = td_host_firewall_new ();
  g_ptr_array_add (firewall->sources, td_firewall_source_new ("nftables", TD_TRISTATE_YES, TD_TRISTATE_YES,
                                                              TD_TRISTATE_NO, "ip only"));
  td_host_firewall_decide (firewall);
  g_assert_cmpint (firewall->present, ==, TD_TRISTATE_YES);
  g_assert_cmpint (firewall->active, ==, TD_TRISTATE_YES);
  g_assert_cmpint (firewall->covers_ipv6, ==, TD_TRISTATE_NO);
  g_clear_pointer (&firewall, td_host_firewall_free);

  /* One unknown source and one "nothing": nothing known is nothing. */
  firewall = td_host_firewall_new ();
  firewall->how_to_check = g_strdup ("sudo ufw status");
  g_ptr_array_add (firewall->sources, td_firewall_source_new ("ufw", TD_TRISTATE_UNSET, TD_TRISTATE_UNSET,
                                                              TD_TRISTATE_UNSET, "needs root"));
  g_ptr_array_add (firewall->sources, td_firewall_source_new ("nftables", TD_TRISTATE_NO, TD_TRISTATE_NO,
                                                              TD_TRISTATE_NO, "empty"));
  td_host_firewall_decide (firewall);
  g_assert_cmpint (firewall->present, ==, TD_TRISTATE_NO);
  g_assert_null (firewall->how_to_check);
  g_clear_pointer (&firewall, td_host_firewall_free);

  /* Nothing at all. */
  firewall = td_host_firewall_new ();
  td_host_firewall_decide (firewall);
  g_assert_cmpint (firewall->present, ==, TD_TRISTATE_UNSET);
  g_assert_cmpstr (firewall->reason, ==, "no firewall could be inspected");
}

/* ---- whole collections ------------------------------------------------- */

static void
test_collect_global_with_route (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(TdHost) host = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(TdHost) again = NULL;
  g_autoptr(GError) error = NULL;

  fake_tool (fake, "nft", "nft-inet-input-drop.json", NULL, 0);
  host = collect (fake);

  g_assert_cmpint (host->platform, ==, TD_PLATFORM_LINUX);
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_YES);
  g_assert_cmpuint (host->ipv6_reasons->len, ==, 0);
  g_assert_cmpuint (host->addresses->len, ==, 15);
  g_assert_nonnull (find_address (host, "2001:0:c612:a:0:f227:398c:fffd"));
  g_assert_cmpint (find_address (host, "2001:0:c612:a:0:f227:398c:fffd")->origin, ==, TD_ADDRESS_ORIGIN_TEREDO);
  g_assert_cmpint (host->default_route, ==, TD_TRISTATE_YES);
  g_assert_cmpstr (host->default_route_interface, ==, "eth0");
  g_assert_cmpint (host->pnrp, ==, TD_PNRP_NOT_APPLICABLE);
  g_assert_nonnull (find_cloud (host, "Global_"));
  /* miredo is neither installed nor running here. */
  g_assert_nonnull (host->client);
  g_assert_cmpint (host->client->implementation, ==, TD_CLIENT_IMPL_NONE);
  g_assert_nonnull (host->firewall);
  g_assert_cmpint (host->firewall->active, ==, TD_TRISTATE_YES);
  g_assert_cmpint (host->firewall->covers_ipv6, ==, TD_TRISTATE_YES);
  g_assert_cmpstr (host->firewall->name, ==, "nftables");
  g_assert_cmpuint (host->errors->len, ==, 0);
  /* Files read and commands run are evidence. */
  g_assert_cmpuint (host->evidence->len, >=, 5);

  json = td_host_to_json (host, TD_HOST_JSON_EVIDENCE);
  again = td_host_from_json (json, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) reread = td_host_to_json (again, TD_HOST_JSON_EVIDENCE);
    g_assert_true (json_node_equal (json, reread));
  }
}

static void
test_collect_no_route (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(TdHost) host = NULL;

  fake_copy (fake, "proc/net/ipv6_route", "ipv6_route-no-default.txt");
  host = collect (fake);
  g_assert_cmpint (host->default_route, ==, TD_TRISTATE_NO);
  g_assert_null (host->default_route_interface);
  /* The firewall: an empty ruleset is no firewall. */
  g_assert_cmpint (host->firewall->present, ==, TD_TRISTATE_NO);
  g_assert_cmpint (host->firewall->active, ==, TD_TRISTATE_NO);
  g_assert_cmpstr (host->firewall->reason, ==, "the nftables ruleset is empty");
}

static void
test_collect_disabled (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(TdHost) host = NULL;

  fake_write (fake, "proc/sys/net/ipv6/conf/all/disable_ipv6", "1\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/default/disable_ipv6", "1\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/eth0/disable_ipv6", "1\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/eth1/disable_ipv6", "1\n");
  fake_write (fake, "proc/net/if_inet6", "");
  host = collect (fake);
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_NO);
  g_assert_cmpuint (host->ipv6_reasons->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (host->ipv6_reasons, 0), ==, "net.ipv6.conf.all.disable_ipv6 = 1");
  g_assert_cmpstr (g_ptr_array_index (host->ipv6_reasons, 1), ==,
                   "net.ipv6.conf.default.disable_ipv6 = 1 (new interfaces start without IPv6)");
  g_assert_cmpuint (host->addresses->len, ==, 0);
  g_assert_cmpuint (host->clouds->len, ==, 0);

  /* One interface switched back on after `all`: IPv6 is on there. */
  g_clear_pointer (&host, td_host_unref);
  fake_write (fake, "proc/sys/net/ipv6/conf/eth1/disable_ipv6", "0\n");
  host = collect (fake);
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_YES);

  /* `all` on, but one interface off: a reason, IPv6 still on. */
  g_clear_pointer (&host, td_host_unref);
  fake_write (fake, "proc/sys/net/ipv6/conf/all/disable_ipv6", "0\n");
  fake_write (fake, "proc/sys/net/ipv6/conf/default/disable_ipv6", "0\n");
  host = collect (fake);
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_YES);
  g_assert_cmpuint (host->ipv6_reasons->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (host->ipv6_reasons, 0), ==, "net.ipv6.conf.eth0.disable_ipv6 = 1");
}

static void
test_collect_no_if_inet6 (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(TdHost) host = NULL;
  g_autofree char *path = g_build_filename (fake->root, "proc", "net", "if_inet6", NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  host = collect (fake);
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_NO);
  g_assert_cmpuint (host->ipv6_reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (host->ipv6_reasons, 0), "IPv6 is not in the kernel"));
  g_assert_cmpint (host->default_route, ==, TD_TRISTATE_NO);
  g_assert_null (td_host_get_error (host, "addresses"));
}

static void
test_collect_malformed (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(TdHost) host = NULL;
  const TdHostError *error;

  fake_copy (fake, "proc/net/if_inet6", "if_inet6-malformed.txt");
  fake_write (fake, "proc/net/ipv6_route", "\x7f" "ELF\x01\x02 not a route table\n");
  host = collect (fake);
  error = td_host_get_error (host, "addresses");
  g_assert_nonnull (error);
  g_assert_cmpstr (error->code, ==, "parse");
  error = td_host_get_error (host, "default_route");
  g_assert_nonnull (error);
  g_assert_cmpstr (error->code, ==, "parse");
  g_assert_cmpint (host->default_route, ==, TD_TRISTATE_UNSET);
  /* …the rest still reports. */
  g_assert_cmpint (host->ipv6_enabled, ==, TD_TRISTATE_YES);
  g_assert_nonnull (host->client);
  g_assert_cmpint (host->firewall->present, ==, TD_TRISTATE_NO);
}

static void
test_miredo (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autofree char *conf = data_path ("miredo.conf");
  g_autofree char *conf_tun0 = data_path ("miredo-tun0.conf");
  g_autoptr(TdHost) host = NULL;

  /* Installed (binary on PATH), not running, default config missing. */
  fake_tool (fake, "miredo", NULL, NULL, 0);
  g_setenv ("TD_MIREDO_CONF", "/nonexistent/miredo.conf", TRUE);
  host = collect (fake);
  g_assert_cmpint (host->client->implementation, ==, TD_CLIENT_IMPL_MIREDO);
  g_assert_cmpint (host->client->state, ==, TD_TEREDO_STATE_OFFLINE);
  g_assert_null (host->client->address);
  g_assert_null (td_host_get_error (host, "client.config"));
  g_clear_pointer (&host, td_host_unref);

  /* Not running, configuration from TD_MIREDO_CONF. */
  g_setenv ("TD_MIREDO_CONF", conf, TRUE);
  host = collect (fake);
  g_assert_cmpint (host->client->state, ==, TD_TEREDO_STATE_OFFLINE);
  g_assert_cmpstr (host->client->server_name, ==, "198.18.0.10");
  g_assert_cmpint (host->client->client_port, ==, 3545);
  g_clear_pointer (&host, td_host_unref);

  /* Running in another network namespace: offline here. */
  fake_process (fake, "4242", "miredo", OTHER_NS, conf);
  host = collect (fake);
  g_assert_cmpint (host->client->state, ==, TD_TEREDO_STATE_OFFLINE);
  g_clear_pointer (&host, td_host_unref);

  /* Running here, with its address on "teredo": qualified. */
  fake_process (fake, "4243", "miredo", OUR_NS, conf);
  fake_process (fake, "4244", "miredo", OUR_NS, conf);  /* its unprivileged half */
  g_setenv ("TD_MIREDO_CONF", "/nonexistent/miredo.conf", TRUE);
  host = collect (fake);
  g_assert_cmpint (host->client->implementation, ==, TD_CLIENT_IMPL_MIREDO);
  g_assert_cmpint (host->client->state, ==, TD_TEREDO_STATE_QUALIFIED);
  g_assert_cmpstr (host->client->address, ==, "2001:0:c612:a:0:f227:398c:fffd");
  /* The config comes from the running process's -c, not TD_MIREDO_CONF. */
  g_assert_cmpstr (host->client->server_name, ==, "198.18.0.10");
  g_clear_pointer (&host, td_host_unref);

  /* Running without an address: probing. */
  fake_write (fake, "proc/net/if_inet6", "fe800000000000000211223344556677 02 40 20 80     eth0\n");
  host = collect (fake);
  g_assert_cmpint (host->client->state, ==, TD_TEREDO_STATE_PROBE);
  g_assert_null (host->client->address);
  g_clear_pointer (&host, td_host_unref);

  /* Its tunnel is called tun0: the address on "teredo" is not its own. */
  fake_copy (fake, "proc/net/if_inet6", "if_inet6-full.txt");
  {
    g_autofree char *p1 = g_build_filename (fake->root, "proc", "4243", NULL);
    g_autofree char *p2 = g_build_filename (fake->root, "proc", "4244", NULL);

    remove_tree (p1);
    remove_tree (p2);
  }
  fake_process (fake, "4245", "miredo", OUR_NS, conf_tun0);
  host = collect (fake);
  g_assert_cmpint (host->client->state, ==, TD_TEREDO_STATE_PROBE);
  g_assert_cmpstr (host->client->server_name, ==, "teredo.example.net");
  g_unsetenv ("TD_MIREDO_CONF");
}

static void
test_firewall_tools (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(TdHost) host = NULL;
  const TdHostError *error;

  /* Refused: unknown, with the command to run by hand. */
  fake_tool (fake, "nft", NULL, "Operation not permitted (you must be root)\n"
             "netlink: Error: cache initialization failed: Operation not permitted", 1);
  host = collect (fake);
  g_assert_cmpint (host->firewall->present, ==, TD_TRISTATE_UNSET);
  g_assert_cmpint (host->firewall->active, ==, TD_TRISTATE_UNSET);
  g_assert_cmpstr (host->firewall->how_to_check, ==, "sudo nft list ruleset");
  error = td_host_get_error (host, "firewall");
  g_assert_nonnull (error);
  g_assert_cmpstr (error->code, ==, "permission");
  g_assert_cmpstr (error->message, ==, "unknown — needs administrator rights: run `sudo nft list ruleset`");
  g_clear_pointer (&host, td_host_unref);

  /* nft printing junk: a parse error, verdict unknown. */
  fake_tool (fake, "nft", "ufw-active.txt", NULL, 0);
  host = collect (fake);
  g_assert_cmpint (host->firewall->present, ==, TD_TRISTATE_UNSET);
  error = td_host_get_error (host, "firewall");
  g_assert_nonnull (error);
  g_assert_cmpstr (error->code, ==, "parse");
  g_clear_pointer (&host, td_host_unref);

  /* No nft: ip6tables instead; ufw on top. */
  {
    g_autofree char *nft = g_build_filename (fake->bin, "nft", NULL);
    g_assert_cmpint (g_unlink (nft), ==, 0);
  }
  fake_tool (fake, "ip6tables", "ip6tables-policy-drop.txt", NULL, 0);
  fake_tool (fake, "ufw", "ufw-inactive.txt", NULL, 0);
  host = collect (fake);
  g_assert_cmpint (host->firewall->active, ==, TD_TRISTATE_YES);
  g_assert_cmpstr (host->firewall->name, ==, "ip6tables");
  g_assert_cmpstr (host->firewall->reason, ==, "ip6tables: -P INPUT DROP");
  g_assert_cmpuint (host->firewall->sources->len, ==, 2);
  g_clear_pointer (&host, td_host_unref);

  /* No tool at all. */
  {
    g_autofree char *ip6tables = g_build_filename (fake->bin, "ip6tables", NULL);
    g_autofree char *ufw = g_build_filename (fake->bin, "ufw", NULL);
    g_assert_cmpint (g_unlink (ip6tables), ==, 0);
    g_assert_cmpint (g_unlink (ufw), ==, 0);
  }
  host = collect (fake);
  g_assert_cmpint (host->firewall->present, ==, TD_TRISTATE_UNSET);
  error = td_host_get_error (host, "firewall");
  g_assert_nonnull (error);
  g_assert_cmpstr (error->code, ==, "not-found");
  g_assert_cmpstr (error->message, ==, "none of nft, ip6tables, ufw or firewalld was found");
}

static void
test_cancel (void)
{
  g_autoptr(Fake) fake = fake_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *script = g_build_filename (fake->bin, "nft", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { 0 };
  gint64 start;

  g_assert_true (g_file_set_contents (script, "#!/bin/sh\n/bin/sleep 30\n", -1, NULL));
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  g_setenv ("TD_PROC_ROOT", fake->root, TRUE);
  g_setenv ("TD_SBIN_PATH", "", TRUE);
  g_setenv ("PATH", fake->bin, TRUE);
  start = g_get_monotonic_time ();
  td_host_collect_async (TD_PLATFORM_LINUX, cancellable, td_async_keep_result, &result);
  g_timeout_add_once (200, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  wait.host = td_host_collect_finish (td_async_wait (&result), &wait.error);
  g_unsetenv ("TD_PROC_ROOT");
  g_assert_null (wait.host);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* The collections run on a fake /proc with symbolic links and fake tools
 * that are shell scripts: not on Windows, where they are skipped with the
 * reason (the parsers above run everywhere). */
static void
add_collect_test (const char *path,
                  GTestFunc   func)
{
  if (td_platform_native () == TD_PLATFORM_WINDOWS)
    td_test_add_skipped (path, "the fake /proc has symbolic links and the fake tools are shell "
                         "scripts: Linux only");
  else
    g_test_add_func (path, func);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* No system bus: firewalld is skipped quietly. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "", TRUE);
  g_setenv ("TD_COMMAND_TIMEOUT_MS", "5000", TRUE);

  g_test_add_func ("/host-linux/if_inet6", test_if_inet6);
  g_test_add_func ("/host-linux/if_inet6-bad", test_if_inet6_bad);
  g_test_add_func ("/host-linux/ipv6_route", test_ipv6_route);
  g_test_add_func ("/host-linux/classify", test_classify);
  g_test_add_func ("/host-linux/clouds", test_clouds);
  g_test_add_func ("/host-linux/nft", test_nft);
  g_test_add_func ("/host-linux/ip6tables-ufw", test_ip6tables_ufw);
  g_test_add_func ("/host-linux/firewall-decide", test_firewall_decide);
  add_collect_test ("/host-linux/collect/global-with-route", test_collect_global_with_route);
  add_collect_test ("/host-linux/collect/no-route", test_collect_no_route);
  add_collect_test ("/host-linux/collect/disabled", test_collect_disabled);
  add_collect_test ("/host-linux/collect/no-if_inet6", test_collect_no_if_inet6);
  add_collect_test ("/host-linux/collect/malformed", test_collect_malformed);
  add_collect_test ("/host-linux/collect/miredo", test_miredo);
  add_collect_test ("/host-linux/collect/firewall-tools", test_firewall_tools);
  add_collect_test ("/host-linux/collect/cancel", test_cancel);

  return g_test_run ();
}
