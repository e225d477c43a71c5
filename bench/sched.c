/*
 * bench/sched: the scheduler on the public job-shop benchmarks, and on a
 * generated plant-sized model (--mes-scale).  Every schedule goes through
 * the validator before its figures are printed; a rejected schedule is
 * reported as invalid and makes the exit status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sched.h"

#define MAX_BOUNDS 4096
#define MAX_FAMILIES 64

struct bound {
	char name[64];
	long long best;
};

struct family {
	char name[32];
	int n;
	double gap_sum, gap_max, seconds;
};

struct opts {
	double time_limit;
	long long iterations;
	unsigned long long seed;
	enum mes_sched_objective objective;
	enum mes_sched_rule rule;
	int objective_set, rule_set;
	int mes_scale, orders;
	double checkpoints[8];
	int n_checkpoints;
};

static struct bound bounds[MAX_BOUNDS];
static int n_bounds;
static struct family fams[MAX_FAMILIES];
static int n_fams;

static void usage(void)
{
	fprintf(stderr,
	        "usage: sched [--time-limit S] [--seed N] [--iterations N]\n"
	        "             [--objective makespan|tardiness|lex]\n"
	        "             [--rule spt|edd|mwkr|atc] [--bounds FILE.csv]"
	        " FILE...\n"
	        "       sched --mes-scale [--orders N] [--checkpoints S,S...]"
	        " [--seed N]\n");
}

static void load_bounds(const char *path, int quiet)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f) {
		if (!quiet)
			fprintf(stderr, "sched: %s: %s\n", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof line, f) && n_bounds < MAX_BOUNDS) {
		char name[64];
		long long j, m, best;

		if (sscanf(line, "%63[^,],%lld,%lld,%lld", name, &j, &m,
		           &best) != 4)
			continue;      /* the header, or not a bound */
		snprintf(bounds[n_bounds].name, sizeof bounds->name, "%s", name);
		bounds[n_bounds++].best = best;
	}
	fclose(f);
}

static long long find_bound(const char *name)
{
	int i;

	for (i = n_bounds - 1; i >= 0; i--)
		if (strcmp(bounds[i].name, name) == 0)
			return bounds[i].best;
	return -1;
}

/* bounds.csv beside the file or one folder up, as shipped. */
static void auto_bounds(const char *path)
{
	static char last[1024];
	char dir[1024], try[1100];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 1;

	if (n >= sizeof dir)
		return;
	memcpy(dir, slash ? path : ".", n);
	dir[n] = 0;
	if (strcmp(dir, last) == 0)
		return;
	snprintf(last, sizeof last, "%s", dir);
	snprintf(try, sizeof try, "%s/bounds.csv", dir);
	load_bounds(try, 1);
	snprintf(try, sizeof try, "%s/../bounds.csv", dir);
	load_bounds(try, 1);
}

static void base_name(const char *path, char *out, size_t n)
{
	const char *b = strrchr(path, '/');
	char *dot;

	snprintf(out, n, "%s", b ? b + 1 : path);
	dot = strrchr(out, '.');
	if (dot && dot != out)
		*dot = 0;
}

static struct family *family_of(const char *inst)
{
	char name[32];
	size_t i = 0;
	int f;

	while (inst[i] && !(inst[i] >= '0' && inst[i] <= '9') &&
	       i + 1 < sizeof name) {
		name[i] = inst[i];
		i++;
	}
	name[i] = 0;
	for (f = 0; f < n_fams; f++)
		if (strcmp(fams[f].name, name) == 0)
			return &fams[f];
	if (n_fams == MAX_FAMILIES)
		return NULL;
	memset(&fams[n_fams], 0, sizeof fams[0]);
	snprintf(fams[n_fams].name, sizeof fams[0].name, "%s", name);
	return &fams[n_fams++];
}

static void params_of(const struct opts *o, struct mes_sched_params *p)
{
	mes_sched_params_default(p);
	p->time_limit_ms = (long long)(o->time_limit * 1000.0);
	p->iteration_limit = o->iterations;
	p->seed = o->seed;
	if (o->objective_set)
		p->objective = o->objective;
	if (o->rule_set)
		p->rule = o->rule;
}

