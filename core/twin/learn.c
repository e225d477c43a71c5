/*
 * What the plant's history says about how it runs: per work center the
 * time from a repair to the next stop and each stop's length (its
 * assets' downtime events), per routing operation and per work center
 * the ratio of actual to standard time and the share scrapped
 * (completed operations).  Figures with little history fall back as
 * twin.h says; nothing is invented where there is nothing to learn from.
 */
#include <stdlib.h>
#include <string.h>
#include "twin_int.h"

struct sample {
	long long key;
	double v;
};

struct bag {
	struct sample *s;
	int n, cap;
};

static int bag_add(struct bag *b, long long key, double v)
{
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 256;
		struct sample *s = realloc(b->s, sizeof *s * (size_t)cap);

		if (!s)
			return MES_ERR_NOMEM;
		b->s = s;
		b->cap = cap;
	}
	b->s[b->n].key = key;
	b->s[b->n++].v = v;
	return MES_OK;
}

static int cmp_sample(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

enum { B_TBF, B_TTR, B_WRATIO, B_WSCRAP, B_ORATIO, B_OSCRAP, B_COUNT };

struct learn {
	struct mes_db *db;
	struct mes_twin_model *m;
	struct bag bag[B_COUNT];
	size_t used;                 /* of m->pool */
};

/* The samples of key in bag b, copied into the pool and fitted. */
static void fit(struct learn *l, int b, long long key,
                enum mes_dist_kind form, struct mes_twin_fit *f)
{
	struct bag *g = &l->bag[b];
	int lo = 0, hi = g->n, i, n = 0;
	double *v = l->m->pool + l->used;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (g->s[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < g->n && g->s[i].key == key; i++)
		v[n++] = g->s[i].v;
	l->used += (size_t)n;
	mes_dist_fit(v, n, MES_TWIN_EMPIRICAL, form, &f->d);
	f->basis = f->d.kind == MES_DIST_NONE ? MES_TWIN_PLAN : MES_TWIN_OWN;
}

static int read_wcs(struct learn *l)
{
	static const char sql[] = "SELECT c.id, c.code, c.capacity, (SELECT "
		"ifnull(sum(s.end_min - s.start_min), 0) FROM wc_shifts s WHERE "
		"s.wc_id = c.id) / 60.0 FROM work_centers c WHERE c.active ORDER "
		"BY c.id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_list_begin(l->db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mes_twin_wc *w = realloc(l->m->wc, sizeof *w *
		                                (size_t)(l->m->n_wc + 1));

		if (!w) {
			sqlite3_reset(st);
			return MES_ERR_NOMEM;
		}
		l->m->wc = w;
		w = &w[l->m->n_wc++];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(st, 0);
		str_copy(w->code, sizeof w->code, col_text(st, 1));
		w->machines = sqlite3_column_int(st, 2);
		w->week_hours = sqlite3_column_double(st, 3);
	}
	return step_end(l->db, st, rc, "reading the work centers");
}

/* A stop's length, and the time from the stop before it ended (per
 * asset: a work center's machines fail apart). */
