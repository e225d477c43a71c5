/*
 * mes-dispatch: the dispatch board.  One process per terminal; the
 * database is the shared state, polled for other terminals' changes.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dispatch.h"
#include "ui/settings.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: mes-dispatch [--config FILE] [--db FILE] [--shared]"
	        " [--mono]\n       mes-dispatch --help | --version\n");
}

static int changed(void *ctx, long long *version)
{
	struct disp *d = ctx;
	struct ui_view *v = d->app ? ui_top(d->app) : NULL;

	/* A shared terminal left alone locks: the next person badges in. */
	if (v && v->ops != &login_view && mes_session_idle_locked(d->db)) {
		mes_logout(d->db);
		login_push(d);
		ui_msg(d->app, 0, "locked after %d s without use: badge in",
		       d->set.idle_lock_s);
	}
	if (mes_db_data_version(d->db, version) != MES_OK) {
		/* Say it on every poll: the file is gone until someone acts. */
		ui_msg(d->app, 1, "%s", mes_db_errmsg(d->db));
		return -1;
	}
	return 0;
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
	if (!traveler_parse(text, wo, sizeof wo, &seq))
		return 0;
	if (mes_board_op(d->db, wo, seq, &op) != MES_OK) {
		disp_fail(d, text);
		return 1;
	}
	queue_push(d, op.wc, op.wo_no, op.seq);
	return 1;
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

static int parse_args(int argc, char **argv, const char **config,
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
		case 'V': printf("mes-dispatch %s\n", MES_VERSION_STRING); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
	return 0;
}

static void first_login(struct disp *d)
{
	struct passwd *pw = getpwuid(geteuid());

	if (!d->shared && pw && mes_login_unix(d->db, pw->pw_name) == MES_OK) {
		disp_set_status(d);
		return;
	}
	login_push(d);
}

int main(int argc, char **argv)
{
	const char *config = NULL, *dbpath = NULL;
	struct ui_app_cfg cfg;
	struct disp d;
	char path[4096], err[1024];
	int mono = 0;

	memset(&d, 0, sizeof d);
	parse_args(argc, argv, &config, &dbpath, &d.shared, &mono);
	if (ui_load_settings(config, &d.set, path, sizeof path, NULL, NULL,
	                     err, sizeof err) != MES_OK) {
		fprintf(stderr, "mes-dispatch: %s\n", err);
		return 1;
	}
	if (mes_db_open(&d.db, dbpath ? dbpath : d.set.db_path, 0, &d.set) !=
	    MES_OK) {
		fprintf(stderr, "mes-dispatch: %s\n", mes_db_errmsg(d.db));
		mes_db_close(d.db);
		return 1;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.program = "mes-dispatch";
	cfg.min_rows = 24;
	cfg.min_cols = 80;
	cfg.poll_ms = 500;
	cfg.changed = changed;
	cfg.global_scan = global_scan;
	cfg.status = status;
	cfg.ctx = &d;
	if (crt_init(mono) != 0) {
		fprintf(stderr, "mes-dispatch: cannot start the terminal "
		        "(TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	d.app = ui_app_new(&cfg);
	ui_push(d.app, &board_view, NULL);
	first_login(&d);
	ui_run(d.app);
	ui_app_free(d.app);
	crt_done();
	mes_db_close(d.db);
	return 0;
}
