/*
 * The asset tree with live states: what the collector last saw of each
 * machine, its PLC's link and an open breakdown.  The line above counts
 * what waits for maintenance.  A machine that goes down while the screen
 * is open is named on the message line with the offer to reschedule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "maint.h"
#include "quality.h"
#include "schedule.h"

#define MAX_ASSETS 500

struct tree {
	struct mes_asset rows[MAX_ASSETS];
	struct ui_list list;
	int loaded;
	long long unassigned, open_mo, pm_due, alerts;
	long long gauges;        /* due within 7 days, overdue or failed */
	long long tools;         /* past their warning or at their limit */
	long long was_down[MAX_ASSETS];     /* downtime ids seen open */
	int nwas;
	char down_asset[33];                /* the last one that went down */
};

static int take(const struct mes_asset *a, void *ctx)
{
	struct tree *t = ctx;

	return ui_list_take(&t->list, t->rows, sizeof *a, MAX_ASSETS, a);
}

static int count_mo(const struct mes_mo *o, void *ctx)
{
	(void)o;
	(*(long long *)ctx)++;
	return 0;
}

static int count_pm(const struct mes_pm_due *p, void *ctx)
{
	if (p->due && !p->open_mo[0])
		(*(long long *)ctx)++;
	return 0;
}

static int count_alert(const struct mes_alert *a, void *ctx)
{
	(void)a;
	(*(long long *)ctx)++;
	return 0;
}

static int seen_down(const struct tree *t, long long id)
{
	int i;

	for (i = 0; i < t->nwas; i++)
		if (t->was_down[i] == id)
			return 1;
	return 0;
}

/* New breakdowns since the last look: offer a new plan. */
static void note_breakdowns(struct ui_view *v, struct tree *t)
{
	struct mnt *m = ui_ctx(v->app);
	long long now[MAX_ASSETS];
	int i, n = 0;

	for (i = 0; i < t->list.count; i++) {
		const struct mes_asset *a = &t->rows[i];

		if (!a->open_downtime)
			continue;
		now[n++] = a->open_downtime;
		if (t->loaded && !seen_down(t, a->open_downtime)) {
			snprintf(t->down_asset, sizeof t->down_asset, "%s",
			         a->code);
			ui_msg(v->app, 1, "%s went down%s%s: %s", a->code,
			       a->state_reason[0] ? ": " : "", a->state_reason,
			       mes_schedule_allowed(m->db) ? "g reschedules the "
			       "plant" : "tell the lead, who replans");
		}
	}
	memcpy(t->was_down, now, (size_t)n * sizeof now[0]);
	t->nwas = n;
	t->loaded = 1;
}

static int count_gauge(const struct mes_gauge *g, void *ctx)
{
	if (strcmp(g->state, "ok") && strcmp(g->state, "retired"))
		(*(long long *)ctx)++;
	return 0;
}

static int count_tool(const struct mes_tool *t, void *ctx)
{
	if (t->warned || t->spent)
		(*(long long *)ctx)++;
	return 0;
}

static int reload(struct ui_view *v)
{
	struct mnt *m = ui_ctx(v->app);
	struct tree *t = v->priv;

	ui_list_refill(&t->list, t->rows, sizeof t->rows[0],
	               offsetof(struct mes_asset, id), UI_LLONG);
	if (mes_asset_each(m->db, take, t) != MES_OK)
		return mnt_fail(m, "assets");
	t->unassigned = mes_downtime_unassigned_count(m->db);
	t->open_mo = t->pm_due = t->alerts = 0;
	mes_mo_each(m->db, 1, count_mo, &t->open_mo);
	mes_pm_each(m->db, NULL, count_pm, &t->pm_due);
	mes_alert_each(m->db, 1, count_alert, &t->alerts);
	t->gauges = 0;
	mes_gauge_each(m->db, count_gauge, &t->gauges);
	t->tools = 0;
	mes_tool_each(m->db, 0, count_tool, &t->tools);
	note_breakdowns(v, t);
	return ui_list_loaded(&t->list);
}

static int asset_attr(const void *row, void *ctx)
{
	const struct mes_asset *a = row;

	(void)ctx;
	if (a->open_downtime || !strcmp(a->state, "down"))
		return crt_attr(CLR_ALARM);
	if (!strcmp(a->state, "offline") || (a->plc[0] && !a->plc_online))
		return crt_attr(CLR_DIM);
	if (!strcmp(a->state, "running"))
		return crt_attr(CLR_RUNNING);
	return crt_attr(CLR_NORMAL);
}

/* The tree as indentation. */
static void asset_code(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_asset *a = row;

	(void)ctx;
	snprintf(buf, n, "%*s%s", a->depth * 2, "", a->code);
}

/* Only a machine has a state the collector reads. */
static void asset_state(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_asset *a = row;

	(void)ctx;
	snprintf(buf, n, "%s", strcmp(a->kind, "machine") ? "-" : a->state);
}

