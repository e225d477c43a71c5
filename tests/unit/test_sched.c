/*
 * The scheduler: optimum on a known instance, the validator against each
 * kind of broken schedule, determinism, calendars, frozen work, setups,
 * file errors, and the tardiness objective.  Every schedule the solver
 * returns goes through the validator.  Iteration limits only, so the run
 * takes the same work on a slow CI machine under AddressSanitizer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sched.h"
#include "testhelp.h"

/* Fisher & Thompson ft06 (OR-Library); optimum 55. */
static const char FT06[] =
	"6 6\n"
	"2 1 0 3 1 6 3 7 5 3 4 6\n"
	"1 8 2 5 4 10 5 10 0 10 3 4\n"
	"2 5 3 4 5 8 0 9 1 1 4 7\n"
	"1 5 0 5 2 5 3 3 4 8 5 9\n"
	"2 9 1 3 4 5 5 4 0 3 3 1\n"
	"1 3 3 3 5 9 0 10 4 4 2 1\n";

/* Kacem et al. instance 1 (4 jobs, 5 machines); optimum 11. */
static const char KACEM1[] =
	"4 5 5\n"
	"3 5 1 2 2 5 3 4 4 1 5 2 5 1 5 2 4 3 5 4 7 5 5 5 1 4 2 5 3 5 4 4 5 5\n"
	"3 5 1 2 2 5 3 4 4 7 5 8 5 1 5 2 6 3 9 4 8 5 5 5 1 4 2 5 3 4 4 54 5 5\n"
	"4 5 1 9 2 8 3 6 4 7 5 9 5 1 6 2 1 3 2 4 5 5 4 5 1 2 2 5 3 4 4 2 5 4 "
	"5 1 4 2 5 3 2 4 1 5 5\n"
	"2 5 1 1 2 5 3 2 4 4 5 12 5 1 5 2 1 3 2 4 1 5 2\n";

static void params(struct mes_sched_params *p, enum mes_sched_objective obj,
                   long long iters, unsigned long long seed)
{
	mes_sched_params_default(p);
	p->objective = obj;
	p->time_limit_ms = 0;
	p->iteration_limit = iters;
	p->seed = seed;
}

/* Solves and validates; NULL (and a failed check) when either fails. */
static struct mes_sched_result *solve_ok(struct mes_sched_model *m,
                                         const struct mes_sched_params *p)
{
	struct mes_sched_result *r = NULL;
	char msg[512];
	int rc = mes_sched_solve(m, p, &r);

	T_CHECK_RC(rc, MES_OK);
	if (rc) {
		fprintf(stderr, "  solve: %s\n", mes_sched_errmsg(m));
		return NULL;
	}
	rc = mes_sched_validate(m, r->ops, r->n_ops, NULL, msg, sizeof msg);
	T_CHECK_RC(rc, MES_OK);
	if (rc)
		fprintf(stderr, "  validator: %s\n", msg);
	return r;
}

static struct mes_sched_model *parse(const char *text, int fjs)
{
	struct mes_sched_model *m = NULL;
	char err[256];
	int rc = fjs ? mes_sched_parse_fjs(text, &m, err, sizeof err)
	             : mes_sched_parse_jssp(text, &m, err, sizeof err);

	T_CHECK_RC(rc, MES_OK);
	if (rc)
		fprintf(stderr, "  parse: %s\n", err);
	return m;
}

