/* td-host.c — the normalized host model: records, classification, errors,
 * evidence, clouds and the firewall verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-host.h"
#include "td-json.h"

/* ---- enums ------------------------------------------------------------- */

/* TD_NATIVE_PLATFORM is chosen by meson for the machine this is built for
 * (config.h). */
TdPlatform
td_platform_native (void)
{
  return TD_NATIVE_PLATFORM;
}

const char * const td_platform_names[TD_PLATFORM_N] = { "linux", "windows", "macos" };
const char * const td_address_scope_names[TD_ADDRESS_SCOPE_N] = {
  "global", "link-local", "site-local", "host", "other"
};
const char * const td_address_origin_names[TD_ADDRESS_ORIGIN_N] = {
  "native", "teredo", "6to4", "ula", "link-local", "site-local", "loopback", "other"
};
const char * const td_pnrp_status_names[TD_PNRP_N] = {
  "unknown", "available", "removed", "not-applicable"
};
const TdAddressFlagName td_address_flag_names[TD_ADDRESS_N_FLAGS] = {
  { TD_ADDRESS_FLAG_TEMPORARY, "temporary" },
  { TD_ADDRESS_FLAG_NODAD, "nodad" },
  { TD_ADDRESS_FLAG_OPTIMISTIC, "optimistic" },
  { TD_ADDRESS_FLAG_DADFAILED, "dadfailed" },
  { TD_ADDRESS_FLAG_HOME, "home" },
  { TD_ADDRESS_FLAG_DEPRECATED, "deprecated" },
  { TD_ADDRESS_FLAG_TENTATIVE, "tentative" },
  { TD_ADDRESS_FLAG_PERMANENT, "permanent" },
};

const char *
td_platform_to_string (TdPlatform platform)
{
  g_return_val_if_fail ((guint) platform < G_N_ELEMENTS (td_platform_names), NULL);
  return td_platform_names[platform];
}

gboolean
td_platform_from_string (const char *text,
                         TdPlatform *out_platform)
{
  guint index;

  if (!td_json_lookup_enum (td_platform_names, G_N_ELEMENTS (td_platform_names), text, &index))
    return FALSE;
  *out_platform = (TdPlatform) index;
  return TRUE;
}

const char *
td_address_scope_to_string (TdAddressScope scope)
{
  g_return_val_if_fail ((guint) scope < G_N_ELEMENTS (td_address_scope_names), NULL);
  return td_address_scope_names[scope];
}

const char *
td_address_origin_to_string (TdAddressOrigin origin)
{
  g_return_val_if_fail ((guint) origin < G_N_ELEMENTS (td_address_origin_names), NULL);
  return td_address_origin_names[origin];
}

const char *
td_pnrp_status_to_string (TdPnrpStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (td_pnrp_status_names), NULL);
  return td_pnrp_status_names[status];
}

/* ---- address classification ----------------------------------------- */

static gboolean
is_zero (const guint8 *bytes,
         gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (bytes[i] != 0)
      return FALSE;
  return TRUE;
}

static gboolean
is_loopback (const guint8 addr[16])
{
  return is_zero (addr, 15) && addr[15] == 1;
}

TdAddressScope
td_address_scope_of (const guint8 addr[16])
{
  if (is_loopback (addr))
    return TD_ADDRESS_SCOPE_HOST;
  if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80)
    return TD_ADDRESS_SCOPE_LINK_LOCAL;
  if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0xc0)
    return TD_ADDRESS_SCOPE_SITE_LOCAL;
  /* ULAs are global in scope (RFC 4193 §3.3), just not globally routed. */
  if (td_ipv6_is_global (addr) || (addr[0] & 0xfe) == 0xfc)
    return TD_ADDRESS_SCOPE_GLOBAL;
  return TD_ADDRESS_SCOPE_OTHER;
}

TdAddressOrigin
td_address_origin_of (const guint8 addr[16])
{
  if (is_loopback (addr))
    return TD_ADDRESS_ORIGIN_LOOPBACK;
  if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80)
    return TD_ADDRESS_ORIGIN_LINK_LOCAL;
  if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0xc0)
    return TD_ADDRESS_ORIGIN_SITE_LOCAL;
  if ((addr[0] & 0xfe) == 0xfc)
    return TD_ADDRESS_ORIGIN_ULA;
  if (addr[0] == 0x20 && addr[1] == 0x01 && addr[2] == 0 && addr[3] == 0)
    return TD_ADDRESS_ORIGIN_TEREDO;
  if (addr[0] == 0x20 && addr[1] == 0x02)
    return TD_ADDRESS_ORIGIN_6TO4;
  if (td_ipv6_is_global (addr))
    return TD_ADDRESS_ORIGIN_NATIVE;
  return TD_ADDRESS_ORIGIN_OTHER;
}

