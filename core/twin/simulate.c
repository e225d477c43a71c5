/*
 * The current plan simulated from now under the learned figures: the
 * plant read as the scheduler reads it, the plan turned into each
 * machine's queue, the engine (schedule/sim.c) run, and the figures
 * kept for the board when asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "twin_int.h"

struct tw {
	struct mes_db *db;
	const struct mes_twin_opts *o;
	struct sctx c;
	struct mes_twin_model *learned;
	struct mes_sched_plan *plan;         /* by model op */
	const struct mes_dist **ratio, **scrap, **tbf, **ttr;
	long long *setup;                    /* by model op */
	int n_ops;                           /* in the model */
	long long until;
	struct mes_twin_report *r;
};

void mes_twin_opts_default(struct mes_twin_opts *o)
{
	memset(o, 0, sizeof *o);
	o->runs = 1000;
	o->seed = 1;
	/* Past the scheduler's 28 days: a plan that overruns in a run still
	 * finds working time. */
	o->horizon_days = 90;
}

void mes_twin_time(const struct mes_twin_report *r, long long min,
                   char out[32])
{
	time_t t = r->origin + (time_t)min * 60;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%MZ", &tm);
}

static const struct mes_twin_wc *learned_wc(const struct tw *t, long long id)
{
	int i;

	for (i = 0; t->learned && i < t->learned->n_wc; i++)
		if (t->learned->wc[i].id == id)
			return &t->learned->wc[i];
	return NULL;
}

static const struct mes_dist *use(const struct mes_twin_fit *f)
{
	return f && f->basis != MES_TWIN_PLAN ? &f->d : NULL;
}

struct queued {
	long long start;
	int i;                               /* into c.ops */
};

