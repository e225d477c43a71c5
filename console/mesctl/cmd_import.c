/*
 * mesctl import: work orders and receipts as CSV, schedules as B2MML,
 * master data as CSV, from the ERP.  The rules are core's; this prints
 * its answer.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "exchange.h"
#include "materials.h"
#include "mesctl.h"
#include "prod.h"

/* Each rejected row from the rejects CSV, as "FILE:LINE: reason". */
static void print_rejects(FILE *tmp, const char *name)
{
	struct mes_csv r;

	rewind(tmp);
	mes_csv_init(&r, tmp, "rejects");
	if (mes_csv_read(&r) == 1)
		while (mes_csv_read(&r) == 1 && r.nfields >= 2)
			fprintf(stderr, "mesctl: %s:%s: %s\n", name,
			        r.fields[0], r.fields[1]);
	mes_csv_free(&r);
}

static int copy_rejects(FILE *tmp, const char *path)
{
	char buf[8192];
	size_t n;
	FILE *out = fopen(path, "w");

	if (!out) {
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	rewind(tmp);
	while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
		fwrite(buf, 1, n, out);
	if (fclose(out) != 0) {
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int report(struct ctl *c, int rc, const struct mes_import_result *r,
                  const char *name, const char *rejects)
{
	if (rc != MES_OK)
		return ctl_fail(c, "import orders");
	printf("imported %d work order%s from %s", r->imported,
	       r->imported == 1 ? "" : "s", name);
	if (r->rejected)
		printf("; %d bad row%s skipped%s%s", r->rejected,
		       r->rejected == 1 ? "" : "s", rejects ? ", see " : "",
		       rejects ? rejects : "");
	printf("\n");
	return EXIT_OK;
}

static int import_orders(struct ctl *c, int skip, const char *rejects,
                         const char *path)
{
	struct mes_import_result res;
	const char *name = strcmp(path, "-") ? path : "standard input";
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	FILE *tmp;
	int rc, ex;

	if (!in) {
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	if (!(tmp = tmpfile())) {
		fprintf(stderr, "mesctl: temporary file: %s\n", strerror(errno));
		return EXIT_FAIL;
	}
	rc = EXIT_FAIL;
	if (ctl_open(c, 0) == EXIT_OK && ctl_login(c) == EXIT_OK) {
		rc = mes_import_orders_csv(c->db, in, name, skip, tmp, &res);
		print_rejects(tmp, name);
		ex = rejects ? copy_rejects(tmp, rejects) : EXIT_OK;
		rc = report(c, rc, &res, name, rejects);
		if (rc == EXIT_OK)
			rc = ex;
	}
	fclose(tmp);
	if (in != stdin)
		fclose(in);
	return rc;
}

/* orders [--skip-bad] [--rejects FILE] FILE.csv|- */
static int orders(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "skip-bad", no_argument, NULL, 's' },
		{ "rejects", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rejects = NULL;
	int o, skip = 0;

	while ((o = getopt_long(argc, argv, "sr:", opts, NULL)) != -1) {
		if (o == 's')
			skip = 1;
		else if (o == 'r')
			rejects = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	return import_orders(c, skip, rejects, argv[optind]);
}

static int receipts(struct ctl *c, int argc, char **argv)
{
	struct mes_import_result res;
	FILE *in;
	const char *path, *name;
	int skip = 0, rc, i = 1;

	if (i < argc && !strcmp(argv[i], "--skip-bad")) {
		skip = 1;
		i++;
	}
	if (i != argc - 1)
		return ctl_usage(c);
	path = argv[i];
	name = strcmp(path, "-") ? path : "standard input";
	if (!(in = strcmp(path, "-") ? fopen(path, "r") : stdin)) {
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	rc = EXIT_FAIL;
	if (ctl_open(c, 0) == EXIT_OK && ctl_login(c) == EXIT_OK) {
		rc = mes_import_receipts_csv(c->db, in, name, skip, NULL, &res);
		if (rc != MES_OK) {
			rc = ctl_fail(c, "import receipts");
		} else {
			printf("imported %d receipt line%s from %s", res.imported,
			       res.imported == 1 ? "" : "s", name);
			if (res.rejected)
				printf("; %d bad row%s skipped, the first at "
				       "line %d: %s", res.rejected,
				       res.rejected == 1 ? "" : "s",
				       res.first_bad_line, res.first_error);
			printf("\n");
			rc = EXIT_OK;
		}
	}
	if (in != stdin)
		fclose(in);
	return rc;
}

/* Every problem found, then the summary: nothing was imported. */
int ctl_b2mml_failed(const struct mes_b2mml_result *r, const char *name,
                     FILE *to)
{
	int k, n = r->nerrors < MES_B2MML_ERRORS_MAX ? r->nerrors :
	           MES_B2MML_ERRORS_MAX;

	for (k = 0; k < n; k++)
		fprintf(to, "%s\n", r->errors[k]);
	if (r->nerrors > n)
		fprintf(to, "... and %d more\n", r->nerrors - n);
	fprintf(to, "nothing of %s was imported (%d problem%s)\n", name,
	        r->nerrors, r->nerrors == 1 ? "" : "s");
	return EXIT_FAIL;
}

/* schedule FILE.xml */
static int schedule(struct ctl *c, int argc, char **argv)
{
	struct mes_b2mml_result r;
	const char *path = argv[1];

	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_b2mml_import_schedule(c->db, path, path, &r) != MES_OK) {
		if (!r.nerrors)
			return ctl_fail(c, "import schedule");
		fprintf(stderr, "mesctl: import schedule:\n");
		return ctl_b2mml_failed(&r, path, stderr);
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

/* items|routings|workcenters|users|inspection-plans FILE.csv|- */
static int master(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	return ctl_master_import(c, argv[0], argv[1], stderr);
}

/* The master-data kinds are core's (mes_master_kind_known); one it adds
 * is offered once it has its line here and its entry in mesctl(8). */
static const struct subcmd subs[] = {
	{ "orders", orders, "[--skip-bad] [--rejects FILE] FILE.csv|-",
	  "work orders as CSV" },
	{ "receipts", receipts, "[--skip-bad] FILE.csv|-",
	  "purchase order lines receiving expects, as CSV" },
	{ "schedule", schedule, "FILE.xml",
	  "released work orders from a B2MML operations schedule" },
	{ "items", master, "FILE.csv|-", "items as CSV" },
	{ "routings", master, "FILE.csv|-", "routings as CSV" },
	{ "workcenters", master, "FILE.csv|-", "work centers as CSV" },
	{ "users", master, "FILE.csv|-",
	  "users as CSV; new ones get a one-time PIN" },
	{ "inspection-plans", master, "FILE.csv|-",
	  "inspection plans and characteristics as CSV" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_import = {
	"import", NULL, subs, NULL,
	"work orders, receipts, B2MML schedules, master data",
};
