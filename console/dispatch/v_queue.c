/*
 * One work center's queue: what runs now, then what comes next in
 * schedule order.  The operation actions work on the selected line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"

#define MAX_OPS 400

struct queue {
	char wc[33];
	long long wc_id;         /* known once the queue had a row */
	char want_wo[33];
	int want_seq;
	struct mes_board_op ops[MAX_OPS];
	struct ui_list list;
};

static int take_op(const struct mes_board_op *op, void *ctx)
{
	struct queue *q = ctx;

	return ui_list_take(&q->list, q->ops, sizeof *op, MAX_OPS, op);
}

static int reload(struct ui_view *v)
{
	struct disp *d = ui_ctx(v->app);
	struct queue *q = v->priv;
	char keep_wo[33] = "";
	int keep_seq = 0, i;

	/* Stay on the same operation when the rows move under it. */
	if (q->want_wo[0]) {
		snprintf(keep_wo, sizeof keep_wo, "%s", q->want_wo);
		keep_seq = q->want_seq;
		q->want_wo[0] = 0;
	} else if (q->list.count) {
		snprintf(keep_wo, sizeof keep_wo, "%s", q->ops[q->list.sel].wo_no);
		keep_seq = q->ops[q->list.sel].seq;
	}
	ui_list_refill(&q->list, q->ops, sizeof q->ops[0],
	               offsetof(struct mes_board_op, id), UI_LLONG);
	if (mes_board_queue(d->db, q->wc, MAX_OPS, take_op, q) != MES_OK)
		return disp_fail(d, "queue");
	for (i = 0; i < q->list.count; i++)
		if (!strcmp(q->ops[i].wo_no, keep_wo) && q->ops[i].seq == keep_seq)
			q->list.sel = i;
	if (q->list.count)
		q->wc_id = q->ops[0].wc_id;
	return ui_list_loaded(&q->list);
}

/* Another process's change: this queue is read again only when the
 * change touched its work center (or the journal cannot say). */
static int update(struct ui_view *v, const struct mes_changes *c)
{
	struct queue *q = v->priv;

	if (!q->wc_id || mes_changes_wc(c, q->wc_id) ||
	    (c->kinds & (MES_CH_WC | MES_CH_MASTER | MES_CH_USER |
	                 MES_CH_SCHEDULE)))
		return reload(v);
	return 0;
}

static int state_attr(const void *row, void *ctx)
{
	(void)ctx;
	switch (((const struct mes_board_op *)row)->state) {
	case MES_OPS_RUNNING: return crt_attr(CLR_RUNNING);
	case MES_OPS_BLOCKED:
	case MES_OPS_WAITING: return crt_attr(CLR_BLOCKED);
	case MES_OPS_PAUSED: return crt_attr(CLR_DIM);
	default: return crt_attr(CLR_NORMAL);
	}
}

static int late_attr(const void *row, void *ctx)
{
	(void)ctx;
	return crt_attr(((const struct mes_board_op *)row)->late ? CLR_LATE :
	                CLR_NORMAL);
}

static void op_state(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%s", mes_op_state_name(((const struct mes_board_op *)
	         row)->state));
}

static void op_done(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_board_op *op = row;

	(void)ctx;
	snprintf(buf, n, "%6g/%-6g", op->good, op->qty);
}

/* ! marks late work. */
static void op_due(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_board_op *op = row;

	(void)ctx;
	snprintf(buf, n, "%c%s", op->late ? '!' : ' ', op->due);
}

/* The newest simulation's chance the order is on time; blank without
 * one.  100 only when every run was. */
static void op_risk(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_board_op *op = row;
	int pct = (int)(op->on_time * 100);

	(void)ctx;
	if (op->on_time < 0)
		buf[0] = 0;
	else
		snprintf(buf, n, "%d", pct == 100 && op->on_time < 1 ? 99 : pct);
}

static int risk_attr(const void *row, void *ctx)
{
	const struct mes_board_op *op = row;

	(void)ctx;
	return crt_attr(op->on_time >= 0 && op->on_time < 0.5 ? CLR_LATE :
	                CLR_NORMAL);
}

static void op_plan(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_board_op *op = row;

	(void)ctx;
	snprintf(buf, n, "%.5s", op->plan_start[0] ? op->plan_start + 11 : "");
}

