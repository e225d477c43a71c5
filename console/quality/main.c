/*
 * mes-quality: inspections due, result entry, control charts, SPC
 * alarms and non-conformances.  One process per terminal; the database
 * is the shared state, polled for other terminals' changes.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "qual.h"
#include "ui/settings.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: mes-quality [--config FILE] [--db FILE] [--shared]"
	        " [--mono]\n       mes-quality --help | --version\n");
}

static int changed(void *ctx, long long *version)
{
	struct qual *q = ctx;
	struct ui_view *v = q->app ? ui_top(q->app) : NULL;

	if (v && v->ops != &qlogin_view && mes_session_idle_locked(q->db)) {
		mes_logout(q->db);
		qlogin_push(q);
		ui_msg(q->app, 0, "locked after %d s without use: badge in",
		       q->set.idle_lock_s);
	}
	return mes_db_data_version(q->db, version);
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

void qual_set_status(struct qual *q)
{
	struct mes_user_info u;
	char roles[96];

	if (mes_session_user(q->db, &u) != MES_OK) {
		snprintf(q->status, sizeof q->status, "not logged in");
		return;
	}
	mes_role_format(u.roles, roles, sizeof roles);
	snprintf(q->status, sizeof q->status, "%s (%s)", u.name, roles);
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
		case 'V': printf("mes-quality %s\n", MES_VERSION_STRING); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

static void first_login(struct qual *q)
{
	struct passwd *pw = getpwuid(geteuid());

	if (!q->shared && pw && mes_login_unix(q->db, pw->pw_name) == MES_OK) {
		qual_set_status(q);
		return;
	}
	qlogin_push(q);
}

int main(int argc, char **argv)
{
	const char *config = NULL, *dbpath = NULL;
	struct ui_app_cfg cfg;
	struct qual q;
	char path[4096], err[1024];
	int mono = 0;

	memset(&q, 0, sizeof q);
	parse_args(argc, argv, &config, &dbpath, &q.shared, &mono);
	if (ui_load_settings(config, &q.set, path, sizeof path, NULL, NULL,
	                     err, sizeof err) != MES_OK) {
		fprintf(stderr, "mes-quality: %s\n", err);
		return 1;
	}
	if (mes_db_open(&q.db, dbpath ? dbpath : q.set.db_path, 0, &q.set) !=
	    MES_OK) {
		fprintf(stderr, "mes-quality: %s\n", mes_db_errmsg(q.db));
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
	if (crt_init(mono) != 0) {
		fprintf(stderr, "mes-quality: cannot start the terminal "
		        "(TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	q.app = ui_app_new(&cfg);
	if (due_push(&q) != 0)
		crt_fatal("out of memory");
	first_login(&q);
	ui_run(q.app);
	ui_app_free(q.app);
	crt_done();
	mes_db_close(q.db);
	return 0;
}
