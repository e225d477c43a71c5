/*
 * Allergens: the plant's list, an item's own and its components', what a
 * work center carries, and the start rule: an item runs only where the
 * line carries nothing it does not have itself.
 */
#include <stdio.h>
#include <string.h>
#include "food.h"
#include "food_int.h"

static const char item_sql[] = "SELECT id FROM items WHERE item_no = ?";

int mes_allergen_add(struct mes_db *db, const char *code, const char *name)
{
	static const char sql[] = "INSERT INTO allergens (code, name) VALUES "
		"(?, ?)";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !code || !name)
		return db_badarg(db, __func__);
	if (!*code || strlen(code) > 16 || strpbrk(code, " \t") || !*name)
		return db_fail(db, MES_ERR_ARG, "an allergen has a code of 1 to 16 "
		               "characters without spaces, and a name");
	if ((rc = tx_begin(db, PERM_QPLAN, "allergen.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "allergen %s is on "
		              "the list already", code));
	if (rc != SQLITE_DONE)
		return tx_end(db, db_sqlfail(db, rc, "adding the allergen"));
	return tx_end(db, audit_append(db, "allergen.add", "allergens", code,
	                               "", name, ""));
}

int mes_allergen_each(struct mes_db *db, mes_allergen_list_fn fn, void *ctx)
{
	static const char sql[] = "SELECT code, name, regime FROM allergens "
		"ORDER BY code";
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(col_text(st, 0), col_text(st, 1), col_text(st, 2), ctx))
			break;
	return step_end(db, st, rc, "listing the allergens");
}

int mes_item_allergen(struct mes_db *db, const char *item_no,
                      const char *allergen, const char *level)
{
	static const char set[] = "INSERT INTO item_allergens (item_id, "
		"allergen, level) VALUES (?1, ?2, ?3) ON CONFLICT (item_id, "
		"allergen) DO UPDATE SET level = ?3";
	static const char drop[] = "DELETE FROM item_allergens WHERE item_id = "
		"?1 AND allergen = ?2";
	static const char known[] = "SELECT rowid FROM allergens WHERE code = ?";
	int none = !level || !*level, rc;
	char key[64];
	sqlite3_stmt *st;
	long long item, a;

	if (!db || !db->h || !item_no || !allergen)
		return db_badarg(db, __func__);
	if (!none && strcmp(level, "contains") && strcmp(level, "may-contain"))
		return db_fail(db, MES_ERR_ARG, "an item contains an allergen or "
		               "may contain it: \"contains\" or \"may-contain\"");
	if ((rc = tx_begin(db, PERM_QPLAN, "item.allergen")) != MES_OK)
		return rc;
	if ((item = db_lookup_id(db, item_sql, item_no)) <= 0)
		return tx_end(db, item < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "no item %s", item_no));
	if ((a = db_lookup_id(db, known, allergen)) <= 0)
		return tx_end(db, a < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "no allergen %s: mesctl allergen "
		              "list names them", allergen));
	if (!(st = db_stmt(db, none ? drop : set)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, item);
	sqlite3_bind_text(st, 2, allergen, -1, SQLITE_STATIC);
	if (!none)
		sqlite3_bind_text(st, 3, level, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "setting the allergen")) != MES_OK)
		return tx_end(db, rc);
	snprintf(key, sizeof key, "%s/%s", item_no, allergen);
	return tx_end(db, audit_append(db, "item.allergen", "item_allergens",
	                               key, "", none ? "none" : level, ""));
}

