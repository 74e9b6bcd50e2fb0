/* td-report.c — one diagnosis, as shown, exported and opened again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-host-json.h"
#include "td-json-syntax.h"
#include "td-json.h"
#include "td-redact.h"
#include "td-report.h"

#define TOOL_NAME "teredo-doctor"

struct _TdReport
{
  GObject        parent_instance;

  gboolean       from_file;
  GDateTime     *started_at;
  gint64         duration_ms;
  TdPlatform     platform;
  char          *hostname;
  char          *server;
  char          *tool_version;
  gboolean       redacted;
  GListStore    *checks;      /* TdCheckResult */
  TdHost        *host;
  TdProbeResult *probe;
  TdVerdict     *verdict;
  TdReportOrigin *origin;     /* NULL: diagnosed where it ran */
};

G_DEFINE_FINAL_TYPE (TdReport, td_report, G_TYPE_OBJECT)

static void
td_report_finalize (GObject *object)
{
  TdReport *self = TD_REPORT (object);

  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_free (self->hostname);
  g_free (self->server);
  g_free (self->tool_version);
  g_clear_object (&self->checks);
  g_clear_pointer (&self->host, td_host_unref);
  g_clear_pointer (&self->probe, td_probe_result_unref);
  g_clear_pointer (&self->verdict, td_verdict_free);
  g_clear_pointer (&self->origin, td_report_origin_free);

  G_OBJECT_CLASS (td_report_parent_class)->finalize (object);
}

static void
td_report_class_init (TdReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = td_report_finalize;
}

static void
td_report_init (TdReport *self)
{
  self->started_at = g_date_time_new_now_utc ();
  self->platform = td_platform_native ();
  self->tool_version = g_strdup (PACKAGE_VERSION);
  self->checks = g_list_store_new (TD_TYPE_CHECK_RESULT);
}

TdReport *
td_report_new (void)
{
  return g_object_new (TD_TYPE_REPORT, NULL);
}

gboolean
td_report_is_from_file (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), FALSE);
  return self->from_file || self->origin != NULL;
}

/* ---- origin ----------------------------------------------------------- */

static const char * const origin_from[] = { "batch-file", "paste", NULL };
static const char * const origin_elevated[] = { "yes", "no", "likely", "unknown", NULL };

TdReportOrigin *
td_report_origin_new (void)
{
  TdReportOrigin *self = g_new0 (TdReportOrigin, 1);

  self->from = g_strdup ("paste");
  self->elevated = g_strdup ("unknown");
  self->complete = TRUE;
  self->conclusive = TRUE;
  self->missing = g_new0 (char *, 1);
  self->notes = g_new0 (char *, 1);
  return self;
}

TdReportOrigin *
td_report_origin_copy (const TdReportOrigin *self)
{
  TdReportOrigin *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TdReportOrigin, 1);
  copy->from = g_strdup (self->from);
  copy->computer = g_strdup (self->computer);
  copy->collected_at = g_strdup (self->collected_at);
  copy->windows_version = g_strdup (self->windows_version);
  copy->codepage = g_strdup (self->codepage);
  copy->encoding = g_strdup (self->encoding);
  copy->elevated = g_strdup (self->elevated);
  copy->complete = self->complete;
  copy->conclusive = self->conclusive;
  copy->missing = self->missing ? g_strdupv (self->missing) : g_new0 (char *, 1);
  copy->notes = self->notes ? g_strdupv (self->notes) : g_new0 (char *, 1);
  return copy;
}

void
td_report_origin_free (TdReportOrigin *self)
{
  if (self == NULL)
    return;
  g_free (self->from);
  g_free (self->computer);
  g_free (self->collected_at);
  g_free (self->windows_version);
  g_free (self->codepage);
  g_free (self->encoding);
  g_free (self->elevated);
  g_strfreev (self->missing);
  g_strfreev (self->notes);
  g_free (self);
}

const TdReportOrigin *
td_report_get_origin (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->origin;
}

void
td_report_set_origin (TdReport             *self,
                      const TdReportOrigin *origin)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_return_if_fail (origin == NULL || g_strv_contains (origin_from, origin->from));
  g_return_if_fail (origin == NULL || g_strv_contains (origin_elevated, origin->elevated));

  g_clear_pointer (&self->origin, td_report_origin_free);
  if (origin != NULL)
    self->origin = td_report_origin_copy (origin);
}