static void test_ft06(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;
	int nj, nm, no;

	T_CASE("ft06 reaches its optimum 55");
	m = parse(FT06, 0);
	if (!m)
		return;
	mes_sched_model_size(m, &nj, &nm, &no);
	T_CHECK(nj == 6 && nm == 6 && no == 36);
	params(&p, MES_SCHED_MAKESPAN, 3000, 1);
	r = solve_ok(m, &p);
	T_CHECK(r && r->makespan == 55);
	mes_sched_result_free(r);
	mes_sched_model_free(m);

	T_CASE("kacem1 (flexible) reaches its optimum 11");
	m = parse(KACEM1, 1);
	if (!m)
		return;
	params(&p, MES_SCHED_MAKESPAN, 3000, 1);
	r = solve_ok(m, &p);
	T_CHECK(r && r->makespan == 11);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

static void test_rules(void)
{
	static const enum mes_sched_rule rules[] = {
		MES_SCHED_RULE_SPT, MES_SCHED_RULE_EDD, MES_SCHED_RULE_MWKR,
		MES_SCHED_RULE_ATC,
	};
	struct mes_sched_params p;
	struct mes_sched_model *m;
	size_t i;

	T_CASE("every dispatching rule builds a valid schedule");
	m = parse(KACEM1, 1);
	if (!m)
		return;
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		struct mes_sched_result *r;

		params(&p, MES_SCHED_MAKESPAN, 0, 1);
		p.rule = rules[i];
		r = solve_ok(m, &p);
		T_CHECK(r && r->makespan >= 11 && r->iterations == 0);
		mes_sched_result_free(r);
	}
	mes_sched_model_free(m);
}

/* ---- the validator ------------------------------------------------------ */

struct vmodel {
	struct mes_sched_model *m;
	struct mes_sched_plan plan[4];
};

/*
 * Two machines, press (break 100-120) and lathe; job 0: a (press 10) then
 * b (lathe 20); job 1 (released at 5): c (press 15 or lathe 30); job 2: d
 * (lathe 5) running since 0.  Press needs 5 minutes from family 0 to 1.
 */
static int vmodel_init(struct vmodel *v)
{
	struct mes_sched_model *m;
	int press, lathe, j0, j1, j2, a, b, c, d, rc;

	rc = mes_sched_model_new(&m);
	if (rc)
		return rc;
	v->m = m;
	rc = mes_sched_machine_add(m, "press", &press) |
	     mes_sched_machine_add(m, "lathe", &lathe) |
	     mes_sched_machine_add_off(m, press, 100, 120) |
	     mes_sched_setup_set(m, press, 0, 1, 5) |
	     mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1, 0, &j0) |
	     mes_sched_job_add(m, 5, MES_SCHED_NO_DUE, 1, 1, &j1) |
	     mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1, 2, &j2) |
	     mes_sched_op_add(m, j0, &a) | mes_sched_op_alt(m, a, press, 10) |
	     mes_sched_op_add(m, j0, &b) | mes_sched_op_alt(m, b, lathe, 20) |
	     mes_sched_op_add(m, j1, &c) | mes_sched_op_alt(m, c, press, 15) |
	     mes_sched_op_alt(m, c, lathe, 30) |
	     mes_sched_op_add(m, j2, &d) | mes_sched_op_alt(m, d, lathe, 5) |
	     mes_sched_op_freeze(m, d, lathe, 0);
	v->plan[0] = (struct mes_sched_plan){ press, 0, 10 };
	v->plan[1] = (struct mes_sched_plan){ lathe, 10, 30 };
	v->plan[2] = (struct mes_sched_plan){ press, 15, 30 };
	v->plan[3] = (struct mes_sched_plan){ lathe, 0, 5 };
	return rc ? MES_ERR_ARG : MES_OK;
}

/* Breaks op `op` as told and expects the validator to name `kind`. */
static void expect_violation(struct vmodel *v, int op, int machine,
                             long long start, long long end, int kind,
                             const char *word)
{
	struct mes_sched_plan plan[4];
	char msg[512];
	int got = -1;

	memcpy(plan, v->plan, sizeof plan);
	plan[op].machine = machine;
	plan[op].start = start;
	plan[op].end = end;
	T_CHECK_RC(mes_sched_validate(v->m, plan, 4, &got, msg, sizeof msg),
	           MES_ERR_STATE);
	T_CHECK(got == kind);
	T_CHECK_HAS(msg, word);
	if (got != kind)
		fprintf(stderr, "  kind %d, want %d: %s\n", got, kind, msg);
}

