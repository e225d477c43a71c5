/*
 * B2MML out: OperationsPerformance (what was done, for the ERP) and
 * OperationsSchedule (the orders, as the import reads them).  One read
 * transaction per file, so a change committed meanwhile is either wholly
 * in it or in the next one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "b2mml_int.h"

struct ord {
	long long id;
	char wo_no[33], status[12], item_no[41], uom[17], rel[11], due[11];
	double qty;
	int prio;
};

struct ords {
	struct ord *v;
	int n, cap;
};

static const char *const resp_states[][2] = {
	{ "planned", "Ready" }, { "released", "Ready" },
	{ "running", "Running" }, { "complete", "Completed" },
	{ "closed", "Completed" }, { "held", "Holding" },
	{ "waiting", "Ready" }, { "paused", "Paused" }, { NULL, NULL }
};

static const char *const req_states[][2] = {
	{ "planned", "Forecast" }, { "released", "Released" },
	{ "running", "Running" }, { "complete", "Completed" },
	{ "closed", "Closed" }, { "held", "Held" }, { NULL, NULL }
};

static const char *state(const char *const map[][2], const char *s)
{
	int k;

	for (k = 0; map[k][0]; k++)
		if (!strcmp(map[k][0], s))
			return map[k][1];
	return "Other";
}

static int ords_load(struct mes_db *db, sqlite3_stmt *st, struct ords *o)
{
	struct ord *x;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (o->n == o->cap) {
			int cap = o->cap ? o->cap * 2 : 32;
			struct ord *p = realloc(o->v, (size_t)cap * sizeof *p);

			if (!p) {
				sqlite3_reset(st);
				return db_fail(db, MES_ERR_NOMEM, "out of memory");
			}
			o->v = p;
			o->cap = cap;
		}
		x = &o->v[o->n++];
		x->id = sqlite3_column_int64(st, 0);
		str_copy(x->wo_no, sizeof x->wo_no, col_text(st, 1));
		str_copy(x->status, sizeof x->status, col_text(st, 2));
		str_copy(x->item_no, sizeof x->item_no, col_text(st, 3));
		str_copy(x->uom, sizeof x->uom, col_text(st, 4));
		x->qty = sqlite3_column_double(st, 5);
		str_copy(x->rel, sizeof x->rel, col_text(st, 6));
		str_copy(x->due, sizeof x->due, col_text(st, 7));
		x->prio = sqlite3_column_int(st, 8);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "reading orders");
}

/* One element under root per order st selects, made by add; the number
 * of orders in *n. */
static int add_orders(struct mes_db *db, xmlNode *root, sqlite3_stmt *st,
                      int (*add)(struct mes_db *, xmlNode *,
                                 const struct ord *), int *n)
{
	struct ords o = { NULL, 0, 0 };
	int k, rc = ords_load(db, st, &o);

	for (k = 0; rc == MES_OK && k < o.n; k++)
		rc = add(db, root, &o.v[k]);
	*n = o.n;
	free(o.v);
	return rc;
}

#define ORD_COLS "SELECT w.id, w.wo_no, w.status, i.item_no, i.uom, w.qty, " \
	"w.release_date, w.due_date, w.priority FROM work_orders w " \
	"JOIN items i ON i.id = w.item_id "

static int valid_since(struct mes_db *db, const char *since)
{
	if (since && *since && (strlen(since) < 4 || strlen(since) > 24 ||
	    !isdigit((unsigned char)since[0])))
		return db_fail(db, MES_ERR_ARG, "--since \"%s\": give a time "
		               "as YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)", since);
	return MES_OK;
}

/* ---- performance -------------------------------------------------------- */

/* Hours to the nearest 0.36 s: more digits only look precise. */
static double hours4(double h)
{
	return (double)(long long)(h * 10000 + 0.5) / 10000;
}

static void seg_data(xmlNode *sr, const char *id, double v, const char *uom)
{
	xmlNode *d = bx_add(sr, "SegmentData", NULL), *val;

	bx_add(d, "ID", id);
	val = bx_add(d, "Value", NULL);
	bx_addf(val, "ValueString", "%.15g", v);
	bx_add(val, "DataType", "double");
	if (uom)
		bx_add(val, "UnitOfMeasure", uom);
}

