/* td-runner.c — runs the checklist
 *
 * Facts are gathered once and concurrently — the host (commands, /proc), the
 * server's DNS name, the probe, an HTTP fetch over IPv6 and a ping — and each
 * check is judged as soon as the facts it depends on are in.  Nothing waits
 * for what it does not need: while the OS client is still in `probe` its
 * state is re-read with a countdown, and the probe may well answer first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "td-address.h"
#include "td-checks.h"
#include "td-command.h"
#include "td-diagnosis.h"
#include "td-error.h"
#include "td-host-collect.h"
#include "td-knowledge.h"
#include "td-probe.h"
#include "td-runner.h"
#include "td-server-list.h"

#define CLIENT_POLL_INTERVAL_S 3

typedef enum {
  CHECK_IPV6_STACK,
  CHECK_GLOBAL_CLOUD,
  CHECK_TEREDO_CLIENT,
  CHECK_TEREDO_ERROR,
  CHECK_TEREDO_COMPONENTS,
  CHECK_MANAGED_NETWORK,
  CHECK_IPV6_FIREWALL,
  CHECK_SERVER_DNS,
  CHECK_SERVER_UDP,
  CHECK_NAT_TYPE,
  CHECK_IPV6_HTTP,
  CHECK_SERVER_PING,
  N_CHECKS
} CheckId;

typedef struct {
  const char *id;
  const char *title;
  int         depends_on;   /* another check that must be selected too, or -1 */
  gboolean    needs_host;
} CheckInfo;

static const CheckInfo check_info[N_CHECKS] = {
  { "ipv6-stack",        N_("IPv6 stack"),                       -1, TRUE },
  { "global-cloud",      N_("Global cloud (global IPv6 address)"), -1, TRUE },
  { "teredo-client",     N_("Teredo client state"),              -1, TRUE },
  { "teredo-error",      N_("Teredo client error"),              -1, TRUE },
  { "teredo-components", N_("Teredo off-switches"),              -1, TRUE },
  { "managed-network",   N_("Managed network"),                  -1, TRUE },
  { "ipv6-firewall",     N_("IPv6 firewall"),                    -1, TRUE },
  { "server-dns",        N_("Teredo server name"),               -1, FALSE },
  { "server-udp",        N_("UDP to the Teredo server"),         CHECK_SERVER_DNS, FALSE },
  { "nat-type",          N_("NAT type"),                         CHECK_SERVER_UDP, FALSE },
  { "ipv6-http",         N_("IPv6 web access"),                  CHECK_IPV6_STACK, FALSE },
  { "server-ping",       N_("Ping to the Teredo server"),        CHECK_SERVER_DNS, FALSE },
};

struct _TdRunner {
  GObject         parent_instance;
  TdPlatform      platform;
  char           *server;
  char           *ipv6_test_url;
  guint           client_wait_s;
  guint           probe_timeout_ms;
  guint           probe_retransmit_ms;
  guint           check_timeout_ms;
  gboolean        selected[N_CHECKS];
  TdCheckResult  *results[N_CHECKS];   /* all of them; NULL-free */
  GListStore     *model;               /* the selected ones, checklist order */
  double          progress;
  guint           countdown;
  gboolean        running;
};

G_DEFINE_FINAL_TYPE (TdRunner, td_runner, G_TYPE_OBJECT)

enum { PROP_0, PROP_PROGRESS, PROP_COUNTDOWN, N_PROPS };
static GParamSpec *properties[N_PROPS];

typedef struct {
  TdRunner      *runner;       /* borrowed: the task holds a ref */
  GCancellable  *cancellable;  /* the run's; cancelled on completion too */
  GCancellable  *external;     /* the caller's, and our handler on it */
  GSource       *external_source;  /* watches it; holds the task */
  GMainContext  *context;
  GDateTime     *started_at;
  gint64         start_us;
  TdHost        *host;
  TdProbeResult *probe;
  char          *server;       /* as asked for */
  char          *server_ip;    /* resolved */
  gint64         started_us[N_CHECKS];
  GSource       *poll_timer;   /* teredo-client countdown */
  gint64         poll_until_us;
  gboolean       polling_collect;
  GCancellable  *dns_cancellable;  /* the run's, or the DNS timeout's */
  GSource       *dns_timer;
  gboolean       dns_timed_out;
  gboolean       host_pending;     /* the host is being collected */
  gboolean       probe_waits_for_host;
  gboolean       finished;
} Run;

