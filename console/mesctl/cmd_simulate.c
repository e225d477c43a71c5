/*
 * mesctl simulate: the current plan run many times under what the
 * plant's history says, for the chance each order is on time, its
 * likely completion, and where the work will queue.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "mesctl.h"
#include "svg.h"
#include "twin.h"

struct sim_opts {
	struct mes_twin_opts t;
	int csv, top;
	const char *svg;
};

static void when(const struct mes_twin_report *r, long long min, char out[32])
{
	if (min == MES_SIM_UNFINISHED)
		snprintf(out, 32, "after until");
	else
		mes_twin_time(r, min, out);
}

/* The orders most at risk first: the lowest chance, then the latest
 * median completion, then the order number. */
static const struct mes_twin_report *sorting;

static int cmp_risk(const void *a, const void *b)
{
	const struct mes_twin_order *x = &sorting->order[*(const int *)a];
	const struct mes_twin_order *y = &sorting->order[*(const int *)b];
	long long px = x->p50 == MES_SIM_UNFINISHED ? 1LL << 60 : x->p50;
	long long py = y->p50 == MES_SIM_UNFINISHED ? 1LL << 60 : y->p50;

	if (x->on_time != y->on_time)
		return x->on_time < y->on_time ? -1 : 1;
	if (px != py)
		return px > py ? -1 : 1;
	return strcmp(x->wo_no, y->wo_no);
}

static int *by_risk(const struct mes_twin_report *r)
{
	int *ix = malloc(((size_t)r->n_orders + 1) * sizeof *ix), i;

	if (!ix)
		return NULL;
	for (i = 0; i < r->n_orders; i++)
		ix[i] = i;
	sorting = r;
	qsort(ix, (size_t)r->n_orders, sizeof *ix, cmp_risk);
	return ix;
}

static void print_text(const struct mes_twin_report *r, const int *ix,
                       const struct sim_opts *o)
{
	char a[32], b[32];
	int i, n = o->top > 0 && o->top < r->n_orders ? o->top : r->n_orders;

	when(r, r->makespan_p50, a);
	printf("simulated %d run%s of %d orders (%d operations, %d running) in "
	       "%.0f ms, seed %llu%s\n", r->runs, r->runs == 1 ? "" : "s",
	       r->n_orders, r->ops, r->frozen, r->sim_ms, o->t.seed,
	       o->t.fixed ? ", nothing varying" : "");
	printf("  mean on-time chance %.0f%%; late orders expected %.1f of %d; "
	       "median end of the plan %s\n", r->mean_on_time * 100,
	       r->late_expected, r->n_orders, a);
	if (r->unplanned)
		printf("  %d operations have no plan and queue last: run mesctl "
		       "schedule\n", r->unplanned);
	if (r->moved)
		printf("  %.1f operations a run moved off a machine that was down\n",
		       (double)r->moved / r->runs);
	if (r->sim_id)
		printf("  kept as simulation %lld: the board shows each order's "
		       "chance\n", r->sim_id);
	printf("%-16s %-10s %7s  %-18s %s\n", "order", "due", "on time",
	       "median completion", "90th percentile");
	for (i = 0; i < n; i++) {
		const struct mes_twin_order *w = &r->order[ix[i]];

		when(r, w->p50, a);
		when(r, w->p90, b);
		printf("%-16s %-10s %6.0f%%  %-18s %s\n", w->wo_no, w->due,
		       w->on_time * 100, a, b);
	}
	if (n < r->n_orders)
		printf("(%d more orders)\n", r->n_orders - n);
	printf("\n%-16s %11s %6s %10s\n", "work center", "utilisation",
	       "queue", "bottleneck");
	for (i = 0; i < r->n_wc; i++)
		printf("%-16s %10.0f%% %6.1f %9.0f%%\n", r->wc[i].code,
		       r->wc[i].util * 100, r->wc[i].queue,
		       r->wc[i].bottleneck * 100);
}

static void print_csv(const struct mes_twin_report *r, const int *ix)
{
	char a[32], b[32];
	int i;

	printf("order,due,on_time,p50,p90,mean_tardiness_h\n");
	for (i = 0; i < r->n_orders; i++) {
		const struct mes_twin_order *w = &r->order[ix[i]];

		when(r, w->p50, a);
		when(r, w->p90, b);
		mes_csv_put(stdout, w->wo_no);
		printf(",%s,%.4f,%s,%s,%.2f\n", w->due, w->on_time,
		       w->p50 == MES_SIM_UNFINISHED ? "" : a,
		       w->p90 == MES_SIM_UNFINISHED ? "" : b,
		       w->mean_tardiness_min / 60);
	}
}

