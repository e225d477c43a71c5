/*
 * A serialized unit through its order's operations, one at a time and in
 * routing order, and what is built into it: other units by serial, or a
 * quantity of a lot.
 */
#include <stdio.h>
#include <string.h>
#include "mat_int.h"
#include "unit_int.h"

struct unit_row {
	long long id, item_id, wo_id;
	char serial[32], status[16], wo_no[33], item_no[41];
};

static int unit_load(struct mes_db *db, const char *serial,
                     struct unit_row *u)
{
	static const char sql[] = "SELECT u.id, u.item_id, u.wo_id, u.serial, "
		"u.status, w.wo_no, i.item_no FROM units u JOIN work_orders w ON "
		"w.id = u.wo_id JOIN items i ON i.id = u.item_id WHERE u.serial = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u->id = sqlite3_column_int64(st, 0);
		u->item_id = sqlite3_column_int64(st, 1);
		u->wo_id = sqlite3_column_int64(st, 2);
		str_copy(u->serial, sizeof u->serial, col_text(st, 3));
		str_copy(u->status, sizeof u->status, col_text(st, 4));
		str_copy(u->wo_no, sizeof u->wo_no, col_text(st, 5));
		str_copy(u->item_no, sizeof u->item_no, col_text(st, 6));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	return rc == SQLITE_DONE ? db_fail(db, MES_ERR_NOTFOUND, "no unit %s: "
	       "check the label", serial) :
	       db_sqlfail(db, rc, "reading the unit");
}

int unit_op_running(struct mes_db *db, const struct op_row *op)
{
	if (!strcmp(op->status, "running"))
		return MES_OK;
	return db_fail(db, MES_ERR_STATE, "%s is %s: start it first, then its "
	               "units", op->key, op->status);
}

int unit_op_begin(struct mes_db *db, long long unit_id,
                  const struct op_row *op)
{
	static const char sql[] = "INSERT INTO unit_ops (unit_id, wo_op_id, "
		"status, start_ts, started_by) VALUES (?, ?, 'running', ?, ?)";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, op->id);
	bind_now(st, 3);
	sqlite3_bind_int64(st, 4, db->sess.user_id);
	return step_done(db, st, "starting the unit");
}

/* The unit's state at an operation: "" none, running, complete. */
static int unit_at(struct mes_db *db, long long unit_id, long long op_id,
                   char status[16])
{
	static const char sql[] = "SELECT status FROM unit_ops WHERE unit_id = "
		"? AND wo_op_id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	status[0] = '\0';
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, op_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(status, 16, col_text(st, 0));
	sqlite3_reset(st);
	return MES_OK;
}

/* The operation the unit is running at, into key; 0 when none. */
static long long running_at(struct mes_db *db, long long unit_id,
                            char key[48])
{
	static const char sql[] = "SELECT o.id, w.wo_no || '/' || o.seq FROM "
		"unit_ops x JOIN wo_ops o ON o.id = x.wo_op_id JOIN work_orders w "
		"ON w.id = o.wo_id WHERE x.unit_id = ? AND x.status = 'running'";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	key[0] = '\0';
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, unit_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		str_copy(key, 48, col_text(st, 1));
	}
	sqlite3_reset(st);
	return id;
}

/* Opens the change and loads the unit, in process, and its order's op. */
static int unit_begin(struct mes_db *db, const char *action,
                      const char *serial, int seq, struct unit_row *u,
                      struct op_row *op)
{
	int rc;

	if (!db || !db->h || !serial)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_OPERATE, action)) != MES_OK)
		return rc;
	if ((rc = unit_load(db, serial, u)) != MES_OK)
		return tx_end(db, rc);
	if (strcmp(u->status, "in-process") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "unit %s is %s",
		              serial, u->status));
	if (seq > 0 && (rc = op_load(db, u->wo_no, seq, op)) != MES_OK)
		return tx_end(db, rc);
	return MES_OK;
}

