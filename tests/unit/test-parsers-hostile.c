/* test-parsers-hostile.c — the command-output parsers under hostile input, plus
 * the details the fixtures do not reach
 *
 * Empty, binary, truncated (every prefix), oversized, CP936-encoded, CRLF
 * and tab-separated input for every parser; the error-text table; the
 * registry helpers; the TdTeredoClient JSON contract; td_console_decode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-advfirewall.h"
#include "td-console-decode.h"
#include "td-console-text.h"
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

/* ---- one entry point per parser, JSON out ------------------------------- */

typedef JsonNode *(*ParseFunc) (const char *text, GError **error);

static JsonNode *
finish (JsonBuilder *b)
{
  JsonNode *n = json_builder_get_root (b);

  g_object_unref (b);
  return n;
}

#define DEFINE_PARSE(fn, Type, parse, to_json, free_fn)     \
  static JsonNode *                                         \
  fn (const char *text, GError **error)                     \
  {                                                         \
    Type *r = parse (text, error);                          \
    JsonBuilder *b;                                         \
    if (r == NULL)                                          \
      return NULL;                                          \
    b = json_builder_new ();                                \
    to_json (r, b);                                         \
    free_fn (r);                                            \
    return finish (b);                                      \
  }

DEFINE_PARSE (run_netsh_teredo, TdTeredoClient, td_netsh_teredo_parse, td_teredo_client_to_json, td_teredo_client_free)
DEFINE_PARSE (run_ipconfig, TdIpconfig, td_ipconfig_parse, td_ipconfig_to_json, td_ipconfig_free)
DEFINE_PARSE (run_pnrp, TdPnrpClouds, td_pnrp_parse, td_pnrp_clouds_to_json, td_pnrp_clouds_free)
DEFINE_PARSE (run_advfirewall, TdAdvfirewall, td_advfirewall_parse, td_advfirewall_to_json, td_advfirewall_free)
DEFINE_PARSE (run_sc, TdScService, td_sc_query_parse, td_sc_service_to_json, td_sc_service_free)
DEFINE_PARSE (run_reg, TdRegQuery, td_reg_query_parse, td_reg_query_to_json, td_reg_query_free)
DEFINE_PARSE (run_miredo_conf, TdMiredoConf, td_miredo_conf_parse, td_miredo_conf_to_json, td_miredo_conf_free)
DEFINE_PARSE (run_miredo_log, TdMiredoLog, td_miredo_log_parse, td_miredo_log_to_json, td_miredo_log_free)
DEFINE_PARSE (run_ifconfig, TdIfconfig, td_ifconfig_parse, td_ifconfig_to_json, td_ifconfig_free)
DEFINE_PARSE (run_netstat, TdNetstatRoutes, td_netstat_inet6_parse, td_netstat_routes_to_json, td_netstat_routes_free)
DEFINE_PARSE (run_interfaces, TdNetshInterfaces, td_netsh_interfaces_parse, td_netsh_interfaces_to_json, td_netsh_interfaces_free)
DEFINE_PARSE (run_routes, TdNetshRoutes, td_netsh_routes_parse, td_netsh_routes_to_json, td_netsh_routes_free)
DEFINE_PARSE (run_pteredor, TdPteredor, td_pteredor_parse, td_pteredor_to_json, td_pteredor_free)

static JsonNode *
run_xbox (const char *text, GError **error)
{
  TdXboxNetworking x;
  JsonBuilder *b;

  if (!td_xbox_networking_parse (text, &x, error))
    return NULL;
  b = json_builder_new ();
  td_xbox_networking_to_json (&x, b);
  return finish (b);
}

static JsonNode *
run_socketfilterfw (const char *text, GError **error)
{
  TdMacosAppFirewall fw;
  JsonBuilder *b;

  if (!td_socketfilterfw_parse (text, &fw, error))
    return NULL;
  b = json_builder_new ();
  td_macos_app_firewall_to_json (&fw, b);
  return finish (b);
}

static JsonNode *
run_pfctl (const char *text, GError **error)
{
  gboolean enabled;
  JsonNode *n;

  if (!td_pfctl_info_parse (text, &enabled, error))
    return NULL;
  n = json_node_new (JSON_NODE_VALUE);
  json_node_set_boolean (n, enabled);
  return n;
}

typedef struct
{
  const char *name;
  ParseFunc   parse;
  const char *dir;        /* "windows" / "macos" */
  const char *fixture;    /* representative sample, for prefix tests */
} Parser;

static const Parser parsers[] = {
  { "netsh-teredo", run_netsh_teredo, "windows",
    "teredo-state-zh-cn-enterpriseclient-qualified-cone-managed-upnp-yes-win1711.txt" },
  { "ipconfig", run_ipconfig, "windows",
    "ipconfig-all-win7-6to4-adapter-and-microsoft-teredo-tunneling-adapter.txt" },
  { "pnrp", run_pnrp, "windows", "pnrp-cloud-show-list-vista-linklocal-and-global.txt" },
  { "advfirewall", run_advfirewall, "windows", "netsh-advfirewall-show-currentprofile-domain-state-off.txt" },
  { "sc", run_sc, "windows", "sc-query-and-qc-mpssvc-stopped-demand-handwritten.txt" },
  { "reg", run_reg, "windows", "reg-query-v6transition-group-policy-handwritten.txt" },
  { "miredo-conf", run_miredo_conf, "windows", "miredo-conf-debian-default-plus-mistakes-handwritten.txt" },
  { "miredo-log", run_miredo_log, "windows", "miredo-openwrt-libteredo-cannot-be-initialized.txt" },
  { "ifconfig", run_ifconfig, "macos", "ifconfig-macos-lo0-en0-utun-teredo-handwritten.txt" },
  { "netstat", run_netstat, "macos", "netstat-rn-f-inet6-macos-two-defaults-handwritten.txt" },
  { "socketfilterfw", run_socketfilterfw, "macos", "socketfilterfw-getglobalstate-enabled-handwritten.txt" },
  { "pfctl", run_pfctl, "macos", "pfctl-s-info-enabled-handwritten.txt" },
  { "netsh-interfaces", run_interfaces, "windows",
    "netsh-int-ipv6-show-int-zh-cn-teredo-pseudo-interface-connected.txt" },
  { "netsh-routes", run_routes, "windows", "netsh-int-ipv6-show-route-zh-cn-teredo-default-route-assembled.txt" },
  { "xbox", run_xbox, "windows", "xbox-networking-healthy-open-nat-connected.txt" },
  { "pteredor", run_pteredor, "windows", "pteredor-probe-output-server-ips-2018.txt" },
};

