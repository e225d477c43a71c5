/*
 * Inspection plans as CSV, one row per characteristic (a plan without
 * characteristics is one row with char empty).  Rows go through the
 * quality core's own checks (qplan_add_tx, qchar_add_tx) so the plan
 * rules live in one place; a plan named again on later rows must say
 * the same item, operation and frequency.  Chart and SPC rules are not
 * in the file: a characteristic gets the chart chosen from its kind and
 * subgroup and the Western Electric rules, as mesctl quality char does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "csv_int.h"
#include "quality/quality_int.h"

static const char *const qp_cols[] = { "plan", "item_no", "op_seq",
	"on_receipt", "frequency", "char", "name", "kind", "nominal", "lsl",
	"usl", "unit", "decimals", "subgroup", NULL };

enum { F_PLAN, F_ITEM, F_OP, F_RECEIPT, F_FREQ, F_CHAR, F_NAME, F_KIND,
       F_NOM, F_LSL, F_USL, F_UNIT, F_DEC, F_SUB };

static const char *val(const char *const *f, int k)
{
	return f[k] ? f[k] : "";
}

/* A core refusal becomes a line problem; a database failure stops. */
static int refused(struct mimp *m, int rc)
{
	if (rc == MES_OK) {
		m->res->added++;
		return MES_OK;
	}
	if (rc == MES_ERR_DB || rc == MES_ERR_NOMEM || rc == MES_ERR_IO)
		return rc;
	mbad(m, "%s", mes_db_errmsg(m->db));
	return MES_OK;
}

/* The plan as the file says, added when new, else compared. */
static int plan_of(struct mimp *m, const char *const *f, long op)
{
	static const char sql[] = "SELECT ifnull(i.item_no, ''), "
		"ifnull(r.seq, 0), p.frequency FROM inspection_plans p LEFT "
		"JOIN items i ON i.id = p.item_id LEFT JOIN routing_ops r ON "
		"r.id = p.routing_op_id WHERE p.code = ?";
	sqlite3_stmt *st = db_stmt(m->db, sql);
	const char *freq = *val(f, F_FREQ) ? f[F_FREQ] : "lot";
	int rc, same = 0;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, f[F_PLAN], -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		same = !strcmp(col_text(st, 0), val(f, F_ITEM)) &&
		       sqlite3_column_int64(st, 1) == op &&
		       !strcmp(col_text(st, 2), freq);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return refused(m, qplan_add_tx(m->db, f[F_PLAN], val(f, F_ITEM),
		                               (int)op, freq, ""));
	if (rc != SQLITE_ROW)
		return db_sqlfail(m->db, rc, "reading the inspection plan");
	if (!same)
		mbad(m, "plan %s exists with another item, operation or "
		     "frequency: give it another code", f[F_PLAN]);
	return MES_OK;
}

static int num(struct mimp *m, const char *what, const char *s, double *out)
{
	char *end;

	*out = NAN;
	if (!s || !*s)
		return 1;
	*out = strtod(s, &end);
	if (*end || !isfinite(*out)) {
		mbad(m, "%s \"%.20s\": a number", what, s);
		return 0;
	}
	return 1;
}

static int char_of(struct mimp *m, const char *const *f)
{
	const char *k = val(f, F_KIND);
	struct mes_qchar c;
	long dec, sub;
	int e = m->nerr;

	memset(&c, 0, sizeof c);
	if (strlen(val(f, F_CHAR)) >= sizeof c.code ||
	    strlen(val(f, F_NAME)) >= sizeof c.name ||
	    strlen(val(f, F_UNIT)) >= sizeof c.unit) {
		mbad(m, "char up to 32, name up to 80, unit up to 16 "
		     "characters");
		return MES_OK;
	}
	if (!*k || !strcmp(k, "variable"))
		c.kind = MES_QK_VARIABLE;
	else if (!strcmp(k, "attribute"))
		c.kind = MES_QK_ATTRIBUTE;
	else if (!strcmp(k, "defects"))
		c.kind = MES_QK_DEFECTS;
	else
		mbad(m, "kind \"%.20s\": variable, attribute or defects", k);
	num(m, "nominal", f[F_NOM], &c.nominal);
	num(m, "lsl", f[F_LSL], &c.lsl);
	num(m, "usl", f[F_USL], &c.usl);
	mint(m, "decimals", f[F_DEC], 0, 6, 2, &dec);
	mint(m, "subgroup", f[F_SUB], 1, 100000, 1, &sub);
	if (m->nerr != e)
		return MES_OK;
	str_copy(c.plan, sizeof c.plan, f[F_PLAN]);
	str_copy(c.code, sizeof c.code, f[F_CHAR]);
	str_copy(c.name, sizeof c.name, val(f, F_NAME));
	str_copy(c.unit, sizeof c.unit, val(f, F_UNIT));
	c.decimals = (int)dec;
	c.subgroup = (int)sub;
	c.rules = MES_SPC_RULES_WE;
	return refused(m, qchar_add_tx(m->db, &c));
}

static int qp_row(struct mimp *m, const char *const *f)
{
	const char *rcpt = val(f, F_RECEIPT);
	long op;
	int rc, e = m->nerr;

	if (!*val(f, F_PLAN) || !*val(f, F_ITEM)) {
		mbad(m, "plan and item_no are needed");
		return MES_OK;
	}
	if (!mint(m, "op_seq", f[F_OP], 1, 1000000, 0, &op))
		return MES_OK;
	if (*rcpt && strcmp(rcpt, op ? "0" : "1"))
		mbad(m, "on_receipt %.10s: 1 for a receiving plan (op_seq "
		     "empty), 0 for an operation's plan", rcpt);
	if (m->nerr != e)
		return MES_OK;
	if ((rc = plan_of(m, f, op)) != MES_OK || m->nerr != e ||
	    !*val(f, F_CHAR))
		return rc;
	return char_of(m, f);
}

const struct mkind mkind_inspection_plans = { "inspection-plans", qp_cols,
	2, PERM_QPLAN, qp_row, "SELECT p.code, ifnull(i.item_no, ''), ifnull(("
	"SELECT seq FROM routing_ops WHERE id = p.routing_op_id), ''), "
	"p.on_receipt, p.frequency, ifnull(c.code, ''), ifnull(c.name, ''), "
	"ifnull(c.kind, ''), ifnull(c.nominal, ''), ifnull(c.lsl, ''), "
	"ifnull(c.usl, ''), ifnull(c.unit, ''), ifnull(c.decimals, ''), "
	"ifnull(c.subgroup, '') FROM inspection_plans p LEFT JOIN items i ON "
	"i.id = p.item_id LEFT JOIN characteristics c ON c.plan_id = p.id "
	"ORDER BY p.code, c.code" };
