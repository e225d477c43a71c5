/*
 * Unit genealogy: what went into a serial (its component serials and
 * lots, down every level), what it went into, and from a lot up to every
 * serial built with it or with a lot made from it: a recall down to the
 * units.
 */
#include <string.h>
#include "mat_int.h"
#include "unit_int.h"

#define UNIT_COLS(kind, key, parent, item, wo, status, qty, depth, path) \
	"SELECT " kind ", " key ", " parent ", " item ", " wo ", " status \
	", " qty ", " depth ", " path

/* Depth first: a path of keys joined by char(1), which sorts before any
 * character a serial or lot number has. */
static const char backward[] = "WITH RECURSIVE t(id, depth, parent, path) "
	"AS (SELECT id, 0, '', serial FROM units WHERE serial = ?1 UNION ALL "
	"SELECT c.id, t.depth + 1, (SELECT serial FROM units WHERE id = t.id), "
	"t.path || char(1) || c.serial FROM t JOIN unit_parts p ON p.unit_id = "
	"t.id JOIN units c ON c.id = p.child_unit_id WHERE t.depth < 32) "
	UNIT_COLS("'unit'", "u.serial", "t.parent", "i.item_no", "w.wo_no",
	          "u.status", "1", "t.depth", "t.path")
	" FROM t JOIN units u ON u.id = t.id JOIN items i ON i.id = u.item_id "
	"JOIN work_orders w ON w.id = u.wo_id UNION ALL "
	UNIT_COLS("'lot'", "l.lot_no", "(SELECT serial FROM units WHERE id = "
	          "t.id)", "i.item_no", "ifnull(w.wo_no, '')", "l.status",
	          "p.qty", "t.depth + 1", "t.path || char(1) || l.lot_no")
	" FROM t JOIN unit_parts p ON p.unit_id = t.id JOIN lots l ON l.id = "
	"p.lot_id JOIN items i ON i.id = l.item_id LEFT JOIN work_orders w ON "
	"w.id = l.produced_by ORDER BY 9";

static const char forward_unit[] = "WITH RECURSIVE t(id, depth, parent) AS "
	"(SELECT id, 0, '' FROM units WHERE serial = ?1 UNION ALL SELECT "
	"p.unit_id, t.depth + 1, (SELECT serial FROM units WHERE id = t.id) "
	"FROM t JOIN unit_parts p ON p.child_unit_id = t.id WHERE t.depth < 32) "
	UNIT_COLS("'unit'", "u.serial", "t.parent", "i.item_no", "w.wo_no",
	          "u.status", "1", "t.depth", "''")
	" FROM t JOIN units u ON u.id = t.id JOIN items i ON i.id = u.item_id "
	"JOIN work_orders w ON w.id = u.wo_id ORDER BY t.depth";

/* The lot, every lot made from it, then the units built with any of
 * them and the units those went into. */
static const char forward_lot[] = "WITH RECURSIVE ls(id) AS (SELECT id FROM "
	"lots WHERE lot_no = ?1 UNION SELECT g.child_lot_id FROM genealogy g "
	"JOIN ls ON g.parent_lot_id = ls.id), t(id, depth, parent) AS (SELECT "
	"p.unit_id, 1, l.lot_no FROM unit_parts p JOIN ls ON p.lot_id = ls.id "
	"JOIN lots l ON l.id = p.lot_id UNION SELECT p.unit_id, t.depth + 1, "
	"(SELECT serial FROM units WHERE id = t.id) FROM t JOIN unit_parts p ON"
	" p.child_unit_id = t.id WHERE t.depth < 32) "
	UNIT_COLS("'lot'", "l.lot_no", "''", "i.item_no", "ifnull(w.wo_no, '')",
	          "l.status", "0", "0", "''")
	" FROM lots l JOIN items i ON i.id = l.item_id LEFT JOIN work_orders w "
	"ON w.id = l.produced_by WHERE l.lot_no = ?1 UNION ALL "
	UNIT_COLS("'unit'", "u.serial", "t.parent", "i.item_no", "w.wo_no",
	          "u.status", "1", "t.depth", "''")
	" FROM t JOIN units u ON u.id = t.id JOIN items i ON i.id = u.item_id "
	"JOIN work_orders w ON w.id = u.wo_id ORDER BY 8, 2";

static int is_unit(struct mes_db *db, const char *key)
{
	return db_lookup_id(db, "SELECT id FROM units WHERE serial = ?", key);
}

int mes_unit_trace(struct mes_db *db, const char *key, int forward,
                   mes_unit_fn fn, void *ctx)
{
	struct mes_unit_node n;
	const char *sql;
	sqlite3_stmt *st;
	long long unit;
	int rc, rows = 0;

	if (!db || !db->h || !key || !fn)
		return db_badarg(db, __func__);
	if ((unit = is_unit(db, key)) < 0)
		return MES_ERR_DB;
	if (!unit && !forward)
		return db_fail(db, MES_ERR_NOTFOUND, "no unit %s: a lot's "
		               "components are mesctl trace LOT --backward", key);
	sql = unit ? (forward ? forward_unit : backward) : forward_lot;
	if ((rc = db_list_begin(db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&n, 0, sizeof n);
		str_copy(n.kind, sizeof n.kind, col_text(st, 0));
		str_copy(n.key, sizeof n.key, col_text(st, 1));
		str_copy(n.parent, sizeof n.parent, col_text(st, 2));
		str_copy(n.item_no, sizeof n.item_no, col_text(st, 3));
		str_copy(n.wo_no, sizeof n.wo_no, col_text(st, 4));
		str_copy(n.status, sizeof n.status, col_text(st, 5));
		n.qty = sqlite3_column_double(st, 6);
		n.depth = sqlite3_column_int(st, 7);
		rows++;
		if (fn(&n, ctx))
			break;
	}
	if ((rc = step_end(db, st, rc, "tracing the unit")) != MES_OK)
		return rc;
	if (!rows)
		return db_fail(db, MES_ERR_NOTFOUND, "no unit or lot %s", key);
	return MES_OK;
}