static void run_maybe_finish (GTask *task);
static void on_cancelled     (GCancellable *cancellable,
                              GTask        *task);

const char * const *
td_runner_get_check_ids (void)
{
  static const char *ids[N_CHECKS + 1];

  if (ids[0] == NULL)
    for (guint i = 0; i < N_CHECKS; i++)
      ids[i] = check_info[i].id;
  return ids;
}

const char *
td_runner_get_check_title (const char *id)
{
  for (guint i = 0; i < N_CHECKS; i++)
    if (g_strcmp0 (check_info[i].id, id) == 0)
      return _(check_info[i].title);
  return NULL;
}

/* The caller's cancellable may outlive the run (a CLI's Ctrl-C one does):
 * drop the reference its source holds on the task. */
static void
disconnect_external (Run *run)
{
  if (run->external_source != NULL)
    {
      g_source_destroy (run->external_source);
      g_clear_pointer (&run->external_source, g_source_unref);
    }
  g_clear_object (&run->external);
}

static void
stop_dns_timer (Run *run)
{
  if (run->dns_timer != NULL)
    {
      g_source_destroy (run->dns_timer);
      g_clear_pointer (&run->dns_timer, g_source_unref);
    }
}

static void
run_free (Run *run)
{
  disconnect_external (run);
  stop_dns_timer (run);
  g_clear_object (&run->dns_cancellable);
  if (run->poll_timer != NULL)
    {
      g_source_destroy (run->poll_timer);
      g_source_unref (run->poll_timer);
    }
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->started_at, g_date_time_unref);
  g_clear_pointer (&run->host, td_host_unref);
  g_clear_pointer (&run->probe, td_probe_result_unref);
  g_free (run->server);
  g_free (run->server_ip);
  g_free (run);
}

static gboolean
wanted (TdRunner *self,
        CheckId   id)
{
  return self->selected[id];
}

