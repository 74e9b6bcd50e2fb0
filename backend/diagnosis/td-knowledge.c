/* td-knowledge.c — what each finding means and how to fix it
 *
 * The fixes are a table of rules, each with the finding it fixes, the
 * platform, its source and its preconditions (td_knowledge_get_rules()
 * lists them for a reviewer), so that each rule can be checked against its
 * source.  Windows commands are the documented netsh/sc.exe/reg forms,
 * never a shell pipeline; the command shown for a fix with a Fix it button
 * is exactly the one its fix action runs (tests/unit/test-knowledge.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-error.h"
#include "td-knowledge.h"
#include "td-reg-query.h"
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
      return _("The Teredo server's address refused the datagrams (ICMP port unreachable): the server "
               "is down, or a firewall on the path rejects them.");
    case TD_VERDICT_UDP_BLOCKED:
      return _("Nothing comes back from the Teredo server on UDP port 3544: a firewall, the router or "
               "the provider blocks it, or the server is dead.");
    case TD_VERDICT_SECONDARY_BLOCKED:
      return _("The Teredo server's first address answers, its second address does not. Teredo "
               "needs both to learn what kind of NAT you are behind.");
    case TD_VERDICT_SYMMETRIC_NAT:
      return _("Your router changes the outside port for every destination (a symmetric NAT). "
               "Windows Vista and later and miredo still qualify behind it (RFC 6081); what fails "
               "is reaching peers that are behind restrictive NATs too.");
    case TD_VERDICT_MANAGED_NETWORK:
      return _("Windows thinks this is a company (“managed”) network and switches the ordinary Teredo "
               "client off. This also happens at home.");
    case TD_VERDICT_TEREDO_DISABLED:
      return _("Teredo has been switched off on this computer, often by a tweak or privacy tool.");
    case TD_VERDICT_TEREDO_CLIENT_MISSING:
      return _("No Teredo client is installed on this computer.");
    case TD_VERDICT_NO_IPV6_FIREWALL:
      return _("No IPv6 firewall is active. Windows refuses to run Teredo without its firewall.");
    case TD_VERDICT_DNS_DOWN:
      return _("No DNS server answers, so no name resolves: the network connection or DNS is down. "
               "No Teredo server advice helps until names resolve again.");
    case TD_VERDICT_TEREDO_OFFLINE:
      return _("The Teredo client is offline and names no reason of its own (error “none”, a general "
               "failure, a missing tunnel adapter, or a server it calls unreachable while it answers "
               "us). Restart the IP Helper service; if that does not help, reset Teredo with a reboot "
               "in between, then try another server.");
    case TD_VERDICT_TEREDO_CLIENT_STOPPED:
      return _("Miredo, the Teredo client for Linux, is installed but not running.");
    case TD_VERDICT_SERVER_PEERS_ONLY:
      return _("The Teredo server connects Teredo clients with each other only (Microsoft's surviving "
               "servers work that way): games and peer-to-peer programs work, the IPv6 Internet does "
               "not.");
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
               "it believes are managed by a company (a domain network); it also happens at home.");
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
      return _("A full-cone NAT: Teredo works and peers can reach you first (Xbox shows “Open” "
               "here as a rule; that mapping is a community heuristic, not documented).");
    case TD_NAT_TYPE_RESTRICTED:
      return _("A restricted NAT: Teredo works; peers reach you after a short exchange (Xbox usually "
               "shows “Moderate”; a heuristic).");
    case TD_NAT_TYPE_SYMMETRIC:
      return _("A symmetric NAT: the outside port changes per destination. Teredo still qualifies; "
               "peers behind restrictive NATs too may not reach you (Xbox usually shows “Strict”; a "
               "heuristic).");
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
  if (g_strcmp0 (id, "firewall-off") == 0)
    return _("A Windows Firewall profile is off; Windows runs Teredo only with its firewall on.");
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

/* ---- facts the rules read ----------------------------------------------- */

static TdTeredoClient *
client_of (const TdFacts *f)
{
  return f->host != NULL ? f->host->client : NULL;
}

static gboolean
on_windows (const TdFacts *f)
{
  return f->platform == TD_PLATFORM_WINDOWS;
}

static gboolean
on_linux (const TdFacts *f)
{
  return f->platform == TD_PLATFORM_LINUX;
}

static gboolean
legacy_netsh (const TdFacts *f)
{
  return client_of (f) != NULL && client_of (f)->legacy_netsh;
}

static gint64
disabled_components (const TdFacts *f)
{
  return f->host != NULL && f->host->windows != NULL ? f->host->windows->disabled_components : -1;
}

/* A v6Transition policy value, and the key it was found under. */
static const char *
policy_value (const TdFacts  *f,
              const char     *name,
              const char    **out_key)
{
  TdHostWindows *windows = f->host != NULL ? f->host->windows : NULL;

  for (guint i = 0; windows != NULL && i < windows->policy_names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (windows->policy_names, i), name) == 0)
      {
        const char *key = g_ptr_array_index (windows->policy_keys, i);

        if (out_key != NULL)
          *out_key = key != NULL ? key : TEREDO_POLICY_KEY;
        return g_ptr_array_index (windows->policy_values, i);
      }
  return NULL;
}

static gboolean
policy_disables_teredo (const TdFacts *f)
{
  TdTeredoPolicyState state;
  const char *value = policy_value (f, "Teredo_State", NULL);

  return value != NULL && td_teredo_policy_state_parse (value, &state) &&
         state == TD_TEREDO_POLICY_DISABLED;
}

static gboolean
type_forced_by_policy (const TdFacts *f)
{
  return (client_of (f) != NULL && client_of (f)->type_from_policy) ||
         policy_value (f, "Teredo_State", NULL) != NULL;
}

static gboolean
server_forced_by_policy (const TdFacts *f)
{
  return (client_of (f) != NULL && client_of (f)->server_from_policy) ||
         policy_value (f, "Teredo_ServerName", NULL) != NULL;
}

static const TdHostService *
service (const TdFacts *f,
         const char    *name)
{
  TdHostWindows *windows = f->host != NULL ? f->host->windows : NULL;

  for (guint i = 0; windows != NULL && i < windows->services->len; i++)
    {
      const TdHostService *s = g_ptr_array_index (windows->services, i);

      if (g_ascii_strcasecmp (s->name, name) == 0)
        return s;
    }
  return NULL;
}

static gboolean
service_disabled (const TdFacts *f,
                  const char    *name)
{
  const TdHostService *s = service (f, name);

  return s != NULL && g_strcmp0 (s->start_type, "disabled") == 0;
}

static gboolean
service_stopped (const TdFacts *f,
                 const char    *name)
{
  const TdHostService *s = service (f, name);

  return s != NULL && s->state != NULL && !g_str_equal (s->state, "running") &&
         !g_str_equal (s->state, "not-installed");
}

