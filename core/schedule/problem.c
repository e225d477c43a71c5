/*
 * From the model as the caller built it to the flat problem the solver
 * works on: arrays per operation, blocked time per machine (calendars
 * merged, working intervals turned into their complement), frozen
 * operations as blocked slots, setup matrices.  Model errors that only
 * show once everything is known (an op without machine, overlapping
 * frozen work) are found here, before any search.
 */
#include <stdlib.h>
#include <string.h>
#include "sched_int.h"

static int cmp_iv(const void *a, const void *b)
{
	const struct sched_iv *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

static int cmp_frz(const void *a, const void *b)
{
	const struct sched_frz *x = a, *y = b;

	return (x->s > y->s) - (x->s < y->s);
}

/* Sorts and merges in place; returns the new count. */
static int merge_ivs(struct sched_iv *v, int n)
{
	int i, k = 0;

	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, cmp_iv);
	for (i = 1; i < n; i++) {
		if (v[i].s <= v[k].e) {
			if (v[i].e > v[k].e)
				v[k].e = v[i].e;
		} else {
			v[++k] = v[i];
		}
	}
	return k + 1;
}

/* Blocked time of machine k: its off intervals plus, when it has working
 * intervals, everything outside them. */
static int build_off(struct sp *sp, int k)
{
	const struct sched_mmach *mm = &sp->m->mach[k];
	int nw = mm->work.n, n = 0, i, cap = mm->off.n + nw + 1;
	struct sched_iv *w = NULL, *v = malloc((size_t)cap * sizeof *v);

	if (!v)
		return -1;
	for (i = 0; i < mm->off.n; i++)
		if (mm->off.v[i].e > mm->off.v[i].s)
			v[n++] = mm->off.v[i];
	if (nw > 0) {
		long long prev = -SCHED_INF;

		w = malloc((size_t)nw * sizeof *w);
		if (!w) {
			free(v);
			return -1;
		}
		memcpy(w, mm->work.v, (size_t)nw * sizeof *w);
		nw = merge_ivs(w, nw);
		for (i = 0; i < nw; i++) {
			if (w[i].s > prev) {
				v[n].s = prev;
				v[n++].e = w[i].s;
			}
			prev = w[i].e;
		}
		v[n].s = prev;
		v[n++].e = SCHED_INF;
		free(w);
	}
	sp->n_off[k] = merge_ivs(v, n);
	sp->off[k] = v;
	return 0;
}

/* ---- flattening --------------------------------------------------------- */

static int check_model(struct mes_sched_model *m)
{
	int o, j;

	for (o = 0; o < m->n_op; o++) {
		const struct sched_mop *op = &m->op[o];
		int a, ok = !op->frozen;

		if (op->n_alt == 0)
			return sched_fail(m, MES_ERR_ARG,
			                  "operation %d has no machine", o);
		for (a = 0; a < op->n_alt && !ok; a++)
			ok = op->alt[a].machine == op->frz_machine;
		if (!ok)
			return sched_fail(m, MES_ERR_ARG,
			                  "operation %d is frozen on machine %d, "
			                  "which is not one of its machines", o,
			                  op->frz_machine);
	}
	for (j = 0; j < m->n_job; j++) {
		int seen_free = 0;

		for (o = m->job[j].first; o >= 0; o = m->op[o].next) {
			if (m->op[o].frozen && seen_free)
				return sched_fail(m, MES_ERR_ARG,
				                  "operation %d is frozen but an "
				                  "earlier one of job %d is not",
				                  o, j);
			seen_free |= !m->op[o].frozen;
		}
	}
	return MES_OK;
}

