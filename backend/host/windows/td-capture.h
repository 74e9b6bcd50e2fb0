/* td-capture.h — reads Windows command output that a user sends back (help-desk mode)
 *
 * In help-desk mode nothing runs on the user's Windows machine except the
 * console commands a help-desk engineer would ask for.  The user either runs
 * data/teredo-doctor-collect.bat, which writes every command of the live
 * Windows collector into one text file between "[teredo-doctor]" marker
 * lines, or pastes what the console showed: one or several outputs, with or
 * without the prompt lines they were typed at.  td_capture_parse() turns
 * either into the outputs the live collector would have captured, keyed by
 * the collector's own argv, so that the same parsers and checks can run on
 * them.
 *
 * The marker lines the batch file writes (one per line, CRLF, in the
 * console's code page):
 *
 *   [teredo-doctor] collect version=1
 *   [teredo-doctor] computer=DESKTOP-7Q2K3LM
 *   [teredo-doctor] date=Thu 11/26/2026
 *   [teredo-doctor] time=12:34:56.78
 *   [teredo-doctor] elevated=no
 *   [teredo-doctor] note=…free text…
 *   [teredo-doctor] begin command=netsh interface teredo show state
 *   …the command's output, stderr merged, then one empty line…
 *   [teredo-doctor] end exit=0 command=netsh interface teredo show state
 *   [teredo-doctor] complete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "td-command.h"

G_BEGIN_DECLS

/* The largest input accepted, in bytes.  The batch file's output is about
 * 50–150 KiB; the collector caps every command at 1 MiB
 * (TD_COMMAND_DEFAULT_MAX_OUTPUT), the batch file runs 18, and UTF-16
 * doubles that.
 * Larger input fails with TD_ERROR_TOO_LARGE before it is decoded;
 * td_capture_read_file() refuses it before reading it all. */
#define TD_CAPTURE_MAX_BYTES        (40 * 1024 * 1024)
/* More lines than this fail with TD_ERROR_TOO_LARGE (a real capture has a
 * few hundred; this bounds the memory a file of bare line ends costs). */
#define TD_CAPTURE_MAX_LINES        200000
/* Longer lines are cut there, and a note says so (console lines are at most
 * a few hundred characters). */
#define TD_CAPTURE_MAX_LINE_BYTES   (16 * 1024)
/* At most this many outputs and notes are kept; a last note counts the
 * rest. */
#define TD_CAPTURE_MAX_OUTPUTS      1000
#define TD_CAPTURE_MAX_NOTES        200

/* The first line of the batch file's output, and the prefix of every
 * marker line. */
#define TD_CAPTURE_MARKER           "[teredo-doctor]"

typedef enum {
  TD_CAPTURE_SOURCE_FILE,    /* the batch file's output (marker lines) */
  TD_CAPTURE_SOURCE_PASTE,   /* console text pasted or saved by hand */
} TdCaptureSource;

typedef enum {
  TD_CAPTURE_ELEVATION_UNKNOWN,
  TD_CAPTURE_ELEVATION_NO,       /* the batch file said so, or an "Access is denied" */
  TD_CAPTURE_ELEVATION_YES,      /* the batch file said so */
  TD_CAPTURE_ELEVATION_LIKELY,   /* typed at C:\Windows\system32>, where an
                                  * administrator prompt opens */
} TdCaptureElevation;

typedef enum {
  TD_CAPTURE_FOUND_BY_MARKER,    /* a section of the batch file */
  TD_CAPTURE_FOUND_BY_PROMPT,    /* after the line the command was typed on */
  TD_CAPTURE_FOUND_BY_SHAPE,     /* no command line: recognised by its look */
} TdCaptureFoundBy;

typedef struct {
  char             **argv;        /* canonical: exactly as the live collector
                                   * runs it, e.g. {"netsh", "interface",
                                   * "teredo", "show", "state", NULL} */
  char              *typed;       /* the command line as found ("netsh int ter
                                   * sh st"); NULL when found by shape */
  gboolean           exact;       /* the output is known to come from the
                                   * canonical command (not from a variant
                                   * such as `show currentprofile`, `sc
                                   * queryex`, `reg query` without /v, nor
                                   * recognised by shape only) */
  char              *output;      /* UTF-8; every line ends with '\n' (line
                                   * ends normalized, nothing else changed).
                                   * Pasted outputs lose their leading and
                                   * trailing blank lines. */
  gboolean           exit_known;  /* the batch file recorded the exit code */
  int                exit_status; /* that code; otherwise what the text says
                                   * (1 after netsh's "not found" and reg's
                                   * ERROR lines, sc's "FAILED n", else 0) */
  TdCaptureFoundBy   found_by;
  gboolean           complete;    /* FALSE: the section was cut off */
  gboolean           superseded;  /* a later output of the same command follows:
                                   * this one is not the state now */
  guint              line;        /* 1-based input line where it starts */
} TdCaptureOutput;