/* 0 valid, 1 rejected (already reported). */
static int check(const char *what, struct mes_sched_model *m,
                 const struct mes_sched_result *r)
{
	char msg[512];
	long long mk;

	if (mes_sched_validate(m, r->ops, r->n_ops, NULL, msg, sizeof msg)) {
		fprintf(stderr, "sched: %s: schedule rejected by the validator:"
		        " %s\n", what, msg);
		return 1;
	}
	mes_sched_evaluate(m, r->ops, &mk, NULL, NULL);
	if (mk != r->makespan) {
		fprintf(stderr, "sched: %s: reported makespan %lld, schedule "
		        "has %lld\n", what, r->makespan, mk);
		return 1;
	}
	return 0;
}

static int run_file(const char *path, const struct opts *o)
{
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;
	struct family *fam;
	char err[512], name[256];
	long long best;
	int nj, nm, rc, bad;

	base_name(path, name, sizeof name);
	rc = mes_sched_read_file(path, &m, err, sizeof err);
	if (rc) {
		fprintf(stderr, "sched: %s: %s\n", path, err);
		return 1;
	}
	mes_sched_model_size(m, &nj, &nm, NULL);
	params_of(o, &p);
	rc = mes_sched_solve(m, &p, &r);
	if (rc) {
		fprintf(stderr, "sched: %s: %s\n", path, mes_sched_errmsg(m));
		mes_sched_model_free(m);
		return 1;
	}
	bad = check(name, m, r);
	best = find_bound(name);
	if (bad) {
		printf("%s,%d,%d,invalid,%lld,,%.2f\n", name, nj, nm, best,
		       r->elapsed_ms / 1000.0);
	} else if (best > 0) {
		double gap = 100.0 * (double)(r->makespan - best) / (double)best;

		printf("%s,%d,%d,%lld,%lld,%.2f,%.2f\n", name, nj, nm,
		       r->makespan, best, gap, r->elapsed_ms / 1000.0);
		fam = family_of(name);
		if (fam) {
			fam->n++;
			fam->gap_sum += gap;
			if (gap > fam->gap_max)
				fam->gap_max = gap;
			fam->seconds += r->elapsed_ms / 1000.0;
		}
	} else {
		printf("%s,%d,%d,%lld,,,%.2f\n", name, nj, nm, r->makespan,
		       r->elapsed_ms / 1000.0);
	}
	fflush(stdout);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
	return bad;
}

static int parse_checkpoints(const char *v, double *cp)
{
	int n = 0;
	char *end;

	while (*v && n < 8) {
		cp[n] = strtod(v, &end);
		if (end == v || cp[n] <= 0)
			return 0;
		n++;
		v = *end == ',' ? end + 1 : end;
	}
	return n;
}

static int parse_objective(const char *v, struct opts *o)
{
	o->objective_set = 1;
	if (!strcmp(v, "makespan"))
		o->objective = MES_SCHED_MAKESPAN;
	else if (!strcmp(v, "tardiness"))
		o->objective = MES_SCHED_TARDINESS;
	else if (!strcmp(v, "lex"))
		o->objective = MES_SCHED_LEX;
	else
		return 0;
	return 1;
}

static int parse_rule(const char *v, struct opts *o)
{
	o->rule_set = 1;
	if (!strcmp(v, "spt"))
		o->rule = MES_SCHED_RULE_SPT;
	else if (!strcmp(v, "edd"))
		o->rule = MES_SCHED_RULE_EDD;
	else if (!strcmp(v, "mwkr"))
		o->rule = MES_SCHED_RULE_MWKR;
	else if (!strcmp(v, "atc"))
		o->rule = MES_SCHED_RULE_ATC;
	else
		return 0;
	return 1;
}

/* Every improvement of the best schedule, to read off the checkpoints. */
struct trail {
	struct mes_sched_progress *v;
	int n, cap;
};

static int on_progress(const struct mes_sched_progress *p, void *ctx)
{
	struct trail *t = ctx;

	if (t->n == t->cap) {
		int nc = t->cap ? t->cap * 2 : 256;
		struct mes_sched_progress *nv = realloc(t->v, (size_t)nc *
		                                        sizeof *nv);

		if (!nv)
			return 0;
		t->v = nv;
		t->cap = nc;
	}
	t->v[t->n++] = *p;
	return 0;
}

static void print_point(const char *label, double s,
                        const struct trail *t, double upto_ms)
{
	const struct mes_sched_progress *b = NULL;
	int i;

	for (i = 0; i < t->n && t->v[i].elapsed_ms <= upto_ms; i++)
		b = &t->v[i];
	if (!b)
		return;
	printf("%s,%.3f,%.0f,%d,%lld,%lld\n", label, s, b->tardiness,
	       b->late_jobs, b->makespan, b->iteration);
}

