/*
 * Gauges and their calibration: a gauge measures only while its
 * calibration holds (not failed, not past due), each calibration is
 * signed by whoever performed it, and a failed one names the results
 * the gauge gave since its last good calibration.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "quality_int.h"

int mes_gauge_add(struct mes_db *db, const char *code, const char *desc,
                  int interval_days, const char *due)
{
	static const char sql[] = "INSERT INTO gauges (code, description, "
		"interval_days, due_date, created) VALUES (?, ?, ?, ?, ?)";
	char when[11], key[64], val[96];
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !code || !*code)
		return db_badarg(db, __func__);
	if (strlen(code) > 32)
		return db_fail(db, MES_ERR_ARG, "a gauge's code is at most 32 "
		               "characters");
	if (interval_days < 1 || interval_days > 3650)
		return db_fail(db, MES_ERR_RANGE, "a calibration interval is 1 to "
		               "3650 days");
	if (due && !mes_valid_date(due))
		return db_fail(db, MES_ERR_ARG, "the due date is YYYY-MM-DD, not "
		               "\"%s\"", due);
	if (due)
		str_copy(when, sizeof when, due);
	else
		utc_day(interval_days, when);
	if ((rc = tx_begin(db, PERM_QPLAN, "gauge.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, desc ? desc : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, interval_days);
	sqlite3_bind_text(st, 4, when, -1, SQLITE_STATIC);
	bind_now(st, 5);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "gauge %s exists",
		                          code));
	if (rc != SQLITE_DONE)
		return tx_end(db, db_sqlfail(db, rc, "adding the gauge"));
	snprintf(key, sizeof key, "%s", code);
	snprintf(val, sizeof val, "every %d days, due %s", interval_days, when);
	return tx_end(db, audit_append(db, "gauge.add", "gauges", key, "", val,
	                               desc));
}

struct gauge_row {
	long long id;
	char status[12], due[11];
	int interval, ncal;
};

static int gauge_load(struct mes_db *db, const char *code, struct gauge_row *g)
{
	static const char sql[] = "SELECT id, status, due_date, interval_days, "
		"(SELECT count(*) FROM calibrations c WHERE c.gauge_id = g.id) FROM"
		" gauges g WHERE code = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		g->id = sqlite3_column_int64(st, 0);
		str_copy(g->status, sizeof g->status, col_text(st, 1));
		str_copy(g->due, sizeof g->due, col_text(st, 2));
		g->interval = sqlite3_column_int(st, 3);
		g->ncal = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	return rc == SQLITE_DONE ? db_fail(db, MES_ERR_NOTFOUND, "no gauge %s: "
	       "mesctl gauge list names them", code) :
	       db_sqlfail(db, rc, "reading the gauge");
}

int gauge_use(struct mes_db *db, long long insp, long long char_id,
              const char *code)
{
	static const char sql[] = "INSERT INTO gauge_uses (inspection_id, "
		"char_id, gauge_id, cal_id) VALUES (?1, ?2, ?3, ifnull((SELECT "
		"max(id) FROM calibrations WHERE gauge_id = ?3), 0))";
	struct gauge_row g;
	char today[11];
	sqlite3_stmt *st;
	int rc;

	if ((rc = gauge_load(db, code, &g)) != MES_OK)
		return rc;
	utc_today(today);
	if (!strcmp(g.status, "retired"))
		return db_fail(db, MES_ERR_STATE, "gauge %s is retired: measure "
		               "with another", code);
	if (!strcmp(g.status, "failed"))
		return db_fail(db, MES_ERR_STATE, "gauge %s failed its last "
		               "calibration: measure with another, or calibrate it "
		               "again (mesctl gauge calibrate)", code);
	if (strcmp(g.due, today) < 0)
		return db_fail(db, MES_ERR_STATE, "gauge %s was due for "
		               "calibration on %s: measure with another, or "
		               "calibrate it (mesctl gauge calibrate)", code, g.due);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, insp);
	sqlite3_bind_int64(st, 2, char_id);
	sqlite3_bind_int64(st, 3, g.id);
	return step_done(db, st, "noting the gauge");
}

/* What the signature binds: the gauge, the how-manyth calibration it is
 * and everything recorded of it. */
static void cal_hash(const char *code, int nth, const struct mes_gauge_cal *c,
                     char out[65])
{
	char text[1024];
	int n = snprintf(text, sizeof text, "gauge\n%s\n%d\n%s\n%s\n%s\n%s",
	                 code, nth, c->pass ? "pass" : "fail",
	                 c->as_found ? c->as_found : "",
	                 c->as_left ? c->as_left : "",
	                 c->certificate ? c->certificate : "");

	mes_sha256_hex(text, n > 0 && n < (int)sizeof text ? (size_t)n :
	               sizeof text - 1, out);
}

