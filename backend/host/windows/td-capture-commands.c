/* td-capture-commands.c — the collector's commands, and how people type them
 *
 * How each command is run comes from the live collector's own table
 * (td_host_windows_get_commands()); this file only knows what each one
 * tells and how to recognise it, so the two cannot drift apart: a command
 * the collector adds or changes that is not recognised here is a critical
 * error at the first use (and fails the unit tests).  `ver` is the batch
 * file's own addition.  Matching is lenient in the ways the console is:
 * case, netsh's abbreviations ("int ter sh st"), a path or ".exe" on the
 * program, "-all" for "/all", "HKEY_LOCAL_MACHINE" for "HKLM", quotes, and a
 * trailing redirection or pipe ("| more").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-capture-private.h"
#include "td-console-text.h"
#include "td-host-windows.h"

/* What each command tells, for sentences. */
static const char * const whats[TD_CAPTURE_N_CMDS] = {
  [TD_CAPTURE_CMD_CHCP] = N_("the console code page"),
  [TD_CAPTURE_CMD_VER] = N_("the Windows version"),
  [TD_CAPTURE_CMD_TEREDO] = N_("the Teredo state"),
  [TD_CAPTURE_CMD_TEREDO_XP] = N_("the Teredo state (Windows XP syntax)"),
  [TD_CAPTURE_CMD_PNRP] = N_("the peer-to-peer (PNRP) clouds"),
  [TD_CAPTURE_CMD_IPCONFIG] = N_("the network adapters"),
  [TD_CAPTURE_CMD_ADVFIREWALL] = N_("the firewall state"),
  [TD_CAPTURE_CMD_SC_QUERY_IPHLPSVC] = N_("the IP Helper service state"),
  [TD_CAPTURE_CMD_SC_QC_IPHLPSVC] = N_("the IP Helper service start type"),
  [TD_CAPTURE_CMD_SC_QUERY_MPSSVC] = N_("the firewall service state"),
  [TD_CAPTURE_CMD_SC_QC_MPSSVC] = N_("the firewall service start type"),
  [TD_CAPTURE_CMD_SC_QUERY_BFE] = N_("the Base Filtering Engine state"),
  [TD_CAPTURE_CMD_SC_QC_BFE] = N_("the Base Filtering Engine start type"),
  [TD_CAPTURE_CMD_REG_DISABLED_COMPONENTS] = N_("the IPv6 DisabledComponents switch"),
  [TD_CAPTURE_CMD_REG_TEREDO] = N_("the Teredo registry switch"),
  [TD_CAPTURE_CMD_REG_POLICY] = N_("the Teredo Group Policy"),
  [TD_CAPTURE_CMD_REG_POLICY_WOW] = N_("the Teredo Group Policy (32-bit view)"),
  [TD_CAPTURE_CMD_REG_DOMAIN] = N_("the domain membership"),
};

static const char * const argv_ver[] = { "ver", NULL };

typedef struct {
  const char * const *argv[TD_CAPTURE_N_CMDS];   /* the collector's (static) */
  char               *line[TD_CAPTURE_N_CMDS];
  const char         *lines[TD_CAPTURE_N_CMDS + 1];
} Table;

static TdCaptureMatch match_tokens (GPtrArray *tokens, gboolean binding);
static GPtrArray     *tokenize     (const char *line);

/* Which of our commands the collector's @argv is.  The registry queries
 * are told apart by their key and value, every other command by the
 * matcher people's command lines go through. */
static TdCaptureCmd
classify (const char * const *argv)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new ();
  TdCaptureMatch match;

  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (tokens, (gpointer) argv[i]);
  match = match_tokens (tokens, TRUE);
  return match.exact ? match.cmd : TD_CAPTURE_CMD_NONE;
}

