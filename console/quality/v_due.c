/*
 * The home screen: inspections due now, most overdue first, with the
 * count of open SPC alarms and non-conformances in the footer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qual.h"

#define MAX_DUE 300

struct due {
	struct mes_qdue v[MAX_DUE];
	struct ui_list list;
	int alarms, ncs;
	int gauges;              /* overdue or failed */
};

static int take(const struct mes_qdue *d, void *ctx)
{
	struct due *u = ctx;

	return ui_list_take(&u->list, u->v, sizeof *d, MAX_DUE, d);
}

static int count_nc(const struct mes_nc *n, void *ctx)
{
	(void)n;
	(*(int *)ctx)++;
	return 0;
}

/* Gauges overdue or failed: to calibrate before they measure again. */
static int count_gauge(const struct mes_gauge *g, void *ctx)
{
	if (!strcmp(g->state, "overdue") || !strcmp(g->state, "failed"))
		(*(int *)ctx)++;
	return 0;
}

static int reload(struct ui_view *v)
{
	struct qual *q = ui_ctx(v->app);
	struct due *u = v->priv;

	u->list.count = 0;
	u->ncs = 0;
	if (mes_quality_due(q->db, take, u) != MES_OK)
		return qual_fail(q, "due list");
	mes_quality_alarm_count(q->db, NULL, &u->alarms);
	mes_nc_each(q->db, 0, count_nc, &u->ncs);
	u->gauges = 0;
	mes_gauge_each(q->db, count_gauge, &u->gauges);
	return ui_list_loaded(&u->list);
}

/* A receipt by its lot, an operation by its traveler. */
static void due_what(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_qdue *d = row;

	(void)ctx;
	if (d->lot_no[0])
		snprintf(buf, n, "lot %s", d->lot_no);
	else
		snprintf(buf, n, "%s/%d", d->wo_no, d->seq);
}

static void due_since(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%.16s", ((const struct mes_qdue *)row)->due_since);
}

static const struct ui_col due_cols[] = {
	{ "PLAN", 10, UI_LEFT, UI_FIELD(struct mes_qdue, plan) },
	{ "ITEM", 11, UI_LEFT, UI_FIELD(struct mes_qdue, item_no) },
	{ "LOT / OPERATION", 22, UI_LEFT, .get = due_what },
	{ "WC", 8, UI_LEFT, UI_FIELD(struct mes_qdue, wc), .dash = 1 },
	{ "DUE SINCE", 17, UI_LEFT, .get = due_since },
	{ "WHY", 0, UI_LEFT, UI_FIELD(struct mes_qdue, reason) },
	{ NULL },
};

static const struct ui_table due_table = {
	.cols = due_cols, .row_size = sizeof(struct mes_qdue),
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct due *u = v->priv;
	char foot[160];

	ui_table_draw(&due_table, &u->list, u->v, NULL, top,
	              rows - 1, cols);
	if (!u->list.count)
		crt_put(top + 2, 2, cols - 4, "Nothing is due for inspection.",
		        crt_attr(CLR_DIM));
	if (u->gauges)
		snprintf(foot, sizeof foot, "%d due | %d SPC alarm%s | %d open "
		         "NC%s | %d gauge%s to calibrate | Enter: inspect",
		         u->list.count, u->alarms, u->alarms == 1 ? "" : "s",
		         u->ncs, u->ncs == 1 ? "" : "s", u->gauges,
		         u->gauges == 1 ? "" : "s");
	else
		snprintf(foot, sizeof foot, "%d due  |  %d open SPC alarm%s  |  "
		         "%d open non-conformance%s  |  Enter: inspect",
		         u->list.count, u->alarms, u->alarms == 1 ? "" : "s",
		         u->ncs, u->ncs == 1 ? "" : "s");
	crt_put(top + rows - 1, 0, cols, foot, crt_attr(u->alarms ||
	        u->gauges ? CLR_ALARM : CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct qual *q = ui_ctx(v->app);
	struct due *u = v->priv;
	const struct mes_qdue *d = u->list.count ? &u->v[u->list.sel] : NULL;

	(void)key;
	if (ui_list_nav(&u->list, a, u->list.page))
		return UI_DONE;
	switch (a) {
	case ACT_QUIT: return UI_QUIT;
	case ACT_LOGOUT:
		ui_prog_logout(q->prog);
		return UI_DONE;
	case ACT_ANDON: alarm_push(q); return UI_DONE;
	case ACT_GANTT: nc_push(q); return UI_DONE;
	case ACT_LOAD: chars_push(q, NULL); return UI_DONE;
	case ACT_START:
	case ACT_OPEN:
		if (!d) {
			ui_msg(v->app, 1, "nothing due is selected");
			return UI_DONE;
		}
		return inspect_entry(q, d);
	case ACT_REPORT:
		if (d)
			chars_push(q, d->plan);
		return UI_DONE;
	default: return 0;
	}
}

/* A traveler or a lot label scanned here finds what is due for it: the
 * inspector scans the part's paper instead of looking for its line. */
static int scan(struct ui_view *v, const char *text)
{
	struct qual *q = ui_ctx(v->app);
	struct due *u = v->priv;
	char wo[33] = "";
	int seq = 0, i, trav;

	trav = mes_traveler_parse(text, wo, sizeof wo, &seq) == MES_OK;
	for (i = 0; i < u->list.count; i++) {
		const struct mes_qdue *d = &u->v[i];

		if ((trav && !strcmp(d->wo_no, wo) && d->seq == seq) ||
		    (!trav && d->lot_no[0] && !strcmp(d->lot_no, text))) {
			u->list.sel = i;
			return inspect_entry(q, d);
		}
	}
	if (trav)
		ui_msg(v->app, 1, "nothing is due for %s/%d now: no inspection "
		       "plan has come round for it", wo, seq);
	else
		ui_msg(v->app, 1, "nothing is due for \"%s\": scan a "
		       "traveler (WO/OP) or a lot label", text);
	return UI_DONE;
}

static const struct ui_view_ops due_view = {
	.name = "due",
	.help = "Inspections due now: quarantined receipts with a receiving "
	        "plan, and running operations whose plan's frequency has come "
	        "round (first piece, every N units, every H hours), oldest "
	        "first. Check (or scanning the traveler or lot label) opens "
	        "the entry form: values are checked as "
	        "typed and an out-of-specification value is flagged at once "
	        "and needs a comment.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_REPORT, ACT_NONE,
	         ACT_ANDON, ACT_NONE, ACT_GANTT, ACT_LOAD, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_INSPECT | MES_CH_QPLAN | MES_CH_NC | MES_CH_SPC |
	         MES_CH_ORDER | MES_CH_OP | MES_CH_LOT | MES_CH_MASTER,
	.draw = draw,
	.action = action,
	.scan = scan,
	.close = ui_free_priv,
};

int due_push(struct qual *q)
{
	return ui_push_new(q->app, &due_view, sizeof(struct due)) ? 0 : -1;
}
