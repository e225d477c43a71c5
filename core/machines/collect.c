/*
 * What mes-collect books from a PLC.  The counters' raw readings are
 * saved in the same transaction as the counts taken from them: after a
 * crash or restart the collector starts from the last reading whose
 * counts were booked, so nothing is lost and nothing counted twice.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "machine_int.h"
#include "production/prod_int.h"
#include "tool_int.h"

struct plc_row {
	long long id, asset_id;
	int online;
};

static int plc_load(struct mes_db *db, const char *name, struct plc_row *p)
{
	static const char sql[] = "SELECT id, ifnull(asset_id, 0), online "
		"FROM plcs WHERE name = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, name ? name : "", -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		p->asset_id = sqlite3_column_int64(st, 1);
		p->online = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the PLC");
	return db_fail(db, MES_ERR_NOTFOUND, "PLC %s is not registered: "
	               "mes-collect registers it at start", name ? name : "");
}

int mes_plc_register(struct mes_db *db, const char *plc,
                     const char *asset_code)
{
	static const char ins[] = "INSERT INTO plcs (name, asset_id) VALUES "
		"(?1, ?2) ON CONFLICT(name) DO UPDATE SET asset_id = ?2";
	struct asset_row a;
	sqlite3_stmt *st;
	struct mes_json j;
	int rc;

	if (!db || !plc || !*plc)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MACHINE, "plc.register")) != MES_OK)
		return rc;
	/* Without an asset: known (online, counters), its link kept. */
	if (!asset_code || !*asset_code) {
		if (!(st = db_stmt(db, "INSERT INTO plcs (name) VALUES (?) ON "
		                   "CONFLICT(name) DO NOTHING")))
			return tx_end(db, MES_ERR_DB);
		sqlite3_bind_text(st, 1, plc, -1, SQLITE_STATIC);
		return tx_end(db, step_done(db, st, "registering the PLC"));
	}
	if ((rc = asset_load(db, asset_code, &a)) != MES_OK)
		return tx_end(db, db_fail(db, rc, "PLC %s: %s", plc, db->err));
	if (!(st = db_stmt(db, ins)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, plc, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a.id);
	if ((rc = step_done(db, st, "registering the PLC")) != MES_OK)
		return tx_end(db, rc);
	mes_json_init(&j);
	mes_json_str(&j, "asset", a.code);
	rc = audit_append(db, "plc.register", "plcs", plc, "",
	                  mes_json_done(&j), "");
	mes_json_free(&j);
	return tx_end(db, rc);
}

int mes_plc_counters(struct mes_db *db, const char *plc, mes_counter_fn fn,
                     void *ctx)
{
	static const char sql[] = "SELECT c.tag, c.last_raw FROM counters c "
		"JOIN plcs p ON p.id = c.plc_id WHERE p.name = ? ORDER BY c.tag";
	sqlite3_stmt *st;
	int src;

	if (!db || !plc || !fn)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, plc, -1, SQLITE_STATIC);
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(col_text(st, 0), sqlite3_column_double(st, 1), ctx))
			break;
	return step_end(db, st, src, "reading the counters");
}

/* The running operation on the asset's work center, the latest started
 * when several run (a cell of capacity > 1); 0 when none. */
