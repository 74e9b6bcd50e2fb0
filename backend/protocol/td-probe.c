/* td-probe.c — the asynchronous Teredo qualification probe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-probe.h"
#include "td-probe-socket.h"
#include "td-teredo-address.h"
#include "td-teredo-packet.h"

/* Timers, in microseconds.  Before the first answer the RTT is unknown, so
 * retransmissions back off from the configured interval; afterwards every
 * phase retransmits after 1.5 × the measured RTT (never below RTO_FLOOR), and
 * a phase that a live server leaves unanswered gives up after MIN_SENDS. */
#define RTO_FLOOR_US          (100 * G_TIME_SPAN_MILLISECOND)
#define PACE_FLOOR_US         (50 * G_TIME_SPAN_MILLISECOND)
#define PRE_RTT_CEILING_US    (500 * G_TIME_SPAN_MILLISECOND)
#define RTO_CEILING_US        (1000 * G_TIME_SPAN_MILLISECOND)
#define MAX_SENDS_PER_PHASE   12
#define SECONDARY_MIN_SENDS   6
#define CONE_MIN_SENDS        4
#define RECV_BUFFER_SIZE      2048   /* an RA is 117 bytes; larger is junk */
#define RECV_BURST            64     /* datagrams per dispatch, so floods cannot starve timers */

typedef enum {
  PHASE_PRIMARY,     /* mapping socket, non-cone RS to S1, RA from S1 */
  PHASE_SECONDARY,   /* mapping socket, non-cone RS to S2, RA from S2 */
  PHASE_CONE,        /* filtering socket, cone RS to S1, RA from S2 */
  PHASE_PORT,        /* filtering socket when a client port is given:
                      * non-cone RS to S1 = that port's own mapping */
  N_PHASES
} PhaseKind;

typedef enum {
  PHASE_RUNNING,
  PHASE_ANSWERED,
  PHASE_SILENT,
  PHASE_FAILED,      /* ICMP error or local send error */
} PhaseState;

typedef struct {
  guint8 nonce[TD_TEREDO_NONCE_LENGTH];
  gint64 sent_us;
} Solicitation;

typedef struct {
  PhaseKind   kind;
  PhaseState  state;
  gboolean    enabled;
  TdProbeSocket *socket;     /* borrowed from Run */
  guint32     destination;   /* where RSes go */
  guint32     answerer;      /* who must answer */
  const guint8 *rs_source;
  GArray     *solicitations; /* of Solicitation */
  gint64      last_send_us;
  guint32     mapped_addr;
  guint16     mapped_port;
  guint32     local_addr;    /* from IP_PKTINFO of the answer */
  guint       mtu;
  GError     *error;         /* PHASE_FAILED */
} Phase;

typedef struct {
  TdProbe       *probe;       /* borrowed; the task holds a ref */
  TdProbeResult *result;
  GMainContext  *context;
  GCancellable  *cancellable;
  gint64         start_us;    /* includes DNS */
  gint64         solicit_us;  /* when the first RS left */
  gint64         deadline_us;
  gint64         rtt_us;      /* -1 until an answer */
  guint32        primary;
  guint32        secondary;
  TdProbeSocket *mapping;
  TdProbeSocket *filtering;
  GSource       *mapping_source;
  GSource       *filtering_source;
  GSource       *timer;
  GSource       *cancel_source;
  Phase          phases[N_PHASES];
  guint8         buffer[RECV_BUFFER_SIZE];
  gboolean       primary_retransmitted; /* loss on the path: be patient */
  gboolean       finished;
} Run;

