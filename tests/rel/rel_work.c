/*
 * The plant the reliability writers work on, and the writers: each runs
 * a random mix of real core transactions (report quantity, andon raise /
 * take / close, order hold and unhold, work center down time, audited
 * master data) and logs each one before and after it commits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "prod.h"
#include "schedule.h"
#include "rel.h"

const char *rel_db(const char *dir)
{
	static char p[4200];

	snprintf(p, sizeof p, "%s/plant.db", dir);
	return p;
}

/* What the programs use, with fast PIN hashing: the busy timeout is the
 * shipped default on purpose, since that is what an operator waits. */
void rel_settings(struct mes_settings *s)
{
	mes_settings_default(s);
	s->hash_cost = MES_HASH_FAST;
	s->idle_lock_s = 0;
	s->max_open_labor = REL_MAXW;   /* one user runs every order */
	/* REL_WRITER_QUEUE=0: the baseline, writers polling SQLite's lock */
	if (getenv("REL_WRITER_QUEUE"))
		s->writer_queue = atoi(getenv("REL_WRITER_QUEUE")) != 0;
}

static int must(struct mes_db *db, int rc, const char *what)
{
	if (rc != MES_OK)
		fprintf(stderr, "rel setup: %s: %s\n", what, mes_db_errmsg(db));
	return rc;
}

int rel_setup(const struct rel_opts *o)
{
	struct mes_settings s;
	struct mes_db *db;
	char wo[32], wc[32];
	int w, rc;

	rel_settings(&s);
	if ((rc = mes_db_open(&db, rel_db(o->dir), MES_OPEN_CREATE, &s)))
		return must(db, rc, "open");
	rc = must(db, mes_user_bootstrap(db, "root", "Root Admin", "9999"),
	          "bootstrap");
	if (!rc)
		rc = must(db, mes_login_pin(db, "root", "9999"), "login");
	if (!rc)
		rc = must(db, mes_user_add(db, REL_USER, "Luis Moreno",
		          MES_ROLE_LEAD | MES_ROLE_OPERATOR, "B2", REL_PIN),
		          "user");
	if (!rc)
		rc = must(db, mes_item_add(db, "P1", "Part", "ea", ""), "item");
	for (w = 0; !rc && w < o->writers; w++) {
		snprintf(wc, sizeof wc, "WC-%d", w);
		snprintf(wo, sizeof wo, "WO-%d", w);
		rc = must(db, mes_wc_add(db, wc, "Cell", 1), wc);
		if (!rc)
			rc = must(db, mes_routing_op_add(db, "P1", 10 + w, wc,
			          0, 1, "Op"), "routing");
	}
	if (!rc)
		rc = must(db, mes_login_pin(db, REL_USER, REL_PIN), "login");
	for (w = 0; !rc && w < o->writers; w++) {
		snprintf(wo, sizeof wo, "WO-%d", w);
		rc = must(db, mes_order_add(db, wo, "P1", 1e9, "2026-01-05",
		          "2026-12-31", 5), wo);
		if (!rc)
			rc = must(db, mes_order_release(db, wo), wo);
		/* Every operation of the order waits on the one before; the
		 * first is the writer's own. */
		if (!rc)
			rc = must(db, mes_op_start(db, wo, 10, NULL), wo);
	}
	mes_db_close(db);
	return rc;
}

/* ---- one writer --------------------------------------------------------- */

struct wr {
	struct mes_db *db;
	int fd, w;
	long long k;
	char wo[32], wc[32], tok[64];
	char lat_path[4200];
	long long *lat;
	size_t nlat, alat;
};

