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

static const char record_usage[] = "batch-record ORDER|LOT [--html FILE]";

int ctl_report_exchange_kind(const char *kind)
{
	return !strcmp(kind, "batch-record") || ctl_reports_kind(kind);
}

/* Written beside the target and renamed, so a reader never sees half. */
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
			return ctl_usage("report", record_usage);
		html = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage("report", record_usage);
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

int ctl_report_exchange(struct ctl *c, int argc, char **argv)
{
	if (!strcmp(argv[0], "batch-record"))
		return batch_record(c, argc, argv);
	return ctl_reports(c, argc, argv);
}
