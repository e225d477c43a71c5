/*
 * The plan simulated under variability (core/schedule/sim.c) and the
 * distributions it draws from (dist.c): nothing varying reproduces the
 * solver's schedule exactly, the same seed the same figures, failures
 * and slower work make orders later, work leaves a machine that is down
 * for long, nothing starts past the horizon.
 */
#include <math.h>
#include "sched.h"
#include "testhelp.h"

static struct mes_sched_model *plant(int orders, int ops, int centers)
{
	struct mes_sched_gen g;
	struct mes_sched_model *m = NULL;

	mes_sched_gen_default(&g);
	g.orders = orders;
	g.ops_per_order = ops;
	g.centers = centers;
	g.seed = 7;
	if (mes_sched_gen_plant(&g, &m) != MES_OK)
		return NULL;
	return m;
}

static struct mes_sched_result *solve(struct mes_sched_model *m)
{
	struct mes_sched_params p;
	struct mes_sched_result *r = NULL;

	mes_sched_params_default(&p);
	p.objective = MES_SCHED_LEX;
	p.iteration_limit = 300;
	if (mes_sched_solve(m, &p, &r) != MES_OK)
		return NULL;
	return r;
}

static int same_plan(const struct mes_sched_plan *a,
                     const struct mes_sched_plan *b, int n)
{
	int o, bad = 0;

	for (o = 0; o < n; o++)
		if (a[o].machine != b[o].machine || a[o].start != b[o].start ||
		    a[o].end != b[o].end) {
			if (bad++ < 3)
				fprintf(stderr, "  op %d: m%d %lld-%lld, want m%d "
				        "%lld-%lld\n", o, a[o].machine, a[o].start,
				        a[o].end, b[o].machine, b[o].start, b[o].end);
		}
	return !bad;
}

static void test_replay(void)
{
	struct mes_sched_model *m = plant(200, 6, 20);
	struct mes_sched_result *r = m ? solve(m) : NULL;
	struct mes_sim_params p;
	struct mes_sim_result *s = NULL;
	char msg[256];
	int late = 0, j, jobs, mach, ops;

	T_CASE("with nothing varying, a run is the solver's schedule exactly");
	T_CHECK(m && r);
	if (!m || !r)
		return;
	mes_sim_params_default(&p);
	p.runs = 3;
	T_CHECK_RC(mes_sched_simulate(m, r->ops, r->n_ops, NULL, &p, &s), MES_OK);
	T_CHECK(s && same_plan(s->first, r->ops, r->n_ops));
	T_CHECK(s && mes_sched_validate(m, s->first, s->n_ops, NULL, msg,
	                                sizeof msg) == MES_OK);
	T_CASE("with nothing varying, the late orders are the plan's late ones");
	mes_sched_model_size(m, &jobs, &mach, &ops);
	for (j = 0; s && j < s->n_jobs; j++) {
		late += s->job[j].on_time < 0.5;
		T_CHECK(s->job[j].on_time == 0 || s->job[j].on_time == 1);
		T_CHECK(s->job[j].p50 == s->job[j].p90);
	}
	T_CHECK(s && late == r->late_jobs);
	T_CHECK(s && fabs(s->late_expected - r->late_jobs) < 1e-9);
	T_CHECK(s && s->makespan_p50 == r->makespan);
	T_CHECK(s && s->moved == 0);
	mes_sim_result_free(s);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

/* Press (a break 100-120) and lathe; a running op frozen on the lathe. */
static struct mes_sched_model *small(struct mes_sched_plan plan[4])
{
	struct mes_sched_model *m;
	int press, lathe, j0, j1, j2, a, b, c, d, rc;

	if (mes_sched_model_new(&m) != MES_OK)
		return NULL;
	rc = mes_sched_machine_add(m, "press", &press) |
	     mes_sched_machine_add(m, "lathe", &lathe) |
	     mes_sched_machine_add_off(m, press, 100, 120) |
	     mes_sched_setup_set(m, press, 0, 1, 5) |
	     mes_sched_job_add(m, 0, 40, 1, 0, &j0) |
	     mes_sched_job_add(m, 5, 60, 1, 1, &j1) |
	     mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1, 2, &j2) |
	     mes_sched_op_add(m, j0, &a) | mes_sched_op_alt(m, a, press, 10) |
	     mes_sched_op_add(m, j0, &b) | mes_sched_op_alt(m, b, lathe, 20) |
	     mes_sched_op_add(m, j1, &c) | mes_sched_op_alt(m, c, press, 15) |
	     mes_sched_op_alt(m, c, lathe, 30) |
	     mes_sched_op_add(m, j2, &d) | mes_sched_op_alt(m, d, lathe, 5) |
	     mes_sched_op_freeze(m, d, lathe, 0);
	plan[0] = (struct mes_sched_plan){ press, 0, 10 };
	plan[1] = (struct mes_sched_plan){ lathe, 10, 30 };
	plan[2] = (struct mes_sched_plan){ press, 15, 35 };
	plan[3] = (struct mes_sched_plan){ lathe, 0, 5 };
	if (rc) {
		mes_sched_model_free(m);
		return NULL;
	}
	return m;
}

