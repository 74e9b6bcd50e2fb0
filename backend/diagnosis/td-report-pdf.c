/* td-report-pdf.c — a report as an A4 PDF, drawn with cairo and pango
 *
 * Layout is a single top-down flow: every block is cut into lines (pango
 * lines, table rows, field rows), and a page break only ever falls between
 * two of them, never through one.  Headings keep some of what follows on
 * their page.  The document is laid out twice: once to count the pages,
 * once to draw, so that every footer can say "Page N of M".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "td-error.h"
#include "td-report-doc.h"

/* A4 in PostScript points. */
#define PAGE_WIDTH     595.276
#define PAGE_HEIGHT    841.890
#define MARGIN_LEFT    56.0
#define MARGIN_RIGHT   56.0
#define MARGIN_TOP     60.0
#define MARGIN_BOTTOM  66.0
#define CONTENT_WIDTH  (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define CONTENT_BOTTOM (PAGE_HEIGHT - MARGIN_BOTTOM)
#define CHILD_INDENT   16.0

/* Huge evidence would make thousands of pages; the JSON, HTML and text
 * reports keep all of it. */
#define MAX_CODE_LINES     400
#define MAX_TABLE_ROWS     2000
#define MAX_CELL_LINES     12

#define SANS  "DejaVu Sans, Cantarell, Noto Sans, Sans"
#define MONO  "DejaVu Sans Mono, Noto Sans Mono, Monospace"

/* Sizes in points (the context is set to 72 dpi). */
#define FONT_TITLE        SANS " Bold 24"
#define FONT_SUBTITLE     SANS " 12"
#define FONT_H1           SANS " Bold 16"
#define FONT_H2           SANS " Bold 12.5"
#define FONT_CHECK        SANS " Bold 12"
#define FONT_REMEDY       SANS " Bold 10.5"
#define FONT_VERDICT      SANS " Bold 17"
#define FONT_VERDICT_CODE MONO " 9.5"
#define FONT_LABEL        SANS " Bold 8"
#define FONT_BODY         SANS " 10"
#define FONT_KEY          SANS " Bold 9.5"
#define FONT_VALUE        SANS " 9.5"
#define FONT_TABLE        SANS " 8.5"
#define FONT_TABLE_HEAD   SANS " Bold 8.5"
#define FONT_BADGE        SANS " Bold 7"
#define FONT_NOTE         SANS " Italic 8.5"
#define FONT_CAPTION      SANS " Bold 8.5"
#define FONT_CODE         MONO " 8.5"
#define FONT_FOOTER       SANS " 7.5"

typedef struct { double r, g, b; } Rgb;

static const Rgb fg = { 0.122, 0.137, 0.157 };      /* #1f2328 */
static const Rgb muted = { 0.349, 0.388, 0.431 };   /* #59636e */
static const Rgb line_colour = { 0.820, 0.851, 0.878 }; /* #d1d9e0 */
static const Rgb card = { 0.965, 0.973, 0.980 };    /* #f6f8fa */
static const Rgb accent = { 0.035, 0.412, 0.855 };  /* #0969da */

typedef struct {
  const char *status;
  Rgb         colour;
  Rgb         background;
} StatusColours;

static const StatusColours status_colours[] = {
  { "pass", { 0.102, 0.498, 0.216 }, { 0.855, 0.984, 0.882 } },
  { "warn", { 0.604, 0.404, 0.000 }, { 1.000, 0.973, 0.773 } },
  { "fail", { 0.812, 0.133, 0.180 }, { 1.000, 0.922, 0.914 } },
  { "info", { 0.035, 0.412, 0.855 }, { 0.867, 0.957, 1.000 } },
};
static const StatusColours neutral_colours = {
  NULL, { 0.349, 0.388, 0.431 }, { 0.937, 0.949, 0.961 }
};

static const StatusColours *
colours_for (const char *status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (status_colours); i++)
    if (g_strcmp0 (status, status_colours[i].status) == 0)
      return &status_colours[i];
  return &neutral_colours;
}

typedef struct {
  cairo_t          *cr;
  cairo_surface_t  *surface;
  PangoContext     *context;
  TdReportDoc      *doc;
  double            y;
  int               page;       /* the page being drawn, from 1 */
  int               n_pages;    /* known in the second pass, else 0 */
  int               outline_parent;
} Pdf;

