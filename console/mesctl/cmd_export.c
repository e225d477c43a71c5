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

static const char export_usage[] = "results [--since TIME]";
static const char export_xusage[] =
	"performance [--since T] | schedule [--status S] [--match GLOB] |\n"
	"       items|routings|workcenters|users|inspection-plans";

static int export_b2mml(struct ctl *c, int perf, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "status", required_argument, NULL, 't' },
		{ "match", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL, *status = NULL, *match = NULL;
	int o, rc;

	while ((o = getopt_long(argc, argv, "s:t:m:", opts, NULL)) != -1) {
		if (o == 's' && perf)
			since = optarg;
		else if (o == 't' && !perf)
			status = optarg;
		else if (o == 'm' && !perf)
			match = optarg;
		else
			return ctl_usage("export", export_xusage);
	}
	if (optind != argc)
		return ctl_usage("export", export_xusage);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	rc = perf ? mes_b2mml_export_performance(c->db, since, stdout, NULL) :
	     mes_b2mml_export_schedule(c->db, status, match, stdout, NULL);
	if (rc != MES_OK)
		return ctl_fail(c, perf ? "export performance" :
		                "export schedule");
	return EXIT_OK;
}

int ctl_export_exchange(struct ctl *c, int argc, char **argv)
{
	if (!strcmp(argv[0], "performance") || !strcmp(argv[0], "schedule"))
		return export_b2mml(c, !strcmp(argv[0], "performance"), argc,
		                    argv);
	if (argc != 1)
		return ctl_usage("export", export_xusage);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_master_export(c->db, argv[0], stdout) != MES_OK)
		return ctl_fail(c, "export");
	return EXIT_OK;
}

int cmd_export(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL;
	int o;

	if (argc >= 2 && ctl_exchange_kind(argv[1]))
		return ctl_export_exchange(c, argc - 1, argv + 1);
	if (argc < 2 || strcmp(argv[1], "results") != 0)
		return ctl_usage("export", export_usage);
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "s:", opts, NULL)) != -1) {
		if (o != 's')
			return ctl_usage("export", export_usage);
		since = optarg;
	}
	if (optind != argc)
		return ctl_usage("export", export_usage);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_export_results_csv(c->db, since, stdout) != MES_OK)
		return ctl_fail(c, "export results");
	return EXIT_OK;
}
