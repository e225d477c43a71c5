/*
 * The exchange's reports as tables: production per order or per shift,
 * scrap by reason as a Pareto, labor, a lot's genealogy, the Gantt rows
 * downtime by reason for the shift report, the orders most at risk in
 * the newest simulation, and the gauges' calibration.  Each is one statement in
 * one snapshot; ?1 and ?2 are the window, ?3 the key.  Shifts are the
 * work centers' shift calendar read in UTC.
 */
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "prod.h"
#include "exchange.h"
#include "quality/quality_int.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#define MIN_OF_DAY(t) "(CAST(strftime('%H', " t ") AS INTEGER) * 60 + " \
	"CAST(strftime('%M', " t ") AS INTEGER))"

struct kind {
	const char *name, *by, *head;
	unsigned numeric;
	const char *sql;
};

static const struct kind kinds[] = {
	{ "production", "order", "order|item|qty|status|good|scrap|"
	  "good_to_date|progress_pct", 0xf4,
	  "SELECT w.wo_no, i.item_no, printf('%g', w.qty), w.status, "
	  "printf('%g', ifnull((SELECT sum(e.qty_good) FROM op_events e WHERE "
	  "e.wo_op_id = (SELECT id FROM wo_ops WHERE wo_id = w.id ORDER BY seq"
	  " DESC LIMIT 1) AND e.ts >= ?1 AND e.ts < ?2), 0)), printf('%g', "
	  "ifnull((SELECT sum(e.qty_scrap) FROM op_events e JOIN wo_ops o ON "
	  "o.id = e.wo_op_id WHERE o.wo_id = w.id AND e.ts >= ?1 AND e.ts < "
	  "?2), 0)), printf('%g', (SELECT qty_good FROM wo_ops WHERE wo_id = "
	  "w.id ORDER BY seq DESC LIMIT 1)), printf('%.1f', 100.0 * (SELECT "
	  "qty_good FROM wo_ops WHERE wo_id = w.id ORDER BY seq DESC LIMIT 1) "
	  "/ w.qty) FROM work_orders w JOIN items i ON i.id = w.item_id WHERE "
	  "EXISTS (SELECT 1 FROM op_events e JOIN wo_ops o ON o.id = "
	  "e.wo_op_id WHERE o.wo_id = w.id AND e.ts >= ?1 AND e.ts < ?2) "
	  "ORDER BY w.wo_no" },
	{ "production", "shift", "day|shift|wc|good|scrap|reports", 0x38,
	  "SELECT substr(e.ts, 1, 10), ifnull(s.name, ''), c.code, printf("
	  "'%g', sum(e.qty_good)), printf('%g', sum(e.qty_scrap)), count(*) "
	  "FROM op_events e JOIN wo_ops o ON o.id = e.wo_op_id JOIN "
	  "work_centers c ON c.id = o.wc_id LEFT JOIN wc_shifts s ON s.wc_id "
	  "= o.wc_id AND s.weekday = (CAST(strftime('%w', e.ts) AS INTEGER) + "
	  "6) % 7 AND " MIN_OF_DAY("e.ts") " >= s.start_min AND "
	  MIN_OF_DAY("e.ts") " < s.end_min WHERE e.kind = 'report' AND e.ts "
	  ">= ?1 AND e.ts < ?2 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3" },
	{ "scrap", NULL, "reason|description|qty|reports|share_pct|"
	  "cumulative_pct", 0x3c,
	  "WITH s AS (SELECT CASE WHEN e.reason_code = '' THEN '(none)' ELSE "
	  "e.reason_code END AS code, sum(e.qty_scrap) AS q, count(*) AS n "
	  "FROM op_events e WHERE e.qty_scrap > 0 AND e.ts >= ?1 AND e.ts < "
	  "?2 GROUP BY 1) SELECT s.code, ifnull(r.description, ''), printf("
	  "'%g', s.q), s.n, printf('%.1f', 100.0 * s.q / (SELECT sum(q) FROM "
	  "s)), printf('%.1f', 100.0 * sum(s.q) OVER (ORDER BY s.q DESC, "
	  "s.code ROWS UNBOUNDED PRECEDING) / (SELECT sum(q) FROM s)) FROM s "
	  "LEFT JOIN reason_codes r ON r.code = s.code ORDER BY s.q DESC, "
	  "s.code" },
	{ "labor", NULL, "login|name|order|op|wc|spells|hours", 0x68,
	  "SELECT u.login, u.name, w.wo_no, o.seq, c.code, count(*), printf("
	  "'%.2f', sum((julianday(min(ifnull(l.clock_off, " NOW "), ?2)) - "
	  "julianday(max(l.clock_on, ?1))) * 24)) FROM labor l JOIN users u ON"
	  " u.id = l.user_id JOIN wo_ops o ON o.id = l.wo_op_id JOIN "
	  "work_orders w ON w.id = o.wo_id JOIN work_centers c ON c.id = "
	  "o.wc_id WHERE l.clock_on < ?2 AND ifnull(l.clock_off, " NOW ") >= "
	  "?1 GROUP BY u.id, o.id ORDER BY u.login, w.wo_no, o.seq" },
	{ "genealogy", NULL, "direction|depth|lot|item|supplier_lot|order|"
	  "status", 0x2,
	  "WITH RECURSIVE back(id, depth) AS (SELECT id, 0 FROM lots WHERE "
	  "lot_no = ?3 UNION SELECT g.parent_lot_id, b.depth + 1 FROM "
	  "genealogy g JOIN back b ON g.child_lot_id = b.id WHERE b.depth < "
	  "50), fwd(id, depth) AS (SELECT id, 0 FROM lots WHERE lot_no = ?3 "
	  "UNION SELECT g.child_lot_id, f.depth + 1 FROM genealogy g JOIN fwd "
	  "f ON g.parent_lot_id = f.id WHERE f.depth < 50), t AS (SELECT "
	  "'backward' AS dir, id, depth FROM back WHERE depth > 0 UNION ALL "
	  "SELECT 'forward', id, depth FROM fwd WHERE depth > 0) SELECT t.dir,"
	  " t.depth, l.lot_no, i.item_no, l.supplier_lot, ifnull(w.wo_no, ''),"
	  " l.status FROM t JOIN lots l ON l.id = t.id JOIN items i ON i.id = "
	  "l.item_id LEFT JOIN work_orders w ON w.id = l.produced_by ORDER BY "
	  "t.dir, t.depth, l.lot_no" },
	{ "gantt", NULL, "wc|order|op|status|start|end|kind|item", 0x4,
	  "SELECT * FROM (SELECT c.code, w.wo_no, o.seq, o.status, ifnull("
	  "o.actual_start, o.plan_start) AS s, CASE WHEN o.actual_start IS NOT"
	  " NULL THEN ifnull(o.actual_end, " NOW ") ELSE o.plan_end END AS e, "
	  "CASE WHEN o.actual_start IS NOT NULL THEN 'actual' ELSE 'plan' END,"
	  " i.item_no FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id JOIN "
	  "items i ON i.id = w.item_id JOIN work_centers c ON c.id = CASE WHEN "
	  "o.actual_start IS NULL THEN ifnull(o.plan_wc_id, o.wc_id) ELSE "
	  "o.wc_id END) WHERE s IS NOT NULL AND e IS NOT NULL AND e > ?1 AND "
	  "s < ?2 ORDER BY 1, 5" },
	{ "control", NULL, "ts|value|center|lcl|ucl|lsl|usl|inspection",
	  0xfe,
	  "WITH ch AS (SELECT c.* FROM characteristics c JOIN "
	  "inspection_plans p ON p.id = c.plan_id WHERE p.code || '/' || "
	  "c.code = ?3), lim AS (SELECT * FROM spc_limits WHERE char_id = "
	  "(SELECT id FROM ch) ORDER BY id DESC LIMIT 1) SELECT x.ts, printf("
	  "'%g', avg(m.value)), ifnull((SELECT printf('%g', center) FROM lim)"
	  ", ''), ifnull((SELECT printf('%g', lcl) FROM lim), ''), ifnull(("
	  "SELECT printf('%g', ucl) FROM lim), ''), ifnull((SELECT printf("
	  "'%g', lsl) FROM ch), ''), ifnull((SELECT printf('%g', usl) FROM ch)"
	  ", ''), x.id FROM inspections x JOIN measurements m ON "
	  "m.inspection_id = x.id WHERE m.char_id = (SELECT id FROM ch) AND "
	  "m.value IS NOT NULL AND x.ts >= ?1 AND x.ts < ?2 GROUP BY x.id "
	  "ORDER BY x.ts, x.id LIMIT 500" },
	{ "spc-chars", NULL, "char|name|points", 0x4,
	  "SELECT p.code || '/' || c.code, c.name, count(DISTINCT x.id) FROM "
	  "characteristics c JOIN inspection_plans p ON p.id = c.plan_id JOIN "
	  "measurements m ON m.char_id = c.id JOIN inspections x ON x.id = "
	  "m.inspection_id WHERE c.kind = 'variable' AND m.value IS NOT NULL "
	  "AND x.ts >= ?1 AND x.ts < ?2 GROUP BY c.id ORDER BY 3 DESC, 1 "
	  "LIMIT 4" },
	{ "downtime", NULL, "reason|description|minutes|stops|share_pct|"
	  "cumulative_pct", 0x3c,
	  "WITH s AS (SELECT ifnull(d.reason_code, '(not assigned)') AS code, "
	  "sum((julianday(min(ifnull(d.end_ts, " NOW "), ?2)) - julianday("
	  "max(d.start_ts, ?1))) * 1440) AS m, count(*) AS n FROM "
	  "downtime_events d WHERE d.start_ts < ?2 AND ifnull(d.end_ts, " NOW
	  ") >= ?1 GROUP BY 1) SELECT s.code, ifnull(r.description, ''), "
	  "printf('%.1f', s.m), s.n, printf('%.1f', 100.0 * s.m / (SELECT "
	  "sum(m) FROM s)), printf('%.1f', 100.0 * sum(s.m) OVER (ORDER BY "
	  "s.m DESC, s.code ROWS UNBOUNDED PRECEDING) / (SELECT sum(m) FROM "
	  "s)) FROM s LEFT JOIN reason_codes r ON r.code = s.code ORDER BY "
	  "s.m DESC, s.code" },
	/* The newest simulation (mesctl simulate): open orders below a 95%
	 * chance of being on time, the least likely first. */
	{ "risk", NULL, "order|item|due|on_time_pct|p50|p90|simulated", 0x8,
	  "SELECT w.wo_no, i.item_no, w.due_date, printf('%.0f', 100 * "
	  "t.on_time), ifnull(substr(t.p50_ts, 1, 16), 'unfinished'), ifnull("
	  "substr(t.p90_ts, 1, 16), 'unfinished'), substr(s.ts, 1, 16) FROM "
	  "twin_orders t JOIN twin_sims s ON s.id = t.sim_id JOIN work_orders "
	  "w ON w.id = t.wo_id JOIN items i ON i.id = w.item_id WHERE t.sim_id"
	  " = (SELECT max(id) FROM twin_sims) AND w.status IN ('released', "
	  "'running', 'held') AND t.on_time < 0.95 ORDER BY t.on_time, "
	  "w.due_date, w.wo_no LIMIT 50" },
	/* Every gauge with its newest calibration, the overdue first. */
	{ "calibration", NULL, "gauge|description|state|due|calibrated|result|"
	  "certificate|signed_by|interval_days", 0x100,
	  "SELECT g.code, g.description, " GAUGE_STATE_SQL " AS state, "
	  "g.due_date, ifnull(substr(c.ts, 1, 16), ''), ifnull("
	  "c.result, ''), ifnull(c.certificate, ''), ifnull(u.login, ''), "
	  "g.interval_days FROM gauges g LEFT JOIN calibrations c ON c.id = ("
	  "SELECT id FROM calibrations WHERE gauge_id = g.id ORDER BY ts DESC,"
	  " id DESC LIMIT 1) LEFT JOIN users u ON u.id = c.user_id ORDER BY "
	  "state IN ('ok', 'due soon'), g.due_date, g.code" },
	{ "shift-downtime", NULL, "reason|asset|stops|minutes", 0xc,
	  "SELECT ifnull(d.reason_code, '(not assigned)'), a.code, count(*), "
	  "printf('%.1f', sum((julianday(min(ifnull(d.end_ts, " NOW "), ?2)) -"
	  " julianday(max(d.start_ts, ?1))) * 1440)) FROM downtime_events d "
	  "JOIN assets a ON a.id = d.asset_id WHERE d.start_ts < ?2 AND "
	  "ifnull(d.end_ts, " NOW ") >= ?1 GROUP BY 1, 2 ORDER BY 4 DESC" },
};

