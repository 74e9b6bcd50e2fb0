/* td-lab-measure.h — running a command in the lab and measuring it (benchmarks, fault tests)
 *
 * td_lab_exec() says what a command printed; the benchmarks also need when
 * it started (to put its first answer on the same clock as miredo's), its
 * peak RSS (wait4's ru_maxrss: the whole exec chain, so the same number
 * `/usr/bin/time -v` prints), how many threads it ran, and a signal sent
 * at a chosen moment (cancellation tests).  The sniffer timestamps the
 * first Teredo answer (UDP from port 3544) that reaches a namespace, on
 * the same monotonic clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-lab.h"

G_BEGIN_DECLS

typedef struct {
  char     *out;
  char     *err;
  int       exit_status;      /* -1 when a signal ended it */
  int       term_signal;      /* 0 when it exited */
  gboolean  timed_out;        /* SIGKILLed at the deadline */
  gint64    spawn_us;         /* g_get_monotonic_time() just before the spawn */
  double    wall_ms;          /* spawn to exit */
  double    max_rss_mb;       /* ru_maxrss, MiB */
  guint     max_threads;      /* the most "Threads:" seen while it ran */
  char     *thread_names;     /* distinct names of its other threads, or "" */
  gboolean  signal_sent;      /* options->signal was delivered */
  double    signal_at_ms;     /* when, after the spawn */
} TdLabMeasured;

typedef struct {
  TdLabUser            user;
  const char * const  *env;         /* extra NAME=VALUE entries, or NULL */
  guint                timeout_ms;  /* SIGKILL after this (0: 60 s) */
  int                  signal;      /* sent once, @signal_after_ms after the
                                     * spawn, to the command itself (never
                                     * to `ip netns exec`/setpriv before it
                                     * has exec'd); 0: none */
  guint                signal_after_ms;
  const char          *process_name;   /* the image whose threads count and
                                        * that gets the signal; NULL: the
                                        * basename of argv[0] */
} TdLabMeasureOptions;

/* Runs `ip netns exec NS [setpriv …] ARGV…` in its own process group,
 * sampling /proc/PID/status about every millisecond.  FALSE only when it
 * could not be started. */
gboolean     td_lab_measure_exec        (TdLab                     *lab,
                                         TdLabNs                    ns,
                                         const char * const        *argv,
                                         const TdLabMeasureOptions *options,
                                         TdLabMeasured             *run,
                                         GError                   **error);
void         td_lab_measured_clear      (TdLabMeasured             *run);

/* PIDs of the processes in @ns's namespace (`ip netns pids`), "" if none. */
char        *td_lab_ns_pids             (TdLab                     *lab,
                                         TdLabNs                    ns);

/* ── sniffer ── */
typedef struct _TdLabSniffer TdLabSniffer;

/* An AF_PACKET socket in @ns and a thread reading it; only datagrams
 * from @from (an IPv4 address; NULL: any) count. */
TdLabSniffer *td_lab_sniffer_new        (TdLab                     *lab,
                                         TdLabNs                    ns,
                                         const char                *from,
                                         GError                   **error);
/* Forget what was seen; from now on record the first answer. */
void         td_lab_sniffer_arm         (TdLabSniffer              *sniffer);
/* Monotonic time (µs) at which the first datagram from UDP port 3544
 * (of @from) arrived in the namespace since the last arm, or -1. */
gint64       td_lab_sniffer_first_answer_us (TdLabSniffer         *sniffer);
void         td_lab_sniffer_free        (TdLabSniffer              *sniffer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdLabSniffer, td_lab_sniffer_free)

/* ── statistics (arrays of double) ── */
GArray      *td_lab_samples_new         (void);
void         td_lab_samples_push        (GArray                    *samples,
                                         double                     value);
/* Median (mean of the two middle values) or nearest-rank percentile; NAN
 * when empty. */
double       td_lab_samples_percentile  (GArray                    *samples,
                                         double                     p);
double       td_lab_samples_max         (GArray                    *samples);
/* "123.4 ms" / "12.3 s" / "—" */
char        *td_lab_format_ms           (double                    ms);
/* "median / p95" */
char        *td_lab_format_med_p95      (GArray                    *samples);

G_END_DECLS
