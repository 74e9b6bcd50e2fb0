/* td-report-doc.c — a report as a flat list of blocks
 *
 * Built from the report's JSON tree, read leniently: the tree comes from
 * td_report_to_json() (possibly redacted, possibly from a file that the
 * strict reader accepted), and a member this code does not know how to show
 * is skipped rather than failing a whole export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "td-report-doc.h"
#include "td-verdict.h"

/* ---- lenient JSON access ---------------------------------------------- */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static const char *
get_str (JsonObject *object,
         const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *out)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* 1 true, 0 false, -1 null or missing. */
static int
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return -1;
  return json_node_get_boolean (node) ? 1 : 0;
}

static JsonObject *
get_obj (JsonObject *object,
         const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_arr (JsonObject *object,
         const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static guint
arr_len (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

/* A string item, NULL for anything else. */
static const char *
arr_str (JsonArray *array,
         guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonObject *
arr_obj (JsonArray *array,
         guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* ---- text helpers ----------------------------------------------------- */

/* Text from a report may hold anything a command printed.  Line ends become
 * "\n"; other control characters are shown in caret notation ("^[" for
 * ESC), because XML cannot hold them, a terminal would obey them, and the
 * Unicode control pictures are missing from most fonts. */
static char *
clean (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
        }
      else if (c == '\n' || c == '\t')
        g_string_append_c (out, c);
      else if (c < 0x20)
        g_string_append_printf (out, "^%c", (char) (c + 0x40));
      else if (c == 0x7f)
        g_string_append (out, "^?");
      else if (c >= 0x80 && c < 0xa0)
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static const char *
yes_no (int value)
{
  return value > 0 ? _("yes") : value == 0 ? _("no") : _("unknown");
}

static char *
format_ms (gint64 ms)
{
  if (ms < 1000)
    return g_strdup_printf (_("%d ms"), (int) ms);
  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

static const char *
platform_name (const char *platform)
{
  if (g_strcmp0 (platform, "windows") == 0)
    return "Windows";
  if (g_strcmp0 (platform, "linux") == 0)
    return "Linux";
  if (g_strcmp0 (platform, "macos") == 0)
    return "macOS";
  if (g_strcmp0 (platform, "any") == 0)
    return _("any system");
  return platform;
}

/* Any scalar as text, NULL for null / missing / containers. */
static char *
scalar_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (yes_no (json_node_get_boolean (node)));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    default:
      return NULL;
    }
}

static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) utc = time != NULL ? g_date_time_to_utc (time) : NULL;

  if (utc == NULL)
    return g_strdup (iso != NULL ? iso : _("unknown"));
  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

/* ---- blocks ----------------------------------------------------------- */

static void
block_free (TdDocBlock *block)
{
  g_free (block->title);
  g_free (block->text);
  g_free (block->status);
  g_free (block->note);
  g_free (block->anchor);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_free (block);
}

void
td_report_doc_free (TdReportDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_free (doc->subtitle);
  g_free (doc->footer);
  g_free (doc->started_at);
  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

typedef struct {
  TdReportDoc *doc;
  GHashTable  *anchors;
} Builder;

static TdDocBlock *
add_block (Builder   *builder,
           TdDocKind  kind,
           guint      indent)
{
  TdDocBlock *block = g_new0 (TdDocBlock, 1);

  block->kind = kind;
  block->indent = indent;
  block->status_column = -1;
  g_ptr_array_add (builder->doc->blocks, block);
  return block;
}

/* A unique anchor made of [a-z0-9-] from @base. */
static char *
make_anchor (Builder    *builder,
             const char *prefix,
             const char *base)
{
  GString *anchor = g_string_new (prefix);
  g_autofree char *unique = NULL;

  for (const char *p = base; p != NULL && *p != '\0' && anchor->len < 64; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c))
        g_string_append_c (anchor, c);
      else if (anchor->len > 0 && anchor->str[anchor->len - 1] != '-')
        g_string_append_c (anchor, '-');
    }
  unique = g_strdup (anchor->str);
  for (guint n = 2; g_hash_table_contains (builder->anchors, unique); n++)
    {
      g_free (unique);
      unique = g_strdup_printf ("%s-%u", anchor->str, n);
    }
  g_string_free (anchor, TRUE);
  g_hash_table_add (builder->anchors, g_strdup (unique));
  return g_steal_pointer (&unique);
}

static void
add_heading (Builder    *builder,
             guint       level,
             const char *title,
             const char *anchor)
{
  TdDocBlock *block = add_block (builder, TD_DOC_HEADING, 0);

  block->level = level;
  block->title = clean (title);
  if (anchor != NULL)
    block->anchor = make_anchor (builder, "", anchor);
}

static void
add_paragraph (Builder    *builder,
               guint       indent,
               const char *text)
{
  add_block (builder, TD_DOC_PARAGRAPH, indent)->text = clean (text);
}

static TdDocBlock *
add_fields (Builder *builder)
{
  TdDocBlock *block = add_block (builder, TD_DOC_FIELDS, 0);

  block->n_columns = 2;
  block->cells = g_ptr_array_new_with_free_func (g_free);
  return block;
}

static void
field (TdDocBlock *block,
       const char *key,
       const char *value)
{
  g_ptr_array_add (block->cells, clean (key));
  g_ptr_array_add (block->cells, clean (value != NULL ? value : "—"));
}

/* Adds the field only when there is a value. */
static void
field_opt (TdDocBlock *block,
           const char *key,
           const char *value)
{
  if (value != NULL)
    field (block, key, value);
}

/* Drops a FIELDS block that stayed empty. */
static void
end_fields (Builder    *builder,
            TdDocBlock *block)
{
  if (block->cells->len == 0)
    g_ptr_array_remove (builder->doc->blocks, block);
}

static TdDocBlock *
add_table (Builder            *builder,
           const char * const *headers)
{
  TdDocBlock *block = add_block (builder, TD_DOC_TABLE, 0);

  block->cells = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; headers[i] != NULL; i++)
    g_ptr_array_add (block->cells, clean (headers[i]));
  block->n_columns = g_strv_length ((char **) headers);
  return block;
}

static void
cell (TdDocBlock *block,
      const char *value)
{
  g_ptr_array_add (block->cells, clean (value != NULL ? value : "—"));
}

static void
cell_take (TdDocBlock *block,
           char       *value)
{
  cell (block, value);
  g_free (value);
}

static TdDocBlock *
add_list (Builder *builder,
          guint    indent)
{
  TdDocBlock *block = add_block (builder, TD_DOC_LIST, indent);

  block->cells = g_ptr_array_new_with_free_func (g_free);
  return block;
}

/* ---- sections --------------------------------------------------------- */

static void
build_header (Builder    *builder,
              JsonObject *root)
{
  JsonObject *tool = get_obj (root, "tool");
  const char *hostname = get_str (root, "hostname");
  const char *server = get_str (root, "server");
  g_autofree char *started = format_time (get_str (root, "started_at"));
  g_autofree char *program = g_strdup_printf ("%s %s",
                                              get_str (tool, "name") ?: "teredo-doctor",
                                              get_str (tool, "version") ?: "?");
  TdDocBlock *fields;
  gint64 duration = 0;

  builder->doc->title = g_strdup (_("Teredo Doctor report"));
  builder->doc->subtitle = clean (hostname != NULL ? hostname : _("unknown computer"));
  builder->doc->footer = g_strdup_printf ("%s · %s · %s", program,
                                          builder->doc->subtitle, started);
  builder->doc->started_at = g_strdup (get_str (root, "started_at"));
  builder->doc->redacted = get_bool (root, "redacted") > 0;

  add_block (builder, TD_DOC_TITLE, 0)->title = g_strdup (builder->doc->title);
  fields = add_fields (builder);
  field (fields, _("Computer"), hostname != NULL ? hostname : _("unknown"));
  field (fields, _("System"), platform_name (get_str (root, "platform")));
  field (fields, _("Started"), started);
  if (get_int (root, "duration_ms", &duration))
    {
      g_autofree char *text = format_ms (duration);
      field (fields, _("Duration"), text);
    }
  field (fields, _("Teredo server"), server != NULL ? server : _("none given"));
  field (fields, _("Program"), program);
  field (fields, _("Redacted"), builder->doc->redacted
                                ? _("yes: public addresses and names are masked")
                                : _("no"));
}

/* A report of another computer (help-desk mode): where its facts come
 * from, and why the network checks did not run. */
static void
build_origin (Builder    *builder,
              JsonObject *root)
{
  JsonObject *origin = get_obj (root, "collected");
  const char *computer = get_str (origin, "computer");
  const char *collected_at = get_str (origin, "collected_at");
  const char *from = get_str (origin, "from");
  const char *elevated = get_str (origin, "elevated");
  JsonArray *missing = get_arr (origin, "missing");
  JsonArray *notes = get_arr (origin, "notes");
  g_autofree char *opened = format_time (get_str (root, "started_at"));
  g_autofree char *text = NULL;
  TdDocBlock *fields;

  if (origin == NULL)
    return;
  add_heading (builder, 2, _("Collected on another computer"), "collected");
  text = g_strdup_printf (
    /* TRANSLATORS: the first %s is a computer name, the second a date and
     * time as that computer printed it, the third the time here. */
    _("Collected on %s at %s, opened here %s. The commands ran on that computer; Teredo Doctor "
      "only read their output. The checks that need that computer's own network (the server "
      "name, UDP to the server, the NAT type, IPv6 web access, ping) were not run from here: "
      "where that computer's Teredo client said something about them, that is shown instead. "
      "The fixes are for that computer: they can be copied, never run from here."),
    computer != NULL ? computer : _("an unnamed computer"),
    collected_at != NULL ? collected_at : _("an unknown time"), opened);
  add_paragraph (builder, 0, text);
  if (get_bool (origin, "conclusive") == 0)
    add_paragraph (builder, 0, _("The verdict is provisional: an output it may depend on was not "
                                 "collected (see below)."));

  fields = add_fields (builder);
  field (fields, _("Collected by"), g_strcmp0 (from, "batch-file") == 0
                                    ? _("the help-desk batch file (teredo-doctor-collect.bat)")
                                    : _("console text pasted by hand"));
  field_opt (fields, _("Windows version"), get_str (origin, "windows_version"));
  field_opt (fields, _("Code page"), get_str (origin, "codepage"));
  field_opt (fields, _("Read as"), get_str (origin, "encoding"));
  field (fields, _("Administrator rights"),
         g_strcmp0 (elevated, "yes") == 0 ? _("yes")
         : g_strcmp0 (elevated, "no") == 0 ? _("no: some outputs lack lines that need them")
         : g_strcmp0 (elevated, "likely") == 0 ? _("likely (typed at C:\\Windows\\system32)")
         : _("unknown"));
  if (get_bool (origin, "complete") == 0)
    field (fields, _("Complete"), _("no: the collected file was cut off"));
  end_fields (builder, fields);

  if (arr_len (missing) > 0)
    {
      TdDocBlock *list;

      add_paragraph (builder, 0, _("Not collected (the facts they tell are unknown):"));
      list = add_list (builder, 0);
      for (guint i = 0; i < arr_len (missing); i++)
        if (arr_str (missing, i) != NULL)
          g_ptr_array_add (list->cells, clean (arr_str (missing, i)));
    }
  if (arr_len (notes) > 0)
    {
      TdDocBlock *list;

      add_paragraph (builder, 0, _("Notes on the collected text:"));
      list = add_list (builder, 0);
      for (guint i = 0; i < arr_len (notes); i++)
        if (arr_str (notes, i) != NULL)
          g_ptr_array_add (list->cells, clean (arr_str (notes, i)));
    }
}

static void
build_verdict (Builder    *builder,
               JsonObject *root)
{
  JsonObject *verdict = get_obj (root, "verdict");
  JsonArray *findings = get_arr (root, "findings");
  const char *code = get_str (verdict, "code");
  TdVerdictCode value = TD_VERDICT_UNKNOWN;
  TdDocBlock *block;

  if (verdict == NULL || code == NULL)
    {
      add_paragraph (builder, 0, _("No verdict: the diagnosis did not finish."));
      return;
    }
  td_verdict_code_from_string (code, &value);
  block = add_block (builder, TD_DOC_VERDICT, 0);
  block->status = clean (code);
  block->title = clean (get_str (verdict, "title") ?: td_verdict_code_get_title (value));
  block->text = clean (get_str (verdict, "summary"));
  block->healthy = td_verdict_code_is_healthy (value);
  block->anchor = make_anchor (builder, "", "verdict");

  if (arr_len (findings) > 1)
    {
      TdDocBlock *list;

      add_heading (builder, 2, _("Other findings"), NULL);
      list = add_list (builder, 0);
      for (guint i = 0; i < arr_len (findings); i++)
        {
          const char *finding = json_array_get_string_element (findings, i);
          TdVerdictCode finding_code;

          if (finding == NULL || g_strcmp0 (finding, code) == 0)
            continue;
          if (td_verdict_code_from_string (finding, &finding_code))
            g_ptr_array_add (list->cells, g_strdup_printf ("%s — %s", finding,
                                                           td_verdict_code_get_title (finding_code)));
          else
            g_ptr_array_add (list->cells, clean (finding));
        }
    }
}

static void
build_remedy (Builder    *builder,
              JsonObject *remedy)
{
  TdDocBlock *block = add_block (builder, TD_DOC_REMEDY, 1);
  JsonObject *fix = get_obj (remedy, "fix");
  const char *command_line = get_str (remedy, "command_line");

  block->title = clean (get_str (remedy, "title") ?: _("Fix"));
  block->text = clean (get_str (remedy, "description"));
  block->cells = g_ptr_array_new_with_free_func (g_free);
  /* "any" system needs no note. */
  if (g_strcmp0 (get_str (remedy, "platform"), "any") != 0)
    g_ptr_array_add (block->cells, clean (platform_name (get_str (remedy, "platform"))));
  if (get_bool (remedy, "needs_admin") > 0)
    g_ptr_array_add (block->cells, g_strdup (_("needs administrator rights")));
  if (get_bool (remedy, "needs_reboot") > 0)
    g_ptr_array_add (block->cells, g_strdup (_("needs a restart")));
  if (fix != NULL && get_str (fix, "action") != NULL)
    g_ptr_array_add (block->cells, g_strdup (_("Teredo Doctor can apply it")));

  if (command_line != NULL)
    {
      TdDocBlock *code = add_block (builder, TD_DOC_CODE, 1);

      code->is_command = TRUE;
      code->text = clean (command_line);
    }
}

static void
build_checks (Builder    *builder,
              JsonObject *root)
{
  JsonArray *checks = get_arr (root, "checks");
  TdDocBlock *table;

  add_heading (builder, 1, _("Checklist"), "checklist");
  if (arr_len (checks) == 0)
    {
      add_paragraph (builder, 0, _("No checks were run."));
      return;
    }
  table = add_table (builder, (const char * const[]) { _("Status"), _("Check"), _("Result"), NULL });
  table->status_column = 0;
  for (guint i = 0; i < arr_len (checks); i++)
    {
      JsonObject *check = arr_obj (checks, i);

      if (check == NULL)
        continue;
      cell (table, get_str (check, "status"));
      cell (table, get_str (check, "title") ?: get_str (check, "id"));
      cell (table, get_str (check, "summary"));
    }

  add_heading (builder, 1, _("Checks in detail"), "details");
  for (guint i = 0; i < arr_len (checks); i++)
    {
      JsonObject *check = arr_obj (checks, i);
      JsonArray *evidence = get_arr (check, "evidence");
      JsonArray *remedies = get_arr (check, "remedies");
      TdDocBlock *block;
      gint64 duration = 0;

      if (check == NULL)
        continue;
      block = add_block (builder, TD_DOC_CHECK, 0);
      block->status = clean (get_str (check, "status"));
      block->title = clean (get_str (check, "title") ?: get_str (check, "id"));
      block->text = clean (get_str (check, "summary"));
      block->anchor = make_anchor (builder, "check-", get_str (check, "id"));
      if (get_int (check, "duration_ms", &duration) && duration > 0)
        block->note = format_ms (duration);

      if (get_str (check, "details") != NULL)
        add_paragraph (builder, 1, get_str (check, "details"));
      for (guint e = 0; e < arr_len (evidence); e++)
        {
          JsonObject *item = arr_obj (evidence, e);
          TdDocBlock *code;

          if (item == NULL)
            continue;
          code = add_block (builder, TD_DOC_CODE, 1);
          code->title = clean (get_str (item, "label"));
          code->text = clean (get_str (item, "text") ?: "");
        }
      for (guint r = 0; r < arr_len (remedies); r++)
        if (arr_obj (remedies, r) != NULL)
          build_remedy (builder, arr_obj (remedies, r));
    }
}

static char *
endpoint_text (JsonObject *probe,
               const char *name)
{
  JsonObject *endpoint = get_obj (probe, name);
  gint64 port = 0;

  if (endpoint == NULL || get_str (endpoint, "address") == NULL)
    return NULL;
  if (!get_int (endpoint, "port", &port))
    return g_strdup (get_str (endpoint, "address"));
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, get_str (endpoint, "address"), port);
}

