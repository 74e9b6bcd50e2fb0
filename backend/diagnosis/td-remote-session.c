/* td-remote-session.c — a guided help-desk session: pastes from a remote
 * Windows computer, one after another, diagnosed after each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-capture.h"
#include "td-error.h"
#include "td-remote-session.h"
#include "td-remote.h"

struct _TdRemoteSession
{
  GObject           parent_instance;

  GPtrArray        *captures;     /* TdCapture *, in paste order */
  TdRemoteQuestion *question;
  TdReport         *report;
  char             *message;
  GCancellable     *pending;      /* the paste being read, NULL when idle */
  guint             generation;   /* bumped by reset: late answers are dropped */
};

G_DEFINE_FINAL_TYPE (TdRemoteSession, td_remote_session, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

typedef struct {
  char         *text;
  guint         generation;
  GCancellable *caller;
  gulong        caller_id;
  TdCapture    *capture;       /* parsed, until it joins the session */
} AddData;

static void
add_data_free (AddData *add)
{
  if (add->caller != NULL)
    {
      g_cancellable_disconnect (add->caller, add->caller_id);
      g_object_unref (add->caller);
    }
  g_free (add->text);
  g_clear_pointer (&add->capture, td_capture_free);
  g_free (add);
}

static void
set_question (TdRemoteSession *self,
              TdHost          *host)
{
  TdRemoteAnswers answers;

  td_remote_answers_init (&answers, (TdCapture * const *) self->captures->pdata, self->captures->len);
  g_clear_pointer (&self->question, td_remote_question_free);
  self->question = td_remote_guide_next (&answers, host);
}

static void
set_idle (TdRemoteSession *self)
{
  g_clear_object (&self->pending);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- adding a paste ------------------------------------------------------- */

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AddData *add = task_data;
  GError *error = NULL;

  add->capture = td_capture_parse ((const guint8 *) add->text, strlen (add->text), &error);
  if (add->capture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_diagnosed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdRemoteSession *self = g_task_get_source_object (task);
  AddData *add = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(TdReport) report = td_remote_diagnose_finish (result, &error);

  if (add->generation != self->generation)
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The session was reset"));
      return;
    }
  set_idle (self);
  if (report == NULL)
    {
      /* Only a cancellation gets here: the paste stays, the diagnosis of
       * the next one includes it. */
      g_task_return_error (task, error);
      return;
    }
  g_set_object (&self->report, report);
  set_question (self, td_report_get_host (report));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_task_return_boolean (task, TRUE);
}

static void
on_parsed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdRemoteSession *self = g_task_get_source_object (task);
  AddData *add = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || add->generation != self->generation)
    {
      if (add->generation != self->generation)
        {
          g_clear_error (&error);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                                   _("The session was reset"));
          return;
        }
      set_idle (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->question->commands[0] != NULL)
        {
          g_autofree char *wanted = g_strjoinv (C_("list separator", ", "), self->question->commands);
          GError *explained = g_error_new (error->domain, error->code,
                                           /* TRANSLATORS: the first %s says why the text was
                                            * not read, the second lists command lines. */
                                           _("%s. Asked for: %s."), error->message, wanted);

          g_error_free (error);
          error = explained;
        }
      g_task_return_error (task, error);
      return;
    }

  g_free (self->message);
  self->message = td_remote_guide_describe_paste (add->capture, self->question);
  g_ptr_array_add (self->captures, g_steal_pointer (&add->capture));
  td_remote_diagnose_async ((TdCapture * const *) self->captures->pdata, self->captures->len,
                            self->pending, on_diagnosed, g_steal_pointer (&task));
}

static void
forward_cancel (GCancellable *caller,
                GCancellable *pending)
{
  g_cancellable_cancel (pending);
}

void
td_remote_session_add_text_async (TdRemoteSession     *self,
                                  const char          *text,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GTask *parse;
  AddData *add;

  g_return_if_fail (TD_IS_REMOTE_SESSION (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_remote_session_add_text_async);
  g_task_set_check_cancellable (task, FALSE);
  if (self->pending != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("The previous paste is still being read"));
      return;
    }

  self->pending = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  add = g_new0 (AddData, 1);
  add->text = g_strdup (text);
  add->generation = self->generation;
  if (cancellable != NULL)
    {
      add->caller = g_object_ref (cancellable);
      add->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                              g_object_ref (self->pending), g_object_unref);
    }
  g_task_set_task_data (task, add, (GDestroyNotify) add_data_free);

  /* Parsed in a worker (a paste may be a whole file's worth), its data
   * shared with the outer task, which finishes on this context. */
  parse = g_task_new (NULL, self->pending, on_parsed, g_steal_pointer (&task));
  g_task_set_task_data (parse, add, NULL);
  g_task_run_in_thread (parse, parse_thread);
  g_object_unref (parse);
}

gboolean
td_remote_session_add_text_finish (TdRemoteSession  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (TD_IS_REMOTE_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- state ------------------------------------------------------------------ */

const TdRemoteQuestion *
td_remote_session_get_question (TdRemoteSession *self)
{
  g_return_val_if_fail (TD_IS_REMOTE_SESSION (self), NULL);
  return self->question;
}

gboolean
td_remote_session_is_enough (TdRemoteSession *self)
{
  g_return_val_if_fail (TD_IS_REMOTE_SESSION (self), FALSE);
  return self->question->ask == TD_REMOTE_ASK_NOTHING;
}

TdReport *
td_remote_session_get_report (TdRemoteSession *self)
{
  g_return_val_if_fail (TD_IS_REMOTE_SESSION (self), NULL);
  return self->report;
}

const char *
td_remote_session_get_message (TdRemoteSession *self)
{
  g_return_val_if_fail (TD_IS_REMOTE_SESSION (self), NULL);
  return self->message;
}

guint
td_remote_session_get_n_pastes (TdRemoteSession *self)
{
  g_return_val_if_fail (TD_IS_REMOTE_SESSION (self), 0);
  return self->captures->len;
}

gboolean
td_remote_session_is_busy (TdRemoteSession *self)
{
  g_return_val_if_fail (TD_IS_REMOTE_SESSION (self), FALSE);
  return self->pending != NULL;
}

void
td_remote_session_reset (TdRemoteSession *self)
{
  g_return_if_fail (TD_IS_REMOTE_SESSION (self));

  self->generation++;
  if (self->pending != NULL)
    {
      g_cancellable_cancel (self->pending);
      set_idle (self);
    }
  g_ptr_array_set_size (self->captures, 0);
  g_clear_object (&self->report);
  g_clear_pointer (&self->message, g_free);
  set_question (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

TdRemoteSession *
td_remote_session_new (void)
{
  return g_object_new (TD_TYPE_REMOTE_SESSION, NULL);
}

static void
td_remote_session_finalize (GObject *object)
{
  TdRemoteSession *self = TD_REMOTE_SESSION (object);

  /* A pending paste holds the session (its task's source): none here. */
  g_ptr_array_unref (self->captures);
  g_clear_pointer (&self->question, td_remote_question_free);
  g_clear_object (&self->report);
  g_free (self->message);
  G_OBJECT_CLASS (td_remote_session_parent_class)->finalize (object);
}

static void
td_remote_session_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, td_remote_session_is_busy (TD_REMOTE_SESSION (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_remote_session_class_init (TdRemoteSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = td_remote_session_finalize;
  object_class->get_property = td_remote_session_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The question, report or message changed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_remote_session_init (TdRemoteSession *self)
{
  self->captures = g_ptr_array_new_with_free_func ((GDestroyNotify) td_capture_free);
  set_question (self, NULL);
}
