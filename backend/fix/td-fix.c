/* td-fix.c — the allow-list of privileged fixes, and the only way to run them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "td-fix.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-address.h"
#include "td-error.h"
#include "td-fix-private.h"

typedef enum {
  ARG_NONE,
  ARG_SERVER,
  ARG_SERVER_OR_DEFAULT,
  ARG_PORT,
  ARG_DC_VALUE,      /* a DisabledComponents value that keeps Teredo: 0x.. with
                      * bits 0x01 and 0x08 clear, never 0xFF */
} ArgKind;

typedef struct {
  const char *id;
  TdPlatform  platform;
  ArgKind     arg;
  const char *title;
} ActionInfo;

static const ActionInfo actions[] = {
  { "miredo-start",            TD_PLATFORM_LINUX,   ARG_NONE,              N_("Start Miredo") },
  { "miredo-restart",          TD_PLATFORM_LINUX,   ARG_NONE,              N_("Restart Miredo") },
  { "miredo-enable",           TD_PLATFORM_LINUX,   ARG_NONE,              N_("Start Miredo now and at every boot") },
  { "miredo-set-server",       TD_PLATFORM_LINUX,   ARG_SERVER,            N_("Set Miredo’s Teredo server") },
  { "nft-remove-teredo",       TD_PLATFORM_LINUX,   ARG_NONE,              N_("Remove the Teredo Doctor nftables rules") },
  { "teredo-enterpriseclient", TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Switch Teredo to the enterprise client") },
  { "teredo-default",          TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Set the Teredo type back to default") },
  { "teredo-set-server",       TD_PLATFORM_WINDOWS, ARG_SERVER_OR_DEFAULT, N_("Set the Teredo server") },
  { "teredo-client-port",      TD_PLATFORM_WINDOWS, ARG_PORT,              N_("Set the Teredo client port") },
  { "iphlpsvc-restart",        TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Restart the IP Helper service") },
  { "iphlpsvc-auto",           TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Let the IP Helper service start automatically") },
  { "iphlpsvc-start",          TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Start the IP Helper service") },
  { "mpssvc-auto",             TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Let the Windows Firewall service start automatically") },
  { "mpssvc-start",            TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Start the Windows Firewall service") },
  { "firewall-on",             TD_PLATFORM_WINDOWS, ARG_NONE,              N_("Turn Windows Defender Firewall on") },
  { "disabled-components-set", TD_PLATFORM_WINDOWS, ARG_DC_VALUE,          N_("Set DisabledComponents") },
};

static const char * const linux_ids[] = {
  "miredo-start", "miredo-restart", "miredo-enable", "miredo-set-server",
  "nft-remove-teredo", NULL
};
static const char * const windows_ids[] = {
  "teredo-enterpriseclient", "teredo-default", "teredo-set-server", "teredo-client-port",
  "iphlpsvc-restart", "iphlpsvc-auto", "iphlpsvc-start", "mpssvc-auto", "mpssvc-start",
  "firewall-on", "disabled-components-set", NULL
};
static const char * const no_ids[] = { NULL };

static const ActionInfo *
find_action (const char *id)
{
  if (id == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].id, id))
      return &actions[i];
  return NULL;
}

const char * const *
td_fix_list_actions (TdPlatform platform)
{
  switch (platform)
    {
    case TD_PLATFORM_LINUX:
      return linux_ids;
    case TD_PLATFORM_WINDOWS:
      return windows_ids;
    case TD_PLATFORM_MACOS:
    default:
      return no_ids;
    }
}

gboolean
td_fix_action_exists (const char *action,
                      TdPlatform  platform)
{
  const ActionInfo *info = find_action (action);

  return info != NULL && info->platform == platform;
}

const char *
td_fix_action_get_title (const char *action)
{
  const ActionInfo *info = find_action (action);

  return info != NULL ? _(info->title) : NULL;
}

int
td_fix_action_get_n_args (const char *action)
{
  const ActionInfo *info = find_action (action);

  if (info == NULL)
    return -1;
  return info->arg == ARG_NONE ? 0 : 1;
}

gboolean
td_fix_is_runnable (const TdRemedy *remedy,
                    TdReport       *report)
{
  TdPlatform native = td_platform_native ();
  g_autoptr(TdFixPlan) plan = NULL;

  g_return_val_if_fail (remedy != NULL, FALSE);
  g_return_val_if_fail (TD_IS_REPORT (report), FALSE);

  if (remedy->fix_action == NULL || td_report_is_from_file (report) ||
      td_report_get_platform (report) != native)
    return FALSE;
  plan = td_fix_plan_new (remedy->fix_action, (const char * const *) remedy->fix_args,
                          native, NULL);
  return plan != NULL;
}

/* ── argument validation ── */

static gboolean
is_all_digits_and_dots (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
td_fix_validate_server (const char  *server,
                        GError     **error)
{
  gsize length;
  const char *label;

  if (server == NULL || *server == '\0')
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                           _("The server name is empty."));
      return FALSE;
    }

  length = strlen (server);
  /* Dotted quads are IPv4 or nothing: "1.2.3.999" is not a host name. */
  if (is_all_digits_and_dots (server))
    {
      if (!td_ipv4_parse (server, NULL))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid IPv4 address."), server);
          return FALSE;
        }
      return TRUE;
    }

  if (length > 253)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                   _("The server name is longer than 253 characters."));
      return FALSE;
    }

  label = server;
  for (const char *p = server; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize label_length = (gsize) (p - label);

          if (label_length == 0 || label_length > 63 ||
              label[0] == '-' || p[-1] == '-')
            {
              g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                           _("“%s” is not a valid host name or IPv4 address."), server);
              return FALSE;
            }
          if (*p == '\0')
            break;
          label = p + 1;
        }
      else if (!g_ascii_isalnum (*p) && *p != '-')
        {
          g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a valid host name or IPv4 address."), server);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
td_fix_validate_port (const char  *port,
                      GError     **error)
{
  guint64 value = 0;

  if (port == NULL || *port == '\0' || strlen (port) > 5 || port[0] == '0')
    goto bad;
  for (const char *p = port; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        goto bad;
      value = value * 10 + (guint64) (*p - '0');
    }
  if (value >= 1 && value <= 65535)
    return TRUE;

bad:
  g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a port number between 1 and 65535."), port ? port : "");
  return FALSE;
}

gboolean
td_fix_validate_disabled_components (const char  *value,
                                     GError     **error)
{
  guint64 n = 0;

  /* "0x" and at most eight hex digits: the reg add form the remedy shows. */
  if (value == NULL || !g_str_has_prefix (value, "0x") || strlen (value) < 3 || strlen (value) > 10 ||
      !g_ascii_string_to_unsigned (value + 2, 16, 0, G_MAXUINT32, &n, NULL))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a DisabledComponents value such as 0x20."), value ? value : "");
      return FALSE;
    }
  /* Writing a value that still switches Teredo (or IPv6) off is not a fix. */
  if ((n & 0x09) != 0 || (n & 0xff) == 0xff)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                   _("DisabledComponents %s would keep Teredo switched off."), value);
      return FALSE;
    }
  return TRUE;
}

