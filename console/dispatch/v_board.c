/*
 * The board: every work center on one line with its state, queue, what
 * runs on it now (or comes next) and who is on it.  Enter opens a work
 * center's queue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"
#include "machine.h"
#include "quality.h"

#define MAX_WC 512

struct row {
	struct mes_wc_info wc;
	int spc_alarms;          /* unacknowledged SPC alarms here */
	struct mes_board_op next;
	int has_next;
};

struct board {
	struct row rows[MAX_WC];
	struct ui_list list;
	int late, calls;
	long long no_reason;     /* downtimes waiting for a reason */
};

static struct board board_data;

static int take_next(const struct mes_board_op *op, void *ctx)
{
	struct row *r = ctx;

	r->next = *op;
	r->has_next = 1;
	return 1;
}

static int take_wc(const struct mes_wc_info *wc, void *ctx)
{
	struct board *b = ctx;

	if (b->list.count >= MAX_WC)
		return 1;
	memset(&b->rows[b->list.count], 0, sizeof b->rows[0]);
	b->rows[b->list.count++].wc = *wc;
	return 0;
}

/* A line's next operation and alarms, after its work center changed. */
static void fill_row(struct disp *d, struct row *r)
{
	r->has_next = 0;
	mes_board_queue(d->db, r->wc.code, 1, take_next, r);
	mes_quality_alarm_count(d->db, r->wc.code, &r->spc_alarms);
}

static void totals(struct board *b)
{
	int i;

	b->late = 0;
	b->calls = 0;
	for (i = 0; i < b->list.count; i++) {
		b->late += b->rows[i].has_next && b->rows[i].next.late;
		b->calls += b->rows[i].wc.andon_open;
	}
}

static int reload(struct ui_view *v)
{
	struct disp *d = ui_ctx(v->app);
	struct board *b = &board_data;
	int i;

	ui_list_refill(&b->list, b->rows, sizeof b->rows[0],
	               offsetof(struct row, wc.code), UI_STR);
	if (mes_board_wcs(d->db, take_wc, b) != MES_OK)
		return disp_fail(d, "board");
	b->no_reason = mes_downtime_unassigned_count(d->db);
	for (i = 0; i < b->list.count; i++)
		fill_row(d, &b->rows[i]);
	totals(b);
	return 0;
}

/* Another process's change: only the lines of the work centers it
 * touched are read again (two point reads and the head of one queue
 * each), whatever the size of the plant. */
static int update(struct ui_view *v, const struct mes_changes *c)
{
	struct disp *d = ui_ctx(v->app);
	struct board *b = &board_data;
	int i;

	/* Lines come or go, or names change: the list is read again. */
	if (c->kinds & (MES_CH_WC | MES_CH_MASTER | MES_CH_USER))
		return reload(v);
	for (i = 0; i < b->list.count; i++) {
		struct row *r = &b->rows[i];

		if (mes_changes_wc(c, r->wc.id)) {
			if (mes_board_wc(d->db, r->wc.id, &r->wc) != MES_OK)
				return reload(v);
			fill_row(d, r);
		} else if (c->kinds & MES_CH_SPC) {
			mes_quality_alarm_count(d->db, r->wc.code,
			                        &r->spc_alarms);
		}
	}
	if (c->kinds & MES_CH_DOWNTIME)
		b->no_reason = mes_downtime_unassigned_count(d->db);
	totals(b);
	return 0;
}

/* What a work center is doing, in one word, from its queue. */
static const char *wc_state(const struct row *r, int *attr)
{
	*attr = crt_attr(CLR_NORMAL);
	if (r->wc.state[0] && strcmp(r->wc.state, "running") &&
	    strcmp(r->wc.state, "idle")) {
		*attr = crt_attr(CLR_ALARM);
		return r->wc.state;
	}
	if (r->wc.running) {
		*attr = crt_attr(CLR_RUNNING);
		return "running";
	}
	if (!r->has_next)
		return "no work";
	if (r->next.state == MES_OPS_BLOCKED || r->next.state == MES_OPS_WAITING) {
		*attr = crt_attr(CLR_BLOCKED);
		return mes_op_state_name(r->next.state);
	}
	return "idle";
}

static void state_text(const void *row, void *ctx, char *buf, size_t n)
{
	int attr;

	(void)ctx;
	snprintf(buf, n, "%s", wc_state(row, &attr));
}

static int state_attr(const void *row, void *ctx)
{
	int attr;

	(void)ctx;
	wc_state(row, &attr);
	return attr;
}

/* An andon call, then an SPC alarm: both wait for someone. */
static void andon_text(const void *row, void *ctx, char *buf, size_t n)
{
	const struct row *r = row;

	(void)ctx;
	snprintf(buf, n, "%s", r->wc.andon_open ? "CALL" : r->spc_alarms ?
	         "SPC" : "");
}