static gboolean
has_off_switch (const TdFacts *f,
                const char    *id)
{
  TdHostWindows *windows = f->host != NULL ? f->host->windows : NULL;

  for (guint i = 0; windows != NULL && i < windows->off_switches->len; i++)
    if (g_str_equal (((TdHostOffSwitch *) g_ptr_array_index (windows->off_switches, i))->id, id))
      return TRUE;
  return FALSE;
}

static gboolean
client_is (const TdFacts *f,
           TdTeredoState  state)
{
  return client_of (f) != NULL && client_of (f)->implementation != TD_CLIENT_IMPL_NONE &&
         client_of (f)->state == state;
}

/* Qualified or dormant: working, a fix must not touch it. */
static gboolean
client_works (const TdFacts *f)
{
  return client_is (f, TD_TEREDO_STATE_QUALIFIED) || client_is (f, TD_TEREDO_STATE_DORMANT);
}

static gboolean
network_is_managed (const TdFacts *f)
{
  return (client_of (f) != NULL && client_of (f)->network == TD_TEREDO_NETWORK_MANAGED) ||
         (f->host != NULL && f->host->windows != NULL &&
          f->host->windows->domain_member == TD_TRISTATE_YES);
}

static gboolean
client_port_set (const TdFacts *f)
{
  return client_of (f) != NULL && client_of (f)->client_port > 0;
}

static const char *
alternative_server (const TdFacts *f)
{
  return td_knowledge_recommend_server (td_diagnosis_current_server (f));
}

/* No name resolves: no server advice helps until DNS works again. */
static gboolean
dns_down (const TdFacts *f)
{
  return f->probe != NULL && g_error_matches (f->probe->error, TD_ERROR, TD_ERROR_DNS_UNAVAILABLE);
}

static gboolean
is_miredo (const TdFacts *f)
{
  return client_of (f) != NULL && client_of (f)->implementation == TD_CLIENT_IMPL_MIREDO;
}

/* The server the client uses is known dead or unresolvable. */
static gboolean
current_server_dead (const TdFacts *f)
{
  const TdServerEntry *entry = td_server_list_lookup (td_diagnosis_current_server (f));

  return (entry != NULL && entry->status == TD_SERVER_STATUS_DEAD) ||
         (f->probe != NULL && (g_error_matches (f->probe->error, TD_ERROR, TD_ERROR_DNS_FAILED) ||
                               g_error_matches (f->probe->error, TD_ERROR, TD_ERROR_PORT_UNREACHABLE)));
}

/* ---- building remedies ---------------------------------------------------- */

static TdRemedy *
remedy (const char         *platform,
        const char         *title,
        const char         *description,
        const char * const *argv,
        gboolean            admin,
        gboolean            reboot,
        const char         *fix_action,
        const char * const *fix_args)
{
  TdRemedy *self = td_remedy_new (platform, title, description, argv, admin, reboot);

  if (fix_action != NULL)
    td_remedy_set_fix (self, fix_action, fix_args);
  return self;
}

/* `netsh interface teredo set state SETTING`, or the XP syntax `netsh
 * interface ipv6 set teredo SETTING` when the client was read that way. */
static TdRemedy *
netsh_remedy (const TdFacts      *f,
              const char         *setting,
              const char         *title,
              const char         *description,
              const char         *fix_action,
              const char * const *fix_args)
{
  const char *modern[] = { "netsh", "interface", "teredo", "set", "state", setting, NULL };
  const char *xp[] = { "netsh", "interface", "ipv6", "set", "teredo", setting, NULL };

  /* The XP syntax is typed by hand: the native app does not run on XP. */
  if (legacy_netsh (f))
    return remedy ("windows", title, description, xp, TRUE, FALSE, NULL, NULL);
  return remedy ("windows", title, description, modern, TRUE, FALSE, fix_action, fix_args);
}

/* What a recommended server cannot do, said wherever one is recommended. */
static char *
with_server_caveat (const char *text,
                    const char *server)
{
  const TdServerEntry *entry = td_server_list_lookup (server);

  if (entry != NULL && entry->peers_only)
    return g_strconcat (text, " ",
                        _("This server only connects Teredo clients with each other: games and "
                          "peer-to-peer programs work, the IPv6 Internet does not."), NULL);
  return g_strdup (text);
}

/* The action's id: diagnosis/ does not call into fix/ (which reads reports),
 * and the id is what the user chose in the CLI or saw on the button. */
static const char *
td_fix_title_for_outcome (const char *action)
{
  return action;
}

/* ---- the rules ------------------------------------------------------------ */

static gboolean
always (const TdFacts *f)
{
  return TRUE;
}

/* ipv6-disabled */

static gboolean
applies_dc_all_off (const TdFacts *f)
{
  return on_windows (f) && disabled_components (f) >= 0 &&
         td_disabled_components_all_off ((guint32) disabled_components (f));
}

static TdRemedy *
build_dc_all_off (const TdFacts *f)
{
  const char *argv[] = { "reg", "delete", TCPIP6_KEY, "/v", "DisabledComponents", "/f", NULL };

  return remedy ("windows", _("IPv6 was switched off on purpose"),
                 _("DisabledComponents = 0xFF turns IPv6 off everywhere; someone (or a tweak tool) "
                   "set it deliberately. Deleting the value turns IPv6 back on after a reboot; if "
                   "IPv4 should stay preferred, set 0x20 instead."),
                 argv, TRUE, TRUE, NULL, NULL);
}

static gboolean
applies_linux_sysctl (const TdFacts *f)
{
  return on_linux (f);
}

static TdRemedy *
build_linux_sysctl (const TdFacts *f)
{
  const char *argv[] = { "sysctl", "-w", "net.ipv6.conf.all.disable_ipv6=0", NULL };

  return remedy ("linux", _("Turn IPv6 back on"),
                 _("Also remove disable_ipv6 from /etc/sysctl.conf, /etc/sysctl.d/ and the kernel "
                   "command line (ipv6.disable=1) so that it stays on after a reboot."),
                 argv, TRUE, FALSE, NULL, NULL);
}

/* teredo-disabled */

static gboolean
applies_dc_teredo_bits (const TdFacts *f)
{
  gint64 dc = disabled_components (f);

  return on_windows (f) && dc >= 0 && td_disabled_components_kills_teredo ((guint32) dc) &&
         !td_disabled_components_all_off ((guint32) dc);
}