/* ── plans ── */

static void
step_free (gpointer data)
{
  TdFixStep *step = data;

  g_strfreev (step->argv);
  g_free (step->path);
  g_free (step->value);
  g_free (step);
}

static void
add_run (GPtrArray *steps,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  TdFixStep *step = g_new0 (TdFixStep, 1);
  va_list ap;
  const char *arg;

  va_start (ap, steps);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (ap);

  step->kind = TD_FIX_STEP_RUN;
  step->argv = g_strv_builder_end (builder);
  g_ptr_array_add (steps, step);
}

static void
add_set_file (GPtrArray     *steps,
              TdFixStepKind  kind,
              const char    *path,
              const char    *value)
{
  TdFixStep *step = g_new0 (TdFixStep, 1);

  step->kind = kind;
  step->path = g_strdup (path);
  step->value = g_strdup (value);
  g_ptr_array_add (steps, step);
}

/* Debian's init script: its `restart` first checks START_MIREDO and, when
 * it is false (the package's default), prints a line and exits 0 without
 * stopping or starting anything.  So a restart is the script's own three
 * steps spelled out: the configuration check (so a working miredo is not
 * stopped for a file it cannot start with), stop, and force-start, which
 * starts whatever START_MIREDO says. */
static void
add_sysv_restart (GPtrArray  *steps,
                  const char *miredo_conf)
{
  add_run (steps, "miredo-checkconf", miredo_conf, NULL);
  add_run (steps, "service", "miredo", "stop", NULL);
  add_run (steps, "service", "miredo", "force-start", NULL);
}

