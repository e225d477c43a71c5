/*
 * mesctl import receipts | receive | item gs1 | location add: receiving
 * from a desk or a script.  The rules are core's; this prints its answer.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

static const char import_use[] =
	"receipts [--skip-bad] FILE.csv|-";
static const char receive_use[] =
	"[--po PO] [--qty N] [--at LOCATION] [--no-aim] [--json] SCAN|-";
static const char item_use[] =
	"gs1 ITEM [--gtin GTIN] [--needs-expiry] [--min-shelf-days N] "
	"[--inspect]";
static const char location_use[] = "add CODE NAME [--kind KIND]";

int ctl_import_receipts(struct ctl *c, int argc, char **argv)
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
		return ctl_usage("import", import_use);
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

/* The scan as typed, or raw from standard input (GS bytes kept; the
 * line ending is the scanner's terminator, not data). */
static int read_scan(const char *arg, char *buf, size_t n, size_t *len)
{
	size_t got;

	if (strcmp(arg, "-")) {
		*len = strlen(arg);
		if (*len >= n)
			return -1;
		memcpy(buf, arg, *len + 1);
		return 0;
	}
	got = fread(buf, 1, n - 1, stdin);
	while (got && (buf[got - 1] == '\n' || buf[got - 1] == '\r'))
		got--;
	buf[got] = 0;
	*len = got;
	return 0;
}

static void print_receipt(const struct mes_receipt *r, int json)
{
	struct mes_json j;

	if (!json) {
		printf("received %s: %g %s of %s, supplier lot %s%s%s, into %s "
		       "(%s); %s line %d: %g of %g\n", r->lot_no, r->qty, r->uom,
		       r->item_no, r->supplier_lot[0] ? r->supplier_lot : "-",
		       r->expiry[0] ? ", expires " : "", r->expiry, r->location,
		       r->status, r->po_no, r->line_no, r->line_received,
		       r->line_qty);
		return;
	}
	mes_json_init(&j);
	mes_json_str(&j, "lot", r->lot_no);
	mes_json_str(&j, "item", r->item_no);
	mes_json_num(&j, "qty", r->qty);
	mes_json_str(&j, "uom", r->uom);
	mes_json_str(&j, "supplier", r->supplier);
	mes_json_str(&j, "supplier_lot", r->supplier_lot);
	mes_json_str(&j, "expiry", r->expiry);
	mes_json_str(&j, "sscc", r->sscc);
	mes_json_str(&j, "location", r->location);
	mes_json_str(&j, "status", r->status);
	mes_json_str(&j, "po", r->po_no);
	mes_json_int(&j, "line", r->line_no);
	mes_json_num(&j, "line_received", r->line_received);
	mes_json_num(&j, "line_qty", r->line_qty);
	printf("%s\n", mes_json_done(&j) ? j.p : "{}");
	mes_json_free(&j);
}

int cmd_receive(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "po", required_argument, NULL, 'p' },
		{ "qty", required_argument, NULL, 'q' },
		{ "at", required_argument, NULL, 'a' },
		{ "no-aim", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_receive_req q;
	struct mes_receipt r;
	static char scan[8192];
	int o;

	memset(&q, 0, sizeof q);
	while ((o = getopt_long(argc, argv, "p:q:a:nj", opts, NULL)) != -1) {
		switch (o) {
		case 'p': q.po_no = optarg; break;
		case 'a': q.location = optarg; break;
		case 'n': q.no_aim = 1; break;
		case 'j': c->json = 1; break;
		case 'q':
			if (ctl_num("--qty", optarg, 1e-6, 1e9, &q.qty))
				return ctl_usage("receive", receive_use);
			break;
		default: return ctl_usage("receive", receive_use);
		}
	}
	if (optind != argc - 1 ||
	    read_scan(argv[optind], scan, sizeof scan, &q.len) != 0)
		return ctl_usage("receive", receive_use);
	q.data = scan;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_receive(c->db, &q, &r) != MES_OK)
		return ctl_fail(c, "receive");
	print_receipt(&r, c->json);
	return EXIT_OK;
}

int cmd_item(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gtin", required_argument, NULL, 'g' },
		{ "needs-expiry", no_argument, NULL, 'e' },
		{ "min-shelf-days", required_argument, NULL, 's' },
		{ "inspect", no_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	const char *gtin = NULL;
	long long shelf = 0;
	int o, exp = 0, insp = 0;

	if (argc < 2 || strcmp(argv[1], "gs1"))
		return ctl_usage("item", item_use);
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "g:es:i", opts, NULL)) != -1) {
		switch (o) {
		case 'g': gtin = optarg; break;
		case 'e': exp = 1; break;
		case 'i': insp = 1; break;
		case 's':
			if (ctl_int("--min-shelf-days", optarg, 0, 36500, &shelf))
				return ctl_usage("item", item_use);
			break;
		default: return ctl_usage("item", item_use);
		}
	}
	if (optind != argc - 1)
		return ctl_usage("item", item_use);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_item_set_gs1(c->db, argv[optind], gtin, exp, (int)shelf,
	                     insp) != MES_OK)
		return ctl_fail(c, "item gs1");
	printf("%s: GS1 settings saved\n", argv[optind]);
	return EXIT_OK;
}

int cmd_location(struct ctl *c, int argc, char **argv)
{
	const char *kind = "store";

	if (argc == 6 && !strcmp(argv[4], "--kind"))
		kind = argv[5];
	else if (argc != 4)
		return ctl_usage("location", location_use);
	if (strcmp(argv[1], "add"))
		return ctl_usage("location", location_use);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_location_add(c->db, argv[2], argv[3], kind) != MES_OK)
		return ctl_fail(c, "location add");
	printf("location %s added (%s)\n", argv[2], kind);
	return EXIT_OK;
}
