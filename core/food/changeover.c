/*
 * The changeover clean: recorded by whoever cleaned (the checklist as
 * done, the ATP swab), verified and signed by a second person of the
 * quality role; only then does the work center carry nothing.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "food.h"
#include "food_int.h"

static const char wc_sql[] = "SELECT id FROM work_centers WHERE code = ?";

/* What the work center carries, as "MILK, EGG" ("" for nothing). */
static int carried(struct mes_db *db, long long wc, char out[256])
{
	static const char sql[] = "SELECT ifnull(group_concat(allergen, ', '),"
		" '') FROM (SELECT allergen FROM wc_allergens WHERE wc_id = ? "
		"ORDER BY allergen)";
	sqlite3_stmt *st = db_stmt(db, sql);

	out[0] = '\0';
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc);
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(out, 256, col_text(st, 0));
	sqlite3_reset(st);
	return MES_OK;
}

static int insert_clean(struct mes_db *db, long long wc, const char *checklist,
                        double atp, const char *allergens, int failed,
                        long long *id)
{
	static const char sql[] = "INSERT INTO changeovers (wc_id, ts, user_id,"
		" checklist, atp_rlu, atp_max, allergens, status) VALUES (?, ?, ?, "
		"?, ?, ?, ?, ?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc);
	bind_now(st, 2);
	sqlite3_bind_int64(st, 3, db->sess.user_id);
	sqlite3_bind_text(st, 4, checklist, -1, SQLITE_STATIC);
	if (atp >= 0)
		sqlite3_bind_double(st, 5, atp);
	sqlite3_bind_int(st, 6, db->set.atp_max_rlu);
	sqlite3_bind_text(st, 7, allergens, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, failed ? "failed" : "recorded", -1,
	                  SQLITE_STATIC);
	if ((rc = step_done(db, st, "recording the clean")) != MES_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db->h);
	return MES_OK;
}

int mes_changeover_record(struct mes_db *db, const char *wc,
                          const char *checklist, double atp_rlu,
                          long long *id)
{
	char key[24], val[320], had[256];
	long long wc_id, no = 0;
	int rc, failed;

	if (!db || !db->h || !wc || !checklist)
		return db_badarg(db, __func__);
	if (!*checklist)
		return db_fail(db, MES_ERR_ARG, "say what the clean did (the "
		               "checklist as done)");
	if (!isfinite(atp_rlu) || atp_rlu > 1e9)
		return db_fail(db, MES_ERR_RANGE, "an ATP result is RLU, 0 or more");
	if (atp_rlu < 0 && db->set.require_atp)
		return db_fail(db, MES_ERR_ARG, "a changeover clean needs its ATP "
		               "swab result ([food] require_atp)");
	if ((rc = tx_begin(db, PERM_OPERATE, "changeover.record")) != MES_OK)
		return rc;
	if ((wc_id = db_lookup_id(db, wc_sql, wc)) <= 0)
		return tx_end(db, wc_id < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "no work center %s", wc));
	if ((rc = carried(db, wc_id, had)) != MES_OK)
		return tx_end(db, rc);
	failed = atp_rlu > db->set.atp_max_rlu;
	rc = insert_clean(db, wc_id, checklist, atp_rlu, had, failed, &no);
	snprintf(key, sizeof key, "%lld", no);
	snprintf(val, sizeof val, "%s at %s, ATP %s%.0f RLU (max %d), carried "
	         "%s", failed ? "failed" : "recorded", wc, atp_rlu < 0 ?
	         "not taken " : "", atp_rlu < 0 ? 0 : atp_rlu,
	         db->set.atp_max_rlu, had[0] ? had : "nothing");
	if (rc == MES_OK)
		rc = audit_append(db, failed ? "changeover.fail" :
		                  "changeover.record", "changeovers", key, "", val,
		                  checklist);
	if ((rc = tx_end(db, rc)) != MES_OK)
		return rc;
	if (id)
		*id = no;
	/* Kept as evidence; the line is not clean. */
	if (failed)
		return db_fail(db, MES_ERR_STATE, "ATP %.0f RLU is above %d: the "
		               "clean failed and is kept as such; clean again and "
		               "swab again", atp_rlu, db->set.atp_max_rlu);
	return MES_OK;
}

struct clean_row {
	long long id, user_id;
	char ts[32], checklist[256], allergens[256];
	double atp;
};

