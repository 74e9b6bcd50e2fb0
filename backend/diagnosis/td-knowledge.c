/* td-knowledge.c — what each finding means and how to fix it
 *
 * Sources: ../shared/docs/windows-teredo-facts.md §2–§8 and user-demands.md
 * (distilled field reports); Windows commands are the documented netsh/sc/reg
 * forms, never a shell pipeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-knowledge.h"
#include "td-server-list.h"

#define TEREDO_POLICY_KEY "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition"
#define TCPIP6_KEY        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters"
#define IPHLPSVC_KEY      "HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Teredo"

const char *
td_knowledge_explain_verdict (TdVerdictCode code)
{
  switch (code)
    {
    case TD_VERDICT_IPV6_DISABLED:
      return _("IPv6 is switched off on this computer, so neither native IPv6 nor Teredo can work.");
    case TD_VERDICT_GLOBAL_IPV6_OK:
      return _("This computer has a native global IPv6 address and a route to the IPv6 Internet: "
               "Teredo is not needed.");
    case TD_VERDICT_TEREDO_QUALIFIED:
      return _("The Teredo client is qualified: this computer has a global IPv6 address through Teredo.");
    case TD_VERDICT_TEREDO_DORMANT:
      return _("Teredo is ready but idle. Windows wakes it when an application asks for it "
               "(for example the Xbox app); this is not an error.");
    case TD_VERDICT_TEREDO_PROBING:
      return _("The Teredo client keeps trying to reach its server and never gets an answer back.");
    case TD_VERDICT_SERVER_UNRESOLVABLE:
      return _("The name of the Teredo server cannot be resolved. The server may have been retired, "
               "or DNS is filtered.");
    case TD_VERDICT_SERVER_DOWN:
      return _("The Teredo server's computer answered, but no Teredo server runs on it.");
    case TD_VERDICT_UDP_BLOCKED:
      return _("Nothing comes back from the Teredo server on UDP port 3544: a firewall, the router or "
               "the provider blocks it, or the server is dead.");
    case TD_VERDICT_SECONDARY_BLOCKED:
      return _("The Teredo server's first address answers, its second address does not. Teredo "
               "needs both to learn what kind of NAT you are behind.");
    case TD_VERDICT_SYMMETRIC_NAT:
      return _("Your router changes the outside port for every destination (a symmetric NAT). Teredo "
               "may say “qualified”, but peers who contact you first cannot get through.");
    case TD_VERDICT_MANAGED_NETWORK:
      return _("Windows thinks this is a company (“managed”) network and switches the ordinary Teredo "
               "client off. This also happens at home.");
    case TD_VERDICT_TEREDO_DISABLED:
      return _("Teredo has been switched off on this computer, often by a tweak or privacy tool.");
    case TD_VERDICT_TEREDO_CLIENT_MISSING:
      return _("No Teredo client is installed or running on this computer.");
    case TD_VERDICT_NO_IPV6_FIREWALL:
      return _("No IPv6 firewall is active. Windows refuses to run Teredo without its firewall.");
    case TD_VERDICT_PNRP_REMOVED:
      return _("Peer Name Resolution (the “global cloud” of Windows Meeting Space and Easy Connect) was "
               "removed from Windows 10 1809 and Windows 11 24H2. Teredo itself still matters, for "
               "example for Xbox.");
    case TD_VERDICT_UNKNOWN:
    case TD_VERDICT_N_CODES:
    default:
      return _("The checks could not tell what is wrong. The report holds every fact that was collected.");
    }
}

const char *
td_knowledge_explain_state (TdTeredoState state)
{
  switch (state)
    {
    case TD_TEREDO_STATE_QUALIFIED:
      return _("Qualified: the client has a Teredo address and a live NAT mapping.");
    case TD_TEREDO_STATE_DORMANT:
      return _("Dormant: configured and able, but idle until an application needs it.");
    case TD_TEREDO_STATE_PROBE:
      return _("Probe: still trying to reach the Teredo server.");
    case TD_TEREDO_STATE_OFFLINE:
      return _("Offline: the client is not running or gave up; the error line says why.");
    case TD_TEREDO_STATE_UNKNOWN:
    default:
      return _("Unknown: the state could not be read (Windows shows it only in an administrator prompt).");
    }
}

const char *
td_knowledge_explain_error (TdTeredoErrorCode error)
{
  switch (error)
    {
    case TD_TEREDO_ERROR_NONE:
    case TD_TEREDO_ERROR_UNSET:
      return _("No error.");
    case TD_TEREDO_ERROR_MANAGED_NETWORK:
      return _("“client is in a managed network”: the ordinary client switches itself off on networks "
               "it believes are managed by a company.");
    case TD_TEREDO_ERROR_PRIMARY_SERVER_UNREACHABLE:
      return _("The primary Teredo server is unreachable over UDP.");
    case TD_TEREDO_ERROR_SECONDARY_SERVER_UNREACHABLE:
      return _("The secondary Teredo server address is unreachable over UDP.");
    case TD_TEREDO_ERROR_SERVER_NAME_UNRESOLVED:
      return _("The Teredo server name could not be resolved.");
    case TD_TEREDO_ERROR_TUNNEL_ADAPTER_FAILED:
      return _("The Teredo tunnel adapter could not be opened: tunnel interfaces are disabled or the "
               "adapter is missing.");
    case TD_TEREDO_ERROR_GENERAL_FAILURE:
      return _("A general failure inside the Teredo client.");
    case TD_TEREDO_ERROR_UNKNOWN:
    default:
      return _("An error this tool does not know; its text is in the evidence.");
    }
}

const char *
td_knowledge_explain_nat (TdNatType nat)
{
  switch (nat)
    {
    case TD_NAT_TYPE_OPEN:
      return _("No NAT and no inbound filter: peers can reach you directly.");
    case TD_NAT_TYPE_OPEN_FIREWALLED:
      return _("No NAT, but a firewall drops unsolicited inbound UDP.");
    case TD_NAT_TYPE_CONE:
      return _("A full-cone NAT: Teredo works and peers can reach you first (Xbox: Open).");
    case TD_NAT_TYPE_RESTRICTED:
      return _("A restricted NAT: Teredo works; peers reach you after a short exchange (Xbox: Moderate).");
    case TD_NAT_TYPE_SYMMETRIC:
      return _("A symmetric NAT: the outside port changes per destination; peers who call first cannot "
               "answer (Xbox: Strict).");
    case TD_NAT_TYPE_UNKNOWN:
      return _("Unknown: the server's second address did not answer.");
    case TD_NAT_TYPE_OFFLINE:
    default:
      return _("Offline: the Teredo server did not answer over UDP.");
    }
}

const char *
td_knowledge_explain_off_switch (const char *id)
{
  if (g_strcmp0 (id, "disabled-components") == 0)
    return _("The registry value DisabledComponents switches off tunnel interfaces (bit 0x01) or "
             "Teredo (bit 0x08).");
  if (g_strcmp0 (id, "teredo-type") == 0)
    return _("The registry value iphlpsvc\\Teredo\\Type is 4 (disabled).");
  if (g_strcmp0 (id, "group-policy") == 0)
    return _("A Group Policy value under v6Transition forces Teredo off; netsh cannot change it.");
  if (g_strcmp0 (id, "netsh-type") == 0)
    return _("The Teredo type is set to “disabled”.");
  if (g_str_has_prefix (id ? id : "", "service-"))
    return _("A service Teredo needs (IP Helper, Windows Firewall or Base Filtering Engine) is stopped "
             "or disabled.");
  return _("A setting switches Teredo off.");
}

const char *
td_knowledge_recommend_server (const char *avoid)
{
  const GPtrArray *table = td_server_list_get_default ();
  const TdServerEntry *avoided = td_server_list_lookup (avoid);

  for (guint i = 0; i < table->len; i++)
    {
      const TdServerEntry *entry = g_ptr_array_index (table, i);

      if (entry->status == TD_SERVER_STATUS_ALIVE && entry != avoided)
        return entry->name;
    }
  return NULL;
}

/* ---------------------------------------------------------------------- */

