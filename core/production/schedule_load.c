/*
 * Reading the plant into the solver's model: work centers (capacity n as
 * n machines) with their shift calendars and down times, released and
 * running orders, and each order's remaining operations with their
 * alternatives.  Shift hours are the plant's wall clock (the server's
 * time zone), as on the load screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "food/food_int.h"
#include "schedule_int.h"

long long sched_to_min(const struct sctx *c, const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (!iso || !*iso || !strptime(iso, "%Y-%m-%d", &tm))
		return 0;
	if (strlen(iso) >= 16)
		strptime(iso, "%Y-%m-%dT%H:%M", &tm);
	return (long long)(timegm(&tm) - c->origin) / 60;
}

void sched_from_min(const struct sctx *c, long long min, char out[32])
{
	time_t t = c->origin + (time_t)min * 60;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:00.000Z", &tm);
}

static int family(struct sctx *c, const char *name)
{
	int i;

	for (i = 0; i < c->nfam; i++)
		if (!strcmp(c->fam[i], name))
			return i;
	if (c->nfam < 32) {
		str_copy(c->fam[c->nfam], sizeof c->fam[0], name);
		return c->nfam++;
	}
	return 31;
}

static struct wcmap *find_wc(struct sctx *c, long long wc_id)
{
	int i;

	for (i = 0; i < c->nwcs; i++)
		if (c->wcs[i].wc_id == wc_id)
			return &c->wcs[i];
	return NULL;
}

/* Working intervals of one machine from its work center's shifts. */
static int add_calendar(struct sctx *c, long long wc_id, int machine)
{
	static const char shifts[] = "SELECT weekday, start_min, end_min "
		"FROM wc_shifts WHERE wc_id = ?";
	static const char off[] = "SELECT start_ts, ifnull(end_ts, '') FROM "
		"wc_unavailable WHERE wc_id = ?";
	sqlite3_stmt *st = db_stmt(c->db, shifts);
	struct tm day;
	int d, rc = MES_OK;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc_id);
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		int wd = sqlite3_column_int(st, 0), s = sqlite3_column_int(st, 1);
		int e = sqlite3_column_int(st, 2);

		for (d = -1; d <= c->horizon_days && rc == MES_OK; d++) {
			time_t t0;

			localtime_r(&c->origin, &day);
			day.tm_mday += d;
			day.tm_hour = day.tm_min = day.tm_sec = 0;
			day.tm_isdst = -1;
			t0 = mktime(&day);
			if ((day.tm_wday + 6) % 7 != wd)
				continue;
			rc = mes_sched_machine_add_work(c->m, machine,
			        (long long)(t0 - c->origin) / 60 + s,
			        (long long)(t0 - c->origin) / 60 + e);
		}
	}
	sqlite3_reset(st);
	if (rc != MES_OK || !(st = db_stmt(c->db, off)))
		return rc != MES_OK ? rc : MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc_id);
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		long long a = sched_to_min(c, col_text(st, 0));
		long long b = *col_text(st, 1) ? sched_to_min(c, col_text(st, 1)) :
		              (long long)(c->horizon_days + 1) * 1440;

		if (b > a)
			rc = mes_sched_machine_add_off(c->m, machine, a, b);
	}
	sqlite3_reset(st);
	return rc;
}

/* Sequence-dependent setups between item families, per work center:
 * the same row for each of its machines. */
static int load_setups(struct sctx *c, const struct wcmap *w)
{
	static const char sql[] = "SELECT from_family, to_family, setup_min "
		"FROM setup_matrix WHERE wc_id = ?";
	sqlite3_stmt *st = db_stmt(c->db, sql);
	int rc = MES_OK, k;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, w->wc_id);
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		int from = family(c, col_text(st, 0));
		int to = family(c, col_text(st, 1));
		long long m = (long long)(sqlite3_column_double(st, 2) + 0.5);

		for (k = 0; k < w->count && rc == MES_OK; k++)
			rc = mes_sched_setup_set(c->m, w->first + k, from, to, m);
	}
	sqlite3_reset(st);
	return rc;
}

