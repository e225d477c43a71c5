/*
 * The pure parts of polling: words to values, counter deltas, the
 * reconnect schedule and quality text.  No I/O, no clock except
 * mes_mb_now_ms(), so the tests drive them with made-up words and times.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mb.h"
#include "mb_int.h"

static uint16_t swap16(uint16_t w)
{
	return (uint16_t)((w << 8) | (w >> 8));
}

/* The two words as the 32-bit value ABCD, whatever the wire order. */
static uint32_t join32(enum mes_mb_order o, const uint16_t *r)
{
	switch (o) {
	case MES_MB_CDAB:
		return (uint32_t)r[1] << 16 | r[0];
	case MES_MB_BADC:
		return (uint32_t)swap16(r[0]) << 16 | swap16(r[1]);
	case MES_MB_DCBA:
		return (uint32_t)swap16(r[1]) << 16 | swap16(r[0]);
	case MES_MB_ABCD:
	default:
		return (uint32_t)r[0] << 16 | r[1];
	}
}

double mes_mb_decode(const struct mes_mb_tag *t, const uint16_t *r)
{
	uint32_t u;
	float f;

	switch (t->type) {
	case MES_MB_BOOL:
		return r[0] ? 1 : 0;
	case MES_MB_U16:
		return r[0];
	case MES_MB_I16:
		return (int16_t)r[0];
	case MES_MB_U32:
		return join32(t->order, r);
	case MES_MB_I32:
		return (int32_t)join32(t->order, r);
	case MES_MB_F32:
		u = join32(t->order, r);
		memcpy(&f, &u, sizeof f);
		return f;
	}
	return 0;
}

double mes_mb_decode_unsigned(const struct mes_mb_tag *t, const uint16_t *r)
{
	if (t->type == MES_MB_I16)
		return r[0];
	if (t->type == MES_MB_I32)
		return join32(t->order, r);
	return mes_mb_decode(t, r);
}

double mes_mb_scale(const struct mes_mb_tag *t, double raw)
{
	return raw * t->scale + t->offset;
}

double mes_mb_counter_delta(double prev, double cur, double modulus)
{
	double wrapped;

	if (!isfinite(prev) || !isfinite(cur))
		return 0;
	if (cur >= prev)
		return cur - prev;
	if (modulus > 0 && prev < modulus && cur >= 0) {
		wrapped = modulus - prev + cur;
		if (wrapped <= modulus / 4)
			return wrapped;
	}
	/* A restart: the PLC counted cur since it came back. */
	return cur > 0 ? cur : 0;
}

/* ---- back-off ----------------------------------------------------------- */

void mes_mb_backoff_init(struct mes_mb_backoff *b, int min_ms, int max_ms)
{
	memset(b, 0, sizeof *b);
	b->min_ms = min_ms > 0 ? min_ms : 1;
	b->max_ms = max_ms > b->min_ms ? max_ms : b->min_ms;
}

int mes_mb_backoff_delay(int min_ms, int max_ms, int n)
{
	long long d = min_ms > 0 ? min_ms : 1;

	while (--n > 0 && d < max_ms)
		d *= 2;
	return d > max_ms ? max_ms : (int)d;
}

int mes_mb_backoff_ready(const struct mes_mb_backoff *b, long long now_ms)
{
	return b->failures == 0 || now_ms >= b->next_ms;
}

int mes_mb_backoff_fail(struct mes_mb_backoff *b, long long now_ms)
{
	int d;

	if (b->failures < 1000)
		b->failures++;
	d = mes_mb_backoff_delay(b->min_ms, b->max_ms, b->failures);
	b->next_ms = now_ms + d;
	return d;
}

void mes_mb_backoff_ok(struct mes_mb_backoff *b)
{
	b->failures = 0;
	b->next_ms = 0;
}

/* ---- quality text ------------------------------------------------------- */

static const char *exception_text(int code)
{
	static const char *const text[] = {
		NULL, "illegal function", "illegal data address",
		"illegal data value", "server device failure", "acknowledge",
		"server device busy", "negative acknowledge",
		"memory parity error", NULL, "gateway path unavailable",
		"gateway target failed to respond",
	};

	if (code > 0 && code < (int)(sizeof text / sizeof text[0]) &&
	    text[code])
		return text[code];
	return "unknown exception";
}

static void append(char *buf, size_t n, const char *word)
{
	size_t len = strlen(buf);

	if (len + 1 >= n)
		return;
	snprintf(buf + len, n - len, "%s%s", len ? " " : "", word);
}

void mes_mb_quality_str(const struct mes_mb_sample *s, char *buf, size_t n)
{
	char exc[64];

	if (!buf || !n)
		return;
	buf[0] = '\0';
	if (!s)
		return;
	if (!s->quality) {
		snprintf(buf, n, "good");
		return;
	}
	if (s->quality & MES_MB_Q_NEW)
		append(buf, n, "not-read");
	if (s->quality & MES_MB_Q_OFFLINE)
		append(buf, n, "offline");
	if (s->quality & MES_MB_Q_BADREPLY)
		append(buf, n, "bad-reply");
	if (s->quality & MES_MB_Q_EXCEPTION) {
		snprintf(exc, sizeof exc, "exception %02d (%s)", s->exception,
		         exception_text(s->exception));
		append(buf, n, exc);
	}
	if (s->quality & MES_MB_Q_RANGE)
		append(buf, n, "range");
	if (s->quality & MES_MB_Q_STALE)
		append(buf, n, "stale");
}

const char *mes_mb_link_name(enum mes_mb_link l)
{
	switch (l) {
	case MES_MB_LINK_ONLINE:
		return "online";
	case MES_MB_LINK_OFFLINE:
		return "offline";
	case MES_MB_LINK_NEW:
	default:
		return "not polled";
	}
}

long long
mes_mb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
