/*
 * The scanner device: a serial port, a framer and the reconnect logic.
 *
 * Invariants: state is CONNECTED exactly when the serial port is open;
 * buf[pos..len) are bytes read but not yet framed (they were received at
 * buf_ms); tell_disc means a DISCONNECTED event is owed to the caller,
 * which happens when a partial line's DROP had to be reported first or
 * when the very first open failed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scanner.h"
#include "serial_int.h"

/* Reads per mes_scanner_read() call before yielding to the caller, so a
 * babbling line cannot starve the rest of the loop. */
#define READS_PER_CALL 8

struct mes_scanner {
	struct mes_scanner_cfg cfg;
	struct mes_serial *ser;
	struct mes_scan_frame *fr;
	enum mes_scanner_state state;
	unsigned char buf[1024];
	size_t pos, len;
	long long buf_ms;
	int tell_disc;
	long long retry_at;
	int backoff_ms;
	char err[700];
	char msg[1200];
};

static void ev_init(const struct mes_scanner *sc, struct mes_scan_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = MES_SCAN_NONE;
	ev->data = "";
	ev->msg = "";
	ev->source = sc->cfg.serial.port;
}

static void schedule_retry(struct mes_scanner *sc, long long now)
{
	sc->retry_at = now + sc->backoff_ms;
	if (sc->backoff_ms < sc->cfg.retry_max_ms / 2)
		sc->backoff_ms *= 2;
	else
		sc->backoff_ms = sc->cfg.retry_max_ms;
}

static int connect_now(struct mes_scanner *sc)
{
	int rc = mes_serial_connect(sc->ser);

	sc->pos = sc->len = 0;
	if (rc == MES_OK) {
		sc->state = MES_SCANNER_CONNECTED;
		sc->backoff_ms = sc->cfg.retry_min_ms;
		sc->err[0] = 0;
		return MES_OK;
	}
	sc->state = MES_SCANNER_DISCONNECTED;
	snprintf(sc->err, sizeof sc->err, "scanner not available: %s",
	         mes_serial_errmsg(sc->ser));
	schedule_retry(sc, mes_serial_now_ms());
	return rc;
}

int mes_scanner_open(struct mes_scanner **out, const struct mes_scanner_cfg *c)
{
	struct mes_scanner *sc;
	int rc;

	if (!out)
		return MES_ERR_ARG;
	*out = NULL;
	sc = calloc(1, sizeof *sc);
	if (!sc)
		return MES_ERR_NOMEM;
	*out = sc;
	sc->state = MES_SCANNER_FAILED;
	if (!c) {
		snprintf(sc->err, sizeof sc->err, "no scanner settings");
		return MES_ERR_ARG;
	}
	sc->cfg = *c;
	rc = mes_scanner_cfg_check(c, sc->err, sizeof sc->err);
	if (rc != MES_OK)
		return rc;
	rc = mes_serial_new(&sc->ser, &c->serial);
	if (rc == MES_OK)
		rc = mes_scan_frame_new(&sc->fr, &c->frame, sc->err,
		                        sizeof sc->err);
	if (rc != MES_OK) {
		if (rc == MES_ERR_NOMEM) {
			mes_scanner_close(sc);
			*out = NULL;
		}
		return rc;
	}
	sc->backoff_ms = c->retry_min_ms;
	rc = connect_now(sc);
	if (rc != MES_OK)
		sc->tell_disc = 1;
	return rc;
}

void mes_scanner_close(struct mes_scanner *sc)
{
	if (!sc)
		return;
	mes_serial_free(sc->ser);
	mes_scan_frame_free(sc->fr);
	free(sc);
}

/* The port failed under us: report a partial line first (as DROP reset),
 * then DISCONNECTED, and start retrying at the shortest delay. */
static void lose(struct mes_scanner *sc, struct mes_scan_event *ev)
{
	snprintf(sc->err, sizeof sc->err, "scanner disconnected: %s; "
	         "retrying", mes_serial_errmsg(sc->ser));
	mes_serial_disconnect(sc->ser);
	sc->state = MES_SCANNER_DISCONNECTED;
	sc->pos = sc->len = 0;
	sc->backoff_ms = sc->cfg.retry_min_ms;
	schedule_retry(sc, mes_serial_now_ms());
	mes_scan_frame_reset(sc->fr, "port lost", ev);
	ev->source = sc->cfg.serial.port;
	if (ev->kind != MES_SCAN_NONE) {
		sc->tell_disc = 1;
		return;
	}
	ev->kind = MES_SCAN_DISCONNECTED;
	ev->msg = sc->err;
}

