/* td-probe-result.c — what one Teredo qualification probe found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "td-address.h"
#include "td-error.h"
#include "td-json.h"
#include "td-probe-result.h"

static const char * const nat_type_names[] = {
  [TD_NAT_TYPE_OFFLINE] = "offline",
  [TD_NAT_TYPE_UNKNOWN] = "unknown",
  [TD_NAT_TYPE_OPEN] = "open",
  [TD_NAT_TYPE_OPEN_FIREWALLED] = "open-firewalled",
  [TD_NAT_TYPE_CONE] = "cone",
  [TD_NAT_TYPE_RESTRICTED] = "restricted",
  [TD_NAT_TYPE_SYMMETRIC] = "symmetric",
};

const char *
td_nat_type_to_string (TdNatType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (nat_type_names), "unknown");
  return nat_type_names[type];
}

gboolean
td_nat_type_from_string (const char *text,
                         TdNatType  *out_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (nat_type_names); i++)
    if (g_strcmp0 (text, nat_type_names[i]) == 0)
      {
        *out_type = i;
        return TRUE;
      }
  return FALSE;
}

static void
td_probe_event_free (TdProbeEvent *event)
{
  g_free (event->socket);
  g_free (event->direction);
  g_free (event->peer);
  g_free (event->what);
  g_free (event);
}

G_DEFINE_BOXED_TYPE (TdProbeResult, td_probe_result, td_probe_result_ref, td_probe_result_unref)

static void
td_probe_result_clear (TdProbeResult *self)
{
  g_free (self->server);
  g_free (self->primary);
  g_free (self->secondary);
  g_free (self->local.address);
  g_free (self->mapped.address);
  g_free (self->mapped_secondary.address);
  g_free (self->teredo_address);
  g_free (self->order);
  g_clear_error (&self->error);
  g_ptr_array_unref (self->events);
}

TdProbeResult *
td_probe_result_new (const char *server)
{
  TdProbeResult *self = g_atomic_rc_box_new0 (TdProbeResult);

  self->server = g_strdup (server);
  self->rtt_ms = -1;
  self->first_answer_ms = -1;
  self->rtt_us = -1;
  self->first_answer_us = -1;
  self->elapsed_us = 0;
  self->nat = TD_NAT_TYPE_OFFLINE;
  self->order = g_strdup ("parallel-mapping-first");
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) td_probe_event_free);
  return self;
}

TdProbeResult *
td_probe_result_ref (TdProbeResult *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
td_probe_result_unref (TdProbeResult *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) td_probe_result_clear);
}

gboolean
td_probe_result_reachable (const TdProbeResult *self)
{
  return self->reachable && self->error == NULL && self->mapped.address != NULL;
}

gboolean
td_probe_result_qualified (const TdProbeResult *self)
{
  return td_probe_result_reachable (self) &&
         self->nat != TD_NAT_TYPE_SYMMETRIC && self->nat != TD_NAT_TYPE_UNKNOWN &&
         self->nat != TD_NAT_TYPE_OFFLINE;
}

void
td_probe_result_add_event (TdProbeResult *self,
                           gint64         time_us,
                           const char    *socket,
                           const char    *direction,
                           const char    *peer,
                           guint          length,
                           const char    *format,
                           ...)
{
  TdProbeEvent *event = g_new0 (TdProbeEvent, 1);
  va_list args;

  event->time_us = time_us;
  event->socket = g_strdup (socket);
  event->direction = g_strdup (direction);
  event->peer = g_strdup (peer);
  event->length = length;
  va_start (args, format);
  event->what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->events, event);
}

static void
add_endpoint (JsonBuilder      *builder,
              const char       *member,
              const TdEndpoint *endpoint)
{
  json_builder_set_member_name (builder, member);
  if (endpoint->address == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, endpoint->address);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, endpoint->port);
  json_builder_end_object (builder);
}

void
td_probe_result_to_json (const TdProbeResult *self,
                         JsonBuilder         *builder,
                         gboolean             with_events)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, self->server);
  td_json_add_string_or_null (builder, "primary", self->primary);
  td_json_add_string_or_null (builder, "secondary", self->secondary);
  json_builder_set_member_name (builder, "qualified");
  json_builder_add_boolean_value (builder, td_probe_result_qualified (self));
  json_builder_set_member_name (builder, "reachable");
  json_builder_add_boolean_value (builder, self->reachable);
  json_builder_set_member_name (builder, "secondary_reachable");
  json_builder_add_boolean_value (builder, self->secondary_reachable);
  json_builder_set_member_name (builder, "cone_answered");
  json_builder_add_boolean_value (builder, self->cone_answered);
  td_json_add_int_or_null (builder, "rtt_ms", self->rtt_ms >= 0, self->rtt_ms);
  td_json_add_int_or_null (builder, "first_answer_ms", self->first_answer_ms >= 0,
                           self->first_answer_ms);
  td_json_add_int_or_null (builder, "rtt_us", self->rtt_us >= 0, self->rtt_us);
  td_json_add_int_or_null (builder, "first_answer_us", self->first_answer_us >= 0, self->first_answer_us);
  json_builder_set_member_name (builder, "elapsed_us");
  json_builder_add_int_value (builder, self->elapsed_us);
  add_endpoint (builder, "local", &self->local);
  add_endpoint (builder, "mapped", &self->mapped);
  add_endpoint (builder, "mapped_secondary", &self->mapped_secondary);
  json_builder_set_member_name (builder, "nat");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, td_nat_type_to_string (self->nat));
  json_builder_set_member_name (builder, "port_preserving");
  json_builder_add_boolean_value (builder, self->port_preserving);
  json_builder_end_object (builder);
  td_json_add_string_or_null (builder, "teredo_address", self->teredo_address);
  td_json_add_int_or_null (builder, "mtu", self->mtu != 0, self->mtu);
  json_builder_set_member_name (builder, "rs_sent");
  json_builder_add_int_value (builder, self->rs_sent);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_int_value (builder, self->dropped);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_int_value (builder, self->elapsed_ms);
  json_builder_set_member_name (builder, "order");
  json_builder_add_string_value (builder, self->order);
  json_builder_set_member_name (builder, "error");
  if (self->error == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, td_error_code_to_string (self->error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, self->error->message);
      json_builder_end_object (builder);
    }
  if (with_events)
    {
      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->events->len; i++)
        {
          const TdProbeEvent *event = g_ptr_array_index (self->events, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "time_us");
          json_builder_add_int_value (builder, event->time_us);
          td_json_add_string_or_null (builder, "socket", event->socket);
          td_json_add_string_or_null (builder, "direction", event->direction);
          td_json_add_string_or_null (builder, "peer", event->peer);
          json_builder_set_member_name (builder, "what");
          json_builder_add_string_value (builder, event->what);
          json_builder_set_member_name (builder, "length");
          json_builder_add_int_value (builder, event->length);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* Maps an error code string back to a GError of the right domain. */
