/*
 * First schedule by a dispatching rule: Giffler-Thompson active schedule
 * generation.  At each step the (operation, machine) pair that can finish
 * first fixes the machine; the rule picks among the operations that could
 * start on it before that.  Earliest start/end per alternative are cached
 * and recomputed only when their machine got a new operation, which keeps
 * a plant-sized model (thousands of orders) well under a second.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sched_int.h"

struct gt {
	const struct sp *sp;
	struct ss *s;
	int *nxt;                  /* per job: next op to place, -1 done */
	long long *jready;
	long long *mready;
	int *mlast;
	long long *mver;
	long long *stamp;          /* per alt: mver of its machine when cached */
	long long *es, *ec;
	double *rem;               /* work left in the job from op on */
	int *ready, nready;        /* jobs with ops left */
};

static void gt_free(struct gt *g)
{
	free(g->nxt); free(g->jready); free(g->mready); free(g->mlast);
	free(g->mver); free(g->stamp); free(g->es); free(g->ec); free(g->rem);
	free(g->ready);
}

static long long pmin(const struct sp *sp, int o)
{
	long long v = SCHED_INF;
	int a;

	for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++)
		if (sp->alt_p[a] < v)
			v = sp->alt_p[a];
	return v;
}

static int gt_init(struct gt *g, const struct sp *sp, struct ss *s)
{
	size_t n = (size_t)sp->n + 1, nj = (size_t)sp->nj + 1;
	size_t nm = (size_t)sp->nm + 1, na = 1;
	int o, j, k;

	memset(g, 0, sizeof *g);
	g->sp = sp;
	g->s = s;
	for (o = 0; o < sp->n; o++)
		na += (size_t)sp->nalt[o];
	g->nxt = malloc(nj * sizeof(int));
	g->jready = malloc(nj * sizeof(long long));
	g->ready = malloc(nj * sizeof(int));
	g->mready = malloc(nm * sizeof(long long));
	g->mlast = malloc(nm * sizeof(int));
	g->mver = calloc(nm, sizeof(long long));
	g->stamp = malloc(na * sizeof(long long));
	g->es = malloc(na * sizeof(long long));
	g->ec = malloc(na * sizeof(long long));
	g->rem = calloc(n, sizeof(double));
	if (!g->nxt || !g->jready || !g->ready || !g->mready || !g->mlast ||
	    !g->mver || !g->stamp || !g->es || !g->ec || !g->rem)
		return -1;
	for (k = 0; k < sp->nm; k++) {
		g->mready[k] = -SCHED_INF;
		g->mlast[k] = -1;
	}
	for (o = 0; o < (int)na; o++)
		g->stamp[o] = -1;
	for (j = 0; j < sp->nj; j++) {
		double r = 0;

		g->nxt[j] = -1;
		g->jready[j] = sp->m->job[j].release;
		for (o = sp->jlast[j]; o >= 0; o = sp->jprev[o]) {
			if (sp->frozen[o]) {
				if (sp->frz_e[o] > g->jready[j])
					g->jready[j] = sp->frz_e[o];
				continue;
			}
			r += (double)pmin(sp, o);
			g->rem[o] = r;
			g->nxt[j] = o;
		}
		if (g->nxt[j] >= 0)
			g->ready[g->nready++] = j;
	}
	return 0;
}

static void gt_eval(struct gt *g, int o, int a)
{
	const struct sp *sp = g->sp;
	int k = sp->alt_m[a], j = sp->job[o];
	long long t = g->jready[j];

	if (g->stamp[a] == g->mver[k])
		return;
	g->stamp[a] = g->mver[k];
	if (g->mlast[k] >= 0) {
		long long r = g->mready[k] +
		              sp_setup(sp, k, sp->fam[g->mlast[k]], sp->fam[o]);

		if (r > t)
			t = r;
	}
	if (sched_sp_slot(sp, k, t, sp->alt_p[a], sp->fam[o], sp->split[o],
	                  &g->es[a], &g->ec[a])) {
		g->es[a] = SCHED_INF;
		g->ec[a] = SCHED_INF;
	}
}

static double priority(const struct gt *g, int o, int a,
                       enum mes_sched_rule rule)
{
	const struct sp *sp = g->sp;
	int j = sp->job[o];
	double p = (double)sp->alt_p[a], slack;

	switch (rule) {
	case MES_SCHED_RULE_SPT:
		return -p;
	case MES_SCHED_RULE_EDD:
		return sp->due[j] >= SCHED_INF ? -1e300 : -(double)sp->due[j];
	case MES_SCHED_RULE_ATC:
		if (sp->due[j] >= SCHED_INF)
			return 0;
		slack = (double)sp->due[j] - (double)g->es[a] - g->rem[o];
		if (slack < 0)
			slack = 0;
		return sp->weight[j] / (p > 0 ? p : 0.5) *
		       exp(-slack / (2.0 * (double)sp->pmean));
	case MES_SCHED_RULE_MWKR:
	default:
		return g->rem[o];
	}
}

