/* fake-command.c — one fake for Windows' console programs (netsh, ipconfig,
 * sc, reg, chcp) that runs on Windows and under Wine: what
 * tests/data/fake-windows/fake-windows.sh does with shell scripts on Linux
 *
 * Copied as netsh.exe, ipconfig.exe, sc.exe, reg.exe and chcp.exe (the
 * name it runs as says which program it plays), it prints what the
 * scenario folder's scenario.sh chooses (see fake-windows.sh for the
 * variables).  The scenario folder is $TD_FAKE_SCENARIO, else the first
 * line of scenario.txt beside the program.  A Unix path (/…) is read
 * through Wine's drive Z:.  Windows finds its own programs in System32
 * before PATH, so the backend looks for these in $TD_COMMAND_PATH.
 *
 * Plain C and the Windows API, no GLib: it needs no DLL of ours.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <windows.h>
#include <ctype.h>
#include <fcntl.h>
#include <io.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VARS   64
#define MAX_TEXT   4096

typedef struct {
  char name[64];
  char value[MAX_TEXT];
} Var;

static Var vars[MAX_VARS];
static int n_vars;
static char here[MAX_TEXT];      /* the scenario folder */
static char windows_dir[MAX_TEXT];   /* tests/data/windows */
static char fake_dir[MAX_TEXT];  /* tests/data/fake-windows */
static char args[MAX_TEXT];      /* the arguments, joined by spaces */

static void die (const char *format, ...) __attribute__ ((format (printf, 1, 2), noreturn));

static void
die (const char *format,
     ...)
{
  va_list ap;

  va_start (ap, format);
  fputs ("fake-command: ", stderr);
  vfprintf (stderr, format, ap);
  fputc ('\n', stderr);
  va_end (ap);
  exit (99);
}

/* A path as Windows reads it: /x/y (Unix, under Wine) becomes Z:\x\y. */
static void
to_windows_path (const char *in,
                 char       *out,
                 size_t      size)
{
  size_t n = 0;

  if (in[0] == '/' && in[1] != '/')
    {
      out[n++] = 'Z';
      out[n++] = ':';
    }
  for (; *in != '\0' && n + 1 < size; in++)
    out[n++] = *in == '/' ? '\\' : *in;
  out[n] = '\0';
}

static const char *
get_var (const char *name)
{
  /* The last assignment wins, as in the shell. */
  for (int i = n_vars - 1; i >= 0; i--)
    if (strcmp (vars[i].name, name) == 0)
      return vars[i].value;
  return NULL;
}

/* The value of NAME, or @fallback when it is unset or empty (${NAME:-x}). */
static const char *
get_var_or (const char *name,
            const char *fallback)
{
  const char *value = get_var (name);

  return value != NULL && *value != '\0' ? value : fallback;
}

/* $NAME and ${NAME} inside a value: a variable set earlier in
 * scenario.sh, else here, windows or fake as fake-windows.sh sets them. */
static void
expand (const char *in,
        char       *out,
        size_t      size)
{
  size_t n = 0;

  while (*in != '\0' && n + 1 < size)
    {
      char name[64];
      const char *start, *end, *value = NULL;
      size_t length;

      if (*in != '$')
        {
          out[n++] = *in++;
          continue;
        }
      start = in[1] == '{' ? in + 2 : in + 1;
      for (end = start; isalnum ((unsigned char) *end) || *end == '_'; end++)
        ;
      length = (size_t) (end - start);
      if (length == 0 || length >= sizeof name || (in[1] == '{' && *end != '}'))
        {
          out[n++] = *in++;
          continue;
        }
      memcpy (name, start, length);
      name[length] = '\0';
      value = get_var (name);
      if (value == NULL && strcmp (name, "here") == 0)
        value = here;
      else if (value == NULL && strcmp (name, "windows") == 0)
        value = windows_dir;
      else if (value == NULL && strcmp (name, "fake") == 0)
        value = fake_dir;
      for (; value != NULL && *value != '\0' && n + 1 < size; value++)
        out[n++] = *value;
      in = in[1] == '{' ? end + 1 : end;
    }
  out[n] = '\0';
}