static void
origin_to_json (const TdReportOrigin *origin,
                JsonBuilder          *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, origin->from);
  td_json_add_string_or_null (builder, "computer", origin->computer);
  td_json_add_string_or_null (builder, "collected_at", origin->collected_at);
  td_json_add_string_or_null (builder, "windows_version", origin->windows_version);
  td_json_add_string_or_null (builder, "codepage", origin->codepage);
  td_json_add_string_or_null (builder, "encoding", origin->encoding);
  json_builder_set_member_name (builder, "elevated");
  json_builder_add_string_value (builder, origin->elevated);
  td_json_add_bool (builder, "complete", origin->complete);
  td_json_add_bool (builder, "conclusive", origin->conclusive);
  json_builder_set_member_name (builder, "missing");
  td_json_add_strv (builder, (const char * const *) origin->missing);
  json_builder_set_member_name (builder, "notes");
  td_json_add_strv (builder, (const char * const *) origin->notes);
  json_builder_end_object (builder);
}

static gboolean
read_origin_list (JsonObject  *object,
                  const char  *member,
                  char      ***out,
                  GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!td_json_get_array (object, member, &array, error))
    return FALSE;
  if (json_array_get_length (array) > TD_REPORT_MAX_ORIGIN_ITEMS)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” has %u items, at most %d allowed",
                   member, json_array_get_length (array), TD_REPORT_MAX_ORIGIN_ITEMS);
      return FALSE;
    }
  if (!td_json_get_string_array (object, member, items, error))
    return FALSE;
  g_ptr_array_add (items, NULL);
  *out = (char **) g_ptr_array_steal (items, NULL);
  return TRUE;
}

static gboolean
read_origin (TdReport    *self,
             JsonObject  *root,
             GError     **error)
{
  static const char * const members[] = {
    "from", "computer", "collected_at", "windows_version", "codepage", "encoding", "elevated",
    "complete", "conclusive", "missing", "notes", NULL
  };
  g_autoptr(TdReportOrigin) origin = NULL;
  JsonObject *object;

  /* Optional: reports of the computer they ran on have none. */
  if (!json_object_has_member (root, "collected"))
    return TRUE;
  if (!td_json_get_object (root, "collected", FALSE, &object, error))
    return FALSE;
  origin = g_new0 (TdReportOrigin, 1);
  if (!td_json_check_members (object, "collected", members, error) ||
      !td_json_get_string (object, "from", FALSE, &origin->from, error) ||
      !td_json_get_string (object, "computer", TRUE, &origin->computer, error) ||
      !td_json_get_string (object, "collected_at", TRUE, &origin->collected_at, error) ||
      !td_json_get_string (object, "windows_version", TRUE, &origin->windows_version, error) ||
      !td_json_get_string (object, "codepage", TRUE, &origin->codepage, error) ||
      !td_json_get_string (object, "encoding", TRUE, &origin->encoding, error) ||
      !td_json_get_string (object, "elevated", FALSE, &origin->elevated, error) ||
      !td_json_get_bool (object, "complete", &origin->complete, error) ||
      !td_json_get_bool (object, "conclusive", &origin->conclusive, error) ||
      !read_origin_list (object, "missing", &origin->missing, error) ||
      !read_origin_list (object, "notes", &origin->notes, error))
    {
      g_prefix_error (error, "collected: ");
      return FALSE;
    }
  if (!g_strv_contains (origin_from, origin->from))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "collected: member “from” has an unknown value “%.64s”", origin->from);
      return FALSE;
    }
  if (!g_strv_contains (origin_elevated, origin->elevated))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "collected: member “elevated” has an unknown value “%.64s”", origin->elevated);
      return FALSE;
    }
  self->origin = g_steal_pointer (&origin);
  return TRUE;
}

GDateTime *
td_report_get_started_at (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->started_at;
}

void
td_report_set_started_at (TdReport  *self,
                          GDateTime *started_at)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_return_if_fail (started_at != NULL);

  g_clear_pointer (&self->started_at, g_date_time_unref);
  self->started_at = g_date_time_to_utc (started_at);
}

gint64
td_report_get_duration_ms (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), 0);
  return self->duration_ms;
}

void
td_report_set_duration_ms (TdReport *self,
                           gint64    duration_ms)
{
  g_return_if_fail (TD_IS_REPORT (self));
  self->duration_ms = MAX (duration_ms, 0);
}