static void
update_progress (TdRunner *self)
{
  guint total = 0, done = 0;

  for (guint i = 0; i < N_CHECKS; i++)
    if (self->selected[i])
      {
        total++;
        done += td_check_status_is_final (td_check_result_get_status (self->results[i]));
      }
  self->progress = total ? (double) done / total : 1.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
check_start (Run     *run,
             CheckId  id)
{
  if (!wanted (run->runner, id))
    return;
  run->started_us[id] = g_get_monotonic_time ();
  td_check_result_set_status (run->runner->results[id], TD_CHECK_STATUS_RUNNING);
}

/* Called after a check's outcome is set. */
static void
check_done (Run     *run,
            CheckId  id)
{
  TdCheckResult *result = run->runner->results[id];

  if (run->started_us[id] != 0)
    td_check_result_set_duration_ms (result, (g_get_monotonic_time () - run->started_us[id]) / 1000);
  update_progress (run->runner);
}

/* TRUE when @id is selected and has no outcome yet: a judging function of
 * td-checks.c may run on it (then check_done()). */
static gboolean
is_open (Run     *run,
         CheckId  id)
{
  return wanted (run->runner, id) &&
         !td_check_status_is_final (td_check_result_get_status (run->runner->results[id]));
}

static void
check_outcome (Run           *run,
               CheckId        id,
               TdCheckStatus  status,
               const char    *summary,
               const char    *details)
{
  if (!wanted (run->runner, id) || td_check_status_is_final (td_check_result_get_status (run->runner->results[id])))
    return;
  td_check_result_set_outcome (run->runner->results[id], status, summary, details);
  check_done (run, id);
}

/* ---------------------------------------------------------------------- */
/* Server: ping, probe, DNS                                               */

static void
on_ping_done (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(TdCommandResult) result = td_command_run_finish (res);

  if (run->finished)
    return;
  if (is_open (run, CHECK_SERVER_PING))
    {
      td_check_eval_server_ping (run->runner->results[CHECK_SERVER_PING], result);
      check_done (run, CHECK_SERVER_PING);
    }
  run_maybe_finish (task);
}

static void
on_probe_done (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;
  TdProbeResult *probe = td_probe_run_finish (TD_PROBE (object), res, NULL);

  if (probe == NULL || run->finished)
    {
      g_clear_pointer (&probe, td_probe_result_unref);
      return;
    }
  /* Keep the name the user knows, not only the address we probed. */
  g_free (probe->server);
  probe->server = g_strdup (run->server);
  run->probe = probe;

  if (wanted (self, CHECK_SERVER_UDP))
    {
      td_check_eval_probe (self->results[CHECK_SERVER_UDP], probe, run->host, self->platform);
      check_done (run, CHECK_SERVER_UDP);
    }
  if (wanted (self, CHECK_NAT_TYPE))
    {
      td_check_eval_nat (self->results[CHECK_NAT_TYPE], probe, run->host, self->platform);
      check_done (run, CHECK_NAT_TYPE);
    }
  run_maybe_finish (task);
}

/* The probe, its filtering test from the OS client's own port (Windows
 * clientport, miredo BindPort): a port forward applies there only. */
static void
start_probe (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;
  g_autoptr(TdProbe) probe = td_probe_new (run->server_ip);
  TdTeredoClient *client = run->host ? run->host->client : NULL;

  check_start (run, CHECK_SERVER_UDP);
  check_start (run, CHECK_NAT_TYPE);
  if (client != NULL && client->client_port > 0 && client->client_port <= G_MAXUINT16)
    td_probe_set_local_port (probe, (guint16) client->client_port);
  td_probe_set_timeout (probe, self->probe_timeout_ms);
  td_probe_set_retransmit (probe, self->probe_retransmit_ms);
  td_probe_run_async (probe, run->cancellable, on_probe_done, g_object_ref (task));
}

static void
start_server_checks (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;

  if (wanted (self, CHECK_SERVER_UDP) || wanted (self, CHECK_NAT_TYPE))
    {
      /* Needs the OS client's port: wait for the host if it is not in. */
      if (run->host_pending)
        run->probe_waits_for_host = TRUE;
      else
        start_probe (task);
    }
  if (wanted (self, CHECK_SERVER_PING))
    {
      const char *argv_linux[] = { "ping", "-n", "-c", "3", "-i", "0.3", "-W", "1", run->server_ip, NULL };
      const char *argv_windows[] = { "ping", "-n", "3", "-w", "1000", run->server_ip, NULL };
      TdCommandOptions options = { .timeout_ms = 5000 };

      check_start (run, CHECK_SERVER_PING);
      td_command_run_async (self->platform == TD_PLATFORM_WINDOWS ? argv_windows : argv_linux,
                            &options, run->cancellable, on_ping_done, g_object_ref (task));
    }
}

static void
skip_server_checks (Run        *run,
                    const char *why)
{
  check_outcome (run, CHECK_SERVER_UDP, TD_CHECK_STATUS_SKIP, why, NULL);
  check_outcome (run, CHECK_NAT_TYPE, TD_CHECK_STATUS_SKIP, why, NULL);
  check_outcome (run, CHECK_SERVER_PING, TD_CHECK_STATUS_SKIP, why, NULL);
}

static void
on_resolved (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (object), res, &error);

  stop_dns_timer (run);
  if (run->finished)
    {
      g_resolver_free_addresses (addresses);
      return;
    }
  if (addresses == NULL)
    {
      if (is_open (run, CHECK_SERVER_DNS))
        {
          td_check_eval_server_dns (run->runner->results[CHECK_SERVER_DNS], run->server, NULL,
                                    error, run->dns_timed_out,
                                    run->runner->check_timeout_ms / 1000,
                                    run->runner->platform, run->host);
          check_done (run, CHECK_SERVER_DNS);
        }
      /* The probe result records the DNS failure for the verdict: "no
       * such name" is about this server, no answer about DNS itself. */
      run->probe = td_probe_result_new (run->server);
      run->probe->error =
        g_error_new (TD_ERROR,
                     !run->dns_timed_out &&
                     g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND)
                     ? TD_ERROR_DNS_FAILED : TD_ERROR_DNS_UNAVAILABLE,
                     "%s", td_check_result_get_summary (run->runner->results[CHECK_SERVER_DNS]));
      skip_server_checks (run, _("The server name does not resolve"));
      run_maybe_finish (task);
      return;
    }
  run->server_ip = g_inet_address_to_string (addresses->data);
  g_resolver_free_addresses (addresses);
  if (is_open (run, CHECK_SERVER_DNS))
    {
      td_check_eval_server_dns (run->runner->results[CHECK_SERVER_DNS], run->server,
                                run->server_ip, NULL, FALSE, 0, run->runner->platform, run->host);
      check_done (run, CHECK_SERVER_DNS);
    }
  start_server_checks (task);
  run_maybe_finish (task);
}

