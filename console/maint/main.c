/*
 * mes-maint: the maintenance technician's screen, usually over SSH.
 * One process per terminal; the database is the shared state, polled
 * for other processes' changes (the collector's machine states among
 * them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "maint.h"

static int changed(void *ctx, long long *version)
{
	struct mnt *m = ctx;
	struct ui_view *v = m->app ? ui_top(m->app) : NULL;

	if (v && !ui_login_showing(m->app) && mes_session_idle_locked(m->db)) {
		mes_logout(m->db);
		mlogin_push(m);
		ui_msg(m->app, 0, "locked after %d s without use: log in",
		       m->set.idle_lock_s);
	}
	return ui_prog_poll(m->app, m->db, version);
}

static const char *status(void *ctx)
{
	return ((struct mnt *)ctx)->status;
}

static void logged_in(void *ctx)
{
	struct mnt *m = ctx;

	mnt_set_status(m);
	ui_msg(m->app, 0, "welcome, %s", m->status);
}

void mlogin_push(struct mnt *m)
{
	snprintf(m->status, sizeof m->status, "locked");
	ui_login_push(m->app, m->db, logged_in, m,
	              "mes-maint: this terminal is locked.");
}

void mnt_set_status(struct mnt *m)
{
	struct mes_user_info u;
	char roles[96];

	if (mes_session_user(m->db, &u) != MES_OK) {
		snprintf(m->status, sizeof m->status, "not logged in");
		return;
	}
	mes_role_format(u.roles, roles, sizeof roles);
	snprintf(m->status, sizeof m->status, "%s (%s)", u.name, roles);
}

int mnt_fail(struct mnt *m, const char *what)
{
	ui_msg(m->app, 1, "%s: %s", what, mes_db_errmsg(m->db));
	return UI_DONE | UI_RELOAD;
}

int main(int argc, char **argv)
{
	struct ui_app_cfg cfg;
	struct ui_prog p;
	struct mnt m;

	ui_keys_main(&mnt_keys, argc, argv);
	ui_prog_open(&p, "mes-maint", argc, argv);
	memset(&m, 0, sizeof m);
	m.db = p.db;
	m.set = p.set;
	m.shared = p.shared;
	memset(&cfg, 0, sizeof cfg);
	cfg.program = "mes-maint";
	cfg.min_rows = 24;
	cfg.min_cols = 80;
	cfg.poll_ms = 500;
	cfg.changed = changed;
	cfg.status = status;
	cfg.ctx = &m;
	ui_prog_terminal(&p);
	m.app = ui_app_new(&cfg);
	assets_push(&m);
	if (ui_prog_unix_login(&p))
		mnt_set_status(&m);
	else
		mlogin_push(&m);
	ui_run(m.app);
	ui_app_free(m.app);
	ui_prog_end(&p);
	return 0;
}