struct _TdProbe {
  GObject       parent_instance;
  char         *server;
  char         *secondary;
  guint16       local_port;
  guint16       server_port;
  guint         timeout_ms;
  guint         retransmit_ms;
  gboolean      allow_non_global;
  TdProbeStage  stage;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (TdProbe, td_probe, G_TYPE_OBJECT)

enum { PROP_0, PROP_SERVER, PROP_STAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const phase_names[] = { "primary", "secondary", "cone", "client-port" };

const char *
td_probe_stage_to_string (TdProbeStage stage)
{
  static const char * const names[] = {
    "idle", "resolving", "soliciting", "primary-answered", "secondary-answered",
    "secondary-silent", "cone-answered", "cone-silent", "finished",
  };

  g_return_val_if_fail ((guint) stage < G_N_ELEMENTS (names), "idle");
  return names[stage];
}

static void
set_stage (TdProbe      *self,
           TdProbeStage  stage)
{
  self->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
  g_signal_emit (self, signals[PROGRESS], 0, stage);
}

/* ---------------------------------------------------------------------- */

static gint64
run_now (Run *run)
{
  return g_get_monotonic_time () - run->start_us;
}

static char *
endpoint_text (guint32 addr,
               guint16 port)
{
  g_autofree char *text = td_ipv4_to_string (addr);

  return g_strdup_printf ("%s:%u", text, port);
}

static const char *
socket_name (Run           *run,
             TdProbeSocket *socket)
{
  return socket == run->mapping ? "mapping" : "filtering";
}

static void
destroy_sources (Run *run)
{
  GSource **sources[] = { &run->mapping_source, &run->filtering_source,
                          &run->timer, &run->cancel_source };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (*sources[i] != NULL)
      {
        g_source_destroy (*sources[i]);
        g_clear_pointer (sources[i], g_source_unref);
      }
}

static void
close_sockets (Run *run)
{
  g_clear_pointer (&run->mapping, td_probe_socket_free);
  g_clear_pointer (&run->filtering, td_probe_socket_free);
}

static void
run_free (Run *run)
{
  destroy_sources (run);
  for (guint i = 0; i < N_PHASES; i++)
    {
      g_clear_pointer (&run->phases[i].solicitations, g_array_unref);
      g_clear_error (&run->phases[i].error);
    }
  close_sockets (run);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->result, td_probe_result_unref);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

/* Every source holds a reference on the task, so the run lives exactly as
 * long as something can still call back into it. */
static void
attach_source (Run         *run,
               GSource     *source,
               GSourceFunc  func,
               GTask       *task,
               const char  *name)
{
  g_source_set_callback (source, func, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, name);
  g_source_attach (source, run->context);
}

static gint64
phase_rto (Run   *run,
           Phase *phase)
{
  TdProbe *self = run->probe;
  gint64 rto;

  if (run->rtt_us >= 0)
    return CLAMP (run->rtt_us * 3 / 2, RTO_FLOOR_US, RTO_CEILING_US);

  /* Back off ×1.5 per send until something answers. */
  rto = (gint64) self->retransmit_ms * G_TIME_SPAN_MILLISECOND;
  for (guint i = 1; i < phase->solicitations->len; i++)
    rto = rto * 3 / 2;
  /* Capped so that a lossy path still gets about two tries a second. */
  return MIN (rto, MAX ((gint64) self->retransmit_ms * G_TIME_SPAN_MILLISECOND, PRE_RTT_CEILING_US));
}

/* How many solicitations a silent optional phase gets before it gives up.
 * When the primary needed retransmissions the path is lossy: then every
 * phase keeps trying up to the cap (still within the deadline), since at
 * 50 % loss each way six tries miss one time in six. */
static guint
phase_min_sends (Run       *run,
                 PhaseKind  kind)
{
  if (run->primary_retransmitted)
    return MAX_SENDS_PER_PHASE;
  return kind == PHASE_CONE ? CONE_MIN_SENDS : SECONDARY_MIN_SENDS;
}

/* Whether @phase may solicit again.  All phases go out together in the
 * first round (a healthy server answers them all after one RTT), but only
 * the primary is retransmitted until it answers: a dead or unreachable
 * server costs the RFC's 9 solicitations at most, and the others then
 * retransmit knowing the RTT. */
static gboolean
phase_may_send (Run      *run,
                Phase    *phase,
                gboolean  primary_done)
{
  if (phase->state != PHASE_RUNNING || !phase->enabled ||
      phase->solicitations->len >= MAX_SENDS_PER_PHASE)
    return FALSE;
  if (phase->kind == PHASE_PRIMARY)
    return TRUE;
  if (!primary_done)
    return phase->solicitations->len == 0;
  return phase->solicitations->len < phase_min_sends (run, phase->kind);
}

/* When the next solicitation of @phase is due.  Once the RTT is known,
 * solicitations go out every half RTT: each carries its own nonce and an
 * answer to any of them counts, so pipelining them defeats loss as well as
 * waiting would, and a silent phase (cone test behind a filtering NAT)
 * reaches its give-up point in about 1.5 × RTT + 1.5 RTT instead of
 * MIN_SENDS × 1.5 RTT. */
static gint64
phase_next_send (Run   *run,
                 Phase *phase)
{
  if (phase->solicitations->len == 0)
    return 0;
  if (run->rtt_us >= 0)
    return phase->last_send_us + CLAMP (run->rtt_us / 2, PACE_FLOOR_US, RTO_CEILING_US / 2);
  return phase->last_send_us + phase_rto (run, phase);
}

/* ---------------------------------------------------------------------- */
/* Classification and the end of a run                                    */

static void
classify (Run *run)
{
  TdProbeResult *result = run->result;
  Phase *primary = &run->phases[PHASE_PRIMARY];
  Phase *secondary = &run->phases[PHASE_SECONDARY];
  Phase *cone = &run->phases[PHASE_CONE];
  Phase *port = &run->phases[PHASE_PORT];
  /* What the user asked about: the fixed client port when one was given
   * (and it answered), else the mapping socket. */
  gboolean use_port = port->enabled && port->state == PHASE_ANSWERED;
  Phase *reported = use_port ? port : primary;
  guint16 mapping_port = td_probe_socket_get_port (run->mapping);
  guint16 reported_port = use_port ? td_probe_socket_get_port (run->filtering) : mapping_port;

  result->local.port = reported_port;
  result->local.address = td_ipv4_to_string (reported->local_addr);

  result->reachable = primary->state == PHASE_ANSWERED;
  result->secondary_reachable = secondary->state == PHASE_ANSWERED;
  result->cone_answered = cone->state == PHASE_ANSWERED;

  if (!result->reachable)
    {
      result->nat = TD_NAT_TYPE_OFFLINE;
      return;
    }

  result->mapped.address = td_ipv4_to_string (reported->mapped_addr);
  result->mapped.port = reported->mapped_port;
  result->mapped_is_global = td_ipv4_is_global (reported->mapped_addr) || run->probe->allow_non_global;
  result->mtu = primary->mtu;
  result->port_preserving = reported->mapped_port == reported_port;
  if (result->secondary_reachable)
    {
      result->mapped_secondary.address = td_ipv4_to_string (secondary->mapped_addr);
      result->mapped_secondary.port = secondary->mapped_port;
    }

  /* Mapping behaviour comes from the mapping socket alone (M1 vs M2);
   * filtering from the cone test.  With a fixed client port whose cone test
   * answered, that port takes unsolicited datagrams (a port forward, a
   * DMZ): what the random mapping socket sees no longer matters to a
   * client bound there. */
  if (use_port && result->cone_answered)
    result->nat = TD_NAT_TYPE_CONE;
  else if (primary->mapped_addr == primary->local_addr && primary->mapped_port == mapping_port)
    result->nat = result->cone_answered ? TD_NAT_TYPE_OPEN : TD_NAT_TYPE_OPEN_FIREWALLED;
  else if (result->secondary_reachable &&
           (secondary->mapped_addr != primary->mapped_addr ||
            secondary->mapped_port != primary->mapped_port))
    result->nat = TD_NAT_TYPE_SYMMETRIC;
  else if (result->cone_answered)
    result->nat = TD_NAT_TYPE_CONE;
  else if (!result->secondary_reachable)
    result->nat = TD_NAT_TYPE_UNKNOWN;
  else
    result->nat = TD_NAT_TYPE_RESTRICTED;

  if (result->mapped_is_global)
    {
      /* RFC 5991 form: cone bit 0, 12 random bits. */
      TdTeredoAddress address = {
        .server = run->primary,
        .flags = td_teredo_random_flags (),
        .mapped_port = reported->mapped_port,
        .mapped_addr = reported->mapped_addr,
      };
      result->teredo_address = td_teredo_address_to_string (&address);
    }
}

static GError *
unreachable_error (Run *run)
{
  Phase *primary = &run->phases[PHASE_PRIMARY];
  g_autofree char *server = td_ipv4_to_string (run->primary);

  if (primary->error != NULL)
    return g_error_copy (primary->error);
  return g_error_new (TD_ERROR, TD_ERROR_UNREACHABLE,
                      "No answer from the Teredo server %s on UDP port %u within %.1f s "
                      "(%u router solicitations sent): UDP to the server is blocked, "
                      "or the server is down",
                      server, run->probe->server_port,
                      (run_now (run) - (run->solicit_us - run->start_us)) / (double) G_USEC_PER_SEC,
                      primary->solicitations->len);
}

static void
finish (GTask  *task,
        GError *error)
{
  Run *run = g_task_get_task_data (task);
  TdProbeResult *result = run->result;

  if (run->finished)
    {
      g_clear_error (&error);
      return;
    }
  run->finished = TRUE;

  if (run->mapping != NULL)
    classify (run);
  if (error == NULL && !result->reachable)
    error = unreachable_error (run);
  result->error = error;
  result->elapsed_us = run_now (run);
  result->elapsed_ms = result->elapsed_us / G_TIME_SPAN_MILLISECOND;
  for (guint i = 0; i < N_PHASES; i++)
    if (run->phases[i].solicitations != NULL)
      result->rs_sent += run->phases[i].solicitations->len;

  td_probe_result_add_event (result, run_now (run), NULL, "note", NULL, 0,
                             "finished: nat=%s elapsed=%d ms rs=%u dropped=%u%s%s",
                             td_nat_type_to_string (result->nat), result->elapsed_ms,
                             result->rs_sent, result->dropped,
                             error ? " error=" : "", error ? error->message : "");

  /* Release the sockets now: a ranking run may hold many probes. */
  destroy_sources (run);
  close_sockets (run);

  run->probe->running = FALSE;
  set_stage (run->probe, TD_PROBE_STAGE_FINISHED);
  g_task_return_pointer (task, td_probe_result_ref (result), (GDestroyNotify) td_probe_result_unref);
}

/* ---------------------------------------------------------------------- */
/* Sending                                                                */

static void
phase_fail (Run    *run,
            Phase  *phase,
            GError *error)
{
  phase->state = PHASE_FAILED;
  td_probe_result_add_event (run->result, run_now (run), socket_name (run, phase->socket),
                             "note", NULL, 0, "%s phase failed: %s",
                             phase_names[phase->kind], error->message);
  g_clear_error (&phase->error);
  phase->error = error;
}

static void
phase_send (Run   *run,
            Phase *phase)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = endpoint_text (phase->destination, run->probe->server_port);
  guint8 packet[TD_TEREDO_RS_LENGTH];
  Solicitation solicitation;
  g_autofree char *nonce_hex = NULL;

