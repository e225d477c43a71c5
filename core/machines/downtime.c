/*
 * Downtime: the list, reasons given afterwards, downtime entered by hand,
 * and MTBF/MTTR from the record.
 */
#include <stdio.h>
#include <string.h>
#include "machine_int.h"
#include "production/prod_int.h"

#define DT_COLS "d.id, a.code, a.name, d.start_ts, ifnull(d.end_ts, ''), " \
	"ifnull(d.reason_code, ''), ifnull(r.description, ''), d.source, " \
	"d.fault_text, d.note, (julianday(ifnull(d.end_ts, strftime(" \
	"'%Y-%m-%dT%H:%M:%fZ', 'now'))) - julianday(d.start_ts)) * 1440"

static void dt_fill(sqlite3_stmt *st, struct mes_downtime *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	str_copy(d->asset, sizeof d->asset, col_text(st, 1));
	str_copy(d->asset_name, sizeof d->asset_name, col_text(st, 2));
	str_copy(d->start_ts, sizeof d->start_ts, col_text(st, 3));
	str_copy(d->end_ts, sizeof d->end_ts, col_text(st, 4));
	str_copy(d->reason, sizeof d->reason, col_text(st, 5));
	str_copy(d->reason_text, sizeof d->reason_text, col_text(st, 6));
	str_copy(d->source, sizeof d->source, col_text(st, 7));
	str_copy(d->fault, sizeof d->fault, col_text(st, 8));
	str_copy(d->note, sizeof d->note, col_text(st, 9));
	d->minutes = sqlite3_column_double(st, 10);
	if (d->minutes < 0)
		d->minutes = 0;
}

int mes_downtime_each(struct mes_db *db, int only_unassigned, int limit,
                      mes_downtime_fn fn, void *ctx)
{
#define DOWNTIME(where) "SELECT " DT_COLS " FROM downtime_events d " \
	"JOIN assets a ON a.id = d.asset_id LEFT JOIN reason_codes r ON" \
	" r.code = d.reason_code " where "ORDER BY d.start_ts DESC, d.id " \
	"DESC LIMIT ?1"
	/* those without a reason by their index, not a walk back through
	 * years of stops */
	static const char every[] = DOWNTIME(""),
		open[] = DOWNTIME("WHERE d.reason_code IS NULL ");
	struct mes_downtime d;
	sqlite3_stmt *st;
	int src;

	if ((src = db_list_begin(db, fn != NULL, only_unassigned ? open : every,
	                         &st, __func__)))
		return src;
	sqlite3_bind_int(st, 1, limit > 0 ? limit : 200);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		dt_fill(st, &d);
		if (fn(&d, ctx))
			break;
	}
	return step_end(db, st, src, "reading the downtime");
}

long long mes_downtime_unassigned_count(struct mes_db *db)
{
	static const char sql[] = "SELECT count(*) FROM downtime_events WHERE"
		" reason_code IS NULL";
	sqlite3_stmt *st;
	long long n = 0;
	int src;

	if (!db)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	if ((src = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return src == SQLITE_ROW ? n : db_sqlfail(db, src, "counting downtime");
}

static int dt_load(struct mes_db *db, long long id, struct mes_downtime *d)
{
	static const char sql[] = "SELECT " DT_COLS " FROM downtime_events d "
		"JOIN assets a ON a.id = d.asset_id LEFT JOIN reason_codes r ON"
		" r.code = d.reason_code WHERE d.id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int src;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((src = sqlite3_step(st)) == SQLITE_ROW)
		dt_fill(st, d);
	sqlite3_reset(st);
	if (src == SQLITE_ROW)
		return MES_OK;
	return src == SQLITE_DONE ? db_fail(db, MES_ERR_NOTFOUND, "no downtime "
	       "event %lld", id) : db_sqlfail(db, src, "reading the downtime");
}

int mes_downtime_assign(struct mes_db *db, long long id, const char *reason,
                        const char *note)
{
	static const char sql[] = "UPDATE downtime_events SET reason_code = ?,"
		" note = CASE WHEN ?2 = '' THEN note ELSE ?2 END, assigned_by = "
		"?, assigned_ts = ? WHERE id = ?";
	struct mes_downtime d;
	struct mes_json ob, nb;
	sqlite3_stmt *st;
	char key[24];
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_DOWNTIME, "downtime.assign")) != MES_OK)
		return rc;
	snprintf(key, sizeof key, "%lld", id);
	if ((rc = dt_load(db, id, &d)) != MES_OK)
		return tx_end(db, rc);
	if ((rc = reason_check(db, reason, "downtime")) != MES_OK)
		return tx_refuse(db, rc, "downtime.assign", key);
	if (d.reason[0] && (!note || !*note))
		return tx_refuse(db, db_fail(db, MES_ERR_STATE, "downtime %lld "
		                   "already has reason %s: changing it needs a "
		                   "note saying why", id, d.reason),
		                   "downtime.assign", key);
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, db->sess.user_id);
	bind_now(st, 4);
	sqlite3_bind_int64(st, 5, id);
	if ((rc = step_done(db, st, "saving the reason")) != MES_OK)
		return tx_end(db, rc);
	mes_json_init(&ob);
	mes_json_str(&ob, "reason", d.reason);
	mes_json_init(&nb);
	mes_json_str(&nb, "reason", reason);
	mes_json_str(&nb, "asset", d.asset);
	rc = audit_append(db, "downtime.assign", "downtime_events", key,
	                  mes_json_done(&ob), mes_json_done(&nb), note);
	mes_json_free(&ob);
	mes_json_free(&nb);
	return tx_end(db, rc);
}

