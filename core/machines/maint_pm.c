/*
 * Preventive maintenance plans (by calendar days or machine cycles) and
 * condition monitoring: an EWMA or a CUSUM over a signal the collector
 * samples.  A monitor that crosses its upper limit raises one alert (until
 * acknowledged) and proposes a condition order.  Only the upper side
 * alarms: a machine that heats, shakes or draws more current is wearing;
 * one that idles cold is not (the lower CUSUM is kept, not alarmed on).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine_int.h"

int mes_pm_plan_add(struct mes_db *db, const char *asset, const char *name,
                    int every_days, long every_cycles, long long *id)
{
	static const char sql[] = "INSERT INTO pm_plans (asset_id, name, "
		"every_days, every_cycles, last_done, last_cycles) VALUES (?, ?,"
		" nullif(?, 0), nullif(?, 0), ?, (SELECT CAST(cycles AS INTEGER)"
		" FROM assets WHERE id = ?1))";
	struct asset_row a;
	sqlite3_stmt *st;
	char v[64];
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if (!name || !*name)
		return db_fail(db, MES_ERR_ARG, "a PM plan needs a name");
	if (every_days < 0 || every_cycles < 0 || (!every_days && !every_cycles))
		return db_fail(db, MES_ERR_ARG, "a PM plan is due every N days,"
		               " every N cycles or both (N above 0)");
	if ((rc = tx_begin(db, PERM_MAINT, "pm.add")) != MES_OK)
		return rc;
	if ((rc = asset_load(db, asset, &a)) != MES_OK)
		return tx_end(db, rc);
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, a.id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, every_days);
	sqlite3_bind_int64(st, 4, every_cycles);
	bind_now(st, 5);
	if ((rc = step_done(db, st, "saving the PM plan")) != MES_OK)
		return tx_end(db, rc);
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	snprintf(v, sizeof v, "%d days, %ld cycles", every_days, every_cycles);
	return tx_end(db, audit_append(db, "pm.add", "pm_plans", a.code, "", v,
	                               name));
}

struct pm_list {
	struct mes_pm_due *v;
	size_t n, cap;
};

static int pm_load(struct mes_db *db, const char *now, struct pm_list *l)
{
	static const char sql[] = "SELECT p.id, a.code, p.name, ifnull("
		"p.last_done, ''), ifnull(p.every_days, 0), ifnull("
		"p.every_cycles, 0), a.cycles - p.last_cycles, ifnull((SELECT "
		"mo_no FROM maint_orders m WHERE m.pm_plan_id = p.id AND m.status"
		" NOT IN ('signed-off', 'cancelled') ORDER BY m.id DESC LIMIT 1),"
		" '') FROM pm_plans p JOIN assets a ON a.id = p.asset_id ORDER "
		"BY a.code, p.name";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct mes_pm_due *p;
	int src;

	if (!st)
		return MES_ERR_DB;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			p = realloc(l->v, l->cap * sizeof *p);
			if (!p) {
				sqlite3_reset(st);
				return db_fail(db, MES_ERR_NOMEM, "out of memory");
			}
			l->v = p;
		}
		p = &l->v[l->n++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		str_copy(p->asset, sizeof p->asset, col_text(st, 1));
		str_copy(p->name, sizeof p->name, col_text(st, 2));
		str_copy(p->last_done, sizeof p->last_done, col_text(st, 3));
		p->every_days = sqlite3_column_int(st, 4);
		p->every_cycles = (long)sqlite3_column_int64(st, 5);
		p->cycles_since = sqlite3_column_double(st, 6);
		str_copy(p->open_mo, sizeof p->open_mo, col_text(st, 7));
		if (p->every_days && p->last_done[0]) {
			mach_secs_iso(mach_iso_secs(p->last_done) +
			              p->every_days * 86400.0, p->due_ts);
			if (strcmp(p->due_ts, now) <= 0)
				p->due = 1;
		}
		if (p->every_cycles && p->cycles_since >= p->every_cycles)
			p->due = 1;
	}
	sqlite3_reset(st);
	return src == SQLITE_DONE ? MES_OK : db_sqlfail(db, src, "reading PM "
	                                                "plans");
}

int mes_pm_each(struct mes_db *db, const char *now, mes_pm_fn fn, void *ctx)
{
	struct pm_list l = { NULL, 0, 0 };
	char when[32];
	size_t i;
	int rc;

	if (!db || !fn)
		return db_badarg(db, __func__);
	rc = pm_load(db, mach_ts(now, when), &l);
	for (i = 0; rc == MES_OK && i < l.n; i++)
		if (fn(&l.v[i], ctx))
			break;
	free(l.v);
	return rc;
}

int mes_pm_generate(struct mes_db *db, const char *now, int *created)
{
	struct pm_list l = { NULL, 0, 0 };
	char when[32], mo[24], desc[256];
	struct asset_row a;
	size_t i;
	int rc, n = 0;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MAINT, "pm.generate")) != MES_OK)
		return rc;
	rc = pm_load(db, mach_ts(now, when), &l);
	for (i = 0; rc == MES_OK && i < l.n; i++) {
		if (!l.v[i].due || l.v[i].open_mo[0])
			continue;
		if ((rc = asset_load(db, l.v[i].asset, &a)) != MES_OK)
			break;
		snprintf(desc, sizeof desc, "PM: %s", l.v[i].name);
		rc = mo_insert_tx(db, a.id, "preventive", desc, 0, 0, l.v[i].id,
		                  0, mo);
		n += rc == MES_OK;
	}
	free(l.v);
	if (created)
		*created = rc == MES_OK ? n : 0;
	return tx_end(db, rc);
}

int mes_monitor_set(struct mes_db *db, const char *asset, const char *signal,
                    const char *method, double target, double sigma,
                    double p1, double p2)
{
	static const char sql[] = "INSERT INTO condition_monitors (asset_id, "
		"signal, method, target, sigma, lambda, limit_l, k, h) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7) ON CONFLICT(asset_id, "
		"signal) DO UPDATE SET method = ?3, target = ?4, sigma = ?5, "
		"lambda = ?6, limit_l = ?7, k = ?6, h = ?7, stat = 0, stat_lo = "
		"0, n = 0";
	struct asset_row a;
	sqlite3_stmt *st;
	char v[128];
	int ewma, rc;

	if (!db || !signal || !*signal || !method)
		return db_badarg(db, __func__);
	ewma = !strcmp(method, "ewma");
	if (!ewma && strcmp(method, "cusum"))
		return db_fail(db, MES_ERR_ARG, "a monitor is ewma or cusum");
	if (!(sigma > 0) || !isfinite(target) || !(p2 > 0) ||
	    (ewma && !(p1 > 0 && p1 <= 1)) || (!ewma && !(p1 >= 0)))
		return db_fail(db, MES_ERR_RANGE, "sigma and the limit are above"
		               " 0; EWMA lambda is in (0, 1], CUSUM k is 0 or "
		               "more");
	if ((rc = tx_begin(db, PERM_MAINT, "monitor.set")) != MES_OK)
		return rc;
	if ((rc = asset_load(db, asset, &a)) != MES_OK)
		return tx_end(db, rc);
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, a.id);
	sqlite3_bind_text(st, 2, signal, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ewma ? "ewma" : "cusum", -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, target);
	sqlite3_bind_double(st, 5, sigma);
	sqlite3_bind_double(st, 6, p1);
	sqlite3_bind_double(st, 7, p2);
	if ((rc = step_done(db, st, "saving the monitor")) != MES_OK)
		return tx_end(db, rc);
	snprintf(v, sizeof v, "%s %s target %g sigma %g %g %g", signal, method,
	         target, sigma, p1, p2);
	return tx_end(db, audit_append(db, "monitor.set", "condition_monitors",
	                               a.code, "", v, ""));
}

/*
 * EWMA: z = lambda x + (1 - lambda) z, started at the target; limit
 * L sigma sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^2n)).
 * CUSUM: C+ = max(0, C+ + z - k), C- = max(0, C- - z - k) with z the
 * standardised sample; limit h.  (Montgomery, Introduction to
 * Statistical Quality Control, ch. 9.)
 */
