/* What the two halves of scheduling the plant share. */
#ifndef MES_SCHEDULE_INT_H
#define MES_SCHEDULE_INT_H

#include <time.h>
#include "base/internal.h"
#include "schedule.h"

struct wcmap {
	long long wc_id;
	int first, count;            /* machines wc_id occupies in the model */
};

struct sop {
	long long op_id;
	int model_op, job;
	long long wc_id;
	long long old_start;         /* the plan before, minutes; -1 none */
	long long old_end;
	long long routing_op_id;     /* 0: an operation of no routing */
	int frozen;                  /* running or pinned: kept where it is */
	long long setup;             /* minutes of setup still to do */
};

struct sctx {
	struct mes_db *db;
	struct mes_sched_model *m;
	time_t origin;
	int horizon_days;
	struct wcmap *wcs;
	int nwcs;
	long long *job_wo;           /* job -> work order id */
	int njobs;
	struct sop *ops;
	int nops, capops, frozen, nmachines;
	char fam[32][48];
	int nfam;
	struct { int machine; long long start, end; } frz[4096];
	int nfrz;
	int repair;                  /* keep what is still valid of the plan */
	int allergens;               /* fam[] are "family|MILK,SESAME" */
};

int sched_load(struct sctx *c);
void sched_ctx_free(struct sctx *c);
long long sched_to_min(const struct sctx *c, const char *iso);
void sched_from_min(const struct sctx *c, long long min, char out[32]);
/* An objective as the schedule runs and the scenarios record it. */
const char *sched_objective_name(enum mes_sched_objective o);
/* The figures of the plan now in the database (read c->db). */
void sched_plan_figures(struct sctx *c, struct mes_schedule_figures *f);
/* One operation's planned slot, as the scheduler and an adopted
 * scenario write it; a complete operation is left as it is. */
int sched_plan_write(struct mes_db *db, long long op_id, const char *start,
                     const char *end, long long wc_id);

#endif
