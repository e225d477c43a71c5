/* mesctl location add: a stock location. */
#include <stdio.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

static int location_add(struct ctl *c, int argc, char **argv)
{
	const char *kind = "store";

	if (argc == 5 && !strcmp(argv[3], "--kind"))
		kind = argv[4];
	else if (argc != 3)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_location_add(c->db, argv[1], argv[2], kind) != MES_OK)
		return ctl_fail(c, "location add");
	printf("location %s added (%s)\n", argv[1], kind);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", location_add, "CODE NAME [--kind KIND]",
	  "add a stock location: dock, quarantine, store, line or scrap" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_location = {
	"location", NULL, subs, NULL, "stock locations",
};