  if (!td_teredo_nonce_generate (solicitation.nonce, &error))
    {
      phase_fail (run, phase, g_steal_pointer (&error));
      return;
    }
  td_teredo_rs_build (packet, solicitation.nonce, phase->rs_source);

  solicitation.sent_us = run_now (run);

  if (!td_probe_socket_send (phase->socket, phase->destination, run->probe->server_port,
                             packet, sizeof packet, &error))
    {
      /* No route, IPv4 down, …: this phase cannot work at all. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return;   /* try again at the next tick */
      /* EPERM on a datagram socket is this computer's own firewall saying
       * no (an nftables or iptables reject/drop on output). */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        phase_fail (run, phase,
                    g_error_new (TD_ERROR, TD_ERROR_LOCAL_FIREWALL,
                                 "This computer's firewall refused to send to %s: %s",
                                 peer, error->message));
      else
        phase_fail (run, phase,
                    g_error_new (TD_ERROR, TD_ERROR_NETWORK, "Cannot send to %s: %s",
                                 peer, error->message));
      return;
    }
  g_array_append_val (phase->solicitations, solicitation);
  phase->last_send_us = solicitation.sent_us;
  nonce_hex = g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x",
                               solicitation.nonce[0], solicitation.nonce[1],
                               solicitation.nonce[2], solicitation.nonce[3],
                               solicitation.nonce[4], solicitation.nonce[5],
                               solicitation.nonce[6], solicitation.nonce[7]);
  td_probe_result_add_event (run->result, solicitation.sent_us, socket_name (run, phase->socket),
                             "sent", peer, sizeof packet, "rs %s #%u nonce=%s",
                             phase->kind == PHASE_CONE ? "cone" : "restricted",
                             phase->solicitations->len, nonce_hex);
}

