/* The scheduling model as the caller builds it, and the solve entry point. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sched_int.h"

int sched_fail(struct mes_sched_model *m, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof m->err, fmt, ap);
	va_end(ap);
	return rc;
}

/* Grows *arr (elements of size sz) so that index n fits. */
static int grow(void **arr, int *cap, int n, size_t sz)
{
	void *p;
	int nc;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 8;
	while (nc <= n)
		nc *= 2;
	p = realloc(*arr, (size_t)nc * sz);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

static int sched_ivs_push(struct sched_ivs *iv, long long s, long long e)
{
	if (grow((void **)&iv->v, &iv->cap, iv->n, sizeof *iv->v))
		return MES_ERR_NOMEM;
	iv->v[iv->n].s = s;
	iv->v[iv->n].e = e;
	iv->n++;
	return MES_OK;
}

int mes_sched_model_new(struct mes_sched_model **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? MES_OK : MES_ERR_NOMEM;
}

void mes_sched_model_free(struct mes_sched_model *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->n_mach; i++) {
		free(m->mach[i].work.v);
		free(m->mach[i].off.v);
	}
	for (i = 0; i < m->n_op; i++)
		free(m->op[i].alt);
	free(m->mach);
	free(m->job);
	free(m->op);
	free(m->setup);
	free(m);
}

const char *mes_sched_errmsg(const struct mes_sched_model *m)
{
	return m ? m->err : "no model";
}

void mes_sched_model_size(const struct mes_sched_model *m, int *jobs,
                          int *machines, int *ops)
{
	if (jobs)
		*jobs = m->n_job;
	if (machines)
		*machines = m->n_mach;
	if (ops)
		*ops = m->n_op;
}

int mes_sched_machine_add(struct mes_sched_model *m, const char *name,
                          int *id)
{
	struct sched_mmach *k;

	if (grow((void **)&m->mach, &m->cap_mach, m->n_mach, sizeof *m->mach))
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	k = &m->mach[m->n_mach];
	memset(k, 0, sizeof *k);
	if (name)
		snprintf(k->name, sizeof k->name, "%s", name);
	else
		snprintf(k->name, sizeof k->name, "%d", m->n_mach);
	if (id)
		*id = m->n_mach;
	m->n_mach++;
	return MES_OK;
}

static int check_iv(struct mes_sched_model *m, int machine, long long s,
                    long long e)
{
	if (machine < 0 || machine >= m->n_mach)
		return sched_fail(m, MES_ERR_ARG, "no machine %d", machine);
	if (e < s || s <= -SCHED_INF || e >= SCHED_INF)
		return sched_fail(m, MES_ERR_RANGE,
		                  "interval [%lld, %lld) is not valid", s, e);
	return MES_OK;
}

int mes_sched_machine_add_work(struct mes_sched_model *m, int machine,
                               long long start, long long end)
{
	int rc = check_iv(m, machine, start, end);

	if (rc)
		return rc;
	if (sched_ivs_push(&m->mach[machine].work, start, end))
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	return MES_OK;
}

int mes_sched_machine_add_off(struct mes_sched_model *m, int machine,
                              long long start, long long end)
{
	int rc = check_iv(m, machine, start, end);

	if (rc)
		return rc;
	if (sched_ivs_push(&m->mach[machine].off, start, end))
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	return MES_OK;
}

/* Families index a dense matrix per machine, so they must stay small. */
#define SCHED_MAX_FAMILY 256

int mes_sched_setup_set(struct mes_sched_model *m, int machine, int from,
                        int to, long long minutes)
{
	struct sched_setup *s;

	if (machine < 0 || machine >= m->n_mach)
		return sched_fail(m, MES_ERR_ARG, "no machine %d", machine);
	if (from < 0 || to < 0 || from >= SCHED_MAX_FAMILY ||
	    to >= SCHED_MAX_FAMILY)
		return sched_fail(m, MES_ERR_RANGE,
		                  "family out of range 0..%d",
		                  SCHED_MAX_FAMILY - 1);
	if (minutes < 0 || minutes >= SCHED_INF)
		return sched_fail(m, MES_ERR_RANGE, "negative setup time %lld",
		                  minutes);
	if (grow((void **)&m->setup, &m->cap_setup, m->n_setup,
	         sizeof *m->setup))
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	s = &m->setup[m->n_setup++];
	s->machine = machine;
	s->from = from;
	s->to = to;
	s->minutes = minutes;
	return MES_OK;
}