static gboolean
on_dns_timeout (gpointer user_data)
{
  Run *run = user_data;

  run->dns_timed_out = TRUE;
  g_clear_pointer (&run->dns_timer, g_source_unref);
  g_cancellable_cancel (run->dns_cancellable);
  return G_SOURCE_REMOVE;
}

static void
start_dns (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;
  guint32 literal;

  if (!wanted (self, CHECK_SERVER_DNS))
    return;
  check_start (run, CHECK_SERVER_DNS);

  if (run->server == NULL || td_ipv4_parse (run->server, &literal))
    {
      run->server_ip = g_strdup (run->server);
      if (is_open (run, CHECK_SERVER_DNS))
        {
          td_check_eval_server_dns (self->results[CHECK_SERVER_DNS], run->server, run->server_ip,
                                    NULL, FALSE, 0, self->platform, run->host);
          check_done (run, CHECK_SERVER_DNS);
        }
      if (run->server == NULL)
        skip_server_checks (run, _("No Teredo server to test"));
      else
        start_server_checks (task);
      return;
    }
  {
    g_autoptr(GResolver) resolver = g_resolver_get_default ();

    /* GResolver has no timeout of its own: a silent resolver must not hold
     * the checklist, so the lookup gets the per-check deadline. */
    run->dns_cancellable = g_cancellable_new ();
    g_signal_connect_object (run->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             run->dns_cancellable, G_CONNECT_SWAPPED);
    run->dns_timer = g_timeout_source_new (self->check_timeout_ms);
    g_source_set_callback (run->dns_timer, on_dns_timeout, run, NULL);
    g_source_set_static_name (run->dns_timer, "[td-runner] DNS timeout");
    g_source_attach (run->dns_timer, run->context);
    g_resolver_lookup_by_name_with_flags_async (resolver, run->server,
                                                G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY,
                                                run->dns_cancellable, on_resolved, g_object_ref (task));
  }
}

/* Which server: the one asked for, else the OS client's, else the dated
 * table's first live one. */
static void
choose_server (Run *run)
{
  const char *server = run->runner->server;

  if (server == NULL && run->host != NULL && run->host->client != NULL)
    server = run->host->client->server_name;
  if (server == NULL)
    server = td_knowledge_recommend_server (NULL);
  run->server = g_strdup (server);
}

/* ---------------------------------------------------------------------- */
/* IPv6 over HTTP                                                         */

static void
on_http_done (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), res, &error);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), res);
  guint status = message ? soup_message_get_status (message) : 0;

  if (run->finished)
    return;
  if (is_open (run, CHECK_IPV6_HTTP))
    {
      td_check_eval_ipv6_http (run->runner->results[CHECK_IPV6_HTTP], run->runner->ipv6_test_url,
                               status, body ? g_bytes_get_size (body) : 0, body ? NULL : error);
      check_done (run, CHECK_IPV6_HTTP);
    }
  run_maybe_finish (task);
}

