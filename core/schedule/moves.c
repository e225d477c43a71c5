/*
 * The neighbourhood of the search, and what each move is estimated to do.
 *
 * Moves come from a critical path of the current schedule (each operation
 * on it started when its job or machine predecessor let it): within a
 * block of consecutive path operations on one machine, swap the two at
 * either end or move an operation to the front or back of the block, the
 * neighbourhoods of Nowicki & Smutnicki (1996, N5) and Balas & Vazacopoulos
 * (1998, the insertions behind N6); and for an operation with alternatives,
 * reassignment to another machine at the best position (Mastrolilli &
 * Gambardella 2000).  Moves off the critical path cannot shorten it, which
 * keeps the neighbourhood small.  For tardiness the path is that of a late
 * job, drawn with odds growing with its weighted tardiness.
 *
 * Estimates use heads (start times) and tails (longest path to the end)
 * of the current schedule, so that a move is ranked without decoding.
 */
#include <stdlib.h>
#include <string.h>
#include "sched_ts.h"

/* ---- heads, tails, critical paths --------------------------------------- */

static void tails(struct ts *t)
{
	const struct sp *sp = t->sp;
	const struct ss *s = &t->cur;
	int i;

	for (i = sp->n_free - 1; i >= 0; i--) {
		int o = s->order[i], jn = sp->jnext[o], k = s->mach[o];
		int mi = s->pos[o] + 1;
		long long q = 0;

		if (jn >= 0)
			q = s->p[jn] + t->q[jn];
		if (mi < s->len[k]) {
			int mn = s->seq[k][mi];
			long long v = sp_setup(sp, k, sp->fam[o], sp->fam[mn]) +
			              s->p[mn] + t->q[mn];

			if (v > q)
				q = v;
		}
		t->q[o] = q;
	}
}

/*
 * Walks back from op `from` into t->chain (in order), each time to the
 * predecessor whose end bound the start.  With calendars a start is often
 * the next shift after that end rather than the end itself, so "bound" is
 * the later of the two predecessors, not equality; the walk stops where
 * the release date was the binding one.
 */
static void trace(struct ts *t, int from)
{
	const struct sp *sp = t->sp;
	const struct ss *s = &t->cur;
	int o = from, n = 0, i;

	while (o >= 0 && !sp->frozen[o]) {
		int jp = sp->jprev[o], k = s->mach[o], mp = -1;
		long long rj = -SCHED_INF, rm = -SCHED_INF;

		t->chain[n++] = o;
		if (s->pos[o] > 0) {
			mp = s->seq[k][s->pos[o] - 1];
			rm = s->end[mp] + sp_setup(sp, k, sp->fam[mp], sp->fam[o]);
		}
		if (jp >= 0 && !sp->frozen[jp])
			rj = s->end[jp];
		if (rj < sp->release[o] && rm < sp->release[o])
			break;
		if (rj == rm)
			o = (ts_rnd(t) & 1) ? jp : mp;
		else
			o = rj > rm ? jp : mp;
	}
	for (i = 0; i < n / 2; i++) {
		int x = t->chain[i];

		t->chain[i] = t->chain[n - 1 - i];
		t->chain[n - 1 - i] = x;
	}
	t->nchain = n;
}

static int last_op(struct ts *t)
{
	const struct sp *sp = t->sp;
	const struct ss *s = &t->cur;
	int o, best = -1, ties = 0;

	for (o = 0; o < sp->n; o++) {
		if (sp->frozen[o])
			continue;
		if (best < 0 || s->end[o] > s->end[best]) {
			best = o;
			ties = 1;
		} else if (s->end[o] == s->end[best] && ts_rndn(t, ++ties) == 0) {
			best = o;
		}
	}
	return best;
}

/* ---- estimates ---------------------------------------------------------- */

static long long rjob(const struct ts *t, int o, const long long *en)
{
	int jp = t->sp->jprev[o];
	long long r = t->sp->release[o];

	return jp >= 0 && en[jp] > r ? en[jp] : r;
}

static long long qjob(const struct ts *t, int o)
{
	int jn = t->sp->jnext[o];

	return jn >= 0 ? t->cur.p[jn] + t->q[jn] : 0;
}

/* Weighted tardiness change if the job of op x finished delta later: a
 * delay is assumed to reach the job's end in full, which is what makes
 * it a ranking, not a value. */
static double twt_delta(const struct ts *t, int x, long long delta)
{
	const struct sp *sp = t->sp;
	int j = sp->job[x];
	long long c = t->cur.end[sp->jlast[j]], d = sp->due[j];
	long long before = c > d ? c - d : 0, after = c + delta - d;

	if (after < 0)
		after = 0;
	return sp->weight[j] * (double)(after - before);
}