int mes_sched_job_add(struct mes_sched_model *m, long long release,
                      long long due, double weight, int family, int *id)
{
	struct sched_mjob *j;

	if (!(weight >= 0) || family < 0 || family >= SCHED_MAX_FAMILY)
		return sched_fail(m, MES_ERR_RANGE,
		                  "job weight must be >= 0 and family 0..%d",
		                  SCHED_MAX_FAMILY - 1);
	if (release <= -SCHED_INF || release >= SCHED_INF || due >= SCHED_INF)
		return sched_fail(m, MES_ERR_RANGE, "release/due out of range");
	if (grow((void **)&m->job, &m->cap_job, m->n_job, sizeof *m->job))
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	j = &m->job[m->n_job];
	memset(j, 0, sizeof *j);
	j->release = release;
	j->due = due;
	j->weight = weight;
	j->family = family;
	j->first = j->last = -1;
	if (id)
		*id = m->n_job;
	m->n_job++;
	return MES_OK;
}

int mes_sched_op_add(struct mes_sched_model *m, int job, int *id)
{
	struct sched_mop *o;
	struct sched_mjob *j;

	if (job < 0 || job >= m->n_job)
		return sched_fail(m, MES_ERR_ARG, "no job %d", job);
	if (grow((void **)&m->op, &m->cap_op, m->n_op, sizeof *m->op))
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	o = &m->op[m->n_op];
	memset(o, 0, sizeof *o);
	o->job = job;
	o->next = -1;
	o->frz_machine = -1;
	o->hint_machine = -1;
	j = &m->job[job];
	if (j->last >= 0)
		m->op[j->last].next = m->n_op;
	else
		j->first = m->n_op;
	j->last = m->n_op;
	j->n_ops++;
	if (id)
		*id = m->n_op;
	m->n_op++;
	return MES_OK;
}

static int check_op(struct mes_sched_model *m, int op)
{
	if (op < 0 || op >= m->n_op)
		return sched_fail(m, MES_ERR_ARG, "no operation %d", op);
	return MES_OK;
}

int mes_sched_op_alt(struct mes_sched_model *m, int op, int machine,
                     long long minutes)
{
	struct sched_mop *o;
	int i;

	if (check_op(m, op))
		return MES_ERR_ARG;
	if (machine < 0 || machine >= m->n_mach)
		return sched_fail(m, MES_ERR_ARG, "no machine %d", machine);
	if (minutes < 0 || minutes >= SCHED_INF / 1024)
		return sched_fail(m, MES_ERR_RANGE,
		                  "processing time %lld out of range", minutes);
	o = &m->op[op];
	for (i = 0; i < o->n_alt; i++)
		if (o->alt[i].machine == machine)
			return sched_fail(m, MES_ERR_EXISTS,
			                  "operation %d already has machine %d",
			                  op, machine);
	if (grow((void **)&o->alt, &o->cap_alt, o->n_alt, sizeof *o->alt))
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	o->alt[o->n_alt].machine = machine;
	o->alt[o->n_alt].p = minutes;
	o->n_alt++;
	return MES_OK;
}

int mes_sched_op_set_split(struct mes_sched_model *m, int op, int split)
{
	if (check_op(m, op))
		return MES_ERR_ARG;
	m->op[op].split = split != 0;
	return MES_OK;
}

int mes_sched_op_freeze(struct mes_sched_model *m, int op, int machine,
                        long long start)
{
	if (check_op(m, op))
		return MES_ERR_ARG;
	if (machine < 0 || machine >= m->n_mach)
		return sched_fail(m, MES_ERR_ARG, "no machine %d", machine);
	if (start <= -SCHED_INF || start >= SCHED_INF)
		return sched_fail(m, MES_ERR_RANGE, "start out of range");
	m->op[op].frozen = 1;
	m->op[op].frz_machine = machine;
	m->op[op].frz_start = start;
	return MES_OK;
}

