/* mesctl twin learn: what the plant's history says about how it runs,
 * with the number of samples behind each figure and its form. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "twin.h"

static const char *basis_name(enum mes_twin_basis b)
{
	return b == MES_TWIN_OWN ? "own" : b == MES_TWIN_POOLED ? "work center" :
	       "plan";
}

/* A figure in a table cell: the value, its form and its samples; "-"
 * with the samples when there were too few. */
static void cell(const struct mes_twin_fit *f, double value, double scale,
                 const char *fmt)
{
	static const char form[] = "-CXLE";

	if (f->basis == MES_TWIN_PLAN) {
		printf(" %6s   %5d", "-", f->d.n);
	} else {
		printf(" ");
		printf(fmt, value / scale);
		printf(" %c %5d", form[f->d.kind], f->d.n);
	}
}

static void json_fit(struct mes_json *j, const char *name,
                     const struct mes_twin_fit *f, double scale)
{
	char key[48];

	snprintf(key, sizeof key, "%s_form", name);
	mes_json_str(j, key, f->basis == MES_TWIN_PLAN ? "none" :
	             mes_dist_name(f->d.kind));
	snprintf(key, sizeof key, "%s_basis", name);
	mes_json_str(j, key, basis_name(f->basis));
	snprintf(key, sizeof key, "%s_n", name);
	mes_json_int(j, key, f->d.n);
	if (f->basis == MES_TWIN_PLAN)
		return;
	snprintf(key, sizeof key, "%s_mean", name);
	mes_json_num(j, key, mes_dist_mean(&f->d) / scale);
	snprintf(key, sizeof key, "%s_median", name);
	mes_json_num(j, key, mes_dist_median(&f->d) / scale);
}

static void learn_json(const struct mes_twin_model *m, int ops)
{
	struct mes_json j;
	int i;

	mes_json_init(&j);
	mes_json_str(&j, "kind", "history");
	mes_json_int(&j, "downtime_events", m->downtime_events);
	mes_json_int(&j, "completed_operations", m->completed_ops);
	mes_json_int(&j, "empirical_from", MES_TWIN_EMPIRICAL);
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
	for (i = 0; i < m->n_wc; i++) {
		const struct mes_twin_wc *w = &m->wc[i];

		mes_json_init(&j);
		mes_json_str(&j, "kind", "work_center");
		mes_json_str(&j, "code", w->code);
		mes_json_int(&j, "machines", w->machines);
		mes_json_num(&j, "week_hours", w->week_hours);
		json_fit(&j, "between_stops_h", &w->tbf, 60);
		json_fit(&j, "stop_h", &w->ttr, 60);
		json_fit(&j, "ratio", &w->ratio, 1);
		json_fit(&j, "scrap", &w->scrap, 1);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	}
	for (i = 0; ops && i < m->n_op; i++) {
		const struct mes_twin_op *o = &m->op[i];

		mes_json_init(&j);
		mes_json_str(&j, "kind", "operation");
		mes_json_str(&j, "item", o->item_no);
		mes_json_int(&j, "seq", o->seq);
		mes_json_str(&j, "work_center", o->wc);
		json_fit(&j, "ratio", &o->ratio, 1);
		json_fit(&j, "scrap", &o->scrap, 1);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	}
}

static void learn_text(const struct mes_twin_model *m, int ops)
{
	int i, own = 0, pooled = 0, plan = 0;

	printf("history: %lld downtime events, %lld completed operations\n",
	       m->downtime_events, m->completed_ops);
	printf("%-10s %4s %15s %15s %15s %15s\n", "", "", "between stops",
	       "stop length", "actual/std", "scrap share");
	printf("%-10s %4s %15s %15s %15s %15s\n", "work ctr", "h/wk",
	       "mean h      n", "median h    n", "mean      n", "mean      n");
	for (i = 0; i < m->n_wc; i++) {
		const struct mes_twin_wc *w = &m->wc[i];

		printf("%-10s %4.0f", w->code, w->week_hours);
		cell(&w->tbf, mes_dist_mean(&w->tbf.d), 60, "%6.1f");
		cell(&w->ttr, mes_dist_median(&w->ttr.d), 60, "%6.2f");
		cell(&w->ratio, mes_dist_mean(&w->ratio.d), 1, "%6.3f");
		cell(&w->scrap, mes_dist_mean(&w->scrap.d), 1, "%6.3f");
		printf("\n");
	}
	for (i = 0; i < m->n_op; i++) {
		own += m->op[i].ratio.basis == MES_TWIN_OWN;
		pooled += m->op[i].ratio.basis == MES_TWIN_POOLED;
		plan += m->op[i].ratio.basis == MES_TWIN_PLAN;
	}
	printf("routing operations' run times: %d from their own history, "
	       "%d from their\nwork center's, %d as planned\n", own, pooled, plan);
	printf("E: the samples drawn as they are (%d or more); fitted to fewer: "
	       "X exponential,\nL lognormal, C the mean; -: fewer than 3: no "
	       "stops simulated, times as planned\n", MES_TWIN_EMPIRICAL);
	if (!ops)
		return;
	printf("\n%-16s %4s %-12s %15s %-11s %15s\n", "item", "seq",
	       "work center", "actual/std  n", "from", "scrap  n");
	for (i = 0; i < m->n_op; i++) {
		const struct mes_twin_op *o = &m->op[i];

		printf("%-16s %4d %-12s", o->item_no, o->seq, o->wc);
		cell(&o->ratio, mes_dist_mean(&o->ratio.d), 1, "%6.3f");
		printf(" %-11s", basis_name(o->ratio.basis));
		cell(&o->scrap, mes_dist_mean(&o->scrap.d), 1, "%6.3f");
		printf("\n");
	}
}

static int learn(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "operations", no_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_twin_model *m = NULL;
	int ch, ops = 0;

	while ((ch = getopt_long(argc, argv, "oj", opts, NULL)) != -1) {
		if (ch == 'o')
			ops = 1;
		else if (ch == 'j')
			c->json = 1;
		else
			return ctl_usage(c);
	}
	if (optind != argc)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_twin_learn(c->db, &m) != MES_OK)
		return ctl_fail(c, "twin learn");
	if (c->json)
		learn_json(m, ops);
	else
		learn_text(m, ops);
	mes_twin_model_free(m);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "learn", learn, "[--operations] [--json]",
	  "what the history says: stops, repairs, run times, scrap" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_twin = {
	"twin", NULL, subs, NULL,
	"the plant's digital twin: what its history says about it",
};
