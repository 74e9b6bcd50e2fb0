/* smoke-cli.exe — the GTK-free pieces of the app under Windows/Wine:
 * GIO UDP on loopback, libsoup server+session on 127.0.0.1, json-glib,
 * cairo PDF with pango text, GSubprocess (child .exe in the OEM code page,
 * a .bat through cmd.exe), registry reads and a write (Win32 + GLib), and a
 * translated GLib message (with LANG=de_*).
 *
 *   smoke-cli [TEST...]            run all tests or the named ones; ends with
 *                                  "N passed, N failed", exit 1 on a failure
 *   smoke-cli --udp-send ADDR PORT TEXT
 *   smoke-cli --udp-recv ADDR PORT SECONDS   bind ADDR:PORT, print one datagram
 *   smoke-cli --pdf FILE           write the test PDF to FILE and keep it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <windows.h>
#include <locale.h>
#include <string.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include "td-win32-fonts.h"

static char *pdf_keep;

static char *
exe_dir (void)
{
  wchar_t path[MAX_PATH];
  char *utf8, *dir;
  GetModuleFileNameW (NULL, path, MAX_PATH);
  utf8 = g_utf16_to_utf8 ((gunichar2 *) path, -1, NULL, NULL, NULL);
  dir = g_path_get_dirname (utf8);
  g_free (utf8);
  return dir;
}

/* ----------------------------------------------------------------- UDP */
static gboolean
udp_send (const char *addr, guint16 port, const char *text, GError **error)
{
  GSocket *s;
  GInetAddress *ia = g_inet_address_new_from_string (addr);
  GSocketAddress *to;
  gboolean ok;

  if (ia == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad address %s", addr);
      return FALSE;
    }
  s = g_socket_new (g_inet_address_get_family (ia), G_SOCKET_TYPE_DATAGRAM,
                    G_SOCKET_PROTOCOL_UDP, error);
  to = g_inet_socket_address_new (ia, port);
  ok = s != NULL && g_socket_send_to (s, to, text, strlen (text), NULL, error) >= 0;
  g_clear_object (&s);
  g_object_unref (to);
  g_object_unref (ia);
  return ok;
}

static char *
udp_recv (const char *addr, guint16 port, guint timeout, guint16 *bound_port,
          GSocket **out_socket, GError **error)
{
  GInetAddress *ia = g_inet_address_new_from_string (addr);
  GSocketAddress *sa, *local;
  GSocket *s;
  char buf[512];
  gssize n;

  s = g_socket_new (g_inet_address_get_family (ia), G_SOCKET_TYPE_DATAGRAM,
                    G_SOCKET_PROTOCOL_UDP, error);
  sa = g_inet_socket_address_new (ia, port);
  g_object_unref (ia);
  if (s == NULL || !g_socket_bind (s, sa, FALSE, error))
    {
      g_object_unref (sa);
      g_clear_object (&s);
      return NULL;
    }
  g_object_unref (sa);
  local = g_socket_get_local_address (s, NULL);
  if (bound_port != NULL)
    *bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_object_unref (local);
  if (out_socket != NULL)   /* the caller sends, then calls again to read */
    {
      *out_socket = s;
      return g_strdup ("");
    }
  g_socket_set_timeout (s, timeout);
  n = g_socket_receive (s, buf, sizeof buf - 1, NULL, error);
  g_object_unref (s);
  if (n < 0)
    return NULL;
  buf[n] = '\0';
  return g_strdup (buf);
}

static gboolean
test_udp (char **detail, GError **error)
{
  GSocket *rx = NULL;
  guint16 port = 0;
  char buf[64];
  gssize n;
  char *ignored;

  ignored = udp_recv ("127.0.0.1", 0, 5, &port, &rx, error);
  if (ignored == NULL)
    return FALSE;
  g_free (ignored);
  if (!udp_send ("127.0.0.1", port, "td-ping", error))
    {
      g_object_unref (rx);
      return FALSE;
    }
  g_socket_set_timeout (rx, 5);
  n = g_socket_receive (rx, buf, sizeof buf - 1, NULL, error);
  g_object_unref (rx);
  if (n < 0)
    return FALSE;
  buf[n] = '\0';
  *detail = g_strdup_printf ("127.0.0.1:%u got \"%s\"", port, buf);
  return g_str_equal (buf, "td-ping");
}

