/*
 * Receiving one scanned label: GS1 data in, a lot on the dock (or in
 * quarantine) out, or a refusal that tells the clerk what to do.
 *
 * Syntax is not trusted alone: a scanner that drops the GS after the lot
 * turns "(10)ABC123(17)251231" into the valid lot "ABC12317251231" with no
 * expiry, so a dated item whose label shows no expiry is refused with a
 * pointer to the scanner's GS setting.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gs1.h"
#include "mat_int.h"

struct item_gs1 {
	long long id;
	char item_no[41], uom[16];
	int needs_expiry, min_shelf, inspect, lot_control;
};

struct rline {
	long long id;
	char po_no[33], supplier[81];
	int line_no;
	double qty, tol, received;
};

/* What the label says, after parsing. */
struct label {
	struct mes_gs1_msg m;
	const char *gtin, *lot, *sscc, *expiry, *po;
	double qty;
};

static int parse_label(struct mes_db *db, const struct mes_receive_req *req,
                       struct label *lb)
{
	struct mes_gs1_opts o = { MES_GS1_SCAN, 0, 0 };
	size_t len = req->len ? req->len : strlen(req->data);
	char err[256];
	int rc;

	memset(lb, 0, sizeof *lb);
	if (len && req->data[0] == '(')
		o.form = MES_GS1_BRACKETED;
	else if (len && req->data[0] == ']')
		o.form = MES_GS1_SCAN;
	else if (req->no_aim)
		o.form = MES_GS1_SCAN_NO_AIM;
	else
		return db_fail(db, MES_ERR_SYNTAX, "malformed barcode: the scan "
		               "does not start with a symbology identifier "
		               "(]C1, ]d2 ...): set the scanner to send it, or "
		               "set no_aim for this station");
	rc = mes_gs1_parse(req->data, len, &o, &lb->m, err, sizeof err);
	if (rc != MES_OK)
		return db_fail(db, MES_ERR_SYNTAX, "malformed barcode: %s: scan "
		               "again, or check the label with mesctl gs1", err);
	return MES_OK;
}

static const char *val(const struct mes_gs1_msg *m, const char *ai)
{
	const struct mes_gs1_elem *e = mes_gs1_find(m, ai);

	return e ? e->value : NULL;
}

static void label_fields(struct label *lb)
{
	const struct mes_gs1_elem *e;
	int i;

	lb->gtin = val(&lb->m, "01");
	if (!lb->gtin)
		lb->gtin = val(&lb->m, "02");
	lb->lot = val(&lb->m, "10");
	lb->sscc = val(&lb->m, "00");
	lb->po = val(&lb->m, "400");
	if ((e = mes_gs1_find(&lb->m, "17")) || (e = mes_gs1_find(&lb->m, "15")))
		lb->expiry = e->date;
	if ((e = mes_gs1_find(&lb->m, "30")) || (e = mes_gs1_find(&lb->m, "37")))
		lb->qty = strtod(e->value, NULL);
	for (i = 0; !lb->qty && i < lb->m.count; i++) {
		e = &lb->m.elem[i];
		/* 310n-369n: a net measure (kg, m, l ...) with decimals. */
		if (e->decimals >= 0 && e->ai[0] == '3' && e->ai[1] >= '1' &&
		    e->ai[1] <= '6')
			lb->qty = e->number;
	}
}

