/*
 * drivers/scanner without a device: framing from a table of byte
 * strings, settings from text, and what open refuses. The real driver on
 * a socat pty pair is in test_scanner_pty.c.
 *
 * Frame inputs use a small notation: "|" ends a read, "{XX}" is a byte in
 * hex, "{+N}" lets N ms pass and ticks the clock, "{~N}" lets N ms pass
 * silently (the stale line must then be noticed when bytes arrive).
 * Expected events: "S:text" for a scan (bytes outside printable ASCII,
 * space and braces as {XX}), "D:reason" for a drop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scanfix.h"
#include "testhelp.h"

/* T_CASE keeps the pointer until the next case has started, so names
 * built at run time rotate through a few buffers. */
static const char *case_name(const char *a, const char *b, const char *c)
{
	static char names[4][200];
	static int next;
	char *n = names[next++ % 4];

	snprintf(n, sizeof names[0], "%s%s%s", a, b, c);
	return n;
}

/* ---- framing table ------------------------------------------------------ */

struct frame_case {
	const char *name;
	const char *cfg;     /* "key=value key=value" for mes_scanner_cfg_set */
	const char *input;
	const char *want;
	const char *msg_has; /* in the last drop's message, or NULL */
};

static const struct frame_case frame_cases[] = {
	{ "cr ends a scan", "", "abc\r", "S:abc", NULL },
	{ "two scans in one read", "", "abc\rdef\r", "S:abc S:def", NULL },
	{ "scan split over three reads", "", "ab|c|\r", "S:abc", NULL },
	{ "byte-at-a-time reads", "", "a|b|c|\r|\n|d|\r", "S:abc S:d", NULL },
	{ "cr mode eats the lf of crlf", "", "a\r\nb\r\n", "S:a S:b", NULL },
	{ "crlf split in cr mode", "", "abc\r|\ndef\r", "S:abc S:def", NULL },
	{ "lf mode", "terminator=lf", "abc\ndef\n", "S:abc S:def", NULL },
	{ "lf mode drops the cr of crlf", "terminator=lf", "a\r\n", "S:a", 0 },
	{ "crlf split between reads", "terminator=crlf", "a\r|\n", "S:a", 0 },
	{ "crlf keeps a lone cr", "terminator=crlf", "a\rb\n", "S:a{0d}b", 0 },
	{ "bare terminators are ignored", "", "\r\r\n\rabc\r", "S:abc", NULL },
	{ "gs substitute becomes GS", "gs_substitute=~",
	  "0109521234543213~10ABC\r", "S:0109521234543213{1d}10ABC", NULL },
	{ "real GS passes with a substitute set", "gs_substitute={7c}",
	  "a{1d}b{7c}c\r", "S:a{1d}b{1d}c", NULL },
	{ "substitute not applied inside the prefix",
	  "prefix=~A gs_substitute=~", "~Ax~y\r", "S:x{1d}y", NULL },
	{ "prefix and suffix stripped", "prefix=]C1 suffix=^C",
	  "]C1data{03}\r", "S:data", NULL },
	{ "missing prefix", "prefix=]C1", "dat\r", "D:prefix", "missing" },
	{ "line shorter than the prefix", "prefix=]C1", "]C\r", "D:prefix", 0 },
	{ "missing suffix", "suffix=^C", "dat\r", "D:suffix", "truncated" },
	{ "prefix and suffix may not overlap", "prefix=AB suffix=BC", "ABC\r",
	  "D:suffix", NULL },
	{ "nothing between prefix and suffix", "prefix=^B suffix=^C",
	  "{02}{03}\r", "D:empty", NULL },
	{ "partial line times out", "timeout_ms=100", "part{+150}next\r",
	  "D:timeout S:next", "\"part\"" },
	{ "slow but steady line is kept", "timeout_ms=100",
	  "pa{+60}rt{+60}\r", "S:part", NULL },
	{ "stale line noticed when bytes arrive", "timeout_ms=100",
	  "old{~500}new\r", "D:timeout S:new", "within 100 ms" },
	{ "timeout 0 waits for ever", "timeout_ms=0", "s{+999}w\r", "S:sw", 0 },
	{ "lf in cr mode gives a hint", "timeout_ms=100", "abc\n{+200}",
	  "D:timeout", "LF seen" },
	{ "cr in lf mode gives a hint", "terminator=lf timeout_ms=100",
	  "abc\r{+200}", "D:timeout", "CR seen" },
	{ "exactly max_length is kept", "max_length=4", "1234\r", "S:1234", 0 },
	{ "overlong line dropped once", "max_length=8",
	  "1234567890abc\rok\r", "D:overlong S:ok", "longer than 8" },
	{ "overlong across reads", "max_length=4", "12|34|56|78\rok\r",
	  "D:overlong S:ok", NULL },
	{ "max_length does not count affixes", "max_length=4 prefix=P",
	  "P1234\r", "S:1234", NULL },
	{ "overlong tail expires silently", "max_length=4 timeout_ms=100",
	  "123456{+200}ok\r", "D:overlong S:ok", NULL },
	{ "NUL in a line is noise", "", "a{00}c\rok\r", "D:noise S:ok", "NUL" },
	{ "NULs alone then timeout", "timeout_ms=100", "{00}{00}{+200}ok\r",
	  "D:noise S:ok", NULL },
	{ "NUL on an empty line", "", "{00}\rabc\r", "D:noise S:abc", NULL },
	{ "high bytes are kept", "", "{c3}{a9}t{e9}\r", "S:{c3}{a9}t{e9}", 0 },
	{ "ISO 15434 control bytes are kept", "",
	  "[)>{1e}06{1d}1P{1e}{04}\r", "S:[)>{1e}06{1d}1P{1e}{04}", 0 },
	{ "drop message escapes control bytes", "suffix=X", "a{1d}b\r",
	  "D:suffix", "a\\x1db" },
};