static void
start_http (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInetAddress) any6 = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (any6, 0);

  if (!wanted (self, CHECK_IPV6_HTTP))
    return;
  if (run->host != NULL && run->host->ipv6_enabled == TD_TRISTATE_NO)
    {
      check_outcome (run, CHECK_IPV6_HTTP, TD_CHECK_STATUS_SKIP, _("IPv6 is disabled"), NULL);
      return;
    }
  message = soup_message_new (SOUP_METHOD_GET, self->ipv6_test_url);
  if (message == NULL)
    {
      check_outcome (run, CHECK_IPV6_HTTP, TD_CHECK_STATUS_SKIP, _("The IPv6 test URL is not valid"),
                     self->ipv6_test_url);
      return;
    }
  check_start (run, CHECK_IPV6_HTTP);
  /* Binding the client side to [::] makes every IPv4 candidate fail to
   * connect: the page can only be fetched over IPv6. */
  session = g_object_new (SOUP_TYPE_SESSION, "local-address", local,
                          "timeout", MAX (1u, self->check_timeout_ms / 1000),
                          "user-agent", "teredo-doctor/" PACKAGE_VERSION, NULL);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, run->cancellable,
                                    on_http_done, g_object_ref (task));
}

/* ---------------------------------------------------------------------- */
/* Host facts and the OS client's countdown                               */

static void judge_host_checks (GTask *task);

static void
judge_client (Run      *run,
              gboolean  final)
{
  TdRunner *self = run->runner;
  guint waited = (g_get_monotonic_time () - run->start_us) / G_USEC_PER_SEC;

  if (!wanted (self, CHECK_TEREDO_CLIENT))
    return;
  if (!final)
    return;
  td_check_eval_teredo_client (self->results[CHECK_TEREDO_CLIENT], run->host, run->probe,
                               run->poll_until_us ? waited : 0);
  td_check_result_set_countdown (self->results[CHECK_TEREDO_CLIENT], 0);
  self->countdown = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTDOWN]);
  check_done (run, CHECK_TEREDO_CLIENT);
}

static gboolean
client_is_probing (Run *run)
{
  return run->host != NULL && run->host->client != NULL &&
         run->host->client->state == TD_TEREDO_STATE_PROBE;
}

static void
on_host_reread (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  TdHost *host = td_host_collect_finish (res, NULL);

  run->polling_collect = FALSE;
  if (host == NULL || run->finished)
    {
      g_clear_pointer (&host, td_host_unref);
      return;
    }
  g_clear_pointer (&run->host, td_host_unref);
  run->host = host;
  if (!client_is_probing (run))
    {
      g_source_destroy (run->poll_timer);
      g_clear_pointer (&run->poll_timer, g_source_unref);
      judge_client (run, TRUE);
      run_maybe_finish (task);
    }
}

static gboolean
on_poll_tick (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;
  gint64 left_us = run->poll_until_us - g_get_monotonic_time ();
  guint left = left_us > 0 ? (left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;

  self->countdown = left;
  td_check_result_set_countdown (self->results[CHECK_TEREDO_CLIENT], left);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTDOWN]);

  if (left == 0)
    {
      g_clear_pointer (&run->poll_timer, g_source_unref);
      judge_client (run, TRUE);
      run_maybe_finish (task);
      return G_SOURCE_REMOVE;
    }
  if (!run->polling_collect && left % CLIENT_POLL_INTERVAL_S == 0)
    {
      run->polling_collect = TRUE;
      td_host_collect_async (self->platform, run->cancellable, on_host_reread, g_object_ref (task));
    }
  return G_SOURCE_CONTINUE;
}