static void
set_colour (Pdf       *pdf,
            const Rgb *colour)
{
  cairo_set_source_rgb (pdf->cr, colour->r, colour->g, colour->b);
}

static PangoLayout *
make_layout (Pdf           *pdf,
             const char    *text,
             const char    *font,
             double         width,
             PangoWrapMode  wrap)
{
  PangoLayout *layout = pango_layout_new (pdf->context);
  PangoFontDescription *description = pango_font_description_from_string (font);
  PangoAttrList *attributes;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, wrap);
  /* Pango hyphenates where it wraps; a "-" added inside a command or an
   * address would be copied along with it. */
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

static double
first_line_height (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle logical;

  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);
  return (double) logical.height / PANGO_SCALE;
}

/* Draws @layout with its top-left corner at (@x, @y), in one piece. */
static void
show_layout (Pdf         *pdf,
             PangoLayout *layout,
             double       x,
             double       y,
             const Rgb   *colour)
{
  set_colour (pdf, colour);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* ---- pages ------------------------------------------------------------ */

static void
draw_footer (Pdf *pdf)
{
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  double y = CONTENT_BOTTOM + 22;

  if (pdf->n_pages > 0)
    page_text = g_strdup_printf (_("Page %d of %d"), pdf->page, pdf->n_pages);
  else
    page_text = g_strdup_printf (_("Page %d of %d"), pdf->page, pdf->page);
  right = make_layout (pdf, page_text, FONT_FOOTER, -1, PANGO_WRAP_WORD);
  left = make_layout (pdf, pdf->doc->footer, FONT_FOOTER, CONTENT_WIDTH - layout_width (right) - 24,
                      PANGO_WRAP_WORD);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_MIDDLE);

  set_colour (pdf, &line_colour);
  cairo_set_line_width (pdf->cr, 0.6);
  cairo_move_to (pdf->cr, MARGIN_LEFT, y - 6);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN_RIGHT, y - 6);
  cairo_stroke (pdf->cr);
  show_layout (pdf, left, MARGIN_LEFT, y, &muted);
  show_layout (pdf, right, PAGE_WIDTH - MARGIN_RIGHT - layout_width (right), y, &muted);
}

static void
draw_running_header (Pdf *pdf)
{
  g_autofree char *text = g_strdup_printf ("%s — %s", pdf->doc->title, pdf->doc->subtitle);
  g_autoptr(PangoLayout) layout = make_layout (pdf, text, FONT_FOOTER, CONTENT_WIDTH,
                                               PANGO_WRAP_WORD);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  show_layout (pdf, layout, MARGIN_LEFT, MARGIN_TOP - 28, &muted);
  set_colour (pdf, &line_colour);
  cairo_set_line_width (pdf->cr, 0.6);
  cairo_move_to (pdf->cr, MARGIN_LEFT, MARGIN_TOP - 14);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN_RIGHT, MARGIN_TOP - 14);
  cairo_stroke (pdf->cr);
}

static void
new_page (Pdf *pdf)
{
  if (pdf->page > 0)
    {
      draw_footer (pdf);
      cairo_show_page (pdf->cr);
    }
  pdf->page++;
  pdf->y = MARGIN_TOP;
  if (pdf->page > 1)
    draw_running_header (pdf);
}

/* Starts a new page unless @height fits below the current position. */
static void
ensure (Pdf    *pdf,
        double  height)
{
  if (pdf->y + height > CONTENT_BOTTOM && pdf->y > MARGIN_TOP)
    new_page (pdf);
}

static void
space (Pdf    *pdf,
       double  height)
{
  /* Space at the top of a page is wasted: drop it. */
  if (pdf->y > MARGIN_TOP)
    pdf->y = MIN (pdf->y + height, CONTENT_BOTTOM);
}

/* ---- flowing text ----------------------------------------------------- */

typedef struct {
  const Rgb *background;   /* NULL: no band */
  const Rgb *rule;         /* a bar on the left of the band, or NULL */
  double     x, width;     /* the band */
  double     padding;      /* above the first and below the last line */
} Band;

/* Draws @layout line by line from the current position at @x, starting a
 * page between lines when one does not fit. */
