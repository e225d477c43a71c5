/*
 * A request's segments and materials, as the schedule reader checks them.
 *
 * Every SegmentRequirement is an operation, nested ones (SegmentRequirement
 * in V0700, SegmentRequirementChild in V0701) flattened in document order:
 * the plant runs a list of operations, and a parent is as much one as its
 * children.  The operation number is ProcessSegmentID when that is a whole
 * number, else ID when that is; a segment named otherwise ("Weighing") is
 * numbered by its position (10, 20, ...), keeps the name as its
 * description, and needs its work center, since a made-up number must
 * not pick a routing operation.  Resources are read as elements
 * (MaterialRequirement, EquipmentRequirement/EquipmentID) or as the
 * SegmentParameter form mes writes itself, where each Value's Key names
 * the child element it stands for (b2mml_export.c says why).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "b2mml_imp.h"

static int parse_num(const char *s, double *v)
{
	char *end;

	if (!*s)
		return 0;
	*v = strtod(s, &end);
	return !*end && isfinite(*v);
}

/* mes' own form: <SegmentParameter><ID>kind</ID><Value>...</Value>. */
static int is_param(const xmlNode *n, const char *kind)
{
	char id[32];

	if (!bx_is(n, "SegmentParameter"))
		return 0;
	bx_text(bx_child(n, "ID"), id, sizeof id);
	return !strcmp(id, kind);
}

/* The next resource of kind (MaterialRequirement, EquipmentRequirement)
 * among sn's children after prev, in either form. */
static xmlNode *next_res(const xmlNode *sn, const xmlNode *prev,
                         const char *kind)
{
	xmlNode *c = prev ? prev->next : sn->children;

	for (; c; c = c->next)
		if (bx_is(c, kind) || is_param(c, kind))
			return c;
	return NULL;
}

/* The node whose text is a resource's field name: its child element, or
 * in the parameter form the ValueString of the Value keyed name. */
static xmlNode *field(const xmlNode *res, const char *name)
{
	xmlNode *v;
	char key[64];

	if (!bx_is(res, "SegmentParameter"))
		return bx_child(res, name);
	for (v = bx_child(res, "Value"); v; v = bx_next(v)) {
		bx_text(bx_child(v, "Key"), key, sizeof key);
		if (!strcmp(key, name))
			return bx_child(v, "ValueString");
	}
	return NULL;
}

/* A quantity above 0 and its UnitOfMeasure if any: Quantity/
 * QuantityString, or the Value keyed Quantity. */
static int quantity(struct imp *im, const xmlNode *res, double *q,
                    char *uom, size_t ulen)
{
	int param = bx_is(res, "SegmentParameter");
	xmlNode *sn = field(res, "Quantity"), *qn;
	char s[64];

	qn = param ? (sn ? sn->parent : NULL) : sn;
	if (!qn) {
		problem(im, res, "Quantity is missing");
		return 0;
	}
	if (!need_text(im, qn, param ? "ValueString" : "QuantityString", s,
	               sizeof s))
		return 0;
	if (!parse_num(s, q) || *q <= 0 || *q > 1e9) {
		problem(im, bx_child(qn, param ? "ValueString" :
		        "QuantityString"), "quantity \"%s\": a number above 0", s);
		return 0;
	}
	bx_text(bx_child(qn, "UnitOfMeasure"), uom, ulen);
	return 1;
}

static long long item_id(struct imp *im, const char *no)
{
	return imp_lookup(im, "SELECT id FROM items WHERE item_no = ?", no);
}

static long long wc_id(struct imp *im, const char *code)
{
	return imp_lookup(im, "SELECT id FROM work_centers WHERE code = ? "
	                  "AND active = 1", code);
}

static int has_routing(struct imp *im, long long item)
{
	static const char sql[] = "SELECT 1 FROM routing_ops WHERE item_id = ?";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	int found;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, item);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* The order's produced item and quantity, or a component; one without
 * MaterialUse is kept with use "" until the whole request is read. */
