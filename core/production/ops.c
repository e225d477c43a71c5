/*
 * The operation lifecycle after the start: pause with a reason, resume,
 * report good and scrap, complete.  Completing the last operation
 * completes the order.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "prod_int.h"
#include "machines/tool_int.h"

static const char *status_json(struct mes_json *b, const char *status,
                               const char *reason)
{
	mes_json_init(b);
	mes_json_str(b, "status", status);
	if (reason && *reason)
		mes_json_str(b, "reason", reason);
	return mes_json_done(b);
}

/* Audits an operation's status change from op->status to status. */
static int audit_status(struct mes_db *db, const char *action,
                        const struct op_row *op, const char *status,
                        const char *reason)
{
	struct mes_json ob, nb;
	const char *ov = status_json(&ob, op->status, NULL);
	const char *nv = status_json(&nb, status, reason);
	int rc = ov && nv ? audit_append(db, action, "wo_ops", op->key, ov, nv,
	                                 reason) : MES_ERR_NOMEM;

	mes_json_free(&ob);
	mes_json_free(&nb);
	return rc;
}

/* Opens the change and loads the operation; nothing open on failure. */
static int op_begin(struct mes_db *db, const char *action, const char *wo_no,
                    int seq, struct op_row *op)
{
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_OPERATE, action)) != MES_OK)
		return rc;
	if ((rc = op_load(db, wo_no, seq, op)) != MES_OK)
		return tx_end(db, rc);
	return MES_OK;
}

static int not_held(struct mes_db *db, const struct op_row *op,
                    const char *what)
{
	if (strcmp(op->order_status, "held") != 0)
		return MES_OK;
	return db_fail(db, MES_ERR_STATE, "work order %s is on hold: %s "
	               "waits until a lead lifts the hold", op->wo_no, what);
}

int mes_op_pause(struct mes_db *db, const char *wo_no, int seq,
                 const char *reason_code)
{
	struct op_row op;
	int rc;

	if ((rc = op_begin(db, "op.pause", wo_no, seq, &op)) != MES_OK)
		return rc;
	if (strcmp(op.status, "running") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: only a "
		              "running operation pauses", op.key, op.status));
	if ((rc = reason_check(db, reason_code, "pause")) != MES_OK)
		return tx_end(db, rc);
	return tx_end(db, op_pause_tx(db, &op, reason_code, ""));
}

int op_pause_tx(struct mes_db *db, const struct op_row *op,
                const char *reason_code, const char *note)
{
	int rc = op_set_status(db, op, "paused", 0, 0);

	/* Nobody works on a paused operation: its labor stops too. */
	if (rc == MES_OK)
		rc = labor_clock_off(db, op->id, 0, NULL);
	if (rc == MES_OK)
		rc = op_event_add(db, op->id, "pause", 0, 0, reason_code, note);
	if (rc == MES_OK)
		rc = audit_status(db, "op.pause", op, "paused",
		                  *reason_code ? reason_code : note);
	return rc;
}

int mes_op_resume(struct mes_db *db, const char *wo_no, int seq)
{
	struct op_row op;
	int rc;

	if ((rc = op_begin(db, "op.resume", wo_no, seq, &op)) != MES_OK)
		return rc;
	if (strcmp(op.status, "paused") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s, not "
		              "paused", op.key, op.status));
	if ((rc = not_held(db, &op, "resuming")) != MES_OK ||
	    (rc = tool_check(db, &op)) != MES_OK)
		return tx_end(db, rc);
	rc = op_set_status(db, &op, "running", 0, 0);
	if (rc == MES_OK)
		rc = labor_clock_on(db, &op);
	if (rc == MES_OK)
		rc = op_event_add(db, op.id, "resume", 0, 0, "", "");
	if (rc == MES_OK)
		rc = audit_status(db, "op.resume", &op, "running", "");
	return tx_end(db, rc);
}

static int check_qty(struct mes_db *db, double good, double scrap)
{
	if (!isfinite(good) || !isfinite(scrap) || good > 1e9 || scrap > 1e9)
		return db_fail(db, MES_ERR_RANGE, "quantities are numbers up "
		               "to 1e9");
	if (good < 0 || scrap < 0)
		return db_fail(db, MES_ERR_RANGE, "quantities cannot be "
		               "negative (good %g, scrap %g): report what was "
		               "made; a lead corrects a wrong report", good,
		               scrap);
	if (good == 0 && scrap == 0)
		return db_fail(db, MES_ERR_ARG, "nothing to report: give a good"
		               " or a scrap quantity above 0");
	return MES_OK;
}

