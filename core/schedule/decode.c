/*
 * From machine sequences to times.
 *
 * A schedule is represented by its machine assignment and the order of
 * operations on each machine; times follow by placing every operation as
 * early as its job, its machine, the calendar and frozen work allow.  This
 * semi-active decoding is what both the construction and the search use,
 * so any sequence they produce has exactly one schedule.
 */
#include <stdlib.h>
#include <string.h>
#include "sched_int.h"

long long sched_sp_ptime(const struct sp *sp, int o, int k)
{
	int a;

	for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++)
		if (sp->alt_m[a] == k)
			return sp->alt_p[a];
	return -1;
}

/* First blocked interval of k ending after t. */
static int off_after(const struct sp *sp, int k, long long t)
{
	const struct sched_iv *v = sp->off[k];
	int lo = 0, hi = sp->n_off[k];

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (v[mid].e <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* End of p working minutes from t (t already in working time). */
static long long walk_end(const struct sp *sp, int k, long long t,
                          long long p, int i)
{
	const struct sched_iv *v = sp->off[k];

	while (p > 0) {
		long long avail = i < sp->n_off[k] ? v[i].s - t : SCHED_INF;

		if (avail < 0)
			avail = 0;  /* a frozen op may start in a break */
		if (avail >= p)
			return t + p;
		p -= avail;
		t = v[i].e;
		if (t >= SCHED_INF)
			return SCHED_INF;
		i++;
	}
	return t;
}

/* Calendar only: earliest start >= t, and its end. */
static long long cal_slot(const struct sp *sp, int k, long long t,
                          long long p, int split, long long *end)
{
	const struct sched_iv *v = sp->off[k];

	for (;;) {
		int i = off_after(sp, k, t);

		if (i < sp->n_off[k] && v[i].s <= t && (p > 0 || v[i].s < t)) {
			t = v[i].e;
			if (t >= SCHED_INF)
				return -1;
			continue;
		}
		if (split) {
			*end = walk_end(sp, k, t, p, i);
		} else if (i < sp->n_off[k] && v[i].s < t + p) {
			t = v[i].e;
			if (t >= SCHED_INF)
				return -1;
			continue;
		} else {
			*end = t + p;
		}
		return *end >= SCHED_INF ? -1 : t;
	}
}

int sched_sp_slot(const struct sp *sp, int k, long long t, long long p,
                  int fam, int split, long long *start, long long *end)
{
	for (;;) {
		const struct sched_frz *f = sp->frz[k];
		int i, moved = 0;

		if (sp->n_off[k]) {
			t = cal_slot(sp, k, t, p, split, end);
			if (t < 0)
				return -1;
		} else {
			*end = t + p;
		}
		for (i = 0; i < sp->n_frz[k]; i++) {
			long long after = f[i].e + sp_setup(sp, k, f[i].family, fam);

			if (*end + sp_setup(sp, k, fam, f[i].family) <= f[i].s ||
			    after <= t)
				continue;
			t = after;
			moved = 1;
			break;
		}
		if (!moved) {
			*start = t;
			return 0;
		}
	}
}

long long sched_sp_walk_end(const struct sp *sp, int k, long long t,
                            long long p)
{
	return walk_end(sp, k, t, p, off_after(sp, k, t));
}

long long sched_sp_work(const struct sp *sp, int k, long long a, long long b)
{
	const struct sched_iv *v = sp->off[k];
	long long w = b - a;
	int i;

	for (i = off_after(sp, k, a); i < sp->n_off[k] && v[i].s < b; i++) {
		long long s = v[i].s > a ? v[i].s : a, e = v[i].e < b ? v[i].e : b;

		if (e > s)
			w -= e - s;
	}
	return w > 0 ? w : 0;
}

/* ---- solutions ---------------------------------------------------------- */

int sched_ss_alloc(struct ss *s, const struct sp *sp)
{
	size_t n = (size_t)(sp->n ? sp->n : 1), tot = 0;
	int k, o;

	memset(s, 0, sizeof *s);
	for (k = 0; k < sp->nm; k++)
		tot += (size_t)sp->cap[k];
	s->mach = calloc(n, sizeof(int));
	s->p = calloc(n, sizeof(long long));
	s->seq = calloc((size_t)(sp->nm ? sp->nm : 1), sizeof(int *));
	s->len = calloc((size_t)(sp->nm ? sp->nm : 1), sizeof(int));
	s->pos = calloc(n, sizeof(int));
	s->start = calloc(n, sizeof(long long));
	s->end = calloc(n, sizeof(long long));
	s->order = calloc(n, sizeof(int));
	s->deg = calloc(n, sizeof(int));
	s->mark = calloc(n, sizeof(int));
	s->list = calloc(n, sizeof(int));
	s->queue = calloc(n, sizeof(int));
	s->pool = calloc(tot ? tot : 1, sizeof(int));
	if (!s->mach || !s->p || !s->seq || !s->len || !s->pos || !s->start ||
	    !s->end || !s->order || !s->deg || !s->pool || !s->mark ||
	    !s->list || !s->queue) {
		sched_ss_free(s);
		return -1;
	}
	tot = 0;
	for (k = 0; k < sp->nm; k++) {
		s->seq[k] = s->pool + tot;
		tot += (size_t)sp->cap[k];
	}
	for (o = 0; o < sp->n; o++) {
		s->mach[o] = -1;
		if (sp->frozen[o]) {
			s->mach[o] = sp->m->op[o].frz_machine;
			s->p[o] = sched_sp_ptime(sp, o, s->mach[o]);
			s->start[o] = sp->frz_s[o];
			s->end[o] = sp->frz_e[o];
		}
	}
	return 0;
}

void sched_ss_free(struct ss *s)
{
	free(s->mach); free(s->p); free(s->seq); free(s->len); free(s->pos);
	free(s->start); free(s->end); free(s->order); free(s->deg);
	free(s->pool); free(s->mark); free(s->list); free(s->queue);
	memset(s, 0, sizeof *s);
}

void sched_ss_copy(struct ss *d, const struct ss *s,
                   const struct sp *sp)
{
	size_t n = (size_t)sp->n;
	int k;

	memcpy(d->mach, s->mach, n * sizeof(int));
	memcpy(d->p, s->p, n * sizeof(long long));
	memcpy(d->pos, s->pos, n * sizeof(int));
	memcpy(d->start, s->start, n * sizeof(long long));
	memcpy(d->end, s->end, n * sizeof(long long));
	memcpy(d->order, s->order, n * sizeof(int));
	for (k = 0; k < sp->nm; k++) {
		d->len[k] = s->len[k];
		memcpy(d->seq[k], s->seq[k], (size_t)s->len[k] * sizeof(int));
	}
	d->makespan = s->makespan;
	d->twt = s->twt;
	d->late = s->late;
}

void sched_ss_remove(struct ss *s, int o)
{
	int k = s->mach[o], i = s->pos[o], *q = s->seq[k];

	for (; i + 1 < s->len[k]; i++) {
		q[i] = q[i + 1];
		s->pos[q[i]] = i;
	}
	s->len[k]--;
	s->mach[o] = -1;
}

void sched_ss_insert(struct ss *s, const struct sp *sp, int o, int k,
                     int at)
{
	int i, *q = s->seq[k];

	for (i = s->len[k]; i > at; i--) {
		q[i] = q[i - 1];
		s->pos[q[i]] = i;
	}
	q[at] = o;
	s->pos[o] = at;
	s->len[k]++;
	s->mach[o] = k;
	s->p[o] = sched_sp_ptime(sp, o, k);
}

/* ---- decoding ----------------------------------------------------------- */

static int place(const struct sp *sp, const struct ss *s, int o,
                 long long *st, long long *en)
{
	int k = s->mach[o], jp = sp->jprev[o], i = s->pos[o];
	long long t = sp->release[o];

	if (jp >= 0 && en[jp] > t)
		t = en[jp];
	if (i > 0) {
		int mp = s->seq[k][i - 1];
		long long r = en[mp] + sp_setup(sp, k, sp->fam[mp], sp->fam[o]);

		if (r > t)
			t = r;
	}
	if (!sp->n_off[k] && !sp->n_frz[k]) {
		st[o] = t;
		en[o] = t + s->p[o];
		return 0;
	}
	return sched_sp_slot(sp, k, t, s->p[o], sp->fam[o], sp->split[o],
	                     &st[o], &en[o]);
}

int sched_ss_decode(const struct sp *sp, struct ss *s, long long *st,
                    long long *en, int *order)
{
	int o, head = 0, tail = 0, *deg = s->deg;

	for (o = 0; o < sp->n; o++) {
		int jp = sp->jprev[o];

		if (sp->frozen[o]) {
			st[o] = sp->frz_s[o];
			en[o] = sp->frz_e[o];
			continue;
		}
		deg[o] = (jp >= 0 && !sp->frozen[jp]) + (s->pos[o] > 0);
		if (!deg[o])
			order[tail++] = o;
	}
	while (head < tail) {
		int jn, k, i;

		o = order[head++];
		if (place(sp, s, o, st, en))
			return -2;
		jn = sp->jnext[o];
		if (jn >= 0 && --deg[jn] == 0)
			order[tail++] = jn;
		k = s->mach[o];
		i = s->pos[o] + 1;
		if (i < s->len[k] && --deg[s->seq[k][i]] == 0)
			order[tail++] = s->seq[k][i];
	}
	return tail == sp->n_free ? 0 : -1;
}

static void reach(struct ss *s, int o)
{
	if (o >= 0 && s->mark[o] != s->stamp) {
		s->mark[o] = s->stamp;
		s->list[s->nlist++] = o;
	}
}

static int machine_next(const struct ss *s, int o)
{
	int k = s->mach[o], i = s->pos[o] + 1;

	return i < s->len[k] ? s->seq[k][i] : -1;
}

static int machine_prev(const struct ss *s, int o)
{
	return s->pos[o] > 0 ? s->seq[s->mach[o]][s->pos[o] - 1] : -1;
}

/* The ops reachable from the seeds, then Kahn's order among them only:
 * everything else keeps its time, so a move late in the plan is cheap. */
int sched_ss_decode_from(const struct sp *sp, struct ss *s,
                         const int *seeds, int nseeds, long long *st,
                         long long *en)
{
	int i, head = 0, tail = 0, n, *q = s->queue;

	if (++s->stamp == 0x7fffffff) {
		memset(s->mark, 0, (size_t)sp->n * sizeof(int));
		s->stamp = 1;
	}
	s->nlist = 0;
	for (i = 0; i < nseeds; i++)
		if (seeds[i] >= 0 && !sp->frozen[seeds[i]])
			reach(s, seeds[i]);
	for (i = 0; i < s->nlist; i++) {
		reach(s, sp->jnext[s->list[i]]);
		reach(s, machine_next(s, s->list[i]));
	}
	n = s->nlist;
	for (i = 0; i < n; i++) {
		int o = s->list[i], jp = sp->jprev[o], mp = machine_prev(s, o);

		s->deg[o] = (jp >= 0 && s->mark[jp] == s->stamp) +
		            (mp >= 0 && s->mark[mp] == s->stamp);
		if (!s->deg[o])
			q[tail++] = o;
	}
	while (head < tail) {
		int o = q[head++], jn = sp->jnext[o], mn = machine_next(s, o);

		if (place(sp, s, o, st, en))
			return -2;
		if (jn >= 0 && --s->deg[jn] == 0)
			q[tail++] = jn;
		if (mn >= 0 && --s->deg[mn] == 0)
			q[tail++] = mn;
	}
	return tail == n ? 0 : -1;
}

void sched_ss_measure(const struct sp *sp, struct ss *s)
{
	long long mk = 0;
	double twt = 0;
	int o, j, late = 0;

	for (o = 0; o < sp->n; o++)
		if (s->end[o] > mk)
			mk = s->end[o];
	for (j = 0; j < sp->nj; j++) {
		int l = sp->jlast[j];

		if (l >= 0 && s->end[l] > sp->due[j]) {
			twt += sp->weight[j] * (double)(s->end[l] - sp->due[j]);
			late++;
		}
	}
	s->makespan = mk;
	s->twt = twt;
	s->late = late;
}

