/*
 * OEE per work center per shift and per day.  Planned time is the shift
 * calendar (wc_shifts, local time as the scheduler reads it) times the
 * machines linked to the work center, up to now.  Availability loses
 * downtime and setup, performance compares the ideal minutes of what was
 * made (the routing's run minutes per unit) with the run time, quality is
 * good over all.  The six big losses split planned time:
 *
 *   planned = breakdowns + setup + idling and minor stops + reduced speed
 *           + process defects + reduced yield + ideal time of good units
 *
 * Minor stops are the idle spells the PLC reports inside run time;
 * reduced yield is scrap made while the machine was in setup (start-up
 * rejects), process defects the other scrap, both at ideal minutes.
 * Counts are the machines' (booked or unassigned) plus what operators
 * reported by hand; the machine's own reports are not counted twice.
 * Time a PLC was offline is not downtime: nobody knew the machine's state
 * (a breakdown open when the PLC went silent stays open, and counts).
 */
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "machine_int.h"

void mes_oee_compute(struct mes_oee *o)
{
	double total = o->good + o->scrap, known;

	/* Each factor is at most 1 by construction, so OEE is too. */
	if (o->nodata_min > o->planned_min)
		o->nodata_min = o->planned_min;
	known = o->planned_min - o->nodata_min;
	o->run_min = known - o->down_min - o->setup_min;
	if (o->run_min < 0)
		o->run_min = 0;
	o->availability = known > 0 ? o->run_min / known : 0;
	o->performance = o->run_min > 0 ? o->ideal_min / o->run_min : 0;
	o->performance_capped = o->performance > 1;
	if (o->performance > 1)
		o->performance = 1;
	o->quality = total > 0 ? o->good / total : 0;
	o->oee = o->availability * o->performance * o->quality;
	o->loss_breakdown = o->down_min;
	o->loss_setup = o->setup_min;
	o->loss_minor = o->idle_min < o->run_min ? o->idle_min : o->run_min;
	o->loss_speed = o->run_min - o->loss_minor - o->ideal_min;
	if (o->loss_speed < 0)
		o->loss_speed = 0;
}

struct win {
	char lo[32], hi[32], now[32];
	long long wc_id;
};

static double spell_min(struct mes_db *db, const char *sql, const struct win *w,
                        const char *state)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	double v = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, w->wc_id);
	sqlite3_bind_text(st, 2, w->lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, w->hi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, w->now, -1, SQLITE_STATIC);
	if (state)
		sqlite3_bind_text(st, 5, state, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	return v > 0 ? v : 0;
}

#define CLIP "ifnull(sum(max(0, julianday(min(ifnull(x.end_ts, ?4), ?3)) - " \
	"julianday(max(x.start_ts, ?2)))), 0) * 1440"

static const char down_sql[] = "SELECT " CLIP " FROM downtime_events x "
	"JOIN assets a ON a.id = x.asset_id WHERE a.wc_id = ?1 AND "
	"x.start_ts < ?3 AND ifnull(x.end_ts, ?4) > ?2";
static const char state_sql[] = "SELECT " CLIP " FROM asset_states x JOIN "
	"assets a ON a.id = x.asset_id WHERE a.wc_id = ?1 AND x.state = ?5 "
	"AND x.start_ts < ?3 AND ifnull(x.end_ts, ?4) > ?2";
/* Time the work center's machines reported a state other than offline. */
static const char known_sql[] = "SELECT " CLIP " FROM asset_states x JOIN "
	"assets a ON a.id = x.asset_id WHERE a.wc_id = ?1 AND x.state <> "
	"'offline' AND x.start_ts < ?3 AND ifnull(x.end_ts, ?4) > ?2";

/*
 * Planned minutes of machines a PLC watches (any state ever reported)
 * that fall outside what they reported: the collector was stopped or the
 * PLC offline.  A work center nobody's PLC watches reports by hand and
 * has none.
 */
static double nodata_min(struct mes_db *db, const struct win *w)
{
	static const char watched_sql[] = "SELECT count(*) FROM assets a WHERE"
		" a.wc_id = ?1 AND EXISTS (SELECT 1 FROM asset_states s WHERE "
		"s.asset_id = a.id)";
	sqlite3_stmt *st = db_stmt(db, watched_sql);
	double want, v;
	int watched = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, w->wc_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		watched = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!watched)
		return 0;
	want = (mach_iso_secs(w->hi) - mach_iso_secs(w->lo)) / 60.0 * watched;
	v = want - spell_min(db, known_sql, w, NULL);
	return v > 0.01 ? v : 0;
}

#define MACHINE_NOTE "counted by the machine"

