/* td-delay-relay.c — forwards IP packets between two network namespaces, holding each N ms
 *
 * The lab's kernel has no netem, so a round-trip time is made in user
 * space: one TUN device in each of two namespaces, and every packet read
 * from one is written to the other after a fixed delay.  A FIFO per
 * direction suffices (the delay is the same for every packet, so the
 * queue is always in due order), driven by one poll loop on CLOCK_MONOTONIC;
 * no threads.
 *
 *   td-delay-relay NETNS_A IFNAME_A NETNS_B IFNAME_B ONE_WAY_MS
 *
 * NETNS_* is a name under /run/netns or an absolute path.  The relay
 * creates both TUN devices (IFF_TUN, no packet information), returns to
 * the namespace it was started in (so that it never counts as a process
 * "in" the lab's namespaces), prints "ready" on stdout and forwards until
 * SIGTERM/SIGINT, until its parent dies, or until a device goes away with
 * its namespace.  The caller brings the devices up and sets the routes.
 * On exit it prints one line of counters on stderr.
 *
 * Not a general tool: it is only built for the lab benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_PACKET    65536
/* Bounded queues: at 300 ms and a few hundred datagrams a second the lab
 * holds far fewer; beyond this the relay drops like a full router queue. */
#define QUEUE_SLOTS   4096

typedef struct {
  long long due_us;
  size_t    length;
  unsigned char *data;
} Packet;

typedef struct {
  Packet        slots[QUEUE_SLOTS];
  unsigned int  head;      /* next to send */
  unsigned int  count;
  unsigned long forwarded;
  unsigned long dropped;
} Queue;

static volatile sig_atomic_t stop_requested;

static void
on_signal (int sig)
{
  (void) sig;
  stop_requested = 1;
}

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int
open_netns (const char *name)
{
  char path[512];

  if (name[0] == '/')
    snprintf (path, sizeof path, "%s", name);
  else
    snprintf (path, sizeof path, "/run/netns/%s", name);
  return open (path, O_RDONLY | O_CLOEXEC);
}

/* Creates TUN device @ifname in the namespace @ns_fd; the device lives in
 * the namespace the thread is in at TUNSETIFF time. */
