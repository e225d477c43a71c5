/*
 * A control chart drawn in text: one column per subgroup, the centre
 * line and the limits as rows, points as '*' and rule violations as 'X'.
 * Left and right scroll through history; Tab shows the second chart (R,
 * S or MR); the histogram shows the values against the specification.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qual.h"

#define LABEL_W 10

struct chart {
	char ref[80];
	struct mes_spc_view v;
	int loaded;
	int series;        /* 0: X-bar / X / attribute; 1: R, S, MR */
	int end;           /* one past the last point shown; 0: newest */
	int histo;
	int width;         /* points that fit */
};

static int reload(struct ui_view *v)
{
	struct qual *q = ui_ctx(v->app);
	struct chart *c = v->priv;

	if (c->loaded)
		mes_spc_view_free(&c->v);
	c->loaded = 0;
	if (mes_spc_view_load(q->db, c->ref, 0, &c->v) != MES_OK)
		return qual_fail(q, c->ref);
	c->loaded = 1;
	if (c->series >= c->v.chart.nseries)
		c->series = 0;
	return 0;
}

static int violated(const struct mes_spc_view *v, int series, int i)
{
	int k;

	for (k = 0; k < v->viol.count; k++)
		if (v->viol.v[k].point == i && v->viol.v[k].series == series)
			return v->viol.v[k].rule + 1;
	return 0;
}

/* Row of value x in a plot of h rows spanning [lo, hi]. */
static int row_of(double x, double lo, double hi, int h)
{
	int r = (int)lround((hi - x) / (hi - lo) * (h - 1));

	return r < 0 ? 0 : r >= h ? h - 1 : r;
}

static void scale(const struct chart *c, int from, int to, double *lo,
                  double *hi)
{
	const struct mes_spc_series *s = &c->v.chart.s[c->series];
	int i;

	*lo = s->cl;
	*hi = s->cl;
	for (i = from; i < to; i++) {
		if (!isnan(s->x[i])) {
			*lo = fmin(*lo, s->x[i]);
			*hi = fmax(*hi, s->x[i]);
		}
		if (isfinite(s->lcl[i]))
			*lo = fmin(*lo, s->lcl[i]);
		if (isfinite(s->ucl[i]))
			*hi = fmax(*hi, s->ucl[i]);
	}
	if (!(*hi > *lo)) {
		*hi += 1;
		*lo -= 1;
	}
	*hi += (*hi - *lo) * 0.05;
	*lo -= (*hi - *lo) * 0.05;
}

static void draw_line(int y, int w, const char *name, double val, int dec,
                      char ch, int attr)
{
	char lab[32], *row = malloc((size_t)w + 1);

	if (!row)
		return;
	memset(row, ch, (size_t)w);
	row[w] = 0;
	snprintf(lab, sizeof lab, "%-3s%*.*f", name, LABEL_W - 4, dec, val);
	crt_put(y, 0, LABEL_W, lab, attr);
	crt_put(y, LABEL_W, w, row, attr);
	free(row);
}

static void draw_plot(struct chart *c, int top, int h, int cols)
{
	const struct mes_spc_series *s = &c->v.chart.s[c->series];
	int n = c->v.chart.points, w = cols - LABEL_W, from, to, i, last;
	int dec = c->v.ch.decimals + 1;
	double lo, hi;

	c->width = w;
	to = c->end > 0 && c->end <= n ? c->end : n;
	from = to - w < 0 ? 0 : to - w;
	scale(c, from, to, &lo, &hi);
	last = to - 1;
	draw_line(top + row_of(s->ucl[last], lo, hi, h), w, "UCL",
	          s->ucl[last], dec, '-', crt_attr(CLR_LATE));
	draw_line(top + row_of(s->cl, lo, hi, h), w, "CL", s->cl, dec, '.',
	          crt_attr(CLR_DIM));
	if (isfinite(s->lcl[last]))
		draw_line(top + row_of(s->lcl[last], lo, hi, h), w, "LCL",
		          s->lcl[last], dec, '-', crt_attr(CLR_LATE));
	for (i = from; i < to; i++) {
		int bad = violated(&c->v, c->series, i);

		if (isnan(s->x[i]))
			continue;
		crt_put(top + row_of(s->x[i], lo, hi, h), LABEL_W + i - from,
		        1, bad ? "X" : "*", crt_attr(bad ? CLR_ALARM :
		        CLR_RUNNING));
	}
}

