/*
 * The electronic batch record (device history record) of a work order or
 * a lot: routing steps as run, materials and their lots, inspections with
 * their limits, non-conformances and dispositions, every signature with
 * its manifestation, and the audit entries that touched the record; as
 * text or one printable HTML page ending with a content hash (21 CFR
 * 11.10(b)).  The record holds no time of printing, so the same database
 * gives the same bytes, and a saved copy can be checked against it.
 */
#include <stdlib.h>
#include <string.h>
#include "brec_int.h"
#include "base/internal.h"
#include "food/food_int.h"
#include "prod.h"

/* The order's operations, every lot it used or made (or the one lot),
 * and the non-conformances on any of them. */
#define CTE "WITH ops AS (SELECT id FROM wo_ops WHERE wo_id = ?1), " \
	"lotset AS (SELECT lot_id AS id FROM inv_moves WHERE wo_id = ?1 " \
	"UNION SELECT id FROM lots WHERE produced_by = ?1 UNION SELECT ?2), " \
	"ncs AS (SELECT id, nc_no FROM nonconformances WHERE wo_id = ?1 OR " \
	"wo_op_id IN (SELECT id FROM ops) OR lot_id IN (SELECT id FROM " \
	"lotset)) "

#define NUM(x) "CASE WHEN " x " IS NULL THEN '' ELSE printf('%g', " x ") END"

struct sec {
	const char *title, *head, *sql;
};

static const struct sec order_head = { "Work order", NULL,
	"SELECT w.wo_no AS \"Work order\", i.item_no || ' - ' || "
	"i.description AS \"Item\", printf('%g %s', w.qty, i.uom) AS "
	"\"Quantity ordered\", w.status AS \"Status\", w.release_date AS "
	"\"Release date\", w.due_date AS \"Due date\", w.priority AS "
	"\"Priority\", w.created AS \"Created\", w.erp_ref AS "
	"\"ERP schedule\", ifnull((SELECT printf('%g', qty_good) FROM wo_ops "
	"WHERE wo_id = w.id ORDER BY seq DESC LIMIT 1), '') AS "
	"\"Good quantity (last operation)\", ifnull((SELECT printf('%g', "
	"sum(qty_scrap)) FROM wo_ops WHERE wo_id = w.id), '') AS "
	"\"Scrap (all operations)\" FROM work_orders w JOIN items i ON "
	"i.id = w.item_id WHERE w.id = ?1" };

static const struct sec lot_head = { "Lot", NULL,
	"SELECT l.lot_no AS \"Lot\", i.item_no || ' - ' || i.description AS "
	"\"Item\", l.status AS \"Status\", l.supplier AS \"Supplier\", "
	"l.supplier_lot AS \"Supplier lot\", ifnull(l.expiry, '') AS "
	"\"Expiry\", l.created AS \"Created\", (SELECT printf('%g', "
	"ifnull(sum(qty), 0)) FROM inv_moves WHERE lot_id = l.id) AS "
	"\"On hand\", ifnull((SELECT wo_no FROM work_orders WHERE id = "
	"l.produced_by), '') AS \"Produced by\" FROM lots l JOIN items i ON "
	"i.id = l.item_id WHERE l.id = ?2" };

