/*
 * mes_schedule_run: snapshot, solve, write back.  The solve runs outside
 * any write transaction, so operators keep scanning while it searches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "schedule_int.h"

void mes_schedule_opts_default(struct mes_schedule_opts *o)
{
	memset(o, 0, sizeof *o);
	o->objective = MES_SCHED_LEX;
	o->time_limit_ms = 10000;
	o->seed = 1;
	o->horizon_days = 28;
}

void sched_plan_figures(struct sctx *c, struct mes_schedule_figures *f)
{
	static const char sql[] = "SELECT w.due_date, w.priority, "
		"max(o.plan_end), count(o.plan_end) = count(*) FROM work_orders w"
		" JOIN wo_ops o ON o.wo_id = w.id WHERE w.status IN ('released',"
		"'running') AND o.status != 'complete' GROUP BY w.id";
	sqlite3_stmt *st = db_stmt(c->db, sql);

	memset(f, 0, sizeof *f);
	f->planned = 1;
	if (!st)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long end, due;

		if (!sqlite3_column_int(st, 3)) {
			f->planned = 0;
			continue;
		}
		end = sched_to_min(c, col_text(st, 2));
		due = sched_to_min(c, col_text(st, 0)) + 1440;
		if (end > f->makespan_min)
			f->makespan_min = end;
		if (end > due) {
			f->late_orders++;
			f->tardiness_min += (10 - sqlite3_column_int(st, 1)) *
			                    (double)(end - due);
		}
	}
	sqlite3_reset(st);
}

int sched_plan_write(struct mes_db *db, long long op_id, const char *start,
                     const char *end, long long wc_id)
{
	static const char sql[] = "UPDATE wo_ops SET plan_start = ?, plan_end ="
		" ?, plan_wc_id = ?, wc_id = CASE WHEN status = 'waiting' THEN ? "
		"ELSE wc_id END WHERE id = ? AND status != 'complete'";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, wc_id);
	sqlite3_bind_int64(st, 4, wc_id);
	sqlite3_bind_int64(st, 5, op_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "writing the plan");
}

static int write_plan(struct sctx *c, const struct mes_sched_result *res,
                      int *moved, int *newly)
{
	char a[32], b[32];
	int i, k, rc;

	for (i = 0; i < c->nops; i++) {
		const struct mes_sched_plan *p = &res->ops[c->ops[i].model_op];
		long long wc = c->ops[i].wc_id;

		for (k = 0; k < c->nwcs; k++)
			if (p->machine >= c->wcs[k].first &&
			    p->machine < c->wcs[k].first + c->wcs[k].count)
				wc = c->wcs[k].wc_id;
		if (c->ops[i].old_start < 0)
			(*newly)++;
		else if (c->ops[i].old_start != p->start || wc != c->ops[i].wc_id)
			(*moved)++;
		sched_from_min(c, p->start, a);
		sched_from_min(c, p->end, b);
		if ((rc = sched_plan_write(c->db, c->ops[i].op_id, a, b, wc)) !=
		    MES_OK)
			return rc;
	}
	return MES_OK;
}

const char *sched_objective_name(enum mes_sched_objective o)
{
	return o == MES_SCHED_MAKESPAN ? "makespan" :
	       o == MES_SCHED_TARDINESS ? "tardiness" : "lex";
}

static int record_run(struct sctx *c, const struct mes_schedule_opts *o,
                      struct mes_schedule_report *r)
{
	static const char sql[] = "INSERT INTO schedule_runs (ts, user_id, "
		"objective, seed, makespan_min, tardiness_min, late_orders) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = db_stmt(c->db, sql);
	struct mes_json old, neu;
	char key[24];
	int rc;

	if (!st)
		return MES_ERR_DB;
	bind_now(st, 1);
	sqlite3_bind_int64(st, 2, c->db->sess.user_id);
	sqlite3_bind_text(st, 3, sched_objective_name(o->objective), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (long long)o->seed);
	sqlite3_bind_int64(st, 5, r->after.makespan_min);
	sqlite3_bind_double(st, 6, r->after.tardiness_min);
	sqlite3_bind_int(st, 7, r->after.late_orders);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		return db_sqlfail(c->db, rc, "recording the run");
	r->run_id = sqlite3_last_insert_rowid(c->db->h);
	snprintf(key, sizeof key, "%lld", r->run_id);
	mes_json_init(&old);
	mes_json_init(&neu);
	if (r->before.planned) {
		mes_json_int(&old, "makespan_min", r->before.makespan_min);
		mes_json_num(&old, "tardiness_min", r->before.tardiness_min);
		mes_json_int(&old, "late_orders", r->before.late_orders);
	}
	mes_json_int(&neu, "orders", r->orders);
	mes_json_int(&neu, "operations", r->ops);
	mes_json_int(&neu, "makespan_min", r->after.makespan_min);
	mes_json_num(&neu, "tardiness_min", r->after.tardiness_min);
	mes_json_int(&neu, "late_orders", r->after.late_orders);
	mes_json_int(&neu, "moved", r->moved);
	mes_json_int(&neu, "repair", o->repair);
	rc = audit_append(c->db, "schedule.run", "schedule_runs", key,
	                  r->before.planned ? mes_json_done(&old) : "",
	                  mes_json_done(&neu), sched_objective_name(o->objective));
	mes_json_free(&old);
	mes_json_free(&neu);
	return rc;
}

static int solve(struct sctx *c, const struct mes_schedule_opts *o,
                 struct mes_sched_result **res)
{
	struct mes_sched_params p;
	char why[512];
	int rc;

	mes_sched_params_default(&p);
	p.objective = o->objective;
	p.time_limit_ms = o->time_limit_ms;
	p.iteration_limit = o->iterations;
	p.seed = o->seed;
	rc = mes_sched_solve(c->m, &p, res);
	if (rc != MES_OK)
		return db_fail(c->db, rc, "scheduling failed: %s",
		               mes_sched_errmsg(c->m));
	/* Never write a plan the independent validator rejects. */
	rc = mes_sched_validate(c->m, (*res)->ops, (*res)->n_ops, NULL, why,
	                        sizeof why);
	return rc == MES_OK ? MES_OK : db_fail(c->db, MES_ERR_STATE,
	       "the schedule failed validation, nothing written: %s", why);
}

