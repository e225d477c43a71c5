/*
 * The asset tree and an asset's live state.  A state change keeps the
 * spells OEE reads (asset_states) and opens or closes the downtime event
 * of a breakdown.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "machine_int.h"

const char *mach_ts(const char *ts, char out[32])
{
	if (ts && *ts)
		str_copy(out, 32, ts);
	else
		mes_now_iso(out);
	return out;
}

double mach_iso_secs(const char *ts)
{
	struct tm tm;
	const char *end;
	double frac = 0;

	if (!ts || !*ts)
		return -1;
	memset(&tm, 0, sizeof tm);
	end = strptime(ts, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end) {
		memset(&tm, 0, sizeof tm);
		if (!(end = strptime(ts, "%Y-%m-%d", &tm)))
			return -1;
	}
	if (*end == '.') {
		double scale = 0.1;

		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			frac += (*end - '0') * scale;
	}
	return (double)timegm(&tm) + frac;
}

void mach_secs_iso(double secs, char out[32])
{
	time_t t = (time_t)floor(secs);
	int ms = (int)((secs - (double)t) * 1000 + 0.5);
	struct tm tm;
	char buf[24];

	if (ms < 0)
		ms = 0;
	if (ms >= 1000) {
		t++;
		ms -= 1000;
	}
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.19s.%03dZ", buf, ms % 1000);
}

static int asset_read(struct mes_db *db, sqlite3_stmt *st, struct asset_row *a,
                      const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		a->id = sqlite3_column_int64(st, 0);
		a->wc_id = sqlite3_column_int64(st, 1);
		str_copy(a->code, sizeof a->code, col_text(st, 2));
		str_copy(a->state, sizeof a->state, col_text(st, 3));
		str_copy(a->reason, sizeof a->reason, col_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc == SQLITE_DONE)
		return db_fail(db, MES_ERR_NOTFOUND, "no asset %s: see the "
		               "asset tree (mesctl asset list)", what);
	return db_sqlfail(db, rc, "reading the asset");
}

int asset_load(struct mes_db *db, const char *code, struct asset_row *a)
{
	static const char sql[] = "SELECT id, ifnull(wc_id, 0), code, state,"
		" state_reason FROM assets WHERE code = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, code ? code : "", -1, SQLITE_STATIC);
	return asset_read(db, st, a, code ? code : "(none)");
}

int asset_load_id(struct mes_db *db, long long id, struct asset_row *a)
{
	static const char sql[] = "SELECT id, ifnull(wc_id, 0), code, state,"
		" state_reason FROM assets WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	char what[32];

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	snprintf(what, sizeof what, "#%lld", id);
	return asset_read(db, st, a, what);
}

static const char *const kinds[] = { "site", "line", "machine", "component",
	NULL };

static int kind_index(const char *k)
{
	int i;

	for (i = 0; k && kinds[i]; i++)
		if (!strcmp(k, kinds[i]))
			return i;
	return -1;
}

/* A component sits under a machine; a machine under a line or a site. */
static int check_parent(struct mes_db *db, int kind, const char *parent,
                        long long *pid)
{
	static const char sql[] = "SELECT id, kind FROM assets WHERE code = ?";
	sqlite3_stmt *st;
	int pk = -1, rc;

	*pid = 0;
	if (!parent || !*parent) {
		if (kind == 0)
			return MES_OK;
		return db_fail(db, MES_ERR_ARG, "a %s needs a parent asset "
		               "(a site has none)", kinds[kind]);
	}
	if (kind == 0)
		return db_fail(db, MES_ERR_ARG, "a site is the top of the tree:"
		               " give it no parent");
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, parent, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*pid = sqlite3_column_int64(st, 0);
		pk = kind_index(col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, MES_ERR_NOTFOUND, "no parent asset %s",
		               parent);
	if (pk >= kind || (kind == 3 && pk != 2) || (kind == 1 && pk != 0))
		return db_fail(db, MES_ERR_ARG, "a %s cannot sit under a %s: "
		               "site > line > machine > component", kinds[kind],
		               kinds[pk]);
	return MES_OK;
}

