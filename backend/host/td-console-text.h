/* td-console-text.h — shared line handling for the command-output parsers
 *
 * Every parser of Windows / macOS / miredo command output starts here: the
 * text is checked (size, UTF-8, not binary), line ends and odd spaces are
 * normalized and the result is split into lines.  Decoding from an OEM code
 * page is *not* done here: see td-console-decode.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest command output any parser accepts, in bytes.  A real
 * `ipconfig /all` with forty adapters is about 40 KiB and `netsh … show
 * state` under 2 KiB; 1 MiB leaves room for pasted logs while keeping a
 * hostile or runaway input from costing seconds.  Larger input fails with
 * TD_ERROR_TOO_LARGE. */
#define TD_CONSOLE_TEXT_MAX_BYTES (1024 * 1024)

/* Checks @text and returns its lines (without line ends, trailing blanks
 * removed; CRLF/CR become LF, a tab becomes four spaces, NBSP and the
 * ideographic space become a space, BOMs and other control characters are
 * dropped).  Fails with TD_ERROR_PARSE for NULL, empty or blank text, text
 * that is not UTF-8 or looks binary, and with TD_ERROR_TOO_LARGE above
 * TD_CONSOLE_TEXT_MAX_BYTES.  @what names the command in messages. */
GPtrArray  *td_console_text_lines      (const char  *text,
                                        const char  *what,
                                        GError     **error);

/* Splits "Label . . . : value" / "标签：值" at the first ':' that is followed
 * by a blank or the end of line (so "C:\", "20:41" and IPv6 colons are not
 * separators), or at the first full-width '：'.  The label loses its
 * leading blanks and its dot leaders, the value its surrounding blanks.
 * Returns FALSE when there is no separator. */
gboolean    td_console_split_kv        (const char  *line,
                                        char       **out_label,
                                        char       **out_value);

/* Number of leading spaces. */
guint       td_console_indent          (const char  *line);

/* TRUE for a line made of '-' and blanks only, with at least three dashes
 * (table rules such as "---  ----------"). */
gboolean    td_console_is_rule         (const char  *line);

/* TRUE when @line is empty or blank. */
gboolean    td_console_is_blank        (const char  *line);

/* Splits on runs of blanks, at most @max_fields fields: the last field keeps
 * the rest of the line (single spaces included).  Returns a NULL-terminated
 * vector; an empty line gives an empty vector. */
char      **td_console_split_columns   (const char  *line,
                                        guint        max_fields);

/* Parses a decimal (or 0x-prefixed hexadecimal) unsigned integer that
 * makes up the whole of @text; FALSE on anything else or on overflow. */
gboolean    td_console_parse_uint      (const char  *text,
                                        guint64     *out_value);

/* Case-insensitive (ASCII) substring search. */
gboolean    td_console_contains_ci     (const char  *haystack,
                                        const char  *needle);

/* TRUE if @text starts with @prefix, ASCII case-insensitively. */
gboolean    td_console_has_prefix_ci   (const char  *text,
                                        const char  *prefix);

G_END_DECLS