static const Parser *
parser_for_fixture (const char *name)
{
  static const struct
  {
    const char *prefix;
    const char *parser;
  } map[] = {
    { "teredo-state-", "netsh-teredo" }, { "ipconfig-", "ipconfig" }, { "pnrp-", "pnrp" },
    { "netsh-advfirewall-", "advfirewall" }, { "sc-", "sc" }, { "reg-query-", "reg" },
    { "miredo-conf-", "miredo-conf" }, { "miredo-", "miredo-log" }, { "ifconfig-", "ifconfig" },
    { "netstat-", "netstat" }, { "socketfilterfw-", "socketfilterfw" }, { "pfctl-", "pfctl" },
    { "netsh-int-ipv6-show-int", "netsh-interfaces" }, { "netsh-int-ipv6-show-route", "netsh-routes" },
    { "xbox-", "xbox" }, { "pteredor-", "pteredor" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_has_prefix (name, map[i].prefix))
      for (guint j = 0; j < G_N_ELEMENTS (parsers); j++)
        if (strcmp (parsers[j].name, map[i].parser) == 0)
          return &parsers[j];
  return NULL;
}

static char *
data_path (const char *dir,
           const char *name)
{
  const char *root = g_getenv ("TD_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "tests", "data", dir, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
}

/* The fixture without its '#' provenance lines. */
static char *
load_fixture (const char *dir,
              const char *name)
{
  g_autofree char *path = data_path (dir, name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *p;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  p = contents;
  while (*p == '#')
    {
      const char *nl = strchr (p, '\n');

      p = nl != NULL ? nl + 1 : p + strlen (p);
    }
  return g_strdup (p);
}

/* Either a result or a TD_ERROR with a message, never both, never neither. */
static JsonNode *
parse_checked (const Parser *p,
               const char   *text,
               GError      **out_error)
{
  g_autoptr(GError) error = NULL;
  JsonNode *n = p->parse (text, &error);

  if (n == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == TD_ERROR);
      g_assert_cmpuint (strlen (error->message), >, 0);
    }
  else
    g_assert_null (error);
  if (out_error != NULL)
    *out_error = g_steal_pointer (&error);
  return n;
}

/* ---- hostile input --------------------------------------------------- */

static void
test_empty (void)
{
  static const char * const empties[] = { "", "   ", "\n\n\r\n", "\t \n", "\xef\xbb\xbf" };

  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    for (guint j = 0; j < G_N_ELEMENTS (empties); j++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) n = parse_checked (&parsers[i], empties[j], &error);

        /* An empty miredo.conf is valid: miredo's defaults apply. */
        if (parsers[i].parse == run_miredo_conf)
          {
            g_assert_nonnull (n);
            continue;
          }
        if (n != NULL)
          g_error ("%s accepted empty input #%u", parsers[i].name, j);
        g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
      }
}

static void
test_binary (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4380);

  for (guint round = 0; round < 50; round++)
    {
      gsize len = 1 + (gsize) g_rand_int_range (rand, 0, 4096);
      g_autofree guint8 *junk = g_malloc (len + 1);
      g_autofree char *decoded = NULL;

      for (gsize k = 0; k < len; k++)
        junk[k] = (guint8) g_rand_int_range (rand, 0, 256);
      junk[len] = '\0';

      decoded = td_console_decode (junk, len, round % 2 ? "CP936" : NULL);
      g_assert_true (g_utf8_validate (decoded, -1, NULL));

      for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GError) error2 = NULL;
          g_autoptr(JsonNode) raw = NULL;
          g_autoptr(JsonNode) n = NULL;

          /* Undecoded bytes are refused as non-UTF-8 (or parse as nothing). */
          raw = parse_checked (&parsers[i], (const char *) junk, &error);
          if (raw == NULL && !g_utf8_validate ((const char *) junk, -1, NULL))
            g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);

          /* Decoded junk must not crash; errors must be clear. */
          n = parse_checked (&parsers[i], decoded, &error2);
        }
    }

  /* Obvious binary (many control characters) is named as such. */
  {
    char bin[256];
    g_autoptr(GError) error = NULL;
    g_autoptr(TdTeredoClient) c = NULL;

    for (guint k = 0; k < 255; k++)
      bin[k] = (char) (1 + k % 31);
    bin[255] = '\0';
    c = td_netsh_teredo_parse (bin, &error);
    g_assert_null (c);
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "binary"));
  }
}

static void
test_truncated (gconstpointer data)
{
  const Parser *p = data;
  g_autofree char *text = load_fixture (p->dir, p->fixture);
  gsize len = strlen (text);
  guint parsed = 0;
  guint failed = 0;

  for (gsize cut = 0; cut <= len; cut++)
    {
      g_autofree char *prefix = g_strndup (text, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) n = parse_checked (p, prefix, &error);

      if (n != NULL)
        parsed++;
      else
        failed++;
    }
  g_test_message ("%s: %u prefixes parsed, %u refused", p->name, parsed, failed);
  /* The whole text parses, the empty prefix does not (except miredo.conf). */
  g_assert_cmpuint (parsed, >, 0);
  if (p->parse != run_miredo_conf)
    g_assert_cmpuint (failed, >, 0);
}