struct frame_run {
	char got[1024];
	char last_msg[512];
	size_t o;
};

static void note_event(struct frame_run *r, const struct mes_scan_event *ev)
{
	size_t i;

	if (ev->kind == MES_SCAN_NONE)
		return;
	if (r->o && r->o < sizeof r->got - 1)
		r->got[r->o++] = ' ';
	if (ev->kind == MES_SCAN_DROP) {
		r->o += (size_t)snprintf(r->got + r->o, sizeof r->got - r->o,
		                         "D:%s", mes_scan_drop_name(ev->drop));
		snprintf(r->last_msg, sizeof r->last_msg, "%s", ev->msg);
		return;
	}
	r->o += (size_t)snprintf(r->got + r->o, sizeof r->got - r->o, "S:");
	for (i = 0; i < ev->len && r->o + 5 < sizeof r->got; i++) {
		unsigned char b = (unsigned char)ev->data[i];

		if (b > 0x20 && b < 0x7f && b != '{' && b != '}')
			r->got[r->o++] = (char)b;
		else
			r->o += (size_t)snprintf(r->got + r->o,
			                         sizeof r->got - r->o,
			                         "{%02x}", b);
	}
	r->got[r->o] = 0;
}

static void feed_all(struct mes_scan_frame *f, const char *buf, size_t n,
                     long long now, struct frame_run *r)
{
	struct mes_scan_event ev;
	size_t off = 0, used;

	do {
		used = mes_scan_frame_feed(f, buf + off, n - off, now, &ev);
		off += used;
		note_event(r, &ev);
		if (!used && ev.kind == MES_SCAN_NONE)
			break;
	} while (off < n);
}

/* Builds settings from "k=v k=v"; "{XX}" in a value is that byte. */
static int apply_cfg(struct mes_scanner_cfg *c, const char *spec, char *err,
                     size_t n)
{
	char buf[256], *save = NULL, *tok;
	int rc;

	snprintf(buf, sizeof buf, "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '='), val[64];

		if (!eq)
			return MES_ERR_ARG;
		*eq = 0;
		if (eq[1] == '{' && strlen(eq + 1) == 4) {
			val[0] = (char)strtol(eq + 2, NULL, 16);
			val[1] = 0;
		} else {
			snprintf(val, sizeof val, "%s", eq + 1);
		}
		rc = mes_scanner_cfg_set(c, tok, val, err, n);
		if (rc != MES_OK)
			return rc;
	}
	return MES_OK;
}

