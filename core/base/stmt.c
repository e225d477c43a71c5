/* Statement helpers every module uses: the time a row is stamped with, a
 * step that returns no row, the end of a loop over rows, and the id
 * behind a one-parameter lookup. */
#include "internal.h"

void bind_now(sqlite3_stmt *st, int i)
{
	char ts[32];

	mes_now_iso(ts);
	sqlite3_bind_text(st, i, ts, -1, SQLITE_TRANSIENT);
}

int step_done(struct mes_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, what);
}

int step_end(struct mes_db *db, sqlite3_stmt *st, int rc, const char *what)
{
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MES_OK :
	       db_sqlfail(db, rc, what);
}

long long db_lookup_id(struct mes_db *db, const char *sql, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int db_badarg(struct mes_db *db, const char *func)
{
	/* A handle whose open failed keeps saying why it failed. */
	if (db && !db->h && db->err[0])
		return MES_ERR_ARG;
	return db_fail(db, MES_ERR_ARG, "%s: an argument is missing or out of "
	               "range (a fault in the program that called it)", func);
}

int db_list_begin(struct mes_db *db, int have_fn, const char *sql,
                  sqlite3_stmt **st, const char *func)
{
	if (!db || !have_fn)
		return db_badarg(db, func);
	return (*st = db_stmt(db, sql)) ? MES_OK : MES_ERR_DB;
}
