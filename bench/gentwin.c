/*
 * A plant whose history follows distributions known in advance, for the
 * digital twin: what `mesctl twin learn` must recover, and the ground
 * truth a simulation's predictions are checked against.
 *
 *   between stops  exponential, mean 40 h (from a repair to the next stop)
 *   stop length    lognormal, median 1.5 h, log deviation 0.5
 *   run time       actual over standard lognormal, mean 1.1, deviation 0.15
 *   scrap          each unit scrapped with probability 0.03
 *   pauses         one in five operations paused once, 30 to 120 minutes
 *
 * `gentwin DB [DAYS [OPEN [SEED]]]` makes a fresh plant: 8 work centers
 * on two shifts (Monday to Friday, 06:00-22:00 local), 20 items of four
 * operations, DAYS days (1825) of stops per work center, 600 completed
 * orders, OPEN (40) released orders due over the next two weeks.
 *
 * `gentwin --truth DB SEED` runs the plan in DB once, minute by minute,
 * as a floor that follows these same distributions would (its own code:
 * nothing of the simulator in core), and prints each order's completion:
 * "WO END_ISO ON_TIME".  Written straight into the file, as a fixture.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fixture.h"
#include "mes.h"

#define CENTERS 8
#define ITEMS 20
#define OPS 4
#define MTBF_H 40.0
#define MTTR_MEDIAN_H 1.5
#define MTTR_SIGMA 0.5
#define RATIO_MEAN 1.1
#define RATIO_SIGMA 0.15
#define SCRAP 0.03
#define SETUP_MIN 20.0

static unsigned short rng[3];

static double unit(void)
{
	double u;

	do
		u = erand48(rng);
	while (u <= 0);
	return u;
}

static double normal(void)
{
	return sqrt(-2 * log(unit())) * cos(2 * M_PI * unit());
}

static double up_min(void)
{
	return -MTBF_H * 60 * log(unit());
}

static double down_min(void)
{
	return MTTR_MEDIAN_H * 60 * exp(MTTR_SIGMA * normal());
}

static double ratio(void)
{
	double mu = log(RATIO_MEAN) - RATIO_SIGMA * RATIO_SIGMA / 2;

	return exp(mu + RATIO_SIGMA * normal());
}

static double run_min(int item, int k)
{
	return 1.0 + ((item * 7 + k * 3) % 9) * 0.25;
}

static int wc_of(int item, int k)
{
	return (item * 3 + k * 5) % CENTERS + 1;
}

static void exec(sqlite3 *h, const char *sql)
{
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "gentwin: %s\n", sqlite3_errmsg(h));
		exit(1);
	}
}

static void iso(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

static void master(sqlite3 *h)
{
	char sql[320];
	int i, k, d;

	for (i = 1; i <= CENTERS; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO work_centers (id, code, "
		         "name) VALUES (%d, 'WC-%02d', 'Work center %d'); INSERT "
		         "INTO assets (id, code, name, wc_id, kind) VALUES (%d, "
		         "'M-%02d', 'Machine %d', %d, 'machine')", i, i, i, i, i, i,
		         i);
		exec(h, sql);
		for (d = 0; d < 5; d++) {
			snprintf(sql, sizeof sql, "INSERT INTO wc_shifts (wc_id, "
			         "weekday, start_min, end_min, name) VALUES (%d, %d, "
			         "360, 1320, 'two shifts')", i, d);
			exec(h, sql);
		}
	}
	for (i = 1; i <= ITEMS; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO items (id, item_no, "
		         "description) VALUES (%d, 'P-%02d', 'Part %d')", i, i, i);
		exec(h, sql);
		for (k = 1; k <= OPS; k++) {
			snprintf(sql, sizeof sql, "INSERT INTO routing_ops (id, "
			         "item_id, seq, wc_id, setup_min, run_min) VALUES (%d, "
			         "%d, %d, %d, %g, %g)", i * 10 + k, i, k * 10,
			         wc_of(i, k), SETUP_MIN, run_min(i, k));
			exec(h, sql);
		}
	}
}

/* Stops per machine as a renewal process over the past days. */
static void stops(sqlite3 *h, time_t now, int days)
{
	sqlite3_stmt *st;
	char a[32], b[32];
	int k;

	sqlite3_prepare_v2(h, "INSERT INTO downtime_events (asset_id, start_ts,"
	                   " end_ts, source) VALUES (?, ?, ?, 'plc')", -1, &st,
	                   NULL);
	for (k = 1; k <= CENTERS; k++) {
		double t = (double)(now - (time_t)days * 86400);

		for (;;) {
			double s = t + up_min() * 60, e = s + down_min() * 60;

			if (e >= (double)now)
				break;
			iso((time_t)s, a);
			iso((time_t)e, b);
			sqlite3_bind_int(st, 1, k);
			sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
			sqlite3_step(st);
			sqlite3_reset(st);
			t = e;
		}
	}
	sqlite3_finalize(st);
}

