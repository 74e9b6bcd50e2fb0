/* td-lab-measure.c — running a command in the lab and measuring it (benchmarks, fault tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-lab-measure.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <math.h>
#include <netinet/ip.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS  60000
#define NOBODY_ID           "65534"
#define TEREDO_PORT         3544

static char *
find_tool (const char *name)
{
  static const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
  char *path = g_find_program_in_path (name);

  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *p = g_build_filename (dirs[i], name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&p);
    }
  return path;
}

static void
own_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/* One field ("Threads:", "VmHWM:") of /proc/PID/status, or -1. */
static gint64
status_field (const char *status, const char *name)
{
  const char *p = strstr (status, name);

  if (p == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (name), NULL, 10);
}

static char *
status_name (const char *status)
{
  const char *p = g_str_has_prefix (status, "Name:") ? status + 5 : NULL;
  const char *end;

  if (p == NULL)
    return NULL;
  while (*p == ' ' || *p == '\t')
    p++;
  end = strchr (p, '\n');
  return end ? g_strndup (p, end - p) : g_strdup (p);
}

/* Adds the names of @pid's threads other than the main one to @names. */
static void
collect_thread_names (GPid pid, GHashTable *names)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *tid;

  if (dir == NULL)
    return;
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;

      if (g_ascii_strtoll (tid, NULL, 10) == pid)
        continue;
      comm_path = g_build_filename (dir_path, tid, "comm", NULL);
      if (g_file_get_contents (comm_path, &comm, NULL, NULL))
        g_hash_table_add (names, g_strdup (g_strstrip (comm)));
    }
}

void
td_lab_measured_clear (TdLabMeasured *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->thread_names, g_free);
  memset (run, 0, sizeof *run);
}

