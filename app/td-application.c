/* td-application.c — the Teredo Doctor GUI application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-application.h"
#include "td-app-native.h"
#include "td-host-collect.h"

#include <glib/gi18n.h>

#include "td-host.h"
#include "td-preferences-window.h"
#include "td-report-writer.h"
#include "td-ui.h"
#include "td-window.h"

struct _TdApplication
{
  AdwApplication  parent_instance;

  GCancellable   *cancellable;   /* the host collection at start-up */
  char           *os_server;
  gboolean        os_server_known;
};

G_DEFINE_FINAL_TYPE (TdApplication, td_application, ADW_TYPE_APPLICATION)

/* Run from a build tree without GSETTINGS_SCHEMA_DIR, there is no schema:
 * the window then uses the defaults, and Preferences is unavailable. */
static gboolean
have_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema =
    source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema != NULL;
}

static TdWindow *
new_window (TdApplication *self)
{
  TdWindow *window = td_window_new (GTK_APPLICATION (self));

  if (self->os_server_known)
    td_window_set_os_server (window, self->os_server);
  return window;
}

/* A window that is idle on its welcome page can take a report (not one
 * still opening another: that open would be dropped for this one). */
static TdWindow *
find_idle_window (TdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TD_IS_WINDOW (l->data) &&
        !td_window_is_running (l->data) &&
        !td_window_is_opening (l->data) &&
        g_strcmp0 (td_window_get_page_name (l->data), "welcome") == 0)
      return l->data;
  return NULL;
}

static void
host_collected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdHost) host = td_host_collect_finish (result, &error);

  if (host == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the Teredo client: %s", error->message);
      return;
    }

  self->os_server_known = TRUE;
  g_free (self->os_server);
  self->os_server = host->client != NULL ? g_strdup (host->client->server_name) : NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TD_IS_WINDOW (l->data))
      td_window_set_os_server (l->data, self->os_server);
}

static void
td_application_activate (GApplication *app)
{
  TdApplication *self = TD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (self));
  gtk_window_present (window);
}

static void
td_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  TdApplication *self = TD_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      TdWindow *window = find_idle_window (self);

      if (window == NULL)
        window = new_window (self);
      gtk_window_present (GTK_WINDOW (window));
      /* Read without blocking; a bad file is explained in a dialog. */
      td_window_open_file_async (window, files[i], NULL, NULL, NULL);
    }
}

static void
td_application_startup (GApplication *app)
{
  TdApplication *self = TD_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *close_accels[] = { "<Primary>w", NULL };
  static const char *prefs_accels[] = { "<Primary>comma", NULL };

  G_APPLICATION_CLASS (td_application_parent_class)->startup (app);

  /* On Windows, the app's own font when the system's cannot be used. */
  td_app_native_startup (gtk_settings_get_default ());
  td_ui_init ();
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (app),
                                                                            "preferences")),
                               have_schema ());

  /* Only to name the OS client's server on the welcome page. */
  self->cancellable = g_cancellable_new ();
  td_host_collect_async (td_platform_native (), self->cancellable,
                         host_collected_cb, g_object_ref (self));
}

static void
td_application_shutdown (GApplication *app)
{
  TdApplication *self = TD_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  G_APPLICATION_CLASS (td_application_parent_class)->shutdown (app);
}

static void
td_application_finalize (GObject *object)
{
  TdApplication *self = TD_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_free (self->os_server);

  G_OBJECT_CLASS (td_application_parent_class)->finalize (object);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;

  /* Closing each window lets it cancel its run and save its size. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (app);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = td_preferences_window_new (settings);

  gtk_window_set_transient_for (GTK_WINDOW (window), gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (window));
}

char *
td_application_dup_debug_info (TdApplication *self)
{
  GtkWindow *active;
  g_autofree char *report_text = NULL;

  g_return_val_if_fail (TD_IS_APPLICATION (self), NULL);

  active = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (TD_IS_WINDOW (active) && td_window_get_report (TD_WINDOW (active)) != NULL)
    {
      g_autoptr(GSettings) settings = have_schema () ? g_settings_new (APP_ID) : NULL;
      g_autoptr(GBytes) bytes =
        td_report_render (td_window_get_report (TD_WINDOW (active)), TD_REPORT_FORMAT_TEXT,
                          settings == NULL || g_settings_get_boolean (settings, "redact-reports"),
                          NULL);

      if (bytes != NULL)
        report_text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }

  return g_strdup_printf ("Teredo Doctor %s\nGTK %u.%u.%u, libadwaita %u.%u.%u, GLib %u.%u.%u\n\n%s",
                          PACKAGE_VERSION,
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version (),
                          glib_major_version, glib_minor_version, glib_micro_version,
                          report_text != NULL
                            ? report_text
                            : _("No diagnosis yet: run the checks, then open this window "
                                "again to see the report here."));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TdApplication *self = user_data;
  static const char *developers[] = { "The Teredo Doctor authors", NULL };
  g_autofree char *debug_info = td_application_dup_debug_info (self);

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Teredo Doctor"),
                         "application-icon", APP_ID,
                         "developer-name", "The Teredo Doctor authors",
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/teredodoctor/teredo-doctor",
                         "issue-url", "https://github.com/teredodoctor/teredo-doctor/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "comments", _("Diagnose and fix Teredo IPv6 connectivity"),
                         "debug-info", debug_info,
                         "debug-info-filename", "teredo-doctor-report.txt",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL },
  { "preferences", preferences_activated, NULL, NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
};

static void
td_application_class_init (TdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = td_application_finalize;
  app_class->activate = td_application_activate;
  app_class->open = td_application_open;
  app_class->startup = td_application_startup;
  app_class->shutdown = td_application_shutdown;
}

static void
td_application_init (TdApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
}

TdApplication *
td_application_new (void)
{
  return g_object_new (TD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}