static int cmp_queued(const void *a, const void *b)
{
	const struct queued *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * The plan names a work center; a center of capacity n is n machines in
 * the model.  Each operation goes to the machine that is free at its
 * planned start and was busiest until then (the plan had n at once),
 * else the one free soonest.  Never-planned work queues last.
 */
static void assign(struct tw *t, const struct wcmap *w, struct queued *q,
                   long long *mend)
{
	struct sctx *c = &t->c;
	int i, k, n = 0;

	for (k = 0; k < w->count; k++)
		mend[k] = 0;
	for (i = 0; i < c->nfrz; i++) {
		k = c->frz[i].machine - w->first;
		if (k >= 0 && k < w->count && c->frz[i].end > mend[k])
			mend[k] = c->frz[i].end;
	}
	for (i = 0; i < c->nops; i++) {
		if (c->ops[i].frozen || c->ops[i].wc_id != w->wc_id)
			continue;
		q[n].i = i;
		q[n++].start = c->ops[i].old_start >= 0 ? c->ops[i].old_start :
		               (1LL << 50) + i;
		t->r->unplanned += c->ops[i].old_start < 0;
	}
	qsort(q, (size_t)n, sizeof *q, cmp_queued);
	for (i = 0; i < n; i++) {
		const struct sop *op = &c->ops[q[i].i];
		int best = -1, soonest = 0;

		for (k = 0; k < w->count; k++) {
			if (mend[k] <= q[i].start && (best < 0 || mend[k] > mend[best]))
				best = k;
			if (mend[k] < mend[soonest])
				soonest = k;
		}
		if (best < 0)
			best = soonest;
		t->plan[op->model_op].machine = w->first + best;
		t->plan[op->model_op].start = q[i].start;
		mend[best] = op->old_end > q[i].start ? op->old_end : q[i].start;
	}
}

/* The plan and what varies, by model op and machine. */
static int build(struct tw *t)
{
	struct sctx *c = &t->c;
	struct queued *q = malloc(((size_t)c->nops + 1) * sizeof *q);
	long long *mend = malloc(((size_t)c->nmachines + 1) * sizeof *mend);
	int jobs, mach, i, k, j;

	mes_sched_model_size(c->m, &jobs, &mach, &t->n_ops);
	t->plan = calloc((size_t)t->n_ops + 1, sizeof *t->plan);
	t->ratio = calloc((size_t)t->n_ops + 1, sizeof *t->ratio);
	t->scrap = calloc((size_t)t->n_ops + 1, sizeof *t->scrap);
	t->tbf = calloc((size_t)mach + 1, sizeof *t->tbf);
	t->ttr = calloc((size_t)mach + 1, sizeof *t->ttr);
	t->setup = calloc((size_t)t->n_ops + 1, sizeof *t->setup);
	if (!q || !mend || !t->plan || !t->ratio || !t->scrap || !t->tbf ||
	    !t->ttr || !t->setup) {
		free(q);
		free(mend);
		return MES_ERR_NOMEM;
	}
	for (i = 0; i < t->n_ops; i++)
		t->plan[i].machine = -1;
	for (k = 0; k < c->nwcs; k++) {
		const struct mes_twin_wc *lw = learned_wc(t, c->wcs[k].wc_id);

		assign(t, &c->wcs[k], q, mend);
		for (j = 0; lw && j < c->wcs[k].count; j++) {
			t->tbf[c->wcs[k].first + j] = use(&lw->tbf);
			t->ttr[c->wcs[k].first + j] = use(&lw->ttr);
		}
	}
	for (i = 0; i < c->nops; i++)
		t->setup[c->ops[i].model_op] = c->ops[i].setup;
	for (i = 0; t->learned && i < c->nops; i++) {
		const struct sop *op = &c->ops[i];
		const struct mes_twin_op *lo = op->routing_op_id ?
		        mes_twin_op_find(t->learned, op->routing_op_id) : NULL;
		const struct mes_twin_wc *lw = learned_wc(t, op->wc_id);

		t->ratio[op->model_op] = lo ? use(&lo->ratio) :
		                         lw ? use(&lw->ratio) : NULL;
		t->scrap[op->model_op] = lo ? use(&lo->scrap) :
		                         lw ? use(&lw->scrap) : NULL;
	}
	free(q);
	free(mend);
	return MES_OK;
}

static int read_names(struct tw *t)
{
	static const char ord[] = "SELECT wo_no, due_date FROM work_orders "
		"WHERE id = ?";
	static const char wcs[] = "SELECT code FROM work_centers WHERE id = ?";
	struct mes_twin_report *r = t->r;
	sqlite3_stmt *st;
	int i;

	r->n_orders = t->c.njobs;
	r->n_wc = t->c.nwcs;
	r->order = calloc((size_t)r->n_orders + 1, sizeof *r->order);
	r->wc = calloc((size_t)r->n_wc + 1, sizeof *r->wc);
	if (!r->order || !r->wc)
		return MES_ERR_NOMEM;
	for (i = 0; i < r->n_orders; i++) {
		if (!(st = db_stmt(t->db, ord)))
			return MES_ERR_DB;
		r->order[i].wo_id = t->c.job_wo[i];
		sqlite3_bind_int64(st, 1, r->order[i].wo_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			str_copy(r->order[i].wo_no, sizeof r->order[i].wo_no,
			         col_text(st, 0));
			str_copy(r->order[i].due, sizeof r->order[i].due,
			         col_text(st, 1));
			/* Due at the end of the day, as the scheduler plans. */
			r->order[i].due_min = sched_to_min(&t->c, col_text(st, 1)) +
			                      1440;
		}
		sqlite3_reset(st);
	}
	for (i = 0; i < r->n_wc; i++) {
		if (!(st = db_stmt(t->db, wcs)))
			return MES_ERR_DB;
		r->wc[i].id = t->c.wcs[i].wc_id;
		sqlite3_bind_int64(st, 1, r->wc[i].id);
		if (sqlite3_step(st) == SQLITE_ROW)
			str_copy(r->wc[i].code, sizeof r->wc[i].code, col_text(st, 0));
		sqlite3_reset(st);
	}
	return MES_OK;
}

static int snapshot(struct tw *t)
{
	int rc = mes_db_read_begin(t->db);

	if (rc != MES_OK)
		return rc;
	rc = sched_load(&t->c);
	if (rc == MES_OK)
		rc = read_names(t);
	mes_db_read_end(t->db);
	return rc;
}

static void summarise(struct tw *t, struct mes_sim_result *s)
{
	struct mes_twin_report *r = t->r;
	int i, k;

	r->res = s;
	r->runs = s->runs;
	r->moved = s->moved;
	r->mean_on_time = s->mean_on_time;
	r->late_expected = s->late_expected;
	r->makespan_p50 = s->makespan_p50;
	r->sim_ms = s->elapsed_ms;
	for (i = 0; i < r->n_orders; i++) {
		r->order[i].on_time = s->job[i].on_time;
		r->order[i].p10 = s->job[i].p10;
		r->order[i].p50 = s->job[i].p50;
		r->order[i].p90 = s->job[i].p90;
		r->order[i].mean_tardiness_min = s->job[i].mean_tardiness;
		r->order[i].ends = s->ends + i;
	}
	for (i = 0; i < r->n_wc; i++) {
		const struct wcmap *w = &t->c.wcs[i];

		for (k = 0; k < w->count; k++) {
			r->wc[i].util += s->mach[w->first + k].util / w->count;
			r->wc[i].queue += s->mach[w->first + k].queue;
			r->wc[i].bottleneck += s->mach[w->first + k].bottleneck;
		}
	}
}

static void bind_min(struct tw *t, sqlite3_stmt *st, int i, long long min)
{
	char iso[32];

	if (min == MES_SIM_UNFINISHED) {
		sqlite3_bind_null(st, i);
		return;
	}
	sched_from_min(&t->c, min, iso);
	sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

static int store_rows(struct tw *t, long long id)
{
	static const char ord[] = "INSERT INTO twin_orders (sim_id, wo_id, "
		"on_time, p50_ts, p90_ts) VALUES (?, ?, ?, ?, ?)";
	static const char wcs[] = "INSERT INTO twin_wcs (sim_id, wc_id, "
		"utilisation, queue, bottleneck) VALUES (?, ?, ?, ?, ?)";
	const struct mes_twin_report *r = t->r;
	sqlite3_stmt *st;
	int i, rc = MES_OK;

	for (i = 0; rc == MES_OK && i < r->n_orders; i++) {
		if (!(st = db_stmt(t->db, ord)))
			return MES_ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, r->order[i].wo_id);
		sqlite3_bind_double(st, 3, r->order[i].on_time);
		bind_min(t, st, 4, r->order[i].p50);
		bind_min(t, st, 5, r->order[i].p90);
		rc = step_done(t->db, st, "keeping an order's figures");
	}
	for (i = 0; rc == MES_OK && i < r->n_wc; i++) {
		if (!(st = db_stmt(t->db, wcs)))
			return MES_ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, r->wc[i].id);
		sqlite3_bind_double(st, 3, r->wc[i].util);
		sqlite3_bind_double(st, 4, r->wc[i].queue);
		sqlite3_bind_double(st, 5, r->wc[i].bottleneck);
		rc = step_done(t->db, st, "keeping a work center's figures");
	}
	return rc;
}

