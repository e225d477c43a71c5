/*
 * B2MML OperationsSchedule -> released work orders.
 *
 * Each OperationsRequest is an order: its ID the order number, StartTime
 * and EndTime the release and due dates, Priority 1..9.  The material
 * requirement with MaterialUse "Produced" names the item and quantity;
 * "Consumed" and "Consumable" ones are the order's components
 * (wo_materials).  Every SegmentRequirement becomes an operation: its
 * ProcessSegmentID (else its ID) is the operation number; when the item's
 * routing has that number the operation links to it and takes its times,
 * else the work center must be given (EquipmentRequirement/EquipmentID)
 * and Duration, when given, is the run time for the whole quantity.  An
 * EquipmentID must be the routing's work center or an allowed
 * alternative.  The whole file is checked first; any problem and nothing
 * is kept.
 */
#include <libxml/parser.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "b2mml_int.h"

struct seg {
	int seq;
	long long routing_op_id, wc_id;
	double setup, run;
	char desc[81], erp_id[65];
};

struct mat {
	int seg;                 /* index into segs */
	long long item_id;
	double qty;
	char uom[17], use[12], lot[65];
};

struct req {
	char wo_no[33], erp_ref[65], item_no[65], rel[11], due[11];
	long long item_id;
	double qty;
	int prio, nseg, nmat, line, produced;
	struct seg *segs;
	struct mat *mats;
};

struct imp {
	struct mes_db *db;
	const char *name;
	struct mes_b2mml_result *res;
	struct req *reqs;
	int nreq;
	const char *sched_id;
	char sched_buf[65];
};