static void
test_huge (void)
{
  gsize size = 4 * 1024 * 1024;
  g_autofree char *big = g_malloc (size + 1);

  /* Plausible text, so only the size can be the reason. */
  for (gsize k = 0; k < size; k++)
    big[k] = (k % 64 == 63) ? '\n' : 'a';
  big[size] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) n = parsers[i].parse (big, &error);

      g_assert_null (n);
      g_assert_error (error, TD_ERROR, TD_ERROR_TOO_LARGE);
    }

  /* Exactly at the limit is still read. */
  big[TD_CONSOLE_TEXT_MAX_BYTES] = '\0';
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) lines = td_console_text_lines (big, "test", &error);

    g_assert_no_error (error);
    g_assert_nonnull (lines);
  }
}

/* zh-CN Windows writes netsh output in CP936 (GBK). */
static void
test_cp936 (void)
{
  static const char * const names[] = {
    "teredo-state-zh-cn-enterpriseclient-probe-then-offline-then-qualified-cone-refresh-20s.txt",
    "teredo-state-zh-cn-client-gp-offline-failed-to-open-tunnel-adapter.txt",
    "teredo-state-zh-cn-client-offline-managed-network.txt",
    "netsh-int-ipv6-show-int-zh-cn-teredo-pseudo-interface-connected.txt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = load_fixture ("windows", names[i]);
      g_autoptr(GError) error = NULL;
      gsize gbk_len = 0;
      g_autofree char *gbk = g_convert (text, -1, "CP936", "UTF-8", NULL, &gbk_len, &error);
      g_autofree char *decoded = NULL;
      const Parser *p = parser_for_fixture (names[i]);
      g_autoptr(JsonNode) want = NULL;
      g_autoptr(JsonNode) got = NULL;
      g_autoptr(GError) raw_error = NULL;
      g_autoptr(JsonNode) raw = NULL;

      g_assert_no_error (error);
      g_assert_false (g_utf8_validate (gbk, (gssize) gbk_len, NULL));

      /* Without decoding the parser refuses the bytes clearly. */
      raw = p->parse (gbk, &raw_error);
      g_assert_null (raw);
      g_assert_error (raw_error, TD_ERROR, TD_ERROR_PARSE);

      decoded = td_console_decode ((const guint8 *) gbk, gbk_len, "CP936");
      g_assert_cmpstr (decoded, ==, text);

      want = parse_checked (p, text, NULL);
      got = parse_checked (p, decoded, NULL);
      g_assert_nonnull (got);
      g_assert_true (json_node_equal (want, got));
    }

  /* The bare number `chcp` prints works as a hint too. */
  {
    g_autofree char *d = td_console_decode ((const guint8 *) "\xb7\xfe\xce\xf1\xc6\xf7", 6, "936");

    g_assert_cmpstr (d, ==, "服务器");
  }
}

typedef enum {
  VARIANT_CRLF,
  VARIANT_TABS,
  VARIANT_CR,
} Variant;

static char *
make_variant (const char *text,
              Variant     v)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n' && v == VARIANT_CRLF)
        g_string_append (out, "\r\n");
      else if (*p == '\n' && v == VARIANT_CR)
        g_string_append_c (out, '\r');
      else if (v == VARIANT_TABS && *p == ' ' && p[1] == ' ')
        {
          /* A run of blanks becomes one tab. */
          while (p[1] == ' ')
            p++;
          g_string_append_c (out, '\t');
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Every fixture gives the same result with CRLF, CR-only and tab-separated
 * copies. */
static void
test_variants (void)
{
  static const char * const dirs[] = { "windows", "macos" };
  guint checked = 0;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = data_path (dirs[d], "");
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *text = NULL;
          const Parser *p;
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) want = NULL;

          if (!g_str_has_suffix (name, ".txt"))
            continue;
          p = parser_for_fixture (name);
          g_assert_nonnull (p);
          text = load_fixture (dirs[d], name);
          want = p->parse (text, &error);

          for (Variant v = VARIANT_CRLF; v <= VARIANT_CR; v++)
            {
              g_autofree char *variant = make_variant (text, v);
              g_autoptr(GError) verror = NULL;
              g_autoptr(JsonNode) got = p->parse (variant, &verror);

              /* miredo.conf problems name line numbers; those stay equal. */
              if (want == NULL)
                {
                  g_assert_null (got);
                  g_assert_nonnull (verror);
                  g_assert_cmpint (verror->code, ==, error->code);
                  continue;
                }
              if (got == NULL || !json_node_equal (want, got))
                {
                  g_autofree char *a = want ? json_to_string (want, TRUE) : NULL;
                  g_autofree char *b = got ? json_to_string (got, TRUE) : g_strdup (verror->message);

                  g_test_message ("%s variant %d differs:\n%s\n---\n%s", name, v, a, b);
                  g_test_fail ();
                }
            }
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 40);
}

/* ---- netsh teredo details ------------------------------------------------ */