static void test_validator(void)
{
	struct vmodel v;
	char msg[512];
	int kind = -1;

	T_CASE("validator accepts a correct schedule");
	if (vmodel_init(&v)) {
		T_CHECK(0);
		return;
	}
	T_CHECK_RC(mes_sched_validate(v.m, v.plan, 4, &kind, msg, sizeof msg),
	           MES_OK);
	T_CHECK(kind == MES_SCHED_V_NONE);

	T_CASE("validator catches each kind of violation");
	T_CHECK_RC(mes_sched_validate(v.m, v.plan, 3, &kind, msg, sizeof msg),
	           MES_ERR_STATE);
	T_CHECK(kind == MES_SCHED_V_MISSING);
	expect_violation(&v, 0, 7, 0, 10, MES_SCHED_V_MISSING, "machine");
	expect_violation(&v, 0, 1, 0, 10, MES_SCHED_V_ELIGIBILITY, "lathe");
	expect_violation(&v, 0, 0, 0, 12, MES_SCHED_V_DURATION, "lasts 12");
	expect_violation(&v, 1, 1, 5, 25, MES_SCHED_V_PRECEDENCE,
	                 "before op 0");
	expect_violation(&v, 2, 0, 5, 20, MES_SCHED_V_OVERLAP, "press");
	expect_violation(&v, 2, 0, 12, 27, MES_SCHED_V_OVERLAP, "setup");
	expect_violation(&v, 0, 0, 95, 105, MES_SCHED_V_CALENDAR,
	                 "non-working");
	expect_violation(&v, 2, 0, 2, 17, MES_SCHED_V_RELEASE, "release");
	expect_violation(&v, 3, 1, 1, 6, MES_SCHED_V_FROZEN, "frozen");

	T_CASE("validator accepts the alternative machine");
	v.plan[2] = (struct mes_sched_plan){ 1, 30, 60 };
	T_CHECK_RC(mes_sched_validate(v.m, v.plan, 4, &kind, msg, sizeof msg),
	           MES_OK);
	mes_sched_model_free(v.m);
}

/* ---- determinism -------------------------------------------------------- */

static int same_plan(const struct mes_sched_result *a,
                     const struct mes_sched_result *b)
{
	return a && b && a->n_ops == b->n_ops &&
	       memcmp(a->ops, b->ops, (size_t)a->n_ops * sizeof *a->ops) == 0;
}

static void test_determinism(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r1, *r2, *r3;
	struct mes_sched_gen g;

	T_CASE("same seed and iteration limit give the same schedule");
	m = parse(FT06, 0);
	if (!m)
		return;
	params(&p, MES_SCHED_MAKESPAN, 1500, 42);
	r1 = solve_ok(m, &p);
	r2 = solve_ok(m, &p);
	/* With an iteration limit the wall clock must not matter. */
	p.time_limit_ms = 1;
	r3 = solve_ok(m, &p);
	T_CHECK(same_plan(r1, r2));
	T_CHECK(same_plan(r1, r3));
	mes_sched_result_free(r1);
	mes_sched_result_free(r2);
	mes_sched_result_free(r3);
	mes_sched_model_free(m);

	T_CASE("determinism on a plant model with calendars and setups");
	mes_sched_gen_default(&g);
	g.orders = 40;
	g.ops_per_order = 5;
	g.centers = 10;
	g.seed = 3;
	T_CHECK_RC(mes_sched_gen_plant(&g, &m), MES_OK);
	if (!m)
		return;
	params(&p, MES_SCHED_LEX, 150, 9);
	p.rule = MES_SCHED_RULE_ATC;
	r1 = solve_ok(m, &p);
	r2 = solve_ok(m, &p);
	T_CHECK(same_plan(r1, r2));
	T_CHECK(r1 && r1->iterations == 150);
	mes_sched_result_free(r1);
	mes_sched_result_free(r2);
	mes_sched_model_free(m);
}

/* ---- calendars ---------------------------------------------------------- */

/* One machine working [0,480) and [960,1440) with a break [200,260); one
 * job released at 100 with one op of 300 minutes. */
static struct mes_sched_model *cal_model(int split)
{
	struct mes_sched_model *m;
	int k, j, o;