static const struct sec order_secs[] = {
	{ "Routing steps", "Op|Work center|Description|Status|Actual start|"
	  "Actual end|Good|Scrap|Operators",
	  "SELECT o.seq, c.code, o.description, o.status, ifnull("
	  "o.actual_start, ''), ifnull(o.actual_end, ''), printf('%g', "
	  "o.qty_good), printf('%g', o.qty_scrap), ifnull((SELECT "
	  "group_concat(DISTINCT u.name) FROM labor l JOIN users u ON u.id = "
	  "l.user_id WHERE l.wo_op_id = o.id), '') FROM wo_ops o JOIN "
	  "work_centers c ON c.id = o.wc_id WHERE o.wo_id = ?1 ORDER BY o.seq" },
	{ "Operation events", "Time|Op|Event|User|Good|Scrap|Reason|Note",
	  "SELECT e.ts, o.seq, e.kind, ifnull(u.login, ''), printf('%g', "
	  "e.qty_good), printf('%g', e.qty_scrap), e.reason_code, e.note FROM "
	  "op_events e JOIN wo_ops o ON o.id = e.wo_op_id LEFT JOIN users u ON"
	  " u.id = e.user_id WHERE o.wo_id = ?1 ORDER BY e.ts, e.id" },
	{ "Labor", "Op|Operator|Name|Clock on|Clock off",
	  "SELECT o.seq, u.login, u.name, l.clock_on, ifnull(l.clock_off, "
	  "'(open)') FROM labor l JOIN wo_ops o ON o.id = l.wo_op_id JOIN "
	  "users u ON u.id = l.user_id WHERE o.wo_id = ?1 ORDER BY l.clock_on,"
	  " l.id" },
	{ "Materials required (ERP)", "Op|Item|Quantity|Unit|Use|Lot asked for",
	  "SELECT ifnull((SELECT seq FROM wo_ops WHERE id = m.wo_op_id), ''), "
	  "i.item_no, printf('%g', m.qty), m.uom, m.mat_use, m.lot_no FROM "
	  "wo_materials m JOIN items i ON i.id = m.item_id WHERE m.wo_id = ?1 "
	  "ORDER BY m.id" },
	{ "Materials consumed", "Time|Op|Item|Lot|Supplier lot|Quantity|Unit|By",
	  "SELECT m.ts, ifnull((SELECT seq FROM wo_ops WHERE id = m.wo_op_id), "
	  "''), i.item_no, l.lot_no, l.supplier_lot, printf('%g', -m.qty), "
	  "i.uom, ifnull(u.login, '') FROM inv_moves m JOIN lots l ON l.id = "
	  "m.lot_id JOIN items i ON i.id = l.item_id LEFT JOIN users u ON "
	  "u.id = m.user_id WHERE m.wo_id = ?1 AND m.kind = 'issue' ORDER BY "
	  "m.ts, m.id" },
	{ "Lots produced", "Lot|Item|Quantity made|Status|Created",
	  "SELECT l.lot_no, i.item_no, (SELECT printf('%g', ifnull(sum(qty), "
	  "0)) FROM inv_moves WHERE lot_id = l.id AND kind = 'produce'), "
	  "l.status, l.created FROM lots l JOIN items i ON i.id = l.item_id "
	  "WHERE l.produced_by = ?1 ORDER BY l.lot_no" },
};

/* Which tool, in which of its lives, made the order's operations: left
 * out when no tool did, so that a record made before tools were tracked
 * reads the same (batchrec_verify compares it with the database). */
static const struct sec tool_sec = { "Tools",
	"Op|Tool|Type|Life|From cycle|To cycle|First|Last",
	"SELECT o.seq, t.code, y.code, u.life_no, printf('%g', u.from_cycles),"
	" printf('%g', u.to_cycles), u.first_ts, u.last_ts FROM tool_uses u "
	"JOIN wo_ops o ON o.id = u.wo_op_id JOIN tools t ON t.id = u.tool_id "
	"JOIN tool_types y ON y.id = t.type_id WHERE o.wo_id = ?1 ORDER BY "
	"o.seq, u.first_ts, u.id" };

/* A serialized unit (?3): its identity and UDI, where it went, and what
 * was built into it. */
static const struct sec unit_head = { "Unit", NULL,
	"SELECT u.serial AS \"Serial\", i.item_no || ' - ' || i.description "
	"AS \"Item\", ifnull(i.gtin, '') AS \"GTIN\", CASE WHEN i.gtin IS "
	"NULL THEN '' ELSE '(01)' || i.gtin || '(21)' || u.serial END AS "
	"\"UDI (GS1)\", w.wo_no AS \"Work order\", u.status AS \"Status\", "
	"u.source AS \"Serial from\", u.created AS \"Made\", ifnull((SELECT "
	"login FROM users WHERE id = u.user_id), '') AS \"By\", ifnull(("
	"SELECT p.serial FROM unit_parts t JOIN units p ON p.id = t.unit_id "
	"WHERE t.child_unit_id = u.id), '') AS \"Built into\" FROM units u "
	"JOIN items i ON i.id = u.item_id JOIN work_orders w ON w.id = "
	"u.wo_id WHERE u.id = ?3" };