static TdRemedy *
build_dc_teredo_bits (const TdFacts *f)
{
  guint32 dc = (guint32) disabled_components (f);
  g_autofree char *value = g_strdup_printf ("0x%x", dc & ~(guint32) 0x09);
  g_autofree char *description = NULL;
  const char *argv[] = { "reg", "add", TCPIP6_KEY, "/v", "DisabledComponents", "/t", "REG_DWORD",
                         "/d", value, "/f", NULL };
  const char *args[] = { value, NULL };

  description = g_strdup_printf (_("Clears only the bits that switch Teredo off (0x01 tunnels, 0x08 "
                                   "Teredo): 0x%x becomes %s, your other choices stay. Windows "
                                   "needs a reboot to pick it up."), dc, value);
  return remedy ("windows", _("Clear the Teredo bits of DisabledComponents"), description, argv,
                 TRUE, TRUE, "disabled-components-set", args);
}

static gboolean
applies_teredo_type_registry (const TdFacts *f)
{
  return on_windows (f) && has_off_switch (f, "teredo-type");
}

static TdRemedy *
build_teredo_type_registry (const TdFacts *f)
{
  const char *argv[] = { "reg", "delete", IPHLPSVC_KEY, "/v", "Type", "/f", NULL };

  return remedy ("windows", _("Remove iphlpsvc\\Teredo\\Type"),
                 td_knowledge_explain_off_switch ("teredo-type"), argv, TRUE, TRUE, NULL, NULL);
}

static gboolean
applies_policy_teredo_state (const TdFacts *f)
{
  return on_windows (f) && policy_disables_teredo (f);
}

static TdRemedy *
build_policy_teredo_state (const TdFacts *f)
{
  const char *key = NULL;
  const char *argv[] = { "reg", "delete", NULL, "/v", "Teredo_State", "/f", NULL };

  policy_value (f, "Teredo_State", &key);
  argv[2] = key;
  return remedy ("windows", _("Remove the Group Policy that switches Teredo off"),
                 _("The policy value wins over netsh. Delete it here, or set “Set Teredo State” back "
                   "to Not Configured (gpedit.msc: Computer Configuration › Administrative Templates › "
                   "Network › TCPIP Settings › IPv6 Transition Technologies). On a company PC ask "
                   "your administrator: a domain policy comes back."),
                 argv, TRUE, FALSE, NULL, NULL);
}

/* netsh Type = disabled, set locally (a policy is the rule above). */
static gboolean
type_disabled_locally (const TdFacts *f)
{
  return on_windows (f) && client_of (f) != NULL && client_of (f)->type == TD_TEREDO_TYPE_DISABLED &&
         !type_forced_by_policy (f);
}

static gboolean
applies_type_default (const TdFacts *f)
{
  /* The plain client switches itself off on managed networks. */
  return type_disabled_locally (f) && !network_is_managed (f);
}

static TdRemedy *
build_type_default (const TdFacts *f)
{
  return netsh_remedy (f, "type=default", _("Turn Teredo back on"),
                       _("Sets the Teredo type from “disabled” back to the default client. Never add a "
                         "Teredo adapter by hand in Device Manager."),
                       "teredo-default", NULL);
}

static gboolean
applies_type_enterprise_when_disabled (const TdFacts *f)
{
  return type_disabled_locally (f) && network_is_managed (f) && !legacy_netsh (f);
}

static TdRemedy *
build_type_enterprise_when_disabled (const TdFacts *f)
{
  return netsh_remedy (f, "type=enterpriseclient", _("Turn Teredo back on as the enterprise client"),
                       _("This network counts as managed, where the default client would switch itself "
                         "off again; the enterprise client skips that test."),
                       "teredo-enterpriseclient", NULL);
}

static gboolean
applies_iphlpsvc_auto (const TdFacts *f)
{
  return on_windows (f) && service_disabled (f, "iphlpsvc");
}

static TdRemedy *
build_iphlpsvc_auto (const TdFacts *f)
{
  const char *argv[] = { "sc.exe", "config", "iphlpsvc", "start=", "auto", NULL };

  return remedy ("windows", _("Let the IP Helper service start again"),
                 _("Teredo lives in the IP Helper service (iphlpsvc), which is disabled. "
                   "“sc.exe”, not “sc”: in PowerShell “sc” is Set-Content."),
                 argv, TRUE, FALSE, "iphlpsvc-auto", NULL);
}

static gboolean
applies_iphlpsvc_start (const TdFacts *f)
{
  return on_windows (f) && service_stopped (f, "iphlpsvc");
}

static TdRemedy *
build_iphlpsvc_start (const TdFacts *f)
{
  const char *argv[] = { "sc.exe", "start", "iphlpsvc", NULL };

  return remedy ("windows", _("Start the IP Helper service"), NULL, argv, TRUE, FALSE,
                 "iphlpsvc-start", NULL);
}

/* no-ipv6-firewall */

static gboolean
applies_mpssvc_auto (const TdFacts *f)
{
  return on_windows (f) && service_disabled (f, "MpsSvc");
}

static TdRemedy *
build_mpssvc_auto (const TdFacts *f)
{
  const char *argv[] = { "sc.exe", "config", "MpsSvc", "start=", "auto", NULL };

  return remedy ("windows", _("Let the Windows Firewall service start again"),
                 _("Teredo needs the Windows Firewall service (MpsSvc), which is disabled."),
                 argv, TRUE, FALSE, "mpssvc-auto", NULL);
}

static gboolean
applies_mpssvc_start (const TdFacts *f)
{
  return on_windows (f) && service_stopped (f, "MpsSvc");
}

static TdRemedy *
build_mpssvc_start (const TdFacts *f)
{
  const char *argv[] = { "sc.exe", "start", "MpsSvc", NULL };

  return remedy ("windows", _("Start the Windows Firewall service"),
                 _("Switching profiles on filters nothing while the service is stopped."),
                 argv, TRUE, FALSE, "mpssvc-start", NULL);
}

static gboolean
applies_firewall_on (const TdFacts *f)
{
  return on_windows (f) && has_off_switch (f, "firewall-off");
}

static TdRemedy *
build_firewall_on (const TdFacts *f)
{
  const char *argv[] = { "netsh", "advfirewall", "set", "allprofiles", "state", "on", NULL };

  return remedy ("windows", _("Turn Windows Firewall back on"),
                 _("Windows runs Teredo only with an IPv6 firewall. A third-party firewall that "
                   "registers with Windows and covers IPv6 also counts; if you use one, check that it "
                   "is on instead."),
                 argv, TRUE, FALSE, "firewall-on", NULL);
}

/* managed-network */

static gboolean
applies_enterpriseclient (const TdFacts *f)
{
  return on_windows (f) && td_diagnosis_managed_network (f->host) && !type_forced_by_policy (f) &&
         !legacy_netsh (f);
}