	if (mes_sched_model_new(&m))
		return NULL;
	if (mes_sched_machine_add(m, "oven", &k) ||
	    mes_sched_machine_add_work(m, k, 960, 1440) ||
	    mes_sched_machine_add_work(m, k, 0, 480) ||
	    mes_sched_machine_add_off(m, k, 200, 260) ||
	    mes_sched_job_add(m, 100, MES_SCHED_NO_DUE, 1, 0, &j) ||
	    mes_sched_op_add(m, j, &o) || mes_sched_op_alt(m, o, k, 300) ||
	    mes_sched_op_set_split(m, o, split)) {
		mes_sched_model_free(m);
		return NULL;
	}
	return m;
}

static void test_calendars(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;
	int k, j, o;

	T_CASE("an op never runs over non-working time");
	m = cal_model(0);
	T_CHECK(m != NULL);
	params(&p, MES_SCHED_MAKESPAN, 10, 1);
	r = m ? solve_ok(m, &p) : NULL;
	T_CHECK(r && r->ops[0].start == 960 && r->ops[0].end == 1260);
	mes_sched_result_free(r);
	mes_sched_model_free(m);

	T_CASE("a split op runs around a break");
	m = cal_model(1);
	T_CHECK(m != NULL);
	r = m ? solve_ok(m, &p) : NULL;
	T_CHECK(r && r->ops[0].start == 100 && r->ops[0].end == 460);
	if (r) {
		char msg[256];
		int kind = -1;

		r->ops[0].end = 470;   /* 310 working minutes, not 300 */
		T_CHECK_RC(mes_sched_validate(m, r->ops, 1, &kind, msg,
		                              sizeof msg), MES_ERR_STATE);
		T_CHECK(kind == MES_SCHED_V_DURATION);
		r->ops[0].start = 200; /* right minutes, but starts in the break */
		r->ops[0].end = 1040;
		T_CHECK_RC(mes_sched_validate(m, r->ops, 1, &kind, msg,
		                              sizeof msg), MES_ERR_STATE);
		T_CHECK(kind == MES_SCHED_V_CALENDAR);
		r->ops[0].start = 260; /* 220 minutes, then 80 from 960 */
		r->ops[0].end = 1040;
		T_CHECK_RC(mes_sched_validate(m, r->ops, 1, &kind, msg,
		                              sizeof msg), MES_OK);
	}
	mes_sched_result_free(r);
	mes_sched_model_free(m);

	T_CASE("no working time left is an error, not a wrong plan");
	T_CHECK_RC(mes_sched_model_new(&m), MES_OK);
	T_CHECK_RC(mes_sched_machine_add(m, "saw", &k) |
	           mes_sched_machine_add_work(m, k, 0, 100) |
	           mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1, 0, &j) |
	           mes_sched_op_add(m, j, &o) | mes_sched_op_alt(m, o, k, 200),
	           MES_OK);
	T_CHECK_RC(mes_sched_solve(m, &p, &r), MES_ERR_RANGE);
	T_CHECK(r == NULL);
	T_CHECK_HAS(mes_sched_errmsg(m), "working time");
	mes_sched_model_free(m);
}

/* ---- frozen ops --------------------------------------------------------- */

static void test_frozen(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;

	T_CASE("frozen operations stay put");
	m = parse(FT06, 0);
	if (!m)
		return;
	/* ft06: op 0 is job 0 on machine 2 (1 min), op 6 job 1 on 1 (8). */
	T_CHECK_RC(mes_sched_op_freeze(m, 0, 2, 20), MES_OK);
	T_CHECK_RC(mes_sched_op_freeze(m, 6, 1, 3), MES_OK);
	params(&p, MES_SCHED_MAKESPAN, 2000, 1);
	r = solve_ok(m, &p);
	T_CHECK(r && r->ops[0].machine == 2 && r->ops[0].start == 20 &&
	        r->ops[0].end == 21);
	T_CHECK(r && r->ops[6].machine == 1 && r->ops[6].start == 3 &&
	        r->ops[6].end == 11);
	T_CHECK(r && r->ops[1].start >= 21);
	mes_sched_result_free(r);

	T_CASE("overlapping frozen operations are refused");
	/* op 12 is job 2's first, on machine 2 for 5 minutes */
	T_CHECK_RC(mes_sched_op_freeze(m, 12, 2, 18), MES_OK);
	T_CHECK_RC(mes_sched_solve(m, &p, &r), MES_ERR_ARG);
	T_CHECK_HAS(mes_sched_errmsg(m), "overlap");
	T_CHECK_RC(mes_sched_op_freeze(m, 12, 2, 21), MES_OK);
	r = solve_ok(m, &p);
	T_CHECK(r && r->ops[12].start == 21 && r->ops[13].start >= 26);
	mes_sched_result_free(r);

	T_CASE("a frozen op after an unfrozen one is refused");
	T_CHECK_RC(mes_sched_op_freeze(m, 8, 4, 50), MES_OK);
	T_CHECK_RC(mes_sched_solve(m, &p, &r), MES_ERR_ARG);
	T_CHECK_HAS(mes_sched_errmsg(m), "frozen");
	mes_sched_model_free(m);
}

