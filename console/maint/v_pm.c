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
};

static int take_pm(const struct mes_pm_due *p, void *ctx)
{
	struct pml *t = ctx;

	return ui_list_take(&t->list, t->rows, sizeof *p, MAX_ROWS, p);
}

static int pm_reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct pml *t = v->priv;

	ui_list_refill(&t->list, t->rows, sizeof t->rows[0],
	               offsetof(struct mes_pm_due, id), UI_LLONG);
	if (mes_pm_each(m->db, NULL, take_pm, t) != MES_OK)
		return mnt_fail(m, "PM plans");
	return ui_list_loaded(&t->list);
}

static void pm_every(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_pm_due *p = row;

	(void)ctx;
	if (p->every_days && p->every_cycles)
		snprintf(buf, n, "%dd/%ldc", p->every_days, p->every_cycles);
	else if (p->every_days)
		snprintf(buf, n, "%d days", p->every_days);
	else
		snprintf(buf, n, "%ld cyc", p->every_cycles);
}

static void pm_due_at(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_pm_due *p = row;

	(void)ctx;
	if (p->due_ts[0])
		snprintf(buf, n, "%.10s", p->due_ts);
	else
		snprintf(buf, n, "%.0f cyc", p->cycles_since);
}

static void pm_due(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%s", ((const struct mes_pm_due *)row)->due ? "DUE" :
	         "");
}

/* A due plan nobody has opened an order for waits for someone. */
static int pm_attr(const void *row, void *ctx)
{
	const struct mes_pm_due *p = row;

	(void)ctx;
	return crt_attr(p->due && !p->open_mo[0] ? CLR_ALARM : CLR_NORMAL);
}

static const struct ui_col pm_cols[] = {
	{ "ASSET", 10, UI_LEFT, UI_FIELD(struct mes_pm_due, asset) },
	{ "EVERY", 12, UI_LEFT, .get = pm_every },
	{ "DUE AT / CYCLES", 10, UI_LEFT, .get = pm_due_at },
	{ "", 8, UI_LEFT, .get = pm_due },
	{ "ORDER", 9, UI_LEFT, UI_FIELD(struct mes_pm_due, open_mo) },
	/* last: the name takes what the line has left, whole at 80 */
	{ "PLAN", 0, UI_LEFT, UI_FIELD(struct mes_pm_due, name) },
	{ NULL },
};

static const struct ui_table pm_table = {
	.cols = pm_cols, .row_size = sizeof(struct mes_pm_due),
	.row_attr = pm_attr,
};

static void pm_draw(struct ui_view *v, int top, int rows, int cols)
{
	char hint[160];
	struct pml *t = v->priv;

	ui_table_draw(&pm_table, &t->list, t->rows, NULL, top,
	              rows - 1, cols);
	if (!t->list.count)
		crt_put(top + 2, 2, cols - 4, "No PM plans.", crt_attr(CLR_DIM));
	ui_key_hint(v, 1, hint, sizeof hint);
	crt_put(top + rows - 1, 0, cols, hint, crt_attr(CLR_DIM));
}

static int pm_action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	int n = 0;

	(void)key;
	switch (a) {
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

static const struct ui_view_ops pm_view = {
	.name = "PM plans",
	.help = "Preventive maintenance plans: due every so many days or "
	        "machine cycles (counted by the PLC), whichever comes first. "
	        "A due plan without an open order shows in alarm colours; s "
	        "opens one preventive order for each. Signing an order off "
	        "restarts its plan.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = pm_reload,
	.watch = MES_CH_MAINT | MES_CH_ASSET | MES_CH_MACHDATA,
	.draw = pm_draw,
	.action = pm_action,
	.list = UI_LIST_AT(struct pml, list),
	.close = ui_free_priv,
};

void pm_push(struct mnt *m)
{
	ui_push_new(m->app, &pm_view, sizeof(struct pml));
}

struct all {
	struct mes_alert rows[MAX_ROWS];
	struct ui_list list;
};

static int take_alert(const struct mes_alert *x, void *ctx)
{
	struct all *t = ctx;

	return ui_list_take(&t->list, t->rows, sizeof *x, MAX_ROWS, x);
}

static int al_reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct all *t = v->priv;

	ui_list_refill(&t->list, t->rows, sizeof t->rows[0],
	               offsetof(struct mes_alert, id), UI_LLONG);
	if (mes_alert_each(m->db, 1, take_alert, t) != MES_OK)
		return mnt_fail(m, "alerts");
	return ui_list_loaded(&t->list);
}

static void al_value(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%.4g", ((const struct mes_alert *)row)->value);
}

static void al_limit(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%.4g", ((const struct mes_alert *)row)->threshold);
}

static void al_at(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_alert *x = row;

	(void)ctx;
	snprintf(buf, n, "%.10s %.5s", x->ts, x->ts + 11);
}

/* Every open alert waits for someone to look at it. */
static int al_attr(const void *row, void *ctx)
{
	(void)row;
	(void)ctx;
	return crt_attr(CLR_ALARM);
}

static const struct ui_col al_cols[] = {
	{ "ID", 5, UI_RIGHT, UI_LLF(struct mes_alert, id) },
	{ "ASSET", 10, UI_LEFT, UI_FIELD(struct mes_alert, asset) },
	{ "SIGNAL", 8, UI_LEFT, UI_FIELD(struct mes_alert, signal) },
	{ "METHOD", 7, UI_LEFT, UI_FIELD(struct mes_alert, method) },
	{ "VALUE", 9, UI_LEFT, .get = al_value },
	{ "LIMIT", 9, UI_LEFT, .get = al_limit },
	{ "AT", 16, UI_LEFT, .get = al_at },
	{ "ORDER", 0, UI_LEFT, UI_FIELD(struct mes_alert, mo_no) },
	{ NULL },
};

static const struct ui_table al_table = {
	.cols = al_cols, .row_size = sizeof(struct mes_alert),
	.row_attr = al_attr,
};

static void al_draw(struct ui_view *v, int top, int rows, int cols)
{
	char hint[160];
	struct all *t = v->priv;

	ui_table_draw(&al_table, &t->list, t->rows, NULL, top,
	              rows - 1, cols);
	if (!t->list.count)
		crt_put(top + 2, 2, cols - 4, "No open condition alerts.",
		        crt_attr(CLR_DIM));
	ui_key_hint(v, 1, hint, sizeof hint);
	crt_put(top + rows - 1, 0, cols, hint, crt_attr(CLR_DIM));
}

static int al_action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	struct all *t = v->priv;

	(void)key;
	switch (a) {
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

static const struct ui_view_ops alerts_view = {
	.name = "condition alerts",
	.help = "A monitored signal (temperature, vibration, current) whose "
	        "EWMA or CUSUM crossed its limit: each alert proposed a "
	        "condition order (see the orders). Acknowledge it once seen.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = al_reload,
	.watch = MES_CH_CONDITION | MES_CH_ASSET | MES_CH_USER,
	.draw = al_draw,
	.action = al_action,
	.list = UI_LIST_AT(struct all, list),
	.close = ui_free_priv,
};

void alerts_push(struct mnt *m)
{
	ui_push_new(m->app, &alerts_view, sizeof(struct all));
}
