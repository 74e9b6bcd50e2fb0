/* td-capture-private.h — what the parts of the capture reader share
 *
 * td-capture-commands.c knows the collector's commands and how people type
 * them, td-capture-shape.c recognises outputs without a command line,
 * td-capture-sniff.c tells files and encodings apart, td-capture.c puts it
 * together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "td-capture.h"

G_BEGIN_DECLS

/* A typed command line matched against the table. */
typedef struct {
  TdCaptureCmd  cmd;     /* TD_CAPTURE_CMD_NONE: not one of ours */
  gboolean      exact;   /* the canonical command, maybe abbreviated */
} TdCaptureMatch;

/* Matches a command line as typed ("NETSH int ter sh st", "ipconfig /all |
 * more", "C:\Windows\System32\sc.exe qc mpssvc"). */
TdCaptureMatch      td_capture_match_command (const char    *command_line);

/* The command for the output of `reg query` on @key ("HKEY_LOCAL_MACHINE\…"
 * as reg prints it, or "HKLM\…"); NONE when it is not one of ours. */
TdCaptureCmd        td_capture_cmd_for_reg_key (const char  *key);
/* The same for `sc query` (@qc FALSE) or `sc qc` of @service. */
TdCaptureCmd        td_capture_cmd_for_service (const char  *service,
                                                gboolean     qc);

/* If @line is a prompt line ("C:\Users\x>cmd", "PS C:\> cmd",
 * "netsh p2p pnrp cloud>show list"), returns TRUE and sets @out_command to
 * what was typed after it (maybe empty) and @out_system32 when the prompt
 * was C:\Windows\system32. */
gboolean            td_capture_split_prompt  (const char    *line,
                                              char         **out_command,
                                              gboolean      *out_system32);

/* ---- shapes: outputs recognised without their command line ------------ */

typedef enum {
  TD_CAPTURE_SHAPE_NONE,
  TD_CAPTURE_SHAPE_TEREDO,
  TD_CAPTURE_SHAPE_IPCONFIG,
  TD_CAPTURE_SHAPE_ADVFIREWALL,
  TD_CAPTURE_SHAPE_SC,
  TD_CAPTURE_SHAPE_REG,
  TD_CAPTURE_SHAPE_PNRP,
  TD_CAPTURE_SHAPE_NETSH_NOT_FOUND,
  TD_CAPTURE_SHAPE_CHCP,
  TD_CAPTURE_SHAPE_VER,
} TdCaptureShape;

/* One recognised block of lines [start, end) of the array given to
 * td_capture_shape_scan(), blank lines at both ends already dropped. */
typedef struct {
  TdCaptureShape  shape;
  guint           start;
  guint           end;
  TdCaptureCmd    cmd;         /* NONE: recognised, but not one of ours or
                                * not attributable (see note_kind) */
  char           *command;     /* netsh's "not found" command, the sc service
                                * or the reg key, for messages; or NULL */
  int             exit_status; /* inferred from the text */
} TdCaptureBlock;

void                td_capture_block_free    (TdCaptureBlock *block);

/* Splits @lines[@start, @end) into recognised blocks (GPtrArray of
 * TdCaptureBlock*, in order).  Lines in no block are left out; the caller
 * reports them. */
GPtrArray          *td_capture_shape_scan    (const char * const *lines,
                                              guint               start,
                                              guint               end);

/* The first line in (@start, @end) where an output of another kind than
 * @shape clearly begins (a heading such as "Windows IP Configuration"), or
 * @end: a paste may hold a second output without its prompt. */
guint               td_capture_shape_find_other (const char * const *lines,
                                                 guint               start,
                                                 guint               end,
                                                 TdCaptureShape      shape);

/* The shape the output of @cmd has. */
TdCaptureShape      td_capture_cmd_shape     (TdCaptureCmd  cmd);

/* The exit status a command most likely had, from its output. */
int                 td_capture_infer_exit    (const char * const *lines,
                                              guint               start,
                                              guint               end,
                                              TdCaptureShape      shape);

/* "Active code page: 936" / "活动代码页: 936" → "936"; NULL otherwise. */
char               *td_capture_codepage_from_line (const char *line);
/* "Microsoft Windows [Version 10.0.19045.3570]" → "10.0.19045.3570". */
char               *td_capture_version_from_line  (const char *line);

/* ---- sniffing and decoding --------------------------------------------- */

/* The code page the raw (ASCII-compatible) bytes announce through a chcp
 * output, or NULL. */
char               *td_capture_find_codepage (const guint8  *data,
                                              gsize          length);
/* A code page for non-UTF-8 bytes without chcp: "936" when they read as
 * Chinese in CP936, else "437". */
char               *td_capture_guess_codepage (const guint8 *data,
                                               gsize         length);
/* UTF-16 (with a BOM, or little-endian recognised by its NUL bytes):
 * "UTF-16LE" / "UTF-16BE"; NULL otherwise. */
const char         *td_capture_utf16_kind    (const guint8  *data,
                                              gsize          length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdCaptureBlock, td_capture_block_free)

G_END_DECLS
