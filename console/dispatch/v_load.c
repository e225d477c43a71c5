/*
 * Load at a glance: per work center, the hours of work queued against the
 * hours it works in the next shift, day or week, as bars, so a lead sees
 * where to move work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dispatch.h"

#define MAX_WC 256

struct lrow {
	char wc[64];             /* work center, or operator's login */
	long long wc_id;         /* a work center's line: its id */
	double need_h, avail_h;
	int person;              /* an operator's line */
	char where[33];
};

struct load {
	struct lrow rows[MAX_WC];
	struct ui_list list;
	int horizon, page;   /* 0 shift (8 h), 1 day, 2 week */
};

static const long spans[] = { 8 * 3600, 24 * 3600, 7 * 24 * 3600 };
static const char *const span_names[] = { "next 8 hours", "next day",
                                          "next week" };

static int take_wc(const struct mes_wc_info *wc, void *ctx)
{
	struct load *l = ctx;

	if (l->list.count >= MAX_WC)
		return 1;
	memset(&l->rows[l->list.count], 0, sizeof l->rows[0]);
	l->rows[l->list.count].wc_id = wc->id;
	l->rows[l->list.count].need_h = wc->queued_h;
	snprintf(l->rows[l->list.count++].wc, sizeof l->rows[0].wc, "%s",
	         wc->code);
	return 0;
}

static int take_person(const struct mes_operator_load *o, void *ctx)
{
	struct load *l = ctx;
	struct lrow *r;

	if (l->list.count >= MAX_WC)
		return 1;
	r = &l->rows[l->list.count++];
	memset(r, 0, sizeof *r);
	snprintf(r->wc, sizeof r->wc, "%s", o->login);
	snprintf(r->where, sizeof r->where, "%s", o->wc);
	r->need_h = o->hours;
	r->person = 1;
	return 0;
}

/* A line's working hours in the horizon, from the calendar (the hours
 * of work came with the line). */
static void fill_row(struct disp *d, struct load *l, struct lrow *r,
                     time_t now)
{
	const char *wc = r->person ? r->where : r->wc;
	double min;

	/* An operator works the hours of where they work now. */
	r->avail_h = 0;
	if (*wc && mes_wc_available_min(d->db, wc, now,
	                                now + spans[l->horizon], &min) == MES_OK)
		r->avail_h = min / 60.0;
}

static int reload(struct ui_view *v)
{
	struct disp *d = ui_ctx(v->app);
	struct load *l = v->priv;
	time_t now = time(NULL);
	int i;

	l->list.count = 0;
	if (mes_board_wcs(d->db, take_wc, l) != MES_OK ||
	    mes_board_operators(d->db, take_person, l) != MES_OK)
		return disp_fail(d, "load");
	for (i = 0; i < l->list.count; i++)
		fill_row(d, l, &l->rows[i], now);
	return 0;
}

/* Another process's change: the lines of the work centers it touched
 * are read again (one point read each: the schema keeps the hours); the
 * operators' lines (a short read of whoever is clocked on) come again
 * whole.  Lines coming or going read it all. */
static int update(struct ui_view *v, const struct mes_changes *c)
{
	struct disp *d = ui_ctx(v->app);
	struct load *l = v->priv;
	time_t now = time(NULL);
	int i;

	if (c->kinds & (MES_CH_WC | MES_CH_MASTER | MES_CH_USER))
		return reload(v);
	for (i = 0; i < l->list.count; i++) {
		struct lrow *r = &l->rows[i];
		struct mes_wc_info wc;

		if (r->person)
			break;
		if (!mes_changes_wc(c, r->wc_id))
			continue;
		if (mes_board_wc(d->db, r->wc_id, &wc) != MES_OK)
			return reload(v);
		r->need_h = wc.queued_h;
		fill_row(d, l, r, now);
	}
	if (i < l->list.count) {
		l->list.count = i;
		if (mes_board_operators(d->db, take_person, l) != MES_OK)
			return disp_fail(d, "load");
		for (; i < l->list.count; i++)
			fill_row(d, l, &l->rows[i], now);
	}
	return 0;
}

