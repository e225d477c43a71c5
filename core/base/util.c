/* Small helpers every core module uses: strings, time, hashing, JSON. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "internal.h"

void str_copy(char *dst, size_t n, const char *src)
{
	if (!n)
		return;
	snprintf(dst, n, "%s", src ? src : "");
}

const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

void mes_now_iso(char out[32])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);

	snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
}

void iso_of_time(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

void mes_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}


/*
 * Text from files, scans and the database goes into messages and onto
 * terminals: a control byte (C0, DEL, or a C1 control in UTF-8) could
 * move the cursor or switch character sets, so each becomes '?'.  A cut
 * text ends in "...".
 */
const char *mes_text_safe(char *dst, size_t n, const char *src)
{
	const unsigned char *p = (const unsigned char *)(src ? src : "");
	size_t i = 0;

	if (!n)
		return dst;
	for (; *p && i + 1 < n; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			dst[i++] = '?';
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			dst[i++] = '?';
			p++;
		} else {
			dst[i++] = (char)*p;
		}
	}
	dst[i] = 0;
	if (*p && n > 4)
		memcpy(dst + n - 4, "...", 4);
	return dst;
}

void utc_day(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void utc_today(char out[11])
{
	utc_day(0, out);
}

void msg_set(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!buf || !n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

int buf_put(char **p, size_t *len, size_t *cap, const char *s, size_t n,
            size_t spare)
{
	if (*len + n + 1 + spare > *cap) {
		size_t c = (*cap ? *cap * 2 : 128) + n + spare;
		char *q = realloc(*p, c);

		if (!q)
			return MES_ERR_NOMEM;
		*p = q;
		*cap = c;
	}
	memcpy(*p + *len, s, n);
	*len += n;
	(*p)[*len] = 0;
	return MES_OK;
}

char *str_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}
