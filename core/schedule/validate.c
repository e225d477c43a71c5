/*
 * The validator: checks a plan against the model as the caller stated it.
 *
 * It deliberately shares nothing with the solver (no flattened problem, no
 * decoding, its own calendar arithmetic), so that a bug in the solver's
 * view of the model cannot hide itself from this check.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sched_int.h"

struct vctx {
	const struct mes_sched_model *m;
	const struct mes_sched_plan *plan;
	int *kind;
	char *msg;
	size_t msglen;
	int *idx;                  /* position of each op in its routing */
	struct sched_iv **nw;      /* per machine: non-working time */
	int *nnw;
};

static int bad(struct vctx *v, int kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct vctx *v, int kind, const char *fmt, ...)
{
	va_list ap;

	if (v->kind)
		*v->kind = kind;
	if (v->msg && v->msglen) {
		va_start(ap, fmt);
		vsnprintf(v->msg, v->msglen, fmt, ap);
		va_end(ap);
	}
	return MES_ERR_STATE;
}

static int iv_cmp(const void *a, const void *b)
{
	const struct sched_iv *x = a, *y = b;

	return (x->s > y->s) - (x->s < y->s);
}

/* Non-working time of machine k, sorted and disjoint, in *out. */
static int nonworking(const struct mes_sched_model *m, int k,
                      struct sched_iv **out, int *nout)
{
	const struct sched_mmach *mm = &m->mach[k];
	int n = 0, i, cap = mm->off.n + mm->work.n + 2;
	struct sched_iv *v = malloc((size_t)cap * sizeof *v), *w = NULL;

	if (!v)
		return -1;
	for (i = 0; i < mm->off.n; i++)
		v[n++] = mm->off.v[i];
	if (mm->work.n) {
		long long covered = -SCHED_INF;

		w = malloc((size_t)mm->work.n * sizeof *w);
		if (!w) {
			free(v);
			return -1;
		}
		memcpy(w, mm->work.v, (size_t)mm->work.n * sizeof *w);
		qsort(w, (size_t)mm->work.n, sizeof *w, iv_cmp);
		for (i = 0; i < mm->work.n; i++) {
			if (w[i].s > covered) {
				v[n].s = covered;
				v[n++].e = w[i].s;
			}
			if (w[i].e > covered)
				covered = w[i].e;
		}
		v[n].s = covered;
		v[n++].e = SCHED_INF;
		free(w);
	}
	qsort(v, (size_t)n, sizeof *v, iv_cmp);
	*out = v;
	*nout = n;
	return 0;
}

/* Minutes of [s, e) that fall in non-working time (intervals may overlap). */
static long long idle_in(const struct sched_iv *v, int n, long long s,
                         long long e)
{
	long long idle = 0, reach = s;
	int i;

	for (i = 0; i < n && v[i].s < e; i++) {
		long long a = v[i].s > reach ? v[i].s : reach;
		long long b = v[i].e < e ? v[i].e : e;

		if (b > a) {
			idle += b - a;
			reach = b;
		}
	}
	return idle;
}

static int in_idle(const struct sched_iv *v, int n, long long t)
{
	int i;

	for (i = 0; i < n && v[i].s <= t; i++)
		if (t < v[i].e)
			return 1;
	return 0;
}

static long long alt_time(const struct sched_mop *op, int k)
{
	int a;

	for (a = 0; a < op->n_alt; a++)
		if (op->alt[a].machine == k)
			return op->alt[a].p;
	return -1;
}