gboolean
td_host_address_is_usable_global (const TdHostAddress *address)
{
  guint8 bytes[16];

  g_return_val_if_fail (address != NULL, FALSE);

  if (!td_ipv6_parse (address->address, bytes) || !td_ipv6_is_global (bytes))
    return FALSE;
  return (address->flags & (TD_ADDRESS_FLAG_TENTATIVE |
                            TD_ADDRESS_FLAG_DEPRECATED |
                            TD_ADDRESS_FLAG_DADFAILED)) == 0;
}

/* ---- small records ---------------------------------------------------- */

TdHostAddress *
td_host_address_new (const char *address,
                     int         prefix_length,
                     const char *interface,
                     guint       flags)
{
  TdHostAddress *self = g_new0 (TdHostAddress, 1);
  guint8 bytes[16];

  if (td_ipv6_parse (address, bytes))
    {
      /* Canonical text, whatever the source printed ("2001:0:…", "FE80::1"). */
      self->address = td_ipv6_to_string (bytes);
      self->scope = td_address_scope_of (bytes);
      self->origin = td_address_origin_of (bytes);
    }
  else
    {
      self->address = g_strdup (address);
      self->scope = TD_ADDRESS_SCOPE_OTHER;
      self->origin = TD_ADDRESS_ORIGIN_OTHER;
    }
  self->prefix_length = prefix_length;
  self->interface = g_strdup (interface);
  self->flags = flags;
  return self;
}

void
td_host_address_free (TdHostAddress *self)
{
  if (self == NULL)
    return;
  g_free (self->address);
  g_free (self->interface);
  g_free (self);
}

TdHostCloud *
td_host_cloud_new (const char     *name,
                   TdAddressScope  scope,
                   const char     *interface)
{
  TdHostCloud *self = g_new0 (TdHostCloud, 1);

  self->name = g_strdup (name);
  self->scope = scope;
  self->interface = g_strdup (interface);
  self->addresses = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
td_host_cloud_free (TdHostCloud *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->interface);
  g_ptr_array_unref (self->addresses);
  g_free (self);
}

TdHostPnrpCloud *
td_host_pnrp_cloud_new (const char     *name,
                        TdAddressScope  scope,
                        int             id,
                        int             n_addresses,
                        const char     *state)
{
  TdHostPnrpCloud *self = g_new0 (TdHostPnrpCloud, 1);

  self->name = g_strdup (name);
  self->scope = scope;
  self->id = id;
  self->n_addresses = n_addresses;
  self->state = g_strdup (state);
  return self;
}

void
td_host_pnrp_cloud_free (TdHostPnrpCloud *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->state);
  g_free (self);
}

TdFirewallSource *
td_firewall_source_new (const char *name,
                        TdTristate  present,
                        TdTristate  active,
                        TdTristate  covers_ipv6,
                        const char *detail)
{
  TdFirewallSource *self = g_new0 (TdFirewallSource, 1);

  self->name = g_strdup (name);
  self->present = present;
  self->active = active;
  self->covers_ipv6 = covers_ipv6;
  self->detail = g_strdup (detail);
  return self;
}

void
td_firewall_source_free (TdFirewallSource *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->detail);
  g_free (self);
}

TdHostFirewall *
td_host_firewall_new (void)
{
  TdHostFirewall *self = g_new0 (TdHostFirewall, 1);

  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) td_firewall_source_free);
  return self;
}

void
td_host_firewall_free (TdHostFirewall *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->reason);
  g_free (self->how_to_check);
  g_ptr_array_unref (self->sources);
  g_free (self);
}

static void
service_free (TdHostService *self)
{
  g_free (self->name);
  g_free (self->state);
  g_free (self->start_type);
  g_free (self);
}

static void
adapter_free (TdHostAdapter *self)
{
  g_free (self->name);
  g_free (self->description);
  g_free (self->kind);
  g_free (self);
}

static void
off_switch_free (TdHostOffSwitch *self)
{
  g_free (self->id);
  g_free (self->detail);
  g_free (self);
}

