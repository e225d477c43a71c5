/*
 * Genealogy at the station: scan or type a lot and see what went into it
 * (backward) or what it went into (forward); or type a supplier's lot
 * number and get the recall list of finished lots.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scan.h"

#define MAX_NODES 500

enum mode { BACKWARD, FORWARD, RECALL, MODES };
static const char *const mode_names[MODES] = {
	"backward: what went into it", "forward: what it went into",
	"recall: finished lots with this supplier lot"
};

struct tr {
	struct field f;
	enum mode mode;
	char key[64];
	struct mes_trace_node nodes[MAX_NODES];
	struct ui_list list;
	int more;
};

static int take(const struct mes_trace_node *n, void *ctx)
{
	struct tr *t = ctx;

	if (t->list.count >= MAX_NODES) {
		t->more = 1;
		return 1;
	}
	t->nodes[t->list.count++] = *n;
	return 0;
}

static int reload(struct ui_view *v)
{
	struct scan *s = ui_ctx(v->app);
	struct tr *t = v->priv;
	int rc;

	if (!t && !(t = v->priv = calloc(1, sizeof *t)))
		return -1;
	ui_list_refill(&t->list, t->nodes, sizeof t->nodes[0],
	               offsetof(struct mes_trace_node, lot_no), UI_STR);
	t->more = 0;
	if (!t->key[0])
		return 0;
	rc = t->mode == RECALL ? mes_recall(s->db, t->key, take, t) :
	     mes_trace(s->db, t->key, t->mode == FORWARD, take, t);
	if (rc != MES_OK) {
		scan_fail(s, t->mode == RECALL ? "recall" : "trace");
		return -1;
	}
	return ui_list_loaded(&t->list);
}

/* A lot under the one it went into (or came from), as indentation. */
static void node_lot(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_trace_node *d = row;
	const struct tr *t = ctx;
	int ind = t->mode == RECALL ? 0 : (d->depth > 6 ? 6 : d->depth);

	snprintf(buf, n, "%*s%s", ind, "", d->lot_no);
}

/* The quantity of the link to the row above: the lot asked about has
 * none, and a 0 there would read as empty stock. */
static void node_qty(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_trace_node *d = row;

	(void)ctx;
	if (d->depth > 0)
		snprintf(buf, n, "%g", d->qty);
}

/* After a wider gap: where the lot came from. */
static void node_source(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_trace_node *d = row;

	(void)ctx;
	snprintf(buf, n, " %s%s%s%s%s", d->supplier_lot[0] ? d->supplier : "",
	         d->supplier_lot[0] ? " " : "", d->supplier_lot,
	         d->wo_no[0] ? " WO " : "", d->wo_no);
}

static int node_attr(const void *row, void *ctx)
{
	(void)ctx;
	return crt_attr(((const struct mes_trace_node *)row)->finished ?
	                CLR_RUNNING : CLR_NORMAL);
}

static const struct ui_col node_cols[] = {
	{ "LOT", 14, UI_LEFT, .get = node_lot },
	{ "ITEM", 12, UI_LEFT, UI_FIELD(struct mes_trace_node, item_no) },
	{ "STATUS", 10, UI_LEFT, UI_FIELD(struct mes_trace_node, status) },
	{ "QTY", 5, UI_RIGHT, .get = node_qty },
	{ " SUPPLIER LOT / ORDER", 0, UI_LEFT, .get = node_source },
	{ NULL },
};

static const struct ui_table node_table = {
	.cols = node_cols, .row_size = sizeof(struct mes_trace_node),
	.row_attr = node_attr,
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct tr *t = v->priv;
	char line[240];

	if (!t)
		return;
	snprintf(line, sizeof line, "Trace %s%s%s", mode_names[t->mode],
	         t->key[0] ? "  -  " : "", t->key);
	crt_put(top, 0, cols, line, crt_attr(CLR_NORMAL));
	field_draw(&t->f, top + 1, cols, t->mode == RECALL ? "Supplier lot" :
	           "Lot");
	ui_table_draw(&node_table, &t->list, t->nodes, t, top + 2,
	              rows - 3, cols);
	snprintf(line, sizeof line, "%d lot%s%s  F6: backward/forward/recall",
	         t->list.count, t->list.count == 1 ? "" : "s",
	         t->more ? " (more not shown)" : "");
	crt_put(top + rows - 1, 0, cols, line, crt_attr(CLR_DIM));
}

static int lookup(struct ui_view *v, const char *text)
{
	struct tr *t = v->priv;

	if (!t)
		return UI_DONE;
	snprintf(t->key, sizeof t->key, "%s", text);
	t->list.sel = t->list.top = 0;
	return UI_DONE | UI_RELOAD;
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct tr *t = v->priv;
	int rc;

	if (!t)
		return station_action(v, a);
	switch (field_key(&t->f, v, a, key)) {
	case FIELD_TOOK:
		return UI_DONE;
	case FIELD_ENTER:
		rc = lookup(v, t->f.text);
		field_clear(&t->f);
		return rc;
	default:
		break;
	}
	if (ui_list_nav(&t->list, a, t->list.page))
		return UI_DONE;
	if (a == ACT_ANDON) {
		t->mode = (t->mode + 1) % MODES;
		if (t->mode == RECALL || t->mode == BACKWARD)
			t->key[0] = 0;
		return UI_DONE | UI_RELOAD;
	}
	if (a == ACT_OPEN && t->list.count && t->mode != RECALL)
		return lookup(v, t->nodes[t->list.sel].lot_no);
	return station_action(v, a);
}

/* A scan is whole: what was typed before it is dropped. */
static int scan(struct ui_view *v, const char *text)
{
	if (v->priv)
		field_clear(&((struct tr *)v->priv)->f);
	return lookup(v, text);
}

const struct ui_view_ops trace_view = {
	.name = "trace",
	.help = "Scan or type a lot number: backward shows the lots that went "
	        "into it down to the suppliers' lots, forward the lots it went "
	        "into up to finished goods. Mode switches to recall: type a "
	        "supplier's lot number to list every finished lot that "
	        "contains it. Enter on a line traces that lot.",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_ANDON, ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_LOT | MES_CH_MOVE | MES_CH_ORDER | MES_CH_OP,
	.draw = draw,
	.action = action,
	.scan = scan,
	.close = ui_free_priv,
};
