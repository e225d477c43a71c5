/*
 * Finite-capacity scheduler: the engine behind `mesctl schedule` and the
 * dispatch board.  Pure computation: no database, no terminal, no output.
 *
 * Time is integer minutes from an origin the caller chooses (for the
 * product: the start of the planning horizon).  A model is built through
 * functions on an opaque struct mes_sched_model, solved into a struct
 * mes_sched_result, and any schedule (the solver's or a hand-made one) can
 * be checked by mes_sched_validate(), which shares no code with the solver.
 *
 * Every function returns an enum mes_rc (see mes.h); the text for a person
 * is in mes_sched_errmsg().  Ids are dense indices in the order of creation.
 */
#ifndef MES_SCHED_H
#define MES_SCHED_H

#include <stddef.h>
#include "mes.h"

/* A job without a due date (any negative due) is never tardy. */
#define MES_SCHED_NO_DUE (-1LL)

struct mes_sched_model;

enum mes_sched_objective {
	MES_SCHED_MAKESPAN,        /* completion of the last operation */
	MES_SCHED_TARDINESS,       /* sum of weight * max(0, end - due) */
	MES_SCHED_LEX,             /* tardiness first, then makespan */
};

/* Construction (dispatching) rules, before the improvement phase. */
enum mes_sched_rule {
	MES_SCHED_RULE_SPT,        /* shortest processing time */
	MES_SCHED_RULE_EDD,        /* earliest due date */
	MES_SCHED_RULE_MWKR,       /* most work remaining */
	MES_SCHED_RULE_ATC,        /* apparent tardiness cost */
};

/* ---- model -------------------------------------------------------------- */

int mes_sched_model_new(struct mes_sched_model **out);
void mes_sched_model_free(struct mes_sched_model *m);
/* The last error of any call on this model; never NULL. */
const char *mes_sched_errmsg(const struct mes_sched_model *m);

/* A machine (work center).  name may be NULL; it is only used in messages. */
int mes_sched_machine_add(struct mes_sched_model *m, const char *name,
                          int *id);
/*
 * Calendars.  Without any working interval a machine is available at all
 * times except its non-working intervals.  Once a working interval is
 * given, the machine works only inside its working intervals (and never
 * after the last one), minus its non-working intervals.  Intervals are
 * [start, end) and may overlap; order does not matter.
 */
int mes_sched_machine_add_work(struct mes_sched_model *m, int machine,
                               long long start, long long end);
int mes_sched_machine_add_off(struct mes_sched_model *m, int machine,
                              long long start, long long end);
/*
 * Sequence-dependent setup: minutes the machine needs between an operation
 * of family `from` and the next one of family `to`.  Unset pairs are 0.
 * Setup is elapsed time between the two operations (it may overlap a
 * non-working interval) and is not needed before the first operation.
 */
int mes_sched_setup_set(struct mes_sched_model *m, int machine, int from,
                        int to, long long minutes);

/*
 * A job (order).  due = MES_SCHED_NO_DUE for none; weight >= 0 scales its
 * tardiness; family (0..255, an item family) selects the setup row.
 */
int mes_sched_job_add(struct mes_sched_model *m, long long release,
                      long long due, double weight, int family, int *id);
/* The next operation of job in routing order. */
int mes_sched_op_add(struct mes_sched_model *m, int job, int *id);
/* An eligible machine for op and its processing time there (>= 0). */
int mes_sched_op_alt(struct mes_sched_model *m, int op, int machine,
                     long long minutes);
/* A split operation may be interrupted by non-working intervals: it
 * needs `minutes` of working time between its start and its end. */
int mes_sched_op_set_split(struct mes_sched_model *m, int op, int split);
/*
 * Fixes op on machine at start (an operation already running).  Only a
 * prefix of a job's routing may be frozen; the solver never moves it.
 */
int mes_sched_op_freeze(struct mes_sched_model *m, int op, int machine,
                        long long start);

/*
 * The op's place in the previous plan.  When a model has hints the solver
 * starts from them instead of a dispatching rule: ops keep their machine
 * and their order on it, ops without a hint (a rush order) queue after
 * them on their quickest machine, and the search moves things only where
 * that improves the objective.  A hint on a machine the op cannot use is
 * ignored; hints that contradict the routings make the solver fall back
 * to the dispatching rule.
 */
int mes_sched_op_hint(struct mes_sched_model *m, int op, int machine,
                      long long start);

void mes_sched_model_size(const struct mes_sched_model *m, int *jobs,
                          int *machines, int *ops);

/* ---- solving ------------------------------------------------------------ */

struct mes_sched_progress {
	long long iteration;
	double elapsed_ms;          /* since the solve started */
	long long makespan;         /* of the best schedule so far */
	double tardiness;
	int late_jobs;
};