int mes_unit_start(struct mes_db *db, const char *serial, int seq)
{
	struct unit_row u;
	struct op_row op, prev;
	char at[16], key[48];
	int rc, has;

	if ((rc = unit_begin(db, "unit.start", serial, seq, &u, &op)) != MES_OK)
		return rc;
	if ((rc = unit_op_running(db, &op)) != MES_OK ||
	    (rc = unit_at(db, u.id, op.id, at)) != MES_OK)
		return tx_end(db, rc);
	if (at[0])
		return tx_end(db, db_fail(db, MES_ERR_STATE, "unit %s is %s at "
		              "%s already", serial, at, op.key));
	if (running_at(db, u.id, key) > 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "unit %s is at %s: "
		              "complete it there first", serial, key));
	if ((has = op_prev(db, &op, &prev)) < 0)
		return tx_end(db, MES_ERR_DB);
	if (has && ((rc = unit_at(db, u.id, prev.id, at)) != MES_OK ||
	            strcmp(at, "complete")))
		return tx_end(db, rc != MES_OK ? rc : db_fail(db, MES_ERR_STATE,
		              "unit %s has not completed %s: it goes through the "
		              "routing in order", serial, prev.key));
	rc = unit_op_begin(db, u.id, &op);
	if (rc == MES_OK)
		rc = audit_append(db, "unit.start", "units", serial, "", op.key,
		                  "");
	return tx_end(db, rc);
}

/* 1 when op is the last of its order. */
static int last_op(struct mes_db *db, const struct op_row *op)
{
	static const char sql[] = "SELECT count(*) FROM wo_ops WHERE wo_id = ? "
		"AND seq > ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int later = 1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, op->wo_id);
	sqlite3_bind_int(st, 2, op->seq);
	if (sqlite3_step(st) == SQLITE_ROW)
		later = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return later == 0;
}

int mes_unit_complete(struct mes_db *db, const char *serial, int seq)
{
	static const char done[] = "UPDATE unit_ops SET status = 'complete', "
		"end_ts = ?, ended_by = ? WHERE unit_id = ? AND wo_op_id = ?";
	static const char fin[] = "UPDATE units SET status = 'complete' WHERE "
		"id = ?";
	struct unit_row u;
	struct op_row op;
	sqlite3_stmt *st;
	char at[16];
	int rc, last;

	if ((rc = unit_begin(db, "unit.complete", serial, seq, &u, &op)) !=
	    MES_OK)
		return rc;
	if ((rc = unit_at(db, u.id, op.id, at)) != MES_OK)
		return tx_end(db, rc);
	if (strcmp(at, "running") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "unit %s is %s at "
		              "%s: start it there first", serial,
		              at[0] ? at : "not started", op.key));
	if (strcmp(op.status, "running") && strcmp(op.status, "paused"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s", op.key,
		              op.status));
	if (!(st = db_stmt(db, done)))
		return tx_end(db, MES_ERR_DB);
	bind_now(st, 1);
	sqlite3_bind_int64(st, 2, db->sess.user_id);
	sqlite3_bind_int64(st, 3, u.id);
	sqlite3_bind_int64(st, 4, op.id);
	if ((rc = step_done(db, st, "completing the unit")) != MES_OK)
		return tx_end(db, rc);
	/* One good unit more on the operation, as a report books it. */
	if ((rc = op_report_tx(db, &op, 1, 0, "")) != MES_OK)
		return tx_end(db, rc);
	if ((last = last_op(db, &op)) < 0)
		return tx_end(db, MES_ERR_DB);
	if (last && (st = db_stmt(db, fin))) {
		sqlite3_bind_int64(st, 1, u.id);
		rc = step_done(db, st, "completing the unit");
	} else if (last) {
		rc = MES_ERR_DB;
	}
	if (rc == MES_OK)
		rc = audit_append(db, "unit.complete", "units", serial, "",
		                  op.key, last ? "the unit is complete" : "");
	return tx_end(db, rc);
}

