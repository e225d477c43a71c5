/*
 * The inventory ledger in motion: put-away and moves between locations,
 * issue of a lot to a work order's operation (with FEFO and the status
 * rules), and production output, which creates a lot linked in genealogy
 * to what the order consumed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mat_int.h"
#include "production/prod_int.h"

/* The location to take from: given, or the one place the lot is. */
static int source(struct mes_db *db, const struct lot_row *l,
                  const char *from, long long *id, char code[33])
{
	int rc, n = 0;

	if (from && *from) {
		str_copy(code, 33, from);
		return loc_find(db, from, id, NULL);
	}
	if ((rc = lot_where(db, l->id, id, code, &n)) != MES_OK)
		return rc;
	if (n == 0)
		return db_fail(db, MES_ERR_STATE, "lot %s has nothing on hand "
		               "anywhere", l->lot_no);
	if (n > 1)
		return db_fail(db, MES_ERR_ARG, "lot %s is in %d locations: "
		               "scan the one you take it from", l->lot_no, n);
	return MES_OK;
}

/* qty <= 0 means all of it; more than there is is refused. */
static int take_qty(struct mes_db *db, const struct lot_row *l,
                    long long loc, const char *code, double *qty)
{
	double have;
	int rc;

	if ((rc = lot_on_hand(db, l->id, loc, &have)) != MES_OK)
		return rc;
	if (isnan(*qty) || *qty > 1e9)
		return qty_ok(db, *qty, "quantity");
	if (*qty <= 0)
		*qty = have;
	if (have <= 0)
		return db_fail(db, MES_ERR_STATE, "lot %s has nothing in %s",
		               l->lot_no, code);
	if (*qty > have + 1e-9)
		return db_fail(db, MES_ERR_RANGE, "lot %s has %g %s in %s, not "
		               "%g: quantities never go below zero; count again"
		               , l->lot_no, have, l->uom, code, *qty);
	return MES_OK;
}

static int audit_move(struct mes_db *db, const char *action,
                      const struct lot_row *l, const char *from,
                      const char *to, double qty, const char *reason)
{
	struct mes_json ob, nb;

	mes_json_init(&ob);
	if (from)
		mes_json_str(&ob, "location", from);
	mes_json_init(&nb);
	mes_json_str(&nb, "location", to);
	mes_json_num(&nb, "qty", qty);
	return lot_audit(db, action, l, &ob, &nb, reason);
}

int mes_lot_move(struct mes_db *db, const char *lot_no, const char *from,
                 const char *to, double qty)
{
	struct lot_row l;
	long long src, dst;
	char scode[33], kind[16];
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_STOCK, "lot.move")) != MES_OK)
		return rc;
	if ((rc = lot_load(db, lot_no, &l)) != MES_OK ||
	    (rc = loc_find(db, to, &dst, kind)) != MES_OK ||
	    (rc = source(db, &l, from, &src, scode)) != MES_OK ||
	    (rc = take_qty(db, &l, src, scode, &qty)) != MES_OK)
		return tx_end(db, rc);
	if (src == dst)
		return tx_end(db, db_fail(db, MES_ERR_ARG, "lot %s is in %s "
		              "already", l.lot_no, to));
	/* A lot waiting for inspection stays in quarantine. */
	if (!strcmp(l.status, "quarantine") && strcmp(kind, "quarantine"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "lot %s is in "
		              "quarantine until quality releases it: it cannot "
		              "go to %s", l.lot_no, to));
	rc = move_add(db, l.id, src, -qty, "putaway", 0, 0, "", "");
	if (rc == MES_OK)
		rc = move_add(db, l.id, dst, qty, "putaway", 0, 0, "", "");
	if (rc == MES_OK)
		rc = audit_move(db, "lot.move", &l, scode, to, qty, "");
	return tx_end(db, rc);
}

/* Held, quarantined, rejected, consumed and expired lots stay put. */
static int issuable(struct mes_db *db, const struct lot_row *l)
{
	if (!strcmp(l->status, "held"))
		return db_fail(db, MES_ERR_STATE, "lot %s is on hold: it cannot"
		               " be issued. Take another lot; quality decides "
		               "on this one", l->lot_no);
	if (!strcmp(l->status, "quarantine"))
		return db_fail(db, MES_ERR_STATE, "lot %s is in quarantine "
		               "waiting for incoming inspection: it cannot be "
		               "issued until quality releases it", l->lot_no);
	if (strcmp(l->status, "released"))
		return db_fail(db, MES_ERR_STATE, "lot %s is %s: it cannot be "
		               "issued", l->lot_no, l->status);
	if (l->expiry[0] && days_until(l->expiry) < 0)
		return db_fail(db, MES_ERR_STATE, "lot %s expired on %s: it "
		               "cannot be issued. Set it aside for quality",
		               l->lot_no, l->expiry);
	return MES_OK;
}

