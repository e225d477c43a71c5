/*
 * The scan framer (rules in scan_frame.h).  One byte at a time through a
 * small state machine; every event is produced by exactly one byte or by
 * the clock, so feed() can stop right after it and lose nothing.
 *
 * Invariants: line[] holds the raw bytes of the current line, NULs left
 * out (counted in nuls); while discarding, line[] is empty and bytes are
 * thrown away until the next terminator; cr_held (lf/crlf) is a CR not yet
 * known to be part of CRLF.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_frame.h"

#define LINE_CAP (MES_SCAN_MAX + 2 * MES_SCAN_AFFIX_MAX)

struct mes_scan_frame {
	struct mes_scan_frame_cfg cfg;
	size_t cap;             /* longest raw line: max_len plus affixes */
	char line[LINE_CAP + 1];
	size_t len;
	size_t nuls;
	int cr_held;
	int swallow_lf;         /* cr: one LF after the terminator is ignored */
	int discarding;
	int saw_cr, saw_lf;     /* the other line ending, inside this line */
	long long last_ms;
	char out[LINE_CAP + 1];
	char msg[400];
};

void mes_scan_frame_cfg_default(struct mes_scan_frame_cfg *c)
{
	if (!c)
		return;
	memset(c, 0, sizeof *c);
	c->term = MES_SCAN_TERM_CR;
	c->gs_sub = -1;
	c->timeout_ms = 150;
	c->max_len = 1024;
}

const char *mes_scan_term_name(enum mes_scan_term t)
{
	switch (t) {
	case MES_SCAN_TERM_CR:   return "cr";
	case MES_SCAN_TERM_LF:   return "lf";
	case MES_SCAN_TERM_CRLF: return "crlf";
	}
	return "?";
}

const char *mes_scan_kind_name(enum mes_scan_kind k)
{
	switch (k) {
	case MES_SCAN_NONE:         return "none";
	case MES_SCAN_DATA:         return "data";
	case MES_SCAN_DROP:         return "drop";
	case MES_SCAN_DISCONNECTED: return "disconnected";
	case MES_SCAN_CONNECTED:    return "connected";
	}
	return "?";
}

const char *mes_scan_drop_name(enum mes_scan_drop d)
{
	switch (d) {
	case MES_SCAN_DROP_NONE:     return "none";
	case MES_SCAN_DROP_TIMEOUT:  return "timeout";
	case MES_SCAN_DROP_OVERLONG: return "overlong";
	case MES_SCAN_DROP_NOISE:    return "noise";
	case MES_SCAN_DROP_PREFIX:   return "prefix";
	case MES_SCAN_DROP_SUFFIX:   return "suffix";
	case MES_SCAN_DROP_EMPTY:    return "empty";
	case MES_SCAN_DROP_RESET:    return "reset";
	}
	return "?";
}

static int cfg_fail(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int cfg_fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (err && n) {
		va_start(ap, fmt);
		vsnprintf(err, n, fmt, ap);
		va_end(ap);
	}
	return MES_ERR_CONFIG;
}

/* snprintf for log text that may be cut short: a shortened message is
 * still useful, and vsnprintf draws no truncation warning. */