static void problem(struct imp *im, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct imp *im, const xmlNode *n, const char *fmt, ...)
{
	struct mes_b2mml_result *r = im->res;
	char path[256], what[256];
	va_list ap;

	if (r->nerrors++ >= MES_B2MML_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	bx_path(n, path, sizeof path);
	snprintf(r->errors[r->nerrors - 1], sizeof r->errors[0], "%.80s:%ld: "
	         "%.150s: %.150s", im->name, n ? xmlGetLineNo(n) : 0L, path, what);
}

/* The text of parent's child name; a missing or too long one is named. */
static int need_text(struct imp *im, const xmlNode *parent, const char *name,
                     char *buf, size_t len)
{
	xmlNode *c = bx_child(parent, name);

	if (!c || (bx_text(c, buf, len) && !buf[0])) {
		problem(im, c ? c : parent, c ? "%s is empty" :
		        "%s is missing", name);
		return 0;
	}
	if (!buf[0]) {
		problem(im, c, "longer than %zu characters", len - 1);
		return 0;
	}
	return 1;
}

static int parse_num(const char *s, double *v)
{
	char *end;

	if (!*s)
		return 0;
	*v = strtod(s, &end);
	return !*end && isfinite(*v);
}

/* A Quantity element: QuantityString above 0, UnitOfMeasure if any. */
static int quantity(struct imp *im, const xmlNode *parent, double *q,
                    char *uom, size_t ulen)
{
	xmlNode *qn = bx_child(parent, "Quantity");
	char s[64];

	if (!qn) {
		problem(im, parent, "Quantity is missing");
		return 0;
	}
	if (!need_text(im, qn, "QuantityString", s, sizeof s))
		return 0;
	if (!parse_num(s, q) || *q <= 0 || *q > 1e9) {
		problem(im, bx_child(qn, "QuantityString"), "quantity \"%s\":"
		        " a number above 0", s);
		return 0;
	}
	bx_text(bx_child(qn, "UnitOfMeasure"), uom, ulen);
	return 1;
}

static long long lookup(struct mes_db *db, const char *sql, const char *key)
{
	return db_lookup_id(db, sql, key);
}

static long long item_id(struct imp *im, const char *no)
{
	return lookup(im->db, "SELECT id FROM items WHERE item_no = ?", no);
}

static long long wc_id(struct imp *im, const char *code)
{
	return lookup(im->db, "SELECT id FROM work_centers WHERE code = ? "
	              "AND active = 1", code);
}

/* The order's produced item and quantity, or a component. */
static void material(struct imp *im, struct req *r, int seg, xmlNode *m)
{
	char use[32] = "", no[65];
	struct mat *x = &r->mats[r->nmat];
	xmlNode *u = bx_child(m, "MaterialUse");
	long long id;
	double q;

	bx_text(u, use, sizeof use);
	if (!strcmp(use, "Produced"))
		r->produced = 1;
	if (!need_text(im, m, "MaterialDefinitionID", no, sizeof no))
		return;
	if ((id = item_id(im, no)) <= 0) {
		problem(im, bx_child(m, "MaterialDefinitionID"),
		        "unknown item \"%s\": add it first", no);
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
	if (strcmp(use, "Consumed") && strcmp(use, "Consumable")) {
		problem(im, u ? u : m, "MaterialUse \"%s\": Produced, Consumed"
		        " or Consumable", use);
		return;
	}
	x->seg = seg;
	x->item_id = id;
	x->qty = q;
	str_copy(x->use, sizeof x->use, !strcmp(use, "Consumed") ?
	         "consumed" : "consumable");
	bx_text(bx_child(m, "MaterialLotID"), x->lot, sizeof x->lot);
	r->nmat++;
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

static int seg_number(struct imp *im, xmlNode *sn, struct seg *s)
{
	xmlNode *idn = bx_child(sn, "ProcessSegmentID");
	char t[65];
	char *end;
	long v;

	if (!idn)
		idn = bx_child(sn, "ID");
	if (!idn) {
		problem(im, sn, "ID is missing: the operation number comes "
		        "from ProcessSegmentID or ID");
		return 0;
	}
	bx_text(idn, t, sizeof t);
	v = strtol(t, &end, 10);
	if (!*t || *end || v < 1 || v > 9999) {
		problem(im, idn, "operation number \"%s\": a whole number "
		        "1 to 9999", t);
		return 0;
	}
	s->seq = (int)v;
	bx_text(bx_child(sn, "ID"), s->erp_id, sizeof s->erp_id);
	return 1;
}

/* Where and how long: the routing's operation, or what the file says. */
static void seg_work(struct imp *im, const struct req *r, xmlNode *sn,
                     struct seg *s)
{
	xmlNode *eq = bx_child(bx_child(sn, "EquipmentRequirement"),
	                       "EquipmentID");
	xmlNode *du = bx_child(sn, "Duration");
	int routed = routing_op(im, r, s);
	char code[65] = "", t[65] = "";
	long long wc = 0;
	double min;

	if (eq && bx_text(eq, code, sizeof code) &&
	    (wc = wc_id(im, code)) <= 0) {
		problem(im, eq, "unknown work center \"%s\"", code);
		return;
	}
	if (routed && wc && !allowed_wc(im, s, wc))
		problem(im, eq, "work center %s is not where operation %d of "
		        "%s runs, nor an allowed alternative", code, s->seq,
		        r->item_no);
	if (routed)
		return;
	if (!wc) {
		problem(im, sn, "operation %d is not in the routing of %s: give"
		        " its work center as EquipmentRequirement/EquipmentID",
		        s->seq, r->item_no);
		return;
	}
	s->wc_id = wc;
	if (du && bx_text(du, t, sizeof t)) {
		if (!bx_duration_min(t, &min))
			problem(im, du, "duration \"%s\": like PT2H30M", t);
		else
			s->run = min / r->qty;
	}
}

static void segment(struct imp *im, struct req *r, xmlNode *sn)
{
	struct seg *s = &r->segs[r->nseg];
	char desc[81];
	int k;

	memset(s, 0, sizeof *s);
	if (bx_child(sn, "SegmentRequirement"))
		problem(im, bx_child(sn, "SegmentRequirement"), "nested "
		        "segment requirements are not supported: list the "
		        "operations side by side");
	if (!seg_number(im, sn, s))
		return;
	for (k = 0; k < r->nseg; k++)
		if (r->segs[k].seq == s->seq) {
			problem(im, sn, "operation %d appears twice", s->seq);
			return;
		}
	seg_work(im, r, sn, s);
	bx_text(bx_child(sn, "Description"), desc, sizeof desc);
	if (desc[0])
		str_copy(s->desc, sizeof s->desc, desc);
	else if (!s->desc[0])
		snprintf(s->desc, sizeof s->desc, "Operation %d", s->seq);
	r->nseg++;
}

static int count_children(const xmlNode *n, const char *name)
{
	int k = 0;

	for (n = bx_child(n, name); n; n = bx_next(n))
		k++;
	return k;
}

static int req_alloc(struct imp *im, struct req *r, xmlNode *rn)
{
	xmlNode *s;
	int ns = count_children(rn, "SegmentRequirement"), nm = 0;

	for (s = bx_child(rn, "SegmentRequirement"); s; s = bx_next(s))
		nm += count_children(s, "MaterialRequirement");
	r->segs = calloc((size_t)ns + 1, sizeof *r->segs);
	r->mats = calloc((size_t)nm + 1, sizeof *r->mats);
	if (!r->segs || !r->mats)
		return db_fail(im->db, MES_ERR_NOMEM, "out of memory");
	return MES_OK;
}

static void req_number(struct imp *im, struct req *r, xmlNode *rn)
{
	xmlNode *idn = bx_child(rn, "ID");
	int k;

	if (!need_text(im, rn, "ID", r->wo_no, sizeof r->wo_no))
		return;
	for (k = 0; k < im->nreq; k++)
		if (!strcmp(im->reqs[k].wo_no, r->wo_no)) {
			problem(im, idn, "order %s is in the file twice (line "
			        "%d has it already)", r->wo_no, im->reqs[k].line);
			return;
		}
	if (lookup(im->db, "SELECT id FROM work_orders WHERE wo_no = ?",
	           r->wo_no) > 0)
		problem(im, idn, "order %s exists in the database already",
		        r->wo_no);
}

static void req_dates(struct imp *im, struct req *r, xmlNode *rn)
{
	static const char *const names[2] = { "StartTime", "EndTime" };
	char t[64];
	char *out[2] = { r->rel, r->due };
	int k, ok = 1;

	for (k = 0; k < 2; k++) {
		if (!need_text(im, rn, names[k], t, sizeof t)) {
			ok = 0;
		} else if (!bx_date(t, out[k])) {
			problem(im, bx_child(rn, names[k]), "\"%s\" is not a "
			        "date and time like 2026-12-01T06:00:00Z", t);
			ok = 0;
		}
	}
	if (ok && strcmp(r->due, r->rel) < 0)
		problem(im, bx_child(rn, "EndTime"), "ends %s, before it starts"
		        " (%s)", r->due, r->rel);
}

static void req_priority(struct imp *im, struct req *r, xmlNode *rn)
{
	xmlNode *p = bx_child(rn, "Priority");
	char t[16];

	r->prio = 5;
	if (!p)
		return;
	bx_text(p, t, sizeof t);
	if (t[0] < '1' || t[0] > '9' || t[1])
		problem(im, p, "priority \"%s\": 1 (first) to 9", t);
	else
		r->prio = t[0] - '0';
}

static int request(struct imp *im, xmlNode *rn)
{
	struct req *r = &im->reqs[im->nreq];
	xmlNode *s, *m;
	int k, rc;

	memset(r, 0, sizeof *r);
	r->line = (int)xmlGetLineNo(rn);
	str_copy(r->erp_ref, sizeof r->erp_ref, im->sched_id);
	if ((rc = req_alloc(im, r, rn)) != MES_OK)
		return rc;
	req_number(im, r, rn);
	req_dates(im, r, rn);
	req_priority(im, r, rn);
	for (s = bx_child(rn, "SegmentRequirement"), k = 0; s;
	     s = bx_next(s), k++)
		for (m = bx_child(s, "MaterialRequirement"); m; m = bx_next(m))
			material(im, r, k, m);
	if (!r->produced)
		problem(im, rn, "no MaterialRequirement with MaterialUse "
		        "Produced: it names the order's item and quantity");
	for (s = bx_child(rn, "SegmentRequirement"); s; s = bx_next(s)) {
		struct seg scratch;

		if (r->item_id)
			segment(im, r, s);
		else
			seg_number(im, s, &scratch);
	}
	if (!bx_child(rn, "SegmentRequirement"))
		problem(im, rn, "no SegmentRequirement: each one is an "
		        "operation of the order");
	im->nreq++;
	return MES_OK;
}

static int insert_order(struct imp *im, const struct req *r, long long *id)
{
	static const char sql[] = "INSERT INTO work_orders (wo_no, item_id, "
		"qty, release_date, due_date, priority, status, created, "
		"erp_ref) VALUES (?,?,?,?,?,?,'released',?,?)";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, r->wo_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->item_id);
	sqlite3_bind_double(st, 3, r->qty);
	sqlite3_bind_text(st, 4, r->rel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->due, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->prio);
	bind_now(st, 7);
	sqlite3_bind_text(st, 8, r->erp_ref, -1, SQLITE_STATIC);
	if ((rc = step_done(im->db, st, "adding the order")) == MES_OK)
		*id = sqlite3_last_insert_rowid(im->db->h);
	return rc;
}

static int insert_op(struct imp *im, long long wo_id, const struct seg *s,
                     long long *id)
{
	static const char sql[] = "INSERT INTO wo_ops (wo_id, seq, "
		"routing_op_id, wc_id, description, setup_min, run_min, "
		"erp_segment) VALUES (?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	sqlite3_bind_int(st, 2, s->seq);
	if (s->routing_op_id)
		sqlite3_bind_int64(st, 3, s->routing_op_id);
	sqlite3_bind_int64(st, 4, s->wc_id);
	sqlite3_bind_text(st, 5, s->desc, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 6, s->setup);
	sqlite3_bind_double(st, 7, s->run);
	sqlite3_bind_text(st, 8, s->erp_id, -1, SQLITE_STATIC);
	if ((rc = step_done(im->db, st, "adding an operation")) == MES_OK)
		*id = sqlite3_last_insert_rowid(im->db->h);
	return rc;
}

static int insert_mat(struct imp *im, long long wo_id, long long op_id,
                      const struct mat *m)
{
	static const char sql[] = "INSERT INTO wo_materials (wo_id, wo_op_id,"
		" item_id, qty, uom, mat_use, lot_no) VALUES (?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(im->db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	sqlite3_bind_int64(st, 2, op_id);
	sqlite3_bind_int64(st, 3, m->item_id);
	sqlite3_bind_double(st, 4, m->qty);
	sqlite3_bind_text(st, 5, m->uom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, m->use, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, m->lot, -1, SQLITE_STATIC);
	return step_done(im->db, st, "adding a material requirement");
}

static int audit_order(struct imp *im, const struct req *r)
{
	struct mes_json b;
	char why[300];
	int rc;

	mes_json_init(&b);
	mes_json_str(&b, "item", r->item_no);
	mes_json_num(&b, "qty", r->qty);
	mes_json_str(&b, "release", r->rel);
	mes_json_str(&b, "due", r->due);
	mes_json_int(&b, "priority", r->prio);
	mes_json_str(&b, "status", "released");
	mes_json_int(&b, "operations", r->nseg);
	mes_json_int(&b, "materials", r->nmat);
	snprintf(why, sizeof why, "B2MML import %.200s line %d", im->name,
	         r->line);
	rc = mes_json_done(&b) ? audit_append(im->db, "order.add",
	     "work_orders", r->wo_no, "", b.p, why) : MES_ERR_NOMEM;
	mes_json_free(&b);
	return rc;
}

static int store(struct imp *im, const struct req *r)
{
	long long wo = 0, *ops = calloc((size_t)r->nseg + 1, sizeof *ops);
	int k, rc;

	if (!ops)
		return db_fail(im->db, MES_ERR_NOMEM, "out of memory");
	rc = insert_order(im, r, &wo);
	for (k = 0; rc == MES_OK && k < r->nseg; k++)
		rc = insert_op(im, wo, &r->segs[k], &ops[k]);
	for (k = 0; rc == MES_OK && k < r->nmat; k++)
		rc = insert_mat(im, wo, ops[r->mats[k].seg], &r->mats[k]);
	if (rc == MES_OK)
		rc = audit_order(im, r);
	if (rc == MES_OK) {
		im->res->orders++;
		im->res->operations += r->nseg;
		im->res->materials += r->nmat;
	}
	free(ops);
	return rc;
}

static const char *const roots[] = {
	"OperationsSchedule", "ProcessOperationsSchedule",
	"SyncOperationsSchedule", NULL
};

/* The root must be one of ours, in the B2MML namespace. */
static int check_root(struct imp *im, xmlNode *root)
{
	const char *ns = root->ns && root->ns->href ?
	                 (const char *)root->ns->href : "";
	int k;

	for (k = 0; roots[k]; k++)
		if (!strcmp((const char *)root->name, roots[k]))
			break;
	if (!roots[k]) {
		problem(im, root, "not an operations schedule: the file must "
		        "hold OperationsSchedule, ProcessOperationsSchedule or"
		        " SyncOperationsSchedule");
		return 0;
	}
	if (strcmp(ns, MES_B2MML_NS)) {
		problem(im, root, "namespace \"%s\" is not B2MML's: declare "
		        "xmlns=\"%s\" (B2MML V0700)", ns, MES_B2MML_NS);
		return 0;
	}
	return 1;
}

static int schedule(struct imp *im, xmlNode *sn)
{
	xmlNode *rn;
	int rc = MES_OK;

	bx_text(bx_child(sn, "ID"), im->sched_buf, sizeof im->sched_buf);
	im->sched_id = im->sched_buf;
	if (!bx_child(sn, "OperationsRequest"))
		problem(im, sn, "no OperationsRequest: nothing to import");
	for (rn = bx_child(sn, "OperationsRequest"); rn && rc == MES_OK;
	     rn = bx_next(rn))
		rc = request(im, rn);
	return rc;
}

static int count_requests(xmlNode *root, xmlNode **first)
{
	xmlNode *s = bx_is(root, "OperationsSchedule") ? root :
	             bx_child(bx_child(root, "DataArea"), "OperationsSchedule");
	int n = 0;

	*first = s;
	for (; s; s = bx_next(s))
		n += count_children(s, "OperationsRequest");
	return n;
}

static int check_all(struct imp *im, xmlNode *root)
{
	xmlNode *s;
	int n, rc = MES_OK;

	if (!check_root(im, root))
		return MES_OK;
	n = count_requests(root, &s);
	if (!s) {
		problem(im, bx_child(root, "DataArea") ? bx_child(root,
		        "DataArea") : root, "OperationsSchedule is missing");
		return MES_OK;
	}
	if (!(im->reqs = calloc((size_t)n + 1, sizeof *im->reqs)))
		return db_fail(im->db, MES_ERR_NOMEM, "out of memory");
	for (; s && rc == MES_OK; s = bx_next(s))
		rc = schedule(im, s);
	return rc;
}

static int audit_file(struct imp *im)
{
	struct mes_json b;
	int rc;

	mes_json_init(&b);
	mes_json_int(&b, "orders", im->res->orders);
	mes_json_int(&b, "operations", im->res->operations);
	mes_json_int(&b, "materials", im->res->materials);
	rc = mes_json_done(&b) ? audit_append(im->db, "order.import",
	     "work_orders", im->name, "", b.p, "B2MML OperationsSchedule") :
	     MES_ERR_NOMEM;
	mes_json_free(&b);
	return rc;
}

static int import_doc(struct imp *im, xmlDoc *doc)
{
	int k, rc;

	if ((rc = tx_begin(im->db, PERM_ORDERS, "order.import")) != MES_OK)
		return rc;
	rc = check_all(im, xmlDocGetRootElement(doc));
	if (rc == MES_OK && im->res->nerrors)
		rc = db_fail(im->db, MES_ERR_SYNTAX, "%s; %d problem%s in all:"
		             " nothing was imported", im->res->errors[0],
		             im->res->nerrors, im->res->nerrors == 1 ? "" :
		             "s");
	for (k = 0; rc == MES_OK && k < im->nreq; k++)
		rc = store(im, &im->reqs[k]);
	if (rc == MES_OK)
		rc = audit_file(im);
	if (rc != MES_OK)
		im->res->orders = im->res->operations = im->res->materials = 0;
	return tx_end(im->db, rc);
}

static void imp_free(struct imp *im)
{
	int k;

	for (k = 0; k < im->nreq; k++) {
		free(im->reqs[k].segs);
		free(im->reqs[k].mats);
	}
	free(im->reqs);
}

/* libxml2's own words for a file that is not well-formed XML. */
static int parse_fail(struct imp *im, xmlParserCtxt *ctx)
{
	const xmlError *e = xmlCtxtGetLastError(ctx);
	char msg[300];
	size_t n;

	str_copy(msg, sizeof msg, e && e->message ? e->message :
	         "not well-formed XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = 0;
	im->res->nerrors = 1;
	snprintf(im->res->errors[0], sizeof im->res->errors[0], "%.80s:%d: "
	         "%.300s", im->name, e ? e->line : 0, msg);
	return db_fail(im->db, MES_ERR_SYNTAX, "%s: nothing was imported",
	               im->res->errors[0]);
}

/* No network, no entity expansion, no DTD loading: the file is data. */
#define READ_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | \
                   XML_PARSE_NOWARNING)

static int import_common(struct mes_db *db, const char *buf, size_t len,
                         const char *name, struct mes_b2mml_result *res)
{
	struct imp im;
	xmlParserCtxt *ctx;
	xmlDoc *doc;
	int rc;

	if (!db || !res || !name || !buf || len > INT32_MAX)
		return db_badarg(db, __func__);
	memset(res, 0, sizeof *res);
	memset(&im, 0, sizeof im);
	im.db = db;
	im.name = name;
	im.res = res;
	if (!(ctx = xmlNewParserCtxt()))
		return db_fail(db, MES_ERR_NOMEM, "out of memory");
	doc = xmlCtxtReadMemory(ctx, buf, (int)len, name, NULL, READ_OPTS);
	if (!doc || !xmlDocGetRootElement(doc))
		rc = parse_fail(&im, ctx);
	else
		rc = import_doc(&im, doc);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
	imp_free(&im);
	return rc;
}

int mes_b2mml_import_schedule(struct mes_db *db, const char *path,
                              const char *name, struct mes_b2mml_result *res)
{
	char *buf;
	size_t len;
	int rc;

	if (!db || !path || !res)
		return db_badarg(db, __func__);
	memset(res, 0, sizeof *res);
	if (!name)
		name = path;
	if ((rc = bx_slurp(db, path, name, &buf, &len)) == MES_OK)
		rc = import_common(db, buf, len, name, res);
	free(buf);
	return rc;
}

int mes_b2mml_import_schedule_mem(struct mes_db *db, const char *buf,
                                  size_t len, const char *name,
                                  struct mes_b2mml_result *res)
{
	return import_common(db, buf, len, name, res);
}