TdPlatform
td_report_get_platform (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), TD_PLATFORM_LINUX);
  return self->platform;
}

void
td_report_set_platform (TdReport   *self,
                        TdPlatform  platform)
{
  g_return_if_fail (TD_IS_REPORT (self));
  self->platform = platform;
}

const char *
td_report_get_hostname (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->hostname;
}

void
td_report_set_hostname (TdReport   *self,
                        const char *hostname)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_free (self->hostname);
  self->hostname = g_strdup (hostname);
}

const char *
td_report_get_server (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->server;
}

void
td_report_set_server (TdReport   *self,
                      const char *server)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_free (self->server);
  self->server = g_strdup (server);
}

const char *
td_report_get_tool_version (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->tool_version;
}

void
td_report_set_tool_version (TdReport   *self,
                            const char *version)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_return_if_fail (version != NULL);
  g_free (self->tool_version);
  self->tool_version = g_strdup (version);
}

gboolean
td_report_get_redacted (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), FALSE);
  return self->redacted;
}

GListModel *
td_report_get_checks (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return G_LIST_MODEL (self->checks);
}

void
td_report_add_check (TdReport      *self,
                     TdCheckResult *check)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_return_if_fail (TD_IS_CHECK_RESULT (check));
  g_list_store_append (self->checks, check);
}

TdCheckResult *
td_report_find_check (TdReport   *self,
                      const char *id)
{
  guint n;

  g_return_val_if_fail (TD_IS_REPORT (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TdCheckResult) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);

      if (g_strcmp0 (td_check_result_get_id (check), id) == 0)
        return check;   /* the store keeps its reference */
    }
  return NULL;
}

TdHost *
td_report_get_host (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->host;
}

void
td_report_set_host (TdReport *self,
                    TdHost   *host)
{
  g_return_if_fail (TD_IS_REPORT (self));
  if (host != NULL)
    td_host_ref (host);
  g_clear_pointer (&self->host, td_host_unref);
  self->host = host;
}

TdProbeResult *
td_report_get_probe (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->probe;
}

void
td_report_get_facts (TdReport *self,
                     TdFacts  *out_facts)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_return_if_fail (out_facts != NULL);

  out_facts->platform = td_report_get_platform (self);
  out_facts->host = td_report_get_host (self);
  out_facts->probe = td_report_get_probe (self);
  out_facts->ipv6_http = td_diagnosis_http_outcome (td_report_find_check (self, "ipv6-http"));
}

void
td_report_set_probe (TdReport      *self,
                     TdProbeResult *probe)
{
  g_return_if_fail (TD_IS_REPORT (self));
  if (probe != NULL)
    td_probe_result_ref (probe);
  g_clear_pointer (&self->probe, td_probe_result_unref);
  self->probe = probe;
}

const TdVerdict *
td_report_get_verdict (TdReport *self)
{
  g_return_val_if_fail (TD_IS_REPORT (self), NULL);
  return self->verdict;
}

void
td_report_set_verdict (TdReport        *self,
                       const TdVerdict *verdict)
{
  g_return_if_fail (TD_IS_REPORT (self));
  g_clear_pointer (&self->verdict, td_verdict_free);
  if (verdict != NULL)
    self->verdict = td_verdict_copy (verdict);
}

/* ---- JSON out --------------------------------------------------------- */

/* Seconds precision, always "Z": the same instant always gives the same
 * text, which keeps a loaded-and-rewritten report identical. */
static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

