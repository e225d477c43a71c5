/*
 * A list screen's table: columns declared as data (title, width, which
 * side the text keeps to, where the text comes from), drawn as a header
 * line and the rows that fit from the list's top, the selected one
 * highlighted.  Widths are terminal columns, not bytes, so a UTF-8 name
 * is cut on a character and the columns after it stay in line.
 */
#include <stdio.h>
#include <string.h>
#include "mes.h"
#include "text.h"
#include "ui.h"

#define MAX_COLS 32

/* Each column's width on a line cols wide (0: the rest of it), or -1
 * for a column left out.  When the columns do not fit, those that may
 * give way narrow to their min, first the first, then drop out. */
static void layout(const struct ui_table *t, int cols, int *w)
{
	const struct ui_col *c;
	int i, n, over = -1, cut;

	for (n = 0, c = t->cols; c->title && n < MAX_COLS; c++, n++) {
		w[n] = c->width;
		over += (c->width ? c->width : c->min) + 1;
	}
	over -= cols;
	for (i = 0; i < n && over > 0; i++) {
		c = &t->cols[i];
		if (!c->width || !c->min)
			continue;
		cut = c->width - c->min < over ? c->width - c->min : over;
		w[i] -= cut;
		over -= cut;
	}
	for (i = 0; i < n && over > 0; i++) {
		c = &t->cols[i];
		if (!c->width || !c->min)
			continue;
		over -= w[i] + 1;
		w[i] = -1;
	}
}

/* The header: each title where its column starts (a title may run on
 * over a column whose own title is empty). */
static void draw_header(const struct ui_table *t, const int *cw, int y,
                        int cols)
{
	char line[512];
	const struct ui_col *c;
	size_t len = 0;
	int x = 0, w, i;

	line[0] = 0;
	for (i = 0, c = t->cols; c->title && i < MAX_COLS &&
	     len + 1 < sizeof line; c++, i++) {
		if (cw[i] < 0)
			continue;
		while ((int)len < x && len + 1 < sizeof line)
			line[len++] = ' ';
		w = (int)strlen(c->title);
		len += (size_t)snprintf(line + len, sizeof line - len, "%*s",
		                        c->align == UI_RIGHT && w < cw[i] ?
		                        cw[i] : 0, c->title);
		if (len >= sizeof line)
			len = sizeof line - 1;
		x += cw[i] + 1;
	}
	crt_put(y, 0, cols, line, crt_attr(CLR_HEADER));
}

static const char *cell_text(const struct ui_col *c, const void *row,
                             void *ctx, char *buf, size_t n)
{
	const char *s = buf, *f = (const char *)row + c->field;
	long long ll;
	int i;

	buf[0] = 0;
	if (c->get) {
		c->get(row, ctx, buf, n);
	} else if (c->kind == UI_INT) {
		memcpy(&i, f, sizeof i);
		snprintf(buf, n, "%d", i);
	} else if (c->kind == UI_LLONG) {
		memcpy(&ll, f, sizeof ll);
		snprintf(buf, n, "%lld", ll);
	} else {
		s = f;
	}
	return *s || !c->dash ? s : "-";
}

/* One cell at x, w wide, and the gap after it in the same attribute. */
static void draw_cell(const struct ui_col *c, const char *text, int y, int x,
                      int w, int gap, int attr)
{
	char safe[512];
	int tw, pad = 0;

	mes_text_safe(safe, sizeof safe, text);
	safe[ui_text_fit(safe, w)] = 0;
	tw = ui_text_width(safe);
	if (c->align == UI_RIGHT && tw < w) {
		pad = w - tw;
		crt_put(y, x, pad, "", attr);
	}
	crt_put(y, x + pad, w - pad + gap, safe, attr);
}

static void draw_row(const struct ui_table *t, const int *cw, const void *row,
                     void *ctx, int y, int cols, int sel)
{
	const struct ui_col *c;
	char buf[512];
	int x = 0, w, rattr, attr, i;

	rattr = sel ? crt_attr(CLR_SELECTED) : t->row_attr ?
	        t->row_attr(row, ctx) : crt_attr(CLR_NORMAL);
	for (i = 0, c = t->cols; c->title && i < MAX_COLS && x < cols;
	     c++, i++) {
		if (cw[i] < 0)
			continue;
		w = cw[i] && cw[i] < cols - x ? cw[i] : cols - x;
		attr = sel || !c->attr ? rattr : c->attr(row, ctx);
		draw_cell(c, cell_text(c, row, ctx, buf, sizeof buf), y, x,
		          w, x + w < cols, attr);
		x += w + 1;
	}
	if (x < cols)
		crt_put(y, x, cols - x, "", rattr);
}

void ui_table_draw(const struct ui_table *t, struct ui_list *l,
                   const void *rows, void *ctx, int y, int h, int cols)
{
	int page = h - 1, i, cw[MAX_COLS];

	layout(t, cols, cw);
	draw_header(t, cw, y, cols);
	ui_list_clamp(l, page);
	for (i = 0; i < page && l->top + i < l->count; i++)
		draw_row(t, cw, (const char *)rows + (size_t)(l->top + i) *
		         t->row_size, ctx, y + 1 + i, cols, !t->plain &&
		         l->top + i == l->sel);
	l->page = page;
}