static int load_machines(struct sctx *c)
{
	static const char sql[] = "SELECT id, code, capacity FROM work_centers "
		"WHERE active ORDER BY id";
	sqlite3_stmt *st = db_stmt(c->db, sql);
	int rc = MES_OK, k, id;

	if (!st)
		return MES_ERR_DB;
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		struct wcmap *w = realloc(c->wcs, sizeof *w * (size_t)(c->nwcs + 1));

		if (!w)
			return MES_ERR_NOMEM;
		c->wcs = w;
		w = &c->wcs[c->nwcs++];
		w->wc_id = sqlite3_column_int64(st, 0);
		w->count = sqlite3_column_int(st, 2);
		w->first = c->nmachines;
		/* Capacity n: n identical machines in the model. */
		for (k = 0; k < w->count && rc == MES_OK; k++, c->nmachines++)
			rc = mes_sched_machine_add(c->m, col_text(st, 1), &id);
	}
	sqlite3_reset(st);
	for (k = 0; k < c->nwcs && rc == MES_OK; k++) {
		int j;

		for (j = 0; j < c->wcs[k].count && rc == MES_OK; j++)
			rc = add_calendar(c, c->wcs[k].wc_id, c->wcs[k].first + j);
		if (rc == MES_OK)
			rc = load_setups(c, &c->wcs[k]);
	}
	return rc;
}


/* One remaining operation as read, before it goes into the model. */
struct orow {
	long long op_id, wc_id, routing;
	double setup, run, good;
	int running, pinned;
	long long plan_start;        /* minutes from now; -1: none */
	long long plan_end;
	int valid;                   /* repair: the planned slot still holds */
};

static int push_op(struct sctx *c, const struct orow *r, int model_op,
                   int job, int frozen)
{
	if (c->nops == c->capops) {
		int cap = c->capops ? c->capops * 2 : 256;
		struct sop *o = realloc(c->ops, sizeof *o * (size_t)cap);

		if (!o)
			return MES_ERR_NOMEM;
		c->ops = o;
		c->capops = cap;
	}
	c->ops[c->nops].op_id = r->op_id;
	c->ops[c->nops].model_op = model_op;
	c->ops[c->nops].job = job;
	c->ops[c->nops].wc_id = r->wc_id;
	c->ops[c->nops].old_start = r->plan_start;
	c->ops[c->nops].old_end = r->plan_end;
	c->ops[c->nops].routing_op_id = r->routing;
	c->ops[c->nops].frozen = frozen;
	c->ops[c->nops].setup = r->running ? 0 : (long long)(r->setup + 0.5);
	c->nops++;
	return MES_OK;
}

/* Every machine of wc as an alternative for op, taking minutes. */
static int add_alt(struct sctx *c, int op, long long wc_id, long long minutes)
{
	struct wcmap *w = find_wc(c, wc_id);
	int k, rc = MES_OK;

	if (!w)
		return MES_OK;  /* an inactive work center is not offered */
	for (k = 0; k < w->count && rc == MES_OK; k++)
		rc = mes_sched_op_alt(c->m, op, w->first + k, minutes);
	return rc;
}

static long long minutes(double setup, double run, double left)
{
	double m = setup + run * (left > 0 ? left : 0);
	long long whole = (long long)m;

	if ((double)whole < m)
		whole++;
	return whole > 0 ? whole : 1;
}

/* The routing's own work center and its alternatives, each once: the
 * operation's current work center may be an alternative chosen before. */
static int add_alternatives(struct sctx *c, int op, long long routing_op,
                            double setup, double left)
{
	static const char sql[] = "SELECT wc_id, min(run_min) FROM ("
		"SELECT wc_id, run_min FROM routing_ops WHERE id = ?1 UNION ALL "
		"SELECT wc_id, run_min FROM routing_alternatives WHERE "
		"routing_op_id = ?1) GROUP BY wc_id";
	sqlite3_stmt *st = db_stmt(c->db, sql);
	int rc = MES_OK;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, routing_op);
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW)
		rc = add_alt(c, op, sqlite3_column_int64(st, 0),
		             minutes(setup, sqlite3_column_double(st, 1), left));
	sqlite3_reset(st);
	return rc;
}

