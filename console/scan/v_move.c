/*
 * Moving material by scanning: put-away (the lot, then the location) and
 * issue at the line (the traveler's WO/OP, then the lot).  Each scan
 * either fills the next blank or, when both are there, does the move.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scan.h"

#define MAX_LOG 8

struct mv {
	struct field f;
	struct mes_lot lot;              /* lot_no "" until scanned */
	char wo[33];                     /* issue: the operation */
	int seq;
	char log[MAX_LOG][200];
	int nlog;
};

static struct mv *priv(struct ui_view *v)
{
	if (!v->priv)
		v->priv = calloc(1, sizeof(struct mv));
	return v->priv;
}

static void logf_(struct mv *m, const char *text)
{
	memmove(m->log[1], m->log[0], sizeof m->log[0] * (MAX_LOG - 1));
	snprintf(m->log[0], sizeof m->log[0], "%s", text);
	if (m->nlog < MAX_LOG)
		m->nlog++;
}

static int reload(struct ui_view *v)
{
	struct scan *s = ui_ctx(v->app);
	struct mv *m = priv(v);

	if (!m)
		return -1;
	if (m->lot.lot_no[0] && mes_lot_get(s->db, m->lot.lot_no, &m->lot) !=
	    MES_OK)
		m->lot.lot_no[0] = 0;
	return 0;
}

static void draw_common(struct mv *m, int y, int rows, int cols,
                        const char *step, const char *prompt)
{
	char line[400];
	int i;

	crt_put(y, 0, cols, step, crt_attr(CLR_NORMAL));
	if (m->lot.lot_no[0]) {
		snprintf(line, sizeof line, "Lot %s: %s %s, %g %s in %s, %s%s%s",
		         m->lot.lot_no, m->lot.item_no, m->lot.description,
		         m->lot.on_hand, m->lot.uom, m->lot.location[0] ?
		         (strcmp(m->lot.location, "*") ? m->lot.location :
		         "several places") : "-", m->lot.status,
		         m->lot.expiry[0] ? ", expires " : "", m->lot.expiry);
		crt_put(y + 2, 0, cols, line, crt_attr(CLR_RUNNING));
	}
	field_draw(&m->f, y + 4, cols, prompt);
	crt_put(y + 6, 0, cols, "Done here", crt_attr(CLR_HEADER));
	for (i = 0; i < m->nlog && 7 + i < rows; i++)
		crt_put(y + 7 + i, 0, cols, m->log[i], crt_attr(CLR_NORMAL));
}

/* A scan or Enter in the field; the view says what it means. */
static int field_action(struct ui_view *v, enum ui_action a, int key,
                        int (*use)(struct ui_view *, const char *))
{
	struct mv *m = priv(v);
	int rc;

	if (!m)
		return UI_DONE;
	switch (field_key(&m->f, v, a, key)) {
	case FIELD_TOOK:
		return UI_DONE;
	case FIELD_ENTER:
		rc = use(v, m->f.text);
		field_clear(&m->f);
		return rc;
	default:
		break;
	}
	if (a == ACT_BACK && (m->lot.lot_no[0] || m->wo[0])) {
		m->lot.lot_no[0] = 0;
		m->wo[0] = 0;
		ui_msg(v->app, 0, "cleared: start again");
		return UI_DONE;
	}
	return station_action(v, a);
}

static int take_lot(struct ui_view *v, const char *text)
{
	struct scan *s = ui_ctx(v->app);
	struct mv *m = priv(v);

	if (mes_lot_get(s->db, text, &m->lot) != MES_OK) {
		m->lot.lot_no[0] = 0;
		return scan_fail(s, "lot");
	}
	return UI_DONE;
}

/* ---- put-away ------------------------------------------------------------ */

static int putaway_use(struct ui_view *v, const char *text)
{
	struct scan *s = ui_ctx(v->app);
	struct mv *m = priv(v);
	char line[200];

	if (!m->lot.lot_no[0])
		return take_lot(v, text);
	if (mes_lot_move(s->db, m->lot.lot_no, NULL, text, 0) != MES_OK)
		return scan_fail(s, "not moved");
	snprintf(line, sizeof line, "%s %s %g %s -> %s", m->lot.lot_no,
	         m->lot.item_no, m->lot.on_hand, m->lot.uom, text);
	logf_(m, line);
	ui_msg(v->app, 0, "moved %s", line);
	m->lot.lot_no[0] = 0;
	return UI_DONE | UI_RELOAD;
}

static void putaway_draw(struct ui_view *v, int top, int rows, int cols)
{
	struct mv *m = priv(v);

	if (m)
		draw_common(m, top, rows, cols, m->lot.lot_no[0] ?
		            "Scan the location to put it in (Esc: another lot)."
		            : "Scan the lot label.", m->lot.lot_no[0] ?
		            "Location" : "Lot");
}

static int putaway_action(struct ui_view *v, enum ui_action a, int key)
{
	return field_action(v, a, key, putaway_use);
}

