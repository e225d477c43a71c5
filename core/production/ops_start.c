/*
 * Starting an operation: every rule that can refuse a start, in the
 * order an operator would want to hear them, then the change itself.  A
 * lead's signed override stands in for a missing skill and nothing else.
 */
#include <stdio.h>
#include <string.h>
#include "prod_int.h"
#include "food/food_int.h"
#include "machines/tool_int.h"

enum start_mode { START_NORMAL, START_DRY_RUN, START_OVERRIDE };

struct start_req {
	const char *wo_no, *wc_code, *signer, *reason;
	int seq;
	enum start_mode mode;
	long long sig_id;
	struct mes_signature sig;
	char content_hash[65];
};

static int check_order(struct mes_db *db, const struct op_row *op)
{
	static const char sql[] = "SELECT hold_reason FROM work_orders "
		"WHERE id = ?";
	sqlite3_stmt *st;
	char why[256] = "";

	if (!strcmp(op->order_status, "released") ||
	    !strcmp(op->order_status, "running"))
		return MES_OK;
	if (!strcmp(op->order_status, "planned"))
		return db_fail(db, MES_ERR_STATE, "work order %s is planned, "
		               "not released yet: a lead releases it first",
		               op->wo_no);
	if (strcmp(op->order_status, "held") != 0)
		return db_fail(db, MES_ERR_STATE, "work order %s is %s: "
		               "nothing more starts on it", op->wo_no,
		               op->order_status);
	if ((st = db_stmt(db, sql))) {
		sqlite3_bind_int64(st, 1, op->wo_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			str_copy(why, sizeof why, col_text(st, 0));
		sqlite3_reset(st);
	}
	return db_fail(db, MES_ERR_STATE, "work order %s is on hold%s%s: "
	               "nothing starts until a lead lifts the hold",
	               op->wo_no, why[0] ? " for: " : "", why);
}

static int check_op(struct mes_db *db, const struct op_row *op)
{
	struct op_row prev;
	int has;

	if (!strcmp(op->status, "running"))
		return db_fail(db, MES_ERR_STATE, "%s is running already: "
		               "clock on to join it (Start on its queue, or "
		               "mesctl labor on)", op->key);
	if (!strcmp(op->status, "paused"))
		return db_fail(db, MES_ERR_STATE, "%s is paused: resume it",
		               op->key);
	if (strcmp(op->status, "waiting") != 0)
		return db_fail(db, MES_ERR_STATE, "%s is %s", op->key,
		               op->status);
	if ((has = op_prev(db, op, &prev)) < 0)
		return MES_ERR_DB;
	if (has && !(prev.good > 0))
		return db_fail(db, MES_ERR_STATE, "%s cannot start before "
		               "operation %d has reported good quantity (it "
		               "has %g good so far)", op->key, prev.seq,
		               prev.good);
	return MES_OK;
}

/* The allowed alternatives of op, as "CNC-02, CNC-03" for a message. */
static void alt_list(struct mes_db *db, const struct op_row *op, char *out,
                     size_t n)
{
	static const char sql[] = "SELECT c.code FROM routing_alternatives a"
		" JOIN work_centers c ON c.id = a.wc_id WHERE "
		"a.routing_op_id = ? ORDER BY c.code";
	sqlite3_stmt *st = db_stmt(db, sql);
	size_t len = 0;

	snprintf(out, n, "none");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, op->routing_op_id);
	while (sqlite3_step(st) == SQLITE_ROW && len + 1 < n)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		                        len ? ", " : "", col_text(st, 0));
	sqlite3_reset(st);
}