static int store(struct tw *t)
{
	static const char sql[] = "INSERT INTO twin_sims (ts, user_id, runs, "
		"seed, origin_ts, until_ts, orders, mean_on_time, late_expected, "
		"makespan_p50_ts, varied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct mes_twin_report *r = t->r;
	struct mes_json j;
	sqlite3_stmt *st;
	char key[24], origin[32];
	int rc;

	if ((rc = tx_begin(t->db, PERM_PLAN, "twin.simulate")) != MES_OK)
		return rc;
	if (!(st = db_stmt(t->db, sql)))
		return tx_end(t->db, MES_ERR_DB);
	bind_now(st, 1);
	sqlite3_bind_int64(st, 2, t->db->sess.user_id);
	sqlite3_bind_int(st, 3, r->runs);
	sqlite3_bind_int64(st, 4, (long long)t->o->seed);
	sched_from_min(&t->c, 0, origin);
	sqlite3_bind_text(st, 5, origin, -1, SQLITE_TRANSIENT);
	if (t->until > 0)
		bind_min(t, st, 6, t->until);
	sqlite3_bind_int(st, 7, r->n_orders);
	sqlite3_bind_double(st, 8, r->mean_on_time);
	sqlite3_bind_double(st, 9, r->late_expected);
	bind_min(t, st, 10, r->makespan_p50);
	sqlite3_bind_int(st, 11, !t->o->fixed);
	if ((rc = step_done(t->db, st, "keeping the simulation")) != MES_OK)
		return tx_end(t->db, rc);
	r->sim_id = sqlite3_last_insert_rowid(t->db->h);
	if ((rc = store_rows(t, r->sim_id)) != MES_OK)
		return tx_end(t->db, rc);
	snprintf(key, sizeof key, "%lld", r->sim_id);
	mes_json_init(&j);
	mes_json_int(&j, "runs", r->runs);
	mes_json_int(&j, "seed", (long long)t->o->seed);
	mes_json_int(&j, "orders", r->n_orders);
	mes_json_num(&j, "mean_on_time", r->mean_on_time);
	mes_json_num(&j, "late_expected", r->late_expected);
	mes_json_int(&j, "varied", !t->o->fixed);
	rc = audit_append(t->db, "twin.simulate", "twin_sims", key, "",
	                  mes_json_done(&j), "");
	mes_json_free(&j);
	rc = tx_end(t->db, rc);
	if (rc != MES_OK)
		r->sim_id = 0;
	return rc;
}

