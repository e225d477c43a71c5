/*
 * The non-conformance workflow after opening: containment, the signed
 * disposition that lifts the hold, the signed close with root cause and
 * corrective action, and reading them back.
 */
#include <stdio.h>
#include <string.h>
#include "quality_int.h"
#include "production/prod_int.h"

#define NC_COLS "SELECT n.id, n.nc_no, n.source, n.status, " \
	"ifnull(i.item_no, ''), ifnull(l.lot_no, ''), ifnull(w.wo_no, ''), " \
	"ifnull(o.seq, 0), n.qty, n.defect_code, n.description, " \
	"n.containment, ifnull(n.disposition, ''), n.disposition_note, " \
	"n.root_cause, n.corrective_action, ifnull(u.login, ''), " \
	"n.opened_ts, ifnull(n.closed_ts, ''), ifnull(n.signature_id, 0), " \
	"ifnull(n.close_signature_id, 0), n.version, ifnull(n.lot_id, 0), " \
	"ifnull(n.wo_id, 0) FROM nonconformances n " \
	"LEFT JOIN lots l ON l.id = n.lot_id " \
	"LEFT JOIN items i ON i.id = ifnull(n.item_id, l.item_id) " \
	"LEFT JOIN work_orders w ON w.id = n.wo_id " \
	"LEFT JOIN wo_ops o ON o.id = n.wo_op_id " \
	"LEFT JOIN users u ON u.id = n.opened_by "

struct nc_ids {
	long long lot_id, wo_id, disp_sig, close_sig;
};

static void nc_fill(sqlite3_stmt *st, struct mes_nc *n, struct nc_ids *ids)
{
	memset(n, 0, sizeof *n);
	n->id = sqlite3_column_int64(st, 0);
	str_copy(n->nc_no, sizeof n->nc_no, col_text(st, 1));
	str_copy(n->source, sizeof n->source, col_text(st, 2));
	str_copy(n->status, sizeof n->status, col_text(st, 3));
	str_copy(n->item_no, sizeof n->item_no, col_text(st, 4));
	str_copy(n->lot_no, sizeof n->lot_no, col_text(st, 5));
	str_copy(n->wo_no, sizeof n->wo_no, col_text(st, 6));
	n->seq = sqlite3_column_int(st, 7);
	n->qty = sqlite3_column_double(st, 8);
	str_copy(n->defect_code, sizeof n->defect_code, col_text(st, 9));
	str_copy(n->description, sizeof n->description, col_text(st, 10));
	str_copy(n->containment, sizeof n->containment, col_text(st, 11));
	str_copy(n->disposition, sizeof n->disposition, col_text(st, 12));
	str_copy(n->disposition_note, sizeof n->disposition_note,
	         col_text(st, 13));
	str_copy(n->root_cause, sizeof n->root_cause, col_text(st, 14));
	str_copy(n->corrective_action, sizeof n->corrective_action,
	         col_text(st, 15));
	str_copy(n->opened_by, sizeof n->opened_by, col_text(st, 16));
	str_copy(n->opened_ts, sizeof n->opened_ts, col_text(st, 17));
	str_copy(n->closed_ts, sizeof n->closed_ts, col_text(st, 18));
	ids->disp_sig = sqlite3_column_int64(st, 19);
	ids->close_sig = sqlite3_column_int64(st, 20);
	n->version = sqlite3_column_int64(st, 21);
	ids->lot_id = sqlite3_column_int64(st, 22);
	ids->wo_id = sqlite3_column_int64(st, 23);
}

static int nc_load(struct mes_db *db, const char *nc_no, struct mes_nc *n,
                   struct nc_ids *ids)
{
	static const char sql[] = NC_COLS "WHERE n.nc_no = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, nc_no ? nc_no : "", -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		nc_fill(st, n, ids);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the non-conformance");
	return db_fail(db, MES_ERR_NOTFOUND, "no non-conformance \"%s\"",
	               nc_no ? nc_no : "");
}

