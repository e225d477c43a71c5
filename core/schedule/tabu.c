/*
 * Improvement: tabu search on the machine sequences (neighbourhood in
 * moves.c).
 *
 * For makespan, moves are ranked by their estimate; the best one that is
 * not tabu (or beats the best schedule) is applied and decoded, and undone
 * if it closed a cycle.  For tardiness objectives the moves that look best
 * by a tardiness estimate are decoded exactly, only downstream of the move.
 * A tabu move is one that restores an order a recent move undid.  After a
 * stretch without a new best, the search jumps back to the best schedule
 * and perturbs it with a few random path moves.  On plant-sized models
 * with a tardiness objective a worsening step costs more than it teaches,
 * so there the search only takes improving or equal moves.
 */
#include <stdlib.h>
#include <string.h>
#include "sched_ts.h"

static struct cost cost_of(const struct ts *t, const struct ss *s)
{
	struct cost c = { 0, 0 };

	switch (t->ctl->par->objective) {
	case MES_SCHED_TARDINESS:
		c.a = s->twt;
		break;
	case MES_SCHED_LEX:
		c.a = s->twt;
		c.b = (double)s->makespan;
		break;
	case MES_SCHED_MAKESPAN:
	default:
		c.a = (double)s->makespan;
		break;
	}
	return c;
}

static int cost_lt(struct cost x, struct cost y)
{
	return x.a < y.a || (x.a == y.a && x.b < y.b);
}

/* ---- applying moves ----------------------------------------------------- */

struct undo {
	int op, k, pos;
};

static void do_move(struct ts *t, const struct move *m, struct undo *u)
{
	u->op = m->op;
	u->k = t->cur.mach[m->op];
	u->pos = t->cur.pos[m->op];
	sched_ss_remove(&t->cur, m->op);
	sched_ss_insert(&t->cur, t->sp, m->op, m->k, m->to);
}

static void undo_move(struct ts *t, const struct undo *u)
{
	sched_ss_remove(&t->cur, u->op);
	sched_ss_insert(&t->cur, t->sp, u->op, u->k, u->pos);
}

/* Decodes into scratch; on success swaps it in as the current times. */
static int commit(struct ts *t)
{
	long long *x;
	int *y;

	if (sched_ss_decode(t->sp, &t->cur, t->st2, t->en2, t->ord2))
		return -1;
	x = t->cur.start; t->cur.start = t->st2; t->st2 = x;
	x = t->cur.end; t->cur.end = t->en2; t->en2 = x;
	y = t->cur.order; t->cur.order = t->ord2; t->ord2 = y;
	sched_ss_measure(t->sp, &t->cur);
	t->ccur = cost_of(t, &t->cur);
	return 0;
}

static struct tabu *tabu_slot(const struct ts *t, int a, int b)
{
	unsigned h = (unsigned)a * 2654435761u ^ (unsigned)b * 40503u;

	return &t->tl[(h ^ (h >> 15)) & (TABU_SLOTS - 1)];
}

static int arc_tabu(const struct ts *t, int a, int b)
{
	const struct tabu *e = tabu_slot(t, a, b);

	return e->until > t->iter && e->a == a && e->b == b;
}

/* Collisions overwrite: losing a tabu entry now and then is harmless. */
static void make_tabu(struct ts *t, int a, int b)
{
	struct tabu *e = tabu_slot(t, a, b);

	e->a = a;
	e->b = b;
	e->until = t->iter + t->tenure + ts_rndn(t, t->tenure / 2 + 1);
}

/* A move is tabu when it restores an order that a recent move undid. */
static int is_tabu(const struct ts *t, const struct move *m)
{
	const struct ss *s = &t->cur;
	int k = s->mach[m->op], f = s->pos[m->op], i;

	if (m->k != k)
		return arc_tabu(t, m->op, -m->k - 1);
	for (i = f + 1; i <= m->to; i++)
		if (arc_tabu(t, s->seq[k][i], m->op))
			return 1;
	for (i = m->to; i < f; i++)
		if (arc_tabu(t, m->op, s->seq[k][i]))
			return 1;
	return 0;
}

/* Forbids undoing the move about to be made. */
static void record_tabu(struct ts *t, const struct move *m)
{
	const struct ss *s = &t->cur;
	int k = s->mach[m->op], f = s->pos[m->op], i;

	if (m->k != k) {
		make_tabu(t, m->op, -k - 1);
		return;
	}
	for (i = f + 1; i <= m->to; i++)
		make_tabu(t, m->op, s->seq[k][i]);
	for (i = m->to; i < f; i++)
		make_tabu(t, s->seq[k][i], m->op);
}

