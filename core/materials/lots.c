/*
 * Lots: the row, the ledger that holds their quantities, where they are,
 * and their status (hold, and release under a signature).  On-hand is
 * always summed from inv_moves; nothing here stores a total.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "food/food_int.h"
#include "mat_int.h"

int qty_ok(struct mes_db *db, double qty, const char *what)
{
	if (!isfinite(qty) || qty <= 0 || qty > 1e9)
		return db_fail(db, MES_ERR_RANGE, "%s %g: give a quantity above"
		               " 0 (at most 1e9)", what, qty);
	return MES_OK;
}

long days_until(const char *date)
{
	struct tm tm;
	time_t t, now = time(NULL);

	memset(&tm, 0, sizeof tm);
	if (!strptime(date, "%Y-%m-%d", &tm))
		return 0;
	t = timegm(&tm);
	/* Both at midnight UTC, so the difference is whole days. */
	now -= now % 86400;
	return (long)((t - now) / 86400);
}

int lot_load(struct mes_db *db, const char *lot_no, struct lot_row *l)
{
	static const char sql[] = "SELECT l.id, l.item_id, l.version, "
		"l.lot_no, i.item_no, l.status, ifnull(l.expiry, ''), "
		"CASE WHEN l.uom <> '' THEN l.uom ELSE i.uom END "
		"FROM lots l JOIN items i ON i.id = l.item_id WHERE l.lot_no = ?";
	sqlite3_stmt *st;
	int rc;

	memset(l, 0, sizeof *l);
	if (!lot_no || !*lot_no)
		return db_fail(db, MES_ERR_ARG, "no lot number given: scan the "
		               "lot label");
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, lot_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		l->id = sqlite3_column_int64(st, 0);
		l->item_id = sqlite3_column_int64(st, 1);
		l->version = sqlite3_column_int64(st, 2);
		str_copy(l->lot_no, sizeof l->lot_no, col_text(st, 3));
		str_copy(l->item_no, sizeof l->item_no, col_text(st, 4));
		str_copy(l->status, sizeof l->status, col_text(st, 5));
		str_copy(l->expiry, sizeof l->expiry, col_text(st, 6));
		str_copy(l->uom, sizeof l->uom, col_text(st, 7));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the lot");
	return db_fail(db, MES_ERR_NOTFOUND, "no lot \"%.40s\": check the lot "
	               "label (our lot numbers look like L0000042)", lot_no);
}

int loc_find(struct mes_db *db, const char *code, long long *id,
             char kind[16])
{
	static const char sql[] = "SELECT id, kind FROM locations WHERE code=?";
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (!code || !*code)
		return db_fail(db, MES_ERR_ARG, "no location given: scan the "
		               "location label");
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (kind)
			str_copy(kind, 16, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the location");
	return db_fail(db, MES_ERR_NOTFOUND, "no location \"%.40s\": check "
	               "the location label", code);
}

int loc_first(struct mes_db *db, const char *kind, long long *id,
              char code[33])
{
	static const char sql[] = "SELECT id, code FROM locations "
		"WHERE kind = ? ORDER BY id LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*id = 0;
	code[0] = 0;
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		str_copy(code, 33, col_text(st, 1));
	}
	return step_end(db, st, rc, "reading the locations");
}

int lot_on_hand(struct mes_db *db, long long lot_id, long long loc_id,
                double *qty)
{
	static const char sql[] = "SELECT total(qty) FROM inv_moves "
		"WHERE lot_id = ?1 AND (?2 = 0 OR location_id = ?2)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*qty = 0;
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, lot_id);
	sqlite3_bind_int64(st, 2, loc_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*qty = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	/* Sums of binary fractions: 0.1 + 0.2 - 0.3 is not quite 0. */
	if (fabs(*qty) < 1e-9)
		*qty = 0;
	return rc == SQLITE_ROW ? MES_OK : db_sqlfail(db, rc, "summing");
}

