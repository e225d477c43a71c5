/* mesctl allergen: the plant's allergen list, an item's allergens (its
 * own and its components'), and what a work center carries. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "food.h"
#include "mesctl.h"

static int print_one(const char *code, const char *name, const char *regime,
                     void *ctx)
{
	(void)ctx;
	printf("%-11s %-6s %s\n", code, regime, name);
	return 0;
}

static int a_list(struct ctl *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_allergen_each(c->db, print_one, NULL) != MES_OK)
		return ctl_fail(c, "allergen list");
	return EXIT_OK;
}

static int a_add(struct ctl *c, int argc, char **argv)
{
	if (argc != 3)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_allergen_add(c->db, argv[1], argv[2]) != MES_OK)
		return ctl_fail(c, "allergen add");
	printf("allergen %s added\n", argv[1]);
	return EXIT_OK;
}

static int a_set(struct ctl *c, int argc, char **argv)
{
	const char *level;

	if (argc != 4)
		return ctl_usage(c);
	level = strcmp(argv[3], "-") ? argv[3] : NULL;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_item_allergen(c->db, argv[1], argv[2], level) != MES_OK)
		return ctl_fail(c, "allergen set");
	printf("%s: %s %s\n", argv[1], level ? level : "no", argv[2]);
	return EXIT_OK;
}

static int print_of(const struct mes_allergen_of *a, void *ctx)
{
	(void)ctx;
	printf("%-11s %-12s %s%s\n", a->allergen, a->level, a->via[0] ?
	       "from " : "its own", a->via);
	return 0;
}

static int a_item(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_item_allergens(c->db, argv[1], print_of, NULL) != MES_OK)
		return ctl_fail(c, "allergen item");
	return EXIT_OK;
}

static int print_line(const struct mes_wc_allergen *a, void *ctx)
{
	(void)ctx;
	printf("%-11s since %.16s, left by %s\n", a->allergen, a->since,
	       a->left_by[0] ? a->left_by : "-");
	return 0;
}

static int a_line(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_wc_allergens(c->db, argv[1], print_line, NULL) != MES_OK)
		return ctl_fail(c, "allergen line");
	return EXIT_OK;
}

static int print_lot(const struct mes_allergen_lot *l, void *ctx)
{
	(void)ctx;
	printf("%-10s %-12s %-11s %-10s %.10s %s%s\n", l->lot_no, l->item_no,
	       l->level, l->status, l->created, l->wo_no[0] ? "made by " : "",
	       l->wo_no);
	return 0;
}

static int a_recall(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'f')
			from = optarg;
		else if (ch == 't')
			to = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_allergen_lots(c->db, argv[optind], from, to, print_lot, NULL) !=
	    MES_OK)
		return ctl_fail(c, "allergen recall");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "list", a_list, "", "the plant's allergens (EU 14, US major, own)" },
	{ "add", a_add, "CODE NAME", "an allergen of the plant's own" },
	{ "set", a_set, "ITEM ALLERGEN contains|may-contain|-",
	  "what the item itself contains or may contain" },
	{ "item", a_item, "ITEM",
	  "the item's allergens, its components' included" },
	{ "line", a_line, "WC", "what the work center carries from what ran" },
	{ "recall", a_recall, "ALLERGEN [--from DATE] [--to DATE]",
	  "the lots whose item has it, made or received in the dates" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_allergen = {
	"allergen", NULL, subs, NULL, "allergens of items and of lines",
};