static double labor_total(struct mes_db *db, long long op_id)
{
	static const char sql[] = "SELECT ifnull(sum(julianday(ifnull("
		"clock_off, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) - "
		"julianday(clock_on)), 0) * 24 FROM labor WHERE wo_op_id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	double h = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, op_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		h = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	return h;
}

static int personnel(struct mes_db *db, xmlNode *sr, long long op_id)
{
	static const char sql[] = "SELECT u.login, u.name, sum(julianday("
		"ifnull(l.clock_off, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) - "
		"julianday(l.clock_on)) * 24 FROM labor l JOIN users u ON "
		"u.id = l.user_id WHERE l.wo_op_id = ? GROUP BY u.id "
		"ORDER BY u.login";
	sqlite3_stmt *st = db_stmt(db, sql);
	xmlNode *p;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p = bx_add(sr, "SegmentData", NULL);
		bx_add(p, "ID", "PersonnelActual");
		bx_value(p, "PersonID", col_text(st, 0), "string", NULL);
		bx_value(p, "Description", col_text(st, 1), "string", NULL);
		bx_value_num(p, "Quantity", hours4(sqlite3_column_double(st, 2)),
		             "h");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "reading labor");
}

/* Lots issued to (kind issue) or made by (produce) the operation; moves
 * booked on the order but no operation go to the first or last one. */
static int lots(struct mes_db *db, xmlNode *sr, long long wo_id,
                long long op_id, const char *kind, int unbooked, int *n)
{
	static const char sql[] = "SELECT l.lot_no, i.item_no, i.uom, "
		"abs(sum(m.qty)) FROM inv_moves m JOIN lots l ON l.id = m.lot_id"
		" JOIN items i ON i.id = l.item_id WHERE m.wo_id = ?1 AND "
		"m.kind = ?4 AND (m.wo_op_id = ?2 OR (m.wo_op_id IS NULL AND ?3))"
		" GROUP BY l.id HAVING abs(sum(m.qty)) > 0 ORDER BY l.lot_no";
	sqlite3_stmt *st = db_stmt(db, sql);
	xmlNode *m;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	sqlite3_bind_int64(st, 2, op_id);
	sqlite3_bind_int(st, 3, unbooked);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m = bx_add(sr, "SegmentData", NULL);
		bx_add(m, "ID", "MaterialActual");
		bx_value(m, "MaterialDefinitionID", col_text(st, 1), "string",
		         NULL);
		bx_value(m, "MaterialLotID", col_text(st, 0), "string", NULL);
		bx_value(m, "MaterialUse", strcmp(kind, "issue") ? "Produced" :
		         "Consumed", "string", NULL);
		bx_value_num(m, "Quantity", sqlite3_column_double(st, 3),
		             col_text(st, 2));
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "reading lots");
}

struct opx {
	long long id;
	int seq, first, last, routed;
	char erp[65], desc[81], status[12], start[32], end[32], wc[33],
	     wc_name[81];
	double good, scrap, hours;
};

static void op_read(sqlite3_stmt *st, struct opx *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->seq = sqlite3_column_int(st, 1);
	str_copy(o->erp, sizeof o->erp, col_text(st, 2));
	str_copy(o->desc, sizeof o->desc, col_text(st, 3));
	str_copy(o->status, sizeof o->status, col_text(st, 4));
	str_copy(o->start, sizeof o->start, col_text(st, 5));
	str_copy(o->end, sizeof o->end, col_text(st, 6));
	o->good = sqlite3_column_double(st, 7);
	o->scrap = sqlite3_column_double(st, 8);
	str_copy(o->wc, sizeof o->wc, col_text(st, 9));
	str_copy(o->wc_name, sizeof o->wc_name, col_text(st, 10));
	o->hours = sqlite3_column_double(st, 11);
	o->routed = sqlite3_column_int(st, 12);
}

