/*
 * Genealogy at scale: a plant history of N lots (default 1,000,000) —
 * half supplier lots, 30 % intermediate lots each made from two supplier
 * lots, 20 % finished lots each made from two intermediates and one
 * supplier lot — written straight into a fresh database in one
 * transaction (a fixture, not a path the product takes), then recalls,
 * backward and forward traces through the core API, timed.  Goal: a
 * recall under 1 s.
 *
 * usage: genlots [LOTS] [QUERIES] [KEEP-FILE]
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base/internal.h"
#include "materials.h"
#include "timing.h"

static unsigned long long rng = 88172645463325252ULL;

/* xorshift64: the same plant every run. */
static long long pick(long long n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (long long)(rng % (unsigned long long)n);
}

static void must(sqlite3 *h, int rc)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "genlots: %s\n", sqlite3_errmsg(h));
		exit(1);
	}
}

static void exec(sqlite3 *h, const char *sql)
{
	must(h, sqlite3_exec(h, sql, NULL, NULL, NULL));
}

/* Items 1-3 (raw, intermediate, finished) and one order per 1000 lots. */
static void master(sqlite3 *h, long long orders)
{
	sqlite3_stmt *st;
	long long i;

	exec(h, "INSERT INTO items (id, item_no, description) VALUES "
	     "(1, 'RAW', 'Raw'), (2, 'MID', 'Intermediate'), (3, 'FIN', "
	     "'Finished')");
	must(h, sqlite3_prepare_v2(h, "INSERT INTO work_orders (id, wo_no, "
	     "item_id, qty, release_date, due_date, status, created) VALUES "
	     "(?1, 'WO-' || ?1, 2 + ?1 % 2, 1, '2026-01-01', '2026-01-02', "
	     "'closed', '2026-01-01')", -1, &st, NULL));
	for (i = 1; i <= orders; i++) {
		sqlite3_bind_int64(st, 1, i);
		must(h, sqlite3_step(st));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void lots(sqlite3 *h, long long n, long long orders)
{
	sqlite3_stmt *lot, *gen;
	long long raw = n / 2, mid = n * 3 / 10, i, k;
	char no[32], sl[32];

	must(h, sqlite3_prepare_v2(h, "INSERT INTO lots (id, lot_no, item_id, "
	     "supplier, supplier_lot, status, produced_by, created) VALUES "
	     "(?, ?, ?, ?, ?, 'released', ?, '2026-01-01')", -1, &lot, NULL));
	must(h, sqlite3_prepare_v2(h, "INSERT INTO genealogy (parent_lot_id, "
	     "child_lot_id, wo_id, qty, ts) VALUES (?, ?, ?, 1, '2026-01-01')",
	     -1, &gen, NULL));
	for (i = 1; i <= n; i++) {
		int kind = i <= raw ? 1 : i <= raw + mid ? 2 : 3;
		long long wo = kind == 1 ? 0 : 1 + pick(orders);

		snprintf(no, sizeof no, "L%07lld", i);
		snprintf(sl, sizeof sl, "S%07lld", i);
		sqlite3_bind_int64(lot, 1, i);
		sqlite3_bind_text(lot, 2, no, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(lot, 3, kind);
		sqlite3_bind_text(lot, 4, kind == 1 ? "ACME" : "", -1,
		                  SQLITE_STATIC);
		sqlite3_bind_text(lot, 5, kind == 1 ? sl : "", -1,
		                  SQLITE_TRANSIENT);
		if (wo)
			sqlite3_bind_int64(lot, 6, wo);
		else
			sqlite3_bind_null(lot, 6);
		must(h, sqlite3_step(lot));
		sqlite3_reset(lot);
		for (k = 0; kind > 1 && k < 3; k++) {
			/* intermediates: two supplier lots; finished: two
			 * intermediates and one supplier lot */
			long long p = kind == 2 || k == 2 ? 1 + pick(raw) :
			              raw + 1 + pick(mid);

			if (kind == 2 && k == 2)
				break;
			sqlite3_bind_int64(gen, 1, p);
			sqlite3_bind_int64(gen, 2, i);
			sqlite3_bind_int64(gen, 3, wo);
			must(h, sqlite3_step(gen));
			sqlite3_reset(gen);
		}
	}
	sqlite3_finalize(lot);
	sqlite3_finalize(gen);
}

static int generate(const char *path, long long n)
{
	struct mes_settings s;
	struct mes_db *db;
	sqlite3 *h;
	int rc;

	mes_settings_default(&s);
	s.hash_cost = MES_HASH_FAST;
	rc = mes_db_open(&db, path, MES_OPEN_CREATE, &s);
	if (rc == MES_OK)
		rc = mes_user_bootstrap(db, "bench", "Bench", "123456");
	mes_db_close(db);
	/* The seal functions, as libmes registers them: lots and genealogy
	 * are sealed tables, and their triggers call them. */
	if (rc != MES_OK || sqlite3_open(path, &h) != SQLITE_OK ||
	    seal_register(h, NULL) != SQLITE_OK)
		return -1;
	exec(h, "PRAGMA synchronous=OFF; BEGIN");
	master(h, n / 1000 + 1);
	lots(h, n, n / 1000 + 1);
	exec(h, "COMMIT; ANALYZE");
	sqlite3_close(h);
	return 0;
}

static int count(const struct mes_trace_node *node, void *ctx)
{
	(void)node;
	(*(long long *)ctx)++;
	return 0;
}

/* kind 0 recall, 1 backward, 2 forward; prints median, p99, max. */
static int timed(struct mes_db *db, int kind, long long n, int q)
{
	static const char *const names[] = {
		"recall SUPPLIER-LOT", "trace finished lot --backward",
		"trace supplier lot --forward" };
	double *t = calloc((size_t)q, sizeof *t), t0;
	long long rows = 0, id;
	char key[32];
	int i, rc = 0;

	for (i = 0; i < q && !rc; i++) {
		id = kind == 1 ? n - pick(n / 5) : 1 + pick(n / 2);
		snprintf(key, sizeof key, kind == 0 ? "S%07lld" : "L%07lld", id);
		t0 = bench_now_ms();
		rc = kind == 0 ? mes_recall(db, key, count, &rows) :
		     mes_trace(db, key, kind == 2, count, &rows);
		t[i] = bench_now_ms() - t0;
	}
	if (rc) {
		fprintf(stderr, "genlots: %s\n", mes_db_errmsg(db));
		free(t);
		return 1;
	}
	qsort(t, (size_t)q, sizeof *t, bench_cmp);
	printf("  %-32s median %7.2f ms  p99 %7.2f ms  max %7.2f ms  "
	       "(%.1f lots each)\n", names[kind], t[q / 2],
	       t[(int)(0.99 * (q - 1))], t[q - 1], (double)rows / q);
	i = t[q - 1] < 1000 ? 0 : 1;
	free(t);
	return i;
}

int main(int argc, char **argv)
{
	long long n = argc > 1 ? atoll(argv[1]) : 1000000;
	int q = argc > 2 ? atoi(argv[2]) : 200, rc = 0, k;
	char dir[] = "/tmp/mes-bench-XXXXXX", path[4096], cmd[128];
	struct mes_settings s;
	struct mes_db *db;
	double t0;

	if (n < 100 || q < 1 || !mkdtemp(dir))
		return 2;
	snprintf(path, sizeof path, "%s", argc > 3 ? argv[3] : "");
	if (!path[0])
		snprintf(path, sizeof path, "%s/lots.db", dir);
	t0 = bench_now_ms();
	if (generate(path, n) != 0)
		return 1;
	printf("genlots: %lld lots, %lld genealogy links generated in %.1f s\n",
	       n, n * 3 / 10 * 2 + n / 5 * 3, (bench_now_ms() - t0) / 1000);
	mes_settings_default(&s);
	s.hash_cost = MES_HASH_FAST;
	if (mes_db_open(&db, path, 0, &s) != MES_OK ||
	    mes_login_pin(db, "bench", "123456") != MES_OK) {
		fprintf(stderr, "genlots: %s\n", mes_db_errmsg(db));
		return 1;
	}
	for (k = 0; k < 3; k++)
		rc |= timed(db, k, n, q);
	printf("  goal: every recall under 1000 ms: %s\n", rc ? "MISSED" :
	       "met");
	mes_db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return rc;
}