int mes_asset_add(struct mes_db *db, const char *code, const char *name,
                  const char *kind, const char *parent_code,
                  const char *wc_code)
{
	static const char ins[] = "INSERT INTO assets (code, name, kind, "
		"parent_id, wc_id, state_ts) VALUES (?, ?, ?, nullif(?, 0), "
		"nullif(?, 0), ?)";
	static const char wc_sql[] = "SELECT id FROM work_centers WHERE code=?";
	long long pid = 0, wc = 0;
	struct mes_json j;
	sqlite3_stmt *st;
	int k = kind_index(kind ? kind : "machine"), rc;

	if (!db || !code || !*code || strlen(code) > 32 || !name || !*name)
		return db ? db_fail(db, MES_ERR_ARG, "an asset needs a code (up"
		                    " to 32 characters) and a name") : MES_ERR_ARG;
	if (k < 0)
		return db_fail(db, MES_ERR_ARG, "asset kind \"%s\": expected "
		               "site, line, machine or component", kind);
	if ((rc = tx_begin(db, PERM_MAINT, "asset.add")) != MES_OK)
		return rc;
	if ((rc = check_parent(db, k, parent_code, &pid)) != MES_OK)
		return tx_end(db, rc);
	if (wc_code && *wc_code && (wc = db_lookup_id(db, wc_sql, wc_code)) <= 0)
		return tx_end(db, wc < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "no work center %s", wc_code));
	if (db_lookup_id(db, "SELECT id FROM assets WHERE code = ?", code))
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "asset %s exists "
		              "already", code));
	if (!(st = db_stmt(db, ins)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kinds[k], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, pid);
	sqlite3_bind_int64(st, 5, wc);
	bind_now(st, 6);
	if ((rc = step_done(db, st, "adding the asset")) != MES_OK)
		return tx_end(db, rc);
	mes_json_init(&j);
	mes_json_str(&j, "name", name);
	mes_json_str(&j, "kind", kinds[k]);
	mes_json_str(&j, "parent", parent_code ? parent_code : "");
	mes_json_str(&j, "wc", wc_code ? wc_code : "");
	rc = audit_append(db, "asset.add", "assets", code, "",
	                  mes_json_done(&j), "");
	mes_json_free(&j);
	return tx_end(db, rc);
}

#define ASSET_COLS "a.id, ifnull(a.parent_id, 0), a.code, a.name, a.kind, " \
	"ifnull(w.code, ''), a.state, a.state_reason, ifnull(a.state_ts, ''),"\
	" a.cycles, ifnull(p.name, ''), ifnull(p.online, 0), " \
	"ifnull(p.last_error, ''), ifnull((SELECT max(id) FROM " \
	"downtime_events d WHERE d.asset_id = a.id AND d.end_ts IS NULL), 0)"

static void asset_fill(sqlite3_stmt *st, struct mes_asset *a, int off)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, off + 0);
	a->parent_id = sqlite3_column_int64(st, off + 1);
	str_copy(a->code, sizeof a->code, col_text(st, off + 2));
	str_copy(a->name, sizeof a->name, col_text(st, off + 3));
	str_copy(a->kind, sizeof a->kind, col_text(st, off + 4));
	str_copy(a->wc, sizeof a->wc, col_text(st, off + 5));
	str_copy(a->state, sizeof a->state, col_text(st, off + 6));
	str_copy(a->state_reason, sizeof a->state_reason, col_text(st, off + 7));
	str_copy(a->state_ts, sizeof a->state_ts, col_text(st, off + 8));
	a->cycles = sqlite3_column_double(st, off + 9);
	str_copy(a->plc, sizeof a->plc, col_text(st, off + 10));
	a->plc_online = sqlite3_column_int(st, off + 11);
	str_copy(a->plc_error, sizeof a->plc_error, col_text(st, off + 12));
	a->open_downtime = sqlite3_column_int64(st, off + 13);
}

