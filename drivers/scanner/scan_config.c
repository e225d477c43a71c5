/*
 * Scanner settings from text: what the mes.ini reader hands over, one key
 * at a time.  Numbers are base 10 and whole (iniparser's own getint would
 * read "0x10" as 16 and "abc" as 0); every error starts with the key.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scanner.h"

static const char *const keys[] = {
	"port", "backend", "baud", "data_bits", "parity", "stop_bits", "flow",
	"terminator", "prefix", "suffix", "gs_substitute", "timeout_ms",
	"max_length", "retry_min_ms", "retry_max_ms", NULL,
};

void mes_scanner_cfg_default(struct mes_scanner_cfg *c)
{
	if (!c)
		return;
	memset(c, 0, sizeof *c);
	mes_serial_cfg_default(&c->serial);
	mes_scan_frame_cfg_default(&c->frame);
	c->retry_min_ms = 250;
	c->retry_max_ms = 5000;
}

const char *const *
mes_scanner_cfg_keys(void)
{
	return keys;
}

static int bad(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (err && n) {
		va_start(ap, fmt);
		vsnprintf(err, n, fmt, ap);
		va_end(ap);
	}
	return MES_ERR_CONFIG;
}

static int parse_int(const char *key, const char *v, long min, long max,
                     int *out, char *err, size_t n)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (!isdigit((unsigned char)*v) || *end || errno)
		return bad(err, n, "%s: \"%s\" is not a whole number", key, v);
	if (x < min || x > max)
		return bad(err, n, "%s: %ld is not within %ld..%ld", key, x,
		           min, max);
	*out = (int)x;
	return MES_OK;
}

/* Index of v in the NULL-terminated words, or -1 after writing err. */
static int parse_word(const char *key, const char *v, const char *const *words,
                      char *err, size_t n)
{
	char list[160];
	size_t o = 0;
	int i;

	for (i = 0; words[i]; i++)
		if (strcasecmp(v, words[i]) == 0)
			return i;
	list[0] = 0;
	for (i = 0; words[i] && o < sizeof list; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
		                      i ? ", " : "", words[i]);
	bad(err, n, "%s: \"%s\" is not one of %s", key, v, list);
	return -1;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/*
 * One byte from an escape at v[0] ('\\' or '^'); *used gets its length.
 * ^X is the caret notation scanners' manuals use: ^] is GS, ^M is CR.
 */
static int escape_byte(const char *v, size_t *used)
{
	int hi, lo, c = (unsigned char)v[1];

	if (v[0] == '^') {
		*used = 2;
		if (c == '?')
			return 0x7f;
		c = toupper(c);
		return c >= '@' && c <= '_' ? c - '@' : -1;
	}
	*used = 2;
	switch (c) {
	case 'r':  return '\r';
	case 'n':  return '\n';
	case 't':  return '\t';
	case 'e':  return 0x1b;
	case '\\': return '\\';
	case '^':  return '^';
	case 'x':
		hi = v[2] ? hexval((unsigned char)v[2]) : -1;
		lo = hi >= 0 && v[3] ? hexval((unsigned char)v[3]) : -1;
		*used = 4;
		return lo < 0 ? -1 : hi * 16 + lo;
	}
	return -1;
}

static int none_word(const char *v)
{
	return *v == 0 || strcasecmp(v, "none") == 0;
}

static int parse_bytes(const char *key, const char *v, char *out, size_t *len,
                       char *err, size_t n)
{
	size_t i = 0, o = 0, used;
	int b;

	if (none_word(v)) {
		*len = 0;
		return MES_OK;
	}
	while (v[i]) {
		if ((v[i] == '\\' || v[i] == '^') && v[i + 1]) {
			b = escape_byte(v + i, &used);
			if (b < 0)
				return bad(err, n, "%s: bad escape at "
				           "\"%.4s\" (use \\xHH, ^X, \\r, "
				           "\\n, \\t, \\\\ or \\^)", key,
				           v + i);
			i += used;
		} else {
			b = (unsigned char)v[i++];
		}
		if (b == 0)
			return bad(err, n, "%s: may not hold NUL", key);
		if (o >= MES_SCAN_AFFIX_MAX)
			return bad(err, n, "%s: longer than %d bytes", key,
			           MES_SCAN_AFFIX_MAX);
		out[o++] = (char)b;
	}
	*len = o;
	return MES_OK;
}

static int parse_gs(const char *v, int *out, char *err, size_t n)
{
	const char *key = "gs_substitute";
	size_t used;
	int b = -1;

	if (none_word(v)) {
		*out = -1;
		return MES_OK;
	}
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X') && v[2]) {
		char *end;
		long x = strtol(v + 2, &end, 16);

		if (*end == 0 && isxdigit((unsigned char)v[2]))
			b = x > 255 ? -2 : (int)x;
	} else if ((v[0] == '\\' || v[0] == '^') && v[1]) {
		b = escape_byte(v, &used);
		if (b >= 0 && v[used])
			b = -1;
	} else if (v[1] == 0) {
		b = (unsigned char)v[0];
	}
	if (b < 0 || b == 0)
		return bad(err, n, "%s: \"%s\" is not one byte (write "
		           "0x1d, \\x1d, ^] or a single character such as ~)",
		           key, v);
	if (b == '\r' || b == '\n')
		return bad(err, n, "%s: CR and LF end a scan and cannot "
		           "stand for GS", key);
	*out = b;
	return MES_OK;
}