/* Called after the first feasible schedule and whenever the best one
 * improves; return nonzero to stop the search early. */
typedef int (*mes_sched_progress_fn)(const struct mes_sched_progress *p,
                                     void *ctx);

struct mes_sched_params {
	enum mes_sched_objective objective;
	enum mes_sched_rule rule;
	/*
	 * The search stops after time_limit_ms from the call (construction
	 * included), or after iteration_limit steps, in which case the time
	 * limit is ignored, so that seed + input + iteration limit always
	 * give the same schedule.  Both 0: construction only.  It also stops
	 * when the makespan meets a lower bound, or tardiness reaches 0.
	 */
	long long time_limit_ms;
	long long iteration_limit;
	unsigned long long seed;
	mes_sched_progress_fn progress;   /* may be NULL */
	void *progress_ctx;
};

/* Makespan, MWKR, 10 s, no iteration limit, seed 1 (also what a NULL
 * params pointer means). */
void mes_sched_params_default(struct mes_sched_params *p);

struct mes_sched_plan {
	int machine;
	long long start;
	long long end;               /* exclusive; split ops include breaks */
};

struct mes_sched_result {
	int n_ops;
	struct mes_sched_plan *ops;  /* indexed by operation id */
	long long makespan;
	double tardiness;            /* total weighted tardiness */
	int late_jobs;
	long long iterations;        /* steps the search took */
	double first_feasible_ms;    /* time the construction took */
	double elapsed_ms;
};

/*
 * Solves m.  *out is NULL on failure; MES_ERR_RANGE when an operation
 * cannot be placed (no working time left on a machine), MES_ERR_ARG for
 * an inconsistent model (an op without machine, a frozen op after an
 * unfrozen one, frozen ops that overlap); mes_sched_errmsg() says which.
 * Ops of a job without a due date still count for the makespan.
 */
int mes_sched_solve(struct mes_sched_model *m,
                    const struct mes_sched_params *p,
                    struct mes_sched_result **out);
void mes_sched_result_free(struct mes_sched_result *r);

/* ---- simulation: the plan under the plant's variability ---------------- */

/*
 * A distribution of a positive quantity: minutes between failures,
 * minutes to repair, actual over planned time, the share scrapped.
 */
enum mes_dist_kind {
	MES_DIST_NONE,             /* nothing known: the plan's own figure */
	MES_DIST_CONST,            /* always a */
	MES_DIST_EXP,              /* exponential, mean a */
	MES_DIST_LOGNORMAL,        /* log of it normal: mean a, deviation b */
	MES_DIST_EMPIRICAL,        /* the samples v[0..n), drawn alike */
};

struct mes_dist {
	enum mes_dist_kind kind;
	double a, b;
	const double *v;           /* EMPIRICAL: sorted; the caller owns it */
	int n;                     /* the samples it was fitted from */
};

/*
 * Fits v[0..n) (sorted in place; must outlive *d when it is kept as
 * EMPIRICAL): at least `empirical` samples keep them as they are; at
 * least 3 fit the fallback form (EXP and CONST by the mean, LOGNORMAL by
 * the logs' mean and deviation; non-positive samples are left out of a
 * LOGNORMAL fit); fewer give MES_DIST_NONE.
 */
void mes_dist_fit(double *v, int n, int empirical,
                  enum mes_dist_kind fallback, struct mes_dist *d);
double mes_dist_mean(const struct mes_dist *d);
double mes_dist_median(const struct mes_dist *d);
const char *mes_dist_name(enum mes_dist_kind k);

/*
 * What varies, by op id and by machine id; a NULL array or a NULL entry
 * varies nothing there.  An op's time is its planned time times a draw
 * of ratio, its run part (all but setup[op] minutes) divided by (1 - a
 * draw of scrap): scrapped units are made again, the setup is not.  A
 * machine fails a draw of tbf minutes after its last repair (the first
 * time, a draw after the start) and is repaired a draw of ttr minutes
 * later; the operation it was running goes on after the repair.
 */
struct mes_sim_var {
	const struct mes_dist *const *ratio;
	const struct mes_dist *const *scrap;
	const struct mes_dist *const *tbf;
	const struct mes_dist *const *ttr;
	const long long *setup;
};

struct mes_sim_params {
	int runs;                  /* 1000 */
	unsigned long long seed;   /* 1: the same seed, the same figures */
	long long until;           /* > 0: nothing starts after it */
	/* An operation whose machine is down with more than this left to the
	 * repair goes to the alternative machine where it ends soonest, if
	 * that is sooner, ahead of the work queued there (what a lead does,
	 * and `schedule --repair` plans).  60 minutes. */
	long long reroute_min;
};

#define MES_SIM_UNFINISHED (-1LL)

