/*
 * Log-in on a shared terminal, the same in every program: scan a badge
 * (or type a login), then the PIN.  Wrong PINs are counted and audited
 * in core; this view only asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include "mes.h"
#include "ui.h"

struct login {
	struct mes_db *db;
	void (*logged_in)(void *ctx);
	void *ctx;
	char banner[96];
};

static const char *need_pin(struct ui_field *f, int n, int *bad, void *ctx)
{
	(void)ctx;
	if (n > 1 && !f[0].value[0]) {
		*bad = 0;
		return "scan your badge or type your login";
	}
	if (!f[n - 1].value[0]) {
		*bad = n - 1;
		return "type your PIN";
	}
	return NULL;
}

static int try_login(struct ui_view *v, const char *who)
{
	struct login *l = v->priv;
	struct ui_field f[2];
	int n = 0, rc;

	memset(f, 0, sizeof f);
	if (!who) {
		f[n].label = "Badge or login";
		f[n].kind = FLD_TEXT;
		f[n].scan = 1;
		n++;
	}
	f[n].label = "PIN";
	f[n].kind = FLD_SECRET;
	n++;
	if (!ui_form(v->app, who ? "PIN" : "Log in", f, n, need_pin, NULL))
		return UI_DONE;
	rc = mes_login_pin(l->db, who ? who : f[0].value, f[n - 1].value);
	memset(f, 0, sizeof f);
	if (rc != MES_OK) {
		ui_msg(v->app, 1, "log-in: %s", mes_db_errmsg(l->db));
		return UI_DONE;
	}
	if (l->logged_in)
		l->logged_in(l->ctx);
	return UI_POP | UI_RELOAD;
}

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct login *l = v->priv;
	const char *lines[4] = {
		l->banner, "",
		"Scan your badge, or press Enter to type your login.",
		"q quits.",
	};
	int i, y = top + rows / 2 - 2;

	for (i = 0; i < 4; i++)
		crt_put(y + i, 4, cols - 8, lines[i], crt_attr(i ? CLR_NORMAL :
		        CLR_HEADER));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	(void)key;
	if (a == ACT_QUIT)
		return UI_QUIT;
	if (a == ACT_OPEN)
		return try_login(v, NULL);
	return 0;
}

static int scan(struct ui_view *v, const char *text)
{
	return try_login(v, text);
}

static void close_view(struct ui_view *v)
{
	free(v->priv);
}

static const struct ui_view_ops login_view = {
	.name = "log in",
	.help = "Log in with your badge and PIN. After too many wrong PINs "
	        "the account locks until an admin unlocks it.",
	.bar = { ACT_HELP, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.draw = draw,
	.action = action,
	.scan = scan,
	.close = close_view,
};

int ui_login_showing(struct ui_app *app)
{
	struct ui_view *v = ui_top(app);

	return v && v->ops == &login_view;
}

void ui_login_push(struct ui_app *app, struct mes_db *db,
                   void (*logged_in)(void *ctx), void *ctx,
                   const char *banner)
{
	struct login *l;

	if (ui_login_showing(app))
		return;
	if (!(l = calloc(1, sizeof *l))) {
		ui_msg(app, 1, "out of memory");
		return;
	}
	l->db = db;
	l->logged_in = logged_in;
	l->ctx = ctx;
	snprintf(l->banner, sizeof l->banner, "%s",
	         banner ? banner : "This terminal is locked.");
	ui_push(app, &login_view, l);
}