static int alloc_arrays(struct sp *sp, int nalt)
{
	int n = sp->n ? sp->n : 1, nj = sp->nj ? sp->nj : 1;
	int nm = sp->nm ? sp->nm : 1;

	sp->jprev = calloc((size_t)n, sizeof(int));
	sp->jnext = calloc((size_t)n, sizeof(int));
	sp->job = calloc((size_t)n, sizeof(int));
	sp->fam = calloc((size_t)n, sizeof(int));
	sp->split = calloc((size_t)n, sizeof(int));
	sp->frozen = calloc((size_t)n, sizeof(int));
	sp->hint_m = calloc((size_t)n, sizeof(int));
	sp->hint_s = calloc((size_t)n, sizeof(long long));
	sp->release = calloc((size_t)n, sizeof(long long));
	sp->alt0 = calloc((size_t)n, sizeof(int));
	sp->nalt = calloc((size_t)n, sizeof(int));
	sp->alt_m = calloc((size_t)(nalt ? nalt : 1), sizeof(int));
	sp->alt_p = calloc((size_t)(nalt ? nalt : 1), sizeof(long long));
	sp->frz_s = calloc((size_t)n, sizeof(long long));
	sp->frz_e = calloc((size_t)n, sizeof(long long));
	sp->due = calloc((size_t)nj, sizeof(long long));
	sp->weight = calloc((size_t)nj, sizeof(double));
	sp->jlast = calloc((size_t)nj, sizeof(int));
	sp->setup = calloc((size_t)nm, sizeof(long long *));
	sp->off = calloc((size_t)nm, sizeof(struct sched_iv *));
	sp->n_off = calloc((size_t)nm, sizeof(int));
	sp->frz = calloc((size_t)nm, sizeof(struct sched_frz *));
	sp->n_frz = calloc((size_t)nm, sizeof(int));
	sp->cap = calloc((size_t)nm, sizeof(int));
	return !(sp->jprev && sp->jnext && sp->job && sp->fam && sp->split &&
	         sp->frozen && sp->hint_m && sp->hint_s && sp->release &&
	         sp->alt0 && sp->nalt &&
	         sp->alt_m && sp->alt_p && sp->frz_s && sp->frz_e && sp->due &&
	         sp->weight && sp->jlast && sp->setup && sp->off &&
	         sp->n_off && sp->frz && sp->n_frz && sp->cap) ? -1 : 0;
}

static void flatten_ops(struct sp *sp)
{
	const struct mes_sched_model *m = sp->m;
	int o, j, a, na = 0;
	long long psum = 0;

	for (j = 0; j < sp->nj; j++) {
		int prev = -1;

		sp->due[j] = m->job[j].due < 0 ? SCHED_INF : m->job[j].due;
		sp->weight[j] = m->job[j].weight;
		sp->jlast[j] = m->job[j].last;
		for (o = m->job[j].first; o >= 0; o = m->op[o].next) {
			sp->jprev[o] = prev;
			sp->jnext[o] = m->op[o].next;
			prev = o;
		}
	}
	for (o = 0; o < sp->n; o++) {
		const struct sched_mop *op = &m->op[o];
		long long pmin = SCHED_INF;

		sp->job[o] = op->job;
		sp->fam[o] = m->job[op->job].family;
		sp->split[o] = op->split;
		sp->frozen[o] = op->frozen;
		sp->hint_m[o] = -1;
		sp->release[o] = m->job[op->job].release;
		sp->alt0[o] = na;
		sp->nalt[o] = op->n_alt;
		sp->flexible |= op->n_alt > 1;
		for (a = 0; a < op->n_alt; a++, na++) {
			sp->alt_m[na] = op->alt[a].machine;
			sp->alt_p[na] = op->alt[a].p;
			if (op->alt[a].p < pmin)
				pmin = op->alt[a].p;
			if (!op->frozen)
				sp->cap[op->alt[a].machine]++;
		}
		if (!op->frozen) {
			sp->n_free++;
			psum += pmin;
		}
		/* A hint on a machine the op cannot use is no hint. */
		for (a = 0; a < op->n_alt && !op->frozen; a++) {
			if (op->alt[a].machine != op->hint_machine)
				continue;
			sp->hint_m[o] = op->hint_machine;
			sp->hint_s[o] = op->hint_start;
			sp->n_hint++;
		}
	}
	sp->pmean = sp->n_free ? psum / sp->n_free : 1;
	if (sp->pmean < 1)
		sp->pmean = 1;
}