static void
on_host_collected (GObject      *object,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  TdHost *host = td_host_collect_finish (res, &error);

  if (host == NULL || run->finished)
    {
      g_clear_pointer (&host, td_host_unref);
      return;
    }
  run->host = host;
  run->host_pending = FALSE;
  judge_host_checks (task);
  if (run->server == NULL)
    {
      choose_server (run);
      start_dns (task);
    }
  else if (run->probe_waits_for_host)
    {
      run->probe_waits_for_host = FALSE;
      start_probe (task);
    }
  start_http (task);
  run_maybe_finish (task);
}

static void
judge_host_checks (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;
  TdHost *host = run->host;
  static const struct { CheckId id; void (*eval) (TdCheckResult *, TdHost *); } simple[] = {
    { CHECK_IPV6_STACK, td_check_eval_ipv6_stack },
    { CHECK_GLOBAL_CLOUD, td_check_eval_global_cloud },
    { CHECK_TEREDO_COMPONENTS, td_check_eval_teredo_components },
    { CHECK_MANAGED_NETWORK, td_check_eval_managed_network },
    { CHECK_IPV6_FIREWALL, td_check_eval_ipv6_firewall },
  };

  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    if (wanted (self, simple[i].id))
      {
        simple[i].eval (self->results[simple[i].id], host);
        check_done (run, simple[i].id);
      }
  if (wanted (self, CHECK_TEREDO_ERROR))
    {
      td_check_eval_teredo_error (self->results[CHECK_TEREDO_ERROR], host, NULL);
      check_done (run, CHECK_TEREDO_ERROR);
    }

  /* A client in `probe` may qualify in a moment: re-read it for a while
   * instead of telling the user to wait, without holding anything else. */
  if (client_is_probing (run) && self->client_wait_s > 0 && wanted (self, CHECK_TEREDO_CLIENT))
    {
      run->poll_until_us = g_get_monotonic_time () + (gint64) self->client_wait_s * G_USEC_PER_SEC;
      run->poll_timer = g_timeout_source_new_seconds (1);
      g_source_set_callback (run->poll_timer, on_poll_tick, g_object_ref (task), g_object_unref);
      g_source_set_static_name (run->poll_timer, "[td-runner] client countdown");
      g_source_attach (run->poll_timer, run->context);
      self->countdown = self->client_wait_s;
      td_check_result_set_countdown (self->results[CHECK_TEREDO_CLIENT], self->countdown);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTDOWN]);
    }
  else
    judge_client (run, TRUE);
}

/* ---------------------------------------------------------------------- */
/* Completion and cancellation                                            */

static void
run_maybe_finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;
  g_autoptr(TdReport) report = NULL;
  g_autoptr(TdVerdict) verdict = NULL;

  if (run->finished)
    return;
  /* The caller cancelled, but our children finished first (a cancelled
   * probe still reports): it is a cancellation, not a verdict. */
  if (run->external != NULL && g_cancellable_is_cancelled (run->external))
    {
      on_cancelled (NULL, task);
      return;
    }
  for (guint i = 0; i < N_CHECKS; i++)
    if (self->selected[i] && !td_check_status_is_final (td_check_result_get_status (self->results[i])))
      return;

  run->finished = TRUE;
  self->running = FALSE;
  disconnect_external (run);
  g_cancellable_cancel (run->cancellable);   /* stops a pending re-read, if any */

  report = td_report_new ();
  td_report_set_started_at (report, run->started_at);
  td_report_set_duration_ms (report, (g_get_monotonic_time () - run->start_us) / 1000);
  td_report_set_platform (report, self->platform);
  td_report_set_hostname (report, g_get_host_name ());
  td_report_set_server (report, run->server);
  if (run->host != NULL)
    td_report_set_host (report, run->host);
  if (run->probe != NULL)
    td_report_set_probe (report, run->probe);
  for (guint i = 0; i < N_CHECKS; i++)
    if (self->selected[i])
      td_report_add_check (report, self->results[i]);

  verdict = td_diagnose (self->platform, run->host, run->probe,
                         self->selected[CHECK_IPV6_HTTP] ? self->results[CHECK_IPV6_HTTP] : NULL);
  td_report_set_verdict (report, verdict);
  g_task_return_pointer (task, g_steal_pointer (&report), g_object_unref);
}