int mes_nc_get(struct mes_db *db, const char *nc_no, struct mes_nc *out)
{
	struct nc_ids ids;
	int rc;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	if ((rc = nc_load(db, nc_no, out, &ids)) != MES_OK)
		return rc;
	if (ids.disp_sig)
		mes_sign_get(db, ids.disp_sig, &out->disp_sig);
	if (ids.close_sig)
		mes_sign_get(db, ids.close_sig, &out->close_sig);
	return MES_OK;
}

int mes_nc_each(struct mes_db *db, int all, mes_nc_fn fn, void *ctx)
{
	/* the open ones through their own index (schema 14): a screen's
	 * count of them never reads the closed past */
	static const char every[] = NC_COLS "ORDER BY n.id DESC";
	static const char open[] = NC_COLS "WHERE n.status <> 'closed' "
		"ORDER BY n.id DESC";
	struct nc_ids ids;
	struct mes_nc n;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, stop = 0;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, all ? every : open)))
		return MES_ERR_DB;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		nc_fill(st, &n, &ids);
		stop = fn(&n, ctx);
	}
	return step_end(db, st, rc, "reading non-conformances");
}

static int nc_update(struct mes_db *db, long long id, const char *sql,
                     const char *a, const char *b, const char *c,
                     long long sig)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	if (c)
		sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
	if (sig)
		sqlite3_bind_int64(st, 4, sig);
	sqlite3_bind_int64(st, 5, id);
	return step_done(db, st, "changing the non-conformance");
}

static int audit_step(struct mes_db *db, const char *action,
                      const struct mes_nc *n, const char *to,
                      const char *what, const char *text,
                      const struct mes_signature *sig)
{
	struct mes_json ob, nb;
	int rc;

	mes_json_init(&ob);
	mes_json_str(&ob, "status", n->status);
	mes_json_init(&nb);
	mes_json_str(&nb, "status", to);
	mes_json_str(&nb, what, text);
	if (sig) {
		mes_json_int(&nb, "signature", sig->id);
		mes_json_str(&nb, "signed_by", sig->login);
		mes_json_str(&nb, "printed_name", sig->printed_name);
		mes_json_str(&nb, "meaning", sig->meaning);
		mes_json_str(&nb, "signed_ts", sig->ts);
	}
	rc = audit_append(db, action, "nonconformances", n->nc_no,
	                  mes_json_done(&ob), mes_json_done(&nb), text);
	mes_json_free(&ob);
	mes_json_free(&nb);
	return rc;
}

int mes_nc_contain(struct mes_db *db, const char *nc_no,
                   const char *containment)
{
	static const char upd[] = "UPDATE nonconformances SET status = ?1, "
		"containment = ?2, version = version + 1 WHERE id = ?5";
	struct nc_ids ids;
	struct mes_nc n;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!containment || !*containment)
		return db_fail(db, MES_ERR_ARG, "say what was done to contain "
		               "it (\"quarantined 40 pcs at dock 2\")");
	if ((rc = tx_begin(db, PERM_QACK, "nc.contain")) != MES_OK)
		return rc;
	if ((rc = nc_load(db, nc_no, &n, &ids)) != MES_OK)
		return tx_end(db, rc);
	if (strcmp(n.status, "open") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: only an"
		              " open non-conformance is contained", n.nc_no,
		              n.status));
	rc = nc_update(db, n.id, upd, "contained", containment, NULL, 0);
	if (rc == MES_OK)
		rc = audit_step(db, "nc.contain", &n, "contained",
		                "containment", containment, NULL);
	return tx_end(db, rc);
}

/* What a signature binds: the record as it stands plus the decision. */
static void nc_hash(const struct mes_nc *n, const char *meaning,
                    const char *a, const char *b, const char *c,
                    char out[65])
{
	char buf[2048];
	int len;

	len = snprintf(buf, sizeof buf, "%s|%lld|%s|%s|%s|%s|%d|%.6g|%s|%s|"
	               "%s|%s|%s|%s|%s", n->nc_no, n->version, n->status,
	               n->item_no, n->lot_no, n->wo_no, n->seq, n->qty,
	               n->defect_code, n->description, n->containment,
	               meaning, a, b, c ? c : "");
	if (len < 0 || (size_t)len >= sizeof buf)
		len = (int)sizeof buf - 1;
	mes_sha256_hex(buf, (size_t)len, out);
}