/* ---------------------------------------------------------------------- */
/* The scheduler: one timer for every phase and the deadline              */

static gboolean on_timer (gpointer user_data);

static void
schedule (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gint64 now = run_now (run);
  gint64 wake = run->deadline_us;
  gboolean primary_done;

  if (run->finished)
    return;

  primary_done = run->phases[PHASE_PRIMARY].state != PHASE_RUNNING;

  /* The primary refused (ICMP) or cannot be reached at all: nothing else
   * can qualify, so stop without waiting for the deadline. */
  if (run->phases[PHASE_PRIMARY].state == PHASE_FAILED)
    {
      finish (task, NULL);
      return;
    }

  /* Once the primary answered, a silent secondary or cone test has had
   * its chance after MIN_SENDS solicitations and one more RTO. */
  if (primary_done)
    {
      static const struct { PhaseKind kind; TdProbeStage stage; } optional[] = {
        { PHASE_SECONDARY, TD_PROBE_STAGE_SECONDARY_SILENT },
        { PHASE_CONE, TD_PROBE_STAGE_CONE_SILENT },
        { PHASE_PORT, TD_PROBE_STAGE_CONE_SILENT },
      };

      for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
        {
          Phase *phase = &run->phases[optional[i].kind];

          if (phase->state == PHASE_RUNNING &&
              phase->solicitations->len >= phase_min_sends (run, phase->kind) &&
              now >= phase->last_send_us + phase_rto (run, phase))
            {
              phase->state = PHASE_SILENT;
              td_probe_result_add_event (run->result, now, socket_name (run, phase->socket),
                                         "note", NULL, 0, "%s phase: no answer after %u solicitations",
                                         phase_names[phase->kind], phase->solicitations->len);
              set_stage (run->probe, optional[i].stage);
            }
        }
    }

  if (now >= run->deadline_us)
    {
      for (guint i = 0; i < N_PHASES; i++)
        if (run->phases[i].state == PHASE_RUNNING)
          run->phases[i].state = PHASE_SILENT;
    }

  /* Send what is due — only after the give-up decisions above, so that a
   * phase that has had its chance is not solicited once more. */
  for (guint i = 0; i < N_PHASES; i++)
    {
      Phase *phase = &run->phases[i];

      if (phase_may_send (run, phase, primary_done) && now >= phase_next_send (run, phase))
        phase_send (run, phase);
    }

  {
    gboolean all_done = TRUE;

    for (guint i = 0; i < N_PHASES; i++)
      all_done &= run->phases[i].state != PHASE_RUNNING;
    if (all_done)
      {
        finish (task, NULL);
        return;
      }
  }

  /* Sleep until the next solicitation, give-up point or the deadline. */
  for (guint i = 0; i < N_PHASES; i++)
    {
      Phase *phase = &run->phases[i];

      if (phase->state != PHASE_RUNNING)
        continue;
      if (phase_may_send (run, phase, primary_done))
        wake = MIN (wake, phase_next_send (run, phase));
      if (primary_done && phase->kind != PHASE_PRIMARY && phase->solicitations->len > 0)
        wake = MIN (wake, phase->last_send_us + phase_rto (run, phase));
    }

  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }
  run->timer = g_timeout_source_new (MAX (0, (wake - now + 999) / 1000));
  attach_source (run, run->timer, on_timer, task, "[td-probe] timer");
}

