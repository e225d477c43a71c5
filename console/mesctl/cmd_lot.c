/*
 * mesctl lot: lots and the inventory ledger from a desk, and lot
 * labels to a file or a printer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "label/label.h"
#include "materials.h"
#include "mesctl.h"

struct lot_opts {
	const char *from, *reason, *at, *expiry, *tmpl, *to;
	double qty;
	int n;          /* the arguments after the options: */
	char **arg;
};

static int parse_opts(int argc, char **argv, struct lot_opts *o)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "qty", required_argument, NULL, 'q' },
		{ "reason", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "expiry", required_argument, NULL, 'e' },
		{ "template", required_argument, NULL, 't' },
		{ "to", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int k;

	memset(o, 0, sizeof *o);
	while ((k = getopt_long(argc, argv, "f:q:r:a:e:t:o:", opts, NULL)) != -1) {
		switch (k) {
		case 'f': o->from = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'a': o->at = optarg; break;
		case 'e': o->expiry = optarg; break;
		case 't': o->tmpl = optarg; break;
		case 'o': o->to = optarg; break;
		case 'q':
			if (ctl_num("--qty", optarg, 1e-6, 1e9, &o->qty))
				return -1;
			break;
		default: return -1;
		}
	}
	return 0;
}

static int show(struct ctl *c, const char *lot)
{
	struct mes_lot l;
	struct mes_json j;

	if (mes_lot_get(c->db, lot, &l) != MES_OK)
		return ctl_fail(c, "lot show");
	if (!c->json) {
		printf("lot %s: %s %s\n  on hand %g %s in %s, status %s\n"
		       "  supplier %s, supplier lot %s, expiry %s%s%s%s%s\n",
		       l.lot_no, l.item_no, l.description, l.on_hand, l.uom,
		       l.location[0] ? (strcmp(l.location, "*") ? l.location :
		       "several locations") : "-", l.status,
		       l.supplier[0] ? l.supplier : "-",
		       l.supplier_lot[0] ? l.supplier_lot : "-",
		       l.expiry[0] ? l.expiry : "none",
		       l.po_no[0] ? ", PO " : "", l.po_no,
		       l.produced_by[0] ? ", made by " : "", l.produced_by);
		return EXIT_OK;
	}
	mes_json_init(&j);
	mes_json_str(&j, "lot", l.lot_no);
	mes_json_str(&j, "item", l.item_no);
	mes_json_num(&j, "on_hand", l.on_hand);
	mes_json_str(&j, "uom", l.uom);
	mes_json_str(&j, "location", l.location);
	mes_json_str(&j, "status", l.status);
	mes_json_str(&j, "supplier", l.supplier);
	mes_json_str(&j, "supplier_lot", l.supplier_lot);
	mes_json_str(&j, "expiry", l.expiry);
	mes_json_str(&j, "work_order", l.produced_by);
	printf("%s\n", mes_json_done(&j) ? j.p : "{}");
	mes_json_free(&j);
	return EXIT_OK;
}

static int stock_row(const struct mes_stock *s, void *ctx)
{
	(void)ctx;
	printf("%-10s %-12s %-8s %-10s %-10s %g\n", s->lot_no, s->item_no,
	       s->location, s->status, s->expiry[0] ? s->expiry : "-", s->qty);
	return 0;
}

/* [scan] label_template and label_printer from mes.ini, if set. */
static void label_defaults(struct ctl *c, struct lot_opts *o)
{
	static char tmpl[4096], to[512];
	struct mes_ini *ini = NULL;
	const char *v;
	char err[256];

	if (c->config_path[0] &&
	    mes_ini_load(c->config_path, &ini, err, sizeof err) == MES_OK) {
		if (!o->tmpl && (v = mes_ini_str(ini, "scan", "label_template")))
			o->tmpl = strncpy(tmpl, v, sizeof tmpl - 1);
		if (!o->to && (v = mes_ini_str(ini, "scan", "label_printer")))
			o->to = strncpy(to, v, sizeof to - 1);
		mes_ini_free(ini);
	}
	if (!o->tmpl)
		o->tmpl = mes_label_template("lot.zpl");
	if (!o->to)
		o->to = "-";
}

static int label(struct ctl *c, const char *lot, struct lot_opts *o)
{
	struct mes_lot l;
	char err[512];

	if (mes_lot_get(c->db, lot, &l) != MES_OK)
		return ctl_fail(c, "lot label");
	label_defaults(c, o);
	if (mes_label_print_lot(&l, o->tmpl, o->to, 5000, err, sizeof err) !=
	    MES_OK) {
		fprintf(stderr, "mesctl: lot label: %s\n", err);
		return EXIT_FAIL;
	}
	if (strcmp(o->to, "-"))
		printf("label for %s sent to %s\n", l.lot_no, o->to);
	return EXIT_OK;
}

static int sign_pin(char *pin, size_t n)
{
	const char *env = getenv("MES_PIN");

	if (env) {
		snprintf(pin, n, "%s", env);
		return 0;
	}
	return ctl_new_pin("PIN to sign the release", pin, n);
}

/*
 * Every subcommand takes every option, then logs in; then it must have
 * from min to max arguments.  EXIT_OK with o filled, else what to exit
 * with, said.
 */
