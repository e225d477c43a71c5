/*
 * Two lists: the characteristics (Enter opens the chart) and the open
 * SPC alarms (acknowledge, open a non-conformance, see the chart).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qual.h"

#define MAX_ROWS 400

struct chars {
	char plan[33];
	struct mes_qchar v[MAX_ROWS];
	struct ui_list list;
};

static int take_char(const struct mes_qchar *c, void *ctx)
{
	struct chars *s = ctx;

	return ui_list_take(&s->list, s->v, sizeof *c, MAX_ROWS, c);
}

static int chars_reload(struct ui_view *v)
{
	struct qual *q = ui_ctx(v->app);
	struct chars *s = v->priv;

	ui_list_refill(&s->list, s->v, sizeof s->v[0],
	               offsetof(struct mes_qchar, id), UI_LLONG);
	if (mes_qchar_each(q->db, s->plan[0] ? s->plan : NULL, take_char, s) !=
	    MES_OK)
		return qual_fail(q, "characteristics");
	return ui_list_loaded(&s->list);
}

static void char_ref(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_qchar *c = row;

	(void)ctx;
	snprintf(buf, n, "%s/%s", c->plan, c->code);
}

static void char_kind(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_qchar *c = row;

	(void)ctx;
	snprintf(buf, n, "%s", c->kind == MES_QK_VARIABLE ? "variable" :
	         c->kind == MES_QK_ATTRIBUTE ? "attribute" : "defects");
}

static void char_spec(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_qchar *c = row;

	(void)ctx;
	snprintf(buf, n, "%g..%g %s", c->lsl, c->usl, c->unit);
}

static void char_chart(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%s", mes_spc_type_name(mes_qchar_chart(row)));
}

static const struct ui_col char_cols[] = {
	{ "PLAN/CODE", 21, UI_LEFT, .get = char_ref },
	{ "NAME", 23, UI_LEFT, UI_FIELD(struct mes_qchar, name) },
	{ "KIND", 10, UI_LEFT, .get = char_kind },
	{ "SPEC", 20, UI_LEFT, .get = char_spec },
	{ "CHART", 0, UI_LEFT, .get = char_chart },
	{ NULL },
};

static const struct ui_table char_table = {
	.cols = char_cols, .row_size = sizeof(struct mes_qchar),
};

static void chars_draw(struct ui_view *v, int top, int rows, int cols)
{
	char hint[160];
	struct chars *s = v->priv;

	ui_table_draw(&char_table, &s->list, s->v, NULL, top,
	              rows - 1, cols);
	if (!s->list.count)
		crt_put(top + 2, 2, cols - 4, "No characteristics.",
		        crt_attr(CLR_DIM));
	ui_key_hint(v, 1, hint, sizeof hint);
	crt_put(top + rows - 1, 0, cols, hint, crt_attr(CLR_DIM));
}

static int chars_action(struct ui_view *v, enum ui_action a, int key)
{
	struct qual *q = ui_ctx(v->app);
	struct chars *s = v->priv;
	char ref[80];

	(void)key;
	if (a == ACT_OPEN && s->list.count) {
		snprintf(ref, sizeof ref, "%s/%s", s->v[s->list.sel].plan,
		         s->v[s->list.sel].code);
		chart_push(q, ref);
		return UI_DONE;
	}
	return 0;
}

static const struct ui_view_ops chars_view = {
	.name = "characteristics",
	.help = "The characteristics of a plan (or of all plans). Enter opens"
	        " the control chart.",
	.bar = { ACT_HELP, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = chars_reload,
	.watch = MES_CH_QPLAN | MES_CH_SPC | MES_CH_INSPECT,
	.draw = chars_draw,
	.action = chars_action,
	.list = UI_LIST_AT(struct chars, list),
	.close = ui_free_priv,
};

void chars_push(struct qual *q, const char *plan)
{
	struct chars *s = ui_push_new(q->app, &chars_view, sizeof *s);

	if (s)
		snprintf(s->plan, sizeof s->plan, "%s", plan ? plan : "");
}

/* ---- alarms ------------------------------------------------------------- */

struct alarms {
	struct mes_qalarm v[MAX_ROWS];
	struct ui_list list;
};

static int take_alarm(const struct mes_qalarm *a, void *ctx)
{
	struct alarms *s = ctx;

	return ui_list_take(&s->list, s->v, sizeof *a, MAX_ROWS, a);
}

static int alarm_reload(struct ui_view *v)
{
	struct qual *q = ui_ctx(v->app);
	struct alarms *s = v->priv;

	ui_list_refill(&s->list, s->v, sizeof s->v[0],
	               offsetof(struct mes_qalarm, id), UI_LLONG);
	if (mes_qalarm_each(q->db, 0, take_alarm, s) != MES_OK)
		return qual_fail(q, "alarms");
	return ui_list_loaded(&s->list);
}

static void alarm_raised(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%.19s", ((const struct mes_qalarm *)row)->ts);
}

/* An open alarm waits for someone. */
static int alarm_attr(const void *row, void *ctx)
{
	(void)row;
	(void)ctx;
	return crt_attr(CLR_ALARM);
}

