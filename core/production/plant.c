/* Master data the production rules read: bills of material, alternative
 * work centers, shift calendars and reason codes. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "prod_int.h"

static const char item_sql[] = "SELECT id FROM items WHERE item_no = ?";
static const char wc_sql[] = "SELECT id FROM work_centers WHERE code = ?";

/* An INSERT whose duplicate is the user's mistake, named as such. */
static int insert_once(struct mes_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return MES_OK;
	rc = db_sqlfail(db, rc, what);
	if (rc == MES_ERR_EXISTS)
		return db_fail(db, rc, "%s exists already", what);
	return rc;
}

static int audit_done(struct mes_db *db, int rc, const char *action,
                      const char *tbl, const char *key, struct mes_json *b)
{
	const char *nv = mes_json_done(b);

	if (rc == MES_OK)
		rc = nv ? audit_append(db, action, tbl, key, "", nv, "") :
		          MES_ERR_NOMEM;
	mes_json_free(b);
	return tx_end(db, rc);
}

int mes_bom_add(struct mes_db *db, const char *parent_item,
                const char *component_item, double qty_per)
{
	static const char sql[] = "INSERT INTO bom (parent_id, component_id,"
		" qty_per) VALUES (?,?,?)";
	long long p, c;
	char key[96];
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !parent_item || !component_item)
		return db_badarg(db, __func__);
	if (!(qty_per > 0) || !isfinite(qty_per))
		return db_fail(db, MES_ERR_RANGE, "quantity per unit must be "
		               "above 0");
	if (!strcmp(parent_item, component_item))
		return db_fail(db, MES_ERR_ARG, "%s cannot be its own "
		               "component", parent_item);
	if ((rc = tx_begin(db, PERM_MASTER, "bom.add")) != MES_OK)
		return rc;
	p = db_lookup_id(db, item_sql, parent_item);
	c = db_lookup_id(db, item_sql, component_item);
	if (p <= 0 || c <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no item "
		              "\"%s\"", p <= 0 ? parent_item : component_item));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, p);
	sqlite3_bind_int64(st, 2, c);
	sqlite3_bind_double(st, 3, qty_per);
	snprintf(key, sizeof key, "%s>%s", parent_item, component_item);
	rc = insert_once(db, st, "this component of the item");
	mes_json_init(&b);
	mes_json_str(&b, "component", component_item);
	mes_json_num(&b, "qty_per", qty_per);
	return audit_done(db, rc, "bom.add", "bom", key, &b);
}

static long long routing_op_id(struct mes_db *db, const char *item_no,
                               int seq)
{
	static const char sql[] = "SELECT r.id FROM routing_ops r JOIN items i"
		" ON i.id = r.item_id WHERE i.item_no = ? AND r.seq = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, item_no, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (id == 0)
		db_fail(db, MES_ERR_NOTFOUND, "item %s has no routing "
		        "operation %d", item_no, seq);
	return id;
}

int mes_routing_tool(struct mes_db *db, const char *item_no, int seq,
                     const char *type)
{
	static const char type_sql[] = "SELECT id FROM tool_types WHERE code = ?";
	static const char sql[] = "UPDATE routing_ops SET tool_type_id = "
		"nullif(?, 0) WHERE id = ?";
	long long rid, tid = 0;
	char key[64];
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !item_no)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MASTER, "routing.tool")) != MES_OK)
		return rc;
	if ((rid = routing_op_id(db, item_no, seq)) <= 0)
		return tx_end(db, rid < 0 ? MES_ERR_DB : MES_ERR_NOTFOUND);
	if (type && *type && (tid = db_lookup_id(db, type_sql, type)) <= 0)
		return tx_end(db, tid < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "no tool type %s: mesctl tool "
		              "type-add makes one", type));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, tid);
	sqlite3_bind_int64(st, 2, rid);
	if ((rc = step_done(db, st, "setting the tool")) != MES_OK)
		return tx_end(db, rc);
	snprintf(key, sizeof key, "%s/%d", item_no, seq);
	return tx_end(db, audit_append(db, "routing.tool", "routing_ops", key,
	                               "", tid ? type : "", ""));
}