static gboolean
on_timer (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  /* schedule() replaces run->timer; drop our reference first. */
  g_clear_pointer (&run->timer, g_source_unref);
  schedule (task);
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------------- */
/* Receiving                                                              */

static void
drop (Run           *run,
      TdProbeSocket *socket,
      const char    *peer,
      guint       length,
      const char *why)
{
  run->result->dropped++;
  /* Keep the evidence log bounded under a flood. */
  if (run->result->dropped <= 32)
    td_probe_result_add_event (run->result, run_now (run), socket_name (run, socket),
                               "dropped", peer, length, "%s", why);
}

static void
handle_answer (GTask         *task,
               TdProbeSocket *socket,
               guint32        from_addr,
               guint16        from_port,
               guint32        local_addr,
               gsize          length)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *peer = endpoint_text (from_addr, from_port);
  Phase *phase = NULL;
  TdRaStatus status = TD_RA_BAD_NONCE;
  TdRaInfo info;
  gint64 now = run_now (run);
  gint64 sent_us = 0;

  if (from_port != run->probe->server_port)
    {
      drop (run, socket, peer, length, "wrong source port");
      return;
    }
  for (guint i = 0; i < N_PHASES; i++)
    if (run->phases[i].socket == socket && run->phases[i].answerer == from_addr)
      phase = &run->phases[i];
  if (phase == NULL)
    {
      if (socket == run->filtering && from_addr == run->primary)
        drop (run, socket, peer, length,
              "cone reply from the address the RS went to (proves nothing about filtering)");
      else
        drop (run, socket, peer, length, "unexpected source address");
      return;
    }
  if (phase->state != PHASE_RUNNING)
    {
      drop (run, socket, peer, length,
            phase->state == PHASE_ANSWERED ? "duplicate or late answer" : "answer after the phase ended");
      return;
    }

  /* Any nonce of this phase's own solicitations, newest first: an answer
   * to an earlier retransmission is as good as one to the latest. */
  guint answered_index = 0;

  for (guint i = phase->solicitations->len; i > 0 && status == TD_RA_BAD_NONCE; i--)
    {
      const Solicitation *solicitation = &g_array_index (phase->solicitations, Solicitation, i - 1);
      TdRaExpect expect = {
        .nonce = solicitation->nonce,
        .rs_source = phase->rs_source,
        .primary = run->primary,
        .allow_obsolete_prefix = TRUE,
      };

      status = td_teredo_ra_parse (run->buffer, length, &expect, &info);
      sent_us = solicitation->sent_us;
      answered_index = i - 1;
    }
  if (status != TD_RA_OK)
    {
      drop (run, socket, peer, length, td_teredo_ra_status_to_string (status));
      return;
    }

  phase->state = PHASE_ANSWERED;
  phase->mapped_addr = info.mapped_addr;
  phase->mapped_port = info.mapped_port;
  phase->local_addr = local_addr;
  phase->mtu = info.mtu;
  if (run->rtt_us < 0 || phase->kind == PHASE_PRIMARY)
    run->rtt_us = MAX (now - sent_us, 1);

  {
    g_autofree char *mapped = endpoint_text (info.mapped_addr, info.mapped_port);
    td_probe_result_add_event (run->result, now, socket_name (run, socket), "received", peer,
                               length, "ra %s mapped=%s mtu=%u rtt=%.1f ms%s",
                               phase_names[phase->kind], mapped, info.mtu,
                               (now - sent_us) / 1000.0,
                               info.obsolete_prefix ? " (obsolete 3ffe:831f prefix rewritten)" : "");
  }

  switch (phase->kind)
    {
    case PHASE_PRIMARY:
      /* An answer to a later solicitation while earlier ones were not
       * answered means datagrams are being lost (a slow path answers the
       * first one, just late). */
      run->primary_retransmitted = answered_index > 0;
      run->result->rtt_us = now - sent_us;
      run->result->rtt_ms = (now - sent_us + 500) / 1000;
      run->result->first_answer_us = now;
      run->result->first_answer_ms = now / 1000;
      set_stage (run->probe, TD_PROBE_STAGE_PRIMARY_ANSWERED);
      break;
    case PHASE_SECONDARY:
      set_stage (run->probe, TD_PROBE_STAGE_SECONDARY_ANSWERED);
      break;
    case PHASE_CONE:
      set_stage (run->probe, TD_PROBE_STAGE_CONE_ANSWERED);
      break;
    case PHASE_PORT:
      break;
    case N_PHASES:
    default:
      g_assert_not_reached ();
    }
}

