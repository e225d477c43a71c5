/*
 * mes-scan: the receiving and materials station.  Scans come from a
 * keyboard-wedge scanner (a burst of keys ended by Enter, which the ui
 * loop recognises) or from a serial scanner configured in [scanner],
 * whose descriptor the ui loop watches beside the keyboard.  A scanner
 * that goes away is shown on the title line; the station carries on.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../drivers/scanner/scanner.h"
#include "config.h"
#include "scan.h"
#include "ui/settings.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: mes-scan [--config FILE] [--db FILE] [--shared] "
	        "[--mono]\n       mes-scan --help | --version\n");
}

static int changed(void *ctx, long long *version)
{
	struct scan *s = ctx;
	struct ui_view *v = s->app ? ui_top(s->app) : NULL;

	if (v && v->ops != &login_view && mes_session_idle_locked(s->db)) {
		mes_logout(s->db);
		login_push(s);
		ui_msg(s->app, 0, "locked after %d s without use: badge in",
		       s->set.idle_lock_s);
	}
	return mes_db_data_version(s->db, version);
}

static const char *status(void *ctx)
{
	return ((struct scan *)ctx)->status;
}

/* ---- the serial scanner --------------------------------------------------- */

static int sc_fd(void *ctx, int *timeout_ms)
{
	struct scan *s = ctx;

	*timeout_ms = mes_scanner_timeout_ms(s->sc);
	return mes_scanner_fd(s->sc);
}

static void sc_state(struct scan *s, const char *state)
{
	snprintf(s->sc_state, sizeof s->sc_state, "scanner %s", state);
	scan_set_status(s);
}

static void sc_ready(struct ui_app *app, void *ctx)
{
	struct scan *s = ctx;
	struct mes_scan_event ev;

	while (mes_scanner_read(s->sc, &ev) == MES_OK &&
	       ev.kind != MES_SCAN_NONE) {
		switch (ev.kind) {
		case MES_SCAN_DATA:
			ui_scan(app, ev.data);
			break;
		case MES_SCAN_DROP:
			ui_msg(app, 1, "scan dropped: %s: scan again", ev.msg);
			break;
		case MES_SCAN_DISCONNECTED:
			sc_state(s, "disconnected");
			ui_msg(app, 1, "scanner disconnected (%s): type or use "
			       "another scanner; it reconnects by itself",
			       ev.msg);
			break;
		case MES_SCAN_CONNECTED:
			sc_state(s, "connected");
			ui_msg(app, 0, "scanner connected");
			break;
		default:
			break;
		}
	}
}

/* [scanner] as mes_scanner_cfg_set reads it; no port: no scanner. */
static int scanner_open(struct scan *s, const struct mes_ini *ini)
{
	struct mes_scanner_cfg c;
	const char *k, *val;
	char err[512];
	int i, n = mes_ini_nkeys(ini, "scanner"), rc;

	if (!mes_ini_str(ini, "scanner", "port"))
		return 0;
	mes_scanner_cfg_default(&c);
	for (i = 0; i < n; i++) {
		k = mes_ini_key(ini, "scanner", i);
		val = mes_ini_str(ini, "scanner", k);
		rc = mes_scanner_cfg_set(&c, k, val ? val : "", err, sizeof err);
		if (rc == MES_ERR_NOTFOUND)
			fprintf(stderr, "mes-scan: [scanner] %s: unknown key, "
			        "ignored\n", k);
		else if (rc != MES_OK)
			return fprintf(stderr, "mes-scan: %s: [scanner] %s\n",
			               mes_ini_path(ini), err), -1;
	}
	if (mes_scanner_cfg_check(&c, err, sizeof err) != MES_OK)
		return fprintf(stderr, "mes-scan: %s: [scanner] %s\n",
		               mes_ini_path(ini), err), -1;
	rc = mes_scanner_open(&s->sc, &c);
	if (rc == MES_ERR_CONFIG || !s->sc)
		return fprintf(stderr, "mes-scan: scanner: %s\n", s->sc ?
		               mes_scanner_errmsg(s->sc) : "out of memory"), -1;
	sc_state(s, rc == MES_OK ? "connected" : "disconnected");
	return 0;
}

/* [scan]: aim, label_template, label_printer; then [scanner]. */
static int station_settings(struct scan *s, const char *path)
{
	struct mes_ini *ini = NULL;
	const char *v;
	char err[512];
	int aim = 1, rc = 0;

	snprintf(s->label_tmpl, sizeof s->label_tmpl, "%s",
	         access("data/labels/lot.zpl", R_OK) == 0 ?
	         "data/labels/lot.zpl" : DATADIR "/labels/lot.zpl");
	if (!path[0])
		return 0;
	if (mes_ini_load(path, &ini, err, sizeof err) != MES_OK)
		return fprintf(stderr, "mes-scan: %s\n", err), -1;
	if (mes_ini_bool(ini, "scan", "aim", 1, &aim, err, sizeof err)) {
		fprintf(stderr, "mes-scan: %s\n", err);
		rc = -1;
	}
	s->no_aim = !aim;
	if ((v = mes_ini_str(ini, "scan", "label_template")))
		snprintf(s->label_tmpl, sizeof s->label_tmpl, "%s", v);
	if ((v = mes_ini_str(ini, "scan", "label_printer")))
		snprintf(s->label_to, sizeof s->label_to, "%s", v);
	if (rc == 0)
		rc = scanner_open(s, ini);
	mes_ini_free(ini);
	return rc;
}

/* ---- start-up ------------------------------------------------------------------ */

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
		case 'V': printf("mes-scan %s\n", MES_VERSION_STRING); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

static void first_login(struct scan *s)
{
	struct passwd *pw = getpwuid(geteuid());

	if (!s->shared && pw && mes_login_unix(s->db, pw->pw_name) == MES_OK) {
		scan_set_status(s);
		return;
	}
	login_push(s);
}

static int run(struct scan *s, int mono)
{
	struct ui_app_cfg cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.program = "mes-scan";
	cfg.min_rows = 24;
	cfg.min_cols = 80;
	cfg.poll_ms = 500;
	cfg.changed = changed;
	cfg.status = status;
	cfg.ctx = s;
	if (crt_init(mono) != 0) {
		fprintf(stderr, "mes-scan: cannot start the terminal (TERM=%s)\n",
		        getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	s->app = ui_app_new(&cfg);
	if (s->sc)
		ui_watch_fd(s->app, sc_fd, sc_ready, s);
	ui_push(s->app, &recv_view, NULL);
	first_login(s);
	ui_run(s->app);
	ui_app_free(s->app);
	crt_done();
	return 0;
}

int main(int argc, char **argv)
{
	const char *config = NULL, *dbpath = NULL;
	struct scan s;
	char path[4096], err[1024];
	int mono = 0, rc;

	memset(&s, 0, sizeof s);
	parse_args(argc, argv, &config, &dbpath, &s.shared, &mono);
	if (ui_load_settings(config, &s.set, path, sizeof path, NULL, NULL,
	                     err, sizeof err) != MES_OK) {
		fprintf(stderr, "mes-scan: %s\n", err);
		return 1;
	}
	if (station_settings(&s, path) != 0)
		return 1;
	if (mes_db_open(&s.db, dbpath ? dbpath : s.set.db_path, 0, &s.set) !=
	    MES_OK) {
		fprintf(stderr, "mes-scan: %s\n", mes_db_errmsg(s.db));
		mes_db_close(s.db);
		mes_scanner_close(s.sc);
		return 1;
	}
	rc = run(&s, mono);
	mes_scanner_close(s.sc);
	mes_db_close(s.db);
	return rc;
}
