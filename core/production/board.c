/*
 * What the dispatch board reads: work centers with their load, and each
 * work center's queue in the order the floor should work it.  Reads only;
 * the state is derived here once so every screen shows the same words.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "base/internal.h"
#include "prod.h"

const char *mes_op_state_name(enum mes_op_state s)
{
	static const char *const names[] = {
		[MES_OPS_WAITING] = "waiting", [MES_OPS_READY] = "ready",
		[MES_OPS_RUNNING] = "running", [MES_OPS_PAUSED] = "paused",
		[MES_OPS_BLOCKED] = "blocked", [MES_OPS_COMPLETE] = "complete",
	};

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* The queue and running counts and the queued hours come from wc_load,
 * which the schema's triggers keep: three numbers, whatever the backlog. */
#define WC_COLS \
	"SELECT wc.id, wc.code, wc.name, wc.capacity," \
	" ifnull(l.queued, 0), ifnull(l.running, 0)," \
	" ifnull((SELECT a.state FROM assets a WHERE a.wc_id = wc.id" \
	"  ORDER BY a.id LIMIT 1), '')," \
	" (SELECT count(*) FROM andon_calls c WHERE c.closed_ts IS NULL AND" \
	"  c.wc_id = wc.id), ifnull(l.queued_min, 0) / 60.0" \
	" FROM work_centers wc LEFT JOIN wc_load l ON l.wc_id = wc.id "

static void fill_wc(sqlite3_stmt *st, struct mes_wc_info *w)
{
	memset(w, 0, sizeof *w);
	w->id = sqlite3_column_int64(st, 0);
	str_copy(w->code, sizeof w->code, col_text(st, 1));
	str_copy(w->name, sizeof w->name, col_text(st, 2));
	w->capacity = sqlite3_column_int(st, 3);
	w->queued = sqlite3_column_int(st, 4);
	w->running = sqlite3_column_int(st, 5);
	str_copy(w->state, sizeof w->state, col_text(st, 6));
	w->andon_open = sqlite3_column_int(st, 7);
	w->queued_h = sqlite3_column_double(st, 8);
}

int mes_board_wcs(struct mes_db *db, mes_wc_fn fn, void *ctx)
{
	static const char sql[] = WC_COLS "WHERE wc.active ORDER BY wc.code";
	struct mes_wc_info w;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_wc(st, &w);
		stop = fn(&w, ctx);
	}
	return step_end(db, st, rc, "reading work centers");
}

int mes_board_wc(struct mes_db *db, long long wc_id, struct mes_wc_info *out)
{
	static const char sql[] = WC_COLS "WHERE wc.id = ?";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, wc_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fill_wc(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc == SQLITE_DONE)
		return db_fail(db, MES_ERR_NOTFOUND, "no work center %lld", wc_id);
	return db_sqlfail(db, rc, "reading the work center");
}

/* One row of the queue query; kept in one place for queue and find. */
#define BOARD_COLS \
	"SELECT o.id, w.wo_no, o.seq, i.item_no, o.description, wc.code," \
	" o.status, w.status, w.qty, o.qty_good, o.qty_scrap, o.setup_min," \
	" o.run_min, w.release_date, w.due_date, w.priority," \
	" ifnull(o.plan_start, ''), ifnull(o.plan_end, '')," \
	" ifnull(o.actual_start, '')," \
	" ifnull((SELECT group_concat(u.login, ',') FROM labor l JOIN users u" \
	"   ON u.id = l.user_id WHERE l.wo_op_id = o.id AND" \
	"   l.clock_off IS NULL), '')," \
	" (SELECT p.qty_good FROM wo_ops p WHERE p.wo_id = o.wo_id AND" \
	"   p.seq < o.seq ORDER BY p.seq DESC LIMIT 1), o.wc_id," \
	" ifnull((SELECT t.on_time FROM twin_orders t WHERE t.sim_id =" \
	"   (SELECT max(id) FROM twin_sims) AND t.wo_id = o.wo_id), -1)" \
	" FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id" \
	" JOIN items i ON i.id = w.item_id" \
	" JOIN work_centers wc ON wc.id = o.wc_id "

/* The floor's order of a queue. */
#define QUEUE_ORDER(o, w) \
	o ".status = 'waiting', " o ".plan_start IS NULL, " o ".plan_start, " \
	w ".priority, " w ".due_date, " w ".wo_no, " o ".seq"

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static enum mes_op_state derive_state(const struct mes_board_op *op,
                                      int has_prev, double prev_good)
{
	if (!strcmp(op->status, "complete"))
		return MES_OPS_COMPLETE;
	if (!strcmp(op->status, "running"))
		return MES_OPS_RUNNING;
	if (!strcmp(op->status, "paused"))
		return MES_OPS_PAUSED;
	if (!strcmp(op->order_status, "held") ||
	    !strcmp(op->order_status, "planned"))
		return MES_OPS_BLOCKED;
	/* Waiting for material from the operation before it. */
	if (has_prev && prev_good <= 0)
		return MES_OPS_WAITING;
	return MES_OPS_READY;
}