static int run(struct tw *t)
{
	struct mes_sim_params p;
	struct mes_sim_var var;
	struct mes_sim_result *s = NULL;
	int rc;

	if ((rc = snapshot(t)) != MES_OK)
		return rc;
	/* Nothing to run, and nothing worth keeping for the board. */
	if (!t->c.njobs) {
		t->r->mean_on_time = 1;
		return MES_OK;
	}
	if ((rc = build(t)) != MES_OK)
		return rc;
	t->r->ops = t->c.nops;
	t->r->frozen = t->c.frozen;
	mes_sim_params_default(&p);
	p.runs = t->o->fixed ? 1 : t->o->runs;
	p.seed = t->o->seed;
	p.until = t->until;
	var = (struct mes_sim_var){ t->ratio, t->scrap, t->tbf, t->ttr,
	                            t->setup };
	rc = mes_sched_simulate(t->c.m, t->plan, t->n_ops, &var, &p, &s);
	if (rc != MES_OK)
		return db_fail(t->db, rc, "simulating the plan: %s (run mesctl "
		               "schedule for a plan of the orders as they are)",
		               mes_sched_errmsg(t->c.m));
	summarise(t, s);
	return t->o->store ? store(t) : MES_OK;
}

static int check_opts(struct tw *t)
{
	const struct mes_twin_opts *o = t->o;

	if (o->runs < 1 || o->runs > 1000000)
		return db_fail(t->db, MES_ERR_RANGE, "runs are 1 to 1000000, not "
		               "%d", o->runs);
	if (o->until) {
		if (!mes_valid_datetime(o->until))
			return db_fail(t->db, MES_ERR_ARG, "until is a time "
			               "YYYY-MM-DDTHH:MM in UTC, not \"%s\"", o->until);
		t->until = sched_to_min(&t->c, o->until);
		if (t->until <= 0)
			return db_fail(t->db, MES_ERR_RANGE, "until (%s) is not in "
			               "the future", o->until);
	}
	return MES_OK;
}

int mes_twin_simulate(struct mes_db *db, const struct mes_twin_opts *o,
                      struct mes_twin_report **out)
{
	struct tw t;
	int rc;

	if (!db || !db->h || !o || !out)
		return db_badarg(db, __func__);
	*out = NULL;
	memset(&t, 0, sizeof t);
	t.db = db;
	t.o = o;
	t.c.db = db;
	t.c.origin = time(NULL) / 60 * 60;
	t.c.horizon_days = o->horizon_days > 0 ? o->horizon_days : 90;
	if ((rc = check_opts(&t)) != MES_OK)
		return rc;
	/* Refused before the work, not after it, when the figures cannot
	 * be kept. */
	if (o->store && (rc = perm_check(db, PERM_PLAN, "twin.simulate")) !=
	    MES_OK)
		return rc;
	if (!(t.r = calloc(1, sizeof *t.r)))
		return db_fail(db, MES_ERR_NOMEM, "out of memory");
	t.r->origin = t.c.origin;
	if (!o->fixed)
		rc = mes_twin_learn(db, &t.learned);
	if (rc == MES_OK)
		rc = run(&t);
	if (rc == MES_ERR_NOMEM)
		db_fail(db, rc, "out of memory simulating the plan");
	if (rc != MES_OK) {
		mes_twin_report_free(t.r);
		t.r = NULL;
	}
	*out = t.r;
	mes_twin_model_free(t.learned);
	free(t.plan);
	free(t.ratio);
	free(t.scrap);
	free(t.tbf);
	free(t.ttr);
	free(t.setup);
	sched_ctx_free(&t.c);
	return rc;
}

void mes_twin_report_free(struct mes_twin_report *r)
{
	if (!r)
		return;
	mes_sim_result_free(r->res);
	free(r->order);
	free(r->wc);
	free(r);
}
