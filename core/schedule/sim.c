/*
 * The plan run many times under the plant's variability: the digital
 * twin's engine.
 *
 * One run is a discrete-event simulation in which each machine works its
 * queue in the plan's order, as the dispatch board shows it.  An
 * operation is taken up when it heads its machine's queue and its order's
 * previous operation is done; the one that can start soonest is placed
 * first, so a decision to move work off a broken machine sees the floor
 * as it is at that moment.  With nothing varying, the times are the
 * ones decode.c gives the same sequences: each operation as early as its
 * order, its machine's previous operation and setup, and the calendar
 * allow.
 */
#include <stdlib.h>
#include <string.h>
#include "sched_int.h"

struct hent {
	long long key;
	int op, stamp;
};

struct sim {
	const struct sp *sp;
	const struct mes_sim_var *var;
	const struct mes_sim_params *par;
	int *init_head, *init_next, *init_mach;
	/* one run's state */
	long long *st, *en;
	int *mach, *next, *head, *placed, *moved, *stamp, *blocked;
	double *factor;            /* per op: drawn once a run; 0 = not yet */
	double *remake;            /* per op: run time over good run time */
	long long *mfree;
	int *lastfam;
	long long *ds, *de;        /* per machine: the next or current failure */
	double *busy, *wait;
	struct hent *heap;
	int nheap, capheap;
	struct sched_rng rng;
	int nmoved;
};

static void heap_push(struct sim *s, long long key, int op)
{
	struct hent e = { key, op, ++s->stamp[op] };
	int i;

	if (s->nheap == s->capheap) {
		struct hent *h = realloc(s->heap, sizeof *h * (size_t)s->capheap * 2);

		if (!h)
			return;      /* the op is then never started: unfinished */
		s->heap = h;
		s->capheap *= 2;
	}
	i = s->nheap++;

	while (i > 0) {
		int up = (i - 1) / 2;
		struct hent *p = &s->heap[up];

		if (p->key < key || (p->key == key && p->op < op))
			break;
		s->heap[i] = *p;
		i = up;
	}
	s->heap[i] = e;
}

static struct hent heap_pop(struct sim *s)
{
	struct hent top = s->heap[0], last = s->heap[--s->nheap];
	int i = 0;

	for (;;) {
		int c = 2 * i + 1;

		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && (s->heap[c + 1].key < s->heap[c].key ||
		    (s->heap[c + 1].key == s->heap[c].key &&
		     s->heap[c + 1].op < s->heap[c].op)))
			c++;
		if (last.key < s->heap[c].key ||
		    (last.key == s->heap[c].key && last.op < s->heap[c].op))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	s->heap[i] = last;
	return top;
}

static int fails(const struct sim *s, int k)
{
	const struct mes_sim_var *v = s->var;

	return v && v->tbf && v->ttr && v->tbf[k] && v->ttr[k] &&
	       v->tbf[k]->kind != MES_DIST_NONE &&
	       v->ttr[k]->kind != MES_DIST_NONE;
}

static long long draw_min(struct sim *s, const struct mes_dist *d)
{
	double x = sched_dist_draw(d, &s->rng);

	return x < 1 ? 1 : x > 1e9 ? 1000000000LL : (long long)(x + 0.5);
}

/* Moves k's failure cursor to the first failure that ends after t. */
static void advance(struct sim *s, int k, long long t)
{
	while (s->de[k] <= t) {
		s->ds[k] = s->de[k] + draw_min(s, s->var->tbf[k]);
		s->de[k] = s->ds[k] + draw_min(s, s->var->ttr[k]);
	}
}

/* Minutes the op takes on k in this run. */
static long long ptime(struct sim *s, int o, int k)
{
	const struct mes_sim_var *v = s->var;
	long long p = sched_sp_ptime(s->sp, o, k), su;
	double t;

	if (s->factor[o] == 0) {
		double r = v && v->ratio ? sched_dist_draw(v->ratio[o], &s->rng)
		                         : 1.0, sc = 0;

		if (v && v->scrap && v->scrap[o] &&
		    v->scrap[o]->kind != MES_DIST_NONE)
			sc = sched_dist_draw(v->scrap[o], &s->rng);
		if (sc < 0)
			sc = 0;
		if (sc > 0.9)
			sc = 0.9;
		s->factor[o] = r > 0 ? r : 1.0;
		s->remake[o] = 1 / (1 - sc);
	}
	if ((s->factor[o] == 1.0 && s->remake[o] == 1.0) || p <= 0)
		return p;
	su = v && v->setup ? v->setup[o] : 0;
	su = su < 0 ? 0 : su > p ? p : su;
	t = s->factor[o] * ((double)su + (double)(p - su) * s->remake[o]);
	return t < 1 ? 1 : (long long)(t + 0.5);
}