/* Minutes an operation still needs: a running one's setup is done. */
static long long op_minutes(const struct orow *r, double qty)
{
	return minutes(r->running ? 0 : r->setup, r->run, qty - r->good);
}

/*
 * Running operations stay where they are: frozen from now (their setup
 * is done).  A planner's pin freezes the operation at its planned start,
 * and with it the order's operations before it: the solver can only
 * freeze the start of a routing.
 */
/* Of a work center's n machines, one that is free over [s, e) among the
 * operations frozen so far (capacity n means n at once). */
static int free_machine(struct sctx *c, const struct wcmap *w, long long s,
                        long long e)
{
	int k, i, busy;

	for (k = 0; k < w->count; k++) {
		for (i = busy = 0; i < c->nfrz && !busy; i++)
			busy = c->frz[i].machine == w->first + k &&
			       c->frz[i].start < e && c->frz[i].end > s;
		if (!busy)
			return w->first + k;
	}
	return w->first;   /* the validator will name the clash */
}

static int freeze(struct sctx *c, int op, const struct wcmap *w,
                  long long start, long long dur)
{
	int m = free_machine(c, w, start, start + dur), rc;

	if (c->nfrz < (int)(sizeof c->frz / sizeof c->frz[0])) {
		c->frz[c->nfrz].machine = m;
		c->frz[c->nfrz].start = start;
		c->frz[c->nfrz++].end = start + dur;
	}
	rc = mes_sched_op_alt(c->m, op, m, dur);
	if (rc == MES_OK)
		rc = mes_sched_op_freeze(c->m, op, m, start);
	c->frozen++;
	return rc;
}

static int add_op_row(struct sctx *c, const struct orow *r, int job,
                      double qty, int frz)
{
	double left = qty - r->good;
	struct wcmap *w = find_wc(c, r->wc_id);
	int op, rc;

	if ((rc = mes_sched_op_add(c->m, job, &op)) != MES_OK)
		return rc;
	if (frz && w) {
		rc = freeze(c, op, w, r->running ? 0 : r->plan_start,
		            op_minutes(r, qty));
	} else if (r->routing && !r->running) {
		rc = add_alternatives(c, op, r->routing, r->setup, left);
		/* Repair starts from the plan there was: what need not move,
		 * does not. */
		if (rc == MES_OK && c->repair && w && r->plan_start >= 0)
			rc = mes_sched_op_hint(c->m, op, w->first, r->plan_start);
	} else {
		rc = add_alt(c, op, r->wc_id, op_minutes(r, qty));
	}
	return rc == MES_OK ? push_op(c, r, op, job, frz && w) : rc;
}

/* How many leading operations to freeze: a running first one, and all
 * up to the last pinned one if each of them can be (-1 ends the pins). */
static int frozen_prefix(const struct orow *r, int n)
{
	int i, last_pin = -1, k = r[0].running ? 1 : 0;

	for (i = 0; i < n; i++)
		if (r[i].pinned && !r[i].running)
			last_pin = i;
	for (i = r[0].running ? 1 : 0; i <= last_pin; i++)
		if (r[i].running || r[i].plan_start < 0)
			return k;     /* a pin that cannot hold: ignore the pins */
	return last_pin + 1 > k ? last_pin + 1 : k;
}

/*
 * Repair: also keep each leading operation whose planned slot still
 * holds (in the future, long enough, its work center not down then) and
 * still starts after the operation before it ends.  A running operation
 * is frozen from now to now + what it still needs, which moves on as
 * time passes since the last plan: the next one's old slot may now begin
 * a minute too early.
 */
static int still_valid_prefix(const struct orow *r, int n, int k, double qty)
{
	long long end = 0;
	int i;

	for (i = 0; i < k; i++)
		end = (r[i].running ? 0 : r[i].plan_start) + op_minutes(&r[i], qty);
	while (k < n && r[k].valid && r[k].plan_start >= end) {
		end = r[k].plan_start + op_minutes(&r[k], qty);
		k++;
	}
	return k;
}

