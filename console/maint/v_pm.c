/*
 * PM plans with what is due (s opens preventive orders for them), and
 * condition alerts with the order each proposed (s acknowledges).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "maint.h"

#define MAX_ROWS 300

struct pml {
	struct mes_pm_due rows[MAX_ROWS];
	struct ui_list list;
	int page;
};

static int take_pm(const struct mes_pm_due *p, void *ctx)
{
	struct pml *t = ctx;

	t->rows[t->list.count++] = *p;
	return t->list.count >= MAX_ROWS;
}

static int pm_reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct pml *t = v->priv;

	t->list.count = 0;
	if (mes_pm_each(m->db, NULL, take_pm, t) != MES_OK)
		return mnt_fail(m, "PM plans");
	ui_list_clamp(&t->list, t->page > 0 ? t->page : 1);
	return 0;
}

static void pm_draw(struct ui_view *v, int top, int rows, int cols)
{
	struct pml *t = v->priv;
	char line[300], every[32], due[24];
	int i;

	crt_put(top, 0, cols, "ASSET      PLAN                     EVERY       "
	        " DUE AT / CYCLES     ORDER", crt_attr(CLR_HEADER));
	t->page = rows - 2;
	ui_list_clamp(&t->list, t->page);
	for (i = 0; i < t->page && t->list.top + i < t->list.count; i++) {
		const struct mes_pm_due *p = &t->rows[t->list.top + i];
		int sel = t->list.top + i == t->list.sel;

		if (p->every_days && p->every_cycles)
			snprintf(every, sizeof every, "%dd/%ldc", p->every_days,
			         p->every_cycles);
		else if (p->every_days)
			snprintf(every, sizeof every, "%d days", p->every_days);
		else
			snprintf(every, sizeof every, "%ld cyc", p->every_cycles);
		if (p->due_ts[0])
			snprintf(due, sizeof due, "%.10s", p->due_ts);
		else
			snprintf(due, sizeof due, "%.0f cyc", p->cycles_since);
		snprintf(line, sizeof line, "%-10.10s %-24.24s %-12.12s %-10s "
		         "%-8s %s", p->asset, p->name, every, due, p->due ?
		         "DUE" : "", p->open_mo);
		crt_put(top + 1 + i, 0, cols, line, crt_attr(sel ? CLR_SELECTED
		        : p->due && !p->open_mo[0] ? CLR_ALARM : CLR_NORMAL));
	}
	if (!t->list.count)
		crt_put(top + 2, 2, cols - 4, "No PM plans.", crt_attr(CLR_DIM));
	crt_put(top + rows - 1, 0, cols, "s open orders for every due plan  "
	        "Esc back", crt_attr(CLR_DIM));
}

static int pm_action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	struct pml *t = v->priv;
	int n = 0;

	(void)key;
	if (ui_list_nav(&t->list, a, t->page))
		return UI_DONE;
	switch (a) {
	case ACT_BACK: return UI_POP;
	case ACT_QUIT: return UI_QUIT;
	case ACT_START:
		if (mes_pm_generate(m->db, NULL, &n) != MES_OK)
			return mnt_fail(m, "PM");
		ui_msg(v->app, 0, "%d preventive order%s opened", n,
		       n == 1 ? "" : "s");
		return UI_DONE | UI_RELOAD;
	default:
		return 0;
	}
}

static void close_view(struct ui_view *v)
{
	free(v->priv);
}

const struct ui_view_ops pm_view = {
	.name = "PM plans",
	.help = "Preventive maintenance plans: due every so many days or "
	        "machine cycles (counted by the PLC), whichever comes first. "
	        "A due plan without an open order shows in alarm colours; s "
	        "opens one preventive order for each. Signing an order off "
	        "restarts its plan.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = pm_reload,
	.draw = pm_draw,
	.action = pm_action,
	.close = close_view,
};

void pm_push(struct mnt *m)
{
	struct pml *t = calloc(1, sizeof *t);

	if (t)
		ui_push(m->app, &pm_view, t);
}

struct all {
	struct mes_alert rows[MAX_ROWS];
	struct ui_list list;
	int page;
};

static int take_alert(const struct mes_alert *x, void *ctx)
{
	struct all *t = ctx;

	t->rows[t->list.count++] = *x;
	return t->list.count >= MAX_ROWS;
}

static int al_reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct all *t = v->priv;

	t->list.count = 0;
	if (mes_alert_each(m->db, 1, take_alert, t) != MES_OK)
		return mnt_fail(m, "alerts");
	ui_list_clamp(&t->list, t->page > 0 ? t->page : 1);
	return 0;
}

static void al_draw(struct ui_view *v, int top, int rows, int cols)
{
	struct all *t = v->priv;
	char line[256];
	int i;

	crt_put(top, 0, cols, "   ID ASSET      SIGNAL   METHOD  VALUE     "
	        "LIMIT     AT               ORDER", crt_attr(CLR_HEADER));
	t->page = rows - 2;
	ui_list_clamp(&t->list, t->page);
	for (i = 0; i < t->page && t->list.top + i < t->list.count; i++) {
		const struct mes_alert *x = &t->rows[t->list.top + i];

		snprintf(line, sizeof line, "%5lld %-10.10s %-8.8s %-7.7s %-9.4g"
		         " %-9.4g %.10s %.5s %s", x->id, x->asset, x->signal,
		         x->method, x->value, x->threshold, x->ts, x->ts + 11,
		         x->mo_no);
		crt_put(top + 1 + i, 0, cols, line, crt_attr(t->list.top + i ==
		        t->list.sel ? CLR_SELECTED : CLR_ALARM));
	}
	if (!t->list.count)
		crt_put(top + 2, 2, cols - 4, "No open condition alerts.",
		        crt_attr(CLR_DIM));
	crt_put(top + rows - 1, 0, cols, "s acknowledge (the monitor starts "
	        "again)  Esc back", crt_attr(CLR_DIM));
}

static int al_action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	struct all *t = v->priv;

	(void)key;
	if (ui_list_nav(&t->list, a, t->page))
		return UI_DONE;
	switch (a) {
	case ACT_BACK: return UI_POP;
	case ACT_QUIT: return UI_QUIT;
	case ACT_START:
		if (!t->list.count)
			return UI_DONE;
		if (mes_alert_ack(m->db, t->rows[t->list.sel].id) != MES_OK)
			return mnt_fail(m, "acknowledge");
		ui_msg(v->app, 0, "alert %lld acknowledged",
		       t->rows[t->list.sel].id);
		return UI_DONE | UI_RELOAD;
	default:
		return 0;
	}
}

const struct ui_view_ops alerts_view = {
	.name = "condition alerts",
	.help = "A monitored signal (temperature, vibration, current) whose "
	        "EWMA or CUSUM crossed its limit: each alert proposed a "
	        "condition order (see the orders). Acknowledge it once seen.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = al_reload,
	.draw = al_draw,
	.action = al_action,
	.close = close_view,
};

void alerts_push(struct mnt *m)
{
	struct all *t = calloc(1, sizeof *t);

	if (t)
		ui_push(m->app, &alerts_view, t);
}