static int snapshot(struct sctx *c, struct mes_schedule_report *r)
{
	int rc;

	if ((rc = mes_db_read_begin(c->db)) != MES_OK)
		return rc;
	rc = sched_load(c);
	if (rc == MES_OK)
		sched_plan_figures(c, &r->before);
	mes_db_read_end(c->db);
	return rc;
}

int mes_schedule_allowed(struct mes_db *db)
{
	return db && perm_allows(db, PERM_PLAN);
}

int mes_schedule_run(struct mes_db *db, const struct mes_schedule_opts *o,
                     struct mes_schedule_report *r)
{
	struct mes_sched_result *res = NULL;
	struct sctx c;
	int rc;

	if (!db || !db->h || !o || !r)
		return db_badarg(db, __func__);
	memset(r, 0, sizeof *r);
	memset(&c, 0, sizeof c);
	if ((rc = perm_check(db, PERM_PLAN, "schedule.run")) != MES_OK)
		return rc;
	c.db = db;
	c.origin = time(NULL) / 60 * 60;
	c.horizon_days = o->horizon_days > 0 ? o->horizon_days : 28;
	c.repair = o->repair;
	c.allergens = o->allergens;
	if ((rc = snapshot(&c, r)) == MES_OK && c.nops)
		rc = solve(&c, o, &res);
	r->orders = c.njobs;
	r->ops = c.nops;
	r->frozen = c.frozen;
	r->machines = c.nmachines;
	if (rc == MES_OK && res) {
		r->after.planned = 1;
		r->after.makespan_min = res->makespan;
		r->after.tardiness_min = res->tardiness;
		r->after.late_orders = res->late_jobs;
		r->solve_ms = res->elapsed_ms;
		r->first_feasible_ms = res->first_feasible_ms;
		if ((rc = tx_begin(db, PERM_PLAN, "schedule.run")) == MES_OK) {
			rc = write_plan(&c, res, &r->moved, &r->newly);
			if (rc == MES_OK)
				rc = record_run(&c, o, r);
			rc = tx_end(db, rc);
		}
	}
	mes_sched_result_free(res);
	sched_ctx_free(&c);
	return rc;
}