static void material(struct imp *im, struct req *r, int seg, xmlNode *m)
{
	char use[32] = "", no[65];
	struct mat *x = &r->mats[r->nmat];
	xmlNode *u = field(m, "MaterialUse"), *d = field(m,
	             "MaterialDefinitionID");
	long long id;
	double q;

	bx_text(u, use, sizeof use);
	if (!strcmp(use, "Produced"))
		r->produced = 1;
	if (!d || (bx_text(d, no, sizeof no) && !no[0])) {
		problem(im, d ? d : m, "MaterialDefinitionID is %s",
		        d ? "empty" : "missing");
		return;
	}
	if (!no[0]) {
		problem(im, d, "longer than %zu characters", sizeof no - 1);
		return;
	}
	if ((id = item_id(im, no)) <= 0) {
		problem(im, d, "unknown item \"%s\": add it first", no);
		return;
	}
	if (!quantity(im, m, &q, x->uom, sizeof x->uom))
		return;
	if (!strcmp(use, "Produced")) {
		if (r->item_id)
			problem(im, m, "a second Produced material: one order"
			        " makes one item");
		r->item_id = id;
		r->qty = q;
		str_copy(r->item_no, sizeof r->item_no, no);
		return;
	}
	if (use[0] && strcmp(use, "Consumed") && strcmp(use, "Consumable")) {
		problem(im, u ? u : m, "MaterialUse \"%s\": Produced, Consumed"
		        " or Consumable", use);
		return;
	}
	x->seg = seg;
	x->item_id = id;
	x->qty = q;
	x->node = m;
	str_copy(x->use, sizeof x->use, !use[0] ? "" : !strcmp(use,
	         "Consumed") ? "consumed" : "consumable");
	str_copy(x->lot, sizeof x->lot, "");
	bx_text(field(m, "MaterialLotID"), x->lot, sizeof x->lot);
	r->nmat++;
}

/* MaterialUse is optional in the schema.  Without a Produced material,
 * the one requirement without MaterialUse whose item has a routing here
 * is what the order makes (the plant makes what it has a routing for);
 * every other one without MaterialUse is consumed. */
static void default_uses(struct imp *im, struct req *r, xmlNode *rn)
{
	int k, pick = -1, n = 0;

	for (k = 0; !r->produced && k < r->nmat; k++)
		if (!r->mats[k].use[0] && has_routing(im, r->mats[k].item_id)) {
			pick = k;
			n++;
		}
	if (n > 1) {
		problem(im, rn, "no MaterialRequirement with MaterialUse "
		        "Produced, and %d without MaterialUse name items with "
		        "a routing: say which one is Produced", n);
		return;
	}
	if (pick >= 0) {
		const struct mat *m = &r->mats[pick];
		char no[65];

		bx_text(field(m->node, "MaterialDefinitionID"), no, sizeof no);
		r->produced = 1;
		r->item_id = m->item_id;
		r->qty = m->qty;
		str_copy(r->item_no, sizeof r->item_no, no);
		memmove(&r->mats[pick], &r->mats[pick + 1],
		        (size_t)(r->nmat - pick - 1) * sizeof *r->mats);
		r->nmat--;
	}
	for (k = 0; k < r->nmat; k++)
		if (!r->mats[k].use[0])
			str_copy(r->mats[k].use, sizeof r->mats[k].use,
			         "consumed");
	if (!r->produced)
		problem(im, rn, "no MaterialRequirement with MaterialUse "
		        "Produced, nor one without MaterialUse whose item has a"
		        " routing: it names the order's item and quantity");
}

static int routing_op(struct imp *im, const struct req *r, struct seg *s)
{
	static const char sql[] = "SELECT id, wc_id, description, setup_min,"
		" run_min FROM routing_ops WHERE item_id = ? AND seq = ?";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	int found = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, r->item_id);
	sqlite3_bind_int(st, 2, s->seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		s->routing_op_id = sqlite3_column_int64(st, 0);
		s->wc_id = sqlite3_column_int64(st, 1);
		str_copy(s->desc, sizeof s->desc, col_text(st, 2));
		s->setup = sqlite3_column_double(st, 3);
		s->run = sqlite3_column_double(st, 4);
	}
	sqlite3_reset(st);
	return found;
}