/* A count far beyond the order is more often a slipped key or a barcode
 * typed into the field than a count: refused unless a lead signs it. */
static int check_over(struct mes_db *db, const struct op_row *op, double good)
{
	double most = op->qty * (1 + db->set.over_report_pct / 100.0);

	if (good <= 0 || op->good + good <= most + 1e-9)
		return MES_OK;
	return db_fail(db, MES_ERR_CONFIRM, "%s: %g good would make %g of %g "
	               "ordered, more than the %d%% over allowed (at most %g "
	               "in all): count again; if the count is right, a lead "
	               "signs it", op->key, good, op->good + good, op->qty,
	               db->set.over_report_pct, most);
}

/* What an over-report signature binds: the row and the quantities. */
static void report_hash(const struct op_row *op, long long user_id,
                        double good, double scrap, char out[65])
{
	char row[65], buf[128];
	int n;

	op_content_hash(op, user_id, row);
	n = snprintf(buf, sizeof buf, "%s;%.17g;%.17g", row, good, scrap);
	mes_sha256_hex(buf, (size_t)(n > 0 ? n : 0), out);
}

/* A signed over-report: who signed it goes into the record's note.  id 0
 * asks for a dry run that only proves the signature is what is missing. */
struct over_sig {
	long long id;
	char login[64];
	const char *why;
};

static int add_qty(struct mes_db *db, const struct op_row *op, double good,
                   double scrap, const char *reason,
                   const struct over_sig *sig)
{
	static const char sql[] = "UPDATE wo_ops SET qty_good = qty_good + ?,"
		" qty_scrap = qty_scrap + ?, version = version + 1 WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct mes_json ob, nb;
	const char *ov, *nv;
	char note[320] = "";
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_double(st, 1, good);
	sqlite3_bind_double(st, 2, scrap);
	sqlite3_bind_int64(st, 3, op->id);
	if ((rc = step_done(db, st, "saving the quantities")) != MES_OK)
		return rc;
	if (sig)
		snprintf(note, sizeof note, "over-report signed by %s: %s",
		         sig->login, sig->why);
	rc = op_event_add(db, op->id, "report", good, scrap, reason, note);
	mes_json_init(&ob);
	mes_json_num(&ob, "good", op->good);
	mes_json_num(&ob, "scrap", op->scrap);
	ov = mes_json_done(&ob);
	mes_json_init(&nb);
	mes_json_num(&nb, "good", op->good + good);
	mes_json_num(&nb, "scrap", op->scrap + scrap);
	if (sig) {
		mes_json_str(&nb, "override_by", sig->login);
		mes_json_int(&nb, "signature", sig->id);
	}
	nv = mes_json_done(&nb);
	if (rc == MES_OK)
		rc = ov && nv ? audit_append(db, sig ? "op.report.override" :
		                             "op.report", "wo_ops", op->key, ov,
		                             nv, sig ? note : reason) :
		                MES_ERR_NOMEM;
	mes_json_free(&ob);
	mes_json_free(&nb);
	return rc == MES_OK ? tool_report_tx(db, op, good + scrap) : rc;
}

int op_report_tx(struct mes_db *db, const struct op_row *op, double good,
                 double scrap, const char *reason)
{
	return add_qty(db, op, good, scrap, reason ? reason : "", NULL);
}

/* The over-report rule, or with sig the signature standing in for it. */
static int check_over_sig(struct mes_db *db, const struct op_row *op,
                          double good, double scrap,
                          const struct over_sig *sig)
{
	char hash[65];

	if (!sig)
		return check_over(db, op, good);
	if (sig->id) {
		report_hash(op, db->sess.user_id, good, scrap, hash);
		return mes_sign_verify(db, sig->id, "wo_ops", op->id,
		                       op->version, hash);
	}
	if (check_over(db, op, good) == MES_OK)
		return db_fail(db, MES_ERR_STATE, "%g good is within what %s "
		               "may report: report it without a signature",
		               good, op->key);
	return MES_OK;
}

/* Every report, in one transaction: the state, the scrap reason, then the
 * over-report rule (a refusal is audited as one). */
static int report_tx(struct mes_db *db, const char *wo_no, int seq,
                     double good, double scrap, const char *reason,
                     struct op_row *op, const struct over_sig *sig)
{
	int rc;

