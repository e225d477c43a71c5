/* mesctl nc: non-conformances by hand, their containment, the signed
 * disposition and the signed close.  The signer's PIN comes from
 * $MES_SIGN_PIN or one line of standard input (ctl_sign_pin). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "quality.h"

static int nc_open_cmd(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lot", required_argument, NULL, 'l' },
		{ "item", required_argument, NULL, 'i' },
		{ "wo", required_argument, NULL, 'w' },
		{ "op", required_argument, NULL, 'o' },
		{ "description", required_argument, NULL, 'd' },
		{ "qty", required_argument, NULL, 'q' },
		{ "defect", required_argument, NULL, 'D' },
		{ "alarm", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_nc_new n;
	char no[24];
	long long v;
	int o;

	memset(&n, 0, sizeof n);
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'l': n.lot_no = optarg; break;
		case 'i': n.item_no = optarg; break;
		case 'w': n.wo_no = optarg; break;
		case 'o':
			if (ctl_int("--op", optarg, 1, 99999, &v))
				return ctl_usage(c);
			n.seq = (int)v;
			break;
		case 'd': n.description = optarg; break;
		case 'q':
			if (ctl_num("--qty", optarg, 1e-6, 1e9, &n.qty))
				return ctl_usage(c);
			break;
		case 'D': n.defect_code = optarg; break;
		case 'a':
			if (ctl_int("--alarm", optarg, 1, 0x7fffffffffffffffLL,
			            &v))
				return ctl_usage(c);
			n.alarm_id = v;
			break;
		default: return ctl_usage(c);
		}
	}
	if (optind != argc)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_nc_open(c->db, &n, no) != MES_OK)
		return ctl_fail(c, "nc open");
	printf("%s opened; %s on hold\n", no, n.lot_no ? "the lot is" :
	       "the work order is");
	return EXIT_OK;
}

static int print_nc(const struct mes_nc *n, void *ctx)
{
	char what[96];

	(void)ctx;
	if (n->lot_no[0])
		snprintf(what, sizeof what, "lot %s %s", n->item_no, n->lot_no);
	else
		snprintf(what, sizeof what, "order %s", n->wo_no);
	printf("%-9s %-13s %-10s %-28s %8g %s\n", n->nc_no, n->status,
	       n->source, what, n->qty, n->description);
	return 0;
}

/* A signature is checked each time it is shown: an edit behind the
 * program's back is said, next to what the file now claims. */
static int show_sig(struct ctl *c, const struct mes_nc *n, const char *label,
                    const struct mes_signature *s)
{
	if (!s->id)
		return 0;
	printf("%-18s %s (%s), %s, \"%s\"\n", label, s->printed_name,
	       s->login, s->ts, s->meaning);
	if (mes_sign_check(c->db, s->id, "nonconformances", n->id) == MES_OK)
		return 0;
	printf("%-18s SIGNATURE INVALID: %s\n", "", mes_db_errmsg(c->db));
	return 1;
}

static int nc_show(struct ctl *c, int argc, char **argv)
{
	struct mes_nc n;
	const char *no = argv[1];
	int bad;

	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;

	if (mes_nc_get(c->db, no, &n) != MES_OK)
		return ctl_fail(c, "nc show");
	printf("%-18s %s\n%-18s %s\n%-18s %s\n", "non-conformance", n.nc_no,
	       "status", n.status, "source", n.source);
	if (n.lot_no[0])
		printf("%-18s %s %s\n", "lot", n.item_no, n.lot_no);
	if (n.wo_no[0])
		printf("%-18s %s%s\n", "work order", n.wo_no, n.seq ? "" : "");
	printf("%-18s %g\n%-18s %s\n%-18s %s\n%-18s %s at %s\n", "quantity",
	       n.qty, "defect", n.defect_code, "description", n.description,
	       "opened by", n.opened_by, n.opened_ts);
	if (n.containment[0])
		printf("%-18s %s\n", "containment", n.containment);
	if (n.disposition[0])
		printf("%-18s %s %s\n", "disposition", n.disposition,
		       n.disposition_note);
	bad = show_sig(c, &n, "dispositioned by", &n.disp_sig);
	if (n.root_cause[0])
		printf("%-18s %s\n%-18s %s\n", "root cause", n.root_cause,
		       "corrective action", n.corrective_action);
	bad |= show_sig(c, &n, "closed by", &n.close_sig);
	return bad ? EXIT_FAIL : EXIT_OK;
}

/* contain|disposition|close NC ... */
static int nc_step(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "text", required_argument, NULL, 't' },
		{ "as", required_argument, NULL, 'a' },
		{ "note", required_argument, NULL, 'n' },
		{ "signer", required_argument, NULL, 's' },
		{ "root-cause", required_argument, NULL, 'r' },
		{ "action", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *text = NULL, *as = NULL, *note = "", *signer = NULL;
	const char *cause = NULL, *action = NULL, *sub = argv[0];
	enum mes_nc_disp d = MES_NC_USE_AS_IS;
	char pin[128];
	int o, rc;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 't': text = optarg; break;
		case 'a': as = optarg; break;
		case 'n': note = optarg; break;
		case 's': signer = optarg; break;
		case 'r': cause = optarg; break;
		case 'c': action = optarg; break;
		default: return ctl_usage(c);
		}
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (!strcmp(sub, "disposition") && mes_nc_disp_parse(as, &d)) {
		fprintf(stderr, "mesctl: nc: --as is one of use-as-is, rework, "
		        "scrap, return\n");
		return EXIT_USAGE;
	}
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!strcmp(sub, "contain")) {
		rc = mes_nc_contain(c->db, argv[optind], text);
	} else {
		if (!signer)
			return ctl_usage(c);
		if (ctl_sign_pin("nc", pin, sizeof pin) != 0)
			return EXIT_FAIL;
		rc = !strcmp(sub, "close") ?
		     mes_nc_close(c->db, argv[optind], cause, action, signer,
		                  pin) :
		     mes_nc_disposition(c->db, argv[optind], d, note, signer,
		                        pin);
		memset(pin, 0, sizeof pin);
	}
	if (rc != MES_OK) {
		char what[40];

		snprintf(what, sizeof what, "nc %s", sub);
		return ctl_fail(c, what);
	}
	printf("%s: %s done\n", argv[optind], sub);
	return EXIT_OK;
}

static int nc_list(struct ctl *c, int argc, char **argv)
{
	int all = argc == 2 && !strcmp(argv[1], "--all");

	if (argc > 2 || (argc == 2 && !all))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_nc_each(c->db, all, print_nc, NULL) != MES_OK)
		return ctl_fail(c, "nc list");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "open", nc_open_cmd, "(--lot LOT [--item ITEM] | --wo WO [--op SEQ]) "
	  "--description T [--qty Q] [--defect CODE] [--alarm ID]",
	  "open a non-conformance and hold the lot or order" },
	{ "list", nc_list, "[--all]", "open non-conformances (or all)" },
	{ "show", nc_show, "NC", "the record with its signatures, checked" },
	{ "contain", nc_step, "NC --text T", "record the containment" },
	{ "disposition", nc_step, "NC --as use-as-is|rework|scrap|return "
	  "[--note T] --signer LOGIN", "the signed disposition" },
	{ "close", nc_step, "NC --root-cause T --action T --signer LOGIN",
	  "the signed close" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_nc = {
	"nc", NULL, subs, NULL,
	"non-conformances and their signed disposition",
};