/* ------------------------------------------------------- soup + json */
static const char *probe_json =
  "{\"verdict\":\"qualified\",\"rtt_ms\":42,\"servers\":[\"teredo.example\",\"relay.example\"]}";

static void
server_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
           GHashTable *query, gpointer data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    probe_json, strlen (probe_json));
  (void) server; (void) path; (void) query; (void) data;
}

typedef struct { GMainLoop *loop; GBytes *body; GError *error; } SoupWait;

static void
sent_cb (GObject *session, GAsyncResult *res, gpointer data)
{
  SoupWait *w = data;
  w->body = soup_session_send_and_read_finish (SOUP_SESSION (session), res, &w->error);
  g_main_loop_quit (w->loop);
}

static gboolean
timeout_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static GBytes *soup_body;

static gboolean
test_soup (char **detail, GError **error)
{
  SoupServer *server = soup_server_new ("server-header", "td-smoke", NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *sa = g_inet_socket_address_new (lo, 0);
  GSList *uris;
  SoupSession *session;
  SoupMessage *msg;
  SoupWait w = { 0 };
  char *url;
  guint status, tid;
  gboolean ok;

  g_object_unref (lo);
  if (!soup_server_listen (server, sa, 0, error))
    {
      g_object_unref (sa);
      g_object_unref (server);
      return FALSE;
    }
  g_object_unref (sa);
  soup_server_add_handler (server, "/probe", server_cb, NULL, NULL);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/probe", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  session = soup_session_new_with_options ("timeout", 10, NULL);
  msg = soup_message_new ("GET", url);
  w.loop = g_main_loop_new (NULL, FALSE);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &w);
  tid = g_timeout_add_seconds (15, timeout_cb, w.loop);
  g_main_loop_run (w.loop);
  if (w.body != NULL || w.error != NULL)
    g_source_remove (tid);
  status = soup_message_get_status (msg);
  ok = w.body != NULL && status == 200 &&
       g_bytes_get_size (w.body) == strlen (probe_json);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  else if (w.body == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no answer in 15 s");
  *detail = g_strdup_printf ("GET %s -> %u, %zu bytes", url, status,
                             w.body ? g_bytes_get_size (w.body) : 0);
  soup_body = w.body;
  g_main_loop_unref (w.loop);
  g_object_unref (msg);
  g_object_unref (session);
  soup_server_disconnect (server);
  g_object_unref (server);
  g_free (url);
  return ok;
}

static gboolean
test_json (char **detail, GError **error)
{
  JsonParser *parser = json_parser_new ();
  JsonObject *obj;
  JsonBuilder *b;
  JsonGenerator *gen;
  JsonNode *root;
  const char *input = probe_json;
  gsize len = strlen (probe_json);
  char *out;
  gboolean ok;

  if (soup_body != NULL)   /* what the soup test fetched */
    input = g_bytes_get_data (soup_body, &len);
  if (!json_parser_load_from_data (parser, input, (gssize) len, error))
    {
      g_object_unref (parser);
      return FALSE;
    }
  obj = json_node_get_object (json_parser_get_root (parser));
  ok = g_strcmp0 (json_object_get_string_member (obj, "verdict"), "qualified") == 0 &&
       json_object_get_int_member (obj, "rtt_ms") == 42 &&
       json_array_get_length (json_object_get_array_member (obj, "servers")) == 2;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, "état: Grüße");
  json_builder_set_member_name (b, "rtt_ms");
  json_builder_add_int_value (b, json_object_get_int_member (obj, "rtt_ms"));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  out = json_generator_to_data (gen, NULL);
  ok = ok && g_str_equal (out, "{\"verdict\":\"état: Grüße\",\"rtt_ms\":42}");
  *detail = g_strdup_printf ("parsed %s; generated %s",
                             soup_body ? "the soup reply" : "a literal", out);
  g_free (out);
  json_node_unref (root);
  g_object_unref (gen);
  g_object_unref (b);
  g_object_unref (parser);
  return ok;
}

