/*
 * Log-in on a shared terminal: scan a badge (or type a login), then the
 * PIN.  Wrong PINs are counted and audited in core; this view only asks.
 */
#include <stdio.h>
#include <string.h>
#include <curses.h>
#include "qual.h"

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
	struct qual *d = ui_ctx(v->app);
	struct ui_field f[2];
	int n = 0;

	memset(f, 0, sizeof f);
	if (!who) {
		f[n].label = "Badge or login";
		f[n].kind = FLD_TEXT;
		n++;
	}
	f[n].label = "PIN";
	f[n].kind = FLD_SECRET;
	n++;
	if (!ui_form(v->app, who ? "PIN" : "Log in", f, n, need_pin, NULL))
		return UI_DONE;
	if (mes_login_pin(d->db, who ? who : f[0].value, f[n - 1].value) !=
	    MES_OK) {
		memset(f, 0, sizeof f);
		return qual_fail(d, "log-in");
	}
	memset(f, 0, sizeof f);
	qual_set_status(d);
	ui_msg(v->app, 0, "welcome, %s", d->status);
	return UI_POP | UI_RELOAD;
}

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	static const char *const lines[] = {
		"This terminal is locked.",
		"",
		"Scan your badge, or press Enter to type your login.",
		"q quits.",
	};
	int i, y = top + rows / 2 - 2;

	(void)v;
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

const struct ui_view_ops qlogin_view = {
	.name = "log in",
	.help = "Log in with your badge and PIN. After too many wrong PINs "
	        "the account locks until an admin unlocks it.",
	.bar = { ACT_HELP, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE, ACT_NONE,
	         ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.draw = draw,
	.action = action,
	.scan = scan,
};

void qlogin_push(struct qual *d)
{
	struct ui_view *v = ui_top(d->app);

	snprintf(d->status, sizeof d->status, "locked");
	if (!v || v->ops != &qlogin_view)
		ui_push(d->app, &qlogin_view, NULL);
}