/*
 * An operation's response, in what V0700 and V0701 both accept.  V0701
 * moved ProcessSegmentID after ActualEndTime, where V0700 has it before
 * ActualStartTime, so the operation number goes in OperationsSegmentID
 * (of OperationsDefinitionID, the item's routing), which both place after
 * the times.  V0701 begins PersonnelActual, EquipmentActual and
 * MaterialActual with an ID that V0700 does not allow, so none of them
 * can be valid under both: each becomes a SegmentData named after the
 * element, with a Value per child element it would hold (Key names it).
 */
static int segment_response(struct mes_db *db, xmlNode *resp,
                            const struct ord *w, const struct opx *o)
{
	xmlNode *sr = bx_add(resp, "SegmentResponse", NULL), *e;
	int rc, made = 0, used = 0;

	if (o->erp[0])
		bx_add(sr, "ID", o->erp);
	else
		bx_addf(sr, "ID", "%d", o->seq);
	bx_add(sr, "Description", o->desc);
	if (o->start[0])
		bx_add(sr, "ActualStartTime", o->start);
	if (o->end[0])
		bx_add(sr, "ActualEndTime", o->end);
	/* As in the schedule: the order's own for an operation off the
	 * routing. */
	bx_add(sr, "OperationsDefinitionID", o->routed ? w->item_no : w->wo_no);
	bx_addf(sr, "OperationsSegmentID", "%d", o->seq);
	bx_add(sr, "SegmentState", state(resp_states, o->status));
	seg_data(sr, "GoodQuantity", o->good, w->uom);
	seg_data(sr, "ScrapQuantity", o->scrap, w->uom);
	seg_data(sr, "LaborHours", hours4(labor_total(db, o->id)), "h");
	if ((rc = personnel(db, sr, o->id)) != MES_OK)
		return rc;
	e = bx_add(sr, "SegmentData", NULL);
	bx_add(e, "ID", "EquipmentActual");
	bx_value(e, "EquipmentID", o->wc, "string", NULL);
	bx_value(e, "Description", o->wc_name, "string", NULL);
	if (o->start[0])
		bx_value_num(e, "Quantity", hours4(o->hours), "h");
	if ((rc = lots(db, sr, w->id, o->id, "issue", o->first, &used)) ||
	    (rc = lots(db, sr, w->id, o->id, "produce", o->last, &made)))
		return rc;
	/* Without lot control the good quantity is still what was made. */
	if (o->last && !made && o->good > 0) {
		e = bx_add(sr, "SegmentData", NULL);
		bx_add(e, "ID", "MaterialActual");
		bx_value(e, "MaterialDefinitionID", w->item_no, "string", NULL);
		bx_value(e, "MaterialUse", "Produced", "string", NULL);
		bx_value_num(e, "Quantity", o->good, w->uom);
	}
	return MES_OK;
}

static int order_response(struct mes_db *db, xmlNode *perf,
                          const struct ord *w)
{
	static const char sql[] = "SELECT o.id, o.seq, o.erp_segment, "
		"o.description, o.status, ifnull(o.actual_start, ''), "
		"ifnull(o.actual_end, ''), o.qty_good, o.qty_scrap, c.code, "
		"c.name, CASE WHEN o.actual_start IS NULL THEN 0 ELSE (julianday("
		"ifnull(o.actual_end, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) - "
		"julianday(o.actual_start)) * 24 END, o.routing_op_id IS NOT NULL"
		" FROM wo_ops o JOIN work_centers c ON c.id = o.wc_id "
		"WHERE o.wo_id = ? ORDER BY o.seq";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct opx *ops = NULL, *p;
	xmlNode *r;
	int n = 0, k, rc = MES_OK;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, w->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(p = realloc(ops, (size_t)(n + 1) * sizeof *ops))) {
			rc = SQLITE_NOMEM;
			break;
		}
		ops = p;
		memset(&ops[n], 0, sizeof *ops);
		op_read(st, &ops[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ops);
		return db_sqlfail(db, rc, "reading operations");
	}
	/* No StartTime or EndTime: V0700 wants them after
	 * OperationsRequestID, V0701 before it.  The order's times are its
	 * first operation's ActualStartTime and its last one's
	 * ActualEndTime. */
	r = bx_add(perf, "OperationsResponse", NULL);
	bx_add(r, "ID", w->wo_no);
	bx_add(r, "OperationsRequestID", w->wo_no);
	bx_add(r, "ResponseState", state(resp_states, w->status));
	for (k = 0, rc = MES_OK; k < n && rc == MES_OK; k++) {
		ops[k].first = k == 0;
		ops[k].last = k == n - 1;
		rc = segment_response(db, r, w, &ops[k]);
	}
	free(ops);
	return rc;
}