/* The phase an ICMP error of unknown destination belongs to: the one of
 * @socket that is still running and sent most recently.  Windows reports an
 * ICMP error only as a failed receive on the socket (WSAECONNRESET), and not
 * always with the destination.  The error answers a datagram already sent,
 * most likely the latest one: the phases of a socket go out together in the
 * first round, and only the primary is retransmitted before the RTT is
 * known.  A wrong guess ends the wrong phase; the right one keeps drawing
 * errors with each solicitation and is ended by the next one.  (When the
 * refused secondary's error arrives only after a retransmission of the
 * primary, an RTT over the first retransmission interval, the primary is
 * ended instead: the price of a system that does not say.)  Linux always
 * names the destination, so this never runs there. */
static Phase *
latest_running_phase (Run           *run,
                      TdProbeSocket *socket)
{
  Phase *latest = NULL;

  for (guint i = 0; i < N_PHASES; i++)
    {
      Phase *phase = &run->phases[i];

      if (phase->socket != socket || phase->state != PHASE_RUNNING ||
          phase->solicitations == NULL || phase->solicitations->len == 0)
        continue;
      if (latest == NULL || phase->last_send_us >= latest->last_send_us)
        latest = phase;
    }
  return latest;
}

/* An ICMP destination unreachable: the original destination tells which
 * phase it ends.  A hint, not proof (spoofable), so only a phase that has
 * not been answered yet is ended. */
static void
handle_unreachable (GTask                    *task,
                    TdProbeSocket            *socket,
                    const TdProbeSocketEvent *event)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *peer = NULL;
  Phase *phase = NULL;
  const char *what;
  int code;

  if (event->addr != 0)
    {
      for (guint i = 0; i < N_PHASES; i++)
        if (run->phases[i].socket == socket && run->phases[i].destination == event->addr)
          phase = &run->phases[i];
      peer = endpoint_text (event->addr, event->port);
    }
  else
    {
      phase = latest_running_phase (run, socket);
      peer = phase != NULL ? endpoint_text (phase->destination, run->probe->server_port)
                           : g_strdup ("?");
    }
  switch (event->unreachable)
    {
    case TD_UNREACHABLE_PORT:
      what = "port unreachable";
      code = TD_ERROR_PORT_UNREACHABLE;
      break;
    case TD_UNREACHABLE_FILTERED:
      what = "administratively prohibited";
      code = TD_ERROR_HOST_UNREACHABLE;
      break;
    case TD_UNREACHABLE_NET:
      what = "network unreachable";
      code = TD_ERROR_HOST_UNREACHABLE;
      break;
    case TD_UNREACHABLE_HOST:
    default:
      what = "host unreachable";
      code = TD_ERROR_HOST_UNREACHABLE;
      break;
    }
  if (event->icmp_type != 0)
    td_probe_result_add_event (run->result, run_now (run), socket_name (run, socket),
                               "icmp", peer, 0, "icmp %s (type %u code %u)", what,
                               event->icmp_type, event->icmp_code);
  else
    td_probe_result_add_event (run->result, run_now (run), socket_name (run, socket),
                               "icmp", peer, 0, "icmp %s (reported by the system%s)", what,
                               event->addr != 0 ? "" : " without a destination: the phase "
                               "that sent last");
  if (phase == NULL || phase->state != PHASE_RUNNING)
    return;
  if (code == TD_ERROR_PORT_UNREACHABLE)
    phase_fail (run, phase,
                g_error_new (TD_ERROR, code,
                             "The Teredo server %s refused the datagram (ICMP port unreachable): "
                             "the server is down, or a firewall on the path rejects it", peer));
  else
    phase_fail (run, phase,
                g_error_new (TD_ERROR, code, "%s is unreachable (ICMP %s)", peer, what));
}

static gboolean
on_socket_ready (GSocket      *gsocket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  TdProbeSocket *socket = gsocket == td_probe_socket_get_socket (run->mapping) ? run->mapping
                                                                               : run->filtering;
  TdProbeSocketEvent event;

  for (guint burst = 0;
       burst < RECV_BURST && !run->finished &&
       td_probe_socket_receive (socket, run->buffer, sizeof run->buffer, &event);
       burst++)
    {
      g_autofree char *peer = NULL;

      switch (event.kind)
        {
        case TD_PROBE_SOCKET_UNREACHABLE:
          handle_unreachable (task, socket, &event);
          break;
        case TD_PROBE_SOCKET_NOT_IPV4:
          drop (run, socket, NULL, event.length, "not an IPv4 datagram");
          break;
        case TD_PROBE_SOCKET_DATAGRAM:
        default:
          if (event.truncated)
            {
              peer = endpoint_text (event.addr, event.port);
              drop (run, socket, peer, MIN (event.length, G_MAXUINT16), "oversized datagram");
            }
          else
            handle_answer (task, socket, event.addr, event.port, event.local_addr, event.length);
          break;
        }
    }

  if (!run->finished)
    schedule (task);
  return G_SOURCE_CONTINUE;
}

/* ---------------------------------------------------------------------- */
/* Set-up                                                                 */