static void
flow (Pdf         *pdf,
      PangoLayout *layout,
      double       x,
      const Rgb   *colour,
      const Band  *band)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double padding = band != NULL ? band->padding : 0;
  gboolean first = TRUE;

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double height, ascent, top;
      gboolean last;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      ascent = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      last = pango_layout_iter_at_last_line (iter);

      if (pdf->y + height + (first ? padding : 0) + (last ? padding : 0) > CONTENT_BOTTOM &&
          pdf->y > MARGIN_TOP)
        {
          new_page (pdf);
          first = band != NULL;   /* a band restarts with its padding */
        }
      top = pdf->y;
      if (band != NULL && band->background != NULL)
        {
          double band_top = top;
          double band_height = height + (first ? padding : 0) + (last ? padding : 0);

          set_colour (pdf, band->background);
          cairo_rectangle (pdf->cr, band->x, band_top, band->width, band_height);
          cairo_fill (pdf->cr);
          if (band->rule != NULL)
            {
              set_colour (pdf, band->rule);
              cairo_rectangle (pdf->cr, band->x, band_top, 2.0, band_height);
              cairo_fill (pdf->cr);
            }
        }
      if (first)
        top += padding;
      set_colour (pdf, colour);
      cairo_move_to (pdf->cr, x + (double) logical.x / PANGO_SCALE, top + ascent);
      pango_cairo_show_layout_line (pdf->cr, line);
      pdf->y = top + height + (last ? padding : 0);
      first = FALSE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
flow_text (Pdf        *pdf,
           const char *text,
           const char *font,
           double      x,
           double      width,
           const Rgb  *colour)
{
  g_autoptr(PangoLayout) layout = make_layout (pdf, text, font, width, PANGO_WRAP_WORD_CHAR);

  pango_layout_set_line_spacing (layout, 1.15);
  flow (pdf, layout, x, colour, NULL);
}

/* Evidence and commands: monospace on a grey band, wrapped anywhere,
 * at most MAX_CODE_LINES lines. */
static void
flow_code (Pdf        *pdf,
           const char *text,
           double      x,
           gboolean    is_command)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  Band band = { &card, is_command ? &accent : &line_colour, x, PAGE_WIDTH - MARGIN_RIGHT - x, 5 };
  guint n_lines = 0;
  const char *p = text;

  for (; *p != '\0' && n_lines < MAX_CODE_LINES; p++)
    {
      if (*p == '\n')
        n_lines++;
      g_string_append_c (shown, *p);
    }
  while (shown->len > 0 && shown->str[shown->len - 1] == '\n')
    g_string_truncate (shown, shown->len - 1);
  if (*p != '\0')
    g_string_append_printf (shown, "\n%s", _("[… more lines: see the JSON, HTML or text report]"));
  if (shown->len == 0)
    g_string_assign (shown, _("(no output)"));

  layout = make_layout (pdf, shown->str, FONT_CODE, band.width - 14, PANGO_WRAP_CHAR);
  flow (pdf, layout, x + 8, &fg, &band);
}

/* ---- blocks ----------------------------------------------------------- */

static void
add_outline (Pdf        *pdf,
             const char *name,
             gboolean    child)
{
  g_autofree char *link = g_strdup_printf ("page=%d pos=[%.1f %.1f]", pdf->page,
                                           MARGIN_LEFT, pdf->y);
  int id = cairo_pdf_surface_add_outline (pdf->surface,
                                          child ? pdf->outline_parent : CAIRO_PDF_OUTLINE_ROOT,
                                          name, link, 0);

  if (!child)
    pdf->outline_parent = id;
}

static void
draw_title (Pdf        *pdf,
            TdDocBlock *block)
{
  g_autoptr(PangoLayout) title = make_layout (pdf, block->title, FONT_TITLE, CONTENT_WIDTH,
                                              PANGO_WRAP_WORD);
  g_autoptr(PangoLayout) subtitle = make_layout (pdf, pdf->doc->subtitle, FONT_SUBTITLE,
                                                 CONTENT_WIDTH, PANGO_WRAP_WORD_CHAR);

  show_layout (pdf, title, MARGIN_LEFT, pdf->y, &fg);
  pdf->y += layout_height (title) + 2;
  show_layout (pdf, subtitle, MARGIN_LEFT, pdf->y, &muted);
  pdf->y += layout_height (subtitle) + 8;
  set_colour (pdf, &accent);
  cairo_rectangle (pdf->cr, MARGIN_LEFT, pdf->y, 48, 3);
  cairo_fill (pdf->cr);
  pdf->y += 14;
}

