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
	int page, all;
};

static int take(const struct mes_mo *o, void *ctx)
{
	struct mol *t = ctx;

	t->rows[t->list.count++] = *o;
	return t->list.count >= MAX_MO;
}

static int reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct mol *t = v->priv;

	t->list.count = 0;
	if (mes_mo_each(m->db, !t->all, take, t) != MES_OK)
		return mnt_fail(m, "orders");
	ui_list_clamp(&t->list, t->page > 0 ? t->page : 1);
	return 0;
}

static int attr_of(const struct mes_mo *o, int sel)
{
	if (sel)
		return crt_attr(CLR_SELECTED);
	if (!strcmp(o->status, "open"))
		return crt_attr(CLR_ALARM);
	if (!strcmp(o->status, "in-progress"))
		return crt_attr(CLR_RUNNING);
	if (!strcmp(o->status, "signed-off") || !strcmp(o->status,
	    "cancelled"))
		return crt_attr(CLR_DIM);
	return crt_attr(CLR_NORMAL);
}

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct mol *t = v->priv;
	char line[300];
	int i;

	crt_put(top, 0, cols, "ORDER     ASSET      KIND       STATUS      WHO"
	        "      HOURS DESCRIPTION", crt_attr(CLR_HEADER));
	t->page = rows - 2;
	ui_list_clamp(&t->list, t->page);
	for (i = 0; i < t->page && t->list.top + i < t->list.count; i++) {
		const struct mes_mo *o = &t->rows[t->list.top + i];

		snprintf(line, sizeof line, "%-9.9s %-10.10s %-10.10s %-11.11s "
		         "%-8.8s %5.1f %s", o->mo_no, o->asset, o->kind,
		         o->status, o->assigned_to[0] ? o->assigned_to : "-",
		         o->labor_h, o->description);
		crt_put(top + 1 + i, 0, cols, line,
		        attr_of(o, t->list.top + i == t->list.sel));
	}
	if (!t->list.count)
		crt_put(top + 2, 2, cols - 4, "No open maintenance orders.",
		        crt_attr(CLR_DIM));
	crt_put(top + rows - 1, 0, cols, "s start  p assign  r parts/labor  "
	        "c done/sign off  a new  i from request  l all  Esc back",
	        crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	struct mol *t = v->priv;
	const struct mes_mo *sel = t->list.count ? &t->rows[t->list.sel] :
	                           NULL;

	(void)key;
	if (ui_list_nav(&t->list, a, t->page))
		return UI_DONE;
	switch (a) {
	case ACT_BACK: return UI_POP;
	case ACT_QUIT: return UI_QUIT;
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

static void close_view(struct ui_view *v)
{
	free(v->priv);
}

const struct ui_view_ops orders_view = {
	.name = "maintenance orders",
	.help = "Open maintenance orders: corrective (from a request or a "
	        "breakdown), preventive (from a PM plan) and condition (from "
	        "an alert). Start one, book parts and labor, mark it done; a "
	        "done order is signed off with your login and PIN, meaning the "
	        "machine is safe to run. Only maintenance technicians sign.",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_ANDON, ACT_INSTR, ACT_NONE, ACT_LOAD, ACT_QUIT },
	.reload = reload,
	.draw = draw,
	.action = action,
	.bar_label = bar_label,
	.close = close_view,
};

void orders_push(struct mnt *m)
{
	struct mol *t = calloc(1, sizeof *t);

	if (!t) {
		ui_msg(m->app, 1, "out of memory");
		return;
	}
	ui_push(m->app, &orders_view, t);
}
