/*
 * mesctl --hub CONNINFO: the centre's answers under the plant commands'
 * names.  CONNINFO is a libpq connection string (e.g. "host=hub.example
 * dbname=mes user=mes_admin sslmode=verify-full"), or $MES_HUB; these
 * read the central PostgreSQL, never a plant's file, and the rest of
 * mesctl refuses --hub rather than quietly reading the plant.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hub.h"
#include "mesctl.h"

struct central {
	const char *cmd, *sub;
	int (*run)(struct ctl *c, int argc, char **argv);
	const char *args, *help;
};

static const struct central *what;   /* for usage() */
static const char *conninfo;          /* the centre, */
static struct mes_hub *hub;           /* connected once its arguments are right */

/* The centre, or NULL after saying why. */
static struct mes_hub *centre(void)
{
	if (mes_hub_connect(&hub, conninfo) == MES_OK)
		return hub;
	fprintf(stderr, "mesctl: %s\n", mes_hub_errmsg(hub));
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: mesctl --hub CONNINFO %s%s%s %s\n", what->cmd,
	        what->sub ? " " : "", what->sub ? what->sub : "", what->args);
	return EXIT_USAGE;
}

static int done(struct mes_hub *h, int rc)
{
	if (rc != MES_OK)
		fprintf(stderr, "mesctl: %s%s%s: %s\n", what->cmd, what->sub ?
		        " " : "", what->sub ? what->sub : "", mes_hub_errmsg(h));
	return rc == MES_OK ? EXIT_OK : EXIT_FAIL;
}

/* The next option of `more` after the arguments' names, --json taken
 * on the way: its letter, -1 at the end, '?' for one not known. */
static int next_opt(struct ctl *c, int argc, char **argv,
                    const struct option *more)
{
	int o;

	while ((o = getopt_long(argc, argv, "", more, NULL)) == 'j')
		c->json = 1;
	return o;
}

#define JSON_OPT { "json", no_argument, NULL, 'j' }

static int init(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	int rc;

	(void)c;
	(void)argv;
	if (argc != 1)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	rc = mes_hub_init(h);
	if (rc == MES_OK)
		printf("the central schema is in place (mes.plants, mes.events by "
		       "plant and month, mes.marks, mes.lot_events, "
		       "mes.lot_links)\n");
	return done(h, rc);
}

static int plant_add(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	char pw[128], role[64];
	int rc;

	(void)c;
	if (argc != 2)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	if (ctl_new_pin("Password for the plant's role: ", pw,
	                sizeof pw) != EXIT_OK)
		return EXIT_FAIL;
	rc = mes_hub_plant_add(h, argv[1], pw);
	mes_hub_role(argv[1], role);
	if (rc == MES_OK)
		printf("plant %s may log in to the centre as %s\n", argv[1],
		       role);
	return done(h, rc);
}

static int maintain(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	long long moved, left;
	int rc;

	(void)c;
	(void)argv;
	if (argc != 1)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	rc = mes_hub_maintain(h, &moved, &left);
	if (rc == MES_OK)
		printf("months made ahead; %lld events moved into their months, "
		       "%lld outside any\n", moved, left);
	return done(h, rc);
}

static int print_plant(const struct mes_hub_plant *p, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;
	char lag[32];
	/* the sequence runs from 1: a gap is an event the centre lost */
	long long missing = p->last_seq - p->events;

	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "plant_id", p->plant_id);
		mes_json_int(&j, "events", p->events);
		mes_json_int(&j, "missing", missing);
		mes_json_int(&j, "first_seq", p->first_seq);
		mes_json_int(&j, "last_seq", p->last_seq);
		mes_json_int(&j, "mark", p->mark);
		mes_json_str(&j, "last_ts", p->last_ts);
		mes_json_int(&j, "lag_s", p->lag_s);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	snprintf(lag, sizeof lag, p->lag_s < 0 ? "never" : "%lld s", p->lag_s);
	printf("%-12s %10lld %8lld %10lld %10lld  %-24s %s\n", p->plant_id,
	       p->events, missing, p->last_seq, p->mark, p->last_ts[0] ?
	       p->last_ts : "-", lag);
	return 0;
}

