/* mesctl trace LOT|SERIAL: a lot's or a unit's genealogy, backward or
 * forward; a lot forward goes on to the serials built with it. */
#include <stdio.h>
#include <string.h>
#include "materials.h"
#include "mesctl.h"

static int unit_node(const struct mes_unit_node *n, void *ctx)
{
	struct ctl_trace *t = ctx;
	struct mes_json j;

	if (!t->json) {
		printf("%*s%-10s %-12s %-10s", n->depth * 2, "", n->key,
		       n->item_no, n->status);
		if (!strcmp(n->kind, "lot"))
			printf(" lot%s%.0g", n->qty > 0 ? ", qty " : "",
			       n->qty > 0 ? n->qty : 0);
		else
			printf(" unit");
		if (n->wo_no[0])
			printf(" made by %s", n->wo_no);
		if (n->depth && n->parent[0])
			printf(" (%s %s)", t->forward ? "from" : "in", n->parent);
		printf("\n");
		t->n++;
		return 0;
	}
	mes_json_init(&j);
	mes_json_int(&j, "depth", n->depth);
	mes_json_str(&j, n->kind, n->key);
	mes_json_str(&j, "from", n->parent);
	mes_json_str(&j, "item", n->item_no);
	mes_json_str(&j, "status", n->status);
	mes_json_num(&j, "qty", n->qty);
	mes_json_str(&j, "work_order", n->wo_no);
	printf("%s%s", t->n++ ? ",\n " : "[", mes_json_done(&j) ? j.p : "{}");
	mes_json_free(&j);
	return 0;
}

/* Below a lot's own tree: the lot is printed already. */
static int below_lot(const struct mes_unit_node *n, void *ctx)
{
	return n->depth ? unit_node(n, ctx) : 0;
}

/* The units a lot went into, after its lots: none is no error. */
static int lot_units(struct ctl *c, const char *lot, struct ctl_trace *t)
{
	int rc = mes_unit_trace(c->db, lot, 1, below_lot, t);

	return rc == MES_OK || rc == MES_ERR_NOTFOUND ? EXIT_OK :
	       ctl_fail(c, "trace");
}

static int trace(struct ctl *c, int argc, char **argv)
{
	struct ctl_trace t = { c->json, 0, 0, NULL, 0 };
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
	t.forward = dir;
	if (mes_unit_get(c->db, lot, &(struct mes_unit){ 0 }) == MES_OK) {
		if (mes_unit_trace(c->db, lot, dir, unit_node, &t) != MES_OK)
			return ctl_fail(c, "trace");
		return ctl_trace_finish(&t);
	}
	if (mes_trace(c->db, lot, dir, ctl_trace_node, &t) != MES_OK)
		return ctl_fail(c, "trace");
	if (dir && lot_units(c, lot, &t) != EXIT_OK)
		return EXIT_FAIL;
	return ctl_trace_finish(&t);
}

const struct cmd cmd_trace = {
	"trace", trace, NULL, "LOT|SERIAL --backward|--forward [--json]",
	"a lot's or a unit's genealogy, forward down to the serials",
};
