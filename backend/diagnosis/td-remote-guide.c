/* td-remote-guide.c — what to ask the user of a remote Windows computer for
 * next, and when enough is known for a verdict (help-desk paste mode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-diagnosis.h"
#include "td-remote-guide.h"

/* How many of a paste's reader notes a description quotes. */
#define MAX_NOTES_QUOTED 3

void
td_remote_question_free (TdRemoteQuestion *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->commands);
  g_free (self->title);
  g_free (self->reason);
  g_free (self);
}

void
td_remote_answers_init (TdRemoteAnswers   *answers,
                        TdCapture * const *captures,
                        guint              n_captures)
{
  memset (answers, 0, sizeof *answers);
  for (guint cmd = 0; cmd < TD_CAPTURE_N_CMDS; cmd++)
    for (guint i = n_captures; i > 0; i--)
      {
        const TdCaptureOutput *output = td_capture_lookup (captures[i - 1], td_capture_cmd_argv (cmd));

        if (output != NULL)
          {
            answers->held[cmd] = TRUE;
            answers->exit_status[cmd] = output->exit_status;
            break;
          }
      }
}

/* A question for the commands of @group that no capture holds yet; NULL
 * when all are there. */
static TdRemoteQuestion *
ask_missing (const TdRemoteAnswers *answers,
             TdRemoteAsk         ask,
             const TdCaptureCmd *group,
             guint               n_group,
             const char         *title,
             const char         *reason)
{
  g_autoptr(GStrvBuilder) commands = g_strv_builder_new ();
  TdRemoteQuestion *question;
  guint n = 0;

  for (guint i = 0; i < n_group; i++)
    if (!answers->held[group[i]])
      {
        g_strv_builder_add (commands, td_capture_cmd_line (group[i]));
        n++;
      }
  if (n == 0)
    return NULL;
  question = g_new0 (TdRemoteQuestion, 1);
  question->ask = ask;
  question->commands = g_strv_builder_end (commands);
  question->title = g_strdup (title);
  question->reason = g_strdup (reason);
  return question;
}

static TdRemoteQuestion *
enough (const char *reason)
{
  TdRemoteQuestion *question = g_new0 (TdRemoteQuestion, 1);

  question->ask = TD_REMOTE_ASK_NOTHING;
  question->commands = g_new0 (char *, 1);
  question->title = g_strdup (_("Enough is known"));
  question->reason = g_strdup (reason);
  return question;
}

