/* test-parsers-fixtures.c — every published command-output fixture against its
 * hand-written expected result
 *
 * The .txt files of tests/data/windows (and tests/data/macos) start with '#' lines
 * naming their source; the rest goes through the parser chosen by the file
 * name prefix, and the parser's JSON must equal
 * expected/<name without .txt>.json structurally.  A parser error is
 * compared as {"error": "<td_error_code_to_string>"}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-advfirewall.h"
#include "td-error.h"
#include "td-ipconfig.h"
#include "td-macos-parse.h"
#include "td-miredo-conf.h"
#include "td-netsh-ipv6.h"
#include "td-netsh-teredo.h"
#include "td-pnrp.h"
#include "td-pteredor.h"
#include "td-reg-query.h"
#include "td-sc-query.h"
#include "td-xbox-networking.h"

static char *
data_dir (const char *which)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "tests", "data", which, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", which, NULL);
}

/* Drops the leading '#' provenance lines of a fixture. */
static const char *
skip_header (const char *contents)
{
  const char *p = contents;

  while (*p == '#')
    {
      const char *nl = strchr (p, '\n');

      if (nl == NULL)
        return p + strlen (p);
      p = nl + 1;
    }
  return p;
}

static JsonNode *
error_node (const GError *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, td_error_code_to_string (error));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Runs the parser for @name's prefix.  The builder receives one value. */
static void
parse_into (const char  *name,
            const char  *text,
            JsonBuilder *b)
{
  g_autoptr(GError) error = NULL;

#define EMIT(obj, to_json, free_fn)                                       \
  G_STMT_START {                                                          \
    if ((obj) != NULL)                                                    \
      {                                                                   \
        to_json ((obj), b);                                               \
        free_fn (obj);                                                    \
      }                                                                   \
    else                                                                  \
      json_builder_add_value (b, error_node (error));                     \
  } G_STMT_END

  if (g_str_has_prefix (name, "teredo-state-"))
    {
      TdTeredoClient *c = td_netsh_teredo_parse (text, &error);

      if (c != NULL)
        g_assert_cmpstr (c->raw, ==, text);
      EMIT (c, td_teredo_client_to_json, td_teredo_client_free);
    }
  else if (g_str_has_prefix (name, "ipconfig-"))
    {
      TdIpconfig *r = td_ipconfig_parse (text, &error);
      EMIT (r, td_ipconfig_to_json, td_ipconfig_free);
    }
  else if (g_str_has_prefix (name, "netsh-advfirewall-"))
    {
      TdAdvfirewall *r = td_advfirewall_parse (text, &error);
      EMIT (r, td_advfirewall_to_json, td_advfirewall_free);
    }
  else if (g_str_has_prefix (name, "netsh-int-ipv6-show-int"))
    {
      TdNetshInterfaces *r = td_netsh_interfaces_parse (text, &error);
      EMIT (r, td_netsh_interfaces_to_json, td_netsh_interfaces_free);
    }
  else if (g_str_has_prefix (name, "netsh-int-ipv6-show-route"))
    {
      TdNetshRoutes *r = td_netsh_routes_parse (text, &error);
      EMIT (r, td_netsh_routes_to_json, td_netsh_routes_free);
    }
  else if (g_str_has_prefix (name, "pnrp-"))
    {
      TdPnrpClouds *r = td_pnrp_parse (text, &error);
      EMIT (r, td_pnrp_clouds_to_json, td_pnrp_clouds_free);
    }
  else if (g_str_has_prefix (name, "pteredor-"))
    {
      TdPteredor *r = td_pteredor_parse (text, &error);
      EMIT (r, td_pteredor_to_json, td_pteredor_free);
    }
  else if (g_str_has_prefix (name, "xbox-"))
    {
      TdXboxNetworking x;

      if (td_xbox_networking_parse (text, &x, &error))
        td_xbox_networking_to_json (&x, b);
      else
        json_builder_add_value (b, error_node (error));
    }
  else if (g_str_has_prefix (name, "miredo-conf-"))
    {
      TdMiredoConf *r = td_miredo_conf_parse (text, &error);
      EMIT (r, td_miredo_conf_to_json, td_miredo_conf_free);
    }
  else if (g_str_has_prefix (name, "miredo-"))
    {
      /* Pasted miredo material mixes syslog lines and `ifconfig`. */
      g_autoptr(GError) error2 = NULL;
      TdMiredoLog *log = td_miredo_log_parse (text, &error);
      TdIfconfig *ifc = td_ifconfig_parse (text, &error2);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "log");
      if (log != NULL)
        td_miredo_log_to_json (log, b);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "interfaces");
      if (ifc != NULL)
        td_ifconfig_to_json (ifc, b);
      else
        {
          g_assert_error (error2, TD_ERROR, TD_ERROR_PARSE);
          json_builder_add_null_value (b);
        }
      json_builder_end_object (b);
      td_miredo_log_free (log);
      td_ifconfig_free (ifc);
    }
  else if (g_str_has_prefix (name, "sc-"))
    {
      TdScService *r = td_sc_query_parse (text, &error);
      EMIT (r, td_sc_service_to_json, td_sc_service_free);
    }
  else if (g_str_has_prefix (name, "reg-query-"))
    {
      TdRegQuery *r = td_reg_query_parse (text, &error);
      EMIT (r, td_reg_query_to_json, td_reg_query_free);
    }
  else if (g_str_has_prefix (name, "ifconfig-"))
    {
      TdIfconfig *r = td_ifconfig_parse (text, &error);
      EMIT (r, td_ifconfig_to_json, td_ifconfig_free);
    }
  else if (g_str_has_prefix (name, "netstat-"))
    {
      TdNetstatRoutes *r = td_netstat_inet6_parse (text, &error);
      EMIT (r, td_netstat_routes_to_json, td_netstat_routes_free);
    }
  else if (g_str_has_prefix (name, "socketfilterfw-"))
    {
      TdMacosAppFirewall fw;

      if (td_socketfilterfw_parse (text, &fw, &error))
        td_macos_app_firewall_to_json (&fw, b);
      else
        json_builder_add_value (b, error_node (error));
    }
  else if (g_str_has_prefix (name, "pfctl-"))
    {
      gboolean enabled = FALSE;

      if (td_pfctl_info_parse (text, &enabled, &error))
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "enabled");
          json_builder_add_boolean_value (b, enabled);
          json_builder_end_object (b);
        }
      else
        json_builder_add_value (b, error_node (error));
    }
  else
    g_error ("No parser for fixture %s: add a prefix rule", name);

