/*
 * Work order states: planned -> released -> running -> complete -> closed,
 * and held from planned, released or running, back to where it was.
 * Running and complete are reached by the operations (ops.c), not here.
 */
#include <stdio.h>
#include <string.h>
#include "prod_int.h"

struct order_row {
	long long id;
	char wo_no[33], status[12], held_from[12], hold_reason[256];
};

static int order_load(struct mes_db *db, const char *wo_no,
                      struct order_row *o)
{
	static const char sql[] = "SELECT id, wo_no, status, "
		"ifnull(held_from, ''), hold_reason FROM work_orders "
		"WHERE wo_no = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, wo_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->id = sqlite3_column_int64(st, 0);
		str_copy(o->wo_no, sizeof o->wo_no, col_text(st, 1));
		str_copy(o->status, sizeof o->status, col_text(st, 2));
		str_copy(o->held_from, sizeof o->held_from, col_text(st, 3));
		str_copy(o->hold_reason, sizeof o->hold_reason,
		         col_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the work order");
	return db_fail(db, MES_ERR_NOTFOUND, "no work order \"%s\"", wo_no);
}

static const char *status_json(struct mes_json *b, const char *status,
                               const char *held_from)
{
	mes_json_init(b);
	mes_json_str(b, "status", status);
	if (held_from && *held_from)
		mes_json_str(b, "held_from", held_from);
	return mes_json_done(b);
}

/* One audited status change; the checks were made by the caller. */
static int order_change(struct mes_db *db, const char *action,
                        const struct order_row *o, const char *status,
                        const char *held_from, const char *reason)
{
	struct mes_json ob, nb;
	const char *ov, *nv;
	int rc;

	rc = order_set_status(db, o->id, status, held_from,
	                      held_from ? reason : "");
	ov = status_json(&ob, o->status, o->held_from);
	nv = status_json(&nb, status, held_from);
	if (rc == MES_OK)
		rc = ov && nv ? audit_append(db, action, "work_orders",
		                             o->wo_no, ov, nv, reason) :
		                MES_ERR_NOMEM;
	mes_json_free(&ob);
	mes_json_free(&nb);
	return rc;
}

/* Opens the change and loads the order; on failure nothing is open. */
static int order_begin(struct mes_db *db, const char *wo_no,
                       const char *action, struct order_row *o)
{
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!wo_no || !*wo_no)
		return db_fail(db, MES_ERR_ARG, "no work order number given");
	if ((rc = tx_begin(db, PERM_ORDERS, action)) != MES_OK)
		return rc;
	if ((rc = order_load(db, wo_no, o)) != MES_OK)
		return tx_end(db, rc);
	return MES_OK;
}

int mes_order_release(struct mes_db *db, const char *wo_no)
{
	struct order_row o;
	int rc;

	if ((rc = order_begin(db, wo_no, "order.release", &o)) != MES_OK)
		return rc;
	if (strcmp(o.status, "planned") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s, not "
		              "planned: only a planned order is released%s",
		              o.wo_no, o.status, !strcmp(o.status, "held") ?
		              " (unhold it first)" : ""));
	return tx_end(db, order_change(db, "order.release", &o, "released",
	                               NULL, ""));
}

int mes_order_hold(struct mes_db *db, const char *wo_no, const char *reason)
{
	struct order_row o;
	int rc;

	if (db && (!reason || !*reason))
		return db_fail(db, MES_ERR_ARG, "a hold needs a reason the "
		               "floor can read (--reason)");
	if ((rc = order_begin(db, wo_no, "order.hold", &o)) != MES_OK)
		return rc;
	if (strcmp(o.status, "planned") && strcmp(o.status, "released") &&
	    strcmp(o.status, "running"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s%s%s: "
		              "only a planned, released or running order can "
		              "be held", o.wo_no, o.status, o.hold_reason[0] ?
		              " for: " : "", o.hold_reason));
	return tx_end(db, order_change(db, "order.hold", &o, "held",
	                               o.status, reason));
}

int mes_order_unhold(struct mes_db *db, const char *wo_no,
                     const char *reason)
{
	struct order_row o;
	char back[12];
	int rc;

	if ((rc = order_begin(db, wo_no, "order.unhold", &o)) != MES_OK)
		return rc;
	if (strcmp(o.status, "held") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s, not "
		              "held: nothing to unhold", o.wo_no, o.status));
	str_copy(back, sizeof back, o.held_from[0] ? o.held_from :
	         "released");
	return tx_end(db, order_change(db, "order.unhold", &o, back, NULL,
	                               reason ? reason : ""));
}

int mes_order_close(struct mes_db *db, const char *wo_no)
{
	struct order_row o;
	int rc;

	if ((rc = order_begin(db, wo_no, "order.close", &o)) != MES_OK)
		return rc;
	if (strcmp(o.status, "complete") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: only a"
		              " complete order is closed (its last operation "
		              "completes it)", o.wo_no, o.status));
	return tx_end(db, order_change(db, "order.close", &o, "closed", NULL,
	                               ""));
}