TdRemoteQuestion *
td_remote_guide_next (const TdRemoteAnswers *answers,
                      TdHost                *host)
{
  static const TdCaptureCmd teredo[] = { TD_CAPTURE_CMD_TEREDO };
  static const TdCaptureCmd teredo_xp[] = { TD_CAPTURE_CMD_TEREDO_XP };
  static const TdCaptureCmd ipv6[] = {
    TD_CAPTURE_CMD_REG_DISABLED_COMPONENTS, TD_CAPTURE_CMD_IPCONFIG,
  };
  static const TdCaptureCmd adapters[] = { TD_CAPTURE_CMD_IPCONFIG };
  static const TdCaptureCmd off_switches[] = {
    TD_CAPTURE_CMD_REG_TEREDO, TD_CAPTURE_CMD_REG_POLICY, TD_CAPTURE_CMD_REG_POLICY_WOW,
    TD_CAPTURE_CMD_SC_QUERY_IPHLPSVC, TD_CAPTURE_CMD_SC_QC_IPHLPSVC,
  };
  static const TdCaptureCmd firewall[] = {
    TD_CAPTURE_CMD_ADVFIREWALL, TD_CAPTURE_CMD_SC_QUERY_MPSSVC, TD_CAPTURE_CMD_SC_QC_MPSSVC,
    TD_CAPTURE_CMD_SC_QUERY_BFE, TD_CAPTURE_CMD_SC_QC_BFE,
  };
  static const TdCaptureCmd pnrp[] = { TD_CAPTURE_CMD_PNRP };
  TdRemoteQuestion *question;
  TdTeredoClient *client;
  TdTeredoState state;
  g_autoptr(TdVerdict) verdict = NULL;

  /* 1. The client's own state: it names most causes itself. */
  if (!answers->held[TD_CAPTURE_CMD_TEREDO] && !answers->held[TD_CAPTURE_CMD_TEREDO_XP])
    return ask_missing (answers, TD_REMOTE_ASK_TEREDO, teredo, G_N_ELEMENTS (teredo),
                        _("The Teredo state"),
                        _("Start with the Teredo client’s own state: it names most causes itself."));
  client = host != NULL ? host->client : NULL;
  if (client == NULL)
    {
      /* Windows XP does not know the command and says so. */
      if (answers->held[TD_CAPTURE_CMD_TEREDO] && answers->exit_status[TD_CAPTURE_CMD_TEREDO] != 0
          && (question = ask_missing (answers, TD_REMOTE_ASK_TEREDO_XP, teredo_xp,
                                      G_N_ELEMENTS (teredo_xp),
                                      _("The Teredo state, in the older syntax"),
                                      _("That Windows did not run the command (Windows XP knows only "
                                        "its older form): ask for this one."))) != NULL)
        return question;
    }
  state = client != NULL && client->implementation != TD_CLIENT_IMPL_NONE ? client->state
                                                                        : TD_TEREDO_STATE_UNKNOWN;

  /* 2. A client that qualified, idles after qualifying or keeps probing
   *    runs, which rules out every cause that would outrank it (Windows
   *    runs no Teredo client with IPv6, Teredo or its firewall switched
   *    off) but native IPv6, which makes Teredo unnecessary. */
  if (state == TD_TEREDO_STATE_QUALIFIED || state == TD_TEREDO_STATE_DORMANT
      || state == TD_TEREDO_STATE_PROBE)
    {
      question = ask_missing (answers, TD_REMOTE_ASK_IPV6, adapters, G_N_ELEMENTS (adapters),
                              _("The network adapters"),
                              state == TD_TEREDO_STATE_PROBE
                              ? _("The Teredo client keeps probing: whether native IPv6 works there, "
                                  "which would make Teredo unnecessary.")
                              : _("The Teredo client runs: whether native IPv6 works there too, which "
                                  "would make Teredo unnecessary."));
      if (question != NULL)
        return question;
      if (host != NULL && td_diagnosis_has_native_global (host) && host->default_route == TD_TRISTATE_YES)
        return enough (_("Native IPv6 works on that computer: Teredo is not needed."));
      if (state == TD_TEREDO_STATE_QUALIFIED)
        return enough (_("The Teredo client is qualified: Teredo works on that computer, and nothing "
                         "that would switch it off can be on."));
      if (state == TD_TEREDO_STATE_DORMANT)
        return enough (_("The Teredo client is dormant: ready and idle, which is not an error, and "
                         "nothing that would switch it off can be on."));
    }
  else
    {
      /* 3. A client that does not run: first IPv6 itself. */
      question = ask_missing (answers, TD_REMOTE_ASK_IPV6, ipv6, G_N_ELEMENTS (ipv6),
                              _("IPv6 on that computer"),
                              _("The Teredo client does not run: first whether IPv6 is switched on, "
                                "and whether native IPv6 makes Teredo unnecessary."));
      if (question != NULL)
        return question;
      if (host != NULL && host->ipv6_enabled == TD_TRISTATE_NO)
        return enough (_("IPv6 is switched off on that computer: that comes first."));
      if (host != NULL && td_diagnosis_has_native_global (host) && host->default_route == TD_TRISTATE_YES)
        return enough (_("Native IPv6 works on that computer: Teredo is not needed."));
      if (td_diagnosis_teredo_switched_off (host))
        return enough (_("Teredo is switched off on that computer: that comes before anything the "
                         "other commands could show."));

      /* 4. What switches Teredo off, then the firewall it needs. */
      question = ask_missing (answers, TD_REMOTE_ASK_OFF_SWITCHES, off_switches,
                              G_N_ELEMENTS (off_switches), _("What can switch Teredo off"),
                              _("Nothing so far says why the client does not run: the registry, "
                                "Group Policy and the IP Helper service can each switch Teredo off."));
      if (question != NULL)
        return question;
      if (td_diagnosis_teredo_switched_off (host))
        return enough (_("Teredo is switched off on that computer."));
      question = ask_missing (answers, TD_REMOTE_ASK_FIREWALL, firewall,
                              G_N_ELEMENTS (firewall), _("Windows Firewall"),
                              _("Windows runs Teredo only while Windows Firewall is on: its state "
                                "and its services."));
      if (question != NULL)
        return question;
    }

  /* 5. Nothing conclusive: the last finding the rules know. */
  verdict = td_diagnose (TD_PLATFORM_WINDOWS, host, NULL, NULL);
  if (verdict->code == TD_VERDICT_UNKNOWN
      && (question = ask_missing (answers, TD_REMOTE_ASK_PNRP, pnrp, G_N_ELEMENTS (pnrp),
                                  _("The peer-to-peer clouds"),
                                  _("Nothing is conclusive yet: whether PNRP, the old “global "
                                    "cloud”, still exists there."))) != NULL)
    return question;
  return enough (_("Everything the verdict depends on is known."));
}