/* NAME=value, NAME="value" and NAME='value' lines of scenario.sh. */
static void
read_scenario (void)
{
  char path[MAX_TEXT];
  char line[MAX_TEXT];
  FILE *file;

  snprintf (path, sizeof path, "%s\\scenario.sh", here);
  file = fopen (path, "rb");
  if (file == NULL)
    die ("cannot read %s", path);
  while (fgets (line, sizeof line, file) != NULL && n_vars < MAX_VARS)
    {
      char *p = line, *name, *value, *end;
      char raw[MAX_TEXT];

      while (*p == ' ' || *p == '\t')
        p++;
      if (!(isalpha ((unsigned char) *p) || *p == '_'))
        continue;
      name = p;
      while (isalnum ((unsigned char) *p) || *p == '_')
        p++;
      if (*p != '=')
        continue;
      *p++ = '\0';
      if (*p == '"' || *p == '\'')
        {
          char quote = *p++;

          value = p;
          end = strchr (p, quote);
          if (end == NULL)
            continue;
          *end = '\0';
          if (quote == '\'')
            {
              snprintf (vars[n_vars].name, sizeof vars[n_vars].name, "%s", name);
              snprintf (vars[n_vars].value, sizeof vars[n_vars].value, "%s", value);
              n_vars++;
              continue;
            }
        }
      else
        {
          value = p;
          p += strcspn (p, " \t\r\n#");
          *p = '\0';
        }
      snprintf (raw, sizeof raw, "%s", value);
      snprintf (vars[n_vars].name, sizeof vars[n_vars].name, "%s", name);
      expand (raw, vars[n_vars].value, sizeof vars[n_vars].value);
      n_vars++;
    }
  fclose (file);
}

/* The folder of this program, and the name it runs as ("netsh"). */
static void
own_location (char   *dir,
              size_t  dir_size,
              char   *name,
              size_t  name_size)
{
  char module[MAX_PATH * 2];
  DWORD length = GetModuleFileNameA (NULL, module, sizeof module);
  char *slash, *dot;

  if (length == 0 || length >= sizeof module)
    die ("cannot find my own name");
  slash = strrchr (module, '\\');
  snprintf (name, name_size, "%s", slash != NULL ? slash + 1 : module);
  dot = strrchr (name, '.');
  if (dot != NULL && _stricmp (dot, ".exe") == 0)
    *dot = '\0';
  for (char *c = name; *c != '\0'; c++)
    *c = (char) tolower ((unsigned char) *c);
  if (slash != NULL)
    *slash = '\0';
  snprintf (dir, dir_size, "%s", slash != NULL ? module : ".");
}

static void
find_scenario (const char *own_dir)
{
  const char *env = getenv ("TD_FAKE_SCENARIO");
  char chosen[MAX_TEXT] = "";
  size_t n;

  if (env != NULL && *env != '\0')
    snprintf (chosen, sizeof chosen, "%s", env);
  else
    {
      char path[MAX_TEXT];
      FILE *file;

      snprintf (path, sizeof path, "%s\\scenario.txt", own_dir);
      file = fopen (path, "rb");
      if (file == NULL || fgets (chosen, sizeof chosen, file) == NULL)
        die ("no TD_FAKE_SCENARIO and no %s", path);
      fclose (file);
    }
  chosen[strcspn (chosen, "\r\n")] = '\0';
  to_windows_path (chosen, here, sizeof here);
  n = strlen (here);
  while (n > 0 && here[n - 1] == '\\')
    here[--n] = '\0';
  snprintf (windows_dir, sizeof windows_dir, "%s\\..\\..\\windows", here);
  snprintf (fake_dir, sizeof fake_dir, "%s\\..", here);
}

/* ---- what the programs print ------------------------------------------ */

static void
cat (const char *path)
{
  char buffer[65536];
  size_t n;
  FILE *file = fopen (path, "rb");

  if (file == NULL)
    die ("cannot read %s", path);
  while ((n = fread (buffer, 1, sizeof buffer, file)) > 0)
    fwrite (buffer, 1, n, stdout);
  fclose (file);
}

/* Hangs the way the shell fake does: a child (another copy of this
 * program) holds our output open too, so only killing the whole tree
 * (the job object) lets the reader see the end of it. */
static void
hang (void)
{
  char module[MAX_PATH * 2];
  char command_line[MAX_PATH * 2 + 64];
  STARTUPINFOA startup = { 0 };
  PROCESS_INFORMATION process;

  GetModuleFileNameA (NULL, module, sizeof module);
  snprintf (command_line, sizeof command_line, "\"%s\" --td-fake-hang-child", module);
  startup.cb = sizeof startup;
  if (CreateProcessA (NULL, command_line, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &process))
    {
      CloseHandle (process.hThread);
      CloseHandle (process.hProcess);
    }
  Sleep (97 * 1000);
  exit (0);
}

