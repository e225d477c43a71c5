/*
 * SPC on stored measurements: a characteristic's subgroups read back in
 * the order they were taken, limits frozen from a baseline the engineer
 * chooses, and every new subgroup judged against those frozen limits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quality_int.h"

/* Subgroups judged together when a new one arrives: enough for every
 * run rule (N4 needs 14) with room to spare. */
#define SPC_CHECK_WINDOW 30

struct pts {
	struct mes_spc_data d;
	long long *insp;
	char (*ts)[32];
	double *x, *cnt, *n;
	int cap, total;
};

static void pts_free(struct pts *p)
{
	free(p->insp);
	free(p->ts);
	free(p->x);
	free(p->cnt);
	free(p->n);
	memset(p, 0, sizeof *p);
}

static int pts_grow(struct pts *p, int size)
{
	int cap = p->cap ? p->cap * 2 : 64;
	void *a, *b, *c, *d, *e;

	a = realloc(p->insp, (size_t)cap * sizeof *p->insp);
	if (a)
		p->insp = a;
	b = realloc(p->ts, (size_t)cap * sizeof *p->ts);
	if (b)
		p->ts = b;
	c = realloc(p->x, (size_t)cap * (size_t)(size ? size : 1) *
	            sizeof *p->x);
	if (c)
		p->x = c;
	d = realloc(p->cnt, (size_t)cap * sizeof *p->cnt);
	if (d)
		p->cnt = d;
	e = realloc(p->n, (size_t)cap * sizeof *p->n);
	if (e)
		p->n = e;
	if (!a || !b || !c || !d || !e)
		return MES_ERR_NOMEM;
	p->cap = cap;
	return MES_OK;
}

/* Adds one subgroup of variables; incomplete subgroups are left out
 * (a chart needs every subgroup the same size). */
static int pts_add_vars(struct pts *p, int size, long long insp,
                        const char *ts, const double *v, int nv)
{
	int rc;

	if (nv != size)
		return MES_OK;
	if (p->d.points == p->cap && (rc = pts_grow(p, size)) != MES_OK)
		return rc;
	p->insp[p->d.points] = insp;
	str_copy(p->ts[p->d.points], 32, ts);
	memcpy(p->x + (size_t)p->d.points * size, v, (size_t)nv * sizeof *v);
	p->d.points++;
	return MES_OK;
}

static int load_vars(struct mes_db *db, const struct mes_qchar *c,
                     long long upto, int max, struct pts *p)
{
	static const char sql[] = "SELECT m.inspection_id, n.ts, m.value "
		"FROM measurements m JOIN inspections n ON n.id = "
		"m.inspection_id WHERE m.char_id = ?1 AND m.value IS NOT NULL "
		"AND m.inspection_id <= ?2 AND m.inspection_id >= ifnull(("
		"SELECT inspection_id FROM measurements WHERE char_id = ?1 AND"
		" inspection_id <= ?2 GROUP BY inspection_id ORDER BY "
		"inspection_id DESC LIMIT 1 OFFSET ?3), 0) "
		"ORDER BY m.inspection_id, m.subgroup_no, m.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	double v[MES_SPC_NMAX];
	char ts[32] = "";
	long long cur = 0, id;
	int nv = 0, rc = MES_OK, src;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, upto);
	sqlite3_bind_int(st, 3, max - 1);
	while (rc == MES_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (id != cur && cur)
			rc = pts_add_vars(p, c->subgroup, cur, ts, v, nv);
		if (id != cur)
			nv = 0;
		cur = id;
		str_copy(ts, sizeof ts, col_text(st, 1));
		if (nv < MES_SPC_NMAX)
			v[nv++] = sqlite3_column_double(st, 2);
	}
	sqlite3_reset(st);
	if (rc == MES_OK && cur)
		rc = pts_add_vars(p, c->subgroup, cur, ts, v, nv);
	return rc;
}

