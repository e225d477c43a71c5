/*
 * The GS1 character sets and the content checks ("linters") the syntax
 * dictionary names per component: check digits, dates, times and the
 * small enumerations.  Each works on an explicit length and never reads
 * past it, because the bytes come straight from a scanner.  The linters
 * that need a published code list, and the coupon formats, are in
 * gs1_codes.c.
 */
#include <stdio.h>
#include <string.h>
#include "gs1_int.h"

/* CSET 82 in the order GS1 gives it; a character's index is its value in
 * the alphanumeric check character calculation. */
static const char cset82[] =
	"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	"abcdefghijklmnopqrstuvwxyz";
static const char cset32[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_alnum(char c)
{
	return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}

/* strchr would also match the terminating NUL, which may be in the data. */
static int in_set(const char *set, char c)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static int cset_char(char cset, char c)
{
	switch (cset) {
	case 'N':
		return is_digit(c);
	case 'X':
		return in_set(cset82, c);
	case 'Y':
		return is_digit(c) || is_upper(c) || c == '#' || c == '-' ||
		       c == '/';
	case 'Z':
		return is_alnum(c) || c == '-' || c == '_';
	}
	return 0;
}

int gs1_cset_ok(char cset, const char *s, size_t n, size_t *bad)
{
	size_t i, pad = 0;

	/* Base64 padding: up to two '=' and only at the end. */
	if (cset == 'Z')
		while (pad < 2 && pad + 1 < n && s[n - 1 - pad] == '=')
			pad++;
	for (i = 0; i < n - pad; i++)
		if (!cset_char(cset, s[i])) {
			*bad = i;
			return 0;
		}
	return 1;
}

const char *gs1_cset_name(char cset)
{
	switch (cset) {
	case 'N':
		return "digits";
	case 'X':
		return "CSET 82";
	case 'Y':
		return "CSET 39";
	case 'Z':
		return "CSET 64 (base64url)";
	}
	return "?";
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* How many of the first n bytes of s are c; s need not be terminated. */
static size_t run_of(const char *s, size_t n, char c)
{
	size_t i = 0;

	while (i < n && s[i] == c)
		i++;
	return i;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int gs1_csum_digit(const char *s, size_t n)
{
	size_t i;
	int sum = 0, w = 3;

	/* Weights 3,1,3,... from the digit next to the check digit leftwards. */
	for (i = n - 1; i-- > 0; w = 4 - w)
		sum += (s[i] - '0') * w;
	return (10 - sum % 10) % 10;
}

static int lint_csum(const char *s, size_t n, char *why, size_t whyn)
{
	int want;

	if (n < 2 || !all_digits(s, n)) {
		msg_set(why, whyn, "check digit needs at least two digits");
		return -1;
	}
	want = gs1_csum_digit(s, n);
	if (s[n - 1] - '0' != want) {
		msg_set(why, whyn, "check digit is %c, expected %d", s[n - 1],
			want);
		return -1;
	}
	return 0;
}

static unsigned nth_prime(size_t k)
{
	unsigned p = 1, d;
	size_t found = 0;

	while (found <= k) {
		p++;
		for (d = 2; d * d <= p && p % d; d++)
			;
		if (d * d > p)
			found++;
	}
	return p;
}

/* GS1 alphanumeric check character pair: data characters weighted by
 * ascending primes from the right, mod 1021, split into two 5-bit values. */
static int lint_csumalpha(const char *s, size_t n, char *why, size_t whyn)
{
	unsigned sum = 0;
	size_t i;

	if (n < 2) {
		msg_set(why, whyn, "too short for its check characters");
		return -1;
	}
	for (i = 0; i < n - 2; i++) {
		if (!in_set(cset82, s[i])) {
			msg_set(why, whyn, "character %zu is not in CSET 82",
				i + 1);
			return -1;
		}
		sum += (unsigned)(strchr(cset82, s[i]) - cset82) *
		       nth_prime(n - 3 - i);
	}
	sum %= 1021;
	if (s[n - 2] != cset32[sum >> 5] || s[n - 1] != cset32[sum & 31]) {
		msg_set(why, whyn, "check characters are %.2s, expected %c%c",
			s + n - 2, cset32[sum >> 5], cset32[sum & 31]);
		return -1;
	}
	return 0;
}

/* Only the shortest GS1 Company Prefix (4 digits) can be checked without
 * GS1's registry of allocated prefixes. */
static int lint_gcp(const char *s, size_t n, size_t off, char *why, size_t whyn)
{
	if (n < off + 4 || !all_digits(s + off, 4)) {
		msg_set(why, whyn, "does not start with a GS1 Company Prefix "
			"(4 digits%s)", off ? " after the first character" : "");
		return -1;
	}
	return 0;
}

int gs1_full_year(int yy, int ref_year)
{
	int cy = ref_year % 100, century = ref_year - cy;

	if (yy - cy >= 51)
		return century - 100 + yy;
	if (yy - cy <= -50)
		return century + 100 + yy;
	return century + yy;
}

int gs1_days_in_month(int year, int month)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	                             30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return dim[month - 1];
}

/* ydigits is 2 or 4; day 00 passes when d0. */
static int lint_date(const char *s, size_t n, size_t ydigits, int d0,
                     int ref_year, char *why, size_t whyn)
{
	int year, month, day;

	if (n != ydigits + 4 || !all_digits(s, n)) {
		msg_set(why, whyn, "date must be %s",
			ydigits == 2 ? "YYMMDD" : "YYYYMMDD");
		return -1;
	}
	year = ydigits == 2 ? gs1_full_year(num2(s), ref_year)
	                    : num2(s) * 100 + num2(s + 2);
	month = num2(s + ydigits);
	day = num2(s + ydigits + 2);
	if (month < 1 || month > 12) {
		msg_set(why, whyn, "invalid month %02d in date %.*s", month,
			(int)n, s);
		return -1;
	}
	if (day == 0 && !d0) {
		msg_set(why, whyn, "day 00 is not allowed in date %.*s",
			(int)n, s);
		return -1;
	}
	if (day > gs1_days_in_month(year, month)) {
		msg_set(why, whyn, "invalid day %02d in date %.*s "
			"(%04d-%02d has %d days)", day, (int)n, s, year, month,
			gs1_days_in_month(year, month));
		return -1;
	}
	return 0;
}

static int lint_range(const char *s, size_t n, size_t len, int max,
                      const char *what, char *why, size_t whyn)
{
	if (n != len || !all_digits(s, n) || num2(s) > max) {
		msg_set(why, whyn, "invalid %s %.*s", what, (int)n, s);
		return -1;
	}
	return 0;
}

static int lint_hhmi(const char *s, size_t n, char *why, size_t whyn)
{
	if (n != 4 || !all_digits(s, n) || num2(s) > 23 || num2(s + 2) > 59) {
		msg_set(why, whyn, "invalid time %.*s (HHMI)", (int)n, s);
		return -1;
	}
	return 0;
}

static int lint_oneof(const char *s, size_t n, const char *set,
                      const char *what, const char *said, char *why,
                      size_t whyn)
{
	if (n != 1 || !in_set(set, s[0])) {
		msg_set(why, whyn, "%s must be %s", what, said);
		return -1;
	}
	return 0;
}

static int lint_pieceoftotal(const char *s, size_t n, char *why, size_t whyn)
{
	size_t h = n / 2;

	if (n == 0 || n % 2 || !all_digits(s, n)) {
		msg_set(why, whyn, "piece and total must be equal-width digits");
		return -1;
	}
	if (run_of(s, h, '0') == h || run_of(s + h, h, '0') == h) {
		msg_set(why, whyn, "piece number and total must not be zero");
		return -1;
	}
	if (memcmp(s, s + h, h) > 0) {
		msg_set(why, whyn, "piece %.*s is beyond the total %.*s",
			(int)h, s, (int)h, s + h);
		return -1;
	}
	return 0;
}

/* "2/3": position within a sequence, both non-zero, position <= total. */
static int lint_posinseqslash(const char *s, size_t n, char *why, size_t whyn)
{
	const char *slash = memchr(s, '/', n);
	size_t a, b;

	if (!slash)
		goto bad;
	a = (size_t)(slash - s);
	b = n - a - 1;
	if (!a || !b || !all_digits(s, a) || !all_digits(slash + 1, b))
		goto bad;
	if (s[0] == '0' || slash[1] == '0')
		goto bad;
	if (a > b || (a == b && memcmp(s, slash + 1, a) > 0))
		goto bad;
	return 0;
bad:
	msg_set(why, whyn, "must be a position and a total as N/M");
	return -1;
}

static int lint_pcenc(const char *s, size_t n, char *why, size_t whyn)
{
	static const char hex[] = "0123456789ABCDEFabcdef";
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '%' && (i + 2 >= n || !in_set(hex, s[i + 1]) ||
		                    !in_set(hex, s[i + 2]))) {
			msg_set(why, whyn, "bad percent-encoding at character %zu",
				i + 1);
			return -1;
		}
	return 0;
}

static int lint_coord(const char *s, size_t n, unsigned long long max,
                      const char *what, char *why, size_t whyn)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < n && is_digit(s[i]); i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	if (n != 10 || i != n || v > max) {
		msg_set(why, whyn, "invalid %s %.*s", what, (int)n, s);
		return -1;
	}
	return 0;
}