static void asset_plc(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_asset *a = row;

	(void)ctx;
	snprintf(buf, n, "%s", a->plc[0] ? (a->plc_online ? a->plc :
	         "OFFLINE") : "-");
}

static void asset_reason(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_asset *a = row;

	(void)ctx;
	snprintf(buf, n, "%s", a->open_downtime && !a->state_reason[0] ?
	         "DOWN" : a->state_reason);
}

static const struct ui_col asset_cols[] = {
	{ "ASSET", 20, UI_LEFT, .get = asset_code },
	{ "KIND", 9, UI_LEFT, UI_FIELD(struct mes_asset, kind) },
	{ "WORK CTR", 8, UI_LEFT, UI_FIELD(struct mes_asset, wc), .dash = 1 },
	{ "STATE", 8, UI_LEFT, .get = asset_state },
	{ "PLC", 14, UI_LEFT, .get = asset_plc },
	{ "REASON", 0, UI_LEFT, .get = asset_reason },
	{ NULL },
};

static const struct ui_table asset_table = {
	.cols = asset_cols, .row_size = sizeof(struct mes_asset),
	.row_attr = asset_attr,
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	char hint[160];
	struct tree *t = v->priv;
	char line[256];

	if (t->gauges || t->tools) {
		size_t k = (size_t)snprintf(line, sizeof line, "No reason: %lld  "
		            "Open orders: %lld  PM due: %lld  Alerts: %lld",
		            t->unassigned, t->open_mo, t->pm_due, t->alerts);

		if (t->gauges)
			k += (size_t)snprintf(line + k, sizeof line - k,
			                      "  Gauges due: %lld", t->gauges);
		if (t->tools)
			snprintf(line + k, sizeof line - k, "  Tools worn: %lld",
			         t->tools);
	} else
		snprintf(line, sizeof line, "Downtime without reason: %lld   Open "
		         "orders: %lld   PM due: %lld   Alerts: %lld", t->unassigned,
		         t->open_mo, t->pm_due, t->alerts);
	crt_put(top, 0, cols, line, crt_attr(t->unassigned || t->alerts ?
	        CLR_ALARM : CLR_NORMAL));
	ui_table_draw(&asset_table, &t->list, t->rows, NULL, top + 1,
	              rows - 2, cols);
	if (!t->list.count)
		crt_put(top + 3, 2, cols - 4, "No assets yet: mesctl asset add.",
		        crt_attr(CLR_DIM));
	ui_key_hint(v, 0, hint, sizeof hint);
	crt_put(top + rows - 1, 0, cols, hint, crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct mnt *m = ui_ctx(v->app);
	struct tree *t = v->priv;
	const struct mes_asset *sel = t->list.count ?
	                              &t->rows[t->list.sel] : NULL;

	(void)key;
	if (ui_list_nav(&t->list, a, t->list.page))
		return UI_DONE;
	switch (a) {
	case ACT_QUIT: return UI_QUIT;
	case ACT_OPEN: return sel ? mnt_reliability(m, sel) : UI_DONE;
	case ACT_START: downtime_push(m); return UI_DONE;
	case ACT_PAUSE: orders_push(m); return UI_DONE;
	case ACT_REPORT: return sel ? mnt_request(m, sel->code) : UI_DONE;
	case ACT_TOOL:
		ui_tool_mount(v->app, m->db, sel ? sel->wc : NULL);
		return UI_DONE | UI_RELOAD;
	case ACT_COMPLETE: pm_push(m); return UI_DONE;
	case ACT_ANDON: alerts_push(m); return UI_DONE;
	case ACT_GANTT:
		return mnt_reschedule(m, t->down_asset[0] ? t->down_asset :
		                      sel ? sel->code : "");
	case ACT_LOGOUT:
		ui_prog_logout(m->prog);
		return UI_DONE;
	default:
		return 0;
	}
}

/* Replan is offered only to those who may run it. */
static const char *bar_label(struct ui_view *v, enum ui_action a)
{
	return a == ACT_GANTT && !mes_schedule_allowed(((struct mnt *)
	       ui_ctx(v->app))->db) ? "" : NULL;
}

static const struct ui_view_ops assets_view = {
	.name = "assets",
	.help = "The plant's assets as a tree (site, line, machine, "
	        "component) with the state the collector last read from each "
	        "machine's PLC. A machine that is down is shown as an alarm; "
	        "one whose PLC does not answer shows OFFLINE.",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_ANDON, ACT_NONE, ACT_GANTT, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_ASSET | MES_CH_DOWNTIME | MES_CH_MAINT |
	         MES_CH_CONDITION | MES_CH_WC | MES_CH_USER,
	.draw = draw,
	.action = action,
	.bar_label = bar_label,
	.close = ui_free_priv,
};

void assets_push(struct mnt *m)
{
	struct tree *t = calloc(1, sizeof *t);

	if (!t)
		crt_fatal("mes-maint: out of memory");
	ui_push(m->app, &assets_view, t);
}
