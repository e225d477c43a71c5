/* mesctl recall SUPPLIER-LOT: every finished lot that contains it. */
#include <stdio.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

static int recall(struct ctl *c, int argc, char **argv)
{
	struct ctl_trace t = { c->json, 0, 1, NULL, 0 };
	const char *slot = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			t.json = 1;
		else if (!slot)
			slot = argv[i];
		else
			slot = NULL, i = argc;
	}
	if (!slot)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_recall(c->db, slot, ctl_trace_node, &t) != MES_OK)
		return ctl_fail(c, "recall");
	if (!t.json)
		printf("%d finished lot%s contain%s supplier lot %s\n", t.n,
		       t.n == 1 ? "" : "s", t.n == 1 ? "s" : "", slot);
	return ctl_trace_finish(&t);
}

const struct cmd cmd_recall = {
	"recall", recall, NULL, "SUPPLIER-LOT [--json]",
	"finished lots containing a supplier lot",
};
