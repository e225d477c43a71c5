/*
 * Andon: a call for help at a work center.  Raised by anyone on the floor,
 * taken by whoever answers, closed when the problem is gone; the three
 * times and the people are kept, and open calls show in every program.
 */
#include <stdio.h>
#include <string.h>
#include "prod_int.h"

static const char *const kinds[] = { "maintenance", "quality", "material",
                                     "lead" };

struct call_row {
	long long id;
	char wc[33], kind[16], taken_by[64], taken_ts[32], closed_ts[32];
};

static int call_load(struct mes_db *db, long long id, struct call_row *c)
{
	static const char sql[] = "SELECT a.id, w.code, a.kind, "
		"ifnull(u.login, ''), ifnull(a.taken_ts, ''), "
		"ifnull(a.closed_ts, '') FROM andon_calls a "
		"JOIN work_centers w ON w.id = a.wc_id "
		"LEFT JOIN users u ON u.id = a.taken_by WHERE a.id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->id = sqlite3_column_int64(st, 0);
		str_copy(c->wc, sizeof c->wc, col_text(st, 1));
		str_copy(c->kind, sizeof c->kind, col_text(st, 2));
		str_copy(c->taken_by, sizeof c->taken_by, col_text(st, 3));
		str_copy(c->taken_ts, sizeof c->taken_ts, col_text(st, 4));
		str_copy(c->closed_ts, sizeof c->closed_ts, col_text(st, 5));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the andon call");
	return db_fail(db, MES_ERR_NOTFOUND, "no andon call %lld", id);
}

/* One call of this kind per work center is open at a time. */
static int open_call(struct mes_db *db, long long wc, const char *kind)
{
	static const char sql[] = "SELECT id FROM andon_calls WHERE wc_id = ?"
		" AND kind = ? AND closed_ts IS NULL";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, wc);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (int)id;
}

static int insert_call(struct mes_db *db, long long wc, const char *kind,
                       const char *note, long long *id)
{
	static const char sql[] = "INSERT INTO andon_calls (wc_id, kind, "
		"raised_by, raised_ts, note) VALUES (?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, db->sess.user_id);
	bind_now(st, 4);
	sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "raising the call")) == MES_OK)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int mes_andon_raise(struct mes_db *db, const char *wc_code, const char *kind,
                    const char *note, long long *id)
{
	static const char wc_sql[] = "SELECT id FROM work_centers WHERE code=?";
	long long wc, nid = 0;
	char key[32];
	struct mes_json b;
	size_t i;
	int rc, dup;

	if (!db || !db->h || !wc_code || !kind)
		return db_badarg(db, __func__);
	for (i = 0; i < N_ELEM(kinds) && strcmp(kinds[i], kind); i++)
		;
	if (i == N_ELEM(kinds))
		return db_fail(db, MES_ERR_ARG, "andon kind \"%s\": call "
		               "maintenance, quality, material or lead", kind);
	if (note && strlen(note) > 255)
		return db_fail(db, MES_ERR_ARG, "keep the note under 256 bytes");
	if ((rc = tx_begin(db, PERM_ANDON, "andon.raise")) != MES_OK)
		return rc;
	if ((wc = db_lookup_id(db, wc_sql, wc_code)) <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no work "
		              "center \"%s\"", wc_code));
	if ((dup = open_call(db, wc, kind)) != 0)
		return tx_end(db, dup < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_EXISTS, "%s has called %s already (call "
		              "%d is open)", wc_code, kind, dup));
	rc = insert_call(db, wc, kind, note, &nid);
	snprintf(key, sizeof key, "%lld", nid);
	mes_json_init(&b);
	mes_json_str(&b, "wc", wc_code);
	mes_json_str(&b, "kind", kind);
	mes_json_str(&b, "note", note ? note : "");
	if (rc == MES_OK)
		rc = audit_append(db, "andon.raise", "andon_calls", key, "",
		                  mes_json_done(&b), "");
	mes_json_free(&b);
	if ((rc = tx_end(db, rc)) == MES_OK && id)
		*id = nid;
	return rc;
}

