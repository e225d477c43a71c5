/*
 * Maintenance requests and orders: open -> assigned -> in-progress ->
 * done -> signed-off (or cancelled before sign-off).  Sign-off is an
 * electronic signature by a maintenance technician meaning "safe to
 * run", bound to the order's number, version and content.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "machine_int.h"

int mes_maint_request(struct mes_db *db, const char *asset,
                      const char *description, long long *id)
{
	struct asset_row a;
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if (!description || !*description)
		return db_fail(db, MES_ERR_ARG, "say what is wrong with the "
		               "machine");
	if ((rc = tx_begin(db, PERM_NONE, "maint.request")) != MES_OK)
		return rc;
	if ((rc = asset_load(db, asset, &a)) != MES_OK)
		return tx_end(db, rc);
	return tx_end(db, maint_request_tx(db, a.id, description, id));
}

int maint_request_tx(struct mes_db *db, long long asset_id,
                     const char *description, long long *id)
{
	static const char sql[] = "INSERT INTO maint_requests (asset_id, "
		"description, raised_by, ts) VALUES (?, ?, ?, ?)";
	struct asset_row a;
	sqlite3_stmt *st;
	char key[24];
	int rc;

	if ((rc = asset_load_id(db, asset_id, &a)) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a.id);
	sqlite3_bind_text(st, 2, description, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, db->sess.user_id);
	bind_now(st, 4);
	if ((rc = step_done(db, st, "saving the request")) != MES_OK)
		return rc;
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	snprintf(key, sizeof key, "%lld",
	         (long long)sqlite3_last_insert_rowid(db->h));
	return audit_append(db, "maint.request", "maint_requests", key, "",
	                    a.code, description);
}

int mo_insert_tx(struct mes_db *db, long long asset_id, const char *kind,
                 const char *description, long long request_id,
                 long long downtime_id, long long pm_id, long long alert_id,
                 char mo_no[24])
{
	static const char next[] = "SELECT ifnull(max(id), 0) + 1 FROM "
		"maint_orders";
	static const char ins[] = "INSERT INTO maint_orders (mo_no, asset_id, "
		"kind, description, created, request_id, downtime_id, pm_plan_id,"
		" alert_id, created_by) VALUES (?, ?, ?, ?, ?, nullif(?, 0), "
		"nullif(?, 0), nullif(?, 0), nullif(?, 0), nullif(?, 0))";
	sqlite3_stmt *st = db_stmt(db, next);
	long long n = 1;
	struct mes_json j;
	int rc;

	if (!st)
		return MES_ERR_DB;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	snprintf(mo_no, 24, "MO-%06lld", n);
	if (!(st = db_stmt(db, ins)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, mo_no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, asset_id);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, description, -1, SQLITE_STATIC);
	bind_now(st, 5);
	sqlite3_bind_int64(st, 6, request_id);
	sqlite3_bind_int64(st, 7, downtime_id);
	sqlite3_bind_int64(st, 8, pm_id);
	sqlite3_bind_int64(st, 9, alert_id);
	sqlite3_bind_int64(st, 10, db->sess.user_id);
	if ((rc = step_done(db, st, "creating the maintenance order")) != MES_OK)
		return rc;
	mes_json_init(&j);
	mes_json_str(&j, "kind", kind);
	mes_json_str(&j, "description", description);
	mes_json_int(&j, "asset_id", asset_id);
	rc = audit_append(db, "mo.create", "maint_orders", mo_no, "",
	                  mes_json_done(&j), "");
	mes_json_free(&j);
	return rc;
}

int mes_mo_add(struct mes_db *db, const char *asset, const char *kind,
               const char *description, char mo_no[24])
{
	struct asset_row a;
	int rc;

	if (!db || !mo_no)
		return db_badarg(db, __func__);
	if (!kind || (strcmp(kind, "corrective") && strcmp(kind, "preventive")
	              && strcmp(kind, "condition")))
		return db_fail(db, MES_ERR_ARG, "an order is corrective, "
		               "preventive or condition");
	if (!description || !*description)
		return db_fail(db, MES_ERR_ARG, "say what the order is for");
	if ((rc = tx_begin(db, PERM_MAINT, "mo.create")) != MES_OK)
		return rc;
	if ((rc = asset_load(db, asset, &a)) == MES_OK)
		rc = mo_insert_tx(db, a.id, kind, description, 0, 0, 0, 0, mo_no);
	return tx_end(db, rc);
}

int mes_mo_from_request(struct mes_db *db, long long request_id,
                        char mo_no[24])
{
	static const char sql[] = "SELECT asset_id, description, status FROM "
		"maint_requests WHERE id = ?";
	static const char upd[] = "UPDATE maint_requests SET status = 'ordered'"
		", mo_id = (SELECT id FROM maint_orders WHERE mo_no = ?) WHERE "
		"id = ?";
	char desc[256] = "", status[12] = "";
	long long asset = 0;
	sqlite3_stmt *st;
	int rc;

	if (!db || !mo_no)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MAINT, "mo.create")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, request_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		asset = sqlite3_column_int64(st, 0);
		str_copy(desc, sizeof desc, col_text(st, 1));
		str_copy(status, sizeof status, col_text(st, 2));
	}
	sqlite3_reset(st);
	if (!asset)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no maintenance"
		              " request %lld", request_id));
	if (strcmp(status, "open"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "request %lld is "
		              "%s already", request_id, status));
	rc = mo_insert_tx(db, asset, "corrective", desc, request_id, 0, 0, 0,
	                  mo_no);
	if (rc == MES_OK && !(st = db_stmt(db, upd)))
		rc = MES_ERR_DB;
	if (rc == MES_OK) {
		sqlite3_bind_text(st, 1, mo_no, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, request_id);
		rc = step_done(db, st, "closing the request");
	}
	return tx_end(db, rc);
}

int mes_mo_from_downtime(struct mes_db *db, long long downtime_id,
                         const char *description, char mo_no[24])
{
	static const char sql[] = "SELECT d.asset_id, a.code, d.fault_text, "
		"(SELECT mo_no FROM maint_orders WHERE downtime_id = d.id AND "
		"status <> 'cancelled') FROM downtime_events d JOIN assets a ON "
		"a.id = d.asset_id WHERE d.id = ?";
	char desc[256], code[33] = "", fault[128] = "", have[24] = "";
	long long asset = 0;
	sqlite3_stmt *st;
	int rc;

	if (!db || !mo_no)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MAINT, "mo.create")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, downtime_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		asset = sqlite3_column_int64(st, 0);
		str_copy(code, sizeof code, col_text(st, 1));
		str_copy(fault, sizeof fault, col_text(st, 2));
		str_copy(have, sizeof have, col_text(st, 3));
	}
	sqlite3_reset(st);
	if (!asset)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no downtime "
		              "event %lld", downtime_id));
	if (have[0])
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "downtime %lld "
		              "has order %s already", downtime_id, have));
	if (description && *description)
		str_copy(desc, sizeof desc, description);
	else
		snprintf(desc, sizeof desc, "Breakdown of %s%s%s", code,
		         fault[0] ? ": " : "", fault);
	rc = mo_insert_tx(db, asset, "corrective", desc, 0, downtime_id, 0, 0,
	                  mo_no);
	return tx_end(db, rc);
}

struct mo_row {
	long long id, version, pm_id, asset_id;
	char mo_no[24], status[12], kind[12], desc[256], asset[33];
	long long assigned;
};

static int mo_load(struct mes_db *db, const char *mo_no, struct mo_row *m)
{
	static const char sql[] = "SELECT m.id, m.version, ifnull(m.pm_plan_id"
		", 0), m.asset_id, m.mo_no, m.status, m.kind, m.description, "
		"a.code, ifnull(m.assigned_to, 0) FROM maint_orders m JOIN "
		"assets a ON a.id = m.asset_id WHERE m.mo_no = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, mo_no ? mo_no : "", -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->version = sqlite3_column_int64(st, 1);
		m->pm_id = sqlite3_column_int64(st, 2);
		m->asset_id = sqlite3_column_int64(st, 3);
		str_copy(m->mo_no, sizeof m->mo_no, col_text(st, 4));
		str_copy(m->status, sizeof m->status, col_text(st, 5));
		str_copy(m->kind, sizeof m->kind, col_text(st, 6));
		str_copy(m->desc, sizeof m->desc, col_text(st, 7));
		str_copy(m->asset, sizeof m->asset, col_text(st, 8));
		m->assigned = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	return rc == SQLITE_DONE ? db_fail(db, MES_ERR_NOTFOUND, "no "
	       "maintenance order %s", mo_no ? mo_no : "") :
	       db_sqlfail(db, rc, "reading the order");
}

static int mo_set(struct mes_db *db, const struct mo_row *m,
                  const char *status, long long assigned, long long sig,
                  const char *action, const char *reason)
{
	static const char sql[] = "UPDATE maint_orders SET status = ?, "
		"assigned_to = nullif(?, 0), signature_id = CASE WHEN ? THEN ? "
		"ELSE signature_id END, done_ts = CASE WHEN ?1 = 'done' THEN ? "
		"ELSE done_ts END, version = version + 1 WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct mes_json ob, nb;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, assigned);
	sqlite3_bind_int(st, 3, sig != 0);
	sqlite3_bind_int64(st, 4, sig);
	bind_now(st, 5);
	sqlite3_bind_int64(st, 6, m->id);
	if ((rc = step_done(db, st, "saving the order")) != MES_OK)
		return rc;
	mes_json_init(&ob);
	mes_json_str(&ob, "status", m->status);
	mes_json_init(&nb);
	mes_json_str(&nb, "status", status);
	if (assigned)
		mes_json_int(&nb, "assigned_to", assigned);
	if (sig)
		mes_json_int(&nb, "signature", sig);
	rc = audit_append(db, action, "maint_orders", m->mo_no,
	                  mes_json_done(&ob), mes_json_done(&nb), reason);
	mes_json_free(&ob);
	mes_json_free(&nb);
	return rc;
}

static int mo_begin(struct mes_db *db, const char *action, const char *mo_no,
                    struct mo_row *m)
{
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MAINT, action)) != MES_OK)
		return rc;
	if ((rc = mo_load(db, mo_no, m)) != MES_OK)
		return tx_end(db, rc);
	return MES_OK;
}

static int closed(const struct mo_row *m)
{
	return !strcmp(m->status, "signed-off") ||
	       !strcmp(m->status, "cancelled");
}

int mes_mo_assign(struct mes_db *db, const char *mo_no, const char *login)
{
	static const char usql[] = "SELECT id FROM users WHERE login = ? AND "
		"active AND roles & 8";
	struct mo_row m;
	long long uid;
	int rc;

	if ((rc = mo_begin(db, "mo.assign", mo_no, &m)) != MES_OK)
		return rc;
	if (closed(&m) || !strcmp(m.status, "done"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: it "
		              "cannot be assigned now", m.mo_no, m.status));
	if ((uid = db_lookup_id(db, usql, login ? login : "")) <= 0)
		return tx_end(db, uid < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "%s is not an active "
		              "maintenance technician", login ? login : ""));
	return tx_end(db, mo_set(db, &m, !strcmp(m.status, "open") ?
	                         "assigned" : m.status, uid, 0, "mo.assign",
	                         login));
}

int mes_mo_start(struct mes_db *db, const char *mo_no)
{
	struct mo_row m;
	int rc;

	if ((rc = mo_begin(db, "mo.start", mo_no, &m)) != MES_OK)
		return rc;
	if (strcmp(m.status, "open") && strcmp(m.status, "assigned"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: only an"
		              " open or assigned order starts", m.mo_no,
		              m.status));
	return tx_end(db, mo_set(db, &m, "in-progress", m.assigned ?
	                         m.assigned : db->sess.user_id, 0, "mo.start",
	                         ""));
}

static int mo_add_row(struct mes_db *db, const char *action,
                      const char *mo_no, const char *sql, const char *text,
                      double num)
{
	struct mo_row m;
	sqlite3_stmt *st;
	char v[300];
	int rc;

	if (!isfinite(num) || num <= 0 || num > 1e6)
		return db_fail(db, MES_ERR_RANGE, "%g: expected a number above 0",
		               num);
	if ((rc = mo_begin(db, action, mo_no, &m)) != MES_OK)
		return rc;
	if (closed(&m))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: nothing "
		              "more is booked to it", m.mo_no, m.status));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, m.id);
	sqlite3_bind_text(st, 2, text ? text : "", -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, num);
	sqlite3_bind_int64(st, 4, db->sess.user_id);
	bind_now(st, 5);
	if ((rc = step_done(db, st, "booking to the order")) != MES_OK)
		return tx_end(db, rc);
	snprintf(v, sizeof v, "%g %s", num, text ? text : "");
	return tx_end(db, audit_append(db, action, "maint_orders", m.mo_no,
	                               "", v, ""));
}

int mes_mo_part(struct mes_db *db, const char *mo_no, const char *part,
                double qty)
{
	static const char sql[] = "INSERT INTO maint_parts (mo_id, part, qty, "
		"user_id, ts) VALUES (?1, ?2, ?3, ?4, ?5)";

	if (!db)
		return db_badarg(db, __func__);
	if (!part || !*part)
		return db_fail(db, MES_ERR_ARG, "name the part used");
	return mo_add_row(db, "mo.part", mo_no, sql, part, qty);
}

int mes_mo_labor(struct mes_db *db, const char *mo_no, double hours,
                 const char *note)
{
	static const char sql[] = "INSERT INTO maint_labor (mo_id, note, hours,"
		" user_id, ts) VALUES (?1, ?2, ?3, ?4, ?5)";

	if (!db)
		return db_badarg(db, __func__);
	if (hours > 24)
		return db_fail(db, MES_ERR_RANGE, "%g hours: book one person's "
		               "labor at most 24 hours at a time", hours);
	return mo_add_row(db, "mo.labor", mo_no, sql, note, hours);
}

int mes_mo_done(struct mes_db *db, const char *mo_no)
{
	struct mo_row m;
	int rc;

	if ((rc = mo_begin(db, "mo.done", mo_no, &m)) != MES_OK)
		return rc;
	if (strcmp(m.status, "in-progress"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s: start "
		              "the work before marking it done", m.mo_no,
		              m.status));
	return tx_end(db, mo_set(db, &m, "done", m.assigned, 0, "mo.done", ""));
}

int mes_mo_cancel(struct mes_db *db, const char *mo_no, const char *reason)
{
	struct mo_row m;
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if (!reason || !*reason)
		return db_fail(db, MES_ERR_ARG, "cancelling an order needs a "
		               "reason");
	if ((rc = mo_begin(db, "mo.cancel", mo_no, &m)) != MES_OK)
		return rc;
	if (closed(&m))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is %s already",
		              m.mo_no, m.status));
	return tx_end(db, mo_set(db, &m, "cancelled", m.assigned, 0,
	                         "mo.cancel", reason));
}

/* What the signature binds: the order as it stands, with its bookings. */
static void mo_hash(struct mes_db *db, const struct mo_row *m, char out[65])
{
	static const char sql[] = "SELECT (SELECT ifnull(group_concat(part || "
		"'x' || qty, ';'), '') FROM maint_parts WHERE mo_id = ?1), (SELECT"
		" ifnull(sum(hours), 0) FROM maint_labor WHERE mo_id = ?1)";
	sqlite3_stmt *st = db_stmt(db, sql);
	char buf[1024], parts[512] = "";
	double hours = 0;

	if (st) {
		sqlite3_bind_int64(st, 1, m->id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			str_copy(parts, sizeof parts, col_text(st, 0));
			hours = sqlite3_column_double(st, 1);
		}
		sqlite3_reset(st);
	}
	snprintf(buf, sizeof buf, "%s|%s|%s|%s|%s|%lld|%s|%.4f", m->mo_no,
	         m->asset, m->kind, m->desc, m->status, m->version, parts,
	         hours);
	mes_sha256_hex(buf, strlen(buf), out);
}

