/* A plant at a glance, for mesctl status and the programs' title lines. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "internal.h"

static long long count(struct mes_db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	long long n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

static void order_counts(struct mes_db *db, struct mes_status *s)
{
	static const char sql[] =
		"SELECT status, count(*) FROM work_orders GROUP BY status";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *k = col_text(st, 0);
		long long n = sqlite3_column_int64(st, 1);

		s->orders += n;
		if (!strcmp(k, "planned"))
			s->orders_planned = n;
		else if (!strcmp(k, "released"))
			s->orders_released = n;
		else if (!strcmp(k, "running"))
			s->orders_running = n;
		else if (!strcmp(k, "complete"))
			s->orders_complete = n;
	}
	sqlite3_reset(st);
}

static void audit_head(struct mes_db *db, struct mes_status *s)
{
	static const char sql[] =
		"SELECT seq, hash, ts FROM audit ORDER BY seq DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st && sqlite3_step(st) == SQLITE_ROW) {
		s->audit_records = sqlite3_column_int64(st, 0);
		str_copy(s->audit_head, sizeof s->audit_head, col_text(st, 1));
		str_copy(s->last_change, sizeof s->last_change,
		         col_text(st, 2));
	}
	if (st)
		sqlite3_reset(st);
}

int mes_status_get(struct mes_db *db, struct mes_status *s)
{
	struct stat sb;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !s)
		return db_badarg(db, __func__);
	memset(s, 0, sizeof *s);
	rc = mes_db_schema_version(db, &s->schema_version, &s->schema_latest);
	if (rc != MES_OK)
		return rc;
	/* One read transaction: the figures agree with each other. */
	if ((rc = mes_db_read_begin(db)) != MES_OK)
		return rc;
	s->users = count(db, "SELECT count(*) FROM users");
	s->users_active = count(db, "SELECT count(*) FROM users WHERE active");
	s->users_locked = count(db, "SELECT count(*) FROM users WHERE locked");
	s->work_centers = count(db, "SELECT count(*) FROM work_centers");
	s->items = count(db, "SELECT count(*) FROM items");
	s->routing_ops = count(db, "SELECT count(*) FROM routing_ops");
	order_counts(db, s);
	audit_head(db, s);
	mes_db_read_end(db);
	if (stat(db->path, &sb) == 0)
		s->file_bytes = (long long)sb.st_size;
	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		str_copy(s->journal_mode, sizeof s->journal_mode,
		         col_text(st, 0));
	sqlite3_finalize(st);
	return MES_OK;
}