TdHostWindows *
td_host_windows_new (void)
{
  TdHostWindows *self = g_new0 (TdHostWindows, 1);

  self->disabled_components = -1;
  self->teredo_type = -1;
  self->policy_names = g_ptr_array_new_with_free_func (g_free);
  self->policy_values = g_ptr_array_new_with_free_func (g_free);
  self->policy_keys = g_ptr_array_new_with_free_func (g_free);
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) service_free);
  self->vpn_adapters = g_ptr_array_new_with_free_func ((GDestroyNotify) adapter_free);
  self->off_switches = g_ptr_array_new_with_free_func ((GDestroyNotify) off_switch_free);
  return self;
}

void
td_host_windows_free (TdHostWindows *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->policy_names);
  g_ptr_array_unref (self->policy_values);
  g_ptr_array_unref (self->policy_keys);
  g_ptr_array_unref (self->services);
  g_ptr_array_unref (self->vpn_adapters);
  g_ptr_array_unref (self->off_switches);
  g_free (self->domain);
  g_free (self);
}

void
td_host_windows_add_service (TdHostWindows *self,
                             const char    *name,
                             const char    *state,
                             const char    *start_type)
{
  TdHostService *service = g_new0 (TdHostService, 1);

  service->name = g_strdup (name);
  service->state = g_strdup (state);
  service->start_type = g_strdup (start_type);
  g_ptr_array_add (self->services, service);
}

void
td_host_windows_add_adapter (TdHostWindows *self,
                             const char    *name,
                             const char    *description,
                             const char    *kind)
{
  TdHostAdapter *adapter = g_new0 (TdHostAdapter, 1);

  adapter->name = g_strdup (name);
  adapter->description = g_strdup (description);
  adapter->kind = g_strdup (kind);
  g_ptr_array_add (self->vpn_adapters, adapter);
}

void
td_host_windows_add_off_switch (TdHostWindows *self,
                                const char    *id,
                                const char    *detail)
{
  TdHostOffSwitch *off = g_new0 (TdHostOffSwitch, 1);

  off->id = g_strdup (id);
  off->detail = g_strdup (detail);
  g_ptr_array_add (self->off_switches, off);
}

static void
host_error_free (TdHostError *self)
{
  g_free (self->fact);
  g_free (self->code);
  g_free (self->message);
  g_free (self);
}

static void
evidence_free (TdHostEvidence *self)
{
  g_strfreev (self->argv);
  g_free (self->path);
  g_free (self->stdout_text);
  g_free (self->stderr_text);
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self);
}

/* ---- the host --------------------------------------------------------- */

static void
host_clear (TdHost *self)
{
  g_ptr_array_unref (self->ipv6_reasons);
  g_ptr_array_unref (self->addresses);
  g_free (self->default_route_interface);
  g_ptr_array_unref (self->pnrp_clouds);
  g_ptr_array_unref (self->clouds);
  g_clear_pointer (&self->client, td_teredo_client_free);
  g_clear_pointer (&self->firewall, td_host_firewall_free);
  g_clear_pointer (&self->windows, td_host_windows_free);
  g_ptr_array_unref (self->errors);
  g_ptr_array_unref (self->evidence);
}

TdHost *
td_host_new (TdPlatform platform)
{
  TdHost *self = g_rc_box_new0 (TdHost);

  self->platform = platform;
  self->ipv6_reasons = g_ptr_array_new_with_free_func (g_free);
  self->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) td_host_address_free);
  self->pnrp = platform == TD_PLATFORM_WINDOWS ? TD_PNRP_UNKNOWN : TD_PNRP_NOT_APPLICABLE;
  self->pnrp_clouds = g_ptr_array_new_with_free_func ((GDestroyNotify) td_host_pnrp_cloud_free);
  self->clouds = g_ptr_array_new_with_free_func ((GDestroyNotify) td_host_cloud_free);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) host_error_free);
  self->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) evidence_free);
  return self;
}

TdHost *
td_host_ref (TdHost *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_rc_box_acquire (self);
}

void
td_host_unref (TdHost *self)
{
  if (self != NULL)
    g_rc_box_release_full (self, (GDestroyNotify) host_clear);
}

G_DEFINE_BOXED_TYPE (TdHost, td_host, td_host_ref, td_host_unref)

void
td_host_set_error_literal (TdHost     *self,
                           const char *fact,
                           int         td_error_code,
                           const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (TD_ERROR, td_error_code, message);

  td_host_set_error (self, fact, error);
}

