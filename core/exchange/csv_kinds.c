/* The master-data kinds: each row is checked, then added or changed and
 * audited.  Columns after the required ones may be left out of a file:
 * a new row takes the default, an existing one keeps its value. */
#include <string.h>
#include "csv_int.h"

static int len_ok(struct mimp *m, const char *what, const char *s, size_t max)
{
	if (!s || !*s || strlen(s) > max) {
		mbad(m, "%s: 1 to %zu characters", what, max);
		return 0;
	}
	return 1;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* The row as it is now, as JSON ("" when there is none). */
static int old_json(struct mimp *m, const char *sql, const char *key,
                    struct mes_json *b)
{
	sqlite3_stmt *st = db_stmt(m->db, sql);
	int c, found = 0;

	mes_json_init(b);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		for (c = 0; c < sqlite3_column_count(st); c++)
			mes_json_str(b, sqlite3_column_name(st, c),
			             col_text(st, c));
	}
	sqlite3_reset(st);
	return found;
}

/* Runs an upsert, then audits old and new unless nothing changed. */
static int apply(struct mimp *m, sqlite3_stmt *st, const char *action,
                 const char *tbl, const char *key, const char *show_sql)
{
	struct mes_json ob, nb;
	int had, rc;

	if ((had = old_json(m, show_sql, key, &ob)) < 0)
		return MES_ERR_DB;
	if ((rc = step_done(m->db, st, "importing")) != MES_OK) {
		mes_json_free(&ob);
		return rc;
	}
	old_json(m, show_sql, key, &nb);
	if (!had || strcmp(mes_json_done(&ob), mes_json_done(&nb)))
		rc = maudit(m, action, tbl, key, had ? ob.p : "",
		            mes_json_done(&nb));
	mes_json_free(&ob);
	mes_json_free(&nb);
	return rc;
}

/* ---- items -------------------------------------------------------------- */

static const char *const item_cols[] = { "item_no", "description", "uom",
	"family", "lot_control", "shelf_days", NULL };