static char *
ms_member (JsonObject *object,
           const char *name)
{
  gint64 value;

  return get_int (object, name, &value) ? format_ms (value) : NULL;
}

static void
build_probe (Builder    *builder,
             JsonObject *root)
{
  JsonObject *probe = get_obj (root, "probe");
  JsonObject *nat, *error;
  JsonArray *events;
  TdDocBlock *fields;
  gint64 value;

  if (probe == NULL)
    return;
  nat = get_obj (probe, "nat");
  error = get_obj (probe, "error");
  events = get_arr (probe, "events");

  add_heading (builder, 1, _("Teredo qualification probe"), "probe");
  fields = add_fields (builder);
  field (fields, _("Server"), get_str (probe, "server"));
  field (fields, _("Primary address"), get_str (probe, "primary") ?: _("not resolved"));
  field_opt (fields, _("Secondary address"), get_str (probe, "secondary"));
  field (fields, _("Qualified"), yes_no (get_bool (probe, "qualified")));
  field (fields, _("Primary answered"), yes_no (get_bool (probe, "reachable")));
  field (fields, _("Secondary answered"), yes_no (get_bool (probe, "secondary_reachable")));
  field (fields, _("Cone test answered"), yes_no (get_bool (probe, "cone_answered")));
  {
    g_autofree char *rtt = ms_member (probe, "rtt_ms");
    g_autofree char *first = ms_member (probe, "first_answer_ms");
    g_autofree char *local = endpoint_text (probe, "local");
    g_autofree char *mapped = endpoint_text (probe, "mapped");
    g_autofree char *mapped2 = endpoint_text (probe, "mapped_secondary");

    field_opt (fields, _("Round trip"), rtt);
    field_opt (fields, _("First answer after"), first);
    field_opt (fields, _("Local endpoint"), local);
    field_opt (fields, _("Mapped endpoint (primary)"), mapped);
    field_opt (fields, _("Mapped endpoint (secondary)"), mapped2);
  }
  if (nat != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s%s", get_str (nat, "type") ?: "?",
                                               get_bool (nat, "port_preserving") > 0
                                               ? _(", port preserving") : "");
      field (fields, _("NAT"), text);
    }
  field_opt (fields, _("Teredo address"), get_str (probe, "teredo_address"));
  if (get_int (probe, "mtu", &value))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      field (fields, _("MTU"), text);
    }
  {
    g_autofree char *rs = scalar_text (probe, "rs_sent");
    g_autofree char *dropped = scalar_text (probe, "dropped");
    g_autofree char *elapsed = ms_member (probe, "elapsed_ms");

    field_opt (fields, _("Solicitations sent"), rs);
    field_opt (fields, _("Datagrams ignored"), dropped);
    field_opt (fields, _("Probe time"), elapsed);
  }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", get_str (error, "code") ?: "?",
                                               get_str (error, "message") ?: "");
      field (fields, _("Error"), text);
    }

  if (arr_len (events) > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Probe events (%u)"), arr_len (events));
      TdDocBlock *table;

      add_heading (builder, 2, title, "probe-events");
      /* The datagram last: it is the long column, as in a log. */
      table = add_table (builder, (const char * const[]) { _("Time"), _("Socket"), _("Event"),
                                                           _("Peer"), _("Bytes"), _("Datagram"),
                                                           NULL });
      table->long_table = TRUE;
      for (guint i = 0; i < arr_len (events); i++)
        {
          JsonObject *event = arr_obj (events, i);
          gint64 time_us = 0, length = 0;

          if (event == NULL)
            continue;
          get_int (event, "time_us", &time_us);
          get_int (event, "length", &length);
          cell_take (table, g_strdup_printf ("%.1f ms", time_us / 1000.0));
          cell (table, get_str (event, "socket"));
          cell (table, get_str (event, "direction"));
          cell (table, get_str (event, "peer"));
          cell_take (table, length > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, length) : NULL);
          cell (table, get_str (event, "what"));
        }
    }
}