void
td_host_set_error_strings (TdHost     *self,
                           const char *fact,
                           const char *code,
                           const char *message)
{
  TdHostError *entry;

  for (guint i = 0; i < self->errors->len; i++)
    {
      entry = g_ptr_array_index (self->errors, i);
      if (g_str_equal (entry->fact, fact))
        {
          g_ptr_array_remove_index (self->errors, i);
          break;
        }
    }
  entry = g_new0 (TdHostError, 1);
  entry->fact = g_strdup (fact);
  entry->code = g_strdup (code);
  entry->message = g_strdup (message);
  g_ptr_array_add (self->errors, entry);
}

void
td_host_set_error (TdHost       *self,
                   const char   *fact,
                   const GError *error)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (fact != NULL);
  g_return_if_fail (error != NULL);

  td_host_set_error_strings (self, fact, td_error_code_to_string (error), error->message);
}

const TdHostError *
td_host_get_error (TdHost     *self,
                   const char *fact)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->errors->len; i++)
    {
      TdHostError *entry = g_ptr_array_index (self->errors, i);

      if (g_str_equal (entry->fact, fact))
        return entry;
    }
  return NULL;
}

void
td_host_add_command_evidence (TdHost                *self,
                              const TdCommandResult *result)
{
  TdHostEvidence *evidence = g_new0 (TdHostEvidence, 1);

  evidence->argv = g_strdupv (result->argv);
  evidence->path = g_strdup (result->path);
  evidence->exit_status = result->exited ? result->exit_status : -1;
  evidence->elapsed_ms = result->elapsed_us / 1000;
  evidence->stdout_text = g_strdup (result->stdout_text);
  evidence->stderr_text = g_strdup (result->stderr_text);
  if (result->error != NULL)
    {
      evidence->error_code = g_strdup (td_error_code_to_string (result->error));
      evidence->error_message = g_strdup (result->error->message);
    }
  g_ptr_array_add (self->evidence, evidence);
}

void
td_host_add_file_evidence (TdHost       *self,
                           const char   *path,
                           const char   *contents,
                           const GError *error)
{
  TdHostEvidence *evidence = g_new0 (TdHostEvidence, 1);

  evidence->path = g_strdup (path);
  evidence->exit_status = -1;
  evidence->stdout_text = g_strdup (contents);
  if (error != NULL)
    {
      evidence->error_code = g_strdup (td_error_code_to_string (error));
      evidence->error_message = g_strdup (error->message);
    }
  g_ptr_array_add (self->evidence, evidence);
}

/* ---- clouds ----------------------------------------------------------- */

static char *
prefix_text (const char *address,
             int         prefix_length)
{
  guint8 bytes[16];
  g_autofree char *text = NULL;
  int len = prefix_length >= 0 && prefix_length <= 128 ? prefix_length : 64;

  if (!td_ipv6_parse (address, bytes))
    return NULL;
  for (int bit = len; bit < 128; bit++)
    bytes[bit / 8] &= (guint8) ~(0x80 >> (bit % 8));
  text = td_ipv6_to_string (bytes);
  return g_strdup_printf ("%s/%d", text, len);
}

static gboolean
cloud_name_taken (TdHost     *self,
                  const char *name)
{
  for (guint i = 0; i < self->clouds->len; i++)
    if (g_str_equal (((TdHostCloud *) g_ptr_array_index (self->clouds, i))->name, name))
      return TRUE;
  return FALSE;
}

/* One scoped cloud (LinkLocal_ / SiteLocal_) for @interface, if it has an
 * address of @scope.  @key_address names the cloud by its prefix. */
static void
add_scoped_cloud (TdHost         *self,
                  const char     *interface,
                  TdAddressScope  scope,
                  const char     *name_prefix,
                  const TdHostAddress *key_address)
{
  g_autofree char *name = NULL;
  TdHostCloud *cloud = NULL;

  for (guint i = 0; i < self->addresses->len; i++)
    {
      TdHostAddress *address = g_ptr_array_index (self->addresses, i);

      if (address->scope != scope || g_strcmp0 (address->interface, interface) != 0 ||
          (address->flags & TD_ADDRESS_FLAG_DADFAILED) != 0)
        continue;
      if (cloud == NULL)
        {
          g_autofree char *prefix = NULL;

          if (key_address != NULL)
            prefix = prefix_text (key_address->address, key_address->prefix_length);
          if (prefix != NULL)
            name = g_strconcat (name_prefix, prefix, NULL);
          /* PNRP fell back to the interface GUID when two interfaces shared
           * a prefix; the interface name is our readable equivalent. */
          if (name == NULL || cloud_name_taken (self, name))
            {
              g_free (name);
              name = g_strconcat (name_prefix, interface, NULL);
            }
          cloud = td_host_cloud_new (name, scope, interface);
        }
      g_ptr_array_add (cloud->addresses, g_strdup (address->address));
    }
  if (cloud != NULL)
    g_ptr_array_add (self->clouds, cloud);
}