/* ISO 13616: country, two check digits, then up to 30 letters or digits;
 * moving the first four to the end gives a number that is 1 mod 97. */
static int lint_iban(const char *s, size_t n, char *why, size_t whyn)
{
	unsigned rem = 0;
	size_t k;

	if (n < 5 || !is_upper(s[0]) || !is_upper(s[1]) || !is_digit(s[2]) ||
	    !is_digit(s[3]))
		goto bad;
	for (k = 0; k < n; k++) {
		char c = s[(k + 4) % n];

		if (is_digit(c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else if (is_upper(c))
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			goto bad;
	}
	if (rem != 1) {
		msg_set(why, whyn, "IBAN check digits %.2s are wrong", s + 2);
		return -1;
	}
	return 0;
bad:
	msg_set(why, whyn, "not an IBAN (country, check digits, then "
		"capital letters and digits)");
	return -1;
}

static int lint_simple(enum gs1_lint id, const char *s, size_t n, char *why,
                       size_t whyn)
{
	switch (id) {
	case GS1_LINT_NONZERO:
		if (run_of(s, n, '0') < n)
			return 0;
		msg_set(why, whyn, "must not be zero");
		return -1;
	case GS1_LINT_ZERO:
		if (n && run_of(s, n, '0') == n)
			return 0;
		msg_set(why, whyn, "must be zero");
		return -1;
	case GS1_LINT_NOZEROPREFIX:
		if (n < 2 || s[0] != '0')
			return 0;
		msg_set(why, whyn, "must not start with 0");
		return -1;
	case GS1_LINT_HASNONDIGIT:
		if (!all_digits(s, n))
			return 0;
		msg_set(why, whyn, "must contain a character other than a digit");
		return -1;
	case GS1_LINT_HYPHEN:
		if (run_of(s, n, '-') == n)
			return 0;
		msg_set(why, whyn, "may only be '-'");
		return -1;
	default:
		return 0;
	}
}

static int lint_mediatype(const char *s, size_t n, char *why, size_t whyn)
{
	int v = n == 2 && all_digits(s, 2) ? num2(s) : 0;

	if ((v >= 1 && v <= 10) || v >= 80)
		return 0;
	msg_set(why, whyn, "invalid AIDC media type %.*s", (int)n, s);
	return -1;
}

static int lint_importeridx(const char *s, size_t n, char *why, size_t whyn)
{
	if (n == 1 && (is_alnum(s[0]) || s[0] == '-' || s[0] == '_'))
		return 0;
	msg_set(why, whyn, "invalid importer index");
	return -1;
}

int gs1_lint_run(enum gs1_lint id, const char *s, size_t n, int ref_year,
                 char *why, size_t whyn)
{
	int rc;

	switch (id) {
	case GS1_LINT_CSUM:
		return lint_csum(s, n, why, whyn);
	case GS1_LINT_CSUMALPHA:
		return lint_csumalpha(s, n, why, whyn);
	case GS1_LINT_GCPPOS1:
		return lint_gcp(s, n, 0, why, whyn);
	case GS1_LINT_GCPPOS2:
		return lint_gcp(s, n, 1, why, whyn);
	case GS1_LINT_YYMMD0:
		return lint_date(s, n, 2, 1, ref_year, why, whyn);
	case GS1_LINT_YYMMDD:
		return lint_date(s, n, 2, 0, ref_year, why, whyn);
	case GS1_LINT_YYYYMMD0:
		return lint_date(s, n, 4, 1, ref_year, why, whyn);
	case GS1_LINT_YYYYMMDD:
		return lint_date(s, n, 4, 0, ref_year, why, whyn);
	case GS1_LINT_HH:
		return lint_range(s, n, 2, 23, "hour", why, whyn);
	case GS1_LINT_MI:
		return lint_range(s, n, 2, 59, "minute", why, whyn);
	case GS1_LINT_SS:
		return lint_range(s, n, 2, 59, "second", why, whyn);
	case GS1_LINT_HHMI:
		return lint_hhmi(s, n, why, whyn);
	case GS1_LINT_YESNO:
		return lint_oneof(s, n, "01", "flag", "0 or 1", why, whyn);
	case GS1_LINT_WINDING:
		return lint_oneof(s, n, "019", "winding direction",
		                  "0, 1 or 9", why, whyn);
	case GS1_LINT_ISO5218:
		return lint_oneof(s, n, "0129", "sex code", "0, 1, 2 or 9",
		                  why, whyn);
	case GS1_LINT_PIECEOFTOTAL:
		return lint_pieceoftotal(s, n, why, whyn);
	case GS1_LINT_POSINSEQSLASH:
		return lint_posinseqslash(s, n, why, whyn);
	case GS1_LINT_IMPORTERIDX:
		return lint_importeridx(s, n, why, whyn);
	case GS1_LINT_MEDIATYPE:
		return lint_mediatype(s, n, why, whyn);
	case GS1_LINT_PCENC:
		return lint_pcenc(s, n, why, whyn);
	case GS1_LINT_LATITUDE:
		return lint_coord(s, n, 1800000000ULL, "latitude", why, whyn);
	case GS1_LINT_LONGITUDE:
		return lint_coord(s, n, 3600000000ULL, "longitude", why, whyn);
	case GS1_LINT_IBAN:
		return lint_iban(s, n, why, whyn);
	default:
		rc = gs1_codes_run(id, s, n, ref_year, why, whyn);
		return rc == 1 ? lint_simple(id, s, n, why, whyn) : rc;
	}
}
