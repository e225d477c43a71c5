/*
 * Labor: spells of an operator clocked on an operation.  Starting clocks
 * the starter on, pausing and completing clock everyone off; more people
 * join a running operation with mes_labor_on.  Hours come from the spells.
 */
#include <stdio.h>
#include <string.h>
#include "prod_int.h"

static int open_spell(struct mes_db *db, long long op_id, long long user_id)
{
	static const char sql[] = "SELECT 1 FROM labor WHERE wo_op_id = ? "
		"AND user_id = ? AND clock_off IS NULL";
	sqlite3_stmt *st = db_stmt(db, sql);
	int on;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, op_id);
	sqlite3_bind_int64(st, 2, user_id);
	on = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return on;
}

/* The operations the user is clocked on, as "WO-1/10, WO-2/20". */
static int open_count(struct mes_db *db, long long user_id, char *list,
                      size_t n)
{
	static const char sql[] = "SELECT w.wo_no, o.seq FROM labor l "
		"JOIN wo_ops o ON o.id = l.wo_op_id "
		"JOIN work_orders w ON w.id = o.wo_id "
		"WHERE l.user_id = ? AND l.clock_off IS NULL ORDER BY l.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	size_t len = 0;
	int count = 0;

	list[0] = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (len + 1 < n)
			len += (size_t)snprintf(list + len, n - len, "%s%s/%d",
			                        count ? ", " : "",
			                        col_text(st, 0),
			                        sqlite3_column_int(st, 1));
		count++;
	}
	sqlite3_reset(st);
	return count;
}

int labor_clock_on(struct mes_db *db, const struct op_row *op)
{
	static const char sql[] = "INSERT INTO labor (user_id, wo_op_id, "
		"clock_on) VALUES (?,?,?)";
	sqlite3_stmt *st;
	char list[256];
	int on, n;

	if ((on = open_spell(db, op->id, db->sess.user_id)) < 0)
		return MES_ERR_DB;
	if (on)
		return MES_OK;
	if ((n = open_count(db, db->sess.user_id, list, sizeof list)) < 0)
		return MES_ERR_DB;
	if (n >= db->set.max_open_labor)
		return db_fail(db, MES_ERR_STATE, "%s is clocked on %d "
		               "operation%s already (%s), the most allowed "
		               "([dispatch] max_open_labor): clock off one or "
		               "complete it first", db->sess.login, n,
		               n == 1 ? "" : "s", list);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, db->sess.user_id);
	sqlite3_bind_int64(st, 2, op->id);
	bind_now(st, 3);
	return step_done(db, st, "clocking on");
}

int labor_clock_off(struct mes_db *db, long long op_id, long long user_id,
                    int *closed)
{
	static const char sql[] = "UPDATE labor SET clock_off = ?1 WHERE "
		"wo_op_id = ?2 AND (?3 = 0 OR user_id = ?3) AND clock_off IS NULL";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	bind_now(st, 1);
	sqlite3_bind_int64(st, 2, op_id);
	sqlite3_bind_int64(st, 3, user_id);
	rc = step_done(db, st, "clocking off");
	if (closed)
		*closed = rc == MES_OK ? sqlite3_changes(db->h) : 0;
	return rc;
}

static const char *labor_json(struct mes_json *b, const char *login, int on)
{
	mes_json_init(b);
	mes_json_str(b, "operator", login);
	mes_json_str(b, "labor", on ? "on" : "off");
	return mes_json_done(b);
}

int mes_labor_on(struct mes_db *db, const char *wo_no, int seq)
{
	struct op_row op;
	struct mes_json b;
	int rc, on;

	mes_json_init(&b);
	if ((rc = tx_begin(db, PERM_OPERATE, "labor.on")) != MES_OK)
		return rc;
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK)
		return tx_end(db, rc);
	if (strcmp(op.status, "running") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: clock "
		              "on a running operation (start or resume it)",
		              op.key, op.status));
	if ((on = open_spell(db, op.id, db->sess.user_id)) != 0)
		return tx_end(db, on < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_EXISTS, "%s is clocked on %s already",
		              db->sess.login, op.key));
	if ((rc = skill_check(db, &op)) == MES_ERR_PERM)
		return tx_refuse(db, rc, "labor.on", op.key);
	if (rc == MES_OK)
		rc = labor_clock_on(db, &op);
	if (rc == MES_OK)
		rc = audit_append(db, "labor.on", "labor", op.key, "",
		                  labor_json(&b, db->sess.login, 1), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}

int mes_labor_off(struct mes_db *db, const char *wo_no, int seq)
{
	struct op_row op;
	struct mes_json b, b2;
	int rc, closed = 0;

	mes_json_init(&b);
	mes_json_init(&b2);
	if ((rc = tx_begin(db, PERM_OPERATE, "labor.off")) != MES_OK)
		return rc;
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK)
		return tx_end(db, rc);
	rc = labor_clock_off(db, op.id, db->sess.user_id, &closed);
	if (rc == MES_OK && closed == 0)
		rc = db_fail(db, MES_ERR_NOTFOUND, "%s is not clocked on %s",
		             db->sess.login, op.key);
	if (rc == MES_OK)
		rc = audit_append(db, "labor.off", "labor", op.key,
		                  labor_json(&b, db->sess.login, 1),
		                  labor_json(&b2, db->sess.login, 0), "");
	mes_json_free(&b);
	mes_json_free(&b2);
	return tx_end(db, rc);
}

int mes_labor_hours(struct mes_db *db, const char *wo_no, int seq,
                    double *hours)
{
	static const char sql[] = "SELECT ifnull(sum(julianday(ifnull("
		"clock_off, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) - "
		"julianday(clock_on)), 0) * 24 FROM labor WHERE wo_op_id = ?";
	struct op_row op;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !hours)
		return db_badarg(db, __func__);
	*hours = 0;
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op.id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*hours = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MES_OK : db_sqlfail(db, rc, "adding hours");
}
