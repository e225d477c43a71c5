/*
 * Tools (dies, molds, fixtures, cutters): their types, mounting on a
 * work center, refurbishment and scrap, and what the lists show.  How a
 * tool ages and what it stops is in tool_life.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "machine_int.h"
#include "tool_int.h"

static const char wc_sql[] = "SELECT id FROM work_centers WHERE code = ?";

/* Hours mounted in this life, the present mount included. */
#define TOOL_HOURS "t.hours + ifnull((julianday('now') - " \
	"julianday(t.mounted_ts)) * 24, 0)"

static int no_tool(struct mes_db *db, int rc, const char *code)
{
	return rc == SQLITE_DONE ? db_fail(db, MES_ERR_NOTFOUND, "no tool %s: "
	       "mesctl tool list names them", code) :
	       db_sqlfail(db, rc, "reading the tool");
}

int tool_load(struct mes_db *db, const char *code, struct tool_row *t)
{
	static const char sql[] = "SELECT t.id, t.type_id, ifnull(t.wc_id, 0),"
		" t.version, t.code, y.code, t.state, ifnull(c.code, ''), "
		"t.cycles, t.limit_cycles, " TOOL_HOURS ", ifnull(y.life_hours, "
		"0), y.warn_pct, y.per_cycle, t.life_no, t.warned FROM tools t "
		"JOIN tool_types y ON y.id = t.type_id LEFT JOIN work_centers c "
		"ON c.id = t.wc_id WHERE t.code = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(t, 0, sizeof *t);
		t->id = sqlite3_column_int64(st, 0);
		t->type_id = sqlite3_column_int64(st, 1);
		t->wc_id = sqlite3_column_int64(st, 2);
		t->version = sqlite3_column_int64(st, 3);
		str_copy(t->code, sizeof t->code, col_text(st, 4));
		str_copy(t->type, sizeof t->type, col_text(st, 5));
		str_copy(t->state, sizeof t->state, col_text(st, 6));
		str_copy(t->wc, sizeof t->wc, col_text(st, 7));
		t->cycles = sqlite3_column_double(st, 8);
		t->limit = sqlite3_column_double(st, 9);
		t->hours = sqlite3_column_double(st, 10);
		t->life_hours = sqlite3_column_double(st, 11);
		t->warn_pct = sqlite3_column_double(st, 12);
		t->per_cycle = sqlite3_column_double(st, 13);
		t->life_no = sqlite3_column_int(st, 14);
		t->warned = sqlite3_column_int(st, 15);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MES_OK : no_tool(db, rc, code);
}

/* The one rule of a spent tool: its cycles, or its hours when it has a
 * life in hours. */
static int life_spent(double cycles, double limit, double hours,
                      double life_hours)
{
	return cycles >= limit || (life_hours > 0 && hours >= life_hours);
}

int tool_spent(const struct tool_row *t)
{
	return life_spent(t->cycles, t->limit, t->hours, t->life_hours);
}

void tool_spent_text(const struct tool_row *t, char *out, size_t n)
{
	if (t->cycles >= t->limit || !(t->life_hours > 0))
		snprintf(out, n, "%.0f of %.0f cycles", t->cycles, t->limit);
	else
		snprintf(out, n, "%.1f of %.1f h mounted", t->hours,
		         t->life_hours);
}

static int valid_code(struct mes_db *db, const char *code, const char *what)
{
	if (!code || !*code || strlen(code) > 32 || strpbrk(code, " \t\r\n"))
		return db_fail(db, MES_ERR_ARG, "a %s's code is 1 to 32 "
		               "characters without spaces (its barcode)", what);
	return MES_OK;
}

static int bad_number(double v, double min)
{
	return !isfinite(v) || v < min || v > 1e12;
}

