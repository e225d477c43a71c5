/*
 * Mounting a tool at a terminal, as mes-dispatch and mes-maint both do
 * it: scan the tool, then the work center.  A tool scanned where it is
 * mounted comes off instead.  The rules (life left, one tool of a type
 * per work center, not under a running operation) are core's.
 */
#include <stdio.h>
#include <string.h>
#include "machine.h"
#include "ui.h"

static const char *need_both(struct ui_field *f, int n, int *bad, void *ctx)
{
	(void)n;
	(void)ctx;
	*bad = f[0].value[0] ? 1 : 0;
	return f[0].value[0] && f[1].value[0] ? NULL :
	       "scan the tool, then the work center";
}

static void said(struct ui_app *app, struct mes_db *db, const char *code)
{
	struct mes_tool t;

	if (mes_tool_get(db, code, &t) != MES_OK)
		return;
	ui_msg(app, 0, "tool %s %s%s%s: life %d, %.0f of %.0f cycles", t.code,
	       t.state, t.wc[0] ? " on " : "", t.wc, t.life_no, t.cycles,
	       t.limit);
}

int ui_tool_mount(struct ui_app *app, struct mes_db *db, const char *wc)
{
	struct ui_field f[2];
	struct mes_tool t;
	char ask[128];

	memset(f, 0, sizeof f);
	f[0].label = "Tool";
	f[0].scan = 1;
	f[1].label = "Work center";
	f[1].scan = 1;
	snprintf(f[1].value, sizeof f[1].value, "%s", wc ? wc : "");
	if (!ui_form(app, "Mount a tool", f, 2, need_both, NULL))
		return 0;
	if (mes_tool_get(db, f[0].value, &t) == MES_OK &&
	    !strcmp(t.state, "mounted") && !strcmp(t.wc, f[1].value)) {
		snprintf(ask, sizeof ask, "%s is mounted on %s: take it off? y/n",
		         t.code, t.wc);
		if (!ui_confirm(app, ask))
			return 0;
		if (mes_tool_unmount(db, t.code) != MES_OK) {
			ui_msg(app, 1, "not unmounted: %s", mes_db_errmsg(db));
			return 1;
		}
		said(app, db, t.code);
		return 1;
	}
	if (mes_tool_mount(db, f[0].value, f[1].value) != MES_OK) {
		ui_msg(app, 1, "not mounted: %s", mes_db_errmsg(db));
		return 1;
	}
	said(app, db, f[0].value);
	return 1;
}
