/* mesctl location add: a stock location. */
#include <stdio.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

static const char location_use[] = "add CODE NAME [--kind KIND]";

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
