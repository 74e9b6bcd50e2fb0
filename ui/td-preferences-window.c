/* td-preferences-window.c — the GSettings of Teredo Doctor
 *
 * Spin buttons and the switch are bound to their keys; the text entries are
 * written only when applied and valid (the backend's validators), so that a
 * half-typed server name never reaches the settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-preferences-window.h"

#include <glib/gi18n.h>

#include "td-fix.h"
#include "td-helpdesk.h"
#include "td-policy.h"

struct _TdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwEntryRow          *server_entry;
  AdwActionRow         *timeout_row;
  GtkSpinButton        *timeout_spin;
  AdwActionRow         *retransmit_row;
  GtkSpinButton        *retransmit_spin;
  AdwActionRow         *wait_row;
  GtkSpinButton        *wait_spin;
  AdwEntryRow          *url_entry;
  AdwActionRow         *redact_row;
  GtkSwitch            *redact_switch;
  AdwEntryRow          *helpdesk_entry;
  GtkLabel             *message_label;
};

G_DEFINE_FINAL_TYPE (TdPreferencesWindow, td_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
toast (TdPreferencesWindow *self,
       const char          *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
mark (AdwEntryRow *entry,
      gboolean     valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

static char *
entry_text (AdwEntryRow *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
server_apply_cb (TdPreferencesWindow *self)
{
  g_autofree char *text = entry_text (self->server_entry);
  g_autoptr(GError) error = NULL;

  if (*text != '\0' && !td_fix_validate_server (text, &error))
    {
      mark (self->server_entry, FALSE);
      toast (self, error->message);
      return;
    }
  mark (self->server_entry, TRUE);
  g_settings_set_string (self->settings, "default-server", text);
}

static void
url_apply_cb (TdPreferencesWindow *self)
{
  g_autofree char *text = entry_text (self->url_entry);

  if (!td_helpdesk_validate_url (text, NULL))
    {
      mark (self->url_entry, FALSE);
      toast (self, _("Enter an address that starts with http:// or https://."));
      return;
    }
  mark (self->url_entry, TRUE);
  g_settings_set_string (self->settings, "ipv6-test-url", text);
}

static void
helpdesk_apply_cb (TdPreferencesWindow *self)
{
  g_autofree char *text = entry_text (self->helpdesk_entry);
  g_autoptr(GError) error = NULL;

  if (*text != '\0' && !td_helpdesk_validate_url (text, &error))
    {
      mark (self->helpdesk_entry, FALSE);
      toast (self, error->message);
      return;
    }
  mark (self->helpdesk_entry, TRUE);
  g_settings_set_string (self->settings, "helpdesk-url", text);
}

static void
load_texts (TdPreferencesWindow *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "default-server");
  g_autofree char *url = g_settings_get_string (self->settings, "ipv6-test-url");
  gboolean locked = FALSE;
  /* Locked by dconf (GSettings says so) or by Windows machine policy. */
  g_autofree char *helpdesk = td_policy_get_setting_string (self->settings, "helpdesk-url",
                                                            &locked);

  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server);
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url);
  gtk_editable_set_text (GTK_EDITABLE (self->helpdesk_entry), helpdesk);

  /* An administrator may lock the help desk address. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->helpdesk_entry), !locked);
  gtk_label_set_text (self->message_label,
                      locked ? _("The help desk address is set by your administrator.") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), locked);
}

static void
set_settings (TdPreferencesWindow *self,
              GSettings           *settings)
{
  g_assert (self->settings == NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "probe-timeout-ms",
                   gtk_spin_button_get_adjustment (self->timeout_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "probe-retransmit-ms",
                   gtk_spin_button_get_adjustment (self->retransmit_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "client-probe-wait-s",
                   gtk_spin_button_get_adjustment (self->wait_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "redact-reports", self->redact_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  load_texts (self);
  g_signal_connect_object (settings, "writable-changed::helpdesk-url",
                           G_CALLBACK (load_texts), self, G_CONNECT_SWAPPED);
}

static void
td_preferences_window_dispose (GObject *object)
{
  TdPreferencesWindow *self = TD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), TD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (td_preferences_window_parent_class)->dispose (object);
}

static void
td_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TdPreferencesWindow *self = TD_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      set_settings (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_preferences_window_class_init (TdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_preferences_window_dispose;
  object_class->set_property = td_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, server_entry);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, retransmit_row);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, retransmit_spin);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, wait_row);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, wait_spin);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, url_entry);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, redact_row);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, redact_switch);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, helpdesk_entry);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, message_label);
}

static void
td_preferences_window_init (TdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->server_entry, "apply",
                           G_CALLBACK (server_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->url_entry, "apply",
                           G_CALLBACK (url_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->helpdesk_entry, "apply",
                           G_CALLBACK (helpdesk_apply_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->server_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Default Teredo server"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->timeout_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Probe timeout in milliseconds"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retransmit_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Retransmission interval in milliseconds"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->wait_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Seconds to wait for the Teredo client"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->url_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("IPv6 test address"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->redact_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hide private details"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->helpdesk_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Help desk address"), -1);
}

GtkWidget *
td_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (TD_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