static int andon_attr(const void *row, void *ctx)
{
	const struct row *r = row;

	(void)ctx;
	return crt_attr(r->wc.andon_open || r->spc_alarms ? CLR_ALARM :
	                CLR_NORMAL);
}

static void next_text(const void *row, void *ctx, char *buf, size_t n)
{
	const struct row *r = row;

	(void)ctx;
	if (r->has_next)
		snprintf(buf, n, "%s%s/%d %s %g/%g %s", r->next.late ? "!" : "",
		         r->next.wo_no, r->next.seq, r->next.item_no,
		         r->next.good, r->next.qty, r->next.operators);
}

static int next_attr(const void *row, void *ctx)
{
	const struct row *r = row;

	(void)ctx;
	return crt_attr(r->has_next && r->next.late ? CLR_LATE : CLR_NORMAL);
}

static const struct ui_col wc_cols[] = {
	{ "WORK CENTER", 11, UI_LEFT, UI_FIELD(struct row, wc.code) },
	{ "", 22, UI_LEFT, UI_FIELD(struct row, wc.name), .min = 12 },
	{ "STATE", 8, UI_LEFT, .get = state_text, .attr = state_attr },
	{ "QUEUE", 5, UI_RIGHT, UI_INTF(struct row, wc.queued),
	  .attr = andon_attr },
	{ "RUN", 3, UI_RIGHT, UI_INTF(struct row, wc.running),
	  .attr = andon_attr },
	{ "ANDON", 5, UI_RIGHT, .get = andon_text, .attr = andon_attr },
	/* the order, its good of ordered and who is on it come before the
	 * work center's long name at 80 columns */
	{ "NOW / NEXT", 0, UI_LEFT, .get = next_text, .attr = next_attr,
	  .min = 40 },
	{ NULL },
};

static const struct ui_table wc_table = {
	.cols = wc_cols, .row_size = sizeof(struct row),
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct board *b = &board_data;
	char summary[128];

	(void)v;
	ui_table_draw(&wc_table, &b->list, b->rows, NULL, top,
	              rows - 1, cols);
	if (b->no_reason > 0)
		snprintf(summary, sizeof summary, "%d work centers, %d late next "
		         "(!), %d andon call%s, %lld downtime%s need%s a reason "
		         "(mes-maint)", b->list.count, b->late, b->calls,
		         b->calls == 1 ? "" : "s", b->no_reason,
		         b->no_reason == 1 ? "" : "s", b->no_reason == 1 ? "s" :
		         "");
	else
		snprintf(summary, sizeof summary, "%d work centers, %d with late "
		         "work next (!), %d andon call%s. Enter: queue  a: calls",
		         b->list.count, b->late, b->calls, b->calls == 1 ? "" :
		         "s");
	crt_put(top + rows - 1, 0, cols, summary, crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct disp *d = ui_ctx(v->app);
	struct board *b = &board_data;
	struct row *r = b->list.count ? &b->rows[b->list.sel] : NULL;

	(void)key;
	if (ui_list_nav(&b->list, a, b->list.page))
		return UI_DONE;
	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_OPEN:
		if (r)
			queue_push(d, r->wc.code, NULL, 0);
		return UI_DONE;
	case ACT_ANDON:
		andon_push(d, r ? r->wc.code : NULL);
		return UI_DONE;
	case ACT_GANTT:
		gantt_push(d);
		return UI_DONE;
	case ACT_LOAD:
		load_push(d);
		return UI_DONE;
	case ACT_LOGOUT:
		scenario_leave(d);
		ui_prog_logout(d->prog);
		return UI_DONE;
	case ACT_SCENARIO:
		return scenario_toggle(d);
	case ACT_JUMP:
		ui_msg(v->app, 0, "scan a traveler (or type WO/OP and Enter)");
		return UI_DONE;
	default:
		return 0;
	}
}

const struct ui_view_ops board_view = {
	.name = "board",
	.help = "The dispatch board: one line per work center. ANDON shows CALL"
	        " while a call there is open (a opens the list of calls), SPC "
	        "while a control-chart alarm there waits in mes-quality. "
	        "STATE is what "
	        "it does now; QUEUE the operations waiting or running there; "
	        "NOW / NEXT the operation on it or next in line, with the good"
	        " quantity of the order quantity and who is clocked on. ! marks"
	        " late work. Another terminal's changes show within a second.",
	.bar = { ACT_HELP, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_ANDON,
	         ACT_NONE, ACT_GANTT, ACT_LOAD, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_ORDER | MES_CH_OP | MES_CH_LABOR | MES_CH_ANDON |
	         MES_CH_SPC | MES_CH_ASSET | MES_CH_DOWNTIME | MES_CH_WC |
	         MES_CH_MASTER | MES_CH_USER,
	.update = update,
	.draw = draw,
	.action = action,
};