static long long running_op(struct mes_db *db, long long wc_id, double *ideal,
                            char key[48])
{
	static const char sql[] = "SELECT o.id, o.run_min, w.wo_no || '/' || "
		"o.seq FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE"
		" o.wc_id = ? AND o.status = 'running' ORDER BY o.actual_start "
		"DESC, o.id DESC LIMIT 1";
	static const char wc_ideal[] = "SELECT ifnull(min(run_min), 0) FROM "
		"routing_ops WHERE wc_id = ? AND run_min > 0";
	sqlite3_stmt *st = db_stmt(db, sql);
	long long id = 0;

	*ideal = 0;
	key[0] = '\0';
	if (!st || !wc_id)
		return 0;
	sqlite3_bind_int64(st, 1, wc_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*ideal = sqlite3_column_double(st, 1);
		str_copy(key, 48, col_text(st, 2));
	}
	sqlite3_reset(st);
	/* Unassigned counts are measured against the fastest routing of the
	 * work center, so performance is never flattered by them. */
	if (!id && (st = db_stmt(db, wc_ideal))) {
		sqlite3_bind_int64(st, 1, wc_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			*ideal = sqlite3_column_double(st, 0);
		sqlite3_reset(st);
	}
	return id;
}

static int check_delta(struct mes_db *db, const char *what, double v)
{
	if (isfinite(v) && v >= 0 && v <= 1e9)
		return MES_OK;
	return db_fail(db, MES_ERR_RANGE, "%s delta %g: a count or meter "
	               "never goes back; expected 0 to 1e9", what, v);
}

/* audit 0: the caller appends one record for the whole booking. */
static int mach_count_tx(struct mes_db *db, const struct asset_row *a,
                         double good, double scrap, const char *ts, int audit)
{
	static const char ins[] = "INSERT INTO machine_counts (asset_id, "
		"wc_id, wo_op_id, ts, good, scrap, ideal_min, in_setup) VALUES "
		"(?, nullif(?, 0), nullif(?, 0), ?, ?, ?, ?, ?)";
	static const char upd[] = "UPDATE wo_ops SET qty_good = qty_good + ?,"
		" qty_scrap = qty_scrap + ?, version = version + 1 WHERE id = ?";
	sqlite3_stmt *st;
	struct mes_json j;
	char key[48];
	double ideal;
	long long op;
	int rc;

	if ((rc = check_delta(db, "good", good)) != MES_OK ||
	    (rc = check_delta(db, "scrap", scrap)) != MES_OK)
		return rc;
	if (good == 0 && scrap == 0)
		return MES_OK;
	op = running_op(db, a->wc_id, &ideal, key);
	if (!(st = db_stmt(db, ins)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int64(st, 2, a->wc_id);
	sqlite3_bind_int64(st, 3, op);
	sqlite3_bind_text(st, 4, ts, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, good);
	sqlite3_bind_double(st, 6, scrap);
	sqlite3_bind_double(st, 7, ideal);
	sqlite3_bind_int(st, 8, !strcmp(a->state, "setup"));
	if ((rc = step_done(db, st, "booking the counts")) != MES_OK)
		return rc;
	if (op) {
		if (!(st = db_stmt(db, upd)))
			return MES_ERR_DB;
		sqlite3_bind_double(st, 1, good);
		sqlite3_bind_double(st, 2, scrap);
		sqlite3_bind_int64(st, 3, op);
		if ((rc = step_done(db, st, "adding to the operation")) != MES_OK)
			return rc;
		if ((rc = op_event_add(db, op, "report", good, scrap, "",
		                       "counted by the machine")) != MES_OK)
			return rc;
	}
	if (!audit)
		return MES_OK;
	mes_json_init(&j);
	mes_json_str(&j, "op", op ? key : "unassigned");
	mes_json_num(&j, "good", good);
	mes_json_num(&j, "scrap", scrap);
	rc = audit_append(db, "machine.count", "assets", a->code, "",
	                  mes_json_done(&j), "");
	mes_json_free(&j);
	return rc;
}

static int mach_energy_tx(struct mes_db *db, const struct asset_row *a,
                          double kwh, const char *ts, int audit)
{
	static const char ins[] = "INSERT INTO energy (asset_id, wo_op_id, ts,"
		" kwh) VALUES (?, nullif(?, 0), ?, ?)";
	static const char upd[] = "UPDATE wo_ops SET energy_kwh = energy_kwh "
		"+ ? WHERE id = ?";
	sqlite3_stmt *st;
	char key[48];
	double ideal;
	long long op;
	int rc;

	if ((rc = check_delta(db, "energy", kwh)) != MES_OK || kwh == 0)
		return rc;
	op = running_op(db, a->wc_id, &ideal, key);
	if (!(st = db_stmt(db, ins)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int64(st, 2, op);
	sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, kwh);
	if ((rc = step_done(db, st, "booking the energy")) != MES_OK)
		return rc;
	if (op && !(st = db_stmt(db, upd)))
		return MES_ERR_DB;
	if (op) {
		sqlite3_bind_double(st, 1, kwh);
		sqlite3_bind_int64(st, 2, op);
		rc = step_done(db, st, "adding energy to the operation");
	}
	if (rc == MES_OK && audit) {
		struct mes_json j;

		mes_json_init(&j);
		mes_json_str(&j, "op", op ? key : "unassigned");
		mes_json_num(&j, "kwh", kwh);
		rc = audit_append(db, "machine.energy", "assets", a->code, "",
		                  mes_json_done(&j), "");
		mes_json_free(&j);
	}
	return rc;
}

/* One record for what a booking added: counts, energy, cycles. */
static int book_audit(struct mes_db *db, const struct asset_row *a,
                      const struct mes_machine_booking *b)
{
	struct mes_json j;
	char key[48];
	double ideal;
	long long op;
	int rc;

	if (b->good <= 0 && b->scrap <= 0 && b->kwh <= 0 && b->cycles <= 0)
		return MES_OK;
	op = running_op(db, a->wc_id, &ideal, key);
	mes_json_init(&j);
	mes_json_str(&j, "op", op ? key : "unassigned");
	mes_json_num(&j, "good", b->good);
	mes_json_num(&j, "scrap", b->scrap);
	mes_json_num(&j, "kwh", b->kwh);
	mes_json_num(&j, "cycles", b->cycles);
	rc = audit_append(db, "machine.book", "assets", a->code, "",
	                  mes_json_done(&j), b->plc);
	mes_json_free(&j);
	return rc;
}

/* The machine's cycles, and the tools mounted on its work center. */
static int cycles_tx(struct mes_db *db, const struct asset_row *a, double n,
                     const char *ts)
{
	static const char sql[] = "UPDATE assets SET cycles = cycles + ? "
		"WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	if ((rc = check_delta(db, "cycles", n)) != MES_OK || n == 0)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_double(st, 1, n);
	sqlite3_bind_int64(st, 2, a->id);
	if ((rc = step_done(db, st, "counting the cycles")) != MES_OK)
		return rc;
	return tool_cycles_tx(db, a->wc_id, n, ts);
}

static int online_tx(struct mes_db *db, long long plc_id, int online,
                     const char *error, const char *ts)
{
	static const char sql[] = "UPDATE plcs SET online = ?, last_error = ?,"
		" last_seen = CASE WHEN ? THEN ? ELSE last_seen END WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int(st, 1, online != 0);
	sqlite3_bind_text(st, 2, online ? "" : (error ? error : ""), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int(st, 3, online != 0);
	sqlite3_bind_text(st, 4, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, plc_id);
	return step_done(db, st, "saving the PLC's link");
}

static int counters_tx(struct mes_db *db, long long plc_id,
                       const struct mes_machine_booking *b, const char *ts)
{
	static const char sql[] = "INSERT INTO counters (plc_id, tag, last_raw,"
		" ts) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(plc_id, tag) DO UPDATE"
		" SET last_raw = ?3, ts = ?4";
	sqlite3_stmt *st;
	size_t i;
	int rc = MES_OK;

	for (i = 0; i < b->ncounters && rc == MES_OK; i++) {
		if (!b->counters[i].tag || !isfinite(b->counters[i].raw))
			continue;
		if (!(st = db_stmt(db, sql)))
			return MES_ERR_DB;
		sqlite3_bind_int64(st, 1, plc_id);
		sqlite3_bind_text(st, 2, b->counters[i].tag, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, b->counters[i].raw);
		sqlite3_bind_text(st, 4, ts, -1, SQLITE_STATIC);
		rc = step_done(db, st, "saving the counter");
	}
	return rc;
}

static int signals_tx(struct mes_db *db, long long plc_id,
                      const struct asset_row *a,
                      const struct mes_machine_booking *b, const char *ts)
{
	static const char sql[] = "INSERT INTO tag_samples (plc_id, tag, ts, "
		"value) VALUES (?, ?, ?, ?)";
	const struct mes_machine_signal *s;
	sqlite3_stmt *st;
	size_t i;
	int rc = MES_OK;

	for (i = 0; i < b->nsignals && rc == MES_OK; i++) {
		s = &b->signals[i];
		if (!s->tag || !isfinite(s->value))
			continue;
		if (!(st = db_stmt(db, sql)))
			return MES_ERR_DB;
		sqlite3_bind_int64(st, 1, plc_id);
		sqlite3_bind_text(st, 2, s->tag, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s->ts ? s->ts : ts, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 4, s->value);
		if ((rc = step_done(db, st, "saving a sample")) == MES_OK && a)
			rc = monitor_feed_tx(db, a, s->tag, s->value,
			                     s->ts ? s->ts : ts);
	}
	return rc;
}

static int book_tx(struct mes_db *db, const struct mes_machine_booking *b,
                   const char *ts)
{
	struct plc_row p = { 0, 0, 0 };
	struct asset_row a;
	int rc, have_asset;

	if ((rc = plc_load(db, b->plc, &p)) != MES_OK)
		return rc;
	have_asset = p.asset_id && asset_load_id(db, p.asset_id, &a) == MES_OK;
	if (!b->online) {
		rc = online_tx(db, p.id, 0, b->error, ts);
		if (rc == MES_OK && have_asset)
			rc = mach_state_tx(db, &a, "offline", NULL, "plc", ts);
		if (rc == MES_OK && p.online)
			rc = audit_append(db, "plc.offline", "plcs", b->plc, "",
			                  "", b->error ? b->error : "");
		return rc;
	}
	rc = online_tx(db, p.id, 1, NULL, ts);
	if (rc == MES_OK && !p.online)
		rc = audit_append(db, "plc.online", "plcs", b->plc, "", "", "");
	if (!have_asset)
		return rc == MES_OK ? counters_tx(db, p.id, b, ts) : rc;
	/* Counts made before a state change belong to the state before it:
	 * the collector books them together with the change. */
	if (rc == MES_OK)
		rc = mach_count_tx(db, &a, b->good, b->scrap, ts, 0);
	if (rc == MES_OK)
		rc = mach_energy_tx(db, &a, b->kwh, ts, 0);
	if (rc == MES_OK)
		rc = cycles_tx(db, &a, b->cycles, ts);
	if (rc == MES_OK)
		rc = book_audit(db, &a, b);
	if (rc == MES_OK && b->state)
		rc = mach_state_tx(db, &a, b->state, b->fault, "plc", ts);
	if (rc == MES_OK)
		rc = counters_tx(db, p.id, b, ts);
	if (rc == MES_OK)
		rc = signals_tx(db, p.id, &a, b, ts);
	return rc;
}

int mes_machine_book(struct mes_db *db, const struct mes_machine_booking *b)
{
	char ts[32];
	int rc;

	if (!db || !b || !b->plc)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MACHINE, "machine.book")) != MES_OK)
		return rc;
	return tx_end(db, book_tx(db, b, mach_ts(b->ts, ts)));
}

int mes_plc_set_online(struct mes_db *db, const char *plc, int online,
                       const char *error, const char *ts)
{
	struct mes_machine_booking b;

	memset(&b, 0, sizeof b);
	b.plc = plc;
	b.online = online;
	b.error = error;
	b.ts = ts;
	return mes_machine_book(db, &b);
}

static int by_asset(struct mes_db *db, const char *action, const char *asset,
                    double good, double scrap, double kwh, const char *ts)
{
	struct asset_row a;
	char when[32];
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MACHINE, action)) != MES_OK)
		return rc;
	mach_ts(ts, when);
	if ((rc = asset_load(db, asset, &a)) == MES_OK)
		rc = kwh > 0 || (good == 0 && scrap == 0) ?
		     mach_energy_tx(db, &a, kwh, when, 1) :
		     mach_count_tx(db, &a, good, scrap, when, 1);
	return tx_end(db, rc);
}