static int count_suspects(const struct mes_gauge_suspect *s, void *ctx)
{
	(void)s;
	(*(int *)ctx)++;
	return 0;
}

static int record_cal(struct mes_db *db, const char *code,
                      const struct mes_gauge_cal *c, const struct gauge_row *g,
                      long long sig_id)
{
	static const char ins[] = "INSERT INTO calibrations (gauge_id, ts, "
		"result, as_found, as_left, certificate, user_id, sig_id) SELECT "
		"?1, ?2, ?3, ?4, ?5, ?6, s.user_id, s.id FROM signatures s WHERE "
		"s.id = ?7";
	static const char upd[] = "UPDATE gauges SET status = ?2, due_date = ?3"
		" WHERE id = ?1";
	char due[11], now[32], val[160];
	sqlite3_stmt *st;
	int rc;

	mes_now_iso(now);
	if (!(st = db_stmt(db, ins)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, g->id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, c->pass ? "pass" : "fail", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->as_found ? c->as_found : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->as_left ? c->as_left : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->certificate ? c->certificate : "", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, sig_id);
	if ((rc = step_done(db, st, "recording the calibration")) != MES_OK)
		return rc;
	if (c->pass)
		utc_day(g->interval, due);
	else
		str_copy(due, sizeof due, g->due);
	if (!(st = db_stmt(db, upd)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, g->id);
	sqlite3_bind_text(st, 2, c->pass ? "ok" : "failed", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, due, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "updating the gauge")) != MES_OK)
		return rc;
	snprintf(val, sizeof val, "%s, due %s, certificate %.64s", c->pass ?
	         "pass" : "fail", due, c->certificate ? c->certificate : "");
	return audit_append(db, "gauge.calibrate", "gauges", code, g->status,
	                    val, c->as_found);
}

int mes_gauge_calibrate(struct mes_db *db, const char *code,
                        const struct mes_gauge_cal *c, int *suspects)
{
	struct gauge_row g, now;
	long long sig_id = 0;
	char hash[65];
	int rc;

	if (!db || !db->h || !code || !c || !c->signer || !c->pin)
		return db_badarg(db, __func__);
	if (suspects)
		*suspects = 0;
	if ((rc = gauge_load(db, code, &g)) != MES_OK)
		return rc;
	if (!strcmp(g.status, "retired"))
		return db_fail(db, MES_ERR_STATE, "gauge %s is retired", code);
	cal_hash(code, g.ncal + 1, c, hash);
	if ((rc = mes_sign(db, c->signer, c->pin, "calibrated", "gauges", g.id,
	                   g.ncal + 1, hash, MES_ROLE_QUALITY, &sig_id)) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_QPLAN, "gauge.calibrate")) != MES_OK)
		return rc;
	if ((rc = gauge_load(db, code, &now)) == MES_OK && now.ncal != g.ncal)
		rc = db_fail(db, MES_ERR_STATE, "gauge %s was calibrated by someone"
		             " else meanwhile: look at it again and sign again", code);
	if (rc == MES_OK)
		rc = mes_sign_verify(db, sig_id, "gauges", g.id, g.ncal + 1, hash);
	if (rc == MES_OK)
		rc = record_cal(db, code, c, &now, sig_id);
	if ((rc = tx_end(db, rc)) == MES_OK && !c->pass && suspects)
		rc = mes_gauge_suspects(db, code, count_suspects, suspects);
	return rc;
}

int mes_gauge_retire(struct mes_db *db, const char *code, const char *reason)
{
	static const char sql[] = "UPDATE gauges SET status = 'retired' WHERE "
		"id = ?";
	struct gauge_row g;
	sqlite3_stmt *st;
	char old[40];
	int rc;

	if (!db || !db->h || !code)
		return db_badarg(db, __func__);
	if (!reason || !*reason)
		return db_fail(db, MES_ERR_ARG, "say why the gauge is retired");
	if ((rc = tx_begin(db, PERM_QPLAN, "gauge.retire")) != MES_OK)
		return rc;
	if ((rc = gauge_load(db, code, &g)) != MES_OK)
		return tx_end(db, rc);
	if (!strcmp(g.status, "retired"))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "gauge %s is retired "
		              "already", code));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, g.id);
	if ((rc = step_done(db, st, "retiring the gauge")) != MES_OK)
		return tx_end(db, rc);
	snprintf(old, sizeof old, "{\"status\":\"%s\"}", g.status);
	return tx_end(db, audit_append(db, "gauge.retire", "gauges", code, old,
	                               "{\"status\":\"retired\"}", reason));
}