static void logf_(struct wr *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void logf_(struct wr *x, const char *fmt, ...)
{
	char line[1400];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	/* one write(2) per line: O_APPEND keeps it whole */
	if (write(x->fd, line, (size_t)n) != n)
		_exit(3);
}

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void next_token(struct wr *x)
{
	snprintf(x->tok, sizeof x->tok, "w%d.%ld.%lld", x->w, (long)getpid(),
	         ++x->k);
}

/* Logs the outcome of one core call and keeps its latency. */
static int done(struct wr *x, int rc, long long t0, const char *kind,
                const char *args)
{
	long long dt = now_us() - t0;

	if (x->nlat == x->alat) {
		x->alat = x->alat ? x->alat * 2 : 1024;
		x->lat = realloc(x->lat, x->alat * sizeof *x->lat);
		if (!x->lat)
			_exit(3);
	}
	x->lat[x->nlat++] = dt;
	if (rc == MES_OK)
		logf_(x, "C %s %s %s", kind, x->tok, args);
	else
		logf_(x, "E %s %s rc=%d %s", kind, x->tok, rc,
		      mes_db_errmsg(x->db));
	return rc;
}

static int do_report(struct wr *x, unsigned *seed)
{
	char args[64];
	int q = 1 + (int)(rand_r(seed) % 5);
	long long t0;

	next_token(x);
	snprintf(args, sizeof args, "%s 10 %d", x->wo, q);
	logf_(x, "I rep %s %s", x->tok, args);
	t0 = now_us();
	return done(x, mes_op_report(x->db, x->wo, 10, q, 0, NULL), t0, "rep",
	            args);
}

static int do_andon(struct wr *x)
{
	char args[64], note[64];
	long long id = 0, t0;
	int rc;

	next_token(x);
	logf_(x, "I andon %s %s", x->tok, x->wc);
	t0 = now_us();
	rc = mes_andon_raise(x->db, x->wc, "lead", x->tok, &id);
	snprintf(args, sizeof args, "%lld", id);
	if (done(x, rc, t0, "andon", args) != MES_OK)
		return rc;
	next_token(x);
	logf_(x, "I take %s %lld", x->tok, id);
	t0 = now_us();
	if ((rc = done(x, mes_andon_take(x->db, id), t0, "take", args)))
		return rc;
	next_token(x);
	snprintf(note, sizeof note, "%s", x->tok);
	logf_(x, "I close %s %lld", x->tok, id);
	t0 = now_us();
	return done(x, mes_andon_close(x->db, id, note), t0, "close", args);
}

static int do_hold(struct wr *x)
{
	long long t0;
	int rc;

	next_token(x);
	logf_(x, "I hold %s %s", x->tok, x->wo);
	t0 = now_us();
	if ((rc = done(x, mes_order_hold(x->db, x->wo, x->tok), t0, "hold",
	               x->wo)))
		return rc;
	next_token(x);
	logf_(x, "I unhold %s %s", x->tok, x->wo);
	t0 = now_us();
	return done(x, mes_order_unhold(x->db, x->wo, x->tok), t0, "unhold",
	            x->wo);
}

static int do_down(struct wr *x, unsigned *seed)
{
	char start[32];
	long long t0;

	next_token(x);
	snprintf(start, sizeof start, "2027-%02d-%02dT%02d:00",
	         1 + (int)(rand_r(seed) % 12), 1 + (int)(rand_r(seed) % 28),
	         (int)(rand_r(seed) % 23));
	logf_(x, "I down %s %s", x->tok, x->wc);
	t0 = now_us();
	return done(x, mes_wc_unavailable_add(x->db, x->wc, start, NULL,
	            "breakdown", x->tok), t0, "down", x->wc);
}

static int do_master(struct wr *x)
{
	long long t0;

	next_token(x);
	logf_(x, "I item %s -", x->tok);
	t0 = now_us();
	return done(x, mes_item_add(x->db, x->tok, "Spare from the harness",
	            "ea", ""), t0, "item", "-");
}

/* A writer killed between hold and unhold, or with its call open,
 * leaves its order held or its call open: put both right first. */
struct find {
	const char *wc;
	long long id;
};

static int open_on(const struct mes_andon *a, void *ctx)
{
	struct find *f = ctx;

	if (strcmp(a->wc, f->wc) != 0)
		return 0;
	f->id = a->id;
	return 1;
}

static void recover(struct wr *x)
{
	struct find f = { x->wc, 0 };
	char args[32];
	long long t0;

	next_token(x);
	logf_(x, "I unhold %s %s", x->tok, x->wo);
	t0 = now_us();
	done(x, mes_order_unhold(x->db, x->wo, x->tok), t0,
	     "unhold", x->wo);
	while (mes_andon_each(x->db, 1, open_on, &f) >= 0 && f.id > 0) {
		next_token(x);
		snprintf(args, sizeof args, "%lld", f.id);
		logf_(x, "I close %s %lld", x->tok, f.id);
		t0 = now_us();
		if (done(x, mes_andon_close(x->db, f.id, x->tok), t0, "close",
		         args) != MES_OK)
			break;
		f.id = 0;
	}
}

static void dump_latency(struct wr *x)
{
	FILE *f = fopen(x->lat_path, "w");
	size_t i;

	if (!f)
		return;
	for (i = 0; i < x->nlat; i++)
		fprintf(f, "%lld\n", x->lat[i]);
	fclose(f);
}

int rel_writer(const char *dir, int w, unsigned seed, int seconds,
               int think_ms)
{
	struct mes_settings s;
	struct wr x;
	char path[4200];
	long long end = now_us() + (long long)seconds * 1000000;
	int r;

	memset(&x, 0, sizeof x);
	x.w = w;
	snprintf(x.wo, sizeof x.wo, "WO-%d", w);
	snprintf(x.wc, sizeof x.wc, "WC-%d", w);
	snprintf(path, sizeof path, "%s/log-%d-%ld", dir, w, (long)getpid());
	snprintf(x.lat_path, sizeof x.lat_path, "%s/lat-%d-%ld", dir, w,
	         (long)getpid());
	x.fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (x.fd < 0)
		return 3;
	rel_settings(&s);
	if ((r = mes_db_open(&x.db, rel_db(dir), 0, &s)) != MES_OK ||
	    (r = mes_login_pin(x.db, REL_USER, REL_PIN)) != MES_OK) {
		logf_(&x, "E open - rc=%d %s", r, mes_db_errmsg(x.db));
		return 3;
	}
	recover(&x);
	while (!seconds || now_us() < end) {
		r = (int)(rand_r(&seed) % 100);
		if (r < 45)
			r = do_report(&x, &seed);
		else if (r < 65)
			r = do_andon(&x);
		else if (r < 78)
			r = do_hold(&x);
		else if (r < 89)
			r = do_down(&x, &seed);
		else
			r = do_master(&x);
		/* a call that failed half way (busy) may leave the order
		 * held or the call open: the next one must not trip on it */
		if (r != MES_OK)
			recover(&x);
		if (think_ms > 0) {
			long us = (long)(rand_r(&seed) % (unsigned)(2000 *
			          think_ms));
			struct timespec t = { us / 1000000, us % 1000000 * 1000 };

			nanosleep(&t, NULL);
		}
	}
	dump_latency(&x);
	free(x.lat);
	mes_db_close(x.db);
	close(x.fd);
	return 0;
}