static void
phase_init (Run           *run,
            PhaseKind      kind,
            TdProbeSocket *socket,
            guint32       destination,
            guint32       answerer,
            const guint8 *rs_source)
{
  Phase *phase = &run->phases[kind];

  phase->kind = kind;
  phase->enabled = TRUE;
  phase->state = PHASE_RUNNING;
  phase->socket = socket;
  phase->destination = destination;
  phase->answerer = answerer;
  phase->rs_source = rs_source;
  phase->solicitations = g_array_new (FALSE, FALSE, sizeof (Solicitation));
}

static GSource *
watch_socket (GTask         *task,
              TdProbeSocket *socket)
{
  Run *run = g_task_get_task_data (task);
  GSource *source = td_probe_socket_create_source (socket);

  attach_source (run, source, G_SOURCE_FUNC (on_socket_ready), task, "[td-probe] socket");
  return source;
}

static gboolean
check_global (Run         *run,
              guint32      addr,
              const char  *role,
              GError     **error)
{
  const char *reason = td_ipv4_non_global_reason (addr);
  g_autofree char *text = NULL;

  if (reason == NULL || run->probe->allow_non_global)
    return TRUE;
  text = td_ipv4_to_string (addr);
  g_set_error (error, TD_ERROR, TD_ERROR_NOT_GLOBAL,
               "The %s server address %s is not a global address (%s): "
               "a Teredo server must have a public IPv4 address", role, text, reason);
  return FALSE;
}

static void
start_soliciting (GTask   *task,
                  guint32  primary)
{
  Run *run = g_task_get_task_data (task);
  TdProbe *self = run->probe;
  GError *error = NULL;
  gboolean port_in_use = FALSE;

  run->primary = primary;
  run->result->primary = td_ipv4_to_string (primary);
  if (self->secondary != NULL)
    {
      if (!td_ipv4_parse (self->secondary, &run->secondary))
        {
          finish (task, g_error_new (TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                                     "“%s” is not an IPv4 address (secondary server)",
                                     self->secondary));
          return;
        }
    }
  else
    run->secondary = primary + 1;
  run->result->secondary = td_ipv4_to_string (run->secondary);

  if (!check_global (run, primary, "primary", &error) ||
      !check_global (run, run->secondary, "secondary", &error))
    {
      finish (task, error);
      return;
    }

  /* With a fixed client port (Windows' clientport, or a port forward on
   * the router) the filtering test must run from that port — that is where
   * a forward applies — and the port's own mapping is measured there too.
   * The mapping test then uses a fresh random port: the filtering socket
   * never talks to the secondary, so neither test disturbs the other. */
  run->mapping = td_probe_socket_open (0, &error);
  if (run->mapping != NULL)
    run->filtering = td_probe_socket_open (self->local_port, &error);
  if (run->filtering == NULL && self->local_port != 0 &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    {
      /* The OS client itself holds its configured port: test filtering
       * from a port of our own instead of failing. */
      td_probe_result_add_event (run->result, run_now (run), NULL, "note", NULL, 0,
                                 "local UDP port %u is in use (by the Teredo client?): the "
                                 "filtering test runs from a random port", self->local_port);
      g_clear_error (&error);
      port_in_use = TRUE;
      run->filtering = td_probe_socket_open (0, &error);
    }
  if (run->mapping == NULL || run->filtering == NULL)
    {
      finish (task, g_error_new (TD_ERROR, TD_ERROR_NETWORK, "%s", error->message));
      g_clear_error (&error);
      return;
    }

  phase_init (run, PHASE_PRIMARY, run->mapping, primary, primary, td_teredo_rs_source_restricted);
  phase_init (run, PHASE_SECONDARY, run->mapping, run->secondary, run->secondary,
              td_teredo_rs_source_restricted);
  phase_init (run, PHASE_CONE, run->filtering, primary, run->secondary, td_teredo_rs_source_cone);
  phase_init (run, PHASE_PORT, run->filtering, primary, primary, td_teredo_rs_source_restricted);
  if (self->local_port == 0 || port_in_use)
    {
      /* No client port: the mapping socket's primary phase says it all. */
      run->phases[PHASE_PORT].enabled = FALSE;
      run->phases[PHASE_PORT].state = PHASE_SILENT;
    }

  run->mapping_source = watch_socket (task, run->mapping);
  run->filtering_source = watch_socket (task, run->filtering);
  run->solicit_us = g_get_monotonic_time ();
  run->deadline_us = run_now (run) + (gint64) self->timeout_ms * G_TIME_SPAN_MILLISECOND;
  set_stage (self, TD_PROBE_STAGE_SOLICITING);
  schedule (task);
}

static void
on_resolved (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (object), res, &error);
  if (run->finished)
    {
      g_resolver_free_addresses (addresses);
      return;
    }
  if (addresses == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (task, g_steal_pointer (&error));
      /* "No such name" is about this server; "no answer" is about DNS or
       * the network, and then no other server name would resolve either. */
      else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
        finish (task, g_error_new (TD_ERROR, TD_ERROR_DNS_FAILED,
                                   "The Teredo server name “%s” does not exist: %s",
                                   run->probe->server, error->message));
      else
        finish (task, g_error_new (TD_ERROR, TD_ERROR_DNS_UNAVAILABLE,
                                   "Cannot resolve the Teredo server name “%s”: no DNS answer (%s)",
                                   run->probe->server, error->message));
      return;
    }

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *inet = l->data;

      if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4)
        {
          guint32 addr;

          memcpy (&addr, g_inet_address_to_bytes (inet), 4);
          td_probe_result_add_event (run->result, run_now (run), NULL, "note", NULL, 0,
                                     "resolved %s", run->probe->server);
          start_soliciting (task, g_ntohl (addr));
          break;
        }
    }
  if (!run->finished && run->mapping == NULL)
    finish (task, g_error_new (TD_ERROR, TD_ERROR_DNS_FAILED,
                               "The Teredo server name “%s” has no IPv4 address",
                               run->probe->server));
  g_resolver_free_addresses (addresses);
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;

  finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The probe was cancelled"));
  return G_SOURCE_REMOVE;
}