/* The miredo actions; FALSE when @id is not one of them. */
static gboolean
build_miredo_steps (const char *id,
                    const char *arg,
                    TdFixInit   init,
                    const char *miredo_conf,
                    GPtrArray  *steps)
{
  gboolean systemd = init == TD_FIX_INIT_SYSTEMD;

  if (g_str_equal (id, "miredo-start"))
    {
      if (systemd)
        add_run (steps, "systemctl", "start", "miredo.service", NULL);
      else
        add_run (steps, "service", "miredo", "force-start", NULL);
    }
  else if (g_str_equal (id, "miredo-restart"))
    {
      if (systemd)
        add_run (steps, "systemctl", "restart", "miredo.service", NULL);
      else
        add_sysv_restart (steps, miredo_conf);
    }
  else if (g_str_equal (id, "miredo-enable"))
    {
      if (systemd)
        add_run (steps, "systemctl", "enable", "--now", "miredo.service", NULL);
      else
        {
          add_set_file (steps, TD_FIX_STEP_SET_START_MIREDO, TD_FIX_MIREDO_DEFAULTS, "true");
          add_run (steps, "update-rc.d", "miredo", "enable", NULL);
          add_run (steps, "service", "miredo", "start", NULL);
        }
    }
  else if (g_str_equal (id, "miredo-set-server"))
    {
      add_set_file (steps, TD_FIX_STEP_SET_MIREDO_SERVER, miredo_conf, arg);
      if (systemd)
        add_run (steps, "systemctl", "restart", "miredo.service", NULL);
      else
        add_sysv_restart (steps, miredo_conf);
    }
  else
    return FALSE;
  return TRUE;
}

static void
build_steps (const char *id,
             const char *arg,
             TdFixInit   init,
             const char *miredo_conf,
             GPtrArray  *steps)
{
  g_autofree char *setting = NULL;

  if (build_miredo_steps (id, arg, init, miredo_conf, steps))
    return;
  else if (g_str_equal (id, "nft-remove-teredo"))
    add_run (steps, "nft", "delete", "table", "inet", TD_FIX_NFT_TABLE, NULL);
  else if (g_str_equal (id, "teredo-enterpriseclient"))
    add_run (steps, "netsh", "interface", "teredo", "set", "state", "type=enterpriseclient", NULL);
  else if (g_str_equal (id, "teredo-default"))
    add_run (steps, "netsh", "interface", "teredo", "set", "state", "type=default", NULL);
  else if (g_str_equal (id, "teredo-set-server"))
    {
      setting = g_strconcat ("servername=", arg, NULL);
      add_run (steps, "netsh", "interface", "teredo", "set", "state", setting, NULL);
    }
  else if (g_str_equal (id, "teredo-client-port"))
    {
      setting = g_strconcat ("clientport=", arg, NULL);
      add_run (steps, "netsh", "interface", "teredo", "set", "state", setting, NULL);
    }
  else if (g_str_equal (id, "iphlpsvc-restart"))
    /* One command, the one the remedy shows; -Force: services depend on it. */
    add_run (steps, "powershell", "-NoProfile", "-NonInteractive", "-Command",
             "Restart-Service -Name iphlpsvc -Force", NULL);
  /* sc wants "start=" and its value as two words; "sc.exe" because in
   * PowerShell "sc" is Set-Content. */
  else if (g_str_equal (id, "iphlpsvc-auto"))
    add_run (steps, "sc.exe", "config", "iphlpsvc", "start=", "auto", NULL);
  else if (g_str_equal (id, "iphlpsvc-start"))
    add_run (steps, "sc.exe", "start", "iphlpsvc", NULL);
  else if (g_str_equal (id, "mpssvc-auto"))
    add_run (steps, "sc.exe", "config", "MpsSvc", "start=", "auto", NULL);
  else if (g_str_equal (id, "mpssvc-start"))
    add_run (steps, "sc.exe", "start", "MpsSvc", NULL);
  else if (g_str_equal (id, "disabled-components-set"))
    add_run (steps, "reg", "add", TD_FIX_TCPIP6_KEY, "/v", "DisabledComponents", "/t", "REG_DWORD",
             "/d", arg, "/f", NULL);
  else if (g_str_equal (id, "firewall-on"))
    add_run (steps, "netsh", "advfirewall", "set", "allprofiles", "state", "on", NULL);
  else
    g_assert_not_reached ();
}

