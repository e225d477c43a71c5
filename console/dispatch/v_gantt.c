/*
 * The Gantt chart in text: one row per work center, time across, the
 * current time as a line.  Operations with a planned start and end are
 * drawn where the schedule put them; without a schedule, the queue is
 * laid end to end from now (setup + run x remaining quantity) and drawn
 * dim, and the footer says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dispatch.h"

#define MAX_WC 256
#define MAX_BARS 64

struct bar {
	time_t start, end;
	int late, planned, running;
	double on_time;          /* -1: not simulated */
	char label[48];
	char wo_no[33];
	int seq;
};

struct lane {
	char wc[33];
	long long wc_id;
	struct bar bars[MAX_BARS];
	int n;
	int unplanned;       /* bars laid end to end, not from the plan */
};

struct gantt {
	struct lane lanes[MAX_WC];
	int nlanes;
	struct ui_list list;
	int bar;             /* the selected bar in the selected lane */
	int zoom;            /* 0 shift (8 h), 1 day, 2 week */
	long offset;         /* seconds the window is moved from now */
	int unplanned;
	int page;
};

static const long spans[] = { 8 * 3600, 24 * 3600, 7 * 24 * 3600 };
static const char *const span_names[] = { "shift (8 h)", "day", "week" };

static time_t parse_ts(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (!s[0] || !strptime(s, "%Y-%m-%dT%H:%M", &tm))
		return 0;
	return timegm(&tm);
}

struct fill { struct lane *lane; time_t cursor; };

static int take_op(const struct mes_board_op *op, void *ctx)
{
	struct fill *f = ctx;
	struct bar *b;
	double left = op->qty - op->good - op->scrap;
	long dur;

	if (f->lane->n >= MAX_BARS)
		return 1;
	b = &f->lane->bars[f->lane->n++];
	memset(b, 0, sizeof *b);
	b->start = parse_ts(op->plan_start);
	b->end = parse_ts(op->plan_end);
	b->planned = b->start && b->end > b->start;
	if (!b->planned) {
		dur = (long)((op->setup_min + op->run_min * (left > 0 ? left : 0))
		             * 60);
		b->start = f->cursor;
		b->end = f->cursor + (dur > 60 ? dur : 60);
		f->cursor = b->end;
		f->lane->unplanned++;
	}
	b->late = op->late;
	b->on_time = op->on_time;
	b->running = op->state == MES_OPS_RUNNING;
	snprintf(b->label, sizeof b->label, "%s/%d", op->wo_no, op->seq);
	snprintf(b->wo_no, sizeof b->wo_no, "%s", op->wo_no);
	b->seq = op->seq;
	return 0;
}

static int take_wc(const struct mes_wc_info *wc, void *ctx)
{
	struct gantt *g = ctx;

	if (g->nlanes >= MAX_WC)
		return 1;
	memset(&g->lanes[g->nlanes], 0, sizeof g->lanes[0]);
	g->lanes[g->nlanes].wc_id = wc->id;
	snprintf(g->lanes[g->nlanes++].wc, sizeof g->lanes[0].wc, "%s",
	         wc->code);
	return 0;
}

static void fill_lane(struct disp *d, struct lane *l)
{
	struct fill f = { l, time(NULL) };

	l->n = 0;
	l->unplanned = 0;
	mes_board_queue(d->db, l->wc, MAX_BARS, take_op, &f);
}

static void count_unplanned(struct gantt *g)
{
	int i;

	g->unplanned = 0;
	for (i = 0; i < g->nlanes; i++)
		g->unplanned += g->lanes[i].unplanned;
}

static int reload(struct ui_view *v)
{
	struct disp *d = ui_ctx(v->app);
	struct gantt *g = v->priv;
	int i;

	g->nlanes = 0;
	if (mes_board_wcs(d->db, take_wc, g) != MES_OK)
		return disp_fail(d, "Gantt");
	for (i = 0; i < g->nlanes; i++)
		fill_lane(d, &g->lanes[i]);
	count_unplanned(g);
	g->list.count = g->nlanes;
	return 0;
}