/* The routing's work center, or an allowed alternative (its run time). */
static int allowed_wc(struct imp *im, struct seg *s, long long wc)
{
	static const char sql[] = "SELECT run_min FROM routing_alternatives "
		"WHERE routing_op_id = ? AND wc_id = ?";
	sqlite3_stmt *st;
	int ok = 0;

	if (wc == s->wc_id)
		return 1;
	if (!(st = db_stmt(im->db, sql)))
		return 0;
	sqlite3_bind_int64(st, 1, s->routing_op_id);
	sqlite3_bind_int64(st, 2, wc);
	if (sqlite3_step(st) == SQLITE_ROW) {
		ok = 1;
		s->run = sqlite3_column_double(st, 0);
		s->wc_id = wc;
	}
	sqlite3_reset(st);
	return ok;
}

/* 1: a whole number 1..9999 in *v; 0: not a number (a name); -1: a
 * number out of range. */
static int op_number(const char *t, int *v)
{
	size_t k, n = strlen(t);
	long x;

	if (!n)
		return 0;
	for (k = 0; k < n; k++)
		if (t[k] < '0' || t[k] > '9')
			return 0;
	x = n > 5 ? 100000 : strtol(t, NULL, 10);
	if (x < 1 || x > 9999)
		return -1;
	*v = (int)x;
	return 1;
}

static int seg_number(struct imp *im, xmlNode *sn, struct seg *s, int pos)
{
	xmlNode *pn = bx_child(sn, "ProcessSegmentID"), *idn = bx_child(sn,
	          "ID");
	char p[65], id[65];
	int kp, ki;

	bx_text(pn, p, sizeof p);
	bx_text(idn, id, sizeof id);
	kp = op_number(p, &s->seq);
	ki = kp == 1 ? 1 : op_number(id, &s->seq);
	if (kp < 0 || (kp == 0 && ki < 0)) {
		problem(im, kp < 0 ? pn : idn, "operation number \"%s\": a "
		        "whole number 1 to 9999", kp < 0 ? p : id);
		return 0;
	}
	if (kp != 1 && ki != 1) {
		s->by_pos = 1;
		s->seq = pos * 10;
		str_copy(s->name, sizeof s->name, p[0] ? p : id);
	}
	str_copy(s->erp_id, sizeof s->erp_id, id);
	return 1;
}

/* The work center the file names, in either form: 0 when none, -1 when
 * unknown (named). */
static long long seg_wc(struct imp *im, xmlNode *sn, xmlNode **eq,
                        char *code, size_t len)
{
	xmlNode *e = next_res(sn, NULL, "EquipmentRequirement");
	long long wc;

	*eq = e ? field(e, "EquipmentID") : NULL;
	code[0] = 0;
	if (!*eq || !bx_text(*eq, code, len) || !code[0])
		return 0;
	if ((wc = wc_id(im, code)) <= 0) {
		problem(im, *eq, "unknown work center \"%s\"", code);
		return -1;
	}
	return wc;
}

/* Where and how long: the routing's operation, or what the file says. */
static void seg_work(struct imp *im, const struct req *r, xmlNode *sn,
                     struct seg *s)
{
	xmlNode *eq, *du = bx_child(sn, "Duration");
	char code[65], t[65] = "", def[65];
	long long wc = seg_wc(im, sn, &eq, code, sizeof code);
	double min;
	int routed;

