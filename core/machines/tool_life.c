/*
 * How a tool ages and what it stops: the start and resume rule of an
 * operation that needs a tool, the cycles a count uses up, the warning
 * that asks maintenance for a replacement, and the pause at the limit.
 */
#include <stdio.h>
#include <string.h>
#include "machine_int.h"
#include "tool_int.h"

#define TOOLS_PER_WC 16       /* a press with a die, a fixture, a gauge... */

int tool_check(struct mes_db *db, const struct op_row *op)
{
	static const char need[] = "SELECT y.id, y.code FROM routing_ops r "
		"JOIN tool_types y ON y.id = r.tool_type_id WHERE r.id = ?";
	static const char on[] = "SELECT code FROM tools WHERE wc_id = ? AND "
		"type_id = ?";
	char type[33] = "", code[33] = "", used[64];
	struct tool_row t;
	sqlite3_stmt *st;
	long long type_id = 0;
	int rc;

	if (!op->routing_op_id)
		return MES_OK;
	if (!(st = db_stmt(db, need)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->routing_op_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		type_id = sqlite3_column_int64(st, 0);
		str_copy(type, sizeof type, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!type_id)
		return MES_OK;
	if (!(st = db_stmt(db, on)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->wc_id);
	sqlite3_bind_int64(st, 2, type_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(code, sizeof code, col_text(st, 0));
	sqlite3_reset(st);
	if (!code[0])
		return db_fail(db, MES_ERR_STATE, "%s needs a %s tool mounted on "
		               "%s: mount one (scan the tool, then the work "
		               "center)", op->key, type, op->wc);
	if ((rc = tool_load(db, code, &t)) != MES_OK)
		return rc;
	if (!tool_spent(&t))
		return MES_OK;
	tool_spent_text(&t, used, sizeof used);
	return db_fail(db, MES_ERR_STATE, "tool %s on %s has reached its life "
	               "limit (%s): unmount it and mount another %s tool, or "
	               "send it to refurbishment", t.code, op->wc, used, type);
}

/* The operation running on the work center (as the counts are booked). */
static long long running_on(struct mes_db *db, long long wc_id)
{
	static const char sql[] = "SELECT id FROM wo_ops WHERE wc_id = ? AND "
		"status = 'running' ORDER BY actual_start DESC, id DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, wc_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

static int note_use(struct mes_db *db, const struct tool_row *t,
                    long long op_id, double before, double after,
                    const char *ts)
{
	static const char sql[] = "INSERT INTO tool_uses (tool_id, wo_op_id, "
		"life_no, from_cycles, to_cycles, first_ts, last_ts) VALUES (?1, "
		"?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (wo_op_id, tool_id, life_no) "
		"DO UPDATE SET to_cycles = excluded.to_cycles, last_ts = "
		"excluded.last_ts";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_int64(st, 2, op_id);
	sqlite3_bind_int(st, 3, t->life_no);
	sqlite3_bind_double(st, 4, before);
	sqlite3_bind_double(st, 5, after);
	sqlite3_bind_text(st, 6, ts, -1, SQLITE_STATIC);
	return step_done(db, st, "noting the tool's use");
}

/* The warning: a request to maintenance on the work center's machine
 * (the first asset of the work center; none, and the record says so). */
static int warn(struct mes_db *db, const struct tool_row *t, double after)
{
	static const char flag[] = "UPDATE tools SET warned = 1 WHERE id = ?";
	static const char asset[] = "SELECT id FROM assets WHERE wc_id = ? "
		"ORDER BY id LIMIT 1";
	char why[256];
	sqlite3_stmt *st;
	long long asset_id = 0, req = 0;
	int rc;

	if (!(st = db_stmt(db, flag)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, t->id);
	if ((rc = step_done(db, st, "marking the warning")) != MES_OK)
		return rc;
	snprintf(why, sizeof why, "Tool %s (%s) on %s has used %.0f of %.0f "
	         "cycles (%.0f%%): replace it or send it to refurbishment",
	         t->code, t->type, t->wc, after, t->limit,
	         100 * after / t->limit);
	if (!(st = db_stmt(db, asset)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, t->wc_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		asset_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (asset_id && (rc = maint_request_tx(db, asset_id, why, &req)) !=
	    MES_OK)
		return rc;
	return audit_append(db, "tool.warn", "tools", t->code, "", req ?
	                    "{\"request\":\"raised\"}" :
	                    "{\"request\":\"no asset on the work center\"}",
	                    why);
}

int tool_needed_by(struct mes_db *db, const struct tool_row *t,
                   char wo[33], int *seq)
{
	static const char sql[] = "SELECT w.wo_no, o.seq FROM wo_ops o JOIN "
		"work_orders w ON w.id = o.wo_id JOIN routing_ops r ON r.id = "
		"o.routing_op_id WHERE o.wc_id = ? AND o.status = 'running' AND "
		"r.tool_type_id = ? LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int found;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, t->wc_id);
	sqlite3_bind_int64(st, 2, t->type_id);
	if ((found = sqlite3_step(st) == SQLITE_ROW)) {
		str_copy(wo, 33, col_text(st, 0));
		*seq = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return found;
}

/* At the limit: the operation that needs the tool does not go on. */
static int at_limit(struct mes_db *db, const struct tool_row *t,
                    double after)
{
	char note[160], wo[33];
	struct op_row op;
	int seq, rc;

	snprintf(note, sizeof note, "tool %s reached its life limit (%.0f of "
	         "%.0f cycles)", t->code, after, t->limit);
	if ((rc = audit_append(db, "tool.limit", "tools", t->code, "", "",
	                       note)) != MES_OK)
		return rc;
	if ((rc = tool_needed_by(db, t, wo, &seq)) <= 0)
		return rc < 0 ? MES_ERR_DB : MES_OK;
	if ((rc = op_load(db, wo, seq, &op)) != MES_OK)
		return rc;
	return op_pause_tx(db, &op, "", note);
}

/* One tool's share of a count: n cycles more, noted for op_id. */
static int age(struct mes_db *db, const struct tool_row *t, double n,
               long long op_id, const char *ts)
{
	static const char sql[] = "UPDATE tools SET cycles = cycles + ?1, "
		"total_cycles = total_cycles + ?1, version = version + 1 WHERE "
		"id = ?2";
	double before = t->cycles, after = t->cycles + n;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_double(st, 1, n);
	sqlite3_bind_int64(st, 2, t->id);
	if ((rc = step_done(db, st, "counting the tool's cycles")) != MES_OK)
		return rc;
	if (op_id > 0 && (rc = note_use(db, t, op_id, before, after, ts)) !=
	    MES_OK)
		return rc;
	if (!t->warned && after >= t->limit * t->warn_pct / 100 &&
	    (rc = warn(db, t, after)) != MES_OK)
		return rc;
	if (before < t->limit && after >= t->limit)
		return at_limit(db, t, after);
	return MES_OK;
}

/* qty at a work center: cycles as they are, or units (per_cycle each). */
static int advance(struct mes_db *db, long long wc_id, double qty,
                   int units, long long op_id, const char *ts)
{
	static const char sql[] = "SELECT code FROM tools WHERE wc_id = ? "
		"ORDER BY id";
	char codes[TOOLS_PER_WC][33];
	struct tool_row t;
	sqlite3_stmt *st = db_stmt(db, sql);
	int n = 0, k, rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc_id);
	while (n < TOOLS_PER_WC && (rc = sqlite3_step(st)) == SQLITE_ROW)
		str_copy(codes[n++], 33, col_text(st, 0));
	sqlite3_reset(st);
	for (k = 0, rc = MES_OK; k < n && rc == MES_OK; k++)
		if ((rc = tool_load(db, codes[k], &t)) == MES_OK)
			rc = age(db, &t, units ? qty / t.per_cycle : qty, op_id,
			         ts);
	return rc;
}

int tool_cycles_tx(struct mes_db *db, long long wc_id, double n,
                   const char *ts)
{
	long long op;

	if (!wc_id || !(n > 0))
		return MES_OK;
	if ((op = running_on(db, wc_id)) < 0)
		return MES_ERR_DB;
	return advance(db, wc_id, n, 0, op, ts);
}

int tool_report_tx(struct mes_db *db, const struct op_row *op, double qty)
{
	static const char plc[] = "SELECT 1 FROM plcs p JOIN assets a ON a.id "
		"= p.asset_id WHERE a.wc_id = ?";
	sqlite3_stmt *st;
	char ts[32];
	int counted;

	if (!(qty > 0))
		return MES_OK;
	if (!(st = db_stmt(db, plc)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->wc_id);
	counted = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	/* The machine's own cycle count is the truth where there is one. */
	if (counted)
		return MES_OK;
	return advance(db, op->wc_id, qty, 1, op->id, mach_ts(NULL, ts));
}