	if ((rc = check_qty(db, good, scrap)) != MES_OK)
		return rc;
	if ((rc = op_begin(db, "op.report", wo_no, seq, op)) != MES_OK)
		return rc;
	if (strcmp(op->status, "running") && strcmp(op->status, "paused"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: report "
		              "on a started operation", op->key, op->status));
	if (scrap > 0 && (rc = reason_check(db, reason, "scrap")))
		return tx_end(db, rc);
	rc = check_over_sig(db, op, good, scrap, sig);
	if (rc == MES_ERR_CONFIRM)
		return tx_refuse(db, rc, "op.report", op->key);
	if (rc != MES_OK)
		return tx_end(db, rc);
	if (sig && !sig->id) {
		tx_end(db, MES_ERR_STATE);   /* a dry run keeps nothing */
		return MES_OK;
	}
	return tx_end(db, add_qty(db, op, good, scrap, scrap > 0 ? reason : "",
	                          sig));
}

int mes_op_report(struct mes_db *db, const char *wo_no, int seq, double good,
                  double scrap, const char *scrap_reason)
{
	struct op_row op;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	return report_tx(db, wo_no, seq, good, scrap, scrap_reason, &op, NULL);
}

int mes_op_report_signed(struct mes_db *db, const char *wo_no, int seq,
                         double good, double scrap, const char *scrap_reason,
                         const char *lead_login, const char *lead_pin,
                         const char *why)
{
	struct over_sig sig = { 0, "", why };
	struct mes_signature s;
	struct op_row op;
	char hash[65];
	int rc;

	if (!db || !db->h || !lead_login || !lead_pin)
		return db_badarg(db, __func__);
	if (!why || !*why)
		return db_fail(db, MES_ERR_ARG, "an over-report needs a reason "
		               "for the record");
	rc = report_tx(db, wo_no, seq, good, scrap, scrap_reason, &op, &sig);
	if (rc != MES_OK)
		return rc;
	report_hash(&op, db->sess.user_id, good, scrap, hash);
	rc = mes_sign(db, lead_login, lead_pin, "over-report", "wo_ops", op.id,
	              op.version, hash, MES_ROLE_LEAD, &sig.id);
	if (rc != MES_OK || (rc = mes_sign_get(db, sig.id, &s)) != MES_OK)
		return rc;
	snprintf(sig.login, sizeof sig.login, "%s", s.login);
	return report_tx(db, wo_no, seq, good, scrap, scrap_reason, &op, &sig);
}

/* The last operation completes the order, so the others come first. */
static int check_last(struct mes_db *db, const struct op_row *op, int *last)
{
	static const char sql[] = "SELECT (SELECT count(*) FROM wo_ops WHERE "
		"wo_id = ?1 AND seq > ?2), (SELECT min(seq) FROM wo_ops WHERE "
		"wo_id = ?1 AND seq < ?2 AND status <> 'complete')";
	sqlite3_stmt *st = db_stmt(db, sql);
	int later = 0, open = 0, rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->wo_id);
	sqlite3_bind_int(st, 2, op->seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		later = sqlite3_column_int(st, 0);
		open = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "reading the order's operations");
	*last = later == 0;
	if (*last && open)
		return db_fail(db, MES_ERR_STATE, "%s is the last operation and"
		               " completes the order, but operation %d is not "
		               "complete yet: complete it first", op->key, open);
	return MES_OK;
}

int mes_op_complete(struct mes_db *db, const char *wo_no, int seq)
{
	struct op_row op;
	int rc, last = 0;

	if ((rc = op_begin(db, "op.complete", wo_no, seq, &op)) != MES_OK)
		return rc;
	if (strcmp(op.status, "running") && strcmp(op.status, "paused"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: only a "
		              "started operation completes", op.key,
		              op.status));
	if ((rc = not_held(db, &op, "completing")) != MES_OK ||
	    (rc = check_last(db, &op, &last)) != MES_OK)
		return tx_end(db, rc);
	rc = op_set_status(db, &op, "complete", 0, 1);
	if (rc == MES_OK)
		rc = labor_clock_off(db, op.id, 0, NULL);
	if (rc == MES_OK)
		rc = op_event_add(db, op.id, "complete", 0, 0, "", "");
	if (rc == MES_OK)
		rc = audit_status(db, "op.complete", &op, "complete", "");
	if (rc != MES_OK || !last)
		return tx_end(db, rc);
	rc = order_set_status(db, op.wo_id, "complete", NULL, "");
	if (rc == MES_OK)
		rc = audit_append(db, "order.complete", "work_orders", op.wo_no,
		                  "{\"status\":\"running\"}",
		                  "{\"status\":\"complete\"}", op.key);
	return tx_end(db, rc);
}
