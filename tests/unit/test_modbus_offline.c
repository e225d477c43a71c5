/*
 * drivers/modbus without a network: tag maps from real files, request
 * plans, decoding, counter deltas, the back-off schedule, the API's edges
 * and the simulator's model. Real Modbus TCP against mes-plcsim is in
 * test_modbus.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"
#include "mbfix.h"
#include "plcsim/sim.h"

/* ---- helpers ------------------------------------------------------------ */

#define HEAD "[plc line1]\nhost = 127.0.0.1\n"

static int bad_map(const char *body, const char *needle1, const char *needle2)
{
	char text[2048];
	struct mes_mb_cfg *cfg;
	int rc;

	snprintf(text, sizeof text, HEAD "%s", body);
	rc = load_text(text, "plc line1", &cfg);
	mes_mb_cfg_free(cfg);
	T_CHECK_HAS(err, "t.ini: [plc line1]");
	if (needle1)
		T_CHECK_HAS(err, needle1);
	if (needle2)
		T_CHECK_HAS(err, needle2);
	return rc;
}

static struct mes_mb_tag tag(const char *text)
{
	struct mes_mb_tag t;

	if (mes_mb_tag_parse("x", text, &t, err, sizeof err) != MES_OK)
		fprintf(stderr, "  tag \"%s\": %s\n", text, err);
	return t;
}

/* ---- tag maps ----------------------------------------------------------- */