/* FEFO: an available lot of the item that expires before this one. */
static int fefo(struct mes_db *db, const struct lot_row *l,
                const char *reason, char *older, size_t n)
{
	static const char sql[] = "SELECT o.lot_no, o.expiry FROM lots o "
		"WHERE o.item_id = ?1 AND o.status = 'released' AND o.id <> ?2 "
		"AND o.expiry IS NOT NULL AND o.expiry >= ?3 AND (?4 = '' OR "
		"o.expiry < ?4) AND (SELECT total(qty) FROM inv_moves m "
		"WHERE m.lot_id = o.id) > 0.000001 ORDER BY o.expiry LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	char today[11], lot[32] = "", exp[11] = "";

	older[0] = 0;
	if (!st)
		return MES_ERR_DB;
	utc_today(today);
	sqlite3_bind_int64(st, 1, l->item_id);
	sqlite3_bind_int64(st, 2, l->id);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, l->expiry, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		str_copy(lot, sizeof lot, col_text(st, 0));
		str_copy(exp, sizeof exp, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!lot[0])
		return MES_OK;
	snprintf(older, n, "%s (expires %s)", lot, exp);
	if (reason && *reason)
		return MES_OK;
	return db_fail(db, MES_ERR_STATE, "FEFO: lot %s of %s expires on %s, "
	               "before lot %s (%s): issue that one first, or give a "
	               "reason to issue this one", lot, l->item_no, exp,
	               l->lot_no, l->expiry[0] ? l->expiry : "no expiry");
}

static int order_open(struct mes_db *db, const struct op_row *op)
{
	if (!strcmp(op->order_status, "held"))
		return db_fail(db, MES_ERR_STATE, "work order %s is on hold: "
		               "nothing is issued to it until a lead lifts the "
		               "hold", op->wo_no);
	if (strcmp(op->order_status, "released") &&
	    strcmp(op->order_status, "running"))
		return db_fail(db, MES_ERR_STATE, "work order %s is %s: material"
		               " is issued to a released or running order",
		               op->wo_no, op->order_status);
	if (!strcmp(op->status, "complete"))
		return db_fail(db, MES_ERR_STATE, "%s is complete: issue to the "
		               "operation that uses the material", op->key);
	return MES_OK;
}

static int audit_issue(struct mes_db *db, const struct lot_row *l,
                       const struct op_row *op, const char *from, double qty,
                       const char *older, const char *reason)
{
	struct mes_json nb;
	int rc;

	mes_json_init(&nb);
	mes_json_str(&nb, "operation", op->key);
	mes_json_str(&nb, "from", from);
	mes_json_num(&nb, "qty", qty);
	if (older[0])
		mes_json_str(&nb, "fefo_skipped", older);
	rc = mes_json_done(&nb) ? audit_append(db, "lot.issue", "lots",
	     l->lot_no, "", nb.p, reason) : MES_ERR_NOMEM;
	mes_json_free(&nb);
	return rc;
}

int mes_lot_issue(struct mes_db *db, const char *lot_no, const char *from,
                  const char *wo_no, int seq, double qty, const char *reason)
{
	struct lot_row l;
	struct op_row op;
	long long src;
	char scode[33], older[64];
	double left;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_OPERATE, "lot.issue")) != MES_OK)
		return rc;
	if ((rc = lot_load(db, lot_no, &l)) != MES_OK ||
	    (rc = op_load(db, wo_no, seq, &op)) != MES_OK)
		return tx_end(db, rc);
	if ((rc = issuable(db, &l)) != MES_OK ||
	    (rc = order_open(db, &op)) != MES_OK ||
	    (rc = fefo(db, &l, reason, older, sizeof older)) != MES_OK)
		return tx_refuse(db, rc, "lot.issue", l.lot_no);
	if ((rc = source(db, &l, from, &src, scode)) != MES_OK ||
	    (rc = take_qty(db, &l, src, scode, &qty)) != MES_OK)
		return tx_end(db, rc);
	rc = move_add(db, l.id, src, -qty, "issue", op.wo_id, op.id, "",
	              reason);
	if (rc == MES_OK)
		rc = lot_on_hand(db, l.id, 0, &left);
	if (rc == MES_OK && left <= 0)
		rc = lot_set_status(db, l.id, "consumed");
	if (rc == MES_OK)
		rc = audit_issue(db, &l, &op, scode, qty, older, reason);
	return tx_end(db, rc);
}