static char *
tristate_member (JsonObject *object,
                 const char *name)
{
  return member (object, name) != NULL ? g_strdup (yes_no (get_bool (object, name))) : NULL;
}

static void
build_client (Builder    *builder,
              JsonObject *client)
{
  static const struct { const char *member; const char *label; } rows[] = {
    { "implementation", N_("Implementation") },
    { "type", N_("Type") },
    { "server_name", N_("Server") },
    { "refresh_interval_s", N_("Refresh interval (s)") },
    { "client_port", N_("Client port") },
    { "state", N_("State") },
    { "probe_phase", N_("Probe phase") },
    { "client_type", N_("Client type") },
    { "network", N_("Network") },
    { "nat", N_("NAT") },
    { "local_mapping", N_("Local mapping") },
    { "external_mapping", N_("External mapping") },
    { "address", N_("Teredo address") },
  };
  JsonObject *error = get_obj (client, "error");
  TdDocBlock *fields;

  add_heading (builder, 2, _("Teredo client"), "client");
  fields = add_fields (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = scalar_text (client, rows[i].member);

      if (g_str_equal (rows[i].member, "type") && value != NULL &&
          get_bool (client, "type_from_policy") > 0)
        {
          char *with_policy = g_strdup_printf ("%s (Group Policy)", value) /* netsh's words, untranslated */;
          g_free (value);
          value = with_policy;
        }
      if (g_str_equal (rows[i].member, "server_name") && value != NULL &&
          get_bool (client, "server_from_policy") > 0)
        {
          char *with_policy = g_strdup_printf ("%s (Group Policy)", value) /* netsh's words, untranslated */;
          g_free (value);
          value = with_policy;
        }
      field_opt (fields, _(rows[i].label), value);
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s%s%s%s", get_str (error, "code") ?: "?",
                                               get_str (error, "raw") != NULL ? " (“" : "",
                                               get_str (error, "raw") ?: "",
                                               get_str (error, "raw") != NULL ? "”)" : "");
      field (fields, _("Error"), text);
    }
  {
    g_autofree char *upnp = tristate_member (client, "upnp");
    g_autofree char *preserving = tristate_member (client, "port_preserving");

    if (get_bool (client, "upnp") >= 0)
      field (fields, _("UPnP"), upnp);
    if (get_bool (client, "port_preserving") >= 0)
      field (fields, _("Port preserving"), preserving);
  }
  end_fields (builder, fields);
}

