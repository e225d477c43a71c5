/*
 * Electronic signatures (21 CFR 11.50, 11.70, 11.200): the signer
 * re-enters the PIN; the signature keeps the printed name as it was, the
 * time and the meaning, and is bound by hash to one version and content
 * of one record, so it cannot be moved to another record or survive a
 * change of the one it signs.
 */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

static void sig_hash(const struct mes_signature *s, char out[65])
{
	char buf[1024];
	int n;

	/* Length-prefixed fields: no two signatures can serialise alike. */
	n = snprintf(buf, sizeof buf, "%zu:%s;%zu:%s;%zu:%s;%zu:%s;%zu:%s;"
	             "%lld;%lld;%zu:%s;", strlen(s->login), s->login,
	             strlen(s->printed_name), s->printed_name,
	             strlen(s->meaning), s->meaning, strlen(s->ts), s->ts,
	             strlen(s->tbl), s->tbl, s->rec_id, s->rec_version,
	             strlen(s->content_hash), s->content_hash);
	if (n < 0 || (size_t)n >= sizeof buf)
		n = (int)sizeof buf - 1;
	mes_sha256_hex(buf, (size_t)n, out);
}

static int is_hex64(const char *h)
{
	size_t i;

	if (!h || strlen(h) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", h[i]))
			return 0;
	return 1;
}

static int check_args(struct mes_db *db, const char *meaning, const char *tbl,
                      const char *content_hash)
{
	if (!meaning || !*meaning || strlen(meaning) >= 64)
		return db_fail(db, MES_ERR_ARG, "a signature needs a meaning "
		               "(\"approved\", \"released\"...)");
	if (!tbl || !*tbl || strlen(tbl) >= 64)
		return db_fail(db, MES_ERR_ARG, "a signature needs the table "
		               "of the record it signs");
	if (!is_hex64(content_hash))
		return db_fail(db, MES_ERR_ARG, "content hash must be 64 "
		               "lower-case hex digits");
	return MES_OK;
}

static int insert_sig(struct mes_db *db, long long uid,
                      const struct mes_signature *s, const char *h,
                      long long *id)
{
	static const char sql[] =
		"INSERT INTO signatures (user_id, login, printed_name, meaning,"
		" ts, tbl, rec_id, rec_version, content_hash, sig_hash, "
		"sig_mac) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	char mac[SEAL_TEXT];
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, uid);
	sqlite3_bind_text(st, 2, s->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->printed_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->meaning, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, s->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, s->rec_id);
	sqlite3_bind_int64(st, 8, s->rec_version);
	sqlite3_bind_text(st, 9, s->content_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, h, -1, SQLITE_STATIC);
	/* sig_hash binds the signature to its record; anyone can compute
	 * it.  The MAC says the plant's program made it. */
	seal_mac_text(&db->key, "signature", h, mac);
	sqlite3_bind_text(st, 11, mac, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		return db_sqlfail(db, rc, "saving the signature");
	*id = sqlite3_last_insert_rowid(db->h);
	return MES_OK;
}

int mes_sign(struct mes_db *db, const char *signer, const char *pin,
             const char *meaning, const char *tbl, long long rec_id,
             long long rec_version, const char *content_hash,
             unsigned need_roles, long long *sig_id)
{
	struct mes_signature s;
	struct login_row r;
	char h[65], key[96];
	long long id = 0;
	int rc;

	if (!db || !db->h || !signer || !pin)
		return db_badarg(db, __func__);
	if ((rc = check_args(db, meaning, tbl, content_hash)) != MES_OK)
		return rc;
	/* The signer may be someone other than the terminal's user (a lead
	 * signing an override at an operator's station): the PIN decides. */
	if ((rc = auth_check_pin(db, signer, pin, "sign.fail", PERM_SIGN, "sign",
	                         &r)) != MES_OK)
		return rc;
	if (need_roles && !(r.roles & need_roles)) {
		char need[128];

		mes_role_format(need_roles, need, sizeof need);
		rc = audit_append_as(db, r.id, r.login, "denied", tbl, meaning,
		                     "", "", "signer lacks the role");
		tx_end(db, rc);
		return db_fail(db, MES_ERR_PERM, "%s cannot sign \"%s\": that"
		               " needs the role %s", r.login, meaning, need);
	}
	memset(&s, 0, sizeof s);
	str_copy(s.login, sizeof s.login, r.login);
	str_copy(s.printed_name, sizeof s.printed_name, r.name);
	str_copy(s.meaning, sizeof s.meaning, meaning);
	mes_now_iso(s.ts);
	str_copy(s.tbl, sizeof s.tbl, tbl);
	s.rec_id = rec_id;
	s.rec_version = rec_version;
	str_copy(s.content_hash, sizeof s.content_hash, content_hash);
	sig_hash(&s, h);
	sodium_memzero(r.secret, sizeof r.secret);
	rc = insert_sig(db, r.id, &s, h, &id);
	snprintf(key, sizeof key, "%s:%lld@%lld", tbl, rec_id, rec_version);
	if (rc == MES_OK)
		rc = audit_append(db, "sign", "signatures", key, "", h,
		                  meaning);
	if ((rc = tx_end(db, rc)) == MES_OK && sig_id)
		*sig_id = id;
	return rc;
}

int mes_sign_get(struct mes_db *db, long long sig_id, struct mes_signature *out)
{
	static const char sql[] =
		"SELECT id, login, printed_name, meaning, ts, tbl, rec_id, "
		"rec_version, content_hash FROM signatures WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, sig_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ?
		       db_fail(db, MES_ERR_NOTFOUND, "no signature %lld", sig_id) :
		       db_sqlfail(db, rc, "reading the signature");
	}
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	str_copy(out->login, sizeof out->login, col_text(st, 1));
	str_copy(out->printed_name, sizeof out->printed_name, col_text(st, 2));
	str_copy(out->meaning, sizeof out->meaning, col_text(st, 3));
	str_copy(out->ts, sizeof out->ts, col_text(st, 4));
	str_copy(out->tbl, sizeof out->tbl, col_text(st, 5));
	out->rec_id = sqlite3_column_int64(st, 6);
	out->rec_version = sqlite3_column_int64(st, 7);
	str_copy(out->content_hash, sizeof out->content_hash, col_text(st, 8));
	sqlite3_reset(st);
	return MES_OK;
}

