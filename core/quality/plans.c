/*
 * Inspection plans and characteristics: what is checked, against which
 * limits, and how often.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quality_int.h"

static const char *const kind_names[] = { "variable", "attribute",
	"defects" };

double qcol_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN :
	       sqlite3_column_double(st, i);
}

void qbind_num(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

int mes_qfreq_parse(const char *text, enum mes_qfreq *f, double *n)
{
	char *end;
	double v;

	*n = 0;
	if (!text || !strcmp(text, "lot")) {
		*f = MES_QF_LOT;
		return MES_OK;
	}
	if (!strcmp(text, "first")) {
		*f = MES_QF_FIRST;
		return MES_OK;
	}
	if (!strncmp(text, "every:", 6) || !strncmp(text, "hours:", 6)) {
		v = strtod(text + 6, &end);
		if (end == text + 6 || *end || !(v > 0) || v > 1e6)
			return MES_ERR_ARG;
		*f = text[0] == 'e' ? MES_QF_EVERY : MES_QF_HOURS;
		*n = v;
		return MES_OK;
	}
	return MES_ERR_ARG;
}

int qplan_load(struct mes_db *db, const char *code, struct qplan_row *p)
{
	static const char sql[] = "SELECT p.id, ifnull(p.item_id, 0), "
		"ifnull(p.routing_op_id, 0), p.on_receipt, p.code, "
		"ifnull(i.item_no, ''), p.frequency FROM inspection_plans p "
		"LEFT JOIN items i ON i.id = p.item_id WHERE p.code = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, code ? code : "", -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		p->item_id = sqlite3_column_int64(st, 1);
		p->routing_op_id = sqlite3_column_int64(st, 2);
		p->on_receipt = sqlite3_column_int(st, 3);
		str_copy(p->code, sizeof p->code, col_text(st, 4));
		str_copy(p->item_no, sizeof p->item_no, col_text(st, 5));
		str_copy(p->frequency, sizeof p->frequency, col_text(st, 6));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the inspection plan");
	return db_fail(db, MES_ERR_NOTFOUND, "no inspection plan \"%s\"",
	               code ? code : "");
}

static int plan_insert(struct mes_db *db, const char *code, long long item,
                       long long rop, const char *freq, const char *desc)
{
	static const char sql[] = "INSERT INTO inspection_plans (code, "
		"item_id, routing_op_id, on_receipt, frequency, description) "
		"VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, item);
	if (rop)
		sqlite3_bind_int64(st, 3, rop);
	sqlite3_bind_int(st, 4, rop == 0);
	sqlite3_bind_text(st, 5, freq, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, desc ? desc : "", -1, SQLITE_STATIC);
	return step_done(db, st, "saving the inspection plan");
}

int mes_qplan_add(struct mes_db *db, const char *code, const char *item_no,
                  int op_seq, const char *frequency, const char *description)
{
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_QPLAN, "qplan.add")) != MES_OK)
		return rc;
	return tx_end(db, qplan_add_tx(db, code, item_no, op_seq, frequency,
	                               description));
}

int qplan_add_tx(struct mes_db *db, const char *code, const char *item_no,
                 int op_seq, const char *frequency, const char *description)
{
	static const char q_item[] = "SELECT id FROM items WHERE item_no = ?";
	static const char q_plan[] = "SELECT id FROM inspection_plans "
		"WHERE code = ?";
	enum mes_qfreq f;
	struct mes_json b;
	long long item, rop = 0;
	double n;
	char key[16];
	int rc;

	if (!code || !*code || strlen(code) > 32 || strchr(code, '/'))
		return db_fail(db, MES_ERR_ARG, "a plan needs a code of up to "
		               "32 characters without '/'");
	if (!frequency || !*frequency)
		frequency = "lot";
	if (mes_qfreq_parse(frequency, &f, &n) != MES_OK)
		return db_fail(db, MES_ERR_ARG, "frequency \"%s\" is not one "
		               "of lot, every:N, hours:H, first", frequency);
	if (op_seq == 0 && f != MES_QF_LOT)
		return db_fail(db, MES_ERR_ARG, "a receiving plan inspects "
		               "every lot: its frequency is \"lot\"");
	if (op_seq != 0 && f == MES_QF_LOT)
		return db_fail(db, MES_ERR_ARG, "an operation's plan needs "
		               "every:N, hours:H or first");
	if (db_lookup_id(db, q_plan, code) > 0)
		return db_fail(db, MES_ERR_EXISTS, "plan %s exists already",
		               code);
	if ((item = db_lookup_id(db, q_item, item_no ? item_no : "")) <= 0)
		return db_fail(db, MES_ERR_NOTFOUND, "no item \"%s\"",
		               item_no ? item_no : "");
	if (op_seq) {
		static const char q_rop[] = "SELECT id FROM routing_ops WHERE"
			" item_id = ? AND seq = ?";
		sqlite3_stmt *st = db_stmt(db, q_rop);

		if (!st)
			return MES_ERR_DB;
		sqlite3_bind_int64(st, 1, item);
		sqlite3_bind_int(st, 2, op_seq);
		if (sqlite3_step(st) == SQLITE_ROW)
			rop = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (!rop)
			return db_fail(db, MES_ERR_NOTFOUND, "%s has no "
			               "routing operation %d", item_no, op_seq);
	}
	rc = plan_insert(db, code, item, rop, frequency, description);
	mes_json_init(&b);
	mes_json_str(&b, "item", item_no);
	snprintf(key, sizeof key, "%d", op_seq);
	mes_json_str(&b, "operation", op_seq ? key : "receipt");
	mes_json_str(&b, "frequency", frequency);
	if (rc == MES_OK)
		rc = audit_append(db, "qplan.add", "inspection_plans", code,
		                  "", mes_json_done(&b), "");
	mes_json_free(&b);
	return rc;
}

enum mes_spc_type mes_qchar_chart(const struct mes_qchar *c)
{
	enum mes_spc_type t;

	if (c->chart[0] && mes_spc_type_parse(c->chart, &t) == MES_OK)
		return t;
	if (c->kind == MES_QK_ATTRIBUTE)
		return MES_SPC_P;
	if (c->kind == MES_QK_DEFECTS)
		return MES_SPC_U;
	if (c->subgroup < 2)
		return MES_SPC_IMR;
	return c->subgroup <= 10 ? MES_SPC_XBAR_R : MES_SPC_XBAR_S;
}

int mes_qchar_out_of_spec(const struct mes_qchar *c, double v)
{
	if (isnan(v) || isinf(v))
		return 1;
	return (!isnan(c->lsl) && v < c->lsl) || (!isnan(c->usl) && v > c->usl);
}

int mes_qchar_defects_out(const struct mes_qchar *c, int defects)
{
	double most = isnan(c->usl) ? 0 : c->usl;

	return defects > most;
}

static int chart_fits(const struct mes_qchar *c)
{
	enum mes_spc_type t;

	if (!c->chart[0])
		return 1;
	if (mes_spc_type_parse(c->chart, &t) != MES_OK)
		return 0;
	if (c->kind == MES_QK_VARIABLE)
		return t == MES_SPC_IMR ? c->subgroup == 1 :
		       mes_spc_type_is_variables(t) && c->subgroup >= 2;
	if (c->kind == MES_QK_ATTRIBUTE)
		return t == MES_SPC_P || t == MES_SPC_NP;
	return t == MES_SPC_C || t == MES_SPC_U;
}

static int qchar_valid(struct mes_db *db, const struct mes_qchar *c)
{
	if (!c->code[0] || strchr(c->code, '/') || !c->name[0])
		return db_fail(db, MES_ERR_ARG, "a characteristic needs a code"
		               " (without '/') and a name");
	if (c->kind == MES_QK_VARIABLE && isnan(c->lsl) && isnan(c->usl))
		return db_fail(db, MES_ERR_ARG, "%s: a measured characteristic"
		               " needs LSL, USL or both", c->code);
	if (!isnan(c->lsl) && !isnan(c->usl) && !(c->lsl < c->usl))
		return db_fail(db, MES_ERR_ARG, "%s: LSL %g is not below USL "
		               "%g", c->code, c->lsl, c->usl);
	if (c->subgroup < 1 || c->subgroup > (c->kind == MES_QK_VARIABLE ?
	                                      MES_SPC_NMAX : 100000))
		return db_fail(db, MES_ERR_RANGE, "%s: subgroup size %d is not"
		               " within 1..%d", c->code, c->subgroup,
		               c->kind == MES_QK_VARIABLE ? MES_SPC_NMAX :
		               100000);
	if (c->decimals < 0 || c->decimals > 6)
		return db_fail(db, MES_ERR_RANGE, "%s: decimals %d is not "
		               "within 0..6", c->code, c->decimals);
	if (!chart_fits(c))
		return db_fail(db, MES_ERR_ARG, "%s: chart \"%s\" does not fit"
		               " a %s characteristic of subgroup %d", c->code,
		               c->chart, kind_names[c->kind], c->subgroup);
	if (c->rules & ~((1u << MES_SPC_NRULES) - 1))
		return db_fail(db, MES_ERR_ARG, "%s: unknown SPC rule bits",
		               c->code);
	return MES_OK;
}

static int qchar_insert(struct mes_db *db, struct mes_qchar *c)
{
	static const char sql[] = "INSERT INTO characteristics (plan_id, "
		"code, name, kind, nominal, lsl, usl, unit, decimals, subgroup,"
		" chart, rules) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, c->plan_id);
	sqlite3_bind_text(st, 2, c->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, kind_names[c->kind], -1, SQLITE_STATIC);
	qbind_num(st, 5, c->nominal);
	qbind_num(st, 6, c->lsl);
	qbind_num(st, 7, c->usl);
	sqlite3_bind_text(st, 8, c->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, c->decimals);
	sqlite3_bind_int(st, 10, c->subgroup);
	sqlite3_bind_text(st, 11, c->chart, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 12, (int)c->rules);
	if ((rc = step_done(db, st, "saving the characteristic")) == MES_OK)
		c->id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

static const char *qchar_json(struct mes_json *b, const struct mes_qchar *c)
{
	char rules[96];

	mes_json_init(b);
	mes_json_str(b, "name", c->name);
	mes_json_str(b, "kind", kind_names[c->kind]);
	if (!isnan(c->nominal))
		mes_json_num(b, "nominal", c->nominal);
	if (!isnan(c->lsl))
		mes_json_num(b, "lsl", c->lsl);
	if (!isnan(c->usl))
		mes_json_num(b, "usl", c->usl);
	mes_json_str(b, "unit", c->unit);
	mes_json_int(b, "subgroup", c->subgroup);
	mes_json_str(b, "chart", mes_spc_type_name(mes_qchar_chart(c)));
	mes_spc_rules_format(c->rules, rules, sizeof rules);
	mes_json_str(b, "rules", rules);
	return mes_json_done(b);
}

int mes_qchar_add(struct mes_db *db, struct mes_qchar *c)
{
	int rc;

	if (!db || !db->h || !c)
		return db_badarg(db, __func__);
	if ((rc = qchar_valid(db, c)) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_QPLAN, "qchar.add")) != MES_OK)
		return rc;
	return tx_end(db, qchar_add_tx(db, c));
}

int qchar_add_tx(struct mes_db *db, struct mes_qchar *c)
{
	struct qplan_row p;
	struct mes_json b;
	char key[70];
	int rc;

	if ((rc = qchar_valid(db, c)) != MES_OK)
		return rc;
	if ((rc = qplan_load(db, c->plan, &p)) != MES_OK)
		return rc;
	c->plan_id = p.id;
	if ((rc = qchar_insert(db, c)) != MES_OK) {
		if (rc == MES_ERR_EXISTS || strstr(db->err, "UNIQUE"))
			rc = db_fail(db, MES_ERR_EXISTS, "plan %s has a "
			             "characteristic %s already", c->plan,
			             c->code);
		return rc;
	}
	snprintf(key, sizeof key, "%s/%s", c->plan, c->code);
	rc = audit_append(db, "qchar.add", "characteristics", key, "",
	                  qchar_json(&b, c), "");
	mes_json_free(&b);
	return rc;
}

static void qchar_fill(sqlite3_stmt *st, struct mes_qchar *c)
{
	const char *k = col_text(st, 5);

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->plan_id = sqlite3_column_int64(st, 1);
	str_copy(c->plan, sizeof c->plan, col_text(st, 2));
	str_copy(c->code, sizeof c->code, col_text(st, 3));
	str_copy(c->name, sizeof c->name, col_text(st, 4));
	c->kind = !strcmp(k, "attribute") ? MES_QK_ATTRIBUTE :
	          !strcmp(k, "defects") ? MES_QK_DEFECTS : MES_QK_VARIABLE;
	c->nominal = qcol_num(st, 6);
	c->lsl = qcol_num(st, 7);
	c->usl = qcol_num(st, 8);
	str_copy(c->unit, sizeof c->unit, col_text(st, 9));
	c->decimals = sqlite3_column_int(st, 10);
	c->subgroup = sqlite3_column_int(st, 11);
	str_copy(c->chart, sizeof c->chart, col_text(st, 12));
	c->rules = (unsigned)sqlite3_column_int(st, 13);
}

int mes_qchar_get(struct mes_db *db, const char *ref, struct mes_qchar *c)
{
	static const char sql[] = "SELECT " QCHAR_COLS " FROM characteristics"
		" c JOIN inspection_plans p ON p.id = c.plan_id WHERE c.code ="
		" ?2 AND (?1 = '' OR p.code = ?1) ORDER BY p.code";
	char plan[64] = "", code[64];
	const char *slash;
	sqlite3_stmt *st;
	int rc, found = 0;

	if (!db || !db->h || !ref || !c)
		return db_badarg(db, __func__);
	if ((slash = strchr(ref, '/'))) {
		snprintf(plan, sizeof plan, "%.*s", (int)(slash - ref), ref);
		str_copy(code, sizeof code, slash + 1);
	} else {
		str_copy(code, sizeof code, ref);
	}
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, plan, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && found < 2)
		if (found++ == 0)
			qchar_fill(st, c);
	sqlite3_reset(st);
	if (found == 1)
		return MES_OK;
	if (found > 1)
		return db_fail(db, MES_ERR_ARG, "more than one plan has a "
		               "characteristic %s: name it PLAN/%s", code, code);
	return db_fail(db, MES_ERR_NOTFOUND, "no characteristic \"%s\"", ref);
}

int mes_qchar_set_rules(struct mes_db *db, const char *ref, unsigned rules)
{
	static const char sql[] = "UPDATE characteristics SET rules = ? "
		"WHERE id = ?";
	struct mes_qchar c;
	sqlite3_stmt *st;
	char ov[96], nv[96], key[70];
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_QDECIDE, "qchar.rules")) != MES_OK)
		return rc;
	if ((rc = mes_qchar_get(db, ref, &c)) != MES_OK)
		return tx_end(db, rc);
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int(st, 1, (int)rules);
	sqlite3_bind_int64(st, 2, c.id);
	rc = step_done(db, st, "changing the rules");
	mes_spc_rules_format(c.rules, ov, sizeof ov);
	mes_spc_rules_format(rules, nv, sizeof nv);
	snprintf(key, sizeof key, "%s/%s", c.plan, c.code);
	if (rc == MES_OK)
		rc = audit_append(db, "qchar.rules", "characteristics", key,
		                  ov, nv, "");
	return tx_end(db, rc);
}

int mes_qchar_each(struct mes_db *db, const char *plan, mes_qchar_fn fn,
                   void *ctx)
{
	static const char sql[] = "SELECT " QCHAR_COLS " FROM characteristics"
		" c JOIN inspection_plans p ON p.id = c.plan_id WHERE ?1 = '' "
		"OR p.code = ?1 ORDER BY p.code, c.id";
	struct mes_qchar c;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, stop = 0;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, plan ? plan : "", -1, SQLITE_TRANSIENT);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		qchar_fill(st, &c);
		stop = fn(&c, ctx);
	}
	return step_end(db, st, rc, "reading characteristics");
}
