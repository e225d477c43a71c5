/*
 * mesctl report: the electronic batch record, and what the reports
 * share: writing a file whole.  The other reports are in report_*.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exchange.h"
#include "mesctl.h"

int ctl_write_file(const char *path, const char *buf, size_t len)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (!(f = fopen(tmp, "w"))) {
		fprintf(stderr, "mesctl: %s: %s\n", tmp, strerror(errno));
		return EXIT_FAIL;
	}
	if (fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "mesctl: %s: %s\n", tmp, strerror(errno));
		remove(tmp);
		return EXIT_FAIL;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
		remove(tmp);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int batch_record(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "html", required_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *html = NULL;
	char *buf, hash[65];
	size_t len;
	int o, rc;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o != 'h')
			return ctl_usage(c);
		html = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_batch_record(c->db, argv[optind], html ? MES_RECORD_HTML :
	                     MES_RECORD_TEXT, &buf, &len, hash) != MES_OK)
		return ctl_fail(c, "report batch-record");
	if (html) {
		rc = ctl_write_file(html, buf, len);
		if (rc == EXIT_OK)
			printf("wrote %s (content hash %s)\n", html, hash);
	} else {
		rc = fwrite(buf, 1, len, stdout) == len ? EXIT_OK : EXIT_FAIL;
	}
	free(buf);
	return rc;
}

/* The table kinds are core's (mes_report_kind_known) less spc-chars and
 * shift-downtime, which are parts of the shift report, not reports. */
static const struct subcmd subs[] = {
	{ "spc", ctl_report_spc, "CHAR [--csv|--json] [--last N]",
	  "a characteristic's control chart, rules and capability" },
	{ "control", ctl_report_table,
	  "PLAN/CHAR [--from T] [--to T] [--csv|--json] [--svg FILE]",
	  "inspection means against the frozen limits" },
	{ "oee", ctl_report_machines,
	  "--from DATE --to DATE [--wc WC] [--csv|--json] [--svg FILE]",
	  "OEE per work center, shift and day" },
	{ "energy", ctl_report_machines, "[--csv|--json]",
	  "energy and CO2e per order and good unit" },
	{ "production", ctl_report_table,
	  "[--by order|shift] [--from T] [--to T] [--csv|--json]",
	  "good and scrap per order, or per shift and work center" },
	{ "scrap", ctl_report_table,
	  "[--from T] [--to T] [--csv|--json] [--svg FILE]",
	  "scrap by reason, a Pareto" },
	{ "downtime", ctl_report_table,
	  "[--from T] [--to T] [--csv|--json] [--svg FILE]",
	  "machine downtime by reason, a Pareto" },
	{ "labor", ctl_report_table, "[--from T] [--to T] [--csv|--json]",
	  "clocked hours per operator and operation" },
	{ "genealogy", ctl_report_table, "LOT [--csv|--json]",
	  "the lots a lot was made from and went into" },
	{ "gantt", ctl_report_table,
	  "[--from T] [--to T] [--csv|--json] [--svg FILE]",
	  "operations per work center, actual or planned" },
	{ "calibration", ctl_report_table, "[--csv|--json]",
	  "every gauge's calibration state, the overdue first" },
	{ "risk", ctl_report_table, "[--csv|--json]",
	  "open orders at risk of being late, as last simulated" },
	{ "shift", ctl_report_shift, "--html FILE [--from T] [--to T]",
	  "the shift report as one HTML page" },
	{ "batch-record", batch_record, "ORDER|LOT|SERIAL [--html FILE]",
	  "the batch record of an order or lot; a unit's device history" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_report = {
	"report", NULL, subs, NULL, "reports as text, CSV, JSON, SVG or HTML",
};
