/*
 * Scenarios: a copy of the plant made through SQLite's online backup,
 * kept beside the database, in which what-ifs are tried (whatif.c).
 * Nothing in a scenario reaches the plant but its plan, and that only
 * through adopt, which first checks that the plant is still the one the
 * copy was made from.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "twin_int.h"

/* The calendars' fingerprint: any down time recorded or shift changed
 * since changes it. */
static const char calendar_sql[] = "SELECT (SELECT ifnull(max(id), 0) FROM "
	"wc_unavailable) || ':' || (SELECT count(*) || ':' || ifnull(sum("
	"wc_id * 7 + weekday * 1440 + start_min * 3 + end_min * 5), 0) FROM "
	"wc_shifts)";

static int valid_name(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (n < 1 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static int scenario_path(struct mes_db *db, const char *name, char *out,
                         size_t n, int dir_only)
{
	int k = dir_only ? snprintf(out, n, "%s.scenarios", db->path) :
	        snprintf(out, n, "%s.scenarios/%s.db", db->path, name);

	return k > 0 && (size_t)k < n ? MES_OK :
	       db_fail(db, MES_ERR_ARG, "the scenario's file name is too long");
}

static int check_name(struct mes_db *db, const char *name)
{
	if (!valid_name(name))
		return db_fail(db, MES_ERR_ARG, "a scenario's name is 1 to 32 "
		               "letters, digits, - or _, not \"%s\"", name);
	if (db->scenario[0])
		return db_fail(db, MES_ERR_STATE, "this is scenario %s's copy: "
		               "scenarios are made of the plant", db->scenario);
	return MES_OK;
}

static int exists(struct mes_db *db, const char *name)
{
	return db_lookup_id(db, "SELECT rowid FROM scenarios WHERE name = ?",
	                    name);
}

/* In the new copy: which scenario it is, what the plant had open. */
static int mark_copy(struct mes_db *c, const char *name, const char *cal)
{
	static const char self[] = "INSERT INTO scenario_self (name, "
		"created_ts, calendar) VALUES (?, ?, ?)";
	static const char base[] = "INSERT INTO scenario_base (op_id, status, "
		"wo_status, plan_start, plan_wc_id) SELECT o.id, o.status, "
		"w.status, ifnull(o.plan_start, ''), ifnull(o.plan_wc_id, 0) FROM "
		"wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.status IN "
		"('released', 'running', 'held') AND o.status != 'complete'";
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((rc = tx_begin(c, PERM_PLAN, "scenario.new")) != MES_OK)
		return rc;
	if (!(st = db_stmt(c, self)))
		return tx_end(c, MES_ERR_DB);
	mes_now_iso(now);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, cal, -1, SQLITE_STATIC);
	if ((rc = step_done(c, st, "marking the copy")) != MES_OK ||
	    !(st = db_stmt(c, base)))
		return tx_end(c, rc != MES_OK ? rc : MES_ERR_DB);
	if ((rc = step_done(c, st, "noting the plant's open work")) != MES_OK)
		return tx_end(c, rc);
	/* The copy never ships to a centre: it is not the plant.  The
	 * plant's simulations are of the plant's plan, not of this one. */
	if ((rc = db_exec(c, "DELETE FROM hub; DELETE FROM outbox; DELETE FROM "
	                  "twin_orders; DELETE FROM twin_wcs; DELETE FROM "
	                  "twin_sims")) != MES_OK)
		return tx_end(c, rc);
	rc = audit_append(c, "scenario.new", "scenario_self", name, "", name,
	                  "");
	if ((rc = tx_end(c, rc)) == MES_OK)
		str_copy(c->scenario, sizeof c->scenario, name);
	return rc;
}

/* The plant's calendar fingerprint now, into out. */
static int calendar_of(struct mes_db *db, char out[96])
{
	sqlite3_stmt *st = db_stmt(db, calendar_sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	rc = sqlite3_step(st);
	str_copy(out, 96, rc == SQLITE_ROW ? col_text(st, 0) : "");
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MES_OK : db_sqlfail(db, rc, "the calendars");
}

static int record(struct mes_db *db, const char *name, const char *note)
{
	static const char sql[] = "INSERT INTO scenarios (name, created_ts, "
		"user_id, note) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if ((rc = tx_begin(db, PERM_PLAN, "scenario.new")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	mes_now_iso(now);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, db->sess.user_id);
	sqlite3_bind_text(st, 4, note ? note : "", -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "recording the scenario")) != MES_OK)
		return tx_end(db, rc);
	return tx_end(db, audit_append(db, "scenario.new", "scenarios", name,
	                               "", note ? note : "", ""));
}