int mes_asset_each(struct mes_db *db, mes_asset_fn fn, void *ctx)
{
	/* char(1) sorts below every printable code: children follow their
	 * parent before any sibling whose code extends the parent's. */
	static const char sql[] = "WITH RECURSIVE t(id, depth, path) AS ("
		"SELECT id, 0, code FROM assets WHERE parent_id IS NULL "
		"UNION ALL SELECT a.id, t.depth + 1, t.path || char(1) || a.code"
		" FROM assets a JOIN t ON a.parent_id = t.id) "
		"SELECT t.depth, " ASSET_COLS " FROM t JOIN assets a ON a.id = "
		"t.id LEFT JOIN work_centers w ON w.id = a.wc_id LEFT JOIN plcs"
		" p ON p.id = (SELECT min(id) FROM plcs WHERE asset_id = a.id) "
		"ORDER BY t.path";
	struct mes_asset a;
	sqlite3_stmt *st;
	int src;

	if ((src = db_list_begin(db, fn != NULL, sql, &st, __func__)))
		return src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		asset_fill(st, &a, 1);
		a.depth = sqlite3_column_int(st, 0);
		if (fn(&a, ctx))
			break;
	}
	return step_end(db, st, src, "reading the assets");
}

int mes_asset_get(struct mes_db *db, const char *code, struct mes_asset *out)
{
	static const char sql[] = "SELECT " ASSET_COLS " FROM assets a LEFT "
		"JOIN work_centers w ON w.id = a.wc_id LEFT JOIN plcs p ON p.id"
		" = (SELECT min(id) FROM plcs WHERE asset_id = a.id) WHERE "
		"a.code = ?";
	sqlite3_stmt *st;
	int rc;

	if (!db || !code || !out)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		asset_fill(st, out, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc == SQLITE_DONE)
		return db_fail(db, MES_ERR_NOTFOUND, "no asset %s", code);
	return db_sqlfail(db, rc, "reading the asset");
}

static const char *const states[] = { "running", "idle", "down", "setup",
	"offline", NULL };

static int valid_state(const char *s)
{
	int i;

	for (i = 0; s && states[i]; i++)
		if (!strcmp(s, states[i]))
			return 1;
	return 0;
}

/* The downtime reason a fault names: its first word is a downtime code,
 * or the whole text is a downtime reason's description. */
static void fault_reason(struct mes_db *db, const char *fault, char out[17])
{
	static const char sql[] = "SELECT code FROM reason_codes WHERE kind = "
		"'downtime' AND (code = ?1 COLLATE NOCASE OR description = ?2 "
		"COLLATE NOCASE) ORDER BY code = ?1 COLLATE NOCASE DESC LIMIT 1";
	sqlite3_stmt *st;
	char word[17];
	size_t n;

	out[0] = '\0';
	if (!fault || !*fault || !(st = db_stmt(db, sql)))
		return;
	n = strcspn(fault, " \t:");
	if (n >= sizeof word)
		n = 0;
	memcpy(word, fault, n);
	word[n] = '\0';
	sqlite3_bind_text(st, 1, word, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, fault, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(out, 17, col_text(st, 0));
	sqlite3_reset(st);
}

static int spell_switch(struct mes_db *db, long long asset_id,
                        const char *state, const char *ts)
{
	static const char end[] = "UPDATE asset_states SET end_ts = ? WHERE "
		"asset_id = ? AND end_ts IS NULL";
	static const char ins[] = "INSERT INTO asset_states (asset_id, state,"
		" start_ts) VALUES (?, ?, ?)";
	sqlite3_stmt *st = db_stmt(db, end);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, asset_id);
	if ((rc = step_done(db, st, "ending the state")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, ins)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, asset_id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
	return step_done(db, st, "recording the state");
}

/* Opens a breakdown unless one is open; fills a missing reason. */
static int downtime_open_tx(struct mes_db *db, const struct asset_row *a,
                            const char *fault, const char *source,
                            const char *ts)
{
	static const char open_sql[] = "SELECT id, ifnull(reason_code, '') "
		"FROM downtime_events WHERE asset_id = ? AND end_ts IS NULL";
	static const char ins[] = "INSERT INTO downtime_events (asset_id, "
		"start_ts, reason_code, source, fault_text) VALUES (?, ?, "
		"nullif(?, ''), ?, ?)";
	static const char upd[] = "UPDATE downtime_events SET reason_code = ?,"
		" fault_text = ? WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, open_sql);
	char reason[17], have[17] = "", key[32];
	long long id = 0;
	struct mes_json j;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		str_copy(have, sizeof have, col_text(st, 1));
	}
	sqlite3_reset(st);
	fault_reason(db, fault, reason);
	if (id) {
		if (have[0] || !reason[0])
			return MES_OK;
		if (!(st = db_stmt(db, upd)))
			return MES_ERR_DB;
		sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, fault, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, id);
		return step_done(db, st, "giving the downtime its reason");
	}
	if (!(st = db_stmt(db, ins)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_text(st, 2, ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, fault ? fault : "", -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "opening the downtime")) != MES_OK)
		return rc;
	snprintf(key, sizeof key, "%lld", (long long)sqlite3_last_insert_rowid(db->h));
	mes_json_init(&j);
	mes_json_str(&j, "asset", a->code);
	mes_json_str(&j, "start", ts);
	mes_json_str(&j, "reason", reason);
	mes_json_str(&j, "fault", fault ? fault : "");
	rc = audit_append(db, "downtime.open", "downtime_events", key, "",
	                  mes_json_done(&j), "");
	mes_json_free(&j);
	return rc;
}

