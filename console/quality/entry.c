/*
 * The entry form of one inspection: a field per value of each measured
 * characteristic's subgroup, one per attribute count, and a comment.
 * Values are checked as they are typed; an out-of-specification value
 * is flagged on its label at once and the form will not go without a
 * comment.  Core applies the same rule again when it records.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qual.h"

#define MAX_CHARS 8
#define MAX_FIELDS 15

struct entry {
	struct mes_qchar ch[MAX_CHARS];
	int nch;
	int fchar[MAX_FIELDS];        /* characteristic of each value field */
	char label[MAX_FIELDS][48], flagged[MAX_FIELDS][48];
	int nf;                       /* value fields; the comment follows */
	char problem[192];        /* "comment needed: " and a reason */
};

static int take_char(const struct mes_qchar *c, void *ctx)
{
	struct entry *e = ctx;

	if (e->nch >= MAX_CHARS)
		return 1;
	e->ch[e->nch++] = *c;
	return 0;
}

static void fmt_spec(const struct mes_qchar *c, char *buf, size_t n)
{
	if (!isnan(c->lsl) && !isnan(c->usl))
		snprintf(buf, n, "%.*f..%.*f", c->decimals, c->lsl,
		         c->decimals, c->usl);
	else if (!isnan(c->lsl))
		snprintf(buf, n, ">= %.*f", c->decimals, c->lsl);
	else
		snprintf(buf, n, "<= %.*f", c->decimals, c->usl);
}

/* Checks one typed value against a characteristic: NULL when fine, else
 * what to say (the same rule core applies when it records). */
static const char *entry_value_problem(const struct mes_qchar *c, const char *text,
                                       int *out_of_spec)
{
	static char msg[160];
	char spec[48], *end;
	double v;

	*out_of_spec = 0;
	if (!*text)
		return NULL;
	if (c->kind != MES_QK_VARIABLE) {
		long n = strtol(text, &end, 10);

		if (*end || n < 0 || (c->kind == MES_QK_ATTRIBUTE &&
		                      n > c->subgroup)) {
			snprintf(msg, sizeof msg, "%s: \"%s\" is not a count of "
			         "0..%d", c->code, text, c->kind ==
			         MES_QK_ATTRIBUTE ? c->subgroup : 99999);
			return msg;
		}
		*out_of_spec = mes_qchar_defects_out(c, (int)n);
		return NULL;
	}
	v = strtod(text, &end);
	if (*end || end == text || !isfinite(v)) {
		snprintf(msg, sizeof msg, "%s: \"%s\" is not a number", c->code,
		         text);
		return msg;
	}
	*out_of_spec = mes_qchar_out_of_spec(c, v);
	if (*out_of_spec) {
		fmt_spec(c, spec, sizeof spec);
		snprintf(msg, sizeof msg, "%s %.*f OUT OF SPEC (%s %s)",
		         c->code, c->decimals, v, spec, c->unit);
		return msg;
	}
	return NULL;
}

static const char *check(struct ui_field *f, int n, int *bad, void *ctx)
{
	struct entry *e = ctx;
	const char *p, *first_out = NULL;
	int i, out, empty = -1, outs = 0;

	for (i = 0; i < e->nf; i++) {
		p = entry_value_problem(&e->ch[e->fchar[i]], f[i].value, &out);
		f[i].label = out ? e->flagged[i] : e->label[i];
		if (p && !out) {
			*bad = i;
			return p;
		}
		if (out && !first_out) {
			first_out = p ? p : "defects above the limit";
			snprintf(e->problem, sizeof e->problem, "comment "
			         "needed: %s", first_out);
		}
		outs += out;
		if (!f[i].value[0] && empty < 0)
			empty = i;
	}
	if (outs && !f[n - 1].value[0]) {
		*bad = n - 1;
		return e->problem;
	}
	if (empty >= 0) {
		*bad = empty;
		snprintf(e->problem, sizeof e->problem, "type %s",
		         e->label[empty]);
		return e->problem;
	}
	return NULL;
}