static int build_setups(struct sp *sp)
{
	const struct mes_sched_model *m = sp->m;
	int i;

	for (i = 0; i < m->n_setup; i++) {
		const struct sched_setup *s = &m->setup[i];
		long long **row = &sp->setup[s->machine];

		if (!*row) {
			*row = calloc((size_t)sp->nf * (size_t)sp->nf,
			              sizeof(long long));
			if (!*row)
				return -1;
		}
		(*row)[s->from * sp->nf + s->to] = s->minutes;
		sp->has_setup |= s->minutes > 0;
	}
	return 0;
}

/* Frozen ops become blocked slots on their machine. */
static int build_frozen(struct sp *sp)
{
	const struct mes_sched_model *m = sp->m;
	int o, k;

	for (o = 0; o < sp->n; o++) {
		const struct sched_mop *op = &m->op[o];
		long long p, e;

		if (!op->frozen)
			continue;
		k = op->frz_machine;
		p = sched_sp_ptime(sp, o, k);
		e = op->frz_start + p;
		if (op->split && sp->n_off[k])
			e = sched_sp_walk_end(sp, k, op->frz_start, p);
		sp->frz_s[o] = op->frz_start;
		sp->frz_e[o] = e;
		sp->n_frz[k]++;
	}
	for (k = 0; k < sp->nm; k++) {
		sp->frz[k] = calloc((size_t)sp->n_frz[k] + 1, sizeof **sp->frz);
		if (!sp->frz[k])
			return -1;
		sp->n_frz[k] = 0;
	}
	for (o = 0; o < sp->n; o++) {
		struct sched_frz *f;

		if (!m->op[o].frozen)
			continue;
		k = m->op[o].frz_machine;
		f = &sp->frz[k][sp->n_frz[k]++];
		f->s = sp->frz_s[o];
		f->e = sp->frz_e[o];
		f->family = sp->fam[o];
		f->op = o;
	}
	for (k = 0; k < sp->nm; k++)
		qsort(sp->frz[k], (size_t)sp->n_frz[k], sizeof **sp->frz,
		      cmp_frz);
	return 0;
}

/* Running work that overlaps cannot be planned around: say so rather
 * than return a plan the validator rejects. */
static int check_frozen(struct sp *sp, struct mes_sched_model *m)
{
	int k, i;

	for (k = 0; k < sp->nm; k++) {
		const struct sched_frz *f = sp->frz[k];

		for (i = 1; i < sp->n_frz[k]; i++) {
			if (f[i - 1].e + sp_setup(sp, k, f[i - 1].family,
			                          f[i].family) <= f[i].s)
				continue;
			return sched_fail(m, MES_ERR_ARG,
			                  "frozen operations %d and %d overlap "
			                  "on machine %s", f[i - 1].op, f[i].op,
			                  m->mach[k].name);
		}
	}
	return MES_OK;
}

int sched_sp_build(struct sp *sp, struct mes_sched_model *m)
{
	int rc, o, nalt = 0, k;

	memset(sp, 0, sizeof *sp);
	rc = check_model(m);
	if (rc)
		return rc;
	sp->m = m;
	sp->n = m->n_op;
	sp->nj = m->n_job;
	sp->nm = m->n_mach;
	sp->nf = 1;
	for (o = 0; o < m->n_op; o++)
		nalt += m->op[o].n_alt;
	for (o = 0; o < m->n_job; o++)
		if (m->job[o].family >= sp->nf)
			sp->nf = m->job[o].family + 1;
	for (o = 0; o < m->n_setup; o++) {
		if (m->setup[o].from >= sp->nf)
			sp->nf = m->setup[o].from + 1;
		if (m->setup[o].to >= sp->nf)
			sp->nf = m->setup[o].to + 1;
	}
	if (alloc_arrays(sp, nalt))
		goto nomem;
	flatten_ops(sp);
	for (k = 0; k < sp->nm; k++)
		if (build_off(sp, k))
			goto nomem;
	if (build_setups(sp) || build_frozen(sp))
		goto nomem;
	rc = check_frozen(sp, m);
	if (rc)
		sched_sp_free(sp);
	return rc;
nomem:
	sched_sp_free(sp);
	return sched_fail(m, MES_ERR_NOMEM, "out of memory");
}

