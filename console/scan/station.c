/*
 * What every mes-scan screen shares: the scan field, the station keys
 * (F2 receive, F3 put-away, F4 issue, F5 trace, x log out, q quit), the
 * lot labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "label/label.h"
#include "scan.h"

int scan_fail(struct scan *s, const char *what)
{
	ui_msg(s->app, 1, "%s: %s", what, mes_db_errmsg(s->db));
	return UI_DONE | UI_RELOAD;
}

/* ---- the scan field ------------------------------------------------------ */

static int bar_has(const struct ui_view *v, enum ui_action a)
{
	int i;

	if (a == ACT_QUIT || a == ACT_HELP || a == ACT_LOGOUT)
		return 1;
	for (i = 0; i < 10; i++)
		if (v->ops->bar[i] == a && a != ACT_NONE)
			return 1;
	return 0;
}

void field_clear(struct field *f)
{
	f->len = 0;
	f->text[0] = 0;
}

int field_key(struct field *f, const struct ui_view *v, enum ui_action a,
              int key)
{
	int printable = (key >= 32 && key < 127) || key == UI_GS;

	if (printable && (f->len || !bar_has(v, a))) {
		if (f->len + 1 < sizeof f->text) {
			f->text[f->len++] = (char)key;
			f->text[f->len] = 0;
		}
		return FIELD_TOOK;
	}
	if (!f->len)
		return FIELD_NO;
	if (key == '\n')
		return FIELD_ENTER;
	if (a == ACT_BACK && key != 27) {
		f->text[--f->len] = 0;
		return FIELD_TOOK;
	}
	if (key == 27) {
		field_clear(f);
		return FIELD_TOOK;
	}
	return FIELD_NO;
}

void field_draw(const struct field *f, int y, int cols, const char *prompt)
{
	char shown[700];
	size_t i, n = 0;

	n = (size_t)snprintf(shown, sizeof shown, "%s> ", prompt);
	for (i = 0; i < f->len && n + 6 < sizeof shown; i++) {
		if (f->text[i] == UI_GS)
			n += (size_t)snprintf(shown + n, sizeof shown - n, "<GS>");
		else
			shown[n++] = f->text[i];
	}
	shown[n++] = '_';
	shown[n] = 0;
	crt_put(y, 0, cols, shown, crt_attr(CLR_HEADER));
}

/* ---- station keys ----------------------------------------------------------- */

/* Opens a station screen in place of the current one. */
static void station_open(struct scan *s, const struct ui_view_ops *ops)
{
	struct ui_view *v = ui_top(s->app);

	if (v && v->ops == ops)
		return;
	if (v && !ui_login_showing(s->app))
		ui_pop(s->app);
	ui_push(s->app, ops, NULL);
}

int station_action(struct ui_view *v, enum ui_action a)
{
	struct scan *s = ui_ctx(v->app);

	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_LOGOUT:
		ui_prog_logout(s->prog);
		return UI_DONE | UI_RELOAD;
	case ACT_START:
		station_open(s, &recv_view);
		return UI_DONE;
	case ACT_PAUSE:
		station_open(s, &putaway_view);
		return UI_DONE;
	case ACT_REPORT:
		station_open(s, &issue_view);
		return UI_DONE;
	case ACT_COMPLETE:
		station_open(s, &trace_view);
		return UI_DONE;
	default:
		return 0;
	}
}

/* ---- lot labels ---------------------------------------------------------------------- */

int print_label(struct scan *s, const char *lot_no)
{
	struct mes_lot l;
	char err[512];

	if (!s->label_to[0]) {
		ui_msg(s->app, 1, "no label printer: set [scan] label_printer "
		       "in mes.ini");
		return UI_DONE;
	}
	if (mes_lot_get(s->db, lot_no, &l) != MES_OK)
		return scan_fail(s, "label");
	if (mes_label_print_lot(&l, s->label_tmpl, s->label_to, 3000, err,
	                        sizeof err) != MES_OK)
		ui_msg(s->app, 1, "label for %s not printed: %s", lot_no, err);
	else
		ui_msg(s->app, 0, "label for %s sent to %s", lot_no, s->label_to);
	return UI_DONE;
}