static int pm_restart(struct mes_db *db, long long pm_id, long long asset_id)
{
	static const char sql[] = "UPDATE pm_plans SET last_done = ?, "
		"last_cycles = (SELECT CAST(cycles AS INTEGER) FROM assets WHERE "
		"id = ?) WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	bind_now(st, 1);
	sqlite3_bind_int64(st, 2, asset_id);
	sqlite3_bind_int64(st, 3, pm_id);
	return step_done(db, st, "restarting the PM plan");
}

/* Read and checked in a transaction of its own, so no signature is made
 * for an order that cannot be signed off. */
static int signoff_check(struct mes_db *db, const char *mo_no,
                         struct mo_row *m, char hash[65])
{
	int rc;

	if ((rc = mo_begin(db, "mo.signoff", mo_no, m)) != MES_OK)
		return rc;
	if (strcmp(m->status, "done"))
		return tx_refuse(db, db_fail(db, MES_ERR_STATE, "%s is %s: "
		                   "only a done order is signed off as safe to "
		                   "run", m->mo_no, m->status), "mo.signoff",
		                   m->mo_no);
	mo_hash(db, m, hash);
	return tx_end(db, MES_OK);
}

int mes_mo_signoff(struct mes_db *db, const char *mo_no, const char *signer,
                   const char *pin)
{
	struct mo_row m, now;
	char hash[65], hash2[65];
	long long sig = 0;
	int rc;

	if (!db || !signer || !pin)
		return db_badarg(db, __func__);
	if ((rc = signoff_check(db, mo_no, &m, hash)) != MES_OK)
		return rc;
	rc = mes_sign(db, signer, pin, "safe to run", "maint_orders", m.id,
	              m.version, hash, MES_ROLE_MAINTENANCE, &sig);
	if (rc != MES_OK)
		return rc;
	if ((rc = mo_begin(db, "mo.signoff", mo_no, &now)) != MES_OK)
		return rc;
	mo_hash(db, &now, hash2);
	if (now.version != m.version || strcmp(hash, hash2) ||
	    mes_sign_verify(db, sig, "maint_orders", now.id, now.version,
	                    hash2) != MES_OK)
		return tx_end(db, db_fail(db, MES_ERR_SIGNATURE, "%s changed "
		              "while it was being signed: look at it again and "
		              "sign once more", now.mo_no));
	rc = mo_set(db, &now, "signed-off", now.assigned, sig, "mo.signoff",
	            "safe to run");
	if (rc == MES_OK && now.pm_id)
		rc = pm_restart(db, now.pm_id, now.asset_id);
	return tx_end(db, rc);
}