static int check_calendar(struct vctx *v, int o, long long p)
{
	const struct sched_mop *op = &v->m->op[o];
	const struct mes_sched_plan *pl = &v->plan[o];
	const struct sched_iv *iv = v->nw[pl->machine];
	int n = v->nnw[pl->machine], rc = MES_OK;
	long long idle = idle_in(iv, n, pl->start, pl->end);

	if (op->split) {
		if (pl->end - pl->start - idle != p)
			rc = bad(v, MES_SCHED_V_DURATION,
			         "job %d op %d (id %d) works %lld minutes in "
			         "[%lld, %lld), needs %lld", op->job, v->idx[o],
			         o, pl->end - pl->start - idle, pl->start,
			         pl->end, p);
		else if (p > 0 && !op->frozen && in_idle(iv, n, pl->start))
			rc = bad(v, MES_SCHED_V_CALENDAR,
			         "job %d op %d (id %d) starts at %lld in "
			         "non-working time on machine %s", op->job,
			         v->idx[o], o, pl->start,
			         v->m->mach[pl->machine].name);
	} else if (idle > 0) {
		rc = bad(v, MES_SCHED_V_CALENDAR,
		         "job %d op %d (id %d) runs over non-working time on "
		         "machine %s in [%lld, %lld)", op->job, v->idx[o], o,
		         v->m->mach[pl->machine].name, pl->start, pl->end);
	}
	return rc;
}

/* Everything that concerns one operation alone. */
static int check_op(struct vctx *v, int o)
{
	const struct mes_sched_model *m = v->m;
	const struct sched_mop *op = &m->op[o];
	const struct mes_sched_plan *pl = &v->plan[o];
	long long p;

	if (pl->machine < 0 || pl->machine >= m->n_mach)
		return bad(v, MES_SCHED_V_MISSING,
		           "job %d op %d (id %d) has no valid machine (%d)",
		           op->job, v->idx[o], o, pl->machine);
	p = alt_time(op, pl->machine);
	if (p < 0)
		return bad(v, MES_SCHED_V_ELIGIBILITY,
		           "job %d op %d (id %d) is on machine %s, which is "
		           "not one of its machines", op->job, v->idx[o], o,
		           m->mach[pl->machine].name);
	if (op->frozen && (pl->machine != op->frz_machine ||
	                   pl->start != op->frz_start))
		return bad(v, MES_SCHED_V_FROZEN,
		           "job %d op %d (id %d) is frozen on machine %s at "
		           "%lld but planned on %s at %lld", op->job, v->idx[o],
		           o, m->mach[op->frz_machine].name, op->frz_start,
		           m->mach[pl->machine].name, pl->start);
	if (pl->end < pl->start || (!op->split && pl->end - pl->start != p))
		return bad(v, MES_SCHED_V_DURATION,
		           "job %d op %d (id %d) lasts %lld minutes on machine "
		           "%s, its time there is %lld", op->job, v->idx[o], o,
		           pl->end - pl->start, m->mach[pl->machine].name, p);
	if (!op->frozen && pl->start < m->job[op->job].release)
		return bad(v, MES_SCHED_V_RELEASE,
		           "job %d op %d (id %d) starts at %lld, before the "
		           "job's release at %lld", op->job, v->idx[o], o,
		           pl->start, m->job[op->job].release);
	if (op->frozen && !op->split)
		return MES_OK;     /* running work is where it is */
	return check_calendar(v, o, p);
}

static int check_routing(struct vctx *v)
{
	const struct mes_sched_model *m = v->m;
	int j, o;

	for (j = 0; j < m->n_job; j++) {
		int prev = -1;

		for (o = m->job[j].first; o >= 0; prev = o, o = m->op[o].next) {
			if (prev < 0 || v->plan[o].start >= v->plan[prev].end)
				continue;
			return bad(v, MES_SCHED_V_PRECEDENCE,
			           "job %d op %d (id %d) starts at %lld before "
			           "op %d (id %d) ends at %lld", j, v->idx[o], o,
			           v->plan[o].start, v->idx[prev], prev,
			           v->plan[prev].end);
		}
	}
	return MES_OK;
}

struct slot {
	long long s, e;
	int id;
};

