/*
 * Scheduling the plant: released orders from the database into the
 * solver (core/sched.h) and the plan back, in one transaction.
 */
#ifndef MES_SCHEDULE_H
#define MES_SCHEDULE_H

#include "mes.h"
#include "sched.h"

struct mes_schedule_opts {
	enum mes_sched_objective objective;
	long long time_limit_ms;     /* 0 with iterations 0: construction only */
	long long iterations;        /* set: deterministic for a seed */
	unsigned long long seed;
	int horizon_days;            /* calendars are built this far ahead */
	/* After a breakdown or a rush order: keep every operation whose
	 * planned slot still holds (the start of each order's remaining
	 * routing, up to the first operation that must move) and plan the
	 * rest around them, so as few operations move as possible. */
	int repair;
	/* Prefer allergen-safe sequences: a work center that would run an
	 * item lacking an allergen of the one before pays a changeover
	 * clean of [food] changeover_min minutes, as a setup. */
	int allergens;
};

struct mes_schedule_figures {
	int planned;                 /* 0: no plan to compare with */
	long long makespan_min;      /* from now to the last planned end */
	double tardiness_min;        /* weighted, minutes */
	int late_orders;
};

struct mes_schedule_report {
	int orders, ops, frozen, machines;
	struct mes_schedule_figures before, after;
	double solve_ms, first_feasible_ms;
	long long run_id;
	int moved;                   /* planned before, now elsewhere */
	int newly;                   /* had no plan before */
};

void mes_schedule_opts_default(struct mes_schedule_opts *o);
/*
 * Plans every released or running order's remaining operations: planned
 * start, end and work center per operation, written in one transaction
 * with one audit record for the run.  Operations already running stay
 * where they are.
 * Roles: lead, admin.
 */
int mes_schedule_run(struct mes_db *db, const struct mes_schedule_opts *o,
                     struct mes_schedule_report *r);
/* 1 when the session's user may run the scheduler: for a screen to offer
 * it or not (mes_schedule_run checks again).
 * Roles: any (reads only). */
int mes_schedule_allowed(struct mes_db *db);

/* Minutes to change a work center over from an item family to another
 * (sequence-dependent setup, on top of each operation's own setup).
 * Roles: lead, admin. */
int mes_wc_setup_set(struct mes_db *db, const char *wc_code,
                     const char *from_family, const char *to_family,
                     double minutes);

/*
 * Records time a work center is not there: kind "breakdown", "planned"
 * or "holiday"; end_iso NULL while it is still down.  Times are ISO 8601
 * UTC ("2026-11-26T14:00").  Lead, admin or maintenance.
 * Roles: lead, maintenance, admin.
 */
int mes_wc_unavailable_add(struct mes_db *db, const char *wc_code,
                           const char *start_iso, const char *end_iso,
                           const char *kind, const char *note);

#endif
