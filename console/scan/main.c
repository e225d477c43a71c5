/*
 * mes-scan: the receiving and materials station.  Scans come from a
 * keyboard-wedge scanner (a burst of keys ended by Enter, which the ui
 * loop recognises) or from a serial scanner configured in [scanner],
 * whose descriptor the ui loop watches beside the keyboard.  A scanner
 * that goes away is shown on the title line; the station carries on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "label/label.h"
#include "scanner/scanner.h"
#include "config.h"
#include "scan.h"

static struct scan scan;

/* ---- the serial scanner --------------------------------------------------- */

static int sc_fd(void *ctx, int *timeout_ms)
{
	struct scan *s = ctx;

	*timeout_ms = mes_scanner_timeout_ms(s->sc);
	return mes_scanner_fd(s->sc);
}

static void sc_state(struct scan *s, const char *state)
{
	char text[40];

	snprintf(text, sizeof text, "scanner %s", state);
	ui_prog_device(s->prog, text);
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
	         mes_label_template("lot.zpl"));
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

static int setup(struct ui_prog *p)
{
	scan.prog = p;
	scan.db = p->db;
	return station_settings(&scan, p->config_file);
}

static int start(struct ui_prog *p)
{
	scan.app = p->app;
	if (scan.sc)
		ui_watch_fd(p->app, sc_fd, sc_ready, &scan);
	ui_push(p->app, &recv_view, NULL);
	return 0;
}

static void end(struct ui_prog *p)
{
	(void)p;
	mes_scanner_close(scan.sc);
}

int main(int argc, char **argv)
{
	static const struct ui_prog_def def = {
		.name = "mes-scan",
		.keys = &scan_keys,
		.locked = "This scan station is locked.",
		.setup = setup,
		.start = start,
		.end = end,
		.ctx = &scan,
	};

	return ui_prog_run(&def, argc, argv);
}
