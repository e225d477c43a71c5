/* mesctl unit: serialized units: the serial pattern, a new unit and its
 * label, its operations, what is built into it, its genealogy. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "label/label.h"
#include "materials.h"
#include "mesctl.h"

static int u_pattern(struct ctl *c, int argc, char **argv)
{
	const char *p;

	if (argc != 3)
		return ctl_usage(c);
	p = strcmp(argv[2], "-") ? argv[2] : NULL;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_item_serial(c->db, argv[1], p) != MES_OK)
		return ctl_fail(c, "unit pattern");
	if (p)
		printf("%s is serialized: %s\n", argv[1], p);
	else
		printf("%s is not serialized\n", argv[1]);
	return EXIT_OK;
}

/* WO/OP as the traveler carries it. */
static int wo_op(const char *s, char wo[33], int *seq)
{
	const char *slash = strrchr(s, '/');
	long long n;

	if (!slash || slash == s || (size_t)(slash - s) > 32 ||
	    ctl_int("WO/OP", slash + 1, 1, 99999, &n))
		return -1;
	snprintf(wo, 33, "%.*s", (int)(slash - s), s);
	*seq = (int)n;
	return 0;
}

static int send_label(struct ctl *c, const char *serial, const char *to,
                      const char *tmpl)
{
	struct mes_unit u;
	char err[512];

	if (mes_unit_get(c->db, serial, &u) != MES_OK)
		return ctl_fail(c, "unit label");
	if (mes_label_print_unit(&u, tmpl ? tmpl : mes_label_template(
	                         "unit.zpl"), to, 5000, err, sizeof err) !=
	    MES_OK) {
		fprintf(stderr, "mesctl: unit label: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int u_new(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scan", required_argument, NULL, 's' },
		{ "label", required_argument, NULL, 'l' },
		{ "template", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *scan = NULL, *to = NULL, *tmpl = NULL;
	char wo[33], serial[32];
	int ch, seq;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 's')
			scan = optarg;
		else if (ch == 'l')
			to = optarg;
		else if (ch == 't')
			tmpl = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1 || wo_op(argv[optind], wo, &seq))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_unit_new(c->db, wo, seq, scan, serial) != MES_OK)
		return ctl_fail(c, "unit new");
	printf("%s\n", serial);
	/* The unit is made: a label that fails is printed again later. */
	if (to && send_label(c, serial, to, tmpl) != EXIT_OK) {
		fprintf(stderr, "mesctl: unit %s is made; print its label with "
		        "mesctl unit label %s\n", serial, serial);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int u_step(struct ctl *c, int argc, char **argv)
{
	int start = !strcmp(argv[0], "start");
	long long seq;

	if (argc != 3 || ctl_int("SEQ", argv[2], 1, 99999, &seq))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if ((start ? mes_unit_start(c->db, argv[1], (int)seq) :
	     mes_unit_complete(c->db, argv[1], (int)seq)) != MES_OK)
		return ctl_fail(c, start ? "unit start" : "unit complete");
	printf("%s %s at operation %lld\n", argv[1], start ? "started" :
	       "completed", seq);
	return EXIT_OK;
}

static int u_build(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "qty", required_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	double qty = 1;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (ch != 'q' || ctl_num("--qty", optarg, 0, 1e9, &qty))
			return ctl_usage(c);
	if (optind != argc - 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_unit_build(c->db, argv[optind], argv[optind + 1], qty) != MES_OK)
		return ctl_fail(c, "unit build");
	printf("%s built into %s\n", argv[optind + 1], argv[optind]);
	return EXIT_OK;
}

static int u_show(struct ctl *c, int argc, char **argv)
{
	struct mes_unit u;

	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_unit_get(c->db, argv[1], &u) != MES_OK)
		return ctl_fail(c, "unit show");
	printf("unit %s  %s %s\n", u.serial, u.item_no, u.description);
	printf("  order %s, %s, %s at operation %d\n", u.wo_no, u.status,
	       u.op_status[0] ? u.op_status : "not started", u.seq);
	printf("  made %.16s (%s)%s%s\n", u.created, u.source,
	       u.built_into[0] ? ", built into " : "", u.built_into);
	if (u.gtin[0])
		printf("  GS1 (01)%s(21)%s\n", u.gtin, u.serial);
	return EXIT_OK;
}

static int u_label(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 'o' },
		{ "template", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = "-", *tmpl = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'o')
			to = optarg;
		else if (ch == 't')
			tmpl = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	return send_label(c, argv[optind], to, tmpl);
}

static const struct subcmd subs[] = {
	{ "pattern", u_pattern, "ITEM PATTERN|-",
	  "serialize the item: {YYYY} {YY} {MM} {DD} {###}" },
	{ "new", u_new, "WO/OP [--scan LABEL] [--label DEST] [--template FILE]",
	  "a new unit at its first operation (a serial, or the label's)" },
	{ "start", u_step, "SERIAL SEQ", "the unit starts the operation" },
	{ "complete", u_step, "SERIAL SEQ",
	  "the unit completes it: one good on the operation" },
	{ "build", u_build, "SERIAL COMPONENT [--qty N]",
	  "build a unit (by serial) or a lot into the unit" },
	{ "show", u_show, "SERIAL", "the unit: order, status, where it is" },
	{ "label", u_label, "SERIAL [--to DEST] [--template FILE]",
	  "its label in ZPL with a GS1 DataMatrix (01)(21)" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_unit = {
	"unit", NULL, subs, NULL, "serialized units: serials, operations, "
	"components",
};
