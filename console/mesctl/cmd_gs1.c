/*
 * mesctl gs1: check a supplier's label at a desk.  A bracketed string as
 * printed under the barcode, or "-" for the raw scan on standard input
 * (AIM symbology identifier first, GS bytes as FNC1).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "gs1.h"
#include "mesctl.h"

static size_t read_scan(char *buf, size_t n)
{
	size_t len = fread(buf, 1, n - 1, stdin);

	/* The terminator is the scanner's, not part of the data. */
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	buf[len] = 0;
	return len;
}

static void print_elems(const struct mes_gs1_msg *m, int json)
{
	struct mes_json j;
	char bracketed[1024];
	int i;

	mes_gs1_format(m, MES_GS1_BRACKETED, bracketed, sizeof bracketed);
	if (!json) {
		printf("valid GS1 %s\n", m->symbology[0] ? m->symbology :
		       "(bracketed)");
		for (i = 0; i < m->count; i++) {
			const struct mes_gs1_elem *e = &m->elem[i];

			printf("  (%s) %-28s %s", e->ai, e->title ? e->title : "",
			       e->value);
			if (e->date[0])
				printf("  = %s", e->date);
			else if (e->decimal[0])
				printf("  = %s", e->decimal);
			printf("\n");
		}
		printf("  %s\n", bracketed);
		return;
	}
	for (i = 0; i < m->count; i++) {
		const struct mes_gs1_elem *e = &m->elem[i];

		mes_json_init(&j);
		mes_json_str(&j, "ai", e->ai);
		mes_json_str(&j, "title", e->title ? e->title : "");
		mes_json_str(&j, "value", e->value);
		if (e->date[0])
			mes_json_str(&j, "date", e->date);
		if (e->decimal[0])
			mes_json_str(&j, "decimal", e->decimal);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	}
}

static void print_error(const char *err, const char *ai, int json)
{
	struct mes_json j;

	if (!json) {
		printf("invalid: %s\n", err);
		return;
	}
	mes_json_init(&j);
	mes_json_str(&j, "error", err);
	mes_json_str(&j, "ai", ai);
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
}

static int gs1(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-aim", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_gs1_opts o = { MES_GS1_BRACKETED, 0, 0 };
	static struct mes_gs1_msg m;
	char buf[4096], err[512];
	size_t len;
	int opt, no_aim = 0, rc;

	while ((opt = getopt_long(argc, argv, "nj", opts, NULL)) != -1) {
		if (opt == 'n') no_aim = 1;
		else if (opt == 'j') c->json = 1;
		else return ctl_usage(c);
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (!strcmp(argv[optind], "-")) {
		o.form = no_aim ? MES_GS1_SCAN_NO_AIM : MES_GS1_SCAN;
		len = read_scan(buf, sizeof buf);
	} else {
		len = strlen(argv[optind]);
		if (len >= sizeof buf)
			len = sizeof buf - 1;
		memcpy(buf, argv[optind], len);
		buf[len] = 0;
	}
	rc = mes_gs1_parse(buf, len, &o, &m, err, sizeof err);
	if (rc != MES_OK) {
		print_error(err, m.err_ai, c->json);
		return EXIT_FAIL;
	}
	print_elems(&m, c->json);
	return EXIT_OK;
}

const struct cmd cmd_gs1 = {
	"gs1", gs1, NULL, "[--json] [--no-aim] STRING | -",
	"parse and check a GS1 barcode's data",
};
