/*
 * Is the file sound?  SQLite's own structure checks, for mesctl status,
 * audit verify and backup: a damaged file must never be reported healthy
 * or copied over the last good backup.  The answer says what to do,
 * because an operator reading it has no use for page numbers alone.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"

/* SQLite lists up to CHECK_LIMIT findings; the first few say enough. */
#define CHECK_LIMIT 10
#define FIRST_SHOWN 3

struct findings {
	char text[600];
	size_t used;
	int n;                       /* findings seen, shown or not */
};

/* One row of the check's answer: findings one per line, under a header
 * line "*** in database main ***". */
static void add_findings(struct findings *f, const char *row)
{
	const char *p, *e;

	for (p = row; *p; p = *e ? e + 1 : e) {
		int k;

		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (e == p || !strncmp(p, "*** ", 4) || !strncmp(p, "ok", 2))
			continue;
		if (f->n++ >= FIRST_SHOWN || f->used >= sizeof f->text)
			continue;
		k = snprintf(f->text + f->used, sizeof f->text - f->used,
		             "%s%.*s", f->used ? "; " : "", (int)(e - p), p);
		f->used += k > 0 ? (size_t)k : 0;
	}
}

static int damaged(struct mes_db *db, const char *what)
{
	return db_fail(db, MES_ERR_CORRUPT, "%s is damaged (%s): " RESTORE_HINT,
	               db->path, what);
}

static int is_corrupt(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

int db_check_handle(struct mes_db *db, sqlite3 *h, int full)
{
	const char *what = full ? "integrity check" : "quick check";
	struct findings f = { "", 0, 0 };
	sqlite3_stmt *st;
	char sql[64];
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA %s(%d)",
	         full ? "integrity_check" : "quick_check", CHECK_LIMIT);
	rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return is_corrupt(rc) ? damaged(db, sqlite3_errmsg(h)) :
		       db_sqlfail(db, rc, what);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_findings(&f, col_text(st, 0));
	sqlite3_finalize(st);
	if (is_corrupt(rc))
		return damaged(db, f.n ? f.text : sqlite3_errstr(rc));
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, what);
	if (!f.n)
		return db_fail(db, MES_OK, "%s: ok", what);
	if (f.n > FIRST_SHOWN && f.used < sizeof f.text)
		snprintf(f.text + f.used, sizeof f.text - f.used,
		         f.n >= CHECK_LIMIT ? "; and more" : "; and %d more",
		         f.n - FIRST_SHOWN);
	return damaged(db, f.text);
}

int mes_db_check(struct mes_db *db, int full)
{
	if (!db || !db->h)
		return db_badarg(db, __func__);
	return db_check_handle(db, db->h, full);
}