static TdRemedy *
build_enterpriseclient (const TdFacts *f)
{
  return netsh_remedy (f, "type=enterpriseclient", _("Switch Teredo to the enterprise client"),
                       _("The enterprise client skips the managed-network test; nothing else changes. "
                         "(“natawareclient” fails on older Windows with “The parameter is "
                         "incorrect”.)"),
                       "teredo-enterpriseclient", NULL);
}

static TdRemedy *
build_enterpriseclient_powershell (const TdFacts *f)
{
  const char *argv[] = { "powershell", "-NoProfile", "-Command",
                         "Set-NetTeredoConfiguration -Type Enterpriseclient", NULL };

  return remedy ("windows", _("Or the same with PowerShell"), _("Windows 8 and later."), argv, TRUE,
                 FALSE, NULL, NULL);
}

static gboolean
applies_policy_enterpriseclient (const TdFacts *f)
{
  return on_windows (f) && td_diagnosis_managed_network (f->host) && type_forced_by_policy (f) &&
         !policy_disables_teredo (f);
}

static TdRemedy *
build_policy_enterpriseclient (const TdFacts *f)
{
  const char *key = TEREDO_POLICY_KEY;
  const char *argv[] = { "reg", "add", NULL, "/v", "Teredo_State", "/t", "REG_SZ", "/d",
                         "Enterprise Client", "/f", NULL };

  policy_value (f, "Teredo_State", &key);
  argv[2] = key;
  return remedy ("windows", _("Set the Teredo State policy to Enterprise Client"),
                 _("The client type is forced by Group Policy, which netsh cannot change. Set “Set "
                   "Teredo State” to Enterprise Client (gpedit.msc: Computer Configuration › "
                   "Administrative Templates › Network › TCPIP Settings › IPv6 Transition "
                   "Technologies), or change the policy value here."),
                 argv, TRUE, FALSE, NULL, NULL);
}

/* server-unresolvable, server-down, udp-blocked, … */

static gboolean
applies_policy_server (const TdFacts *f)
{
  return on_windows (f) && server_forced_by_policy (f) && !policy_disables_teredo (f) &&
         !client_works (f);
}

static TdRemedy *
build_policy_server (const TdFacts *f)
{
  const char *key = TEREDO_POLICY_KEY;
  const char *argv[] = { "reg", "delete", NULL, "/v", "Teredo_ServerName", "/f", NULL };

  /* netsh says "(Group Policy)" but the local policy key does not hold the
   * value (a domain policy, or the key could not be read): only the policy
   * route, no command that would fail. */
  if (policy_value (f, "Teredo_ServerName", &key) == NULL)
    return remedy ("windows", _("Set the Teredo server policy back to Not Configured"),
                   _("The server name is forced by Group Policy (netsh shows “(Group Policy)”), "
                     "which netsh cannot change: set “Set Teredo Server Name” to Not Configured "
                     "(gpedit.msc: Computer Configuration › Administrative Templates › Network › "
                     "TCPIP Settings › IPv6 Transition Technologies), or ask the administrator of "
                     "the domain."),
                   NULL, TRUE, FALSE, NULL, NULL);
  argv[2] = key;
  return remedy ("windows", _("Remove the server name forced by Group Policy"),
                 _("A policy value overrides netsh’s servername. Delete it here, or set “Set Teredo "
                   "Server Name” back to Not Configured."),
                 argv, TRUE, FALSE, NULL, NULL);
}

/* Another server helps when the current one may be the problem; never on a
 * working client, never where a policy decides the server or switches
 * Teredo off. */
static gboolean
applies_windows_set_server (const TdFacts *f)
{
  return on_windows (f) && alternative_server (f) != NULL && !server_forced_by_policy (f) &&
         !policy_disables_teredo (f) && !client_works (f) && !dns_down (f) &&
         !(client_of (f) != NULL && client_of (f)->type == TD_TEREDO_TYPE_DISABLED);
}

static TdRemedy *
build_windows_set_server (const TdFacts *f)
{
  const char *server = alternative_server (f);
  g_autofree char *setting = g_strdup_printf ("servername=%s", server);
  g_autofree char *title = g_strdup_printf (_("Use the Teredo server %s"), server);
  g_autofree char *description =
    with_server_caveat (_("The dated server table shipped with Teredo Doctor lists this server as "
                          "working."), server);
  const char *args[] = { server, NULL };

  return netsh_remedy (f, setting, title, description, "teredo-set-server", args);
}

static gboolean
applies_linux_set_server (const TdFacts *f)
{
  return on_linux (f) && is_miredo (f) && alternative_server (f) != NULL && !client_works (f) &&
         !dns_down (f);
}

static TdRemedy *
build_linux_set_server (const TdFacts *f)
{
  const char *server = alternative_server (f);
  const char *argv[] = { "teredo-doctor-cli", "fix", "miredo-set-server", server, NULL };
  const char *args[] = { server, NULL };
  g_autofree char *title = g_strdup_printf (_("Point miredo at the Teredo server %s"), server);
  g_autofree char *description =
    with_server_caveat (_("Sets ServerAddress in the miredo configuration miredo reads, keeps its "
                          "other lines, and restarts miredo."), server);

  return remedy ("linux", title, description, argv, TRUE, FALSE, "miredo-set-server", args);
}

/* The client-stopped case: only when its server is known dead. */
static gboolean
applies_linux_set_server_dead (const TdFacts *f)
{
  return applies_linux_set_server (f) && current_server_dead (f);
}

static TdRemedy *
build_check_network (const TdFacts *f)
{
  return remedy (td_platform_to_string (f->platform), _("Get names resolving again first"),
                 _("Check that this computer is connected, and that its DNS server answers (open any "
                   "web site by name). Changing the Teredo server does not help while no name "
                   "resolves."),
                 NULL, FALSE, FALSE, NULL, NULL);
}

/* Not qualified: a dormant client is included, it fails when woken. */
static gboolean
applies_windows_not_working (const TdFacts *f)
{
  return on_windows (f) && !client_is (f, TD_TEREDO_STATE_QUALIFIED);
}

static TdRemedy *
build_windows_allow_udp (const TdFacts *f)
{
  return remedy ("windows", _("Let UDP port 3544 through your security software and router"),
                 _("Third-party firewalls (Norton was reported), captive portals and some providers "
                   "drop Teredo. Allow outgoing UDP to port 3544 and the answers to it; accept the "
                   "captive portal first on public Wi-Fi."),
                 NULL, FALSE, FALSE, NULL, NULL);
}

static gboolean
applies_restart_iphlpsvc (const TdFacts *f)
{
  return on_windows (f) && !client_works (f) && !td_diagnosis_teredo_switched_off (f->host) &&
         !legacy_netsh (f);
}

