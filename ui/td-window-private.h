/* td-window-private.h — shared by td-window.c and td-window-actions.c, and
 * the test-only getters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-helpdesk-page.h"
#include "td-report-banner.h"
#include "td-window.h"

G_BEGIN_DECLS

struct _TdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;      /* NULL when the schema is not installed */
  TdRunner             *runner;
  GCancellable         *cancellable;   /* the run in progress, NULL when idle */
  TdReport             *report;        /* the report on the result page */
  gboolean              viewing_file;
  gboolean              from_helpdesk;    /* the report is the paste mode's */
  GtkFileChooserNative *chooser;
  GCancellable         *open_cancellable;  /* the file being opened, NULL when none */
  gboolean              exporting;
  GApplication         *held_application;  /* kept running until the export is written */
  AdwToast             *export_toast;      /* "Exporting…", while shown */
  guint                 export_toast_id;   /* shows it if the export takes a while */
  gboolean              disposed;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkMenuButton        *menu_button;
  GtkRevealer          *banner_revealer;
  TdReportBanner       *report_banner;
  GtkStack             *stack;
  TdWelcomePage        *welcome_page;
  TdChecklistPage      *checklist_page;
  TdResultPage         *result_page;
  TdHelpdeskPage       *helpdesk_page;
};

/* Settings, with the schema's defaults when it is not installed. */
char     *_td_window_setting_string  (TdWindow   *self,
                                      const char *key,
                                      const char *fallback);
guint     _td_window_setting_uint    (TdWindow   *self,
                                      const char *key,
                                      guint       fallback);
gboolean  _td_window_setting_boolean (TdWindow   *self,
                                      const char *key,
                                      gboolean    fallback);

void      _td_window_add_toast        (TdWindow   *self,
                                       const char *title);
gboolean  _td_window_is_running       (TdWindow   *self);
/* TRUE once the window is gone from the toplevels (a pending task may still
 * hold it): nobody is left to show anything to. */
gboolean  _td_window_is_closed        (TdWindow   *self);
/* The latest request wins: drops a pending open. */
void      _td_window_cancel_open      (TdWindow   *self);
void      _td_window_update_actions   (TdWindow   *self);
void      _td_window_show_page        (TdWindow   *self,
                                       const char *name);
void      _td_window_set_viewing_file (TdWindow   *self,
                                       gboolean    viewing);
void      _td_window_update_helpdesk  (TdWindow   *self);

/* td-window-actions.c: installs the win.* actions and their shortcuts. */
void      _td_window_class_actions_init (GtkWidgetClass *widget_class);

/* For the tests. */
TdWelcomePage   *td_window_get_welcome_page   (TdWindow *self);
TdChecklistPage *td_window_get_checklist_page (TdWindow *self);
TdResultPage    *td_window_get_result_page    (TdWindow *self);
GtkWidget       *td_window_get_report_banner  (TdWindow *self);
TdHelpdeskPage  *td_window_get_helpdesk_page  (TdWindow *self);

G_END_DECLS
