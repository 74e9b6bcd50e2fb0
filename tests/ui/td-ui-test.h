/* td-ui-test.h — shared helpers of the ui suite: start GTK under Xvfb,
 * wait for the main loop, find widgets, build reports, render PNGs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "td-report.h"
#include "td-window-private.h"

G_BEGIN_DECLS

/* g_test_init + gtk_init + adw_init + td_ui_init.  Returns FALSE (after
 * printing a TAP skip plan) when there is no display. */
gboolean   td_ui_test_init          (int          *argc,
                                     char       ***argv);

/* Iterates the default main context until *flag is TRUE or @timeout_ms
 * passed; returns *flag. */
gboolean   td_ui_test_wait_flag     (const gboolean *flag,
                                     guint           timeout_ms);
/* Iterates until @check (@data) returns TRUE or the timeout; returns it. */
gboolean   td_ui_test_wait_until    (gboolean      (*check) (gpointer data),
                                     gpointer        data,
                                     guint           timeout_ms);
/* Lets GTK lay out and draw what is pending. */
void       td_ui_test_settle        (void);

/* Depth-first: every descendant of @root of @type (and @root itself). */
GPtrArray *td_ui_test_find_all      (GtkWidget     *root,
                                     GType          type);
GtkWidget *td_ui_test_find_first    (GtkWidget     *root,
                                     GType          type);
/* A GtkButton below @root whose label (or AdwButtonContent label) is
 * @label (mnemonic underscores ignored). */
GtkWidget *td_ui_test_find_button   (GtkWidget     *root,
                                     const char    *label);
/* TRUE when a label below @root shows exactly @text. */
gboolean   td_ui_test_has_label     (GtkWidget     *root,
                                     const char    *text);
/* The first visible window of @type (AdwMessageDialog…), or NULL. */
GtkWindow *td_ui_test_find_toplevel (GType          type);

/* A report built with the backend API: one result per check id of the
 * runner, in order, with the given verdict on @platform.  Live (not from
 * a file). */
TdReport  *td_ui_test_make_report   (TdPlatform     platform,
                                     TdVerdictCode  code,
                                     const char    *hostname);
/* tests/data/reports/NAME (opened from a file: viewer mode). */
TdReport  *td_ui_test_load_report   (const char    *name);
char      *td_ui_test_data_path     (const char    *name);
/* The same facts as @report, but live (as if this computer had just run). */
TdReport  *td_ui_test_live_copy     (TdReport      *report);

/* Renders @widget with the cairo renderer to BUILD/tests/ui/screenshots/
 * NAME.png; with TD_UPDATE_SCREENSHOTS=1 also to SOURCE/data/screenshots/
 * when @publish.  Returns the path written in the build dir. */
char      *td_ui_test_screenshot    (GtkWidget     *widget,
                                     const char    *name,
                                     gboolean       publish);

/* A window sized @width × @height, shown and laid out. */
TdWindow  *td_ui_test_new_window    (int            width,
                                     int            height);
void       td_ui_test_destroy_window (TdWindow     *window);

G_END_DECLS