static void
test_error_texts (void)
{
  static const struct
  {
    const char        *text;
    TdTeredoErrorCode  code;
  } cases[] = {
    { "none", TD_TEREDO_ERROR_NONE },
    { "无", TD_TEREDO_ERROR_NONE },
    { "client is in a managed network", TD_TEREDO_ERROR_MANAGED_NETWORK },
    { "客户端位于托管网络中", TD_TEREDO_ERROR_MANAGED_NETWORK },
    { "无法通过 UDP 访问主 teredo 服务器", TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE },
    { "primary teredo server unreachable over UDP", TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE },
    { "无法通过 UDP 访问辅助 teredo 服务器", TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE },
    { "secondary teredo server unreachable over UDP", TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE },
    { "未能解析服务器名", TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED },
    { "failed to resolve server name", TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED },
    { "未能打开隧道适配器", TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED },
    { "failed to open tunnel adapter", TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED },
    { "一般系统故障", TD_TEREDO_ERROR_GENERAL_FAILURE },
    { "general failure", TD_TEREDO_ERROR_GENERAL_FAILURE },
    { "Le serveur a explosé", TD_TEREDO_ERROR_UNKNOWN },
    { "", TD_TEREDO_ERROR_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (td_netsh_teredo_classify_error (cases[i].text), ==, cases[i].code);

  /* Unknown text keeps the raw line. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdTeredoClient) c =
      td_netsh_teredo_parse ("Type : client\nServer Name : x.example\nClient Refresh Interval : 30 seconds\n"
                             "Client Port : unspecified\nState : offline\nError : something new\n", &error);

    g_assert_no_error (error);
    g_assert_cmpint (c->error, ==, TD_TEREDO_ERROR_UNKNOWN);
    g_assert_cmpstr (c->error_raw, ==, "something new");
    g_assert_cmpint (c->implementation, ==, TD_CLIENT_IMPL_WINDOWS);
  }
}

static void
test_netsh_not_teredo (void)
{
  static const char * const texts[] = {
    "The following command was not found: interface teredo show state.\n",
    "找不到下列命令: interface teredo show state。\n",
    "Teredo Parameters\n---------------------------------------------\n",
    "Ok.\n",
    "Type : teredo client\nNetwork : managed\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TdTeredoClient) c = td_netsh_teredo_parse (texts[i], &error);

      g_assert_null (c);
      g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
      if (i < 2)
        g_assert_nonnull (strstr (error->message, "not found"));
    }
}

/* A 4-line block followed straight by a full one (no blank line): the
 * second wins; a value looking like a type keyword at config positions
 * (XP "default") does not start a block. */
static void
test_netsh_blocks (void)
{
  const char *text =
    "Type : disabled\nServer Name : a.example\nClient Refresh Interval : default\nClient Port : default\n"
    "Type : client (Group Policy)\nServer Name : b.example. (Group Policy)\n"
    "Client Refresh Interval : 45 seconds\nClient Port : 0\nState : probe (secondary serv\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdTeredoClient) c = td_netsh_teredo_parse (text, &error);

  g_assert_no_error (error);
  g_assert_cmpint (c->type, ==, TD_TEREDO_TYPE_CLIENT);
  g_assert_true (c->type_from_policy);
  g_assert_cmpstr (c->server_name, ==, "b.example");
  g_assert_true (c->server_from_policy);
  g_assert_cmpint (c->refresh_interval_s, ==, 45);
  g_assert_false (c->refresh_from_policy);
  g_assert_cmpint (c->client_port, ==, -1);
  g_assert_cmpint (c->state, ==, TD_TEREDO_STATE_PROBE);
  g_assert_cmpstr (c->probe_phase, ==, "secondary serv");
  g_assert_cmpint (c->error, ==, TD_TEREDO_ERROR_UNSET);
}

/* The fixtures' expected results show the last output of each text; the
 * earlier outputs, cut out at their "---" separators, are checked here. */
static TdTeredoClient *
parse_section (const char *fixture,
               guint       section)
{
  g_autofree char *text = load_fixture ("windows", fixture);
  g_auto(GStrv) parts = g_strsplit (text, "\n---", -1);
  g_autoptr(GError) error = NULL;
  TdTeredoClient *c;

  g_assert_cmpuint (section, <, g_strv_length (parts));
  c = td_netsh_teredo_parse (parts[section], &error);
  g_assert_no_error (error);
  return c;
}

static void
test_netsh_earlier_outputs (void)
{
  g_autoptr(TdTeredoClient) sym = NULL;
  g_autoptr(TdTeredoClient) relay = NULL;
  g_autoptr(TdTeredoClient) probe = NULL;
  g_autoptr(TdTeredoClient) offline = NULL;

  /* Second output of #8657 (blank-line separated, spacing collapsed). */
  sym = parse_section ("teredo-state-zh-cn-enterpriseclient-qualified-symmetric-address-and-disabled-variants.txt", 0);
  g_assert_cmpint (sym->type, ==, TD_TEREDO_TYPE_ENTERPRISECLIENT);
  g_assert_cmpint (sym->state, ==, TD_TEREDO_STATE_QUALIFIED);
  g_assert_cmpint (sym->network, ==, TD_TEREDO_NETWORK_MANAGED);
  g_assert_cmpint (sym->nat, ==, TD_TEREDO_NAT_ADDRESS_SYMMETRIC);
  g_assert_cmpint (sym->upnp, ==, TD_TRISTATE_NO);
  g_assert_cmpint (sym->port_preserving, ==, TD_TRISTATE_NO);
  g_assert_cmpstr (sym->local_mapping, ==, "192.168.1.102:64272");
  g_assert_cmpstr (sym->external_mapping, ==, "59.38.97.87:62809");

  /* First output of #10745: host-specific relay, masked mappings kept. */
  relay = parse_section ("teredo-state-zh-cn-win10-qualified-symmetric-port-host-specific-relay-then-client.txt", 0);
  g_assert_cmpint (relay->client_type, ==, TD_TEREDO_CLIENT_TYPE_HOST_SPECIFIC_RELAY);
  g_assert_cmpint (relay->nat, ==, TD_TEREDO_NAT_PORT_SYMMETRIC);
  g_assert_cmpstr (relay->local_mapping, ==, "192.168.XX.XX:5XXXX6");
  g_assert_cmpstr (relay->external_mapping, ==, "183.230.xxx.xxx:41xx5");

  /* #9352: probe (no heading), then offline. */
  probe = parse_section ("teredo-state-zh-cn-enterpriseclient-probe-then-offline-then-qualified-cone-refresh-20s.txt", 1);
  g_assert_cmpint (probe->state, ==, TD_TEREDO_STATE_PROBE);
  g_assert_cmpstr (probe->probe_phase, ==, "primary server");
  g_assert_cmpint (probe->error, ==, TD_TEREDO_ERROR_UNSET);
  g_assert_cmpint (probe->refresh_interval_s, ==, 20);
  offline = parse_section ("teredo-state-zh-cn-enterpriseclient-probe-then-offline-then-qualified-cone-refresh-20s.txt", 2);
  g_assert_cmpint (offline->state, ==, TD_TEREDO_STATE_OFFLINE);
  g_assert_cmpint (offline->error, ==, TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE);
}

/* ---- TdTeredoClient JSON contract --------------------------------------- */

static JsonNode *
client_json (const TdTeredoClient *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  td_teredo_client_to_json (c, b);
  return json_builder_get_root (b);
}

static void
test_client_round_trip (void)
{
  g_autofree char *dir_path = data_path ("windows", "");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(TdTeredoClient) c = NULL;
      g_autoptr(TdTeredoClient) back = NULL;
      g_autoptr(TdTeredoClient) copy = NULL;
      g_autoptr(JsonNode) j1 = NULL;
      g_autoptr(JsonNode) j2 = NULL;
      g_autoptr(JsonNode) j3 = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_prefix (name, "teredo-state-"))
        continue;
      text = load_fixture ("windows", name);
      c = td_netsh_teredo_parse (text, &error);
      g_assert_no_error (error);
      j1 = client_json (c);
      back = td_teredo_client_from_json (j1, &error);
      g_assert_no_error (error);
      j2 = client_json (back);
      g_assert_true (json_node_equal (j1, j2));
      copy = g_boxed_copy (TD_TYPE_TEREDO_CLIENT, c);
      g_assert_cmpstr (copy->raw, ==, c->raw);
      j3 = client_json (copy);
      g_assert_true (json_node_equal (j1, j3));
      n++;
    }
  g_assert_cmpuint (n, >=, 27);

  /* A fresh client: everything null / unknown. */
  {
    g_autoptr(TdTeredoClient) c = td_teredo_client_new ();
    g_autoptr(JsonNode) j = client_json (c);
    JsonObject *o = json_node_get_object (j);

    g_assert_cmpstr (json_object_get_string_member (o, "implementation"), ==, "none");
    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "unknown");
    g_assert_true (json_object_get_null_member (o, "type"));
    g_assert_true (json_object_get_null_member (o, "error"));
    g_assert_true (json_object_get_null_member (o, "client_port"));
    g_assert_true (json_object_get_null_member (o, "upnp"));
    g_assert_cmpuint (json_object_get_size (o), ==, 21);
  }
}