static const struct sec unit_secs[] = {
	{ "Unit operations", "Op|Work center|Description|Started|By|"
	  "Completed|By",
	  "SELECT o.seq, c.code, o.description, x.start_ts, ifnull((SELECT "
	  "login FROM users WHERE id = x.started_by), ''), ifnull(x.end_ts, "
	  "'(running)'), ifnull((SELECT login FROM users WHERE id = "
	  "x.ended_by), '') FROM unit_ops x JOIN wo_ops o ON o.id = x.wo_op_id"
	  " JOIN work_centers c ON c.id = o.wc_id WHERE x.unit_id = ?3 ORDER "
	  "BY o.seq" },
	{ "Built into the unit", "Time|Op|Component|Kind|Item|Quantity|By",
	  "SELECT p.ts, ifnull((SELECT seq FROM wo_ops WHERE id = p.wo_op_id),"
	  " ''), ifnull(c.serial, l.lot_no), CASE WHEN c.id IS NULL THEN 'lot'"
	  " ELSE 'unit' END, i.item_no, printf('%g', p.qty), ifnull((SELECT "
	  "login FROM users WHERE id = p.user_id), '') FROM unit_parts p LEFT "
	  "JOIN units c ON c.id = p.child_unit_id LEFT JOIN lots l ON l.id = "
	  "p.lot_id JOIN items i ON i.id = ifnull(c.item_id, l.item_id) WHERE "
	  "p.unit_id = ?3 ORDER BY p.ts, p.id" },
	{ "Unit audit trail", "Seq|Time|User|Action|New value|Reason",
	  "SELECT a.seq, a.ts, a.login, a.action, a.new_value, a.reason FROM "
	  "audit a WHERE a.tbl = 'units' AND a.rec_key = (SELECT serial FROM "
	  "units WHERE id = ?3) ORDER BY a.seq" },
};

/* The order's item's allergens, its components' included: left out for
 * an item with none (an older record reads the same). */
static const struct sec allergen_sec = { "Allergens",
	"Allergen|Name|Level|Through",
	FOOD_PROFILE_CTE("(SELECT item_id FROM work_orders WHERE id = ?1)")
	"SELECT p.allergen, a.name, replace(p.level, '-', ' '), CASE WHEN "
	"p.via = '' THEN '(its own)' ELSE p.via END FROM p JOIN allergens a "
	"ON a.code = p.allergen ORDER BY p.level, p.allergen" };

static const struct sec lot_secs[] = {
	{ "Inventory ledger", "Time|Move|Location|Quantity|Order|By|Reason",
	  "SELECT m.ts, m.kind, c.code, printf('%g', m.qty), ifnull((SELECT "
	  "wo_no FROM work_orders WHERE id = m.wo_id), ''), ifnull(u.login, "
	  "''), m.reason FROM inv_moves m JOIN locations c ON c.id = "
	  "m.location_id LEFT JOIN users u ON u.id = m.user_id WHERE m.lot_id "
	  "= ?2 ORDER BY m.ts, m.id" },
	{ "Made from (genealogy)", "Time|Lot|Order|Quantity",
	  "SELECT g.ts, p.lot_no, ifnull(w.wo_no, ''), printf('%g', g.qty) "
	  "FROM genealogy g JOIN lots p ON p.id = g.parent_lot_id LEFT JOIN "
	  "work_orders w ON w.id = g.wo_id WHERE g.child_lot_id = ?2 ORDER BY "
	  "g.ts, p.lot_no" },
	{ "Used in (genealogy)", "Time|Lot|Order|Quantity",
	  "SELECT g.ts, c.lot_no, ifnull(w.wo_no, ''), printf('%g', g.qty) "
	  "FROM genealogy g JOIN lots c ON c.id = g.child_lot_id LEFT JOIN "
	  "work_orders w ON w.id = g.wo_id WHERE g.parent_lot_id = ?2 ORDER BY"
	  " g.ts, c.lot_no" },
};

