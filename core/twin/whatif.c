/*
 * What-ifs inside a scenario's copy, each through the plant's own calls
 * (a down time, an order, a shift) and then the plan made again; and
 * the figures that compare a scenario with the plant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "prod.h"
#include "twin_int.h"

static enum mes_sched_objective objective_of(const char *s)
{
	return !strcmp(s, "makespan") ? MES_SCHED_MAKESPAN :
	       !strcmp(s, "tardiness") ? MES_SCHED_TARDINESS : MES_SCHED_LEX;
}

/* from + hours as YYYY-MM-DDTHH:MM (UTC); -1 for a bad from. */
static int add_hours(const char *from, double hours, char out[32])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (!from || !mes_valid_datetime(from) ||
	    !strptime(from, "%Y-%m-%dT%H:%M", &tm))
		return -1;
	t = timegm(&tm) + (time_t)(hours * 3600 + 0.5);
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M", &tm);
	return 0;
}

static int check_window(struct mes_db *s, const struct mes_whatif *w,
                        char until[32])
{
	if (!(w->hours > 0 && w->hours <= 24 * 90))
		return db_fail(s, MES_ERR_RANGE, "hours are more than 0 and at "
		               "most 2160 (90 days)");
	if (add_hours(w->from, w->hours, until) != 0)
		return db_fail(s, MES_ERR_ARG, "from is a time YYYY-MM-DDTHH:MM "
		               "in UTC, not \"%s\"", w->from ? w->from : "");
	return MES_OK;
}

/* The work centers whose operations need a skill that nobody active
 * but login holds (and still holds at from). */