static void
build_firewall (Builder    *builder,
                JsonObject *firewall)
{
  JsonArray *sources = get_arr (firewall, "sources");
  TdDocBlock *fields;

  add_heading (builder, 2, _("Firewall"), "firewall");
  fields = add_fields (builder);
  field (fields, _("Present"), yes_no (get_bool (firewall, "present")));
  field (fields, _("Active"), yes_no (get_bool (firewall, "active")));
  field (fields, _("Covers IPv6"), yes_no (get_bool (firewall, "covers_ipv6")));
  field_opt (fields, _("Decided by"), get_str (firewall, "name"));
  field_opt (fields, _("Reason"), get_str (firewall, "reason"));
  field_opt (fields, _("How to check"), get_str (firewall, "how_to_check"));
  if (arr_len (sources) > 0)
    {
      TdDocBlock *table = add_table (builder, (const char * const[]) {
        _("Source"), _("Present"), _("Active"), _("Covers IPv6"), _("Detail"), NULL });

      for (guint i = 0; i < arr_len (sources); i++)
        {
          JsonObject *source = arr_obj (sources, i);

          if (source == NULL)
            continue;
          cell (table, get_str (source, "name"));
          cell (table, yes_no (get_bool (source, "present")));
          cell (table, yes_no (get_bool (source, "active")));
          cell (table, yes_no (get_bool (source, "covers_ipv6")));
          cell (table, get_str (source, "detail"));
        }
    }
}