int mes_scenario_new(struct mes_db *db, const char *name, const char *note)
{
	char dir[4200], file[4300], cal[96];
	struct mes_db *c = NULL;
	int rc;

	if (!db || !db->h || !name)
		return db_badarg(db, __func__);
	if ((rc = check_name(db, name)) != MES_OK ||
	    (rc = perm_check(db, PERM_PLAN, "scenario.new")) != MES_OK)
		return rc;
	if (exists(db, name) > 0)
		return db_fail(db, MES_ERR_EXISTS, "scenario %s exists: drop it "
		               "first, or give another name", name);
	if ((rc = scenario_path(db, name, dir, sizeof dir, 1)) != MES_OK ||
	    (rc = scenario_path(db, name, file, sizeof file, 0)) != MES_OK)
		return rc;
	if (mkdir(dir, 0770) != 0 && errno != EEXIST)
		return db_fail(db, MES_ERR_IO, "cannot make %s: %s", dir,
		               strerror(errno));
	if ((rc = calendar_of(db, cal)) != MES_OK ||
	    (rc = db_copy_file(db, file, "scenario's copy")) != MES_OK)
		return rc;
	rc = mes_db_open(&c, file, 0, &db->set);
	if (rc == MES_OK) {
		c->sess = db->sess;
		rc = mark_copy(c, name, cal);
	}
	if (rc != MES_OK)
		db_fail(db, rc, "scenario %s: %s", name, mes_db_errmsg(c));
	mes_db_close(c);
	if (rc == MES_OK)
		rc = record(db, name, note);
	if (rc != MES_OK)
		unlink(file);
	return rc;
}

/* A copy made by an older version has the schema of then: brought up
 * to this one, as the plant was, before anyone looks at it. */
static int bring_up(struct mes_db *db, const char *name, const char *file)
{
	struct mes_db *c = NULL;
	int rc, cur = 0, latest = 0;

	rc = mes_db_open(&c, file, MES_OPEN_ANY_VERSION, &db->set);
	if (rc == MES_OK)
		rc = mes_db_schema_version(c, &cur, &latest);
	if (rc == MES_OK && cur < latest)
		rc = mes_db_migrate(c, NULL);
	if (rc != MES_OK)
		db_fail(db, rc, "scenario %s: %s", name, mes_db_errmsg(c));
	mes_db_close(c);
	return rc;
}

int mes_scenario_open(struct mes_db *db, const char *name, unsigned flags,
                      struct mes_db **out)
{
	char file[4300];
	int rc;

	if (!db || !db->h || !name || !out)
		return db_badarg(db, __func__);
	*out = NULL;
	if ((rc = check_name(db, name)) != MES_OK)
		return rc;
	if (exists(db, name) <= 0)
		return db_fail(db, MES_ERR_NOTFOUND, "no scenario %s: mesctl "
		               "scenario list names them", name);
	if ((rc = scenario_path(db, name, file, sizeof file, 0)) != MES_OK ||
	    (rc = bring_up(db, name, file)) != MES_OK)
		return rc;
	rc = mes_db_open(out, file, flags & MES_OPEN_READONLY, &db->set);
	if (rc == MES_OK && !(*out)->scenario[0])
		rc = db_fail(*out, MES_ERR_STATE, "%s is no scenario's copy", file);
	if (rc != MES_OK) {
		db_fail(db, rc, "scenario %s: %s", name, mes_db_errmsg(*out));
		mes_db_close(*out);
		*out = NULL;
		return rc;
	}
	(*out)->sess = db->sess;
	return MES_OK;
}

/* What-ifs as the copy lists them ("" when the copy is gone). */
static void whatifs_of(struct mes_db *db, struct mes_scenario *s)
{
	struct mes_db *c = NULL;
	sqlite3_stmt *st;

	if (mes_scenario_open(db, s->name, MES_OPEN_READONLY, &c) != MES_OK)
		return;
	s->present = 1;
	if ((st = db_stmt(c, "SELECT whatifs FROM scenario_self LIMIT 1")) &&
	    sqlite3_step(st) == SQLITE_ROW)
		str_copy(s->whatifs, sizeof s->whatifs, col_text(st, 0));
	if (st)
		sqlite3_reset(st);
	mes_db_close(c);
}