static int load_attrs(struct mes_db *db, const struct mes_qchar *c,
                      long long upto, int max, struct pts *p)
{
	static const char sql[] = "SELECT m.inspection_id, n.ts, m.defects, "
		"m.sample_size FROM measurements m JOIN inspections n ON n.id ="
		" m.inspection_id WHERE m.char_id = ?1 AND m.defects IS NOT "
		"NULL AND m.inspection_id <= ?2 ORDER BY m.inspection_id DESC "
		"LIMIT ?3";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc = MES_OK, i, j;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, upto);
	sqlite3_bind_int(st, 3, max);
	while (rc == MES_OK && sqlite3_step(st) == SQLITE_ROW) {
		if (p->d.points == p->cap && (rc = pts_grow(p, 1)) != MES_OK)
			break;
		i = p->d.points++;
		p->insp[i] = sqlite3_column_int64(st, 0);
		str_copy(p->ts[i], 32, col_text(st, 1));
		p->cnt[i] = sqlite3_column_double(st, 2);
		p->n[i] = sqlite3_column_type(st, 3) == SQLITE_NULL ? 1 :
		          sqlite3_column_double(st, 3);
	}
	sqlite3_reset(st);
	/* Read newest first for the LIMIT; charts run oldest first. */
	for (i = 0, j = p->d.points - 1; i < j; i++, j--) {
		long long t = p->insp[i];
		double a = p->cnt[i], b = p->n[i];
		char s[32];

		p->insp[i] = p->insp[j];
		p->insp[j] = t;
		p->cnt[i] = p->cnt[j];
		p->cnt[j] = a;
		p->n[i] = p->n[j];
		p->n[j] = b;
		memcpy(s, p->ts[i], 32);
		memcpy(p->ts[i], p->ts[j], 32);
		memcpy(p->ts[j], s, 32);
	}
	return rc;
}

/* The newest max subgroups (0: all) up to inspection upto (0: all). */
static int pts_load(struct mes_db *db, const struct mes_qchar *c,
                    long long upto, int max, struct pts *p)
{
	static const char q_total[] = "SELECT count(DISTINCT inspection_id) "
		"FROM measurements WHERE char_id = ?";
	enum mes_spc_type t = mes_qchar_chart(c);
	sqlite3_stmt *st;
	int rc;

	memset(p, 0, sizeof *p);
	if (!upto)
		upto = (long long)(~0ULL >> 1);
	if (max <= 0)
		max = 1 << 30;
	if ((st = db_stmt(db, q_total))) {
		sqlite3_bind_int64(st, 1, c->id);
		if (sqlite3_step(st) == SQLITE_ROW)
			p->total = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
	}
	rc = mes_spc_type_is_variables(t) ? load_vars(db, c, upto, max, p) :
	     load_attrs(db, c, upto, max, p);
	if (rc != MES_OK) {
		pts_free(p);
		return rc == MES_ERR_NOMEM ? db_fail(db, rc, "out of memory") :
		       rc;
	}
	p->d.type = t;
	p->d.size = mes_spc_type_is_variables(t) ? c->subgroup : 0;
	p->d.x = p->x;
	p->d.count = p->cnt;
	p->d.n = p->n;
	return MES_OK;
}

struct frozen {
	int have;
	struct mes_spc_base base;
	char by[64], ts[32];
};

static int frozen_load(struct mes_db *db, long long char_id, struct frozen *f)
{
	static const char sql[] = "SELECT s.chart, s.size, s.center, s.spread,"
		" ifnull(u.login, ''), s.ts FROM spc_limits s LEFT JOIN users "
		"u ON u.id = s.frozen_by WHERE s.char_id = ? ORDER BY s.id DESC"
		" LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	memset(f, 0, sizeof *f);
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, char_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    mes_spc_type_parse(col_text(st, 0), &f->base.type) == MES_OK) {
		f->have = 1;
		f->base.size = sqlite3_column_int(st, 1);
		f->base.center = sqlite3_column_double(st, 2);
		f->base.spread = sqlite3_column_double(st, 3);
		str_copy(f->by, sizeof f->by, col_text(st, 4));
		str_copy(f->ts, sizeof f->ts, col_text(st, 5));
	}
	return step_end(db, st, rc, "reading the control limits");
}