static void draw_footer(const struct chart *c, int y, int cols)
{
	const struct mes_spc_view *v = &c->v;
	const struct mes_spc_capability *k = &v->cap;
	int to = c->end > 0 && c->end <= v->chart.points ? c->end :
	         v->chart.points;
	int from = to - c->width < 0 ? 0 : to - c->width;
	char line[256];

	snprintf(line, sizeof line, "points %d-%d of %d  %s  %d violation%s"
	         "%s%s", from + 1, to, v->chart.points, v->frozen ?
	         "limits frozen" : "TRIAL limits (not frozen)", v->viol.count,
	         v->viol.count == 1 ? "" : "s", v->viol.count ? ", last: " :
	         "", v->viol.count ?
	         mes_spc_rule_name(v->viol.v[v->viol.count - 1].rule) : "");
	crt_put(y, 0, cols, line, crt_attr(v->viol.count ? CLR_ALARM :
	        CLR_DIM));
	if (v->have_cap)
		snprintf(line, sizeof line, "Cp %.2f  Cpk %.2f  Pp %.2f  Ppk "
		         "%.2f  (%d values)%s%s", k->cp, k->cpk, k->pp, k->ppk,
		         k->values, k->flags & MES_SPC_CAP_FEW ?
		         "  too few data" : "", k->flags &
		         MES_SPC_CAP_NOT_IN_CONTROL ? "  NOT IN CONTROL" : "");
	else
		snprintf(line, sizeof line, "capability: %s", v->cap_note);
	crt_put(y + 1, 0, cols, line, crt_attr(CLR_DIM));
}

/* Counts of the stored values in bins between the spec limits, widened
 * to the data; one row per bin, the limits marked beside it. */