static void
on_cancelled (GCancellable *cancellable,
              GTask        *task)
{
  Run *run = g_task_get_task_data (task);
  TdRunner *self = run->runner;

  if (run->finished)
    return;
  run->finished = TRUE;
  self->running = FALSE;
  disconnect_external (run);
  g_cancellable_cancel (run->cancellable);
  for (guint i = 0; i < N_CHECKS; i++)
    if (self->selected[i] && !td_check_status_is_final (td_check_result_get_status (self->results[i])))
      td_check_result_set_outcome (self->results[i], TD_CHECK_STATUS_CANCELLED, _("Cancelled"), NULL);
  if (run->poll_timer != NULL)
    {
      g_source_destroy (run->poll_timer);
      g_clear_pointer (&run->poll_timer, g_source_unref);
    }
  update_progress (self);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The checks were cancelled"));
}

/* The caller's cancellable, watched by a source on the run's context (as the
 * probe and the command runner do): "cancelled" may fire in another thread,
 * the run always ends on its own. */
static gboolean
on_external_cancelled (GCancellable *cancellable,
                       gpointer      user_data)
{
  on_cancelled (cancellable, user_data);
  return G_SOURCE_REMOVE;
}

static void
reset_results (TdRunner *self)
{
  g_list_store_remove_all (self->model);
  for (guint i = 0; i < N_CHECKS; i++)
    {
      g_clear_object (&self->results[i]);
      self->results[i] = td_check_result_new (check_info[i].id, _(check_info[i].title));
      if (self->selected[i])
        g_list_store_append (self->model, self->results[i]);
    }
  self->progress = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
td_runner_run_async (TdRunner            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  gboolean needs_host = FALSE;
  Run *run;

  g_task_set_source_tag (task, td_runner_run_async);
  g_task_set_check_cancellable (task, FALSE);
  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "The checks are already running");
      return;
    }
  self->running = TRUE;
  /* Running again starts from a fresh checklist. */
  if (td_check_status_is_final (td_check_result_get_status (self->results[0])) ||
      td_check_result_get_status (self->results[0]) == TD_CHECK_STATUS_RUNNING)
    reset_results (self);
  for (guint i = 0; i < N_CHECKS; i++)
    if (self->selected[i] && td_check_result_get_status (self->results[i]) != TD_CHECK_STATUS_WAITING)
      {
        reset_results (self);
        break;
      }

  run = g_new0 (Run, 1);
  run->runner = self;
  run->cancellable = g_cancellable_new ();
  run->context = g_main_context_ref_thread_default ();
  run->started_at = g_date_time_new_now_utc ();
  run->start_us = g_get_monotonic_time ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  if (cancellable != NULL)
    {
      run->external = g_object_ref (cancellable);
      run->external_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->external_source, G_SOURCE_FUNC (on_external_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_set_static_name (run->external_source, "[td-runner] cancel");
      g_source_attach (run->external_source, run->context);
      if (g_cancellable_is_cancelled (cancellable))
        return;
    }

  for (guint i = 0; i < N_CHECKS; i++)
    needs_host |= self->selected[i] && check_info[i].needs_host;
  if (self->server == NULL && wanted (self, CHECK_SERVER_DNS))
    needs_host = TRUE;
  if (wanted (self, CHECK_IPV6_HTTP))
    needs_host = TRUE;

  for (guint i = 0; i < N_CHECKS; i++)
    if (self->selected[i] && check_info[i].needs_host)
      check_start (run, i);

  run->host_pending = needs_host;
  if (self->server != NULL || !needs_host)
    {
      choose_server (run);
      start_dns (task);
    }
  if (needs_host)
    td_host_collect_async (self->platform, run->cancellable, on_host_collected, g_object_ref (task));
  else
    start_http (task);
  run_maybe_finish (task);
}