static void print_json(const struct mes_twin_report *r, const int *ix,
                       const struct sim_opts *o)
{
	struct mes_json j;
	char a[32];
	int i;

	mes_json_init(&j);
	mes_json_str(&j, "kind", "simulation");
	mes_json_int(&j, "runs", r->runs);
	mes_json_int(&j, "seed", (long long)o->t.seed);
	mes_json_int(&j, "orders", r->n_orders);
	mes_json_int(&j, "operations", r->ops);
	mes_json_int(&j, "unplanned", r->unplanned);
	mes_json_num(&j, "mean_on_time", r->mean_on_time);
	mes_json_num(&j, "late_expected", r->late_expected);
	when(r, r->makespan_p50, a);
	mes_json_str(&j, "makespan_p50", a);
	mes_json_int(&j, "stored_as", r->sim_id);
	mes_json_num(&j, "ms", r->sim_ms);
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
	for (i = 0; i < r->n_orders; i++) {
		const struct mes_twin_order *w = &r->order[ix[i]];

		mes_json_init(&j);
		mes_json_str(&j, "kind", "order");
		mes_json_str(&j, "order", w->wo_no);
		mes_json_str(&j, "due", w->due);
		mes_json_num(&j, "on_time", w->on_time);
		when(r, w->p50, a);
		mes_json_str(&j, "p50", w->p50 == MES_SIM_UNFINISHED ? "" : a);
		when(r, w->p90, a);
		mes_json_str(&j, "p90", w->p90 == MES_SIM_UNFINISHED ? "" : a);
		mes_json_num(&j, "mean_tardiness_h", w->mean_tardiness_min / 60);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	}
	for (i = 0; i < r->n_wc; i++) {
		mes_json_init(&j);
		mes_json_str(&j, "kind", "work_center");
		mes_json_str(&j, "code", r->wc[i].code);
		mes_json_num(&j, "utilisation", r->wc[i].util);
		mes_json_num(&j, "queue", r->wc[i].queue);
		mes_json_num(&j, "bottleneck", r->wc[i].bottleneck);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	}
}

/* A completion on the chart: a run past until draws past its edge. */
static double finished(long long min)
{
	return min == MES_SIM_UNFINISHED ? (double)(1LL << 40) : (double)min;
}

static int write_svg(const struct mes_twin_report *r, const int *ix,
                     const struct sim_opts *o)
{
	int n = o->top > 0 && o->top < r->n_orders ? o->top : r->n_orders;
	struct svg_risk_row *rows = calloc((size_t)n + 1, sizeof *rows);
	char *buf = NULL;
	size_t len = 0;
	struct svg_risk s = { "Completion of each order against its due time",
	                      r->origin, 1440, rows, n };
	FILE *f;
	int i, rc;

	if (!rows || !(f = open_memstream(&buf, &len))) {
		free(rows);
		fprintf(stderr, "mesctl: simulate: out of memory\n");
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		const struct mes_twin_order *w = &r->order[ix[i]];

		rows[i].label = w->wo_no;
		rows[i].on_time = w->on_time;
		rows[i].p10 = finished(w->p10);
		rows[i].p50 = finished(w->p50);
		rows[i].p90 = finished(w->p90);
		rows[i].due = w->due[0] ? (double)w->due_min : -1;
		if (w->p90 != MES_SIM_UNFINISHED && rows[i].p90 > s.max_min)
			s.max_min = rows[i].p90;
		if (rows[i].due > s.max_min)
			s.max_min = rows[i].due;
	}
	svg_risk(f, &s);
	fclose(f);
	rc = ctl_write_file(o->svg, buf, len);
	free(buf);
	free(rows);
	return rc;
}

static int parse(struct ctl *c, int argc, char **argv, struct sim_opts *o)
{
	static const struct option opts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "fixed", no_argument, NULL, 'f' },
		{ "no-store", no_argument, NULL, 'n' },
		{ "top", required_argument, NULL, 't' },
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	long long v;
	int ch;

	mes_twin_opts_default(&o->t);
	o->t.store = 1;
	while ((ch = getopt_long(argc, argv, "r:s:u:fnt:cjg:", opts, NULL)) != -1) {
		if (ch == 'r' && !ctl_int("--runs", optarg, 1, 1000000, &v))
			o->t.runs = (int)v;
		else if (ch == 's' && !ctl_int("--seed", optarg, 0,
		                               0x7fffffffffffffffLL, &v))
			o->t.seed = (unsigned long long)v;
		else if (ch == 't' && !ctl_int("--top", optarg, 1, 1000000, &v))
			o->top = (int)v;
		else if (ch == 'u')
			o->t.until = optarg;
		else if (ch == 'f')
			o->t.fixed = 1;
		else if (ch == 'n')
			o->t.store = 0;
		else if (ch == 'c')
			o->csv = 1;
		else if (ch == 'j')
			c->json = 1;
		else if (ch == 'g')
			o->svg = optarg;
		else
			return -1;
	}
	return optind == argc && !(o->csv && c->json) ? 0 : -1;
}

static int simulate(struct ctl *c, int argc, char **argv)
{
	struct mes_twin_report *r = NULL;
	struct sim_opts o;
	int *ix, rc = EXIT_OK;

	memset(&o, 0, sizeof o);
	if (parse(c, argc, argv, &o) != 0)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_twin_simulate(c->db, &o.t, &r) != MES_OK)
		return ctl_fail(c, "simulate");
	if (!r->n_orders && !o.csv && !c->json) {
		printf("nothing to simulate: no released order has work left\n");
		mes_twin_report_free(r);
		return EXIT_OK;
	}
	if (!(ix = by_risk(r))) {
		mes_twin_report_free(r);
		fprintf(stderr, "mesctl: simulate: out of memory\n");
		return EXIT_FAIL;
	}
	if (o.csv)
		print_csv(r, ix);
	else if (c->json)
		print_json(r, ix, &o);
	else
		print_text(r, ix, &o);
	if (o.svg)
		rc = write_svg(r, ix, &o);
	free(ix);
	mes_twin_report_free(r);
	return rc;
}

const struct cmd cmd_simulate = {
	"simulate", simulate, NULL, "[--runs N] [--seed N] [--until TIME] "
	"[--fixed] [--no-store] [--top N] [--csv|--json] [--svg FILE]",
	"the plan run many times: each order's on-time chance",
};