JsonNode *
td_report_to_json (TdReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *started_at = NULL;
  guint n_checks;

  g_return_val_if_fail (TD_IS_REPORT (self), NULL);

  started_at = format_time (self->started_at);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, TD_REPORT_VERSION);
  json_builder_set_member_name (builder, "tool");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, TOOL_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, self->tool_version);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, started_at);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, self->duration_ms);
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, td_platform_to_string (self->platform));
  td_json_add_string_or_null (builder, "hostname", self->hostname);
  td_json_add_string_or_null (builder, "server", self->server);
  json_builder_set_member_name (builder, "redacted");
  json_builder_add_boolean_value (builder, self->redacted);

  json_builder_set_member_name (builder, "verdict");
  if (self->verdict != NULL)
    td_verdict_to_json (self->verdict, builder);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "findings");
  td_verdict_findings_to_json (self->verdict, builder);

  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  n_checks = g_list_model_get_n_items (G_LIST_MODEL (self->checks));
  for (guint i = 0; i < n_checks; i++)
    {
      g_autoptr(TdCheckResult) check = g_list_model_get_item (G_LIST_MODEL (self->checks), i);
      td_check_result_to_json (check, builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "host");
  if (self->host != NULL)
    json_builder_add_value (builder, td_host_to_json (self->host, TD_HOST_JSON_EVIDENCE));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "probe");
  if (self->probe != NULL)
    td_probe_result_to_json (self->probe, builder, TRUE);
  else
    json_builder_add_null_value (builder);
  if (self->origin != NULL)
    {
      json_builder_set_member_name (builder, "collected");
      origin_to_json (self->origin, builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- JSON in ---------------------------------------------------------- */

static const char * const root_members[] = {
  "version", "tool", "started_at", "duration_ms", "platform", "hostname", "server",
  "redacted", "verdict", "findings", "checks", "host", "probe", "collected", NULL
};
static const char * const tool_members[] = { "name", "version", NULL };

static gboolean
read_started_at (JsonObject  *root,
                 GDateTime  **out,
                 GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (!td_json_get_string (root, "started_at", FALSE, &text, error))
    return FALSE;
  /* No default time zone: a time without one is refused, not guessed. */
  time = strlen (text) <= 64 ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
  if (time == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “started_at” is not an ISO 8601 time with a time zone: “%.64s”", text);
      return FALSE;
    }
  *out = g_date_time_to_utc (time);
  return *out != NULL;
}

/* Redacted reports hold masks such as "public-ipv6-1" where the host model
 * expects IPv6 text; td_host_from_json() refuses those.  Give it a
 * placeholder in a copy of the tree, then put the masks back, so that a
 * redacted report opens and re-saves unchanged. */
static TdHost *
read_redacted_host (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(JsonNode) copy = json_node_copy (node);
  g_autoptr(GPtrArray) masks = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object = json_node_get_object (copy);
  JsonNode *addresses = json_object_get_member (object, "addresses");
  TdHost *host;

  if (addresses != NULL && JSON_NODE_HOLDS_ARRAY (addresses))
    {
      JsonArray *array = json_node_get_array (addresses);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonNode *address;
          const char *text;

          g_ptr_array_add (masks, NULL);
          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          address = json_object_get_member (json_node_get_object (item), "address");
          if (address == NULL || !JSON_NODE_HOLDS_VALUE (address) ||
              json_node_get_value_type (address) != G_TYPE_STRING)
            continue;
          text = json_node_get_string (address);
          if (td_ipv6_parse (text, NULL) || !td_redact_is_mask (text))
            continue;
          g_ptr_array_index (masks, i) = g_strdup (text);
          json_node_set_string (address, "::");
        }
    }

  host = td_host_from_json (copy, error);
  if (host == NULL)
    return NULL;
  for (guint i = 0; i < masks->len && i < host->addresses->len; i++)
    {
      TdHostAddress *address = g_ptr_array_index (host->addresses, i);

      if (g_ptr_array_index (masks, i) == NULL)
        continue;
      g_free (address->address);
      address->address = g_strdup (g_ptr_array_index (masks, i));
    }
  return host;
}

static gboolean
read_checks (TdReport    *self,
             JsonObject  *root,
             GError     **error)
{
  JsonArray *checks;
  guint n;

  if (!td_json_get_array (root, "checks", &checks, error))
    return FALSE;
  n = json_array_get_length (checks);
  if (n > TD_REPORT_MAX_CHECKS)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “checks” has %u items, at most %d allowed", n, TD_REPORT_MAX_CHECKS);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TdCheckResult) check = NULL;
      JsonNode *node = json_array_get_element (checks, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          !td_json_check_members (json_node_get_object (node), NULL,
                                  (const char * const[]) { "id", "status", "title", "summary",
                                                           "details", "evidence", "remedies",
                                                           "duration_ms", NULL }, error))
        goto fail;
      if ((check = td_check_result_from_json (node, error)) == NULL)
        goto fail;
      if (td_report_find_check (self, td_check_result_get_id (check)) != NULL)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "check “%s” is listed twice",
                       td_check_result_get_id (check));
          goto fail;
        }
      td_report_add_check (self, check);
      continue;

    fail:
      g_prefix_error (error, "checks[%u]: ", i);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_probe (TdReport    *self,
            JsonObject  *root,
            GError     **error)
{
  JsonObject *probe;

  if (!td_json_get_object (root, "probe", TRUE, &probe, error))
    return FALSE;
  if (probe == NULL)
    return TRUE;
  if (json_object_has_member (probe, "events"))
    {
      JsonNode *events = json_object_get_member (probe, "events");

      if (JSON_NODE_HOLDS_ARRAY (events) &&
          json_array_get_length (json_node_get_array (events)) > TD_REPORT_MAX_EVENTS)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                       "probe: member “events” has %u items, at most %d allowed",
                       json_array_get_length (json_node_get_array (events)), TD_REPORT_MAX_EVENTS);
          return FALSE;
        }
    }
  self->probe = td_probe_result_from_json (json_object_get_member (root, "probe"), error);
  if (self->probe == NULL)
    {
      g_prefix_error (error, "probe: ");
      return FALSE;
    }
  return TRUE;
}

