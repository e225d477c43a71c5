/*
 * The audit trail: append-only (triggers refuse UPDATE and DELETE) and
 * hash-chained, so that an edit made with any other tool shows up in
 * mes_audit_verify() at the first record it touched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

/*
 * Each field is fed as "<length>:<bytes>;" so that no choice of values
 * can make two different records hash the same.
 */
void audit_chain_hash(const char *const f[F_COUNT], char out[65])
{
	crypto_hash_sha256_state s;
	unsigned char h[crypto_hash_sha256_BYTES];
	char len[24];
	int i;

	crypto_hash_sha256_init(&s);
	for (i = 0; i < F_COUNT; i++) {
		size_t n = strlen(f[i]);
		int k = snprintf(len, sizeof len, "%zu:", n);

		crypto_hash_sha256_update(&s, (const unsigned char *)len,
		                          (unsigned long long)k);
		crypto_hash_sha256_update(&s, (const unsigned char *)f[i], n);
		crypto_hash_sha256_update(&s, (const unsigned char *)";", 1);
	}
	crypto_hash_sha256_final(&s, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int chain_tail(struct mes_db *db, long long *seq, char prev[65],
                      char mac[SEAL_TEXT])
{
	static const char sql[] =
		"SELECT seq, hash, mac FROM audit ORDER BY seq DESC LIMIT 1";
	static const char sql_old[] =
		"SELECT seq, hash, '' FROM audit ORDER BY seq DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, db->audit_macs ? sql : sql_old);
	int rc;

	if (!st)
		return MES_ERR_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		str_copy(prev, 65, col_text(st, 1));
		if (mac)
			str_copy(mac, SEAL_TEXT, col_text(st, 2));
		sqlite3_reset(st);
		return MES_OK;
	}
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the audit trail");
	*seq = 0;
	str_copy(prev, 65, AUDIT_ZERO_HASH);
	if (mac)
		mac[0] = '\0';
	return MES_OK;
}

int audit_append_as(struct mes_db *db, long long user_id, const char *login,
                    const char *action, const char *tbl, const char *rec_key,
                    const char *old_value, const char *new_value,
                    const char *reason)
{
	static const char sql[] =
		"INSERT INTO audit (seq, ts, user_id, login, action, tbl, "
		"rec_key, old_value, new_value, reason, prev_hash, hash, mac) "
		"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
	/* A file before version 9, open only to be migrated. */
	static const char sql_old[] =
		"INSERT INTO audit (seq, ts, user_id, login, action, tbl, "
		"rec_key, old_value, new_value, reason, prev_hash, hash) "
		"VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
	const char *f[F_COUNT];
	char ts[32], prev[65], hash[65], seqs[24], uids[24], mac[SEAL_TEXT];
	long long seq = 0;
	sqlite3_stmt *st;
	int rc, i;

	if (!db->in_tx)
		return db_fail(db, MES_ERR_STATE, "internal: audit outside a "
		               "transaction");
	if ((rc = chain_tail(db, &seq, prev, NULL)) != MES_OK)
		return rc;
	seq++;
	mes_now_iso(ts);
	snprintf(seqs, sizeof seqs, "%lld", seq);
	snprintf(uids, sizeof uids, "%lld", user_id);
	f[F_SEQ] = seqs; f[F_TS] = ts; f[F_UID] = uids;
	f[F_LOGIN] = login; f[F_ACTION] = action; f[F_TBL] = tbl;
	f[F_KEY] = rec_key; f[F_OLD] = old_value; f[F_NEW] = new_value;
	f[F_REASON] = reason; f[F_PREV] = prev;
	for (i = 0; i < F_COUNT; i++)
		if (!f[i])
			f[i] = "";
	audit_chain_hash(f, hash);
	/* The hash anyone can recompute; the MAC only the key's holders. */
	seal_mac_text(&db->key, "audit", hash, mac);
	if (!(st = db_stmt(db, db->audit_macs ? sql : sql_old)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, seq);
	for (i = F_TS; i < F_COUNT; i++) {
		if (i == F_UID && user_id)
			sqlite3_bind_int64(st, i + 1, user_id);
		else if (i != F_UID)
			sqlite3_bind_text(st, i + 1, f[i], -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, F_COUNT + 1, hash, -1, SQLITE_STATIC);
	if (db->audit_macs)
		sqlite3_bind_text(st, F_COUNT + 2, mac, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "writing the "
	                                               "audit record");
}

int audit_append(struct mes_db *db, const char *action, const char *tbl,
                 const char *rec_key, const char *old_value,
                 const char *new_value, const char *reason)
{
	return audit_append_as(db, db->sess.user_id, db->sess.login, action,
	                       tbl, rec_key, old_value, new_value, reason);
}

static const char audit_cols[] =
	"SELECT seq, ts, ifnull(user_id, 0), login, action, tbl, rec_key, "
	"old_value, new_value, reason, prev_hash, hash, mac FROM audit ";

/* One row against its predecessor: what is wrong with it, or NULL. */
static const char *check_row(const struct seal_key *k, sqlite3_stmt *st,
                             long long want_seq, const char *prev_hash,
                             char *why, size_t n)
{
	char what[48];
	const char *f[F_COUNT];
	char hash[65];
	long long seq = sqlite3_column_int64(st, 0);
	int i;

	for (i = 0; i < F_COUNT; i++)
		f[i] = col_text(st, i);
	if (seq != want_seq) {
		snprintf(why, n, "record %lld is missing (deleted?): the chain "
		         "jumps from %lld to %lld", want_seq, want_seq - 1, seq);
		return why;
	}
	if (strcmp(f[F_PREV], prev_hash) != 0) {
		snprintf(why, n, "record %lld does not follow record %lld "
		         "(inserted, or the one before it was replaced)", seq,
		         seq - 1);
		return why;
	}
	audit_chain_hash(f, hash);
	if (strcmp(hash, col_text(st, F_COUNT)) != 0) {
		snprintf(why, n, "record %lld was changed after it was written:"
		         " its content does not match its hash", seq);
		return why;
	}
	snprintf(what, sizeof what, "record %lld", seq);
	return seal_mac_check(k, "audit", what, hash,
	                      col_text(st, F_COUNT + 1), why, n);
}

int mes_audit_verify(struct mes_db *db, long long *checked, long long *bad_seq)
{
	char sql[sizeof audit_cols + 32], prev[65] = AUDIT_ZERO_HASH, why[256];
	sqlite3_stmt *st;
	long long n = 0;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (bad_seq)
		*bad_seq = 0;
	snprintf(sql, sizeof sql, "%sORDER BY seq", audit_cols);
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "reading the audit trail");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (check_row(&db->key, st, n + 1, prev, why, sizeof why)) {
			if (bad_seq)
				*bad_seq = n + 1;
			sqlite3_finalize(st);
			if (checked)
				*checked = n;
			return db_fail(db, MES_ERR_AUDIT, "%s", why);
		}
		str_copy(prev, sizeof prev, col_text(st, F_COUNT));
		n++;
	}
	sqlite3_finalize(st);
	if (checked)
		*checked = n;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the audit trail");
	db_fail(db, MES_OK, "%lld records, head %s", n, prev);
	return MES_OK;
}

int mes_audit_time_steps(struct mes_db *db, mes_time_step_fn fn, void *ctx,
                         long long *steps)
{
	static const char sql[] = "SELECT seq, ts FROM audit ORDER BY seq";
	char prev_ts[32] = "";
	long long prev_seq = 0, n = 0;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!db || !db->h || !steps)
		return db_badarg(db, __func__);
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "reading the audit trail");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *ts = col_text(st, 1);

		if (prev_ts[0] && strcmp(ts, prev_ts) < 0) {
			n++;
			if (fn && !stop)
				stop = fn(seq, ts, prev_seq, prev_ts, ctx);
		}
		prev_seq = seq;
		str_copy(prev_ts, sizeof prev_ts, ts);
	}
	sqlite3_finalize(st);
	*steps = n;
	return rc == SQLITE_DONE ? MES_OK :
	       db_sqlfail(db, rc, "reading the audit trail");
}