/* Another process's change: only the lanes of the work centers it
 * touched are read again; lanes coming or going, or a new schedule (it
 * moves every lane), read them all. */
static int update(struct ui_view *v, const struct mes_changes *c)
{
	struct disp *d = ui_ctx(v->app);
	struct gantt *g = v->priv;
	int i;

	if (c->kinds & (MES_CH_WC | MES_CH_MASTER | MES_CH_USER |
	                MES_CH_SCHEDULE))
		return reload(v);
	for (i = 0; i < g->nlanes; i++)
		if (mes_changes_wc(c, g->lanes[i].wc_id))
			fill_lane(d, &g->lanes[i]);
	count_unplanned(g);
	return 0;
}

static const long ticks[] = { 3600, 3 * 3600, 24 * 3600 };

/* The first tick at or after t on the plant's wall clock: a whole hour
 * that step divides, or a midnight. */
static time_t first_tick(time_t t, long step)
{
	struct tm tm;
	time_t at;

	localtime_r(&t, &tm);
	tm.tm_min = tm.tm_sec = 0;
	if (step >= 86400)
		tm.tm_hour = 0;
	else
		tm.tm_hour -= tm.tm_hour % (int)(step / 3600);
	tm.tm_isdst = -1;
	for (at = mktime(&tm); at < t; ) {
		/* Forward by calendar time, so a DST change keeps ticks round. */
		if (step >= 86400)
			tm.tm_mday++;
		else
			tm.tm_hour += (int)(step / 3600);
		tm.tm_isdst = -1;
		at = mktime(&tm);
	}
	return at;
}

/* The date of the window's start where the lane names go, then ticks at
 * round times: a day's ticks name the day at midnight. */
static void draw_axis(int y, int x0, int w, time_t from, long span,
                      long step)
{
	char t[16];
	int col, free_col = 0;
	time_t at;
	struct tm tm;

	localtime_r(&from, &tm);
	strftime(t, sizeof t, "%a %d %b", &tm);
	crt_put(y, 0, x0 - 1, t, crt_attr(CLR_HEADER));
	crt_put(y, x0 - 1, 1, "", crt_attr(CLR_HEADER));
	crt_put(y, x0, w, "", crt_attr(CLR_HEADER));
	for (at = first_tick(from, step); at < from + span; ) {
		col = (int)((double)(at - from) * w / span);
		localtime_r(&at, &tm);
		strftime(t, sizeof t, step >= 86400 || (!tm.tm_hour &&
		         !tm.tm_min) ? "%a %d" : "%H:%M", &tm);
		/* a tick's time whole or not at all */
		if (col >= free_col && col + (int)strlen(t) <= w) {
			crt_put(y, x0 + col, (int)strlen(t), t,
			        crt_attr(CLR_HEADER));
			free_col = col + (int)strlen(t) + 1;
		}
		at = first_tick(at + 1, step);
	}
}

/* The now line goes under a bar's label, never through it. */
static void draw_lane(const struct lane *l, int y, int x0, int w, time_t from,
                      long span, int sel, int selbar, int nowcol)
{
	int i, c0, c1, c;
	char cell[2] = "#";

	crt_put(y, 0, x0, l->wc, crt_attr(sel ? CLR_SELECTED : CLR_NORMAL));
	crt_put(y, x0, w, "", crt_attr(CLR_NORMAL));
	if (nowcol >= 0 && nowcol < w)
		crt_glyph(y, x0 + nowcol, G_NOW);
	for (i = 0; i < l->n; i++) {
		const struct bar *b = &l->bars[i];
		int attr = crt_attr(sel && i == selbar ? CLR_SELECTED : b->late ?
		                    CLR_LATE : b->running ? CLR_RUNNING :
		                    b->planned ? CLR_NORMAL : CLR_DIM);

		c0 = (int)((double)(b->start - from) * w / span);
		c1 = (int)((double)(b->end - from) * w / span);
		if (c1 <= c0)
			c1 = c0 + 1;
		for (c = c0 < 0 ? 0 : c0; c < c1 && c < w; c++) {
			/* The label inside the bar where it fits, else a fill
			 * that tells neighbours apart; late work shows '!'. */
			int k = c - c0, label = k < (int)strlen(b->label) &&
			                        c1 - c0 > 9;

			if (c == nowcol && !label)
				continue;
			cell[0] = label ? b->label[k] : b->late ? '!' :
			          (i % 2 ? '=' : '#');
			crt_put(y, x0 + c, 1, cell, attr);
		}
	}
}

