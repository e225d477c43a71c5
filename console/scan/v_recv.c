/*
 * The receiving station: scan a supplier's label (or type it, Ctrl-] for
 * GS), see the open purchase order lines and what was just received.
 * Options set the PO and a counted quantity for the next scan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scan.h"

#define MAX_LINES 200
#define MAX_DONE 6

struct recv {
	struct field f;
	char po[33];
	double qty;                      /* counted, for the next scan only */
	struct mes_receipt_line lines[MAX_LINES];
	struct ui_list list;
	struct mes_receipt done[MAX_DONE];
	struct ui_list dlist;            /* the lots just received, newest first */
	int page;
};

static int take_line(const struct mes_receipt_line *l, void *ctx)
{
	struct recv *r = ctx;

	return ui_list_take(&r->list, r->lines, sizeof *l, MAX_LINES, l);
}

static int reload(struct ui_view *v)
{
	struct scan *s = ui_ctx(v->app);
	struct recv *r = v->priv;

	if (!r && !(r = v->priv = calloc(1, sizeof *r)))
		return -1;
	r->list.count = 0;
	if (mes_receipt_lines(s->db, 1, take_line, r) != MES_OK)
		return scan_fail(s, "open lines"), -1;
	return ui_list_loaded(&r->list);
}

static void line_qty(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%g", ((const struct mes_receipt_line *)row)->qty);
}

static void line_received(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%g", ((const struct mes_receipt_line *)row)->received);
}

static void line_tol(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%g",
	         ((const struct mes_receipt_line *)row)->tolerance_pct);
}

static const struct ui_col line_cols[] = {
	{ "PO", 12, UI_LEFT, UI_FIELD(struct mes_receipt_line, po_no) },
	{ "LN", 2, UI_RIGHT, UI_INTF(struct mes_receipt_line, line_no) },
	{ "ITEM", 12, UI_LEFT, UI_FIELD(struct mes_receipt_line, item_no) },
	{ "SUPPLIER", 12, UI_LEFT, UI_FIELD(struct mes_receipt_line, supplier) },
	{ "ORDERED", 9, UI_RIGHT, .get = line_qty },
	{ "RECEIVED", 8, UI_RIGHT, .get = line_received },
	{ "TOL%", 5, UI_RIGHT, .get = line_tol },
	{ NULL },
};

static const struct ui_table line_table = {
	.cols = line_cols, .row_size = sizeof(struct mes_receipt_line),
};

static void done_qty(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_receipt *d = row;

	(void)ctx;
	snprintf(buf, n, "%g %s", d->qty, d->uom);
}

static int done_attr(const void *row, void *ctx)
{
	(void)ctx;
	return crt_attr(!strcmp(((const struct mes_receipt *)row)->status,
	                "quarantine") ? CLR_BLOCKED : CLR_RUNNING);
}

/* What the clerk checks against the label and the pallet: the lot, the
 * item, how much and where it went, whole at 80 columns. */
static const struct ui_col done_cols[] = {
	{ "LOT", 9, UI_LEFT, UI_FIELD(struct mes_receipt, lot_no) },
	{ "ITEM", 14, UI_LEFT, UI_FIELD(struct mes_receipt, item_no),
	  .min = 10 },
	{ "QTY", 10, UI_LEFT, .get = done_qty },
	{ "SUPPLIER LOT", 20, UI_LEFT, UI_FIELD(struct mes_receipt,
	  supplier_lot), .min = 10 },
	{ "EXPIRY", 10, UI_LEFT, UI_FIELD(struct mes_receipt, expiry),
	  .dash = 1 },
	{ "LOCATION", 0, UI_LEFT, UI_FIELD(struct mes_receipt, location),
	  .min = 10 },
	{ NULL },
};

static const struct ui_table done_table = {
	.cols = done_cols, .row_size = sizeof(struct mes_receipt),
	.row_attr = done_attr, .plain = 1,
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct recv *r = v->priv;
	char line[200];
	int y, nl;

	if (!r)
		return;
	snprintf(line, sizeof line, "Scan a supplier label.  PO: %s  Qty: %s",
	         r->po[0] ? r->po : "any open line", r->qty > 0 ? "" :
	         "from the label");
	if (r->qty > 0)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		         "%g (counted)", r->qty);
	crt_put(top, 0, cols, line, crt_attr(CLR_NORMAL));
	field_draw(&r->f, top + 1, cols, "Label");
	nl = rows - 5 - MAX_DONE;
	ui_table_draw(&line_table, &r->list, r->lines, NULL, top + 2,
	              nl + 1, cols);
	if (!r->list.count)
		crt_put(top + 3, 2, cols - 2, "No open lines: import receipts "
		        "first (mesctl import receipts).", crt_attr(CLR_DIM));
	y = top + 3 + nl;
	crt_put(y, 0, cols, "Received here", crt_attr(CLR_HEADER));
	if (r->dlist.count)
		ui_table_draw(&done_table, &r->dlist, r->done, NULL, y + 1,
		              top + rows - y - 1, cols);
}