/* json_node_copy() shares the object: go through text for a real copy. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return json_from_string (text, NULL);
}

static void
test_client_from_json_strict (void)
{
  static const struct
  {
    const char *member;
    const char *json;     /* replacement value */
  } bad[] = {
    { "type", "\"enterprise\"" },
    { "type", "3" },
    { "state", "null" },
    { "state", "\"sleeping\"" },
    { "implementation", "\"linux\"" },
    { "nat", "\"full-cone\"" },
    { "client_type", "\"teredo client\"" },
    { "network", "true" },
    { "upnp", "\"yes\"" },
    { "client_port", "70000" },
    { "client_port", "\"3544\"" },
    { "refresh_interval_s", "1.5" },
    { "error", "\"none\"" },
    { "error", "{\"code\": \"nope\", \"raw\": null}" },
    { "error", "{\"raw\": \"x\"}" },
    { "server_name", "[]" },
    { "type_from_policy", "null" },
  };
  g_autoptr(TdTeredoClient) base = td_teredo_client_new ();
  g_autoptr(JsonNode) good = NULL;

  base->implementation = TD_CLIENT_IMPL_WINDOWS;
  base->type = TD_TEREDO_TYPE_ENTERPRISECLIENT;
  base->state = TD_TEREDO_STATE_OFFLINE;
  base->error = TD_TEREDO_ERROR_NONE;
  base->error_raw = g_strdup ("none");
  good = client_json (base);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = deep_copy (good);
      g_autoptr(JsonNode) value = json_from_string (bad[i].json, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(TdTeredoClient) c = NULL;

      g_assert_nonnull (value);
      json_object_set_member (json_node_get_object (node), bad[i].member, g_steal_pointer (&value));
      c = td_teredo_client_from_json (node, &error);
      g_test_message ("%s = %s", bad[i].member, bad[i].json);
      g_assert_null (c);
      g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
    }

  /* A contract member may not be missing; the extra ones may. */
  {
    g_autoptr(JsonNode) node = deep_copy (good);
    g_autoptr(GError) error = NULL;
    g_autoptr(TdTeredoClient) c = NULL;

    json_object_remove_member (json_node_get_object (node), "nat");
    c = td_teredo_client_from_json (node, &error);
    g_assert_null (c);
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  }
  {
    g_autoptr(JsonNode) node = deep_copy (good);
    g_autoptr(GError) error = NULL;
    g_autoptr(TdTeredoClient) c = NULL;

    json_object_remove_member (json_node_get_object (node), "error_number");
    json_object_remove_member (json_node_get_object (node), "server_from_policy");
    json_object_remove_member (json_node_get_object (node), "refresh_from_policy");
    c = td_teredo_client_from_json (node, &error);
    g_assert_no_error (error);
    g_assert_cmpint (c->error_number, ==, -1);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) array = json_from_string ("[]", NULL);

    g_assert_null (td_teredo_client_from_json (array, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
    g_clear_error (&error);
    g_assert_null (td_teredo_client_from_json (NULL, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  }

  /* Enum string tables are reversible. */
  for (TdTeredoNat nat = TD_TEREDO_NAT_NONE; nat <= TD_TEREDO_NAT_UNKNOWN; nat++)
    {
      TdTeredoNat back;

      g_assert_true (td_teredo_nat_from_string (td_teredo_nat_to_string (nat), &back));
      g_assert_cmpint (back, ==, nat);
    }
  for (TdTeredoType t = TD_TEREDO_TYPE_DEFAULT; t <= TD_TEREDO_TYPE_DISABLED; t++)
    {
      TdTeredoType back;

      g_assert_true (td_teredo_type_from_string (td_teredo_type_to_string (t), &back));
      g_assert_cmpint (back, ==, t);
    }
  g_assert_null (td_teredo_type_to_string (TD_TEREDO_TYPE_UNSET));
  g_assert_false (td_teredo_state_from_string ("Qualified", NULL));
}

/* ---- td_console_decode ---------------------------------------------------- */

static void
test_decode (void)
{
  g_autofree char *utf8 = td_console_decode ((const guint8 *) "Teredo 参数", strlen ("Teredo 参数"), "CP437");
  g_autofree char *bom = td_console_decode ((const guint8 *) "\xef\xbb\xbfState", 8, NULL);
  g_autofree char *cp437 = td_console_decode ((const guint8 *) "a\xb5z", 3, "CP437");
  g_autofree char *cp850 = td_console_decode ((const guint8 *) "\x82t\x82", 3, "CP850");
  g_autofree char *bad_hint = td_console_decode ((const guint8 *) "a\xff", 2, "NO-SUCH-CODEPAGE");
  g_autofree char *no_hint = td_console_decode ((const guint8 *) "a\xffz", 3, NULL);
  g_autofree char *nul = td_console_decode ((const guint8 *) "a\0b", 3, NULL);
  g_autofree char *empty = td_console_decode (NULL, 0, NULL);
  static const guint8 utf16_bom[] = { 0xff, 0xfe, 'O', 0, 'k', 0, '.', 0 };
  static const guint8 utf16_plain[] = { 'S', 0, 't', 0, 'a', 0, 't', 0, 'e', 0 };
  g_autofree char *u16 = td_console_decode (utf16_bom, sizeof utf16_bom, NULL);
  g_autofree char *u16b = td_console_decode (utf16_plain, sizeof utf16_plain, "CP936");
  /* A CP936 byte pair cut in half: the hint fails, the fallback does not. */
  g_autofree char *cut = td_console_decode ((const guint8 *) "ab\xb7", 3, "CP936");

  g_assert_cmpstr (utf8, ==, "Teredo 参数");
  g_assert_cmpstr (bom, ==, "State");
  g_assert_cmpstr (cp437, ==, "a╡z");
  g_assert_cmpstr (cp850, ==, "été");
  g_assert_cmpstr (bad_hint, ==, "a\xef\xbf\xbd");
  g_assert_cmpstr (no_hint, ==, "a\xef\xbf\xbdz");
  g_assert_cmpstr (nul, ==, "a\xef\xbf\xbd" "b");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (u16, ==, "Ok.");
  g_assert_cmpstr (u16b, ==, "State");
  g_assert_cmpstr (cut, ==, "ab\xef\xbf\xbd");
}

/* ---- the other parsers' details ------------------------------------------- */

static void
test_ipconfig_details (void)
{
  /* zh-CN headings, a description label the table does not know, a VPN
   * under "Unknown adapter", a TAP adapter, an IPv4 gateway on a
   * continuation line. */
  const char *text =
    "Windows IP 配置\n\n"
    "未知适配器 WireGuard Tunnel:\n\n"
    "   连接特定的 DNS 后缀 . . . . . . . :\n"
    "   Beskrivelse . . . . . . . . . . . : WireGuard Tunnel\n"
    "   物理地址. . . . . . . . . . . . . :\n"
    "   IPv4 地址 . . . . . . . . . . . . : 10.64.0.2(首选)\n\n"
    "以太网适配器 以太网 2:\n\n"
    "   媒体状态  . . . . . . . . . . . . : 媒体已断开连接\n"
    "   XYZ . . . . . . . . . . . . . . . : TAP-Windows Adapter V9\n"
    "   物理地址. . . . . . . . . . . . . : 00-FF-12-34-56-78\n\n"
    "以太网适配器 以太网:\n\n"
    "   本地链接 IPv6 地址. . . . . . . . : fe80::1234%7(首选)\n"
    "   IPv4 地址 . . . . . . . . . . . . : 192.168.1.10(首选)\n"
    "   子网掩码  . . . . . . . . . . . . : 255.255.255.0\n"
    "   默认网关. . . . . . . . . . . . . : fe80::1%7\n"
    "                                       192.168.1.1\n"
    "   DHCPv6 客户端 DUID  . . . . . . . : 00-01-00-01-22-36-5C-8F-00-15-5D-36-C2-30\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdIpconfig) r = td_ipconfig_parse (text, &error);
  const TdIpconfigAdapter *a;

  g_assert_no_error (error);
  g_assert_cmpuint (r->adapters->len, ==, 3);

  a = g_ptr_array_index (r->adapters, 0);
  g_assert_cmpstr (a->name, ==, "WireGuard Tunnel");
  g_assert_cmpint (a->kind, ==, TD_IPCONFIG_KIND_UNKNOWN);
  g_assert_true (a->is_vpn);
  g_assert_cmpuint (a->ipv4->len, ==, 1);

  a = g_ptr_array_index (r->adapters, 1);
  g_assert_cmpstr (a->name, ==, "以太网 2");
  g_assert_cmpint (a->kind, ==, TD_IPCONFIG_KIND_ETHERNET);
  g_assert_true (a->media_disconnected);
  /* Unknown label: the description is the line before the MAC address. */
  g_assert_cmpstr (a->description, ==, "TAP-Windows Adapter V9");
  g_assert_true (a->is_vpn);

  a = g_ptr_array_index (r->adapters, 2);
  g_assert_false (a->is_vpn);
  g_assert_null (a->description);
  g_assert_cmpuint (a->gateways->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (a->gateways, 0), ==, "fe80::1%7");
  g_assert_cmpstr (g_ptr_array_index (a->gateways, 1), ==, "192.168.1.1");
  g_assert_cmpuint (a->ipv4->len, ==, 1);
  g_assert_null (td_ipconfig_find_teredo (r));

  {
    g_autoptr(GError) e2 = NULL;
    g_autoptr(TdIpconfig) none = td_ipconfig_parse ("Windows IP Configuration\n\n   Host Name . . : x\n", &e2);

    g_assert_null (none);
    g_assert_error (e2, TD_ERROR, TD_ERROR_PARSE);
  }
}

static void
test_pnrp_removed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPnrpClouds) r =
    td_pnrp_parse ("\nThe following command was not found: p2p pnrp cloud show list.\n", &error);

  g_assert_no_error (error);
  g_assert_true (r->removed);
  g_assert_false (r->has_global);
  g_assert_cmpuint (r->clouds->len, ==, 0);

  {
    g_autoptr(GError) e2 = NULL;
    g_autoptr(TdPnrpClouds) empty = td_pnrp_parse ("Scope  Id     Addr   State         Name\n"
                                                   "-----  -----  -----  ------------  -----\n", &e2);

    g_assert_no_error (e2);
    g_assert_false (empty->removed);
    g_assert_cmpuint (empty->clouds->len, ==, 0);
  }
  {
    g_autoptr(GError) e3 = NULL;
    g_autoptr(TdPnrpClouds) odd = td_pnrp_parse ("    1      0      0  Alone   Global_\n", &e3);

    g_assert_no_error (e3);
    g_assert_cmpint (((TdPnrpCloud *) g_ptr_array_index (odd->clouds, 0))->state, ==,
                     TD_PNRP_CLOUD_STATE_ALONE);
    g_assert_true (odd->has_global);
  }
}

