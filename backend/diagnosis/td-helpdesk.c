/* td-helpdesk.c — send a report to the help desk an administrator configured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-helpdesk.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "td-error.h"
#include "td-report-writer.h"

#define READ_CHUNK 8192

typedef struct {
  SoupSession *session;
  SoupMessage *message;
  GInputStream *stream;
  GByteArray  *body;
  char        *host;
  guint        timeout_s;
} PostData;

static void
post_data_free (gpointer data)
{
  PostData *post = data;

  g_clear_object (&post->stream);
  g_clear_object (&post->message);
  g_clear_object (&post->session);
  g_clear_pointer (&post->body, g_byte_array_unref);
  g_free (post->host);
  g_free (post);
}

gboolean
td_helpdesk_validate_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                           _("No help desk address is configured."));
      return FALSE;
    }
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                   _("The help desk address “%s” is not an http or https address."), url);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_usable_reference (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > TD_HELPDESK_MAX_REFERENCE ||
      !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
td_helpdesk_parse_reference (const char  *content_type,
                             const char  *body,
                             gsize        length,
                             GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *reference = NULL;

  if (body == NULL)
    body = "";
  text = g_strndup (body, length);

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonObject *object;
      JsonNode *member;

      if (!json_parser_load_from_data (parser, text, -1, NULL) ||
          (root = json_parser_get_root (parser)) == NULL ||
          !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE,
                               _("The help desk answered with JSON that is not an object."));
          return NULL;
        }
      object = json_node_get_object (root);
      member = json_object_get_member (object, "reference");
      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_STRING)
        {
          g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE,
                               _("The help desk accepted the report but sent no reference."));
          return NULL;
        }
      reference = g_strstrip (g_strdup (json_node_get_string (member)));
    }
  else
    {
      char *newline = strpbrk (text, "\r\n");

      if (newline != NULL)
        *newline = '\0';
      reference = g_strstrip (g_strdup (text));
    }

  if (!is_usable_reference (reference))
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_PARSE,
                           _("The help desk accepted the report but sent no usable reference."));
      return NULL;
    }
  return g_steal_pointer (&reference);
}

static void
return_transport_error (GTask  *task,
                        GError *error)
{
  PostData *post = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_new_error (task, TD_ERROR, TD_ERROR_TIMEOUT,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "The help desk at %s did not answer within %u second.",
                                          "The help desk at %s did not answer within %u seconds.",
                                          post->timeout_s),
                             post->host, post->timeout_s);
  else
    g_task_return_new_error (task, TD_ERROR, TD_ERROR_NETWORK,
                             _("Could not reach the help desk at %s: %s"),
                             post->host, error->message);
}

static void
finish_response (GTask *task)
{
  PostData *post = g_task_get_task_data (task);
  guint status = soup_message_get_status (post->message);
  const char *reason = soup_message_get_reason_phrase (post->message);
  const char *content_type;
  g_autoptr(GError) error = NULL;
  char *reference;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_FAILED,
                               /* Translators: %u %s is an HTTP status ("500 Internal Server Error") */
                               _("The help desk refused the report: %u %s."),
                               status, reason != NULL ? reason : "");
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (post->message),
                                                        NULL);
  reference = td_helpdesk_parse_reference (content_type, (const char *) post->body->data,
                                           post->body->len, &error);
  if (reference == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reference, g_free);
}

static void read_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
read_next (GTask *task)
{
  PostData *post = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (post->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PostData *post = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      return_transport_error (task, error);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      finish_response (task);
      return;
    }
  g_byte_array_append (post->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (post->body->len > TD_HELPDESK_MAX_RESPONSE)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_TOO_LARGE,
                               _("The help desk answered with more than %u KiB."),
                               TD_HELPDESK_MAX_RESPONSE / 1024);
      return;
    }
  read_next (g_steal_pointer (&task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PostData *post = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  post->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (post->stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }
  read_next (g_steal_pointer (&task));
}

void
td_helpdesk_post_async (const char          *url,
                        GBytes              *json_body,
                        guint                timeout_s,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *user_agent = NULL;
  PostData *post;

  g_return_if_fail (json_body != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_helpdesk_post_async);

  if (!td_helpdesk_validate_url (url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  post = g_new0 (PostData, 1);
  post->timeout_s = timeout_s > 0 ? timeout_s : TD_HELPDESK_DEFAULT_TIMEOUT_S;
  post->host = g_strdup (g_uri_get_host (uri));
  post->body = g_byte_array_new ();
  g_task_set_task_data (task, post, post_data_free);

  user_agent = g_strdup_printf ("teredo-doctor/%s", PACKAGE_VERSION);
  post->session = soup_session_new_with_options ("timeout", post->timeout_s,
                                                 "user-agent", user_agent,
                                                 NULL);
  post->message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  /* A redirect would re-send the report somewhere nobody configured. */
  soup_message_add_flags (post->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (post->message),
                                "Accept", "application/json, text/plain;q=0.9");
  soup_message_set_request_body_from_bytes (post->message,
                                            "application/json; charset=utf-8", json_body);

  soup_session_send_async (post->session, post->message, G_PRIORITY_DEFAULT, cancellable,
                           send_cb, g_steal_pointer (&task));
}

char *
td_helpdesk_post_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
send_post_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *reference = td_helpdesk_post_finish (result, &error);

  if (reference == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reference, g_free);
}

void
td_helpdesk_send_async (const char          *url,
                        TdReport            *report,
                        gboolean             redact,
                        guint                timeout_s,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (TD_IS_REPORT (report));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_helpdesk_send_async);

  /* Refuse a bad address before rendering anything. */
  if (!td_helpdesk_validate_url (url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  body = td_report_render (report, TD_REPORT_FORMAT_JSON, redact, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  td_helpdesk_post_async (url, body, timeout_s, cancellable, send_post_cb, g_steal_pointer (&task));
}

char *
td_helpdesk_send_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