static GError *
error_from_code (const char *code,
                 const char *message)
{
  static const struct { const char *code; int value; } codes[] = {
    { "failed", TD_ERROR_FAILED }, { "invalid-argument", TD_ERROR_INVALID_ARGUMENT },
    { "dns-failed", TD_ERROR_DNS_FAILED }, { "not-global", TD_ERROR_NOT_GLOBAL },
    { "unreachable", TD_ERROR_UNREACHABLE }, { "port-unreachable", TD_ERROR_PORT_UNREACHABLE },
    { "host-unreachable", TD_ERROR_HOST_UNREACHABLE }, { "network", TD_ERROR_NETWORK },
    { "timeout", TD_ERROR_TIMEOUT }, { "dns-unavailable", TD_ERROR_DNS_UNAVAILABLE },
    { "local-firewall", TD_ERROR_LOCAL_FIREWALL },
  };

  if (g_strcmp0 (code, "cancelled") == 0)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, message);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (code, codes[i].code) == 0)
      return g_error_new_literal (TD_ERROR, codes[i].value, message);
  return NULL;
}

static gboolean
read_endpoint (JsonObject  *object,
               const char  *member,
               gboolean     nullable,
               TdEndpoint  *out,
               GError     **error)
{
  JsonObject *endpoint;
  gint64 port;
  char *address = NULL;
  guint32 ignored;

  if (!td_json_get_object (object, member, nullable, &endpoint, error))
    return FALSE;
  if (endpoint == NULL)
    return TRUE;
  if (!td_json_get_string (endpoint, "address", FALSE, &address, error) ||
      !td_json_get_int (endpoint, "port", 0, 65535, &port, error))
    {
      g_free (address);
      g_prefix_error (error, "%s: ", member);
      return FALSE;
    }
  /* Redacted reports mask addresses with words, so accept any short text,
   * but refuse control characters and absurd lengths. */
  if (strlen (address) > 64 || (!td_ipv4_parse (address, &ignored) && !g_str_is_ascii (address)))
    {
      g_free (address);
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s: address is not an IPv4 address", member);
      return FALSE;
    }
  out->address = address;
  out->port = port;
  return TRUE;
}