int mes_tool_type_add(struct mes_db *db, const struct mes_tool_type *t)
{
	static const char sql[] = "INSERT INTO tool_types (code, description, "
		"life_cycles, life_hours, warn_pct, per_cycle, refurb_cycles, "
		"created) VALUES (?, ?, ?, nullif(?, 0), ?, ?, nullif(?, 0), ?)";
	struct mes_json j;
	sqlite3_stmt *st;
	int rc, warn;

	if (!db || !db->h || !t)
		return db_badarg(db, __func__);
	if ((rc = valid_code(db, t->code, "tool type")) != MES_OK)
		return rc;
	warn = t->warn_pct ? t->warn_pct : 90;
	if (bad_number(t->life_cycles, 1) || bad_number(t->life_hours, 0) ||
	    bad_number(t->per_cycle, 0) || bad_number(t->refurb_cycles, 0) ||
	    warn < 1 || warn > 100)
		return db_fail(db, MES_ERR_RANGE, "a tool type lives 1 cycle or "
		               "more, warns at 1 to 100%% of it, and its hours, "
		               "units per cycle and refurbishment are not "
		               "negative");
	if ((rc = tx_begin(db, PERM_MAINT, "tool.type.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, t->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->description ? t->description : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_double(st, 3, t->life_cycles);
	sqlite3_bind_double(st, 4, t->life_hours);
	sqlite3_bind_int(st, 5, warn);
	sqlite3_bind_double(st, 6, t->per_cycle > 0 ? t->per_cycle : 1);
	sqlite3_bind_double(st, 7, t->refurb_cycles);
	bind_now(st, 8);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "tool type %s "
		              "exists", t->code));
	if (rc != SQLITE_DONE)
		return tx_end(db, db_sqlfail(db, rc, "adding the tool type"));
	mes_json_init(&j);
	mes_json_num(&j, "life_cycles", t->life_cycles);
	mes_json_num(&j, "life_hours", t->life_hours);
	mes_json_int(&j, "warn_pct", warn);
	mes_json_num(&j, "per_cycle", t->per_cycle > 0 ? t->per_cycle : 1);
	mes_json_num(&j, "refurb_cycles", t->refurb_cycles);
	rc = audit_append(db, "tool.type.add", "tool_types", t->code, "",
	                  mes_json_done(&j), t->description);
	mes_json_free(&j);
	return tx_end(db, rc);
}

int mes_tool_add(struct mes_db *db, const char *code, const char *type)
{
	static const char sql[] = "INSERT INTO tools (code, type_id, "
		"limit_cycles, created) SELECT ?, id, life_cycles, ? FROM "
		"tool_types WHERE code = ?";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !type)
		return db_badarg(db, __func__);
	if ((rc = valid_code(db, code, "tool")) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_MAINT, "tool.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	bind_now(st, 2);
	sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "tool %s exists",
		                          code));
	if (rc != SQLITE_DONE)
		return tx_end(db, db_sqlfail(db, rc, "adding the tool"));
	if (sqlite3_changes(db->h) == 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no tool type "
		              "%s: mesctl tool type-add makes one", type));
	return tx_end(db, audit_append(db, "tool.add", "tools", code, "",
	                               type, ""));
}

/* Opens the change and loads the tool in it. */
static int tool_begin(struct mes_db *db, enum mes_perm perm,
                      const char *action, const char *code,
                      struct tool_row *t)
{
	int rc;

	if (!db || !db->h || !code)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, perm, action)) != MES_OK)
		return rc;
	if ((rc = tool_load(db, code, t)) != MES_OK)
		return tx_end(db, rc);
	return MES_OK;
}

/* The tool's new state (and work center, hours, life) with its record. */
static int tool_set(struct mes_db *db, const struct tool_row *was,
                    sqlite3_stmt *st, const char *action, const char *state,
                    const char *note)
{
	struct mes_json o, n;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, was->id);
	if ((rc = step_done(db, st, "changing the tool")) != MES_OK)
		return rc;
	mes_json_init(&o);
	mes_json_str(&o, "state", was->state);
	if (was->wc[0])
		mes_json_str(&o, "work_center", was->wc);
	mes_json_int(&o, "life", was->life_no);
	mes_json_num(&o, "cycles", was->cycles);
	mes_json_init(&n);
	mes_json_str(&n, "state", state);
	if (!strcmp(state, "mounted"))
		mes_json_str(&n, "work_center", note);
	rc = audit_append(db, action, "tools", was->code, mes_json_done(&o),
	                  mes_json_done(&n), note ? note : "");
	mes_json_free(&o);
	mes_json_free(&n);
	return rc;
}

static int must_be(struct mes_db *db, const struct tool_row *t,
                   const char *state, const char *doing)
{
	if (!strcmp(t->state, state))
		return MES_OK;
	if (!strcmp(t->state, "mounted"))
		return db_fail(db, MES_ERR_STATE, "tool %s is mounted on %s: "
		               "unmount it before %s", t->code, t->wc, doing);
	if (!strcmp(t->state, "scrapped"))
		return db_fail(db, MES_ERR_STATE, "tool %s is scrapped", t->code);
	if (!strcmp(t->state, "refurbishing"))
		return db_fail(db, MES_ERR_STATE, "tool %s is away in "
		               "refurbishment: book it back first (mesctl tool "
		               "refurbished)", t->code);
	return db_fail(db, MES_ERR_STATE, "tool %s is %s, not %s", t->code,
	               t->state, state);
}

/* Another tool of t's type on the work center, into other; 0 none. */
static int type_mounted(struct mes_db *db, const struct tool_row *t,
                        long long wc, char other[33])
{
	static const char sql[] = "SELECT code FROM tools WHERE wc_id = ? AND "
		"type_id = ? AND id != ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int found;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, wc);
	sqlite3_bind_int64(st, 2, t->type_id);
	sqlite3_bind_int64(st, 3, t->id);
	if ((found = sqlite3_step(st) == SQLITE_ROW))
		str_copy(other, 33, col_text(st, 0));
	sqlite3_reset(st);
	return found;
}