/* Runs a document build inside one read transaction, then writes it. */
static int build_and_write(struct mes_db *db, xmlDoc *doc, FILE *out,
                           int (*fill)(struct mes_db *, xmlNode *, void *),
                           void *ctx)
{
	int rc;

	if ((rc = mes_db_read_begin(db)) != MES_OK)
		return rc;
	rc = fill(db, xmlDocGetRootElement(doc), ctx);
	mes_db_read_end(db);
	if (rc == MES_OK)
		rc = bx_write(db, doc, out);
	return rc;
}

/* A document named root, after the read permission for action; *orders
 * gets the number fill counted in *count. */
static int export_doc(struct mes_db *db, const char *action, const char *root,
                      int (*fill)(struct mes_db *, xmlNode *, void *),
                      void *ctx, const int *count, FILE *out, int *orders)
{
	xmlNode *top;
	xmlDoc *doc;
	int rc;

	if ((rc = perm_check(db, PERM_NONE, action)) != MES_OK)
		return rc;
	if (!(doc = bx_new_doc(root, &top)))
		return db_fail(db, MES_ERR_NOMEM, "out of memory");
	rc = build_and_write(db, doc, out, fill, ctx);
	xmlFreeDoc(doc);
	if (orders)
		*orders = *count;
	return rc;
}

struct perf_ctx {
	const char *since;           /* by time: events at or after */
	int by_seq;                  /* else by sequence: after < id <= upto */
	long long after, upto;
	int orders;
};

static sqlite3_stmt *perf_orders(struct mes_db *db, struct perf_ctx *c)
{
	static const char by_time[] = ORD_COLS "WHERE EXISTS (SELECT 1 FROM "
		"op_events e JOIN wo_ops o ON o.id = e.wo_op_id WHERE "
		"o.wo_id = w.id AND e.ts >= ?1) ORDER BY w.wo_no";
	static const char by_seq[] = ORD_COLS "WHERE EXISTS (SELECT 1 FROM "
		"op_events e JOIN wo_ops o ON o.id = e.wo_op_id WHERE "
		"o.wo_id = w.id AND e.id > ?1 AND e.id <= ?2) ORDER BY w.wo_no";
	sqlite3_stmt *st;

	if (!c->by_seq) {
		if ((st = db_stmt(db, by_time)))
			sqlite3_bind_text(st, 1, c->since, -1, SQLITE_STATIC);
		return st;
	}
	/* The newest event now, read in the export's own snapshot. */
	if (!(st = db_stmt(db, "SELECT ifnull(max(id), 0) FROM op_events")))
		return NULL;
	c->upto = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) :
	          c->after;
	sqlite3_reset(st);
	if ((st = db_stmt(db, by_seq))) {
		sqlite3_bind_int64(st, 1, c->after);
		sqlite3_bind_int64(st, 2, c->upto);
	}
	return st;
}

static int fill_perf(struct mes_db *db, xmlNode *root, void *vctx)
{
	struct perf_ctx *c = vctx;
	sqlite3_stmt *st = perf_orders(db, c);
	char now[32];

	if (!st)
		return MES_ERR_DB;
	mes_now_iso(now);
	bx_addf(root, "ID", "MES-PERFORMANCE-%s", now);
	bx_add(root, "Description", c->by_seq ? "Operations performance "
	       "since the last export" : c->since[0] ? "Operations performance "
	       "since the time given" : "Operations performance, all orders");
	bx_add(root, "PublishedDate", now);
	return add_orders(db, root, st, order_response, &c->orders);
}

