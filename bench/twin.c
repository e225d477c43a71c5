/*
 * The twin's speed: RUNS simulations (1000) of the plant-sized instance
 * (2,000 orders of 8 operations over 60 work centers, the generator's
 * calendars and setups) planned by the solver's construction, with
 * run-time ratios, scrap and failures varying, on one core; against the
 * baseline of replaying the plan once with nothing varying.  The goal:
 * 1,000 runs in 10 s or less.
 *
 * usage: twin [RUNS]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "sched.h"
#include "timing.h"

/* Every op and machine varies alike: the generator's plant has no
 * history to learn from. */
static int vary(int ops, int mach, struct mes_sim_var *var)
{
	static struct mes_dist ratio = { MES_DIST_LOGNORMAL, 0, 0.15, NULL, 0 };
	static struct mes_dist scrap = { MES_DIST_CONST, 0.03, 0, NULL, 0 };
	static struct mes_dist tbf = { MES_DIST_EXP, 40 * 60, 0, NULL, 0 };
	static struct mes_dist ttr = { MES_DIST_LOGNORMAL, 0, 0.5, NULL, 0 };
	const struct mes_dist **rv = malloc(sizeof *rv * (size_t)ops);
	const struct mes_dist **sv = malloc(sizeof *sv * (size_t)ops);
	const struct mes_dist **tv = malloc(sizeof *tv * (size_t)mach);
	const struct mes_dist **dv = malloc(sizeof *dv * (size_t)mach);
	int i;

	ratio.a = log(1.1) - 0.15 * 0.15 / 2;     /* a mean of 1.1 */
	ttr.a = log(90);                          /* a median of 1.5 h */
	if (!rv || !sv || !tv || !dv)
		return -1;
	for (i = 0; i < ops; i++) {
		rv[i] = &ratio;
		sv[i] = &scrap;
	}
	for (i = 0; i < mach; i++) {
		tv[i] = &tbf;
		dv[i] = &ttr;
	}
	*var = (struct mes_sim_var){ rv, sv, tv, dv, NULL };
	return 0;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 1000, jobs, mach, ops, i;
	struct mes_sched_params sp;
	struct mes_sched_result *plan = NULL;
	struct mes_sched_model *m = NULL;
	struct mes_sim_params p;
	struct mes_sim_result *r = NULL;
	struct mes_sim_var var;
	struct mes_sched_gen g;
	double replay[7], t0, all_ms, still_ms;

	mes_sched_gen_default(&g);
	if (mes_sched_gen_plant(&g, &m) != MES_OK) {
		fprintf(stderr, "twin: the generator failed\n");
		return 1;
	}
	mes_sched_params_default(&sp);
	sp.time_limit_ms = 0;          /* the construction's plan */
	if (mes_sched_solve(m, &sp, &plan) != MES_OK) {
		fprintf(stderr, "twin: %s\n", mes_sched_errmsg(m));
		return 1;
	}
	mes_sched_model_size(m, &jobs, &mach, &ops);
	if (vary(ops, mach, &var))
		return 1;
	mes_sim_params_default(&p);
	p.runs = 1;
	for (i = 0; i < 7; i++) {
		t0 = bench_now_ms();
		if (mes_sched_simulate(m, plan->ops, plan->n_ops, NULL, &p, &r))
			return 1;
		replay[i] = bench_now_ms() - t0;
		mes_sim_result_free(r);
	}
	/* The same runs with nothing varying: what the engine costs a run
	 * before any draw. */
	p.runs = runs;
	t0 = bench_now_ms();
	if (mes_sched_simulate(m, plan->ops, plan->n_ops, NULL, &p, &r))
		return 1;
	still_ms = bench_now_ms() - t0;
	mes_sim_result_free(r);
	t0 = bench_now_ms();
	if (mes_sched_simulate(m, plan->ops, plan->n_ops, &var, &p, &r)) {
		fprintf(stderr, "twin: %s\n", mes_sched_errmsg(m));
		return 1;
	}
	all_ms = bench_now_ms() - t0;
	printf("twin: %d orders, %d operations, %d machines; plan's late "
	       "orders %d\n", jobs, ops, mach, plan->late_jobs);
	printf("  replay once, nothing varying (baseline): median %.1f ms\n",
	       bench_pct(replay, 7, 0.5));
	printf("  %d runs nothing varying: %.2f s, %.2f ms a run\n", runs,
	       still_ms / 1000, still_ms / runs);
	printf("  %d runs varying (ratio, scrap, failures): %.2f s, %.0f runs/s,"
	       " %.2f ms a run = %.2fx the replay, %.2fx a run nothing "
	       "varying (goal: 1000 runs <= 10 s)\n", runs, all_ms / 1000,
	       runs / (all_ms / 1000), all_ms / runs,
	       all_ms / runs / bench_pct(replay, 7, 0.5), all_ms / still_ms);
	printf("  mean on-time chance %.3f, late expected %.1f, moved off "
	       "down machines %.1f a run\n", r->mean_on_time, r->late_expected,
	       (double)r->moved / runs);
	mes_sim_result_free(r);
	mes_sched_result_free(plan);
	mes_sched_model_free(m);
	free((void *)var.ratio);
	free((void *)var.scrap);
	free((void *)var.tbf);
	free((void *)var.ttr);
	return 0;
}
