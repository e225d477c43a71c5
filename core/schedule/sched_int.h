/*
 * Scheduler internals shared by the files of core/schedule/; not installed.
 *
 * The model keeps what the caller said, as said (raw calendars, setups as
 * a list).  The solver flattens it into a struct sp (problem) once per
 * solve, and works on a struct ss (solution: machine per op and the
 * sequence on each machine), decoded into start/end times.
 *
 *   model.c            building the model, the solve entry point
 *   problem.c          model -> struct sp, lower bound
 *   decode.c           calendars, sequences -> times (full and partial)
 *   dispatch.c         construction: dispatching rules, previous plan
 *   moves.c            neighbourhood and estimates (sched_ts.h)
 *   tabu.c             the search
 *   validate.c         the independent check
 *   io.c               benchmark file readers
 *   gen.c              the plant-sized generator
 *   dist.c             distributions, their fit to samples, the random source
 *   sim.c              the plan simulated under variability (the twin)
 */
#ifndef MES_SCHED_INT_H
#define MES_SCHED_INT_H

#include <stdint.h>
#include "sched.h"

#define SCHED_INF (INT64_MAX / 4)

struct sched_iv {
	long long s, e;
};

struct sched_ivs {
	struct sched_iv *v;
	int n, cap;
};

struct sched_alt {
	int machine;
	long long p;
};

struct sched_mop {                 /* a model operation */
	int job;
	int next;                  /* next op of the job, -1 at the end */
	struct sched_alt *alt;
	int n_alt, cap_alt;
	int split;
	int frozen;
	int frz_machine;
	long long frz_start;
	int hint_machine;          /* -1: none */
	long long hint_start;
};

struct sched_mjob {
	long long release, due;
	double weight;
	int family;
	int first, last, n_ops;
};

struct sched_setup {
	int machine, from, to;
	long long minutes;
};

struct sched_mmach {
	char name[32];
	struct sched_ivs work, off;
};

struct mes_sched_model {
	struct sched_mmach *mach;
	int n_mach, cap_mach;
	struct sched_mjob *job;
	int n_job, cap_job;
	struct sched_mop *op;
	int n_op, cap_op;
	struct sched_setup *setup;
	int n_setup, cap_setup;
	char err[256];
};

/* Printf into m->err; returns rc so callers can `return sched_fail(...)`. */
int sched_fail(struct mes_sched_model *m, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- flattened problem -------------------------------------------------- */

struct sched_frz {                 /* a frozen op seen as a blocked slot */
	long long s, e;
	int family;
	int op;
};

struct sp {
	const struct mes_sched_model *m;
	int n, nj, nm, nf;         /* ops, jobs, machines, families */
	int n_free;                /* ops the solver places */
	int *jprev, *jnext, *job, *fam, *split, *frozen;
	int *hint_m;               /* previous plan: machine or -1 */
	long long *hint_s;
	int n_hint;
	long long *release;        /* of the op's job */
	int *alt0, *nalt;          /* into alt_m / alt_p */
	int *alt_m;
	long long *alt_p;
	long long *due;            /* per job, SCHED_INF = none */
	double *weight;
	int *jlast;
	long long **setup;         /* per machine nf*nf or NULL */
	struct sched_iv **off;     /* per machine: merged blocked time */
	int *n_off;
	struct sched_frz **frz;    /* per machine, by start */
	int *n_frz;
	long long *frz_s, *frz_e;  /* per op (frozen ops only) */
	int *cap;                  /* per machine: ops eligible */
	long long pmean;
	int flexible, has_setup;
};

struct ss {
	int *mach;                 /* machine of each op */
	long long *p;              /* its processing time there */
	int **seq;                 /* per machine, capacity sp->cap[k] */
	int *len;
	int *pos;                  /* index of op in its machine's sequence */
	long long *start, *end;
	int *order;                /* topological order of free ops */
	int *deg;                  /* decoding scratch */
	int *mark, *list, *queue;  /* partial decoding scratch */
	int stamp, nlist;
	int *pool;                 /* storage behind seq */
	long long makespan;
	double twt;
	int late;
};

int sched_sp_build(struct sp *sp, struct mes_sched_model *m);
void sched_sp_free(struct sp *sp);

static inline long long sp_setup(const struct sp *sp, int k, int fa, int fb)
{
	return sp->setup[k] ? sp->setup[k][fa * sp->nf + fb] : 0;
}

int sched_ss_alloc(struct ss *s, const struct sp *sp);
void sched_ss_free(struct ss *s);
void sched_ss_copy(struct ss *dst, const struct ss *src,
                   const struct sp *sp);
void sched_ss_remove(struct ss *s, int o);
void sched_ss_insert(struct ss *s, const struct sp *sp, int o, int k,
                     int at);
long long sched_sp_ptime(const struct sp *sp, int o, int k);

/* Earliest start >= t of an op of family fam needing p minutes on k;
 * -1 when the machine has no working time left. */
int sched_sp_slot(const struct sp *sp, int k, long long t, long long p,
                  int fam, int split, long long *start, long long *end);
/* End of p working minutes of a split op started at t on machine k. */
long long sched_sp_walk_end(const struct sp *sp, int k, long long t,
                            long long p);
/* Start/end of every op from the sequences into st/en; -1 on a cycle. */
int sched_ss_decode(const struct sp *sp, struct ss *s, long long *st,
                    long long *en, int *order);
/*
 * Re-times only what the seeds can reach, into st/en which must hold the
 * times of the sequences before the seeds changed; s->list[0..nlist) are
 * the ops it wrote.  -1 on a cycle, -2 when a machine has no time left.
 */
int sched_ss_decode_from(const struct sp *sp, struct ss *s,
                         const int *seeds, int nseeds, long long *st,
                         long long *en);
void sched_ss_measure(const struct sp *sp, struct ss *s);
/* Working minutes of machine k in [a, b). */
long long sched_sp_work(const struct sp *sp, int k, long long a, long long b);
/* Makespan no schedule can beat (jobs alone, machines alone). */
long long sched_sp_lower_bound(const struct sp *sp);

/* Construction by a dispatching rule into s (decoded). */
int sched_construct(const struct sp *sp, struct ss *s,
                    enum mes_sched_rule rule);
/* Construction from the previous plan's hints; nonzero when they do not
 * make a schedule (s is then empty again). */
int sched_from_hints(const struct sp *sp, struct ss *s);

struct sched_search {
	const struct mes_sched_params *par;
	double t0_ms;
	long long iterations;
};
int sched_improve(const struct sp *sp, struct ss *s, struct sched_search *ctl);

double sched_now_ms(void);

/* xoshiro256** (Blackman and Vigna), seeded through splitmix64: the same
 * seed gives the same draws on every machine. */
struct sched_rng {
	unsigned long long s[4];
};
void sched_rng_seed(struct sched_rng *r, unsigned long long seed);
/* Uniform on (0, 1), never 0 or 1. */
double sched_rng_unit(struct sched_rng *r);
/* One draw of d (1.0 for MES_DIST_NONE: "as planned"). */
double sched_dist_draw(const struct mes_dist *d, struct sched_rng *r);
void sched_report(const struct sched_search *ctl, const struct ss *s,
                  long long iter, int *stop);

#endif
