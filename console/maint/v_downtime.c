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
	int page, only_unassigned;
};

static int take(const struct mes_downtime *d, void *ctx)
{
	struct dtl *t = ctx;

	t->rows[t->list.count++] = *d;
	return t->list.count >= MAX_DT;
}

static int reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct dtl *t = v->priv;

	t->list.count = 0;
	if (mes_downtime_each(m->db, t->only_unassigned, MAX_DT, take, t))
		return mnt_fail(m, "downtime");
	ui_list_clamp(&t->list, t->page > 0 ? t->page : 1);
	return 0;
}

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct dtl *t = v->priv;
	char line[256], when[20];
	int i;

	crt_put(top, 0, cols, "   ID ASSET      STARTED          MINUTES REASON"
	        " FAULT / NOTE", crt_attr(CLR_HEADER));
	t->page = rows - 2;
	ui_list_clamp(&t->list, t->page);
	for (i = 0; i < t->page && t->list.top + i < t->list.count; i++) {
		const struct mes_downtime *d = &t->rows[t->list.top + i];
		int sel = t->list.top + i == t->list.sel;

		snprintf(when, sizeof when, "%.10s %.5s", d->start_ts,
		         d->start_ts + 11);
		snprintf(line, sizeof line, "%5lld %-10.10s %-16s %7.1f%s %-6.6s"
		         " %s%s%s", d->id, d->asset, when, d->minutes,
		         d->end_ts[0] ? " " : "+", d->reason[0] ? d->reason :
		         "?", d->fault, d->fault[0] && d->note[0] ? " / " : "",
		         d->note);
		crt_put(top + 1 + i, 0, cols, line, crt_attr(sel ? CLR_SELECTED
		        : !d->reason[0] ? CLR_ALARM : CLR_NORMAL));
	}
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
	if (ui_list_nav(&t->list, a, t->page))
		return UI_DONE;
	switch (a) {
	case ACT_BACK: return UI_POP;
	case ACT_QUIT: return UI_QUIT;
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

static void close_view(struct ui_view *v)
{
	free(v->priv);
}

const struct ui_view_ops downtime_view = {
	.name = "downtime",
	.help = "Every downtime event, newest first. A + after the minutes "
	        "means it is still going on. Events the PLC reported without a"
	        " fault the system knows wait for a reason (shown as ?): pick "
	        "one with s. Changing a reason already given needs a note.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_REPORT, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_LOAD, ACT_QUIT },
	.reload = reload,
	.draw = draw,
	.action = action,
	.close = close_view,
};

void downtime_push(struct mnt *m)
{
	struct dtl *t = calloc(1, sizeof *t);

	if (!t) {
		ui_msg(m->app, 1, "out of memory");
		return;
	}
	ui_push(m->app, &downtime_view, t);
}
