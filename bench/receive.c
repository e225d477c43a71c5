/*
 * Durable receiving: how many scanned labels per second the plant's
 * database takes when 1, 8 and 32 receiving stations (processes) scan at
 * once.  Each transaction is the whole of mes_receive(): GS1 parse, item
 * and open-line match, tolerance, SSCC and shelf-life checks, the lot,
 * its ledger row, the audit record, COMMIT with synchronous=FULL.  Beside
 * it, in the same run and on the same file system: raw SQLite single-row
 * INSERT transactions under the same settings (WAL, synchronous=FULL,
 * BEGIN IMMEDIATE, busy timeout).  Afterwards every acknowledged
 * transaction is counted back from the files.
 *
 * usage: receive [TRANSACTIONS-PER-RUN]   (default 800)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "materials.h"
#include "timing.h"

#define GTIN "09521234543213"

static void settings(struct mes_settings *s)
{
	mes_settings_default(s);
	s->hash_cost = MES_HASH_FAST;
	s->busy_timeout_ms = 60000;
}

/* mes_db_open reads the file before it sets the busy timeout, so an
 * open racing a checkpoint can fail at once: a station would retry. */
static struct mes_db *login(const char *path)
{
	struct mes_settings s;
	struct mes_db *db = NULL;
	int tries = 0, rc;

	settings(&s);
	do {
		mes_db_close(db);
		if ((rc = mes_db_open(&db, path, 0, &s)) == MES_ERR_BUSY)
			usleep(10000);
	} while (rc == MES_ERR_BUSY && ++tries < 100);
	if (rc != MES_OK || mes_login_pin(db, "bench", "123456") != MES_OK) {
		fprintf(stderr, "receive: %s\n", mes_db_errmsg(db));
		mes_db_close(db);
		return NULL;
	}
	return db;
}

/* A plant with one item and one purchase order line nobody fills up. */
static int setup(const char *path, const char *dir)
{
	struct mes_settings s;
	struct mes_db *db;
	char csv[128];
	FILE *f;
	int rc;

	settings(&s);
	rc = mes_db_open(&db, path, MES_OPEN_CREATE, &s);
	if (rc == MES_OK)
		rc = mes_user_bootstrap(db, "bench", "Bench", "123456");
	if (rc == MES_OK)
		rc = mes_login_pin(db, "bench", "123456");
	if (rc == MES_OK)
		rc = mes_item_add(db, "RESIN", "Epoxy resin", "kg", "");
	if (rc == MES_OK)
		rc = mes_item_set_gs1(db, "RESIN", GTIN, 1, 30, 0);
	snprintf(csv, sizeof csv, "%s/po.csv", dir);
	if (rc == MES_OK && (f = fopen(csv, "w+"))) {
		fprintf(f, "po_no,line,supplier,item,gtin,qty\n"
		        "PO-1,1,ACME,RESIN," GTIN ",1000000000\n");
		rewind(f);
		rc = mes_import_receipts_csv(db, f, csv, 0, NULL, NULL);
		fclose(f);
	}
	if (rc != MES_OK)
		fprintf(stderr, "receive: setup: %s\n", mes_db_errmsg(db));
	mes_db_close(db);
	return rc;
}