int mes_machine_count(struct mes_db *db, const char *asset, double good,
                      double scrap, const char *ts)
{
	if (db && (good < 0 || scrap < 0 || !isfinite(good + scrap)))
		return db_fail(db, MES_ERR_RANGE, "a machine count never goes "
		               "back (good %g, scrap %g)", good, scrap);
	return by_asset(db, "machine.count", asset, good, scrap, 0, ts);
}

int mes_machine_energy(struct mes_db *db, const char *asset, double kwh,
                       const char *ts)
{
	if (db && (kwh < 0 || !isfinite(kwh)))
		return db_fail(db, MES_ERR_RANGE, "an energy meter never goes "
		               "back (%g kWh)", kwh);
	return by_asset(db, "machine.energy", asset, 0, 0, kwh, ts);
}

int mes_samples_downsample(struct mes_db *db, long raw_window_s,
                           long bucket_s, const char *now, long long *rows)
{
	/* Buckets are whole multiples of bucket_s since the epoch, so a
	 * later run never splits a bucket an earlier one wrote. */
	static const char ins[] = "INSERT INTO tag_samples (plc_id, tag, ts, "
		"value, resolution) SELECT plc_id, tag, strftime('%Y-%m-%dT%H:%M:"
		"%S.000Z', (CAST(strftime('%s', ts) AS INTEGER) / ?1) * ?1, "
		"'unixepoch'), avg(value), ?1 FROM tag_samples WHERE resolution"
		" = 0 AND ts < ?2 GROUP BY plc_id, tag, CAST(strftime('%s', ts) "
		"AS INTEGER) / ?1";
	static const char del[] = "DELETE FROM tag_samples WHERE resolution = "
		"0 AND ts < ?";
	char cut[32], when[32];
	sqlite3_stmt *st;
	int rc;

	if (!db || raw_window_s < 0 || bucket_s < 1)
		return db_badarg(db, __func__);
	mach_secs_iso(mach_iso_secs(mach_ts(now, when)) - (double)raw_window_s,
	              cut);
	if ((rc = tx_begin(db, PERM_MACHINE, "samples.downsample")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, ins)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, bucket_s);
	sqlite3_bind_text(st, 2, cut, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "averaging old samples")) != MES_OK ||
	    !(st = db_stmt(db, del)))
		return tx_end(db, rc != MES_OK ? rc : MES_ERR_DB);
	sqlite3_bind_text(st, 1, cut, -1, SQLITE_STATIC);
	rc = step_done(db, st, "removing folded samples");
	if (rows)
		*rows = sqlite3_changes(db->h);
	return tx_end(db, rc);
}
