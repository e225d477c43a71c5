/* mesctl receive: a scanned GS1 label received at the dock. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

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

static int receive(struct ctl *c, int argc, char **argv)
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
				return ctl_usage(c);
			break;
		default: return ctl_usage(c);
		}
	}
	if (optind != argc - 1 ||
	    read_scan(argv[optind], scan, sizeof scan, &q.len) != 0)
		return ctl_usage(c);
	q.data = scan;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_receive(c->db, &q, &r) != MES_OK)
		return ctl_fail(c, "receive");
	print_receipt(&r, c->json);
	return EXIT_OK;
}

const struct cmd cmd_receive = {
	"receive", receive, NULL,
	"[--po PO] [--qty N] [--at LOCATION] [--no-aim] [--json] SCAN|-",
	"receive a scanned GS1 label",
};
