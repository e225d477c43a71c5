/*
 * A planner's move on the Gantt chart: an operation earlier, later or
 * onto an allowed alternative work center.  The move is checked against
 * the plan around it (routing order, the work center's capacity) and the
 * operation is pinned where it was put, so the next schedule keeps it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "prod_int.h"

struct span {
	char start[32], end[32];
};

static time_t iso_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (!s || !*s || !strptime(s, "%Y-%m-%dT%H:%M", &tm))
		return 0;
	return timegm(&tm);
}

static void time_iso(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:00.000Z", &tm);
}

static int plan_of(struct mes_db *db, long long op_id, struct span *s)
{
	static const char sql[] = "SELECT ifnull(plan_start, ''), "
		"ifnull(plan_end, '') FROM wo_ops WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op_id);
	memset(s, 0, sizeof *s);
	if (sqlite3_step(st) == SQLITE_ROW) {
		str_copy(s->start, sizeof s->start, col_text(st, 0));
		str_copy(s->end, sizeof s->end, col_text(st, 1));
	}
	sqlite3_reset(st);
	return MES_OK;
}

/* Minutes the operation takes on wc: its routing's or the alternative's
 * run time; MES_ERR_ARG when wc is not allowed for it. */
static int duration_on(struct mes_db *db, const struct op_row *op,
                       long long wc_id, double *minutes)
{
	static const char sql[] = "SELECT o.setup_min, ifnull((SELECT run_min"
		" FROM routing_ops r WHERE r.id = o.routing_op_id AND r.wc_id ="
		" ?2), (SELECT run_min FROM routing_alternatives a WHERE "
		"a.routing_op_id = o.routing_op_id AND a.wc_id = ?2)) FROM wo_ops"
		" o WHERE o.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	double left = op->qty - op->good;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_int64(st, 2, wc_id);
	*minutes = 0;
	rc = sqlite3_step(st) == SQLITE_ROW &&
	     sqlite3_column_type(st, 1) != SQLITE_NULL;
	if (rc)
		*minutes = sqlite3_column_double(st, 0) +
		           sqlite3_column_double(st, 1) * (left > 0 ? left : 0);
	sqlite3_reset(st);
	if (!rc)
		return db_fail(db, MES_ERR_ARG, "%s may not run on that work "
		               "center: it is not its routing's work center nor an"
		               " allowed alternative", op->key);
	return MES_OK;
}

/* The operations right before and after in the order must not cross. */
static int check_neighbours(struct mes_db *db, const struct op_row *op,
                            const char *start, const char *end)
{
	static const char sql[] = "SELECT seq, ifnull(plan_start, ''), "
		"ifnull(plan_end, ''), status FROM wo_ops WHERE wo_id = ? AND "
		"seq != ? AND status != 'complete' ORDER BY seq";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc = MES_OK;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->wo_id);
	sqlite3_bind_int(st, 2, op->seq);
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		int seq = sqlite3_column_int(st, 0);
		const char *ps = col_text(st, 1), *pe = col_text(st, 2);

		if (seq < op->seq && *pe && strcmp(start, pe) < 0)
			rc = db_fail(db, MES_ERR_STATE, "refused: %s would start "
			             "at %.16s, before operation %d of the order "
			             "ends at %.16s", op->key, start, seq, pe);
		else if (seq > op->seq && *ps && strcmp(end, ps) > 0)
			rc = db_fail(db, MES_ERR_STATE, "refused: %s would end at "
			             "%.16s, after operation %d of the order starts "
			             "at %.16s", op->key, end, seq, ps);
	}
	sqlite3_reset(st);
	return rc;
}

/* No more operations at once on the work center than its capacity. */
static int check_capacity(struct mes_db *db, const struct op_row *op,
                          long long wc_id, const char *start, const char *end)
{
	static const char sql[] = "SELECT w.wo_no, o.seq, o.plan_start, "
		"o.plan_end, c.capacity, c.code FROM wo_ops o JOIN work_orders w "
		"ON w.id = o.wo_id JOIN work_centers c ON c.id = o.wc_id WHERE "
		"o.wc_id = ?1 AND o.id != ?2 AND o.status != 'complete' AND "
		"o.plan_start < ?4 AND o.plan_end > ?3 ORDER BY o.plan_start";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0, cap = 1, rc;
	char first[64] = "", code[33] = "";

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc_id);
	sqlite3_bind_int64(st, 2, op->id);
	sqlite3_bind_text(st, 3, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, end, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!n++)
			snprintf(first, sizeof first, "%s/%d (%.16s to %.16s)",
			         col_text(st, 0), sqlite3_column_int(st, 1),
			         col_text(st, 2), col_text(st, 3));
		cap = sqlite3_column_int(st, 4);
		str_copy(code, sizeof code, col_text(st, 5));
	}
	sqlite3_reset(st);
	if (n >= cap)
		return db_fail(db, MES_ERR_STATE, "refused: %s would overlap %s"
		               " on %s, which runs %d at a time", op->key, first,
		               code, cap);
	return MES_OK;
}