static int raw_setup(const char *path)
{
	sqlite3 *h;
	int rc;

	if (sqlite3_open(path, &h) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(h, "PRAGMA journal_mode=WAL; CREATE TABLE t (id "
	                  "INTEGER PRIMARY KEY, code TEXT UNIQUE, qty REAL)",
	                  NULL, NULL, NULL);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

/* One station: n labels, each a transaction; latencies into lat. */
static int station_core(const char *path, int id, int n, double *lat)
{
	struct mes_db *db = login(path);
	struct mes_receive_req q;
	char label[128];
	double t0;
	int i;

	if (!db)
		return 1;
	for (i = 0; i < n; i++) {
		snprintf(label, sizeof label, "(01)" GTIN "(17)301231(10)S%02d-"
		         "%06d(30)5", id, i);
		memset(&q, 0, sizeof q);
		q.data = label;
		t0 = bench_now_us();
		if (mes_receive(db, &q, NULL) != MES_OK) {
			fprintf(stderr, "receive: %s\n", mes_db_errmsg(db));
			mes_db_close(db);
			return 1;
		}
		lat[i] = bench_now_us() - t0;
	}
	mes_db_close(db);
	return 0;
}

static int station_raw(const char *path, int id, int n, double *lat,
                       int run_no)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char code[32];
	double t0;
	int i, rc = 0;

	if (sqlite3_open(path, &h) != SQLITE_OK)
		return 1;
	sqlite3_busy_timeout(h, 60000);
	sqlite3_exec(h, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(h, "INSERT INTO t (code, qty) VALUES (?, 5)",
	                       -1, &st, NULL) != SQLITE_OK)
		return 1;
	for (i = 0; i < n && !rc; i++) {
		snprintf(code, sizeof code, "R%d-S%02d-%06d", run_no, id, i);
		t0 = bench_now_us();
		rc = sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		if (!rc && sqlite3_step(st) != SQLITE_DONE)
			rc = 1;
		sqlite3_reset(st);
		if (!rc)
			rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
		lat[i] = bench_now_us() - t0;
	}
	if (rc)
		fprintf(stderr, "receive: raw: %s\n", sqlite3_errmsg(h));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc != 0;
}

/* Latencies and wall time of one kind of transaction over the rounds. */
struct acc {
	double *lat;
	size_t n;
	double us;
	int bad;
};

/* procs processes sharing total transactions; appends to a. */
static long long run(const char *path, int procs, int total, int raw,
                     int run_no, struct acc *a)
{
	int per = total / procs, i, st;
	size_t n = (size_t)per * (size_t)procs;
	double *lat = mmap(NULL, n * sizeof *lat, PROT_READ | PROT_WRITE,
	                   MAP_SHARED | MAP_ANONYMOUS, -1, 0), t0;
	pid_t pid;

	if (lat == MAP_FAILED)
		return a->bad = 1, 0;
	t0 = bench_now_us();
	for (i = 0; i < procs; i++) {
		if ((pid = fork()) == 0)
			_exit(raw ? station_raw(path, i, per, lat + i * per,
			                        run_no) :
			      station_core(path, i, per, lat + i * per));
		if (pid < 0)
			a->bad = 1;
	}
	while (wait(&st) > 0)
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			a->bad = 1;
	a->us += bench_now_us() - t0;
	memcpy(a->lat + a->n, lat, n * sizeof *lat);
	a->n += n;
	munmap(lat, n * sizeof *lat);
	return (long long)n;
}

static void report(int procs, const char *what, struct acc *a, double base)
{
	double tps = a->n / (a->us / 1e6);

	qsort(a->lat, a->n, sizeof *a->lat, bench_cmp);
	printf("  %-5d %-34s %9.0f %9.2f %9.2f", procs, what, tps,
	       a->lat[a->n / 2] / 1000,
	       a->lat[(size_t)(0.99 * (a->n - 1))] / 1000);
	if (base > 0)
		printf(" %6.0f%%", 100 * tps / base);
	printf("\n");
}

static long long count(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_open(path, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return n;
}

/* Rounds alternate raw and core, so a slow spell of the shared disk
 * falls on both alike. */
#define ROUNDS 4

int main(int argc, char **argv)
{
	static const int procs[] = { 1, 8, 32 };
	int total = argc > 1 ? atoi(argv[1]) : 800, k, i, fail = 0;
	char dir[] = "/tmp/mes-bench-XXXXXX", core[64], raw[64], cmd[96];
	long long want_c = 0, want_r = 0, got_c, got_m, got_a, got_r;
	struct acc c, r;
	int ok;

	if (total < 64 * ROUNDS || !mkdtemp(dir))
		return 2;
	snprintf(core, sizeof core, "%s/core.db", dir);
	snprintf(raw, sizeof raw, "%s/raw.db", dir);
	if (setup(core, dir) != MES_OK || raw_setup(raw) != 0)
		return 1;
	c.lat = calloc((size_t)total, sizeof *c.lat);
	r.lat = calloc((size_t)total, sizeof *r.lat);
	if (!c.lat || !r.lat)
		return 2;
	printf("receive: durable receiving transactions (WAL, synchronous="
	       "FULL), %d per concurrency in %d alternating rounds\n", total,
	       ROUNDS);
	printf("  %-5s %-34s %9s %9s %9s %7s\n", "procs", "", "tx/s",
	       "p50 ms", "p99 ms", "ratio");
	for (k = 0; k < 3; k++) {
		c.n = r.n = 0;
		c.us = r.us = 0;
		for (i = 0; i < ROUNDS; i++) {
			want_r += run(raw, procs[k], total / ROUNDS, 1,
			              k * ROUNDS + i, &r);
			want_c += run(core, procs[k], total / ROUNDS, 0,
			              k * ROUNDS + i, &c);
		}
		fail |= r.bad || c.bad;
		report(procs[k], "baseline: raw SQLite insert+commit", &r, 0);
		report(procs[k], "mes_receive (scan to commit)", &c,
		       r.n / (r.us / 1e6));
	}
	got_c = count(core, "SELECT count(*) FROM lots");
	got_m = count(core, "SELECT count(*) FROM inv_moves WHERE kind = "
	              "'receive'");
	got_a = count(core, "SELECT count(*) FROM audit WHERE action = "
	              "'receive'");
	got_r = count(raw, "SELECT count(*) FROM t");
	ok = got_c == want_c && got_m == want_c && got_a == want_c &&
	     got_r == want_r && !fail;
	printf("  counted back: %lld of %lld lots, %lld ledger rows, %lld "
	       "audit records; raw %lld of %lld rows: %s\n", got_c, want_c,
	       got_m, got_a, got_r, want_r, ok ? "nothing lost" :
	       "LOST TRANSACTIONS");
	printf("  goal: mes_receive at >= 50%% of the raw rate at every "
	       "concurrency\n");
	free(c.lat);
	free(r.lat);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return ok ? 0 : 1;
}