/* Makespan estimate after moving the op at f to t on machine k; the
 * tardiness estimate goes to t->dv. */
static long long est_shift(struct ts *t, int k, int f, int to)
{
	const struct sp *sp = t->sp;
	const struct ss *s = &t->cur;
	const int *q = s->seq[k];
	int lo = f < to ? f : to, hi = f < to ? to : f, n = hi - lo + 1, i;
	long long r, tail, best = 0, *rr = t->rr;

	for (i = 0; i < n; i++) {
		int x = lo + i;

		if (f < to)
			t->seg[i] = x == to ? q[f] : q[x + 1];
		else
			t->seg[i] = x == to ? q[f] : q[x - 1];
	}
	r = lo > 0 ? s->end[q[lo - 1]] : -SCHED_INF;
	for (i = 0; i < n; i++) {
		int o = t->seg[i], pr = i ? t->seg[i - 1] : lo ? q[lo - 1] : -1;
		long long v = rjob(t, o, s->end);

		if (pr >= 0 && r + sp_setup(sp, k, sp->fam[pr], sp->fam[o]) > v)
			v = r + sp_setup(sp, k, sp->fam[pr], sp->fam[o]);
		if (sp->n_off[k] || sp->n_frz[k]) {
			long long e;

			if (sched_sp_slot(sp, k, v, s->p[o], sp->fam[o],
			                  sp->split[o], &v, &e) == 0)
				r = e;
			else
				r = v + s->p[o];
		} else {
			r = v + s->p[o];
		}
		rr[i] = v;
	}
	t->dv = 0;
	for (i = 0; t->exact && i < n; i++)
		t->dv += twt_delta(t, t->seg[i], rr[i] - s->start[t->seg[i]]);
	tail = 0;
	for (i = n - 1; i >= 0; i--) {
		int o = t->seg[i], nx = i + 1 < n ? t->seg[i + 1] :
		        hi + 1 < s->len[k] ? q[hi + 1] : -1;
		long long v = qjob(t, o);

		if (nx >= 0) {
			long long w = sp_setup(sp, k, sp->fam[o], sp->fam[nx]) +
			              s->p[nx] + (i + 1 < n ? tail : t->q[nx]);

			if (w > v)
				v = w;
		}
		tail = v;
		if (rr[i] + s->p[o] + v > best)
			best = rr[i] + s->p[o] + v;
	}
	return best;
}

/* Best position for op o on machine k2 (not its own); -1 if none. */
static int best_slot(struct ts *t, int o, int k2, long long *est,
                     double *dv)
{
	const struct sp *sp = t->sp;
	const struct ss *s = &t->cur;
	int jp = sp->jprev[o], jn = sp->jnext[o], x, best = -1;
	long long p2 = sched_sp_ptime(sp, o, k2), rj = rjob(t, o, s->end);
	long long qj = qjob(t, o);
	double d;

	for (x = 0; x <= s->len[k2]; x++) {
		int a = x > 0 ? s->seq[k2][x - 1] : -1;
		int b = x < s->len[k2] ? s->seq[k2][x] : -1;
		long long r = rj, q = qj, v;

		if (a >= 0 && jn >= 0 && s->start[a] >= s->end[jn])
			break;
		if (b >= 0 && jp >= 0 && s->end[b] <= s->start[jp])
			continue;
		if (a >= 0 && s->end[a] +
		    sp_setup(sp, k2, sp->fam[a], sp->fam[o]) > r)
			r = s->end[a] + sp_setup(sp, k2, sp->fam[a], sp->fam[o]);
		if (b >= 0) {
			v = sp_setup(sp, k2, sp->fam[o], sp->fam[b]) + s->p[b] +
			    t->q[b];
			if (v > q)
				q = v;
		}
		v = r + p2 + q;
		d = 0;
		if (t->exact) {
			d = twt_delta(t, o, r - s->start[o]);
			if (b >= 0 && r + p2 > s->start[b])
				d += twt_delta(t, b, r + p2 - s->start[b]);
		}
		if (best < 0 || d < *dv || (d == *dv && v < *est)) {
			best = x;
			*est = v;
			*dv = d;
		}
	}
	return best;
}

/* ---- candidate moves ---------------------------------------------------- */

static int add_move(struct ts *t, int op, int k, int to, long long est,
                    double dv)
{
	struct move *m;

	if (t->nmv == t->cap_mv) {
		int nc = t->cap_mv ? t->cap_mv * 2 : 256;
		struct move *nm = realloc(t->mv, (size_t)nc * sizeof *nm);

		if (!nm)
			return -1;
		t->mv = nm;
		t->cap_mv = nc;
	}
	m = &t->mv[t->nmv++];
	m->op = op;
	m->k = k;
	m->to = to;
	m->est = est;
	m->dv = dv;
	return 0;
}