/* Key/value rows; a row never splits. */
static void
draw_fields (Pdf        *pdf,
             TdDocBlock *block,
             double      x)
{
  double width = PAGE_WIDTH - MARGIN_RIGHT - x;
  double key_width = 0;

  for (guint i = 0; i + 1 < block->cells->len; i += 2)
    {
      g_autoptr(PangoLayout) key = make_layout (pdf, g_ptr_array_index (block->cells, i),
                                                FONT_KEY, -1, PANGO_WRAP_WORD);
      key_width = MAX (key_width, layout_width (key));
    }
  key_width = MIN (key_width + 14, width * 0.4);

  for (guint i = 0; i + 1 < block->cells->len; i += 2)
    {
      g_autoptr(PangoLayout) key = make_layout (pdf, g_ptr_array_index (block->cells, i),
                                                FONT_KEY, key_width - 10,
                                                PANGO_WRAP_WORD_CHAR);
      g_autoptr(PangoLayout) value = make_layout (pdf, g_ptr_array_index (block->cells, i + 1),
                                                  FONT_VALUE, width - key_width,
                                                  PANGO_WRAP_WORD_CHAR);
      double height;

      pango_layout_set_height (value, -MAX_CELL_LINES);
      pango_layout_set_ellipsize (value, PANGO_ELLIPSIZE_END);
      height = MAX (layout_height (key), layout_height (value)) + 3;
      ensure (pdf, height);
      show_layout (pdf, key, x, pdf->y, &muted);
      show_layout (pdf, value, x + key_width, pdf->y, &fg);
      pdf->y += height;
    }
}

static double
badge_width (Pdf        *pdf,
             const char *status)
{
  g_autoptr(PangoLayout) label = make_layout (pdf, td_doc_status_label (status),
                                              FONT_BADGE, -1, PANGO_WRAP_WORD);

  return MAX (44, layout_width (label) + 12);
}

/* A status word on a coloured pill, its top at @y. */
static void
draw_badge (Pdf        *pdf,
            const char *status,
            double      x,
            double      y)
{
  const StatusColours *colours = colours_for (status);
  g_autoptr(PangoLayout) label = make_layout (pdf, td_doc_status_label (status),
                                              FONT_BADGE, -1, PANGO_WRAP_WORD);
  double width = badge_width (pdf, status);
  double height = layout_height (label) + 3;

  rounded_rectangle (pdf->cr, x, y, width, height, height / 2);
  set_colour (pdf, &colours->background);
  cairo_fill_preserve (pdf->cr);
  set_colour (pdf, &colours->colour);
  cairo_set_line_width (pdf->cr, 0.7);
  cairo_stroke (pdf->cr);
  show_layout (pdf, label, x + (width - layout_width (label)) / 2, y + 1.5, &colours->colour);
}

static void
draw_verdict (Pdf        *pdf,
              TdDocBlock *block)
{
  const StatusColours *colours = colours_for (block->healthy ? "pass" : "fail");
  double inner = CONTENT_WIDTH - 36;
  g_autoptr(PangoLayout) label = make_layout (pdf, block->healthy
                                                   ? _("VERDICT: NO PROBLEM FOUND")
                                                   : _("VERDICT: A PROBLEM WAS FOUND"),
                                              FONT_LABEL, inner, PANGO_WRAP_WORD);
  g_autoptr(PangoLayout) title = make_layout (pdf, block->title, FONT_VERDICT, inner,
                                              PANGO_WRAP_WORD_CHAR);
  g_autoptr(PangoLayout) code = make_layout (pdf, block->status, FONT_VERDICT_CODE, inner,
                                             PANGO_WRAP_CHAR);
  g_autoptr(PangoLayout) summary = make_layout (pdf, block->text, FONT_BODY, inner,
                                                PANGO_WRAP_WORD_CHAR);
  double height;
  double top;

  pango_layout_set_line_spacing (summary, 1.15);
  height = 14 + layout_height (label) + 3 + layout_height (title) + 3 + layout_height (code) +
           (block->text != NULL ? 6 + layout_height (summary) : 0) + 14;
  space (pdf, 6);
  ensure (pdf, height);
  add_outline (pdf, _("Verdict"), FALSE);
  top = pdf->y;
  rounded_rectangle (pdf->cr, MARGIN_LEFT, top, CONTENT_WIDTH, height, 6);
  set_colour (pdf, &colours->background);
  cairo_fill (pdf->cr);
  cairo_save (pdf->cr);
  rounded_rectangle (pdf->cr, MARGIN_LEFT, top, CONTENT_WIDTH, height, 6);
  cairo_clip (pdf->cr);
  set_colour (pdf, &colours->colour);
  cairo_rectangle (pdf->cr, MARGIN_LEFT, top, 6, height);
  cairo_fill (pdf->cr);
  cairo_restore (pdf->cr);

  pdf->y = top + 14;
  show_layout (pdf, label, MARGIN_LEFT + 22, pdf->y, &colours->colour);
  pdf->y += layout_height (label) + 3;
  show_layout (pdf, title, MARGIN_LEFT + 22, pdf->y, &fg);
  pdf->y += layout_height (title) + 3;
  show_layout (pdf, code, MARGIN_LEFT + 22, pdf->y, &muted);
  pdf->y += layout_height (code);
  if (block->text != NULL)
    {
      pdf->y += 6;
      show_layout (pdf, summary, MARGIN_LEFT + 22, pdf->y, &fg);
    }
  pdf->y = top + height + 8;
}