static const struct sec common_secs[] = {
	{ "Inspections", "Time|Plan|Lot|Op|Characteristic|Value|LSL|USL|Spec|"
	  "Result|By",
	  CTE "SELECT x.ts, p.code, ifnull(lt.lot_no, ''), ifnull((SELECT seq "
	  "FROM wo_ops WHERE id = x.wo_op_id), ''), ifnull(ch.code || ' ' || "
	  "ch.name, ''), CASE WHEN m.value IS NOT NULL THEN printf('%g', "
	  "m.value) WHEN m.defects IS NOT NULL THEN printf('%d defects in %d',"
	  " m.defects, ifnull(m.sample_size, 0)) ELSE '' END, " NUM("ch.lsl")
	  ", " NUM("ch.usl") ", CASE WHEN m.out_of_spec THEN 'OUT' WHEN m.id "
	  "IS NULL THEN '' ELSE 'in' END, x.result, u.login FROM inspections x"
	  " JOIN inspection_plans p ON p.id = x.plan_id LEFT JOIN lots lt ON "
	  "lt.id = x.lot_id LEFT JOIN measurements m ON m.inspection_id = x.id"
	  " LEFT JOIN characteristics ch ON ch.id = m.char_id JOIN users u ON"
	  " u.id = x.user_id WHERE x.wo_op_id IN (SELECT id FROM ops) OR "
	  "x.lot_id IN (SELECT id FROM lotset) ORDER BY x.ts, x.id, m.id" },
	{ "Deviations and non-conformances", "NC|Opened|By|Lot|Description|"
	  "Quantity|Status|Disposition|Disposition note|Closed",
	  CTE "SELECT n.nc_no, n.opened_ts, u.login, ifnull(l.lot_no, ''), "
	  "n.description, printf('%g', n.qty), n.status, ifnull("
	  "n.disposition, ''), n.disposition_note, ifnull(n.closed_ts, '') "
	  "FROM nonconformances n JOIN users u ON u.id = n.opened_by LEFT JOIN"
	  " lots l ON l.id = n.lot_id WHERE n.id IN (SELECT id FROM ncs) "
	  "ORDER BY n.opened_ts, n.id" },
	{ "Signatures", "Time|Printed name|Login|Meaning|Record|Content hash",
	  CTE "SELECT s.ts, s.printed_name, s.login, s.meaning, s.tbl || ' ' "
	  "|| s.rec_id || ' v' || s.rec_version, s.content_hash FROM "
	  "signatures s WHERE (s.tbl = 'work_orders' AND s.rec_id = ?1) OR "
	  "(s.tbl = 'wo_ops' AND s.rec_id IN (SELECT id FROM ops)) OR (s.tbl "
	  "= 'lots' AND s.rec_id IN (SELECT id FROM lotset)) OR (s.tbl = "
	  "'nonconformances' AND s.rec_id IN (SELECT id FROM ncs)) OR s.id IN"
	  " (SELECT signature_id FROM nonconformances WHERE id IN (SELECT id "
	  "FROM ncs) UNION SELECT close_signature_id FROM nonconformances "
	  "WHERE id IN (SELECT id FROM ncs)) ORDER BY s.ts, s.id" },
	{ "Audit trail entries", "Seq|Time|User|Action|Record|New value|Reason",
	  CTE ", wo AS (SELECT wo_no FROM work_orders WHERE id = ?1) SELECT "
	  "a.seq, a.ts, a.login, a.action, a.tbl || ' ' || a.rec_key, "
	  "a.new_value, a.reason FROM audit a WHERE (a.tbl = 'work_orders' AND"
	  " a.rec_key IN (SELECT wo_no FROM wo)) OR (a.tbl IN ('wo_ops', "
	  "'labor') AND substr(a.rec_key, 1, length((SELECT wo_no FROM wo)) + "
	  "1) = (SELECT wo_no FROM wo) || '/') OR (a.tbl = 'lots' AND "
	  "a.rec_key IN (SELECT lot_no FROM lots WHERE id IN (SELECT id FROM "
	  "lotset))) OR (a.tbl = 'nonconformances' AND a.rec_key IN (SELECT "
	  "nc_no FROM ncs)) ORDER BY a.seq" },
};

/* optional: no section at all when there are no rows. */
/* What the record is of: an order, a lot, a unit (ids; 0 when none),
 * bound as ?1, ?2 and ?3. */
struct subj {
	long long wo, lot, unit;
};

static int run_sec(struct mes_db *db, struct brec_doc *d, const struct sec *s,
                   const struct subj *j, int optional)
{
	sqlite3_stmt *st = db_stmt(db, s->sql);
	const char *cells[32];
	int rc, c, n, shown = 0;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, j->wo);
	sqlite3_bind_int64(st, 2, j->lot);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, j->unit);
	n = sqlite3_column_count(st);
	if (n > 32)
		n = 32;
	if (!optional)
		brec_section(d, s->title, s->head ? s->head : "Field|Value");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (optional && !shown++)
			brec_section(d, s->title, s->head);
		if (!s->head) {
			/* one row, shown as field and value pairs */
			for (c = 0; c < n; c++) {
				cells[0] = sqlite3_column_name(st, c);
				cells[1] = col_text(st, c);
				brec_row(d, 2, cells);
			}
			continue;
		}
		for (c = 0; c < n; c++)
			cells[c] = col_text(st, c);
		brec_row(d, n, cells);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, s->title);
}

static int run_secs(struct mes_db *db, struct brec_doc *d,
                    const struct sec *s, size_t n, const struct subj *j)
{
	size_t k;
	int rc = MES_OK;

	for (k = 0; k < n && rc == MES_OK; k++)
		rc = run_sec(db, d, &s[k], j, 0);
	return rc;
}

/* An order number, else a unit's serial (and its order), else a lot
 * number (and the order that made it). */
