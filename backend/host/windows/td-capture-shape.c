/* td-capture-shape.c — recognises Windows command outputs pasted without their command line
 *
 * People copy what they see, often without the prompt line.  Each output
 * the collector reads has a look of its own: netsh's "Teredo Parameters"
 * block (any language: a "Teredo …" heading over a dashed rule, then
 * "label : value" lines), ipconfig's adapter headings and indented dot
 * leaders, advfirewall's "… Profile Settings:" headings ending with "Ok.",
 * sc's SERVICE_NAME blocks, reg's HKEY_ headings, the PNRP cloud table,
 * chcp's code page line, ver's "Microsoft Windows [Version …]".  A scan
 * walks the lines once: a line that starts an output opens a block, lines
 * that fit the open block extend it, anything else closes it and stays
 * unrecognised.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-capture-private.h"
#include "td-console-text.h"

void
td_capture_block_free (TdCaptureBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->command);
  g_free (block);
}

/* ---- small line tests ----------------------------------------------------- */

static gboolean
blank (const char *line)
{
  return line[strspn (line, " \t")] == '\0';
}

static guint
indent (const char *line)
{
  return (guint) strspn (line, " \t");
}

/* The line without its surrounding blanks, in a new string. */
static char *
trimmed (const char *line)
{
  return g_strstrip (g_strdup (line));
}

static gboolean
is_rule (const char *line)
{
  g_autofree char *t = trimmed (line);

  return td_console_is_rule (t);
}

/* The next non-blank line after @i, or NULL. */
static const char *
next_content (const char * const *lines,
              guint               i,
              guint               end)
{
  for (guint j = i + 1; j < end; j++)
    if (!blank (lines[j]))
      return lines[j];
  return NULL;
}

/* "label : value", also with tabs around the colon (console text
 * pasted through editors that keep them). */
static gboolean
kv (const char  *line,
    char       **out_label,
    char       **out_value)
{
  g_autofree char *copy = NULL;

  if (strchr (line, '\t') == NULL)
    return td_console_split_kv (line, out_label, out_value);
  copy = g_strdelimit (g_strdup (line), "\t", ' ');
  return td_console_split_kv (copy, out_label, out_value);
}