static int plants(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	static const struct option opts[] = { JSON_OPT, { NULL, 0, NULL, 0 } };
	int k = next_opt(c, argc, argv, opts);

	if (k != -1 || optind != argc)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	if (!c->json)
		printf("%-12s %10s %8s %10s %10s  %-24s %s\n", "PLANT", "EVENTS",
		       "MISSING", "LAST", "MARK", "NEWEST EVENT", "MARK MOVED");
	return done(h, mes_hub_plants(h, print_plant, c));
}

static int verify(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	long long n = 0;
	int rc;

	(void)c;
	if (argc > 2)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	rc = mes_hub_verify(h, argc == 2 ? argv[1] : NULL, &n);
	if (rc == MES_OK)
		printf("%lld events checked: none missing, every audit chain "
		       "whole\n", n);
	return done(h, rc);
}

struct lots { struct ctl *c; const char *last; };

static int print_lot(const struct mes_hub_lot *l, void *ctx)
{
	struct lots *o = ctx;
	struct mes_json j;

	if (o->c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "plant_id", l->plant_id);
		mes_json_str(&j, "lot", l->lot_no);
		mes_json_str(&j, "item", l->item_no);
		mes_json_int(&j, "depth", l->depth);
		mes_json_int(&j, "finished", l->finished);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	printf("%-12s %-16s %-16s %5d  %s\n", l->plant_id, l->lot_no,
	       l->item_no, l->depth, l->finished ? o->last : "");
	return 0;
}

static void lots_head(const struct ctl *c)
{
	if (!c->json)
		printf("%-12s %-16s %-16s %5s\n", "PLANT", "LOT", "ITEM",
		       "DEPTH");
}

/* recall SUPPLIER-LOT [--gtin GTIN] */
static int recall(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	static const struct option opts[] = {
		{ "gtin", required_argument, NULL, 'g' }, JSON_OPT,
		{ NULL, 0, NULL, 0 },
	};
	struct lots o = { c, "finished" };
	const char *gtin = NULL;
	int k;

	while ((k = next_opt(c, argc, argv, opts)) == 'g')
		gtin = optarg;
	if (k != -1 || optind != argc - 1)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	lots_head(c);
	return done(h, mes_hub_recall(h, argv[optind], gtin, print_lot, &o));
}

/* trace PLANT LOT --backward|--forward */
static int trace(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	static const struct option opts[] = {
		{ "backward", no_argument, NULL, 'b' },
		{ "forward", no_argument, NULL, 'f' }, JSON_OPT,
		{ NULL, 0, NULL, 0 },
	};
	struct lots o = { c, "" };
	int k, dir = -1;

	while ((k = next_opt(c, argc, argv, opts)) == 'b' || k == 'f')
		dir = k == 'f';
	if (k != -1 || dir < 0 || optind != argc - 2)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	o.last = dir ? "finished" : "from a supplier";
	lots_head(c);
	return done(h, mes_hub_trace(h, argv[optind], argv[optind + 1], dir,
	                             print_lot, &o));
}

struct day_out {
	struct ctl *c;
	int csv, shifts, scrap;
	/* scrap: the sums per plant, printed at the end */
	struct scrap_sum { char plant[33]; double good, scrap; } *sum;
	size_t n;
};

static void print_day(const struct day_out *o, const struct mes_hub_day *d)
{
	struct mes_json j;
	double all = d->good + d->scrap;

	if (o->c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "plant_id", d->plant_id);
		mes_json_str(&j, "day", d->day);
		mes_json_num(&j, "good", d->good);
		mes_json_num(&j, "scrap", d->scrap);
		mes_json_int(&j, "reports", d->reports);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	} else if (o->csv) {
		printf("%s,%s,%g,%g,%lld\n", d->plant_id, d->day, d->good,
		       d->scrap, d->reports);
	} else {
		printf("%-12s %-10s %12g %10g %7.2f%% %8lld\n", d->plant_id,
		       d->day, d->good, d->scrap, all > 0 ? 100 * d->scrap /
		       all : 0.0, d->reports);
	}
}