gboolean
td_lab_measure_exec (TdLab                     *lab,
                     TdLabNs                    ns,
                     const char * const        *argv,
                     const TdLabMeasureOptions *options,
                     TdLabMeasured             *run,
                     GError                   **error)
{
  static const TdLabMeasureOptions defaults = { TD_LAB_AS_ROOT, NULL, 0, 0, 0, NULL };
  g_autofree char *ip = find_tool ("ip");
  g_autofree char *setpriv = find_tool ("setpriv");
  g_autofree char *cmd_base = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *status_path = NULL;
  struct rusage usage;
  gint64 deadline, signal_at = 0;
  int fds[2] = { -1, -1 };
  int wait_status = 0;
  gboolean reaped = FALSE;
  GPid pid = 0;

  if (options == NULL)
    options = &defaults;
  cmd_base = g_path_get_basename (options->process_name ? options->process_name : argv[0]);
  memset (run, 0, sizeof *run);
  if (ip == NULL || (options->user == TD_LAB_AS_NOBODY && setpriv == NULL))
    {
      g_set_error_literal (error, TD_LAB_ERROR, TD_LAB_ERROR_ENVIRONMENT, "ip or setpriv not found");
      return FALSE;
    }
  for (guint i = 0; options->env && options->env[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (options->env[i], "=", 2);

      envp = g_environ_setenv (envp, kv[0], kv[1] ? kv[1] : "", TRUE);
    }

  g_ptr_array_add (full, ip);
  g_ptr_array_add (full, (gpointer) "netns");
  g_ptr_array_add (full, (gpointer) "exec");
  g_ptr_array_add (full, (gpointer) td_lab_ns_name (lab, ns));
  if (options->user == TD_LAB_AS_NOBODY)
    {
      g_ptr_array_add (full, setpriv);
      g_ptr_array_add (full, (gpointer) "--reuid=" NOBODY_ID);
      g_ptr_array_add (full, (gpointer) "--regid=" NOBODY_ID);
      g_ptr_array_add (full, (gpointer) "--clear-groups");
      g_ptr_array_add (full, (gpointer) "--");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  run->spawn_us = g_get_monotonic_time ();
  deadline = run->spawn_us + (gint64) (options->timeout_ms ? options->timeout_ms : DEFAULT_TIMEOUT_MS) * 1000;
  if (options->signal != 0)
    signal_at = run->spawn_us + (gint64) options->signal_after_ms * 1000;
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) full->pdata,
                                         (const char * const *) envp,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                         own_process_group, NULL, -1, -1, -1, NULL, NULL, 0,
                                         &pid, NULL, &fds[0], &fds[1], error))
    return FALSE;
  status_path = g_strdup_printf ("/proc/%d/status", (int) pid);
  /* Truncated like the kernel's comm (15 characters). */
  if (strlen (cmd_base) > 15)
    cmd_base[15] = '\0';

  while (!reaped)
    {
      struct pollfd pfd[2];
      gint64 now = g_get_monotonic_time ();
      g_autofree char *status = NULL;
      int n = 0;

      /* Sample while it runs: only the command's own image counts, not
       * `ip netns exec` or setpriv before their exec. */
      if (g_file_get_contents (status_path, &status, NULL, NULL))
        {
          g_autofree char *name = status_name (status);
          gboolean is_command = g_strcmp0 (name, cmd_base) == 0;

          if (is_command)
            {
              gint64 threads = status_field (status, "Threads:");

              if (threads > 0 && (guint) threads > run->max_threads)
                run->max_threads = (guint) threads;
              if (threads > 1)
                collect_thread_names (pid, names);
            }
          if (options->signal != 0 && !run->signal_sent && is_command && now >= signal_at)
            {
              kill (pid, options->signal);
              run->signal_sent = TRUE;
              run->signal_at_ms = (now - run->spawn_us) / 1000.0;
            }
        }

      if (now >= deadline && !run->timed_out)
        {
          run->timed_out = TRUE;
          kill (-pid, SIGKILL);
          kill (pid, SIGKILL);
        }

      for (int i = 0; i < 2; i++)
        if (fds[i] >= 0)
          {
            pfd[n].fd = fds[i];
            pfd[n].events = POLLIN;
            pfd[n].revents = 0;
            n++;
          }
      if (poll (pfd, n, 1) < 0 && errno != EINTR)
        break;
      for (int k = 0; k < n; k++)
        {
          char buf[4096];
          ssize_t got;

          if (pfd[k].revents == 0)
            continue;
          got = read (pfd[k].fd, buf, sizeof buf);
          if (got > 0)
            {
              g_string_append_len (pfd[k].fd == fds[0] ? out : err, buf, got);
              continue;
            }
          if (got < 0 && errno == EINTR)
            continue;
          for (int i = 0; i < 2; i++)
            if (fds[i] == pfd[k].fd)
              {
                close (fds[i]);
                fds[i] = -1;
              }
        }

      if (wait4 (pid, &wait_status, WNOHANG, &usage) == pid)
        {
          reaped = TRUE;
          run->wall_ms = (g_get_monotonic_time () - run->spawn_us) / 1000.0;
        }
    }
  /* Whatever is still buffered in the pipes (a grandchild may hold them:
   * read what is there, do not wait for EOF). */
  for (int i = 0; i < 2; i++)
    if (fds[i] >= 0)
      {
        char buf[4096];
        ssize_t got;

        fcntl (fds[i], F_SETFL, O_NONBLOCK);
        while ((got = read (fds[i], buf, sizeof buf)) > 0)
          g_string_append_len (i == 0 ? out : err, buf, got);
        close (fds[i]);
      }

  run->out = g_strdup (out->str);
  run->err = g_strdup (err->str);
  run->exit_status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  run->term_signal = WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : 0;
  run->max_rss_mb = usage.ru_maxrss / 1024.0;
  {
    g_autofree gpointer *keys = g_hash_table_get_keys_as_array (names, NULL);

    run->thread_names = g_strjoinv (",", (char **) keys);
  }
  return TRUE;
}

char *
td_lab_ns_pids (TdLab   *lab,
                TdLabNs  ns)
{
  g_autofree char *ip = find_tool ("ip");
  const char *argv[] = { ip, "netns", "pids", td_lab_ns_name (lab, ns), NULL };
  g_autofree char *out = NULL;

  if (ip == NULL || !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &out, NULL, NULL, NULL))
    return g_strdup ("?");
  g_strdelimit (out, "\n", ' ');
  return g_strdup (g_strstrip (out));
}

/* ── sniffer ─────────────────────────────────────────────────────────── */

struct _TdLabSniffer {
  int       fd;
  int       wake[2];
  guint32   from_be;     /* 0: any */
  GThread  *thread;
  GMutex    lock;
  gboolean  armed;
  gint64    first_us;
};

