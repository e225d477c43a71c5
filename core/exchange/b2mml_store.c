/*
 * The schedule reader's writing half: an order that passed every check,
 * with its operations and materials, each order audited, then the file.
 * Runs inside the import's one transaction (b2mml_import.c).
 */
#include <stdlib.h>
#include "b2mml_imp.h"

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

int store_order(struct imp *im, const struct req *r)
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

int audit_file(struct imp *im)
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