static void test_hints(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r, *again;
	int o, j, k, moved = 0;

	T_CASE("a previous plan as hints is kept as it is");
	m = parse(FT06, 0);
	if (!m)
		return;
	params(&p, MES_SCHED_MAKESPAN, 3000, 1);
	r = solve_ok(m, &p);
	for (o = 0; r && o < r->n_ops; o++)
		T_CHECK_RC(mes_sched_op_hint(m, o, r->ops[o].machine,
		                             r->ops[o].start), MES_OK);
	params(&p, MES_SCHED_MAKESPAN, 0, 1);
	p.rule = MES_SCHED_RULE_SPT;
	again = solve_ok(m, &p);
	T_CHECK(same_plan(r, again));
	mes_sched_result_free(again);

	T_CASE("a rush order queues behind the hinted plan");
	T_CHECK_RC(mes_sched_job_add(m, 0, 10, 5, 0, &j), MES_OK);
	for (k = 0; k < 3; k++) {
		int op;

		T_CHECK_RC(mes_sched_op_add(m, j, &op), MES_OK);
		T_CHECK_RC(mes_sched_op_alt(m, op, k, 4), MES_OK);
	}
	again = solve_ok(m, &p);
	for (o = 0; r && again && o < r->n_ops; o++)
		moved += again->ops[o].start != r->ops[o].start;
	T_CHECK(again && moved == 0);
	T_CHECK(again && again->ops[36].start >= 0);
	mes_sched_result_free(again);
	params(&p, MES_SCHED_LEX, 300, 1);
	again = solve_ok(m, &p);
	T_CHECK(again && again->tardiness <= 50);
	mes_sched_result_free(again);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

struct seen {
	int calls;
	long long last_makespan;
};

static int on_progress(const struct mes_sched_progress *pr, void *ctx)
{
	struct seen *s = ctx;

	s->calls++;
	s->last_makespan = pr->makespan;
	return s->calls >= 3;      /* enough: stop the search */
}

static void test_progress(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;
	struct seen seen = { 0, 0 };

	T_CASE("progress reports improvements and can stop the search");
	m = parse(FT06, 0);
	if (!m)
		return;
	params(&p, MES_SCHED_MAKESPAN, 100000, 1);
	p.progress = on_progress;
	p.progress_ctx = &seen;
	r = solve_ok(m, &p);
	T_CHECK(seen.calls == 3);
	T_CHECK(r && r->makespan == seen.last_makespan);
	T_CHECK(r && r->iterations < 100000);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

/* ---- setups ------------------------------------------------------------- */

static void test_setups(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;
	int k, i, rc = 0;

	T_CASE("sequence-dependent setups are respected and grouped");
	T_CHECK_RC(mes_sched_model_new(&m), MES_OK);
	rc |= mes_sched_machine_add(m, "mixer", &k);
	rc |= mes_sched_setup_set(m, k, 0, 1, 50);
	rc |= mes_sched_setup_set(m, k, 1, 0, 50);
	for (i = 0; i < 6; i++) {
		int j, o;

		rc |= mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1, i % 2, &j);
		rc |= mes_sched_op_add(m, j, &o);
		rc |= mes_sched_op_alt(m, o, k, 10);
	}
	T_CHECK(rc == 0);
	params(&p, MES_SCHED_MAKESPAN, 0, 1);
	r = solve_ok(m, &p);           /* the rule alone alternates */
	T_CHECK(r && r->makespan >= 110);
	mes_sched_result_free(r);
	params(&p, MES_SCHED_MAKESPAN, 2000, 1);
	r = solve_ok(m, &p);
	T_CHECK(r && r->makespan == 110);    /* one changeover */
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

/* ---- files -------------------------------------------------------------- */

static void expect_parse_error(const char *text, int fjs, int rc_want,
                               const char *where, const char *what)
{
	struct mes_sched_model *m = NULL;
	char err[256] = "";
	int rc = fjs ? mes_sched_parse_fjs(text, &m, err, sizeof err)
	             : mes_sched_parse_jssp(text, &m, err, sizeof err);

	T_CHECK_RC(rc, rc_want);
	T_CHECK(m == NULL);
	T_CHECK_HAS(err, where);
	T_CHECK_HAS(err, what);
}

static void test_files(void)
{
	char dir[] = "/tmp/test_sched.XXXXXX", path[64], err[256];
	struct mes_sched_model *m = NULL;
	FILE *f;

	T_CASE("bad job-shop files name the line");
	expect_parse_error("2 2\n0 5 1 4\n1 3\n", 0, MES_ERR_SYNTAX,
	                   "line 3:", "truncated");
	expect_parse_error("2 2\n0 5 1 4\n1 -3 0 2\n", 0, MES_ERR_RANGE,
	                   "line 3:", "negative");
	expect_parse_error("2 2\n0 5 2 4\n1 3 0 2\n", 0, MES_ERR_RANGE,
	                   "line 2:", "machine 2 out of range 0..1");
	expect_parse_error("2 x\n", 0, MES_ERR_SYNTAX, "line 1:", "\"x\"");
	expect_parse_error("", 0, MES_ERR_SYNTAX, "line 1:", "end of file");

	T_CASE("bad flexible files name the line");
	expect_parse_error("1 2 1\n1 1 3 5\n", 1, MES_ERR_RANGE, "line 2:",
	                   "machine 3 out of range 1..2");
	expect_parse_error("2 2 1\n1 1 1 5\n2 1 1 4\n", 1, MES_ERR_SYNTAX,
	                   "line 3:", "truncated");
	expect_parse_error("1 2 1\n1 2 1 5 1 6\n", 1, MES_ERR_SYNTAX,
	                   "line 2:", "twice");
	expect_parse_error("1 2 1\n1 1 2 -1\n", 1, MES_ERR_RANGE, "line 2:",
	                   "negative");

	T_CASE("files are read by extension");
	T_CHECK_RC(mes_sched_read_file("/nonexistent/x.txt", &m, err,
	                               sizeof err), MES_ERR_IO);
	T_CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/k1.fjs", dir);
	f = fopen(path, "w");
	T_CHECK(f != NULL);
	if (!f)
		return;
	fputs(KACEM1, f);
	fclose(f);
	T_CHECK_RC(mes_sched_read_file(path, &m, err, sizeof err), MES_OK);
	if (m) {
		int nj, nm, no;

		mes_sched_model_size(m, &nj, &nm, &no);
		T_CHECK(nj == 4 && nm == 5 && no == 12);
	}
	mes_sched_model_free(m);
	unlink(path);
	rmdir(dir);
}

/* ---- objectives --------------------------------------------------------- */

/* One machine, five jobs; EDD ignores the weights and pays for it. */
static struct mes_sched_model *due_model(void)
{
	static const long long pt[] = { 10, 10, 5, 20, 8 };
	static const long long due[] = { 10, 11, 12, 30, 15 };
	static const double w[] = { 1, 10, 1, 5, 3 };
	struct mes_sched_model *m;
	int k, i, rc;

	if (mes_sched_model_new(&m))
		return NULL;
	rc = mes_sched_machine_add(m, "cell", &k);
	for (i = 0; i < 5; i++) {
		int j, o;

		rc |= mes_sched_job_add(m, 0, due[i], w[i], 0, &j);
		rc |= mes_sched_op_add(m, j, &o);
		rc |= mes_sched_op_alt(m, o, k, pt[i]);
	}
	if (rc) {
		mes_sched_model_free(m);
		return NULL;
	}
	return m;
}

static void test_tardiness(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m = due_model();
	struct mes_sched_result *edd, *ts;
	double twt;

	T_CASE("weighted tardiness search beats EDD");
	T_CHECK(m != NULL);
	if (!m)
		return;
	params(&p, MES_SCHED_TARDINESS, 0, 1);
	p.rule = MES_SCHED_RULE_EDD;
	edd = solve_ok(m, &p);
	params(&p, MES_SCHED_TARDINESS, 500, 1);
	p.rule = MES_SCHED_RULE_EDD;
	ts = solve_ok(m, &p);
	T_CHECK(edd && edd->tardiness == 272);
	T_CHECK(edd && ts && ts->tardiness < edd->tardiness);
	if (ts) {
		mes_sched_evaluate(m, ts->ops, NULL, &twt, NULL);
		T_CHECK(twt == ts->tardiness);
	}
	mes_sched_result_free(edd);
	mes_sched_result_free(ts);

	T_CASE("lexicographic objective: tardiness, then makespan");
	params(&p, MES_SCHED_LEX, 500, 1);
	ts = solve_ok(m, &p);
	T_CHECK(ts && ts->makespan == 53);
	mes_sched_result_free(ts);
	mes_sched_model_free(m);
}

/* ---- model errors ------------------------------------------------------- */

static void test_model_errors(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;
	int k, j, o;

	T_CASE("model errors are codes with a message");
	T_CHECK_RC(mes_sched_model_new(&m), MES_OK);
	T_CHECK_RC(mes_sched_machine_add(m, NULL, &k), MES_OK);
	T_CHECK_RC(mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, -1, 0, &j),
	           MES_ERR_RANGE);
	T_CHECK_RC(mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1, 0, &j),
	           MES_OK);
	T_CHECK_RC(mes_sched_op_add(m, 5, &o), MES_ERR_ARG);
	T_CHECK_RC(mes_sched_op_add(m, j, &o), MES_OK);
	T_CHECK_RC(mes_sched_op_alt(m, o, 3, 10), MES_ERR_ARG);
	T_CHECK_HAS(mes_sched_errmsg(m), "machine 3");
	T_CHECK_RC(mes_sched_op_alt(m, o, k, -1), MES_ERR_RANGE);
	T_CHECK_RC(mes_sched_machine_add_off(m, k, 10, 5), MES_ERR_RANGE);
	params(&p, MES_SCHED_MAKESPAN, 10, 1);
	T_CHECK_RC(mes_sched_solve(m, &p, &r), MES_ERR_ARG);
	T_CHECK_HAS(mes_sched_errmsg(m), "no machine");
	T_CHECK_RC(mes_sched_op_alt(m, o, k, 10), MES_OK);
	T_CHECK_RC(mes_sched_op_alt(m, o, k, 12), MES_ERR_EXISTS);
	r = solve_ok(m, &p);
	T_CHECK(r && r->makespan == 10);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

static void test_plant(void)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *first, *r;
	struct mes_sched_gen g;

	T_CASE("plant model: calendars, setups, frozen work, alternatives");
	mes_sched_gen_default(&g);
	g.orders = 60;
	g.centers = 15;
	T_CHECK_RC(mes_sched_gen_plant(&g, &m), MES_OK);
	if (!m)
		return;
	params(&p, MES_SCHED_LEX, 0, 1);
	p.rule = MES_SCHED_RULE_ATC;
	first = solve_ok(m, &p);
	params(&p, MES_SCHED_LEX, 200, 1);
	p.rule = MES_SCHED_RULE_ATC;
	r = solve_ok(m, &p);
	T_CHECK(first && r && (r->tardiness < first->tardiness ||
	        (r->tardiness == first->tardiness &&
	         r->makespan <= first->makespan)));
	mes_sched_result_free(first);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
}

int main(void)
{
	test_ft06();
	test_rules();
	test_validator();
	test_determinism();
	test_calendars();
	test_frozen();
	test_progress();
	test_hints();
	test_setups();
	test_files();
	test_tardiness();
	test_model_errors();
	test_plant();
	return t_report("test_sched");
}
