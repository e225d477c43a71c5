/*
 * A lot's genealogy printed for trace and recall: an indented tree (or
 * flat, for recall's finished lots) or a JSON array of the nodes.
 */
#include <stdio.h>
#include "materials.h"
#include "mesctl.h"

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
