/* test-redact.c — consistent masking of addresses and names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include <gmodule.h>
#include <pango/pangocairo.h>

#include "td-address.h"
#include "td-redact.h"
#include "td-report-writer.h"
#include "td-test-report.h"

typedef struct {
  const char *names;     /* explicit names, comma-separated, or NULL */
  const char *input;
  const char *expected;
} Case;

static const Case cases[] = {
  /* IPv4: global masked, everything non-global kept. */
  { NULL, "203.0.113.5", "public-ipv4-1" },
  { NULL, "gateway 192.168.1.1, 10.0.0.1, 172.16.5.4, 127.0.0.1, 169.254.3.3",
    "gateway 192.168.1.1, 10.0.0.1, 172.16.5.4, 127.0.0.1, 169.254.3.3" },
  { NULL, "100.64.0.1 and 198.18.0.10 are global here", "public-ipv4-1 and public-ipv4-2 are global here" },
  { NULL, "mapped=203.0.113.5:40001.", "mapped=public-ipv4-1:40001." },
  { NULL, "Local Mapping : 192.168.0.218:52865", "Local Mapping : 192.168.0.218:52865" },
  { NULL, "203.0.113.5 203.0.113.6 203.0.113.5", "public-ipv4-1 public-ipv4-2 public-ipv4-1" },
  { NULL, "version 0.1.0, 14.2 s at 10:00:00, build 10.0.19045.3803",
    "version 0.1.0, 14.2 s at 10:00:00, build 10.0.19045.3803" },
  /* IPv6 */
  { NULL, "[2001:db8::1]:3544", "[public-ipv6-1]:3544" },
  { NULL, "2001:DB8::1 and 2001:db8:0::1", "public-ipv6-1 and public-ipv6-1" },
  { NULL, "IPv6 Address. . . : 2001:db8:4:1::20(Deprecated)",
    "IPv6 Address. . . : public-ipv6-1(Deprecated)" },
  { NULL, "Address:2001:db8::1", "Address:public-ipv6-1" },
  { NULL, "LinkLocal_2001:db8:4:1::/64", "LinkLocal_public-ipv6-1/64" },
  { NULL, "fe80::1%12 fd12:3456:789a:1::20 ::1 :: ff02::1", "fe80::1%12 fd12:3456:789a:1::20 ::1 :: ff02::1" },
  { NULL, "::ffff:203.0.113.5 and ::ffff:192.168.1.1", "::ffff:public-ipv4-1 and ::ffff:192.168.1.1" },
  { NULL, "6to4 2002:cb00:7105::1", "6to4 public-ipv6-1" },
  /* Teredo keeps its structure, with the IPv4 masks of its parts. */
  { NULL, "server 198.51.100.10, address 2001:0:c633:640a:8000:63be:34ff:8eb2, mapped 203.0.113.77",
    "server public-ipv4-1, address 2001:0:public-ipv4-1:8000:63be:public-ipv4-2, mapped public-ipv4-2" },
  { NULL, "2001:0:9d38:90d7:14c4:51a:b355:1da(Preferred)",
    "2001:0:public-ipv4-1:14c4:51a:public-ipv4-2(Preferred)" },
  /* A lab Teredo address with nothing global inside is still global. */
  { NULL, "2001:0:a00:1:8000:63be:f5ff:fffe", "public-ipv6-1" },
  /* Names */
  { NULL, "Server teredo.corp.example.com. answered", "Server host-1. answered" },
  { NULL, "https://ipv6.example.net/test?x=1", "https://host-1/test?x=1" },
  { NULL, "win10.ipv6.microsoft.com and WIN1910.ipv6.microsoft.com. and teredo.remlab.net",
    "win10.ipv6.microsoft.com and WIN1910.ipv6.microsoft.com. and teredo.remlab.net" },
  { NULL, "C:\\Windows\\system32\\netsh.exe reads /etc/miredo.conf, e.g. miredo.service",
    "C:\\Windows\\system32\\netsh.exe reads /etc/miredo.conf, e.g. miredo.service" },
  { NULL, "mail.example.pl and Example.COM", "host-1 and host-2" },
  { "DESKTOP-7Q2K3LM", "Host Name . . : DESKTOP-7Q2K3LM, desktop-7q2k3lm.corp.example.com",
    "Host Name . . : host-1, host-2" },
  { "DESKTOP-7Q2K3LM", "\\\\desktop-7q2k3lm\\share and DESKTOP-7Q2K3LMX",
    "\\\\host-1\\share and DESKTOP-7Q2K3LMX" },
  { "MY_PC", "\\\\MY_PC\\share, my_pc and MY_PCS", "\\\\host-1\\share, host-1 and MY_PCS" },
  { "Jürgen-PC", "PC: Jürgen-PC.", "PC: host-1." },
  { "localhost", "127.0.0.1 localhost", "127.0.0.1 localhost" },
  /* Hardware addresses */
  { NULL, "Physical Address. . : 3C-A9-F4-12-8B-7E", "Physical Address. . : hwaddr-1" },
  { NULL, "link/ether 3c:a9:f4:12:8b:7e brd ff:ff:ff:ff:ff:ff", "link/ether hwaddr-1 brd ff:ff:ff:ff:ff:ff" },
  { NULL, "DUID 00-01-00-01-2A-3B-4C-5D-3C-A9-F4-12-8B-7E", "DUID hwaddr-1" },
  /* Non-ASCII and empty text pass through. */
  { NULL, "服务器名称 : 203.0.113.9。", "服务器名称 : public-ipv4-1。" },
  { NULL, "", "" },
};