void mes_table_free(struct mes_table *t)
{
	int k;

	for (k = 0; k < t->ncols; k++)
		free(t->cols[k]);
	for (k = 0; k < t->nrows * t->ncols; k++)
		free(t->cells[k]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

static const struct kind *find(const char *kind, const char *by)
{
	size_t k;

	for (k = 0; k < N_ELEM(kinds); k++)
		if (!strcmp(kinds[k].name, kind) && (!kinds[k].by || !by ||
		    !strcmp(kinds[k].by, by)))
			return &kinds[k];
	return NULL;
}

static int head(struct mes_table *t, const struct kind *k)
{
	char buf[256], *p, *save = NULL;

	snprintf(buf, sizeof buf, "%s", k->head);
	for (p = strtok_r(buf, "|", &save); p && t->ncols < MES_TABLE_COLS;
	     p = strtok_r(NULL, "|", &save))
		if (!(t->cols[t->ncols++] = strdup(p)))
			return MES_ERR_NOMEM;
	t->numeric = k->numeric;
	return MES_OK;
}

static int add_row(struct mes_table *t, sqlite3_stmt *st)
{
	int c;

	if (t->nrows == t->cap) {
		int cap = t->cap ? t->cap * 2 : 64;
		char **p = realloc(t->cells, (size_t)cap * (size_t)t->ncols *
		                   sizeof *p);

		if (!p)
			return MES_ERR_NOMEM;
		t->cells = p;
		t->cap = cap;
	}
	for (c = 0; c < t->ncols; c++)
		if (!(t->cells[t->nrows * t->ncols + c] =
		      strdup(col_text(st, c)))) {
			while (c-- > 0)
				free(t->cells[t->nrows * t->ncols + c]);
			return MES_ERR_NOMEM;
		}
	t->nrows++;
	return MES_OK;
}

static int check(struct mes_db *db, const struct kind *k,
                 const struct mes_report_opts *o)
{
	if (!k)
		return db_fail(db, MES_ERR_ARG, "no such report: production "
		               "[--by order|shift], scrap, labor, genealogy LOT, "
		               "gantt, risk, calibration");
	if (!strcmp(k->name, "genealogy") && (!o->key || db_lookup_id(db,
	    "SELECT id FROM lots WHERE lot_no = ?", o->key) <= 0))
		return db_fail(db, MES_ERR_NOTFOUND, "no lot \"%s\": give a "
		               "lot number", o->key ? o->key : "");
	if (!strcmp(k->name, "control") && (!o->key || db_lookup_id(db,
	    "SELECT c.id FROM characteristics c JOIN inspection_plans p ON "
	    "p.id = c.plan_id WHERE p.code || '/' || c.code = ?", o->key) <= 0))
		return db_fail(db, MES_ERR_NOTFOUND, "no characteristic \"%s\":"
		               " give PLAN/CHARACTERISTIC codes",
		               o->key ? o->key : "");
	return MES_OK;
}

int mes_report(struct mes_db *db, const char *kind,
               const struct mes_report_opts *o, struct mes_table *t)
{
	static const struct mes_report_opts none;
	const struct kind *k;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !kind || !t)
		return db_badarg(db, __func__);
	memset(t, 0, sizeof *t);
	if (!o)
		o = &none;
	k = find(kind, o->by);
	if ((rc = perm_check(db, PERM_NONE, "report")) != MES_OK ||
	    (rc = check(db, k, o)) != MES_OK)
		return rc;
	if ((rc = head(t, k)) != MES_OK || !(st = db_stmt(db, k->sql))) {
		mes_table_free(t);
		return rc ? db_fail(db, rc, "out of memory") : MES_ERR_DB;
	}
	sqlite3_bind_text(st, 1, o->from ? o->from : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, o->to && *o->to ? o->to : "9999", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->key ? o->key : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (add_row(t, st) != MES_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		mes_table_free(t);
		return db_sqlfail(db, rc, "the report");
	}
	return MES_OK;
}