#define MO_COLS "m.id, m.mo_no, a.code, m.kind, m.description, m.status, " \
	"ifnull(u.login, ''), m.created, ifnull(m.done_ts, ''), " \
	"ifnull(s.printed_name, ''), ifnull(s.ts, ''), (SELECT ifnull(sum(" \
	"hours), 0) FROM maint_labor WHERE mo_id = m.id), (SELECT count(*) " \
	"FROM maint_parts WHERE mo_id = m.id), m.version, ifnull(" \
	"m.downtime_id, 0), ifnull(m.request_id, 0), ifnull(m.pm_plan_id, 0)" \
	" FROM maint_orders m JOIN assets a ON a.id = m.asset_id LEFT JOIN " \
	"users u ON u.id = m.assigned_to LEFT JOIN signatures s ON s.id = " \
	"m.signature_id"

static void mo_fill(sqlite3_stmt *st, struct mes_mo *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	str_copy(o->mo_no, sizeof o->mo_no, col_text(st, 1));
	str_copy(o->asset, sizeof o->asset, col_text(st, 2));
	str_copy(o->kind, sizeof o->kind, col_text(st, 3));
	str_copy(o->description, sizeof o->description, col_text(st, 4));
	str_copy(o->status, sizeof o->status, col_text(st, 5));
	str_copy(o->assigned_to, sizeof o->assigned_to, col_text(st, 6));
	str_copy(o->created, sizeof o->created, col_text(st, 7));
	str_copy(o->done_ts, sizeof o->done_ts, col_text(st, 8));
	str_copy(o->signed_by, sizeof o->signed_by, col_text(st, 9));
	str_copy(o->signed_ts, sizeof o->signed_ts, col_text(st, 10));
	o->labor_h = sqlite3_column_double(st, 11);
	o->parts = sqlite3_column_int64(st, 12);
	o->version = sqlite3_column_int64(st, 13);
	o->downtime_id = sqlite3_column_int64(st, 14);
	o->request_id = sqlite3_column_int64(st, 15);
	o->pm_plan_id = sqlite3_column_int64(st, 16);
}