static int begin(struct ctl *c, int argc, char **argv, int min, int max,
                 struct lot_opts *o)
{
	if (parse_opts(argc, argv, o) != 0)
		return ctl_usage(c);
	if (!strcmp(argv[0], "produce") && o->qty <= 0)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	o->n = argc - optind;
	o->arg = argv + optind;
	return o->n < min || o->n > max ? ctl_usage(c) : EXIT_OK;
}

/* What a change of lot prints, or why not. */
static int changed(struct ctl *c, int rc, const char *sub, const char *lot)
{
	char what[64];

	if (rc != MES_OK) {
		snprintf(what, sizeof what, "lot %s", sub);
		return ctl_fail(c, what);
	}
	printf("%s: %s done\n", lot, sub);
	return EXIT_OK;
}

static int lot_show(struct ctl *c, int argc, char **argv)
{
	struct lot_opts o;
	int rc = begin(c, argc, argv, 1, 1, &o);

	return rc != EXIT_OK ? rc : show(c, o.arg[0]);
}

static int lot_stock(struct ctl *c, int argc, char **argv)
{
	struct lot_opts o;
	int rc = begin(c, argc, argv, 0, 1, &o);

	if (rc != EXIT_OK)
		return rc;
	return mes_stock_each(c->db, o.n ? o.arg[0] : NULL, stock_row, NULL) ?
	       ctl_fail(c, "lot stock") : EXIT_OK;
}

static int lot_label(struct ctl *c, int argc, char **argv)
{
	struct lot_opts o;
	int rc = begin(c, argc, argv, 1, 1, &o);

	return rc != EXIT_OK ? rc : label(c, o.arg[0], &o);
}

static int lot_move(struct ctl *c, int argc, char **argv)
{
	struct lot_opts o;
	int rc = begin(c, argc, argv, 2, 2, &o);

	if (rc != EXIT_OK)
		return rc;
	rc = mes_lot_move(c->db, o.arg[0], o.from, o.arg[1], o.qty);
	return changed(c, rc, argv[0], o.arg[0]);
}

static int lot_issue(struct ctl *c, int argc, char **argv)
{
	struct lot_opts o;
	char wo[64];
	int seq, rc = begin(c, argc, argv, 2, 2, &o);

	if (rc != EXIT_OK)
		return rc;
	if (mes_traveler_parse(o.arg[1], wo, sizeof wo, &seq))
		return ctl_usage(c);
	rc = mes_lot_issue(c->db, o.arg[0], o.from, wo, seq, o.qty, o.reason);
	return changed(c, rc, argv[0], o.arg[0]);
}

static int lot_produce(struct ctl *c, int argc, char **argv)
{
	struct lot_opts o;
	char wo[64], lot[32];
	int seq, rc = begin(c, argc, argv, 1, 1, &o);

	if (rc != EXIT_OK)
		return rc;
	if (mes_traveler_parse(o.arg[0], wo, sizeof wo, &seq))
		return ctl_usage(c);
	if (mes_lot_produce(c->db, wo, seq, o.qty, o.at, o.expiry, lot) !=
	    MES_OK)
		return ctl_fail(c, "lot produce");
	printf("produced lot %s\n", lot);
	return EXIT_OK;
}

static int lot_hold(struct ctl *c, int argc, char **argv)
{
	struct lot_opts o;
	int rc = begin(c, argc, argv, 1, 1, &o);

	if (rc != EXIT_OK)
		return rc;
	rc = mes_lot_hold(c->db, o.arg[0], o.reason);
	return changed(c, rc, argv[0], o.arg[0]);
}

static int lot_release(struct ctl *c, int argc, char **argv)
{
	struct mes_user_info u;
	struct lot_opts o;
	char pin[128];
	int rc = begin(c, argc, argv, 1, 1, &o);

	if (rc != EXIT_OK)
		return rc;
	if (mes_session_user(c->db, &u) != MES_OK ||
	    sign_pin(pin, sizeof pin) != 0)
		return EXIT_FAIL;
	rc = mes_lot_release(c->db, o.arg[0], u.login, pin, o.reason);
	memset(pin, 0, sizeof pin);
	return changed(c, rc, argv[0], o.arg[0]);
}

static const struct subcmd subs[] = {
	{ "show", lot_show, "LOT", "a lot: item, quantity, where, status" },
	{ "stock", lot_stock, "[ITEM]", "on hand by lot and location" },
	{ "move", lot_move, "LOT TO [--from LOC] [--qty N]",
	  "put away or move a lot" },
	{ "issue", lot_issue,
	  "LOT WO/OP [--from LOC] [--qty N] [--reason TEXT]",
	  "consume a lot in an operation" },
	{ "produce", lot_produce, "WO/OP --qty N [--at LOC] [--expiry DATE]",
	  "record output as a new lot" },
	{ "hold", lot_hold, "LOT --reason TEXT", "hold a lot" },
	{ "release", lot_release, "LOT --reason TEXT",
	  "release a held or quarantined lot, signed" },
	{ "label", lot_label, "LOT [--template FILE] [--to DEST]",
	  "print the lot's label" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_lot = {
	"lot", NULL, subs, NULL, "lots and the inventory ledger",
};