static int take_day(const struct mes_hub_day *d, void *ctx)
{
	struct day_out *o = ctx;
	struct scrap_sum *grown;

	if (!o->scrap) {
		print_day(o, d);
		return 0;
	}
	/* rows come by plant: a new plant is a new sum */
	if (!o->n || strcmp(o->sum[o->n - 1].plant, d->plant_id)) {
		if (!(grown = realloc(o->sum, (o->n + 1) * sizeof *grown)))
			return 1;
		o->sum = grown;
		memset(&o->sum[o->n], 0, sizeof *grown);
		snprintf(o->sum[o->n++].plant, 33, "%s", d->plant_id);
	}
	o->sum[o->n - 1].good += d->good;
	o->sum[o->n - 1].scrap += d->scrap;
	return 0;
}

static double scrap_share(const struct scrap_sum *s)
{
	return s->good + s->scrap > 0 ? s->scrap / (s->good + s->scrap) : 0;
}

static int worst_first(const void *a, const void *b)
{
	double x = scrap_share(a), y = scrap_share(b);

	return x < y ? 1 : x > y ? -1 : strcmp(((const struct scrap_sum *)a)
	       ->plant, ((const struct scrap_sum *)b)->plant);
}

static void print_scrap(struct day_out *o)
{
	struct mes_json j;
	size_t i;

	qsort(o->sum, o->n, sizeof *o->sum, worst_first);
	for (i = 0; i < o->n; i++) {
		if (o->c->json) {
			mes_json_init(&j);
			mes_json_str(&j, "plant_id", o->sum[i].plant);
			mes_json_num(&j, "good", o->sum[i].good);
			mes_json_num(&j, "scrap", o->sum[i].scrap);
			mes_json_num(&j, "scrap_share", scrap_share(&o->sum[i]));
			printf("%s\n", mes_json_done(&j));
			mes_json_free(&j);
		} else {
			printf(o->csv ? "%s,%g,%g,%.4f\n" :
			       "%-12s %12g %10g %7.2f%%\n", o->sum[i].plant,
			       o->sum[i].good, o->sum[i].scrap, (o->csv ? 1 : 100)
			       * scrap_share(&o->sum[i]));
		}
	}
}

static int print_oee(const struct mes_hub_oee *o, void *ctx)
{
	struct day_out *d = ctx;
	struct mes_json j;

	if (d->c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "plant_id", o->plant_id);
		mes_json_str(&j, "day", o->day);
		mes_json_str(&j, "wc", o->wc);
		mes_json_str(&j, "shift", o->shift);
		mes_json_num(&j, "planned_min", o->planned_min);
		mes_json_num(&j, "run_min", o->run_min);
		mes_json_num(&j, "availability", o->availability);
		mes_json_num(&j, "performance", o->performance);
		mes_json_num(&j, "quality", o->quality);
		mes_json_num(&j, "oee", o->oee);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	} else if (d->csv) {
		printf("%s,%s,%s,%g,%g,%.4f,%.4f,%.4f,%.4f,%s\n", o->plant_id,
		       o->day, o->wc, o->planned_min, o->run_min, o->availability,
		       o->performance, o->quality, o->oee, o->shift[0] ? o->shift :
		       "day");
	} else {
		printf("%-12s %-10s %-10s %-6.6s %7.0f %7.0f %6.1f%% %6.1f%% "
		       "%6.1f%% %6.1f%%\n", o->plant_id, o->day, o->wc,
		       o->shift[0] ? o->shift : "day", o->planned_min, o->run_min,
		       100 * o->availability, 100 * o->performance,
		       100 * o->quality, 100 * o->oee);
	}
	return 0;
}

static void days_head(const struct day_out *o, int oee)
{
	if (o->c->json)
		return;
	if (o->csv)
		printf(oee ? "plant,day,wc,planned_min,run_min,availability,"
		       "performance,quality,oee,shift\n" : o->scrap ?
		       "plant,good,scrap,scrap_share\n" :
		       "plant,day,good,scrap,reports\n");
	else if (oee)
		printf("%-12s %-10s %-10s %-6s %7s %7s %7s %7s %7s %7s\n",
		       "PLANT", "DAY", "WC", "SHIFT", "PLANNED", "RUN", "AVAIL",
		       "PERF", "QUAL", "OEE");
	else if (o->scrap)
		printf("%-12s %12s %10s %8s\n", "PLANT", "GOOD", "SCRAP",
		       "SCRAP%");
	else
		printf("%-12s %-10s %12s %10s %8s %8s\n", "PLANT", "DAY (UTC)",
		       "GOOD", "SCRAP", "SCRAP%", "REPORTS");
}