static long long setup_before(const struct sim *s, int k, int o)
{
	return s->lastfam[k] >= 0 ?
	       sp_setup(s->sp, k, s->lastfam[k], s->sp->fam[o]) : 0;
}

static long long job_ready(const struct sim *s, int o)
{
	int jp = s->sp->jprev[o];
	long long t = s->sp->release[o];

	return jp >= 0 && s->en[jp] > t ? s->en[jp] : t;
}

static long long earliest(const struct sim *s, int o, int k)
{
	long long t = job_ready(s, o), m = s->mfree[k] + setup_before(s, k, o);

	return m > t ? m : t;
}

static int can_start(const struct sim *s, int o)
{
	int jp = s->sp->jprev[o];

	return o >= 0 && !s->placed[o] && s->head[s->mach[o]] == o &&
	       !s->blocked[s->mach[o]] && (jp < 0 || s->placed[jp]);
}

static void offer(struct sim *s, int o)
{
	if (can_start(s, o))
		heap_push(s, earliest(s, o, s->mach[o]), o);
}

/*
 * Start and end of o on k from t, taking p minutes this run, around the
 * calendar, frozen work and failures; -1 when k has no working time
 * left.  The floor starts an operation where its planned time fits, as
 * the plan did; one that overruns goes on after the break.
 */
static int place(struct sim *s, int o, int k, long long t, long long p,
                 long long *start, long long *end)
{
	const struct sp *sp = s->sp;
	long long planned = sched_sp_ptime(sp, o, k), b, e;
	int f = fails(s, k);

	for (;;) {
		if (f) {
			advance(s, k, t);
			if (s->ds[k] <= t) {
				t = s->de[k];
				continue;
			}
		}
		if (sched_sp_slot(sp, k, t, planned, sp->fam[o], sp->split[o], &b,
		                  &e))
			return -1;
		if (f) {
			advance(s, k, b);
			if (s->ds[k] <= b) {
				t = s->de[k];
				continue;
			}
		}
		break;
	}
	*start = b;
	if (p != planned && (e = sched_sp_walk_end(sp, k, b, p)) >= SCHED_INF)
		return -1;
	/* A failure while it runs: the rest after the repair, over breaks. */
	while (f && s->ds[k] < e) {
		p -= sched_sp_work(sp, k, b, s->ds[k]);
		b = s->de[k];
		e = sched_sp_walk_end(sp, k, b, p);
		if (e >= SCHED_INF)
			return -1;
		advance(s, k, b);
	}
	*end = e;
	return 0;
}

/* o's machine is down past the reroute threshold at t: the alternative
 * where o would end soonest, or -1 to wait for the repair. */
static int reroute(struct sim *s, int o, int k, long long t)
{
	const struct sp *sp = s->sp;
	long long b, e, best;
	int a, to = -1;

	advance(s, k, t);
	if (s->ds[k] > t || s->de[k] - t <= s->par->reroute_min)
		return -1;
	if (sched_sp_slot(sp, k, s->de[k], ptime(s, o, k), sp->fam[o],
	                  sp->split[o], &b, &best))
		best = SCHED_INF;
	for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++) {
		int k2 = sp->alt_m[a];
		long long t2;

		if (k2 == k || s->blocked[k2])
			continue;
		t2 = earliest(s, o, k2);
		if (fails(s, k2)) {
			advance(s, k2, t2);
			if (s->ds[k2] <= t2)
				t2 = s->de[k2];
		}
		if (!sched_sp_slot(sp, k2, t2, ptime(s, o, k2), sp->fam[o],
		                   sp->split[o], &b, &e) && e < best) {
			best = e;
			to = k2;
		}
	}
	return to;
}

static void move(struct sim *s, int o, int k, int to)
{
	s->head[k] = s->next[o];
	s->next[o] = s->head[to];
	s->head[to] = o;
	s->mach[o] = to;
	s->moved[o] = 1;
	s->nmoved++;
	offer(s, s->head[k]);
	offer(s, o);
}

