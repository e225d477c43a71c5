/* Opening, recognising and migrating databases. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/internal.h"
#include "fixture.h"
#include "machine.h"
#include "prod.h"
#include "testhelp.h"

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	fwrite(data, 1, n, f);
	fclose(f);
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *h;

	sqlite3_open(path, &h);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fprintf(stderr, "raw_exec: %s\n", sqlite3_errmsg(h));
	sqlite3_close(h);
}

static const char *pragma_text(const char *path, const char *sql, char *out)
{
	sqlite3 *h;
	sqlite3_stmt *st;

	out[0] = 0;
	sqlite3_open(path, &h);
	sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, 64, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static int try_open(const char *path, unsigned flags, char *msg)
{
	struct mes_settings s;
	struct mes_db *db;
	int rc;

	fx_settings(&s);
	rc = mes_db_open(&db, path, flags, &s);
	snprintf(msg, 1024, "%s", mes_db_errmsg(db));
	mes_db_close(db);
	return rc;
}

/* A statement a caller holds stays good while others are prepared after
 * it, however many the handle has prepared before (a full cache once
 * evicted the newest statement for the next one, under its caller). */
static void held_statement(void)
{
	static char sql[300][24];
	struct mes_db *db = fx_new_db("stmt.db");
	sqlite3_stmt *first;
	int k, ok = 1;

	T_CASE("a held statement survives the preparing of others, past 300");
	for (k = 0; k < 300; k++)
		snprintf(sql[k], sizeof sql[k], "SELECT %d", k);
	for (k = 1; k < 299 && ok; k++)
		ok = db_stmt(db, sql[k]) != NULL;
	first = db_stmt(db, sql[0]);
	ok = ok && db_stmt(db, sql[299]) != NULL;
	T_CHECK(ok && first);
	T_CHECK(first && sqlite3_step(first) == SQLITE_ROW &&
	        sqlite3_column_int(first, 0) == 0);
	if (first)
		sqlite3_reset(first);
	T_CHECK(db_stmt(db, sql[0]) == first);
	mes_db_close(db);
}