int mes_scenario_list(struct mes_db *db, mes_scenario_fn fn, void *ctx)
{
	static const char sql[] = "SELECT s.name, s.created_ts, ifnull(u.login,"
		" ''), s.note, ifnull(s.adopted_ts, '') FROM scenarios s LEFT JOIN "
		"users u ON u.id = s.user_id ORDER BY s.name";
	struct mes_scenario *all = NULL;
	sqlite3_stmt *st;
	int rc, n = 0, i;

	if ((rc = db_list_begin(db, fn != NULL, sql, &st, __func__)) != MES_OK)
		return rc;
	/* Read them all first: each copy is opened after this statement. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mes_scenario *p = realloc(all, sizeof *p * (size_t)(n + 1));

		if (!p) {
			sqlite3_reset(st);
			free(all);
			return db_fail(db, MES_ERR_NOMEM, "out of memory");
		}
		all = p;
		memset(&all[n], 0, sizeof all[n]);
		str_copy(all[n].name, sizeof all[n].name, col_text(st, 0));
		str_copy(all[n].created, sizeof all[n].created, col_text(st, 1));
		str_copy(all[n].by, sizeof all[n].by, col_text(st, 2));
		str_copy(all[n].note, sizeof all[n].note, col_text(st, 3));
		str_copy(all[n].adopted, sizeof all[n].adopted, col_text(st, 4));
		n++;
	}
	rc = step_end(db, st, rc, "listing the scenarios");
	for (i = 0; rc == MES_OK && i < n; i++) {
		whatifs_of(db, &all[i]);
		if (fn(&all[i], ctx))
			break;
	}
	free(all);
	return rc;
}

int mes_scenario_drop(struct mes_db *db, const char *name)
{
	static const char sql[] = "DELETE FROM scenarios WHERE name = ?";
	char file[4300], side[4400];
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !name)
		return db_badarg(db, __func__);
	if ((rc = check_name(db, name)) != MES_OK ||
	    (rc = scenario_path(db, name, file, sizeof file, 0)) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_PLAN, "scenario.drop")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "dropping the scenario")) != MES_OK)
		return tx_end(db, rc);
	if (sqlite3_changes(db->h) == 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no scenario %s",
		                          name));
	rc = tx_end(db, audit_append(db, "scenario.drop", "scenarios", name,
	                             name, "", ""));
	if (rc == MES_OK) {
		unlink(file);
		snprintf(side, sizeof side, "%s-wal", file);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", file);
		unlink(side);
		snprintf(side, sizeof side, "%s-lock", file);
		unlink(side);
	}
	return rc;
}

/* ---- adopting ----------------------------------------------------------- */

struct based {
	long long op_id, plan_wc;
	char status[12], wo_status[12], plan_start[32];
};

static int cmp_based(const void *a, const void *b)
{
	const struct based *x = a, *y = b;

	return (x->op_id > y->op_id) - (x->op_id < y->op_id);
}

/* The open work as the copy noted it, by operation. */
static int read_base(struct mes_db *c, struct based **out, int *n)
{
	static const char sql[] = "SELECT op_id, status, wo_status, plan_start,"
		" plan_wc_id FROM scenario_base ORDER BY op_id";
	sqlite3_stmt *st = db_stmt(c, sql);
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return MES_ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct based *p = realloc(*out, sizeof *p * (size_t)(*n + 1));

		if (!p) {
			sqlite3_reset(st);
			return MES_ERR_NOMEM;
		}
		*out = p;
		p = &p[(*n)++];
		p->op_id = sqlite3_column_int64(st, 0);
		str_copy(p->status, sizeof p->status, col_text(st, 1));
		str_copy(p->wo_status, sizeof p->wo_status, col_text(st, 2));
		str_copy(p->plan_start, sizeof p->plan_start, col_text(st, 3));
		p->plan_wc = sqlite3_column_int64(st, 4);
	}
	return step_end(c, st, rc, "reading the scenario's base");
}

/*
 * The first way the plant's open work differs from what the copy was
 * made of, into why; 0 when it does not.  Inside the adopting
 * transaction, so nothing can change between the check and the write.
 */
static int plant_moved(struct mes_db *db, const struct based *b, int n,
                       const char *cal, char *why, size_t wn)
{
	static const char sql[] = "SELECT o.id, o.status, w.status, ifnull("
		"o.plan_start, ''), ifnull(o.plan_wc_id, 0), w.wo_no, o.seq FROM "
		"wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.status IN "
		"('released', 'running', 'held') AND o.status != 'complete'";
	sqlite3_stmt *st = db_stmt(db, sql);
	char now_cal[96];
	int seen = 0, rc, moved = 0;

	if (!st || calendar_of(db, now_cal) != MES_OK)
		return -1;
	while (!moved && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct based key, *f;

		key.op_id = sqlite3_column_int64(st, 0);
		f = bsearch(&key, b, (size_t)n, sizeof key, cmp_based);
		if (!f) {
			snprintf(why, wn, "%s/%d is open in the plant and was not "
			         "when the copy was made", col_text(st, 5),
			         sqlite3_column_int(st, 6));
			moved = 1;
		} else if (strcmp(f->status, col_text(st, 1)) ||
		           strcmp(f->wo_status, col_text(st, 2))) {
			snprintf(why, wn, "%s/%d is %s (order %s) in the plant, %s "
			         "(order %s) in the copy", col_text(st, 5),
			         sqlite3_column_int(st, 6), col_text(st, 1),
			         col_text(st, 2), f->status, f->wo_status);
			moved = 1;
		} else if (strcmp(f->plan_start, col_text(st, 3)) ||
		           f->plan_wc != sqlite3_column_int64(st, 4)) {
			snprintf(why, wn, "%s/%d was planned again or moved in the "
			         "plant", col_text(st, 5), sqlite3_column_int(st, 6));
			moved = 1;
		}
		seen++;
	}
	sqlite3_reset(st);
	if (!moved && seen != n) {
		snprintf(why, wn, "%d of the operations open when the copy was "
		         "made have been finished in the plant", n - seen);
		moved = 1;
	}
	if (!moved && strcmp(cal, now_cal)) {
		snprintf(why, wn, "a work center's calendar or down time changed");
		moved = 1;
	}
	return moved;
}

