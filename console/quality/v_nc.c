/*
 * Non-conformances: the list, the record, and its next step: contain,
 * disposition, close.  Disposition and closing are signed: the form asks
 * for the signer's login and PIN and shows what the signature means.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qual.h"

#define MAX_NC 300

struct ncs {
	struct mes_nc v[MAX_NC];
	struct ui_list list;
	int all;
};

static int take(const struct mes_nc *n, void *ctx)
{
	struct ncs *s = ctx;

	return ui_list_take(&s->list, s->v, sizeof *n, MAX_NC, n);
}

static int reload(struct ui_view *v)
{
	struct qual *q = ui_ctx(v->app);
	struct ncs *s = v->priv;

	ui_list_refill(&s->list, s->v, sizeof s->v[0],
	               offsetof(struct mes_nc, id), UI_LLONG);
	if (mes_nc_each(q->db, s->all, take, s) != MES_OK)
		return qual_fail(q, "non-conformances");
	return ui_list_loaded(&s->list);
}

static void nc_about(const void *row, void *ctx, char *buf, size_t n)
{
	const struct mes_nc *c = row;

	(void)ctx;
	if (c->lot_no[0])
		snprintf(buf, n, "lot %s", c->lot_no);
	else
		snprintf(buf, n, "order %s", c->wo_no);
}

static void nc_qty(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%g", ((const struct mes_nc *)row)->qty);
}

static const struct ui_col nc_cols[] = {
	{ "NC", 9, UI_LEFT, UI_FIELD(struct mes_nc, nc_no) },
	{ "STATUS", 13, UI_LEFT, UI_FIELD(struct mes_nc, status) },
	{ "SOURCE", 10, UI_LEFT, UI_FIELD(struct mes_nc, source) },
	{ "ABOUT", 18, UI_LEFT, .get = nc_about },
	{ "QTY", 5, UI_RIGHT, .get = nc_qty },
	{ "DESCRIPTION", 0, UI_LEFT, UI_FIELD(struct mes_nc, description) },
	{ NULL },
};

static const struct ui_table nc_table = {
	.cols = nc_cols, .row_size = sizeof(struct mes_nc),
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	char hint[160], line[200];
	struct ncs *s = v->priv;

	ui_table_draw(&nc_table, &s->list, s->v, NULL, top,
	              rows - 1, cols);
	if (!s->list.count)
		crt_put(top + 2, 2, cols - 4, "No open non-conformances.",
		        crt_attr(CLR_DIM));
	ui_key_hint(v, 0, hint, sizeof hint);
	snprintf(line, sizeof line, "%s  %s", s->all ? "all, closed too" :
	         "open ones", hint);
	crt_put(top + rows - 1, 0, cols, line, crt_attr(CLR_DIM));
}

static void show_record(struct qual *q, const char *nc_no)
{
	struct mes_nc n;
	char text[3072], title[64];
	size_t len = 0;

	if (mes_nc_get(q->db, nc_no, &n) != MES_OK) {
		qual_fail(q, nc_no);
		return;
	}
	len += (size_t)snprintf(text + len, sizeof text - len,
	        "Status:       %s (%s)\nAbout:        %s%s%s%s\nQuantity:     "
	        "%g   Defect: %s\nDescription:  %s\nOpened:       %s by %s\n",
	        n.status, n.source, n.lot_no[0] ? "lot " : "", n.lot_no,
	        n.wo_no[0] ? "order " : "", n.wo_no, n.qty, n.defect_code,
	        n.description, n.opened_ts, n.opened_by);
	if (n.containment[0] && len < sizeof text)
		len += (size_t)snprintf(text + len, sizeof text - len,
		        "Containment:  %s\n", n.containment);
	if (n.disposition[0] && len < sizeof text)
		len += (size_t)snprintf(text + len, sizeof text - len,
		        "Disposition:  %s %s\n  signed:     %s, %s, \"%s\"\n",
		        n.disposition, n.disposition_note,
		        n.disp_sig.printed_name, n.disp_sig.ts,
		        n.disp_sig.meaning);
	if (n.root_cause[0] && len < sizeof text)
		snprintf(text + len, sizeof text - len, "Root cause:   %s\n"
		         "Corrective:   %s\n  signed:     %s, %s, \"%s\"\n",
		         n.root_cause, n.corrective_action,
		         n.close_sig.printed_name, n.close_sig.ts,
		         n.close_sig.meaning);
	snprintf(title, sizeof title, "Non-conformance %s", n.nc_no);
	ui_textbox(q->app, title, text, NULL);
}

static const char *all_filled(struct ui_field *f, int n, int *bad, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < n; i++)
		if (!f[i].value[0] && strcmp(f[i].label, "Note")) {
			*bad = i;
			return "every field is needed";
		}
	return NULL;
}

static int contain(struct qual *q, const struct mes_nc *n)
{
	struct ui_field f[1];
	char title[64];

	memset(f, 0, sizeof f);
	f[0].label = "Containment";
	f[0].kind = FLD_TEXT;
	snprintf(title, sizeof title, "Contain %s", n->nc_no);
	if (!ui_form(q->app, title, f, 1, all_filled, NULL))
		return UI_DONE;
	if (mes_nc_contain(q->db, n->nc_no, f[0].value) != MES_OK)
		return qual_fail(q, "contain");
	ui_msg(q->app, 0, "%s contained", n->nc_no);
	return UI_DONE | UI_RELOAD;
}

/* The signature part of a form: meaning (fixed), login, PIN. */
static void sig_fields(struct ui_field *f, const char *const *meaning)
{
	f[0].label = "Meaning";
	f[0].kind = FLD_CHOICE;
	f[0].choices = meaning;
	snprintf(f[0].value, sizeof f[0].value, "%s", meaning[0]);
	f[1].label = "Signer login";
	f[1].kind = FLD_TEXT;
	f[1].scan = 1;                   /* or the signer's badge */
	f[2].label = "PIN";
	f[2].kind = FLD_SECRET;
}