/* report production|scrap|oee [--from DAY] [--to DAY] [--shifts]
 * [--csv]: today (UTC) by default. */
static int days(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "csv", no_argument, NULL, 'c' },
		{ "shifts", no_argument, NULL, 's' }, JSON_OPT,
		{ NULL, 0, NULL, 0 },
	};
	struct day_out out = { c, 0, 0, 0, NULL, 0 };
	int oee = !strcmp(argv[0], "oee"), k, rc;
	time_t now = time(NULL);
	char from[11], to[11];

	out.scrap = !strcmp(argv[0], "scrap");
	strftime(from, sizeof from, "%Y-%m-%d", gmtime(&now));
	memcpy(to, from, sizeof to);
	while ((k = next_opt(c, argc, argv, opts)) != -1) {
		if (k == 'f')
			snprintf(from, sizeof from, "%s", optarg);
		else if (k == 't')
			snprintf(to, sizeof to, "%s", optarg);
		else if (k == 'c')
			out.csv = 1;
		else if (k == 's' && oee)
			out.shifts = 1;
		else
			return usage();
	}
	if (k != -1 || optind != argc)
		return usage();
	if (!(h = centre()))
		return EXIT_FAIL;
	days_head(&out, oee);
	rc = oee ? mes_hub_oee(h, from, to, out.shifts, print_oee, &out) :
	     mes_hub_production(h, from, to, take_day, &out);
	if (rc == MES_OK && out.scrap)
		print_scrap(&out);
	free(out.sum);
	return done(h, rc);
}

static const struct central table[] = {
	{ "recall", NULL, recall, "SUPPLIER-LOT [--gtin GTIN] [--json]",
	  "every lot at any plant holding a supplier lot" },
	{ "trace", NULL, trace, "PLANT LOT --backward|--forward [--json]",
	  "a plant's lot back to its suppliers, or on, across plants" },
	{ "report", "production", days, "[--from DAY] [--to DAY] [--csv|--json]",
	  "good and scrap by plant and day (UTC; today by default)" },
	{ "report", "scrap", days, "[--from DAY] [--to DAY] [--csv|--json]",
	  "scrap by plant over the days, the worst first" },
	{ "report", "oee", days,
	  "[--from DAY] [--to DAY] [--shifts] [--csv|--json]",
	  "OEE by plant, day or shift, and work center" },
	{ "hub", "status", plants, "[--json]",
	  "each plant: events, gaps, mark, lag" },
	{ "hub", "init", init, "", "create or update the central schema" },
	{ "hub", "plant-add", plant_add, "PLANT",
	  "a plant's own role (its password on standard input)" },
	{ "hub", "maintain", maintain, "",
	  "the months ahead; events outside every month into theirs" },
	{ "hub", "verify", verify, "[PLANT]",
	  "no event missing at the centre, every plant's chain whole" },
	{ NULL, NULL, NULL, NULL, NULL },
};

void help_central(FILE *f)
{
	const struct central *t;
	char name[32];

	fprintf(f, "\nat the centre (mesctl --hub CONNINFO, or $MES_HUB):\n");
	for (t = table; t->cmd; t++) {
		snprintf(name, sizeof name, "%s%s%s", t->cmd, t->sub ? " " : "",
		         t->sub ? t->sub : "");
		fprintf(f, "  %-18s %s\n", name, t->help);
	}
}

int ctl_central(struct ctl *c, const char *ci, int argc, char **argv)
{
	const char *sub = c->sub ? c->sub->name : NULL;
	int rc;

	conninfo = ci;
	for (what = table; what->cmd; what++)
		if (!strcmp(what->cmd, c->cmd->name) && (!what->sub ||
		    (sub && !strcmp(what->sub, sub))))
			break;
	if (!what->cmd) {
		fprintf(stderr, "mesctl: --hub: %s%s%s reads this plant's file, "
		        "not the centre\n", c->cmd->name, sub ? " " : "",
		        sub ? sub : "");
		help_central(stderr);
		return EXIT_USAGE;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: mesctl --hub CONNINFO %s%s%s %s\n\n%s\n",
		       what->cmd, sub ? " " : "", sub ? sub : "", what->args,
		       what->help);
		return EXIT_OK;
	}
	optind = 0;
	rc = what->run(c, argc, argv);
	mes_hub_close(hub);
	hub = NULL;
	return rc;
}
