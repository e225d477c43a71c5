/*
 * What is due for inspection now: quarantined receipts with a receiving
 * plan, and running operations whose plan's frequency has come round.
 * Every running operation with a plan is due once when it starts (the
 * first piece); after that "every:N" counts good units and "hours:H"
 * clock hours since the last check.  "first" is never due again.
 *
 * Both reads go through indexes of open work only (schema 14), so the
 * list costs what is open, whatever the plant's history: INDEXED BY,
 * since a plant's statistics may favour walking every order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "quality_int.h"

struct due_list {
	struct mes_qdue *v;
	int n, cap;
};

static int due_push(struct due_list *l, const struct mes_qdue *d)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 32;
		void *p = realloc(l->v, (size_t)cap * sizeof *l->v);

		if (!p)
			return MES_ERR_NOMEM;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = *d;
	return MES_OK;
}

static time_t iso_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	                 &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	                 &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static int due_receipts(struct mes_db *db, struct due_list *l)
{
	static const char sql[] = "SELECT p.code, i.item_no, l.lot_no, "
		"l.created FROM inspection_plans p JOIN items i ON i.id = "
		"p.item_id JOIN lots l INDEXED BY lots_quarantine ON l.item_id ="
		" p.item_id AND l.status = 'quarantine' WHERE p.on_receipt = 1 "
		"AND p.active = 1 AND NOT"
		" EXISTS (SELECT 1 FROM inspections n WHERE n.plan_id = p.id "
		"AND n.lot_id = l.id AND n.result = 'pass')";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct mes_qdue d;
	int rc = MES_OK, src;

	if (!st)
		return MES_ERR_DB;
	while (rc == MES_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof d);
		str_copy(d.plan, sizeof d.plan, col_text(st, 0));
		str_copy(d.what, sizeof d.what, "receipt");
		str_copy(d.item_no, sizeof d.item_no, col_text(st, 1));
		str_copy(d.lot_no, sizeof d.lot_no, col_text(st, 2));
		str_copy(d.reason, sizeof d.reason, "received, in quarantine");
		str_copy(d.due_since, sizeof d.due_since, col_text(st, 3));
		rc = due_push(l, &d);
	}
	sqlite3_reset(st);
	return rc;
}

/* Fills reason and due_since; 0 when the operation is not due. */
static int op_due(struct mes_qdue *d, const char *freq, const char *start,
                  const char *last_ts, double last_qty, double good,
                  time_t now)
{
	enum mes_qfreq f;
	double n;
	time_t t;

	if (!*last_ts) {
		str_copy(d->reason, sizeof d->reason, "first piece");
		str_copy(d->due_since, sizeof d->due_since, start);
		return 1;
	}
	if (mes_qfreq_parse(freq, &f, &n) != MES_OK)
		return 0;
	if (f == MES_QF_EVERY && good - last_qty >= n) {
		snprintf(d->reason, sizeof d->reason, "%g units since the last"
		         " check (every %g)", good - last_qty, n);
		str_copy(d->due_since, sizeof d->due_since, last_ts);
		return 1;
	}
	t = iso_time(last_ts) + (time_t)(n * 3600);
	if (f == MES_QF_HOURS && t <= now) {
		snprintf(d->reason, sizeof d->reason, "%.1f h since the last "
		         "check (every %g h)", difftime(now, iso_time(last_ts))
		         / 3600, n);
		iso_of_time(t, d->due_since);
		return 1;
	}
	return 0;
}

static int due_ops(struct mes_db *db, struct due_list *l)
{
	static const char sql[] = "SELECT p.code, p.frequency, i.item_no, "
		"w.wo_no, o.seq, c.code, ifnull(o.actual_start, ''), "
		"o.qty_good, ifnull(n.ts, ''), ifnull(n.op_qty, 0) "
		"FROM inspection_plans p JOIN wo_ops o INDEXED BY wo_ops_active"
		" ON o.routing_op_id = p.routing_op_id AND o.status IN "
		"('running', 'paused') "
		"JOIN work_orders w ON w.id = o.wo_id JOIN items i ON i.id = "
		"w.item_id JOIN work_centers c ON c.id = o.wc_id "
		"LEFT JOIN inspections n ON n.id = (SELECT max(id) FROM "
		"inspections INDEXED BY inspections_op WHERE wo_op_id = o.id "
		"AND plan_id = p.id) WHERE p.on_receipt = 0 AND p.active = 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	time_t now = time(NULL);
	struct mes_qdue d;
	int rc = MES_OK;

	if (!st)
		return MES_ERR_DB;
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		memset(&d, 0, sizeof d);
		str_copy(d.plan, sizeof d.plan, col_text(st, 0));
		str_copy(d.what, sizeof d.what, "in-process");
		str_copy(d.item_no, sizeof d.item_no, col_text(st, 2));
		str_copy(d.wo_no, sizeof d.wo_no, col_text(st, 3));
		d.seq = sqlite3_column_int(st, 4);
		str_copy(d.wc, sizeof d.wc, col_text(st, 5));
		if (op_due(&d, col_text(st, 1), col_text(st, 6),
		           col_text(st, 8), sqlite3_column_double(st, 9),
		           sqlite3_column_double(st, 7), now))
			rc = due_push(l, &d);
	}
	sqlite3_reset(st);
	return rc;
}

static int by_since(const void *a, const void *b)
{
	const struct mes_qdue *x = a, *y = b;
	int c = strcmp(x->due_since, y->due_since);

	return c ? c : strcmp(x->plan, y->plan);
}

int mes_quality_due(struct mes_db *db, mes_qdue_fn fn, void *ctx)
{
	struct due_list l = { NULL, 0, 0 };
	int rc, i;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	rc = due_receipts(db, &l);
	if (rc == MES_OK)
		rc = due_ops(db, &l);
	if (rc == MES_ERR_NOMEM)
		db_fail(db, rc, "out of memory");
	if (rc == MES_OK) {
		if (l.n > 1)
			qsort(l.v, (size_t)l.n, sizeof *l.v, by_since);
		for (i = 0; i < l.n; i++)
			if (fn(&l.v[i], ctx))
				break;
	}
	free(l.v);
	return rc;
}
