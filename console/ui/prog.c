/*
 * What every terminal program does around its screens: the common
 * options, mes.ini, the database, the terminal, the log-in (the system
 * account or the badge screen), the idle lock, the poll for other
 * processes' changes (which is also where a deleted database is noticed)
 * and the title line.  A program brings only its views (ui_prog_def).
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mes.h"
#include "settings.h"
#include "hub.h"
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

static void prog_open(struct ui_prog *p, int argc, char **argv)
{
	const char *config = NULL, *dbpath = NULL;
	char err[1024];

	/* Files this program makes are the plant group's, never everyone's. */
	umask(007);
	parse_args(p, argc, argv, &config, &dbpath);
	if (ui_load_settings(config, &p->set, p->config_file,
	                     sizeof p->config_file, NULL, NULL, err,
	                     sizeof err) != MES_OK) {
		fprintf(stderr, "%s: %s\n", p->name, err);
		exit(1);
	}
	if (mes_db_open(&p->db, dbpath ? dbpath : p->set.db_path, 0, &p->set) !=
	    MES_OK) {
		fprintf(stderr, "%s: %s\n", p->name, mes_db_errmsg(p->db));
		mes_db_close(p->db);
		exit(1);
	}
	ui_terminal_name(err, sizeof err);
	mes_terminal_set(p->db, err);
}

static void prog_terminal(struct ui_prog *p)
{
	if (crt_init(p->mono) != 0) {
		fprintf(stderr, "%s: cannot start the terminal (TERM=%s)\n",
		        p->name, getenv("TERM") ? getenv("TERM") : "");
		mes_db_close(p->db);
		exit(1);
	}
}

static int unix_login(struct ui_prog *p)
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

/* The title line: who is logged in, then the device's state. */
static void set_status(struct ui_prog *p)
{
	struct mes_user_info u;
	char roles[96];

	if (mes_session_user(p->db, &u) != MES_OK) {
		snprintf(p->who, sizeof p->who, "locked");
	} else {
		mes_role_format(u.roles, roles, sizeof roles);
		snprintf(p->who, sizeof p->who, "%s (%s)", u.name, roles);
	}
	snprintf(p->status, sizeof p->status, "%s%s%s%s", p->who,
	         p->device[0] ? " | " : "", p->device,
	         p->hub_alarm ? " | HUB ALARM" : "");
}

#define HUB_ALARM_MSG "The centre has not confirmed this plant's events " \
	"for over 5 minutes: is mes-ship running? (mesctl hub status)"

/* A plant attached to a centre that has not confirmed its events for
 * five minutes says so on every screen's title line (the events wait
 * safely in the outbox, but the centre does not see this plant; mesctl
 * hub status says more).  Looked at every 30 s; 1 when the alarm came or
 * went, so that the title is drawn again. */
static int hub_watch(struct ui_prog *p)
{
	struct mes_hub_state h;
	long long now = (long long)time(NULL);
	int alarm;

	if (p->hub_checked && now - p->hub_checked < 30)
		return 0;
	p->hub_checked = now;
	if (mes_hub_state(p->db, &h) != MES_OK)
		return 0;
	alarm = h.attached && h.stale_s > MES_HUB_STALE_S;
	if (alarm == p->hub_alarm)
		return 0;
	p->hub_alarm = alarm;
	set_status(p);
	return 1;
}

/* The one program of this process, for the loop's callbacks (their ctx
 * is the program's own state, which the views share). */
static struct ui_prog *running;

void ui_prog_device(struct ui_prog *p, const char *state)
{
	snprintf(p->device, sizeof p->device, "%s", state);
	set_status(p);
}

static void logged_in(void *ctx)
{
	struct ui_prog *p = ctx;

	set_status(p);
	if (p->hub_alarm)
		ui_msg(p->app, 1, "welcome, %s. %s", p->who, HUB_ALARM_MSG);
	else
		ui_msg(p->app, 0, "welcome, %s", p->who);
}

static void lock(struct ui_prog *p)
{
	set_status(p);
	ui_login_push(p->app, p->db, logged_in, p, p->def->locked);
}

/* A log-out, by key or by the idle lock: the next person starts from the
 * program's first screen, with nothing of this one's (a chosen
 * operation, a half-filled field) left behind under the log-in. */
void ui_prog_logout(struct ui_prog *p)
{
	mes_logout(p->db);
	lock(p);
	ui_restart(p->app);
}