int main(void)
{
	char msg[1024], buf[64];
	struct mes_db *db;
	int cur = 0, latest = 0, applied = 0;
	char p[512];

	held_statement();
	T_CASE("create makes a WAL database with the latest schema");
	snprintf(p, sizeof p, "%s", fx_path("new.db"));
	T_CHECK_RC(try_open(p, MES_OPEN_CREATE, msg), MES_OK);
	T_CHECK_STR(pragma_text(p, "PRAGMA journal_mode", buf), "wal");
	T_CHECK_STR(pragma_text(p, "PRAGMA application_id", buf), "1296388913");
	T_CHECK_RC(try_open(p, 0, msg), MES_OK);

	T_CASE("create refuses to overwrite an existing file");
	T_CHECK_RC(try_open(p, MES_OPEN_CREATE, msg), MES_ERR_EXISTS);
	T_CHECK_HAS(msg, "not touched");

	T_CASE("a missing file is not created by a plain open");
	T_CHECK_RC(try_open(fx_path("nope.db"), 0, msg), MES_ERR_NOTFOUND);
	T_CHECK_HAS(msg, "mesctl init");
	T_CHECK(access(fx_path("nope.db"), F_OK) != 0);

	T_CASE("a file that is not SQLite is refused with a clear message");
	{
		static const char junk[] = "this is a text file, not a "
			"database at all, padded to be longer than a header.....";

		write_file(fx_path("junk.db"), junk, sizeof junk - 1);
	}
	T_CHECK_RC(try_open(fx_path("junk.db"), 0, msg), MES_ERR_NOTMES);
	T_CHECK_HAS(msg, "not an MES database");

	T_CASE("another application's SQLite file is refused");
	raw_exec(fx_path("other.db"), "CREATE TABLE t(x); INSERT INTO t VALUES(1)");
	T_CHECK_RC(try_open(fx_path("other.db"), 0, msg), MES_ERR_NOTMES);
	T_CHECK_HAS(msg, "another application");

	T_CASE("an empty SQLite file says to run mesctl init");
	write_file(fx_path("empty.db"), "", 0);
	T_CHECK_RC(try_open(fx_path("empty.db"), 0, msg), MES_ERR_NOTMES);
	T_CHECK_HAS(msg, "mesctl init");

	T_CASE("a schema newer than the program is refused");
	raw_exec(p, "PRAGMA user_version = 999");
	T_CHECK_RC(try_open(p, 0, msg), MES_ERR_SCHEMA);
	T_CHECK_HAS(msg, "newer");
	T_CHECK_RC(try_open(p, MES_OPEN_ANY_VERSION, msg), MES_ERR_SCHEMA);

	T_CASE("an older schema needs migrate, which then brings it up");
	snprintf(p, sizeof p, "%s", fx_path("old.db"));
	T_CHECK_RC(try_open(p, MES_OPEN_CREATE, msg), MES_OK);
	raw_exec(p, "PRAGMA user_version = 0");
	T_CHECK_RC(try_open(p, 0, msg), MES_ERR_SCHEMA);
	T_CHECK_HAS(msg, "mesctl migrate");
	/* Re-running 0001 on existing tables must fail and roll back whole. */
	T_CHECK_RC(mes_db_open(&db, p, MES_OPEN_ANY_VERSION, NULL), MES_OK);
	T_CHECK(mes_db_migrate(db, &applied) != MES_OK);
	T_CHECK_RC(mes_db_schema_version(db, &cur, &latest), MES_OK);
	T_CHECK(cur == 0);
	mes_db_close(db);
	/* Marked current again: nothing is left to apply. */
	snprintf(buf, sizeof buf, "PRAGMA user_version = %d", latest);
	raw_exec(p, buf);
	T_CHECK_RC(mes_db_open(&db, p, 0, NULL), MES_OK);
	T_CHECK_RC(mes_db_migrate(db, &applied), MES_OK);
	T_CHECK(applied == 0);
	mes_db_close(db);

	T_CASE("foreign keys are enforced");
	db = fx_new_db("fk.db");
	T_CHECK_RC(mes_routing_op_add(db, "NOITEM", 10, "NOWC", 0, 1, ""),
	           MES_ERR_NOTFOUND);
	mes_db_close(db);

	T_CASE("data_version moves when another connection commits");
	{
		struct mes_db *a = fx_new_db("dv.db"), *b;
		long long v1 = 0, v2 = 0;

		T_CHECK_RC(mes_db_open(&b, fx_path("dv.db"), 0, NULL), MES_OK);
		T_CHECK_RC(mes_login_pin(b, "root", "9999"), MES_OK);
		T_CHECK_RC(mes_db_data_version(a, &v1), MES_OK);
		T_CHECK_RC(mes_wc_add(a, "X1", "x", 1), MES_OK);
		T_CHECK_RC(mes_db_data_version(a, &v2), MES_OK);
		T_CHECK(v1 == v2);  /* its own commits do not count */
		T_CHECK_RC(mes_wc_add(b, "X2", "x", 1), MES_OK);
		T_CHECK_RC(mes_db_data_version(a, &v2), MES_OK);
		T_CHECK(v2 != v1);
		mes_db_close(b);
		mes_db_close(a);
	}

	T_CASE("a new database file is the group's (0660), not everyone's");
	{
		struct stat sb;

		T_CHECK(stat(fx_path("new.db"), &sb) == 0 &&
		        (sb.st_mode & 0777) == 0660);
	}

	T_CASE("a database deleted under a running program takes no writes");
	db = fx_new_db("gone.db");
	T_CHECK_RC(mes_wc_add(db, "G1", "before", 1), MES_OK);
	unlink(fx_path("gone.db"));
	T_CHECK_RC(mes_wc_add(db, "G2", "after", 1), MES_ERR_IO);
	T_CHECK_HAS(mes_db_errmsg(db), "deleted, moved or replaced");
	{
		long long v;

		T_CHECK_RC(mes_db_data_version(db, &v), MES_ERR_IO);
	}
	mes_db_close(db);

	T_CASE("online backup gives a database that opens and verifies");
	db = fx_new_db("bk.db");
	T_CHECK_RC(mes_wc_add(db, "B1", "backup me", 1), MES_OK);
	T_CHECK_RC(mes_db_backup(db, fx_path("bk-copy.db")), MES_OK);
	T_CHECK_RC(mes_db_backup(db, fx_path("bk.db")), MES_ERR_ARG);
	T_CHECK_RC(mes_db_backup(db, fx_path("bk.db-wal")), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "the database's -wal file");

	T_CASE("a sound file passes the quick and the full check");
	T_CHECK_RC(mes_db_check(NULL, 0), MES_ERR_ARG);
	T_CHECK_RC(mes_db_check(db, 0), MES_OK);
	T_CHECK_RC(mes_db_check(db, 1), MES_OK);
	T_CHECK_HAS(mes_db_errmsg(db), "integrity check: ok");
	mes_db_close(db);
	{
		long long n = 0, bad = 0;

		T_CHECK_RC(mes_db_open(&db, fx_path("bk-copy.db"), 0, NULL),
		           MES_OK);
		T_CHECK_RC(mes_audit_verify(db, &n, &bad), MES_OK);
		T_CHECK(n >= 3);
		mes_db_close(db);
	}

	T_CASE("a missing argument is refused with the function named");
	snprintf(p, sizeof p, "%s", fx_path("args.db"));
	T_CHECK_RC(mes_db_open(&db, p, MES_OPEN_CREATE, NULL), MES_OK);
	T_CHECK_RC(mes_asset_each(db, NULL, NULL), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "mes_asset_each: an argument is missing");
	T_CHECK_RC(mes_order_release(db, NULL), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "no work order number given");
	T_CHECK_RC(mes_order_release(NULL, "WO-1"), MES_ERR_ARG);
	mes_db_close(db);

	return t_report("test_db");
}