static void test_small(void)
{
	struct mes_sched_plan plan[4];
	struct mes_sched_model *m = small(plan);
	struct mes_sim_result *s = NULL;
	struct mes_sim_params p;
	struct mes_dist slow = { MES_DIST_CONST, 3.0, 0, NULL, 0 };
	const struct mes_dist *ratio[4] = { &slow, &slow, &slow, &slow };
	struct mes_sim_var var = { ratio, NULL, NULL, NULL, NULL };

	T_CASE("the simulation keeps the setup, the frozen op and the order "
	       "of the plan");
	T_CHECK(m != NULL);
	if (!m)
		return;
	mes_sim_params_default(&p);
	p.runs = 1;
	T_CHECK_RC(mes_sched_simulate(m, plan, 4, NULL, &p, &s), MES_OK);
	/* a 0-10, then c after the 5-minute setup: 15-30; b 10-30 on the
	 * lathe after the frozen d (0-5). */
	T_CHECK(s && s->first[0].start == 0 && s->first[0].end == 10);
	T_CHECK(s && s->first[2].start == 15 && s->first[2].end == 30);
	T_CHECK(s && s->first[1].start == 10 && s->first[1].end == 30);
	T_CHECK(s && s->first[3].start == 0 && s->first[3].end == 5);
	T_CHECK(s && s->job[0].on_time == 1 && s->job[1].on_time == 1);
	mes_sim_result_free(s);
	s = NULL;

	T_CASE("work three times slower is late");
	T_CHECK_RC(mes_sched_simulate(m, plan, 4, &var, &p, &s), MES_OK);
	/* a 0-30, c after the setup 35-80; b 30-90; frozen d as it was. */
	T_CHECK(s && s->first[0].end == 30 && s->first[2].start == 35 &&
	        s->first[2].end == 80 && s->first[1].end == 90);
	T_CHECK(s && s->first[3].end == 5);
	T_CHECK(s && s->job[0].on_time == 0 && s->job[0].p50 == 90);
	T_CHECK(s && s->job[1].on_time == 0 && s->job[1].mean_tardiness == 20);
	mes_sim_result_free(s);
	s = NULL;

	T_CASE("work that overruns its slot goes on after the break");
	ratio[0] = ratio[1] = ratio[3] = NULL;
	slow.a = 8;
	T_CHECK_RC(mes_sched_simulate(m, plan, 4, &var, &p, &s), MES_OK);
	/* c starts at 15, where its planned 15 minutes fit, and takes 120:
	 * 85 before the break at 100, the other 35 after it, to 155. */
	T_CHECK(s && s->first[2].start == 15 && s->first[2].end == 155);
	T_CHECK(s && s->first[0].end == 10 && s->first[1].end == 30);
	mes_sim_result_free(s);
	s = NULL;

	T_CASE("a plan on a machine the op cannot use is refused");
	plan[1].machine = 0;
	T_CHECK_RC(mes_sched_simulate(m, plan, 4, NULL, &p, &s), MES_ERR_ARG);
	T_CHECK(s == NULL);
	T_CHECK_HAS(mes_sched_errmsg(m), "cannot use");
	mes_sched_model_free(m);
}