static int newest_clean(struct mes_db *db, long long wc, struct clean_row *c)
{
	static const char sql[] = "SELECT id, user_id, ts, checklist, "
		"allergens, ifnull(atp_rlu, -1) FROM changeovers WHERE wc_id = ? "
		"AND status = 'recorded' ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	memset(c, 0, sizeof *c);
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->id = sqlite3_column_int64(st, 0);
		c->user_id = sqlite3_column_int64(st, 1);
		str_copy(c->ts, sizeof c->ts, col_text(st, 2));
		str_copy(c->checklist, sizeof c->checklist, col_text(st, 3));
		str_copy(c->allergens, sizeof c->allergens, col_text(st, 4));
		c->atp = sqlite3_column_double(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MES_OK :
	       db_sqlfail(db, rc, "reading the clean");
}

static void clean_hash(const struct clean_row *c, const char *wc,
                       char out[65])
{
	char buf[800];

	snprintf(buf, sizeof buf, "changeovers;%lld;%s;%s;%lld;%zu:%s;%.3f;%s",
	         c->id, wc, c->ts, c->user_id, strlen(c->checklist),
	         c->checklist, c->atp, c->allergens);
	mes_sha256_hex(buf, strlen(buf), out);
}

/* The clean signed (sig_id): verified, and the line carries nothing. */
static int verify_tx(struct mes_db *db, long long wc, const char *code,
                     const struct clean_row *c, long long sig_id)
{
	static const char upd[] = "UPDATE changeovers SET status = 'verified', "
		"verified_by = (SELECT user_id FROM signatures WHERE id = ?2), "
		"verified_ts = ?3, signature_id = ?2 WHERE id = ?1 AND status = "
		"'recorded'";
	static const char clear[] = "DELETE FROM wc_allergens WHERE wc_id = ?";
	char key[24], val[320];
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_stmt(db, upd)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, sig_id);
	bind_now(st, 3);
	if ((rc = step_done(db, st, "verifying the clean")) != MES_OK)
		return rc;
	if (sqlite3_changes(db->h) != 1)
		return db_fail(db, MES_ERR_STATE, "clean %lld of %s was verified "
		               "meanwhile", c->id, code);
	if (!(st = db_stmt(db, clear)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc);
	if ((rc = step_done(db, st, "clearing the line")) != MES_OK)
		return rc;
	snprintf(key, sizeof key, "%lld", c->id);
	snprintf(val, sizeof val, "verified at %s: %s is clean (it carried %s)",
	         code, code, c->allergens[0] ? c->allergens : "nothing");
	return audit_append(db, "changeover.verify", "changeovers", key,
	                    "recorded", val, "");
}

int mes_changeover_verify(struct mes_db *db, const char *wc,
                          const char *signer, const char *pin)
{
	struct mes_user_info u;
	struct clean_row c, now;
	long long wc_id, sig_id = 0;
	char hash[65];
	int rc;

	if (!db || !db->h || !wc || !signer || !pin)
		return db_badarg(db, __func__);
	if ((wc_id = db_lookup_id(db, wc_sql, wc)) <= 0)
		return wc_id < 0 ? MES_ERR_DB : db_fail(db, MES_ERR_NOTFOUND,
		       "no work center %s", wc);
	if ((rc = newest_clean(db, wc_id, &c)) != MES_OK)
		return rc;
	if (!c.id)
		return db_fail(db, MES_ERR_STATE, "%s has no clean waiting to be "
		               "verified: record one first", wc);
	if (mes_user_get(db, signer, &u) == MES_OK && u.id == c.user_id)
		return db_fail(db, MES_ERR_PERM, "%s recorded the clean: a second "
		               "person verifies it", signer);
	clean_hash(&c, wc, hash);
	if ((rc = mes_sign(db, signer, pin, "changeover verified",
	                   "changeovers", c.id, 1, hash, MES_ROLE_QUALITY,
	                   &sig_id)) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_NONE, "changeover.verify")) != MES_OK)
		return rc;
	if ((rc = newest_clean(db, wc_id, &now)) == MES_OK && now.id != c.id)
		rc = db_fail(db, MES_ERR_STATE, "another clean of %s was recorded "
		             "meanwhile: verify that one", wc);
	if (rc == MES_OK)
		rc = mes_sign_verify(db, sig_id, "changeovers", c.id, 1, hash);
	if (rc == MES_OK)
		rc = verify_tx(db, wc_id, wc, &c, sig_id);
	return tx_end(db, rc);
}