static int export_perf(struct mes_db *db, struct perf_ctx *c, FILE *out,
                       int *orders)
{
	return export_doc(db, "performance.export", "OperationsPerformance",
	                  fill_perf, c, &c->orders, out, orders);
}

int mes_b2mml_export_performance(struct mes_db *db, const char *since,
                                 FILE *out, int *orders)
{
	struct perf_ctx c = { since ? since : "", 0, 0, 0, 0 };
	int rc;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	if ((rc = valid_since(db, since)) != MES_OK)
		return rc;
	return export_perf(db, &c, out, orders);
}

int mes_b2mml_export_performance_after(struct mes_db *db, long long after,
                                       FILE *out, int *orders,
                                       long long *upto)
{
	struct perf_ctx c = { "", 1, after, after, 0 };
	int rc;

	if (!db || !db->h || !out || after < 0 || !upto)
		return db_badarg(db, __func__);
	rc = export_perf(db, &c, out, orders);
	*upto = c.upto;
	return rc;
}

/* ---- schedule ----------------------------------------------------------- */

/* A resource requirement as SegmentParameter, for the reason given at
 * segment_response(): V0701's EquipmentRequirement and
 * MaterialRequirement begin with an ID that V0700 does not allow.  The
 * import reads this form as it reads the elements. */
static xmlNode *param(xmlNode *sr, const char *id)
{
	xmlNode *p = bx_add(sr, "SegmentParameter", NULL);

	bx_add(p, "ID", id);
	return p;
}

static int materials_req(struct mes_db *db, xmlNode *sr, const struct ord *w,
                         long long op_id, int first)
{
	static const char sql[] = "SELECT i.item_no, m.qty, m.uom, m.mat_use,"
		" m.lot_no FROM wo_materials m JOIN items i ON i.id = m.item_id "
		"WHERE m.wo_id = ?1 AND (m.wo_op_id = ?2 OR (m.wo_op_id IS NULL "
		"AND ?3)) ORDER BY m.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	xmlNode *m;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, w->id);
	sqlite3_bind_int64(st, 2, op_id);
	sqlite3_bind_int(st, 3, first);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m = param(sr, "MaterialRequirement");
		bx_value(m, "MaterialDefinitionID", col_text(st, 0), "string",
		         NULL);
		if (*col_text(st, 4))
			bx_value(m, "MaterialLotID", col_text(st, 4), "string",
			         NULL);
		bx_value(m, "MaterialUse", strcmp(col_text(st, 3), "consumed") ?
		         "Consumable" : "Consumed", "string", NULL);
		bx_value_num(m, "Quantity", sqlite3_column_double(st, 1),
		             col_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK :
	       db_sqlfail(db, rc, "reading materials");
}

static void produced_req(xmlNode *sr, const struct ord *w)
{
	xmlNode *m = param(sr, "MaterialRequirement");

	bx_value(m, "MaterialDefinitionID", w->item_no, "string", NULL);
	bx_value(m, "MaterialUse", "Produced", "string", NULL);
	bx_value_num(m, "Quantity", w->qty, w->uom);
}

/* V0701 requires ProcessSegmentID, OperationsDefinitionID and
 * OperationsSegmentID; V0700 allows them in the same order. */
static void seg_req_head(xmlNode *sr, sqlite3_stmt *st, const struct ord *w)
{
	const char *erp = col_text(st, 2);
	int seq = sqlite3_column_int(st, 1);

	if (*erp)
		bx_add(sr, "ID", erp);
	else
		bx_addf(sr, "ID", "%d", seq);
	bx_add(sr, "Description", col_text(st, 3));
	bx_addf(sr, "ProcessSegmentID", "%d", seq);
	/* Off-routing operations carry their time; routed ones take the
	 * routing's on import. */
	if (sqlite3_column_int(st, 4))
		bx_addf(sr, "Duration", "PT%.15gM",
		        sqlite3_column_double(st, 5) * w->qty);
	/* The item's routing, or the order's own for an operation not from
	 * it: the import then does not link it to a routing operation that
	 * happens to have its number. */
	bx_add(sr, "OperationsDefinitionID", sqlite3_column_int(st, 4) ?
	       w->wo_no : w->item_no);
	bx_addf(sr, "OperationsSegmentID", "%d", seq);
	bx_value(param(sr, "EquipmentRequirement"), "EquipmentID",
	         col_text(st, 6), "string", NULL);
}

static int order_request(struct mes_db *db, xmlNode *sched,
                         const struct ord *w)
{
	static const char sql[] = "SELECT o.id, o.seq, o.erp_segment, "
		"o.description, o.routing_op_id IS NULL, o.run_min, c.code, "
		"o.seq = (SELECT max(seq) FROM wo_ops WHERE wo_id = o.wo_id) "
		"FROM wo_ops o JOIN work_centers c ON c.id = o.wc_id "
		"WHERE o.wo_id = ? ORDER BY o.seq";
	sqlite3_stmt *st;
	xmlNode *r = bx_add(sched, "OperationsRequest", NULL), *sr;
	long long *ids = NULL, *p;
	int *last = NULL, n = 0, k, rc;
	xmlNode **segs = NULL;

	bx_add(r, "ID", w->wo_no);
	bx_addf(r, "StartTime", "%sT00:00:00Z", w->rel);
	bx_addf(r, "EndTime", "%sT00:00:00Z", w->due);
	bx_addf(r, "Priority", "%d", w->prio);
	bx_add(r, "RequestState", state(req_states, w->status));
	bx_add(r, "OperationsDefinitionID", w->item_no);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, w->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sr = bx_add(r, "SegmentRequirement", NULL);
		seg_req_head(sr, st, w);
		p = realloc(ids, (size_t)(n + 1) * sizeof *ids);
		if (p)
			ids = p;
		if (!p || !(segs = realloc(segs, (size_t)(n + 1) *
		                           sizeof *segs)) ||
		    !(last = realloc(last, (size_t)(n + 1) * sizeof *last))) {
			rc = SQLITE_NOMEM;
			break;
		}
		ids[n] = sqlite3_column_int64(st, 0);
		last[n] = sqlite3_column_int(st, 7);
		segs[n++] = sr;
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "reading "
	                                             "operations");
	for (k = 0; rc == MES_OK && k < n; k++) {
		rc = materials_req(db, segs[k], w, ids[k], k == 0);
		if (last[k])
			produced_req(segs[k], w);
	}
	free(ids);
	free(segs);
	free(last);
	return rc;
}