/* Insertion would close a cycle when a path joins the two ends; these
 * head/tail tests rule it out for positive times (Balas & Vazacopoulos). */
static int shift_safe(const struct ts *t, int k, int f, int to)
{
	const struct sp *sp = t->sp;
	const struct ss *s = &t->cur;
	int u = s->seq[k][f], v = s->seq[k][to];

	if (f + 1 == to || to + 1 == f)
		return 1;
	if (f < to) {
		int js = sp->jnext[u];

		return js < 0 || t->q[v] + s->p[v] >= t->q[js] + s->p[js];
	}
	return sp->jprev[u] < 0 || s->end[v] >= s->end[sp->jprev[u]];
}

static int add_shift(struct ts *t, int k, int f, int to)
{
	long long est = 0;

	if (f == to || to - f > MAX_SHIFT || f - to > MAX_SHIFT ||
	    !shift_safe(t, k, f, to))
		return 0;
	t->dv = 0;
	if (!t->noest)
		est = est_shift(t, k, f, to);
	return add_move(t, t->cur.seq[k][f], k, to, est, t->dv);
}

static int block_moves(struct ts *t, int k, int i0, int len)
{
	int j, rc = 0;

	if (len < 2)
		return 0;
	for (j = 1; j < len && !rc; j++)
		rc = add_shift(t, k, i0 + j, i0);
	for (j = 0; j < len - 1 && !rc && len > 2; j++)
		rc = add_shift(t, k, i0 + j, i0 + len - 1);
	for (j = 2; j <= len - 2 && !rc; j++)
		rc = add_shift(t, k, i0, i0 + j);
	for (j = 1; j <= len - 3 && !rc; j++)
		rc = add_shift(t, k, i0 + len - 1, i0 + j);
	return rc;
}

static int reassign_moves(struct ts *t, int o)
{
	const struct sp *sp = t->sp;
	int a;

	for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++) {
		int k2 = sp->alt_m[a], x;
		long long est = 0;
		double dv = 0;

		if (k2 == t->cur.mach[o])
			continue;
		x = best_slot(t, o, k2, &est, &dv);
		if (x >= 0 && add_move(t, o, k2, x, est, dv))
			return -1;
	}
	return 0;
}

static int chain_moves(struct ts *t)
{
	const struct ss *s = &t->cur;
	int i = 0;

	while (i < t->nchain) {
		int o = t->chain[i], k = s->mach[o], j = i + 1;

		while (j < t->nchain && s->mach[t->chain[j]] == k &&
		       s->pos[t->chain[j]] == s->pos[t->chain[j - 1]] + 1)
			j++;
		if (block_moves(t, k, s->pos[o], j - i))
			return -1;
		for (; i < j; i++)
			if (t->sp->nalt[t->chain[i]] > 1 &&
			    reassign_moves(t, t->chain[i]))
				return -1;
	}
	return 0;
}

/* A late job, chosen with probability growing with its weighted lateness. */
static int pick_late(struct ts *t)
{
	const struct sp *sp = t->sp;
	double tot = 0, x;
	int j;

	for (j = 0; j < sp->nj; j++) {
		int l = sp->jlast[j];

		if (l >= 0 && !sp->frozen[l] && t->cur.end[l] > sp->due[j])
			tot += sp->weight[j] * (double)(t->cur.end[l] - sp->due[j]) + 1;
	}
	if (tot <= 0)
		return -1;
	x = (double)(ts_rnd(t) >> 11) / 9007199254740992.0 * tot;
	for (j = 0; j < sp->nj; j++) {
		int l = sp->jlast[j];

		if (l < 0 || sp->frozen[l] || t->cur.end[l] <= sp->due[j])
			continue;
		x -= sp->weight[j] * (double)(t->cur.end[l] - sp->due[j]) + 1;
		if (x <= 0)
			return l;
	}
	return -1;
}

int sched_ts_gen_moves(struct ts *t)
{
	int from = -1, tries;

	t->nmv = 0;
	t->target = -1;
	tails(t);
	for (tries = 0; tries < 3; tries++) {
		from = -1;
		if (t->exact &&
		    (t->ctl->par->objective != MES_SCHED_LEX || t->cur.twt > 0))
			from = pick_late(t);
		if (from >= 0)
			t->target = t->sp->job[from];
		else
			from = last_op(t);
		if (from < 0)
			return 0;
		trace(t, from);
		if (chain_moves(t))
			return -1;
		if (t->nmv > 0 || !t->exact)
			break;
	}
	return 0;
}

