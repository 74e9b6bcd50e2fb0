/* td-welcome-page.c — what the app checks, which Teredo server to test, and
 * the big "Check my connection" button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-welcome-page.h"

#include <glib/gi18n.h>

#include "td-fix.h"
#include "td-runner.h"
#include "td-server-list.h"

struct _TdWelcomePage
{
  AdwBin          parent_instance;

  GtkStringList  *servers;       /* item 0: OS setting, last: another */
  char          **alive;         /* the listed servers, in table order */
  char           *os_server;
  gboolean        server_valid;

  AdwStatusPage  *status_page;
  GtkButton      *check_button;
  AdwPreferencesGroup *server_group;
  AdwComboRow    *server_row;
  AdwEntryRow    *server_entry;
  GtkLabel       *server_error_label;
  AdwExpanderRow *checks_row;
  GtkButton      *open_button;
};

G_DEFINE_FINAL_TYPE (TdWelcomePage, td_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVER_VALID,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static guint
another_index (TdWelcomePage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->servers)) - 1;
}

static void
set_server_valid (TdWelcomePage *self,
                  gboolean       valid)
{
  if (self->server_valid == valid)
    return;
  self->server_valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VALID]);
}

static void
validate (TdWelcomePage *self)
{
  guint selected = adw_combo_row_get_selected (self->server_row);
  gboolean another = selected == another_index (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean valid = TRUE;

  gtk_widget_set_visible (GTK_WIDGET (self->server_entry), another);

  if (another)
    {
      /* An empty entry is "not yet", not an error worth shouting about. */
      valid = td_fix_validate_server (stripped, &error);
      gtk_label_set_text (self->server_error_label,
                          valid || *stripped == '\0' ? "" : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), !valid && *stripped != '\0');
      if (valid || *stripped == '\0')
        gtk_widget_remove_css_class (GTK_WIDGET (self->server_entry), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->server_entry), "error");
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->server_entry), "error");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->server_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->server_error_label),
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->server_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  set_server_valid (self, valid);
}

static void
update_os_subtitle (TdWelcomePage *self)
{
  g_autofree char *subtitle = NULL;
  guint selected = adw_combo_row_get_selected (self->server_row);

  if (selected == 0)
    {
      if (self->os_server != NULL)
        /* Translators: %s is a Teredo server name */
        subtitle = g_strdup_printf (_("Your Teredo client uses %s"), self->os_server);
      else
        subtitle = g_strdup (_("The server your Teredo client is set up with"));
    }
  else if (selected == another_index (self))
    subtitle = g_strdup (_("Type a host name or an IPv4 address below"));
  else
    {
      const TdServerEntry *entry = td_server_list_lookup (self->alive[selected - 1]);

      if (entry != NULL && entry->operator_name != NULL && entry->last_seen != NULL)
        /* Translators: "Microsoft, last seen working 2026-02-14" */
        subtitle = g_strdup_printf (_("%s, last seen working %s"),
                                    entry->operator_name, entry->last_seen);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->server_row), subtitle ? subtitle : "");
}

static void
selected_changed_cb (TdWelcomePage *self)
{
  update_os_subtitle (self);
  validate (self);
}

static void
entry_changed_cb (TdWelcomePage *self)
{
  validate (self);
}

static void
entry_activate_cb (TdWelcomePage *self)
{
  if (self->server_valid)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.check", NULL);
}

static void
fill_checks (TdWelcomePage *self)
{
  const char * const *ids = td_runner_get_check_ids ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), td_runner_get_check_title (ids[i]));
      gtk_widget_set_focusable (row, FALSE);
      adw_expander_row_add_row (self->checks_row, row);
    }
  /* Translators: subtitle of the "What is checked" row */
  adw_expander_row_set_subtitle (self->checks_row,
                                 _("Your IPv6 setup, the Teredo client, the server, UDP port 3544, "
                                   "your NAT and your firewall"));
}