/* Applies m and decodes; on success m becomes tabu to undo. */
static int apply(struct ts *t, const struct move *m)
{
	struct undo u;
	struct move mm = *m;

	record_tabu(t, &mm);
	do_move(t, &mm, &u);
	if (commit(t)) {
		undo_move(t, &u);
		return -1;
	}
	return 0;
}

/* A total order, so that qsort gives the same result on any libc. */
static int cmp_move(const void *a, const void *b)
{
	const struct move *x = a, *y = b;

	if (x->est != y->est)
		return x->est < y->est ? -1 : 1;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	return (x->to > y->to) - (x->to < y->to);
}

static int cmp_dv(const void *a, const void *b)
{
	const struct move *x = a, *y = b;

	if (x->dv != y->dv)
		return x->dv < y->dv ? -1 : 1;
	return cmp_move(a, b);
}

/*
 * Exact costs for the moves that look best by the tardiness estimate
 * (then the makespan one), plus one at random so that a poor estimate
 * cannot hide a good move for ever.
 */
static void exact_rank(struct ts *t, struct cost *cs)
{
	struct ss *s = &t->cur;
	size_t n = (size_t)t->sp->n;
	int i, j;

	qsort(t->mv, (size_t)t->nmv, sizeof *t->mv, cmp_dv);
	if (t->nmv > t->sample) {
		t->mv[t->sample - 1] =
			t->mv[t->sample - 1 + ts_rndn(t, t->nmv - t->sample + 1)];
		t->nmv = t->sample;
	}
	memcpy(t->st2, s->start, n * sizeof *t->st2);
	memcpy(t->en2, s->end, n * sizeof *t->en2);
	for (i = 0; i < t->nmv; i++) {
		int seed[2], o = t->mv[i].op, k = s->mach[o];
		struct undo u;

		seed[0] = o;
		seed[1] = s->pos[o] + 1 < s->len[k] ? s->seq[k][s->pos[o] + 1]
		                                    : -1;
		do_move(t, &t->mv[i], &u);
		if (sched_ss_decode_from(t->sp, s, seed, 2, t->st2, t->en2) == 0) {
			struct ss tmp = *s;

			tmp.end = t->en2;
			sched_ss_measure(t->sp, &tmp);
			cs[i] = cost_of(t, &tmp);
		} else {
			cs[i].a = cs[i].b = 1e300;
		}
		for (j = 0; j < s->nlist; j++) {
			t->st2[s->list[j]] = s->start[s->list[j]];
			t->en2[s->list[j]] = s->end[s->list[j]];
		}
		undo_move(t, &u);
	}
}

static int pick_exact(struct ts *t)
{
	struct cost cs[EXACT_SAMPLE], bc = { 1e300, 1e300 };
	int i, pick = -1;

	exact_rank(t, cs);
	for (i = 0; i < t->nmv; i++) {
		if (cs[i].a >= 1e300)
			continue;
		if (is_tabu(t, &t->mv[i]) && !cost_lt(cs[i], t->cbest))
			continue;
		if (pick < 0 || cost_lt(cs[i], bc)) {
			pick = i;
			bc = cs[i];
		}
	}
	if (t->descent)
		return pick >= 0 && !cost_lt(t->ccur, bc) ?
		       apply(t, &t->mv[pick]) : 0;
	if (pick < 0)
		return t->nmv ? apply(t, &t->mv[ts_rndn(t, t->nmv)]) : -1;
	return apply(t, &t->mv[pick]);
}

/* Best estimated move that is allowed; a random one when all are tabu. */
static int pick_est(struct ts *t)
{
	int i, tries;

	qsort(t->mv, (size_t)t->nmv, sizeof *t->mv, cmp_move);
	for (i = 0; i < t->nmv; i++) {
		const struct move *m = &t->mv[i];

		if (is_tabu(t, m) && !((double)m->est < t->cbest.a))
			continue;
		if (apply(t, m) == 0)
			return 0;
	}
	for (tries = 0; tries < 4 && t->nmv; tries++)
		if (apply(t, &t->mv[ts_rndn(t, t->nmv)]) == 0)
			return 0;
	return -1;
}


/* ---- the search loop ---------------------------------------------------- */

static int ts_init(struct ts *t, const struct sp *sp, struct ss *s,
                   struct sched_search *ctl)
{
	size_t n = (size_t)sp->n + 1;