int mes_tool_mount(struct mes_db *db, const char *tool, const char *wc)
{
	static const char sql[] = "UPDATE tools SET state = 'mounted', wc_id ="
		" ?2, mounted_ts = ?3, version = version + 1 WHERE id = ?1";
	struct tool_row t;
	char other[33], used[64];
	sqlite3_stmt *st;
	long long wc_id;
	int rc;

	if (!wc)
		return db_badarg(db, __func__);
	if ((rc = tool_begin(db, PERM_TOOLS, "tool.mount", tool, &t)) !=
	    MES_OK)
		return rc;
	if ((rc = must_be(db, &t, "available", "mounting it again")) != MES_OK)
		return tx_end(db, rc);
	if (tool_spent(&t)) {
		tool_spent_text(&t, used, sizeof used);
		return tx_end(db, db_fail(db, MES_ERR_STATE, "tool %s has no life"
		              " left (%s): send it to refurbishment or scrap it",
		              t.code, used));
	}
	if ((wc_id = db_lookup_id(db, wc_sql, wc)) <= 0)
		return tx_end(db, wc_id < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "no work center %s", wc));
	if ((rc = type_mounted(db, &t, wc_id, other)) != 0)
		return tx_end(db, rc < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_STATE, "%s has tool %s (%s) mounted: "
		              "unmount it first", wc, other, t.type));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 2, wc_id);
	bind_now(st, 3);
	return tx_end(db, tool_set(db, &t, st, "tool.mount", "mounted", wc));
}

int mes_tool_unmount(struct mes_db *db, const char *tool)
{
	static const char sql[] = "UPDATE tools SET state = 'available', "
		"hours = hours + ifnull((julianday('now') - julianday(mounted_ts))"
		" * 24, 0), wc_id = NULL, mounted_ts = NULL, version = version + "
		"1 WHERE id = ?1";
	struct tool_row t;
	char wo[33];
	int rc, seq;

	if ((rc = tool_begin(db, PERM_TOOLS, "tool.unmount", tool, &t)) !=
	    MES_OK)
		return rc;
	if (strcmp(t.state, "mounted") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "tool %s is %s, not "
		              "mounted", t.code, t.state));
	if ((rc = tool_needed_by(db, &t, wo, &seq)) != 0)
		return tx_end(db, rc < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_STATE, "%s/%d is running on %s with tool "
		              "%s: pause it first", wo, seq, t.wc, t.code));
	return tx_end(db, tool_set(db, &t, db_stmt(db, sql), "tool.unmount",
	                           "available", t.wc));
}

int mes_tool_refurbish(struct mes_db *db, const char *tool)
{
	static const char sql[] = "UPDATE tools SET state = 'refurbishing', "
		"version = version + 1 WHERE id = ?1";
	struct tool_row t;
	int rc;

	if ((rc = tool_begin(db, PERM_MAINT, "tool.refurbish", tool, &t)) !=
	    MES_OK)
		return rc;
	if ((rc = must_be(db, &t, "available", "refurbishing it")) != MES_OK)
		return tx_end(db, rc);
	return tx_end(db, tool_set(db, &t, db_stmt(db, sql), "tool.refurbish",
	                           "refurbishing", ""));
}

int mes_tool_refurbished(struct mes_db *db, const char *tool,
                         const char *note)
{
	/* refurb_cycles NULL: the whole life again; else more of this one. */
	static const char sql[] = "UPDATE tools SET state = 'available', "
		"life_no = life_no + 1, limit_cycles = CASE WHEN y.refurb_cycles "
		"IS NULL THEN y.life_cycles ELSE tools.limit_cycles - tools.cycles"
		" + y.refurb_cycles END, cycles = 0, hours = 0, warned = 0, "
		"version = version + 1 FROM tool_types y WHERE y.id = "
		"tools.type_id AND tools.id = ?1";
	struct tool_row t;
	int rc;

	if ((rc = tool_begin(db, PERM_MAINT, "tool.refurbished", tool, &t)) !=
	    MES_OK)
		return rc;
	if (strcmp(t.state, "refurbishing") != 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "tool %s is %s, not "
		              "away in refurbishment", t.code, t.state));
	return tx_end(db, tool_set(db, &t, db_stmt(db, sql), "tool.refurbished",
	                           "available", note));
}