TdFixPlan *
td_fix_plan_new (const char          *action,
                 const char * const  *args,
                 TdPlatform           platform,
                 GError             **error)
{
  g_autofree char *miredo_conf = NULL;
  TdFixInit init = TD_FIX_INIT_SYSTEMD;

  /* Only Linux plans look at this machine. */
  if (platform == TD_PLATFORM_LINUX)
    {
      init = td_fix_detect_init ();
      miredo_conf = td_fix_find_miredo_conf ();
    }
  return td_fix_plan_new_for_system (action, args, platform, init,
                                     miredo_conf != NULL ? miredo_conf : TD_FIX_MIREDO_CONF,
                                     error);
}

TdFixPlan *
td_fix_plan_new_for_system (const char          *action,
                            const char * const  *args,
                            TdPlatform           platform,
                            TdFixInit            init,
                            const char          *miredo_conf,
                            GError             **error)
{
  const ActionInfo *info = find_action (action);
  guint n_args = args != NULL ? g_strv_length ((char **) args) : 0;
  guint wanted;
  TdFixPlan *plan;

  if (info == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a known fix."), action ? action : "");
      return NULL;
    }
  if (info->platform != platform)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_NOT_SUPPORTED,
                   _("The fix “%s” is not available on %s."),
                   action, td_platform_to_string (platform));
      return NULL;
    }

  wanted = info->arg == ARG_NONE ? 0 : 1;
  if (n_args != wanted)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The fix “%s” takes %u argument, not %u.",
                                "The fix “%s” takes %u arguments, not %u.", wanted),
                   action, wanted, n_args);
      return NULL;
    }

  switch (info->arg)
    {
    case ARG_SERVER_OR_DEFAULT:
      if (g_str_equal (args[0], "default"))
        break;
      G_GNUC_FALLTHROUGH;
    case ARG_SERVER:
      if (!td_fix_validate_server (args[0], error))
        return NULL;
      break;
    case ARG_PORT:
      if (!td_fix_validate_port (args[0], error))
        return NULL;
      break;
    case ARG_DC_VALUE:
      if (!td_fix_validate_disabled_components (args[0], error))
        return NULL;
      break;
    case ARG_NONE:
    default:
      break;
    }

  plan = g_new0 (TdFixPlan, 1);
  plan->action = g_strdup (info->id);
  plan->args = g_strdupv ((char **) (args != NULL ? args : (const char * const *) no_ids));
  plan->platform = platform;
  plan->steps = g_ptr_array_new_with_free_func (step_free);
  build_steps (info->id, wanted > 0 ? args[0] : NULL, init,
               miredo_conf != NULL ? miredo_conf : TD_FIX_MIREDO_CONF, plan->steps);
  return plan;
}

void
td_fix_plan_free (TdFixPlan *self)
{
  if (self == NULL)
    return;
  g_free (self->action);
  g_strfreev (self->args);
  g_ptr_array_unref (self->steps);
  g_free (self);
}

/* Quotes a word for display only when it needs it. */
static void
append_display_word (GString    *out,
                     const char *word)
{
  gboolean plain = *word != '\0';

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_./=:+,@", *p) == NULL)
      plain = FALSE;

  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (plain)
    g_string_append (out, word);
  else
    {
      g_autofree char *quoted = g_shell_quote (word);
      g_string_append (out, quoted);
    }
}

static char *
argv_to_display (char **argv)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    append_display_word (out, argv[i]);
  return g_string_free (out, FALSE);
}

char *
td_fix_step_describe (const TdFixStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);

  switch (step->kind)
    {
    case TD_FIX_STEP_SET_MIREDO_SERVER:
      /* Translators: the first %s is a host name, the second a file path. */
      return g_strdup_printf (_("set “ServerAddress %s” in %s"), step->value, step->path);
    case TD_FIX_STEP_SET_START_MIREDO:
      /* Translators: %s is a file path (/etc/default/miredo). */
      return g_strdup_printf (_("set “START_MIREDO=true” in %s"), step->path);
    case TD_FIX_STEP_RUN:
    default:
      return argv_to_display (step->argv);
    }
}