/* ----------------------------------------------------------------- PDF */
static gboolean
test_pdf (char **detail, GError **error)
{
  char *path = pdf_keep ? g_strdup (pdf_keep)
                        : g_build_filename (g_get_tmp_dir (), "td-smoke.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans 14");
  cairo_status_t st;
  char *data = NULL;
  gsize len = 0;
  int unknown;
  gboolean ok;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, "Teredo Doctor report: qualified, état Grüße, RTT 42 ms", -1);
  unknown = pango_layout_get_unknown_glyphs_count (layout);
  cairo_move_to (cr, 56, 56);
  pango_cairo_show_layout (cr, layout);
  cairo_show_page (cr);
  g_object_unref (layout);
  pango_font_description_free (desc);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  st = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cairo: %s", cairo_status_to_string (st));
      g_free (path);
      return FALSE;
    }
  if (!g_file_get_contents (path, &data, &len, error))
    {
      g_free (path);
      return FALSE;
    }
  ok = len > 1000 && strncmp (data, "%PDF-", 5) == 0 && unknown == 0;
  *detail = g_strdup_printf ("%s: %zu bytes, font map %s, %d unknown glyphs", path, len,
                             G_OBJECT_TYPE_NAME (pango_cairo_font_map_get_default ()),
                             unknown);
  if (pdf_keep == NULL)
    g_unlink (path);
  g_free (data);
  g_free (path);
  return ok;
}

/* ---------------------------------------------------------- subprocess */
static gboolean
test_child_exe (char **detail, GError **error)
{
  char *dir = exe_dir ();
  char *child = g_build_filename (dir, "smoke-child.exe", NULL);
  GSubprocess *p;
  GBytes *out = NULL;
  const char *raw, *line2;
  gsize len;
  char *decoded = NULL, *codeset, *expected;
  UINT oemcp = GetOEMCP ();
  gboolean ok;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, child, NULL);
  g_free (child);
  g_free (dir);
  if (p == NULL || !g_subprocess_communicate (p, NULL, NULL, &out, NULL, error))
    {
      g_clear_object (&p);
      return FALSE;
    }
  raw = g_bytes_get_data (out, &len);
  line2 = g_strstr_len (raw, (gssize) len, "\r\n");
  codeset = g_strdup_printf ("CP%u", oemcp);
  if (line2 != NULL)
    {
      const char *end = g_strstr_len (line2 + 2, (gssize) (raw + len - line2 - 2), "\r\n");
      decoded = g_convert (line2 + 2, end ? end - line2 - 2 : raw + len - line2 - 2,
                           "UTF-8", codeset, NULL, NULL, error);
    }
  /* What the child's UTF-16 text looks like in this code page. */
  expected = oemcp == 936 ? g_strdup ("Teredo 隧道 état") : NULL;
  ok = decoded != NULL && g_subprocess_get_if_exited (p) &&
       g_subprocess_get_exit_status (p) == 7 &&
       (expected ? g_str_equal (decoded, expected)
                 : g_str_has_prefix (decoded, "Teredo ") && strstr (decoded, "tat") != NULL);
  *detail = g_strdup_printf ("OEM code page %u, exit %d, decoded \"%s\"%s", oemcp,
                             g_subprocess_get_exit_status (p), decoded ? decoded : "(null)",
                             expected ? " (exact match required)" : "");
  g_free (expected);
  g_free (decoded);
  g_free (codeset);
  g_bytes_unref (out);
  g_object_unref (p);
  return ok;
}

