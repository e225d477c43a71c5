/*
 * The plant's digital twin: what its own history says about how it runs
 * (breakdowns, repairs, run times against the standard, scrap), and the
 * current plan simulated under that, many times, for the chance that
 * each order is on time.  The simulation engine is core/sched.h's; this
 * is the plant around it.
 */
#ifndef MES_TWIN_H
#define MES_TWIN_H

#include <time.h>
#include "mes.h"
#include "schedule.h"

/* Where a learned figure comes from. */
enum mes_twin_basis {
	MES_TWIN_OWN,              /* this work center's or operation's history */
	MES_TWIN_POOLED,           /* its work center's operations together */
	MES_TWIN_PLAN,             /* too little history: the plan's own figure */
};

/* Samples below which a form is fitted (exponential between failures,
 * lognormal for repairs and run-time ratios, the mean for scrap); from
 * it on, the samples themselves are drawn from. */
#define MES_TWIN_EMPIRICAL 30

struct mes_twin_fit {
	struct mes_dist d;         /* d.n: the samples it was learned from */
	enum mes_twin_basis basis;
};

struct mes_twin_wc {
	long long id;
	char code[33];
	int machines;              /* capacity */
	double week_hours;         /* working hours a week, from its shifts */
	struct mes_twin_fit tbf;   /* minutes from a repair to the next stop */
	struct mes_twin_fit ttr;   /* minutes a stop lasts */
	struct mes_twin_fit ratio; /* its operations' actual over standard */
	struct mes_twin_fit scrap; /* their share scrapped */
};

struct mes_twin_op {
	long long routing_op_id;
	char item_no[41];
	int seq;
	char wc[33];
	struct mes_twin_fit ratio, scrap;
};

struct mes_twin_model {
	struct mes_twin_wc *wc;
	int n_wc;
	struct mes_twin_op *op;
	int n_op;
	long long downtime_events, completed_ops;
	double *pool;              /* the samples the fits point into */
};

/*
 * Learns from the whole history: downtime events of each work center's
 * assets (time between a stop's end and the next one's start, and each
 * stop's length), completed operations (elapsed time less pauses over
 * setup plus run time for the quantity made, and the share scrapped).
 * An operation with fewer than 3 samples of its own takes its work
 * center's; with fewer than 3 there too, the plan's figure.
 * Roles: any (reads only).
 */
int mes_twin_learn(struct mes_db *db, struct mes_twin_model **out);
void mes_twin_model_free(struct mes_twin_model *m);
/* The routing operation's fits, or NULL when it has no history. */
const struct mes_twin_op *mes_twin_op_find(const struct mes_twin_model *m,
                                           long long routing_op_id);

struct mes_twin_opts {
	int runs;                  /* 1000 */
	unsigned long long seed;   /* 1 */
	const char *until;         /* ISO 8601 UTC, or NULL: to the end */
	int fixed;                 /* nothing varies: the plan replayed */
	int store;                 /* keep the figures for the board */
	int horizon_days;          /* calendars this far ahead: 90 */
};

struct mes_twin_order {
	long long wo_id;
	char wo_no[33];
	char due[11];
	long long due_min;         /* the end of the due day, from origin */
	double on_time;
	long long p10, p50, p90;   /* minutes from origin; MES_SIM_UNFINISHED */
	double mean_tardiness_min;
	const long long *ends;     /* runs completions, stride n_orders */
};

struct mes_twin_center {
	long long id;
	char code[33];
	double util, queue, bottleneck;
};

struct mes_twin_report {
	time_t origin;             /* minute 0 of every figure: the run's now */
	int runs, n_orders, ops, frozen, unplanned, moved;
	struct mes_twin_order *order;
	struct mes_twin_center *wc;
	int n_wc;
	double mean_on_time, late_expected;
	long long makespan_p50;
	double sim_ms;
	long long sim_id;          /* stored as; 0: not stored */
	struct mes_sim_result *res;
};

void mes_twin_opts_default(struct mes_twin_opts *o);
/*
 * Simulates the current plan (the last `mesctl schedule`) from now: each
 * work center works its queue in the planned order, running operations
 * go on from where they are, the rest as the learned figures make them
 * run.  Operations that were never planned queue last on their work
 * center (and are counted in unplanned).  With store set, the figures
 * are kept in one transaction and the board shows the on-time chances;
 * with no released order left to make, nothing is run or kept.
 * Roles: any (reads only); lead, admin to keep the figures.
 */