static const struct ui_col alarm_cols[] = {
	{ "ID", 5, UI_RIGHT, UI_LLF(struct mes_qalarm, id) },
	{ "CHARACTERISTIC", 20, UI_LEFT, UI_FIELD(struct mes_qalarm, chr) },
	{ "WC", 8, UI_LEFT, UI_FIELD(struct mes_qalarm, wc), .dash = 1 },
	{ "RULE", 4, UI_LEFT, UI_FIELD(struct mes_qalarm, rule) },
	{ "RAISED", 20, UI_LEFT, .get = alarm_raised },
	{ "WHAT", 0, UI_LEFT, UI_FIELD(struct mes_qalarm, rule_text) },
	{ NULL },
};

static const struct ui_table alarm_table = {
	.cols = alarm_cols, .row_size = sizeof(struct mes_qalarm),
	.row_attr = alarm_attr,
};

static void alarm_draw(struct ui_view *v, int top, int rows, int cols)
{
	char hint[160];
	struct alarms *s = v->priv;

	ui_table_draw(&alarm_table, &s->list, s->v, NULL, top,
	              rows - 1, cols);
	if (!s->list.count)
		crt_put(top + 2, 2, cols - 4, "No open SPC alarms.",
		        crt_attr(CLR_DIM));
	ui_key_hint(v, 1, hint, sizeof hint);
	crt_put(top + rows - 1, 0, cols, hint, crt_attr(CLR_DIM));
}

static const char *need_text(struct ui_field *f, int n, int *bad, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < n; i++)
		if (f[i].kind != FLD_CHOICE && !f[i].value[0] &&
		    strcmp(f[i].label, "Note") && strcmp(f[i].label, "Defect") &&
		    strcmp(f[i].label, "Quantity")) {
			*bad = i;
			return "fill in every field marked above";
		}
	return NULL;
}

static int alarm_nc(struct qual *q, const struct mes_qalarm *a)
{
	struct ui_field f[3];
	struct mes_nc_new n;
	char no[24];

	memset(f, 0, sizeof f);
	f[0].label = "Description";
	f[0].kind = FLD_TEXT;
	snprintf(f[0].value, sizeof f[0].value, "%.40s %s: %.60s", a->chr, a->rule,
	         a->rule_text);
	f[1].label = "Quantity";
	f[1].kind = FLD_NUMBER;
	f[2].label = "Defect";
	f[2].kind = FLD_TEXT;
	if (!ui_form(q->app, "Non-conformance from the alarm", f, 3,
	             need_text, NULL))
		return UI_DONE;
	memset(&n, 0, sizeof n);
	n.alarm_id = a->id;
	n.description = f[0].value;
	n.qty = atof(f[1].value);
	n.defect_code = f[2].value;
	if (mes_nc_open(q->db, &n, no) != MES_OK)
		return qual_fail(q, "non-conformance");
	ui_msg(q->app, 0, "%s opened: the material is on hold", no);
	return UI_DONE | UI_RELOAD;
}

static const char *need_note(struct ui_field *f, int n, int *bad, void *c)
{
	(void)n;
	(void)c;
	if (f[0].value[strspn(f[0].value, " ")])
		return NULL;
	*bad = 0;
	return "say what was found or done: it goes into the record";
}

/* Acknowledged with what was found or done, never with a key alone. */
static int alarm_ack(struct qual *q, const struct mes_qalarm *al)
{
	struct ui_field f;
	char title[64];

	memset(&f, 0, sizeof f);
	f.label = "Found / done";
	f.kind = FLD_TEXT;
	snprintf(title, sizeof title, "Acknowledge alarm %lld", al->id);
	if (!ui_form(q->app, title, &f, 1, need_note, NULL))
		return UI_DONE;
	if (mes_qalarm_ack(q->db, al->id, f.value) != MES_OK)
		return qual_fail(q, "acknowledge");
	ui_msg(q->app, 0, "alarm %lld acknowledged: %s", al->id, f.value);
	return UI_DONE | UI_RELOAD;
}

static int alarm_action(struct ui_view *v, enum ui_action a, int key)
{
	struct qual *q = ui_ctx(v->app);
	struct alarms *s = v->priv;
	const struct mes_qalarm *al = s->list.count ? &s->v[s->list.sel] :
	                              NULL;

	(void)key;
	if (!al)
		return 0;
	if (a == ACT_OPEN) {
		chart_push(q, al->chr);
		return UI_DONE;
	}
	if (a == ACT_START)
		return alarm_nc(q, al);
	if (a == ACT_COMPLETE)
		return alarm_ack(q, al);
	return 0;
}

static const struct ui_view_ops alarm_view = {
	.name = "alarms",
	.help = "Open SPC alarms: a new subgroup broke an enabled rule against"
	        " the frozen limits. They show here and on the dispatch board "
	        "of their work center until acknowledged (F5 or c; quality or "
	        "lead). NC (F2 or s) opens a non-conformance for the material "
	        "the subgroup came from and holds it. Enter: the chart.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_NONE, ACT_COMPLETE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = alarm_reload,
	.watch = MES_CH_SPC | MES_CH_QPLAN | MES_CH_NC | MES_CH_INSPECT,
	.draw = alarm_draw,
	.action = alarm_action,
	.list = UI_LIST_AT(struct alarms, list),
	.close = ui_free_priv,
};

void alarm_push(struct qual *q)
{
	ui_push_new(q->app, &alarm_view, sizeof(struct alarms));
}