void
td_probe_run_async (TdProbe             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;
  guint32 literal;

  g_return_if_fail (TD_IS_PROBE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_probe_run_async);
  /* The result carries the cancellation itself; GTask must not replace it. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "The probe is already running");
      return;
    }
  self->running = TRUE;

  run = g_new0 (Run, 1);
  run->probe = self;
  run->result = td_probe_result_new (self->server);
  run->context = g_main_context_ref_thread_default ();
  run->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  run->start_us = g_get_monotonic_time ();
  run->rtt_us = -1;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  run->cancel_source = g_cancellable_source_new (run->cancellable);
  attach_source (run, run->cancel_source, G_SOURCE_FUNC (on_cancelled), task, "[td-probe] cancel");
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      on_cancelled (run->cancellable, task);
      return;
    }

  if (td_ipv4_parse (self->server, &literal))
    {
      start_soliciting (task, literal);
      return;
    }
  if (self->server == NULL || *self->server == '\0' || strlen (self->server) > 253)
    {
      finish (task, g_error_new (TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                                 "“%s” is not a server name or IPv4 address",
                                 self->server ? self->server : ""));
      return;
    }

  set_stage (self, TD_PROBE_STAGE_RESOLVING);
  {
    g_autoptr(GResolver) resolver = g_resolver_get_default ();
    g_resolver_lookup_by_name_with_flags_async (resolver, self->server,
                                                G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY,
                                                run->cancellable, on_resolved,
                                                g_object_ref (task));
  }
}

TdProbeResult *
td_probe_run_finish (TdProbe       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */

TdProbe *
td_probe_new (const char *server)
{
  return g_object_new (TD_TYPE_PROBE, "server", server, NULL);
}

const char *
td_probe_get_server (TdProbe *self)
{
  return self->server;
}

void
td_probe_set_secondary (TdProbe    *self,
                        const char *secondary)
{
  g_free (self->secondary);
  self->secondary = g_strdup (secondary);
}

void
td_probe_set_local_port (TdProbe *self,
                         guint16  port)
{
  self->local_port = port;
}

void
td_probe_set_timeout (TdProbe *self,
                      guint    timeout_ms)
{
  self->timeout_ms = CLAMP (timeout_ms, 100, 600000);
}

void
td_probe_set_retransmit (TdProbe *self,
                         guint    retransmit_ms)
{
  self->retransmit_ms = CLAMP (retransmit_ms, 20, 10000);
}

void
td_probe_set_allow_non_global (TdProbe  *self,
                               gboolean  allow)
{
  self->allow_non_global = allow;
}

void
td_probe_set_server_port (TdProbe *self,
                          guint16  port)
{
  self->server_port = port;
}

TdProbeStage
td_probe_get_stage (TdProbe *self)
{
  return self->stage;
}

static void
td_probe_finalize (GObject *object)
{
  TdProbe *self = TD_PROBE (object);

  g_free (self->server);
  g_free (self->secondary);
  G_OBJECT_CLASS (td_probe_parent_class)->finalize (object);
}

static void
td_probe_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TdProbe *self = TD_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_STAGE:
      g_value_set_uint (value, self->stage);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_probe_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TdProbe *self = TD_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_free (self->server);
      self->server = g_strstrip (g_value_dup_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_probe_class_init (TdProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = td_probe_finalize;
  object_class->get_property = td_probe_get_property;
  object_class->set_property = td_probe_set_property;

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_uint ("stage", NULL, NULL, 0, TD_PROBE_STAGE_FINISHED, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TdProbe::progress:
   * @stage: the #TdProbeStage just reached
   *
   * Emitted on the caller's main context as the measurement advances, so
   * that a UI can update live.
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
td_probe_init (TdProbe *self)
{
  self->server_port = 3544;
  self->timeout_ms = TD_PROBE_DEFAULT_TIMEOUT_MS;
  self->retransmit_ms = TD_PROBE_DEFAULT_RETRANSMIT_MS;
}