static int subject(struct mes_db *db, const char *key, struct subj *j)
{
	static const char lot_sql[] = "SELECT id, ifnull(produced_by, 0) FROM "
		"lots WHERE lot_no = ?";
	static const char unit_sql[] = "SELECT id, wo_id FROM units WHERE "
		"serial = ?";
	sqlite3_stmt *st;
	int k;

	memset(j, 0, sizeof *j);
	j->wo = db_lookup_id(db, "SELECT id FROM work_orders WHERE wo_no = ?",
	                     key);
	if (j->wo < 0)
		return MES_ERR_DB;
	if (j->wo > 0)
		return MES_OK;
	for (k = 0; k < 2 && !j->wo; k++) {
		if (!(st = db_stmt(db, k ? lot_sql : unit_sql)))
			return MES_ERR_DB;
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*(k ? &j->lot : &j->unit) = sqlite3_column_int64(st, 0);
			j->wo = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
	}
	if (!j->lot && !j->unit)
		return db_fail(db, MES_ERR_NOTFOUND, "no work order, unit or lot "
		               "\"%s\": give an order number, a serial or a lot "
		               "number", key);
	return MES_OK;
}

/* A unit's device history record: the unit, its operations and what was
 * built into it, then its order's head, tools, inspections, NCs,
 * signatures and audit. */
static int build_unit(struct mes_db *db, struct brec_doc *d,
                      const struct subj *j)
{
	size_t k;
	int rc = run_sec(db, d, &unit_head, j, 0);

	for (k = 0; rc == MES_OK && k < N_ELEM(unit_secs); k++)
		rc = run_sec(db, d, &unit_secs[k], j, 0);
	if (rc == MES_OK)
		rc = run_sec(db, d, &order_head, j, 0);
	if (rc == MES_OK)
		rc = run_sec(db, d, &allergen_sec, j, 1);
	if (rc == MES_OK)
		rc = run_sec(db, d, &tool_sec, j, 1);
	if (rc == MES_OK)
		rc = run_secs(db, d, common_secs, N_ELEM(common_secs), j);
	return rc;
}

static int build(struct mes_db *db, const char *key, struct brec_doc *d)
{
	struct subj j;
	char title[160];
	int rc;

	if ((rc = subject(db, key, &j)) != MES_OK)
		return rc;
	if (j.unit)
		snprintf(title, sizeof title, "unit %s (device history record)",
		         key);
	else if (j.lot && j.wo)
		snprintf(title, sizeof title, "lot %s and the work order that "
		         "made it", key);
	else
		snprintf(title, sizeof title, "%s %s", j.lot ? "lot" :
		         "work order", key);
	brec_init(d, key, title);
	if (j.unit)
		return build_unit(db, d, &j);
	if (j.lot)
		rc = run_sec(db, d, &lot_head, &j, 0);
	if (rc == MES_OK && j.wo)
		rc = run_sec(db, d, &order_head, &j, 0);
	if (rc == MES_OK && j.wo)
		rc = run_sec(db, d, &allergen_sec, &j, 1);
	if (rc == MES_OK && j.wo)
		rc = run_secs(db, d, order_secs, N_ELEM(order_secs), &j);
	if (rc == MES_OK && j.wo)
		rc = run_sec(db, d, &tool_sec, &j, 1);
	if (rc == MES_OK && j.lot)
		rc = run_secs(db, d, lot_secs, N_ELEM(lot_secs), &j);
	if (rc == MES_OK)
		rc = run_secs(db, d, common_secs, N_ELEM(common_secs), &j);
	return rc;
}

int mes_batch_record(struct mes_db *db, const char *key,
                     enum mes_record_format fmt, char **buf, size_t *len,
                     char hash[65])
{
	struct brec_doc d;
	int rc;

	if (!db || !db->h || !key || !*key || !buf || !len || !hash)
		return db_badarg(db, __func__);
	*buf = NULL;
	*len = 0;
	memset(&d, 0, sizeof d);
	if ((rc = perm_check(db, PERM_AUDIT_READ, "record.read")) != MES_OK)
		return rc;
	/* One snapshot: the record is of one moment. */
	if ((rc = mes_db_read_begin(db)) != MES_OK)
		return rc;
	rc = build(db, key, &d);
	mes_db_read_end(db);
	if (rc == MES_OK && (rc = brec_render(&d, fmt, buf, len, hash)) != MES_OK)
		rc = db_fail(db, rc, "out of memory writing the record");
	brec_free(&d);
	return rc;
}
