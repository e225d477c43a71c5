/*
 * Recording an inspection: every characteristic of the plan at once, the
 * out-of-specification rule with its comment, the lot's fate on receipt,
 * and the SPC check of each new subgroup against frozen limits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quality_int.h"
#include "production/prod_int.h"

#define MAX_CHARS 64

struct insp_ctx {
	struct qplan_row plan;
	struct op_row op;
	long long lot_id, wc_id;
	char lot_status[16], key[96];
	struct mes_qchar ch[MAX_CHARS];
	const struct mes_qresult *res[MAX_CHARS];
	int out[MAX_CHARS];
	int nch;
};

static int collect_char(const struct mes_qchar *c, void *ctx)
{
	struct insp_ctx *x = ctx;

	if (x->nch >= MAX_CHARS)
		return 1;
	x->ch[x->nch++] = *c;
	return 0;
}

static int load_lot(struct mes_db *db, struct insp_ctx *x, const char *lot_no)
{
	static const char sql[] = "SELECT id, status FROM lots WHERE "
		"item_id = ? AND lot_no = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, x->plan.item_id);
	sqlite3_bind_text(st, 2, lot_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		x->lot_id = sqlite3_column_int64(st, 0);
		str_copy(x->lot_status, sizeof x->lot_status, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!x->lot_id)
		return db_fail(db, MES_ERR_NOTFOUND, "no lot \"%s\" of %s",
		               lot_no, x->plan.item_no);
	if (strcmp(x->lot_status, "quarantine") != 0)
		return db_fail(db, MES_ERR_STATE, "lot %s is %s, not in "
		               "quarantine: there is nothing to inspect on "
		               "receipt", lot_no, x->lot_status);
	snprintf(x->key, sizeof x->key, "%s %s", x->plan.code, lot_no);
	return MES_OK;
}

static int load_target(struct mes_db *db, const struct mes_qtarget *t,
                       struct insp_ctx *x)
{
	int rc;

	if ((rc = qplan_load(db, t->plan, &x->plan)) != MES_OK)
		return rc;
	if (x->plan.on_receipt) {
		if (!t->lot_no || !*t->lot_no)
			return db_fail(db, MES_ERR_ARG, "plan %s inspects "
			               "receipts: name the lot", t->plan);
		return load_lot(db, x, t->lot_no);
	}
	if ((rc = op_load(db, t->wo_no, t->seq, &x->op)) != MES_OK)
		return rc;
	if (x->op.routing_op_id != x->plan.routing_op_id)
		return db_fail(db, MES_ERR_ARG, "plan %s is not for %s",
		               t->plan, x->op.key);
	if (strcmp(x->op.status, "running") && strcmp(x->op.status, "paused"))
		return db_fail(db, MES_ERR_STATE, "%s is %s: in-process checks"
		               " are taken while it runs", x->op.key,
		               x->op.status);
	x->wc_id = x->op.wc_id;
	snprintf(x->key, sizeof x->key, "%s %s", x->plan.code, x->op.key);
	return MES_OK;
}

/* Checks one result against its characteristic; sets *out. */
static int check_result(struct mes_db *db, const struct mes_qchar *c,
                        const struct mes_qresult *r, int *out)
{
	int i, sample = r->sample > 0 ? r->sample : c->subgroup;

	*out = 0;
	if (c->kind == MES_QK_VARIABLE) {
		if (r->nvalues != c->subgroup || !r->values)
			return db_fail(db, MES_ERR_ARG, "%s needs %d value%s, "
			               "got %d", c->code, c->subgroup,
			               c->subgroup == 1 ? "" : "s", r->nvalues);
		for (i = 0; i < r->nvalues; i++) {
			if (!isfinite(r->values[i]))
				return db_fail(db, MES_ERR_ARG, "%s: value %d is"
				               " not a number", c->code, i + 1);
			*out += mes_qchar_out_of_spec(c, r->values[i]);
		}
	} else {
		if (r->defects < 0 || (c->kind == MES_QK_ATTRIBUTE &&
		                       r->defects > sample))
			return db_fail(db, MES_ERR_RANGE, "%s: %d defective "
			               "of %d looked at cannot be", c->code,
			               r->defects, sample);
		*out = mes_qchar_defects_out(c, r->defects);
		if (r->defect_code && *r->defect_code &&
		    reason_check(db, r->defect_code, "nc") != MES_OK)
			return MES_ERR_NOTFOUND;
	}
	if (*out && (!r->comment || !*r->comment))
		return db_fail(db, MES_ERR_ARG, "%s is out of specification: "
		               "a comment is needed (what was seen, what was "
		               "done)", c->code);
	return MES_OK;
}