static void fill_op(sqlite3_stmt *st, struct mes_board_op *op,
                    const char *day)
{
	memset(op, 0, sizeof *op);
	op->id = sqlite3_column_int64(st, 0);
	str_copy(op->wo_no, sizeof op->wo_no, col_text(st, 1));
	op->seq = sqlite3_column_int(st, 2);
	str_copy(op->item_no, sizeof op->item_no, col_text(st, 3));
	str_copy(op->description, sizeof op->description, col_text(st, 4));
	str_copy(op->wc, sizeof op->wc, col_text(st, 5));
	str_copy(op->status, sizeof op->status, col_text(st, 6));
	str_copy(op->order_status, sizeof op->order_status, col_text(st, 7));
	op->qty = sqlite3_column_double(st, 8);
	op->good = sqlite3_column_double(st, 9);
	op->scrap = sqlite3_column_double(st, 10);
	op->setup_min = sqlite3_column_double(st, 11);
	op->run_min = sqlite3_column_double(st, 12);
	str_copy(op->release, sizeof op->release, col_text(st, 13));
	str_copy(op->due, sizeof op->due, col_text(st, 14));
	op->priority = sqlite3_column_int(st, 15);
	str_copy(op->plan_start, sizeof op->plan_start, col_text(st, 16));
	str_copy(op->plan_end, sizeof op->plan_end, col_text(st, 17));
	str_copy(op->actual_start, sizeof op->actual_start, col_text(st, 18));
	str_copy(op->operators, sizeof op->operators, col_text(st, 19));
	op->state = derive_state(op, sqlite3_column_type(st, 20) != SQLITE_NULL,
	                         sqlite3_column_double(st, 20));
	op->wc_id = sqlite3_column_int64(st, 21);
	op->on_time = sqlite3_column_double(st, 22);
	op->late = op->state != MES_OPS_COMPLETE &&
	           (strcmp(op->due, day) < 0 ||
	            (op->plan_end[0] && strncmp(op->plan_end, op->due, 10) > 0));
}

/*
 * A queue is read in parts that each follow an index, so that the head of
 * a queue costs the rows it shows, not the backlog behind them: what is
 * on the machine (running, paused), then waiting work with a planned
 * start (wo_ops_board, in plan_start order), then waiting work without
 * one, in its order's priority (wo_ops_unplanned, whose key the schema's
 * triggers copy from the order).  Each part picks its rows first and
 * computes the per-row columns (operators, predecessor) for only those.
 */
#define OPEN_WO "w2.status IN ('released','running','held')"
#define WC_ID "(SELECT id FROM work_centers WHERE code = ?1)"
#define PICK(from, order) BOARD_COLS "WHERE o.id IN (SELECT o2.id FROM " \
	from " ORDER BY " order " LIMIT ?2) ORDER BY " QUEUE_ORDER("o", "w")
#define BY_PRIORITY "w2.priority, w2.due_date, w2.wo_no, o2.seq"
/* From the work center's operations to their orders, never the other
 * way: left to itself the planner walks every open order looking for the
 * few on this machine, a cost that grows with the backlog (2,000 open
 * orders: 3-5 ms a queue, on every change). */
#define BY_OP "wo_ops o2 CROSS JOIN work_orders w2 ON w2.id = o2.wo_id WHERE"

static const char *const queue_sql[] = {
	PICK(BY_OP
	     " o2.wc_id = " WC_ID " AND o2.status IN ('running','paused') AND "
	     OPEN_WO, QUEUE_ORDER("o2", "w2")),
	PICK(BY_OP
	     " o2.wc_id = " WC_ID " AND o2.status = 'waiting' AND"
	     " o2.plan_start IS NOT NULL AND " OPEN_WO,
	     "o2.plan_start, " BY_PRIORITY),
	/* The copy of the order's openness (q_open) picks the index; the
	 * order's own status still decides. */
	PICK(BY_OP " o2.wc_id = " WC_ID " AND o2.status = 'waiting' AND"
	     " o2.plan_start IS NULL AND o2.q_open = 1 AND " OPEN_WO,
	     "o2.q_priority, o2.q_due, o2.q_wo_no, o2.seq"),
};

/* One part: at most limit rows (0: all) to fn; -1 when fn stopped. */
static int queue_part(struct mes_db *db, const char *sql, const char *wc_code,
                      int limit, mes_board_op_fn fn, void *ctx, int *got)
{
	struct mes_board_op op;
	sqlite3_stmt *st;
	char day[11];
	int rc, stop = 0;

	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	today(day);
	sqlite3_bind_text(st, 1, wc_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_op(st, &op, day);
		(*got)++;
		stop = fn(&op, ctx);
	}
	rc = step_end(db, st, rc, "reading the queue");
	return rc == MES_OK && stop ? -1 : rc;
}