static int receive(struct ui_view *v, const char *text)
{
	struct scan *s = ui_ctx(v->app);
	struct recv *r = v->priv;
	struct mes_receive_req q;
	struct mes_receipt got;

	if (!r)
		return UI_DONE;
	memset(&q, 0, sizeof q);
	q.data = text;
	q.no_aim = s->no_aim;
	q.po_no = r->po[0] ? r->po : NULL;
	q.qty = r->qty;
	if (mes_receive(s->db, &q, &got) != MES_OK)
		return scan_fail(s, "not received");
	r->qty = 0;
	memmove(&r->done[1], &r->done[0], sizeof r->done[0] * (MAX_DONE - 1));
	r->done[0] = got;
	if (r->dlist.count < MAX_DONE)
		r->dlist.count++;
	ui_msg(v->app, 0, "received %s: %g %s %s into %s%s", got.lot_no,
	       got.qty, got.uom, got.item_no, got.location,
	       strcmp(got.status, "quarantine") ? "" :
	       " (quarantine: incoming inspection)");
	return UI_DONE | UI_RELOAD;
}

static const char *check_opts(struct ui_field *f, int n, int *bad, void *ctx)
{
	(void)n;
	(void)ctx;
	if (f[1].value[0] && atof(f[1].value) <= 0) {
		*bad = 1;
		return "a counted quantity above 0, or nothing for the label's";
	}
	return NULL;
}

static int options(struct ui_view *v)
{
	struct recv *r = v->priv;
	struct ui_field f[2];

	memset(f, 0, sizeof f);
	f[0].label = "Purchase order";
	f[0].kind = FLD_TEXT;
	snprintf(f[0].value, sizeof f[0].value, "%s", r->po);
	f[1].label = "Counted qty";
	f[1].kind = FLD_NUMBER;
	if (!ui_form(v->app, "Next scan", f, 2, check_opts, NULL))
		return UI_DONE;
	snprintf(r->po, sizeof r->po, "%.32s", f[0].value);
	r->qty = f[1].value[0] ? atof(f[1].value) : 0;
	return UI_DONE;
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct scan *s = ui_ctx(v->app);
	struct recv *r = v->priv;
	int rc;

	if (!r)
		return station_action(v, a);
	switch (field_key(&r->f, v, a, key)) {
	case FIELD_TOOK:
		return UI_DONE;
	case FIELD_ENTER:
		rc = receive(v, r->f.text);
		field_clear(&r->f);
		return rc;
	default:
		break;
	}
	if (ui_list_nav(&r->list, a, r->list.page))
		return UI_DONE;
	if (a == ACT_ANDON)
		return options(v);
	if (a == ACT_INSTR) {
		if (!r->dlist.count) {
			ui_msg(v->app, 1, "nothing received yet on this screen");
			return UI_DONE;
		}
		return print_label(s, r->done[0].lot_no);
	}
	return station_action(v, a);
}

/* A scan is whole: what was typed before it is dropped. */
static int scan(struct ui_view *v, const char *text)
{
	if (v->priv)
		field_clear(&((struct recv *)v->priv)->f);
	return receive(v, text);
}

const struct ui_view_ops recv_view = {
	.name = "receive",
	.help = "Scan the GS1 label on a delivery: the item is found by its "
	        "GTIN, matched to an open purchase order line, and a lot is "
	        "made on the dock (or in quarantine when the item needs "
	        "incoming inspection). Type a label by hand in the bracketed "
	        "form (01)...(10)..., or as scanned with Ctrl-] for GS.",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_ANDON, ACT_INSTR, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_RECEIPT | MES_CH_LOT | MES_CH_MOVE | MES_CH_MASTER,
	.draw = draw,
	.action = action,
	.scan = scan,
	.close = ui_free_priv,
};
