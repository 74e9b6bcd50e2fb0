/* td-json-syntax.c — a strict, non-recursive JSON syntax check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "td-error.h"
#include "td-json-syntax.h"

typedef enum {
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE,  /* just after "[" */
  EXPECT_KEY,             /* after "," in an object */
  EXPECT_KEY_OR_CLOSE,    /* just after "{" */
  AFTER_VALUE,
} State;

typedef struct {
  const char *start;
  const char *p;
  const char *end;
  GError    **error;
} Lexer;

/* Sets the error with a line and column (in characters) of the current
 * position; always returns FALSE. */
G_GNUC_PRINTF (2, 3)
static gboolean
fail (Lexer      *lexer,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  const char *line_start = lexer->start;
  guint line = 1;
  va_list args;

  for (const char *q = lexer->start; q < lexer->p; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (lexer->error, TD_ERROR, TD_ERROR_PARSE, "not valid JSON: line %u, column %ld: %s",
               line, g_utf8_pointer_to_offset (line_start, lexer->p) + 1, message);
  return FALSE;
}

static void
skip_space (Lexer *lexer)
{
  while (lexer->p < lexer->end &&
         (*lexer->p == ' ' || *lexer->p == '\t' || *lexer->p == '\n' || *lexer->p == '\r'))
    lexer->p++;
}

/* What the next character is, for messages. */
static char *
describe_next (Lexer *lexer)
{
  if (lexer->p >= lexer->end)
    return g_strdup ("the end of the data");
  if ((guchar) *lexer->p < 0x20)
    return g_strdup_printf ("control character 0x%02x", (guchar) *lexer->p);
  return g_strdup_printf ("“%.*s”", (int) (g_utf8_next_char (lexer->p) - lexer->p), lexer->p);
}

/* The four hex digits after "\\u" at @u (pointing at the "u"). */
static gboolean
read_unit (Lexer      *lexer,
           const char *u,
           guint      *out_unit)
{
  guint unit = 0;

  for (int i = 1; i <= 4; i++)
    {
      if (u + i >= lexer->end || !g_ascii_isxdigit (u[i]))
        return fail (lexer, "“\\u” must be followed by four hexadecimal digits");
      unit = unit * 16 + g_ascii_xdigit_value (u[i]);
    }
  *out_unit = unit;
  return TRUE;
}

static gboolean
scan_string (Lexer       *lexer,
             const char **out_start,
             gsize       *out_length)
{
  const char *start = ++lexer->p;   /* after the opening quote */

  while (lexer->p < lexer->end)
    {
      guchar c = *lexer->p;

      if (c == '"')
        {
          if (out_start != NULL)
            {
              *out_start = start;
              *out_length = lexer->p - start;
            }
          lexer->p++;
          return TRUE;
        }
      if (c < 0x20)
        return fail (lexer, "control character 0x%02x inside a string", c);
      if (c == '\\')
        {
          lexer->p++;
          if (lexer->p >= lexer->end)
            break;
          if (*lexer->p == 'u')
            {
              guint unit = 0;

              if (!read_unit (lexer, lexer->p, &unit))
                return FALSE;
              lexer->p += 5;
              /* UTF-16 surrogates only come in pairs: json-glib refuses a
               * lone one with a message that is not even UTF-8. */
              if (unit >= 0xdc00 && unit <= 0xdfff)
                return fail (lexer, "“\\u%04x” is half of a character (a lone surrogate)", unit);
              if (unit >= 0xd800 && unit <= 0xdbff)
                {
                  guint low = 0;

                  if (lexer->end - lexer->p < 6 || lexer->p[0] != '\\' || lexer->p[1] != 'u' ||
                      !read_unit (lexer, lexer->p + 1, &low) || low < 0xdc00 || low > 0xdfff)
                    return fail (lexer, "“\\u%04x” is half of a character (a lone surrogate)", unit);
                  lexer->p += 6;
                }
              continue;
            }
          if (strchr ("\"\\/bfnrt", *lexer->p) == NULL || *lexer->p == '\0')
            return fail (lexer, "unknown escape “\\%c”", g_ascii_isprint (*lexer->p) ? *lexer->p : '?');
        }
      lexer->p++;
    }
  return fail (lexer, "the string never ends");
}

static gboolean
scan_digits (Lexer *lexer)
{
  const char *first = lexer->p;

  while (lexer->p < lexer->end && g_ascii_isdigit (*lexer->p))
    lexer->p++;
  if (lexer->p == first)
    return fail (lexer, "a digit was expected in the number");
  return TRUE;
}

static gboolean
scan_number (Lexer *lexer)
{
  if (*lexer->p == '-')
    lexer->p++;
  if (lexer->p < lexer->end && *lexer->p == '0')
    {
      lexer->p++;
      if (lexer->p < lexer->end && g_ascii_isdigit (*lexer->p))
        return fail (lexer, "numbers must not have leading zeros");
    }
  else if (!scan_digits (lexer))
    return FALSE;
  if (lexer->p < lexer->end && *lexer->p == '.')
    {
      lexer->p++;
      if (!scan_digits (lexer))
        return FALSE;
    }
  if (lexer->p < lexer->end && (*lexer->p == 'e' || *lexer->p == 'E'))
    {
      lexer->p++;
      if (lexer->p < lexer->end && (*lexer->p == '+' || *lexer->p == '-'))
        lexer->p++;
      if (!scan_digits (lexer))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_literal (Lexer *lexer)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (gsize i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if ((gsize) (lexer->end - lexer->p) >= n && memcmp (lexer->p, literals[i], n) == 0)
        {
          lexer->p += n;
          return TRUE;
        }
    }
  {
    g_autofree char *what = describe_next (lexer);
    return fail (lexer, "a value was expected, not %s", what);
  }
}

static void
clear_keys (gpointer data)
{
  g_clear_pointer ((GHashTable **) data, g_hash_table_unref);
}

gboolean
td_json_check_syntax (const char  *data,
                      gsize        length,
                      guint        max_depth,
                      GError     **error)
{
  Lexer lexer = { data, data, data + length, error };
  /* One entry per open container: '[' or '{', and for objects the member
   * names seen so far (raw, still escaped: enough to catch the duplicates
   * a person or a buggy writer makes). */
  g_autoptr(GByteArray) stack = g_byte_array_new ();
  g_autoptr(GArray) keys = g_array_new (FALSE, TRUE, sizeof (GHashTable *));
  State state = EXPECT_VALUE;

  g_array_set_clear_func (keys, clear_keys);

  skip_space (&lexer);
  if (lexer.p >= lexer.end)
    return fail (&lexer, "the data is empty");

  for (;;)
    {
      char c;

      skip_space (&lexer);
      c = lexer.p < lexer.end ? *lexer.p : '\0';

      switch (state)
        {
        case EXPECT_VALUE_OR_CLOSE:
          if (c == ']')
            {
              lexer.p++;
              g_byte_array_set_size (stack, stack->len - 1);
              state = AFTER_VALUE;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          if (c == '[' || c == '{')
            {
              guint8 open = c;

              if (stack->len >= max_depth)
                return fail (&lexer, "nested deeper than %u levels", max_depth);
              g_byte_array_append (stack, &open, 1);
              lexer.p++;
              if (c == '{')
                {
                  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

                  g_array_set_size (keys, stack->len);
                  g_array_index (keys, GHashTable *, stack->len - 1) = set;
                }
              state = c == '[' ? EXPECT_VALUE_OR_CLOSE : EXPECT_KEY_OR_CLOSE;
              break;
            }
          if (c == '"')
            {
              if (!scan_string (&lexer, NULL, NULL))
                return FALSE;
            }
          else if (c == '-' || g_ascii_isdigit (c))
            {
              if (!scan_number (&lexer))
                return FALSE;
            }
          else if (!scan_literal (&lexer))
            return FALSE;
          state = AFTER_VALUE;
          break;

        case EXPECT_KEY_OR_CLOSE:
          if (c == '}')
            {
              lexer.p++;
              g_array_set_size (keys, stack->len - 1);
              g_byte_array_set_size (stack, stack->len - 1);
              state = AFTER_VALUE;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_KEY:
          {
            const char *key_start = NULL;
            gsize key_length = 0;
            GHashTable *set = g_array_index (keys, GHashTable *, stack->len - 1);
            char *key;

            if (c != '"')
              {
                g_autofree char *what = describe_next (&lexer);
                return fail (&lexer, "a member name in double quotes was expected, not %s", what);
              }
            if (!scan_string (&lexer, &key_start, &key_length))
              return FALSE;
            key = g_strndup (key_start, key_length);
            if (!g_hash_table_add (set, key))
              {
                /* @key now belongs to the set; quote at most 60 characters. */
                g_autofree char *shown = g_utf8_substring (key, 0, MIN (g_utf8_strlen (key, -1), 60));
                return fail (&lexer, "member “%s” appears twice in the same object", shown);
              }
            skip_space (&lexer);
            if (lexer.p >= lexer.end || *lexer.p != ':')
              {
                g_autofree char *what = describe_next (&lexer);
                return fail (&lexer, "“:” was expected after a member name, not %s", what);
              }
            lexer.p++;
            state = EXPECT_VALUE;
          }
          break;

        case AFTER_VALUE:
          if (stack->len == 0)
            {
              if (lexer.p < lexer.end)
                return fail (&lexer, "unexpected data after the end of the JSON value");
              return TRUE;
            }
          if (c == ',')
            {
              lexer.p++;
              state = stack->data[stack->len - 1] == '{' ? EXPECT_KEY : EXPECT_VALUE;
            }
          else if (c == (stack->data[stack->len - 1] == '{' ? '}' : ']'))
            {
              lexer.p++;
              if (c == '}')
                g_array_set_size (keys, stack->len - 1);
              g_byte_array_set_size (stack, stack->len - 1);
            }
          else
            {
              g_autofree char *what = describe_next (&lexer);
              return fail (&lexer, "“,” or “%c” was expected, not %s",
                           stack->data[stack->len - 1] == '{' ? '}' : ']', what);
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

gboolean
td_json_check_members (JsonObject          *object,
                       const char          *where,
                       const char * const  *allowed,
                       GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_strv_contains (allowed, name))
      {
        g_set_error (error, TD_ERROR, TD_ERROR_PARSE, "%s%sunknown member “%s”",
                     where != NULL ? where : "", where != NULL ? ": " : "", name);
        return FALSE;
      }
  return TRUE;
}
