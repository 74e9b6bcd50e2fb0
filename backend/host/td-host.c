/* td-host.c — the normalized host model, its JSON form and the collector core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-host-private.h"
#include "td-json.h"

/* ---- enums ------------------------------------------------------------- */

TdPlatform
td_platform_native (void)
{
#if defined(G_OS_WIN32)
  return TD_PLATFORM_WINDOWS;
#elif defined(__APPLE__)
  return TD_PLATFORM_MACOS;
#else
  return TD_PLATFORM_LINUX;
#endif
}

static const char * const platform_names[] = { "linux", "windows", "macos" };
static const char * const scope_names[] = { "global", "link-local", "site-local", "host", "other" };
static const char * const origin_names[] = {
  "native", "teredo", "6to4", "ula", "link-local", "site-local", "loopback", "other"
};
static const char * const pnrp_names[] = { "unknown", "available", "removed", "not-applicable" };
static const struct {
  guint       flag;
  const char *name;
} flag_names[] = {
  { TD_ADDRESS_FLAG_TEMPORARY, "temporary" },
  { TD_ADDRESS_FLAG_NODAD, "nodad" },
  { TD_ADDRESS_FLAG_OPTIMISTIC, "optimistic" },
  { TD_ADDRESS_FLAG_DADFAILED, "dadfailed" },
  { TD_ADDRESS_FLAG_HOME, "home" },
  { TD_ADDRESS_FLAG_DEPRECATED, "deprecated" },
  { TD_ADDRESS_FLAG_TENTATIVE, "tentative" },
  { TD_ADDRESS_FLAG_PERMANENT, "permanent" },
};