static TdRedactor *
redactor_for (const char *names)
{
  TdRedactor *redactor = td_redactor_new ();
  g_auto(GStrv) list = names != NULL ? g_strsplit (names, ",", -1) : NULL;

  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    td_redactor_add_name (redactor, list[i]);
  return redactor;
}

static void
test_text (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TdRedactor) redactor = redactor_for (cases[i].names);
      g_autofree char *output = td_redactor_redact_text (redactor, cases[i].input);
      g_autofree char *twice = td_redactor_redact_text (redactor, output);

      if (g_strcmp0 (output, cases[i].expected) != 0)
        g_error ("case %" G_GSIZE_FORMAT ": “%s” gave “%s”, expected “%s”", i, cases[i].input,
                 output, cases[i].expected);
      /* Masks are never masked again. */
      g_assert_cmpstr (twice, ==, output);
    }
}

static void
test_consistency (void)
{
  g_autoptr(TdRedactor) redactor = td_redactor_new ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  td_redactor_add_name (redactor, "DESKTOP-7Q2K3LM");
  a = td_redactor_redact_text (redactor, "198.51.100.10 relay.example.org");
  b = td_redactor_redact_text (redactor, "ra from 198.51.100.10:3544 via RELAY.example.org.");
  c = td_redactor_redact_text (redactor, "2001:0:c633:640a:8000:63be:34ff:8eb2 on desktop-7q2k3lm");
  g_assert_cmpstr (a, ==, "public-ipv4-1 host-2");
  g_assert_cmpstr (b, ==, "ra from public-ipv4-1:3544 via host-2.");
  g_assert_cmpstr (c, ==, "2001:0:public-ipv4-1:8000:63be:public-ipv4-2 on host-1");
  g_assert_cmpuint (td_redactor_get_n_masks (redactor), ==, 4);
}

static void
test_is_mask (void)
{
  g_assert_true (td_redact_is_mask ("public-ipv4-1"));
  g_assert_true (td_redact_is_mask ("public-ipv6-12"));
  g_assert_true (td_redact_is_mask ("host-3"));
  g_assert_true (td_redact_is_mask ("hwaddr-1"));
  g_assert_true (td_redact_is_mask ("2001:0:public-ipv4-1:8000:63be:public-ipv4-2"));
  g_assert_true (td_redact_is_mask ("2001:0:a00:1:8000:63be:public-ipv4-2"));
  g_assert_false (td_redact_is_mask ("public-ipv4-0"));
  g_assert_false (td_redact_is_mask ("2001:db8::1"));
  g_assert_false (td_redact_is_mask ("host-1 and more"));
  g_assert_false (td_redact_is_mask (NULL));
}

/* ---- the whole report ------------------------------------------------- */

/* Every global IPv4 / IPv6 address in @text, found independently of the
 * redactor: dotted quads, and every window of a run of [0-9a-f:.] that
 * parses as IPv6. */