/* The copy's plan of the operations the plant had open, into the plant. */
static int write_back(struct mes_db *db, struct mes_db *c, int *ops)
{
	static const char sql[] = "SELECT o.id, o.plan_start, o.plan_end, "
		"o.plan_wc_id FROM wo_ops o JOIN scenario_base b ON b.op_id = o.id"
		" WHERE o.status != 'complete' AND o.plan_start IS NOT NULL AND "
		"o.plan_end IS NOT NULL AND o.plan_wc_id IS NOT NULL";
	sqlite3_stmt *st = db_stmt(c, sql);
	int rc, err = MES_OK;

	if (!st)
		return db_fail(db, MES_ERR_DB, "%s", mes_db_errmsg(c));
	while (err == MES_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		err = sched_plan_write(db, sqlite3_column_int64(st, 0),
		                       col_text(st, 1), col_text(st, 2),
		                       sqlite3_column_int64(st, 3));
		(*ops)++;
	}
	sqlite3_reset(st);
	if (err != MES_OK)
		return err;
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "reading the "
	       "scenario's plan");
}

static int adopt_in(struct mes_db *db, struct mes_db *c, const char *name,
                    int *ops)
{
	static const char mark[] = "UPDATE scenarios SET adopted_ts = ? WHERE "
		"name = ?";
	struct based *b = NULL;
	char cal[96] = "", why[256], key[40], val[48];
	sqlite3_stmt *st;
	int n = 0, rc, moved;

	if ((st = db_stmt(c, "SELECT calendar FROM scenario_self LIMIT 1")) &&
	    sqlite3_step(st) == SQLITE_ROW)
		str_copy(cal, sizeof cal, col_text(st, 0));
	if (st)
		sqlite3_reset(st);
	if ((rc = read_base(c, &b, &n)) != MES_OK)
		return db_fail(db, rc, "scenario %s: %s", name, mes_db_errmsg(c));
	if ((rc = tx_begin(db, PERM_PLAN, "scenario.adopt")) != MES_OK) {
		free(b);
		return rc;
	}
	moved = plant_moved(db, b, n, cal, why, sizeof why);
	free(b);
	if (moved < 0)
		return tx_end(db, MES_ERR_DB);
	if (moved) {
		db_fail(db, MES_ERR_STATE, "the plant changed since scenario %s "
		        "was made (%s): nothing was written; make the scenario "
		        "again", name, why);
		return tx_refuse(db, MES_ERR_STATE, "scenario.adopt", name);
	}
	if ((rc = write_back(db, c, ops)) != MES_OK)
		return tx_end(db, rc);
	if (!(st = db_stmt(db, mark)))
		return tx_end(db, MES_ERR_DB);
	bind_now(st, 1);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "marking the scenario adopted")) != MES_OK)
		return tx_end(db, rc);
	snprintf(key, sizeof key, "%s", name);
	snprintf(val, sizeof val, "{\"operations\":%d}", *ops);
	return tx_end(db, audit_append(db, "scenario.adopt", "scenarios", key,
	                               "", val, ""));
}

int mes_scenario_adopt(struct mes_db *db, const char *name, int *ops)
{
	struct mes_db *c = NULL;
	int rc, dummy = 0;

	if (!db || !db->h || !name)
		return db_badarg(db, __func__);
	if (!ops)
		ops = &dummy;
	*ops = 0;
	if ((rc = perm_check(db, PERM_PLAN, "scenario.adopt")) != MES_OK ||
	    (rc = mes_scenario_open(db, name, MES_OPEN_READONLY, &c)) != MES_OK)
		return rc;
	rc = adopt_in(db, c, name, ops);
	mes_db_close(c);
	return rc;
}