static void
out (const char *what)
{
  if (strcmp (what, "hang") == 0)
    hang ();
  else if (strcmp (what, "huge") == 0)
    {
      static const char line[] = "Teredo Parameters ---------------------------------------------\n";
      static char block[64 * (sizeof line - 1)];

      /* Like yes(1), until the reader goes away; in big writes, which a
       * pipe under Wine needs to be fast. */
      for (size_t i = 0; i < sizeof block; i += sizeof line - 1)
        memcpy (block + i, line, sizeof line - 1);
      while (fwrite (block, 1, sizeof block, stdout) == sizeof block && fflush (stdout) == 0)
        ;
      exit (0);
    }
  else if (strcmp (what, "junk") == 0)
    {
      char path[MAX_TEXT];

      snprintf (path, sizeof path, "%s\\junk.bin", fake_dir);
      cat (path);
      exit (0);
    }
  else if (strcmp (what, "empty") == 0)
    exit (0);
  else if (strcmp (what, "exit1") == 0)
    {
      printf ("An internal error occurred: the RPC server is unavailable.\n");
      exit (1);
    }
  else if (strcmp (what, "notfound") == 0 || *what == '\0')
    {
      printf ("The following command was not found: %s.\n", args);
      exit (1);
    }
  else
    {
      char path[MAX_TEXT];

      to_windows_path (what, path, sizeof path);
      cat (path);
      exit (0);
    }
}

static void
not_found_key (void)
{
  fprintf (stderr, "ERROR: The system was unable to find the specified registry key or value.\n");
  exit (1);
}

static void
sc_query (const char *service)
{
  char name[128];
  const char *state, *line, *caps, *code;

  snprintf (name, sizeof name, "SC_%s", service);
  state = get_var_or (name, "running");
  if (strcmp (state, "missing") == 0)
    {
      printf ("[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\n"
              "The specified service does not exist as an installed service.\n\n");
      exit (36);
    }
  if (strcmp (state, "denied") == 0)
    {
      printf ("[SC] OpenService FAILED 5:\n\nAccess is denied.\n\n");
      exit (5);
    }
  if (strcmp (state, "stopped") == 0)
    {
      line = "STATE              : 1  STOPPED";
      caps = "(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)";
      code = "1077  (0x435)";
    }
  else
    {
      line = "STATE              : 4  RUNNING";
      caps = "(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)";
      code = "0  (0x0)";
    }
  printf ("\nSERVICE_NAME: %s\n", service);
  printf ("        TYPE               : 20  WIN32_SHARE_PROCESS\n");
  printf ("        %s\n", line);
  printf ("                                %s\n", caps);
  printf ("        WIN32_EXIT_CODE    : %s\n", code);
  printf ("        SERVICE_EXIT_CODE  : 0  (0x0)\n");
  printf ("        CHECKPOINT         : 0x0\n");
  printf ("        WAIT_HINT          : 0x0\n");
}

static void
sc_qc (const char *service)
{
  char name[128];
  const char *state, *start, *line;

  snprintf (name, sizeof name, "SC_%s", service);
  state = get_var_or (name, "running");
  snprintf (name, sizeof name, "QC_%s", service);
  start = get_var_or (name, "auto");
  if (strcmp (state, "missing") == 0)
    {
      printf ("[SC] OpenService FAILED 1060:\n\n"
              "The specified service does not exist as an installed service.\n\n");
      exit (36);
    }
  if (strcmp (state, "denied") == 0)
    {
      printf ("[SC] OpenService FAILED 5:\n\nAccess is denied.\n\n");
      exit (5);
    }
  if (strcmp (start, "disabled") == 0)
    line = "START_TYPE         : 4   DISABLED";
  else if (strcmp (start, "demand") == 0)
    line = "START_TYPE         : 3   DEMAND_START";
  else
    line = "START_TYPE         : 2   AUTO_START";
  printf ("[SC] QueryServiceConfig SUCCESS\n\n");
  printf ("SERVICE_NAME: %s\n", service);
  printf ("        TYPE               : 20  WIN32_SHARE_PROCESS\n");
  printf ("        %s\n", line);
  printf ("        ERROR_CONTROL      : 1   NORMAL\n");
  printf ("        BINARY_PATH_NAME   : C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p\n");
  printf ("        LOAD_ORDER_GROUP   :\n");
  printf ("        TAG                : 0\n");
  printf ("        DISPLAY_NAME       : %s\n", service);
  printf ("        SERVICE_START_NAME : LocalSystem\n");
}

static void
reg_value (const char *heading,
           const char *name,
           const char *type,
           const char *value)
{
  printf ("\n%s\n    %s    %s    %s\n\n", heading, name, type, value);
}