static int item_by_gtin(struct mes_db *db, const char *gtin,
                        struct item_gs1 *it)
{
	/* A receiving inspection plan (mes-quality) quarantines too, so
	 * every lot it covers shows on quality's due list. */
	static const char sql[] = "SELECT id, item_no, uom, needs_expiry, "
		"min_shelf_days, inspect_incoming OR EXISTS (SELECT 1 FROM "
		"inspection_plans p WHERE p.item_id = items.id AND p.on_receipt"
		" = 1 AND p.active = 1), lot_control FROM items WHERE gtin = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	memset(it, 0, sizeof *it);
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, gtin, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		it->id = sqlite3_column_int64(st, 0);
		str_copy(it->item_no, sizeof it->item_no, col_text(st, 1));
		str_copy(it->uom, sizeof it->uom, col_text(st, 2));
		it->needs_expiry = sqlite3_column_int(st, 3);
		it->min_shelf = sqlite3_column_int(st, 4);
		it->inspect = sqlite3_column_int(st, 5);
		it->lot_control = sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the item");
	return db_fail(db, MES_ERR_NOTFOUND, "unknown GTIN %s: no item has "
	               "it. Put the goods aside and ask for the item's GTIN "
	               "to be set (mesctl item gs1)", gtin);
}

static int check_sscc(struct mes_db *db, const char *sscc)
{
	static const char sql[] = "SELECT lot_no, created FROM lots "
		"WHERE sscc = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	char lot[32] = "", when[11] = "";

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, sscc, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		str_copy(lot, sizeof lot, col_text(st, 0));
		str_copy(when, sizeof when, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!lot[0])
		return MES_OK;
	return db_fail(db, MES_ERR_EXISTS, "duplicate SSCC %s: this pallet "
	               "was received on %s as lot %s. Do not receive it "
	               "twice; if it is a different pallet, the supplier's "
	               "label is wrong", sscc, when, lot);
}

static int check_dates(struct mes_db *db, const struct item_gs1 *it,
                       const struct label *lb)
{
	long left;

	if (!lb->expiry) {
		if (!it->needs_expiry)
			return MES_OK;
		return db_fail(db, MES_ERR_STATE, "item %s needs an expiry date"
		               " but the scan has none%s%s%s: check the "
		               "scanner's GS (group separator) setting, a "
		               "dropped GS hides the date inside the lot; or "
		               "the label lacks (17)", it->item_no,
		               lb->lot ? " (lot read as \"" : "",
		               lb->lot ? lb->lot : "", lb->lot ? "\")" : "");
	}
	left = days_until(lb->expiry);
	if (left < 0)
		return db_fail(db, MES_ERR_RANGE, "expired: item %s expired on "
		               "%s. Do not receive it; set it aside for return",
		               it->item_no, lb->expiry);
	if (left < it->min_shelf)
		return db_fail(db, MES_ERR_RANGE, "too short a shelf life: item"
		               " %s expires on %s, %ld days from today, and "
		               "needs at least %d. Set it aside for the buyer",
		               it->item_no, lb->expiry, left, it->min_shelf);
	return MES_OK;
}

static int refuse_lines(struct mes_db *db, const struct item_gs1 *it,
                        const char *po, const struct rline *first, int n,
                        double qty)
{
	double max;

	if (!n)
		return db_fail(db, MES_ERR_NOTFOUND, "item %s is not on any "
		               "open line%s%s: nothing is expected. Put the "
		               "goods aside and ask the buyer", it->item_no,
		               po ? " of purchase order " : "", po ? po : "");
	max = first->qty * (1 + first->tol / 100);
	return db_fail(db, MES_ERR_RANGE, "over-receipt: %s line %d orders "
	               "%g, %g received, %g more allowed (tolerance %g%%); "
	               "this scan is %g. Receive only what was ordered",
	               first->po_no, first->line_no, first->qty,
	               first->received, max - first->received > 0 ?
	               max - first->received : 0, first->tol, qty);
}