void sched_sp_free(struct sp *sp)
{
	int k;

	for (k = 0; k < sp->nm; k++) {
		if (sp->setup)
			free(sp->setup[k]);
		if (sp->off)
			free(sp->off[k]);
		if (sp->frz)
			free(sp->frz[k]);
	}
	free(sp->jprev); free(sp->jnext); free(sp->job); free(sp->fam);
	free(sp->split); free(sp->frozen); free(sp->release);
	free(sp->hint_m); free(sp->hint_s);
	free(sp->alt0); free(sp->nalt); free(sp->alt_m); free(sp->alt_p);
	free(sp->frz_s); free(sp->frz_e); free(sp->due); free(sp->weight);
	free(sp->jlast); free(sp->setup); free(sp->off); free(sp->n_off);
	free(sp->frz); free(sp->n_frz); free(sp->cap);
	memset(sp, 0, sizeof *sp);
}

static long long pmin_of(const struct sp *sp, int o)
{
	long long pm = SCHED_INF;
	int a;

	for (a = sp->alt0[o]; a < sp->alt0[o] + sp->nalt[o]; a++)
		if (sp->alt_p[a] < pm)
			pm = sp->alt_p[a];
	return pm;
}

/* Per op: earliest start by its job alone (head) and work after it (tail). */
static void job_bounds(const struct sp *sp, long long *head, long long *tail,
                       long long *lb, long long *tot)
{
	int j, o;

	for (j = 0; j < sp->nj; j++) {
		long long c = sp->m->job[j].release, q = 0;

		for (o = sp->m->job[j].first; o >= 0; o = sp->jnext[o]) {
			head[o] = sp->frozen[o] ? sp->frz_s[o] : c;
			c = sp->frozen[o] ? sp->frz_e[o] : c + pmin_of(sp, o);
			*tot += pmin_of(sp, o);
		}
		if (c > *lb)
			*lb = c;
		for (o = sp->jlast[j]; o >= 0; o = sp->jprev[o]) {
			tail[o] = q;
			q += pmin_of(sp, o);
		}
	}
}

/*
 * Makespan can stop early once it meets this bound: the longest job, and
 * per machine the least head + the work only it can do + the least tail
 * (the one-machine relaxation), and total work over all machines.
 */
long long sched_sp_lower_bound(const struct sp *sp)
{
	size_t n = (size_t)sp->n + 1, nm = (size_t)sp->nm + 1;
	long long lb = 0, tot = 0, rmin = SCHED_INF;
	long long *head = malloc(n * sizeof *head), *tail = malloc(n * sizeof *tail);
	long long *load = calloc(nm, sizeof *load), *r = malloc(nm * sizeof *r);
	long long *q = malloc(nm * sizeof *q);
	int o, k;

	if (head && tail && load && r && q) {
		job_bounds(sp, head, tail, &lb, &tot);
		for (k = 0; k < sp->nm; k++)
			r[k] = q[k] = SCHED_INF;
		for (o = 0; o < sp->n; o++) {
			if (head[o] < rmin)
				rmin = head[o];
			if (sp->nalt[o] != 1)
				continue;
			k = sp->alt_m[sp->alt0[o]];
			load[k] += sp->alt_p[sp->alt0[o]];
			if (head[o] < r[k])
				r[k] = head[o];
			if (tail[o] < q[k])
				q[k] = tail[o];
		}
		for (k = 0; k < sp->nm; k++)
			if (load[k] && r[k] + load[k] + q[k] > lb)
				lb = r[k] + load[k] + q[k];
		if (sp->nm && sp->n && rmin + (tot + sp->nm - 1) / sp->nm > lb)
			lb = rmin + (tot + sp->nm - 1) / sp->nm;
	}
	free(head); free(tail); free(load); free(r); free(q);
	return lb;
}