static void counts(struct mes_db *db, const struct win *w, struct mes_oee *o)
{
	static const char mc[] = "SELECT ifnull(sum(good), 0), ifnull(sum("
		"scrap), 0), ifnull(sum((good + scrap) * ideal_min), 0), "
		"ifnull(sum(CASE WHEN in_setup THEN scrap * ideal_min END), 0), "
		"ifnull(sum(CASE WHEN in_setup THEN 0 ELSE scrap * ideal_min END)"
		", 0) FROM machine_counts WHERE wc_id = ?1 AND ts >= ?2 AND ts < ?3";
	static const char hand[] = "SELECT ifnull(sum(e.qty_good), 0), ifnull("
		"sum(e.qty_scrap), 0), ifnull(sum((e.qty_good + e.qty_scrap) * "
		"o.run_min), 0), 0, ifnull(sum(e.qty_scrap * o.run_min), 0) FROM "
		"op_events e JOIN wo_ops o ON o.id = e.wo_op_id WHERE o.wc_id = "
		"?1 AND e.kind IN ('report', 'complete') AND e.note <> '"
		MACHINE_NOTE "' AND e.ts >= ?2 AND e.ts < ?3";
	const char *sqls[2] = { mc, hand };
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < 2; i++) {
		if (!(st = db_stmt(db, sqls[i])))
			continue;
		sqlite3_bind_int64(st, 1, w->wc_id);
		sqlite3_bind_text(st, 2, w->lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, w->hi, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			o->good += sqlite3_column_double(st, 0);
			o->scrap += sqlite3_column_double(st, 1);
			o->ideal_min += sqlite3_column_double(st, 2);
			o->loss_yield += sqlite3_column_double(st, 3);
			o->loss_defects += sqlite3_column_double(st, 4);
		}
		sqlite3_reset(st);
	}
}

/* One window of one work center; machines scales planned time. */
static void oee_window(struct mes_db *db, struct win *w, int machines,
                       struct mes_oee *o)
{
	double yield, defects;

	o->planned_min = (mach_iso_secs(w->hi) - mach_iso_secs(w->lo)) / 60.0 *
	                 machines;
	o->nodata_min = nodata_min(db, w);
	o->down_min = spell_min(db, down_sql, w, NULL);
	o->setup_min = spell_min(db, state_sql, w, "setup");
	o->idle_min = spell_min(db, state_sql, w, "idle");
	counts(db, w, o);
	yield = o->loss_yield;
	defects = o->loss_defects;
	mes_oee_compute(o);
	o->loss_yield = yield;
	o->loss_defects = defects;
}

static void add_into(struct mes_oee *day, const struct mes_oee *s)
{
	day->planned_min += s->planned_min;
	day->nodata_min += s->nodata_min;
	day->down_min += s->down_min;
	day->setup_min += s->setup_min;
	day->idle_min += s->idle_min;
	day->good += s->good;
	day->scrap += s->scrap;
	day->ideal_min += s->ideal_min;
	day->loss_yield += s->loss_yield;
	day->loss_defects += s->loss_defects;
}

struct shift { int weekday, start, end; char name[32]; };

struct wc_cal {
	long long id;
	char code[33];
	int machines;
	struct shift *sh;
	size_t nsh;
};

static int load_wcs(struct mes_db *db, const char *wc, struct wc_cal **out,
                    size_t *n)
{
	static const char wsql[] = "SELECT w.id, w.code, (SELECT count(*) FROM"
		" assets a WHERE a.wc_id = w.id) FROM work_centers w WHERE "
		"w.active AND (?1 IS NULL OR w.code = ?1) ORDER BY w.code";
	static const char ssql[] = "SELECT weekday, start_min, end_min, name "
		"FROM wc_shifts WHERE wc_id = ? AND end_min > start_min ORDER BY"
		" weekday, start_min";
	struct wc_cal *v = NULL, *p;
	sqlite3_stmt *st = db_stmt(db, wsql);
	size_t cap = 0, i;

	*n = 0;
	if (!st)
		return MES_ERR_DB;
	if (wc)
		sqlite3_bind_text(st, 1, wc, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(p = realloc(v, cap * sizeof *v)))
				break;
			v = p;
		}
		p = &v[(*n)++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		str_copy(p->code, sizeof p->code, col_text(st, 1));
		p->machines = sqlite3_column_int(st, 2);
		if (p->machines < 1)
			p->machines = 1;
	}
	sqlite3_reset(st);
	for (i = 0; i < *n; i++) {
		size_t c2 = 0;

		if (!(st = db_stmt(db, ssql)))
			break;
		sqlite3_bind_int64(st, 1, v[i].id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct shift *q;

			if (v[i].nsh == c2) {
				c2 = c2 ? c2 * 2 : 8;
				q = realloc(v[i].sh, c2 * sizeof *q);
				if (!q)
					break;
				v[i].sh = q;
			}
			q = &v[i].sh[v[i].nsh++];
			q->weekday = sqlite3_column_int(st, 0);
			q->start = sqlite3_column_int(st, 1);
			q->end = sqlite3_column_int(st, 2);
			str_copy(q->name, sizeof q->name, col_text(st, 3));
			if (!q->name[0])
				snprintf(q->name, sizeof q->name, "%02d:%02d",
				         q->start / 60, q->start % 60);
		}
		sqlite3_reset(st);
	}
	*out = v;
	return MES_OK;
}