int mes_routing_alt_add(struct mes_db *db, const char *item_no, int seq,
                        const char *wc_code, double run_min_per_unit)
{
	static const char sql[] = "INSERT INTO routing_alternatives "
		"(routing_op_id, wc_id, run_min) VALUES (?,?,?)";
	static const char same[] = "SELECT wc_id FROM routing_ops WHERE id=?";
	long long rid, wc;
	char key[96];
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !item_no || !wc_code)
		return db_badarg(db, __func__);
	if (!(run_min_per_unit >= 0) || !isfinite(run_min_per_unit))
		return db_fail(db, MES_ERR_RANGE, "run minutes must not be "
		               "negative");
	if ((rc = tx_begin(db, PERM_MASTER, "routing.alt.add")) != MES_OK)
		return rc;
	if ((rid = routing_op_id(db, item_no, seq)) <= 0)
		return tx_end(db, rid < 0 ? MES_ERR_DB : MES_ERR_NOTFOUND);
	if ((wc = db_lookup_id(db, wc_sql, wc_code)) <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no work "
		              "center \"%s\"", wc_code));
	if (!(st = db_stmt(db, same)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, rid);
	rc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == wc;
	sqlite3_reset(st);
	if (rc)
		return tx_end(db, db_fail(db, MES_ERR_ARG, "%s is the planned "
		              "work center of %s/%d, not an alternative",
		              wc_code, item_no, seq));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, rid);
	sqlite3_bind_int64(st, 2, wc);
	sqlite3_bind_double(st, 3, run_min_per_unit);
	snprintf(key, sizeof key, "%s/%d@%s", item_no, seq, wc_code);
	rc = insert_once(db, st, "this alternative work center");
	mes_json_init(&b);
	mes_json_str(&b, "work_center", wc_code);
	mes_json_num(&b, "run_min", run_min_per_unit);
	return audit_done(db, rc, "routing.alt.add", "routing_alternatives",
	                  key, &b);
}

int mes_shift_add(struct mes_db *db, const char *wc_code, int weekday,
                  int start_min, int end_min, const char *name)
{
	static const char sql[] = "INSERT INTO wc_shifts (wc_id, weekday, "
		"start_min, end_min, name) VALUES (?,?,?,?,?)";
	static const char overlap[] = "SELECT name FROM wc_shifts WHERE "
		"wc_id = ? AND weekday = ? AND start_min < ? AND end_min > ?";
	long long wc;
	char key[64];
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !wc_code)
		return db_badarg(db, __func__);
	if (weekday < 0 || weekday > 6 || start_min < 0 || end_min > 1440 ||
	    end_min <= start_min)
		return db_fail(db, MES_ERR_RANGE, "a shift is a weekday 0 "
		               "(Monday) to 6 and minutes 0 to 1440 with the "
		               "end after the start; a night shift is two");
	if ((rc = tx_begin(db, PERM_MASTER, "shift.add")) != MES_OK)
		return rc;
	if ((wc = db_lookup_id(db, wc_sql, wc_code)) <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no work "
		              "center \"%s\"", wc_code));
	if (!(st = db_stmt(db, overlap)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, wc);
	sqlite3_bind_int(st, 2, weekday);
	sqlite3_bind_int(st, 3, end_min);
	sqlite3_bind_int(st, 4, start_min);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = db_fail(db, MES_ERR_EXISTS, "this overlaps shift \"%s\" "
		             "of %s on that day", col_text(st, 0), wc_code);
		return tx_end(db, rc);
	}
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, wc);
	sqlite3_bind_int(st, 2, weekday);
	sqlite3_bind_int(st, 3, start_min);
	sqlite3_bind_int(st, 4, end_min);
	sqlite3_bind_text(st, 5, name ? name : "", -1, SQLITE_STATIC);
	rc = insert_once(db, st, "shift");
	snprintf(key, sizeof key, "%s/%d", wc_code, weekday);
	mes_json_init(&b);
	mes_json_int(&b, "start_min", start_min);
	mes_json_int(&b, "end_min", end_min);
	mes_json_str(&b, "name", name ? name : "");
	return audit_done(db, rc, "shift.add", "wc_shifts", key, &b);
}

int mes_reason_add(struct mes_db *db, const char *code, const char *kind,
                   const char *description)
{
	static const char sql[] = "INSERT INTO reason_codes (code, kind, "
		"description) VALUES (?,?,?)";
	static const char *const kinds[] = { "scrap", "pause", "downtime",
	                                     "nc" };
	struct mes_json b;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (!db || !db->h || !kind)
		return db_badarg(db, __func__);
	if (!code || !*code || strlen(code) > 16 || strchr(code, ','))
		return db_fail(db, MES_ERR_ARG, "a reason code has 1 to 16 "
		               "characters and no comma");
	for (i = 0; i < N_ELEM(kinds) && strcmp(kinds[i], kind); i++)
		;
	if (i == N_ELEM(kinds))
		return db_fail(db, MES_ERR_ARG, "reason kind \"%s\": use "
		               "scrap, pause, downtime or nc", kind);
	if (!description || !*description)
		return db_fail(db, MES_ERR_ARG, "a reason code needs a "
		               "description the floor understands");
	if ((rc = tx_begin(db, PERM_MASTER, "reason.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, description, -1, SQLITE_STATIC);
	rc = insert_once(db, st, "reason code");
	mes_json_init(&b);
	mes_json_str(&b, "kind", kind);
	mes_json_str(&b, "description", description);
	return audit_done(db, rc, "reason.add", "reason_codes", code, &b);
}
