/*
 * The linters of the syntax dictionary that need more than the value's
 * form: membership in a published code list (ISO 3166 countries, ISO 4217
 * currencies, GS1 package types; the lists are the .txt files in
 * data/gs1/, compiled in by gen-gs1.sh) and the structure of the North
 * American coupon codes in (8110) and (8112), which the dictionary gives
 * only as "X..70".
 *
 * The coupon rules follow GS1 US's "North American Coupon Application
 * Guideline Using GS1 DataBar Expanded Symbols": a value is a chain of
 * fields whose lengths are given by single-digit length indicators (VLIs),
 * so a coupon that passes the length check can still be cut short or
 * carry a field its issuer's system would not read.
 */
#include <stdio.h>
#include <string.h>
#include "gs1_int.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* Whether s[0..n) is a code of the list; s need not be terminated. */
static int in_list(const struct gs1_code_list *l, const char *s, size_t n)
{
	size_t lo = 0, hi = l->count;

	if (n == 0 || n > 3)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(s, l->code[mid], n);

		if (c == 0 && l->code[mid][n] != '\0')
			c = -1;
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static int lint_country(const char *s, size_t n, int or999, char *why,
                        size_t whyn)
{
	if (n == 3 && all_digits(s, 3) &&
	    (in_list(&gs1_iso3166_num, s, n) || (or999 && !memcmp(s, "999", 3))))
		return 0;
	msg_set(why, whyn, "%.*s is not an ISO 3166 country code%s", (int)n, s,
	        or999 ? " (nor 999)" : "");
	return -1;
}

/* Older dictionaries: up to five numeric country codes run together. */
static int lint_country_list(const char *s, size_t n, char *why, size_t whyn)
{
	size_t i;

	if (n == 0 || n % 3) {
		msg_set(why, whyn, "must be 3-digit ISO 3166 country codes, "
		        "got %zu digits", n);
		return -1;
	}
	for (i = 0; i < n; i += 3)
		if (lint_country(s + i, 3, 0, why, whyn))
			return -1;
	return 0;
}

static int lint_listed(const struct gs1_code_list *l, const char *s, size_t n,
                       const char *what, char *why, size_t whyn)
{
	if (in_list(l, s, n))
		return 0;
	msg_set(why, whyn, "%.*s is not %s", (int)n, s, what);
	return -1;
}

/* A coupon being read: the digits, how far, and where a fault is told. */
struct coupon {
	const char *p;
	size_t n, i;
	int ref_year;
	char *why;
	size_t whyn;
};

static int cp_fail(struct coupon *c, const char *what, const char *fault)
{
	msg_set(c->why, c->whyn, "%s %s", what, fault);
	return -1;
}

/* One digit, which must be in set; said is the set as a message reads. */
static int cp_digit(struct coupon *c, const char *set, const char *what,
                    const char *said, int *d)
{
	char ch;

	if (c->i >= c->n)
		return cp_fail(c, what, "is missing: the coupon ends before it");
	ch = c->p[c->i];
	if (!strchr(set, ch)) {
		msg_set(c->why, c->whyn, "%s must be %s, found %c at digit %zu",
		        what, said, ch, c->i + 1);
		return -1;
	}
	c->i++;
	*d = ch - '0';
	return 0;
}

static int cp_take(struct coupon *c, size_t k, const char *what)
{
	if (c->n - c->i < k) {
		msg_set(c->why, c->whyn, "%s is cut short: %zu of its %zu "
		        "digits", what, c->n - c->i, k);
		return -1;
	}
	c->i += k;
	return 0;
}

/* A GS1 Company Prefix (or GLN) of VLI + 6 digits. */
static int cp_gcp(struct coupon *c, int vli, const char *what)
{
	char why[96];
	size_t at = c->i, k = (size_t)vli + 6;

	if (cp_take(c, k, what))
		return -1;
	if (gs1_lint_run(GS1_LINT_GCPPOS1, c->p + at, k, c->ref_year, why,
	                 sizeof why)) {
		msg_set(c->why, c->whyn, "%s %s", what, why);
		return -1;
	}
	return 0;
}

/* Requirement (VLI 1-5 and digits), its code (0-4, 9) and family code. */
static int cp_purchase(struct coupon *c, const char *nth)
{
	char what[64];
	int d;

	snprintf(what, sizeof what, "%s purchase requirement length", nth);
	if (cp_digit(c, "12345", what, "1 to 5", &d))
		return -1;
	snprintf(what, sizeof what, "%s purchase requirement", nth);
	if (cp_take(c, (size_t)d, what))
		return -1;
	snprintf(what, sizeof what, "%s purchase requirement code", nth);
	if (cp_digit(c, "012349", what, "0 to 4 or 9", &d))
		return -1;
	snprintf(what, sizeof what, "%s purchase family code", nth);
	return cp_take(c, 3, what);
}

/* A later purchase's company prefix: VLI 0-6, or 9 for the primary's. */
static int cp_other_gcp(struct coupon *c, const char *nth)
{
	char what[64];
	int d;

	snprintf(what, sizeof what, "%s purchase GCP length", nth);
	if (cp_digit(c, "01234569", what, "0 to 6 or 9", &d))
		return -1;
	if (d == 9)
		return 0;
	snprintf(what, sizeof what, "%s purchase GCP", nth);
	return cp_gcp(c, d, what);
}

/* YYMMDD as a number that orders dates across the century window. */
static int cp_date(struct coupon *c, const char *what, long *key)
{
	char why[96];
	const char *s = c->p + c->i;

	if (cp_take(c, 6, what))
		return -1;
	if (gs1_lint_run(GS1_LINT_YYMMDD, s, 6, c->ref_year, why, sizeof why)) {
		msg_set(c->why, c->whyn, "%s: %s", what, why);
		return -1;
	}
	*key = (long)gs1_full_year((s[0] - '0') * 10 + (s[1] - '0'),
	                           c->ref_year) * 10000 +
	       (s[2] - '0') * 1000 + (s[3] - '0') * 100 + (s[4] - '0') * 10 +
	       (s[5] - '0');
	return 0;
}

/* Field 9: save value code, applies-to-item, store flag, don't multiply. */
static int cp_misc(struct coupon *c)
{
	int d;

	if (cp_digit(c, "01256", "save value code", "0, 1, 2, 5 or 6", &d) ||
	    cp_digit(c, "012", "save value applies to item", "0, 1 or 2", &d) ||
	    cp_digit(c, "0123456789", "store coupon flag", "a digit", &d))
		return -1;
	return cp_digit(c, "01", "don't multiply flag", "0 or 1", &d);
}

/* The optional fields, each at most once and in ascending order of their
 * indicator digit, as the guideline lays them out. */
static int cp_optional(struct coupon *c)
{
	long expiry = 0, start;
	int d, has_expiry = 0;

	if (c->i < c->n && c->p[c->i] == '1') {
		c->i++;
		if (cp_digit(c, "0123", "additional purchase rules code",
		             "0 to 3", &d) ||
		    cp_purchase(c, "second") || cp_other_gcp(c, "second"))
			return -1;
	}
	if (c->i < c->n && c->p[c->i] == '2') {
		c->i++;
		if (cp_purchase(c, "third") || cp_other_gcp(c, "third"))
			return -1;
	}
	if (c->i < c->n && c->p[c->i] == '3') {
		c->i++;
		if (cp_date(c, "expiration date", &expiry))
			return -1;
		has_expiry = 1;
	}
	if (c->i < c->n && c->p[c->i] == '4') {
		c->i++;
		if (cp_date(c, "start date", &start))
			return -1;
		if (has_expiry && expiry < start) {
			msg_set(c->why, c->whyn, "expiration date is before the "
			        "start date");
			return -1;
		}
	}
	if (c->i < c->n && c->p[c->i] == '5') {
		c->i++;
		if (cp_digit(c, "0123456789", "serial number length", "a digit",
		             &d) ||
		    cp_take(c, (size_t)d + 6, "serial number"))
			return -1;
	}
	if (c->i < c->n && c->p[c->i] == '6') {
		c->i++;
		if (cp_digit(c, "1234567", "retailer GCP/GLN length", "1 to 7",
		             &d) ||
		    cp_gcp(c, d, "retailer GCP/GLN"))
			return -1;
	}
	if (c->i < c->n && c->p[c->i] == '9') {
		c->i++;
		if (cp_misc(c))
			return -1;
	}
	return 0;
}

static int cp_start(struct coupon *c, const char *s, size_t n, int ref_year,
                    char *why, size_t whyn)
{
	size_t i;

	c->p = s;
	c->n = n;
	c->i = 0;
	c->ref_year = ref_year;
	c->why = why;
	c->whyn = whyn;
	for (i = 0; i < n; i++)
		if (!is_digit(s[i])) {
			msg_set(why, whyn, "coupon code must be digits, found "
			        "%c at position %zu", s[i], i + 1);
			return -1;
		}
	return 0;
}

/* after says what may follow the last field read. */
static int cp_end(struct coupon *c, const char *after)
{
	if (c->i == c->n)
		return 0;
	msg_set(c->why, c->whyn, "coupon code has data left over from digit "
	        "%zu: %s", c->i + 1, after);
	return -1;
}

/* (8110): the North American Coupon Code. */
static int lint_couponcode(const char *s, size_t n, int ref_year, char *why,
                           size_t whyn)
{
	struct coupon c;
	int d;

	if (cp_start(&c, s, n, ref_year, why, whyn) ||
	    cp_digit(&c, "0123456", "primary GCP length", "0 to 6", &d) ||
	    cp_gcp(&c, d, "primary GCP") || cp_take(&c, 6, "offer code") ||
	    cp_digit(&c, "12345", "save value length", "1 to 5", &d) ||
	    cp_take(&c, (size_t)d, "save value") ||
	    cp_purchase(&c, "primary") || cp_optional(&c))
		return -1;
	return cp_end(&c, "the optional fields begin with 1 to 6 or 9, each "
	              "at most once and in that order");
}

/* (8112): a paperless coupon's offer as the point of sale reports it. */
static int lint_couponposoffer(const char *s, size_t n, int ref_year,
                               char *why, size_t whyn)
{
	struct coupon c;
	int d;

	if (cp_start(&c, s, n, ref_year, why, whyn) ||
	    cp_digit(&c, "01", "coupon format", "0 or 1", &d) ||
	    cp_digit(&c, "0123456", "funder ID length", "0 to 6", &d) ||
	    cp_take(&c, (size_t)d + 6, "funder ID") ||
	    cp_take(&c, 6, "offer code") ||
	    cp_digit(&c, "0123456789", "serial number length", "a digit", &d) ||
	    cp_take(&c, (size_t)d + 6, "serial number"))
		return -1;
	return cp_end(&c, "nothing follows the serial number");
}

int gs1_codes_run(enum gs1_lint id, const char *s, size_t n, int ref_year,
                  char *why, size_t whyn)
{
	switch (id) {
	case GS1_LINT_ISO3166:
		return lint_country(s, n, 0, why, whyn);
	case GS1_LINT_ISO3166999:
		return lint_country(s, n, 1, why, whyn);
	case GS1_LINT_ISO3166LIST:
		return lint_country_list(s, n, why, whyn);
	case GS1_LINT_ISO3166ALPHA2:
		return lint_listed(&gs1_iso3166_alpha2, s, n,
		                   "an ISO 3166 alpha-2 country code", why, whyn);
	case GS1_LINT_ISO4217:
		return lint_listed(&gs1_iso4217_num, s, n,
		                   "an ISO 4217 currency code", why, whyn);
	case GS1_LINT_PACKAGETYPE:
		return lint_listed(&gs1_packagetype, s, n,
		                   "a package type code (UN/ECE Recommendation 21 "
		                   "or GS1)", why, whyn);
	case GS1_LINT_COUPONCODE:
		return lint_couponcode(s, n, ref_year, why, whyn);
	case GS1_LINT_COUPONPOSOFFER:
		return lint_couponposoffer(s, n, ref_year, why, whyn);
	default:
		return 1;
	}
}
