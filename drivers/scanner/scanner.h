/*
 * A serial barcode scanner: the port (serial.h), the framing (scan_frame.h)
 * and staying connected.  One handle per scanner, driven from the
 * program's poll() loop:
 *
 *	for (;;) {
 *		struct pollfd p = { mes_scanner_fd(sc), POLLIN, 0 };
 *		poll(&p, p.fd >= 0, mes_scanner_timeout_ms(sc));
 *		while (mes_scanner_read(sc, &ev) == MES_OK &&
 *		       ev.kind != MES_SCAN_NONE)
 *			handle(&ev);       (scan, drop to log, status line)
 *	}
 *
 * Call mes_scanner_read() after every wake-up, timeouts included: that is
 * when partial lines expire and when a lost port is tried again.  When the
 * port disappears or a read fails the handle reports DISCONNECTED, then
 * retries with back-off (retry_min_ms doubling up to retry_max_ms) and
 * reports CONNECTED when the port is back; the program never restarts.
 *
 * Settings come from the caller.  mes_scanner_cfg_set() turns mes.ini's
 * text values into them, one key at a time, with errors that name the key.
 */
#ifndef MES_SCANNER_H
#define MES_SCANNER_H

#include <stddef.h>
#include "mes.h"
#include "scan_frame.h"
#include "serial.h"

struct mes_scanner_cfg {
	struct mes_serial_cfg serial;
	struct mes_scan_frame_cfg frame;
	int retry_min_ms;       /* first reconnect delay */
	int retry_max_ms;       /* back-off ceiling */
};

/* Serial and framing defaults, retry 250 ms doubling to 5000 ms. */
void mes_scanner_cfg_default(struct mes_scanner_cfg *c);

/*
 * Sets one setting from its text, as written in mes.ini:
 *   port           path, e.g. /dev/serial/by-id/usb-...; required
 *   backend        auto | libserialport | termios
 *   baud           1200 ... 921600 (standard rates)
 *   data_bits      5 | 6 | 7 | 8
 *   parity         none | even | odd
 *   stop_bits      1 | 2
 *   flow           none | xonxoff | rtscts
 *   terminator     cr | lf | crlf
 *   prefix, suffix bytes to strip: text with \xHH, ^X, \r \n \t \\ \^
 *                  escapes; "" or none for nothing
 *   gs_substitute  one byte the scanner sends for GS: 0x1d, \x1d, ^], a
 *                  single character such as ~ or |; "" or none for none
 *   timeout_ms     partial line lifetime, 0..60000 (0: never)
 *   max_length     longest scan, 1..4096
 *   retry_min_ms, retry_max_ms  reconnect back-off, 10..600000
 * Values are case-insensitive where they are words.  MES_OK;
 * MES_ERR_CONFIG with "key: why" in err; MES_ERR_NOTFOUND for an unknown
 * key (the reader decides whether that is a warning); MES_ERR_ARG.
 * Settings that depend on each other are checked by mes_scanner_cfg_check.
 */
int mes_scanner_cfg_set(struct mes_scanner_cfg *c, const char *key,
                        const char *value, char *err, size_t n);

/* Whole-set check (port given, back-off order, ...): MES_OK or
 * MES_ERR_CONFIG naming the setting. */
int mes_scanner_cfg_check(const struct mes_scanner_cfg *c, char *err,
                          size_t n);

/* The keys mes_scanner_cfg_set() knows, NULL-terminated. */
const char *const *mes_scanner_cfg_keys(void);

/* One line for a status screen or log, e.g.
 * "/dev/ttyUSB0 9600 8N1 flow none, terminator cr, gs ^]". */
void mes_scanner_cfg_describe(const struct mes_scanner_cfg *c, char *buf,
                              size_t n);

enum mes_scanner_state {
	MES_SCANNER_CONNECTED,
	MES_SCANNER_DISCONNECTED,
	MES_SCANNER_FAILED,     /* settings invalid: nothing will work */
};

struct mes_scanner;

/*
 * Creates the handle and tries the port once.  *out is set unless out is
 * NULL or memory runs out, and must be closed.  MES_OK: connected.
 * MES_ERR_IO: the port is not there or not usable yet; the handle is
 * DISCONNECTED, its first read reports that, and it keeps retrying.
 * MES_ERR_CONFIG: invalid settings, state FAILED, why in errmsg.
 */
int mes_scanner_open(struct mes_scanner **out, const struct mes_scanner_cfg *c);
void mes_scanner_close(struct mes_scanner *sc);

/*
 * Reads what is available without waiting and returns the next event in
 * *ev (MES_SCAN_NONE: nothing more now; loop until then).  Events: DATA
 * (a scan), DROP (a line refused: log ev->msg), DISCONNECTED (ev->msg
 * says why), CONNECTED.  ev's pointers stay valid until the next call.
 * MES_OK, MES_ERR_ARG, or MES_ERR_CONFIG for a FAILED handle.
 */
int mes_scanner_read(struct mes_scanner *sc, struct mes_scan_event *ev);

/* Closes and opens the port now (after a settings change, or a person
 * asking), discarding any partial line and resetting the back-off.
 * MES_OK or MES_ERR_IO (then DISCONNECTED and retrying). */
int mes_scanner_reopen(struct mes_scanner *sc);

/* The descriptor to poll() for POLLIN, -1 while disconnected. */
int mes_scanner_fd(const struct mes_scanner *sc);
/* The poll() timeout: ms until a partial line expires or the next
 * reconnect attempt, 0 when read has work now, -1 for none. */
int mes_scanner_timeout_ms(const struct mes_scanner *sc);

enum mes_scanner_state mes_scanner_state(const struct mes_scanner *sc);
/* "connected", "disconnected", "failed". */
const char *mes_scanner_state_name(enum mes_scanner_state st);
/* The backend in use, "none" while disconnected. */
const char *mes_scanner_backend(const struct mes_scanner *sc);
/* Why the automatic backend choice fell back to termios, or "". */
const char *mes_scanner_note(const struct mes_scanner *sc);
/* The reason for the current state, "" when connected without trouble. */
const char *mes_scanner_errmsg(const struct mes_scanner *sc);

#endif