static void
draw_heading (Pdf        *pdf,
              TdDocBlock *block)
{
  gboolean major = block->level <= 1;
  g_autoptr(PangoLayout) layout = make_layout (pdf, block->title,
                                               major ? FONT_H1 : FONT_H2,
                                               CONTENT_WIDTH, PANGO_WRAP_WORD_CHAR);
  double height = layout_height (layout);

  space (pdf, major ? 16 : 10);
  /* Keep the heading with a few lines of what it introduces. */
  ensure (pdf, height + (major ? 80 : 50));
  add_outline (pdf, block->title, !major);
  show_layout (pdf, layout, MARGIN_LEFT, pdf->y, &fg);
  pdf->y += height + (major ? 3 : 4);
  if (major)
    {
      set_colour (pdf, &line_colour);
      cairo_set_line_width (pdf->cr, 0.8);
      cairo_move_to (pdf->cr, MARGIN_LEFT, pdf->y);
      cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN_RIGHT, pdf->y);
      cairo_stroke (pdf->cr);
      pdf->y += 7;
    }
}

static void
draw_list (Pdf        *pdf,
           TdDocBlock *block,
           double      x)
{
  for (guint i = 0; i < block->cells->len; i++)
    {
      g_autoptr(PangoLayout) item = make_layout (pdf, g_ptr_array_index (block->cells, i),
                                                 FONT_BODY, PAGE_WIDTH - MARGIN_RIGHT - x - 12,
                                                 PANGO_WRAP_WORD_CHAR);
      g_autoptr(PangoLayout) bullet = make_layout (pdf, "•", FONT_BODY, -1, PANGO_WRAP_WORD);

      pango_layout_set_line_spacing (item, 1.15);
      ensure (pdf, first_line_height (item));
      show_layout (pdf, bullet, x + 2, pdf->y, &muted);
      flow (pdf, item, x + 12, &fg, NULL);
      pdf->y += 2;
    }
}

/* Column widths by water-filling: columns narrower than a fair share keep
 * their natural width, the others share what is left. */
static void
column_widths (Pdf        *pdf,
               TdDocBlock *block,
               double      width,
               double     *widths)
{
  guint n = block->n_columns;
  guint n_rows = MIN (block->cells->len / n, 200);
  g_autofree double *natural = g_new0 (double, n);
  g_autofree gboolean *fixed = g_new0 (gboolean, n);
  double left = width, total = 0;
  guint n_open = n;

  for (guint row = 0; row < n_rows; row++)
    for (guint c = 0; c < n; c++)
      {
        const char *text = g_ptr_array_index (block->cells, row * n + c);
        g_autoptr(PangoLayout) layout = NULL;

        if (row > 0 && (int) c == block->status_column)
          {
            natural[c] = MAX (natural[c], badge_width (pdf, text));
            continue;
          }
        layout = make_layout (pdf, text, row == 0 ? FONT_TABLE_HEAD : FONT_TABLE, -1,
                              PANGO_WRAP_WORD);
        natural[c] = MAX (natural[c], layout_width (layout));
      }
  for (guint c = 0; c < n; c++)
    {
      natural[c] += 10;
      total += natural[c];
    }
  if (total <= width)
    {
      for (guint c = 0; c < n; c++)
        widths[c] = natural[c];
      widths[n - 1] += width - total;
      return;
    }
  for (gboolean changed = TRUE; changed && n_open > 0;)
    {
      double share = left / n_open;

      changed = FALSE;
      for (guint c = 0; c < n; c++)
        if (!fixed[c] && natural[c] <= share)
          {
            widths[c] = natural[c];
            left -= natural[c];
            fixed[c] = TRUE;
            n_open--;
            changed = TRUE;
          }
    }
  for (guint c = 0; c < n; c++)
    if (!fixed[c])
      widths[c] = MAX (left / n_open, 30);
}