static void free_wcs(struct wc_cal *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].sh);
	free(v);
}

/* One work center's day: every shift, then the day. */
static int oee_day(struct mes_db *db, const struct wc_cal *c, time_t t0,
                   int weekday, const char *date, const char *now,
                   mes_oee_fn fn, void *ctx)
{
	struct mes_oee s, day;
	struct win w;
	size_t i;
	int any = 0;

	memset(&day, 0, sizeof day);
	str_copy(day.wc, sizeof day.wc, c->code);
	str_copy(day.date, sizeof day.date, date);
	for (i = 0; i < c->nsh; i++) {
		if (c->sh[i].weekday != weekday)
			continue;
		memset(&w, 0, sizeof w);
		w.wc_id = c->id;
		str_copy(w.now, sizeof w.now, now);
		mach_secs_iso((double)t0 + c->sh[i].start * 60.0, w.lo);
		mach_secs_iso((double)t0 + c->sh[i].end * 60.0, w.hi);
		if (strcmp(w.lo, now) >= 0)
			continue;
		if (strcmp(w.hi, now) > 0)
			str_copy(w.hi, sizeof w.hi, now);
		memset(&s, 0, sizeof s);
		str_copy(s.wc, sizeof s.wc, c->code);
		str_copy(s.date, sizeof s.date, date);
		str_copy(s.shift, sizeof s.shift, c->sh[i].name);
		oee_window(db, &w, c->machines, &s);
		add_into(&day, &s);
		any = 1;
		if (fn(&s, ctx))
			return 1;
	}
	if (!any)
		return 0;
	{
		double y = day.loss_yield, d = day.loss_defects;

		mes_oee_compute(&day);
		day.loss_yield = y;
		day.loss_defects = d;
	}
	return fn(&day, ctx);
}

int mes_oee_report(struct mes_db *db, const char *from, const char *to,
                   const char *wc, mes_oee_fn fn, void *ctx)
{
	int rc;

	if (!db || !fn)
		return db_badarg(db, __func__);
	if (!mes_valid_date(from) || !mes_valid_date(to))
		return db_fail(db, MES_ERR_ARG, "--from and --to are dates "
		               "(YYYY-MM-DD)");
	if (strcmp(from, to) > 0)
		return db_fail(db, MES_ERR_ARG, "--from %s is after --to %s",
		               from, to);
	if ((rc = perm_check(db, PERM_NONE, "report.oee")) != MES_OK)
		return rc;
	return oee_rows(db, from, to, wc, fn, ctx);
}

int oee_rows(struct mes_db *db, const char *from, const char *to,
             const char *wc, mes_oee_fn fn, void *ctx)
{
	struct wc_cal *cal = NULL;
	struct tm a, b, d;
	char date[11], now[32];
	size_t n = 0, i;
	time_t t0, tend;
	int rc, days = 0, stop = 0;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	strptime(from, "%Y-%m-%d", &a);
	strptime(to, "%Y-%m-%d", &b);
	a.tm_isdst = b.tm_isdst = -1;
	tend = mktime(&b);
	if ((rc = load_wcs(db, wc, &cal, &n)) != MES_OK)
		return rc;
	if (wc && n == 0) {
		free_wcs(cal, n);
		return db_fail(db, MES_ERR_NOTFOUND, "no active work center %s",
		               wc);
	}
	mes_now_iso(now);
	for (d = a; !stop && days < 3700; days++) {
		d = a;
		d.tm_mday += days;
		d.tm_hour = d.tm_min = d.tm_sec = 0;
		d.tm_isdst = -1;
		if ((t0 = mktime(&d)) > tend)
			break;
		strftime(date, sizeof date, "%Y-%m-%d", &d);
		for (i = 0; i < n && !stop; i++)
			stop = oee_day(db, &cal[i], t0, (d.tm_wday + 6) % 7, date,
			               now, fn, ctx);
	}
	free_wcs(cal, n);
	return MES_OK;
}