static GPtrArray *
find_public_addresses (const char *text)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) ipv4 = g_regex_new ("(?<![0-9.])[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?![0-9])", 0, 0, NULL);
  g_autoptr(GRegex) run = g_regex_new ("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (ipv4, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *candidate = g_match_info_fetch (match, 0);
      guint32 address;

      if (td_ipv4_parse (candidate, &address) && td_ipv4_is_global (address))
        g_ptr_array_add (found, g_steal_pointer (&candidate));
      g_match_info_next (match, NULL);
    }
  g_clear_pointer (&match, g_match_info_free);

  g_regex_match (run, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *candidate = g_match_info_fetch (match, 0);
      gsize length = strlen (candidate);

      /* An address starts the run ("Address:2001:db8::1" gives the run
       * ":2001:db8::1"); anything may follow it (":3544", "."). */
      gsize from = candidate[0] == ':' && candidate[1] != ':' ? 1 : 0;

      for (gsize to = length; to > from + 1; to--)
        {
          g_autofree char *window = g_strndup (candidate + from, to - from);
          guint8 bytes[16];

          if (td_ipv6_parse (window, bytes))
            {
              if (td_ipv6_is_global (bytes))
                g_ptr_array_add (found, g_steal_pointer (&window));
              break;
            }
        }
      g_match_info_next (match, NULL);
    }
  return found;
}

static const char * const secrets[] = {
  "DESKTOP-7Q2K3LM", "corp.example.com", "ipv6.example.net", "3C-A9-F4-12-8B-7E",
  "2A-3B-4C-5D", "198.51.100", "203.0.113", "2001:db8", "c633:640a",
};

static void
assert_no_secrets (const char *format,
                   const char *text)
{
  g_autoptr(GPtrArray) leaks = find_public_addresses (text);
  g_autofree char *folded = g_ascii_strdown (text, -1);

  if (leaks->len > 0)
    g_error ("%s: public address “%s” left", format, (char *) g_ptr_array_index (leaks, 0));
  for (gsize i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autofree char *secret = g_ascii_strdown (secrets[i], -1);

      if (strstr (folded, secret) != NULL)
        g_error ("%s: “%s” left", format, secrets[i]);
    }
  /* What is not secret stays readable. */
  g_assert_nonnull (strstr (text, "192.168.1.20"));
  g_assert_nonnull (strstr (text, "win10.ipv6.microsoft.com"));
  g_assert_nonnull (strstr (text, "host-1"));
  g_assert_nonnull (strstr (text, "public-ipv4-1"));
}