static const struct bar *selected(const struct gantt *g)
{
	const struct lane *l;

	if (!g->nlanes)
		return NULL;
	l = &g->lanes[g->list.sel];
	return g->bar >= 0 && g->bar < l->n ? &l->bars[g->bar] : NULL;
}

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct gantt *g = v->priv;
	time_t now = time(NULL), from = now + g->offset - spans[g->zoom] / 8;
	int x0 = 11, w = cols - x0, i, nowcol, y;
	char foot[200];
	const struct bar *sel;

	draw_axis(top, x0, w, from, spans[g->zoom], ticks[g->zoom]);
	g->list.page = rows - 3;
	ui_list_clamp(&g->list, g->list.page);
	nowcol = (int)((double)(now - from) * w / spans[g->zoom]);
	for (i = 0; i < g->list.page && g->list.top + i < g->nlanes; i++) {
		y = top + 1 + i;
		draw_lane(&g->lanes[g->list.top + i], y, x0, w, from,
		          spans[g->zoom], g->list.top + i == g->list.sel, g->bar,
		          nowcol);
	}
	/* What is picked, then the legend: both always there, so that a
	 * pick does not hide what the marks mean. */
	sel = selected(g);
	if (sel) {
		char risk[24] = "";

		if (sel->on_time >= 0)
			snprintf(risk, sizeof risk, " on time %d%%",
			         (int)(sel->on_time * 100));
		snprintf(foot, sizeof foot, "%s%s %s%s  [ ] pick  , . earlier/later"
		         "  w other work center", sel->label, risk, sel->planned ?
		         "" : "(not scheduled) ", sel->late ? "LATE" : "");
	}
	else
		snprintf(foot, sizeof foot, "nothing to pick here  [ ] pick");
	crt_put(top + rows - 2, 0, cols, foot, crt_attr(CLR_DIM));
	snprintf(foot, sizeof foot, "%s %+ldh  # = bars  ! late  %s  | now  "
	         "+/- zoom", span_names[g->zoom],
	         g->offset / 3600, g->unplanned ? "dim: no schedule yet" :
	         "dim: not planned");
	crt_put(top + rows - 1, 0, cols, foot, crt_attr(CLR_DIM));
}

struct alts { const char *list[17]; char buf[16][33]; int n; };

static int take_alt(const char *code, const char *name, void *ctx)
{
	struct alts *a = ctx;

	(void)name;
	if (a->n >= 16)
		return 1;
	snprintf(a->buf[a->n], sizeof a->buf[0], "%s", code);
	a->list[a->n] = a->buf[a->n];
	a->list[++a->n] = NULL;
	return 0;
}

/* The planner's moves: refused in core with the reason when they break
 * routing order or capacity; the moved operation stays pinned. */
static int move(struct ui_view *v, enum ui_action a)
{
	static const long steps[] = { 15, 60, 240 };
	struct disp *d = ui_ctx(v->app);
	struct gantt *g = v->priv;
	const struct bar *b = selected(g);
	struct alts alts;
	struct ui_field f;
	long long delta = a == ACT_EARLIER ? -steps[g->zoom] :
	                  a == ACT_LATER ? steps[g->zoom] : 0;
	const char *wc = NULL;

	if (!b)
		return UI_DONE;
	if (a == ACT_MOVE_WC) {
		memset(&alts, 0, sizeof alts);
		mes_op_alternatives(d->db, b->wo_no, b->seq, take_alt, &alts);
		memset(&f, 0, sizeof f);
		f.label = "Work center (Space)";
		f.kind = FLD_CHOICE;
		f.choices = alts.list;
		snprintf(f.value, sizeof f.value, "%s", g->lanes[g->list.sel].wc);
		if (alts.n < 2) {
			ui_msg(v->app, 1, "%s has no alternative work center",
			       b->label);
			return UI_DONE;
		}
		if (!ui_form(v->app, "Move to", &f, 1, NULL, NULL))
			return UI_DONE;
		wc = f.value;
	}
	if (mes_op_plan_move(d->db, b->wo_no, b->seq, wc, delta) != MES_OK)
		return disp_fail(d, "move");
	ui_msg(v->app, 0, "%s moved and pinned%s%s", b->label, wc ? " on " : "",
	       wc ? wc : "");
	return UI_DONE | UI_RELOAD;
}