int mes_mo_each(struct mes_db *db, int open_only, mes_mo_fn fn, void *ctx)
{
	/* the open ones through their own index (schema 14), not a walk
	 * back through years of signed-off orders */
	static const char every[] = "SELECT " MO_COLS " ORDER BY m.id DESC "
		"LIMIT 500";
	static const char open[] = "SELECT " MO_COLS " WHERE m.status NOT IN "
		"('signed-off', 'cancelled') ORDER BY m.id DESC LIMIT 500";
	struct mes_mo o;
	sqlite3_stmt *st;
	int src;

	if ((src = db_list_begin(db, fn != NULL, open_only ? open : every, &st,
	                         __func__)))
		return src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		mo_fill(st, &o);
		if (fn(&o, ctx))
			break;
	}
	return step_end(db, st, src, "reading the orders");
}

int mes_mo_get(struct mes_db *db, const char *mo_no, struct mes_mo *o)
{
	static const char sql[] = "SELECT " MO_COLS " WHERE m.mo_no = ?";
	sqlite3_stmt *st;
	int src;

	if (!db || !o)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, mo_no ? mo_no : "", -1, SQLITE_STATIC);
	if ((src = sqlite3_step(st)) == SQLITE_ROW)
		mo_fill(st, o);
	sqlite3_reset(st);
	if (src == SQLITE_ROW)
		return MES_OK;
	return src == SQLITE_DONE ? db_fail(db, MES_ERR_NOTFOUND, "no "
	       "maintenance order %s", mo_no ? mo_no : "") :
	       db_sqlfail(db, src, "reading the order");
}