static TdRemedy *
build_restart_iphlpsvc (const TdFacts *f)
{
  const char *argv[] = { "powershell", "-NoProfile", "-NonInteractive", "-Command",
                         "Restart-Service -Name iphlpsvc -Force", NULL };

  return remedy ("windows", _("Restart the IP Helper service"),
                 _("Teredo lives in the IP Helper service. The client stops retrying about 30 seconds "
                   "after a failure (a captive portal not yet accepted, a blocked path); a restart "
                   "makes it qualify again at once."),
                 argv, TRUE, FALSE, "iphlpsvc-restart", NULL);
}

static gboolean
applies_linux_local_firewall (const TdFacts *f)
{
  return on_linux (f) &&
         ((f->probe != NULL && g_error_matches (f->probe->error, TD_ERROR, TD_ERROR_LOCAL_FIREWALL)) ||
          (f->host != NULL && f->host->firewall != NULL &&
           f->host->firewall->active == TD_TRISTATE_YES));
}

static TdRemedy *
build_linux_local_firewall (const TdFacts *f)
{
  const char *name = f->host != NULL && f->host->firewall != NULL && f->host->firewall->name != NULL
                     ? f->host->firewall->name : "nftables";
  g_autofree char *description =
    g_strdup_printf (_("This computer's firewall (%s) may drop Teredo. Allow outgoing UDP to the "
                       "Teredo server's port 3544 and the answers to it in the chain that drops "
                       "(for firewalld or ufw, with their own commands). Teredo Doctor cannot tell "
                       "safely which rule to change, so it offers no automatic fix."), name);

  return remedy ("linux", _("Let UDP to the Teredo server through this computer's firewall"),
                 description, NULL, TRUE, FALSE, NULL, NULL);
}

static TdRemedy *
build_router_udp (const TdFacts *f)
{
  return remedy (td_platform_to_string (f->platform), _("Let UDP port 3544 through the router"),
                 _("If this computer's firewall lets it pass, the block is in your router or at your "
                   "provider: allow outgoing UDP 3544 there."),
                 NULL, FALSE, FALSE, NULL, NULL);
}

/* secondary-blocked */

static TdRemedy *
build_secondary_allow (const TdFacts *f)
{
  g_autofree char *description = NULL;

  if (client_port_set (f))
    description = g_strdup_printf (_("Your firewall or router lets only the first server address "
                                     "through. Allow UDP from port %d to port 3544 of both (the "
                                     "second is the first plus one)."), client_of (f)->client_port);
  else
    description = g_strdup (_("Your firewall or router lets only the first server address through. "
                              "Allow UDP to port 3544 of both (the second is the first plus one)."));
  return remedy ("windows", _("Allow UDP to the server's second address"), description, NULL, FALSE,
                 FALSE, NULL, NULL);
}

/* symmetric-nat: a fixed client port, unless one is set already (its
 * forward must not be broken). */
static gboolean
applies_client_port (const TdFacts *f)
{
  return on_windows (f) && !client_port_set (f) && !type_forced_by_policy (f) &&
         !(client_of (f) != NULL && client_of (f)->type == TD_TEREDO_TYPE_DISABLED);
}

static TdRemedy *
build_client_port (const TdFacts *f)
{
  const char *args[] = { "3074", NULL };

  return netsh_remedy (f, "clientport=3074", _("Give Teredo the fixed client port 3074"),
                       _("Then forward UDP 3074 on your router to this PC, or turn UPnP on. Avoid double "
                         "NAT (a provider modem in front of your own router)."),
                       "teredo-client-port", args);
}

static gboolean
applies_forward_existing_port (const TdFacts *f)
{
  return on_windows (f) && client_port_set (f);
}

static TdRemedy *
build_forward_existing_port (const TdFacts *f)
{
  g_autofree char *title = g_strdup_printf (_("Forward UDP port %d on your router to this PC"),
                                            client_of (f)->client_port);

  return remedy ("windows", title,
                 _("Teredo already uses this fixed client port: keep it, and forward it (or turn "
                   "UPnP on) so that peers can reach you first."),
                 NULL, FALSE, FALSE, NULL, NULL);
}

static gboolean
applies_linux_bind_port (const TdFacts *f)
{
  return on_linux (f) && is_miredo (f);
}

static TdRemedy *
build_linux_bind_port (const TdFacts *f)
{
  g_autofree char *description = NULL;

  if (client_port_set (f))
    description = g_strdup_printf (_("miredo already binds UDP port %d (BindPort): forward it on the "
                                     "router to this computer, or turn UPnP on."),
                                   client_of (f)->client_port);
  else
    description = g_strdup (_("Set BindPort in miredo's configuration (for example 3074), forward "
                              "that UDP port on the router to this computer, or turn UPnP on."));
  return remedy ("linux", _("Forward a fixed UDP port to this computer"), description, NULL, TRUE,
                 FALSE, NULL, NULL);
}

/* teredo-probing, teredo-offline, teredo-client-stopped on Linux */

static gboolean
applies_miredo_restart (const TdFacts *f)
{
  return on_linux (f) && is_miredo (f) && client_is (f, TD_TEREDO_STATE_PROBE);
}

static TdRemedy *
build_miredo_restart (const TdFacts *f)
{
  const char *argv[] = { "teredo-doctor-cli", "fix", "miredo-restart", NULL };

  return remedy ("linux", _("Restart miredo"), _("Makes miredo resolve and solicit its server again."),
                 argv, TRUE, FALSE, "miredo-restart", NULL);
}

static gboolean
applies_miredo_start (const TdFacts *f)
{
  return on_linux (f) && is_miredo (f) && client_of (f)->state == TD_TEREDO_STATE_OFFLINE;
}

static TdRemedy *
build_miredo_start (const TdFacts *f)
{
  const char *argv[] = { "teredo-doctor-cli", "fix", "miredo-start", NULL };

  return remedy ("linux", _("Start miredo"),
                 _("Starts the installed miredo the way this system runs services."),
                 argv, TRUE, FALSE, "miredo-start", NULL);
}

/* The ladder of the facts document §4 for a client offline without a
 * reason of its own: restart, reset (with a reboot between), another
 * server.  The reset keeps the user's client type. */
static gboolean
applies_reset (const TdFacts *f)
{
  return on_windows (f) && client_of (f) != NULL && !type_forced_by_policy (f);
}

static TdRemedy *
build_reset_off (const TdFacts *f)
{
  return netsh_remedy (f, "disabled", _("If that does not help: reset Teredo (1 of 2), then reboot"),
                       _("Switches Teredo off; reboot before step 2. Never add a Teredo adapter by hand "
                         "in Device Manager."),
                       NULL, NULL);
}