/* Moves op to wc_code when that is an allowed alternative. */
static int pick_wc(struct mes_db *db, struct op_row *op, const char *wc_code)
{
	static const char sql[] = "SELECT c.id, a.run_min FROM work_centers c"
		" LEFT JOIN routing_alternatives a ON a.wc_id = c.id AND "
		"a.routing_op_id = ?2 WHERE c.code = ?1";
	static const char upd[] = "UPDATE wo_ops SET wc_id = ?, run_min = ? "
		"WHERE id = ?";
	sqlite3_stmt *st;
	long long wc = 0;
	double run = 0;
	int alt = 0;
	char list[256];

	if (!wc_code || !*wc_code || !strcmp(wc_code, op->wc))
		return MES_OK;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, wc_code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, op->routing_op_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		wc = sqlite3_column_int64(st, 0);
		alt = sqlite3_column_type(st, 1) != SQLITE_NULL;
		run = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	if (!wc)
		return db_fail(db, MES_ERR_NOTFOUND, "no work center \"%s\"",
		               wc_code);
	if (!alt) {
		alt_list(db, op, list, sizeof list);
		return db_fail(db, MES_ERR_ARG, "%s may not run on %s: its "
		               "work center is %s, allowed alternatives: %s",
		               op->key, wc_code, op->wc, list);
	}
	if (!(st = db_stmt(db, upd)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc);
	sqlite3_bind_double(st, 2, run);
	sqlite3_bind_int64(st, 3, op->id);
	op->wc_id = wc;
	str_copy(op->wc, sizeof op->wc, wc_code);
	return step_done(db, st, "moving the operation");
}

static const char *start_json(struct mes_json *b, const struct op_row *op,
                              const char *status, const struct start_req *rq,
                              const char *login)
{
	mes_json_init(b);
	mes_json_str(b, "status", status);
	mes_json_str(b, "wc", op->wc);
	if (login)
		mes_json_str(b, "operator", login);
	if (login && rq->mode == START_OVERRIDE) {
		mes_json_str(b, "override_by", rq->sig.login);
		mes_json_int(b, "signature", rq->sig_id);
	}
	return mes_json_done(b);
}

/* The change: operation running, operator clocked on, order running. */
static int apply_start(struct mes_db *db, struct op_row *op,
                       const struct start_req *rq)
{
	struct mes_json ob, nb;
	const char *ov, *nv;
	char note[320] = "";
	int rc;

	ov = start_json(&ob, op, op->status, rq, NULL);
	rc = pick_wc(db, op, rq->wc_code);
	/* On the work center it runs on: the tool must be mounted there. */
	if (rc == MES_OK)
		rc = tool_check(db, op);
	/* ... and the line must carry no allergen the item does not. */
	if (rc == MES_OK)
		rc = food_check(db, op);
	if (rc == MES_OK)
		rc = food_leave(db, op);
	if (rc == MES_OK)
		rc = op_set_status(db, op, "running", 1, 0);
	if (rq->mode == START_OVERRIDE)
		snprintf(note, sizeof note, "skill override signed by %s: %s",
		         rq->sig.login, rq->reason);
	if (rc == MES_OK)
		rc = op_event_add(db, op->id, "start", 0, 0, "", note);
	if (rc == MES_OK)
		rc = labor_clock_on(db, op);
	nv = start_json(&nb, op, "running", rq, db->sess.login);
	if (rc == MES_OK)
		rc = ov && nv ? audit_append(db, rq->mode == START_OVERRIDE ?
		                             "op.start.override" : "op.start",
		                             "wo_ops", op->key, ov, nv, note) :
		                MES_ERR_NOMEM;
	mes_json_free(&ob);
	mes_json_free(&nb);
	if (rc != MES_OK || strcmp(op->order_status, "released") != 0)
		return rc;
	rc = order_set_status(db, op->wo_id, "running", NULL, "");
	if (rc == MES_OK)
		rc = audit_append(db, "order.run", "work_orders", op->wo_no,
		                  "{\"status\":\"released\"}",
		                  "{\"status\":\"running\"}", op->key);
	return rc;
}

/* The skill rule per mode: refused, waived by a signature, or the
 * reason an override is pointless. */
static int check_skill(struct mes_db *db, const struct op_row *op,
                       struct start_req *rq)
{
	int rc = skill_check(db, op);

	if (rc != MES_OK && rc != MES_ERR_PERM)
		return rc;
	/* Before any change: the signature binds the row as it stands. */
	if (rq->mode != START_NORMAL)
		op_content_hash(op, db->sess.user_id, rq->content_hash);
	switch (rq->mode) {
	case START_NORMAL:
		return rc;
	case START_DRY_RUN:
		if (rc == MES_OK)
			return db_fail(db, MES_ERR_STATE, "%s may start %s "
			               "without an override: start it",
			               db->sess.login, op->key);
		return MES_OK;
	case START_OVERRIDE:
		return mes_sign_verify(db, rq->sig_id, "wo_ops", op->id,
		                       op->version, rq->content_hash);
	}
	return db_badarg(db, __func__);
}

static int start_tx(struct mes_db *db, struct start_req *rq,
                    struct op_row *op)
{
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_OPERATE, "op.start")) != MES_OK)
		return rc;
	if ((rc = op_load(db, rq->wo_no, rq->seq, op)) != MES_OK ||
	    (rc = check_order(db, op)) != MES_OK ||
	    (rc = check_op(db, op)) != MES_OK)
		return tx_end(db, rc);
	rc = check_skill(db, op, rq);
	if (rc == MES_ERR_PERM && rq->mode == START_NORMAL)
		return tx_refuse(db, rc, "op.start", op->key);
	if (rc != MES_OK || (rc = instruction_check(db, op)) != MES_OK)
		return tx_end(db, rc);
	rc = apply_start(db, op, rq);
	if (rq->mode != START_DRY_RUN || rc != MES_OK)
		return tx_end(db, rc);
	/* A dry run keeps nothing: it only proves the rest would pass. */
	tx_end(db, MES_ERR_STATE);
	return MES_OK;
}

