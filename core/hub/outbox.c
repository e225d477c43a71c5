/*
 * The plant's side of the central store: attaching the plant, the outbox
 * the audit trigger fills (schema 13), and the centre's mark as the
 * shipper last noted it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "hub/hub_int.h"
#include "machines/machine_int.h"

int hub_plant_id_ok(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (n < 1 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

int mes_hub_attach(struct mes_db *db, const char *plant_id)
{
	/* The trail so far first, in its order, so that the centre can
	 * check the chain from its first record. */
	static const char backfill[] =
		"INSERT INTO outbox (ts, kind, ref, body) SELECT ts, 'audit', "
		"seq, body FROM audit_events ORDER BY seq";
	sqlite3_stmt *st;
	char ts[32];
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!hub_plant_id_ok(plant_id))
		return db_fail(db, MES_ERR_ARG, "plant id \"%s\": 1 to 32 "
		               "letters, digits, - or _", plant_id ? plant_id : "");
	if ((rc = tx_begin(db, PERM_BACKUP, "hub.attach")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, "SELECT plant_id FROM hub"))) {
		rc = MES_ERR_DB;
	} else if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = db_fail(db, MES_ERR_EXISTS, "this plant is attached "
		             "already, as %s", col_text(st, 0));
	} else {
		rc = rc == SQLITE_DONE ? MES_OK :
		     db_sqlfail(db, rc, "reading the hub state");
	}
	if (rc == MES_OK)
		rc = db_exec(db, backfill);
	if (rc == MES_OK && (st = db_stmt(db, "INSERT INTO hub (id, plant_id, "
	                                  "attached) VALUES (1, ?, ?)"))) {
		mes_now_iso(ts);
		sqlite3_bind_text(st, 1, plant_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, ts, -1, SQLITE_STATIC);
		rc = step_done(db, st, "attaching the plant");
	} else if (rc == MES_OK) {
		rc = MES_ERR_DB;
	}
	/* After the backfill: this record reaches the outbox by trigger. */
	if (rc == MES_OK)
		rc = audit_append(db, "hub.attach", "hub", plant_id, "",
		                  plant_id, "");
	return tx_end(db, rc);
}

int mes_hub_state(struct mes_db *db, struct mes_hub_state *out)
{
	static const char sql[] =
		"SELECT plant_id, attached, central_seq, ifnull(central_at, ''), "
		"(SELECT ifnull(max(seq), 0) FROM outbox), (SELECT count(*) FROM "
		"outbox WHERE seq > hub.central_seq) FROM hub";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	memset(out, 0, sizeof *out);
	out->stale_s = -1;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->attached = 1;
		str_copy(out->plant_id, sizeof out->plant_id, col_text(st, 0));
		str_copy(out->attached_at, sizeof out->attached_at,
		         col_text(st, 1));
		out->central_seq = sqlite3_column_int64(st, 2);
		str_copy(out->central_at, sizeof out->central_at,
		         col_text(st, 3));
		out->last_seq = sqlite3_column_int64(st, 4);
		out->pending = sqlite3_column_int64(st, 5);
		/* never noted: as stale as the attachment is old */
		out->stale_s = (long long)(time(NULL) - mach_iso_secs(
		               out->central_at[0] ? out->central_at :
		               out->attached_at));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? MES_OK :
	       db_sqlfail(db, rc, "reading the hub state");
}

int mes_outbox_each(struct mes_db *db, long long after, int limit,
                    mes_event_fn fn, void *ctx)
{
	static const char sql[] = "SELECT seq, ts, kind, ref, body FROM outbox "
		"WHERE seq > ? ORDER BY seq LIMIT ?";
	struct mes_event e;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : 1000);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		e.seq = sqlite3_column_int64(st, 0);
		e.ts = col_text(st, 1);
		e.kind = col_text(st, 2);
		e.ref = sqlite3_column_int64(st, 3);
		e.body = col_text(st, 4);
		stop = fn(&e, ctx);
	}
	return step_end(db, st, rc, "reading the outbox");
}

struct days { struct mes_db *db; int rc; long long n; };

