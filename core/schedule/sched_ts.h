/*
 * The search's working state, shared by moves.c (the neighbourhood
 * and its estimates) and tabu.c (choosing, applying, the loop).
 */
#ifndef MES_SCHED_TS_H
#define MES_SCHED_TS_H

#include "sched_int.h"

#define TABU_SLOTS 8192       /* power of two */
#define EXACT_SAMPLE 24
#define MAX_SHIFT 32

struct move {
	int op, k, to;
	long long est;             /* makespan estimate */
	double dv;                 /* tardiness change estimate (exact mode) */
};

/* "a must not come before b on its machine" until an iteration; b < 0
 * encodes "a must not return to machine -b-1". */
struct tabu {
	int a, b;
	long long until;
};

struct cost {
	double a, b;
};

struct ts {
	const struct sp *sp;
	struct sched_search *ctl;
	struct ss cur, best;
	struct cost ccur, cbest;
	long long *st2, *en2, *q;
	int *ord2;
	int *chain, nchain;
	struct move *mv;
	int nmv, cap_mv;
	struct tabu *tl;
	int *seg;                  /* a shifted segment, and its heads */
	long long *rr;
	unsigned long long rng;
	long long iter, lb;
	int tenure, exact, noest;
	double dv;                 /* of the last estimate */
	int target;                /* late job whose path gave the moves */
	int sample;                /* moves decoded per step (exact mode) */
	long long stall_max;       /* steps without a new best before a jump */
	int kick;                  /* most random moves in a jump */
	int descent;               /* take improving (or equal) moves only */
};

static inline unsigned long long ts_rnd(struct ts *t)
{
	unsigned long long z = (t->rng += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline int ts_rndn(struct ts *t, int n)
{
	return n > 0 ? (int)(ts_rnd(t) % (unsigned long long)n) : 0;
}

/* Moves from a critical path of t->cur into t->mv (tails recomputed);
 * -1 when out of memory.  With t->noest the estimates are skipped. */
int sched_ts_gen_moves(struct ts *t);

#endif
