/* The JSON object builder: audit values and --json listings share it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void mes_json_init(struct mes_json *b)
{
	memset(b, 0, sizeof *b);
}

void mes_json_free(struct mes_json *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* One byte spare after the NUL: the closing brace always fits. */
static void json_raw(struct mes_json *b, const char *s, size_t n)
{
	if (!b->err && buf_put(&b->p, &b->len, &b->cap, s, n, 1) != MES_OK)
		b->err = 1;
}

static void json_quoted(struct mes_json *b, const char *s)
{
	char esc[8];

	json_raw(b, "\"", 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			json_raw(b, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			json_raw(b, esc, 6);
		} else {
			json_raw(b, (const char *)&c, 1);
		}
	}
	json_raw(b, "\"", 1);
}

static void json_key(struct mes_json *b, const char *key)
{
	json_raw(b, b->len ? "," : "{", 1);
	json_quoted(b, key);
	json_raw(b, ":", 1);
}

void mes_json_str(struct mes_json *b, const char *key, const char *val)
{
	json_key(b, key);
	json_quoted(b, val);
}

void mes_json_int(struct mes_json *b, const char *key, long long val)
{
	char n[32];

	json_key(b, key);
	snprintf(n, sizeof n, "%lld", val);
	json_raw(b, n, strlen(n));
}

void mes_json_num(struct mes_json *b, const char *key, double val)
{
	char n[64];

	json_key(b, key);
	snprintf(n, sizeof n, "%.17g", val);
	json_raw(b, n, strlen(n));
}

const char *mes_json_done(struct mes_json *b)
{
	if (!b->len)
		json_raw(b, "{", 1);
	json_raw(b, "}", 1);
	return b->err ? NULL : b->p;
}