static void run_frame_case(const struct frame_case *fc)
{
	struct mes_scanner_cfg cfg;
	struct mes_scan_frame *f = NULL;
	struct mes_scan_event ev;
	struct frame_run r;
	char err[256], chunk[512];
	const char *p = fc->input;
	long long now = 1000;
	size_t n = 0;

	memset(&r, 0, sizeof r);
	mes_scanner_cfg_default(&cfg);
	T_CHECK_RC(apply_cfg(&cfg, fc->cfg, err, sizeof err), MES_OK);
	T_CHECK_RC(mes_scan_frame_new(&f, &cfg.frame, err, sizeof err),
	           MES_OK);
	if (!f)
		return;
	for (;;) {
		if (*p == '{' && (p[1] == '+' || p[1] == '~')) {
			feed_all(f, chunk, n, now, &r);
			n = 0;
			now += strtol(p + 2, NULL, 10);
			if (p[1] == '+') {
				mes_scan_frame_tick(f, now, &ev);
				note_event(&r, &ev);
			}
			p = strchr(p, '}') + 1;
		} else if (*p == '{') {
			chunk[n++] = (char)strtol(p + 1, NULL, 16);
			p += 4;
		} else if (*p == '|' || *p == 0) {
			feed_all(f, chunk, n, now, &r);
			n = 0;
			if (!*p++)
				break;
		} else {
			chunk[n++] = *p++;
		}
	}
	T_CHECK_STR(r.got, fc->want);
	if (fc->msg_has)
		T_CHECK_HAS(r.last_msg, fc->msg_has);
	mes_scan_frame_free(f);
}

static void test_frame_table(void)
{
	size_t i;

	for (i = 0; i < sizeof frame_cases / sizeof frame_cases[0]; i++) {
		T_CASE(case_name("frame: ", frame_cases[i].name, ""));
		run_frame_case(&frame_cases[i]);
	}
}