TdReport *
td_report_load_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(TdReport) self = td_report_new ();
  g_autofree char *platform = NULL;
  g_autofree char *tool_name = NULL;
  JsonObject *root, *tool, *verdict, *host;
  gint64 version;

  if ((root = td_json_require_object (node, "report", error)) == NULL)
    return NULL;
  /* The version first: a newer report gets "unsupported version", not a
   * complaint about whatever member changed. */
  if (!td_json_get_int (root, "version", G_MININT64, G_MAXINT64, &version, error))
    return NULL;
  if (version != TD_REPORT_VERSION)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "unsupported report version %" G_GINT64_FORMAT " (this program reads version %d)",
                   version, TD_REPORT_VERSION);
      return NULL;
    }
  if (!td_json_check_members (root, NULL, (const char * const *) root_members, error))
    return NULL;

  if (!td_json_get_object (root, "tool", FALSE, &tool, error))
    return NULL;
  if (!td_json_check_members (tool, "tool", (const char * const *) tool_members, error) ||
      !td_json_get_string (tool, "name", FALSE, &tool_name, error))
    return NULL;
  if (!g_str_equal (tool_name, TOOL_NAME))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “tool.name” is “%.64s”: not a Teredo Doctor report", tool_name);
      return NULL;
    }
  g_clear_pointer (&self->tool_version, g_free);
  if (!td_json_get_string (tool, "version", FALSE, &self->tool_version, error))
    {
      g_prefix_error (error, "tool: ");
      return NULL;
    }

  g_clear_pointer (&self->started_at, g_date_time_unref);
  if (!read_started_at (root, &self->started_at, error) ||
      !td_json_get_int (root, "duration_ms", 0, G_MAXINT64, &self->duration_ms, error) ||
      !td_json_get_string (root, "platform", FALSE, &platform, error))
    return NULL;
  if (!td_platform_from_string (platform, &self->platform))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “platform” has an unknown value “%.64s”",
                   platform);
      return NULL;
    }
  if (!td_json_get_string (root, "hostname", TRUE, &self->hostname, error) ||
      !td_json_get_string (root, "server", TRUE, &self->server, error) ||
      !td_json_get_bool (root, "redacted", &self->redacted, error))
    return NULL;

  if (!td_json_get_object (root, "verdict", TRUE, &verdict, error))
    return NULL;
  if (!json_object_has_member (root, "findings"))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “findings” is missing");
      return NULL;
    }
  if (verdict != NULL)
    {
      if (!td_json_check_members (verdict, "verdict",
                                  (const char * const[]) { "code", "summary", "title", NULL },
                                  error))
        return NULL;
      self->verdict = td_verdict_from_json (json_object_get_member (root, "verdict"),
                                            json_object_get_member (root, "findings"), error);
      if (self->verdict == NULL)
        return NULL;
    }
  else
    {
      JsonArray *findings;

      if (!td_json_get_array (root, "findings", &findings, error))
        return NULL;
      if (json_array_get_length (findings) != 0)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                       "member “findings” must be empty when “verdict” is null");
          return NULL;
        }
    }

  if (!read_checks (self, root, error))
    return NULL;

  if (!td_json_get_object (root, "host", TRUE, &host, error))
    return NULL;
  if (host != NULL)
    {
      JsonNode *host_node = json_object_get_member (root, "host");

      self->host = self->redacted ? read_redacted_host (host_node, error)
                                  : td_host_from_json (host_node, error);
      if (self->host == NULL)
        {
          g_prefix_error (error, "host: ");
          return NULL;
        }
    }

  if (!read_probe (self, root, error) || !read_origin (self, root, error))
    return NULL;

  self->from_file = TRUE;
  return g_steal_pointer (&self);
}

