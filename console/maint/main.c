/*
 * mes-maint: the maintenance technician's screen, usually over SSH.
 * One process per terminal; the database is the shared state, polled
 * for other processes' changes (the collector's machine states among
 * them).
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "maint.h"
#include "ui/settings.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: mes-maint [--config FILE] [--db FILE] [--shared]"
	        " [--mono]\n       mes-maint --help | --version\n");
}

static int changed(void *ctx, long long *version)
{
	struct mnt *m = ctx;
	struct ui_view *v = m->app ? ui_top(m->app) : NULL;

	if (v && v->ops != &mlogin_view && mes_session_idle_locked(m->db)) {
		mes_logout(m->db);
		mlogin_push(m);
		ui_msg(m->app, 0, "locked after %d s without use: log in",
		       m->set.idle_lock_s);
	}
	return mes_db_data_version(m->db, version);
}

static const char *status(void *ctx)
{
	return ((struct mnt *)ctx)->status;
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

static void parse_args(int argc, char **argv, const char **config,
                       const char **dbpath, int *shared, int *mono)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "shared", no_argument, NULL, 's' },
		{ "mono", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "c:d:smhV", opts, NULL)) != -1) {
		switch (o) {
		case 'c': *config = optarg; break;
		case 'd': *dbpath = optarg; break;
		case 's': *shared = 1; break;
		case 'm': *mono = 1; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("mes-maint %s\n", MES_VERSION_STRING); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

/* Over SSH the OS has authenticated the technician already. */
static void first_login(struct mnt *m)
{
	struct passwd *pw = getpwuid(geteuid());

	if (!m->shared && m->set.unix_login && pw &&
	    mes_login_unix(m->db, pw->pw_name) == MES_OK) {
		mnt_set_status(m);
		return;
	}
	mlogin_push(m);
}

int main(int argc, char **argv)
{
	const char *config = NULL, *dbpath = NULL;
	struct ui_app_cfg cfg;
	struct mnt m;
	char path[4096], err[1024];
	int mono = 0;

	memset(&m, 0, sizeof m);
	parse_args(argc, argv, &config, &dbpath, &m.shared, &mono);
	if (ui_load_settings(config, &m.set, path, sizeof path, NULL, NULL,
	                     err, sizeof err) != MES_OK) {
		fprintf(stderr, "mes-maint: %s\n", err);
		return 1;
	}
	if (mes_db_open(&m.db, dbpath ? dbpath : m.set.db_path, 0, &m.set) !=
	    MES_OK) {
		fprintf(stderr, "mes-maint: %s\n", mes_db_errmsg(m.db));
		mes_db_close(m.db);
		return 1;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.program = "mes-maint";
	cfg.min_rows = 24;
	cfg.min_cols = 80;
	cfg.poll_ms = 500;
	cfg.changed = changed;
	cfg.status = status;
	cfg.ctx = &m;
	if (crt_init(mono) != 0) {
		fprintf(stderr, "mes-maint: cannot start the terminal "
		        "(TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	m.app = ui_app_new(&cfg);
	assets_push(&m);
	first_login(&m);
	ui_run(m.app);
	ui_app_free(m.app);
	crt_done();
	mes_db_close(m.db);
	return 0;
}
