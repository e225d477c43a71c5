/*
 * mes-quality: inspections due, result entry, control charts, SPC
 * alarms and non-conformances.  One process per terminal; the database
 * is the shared state, polled for other terminals' changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qual.h"

static int changed(void *ctx, long long *version)
{
	struct qual *q = ctx;
	struct ui_view *v = q->app ? ui_top(q->app) : NULL;

	if (v && !ui_login_showing(q->app) && mes_session_idle_locked(q->db)) {
		mes_logout(q->db);
		qlogin_push(q);
		ui_msg(q->app, 0, "locked after %d s without use: badge in",
		       q->set.idle_lock_s);
	}
	return ui_prog_poll(q->app, q->db, version);
}

static const char *status(void *ctx)
{
	return ((struct qual *)ctx)->status;
}

int qual_fail(struct qual *q, const char *what)
{
	ui_msg(q->app, 1, "%s: %s", what, mes_db_errmsg(q->db));
	return UI_DONE | UI_RELOAD;
}

static void logged_in(void *ctx)
{
	struct qual *q = ctx;

	qual_set_status(q);
	ui_msg(q->app, 0, "welcome, %s", q->status);
}

void qlogin_push(struct qual *q)
{
	snprintf(q->status, sizeof q->status, "locked");
	ui_login_push(q->app, q->db, logged_in, q, NULL);
}

void qual_set_status(struct qual *q)
{
	struct mes_user_info u;
	char roles[96];
	size_t len;

	if (mes_session_user(q->db, &u) != MES_OK) {
		snprintf(q->status, sizeof q->status, "not logged in");
	} else {
		mes_role_format(u.roles, roles, sizeof roles);
		snprintf(q->status, sizeof q->status, "%s (%s)", u.name, roles);
	}
	len = strlen(q->status);
	if (q->gauge_state[0])
		snprintf(q->status + len, sizeof q->status - len, " | %s",
		         q->gauge_state);
}

int main(int argc, char **argv)
{
	struct ui_app_cfg cfg;
	struct ui_prog p;
	struct qual q;

	ui_keys_main(&qual_keys, argc, argv);
	ui_prog_open(&p, "mes-quality", argc, argv);
	memset(&q, 0, sizeof q);
	q.db = p.db;
	q.set = p.set;
	q.shared = p.shared;
	if (gauge_open(&q, p.config_file) != 0) {
		mes_db_close(q.db);
		return 1;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.program = "mes-quality";
	cfg.min_rows = 24;
	cfg.min_cols = 80;
	cfg.poll_ms = 500;
	cfg.changed = changed;
	cfg.status = status;
	cfg.ctx = &q;
	cfg.form_watch = 1;
	ui_prog_terminal(&p);
	q.app = ui_app_new(&cfg);
	gauge_watch(&q);
	if (due_push(&q) != 0)
		crt_fatal("out of memory");
	if (ui_prog_unix_login(&p))
		qual_set_status(&q);
	else
		qlogin_push(&q);
	ui_run(q.app);
	ui_app_free(q.app);
	gauge_close(&q);
	ui_prog_end(&p);
	return 0;
}