int mes_item_allergens(struct mes_db *db, const char *item_no,
                       mes_allergen_fn fn, void *ctx)
{
	static const char sql[] = FOOD_PROFILE_CTE("?1") "SELECT p.allergen, "
		"a.name, p.level, p.via FROM p JOIN allergens a ON a.code = "
		"p.allergen ORDER BY p.level, p.allergen";
	struct mes_allergen_of r;
	sqlite3_stmt *st;
	long long item;
	int rc;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	if ((item = db_lookup_id(db, item_sql, item_no ? item_no : "")) <= 0)
		return item < 0 ? MES_ERR_DB : db_fail(db, MES_ERR_NOTFOUND,
		       "no item %s", item_no ? item_no : "");
	sqlite3_bind_int64(st, 1, item);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		str_copy(r.allergen, sizeof r.allergen, col_text(st, 0));
		str_copy(r.name, sizeof r.name, col_text(st, 1));
		str_copy(r.level, sizeof r.level, col_text(st, 2));
		str_copy(r.via, sizeof r.via, col_text(st, 3));
		if (fn(&r, ctx))
			break;
	}
	return step_end(db, st, rc, "listing the item's allergens");
}

int mes_allergen_lots(struct mes_db *db, const char *allergen,
                      const char *from, const char *to,
                      mes_allergen_lot_fn fn, void *ctx)
{
	/* up: every item the allergen is in, level carried up the bill. */
	static const char sql[] = "WITH RECURSIVE up(item_id, level) AS (SELECT "
		"item_id, level FROM item_allergens WHERE allergen = ?1 UNION "
		"SELECT m.parent_id, up.level FROM bom m JOIN up ON m.component_id "
		"= up.item_id), it AS (SELECT item_id, CASE WHEN max(level = "
		"'contains') THEN 'contains' ELSE 'may-contain' END AS level FROM "
		"up GROUP BY item_id) SELECT l.lot_no, i.item_no, l.status, "
		"l.created, ifnull(w.wo_no, ''), it.level FROM lots l JOIN it ON "
		"it.item_id = l.item_id JOIN items i ON i.id = l.item_id LEFT JOIN "
		"work_orders w ON w.id = l.produced_by WHERE substr(l.created, 1, "
		"10) BETWEEN ifnull(?2, '0000-00-00') AND ifnull(?3, '9999-99-99')"
		" ORDER BY l.created, l.lot_no";
	struct mes_allergen_lot r;
	sqlite3_stmt *st;
	int rc;

	if (!allergen)
		return db_badarg(db, __func__);
	if ((from && !mes_valid_date(from)) || (to && !mes_valid_date(to)))
		return db_fail(db, MES_ERR_ARG, "dates are YYYY-MM-DD");
	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_text(st, 1, allergen, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		str_copy(r.lot_no, sizeof r.lot_no, col_text(st, 0));
		str_copy(r.item_no, sizeof r.item_no, col_text(st, 1));
		str_copy(r.status, sizeof r.status, col_text(st, 2));
		str_copy(r.created, sizeof r.created, col_text(st, 3));
		str_copy(r.wo_no, sizeof r.wo_no, col_text(st, 4));
		str_copy(r.level, sizeof r.level, col_text(st, 5));
		if (fn(&r, ctx))
			break;
	}
	return step_end(db, st, rc, "listing the lots with the allergen");
}

int mes_wc_allergens(struct mes_db *db, const char *wc,
                     mes_wc_allergen_fn fn, void *ctx)
{
	static const char sql[] = "SELECT w.allergen, a.name, ifnull((SELECT "
		"o.wo_no || '/' || x.seq FROM wo_ops x JOIN work_orders o ON o.id "
		"= x.wo_id WHERE x.id = w.wo_op_id), ''), w.since FROM wc_allergens"
		" w JOIN allergens a ON a.code = w.allergen JOIN work_centers c ON "
		"c.id = w.wc_id WHERE c.code = ? ORDER BY w.allergen";
	struct mes_wc_allergen r;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_text(st, 1, wc ? wc : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		str_copy(r.allergen, sizeof r.allergen, col_text(st, 0));
		str_copy(r.name, sizeof r.name, col_text(st, 1));
		str_copy(r.left_by, sizeof r.left_by, col_text(st, 2));
		str_copy(r.since, sizeof r.since, col_text(st, 3));
		if (fn(&r, ctx))
			break;
	}
	return step_end(db, st, rc, "listing what the work center carries");
}

