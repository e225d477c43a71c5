/*
 * Non-conformances: open -> contained -> dispositioned -> closed.
 * Opening one holds the lot (lots.status = 'held') or the work order (its
 * hold, which start refuses); the database refuses to issue or ship a
 * held lot (trigger inv_moves_held).  Disposition and closing are signed
 * by a user with the quality role; the disposition decides how the hold
 * lifts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "quality_int.h"
#include "production/prod_int.h"

static const char *const disp_names[] = { "use-as-is", "rework", "scrap",
	"return" };

const char *mes_nc_disp_name(enum mes_nc_disp d)
{
	return (unsigned)d < N_ELEM(disp_names) ? disp_names[d] : "?";
}

int mes_nc_disp_parse(const char *name, enum mes_nc_disp *d)
{
	size_t i;

	for (i = 0; name && i < N_ELEM(disp_names); i++)
		if (!strcmp(name, disp_names[i])) {
			*d = (enum mes_nc_disp)i;
			return MES_OK;
		}
	return MES_ERR_ARG;
}

int nc_lot_status(struct mes_db *db, long long lot_id,
                          const char *status, const char *nc_no,
                          const char *why)
{
	static const char q[] = "SELECT lot_no, status FROM lots WHERE id=?";
	static const char upd[] = "UPDATE lots SET status = ?, version = "
		"version + 1 WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, q);
	char lot[48] = "", was[16] = "", ov[48], nv[48];
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, lot_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		str_copy(lot, sizeof lot, col_text(st, 0));
		str_copy(was, sizeof was, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!strcmp(was, status))
		return MES_OK;
	if (!(st = db_stmt(db, upd)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, lot_id);
	if ((rc = step_done(db, st, "changing the lot's status")) != MES_OK)
		return rc;
	snprintf(ov, sizeof ov, "{\"status\":\"%s\"}", was);
	snprintf(nv, sizeof nv, "{\"status\":\"%s\"}", status);
	return audit_append(db, !strcmp(status, "held") ? "lot.hold" :
	                    "lot.status", "lots", lot, ov, nv, why ? why :
	                    nc_no);
}

static int hold_order(struct mes_db *db, long long wo_id, const char *nc_no,
                      const char *desc)
{
	static const char q[] = "SELECT wo_no, status FROM work_orders "
		"WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, q);
	char wo[40] = "", status[16] = "", why[300], nv[64], ov[40];
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		str_copy(wo, sizeof wo, col_text(st, 0));
		str_copy(status, sizeof status, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (strcmp(status, "planned") && strcmp(status, "released") &&
	    strcmp(status, "running"))
		return MES_OK;  /* held already, or past holding */
	snprintf(why, sizeof why, "%s: %.200s", nc_no, desc);
	if ((rc = order_set_status(db, wo_id, "held", status, why)) != MES_OK)
		return rc;
	snprintf(ov, sizeof ov, "{\"status\":\"%s\"}", status);
	snprintf(nv, sizeof nv, "{\"status\":\"held\",\"held_from\":\"%s\"}",
	         status);
	return audit_append(db, "order.hold", "work_orders", wo, ov, nv, why);
}

static int nc_insert(struct mes_db *db, const struct nc_req *r,
                     const char *nc_no, const char *lot_was)
{
	static const char sql[] = "INSERT INTO nonconformances (nc_no, source,"
		" item_id, lot_id, wo_id, wo_op_id, inspection_id, alarm_id, "
		"defect_code, description, qty, lot_was, opened_by, opened_ts) "
		"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	const long long ids[] = { r->item_id, r->lot_id, r->wo_id, r->wo_op_id,
		r->inspection_id, r->alarm_id };
	int i;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, nc_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->source, -1, SQLITE_STATIC);
	for (i = 0; i < 6; i++)
		if (ids[i])
			sqlite3_bind_int64(st, 3 + i, ids[i]);
	sqlite3_bind_text(st, 9, r->defect_code ? r->defect_code : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->description, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 11, r->qty);
	sqlite3_bind_text(st, 12, lot_was, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, db->sess.user_id);
	bind_now(st, 14);
	return step_done(db, st, "saving the non-conformance");
}