/* What a signed form's sign callback needs. */
struct signing {
	struct qual *q;
	const struct mes_nc *nc;
};

static const char *const disps[] = { "use-as-is", "rework", "scrap",
	"return", NULL };

static int sign_disposition(struct ui_field *f, void *ctx)
{
	struct signing *g = ctx;
	enum mes_nc_disp d;

	mes_nc_disp_parse(f[0].value, &d);
	return mes_nc_disposition(g->q->db, g->nc->nc_no, d, f[1].value,
	                          f[3].value, f[4].value);
}

static int disposition(struct qual *q, const struct mes_nc *n)
{
	static const char *const meaning[] = { "dispositioned", NULL };
	struct signing g = { q, n };
	struct ui_field f[5];
	char title[64];
	int rc;

	memset(f, 0, sizeof f);
	f[0].label = "Disposition";
	f[0].kind = FLD_CHOICE;
	f[0].choices = disps;
	snprintf(f[0].value, sizeof f[0].value, "%s", disps[0]);
	f[1].label = "Note";
	f[1].kind = FLD_TEXT;
	sig_fields(&f[2], meaning);
	snprintf(title, sizeof title, "Disposition %s (signed)", n->nc_no);
	if ((rc = ui_form_signed(q->app, q->db, title, f, 5, 4, all_filled,
	                         sign_disposition, &g)) <= 0)
		return rc < 0 ? qual_fail(q, "disposition") : UI_DONE;
	ui_msg(q->app, 0, "%s dispositioned %s, signed by %s", n->nc_no,
	       f[0].value, f[3].value);
	return UI_DONE | UI_RELOAD;
}

static int sign_close(struct ui_field *f, void *ctx)
{
	struct signing *g = ctx;

	return mes_nc_close(g->q->db, g->nc->nc_no, f[0].value, f[1].value,
	                    f[3].value, f[4].value);
}

static int close_nc(struct qual *q, const struct mes_nc *n)
{
	static const char *const meaning[] = { "closed", NULL };
	struct signing g = { q, n };
	struct ui_field f[5];
	char title[64];
	int rc;

	memset(f, 0, sizeof f);
	f[0].label = "Root cause";
	f[0].kind = FLD_TEXT;
	f[1].label = "Corrective action";
	f[1].kind = FLD_TEXT;
	sig_fields(&f[2], meaning);
	snprintf(title, sizeof title, "Close %s (signed)", n->nc_no);
	if ((rc = ui_form_signed(q->app, q->db, title, f, 5, 4, all_filled,
	                         sign_close, &g)) <= 0)
		return rc < 0 ? qual_fail(q, "close") : UI_DONE;
	ui_msg(q->app, 0, "%s closed, signed by %s", n->nc_no, f[3].value);
	return UI_DONE | UI_RELOAD;
}