int mes_op_start(struct mes_db *db, const char *wo_no, int seq,
                 const char *wc_code)
{
	struct start_req rq;
	struct op_row op;

	memset(&rq, 0, sizeof rq);
	rq.wo_no = wo_no;
	rq.seq = seq;
	rq.wc_code = wc_code;
	rq.mode = START_NORMAL;
	return start_tx(db, &rq, &op);
}

/* The signer, resolved as log-in resolves a badge, is not the starter. */
static int check_signer(struct mes_db *db, const char *who)
{
	static const char sql[] = "SELECT login FROM users WHERE login = ?1 "
		"OR badge = ?1 LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int self = 0;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		self = !strcmp(col_text(st, 0), db->sess.login);
	sqlite3_reset(st);
	if (self)
		return db_fail(db, MES_ERR_PERM, "%s cannot override a skill "
		               "for themself: another lead must sign",
		               db->sess.login);
	return MES_OK;
}

int mes_op_start_override(struct mes_db *db, const char *wo_no, int seq,
                          const char *wc_code, const char *lead_login,
                          const char *lead_pin, const char *reason)
{
	struct start_req rq;
	struct op_row op;
	int rc;

	if (!db || !db->h || !lead_login || !lead_pin)
		return db_badarg(db, __func__);
	if (!reason || !*reason)
		return db_fail(db, MES_ERR_ARG, "a skill override needs a "
		               "reason for the record");
	if (db->sess.user_id && (rc = check_signer(db, lead_login)) != MES_OK)
		return rc;
	memset(&rq, 0, sizeof rq);
	rq.wo_no = wo_no;
	rq.seq = seq;
	rq.wc_code = wc_code;
	rq.reason = reason;
	rq.mode = START_DRY_RUN;
	if ((rc = start_tx(db, &rq, &op)) != MES_OK)
		return rc;
	rc = mes_sign(db, lead_login, lead_pin, "skill override", "wo_ops",
	              op.id, op.version, rq.content_hash, MES_ROLE_LEAD,
	              &rq.sig_id);
	if (rc != MES_OK || (rc = mes_sign_get(db, rq.sig_id, &rq.sig)))
		return rc;
	rq.mode = START_OVERRIDE;
	return start_tx(db, &rq, &op);
}