static int alarm_insert(struct mes_db *db, const struct mes_qchar *c,
                        long long wc_id, const char *rule, long long insp,
                        double value, int *added)
{
	static const char sql[] = "INSERT OR IGNORE INTO spc_alarms (char_id,"
		" wc_id, rule, point_ref, ts, value) VALUES (?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	struct mes_json b;
	char key[70];
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, c->id);
	if (wc_id)
		sqlite3_bind_int64(st, 2, wc_id);
	sqlite3_bind_text(st, 3, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, insp);
	bind_now(st, 5);
	qbind_num(st, 6, value);
	if ((rc = step_done(db, st, "raising the SPC alarm")) != MES_OK ||
	    sqlite3_changes(db->h) == 0)
		return rc;
	(*added)++;
	snprintf(key, sizeof key, "%s/%s", c->plan, c->code);
	mes_json_init(&b);
	mes_json_int(&b, "alarm", sqlite3_last_insert_rowid(db->h));
	mes_json_str(&b, "rule", rule);
	mes_json_int(&b, "inspection", insp);
	if (!isnan(value))
		mes_json_num(&b, "value", value);
	rc = audit_append(db, "spc.alarm", "spc_alarms", key, "",
	                  mes_json_done(&b), "");
	mes_json_free(&b);
	return rc;
}

int spc_check_new(struct mes_db *db, const struct mes_qchar *c,
                  long long insp_id, long long wc_id, int *alarms)
{
	struct mes_spc_violations v = { 0, NULL };
	struct mes_spc_chart ch;
	struct frozen f;
	struct pts p;
	char err[256];
	int rc, i, last;

	if ((rc = frozen_load(db, c->id, &f)) != MES_OK || !f.have)
		return rc;
	if ((rc = pts_load(db, c, insp_id, SPC_CHECK_WINDOW, &p)) != MES_OK)
		return rc;
	last = p.d.points - 1;
	if (last < 0 || p.insp[last] != insp_id ||
	    f.base.type != p.d.type) {
		pts_free(&p);
		return MES_OK;
	}
	f.base.from = 0;
	f.base.to = p.d.points;
	rc = mes_spc_chart_build(&p.d, &f.base, &ch, err, sizeof err);
	if (rc != MES_OK) {
		pts_free(&p);
		return db_fail(db, rc, "%s/%s: %s", c->plan, c->code, err);
	}
	rc = mes_spc_rules_check(&ch, c->rules, &v);
	for (i = 0; rc == MES_OK && i < v.count; i++)
		if (v.v[i].point == last)
			rc = alarm_insert(db, c, wc_id,
			                  mes_spc_rule_name(v.v[i].rule), insp_id,
			                  ch.s[v.v[i].series].x[last], alarms);
	mes_spc_violations_free(&v);
	mes_spc_chart_free(&ch);
	pts_free(&p);
	return rc;
}