static int set_port(struct mes_scanner_cfg *c, const char *v, char *err,
                    size_t n)
{
	if (!*v)
		return bad(err, n, "port: empty (e.g. /dev/ttyUSB0 or "
		           "/dev/serial/by-id/...)");
	if (strlen(v) >= sizeof c->serial.port)
		return bad(err, n, "port: longer than %zu bytes",
		           sizeof c->serial.port - 1);
	snprintf(c->serial.port, sizeof c->serial.port, "%s", v);
	return MES_OK;
}

static int set_word(const char *key, const char *v, const char *const *words,
                    int *out, char *err, size_t n)
{
	int i = parse_word(key, v, words, err, n);

	if (i < 0)
		return MES_ERR_CONFIG;
	*out = i;
	return MES_OK;
}

static int set_serial(struct mes_scanner_cfg *c, const char *key, const char *v,
                      char *err, size_t n)
{
	static const char *const backends[] = { "auto", "libserialport",
	                                        "termios", NULL };
	static const char *const parities[] = { "none", "even", "odd", NULL };
	static const char *const flows[] = { "none", "xonxoff", "rtscts",
	                                     NULL };
	int x, rc;

	if (strcmp(key, "port") == 0)
		return set_port(c, v, err, n);
	if (strcmp(key, "baud") == 0) {
		rc = parse_int(key, v, 1, 4000000, &x, err, n);
		if (rc == MES_OK && !mes_serial_baud_ok(x))
			return bad(err, n, "baud: %d is not a standard rate "
			           "(1200, 2400, 4800, 9600, 19200, 38400, "
			           "57600, 115200, ... 921600)", x);
		if (rc == MES_OK)
			c->serial.baud = x;
		return rc;
	}
	if (strcmp(key, "data_bits") == 0)
		return parse_int(key, v, 5, 8, &c->serial.data_bits, err, n);
	if (strcmp(key, "stop_bits") == 0)
		return parse_int(key, v, 1, 2, &c->serial.stop_bits, err, n);
	rc = MES_ERR_NOTFOUND;
	if (strcmp(key, "backend") == 0 &&
	    (rc = set_word(key, v, backends, &x, err, n)) == MES_OK)
		c->serial.backend = (enum mes_serial_backend)x;
	if (strcmp(key, "parity") == 0 &&
	    (rc = set_word(key, v, parities, &x, err, n)) == MES_OK)
		c->serial.parity = (enum mes_serial_parity)x;
	if (strcmp(key, "flow") == 0 &&
	    (rc = set_word(key, v, flows, &x, err, n)) == MES_OK)
		c->serial.flow = (enum mes_serial_flow)x;
	return rc;
}

