/*
 * Scan framing: bytes in, whole scans out.  Pure: no descriptors, no
 * clock of its own (the caller passes the time), so every rule can be
 * tested with byte strings.
 *
 * A scan is the bytes between two terminators.  From it the configured
 * prefix and suffix are removed and the scanner's group-separator
 * substitute becomes GS (0x1D).  A line that cannot be trusted is dropped
 * whole, with a reason and a one-line message to log; it is never passed
 * on in part:
 *   timeout   no terminator within timeout_ms of the last byte
 *   overlong  more than max_len bytes; the rest up to the next terminator
 *             is discarded too
 *   noise     the line holds NUL bytes: what a serial line delivers for a
 *             break, a parity or a framing error
 *   prefix, suffix  configured but missing (a truncated or foreign line)
 *   empty     nothing between prefix and suffix
 *   reset     a partial line when the port closed
 * Empty lines (a bare terminator) are ignored silently.
 *
 * Terminators: "cr" ends a line at CR and swallows one LF right after it;
 * "lf" and "crlf" end a line at LF and remove one CR right before it.  So
 * a scanner sending CRLF works with any setting, and a timeout message
 * says when the other line ending was seen.
 */
#ifndef MES_SCAN_FRAME_H
#define MES_SCAN_FRAME_H

#include <stddef.h>
#include "mes.h"

#define MES_SCAN_MAX 4096         /* the longest scan that can be set */
#define MES_SCAN_AFFIX_MAX 16     /* the longest prefix or suffix */

enum mes_scan_term { MES_SCAN_TERM_CR, MES_SCAN_TERM_LF, MES_SCAN_TERM_CRLF };

struct mes_scan_frame_cfg {
	enum mes_scan_term term;
	char prefix[MES_SCAN_AFFIX_MAX];
	size_t prefix_len;
	char suffix[MES_SCAN_AFFIX_MAX];
	size_t suffix_len;
	int gs_sub;        /* byte the scanner sends for GS, or -1 for none */
	int timeout_ms;    /* partial line lifetime; 0 waits for ever */
	size_t max_len;    /* longest scan, prefix and suffix not counted */
};

enum mes_scan_kind {
	MES_SCAN_NONE,          /* nothing (more) for now */
	MES_SCAN_DATA,          /* a complete scan */
	MES_SCAN_DROP,          /* a line refused, see drop and msg */
	MES_SCAN_DISCONNECTED,  /* from the scanner device only */
	MES_SCAN_CONNECTED,     /* from the scanner device only */
};

enum mes_scan_drop {
	MES_SCAN_DROP_NONE,
	MES_SCAN_DROP_TIMEOUT,
	MES_SCAN_DROP_OVERLONG,
	MES_SCAN_DROP_NOISE,
	MES_SCAN_DROP_PREFIX,
	MES_SCAN_DROP_SUFFIX,
	MES_SCAN_DROP_EMPTY,
	MES_SCAN_DROP_RESET,
};

/*
 * What came out.  data and msg point into the framer (or the scanner
 * device) and stay valid until its next call.
 */
struct mes_scan_event {
	enum mes_scan_kind kind;
	enum mes_scan_drop drop;  /* DROP: why */
	const char *data;         /* DATA: the scan, NUL-terminated (it may
	                           * hold GS); DROP: the raw bytes kept */
	size_t len;
	const char *msg;          /* DROP, (DIS)CONNECTED: printable text for
	                           * the log; "" otherwise */
	const char *source;       /* device events: the port as configured */
};

/* CR, no prefix or suffix, no GS substitute, 150 ms, 1024 bytes. */
void mes_scan_frame_cfg_default(struct mes_scan_frame_cfg *c);
/* MES_OK or MES_ERR_CONFIG naming the setting in err. */
int mes_scan_frame_cfg_check(const struct mes_scan_frame_cfg *c, char *err,
                             size_t n);
/* "timeout", "overlong", ... as in the list above; "none" for NONE. */
const char *mes_scan_drop_name(enum mes_scan_drop d);
/* "none", "data", "drop", "disconnected", "connected". */
const char *mes_scan_kind_name(enum mes_scan_kind k);
/* "cr", "lf", "crlf". */
const char *mes_scan_term_name(enum mes_scan_term t);

struct mes_scan_frame;

/* MES_OK, MES_ERR_ARG, MES_ERR_NOMEM, or MES_ERR_CONFIG (err says why;
 * *out is then NULL). */
int mes_scan_frame_new(struct mes_scan_frame **out,
                       const struct mes_scan_frame_cfg *c, char *err,
                       size_t n);
void mes_scan_frame_free(struct mes_scan_frame *f);

/*
 * Consumes bytes received at now_ms until one event is complete or the
 * input is used up, and returns how many bytes it consumed (possibly 0,
 * when a stale partial line is dropped before the new bytes).  Call it
 * again with the rest while anything is left.  ev->kind is MES_SCAN_NONE
 * when the bytes only extended a line.
 */
size_t mes_scan_frame_feed(struct mes_scan_frame *f, const void *buf,
                           size_t n, long long now_ms,
                           struct mes_scan_event *ev);

/* Drops a partial line older than timeout_ms (ev: DROP timeout), or sets
 * ev->kind to MES_SCAN_NONE. */
void mes_scan_frame_tick(struct mes_scan_frame *f, long long now_ms,
                         struct mes_scan_event *ev);

/* Forgets any partial line, reporting it as DROP reset with why in the
 * message (ev->kind MES_SCAN_NONE when there was none). */
void mes_scan_frame_reset(struct mes_scan_frame *f, const char *why,
                          struct mes_scan_event *ev);

/* Milliseconds until a partial line times out (0: due now), or -1 when
 * there is none or timeouts are off; for a poll() timeout. */
int mes_scan_frame_pending_ms(const struct mes_scan_frame *f,
                              long long now_ms);

#endif
