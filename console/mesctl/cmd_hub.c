/*
 * mesctl hub: this plant and the central PostgreSQL.  attach and status
 * work on the plant's file; init, plant-add, plants and verify on the
 * centre, named by its libpq connection string (CONNINFO, e.g.
 * "host=hub.example dbname=mes user=mes_admin sslmode=verify-full").
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "hub.h"
#include "mesctl.h"

static int attach(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_hub_attach(c->db, argv[1]) != MES_OK)
		return ctl_fail(c, "hub attach");
	printf("attached as plant %s: every audited change now goes to the "
	       "outbox; run mes-ship to send it\n", argv[1]);
	return EXIT_OK;
}

static int state(struct ctl *c, int argc, char **argv)
{
	struct mes_hub_state st;
	struct mes_json j;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_hub_state(c->db, &st) != MES_OK)
		return ctl_fail(c, "hub status");
	if (c->json) {
		mes_json_init(&j);
		mes_json_int(&j, "attached", st.attached);
		mes_json_str(&j, "plant_id", st.plant_id);
		mes_json_int(&j, "last_seq", st.last_seq);
		mes_json_int(&j, "central_seq", st.central_seq);
		mes_json_str(&j, "central_at", st.central_at);
		mes_json_int(&j, "pending", st.pending);
		mes_json_int(&j, "stale_s", st.stale_s);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return EXIT_OK;
	}
	if (!st.attached) {
		printf("not attached to a centre (mesctl hub attach PLANT)\n");
		return EXIT_OK;
	}
	printf("plant      %s, attached %s\n", st.plant_id, st.attached_at);
	printf("outbox     up to event %lld, %lld past the centre's mark\n",
	       st.last_seq, st.pending);
	if (!st.central_at[0])
		printf("centre     not heard from yet (is mes-ship running?)%s\n",
		       st.stale_s > MES_HUB_STALE_S ? ": ALARM, attached over 5 "
		       "minutes ago" : "");
	else
		printf("centre     holds up to %lld, as noted %s (%lld s ago)%s\n",
		       st.central_seq, st.central_at, st.stale_s,
		       st.stale_s > MES_HUB_STALE_S ? ": ALARM, the centre "
		       "has not confirmed for over 5 minutes" : "");
	return EXIT_OK;
}

/* The centre, or EXIT_FAIL after saying why. */
static struct mes_hub *centre(const char *conninfo)
{
	struct mes_hub *h;

	if (mes_hub_connect(&h, conninfo) == MES_OK)
		return h;
	fprintf(stderr, "mesctl: %s\n", mes_hub_errmsg(h));
	mes_hub_close(h);
	return NULL;
}

static int hub_done(struct mes_hub *h, int rc, const char *what)
{
	if (rc != MES_OK)
		fprintf(stderr, "mesctl: %s: %s\n", what, mes_hub_errmsg(h));
	mes_hub_close(h);
	return rc == MES_OK ? EXIT_OK : EXIT_FAIL;
}

static int init(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	int rc;

	if (argc != 2)
		return ctl_usage(c);
	if (!(h = centre(argv[1])))
		return EXIT_FAIL;
	rc = mes_hub_init(h);
	if (rc == MES_OK)
		printf("the central schema is in place (mes.plants, mes.events, "
		       "mes.marks)\n");
	return hub_done(h, rc, "hub init");
}

static int plant_add(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	char pw[128], role[64];
	int rc;

	if (argc != 3)
		return ctl_usage(c);
	if (ctl_new_pin("Password for the plant's role: ", pw,
	                sizeof pw) != EXIT_OK)
		return EXIT_FAIL;
	if (!(h = centre(argv[2])))
		return EXIT_FAIL;
	rc = mes_hub_plant_add(h, argv[1], pw);
	mes_hub_role(argv[1], role);
	if (rc == MES_OK)
		printf("plant %s may log in to the centre as %s\n", argv[1],
		       role);
	return hub_done(h, rc, "hub plant-add");
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

	if (argc != 2)
		return ctl_usage(c);
	if (!(h = centre(argv[1])))
		return EXIT_FAIL;
	if (!c->json)
		printf("%-12s %10s %8s %10s %10s  %-24s %s\n", "PLANT", "EVENTS",
		       "MISSING", "LAST", "MARK", "NEWEST EVENT", "MARK MOVED");
	return hub_done(h, mes_hub_plants(h, print_plant, c), "hub plants");
}

static int verify(struct ctl *c, int argc, char **argv)
{
	struct mes_hub *h;
	long long n = 0;
	int rc;

	if (argc != 2 && argc != 3)
		return ctl_usage(c);
	if (!(h = centre(argv[1])))
		return EXIT_FAIL;
	rc = mes_hub_verify(h, argc == 3 ? argv[2] : NULL, &n);
	if (rc == MES_OK)
		printf("%lld events checked: none missing, every audit chain "
		       "whole\n", n);
	return hub_done(h, rc, "hub verify");
}