static const struct ui_col op_cols[] = {
	{ "ORDER", 10, UI_LEFT, UI_FIELD(struct mes_board_op, wo_no) },
	{ "OP", 3, UI_RIGHT, UI_INTF(struct mes_board_op, seq) },
	{ "ITEM", 11, UI_LEFT, UI_FIELD(struct mes_board_op, item_no) },
	{ "STATE", 8, UI_LEFT, .get = op_state, .attr = state_attr },
	/* The slash over the values' slashes. */
	{ " DONE/QTY", 13, UI_LEFT, .get = op_done, .attr = late_attr },
	{ " DUE", 11, UI_LEFT, .get = op_due, .attr = late_attr },
	{ "OT%", 3, UI_RIGHT, .get = op_risk, .attr = risk_attr },
	{ "PLAN", 5, UI_LEFT, .get = op_plan, .attr = late_attr },
	{ "OPERATOR", 0, UI_LEFT, UI_FIELD(struct mes_board_op, operators),
	  .attr = late_attr },
	{ NULL },
};

static const struct ui_table op_table = {
	.cols = op_cols, .row_size = sizeof(struct mes_board_op),
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct queue *q = v->priv;
	char foot[160];

	ui_table_draw(&op_table, &q->list, q->ops, NULL, top,
	              rows - 1, cols);
	if (!q->list.count)
		crt_put(top + 2, 2, cols - 4, "Nothing queued here.",
		        crt_attr(CLR_DIM));
	snprintf(foot, sizeof foot, "%s: %d operation%s  Esc: board  "
	         "Enter: details", q->wc, q->list.count,
	         q->list.count == 1 ? "" : "s");
	crt_put(top + rows - 1, 0, cols, foot, crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct disp *d = ui_ctx(v->app);
	struct queue *q = v->priv;
	const struct mes_board_op *op = q->list.count ? &q->ops[q->list.sel] :
	                                NULL;

	(void)key;
	if (a == ACT_ANDON)
		return andon_raise(d, q->wc);
	if (a == ACT_CLEAN)
		return op_clean(d, q->wc);
	if (a == ACT_TOOL)
		return ui_tool_mount(v->app, d->db, q->wc) ? UI_DONE | UI_RELOAD :
		       UI_DONE;
	if (a == ACT_GANTT) {
		gantt_push(d);
		return UI_DONE;
	}
	if (!op) {
		if (a != ACT_NONE)
			ui_msg(v->app, 1, "no operation selected");
		return a != ACT_NONE ? UI_DONE : 0;
	}
	switch (a) {
	case ACT_START: return op_start(d, op);
	case ACT_PAUSE: return op_pause_resume(d, op);
	case ACT_CLOCK_OFF: return op_clock_off(d, op);
	case ACT_REPORT: return op_report(d, op);
	case ACT_COMPLETE: return op_complete(d, op);
	case ACT_INSTR: return op_instructions(d, op);
	case ACT_UNIT: return op_unit(d, op);
	case ACT_OPEN: op_details(d, op); return UI_DONE;
	default: return 0;
	}
}

static const char *bar_label(struct ui_view *v, enum ui_action a)
{
	struct queue *q = v->priv;

	if (a == ACT_PAUSE && q->list.count &&
	    q->ops[q->list.sel].state == MES_OPS_PAUSED)
		return "Resume";
	return NULL;
}

static const struct ui_view_ops queue_view = {
	.name = "queue",
	.help = "A work center's queue: running and paused operations first, "
	        "then the rest in schedule order (or priority, then due date)."
	        " Start clocks you on (on a running operation, beside whoever"
	        " is on it); o clocks you off. Report adds good and scrap "
	        "quantities "
	        "(scrap needs a reason). Done completes the operation; the "
	        "order completes with its last operation. OT% is the chance "
	        "the order is on time in the newest simulation (mesctl "
	        "simulate).",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_ANDON, ACT_INSTR, ACT_GANTT, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.update = update,
	/* A kept simulation (MES_CH_SCHEDULE) changes the OT% column. */
	.watch = MES_CH_ORDER | MES_CH_OP | MES_CH_LABOR | MES_CH_WC |
	         MES_CH_MASTER | MES_CH_USER | MES_CH_SCHEDULE,
	.draw = draw,
	.action = action,
	.list = UI_LIST_AT(struct queue, list),
	.bar_label = bar_label,
	.close = ui_free_priv,
};

void queue_push(struct disp *d, const char *wc, const char *wo_no, int seq)
{
	struct ui_view *top = ui_top(d->app);
	struct queue *q;

	/* A scan on a queue screen replaces it rather than piling up. */
	if (top && top->ops == &queue_view)
		ui_pop(d->app);
	if (!(q = ui_push_new(d->app, &queue_view, sizeof *q)))
		return;
	snprintf(q->wc, sizeof q->wc, "%s", wc);
	if (wo_no) {
		snprintf(q->want_wo, sizeof q->want_wo, "%s", wo_no);
		q->want_seq = seq;
	}
}