static TdRemedy *
build_reset_on (const TdFacts *f)
{
  TdTeredoType type = client_of (f)->type;
  const char *name = type == TD_TEREDO_TYPE_UNSET || type == TD_TEREDO_TYPE_DISABLED
                     ? "default" : td_teredo_type_to_string (type);
  g_autofree char *setting = g_strdup_printf ("type=%s", name);
  g_autofree char *description =
    g_strdup_printf (_("After the reboot: switches Teredo back on with the type it had (%s), so that "
                       "your settings stay."), name);
  TdRemedy *self = netsh_remedy (f, setting, _("Reset Teredo (2 of 2), after the reboot"),
                                 description, NULL, NULL);

  self->needs_reboot = TRUE;
  return self;
}

/* teredo-client-missing */

static gboolean
applies_install_miredo (const TdFacts *f)
{
  return on_linux (f);
}

static TdRemedy *
build_install_miredo (const TdFacts *f)
{
  const char *argv[] = { "apt-get", "install", "miredo", NULL };

  return remedy ("linux", _("Install miredo, the Teredo client for Linux"),
                 _("On Fedora use “dnf install miredo”, on Arch “pacman -S miredo”. Then set its "
                   "ServerAddress to a working server: the packaged default may be retired."),
                 argv, TRUE, FALSE, NULL, NULL);
}

static gboolean
applies_macos (const TdFacts *f)
{
  return f->platform == TD_PLATFORM_MACOS;
}

static TdRemedy *
build_macos_alternative (const TdFacts *f)
{
  return remedy ("macos", _("Use another IPv6 transition method"),
                 _("macOS has no Teredo client; use native IPv6 from your provider or a tunnel broker."),
                 NULL, FALSE, FALSE, NULL, NULL);
}

/* no firewall on Linux (a check's advice, not a Teredo finding) */

static gboolean
applies_linux_no_firewall (const TdFacts *f)
{
  return !on_windows (f);
}

static TdRemedy *
build_enable_firewall (const TdFacts *f)
{
  return remedy (td_platform_to_string (f->platform), _("Enable a host firewall"),
                 _("With a global IPv6 address every service of this computer is reachable from the "
                   "Internet; enable firewalld or ufw."),
                 NULL, TRUE, FALSE, NULL, NULL);
}

/* server-peers-only */

static TdRemedy *
build_peers_only (const TdFacts *f)
{
  return remedy (td_platform_to_string (f->platform), _("Use native IPv6 for the IPv6 Internet"),
                 _("Peers work through this server; for IPv6 web sites you need native IPv6 from your "
                   "provider or a tunnel broker. No server in the dated table relays to the IPv6 "
                   "Internet any more."),
                 NULL, FALSE, FALSE, NULL, NULL);
}

#define FACTS_2 "windows-teredo-facts.md §2 (Type values)"
#define FACTS_4 "windows-teredo-facts.md §4 (error strings, causes and fixes)"
#define FACTS_7 "windows-teredo-facts.md §7 (registry kill switches, DisabledComponents)"
#define DEMANDS(n) "user-demands.md §" #n

typedef struct {
  TdRemedyRuleInfo  info;
  gboolean        (*applies) (const TdFacts *facts);
  TdRemedy       *(*build)   (const TdFacts *facts);
} RemedyRule;