static void step(struct sim *s, int o)
{
	const struct sp *sp = s->sp;
	int k = s->mach[o], to;
	long long t = earliest(s, o, k), p, b, e;

	if (s->par->until > 0 && t > s->par->until) {
		s->blocked[k] = 1;       /* past the horizon: k stops here */
		return;
	}
	if (!s->moved[o] && fails(s, k) && sp->nalt[o] > 1 &&
	    (to = reroute(s, o, k, t)) >= 0) {
		move(s, o, k, to);
		return;
	}
	p = ptime(s, o, k);
	if (place(s, o, k, t, p, &b, &e)) {
		s->blocked[k] = 1;       /* no working time left on k */
		return;
	}
	s->st[o] = b;
	s->en[o] = e;
	s->placed[o] = 1;
	s->mfree[k] = e;
	s->lastfam[k] = sp->fam[o];
	s->busy[k] += (double)p;
	s->wait[k] += (double)(b - job_ready(s, o));
	s->head[k] = s->next[o];
	offer(s, s->head[k]);
	offer(s, sp->jnext[o]);
}

static void run_init(struct sim *s, unsigned long long seed)
{
	const struct sp *sp = s->sp;
	size_t n = (size_t)sp->n, nm = (size_t)sp->nm;
	int o, k;

	sched_rng_seed(&s->rng, seed);
	memcpy(s->head, s->init_head, nm * sizeof(int));
	memcpy(s->next, s->init_next, n * sizeof(int));
	memcpy(s->mach, s->init_mach, n * sizeof(int));
	memset(s->moved, 0, n * sizeof(int));
	memset(s->blocked, 0, nm * sizeof(int));
	for (o = 0; o < sp->n; o++) {
		s->placed[o] = sp->frozen[o];
		s->st[o] = sp->frozen[o] ? sp->frz_s[o] : -1;
		s->en[o] = sp->frozen[o] ? sp->frz_e[o] : -1;
		s->factor[o] = 0;
	}
	for (k = 0; k < sp->nm; k++) {
		s->mfree[k] = 0;
		s->lastfam[k] = -1;
		s->busy[k] = s->wait[k] = 0;
		s->ds[k] = s->de[k] = SCHED_INF;
		if (fails(s, k)) {
			s->ds[k] = draw_min(s, s->var->tbf[k]);
			s->de[k] = s->ds[k] + draw_min(s, s->var->ttr[k]);
		}
	}
	s->nheap = 0;
	for (k = 0; k < sp->nm; k++)
		offer(s, s->head[k]);
}

static void run_one(struct sim *s, unsigned long long seed)
{
	run_init(s, seed);
	while (s->nheap > 0) {
		struct hent e = heap_pop(s);

		if (e.stamp == s->stamp[e.op] && can_start(s, e.op))
			step(s, e.op);
	}
}

/* ---- setting up and summing up ------------------------------------------ */

struct planned {
	long long start;
	int op;
};

static int cmp_planned(const void *a, const void *b)
{
	const struct planned *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->op > y->op) - (x->op < y->op);
}

static void sim_free(struct sim *s)
{
	free(s->init_head); free(s->init_next); free(s->init_mach);
	free(s->st); free(s->en); free(s->mach); free(s->next); free(s->head);
	free(s->placed); free(s->moved); free(s->stamp); free(s->blocked);
	free(s->factor); free(s->remake); free(s->mfree); free(s->lastfam); free(s->ds);
	free(s->de); free(s->busy); free(s->wait); free(s->heap);
}

static int sim_alloc(struct sim *s)
{
	size_t n = (size_t)s->sp->n + 1, nm = (size_t)s->sp->nm + 1;

	s->init_head = malloc(nm * sizeof(int));
	s->init_next = malloc(n * sizeof(int));
	s->init_mach = malloc(n * sizeof(int));
	s->st = malloc(n * sizeof(long long));
	s->en = malloc(n * sizeof(long long));
	s->mach = malloc(n * sizeof(int));
	s->next = malloc(n * sizeof(int));
	s->head = malloc(nm * sizeof(int));
	s->placed = malloc(n * sizeof(int));
	s->moved = malloc(n * sizeof(int));
	s->stamp = calloc(n, sizeof(int));
	s->blocked = malloc(nm * sizeof(int));
	s->factor = malloc(n * sizeof(double));
	s->remake = malloc(n * sizeof(double));
	s->mfree = malloc(nm * sizeof(long long));
	s->lastfam = malloc(nm * sizeof(int));
	s->ds = malloc(nm * sizeof(long long));
	s->de = malloc(nm * sizeof(long long));
	s->busy = malloc(nm * sizeof(double));
	s->wait = malloc(nm * sizeof(double));
	/* Each op is offered when it heads its queue or when its order's
	 * previous op ends, and again when it is moved. */
	s->capheap = (int)(2 * n + nm);
	s->heap = malloc((size_t)s->capheap * sizeof *s->heap);
	return s->init_head && s->init_next && s->init_mach && s->st &&
	       s->en && s->mach && s->next && s->head && s->placed &&
	       s->moved && s->stamp && s->blocked && s->factor && s->remake && s->mfree &&
	       s->lastfam && s->ds && s->de && s->busy && s->wait && s->heap
	       ? 0 : -1;
}