int lot_where(struct mes_db *db, long long lot_id, long long *loc_id,
              char code[33], int *n)
{
	static const char sql[] = "SELECT m.location_id, c.code FROM inv_moves m"
		" JOIN locations c ON c.id = m.location_id WHERE m.lot_id = ? "
		"GROUP BY m.location_id HAVING sum(m.qty) > 0.000001";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*loc_id = 0;
	code[0] = 0;
	*n = 0;
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, lot_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(*n)++) {
			*loc_id = sqlite3_column_int64(st, 0);
			str_copy(code, 33, col_text(st, 1));
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "locating");
}

int move_add(struct mes_db *db, long long lot_id, long long loc_id, double qty,
             const char *kind, long long wo_id, long long wo_op_id,
             const char *scan, const char *reason)
{
	static const char sql[] = "INSERT INTO inv_moves (ts, lot_id, "
		"location_id, qty, kind, wo_id, user_id, scan, wo_op_id, reason)"
		" VALUES (?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	bind_now(st, 1);
	sqlite3_bind_int64(st, 2, lot_id);
	sqlite3_bind_int64(st, 3, loc_id);
	sqlite3_bind_double(st, 4, qty);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	if (wo_id)
		sqlite3_bind_int64(st, 6, wo_id);
	sqlite3_bind_int64(st, 7, db->sess.user_id);
	sqlite3_bind_text(st, 8, scan ? scan : "", -1, SQLITE_STATIC);
	if (wo_op_id)
		sqlite3_bind_int64(st, 9, wo_op_id);
	sqlite3_bind_text(st, 10, reason ? reason : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return MES_OK;
	if (rc == SQLITE_CONSTRAINT)
		return db_fail(db, MES_ERR_RANGE, "that would take the lot's "
		               "quantity below zero: nothing was changed");
	return db_sqlfail(db, rc, "writing the inventory ledger");
}

int lot_set_status(struct mes_db *db, long long lot_id, const char *status)
{
	static const char sql[] = "UPDATE lots SET status = ?, "
		"version = version + 1 WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, lot_id);
	return step_done(db, st, "changing the lot's status");
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int lot_insert(struct mes_db *db, long long item_id, const char *uom,
               const char *supplier, const char *supplier_lot,
               const char *sscc, const char *expiry, const char *status,
               long long wo_id, long long line_id, long long *id,
               char lot_no[32])
{
	/* Inside BEGIN IMMEDIATE nobody else writes, so max(id) + 1 is the
	 * id this row gets, and the number can be written with it. */
	static const char sql[] = "INSERT INTO lots (id, lot_no, item_id, "
		"supplier, supplier_lot, sscc, expiry, status, produced_by, "
		"created, receipt_line_id, uom) SELECT n, printf('L%07d', n), "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM "
		"(SELECT ifnull(max(id), 0) + 1 AS n FROM lots)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_text(st, 2, supplier ? supplier : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, supplier_lot ? supplier_lot : "", -1,
	                  SQLITE_STATIC);
	bind_opt(st, 4, sscc);
	bind_opt(st, 5, expiry);
	sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
	if (wo_id)
		sqlite3_bind_int64(st, 7, wo_id);
	bind_now(st, 8);
	if (line_id)
		sqlite3_bind_int64(st, 9, line_id);
	sqlite3_bind_text(st, 10, uom ? uom : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "creating the lot");
	*id = sqlite3_last_insert_rowid(db->h);
	snprintf(lot_no, 32, "L%07lld", *id);
	return MES_OK;
}

#define LOT_COLS "SELECT l.id, l.lot_no, i.item_no, i.description, " \
	"CASE WHEN l.uom <> '' THEN l.uom ELSE i.uom END, l.supplier, " \
	"l.supplier_lot, ifnull(l.sscc, ''), ifnull(l.expiry, ''), l.status," \
	" ifnull(w.wo_no, ''), ifnull(r.po_no, ''), l.created FROM lots l " \
	"JOIN items i ON i.id = l.item_id " \
	"LEFT JOIN work_orders w ON w.id = l.produced_by " \
	"LEFT JOIN receipt_lines r ON r.id = l.receipt_line_id "

static void fill_lot(sqlite3_stmt *st, struct mes_lot *o)
{
	o->id = sqlite3_column_int64(st, 0);
	str_copy(o->lot_no, sizeof o->lot_no, col_text(st, 1));
	str_copy(o->item_no, sizeof o->item_no, col_text(st, 2));
	str_copy(o->description, sizeof o->description, col_text(st, 3));
	str_copy(o->uom, sizeof o->uom, col_text(st, 4));
	str_copy(o->supplier, sizeof o->supplier, col_text(st, 5));
	str_copy(o->supplier_lot, sizeof o->supplier_lot, col_text(st, 6));
	str_copy(o->sscc, sizeof o->sscc, col_text(st, 7));
	str_copy(o->expiry, sizeof o->expiry, col_text(st, 8));
	str_copy(o->status, sizeof o->status, col_text(st, 9));
	str_copy(o->produced_by, sizeof o->produced_by, col_text(st, 10));
	str_copy(o->po_no, sizeof o->po_no, col_text(st, 11));
	str_copy(o->created, sizeof o->created, col_text(st, 12));
}

int mes_lot_get(struct mes_db *db, const char *lot_no, struct mes_lot *out)
{
	static const char sql[] = LOT_COLS "WHERE l.lot_no = ?";
	sqlite3_stmt *st;
	long long loc;
	int rc, n = 0;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	memset(out, 0, sizeof *out);
	if ((rc = perm_check(db, PERM_NONE, "lot.show")) != MES_OK)
		return rc;
	if (!lot_no || !(st = db_stmt(db, sql)))
		return lot_no ? MES_ERR_DB : MES_ERR_ARG;
	sqlite3_bind_text(st, 1, lot_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_lot(st, out);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		struct lot_row l;

		return rc == SQLITE_DONE ? lot_load(db, lot_no, &l) :
		       db_sqlfail(db, rc, "reading the lot");
	}
	if ((rc = food_allergen_text(db, out->item_no, out->allergens,
	                             sizeof out->allergens)) == MES_OK &&
	    (rc = lot_on_hand(db, out->id, 0, &out->on_hand)) == MES_OK &&
	    (rc = lot_where(db, out->id, &loc, out->location, &n)) == MES_OK &&
	    n > 1)
		str_copy(out->location, sizeof out->location, "*");
	db_reset_all(db);
	return rc;
}

int mes_stock_each(struct mes_db *db, const char *item_no, mes_stock_fn fn,
                   void *ctx)
{
	static const char sql[] = "SELECT l.lot_no, i.item_no, c.code, "
		"l.status, ifnull(l.expiry, ''), sum(m.qty) FROM inv_moves m "
		"JOIN lots l ON l.id = m.lot_id JOIN items i ON i.id = l.item_id"
		" JOIN locations c ON c.id = m.location_id "
		"WHERE ?1 IS NULL OR i.item_no = ?1 "
		"GROUP BY m.lot_id, m.location_id HAVING sum(m.qty) > 0.000001 "
		"ORDER BY i.item_no, l.expiry IS NULL, l.expiry, l.lot_no, c.code";
	struct mes_stock s;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if ((rc = perm_check(db, PERM_NONE, "stock.list")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	if (item_no)
		sqlite3_bind_text(st, 1, item_no, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&s, 0, sizeof s);
		str_copy(s.lot_no, sizeof s.lot_no, col_text(st, 0));
		str_copy(s.item_no, sizeof s.item_no, col_text(st, 1));
		str_copy(s.location, sizeof s.location, col_text(st, 2));
		str_copy(s.status, sizeof s.status, col_text(st, 3));
		str_copy(s.expiry, sizeof s.expiry, col_text(st, 4));
		s.qty = sqlite3_column_double(st, 5);
		if (fn(&s, ctx))
			break;
	}
	return step_end(db, st, rc, "reading stock");
}

int lot_audit(struct mes_db *db, const char *action, const struct lot_row *l,
              struct mes_json *ob, struct mes_json *nb, const char *reason)
{
	int rc;

	rc = mes_json_done(ob) && mes_json_done(nb) ?
	     audit_append(db, action, "lots", l->lot_no, ob->p, nb->p, reason) :
	     MES_ERR_NOMEM;
	mes_json_free(ob);
	mes_json_free(nb);
	return rc;
}

static int audit_status(struct mes_db *db, const char *action,
                        const struct lot_row *l, const char *status,
                        const char *reason, long long sig)
{
	struct mes_json ob, nb;

	mes_json_init(&ob);
	mes_json_str(&ob, "status", l->status);
	mes_json_init(&nb);
	mes_json_str(&nb, "status", status);
	if (sig)
		mes_json_int(&nb, "signature", sig);
	return lot_audit(db, action, l, &ob, &nb, reason);
}

int mes_lot_hold(struct mes_db *db, const char *lot_no, const char *reason)
{
	struct lot_row l;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!reason || !*reason)
		return db_fail(db, MES_ERR_ARG, "a hold needs a reason: say "
		               "what is wrong with the lot");
	if ((rc = tx_begin(db, PERM_LOT_STATUS, "lot.hold")) != MES_OK)
		return rc;
	if ((rc = lot_load(db, lot_no, &l)) != MES_OK)
		return tx_end(db, rc);
	if (strcmp(l.status, "released") && strcmp(l.status, "quarantine"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "lot %s is %s: only"
		              " a released or quarantined lot is put on hold",
		              l.lot_no, l.status));
	rc = lot_set_status(db, l.id, "held");
	if (rc == MES_OK)
		rc = audit_status(db, "lot.hold", &l, "held", reason, 0);
	return tx_end(db, rc);
}

/* What a release signature is bound to: the lot as it is now. */
static void lot_hash(const struct lot_row *l, char out[65])
{
	char buf[256];
	int n = snprintf(buf, sizeof buf, "lots;%lld;%zu:%s;%zu:%s;%lld",
	                 l->id, strlen(l->lot_no), l->lot_no, strlen(l->status),
	                 l->status, l->version);

	if (n < 0 || (size_t)n >= sizeof buf)
		n = (int)sizeof buf - 1;
	mes_sha256_hex(buf, (size_t)n, out);
}

/* A hold an open non-conformance placed lifts only through its
 * disposition (mes-quality); the schema enforces it, this says so first,
 * before anyone signs for nothing. */
static int no_open_nc(struct mes_db *db, const struct lot_row *l)
{
	static const char sql[] = "SELECT nc_no FROM nonconformances WHERE "
		"lot_id = ? AND status IN ('open', 'contained') LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	char nc[64] = "";

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, l->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(nc, sizeof nc, col_text(st, 0));
	sqlite3_reset(st);
	if (!nc[0])
		return MES_OK;
	return db_fail(db, MES_ERR_STATE, "non-conformance %s holds lot %s: "
	               "its disposition in mes-quality releases it", nc,
	               l->lot_no);
}

int mes_lot_release(struct mes_db *db, const char *lot_no, const char *signer,
                    const char *pin, const char *reason)
{
	struct lot_row l;
	char hash[65];
	long long sig = 0;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!reason || !*reason)
		return db_fail(db, MES_ERR_ARG, "a release needs a reason (the "
		               "inspection or the decision it rests on)");
	if ((rc = perm_check(db, PERM_LOT_STATUS, "lot.release")) != MES_OK ||
	    (rc = lot_load(db, lot_no, &l)) != MES_OK)
		return rc;
	if (strcmp(l.status, "held") && strcmp(l.status, "quarantine"))
		return db_fail(db, MES_ERR_STATE, "lot %s is %s: only a held or"
		               " quarantined lot is released", l.lot_no, l.status);
	if ((rc = no_open_nc(db, &l)) != MES_OK)
		return rc;
	lot_hash(&l, hash);
	if ((rc = mes_sign(db, signer, pin, "release", "lots", l.id, l.version,
	                   hash, MES_ROLE_QUALITY | MES_ROLE_ADMIN, &sig)))
		return rc;
	if ((rc = tx_begin(db, PERM_LOT_STATUS, "lot.release")) != MES_OK)
		return rc;
	{
		struct lot_row now;

		/* Signed what it saw: a change in between voids the release. */
		if ((rc = lot_load(db, lot_no, &now)) == MES_OK &&
		    now.version != l.version)
			rc = db_fail(db, MES_ERR_STATE, "lot %s changed while it "
			             "was being signed: sign again", l.lot_no);
	}
	if (rc == MES_OK)
		rc = lot_set_status(db, l.id, "released");
	if (rc == MES_OK)
		rc = audit_status(db, "lot.release", &l, "released", reason, sig);
	return tx_end(db, rc);
}