static void test_tag_parse(void)
{
	struct mes_mb_tag t;

	T_CASE("tag: register with every option");
	T_CHECK_RC(mes_mb_tag_parse("temp", "hr:100 i32 scale=0.01 "
	           "offset=-40 order=cdab min=-20 max=150 role=signal "
	           "stale=5000", &t, err, sizeof err), MES_OK);
	T_CHECK(t.kind == MES_MB_HOLDING && t.addr == 100 && t.len == 2);
	T_CHECK(t.type == MES_MB_I32 && t.order == MES_MB_CDAB);
	T_CHECK(t.scale == 0.01 && t.offset == -40 && t.min == -20 &&
	        t.max == 150 && t.stale_ms == 5000);
	T_CHECK_STR(t.name, "temp");

	T_CASE("tag: defaults");
	t = tag("ir:7");
	T_CHECK(t.kind == MES_MB_INPUT && t.type == MES_MB_U16 && t.len == 1);
	T_CHECK(t.scale == 1 && t.offset == 0 && isinf(t.max) &&
	        t.role == MES_MB_ROLE_SIGNAL);
	t = tag("di:3");
	T_CHECK(t.kind == MES_MB_DISCRETE && t.type == MES_MB_BOOL);
	t = tag("coil:65535 bool");
	T_CHECK(t.kind == MES_MB_COIL && t.addr == 65535);
	t = tag("holding:1 float32 role=energy");
	T_CHECK(t.type == MES_MB_F32 && t.role == MES_MB_ROLE_ENERGY);

	T_CASE("tag: bad definitions say why");
	T_CHECK_RC(mes_mb_tag_parse("x", "hx:1 u16", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "unknown kind \"hx\"");
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:65536", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "out of range");
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:0x10", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 flaot", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "unknown type \"flaot\"");
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:65535 u32", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "past address 65535");
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 bool", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "coil:1 u16", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 order=cdab", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "32-bit");
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 scale=0", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 scale=abc", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 scale=nan", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 min=5 max=1", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "min is above max");
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 colour=red", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "unknown option \"colour\"");
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 role=goood", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 float32 role=good", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "hr:1 u16 scale=2 scale=3", &t, err,
	           sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "twice");
	T_CHECK_RC(mes_mb_tag_parse("bad name", "hr:1", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse("x", "", &t, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_RC(mes_mb_tag_parse(NULL, "hr:1", &t, err, sizeof err),
	           MES_ERR_ARG);
}

static void test_section_good(void)
{
	struct mes_mb_cfg *cfg;

	T_CASE("map: a full TCP section");
	T_CHECK_RC(load_text(HEAD "port = 1502\nunit = 17\npoll_ms = 250\n"
	           "timeout_ms = 300\ngap = 4\n"
	           "tag.state = hr:0 u16 role=state\n"
	           "tag.fault = hr:1 role=fault\n"
	           "tag.good = hr:2 u32 role=good\n"
	           "tag.beat = hr:11 role=heartbeat\n"
	           "state.1 = running\nstate.3 = down Breakdown, see fault\n"
	           "fault.101 = Jam at infeed\n", "plc line1", &cfg), MES_OK);
	T_CHECK(cfg != NULL);
	if (!cfg)
		return;
	T_CHECK_STR(cfg->name, "line1");
	T_CHECK(cfg->proto == MES_MB_TCP && cfg->port == 1502 &&
	        cfg->unit == 17 && cfg->poll_ms == 250 && cfg->gap == 4);
	T_CHECK(cfg->ntags == 4 && cfg->nstates == 2 && cfg->nfaults == 1);
	T_CHECK_STR(cfg->tags[0].name, "state");
	T_CHECK(cfg->states[1].code == 3 &&
	        cfg->states[1].state == MES_MB_STATE_DOWN);
	T_CHECK_STR(cfg->states[1].text, "Breakdown, see fault");
	T_CHECK_STR(cfg->faults[0].text, "Jam at infeed");
	/* The heartbeat's default: five polls, at least three seconds. */
	T_CHECK(cfg->tags[3].stale_ms == 3000);
	mes_mb_cfg_free(cfg);

	T_CASE("map: an RTU section, plc.NAME spelling");
	T_CHECK_RC(load_text("[plc.press2]\nprotocol = rtu\n"
	           "device = /dev/ttyUSB0\nbaud = 9600\nparity = none\n"
	           "stop_bits = 2\nunit = 3\ntag.count = ir:10 u32 role=good\n",
	           "plc.press2", &cfg), MES_OK);
	if (cfg) {
		T_CHECK(cfg->proto == MES_MB_RTU && cfg->parity == 'N' &&
		        cfg->baud == 9600 && cfg->stop_bits == 2);
		T_CHECK_STR(cfg->name, "press2");
	}
	mes_mb_cfg_free(cfg);
}

static void test_section_bad(void)
{
	struct mes_mb_cfg *cfg;

	T_CASE("map: errors name file, section and key");
	T_CHECK_RC(bad_map("tag.a = hr:1\nspeling = 3\n", "speling",
	                   "unknown key"), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1 u32\ntag.b = hr:2 u16\n",
	                   "tag.b = \"hr:2 u16\"", "overlaps tag.a"),
	           MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1 float32 max=1 mx=2\n", "tag.a",
	                   "unknown option"), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:70000\n", "tag.a", "out of range"),
	           MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1 int\n", "tag.a", "unknown type"),
	           MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1 role=good\ntag.b = hr:2 role=good\n",
	                   "tag.b", "already tag.a"), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("port = 0x1f6\ntag.a = hr:1\n", "port", NULL),
	           MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("unit = 300\ntag.a = hr:1\n", "unit", NULL),
	           MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("protocol = udp\ntag.a = hr:1\n", "protocol",
	                   NULL), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1\nstate.one = running\n", "state.one",
	                   NULL), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1\nstate.1 = sleeping\n", "state.1",
	                   "running, idle, down or setup"), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1\nfault.7 =\n", "fault.7", NULL),
	           MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("retry_min_ms = 900\nretry_max_ms = 100\n"
	                   "tag.a = hr:1\n", "retry_min_ms", NULL),
	           MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("", "no tag", NULL), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("max_regs = 1\ntag.a = hr:1 u32\n", "max_regs",
	                   "2 registers"), MES_ERR_CONFIG);
	T_CHECK_RC(bad_map("tag.a = hr:1\nstate.1 = running\n", "state.1",
	                   "no tag has role=state"), MES_ERR_CONFIG);

	T_CASE("map: tcp needs a host, rtu a device");
	T_CHECK_RC(load_text("[plc a]\ntag.x = hr:1\n", "plc a", &cfg),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "[plc a] host");
	T_CHECK_RC(load_text("[plc a]\nprotocol = rtu\ntag.x = hr:1\n",
	                     "plc a", &cfg), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "[plc a] device");
	T_CHECK_RC(load_text(HEAD "tag.x = hr:1\n", "plc nosuch", &cfg),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_mb_plc_load(NULL, "plc a", &cfg, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK(mes_mb_is_plc_section("plc line1", NULL));
	T_CHECK(!mes_mb_is_plc_section("plcx", NULL));
	T_CHECK(!mes_mb_is_plc_section("plc ", NULL));
}

/* ---- request plans ------------------------------------------------------ */

static struct mes_mb_tag mk(enum mes_mb_kind k, unsigned addr, unsigned len)
{
	struct mes_mb_tag t;

	memset(&t, 0, sizeof t);
	t.kind = k;
	t.addr = addr;
	t.len = len;
	return t;
}

/* The fewest requests, by dynamic programming over the sorted tags. */
static size_t optimum(const struct mes_mb_tag *v, size_t n, int gap,
                      unsigned lim)
{
	size_t best[64], i, j;

	best[0] = 0;
	for (j = 1; j <= n; j++) {
		best[j] = (size_t)-1;
		for (i = j; i-- > 0;) {
			size_t k;
			int ok = 1;

			for (k = i + 1; k < j && ok; k++)
				ok = v[k].kind == v[i].kind &&
				     v[k].addr <= v[k - 1].addr + v[k - 1].len +
				     (unsigned)gap;
			if (!ok ||
			    v[j - 1].addr + v[j - 1].len - v[i].addr > lim)
				break;
			if (best[i] + 1 < best[j])
				best[j] = best[i] + 1;
		}
	}
	return best[n];
}

static void test_plan(void)
{
	struct mes_mb_tag v[300];
	struct mes_mb_plan p;
	unsigned seed = 7;
	size_t i, n, total;
	int round, bad = 0;

	T_CASE("plan: contiguous tags of a kind are one request");
	v[0] = mk(MES_MB_HOLDING, 10, 1);
	v[1] = mk(MES_MB_HOLDING, 11, 2);
	v[2] = mk(MES_MB_HOLDING, 13, 1);
	v[3] = mk(MES_MB_INPUT, 14, 1);
	v[4] = mk(MES_MB_COIL, 0, 1);
	v[5] = mk(MES_MB_COIL, 1, 1);
	T_CHECK_RC(mes_mb_plan_build(v, 6, 0, 125, 2000, &p), MES_OK);
	T_CHECK(p.nreqs == 3);
	T_CHECK(p.reqs[0].kind == MES_MB_COIL && p.reqs[0].count == 2);
	T_CHECK(p.reqs[1].kind == MES_MB_INPUT && p.reqs[1].addr == 14);
	T_CHECK(p.reqs[2].kind == MES_MB_HOLDING && p.reqs[2].addr == 10 &&
	        p.reqs[2].count == 4 && p.reqs[2].ntags == 3);
	mes_mb_plan_free(&p);

	T_CASE("plan: a gap splits unless bridging is allowed");
	v[0] = mk(MES_MB_HOLDING, 0, 1);
	v[1] = mk(MES_MB_HOLDING, 5, 1);
	T_CHECK_RC(mes_mb_plan_build(v, 2, 0, 125, 2000, &p), MES_OK);
	T_CHECK(p.nreqs == 2);
	mes_mb_plan_free(&p);
	T_CHECK_RC(mes_mb_plan_build(v, 2, 4, 125, 2000, &p), MES_OK);
	T_CHECK(p.nreqs == 1 && p.reqs[0].count == 6);
	mes_mb_plan_free(&p);
	T_CHECK_RC(mes_mb_plan_build(v, 2, 3, 125, 2000, &p), MES_OK);
	T_CHECK(p.nreqs == 2);
	mes_mb_plan_free(&p);

	T_CASE("plan: 125 registers and 2000 bits per request");
	for (i = 0; i < 130; i++)
		v[i] = mk(MES_MB_INPUT, (unsigned)i, 1);
	T_CHECK_RC(mes_mb_plan_build(v, 130, 0, 125, 2000, &p), MES_OK);
	T_CHECK(p.nreqs == 2 && p.reqs[0].count == 125 && p.reqs[1].count == 5);
	mes_mb_plan_free(&p);
	/* 63 u32: 126 registers; a u32 is never split across requests. */
	for (i = 0; i < 63; i++)
		v[i] = mk(MES_MB_HOLDING, (unsigned)(2 * i), 2);
	T_CHECK_RC(mes_mb_plan_build(v, 63, 0, 125, 2000, &p), MES_OK);
	T_CHECK(p.nreqs == 2 && p.reqs[0].count == 124 &&
	        p.reqs[1].addr == 124 && p.reqs[1].count == 2);
	mes_mb_plan_free(&p);
	v[0] = mk(MES_MB_DISCRETE, 0, 1);
	v[1] = mk(MES_MB_DISCRETE, 1999, 1);
	v[2] = mk(MES_MB_DISCRETE, 2000, 1);
	T_CHECK_RC(mes_mb_plan_build(v, 3, 2000, 125, 2000, &p), MES_OK);
	T_CHECK(p.nreqs == 2 && p.reqs[0].count == 2000);
	mes_mb_plan_free(&p);
	T_CHECK_RC(mes_mb_plan_build(v, 3, 0, 0, 2000, &p), MES_ERR_ARG);

	T_CASE("plan: never more requests than the optimum (random maps)");
	for (round = 0; round < 300; round++) {
		unsigned a = 0;
		int gap = round % 4;

		n = 1 + (size_t)(rand_r(&seed) % 40);
		for (i = 0; i < n; i++) {
			a += (unsigned)(rand_r(&seed) % 6);
			v[i] = mk(MES_MB_HOLDING, a,
			          1 + (unsigned)(rand_r(&seed) % 2));
			a += v[i].len;
		}
		if (mes_mb_plan_build(v, n, gap, 10, 2000, &p) != MES_OK) {
			bad++;
			continue;
		}
		for (total = 0, i = 0; i < p.nreqs; i++)
			total += p.reqs[i].ntags;
		if (p.nreqs != optimum(v, n, gap, 10) || total != n)
			bad++;
		mes_mb_plan_free(&p);
	}
	T_CHECK(bad == 0);
}

/* ---- decoding ----------------------------------------------------------- */

static void test_decode(void)
{
	static const uint16_t abcd[] = { 0x1234, 0x5678 };
	static const uint16_t cdab[] = { 0x5678, 0x1234 };
	static const uint16_t badc[] = { 0x3412, 0x7856 };
	static const uint16_t dcba[] = { 0x7856, 0x3412 };
	uint16_t w[2];
	struct mes_mb_tag t;

	T_CASE("decode: the four word orders of a u32");
	t = tag("hr:0 u32");
	T_CHECK(mes_mb_decode(&t, abcd) == 0x12345678);
	t = tag("hr:0 u32 order=cdab");
	T_CHECK(mes_mb_decode(&t, cdab) == 0x12345678);
	t = tag("hr:0 u32 order=badc");
	T_CHECK(mes_mb_decode(&t, badc) == 0x12345678);
	t = tag("hr:0 u32 order=dcba");
	T_CHECK(mes_mb_decode(&t, dcba) == 0x12345678);

	T_CASE("decode: signed, float32, scale and offset");
	t = tag("hr:0 i16");
	w[0] = 0xffff;
	T_CHECK(mes_mb_decode(&t, w) == -1);
	w[0] = 0x8000;
	T_CHECK(mes_mb_decode(&t, w) == -32768);
	t = tag("hr:0 i32");
	w[0] = 0xffff;
	w[1] = 0xfffe;
	T_CHECK(mes_mb_decode(&t, w) == -2);
	t = tag("hr:0 u16");
	w[0] = 0xffff;
	T_CHECK(mes_mb_decode(&t, w) == 65535);
	t = tag("hr:0 float32");
	w[0] = 0x3fc0;          /* 1.5 */
	w[1] = 0x0000;
	T_CHECK(mes_mb_decode(&t, w) == 1.5);
	t = tag("hr:0 float32 order=cdab");
	w[0] = 0x0000;
	w[1] = 0xc120;          /* -10 */
	T_CHECK(mes_mb_decode(&t, w) == -10);
	t = tag("ir:0 i16 scale=0.1 offset=-40");
	w[0] = 655;
	T_CHECK(fabs(mes_mb_scale(&t, mes_mb_decode(&t, w)) - 25.5) < 1e-9);
}

static void test_delta(void)
{
	unsigned seed = 11;
	int i, neg = 0;

	T_CASE("counter delta: forward, wrap, restart");
	T_CHECK(mes_mb_counter_delta(100, 107, 65536) == 7);
	T_CHECK(mes_mb_counter_delta(5, 5, 65536) == 0);
	T_CHECK(mes_mb_counter_delta(65530, 3, 65536) == 9);
	T_CHECK(mes_mb_counter_delta(4294967290.0, 4, 4294967296.0) == 10);
	T_CHECK(mes_mb_counter_delta(999990, 10, 1000000) == 20);
	/* Far from the top: the PLC restarted and counted 5 since. */
	T_CHECK(mes_mb_counter_delta(40000, 5, 65536) == 5);
	T_CHECK(mes_mb_counter_delta(123.5, 0.25, 0) == 0.25);
	T_CHECK(mes_mb_counter_delta(10, -3, 0) == 0);
	T_CHECK(mes_mb_counter_delta(NAN, 3, 0) == 0);

	T_CASE("counter delta: never negative (random pairs)");
	for (i = 0; i < 100000; i++) {
		double a = rand_r(&seed) % 70000, b = rand_r(&seed) % 70000;

		if (mes_mb_counter_delta(a, b, 65536) < 0)
			neg++;
	}
	T_CHECK(neg == 0);
}

static void test_backoff(void)
{
	static const int want[] = { 500, 1000, 2000, 4000, 8000, 16000,
	                            30000, 30000 };
	struct mes_mb_backoff b;
	int i, ok = 1;

	T_CASE("back-off: doubling from min, capped at max");
	for (i = 0; i < 8; i++)
		ok &= mes_mb_backoff_delay(500, 30000, i + 1) == want[i];
	T_CHECK(ok);
	T_CHECK(mes_mb_backoff_delay(100, 100, 50) == 100);
	T_CHECK(mes_mb_backoff_delay(1000, 3600000, 1000) == 3600000);

	T_CASE("back-off: state with injected time");
	mes_mb_backoff_init(&b, 500, 4000);
	T_CHECK(mes_mb_backoff_ready(&b, 0));
	T_CHECK(mes_mb_backoff_fail(&b, 1000) == 500);
	T_CHECK(!mes_mb_backoff_ready(&b, 1499));
	T_CHECK(mes_mb_backoff_ready(&b, 1500));
	T_CHECK(mes_mb_backoff_fail(&b, 1500) == 1000);
	T_CHECK(mes_mb_backoff_fail(&b, 2500) == 2000);
	T_CHECK(mes_mb_backoff_fail(&b, 4500) == 4000);
	T_CHECK(mes_mb_backoff_fail(&b, 8500) == 4000);
	T_CHECK(!mes_mb_backoff_ready(&b, 12499));
	mes_mb_backoff_ok(&b);
	T_CHECK(mes_mb_backoff_ready(&b, 0) && b.failures == 0);
	T_CHECK(mes_mb_backoff_fail(&b, 0) == 500);
}

static void test_api_edges(void)
{
	struct mes_mb_sample s;
	struct mes_mb_plan p;
	struct mes_mb_plc *plc;
	char q[96];
	size_t n = 9;

	T_CASE("api: NULL handles and arguments are refused, not crashed on");
	T_CHECK_RC(mes_mb_plc_open(NULL, NULL), MES_ERR_ARG);
	T_CHECK_RC(mes_mb_plc_open(&plc, NULL), MES_ERR_ARG);
	T_CHECK_RC(mes_mb_plc_poll(NULL, 0), MES_ERR_ARG);
	T_CHECK(mes_mb_plc_samples(NULL, &n) == NULL && n == 0);
	T_CHECK(mes_mb_plc_errmsg(NULL) != NULL);
	T_CHECK(mes_mb_plc_state(NULL, NULL) == MES_MB_STATE_UNKNOWN);
	T_CHECK_RC(mes_mb_plan_build(NULL, 1, 0, 125, 2000, &p), MES_ERR_ARG);
	T_CHECK_RC(mes_mb_plan_build(NULL, 0, 0, 125, 2000, NULL), MES_ERR_ARG);
	T_CHECK_RC(mes_mb_cfg_new(NULL), MES_ERR_ARG);
	mes_mb_plc_close(NULL);
	mes_mb_cfg_free(NULL);

	T_CASE("api: quality words");
	memset(&s, 0, sizeof s);
	mes_mb_quality_str(&s, q, sizeof q);
	T_CHECK_STR(q, "good");
	s.quality = MES_MB_Q_RANGE | MES_MB_Q_STALE;
	mes_mb_quality_str(&s, q, sizeof q);
	T_CHECK_STR(q, "range stale");
	s.quality = MES_MB_Q_EXCEPTION;
	s.exception = 6;
	mes_mb_quality_str(&s, q, sizeof q);
	T_CHECK_STR(q, "exception 06 (server device busy)");
	s.exception = 0x42;
	mes_mb_quality_str(&s, q, sizeof q);
	T_CHECK_STR(q, "exception 66 (unknown exception)");
	mes_mb_quality_str(NULL, q, sizeof q);
	T_CHECK_STR(q, "");
	T_CHECK_STR(mes_mb_kind_name(MES_MB_INPUT), "ir");
	T_CHECK_STR(mes_mb_type_name(MES_MB_F32), "float32");
	T_CHECK_STR(mes_mb_role_name(MES_MB_ROLE_HEARTBEAT), "heartbeat");
	T_CHECK_STR(mes_mb_state_name(MES_MB_STATE_SETUP), "setup");
	T_CHECK_STR(mes_mb_link_name(MES_MB_LINK_OFFLINE), "offline");
}

static void test_sim_model(void)
{
	struct mes_sim_opts o;
	struct mes_sim *a, *b;
	uint16_t ra[12], rb[12];

	T_CASE("sim: same seed, same machines; holes are exception 02");
	mes_sim_opts_default(&o);
	o.machines = 2;
	o.seed = 42;
	o.fault_rate = 60;
	T_CHECK_RC(mes_sim_new(&a, &o), MES_OK);
	T_CHECK_RC(mes_sim_new(&b, &o), MES_OK);
	mes_sim_step(a, 3600);
	mes_sim_step(b, 3600);
	T_CHECK(mes_sim_read(a, MES_MB_HOLDING, 100, 12, ra) == 0);
	T_CHECK(mes_sim_read(b, MES_MB_HOLDING, 100, 12, rb) == 0);
	T_CHECK(memcmp(ra, rb, sizeof ra) == 0);
	T_CHECK(ra[0] >= 1 && ra[0] <= 4);
	T_CHECK(mes_sim_read(a, MES_MB_HOLDING, 0, 13, ra) == 2);
	T_CHECK(mes_sim_read(a, MES_MB_HOLDING, 200, 1, ra) == 2);
	T_CHECK(mes_sim_read(a, MES_MB_COIL, 0, 1, ra) == 0 && ra[0] == 1);
	mes_sim_free(a);
	mes_sim_free(b);
}

int main(void)
{
	test_tag_parse();
	test_section_good();
	test_section_bad();
	test_plan();
	test_decode();
	test_delta();
	test_backoff();
	test_api_edges();
	test_sim_model();
	return t_report("test_modbus_offline");
}