static int limits_insert(struct mes_db *db, const struct mes_qchar *c,
                         const struct mes_spc_chart *ch,
                         const struct pts *p, const char *reason)
{
	static const char sql[] = "INSERT INTO spc_limits (char_id, chart, "
		"center, lcl, ucl, r_center, r_lcl, r_ucl, baseline_from, "
		"baseline_to, frozen_by, ts, size, spread, reason) VALUES "
		"(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	const struct mes_spc_series *s = &ch->s[0];
	int last = ch->base.to - 1;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_text(st, 2, mes_spc_type_name(ch->base.type), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_double(st, 3, s->cl);
	/* Varying p and u limits: the stored pair is the last baseline
	 * point's, for display; judging uses centre and sample size. */
	qbind_num(st, 4, s->lcl[last]);
	qbind_num(st, 5, s->ucl[last]);
	if (ch->nseries == 2) {
		sqlite3_bind_double(st, 6, ch->s[1].cl);
		qbind_num(st, 7, ch->s[1].lcl[last]);
		qbind_num(st, 8, ch->s[1].ucl[last]);
	}
	sqlite3_bind_int64(st, 9, p->insp[ch->base.from]);
	sqlite3_bind_int64(st, 10, p->insp[last]);
	sqlite3_bind_int64(st, 11, db->sess.user_id);
	bind_now(st, 12);
	sqlite3_bind_int(st, 13, ch->base.size);
	sqlite3_bind_double(st, 14, ch->base.spread);
	sqlite3_bind_text(st, 15, reason ? reason : "", -1, SQLITE_STATIC);
	return step_done(db, st, "saving the control limits");
}

static const char *limits_json(struct mes_json *b, const struct frozen *f,
                               const struct mes_spc_chart *ch)
{
	mes_json_init(b);
	if (ch) {
		mes_json_str(b, "chart", mes_spc_type_name(ch->base.type));
		mes_json_num(b, "center", ch->s[0].cl);
		mes_json_num(b, "lcl", ch->s[0].lcl[ch->base.to - 1]);
		mes_json_num(b, "ucl", ch->s[0].ucl[ch->base.to - 1]);
		mes_json_num(b, "spread", ch->base.spread);
		mes_json_int(b, "subgroups", ch->base.to - ch->base.from);
	} else if (f->have) {
		mes_json_str(b, "chart", mes_spc_type_name(f->base.type));
		mes_json_num(b, "center", f->base.center);
		mes_json_num(b, "spread", f->base.spread);
		mes_json_str(b, "frozen_by", f->by);
	}
	return mes_json_done(b);
}

static int freeze_tx(struct mes_db *db, const struct mes_qchar *c, int first,
                     int last, const char *reason)
{
	struct mes_spc_base base;
	struct mes_spc_chart ch;
	struct mes_json ob, nb;
	struct frozen f;
	struct pts p;
	char err[256], key[70];
	int rc;

	if ((rc = frozen_load(db, c->id, &f)) != MES_OK)
		return rc;
	if ((rc = pts_load(db, c, 0, 0, &p)) != MES_OK)
		return rc;
	if (first == 0 && last == 0) {
		first = 1;
		last = p.d.points;
	}
	if (first < 1 || last > p.d.points || last - first < 1) {
		pts_free(&p);
		return db_fail(db, MES_ERR_RANGE, "%s/%s has %d complete "
		               "subgroups: a baseline needs at least 2 of them"
		               " (asked for %d..%d)", c->plan, c->code,
		               p.d.points, first, last);
	}
	rc = mes_spc_baseline(&p.d, first - 1, last, &base, err, sizeof err);
	if (rc == MES_OK)
		rc = mes_spc_chart_build(&p.d, &base, &ch, err, sizeof err);
	if (rc != MES_OK) {
		pts_free(&p);
		return db_fail(db, rc, "%s/%s: %s", c->plan, c->code, err);
	}
	rc = limits_insert(db, c, &ch, &p, reason);
	snprintf(key, sizeof key, "%s/%s", c->plan, c->code);
	limits_json(&ob, &f, NULL);
	limits_json(&nb, &f, &ch);
	if (rc == MES_OK)
		rc = audit_append(db, f.have ? "spc.refreeze" : "spc.freeze",
		                  "spc_limits", key, mes_json_done(&ob),
		                  mes_json_done(&nb), reason);
	mes_json_free(&ob);
	mes_json_free(&nb);
	mes_spc_chart_free(&ch);
	pts_free(&p);
	return rc;
}

int mes_spc_freeze(struct mes_db *db, const char *char_ref, int first,
                   int last, const char *reason)
{
	struct mes_qchar c;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!reason || !*reason)
		return db_fail(db, MES_ERR_ARG, "freezing control limits needs"
		               " a reason (\"baseline after new fixture\")");
	if ((rc = tx_begin(db, PERM_QDECIDE, "spc.freeze")) != MES_OK)
		return rc;
	if ((rc = mes_qchar_get(db, char_ref, &c)) != MES_OK)
		return tx_end(db, rc);
	return tx_end(db, freeze_tx(db, &c, first, last, reason));
}