/* Another open non-conformance on the same lot or order keeps it held. */
static int others_open(struct mes_db *db, long long nc_id, const char *col,
                       long long ref)
{
	static const char q_lot[] = "SELECT count(*) FROM nonconformances "
		"WHERE lot_id = ?1 AND id <> ?2 AND status IN ('open', "
		"'contained')";
	static const char q_wo[] = "SELECT count(*) FROM nonconformances "
		"WHERE wo_id = ?1 AND id <> ?2 AND status IN ('open', "
		"'contained')";
	sqlite3_stmt *st = db_stmt(db, !strcmp(col, "lot") ? q_lot : q_wo);
	int n = 1;

	if (!st)
		return 1;
	sqlite3_bind_int64(st, 1, ref);
	sqlite3_bind_int64(st, 2, nc_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

static int unhold_order(struct mes_db *db, long long wo_id, const char *nc_no)
{
	static const char q[] = "SELECT wo_no, status, ifnull(held_from, ''),"
		" hold_reason FROM work_orders WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, q);
	char wo[40] = "", status[16] = "", from[16] = "", why[256] = "";
	char ov[96], nv[48];
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		str_copy(wo, sizeof wo, col_text(st, 0));
		str_copy(status, sizeof status, col_text(st, 1));
		str_copy(from, sizeof from, col_text(st, 2));
		str_copy(why, sizeof why, col_text(st, 3));
	}
	sqlite3_reset(st);
	/* A lead's own hold (not a quality one) stays for the lead. */
	if (strcmp(status, "held") || strncmp(why, "NC-", 3))
		return MES_OK;
	if (!from[0])
		str_copy(from, sizeof from, "released");
	if ((rc = order_set_status(db, wo_id, from, NULL, "")) != MES_OK)
		return rc;
	snprintf(ov, sizeof ov, "{\"status\":\"held\",\"held_from\":\"%s\"}",
	         from);
	snprintf(nv, sizeof nv, "{\"status\":\"%s\"}", from);
	return audit_append(db, "order.unhold", "work_orders", wo, ov, nv,
	                    nc_no);
}

static int lift_hold(struct mes_db *db, const struct mes_nc *n,
                     const struct nc_ids *ids, enum mes_nc_disp d)
{
	static const char *const lot_to[] = { "released", "quarantine",
		"rejected", "rejected" };
	char why[96];
	int rc = MES_OK;

	snprintf(why, sizeof why, "%s dispositioned %s", n->nc_no,
	         mes_nc_disp_name(d));
	if (ids->lot_id && !others_open(db, n->id, "lot", ids->lot_id))
		rc = nc_lot_status(db, ids->lot_id, lot_to[d], n->nc_no, why);
	if (rc == MES_OK && ids->wo_id &&
	    !others_open(db, n->id, "wo", ids->wo_id))
		rc = unhold_order(db, ids->wo_id, n->nc_no);
	return rc;
}

/* The signed steps: checked, signed (its own transaction, so a wrong PIN
 * is audited even though nothing changes), then applied in a second
 * transaction that verifies the signature binds the record unchanged. */
struct signed_step {
	const char *nc_no, *meaning, *action, *to;
	const char *a, *b;        /* disposition + note, or cause + action */
	enum mes_nc_disp d;
	const char *signer, *pin;
};

static int step_state(struct mes_db *db, const struct signed_step *s,
                      const struct mes_nc *n, const struct nc_ids *ids)
{
	if (!strcmp(s->to, "dispositioned")) {
		if (strcmp(n->status, "open") && strcmp(n->status, "contained"))
			return db_fail(db, MES_ERR_STATE, "%s is %s: it was "
			               "dispositioned already", n->nc_no,
			               n->status);
		if (s->d == MES_NC_RETURN && !ids->lot_id)
			return db_fail(db, MES_ERR_ARG, "%s is about a work "
			               "order: return to vendor is for a "
			               "received lot", n->nc_no);
		return MES_OK;
	}
	if (strcmp(n->status, "dispositioned") != 0)
		return db_fail(db, MES_ERR_STATE, "%s is %s: only a "
		               "dispositioned non-conformance is closed",
		               n->nc_no, n->status);
	return MES_OK;
}

static int apply_step(struct mes_db *db, const struct signed_step *s,
                      const struct mes_nc *n, const struct nc_ids *ids,
                      const struct mes_signature *sig)
{
	static const char u_disp[] = "UPDATE nonconformances SET status = ?1,"
		" disposition = ?2, disposition_note = ?3, signature_id = ?4, "
		"version = version + 1 WHERE id = ?5";
	static const char u_close[] = "UPDATE nonconformances SET status = "
		"?1, root_cause = ?2, corrective_action = ?3, "
		"close_signature_id = ?4, closed_ts = strftime('%Y-%m-%dT%H:%M:"
		"%fZ', 'now'), version = version + 1 WHERE id = ?5";
	int disp = !strcmp(s->to, "dispositioned");
	char text[600];
	int rc;

	rc = nc_update(db, n->id, disp ? u_disp : u_close, s->to, s->a, s->b,
	               sig->id);
	snprintf(text, sizeof text, "%s%s%s", s->a, s->b[0] ? "; " : "",
	         s->b);
	if (rc == MES_OK)
		rc = audit_step(db, s->action, n, s->to, disp ? "disposition" :
		                "root_cause", text, sig);
	if (rc == MES_OK && disp)
		rc = lift_hold(db, n, ids, s->d);
	return rc;
}

static int signed_step(struct mes_db *db, const struct signed_step *s)
{
	struct mes_signature sig;
	struct nc_ids ids;
	struct mes_nc n, now;
	char hash[65];
	long long sig_id = 0;
	int rc;

	if ((rc = perm_check(db, PERM_QDECIDE, s->action)) != MES_OK)
		return rc;
	if ((rc = nc_load(db, s->nc_no, &n, &ids)) != MES_OK)
		return rc;
	if ((rc = step_state(db, s, &n, &ids)) != MES_OK)
		return rc;
	nc_hash(&n, s->meaning, s->a, s->b, NULL, hash);
	rc = mes_sign(db, s->signer, s->pin, s->meaning, "nonconformances",
	              n.id, n.version, hash, MES_ROLE_QUALITY, &sig_id);
	if (rc != MES_OK || (rc = mes_sign_get(db, sig_id, &sig)) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_QDECIDE, s->action)) != MES_OK)
		return rc;
	if ((rc = nc_load(db, s->nc_no, &now, &ids)) == MES_OK &&
	    now.version != n.version)
		rc = db_fail(db, MES_ERR_STATE, "%s changed while it was being"
		             " signed: look at it again and sign again",
		             n.nc_no);
	if (rc == MES_OK)
		rc = mes_sign_verify(db, sig_id, "nonconformances", n.id,
		                     n.version, hash);
	if (rc == MES_OK)
		rc = apply_step(db, s, &now, &ids, &sig);
	return tx_end(db, rc);
}

