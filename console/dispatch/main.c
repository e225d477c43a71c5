/*
 * mes-dispatch: the dispatch board.  One process per terminal; the
 * database is the shared state, polled for other terminals' changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"

static int changed(void *ctx, long long *version)
{
	struct disp *d = ctx;
	struct ui_view *v = d->app ? ui_top(d->app) : NULL;

	/* A shared terminal left alone locks: the next person badges in. */
	if (v && !ui_login_showing(d->app) && mes_session_idle_locked(d->db)) {
		mes_logout(d->db);
		login_push(d);
		ui_msg(d->app, 0, "locked after %d s without use: badge in",
		       d->set.idle_lock_s);
	}
	return ui_prog_poll(d->app, d->db, version);
}

static const char *status(void *ctx)
{
	return ((struct disp *)ctx)->status;
}

static int global_scan(struct ui_app *app, const char *text, void *ctx)
{
	struct disp *d = ctx;
	struct mes_board_op op;
	char wo[64];
	int seq;

	(void)app;
	if (mes_traveler_parse(text, wo, sizeof wo, &seq) != MES_OK)
		return 0;
	if (mes_board_op(d->db, wo, seq, &op) != MES_OK) {
		disp_fail(d, text);
		return 1;
	}
	queue_push(d, op.wc, op.wo_no, op.seq);
	return 1;
}

static void logged_in(void *ctx)
{
	struct disp *d = ctx;

	disp_set_status(d);
	ui_msg(d->app, 0, "welcome, %s", d->status);
}

void login_push(struct disp *d)
{
	snprintf(d->status, sizeof d->status, "locked");
	ui_login_push(d->app, d->db, logged_in, d, NULL);
}

void disp_set_status(struct disp *d)
{
	struct mes_user_info u;
	char roles[96];

	if (mes_session_user(d->db, &u) != MES_OK) {
		snprintf(d->status, sizeof d->status, "not logged in");
		return;
	}
	mes_role_format(u.roles, roles, sizeof roles);
	snprintf(d->status, sizeof d->status, "%s (%s)", u.name, roles);
}

int main(int argc, char **argv)
{
	struct ui_app_cfg cfg;
	struct ui_prog p;
	struct disp d;

	ui_keys_main(&disp_keys, argc, argv);
	ui_prog_open(&p, "mes-dispatch", argc, argv);
	memset(&d, 0, sizeof d);
	d.db = p.db;
	d.set = p.set;
	d.shared = p.shared;
	memset(&cfg, 0, sizeof cfg);
	cfg.program = "mes-dispatch";
	cfg.min_rows = 24;
	cfg.min_cols = 80;
	cfg.poll_ms = 500;
	cfg.changed = changed;
	cfg.global_scan = global_scan;
	cfg.status = status;
	cfg.ctx = &d;
	ui_prog_terminal(&p);
	d.app = ui_app_new(&cfg);
	ui_push(d.app, &board_view, NULL);
	if (ui_prog_unix_login(&p))
		disp_set_status(&d);
	else
		login_push(&d);
	ui_run(d.app);
	ui_app_free(d.app);
	ui_prog_end(&p);
	return 0;
}