static void test_frame_api(void)
{
	struct mes_scan_frame_cfg c;
	struct mes_scan_frame *f = NULL;
	struct mes_scan_event ev;
	char err[200];

	T_CASE("frame: bad arguments and settings");
	mes_scan_frame_cfg_default(&c);
	T_CHECK_RC(mes_scan_frame_new(NULL, &c, err, sizeof err), MES_ERR_ARG);
	T_CHECK_RC(mes_scan_frame_new(&f, NULL, err, sizeof err), MES_ERR_ARG);
	c.max_len = 0;
	T_CHECK_RC(mes_scan_frame_new(&f, &c, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK(f == NULL);
	T_CHECK_HAS(err, "max_length");
	mes_scan_frame_cfg_default(&c);
	memcpy(c.suffix, "\r", 1);
	c.suffix_len = 1;
	T_CHECK_RC(mes_scan_frame_new(&f, &c, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "suffix");
	T_CHECK(mes_scan_frame_feed(NULL, "a", 1, 0, &ev) == 0);
	T_CHECK(ev.kind == MES_SCAN_NONE);

	T_CASE("frame: reset drops a partial line, pending_ms counts down");
	mes_scan_frame_cfg_default(&c);
	c.timeout_ms = 200;
	T_CHECK_RC(mes_scan_frame_new(&f, &c, err, sizeof err), MES_OK);
	if (!f)
		return;
	T_CHECK(mes_scan_frame_pending_ms(f, 0) == -1);
	T_CHECK(mes_scan_frame_feed(f, "half", 4, 1000, &ev) == 4);
	T_CHECK(ev.kind == MES_SCAN_NONE);
	T_CHECK(mes_scan_frame_pending_ms(f, 1050) == 150);
	T_CHECK(mes_scan_frame_pending_ms(f, 1300) == 0);
	mes_scan_frame_reset(f, "port lost", &ev);
	T_CHECK(ev.kind == MES_SCAN_DROP && ev.drop == MES_SCAN_DROP_RESET);
	T_CHECK_HAS(ev.msg, "port lost");
	T_CHECK(ev.len == 4 && memcmp(ev.data, "half", 4) == 0);
	mes_scan_frame_reset(f, "again", &ev);
	T_CHECK(ev.kind == MES_SCAN_NONE);
	T_CHECK(mes_scan_frame_pending_ms(f, 1300) == -1);
	mes_scan_frame_free(f);
}

/* ---- settings from text ------------------------------------------------- */

struct set_case {
	const char *key, *value;
	int rc;
	const char *has;     /* in the error for a failure */
};

static const struct set_case set_cases[] = {
	{ "port", "/dev/serial/by-id/usb-Scanner-if00", MES_OK, NULL },
	{ "port", "", MES_ERR_CONFIG, "port: empty" },
	{ "baud", "115200", MES_OK, NULL },
	{ "baud", "9601", MES_ERR_CONFIG, "baud: 9601 is not a standard" },
	{ "baud", "0x2580", MES_ERR_CONFIG, "not a whole number" },
	{ "baud", "-9600", MES_ERR_CONFIG, "not a whole number" },
	{ "baud", "", MES_ERR_CONFIG, "baud" },
	{ "data_bits", "7", MES_OK, NULL },
	{ "data_bits", "9", MES_ERR_CONFIG, "data_bits: 9 is not within 5..8" },
	{ "parity", "even", MES_OK, NULL },
	{ "parity", "ODD", MES_OK, NULL },
	{ "parity", "evn", MES_ERR_CONFIG, "one of none, even, odd" },
	{ "stop_bits", "2", MES_OK, NULL },
	{ "stop_bits", "1.5", MES_ERR_CONFIG, "stop_bits" },
	{ "flow", "rtscts", MES_OK, NULL },
	{ "flow", "xonxoff", MES_OK, NULL },
	{ "flow", "hardware", MES_ERR_CONFIG, "none, xonxoff, rtscts" },
	{ "terminator", "CRLF", MES_OK, NULL },
	{ "terminator", "\\r", MES_ERR_CONFIG, "cr, lf, crlf" },
	{ "backend", "termios", MES_OK, NULL },
	{ "backend", "serial", MES_ERR_CONFIG, "auto, libserialport, termios" },
	{ "gs_substitute", "0x1d", MES_OK, NULL },
	{ "gs_substitute", "^]", MES_OK, NULL },
	{ "gs_substitute", "\\x7e", MES_OK, NULL },
	{ "gs_substitute", "|", MES_OK, NULL },
	{ "gs_substitute", "none", MES_OK, NULL },
	{ "gs_substitute", "29", MES_ERR_CONFIG, "not one byte" },
	{ "gs_substitute", "0x1d1", MES_ERR_CONFIG, "not one byte" },
	{ "gs_substitute", "~~", MES_ERR_CONFIG, "not one byte" },
	{ "gs_substitute", "^M", MES_ERR_CONFIG, "CR and LF" },
	{ "gs_substitute", "0x00", MES_ERR_CONFIG, "gs_substitute" },
	{ "prefix", "]C1", MES_OK, NULL },
	{ "prefix", "\\q", MES_ERR_CONFIG, "prefix: bad escape" },
	{ "prefix", "\\x0", MES_ERR_CONFIG, "bad escape" },
	{ "prefix", "\\x00", MES_ERR_CONFIG, "NUL" },
	{ "suffix", "0123456789abcdefX", MES_ERR_CONFIG, "longer than 16" },
	{ "timeout_ms", "150", MES_OK, NULL },
	{ "timeout_ms", "60001", MES_ERR_CONFIG, "timeout_ms: 60001" },
	{ "max_length", "0", MES_ERR_CONFIG, "max_length" },
	{ "max_length", "4097", MES_ERR_CONFIG, "1..4096" },
	{ "retry_min_ms", "5", MES_ERR_CONFIG, "retry_min_ms" },
	{ "speed", "9600", MES_ERR_NOTFOUND, "unknown scanner setting" },
};

static void test_cfg_table(void)
{
	struct mes_scanner_cfg c, before;
	char err[256], what[120];
	size_t i;

	for (i = 0; i < sizeof set_cases / sizeof set_cases[0]; i++) {
		const struct set_case *sc = &set_cases[i];

		snprintf(what, sizeof what, "%s = \"%s\"", sc->key, sc->value);
		T_CASE(case_name("settings: ", what, sc->rc == MES_OK ?
		                 " accepted" : " refused"));
		mes_scanner_cfg_default(&c);
		before = c;
		T_CHECK_RC(mes_scanner_cfg_set(&c, sc->key, sc->value, err,
		                               sizeof err), sc->rc);
		if (sc->has)
			T_CHECK_HAS(err, sc->has);
		if (sc->rc != MES_OK)
			T_CHECK(memcmp(&c, &before, sizeof c) == 0);
	}
}

static void test_cfg_values(void)
{
	struct mes_scanner_cfg c;
	char err[256], line[400];
	const char *const *k;
	int nkeys = 0;

	T_CASE("settings: parsed values land in the struct");
	mes_scanner_cfg_default(&c);
	T_CHECK_RC(set(&c, "gs_substitute", "^]"), MES_OK);
	T_CHECK(c.frame.gs_sub == 0x1d);
	T_CHECK_RC(set(&c, "gs_substitute", "~"), MES_OK);
	T_CHECK(c.frame.gs_sub == '~');
	T_CHECK_RC(set(&c, "prefix", "\\x02X^C"), MES_OK);
	T_CHECK(c.frame.prefix_len == 3 &&
	        memcmp(c.frame.prefix, "\002X\003", 3) == 0);
	T_CHECK_RC(set(&c, "parity", "Even"), MES_OK);
	T_CHECK(c.serial.parity == MES_SERIAL_PARITY_EVEN);
	T_CHECK_RC(set(&c, "terminator", "crlf"), MES_OK);
	T_CHECK(c.frame.term == MES_SCAN_TERM_CRLF);
	T_CHECK_RC(set(&c, "prefix", "none"), MES_OK);
	T_CHECK(c.frame.prefix_len == 0);
	T_CHECK_RC(mes_scanner_cfg_set(NULL, "port", "x", err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_scanner_cfg_set(&c, NULL, "x", err, sizeof err),
	           MES_ERR_ARG);
	for (k = mes_scanner_cfg_keys(); *k; k++)
		nkeys++;
	T_CHECK(nkeys == 15);

	T_CASE("settings: whole-set check and description");
	mes_scanner_cfg_default(&c);
	T_CHECK_RC(mes_scanner_cfg_check(&c, err, sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "port: not set");
	T_CHECK_RC(set(&c, "port", "/dev/ttyUSB0"), MES_OK);
	T_CHECK_RC(mes_scanner_cfg_check(&c, err, sizeof err), MES_OK);
	c.retry_max_ms = 100;
	T_CHECK_RC(mes_scanner_cfg_check(&c, err, sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "retry_max_ms");
	c.retry_max_ms = 5000;
	c.serial.baud = 12345;
	T_CHECK_RC(mes_scanner_cfg_check(&c, err, sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "baud: 12345");
	c.serial.baud = 9600;
	T_CHECK_RC(set(&c, "gs_substitute", "0x1D"), MES_OK);
	T_CHECK_RC(set(&c, "prefix", "]C1"), MES_OK);
	mes_scanner_cfg_describe(&c, line, sizeof line);
	T_CHECK_HAS(line, "/dev/ttyUSB0 9600 8N1 flow none");
	T_CHECK_HAS(line, "terminator cr");
	T_CHECK_HAS(line, "prefix \"]C1\"");
	T_CHECK_HAS(line, "gs ^]");
}

static void test_open_bad(void)
{
	struct mes_scanner_cfg c;
	struct mes_scanner *sc = NULL;
	struct mes_scan_event ev;

	T_CASE("scanner: invalid settings are refused at open");
	mes_scanner_cfg_default(&c);
	T_CHECK_RC(mes_scanner_open(&sc, &c), MES_ERR_CONFIG);
	T_CHECK(sc != NULL);
	T_CHECK(mes_scanner_state(sc) == MES_SCANNER_FAILED);
	T_CHECK_HAS(mes_scanner_errmsg(sc), "port");
	T_CHECK_RC(mes_scanner_read(sc, &ev), MES_ERR_CONFIG);
	T_CHECK(mes_scanner_fd(sc) == -1);
	mes_scanner_close(sc);
	T_CHECK_RC(mes_scanner_open(NULL, &c), MES_ERR_ARG);
	T_CHECK_RC(mes_scanner_read(NULL, &ev), MES_ERR_ARG);
	T_CHECK_RC(mes_scanner_reopen(NULL), MES_ERR_ARG);
}

int main(void)
{
	test_frame_table();
	test_frame_api();
	test_cfg_table();
	test_cfg_values();
	test_open_bad();
	return t_report("test_scanner");
}