static gboolean
run_capture (const char * const *argv, char **out_text, int *status, GError **error)
{
  GSubprocess *p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                      G_SUBPROCESS_FLAGS_STDERR_MERGE, error);
  char *out = NULL;
  if (p == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, error))
    {
      g_object_unref (p);
      return FALSE;
    }
  *status = g_subprocess_get_exit_status (p);
  *out_text = g_strstrip (out);
  g_object_unref (p);
  return TRUE;
}

static gboolean
test_bat (char **detail, GError **error)
{
  char *bat = g_build_filename (g_get_tmp_dir (), "td-smoke.bat", NULL);
  const char *via_cmd[] = { "cmd.exe", "/c", bat, "hello", NULL };
  const char *direct[] = { bat, "direct", NULL };
  char *out1 = NULL, *out2 = NULL;
  int st1 = -1, st2 = -1;
  GError *e2 = NULL;
  gboolean ok;

  if (!g_file_set_contents (bat, "@echo off\r\necho bat says %1\r\nexit /b 5\r\n", -1, error))
    return FALSE;
  ok = run_capture (via_cmd, &out1, &st1, error) &&
       g_str_equal (out1, "bat says hello") && st1 == 5;
  /* A .bat as argv[0] without cmd.exe: informational only. */
  if (!run_capture (direct, &out2, &st2, &e2))
    out2 = g_strdup_printf ("error: %s", e2->message);
  *detail = g_strdup_printf ("cmd.exe /c: \"%s\" exit %d; .bat as argv[0]: \"%s\" exit %d",
                             out1 ? out1 : "", st1, out2 ? out2 : "", st2);
  g_clear_error (&e2);
  g_unlink (bat);
  g_free (bat);
  g_free (out1);
  g_free (out2);
  return ok;
}

/* ------------------------------------------------------------ registry */
/* GLib 2.74 does not install its GWin32RegistryKey header, so the app reads
 * the registry with Win32 calls and GLib's UTF-16 conversions. */
static char *
reg_get_string (HKEY root, const char *subkey, const char *name, GError **error)
{
  gunichar2 *wsub = g_utf8_to_utf16 (subkey, -1, NULL, NULL, NULL);
  gunichar2 *wname = g_utf8_to_utf16 (name, -1, NULL, NULL, NULL);
  wchar_t buf[512];
  DWORD size = sizeof buf;
  LSTATUS rc = RegGetValueW (root, (wchar_t *) wsub, (wchar_t *) wname, RRF_RT_REG_SZ, NULL, buf, &size);
  g_free (wsub);
  g_free (wname);
  if (rc != ERROR_SUCCESS)
    {
      char *msg = g_win32_error_message ((gint) rc);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s\\%s: %s", subkey, name, msg);
      g_free (msg);
      return NULL;
    }
  return g_utf16_to_utf8 ((gunichar2 *) buf, -1, NULL, NULL, NULL);
}

static gboolean
test_registry (char **detail, GError **error)
{
  const char *cv = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
  const char *mine = "Software\\TeredoDoctorSmoke";
  const char *value = "état Grüße 隧道";
  char *product, *build = NULL, *back = NULL;
  gunichar2 *wmine, *wvalue;
  HKEY key;
  gboolean ok;

  product = reg_get_string (HKEY_LOCAL_MACHINE, cv, "ProductName", error);
  if (product == NULL)
    return FALSE;
  build = reg_get_string (HKEY_LOCAL_MACHINE, cv, "CurrentBuildNumber", NULL);
  /* a non-ASCII round trip under HKCU */
  wmine = g_utf8_to_utf16 (mine, -1, NULL, NULL, NULL);
  wvalue = g_utf8_to_utf16 (value, -1, NULL, NULL, NULL);
  if (RegCreateKeyExW (HKEY_CURRENT_USER, (wchar_t *) wmine, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                       &key, NULL) == ERROR_SUCCESS)
    {
      RegSetValueExW (key, L"probe", 0, REG_SZ, (const BYTE *) wvalue,
                      (DWORD) ((wcslen ((wchar_t *) wvalue) + 1) * sizeof (wchar_t)));
      RegCloseKey (key);
      back = reg_get_string (HKEY_CURRENT_USER, mine, "probe", NULL);
      RegDeleteKeyW (HKEY_CURRENT_USER, (wchar_t *) wmine);
    }
  ok = *product != '\0' && back != NULL && g_str_equal (back, value);
  *detail = g_strdup_printf ("ProductName \"%s\", build %s; HKCU round trip \"%s\"",
                             product, build ? build : "?", back ? back : "(failed)");
  g_free (wmine);
  g_free (wvalue);
  g_free (product);
  g_free (build);
  g_free (back);
  return ok;
}