static int
open_tun (int ns_fd, const char *ifname)
{
  struct ifreq ifr;
  int fd;

  if (setns (ns_fd, CLONE_NEWNET) != 0)
    {
      fprintf (stderr, "td-delay-relay: setns for %s: %s\n", ifname, strerror (errno));
      return -1;
    }
  fd = open ("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    {
      fprintf (stderr, "td-delay-relay: /dev/net/tun: %s\n", strerror (errno));
      return -1;
    }
  memset (&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  snprintf (ifr.ifr_name, IFNAMSIZ, "%s", ifname);
  if (ioctl (fd, TUNSETIFF, &ifr) != 0)
    {
      fprintf (stderr, "td-delay-relay: TUNSETIFF %s: %s\n", ifname, strerror (errno));
      close (fd);
      return -1;
    }
  return fd;
}

/* Reads every datagram waiting on @fd into @q, due @delay_us from now.
 * Returns -1 when the device is gone. */
static int
take (int fd, Queue *q, long long delay_us)
{
  static unsigned char buffer[MAX_PACKET];

  for (int burst = 0; burst < 256; burst++)
    {
      ssize_t got = read (fd, buffer, sizeof buffer);
      Packet *p;

      if (got < 0)
        {
          if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return 0;
          return -1;
        }
      if (got == 0)
        return -1;
      if (q->count == QUEUE_SLOTS)
        {
          q->dropped++;
          continue;
        }
      p = &q->slots[(q->head + q->count) % QUEUE_SLOTS];
      p->data = malloc ((size_t) got);
      if (p->data == NULL)
        {
          q->dropped++;
          continue;
        }
      memcpy (p->data, buffer, (size_t) got);
      p->length = (size_t) got;
      p->due_us = now_us () + delay_us;
      q->count++;
    }
  return 0;
}

/* Writes every packet of @q that is due to @fd. */
static void
give (int fd, Queue *q)
{
  long long now = now_us ();

  while (q->count > 0)
    {
      Packet *p = &q->slots[q->head];

      if (p->due_us > now)
        break;
      /* A TUN write either takes the whole packet or fails; a failure
       * (device down for a moment) is a loss, as on a wire. */
      if (write (fd, p->data, p->length) == (ssize_t) p->length)
        q->forwarded++;
      else
        q->dropped++;
      free (p->data);
      p->data = NULL;
      q->head = (q->head + 1) % QUEUE_SLOTS;
      q->count--;
    }
}

static int
usage (void)
{
  fprintf (stderr, "usage: td-delay-relay NETNS_A IFNAME_A NETNS_B IFNAME_B ONE_WAY_MS\n");
  return 2;
}

int
main (int argc, char *argv[])
{
  static Queue a_to_b, b_to_a;
  struct sigaction sa;
  long long delay_us;
  char *end = NULL;
  long delay_ms;
  int home, ns_a, ns_b, tun_a, tun_b;

  if (argc != 6)
    return usage ();
  errno = 0;
  delay_ms = strtol (argv[5], &end, 10);
  if (errno != 0 || end == argv[5] || *end != '\0' || delay_ms < 0 || delay_ms > 10000 ||
      strlen (argv[2]) >= IFNAMSIZ || strlen (argv[4]) >= IFNAMSIZ)
    return usage ();
  delay_us = delay_ms * 1000LL;

  /* Never outlive the lab that started us. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
  if (getppid () == 1)
    return 1;

  home = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  ns_a = open_netns (argv[1]);
  ns_b = open_netns (argv[3]);
  if (home < 0 || ns_a < 0 || ns_b < 0)
    {
      fprintf (stderr, "td-delay-relay: cannot open a network namespace: %s\n", strerror (errno));
      return 1;
    }
  tun_a = open_tun (ns_a, argv[2]);
  tun_b = tun_a >= 0 ? open_tun (ns_b, argv[4]) : -1;
  if (setns (home, CLONE_NEWNET) != 0)
    {
      fprintf (stderr, "td-delay-relay: cannot return to the first namespace: %s\n", strerror (errno));
      return 1;
    }
  close (home);
  close (ns_a);
  close (ns_b);
  if (tun_a < 0 || tun_b < 0)
    return 1;

  printf ("ready\n");
  fflush (stdout);

  while (!stop_requested)
    {
      struct pollfd pfd[2] = { { tun_a, POLLIN, 0 }, { tun_b, POLLIN, 0 } };
      long long now = now_us ();
      long long next = now + 1000000;   /* wake at least once a second */
      int timeout_ms;

      if (a_to_b.count > 0 && a_to_b.slots[a_to_b.head].due_us < next)
        next = a_to_b.slots[a_to_b.head].due_us;
      if (b_to_a.count > 0 && b_to_a.slots[b_to_a.head].due_us < next)
        next = b_to_a.slots[b_to_a.head].due_us;
      /* Round up: waking a little late is a delay, waking early a spin. */
      timeout_ms = next <= now ? 0 : (int) ((next - now + 999) / 1000);

      if (poll (pfd, 2, timeout_ms) < 0 && errno != EINTR)
        break;
      if ((pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) ||
          (pfd[1].revents & (POLLERR | POLLHUP | POLLNVAL)))
        break;
      if ((pfd[0].revents & POLLIN) && take (tun_a, &a_to_b, delay_us) < 0)
        break;
      if ((pfd[1].revents & POLLIN) && take (tun_b, &b_to_a, delay_us) < 0)
        break;
      give (tun_b, &a_to_b);
      give (tun_a, &b_to_a);
      if (getppid () == 1)
        break;
    }

  fprintf (stderr, "td-delay-relay: %s→%s forwarded %lu dropped %lu, %s→%s forwarded %lu dropped %lu\n",
           argv[2], argv[4], a_to_b.forwarded, a_to_b.dropped + a_to_b.count,
           argv[4], argv[2], b_to_a.forwarded, b_to_a.dropped + b_to_a.count);
  return 0;
}
