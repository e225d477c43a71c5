/*
 * mesctl export: results as CSV, performance and schedules as B2MML,
 * master data as CSV, for the ERP.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "exchange.h"
#include "mesctl.h"
#include "prod.h"

/* performance [--since T] | schedule [--status S] [--match GLOB] */
static int b2mml(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "status", required_argument, NULL, 't' },
		{ "match", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL, *status = NULL, *match = NULL;
	int o, rc, perf = !strcmp(argv[0], "performance");

	while ((o = getopt_long(argc, argv, "s:t:m:", opts, NULL)) != -1) {
		if (o == 's' && perf)
			since = optarg;
		else if (o == 't' && !perf)
			status = optarg;
		else if (o == 'm' && !perf)
			match = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	rc = perf ? mes_b2mml_export_performance(c->db, since, stdout, NULL) :
	     mes_b2mml_export_schedule(c->db, status, match, stdout, NULL);
	if (rc != MES_OK)
		return ctl_fail(c, perf ? "export performance" :
		                "export schedule");
	return EXIT_OK;
}

/* items|routings|workcenters|users|inspection-plans */
static int master(struct ctl *c, int argc, char **argv)
{
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_master_export(c->db, argv[0], stdout) != MES_OK)
		return ctl_fail(c, "export");
	return EXIT_OK;
}

/* results [--since T] */
static int results(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "s:", opts, NULL)) != -1) {
		if (o != 's')
			return ctl_usage(c);
		since = optarg;
	}
	if (optind != argc)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_export_results_csv(c->db, since, stdout) != MES_OK)
		return ctl_fail(c, "export results");
	return EXIT_OK;
}

/* The master-data kinds are core's (mes_master_kind_known); one it adds
 * is offered once it has its line here and its entry in mesctl(8). */
static const struct subcmd subs[] = {
	{ "results", results, "[--since T]",
	  "what operations reported, as CSV" },
	{ "performance", b2mml, "[--since T]",
	  "what orders did, as a B2MML operations performance" },
	{ "schedule", b2mml, "[--status S] [--match GLOB]",
	  "orders as a B2MML operations schedule" },
	{ "items", master, "", "items as CSV" },
	{ "routings", master, "", "routings as CSV" },
	{ "workcenters", master, "", "work centers as CSV" },
	{ "users", master, "", "users as CSV, without PINs" },
	{ "inspection-plans", master, "",
	  "inspection plans and characteristics as CSV" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_export = {
	"export", NULL, subs, NULL,
	"results and master data as CSV, performance as B2MML",
};