/* The first open line (by due date) with room for qty. */
static int find_line(struct mes_db *db, const struct item_gs1 *it,
                     const char *gtin, const char *po, double qty,
                     struct rline *out)
{
	static const char sql[] = "SELECT r.id, r.po_no, r.line_no, "
		"r.supplier, r.qty, r.tolerance_pct, r.received "
		"FROM receipt_lines r WHERE r.gtin = ?1 AND r.status = 'open' AND (?2 IS NULL OR "
		"r.po_no = ?2) ORDER BY r.due_date IS NULL, r.due_date, "
		"r.po_no, r.line_no";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct rline l, first;
	int rc, n = 0, found = 0;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, gtin, -1, SQLITE_STATIC);
	if (po)
		sqlite3_bind_text(st, 2, po, -1, SQLITE_STATIC);
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&l, 0, sizeof l);
		l.id = sqlite3_column_int64(st, 0);
		str_copy(l.po_no, sizeof l.po_no, col_text(st, 1));
		l.line_no = sqlite3_column_int(st, 2);
		str_copy(l.supplier, sizeof l.supplier, col_text(st, 3));
		l.qty = sqlite3_column_double(st, 4);
		l.tol = sqlite3_column_double(st, 5);
		l.received = sqlite3_column_double(st, 6);
		if (!n++)
			first = l;
		if (l.received + qty <= l.qty * (1 + l.tol / 100) + 1e-9) {
			*out = l;
			found = 1;
		}
	}
	sqlite3_reset(st);
	if (found)
		return MES_OK;
	return refuse_lines(db, it, po, &first, n, qty);
}

static int pick_location(struct mes_db *db, const struct item_gs1 *it,
                         const char *want, long long *id, char code[33])
{
	const char *kind = it->inspect ? "quarantine" : "dock";
	char have[16];
	int rc;

	if (want && *want) {
		if ((rc = loc_find(db, want, id, have)) != MES_OK)
			return rc;
		if (it->inspect && strcmp(have, "quarantine"))
			return db_fail(db, MES_ERR_STATE, "item %s needs incoming "
			               "inspection: it goes to a quarantine "
			               "location, not %s", it->item_no, want);
		str_copy(code, 33, want);
		return MES_OK;
	}
	if ((rc = loc_first(db, kind, id, code)) != MES_OK)
		return rc;
	if (!*id)
		return db_fail(db, MES_ERR_NOTFOUND, "there is no %s location: "
		               "a lead adds one (mesctl location add)", kind);
	return MES_OK;
}

/* The line's progress; complete once the ordered quantity is in. */
static int line_add(struct mes_db *db, const struct rline *l, double qty)
{
	static const char sql[] = "UPDATE receipt_lines SET received = "
		"received + ?1, status = CASE WHEN received + ?1 + 0.000000001 "
		">= qty THEN 'complete' ELSE status END WHERE id = ?2";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_double(st, 1, qty);
	sqlite3_bind_int64(st, 2, l->id);
	return step_done(db, st, "updating the receipt line");
}

static int audit_receipt(struct mes_db *db, const struct mes_receipt *r,
                         const char *gtin)
{
	struct mes_json b;
	int rc;

	mes_json_init(&b);
	mes_json_str(&b, "item", r->item_no);
	mes_json_str(&b, "gtin", gtin);
	mes_json_str(&b, "supplier", r->supplier);
	mes_json_str(&b, "supplier_lot", r->supplier_lot);
	if (r->expiry[0])
		mes_json_str(&b, "expiry", r->expiry);
	if (r->sscc[0])
		mes_json_str(&b, "sscc", r->sscc);
	mes_json_num(&b, "qty", r->qty);
	mes_json_str(&b, "location", r->location);
	mes_json_str(&b, "status", r->status);
	mes_json_str(&b, "po", r->po_no);
	mes_json_int(&b, "line", r->line_no);
	rc = mes_json_done(&b) ? audit_append(db, "receive", "lots", r->lot_no,
	     "", b.p, "") : MES_ERR_NOMEM;
	mes_json_free(&b);
	return rc;
}