static void
build_windows (Builder    *builder,
               JsonObject *windows)
{
  JsonObject *policy = get_obj (windows, "policy");
  JsonArray *services = get_arr (windows, "services");
  JsonArray *adapters = get_arr (windows, "vpn_adapters");
  JsonArray *off = get_arr (windows, "off_switches");
  TdDocBlock *fields;
  gint64 value;

  add_heading (builder, 2, _("Windows settings"), "windows");
  fields = add_fields (builder);
  if (get_int (windows, "disabled_components", &value))
    {
      g_autofree char *text = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", value);
      field (fields, "DisabledComponents", text);
    }
  else
    field (fields, "DisabledComponents", _("not set"));
  if (get_int (windows, "teredo_type", &value))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      field (fields, _("Teredo type (registry)"), text);
    }
  field (fields, _("Domain member"), yes_no (get_bool (windows, "domain_member")));
  field_opt (fields, _("Domain"), get_str (windows, "domain"));
  if (policy != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, policy);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          {
            g_autofree char *key = g_strdup_printf (_("Policy %s"), name);
            field (fields, key, json_node_get_string (node));
          }
    }

  if (arr_len (services) > 0)
    {
      TdDocBlock *table = add_table (builder, (const char * const[]) {
        _("Service"), _("State"), _("Start type"), NULL });

      for (guint i = 0; i < arr_len (services); i++)
        {
          JsonObject *service = arr_obj (services, i);

          if (service == NULL)
            continue;
          cell (table, get_str (service, "name"));
          cell (table, get_str (service, "state"));
          cell (table, get_str (service, "start_type"));
        }
    }
  if (arr_len (adapters) > 0)
    {
      TdDocBlock *table = add_table (builder, (const char * const[]) {
        _("VPN adapter"), _("Description"), _("Kind"), NULL });

      for (guint i = 0; i < arr_len (adapters); i++)
        {
          JsonObject *adapter = arr_obj (adapters, i);

          if (adapter == NULL)
            continue;
          cell (table, get_str (adapter, "name"));
          cell (table, get_str (adapter, "description"));
          cell (table, get_str (adapter, "kind"));
        }
    }
  if (arr_len (off) > 0)
    {
      TdDocBlock *list;

      add_paragraph (builder, 0, _("Settings that turn Teredo off:"));
      list = add_list (builder, 0);
      for (guint i = 0; i < arr_len (off); i++)
        {
          JsonObject *item = arr_obj (off, i);

          if (item == NULL)
            continue;
          {
            g_autofree char *text = get_str (item, "detail") != NULL
                                    ? g_strdup_printf ("%s — %s", get_str (item, "id") ?: "?",
                                                       get_str (item, "detail"))
                                    : g_strdup (get_str (item, "id") ?: "?");
            g_ptr_array_add (list->cells, clean (text));
          }
        }
    }
  end_fields (builder, fields);
}