static int downtime_close_tx(struct mes_db *db, long long asset_id,
                             const char *ts)
{
	static const char sql[] = "UPDATE downtime_events SET end_ts = max(?,"
		" start_ts) WHERE asset_id = ? AND end_ts IS NULL";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, asset_id);
	return step_done(db, st, "closing the downtime");
}

/* An offline PLC says nothing of the machine: a breakdown stays open
 * until the machine is seen running again. */
int mach_state_tx(struct mes_db *db, struct asset_row *a, const char *state,
                  const char *fault, const char *source, const char *ts)
{
	static const char upd[] = "UPDATE assets SET state = ?, state_reason "
		"= ?, state_ts = ? WHERE id = ?";
	const char *reason = fault ? fault : "";
	struct mes_json ob, nb;
	sqlite3_stmt *st;
	int rc = MES_OK;

	if (!valid_state(state))
		return db_fail(db, MES_ERR_ARG, "machine state \"%s\": expected"
		               " running, idle, down, setup or offline",
		               state ? state : "");
	if (!strcmp(a->state, state) && !strcmp(a->reason, reason))
		return !strcmp(state, "down") ?
		       downtime_open_tx(db, a, fault, source, ts) : MES_OK;
	if (strcmp(a->state, state))
		rc = spell_switch(db, a->id, state, ts);
	if (rc == MES_OK && !strcmp(state, "down"))
		rc = downtime_open_tx(db, a, fault, source, ts);
	else if (rc == MES_OK && strcmp(state, "offline"))
		rc = downtime_close_tx(db, a->id, ts);
	if (rc != MES_OK || !(st = db_stmt(db, upd)))
		return rc != MES_OK ? rc : MES_ERR_DB;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a->id);
	if ((rc = step_done(db, st, "saving the machine state")) != MES_OK)
		return rc;
	mes_json_init(&ob);
	mes_json_str(&ob, "state", a->state);
	mes_json_init(&nb);
	mes_json_str(&nb, "state", state);
	if (*reason)
		mes_json_str(&nb, "reason", reason);
	rc = audit_append(db, "machine.state", "assets", a->code,
	                  mes_json_done(&ob), mes_json_done(&nb), "");
	mes_json_free(&ob);
	mes_json_free(&nb);
	str_copy(a->state, sizeof a->state, state);
	str_copy(a->reason, sizeof a->reason, reason);
	return rc;
}

int mes_machine_state(struct mes_db *db, const char *asset, const char *state,
                      const char *fault, const char *ts)
{
	struct asset_row a;
	char when[32];
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MACHINE, "machine.state")) != MES_OK)
		return rc;
	if ((rc = asset_load(db, asset, &a)) == MES_OK)
		rc = mach_state_tx(db, &a, state, fault, "plc", mach_ts(ts, when));
	return tx_end(db, rc);
}