/* ── elevation ── */

/* The CLI named in the description of a plan for another platform than
 * this one: its installed name there. */
static const char *
foreign_cli_name (TdPlatform platform)
{
  return platform == TD_PLATFORM_WINDOWS ? "teredo-doctor-cli.exe" : "teredo-doctor-cli";
}

/* Appends @word as one argument the way CommandLineToArgvW() and the C
 * runtime split a command line: bare when it has no blank and no quote,
 * else in double quotes, a quote escaped by a backslash, and backslashes
 * doubled where they precede a quote (or the closing one). */
static void
append_windows_argument (GString    *out,
                         const char *word)
{
  gboolean bare = *word != '\0' && strpbrk (word, " \t\n\v\"") == NULL;
  guint backslashes = 0;

  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (bare)
    {
      g_string_append (out, word);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '\\')
        {
          backslashes++;
          continue;
        }
      if (*p == '"')
        backslashes = backslashes * 2 + 1;
      for (; backslashes > 0; backslashes--)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  for (backslashes *= 2; backslashes > 0; backslashes--)
    g_string_append_c (out, '\\');
  g_string_append_c (out, '"');
}

char *
td_fix_plan_get_windows_parameters (const TdFixPlan *self,
                                    const char      *log_path)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->platform == TD_PLATFORM_WINDOWS, NULL);

  append_windows_argument (out, "fix");
  if (log_path != NULL)
    {
      append_windows_argument (out, "--log-file");
      append_windows_argument (out, log_path);
    }
  append_windows_argument (out, self->action);
  for (guint i = 0; self->args[i] != NULL; i++)
    append_windows_argument (out, self->args[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char **
td_fix_plan_get_elevated_argv (const TdFixPlan *self,
                               const char      *cli_path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *cli = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (cli_path != NULL)
    cli = g_strdup (cli_path);
  else if (self->platform == td_platform_native ())
    cli = td_fix_get_cli_path ();
  else
    cli = g_strdup (foreign_cli_name (self->platform));

  switch (self->platform)
    {
    case TD_PLATFORM_LINUX:
      g_strv_builder_add_many (builder, "pkexec", cli, "fix", self->action, NULL);
      g_strv_builder_addv (builder, (const char **) self->args);
      break;
    case TD_PLATFORM_WINDOWS:
      /* Started elevated by ShellExecuteExW ("runas"), which adds
       * --log-file FILE after "fix" (td_fix_plan_get_windows_parameters()). */
      g_strv_builder_add_many (builder, cli, "fix", self->action, NULL);
      g_strv_builder_addv (builder, (const char **) self->args);
      break;
    case TD_PLATFORM_MACOS:
    default:
      g_return_val_if_reached (NULL);
    }
  return g_strv_builder_end (builder);
}

/* ── how this machine runs miredo ── */

const char *
td_fix_init_to_string (TdFixInit init)
{
  return init == TD_FIX_INIT_SYSTEMD ? "systemd" : "sysv";
}

TdFixInit
td_fix_detect_init_at (const char *root)
{
  g_autofree char *run = g_build_filename (root != NULL ? root : "/",
                                           "run", "systemd", "system", NULL);

  return g_file_test (run, G_FILE_TEST_IS_DIR) ? TD_FIX_INIT_SYSTEMD : TD_FIX_INIT_SYSV;
}

TdFixInit
td_fix_detect_init (void)
{
  const char *forced = g_getenv ("TD_FIX_INIT");
  const char *root = g_getenv ("TD_PROC_ROOT");

  if (g_strcmp0 (forced, "systemd") == 0)
    return TD_FIX_INIT_SYSTEMD;
  if (g_strcmp0 (forced, "sysv") == 0)
    return TD_FIX_INIT_SYSV;
  return td_fix_detect_init_at (root != NULL && *root != '\0' ? root : "/");
}

char *
td_fix_find_miredo_conf (void)
{
  const char *root = g_getenv ("TD_PROC_ROOT");

  return td_fix_find_miredo_conf_at (root != NULL && *root != '\0' ? root : "/");
}

/* ── miredo.conf ── */

/* Returns the directive a miredo.conf line starts with, matched the way
 * miredo does (case-insensitive, leading blanks ignored), or 0/1/2. */
static int
server_directive (const char *line)
{
  const char *p = line;

  while (*p == ' ' || *p == '\t')
    p++;
  if (g_ascii_strncasecmp (p, "ServerAddress", 13) != 0)
    return 0;
  p += 13;
  if (*p == '2')
    return (p[1] == ' ' || p[1] == '\t' || p[1] == '\0' || p[1] == '\r') ? 2 : 0;
  return (*p == ' ' || *p == '\t' || *p == '\0' || *p == '\r') ? 1 : 0;
}

char *
td_fix_rewrite_miredo_conf (const char *contents,
                            const char *server)
{
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  gboolean replaced = FALSE;
  guint n;

  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (server != NULL, NULL);

  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  /* A final newline leaves an empty last element: do not double it. */
  if (n > 0 && *lines[n - 1] == '\0')
    n--;

  for (guint i = 0; i < n; i++)
    {
      int directive = server_directive (lines[i]);

      if (directive == 1 && !replaced)
        {
          g_string_append_printf (out, "ServerAddress %s\n", server);
          replaced = TRUE;
        }
      else if (directive != 0)
        g_string_append_printf (out, "# %s\n", lines[i]);
      else
        g_string_append_printf (out, "%s\n", lines[i]);
    }
  if (!replaced)
    g_string_append_printf (out, "ServerAddress %s\n", server);
  return g_string_free (out, FALSE);
}

/* Whether @line sets the shell variable START_MIREDO. */
static gboolean
is_start_miredo (const char *line)
{
  const char *p = line;

  while (*p == ' ' || *p == '\t')
    p++;
  if (g_str_has_prefix (p, "export "))
    p += strlen ("export ");
  return g_str_has_prefix (p, "START_MIREDO=");
}

char *
td_fix_rewrite_miredo_defaults (const char *contents)
{
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  gboolean replaced = FALSE;
  guint n;

  g_return_val_if_fail (contents != NULL, NULL);

  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  if (n > 0 && *lines[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      if (is_start_miredo (lines[i]) && !replaced)
        {
          g_string_append (out, "START_MIREDO=true\n");
          replaced = TRUE;
        }
      else if (is_start_miredo (lines[i]))
        g_string_append_printf (out, "# %s\n", lines[i]);
      else
        g_string_append_printf (out, "%s\n", lines[i]);
    }
  if (!replaced)
    g_string_append (out, "START_MIREDO=true\n");
  return g_string_free (out, FALSE);
}

static gboolean
set_in_file (const TdFixStep  *step,
                   GString          *log,
                   GError          **error)
{
  const char *path = g_getenv (step->kind == TD_FIX_STEP_SET_START_MIREDO
                                 ? "TD_MIREDO_DEFAULTS" : "TD_MIREDO_CONF");
  g_autofree char *contents = NULL;
  g_autofree char *rewritten = NULL;
  g_autoptr(GError) local_error = NULL;

  if (path == NULL || *path == '\0')
    path = step->path;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_FAILED,
                       _("Could not read %s: %s"), path, local_error->message);
          return FALSE;
        }
      contents = g_strdup ("");
    }

  if (step->kind == TD_FIX_STEP_SET_START_MIREDO)
    rewritten = td_fix_rewrite_miredo_defaults (contents);
  else
    rewritten = td_fix_rewrite_miredo_conf (contents, step->value);
  if (!g_file_set_contents_full (path, rewritten, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      gboolean denied = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
                        g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
                        g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ROFS);

      g_set_error (error, TD_ERROR, denied ? TD_ERROR_PERMISSION : TD_ERROR_FAILED,
                   _("Could not write %s: %s"), path, local_error->message);
      return FALSE;
    }
  if (log != NULL && step->kind == TD_FIX_STEP_SET_START_MIREDO)
    g_string_append_printf (log, "START_MIREDO=true → %s\n", path);
  else if (log != NULL)
    g_string_append_printf (log, "ServerAddress %s → %s\n", step->value, path);
  return TRUE;
}