int mes_audit_each(struct mes_db *db, const char *since, const char *login,
                   mes_audit_fn fn, void *ctx)
{
	char sql[sizeof audit_cols + 128];
	struct mes_audit_rec r;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if ((rc = perm_check(db, PERM_AUDIT_READ, "audit.show")) != MES_OK)
		return rc;
	snprintf(sql, sizeof sql, "%sWHERE (?1 IS NULL OR ts >= ?1) AND "
	         "(?2 IS NULL OR login = ?2) ORDER BY seq", audit_cols);
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "reading the audit trail");
	if (since)
		sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	if (login)
		sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.seq = sqlite3_column_int64(st, 0);
		r.ts = col_text(st, 1);
		r.login = col_text(st, 3);
		r.action = col_text(st, 4);
		r.tbl = col_text(st, 5);
		r.rec_key = col_text(st, 6);
		r.old_value = col_text(st, 7);
		r.new_value = col_text(st, 8);
		r.reason = col_text(st, 9);
		r.hash = col_text(st, 11);
		stop = fn(&r, ctx);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "reading the audit trail");
	return MES_OK;
}

/*
 * External anchors: the chain alone cannot show that its newest records
 * were cut off, or that it was rewritten from some record on.  A head
 * (seq, hash) kept outside the database at each shift end can: the
 * database must still hold that record with that hash.
 */
int mes_audit_head(struct mes_db *db, long long *seq, char hash[65],
                   char mac[MES_MAC_TEXT])
{
	int rc;

	if (!db || !db->h || !seq || !hash)
		return db_badarg(db, __func__);
	rc = chain_tail(db, seq, hash, mac);
	db_reset_all(db);
	return rc;
}

int mes_audit_anchor_check(struct mes_db *db, long long seq, const char *hash,
                           const char *mac)
{
	static const char sql[] = "SELECT hash, (SELECT max(seq) FROM audit) "
		"FROM audit WHERE seq = ?";
	sqlite3_stmt *st;
	long long last;
	char have[65];
	int rc;

	if (!db || !db->h || seq < 1 || !hash)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return db_sqlfail(db, rc, "reading the audit trail");
	}
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		if (chain_tail(db, &last, have, NULL) != MES_OK)
			return MES_ERR_DB;
		db_reset_all(db);
		return db_fail(db, MES_ERR_AUDIT, "record %lld of the anchor "
		               "is missing: the trail ends at record %lld, so "
		               "its newest records were deleted", seq, last);
	}
	str_copy(have, sizeof have, col_text(st, 0));
	sqlite3_reset(st);
	if (strcmp(have, hash) != 0)
		return db_fail(db, MES_ERR_AUDIT, "record %lld does not match "
		               "the anchor (hash %.12s..., the anchor says "
		               "%.12s...): the trail was rewritten from there on",
		               seq, have, hash);
	/* An anchor made up to fit a rewritten trail lacks the key. */
	if (mac) {
		char what[48], why[512];

		snprintf(what, sizeof what, "the anchor of record %lld", seq);
		if (seal_mac_check(&db->key, "audit", what, hash, mac, why,
		                   sizeof why))
			return db_fail(db, MES_ERR_AUDIT, "%s", why);
	}
	return MES_OK;
}