/* ---------------------------------------------------------- gettext */
static gboolean
test_gettext (char **detail, GError **error)
{
  const char *lang = g_getenv ("LANG");
  char *missing = g_build_filename (g_get_tmp_dir (), "td-no-such-file", NULL);
  GError *e = NULL;
  char *contents = NULL;
  gboolean german = lang != NULL && g_str_has_prefix (lang, "de");
  gboolean ok;

  g_file_get_contents (missing, &contents, NULL, &e);
  g_free (contents);
  g_free (missing);
  if (e == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "a missing file was read");
      return FALSE;
    }
  /* glib20.mo de: "Datei »%s« konnte nicht geöffnet werden: %s",
   * zh_CN: "打开文件“%s”失败：%s" */
  if (german)
    ok = strstr (e->message, "konnte nicht") != NULL;
  else if (lang != NULL && g_str_has_prefix (lang, "zh_CN"))
    ok = strstr (e->message, "失败") != NULL;
  else
    ok = strstr (e->message, "Failed to open") != NULL;
  *detail = g_strdup_printf ("LANG=%s, g_win32_getlocale()=%s: \"%s\"", lang ? lang : "",
                             g_win32_getlocale (), e->message);
  g_error_free (e);
  return ok;
}

typedef gboolean (*TestFunc) (char **detail, GError **error);
static const struct { const char *name; TestFunc func; } tests[] = {
  { "udp", test_udp },
  { "soup", test_soup },
  { "json", test_json },
  { "pdf", test_pdf },
  { "child-exe", test_child_exe },
  { "bat", test_bat },
  { "registry", test_registry },
  { "gettext", test_gettext },
};

int
main (int argc, char **argv)
{
  int passed = 0, failed = 0;
  gsize i;

  setlocale (LC_ALL, "");
  td_win32_fonts_init ();

  if (argc == 5 && g_str_equal (argv[1], "--udp-send"))
    {
      GError *e = NULL;
      if (!udp_send (argv[2], (guint16) atoi (argv[3]), argv[4], &e))
        {
          g_printerr ("udp-send: %s\n", e->message);
          return 1;
        }
      g_print ("udp-send: sent to %s:%s\n", argv[2], argv[3]);
      return 0;
    }
  if (argc == 5 && g_str_equal (argv[1], "--udp-recv"))
    {
      GError *e = NULL;
      char *text = udp_recv (argv[2], (guint16) atoi (argv[3]), (guint) atoi (argv[4]),
                             NULL, NULL, &e);
      if (text == NULL)
        {
          g_printerr ("udp-recv: %s\n", e->message);
          return 1;
        }
      g_print ("udp-recv: %s\n", text);
      return 0;
    }
  if (argc == 3 && g_str_equal (argv[1], "--pdf"))
    {
      pdf_keep = argv[2];
      argc = 2;
      argv[1] = (char *) "pdf";
    }

  for (i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      char *detail = NULL;
      GError *error = NULL;
      gboolean selected = argc == 1, ok;
      int j;

      for (j = 1; j < argc; j++)
        selected = selected || g_str_equal (argv[j], tests[i].name);
      if (!selected)
        continue;
      ok = tests[i].func (&detail, &error);
      g_print ("%s - %s: %s%s%s\n", ok ? "ok" : "not ok", tests[i].name,
               detail ? detail : "", error ? " error: " : "", error ? error->message : "");
      if (ok)
        passed++;
      else
        failed++;
      g_free (detail);
      g_clear_error (&error);
    }
  g_print ("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