static int write_move(struct mes_db *db, const struct op_row *op,
                      long long wc_id, const char *start, const char *end,
                      const struct span *old)
{
	static const char sql[] = "UPDATE wo_ops SET plan_start = ?, plan_end ="
		" ?, wc_id = ?, plan_wc_id = ?, pinned = 1, version = version + 1"
		" WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct mes_json o, n;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, wc_id);
	sqlite3_bind_int64(st, 4, wc_id);
	sqlite3_bind_int64(st, 5, op->id);
	if ((rc = step_done(db, st, "moving the operation")) != MES_OK)
		return rc;
	mes_json_init(&o);
	mes_json_init(&n);
	mes_json_str(&o, "start", old->start);
	mes_json_str(&o, "end", old->end);
	mes_json_str(&o, "work_center", op->wc);
	mes_json_str(&n, "start", start);
	mes_json_str(&n, "end", end);
	mes_json_int(&n, "work_center_id", wc_id);
	mes_json_int(&n, "pinned", 1);
	rc = audit_append(db, "op.move", "wo_ops", op->key, mes_json_done(&o),
	                  mes_json_done(&n), "planner's move");
	mes_json_free(&o);
	mes_json_free(&n);
	return rc;
}

/* A start nobody is there for is no plan: the work center's shifts must
 * cover it (one with no shift calendar works around the clock). */
static int check_working(struct mes_db *db, const struct op_row *op,
                         long long wc_id, time_t s)
{
	static const char sql[] = "SELECT code FROM work_centers WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	char code[33] = "", at[32];
	double min = 0;
	struct tm tm;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(code, sizeof code, col_text(st, 0));
	sqlite3_reset(st);
	if ((rc = mes_wc_available_min(db, code, s, s + 60, &min)) != MES_OK)
		return rc;
	if (min > 0)
		return MES_OK;
	localtime_r(&s, &tm);
	strftime(at, sizeof at, "%a %H:%M", &tm);
	return db_fail(db, MES_ERR_STATE, "refused: %s would start %s, outside"
	               " the shifts of %s: move it into a shift", op->key, at,
	               code);
}

static int move(struct mes_db *db, const struct op_row *op, long long wc_id,
                long long delta_min)
{
	struct span old;
	char start[32], end[32];
	double minutes;
	time_t s;
	int rc;

	if (strcmp(op->status, "waiting") != 0)
		return db_fail(db, MES_ERR_STATE, "%s is %s: only waiting "
		               "operations can be moved", op->key, op->status);
	if ((rc = plan_of(db, op->id, &old)) != MES_OK)
		return rc;
	if (!old.start[0])
		return db_fail(db, MES_ERR_STATE, "%s has no plan yet: run the "
		               "scheduler first (mesctl schedule)", op->key);
	if ((rc = duration_on(db, op, wc_id, &minutes)) != MES_OK)
		return rc;
	s = iso_time(old.start) + (time_t)delta_min * 60;
	if (s < time(NULL) - 60)
		return db_fail(db, MES_ERR_STATE, "refused: %s would start in "
		               "the past", op->key);
	if ((rc = check_working(db, op, wc_id, s)) != MES_OK)
		return rc;
	time_iso(s, start);
	/* Whole minutes, rounded up, as the scheduler plans. */
	time_iso(s + ((time_t)minutes + ((double)(time_t)minutes < minutes)) *
	         60, end);
	if ((rc = check_neighbours(db, op, start, end)) != MES_OK ||
	    (rc = check_capacity(db, op, wc_id, start, end)) != MES_OK)
		return rc;
	return write_move(db, op, wc_id, start, end, &old);
}

int mes_op_plan_move(struct mes_db *db, const char *wo_no, int seq,
                     const char *wc_code, long long delta_min)
{
	static const char wc_sql[] = "SELECT id FROM work_centers WHERE code=?";
	struct op_row op;
	long long wc_id;
	int rc;

	if (!db || !db->h || !wo_no)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_PLAN, "op.move")) != MES_OK)
		return rc;
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK)
		return tx_end(db, rc);
	wc_id = op.wc_id;
	if (wc_code && *wc_code &&
	    (wc_id = db_lookup_id(db, wc_sql, wc_code)) <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no work center"
		              " \"%s\"", wc_code));
	rc = move(db, &op, wc_id, delta_min);
	if (rc == MES_ERR_STATE && !strncmp(db->err, "refused", 7))
		return tx_refuse(db, rc, "op.move", op.key);
	return tx_end(db, rc);
}

int mes_op_alternatives(struct mes_db *db, const char *wo_no, int seq,
                        mes_reason_fn fn, void *ctx)
{
	static const char sql[] = "SELECT c.code, c.name FROM wo_ops o JOIN "
		"work_orders w ON w.id = o.wo_id JOIN work_centers c ON c.id IN "
		"(SELECT r.wc_id FROM routing_ops r WHERE r.id = o.routing_op_id "
		"UNION SELECT a.wc_id FROM routing_alternatives a WHERE "
		"a.routing_op_id = o.routing_op_id UNION SELECT o.wc_id) WHERE "
		"w.wo_no = ? AND o.seq = ? ORDER BY c.code";
	sqlite3_stmt *st;
	int stop = 0;

	if (!db || !db->h || !wo_no || !fn)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, wo_no, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	while (!stop && sqlite3_step(st) == SQLITE_ROW)
		stop = fn(col_text(st, 0), col_text(st, 1), ctx);
	sqlite3_reset(st);
	return MES_OK;
}