/* The pair that finishes first; -1 when nothing fits any more. */
static int gt_first(struct gt *g, int *best_a)
{
	const struct sp *sp = g->sp;
	long long bec = SCHED_INF, bes = SCHED_INF;
	int r, a, best_o = -1;

	for (r = 0; r < g->nready; r++) {
		int o = g->nxt[g->ready[r]];

		for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++) {
			gt_eval(g, o, a);
			if (g->ec[a] < bec || (g->ec[a] == bec && g->es[a] < bes)) {
				bec = g->ec[a];
				bes = g->es[a];
				best_o = o;
				*best_a = a;
			}
		}
	}
	return bec >= SCHED_INF ? -1 : best_o;
}

/* Among ops that could start on machine k before `limit`, the rule's pick. */
static int gt_pick(struct gt *g, int k, long long limit,
                   enum mes_sched_rule rule, int *pick_a)
{
	const struct sp *sp = g->sp;
	double best = -HUGE_VAL;
	int r, a, pick = -1;

	for (r = 0; r < g->nready; r++) {
		int o = g->nxt[g->ready[r]];

		for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++) {
			double pr;

			if (sp->alt_m[a] != k || g->es[a] >= limit)
				continue;
			pr = priority(g, o, a, rule);
			if (pick < 0 || pr > best) {
				best = pr;
				pick = o;
				*pick_a = a;
			}
		}
	}
	return pick;
}

static void gt_place(struct gt *g, int o, int a)
{
	const struct sp *sp = g->sp;
	int k = sp->alt_m[a], j = sp->job[o], r;

	sched_ss_insert(g->s, sp, o, k, g->s->len[k]);
	g->mready[k] = g->ec[a];
	g->mlast[k] = o;
	g->mver[k]++;
	g->jready[j] = g->ec[a];
	g->nxt[j] = sp->jnext[o];
	if (g->nxt[j] >= 0)
		return;
	for (r = 0; r < g->nready; r++) {
		if (g->ready[r] == j) {
			g->ready[r] = g->ready[--g->nready];
			break;
		}
	}
}

int sched_construct(const struct sp *sp, struct ss *s,
                    enum mes_sched_rule rule)
{
	struct gt g;
	int step, rc = MES_OK;

	if (gt_init(&g, sp, s)) {
		gt_free(&g);
		return MES_ERR_NOMEM;
	}
	for (step = 0; step < sp->n_free; step++) {
		int a = -1, pa = -1, o = gt_first(&g, &a), po;

		if (o < 0) {
			rc = MES_ERR_RANGE;
			break;
		}
		po = gt_pick(&g, sp->alt_m[a], g.ec[a], rule, &pa);
		if (po < 0) {
			po = o;
			pa = a;
		}
		gt_place(&g, po, pa);
	}
	gt_free(&g);
	if (rc)
		return rc;
	rc = sched_ss_decode(sp, s, s->start, s->end, s->order);
	if (rc)
		return rc == -2 ? MES_ERR_RANGE : MES_ERR_STATE;
	sched_ss_measure(sp, s);
	return MES_OK;
}

/* ---- from a previous plan ----------------------------------------------- */

struct hkey {
	int unhinted;
	long long start;
	int job, op;
};

/* Hinted ops by their previous start; the rest after them, by job and in
 * routing order (ids grow along a routing), so that a rush order queues
 * behind the existing plan and the search pulls it forward only where
 * that pays. */
static int by_hint(const void *a, const void *b)
{
	const struct hkey *x = a, *y = b;

	if (x->unhinted != y->unhinted)
		return x->unhinted - y->unhinted;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->job != y->job)
		return x->job - y->job;
	return x->op - y->op;
}

/* Without a hint: the machine where the op is quickest. */
static int fastest(const struct sp *sp, int o)
{
	int a, best = sp->alt0[o];

	for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++)
		if (sp->alt_p[a] < sp->alt_p[best])
			best = a;
	return sp->alt_m[best];
}

int sched_from_hints(const struct sp *sp, struct ss *s)
{
	struct hkey *key = malloc(((size_t)sp->n + 1) * sizeof *key);
	int i, n = 0, k, rc;

	if (!key)
		return MES_ERR_NOMEM;
	for (i = 0; i < sp->n; i++) {
		if (sp->frozen[i])
			continue;
		key[n].unhinted = sp->hint_m[i] < 0;
		key[n].start = key[n].unhinted ? 0 : sp->hint_s[i];
		key[n].job = sp->job[i];
		key[n++].op = i;
	}
	qsort(key, (size_t)n, sizeof *key, by_hint);
	for (i = 0; i < n; i++) {
		int o = key[i].op;

		k = sp->hint_m[o] >= 0 ? sp->hint_m[o] : fastest(sp, o);
		sched_ss_insert(s, sp, o, k, s->len[k]);
	}
	free(key);
	rc = sched_ss_decode(sp, s, s->start, s->end, s->order);
	if (rc == 0) {
		sched_ss_measure(sp, s);
		return MES_OK;
	}
	for (i = 0; i < sp->n; i++)
		if (!sp->frozen[i])
			s->mach[i] = -1;
	for (k = 0; k < sp->nm; k++)
		s->len[k] = 0;
	return MES_ERR_STATE;
}