static int stored_hash(struct mes_db *db, long long sig_id, char out[65],
                       char mac[SEAL_TEXT])
{
	static const char sql[] = "SELECT sig_hash, sig_mac FROM signatures "
		"WHERE id=?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, sig_id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return MES_ERR_NOTFOUND;
	str_copy(out, 65, col_text(st, 0));
	str_copy(mac, SEAL_TEXT, col_text(st, 1));
	sqlite3_reset(st);
	return MES_OK;
}

/* The stored signature against its own hash and the record it names. */
static int sign_check(struct mes_db *db, long long sig_id, const char *tbl,
                      long long rec_id, struct mes_signature *s)
{
	char want[65], have[65], mac[SEAL_TEXT], what[48], why[512];
	int rc;

	if ((rc = mes_sign_get(db, sig_id, s)) != MES_OK)
		return rc;
	if ((rc = stored_hash(db, sig_id, have, mac)) != MES_OK)
		return db_fail(db, rc, "no signature %lld", sig_id);
	sig_hash(s, want);
	if (strcmp(want, have) != 0)
		return db_fail(db, MES_ERR_SIGNATURE, "signature %lld was "
		               "altered after signing", sig_id);
	/* A whole signature made up with the sqlite3 shell hashes right. */
	snprintf(what, sizeof what, "signature %lld", sig_id);
	if (seal_mac_check(&db->key, "signature", what, have, mac, why,
	                   sizeof why))
		return db_fail(db, MES_ERR_SIGNATURE, "%s", why);
	if (strcmp(s->tbl, tbl) != 0 || s->rec_id != rec_id)
		return db_fail(db, MES_ERR_SIGNATURE, "signature %lld belongs "
		               "to %s %lld, not to %s %lld", sig_id, s->tbl,
		               s->rec_id, tbl, rec_id);
	return MES_OK;
}

int mes_sign_check(struct mes_db *db, long long sig_id, const char *tbl,
                   long long rec_id)
{
	struct mes_signature s;

	if (!db || !db->h || !tbl)
		return db_badarg(db, __func__);
	return sign_check(db, sig_id, tbl, rec_id, &s);
}

int mes_sign_verify(struct mes_db *db, long long sig_id, const char *tbl,
                    long long rec_id, long long rec_version,
                    const char *content_hash)
{
	struct mes_signature s;
	int rc;

	if (!db || !db->h || !tbl || !content_hash)
		return db_badarg(db, __func__);
	if ((rc = sign_check(db, sig_id, tbl, rec_id, &s)) != MES_OK)
		return rc;
	if (s.rec_version != rec_version ||
	    strcmp(s.content_hash, content_hash) != 0)
		return db_fail(db, MES_ERR_SIGNATURE, "%s %lld changed after "
		               "%s signed it (%s, version %lld; now version "
		               "%lld)", tbl, rec_id, s.printed_name, s.ts,
		               s.rec_version, rec_version);
	return MES_OK;
}