static int take_day(const struct mes_oee *o, void *ctx)
{
	static const char sql[] = "INSERT INTO outbox (ts, kind, ref, body) "
		"VALUES (?, 'oee.day', 0, ?)";
	struct days *d = ctx;
	struct mes_json j;
	sqlite3_stmt *st;
	char ts[32];

	mes_json_init(&j);
	mes_json_str(&j, "date", o->date);
	mes_json_str(&j, "shift", o->shift);
	mes_json_str(&j, "wc", o->wc);
	mes_json_num(&j, "planned_min", o->planned_min);
	mes_json_num(&j, "nodata_min", o->nodata_min);
	mes_json_num(&j, "run_min", o->run_min);
	mes_json_num(&j, "down_min", o->down_min);
	mes_json_num(&j, "good", o->good);
	mes_json_num(&j, "scrap", o->scrap);
	mes_json_num(&j, "availability", o->availability);
	mes_json_num(&j, "performance", o->performance);
	mes_json_num(&j, "quality", o->quality);
	mes_json_num(&j, "oee", o->oee);
	if (!mes_json_done(&j)) {
		d->rc = MES_ERR_NOMEM;
	} else if (!(st = db_stmt(d->db, sql))) {
		d->rc = MES_ERR_DB;
	} else {
		mes_now_iso(ts);
		sqlite3_bind_text(st, 1, ts, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, j.p, -1, SQLITE_STATIC);
		d->rc = step_done(d->db, st, "writing a day's OEE");
		d->n++;
	}
	mes_json_free(&j);
	return d->rc != MES_OK;
}

/* The local date of t plus days. */
static void local_date(time_t t, int days, char out[11])
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday += days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
 * Every whole day since the last one sent (from the day the plant was
 * attached) up to yesterday: its OEE per work center and shift, and per
 * work center for the whole day (shift ""), one event each, at most 31
 * days at a time.  Inside the open transaction.
 */
static int ship_days(struct mes_db *db)
{
	struct days d = { db, MES_OK, 0 };
	sqlite3_stmt *st;
	char from[11], upto[11], yesterday[11];
	int rc;

	if (!(st = db_stmt(db, "SELECT ifnull(oee_upto, ''), attached FROM hub")))
		return MES_ERR_DB;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_sqlfail(db, rc, "reading the hub state");
	}
	/* a date as noon UTC: its local date from UTC-12 to UTC+11 */
	if (*col_text(st, 0))
		local_date((time_t)mach_iso_secs(col_text(st, 0)) + 43200, 1, from);
	else
		local_date((time_t)mach_iso_secs(col_text(st, 1)), 0, from);
	sqlite3_reset(st);
	local_date(time(NULL), -1, yesterday);
	if (strcmp(from, yesterday) > 0)
		return MES_OK;
	local_date((time_t)mach_iso_secs(from) + 43200, 30, upto);
	if (strcmp(upto, yesterday) > 0)
		memcpy(upto, yesterday, sizeof upto);
	if ((rc = oee_rows(db, from, upto, NULL, take_day, &d)) != MES_OK)
		return rc;
	if (d.rc != MES_OK)
		return d.rc;
	if (!(st = db_stmt(db, "UPDATE hub SET oee_upto = ?")))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, upto, -1, SQLITE_STATIC);
	return step_done(db, st, "noting the days sent");
}

int mes_hub_note(struct mes_db *db, long long central_seq, int retain_days,
                 long long *pruned)
{
	sqlite3_stmt *st;
	char ts[32], cut[32];
	int rc;

	if (!db || !db->h || central_seq < 0 || retain_days < 0)
		return db_badarg(db, __func__);
	if (pruned)
		*pruned = 0;
	if ((rc = tx_begin_raw(db)) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, "SELECT central_seq FROM hub")))
		return tx_end(db, MES_ERR_DB);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = db_fail(db, MES_ERR_STATE, "this plant is not attached to a "
		             "centre (mesctl hub attach)");
	else if (rc != SQLITE_ROW)
		rc = db_sqlfail(db, rc, "reading the hub state");
	else if (sqlite3_column_int64(st, 0) > central_seq)
		rc = db_fail(db, MES_ERR_STATE, "the centre's mark went back from "
		             "%lld to %lld: the centre lost events; the plant "
		             "keeps them", sqlite3_column_int64(st, 0),
		             central_seq);
	else
		rc = MES_OK;
	sqlite3_reset(st);
	if (rc == MES_OK && (st = db_stmt(db, "UPDATE hub SET central_seq = ?, "
	                                  "central_at = ?"))) {
		mes_now_iso(ts);
		sqlite3_bind_int64(st, 1, central_seq);
		sqlite3_bind_text(st, 2, ts, -1, SQLITE_STATIC);
		rc = step_done(db, st, "noting the centre's mark");
	}
	if (rc == MES_OK && (st = db_stmt(db, "DELETE FROM outbox WHERE seq <= "
	                                  "? AND ts < ?"))) {
		iso_of_time(time(NULL) - (time_t)retain_days * 86400, cut);
		sqlite3_bind_int64(st, 1, central_seq);
		sqlite3_bind_text(st, 2, cut, -1, SQLITE_STATIC);
		rc = step_done(db, st, "pruning the outbox");
		if (rc == MES_OK && pruned)
			*pruned = sqlite3_changes(db->h);
	}
	if (rc == MES_OK)
		rc = ship_days(db);
	return tx_end(db, rc);
}