static void test_seed(void)
{
	struct mes_sched_model *m = plant(60, 5, 10);
	struct mes_sched_result *r = m ? solve(m) : NULL;
	struct mes_dist ratio = { MES_DIST_LOGNORMAL, log(1.1), 0.2, NULL, 0 };
	struct mes_dist tbf = { MES_DIST_EXP, 2400, 0, NULL, 0 };
	struct mes_dist ttr = { MES_DIST_LOGNORMAL, log(90), 0.5, NULL, 0 };
	const struct mes_dist **rv = NULL, **tv = NULL, **rr = NULL;
	struct mes_sim_result *a = NULL, *b = NULL, *c = NULL, *still = NULL;
	struct mes_sim_params p;
	struct mes_sim_var var;
	int i, jobs, mach, ops, differ = 0, later = 0;
	double bn = 0;

	T_CASE("the same seed gives the same figures, another seed others");
	T_CHECK(m && r);
	if (!m || !r)
		return;
	mes_sched_model_size(m, &jobs, &mach, &ops);
	rv = malloc(sizeof *rv * (size_t)ops);
	tv = malloc(sizeof *tv * (size_t)mach);
	rr = malloc(sizeof *rr * (size_t)mach);
	for (i = 0; rv && i < ops; i++)
		rv[i] = &ratio;
	for (i = 0; tv && rr && i < mach; i++) {
		tv[i] = &tbf;
		rr[i] = &ttr;
	}
	var = (struct mes_sim_var){ rv, NULL, tv, rr, NULL };
	mes_sim_params_default(&p);
	p.runs = 200;
	p.seed = 42;
	T_CHECK_RC(mes_sched_simulate(m, r->ops, r->n_ops, &var, &p, &a), MES_OK);
	T_CHECK_RC(mes_sched_simulate(m, r->ops, r->n_ops, &var, &p, &b), MES_OK);
	p.seed = 43;
	T_CHECK_RC(mes_sched_simulate(m, r->ops, r->n_ops, &var, &p, &c), MES_OK);
	T_CHECK(a && b && c);
	if (!a || !b || !c)
		goto out;
	T_CHECK(!memcmp(a->ends, b->ends, sizeof *a->ends * 200 * (size_t)jobs));
	T_CHECK(a->mean_on_time == b->mean_on_time && a->moved == b->moved);
	for (i = 0; i < jobs; i++)
		differ += a->job[i].p90 != c->job[i].p90;
	T_CHECK(differ > 0);

	T_CASE("failures and slower work make orders later than the plan");
	p.seed = 42;
	p.runs = 1;
	T_CHECK_RC(mes_sched_simulate(m, r->ops, r->n_ops, NULL, &p, &still),
	           MES_OK);
	for (i = 0; still && i < jobs; i++)
		later += a->job[i].p50 > still->job[i].p50;
	T_CHECK(later > jobs / 2);
	T_CHECK(still && a->mean_on_time <= still->mean_on_time);
	T_CHECK(still && a->makespan_p50 > still->makespan_p50);

	T_CASE("each run has one bottleneck, utilisation is a share");
	for (i = 0; i < mach; i++) {
		bn += a->mach[i].bottleneck;
		T_CHECK(a->mach[i].util >= 0 && a->mach[i].util <= 1.0001);
		T_CHECK(a->mach[i].queue >= 0);
	}
	T_CHECK(fabs(bn - 1) < 1e-9);
	T_CHECK(a->moved > 0);
out:
	mes_sim_result_free(a);
	mes_sim_result_free(b);
	mes_sim_result_free(c);
	mes_sim_result_free(still);
	free(rv);
	free(tv);
	free(rr);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

/* One op that runs on A (10 min) or B (12), planned on A, which breaks
 * at minute 5 for 500 minutes. */
static void test_reroute(void)
{
	struct mes_sched_model *m;
	struct mes_sched_plan plan[2];
	struct mes_dist tbf = { MES_DIST_CONST, 5, 0, NULL, 0 };
	struct mes_dist ttr = { MES_DIST_CONST, 500, 0, NULL, 0 };
	struct mes_dist never = { MES_DIST_NONE, 0, 0, NULL, 0 };
	const struct mes_dist *tv[2] = { &tbf, &never }, *rv[2] = { &ttr, &never };
	struct mes_sim_var var = { NULL, NULL, tv, rv, NULL };
	struct mes_sim_result *s = NULL;
	struct mes_sim_params p;
	int a, b, j, o, o2, rc;

	T_CASE("work waiting for a long repair moves to the alternative");
	if (mes_sched_model_new(&m) != MES_OK)
		return;
	rc = mes_sched_machine_add(m, "A", &a) | mes_sched_machine_add(m, "B", &b) |
	     mes_sched_job_add(m, 0, 100, 1, 0, &j) |
	     mes_sched_op_add(m, j, &o) | mes_sched_op_alt(m, o, a, 10) |
	     mes_sched_op_add(m, j, &o2) | mes_sched_op_alt(m, o2, a, 10) |
	     mes_sched_op_alt(m, o2, b, 12);
	T_CHECK(rc == 0);
	plan[0] = (struct mes_sched_plan){ a, 0, 10 };
	plan[1] = (struct mes_sched_plan){ a, 10, 20 };
	mes_sim_params_default(&p);
	p.runs = 1;
	T_CHECK_RC(mes_sched_simulate(m, plan, 2, &var, &p, &s), MES_OK);
	/* A breaks at 5, halfway through the first op, which ends after the
	 * repair: 505-510.  At 510, when the second op is ready, A breaks
	 * again until 1010: the second op goes to B, 510-522. */
	T_CHECK(s && s->first[0].machine == a && s->first[0].start == 0 &&
	        s->first[0].end == 510);
	T_CHECK(s && s->first[1].machine == b && s->first[1].start == 510 &&
	        s->first[1].end == 522 && s->moved == 1);
	T_CHECK(s && s->job[0].p50 == 522 && s->job[0].on_time == 0);
	mes_sim_result_free(s);
	s = NULL;

	T_CASE("a repair shorter than the threshold is waited for");
	p.reroute_min = 1000;
	T_CHECK_RC(mes_sched_simulate(m, plan, 2, &var, &p, &s), MES_OK);
	/* It waits for A (1010), runs 5 minutes, waits out the next failure
	 * (1015-1515) and ends at 1520. */
	T_CHECK(s && s->first[1].machine == a && s->first[1].start == 1010 &&
	        s->first[1].end == 1520 && s->moved == 0);
	mes_sim_result_free(s);
	s = NULL;

	T_CASE("nothing starts past the horizon: its order is unfinished");
	p.until = 100;
	T_CHECK_RC(mes_sched_simulate(m, plan, 2, &var, &p, &s), MES_OK);
	T_CHECK(s && s->first[1].machine == -1 &&
	        s->job[0].p50 == MES_SIM_UNFINISHED && s->job[0].on_time == 0);
	mes_sim_result_free(s);
	mes_sched_model_free(m);
}

/* Samples at evenly spaced quantiles: the fit, not a random source, is
 * under test here. */
static void test_fit(void)
{
	double v[4000], few[2] = { 1, 2 };
	struct mes_dist d;
	int i;

	T_CASE("an exponential's mean is recovered from its samples");
	for (i = 0; i < 4000; i++)
		v[i] = -40 * log(1 - (i + 0.5) / 4000);
	mes_dist_fit(v, 4000, 0, MES_DIST_EXP, &d);
	T_CHECK(d.kind == MES_DIST_EXP && fabs(d.a - 40) < 4);
	T_CHECK(fabs(mes_dist_median(&d) - 40 * log(2.0)) < 3);

	T_CASE("a lognormal's median and spread are recovered");
	for (i = 0; i < 4000; i++) {
		double u = (i + 0.5) / 4000;
		/* inverse normal by bisection on erfc */
		double lo = -8, hi = 8, z = 0;
		int it;

		for (it = 0; it < 60; it++) {
			z = (lo + hi) / 2;
			if (0.5 * erfc(-z / sqrt(2.0)) < u)
				lo = z;
			else
				hi = z;
		}
		v[i] = exp(log(1.5) + 0.6 * z);
	}
	mes_dist_fit(v, 4000, 0, MES_DIST_LOGNORMAL, &d);
	T_CHECK(d.kind == MES_DIST_LOGNORMAL && fabs(mes_dist_median(&d) - 1.5) <
	        0.05 && fabs(d.b - 0.6) < 0.03);

	T_CASE("enough samples are kept as they are; too few give nothing");
	mes_dist_fit(v, 4000, 30, MES_DIST_LOGNORMAL, &d);
	T_CHECK(d.kind == MES_DIST_EMPIRICAL && d.n == 4000 && d.v == v);
	T_CHECK(fabs(mes_dist_median(&d) - 1.5) < 0.05);
	mes_dist_fit(few, 2, 30, MES_DIST_EXP, &d);
	T_CHECK(d.kind == MES_DIST_NONE && d.n == 2);
	T_CHECK_STR(mes_dist_name(MES_DIST_EMPIRICAL), "empirical");
}

int main(void)
{
	test_replay();
	test_small();
	test_seed();
	test_reroute();
	test_fit();
	return t_report("test_sim");
}