static int match_results(struct mes_db *db, struct insp_ctx *x,
                         const struct mes_qresult *r, int n, int *failed)
{
	int i, j, rc;

	if (x->nch == 0)
		return db_fail(db, MES_ERR_STATE, "plan %s has no "
		               "characteristics yet", x->plan.code);
	for (j = 0; j < n; j++) {
		for (i = 0; i < x->nch; i++)
			if (r[j].char_code &&
			    !strcmp(x->ch[i].code, r[j].char_code))
				break;
		if (i == x->nch)
			return db_fail(db, MES_ERR_NOTFOUND, "plan %s has no "
			               "characteristic \"%s\"", x->plan.code,
			               r[j].char_code ? r[j].char_code : "");
		if (x->res[i])
			return db_fail(db, MES_ERR_ARG, "%s is given twice",
			               x->ch[i].code);
		x->res[i] = &r[j];
	}
	*failed = 0;
	for (i = 0; i < x->nch; i++)
		if (!x->res[i])
			return db_fail(db, MES_ERR_ARG, "no result for %s (%s)",
			               x->ch[i].code, x->ch[i].name);
	for (i = 0; i < x->nch; i++) {
		if ((rc = check_result(db, &x->ch[i], x->res[i],
		                       &x->out[i])) != MES_OK)
			return rc;
		*failed += x->out[i] > 0;
	}
	return MES_OK;
}

