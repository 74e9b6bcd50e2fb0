/* td-remote-guide.h — what to ask the user of a remote Windows computer for
 * next, and when enough is known for a verdict (help-desk paste mode)
 *
 * Pure policy over what the pastes hold and the host model built from them
 * (td-remote.h).  It follows the verdict rules (td-diagnosis.h): the
 * Teredo client's own state first, which names most causes itself.  A
 * client that runs (qualified, dormant, probing) rules out every cause that
 * would outrank it — Windows runs no Teredo client with IPv6, Teredo or
 * its firewall switched off — except native IPv6 (ipconfig).  A client
 * that does not run needs, in the rules' order, what can outrank its own
 * state: IPv6 switched off or native (DisabledComponents, ipconfig), the
 * Teredo off-switches (registry, Group Policy, IP Helper), and Windows
 * Firewall (Windows runs Teredo only with it).  Outputs are asked for in
 * groups that answer one question each (several commands in one paste are
 * fine), and only the commands of a group that are still missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-capture.h"
#include "td-host.h"

G_BEGIN_DECLS

typedef enum {
  TD_REMOTE_ASK_TEREDO,        /* the Teredo client's state */
  TD_REMOTE_ASK_TEREDO_XP,     /* the same in Windows XP's syntax */
  TD_REMOTE_ASK_IPV6,          /* DisabledComponents and the adapters */
  TD_REMOTE_ASK_OFF_SWITCHES,  /* registry, Group Policy, IP Helper service */
  TD_REMOTE_ASK_FIREWALL,      /* Windows Firewall and its services */
  TD_REMOTE_ASK_PNRP,          /* the peer-to-peer clouds, when nothing else holds */
  TD_REMOTE_ASK_NOTHING,       /* enough is known for a verdict */
} TdRemoteAsk;

typedef struct {
  TdRemoteAsk   ask;
  char        **commands;   /* the command lines to ask for, in the order to
                             * run them; empty for NOTHING */
  char         *title;      /* translated: "The Teredo state" */
  char         *reason;     /* translated: why this is needed now, or why
                             * enough is known */
} TdRemoteQuestion;

void              td_remote_question_free (TdRemoteQuestion   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdRemoteQuestion, td_remote_question_free)

/* Which commands the user answered: a command counts once any capture
 * holds its output, even one that could not be read (the user was asked
 * and answered). */
typedef struct {
  gboolean held[TD_CAPTURE_N_CMDS];
  int      exit_status[TD_CAPTURE_N_CMDS];   /* of the latest output */
} TdRemoteAnswers;

void              td_remote_answers_init  (TdRemoteAnswers    *answers,
                                           TdCapture * const  *captures,
                                           guint               n_captures);

/* The next question, from @answers and @host, the host model built from
 * the same captures (NULL when nothing is collected yet). */
TdRemoteQuestion *td_remote_guide_next    (const TdRemoteAnswers *answers,
                                           TdHost                *host);

/* One or two translated sentences about @paste: the commands it held
 * ("Recognised: ipconfig /all."), whether that is what @asked wanted, and
 * what its reader noted.  @asked may be NULL. */
char             *td_remote_guide_describe_paste (const TdCapture        *paste,
                                                  const TdRemoteQuestion *asked);

G_END_DECLS