static char *
join (GPtrArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      if (i > 0)
        g_string_append (text, C_("list separator", ", "));
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
td_remote_guide_describe_paste (const TdCapture        *paste,
                                const TdRemoteQuestion *asked)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *found_text = NULL;
  gboolean answers = FALSE;
  guint quoted = 0;

  g_return_val_if_fail (paste != NULL, NULL);

  for (guint i = 0; i < paste->outputs->len; i++)
    {
      const TdCaptureOutput *output = g_ptr_array_index (paste->outputs, i);
      TdCaptureCmd cmd = td_capture_cmd_from_argv ((const char * const *) output->argv);

      if (output->superseded || cmd == TD_CAPTURE_CMD_NONE)
        continue;
      g_ptr_array_add (found, (gpointer) td_capture_cmd_line (cmd));
      for (guint j = 0; asked != NULL && asked->commands[j] != NULL; j++)
        answers |= g_str_equal (asked->commands[j], td_capture_cmd_line (cmd));
      /* Either form of the Teredo state answers for the other. */
      if (asked != NULL && (asked->ask == TD_REMOTE_ASK_TEREDO || asked->ask == TD_REMOTE_ASK_TEREDO_XP)
          && (cmd == TD_CAPTURE_CMD_TEREDO || cmd == TD_CAPTURE_CMD_TEREDO_XP))
        answers = TRUE;
    }
  found_text = join (found);
  /* TRANSLATORS: %s lists command lines. */
  g_string_append_printf (text, _("Recognised: %s."), found_text);
  if (asked != NULL && asked->ask != TD_REMOTE_ASK_NOTHING && !answers)
    {
      g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
      g_autofree char *wanted_text = NULL;

      for (guint j = 0; asked->commands[j] != NULL; j++)
        g_ptr_array_add (wanted, asked->commands[j]);
      wanted_text = join (wanted);
      g_string_append_c (text, ' ');
      /* TRANSLATORS: %s lists command lines. */
      g_string_append_printf (text, _("That is kept, but it is not what was asked for: %s."), wanted_text);
    }
  for (guint i = 0; i < paste->notes->len && quoted < MAX_NOTES_QUOTED; i++)
    {
      const TdCaptureNote *note = g_ptr_array_index (paste->notes, i);

      if (note->kind == TD_CAPTURE_NOTE_LIMIT)
        continue;
      g_string_append_printf (text, " %s.", note->message);
      quoted++;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