static int mes_scale(struct opts *o)
{
	struct mes_sched_gen g;
	struct mes_sched_params p;
	struct mes_sched_model *m;
	struct mes_sched_result *r;
	struct trail t = { NULL, 0, 0 };
	char label[32];
	double last = 0;
	int i, rc, nj, nm, nop;

	if (!o->n_checkpoints) {
		o->checkpoints[0] = 10;
		o->checkpoints[1] = 60;
		o->n_checkpoints = 2;
	}
	for (i = 0; i < o->n_checkpoints; i++)
		if (o->checkpoints[i] > last)
			last = o->checkpoints[i];
	mes_sched_gen_default(&g);
	g.seed = o->seed;
	if (o->orders > 0)
		g.orders = o->orders;
	if (mes_sched_gen_plant(&g, &m)) {
		fprintf(stderr, "sched: cannot generate the model\n");
		return 1;
	}
	mes_sched_model_size(m, &nj, &nm, &nop);
	params_of(o, &p);
	if (!o->objective_set)
		p.objective = MES_SCHED_LEX;
	if (!o->rule_set)
		p.rule = MES_SCHED_RULE_ATC;
	p.time_limit_ms = (long long)(last * 1000.0);
	p.progress = on_progress;
	p.progress_ctx = &t;
	rc = mes_sched_solve(m, &p, &r);
	if (rc) {
		fprintf(stderr, "sched: %s\n", mes_sched_errmsg(m));
		mes_sched_model_free(m);
		free(t.v);
		return 1;
	}
	printf("# mes-scale: %d orders, %d operations, %d work centers, "
	       "seed %llu\n", nj, nop, nm, o->seed);
	printf("point,seconds,weighted_tardiness,late_orders,makespan_min,"
	       "iterations\n");
	if (t.n)        /* the first report is the constructed schedule */
		printf("first_feasible,%.3f,%.0f,%d,%lld,0\n",
		       r->first_feasible_ms / 1000.0, t.v[0].tardiness,
		       t.v[0].late_jobs, t.v[0].makespan);
	for (i = 0; i < o->n_checkpoints; i++) {
		snprintf(label, sizeof label, "after_%gs", o->checkpoints[i]);
		print_point(label, o->checkpoints[i], &t,
		            o->checkpoints[i] * 1000.0);
	}
	rc = check("mes-scale", m, r);
	if (rc)
		printf("final,%.3f,invalid\n", r->elapsed_ms / 1000.0);
	mes_sched_result_free(r);
	mes_sched_model_free(m);
	free(t.v);
	return rc;
}

static int parse_args(int argc, char **argv, struct opts *o, int *first)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--mes-scale")) {
			o->mes_scale = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !v)
			return -1;
		i++;
		if (!strcmp(a, "--time-limit"))
			o->time_limit = atof(v);
		else if (!strcmp(a, "--seed"))
			o->seed = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--iterations"))
			o->iterations = atoll(v);
		else if (!strcmp(a, "--bounds"))
			load_bounds(v, 0);
		else if (!strcmp(a, "--orders"))
			o->orders = atoi(v);
		else if (!strcmp(a, "--checkpoints"))
			o->n_checkpoints = parse_checkpoints(v, o->checkpoints);
		else if (!strcmp(a, "--objective") && parse_objective(v, o))
			continue;
		else if (!strcmp(a, "--rule") && parse_rule(v, o))
			continue;
		else
			return -1;
	}
	*first = i;
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	int i, first, bad = 0;

	memset(&o, 0, sizeof o);
	o.time_limit = 10;
	o.seed = 1;
	if (parse_args(argc, argv, &o, &first) || o.time_limit < 0 ||
	    (!o.mes_scale && first >= argc)) {
		usage();
		return 2;
	}
	if (o.mes_scale)
		return mes_scale(&o);
	printf("instance,jobs,machines,makespan,best_known,gap_pct,seconds\n");
	for (i = first; i < argc; i++) {
		auto_bounds(argv[i]);
		bad |= run_file(argv[i], &o);
	}
	for (i = 0; i < n_fams; i++)
		printf("# family %s: %d instances, mean gap %.2f%%, max gap "
		       "%.2f%%, %.1f s\n", fams[i].name, fams[i].n,
		       fams[i].gap_sum / fams[i].n, fams[i].gap_max,
		       fams[i].seconds);
	return bad;
}