static int absent_wcs(struct mes_db *s, const struct mes_whatif *w,
                      char *list, size_t n)
{
	static const char sql[] = "SELECT DISTINCT c.code FROM routing_ops r "
		"JOIN work_centers c ON c.id = r.wc_id JOIN user_skills us ON "
		"us.skill_id = r.skill_id JOIN users u ON u.id = us.user_id WHERE "
		"u.login = ?1 AND (us.expires IS NULL OR us.expires > ?2) AND NOT "
		"EXISTS (SELECT 1 FROM user_skills o JOIN users u2 ON u2.id = "
		"o.user_id WHERE o.skill_id = us.skill_id AND u2.id != u.id AND "
		"u2.active AND (o.expires IS NULL OR o.expires > ?2)) ORDER BY "
		"c.code";
	sqlite3_stmt *st;
	size_t len = 0;
	int rc;

	list[0] = 0;
	if (db_lookup_id(s, "SELECT id FROM users WHERE login = ?", w->login) <= 0)
		return db_fail(s, MES_ERR_NOTFOUND, "no user \"%s\"",
		               w->login ? w->login : "");
	if (!(st = db_stmt(s, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, w->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, w->from, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && len + 40 < n)
		len += (size_t)snprintf(list + len, n - len, "%s%s", len ? " " : "",
		                        col_text(st, 0));
	sqlite3_reset(st);
	return MES_OK;
}

static int absent(struct mes_db *s, const struct mes_whatif *w,
                  const char *until, char *said, size_t n)
{
	char list[512], note[96], *save = NULL, *wc;
	int rc;

	if ((rc = absent_wcs(s, w, list, sizeof list)) != MES_OK)
		return rc;
	if (!list[0]) {
		snprintf(said, n, "%.64s absent from %.20s for %g h: no work "
		         "center depends on %.64s alone", w->login, w->from,
		         w->hours, w->login);
		return MES_OK;
	}
	snprintf(said, n, "%.64s absent from %.20s for %g h: %.300s down then "
	         "(no one else holds the skill)", w->login, w->from, w->hours,
	         list);
	snprintf(note, sizeof note, "what-if: %s absent", w->login);
	for (wc = strtok_r(list, " ", &save); wc; wc = strtok_r(NULL, " ", &save))
		if ((rc = mes_wc_unavailable_add(s, wc, w->from, until, "planned",
		                                 note)) != MES_OK)
			return rc;
	return MES_OK;
}

/* The next free RUSH-n among the copy's orders. */
static void rush_no(struct mes_db *s, char out[33])
{
	int i;

	for (i = 1; i < 10000; i++) {
		snprintf(out, 33, "RUSH-%d", i);
		if (db_lookup_id(s, "SELECT id FROM work_orders WHERE wo_no = ?",
		                 out) <= 0)
			return;
	}
}

static int rush(struct mes_db *s, const struct mes_whatif *w, char *said,
                size_t n)
{
	char no[33], today[11];
	int rc;

	if (w->wo_no)
		str_copy(no, sizeof no, w->wo_no);
	else
		rush_no(s, no);
	utc_today(today);
	if ((rc = mes_order_add(s, no, w->item ? w->item : "", w->qty, today,
	                        w->due ? w->due : "", w->priority > 0 ?
	                        w->priority : 1)) != MES_OK ||
	    (rc = mes_order_release(s, no)) != MES_OK)
		return rc;
	snprintf(said, n, "rush order %s: %g %s due %s", no, w->qty, w->item,
	         w->due);
	return MES_OK;
}

static int apply(struct mes_db *s, const struct mes_whatif *w, char *said,
                 size_t n)
{
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday",
		"Thursday", "Friday", "Saturday", "Sunday" };
	char until[32];
	int rc;

	switch (w->kind) {
	case MES_WHATIF_DOWN:
		if ((rc = check_window(s, w, until)) != MES_OK ||
		    (rc = mes_wc_unavailable_add(s, w->wc ? w->wc : "", w->from,
		                                 until, "breakdown", "what-if")) !=
		    MES_OK)
			return rc;
		snprintf(said, n, "%s down from %s for %g h", w->wc, w->from,
		         w->hours);
		return MES_OK;
	case MES_WHATIF_RUSH:
		return rush(s, w, said, n);
	case MES_WHATIF_SHIFT:
		if (w->weekday < 0 || w->weekday > 6)
			return db_fail(s, MES_ERR_RANGE, "the day is 0 (Monday) to 6");
		if ((rc = mes_shift_add(s, w->wc ? w->wc : "", w->weekday,
		                        w->start_min, w->end_min, "what-if")) != MES_OK)
			return rc;
		snprintf(said, n, "%s works %ss %02d:%02d-%02d:%02d too", w->wc,
		         days[w->weekday], w->start_min / 60, w->start_min % 60,
		         w->end_min / 60, w->end_min % 60);
		return MES_OK;
	case MES_WHATIF_ABSENT:
		if ((rc = check_window(s, w, until)) != MES_OK)
			return rc;
		return absent(s, w, until, said, n);
	case MES_WHATIF_OBJECTIVE:
		snprintf(said, n, "planned for %s",
		         sched_objective_name(w->objective));
		return MES_OK;
	}
	return db_fail(s, MES_ERR_ARG, "no such what-if");
}

/* The what-if in the copy's list (and the objective, when it is one). */
static int note_whatif(struct mes_db *s, const struct mes_whatif *w,
                       const char *said)
{
	static const char sql[] = "UPDATE scenario_self SET whatifs = whatifs "
		"|| CASE WHEN whatifs = '' THEN '' ELSE '; ' END || ?1, objective "
		"= CASE WHEN ?2 = '' THEN objective ELSE ?2 END";
	sqlite3_stmt *st;
	int rc;

	if ((rc = tx_begin(s, PERM_PLAN, "scenario.whatif")) != MES_OK)
		return rc;
	if (!(st = db_stmt(s, sql)))
		return tx_end(s, MES_ERR_DB);
	sqlite3_bind_text(st, 1, said, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, w->kind == MES_WHATIF_OBJECTIVE ?
	                  sched_objective_name(w->objective) : "", -1,
	                  SQLITE_STATIC);
	if ((rc = step_done(s, st, "noting the what-if")) != MES_OK)
		return tx_end(s, rc);
	return tx_end(s, audit_append(s, "scenario.whatif", "scenario_self",
	                              s->scenario, "", said, ""));
}

/* The copy planned again, as its objective says: keeping what still
 * holds, unless the objective itself changed.  Iterations, not time:
 * the same what-ifs give the same plan. */
static int replan(struct mes_db *s, int from_scratch,
                  struct mes_schedule_report *r)
{
	struct mes_schedule_opts o;
	sqlite3_stmt *st;

	mes_schedule_opts_default(&o);
	if ((st = db_stmt(s, "SELECT objective FROM scenario_self LIMIT 1")) &&
	    sqlite3_step(st) == SQLITE_ROW)
		o.objective = objective_of(col_text(st, 0));
	if (st)
		sqlite3_reset(st);
	o.iterations = 3000;
	o.repair = !from_scratch;
	return mes_schedule_run(s, &o, r);
}

int mes_scenario_whatif(struct mes_db *s, const struct mes_whatif *w,
                        char *said, size_t n)
{
	struct mes_schedule_report r;
	char what[512];
	size_t len;
	int rc;

	if (!s || !s->h || !w || !said || !n)
		return db_badarg(s, __func__);
	said[0] = 0;
	if (!s->scenario[0])
		return db_fail(s, MES_ERR_STATE, "what-ifs are tried in a "
		               "scenario's copy, never in the plant");
	if ((rc = perm_check(s, PERM_PLAN, "scenario.whatif")) != MES_OK ||
	    (rc = apply(s, w, what, sizeof what)) != MES_OK ||
	    (rc = note_whatif(s, w, what)) != MES_OK)
		return rc;
	rc = replan(s, w->kind == MES_WHATIF_OBJECTIVE, &r);
	len = (size_t)snprintf(said, n, "%s", what);
	if (rc == MES_OK && len < n)
		snprintf(said + len, n - len, "; planned again: %d late orders, "
		         "makespan %.1f h", r.after.late_orders,
		         r.after.makespan_min / 60.0);
	return rc;
}

int mes_scenario_figures(struct mes_db *db, int runs, unsigned long long seed,
                         struct mes_scenario_figures *f)
{
	struct mes_twin_report *r = NULL;
	struct mes_twin_opts o;
	struct sctx c;
	int rc, i;

	if (!db || !db->h || !f)
		return db_badarg(db, __func__);
	memset(f, 0, sizeof *f);
	memset(&c, 0, sizeof c);
	c.db = db;
	c.origin = time(NULL) / 60 * 60;
	if ((rc = mes_db_read_begin(db)) != MES_OK)
		return rc;
	sched_plan_figures(&c, &f->plan);
	mes_db_read_end(db);
	mes_twin_opts_default(&o);
	o.runs = runs > 0 ? runs : 200;
	o.seed = seed;
	if ((rc = mes_twin_simulate(db, &o, &r)) != MES_OK)
		return rc;
	f->runs = r->runs;
	f->mean_on_time = r->mean_on_time;
	f->late_expected = r->late_expected;
	for (i = 0; i < r->n_wc; i++)
		if (r->wc[i].bottleneck > f->bottleneck_share) {
			f->bottleneck_share = r->wc[i].bottleneck;
			str_copy(f->bottleneck, sizeof f->bottleneck, r->wc[i].code);
		}
	mes_twin_report_free(r);
	return MES_OK;
}