/* Each machine's queue: its ops in the order of their planned starts. */
static int queues(struct sim *s, struct mes_sched_model *m,
                  const struct mes_sched_plan *plan, int n)
{
	const struct sp *sp = s->sp;
	struct planned *order = malloc(((size_t)sp->n + 1) * sizeof *order);
	int *tail = malloc(((size_t)sp->nm + 1) * sizeof(int));
	int o, k, cnt = 0;

	if (!order || !tail) {
		free(order);
		free(tail);
		return MES_ERR_NOMEM;
	}
	for (k = 0; k < sp->nm; k++)
		s->init_head[k] = tail[k] = -1;
	for (o = 0; o < sp->n; o++) {
		s->init_next[o] = -1;
		s->init_mach[o] = sp->frozen[o] ? m->op[o].frz_machine : -1;
		if (sp->frozen[o])
			continue;
		if (o >= n || plan[o].machine < 0 || plan[o].machine >= sp->nm ||
		    sched_sp_ptime(sp, o, plan[o].machine) < 0) {
			free(order);
			free(tail);
			return sched_fail(m, MES_ERR_ARG, "the plan puts operation "
			                  "%d on a machine it cannot use", o);
		}
		s->init_mach[o] = plan[o].machine;
		order[cnt].start = plan[o].start;
		order[cnt++].op = o;
	}
	qsort(order, (size_t)cnt, sizeof *order, cmp_planned);
	for (o = 0; o < cnt; o++) {
		int op = order[o].op;

		k = s->init_mach[op];
		if (tail[k] < 0)
			s->init_head[k] = op;
		else
			s->init_next[tail[k]] = op;
		tail[k] = op;
	}
	free(order);
	free(tail);
	return MES_OK;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	/* Unfinished runs sort last. */
	if (x == MES_SIM_UNFINISHED || y == MES_SIM_UNFINISHED)
		return (x == MES_SIM_UNFINISHED) - (y == MES_SIM_UNFINISHED);
	return (x > y) - (x < y);
}