void
td_host_compute_clouds (TdHost *self)
{
  g_autoptr(GPtrArray) interfaces = g_ptr_array_new ();
  TdHostCloud *global = NULL;

  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->clouds, 0);

  for (guint i = 0; i < self->addresses->len; i++)
    {
      TdHostAddress *address = g_ptr_array_index (self->addresses, i);

      if (address->interface != NULL &&
          !g_ptr_array_find_with_equal_func (interfaces, address->interface, g_str_equal, NULL))
        g_ptr_array_add (interfaces, address->interface);
      if (td_host_address_is_usable_global (address))
        {
          if (global == NULL)
            global = td_host_cloud_new ("Global_", TD_ADDRESS_SCOPE_GLOBAL, NULL);
          g_ptr_array_add (global->addresses, g_strdup (address->address));
        }
    }
  if (global != NULL)
    g_ptr_array_add (self->clouds, global);

  /* No cloud on a loopback interface (macOS gives lo0 a link-local
   * address too): it is the one that holds ::1. */
  for (guint i = 0; i < self->addresses->len; i++)
    {
      TdHostAddress *address = g_ptr_array_index (self->addresses, i);

      guint index;

      if (address->origin == TD_ADDRESS_ORIGIN_LOOPBACK && address->interface != NULL &&
          g_ptr_array_find_with_equal_func (interfaces, address->interface, g_str_equal, &index))
        g_ptr_array_remove_index (interfaces, index);
    }

  for (guint i = 0; i < interfaces->len; i++)
    {
      const char *interface = g_ptr_array_index (interfaces, i);
      const TdHostAddress *key_global = NULL;

      for (guint j = 0; j < self->addresses->len; j++)
        {
          TdHostAddress *address = g_ptr_array_index (self->addresses, j);

          if (g_strcmp0 (address->interface, interface) != 0)
            continue;
          if (key_global == NULL && td_host_address_is_usable_global (address))
            key_global = address;
        }
      add_scoped_cloud (self, interface, TD_ADDRESS_SCOPE_LINK_LOCAL, "LinkLocal_", key_global);
    }
  for (guint i = 0; i < interfaces->len; i++)
    {
      const char *interface = g_ptr_array_index (interfaces, i);
      const TdHostAddress *key_site = NULL;

      for (guint j = 0; j < self->addresses->len && key_site == NULL; j++)
        {
          TdHostAddress *address = g_ptr_array_index (self->addresses, j);

          if (g_strcmp0 (address->interface, interface) == 0 &&
              address->scope == TD_ADDRESS_SCOPE_SITE_LOCAL)
            key_site = address;
        }
      add_scoped_cloud (self, interface, TD_ADDRESS_SCOPE_SITE_LOCAL, "SiteLocal_", key_site);
    }
}

/* ---- firewall verdict ------------------------------------------------- */

static const TdFirewallSource *
find_source (TdHostFirewall *firewall,
             TdTristate      present,
             TdTristate      active,
             TdTristate      covers_ipv6)
{
  /* Front-ends first: when ufw or firewalld is active, nftables shows their
   * rules too, and the front-end's name is what the user knows. */
  static const char * const preferred[] = { "firewalld", "ufw", NULL };

  for (guint p = 0; preferred[p] != NULL; p++)
    for (guint i = 0; i < firewall->sources->len; i++)
      {
        const TdFirewallSource *source = g_ptr_array_index (firewall->sources, i);

        if (g_str_equal (source->name, preferred[p]) &&
            (present == TD_TRISTATE_UNSET || source->present == present) &&
            (active == TD_TRISTATE_UNSET || source->active == active) &&
            (covers_ipv6 == TD_TRISTATE_UNSET || source->covers_ipv6 == covers_ipv6))
          return source;
      }
  for (guint i = 0; i < firewall->sources->len; i++)
    {
      const TdFirewallSource *source = g_ptr_array_index (firewall->sources, i);

      if ((present == TD_TRISTATE_UNSET || source->present == present) &&
          (active == TD_TRISTATE_UNSET || source->active == active) &&
          (covers_ipv6 == TD_TRISTATE_UNSET || source->covers_ipv6 == covers_ipv6))
        return source;
    }
  return NULL;
}

