/*
 * Work centers, items, routing operations and work orders: the plain
 * adds that a new plant, the demo and the CSV imports start from.  The
 * rules of an order's life (release, hold, close) are in orders.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "base/internal.h"

static int need_text(struct mes_db *db, const char *what, const char *s,
                     size_t max)
{
	if (!s || !*s || strlen(s) > max)
		return db_fail(db, MES_ERR_ARG, "%s: 1 to %zu characters",
		               what, max);
	return MES_OK;
}

/* Runs an INSERT prepared by the caller; maps a duplicate to a message. */
static int step_insert(struct mes_db *db, sqlite3_stmt *st, const char *what,
                       const char *key)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE)
		return MES_OK;
	rc = db_sqlfail(db, rc, what);
	if (rc == MES_ERR_EXISTS)
		return db_fail(db, rc, "%s \"%s\" exists already", what, key);
	return rc;
}

static const char wc_by_code[] = "SELECT id FROM work_centers WHERE code = ?";
static const char item_by_no[] = "SELECT id FROM items WHERE item_no = ?";

int mes_wc_add(struct mes_db *db, const char *code, const char *name,
               int capacity)
{
	static const char sql[] = "INSERT INTO work_centers (code, name, "
		"capacity) VALUES (?, ?, ?)";
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = need_text(db, "work center code", code, 32)) ||
	    (rc = need_text(db, "work center name", name, 80)))
		return rc;
	if (capacity < 1 || capacity > 1000)
		return db_fail(db, MES_ERR_RANGE, "capacity is 1 to 1000");
	if ((rc = tx_begin(db, PERM_MASTER, "workcenter.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, capacity);
	rc = step_insert(db, st, "work center", code);
	mes_json_init(&b);
	mes_json_str(&b, "name", name);
	mes_json_int(&b, "capacity", capacity);
	if (rc == MES_OK)
		rc = audit_append(db, "workcenter.add", "work_centers", code,
		                  "", mes_json_done(&b), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}

int mes_item_add(struct mes_db *db, const char *item_no, const char *desc,
                 const char *uom, const char *family)
{
	static const char sql[] = "INSERT INTO items (item_no, description, "
		"uom, family) VALUES (?, ?, ?, ?)";
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = need_text(db, "item number", item_no, 40)) ||
	    (rc = need_text(db, "item description", desc, 120)))
		return rc;
	if (!uom || !*uom)
		uom = "ea";
	if ((rc = tx_begin(db, PERM_MASTER, "item.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, item_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, desc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, uom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, family ? family : "", -1, SQLITE_STATIC);
	rc = step_insert(db, st, "item", item_no);
	mes_json_init(&b);
	mes_json_str(&b, "description", desc);
	mes_json_str(&b, "uom", uom);
	mes_json_str(&b, "family", family ? family : "");
	if (rc == MES_OK)
		rc = audit_append(db, "item.add", "items", item_no, "",
		                  mes_json_done(&b), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}

int mes_routing_op_add(struct mes_db *db, const char *item_no, int seq,
                       const char *wc_code, double setup_min,
                       double run_min_per_unit, const char *description)
{
	static const char sql[] = "INSERT INTO routing_ops (item_id, seq, "
		"wc_id, description, setup_min, run_min) VALUES (?,?,?,?,?,?)";
	long long item_id, wc_id;
	char key[64];
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !item_no || !wc_code)
		return db_badarg(db, __func__);
	if (seq < 1 || setup_min < 0 || run_min_per_unit < 0)
		return db_fail(db, MES_ERR_RANGE, "operation number must be "
		               "positive and times not negative");
	if ((rc = tx_begin(db, PERM_MASTER, "routing.add")) != MES_OK)
		return rc;
	item_id = db_lookup_id(db, item_by_no, item_no);
	wc_id = db_lookup_id(db, wc_by_code, wc_code);
	if (item_id <= 0 || wc_id <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no %s \"%s\"",
		              item_id <= 0 ? "item" : "work center",
		              item_id <= 0 ? item_no : wc_code));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int(st, 2, seq);
	sqlite3_bind_int64(st, 3, wc_id);
	sqlite3_bind_text(st, 4, description ? description : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_double(st, 5, setup_min);
	sqlite3_bind_double(st, 6, run_min_per_unit);
	snprintf(key, sizeof key, "%s/%d", item_no, seq);
	rc = step_insert(db, st, "routing operation", key);
	mes_json_init(&b);
	mes_json_str(&b, "work_center", wc_code);
	mes_json_num(&b, "setup_min", setup_min);
	mes_json_num(&b, "run_min", run_min_per_unit);
	if (rc == MES_OK)
		rc = audit_append(db, "routing.add", "routing_ops", key, "",
		                  mes_json_done(&b), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}

/* The order's operations are copied from the item's routing. */
static int copy_routing(struct mes_db *db, long long wo_id, long long item_id)
{
	static const char sql[] = "INSERT INTO wo_ops (wo_id, seq, "
		"routing_op_id, wc_id, description, setup_min, run_min) "
		"SELECT ?1, seq, id, wc_id, description, setup_min, run_min "
		"FROM routing_ops WHERE item_id = ?2 ORDER BY seq";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wo_id);
	sqlite3_bind_int64(st, 2, item_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "copying the routing");
	if (sqlite3_changes(db->h) == 0)
		return db_fail(db, MES_ERR_STATE, "the item has no routing: "
		               "add its operations first");
	return MES_OK;
}

static int insert_order(struct mes_db *db, const char *wo_no,
                        long long item_id, double qty, const char *rel,
                        const char *due, int priority)
{
	static const char sql[] = "INSERT INTO work_orders (wo_no, item_id, "
		"qty, release_date, due_date, priority, created) "
		"VALUES (?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, wo_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, item_id);
	sqlite3_bind_double(st, 3, qty);
	sqlite3_bind_text(st, 4, rel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, due, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, priority);
	bind_now(st, 7);
	if ((rc = step_insert(db, st, "work order", wo_no)) != MES_OK)
		return rc;
	return copy_routing(db, sqlite3_last_insert_rowid(db->h), item_id);
}

int mes_order_add(struct mes_db *db, const char *wo_no, const char *item_no,
                  double qty, const char *release_date, const char *due_date,
                  int priority)
{
	long long item_id;
	struct mes_json b;
	int rc;

	if (!db || !db->h || !item_no)
		return db_badarg(db, __func__);
	if ((rc = need_text(db, "work order number", wo_no, 32)))
		return rc;
	if (!(qty > 0) || qty > 1e9)
		return db_fail(db, MES_ERR_RANGE, "quantity must be above 0");
	if (!mes_valid_date(release_date) || !mes_valid_date(due_date))
		return db_fail(db, MES_ERR_ARG, "dates are YYYY-MM-DD: got "
		               "\"%s\" and \"%s\"", release_date ? release_date :
		               "", due_date ? due_date : "");
	if (strcmp(due_date, release_date) < 0)
		return db_fail(db, MES_ERR_RANGE, "due date %s is before the "
		               "release date %s", due_date, release_date);
	if (priority < 1 || priority > 9)
		return db_fail(db, MES_ERR_RANGE, "priority is 1 (first) to 9");
	if ((rc = tx_begin(db, PERM_ORDERS, "order.add")) != MES_OK)
		return rc;
	if ((item_id = db_lookup_id(db, item_by_no, item_no)) <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no item "
		              "\"%s\"", item_no));
	rc = insert_order(db, wo_no, item_id, qty, release_date, due_date,
	                  priority);
	mes_json_init(&b);
	mes_json_str(&b, "item", item_no);
	mes_json_num(&b, "qty", qty);
	mes_json_str(&b, "release", release_date);
	mes_json_str(&b, "due", due_date);
	mes_json_int(&b, "priority", priority);
	if (rc == MES_OK)
		rc = audit_append(db, "order.add", "work_orders", wo_no, "",
		                  mes_json_done(&b), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}