static gboolean
label_in (const char         *label,
          const char * const *labels)
{
  for (guint i = 0; labels[i] != NULL; i++)
    if (g_ascii_strcasecmp (label, labels[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- netsh interface teredo show state ---------------------------------- */

static const char * const teredo_labels[] = {
  "Type", "Server Name", "Client Refresh Interval", "Client Port", "State", "Error", "Error Code",
  "Client Type", "Network", "NAT", "NAT Special Behaviour", "Local Mapping", "External NAT Mapping",
  "类型", "服务器名称", "客户端刷新间隔", "客户端端口", "客户端口", "状态", "错误", "错误代码",
  "客户端类型", "网络", "NAT 特殊行为", "本地映射", "外部 NAT 映射",
  NULL
};

static const char * const type_labels[] = { "Type", "类型", NULL };
static const char * const server_labels[] = { "Server Name", "服务器名称", NULL };

/* What `set state type=` accepts (facts §2): values stay English in every
 * language, so they identify the first line when the labels are unknown. */
static gboolean
is_teredo_type_value (const char *value)
{
  static const char * const types[] = {
    "default", "client", "enterpriseclient", "natawareclient", "server", "relay", "automatic",
    "disabled", NULL
  };
  g_autofree char *word = g_strndup (value, strcspn (value, " ("));

  return label_in (word, types);
}

/* "Type : enterpriseclient" (or its translation, told by the value) whose
 * next line names the server: the first line of the parameters.  XP's
 * second Type line ("teredo client") is followed by Network instead. */
static gboolean
is_teredo_type_line (const char * const *lines,
                     guint               i,
                     guint               end)
{
  g_autofree char *label = NULL, *value = NULL;
  g_autofree char *next_label = NULL, *next_value = NULL;
  const char *next;

  if (indent (lines[i]) > 0 || !kv (lines[i], &label, &value))
    return FALSE;
  if (!label_in (label, type_labels) && !is_teredo_type_value (value))
    return FALSE;
  next = next_content (lines, i, end);
  if (next == NULL || !kv (next, &next_label, &next_value))
    return FALSE;
  return label_in (next_label, server_labels)
         || (!label_in (label, teredo_labels) && next_value[0] != '\0' && strchr (next_value, ' ') == NULL);
}

/* "Teredo Parameters", "Teredo 参数", "Teredo-Parameter" over a rule. */
static gboolean
is_teredo_heading (const char * const *lines,
                   guint               i,
                   guint               end)
{
  g_autofree char *t = trimmed (lines[i]);
  const char *next;

  if (indent (lines[i]) > 0 || !td_console_has_prefix_ci (t, "Teredo") || strchr (t, ':') != NULL
      || strlen (t) > 60)
    return FALSE;
  if (g_str_equal (t, "Teredo Parameters") || g_str_has_prefix (t, "Teredo 参数"))
    return TRUE;
  next = next_content (lines, i, end);
  return next != NULL && is_rule (next);
}

static gboolean
is_teredo_rule_start (const char * const *lines,
                      guint               i,
                      guint               end)
{
  if (!is_rule (lines[i]))
    return FALSE;
  for (guint j = i + 1; j < end; j++)
    if (!blank (lines[j]))
      return is_teredo_type_line (lines, j, end);
  return FALSE;
}

static gboolean
is_teredo_label_line (const char *line)
{
  g_autofree char *label = NULL;

  return indent (line) == 0 && kv (line, &label, NULL) && label_in (label, teredo_labels);
}

/* ---- ipconfig /all ------------------------------------------------------ */

static gboolean
is_ipconfig_heading (const char *line)
{
  if (indent (line) > 0)
    return FALSE;
  /* "Windows IP Configuration", "Windows IP 配置", "Windows-IP-Konfiguration",
   * "Configuration IP de Windows". */
  return g_str_has_prefix (line, "Windows IP") || g_str_has_prefix (line, "Windows-IP")
         || strstr (line, "IP de Windows") != NULL;
}

/* "Ethernet adapter Ethernet:", "Tunnel adapter Teredo Tunneling
 * Pseudo-Interface:", "隧道适配器 …:", "Tunneladapter …:". */
static gboolean
is_adapter_heading (const char *line)
{
  g_autofree char *t = trimmed (line);
  gsize len = strlen (t);

  if (indent (line) > 0 || len < 2 || len > 200)
    return FALSE;
  if (t[len - 1] != ':' && !g_str_has_suffix (t, "\xef\xbc\x9a"))
    return FALSE;
  return td_console_contains_ci (t, "adapter") || strstr (t, "适配器") != NULL
         || strstr (t, "介面卡") != NULL || strstr (t, "어댑터") != NULL
         || td_console_has_prefix_ci (t, "Carte ");
}

/* ---- netsh advfirewall show allprofiles state --------------------------- */

static gboolean
is_profile_heading (const char *line)
{
  g_autofree char *t = trimmed (line);
  gsize len = strlen (t);

  if (indent (line) > 0 || len < 2 || len > 100 || (t[len - 1] != ':' && !g_str_has_suffix (t, "\xef\xbc\x9a")))
    return FALSE;
  return td_console_contains_ci (t, "Profile Settings") || strstr (t, "配置文件") != NULL
         || td_console_contains_ci (t, "Profil");
}

static gboolean
is_ok_line (const char *line)
{
  g_autofree char *t = trimmed (line);

  return g_str_equal (t, "Ok.") || g_str_equal (t, "确定。") || g_str_equal (t, "OK.");
}

/* ---- sc query / sc qc ------------------------------------------------- */

static gboolean
is_sc_start (const char *line)
{
  return g_str_has_prefix (line, "SERVICE_NAME:") || g_str_has_prefix (line, "[SC]");
}

/* "[SC] OpenService FAILED 5:" → 5; -1 when the line is no such error. */
static int
sc_failure (const char *line)
{
  const char *failed = strstr (line, " FAILED ");
  guint64 code;
  g_autofree char *digits = NULL;

  /* zh-CN: "[SC] EnumQueryServicesStatus:OpenService 失败 1060:". */
  if (failed != NULL)
    failed += strlen (" FAILED ");
  else if ((failed = strstr (line, " 失败 ")) != NULL)
    failed += strlen (" 失败 ");
  if (!g_str_has_prefix (line, "[SC]") || failed == NULL)
    return -1;
  digits = g_strndup (failed, strspn (failed, "0123456789"));
  if (!td_console_parse_uint (digits, &code) || code > G_MAXINT)
    return -1;
  return (int) code;
}

/* ---- reg query ------------------------------------------------------------ */

static gboolean
is_reg_error (const char *line)
{
  return g_str_has_prefix (line, "ERROR: ") || g_str_has_prefix (line, "错误: ")
         || g_str_has_prefix (line, "错误：");
}

/* ---- netsh p2p pnrp cloud show list ------------------------------------- */

static gboolean
is_pnrp_header (const char *line)
{
  g_auto(GStrv) cols = td_console_split_columns (line, 0);

  return g_strv_length (cols) == 5 && g_ascii_strcasecmp (cols[0], "Scope") == 0
         && g_ascii_strcasecmp (cols[1], "Id") == 0 && g_ascii_strcasecmp (cols[2], "Addr") == 0
         && g_ascii_strcasecmp (cols[3], "State") == 0 && g_ascii_strcasecmp (cols[4], "Name") == 0;
}

/* "    1      0      2  Active            Global_": three numbers, a
 * state, a name. */
static gboolean
is_pnrp_row (const char *line)
{
  g_auto(GStrv) cols = td_console_split_columns (line, 5);

  if (g_strv_length (cols) != 5)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!td_console_parse_uint (cols[i], NULL) || g_str_has_prefix (cols[i], "0x"))
      return FALSE;
  return TRUE;
}

static gboolean
is_pnrp_start (const char *line)
{
  g_auto(GStrv) cols = NULL;

  if (is_pnrp_header (line))
    return TRUE;
  if (!is_pnrp_row (line))
    return FALSE;
  cols = td_console_split_columns (line, 5);
  /* Without the header, only a cloud's name makes a row unmistakable. */
  return g_str_has_prefix (cols[4], "Global_") || g_str_has_prefix (cols[4], "LinkLocal_")
         || g_str_has_prefix (cols[4], "SiteLocal_");
}

/* ---- netsh's own answer for a context it lacks ---------------------------- */

/* "The following command was not found: p2p pnrp cloud show list." →
 * "netsh p2p pnrp cloud show list". */
static char *
netsh_not_found_command (const char *line)
{
  static const char * const intros[] = {
    "The following command was not found: ", "找不到下列命令: ", "找不到下列命令：",
  };

  for (guint i = 0; i < G_N_ELEMENTS (intros); i++)
    {
      const char *at = strstr (line, intros[i]);
      g_autofree char *command = NULL;
      gsize len;

      if (at == NULL)
        continue;
      command = trimmed (at + strlen (intros[i]));
      len = strlen (command);
      if (len > 0 && command[len - 1] == '.')
        command[len - 1] = '\0';
      else if (g_str_has_suffix (command, "。"))
        command[len - strlen ("。")] = '\0';
      if (command[0] == '\0')
        return NULL;
      return g_strdup_printf ("netsh %s", command);
    }
  return NULL;
}

/* ---- chcp and ver ---------------------------------------------------------- */

char *
td_capture_codepage_from_line (const char *line)
{
  g_autofree char *t = NULL;
  const char *end, *start;
  gsize len;

  if (line == NULL)
    return NULL;
  t = trimmed (line);
  len = strlen (t);
  if (len == 0 || len > 80)
    return NULL;
  if (!td_console_contains_ci (t, "code page") && !td_console_contains_ci (t, "codepage")
      && !td_console_contains_ci (t, "page de codes") && !td_console_contains_ci (t, "página de códigos")
      && strstr (t, "代码页") == NULL && strstr (t, "字碼頁") == NULL && strstr (t, "코드 페이지") == NULL)
    return NULL;
  /* "Aktive Codepage: 850." ends with a period. */
  end = t + len;
  if (end[-1] == '.')
    end--;
  start = end;
  while (start > t && g_ascii_isdigit (start[-1]))
    start--;
  if (start == end || end - start > 5 || start == t || (start[-1] != ' ' && start[-1] != ':'))
    return NULL;
  return g_strndup (start, (gsize) (end - start));
}

char *
td_capture_version_from_line (const char *line)
{
  g_autofree char *t = NULL;
  const char *open, *close;
  g_autofree char *inside = NULL;
  const char *last;

  if (line == NULL)
    return NULL;
  t = trimmed (line);
  if (!g_str_has_prefix (t, "Microsoft Windows") || strlen (t) > 120)
    return NULL;
  open = strchr (t, '[');
  close = open ? strchr (open, ']') : NULL;
  /* "Microsoft Windows [Version 10.0.19045.3570]", "Microsoft Windows
   * [版本 10.0.19045.3570]"; Wine prints "Microsoft Windows 6.1.7601". */
  if (close != NULL)
    inside = g_strstrip (g_strndup (open + 1, (gsize) (close - open - 1)));
  else if (open == NULL)
    inside = g_strdup (t);
  else
    return NULL;
  last = strrchr (inside, ' ');
  last = last ? last + 1 : inside;
  if (!g_ascii_isdigit (last[0]) || strspn (last, "0123456789.") != strlen (last)
      || strchr (last, '.') == NULL)
    return NULL;
  return g_strdup (last);
}

/* "(c) Microsoft Corporation. All rights reserved." under cmd's banner. */
static gboolean
is_copyright_line (const char *line)
{
  return td_console_has_prefix_ci (line, "(c)") || td_console_has_prefix_ci (line, "Copyright")
         || strstr (line, "Microsoft Corporation") != NULL;
}

/* A console 80 columns wide wraps longer lines: "…:5a3c(Prefe" then
 * "rred)" on a line of its own, right after. */
static gboolean
is_wrapped (const char * const *lines,
            guint               i)
{
  return i > 0 && !blank (lines[i - 1]) && g_utf8_strlen (lines[i - 1], -1) >= 79;
}

/* ---- the scan ---------------------------------------------------------------- */

typedef struct {
  TdCaptureBlock *block;
  guint           last_content;    /* index of the last non-blank line */
  gboolean        seen_type;       /* teredo: the parameters began */
  gboolean        seen_service;    /* sc: a SERVICE_NAME line */
  gboolean        sc_qc;           /* sc: START_TYPE / BINARY_PATH_NAME seen */
  gboolean        sc_query;        /* sc: STATE / WIN32_EXIT_CODE seen */
  gboolean        message_due;     /* sc: an error's message line follows */
  gboolean        seen_ok;         /* advfirewall: "Ok." ended it */
  GPtrArray      *headings;        /* advfirewall: profile headings seen */
  char           *reg_key;         /* reg: the first key heading */
} Open;

/* Which output @lines[@i] starts, if any. */
static TdCaptureShape
starts (const char * const *lines,
        guint               i,
        guint               end)
{
  const char *line = lines[i];
  g_autofree char *codepage = NULL;
  g_autofree char *version = NULL;
  g_autofree char *not_found = NULL;

  if ((version = td_capture_version_from_line (line)) != NULL)
    return TD_CAPTURE_SHAPE_VER;
  if ((codepage = td_capture_codepage_from_line (line)) != NULL)
    return TD_CAPTURE_SHAPE_CHCP;
  if ((not_found = netsh_not_found_command (line)) != NULL)
    return TD_CAPTURE_SHAPE_NETSH_NOT_FOUND;
  if (is_teredo_heading (lines, i, end) || is_teredo_rule_start (lines, i, end)
      || is_teredo_type_line (lines, i, end))
    return TD_CAPTURE_SHAPE_TEREDO;
  if (is_ipconfig_heading (line) || is_adapter_heading (line))
    return TD_CAPTURE_SHAPE_IPCONFIG;
  if (is_profile_heading (line))
    return TD_CAPTURE_SHAPE_ADVFIREWALL;
  if (is_sc_start (line))
    return TD_CAPTURE_SHAPE_SC;
  if (g_str_has_prefix (line, "HKEY_") || is_reg_error (line))
    return TD_CAPTURE_SHAPE_REG;
  if (is_pnrp_start (line))
    return TD_CAPTURE_SHAPE_PNRP;
  return TD_CAPTURE_SHAPE_NONE;
}

/* A start of the open block's own kind that belongs to it (an adapter
 * heading in ipconfig, SERVICE_NAME after "[SC] QueryServiceConfig
 * SUCCESS", a subkey heading in reg…) rather than beginning a new output. */
static gboolean
joins_open (Open              *open,
            const char * const *lines,
            guint               i,
            guint               end)
{
  const char *line = lines[i];
  g_autofree char *t = trimmed (line);

  switch (open->block->shape)
    {
    case TD_CAPTURE_SHAPE_TEREDO:
      return !open->seen_type;
    case TD_CAPTURE_SHAPE_IPCONFIG:
      return !is_ipconfig_heading (line);
    case TD_CAPTURE_SHAPE_ADVFIREWALL:
      if (open->seen_ok)
        return FALSE;
      for (guint j = 0; j < open->headings->len; j++)
        if (g_str_equal (g_ptr_array_index (open->headings, j), t))
          return FALSE;
      return TRUE;
    case TD_CAPTURE_SHAPE_SC:
      return g_str_has_prefix (line, "SERVICE_NAME:") && !open->seen_service && !open->message_due;
    case TD_CAPTURE_SHAPE_REG:
      return open->reg_key != NULL && g_str_has_prefix (line, "HKEY_") && g_str_has_prefix (t, open->reg_key)
             && t[strlen (open->reg_key)] == '\\';
    case TD_CAPTURE_SHAPE_PNRP:
      return !is_pnrp_header (line);
    case TD_CAPTURE_SHAPE_NONE:
    case TD_CAPTURE_SHAPE_NETSH_NOT_FOUND:
    case TD_CAPTURE_SHAPE_CHCP:
    case TD_CAPTURE_SHAPE_VER:
    default:
      return FALSE;
    }
}

/* Whether a line that starts nothing continues the open block. */
static gboolean
continues (Open       *open,
           const char *line)
{
  switch (open->block->shape)
    {
    case TD_CAPTURE_SHAPE_TEREDO:
      /* Parameters are unindented "label : value" lines, in any language. */
      return indent (line) == 0 && (is_rule (line) || kv (line, NULL, NULL));
    case TD_CAPTURE_SHAPE_IPCONFIG:
      return indent (line) > 0;
    case TD_CAPTURE_SHAPE_ADVFIREWALL:
      return !open->seen_ok;
    case TD_CAPTURE_SHAPE_SC:
      if (open->message_due && indent (line) == 0)
        return TRUE;
      return indent (line) > 0 || g_str_has_prefix (line, "DISPLAY_NAME:");
    case TD_CAPTURE_SHAPE_REG:
      return indent (line) > 0 || g_str_has_prefix (line, "End of search:");
    case TD_CAPTURE_SHAPE_PNRP:
      return is_rule (line) || is_pnrp_row (line);
    case TD_CAPTURE_SHAPE_VER:
      return is_copyright_line (line);
    case TD_CAPTURE_SHAPE_NONE:
    case TD_CAPTURE_SHAPE_NETSH_NOT_FOUND:
    case TD_CAPTURE_SHAPE_CHCP:
    default:
      return FALSE;
    }
}

/* Updates what the open block has seen with @line (a start or a
 * continuation). */
static void
observe (Open       *open,
         const char *line)
{
  g_autofree char *label = NULL;
  g_autofree char *t = trimmed (line);

  switch (open->block->shape)
    {
    case TD_CAPTURE_SHAPE_TEREDO:
      if (kv (line, &label, NULL) && (label_in (label, type_labels) || !open->seen_type))
        open->seen_type = TRUE;
      break;
    case TD_CAPTURE_SHAPE_ADVFIREWALL:
      if (is_profile_heading (line))
        g_ptr_array_add (open->headings, g_strdup (t));
      if (is_ok_line (line))
        open->seen_ok = TRUE;
      break;
    case TD_CAPTURE_SHAPE_SC:
      if (open->message_due && indent (line) == 0 && !is_sc_start (line))
        open->message_due = FALSE;
      if (sc_failure (line) >= 0)
        open->message_due = TRUE;
      if (g_str_has_prefix (line, "SERVICE_NAME:"))
        {
          open->seen_service = TRUE;
          if (open->block->command == NULL)
            open->block->command = trimmed (line + strlen ("SERVICE_NAME:"));
        }
      if (g_str_has_prefix (t, "START_TYPE") || g_str_has_prefix (t, "BINARY_PATH_NAME")
          || g_str_has_prefix (t, "[SC] QueryServiceConfig"))
        open->sc_qc = TRUE;
      if (g_str_has_prefix (t, "STATE") || g_str_has_prefix (t, "WIN32_EXIT_CODE"))
        open->sc_query = TRUE;
      break;
    case TD_CAPTURE_SHAPE_REG:
      if (open->reg_key == NULL && g_str_has_prefix (line, "HKEY_"))
        open->reg_key = g_steal_pointer (&t);
      break;
    case TD_CAPTURE_SHAPE_NONE:
    case TD_CAPTURE_SHAPE_IPCONFIG:
    case TD_CAPTURE_SHAPE_PNRP:
    case TD_CAPTURE_SHAPE_NETSH_NOT_FOUND:
    case TD_CAPTURE_SHAPE_CHCP:
    case TD_CAPTURE_SHAPE_VER:
    default:
      break;
    }
}

int
td_capture_infer_exit (const char * const *lines,
                       guint               start,
                       guint               end,
                       TdCaptureShape      shape)
{
  for (guint i = start; i < end; i++)
    {
      g_autofree char *not_found = netsh_not_found_command (lines[i]);
      int sc = shape == TD_CAPTURE_SHAPE_SC ? sc_failure (lines[i]) : -1;

      if (not_found != NULL || (shape == TD_CAPTURE_SHAPE_REG && is_reg_error (lines[i])))
        return 1;
      if (sc >= 0)
        return sc;
    }
  return 0;
}

/* Which of the collector's commands the closed block answers. */
static void
attribute (Open *open)
{
  TdCaptureBlock *block = open->block;

  switch (block->shape)
    {
    case TD_CAPTURE_SHAPE_TEREDO:
      block->cmd = TD_CAPTURE_CMD_TEREDO;
      break;
    case TD_CAPTURE_SHAPE_IPCONFIG:
      block->cmd = TD_CAPTURE_CMD_IPCONFIG;
      break;
    case TD_CAPTURE_SHAPE_ADVFIREWALL:
      block->cmd = TD_CAPTURE_CMD_ADVFIREWALL;
      break;
    case TD_CAPTURE_SHAPE_PNRP:
      block->cmd = TD_CAPTURE_CMD_PNRP;
      break;
    case TD_CAPTURE_SHAPE_CHCP:
      block->cmd = TD_CAPTURE_CMD_CHCP;
      break;
    case TD_CAPTURE_SHAPE_VER:
      block->cmd = TD_CAPTURE_CMD_VER;
      break;
    case TD_CAPTURE_SHAPE_SC:
      /* A block with both kinds of lines is qc's (it has STATE nowhere, but
       * a hand-made paste might); one with neither is an error. */
      if (open->seen_service && (open->sc_qc || open->sc_query))
        block->cmd = td_capture_cmd_for_service (block->command, open->sc_qc);
      break;
    case TD_CAPTURE_SHAPE_REG:
      if (open->reg_key != NULL)
        {
          block->cmd = td_capture_cmd_for_reg_key (open->reg_key);
          g_free (block->command);
          block->command = g_strdup (open->reg_key);
        }
      break;
    case TD_CAPTURE_SHAPE_NETSH_NOT_FOUND:
      block->cmd = td_capture_match_command (block->command).cmd;
      break;
    case TD_CAPTURE_SHAPE_NONE:
    default:
      break;
    }
}

static void
open_clear (Open *open)
{
  g_clear_pointer (&open->block, td_capture_block_free);
  g_clear_pointer (&open->headings, g_ptr_array_unref);
  g_clear_pointer (&open->reg_key, g_free);
}

static void
close_block (Open               *open,
             const char * const *lines,
             GPtrArray          *blocks)
{
  if (open->block == NULL)
    return;
  open->block->end = open->last_content + 1;
  open->block->exit_status = td_capture_infer_exit (lines, open->block->start, open->block->end,
                                                    open->block->shape);
  attribute (open);
  g_ptr_array_add (blocks, g_steal_pointer (&open->block));
  open_clear (open);
}

static void
open_block (Open               *open,
            TdCaptureShape      shape,
            const char * const *lines,
            guint               i)
{
  /* Nothing the previous block saw carries over. */
  *open = (Open) { NULL, };
  open->block = g_new0 (TdCaptureBlock, 1);
  open->block->shape = shape;
  open->block->start = i;
  open->block->cmd = TD_CAPTURE_CMD_NONE;
  open->headings = g_ptr_array_new_with_free_func (g_free);
  if (shape == TD_CAPTURE_SHAPE_NETSH_NOT_FOUND)
    open->block->command = netsh_not_found_command (lines[i]);
}

GPtrArray *
td_capture_shape_scan (const char * const *lines,
                       guint               start,
                       guint               end)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) td_capture_block_free);
  Open open = { NULL, };

  for (guint i = start; i < end; i++)
    {
      const char *line = lines[i];
      TdCaptureShape shape;

      if (blank (line))
        continue;
      shape = starts (lines, i, end);
      /* "错误: 无" with its padding lost is Teredo's Error line, not reg's. */
      if (shape == TD_CAPTURE_SHAPE_REG && open.block != NULL && open.block->shape == TD_CAPTURE_SHAPE_TEREDO
          && is_teredo_label_line (line))
        shape = TD_CAPTURE_SHAPE_NONE;
      if (open.block != NULL
          && ((shape == open.block->shape && joins_open (&open, lines, i, end))
              || (shape == TD_CAPTURE_SHAPE_NONE && (continues (&open, line) || is_wrapped (lines, i)))))
        {
          observe (&open, line);
          open.last_content = i;
          continue;
        }
      close_block (&open, lines, blocks);
      if (shape == TD_CAPTURE_SHAPE_NONE)
        continue;
      open_block (&open, shape, lines, i);
      observe (&open, line);
      open.last_content = i;
    }
  close_block (&open, lines, blocks);
  return g_steal_pointer (&blocks);
}