static void
build_host (Builder    *builder,
            JsonObject *root)
{
  JsonObject *host = get_obj (root, "host");
  JsonObject *ipv6, *client, *firewall, *windows, *errors;
  JsonArray *addresses, *reasons, *pnrp_clouds, *clouds;
  TdDocBlock *fields;

  if (host == NULL)
    return;
  ipv6 = get_obj (host, "ipv6");
  reasons = get_arr (ipv6, "reasons");
  addresses = get_arr (host, "addresses");
  pnrp_clouds = get_arr (host, "pnrp_clouds");
  clouds = get_arr (host, "clouds");
  client = get_obj (host, "client");
  firewall = get_obj (host, "firewall");
  windows = get_obj (host, "windows");
  errors = get_obj (host, "errors");

  /* A report of another computer (help-desk mode) is not about this one. */
  add_heading (builder, 1, get_obj (root, "collected") != NULL ? _("The diagnosed computer")
                                                                : _("This computer"), "host");
  fields = add_fields (builder);
  field (fields, _("IPv6 enabled"), yes_no (get_bool (ipv6, "enabled")));
  for (guint i = 0; i < arr_len (reasons); i++)
    field_opt (fields, i == 0 ? _("Why") : "", json_array_get_string_element (reasons, i));
  field (fields, _("Default IPv6 route"), yes_no (get_bool (host, "default_route")));
  field_opt (fields, _("Default route interface"), get_str (host, "default_route_interface"));
  field_opt (fields, "PNRP", get_str (host, "pnrp"));

  add_heading (builder, 2, _("IPv6 addresses"), "addresses");
  if (arr_len (addresses) == 0)
    add_paragraph (builder, 0, _("No IPv6 address."));
  else
    {
      TdDocBlock *table = add_table (builder, (const char * const[]) {
        _("Address"), _("Prefix"), _("Interface"), _("Scope"), _("Origin"), _("Flags"), NULL });

      for (guint i = 0; i < arr_len (addresses); i++)
        {
          JsonObject *address = arr_obj (addresses, i);
          JsonArray *flags = get_arr (address, "flags");
          GString *flag_text = g_string_new (NULL);

          if (address == NULL)
            {
              g_string_free (flag_text, TRUE);
              continue;
            }
          cell (table, get_str (address, "address"));
          cell_take (table, scalar_text (address, "prefix_length"));
          cell (table, get_str (address, "interface"));
          cell (table, get_str (address, "scope"));
          cell (table, get_str (address, "origin"));
          for (guint f = 0; f < arr_len (flags); f++)
            if (json_array_get_string_element (flags, f) != NULL)
              g_string_append_printf (flag_text, "%s%s", flag_text->len > 0 ? ", " : "",
                                      json_array_get_string_element (flags, f));
          cell (table, flag_text->len > 0 ? flag_text->str : "");
          g_string_free (flag_text, TRUE);
        }
    }

  if (arr_len (pnrp_clouds) > 0 || arr_len (clouds) > 0)
    add_heading (builder, 2, _("PNRP clouds"), "clouds");
  if (arr_len (pnrp_clouds) > 0)
    {
      TdDocBlock *table = add_table (builder, (const char * const[]) {
        _("Cloud (netsh)"), _("Scope"), _("Id"), _("Addresses"), _("State"), NULL });

      for (guint i = 0; i < arr_len (pnrp_clouds); i++)
        {
          JsonObject *cloud = arr_obj (pnrp_clouds, i);

          if (cloud == NULL)
            continue;
          cell (table, get_str (cloud, "name"));
          cell (table, get_str (cloud, "scope"));
          cell_take (table, scalar_text (cloud, "id"));
          cell_take (table, scalar_text (cloud, "addresses"));
          cell (table, get_str (cloud, "state"));
        }
    }
  if (arr_len (clouds) > 0)
    {
      TdDocBlock *table = add_table (builder, (const char * const[]) {
        _("Cloud (from the addresses)"), _("Scope"), _("Interface"), _("Addresses"), NULL });

      for (guint i = 0; i < arr_len (clouds); i++)
        {
          JsonObject *cloud = arr_obj (clouds, i);
          JsonArray *list = get_arr (cloud, "addresses");
          GString *text = g_string_new (NULL);

          if (cloud == NULL)
            {
              g_string_free (text, TRUE);
              continue;
            }
          for (guint a = 0; a < arr_len (list); a++)
            if (json_array_get_string_element (list, a) != NULL)
              g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                                      json_array_get_string_element (list, a));
          cell (table, get_str (cloud, "name"));
          cell (table, get_str (cloud, "scope"));
          cell (table, get_str (cloud, "interface"));
          cell (table, text->str);
          g_string_free (text, TRUE);
        }
    }

  if (client != NULL)
    build_client (builder, client);
  if (firewall != NULL)
    build_firewall (builder, firewall);
  if (windows != NULL)
    build_windows (builder, windows);

  if (errors != NULL && json_object_get_size (errors) > 0)
    {
      TdDocBlock *table;
      JsonObjectIter iter;
      const char *fact;
      JsonNode *node;

      add_heading (builder, 2, _("What could not be read"), "errors");
      table = add_table (builder, (const char * const[]) {
        _("Fact"), _("Error"), _("Message"), NULL });
      json_object_iter_init_ordered (&iter, errors);
      while (json_object_iter_next_ordered (&iter, &fact, &node))
        {
          JsonObject *error = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

          cell (table, fact);
          cell (table, get_str (error, "code"));
          cell (table, get_str (error, "message"));
        }
    }
}