static void
add (GPtrArray          *remedies,
     TdPlatform          platform,
     const char         *title,
     const char         *description,
     const char * const *argv,
     gboolean            admin,
     gboolean            reboot,
     const char         *fix_action,
     const char * const *fix_args)
{
  TdRemedy *remedy = td_remedy_new (td_platform_to_string (platform), title, description,
                                    argv, admin, reboot);

  if (fix_action != NULL)
    td_remedy_set_fix (remedy, fix_action, fix_args);
  g_ptr_array_add (remedies, remedy);
}

static const char *
current_server (TdHost        *host,
                TdProbeResult *probe)
{
  if (probe != NULL)
    return probe->server;
  if (host != NULL && host->client != NULL)
    return host->client->server_name;
  return NULL;
}

static gboolean
has_off_switch (TdHost     *host,
                const char *prefix)
{
  if (host == NULL || host->windows == NULL)
    return FALSE;
  for (guint i = 0; i < host->windows->off_switches->len; i++)
    {
      TdHostOffSwitch *off = g_ptr_array_index (host->windows->off_switches, i);

      if (g_str_has_prefix (off->id, prefix))
        return TRUE;
    }
  return FALSE;
}

static void
windows_set_server (GPtrArray  *remedies,
                    const char *server)
{
  g_autofree char *arg = NULL;
  const char *args[] = { server, NULL };

  if (server == NULL)
    return;
  arg = g_strdup_printf ("servername=%s", server);
  {
    const char *argv[] = { "netsh", "interface", "teredo", "set", "state", arg, NULL };
    g_autofree char *title = g_strdup_printf (_("Use the Teredo server %s"), server);

    add (remedies, TD_PLATFORM_WINDOWS, title,
         _("This server is listed as working in the dated server table shipped with Teredo Doctor."),
         argv, TRUE, FALSE, "teredo-set-server", args);
  }
}