/* Everything after the checks: the lot, its ledger row, the line. */
static int book(struct mes_db *db, const struct mes_receive_req *req,
                const struct item_gs1 *it, const struct label *lb,
                const struct rline *ln, struct mes_receipt *r)
{
	long long loc, lot;
	size_t len = req->len ? req->len : strlen(req->data);
	char scan[512];
	int rc;

	if ((rc = pick_location(db, it, req->location, &loc, r->location)))
		return rc;
	str_copy(r->status, sizeof r->status, it->inspect ? "quarantine" :
	         "released");
	rc = lot_insert(db, it->id, it->uom, ln->supplier, lb->lot, lb->sscc,
	                lb->expiry, r->status, 0, ln->id, &lot, r->lot_no);
	snprintf(scan, sizeof scan, "%.*s", (int)(len < 500 ? len : 500),
	         req->data);
	if (rc == MES_OK)
		rc = move_add(db, lot, loc, r->qty, "receive", 0, 0, scan, "");
	if (rc == MES_OK)
		rc = line_add(db, ln, r->qty);
	str_copy(r->item_no, sizeof r->item_no, it->item_no);
	str_copy(r->uom, sizeof r->uom, it->uom);
	str_copy(r->supplier, sizeof r->supplier, ln->supplier);
	str_copy(r->supplier_lot, sizeof r->supplier_lot, lb->lot ? lb->lot :
	         "");
	str_copy(r->expiry, sizeof r->expiry, lb->expiry ? lb->expiry : "");
	str_copy(r->sscc, sizeof r->sscc, lb->sscc ? lb->sscc : "");
	str_copy(r->po_no, sizeof r->po_no, ln->po_no);
	r->line_no = ln->line_no;
	r->line_qty = ln->qty;
	r->line_received = ln->received + r->qty;
	if (rc == MES_OK)
		rc = audit_receipt(db, r, lb->gtin);
	return rc;
}

/* The rules in the order a clerk can act on them. */
static int check(struct mes_db *db, const struct mes_receive_req *req,
                 struct label *lb, struct item_gs1 *it, struct rline *ln,
                 double *qty)
{
	const char *po = req->po_no && *req->po_no ? req->po_no : lb->po;
	int rc;

	if ((rc = item_by_gtin(db, lb->gtin, it)) != MES_OK)
		return rc;
	if (lb->sscc && (rc = check_sscc(db, lb->sscc)) != MES_OK)
		return rc;
	if ((rc = check_dates(db, it, lb)) != MES_OK)
		return rc;
	if (it->lot_control && !lb->lot)
		return db_fail(db, MES_ERR_STATE, "item %s is lot-controlled but"
		               " the label carries no batch/lot (10): scan the "
		               "label that has it", it->item_no);
	*qty = req->qty > 0 ? req->qty : lb->qty;
	if (!isfinite(*qty) || *qty <= 0 || *qty > 1e9)
		return db_fail(db, MES_ERR_RANGE, "the label carries no "
		               "quantity (30, 37 or a net measure): count the "
		               "goods and type the quantity");
	return find_line(db, it, lb->gtin, po, *qty, ln);
}

int mes_receive(struct mes_db *db, const struct mes_receive_req *req,
                struct mes_receipt *out)
{
	struct mes_receipt dummy;
	struct item_gs1 it;
	struct rline ln;
	struct label lb;
	int rc;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof *out);
	if (!db || !db->h || !req || !req->data)
		return db_badarg(db, __func__);
	if (req->qty < 0 || !isfinite(req->qty))
		return db_fail(db, MES_ERR_RANGE, "quantity %g: a count above "
		               "0, or none to take the label's", req->qty);
	if ((rc = parse_label(db, req, &lb)) != MES_OK)
		return rc;
	label_fields(&lb);
	if (!lb.gtin)
		return db_fail(db, MES_ERR_SYNTAX, "malformed barcode: the scan "
		               "has no GTIN (01): scan the label's item barcode");
	if ((rc = tx_begin(db, PERM_RECEIVE, "receive")) != MES_OK)
		return rc;
	if ((rc = check(db, req, &lb, &it, &ln, &out->qty)) != MES_OK)
		return tx_refuse(db, rc, "receive", lb.gtin);
	return tx_end(db, book(db, req, &it, &lb, &ln, out));
}
