/* mesctl tool: tool types and tools, mounting, refurbishment, and what a
 * tool made. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "machine.h"
#include "mesctl.h"
#include "prod.h"

static int t_type_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "life", required_argument, NULL, 'l' },
		{ "hours", required_argument, NULL, 'h' },
		{ "warn", required_argument, NULL, 'w' },
		{ "per-cycle", required_argument, NULL, 'p' },
		{ "refurb", required_argument, NULL, 'r' },
		{ "description", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_tool_type t;
	long long warn = 0;
	int ch, bad = 0;

	memset(&t, 0, sizeof t);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'l')
			bad |= ctl_num("--life", optarg, 1, 1e12, &t.life_cycles);
		else if (ch == 'h')
			bad |= ctl_num("--hours", optarg, 0, 1e9, &t.life_hours);
		else if (ch == 'w')
			bad |= ctl_int("--warn", optarg, 1, 100, &warn);
		else if (ch == 'p')
			bad |= ctl_num("--per-cycle", optarg, 0, 1e6, &t.per_cycle);
		else if (ch == 'r')
			bad |= ctl_num("--refurb", optarg, 0, 1e12,
			               &t.refurb_cycles);
		else if (ch == 'd')
			t.description = optarg;
		else
			return ctl_usage(c);
	}
	if (bad)
		return EXIT_USAGE;
	if (optind != argc - 1 || !(t.life_cycles > 0))
		return ctl_usage(c);
	t.code = argv[optind];
	t.warn_pct = (int)warn;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_tool_type_add(c->db, &t) != MES_OK)
		return ctl_fail(c, "tool type-add");
	printf("tool type %s: %.0f cycles%s\n", t.code, t.life_cycles,
	       t.life_hours > 0 ? " or its hours" : "");
	return EXIT_OK;
}

static int t_add(struct ctl *c, int argc, char **argv)
{
	if (argc != 3)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_tool_add(c->db, argv[1], argv[2]) != MES_OK)
		return ctl_fail(c, "tool add");
	printf("tool %s (%s) added, available\n", argv[1], argv[2]);
	return EXIT_OK;
}

static int t_require(struct ctl *c, int argc, char **argv)
{
	long long seq;
	const char *type;

	if (argc != 4 || ctl_int("SEQ", argv[2], 1, 99999, &seq))
		return ctl_usage(c);
	type = strcmp(argv[3], "-") ? argv[3] : NULL;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_routing_tool(c->db, argv[1], (int)seq, type) != MES_OK)
		return ctl_fail(c, "tool require");
	if (type)
		printf("%s/%lld needs a %s tool mounted\n", argv[1], seq, type);
	else
		printf("%s/%lld needs no tool\n", argv[1], seq);
	return EXIT_OK;
}

static int print_state(struct ctl *c, const char *code, const char *did)
{
	struct mes_tool t;

	if (mes_tool_get(c->db, code, &t) != MES_OK)
		return ctl_fail(c, did);
	printf("tool %s %s: life %d, %.0f of %.0f cycles%s%s\n", t.code,
	       t.state, t.life_no, t.cycles, t.limit, t.wc[0] ? " on " : "",
	       t.wc);
	return EXIT_OK;
}

/* The one-tool commands: mount, unmount, refurbish, refurbished, scrap. */
static int t_change(struct ctl *c, int argc, char **argv)
{
	const char *sub = argv[0];
	int two = !strcmp(sub, "mount") || !strcmp(sub, "scrap"), rc;

	/* TOOL, then WC or REASON, or refurbished's optional NOTE. */
	if (argc != 2 + two && !(argc == 3 && !strcmp(sub, "refurbished")))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!strcmp(sub, "mount"))
		rc = mes_tool_mount(c->db, argv[1], argv[2]);
	else if (!strcmp(sub, "unmount"))
		rc = mes_tool_unmount(c->db, argv[1]);
	else if (!strcmp(sub, "refurbish"))
		rc = mes_tool_refurbish(c->db, argv[1]);
	else if (!strcmp(sub, "refurbished"))
		rc = mes_tool_refurbished(c->db, argv[1], argc == 3 ? argv[2] : "");
	else
		rc = mes_tool_scrap(c->db, argv[1], argv[2]);
	if (rc != MES_OK) {
		char what[32];

		snprintf(what, sizeof what, "tool %s", sub);
		return ctl_fail(c, what);
	}
	return print_state(c, argv[1], "tool");
}

static int print_tool(const struct mes_tool *t, void *ctx)
{
	const struct ctl *c = ctx;
	struct mes_json j;

	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "tool", t->code);
		mes_json_str(&j, "type", t->type);
		mes_json_str(&j, "state", t->state);
		mes_json_str(&j, "work_center", t->wc);
		mes_json_int(&j, "life", t->life_no);
		mes_json_num(&j, "cycles", t->cycles);
		mes_json_num(&j, "limit", t->limit);
		mes_json_num(&j, "total_cycles", t->total_cycles);
		mes_json_num(&j, "hours", t->hours);
		mes_json_num(&j, "life_hours", t->life_hours);
		mes_json_str(&j, "life_left", t->spent ? "none" : t->warned ?
		             "low" : "ok");
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	printf("%-12s %-10s %-12s %-10s life %d  %7.0f/%-7.0f %3.0f%%%s\n",
	       t->code, t->type, t->state, t->wc[0] ? t->wc : "-", t->life_no,
	       t->cycles, t->limit, 100 * t->cycles / t->limit,
	       t->spent ? "  at its limit" : t->warned ? "  low" : "");
	return 0;
}

static int t_list(struct ctl *c, int argc, char **argv)
{
	int all = 0, k;

	for (k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--json"))
			c->json = 1;
		else if (!strcmp(argv[k], "--all"))
			all = 1;
		else
			return ctl_usage(c);
	}
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_tool_each(c->db, all, print_tool, c) != MES_OK)
		return ctl_fail(c, "tool list");
	return EXIT_OK;
}

static int print_use(const struct mes_tool_use *u, void *ctx)
{
	(void)ctx;
	printf("  %s/%-4d life %d  cycles %.0f-%.0f  %.16s to %.16s\n",
	       u->wo_no, u->seq, u->life_no, u->from_cycles, u->to_cycles,
	       u->first_ts, u->last_ts);
	return 0;
}

static int t_show(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (print_state(c, argv[1], "tool show") != EXIT_OK)
		return EXIT_FAIL;
	if (mes_tool_uses(c->db, argv[1], NULL, print_use, NULL) != MES_OK)
		return ctl_fail(c, "tool show");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "type-add", t_type_add, "TYPE --life CYCLES [--hours H] [--warn PCT] "
	  "[--per-cycle UNITS] [--refurb CYCLES] [--description T]",
	  "a tool type and how long its tools live" },
	{ "add", t_add, "TOOL TYPE", "a new tool (TOOL is its barcode)" },
	{ "require", t_require, "ITEM SEQ TYPE|-",
	  "the routing operation needs a tool of TYPE mounted (-: none)" },
	{ "mount", t_change, "TOOL WC", "mount the tool on the work center" },
	{ "unmount", t_change, "TOOL", "take it off its work center" },
	{ "refurbish", t_change, "TOOL", "send it to refurbishment" },
	{ "refurbished", t_change, "TOOL [NOTE]",
	  "back from refurbishment: a new life" },
	{ "scrap", t_change, "TOOL REASON", "out of use for good" },
	{ "list", t_list, "[--all] [--json]", "the tools, the most worn first" },
	{ "show", t_show, "TOOL", "its life and what it made" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_tool = {
	"tool", NULL, subs, NULL, "tools: life, mounting, refurbishment",
};
