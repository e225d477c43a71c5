/* Helpers the production modules share: loading an operation, history,
 * status changes, dates and reason codes. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "prod_int.h"

#define OP_COLS "SELECT o.id, o.wo_id, ifnull(o.routing_op_id, 0), " \
	"o.wc_id, ifnull(r.skill_id, 0), o.seq, o.version, w.wo_no, " \
	"i.item_no, c.code, o.status, w.status, w.qty, o.qty_good, " \
	"o.qty_scrap, ifnull(o.actual_start, '') FROM wo_ops o " \
	"JOIN work_orders w ON w.id = o.wo_id " \
	"JOIN items i ON i.id = w.item_id " \
	"JOIN work_centers c ON c.id = o.wc_id " \
	"LEFT JOIN routing_ops r ON r.id = o.routing_op_id "

static void fill_op(sqlite3_stmt *st, struct op_row *op)
{
	memset(op, 0, sizeof *op);
	op->id = sqlite3_column_int64(st, 0);
	op->wo_id = sqlite3_column_int64(st, 1);
	op->routing_op_id = sqlite3_column_int64(st, 2);
	op->wc_id = sqlite3_column_int64(st, 3);
	op->skill_id = sqlite3_column_int64(st, 4);
	op->seq = sqlite3_column_int(st, 5);
	op->version = sqlite3_column_int64(st, 6);
	str_copy(op->wo_no, sizeof op->wo_no, col_text(st, 7));
	str_copy(op->item_no, sizeof op->item_no, col_text(st, 8));
	str_copy(op->wc, sizeof op->wc, col_text(st, 9));
	str_copy(op->status, sizeof op->status, col_text(st, 10));
	str_copy(op->order_status, sizeof op->order_status, col_text(st, 11));
	op->qty = sqlite3_column_double(st, 12);
	op->good = sqlite3_column_double(st, 13);
	op->scrap = sqlite3_column_double(st, 14);
	str_copy(op->actual_start, sizeof op->actual_start, col_text(st, 15));
	snprintf(op->key, sizeof op->key, "%s/%d", op->wo_no, op->seq);
}

int op_load(struct mes_db *db, const char *wo_no, int seq, struct op_row *op)
{
	static const char sql[] = OP_COLS "WHERE w.wo_no = ? AND o.seq = ?";
	static const char wo_sql[] = "SELECT id FROM work_orders WHERE wo_no=?";
	sqlite3_stmt *st;
	int rc;

	if (!wo_no || !*wo_no)
		return db_fail(db, MES_ERR_ARG, "no work order number given");
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, wo_no, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_op(st, op);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the operation");
	if (db_lookup_id(db, wo_sql, wo_no) <= 0)
		return db_fail(db, MES_ERR_NOTFOUND, "no work order \"%s\": "
		               "check the number on the traveler", wo_no);
	return db_fail(db, MES_ERR_NOTFOUND, "work order %s has no "
	               "operation %d", wo_no, seq);
}

int op_prev(struct mes_db *db, const struct op_row *op, struct op_row *prev)
{
	static const char sql[] = OP_COLS "WHERE o.wo_id = ? AND o.seq < ? "
		"ORDER BY o.seq DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, op->wo_id);
	sqlite3_bind_int(st, 2, op->seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_op(st, prev);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

int op_event_add(struct mes_db *db, long long op_id, const char *kind,
                 double good, double scrap, const char *reason,
                 const char *note)
{
	static const char sql[] = "INSERT INTO op_events (wo_op_id, ts, "
		"user_id, kind, qty_good, qty_scrap, reason_code, note) "
		"VALUES (?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op_id);
	bind_now(st, 2);
	sqlite3_bind_int64(st, 3, db->sess.user_id);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, good);
	sqlite3_bind_double(st, 6, scrap);
	sqlite3_bind_text(st, 7, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, note ? note : "", -1, SQLITE_STATIC);
	return step_done(db, st, "recording the operation's history");
}

int op_set_status(struct mes_db *db, const struct op_row *op,
                  const char *status, int set_start, int set_end)
{
	static const char sql[] = "UPDATE wo_ops SET status = ?1, "
		"actual_start = CASE WHEN ?2 AND actual_start IS NULL "
		"THEN ?4 ELSE actual_start END, "
		"actual_end = CASE WHEN ?3 THEN ?4 ELSE actual_end END, "
		"version = version + 1 WHERE id = ?5";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, set_start);
	sqlite3_bind_int(st, 3, set_end);
	bind_now(st, 4);
	sqlite3_bind_int64(st, 5, op->id);
	return step_done(db, st, "changing the operation");
}

void op_content_hash(const struct op_row *op, long long user_id,
                     char out[65])
{
	char buf[512];
	int n;

	/* Length-prefixed like the signature itself: fields cannot blur. */
	n = snprintf(buf, sizeof buf, "wo_ops;%lld;%zu:%s;%d;%zu:%s;%zu:%s;"
	             "%lld;%lld;%lld", op->id, strlen(op->wo_no), op->wo_no,
	             op->seq, strlen(op->wc), op->wc, strlen(op->status),
	             op->status, op->version, op->skill_id, user_id);
	if (n < 0 || (size_t)n >= sizeof buf)
		n = (int)sizeof buf - 1;
	mes_sha256_hex(buf, (size_t)n, out);
}

int order_set_status(struct mes_db *db, long long wo_id, const char *status,
                     const char *held_from, const char *hold_reason)
{
	static const char sql[] = "UPDATE work_orders SET status = ?, "
		"held_from = ?, hold_reason = ?, version = version + 1 "
		"WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	if (held_from)
		sqlite3_bind_text(st, 2, held_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hold_reason ? hold_reason : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, wo_id);
	return step_done(db, st, "changing the work order");
}

/* The codes of a kind, for a message that tells what to type instead. */
static void reason_list(struct mes_db *db, const char *kind, char *out,
                        size_t n)
{
	static const char sql[] = "SELECT code FROM reason_codes "
		"WHERE kind = ? ORDER BY code";
	sqlite3_stmt *st = db_stmt(db, sql);
	size_t len = 0;

	out[0] = 0;
	if (!st)
		return;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && len + 1 < n)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		                        len ? ", " : "", col_text(st, 0));
	sqlite3_reset(st);
}

int reason_check(struct mes_db *db, const char *code, const char *kind)
{
	static const char sql[] = "SELECT kind FROM reason_codes WHERE code=?";
	sqlite3_stmt *st;
	char have[16] = "", list[256];
	int rc;

	if (code && *code) {
		if (!(st = db_stmt(db, sql)))
			return MES_ERR_DB;
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			str_copy(have, sizeof have, col_text(st, 0));
		sqlite3_reset(st);
		if (!strcmp(have, kind))
			return MES_OK;
	}
	reason_list(db, kind, list, sizeof list);
	if (!code || !*code)
		return db_fail(db, MES_ERR_ARG, "a %s needs a reason code "
		               "(one of: %s)", kind, list[0] ? list : "none "
		               "defined yet: a lead adds them");
	return db_fail(db, MES_ERR_NOTFOUND, "\"%s\" is not a %s reason "
	               "code%s%s%s: use one of %s", code, kind,
	               have[0] ? " (it is a " : "", have, have[0] ? " code)" :
	               "", list[0] ? list : "none (a lead adds them)");
}