static void
fill_servers (TdWelcomePage *self)
{
  g_autofree char *description = NULL;
  const char *updated = td_server_list_get_updated ();

  self->servers = gtk_string_list_new (NULL);
  gtk_string_list_append (self->servers, _("This computer’s setting"));
  self->alive = td_server_list_alive_names ();
  for (guint i = 0; self->alive != NULL && self->alive[i] != NULL; i++)
    gtk_string_list_append (self->servers, self->alive[i]);
  gtk_string_list_append (self->servers, _("Another server…"));
  adw_combo_row_set_model (self->server_row, G_LIST_MODEL (self->servers));

  if (updated != NULL)
    /* Translators: %s is a date (2026-02-14) */
    description = g_strdup_printf (_("Teredo Doctor talks to this server only. Public servers come "
                                     "from a list dated %s."), updated);
  else
    description = g_strdup (_("Teredo Doctor talks to this server only."));
  adw_preferences_group_set_description (self->server_group, description);
}

static void
td_welcome_page_dispose (GObject *object)
{
  /* AdwBin unparents its child in its own dispose: a bound root child
   * must be gone from it before the template drops its reference. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), TD_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (td_welcome_page_parent_class)->dispose (object);
}

static void
td_welcome_page_finalize (GObject *object)
{
  TdWelcomePage *self = TD_WELCOME_PAGE (object);

  g_clear_object (&self->servers);
  g_strfreev (self->alive);
  g_free (self->os_server);

  G_OBJECT_CLASS (td_welcome_page_parent_class)->finalize (object);
}

static void
td_welcome_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TdWelcomePage *self = TD_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVER_VALID:
      g_value_set_boolean (value, self->server_valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
td_welcome_page_class_init (TdWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_welcome_page_dispose;
  object_class->finalize = td_welcome_page_finalize;
  object_class->get_property = td_welcome_page_get_property;

  properties[PROP_SERVER_VALID] =
    g_param_spec_boolean ("server-valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/td-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, check_button);
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, server_group);
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, server_row);
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, server_entry);
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, checks_row);
  gtk_widget_class_bind_template_child (widget_class, TdWelcomePage, open_button);
}

static void
td_welcome_page_init (TdWelcomePage *self)
{
  self->server_valid = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  fill_servers (self);
  fill_checks (self);

  g_signal_connect_object (self->server_row, "notify::selected",
                           G_CALLBACK (selected_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server_entry, "changed",
                           G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server_entry, "entry-activated",
                           G_CALLBACK (entry_activate_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Check my connection"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->open_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open a saved report, or a file collected on another computer"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->server_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Teredo server to test"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->server_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Server name or IPv4 address"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->checks_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("What is checked"),
                                  -1);

  update_os_subtitle (self);
  validate (self);
}

GtkWidget *
td_welcome_page_new (void)
{
  return g_object_new (TD_TYPE_WELCOME_PAGE, NULL);
}

char *
td_welcome_page_dup_server (TdWelcomePage *self)
{
  guint selected;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TD_IS_WELCOME_PAGE (self), NULL);

  selected = adw_combo_row_get_selected (self->server_row);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (selected != another_index (self))
    return g_strdup (self->alive[selected - 1]);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_entry))));
  if (!td_fix_validate_server (text, NULL))
    return NULL;
  return g_steal_pointer (&text);
}

gboolean
td_welcome_page_get_server_valid (TdWelcomePage *self)
{
  g_return_val_if_fail (TD_IS_WELCOME_PAGE (self), FALSE);

  return self->server_valid;
}

void
td_welcome_page_select_server (TdWelcomePage *self,
                               const char    *server)
{
  g_return_if_fail (TD_IS_WELCOME_PAGE (self));

  if (server == NULL || *server == '\0')
    {
      adw_combo_row_set_selected (self->server_row, 0);
      validate (self);
      return;
    }
  for (guint i = 0; self->alive != NULL && self->alive[i] != NULL; i++)
    if (g_ascii_strcasecmp (self->alive[i], server) == 0)
      {
        adw_combo_row_set_selected (self->server_row, i + 1);
        validate (self);
        return;
      }
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server);
  adw_combo_row_set_selected (self->server_row, another_index (self));
  validate (self);
}

void
td_welcome_page_set_os_server (TdWelcomePage *self,
                               const char    *server)
{
  g_return_if_fail (TD_IS_WELCOME_PAGE (self));

  g_free (self->os_server);
  self->os_server = server != NULL && *server != '\0' ? g_strdup (server) : NULL;
  update_os_subtitle (self);
}