	memset(t, 0, sizeof *t);
	t->sp = sp;
	t->ctl = ctl;
	t->cur = *s;
	t->rng = ctl->par->seed * 0x2545F4914F6CDD1DULL + 1;
	t->exact = ctl->par->objective != MES_SCHED_MAKESPAN;
	t->st2 = malloc(n * sizeof(long long));
	t->en2 = malloc(n * sizeof(long long));
	t->q = calloc(n, sizeof(long long));
	t->ord2 = malloc(n * sizeof(int));
	t->chain = malloc(n * sizeof(int));
	t->seg = malloc((MAX_SHIFT + 2) * sizeof(int));
	t->tl = calloc(TABU_SLOTS, sizeof *t->tl);
	t->rr = malloc((MAX_SHIFT + 2) * sizeof *t->rr);
	if (!t->tl || !t->st2 || !t->en2 || !t->q || !t->ord2 || !t->chain ||
	    !t->seg || !t->rr || sched_ss_alloc(&t->best, sp))
		return -1;
	sched_ss_copy(&t->best, &t->cur, sp);
	t->ccur = t->cbest = cost_of(t, &t->cur);
	t->tenure = 10 + (sp->nm ? sp->nj / sp->nm : 0);
	t->sample = EXACT_SAMPLE;
	/*
	 * Exact steps are expensive and on a big model a few bad ones undo
	 * much: return to the best sooner, and shake it less.
	 */
	t->stall_max = 3000 + 5LL * sp->n_free;
	t->kick = 6;
	if (t->exact && sp->n_free > 2000) {
		t->stall_max = 500;
		t->kick = 2;
		t->descent = 1;
	}
	switch (ctl->par->objective) {
	case MES_SCHED_MAKESPAN:
		t->lb = sched_sp_lower_bound(sp);
		break;
	case MES_SCHED_TARDINESS:
		t->lb = 0;
		break;
	default:
		t->lb = -1;
		break;
	}
	return 0;
}

static void ts_free(struct ts *t)
{
	free(t->st2); free(t->en2); free(t->q); free(t->ord2);
	free(t->chain); free(t->seg); free(t->mv); free(t->tl); free(t->rr);
	sched_ss_free(&t->best);
}

/* Back to the best schedule, shaken by a few random path moves. */
static int perturb(struct ts *t, int strength)
{
	int i;

	sched_ss_copy(&t->cur, &t->best, t->sp);
	t->ccur = t->cbest;
	memset(t->tl, 0, TABU_SLOTS * sizeof *t->tl);
	for (i = 0; i < strength; i++) {
		int tries, rc;

		t->noest = 1;      /* no estimates needed for a random pick */
		rc = sched_ts_gen_moves(t);
		t->noest = 0;
		if (rc)
			return -1;
		for (tries = 0; tries < 4 && t->nmv; tries++)
			if (apply(t, &t->mv[ts_rndn(t, t->nmv)]) == 0)
				break;
	}
	memset(t->tl, 0, TABU_SLOTS * sizeof *t->tl);
	return 0;
}

static int finished(const struct ts *t)
{
	const struct mes_sched_params *p = t->ctl->par;

	if (p->iteration_limit > 0)
		return t->iter >= p->iteration_limit;
	return sched_now_ms() - t->ctl->t0_ms >= (double)p->time_limit_ms;
}

static int ts_step(struct ts *t)
{
	if (sched_ts_gen_moves(t))
		return -1;
	if (t->nmv == 0 || (t->exact ? pick_exact(t) : pick_est(t)))
		return perturb(t, 1 + ts_rndn(t, t->kick));
	return 0;
}

int sched_improve(const struct sp *sp, struct ss *s, struct sched_search *ctl)
{
	struct ts t;
	long long stall = 0, stall_max;
	int stop = 0, rc = MES_OK;

	if (sp->n_free == 0)
		return MES_OK;
	if (ts_init(&t, sp, s, ctl)) {
		rc = MES_ERR_NOMEM;
		goto out;
	}
	stall_max = t.stall_max;
	while (!stop && !finished(&t) && t.cbest.a > (double)t.lb) {
		if (ts_step(&t)) {
			rc = MES_ERR_NOMEM;
			break;
		}
		t.iter++;
		if (cost_lt(t.ccur, t.cbest)) {
			sched_ss_copy(&t.best, &t.cur, sp);
			t.cbest = t.ccur;
			stall = 0;
			sched_report(ctl, &t.best, t.iter, &stop);
		} else if (++stall > stall_max) {
			stall = 0;
			if (perturb(&t, 1 + ts_rndn(&t, t.kick))) {
				rc = MES_ERR_NOMEM;
				break;
			}
		}
	}
	ctl->iterations = t.iter;
	sched_ss_copy(&t.cur, &t.best, sp);
out:
	*s = t.cur;
	ts_free(&t);
	return rc;
}