/* A picked operation off the window brings the window to it. */
static void show_bar(struct gantt *g)
{
	const struct bar *b = selected(g);
	time_t now = time(NULL), from = now + g->offset - spans[g->zoom] / 8;

	if (b && (b->end <= from || b->start >= from + spans[g->zoom]))
		g->offset = (long)(b->start - now);
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct gantt *g = v->priv;
	long step = spans[g->zoom] / 4;
	int n = g->nlanes ? g->lanes[g->list.sel].n : 0;

	(void)key;
	switch (a) {
	case ACT_ZOOM_IN: if (g->zoom > 0) g->zoom--; return UI_DONE;
	case ACT_ZOOM_OUT: if (g->zoom < 2) g->zoom++; return UI_DONE;
	case ACT_LEFT: g->offset -= step; return UI_DONE;
	case ACT_RIGHT: g->offset += step; return UI_DONE;
	case ACT_HOME: g->offset = 0; return UI_DONE;
	case ACT_NEXT_ITEM: g->bar = g->bar + 1 < n ? g->bar + 1 : 0;
		show_bar(g);
		return UI_DONE;
	case ACT_PREV_ITEM: g->bar = g->bar > 0 ? g->bar - 1 : n - 1;
		show_bar(g);
		return UI_DONE;
	case ACT_EARLIER: case ACT_LATER: case ACT_MOVE_WC:
		return move(v, a);
	case ACT_OPEN:
		if (selected(g)) {
			struct mes_board_op op;
			struct disp *d = ui_ctx(v->app);

			if (mes_board_op(d->db, selected(g)->wo_no,
			                 selected(g)->seq, &op) == MES_OK)
				op_details(d, &op);
		}
		return UI_DONE;
	case ACT_BACK: case ACT_GANTT: return UI_POP;
	case ACT_QUIT: return UI_QUIT;
	default:
		if (ui_list_nav(&g->list, a, g->list.page)) {
			g->bar = 0;
			return UI_DONE;
		}
		return 0;
	}
}

static const struct ui_view_ops gantt_view = {
	.name = "Gantt",
	.help = "Planned work per work center over the next shift, day or "
	        "week, with the date at the left of the time axis. The "
	        "vertical line is now. Bars (# and = alternate between "
	        "neighbours) show order/operation where they fit; ! marks late "
	        "work; dim bars are not planned by the scheduler. A lead picks an operation "
	        "with [ and ] (or Tab) and moves it earlier (,) or later (.) "
	        "by 15 min, 1 h or 4 h as zoomed, or onto an allowed "
	        "alternative work center (w). A move that would cross the "
	        "order's other operations or the work center's capacity is "
	        "refused with the reason; a moved operation is pinned and the "
	        "scheduler keeps it there.",
	.bar = { ACT_HELP, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_ZOOM_IN, ACT_ZOOM_OUT, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.update = update,
	.watch = MES_CH_ORDER | MES_CH_OP | MES_CH_LABOR | MES_CH_WC |
	         MES_CH_MASTER | MES_CH_SCHEDULE | MES_CH_USER,
	.draw = draw,
	.action = action,
	.close = ui_free_priv,
};

void gantt_push(struct disp *d)
{
	struct gantt *g = ui_push_new(d->app, &gantt_view, sizeof *g);

	if (g)
		g->zoom = 1;
}
