/* mesctl item gs1: what receiving checks on an item's labels. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

static int item_gs1(struct ctl *c, int argc, char **argv)
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

	while ((o = getopt_long(argc, argv, "g:es:i", opts, NULL)) != -1) {
		switch (o) {
		case 'g': gtin = optarg; break;
		case 'e': exp = 1; break;
		case 'i': insp = 1; break;
		case 's':
			if (ctl_int("--min-shelf-days", optarg, 0, 36500, &shelf))
				return ctl_usage(c);
			break;
		default: return ctl_usage(c);
		}
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_item_set_gs1(c->db, argv[optind], gtin, exp, (int)shelf,
	                     insp) != MES_OK)
		return ctl_fail(c, "item gs1");
	printf("%s: GS1 settings saved\n", argv[optind]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "gs1", item_gs1,
	  "ITEM [--gtin GTIN] [--needs-expiry] [--min-shelf-days N] [--inspect]",
	  "an item's GTIN and what receiving checks on its labels" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_item = {
	"item", NULL, subs, NULL, "an item's GTIN and receiving checks",
};