static void
windows_restart_iphlpsvc (GPtrArray *remedies)
{
  const char *argv[] = { "powershell", "-NoProfile", "-Command", "Restart-Service iphlpsvc", NULL };

  add (remedies, TD_PLATFORM_WINDOWS, _("Restart the IP Helper service"),
       _("Teredo lives in the IP Helper service; restarting it makes the client qualify again at once "
         "instead of waiting for its next retry."),
       argv, TRUE, FALSE, "iphlpsvc-restart", NULL);
}

static void
linux_set_server (GPtrArray  *remedies,
                  const char *server)
{
  const char *args[] = { server, NULL };
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;

  if (server == NULL)
    return;
  title = g_strdup_printf (_("Point miredo at the Teredo server %s"), server);
  line = g_strdup_printf ("ServerAddress %s", server);
  {
    const char *argv[] = { "teredo-doctor-cli", "fix", "miredo-set-server", server, NULL };

    add (remedies, TD_PLATFORM_LINUX, title,
         _("Sets ServerAddress in /etc/miredo.conf and restarts miredo."),
         argv, TRUE, FALSE, "miredo-set-server", args);
  }
}

static void
linux_allow_udp (GPtrArray *remedies)
{
  const char *argv[] = { "teredo-doctor-cli", "fix", "nft-allow-teredo", NULL };

  add (remedies, TD_PLATFORM_LINUX, _("Allow Teredo (UDP port 3544) through the local firewall"),
       _("Adds an nftables table that accepts UDP to and from port 3544. If the block is in your "
         "router or at your provider, allow outgoing UDP 3544 there."),
       argv, TRUE, FALSE, "nft-allow-teredo", NULL);
}

static void
windows_firewall_udp (GPtrArray *remedies)
{
  add (remedies, TD_PLATFORM_WINDOWS, _("Let UDP port 3544 through your security software and router"),
       _("Third-party firewalls (Norton was reported), captive portals and some providers drop Teredo. "
         "Allow outgoing UDP to port 3544 and the answers to it; accept the captive portal first on "
         "public Wi-Fi."),
       NULL, FALSE, FALSE, NULL, NULL);
}