int mes_board_queue(struct mes_db *db, const char *wc_code, int limit,
                    mes_board_op_fn fn, void *ctx)
{
	int rc = MES_OK, got = 0, part;

	if (!db || !db->h || !wc_code || !fn)
		return db_badarg(db, __func__);
	for (part = 0; part < 3 && rc == MES_OK; part++) {
		if (limit > 0 && got >= limit)
			break;
		rc = queue_part(db, queue_sql[part], wc_code,
		                limit > 0 ? limit - got : 0, fn, ctx, &got);
	}
	return rc < 0 ? MES_OK : rc;
}

int mes_board_op(struct mes_db *db, const char *wo_no, int seq,
                 struct mes_board_op *out)
{
	static const char sql[] = BOARD_COLS "WHERE w.wo_no = ?1 AND o.seq = ?2";
	sqlite3_stmt *st;
	char day[11];
	int rc;

	if (!db || !db->h || !wo_no || !out)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	today(day);
	sqlite3_bind_text(st, 1, wo_no, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill_op(st, out, day);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc == SQLITE_DONE)
		return db_fail(db, MES_ERR_NOTFOUND, "no operation %d on work "
		               "order %s", seq, wo_no);
	return db_sqlfail(db, rc, "reading the operation");
}

int mes_reason_each(struct mes_db *db, const char *kind, mes_reason_fn fn,
                    void *ctx)
{
	static const char sql[] = "SELECT code, description FROM reason_codes"
		" WHERE kind = ? ORDER BY code";
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!db || !db->h || !kind || !fn)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = fn(col_text(st, 0), col_text(st, 1), ctx);
	return step_end(db, st, rc, "reading reason codes");
}

/* Minutes of [from, to) that fall in one day's shift [s, e) minutes. */
static double overlap(time_t day0, int s, int e, time_t from, time_t to)
{
	time_t a = day0 + (time_t)s * 60, b = day0 + (time_t)e * 60;

	if (a < from)
		a = from;
	if (b > to)
		b = to;
	return b > a ? (double)(b - a) / 60.0 : 0;
}

int mes_wc_available_min(struct mes_db *db, const char *wc_code, time_t from,
                         time_t to, double *minutes)
{
	static const char sql[] = "SELECT s.weekday, s.start_min, s.end_min "
		"FROM wc_shifts s JOIN work_centers w ON w.id = s.wc_id "
		"WHERE w.code = ?";
	sqlite3_stmt *st;
	struct tm tm;
	time_t day;
	double sum = 0;
	int rc, any = 0;

	if (!db || !db->h || !wc_code || !minutes || to < from)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, wc_code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int wd = sqlite3_column_int(st, 0), s = sqlite3_column_int(st, 1);
		int e = sqlite3_column_int(st, 2);

		any = 1;
		/* Shift hours are the plant's wall clock (the server's TZ). */
		localtime_r(&from, &tm);
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		for (day = mktime(&tm); day < to; ) {
			struct tm d;

			localtime_r(&day, &d);
			if ((d.tm_wday + 6) % 7 == wd)
				sum += overlap(day, s, e, from, to);
			d.tm_mday++;
			d.tm_hour = d.tm_min = d.tm_sec = 0;
			d.tm_isdst = -1;
			day = mktime(&d);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading shifts");
	/* No calendar at all: the work center is always there. */
	*minutes = any ? sum : (double)(to - from) / 60.0;
	return MES_OK;
}

int mes_board_operators(struct mes_db *db, mes_operator_fn fn, void *ctx)
{
	/*
	 * Work ahead of each operator: the quantity still to make on the
	 * operations they are clocked on, shared among everyone clocked on
	 * the same operation, and setup where the operation has not started.
	 */
	static const char sql[] =
		"SELECT u.login, u.name, count(l.id),"
		" ifnull(sum((o.run_min * max(w.qty - o.qty_good, 0) +"
		"  CASE WHEN o.actual_start IS NULL THEN o.setup_min ELSE 0 END)"
		"  / (SELECT count(*) FROM labor l2 WHERE l2.wo_op_id = o.id AND"
		"     l2.clock_off IS NULL)), 0) / 60.0,"
		" ifnull(min(c.code), '')"
		" FROM users u LEFT JOIN labor l ON l.user_id = u.id AND"
		"  l.clock_off IS NULL"
		" LEFT JOIN wo_ops o ON o.id = l.wo_op_id"
		" LEFT JOIN work_orders w ON w.id = o.wo_id"
		" LEFT JOIN work_centers c ON c.id = o.wc_id"
		" WHERE u.active AND (u.roles & 1) GROUP BY u.id ORDER BY u.login";
	struct mes_operator_load op;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "reading operators' work");
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&op, 0, sizeof op);
		str_copy(op.login, sizeof op.login, col_text(st, 0));
		str_copy(op.name, sizeof op.name, col_text(st, 1));
		op.open_ops = sqlite3_column_int(st, 2);
		op.hours = sqlite3_column_double(st, 3);
		str_copy(op.wc, sizeof op.wc, col_text(st, 4));
		stop = fn(&op, ctx);
	}
	sqlite3_finalize(st);
	if (!stop && rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading operators' work");
	return MES_OK;
}