static int item_row(struct mimp *m, const char *const *f)
{
	static const char sql[] = "INSERT INTO items (item_no, description, "
		"uom, family, lot_control, shelf_days) VALUES (?1, ?2, "
		"ifnull(?3, 'ea'), ifnull(?4, ''), ifnull(?5, 1), ?6) "
		"ON CONFLICT (item_no) DO UPDATE SET description = ?2, uom = "
		"ifnull(?3, uom), family = ifnull(?4, family), lot_control = "
		"ifnull(?5, lot_control), shelf_days = CASE WHEN ?7 THEN ?6 ELSE "
		"shelf_days END";
	static const char show[] = "SELECT item_no, description, uom, family,"
		" lot_control, ifnull(shelf_days, '') AS shelf_days FROM items "
		"WHERE item_no = ?";
	sqlite3_stmt *st;
	long lot, shelf;
	int e = m->nerr;

	len_ok(m, "item_no", f[0], 40);
	len_ok(m, "description", f[1], 200);
	if (f[2] && *f[2])
		len_ok(m, "uom", f[2], 16);
	mint(m, "lot_control", f[4], 0, 1, 1, &lot);
	mint(m, "shelf_days", f[5], 0, 100000, -1, &shelf);
	if (m->nerr != e || !(st = db_stmt(m->db, sql)))
		return m->nerr != e ? MES_OK : MES_ERR_DB;
	sqlite3_bind_text(st, 1, f[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f[1], -1, SQLITE_TRANSIENT);
	bind_opt(st, 3, f[2] && *f[2] ? f[2] : NULL);
	bind_opt(st, 4, f[3]);
	if (f[4] && *f[4])
		sqlite3_bind_int(st, 5, (int)lot);
	if (shelf >= 0)
		sqlite3_bind_int(st, 6, (int)shelf);
	sqlite3_bind_int(st, 7, f[5] != NULL);
	return apply(m, st, "item.import", "items", f[0], show);
}

const struct mkind mkind_items = { "items", item_cols, 2, PERM_MASTER,
	item_row, "SELECT item_no, description, uom, family, lot_control, "
	"ifnull(shelf_days, '') FROM items ORDER BY item_no" };

/* ---- work centers ------------------------------------------------------- */

static const char *const wc_cols[] = { "code", "name", "capacity", "active",
	NULL };

static int wc_row(struct mimp *m, const char *const *f)
{
	static const char sql[] = "INSERT INTO work_centers (code, name, "
		"capacity, active) VALUES (?1, ?2, ifnull(?3, 1), ifnull(?4, 1)) "
		"ON CONFLICT (code) DO UPDATE SET name = ?2, capacity = "
		"ifnull(?3, capacity), active = ifnull(?4, active)";
	static const char show[] = "SELECT code, name, capacity, active FROM "
		"work_centers WHERE code = ?";
	sqlite3_stmt *st;
	long cap, act;
	int e = m->nerr;

	len_ok(m, "code", f[0], 32);
	len_ok(m, "name", f[1], 80);
	mint(m, "capacity", f[2], 1, 1000, 1, &cap);
	mint(m, "active", f[3], 0, 1, 1, &act);
	if (m->nerr != e || !(st = db_stmt(m->db, sql)))
		return m->nerr != e ? MES_OK : MES_ERR_DB;
	sqlite3_bind_text(st, 1, f[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f[1], -1, SQLITE_TRANSIENT);
	if (f[2] && *f[2])
		sqlite3_bind_int(st, 3, (int)cap);
	if (f[3] && *f[3])
		sqlite3_bind_int(st, 4, (int)act);
	return apply(m, st, "workcenter.import", "work_centers", f[0], show);
}

const struct mkind mkind_workcenters = { "workcenters", wc_cols, 2,
	PERM_MASTER, wc_row, "SELECT code, name, capacity, active FROM "
	"work_centers ORDER BY code" };

/* ---- routings ----------------------------------------------------------- */

static const char *const rt_cols[] = { "item_no", "seq", "wc", "description",
	"setup_min", "run_min", "skill", NULL };

static long long id_of(struct mimp *m, const char *sql, const char *what,
                       const char *key)
{
	long long id = db_lookup_id(m->db, sql, key);

	if (id == 0)
		mbad(m, "unknown %s \"%.40s\"", what, key);
	return id;
}

static int rt_row(struct mimp *m, const char *const *f)
{
	static const char sql[] = "INSERT INTO routing_ops (item_id, seq, "
		"wc_id, description, setup_min, run_min, skill_id) VALUES (?1, "
		"?2, ?3, ifnull(?4, ''), ifnull(?5, 0), ifnull(?6, 0), ?7) "
		"ON CONFLICT (item_id, seq) DO UPDATE SET wc_id = ?3, description"
		" = ifnull(?4, description), setup_min = ifnull(?5, setup_min), "
		"run_min = ifnull(?6, run_min), skill_id = CASE WHEN ?8 THEN ?7 "
		"ELSE skill_id END";
	static const char show[] = "SELECT i.item_no, r.seq, c.code AS wc, "
		"r.description, r.setup_min, r.run_min, ifnull(s.code, '') AS "
		"skill FROM routing_ops r JOIN items i ON i.id = r.item_id JOIN "
		"work_centers c ON c.id = r.wc_id LEFT JOIN skills s ON s.id = "
		"r.skill_id WHERE i.item_no || '/' || r.seq = ?";
	long long item = 0, wc = 0, skill = 0;
	double setup, run;
	char key[64];
	sqlite3_stmt *st;
	long seq;
	int e = m->nerr;

	if (len_ok(m, "item_no", f[0], 40))
		item = id_of(m, "SELECT id FROM items WHERE item_no = ?", "item",
		             f[0]);
	mint(m, "seq", f[1] && *f[1] ? f[1] : "x", 1, 9999, 0, &seq);
	if (len_ok(m, "wc", f[2], 32))
		wc = id_of(m, "SELECT id FROM work_centers WHERE code = ?",
		           "work center", f[2]);
	mreal(m, "setup_min", f[4], 0, &setup);
	mreal(m, "run_min", f[5], 0, &run);
	if (f[6] && *f[6])
		skill = id_of(m, "SELECT id FROM skills WHERE code = ?",
		              "skill", f[6]);
	if (m->nerr != e || item < 0 || wc < 0 || skill < 0)
		return m->nerr != e ? MES_OK : MES_ERR_DB;
	if (!(st = db_stmt(m->db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, item);
	sqlite3_bind_int(st, 2, (int)seq);
	sqlite3_bind_int64(st, 3, wc);
	bind_opt(st, 4, f[3]);
	if (f[4] && *f[4])
		sqlite3_bind_double(st, 5, setup);
	if (f[5] && *f[5])
		sqlite3_bind_double(st, 6, run);
	if (skill)
		sqlite3_bind_int64(st, 7, skill);
	sqlite3_bind_int(st, 8, f[6] != NULL);
	snprintf(key, sizeof key, "%s/%ld", f[0], seq);
	return apply(m, st, "routing.import", "routing_ops", key, show);
}

const struct mkind mkind_routings = { "routings", rt_cols, 3, PERM_MASTER,
	rt_row, "SELECT i.item_no, r.seq, c.code, r.description, r.setup_min, "
	"r.run_min, ifnull(s.code, '') FROM routing_ops r JOIN items i ON "
	"i.id = r.item_id JOIN work_centers c ON c.id = r.wc_id LEFT JOIN "
	"skills s ON s.id = r.skill_id ORDER BY i.item_no, r.seq" };