static void draw_histo(const struct chart *c, int top, int rows, int cols)
{
	const struct mes_spc_view *v = &c->v;
	const struct mes_qchar *ch = &v->ch;
	int nv = v->data.points * v->data.size, nb = rows - 1, i, b;
	int counts[64] = { 0 }, most = 1, len;
	double lo = ch->lsl, hi = ch->usl, wdt;
	char line[256], bar[128];

	if (!nv || !mes_spc_type_is_variables(v->data.type)) {
		crt_put(top, 0, cols, "A histogram needs measured values.",
		        crt_attr(CLR_DIM));
		return;
	}
	for (i = 0; i < nv; i++) {
		lo = isnan(lo) ? v->data.x[i] : fmin(lo, v->data.x[i]);
		hi = isnan(hi) ? v->data.x[i] : fmax(hi, v->data.x[i]);
	}
	if (nb > 64)
		nb = 64;
	wdt = (hi - lo) / nb;
	if (!(wdt > 0))
		wdt = 1;
	for (i = 0; i < nv; i++) {
		b = (int)((v->data.x[i] - lo) / wdt);
		counts[b < 0 ? 0 : b >= nb ? nb - 1 : b]++;
	}
	for (b = 0; b < nb; b++)
		if (counts[b] > most)
			most = counts[b];
	for (b = 0; b < nb; b++) {
		double a = lo + b * wdt, z = a + wdt;
		int out = (!isnan(ch->lsl) && z <= ch->lsl + wdt * 1e-9) ||
		          (!isnan(ch->usl) && a >= ch->usl - wdt * 1e-9);

		len = counts[b] * (cols - 34) / most;
		memset(bar, '#', (size_t)len);
		bar[len] = 0;
		/* Marked in the text too: a monochrome terminal has no red. */
		snprintf(line, sizeof line, "%c%9.*f %-5s|%-*s %d", out ? '!' :
		         ' ', ch->decimals + 1, a, !isnan(ch->lsl) && fabs(a - ch->lsl) < wdt / 2
		         ? "<LSL" : !isnan(ch->usl) && fabs(z - ch->usl) < wdt
		         / 2 ? "USL>" : "", cols - 34, bar, counts[b]);
		crt_put(top + b, 0, cols, line, crt_attr(out ? CLR_ALARM :
		        CLR_NORMAL));
	}
	snprintf(line, sizeof line, "%d values; LSL %.*f, USL %.*f %s; rows "
	         "marked ! are outside the specification", nv, ch->decimals,
	         ch->lsl, ch->decimals, ch->usl, ch->unit);
	crt_put(top + nb, 0, cols, line, crt_attr(CLR_DIM));
}

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct chart *c = v->priv;
	char head[256];

	if (!c->loaded)
		return;
	snprintf(head, sizeof head, "%s/%s  %s  %s chart%s%s", c->v.ch.plan,
	         c->v.ch.code, c->v.ch.name, mes_spc_type_name(c->v.data.type),
	         c->v.chart.nseries > 1 ? ": " : "", c->v.chart.nseries > 1 ?
	         c->v.chart.s[c->series].name : "");
	crt_put(top, 0, cols, head, crt_attr(CLR_HEADER));
	if (c->histo) {
		draw_histo(c, top + 1, rows - 1, cols);
		return;
	}
	if (!c->v.chart.points) {
		crt_put(top + 2, 2, cols - 4, c->v.cap_note[0] ? c->v.cap_note :
		        "no data yet", crt_attr(CLR_DIM));
		return;
	}
	draw_plot(c, top + 1, rows - 3, cols);
	draw_footer(c, top + rows - 2, cols);
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct chart *c = v->priv;
	int n = c->v.chart.points, end = c->end > 0 ? c->end : n;

	(void)key;
	switch (a) {
	case ACT_BACK: return UI_POP;
	case ACT_QUIT: return UI_QUIT;
	case ACT_LEFT: case ACT_PGUP:
		end -= a == ACT_LEFT ? 10 : c->width;
		c->end = end < c->width ? (c->width < n ? c->width : n) : end;
		return UI_DONE;
	case ACT_RIGHT: case ACT_PGDN:
		end += a == ACT_RIGHT ? 10 : c->width;
		c->end = end >= n ? 0 : end;
		return UI_DONE;
	case ACT_HOME: c->end = c->width < n ? c->width : n; return UI_DONE;
	case ACT_END: c->end = 0; return UI_DONE;
	case ACT_NEXT_ITEM: case ACT_PREV_ITEM:
		if (c->loaded && c->v.chart.nseries > 1)
			c->series = !c->series;
		return UI_DONE;
	case ACT_COMPLETE: c->histo = !c->histo; return UI_DONE;
	default: return 0;
	}
}

static const char *bar_label(struct ui_view *v, enum ui_action a)
{
	struct chart *c = v->priv;

	if (a == ACT_COMPLETE)
		return c->histo ? "Chart" : "Histo";
	return NULL;
}

static void close_view(struct ui_view *v)
{
	struct chart *c = v->priv;

	if (c->loaded)
		mes_spc_view_free(&c->v);
	free(c);
}

static const struct ui_view_ops chart_view = {
	.name = "chart",
	.help = "The control chart of one characteristic from the stored "
	        "subgroups: UCL, CL and LCL as lines, '*' a point, 'X' a point "
	        "that breaks an enabled rule. Limits are the frozen ones, or "
	        "trial limits from the data until a quality engineer freezes "
	        "them (mesctl quality freeze). Left/Right scroll ten points, "
	        "PgUp/PgDn a screen, Home/End the oldest/newest. Tab: the "
	        "range (R, S or MR) chart. Histo (F5, c): the values against "
	        "the specification limits.",
	.bar = { ACT_HELP, ACT_NONE, ACT_NONE, ACT_NONE, ACT_COMPLETE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_INSPECT | MES_CH_SPC | MES_CH_QPLAN,
	.draw = draw,
	.action = action,
	.bar_label = bar_label,
	.close = close_view,
};

void chart_push(struct qual *q, const char *char_ref)
{
	struct chart *c = ui_push_new(q->app, &chart_view, sizeof *c);

	if (c)
		snprintf(c->ref, sizeof c->ref, "%s", char_ref);
}