static int drain(struct mes_scanner *sc, struct mes_scan_event *ev)
{
	size_t used;

	used = mes_scan_frame_feed(sc->fr, sc->buf + sc->pos,
	                           sc->len - sc->pos, sc->buf_ms, ev);
	sc->pos += used;
	ev->source = sc->cfg.serial.port;
	return ev->kind != MES_SCAN_NONE;
}

static void try_reconnect(struct mes_scanner *sc, struct mes_scan_event *ev)
{
	const char *note;

	if (mes_serial_now_ms() < sc->retry_at)
		return;
	if (connect_now(sc) != MES_OK)
		return;
	note = mes_serial_note(sc->ser);
	snprintf(sc->msg, sizeof sc->msg, "scanner connected: %s (%s) via "
	         "%s%s%s", sc->cfg.serial.port, mes_serial_path(sc->ser),
	         mes_serial_backend_used(sc->ser), *note ? "; " : "", note);
	ev->kind = MES_SCAN_CONNECTED;
	ev->msg = sc->msg;
}

int mes_scanner_read(struct mes_scanner *sc, struct mes_scan_event *ev)
{
	int i;

	if (!sc || !ev)
		return MES_ERR_ARG;
	ev_init(sc, ev);
	if (sc->state == MES_SCANNER_FAILED)
		return MES_ERR_CONFIG;
	if (sc->tell_disc) {
		sc->tell_disc = 0;
		ev->kind = MES_SCAN_DISCONNECTED;
		ev->msg = sc->err;
		return MES_OK;
	}
	if (sc->pos < sc->len && drain(sc, ev))
		return MES_OK;
	if (sc->state == MES_SCANNER_DISCONNECTED) {
		try_reconnect(sc, ev);
		return MES_OK;
	}
	for (i = 0; i < READS_PER_CALL; i++) {
		long r = mes_serial_read(sc->ser, sc->buf, sizeof sc->buf);

		if (r < 0) {
			lose(sc, ev);
			return MES_OK;
		}
		sc->buf_ms = mes_serial_now_ms();
		if (r == 0) {
			mes_scan_frame_tick(sc->fr, sc->buf_ms, ev);
			ev->source = sc->cfg.serial.port;
			return MES_OK;
		}
		sc->pos = 0;
		sc->len = (size_t)r;
		if (drain(sc, ev))
			return MES_OK;
	}
	return MES_OK;
}

int mes_scanner_reopen(struct mes_scanner *sc)
{
	if (!sc)
		return MES_ERR_ARG;
	if (sc->state == MES_SCANNER_FAILED)
		return MES_ERR_CONFIG;
	mes_serial_disconnect(sc->ser);
	mes_scan_frame_reset(sc->fr, NULL, NULL);
	sc->tell_disc = 0;
	sc->backoff_ms = sc->cfg.retry_min_ms;
	return connect_now(sc);
}

int mes_scanner_fd(const struct mes_scanner *sc)
{
	if (!sc || sc->state != MES_SCANNER_CONNECTED)
		return -1;
	return mes_serial_fd(sc->ser);
}

int mes_scanner_timeout_ms(const struct mes_scanner *sc)
{
	long long now, left;

	if (!sc || sc->state == MES_SCANNER_FAILED)
		return -1;
	if (sc->tell_disc || sc->pos < sc->len)
		return 0;
	now = mes_serial_now_ms();
	if (sc->state == MES_SCANNER_CONNECTED)
		return mes_scan_frame_pending_ms(sc->fr, now);
	left = sc->retry_at - now;
	if (left < 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

enum mes_scanner_state
mes_scanner_state(const struct mes_scanner *sc)
{
	return sc ? sc->state : MES_SCANNER_FAILED;
}

const char *mes_scanner_state_name(enum mes_scanner_state st)
{
	switch (st) {
	case MES_SCANNER_CONNECTED:    return "connected";
	case MES_SCANNER_DISCONNECTED: return "disconnected";
	case MES_SCANNER_FAILED:       return "failed";
	}
	return "?";
}

const char *mes_scanner_backend(const struct mes_scanner *sc)
{
	return sc ? mes_serial_backend_used(sc->ser) : "none";
}

const char *mes_scanner_note(const struct mes_scanner *sc)
{
	return sc && sc->ser ? mes_serial_note(sc->ser) : "";
}

const char *mes_scanner_errmsg(const struct mes_scanner *sc)
{
	return sc ? sc->err : "no scanner handle";
}