static int read_downtime(struct learn *l)
{
	static const char sql[] = "SELECT a.wc_id, (julianday(d.start_ts) - "
		"julianday(lag(d.end_ts) OVER w)) * 1440, (julianday(d.end_ts) - "
		"julianday(d.start_ts)) * 1440 FROM downtime_events d JOIN assets "
		"a ON a.id = d.asset_id WHERE a.wc_id IS NOT NULL AND d.end_ts IS "
		"NOT NULL WINDOW w AS (PARTITION BY d.asset_id ORDER BY "
		"d.start_ts)";
	sqlite3_stmt *st;
	int rc, err = MES_OK;

	if ((rc = db_list_begin(l->db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	while (err == MES_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long wc = sqlite3_column_int64(st, 0);
		double up = sqlite3_column_double(st, 1);
		double down = sqlite3_column_double(st, 2);

		l->m->downtime_events++;
		if (sqlite3_column_type(st, 1) != SQLITE_NULL && up > 0)
			err = bag_add(&l->bag[B_TBF], wc, up);
		if (err == MES_OK && down > 0)
			err = bag_add(&l->bag[B_TTR], wc, down);
	}
	if (err != MES_OK) {
		sqlite3_reset(st);
		return err;
	}
	return step_end(l->db, st, rc, "reading the downtime events");
}

/*
 * Completed operations: elapsed time less the pauses, over the standard
 * for what was made (setup plus run time for good and scrap).  Setup
 * and run are not booked apart, so one ratio covers both.
 */
static int read_ops(struct learn *l)
{
	static const char sql[] = "SELECT o.wc_id, ifnull(o.routing_op_id, 0),"
		" (julianday(o.actual_end) - julianday(o.actual_start)) * 1440 - "
		"ifnull(p.paused, 0), o.setup_min + o.run_min * (o.qty_good + "
		"o.qty_scrap), o.qty_good, o.qty_scrap FROM wo_ops o LEFT JOIN ("
		"SELECT wo_op_id, sum(gap) AS paused FROM (SELECT wo_op_id, kind, "
		"(julianday(lead(ts) OVER (PARTITION BY wo_op_id ORDER BY ts, id))"
		" - julianday(ts)) * 1440 AS gap FROM op_events) WHERE kind = "
		"'pause' AND gap > 0 GROUP BY wo_op_id) p ON p.wo_op_id = o.id "
		"WHERE o.status = 'complete' AND o.actual_start IS NOT NULL AND "
		"o.actual_end IS NOT NULL";
	sqlite3_stmt *st;
	int rc, err = MES_OK;

	if ((rc = db_list_begin(l->db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	while (err == MES_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long wc = sqlite3_column_int64(st, 0);
		long long rop = sqlite3_column_int64(st, 1);
		double actual = sqlite3_column_double(st, 2);
		double standard = sqlite3_column_double(st, 3);
		double good = sqlite3_column_double(st, 4);
		double scrap = sqlite3_column_double(st, 5);

		l->m->completed_ops++;
		/* A ratio beyond 20 is a booking left open, not a run time. */
		if (standard > 0 && actual > 0 && actual / standard <= 20) {
			err = bag_add(&l->bag[B_WRATIO], wc, actual / standard);
			if (err == MES_OK && rop)
				err = bag_add(&l->bag[B_ORATIO], rop, actual / standard);
		}
		if (err == MES_OK && good + scrap > 0) {
			err = bag_add(&l->bag[B_WSCRAP], wc, scrap / (good + scrap));
			if (err == MES_OK && rop)
				err = bag_add(&l->bag[B_OSCRAP], rop,
				              scrap / (good + scrap));
		}
	}
	if (err != MES_OK) {
		sqlite3_reset(st);
		return err;
	}
	return step_end(l->db, st, rc, "reading the completed operations");
}

static const struct mes_twin_wc *wc_of(const struct mes_twin_model *m,
                                       long long id)
{
	int i;

	for (i = 0; i < m->n_wc; i++)
		if (m->wc[i].id == id)
			return &m->wc[i];
	return NULL;
}

/* Too little of its own: its work center's, else the plan's. */
static void fall_back(struct mes_twin_fit *f, const struct mes_twin_fit *wc)
{
	if (f->d.n >= 3)
		return;
	if (wc && wc->basis == MES_TWIN_OWN) {
		int n = f->d.n;

		*f = *wc;
		f->basis = MES_TWIN_POOLED;
		f->d.n = n;
		return;
	}
	f->d.kind = MES_DIST_NONE;
	f->basis = MES_TWIN_PLAN;
}

static int read_routing(struct learn *l)
{
	static const char sql[] = "SELECT r.id, i.item_no, r.seq, r.wc_id, "
		"ifnull(c.code, '') FROM routing_ops r JOIN items i ON i.id = "
		"r.item_id LEFT JOIN work_centers c ON c.id = r.wc_id ORDER BY "
		"i.item_no, r.seq";
	struct mes_twin_model *m = l->m;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_list_begin(l->db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct mes_twin_wc *w = wc_of(m, sqlite3_column_int64(st, 3));
		struct mes_twin_op *o = realloc(m->op, sizeof *o *
		                                (size_t)(m->n_op + 1));

		if (!o) {
			sqlite3_reset(st);
			return MES_ERR_NOMEM;
		}
		m->op = o;
		o = &o[m->n_op++];
		memset(o, 0, sizeof *o);
		o->routing_op_id = sqlite3_column_int64(st, 0);
		str_copy(o->item_no, sizeof o->item_no, col_text(st, 1));
		o->seq = sqlite3_column_int(st, 2);
		str_copy(o->wc, sizeof o->wc, col_text(st, 4));
		fit(l, B_ORATIO, o->routing_op_id, MES_DIST_LOGNORMAL, &o->ratio);
		fit(l, B_OSCRAP, o->routing_op_id, MES_DIST_CONST, &o->scrap);
		fall_back(&o->ratio, w ? &w->ratio : NULL);
		fall_back(&o->scrap, w ? &w->scrap : NULL);
	}
	return step_end(l->db, st, rc, "reading the routings");
}

static int cmp_op(const void *a, const void *b)
{
	const struct mes_twin_op *x = a, *y = b;

	return (x->routing_op_id > y->routing_op_id) -
	       (x->routing_op_id < y->routing_op_id);
}

const struct mes_twin_op *mes_twin_op_find(const struct mes_twin_model *m,
                                           long long routing_op_id)
{
	struct mes_twin_op key;

	if (!m || !m->n_op)
		return NULL;
	key.routing_op_id = routing_op_id;
	return bsearch(&key, m->op, (size_t)m->n_op, sizeof key, cmp_op);
}

static int learn_all(struct learn *l)
{
	size_t total = 0;
	int rc, b, i;

	if ((rc = read_wcs(l)) != MES_OK || (rc = read_downtime(l)) != MES_OK ||
	    (rc = read_ops(l)) != MES_OK)
		return rc;
	for (b = 0; b < B_COUNT; b++) {
		if (l->bag[b].n)
			qsort(l->bag[b].s, (size_t)l->bag[b].n, sizeof *l->bag[b].s,
			      cmp_sample);
		total += (size_t)l->bag[b].n;
	}
	if (!(l->m->pool = malloc((total + 1) * sizeof *l->m->pool)))
		return MES_ERR_NOMEM;
	for (i = 0; i < l->m->n_wc; i++) {
		struct mes_twin_wc *w = &l->m->wc[i];

		fit(l, B_TBF, w->id, MES_DIST_EXP, &w->tbf);
		fit(l, B_TTR, w->id, MES_DIST_LOGNORMAL, &w->ttr);
		fit(l, B_WRATIO, w->id, MES_DIST_LOGNORMAL, &w->ratio);
		fit(l, B_WSCRAP, w->id, MES_DIST_CONST, &w->scrap);
	}
	if ((rc = read_routing(l)) != MES_OK)
		return rc;
	if (l->m->n_op)
		qsort(l->m->op, (size_t)l->m->n_op, sizeof *l->m->op, cmp_op);
	return MES_OK;
}

int mes_twin_learn(struct mes_db *db, struct mes_twin_model **out)
{
	struct learn l;
	int rc, b;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	*out = NULL;
	memset(&l, 0, sizeof l);
	l.db = db;
	if (!(l.m = calloc(1, sizeof *l.m)))
		return MES_ERR_NOMEM;
	if ((rc = mes_db_read_begin(db)) == MES_OK) {
		rc = learn_all(&l);
		mes_db_read_end(db);
	}
	for (b = 0; b < B_COUNT; b++)
		free(l.bag[b].s);
	if (rc != MES_OK) {
		mes_twin_model_free(l.m);
		return rc == MES_ERR_NOMEM ? db_fail(db, rc, "out of memory "
		       "learning from the history") : rc;
	}
	*out = l.m;
	return MES_OK;
}

void mes_twin_model_free(struct mes_twin_model *m)
{
	if (!m)
		return;
	free(m->wc);
	free(m->op);
	free(m->pool);
	free(m);
}