/* The table, in the order the steps are shown for each finding. */
static const RemedyRule rules[] = {
  { { "win-dc-ipv6-off", TD_VERDICT_IPV6_DISABLED, "windows", FACTS_7,
      "DisabledComponents = 0xFF" }, applies_dc_all_off, build_dc_all_off },
  { { "linux-sysctl-ipv6", TD_VERDICT_IPV6_DISABLED, "linux",
      "Linux ip-sysctl (net.ipv6.conf.all.disable_ipv6)", "Linux" },
    applies_linux_sysctl, build_linux_sysctl },

  { { "win-dc-teredo-bits", TD_VERDICT_TEREDO_DISABLED, "windows", FACTS_7 "; " DEMANDS (2),
      "DisabledComponents has bit 0x01 or 0x08, not 0xFF; writes value & ~0x09" },
    applies_dc_teredo_bits, build_dc_teredo_bits },
  { { "win-teredo-type-registry", TD_VERDICT_TEREDO_DISABLED, "windows", DEMANDS (2),
      "iphlpsvc\\Teredo\\Type = 4" }, applies_teredo_type_registry, build_teredo_type_registry },
  { { "win-policy-teredo-state", TD_VERDICT_TEREDO_DISABLED, "windows",
      "windows-teredo-facts.md §1 (Group Policy overrides); " DEMANDS (9),
      "policy Teredo_State = Disabled (the key it was found under)" },
    applies_policy_teredo_state, build_policy_teredo_state },
  { { "win-type-default", TD_VERDICT_TEREDO_DISABLED, "windows",
      FACTS_2 "; windows-teredo-facts.md §10 (Xbox steps)",
      "netsh Type = disabled, not forced by policy, network not managed" },
    applies_type_default, build_type_default },
  { { "win-type-enterprise-disabled", TD_VERDICT_TEREDO_DISABLED, "windows", FACTS_2 "; " FACTS_4,
      "netsh Type = disabled, not forced by policy, managed network or domain member" },
    applies_type_enterprise_when_disabled, build_type_enterprise_when_disabled },
  { { "win-iphlpsvc-auto", TD_VERDICT_TEREDO_DISABLED, "windows", DEMANDS (11),
      "service iphlpsvc start type disabled" }, applies_iphlpsvc_auto, build_iphlpsvc_auto },
  { { "win-iphlpsvc-start", TD_VERDICT_TEREDO_DISABLED, "windows", DEMANDS (11),
      "service iphlpsvc installed and not running" }, applies_iphlpsvc_start, build_iphlpsvc_start },

  { { "win-mpssvc-auto", TD_VERDICT_NO_IPV6_FIREWALL, "windows", DEMANDS (12),
      "service MpsSvc start type disabled" }, applies_mpssvc_auto, build_mpssvc_auto },
  { { "win-mpssvc-start", TD_VERDICT_NO_IPV6_FIREWALL, "windows", DEMANDS (12),
      "service MpsSvc installed and not running" }, applies_mpssvc_start, build_mpssvc_start },
  { { "win-firewall-on", TD_VERDICT_NO_IPV6_FIREWALL, "windows",
      DEMANDS (12) "; Xbox support (Windows Firewall on, default policy); KB 968510",
      "a Windows Firewall profile is off" }, applies_firewall_on, build_firewall_on },
  { { "any-enable-firewall", TD_VERDICT_NO_IPV6_FIREWALL, "any", "RFC 4380 §7 (security)",
      "not Windows" }, applies_linux_no_firewall, build_enable_firewall },

  { { "win-enterpriseclient", TD_VERDICT_MANAGED_NETWORK, "windows", FACTS_2 "; " FACTS_4,
      "managed network stops the client; type not forced by policy; not XP" },
    applies_enterpriseclient, build_enterpriseclient },
  { { "win-enterpriseclient-powershell", TD_VERDICT_MANAGED_NETWORK, "windows", FACTS_4,
      "as win-enterpriseclient" }, applies_enterpriseclient, build_enterpriseclient_powershell },
  { { "win-policy-enterpriseclient", TD_VERDICT_MANAGED_NETWORK, "windows", FACTS_4 "; " DEMANDS (9),
      "managed network stops the client; type forced by policy" },
    applies_policy_enterpriseclient, build_policy_enterpriseclient },

  { { "any-check-network", TD_VERDICT_DNS_DOWN, "any", DEMANDS (6), "no name resolves" },
    always, build_check_network },

  { { "win-policy-server", TD_VERDICT_SERVER_UNRESOLVABLE, "windows", FACTS_4 "; " DEMANDS (6),
      "server forced by policy; client not working" }, applies_policy_server, build_policy_server },
  { { "win-set-server", TD_VERDICT_SERVER_UNRESOLVABLE, "windows", FACTS_4 "; " DEMANDS (6),
      "an alive server in the dated table; server not forced by policy; client not working" },
    applies_windows_set_server, build_windows_set_server },
  { { "linux-set-server", TD_VERDICT_SERVER_UNRESOLVABLE, "linux", DEMANDS (6) " (miredo)",
      "miredo installed; an alive server in the table; client not working" },
    applies_linux_set_server, build_linux_set_server },

  { { "win-policy-server", TD_VERDICT_SERVER_DOWN, "windows", FACTS_4, "as above" },
    applies_policy_server, build_policy_server },
  { { "win-set-server", TD_VERDICT_SERVER_DOWN, "windows", FACTS_4, "as above" },
    applies_windows_set_server, build_windows_set_server },
  { { "linux-set-server", TD_VERDICT_SERVER_DOWN, "linux", DEMANDS (6), "as above" },
    applies_linux_set_server, build_linux_set_server },

  { { "win-allow-udp", TD_VERDICT_UDP_BLOCKED, "windows", FACTS_4 "; " DEMANDS (4),
      "client not working" }, applies_windows_not_working, build_windows_allow_udp },
  { { "win-restart-iphlpsvc", TD_VERDICT_UDP_BLOCKED, "windows", FACTS_4 " (Teredo at the Library)",
      "client not working, not switched off" }, applies_restart_iphlpsvc, build_restart_iphlpsvc },
  { { "win-set-server", TD_VERDICT_UDP_BLOCKED, "windows", FACTS_4, "as above" },
    applies_windows_set_server, build_windows_set_server },
  { { "linux-local-firewall", TD_VERDICT_UDP_BLOCKED, "linux",
      "teredo-protocol.md §6.7 (UDP blocked)", "a local firewall is active or refused to send" },
    applies_linux_local_firewall, build_linux_local_firewall },
  { { "any-router-udp", TD_VERDICT_UDP_BLOCKED, "any", DEMANDS (4), "not Windows" },
    applies_linux_no_firewall, build_router_udp },
  { { "linux-set-server", TD_VERDICT_UDP_BLOCKED, "linux", DEMANDS (4), "as above" },
    applies_linux_set_server, build_linux_set_server },

  { { "win-secondary-allow", TD_VERDICT_SECONDARY_BLOCKED, "windows", FACTS_4, "client not working" },
    applies_windows_not_working, build_secondary_allow },
  { { "win-set-server", TD_VERDICT_SECONDARY_BLOCKED, "windows", FACTS_4, "as above" },
    applies_windows_set_server, build_windows_set_server },

  { { "win-client-port", TD_VERDICT_SYMMETRIC_NAT, "windows", DEMANDS (14) " (teredoFix README)",
      "no client port set; type not forced by policy, not disabled" },
    applies_client_port, build_client_port },
  { { "win-forward-client-port", TD_VERDICT_SYMMETRIC_NAT, "windows", DEMANDS (14),
      "a client port is set: keep it, forward it" }, applies_forward_existing_port,
    build_forward_existing_port },
  { { "linux-bind-port", TD_VERDICT_SYMMETRIC_NAT, "linux", DEMANDS (14) "; miredo.conf(5) BindPort",
      "miredo installed" }, applies_linux_bind_port, build_linux_bind_port },

  { { "win-restart-iphlpsvc", TD_VERDICT_TEREDO_PROBING, "windows", FACTS_4, "as above" },
    applies_restart_iphlpsvc, build_restart_iphlpsvc },
  { { "win-set-server", TD_VERDICT_TEREDO_PROBING, "windows", FACTS_4, "as above" },
    applies_windows_set_server, build_windows_set_server },
  { { "linux-miredo-restart", TD_VERDICT_TEREDO_PROBING, "linux", DEMANDS (5),
      "miredo in probe" }, applies_miredo_restart, build_miredo_restart },
  { { "linux-set-server", TD_VERDICT_TEREDO_PROBING, "linux", DEMANDS (5), "as above" },
    applies_linux_set_server, build_linux_set_server },

  { { "win-restart-iphlpsvc", TD_VERDICT_TEREDO_OFFLINE, "windows", FACTS_4, "as above" },
    applies_restart_iphlpsvc, build_restart_iphlpsvc },
  { { "win-reset-off", TD_VERDICT_TEREDO_OFFLINE, "windows", FACTS_4 "; " DEMANDS (8),
      "a client; type not forced by policy" }, applies_reset, build_reset_off },
  { { "win-reset-on", TD_VERDICT_TEREDO_OFFLINE, "windows", FACTS_4 "; " DEMANDS (8),
      "as win-reset-off; keeps the client's type" }, applies_reset, build_reset_on },
  { { "win-set-server", TD_VERDICT_TEREDO_OFFLINE, "windows", FACTS_4, "as above" },
    applies_windows_set_server, build_windows_set_server },

  { { "linux-install-miredo", TD_VERDICT_TEREDO_CLIENT_MISSING, "linux", "miredo(8)", "Linux" },
    applies_install_miredo, build_install_miredo },
  { { "macos-alternative", TD_VERDICT_TEREDO_CLIENT_MISSING, "macos", "RFC 4380 §1", "macOS" },
    applies_macos, build_macos_alternative },

  { { "linux-set-server-dead", TD_VERDICT_TEREDO_CLIENT_STOPPED, "linux", DEMANDS (6) " (miredo)",
      "its server is dead or does not resolve" }, applies_linux_set_server_dead,
    build_linux_set_server },
  { { "linux-miredo-start", TD_VERDICT_TEREDO_CLIENT_STOPPED, "linux", "miredo(8)",
      "miredo installed, not running" }, applies_miredo_start, build_miredo_start },

  { { "any-native-ipv6", TD_VERDICT_SERVER_PEERS_ONLY, "any",
      "windows-teredo-facts.md §11 (item 2)", "qualified on a peers-only server, IPv6 web failed" },
    always, build_peers_only },
};