static void view_capability(struct mes_spc_view *v)
{
	struct mes_spc_chart all = v->chart;
	char err[160];
	double lsl = v->ch.lsl, usl = v->ch.usl;

	if (!mes_spc_type_is_variables(v->data.type)) {
		snprintf(v->cap_note, sizeof v->cap_note, "capability is for "
		         "measured characteristics only");
		return;
	}
	if (v->data.points < 2) {
		snprintf(v->cap_note, sizeof v->cap_note, "too few data: %d "
		         "subgroups stored", v->data.points);
		return;
	}
	/* Cp, Cpk: the sigma the limits use; Pp, Ppk: every stored value
	 * shown, so the indices describe the process as it ran. */
	all.base.from = 0;
	all.base.to = v->data.points;
	if (mes_spc_capability(&v->data, &all, lsl, usl, v->viol.count,
	                       &v->cap, err, sizeof err) == MES_OK)
		v->have_cap = 1;
	else
		snprintf(v->cap_note, sizeof v->cap_note, "%s", err);
}

int mes_spc_view_load(struct mes_db *db, const char *char_ref,
                      int max_points, struct mes_spc_view *v)
{
	struct mes_spc_base base;
	struct frozen f;
	struct pts *p;
	char err[256];
	int rc;

	if (!db || !db->h || !v)
		return db_badarg(db, __func__);
	memset(v, 0, sizeof *v);
	if ((rc = mes_qchar_get(db, char_ref, &v->ch)) != MES_OK)
		return rc;
	if ((rc = frozen_load(db, v->ch.id, &f)) != MES_OK)
		return rc;
	if (!(p = calloc(1, sizeof *p)))
		return db_fail(db, MES_ERR_NOMEM, "out of memory");
	if ((rc = pts_load(db, &v->ch, 0, max_points, p)) != MES_OK) {
		free(p);
		return rc;
	}
	v->buf = p;
	v->data = p->d;
	v->insp_id = p->insp;
	v->ts = p->ts;
	v->total = p->total;
	if (p->d.points == 0)
		return MES_OK;
	if (f.have && f.base.type == p->d.type &&
	    (f.base.size == p->d.size || !mes_spc_type_is_variables(p->d.type))) {
		v->frozen = 1;
		str_copy(v->frozen_by, sizeof v->frozen_by, f.by);
		str_copy(v->frozen_ts, sizeof v->frozen_ts, f.ts);
		base = f.base;
		base.from = 0;
		base.to = p->d.points;
	} else if (p->d.points < 2 ||
	           mes_spc_baseline(&p->d, 0, p->d.points, &base, err,
	                            sizeof err) != MES_OK) {
		snprintf(v->cap_note, sizeof v->cap_note, "too few data for "
		         "limits: %d subgroups", p->d.points);
		return MES_OK;
	}
	rc = mes_spc_chart_build(&p->d, &base, &v->chart, err, sizeof err);
	if (rc != MES_OK) {
		mes_spc_view_free(v);
		return db_fail(db, rc, "%s: %s", char_ref, err);
	}
	mes_spc_rules_check(&v->chart, v->ch.rules, &v->viol);
	view_capability(v);
	return MES_OK;
}

void mes_spc_view_free(struct mes_spc_view *v)
{
	if (!v)
		return;
	mes_spc_chart_free(&v->chart);
	mes_spc_violations_free(&v->viol);
	if (v->buf) {
		pts_free(v->buf);
		free(v->buf);
	}
	memset(v, 0, sizeof *v);
}
