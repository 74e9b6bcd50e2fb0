/* td-check-result.c — the outcome of one check of the checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-check-result.h"
#include "td-error.h"
#include "td-json.h"

/* Bounds for results read from a file (a live check records a handful). */
#define MAX_EVIDENCE  1000
#define MAX_REMEDIES  100

struct _TdCheckResult
{
  GObject        parent_instance;

  char          *id;
  char          *title;
  TdCheckStatus  status;
  char          *summary;
  char          *details;
  guint          countdown;
  gint64         duration_ms;
  GPtrArray     *evidence;   /* TdEvidence * */
  GPtrArray     *remedies;   /* TdRemedy * */
};

G_DEFINE_FINAL_TYPE (TdCheckResult, td_check_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_STATUS,
  PROP_SUMMARY,
  PROP_DETAILS,
  PROP_COUNTDOWN,
  PROP_DURATION_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (TdCheckStatus, td_check_status,
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_PASS, "pass"),
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_WARN, "warn"),
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_FAIL, "fail"),
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_SKIP, "skip"),
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_INFO, "info"),
  G_DEFINE_ENUM_VALUE (TD_CHECK_STATUS_CANCELLED, "cancelled"))

static const char * const status_names[] = {
  [TD_CHECK_STATUS_WAITING] = "waiting",
  [TD_CHECK_STATUS_RUNNING] = "running",
  [TD_CHECK_STATUS_PASS] = "pass",
  [TD_CHECK_STATUS_WARN] = "warn",
  [TD_CHECK_STATUS_FAIL] = "fail",
  [TD_CHECK_STATUS_SKIP] = "skip",
  [TD_CHECK_STATUS_INFO] = "info",
  [TD_CHECK_STATUS_CANCELLED] = "cancelled",
};

const char *
td_check_status_to_string (TdCheckStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), "waiting");
  return status_names[status];
}

gboolean
td_check_status_from_string (const char    *text,
                             TdCheckStatus *out_status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      {
        if (out_status != NULL)
          *out_status = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
td_check_status_is_final (TdCheckStatus status)
{
  return status != TD_CHECK_STATUS_WAITING && status != TD_CHECK_STATUS_RUNNING;
}

static void
td_evidence_free (TdEvidence *evidence)
{
  g_free (evidence->label);
  g_free (evidence->text);
  g_free (evidence);
}

static void
td_check_result_finalize (GObject *object)
{
  TdCheckResult *self = TD_CHECK_RESULT (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->details);
  g_ptr_array_unref (self->evidence);
  g_ptr_array_unref (self->remedies);

  G_OBJECT_CLASS (td_check_result_parent_class)->finalize (object);
}

/* Replaces *@field by @value and notifies, only when it changed. */
static void
set_string (TdCheckResult *self,
            char         **field,
            const char    *value,
            int            prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
td_check_result_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TdCheckResult *self = TD_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_COUNTDOWN:
      g_value_set_uint (value, self->countdown);
      break;
    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_check_result_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TdCheckResult *self = TD_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_STATUS:
      td_check_result_set_status (self, g_value_get_enum (value));
      break;
    case PROP_SUMMARY:
      set_string (self, &self->summary, g_value_get_string (value), PROP_SUMMARY);
      break;
    case PROP_DETAILS:
      set_string (self, &self->details, g_value_get_string (value), PROP_DETAILS);
      break;
    case PROP_COUNTDOWN:
      td_check_result_set_countdown (self, g_value_get_uint (value));
      break;
    case PROP_DURATION_MS:
      td_check_result_set_duration_ms (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_check_result_class_init (TdCheckResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = td_check_result_finalize;
  object_class->get_property = td_check_result_get_property;
  object_class->set_property = td_check_result_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TD_TYPE_CHECK_STATUS, TD_CHECK_STATUS_WAITING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTDOWN] =
    g_param_spec_uint ("countdown", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
td_check_result_init (TdCheckResult *self)
{
  self->status = TD_CHECK_STATUS_WAITING;
  self->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) td_evidence_free);
  self->remedies = g_ptr_array_new_with_free_func ((GDestroyNotify) td_remedy_free);
}

TdCheckResult *
td_check_result_new (const char *id,
                     const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (TD_TYPE_CHECK_RESULT, "id", id, "title", title, NULL);
}

const char *
td_check_result_get_id (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), NULL);
  return self->id;
}

const char *
td_check_result_get_title (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), NULL);
  return self->title;
}

TdCheckStatus
td_check_result_get_status (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), TD_CHECK_STATUS_WAITING);
  return self->status;
}

const char *
td_check_result_get_summary (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), NULL);
  return self->summary;
}

const char *
td_check_result_get_details (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), NULL);
  return self->details;
}

guint
td_check_result_get_countdown (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), 0);
  return self->countdown;
}

gint64
td_check_result_get_duration_ms (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), 0);
  return self->duration_ms;
}

GPtrArray *
td_check_result_get_evidence (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), NULL);
  return self->evidence;
}

GPtrArray *
td_check_result_get_remedies (TdCheckResult *self)
{
  g_return_val_if_fail (TD_IS_CHECK_RESULT (self), NULL);
  return self->remedies;
}