static void
build_commands (Builder    *builder,
                JsonObject *root)
{
  JsonArray *evidence = get_arr (get_obj (root, "host"), "evidence");

  if (arr_len (evidence) == 0)
    return;
  add_heading (builder, 1, get_obj (root, "collected") != NULL
                           ? _("Commands run on that computer, as collected")
                           : _("Commands run"), "commands");
  for (guint i = 0; i < arr_len (evidence); i++)
    {
      JsonObject *item = arr_obj (evidence, i);
      JsonArray *argv = get_arr (item, "argv");
      JsonObject *error = get_obj (item, "error");
      GString *title = g_string_new (NULL);
      GString *text = g_string_new (NULL);
      TdDocBlock *code;
      gint64 exit_status, elapsed = 0;

      if (item == NULL)
        {
          g_string_free (title, TRUE);
          g_string_free (text, TRUE);
          continue;
        }
      if (argv != NULL)
        for (guint a = 0; a < arr_len (argv); a++)
          g_string_append_printf (title, "%s%s", a > 0 ? " " : "",
                                  json_array_get_string_element (argv, a) ?: "");
      else
        g_string_append_printf (title, _("File %s"), get_str (item, "path") ?: "?");
      get_int (item, "elapsed_ms", &elapsed);
      elapsed = CLAMP (elapsed, 0, G_MAXINT);
      if (get_int (item, "exit_status", &exit_status))
        g_string_append_printf (title, _(" (exit status %d, %d ms)"),
                                (int) CLAMP (exit_status, G_MININT, G_MAXINT), (int) elapsed);
      else if (argv != NULL)
        g_string_append_printf (title, _(" (%d ms)"), (int) elapsed);

      g_string_append (text, get_str (item, "stdout") ?: "");
      if (get_str (item, "stderr") != NULL && *get_str (item, "stderr") != '\0')
        {
          if (text->len > 0 && text->str[text->len - 1] != '\n')
            g_string_append_c (text, '\n');
          g_string_append_printf (text, "%s\n%s", _("--- standard error ---"),
                                  get_str (item, "stderr"));
        }
      if (error != NULL)
        {
          if (text->len > 0 && text->str[text->len - 1] != '\n')
            g_string_append_c (text, '\n');
          g_string_append_printf (text, _("--- error: %s: %s"), get_str (error, "code") ?: "?",
                                  get_str (error, "message") ?: "");
        }
      code = add_block (builder, TD_DOC_CODE, 0);
      code->title = clean (title->str);
      code->text = clean (text->str);
      g_string_free (title, TRUE);
      g_string_free (text, TRUE);
    }
}

