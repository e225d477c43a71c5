/* mesctl import orders | export results: CSV files for and from the ERP. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "csv.h"
#include "mesctl.h"
#include "prod.h"

static const char import_usage[] =
	"orders [--skip-bad] [--rejects FILE] FILE.csv|-";
static const char export_usage[] = "results [--since TIME]";

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

int cmd_import(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "skip-bad", no_argument, NULL, 's' },
		{ "rejects", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rejects = NULL;
	int o, skip = 0;

	if (argc >= 2 && !strcmp(argv[1], "receipts"))
		return ctl_import_receipts(c, argc - 1, argv + 1);
	if (argc >= 2 && ctl_exchange_kind(argv[1]))
		return ctl_import_exchange(c, argc - 1, argv + 1);
	if (argc < 2 || strcmp(argv[1], "orders") != 0)
		return ctl_usage("import", import_usage);
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "sr:", opts, NULL)) != -1) {
		if (o == 's')
			skip = 1;
		else if (o == 'r')
			rejects = optarg;
		else
			return ctl_usage("import", import_usage);
	}
	if (optind != argc - 1)
		return ctl_usage("import", import_usage);
	return import_orders(c, skip, rejects, argv[optind]);
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