TdReport *
td_runner_run_finish (TdRunner      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */

TdRunner *
td_runner_new (TdPlatform platform)
{
  TdRunner *self = g_object_new (TD_TYPE_RUNNER, NULL);

  self->platform = platform;
  return self;
}

void
td_runner_set_server (TdRunner   *self,
                      const char *server)
{
  g_free (self->server);
  self->server = server && *server ? g_strstrip (g_strdup (server)) : NULL;
}

void
td_runner_set_ipv6_test_url (TdRunner   *self,
                             const char *url)
{
  g_free (self->ipv6_test_url);
  self->ipv6_test_url = g_strdup (url);
}

void
td_runner_set_client_wait (TdRunner *self,
                           guint     seconds)
{
  self->client_wait_s = MIN (seconds, 3600);
}

void
td_runner_set_probe_timeout (TdRunner *self,
                             guint     timeout_ms)
{
  self->probe_timeout_ms = timeout_ms;
}

void
td_runner_set_probe_retransmit (TdRunner *self,
                                guint     retransmit_ms)
{
  self->probe_retransmit_ms = retransmit_ms;
}

void
td_runner_set_check_timeout (TdRunner *self,
                             guint     timeout_ms)
{
  self->check_timeout_ms = MAX (timeout_ms, 1000);
}

gboolean
td_runner_set_only (TdRunner            *self,
                    const char * const  *ids,
                    GError             **error)
{
  gboolean selected[N_CHECKS] = { FALSE };

  if (ids == NULL)
    {
      for (guint i = 0; i < N_CHECKS; i++)
        self->selected[i] = TRUE;
      reset_results (self);
      return TRUE;
    }
  for (guint j = 0; ids[j] != NULL; j++)
    {
      guint i;

      for (i = 0; i < N_CHECKS; i++)
        if (g_str_equal (ids[j], check_info[i].id))
          break;
      if (i == N_CHECKS)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) td_runner_get_check_ids ());
          g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                       _("Unknown check “%s” (known checks: %s)"), ids[j], known);
          return FALSE;
        }
      /* A check brings along what it depends on. */
      for (int k = i; k >= 0; k = check_info[k].depends_on)
        selected[k] = TRUE;
    }
  memcpy (self->selected, selected, sizeof selected);
  reset_results (self);
  return TRUE;
}

GListModel *
td_runner_get_results (TdRunner *self)
{
  return G_LIST_MODEL (self->model);
}

double
td_runner_get_progress (TdRunner *self)
{
  return self->progress;
}

guint
td_runner_get_countdown (TdRunner *self)
{
  return self->countdown;
}

static void
td_runner_finalize (GObject *object)
{
  TdRunner *self = TD_RUNNER (object);

  for (guint i = 0; i < N_CHECKS; i++)
    g_clear_object (&self->results[i]);
  g_clear_object (&self->model);
  g_free (self->server);
  g_free (self->ipv6_test_url);
  G_OBJECT_CLASS (td_runner_parent_class)->finalize (object);
}

static void
td_runner_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TdRunner *self = TD_RUNNER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_COUNTDOWN:
      g_value_set_uint (value, self->countdown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_runner_class_init (TdRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = td_runner_finalize;
  object_class->get_property = td_runner_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTDOWN] =
    g_param_spec_uint ("countdown", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
td_runner_init (TdRunner *self)
{
  self->model = g_list_store_new (TD_TYPE_CHECK_RESULT);
  self->client_wait_s = TD_RUNNER_DEFAULT_CLIENT_WAIT_S;
  self->probe_timeout_ms = TD_PROBE_DEFAULT_TIMEOUT_MS;
  self->probe_retransmit_ms = TD_PROBE_DEFAULT_RETRANSMIT_MS;
  self->check_timeout_ms = TD_RUNNER_DEFAULT_CHECK_TIMEOUT_MS;
  self->ipv6_test_url = g_strdup ("https://ipv6.google.com/");
  for (guint i = 0; i < N_CHECKS; i++)
    self->selected[i] = TRUE;
  reset_results (self);
}