/* Built once, whichever thread asks first, from the collector's table. */
static const Table *
table (void)
{
  static Table *built = NULL;

  if (g_once_init_enter (&built))
    {
      Table *t = g_new0 (Table, 1);
      const char * const * const *collector = td_host_windows_get_commands ();

      t->argv[TD_CAPTURE_CMD_VER] = argv_ver;
      for (guint i = 0; collector[i] != NULL; i++)
        {
          TdCaptureCmd cmd = classify (collector[i]);
          g_autofree char *line = g_strjoinv (" ", (char **) collector[i]);

          if (cmd == TD_CAPTURE_CMD_NONE || cmd == TD_CAPTURE_CMD_VER || t->argv[cmd] != NULL)
            g_critical ("td-capture: the Windows collector's command “%s” is not known to the "
                        "capture reader", line);
          else
            t->argv[cmd] = collector[i];
        }
      for (guint i = 0; i < TD_CAPTURE_N_CMDS; i++)
        {
          if (t->argv[i] == NULL)
            {
              g_critical ("td-capture: the Windows collector no longer runs %s", whats[i]);
              t->argv[i] = argv_ver;
            }
          t->line[i] = g_strjoinv (" ", (char **) t->argv[i]);
          t->lines[i] = t->line[i];
        }
      g_once_init_leave (&built, t);
    }
  return built;
}

const char * const *
td_capture_cmd_argv (TdCaptureCmd cmd)
{
  g_return_val_if_fail (cmd >= 0 && cmd < TD_CAPTURE_N_CMDS, NULL);
  return table ()->argv[cmd];
}

const char *
td_capture_cmd_line (TdCaptureCmd cmd)
{
  g_return_val_if_fail (cmd >= 0 && cmd < TD_CAPTURE_N_CMDS, NULL);
  return table ()->line[cmd];
}

const char *
td_capture_cmd_what (TdCaptureCmd cmd)
{
  g_return_val_if_fail (cmd >= 0 && cmd < TD_CAPTURE_N_CMDS, NULL);
  return _(whats[cmd]);
}

const char * const *
td_capture_command_lines (void)
{
  return table ()->lines;
}

TdCaptureCmd
td_capture_cmd_from_argv (const char * const *argv)
{
  const Table *t = table ();

  if (argv == NULL)
    return TD_CAPTURE_CMD_NONE;
  for (guint i = 0; i < TD_CAPTURE_N_CMDS; i++)
    if (g_strv_equal (t->argv[i], argv))
      return (TdCaptureCmd) i;
  return TD_CAPTURE_CMD_NONE;
}

TdCaptureShape
td_capture_cmd_shape (TdCaptureCmd cmd)
{
  switch (cmd)
    {
    case TD_CAPTURE_CMD_CHCP:
      return TD_CAPTURE_SHAPE_CHCP;
    case TD_CAPTURE_CMD_VER:
      return TD_CAPTURE_SHAPE_VER;
    case TD_CAPTURE_CMD_TEREDO:
    case TD_CAPTURE_CMD_TEREDO_XP:
      return TD_CAPTURE_SHAPE_TEREDO;
    case TD_CAPTURE_CMD_PNRP:
      return TD_CAPTURE_SHAPE_PNRP;
    case TD_CAPTURE_CMD_IPCONFIG:
      return TD_CAPTURE_SHAPE_IPCONFIG;
    case TD_CAPTURE_CMD_ADVFIREWALL:
      return TD_CAPTURE_SHAPE_ADVFIREWALL;
    case TD_CAPTURE_CMD_SC_QUERY_IPHLPSVC:
    case TD_CAPTURE_CMD_SC_QC_IPHLPSVC:
    case TD_CAPTURE_CMD_SC_QUERY_MPSSVC:
    case TD_CAPTURE_CMD_SC_QC_MPSSVC:
    case TD_CAPTURE_CMD_SC_QUERY_BFE:
    case TD_CAPTURE_CMD_SC_QC_BFE:
      return TD_CAPTURE_SHAPE_SC;
    case TD_CAPTURE_CMD_REG_DISABLED_COMPONENTS:
    case TD_CAPTURE_CMD_REG_TEREDO:
    case TD_CAPTURE_CMD_REG_POLICY:
    case TD_CAPTURE_CMD_REG_POLICY_WOW:
    case TD_CAPTURE_CMD_REG_DOMAIN:
      return TD_CAPTURE_SHAPE_REG;
    case TD_CAPTURE_CMD_NONE:
    case TD_CAPTURE_N_CMDS:
    default:
      return TD_CAPTURE_SHAPE_NONE;
    }
}

/* ---- tokens ------------------------------------------------------------ */

/* Splits a command line as cmd would for these programs: blanks separate,
 * double quotes group (and go).  Stops at a redirection or pipe, which
 * changes where the output went, not what it is. */