static void event(sqlite3_stmt *ev, long long op, time_t t, const char *kind,
                  int good, int scrap)
{
	char a[32];

	iso(t, a);
	sqlite3_bind_int64(ev, 1, op);
	sqlite3_bind_text(ev, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ev, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(ev, 4, good);
	sqlite3_bind_int(ev, 5, scrap);
	sqlite3_step(ev);
	sqlite3_reset(ev);
}

/* Completed orders over the past year: each operation as booked. */
static void history(sqlite3 *h, time_t now)
{
	sqlite3_stmt *wo, *op, *ev;
	int i, k;

	sqlite3_prepare_v2(h, "INSERT INTO work_orders (id, wo_no, item_id, qty,"
	                   " release_date, due_date, status, created) VALUES (?, "
	                   "printf('H-%05d', ?1), ?, ?, '2020-01-01', '2020-01-02', "
	                   "'closed', '2020-01-01T00:00:00.000Z')", -1, &wo, NULL);
	sqlite3_prepare_v2(h, "INSERT INTO wo_ops (wo_id, seq, routing_op_id, "
	                   "wc_id, setup_min, run_min, status, qty_good, qty_scrap,"
	                   " actual_start, actual_end) VALUES (?, ?, ?, ?, ?, ?, "
	                   "'complete', ?, ?, ?, ?)", -1, &op, NULL);
	sqlite3_prepare_v2(h, "INSERT INTO op_events (wo_op_id, ts, user_id, "
	                   "kind, qty_good, qty_scrap) VALUES (?, ?, 1, ?, ?, ?)",
	                   -1, &ev, NULL);
	for (i = 1; i <= 600; i++) {
		int item = i % ITEMS + 1, qty = 20 + i % 41;
		time_t t = now - (time_t)(601 - i) * 14400;

		sqlite3_bind_int(wo, 1, i);
		sqlite3_bind_int(wo, 2, item);
		sqlite3_bind_int(wo, 3, qty);
		sqlite3_step(wo);
		sqlite3_reset(wo);
		for (k = 1; k <= OPS; k++) {
			int scrap = 0, u, pause = unit() < 0.2 ? 30 + (int)(unit() * 90) : 0;
			double std, actual;
			char a[32], b[32];
			long long id;

			for (u = 0; u < qty; u++)
				scrap += unit() < SCRAP;
			std = SETUP_MIN + run_min(item, k) * qty;
			actual = std * ratio();
			iso(t, a);
			iso(t + (time_t)((actual + pause) * 60), b);
			sqlite3_bind_int(op, 1, i);
			sqlite3_bind_int(op, 2, k * 10);
			sqlite3_bind_int(op, 3, item * 10 + k);
			sqlite3_bind_int(op, 4, wc_of(item, k));
			sqlite3_bind_double(op, 5, SETUP_MIN);
			sqlite3_bind_double(op, 6, run_min(item, k));
			sqlite3_bind_int(op, 7, qty - scrap);
			sqlite3_bind_int(op, 8, scrap);
			sqlite3_bind_text(op, 9, a, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(op, 10, b, -1, SQLITE_TRANSIENT);
			sqlite3_step(op);
			sqlite3_reset(op);
			id = sqlite3_last_insert_rowid(h);
			event(ev, id, t, "start", 0, 0);
			if (pause) {
				time_t p = t + (time_t)(actual * 30);

				event(ev, id, p, "pause", 0, 0);
				event(ev, id, p + pause * 60, "resume", 0, 0);
			}
			event(ev, id, t + (time_t)((actual + pause) * 60), "complete",
			      qty - scrap, scrap);
			t += (time_t)((actual + pause) * 60) + 600;
		}
	}
	sqlite3_finalize(wo);
	sqlite3_finalize(op);
	sqlite3_finalize(ev);
}

static void open_orders(sqlite3 *h, int n)
{
	char sql[512];
	int i;

	for (i = 1; i <= n; i++) {
		int item = (i * 7) % ITEMS + 1;

		snprintf(sql, sizeof sql, "INSERT INTO work_orders (wo_no, item_id,"
		         " qty, release_date, due_date, status, created) VALUES "
		         "(printf('WO-%%04d', %d), %d, %d, date('now'), date('now', "
		         "'+%d days'), 'released', datetime('now')); INSERT INTO "
		         "wo_ops (wo_id, seq, routing_op_id, wc_id, setup_min, "
		         "run_min) SELECT last_insert_rowid(), seq, id, wc_id, "
		         "setup_min, run_min FROM routing_ops WHERE item_id = %d",
		         i, item, 20 + (i * 13) % 41, 2 + (i * 5) % (n / 12 + 10),
		         item);
		exec(h, sql);
	}
}

/* ---- the ground truth: the plan run once, minute by minute ------------- */

struct top {                       /* an operation still to do */
	long long wo;
	int seq, wc, next;             /* next in its work center's queue */
	int prev;                      /* its order's operation before it */
	double setup, run, qty;
	long long done;                /* its end, minutes from now; -1 */
};

struct machine {
	int head, busy;                /* queue head, the op on it or -1 */
	double left;                   /* its minutes still to work */
	long long fail, repaired;      /* next stop; end of the one now */
};

struct order {
	long long id;
	char wo_no[32];
	long long due, end;            /* minutes from now */
	int last;                      /* its last operation's index */
};

static int in_shift(time_t t)
{
	struct tm tm;
	int m;

	localtime_r(&t, &tm);
	m = tm.tm_hour * 60 + tm.tm_min;
	return (tm.tm_wday + 6) % 7 < 5 && m >= 360 && m < 1320;
}

/* Working minutes from t to the end of its shift. */
static int shift_left(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return 1320 - (tm.tm_hour * 60 + tm.tm_min);
}

static int pred_done(const struct top *op, int i, long long t)
{
	int p = op[i].prev;

	return p < 0 || (op[p].done >= 0 && op[p].done <= t);
}

/* Each operation's predecessor in its order. */
static void link_orders(struct top *op, int n)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (op[j].wo == op[i].wo && op[j].seq < op[i].seq &&
			    (op[i].prev < 0 || op[j].seq > op[op[i].prev].seq))
				op[i].prev = j;
}

static void start(struct top *op, struct machine *m)
{
	int i = m->head;
	double made = 0, good = 0;

	while (good < op[i].qty) {
		made++;
		good += unit() >= SCRAP;
	}
	m->busy = i;
	m->head = op[i].next;
	m->left = (op[i].setup + op[i].run * made) * ratio();
}

struct floor {
	time_t now;
	struct top *op;
	int n;
	struct order *ord;
	int no;
	struct machine mc[CENTERS + 1];
};

/* One operation as read, into its work center's queue and its order. */
static void take_op(struct floor *f, sqlite3_stmt *st, int *tail)
{
	long long wo = sqlite3_column_int64(st, 0);
	struct top *op = &f->op[f->n];
	int k, i;

	*op = (struct top){ wo, sqlite3_column_int(st, 1),
	        sqlite3_column_int(st, 2), -1, -1, sqlite3_column_double(st, 3),
	        sqlite3_column_double(st, 4), sqlite3_column_double(st, 5), -1 };
	if ((k = op->wc) < 1 || k > CENTERS)
		return;
	if (tail[k] < 0)
		f->mc[k].head = f->n;
	else
		f->op[tail[k]].next = f->n;
	tail[k] = f->n;
	for (i = 0; i < f->no && f->ord[i].id != wo; i++)
		;
	if (i == f->no) {
		f->ord = realloc(f->ord, sizeof *f->ord * (size_t)(f->no + 1));
		f->ord[i].id = wo;
		snprintf(f->ord[i].wo_no, sizeof f->ord[i].wo_no, "%s",
		         (const char *)sqlite3_column_text(st, 6));
		f->ord[i].due = sqlite3_column_int64(st, 7);
		f->ord[i].end = -1;
		f->ord[i].last = f->n;
		f->no++;
	} else if (op->seq > f->op[f->ord[i].last].seq) {
		f->ord[i].last = f->n;
	}
	f->n++;
}

/* The plan in DB: each work center's queue in planned order. */
static int floor_load(struct floor *f, const char *path)
{
	static const char sql[] = "SELECT o.wo_id, o.seq, ifnull(o.plan_wc_id, "
		"o.wc_id), o.setup_min, o.run_min, w.qty - o.qty_good, w.wo_no, "
		"(strftime('%s', w.due_date) + 86400 - ?) / 60 FROM wo_ops o JOIN "
		"work_orders w ON w.id = o.wo_id WHERE w.status IN ('released', "
		"'running') AND o.status != 'complete' ORDER BY ifnull(o.plan_start,"
		" '9'), o.id";
	int k, tail[CENTERS + 1];
	sqlite3_stmt *st;
	sqlite3 *h;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "gentwin: %s\n", sqlite3_errmsg(h));
		return 1;
	}
	sqlite3_bind_int64(st, 1, (long long)f->now);
	for (k = 0; k <= CENTERS; k++) {
		f->mc[k].head = f->mc[k].busy = tail[k] = -1;
		f->mc[k].fail = (long long)up_min();
		f->mc[k].repaired = -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		f->op = realloc(f->op, sizeof *f->op * (size_t)(f->n + 1));
		take_op(f, st, tail);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	link_orders(f->op, f->n);
	return 0;
}