guint
td_capture_shape_find_other (const char * const *lines,
                             guint               start,
                             guint               end,
                             TdCaptureShape      shape)
{
  for (guint i = start + 1; i < end; i++)
    {
      const char *line = lines[i];
      TdCaptureShape other = TD_CAPTURE_SHAPE_NONE;
      g_autofree char *codepage = NULL;
      g_autofree char *version = NULL;
      g_autofree char *t = NULL;

      if (blank (line) || indent (line) > 0)
        continue;
      t = trimmed (line);
      /* Only headings no other output prints. */
      if ((version = td_capture_version_from_line (line)) != NULL)
        other = TD_CAPTURE_SHAPE_VER;
      else if ((codepage = td_capture_codepage_from_line (line)) != NULL)
        other = TD_CAPTURE_SHAPE_CHCP;
      else if (g_str_equal (t, "Teredo Parameters") || g_str_has_prefix (t, "Teredo 参数"))
        other = TD_CAPTURE_SHAPE_TEREDO;
      else if (is_ipconfig_heading (line))
        other = TD_CAPTURE_SHAPE_IPCONFIG;
      else if (is_profile_heading (line))
        other = TD_CAPTURE_SHAPE_ADVFIREWALL;
      else if (g_str_has_prefix (line, "SERVICE_NAME:"))
        other = TD_CAPTURE_SHAPE_SC;
      else if (g_str_has_prefix (line, "HKEY_"))
        other = TD_CAPTURE_SHAPE_REG;
      else if (is_pnrp_header (line))
        other = TD_CAPTURE_SHAPE_PNRP;
      if (other != TD_CAPTURE_SHAPE_NONE && other != shape)
        return i;
    }
  return end;
}