int mes_nc_disposition(struct mes_db *db, const char *nc_no,
                       enum mes_nc_disp d, const char *note,
                       const char *signer, const char *pin)
{
	struct signed_step s = { nc_no, "dispositioned", "nc.disposition",
		"dispositioned", mes_nc_disp_name(d), note ? note : "", d,
		signer, pin };

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((unsigned)d > MES_NC_RETURN)
		return db_fail(db, MES_ERR_ARG, "unknown disposition");
	if (!signer || !*signer || !pin)
		return db_fail(db, MES_ERR_ARG, "a disposition is signed: "
		               "login and PIN of a quality engineer");
	return signed_step(db, &s);
}

int mes_nc_close(struct mes_db *db, const char *nc_no, const char *root_cause,
                 const char *corrective_action, const char *signer,
                 const char *pin)
{
	struct signed_step s = { nc_no, "closed", "nc.close", "closed",
		root_cause, corrective_action, MES_NC_USE_AS_IS, signer, pin };

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!root_cause || !*root_cause || !corrective_action ||
	    !*corrective_action)
		return db_fail(db, MES_ERR_ARG, "closing needs the root cause "
		               "and the corrective action");
	if (!signer || !*signer || !pin)
		return db_fail(db, MES_ERR_ARG, "closing is signed: login and "
		               "PIN of a quality engineer");
	return signed_step(db, &s);
}