static int print_lot(const struct mes_hub_lot *l, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;

	if (c->json) {
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
	       l->item_no, l->depth, !l->finished ? "" : c->sub &&
	       !strcmp(c->sub->name, "trace") ? "from a supplier" : "finished");
	return 0;
}

/* hub recall CONNINFO SUPPLIER_LOT, hub trace CONNINFO PLANT LOT */
static int genealogy(struct ctl *c, int argc, char **argv)
{
	int trace = !strcmp(argv[0], "trace");
	struct mes_hub *h;
	int rc;

	if (argc != (trace ? 4 : 3))
		return ctl_usage(c);
	if (!(h = centre(argv[1])))
		return EXIT_FAIL;
	if (!c->json)
		printf("%-12s %-16s %-16s %5s\n", "PLANT", "LOT", "ITEM", "DEPTH");
	rc = trace ? mes_hub_trace(h, argv[2], argv[3], print_lot, c) :
	     mes_hub_recall(h, argv[2], print_lot, c);
	return hub_done(h, rc, trace ? "hub trace" : "hub recall");
}

struct day_out { struct ctl *c; int csv, shifts; };

static int print_day(const struct mes_hub_day *d, void *ctx)
{
	struct day_out *o = ctx;
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
	return 0;
}

/* [--from DAY] [--to DAY] [--csv] [--shifts] CONNINFO: today by default;
 * 0, or EXIT_USAGE after the usage. */
static int day_args(struct ctl *c, int argc, char **argv, char from[11],
                    char to[11], struct day_out *out)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "csv", no_argument, NULL, 'c' },
		{ "shifts", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	time_t now = time(NULL);
	int o;

	strftime(from, 11, "%Y-%m-%d", gmtime(&now));
	memcpy(to, from, 11);
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'f')
			snprintf(from, 11, "%s", optarg);
		else if (o == 't')
			snprintf(to, 11, "%s", optarg);
		else if (o == 'c')
			out->csv = 1;
		else if (o == 's' && !strcmp(argv[0], "oee"))
			out->shifts = 1;
		else
			return ctl_usage(c);
	}
	return optind == argc - 1 ? 0 : ctl_usage(c);
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

/* hub report and hub oee: the same days, two tables. */
static int days(struct ctl *c, int argc, char **argv)
{
	struct day_out out = { c, 0, 0 };
	char from[11], to[11];
	struct mes_hub *h;
	int oee = !strcmp(argv[0], "oee"), rc;

	if (day_args(c, argc, argv, from, to, &out))
		return EXIT_USAGE;
	if (!(h = centre(argv[optind])))
		return EXIT_FAIL;
	if (out.csv)
		printf(oee ? "plant,day,wc,planned_min,run_min,availability,"
		       "performance,quality,oee,shift\n" :
		       "plant,day,good,scrap,reports\n");
	else if (!c->json && oee)
		printf("%-12s %-10s %-10s %-6s %7s %7s %7s %7s %7s %7s\n",
		       "PLANT", "DAY", "WC", "SHIFT", "PLANNED", "RUN", "AVAIL",
		       "PERF", "QUAL", "OEE");
	else if (!c->json)
		printf("%-12s %-10s %12s %10s %8s %8s\n", "PLANT", "DAY (UTC)",
		       "GOOD", "SCRAP", "SCRAP%", "REPORTS");
	rc = oee ? mes_hub_oee(h, from, to, out.shifts, print_oee, &out) :
	     mes_hub_production(h, from, to, print_day, &out);
	return hub_done(h, rc, oee ? "hub oee" : "hub report");
}

static const struct subcmd subs[] = {
	{ "attach", attach, "PLANT",
	  "send this plant's audited changes to a centre, as PLANT (admin)" },
	{ "status", state, "", "what this plant knows of its centre" },
	{ "init", init, "CONNINFO", "create or update the central schema" },
	{ "plant-add", plant_add, "PLANT CONNINFO",
	  "a plant's own role at the centre (password on standard input)" },
	{ "plants", plants, "CONNINFO",
	  "each plant at the centre: events, gaps, mark, lag" },
	{ "report", days, "CONNINFO [--from DAY] [--to DAY] [--csv]",
	  "good and scrap by plant and day (UTC; today by default)" },
	{ "oee", days, "CONNINFO [--from DAY] [--to DAY] [--shifts] [--csv]",
	  "OEE by plant, day (or shift) and work center, as plants sent it" },
	{ "recall", genealogy, "CONNINFO SUPPLIER_LOT",
	  "every lot at any plant holding a supplier lot, finished ones marked" },
	{ "trace", genealogy, "CONNINFO PLANT LOT",
	  "a plant's lot back through every plant to its supplier lots" },
	{ "verify", verify, "CONNINFO [PLANT]",
	  "no event missing at the centre, every plant's chain whole" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_hub = {
	"hub", NULL, subs, NULL, "this plant and the central PostgreSQL",
};