static void restart(void *ctx)
{
	(void)ctx;
	if (running->def->start(running) != 0)
		crt_fatal("%s: out of memory", running->name);
	lock(running);
}

/* A terminal left alone locks, from any screen or form: the next person
 * badges in.  1 when it locked just now. */
static int idle(void *ctx)
{
	struct ui_prog *p = running;

	(void)ctx;
	if (!p->app || !ui_top(p->app) || ui_login_showing(p->app) ||
	    !mes_session_idle_locked(p->db))
		return 0;
	ui_prog_logout(p);
	ui_msg(p->app, 0, "locked after %d s without use: %s",
	       p->set.idle_lock_s, p->def->unlock ? p->def->unlock :
	       "badge in");
	return 1;
}

/* On a shared terminal (a kiosk) q must leave neither a shell nor the last
 * user's session to whoever comes next: it locks first, and quits from
 * the badge screen only when asked. */
static int may_quit(struct ui_app *app, void *ctx)
{
	struct ui_prog *p = running;
	char q[96];

	(void)ctx;
	if (!p->shared)
		return 1;
	if (!ui_login_showing(app)) {
		ui_prog_logout(p);
		ui_msg(app, 0, "locked: q again quits %s (it asks first)",
		       p->name);
		return 0;
	}
	snprintf(q, sizeof q, "Quit %s? This terminal is shared. y/n",
	         p->name);
	return ui_confirm(app, q);
}

static void touch(void *ctx)
{
	(void)ctx;
	mes_session_touch(running->db);
}

/* The loop's poll: PRAGMA data_version into *version, 0; or -1 with the
 * reason on the message line, on every poll (the database file or one of
 * its side files is gone, and stays gone until someone acts). */
static int changed(void *ctx, long long *version)
{
	struct ui_prog *p = running;

	idle(ctx);
	if (p->app && hub_watch(p)) {
		ui_msg(p->app, p->hub_alarm, "%s", p->hub_alarm ? HUB_ALARM_MSG :
		       "the centre confirms this plant's events again");
		return -1;
	}
	if (mes_db_data_version(p->db, version) == MES_OK)
		return 0;
	if (p->app)
		ui_msg(p->app, 1, "%s", mes_db_errmsg(p->db));
	return -1;
}

static void snapshot(void *ctx, int begin)
{
	(void)ctx;
	if (begin)
		mes_db_read_begin(running->db);
	else
		mes_db_read_end(running->db);
}

static int changes(void *ctx, struct mes_changes *c, int start)
{
	(void)ctx;
	if (start)
		return mes_changes_start(running->db, &c->seq) == MES_OK ? 0 : -1;
	return mes_changes_read(running->db, c) == MES_OK ? 0 : -1;
}

static const char *status(void *ctx)
{
	(void)ctx;
	return running->status;
}

static void prog_end(struct ui_prog *p)
{
	crt_done();
	mes_db_close(p->db);
	p->db = NULL;
}

int ui_prog_run(const struct ui_prog_def *def, int argc, char **argv)
{
	static struct ui_prog p;
	struct ui_app_cfg cfg;

	p.def = def;
	p.name = def->name;
	running = &p;
	ui_keys_main(def->keys, argc, argv);
	prog_open(&p, argc, argv);
	if (def->setup && def->setup(&p) != 0) {
		mes_db_close(p.db);
		return 1;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.program = def->name;
	cfg.min_rows = 24;
	cfg.min_cols = 80;
	cfg.poll_ms = 200;
	cfg.changed = changed;
	cfg.snapshot = snapshot;
	cfg.changes = changes;
	cfg.global_scan = def->global_scan;
	cfg.status = status;
	cfg.restart = restart;
	cfg.touch = touch;
	cfg.may_quit = may_quit;
	cfg.idle = idle;
	cfg.ctx = def->ctx;
	cfg.form_watch = def->form_watch;
	prog_terminal(&p);
	if (!(p.app = ui_app_new(&cfg)) || def->start(&p) != 0)
		crt_fatal("%s: out of memory", def->name);
	if (unix_login(&p))
		set_status(&p);
	else
		lock(&p);
	ui_run(p.app);
	ui_app_free(p.app);
	p.app = NULL;
	if (def->end)
		def->end(&p);
	prog_end(&p);
	return 0;
}