static void draw_row(const struct lrow *r, int y, int cols, int sel)
{
	char head[64];
	int w = cols - 34, full, i, over;
	double ratio = r->avail_h > 0 ? r->need_h / r->avail_h : r->need_h > 0;

	if (r->person && !r->where[0]) {
		snprintf(head, sizeof head, "%-10.10s not clocked on", r->wc);
		crt_put(y, 0, cols, head, crt_attr(sel ? CLR_SELECTED : CLR_DIM));
		return;
	}
	snprintf(head, sizeof head, "%-10.10s %7.1f/%-7.1fh %4.0f%% ", r->wc,
	         r->need_h, r->avail_h, ratio * 100);
	over = ratio > 1.0;
	crt_put(y, 0, 33, head, crt_attr(sel ? CLR_SELECTED : over ? CLR_LATE :
	        CLR_NORMAL));
	full = (int)(ratio * w + 0.5);
	for (i = 0; i < w; i++)
		crt_glyph(y, 33 + i, i < full ? G_BAR_FULL : G_BAR_EMPTY);
	if (over)
		crt_put(y, cols - 1, 1, "!", crt_attr(CLR_LATE));
}

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct load *l = v->priv;
	char foot[160];
	int i, y;

	crt_put(top, 0, cols, "WORK CENTER  QUEUED/WORKING  LOAD  (a full bar"
	        " is all the working time; ! over)", crt_attr(CLR_HEADER));
	/* Operators follow the work centers, under their own heading. */
	/* One line of the page goes to the operators' heading. */
	l->list.page = rows - 2;
	ui_list_clamp(&l->list, l->list.page - 1);
	y = top + 1;
	for (i = l->list.top; i < l->list.count && y < top + 1 + l->list.page;
	     i++) {
		const struct lrow *r = &l->rows[i];

		if (r->person && (i == 0 || !r[-1].person)) {
			crt_put(y++, 0, cols, "OPERATOR   LEFT ON WHAT THEY ARE "
			        "CLOCKED ON / HOURS WHERE THEY WORK",
			        crt_attr(CLR_HEADER));
			if (y >= top + 1 + l->list.page)
				break;
		}
		draw_row(r, y++, cols, i == l->list.sel);
	}
	snprintf(foot, sizeof foot, "Horizon: %s (+/- to change). Working hours"
	         " from each work center's shifts.", span_names[l->horizon]);
	crt_put(top + rows - 1, 0, cols, foot, crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct load *l = v->priv;

	(void)key;
	switch (a) {
	case ACT_ZOOM_IN:
		if (l->horizon > 0)
			l->horizon--;
		return UI_DONE | UI_RELOAD;
	case ACT_ZOOM_OUT:
		if (l->horizon < 2)
			l->horizon++;
		return UI_DONE | UI_RELOAD;
	case ACT_BACK: case ACT_LOAD: return UI_POP;
	case ACT_QUIT: return UI_QUIT;
	default: return ui_list_nav(&l->list, a, l->list.page) ? UI_DONE : 0;
	}
}

static const struct ui_view_ops load_view = {
	.name = "load",
	.help = "Hours of queued work (setup until started, run time for the "
	        "quantity still to make) against working hours from the shift "
	        "calendar, per work center.",
	.bar = { ACT_HELP, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_ZOOM_IN, ACT_ZOOM_OUT, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.update = update,
	.watch = MES_CH_ORDER | MES_CH_OP | MES_CH_LABOR | MES_CH_WC |
	         MES_CH_MASTER | MES_CH_USER,
	.draw = draw,
	.action = action,
	.close = ui_free_priv,
};

void load_push(struct disp *d)
{
	struct load *l = ui_push_new(d->app, &load_view, sizeof *l);

	if (l)
		l->horizon = 1;
}
