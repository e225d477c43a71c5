/*
 * Maintenance orders, newest first (open ones; l shows all).  One key
 * moves an order on: s starts it, c marks it done and, once done, asks
 * for the technician's signature that the machine is safe to run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "maint.h"

#define MAX_MO 300

struct mol {
	struct mes_mo rows[MAX_MO];
	struct ui_list list;
	int all;
};

static int take(const struct mes_mo *o, void *ctx)
{
	struct mol *t = ctx;

	return ui_list_take(&t->list, t->rows, sizeof *o, MAX_MO, o);
}

static int reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct mol *t = v->priv;

	ui_list_refill(&t->list, t->rows, sizeof t->rows[0],
	               offsetof(struct mes_mo, id), UI_LLONG);
	if (mes_mo_each(m->db, !t->all, take, t) != MES_OK)
		return mnt_fail(m, "orders");
	return ui_list_loaded(&t->list);
}

static int mo_attr(const void *row, void *ctx)
{
	const struct mes_mo *o = row;

	(void)ctx;
	if (!strcmp(o->status, "open"))
		return crt_attr(CLR_ALARM);
	if (!strcmp(o->status, "in-progress"))
		return crt_attr(CLR_RUNNING);
	if (!strcmp(o->status, "signed-off") || !strcmp(o->status,
	    "cancelled"))
		return crt_attr(CLR_DIM);
	return crt_attr(CLR_NORMAL);
}

static void mo_hours(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%.1f", ((const struct mes_mo *)row)->labor_h);
}

static const struct ui_col mo_cols[] = {
	{ "ORDER", 9, UI_LEFT, UI_FIELD(struct mes_mo, mo_no) },
	{ "ASSET", 10, UI_LEFT, UI_FIELD(struct mes_mo, asset) },
	{ "KIND", 10, UI_LEFT, UI_FIELD(struct mes_mo, kind) },
	{ "STATUS", 11, UI_LEFT, UI_FIELD(struct mes_mo, status) },
	{ "WHO", 8, UI_LEFT, UI_FIELD(struct mes_mo, assigned_to), .dash = 1 },
	{ "HOURS", 5, UI_RIGHT, .get = mo_hours },
	{ "DESCRIPTION", 0, UI_LEFT, UI_FIELD(struct mes_mo, description) },
	{ NULL },
};

static const struct ui_table mo_table = {
	.cols = mo_cols, .row_size = sizeof(struct mes_mo),
	.row_attr = mo_attr,
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	char hint[160];
	struct mol *t = v->priv;

	ui_table_draw(&mo_table, &t->list, t->rows, NULL, top,
	              rows - 1, cols);
	if (!t->list.count)
		crt_put(top + 2, 2, cols - 4, "No open maintenance orders.",
		        crt_attr(CLR_DIM));
	ui_key_hint(v, 1, hint, sizeof hint);
	crt_put(top + rows - 1, 0, cols, hint, crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	struct mol *t = v->priv;
	const struct mes_mo *sel = t->list.count ? &t->rows[t->list.sel] :
	                           NULL;

	(void)key;
	switch (a) {
	case ACT_START:
		if (!sel)
			return UI_DONE;
		if (mes_mo_start(m->db, sel->mo_no) != MES_OK)
			return mnt_fail(m, "start");
		ui_msg(v->app, 0, "%s started", sel->mo_no);
		return UI_DONE | UI_RELOAD;
	case ACT_PAUSE: return sel ? mnt_order_assign(m, sel) : UI_DONE;
	case ACT_REPORT: return sel ? mnt_order_book(m, sel) : UI_DONE;
	case ACT_OPEN:
	case ACT_COMPLETE: return sel ? mnt_order_advance(m, sel) : UI_DONE;
	case ACT_ANDON: return mnt_order_new(m);
	case ACT_INSTR: return mnt_order_from_request(m);
	case ACT_LOAD:
		t->all = !t->all;
		t->list.sel = t->list.top = 0;
		return UI_DONE | UI_RELOAD;
	default:
		return 0;
	}
}

static const char *bar_label(struct ui_view *v, enum ui_action a)
{
	struct mol *t = v->priv;
	const struct mes_mo *sel = t->list.count ? &t->rows[t->list.sel] :
	                           NULL;

	if (a == ACT_COMPLETE && sel && !strcmp(sel->status, "done"))
		return "Sign";
	return a == ACT_LOAD && t->all ? "Open" : NULL;
}

static const struct ui_view_ops orders_view = {
	.name = "maintenance orders",
	.help = "Open maintenance orders: corrective (from a request or a "
	        "breakdown), preventive (from a PM plan) and condition (from "
	        "an alert). Start one, book parts and labor, mark it done; a "
	        "done order is signed off with your login and PIN, meaning the "
	        "machine is safe to run. Only maintenance technicians sign.",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_ANDON, ACT_INSTR, ACT_NONE, ACT_LOAD, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_MAINT | MES_CH_ASSET | MES_CH_USER,
	.draw = draw,
	.action = action,
	.list = UI_LIST_AT(struct mol, list),
	.bar_label = bar_label,
	.close = ui_free_priv,
};

void orders_push(struct mnt *m)
{
	ui_push_new(m->app, &orders_view, sizeof(struct mol));
}