int mes_wc_unavailable_add(struct mes_db *db, const char *wc_code,
                           const char *start_iso, const char *end_iso,
                           const char *kind, const char *note)
{
	static const char ins[] = "INSERT INTO wc_unavailable (wc_id, "
		"start_ts, end_ts, kind, note) SELECT id, ?2, ?3, ?4, ?5 FROM "
		"work_centers WHERE code = ?1";
	struct sctx c;
	struct mes_json j;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !wc_code || !start_iso || !kind)
		return db_badarg(db, __func__);
	memset(&c, 0, sizeof c);
	if (strcmp(kind, "breakdown") && strcmp(kind, "planned") &&
	    strcmp(kind, "holiday"))
		return db_fail(db, MES_ERR_ARG, "kind is breakdown, planned or "
		               "holiday, not \"%s\"", kind);
	if (!mes_valid_datetime(start_iso) || !sched_to_min(&c, start_iso) ||
	    (end_iso && (!mes_valid_datetime(end_iso) ||
	                 strcmp(end_iso, start_iso) <= 0)))
		return db_fail(db, MES_ERR_ARG, "times are YYYY-MM-DDTHH:MM in "
		               "UTC, the end after the start");
	if ((rc = tx_begin(db, PERM_CALENDAR, "wc.unavailable")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, ins)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, wc_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, start_iso, -1, SQLITE_STATIC);
	if (end_iso)
		sqlite3_bind_text(st, 3, end_iso, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return tx_end(db, db_sqlfail(db, rc, "recording the down time"));
	if (sqlite3_changes(db->h) == 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no work center "
		              "\"%s\"", wc_code));
	mes_json_init(&j);
	mes_json_str(&j, "kind", kind);
	mes_json_str(&j, "from", start_iso);
	mes_json_str(&j, "until", end_iso ? end_iso : "");
	rc = audit_append(db, "wc.unavailable", "wc_unavailable", wc_code, "",
	                  mes_json_done(&j), note);
	mes_json_free(&j);
	return tx_end(db, rc);
}

int mes_wc_setup_set(struct mes_db *db, const char *wc_code,
                     const char *from_family, const char *to_family,
                     double minutes)
{
	static const char sql[] = "INSERT INTO setup_matrix (wc_id, "
		"from_family, to_family, setup_min) SELECT id, ?2, ?3, ?4 FROM "
		"work_centers WHERE code = ?1 ON CONFLICT (wc_id, from_family, "
		"to_family) DO UPDATE SET setup_min = excluded.setup_min";
	char key[160], val[32];
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !wc_code || !from_family || !to_family)
		return db_badarg(db, __func__);
	if (!(minutes >= 0) || minutes > 100000)
		return db_fail(db, MES_ERR_RANGE, "a setup takes 0 to 100000 "
		               "minutes");
	if ((rc = tx_begin(db, PERM_MASTER, "setup.set")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, wc_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from_family, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to_family, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, minutes);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		return tx_end(db, db_sqlfail(db, rc, "setting the setup time"));
	if (sqlite3_changes(db->h) == 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no work center "
		              "\"%s\"", wc_code));
	snprintf(key, sizeof key, "%s:%s->%s", wc_code, from_family, to_family);
	snprintf(val, sizeof val, "%g", minutes);
	return tx_end(db, audit_append(db, "setup.set", "setup_matrix", key, "",
	                               val, ""));
}