static int new_nc(struct qual *q)
{
	struct ui_field f[5];
	struct mes_nc_new n;
	char no[24], wo[128];

	memset(f, 0, sizeof f);
	f[0].label = "Lot (or empty)";
	f[1].label = "Order or WO/OP";
	f[2].label = "Quantity";
	f[3].label = "Defect code";
	f[4].label = "Description";
	f[0].kind = f[1].kind = f[3].kind = f[4].kind = FLD_TEXT;
	f[2].kind = FLD_NUMBER;
	if (!ui_form(q->app, "New non-conformance", f, 5, NULL, NULL))
		return UI_DONE;
	memset(&n, 0, sizeof n);
	n.lot_no = f[0].value[0] ? f[0].value : NULL;
	if (f[1].value[0]) {
		char *slash;

		snprintf(wo, sizeof wo, "%s", f[1].value);
		if ((slash = strchr(wo, '/'))) {
			*slash = 0;
			n.seq = atoi(slash + 1);
		}
		n.wo_no = wo;
	}
	n.qty = atof(f[2].value);
	n.defect_code = f[3].value;
	n.description = f[4].value;
	if (mes_nc_open(q->db, &n, no) != MES_OK)
		return qual_fail(q, "non-conformance");
	ui_msg(q->app, 0, "%s opened: the %s is on hold", no, n.lot_no ?
	       "lot" : "work order");
	return UI_DONE | UI_RELOAD;
}

static int step(struct qual *q, const struct mes_nc *n)
{
	if (!strcmp(n->status, "open") && ui_confirm(q->app, "Contain it "
	    "first? (n: go straight to the disposition)"))
		return contain(q, n);
	if (!strcmp(n->status, "open") || !strcmp(n->status, "contained"))
		return disposition(q, n);
	if (!strcmp(n->status, "dispositioned"))
		return close_nc(q, n);
	ui_msg(q->app, 1, "%s is closed", n->nc_no);
	return UI_DONE;
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct qual *q = ui_ctx(v->app);
	struct ncs *s = v->priv;
	const struct mes_nc *n = s->list.count ? &s->v[s->list.sel] : NULL;

	(void)key;
	switch (a) {
	case ACT_ANDON: return new_nc(q);
	case ACT_LOAD:
		s->all = !s->all;
		return UI_DONE | UI_RELOAD;
	case ACT_OPEN:
		if (n)
			show_record(q, n->nc_no);
		return UI_DONE;
	case ACT_START:
		if (n)
			return step(q, n);
		return UI_DONE;
	default: return 0;
	}
}

static const char *bar_label(struct ui_view *v, enum ui_action a)
{
	struct ncs *s = v->priv;

	return a == ACT_LOAD && s->all ? "Open" : NULL;
}

static const struct ui_view_ops nc_view = {
	.name = "non-conformances",
	.help = "Non-conformances: open -> contained -> dispositioned -> "
	        "closed. Opening one holds its lot or work order. Step (F2 or "
	        "s) does the next step: containment, then the disposition (use"
	        " as is, rework, scrap, return to vendor), then closing with "
	        "root cause and corrective action. Disposition and closing are"
	        " signed by a user with the quality role: login and PIN, with "
	        "the meaning shown. The disposition lifts the hold. New (F6 or"
	        " a) opens one by hand. All (F9 or l) shows closed ones too. "
	        "Enter shows the record with its signatures.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_NONE, ACT_NONE, ACT_ANDON,
	         ACT_NONE, ACT_NONE, ACT_LOAD, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_NC | MES_CH_LOT | MES_CH_MASTER | MES_CH_USER,
	.draw = draw,
	.action = action,
	.list = UI_LIST_AT(struct ncs, list),
	.bar_label = bar_label,
	.close = ui_free_priv,
};

void nc_push(struct qual *q)
{
	ui_push_new(q->app, &nc_view, sizeof(struct ncs));
}