static gpointer
sniffer_thread (gpointer data)
{
  TdLabSniffer *s = data;
  guint8 buf[2048];

  for (;;)
    {
      struct pollfd pfd[2] = { { s->fd, POLLIN, 0 }, { s->wake[0], POLLIN, 0 } };

      if (poll (pfd, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (pfd[1].revents)
        break;
      for (;;)
        {
          struct sockaddr_ll from;
          socklen_t from_len = sizeof from;
          ssize_t got = recvfrom (s->fd, buf, sizeof buf, MSG_DONTWAIT,
                                  (struct sockaddr *) &from, &from_len);
          gint64 now = g_get_monotonic_time ();
          guint ihl;

          if (got < 0)
            break;
          if (from.sll_pkttype == PACKET_OUTGOING || got < 28 || (buf[0] >> 4) != 4 ||
              buf[9] != IPPROTO_UDP)
            continue;
          if (s->from_be != 0 && memcmp (buf + 12, &s->from_be, 4) != 0)
            continue;
          ihl = (buf[0] & 0xf) * 4;
          if ((gsize) got < ihl + 8 || ((buf[ihl] << 8) | buf[ihl + 1]) != TEREDO_PORT)
            continue;
          g_mutex_lock (&s->lock);
          if (s->armed && s->first_us < 0)
            s->first_us = now;
          g_mutex_unlock (&s->lock);
        }
    }
  return NULL;
}

TdLabSniffer *
td_lab_sniffer_new (TdLab       *lab,
                    TdLabNs      ns,
                    const char  *from,
                    GError     **error)
{
  struct in_addr from_addr = { 0 };
  g_autofree char *ns_path = g_build_filename ("/run/netns", td_lab_ns_name (lab, ns), NULL);
  TdLabSniffer *s;
  int home, target, fd, saved;

  if (from != NULL && inet_pton (AF_INET, from, &from_addr) != 1)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED, "not an IPv4 address: %s", from);
      return NULL;
    }
  home = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  target = open (ns_path, O_RDONLY | O_CLOEXEC);
  if (home < 0 || target < 0 || setns (target, CLONE_NEWNET) != 0)
    {
      saved = errno;
      if (home >= 0)
        close (home);
      if (target >= 0)
        close (target);
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED, "entering %s: %s", ns_path,
                   g_strerror (saved));
      return NULL;
    }
  /* A packet socket belongs to the namespace it was created in. */
  fd = socket (AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons (ETH_P_ALL));
  saved = errno;
  if (setns (home, CLONE_NEWNET) != 0)
    g_error ("cannot return to the test's own network namespace: %s", g_strerror (errno));
  close (home);
  close (target);
  if (fd < 0)
    {
      g_set_error (error, TD_LAB_ERROR, TD_LAB_ERROR_FAILED, "AF_PACKET socket: %s",
                   g_strerror (saved));
      return NULL;
    }

  s = g_new0 (TdLabSniffer, 1);
  s->fd = fd;
  s->first_us = -1;
  s->from_be = from_addr.s_addr;
  g_mutex_init (&s->lock);
  if (pipe2 (s->wake, O_CLOEXEC) != 0)
    g_error ("pipe: %s", g_strerror (errno));
  s->thread = g_thread_new ("td-lab-sniffer", sniffer_thread, s);
  return s;
}

void
td_lab_sniffer_arm (TdLabSniffer *s)
{
  g_mutex_lock (&s->lock);
  s->armed = TRUE;
  s->first_us = -1;
  g_mutex_unlock (&s->lock);
}

gint64
td_lab_sniffer_first_answer_us (TdLabSniffer *s)
{
  gint64 v;

  g_mutex_lock (&s->lock);
  v = s->first_us;
  g_mutex_unlock (&s->lock);
  return v;
}

void
td_lab_sniffer_free (TdLabSniffer *s)
{
  ssize_t ignored;

  if (s == NULL)
    return;
  ignored = write (s->wake[1], "x", 1);
  (void) ignored;
  g_thread_join (s->thread);
  close (s->wake[0]);
  close (s->wake[1]);
  close (s->fd);
  g_mutex_clear (&s->lock);
  g_free (s);
}

/* ── statistics ──────────────────────────────────────────────────────── */

GArray *
td_lab_samples_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

void
td_lab_samples_push (GArray *samples, double value)
{
  g_array_append_val (samples, value);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
td_lab_samples_percentile (GArray *samples, double p)
{
  g_autoptr(GArray) sorted = NULL;
  guint rank;

  if (samples == NULL || samples->len == 0)
    return NAN;
  sorted = g_array_copy (samples);
  g_array_sort (sorted, cmp_double);
  if (p == 50 && sorted->len % 2 == 0)
    return (g_array_index (sorted, double, sorted->len / 2 - 1) +
            g_array_index (sorted, double, sorted->len / 2)) / 2;
  rank = (guint) ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, MAX (rank, 1) - 1);
}

double
td_lab_samples_max (GArray *samples)
{
  return td_lab_samples_percentile (samples, 100);
}

char *
td_lab_format_ms (double ms)
{
  if (isnan (ms))
    return g_strdup ("—");
  if (ms >= 10000)
    return g_strdup_printf ("%.1f s", ms / 1000);
  return g_strdup_printf ("%.1f ms", ms);
}

char *
td_lab_format_med_p95 (GArray *samples)
{
  g_autofree char *med = td_lab_format_ms (td_lab_samples_percentile (samples, 50));
  g_autofree char *p95 = td_lab_format_ms (td_lab_samples_percentile (samples, 95));

  return g_strdup_printf ("%s / %s", med, p95);
}