static gboolean
run_step (const TdFixStep  *step,
          GCancellable     *cancellable,
          GString          *log,
          GError          **error)
{
  static const char * const sbin_dirs[] = { "/usr/sbin", "/sbin", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *program = NULL;
  g_autofree char *line = argv_to_display (step->argv);
  g_autofree char **argv = NULL;
  guint n = g_strv_length (step->argv);

  /* nft lives in /usr/sbin, which a sudo-less PATH may lack. */
  program = g_find_program_in_path (step->argv[0]);
  for (guint i = 0; program == NULL && sbin_dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (sbin_dirs[i], step->argv[0], NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        program = g_steal_pointer (&candidate);
    }
  if (program == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_NOT_FOUND,
                   _("The program “%s” was not found."), step->argv[0]);
      return FALSE;
    }

  argv = g_new0 (char *, n + 1);
  argv[0] = program;
  for (guint i = 1; i < n; i++)
    argv[i] = step->argv[i];

  /* Both streams piped, not merged: GLib's STDERR_MERGE leaves stderr on
   * ours on Windows (measured under Wine), and reg.exe says why on stderr. */
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                               G_SUBPROCESS_FLAGS_STDIN_INHERIT,
                               &local_error);
  if (process == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_FAILED,
                   _("Could not run “%s”: %s"), line, local_error->message);
      return FALSE;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, &output, &errors, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; log != NULL && i < 2; i++)
    {
      const char *text = i == 0 ? output : errors;

      if (text == NULL || *text == '\0')
        continue;
      g_string_append (log, text);
      if (!g_str_has_suffix (text, "\n"))
        g_string_append_c (log, '\n');
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      int status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

      g_set_error (error, TD_ERROR, TD_ERROR_FAILED,
                   _("“%s” failed with exit status %d."), line, status);
      return FALSE;
    }
  return TRUE;
}