int mes_tool_scrap(struct mes_db *db, const char *tool, const char *reason)
{
	static const char sql[] = "UPDATE tools SET state = 'scrapped', "
		"version = version + 1 WHERE id = ?1";
	struct tool_row t;
	int rc;

	if (!reason || !*reason)
		return db_fail(db, MES_ERR_ARG, "say why the tool is scrapped");
	if ((rc = tool_begin(db, PERM_MAINT, "tool.scrap", tool, &t)) !=
	    MES_OK)
		return rc;
	if (!strcmp(t.state, "mounted") || !strcmp(t.state, "scrapped"))
		return tx_end(db, must_be(db, &t, "available", "scrapping it"));
	return tx_end(db, tool_set(db, &t, db_stmt(db, sql), "tool.scrap",
	                           "scrapped", reason));
}

#define TOOL_COLS "t.code, y.code, t.state, ifnull(c.code, ''), ifnull(" \
	"t.mounted_ts, ''), t.life_no, y.warn_pct, t.cycles, t.limit_cycles, " \
	"t.total_cycles, " TOOL_HOURS ", ifnull(y.life_hours, 0) FROM tools t " \
	"JOIN tool_types y ON y.id = t.type_id LEFT JOIN work_centers c ON " \
	"c.id = t.wc_id"

static void fill_tool(sqlite3_stmt *st, struct mes_tool *t)
{
	memset(t, 0, sizeof *t);
	str_copy(t->code, sizeof t->code, col_text(st, 0));
	str_copy(t->type, sizeof t->type, col_text(st, 1));
	str_copy(t->state, sizeof t->state, col_text(st, 2));
	str_copy(t->wc, sizeof t->wc, col_text(st, 3));
	str_copy(t->mounted_ts, sizeof t->mounted_ts, col_text(st, 4));
	t->life_no = sqlite3_column_int(st, 5);
	t->warn_pct = sqlite3_column_int(st, 6);
	t->cycles = sqlite3_column_double(st, 7);
	t->limit = sqlite3_column_double(st, 8);
	t->total_cycles = sqlite3_column_double(st, 9);
	t->hours = sqlite3_column_double(st, 10);
	t->life_hours = sqlite3_column_double(st, 11);
	t->warned = t->cycles >= t->limit * t->warn_pct / 100;
	t->spent = life_spent(t->cycles, t->limit, t->hours, t->life_hours);
}

int mes_tool_each(struct mes_db *db, int all, mes_tool_fn fn, void *ctx)
{
	static const char sql[] = "SELECT " TOOL_COLS " WHERE ?1 OR t.state "
		"!= 'scrapped' ORDER BY t.state = 'scrapped', t.cycles / "
		"t.limit_cycles DESC, t.code";
	struct mes_tool t;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_int(st, 1, all != 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_tool(st, &t);
		if (fn(&t, ctx))
			break;
	}
	return step_end(db, st, rc, "listing the tools");
}

int mes_tool_get(struct mes_db *db, const char *code, struct mes_tool *t)
{
	static const char sql[] = "SELECT " TOOL_COLS " WHERE t.code = ?";
	sqlite3_stmt *st;
	int rc;

	if (!t || !code)
		return db_badarg(db, __func__);
	if ((rc = db_list_begin(db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fill_tool(st, t);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MES_OK : no_tool(db, rc, code);
}

int mes_tool_uses(struct mes_db *db, const char *tool, const char *wo_no,
                  mes_tool_use_fn fn, void *ctx)
{
	static const char sql[] = "SELECT t.code, y.code, w.wo_no, o.seq, "
		"u.life_no, u.from_cycles, u.to_cycles, u.first_ts, u.last_ts "
		"FROM tool_uses u JOIN tools t ON t.id = u.tool_id JOIN "
		"tool_types y ON y.id = t.type_id JOIN wo_ops o ON o.id = "
		"u.wo_op_id JOIN work_orders w ON w.id = o.wo_id WHERE (?1 IS "
		"NULL OR t.code = ?1) AND (?2 IS NULL OR w.wo_no = ?2) ORDER BY "
		"u.first_ts, u.id";
	struct mes_tool_use u;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_text(st, 1, tool, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, wo_no, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&u, 0, sizeof u);
		str_copy(u.tool, sizeof u.tool, col_text(st, 0));
		str_copy(u.type, sizeof u.type, col_text(st, 1));
		str_copy(u.wo_no, sizeof u.wo_no, col_text(st, 2));
		u.seq = sqlite3_column_int(st, 3);
		u.life_no = sqlite3_column_int(st, 4);
		u.from_cycles = sqlite3_column_double(st, 5);
		u.to_cycles = sqlite3_column_double(st, 6);
		str_copy(u.first_ts, sizeof u.first_ts, col_text(st, 7));
		str_copy(u.last_ts, sizeof u.last_ts, col_text(st, 8));
		if (fn(&u, ctx))
			break;
	}
	return step_end(db, st, rc, "listing the tool's uses");
}
