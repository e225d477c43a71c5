/* mesctl asset: the asset tree site > line > machine > component. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "machine.h"

static int print_asset(const struct mes_asset *a, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;

	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "code", a->code);
		mes_json_str(&j, "name", a->name);
		mes_json_str(&j, "kind", a->kind);
		mes_json_int(&j, "depth", a->depth);
		mes_json_str(&j, "wc", a->wc);
		mes_json_str(&j, "state", a->state);
		mes_json_str(&j, "plc", a->plc);
		mes_json_int(&j, "plc_online", a->plc_online);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	printf("%*s%-*s %-10s %-9s %-9s %s%s%s\n", a->depth * 2, "",
	       18 - a->depth * 2, a->code, a->kind, a->wc, a->state,
	       a->plc[0] ? a->plc : "", a->plc[0] ? (a->plc_online ?
	       " online" : " OFFLINE") : "", a->open_downtime ? " DOWN" : "");
	return 0;
}

static int asset_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "parent", required_argument, NULL, 'p' },
		{ "wc", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kind = "machine", *parent = NULL, *wc = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'k')
			kind = optarg;
		else if (o == 'p')
			parent = optarg;
		else if (o == 'w')
			wc = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_asset_add(c->db, argv[optind], argv[optind + 1], kind, parent,
	                  wc) != MES_OK)
		return ctl_fail(c, "asset add");
	printf("%s: added\n", argv[optind]);
	return EXIT_OK;
}

static int asset_list(struct ctl *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_asset_each(c->db, print_asset, c) != MES_OK)
		return ctl_fail(c, "asset list");
	return EXIT_OK;
}

static int asset_demo_seed(struct ctl *c, int argc, char **argv)
{
	char pin[128];
	int rc;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_new_pin("Collector's PIN: ", pin, sizeof pin) != EXIT_OK)
		return EXIT_FAIL;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	rc = mes_machine_demo_seed(c->db, pin);
	memset(pin, 0, sizeof pin);
	if (rc != MES_OK)
		return ctl_fail(c, "asset demo-seed");
	printf("demo machines, PLCs sim1..sim6 and user collector added\n");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", asset_add, "CODE NAME [--kind K] [--parent P] [--wc WC]",
	  "add a site, line, machine or component" },
	{ "list", asset_list, "", "the asset tree with each machine's state" },
	{ "demo-seed", asset_demo_seed, "",
	  "the demo plant's machines (the collector's PIN on standard input)" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_asset = {
	"asset", NULL, subs, NULL, "the asset tree",
};