int mes_gauge_each(struct mes_db *db, mes_gauge_fn fn, void *ctx)
{
	static const char sql[] = "SELECT g.code, g.description, "
		"g.interval_days, g.due_date, " GAUGE_STATE_SQL " AS state, "
		"ifnull(c.ts, ''), ifnull(c.result, ''), ifnull(c.certificate, "
		"''), ifnull(u.login, ''), (SELECT count(*) FROM gauge_uses x "
		"WHERE x.gauge_id = g.id) FROM gauges g LEFT JOIN calibrations c "
		"ON c.id = (SELECT id FROM calibrations WHERE gauge_id = g.id "
		"ORDER BY ts DESC, id DESC LIMIT 1) LEFT JOIN users u ON u.id = "
		"c.user_id ORDER BY state IN ('ok', 'due soon'), g.due_date, "
		"g.code";
	struct mes_gauge g;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&g, 0, sizeof g);
		str_copy(g.code, sizeof g.code, col_text(st, 0));
		str_copy(g.description, sizeof g.description, col_text(st, 1));
		g.interval_days = sqlite3_column_int(st, 2);
		str_copy(g.due, sizeof g.due, col_text(st, 3));
		str_copy(g.state, sizeof g.state, col_text(st, 4));
		str_copy(g.last_ts, sizeof g.last_ts, col_text(st, 5));
		str_copy(g.last_result, sizeof g.last_result, col_text(st, 6));
		str_copy(g.certificate, sizeof g.certificate, col_text(st, 7));
		str_copy(g.signed_by, sizeof g.signed_by, col_text(st, 8));
		g.uses = sqlite3_column_int64(st, 9);
		if (fn(&g, ctx))
			break;
	}
	return step_end(db, st, rc, "listing the gauges");
}

int mes_gauge_suspects(struct mes_db *db, const char *code,
                       mes_gauge_suspect_fn fn, void *ctx)
{
	/* f: the newest calibration, if it failed; p: the good one before
	 * it (0: the one the gauge came with).  What was measured under p. */
	static const char sql[] = "WITH g AS (SELECT id FROM gauges WHERE code "
		"= ?1), f AS (SELECT id FROM calibrations WHERE gauge_id = (SELECT "
		"id FROM g) AND result = 'fail' AND id = (SELECT max(id) FROM "
		"calibrations WHERE gauge_id = (SELECT id FROM g))), p AS (SELECT "
		"ifnull(max(id), 0) AS id FROM calibrations WHERE gauge_id = ("
		"SELECT id FROM g) AND result = 'pass' AND id < (SELECT id FROM f))"
		" SELECT x.id, x.ts, pl.code, ch.code, ifnull(l.lot_no, ''), ifnull("
		"w.wo_no, ''), ifnull(o.seq, 0), x.result, ifnull(l.status, '') FROM"
		" gauge_uses u JOIN inspections x ON x.id = u.inspection_id JOIN "
		"inspection_plans pl ON pl.id = x.plan_id JOIN characteristics ch "
		"ON ch.id = u.char_id LEFT JOIN lots l ON l.id = x.lot_id LEFT JOIN"
		" wo_ops o ON o.id = x.wo_op_id LEFT JOIN work_orders w ON w.id = "
		"o.wo_id WHERE u.gauge_id = (SELECT id FROM g) AND EXISTS (SELECT 1"
		" FROM f) AND u.cal_id = (SELECT id FROM p) ORDER BY x.id, ch.code";
	struct mes_gauge_suspect s;
	struct gauge_row g;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !code || !fn)
		return db_badarg(db, __func__);
	if ((rc = gauge_load(db, code, &g)) != MES_OK ||
	    (rc = db_list_begin(db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&s, 0, sizeof s);
		s.inspection_id = sqlite3_column_int64(st, 0);
		str_copy(s.ts, sizeof s.ts, col_text(st, 1));
		str_copy(s.plan, sizeof s.plan, col_text(st, 2));
		str_copy(s.characteristic, sizeof s.characteristic,
		         col_text(st, 3));
		str_copy(s.lot_no, sizeof s.lot_no, col_text(st, 4));
		str_copy(s.wo_no, sizeof s.wo_no, col_text(st, 5));
		s.seq = sqlite3_column_int(st, 6);
		str_copy(s.result, sizeof s.result, col_text(st, 7));
		str_copy(s.lot_status, sizeof s.lot_status, col_text(st, 8));
		if (fn(&s, ctx))
			break;
	}
	return step_end(db, st, rc, "listing what the gauge measured");
}
