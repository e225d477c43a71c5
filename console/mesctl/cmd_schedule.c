/* mesctl schedule: plan the released orders on the work centers. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "schedule.h"

static void fig(const char *label, const struct mes_schedule_figures *f)
{
	if (!f->planned) {
		printf("  %-7s no complete plan\n", label);
		return;
	}
	printf("  %-7s %3d late orders, weighted tardiness %9.0f min, "
	       "makespan %6.1f h\n", label, f->late_orders, f->tardiness_min,
	       f->makespan_min / 60.0);
}

static int parse(int argc, char **argv, struct mes_schedule_opts *o)
{
	static const struct option opts[] = {
		{ "objective", required_argument, NULL, 'o' },
		{ "time-limit", required_argument, NULL, 't' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ "repair", no_argument, NULL, 'r' },
		{ "allergens", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	long long v;
	double s;
	int c;

	while ((c = getopt_long(argc, argv, "o:t:i:s:ra", opts, NULL)) != -1) {
		if (c == 'r')
			o->repair = 1;
		else if (c == 'a')
			o->allergens = 1;
		else if (c == 'o' && !strcmp(optarg, "makespan"))
			o->objective = MES_SCHED_MAKESPAN;
		else if (c == 'o' && !strcmp(optarg, "tardiness"))
			o->objective = MES_SCHED_TARDINESS;
		else if (c == 'o' && !strcmp(optarg, "lex"))
			o->objective = MES_SCHED_LEX;
		else if (c == 't' && !ctl_num("--time-limit", optarg, 0, 86400,
		                              &s))
			o->time_limit_ms = (long long)(s * 1000);
		else if (c == 'i' && !ctl_int("--iterations", optarg, 0,
		                              1000000000LL, &v))
			o->iterations = v;
		else if (c == 's' && !ctl_int("--seed", optarg, 0, 0x7fffffffffffffffLL,
		                              &v))
			o->seed = (unsigned long long)v;
		else
			return -1;
	}
	return optind == argc ? 0 : -1;
}

static int schedule(struct ctl *c, int argc, char **argv)
{
	struct mes_schedule_opts o;
	struct mes_schedule_report r;

	mes_schedule_opts_default(&o);
	if (parse(argc, argv, &o) != 0)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_schedule_run(c->db, &o, &r) != MES_OK)
		return ctl_fail(c, "schedule");
	if (!r.ops) {
		printf("nothing to schedule: no released order has work left\n");
		return EXIT_OK;
	}
	printf("scheduled %d operations of %d orders on %d machines (%d "
	       "running, kept)\n", r.ops, r.orders, r.machines, r.frozen);
	fig("before", &r.before);
	fig("after", &r.after);
	printf("  %d operations moved, %d planned for the first time%s\n",
	       r.moved, r.newly, o.repair ? " (repair: the rest kept)" : "");
	printf("  first plan in %.0f ms, search %.1f s, run %lld\n",
	       r.first_feasible_ms, r.solve_ms / 1000, r.run_id);
	return EXIT_OK;
}

const struct cmd cmd_schedule = {
	"schedule", schedule, NULL, "[--repair] [--allergens] [--objective "
	"makespan|tardiness|lex] [--time-limit S] [--iterations N] [--seed N]",
	"plan released orders on the work centers",
};