#undef EMIT
}

static JsonNode *
parse_fixture (const char *name,
               const char *text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  /* A one-element array lets parse_into add either an object or a value. */
  json_builder_begin_array (b);
  parse_into (name, text, b);
  json_builder_end_array (b);
  {
    g_autoptr(JsonNode) root = json_builder_get_root (b);
    JsonArray *a = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (a), ==, 1);
    return json_node_copy (json_array_get_element (a, 0));
  }
}

static char *
pretty (JsonNode *node)
{
  return json_to_string (node, TRUE);
}

static void
test_fixture (gconstpointer data)
{
  const char *path = data;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *stem = g_strndup (base, strlen (base) - strlen (".txt"));
  g_autofree char *expected_name = g_strconcat (stem, ".json", NULL);
  g_autofree char *expected_path = g_build_filename (dir, "expected", expected_name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) actual = NULL;
  JsonNode *expected;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  if (!json_parser_load_from_file (parser, expected_path, &error))
    {
      g_test_message ("No expected result %s: %s", expected_path, error->message);
      g_test_fail ();
      return;
    }
  expected = json_parser_get_root (parser);

  actual = parse_fixture (stem, skip_header (contents));

  if (!json_node_equal (expected, actual))
    {
      g_autofree char *e = pretty (expected);
      g_autofree char *a = pretty (actual);

      g_test_message ("%s differs from its expected result.\nexpected:\n%s\nactual:\n%s", base, e, a);
      g_test_fail ();
    }
}

/* Every expected file must belong to a fixture, so a renamed fixture cannot
 * leave its test silently behind. */
static void
test_no_orphan_expectations (gconstpointer data)
{
  const char *dir = data;
  g_autofree char *exp_dir = g_build_filename (dir, "expected", NULL);
  g_autoptr(GDir) d = g_dir_open (exp_dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *stem = NULL;
      g_autofree char *fixture = NULL;

      g_assert_true (g_str_has_suffix (name, ".json"));
      stem = g_strndup (name, strlen (name) - strlen (".json"));
      fixture = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".txt", NULL);
      if (!g_file_test (fixture, G_FILE_TEST_EXISTS))
        {
          g_test_message ("%s has no fixture", name);
          g_test_fail ();
        }
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_fixture_tests (const char *which,
                   GPtrArray  *keep)
{
  char *dir = data_dir (which);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_ptr_array_add (keep, dir);
  if (d == NULL)
    g_error ("Cannot open fixture folder %s", dir);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      char *path = g_build_filename (dir, n, NULL);
      g_autofree char *test_path = g_strdup_printf ("/%s-parse/fixture/%s", which, n);

      g_ptr_array_add (keep, path);
      g_test_add_data_func (test_path, path, test_fixture);
    }
  {
    g_autofree char *test_path = g_strdup_printf ("/%s-parse/no-orphan-expectations", which);

    g_test_add_data_func (test_path, dir, test_no_orphan_expectations);
  }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  add_fixture_tests ("windows", keep);
  add_fixture_tests ("macos", keep);

  return g_test_run ();
}