TdReportDoc *
td_report_doc_new_from_json (JsonNode *root_node)
{
  g_autoptr(GHashTable) anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  TdReportDoc *doc = g_new0 (TdReportDoc, 1);
  Builder builder = { doc, anchors };
  JsonObject *root;

  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  root = root_node != NULL && JSON_NODE_HOLDS_OBJECT (root_node)
         ? json_node_get_object (root_node) : NULL;

  build_header (&builder, root);
  build_origin (&builder, root);
  build_verdict (&builder, root);
  build_checks (&builder, root);
  build_probe (&builder, root);
  build_host (&builder, root);
  build_commands (&builder, root);
  return doc;
}

/* ---- status vocabulary ------------------------------------------------ */

static const struct {
  const char *status;
  const char *label;
} statuses[] = {
  { "pass", "PASS" }, { "warn", "WARN" }, { "fail", "FAIL" }, { "skip", "SKIP" },
  { "info", "INFO" }, { "cancelled", "CANCELLED" }, { "waiting", "WAITING" },
  { "running", "RUNNING" },
};

const char *
td_doc_status_label (const char *status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].status) == 0)
      return statuses[i].label;
  return "?";
}

const char *
td_doc_status_class (const char *status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].status) == 0)
      return statuses[i].status;
  return "unknown";
}