static void
draw_row (Pdf        *pdf,
          TdDocBlock *block,
          guint       row,
          double      x,
          double     *widths,
          gboolean    header)
{
  guint n = block->n_columns;
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double height = 0, cx = x, total = 0;

  for (guint c = 0; c < n; c++)
    {
      const char *text = g_ptr_array_index (block->cells, row * n + c);
      PangoLayout *layout;

      if (!header && (int) c == block->status_column)
        text = "";
      layout = make_layout (pdf, text, header ? FONT_TABLE_HEAD : FONT_TABLE, widths[c] - 10,
                            PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, -MAX_CELL_LINES);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      height = MAX (height, layout_height (layout));
      g_ptr_array_add (layouts, layout);
      total += widths[c];
    }
  height += 7;
  if (!header && block->status_column >= 0)
    height = MAX (height, 18);

  if (header)
    {
      set_colour (pdf, &card);
      cairo_rectangle (pdf->cr, x, pdf->y, total, height);
      cairo_fill (pdf->cr);
    }
  for (guint c = 0; c < n; c++)
    {
      if (!header && (int) c == block->status_column)
        draw_badge (pdf, g_ptr_array_index (block->cells, row * n + c), cx + 4, pdf->y + 3.5);
      else
        show_layout (pdf, g_ptr_array_index (layouts, c), cx + 5, pdf->y + 3.5,
                     header ? &muted : &fg);
      cx += widths[c];
    }
  pdf->y += height;
  set_colour (pdf, &line_colour);
  cairo_set_line_width (pdf->cr, header ? 0.8 : 0.4);
  cairo_move_to (pdf->cr, x, pdf->y);
  cairo_line_to (pdf->cr, x + total, pdf->y);
  cairo_stroke (pdf->cr);
}

static double
row_height (Pdf        *pdf,
            TdDocBlock *block,
            guint       row,
            double     *widths)
{
  double height = 0;

  for (guint c = 0; c < block->n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = NULL;

      if (row > 0 && (int) c == block->status_column)
        continue;
      layout = make_layout (pdf, g_ptr_array_index (block->cells, row * block->n_columns + c),
                            row == 0 ? FONT_TABLE_HEAD : FONT_TABLE, widths[c] - 10,
                            PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, -MAX_CELL_LINES);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      height = MAX (height, layout_height (layout));
    }
  height += 7;
  if (row > 0 && block->status_column >= 0)
    height = MAX (height, 18);
  return height;
}

/* Rows never split; the header row is repeated on every page. */
static void
draw_table (Pdf        *pdf,
            TdDocBlock *block,
            double      x)
{
  guint n_rows = block->cells->len / block->n_columns;
  g_autofree double *widths = g_new0 (double, block->n_columns);
  double header_height;

  if (block->n_columns == 0 || n_rows == 0)
    return;
  column_widths (pdf, block, PAGE_WIDTH - MARGIN_RIGHT - x, widths);
  header_height = row_height (pdf, block, 0, widths);
  ensure (pdf, header_height + (n_rows > 1 ? row_height (pdf, block, 1, widths) : 0));
  draw_row (pdf, block, 0, x, widths, TRUE);
  for (guint row = 1; row < n_rows && row <= MAX_TABLE_ROWS; row++)
    {
      double height = row_height (pdf, block, row, widths);

      if (pdf->y + height > CONTENT_BOTTOM)
        {
          new_page (pdf);
          draw_row (pdf, block, 0, x, widths, TRUE);
        }
      draw_row (pdf, block, row, x, widths, FALSE);
    }
  if (n_rows > MAX_TABLE_ROWS + 1)
    {
      g_autofree char *text = g_strdup_printf (_("[… %u more rows: see the JSON, HTML or text report]"),
                                               n_rows - MAX_TABLE_ROWS - 1);
      pdf->y += 3;
      flow_text (pdf, text, FONT_NOTE, x, PAGE_WIDTH - MARGIN_RIGHT - x, &muted);
    }
}