static GPtrArray *
tokenize (const char *line)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) token = g_string_new (NULL);
  gboolean quoted = FALSE;
  gboolean in_token = FALSE;

  for (const char *p = line; ; p++)
    {
      char c = *p;

      if (c == '\0' || (!quoted && (c == ' ' || c == '\t' || c == '|' || c == '>' || c == '<')))
        {
          /* "2>&1": the '2' was a handle, not an argument. */
          if (in_token && (c == '>' || c == '<') && token->len == 1 && g_ascii_isdigit (token->str[0]))
            in_token = FALSE;
          if (in_token)
            g_ptr_array_add (tokens, g_strndup (token->str, token->len));
          g_string_truncate (token, 0);
          in_token = FALSE;
          if (c == '\0' || c == '|' || c == '>' || c == '<')
            break;
          continue;
        }
      if (c == '"')
        {
          quoted = !quoted;
          in_token = TRUE;
          continue;
        }
      g_string_append_c (token, c);
      in_token = TRUE;
    }
  return g_steal_pointer (&tokens);
}

/* "C:\Windows\System32\NETSH.EXE" → "netsh". */
static char *
program_name (const char *token)
{
  const char *base = strrchr (token, '\\');
  g_autofree char *lower = g_ascii_strdown (base ? base + 1 : token, -1);
  gsize len = strlen (lower);

  if (len > 4 && (g_str_has_suffix (lower, ".exe") || g_str_has_suffix (lower, ".com")))
    lower[len - 4] = '\0';
  return g_steal_pointer (&lower);
}

static const char *
token_at (GPtrArray *tokens,
          guint      i)
{
  return i < tokens->len ? g_ptr_array_index (tokens, i) : NULL;
}

/* netsh takes any unambiguous prefix of a context or command name; among
 * the few commands read here any non-empty prefix is unambiguous. */
static gboolean
netsh_word (const char *typed,
            const char *word)
{
  gsize len = typed ? strlen (typed) : 0;

  return len > 0 && len <= strlen (word) && g_ascii_strncasecmp (typed, word, len) == 0;
}

/* TRUE when tokens[@from…] are exactly @words (netsh prefixes). */
static gboolean
netsh_words (GPtrArray          *tokens,
             guint               from,
             const char * const *words,
             guint               n_words)
{
  if (tokens->len != from + n_words)
    return FALSE;
  for (guint i = 0; i < n_words; i++)
    if (!netsh_word (token_at (tokens, from + i), words[i]))
      return FALSE;
  return TRUE;
}

/* The same for the first @n_words tokens from @from, whatever follows. */
static gboolean
netsh_words_prefix (GPtrArray          *tokens,
                    guint               from,
                    const char * const *words,
                    guint               n_words)
{
  if (tokens->len < from + n_words)
    return FALSE;
  for (guint i = 0; i < n_words; i++)
    if (!netsh_word (token_at (tokens, from + i), words[i]))
      return FALSE;
  return TRUE;
}

static TdCaptureMatch
match_netsh (GPtrArray *tokens)
{
  static const char * const teredo[] = { "interface", "teredo", "show", "state" };
  static const char * const teredo_xp[] = { "interface", "ipv6", "show", "teredo" };
  static const char * const pnrp[] = { "p2p", "pnrp", "cloud", "show", "list" };
  static const char * const pnrp_state[] = { "p2p", "pnrp", "cloud", "show", "state" };
  static const char * const fw[] = { "advfirewall", "show", "allprofiles", "state" };
  static const char * const fw_all[] = { "advfirewall", "show", "allprofiles" };
  static const char * const fw_current[] = { "advfirewall", "show", "currentprofile", "state" };
  static const char * const fw_current_all[] = { "advfirewall", "show", "currentprofile" };
  TdCaptureMatch none = { TD_CAPTURE_CMD_NONE, FALSE };

  if (netsh_words (tokens, 1, teredo, G_N_ELEMENTS (teredo)))
    return (TdCaptureMatch) { TD_CAPTURE_CMD_TEREDO, TRUE };
  if (netsh_words (tokens, 1, teredo_xp, G_N_ELEMENTS (teredo_xp)))
    return (TdCaptureMatch) { TD_CAPTURE_CMD_TEREDO_XP, TRUE };
  if (netsh_words (tokens, 1, pnrp, G_N_ELEMENTS (pnrp)))
    return (TdCaptureMatch) { TD_CAPTURE_CMD_PNRP, TRUE };
  /* "NETSH P2P PNRP CL SH ST *" prints the same table for the named
   * clouds (the 2007 Teredo/PNRP blog's spelling). */
  if (netsh_words (tokens, 1, pnrp_state, G_N_ELEMENTS (pnrp_state))
      || (tokens->len == 7 && netsh_words_prefix (tokens, 1, pnrp_state, G_N_ELEMENTS (pnrp_state))))
    return (TdCaptureMatch) { TD_CAPTURE_CMD_PNRP, FALSE };
  if (netsh_words (tokens, 1, fw, G_N_ELEMENTS (fw)))
    return (TdCaptureMatch) { TD_CAPTURE_CMD_ADVFIREWALL, TRUE };
  /* The full profile listings hold the same State lines. */
  if (netsh_words (tokens, 1, fw_all, G_N_ELEMENTS (fw_all))
      || netsh_words (tokens, 1, fw_current, G_N_ELEMENTS (fw_current))
      || netsh_words (tokens, 1, fw_current_all, G_N_ELEMENTS (fw_current_all)))
    return (TdCaptureMatch) { TD_CAPTURE_CMD_ADVFIREWALL, FALSE };
  return none;
}

