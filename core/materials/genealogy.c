/*
 * Genealogy: which lots went into which (table genealogy, one row per
 * consumed lot and output lot), walked with recursive queries over the
 * parent and child indexes, so a trace or a recall costs the size of
 * its answer, not of the plant's history.
 */
#include <stdio.h>
#include <string.h>
#include "mat_int.h"


/* Rows in tree order: the path of zero-padded ids sorts depth first.
 * The depth limit guards a damaged file: genealogy cannot cycle. */
#define TRACE_SQL(JOIN_ON, NEXT) \
	"WITH RECURSIVE t(id, parent, depth, qty, path) AS (" \
	" SELECT ?1, 0, 0, 0.0, printf('%012d', ?1)" \
	" UNION ALL" \
	" SELECT g." NEXT ", t.id, t.depth + 1, g.qty," \
	"  t.path || '/' || printf('%012d', g." NEXT ")" \
	" FROM t JOIN genealogy g ON g." JOIN_ON " = t.id" \
	" WHERE t.depth < 64)" \
	" SELECT t.depth, l.lot_no, ifnull(p.lot_no, ''), i.item_no," \
	" l.supplier, l.supplier_lot, l.status, ifnull(w.wo_no, ''), t.qty," \
	" l.produced_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM genealogy" \
	" c WHERE c.parent_lot_id = l.id)" \
	" FROM t JOIN lots l ON l.id = t.id JOIN items i ON i.id = l.item_id" \
	" LEFT JOIN lots p ON p.id = t.parent" \
	" LEFT JOIN work_orders w ON w.id = l.produced_by" \
	" ORDER BY t.path"

static void fill_node(sqlite3_stmt *st, struct mes_trace_node *n)
{
	memset(n, 0, sizeof *n);
	n->depth = sqlite3_column_int(st, 0);
	str_copy(n->lot_no, sizeof n->lot_no, col_text(st, 1));
	str_copy(n->parent, sizeof n->parent, col_text(st, 2));
	str_copy(n->item_no, sizeof n->item_no, col_text(st, 3));
	str_copy(n->supplier, sizeof n->supplier, col_text(st, 4));
	str_copy(n->supplier_lot, sizeof n->supplier_lot, col_text(st, 5));
	str_copy(n->status, sizeof n->status, col_text(st, 6));
	str_copy(n->wo_no, sizeof n->wo_no, col_text(st, 7));
	n->qty = sqlite3_column_double(st, 8);
	n->finished = sqlite3_column_int(st, 9);
}

static int each_row(struct mes_db *db, sqlite3_stmt *st, mes_trace_fn fn,
                    void *ctx)
{
	struct mes_trace_node n;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_node(st, &n);
		if (fn(&n, ctx))
			break;
	}
	return step_end(db, st, rc, "tracing");
}

int mes_trace(struct mes_db *db, const char *lot_no, int forward,
              mes_trace_fn fn, void *ctx)
{
	static const char back[] = TRACE_SQL("child_lot_id", "parent_lot_id");
	static const char fwd[] = TRACE_SQL("parent_lot_id", "child_lot_id");
	struct lot_row l;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if ((rc = perm_check(db, PERM_NONE, "trace")) != MES_OK ||
	    (rc = lot_load(db, lot_no, &l)) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, forward ? fwd : back)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, l.id);
	return each_row(db, st, fn, ctx);
}

int mes_recall(struct mes_db *db, const char *supplier_lot, mes_trace_fn fn,
               void *ctx)
{
	/* Every lot reached forward from the supplier's lots, once, at its
	 * shortest distance; of those the ones made and not used again. */
	static const char sql[] =
		"WITH RECURSIVE t(id, depth) AS ("
		" SELECT id, 0 FROM lots WHERE supplier_lot = ?1"
		" UNION"
		" SELECT g.child_lot_id, t.depth + 1 FROM t JOIN genealogy g"
		" ON g.parent_lot_id = t.id WHERE t.depth < 64),"
		" r(id, depth) AS (SELECT id, min(depth) FROM t GROUP BY id)"
		" SELECT r.depth, l.lot_no, '', i.item_no, l.supplier,"
		" l.supplier_lot, l.status, ifnull(w.wo_no, ''), "
		" (SELECT total(qty) FROM inv_moves m WHERE m.lot_id = l.id), 1"
		" FROM r JOIN lots l ON l.id = r.id"
		" JOIN items i ON i.id = l.item_id"
		" LEFT JOIN work_orders w ON w.id = l.produced_by"
		" WHERE l.produced_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
		" genealogy c WHERE c.parent_lot_id = l.id)"
		" ORDER BY i.item_no, l.lot_no";
	static const char any[] = "SELECT id FROM lots WHERE supplier_lot = ?";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !fn || !supplier_lot)
		return db_badarg(db, __func__);
	if ((rc = perm_check(db, PERM_NONE, "recall")) != MES_OK)
		return rc;
	if (!*supplier_lot || db_lookup_id(db, any, supplier_lot) <= 0)
		return db_fail(db, MES_ERR_NOTFOUND, "no lot was received with "
		               "supplier lot \"%.60s\": check the number on the "
		               "supplier's notice", supplier_lot);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, supplier_lot, -1, SQLITE_TRANSIENT);
	return each_row(db, st, fn, ctx);
}