int food_allergen_text(struct mes_db *db, const char *item_no, char *out,
                       size_t n)
{
	static const char sql[] = FOOD_PROFILE_CTE("(SELECT id FROM items WHERE"
		" item_no = ?1)") "SELECT level, group_concat(allergen, ', ') FROM "
		"(SELECT * FROM p ORDER BY allergen) GROUP BY level ORDER BY level";
	sqlite3_stmt *st = db_stmt(db, sql);
	size_t k = 0;

	out[0] = '\0';
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, item_no, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && k < n)
		k += (size_t)snprintf(out + k, n - k, "%s%s %s", k ? "; " : "",
		                      strcmp(col_text(st, 0), "contains") ?
		                      "may contain" : "contains", col_text(st, 1));
	sqlite3_reset(st);
	return MES_OK;
}

int food_allergen_codes(struct mes_db *db, long long item_id, char *out,
                        size_t n)
{
	static const char sql[] = FOOD_PROFILE_CTE("?1") "SELECT ifnull("
		"group_concat(allergen, ','), '') FROM (SELECT allergen FROM p "
		"ORDER BY allergen)";
	sqlite3_stmt *st = db_stmt(db, sql);

	out[0] = '\0';
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, item_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(out, n, col_text(st, 0));
	sqlite3_reset(st);
	return MES_OK;
}

/* The op's item id (the order's). */
static long long op_item(struct mes_db *db, const struct op_row *op)
{
	static const char sql[] = "SELECT item_id FROM work_orders WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, op->wo_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int food_check(struct mes_db *db, const struct op_row *op)
{
	static const char sql[] = FOOD_PROFILE_CTE("?1") "SELECT "
		"group_concat(w.allergen, ', '), ifnull((SELECT o.wo_no || '/' || "
		"x.seq FROM wo_ops x JOIN work_orders o ON o.id = x.wo_id WHERE "
		"x.id = (SELECT max(wo_op_id) FROM wc_allergens WHERE wc_id = ?2)),"
		" '') FROM (SELECT * FROM "
		"wc_allergens WHERE wc_id = ?2 ORDER BY allergen) w WHERE "
		"w.allergen NOT IN (SELECT allergen FROM p)";
	char bad[256] = "", by[48] = "";
	sqlite3_stmt *st;
	long long item;

	if ((item = op_item(db, op)) < 0 || !(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, item);
	sqlite3_bind_int64(st, 2, op->wc_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		str_copy(bad, sizeof bad, col_text(st, 0));
		str_copy(by, sizeof by, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!bad[0])
		return MES_OK;
	return db_fail(db, MES_ERR_STATE, "%s carries %s%s%s, which %s must "
	               "not: record a changeover clean (e on the queue, or "
	               "mesctl changeover record %s) and have quality verify "
	               "it", op->wc, bad, by[0] ? " from " : "", by,
	               op->item_no, op->wc);
}

int food_leave(struct mes_db *db, const struct op_row *op)
{
	static const char clear[] = "DELETE FROM wc_allergens WHERE wc_id = ?";
	static const char put[] = FOOD_PROFILE_CTE("?1") "INSERT INTO "
		"wc_allergens (wc_id, allergen, wo_op_id, since) SELECT ?2, "
		"allergen, ?3, ?4 FROM p WHERE true";
	sqlite3_stmt *st;
	long long item;
	int rc;

	if ((item = op_item(db, op)) < 0 || !(st = db_stmt(db, clear)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->wc_id);
	if ((rc = step_done(db, st, "clearing the line's allergens")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, put)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, item);
	sqlite3_bind_int64(st, 2, op->wc_id);
	sqlite3_bind_int64(st, 3, op->id);
	bind_now(st, 4);
	return step_done(db, st, "noting the line's allergens");
}