static TdCaptureMatch
match_sc (GPtrArray *tokens)
{
  const char *verb = token_at (tokens, 1);
  const char *service = token_at (tokens, 2);
  TdCaptureMatch match = { TD_CAPTURE_CMD_NONE, FALSE };

  if (verb == NULL || service == NULL)
    return match;
  if (g_ascii_strcasecmp (verb, "query") == 0 || g_ascii_strcasecmp (verb, "queryex") == 0)
    {
      match.cmd = td_capture_cmd_for_service (service, FALSE);
      match.exact = tokens->len == 3 && g_ascii_strcasecmp (verb, "query") == 0;
    }
  else if (g_ascii_strcasecmp (verb, "qc") == 0 && tokens->len <= 4)
    {
      match.cmd = td_capture_cmd_for_service (service, TRUE);
      match.exact = tokens->len == 3;
    }
  return match;
}

/* "HKEY_LOCAL_MACHINE\System\…\" → "HKLM\SYSTEM\…" in upper case, for
 * comparing (registry names are case-insensitive). */
static char *
normalize_key (const char *key)
{
  g_autoptr(GString) out = NULL;
  const char *rest = key;

  if (td_console_has_prefix_ci (key, "HKEY_LOCAL_MACHINE"))
    rest = key + strlen ("HKEY_LOCAL_MACHINE");
  else if (td_console_has_prefix_ci (key, "HKLM"))
    rest = key + strlen ("HKLM");
  else
    return NULL;
  if (*rest != '\\' && *rest != '\0')
    return NULL;
  out = g_string_new ("HKLM");
  for (const char *p = rest; *p != '\0'; p++)
    {
      /* Doubled or trailing backslashes name the same key. */
      if (*p == '\\' && (p[1] == '\\' || p[1] == '\0'))
        continue;
      g_string_append_c (out, g_ascii_toupper (*p));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

TdCaptureCmd
td_capture_cmd_for_reg_key (const char *key)
{
  static const TdCaptureCmd reg_cmds[] = {
    TD_CAPTURE_CMD_REG_DISABLED_COMPONENTS, TD_CAPTURE_CMD_REG_TEREDO, TD_CAPTURE_CMD_REG_POLICY,
    TD_CAPTURE_CMD_REG_POLICY_WOW, TD_CAPTURE_CMD_REG_DOMAIN,
  };
  g_autofree char *wanted = key ? normalize_key (key) : NULL;

  if (wanted == NULL)
    return TD_CAPTURE_CMD_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (reg_cmds); i++)
    {
      g_autofree char *ours = normalize_key (td_capture_cmd_argv (reg_cmds[i])[2]);

      if (g_str_equal (ours, wanted))
        return reg_cmds[i];
    }
  return TD_CAPTURE_CMD_NONE;
}

TdCaptureCmd
td_capture_cmd_for_service (const char *service,
                            gboolean    qc)
{
  if (service == NULL)
    return TD_CAPTURE_CMD_NONE;
  /* Service names are case-insensitive. */
  if (g_ascii_strcasecmp (service, "iphlpsvc") == 0)
    return qc ? TD_CAPTURE_CMD_SC_QC_IPHLPSVC : TD_CAPTURE_CMD_SC_QUERY_IPHLPSVC;
  if (g_ascii_strcasecmp (service, "MpsSvc") == 0)
    return qc ? TD_CAPTURE_CMD_SC_QC_MPSSVC : TD_CAPTURE_CMD_SC_QUERY_MPSSVC;
  if (g_ascii_strcasecmp (service, "BFE") == 0)
    return qc ? TD_CAPTURE_CMD_SC_QC_BFE : TD_CAPTURE_CMD_SC_QUERY_BFE;
  return TD_CAPTURE_CMD_NONE;
}

static TdCaptureMatch
match_reg (GPtrArray *tokens)
{
  TdCaptureMatch match = { TD_CAPTURE_CMD_NONE, FALSE };
  const char *value = NULL;
  gboolean other_switch = FALSE;
  const char * const *canonical;

  if (tokens->len < 3 || g_ascii_strcasecmp (token_at (tokens, 1), "query") != 0)
    return match;
  match.cmd = td_capture_cmd_for_reg_key (token_at (tokens, 2));
  if (match.cmd == TD_CAPTURE_CMD_NONE)
    return match;
  for (guint i = 3; i < tokens->len; i++)
    {
      const char *t = token_at (tokens, i);

      if (g_ascii_strcasecmp (t, "/v") == 0 && i + 1 < tokens->len && value == NULL)
        value = token_at (tokens, ++i);
      else
        other_switch = TRUE;   /* /s, /ve, /f …: more or other lines */
    }
  canonical = td_capture_cmd_argv (match.cmd);
  if (value != NULL && canonical[3] != NULL && g_ascii_strcasecmp (value, canonical[4]) != 0)
    {
      /* Another value of the same key is another question. */
      match.cmd = TD_CAPTURE_CMD_NONE;
      return match;
    }
  match.exact = !other_switch && (value != NULL) == (canonical[3] != NULL);
  return match;
}

/* The collector's own registry queries, told apart by key and value
 * alone (binding the table cannot go through match_reg(), which compares
 * with the table). */
static TdCaptureMatch
classify_reg (GPtrArray *tokens)
{
  TdCaptureMatch none = { TD_CAPTURE_CMD_NONE, FALSE };
  g_autofree char *key = NULL;
  const char *value = NULL;

  if (tokens->len < 3 || g_strcmp0 (token_at (tokens, 1), "query") != 0)
    return none;
  if (tokens->len == 5 && g_strcmp0 (token_at (tokens, 3), "/v") == 0)
    value = token_at (tokens, 4);
  else if (tokens->len != 3)
    return none;
  key = normalize_key (token_at (tokens, 2));
  if (key == NULL)
    return none;
  if (g_str_has_suffix (key, "\\SERVICES\\TCPIP6\\PARAMETERS") && g_strcmp0 (value, "DisabledComponents") == 0)
    return (TdCaptureMatch) { TD_CAPTURE_CMD_REG_DISABLED_COMPONENTS, TRUE };
  if (g_str_has_suffix (key, "\\SERVICES\\TCPIP\\PARAMETERS") && g_strcmp0 (value, "Domain") == 0)
    return (TdCaptureMatch) { TD_CAPTURE_CMD_REG_DOMAIN, TRUE };
  if (value != NULL)
    return none;
  if (g_str_has_suffix (key, "\\SERVICES\\IPHLPSVC\\TEREDO"))
    return (TdCaptureMatch) { TD_CAPTURE_CMD_REG_TEREDO, TRUE };
  if (g_str_has_suffix (key, "\\POLICIES\\MICROSOFT\\WINDOWS\\TCPIP\\V6TRANSITION"))
    return (TdCaptureMatch) { strstr (key, "\\WOW6432NODE\\") != NULL ? TD_CAPTURE_CMD_REG_POLICY_WOW
                                                                  : TD_CAPTURE_CMD_REG_POLICY, TRUE };
  return none;
}

/* @binding: @tokens are an argv of the collector's table, which is being
 * bound (see table()). */
static TdCaptureMatch
match_tokens (GPtrArray *tokens,
              gboolean   binding)
{
  g_autofree char *program = NULL;
  TdCaptureMatch none = { TD_CAPTURE_CMD_NONE, FALSE };

  if (tokens->len == 0)
    return none;
  program = program_name (token_at (tokens, 0));

  if (g_str_equal (program, "netsh"))
    return match_netsh (tokens);
  if (g_str_equal (program, "sc"))
    return match_sc (tokens);
  if (g_str_equal (program, "reg"))
    return binding ? classify_reg (tokens) : match_reg (tokens);
  if (g_str_equal (program, "ipconfig"))
    {
      const char *arg = token_at (tokens, 1);

      if (tokens->len == 2 && (g_ascii_strcasecmp (arg, "/all") == 0 || g_ascii_strcasecmp (arg, "-all") == 0))
        return (TdCaptureMatch) { TD_CAPTURE_CMD_IPCONFIG, TRUE };
      /* Plain ipconfig and /allcompartments print the same blocks, with
       * fewer or more of them. */
      if (tokens->len == 1 || (arg != NULL && td_console_has_prefix_ci (arg + 1, "all")))
        return (TdCaptureMatch) { TD_CAPTURE_CMD_IPCONFIG, FALSE };
      return none;
    }
  if (g_str_equal (program, "chcp"))
    {
      /* "chcp 65001" switches the code page and prints the new one. */
      if (tokens->len <= 2)
        return (TdCaptureMatch) { TD_CAPTURE_CMD_CHCP, tokens->len == 1 };
      return none;
    }
  if (g_str_equal (program, "ver") && tokens->len == 1)
    return (TdCaptureMatch) { TD_CAPTURE_CMD_VER, TRUE };
  return none;
}

TdCaptureMatch
td_capture_match_command (const char *command_line)
{
  g_autoptr(GPtrArray) tokens = NULL;

  if (command_line == NULL)
    return (TdCaptureMatch) { TD_CAPTURE_CMD_NONE, FALSE };
  tokens = tokenize (command_line);
  return match_tokens (tokens, FALSE);
}

/* ---- prompts ------------------------------------------------------------ */

/* "C:\Users\x>", "PS C:\Windows\system32> ", "\\server\share>": a drive or
 * UNC path, then '>'.  Paths cannot hold '>', so the first one ends it. */
static const char *
after_path_prompt (const char *line,
                   gboolean   *out_system32)
{
  const char *p = line;
  const char *gt;
  g_autofree char *path = NULL;

  if (g_str_has_prefix (p, "PS "))
    p += 3;
  if (!((g_ascii_isalpha (p[0]) && p[1] == ':' && (p[2] == '\\' || p[2] == '>'))
        || (p[0] == '\\' && p[1] == '\\' && p[2] != '\0' && p[2] != '\\')))
    return NULL;
  gt = strchr (p, '>');
  if (gt == NULL)
    return NULL;
  path = g_strndup (p, (gsize) (gt - p));
  if (strpbrk (path, "<|\"*?") != NULL)
    return NULL;
  /* An elevated cmd or PowerShell window opens there. */
  *out_system32 = g_ascii_strcasecmp (path + 1, ":\\Windows\\system32") == 0;
  return gt + 1;
}

/* netsh's interactive prompt: "netsh>", "netsh p2p pnrp cloud>". */
static gboolean
netsh_prompt (const char  *line,
              char       **out_command)
{
  const char *gt = strchr (line, '>');
  g_autofree char *context = NULL;

  /* A prompt has the context word right before '>'; "netsh … > file"
   * typed at cmd is a redirection. */
  if (!td_console_has_prefix_ci (line, "netsh") || gt == NULL || !g_ascii_isalnum (gt[-1])
      || gt[1] == '>' || gt[1] == '&')
    return FALSE;
  context = g_strndup (line, (gsize) (gt - line));
  for (const char *p = context; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != ' ')
      return FALSE;
  g_strstrip (context);
  {
    g_autofree char *rest = g_strstrip (g_strdup (gt + 1));

    *out_command = rest[0] == '\0' ? g_strdup ("") : g_strdup_printf ("%s %s", context, rest);
  }
  return TRUE;
}

gboolean
td_capture_split_prompt (const char  *line,
                         char       **out_command,
                         gboolean    *out_system32)
{
  const char *rest;
  gboolean system32 = FALSE;

  if (line == NULL)
    return FALSE;
  if (netsh_prompt (line, out_command))
    {
      *out_system32 = FALSE;
      return TRUE;
    }
  rest = after_path_prompt (line, &system32);
  /* Cmder, a console many Windows users run cmd in, prompts with "λ". */
  if (rest == NULL && g_str_has_prefix (line, "λ "))
    rest = line + strlen ("λ ");
  if (rest == NULL)
    return FALSE;
  /* PowerShell 7 and cmd both print the typed text right after. */
  *out_command = g_strstrip (g_strdup (rest));
  *out_system32 = system32;
  return TRUE;
}