int mes_downtime_begin(struct mes_db *db, const char *asset,
                       const char *reason, const char *note, long long *id)
{
	static const char ins[] = "INSERT INTO downtime_events (asset_id, "
		"start_ts, reason_code, source, note) VALUES (?, ?, nullif(?, ''),"
		" 'manual', ?)";
	struct asset_row a;
	sqlite3_stmt *st;
	char key[24];
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_DOWNTIME, "downtime.begin")) != MES_OK)
		return rc;
	if ((rc = asset_load(db, asset, &a)) != MES_OK)
		return tx_end(db, rc);
	if (reason && *reason && (rc = reason_check(db, reason, "downtime")))
		return tx_end(db, rc);
	if (db_lookup_id(db, "SELECT id FROM downtime_events WHERE asset_id "
	                   "= (SELECT id FROM assets WHERE code = ?) AND "
	                   "end_ts IS NULL", asset) > 0)
		return tx_end(db, db_fail(db, MES_ERR_STATE, "%s is down "
		              "already: give that downtime its reason instead",
		              asset));
	if (!(st = db_stmt(db, ins)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, a.id);
	bind_now(st, 2);
	sqlite3_bind_text(st, 3, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, note ? note : "", -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "opening the downtime")) != MES_OK)
		return tx_end(db, rc);
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	snprintf(key, sizeof key, "%lld",
	         (long long)sqlite3_last_insert_rowid(db->h));
	rc = audit_append(db, "downtime.begin", "downtime_events", key, "",
	                  asset, note);
	return tx_end(db, rc);
}

int mes_downtime_end(struct mes_db *db, long long id)
{
	static const char sql[] = "UPDATE downtime_events SET end_ts = ? WHERE"
		" id = ?";
	struct mes_downtime d;
	sqlite3_stmt *st;
	char now[32], key[24];
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_DOWNTIME, "downtime.end")) != MES_OK)
		return rc;
	if ((rc = dt_load(db, id, &d)) != MES_OK)
		return tx_end(db, rc);
	if (d.end_ts[0])
		return tx_end(db, db_fail(db, MES_ERR_STATE, "downtime %lld "
		              "ended already at %s", id, d.end_ts));
	if (!strcmp(d.source, "plc"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "downtime %lld "
		              "came from the PLC of %s: it ends when the "
		              "machine runs again", id, d.asset));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	mes_now_iso(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	if ((rc = step_done(db, st, "ending the downtime")) != MES_OK)
		return tx_end(db, rc);
	snprintf(key, sizeof key, "%lld", id);
	return tx_end(db, audit_append(db, "downtime.end", "downtime_events",
	                               key, "", now, ""));
}

int mes_asset_reliability(struct mes_db *db, const char *asset,
                          const char *from, const char *to,
                          struct mes_reliability *r)
{
	/* Events are clipped to the period; MTTR counts closed events. */
	static const char sql[] = "SELECT count(*), ifnull(sum(max(0, "
		"julianday(min(ifnull(d.end_ts, ?3), ?3)) - julianday(max("
		"d.start_ts, ?2)))), 0) * 24, ifnull(sum(CASE WHEN d.end_ts IS "
		"NOT NULL THEN julianday(d.end_ts) - julianday(d.start_ts) END),"
		" 0) * 24, count(d.end_ts), min((SELECT min(start_ts) FROM "
		"downtime_events WHERE asset_id = ?1), ifnull((SELECT "
		"min(start_ts) FROM asset_states WHERE asset_id = ?1), '9')) "
		"FROM downtime_events d "
		"WHERE d.asset_id = ?1 AND d.start_ts < ?3 AND ifnull(d.end_ts, "
		"?3) > ?2";
	struct asset_row a;
	sqlite3_stmt *st;
	char now[32], lo[32] = "", hi[32], first[32] = "";
	double closed_h = 0, span;
	long long nclosed = 0;
	int rc;

	if (!db || !r)
		return db_badarg(db, __func__);
	memset(r, 0, sizeof *r);
	if ((rc = asset_load(db, asset, &a)) != MES_OK)
		return rc;
	mes_now_iso(now);
	str_copy(hi, sizeof hi, to && *to ? to : now);
	if (from && *from)
		str_copy(lo, sizeof lo, from);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a.id);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->failures = sqlite3_column_int64(st, 0);
		r->down_h = sqlite3_column_double(st, 1);
		closed_h = sqlite3_column_double(st, 2);
		nclosed = sqlite3_column_int64(st, 3);
		str_copy(first, sizeof first, col_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "reading the downtime");
	/* Before the first record nobody knows how the machine ran: a
	 * window reaching further back would count that as uptime. */
	if (!lo[0] || (first[0] && strcmp(first, lo) > 0))
		str_copy(lo, sizeof lo, first[0] ? first : hi);
	span = (mach_iso_secs(hi) - mach_iso_secs(lo)) / 3600.0;
	r->period_h = span > 0 ? span : 0;
	if (r->failures)
		r->mtbf_h = (r->period_h - r->down_h) / (double)r->failures;
	if (nclosed)
		r->mttr_h = closed_h / (double)nclosed;
	return MES_OK;
}
