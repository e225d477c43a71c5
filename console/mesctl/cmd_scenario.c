/*
 * mesctl scenario: what-ifs in a copy of the plant.  new makes the copy;
 * down, rush, shift, absent and objective change it and plan it again;
 * compare sets the plant and scenarios side by side; adopt writes a
 * scenario's plan into the plant, the one way back.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "twin.h"

static int sc_new(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *note = "";
	int ch;

	while ((ch = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
		if (ch != 'n')
			return ctl_usage(c);
		note = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_scenario_new(c->db, argv[optind], note) != MES_OK)
		return ctl_fail(c, "scenario new");
	printf("scenario %s: a copy of the plant as it is now, in %s.scenarios/"
	       "%s.db\n", argv[optind], mes_db_path(c->db), argv[optind]);
	return EXIT_OK;
}

static int print_one(const struct mes_scenario *s, void *ctx)
{
	(void)ctx;
	printf("%-16s %.16s by %-10s%s%s%s\n", s->name, s->created, s->by,
	       s->adopted[0] ? " adopted " : "", s->adopted[0] ? s->adopted : "",
	       s->present ? "" : " (its copy is missing)");
	if (s->note[0])
		printf("  note: %s\n", s->note);
	if (s->whatifs[0])
		printf("  what-ifs: %s\n", s->whatifs);
	return 0;
}

static int sc_list(struct ctl *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_scenario_list(c->db, print_one, NULL) != MES_OK)
		return ctl_fail(c, "scenario list");
	return EXIT_OK;
}

/* HH:MM as minutes after midnight (24:00 ends a day); -1 if not. */
static int clock_min(const char *s)
{
	int h, m;
	char end;

	if (!s || sscanf(s, "%2d:%2d%c", &h, &m, &end) != 2 || h < 0 || m < 0 ||
	    m > 59 || h * 60 + m > 1440)
		return -1;
	return h * 60 + m;
}

static int weekday(const char *s)
{
	static const char *const d[] = { "mon", "tue", "wed", "thu", "fri",
	                                 "sat", "sun" };
	int i;

	for (i = 0; s && i < 7; i++)
		if (!strncmp(s, d[i], 3) || (s[0] == '0' + i && !s[1]))
			return i;
	return -1;
}

/* The what-if's options; positional arguments are left in argv. */
static int whatif_opts(struct ctl *c, int argc, char **argv,
                       struct mes_whatif *w)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "hours", required_argument, NULL, 'h' },
		{ "to", required_argument, NULL, 't' },
		{ "day", required_argument, NULL, 'd' },
		{ "due", required_argument, NULL, 'u' },
		{ "priority", required_argument, NULL, 'p' },
		{ "order", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL;
	long long v;
	double h;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'f')
			from = optarg;
		else if (ch == 't')
			to = optarg;
		else if (ch == 'h' && !ctl_num("--hours", optarg, 0.01, 2160, &h))
			w->hours = h;
		else if (ch == 'd' && (w->weekday = weekday(optarg)) >= 0)
			continue;
		else if (ch == 'u')
			w->due = optarg;
		else if (ch == 'p' && !ctl_int("--priority", optarg, 1, 9, &v))
			w->priority = (int)v;
		else if (ch == 'o')
			w->wo_no = optarg;
		else
			return ctl_usage(c);
	}
	w->from = from;
	if (w->kind == MES_WHATIF_SHIFT) {
		w->start_min = clock_min(from);
		w->end_min = clock_min(to);
		if (w->start_min < 0 || w->end_min <= w->start_min ||
		    w->weekday < 0) {
			fprintf(stderr, "mesctl: a shift is --day mon..sun --from "
			        "HH:MM --to HH:MM, the end after the start\n");
			return EXIT_USAGE;
		}
	} else if ((w->kind == MES_WHATIF_DOWN || w->kind == MES_WHATIF_ABSENT)
	           && (!from || w->hours <= 0)) {
		return ctl_usage(c);
	} else if (w->kind == MES_WHATIF_RUSH && !w->due) {
		return ctl_usage(c);
	}
	return EXIT_OK;
}

static int run_whatif(struct ctl *c, const char *name, struct mes_whatif *w)
{
	struct mes_db *s = NULL;
	char said[1024];
	int rc;

	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_scenario_open(c->db, name, 0, &s) != MES_OK)
		return ctl_fail(c, "scenario");
	rc = mes_scenario_whatif(s, w, said, sizeof said);
	if (rc != MES_OK)
		fprintf(stderr, "mesctl: scenario %s: %s\n", name,
		        mes_db_errmsg(s));
	else
		printf("scenario %s: %s\n", name, said);
	mes_db_close(s);
	return rc == MES_OK ? EXIT_OK : EXIT_FAIL;
}

/* down NAME WC, absent NAME LOGIN, rush NAME ITEM QTY, shift NAME WC,
 * objective NAME OBJECTIVE */