/* The unit's item has a bill of materials and item is not in it. */
static int not_in_bom(struct mes_db *db, long long parent, long long item)
{
	static const char sql[] = "SELECT count(*), sum(component_id = ?2) "
		"FROM bom WHERE parent_id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0, in = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, parent);
	sqlite3_bind_int64(st, 2, item);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		in = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return n > 0 && !in;
}

static int add_part(struct mes_db *db, const struct unit_row *u,
                    long long op_id, long long child, long long lot,
                    double qty)
{
	static const char sql[] = "INSERT INTO unit_parts (unit_id, "
		"child_unit_id, lot_id, qty, wo_op_id, ts, user_id) VALUES (?, "
		"nullif(?, 0), nullif(?, 0), ?, ?, ?, ?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_int64(st, 2, child);
	sqlite3_bind_int64(st, 3, lot);
	sqlite3_bind_double(st, 4, qty);
	sqlite3_bind_int64(st, 5, op_id);
	bind_now(st, 6);
	sqlite3_bind_int64(st, 7, db->sess.user_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return db_fail(db, MES_ERR_STATE, "that unit is built into "
		               "another already");
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "building it in");
}

/* A component by serial: a complete unit of another item. */
static int build_unit(struct mes_db *db, const struct unit_row *u,
                      long long op_id, const struct unit_row *c)
{
	int bad;

	if (c->id == u->id)
		return db_fail(db, MES_ERR_ARG, "a unit is not built into itself");
	if (strcmp(c->status, "complete") != 0)
		return db_fail(db, MES_ERR_STATE, "unit %s is %s: only a complete "
		               "unit is built in", c->serial, c->status);
	if ((bad = not_in_bom(db, u->item_id, c->item_id)) != 0)
		return bad < 0 ? MES_ERR_DB : db_fail(db, MES_ERR_ARG, "%s is not "
		       "in the bill of materials of %s", c->item_no, u->item_no);
	return add_part(db, u, op_id, c->id, 0, 1);
}

static int build_lot(struct mes_db *db, const struct unit_row *u,
                     long long op_id, const struct lot_row *l, double qty)
{
	int bad;

	if (!(qty > 0) || qty > 1e9)
		return db_fail(db, MES_ERR_RANGE, "a lot's quantity built in is "
		               "above 0");
	if (strcmp(l->status, "released") != 0)
		return db_fail(db, MES_ERR_STATE, "lot %s is %s: only a released "
		               "lot is built in", l->lot_no, l->status);
	if ((bad = not_in_bom(db, u->item_id, l->item_id)) != 0)
		return bad < 0 ? MES_ERR_DB : db_fail(db, MES_ERR_ARG, "%s is not "
		       "in the bill of materials of %s", l->item_no, u->item_no);
	return add_part(db, u, op_id, 0, l->id, qty);
}

int mes_unit_build(struct mes_db *db, const char *serial,
                   const char *component, double qty)
{
	struct unit_row u, c;
	struct lot_row l;
	struct op_row op;
	char key[48];
	long long at;
	int rc;

	if (!component)
		return db_badarg(db, __func__);
	if ((rc = unit_begin(db, "unit.build", serial, 0, &u, &op)) != MES_OK)
		return rc;
	if ((at = running_at(db, u.id, key)) <= 0)
		return tx_end(db, at < 0 ? MES_ERR_DB : db_fail(db, MES_ERR_STATE,
		              "unit %s is at no operation: start it at the one "
		              "that builds it", serial));
	if (unit_load(db, component, &c) == MES_OK)
		rc = build_unit(db, &u, at, &c);
	else if ((rc = lot_load(db, component, &l)) == MES_OK)
		rc = build_lot(db, &u, at, &l, qty);
	else if (rc == MES_ERR_NOTFOUND)
		rc = db_fail(db, rc, "%s is neither a unit's serial nor a lot",
		             component);
	if (rc == MES_OK)
		rc = audit_append(db, "unit.build", "units", serial, "", component,
		                  key);
	return tx_end(db, rc);
}