int nc_open_tx(struct mes_db *db, const struct nc_req *r, char nc_no[24])
{
	static const char q_next[] = "SELECT ifnull(max(id), 0) + 1 FROM "
		"nonconformances";
	static const char q_lot[] = "SELECT status FROM lots WHERE id = ?";
	sqlite3_stmt *st;
	struct mes_json b;
	char lot_was[16] = "";
	long long next = 1;
	int rc;

	if ((st = db_stmt(db, q_next))) {
		if (sqlite3_step(st) == SQLITE_ROW)
			next = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	snprintf(nc_no, 24, "NC-%05lld", next);
	if (r->lot_id && (st = db_stmt(db, q_lot))) {
		sqlite3_bind_int64(st, 1, r->lot_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			str_copy(lot_was, sizeof lot_was, col_text(st, 0));
		sqlite3_reset(st);
	}
	if ((rc = nc_insert(db, r, nc_no, lot_was)) != MES_OK)
		return rc;
	mes_json_init(&b);
	mes_json_str(&b, "source", r->source);
	mes_json_str(&b, "description", r->description);
	mes_json_num(&b, "qty", r->qty);
	if (r->defect_code && *r->defect_code)
		mes_json_str(&b, "defect", r->defect_code);
	rc = audit_append(db, "nc.open", "nonconformances", nc_no, "",
	                  mes_json_done(&b), "");
	mes_json_free(&b);
	if (rc == MES_OK && r->lot_id && (!strcmp(lot_was, "quarantine") ||
	                                  !strcmp(lot_was, "released")))
		rc = nc_lot_status(db, r->lot_id, "held", nc_no, nc_no);
	if (rc == MES_OK && r->wo_id)
		rc = hold_order(db, r->wo_id, nc_no, r->description);
	return rc;
}

static long long lot_lookup(struct mes_db *db, const char *lot_no,
                            const char *item_no, long long *item_id)
{
	static const char sql[] = "SELECT l.id, l.item_id FROM lots l JOIN "
		"items i ON i.id = l.item_id WHERE l.lot_no = ?1 AND (?2 = '' "
		"OR i.item_no = ?2)";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;
	int n = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, lot_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, item_no ? item_no : "", -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n++ < 2) {
		id = sqlite3_column_int64(st, 0);
		*item_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (n == 0)
		return db_fail(db, MES_ERR_NOTFOUND, "no lot \"%s\"%s%s",
		               lot_no, item_no && *item_no ? " of " : "",
		               item_no ? item_no : ""), 0;
	if (n > 1)
		return db_fail(db, MES_ERR_ARG, "lot number %s is used by more"
		               " than one item: name the item too", lot_no), 0;
	return id;
}

/* An alarm's subgroup came from an operation or a lot: the NC is about
 * that when nothing else is named. */
static void alarm_target(struct mes_db *db, long long alarm_id,
                         struct nc_req *r)
{
	static const char sql[] = "SELECT ifnull(n.lot_id, 0), "
		"ifnull(n.wo_op_id, 0), ifnull(o.wo_id, 0), ifnull(l.item_id, "
		"0) FROM spc_alarms a JOIN inspections n ON n.id = a.point_ref"
		" LEFT JOIN wo_ops o ON o.id = n.wo_op_id LEFT JOIN lots l ON "
		"l.id = n.lot_id WHERE a.id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return;
	sqlite3_bind_int64(st, 1, alarm_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->lot_id = sqlite3_column_int64(st, 0);
		r->wo_op_id = sqlite3_column_int64(st, 1);
		r->wo_id = sqlite3_column_int64(st, 2);
		r->item_id = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
}

static int nc_resolve(struct mes_db *db, const struct mes_nc_new *n,
                      struct nc_req *r)
{
	static const char q_alarm[] = "SELECT id FROM spc_alarms WHERE id=?";
	static const char q_wo[] = "SELECT id FROM work_orders WHERE wo_no=?";
	struct op_row op;
	sqlite3_stmt *st;
	int rc, found = 0;

	if (n->lot_no && *n->lot_no &&
	    (r->lot_id = lot_lookup(db, n->lot_no, n->item_no,
	                            &r->item_id)) <= 0)
		return r->lot_id < 0 ? MES_ERR_DB : MES_ERR_NOTFOUND;
	if (n->wo_no && *n->wo_no) {
		if ((r->wo_id = db_lookup_id(db, q_wo, n->wo_no)) <= 0)
			return r->wo_id < 0 ? MES_ERR_DB :
			       db_fail(db, MES_ERR_NOTFOUND, "no work order "
			               "\"%s\"", n->wo_no);
		if (n->seq && (rc = op_load(db, n->wo_no, n->seq, &op)) !=
		    MES_OK)
			return rc;
		if (n->seq)
			r->wo_op_id = op.id;
	}
	if (!r->lot_id && !r->wo_id && n->alarm_id)
		alarm_target(db, n->alarm_id, r);
	if (!r->lot_id && !r->wo_id)
		return db_fail(db, MES_ERR_ARG, "a non-conformance names the "
		               "lot or the work order it is about");
	if (n->alarm_id && (st = db_stmt(db, q_alarm))) {
		sqlite3_bind_int64(st, 1, n->alarm_id);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (!found)
			return db_fail(db, MES_ERR_NOTFOUND, "no SPC alarm %lld",
			               n->alarm_id);
	}
	if (n->defect_code && *n->defect_code &&
	    (rc = reason_check(db, n->defect_code, "nc")) != MES_OK)
		return rc;
	return MES_OK;
}

int mes_nc_open(struct mes_db *db, const struct mes_nc_new *n,
                char nc_no[24])
{
	struct nc_req r;
	char no[24];
	int rc;

	if (!db || !db->h || !n)
		return db_badarg(db, __func__);
	if (!n->description || !*n->description)
		return db_fail(db, MES_ERR_ARG, "a non-conformance needs a "
		               "description of what is wrong");
	if (!(n->qty >= 0) || isinf(n->qty))
		return db_fail(db, MES_ERR_RANGE, "quantity %g cannot be",
		               n->qty);
	if ((rc = tx_begin(db, PERM_INSPECT, "nc.open")) != MES_OK)
		return rc;
	memset(&r, 0, sizeof r);
	if ((rc = nc_resolve(db, n, &r)) != MES_OK)
		return tx_end(db, rc);
	r.source = n->alarm_id ? "spc" : n->inspection_id ? "inspection" :
	           "manual";
	r.alarm_id = n->alarm_id;
	r.inspection_id = n->inspection_id;
	r.qty = n->qty;
	r.defect_code = n->defect_code;
	r.description = n->description;
	rc = tx_end(db, nc_open_tx(db, &r, no));
	if (rc == MES_OK && nc_no)
		str_copy(nc_no, 24, no);
	return rc;
}