static int slot_valid(struct sctx *c, const struct orow *r, double qty)
{
	static const char sql[] = "SELECT count(*) FROM wc_unavailable WHERE "
		"wc_id = ?1 AND start_ts < ?3 AND (end_ts IS NULL OR end_ts > ?2)";
	sqlite3_stmt *st;
	char a[32], b[32];
	int down = 1;

	if (r->running || r->plan_start < 0 || r->plan_end <= r->plan_start ||
	    r->plan_end - r->plan_start < minutes(r->setup, r->run,
	                                          qty - r->good) ||
	    !find_wc(c, r->wc_id) || !(st = db_stmt(c->db, sql)))
		return 0;
	sched_from_min(c, r->plan_start, a);
	sched_from_min(c, r->plan_end, b);
	sqlite3_bind_int64(st, 1, r->wc_id);
	sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		down = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	return !down;
}

static int load_ops(struct sctx *c, long long wo_id, int job, double qty)
{
	static const char sql[] = "SELECT id, wc_id, ifnull(routing_op_id, 0),"
		" setup_min, run_min, status, qty_good, pinned, "
		"ifnull(plan_start, ''), ifnull(plan_end, '') FROM wo_ops WHERE "
		"wo_id = ? AND status != 'complete' ORDER BY seq";
	sqlite3_stmt *st = db_stmt(c->db, sql);
	struct orow r[64];
	int rc = MES_OK, n = 0, i, k;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	while (n < 64 && sqlite3_step(st) == SQLITE_ROW) {
		r[n].op_id = sqlite3_column_int64(st, 0);
		r[n].wc_id = sqlite3_column_int64(st, 1);
		r[n].routing = sqlite3_column_int64(st, 2);
		r[n].setup = sqlite3_column_double(st, 3);
		r[n].run = sqlite3_column_double(st, 4);
		r[n].running = strcmp(col_text(st, 5), "waiting") != 0;
		r[n].good = sqlite3_column_double(st, 6);
		r[n].pinned = sqlite3_column_int(st, 7);
		r[n].plan_start = *col_text(st, 8) ?
		                  sched_to_min(c, col_text(st, 8)) : -1;
		r[n].plan_end = *col_text(st, 9) ?
		                sched_to_min(c, col_text(st, 9)) : -1;
		n++;
	}
	sqlite3_reset(st);
	for (i = 0; c->repair && i < n; i++)
		r[i].valid = slot_valid(c, &r[i], qty);
	k = n ? frozen_prefix(r, n) : 0;
	if (c->repair)
		k = still_valid_prefix(r, n, k, qty);
	for (i = 0; i < n && rc == MES_OK; i++)
		rc = add_op_row(c, &r[i], job, qty, i < k);
	return rc;
}

/* A job's setup class: its item's family, and with allergens asked for,
 * "family|MILK,SESAME". */
static int job_class(struct sctx *c, const char *fam, long long item,
                     char out[48])
{
	char codes[160];
	int rc;

	if (!c->allergens) {
		str_copy(out, 48, fam);
		return MES_OK;
	}
	if ((rc = food_allergen_codes(c->db, item, codes, sizeof codes)) !=
	    MES_OK)
		return rc;
	snprintf(out, 48, "%.20s|%.26s", fam, codes);
	return MES_OK;
}

/* 1 when class a carries an allergen class b lacks. */
static int needs_clean(const char *a, const char *b)
{
	const char *pa = strchr(a, '|'), *pb = strchr(b, '|');
	char code[32], want[40], have[170];
	size_t n;

	if (!pa || !pb)
		return 0;
	snprintf(have, sizeof have, ",%s,", pb + 1);
	for (pa++; *pa; pa += n + (pa[n] == ',')) {
		n = strcspn(pa, ",");
		snprintf(code, sizeof code, "%.*s", (int)n, pa);
		snprintf(want, sizeof want, ",%s,", code);
		if (n && !strstr(have, want))
			return 1;
	}
	return 0;
}