	/* mes writes the order's own number there for an operation that
	 * is not from the item's routing (b2mml_export.c). */
	bx_text(bx_child(sn, "OperationsDefinitionID"), def, sizeof def);
	routed = !s->by_pos && (!def[0] || strcmp(def, r->wo_no)) &&
	         routing_op(im, r, s);
	if (wc < 0)
		return;
	if (routed && wc && !allowed_wc(im, s, wc))
		problem(im, eq, "work center %s is not where operation %d of "
		        "%s runs, nor an allowed alternative", code, s->seq,
		        r->item_no);
	if (routed)
		return;
	if (!wc && s->by_pos) {
		problem(im, sn, "operation \"%s\" (numbered %d by its position)"
		        " has no work center: give it as EquipmentRequirement/"
		        "EquipmentID", s->name, s->seq);
		return;
	}
	if (!wc) {
		problem(im, sn, "operation %d is not in the routing of %s: give"
		        " its work center as EquipmentRequirement/EquipmentID",
		        s->seq, r->item_no);
		return;
	}
	s->wc_id = wc;
	if (du && bx_text(du, t, sizeof t) && t[0]) {
		if (!bx_duration_min(t, &min))
			problem(im, du, "duration \"%s\": like PT2H30M", t);
		else
			s->run = min / r->qty;
	}
}

static void segment(struct imp *im, struct req *r, xmlNode *sn, int pos)
{
	struct seg *s = &r->segs[r->nseg];
	char desc[81];
	int k;

	memset(s, 0, sizeof *s);
	if (!seg_number(im, sn, s, pos))
		return;
	for (k = 0; k < r->nseg; k++)
		if (r->segs[k].seq == s->seq) {
			problem(im, sn, "operation %d appears twice%s", s->seq,
			        s->by_pos ? " (this one numbered by its position:"
			        " give it a ProcessSegmentID)" : "");
			return;
		}
	seg_work(im, r, sn, s);
	bx_text(bx_child(sn, "Description"), desc, sizeof desc);
	if (desc[0])
		str_copy(s->desc, sizeof s->desc, desc);
	else if (s->by_pos && s->name[0])
		str_copy(s->desc, sizeof s->desc, s->name);
	else if (!s->desc[0])
		snprintf(s->desc, sizeof s->desc, "Operation %d", s->seq);
	r->nseg++;
}

static int is_seg(const xmlNode *n)
{
	return bx_is(n, "SegmentRequirement") ||
	       bx_is(n, "SegmentRequirementChild");
}

/* Pre-order: a parent, then its children, then its next sibling.  The
 * parser's depth limit bounds the recursion. */
static void walk(const xmlNode *parent, xmlNode **out, int *n)
{
	xmlNode *c;

	for (c = parent->children; c; c = c->next)
		if (is_seg(c)) {
			if (out)
				out[*n] = c;
			(*n)++;
			walk(c, out, n);
		}
}

int segs_collect(struct imp *im, struct req *r, xmlNode *rn)
{
	xmlNode *m;
	int n = 0, k, nm = 0;

	walk(rn, NULL, &n);
	r->segn = calloc((size_t)n + 1, sizeof *r->segn);
	if (!r->segn)
		return db_fail(im->db, MES_ERR_NOMEM, "out of memory");
	walk(rn, r->segn, &r->nsegn);
	for (k = 0; k < r->nsegn; k++)
		for (m = next_res(r->segn[k], NULL, "MaterialRequirement"); m;
		     m = next_res(r->segn[k], m, "MaterialRequirement"))
			nm++;
	r->segs = calloc((size_t)n + 1, sizeof *r->segs);
	r->mats = calloc((size_t)nm + 1, sizeof *r->mats);
	if (!r->segs || !r->mats)
		return db_fail(im->db, MES_ERR_NOMEM, "out of memory");
	return MES_OK;
}

void segs_check(struct imp *im, struct req *r, xmlNode *rn)
{
	xmlNode *m;
	int k;

	for (k = 0; k < r->nsegn; k++)
		for (m = next_res(r->segn[k], NULL, "MaterialRequirement"); m;
		     m = next_res(r->segn[k], m, "MaterialRequirement"))
			material(im, r, k, m);
	default_uses(im, r, rn);
	for (k = 0; k < r->nsegn; k++) {
		struct seg scratch;

		if (r->item_id)
			segment(im, r, r->segn[k], k + 1);
		else
			seg_number(im, r->segn[k], &scratch, k + 1);
	}
	if (!r->nsegn)
		problem(im, rn, "no SegmentRequirement: each one is an "
		        "operation of the order");
}