struct mes_sim_job {
	double on_time;            /* share of runs finished by the due time */
	long long p10, p50, p90;   /* completion; MES_SIM_UNFINISHED past until */
	double mean_tardiness;     /* minutes, unweighted, over all runs */
};

struct mes_sim_machine {
	double util;               /* busy over working time to the run's end */
	double queue;              /* operations waiting for it, time-averaged */
	double bottleneck;         /* share of runs it was the most used */
};

struct mes_sim_result {
	int runs, n_jobs, n_mach, n_ops;
	struct mes_sim_job *job;
	struct mes_sim_machine *mach;
	long long *ends;           /* runs x n_jobs completions, run-major */
	struct mes_sched_plan *first;  /* every op as the first run ran it */
	int moved;                 /* ops rerouted, over all runs */
	double mean_on_time;       /* over jobs with a due date */
	double late_expected;      /* jobs late, mean over runs */
	long long makespan_p50;
	double elapsed_ms;
};

void mes_sim_params_default(struct mes_sim_params *p);
/*
 * Runs the plan (n entries by op id: machine and start; frozen ops keep
 * their frozen slot) p->runs times: each machine works its operations in
 * the order of their planned starts, each as early as its order, its
 * machine, the calendar and any failure allow.  With nothing varying one
 * run is exactly the schedule the solver decodes from that plan.
 * MES_ERR_ARG for a plan that puts an op on a machine it cannot use.
 */
int mes_sched_simulate(struct mes_sched_model *m,
                       const struct mes_sched_plan *plan, int n,
                       const struct mes_sim_var *var,
                       const struct mes_sim_params *p,
                       struct mes_sim_result **out);
void mes_sim_result_free(struct mes_sim_result *r);

/* ---- validation (independent of the solver) ----------------------------- */

enum mes_sched_violation {
	MES_SCHED_V_NONE,
	MES_SCHED_V_MISSING,       /* op without plan / bad machine index */
	MES_SCHED_V_ELIGIBILITY,   /* machine not among the op's machines */
	MES_SCHED_V_DURATION,      /* end - start does not match the time */
	MES_SCHED_V_PRECEDENCE,    /* starts before its routing predecessor ends */
	MES_SCHED_V_OVERLAP,       /* two ops at once on a machine (or setup) */
	MES_SCHED_V_CALENDAR,      /* runs over a non-working interval */
	MES_SCHED_V_RELEASE,       /* starts before the job's release */
	MES_SCHED_V_FROZEN,        /* a frozen op was moved */
};

/*
 * MES_OK when plan (n entries, by op id) is a valid schedule of m; else
 * MES_ERR_STATE with the kind of the first violation in *kind (may be
 * NULL) and a sentence naming it in msg.
 */
int mes_sched_validate(const struct mes_sched_model *m,
                       const struct mes_sched_plan *plan, int n, int *kind,
                       char *msg, size_t msglen);
/* Makespan, weighted tardiness and late jobs of a plan (not validated). */
void mes_sched_evaluate(const struct mes_sched_model *m,
                        const struct mes_sched_plan *plan, long long *makespan,
                        double *tardiness, int *late_jobs);

/* ---- benchmark files ---------------------------------------------------- */

/*
 * Standard job-shop text (first line `jobs machines`, then per job its
 * `machine time` pairs, machines from 0) and the flexible .fjs format
 * (`jobs machines [avg]`, per job: op count, per op: count of machines
 * then `machine time` pairs, machines from 1).  Errors name the line in
 * errbuf: MES_ERR_SYNTAX for bad text, MES_ERR_RANGE for a negative time
 * or a machine out of range, MES_ERR_IO when the file cannot be read.
 * Messages do not repeat the path: the caller knows it.
 */
int mes_sched_parse_jssp(const char *text, struct mes_sched_model **out,
                         char *errbuf, size_t errn);
int mes_sched_parse_fjs(const char *text, struct mes_sched_model **out,
                        char *errbuf, size_t errn);
/* Reads path; `.fjs` means flexible, anything else standard. */
int mes_sched_read_file(const char *path, struct mes_sched_model **out,
                        char *errbuf, size_t errn);

/* ---- generator of a plant-sized instance -------------------------------- */

struct mes_sched_gen {
	int orders;                 /* 2000 */
	int ops_per_order;          /* 8 */
	int centers;                /* 60 */
	int families;               /* 6: item families for setups */
	unsigned long long seed;
};

void mes_sched_gen_default(struct mes_sched_gen *g);
/* Orders with alternatives, two-shift calendars with weekends and
 * maintenance, release and due dates, family setups. */
int mes_sched_gen_plant(const struct mes_sched_gen *g,
                        struct mes_sched_model **out);

#endif