void
td_check_result_set_status (TdCheckResult *self,
                            TdCheckStatus  status)
{
  g_return_if_fail (TD_IS_CHECK_RESULT (self));
  g_return_if_fail ((guint) status < G_N_ELEMENTS (status_names));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
td_check_result_set_outcome (TdCheckResult *self,
                             TdCheckStatus  status,
                             const char    *summary,
                             const char    *details)
{
  g_return_if_fail (TD_IS_CHECK_RESULT (self));

  /* Frozen so that a row bound to the result sees the three changes
   * together and never shows the new status with the old summary. */
  g_object_freeze_notify (G_OBJECT (self));
  td_check_result_set_status (self, status);
  set_string (self, &self->summary, summary, PROP_SUMMARY);
  set_string (self, &self->details, details, PROP_DETAILS);
  g_object_thaw_notify (G_OBJECT (self));
}

void
td_check_result_set_countdown (TdCheckResult *self,
                               guint          seconds)
{
  g_return_if_fail (TD_IS_CHECK_RESULT (self));

  if (self->countdown == seconds)
    return;
  self->countdown = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTDOWN]);
}

void
td_check_result_set_duration_ms (TdCheckResult *self,
                                 gint64         duration_ms)
{
  g_return_if_fail (TD_IS_CHECK_RESULT (self));

  duration_ms = MAX (duration_ms, 0);
  if (self->duration_ms == duration_ms)
    return;
  self->duration_ms = duration_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
}

void
td_check_result_add_evidence (TdCheckResult *self,
                              const char    *label,
                              const char    *text)
{
  TdEvidence *evidence;

  g_return_if_fail (TD_IS_CHECK_RESULT (self));
  g_return_if_fail (label != NULL);

  evidence = g_new0 (TdEvidence, 1);
  evidence->label = g_strdup (label);
  evidence->text = g_strdup (text != NULL ? text : "");
  g_ptr_array_add (self->evidence, evidence);
}

void
td_check_result_add_remedy (TdCheckResult *self,
                            TdRemedy      *remedy)
{
  g_return_if_fail (TD_IS_CHECK_RESULT (self));
  g_return_if_fail (remedy != NULL);

  g_ptr_array_add (self->remedies, remedy);
}

void
td_check_result_to_json (TdCheckResult *self,
                         JsonBuilder   *builder)
{
  g_return_if_fail (TD_IS_CHECK_RESULT (self));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, td_check_status_to_string (self->status));
  td_json_add_string_or_null (builder, "title", self->title);
  td_json_add_string_or_null (builder, "summary", self->summary);
  td_json_add_string_or_null (builder, "details", self->details);

  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->evidence->len; i++)
    {
      TdEvidence *evidence = g_ptr_array_index (self->evidence, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, evidence->label);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, evidence->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "remedies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->remedies->len; i++)
    td_remedy_to_json (g_ptr_array_index (self->remedies, i), builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, self->duration_ms);
  json_builder_end_object (builder);
}

TdCheckResult *
td_check_result_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(TdCheckResult) self = NULL;
  g_autofree char *id = NULL, *title = NULL, *status_text = NULL;
  g_autofree char *summary = NULL, *details = NULL;
  TdCheckStatus status;
  JsonArray *evidence, *remedies;
  JsonObject *object;
  gint64 duration_ms;

  if ((object = td_json_require_object (node, "check", error)) == NULL)
    return NULL;
  if (!td_json_get_string (object, "id", FALSE, &id, error))
    return NULL;
  if (*id == '\0')
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “id” must not be empty");
      return NULL;
    }
  if (!td_json_get_string (object, "status", FALSE, &status_text, error) ||
      !td_json_get_string (object, "title", TRUE, &title, error) ||
      !td_json_get_string (object, "summary", TRUE, &summary, error) ||
      !td_json_get_string (object, "details", TRUE, &details, error) ||
      !td_json_get_array (object, "evidence", &evidence, error) ||
      !td_json_get_array (object, "remedies", &remedies, error) ||
      !td_json_get_int (object, "duration_ms", 0, G_MAXINT64, &duration_ms, error))
    goto fail;
  if (!td_check_status_from_string (status_text, &status))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “status” has an unknown value “%s”",
                   status_text);
      goto fail;
    }

  self = td_check_result_new (id, title);
  self->status = status;
  self->summary = g_steal_pointer (&summary);
  self->details = g_steal_pointer (&details);
  self->duration_ms = duration_ms;

  if (json_array_get_length (evidence) > MAX_EVIDENCE)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “evidence” has %u items, at most %d allowed",
                   json_array_get_length (evidence), MAX_EVIDENCE);
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (evidence); i++)
    {
      JsonObject *item = td_json_require_object (json_array_get_element (evidence, i),
                                                 "evidence item", error);
      g_autofree char *label = NULL, *text = NULL;

      if (item == NULL ||
          !td_json_get_string (item, "label", FALSE, &label, error) ||
          !td_json_get_string (item, "text", FALSE, &text, error))
        {
          g_prefix_error (error, "evidence[%u]: ", i);
          goto fail;
        }
      td_check_result_add_evidence (self, label, text);
    }

  if (json_array_get_length (remedies) > MAX_REMEDIES)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                   "member “remedies” has %u items, at most %d allowed",
                   json_array_get_length (remedies), MAX_REMEDIES);
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (remedies); i++)
    {
      TdRemedy *remedy = td_remedy_from_json (json_array_get_element (remedies, i), error);

      if (remedy == NULL)
        {
          g_prefix_error (error, "remedies[%u]: ", i);
          goto fail;
        }
      td_check_result_add_remedy (self, remedy);
    }
  return g_steal_pointer (&self);

fail:
  /* Name the check so that "checks[3]: …" says which one was bad. */
  if (id != NULL && error != NULL && *error != NULL)
    g_prefix_error (error, "check “%s”: ", id);
  return NULL;
}