static void say(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

static int affix_bad(const char *a, size_t len)
{
	return memchr(a, '\r', len) || memchr(a, '\n', len) ||
	       memchr(a, 0, len);
}

int mes_scan_frame_cfg_check(const struct mes_scan_frame_cfg *c, char *err,
                             size_t n)
{
	if (!c)
		return cfg_fail(err, n, "no framing settings");
	if ((unsigned)c->term > MES_SCAN_TERM_CRLF)
		return cfg_fail(err, n, "terminator: not cr, lf or crlf");
	if (c->prefix_len > MES_SCAN_AFFIX_MAX)
		return cfg_fail(err, n, "prefix: longer than %d bytes",
		                MES_SCAN_AFFIX_MAX);
	if (c->suffix_len > MES_SCAN_AFFIX_MAX)
		return cfg_fail(err, n, "suffix: longer than %d bytes",
		                MES_SCAN_AFFIX_MAX);
	if (affix_bad(c->prefix, c->prefix_len))
		return cfg_fail(err, n, "prefix: may not hold CR, LF or NUL "
		                "(CR and LF end a scan)");
	if (affix_bad(c->suffix, c->suffix_len))
		return cfg_fail(err, n, "suffix: may not hold CR, LF or NUL "
		                "(CR and LF end a scan; the terminator is "
		                "set separately)");
	if (c->gs_sub != -1 && (c->gs_sub <= 0 || c->gs_sub > 255))
		return cfg_fail(err, n, "gs_substitute: %d is not a byte "
		                "value 1..255", c->gs_sub);
	if (c->gs_sub == '\r' || c->gs_sub == '\n')
		return cfg_fail(err, n, "gs_substitute: CR and LF end a scan "
		                "and cannot stand for GS");
	if (c->timeout_ms < 0 || c->timeout_ms > 60000)
		return cfg_fail(err, n, "timeout_ms: %d is not within "
		                "0..60000", c->timeout_ms);
	if (c->max_len < 1 || c->max_len > MES_SCAN_MAX)
		return cfg_fail(err, n, "max_length: %zu is not within 1..%d",
		                c->max_len, MES_SCAN_MAX);
	return MES_OK;
}

int mes_scan_frame_new(struct mes_scan_frame **out,
                       const struct mes_scan_frame_cfg *c, char *err, size_t n)
{
	struct mes_scan_frame *f;
	int rc;

	if (!out)
		return MES_ERR_ARG;
	*out = NULL;
	if (!c)
		return MES_ERR_ARG;
	rc = mes_scan_frame_cfg_check(c, err, n);
	if (rc != MES_OK)
		return rc;
	f = calloc(1, sizeof *f);
	if (!f)
		return MES_ERR_NOMEM;
	f->cfg = *c;
	f->cap = c->max_len + c->prefix_len + c->suffix_len;
	*out = f;
	return MES_OK;
}

void mes_scan_frame_free(struct mes_scan_frame *f)
{
	free(f);
}

static void ev_none(struct mes_scan_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = MES_SCAN_NONE;
	ev->data = "";
	ev->msg = "";
	ev->source = "";
}

static void line_clear(struct mes_scan_frame *f)
{
	f->len = 0;
	f->nuls = 0;
	f->cr_held = 0;
	f->discarding = 0;
	f->saw_cr = 0;
	f->saw_lf = 0;
}

static int partial(const struct mes_scan_frame *f)
{
	return f->len || f->nuls || f->cr_held || f->discarding;
}

/* Quoted, escaped and shortened, so a log line stays one printable line. */
static void preview(const char *p, size_t len, char *buf, size_t n)
{
	size_t i, o = 0;

	buf[o++] = '"';
	for (i = 0; i < len && o + 8 < n && i < 48; i++) {
		unsigned char b = (unsigned char)p[i];

		if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\')
			buf[o++] = (char)b;
		else
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", b);
	}
	if (i < len && o + 4 < n) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = 0;
}

/* Reports the current raw line as dropped and forgets it; the message is
 * fmt's text followed by the quoted start of the line. */
static void drop(struct mes_scan_frame *f, struct mes_scan_event *ev,
                 enum mes_scan_drop why, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void drop(struct mes_scan_frame *f, struct mes_scan_event *ev,
                 enum mes_scan_drop why, const char *fmt, ...)
{
	char q[256], text[300];
	va_list ap;

	preview(f->line, f->len, q, sizeof q);
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	say(f->msg, sizeof f->msg, "scan dropped (%s): %s %s",
	    mes_scan_drop_name(why), text, q);
	memcpy(f->out, f->line, f->len);
	f->out[f->len] = 0;
	ev_none(ev);
	ev->kind = MES_SCAN_DROP;
	ev->drop = why;
	ev->data = f->out;
	ev->len = f->len;
	ev->msg = f->msg;
	line_clear(f);
}

static void finish_line(struct mes_scan_frame *f, struct mes_scan_event *ev)
{
	const struct mes_scan_frame_cfg *c = &f->cfg;
	size_t i, plen;
	const char *p;

	if (f->discarding || (f->len == 0 && f->nuls == 0)) {
		line_clear(f);
		return;
	}
	if (f->nuls) {
		drop(f, ev, MES_SCAN_DROP_NOISE, "line noise, %zu NUL byte(s) "
		     "(break, parity or framing error) in", f->nuls);
		return;
	}
	if (f->len < c->prefix_len ||
	    memcmp(f->line, c->prefix, c->prefix_len) != 0) {
		drop(f, ev, MES_SCAN_DROP_PREFIX, "prefix missing in");
		return;
	}
	if (f->len - c->prefix_len < c->suffix_len ||
	    memcmp(f->line + f->len - c->suffix_len, c->suffix,
	           c->suffix_len) != 0) {
		drop(f, ev, MES_SCAN_DROP_SUFFIX, "suffix missing (truncated?) "
		     "in");
		return;
	}
	plen = f->len - c->prefix_len - c->suffix_len;
	if (plen == 0) {
		drop(f, ev, MES_SCAN_DROP_EMPTY, "nothing between prefix and "
		     "suffix:");
		return;
	}
	p = f->line + c->prefix_len;
	for (i = 0; i < plen; i++)
		f->out[i] = (c->gs_sub >= 0 && (unsigned char)p[i] == c->gs_sub)
		            ? 0x1d : p[i];
	f->out[plen] = 0;
	ev_none(ev);
	ev->kind = MES_SCAN_DATA;
	ev->data = f->out;
	ev->len = plen;
	line_clear(f);
}

static void put(struct mes_scan_frame *f, unsigned char b,
                struct mes_scan_event *ev)
{
	if (f->discarding)
		return;
	if (b == 0) {
		f->nuls++;
		return;
	}
	if (f->len >= f->cap) {
		drop(f, ev, MES_SCAN_DROP_OVERLONG, "longer than %zu bytes, "
		     "discarding up to the next terminator:", f->cfg.max_len);
		f->discarding = 1;
		return;
	}
	f->line[f->len++] = (char)b;
}

static void step(struct mes_scan_frame *f, unsigned char b,
                 struct mes_scan_event *ev)
{
	if (f->cfg.term == MES_SCAN_TERM_CR) {
		if (f->swallow_lf) {
			f->swallow_lf = 0;
			if (b == '\n')
				return;
		}
		if (b == '\r') {
			finish_line(f, ev);
			f->swallow_lf = 1;
			return;
		}
		if (b == '\n')
			f->saw_lf = 1;
		put(f, b, ev);
		return;
	}
	if (f->cr_held) {
		f->cr_held = 0;
		if (b == '\n') {
			finish_line(f, ev);
			return;
		}
		/* A lone CR is data here; at most one event results, as a
		 * discarding line ignores b. */
		f->saw_cr = 1;
		put(f, '\r', ev);
	}
	if (b == '\r')
		f->cr_held = 1;
	else if (b == '\n')
		finish_line(f, ev);
	else
		put(f, b, ev);
}

static int stale(const struct mes_scan_frame *f, long long now_ms)
{
	return f->cfg.timeout_ms > 0 && partial(f) &&
	       now_ms - f->last_ms >= f->cfg.timeout_ms;
}

static void expire(struct mes_scan_frame *f, struct mes_scan_event *ev)
{
	const char *hint = "";
	int cr_end = f->cr_held;

	ev_none(ev);
	if (f->discarding) {            /* reported when it overflowed */
		line_clear(f);
		return;
	}
	if (f->cfg.term == MES_SCAN_TERM_CR && f->saw_lf)
		hint = " (LF seen: does the scanner end lines with LF?)";
	else if (f->cfg.term != MES_SCAN_TERM_CR && (f->saw_cr || cr_end))
		hint = " (CR seen: does the scanner end lines with CR?)";
	if (cr_end && f->len < f->cap)
		f->line[f->len++] = '\r';
	if (f->len == 0 && f->nuls)
		drop(f, ev, MES_SCAN_DROP_NOISE, "line noise, %zu NUL byte(s) "
		     "without terminator:", f->nuls);
	else
		drop(f, ev, MES_SCAN_DROP_TIMEOUT, "no %s terminator within "
		     "%d ms%s, partial line", f->cfg.term == MES_SCAN_TERM_CR ?
		     "CR" : f->cfg.term == MES_SCAN_TERM_LF ? "LF" : "CRLF",
		     f->cfg.timeout_ms, hint);
}

size_t mes_scan_frame_feed(struct mes_scan_frame *f, const void *buf, size_t n,
                           long long now_ms, struct mes_scan_event *ev)
{
	const unsigned char *b = buf;
	size_t i;

	if (!ev)
		return 0;
	ev_none(ev);
	if (!f || (!buf && n))
		return 0;
	if (stale(f, now_ms)) {
		expire(f, ev);
		if (ev->kind != MES_SCAN_NONE)
			return 0;
	}
	for (i = 0; i < n; i++) {
		f->last_ms = now_ms;
		step(f, b[i], ev);
		if (ev->kind != MES_SCAN_NONE)
			return i + 1;
	}
	return n;
}

void mes_scan_frame_tick(struct mes_scan_frame *f, long long now_ms,
                         struct mes_scan_event *ev)
{
	if (!ev)
		return;
	ev_none(ev);
	if (f && stale(f, now_ms))
		expire(f, ev);
}

void mes_scan_frame_reset(struct mes_scan_frame *f, const char *why,
                          struct mes_scan_event *ev)
{
	if (ev)
		ev_none(ev);
	if (!f)
		return;
	f->swallow_lf = 0;
	if (!partial(f) || f->discarding || !ev) {
		line_clear(f);
		return;
	}
	if (f->cr_held && f->len < f->cap)
		f->line[f->len++] = '\r';
	drop(f, ev, MES_SCAN_DROP_RESET, "%s, partial line",
	     why && *why ? why : "port closed");
}

int mes_scan_frame_pending_ms(const struct mes_scan_frame *f, long long now_ms)
{
	long long left;

	if (!f || f->cfg.timeout_ms <= 0 || !partial(f))
		return -1;
	left = f->last_ms + f->cfg.timeout_ms - now_ms;
	if (left < 0)
		return 0;
	return left > f->cfg.timeout_ms ? f->cfg.timeout_ms : (int)left;
}