static gboolean
lookup_name (const char * const *names,
             gsize               n_names,
             const char         *text,
             int                *out_index)
{
  if (text == NULL)
    return FALSE;
  for (gsize i = 0; i < n_names; i++)
    if (g_str_equal (names[i], text))
      {
        *out_index = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *
td_platform_to_string (TdPlatform platform)
{
  g_return_val_if_fail ((guint) platform < G_N_ELEMENTS (platform_names), NULL);
  return platform_names[platform];
}

gboolean
td_platform_from_string (const char *text,
                         TdPlatform *out_platform)
{
  int index;

  if (!lookup_name (platform_names, G_N_ELEMENTS (platform_names), text, &index))
    return FALSE;
  *out_platform = (TdPlatform) index;
  return TRUE;
}

const char *
td_address_scope_to_string (TdAddressScope scope)
{
  g_return_val_if_fail ((guint) scope < G_N_ELEMENTS (scope_names), NULL);
  return scope_names[scope];
}

const char *
td_address_origin_to_string (TdAddressOrigin origin)
{
  g_return_val_if_fail ((guint) origin < G_N_ELEMENTS (origin_names), NULL);
  return origin_names[origin];
}

const char *
td_pnrp_status_to_string (TdPnrpStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (pnrp_names), NULL);
  return pnrp_names[status];
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

/* ---- JSON out --------------------------------------------------------- */

static void
add_tristate (JsonBuilder *builder,
              const char  *member,
              TdTristate   value)
{
  json_builder_set_member_name (builder, member);
  if (value == TD_TRISTATE_UNSET)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, value == TD_TRISTATE_YES);
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *member,
                  GPtrArray   *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

void
td_host_build_addresses_json (TdHost      *self,
                              JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->addresses->len; i++)
    {
      TdHostAddress *address = g_ptr_array_index (self->addresses, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, address->address);
      td_json_add_int_or_null (builder, "prefix_length", address->prefix_length >= 0,
                               address->prefix_length);
      td_json_add_string_or_null (builder, "interface", address->interface);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, td_address_scope_to_string (address->scope));
      json_builder_set_member_name (builder, "origin");
      json_builder_add_string_value (builder, td_address_origin_to_string (address->origin));
      json_builder_set_member_name (builder, "flags");
      json_builder_begin_array (builder);
      for (gsize f = 0; f < G_N_ELEMENTS (flag_names); f++)
        if (address->flags & flag_names[f].flag)
          json_builder_add_string_value (builder, flag_names[f].name);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
td_host_build_clouds_json (TdHost      *self,
                           JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "pnrp");
  json_builder_add_string_value (builder, td_pnrp_status_to_string (self->pnrp));

  json_builder_set_member_name (builder, "pnrp_clouds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->pnrp_clouds->len; i++)
    {
      TdHostPnrpCloud *cloud = g_ptr_array_index (self->pnrp_clouds, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, cloud->name);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, td_address_scope_to_string (cloud->scope));
      td_json_add_int_or_null (builder, "id", cloud->id >= 0, cloud->id);
      td_json_add_int_or_null (builder, "addresses", cloud->n_addresses >= 0, cloud->n_addresses);
      td_json_add_string_or_null (builder, "state", cloud->state);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "clouds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->clouds->len; i++)
    {
      TdHostCloud *cloud = g_ptr_array_index (self->clouds, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, cloud->name);
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, td_address_scope_to_string (cloud->scope));
      td_json_add_string_or_null (builder, "interface", cloud->interface);
      add_string_array (builder, "addresses", cloud->addresses);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
td_host_build_firewall_json (TdHost      *self,
                             JsonBuilder *builder)
{
  TdHostFirewall *firewall = self->firewall;

  json_builder_set_member_name (builder, "firewall");
  if (firewall == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_tristate (builder, "present", firewall->present);
  add_tristate (builder, "active", firewall->active);
  add_tristate (builder, "covers_ipv6", firewall->covers_ipv6);
  td_json_add_string_or_null (builder, "name", firewall->name);
  td_json_add_string_or_null (builder, "reason", firewall->reason);
  td_json_add_string_or_null (builder, "how_to_check", firewall->how_to_check);
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < firewall->sources->len; i++)
    {
      TdFirewallSource *source = g_ptr_array_index (firewall->sources, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, source->name);
      add_tristate (builder, "present", source->present);
      add_tristate (builder, "active", source->active);
      add_tristate (builder, "covers_ipv6", source->covers_ipv6);
      td_json_add_string_or_null (builder, "detail", source->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static int
compare_errors (gconstpointer a,
                gconstpointer b)
{
  const TdHostError *ea = *(TdHostError * const *) a;
  const TdHostError *eb = *(TdHostError * const *) b;

  return strcmp (ea->fact, eb->fact);
}

void
td_host_build_errors_json (TdHost             *self,
                           JsonBuilder        *builder,
                           const char * const *prefixes)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (self->errors, NULL, NULL);

  /* The copy inherits the free function; it only borrows the entries. */
  g_ptr_array_set_free_func (sorted, NULL);
  /* Sorted by fact: commands answer in any order, the output must not. */
  g_ptr_array_sort (sorted, compare_errors);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_object (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      TdHostError *entry = g_ptr_array_index (sorted, i);
      gboolean wanted = prefixes == NULL;

      for (guint p = 0; !wanted && prefixes[p] != NULL; p++)
        wanted = g_str_has_prefix (entry->fact, prefixes[p]);
      if (!wanted)
        continue;
      json_builder_set_member_name (builder, entry->fact);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, entry->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, entry->message);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
build_windows_json (TdHost      *self,
                    JsonBuilder *builder)
{
  TdHostWindows *windows = self->windows;

  json_builder_set_member_name (builder, "windows");
  if (windows == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  td_json_add_int_or_null (builder, "disabled_components", windows->disabled_components >= 0,
                           windows->disabled_components);
  td_json_add_int_or_null (builder, "teredo_type", windows->teredo_type >= 0, windows->teredo_type);
  json_builder_set_member_name (builder, "policy");
  json_builder_begin_object (builder);
  for (guint i = 0; i < windows->policy_names->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (windows->policy_names, i));
      json_builder_add_string_value (builder, g_ptr_array_index (windows->policy_values, i));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->services->len; i++)
    {
      TdHostService *service = g_ptr_array_index (windows->services, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, service->name);
      td_json_add_string_or_null (builder, "state", service->state);
      td_json_add_string_or_null (builder, "start_type", service->start_type);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "vpn_adapters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->vpn_adapters->len; i++)
    {
      TdHostAdapter *adapter = g_ptr_array_index (windows->vpn_adapters, i);

      json_builder_begin_object (builder);
      td_json_add_string_or_null (builder, "name", adapter->name);
      td_json_add_string_or_null (builder, "description", adapter->description);
      td_json_add_string_or_null (builder, "kind", adapter->kind);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_tristate (builder, "domain_member", windows->domain_member);
  td_json_add_string_or_null (builder, "domain", windows->domain);
  json_builder_set_member_name (builder, "off_switches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->off_switches->len; i++)
    {
      TdHostOffSwitch *off = g_ptr_array_index (windows->off_switches, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, off->id);
      td_json_add_string_or_null (builder, "detail", off->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_evidence_json (TdHost      *self,
                     JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->evidence->len; i++)
    {
      TdHostEvidence *evidence = g_ptr_array_index (self->evidence, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "argv");
      if (evidence->argv != NULL)
        {
          json_builder_begin_array (builder);
          for (guint a = 0; evidence->argv[a] != NULL; a++)
            json_builder_add_string_value (builder, evidence->argv[a]);
          json_builder_end_array (builder);
        }
      else
        json_builder_add_null_value (builder);
      td_json_add_string_or_null (builder, "path", evidence->path);
      td_json_add_int_or_null (builder, "exit_status", evidence->exit_status >= 0,
                               evidence->exit_status);
      json_builder_set_member_name (builder, "elapsed_ms");
      json_builder_add_int_value (builder, evidence->elapsed_ms);
      td_json_add_string_or_null (builder, "stdout", evidence->stdout_text);
      td_json_add_string_or_null (builder, "stderr", evidence->stderr_text);
      json_builder_set_member_name (builder, "error");
      if (evidence->error_code != NULL)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, evidence->error_code);
          td_json_add_string_or_null (builder, "message", evidence->error_message);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
td_host_to_json (TdHost          *self,
                 TdHostJsonFlags  flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, td_platform_to_string (self->platform));

  json_builder_set_member_name (builder, "ipv6");
  json_builder_begin_object (builder);
  add_tristate (builder, "enabled", self->ipv6_enabled);
  add_string_array (builder, "reasons", self->ipv6_reasons);
  json_builder_end_object (builder);

  td_host_build_addresses_json (self, builder);
  add_tristate (builder, "default_route", self->default_route);
  td_json_add_string_or_null (builder, "default_route_interface", self->default_route_interface);
  td_host_build_clouds_json (self, builder);

  json_builder_set_member_name (builder, "client");
  if (self->client != NULL)
    td_teredo_client_to_json (self->client, builder);
  else
    json_builder_add_null_value (builder);

  td_host_build_firewall_json (self, builder);
  build_windows_json (self, builder);
  td_host_build_errors_json (self, builder, NULL);
  if (flags & TD_HOST_JSON_EVIDENCE)
    build_evidence_json (self, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- JSON in ---------------------------------------------------------- */

/* Every reader below prefixes its errors with where it was, so that a bad
 * report says "addresses[3]: member “scope” …". */
static gboolean
fail_at (GError     **error,
         const char  *where)
{
  if (error != NULL && *error != NULL)
    g_prefix_error (error, "%s: ", where);
  return FALSE;
}

static gboolean
get_tristate (JsonObject  *object,
              const char  *member,
              TdTristate  *out_value,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gboolean value;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    {
      *out_value = TD_TRISTATE_UNSET;
      return TRUE;
    }
  if (node == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” is missing", member);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” must be true, false or null", member);
      return FALSE;
    }
  value = json_node_get_boolean (node);
  *out_value = value ? TD_TRISTATE_YES : TD_TRISTATE_NO;
  return TRUE;
}

static gboolean
get_enum (JsonObject         *object,
          const char         *member,
          const char * const *names,
          gsize               n_names,
          int                *out_value,
          GError            **error)
{
  g_autofree char *text = NULL;

  if (!td_json_get_string (object, member, FALSE, &text, error))
    return FALSE;
  if (!lookup_name (names, n_names, text, out_value))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “%s” has an unknown value “%s”",
                   member, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_string_array (JsonArray   *array,
                   GPtrArray   *out,
                   const char  *member,
                   GError     **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s[%u] must be a string", member, i);
          return FALSE;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (node)));
    }
  return TRUE;
}

static gboolean
get_string_array (JsonObject  *object,
                  const char  *member,
                  GPtrArray   *out,
                  GError     **error)
{
  JsonArray *array;

  if (!td_json_get_array (object, member, &array, error))
    return FALSE;
  return read_string_array (array, out, member, error);
}

static JsonObject *
array_object (JsonArray   *array,
              guint        index,
              const char  *member,
              GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s[%u] must be an object", member, index);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_address (JsonObject  *object,
              TdHost      *host,
              GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *interface = NULL;
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func (g_free);
  gint64 prefix_length;
  int scope, origin;
  guint bits = 0;
  guint8 bytes[16];
  TdHostAddress *address;

  if (!td_json_get_string (object, "address", FALSE, &text, error) ||
      !td_json_get_int_or_null (object, "prefix_length", 0, 128, -1, &prefix_length, error) ||
      !td_json_get_string (object, "interface", TRUE, &interface, error) ||
      !get_enum (object, "scope", scope_names, G_N_ELEMENTS (scope_names), &scope, error) ||
      !get_enum (object, "origin", origin_names, G_N_ELEMENTS (origin_names), &origin, error) ||
      !get_string_array (object, "flags", flags, error))
    return FALSE;
  if (!td_ipv6_parse (text, bytes))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “address” is not an IPv6 address: “%s”", text);
      return FALSE;
    }
  for (guint i = 0; i < flags->len; i++)
    {
      gboolean known = FALSE;

      for (gsize f = 0; f < G_N_ELEMENTS (flag_names); f++)
        if (g_str_equal (flag_names[f].name, g_ptr_array_index (flags, i)))
          {
            bits |= flag_names[f].flag;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “flags” has an unknown flag “%s”",
                       (char *) g_ptr_array_index (flags, i));
          return FALSE;
        }
    }
  address = td_host_address_new (text, (int) prefix_length, interface, bits);
  /* Keep what the report says, even if we would classify it differently. */
  address->scope = scope;
  address->origin = origin;
  g_ptr_array_add (host->addresses, address);
  return TRUE;
}

static gboolean
read_clouds (JsonObject  *root,
             TdHost      *host,
             GError     **error)
{
  JsonArray *array;
  int pnrp;

  if (!get_enum (root, "pnrp", pnrp_names, G_N_ELEMENTS (pnrp_names), &pnrp, error))
    return FALSE;
  host->pnrp = pnrp;

  if (!td_json_get_array (root, "pnrp_clouds", &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = array_object (array, i, "pnrp_clouds", error);
      g_autofree char *name = NULL;
      g_autofree char *state = NULL;
      g_autofree char *where = g_strdup_printf ("pnrp_clouds[%u]", i);
      gint64 id, n;
      int scope;

      if (object == NULL)
        return FALSE;
      if (!td_json_get_string (object, "name", FALSE, &name, error) ||
          !get_enum (object, "scope", scope_names, G_N_ELEMENTS (scope_names), &scope, error) ||
          !td_json_get_int_or_null (object, "id", 0, G_MAXINT, -1, &id, error) ||
          !td_json_get_int_or_null (object, "addresses", 0, G_MAXINT, -1, &n, error) ||
          !td_json_get_string (object, "state", TRUE, &state, error))
        return fail_at (error, where);
      g_ptr_array_add (host->pnrp_clouds,
                       td_host_pnrp_cloud_new (name, scope, (int) id, (int) n, state));
    }

  if (!td_json_get_array (root, "clouds", &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = array_object (array, i, "clouds", error);
      g_autofree char *name = NULL;
      g_autofree char *interface = NULL;
      g_autofree char *where = g_strdup_printf ("clouds[%u]", i);
      TdHostCloud *cloud;
      int scope;

      if (object == NULL)
        return FALSE;
      if (!td_json_get_string (object, "name", FALSE, &name, error) ||
          !get_enum (object, "scope", scope_names, G_N_ELEMENTS (scope_names), &scope, error) ||
          !td_json_get_string (object, "interface", TRUE, &interface, error))
        return fail_at (error, where);
      cloud = td_host_cloud_new (name, scope, interface);
      g_ptr_array_add (host->clouds, cloud);
      if (!get_string_array (object, "addresses", cloud->addresses, error))
        return fail_at (error, where);
    }
  return TRUE;
}

static gboolean
read_firewall (JsonObject  *root,
               TdHost      *host,
               GError     **error)
{
  JsonObject *object;
  JsonArray *sources;
  TdHostFirewall *firewall;

  if (!td_json_get_object (root, "firewall", TRUE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  firewall = host->firewall = td_host_firewall_new ();
  if (!get_tristate (object, "present", &firewall->present, error) ||
      !get_tristate (object, "active", &firewall->active, error) ||
      !get_tristate (object, "covers_ipv6", &firewall->covers_ipv6, error) ||
      !td_json_get_string (object, "name", TRUE, &firewall->name, error) ||
      !td_json_get_string (object, "reason", TRUE, &firewall->reason, error) ||
      !td_json_get_string (object, "how_to_check", TRUE, &firewall->how_to_check, error) ||
      !td_json_get_array (object, "sources", &sources, error))
    return fail_at (error, "firewall");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *item = array_object (sources, i, "firewall.sources", error);
      g_autofree char *where = g_strdup_printf ("firewall.sources[%u]", i);
      TdFirewallSource *source;

      if (item == NULL)
        return FALSE;
      source = td_firewall_source_new (NULL, TD_TRISTATE_UNSET, TD_TRISTATE_UNSET,
                                       TD_TRISTATE_UNSET, NULL);
      g_ptr_array_add (firewall->sources, source);
      if (!td_json_get_string (item, "name", FALSE, &source->name, error) ||
          !get_tristate (item, "present", &source->present, error) ||
          !get_tristate (item, "active", &source->active, error) ||
          !get_tristate (item, "covers_ipv6", &source->covers_ipv6, error) ||
          !td_json_get_string (item, "detail", TRUE, &source->detail, error))
        return fail_at (error, where);
    }
  return TRUE;
}

static gboolean
read_windows (JsonObject  *root,
              TdHost      *host,
              GError     **error)
{
  JsonObject *object;
  JsonObject *policy;
  JsonArray *array;
  TdHostWindows *windows;
  g_autoptr(GList) members = NULL;

  if (!td_json_get_object (root, "windows", TRUE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  windows = host->windows = td_host_windows_new ();
  if (!td_json_get_int_or_null (object, "disabled_components", 0, G_MAXUINT32, -1,
                                &windows->disabled_components, error) ||
      !td_json_get_int_or_null (object, "teredo_type", 0, G_MAXUINT32, -1,
                                &windows->teredo_type, error) ||
      !get_tristate (object, "domain_member", &windows->domain_member, error) ||
      !td_json_get_string (object, "domain", TRUE, &windows->domain, error) ||
      !td_json_get_object (object, "policy", FALSE, &policy, error))
    return fail_at (error, "windows");

  members = json_object_get_members (policy);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (policy, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE,
                       "windows.policy: member “%s” must be a string", (char *) l->data);
          return FALSE;
        }
      g_ptr_array_add (windows->policy_names, g_strdup (l->data));
      g_ptr_array_add (windows->policy_values, g_strdup (json_node_get_string (node)));
    }

  if (!td_json_get_array (object, "services", &array, error))
    return fail_at (error, "windows");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "windows.services", error);
      g_autofree char *name = NULL, *state = NULL, *start_type = NULL;
      g_autofree char *where = g_strdup_printf ("windows.services[%u]", i);

      if (item == NULL)
        return FALSE;
      if (!td_json_get_string (item, "name", FALSE, &name, error) ||
          !td_json_get_string (item, "state", TRUE, &state, error) ||
          !td_json_get_string (item, "start_type", TRUE, &start_type, error))
        return fail_at (error, where);
      td_host_windows_add_service (windows, name, state, start_type);
    }

  if (!td_json_get_array (object, "vpn_adapters", &array, error))
    return fail_at (error, "windows");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "windows.vpn_adapters", error);
      g_autofree char *name = NULL, *description = NULL, *kind = NULL;
      g_autofree char *where = g_strdup_printf ("windows.vpn_adapters[%u]", i);

      if (item == NULL)
        return FALSE;
      if (!td_json_get_string (item, "name", TRUE, &name, error) ||
          !td_json_get_string (item, "description", TRUE, &description, error) ||
          !td_json_get_string (item, "kind", TRUE, &kind, error))
        return fail_at (error, where);
      td_host_windows_add_adapter (windows, name, description, kind);
    }

  if (!td_json_get_array (object, "off_switches", &array, error))
    return fail_at (error, "windows");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "windows.off_switches", error);
      g_autofree char *id = NULL, *detail = NULL;
      g_autofree char *where = g_strdup_printf ("windows.off_switches[%u]", i);

      if (item == NULL)
        return FALSE;
      if (!td_json_get_string (item, "id", FALSE, &id, error) ||
          !td_json_get_string (item, "detail", TRUE, &detail, error))
        return fail_at (error, where);
      td_host_windows_add_off_switch (windows, id, detail);
    }
  return TRUE;
}

static gboolean
read_errors (JsonObject  *root,
             TdHost      *host,
             GError     **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!td_json_get_object (root, "errors", FALSE, &object, error))
    return FALSE;
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *item;
      g_autofree char *code = NULL, *message = NULL;

      if (!td_json_get_object (object, l->data, FALSE, &item, error) ||
          !td_json_get_string (item, "code", FALSE, &code, error) ||
          !td_json_get_string (item, "message", FALSE, &message, error))
        return fail_at (error, "errors");
      td_host_set_error_strings (host, l->data, code, message);
    }
  return TRUE;
}

static gboolean
read_evidence (JsonObject  *root,
               TdHost      *host,
               GError     **error)
{
  JsonArray *array;

  if (!json_object_has_member (root, "evidence"))
    return TRUE;
  if (!td_json_get_array (root, "evidence", &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = array_object (array, i, "evidence", error);
      g_autofree char *where = g_strdup_printf ("evidence[%u]", i);
      TdHostEvidence *evidence;
      JsonNode *argv_node;
      JsonObject *err;
      gint64 exit_status;

      if (item == NULL)
        return FALSE;
      evidence = g_new0 (TdHostEvidence, 1);
      g_ptr_array_add (host->evidence, evidence);
      argv_node = json_object_get_member (item, "argv");
      if (argv_node == NULL || (!JSON_NODE_HOLDS_NULL (argv_node) && !JSON_NODE_HOLDS_ARRAY (argv_node)))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "member “argv” must be an array or null");
          return fail_at (error, where);
        }
      if (JSON_NODE_HOLDS_ARRAY (argv_node))
        {
          g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

          if (!read_string_array (json_node_get_array (argv_node), argv, "argv", error))
            return fail_at (error, where);
          g_ptr_array_set_free_func (argv, NULL);
          g_ptr_array_add (argv, NULL);
          evidence->argv = (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
        }
      if (!td_json_get_string (item, "path", TRUE, &evidence->path, error) ||
          !td_json_get_int_or_null (item, "exit_status", 0, G_MAXINT, -1, &exit_status, error) ||
          !td_json_get_int (item, "elapsed_ms", 0, G_MAXINT64, &evidence->elapsed_ms, error) ||
          !td_json_get_string (item, "stdout", TRUE, &evidence->stdout_text, error) ||
          !td_json_get_string (item, "stderr", TRUE, &evidence->stderr_text, error) ||
          !td_json_get_object (item, "error", TRUE, &err, error))
        return fail_at (error, where);
      evidence->exit_status = (int) exit_status;
      if (err != NULL &&
          (!td_json_get_string (err, "code", FALSE, &evidence->error_code, error) ||
           !td_json_get_string (err, "message", TRUE, &evidence->error_message, error)))
        return fail_at (error, where);
    }
  return TRUE;
}

TdHost *
td_host_from_json (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(TdHost) host = NULL;
  JsonObject *root, *ipv6, *client;
  JsonArray *addresses;
  int platform;

  root = td_json_require_object (node, "host", error);
  if (root == NULL)
    return NULL;
  if (!get_enum (root, "platform", platform_names, G_N_ELEMENTS (platform_names), &platform, error))
    return NULL;
  host = td_host_new (platform);

  if (!td_json_get_object (root, "ipv6", FALSE, &ipv6, error))
    return NULL;
  if (!get_tristate (ipv6, "enabled", &host->ipv6_enabled, error) ||
      !get_string_array (ipv6, "reasons", host->ipv6_reasons, error))
    {
      fail_at (error, "ipv6");
      return NULL;
    }

  if (!td_json_get_array (root, "addresses", &addresses, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (addresses); i++)
    {
      JsonObject *item = array_object (addresses, i, "addresses", error);
      g_autofree char *where = g_strdup_printf ("addresses[%u]", i);

      if (item == NULL)
        return NULL;
      if (!read_address (item, host, error))
        {
          fail_at (error, where);
          return NULL;
        }
    }

  if (!get_tristate (root, "default_route", &host->default_route, error) ||
      !td_json_get_string (root, "default_route_interface", TRUE,
                           &host->default_route_interface, error) ||
      !read_clouds (root, host, error))
    return NULL;

  if (!td_json_get_object (root, "client", TRUE, &client, error))
    return NULL;
  if (client != NULL)
    {
      host->client = td_teredo_client_from_json (json_object_get_member (root, "client"), error);
      if (host->client == NULL)
        {
          fail_at (error, "client");
          return NULL;
        }
    }

  if (!read_firewall (root, host, error) ||
      !read_windows (root, host, error) ||
      !read_errors (root, host, error) ||
      !read_evidence (root, host, error))
    return NULL;

  return g_steal_pointer (&host);
}

/* ---- the collector ---------------------------------------------------- */

static void
collector_free (TdHostCollector *collector)
{
  g_clear_pointer (&collector->host, td_host_unref);
  g_clear_object (&collector->cancellable);
  if (collector->platform_data_free != NULL)
    g_clear_pointer (&collector->platform_data, collector->platform_data_free);
  g_free (collector);
}

void
td_host_collector_hold (TdHostCollector *collector)
{
  collector->pending++;
}

void
td_host_collector_release (TdHostCollector *collector)
{
  GTask *task;

  g_return_if_fail (collector->pending > 0);

  if (--collector->pending > 0)
    return;

  if (collector->finish != NULL)
    collector->finish (collector);
  task = collector->task;
  collector->task = NULL;
  /* The task checks the cancellable itself: a cancelled collection fails. */
  g_task_return_pointer (task, td_host_ref (collector->host), (GDestroyNotify) td_host_unref);
  g_object_unref (task);
}

gboolean
td_host_collector_check (TdHostCollector       *collector,
                         const char            *fact,
                         const TdCommandResult *result)
{
  g_autoptr(GError) error = NULL;

  if (td_command_result_check (result, &error))
    return TRUE;
  td_host_set_error (collector->host, fact, error);
  return FALSE;
}

typedef struct {
  TdHostCollector      *collector;
  TdHostCommandHandler  handler;
  gpointer              user_data;
} CommandClosure;

static void
on_command_done (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  CommandClosure *closure = user_data;
  g_autoptr(TdCommandResult) result = td_command_run_finish (res);
  TdHostCollector *collector = closure->collector;

  td_host_add_command_evidence (collector->host, result);
  if (closure->handler != NULL)
    closure->handler (collector, result, closure->user_data);
  g_free (closure);
  td_host_collector_release (collector);
}

void
td_host_collector_run (TdHostCollector        *collector,
                       const char * const     *argv,
                       const TdCommandOptions *options,
                       TdHostCommandHandler    handler,
                       gpointer                user_data)
{
  CommandClosure *closure = g_new0 (CommandClosure, 1);

  closure->collector = collector;
  closure->handler = handler;
  closure->user_data = user_data;
  td_host_collector_hold (collector);
  td_command_run_async (argv, options, collector->cancellable, on_command_done, closure);
}

void
td_host_collect_async (TdPlatform           platform,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  TdHostCollector *collector;
  GTask *task;

  g_return_if_fail ((guint) platform < G_N_ELEMENTS (platform_names));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_host_collect_async);

  collector = g_new0 (TdHostCollector, 1);
  collector->host = td_host_new (platform);
  collector->task = task;
  collector->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, collector, (GDestroyNotify) collector_free);

  /* Held while the platform starts its commands, so that a command that
   * answers synchronously (not found) cannot complete the collection early. */
  td_host_collector_hold (collector);
  switch (platform)
    {
    case TD_PLATFORM_LINUX:
      td_host_linux_collect (collector);
      break;
    case TD_PLATFORM_WINDOWS:
      td_host_windows_collect (collector);
      break;
    case TD_PLATFORM_MACOS:
      td_host_macos_collect (collector);
      break;
    default:
      g_assert_not_reached ();
    }
  td_host_collector_release (collector);
}

TdHost *
td_host_collect_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_host_collect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
