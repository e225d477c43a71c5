/*
 * Numbers, dates and times as people type them and files carry them:
 * one strict reading for every program, so that "0x10" is not sixteen,
 * "1e309" not infinity, "99999999999999999999" not some wrapped value and
 * 2029-02-30 not the 2nd of March.  The whole string must be the value.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mes.h"

/* Digits with an optional sign: what base 10 looks like, nothing else. */
static int decimal_int(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* [sign] digits [. digits] [e [sign] digits]: no hex, inf or nan. */
static int decimal_num(const char *s)
{
	int digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (!digits)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

int mes_parse_int(const char *s, long long min, long long max,
                  long long *out, char *err, size_t n)
{
	long long v;
	char *end;

	if (!s || !out || min > max)
		return MES_ERR_ARG;
	if (!decimal_int(s)) {
		snprintf(err, n, "\"%.40s\" is not a whole number", s);
		return MES_ERR_SYNTAX;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, n, "%.40s is out of range (%lld to %lld)", s, min,
		         max);
		return MES_ERR_RANGE;
	}
	*out = v;
	return MES_OK;
}

int mes_parse_num(const char *s, double min, double max, double *out,
                  char *err, size_t n)
{
	double v;
	char *end;

	if (!s || !out || !(min <= max))
		return MES_ERR_ARG;
	if (!decimal_num(s)) {
		snprintf(err, n, "\"%.40s\" is not a number", s);
		return MES_ERR_SYNTAX;
	}
	errno = 0;
	v = strtod(s, &end);
	/* Beyond a double, or so small that it cannot be told from 0. */
	if (!isfinite(v) || (v != 0 && fabs(v) < 1e-9) || v < min || v > max) {
		snprintf(err, n, "%.40s is out of range (%g to %g)", s, min, max);
		return MES_ERR_RANGE;
	}
	*out = v;
	return MES_OK;
}

/* n digits at s, as a number; -1 when they are not all digits. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	                           31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

/* The date part of s: 1 for a real day. */
static int real_day(const char *s)
{
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	return s[4] == '-' && s[7] == '-' && y >= 1 && m >= 1 && m <= 12 &&
	       d >= 1 && d <= days_in(y, m);
}

int mes_valid_date(const char *s)
{
	return s && strlen(s) == 10 && real_day(s);
}

int mes_valid_datetime(const char *s)
{
	size_t len;
	int h, mi, sec = 0;

	if (!s || (len = strlen(s)) < 10 || !real_day(s))
		return 0;
	s += 10;
	if (!*s)
		return 1;
	if ((*s != 'T' && *s != ' ') || strlen(s) < 6)
		return 0;
	h = digits(s + 1, 2);
	mi = digits(s + 4, 2);
	if (s[3] != ':' || h < 0 || h > 23 || mi < 0 || mi > 59)
		return 0;
	s += 6;
	if (*s == ':') {
		sec = digits(s + 1, 2);
		if (sec < 0 || sec > 59)
			return 0;
		s += 3;
		if (*s == '.') {
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
		}
	}
	if (*s == 'Z')
		s++;
	return *s == '\0';
}

/*
 * The traveler barcode: order number, a separator, operation number
 * ("WO-1001/20").  Scanners and keyboards give '/' as '*' or a blank on
 * some layouts, so all three are taken, the last of the first kind found.
 */
int mes_traveler_parse(const char *text, char *wo_no, size_t n, int *seq)
{
	static const char seps[] = "/* ";
	const char *sep = NULL;
	long long v;
	char err[8];
	int i;

	if (!text || !wo_no || !n || !seq)
		return MES_ERR_ARG;
	for (i = 0; seps[i] && !sep; i++)
		sep = strrchr(text, seps[i]);
	if (!sep || sep == text || (size_t)(sep - text) >= n ||
	    mes_parse_int(sep + 1, 1, 99999, &v, err, sizeof err) != MES_OK)
		return MES_ERR_SYNTAX;
	snprintf(wo_no, n, "%.*s", (int)(sep - text), text);
	*seq = (int)v;
	return MES_OK;
}