/* Minute t on every machine: stops and repairs, then work. */
static void floor_minute(struct floor *f, long long t)
{
	time_t wall = f->now + (time_t)t * 60;
	int work = in_shift(wall), k;

	for (k = 1; k <= CENTERS; k++) {
		struct machine *m = &f->mc[k];
		struct top *h = m->head >= 0 ? &f->op[m->head] : NULL;

		if (m->repaired < 0 && t >= m->fail)
			m->repaired = t + (long long)(down_min() + 0.5);
		if (m->repaired >= 0 && t >= m->repaired) {
			m->repaired = -1;
			m->fail = t + (long long)(up_min() + 0.5);
		}
		if (m->repaired >= 0 || !work)
			continue;
		/* Started where its planned time fits in the shift. */
		if (m->busy < 0 && h && pred_done(f->op, m->head, t) &&
		    ceil(h->setup + h->run * h->qty) <= shift_left(wall))
			start(f->op, m);
		if (m->busy >= 0 && (m->left -= 1) <= 0) {
			f->op[m->busy].done = t + 1;
			m->busy = -1;
		}
	}
}

static int truth(const char *path, int seed)
{
	struct floor f;
	long long t;
	int i;

	memset(&f, 0, sizeof f);
	f.now = time(NULL) / 60 * 60;
	rng[0] = (unsigned short)seed;
	rng[1] = (unsigned short)(seed >> 16) ^ 0x5a5a;
	rng[2] = 0x1234;
	if (floor_load(&f, path))
		return 1;
	for (t = 0; t < 90LL * 1440; t++)
		floor_minute(&f, t);
	for (i = 0; i < f.no; i++) {
		char when[32] = "-";
		long long end = f.op[f.ord[i].last].done;

		if (end >= 0) {
			time_t e = f.now + (time_t)end * 60;
			struct tm tm;

			gmtime_r(&e, &tm);
			strftime(when, sizeof when, "%Y-%m-%dT%H:%MZ", &tm);
		}
		printf("%s %s %d\n", f.ord[i].wo_no, when,
		       end >= 0 && end <= f.ord[i].due);
	}
	free(f.op);
	free(f.ord);
	return 0;
}

int main(int argc, char **argv)
{
	int days, open, seed;
	time_t now = time(NULL);
	sqlite3 *h;

	if (argc == 4 && !strcmp(argv[1], "--truth"))
		return truth(argv[2], atoi(argv[3]));
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: gentwin DB [DAYS [OPEN [SEED]]]\n"
		        "       gentwin --truth DB SEED\n");
		return 2;
	}
	days = argc > 2 ? atoi(argv[2]) : 1825;
	open = argc > 3 ? atoi(argv[3]) : 40;
	seed = argc > 4 ? atoi(argv[4]) : 1;
	rng[0] = (unsigned short)seed;
	rng[1] = 0x330e;
	rng[2] = 0xabcd;
	if (bench_create(argv[1], "gentwin") != MES_OK)
		return 1;
	sqlite3_open(argv[1], &h);
	exec(h, "PRAGMA foreign_keys=ON; BEGIN");
	master(h);
	stops(h, now, days);
	history(h, now);
	open_orders(h, open);
	exec(h, "COMMIT; ANALYZE");
	sqlite3_close(h);
	printf("gentwin: %s: %d work centers, %d days of stops, 600 completed "
	       "orders, %d open\n", argv[1], CENTERS, days, open);
	return 0;
}