static void
test_advfirewall_details (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdAdvfirewall) r =
    td_advfirewall_parse ("An error occurred while attempting to contact the Windows Firewall service. "
                          "Make sure that the service is running and try your request again.\n", &error);

  g_assert_no_error (error);
  g_assert_true (r->service_unavailable);
  g_assert_cmpuint (r->profiles->len, ==, 0);

  /* Unknown-language headings of `show allprofiles`: fixed order. */
  {
    g_autoptr(GError) e2 = NULL;
    g_autoptr(TdAdvfirewall) x =
      td_advfirewall_parse ("Profil A:\n-------\nTila    ON\n\nProfil B:\n-------\nTila    OFF\n\n"
                            "Profil C:\n-------\nTila    ON\nOk.\n", &e2);

    g_assert_no_error (e2);
    g_assert_cmpuint (x->profiles->len, ==, 3);
    g_assert_cmpint (td_advfirewall_get_profile (x, TD_FIREWALL_PROFILE_PRIVATE)->enabled, ==,
                     TD_TRISTATE_NO);
    g_assert_true (td_advfirewall_any_off (x));
  }
}

static void
test_sc_details (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdScService) s =
    td_sc_query_parse ("[SC] EnumQueryServicesStatus:OpenService FAILED 1722:\n\nThe RPC server is unavailable.\n",
                       &error);

  g_assert_null (s);
  g_assert_error (error, TD_ERROR, TD_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "1722"));

  for (guint state = 1; state <= 7; state++)
    {
      g_autofree char *text = g_strdup_printf ("SERVICE_NAME: x\n        STATE              : %u  WHATEVER\n", state);
      g_autoptr(GError) e2 = NULL;
      g_autoptr(TdScService) t = td_sc_query_parse (text, &e2);

      g_assert_no_error (e2);
      g_assert_cmpint (t->state, ==, state);
      g_assert_nonnull (td_service_state_to_string (t->state));
    }
  {
    g_autoptr(GError) e3 = NULL;
    g_autoptr(TdScService) t =
      td_sc_query_parse ("SERVICE_NAME: x\n START_TYPE : DEMAND_START\n STATE : RUNNING\n", &e3);

    g_assert_no_error (e3);
    g_assert_cmpint (t->start_type, ==, TD_SERVICE_START_DEMAND);
    g_assert_cmpint (t->state, ==, TD_SERVICE_STATE_RUNNING);
  }
}