static int monitor_step(double *stat, double *lo, long long n, int ewma,
                        double target, double sigma, double p1, double p2,
                        double x, double *shown, double *limit)
{
	double z, w;

	if (ewma) {
		if (n == 0)
			*stat = target;
		*stat = p1 * x + (1 - p1) * *stat;
		w = p2 * sigma * sqrt(p1 / (2 - p1) *
		                      (1 - pow(1 - p1, 2.0 * (double)(n + 1))));
		*shown = *stat;
		*limit = target + w;
		return *stat - target > w;
	}
	z = (x - target) / sigma;
	*stat = fmax(0, *stat + z - p1);
	*lo = fmax(0, *lo - z - p1);
	*shown = *stat;
	*limit = p2;
	return *stat > p2;
}

static int raise_alert(struct mes_db *db, const struct asset_row *a,
                       long long mon, const char *signal, const char *method,
                       double value, double limit, const char *ts)
{
	static const char open_sql[] = "SELECT count(*) FROM condition_alerts "
		"WHERE monitor_id = ? AND ack_ts IS NULL";
	static const char ins[] = "INSERT INTO condition_alerts (asset_id, "
		"signal, value, threshold, ts, monitor_id, method) VALUES (?, ?, "
		"?, ?, ?, ?, ?)";
	sqlite3_stmt *st = db_stmt(db, open_sql);
	char desc[256], mo[24], key[24];
	long long open = 0, alert;
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, mon);
	if (sqlite3_step(st) == SQLITE_ROW)
		open = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (open)
		return MES_OK;
	if (!(st = db_stmt(db, ins)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_text(st, 2, signal, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, value);
	sqlite3_bind_double(st, 4, limit);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, mon);
	sqlite3_bind_text(st, 7, method, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "raising the alert")) != MES_OK)
		return rc;
	alert = sqlite3_last_insert_rowid(db->h);
	snprintf(key, sizeof key, "%lld", alert);
	snprintf(desc, sizeof desc, "Condition: %s %s %.4g beyond %.4g on %s",
	         signal, method, value, limit, a->code);
	rc = audit_append(db, "alert.raise", "condition_alerts", key, "", desc,
	                  "");
	if (rc == MES_OK)
		rc = mo_insert_tx(db, a->id, "condition", desc, 0, 0, 0, alert,
		                  mo);
	return rc;
}

