/* mesctl trace LOT: a lot's genealogy, backward or forward. */
#include <stdio.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

static int trace(struct ctl *c, int argc, char **argv)
{
	struct ctl_trace t = { c->json, 0, 0, NULL };
	int i, dir = -1;
	const char *lot = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--backward"))
			dir = 0;
		else if (!strcmp(argv[i], "--forward"))
			dir = 1;
		else if (!strcmp(argv[i], "--json"))
			t.json = 1;
		else if (!lot && argv[i][0] != '-')
			lot = argv[i];
		else
			dir = -2;
	}
	if (!lot || dir < 0)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	t.db = c->db;
	if (mes_trace(c->db, lot, dir, ctl_trace_node, &t) != MES_OK)
		return ctl_fail(c, "trace");
	return ctl_trace_finish(&t);
}

const struct cmd cmd_trace = {
	"trace", trace, NULL, "LOT --backward|--forward [--json]",
	"a lot's genealogy",
};
