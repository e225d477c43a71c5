/*
 * What every terminal program does before its first screen: the common
 * options, mes.ini, the database, the terminal; and the system log-in.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mes.h"
#include "settings.h"
#include "ui.h"

static void usage(FILE *f, const char *name)
{
	fprintf(f, "usage: %s [--config FILE] [--db FILE] [--shared] [--mono]\n"
	        "       %s --help | --version\n", name, name);
}

static void parse_args(struct ui_prog *p, int argc, char **argv,
                       const char **config, const char **dbpath)
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
		case 's': p->shared = 1; break;
		case 'm': p->mono = 1; break;
		case 'h': usage(stdout, p->name); exit(0);
		case 'V': printf("%s %s\n", p->name, MES_VERSION_STRING); exit(0);
		default: usage(stderr, p->name); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr, p->name);
		exit(2);
	}
}

void ui_prog_open(struct ui_prog *p, const char *name, int argc, char **argv)
{
	const char *config = NULL, *dbpath = NULL;
	char err[1024];

	memset(p, 0, sizeof *p);
	/* Files this program makes are the plant group's, never everyone's. */
	umask(007);
	p->name = name;
	parse_args(p, argc, argv, &config, &dbpath);
	if (ui_load_settings(config, &p->set, p->config_file,
	                     sizeof p->config_file, NULL, NULL, err,
	                     sizeof err) != MES_OK) {
		fprintf(stderr, "%s: %s\n", name, err);
		exit(1);
	}
	if (mes_db_open(&p->db, dbpath ? dbpath : p->set.db_path, 0, &p->set) !=
	    MES_OK) {
		fprintf(stderr, "%s: %s\n", name, mes_db_errmsg(p->db));
		mes_db_close(p->db);
		exit(1);
	}
	ui_terminal_name(err, sizeof err);
	mes_terminal_set(p->db, err);
}

void ui_prog_terminal(struct ui_prog *p)
{
	if (crt_init(p->mono) != 0) {
		fprintf(stderr, "%s: cannot start the terminal (TERM=%s)\n",
		        p->name, getenv("TERM") ? getenv("TERM") : "");
		mes_db_close(p->db);
		exit(1);
	}
}

int ui_prog_unix_login(struct ui_prog *p)
{
	struct passwd *pw = getpwuid(geteuid());

	/* Over SSH the system has checked who this is; a shared terminal
	 * always asks for a badge. */
	return !p->shared && pw && mes_login_unix(p->db, pw->pw_name) == MES_OK;
}

void ui_terminal_name(char *out, size_t n)
{
	const char *ssh = getenv("SSH_CONNECTION"), *tty = ttyname(0);

	if (ssh && *ssh)
		snprintf(out, n, "ssh %.*s", (int)strcspn(ssh, " "), ssh);
	else
		snprintf(out, n, "%s", tty ? tty : "");
}

int ui_prog_poll(struct ui_app *app, struct mes_db *db, long long *version)
{
	if (mes_db_data_version(db, version) == MES_OK)
		return 0;
	if (app)
		ui_msg(app, 1, "%s", mes_db_errmsg(db));
	return -1;
}

void ui_prog_end(struct ui_prog *p)
{
	crt_done();
	mes_db_close(p->db);
	p->db = NULL;
}