static int by_start(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

static long long setup_of(const struct mes_sched_model *m, int k, int fa,
                          int fb)
{
	long long v = 0;
	int i;

	for (i = 0; i < m->n_setup; i++)
		if (m->setup[i].machine == k && m->setup[i].from == fa &&
		    m->setup[i].to == fb)
			v = m->setup[i].minutes;
	return v;
}

/* One op at a time on each machine, with the setup between them. */
static int check_machines(struct vctx *v, struct slot *ids)
{
	const struct mes_sched_model *m = v->m;
	int k, o, n, i;

	for (k = 0; k < m->n_mach; k++) {
		for (n = 0, o = 0; o < m->n_op; o++) {
			if (v->plan[o].machine != k)
				continue;
			ids[n].s = v->plan[o].start;
			ids[n].e = v->plan[o].end;
			ids[n++].id = o;
		}
		qsort(ids, (size_t)n, sizeof *ids, by_start);
		for (i = 1; i < n; i++) {
			int a = ids[i - 1].id, b = ids[i].id;
			int fa = m->job[m->op[a].job].family;
			int fb = m->job[m->op[b].job].family;
			long long su = m->n_setup ? setup_of(m, k, fa, fb) : 0;

			if (v->plan[a].end + su <= v->plan[b].start)
				continue;
			return bad(v, MES_SCHED_V_OVERLAP,
			           "machine %s: op id %d [%lld, %lld) and op id "
			           "%d [%lld, %lld) overlap%s", m->mach[k].name, a,
			           v->plan[a].start, v->plan[a].end, b,
			           v->plan[b].start, v->plan[b].end,
			           su ? " with the setup between them" : "");
		}
	}
	return MES_OK;
}

static void vctx_free(struct vctx *v)
{
	int k;

	for (k = 0; v->nw && k < v->m->n_mach; k++)
		free(v->nw[k]);
	free(v->nw);
	free(v->nnw);
	free(v->idx);
}

static int vctx_init(struct vctx *v)
{
	const struct mes_sched_model *m = v->m;
	int j, o, k;

	v->idx = malloc(((size_t)m->n_op + 1) * sizeof *v->idx);
	v->nw = calloc((size_t)m->n_mach + 1, sizeof *v->nw);
	v->nnw = calloc((size_t)m->n_mach + 1, sizeof *v->nnw);
	if (!v->idx || !v->nw || !v->nnw)
		return -1;
	for (k = 0; k < m->n_mach; k++)
		if (nonworking(m, k, &v->nw[k], &v->nnw[k]))
			return -1;
	for (j = 0; j < m->n_job; j++) {
		int i = 0;

		for (o = m->job[j].first; o >= 0; o = m->op[o].next)
			v->idx[o] = i++;
	}
	return 0;
}

int mes_sched_validate(const struct mes_sched_model *m,
                       const struct mes_sched_plan *plan, int n, int *kind,
                       char *msg, size_t msglen)
{
	struct vctx v;
	struct slot *ids;
	int o, rc = MES_OK;

	memset(&v, 0, sizeof v);
	v.m = m;
	v.plan = plan;
	v.kind = kind;
	v.msg = msg;
	v.msglen = msglen;
	if (kind)
		*kind = MES_SCHED_V_NONE;
	if (msg && msglen)
		msg[0] = 0;
	if (!plan || n != m->n_op)
		return bad(&v, MES_SCHED_V_MISSING,
		           "the plan has %d entries for %d operations", n,
		           m->n_op);
	ids = malloc(((size_t)m->n_op + 1) * sizeof *ids);
	if (!ids || vctx_init(&v)) {
		free(ids);
		vctx_free(&v);
		return MES_ERR_NOMEM;
	}
	for (o = 0; o < m->n_op && rc == MES_OK; o++)
		rc = check_op(&v, o);
	if (rc == MES_OK)
		rc = check_routing(&v);
	if (rc == MES_OK)
		rc = check_machines(&v, ids);
	free(ids);
	vctx_free(&v);
	return rc;
}

void mes_sched_evaluate(const struct mes_sched_model *m,
                        const struct mes_sched_plan *plan, long long *makespan,
                        double *tardiness, int *late_jobs)
{
	long long mk = 0;
	double twt = 0;
	int o, j, late = 0;

	for (o = 0; o < m->n_op; o++)
		if (plan[o].end > mk)
			mk = plan[o].end;
	for (j = 0; j < m->n_job; j++) {
		int l = m->job[j].last;

		if (l < 0 || m->job[j].due < 0 || plan[l].end <= m->job[j].due)
			continue;
		twt += m->job[j].weight * (double)(plan[l].end - m->job[j].due);
		late++;
	}
	if (makespan)
		*makespan = mk;
	if (tardiness)
		*tardiness = twt;
	if (late_jobs)
		*late_jobs = late;
}