/* The shell's case pattern "*a*b*": @a, then @b after it. */
static int
contains_in_order (const char *text,
                   const char *a,
                   const char *b)
{
  const char *at = strstr (text, a);

  return at != NULL && (b == NULL || strstr (at + strlen (a), b) != NULL);
}

static void
reg (void)
{
  const char *value;

  if (contains_in_order (args, "WOW6432Node", "v6Transition"))
    {
      if ((value = get_var_or ("REG_POLICY_WOW", NULL)) == NULL)
        not_found_key ();
      reg_value ("HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Policies\\Microsoft\\Windows\\TCPIP"
                 "\\v6Transition", "Teredo_State", "REG_SZ", value);
    }
  else if (contains_in_order (args, "v6Transition", NULL))
    {
      const char *state = get_var_or ("REG_POLICY", NULL);
      const char *server = get_var_or ("REG_POLICY_SERVER", NULL);

      if (state == NULL && server == NULL)
        not_found_key ();
      printf ("\n%s\n", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\TCPIP\\v6Transition");
      if (state != NULL)
        printf ("    %s    %s    %s\n", "Teredo_State", "REG_SZ", state);
      if (server != NULL)
        printf ("    %s    %s    %s\n", "Teredo_ServerName", "REG_SZ", server);
      printf ("\n");
    }
  else if (contains_in_order (args, "Tcpip6", "DisabledComponents"))
    {
      if ((value = get_var_or ("REG_DC", NULL)) == NULL)
        not_found_key ();
      reg_value ("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters",
                 "DisabledComponents", "REG_DWORD", value);
    }
  else if (contains_in_order (args, "iphlpsvc", "Teredo"))
    {
      if ((value = get_var_or ("REG_TEREDO_TYPE", NULL)) == NULL)
        not_found_key ();
      reg_value ("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Teredo",
                 "Type", "REG_DWORD", value);
    }
  else if (contains_in_order (args, "Tcpip", "Domain"))
    {
      if ((value = get_var_or ("REG_DOMAIN", NULL)) == NULL)
        not_found_key ();
      reg_value ("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters",
                 "Domain", "REG_SZ", value);
    }
  else
    not_found_key ();
}

int
main (int    argc,
      char **argv)
{
  char own_dir[MAX_TEXT];
  char command[MAX_PATH];
  size_t n = 0;

  if (argc == 2 && strcmp (argv[1], "--td-fake-hang-child") == 0)
    {
      Sleep (97 * 1000);
      return 0;
    }

  /* Byte for byte, like the fixtures and like cat. */
  _setmode (_fileno (stdout), _O_BINARY);
  _setmode (_fileno (stderr), _O_BINARY);

  own_location (own_dir, sizeof own_dir, command, sizeof command);
  find_scenario (own_dir);
  read_scenario ();
  for (int i = 1; i < argc && n + 1 < sizeof args; i++)
    n += (size_t) snprintf (args + n, sizeof args - n, "%s%s", i > 1 ? " " : "", argv[i]);

  if (strcmp (command, "chcp") == 0)
    {
      const char *file = get_var_or ("CHCP", NULL);

      if (file != NULL)
        out (file);
      printf ("Active code page: 437\n");
    }
  else if (strcmp (command, "netsh") == 0)
    {
      if (strcmp (args, "interface teredo show state") == 0)
        out (get_var_or ("TEREDO", ""));
      else if (strcmp (args, "interface ipv6 show teredo") == 0)
        out (get_var_or ("TEREDO_XP", get_var_or ("TEREDO", "")));
      else if (strcmp (args, "p2p pnrp cloud show list") == 0)
        out (get_var_or ("PNRP", ""));
      else if (strcmp (args, "advfirewall show allprofiles state") == 0)
        out (get_var_or ("FIREWALL", ""));
      else
        out ("notfound");
    }
  else if (strcmp (command, "ipconfig") == 0)
    out (strcmp (args, "/all") == 0 ? get_var_or ("IPCONFIG", "") : "notfound");
  else if (strcmp (command, "sc") == 0)
    {
      if (argc >= 3 && strcmp (argv[1], "query") == 0)
        sc_query (argv[2]);
      else if (argc >= 3 && strcmp (argv[1], "qc") == 0)
        sc_qc (argv[2]);
      else
        {
          printf ("DESCRIPTION:\n        SC is a command line program used for communicating with the\n");
          return 1;
        }
    }
  else if (strcmp (command, "reg") == 0)
    reg ();
  else
    {
      fprintf (stderr, "'%s' is not recognized as an internal or external command.\n", command);
      return 1;
    }
  return 0;
}