typedef enum {
  TD_CAPTURE_NOTE_TRUNCATED,      /* a section was cut off: its output is kept, incomplete */
  TD_CAPTURE_NOTE_OTHER_COMMAND,  /* a command (or an output) Teredo Doctor does not read */
  TD_CAPTURE_NOTE_UNRECOGNISED,   /* text that looks like no known output */
  TD_CAPTURE_NOTE_AMBIGUOUS,      /* an error of sc or reg without the command it answers */
  TD_CAPTURE_NOTE_LONG_LINE,      /* a line over TD_CAPTURE_MAX_LINE_BYTES was cut */
  TD_CAPTURE_NOTE_ENCODING,       /* NUL bytes, or bytes that did not decode (now U+FFFD) */
  TD_CAPTURE_NOTE_LIMIT,          /* more outputs or notes than kept */
} TdCaptureNoteKind;

typedef struct {
  TdCaptureNoteKind  kind;
  char              *command;     /* the command line concerned, or NULL */
  char              *message;     /* one translated sentence */
  guint              line;        /* 1-based input line; 0 for the whole input */
} TdCaptureNote;

typedef struct {
  TdCaptureSource     source;
  char               *host_name;        /* batch file: %COMPUTERNAME%; NULL when unknown */
  char               *collected_at;     /* batch file: "%DATE% %TIME%" as Windows
                                         * printed them (locale format); NULL */
  char               *windows_version;  /* "10.0.19045.3570" from `ver` (or a
                                         * pasted console banner); NULL */
  char               *windows_version_line;  /* "Microsoft Windows [Version …]" */
  char               *codepage;         /* "936", as `chcp` printed it; NULL */
  char               *encoding;         /* what the bytes were decoded from:
                                         * "UTF-8", "UTF-16LE", "UTF-16BE", "CP936"… */
  gboolean            encoding_guessed; /* CP… chosen by detection, no chcp */
  TdCaptureElevation  elevation;
  gboolean            complete;         /* batch file: its last marker is there */
  GPtrArray          *outputs;          /* of TdCaptureOutput*, in input order */
  GPtrArray          *notes;            /* of TdCaptureNote*, in input order */
  char              **missing;          /* canonical command lines of the collector
                                         * with no output here (for a paste: the
                                         * Teredo state counts once, chcp and
                                         * ver not at all) */
} TdCapture;

/* What a file is, before reading it as command output. */
typedef enum {
  TD_CAPTURE_KIND_TEXT,        /* text: maybe command output */
  TD_CAPTURE_KIND_EMPTY,       /* no bytes, or only blanks */
  TD_CAPTURE_KIND_REPORT,      /* a Teredo Doctor JSON report: open it as a report */
  TD_CAPTURE_KIND_OTHER_FILE,  /* an image, archive, program, PDF, other report form… */
  TD_CAPTURE_KIND_BINARY,      /* binary data (NUL bytes, control characters) */
} TdCaptureKind;

/* The collector's commands (td_host_windows_get_commands()) and `ver`, in
 * the batch file's order. */
typedef enum {
  TD_CAPTURE_CMD_NONE = -1,
  TD_CAPTURE_CMD_CHCP,
  TD_CAPTURE_CMD_VER,
  TD_CAPTURE_CMD_TEREDO,
  TD_CAPTURE_CMD_TEREDO_XP,
  TD_CAPTURE_CMD_PNRP,
  TD_CAPTURE_CMD_IPCONFIG,
  TD_CAPTURE_CMD_ADVFIREWALL,
  TD_CAPTURE_CMD_SC_QUERY_IPHLPSVC,
  TD_CAPTURE_CMD_SC_QC_IPHLPSVC,
  TD_CAPTURE_CMD_SC_QUERY_MPSSVC,
  TD_CAPTURE_CMD_SC_QC_MPSSVC,
  TD_CAPTURE_CMD_SC_QUERY_BFE,
  TD_CAPTURE_CMD_SC_QC_BFE,
  TD_CAPTURE_CMD_REG_DISABLED_COMPONENTS,
  TD_CAPTURE_CMD_REG_TEREDO,
  TD_CAPTURE_CMD_REG_POLICY,
  TD_CAPTURE_CMD_REG_POLICY_WOW,
  TD_CAPTURE_CMD_REG_DOMAIN,
  TD_CAPTURE_N_CMDS
} TdCaptureCmd;