static long long quantile(const long long *sorted, int n, double q)
{
	int i = (int)(q * n + 0.999999) - 1;

	return sorted[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* One run's figures into the result. */
static long long tally(struct sim *s, struct mes_sim_result *r, int run)
{
	const struct sp *sp = s->sp;
	long long end = 0, *ends = r->ends + (size_t)run * (size_t)sp->nj;
	double top = -1;
	int o, k, j, worst = 0;

	for (o = 0; o < sp->n; o++)
		if (s->placed[o] && s->en[o] > end)
			end = s->en[o];
	for (j = 0; j < sp->nj; j++) {
		int l = sp->jlast[j];

		ends[j] = l < 0 ? 0 : s->placed[l] ? s->en[l] : MES_SIM_UNFINISHED;
	}
	for (k = 0; k < sp->nm && end > 0; k++) {
		long long w = sched_sp_work(sp, k, 0, end);
		double u = w > 0 ? s->busy[k] / (double)w : 0;

		r->mach[k].util += u;
		r->mach[k].queue += s->wait[k] / (double)end;
		if (u > top) {
			top = u;
			worst = k;
		}
	}
	if (sp->nm && end > 0)
		r->mach[worst].bottleneck += 1;
	return end;
}

static int summarise(struct sim *s, struct mes_sim_result *r,
                     long long *spans)
{
	const struct sp *sp = s->sp;
	long long *col = malloc(((size_t)r->runs + 1) * sizeof *col);
	double with_due = 0, on_sum = 0;
	int j, i, k;

	if (!col)
		return MES_ERR_NOMEM;
	for (j = 0; j < sp->nj; j++) {
		long long due = sp->due[j];
		int on = 0;
		double tard = 0;

		for (i = 0; i < r->runs; i++) {
			long long e = r->ends[(size_t)i * (size_t)sp->nj + (size_t)j];

			col[i] = e;
			if (due >= SCHED_INF || (e != MES_SIM_UNFINISHED && e <= due))
				on++;
			else if (e != MES_SIM_UNFINISHED)
				tard += (double)(e - due);
			else if (s->par->until > due)
				tard += (double)(s->par->until - due);
		}
		qsort(col, (size_t)r->runs, sizeof *col, cmp_ll);
		r->job[j].on_time = (double)on / r->runs;
		r->job[j].p10 = quantile(col, r->runs, 0.1);
		r->job[j].p50 = quantile(col, r->runs, 0.5);
		r->job[j].p90 = quantile(col, r->runs, 0.9);
		r->job[j].mean_tardiness = tard / r->runs;
		if (due < SCHED_INF) {
			with_due++;
			on_sum += r->job[j].on_time;
			r->late_expected += 1 - r->job[j].on_time;
		}
	}
	r->mean_on_time = with_due > 0 ? on_sum / with_due : 1;
	for (k = 0; k < sp->nm; k++) {
		r->mach[k].util /= r->runs;
		r->mach[k].queue /= r->runs;
		r->mach[k].bottleneck /= r->runs;
	}
	qsort(spans, (size_t)r->runs, sizeof *spans, cmp_ll);
	r->makespan_p50 = quantile(spans, r->runs, 0.5);
	free(col);
	return MES_OK;
}

void mes_sim_params_default(struct mes_sim_params *p)
{
	memset(p, 0, sizeof *p);
	p->runs = 1000;
	p->seed = 1;
	p->reroute_min = 60;
}

void mes_sim_result_free(struct mes_sim_result *r)
{
	if (!r)
		return;
	free(r->job);
	free(r->mach);
	free(r->ends);
	free(r->first);
	free(r);
}

static struct mes_sim_result *result_new(const struct sp *sp, int runs)
{
	struct mes_sim_result *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->runs = runs;
	r->n_jobs = sp->nj;
	r->n_mach = sp->nm;
	r->n_ops = sp->n;
	r->job = calloc((size_t)sp->nj + 1, sizeof *r->job);
	r->mach = calloc((size_t)sp->nm + 1, sizeof *r->mach);
	r->ends = malloc(((size_t)runs * (size_t)sp->nj + 1) * sizeof *r->ends);
	r->first = calloc((size_t)sp->n + 1, sizeof *r->first);
	if (!r->job || !r->mach || !r->ends || !r->first) {
		mes_sim_result_free(r);
		return NULL;
	}
	return r;
}

static void keep_first(const struct sim *s, struct mes_sim_result *r)
{
	int o;

	for (o = 0; o < s->sp->n; o++) {
		r->first[o].machine = s->placed[o] ? s->mach[o] : -1;
		r->first[o].start = s->st[o];
		r->first[o].end = s->en[o];
	}
}

int mes_sched_simulate(struct mes_sched_model *m,
                       const struct mes_sched_plan *plan, int n,
                       const struct mes_sim_var *var,
                       const struct mes_sim_params *p,
                       struct mes_sim_result **out)
{
	struct mes_sim_params def;
	struct sp sp;
	struct sim s;
	long long *spans = NULL;
	double t0 = sched_now_ms();
	int rc, i;

	*out = NULL;
	if (!p) {
		mes_sim_params_default(&def);
		p = &def;
	}
	if (p->runs < 1 || (n > 0 && !plan))
		return sched_fail(m, MES_ERR_ARG, "a simulation needs a plan and "
		                  "at least one run");
	if ((rc = sched_sp_build(&sp, m)) != MES_OK)
		return rc;
	memset(&s, 0, sizeof s);
	s.sp = &sp;
	s.var = var;
	s.par = p;
	if (sim_alloc(&s) || !(*out = result_new(&sp, p->runs)) ||
	    !(spans = malloc((size_t)p->runs * sizeof *spans)))
		rc = MES_ERR_NOMEM;
	if (rc == MES_OK)
		rc = queues(&s, m, plan, n);
	for (i = 0; rc == MES_OK && i < p->runs; i++) {
		/* Each run its own stream: run i is the same whatever the
		 * number of runs. */
		run_one(&s, p->seed * 0x9e3779b97f4a7c15ULL + (unsigned)i);
		if (i == 0)
			keep_first(&s, *out);
		spans[i] = tally(&s, *out, i);
	}
	if (rc == MES_OK)
		rc = summarise(&s, *out, spans);
	if (rc == MES_OK) {
		(*out)->moved = s.nmoved;
		(*out)->elapsed_ms = sched_now_ms() - t0;
	} else {
		mes_sim_result_free(*out);
		*out = NULL;
	}
	free(spans);
	sim_free(&s);
	sched_sp_free(&sp);
	return rc;
}