/* A scan is whole: what was typed before it is not glued to it or to
 * what comes next. */
static int putaway_scan(struct ui_view *v, const char *text)
{
	if (v->priv)
		field_clear(&((struct mv *)v->priv)->f);
	return putaway_use(v, text);
}

const struct ui_view_ops putaway_view = {
	.name = "put-away",
	.help = "Scan a lot label, then the location's label: the whole lot "
	        "moves there (the inventory ledger records both sides). A lot "
	        "in quarantine stays in quarantine until quality releases it.",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_LOT | MES_CH_MOVE | MES_CH_MASTER,
	.draw = putaway_draw,
	.action = putaway_action,
	.scan = putaway_scan,
	.close = ui_free_priv,
};

/* ---- issue to an operation ------------------------------------------------- */

static const char *need_reason(struct ui_field *f, int n, int *bad, void *c)
{
	(void)n;
	(void)c;
	if (!f[0].value[0]) {
		*bad = 0;
		return "a reason is needed to skip FEFO";
	}
	return NULL;
}

static int issue_lot(struct ui_view *v, const char *text)
{
	struct scan *s = ui_ctx(v->app);
	struct mv *m = priv(v);
	struct ui_field f[1];
	char line[200];
	int rc;

	if (take_lot(v, text) != UI_DONE || !m->lot.lot_no[0])
		return UI_DONE | UI_RELOAD;
	rc = mes_lot_issue(s->db, m->lot.lot_no, NULL, m->wo, m->seq, 0, NULL);
	if (rc == MES_ERR_STATE && strstr(mes_db_errmsg(s->db), "FEFO")) {
		snprintf(line, sizeof line, "%.100s", mes_db_errmsg(s->db));
		ui_msg(v->app, 1, "%s", line);
		memset(f, 0, sizeof f);
		f[0].label = "Reason";
		f[0].kind = FLD_TEXT;
		if (!ui_form(v->app, "Issue out of FEFO order", f, 1,
		             need_reason, NULL))
			return UI_DONE;
		rc = mes_lot_issue(s->db, m->lot.lot_no, NULL, m->wo, m->seq, 0,
		                   f[0].value);
	}
	if (rc != MES_OK) {
		m->lot.lot_no[0] = 0;
		return scan_fail(s, "not issued");
	}
	snprintf(line, sizeof line, "%s %s %g %s -> %s/%d", m->lot.lot_no,
	         m->lot.item_no, m->lot.on_hand, m->lot.uom, m->wo, m->seq);
	logf_(m, line);
	ui_msg(v->app, 0, "issued %s", line);
	m->lot.lot_no[0] = 0;
	return UI_DONE | UI_RELOAD;
}

static int issue_use(struct ui_view *v, const char *text)
{
	struct mv *m = priv(v);
	char wo[sizeof m->wo];
	int seq;

	/* A traveler names the operation: WO-1001/20. */
	if (mes_traveler_parse(text, wo, sizeof wo, &seq) == MES_OK) {
		snprintf(m->wo, sizeof m->wo, "%s", wo);
		m->seq = seq;
		return UI_DONE;
	}
	if (!m->wo[0]) {
		ui_msg(v->app, 1, "scan the traveler (WO/OP) first, then the "
		       "lot");
		return UI_DONE;
	}
	return issue_lot(v, text);
}

static void issue_draw(struct ui_view *v, int top, int rows, int cols)
{
	struct mv *m = priv(v);
	char step[160];

	if (!m)
		return;
	if (m->wo[0])
		snprintf(step, sizeof step, "Operation %s/%d: scan each lot you "
		         "use (all of it is issued). Esc: another operation.",
		         m->wo, m->seq);
	else
		snprintf(step, sizeof step, "Scan the traveler (WO/OP).");
	draw_common(m, top, rows, cols, step, m->wo[0] ? "Lot" : "Traveler");
}

static int issue_action(struct ui_view *v, enum ui_action a, int key)
{
	return field_action(v, a, key, issue_use);
}

static int issue_scan(struct ui_view *v, const char *text)
{
	if (v->priv)
		field_clear(&((struct mv *)v->priv)->f);
	return issue_use(v, text);
}

const struct ui_view_ops issue_view = {
	.name = "issue to order",
	.help = "Scan the traveler of the operation (WO/OP), then each lot "
	        "used: what the lot has in its location is issued to the "
	        "operation. Held, quarantined and expired lots are refused. "
	        "When a lot of the same item expires earlier, FEFO asks for a "
	        "reason before issuing this one.",
	.bar = { ACT_HELP, ACT_START, ACT_PAUSE, ACT_REPORT, ACT_COMPLETE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_LOT | MES_CH_MOVE | MES_CH_ORDER | MES_CH_OP |
	         MES_CH_MASTER,
	.draw = issue_draw,
	.action = issue_action,
	.scan = issue_scan,
	.close = ui_free_priv,
};