static void
test_reg_helpers (void)
{
  g_autofree char *d0 = td_disabled_components_describe (0);
  g_autofree char *d9 = td_disabled_components_describe (0x09);
  g_autofree char *dff = td_disabled_components_describe (0xff);
  g_autofree char *d20 = td_disabled_components_describe (0x20);
  TdTeredoPolicyState ps;
  gboolean on;

  /* Bit 0x08 is Teredo; 0x10 (the Resource Kit's claim) is native IPv6. */
  g_assert_true (td_disabled_components_kills_teredo (0x01));
  g_assert_true (td_disabled_components_kills_teredo (0x08));
  g_assert_true (td_disabled_components_kills_teredo (0xff));
  g_assert_true (td_disabled_components_kills_teredo (0xffffffff));
  g_assert_false (td_disabled_components_kills_teredo (0x10));
  g_assert_false (td_disabled_components_kills_teredo (0x20));
  g_assert_false (td_disabled_components_kills_teredo (0x06));
  g_assert_false (td_disabled_components_kills_teredo (0));
  g_assert_true (td_disabled_components_all_off (0xff));
  g_assert_false (td_disabled_components_all_off (0x7f));
  g_assert_cmpstr (d0, ==, "nothing");
  g_assert_cmpstr (d9, ==, "all tunnel interfaces, Teredo");
  g_assert_cmpstr (dff, ==, "IPv6 on every interface except loopback");
  g_assert_nonnull (strstr (d20, "IPv4 preferred"));

  g_assert_true (td_iphlpsvc_teredo_type_is_disabled (4));
  g_assert_false (td_iphlpsvc_teredo_type_is_disabled (0));
  g_assert_false (td_iphlpsvc_teredo_type_is_disabled (3));

  g_assert_true (td_teredo_policy_state_parse ("Enterprise Client", &ps));
  g_assert_cmpint (ps, ==, TD_TEREDO_POLICY_ENTERPRISE_CLIENT);
  g_assert_true (td_teredo_policy_state_parse ("disabled state", &ps));
  g_assert_cmpint (ps, ==, TD_TEREDO_POLICY_DISABLED);
  g_assert_false (td_teredo_policy_state_parse ("enterpriseclient", &ps));
  g_assert_true (td_policy_enabled_parse ("Enabled", &on));
  g_assert_true (on);
  g_assert_false (td_policy_enabled_parse ("1", &on));

  /* A QWORD beyond gint64 stays out of the JSON integer. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdRegQuery) q =
      td_reg_query_parse ("HKEY_CURRENT_USER\\X\n    Big\tREG_QWORD\t0xffffffffffffffff\n"
                          "    Empty    REG_SZ\n    (Default)    REG_SZ    (value not set)\n", &error);
    const TdRegValue *big;

    g_assert_no_error (error);
    big = td_reg_query_lookup (q, "big");
    g_assert_nonnull (big);
    g_assert_true (big->has_integer);
    g_assert_cmpuint (big->integer, ==, G_MAXUINT64);
    g_assert_cmpstr (td_reg_query_lookup (q, "Empty")->string, ==, "");
    g_assert_cmpstr (td_reg_query_lookup (q, "(Default)")->string, ==, "(value not set)");
  }
  /* An error line in a language we do not know still means "not found". */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdRegQuery) q = td_reg_query_parse ("FEL: Det gick inte att hitta nyckeln.\n", &error);

    g_assert_no_error (error);
    g_assert_false (q->found);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TdRegQuery) q = td_reg_query_parse ("ERROR: Invalid syntax.\nType \"REG QUERY /?\" for usage.\n",
                                                  &error);

    g_assert_null (q);
    g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
  }
}