static int set_frame(struct mes_scanner_cfg *c, const char *key, const char *v,
                     char *err, size_t n)
{
	static const char *const terms[] = { "cr", "lf", "crlf", NULL };
	struct mes_scan_frame_cfg *f = &c->frame;
	int x, rc;

	if (strcmp(key, "terminator") == 0) {
		rc = set_word(key, v, terms, &x, err, n);
		if (rc == MES_OK)
			f->term = (enum mes_scan_term)x;
		return rc;
	}
	if (strcmp(key, "prefix") == 0)
		return parse_bytes(key, v, f->prefix, &f->prefix_len, err, n);
	if (strcmp(key, "suffix") == 0)
		return parse_bytes(key, v, f->suffix, &f->suffix_len, err, n);
	if (strcmp(key, "gs_substitute") == 0)
		return parse_gs(v, &f->gs_sub, err, n);
	if (strcmp(key, "timeout_ms") == 0)
		return parse_int(key, v, 0, 60000, &f->timeout_ms, err, n);
	if (strcmp(key, "max_length") == 0) {
		rc = parse_int(key, v, 1, MES_SCAN_MAX, &x, err, n);
		if (rc == MES_OK)
			f->max_len = (size_t)x;
		return rc;
	}
	if (strcmp(key, "retry_min_ms") == 0)
		return parse_int(key, v, 10, 600000, &c->retry_min_ms, err, n);
	if (strcmp(key, "retry_max_ms") == 0)
		return parse_int(key, v, 10, 600000, &c->retry_max_ms, err, n);
	return MES_ERR_NOTFOUND;
}

int mes_scanner_cfg_set(struct mes_scanner_cfg *c, const char *key,
                        const char *value, char *err, size_t n)
{
	struct mes_scanner_cfg tmp;
	int rc;

	if (err && n)
		err[0] = 0;
	if (!c || !key || !value)
		return MES_ERR_ARG;
	/* A failed set leaves the settings as they were. */
	tmp = *c;
	rc = set_serial(&tmp, key, value, err, n);
	if (rc == MES_ERR_NOTFOUND)
		rc = set_frame(&tmp, key, value, err, n);
	if (rc == MES_ERR_NOTFOUND)
		bad(err, n, "%s: unknown scanner setting", key);
	if (rc == MES_OK)
		*c = tmp;
	return rc;
}

int mes_scanner_cfg_check(const struct mes_scanner_cfg *c, char *err, size_t n)
{
	int rc;

	if (!c)
		return bad(err, n, "no scanner settings");
	rc = mes_serial_cfg_check(&c->serial, err, n);
	if (rc == MES_OK)
		rc = mes_scan_frame_cfg_check(&c->frame, err, n);
	if (rc != MES_OK)
		return rc;
	if (c->retry_min_ms < 10 || c->retry_min_ms > 600000)
		return bad(err, n, "retry_min_ms: %d is not within 10..600000",
		           c->retry_min_ms);
	if (c->retry_max_ms < c->retry_min_ms || c->retry_max_ms > 600000)
		return bad(err, n, "retry_max_ms: %d is not within "
		           "retry_min_ms (%d)..600000", c->retry_max_ms,
		           c->retry_min_ms);
	return MES_OK;
}

/* Bytes as they would be written in mes.ini. */
static void show_bytes(const char *p, size_t len, char *buf, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 5 < n; i++) {
		unsigned char b = (unsigned char)p[i];

		if (b < 0x20)
			o += (size_t)snprintf(buf + o, n - o, "^%c", b + '@');
		else if (b == '\\' || b == '^' || b >= 0x7f)
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", b);
		else
			buf[o++] = (char)b;
	}
	buf[o] = 0;
}

void mes_scanner_cfg_describe(const struct mes_scanner_cfg *c, char *buf,
                              size_t n)
{
	const struct mes_serial_cfg *s;
	char pre[80], suf[80], gs[16];

	if (!buf || !n)
		return;
	if (!c) {
		snprintf(buf, n, "(no scanner settings)");
		return;
	}
	s = &c->serial;
	show_bytes(c->frame.prefix, c->frame.prefix_len, pre, sizeof pre);
	show_bytes(c->frame.suffix, c->frame.suffix_len, suf, sizeof suf);
	if (c->frame.gs_sub < 0)
		snprintf(gs, sizeof gs, "none");
	else {
		char one = (char)c->frame.gs_sub;

		show_bytes(&one, 1, gs, sizeof gs);
	}
	snprintf(buf, n, "%s %d %d%c%d flow %s, terminator %s, prefix \"%s\", "
	         "suffix \"%s\", gs %s, backend %s", s->port, s->baud,
	         s->data_bits, "NEO"[(unsigned)s->parity % 3], s->stop_bits,
	         mes_serial_flow_name(s->flow),
	         mes_scan_term_name(c->frame.term), pre, suf, gs,
	         mes_serial_backend_name(s->backend));
}