static void
draw_check (Pdf        *pdf,
            TdDocBlock *block)
{
  double badge = badge_width (pdf, block->status);
  double title_x = MARGIN_LEFT + badge + 8;
  g_autofree char *title_text = block->note != NULL
                                ? g_strdup_printf ("%s  ·  %s", block->title, block->note)
                                : g_strdup (block->title);
  g_autoptr(PangoLayout) title = make_layout (pdf, NULL, FONT_CHECK,
                                              PAGE_WIDTH - MARGIN_RIGHT - title_x,
                                              PANGO_WRAP_WORD_CHAR);
  g_autoptr(PangoLayout) summary = make_layout (pdf, block->text, FONT_BODY,
                                                CONTENT_WIDTH - CHILD_INDENT,
                                                PANGO_WRAP_WORD_CHAR);
  PangoAttrList *attributes = NULL;
  PangoAttribute *attribute;
  double height;

  pango_layout_set_text (title, title_text, -1);
  attributes = pango_attr_list_copy (pango_layout_get_attributes (title));
  if (block->note != NULL)
    {
      /* The duration in the muted colour, not bold. */
      attribute = pango_attr_foreground_new (muted.r * 65535, muted.g * 65535, muted.b * 65535);
      attribute->start_index = strlen (block->title);
      pango_attr_list_insert (attributes, attribute);
      attribute = pango_attr_weight_new (PANGO_WEIGHT_NORMAL);
      attribute->start_index = strlen (block->title);
      pango_attr_list_insert (attributes, attribute);
    }
  pango_layout_set_attributes (title, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_line_spacing (summary, 1.15);

  height = layout_height (title) + (block->text != NULL ? 4 + first_line_height (summary) : 0);
  space (pdf, 12);
  ensure (pdf, height + 40);
  add_outline (pdf, block->title, TRUE);

  set_colour (pdf, &line_colour);
  cairo_set_line_width (pdf->cr, 0.4);
  cairo_move_to (pdf->cr, MARGIN_LEFT, pdf->y - 6);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN_RIGHT, pdf->y - 6);
  cairo_stroke (pdf->cr);

  draw_badge (pdf, block->status, MARGIN_LEFT, pdf->y + 1);
  show_layout (pdf, title, title_x, pdf->y, &fg);
  pdf->y += layout_height (title);
  if (block->text != NULL)
    {
      pdf->y += 4;
      flow (pdf, summary, MARGIN_LEFT + CHILD_INDENT, &fg, NULL);
    }
  pdf->y += 2;
}

static void
draw_remedy (Pdf        *pdf,
             TdDocBlock *block,
             double      x)
{
  double width = PAGE_WIDTH - MARGIN_RIGHT - x;
  g_autofree char *head = g_strdup_printf (_("Fix: %s"), block->title);
  GString *notes = g_string_new (NULL);
  g_autoptr(PangoLayout) title = make_layout (pdf, head, FONT_REMEDY, width,
                                              PANGO_WRAP_WORD_CHAR);
  g_autoptr(PangoLayout) notes_layout = NULL;

  for (guint i = 0; i < block->cells->len; i++)
    g_string_append_printf (notes, "%s%s", i > 0 ? " · " : "",
                            (const char *) g_ptr_array_index (block->cells, i));
  notes_layout = make_layout (pdf, notes->str, FONT_NOTE, width, PANGO_WRAP_WORD_CHAR);
  g_string_free (notes, TRUE);

  space (pdf, 6);
  ensure (pdf, layout_height (title) + layout_height (notes_layout) + 30);
  flow (pdf, title, x, &accent, NULL);
  if (block->cells->len > 0)
    flow (pdf, notes_layout, x, &muted, NULL);
  if (block->text != NULL)
    {
      pdf->y += 2;
      flow_text (pdf, block->text, FONT_BODY, x, width, &fg);
    }
}