int mes_twin_simulate(struct mes_db *db, const struct mes_twin_opts *o,
                      struct mes_twin_report **out);
void mes_twin_report_free(struct mes_twin_report *r);

/* ISO 8601 UTC ("2026-12-04T10:30Z") of a figure in minutes from origin. */
void mes_twin_time(const struct mes_twin_report *r, long long min,
                   char out[32]);

/* ---- scenarios: what-ifs in a copy of the plant ------------------------- */

/*
 * A scenario is a copy of the plant (SQLite's online backup, beside the
 * database in DB.scenarios/NAME.db) in which what-ifs are applied and
 * planned; the plant itself is never touched, except by adopting a
 * scenario's plan.  Names are 1 to 32 of A-Z a-z 0-9 - _.
 * Roles: lead, admin.
 */
int mes_scenario_new(struct mes_db *db, const char *name, const char *note);
/* Opens NAME's copy with db's settings and session, for what-ifs and
 * figures; MES_OPEN_READONLY to look only (every change refused).
 * Roles: any (reads only). */
int mes_scenario_open(struct mes_db *db, const char *name, unsigned flags,
                      struct mes_db **out);

struct mes_scenario {
	char name[33];
	char created[32];
	char by[64];
	char note[128];
	char adopted[32];          /* "" until adopted */
	char whatifs[1024];        /* as applied, "; " between */
	int present;               /* its copy is there */
};
typedef int (*mes_scenario_fn)(const struct mes_scenario *s, void *ctx);
/* Roles: any (reads only). */
int mes_scenario_list(struct mes_db *db, mes_scenario_fn fn, void *ctx);
/* Removes NAME and its copy.
 * Roles: lead, admin. */
int mes_scenario_drop(struct mes_db *db, const char *name);

enum mes_whatif_kind {
	MES_WHATIF_DOWN,           /* wc is down from `from` for `hours` */
	MES_WHATIF_RUSH,           /* a new order: item, qty, due, priority */
	MES_WHATIF_SHIFT,          /* wc works weekday start_min..end_min too */
	MES_WHATIF_ABSENT,         /* login is away from `from` for `hours` */
	MES_WHATIF_OBJECTIVE,      /* the plan by another objective */
};

struct mes_whatif {
	enum mes_whatif_kind kind;
	const char *wc;
	const char *from;          /* ISO 8601 UTC, YYYY-MM-DDTHH:MM */
	double hours;
	const char *item;
	double qty;
	const char *due;           /* YYYY-MM-DD */
	int priority;              /* 1 (first) to 9; 0: 1 */
	const char *wo_no;         /* the rush order's number; NULL: RUSH-n */
	int weekday, start_min, end_min;
	const char *login;
	enum mes_sched_objective objective;
};

/*
 * Applies w to a scenario (a handle from mes_scenario_open, never the
 * plant) and plans it again: keeping what still holds, or from scratch
 * for another objective.  An absent operator takes down the work
 * centers whose operations need a skill nobody else active holds.
 * said (n bytes) gets what was done in words.
 * Roles: lead, admin.
 */
int mes_scenario_whatif(struct mes_db *s, const struct mes_whatif *w,
                        char *said, size_t n);

struct mes_scenario_figures {
	struct mes_schedule_figures plan;
	int runs;
	double mean_on_time, late_expected;
	char bottleneck[33];       /* the work center most often the most used */
	double bottleneck_share;
};
/* The plan's own figures, and runs of the simulation over it (nothing
 * kept), of the plant or a scenario.
 * Roles: any (reads only). */
int mes_scenario_figures(struct mes_db *db, int runs, unsigned long long seed,
                         struct mes_scenario_figures *f);
/*
 * Writes NAME's plan into the plant (planned slots of the operations the
 * plant had open when the copy was made; an order a what-if added is
 * not).  Refused, and the refusal audited, when the plant changed since
 * in a way the plan did not see: an operation started, finished, planned
 * again or moved, an order released or held, a calendar changed.
 * Roles: lead, admin.
 */
int mes_scenario_adopt(struct mes_db *db, const char *name, int *ops);

#endif