static int build_fields(struct qual *q, struct entry *e, struct ui_field *f)
{
	int i, k, nf = 0;
	char spec[48];

	for (i = 0; i < e->nch; i++) {
		const struct mes_qchar *c = &e->ch[i];
		int nv = c->kind == MES_QK_VARIABLE ? c->subgroup : 1;

		if (nf + nv > MAX_FIELDS) {
			ui_msg(q->app, 1, "this plan has more values than the "
			       "form holds (%d): record it with mesctl quality"
			       " inspect", MAX_FIELDS);
			return -1;
		}
		fmt_spec(c, spec, sizeof spec);
		for (k = 0; k < nv; k++, nf++) {
			e->fchar[nf] = i;
			if (c->kind == MES_QK_VARIABLE)
				snprintf(e->label[nf], 48, "%.8s %d [%.24s]",
				         c->code, k + 1, spec);
			else
				snprintf(e->label[nf], 48, "%.8s defects of %d",
				         c->code, c->subgroup);
			snprintf(e->flagged[nf], 48, "%.8s %d OUT OF SPEC",
			         c->code, k + 1);
			f[nf].label = e->label[nf];
			f[nf].kind = FLD_TEXT;
			f[nf].feed = c->kind == MES_QK_VARIABLE;   /* a gauge */
		}
	}
	e->nf = nf;
	f[nf].label = "Comment";
	f[nf].kind = FLD_TEXT;
	return nf + 1;
}

static void say_result(struct qual *q, const struct mes_qrecorded *out)
{
	char extra[128] = "";
	size_t len = 0;

	if (out->lot_status[0])
		len += (size_t)snprintf(extra + len, sizeof extra - len,
		                        ", lot %s", out->lot_status);
	if (out->nc_no[0])
		len += (size_t)snprintf(extra + len, sizeof extra - len,
		                        ", %s opened", out->nc_no);
	if (out->alarms)
		snprintf(extra + len, sizeof extra - len, ", %d SPC alarm%s",
		         out->alarms, out->alarms > 1 ? "s" : "");
	ui_msg(q->app, out->failed || out->alarms, "inspection %lld recorded:"
	       " %s%s", out->inspection_id, out->failed ? "FAIL" : "pass",
	       extra);
}

static int record(struct qual *q, const struct mes_qdue *due,
                  struct entry *e, struct ui_field *f)
{
	struct mes_qresult r[MAX_CHARS];
	double vals[MAX_FIELDS];
	struct mes_qtarget t = { due->plan, due->lot_no[0] ? due->lot_no :
		NULL, due->wo_no[0] ? due->wo_no : NULL, due->seq };
	struct mes_qrecorded out;
	const char *comment = f[e->nf].value;
	int i, k;

	memset(r, 0, sizeof r);
	for (i = 0; i < e->nch; i++) {
		r[i].char_code = e->ch[i].code;
		r[i].comment = comment;
		r[i].values = NULL;
		/* At a station with a gauge, what is measured is measured
		 * with it: refused while it is out of calibration. */
		if (q->gauge && q->gauge_code[0] &&
		    e->ch[i].kind == MES_QK_VARIABLE)
			r[i].gauge = q->gauge_code;
	}
	for (k = 0; k < e->nf; k++) {
		struct mes_qresult *x = &r[e->fchar[k]];

		if (e->ch[e->fchar[k]].kind == MES_QK_VARIABLE) {
			vals[k] = strtod(f[k].value, NULL);
			if (!x->values)
				x->values = &vals[k];
			x->nvalues++;
		} else {
			x->defects = atoi(f[k].value);
		}
	}
	if (mes_inspect_record(q->db, &t, r, e->nch, &out) != MES_OK)
		return qual_fail(q, "inspection");
	say_result(q, &out);
	return UI_DONE | UI_RELOAD;
}

int inspect_entry(struct qual *q, const struct mes_qdue *due)
{
	struct ui_field f[MAX_FIELDS + 1];
	struct entry *e = calloc(1, sizeof *e);
	char title[96];
	int n, rc = UI_DONE;

	if (!e) {
		ui_msg(q->app, 1, "out of memory");
		return UI_DONE;
	}
	memset(f, 0, sizeof f);
	if (mes_qchar_each(q->db, due->plan, take_char, e) != MES_OK) {
		free(e);
		return qual_fail(q, "plan");
	}
	if ((n = build_fields(q, e, f)) > 0) {
		if (due->lot_no[0])
			snprintf(title, sizeof title, "%s: lot %s", due->plan,
			         due->lot_no);
		else
			snprintf(title, sizeof title, "%s: %s/%d", due->plan,
			         due->wo_no, due->seq);
		if (ui_form(q->app, title, f, n, check, e))
			rc = record(q, due, e, f);
		else
			ui_msg(q->app, 0, "nothing recorded");
	}
	free(e);
	return rc;
}
