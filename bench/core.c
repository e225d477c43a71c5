/*
 * The price of a trustworthy change: one audited, role-checked core call
 * (BEGIN IMMEDIATE, session check, insert, hash-chained audit record,
 * COMMIT with synchronous=FULL) against the bare SQLite insert it wraps,
 * same file system, same pragmas, same run.  Medians, because the
 * machine is shared.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "mes.h"
#include "timing.h"

struct raw {
	sqlite3 *h;
	sqlite3_stmt *st;
};

static int raw_open(struct raw *r, const char *path)
{
	if (sqlite3_open(path, &r->h) != SQLITE_OK)
		return -1;
	sqlite3_exec(r->h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	             "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE,"
	             " name TEXT, capacity INTEGER)", NULL, NULL, NULL);
	return sqlite3_prepare_v2(r->h, "INSERT INTO t (code, name, capacity)"
	                          " VALUES (?, 'bench', 1)", -1, &r->st, NULL);
}

static double raw_insert(struct raw *r, int i)
{
	char code[32];
	double t0 = bench_now_us();

	snprintf(code, sizeof code, "R%06d", i);
	sqlite3_exec(r->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_bind_text(r->st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_step(r->st);
	sqlite3_reset(r->st);
	sqlite3_exec(r->h, "COMMIT", NULL, NULL, NULL);
	return bench_now_us() - t0;
}

static struct mes_db *core_open(const char *path)
{
	struct mes_settings s;
	struct mes_db *db;

	mes_settings_default(&s);
	s.hash_cost = MES_HASH_FAST;
	if (mes_db_open(&db, path, MES_OPEN_CREATE, &s) != MES_OK ||
	    mes_user_bootstrap(db, "bench", "Bench", "123456") != MES_OK ||
	    mes_login_pin(db, "bench", "123456") != MES_OK) {
		fprintf(stderr, "bench: %s\n", mes_db_errmsg(db));
		mes_db_close(db);
		return NULL;
	}
	return db;
}

static double core_insert(struct mes_db *db, int i)
{
	char code[32];
	double t0 = bench_now_us();

	snprintf(code, sizeof code, "W%06d", i);
	if (mes_wc_add(db, code, "bench", 1) != MES_OK) {
		fprintf(stderr, "bench: %s\n", mes_db_errmsg(db));
		return -1;
	}
	return bench_now_us() - t0;
}

/* Interleaved, so a burst of load on the machine hits both alike. */
static int run(const char *a, const char *b, int n, double *raw, double *core)
{
	struct raw r;
	struct mes_db *db = core_open(b);
	int i;

	if (!db || raw_open(&r, a) != SQLITE_OK)
		return -1;
	for (i = 0; i < n; i++) {
		raw[i] = raw_insert(&r, i);
		if ((core[i] = core_insert(db, i)) < 0)
			break;
	}
	sqlite3_finalize(r.st);
	sqlite3_close(r.h);
	mes_db_close(db);
	return i == n ? 0 : -1;
}

static double verify_rate(const char *path)
{
	struct mes_db *db;
	long long n = 0;
	double t0, dt;

	if (mes_db_open(&db, path, 0, NULL) != MES_OK)
		return 0;
	t0 = bench_now_us();
	mes_audit_verify(db, &n, NULL);
	dt = bench_now_us() - t0;
	mes_db_close(db);
	return dt > 0 ? n / (dt / 1e6) : 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 400;
	char dir[] = "/tmp/mes-bench-XXXXXX", a[64], b[64], cmd[96];
	double *raw = calloc((size_t)n, sizeof *raw);
	double *core = calloc((size_t)n, sizeof *core);
	double rm, cm, r99, c99;

	if (n < 10 || !raw || !core || !mkdtemp(dir))
		return 2;
	snprintf(a, sizeof a, "%s/raw.db", dir);
	snprintf(b, sizeof b, "%s/core.db", dir);
	if (run(a, b, n, raw, core))
		return 1;
	rm = bench_pct(raw, n, 0.5);
	r99 = bench_pct(raw, n, 0.99);
	cm = bench_pct(core, n, 0.5);
	c99 = bench_pct(core, n, 0.99);
	printf("core: %d committed changes, each its own transaction "
	       "(WAL, synchronous=FULL)\n", n);
	printf("  %-44s median %8.0f us  p99 %8.0f us\n",
	       "baseline: raw SQLite insert + commit", rm, r99);
	printf("  %-44s median %8.0f us  p99 %8.0f us  ratio %.2fx\n",
	       "mes_wc_add (role, rule, audit)", cm, c99, cm / rm);
	printf("  %-44s %8.0f records/s\n", "mes_audit_verify (SHA-256 chain)",
	       verify_rate(b));
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(raw);
	free(core);
	return 0;
}