/* Links the new lot to each lot issued to the order, with the quantity
 * not linked to an earlier output yet (0 when all of it was: the later
 * output may still hold it, and a recall must find it). */
static int link_parents(struct mes_db *db, long long wo_id, long long child,
                        int *links)
{
	static const char sql[] = "INSERT INTO genealogy (parent_lot_id, "
		"child_lot_id, wo_id, qty, ts) SELECT i.lot_id, ?2, ?1, "
		"max(i.q - ifnull((SELECT sum(g.qty) FROM genealogy g WHERE "
		"g.wo_id = ?1 AND g.parent_lot_id = i.lot_id), 0), 0), ?3 "
		"FROM (SELECT lot_id, -sum(qty) AS q FROM inv_moves WHERE "
		"wo_id = ?1 AND kind = 'issue' GROUP BY lot_id) i";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	sqlite3_bind_int64(st, 2, child);
	bind_now(st, 3);
	rc = step_done(db, st, "linking the genealogy");
	*links = sqlite3_changes(db->h);
	return rc;
}

static int output_location(struct mes_db *db, const char *want,
                           long long *id, char code[33])
{
	int rc;

	if (want && *want) {
		str_copy(code, 33, want);
		return loc_find(db, want, id, NULL);
	}
	if ((rc = loc_first(db, "line", id, code)) != MES_OK || *id)
		return rc;
	if ((rc = loc_first(db, "dock", id, code)) != MES_OK || *id)
		return rc;
	return db_fail(db, MES_ERR_NOTFOUND, "no location to put the output"
	               ": name one, or a lead adds a line location");
}

/* The order's item, its unit and its GTIN ("" for none): a lot made here
 * names its GTIN, so that a plant that receives it under its number is
 * known to hold this lot (central_trace.c). */
static long long order_item(struct mes_db *db, long long wo_id, char uom[16],
                            char gtin[15])
{
	static const char sql[] = "SELECT i.id, i.uom, ifnull(i.gtin, '') "
		"FROM work_orders w "
		"JOIN items i ON i.id = w.item_id WHERE w.id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, wo_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		str_copy(uom, 16, col_text(st, 1));
		str_copy(gtin, 15, col_text(st, 2));
	}
	sqlite3_reset(st);
	return id;
}

int mes_lot_produce(struct mes_db *db, const char *wo_no, int seq, double qty,
                    const char *location, const char *expiry,
                    char lot_no[32])
{
	struct op_row op;
	struct mes_json nb;
	long long loc, lot, item;
	char code[33], uom[16] = "", no[32], gtin[15] = "";
	int rc, links = 0;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = qty_ok(db, qty, "output quantity")) != MES_OK)
		return rc;
	if (expiry && *expiry && !mes_valid_date(expiry))
		return db_fail(db, MES_ERR_ARG, "expiry \"%.20s\": a date "
		               "YYYY-MM-DD", expiry);
	if ((rc = tx_begin(db, PERM_OPERATE, "lot.produce")) != MES_OK)
		return rc;
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK ||
	    (rc = output_location(db, location, &loc, code)) != MES_OK)
		return tx_end(db, rc);
	if ((rc = order_open(db, &op)) != MES_OK)
		return tx_refuse(db, rc, "lot.produce", op.key);
	if (!(item = order_item(db, op.wo_id, uom, gtin)))
		return tx_end(db, db_fail(db, MES_ERR_DB, "reading the order's "
		              "item"));
	rc = lot_insert(db, item, uom, "", "", NULL, expiry, "released",
	                op.wo_id, 0, &lot, no);
	if (rc == MES_OK)
		rc = move_add(db, lot, loc, qty, "produce", op.wo_id, op.id, "",
		              "");
	if (rc == MES_OK)
		rc = link_parents(db, op.wo_id, lot, &links);
	mes_json_init(&nb);
	mes_json_str(&nb, "operation", op.key);
	mes_json_str(&nb, "item", op.item_no);
	if (gtin[0])
		mes_json_str(&nb, "gtin", gtin);
	mes_json_num(&nb, "qty", qty);
	mes_json_str(&nb, "location", code);
	mes_json_int(&nb, "consumed_lots", links);
	if (rc == MES_OK)
		rc = mes_json_done(&nb) ? audit_append(db, "lot.produce", "lots",
		     no, "", nb.p, "") : MES_ERR_NOMEM;
	mes_json_free(&nb);
	if (rc == MES_OK && lot_no)
		str_copy(lot_no, 32, no);
	return tx_end(db, rc);
}