static int update_call(struct mes_db *db, const char *sql, long long id,
                       const char *text)
{
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	bind_now(st, 1);
	sqlite3_bind_int64(st, 2, db->sess.user_id);
	sqlite3_bind_text(st, 3, text ? text : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	return step_done(db, st, "changing the andon call");
}

int mes_andon_take(struct mes_db *db, long long id)
{
	static const char sql[] = "UPDATE andon_calls SET taken_ts = ?1, "
		"taken_by = ?2 WHERE id = ?4";
	struct call_row c;
	char key[32];
	int rc;

	if ((rc = tx_begin(db, PERM_ANDON, "andon.take")) != MES_OK)
		return rc;
	if ((rc = call_load(db, id, &c)) != MES_OK)
		return tx_end(db, rc);
	if (c.closed_ts[0])
		return tx_end(db, db_fail(db, MES_ERR_STATE, "andon call %lld "
		              "was closed at %s", id, c.closed_ts));
	if (c.taken_by[0])
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s took andon "
		              "call %lld already (at %s)", c.taken_by, id,
		              c.taken_ts));
	rc = update_call(db, sql, id, "");
	snprintf(key, sizeof key, "%lld", id);
	if (rc == MES_OK)
		rc = audit_append(db, "andon.take", "andon_calls", key, "",
		                  db->sess.login, c.kind);
	return tx_end(db, rc);
}

int mes_andon_close(struct mes_db *db, long long id, const char *note)
{
	static const char sql[] = "UPDATE andon_calls SET closed_ts = ?1, "
		"taken_by = ifnull(taken_by, ?2), taken_ts = ifnull(taken_ts, "
		"?1), note = CASE WHEN ?3 = '' THEN note WHEN note = '' THEN ?3 "
		"ELSE note || ' / ' || ?3 END WHERE id = ?4";
	struct call_row c;
	char key[32];
	int rc;

	if (note && strlen(note) > 255)
		return db_fail(db, MES_ERR_ARG, "keep the note under 256 bytes");
	if ((rc = tx_begin(db, PERM_ANDON, "andon.close")) != MES_OK)
		return rc;
	if ((rc = call_load(db, id, &c)) != MES_OK)
		return tx_end(db, rc);
	if (c.closed_ts[0])
		return tx_end(db, db_fail(db, MES_ERR_STATE, "andon call %lld "
		              "was closed already at %s", id, c.closed_ts));
	rc = update_call(db, sql, id, note);
	snprintf(key, sizeof key, "%lld", id);
	if (rc == MES_OK)
		rc = audit_append(db, "andon.close", "andon_calls", key, "open",
		                  "closed", note);
	return tx_end(db, rc);
}

static void fill_andon(sqlite3_stmt *st, struct mes_andon *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	str_copy(a->wc, sizeof a->wc, col_text(st, 1));
	str_copy(a->kind, sizeof a->kind, col_text(st, 2));
	str_copy(a->raised_by, sizeof a->raised_by, col_text(st, 3));
	str_copy(a->raised_ts, sizeof a->raised_ts, col_text(st, 4));
	str_copy(a->taken_by, sizeof a->taken_by, col_text(st, 5));
	str_copy(a->taken_ts, sizeof a->taken_ts, col_text(st, 6));
	str_copy(a->closed_ts, sizeof a->closed_ts, col_text(st, 7));
	str_copy(a->note, sizeof a->note, col_text(st, 8));
}

int mes_andon_each(struct mes_db *db, int open_only, mes_andon_fn fn,
                   void *ctx)
{
#define CALLS(where) "SELECT a.id, w.code, a.kind, r.login, " \
	"a.raised_ts, ifnull(t.login, ''), ifnull(a.taken_ts, ''), " \
	"ifnull(a.closed_ts, ''), a.note FROM andon_calls a " \
	"JOIN work_centers w ON w.id = a.wc_id " \
	"JOIN users r ON r.id = a.raised_by " \
	"LEFT JOIN users t ON t.id = a.taken_by " where \
	"ORDER BY a.raised_ts, a.id"
	/* the open ones by their index, never a walk through the past */
	static const char every[] = CALLS(""),
		open[] = CALLS("WHERE a.closed_ts IS NULL ");
	struct mes_andon a;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	/* Its own statement: the callback may call back into the library. */
	rc = sqlite3_prepare_v2(db->h, open_only ? open : every, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "listing andon calls");
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_andon(st, &a);
		stop = fn(&a, ctx);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "listing andon calls");
	return MES_OK;
}