TdReport *
td_report_load_from_data (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *end = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (size > TD_REPORT_MAX_FILE_SIZE)
    {
      g_autofree char *shown = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, TD_ERROR, TD_ERROR_TOO_LARGE,
                   "the report is %s, larger than the limit of 8 MiB", shown);
      return NULL;
    }
  /* A UTF-8 byte order mark, as Windows editors write it, is not data. */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      size -= 3;
    }
  if (!g_utf8_validate_len (data, size, &end))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "not a report: the data is not UTF-8 text (bad byte at offset %" G_GSIZE_FORMAT ")",
                   (gsize) (end - data));
      return NULL;
    }
  if (!td_json_check_syntax (data, size, TD_REPORT_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      /* Not expected after the syntax check, but never trust that; and
       * json-glib quotes the bad bytes, which need not be UTF-8. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "not valid JSON: %s", message);
      return NULL;
    }
  return td_report_load_from_json (json_parser_get_root (parser), error);
}

TdReport *
td_report_load_from_file (GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  g_autofree guint8 *chunk = g_malloc (64 * 1024);

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if ((stream = g_file_read (file, cancellable, error)) == NULL)
    return NULL;
  /* Read at most one byte past the limit: a huge file (or /dev/zero) is
   * refused without being read into memory. */
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, 64 * 1024,
                                      cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (contents, chunk, n);
      if (contents->len > TD_REPORT_MAX_FILE_SIZE)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_TOO_LARGE,
                       "the report file is larger than the limit of 8 MiB");
          return NULL;
        }
    }
  return td_report_load_from_data ((const char *) contents->data, contents->len, error);
}

/* ---- asynchronous loading --------------------------------------------- */

/* The file is read on the main context with GIO's asynchronous reads, in
 * chunks as the synchronous reader does, so that the same cap applies: at
 * most one chunk past TD_REPORT_MAX_FILE_SIZE is ever read, which
 * g_file_load_contents_async() would not promise (it reads everything, and
 * /dev/zero forever).  The bytes are then parsed in a GTask worker thread:
 * checking and parsing 8 MiB of JSON and building the model takes a
 * noticeable fraction of a second, too long for a frame.  The TdReport built
 * there is owned by that thread alone until it is handed back, and nothing
 * else (no signal handler, no main context) sees it before. */

#define LOAD_CHUNK_SIZE (64 * 1024)

typedef struct
{
  GInputStream *stream;
  GByteArray   *contents;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->stream);
  g_clear_pointer (&load->contents, g_byte_array_unref);
  g_free (load);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;
  TdReport *report;

  if (g_task_return_error_if_cancelled (task))
    return;
  report = td_report_load_from_data ((const char *) load->contents->data, load->contents->len,
                                     &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

static void read_chunk (GTask *task);

static void
chunk_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      /* Closed here, not by a later unref: the file is done with before
       * the (longer) parse starts. */
      g_clear_object (&load->stream);
      g_task_run_in_thread (task, parse_thread);
      return;
    }
  g_byte_array_append (load->contents, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (load->contents->len > TD_REPORT_MAX_FILE_SIZE)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_TOO_LARGE,
                               "the report file is larger than the limit of 8 MiB");
      return;
    }
  read_chunk (g_steal_pointer (&task));
}

static void
read_chunk (GTask *task)
{
  LoadData *load = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (load->stream, LOAD_CHUNK_SIZE, g_task_get_priority (task),
                                   g_task_get_cancellable (task), chunk_read_cb, task);
}

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  GError *error = NULL;

  load->stream = G_INPUT_STREAM (g_file_read_finish (G_FILE (object), result, &error));
  if (load->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  read_chunk (g_steal_pointer (&task));
}

void
td_report_load_from_file_async (GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  LoadData *load;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* No source object: the task may be dropped by the worker thread, and
   * it then finalizes nothing but its own data. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_report_load_from_file_async);
  load = g_new0 (LoadData, 1);
  load->contents = g_byte_array_new ();
  g_task_set_task_data (task, load, load_data_free);

  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, file_read_cb, task);
}

TdReport *
td_report_load_from_file_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_report_load_from_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