static void
take_verdict (TdHostFirewall         *firewall,
              const TdFirewallSource *source,
              TdTristate              present,
              TdTristate              active,
              TdTristate              covers_ipv6)
{
  firewall->present = present;
  firewall->active = active;
  firewall->covers_ipv6 = covers_ipv6;
  g_free (firewall->name);
  firewall->name = source ? g_strdup (source->name) : NULL;
  g_free (firewall->reason);
  firewall->reason = source ? g_strdup (source->detail) : NULL;
}

static int
source_rank (const char *name)
{
  static const char * const order[] = {
    "nftables", "ip6tables", "firewalld", "ufw", "windows-firewall", "application-firewall", "pf", NULL
  };

  for (int i = 0; order[i] != NULL; i++)
    if (g_strcmp0 (order[i], name) == 0)
      return i;
  return G_N_ELEMENTS (order);
}

static int
compare_sources (gconstpointer a,
                 gconstpointer b)
{
  const TdFirewallSource *sa = *(TdFirewallSource * const *) a;
  const TdFirewallSource *sb = *(TdFirewallSource * const *) b;
  int ra = source_rank (sa->name), rb = source_rank (sb->name);

  return ra != rb ? ra - rb : g_strcmp0 (sa->name, sb->name);
}

void
td_host_firewall_decide (TdHostFirewall *firewall)
{
  const TdFirewallSource *source;

  g_return_if_fail (firewall != NULL);

  /* Tools answer in any order; the verdict and the output must not depend
   * on it. */
  g_ptr_array_sort (firewall->sources, compare_sources);

  if ((source = find_source (firewall, TD_TRISTATE_YES, TD_TRISTATE_YES, TD_TRISTATE_YES)))
    take_verdict (firewall, source, TD_TRISTATE_YES, TD_TRISTATE_YES, TD_TRISTATE_YES);
  else if ((source = find_source (firewall, TD_TRISTATE_YES, TD_TRISTATE_YES, TD_TRISTATE_UNSET)))
    take_verdict (firewall, source, TD_TRISTATE_YES, TD_TRISTATE_YES, source->covers_ipv6);
  else if ((source = find_source (firewall, TD_TRISTATE_YES, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET)))
    take_verdict (firewall, source, TD_TRISTATE_YES, source->active, source->covers_ipv6);
  else if ((source = find_source (firewall, TD_TRISTATE_NO, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET)))
    take_verdict (firewall, source, TD_TRISTATE_NO, TD_TRISTATE_NO, TD_TRISTATE_NO);
  else
    {
      /* Nothing definite: say why, from the first source that tried. */
      source = firewall->sources->len > 0 ? g_ptr_array_index (firewall->sources, 0) : NULL;
      take_verdict (firewall, source, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET);
      if (firewall->reason == NULL)
        firewall->reason = g_strdup (_("no firewall could be inspected"));
      return;
    }
  /* Known now: no hint to check by hand is needed. */
  g_clear_pointer (&firewall->how_to_check, g_free);
}

void
td_host_firewall_report_unknown (TdHost *host)
{
  TdHostFirewall *firewall = host->firewall;

  if (firewall == NULL || firewall->present != TD_TRISTATE_UNSET ||
      td_host_get_error (host, "firewall") != NULL)
    return;
  if (firewall->how_to_check != NULL)
    {
      /* TRANSLATORS: %s is a command to type, e.g. "sudo nft list ruleset". */
      g_autofree char *message = g_strdup_printf (_("unknown — needs administrator rights: run `%s`"),
                                                  firewall->how_to_check);

      td_host_set_error_literal (host, "firewall", TD_ERROR_PERMISSION, message);
      return;
    }
  for (guint i = 0; i < host->errors->len; i++)
    {
      const TdHostError *cause = g_ptr_array_index (host->errors, i);

      if (g_str_has_prefix (cause->fact, "firewall."))
        {
          td_host_set_error_strings (host, "firewall", cause->code, cause->message);
          return;
        }
    }
  td_host_set_error_literal (host, "firewall",
                             firewall->sources->len == 0 ? TD_ERROR_NOT_FOUND : TD_ERROR_FAILED,
                             firewall->reason ? firewall->reason
                                              : _("the firewall state could not be read"));
}