/* The family setup between classes a and b at the work center. */
static long long family_setup(struct sctx *c, long long wc, const char *a,
                              const char *b)
{
	static const char sql[] = "SELECT setup_min FROM setup_matrix WHERE "
		"wc_id = ?1 AND from_family = ?2 AND to_family = ?3";
	sqlite3_stmt *st = db_stmt(c->db, sql);
	long long m = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, wc);
	sqlite3_bind_text(st, 2, a, (int)strcspn(a, "|"), SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b, (int)strcspn(b, "|"), SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		m = (long long)(sqlite3_column_double(st, 0) + 0.5);
	sqlite3_reset(st);
	return m;
}

/* With allergen classes, every work center's setups between them: the
 * family matrix's, plus a changeover clean where one is needed. */
static int allergen_setups(struct sctx *c)
{
	int k, a, b, j, rc = MES_OK;

	for (k = 0; k < c->nwcs && rc == MES_OK; k++)
		for (a = 0; a < c->nfam && rc == MES_OK; a++)
			for (b = 0; b < c->nfam && rc == MES_OK; b++) {
				long long m;

				if (a == b || !strchr(c->fam[a], '|') ||
				    !strchr(c->fam[b], '|'))
					continue;
				m = family_setup(c, c->wcs[k].wc_id, c->fam[a],
				                 c->fam[b]);
				if (needs_clean(c->fam[a], c->fam[b]))
					m += c->db->set.changeover_min;
				for (j = 0; j < c->wcs[k].count && rc == MES_OK;
				     j++)
					rc = mes_sched_setup_set(c->m,
					                         c->wcs[k].first + j,
					                         a, b, m);
			}
	return rc;
}

static int load_orders(struct sctx *c)
{
	static const char sql[] = "SELECT w.id, w.qty, w.release_date, "
		"w.due_date, w.priority, i.family, i.id FROM work_orders w JOIN "
		"items i"
		" ON i.id = w.item_id WHERE w.status IN ('released','running') "
		"AND EXISTS (SELECT 1 FROM wo_ops o WHERE o.wo_id = w.id AND "
		"o.status != 'complete') ORDER BY w.id";
	sqlite3_stmt *st;
	long long *ids = NULL;
	double *qtys = NULL;
	int n = 0, i, job, rc = MES_OK;
	char cls[48];

	if (!(st = db_stmt(c->db, sql)))
		return MES_ERR_DB;
	/* Orders first, then their operations: one statement at a time. */
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		long long rel = sched_to_min(c, col_text(st, 2));
		/* Due at the end of the due day. */
		long long due = sched_to_min(c, col_text(st, 3)) + 1440;
		double w = 10 - sqlite3_column_int(st, 4);
		void *p1 = realloc(ids, sizeof *ids * (size_t)(n + 1));
		void *p2 = realloc(qtys, sizeof *qtys * (size_t)(n + 1));

		if (p1) ids = p1;
		if (p2) qtys = p2;
		if (!p1 || !p2) {
			rc = MES_ERR_NOMEM;
			break;
		}
		ids[n] = sqlite3_column_int64(st, 0);
		qtys[n++] = sqlite3_column_double(st, 1);
		rc = job_class(c, col_text(st, 5), sqlite3_column_int64(st, 6),
		               cls);
		if (rc == MES_OK)
			rc = mes_sched_job_add(c->m, rel > 0 ? rel : 0, due, w,
			                       family(c, cls), &job);
	}
	sqlite3_reset(st);
	c->njobs = n;
	c->job_wo = ids;
	for (i = 0; i < n && rc == MES_OK; i++)
		rc = load_ops(c, ids[i], i, qtys[i]);
	free(qtys);
	return rc;
}

int sched_load(struct sctx *c)
{
	int rc = mes_sched_model_new(&c->m);

	if (rc == MES_OK)
		rc = load_machines(c);
	if (rc == MES_OK)
		rc = load_orders(c);
	if (rc == MES_OK && c->allergens)
		rc = allergen_setups(c);
	if (rc != MES_OK && c->m && rc != MES_ERR_NOMEM && rc != MES_ERR_DB)
		db_fail(c->db, rc, "building the schedule model: %s",
		        mes_sched_errmsg(c->m));
	return rc;
}

void sched_ctx_free(struct sctx *c)
{
	mes_sched_model_free(c->m);
	free(c->wcs);
	free(c->ops);
	free(c->job_wo);
	memset(c, 0, sizeof *c);
}