static int insert_inspection(struct mes_db *db, const struct insp_ctx *x,
                             int failed, long long *id)
{
	static const char sql[] = "INSERT INTO inspections (plan_id, lot_id,"
		" wo_op_id, user_id, ts, result, op_qty) VALUES (?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, x->plan.id);
	if (x->lot_id)
		sqlite3_bind_int64(st, 2, x->lot_id);
	if (x->op.id)
		sqlite3_bind_int64(st, 3, x->op.id);
	sqlite3_bind_int64(st, 4, db->sess.user_id);
	bind_now(st, 5);
	sqlite3_bind_text(st, 6, failed ? "fail" : "pass", -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 7, x->op.good);
	if ((rc = step_done(db, st, "saving the inspection")) == MES_OK)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

static int insert_meas(struct mes_db *db, long long insp,
                       const struct mes_qchar *c, const struct mes_qresult *r,
                       int k, int out)
{
	static const char sql[] = "INSERT INTO measurements (inspection_id, "
		"char_id, subgroup_no, value, defects, sample_size, "
		"out_of_spec, comment, source, defect_code) VALUES "
		"(?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, insp);
	sqlite3_bind_int64(st, 2, c->id);
	sqlite3_bind_int(st, 3, k);
	if (c->kind == MES_QK_VARIABLE) {
		sqlite3_bind_double(st, 4, r->values[k]);
	} else {
		sqlite3_bind_int(st, 5, r->defects);
		sqlite3_bind_int(st, 6, r->sample > 0 ? r->sample :
		                 c->subgroup);
	}
	sqlite3_bind_int(st, 7, out);
	sqlite3_bind_text(st, 8, r->comment ? r->comment : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->source && *r->source ? r->source :
	                  "keyboard", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->defect_code ? r->defect_code : "", -1,
	                  SQLITE_STATIC);
	return step_done(db, st, "saving the measurement");
}

static int save_results(struct mes_db *db, struct insp_ctx *x, long long insp,
                        int *alarms)
{
	const struct mes_qchar *c;
	int i, k, rc = MES_OK;

	for (i = 0; rc == MES_OK && i < x->nch; i++) {
		c = &x->ch[i];
		if (c->kind == MES_QK_VARIABLE) {
			for (k = 0; rc == MES_OK && k < x->res[i]->nvalues; k++)
				rc = insert_meas(db, insp, c, x->res[i], k,
				                 mes_qchar_out_of_spec(c,
				                 x->res[i]->values[k]));
		} else {
			rc = insert_meas(db, insp, c, x->res[i], 0, x->out[i]);
		}
		/* A gauge out of calibration refuses the whole inspection. */
		if (rc == MES_OK && x->res[i]->gauge && *x->res[i]->gauge)
			rc = gauge_use(db, insp, c->id, x->res[i]->gauge);
		if (rc == MES_OK)
			rc = spc_check_new(db, c, insp, x->wc_id, alarms);
	}
	return rc;
}

/* Released only when every receiving plan of the item has passed it. */
static int lot_passes(struct mes_db *db, struct insp_ctx *x)
{
	static const char q_open[] = "SELECT count(*) FROM inspection_plans p"
		" WHERE p.on_receipt = 1 AND p.active = 1 AND p.item_id = ?1 "
		"AND NOT EXISTS (SELECT 1 FROM inspections n WHERE n.plan_id ="
		" p.id AND n.lot_id = ?2 AND n.result = 'pass')";
	static const char upd[] = "UPDATE lots SET status = 'released', "
		"version = version + 1 WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, q_open);
	int open = 0, rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, x->plan.item_id);
	sqlite3_bind_int64(st, 2, x->lot_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		open = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (open)
		return MES_OK;
	if (!(st = db_stmt(db, upd)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, x->lot_id);
	if ((rc = step_done(db, st, "releasing the lot")) != MES_OK)
		return rc;
	str_copy(x->lot_status, sizeof x->lot_status, "released");
	return audit_append(db, "lot.release", "lots", x->key,
	                    "{\"status\":\"quarantine\"}",
	                    "{\"status\":\"released\"}", "inspection passed");
}

static double lot_qty(struct mes_db *db, long long lot_id)
{
	static const char sql[] = "SELECT ifnull(sum(qty), 0) FROM inv_moves"
		" WHERE lot_id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	double q = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, lot_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		q = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	return q > 0 ? q : 0;
}

static int lot_fails(struct mes_db *db, struct insp_ctx *x, long long insp,
                     struct mes_qrecorded *out)
{
	struct nc_req r;
	char what[256];
	int i, len = 0;

	what[0] = 0;
	for (i = 0; i < x->nch && len < (int)sizeof what - 40; i++)
		if (x->out[i])
			len += snprintf(what + len, sizeof what - (size_t)len,
			                "%s%s", len ? ", " : "", x->ch[i].code);
	memset(&r, 0, sizeof r);
	r.source = "inspection";
	r.item_id = x->plan.item_id;
	r.lot_id = x->lot_id;
	r.inspection_id = insp;
	r.qty = lot_qty(db, x->lot_id);
	r.defect_code = "";
	for (i = 0; i < x->nch; i++)
		if (x->out[i] && x->res[i]->defect_code &&
		    *x->res[i]->defect_code)
			r.defect_code = x->res[i]->defect_code;
	snprintf(what + len, sizeof what - (size_t)len,
	         " out of specification on receiving inspection");
	r.description = what;
	str_copy(x->lot_status, sizeof x->lot_status, "held");
	return nc_open_tx(db, &r, out->nc_no);
}

static const char *insp_json(struct mes_json *b, const struct insp_ctx *x,
                             long long id, int failed, int alarms)
{
	mes_json_init(b);
	mes_json_int(b, "inspection", id);
	mes_json_str(b, "result", failed ? "fail" : "pass");
	mes_json_int(b, "out_of_spec", failed);
	if (alarms)
		mes_json_int(b, "alarms", alarms);
	if (x->lot_id)
		mes_json_str(b, "lot_status", x->lot_status);
	return mes_json_done(b);
}

static int record_tx(struct mes_db *db, const struct mes_qtarget *t,
                     const struct mes_qresult *r, int n,
                     struct insp_ctx *x, struct mes_qrecorded *out)
{
	struct mes_json b;
	char why[512] = "";
	int rc, i, len = 0;

	if ((rc = load_target(db, t, x)) != MES_OK)
		return rc;
	if ((rc = mes_qchar_each(db, x->plan.code, collect_char, x)) != MES_OK)
		return rc;
	if ((rc = match_results(db, x, r, n, &out->failed)) != MES_OK)
		return rc;
	rc = insert_inspection(db, x, out->failed, &out->inspection_id);
	if (rc == MES_OK)
		rc = save_results(db, x, out->inspection_id, &out->alarms);
	if (rc == MES_OK && x->lot_id)
		rc = out->failed ? lot_fails(db, x, out->inspection_id, out) :
		     lot_passes(db, x);
	for (i = 0; i < x->nch && len < (int)sizeof why - 8; i++)
		if (x->out[i])
			len += snprintf(why + len, sizeof why - (size_t)len,
			                "%s%s: %s", len ? "; " : "",
			                x->ch[i].code, x->res[i]->comment);
	if (rc == MES_OK) {
		rc = audit_append(db, "inspect", "inspections", x->key, "",
		                  insp_json(&b, x, out->inspection_id,
		                            out->failed, out->alarms), why);
		mes_json_free(&b);
	}
	str_copy(out->lot_status, sizeof out->lot_status, x->lot_status);
	return rc;
}

int mes_inspect_record(struct mes_db *db, const struct mes_qtarget *t,
                       const struct mes_qresult *r, int n,
                       struct mes_qrecorded *out)
{
	struct mes_qrecorded dummy;
	struct insp_ctx *x;
	int rc;

	if (!db || !db->h || !t || !t->plan || (n && !r) || n < 0)
		return db ? db_fail(db, MES_ERR_ARG, "an inspection needs a "
		                    "plan and results") : MES_ERR_ARG;
	if (!out)
		out = &dummy;
	memset(out, 0, sizeof *out);
	if (!(x = calloc(1, sizeof *x)))
		return db_fail(db, MES_ERR_NOMEM, "out of memory");
	if ((rc = tx_begin(db, PERM_INSPECT, "inspect")) == MES_OK)
		rc = tx_end(db, record_tx(db, t, r, n, x, out));
	free(x);
	if (rc != MES_OK)
		memset(out, 0, sizeof *out);
	return rc;
}