TdProbeResult *
td_probe_result_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(TdProbeResult) self = NULL;
  g_autofree char *server = NULL;
  g_autofree char *nat_type = NULL;
  JsonObject *object, *nat, *error_object;
  gint64 value;

  if ((object = td_json_require_object (node, "probe", error)) == NULL)
    return NULL;
  if (!td_json_get_string (object, "server", FALSE, &server, error))
    return NULL;
  self = td_probe_result_new (server);

  if (!td_json_get_string (object, "primary", TRUE, &self->primary, error) ||
      !td_json_get_string (object, "secondary", TRUE, &self->secondary, error) ||
      !td_json_get_bool (object, "reachable", &self->reachable, error) ||
      !td_json_get_bool (object, "secondary_reachable", &self->secondary_reachable, error) ||
      !td_json_get_bool (object, "cone_answered", &self->cone_answered, error) ||
      !td_json_get_int_or_null (object, "rtt_ms", 0, G_MAXINT, -1, &value, error))
    return NULL;
  self->rtt_ms = value;
  if (!td_json_get_int_or_null (object, "first_answer_ms", 0, G_MAXINT, -1, &value, error))
    return NULL;
  self->first_answer_ms = value;
  /* Microsecond timings arrived after the first reports: optional. */
  self->rtt_us = self->rtt_ms >= 0 ? self->rtt_ms * 1000 : -1;
  self->first_answer_us = self->first_answer_ms >= 0 ? self->first_answer_ms * 1000 : -1;
  if (json_object_has_member (object, "rtt_us") &&
      !td_json_get_int_or_null (object, "rtt_us", 0, G_MAXINT64, -1, &self->rtt_us, error))
    return NULL;
  if (json_object_has_member (object, "first_answer_us") &&
      !td_json_get_int_or_null (object, "first_answer_us", 0, G_MAXINT64, -1, &self->first_answer_us, error))
    return NULL;
  if (!read_endpoint (object, "local", TRUE, &self->local, error) ||
      !read_endpoint (object, "mapped", TRUE, &self->mapped, error) ||
      !read_endpoint (object, "mapped_secondary", TRUE, &self->mapped_secondary, error))
    return NULL;
  if (!td_json_get_object (object, "nat", FALSE, &nat, error) ||
      !td_json_get_string (nat, "type", FALSE, &nat_type, error) ||
      !td_json_get_bool (nat, "port_preserving", &self->port_preserving, error))
    return NULL;
  if (!td_nat_type_from_string (nat_type, &self->nat))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "unknown NAT type “%s”", nat_type);
      return NULL;
    }
  if (!td_json_get_string (object, "teredo_address", TRUE, &self->teredo_address, error) ||
      !td_json_get_int_or_null (object, "mtu", 1280, 65535, 0, &value, error))
    return NULL;
  self->mtu = value;
  if (!td_json_get_int (object, "rs_sent", 0, 10000, &value, error))
    return NULL;
  self->rs_sent = value;
  if (!td_json_get_int (object, "dropped", 0, G_MAXINT, &value, error))
    return NULL;
  self->dropped = value;
  if (!td_json_get_int (object, "elapsed_ms", 0, G_MAXINT, &value, error))
    return NULL;
  self->elapsed_ms = value;
  self->elapsed_us = value * 1000;
  if (json_object_has_member (object, "elapsed_us") &&
      !td_json_get_int (object, "elapsed_us", 0, G_MAXINT64, &self->elapsed_us, error))
    return NULL;
  g_clear_pointer (&self->order, g_free);
  if (!td_json_get_string (object, "order", FALSE, &self->order, error) ||
      !td_json_get_object (object, "error", TRUE, &error_object, error))
    return NULL;
  if (error_object != NULL)
    {
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;

      if (!td_json_get_string (error_object, "code", FALSE, &code, error) ||
          !td_json_get_string (error_object, "message", FALSE, &message, error))
        return NULL;
      if ((self->error = error_from_code (code, message)) == NULL)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "unknown probe error code “%s”", code);
          return NULL;
        }
    }

  if (json_object_has_member (object, "events"))
    {
      JsonArray *events;

      if (!td_json_get_array (object, "events", &events, error))
        return NULL;
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *event = td_json_require_object (json_array_get_element (events, i),
                                                      "event", error);
          g_autofree char *socket = NULL, *direction = NULL, *peer = NULL, *what = NULL;
          gint64 time_us, length;

          if (event == NULL ||
              !td_json_get_int (event, "time_us", 0, G_MAXINT64, &time_us, error) ||
              !td_json_get_string (event, "socket", TRUE, &socket, error) ||
              !td_json_get_string (event, "direction", TRUE, &direction, error) ||
              !td_json_get_string (event, "peer", TRUE, &peer, error) ||
              !td_json_get_string (event, "what", FALSE, &what, error) ||
              !td_json_get_int (event, "length", 0, 65535, &length, error))
            {
              g_prefix_error (error, "probe event %u: ", i);
              return NULL;
            }
          td_probe_result_add_event (self, time_us, socket, direction, peer, length, "%s", what);
        }
    }

  return g_steal_pointer (&self);
}

int
td_probe_result_compare (const TdProbeResult *a,
                         const TdProbeResult *b)
{
  gboolean qa = td_probe_result_qualified (a);
  gboolean qb = td_probe_result_qualified (b);
  gboolean ra = td_probe_result_reachable (a);
  gboolean rb = td_probe_result_reachable (b);

  if (qa != qb)
    return qa ? -1 : 1;
  if (ra != rb)
    return ra ? -1 : 1;
  if (a->rtt_ms != b->rtt_ms)
    {
      /* Unknown RTT (-1) sorts last. */
      if (a->rtt_ms < 0)
        return 1;
      if (b->rtt_ms < 0)
        return -1;
      return a->rtt_ms < b->rtt_ms ? -1 : 1;
    }
  return g_strcmp0 (a->server, b->server);
}
