/*
 * A lot's genealogy printed for trace and recall: an indented tree (or
 * flat, for recall's finished lots) or a JSON array of the nodes.
 */
#include <stdio.h>
#include <string.h>
#include "machine.h"
#include "materials.h"
#include "mesctl.h"

struct tools_of {
	const struct ctl_trace *t;
	int depth;
	struct mes_json *j;       /* JSON: the uses as one text; else lines */
	char text[512];
};

/* Which tool, in which life and over which cycles, made it. */
static int tool_line(const struct mes_tool_use *u, void *ctx)
{
	struct tools_of *o = ctx;
	size_t k = strlen(o->text);

	if (!o->j) {
		printf("%*s  tool %s (%s) life %d, cycles %.0f-%.0f at op %d\n",
		       o->t->flat ? 0 : o->depth * 2, "", u->tool, u->type,
		       u->life_no, u->from_cycles, u->to_cycles, u->seq);
		return 0;
	}
	snprintf(o->text + k, sizeof o->text - k, "%s%s life %d op %d cycles "
	         "%.0f-%.0f", k ? "; " : "", u->tool, u->life_no, u->seq,
	         u->from_cycles, u->to_cycles);
	return 0;
}

static void tools_of(const struct ctl_trace *t, const struct mes_trace_node *n,
                     struct mes_json *j)
{
	struct tools_of o = { t, n->depth, j, "" };

	if (!t->db || !n->wo_no[0])
		return;
	/* A listing that fails leaves the genealogy as it is. */
	mes_tool_uses(t->db, NULL, n->wo_no, tool_line, &o);
	if (j && o.text[0])
		mes_json_str(j, "tools", o.text);
}

int ctl_trace_node(const struct mes_trace_node *n, void *ctx)
{
	struct ctl_trace *t = ctx;
	struct mes_json j;

	if (!t->json) {
		printf("%*s%-10s %-12s %-10s", t->flat ? 0 : n->depth * 2, "",
		       n->lot_no,
		       n->item_no, n->status);
		if (n->depth && n->qty > 0 && !t->flat)
			printf(" qty %g", n->qty);
		if (n->supplier_lot[0])
			printf(" supplier %s lot %s", n->supplier,
			       n->supplier_lot);
		if (n->wo_no[0])
			printf(" made by %s", n->wo_no);
		if (n->finished)
			printf(" [finished]");
		printf("\n");
		tools_of(t, n, NULL);
		t->n++;
		return 0;
	}
	mes_json_init(&j);
	mes_json_int(&j, "depth", n->depth);
	mes_json_str(&j, "lot", n->lot_no);
	mes_json_str(&j, "from", n->parent);
	mes_json_str(&j, "item", n->item_no);
	mes_json_str(&j, "status", n->status);
	mes_json_num(&j, "qty", n->qty);
	mes_json_str(&j, "supplier", n->supplier);
	mes_json_str(&j, "supplier_lot", n->supplier_lot);
	mes_json_str(&j, "work_order", n->wo_no);
	mes_json_int(&j, "finished", n->finished);
	tools_of(t, n, &j);
	printf("%s%s", t->n++ ? ",\n " : "[", mes_json_done(&j) ? j.p : "{}");
	mes_json_free(&j);
	return 0;
}

int ctl_trace_finish(struct ctl_trace *t)
{
	if (t->json)
		printf("%s\n", t->n ? "]" : "[]");
	return EXIT_OK;
}
