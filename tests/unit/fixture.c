/* Temporary directories and fresh databases for the unit tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "fixture.h"

static char tmpdir[256];
static pid_t owner;

static void cleanup(void)
{
	char cmd[300];

	if (!tmpdir[0] || getenv("MES_KEEP_TMP") || getpid() != owner)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

const char *fx_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof tmpdir, "%s/mes-test-XXXXXX",
		         base && *base ? base : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
		owner = getpid();
		atexit(cleanup);
	}
	return tmpdir;
}

const char *fx_path(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, 512, "%s/%s", fx_tmpdir(), name);
	return b;
}

void fx_settings(struct mes_settings *s)
{
	mes_settings_default(s);
	s->hash_cost = MES_HASH_FAST;
	s->busy_timeout_ms = 20000;
	s->idle_lock_s = 0;
}

struct mes_db *fx_new_db(const char *name)
{
	struct mes_settings s;
	struct mes_db *db;

	fx_settings(&s);
	if (mes_db_open(&db, fx_path(name), MES_OPEN_CREATE, &s) != MES_OK ||
	    mes_user_bootstrap(db, "root", "Root Admin", "9999") != MES_OK ||
	    mes_login_pin(db, "root", "9999") != MES_OK) {
		fprintf(stderr, "fixture: %s\n", mes_db_errmsg(db));
		exit(2);
	}
	return db;
}

int fx_raw(const char *path, const char *sql)
{
	sqlite3 *h;
	int rc;

	sqlite3_open(path, &h);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

long long fx_raw_count(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = -1;

	sqlite3_open(path, &h);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}
