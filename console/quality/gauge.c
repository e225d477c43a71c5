/*
 * A gauge on a serial port ([quality] gauge_port): it sends one line with
 * a number per measurement, read through the scanner driver.  A reading
 * goes into the focused value field of the open entry form and the focus
 * moves on, as if typed.  A gauge that goes away is shown on the message
 * line and the title; typing carries on and the port is retried.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scanner/scanner.h"
#include "config.h"
#include "qual.h"

#define PREFIX "gauge_"

static int gauge_fd(void *ctx, int *timeout_ms)
{
	struct qual *q = ctx;

	*timeout_ms = mes_scanner_timeout_ms(q->gauge);
	return mes_scanner_fd(q->gauge);
}

static void gauge_state(struct qual *q, const char *state)
{
	char text[40];

	snprintf(text, sizeof text, "gauge %s", state);
	ui_prog_device(q->prog, text);
}

/* Gauges pad and sign their output ("  +10.020"); the field gets the
 * number alone. */
static void gauge_line(struct qual *q, const char *data)
{
	char text[64], *end;
	size_t n;
	double v;
	int rc;

	while (isspace((unsigned char)*data) || *data == '+')
		data++;
	snprintf(text, sizeof text, "%s", data);
	n = strlen(text);
	while (n && isspace((unsigned char)text[n - 1]))
		text[--n] = 0;
	v = strtod(text, &end);
	if (!n || *end || !isfinite(v)) {
		ui_msg(q->app, 1, "gauge sent \"%.40s\", not a number: measure "
		       "again or type the value", text);
		return;
	}
	rc = ui_form_feed(q->app, text);
	if (rc == 0)
		ui_msg(q->app, 1, "gauge reading %s not used: open an "
		       "inspection (Enter on the due list) first", text);
	else if (rc < 0)
		ui_msg(q->app, 1, "gauge reading %s not used: move to a value "
		       "field and measure again", text);
}

static void gauge_ready(struct ui_app *app, void *ctx)
{
	struct qual *q = ctx;
	struct mes_scan_event ev;

	while (mes_scanner_read(q->gauge, &ev) == MES_OK &&
	       ev.kind != MES_SCAN_NONE) {
		switch (ev.kind) {
		case MES_SCAN_DATA:
			gauge_line(q, ev.data);
			break;
		case MES_SCAN_DROP:
			ui_msg(app, 1, "gauge reading dropped: %s: measure "
			       "again", ev.msg);
			break;
		case MES_SCAN_DISCONNECTED:
			gauge_state(q, "disconnected");
			ui_msg(app, 1, "gauge disconnected (%s): type the values;"
			       " it reconnects by itself", ev.msg);
			break;
		case MES_SCAN_CONNECTED:
			gauge_state(q, "connected");
			ui_msg(app, 0, "gauge connected");
			break;
		default:
			break;
		}
	}
}

/* [quality] gauge_KEY is the scanner driver's KEY: gauge_port,
 * gauge_baud, gauge_terminator ...; no gauge_port: no gauge.  gauge_id
 * is the gauge's code, whose calibration its readings are checked
 * against. */
static int gauge_cfg(struct qual *q, const struct mes_ini *ini,
                     struct mes_scanner_cfg *c)
{
	const char *k, *val;
	char err[512];
	int i, n = mes_ini_nkeys(ini, "quality"), rc;

	mes_scanner_cfg_default(c);
	for (i = 0; i < n; i++) {
		k = mes_ini_key(ini, "quality", i);
		if (strncmp(k, PREFIX, strlen(PREFIX)))
			continue;
		val = mes_ini_str(ini, "quality", k);
		/* Which gauge it is, for its calibration: not the driver's. */
		if (!strcmp(k, PREFIX "id")) {
			snprintf(q->gauge_code, sizeof q->gauge_code, "%s",
			         val ? val : "");
			continue;
		}
		rc = mes_scanner_cfg_set(c, k + strlen(PREFIX), val ? val : "",
		                         err, sizeof err);
		if (rc == MES_ERR_NOTFOUND)
			fprintf(stderr, "mes-quality: [quality] %s: unknown key, "
			        "ignored\n", k);
		else if (rc != MES_OK)
			return fprintf(stderr, "mes-quality: %s: [quality] "
			               PREFIX "%s\n", mes_ini_path(ini), err), -1;
	}
	if (mes_scanner_cfg_check(c, err, sizeof err) != MES_OK)
		return fprintf(stderr, "mes-quality: %s: [quality] " PREFIX
		               "%s\n", mes_ini_path(ini), err), -1;
	return 0;
}

int gauge_open(struct qual *q, const char *path)
{
	struct mes_ini *ini = NULL;
	struct mes_scanner_cfg c;
	char err[512];
	int rc = 0;

	if (!path[0])
		return 0;
	if (mes_ini_load(path, &ini, err, sizeof err) != MES_OK)
		return fprintf(stderr, "mes-quality: %s\n", err), -1;
	if (!mes_ini_str(ini, "quality", PREFIX "port")) {
		mes_ini_free(ini);
		return 0;
	}
	rc = gauge_cfg(q, ini, &c);
	mes_ini_free(ini);
	if (rc)
		return rc;
	rc = mes_scanner_open(&q->gauge, &c);
	if (rc == MES_ERR_CONFIG || !q->gauge)
		return fprintf(stderr, "mes-quality: gauge: %s\n", q->gauge ?
		               mes_scanner_errmsg(q->gauge) : "out of memory"),
		       -1;
	gauge_state(q, rc == MES_OK ? "connected" : "disconnected");
	return 0;
}

void gauge_watch(struct qual *q)
{
	if (q->gauge)
		ui_watch_fd(q->app, gauge_fd, gauge_ready, q);
}

void gauge_close(struct qual *q)
{
	mes_scanner_close(q->gauge);
	q->gauge = NULL;
}
