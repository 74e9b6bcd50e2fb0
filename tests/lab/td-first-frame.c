/* td-first-frame.c — LD_PRELOAD shim: when does a GTK app put its first frame on the X screen?
 *
 * With GSK_RENDERER=cairo, GTK 4's X11 backend draws each frame into an
 * image surface and, at the end of the frame, paints it onto the window's
 * cairo *xlib* surface and calls cairo_surface_flush() on it: that flush is
 * the moment the first frame's pixels go to the X server.  libgtk-4 is
 * linked -Bsymbolic, so its own functions cannot be interposed, but its
 * calls into libcairo go through the PLT and can.
 *
 * On the first flush of an xlib surface at least 200×200 pixels large (the
 * window, not a cursor or an icon), the shim appends one line to the file
 * named by $TD_FIRST_FRAME_FILE:
 *
 *   pid=PID mono_us=CLOCK_MONOTONIC_µs rss_kb=VmRSS hwm_kb=VmHWM threads=N
 *
 * and does nothing else, ever.  Used only by bench-app; not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <cairo-xlib.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void cairo_surface_flush (cairo_surface_t *surface);

static int done;

static long
status_kb (const char *status, const char *name)
{
  const char *p = strstr (status, name);

  return p ? strtol (p + strlen (name), NULL, 10) : -1;
}

static void
record (void)
{
  const char *path = getenv ("TD_FIRST_FRAME_FILE");
  struct timespec ts;
  char status[4096] = "";
  char line[256];
  int fd, len;
  ssize_t got;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  if (path == NULL)
    return;
  fd = open ("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      got = read (fd, status, sizeof status - 1);
      status[got > 0 ? got : 0] = '\0';
      close (fd);
    }
  len = snprintf (line, sizeof line, "pid=%d mono_us=%lld rss_kb=%ld hwm_kb=%ld threads=%ld\n",
                  (int) getpid (), (long long) ts.tv_sec * 1000000LL + ts.tv_nsec / 1000,
                  status_kb (status, "VmRSS:"), status_kb (status, "VmHWM:"),
                  status_kb (status, "Threads:"));
  fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd >= 0)
    {
      got = write (fd, line, (size_t) len);
      (void) got;
      close (fd);
    }
}

void
cairo_surface_flush (cairo_surface_t *surface)
{
  static void (*real) (cairo_surface_t *);

  if (real == NULL)
    real = (void (*) (cairo_surface_t *)) dlsym (RTLD_NEXT, "cairo_surface_flush");
  real (surface);
  if (!done && surface != NULL &&
      cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_XLIB &&
      cairo_xlib_surface_get_width (surface) >= 200 &&
      cairo_xlib_surface_get_height (surface) >= 200)
    {
      done = 1;
      record ();
    }
}