int mes_sched_op_hint(struct mes_sched_model *m, int op, int machine,
                      long long start)
{
	if (check_op(m, op))
		return MES_ERR_ARG;
	if (machine < 0 || machine >= m->n_mach)
		return sched_fail(m, MES_ERR_ARG, "no machine %d", machine);
	m->op[op].hint_machine = machine;
	m->op[op].hint_start = start;
	return MES_OK;
}

/* ---- solving ------------------------------------------------------------ */

void mes_sched_params_default(struct mes_sched_params *p)
{
	memset(p, 0, sizeof *p);
	p->objective = MES_SCHED_MAKESPAN;
	p->rule = MES_SCHED_RULE_MWKR;
	p->time_limit_ms = 10000;
	p->seed = 1;
}

double sched_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void sched_report(const struct sched_search *ctl, const struct ss *s,
                  long long iter, int *stop)
{
	struct mes_sched_progress pr;

	if (!ctl->par->progress)
		return;
	pr.iteration = iter;
	pr.elapsed_ms = sched_now_ms() - ctl->t0_ms;
	pr.makespan = s->makespan;
	pr.tardiness = s->twt;
	pr.late_jobs = s->late;
	if (ctl->par->progress(&pr, ctl->par->progress_ctx) && stop)
		*stop = 1;
}

static int fill_result(const struct sp *sp, const struct ss *s,
                       struct mes_sched_result **out)
{
	struct mes_sched_result *r = calloc(1, sizeof *r);
	int o;

	if (!r)
		return MES_ERR_NOMEM;
	r->n_ops = sp->n;
	r->ops = calloc((size_t)(sp->n ? sp->n : 1), sizeof *r->ops);
	if (!r->ops) {
		free(r);
		return MES_ERR_NOMEM;
	}
	for (o = 0; o < sp->n; o++) {
		r->ops[o].machine = s->mach[o];
		r->ops[o].start = s->start[o];
		r->ops[o].end = s->end[o];
	}
	r->makespan = s->makespan;
	r->tardiness = s->twt;
	r->late_jobs = s->late;
	*out = r;
	return MES_OK;
}

int mes_sched_solve(struct mes_sched_model *m,
                    const struct mes_sched_params *p,
                    struct mes_sched_result **out)
{
	struct mes_sched_params defaults;
	struct sched_search ctl;
	struct sp sp;
	struct ss s;
	double t_first;
	int rc, stop = 0;

	*out = NULL;
	if (!p) {
		mes_sched_params_default(&defaults);
		p = &defaults;
	}
	memset(&ctl, 0, sizeof ctl);
	ctl.par = p;
	ctl.t0_ms = sched_now_ms();
	rc = sched_sp_build(&sp, m);
	if (rc)
		return rc;
	if (sched_ss_alloc(&s, &sp)) {
		sched_sp_free(&sp);
		return sched_fail(m, MES_ERR_NOMEM, "out of memory");
	}
	rc = sp.n_hint ? sched_from_hints(&sp, &s) : -1;
	if (rc)
		rc = sched_construct(&sp, &s, p->rule);
	if (rc) {
		rc = sched_fail(m, rc, "%s", rc == MES_ERR_RANGE ?
		                "an operation finds no working time left on "
		                "any of its machines" : "construction failed");
		goto done;
	}
	t_first = sched_now_ms() - ctl.t0_ms;
	sched_report(&ctl, &s, 0, &stop);
	if (!stop && (p->time_limit_ms > 0 || p->iteration_limit > 0)) {
		rc = sched_improve(&sp, &s, &ctl);
		if (rc) {
			sched_fail(m, rc, "search failed: out of memory");
			goto done;
		}
	}
	rc = fill_result(&sp, &s, out);
	if (rc == MES_OK) {
		(*out)->iterations = ctl.iterations;
		(*out)->first_feasible_ms = t_first;
		(*out)->elapsed_ms = sched_now_ms() - ctl.t0_ms;
	}
done:
	sched_ss_free(&s);
	sched_sp_free(&sp);
	return rc;
}

void mes_sched_result_free(struct mes_sched_result *r)
{
	if (!r)
		return;
	free(r->ops);
	free(r);
}