static gboolean
platform_matches (const RemedyRule *rule,
                  TdPlatform        platform)
{
  return g_str_equal (rule->info.platform, "any") ||
         g_str_equal (rule->info.platform, td_platform_to_string (platform));
}

static void
add_rules_for (GPtrArray     *remedies,
               TdVerdictCode  code,
               const TdFacts *facts)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const RemedyRule *rule = &rules[i];
      TdRemedy *built;
      gboolean seen = FALSE;

      if (rule->info.finding != code || !platform_matches (rule, facts->platform) ||
          !rule->applies (facts))
        continue;
      /* One rule may serve several findings: offered once. */
      for (guint j = 0; j < remedies->len && !seen; j++)
        seen = g_strcmp0 (((TdRemedy *) g_ptr_array_index (remedies, j))->id, rule->info.id) == 0;
      if (seen)
        continue;
      built = rule->build (facts);
      td_remedy_set_origin (built, rule->info.id, rule->info.source);
      g_ptr_array_add (remedies, built);
    }
}

GPtrArray *
td_knowledge_remedies_for (TdVerdictCode  code,
                           const TdFacts *facts)
{
  GPtrArray *remedies = g_ptr_array_new_with_free_func ((GDestroyNotify) td_remedy_free);

  g_return_val_if_fail (facts != NULL, remedies);

  add_rules_for (remedies, code, facts);
  return remedies;
}

GPtrArray *
td_knowledge_remedies (TdVerdictCode  code,
                       TdPlatform     platform,
                       TdHost        *host,
                       TdProbeResult *probe)
{
  TdFacts facts = { .platform = platform, .host = host, .probe = probe,
                    .ipv6_http = TD_TRISTATE_UNSET };

  return td_knowledge_remedies_for (code, &facts);
}

GPtrArray *
td_knowledge_verdict_remedies (const TdVerdict *verdict,
                               const TdFacts   *facts)
{
  GPtrArray *remedies = g_ptr_array_new_with_free_func ((GDestroyNotify) td_remedy_free);

  g_return_val_if_fail (verdict != NULL && facts != NULL, remedies);

  /* The leader is findings[0]. */
  for (guint i = 0; i < verdict->findings->len; i++)
    add_rules_for (remedies, g_array_index (verdict->findings, TdVerdictCode, i), facts);
  return remedies;
}

gboolean
td_knowledge_action_fixes (const char    *action,
                           TdVerdictCode  code)
{
  static const struct {
    const char     *action;
    TdVerdictCode   codes[6];
    guint           n;
  } map[] = {
    { "teredo-enterpriseclient", { TD_VERDICT_MANAGED_NETWORK, TD_VERDICT_TEREDO_DISABLED }, 2 },
    { "teredo-default", { TD_VERDICT_TEREDO_DISABLED }, 1 },
    { "teredo-set-server", { TD_VERDICT_SERVER_UNRESOLVABLE, TD_VERDICT_SERVER_DOWN,
                             TD_VERDICT_UDP_BLOCKED, TD_VERDICT_SECONDARY_BLOCKED,
                             TD_VERDICT_TEREDO_PROBING, TD_VERDICT_TEREDO_OFFLINE }, 6 },
    { "teredo-client-port", { TD_VERDICT_SYMMETRIC_NAT, TD_VERDICT_SECONDARY_BLOCKED }, 2 },
    { "iphlpsvc-restart", { TD_VERDICT_TEREDO_PROBING, TD_VERDICT_TEREDO_OFFLINE,
                            TD_VERDICT_UDP_BLOCKED }, 3 },
    { "iphlpsvc-auto", { TD_VERDICT_TEREDO_DISABLED }, 1 },
    { "iphlpsvc-start", { TD_VERDICT_TEREDO_DISABLED }, 1 },
    { "mpssvc-auto", { TD_VERDICT_NO_IPV6_FIREWALL }, 1 },
    { "mpssvc-start", { TD_VERDICT_NO_IPV6_FIREWALL }, 1 },
    { "firewall-on", { TD_VERDICT_NO_IPV6_FIREWALL }, 1 },
    { "disabled-components-set", { TD_VERDICT_TEREDO_DISABLED, TD_VERDICT_IPV6_DISABLED }, 2 },
    { "miredo-start", { TD_VERDICT_TEREDO_CLIENT_STOPPED, TD_VERDICT_TEREDO_PROBING }, 2 },
    { "miredo-restart", { TD_VERDICT_TEREDO_CLIENT_STOPPED, TD_VERDICT_TEREDO_PROBING }, 2 },
    { "miredo-enable", { TD_VERDICT_TEREDO_CLIENT_STOPPED }, 1 },
    { "miredo-set-server", { TD_VERDICT_SERVER_UNRESOLVABLE, TD_VERDICT_SERVER_DOWN,
                             TD_VERDICT_UDP_BLOCKED, TD_VERDICT_TEREDO_PROBING,
                             TD_VERDICT_TEREDO_CLIENT_STOPPED }, 5 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (map[i].action, action) == 0)
      for (guint j = 0; j < map[i].n; j++)
        if (map[i].codes[j] == code)
          return TRUE;
  return FALSE;
}

char *
td_knowledge_describe_fix_outcome (const char      *action,
                                   const TdVerdict *after,
                                   gboolean        *out_helped)
{
  const char *title = td_fix_title_for_outcome (action);

  g_return_val_if_fail (action != NULL && after != NULL, NULL);

  for (guint i = 0; i < after->findings->len; i++)
    {
      TdVerdictCode code = g_array_index (after->findings, TdVerdictCode, i);

      if (td_knowledge_action_fixes (action, code))
        {
          if (out_helped != NULL)
            *out_helped = FALSE;
          /* TRANSLATORS: the first %s is a fix ("Restart the IP Helper
           * service"), the second a finding's title. */
          return g_strdup_printf (_("“%s” did not help: the checks still find “%s”."), title,
                                  td_verdict_code_get_title (code));
        }
    }
  if (out_helped != NULL)
    *out_helped = TRUE;
  /* TRANSLATORS: the first %s is a fix, the second the new verdict's title. */
  return g_strdup_printf (_("“%s” helped: the checks no longer find what it fixes. Now: %s."), title,
                          td_verdict_code_get_title (after->code));
}

const TdRemedyRuleInfo *
td_knowledge_get_rules (guint *n_rules)
{
  static TdRemedyRuleInfo infos[G_N_ELEMENTS (rules)];

  if (infos[0].id == NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
      infos[i] = rules[i].info;
  if (n_rules != NULL)
    *n_rules = G_N_ELEMENTS (rules);
  return infos;
}
