/*
 * SPC alarms: raised by spc_check_new() when a new subgroup breaks an
 * enabled rule against frozen limits, shown until someone acknowledges
 * them (the quality screen and the dispatch board read them here).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "quality_int.h"

static int rule_of(const char *name)
{
	int r;

	for (r = 0; r < MES_SPC_NRULES; r++)
		if (!strcmp(mes_spc_rule_name(r), name))
			return r;
	return -1;
}

int mes_qalarm_each(struct mes_db *db, int all, mes_qalarm_fn fn, void *ctx)
{
#define ALARMS(where) "SELECT a.id, p.code || '/' || c.code, " \
	"ifnull(w.code, ''), a.rule, a.point_ref, a.value, a.ts, " \
	"ifnull(u.login, ''), ifnull(a.ack_ts, '') FROM spc_alarms a " \
	"JOIN characteristics c ON c.id = a.char_id JOIN " \
	"inspection_plans p ON p.id = c.plan_id LEFT JOIN work_centers" \
	" w ON w.id = a.wc_id LEFT JOIN users u ON u.id = a.ack_by " \
	where "ORDER BY a.id DESC"
	/* the open ones by their index, never a walk through the past */
	static const char every[] = ALARMS(""),
		open[] = ALARMS("WHERE a.ack_ts IS NULL ");
	struct mes_qalarm a;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, stop = 0, r;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, all ? every : open)))
		return MES_ERR_DB;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&a, 0, sizeof a);
		a.id = sqlite3_column_int64(st, 0);
		str_copy(a.chr, sizeof a.chr, col_text(st, 1));
		str_copy(a.wc, sizeof a.wc, col_text(st, 2));
		str_copy(a.rule, sizeof a.rule, col_text(st, 3));
		r = rule_of(a.rule);
		str_copy(a.rule_text, sizeof a.rule_text,
		         r >= 0 ? mes_spc_rule_text(r) : "");
		a.inspection_id = sqlite3_column_int64(st, 4);
		a.value = qcol_num(st, 5);
		str_copy(a.ts, sizeof a.ts, col_text(st, 6));
		str_copy(a.ack_by, sizeof a.ack_by, col_text(st, 7));
		str_copy(a.ack_ts, sizeof a.ack_ts, col_text(st, 8));
		stop = fn(&a, ctx);
	}
	return step_end(db, st, rc, "reading SPC alarms");
}

int mes_qalarm_ack(struct mes_db *db, long long id, const char *note)
{
	static const char q[] = "SELECT ifnull(ack_ts, ''), rule FROM "
		"spc_alarms WHERE id = ?";
	static const char upd[] = "UPDATE spc_alarms SET ack_by = ?, ack_ts "
		"= strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ack_note = ? WHERE "
		"id = ?";
	sqlite3_stmt *st;
	char acked[32] = "", rule[8] = "", key[32];
	int rc, found = 0;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	/* An acknowledgement without a word says only that a key was hit. */
	if (!note || !note[strspn(note, " \t")])
		return db_fail(db, MES_ERR_ARG, "say what was found or done "
		               "about alarm %lld (a note): it goes into the "
		               "record", id);
	if ((rc = tx_begin(db, PERM_QACK, "spc.ack")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, q)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		str_copy(acked, sizeof acked, col_text(st, 0));
		str_copy(rule, sizeof rule, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!found)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no SPC alarm "
		                          "%lld", id));
	if (acked[0])
		return tx_end(db, db_fail(db, MES_ERR_STATE, "alarm %lld was "
		                          "acknowledged at %s", id, acked));
	if (!(st = db_stmt(db, upd)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, db->sess.user_id);
	sqlite3_bind_text(st, 2, note ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	rc = step_done(db, st, "acknowledging the alarm");
	snprintf(key, sizeof key, "%lld", id);
	if (rc == MES_OK)
		rc = audit_append(db, "spc.ack", "spc_alarms", key, rule,
		                  "acknowledged", note);
	return tx_end(db, rc);
}

int mes_quality_alarm_count(struct mes_db *db, const char *wc_code,
                            int *count)
{
	static const char sql[] = "SELECT count(*) FROM spc_alarms a LEFT "
		"JOIN work_centers w ON w.id = a.wc_id WHERE a.ack_ts IS NULL "
		"AND (?1 = '' OR w.code = ?1)";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !count)
		return db_badarg(db, __func__);
	*count = 0;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, wc_code ? wc_code : "", -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*count = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MES_OK :
	       db_sqlfail(db, rc, "counting SPC alarms");
}
