/* test-helpdesk.c — POSTing a report to a help desk, against a loopback
 * SoupServer: a reference in JSON or text, HTTP errors, a server that is
 * down, one that is too slow, redirects, junk answers, redaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "td-async.h"
#include "td-error.h"
#include "td-helpdesk.h"
#include "td-report.h"

typedef struct {
  SoupServer *server;
  char       *base;          /* http://127.0.0.1:PORT */
  char       *last_body;     /* what the last request carried */
  char       *last_type;
  char       *last_method;
  guint       n_requests;
  GPtrArray  *paused;        /* SoupServerMessage, answered late */
} Fixture;

static void
record (Fixture           *fixture,
        SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  fixture->n_requests++;
  g_free (fixture->last_body);
  fixture->last_body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_free (fixture->last_type);
  fixture->last_type = g_strdup (soup_message_headers_get_one (
                                   soup_server_message_get_request_headers (msg), "Content-Type"));
  g_free (fixture->last_method);
  fixture->last_method = g_strdup (soup_server_message_get_method (msg));
}

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *type,
          const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, text, strlen (text));
}

static gboolean
answer_late_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  set_body (msg, 200, "application/json", "{\"reference\": \"LATE-1\"}");
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;

  record (fixture, msg);

  if (g_str_equal (path, "/ok"))
    set_body (msg, 200, "application/json", "{\"reference\": \"TD-2026-0042\", \"queue\": 3}");
  else if (g_str_equal (path, "/created"))
    set_body (msg, 201, "application/json; charset=utf-8", "{\"reference\": \"  HD 7  \"}");
  else if (g_str_equal (path, "/text"))
    set_body (msg, 200, "text/plain", "REF-77\r\nThank you, we will call you back.\n");
  else if (g_str_equal (path, "/error"))
    set_body (msg, 500, "text/plain", "database on fire");
  else if (g_str_equal (path, "/forbidden"))
    set_body (msg, 403, "text/plain", "no");
  else if (g_str_equal (path, "/noref"))
    set_body (msg, 200, "application/json", "{\"status\": \"ok\"}");
  else if (g_str_equal (path, "/numref"))
    set_body (msg, 200, "application/json", "{\"reference\": 42}");
  else if (g_str_equal (path, "/array"))
    set_body (msg, 200, "application/json", "[\"TD-1\"]");
  else if (g_str_equal (path, "/badjson"))
    set_body (msg, 200, "application/json", "{\"reference\": ");
  else if (g_str_equal (path, "/empty"))
    set_body (msg, 204, "text/plain", "");
  else if (g_str_equal (path, "/control"))
    set_body (msg, 200, "application/json", "{\"reference\": \"A\\u0007B\"}");
  else if (g_str_equal (path, "/longref"))
    {
      g_autofree char *reference = g_strnfill (TD_HELPDESK_MAX_REFERENCE + 1, 'R');
      g_autofree char *json = g_strdup_printf ("{\"reference\": \"%s\"}", reference);
      set_body (msg, 200, "application/json", json);
    }
  else if (g_str_equal (path, "/huge"))
    {
      g_autofree char *big = g_strnfill (TD_HELPDESK_MAX_RESPONSE + 1024, 'x');
      set_body (msg, 200, "text/plain", big);
    }
  else if (g_str_equal (path, "/redirect"))
    soup_server_message_set_redirect (msg, 302, "/ok");
  else if (g_str_equal (path, "/slow"))
    {
      /* Never answered: the client must give up by itself. */
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      soup_server_message_pause (msg);
    }
  else if (g_str_equal (path, "/late"))
    {
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      soup_server_message_pause (msg);
      g_timeout_add (300, answer_late_cb, msg);
    }
  else
    set_body (msg, 404, "text/plain", "not here");
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->server = soup_server_new ("server-header", "td-test-helpdesk", NULL);
  soup_server_add_handler (fixture->server, NULL, handler, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  /* Let the server's sources see the disconnection before the messages go. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (fixture->paused);
  g_free (fixture->base);
  g_free (fixture->last_body);
  g_free (fixture->last_type);
  g_free (fixture->last_method);
}

static TdReport *
make_report (void)
{
  TdReport *report = td_report_new ();
  g_autoptr(TdVerdict) verdict = td_verdict_new (TD_VERDICT_UDP_BLOCKED,
                                                 "UDP port 3544 is blocked on the way.");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 26, 11, 5, 0);

  td_report_set_platform (report, TD_PLATFORM_LINUX);
  td_report_set_hostname (report, "gaming-pc.secret.example");
  td_report_set_server (report, "win10.ipv6.microsoft.com");
  td_report_set_started_at (report, when);
  td_report_set_verdict (report, verdict);
  return report;
}

typedef struct {
  gboolean  done;
  char     *reference;
  GError   *error;
  gint64    elapsed_us;
} SendResult;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendResult *send = user_data;

  send->reference = td_helpdesk_send_finish (result, &send->error);
  send->done = TRUE;
}

static void
send (const char   *url,
      gboolean      redact,
      guint         timeout_s,
      GCancellable *cancellable,
      SendResult   *out)
{
  g_autoptr(TdReport) report = make_report ();
  gint64 start = g_get_monotonic_time ();

  td_helpdesk_send_async (url, report, redact, timeout_s, cancellable, sent_cb, out);
  td_async_wait_until (&out->done);
  out->elapsed_us = g_get_monotonic_time () - start;
}

static void
send_result_clear (SendResult *send)
{
  g_clear_pointer (&send->reference, g_free);
  g_clear_error (&send->error);
  send->done = FALSE;
}

static char *
url_for (Fixture    *fixture,
         const char *path)
{
  return g_strconcat (fixture->base, path, NULL);
}

static void
test_ok_json (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/ok");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SendResult result = { 0 };
  JsonObject *root;

  send (url, TRUE, 5, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_cmpstr (result.reference, ==, "TD-2026-0042");

  /* What reached the server: one POST of the report as JSON, redacted. */
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (fixture->last_method, ==, "POST");
  g_assert_cmpstr (fixture->last_type, ==, "application/json; charset=utf-8");
  json_parser_load_from_data (parser, fixture->last_body, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_true (json_object_get_boolean_member (root, "redacted"));
  g_assert_null (strstr (fixture->last_body, "gaming-pc"));
  g_assert_nonnull (strstr (fixture->last_body, "udp-blocked"));
  send_result_clear (&result);
}

static void
test_not_redacted (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/ok");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SendResult result = { 0 };
  JsonObject *root;

  /* The user opted out of redaction: the host name travels as it is. */
  send (url, FALSE, 5, NULL, &result);
  g_assert_no_error (result.error);
  json_parser_load_from_data (parser, fixture->last_body, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "redacted"));
  g_assert_cmpstr (json_object_get_string_member (root, "hostname"), ==,
                   "gaming-pc.secret.example");
  send_result_clear (&result);
}