GPtrArray *
td_knowledge_remedies (TdVerdictCode  code,
                       TdPlatform     platform,
                       TdHost        *host,
                       TdProbeResult *probe)
{
  GPtrArray *remedies = g_ptr_array_new_with_free_func ((GDestroyNotify) td_remedy_free);
  const char *alternative = td_knowledge_recommend_server (current_server (host, probe));
  gboolean windows = platform == TD_PLATFORM_WINDOWS;
  gboolean on_linux = platform == TD_PLATFORM_LINUX;

  switch (code)
    {
    case TD_VERDICT_IPV6_DISABLED:
      if (windows)
        {
          const char *argv[] = { "reg", "add", TCPIP6_KEY, "/v", "DisabledComponents", "/t",
                                 "REG_DWORD", "/d", "0", "/f", NULL };
          add (remedies, platform, _("Turn IPv6 back on"),
               _("Clears DisabledComponents. If you wanted IPv4 preferred, use the value 0x20 instead."),
               argv, TRUE, TRUE, NULL, NULL);
        }
      else if (on_linux)
        {
          const char *argv[] = { "sysctl", "-w", "net.ipv6.conf.all.disable_ipv6=0", NULL };
          add (remedies, platform, _("Turn IPv6 back on"),
               _("Also remove disable_ipv6 from /etc/sysctl.conf, /etc/sysctl.d/ and the kernel command "
                 "line (ipv6.disable=1) so that it stays on after a reboot."),
               argv, TRUE, FALSE, NULL, NULL);
        }
      break;

    case TD_VERDICT_TEREDO_PROBING:
      if (windows)
        {
          windows_restart_iphlpsvc (remedies);
          windows_set_server (remedies, alternative);
        }
      else if (on_linux)
        {
          const char *argv[] = { "teredo-doctor-cli", "fix", "miredo-restart", NULL };
          add (remedies, platform, _("Restart miredo"), _("Makes miredo resolve its server again."),
               argv, TRUE, FALSE, "miredo-restart", NULL);
          linux_set_server (remedies, alternative);
        }
      break;

    case TD_VERDICT_SERVER_UNRESOLVABLE:
    case TD_VERDICT_SERVER_DOWN:
      if (windows)
        {
          windows_set_server (remedies, alternative);
          if (has_off_switch (host, "group-policy"))
            {
              const char *argv[] = { "reg", "delete", TEREDO_POLICY_KEY, "/v", "Teredo_ServerName", "/f",
                                     NULL };
              add (remedies, platform, _("Remove the server name forced by Group Policy"),
                   _("A policy value overrides netsh; delete it, or set the policy back to Not Configured."),
                   argv, TRUE, FALSE, NULL, NULL);
            }
        }
      else if (on_linux)
        linux_set_server (remedies, alternative);
      break;

    case TD_VERDICT_UDP_BLOCKED:
      if (windows)
        {
          windows_firewall_udp (remedies);
          windows_restart_iphlpsvc (remedies);
          windows_set_server (remedies, alternative);
        }
      else if (on_linux)
        {
          linux_allow_udp (remedies);
          linux_set_server (remedies, alternative);
        }
      break;

    case TD_VERDICT_SECONDARY_BLOCKED:
      if (windows)
        {
          const char *type[] = { "netsh", "interface", "teredo", "set", "state", "type=enterpriseclient",
                                 NULL };
          const char *port[] = { "netsh", "interface", "teredo", "set", "state", "clientport=3544", NULL };
          const char *args[] = { "3544", NULL };

          add (remedies, platform, _("Use the enterprise client"),
               _("It keeps trying where the ordinary client gives up."),
               type, TRUE, FALSE, "teredo-enterpriseclient", NULL);
          add (remedies, platform, _("Give Teredo a fixed client port"),
               _("A fixed port lets you add one firewall or router rule for Teredo: allow UDP from this "
                 "port to both server addresses (the second is the first plus one)."),
               port, TRUE, FALSE, "teredo-client-port", args);
          windows_set_server (remedies, alternative);
        }
      else
        {
          add (remedies, platform, _("Allow UDP to the server's second address"),
               _("Your firewall or router lets only the first server address through. Allow UDP port "
                 "3544 to both (the second is the first plus one)."),
               NULL, TRUE, FALSE, NULL, NULL);
          if (on_linux)
            linux_set_server (remedies, alternative);
        }
      break;

    case TD_VERDICT_SYMMETRIC_NAT:
      if (windows)
        {
          const char *argv[] = { "netsh", "interface", "teredo", "set", "state", "clientport=3074", NULL };
          const char *args[] = { "3074", NULL };
          add (remedies, platform, _("Pin Teredo to port 3074 and forward it on the router"),
               _("Then forward UDP 3074 on your router to this PC, or turn UPnP on. Avoid double NAT "
                 "(a provider modem in front of your own router)."),
               argv, TRUE, FALSE, "teredo-client-port", args);
        }
      else
        add (remedies, platform, _("Forward a fixed UDP port to this computer"),
             _("Set BindPort in /etc/miredo.conf (for example 3074), forward that UDP port on the router "
               "to this computer, or turn UPnP on."),
             NULL, TRUE, FALSE, NULL, NULL);
      break;

    case TD_VERDICT_MANAGED_NETWORK:
      {
        const char *argv[] = { "netsh", "interface", "teredo", "set", "state", "type=enterpriseclient",
                               NULL };
        const char *ps[] = { "powershell", "-NoProfile", "-Command",
                             "Set-NetTeredoConfiguration -Type Enterpriseclient", NULL };
        add (remedies, TD_PLATFORM_WINDOWS, _("Switch Teredo to the enterprise client"),
             _("The enterprise client skips the managed-network test and stays on. "
               "(“natawareclient” fails on older Windows with “The parameter is incorrect”.)"),
             argv, TRUE, FALSE, "teredo-enterpriseclient", NULL);
        add (remedies, TD_PLATFORM_WINDOWS, _("Or the same with PowerShell"), NULL, ps, TRUE, FALSE,
             NULL, NULL);
        windows_set_server (remedies, alternative);
      }
      break;

    case TD_VERDICT_TEREDO_DISABLED:
      if (has_off_switch (host, "disabled-components"))
        {
          const char *argv[] = { "reg", "add", TCPIP6_KEY, "/v", "DisabledComponents", "/t", "REG_DWORD",
                                 "/d", "0", "/f", NULL };
          add (remedies, TD_PLATFORM_WINDOWS, _("Clear DisabledComponents"),
               td_knowledge_explain_off_switch ("disabled-components"), argv, TRUE, TRUE, NULL, NULL);
        }
      if (has_off_switch (host, "teredo-type"))
        {
          const char *argv[] = { "reg", "delete", IPHLPSVC_KEY, "/v", "Type", "/f", NULL };
          add (remedies, TD_PLATFORM_WINDOWS, _("Remove iphlpsvc\\Teredo\\Type"),
               td_knowledge_explain_off_switch ("teredo-type"), argv, TRUE, TRUE, NULL, NULL);
        }
      if (has_off_switch (host, "group-policy"))
        {
          const char *argv[] = { "reg", "delete", TEREDO_POLICY_KEY, "/v", "Teredo_State", "/f", NULL };
          add (remedies, TD_PLATFORM_WINDOWS, _("Remove the Group Policy that disables Teredo"),
               td_knowledge_explain_off_switch ("group-policy"), argv, TRUE, FALSE, NULL, NULL);
        }
      if (has_off_switch (host, "service-iphlpsvc"))
        {
          const char *config[] = { "sc", "config", "iphlpsvc", "start=", "auto", NULL };
          const char *start[] = { "sc", "start", "iphlpsvc", NULL };
          add (remedies, TD_PLATFORM_WINDOWS, _("Set the IP Helper service to start automatically"),
               NULL, config, TRUE, FALSE, NULL, NULL);
          add (remedies, TD_PLATFORM_WINDOWS, _("Start the IP Helper service"), NULL, start, TRUE, FALSE,
               NULL, NULL);
        }
      if (windows)
        {
          const char *argv[] = { "netsh", "interface", "teredo", "set", "state", "type=default", NULL };
          add (remedies, TD_PLATFORM_WINDOWS, _("Turn Teredo back on"),
               _("If it still fails: “netsh interface teredo set state disabled”, reboot, then this "
                 "command again. Never add a Teredo adapter by hand in Device Manager."),
               argv, TRUE, FALSE, "teredo-default", NULL);
        }
      break;

    case TD_VERDICT_TEREDO_CLIENT_MISSING:
      if (on_linux)
        {
          const char *install[] = { "apt-get", "install", "miredo", NULL };
          const char *start[] = { "teredo-doctor-cli", "fix", "miredo-start", NULL };
          add (remedies, platform, _("Install miredo, the Teredo client for Linux"),
               _("On Fedora use “dnf install miredo”, on Arch “pacman -S miredo”."),
               install, TRUE, FALSE, NULL, NULL);
          linux_set_server (remedies, alternative);
          add (remedies, platform, _("Start miredo"), NULL, start, TRUE, FALSE, "miredo-start", NULL);
        }
      else if (platform == TD_PLATFORM_MACOS)
        add (remedies, platform, _("Use another IPv6 transition method"),
             _("macOS has no Teredo client; use native IPv6 from your provider or a tunnel broker."),
             NULL, FALSE, FALSE, NULL, NULL);
      break;

    case TD_VERDICT_NO_IPV6_FIREWALL:
      if (windows)
        {
          const char *on[] = { "netsh", "advfirewall", "set", "allprofiles", "state", "on", NULL };
          const char *svc[] = { "sc", "config", "MpsSvc", "start=", "auto", NULL };
          add (remedies, platform, _("Turn Windows Firewall back on"),
               _("Teredo needs Windows Firewall running with its default policy, even when another "
                 "security product is installed."),
               on, TRUE, FALSE, "firewall-on", NULL);
          add (remedies, platform, _("Make the firewall service start automatically"), NULL, svc, TRUE,
               FALSE, NULL, NULL);
        }
      else
        add (remedies, platform, _("Enable a host firewall"),
             _("With a global IPv6 address every service of this computer is reachable from the "
               "Internet; enable firewalld or ufw."),
             NULL, TRUE, FALSE, NULL, NULL);
      break;

    case TD_VERDICT_TEREDO_DORMANT:
    case TD_VERDICT_GLOBAL_IPV6_OK:
    case TD_VERDICT_TEREDO_QUALIFIED:
    case TD_VERDICT_PNRP_REMOVED:
    case TD_VERDICT_UNKNOWN:
    case TD_VERDICT_N_CODES:
    default:
      break;
    }

  return remedies;
}