static char *
pdf_text (GBytes *pdf)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int fd, status;

  if (pdftotext == NULL)
    return NULL;
  fd = g_file_open_tmp ("td-redact-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  /* -raw: lines as drawn, so that nothing is reflowed into an address. */
  g_spawn_sync (NULL, (char *[]) { pdftotext, (char *) "-raw", path, (char *) "-", NULL }, NULL,
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
  return output;
}

static void
test_report_formats (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();

  for (int format = TD_REPORT_FORMAT_JSON; format <= TD_REPORT_FORMAT_PDF; format++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) plain = td_report_render (report, format, FALSE, &error);
      g_autoptr(GBytes) redacted = td_report_render (report, format, TRUE, &error);
      g_autofree char *plain_text = NULL;
      g_autofree char *redacted_text = NULL;
      g_autoptr(GPtrArray) plain_leaks = NULL;

      g_assert_no_error (error);
      if (format == TD_REPORT_FORMAT_PDF)
        {
          plain_text = pdf_text (plain);
          redacted_text = pdf_text (redacted);
          if (plain_text == NULL)
            {
              g_test_message ("pdftotext not installed: PDF not scanned");
              continue;
            }
        }
      else
        {
          plain_text = g_strndup (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
          redacted_text = g_strndup (g_bytes_get_data (redacted, NULL), g_bytes_get_size (redacted));
        }

      /* The scan finds what is there… */
      plain_leaks = find_public_addresses (plain_text);
      g_assert_cmpuint (plain_leaks->len, >, 5);
      g_assert_nonnull (strstr (plain_text, "DESKTOP-7Q2K3LM"));
      /* … and nothing is there once redacted. */
      assert_no_secrets (td_report_format_to_string (format), redacted_text);
    }
}

static const char *
string_at (JsonNode   *root,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = json_path_query (path, root, &error);
  JsonArray *array;

  g_assert_no_error (error);
  array = json_node_get_array (result);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_array_get_string_element (array, 0);
}

static void
test_report_consistency (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = td_report_render (report, TD_REPORT_FORMAT_JSON, TRUE, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) again = NULL;
  g_autoptr(TdReport) loaded = NULL;
  g_autofree char *teredo = NULL;
  g_autofree char *mapped_event = NULL;
  g_autofree char *text = NULL;
  const char *primary, *mapped;
  JsonNode *root;

  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);

  g_assert_cmpstr (string_at (root, "$.hostname"), ==, "host-1");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "redacted"));
  g_assert_cmpstr (string_at (root, "$.server"), ==, "win10.ipv6.microsoft.com");
  g_assert_cmpstr (string_at (root, "$.host.windows.domain"), ==, "host-2");
  /* Private, link-local and ULA addresses are kept. */
  g_assert_cmpstr (string_at (root, "$.probe.local.address"), ==, "192.168.1.20");
  g_assert_cmpstr (string_at (root, "$.host.addresses[0].address"), ==, "fe80::5d2a:9c1f:3b7e:1a20");
  g_assert_cmpstr (string_at (root, "$.host.addresses[1].address"), ==, "fd12:3456:789a:1::20");

  /* One address, one mask, wherever it appears. */
  primary = string_at (root, "$.probe.primary");
  mapped = string_at (root, "$.probe.mapped.address");
  g_assert_true (g_str_has_prefix (primary, "public-ipv4-"));
  g_assert_true (g_str_has_prefix (mapped, "public-ipv4-"));
  g_assert_cmpstr (primary, !=, mapped);
  g_assert_cmpstr (string_at (root, "$.probe.mapped_secondary.address"), ==, mapped);
  teredo = g_strdup_printf ("2001:0:%s:8000:63be:%s", primary, mapped);
  g_assert_cmpstr (string_at (root, "$.probe.teredo_address"), ==, teredo);
  /* The prefix 2001:0:c633:640a::/64 is a Teredo address too: its server
   * part gets the server's mask, its empty client part stays. */
  mapped_event = g_strdup_printf ("ra mapped=%s:40001 prefix=2001:0:%s:0:0:0:0/64 mtu=1280",
                                  mapped, primary);
  g_assert_cmpstr (string_at (root, "$.probe.events[4].what"), ==, mapped_event);
  g_assert_nonnull (strstr (string_at (root, "$.checks[7].summary"), primary));
  g_assert_cmpstr (string_at (root, "$.host.addresses[2].address"), ==,
                   string_at (root, "$.host.addresses[2].address"));
  g_assert_nonnull (strstr (string_at (root, "$.checks[1].details"),
                            string_at (root, "$.host.addresses[2].address")));
  g_assert_nonnull (strstr (string_at (root, "$.checks[5].summary"), "(domain host-2)"));

  /* Redacting a redacted report changes nothing. */
  loaded = td_report_load_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  again = td_report_render (loaded, TD_REPORT_FORMAT_JSON, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, again));

  /* The text report of a redacted report says so. */
  g_clear_pointer (&again, g_bytes_unref);
  again = td_report_render (loaded, TD_REPORT_FORMAT_TEXT, FALSE, &error);
  text = g_strndup (g_bytes_get_data (again, NULL), g_bytes_get_size (again));
  g_assert_nonnull (strstr (text, "Redacted:       yes: public addresses and names are masked"));
}

/* Pango's font map and cairo's font cache live as long as the process;
 * dropping them at exit lets valgrind's leak check see only our memory. */
static void
release_font_caches (void)
{
  GModule *self = g_module_open (NULL, 0);
  gpointer fc_fini = NULL;

  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  /* fontconfig is loaded by pango, not linked by us: look FcFini up. */
  if (self != NULL && g_module_symbol (self, "FcFini", &fc_fini) && fc_fini != NULL)
    ((void (*) (void)) fc_fini) ();
  if (self != NULL)
    g_module_close (self);
}

/* A computer named like a word of the format's vocabulary. */
static void
test_report_vocabulary_name (void)
{
  g_autoptr(TdReport) report = td_test_report_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TdReport) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  td_report_set_hostname (report, "Windows");
  bytes = td_report_render (report, TD_REPORT_FORMAT_JSON, TRUE, &error);
  g_assert_no_error (error);
  loaded = td_report_load_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpint (td_report_get_platform (loaded), ==, TD_PLATFORM_WINDOWS);
  g_assert_cmpstr (td_report_get_hostname (loaded), ==, "host-1");
  g_assert_cmpstr (td_report_get_host (loaded)->client->server_name, ==, "win10.ipv6.microsoft.com");
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* In prose the name is masked like any other. */
  g_assert_nonnull (strstr (text, "host-1 says: client is in a managed network."));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/redact/text", test_text);
  g_test_add_func ("/redact/consistency", test_consistency);
  g_test_add_func ("/redact/is-mask", test_is_mask);
  g_test_add_func ("/redact/report/formats", test_report_formats);
  g_test_add_func ("/redact/report/consistency", test_report_consistency);
  g_test_add_func ("/redact/report/vocabulary-name", test_report_vocabulary_name);

  status = g_test_run ();
  release_font_caches ();
  return status;
}