static void
test_ok_variants (Fixture       *fixture,
                  gconstpointer  data)
{
  struct { const char *path; const char *reference; } cases[] = {
    { "/created", "HD 7" },
    { "/text", "REF-77" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = url_for (fixture, cases[i].path);
      SendResult result = { 0 };

      send (url, TRUE, 5, NULL, &result);
      g_assert_no_error (result.error);
      g_assert_cmpstr (result.reference, ==, cases[i].reference);
      send_result_clear (&result);
    }
}

static void
test_http_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  struct { const char *path; int code; const char *in_message; } cases[] = {
    { "/error", TD_ERROR_FAILED, "500 Internal Server Error" },
    { "/forbidden", TD_ERROR_FAILED, "403" },
    { "/missing", TD_ERROR_FAILED, "404" },
    /* Redirects are not followed: the report goes only where configured. */
    { "/redirect", TD_ERROR_FAILED, "302" },
    { "/noref", TD_ERROR_PARSE, "no reference" },
    { "/numref", TD_ERROR_PARSE, "no reference" },
    { "/array", TD_ERROR_PARSE, "not an object" },
    { "/badjson", TD_ERROR_PARSE, "not an object" },
    { "/empty", TD_ERROR_PARSE, "no usable reference" },
    { "/control", TD_ERROR_PARSE, "no usable reference" },
    { "/longref", TD_ERROR_PARSE, "no usable reference" },
    { "/huge", TD_ERROR_TOO_LARGE, "KiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = url_for (fixture, cases[i].path);
      SendResult result = { 0 };

      send (url, TRUE, 5, NULL, &result);
      g_test_message ("%s: %s", cases[i].path, result.error ? result.error->message : "ok?");
      g_assert_null (result.reference);
      g_assert_error (result.error, TD_ERROR, cases[i].code);
      g_assert_nonnull (strstr (result.error->message, cases[i].in_message));
      send_result_clear (&result);
    }
  /* Only one request reached /ok: the redirect was not followed. */
  g_assert_cmpuint (fixture->n_requests, ==, G_N_ELEMENTS (cases));
}

static void
test_slow (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/slow");
  g_autofree char *late = url_for (fixture, "/late");
  SendResult result = { 0 };

  send (url, TRUE, 1, NULL, &result);
  g_assert_error (result.error, TD_ERROR, TD_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (result.error->message, "1 second"));
  g_assert_nonnull (strstr (result.error->message, "127.0.0.1"));
  /* It gave up after about the timeout, not much later. */
  g_assert_cmpint (result.elapsed_us, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (result.elapsed_us, <, 5 * G_USEC_PER_SEC);
  send_result_clear (&result);

  /* Slow but in time is fine. */
  send (late, TRUE, 5, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_cmpstr (result.reference, ==, "LATE-1");
  send_result_clear (&result);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/slow");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) before = g_cancellable_new ();
  SendResult result = { 0 };

  g_timeout_add (200, cancel_cb, cancellable);
  send (url, TRUE, 30, cancellable, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (result.elapsed_us, <, 5 * G_USEC_PER_SEC);
  send_result_clear (&result);

  g_cancellable_cancel (before);
  send (url, TRUE, 30, before, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  send_result_clear (&result);
}

static void
test_down (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SendResult result = { 0 };
  guint16 port;

  /* A port that was free a moment ago and has nobody listening now. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u/report", port);
  send (url, TRUE, 5, NULL, &result);
  g_assert_error (result.error, TD_ERROR, TD_ERROR_NETWORK);
  g_assert_nonnull (strstr (result.error->message, "Could not reach the help desk at 127.0.0.1"));
  send_result_clear (&result);
}

static void
test_bad_urls (void)
{
  const char *urls[] = { "", "not a url", "ftp://example.org/", "mailto:help@example.org",
                         "http://", "file:///etc/passwd", "//example.org/x", "javascript:x" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      SendResult result = { 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("url “%s”", urls[i]);
      g_assert_false (td_helpdesk_validate_url (urls[i], &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT);
      send (urls[i], TRUE, 5, NULL, &result);
      g_assert_error (result.error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT);
      send_result_clear (&result);
    }
  g_assert_false (td_helpdesk_validate_url (NULL, NULL));
  g_assert_true (td_helpdesk_validate_url ("https://helpdesk.example.org/api/teredo", NULL));
  g_assert_true (td_helpdesk_validate_url ("HTTP://127.0.0.1:8080/", NULL));
}

static void
test_parse_reference (void)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"reference\":\"Ticket №5\"}";
  g_autofree char *a = td_helpdesk_parse_reference ("application/json", json, strlen (json), &error);
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "Ticket №5");
  b = td_helpdesk_parse_reference (NULL, "  X-1  \nmore", 13, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "X-1");
  g_assert_null (td_helpdesk_parse_reference ("text/plain", "\xff\xfe", 2, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/helpdesk/ok-json", Fixture, NULL, fixture_setup, test_ok_json, fixture_teardown);
  g_test_add ("/helpdesk/not-redacted", Fixture, NULL, fixture_setup, test_not_redacted,
              fixture_teardown);
  g_test_add ("/helpdesk/ok-variants", Fixture, NULL, fixture_setup, test_ok_variants,
              fixture_teardown);
  g_test_add ("/helpdesk/http-errors", Fixture, NULL, fixture_setup, test_http_errors,
              fixture_teardown);
  g_test_add ("/helpdesk/slow", Fixture, NULL, fixture_setup, test_slow, fixture_teardown);
  g_test_add ("/helpdesk/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add_func ("/helpdesk/down", test_down);
  g_test_add_func ("/helpdesk/bad-urls", test_bad_urls);
  g_test_add_func ("/helpdesk/parse-reference", test_parse_reference);

  return g_test_run ();
}