gboolean
td_fix_plan_execute (const TdFixPlan  *self,
                     GCancellable     *cancellable,
                     GString          *log,
                     GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const TdFixStep *step = g_ptr_array_index (self->steps, i);
      g_autofree char *description = td_fix_step_describe (step);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (log != NULL)
        g_string_append_printf (log, "$ %s\n", description);

      switch (step->kind)
        {
        case TD_FIX_STEP_SET_MIREDO_SERVER:
        case TD_FIX_STEP_SET_START_MIREDO:
          if (!set_in_file (step, log, error))
            return FALSE;
          break;
        case TD_FIX_STEP_RUN:
        default:
          if (!run_step (step, cancellable, log, error))
            return FALSE;
          break;
        }
    }
  return TRUE;
}

/* ── running the elevated command from the GUI ── */

static void
fix_run_free (gpointer data)
{
  TdFixRun *run = data;

  if (run->native != NULL && run->native_free != NULL)
    run->native_free (run->native);
  g_free (run->output);
  g_free (run);
}

void
td_fix_run_async (const TdFixPlan     *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TdFixRun *run;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_fix_run_async);
  run = g_new0 (TdFixRun, 1);
  run->exit_status = -1;
  g_task_set_task_data (task, run, fix_run_free);

  /* Each system elevates its own fixes only (pkexec, UAC). */
  if (self->platform != td_platform_native () ||
      (self->platform != TD_PLATFORM_LINUX && self->platform != TD_PLATFORM_WINDOWS))
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_NOT_SUPPORTED,
                               _("Fixes cannot be run on this system."));
      return;
    }
  td_fix_native_run (task, self, cancellable);
}

gboolean
td_fix_run_finish_full (GAsyncResult  *result,
                        char         **out_output,
                        int           *out_exit_status,
                        GError       **error)
{
  g_autofree char *output = NULL;
  TdFixRun *run;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (out_exit_status != NULL)
    *out_exit_status = run != NULL ? run->exit_status : -1;
  if (out_output != NULL)
    *out_output = g_strdup (run != NULL && run->output != NULL ? run->output : "");
  output = g_task_propagate_pointer (G_TASK (result), error);
  return output != NULL;
}

gboolean
td_fix_run_finish (GAsyncResult  *result,
                   char         **out_output,
                   GError       **error)
{
  g_autofree char *output = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  output = g_task_propagate_pointer (G_TASK (result), error);
  if (output == NULL)
    return FALSE;
  if (out_output != NULL)
    *out_output = g_steal_pointer (&output);
  return TRUE;
}
