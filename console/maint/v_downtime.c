/*
 * Downtime, newest first: those without a reason in alarm colours.  A
 * reason is assigned here (s or Enter); a breakdown becomes a corrective
 * maintenance order (r).  l shows only those waiting for a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "maint.h"

#define MAX_DT 300

struct dtl {
	struct mes_downtime rows[MAX_DT];
	struct ui_list list;
	int only_unassigned;
};

static int take(const struct mes_downtime *d, void *ctx)
{
	struct dtl *t = ctx;

	return ui_list_take(&t->list, t->rows, sizeof *d, MAX_DT, d);
}

static int reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct dtl *t = v->priv;

	ui_list_refill(&t->list, t->rows, sizeof t->rows[0],
	               offsetof(struct mes_downtime, id), UI_LLONG);
	if (mes_downtime_each(m->db, t->only_unassigned, MAX_DT, take, t))
		return mnt_fail(m, "downtime");
	return ui_list_loaded(&t->list);
}

static void dt_started(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_downtime *d = row;

	(void)ctx;
	snprintf(buf, n, "%.10s %.5s", d->start_ts, d->start_ts + 11);
}

/* + after the minutes: still going on. */
static void dt_minutes(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_downtime *d = row;

	(void)ctx;
	snprintf(buf, n, "%7.1f%s", d->minutes, d->end_ts[0] ? " " : "+");
}

static void dt_reason(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_downtime *d = row;

	(void)ctx;
	snprintf(buf, n, "%s", d->reason[0] ? d->reason : "?");
}

static void dt_fault(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_downtime *d = row;

	(void)ctx;
	snprintf(buf, n, "%s%s%s", d->fault, d->fault[0] && d->note[0] ?
	         " / " : "", d->note);
}

static int dt_attr(const void *row, void *ctx)
{
	(void)ctx;
	return crt_attr(((const struct mes_downtime *)row)->reason[0] ?
	                CLR_NORMAL : CLR_ALARM);
}

static const struct ui_col dt_cols[] = {
	{ "ID", 5, UI_RIGHT, UI_LLF(struct mes_downtime, id) },
	{ "ASSET", 10, UI_LEFT, UI_FIELD(struct mes_downtime, asset) },
	{ "STARTED", 16, UI_LEFT, .get = dt_started },
	{ "MINUTES", 8, UI_LEFT, .get = dt_minutes },
	{ "REASON", 6, UI_LEFT, .get = dt_reason },
	{ "FAULT / NOTE", 0, UI_LEFT, .get = dt_fault },
	{ NULL },
};

static const struct ui_table dt_table = {
	.cols = dt_cols, .row_size = sizeof(struct mes_downtime),
	.row_attr = dt_attr,
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct dtl *t = v->priv;
	char line[256];

	ui_table_draw(&dt_table, &t->list, t->rows, NULL, top,
	              rows - 1, cols);
	if (!t->list.count)
		crt_put(top + 2, 2, cols - 4, t->only_unassigned ? "Every "
		        "downtime has its reason." : "No downtime recorded.",
		        crt_attr(CLR_DIM));
	snprintf(line, sizeof line, "%s. s/Enter assign reason  r order from "
	         "breakdown  l %s  Esc back", t->only_unassigned ?
	         "Without reason" : "All", t->only_unassigned ? "all" :
	         "only without reason");
	crt_put(top + rows - 1, 0, cols, line, crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	struct dtl *t = v->priv;
	const struct mes_downtime *sel = t->list.count ?
	                                 &t->rows[t->list.sel] : NULL;

	(void)key;
	switch (a) {
	case ACT_OPEN:
	case ACT_START:
		return sel ? mnt_assign_reason(m, sel) : UI_DONE;
	case ACT_REPORT:
		return sel ? mnt_order_from_downtime(m, sel) : UI_DONE;
	case ACT_LOAD:
		t->only_unassigned = !t->only_unassigned;
		t->list.sel = t->list.top = 0;
		return UI_DONE | UI_RELOAD;
	default:
		return 0;
	}
}

static const struct ui_view_ops downtime_view = {
	.name = "downtime",
	.help = "Every downtime event, newest first. A + after the minutes "
	        "means it is still going on. Events the PLC reported without a"
	        " fault the system knows wait for a reason (shown as ?): pick "
	        "one with s. Changing a reason already given needs a note.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_REPORT, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_LOAD, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_DOWNTIME | MES_CH_ASSET | MES_CH_MASTER |
	         MES_CH_USER,
	.draw = draw,
	.action = action,
	.list = UI_LIST_AT(struct dtl, list),
	.close = ui_free_priv,
};

void downtime_push(struct mnt *m)
{
	ui_push_new(m->app, &downtime_view, sizeof(struct dtl));
}