static void
draw_document (Pdf *pdf)
{
  for (guint b = 0; b < pdf->doc->blocks->len; b++)
    {
      TdDocBlock *block = g_ptr_array_index (pdf->doc->blocks, b);
      double x = MARGIN_LEFT + (block->indent > 0 ? CHILD_INDENT : 0);

      switch (block->kind)
        {
        case TD_DOC_TITLE:
          draw_title (pdf, block);
          break;
        case TD_DOC_FIELDS:
          draw_fields (pdf, block, x);
          pdf->y += 4;
          break;
        case TD_DOC_VERDICT:
          draw_verdict (pdf, block);
          break;
        case TD_DOC_HEADING:
          draw_heading (pdf, block);
          break;
        case TD_DOC_PARAGRAPH:
          space (pdf, 3);
          flow_text (pdf, block->text, FONT_BODY, x, PAGE_WIDTH - MARGIN_RIGHT - x, &fg);
          pdf->y += 3;
          break;
        case TD_DOC_LIST:
          draw_list (pdf, block, x);
          break;
        case TD_DOC_TABLE:
          space (pdf, 2);
          draw_table (pdf, block, x);
          pdf->y += 6;
          break;
        case TD_DOC_CHECK:
          draw_check (pdf, block);
          break;
        case TD_DOC_CODE:
          space (pdf, 4);
          if (!block->is_command && block->title != NULL)
            {
              g_autofree char *label = block->indent > 0
                                       ? g_strdup_printf (_("Evidence: %s"), block->title)
                                       : g_strdup (block->title);
              g_autoptr(PangoLayout) layout = make_layout (pdf, label, FONT_CAPTION,
                                                           PAGE_WIDTH - MARGIN_RIGHT - x,
                                                           PANGO_WRAP_WORD_CHAR);

              /* The caption stays with the first lines of its box. */
              ensure (pdf, layout_height (layout) + 30);
              flow (pdf, layout, x, &muted, NULL);
              pdf->y += 2;
            }
          flow_code (pdf, block->text, x, block->is_command);
          pdf->y += 4;
          break;
        case TD_DOC_REMEDY:
          draw_remedy (pdf, block, x);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  draw_footer (pdf);
  cairo_show_page (pdf->cr);
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* One complete layout pass; returns the number of pages. */
static int
run_pass (TdReportDoc        *doc,
          cairo_write_func_t  write,
          gpointer            closure,
          int                 n_pages,
          cairo_status_t     *out_status)
{
  Pdf pdf = { 0 };
  cairo_font_options_t *options = cairo_font_options_create ();
  g_autofree char *title = g_strdup_printf ("%s — %s", doc->title, doc->subtitle);

  pdf.doc = doc;
  pdf.n_pages = n_pages;
  pdf.surface = cairo_pdf_surface_create_for_stream (write, closure, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_CREATOR, "teredo-doctor");
  if (doc->started_at != NULL)
    {
      /* The report's own time, so the same report gives the same file. */
      cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_CREATE_DATE, doc->started_at);
      cairo_pdf_surface_set_metadata (pdf.surface, CAIRO_PDF_METADATA_MOD_DATE, doc->started_at);
    }
  pdf.cr = cairo_create (pdf.surface);

  /* Unhinted metrics: the layout must not depend on a screen's grid. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pdf.context = pango_cairo_create_context (pdf.cr);
  pango_cairo_context_set_font_options (pdf.context, options);
  /* One point per unit, as the PDF's own user space (the default is a
   * 96 dpi screen, which would make every size a third larger). */
  pango_cairo_context_set_resolution (pdf.context, 72);
  cairo_font_options_destroy (options);

  new_page (&pdf);
  draw_document (&pdf);

  g_object_unref (pdf.context);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (pdf.surface);
  *out_status = cairo_surface_status (pdf.surface);
  cairo_surface_destroy (pdf.surface);
  return pdf.page;
}

GBytes *
td_report_doc_to_pdf (TdReportDoc  *doc,
                      GError      **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_status_t status;
  int n_pages;

  n_pages = run_pass (doc, discard, NULL, 0, &status);
  if (status == CAIRO_STATUS_SUCCESS)
    run_pass (doc, append_bytes, bytes, n_pages, &status);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_FAILED, "could not draw the PDF: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
