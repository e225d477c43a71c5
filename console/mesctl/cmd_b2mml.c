/*
 * mesctl import schedule|KIND, export performance|schedule|KIND: the ERP
 * exchange as B2MML XML and master data as CSV.  cmd_exchange.c hands
 * these kinds over; the work is in core (exchange.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exchange.h"
#include "mesctl.h"

static const char import_usage[] =
	"schedule FILE.xml |\n"
	"       items|routings|workcenters|users|inspection-plans FILE.csv|-";
static const char export_usage[] =
	"performance [--since T] | schedule [--status S] [--match GLOB] |\n"
	"       items|routings|workcenters|users|inspection-plans";

int ctl_exchange_kind(const char *kind)
{
	return !strcmp(kind, "schedule") || !strcmp(kind, "performance") ||
	       mes_master_kind_known(kind);
}

/* Every problem found, then the summary: nothing was imported. */
int ctl_b2mml_failed(struct ctl *c, const struct mes_b2mml_result *r,
                     const char *name, FILE *to)
{
	int k, n = r->nerrors < MES_B2MML_ERRORS_MAX ? r->nerrors :
	           MES_B2MML_ERRORS_MAX;

	for (k = 0; k < n; k++)
		fprintf(to, "%s\n", r->errors[k]);
	if (r->nerrors > n)
		fprintf(to, "... and %d more\n", r->nerrors - n);
	(void)c;
	fprintf(to, "nothing of %s was imported (%d problem%s)\n", name,
	        r->nerrors, r->nerrors == 1 ? "" : "s");
	return EXIT_FAIL;
}

static int import_schedule(struct ctl *c, const char *path)
{
	struct mes_b2mml_result r;

	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_b2mml_import_schedule(c->db, path, path, &r) != MES_OK) {
		if (!r.nerrors)
			return ctl_fail(c, "import schedule");
		fprintf(stderr, "mesctl: import schedule:\n");
		return ctl_b2mml_failed(c, &r, path, stderr);
	}
	printf("imported %d work order%s (%d operation%s, %d material%s) "
	       "from %s\n", r.orders, r.orders == 1 ? "" : "s", r.operations,
	       r.operations == 1 ? "" : "s", r.materials,
	       r.materials == 1 ? "" : "s", path);
	return EXIT_OK;
}

int ctl_master_import(struct ctl *c, const char *kind, const char *path,
                      FILE *msg)
{
	struct mes_master_result r;
	const char *name = strcmp(path, "-") ? path : "standard input";
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int rc;

	if (!in) {
		fprintf(msg, "mesctl: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	rc = mes_master_import(c->db, kind, in, name, &r);
	if (in != stdin)
		fclose(in);
	if (rc != MES_OK) {
		fprintf(msg, "mesctl: import %s: %s\n", kind,
		        mes_db_errmsg(c->db));
		return EXIT_FAIL;
	}
	printf("imported %d %s row%s from %s: %d added, %d updated\n", r.rows,
	       kind, r.rows == 1 ? "" : "s", name, r.added, r.updated);
	if (r.new_pins) {
		printf("one-time PINs (shown once; each user changes it with "
		       "mesctl user passwd):\n%s", r.new_pins);
		free(r.new_pins);
	}
	return EXIT_OK;
}

int ctl_import_exchange(struct ctl *c, int argc, char **argv)
{
	if (argc != 2 || !strcmp(argv[0], "performance"))
		return ctl_usage("import", import_usage);
	if (!strcmp(argv[0], "schedule"))
		return import_schedule(c, argv[1]);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	return ctl_master_import(c, argv[0], argv[1], stderr);
}

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
			return ctl_usage("export", export_usage);
	}
	if (optind != argc)
		return ctl_usage("export", export_usage);
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
		return ctl_usage("export", export_usage);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_master_export(c->db, argv[0], stdout) != MES_OK)
		return ctl_fail(c, "export");
	return EXIT_OK;
}