/* Canonical argv (the collector's own, static, NULL-terminated) and command
 * line of @cmd. */
const char * const    *td_capture_cmd_argv      (TdCaptureCmd        cmd);
const char            *td_capture_cmd_line      (TdCaptureCmd        cmd);
/* What the command tells, translated, for sentences: "the Teredo state". */
const char            *td_capture_cmd_what      (TdCaptureCmd        cmd);
/* The command whose canonical argv is @argv, or TD_CAPTURE_CMD_NONE. */
TdCaptureCmd           td_capture_cmd_from_argv (const char * const *argv);

/* Reads @data (any of the encodings above) and returns every recognised
 * output, or NULL with:
 *   TD_ERROR_PARSE          empty or blank input, binary data, a file of
 *                           NUL bytes (the message says which);
 *   TD_ERROR_NOT_SUPPORTED  a file of another kind ("This is a PNG image,
 *                           not Windows command output"), a Teredo Doctor
 *                           report ("… open it as a report");
 *   TD_ERROR_TOO_LARGE      over TD_CAPTURE_MAX_BYTES or TD_CAPTURE_MAX_LINES;
 *   TD_ERROR_NOT_FOUND      text, but no Windows command output in it (the
 *                           message quotes how it begins).
 * A cut-off batch file is not an error: what is complete is returned, the
 * cut section has complete = FALSE and a TD_CAPTURE_NOTE_TRUNCATED note. */
TdCapture             *td_capture_parse        (const guint8        *data,
                                                gsize                length,
                                                GError             **error);
void                   td_capture_free         (TdCapture           *self);

/* The last output of the canonical command @argv (as in TdCaptureOutput),
 * or NULL. */
const TdCaptureOutput *td_capture_lookup       (const TdCapture     *self,
                                                const char * const  *argv);

/* The output of @argv as the live collector would have received it: stdout
 * holds the output (stderr was merged into it), exited is TRUE with the
 * recorded or inferred exit status.  Never NULL: a command with no output in
 * the capture gets error TD_ERROR_NOT_FOUND ("… is not in the collected
 * output"), a cut-off one TD_ERROR_PARSE, so the collector can degrade that
 * one fact as it does for a command that failed to run. */
TdCommandResult       *td_capture_command_result (const TdCapture    *self,
                                                  const char * const *argv);

/* One or two translated sentences for the person who sent the capture:
 * what was found and, when something the diagnosis needs is missing, what
 * to ask for ("This looks like ipconfig /all, but the Teredo state is
 * missing: ask for `netsh interface teredo show state`."). */
char                  *td_capture_dup_summary  (const TdCapture     *self);

/* The collector's commands (td_host_windows_get_commands()) plus `ver`, in
 * the batch file's order, as command lines ("chcp", "ver", "netsh interface
 * teredo show state", …).  Static. */
const char * const    *td_capture_command_lines (void);

/* Says what @data is without parsing it; @out_description (may be NULL)
 * receives a translated phrase for OTHER_FILE and BINARY ("a PNG image"). */
TdCaptureKind          td_capture_sniff        (const guint8        *data,
                                                gsize                length,
                                                char               **out_description);

/* For callers that read files themselves: TD_ERROR_TOO_LARGE when @size is
 * over TD_CAPTURE_MAX_BYTES, with the message td_capture_parse() gives. */
gboolean               td_capture_check_size   (guint64              size,
                                                GError             **error);

/* Reads @file for td_capture_parse(): refuses at once when the file system
 * reports a size over the limit, and stops as soon as more than
 * TD_CAPTURE_MAX_BYTES arrived (pipes and files that grow).  Blocking: call
 * it from a worker thread in a GUI. */
GBytes                *td_capture_read_file    (GFile               *file,
                                                GCancellable        *cancellable,
                                                GError             **error);

const char            *td_capture_found_by_to_string  (TdCaptureFoundBy   found_by);   /* "marker", "prompt", "shape" */
const char            *td_capture_note_kind_to_string (TdCaptureNoteKind  kind);       /* "truncated", … */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdCapture, td_capture_free)

G_END_DECLS