struct sched_ctx {
	const char *status, *match;
	int orders;
};

static int fill_sched(struct mes_db *db, xmlNode *root, void *vctx)
{
	static const char sql[] = ORD_COLS "WHERE (?1 = 'all' AND w.status "
		"<> 'closed' OR w.status = ?1) AND w.wo_no GLOB ?2 "
		"ORDER BY w.wo_no";
	struct sched_ctx *c = vctx;
	sqlite3_stmt *st = db_stmt(db, sql);
	char now[32];

	if (!st)
		return MES_ERR_DB;
	mes_now_iso(now);
	bx_addf(root, "ID", "MES-SCHEDULE-%s", now);
	bx_add(root, "PublishedDate", now);
	sqlite3_bind_text(st, 1, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->match, -1, SQLITE_STATIC);
	return add_orders(db, root, st, order_request, &c->orders);
}

int mes_b2mml_export_schedule(struct mes_db *db, const char *status,
                              const char *match, FILE *out, int *orders)
{
	static const char *const ok[] = { "planned", "released", "running",
		"complete", "held", "all", NULL };
	struct sched_ctx c = { status ? status : "released",
	                       match ? match : "*", 0 };
	int k;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	for (k = 0; ok[k] && strcmp(ok[k], c.status); k++)
		;
	if (!ok[k])
		return db_fail(db, MES_ERR_ARG, "status \"%s\": planned, "
		               "released, running, complete, held or all",
		               c.status);
	return export_doc(db, "schedule.export", "OperationsSchedule",
	                  fill_sched, &c, &c.orders, out, orders);
}