int monitor_feed_tx(struct mes_db *db, const struct asset_row *a,
                    const char *signal, double value, const char *ts)
{
	static const char sql[] = "SELECT id, method, target, sigma, lambda, "
		"limit_l, k, h, stat, stat_lo, n FROM condition_monitors WHERE "
		"asset_id = ? AND signal = ?";
	static const char upd[] = "UPDATE condition_monitors SET stat = ?, "
		"stat_lo = ?, n = n + 1 WHERE id = ?";
	double target, sigma, p1, p2, stat, lo, shown, limit;
	char method[8];
	long long id, n;
	sqlite3_stmt *st = db_stmt(db, sql);
	int ewma, hit, rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_text(st, 2, signal, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return MES_OK;
	}
	id = sqlite3_column_int64(st, 0);
	str_copy(method, sizeof method, col_text(st, 1));
	ewma = !strcmp(method, "ewma");
	target = sqlite3_column_double(st, 2);
	sigma = sqlite3_column_double(st, 3);
	p1 = sqlite3_column_double(st, ewma ? 4 : 6);
	p2 = sqlite3_column_double(st, ewma ? 5 : 7);
	stat = sqlite3_column_double(st, 8);
	lo = sqlite3_column_double(st, 9);
	n = sqlite3_column_int64(st, 10);
	sqlite3_reset(st);
	hit = monitor_step(&stat, &lo, n, ewma, target, sigma, p1, p2, value,
	                   &shown, &limit);
	if (!(st = db_stmt(db, upd)))
		return MES_ERR_DB;
	sqlite3_bind_double(st, 1, stat);
	sqlite3_bind_double(st, 2, lo);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = step_done(db, st, "updating the monitor")) != MES_OK || !hit)
		return rc;
	return raise_alert(db, a, id, signal, method, shown, limit, ts);
}

int mes_alert_each(struct mes_db *db, int open_only, mes_alert_fn fn,
                   void *ctx)
{
#define ALERTS(where) "SELECT c.id, a.code, c.signal, c.method, " \
	"c.ts, ifnull(u.login, ''), c.value, c.threshold, ifnull((SELECT " \
	"mo_no FROM maint_orders WHERE alert_id = c.id), '') FROM " \
	"condition_alerts c JOIN assets a ON a.id = c.asset_id LEFT JOIN" \
	" users u ON u.id = c.ack_by " where "ORDER BY c.id DESC LIMIT 500"
	/* the open ones by their index, never a walk through the past */
	static const char every[] = ALERTS(""),
		open[] = ALERTS("WHERE c.ack_ts IS NULL ");
	struct mes_alert x;
	sqlite3_stmt *st;
	int src;

	if ((src = db_list_begin(db, fn != NULL, open_only ? open : every, &st,
	                         __func__)))
		return src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&x, 0, sizeof x);
		x.id = sqlite3_column_int64(st, 0);
		str_copy(x.asset, sizeof x.asset, col_text(st, 1));
		str_copy(x.signal, sizeof x.signal, col_text(st, 2));
		str_copy(x.method, sizeof x.method, col_text(st, 3));
		str_copy(x.ts, sizeof x.ts, col_text(st, 4));
		str_copy(x.ack_by, sizeof x.ack_by, col_text(st, 5));
		x.value = sqlite3_column_double(st, 6);
		x.threshold = sqlite3_column_double(st, 7);
		str_copy(x.mo_no, sizeof x.mo_no, col_text(st, 8));
		if (fn(&x, ctx))
			break;
	}
	return step_end(db, st, src, "reading the alerts");
}

int mes_alert_ack(struct mes_db *db, long long id)
{
	static const char sql[] = "UPDATE condition_alerts SET ack_by = ?, "
		"ack_ts = ? WHERE id = ? AND ack_ts IS NULL";
	static const char reset[] = "UPDATE condition_monitors SET stat = 0, "
		"stat_lo = 0, n = 0 WHERE id = (SELECT monitor_id FROM "
		"condition_alerts WHERE id = ?)";
	sqlite3_stmt *st;
	char now[32], key[24];
	int rc;

	if (!db)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MAINT, "alert.ack")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	mes_now_iso(now);
	sqlite3_bind_int64(st, 1, db->sess.user_id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = step_done(db, st, "acknowledging")) != MES_OK)
		return tx_end(db, rc);
	if (sqlite3_changes(db->h) == 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no open alert "
		              "%lld", id));
	/* The statistic starts again, so one excursion is one alert. */
	if (!(st = db_stmt(db, reset)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = step_done(db, st, "restarting the monitor")) != MES_OK)
		return tx_end(db, rc);
	snprintf(key, sizeof key, "%lld", id);
	return tx_end(db, audit_append(db, "alert.ack", "condition_alerts", key,
	                               "", now, ""));
}