static void
test_miredo_details (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdMiredoLog) log =
    td_miredo_log_parse ("Jan 1 00:00:01 h miredo[9]: New Teredo address/MTU\n"
                         "Jan 1 00:00:01 h miredo[9]:  (address: 2001:0:53aa:64c:0:1234:abcd:ef01, MTU: 1280)\n"
                         "Jan 1 00:05:00 h miredo[9]: Nouvelle adresse/MTU Teredo (adresse : 2001:0:53aa:64c::1, MTU : 1400)\n"
                         "Jan 1 00:06:00 h miredo[9]: Cannot resolve Teredo server address \"x\": Name or service not known\n",
                         &error);
  g_autoptr(TdMiredoConf) conf = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (log->address, ==, "2001:0:53aa:64c::1");
  g_assert_cmpint (log->mtu, ==, 1400);
  g_assert_cmpint (log->status, ==, TD_MIREDO_STATUS_FAILED);
  g_assert_cmpuint (log->events->len, ==, 3);

  conf = td_miredo_conf_parse ("# only comments\n\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (conf->relay_type, ==, TD_MIREDO_RELAY_UNSET);
  g_assert_cmpint (conf->bind_port, ==, -1);
  g_clear_pointer (&conf, td_miredo_conf_free);

  conf = td_miredo_conf_parse ("RELAYTYPE relay\nBindPort 0\nInterfaceMTU 1400\nServerAddress2 x y\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (conf->relay_type, ==, TD_MIREDO_RELAY_CONE);
  g_assert_cmpint (conf->interface_mtu, ==, 1400);
  g_assert_cmpuint (conf->problems->len, ==, 2);   /* port 0, extra text */
}

static void
test_ifconfig_net_tools (void)
{
  const char *text =
    "teredo    Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00\n"
    "          inet6 addr: 2001:0:53aa:64c:38d6:4cb1:a3c1:f9b6/32 Scope:Global\n"
    "          inet6 addr: fe80::ffff:ffff:ffff/64 Scope:Link\n"
    "          UP POINTOPOINT RUNNING NOARP MULTICAST  MTU:1280  Metric:1\n"
    "\n"
    "eth0      Link encap:Ethernet  HWaddr 52:54:00:12:34:56\n"
    "          inet addr:10.0.2.15  Bcast:10.0.2.255  Mask:255.255.255.0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TdIfconfig) r = td_ifconfig_parse (text, &error);
  const TdIfconfigInterface *t;
  const TdIfInet6 *a;

  g_assert_no_error (error);
  t = td_ifconfig_find (r, "teredo");
  g_assert_nonnull (t);
  g_assert_true (t->up);
  g_assert_cmpint (t->mtu, ==, 1280);
  g_assert_cmpuint (t->inet6->len, ==, 2);
  a = g_ptr_array_index (t->inet6, 0);
  g_assert_true (a->teredo);
  g_assert_cmpint (a->prefixlen, ==, 32);
  g_assert_cmpstr (g_ptr_array_index (td_ifconfig_find (r, "eth0")->inet, 0), ==, "10.0.2.15");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-parse/empty", test_empty);
  g_test_add_func ("/host-parse/binary", test_binary);
  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/host-parse/truncated/%s", parsers[i].name);

      g_test_add_data_func (path, &parsers[i], test_truncated);
    }
  g_test_add_func ("/host-parse/huge", test_huge);
  g_test_add_func ("/host-parse/cp936", test_cp936);
  g_test_add_func ("/host-parse/crlf-cr-tabs", test_variants);
  g_test_add_func ("/host-parse/netsh/error-texts", test_error_texts);
  g_test_add_func ("/host-parse/netsh/not-teredo", test_netsh_not_teredo);
  g_test_add_func ("/host-parse/netsh/blocks", test_netsh_blocks);
  g_test_add_func ("/host-parse/netsh/earlier-outputs", test_netsh_earlier_outputs);
  g_test_add_func ("/host-parse/client/round-trip", test_client_round_trip);
  g_test_add_func ("/host-parse/client/from-json-strict", test_client_from_json_strict);
  g_test_add_func ("/host-parse/decode", test_decode);
  g_test_add_func ("/host-parse/ipconfig/details", test_ipconfig_details);
  g_test_add_func ("/host-parse/pnrp/removed", test_pnrp_removed);
  g_test_add_func ("/host-parse/advfirewall/details", test_advfirewall_details);
  g_test_add_func ("/host-parse/sc/details", test_sc_details);
  g_test_add_func ("/host-parse/reg/helpers", test_reg_helpers);
  g_test_add_func ("/host-parse/miredo/details", test_miredo_details);
  g_test_add_func ("/host-parse/ifconfig/net-tools", test_ifconfig_net_tools);

  return g_test_run ();
}