static int sc_whatif(struct ctl *c, int argc, char **argv)
{
	const char *sub = argv[0];
	struct mes_whatif w;
	double q;
	int rc, want;

	memset(&w, 0, sizeof w);
	w.weekday = -1;
	w.kind = !strcmp(sub, "down") ? MES_WHATIF_DOWN :
	         !strcmp(sub, "rush") ? MES_WHATIF_RUSH :
	         !strcmp(sub, "shift") ? MES_WHATIF_SHIFT :
	         !strcmp(sub, "absent") ? MES_WHATIF_ABSENT : MES_WHATIF_OBJECTIVE;
	if ((rc = whatif_opts(c, argc, argv, &w)) != EXIT_OK)
		return rc;
	want = w.kind == MES_WHATIF_RUSH ? 3 : 2;
	if (argc - optind != want)
		return ctl_usage(c);
	argv += optind;
	if (w.kind == MES_WHATIF_DOWN || w.kind == MES_WHATIF_SHIFT)
		w.wc = argv[1];
	else if (w.kind == MES_WHATIF_ABSENT)
		w.login = argv[1];
	else if (w.kind == MES_WHATIF_RUSH) {
		w.item = argv[1];
		if (ctl_num("quantity", argv[2], 0.001, 1e9, &q))
			return EXIT_USAGE;
		w.qty = q;
	} else if (!strcmp(argv[1], "makespan"))
		w.objective = MES_SCHED_MAKESPAN;
	else if (!strcmp(argv[1], "tardiness"))
		w.objective = MES_SCHED_TARDINESS;
	else if (!strcmp(argv[1], "lex"))
		w.objective = MES_SCHED_LEX;
	else
		return ctl_usage(c);
	return run_whatif(c, argv[0], &w);
}

static void figures_row(const char *name, const struct mes_scenario_figures *f)
{
	char bn[40] = "-";

	if (f->bottleneck[0])
		snprintf(bn, sizeof bn, "%s %.0f%%", f->bottleneck,
		         f->bottleneck_share * 100);
	if (!f->plan.planned)
		printf("%-16s %5s %11s %10s", name, "-", "-", "-");
	else
		printf("%-16s %5d %11.1f %10.1f", name, f->plan.late_orders,
		       f->plan.tardiness_min / 60, f->plan.makespan_min / 60.0);
	printf(" %7.0f%% %9.1f  %s\n", f->mean_on_time * 100, f->late_expected,
	       bn);
}

static int sc_compare(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_scenario_figures f;
	long long runs = 300, seed = 1;
	int ch, i, rc = EXIT_OK;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if ((ch != 'r' || ctl_int("--runs", optarg, 1, 100000, &runs)) &&
		    (ch != 's' || ctl_int("--seed", optarg, 0, 0x7fffffffffffffffLL,
		                          &seed)))
			return ctl_usage(c);
	if (optind >= argc)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	printf("%-16s %5s %11s %10s %8s %9s  %s\n", "", "late", "weighted",
	       "makespan", "on time", "late", "bottleneck");
	printf("%-16s %5s %11s %10s %8s %9s  %s\n", "", "plan", "tardiness h",
	       "h", "(mean)", "expected", "(share of runs)");
	if (mes_scenario_figures(c->db, (int)runs, (unsigned long long)seed,
	                         &f) != MES_OK)
		return ctl_fail(c, "scenario compare");
	figures_row("plant", &f);
	for (i = optind; i < argc; i++) {
		struct mes_db *s = NULL;

		if (mes_scenario_open(c->db, argv[i], MES_OPEN_READONLY, &s) !=
		    MES_OK) {
			rc = ctl_fail(c, "scenario compare");
			continue;
		}
		if (mes_scenario_figures(s, (int)runs, (unsigned long long)seed,
		                         &f) != MES_OK) {
			fprintf(stderr, "mesctl: scenario %s: %s\n", argv[i],
			        mes_db_errmsg(s));
			rc = EXIT_FAIL;
		} else {
			figures_row(argv[i], &f);
		}
		mes_db_close(s);
	}
	printf("(%lld simulated runs each, seed %lld)\n", runs, seed);
	return rc;
}

static int sc_adopt(struct ctl *c, int argc, char **argv)
{
	int ops = 0;

	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_scenario_adopt(c->db, argv[1], &ops) != MES_OK)
		return ctl_fail(c, "scenario adopt");
	printf("scenario %s adopted: %d operations planned as it planned them\n",
	       argv[1], ops);
	return EXIT_OK;
}

static int sc_drop(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_scenario_drop(c->db, argv[1]) != MES_OK)
		return ctl_fail(c, "scenario drop");
	printf("scenario %s dropped\n", argv[1]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "new", sc_new, "NAME [--note TEXT]",
	  "a copy of the plant to try what-ifs in" },
	{ "list", sc_list, "", "the scenarios, with their what-ifs" },
	{ "down", sc_whatif, "NAME WC --from TIME --hours H",
	  "what if a work center is down" },
	{ "rush", sc_whatif, "NAME ITEM QTY --due DATE [--priority P] "
	  "[--order WO]", "what if a rush order comes in" },
	{ "shift", sc_whatif, "NAME WC --day DAY --from HH:MM --to HH:MM",
	  "what if a work center works a shift more" },
	{ "absent", sc_whatif, "NAME LOGIN --from TIME --hours H",
	  "what if an operator is away" },
	{ "objective", sc_whatif, "NAME makespan|tardiness|lex",
	  "what if the plan aimed at something else" },
	{ "compare", sc_compare, "NAME... [--runs N] [--seed N]",
	  "the plant and scenarios side by side" },
	{ "adopt", sc_adopt, "NAME", "write a scenario's plan into the plant" },
	{ "drop", sc_drop, "NAME", "remove a scenario and its copy" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_scenario = {
	"scenario", NULL, subs, NULL, "what-ifs in a copy of the plant",
};
