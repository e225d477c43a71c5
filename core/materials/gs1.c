/*
 * GS1 element string parser: scanned data and the bracketed form in, a
 * plain struct of elements out, or one sentence that names the AI and
 * what is wrong with it.
 *
 * The input is untrusted bytes of explicit length (a scanner can send
 * anything, NULs included), so every read is bounded by ps->len and
 * values are copied into fixed buffers only after their length has been
 * checked against the dictionary, whose longest value fits them (checked
 * at compile time in the generated table).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "mes.h"
#include "gs1_int.h"

struct parser {
	const char *p;
	size_t len, pos;
	enum mes_gs1_form form;
	int ref_year;
	struct mes_gs1_msg *out;
	char *err;
	size_t errlen;
};

/* Value being read: the first MES_GS1_VALUE_MAX bytes and the true length,
 * so an overlong value is reported with its length, never overflows. */
struct value {
	char v[MES_GS1_VALUE_MAX + 1];
	size_t n;
	size_t at;          /* input offset of its first byte */
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void value_put(struct value *val, char c)
{
	if (val->n < MES_GS1_VALUE_MAX)
		val->v[val->n] = c;
	val->n++;
	val->v[val->n < MES_GS1_VALUE_MAX ? val->n : MES_GS1_VALUE_MAX] = '\0';
}

/* A byte as a person can read it in a message. */
static const char *show_byte(unsigned char c, char buf[16])
{
	if (c == GS1_GS)
		snprintf(buf, 16, "GS (0x1D)");
	else if (c > 0x20 && c < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02X", c);
	return buf;
}

static int failv(char *err, size_t errlen, const char *ai, const char *fmt,
                 va_list ap)
{
	char why[256];

	vsnprintf(why, sizeof why, fmt, ap);
	if (ai && *ai)
		msg_set(err, errlen, "(%s) %s", ai, why);
	else
		msg_set(err, errlen, "%s", why);
	return MES_ERR_SYNTAX;
}

/* Records where and about which AI the input was rejected. */
static int fail(struct parser *ps, const char *ai, size_t pos,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(struct parser *ps, const char *ai, size_t pos,
                const char *fmt, ...)
{
	va_list ap;
	int rc;

	snprintf(ps->out->err_ai, sizeof ps->out->err_ai, "%s", ai ? ai : "");
	ps->out->err_pos = pos;
	va_start(ap, fmt);
	rc = failv(ps->err, ps->errlen, ai, fmt, ap);
	va_end(ap);
	return rc;
}

static int ai_cmp(const char *key, size_t n, const char *ai)
{
	int c = strncmp(key, ai, n);

	if (c == 0 && ai[n] != '\0')
		return -1;
	return c;
}

const struct gs1_ai *gs1_ai_get(const char *ai, size_t n)
{
	size_t lo = 0, hi = gs1_ai_count;

	if (n < 2 || n > 4)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = ai_cmp(ai, n, gs1_ai_table[mid].ai);

		if (c == 0)
			return &gs1_ai_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* GS1 keeps one AI length per two-digit prefix; 0 when no AI has it. */
static size_t family_len(const char *s)
{
	size_t i;

	for (i = 0; i < gs1_ai_count; i++)
		if (gs1_ai_table[i].ai[0] == s[0] && gs1_ai_table[i].ai[1] == s[1])
			return strlen(gs1_ai_table[i].ai);
	return 0;
}

/* Reads the AI at ps->pos by trying 2, 3 and 4 digits: the generator has
 * checked that no AI is a prefix of another. */
static int read_ai(struct parser *ps, const struct gs1_ai **def)
{
	const char *s = ps->p + ps->pos;
	size_t avail = ps->len - ps->pos, k, n, fam;
	char b[16], ai[5];

	for (k = 0; k < 4 && k < avail && is_digit(s[k]); k++)
		;
	for (n = 2; n <= k; n++)
		if ((*def = gs1_ai_get(s, n)) != NULL) {
			ps->pos += n;
			return MES_OK;
		}
	fam = k >= 2 ? family_len(s) : 0;
	if (k < 2 || k < fam) {
		if (k == avail)
			return fail(ps, NULL, ps->pos, "data ends inside an AI "
			            "(\"%.*s\")", (int)k, s);
		return fail(ps, NULL, ps->pos + k, "expected an AI at byte %zu, "
		            "found %s", ps->pos + k + 1,
		            show_byte((unsigned char)s[k], b));
	}
	if (!fam) {
		snprintf(ai, sizeof ai, "%.2s", s);
		return fail(ps, ai, ps->pos, "unknown AI: none begins with %.2s",
		            s);
	}
	snprintf(ai, sizeof ai, "%.*s", (int)fam, s);
	return fail(ps, ai, ps->pos, "unknown AI");
}

static int all_numeric(const struct gs1_ai *d)
{
	int i;

	for (i = 0; i < d->ncomp; i++)
		if (d->comp[i].cset != 'N')
			return 0;
	return 1;
}

static const char *len_range(const struct gs1_ai *d, char buf[24])
{
	if (d->minlen == d->maxlen)
		snprintf(buf, 24, "%u", d->minlen);
	else
		snprintf(buf, 24, "%u to %u", d->minlen, d->maxlen);
	return buf;
}

static int check_length(struct parser *ps, const struct gs1_ai *d,
                        const struct value *val)
{
	const char *unit = "digits";
	char r[24];
	size_t i;

	/* "15 digits" would mislead when letters ran into a numeric AI. */
	for (i = 0; i < val->n && i < MES_GS1_VALUE_MAX; i++)
		if (!is_digit(val->v[i]))
			unit = "characters";
	if (!all_numeric(d))
		unit = "characters";

	if (val->n == 0)
		return fail(ps, d->ai, val->at, "has no data");
	if (val->n < d->minlen)
		return fail(ps, d->ai, val->at, "too short: %zu %s, needs %s",
		            val->n, unit, len_range(d, r));
	if (val->n > d->maxlen)
		return fail(ps, d->ai, val->at, "too long: %zu %s, at most %u%s",
		            val->n, unit, d->maxlen,
		            ps->form != MES_GS1_BRACKETED ?
		            " (is the GS after it missing?)" : "");
	return MES_OK;
}

static int check_comp(struct parser *ps, const struct gs1_ai *d, int i,
                      const struct value *val, size_t off, size_t take)
{
	const struct gs1_comp *c = &d->comp[i];
	char why[160], b[16];
	size_t bad;
	int k;

	if (!gs1_cset_ok(c->cset, val->v + off, take, &bad)) {
		if (c->cset == 'N')
			return fail(ps, d->ai, val->at + off + bad, "non-digit %s "
			            "at position %zu",
			            show_byte((unsigned char)val->v[off + bad], b),
			            off + bad + 1);
		return fail(ps, d->ai, val->at + off + bad, "invalid character "
		            "%s at position %zu: not in %s",
		            show_byte((unsigned char)val->v[off + bad], b),
		            off + bad + 1, gs1_cset_name(c->cset));
	}
	for (k = 0; k < GS1_MAX_LINT && c->lint[k]; k++)
		if (gs1_lint_run((enum gs1_lint)c->lint[k], val->v + off, take,
		                 ps->ref_year, why, sizeof why))
			return fail(ps, d->ai, val->at + off, "%s", why);
	return MES_OK;
}

/* Applies the components in order, each consuming its length; optional
 * ones may be missing once the data is used up. */
static int check_value(struct parser *ps, const struct gs1_ai *d,
                       const struct value *val)
{
	size_t off = 0, take;
	int i, rc;

	if ((rc = check_length(ps, d, val)) != MES_OK)
		return rc;
	for (i = 0; i < d->ncomp && off < val->n; i++) {
		const struct gs1_comp *c = &d->comp[i];

		take = c->max;
		if (take > val->n - off) {
			if (c->min == c->max)
				return fail(ps, d->ai, val->at + off, "part %d is "
				            "%zu characters, needs %u", i + 1,
				            val->n - off, c->max);
			take = val->n - off;
		}
		if ((rc = check_comp(ps, d, i, val, off, take)) != MES_OK)
			return rc;
		off += take;
	}
	if (off < val->n)
		return fail(ps, d->ai, val->at + off, "too long: %zu characters "
		            "left over", val->n - off);
	return MES_OK;
}

/* Places the implied decimal point of 31nn-36nn and 390n-395n. */
static void derive_decimal(struct mes_gs1_elem *e)
{
	const char *digits = e->value;
	size_t len, i, ilen;
	unsigned long long whole = 0;
	double scale = 1;
	int n, w = 0;

	if (strlen(e->ai) != 4 || e->ai[0] != '3' ||
	    !((e->ai[1] >= '1' && e->ai[1] <= '6') ||
	      (e->ai[1] == '9' && e->ai[2] >= '0' && e->ai[2] <= '5')))
		return;
	n = e->ai[3] - '0';
	if (e->ai[1] == '9' && (e->ai[2] == '1' || e->ai[2] == '3')) {
		memcpy(e->currency, e->value, 3);
		e->currency[3] = '\0';
		digits += 3;
	}
	len = strlen(digits);
	ilen = len > (size_t)n ? len - (size_t)n : 0;
	for (i = 0; i + 1 < ilen && digits[i] == '0'; i++)
		;
	if (ilen)
		w = snprintf(e->decimal, sizeof e->decimal, "%.*s",
		             (int)(ilen - i), digits + i);
	else
		w = snprintf(e->decimal, sizeof e->decimal, "0");
	if (n)
		snprintf(e->decimal + w, sizeof e->decimal - (size_t)w,
		         ".%.*s%s", (int)((size_t)n > len ? (size_t)n - len : 0),
		         "000000000", digits + ilen);
	/* By hand: strtod would follow LC_NUMERIC and read "1.5" as 1. */
	for (i = 0; i < len; i++)
		whole = whole * 10 + (unsigned)(digits[i] - '0');
	for (i = 0; i < (size_t)n; i++)
		scale *= 10;
	e->decimals = n;
	e->number = (double)whole / scale;
}

static int has_lint(const struct gs1_comp *c, enum gs1_lint id)
{
	int k;

	for (k = 0; k < GS1_MAX_LINT && c->lint[k]; k++)
		if (c->lint[k] == id)
			return 1;
	return 0;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static void append_date(struct mes_gs1_elem *e, const char *s, int ydigits,
                        int ref_year)
{
	size_t w = strlen(e->date);
	int year, month, day;

	year = ydigits == 2 ? gs1_full_year(num2(s), ref_year)
	                    : num2(s) * 100 + num2(s + 2);
	s += ydigits;
	month = num2(s);
	day = num2(s + 2);
	if (day == 0) {
		day = gs1_days_in_month(year, month);
		e->day_zero = 1;
	}
	snprintf(e->date + w, sizeof e->date - w, "%s%04d-%02d-%02d",
	         w ? "/" : "", year, month, day);
}

/* Appends "T14:30", "T14" or ":05" from 4 or 2 digits at s. */
static void append_time(struct mes_gs1_elem *e, char lead, const char *s,
                        size_t k)
{
	size_t w = strlen(e->date);
	char t[8];

	t[0] = lead;
	t[1] = s[0];
	t[2] = s[1];
	t[3] = '\0';
	if (k == 4) {
		t[3] = ':';
		t[4] = s[2];
		t[5] = s[3];
		t[6] = '\0';
	}
	snprintf(e->date + w, sizeof e->date - w, "%s", t);
}

/* ISO 8601 from the date and time components the dictionary marks. */
static void derive_date(struct mes_gs1_elem *e, const struct gs1_ai *d,
                        int ref_year)
{
	size_t off = 0, n = strlen(e->value);
	int i;

	for (i = 0; i < d->ncomp && off < n; i++) {
		const struct gs1_comp *c = &d->comp[i];
		const char *s = e->value + off;
		int dated = e->date[0] != '\0';

		if (has_lint(c, GS1_LINT_YYMMD0) || has_lint(c, GS1_LINT_YYMMDD))
			append_date(e, s, 2, ref_year);
		else if (has_lint(c, GS1_LINT_YYYYMMD0) ||
		         has_lint(c, GS1_LINT_YYYYMMDD))
			append_date(e, s, 4, ref_year);
		else if (dated && has_lint(c, GS1_LINT_HHMI))
			append_time(e, 'T', s, 4);
		else if (dated && has_lint(c, GS1_LINT_HH))
			append_time(e, 'T', s, 2);
		else if (dated && (has_lint(c, GS1_LINT_MI) ||
		                   has_lint(c, GS1_LINT_SS)))
			append_time(e, ':', s, 2);
		/* Only the last component varies, so max is its length. */
		off += c->max;
	}
}

static int add_elem(struct parser *ps, const struct gs1_ai *d,
                    const struct value *val)
{
	struct mes_gs1_msg *m = ps->out;
	struct mes_gs1_elem *e;

	if (m->count >= MES_GS1_MAX_ELEMS) {
		fail(ps, d->ai, val->at, "more than %d element strings",
		     MES_GS1_MAX_ELEMS);
		return MES_ERR_RANGE;
	}
	e = &m->elem[m->count++];
	memset(e, 0, sizeof *e);
	snprintf(e->ai, sizeof e->ai, "%s", d->ai);
	memcpy(e->value, val->v, val->n);
	e->value[val->n] = '\0';
	e->title = d->title;
	e->decimals = -1;
	derive_decimal(e);
	derive_date(e, d, ps->ref_year);
	return MES_OK;
}

static const char *const gs1_symbologies[] = { "]C1", "]e0", "]d2", "]Q3",
                                               "]J1" };

/* Sets *ean for "]E0"/"]E4", whose data is a bare GTIN without an AI. */
static int read_aim(struct parser *ps, int *ean)
{
	char id[4], b[16];
	size_t i;

	*ean = 0;
	if (ps->len == 0 || ps->p[0] != ']')
		return fail(ps, NULL, 0, "no symbology identifier: scanned data "
		            "must begin with ]C1, ]e0, ]d2, ]Q3 or ]J1 (is the "
		            "scanner set to send AIM identifiers?)");
	if (ps->len < 3)
		return fail(ps, NULL, 0, "symbology identifier cut short");
	for (i = 1; i < 3; i++)
		if ((unsigned char)ps->p[i] <= 0x20 ||
		    (unsigned char)ps->p[i] >= 0x7f)
			return fail(ps, NULL, i, "bad symbology identifier: %s at "
			            "byte %zu", show_byte((unsigned char)ps->p[i], b),
			            i + 1);
	memcpy(id, ps->p, 3);
	id[3] = '\0';
	ps->pos = 3;
	for (i = 0; i < sizeof gs1_symbologies / sizeof *gs1_symbologies; i++)
		if (strcmp(id, gs1_symbologies[i]) == 0) {
			memcpy(ps->out->symbology, id, sizeof id);
			return MES_OK;
		}
	if (strcmp(id, "]E0") == 0 || strcmp(id, "]E4") == 0) {
		memcpy(ps->out->symbology, id, sizeof id);
		*ean = 1;
		return MES_OK;
	}
	return fail(ps, NULL, 0, "symbology identifier %s does not carry GS1 "
	            "element strings", id);
}

/* EAN-13 / UPC-A / EAN-8: the digits are a GTIN; carry it as (01). */
static int read_ean(struct parser *ps)
{
	const struct gs1_ai *d = gs1_ai_get("01", 2);
	size_t want = ps->out->symbology[2] == '0' ? 13 : 8;
	size_t n = ps->len - ps->pos, i;
	struct value val;
	int rc;

	if (n != want)
		return fail(ps, "01", ps->pos, "%s must be %zu digits, got %zu",
		            want == 13 ? "EAN-13/UPC-A" : "EAN-8", want, n);
	memset(&val, 0, sizeof val);
	val.at = ps->pos;
	for (i = want; i < 14; i++)
		value_put(&val, '0');
	for (i = 0; i < n; i++)
		value_put(&val, ps->p[ps->pos + i]);
	ps->pos = ps->len;
	if ((rc = check_value(ps, d, &val)) != MES_OK)
		return rc;
	return add_elem(ps, d, &val);
}

/* One AI and its value: a predefined-length value has exactly its length
 * (a GS after it is allowed, not needed); any other runs to GS or end. */
static int scan_element(struct parser *ps)
{
	const struct gs1_ai *d;
	struct value val;
	int rc;

	if ((rc = read_ai(ps, &d)) != MES_OK)
		return rc;
	memset(&val, 0, sizeof val);
	val.at = ps->pos;
	while (ps->pos < ps->len && ps->p[ps->pos] != GS1_GS) {
		if ((d->flags & GS1_F_PREDEF) && val.n == d->maxlen)
			break;
		value_put(&val, ps->p[ps->pos++]);
	}
	if ((rc = check_value(ps, d, &val)) != MES_OK)
		return rc;
	return add_elem(ps, d, &val);
}

static int parse_scan(struct parser *ps)
{
	int rc, ean = 0;

	if (ps->form == MES_GS1_SCAN) {
		if ((rc = read_aim(ps, &ean)) != MES_OK)
			return rc;
		if (ean)
			return read_ean(ps);
	}
	/* The symbology identifier already says FNC1 in first position; a GS
	 * here separates nothing and GS1 refuses the string, so a scanner
	 * that sends one is misconfigured and its other scans are suspect. */
	if (ps->pos < ps->len && ps->p[ps->pos] == GS1_GS)
		return fail(ps, NULL, ps->pos, "GS (0x1D) at byte %zu, %s: FNC1 "
		            "in first position is not sent as data (check the "
		            "scanner's FNC1 setting)", ps->pos + 1,
		            ps->form == MES_GS1_SCAN ? "right after the symbology "
		            "identifier" : "before any AI");
	if (ps->pos >= ps->len)
		return fail(ps, NULL, ps->pos, "no element strings%s",
		            ps->form == MES_GS1_SCAN ?
		            " after the symbology identifier" : "");
	while (ps->pos < ps->len) {
		if (ps->p[ps->pos] == GS1_GS)
			return fail(ps, NULL, ps->pos, "unexpected GS at byte %zu",
			            ps->pos + 1);
		if ((rc = scan_element(ps)) != MES_OK)
			return rc;
		/* A trailing GS is tolerated: it separates nothing. */
		if (ps->pos < ps->len && ps->p[ps->pos] == GS1_GS)
			ps->pos++;
	}
	return MES_OK;
}

/* "(AI)value": every byte up to the next "(" is the value, blanks too:
 * no AI's character set has a space, so the character check refuses it,
 * where dropping it would accept a string GS1 refuses.  "\(" is a "("
 * inside a value. */
static int bracket_element(struct parser *ps)
{
	const struct gs1_ai *d;
	struct value val;
	size_t q, n;
	char b[16], ai[5];
	int rc;

	if (ps->p[ps->pos] != '(')
		return fail(ps, NULL, ps->pos, "expected '(' at byte %zu, found "
		            "%s", ps->pos + 1,
		            show_byte((unsigned char)ps->p[ps->pos], b));
	q = ++ps->pos;
	while (q < ps->len && q - ps->pos < 5 && is_digit(ps->p[q]))
		q++;
	n = q - ps->pos;
	if (q >= ps->len || ps->p[q] != ')' || n < 2 || n > 4)
		return fail(ps, NULL, ps->pos, "expected an AI of 2 to 4 digits "
		            "and ')' at byte %zu", ps->pos + 1);
	snprintf(ai, sizeof ai, "%.*s", (int)n, ps->p + ps->pos);
	if ((d = gs1_ai_get(ai, n)) == NULL)
		return fail(ps, ai, ps->pos, "unknown AI");
	ps->pos = q + 1;
	memset(&val, 0, sizeof val);
	val.at = ps->pos;
	while (ps->pos < ps->len && ps->p[ps->pos] != '(') {
		char c = ps->p[ps->pos++];

		if (c == '\\' && ps->pos < ps->len && ps->p[ps->pos] == '(')
			c = ps->p[ps->pos++];
		value_put(&val, c);
	}
	if ((rc = check_value(ps, d, &val)) != MES_OK)
		return rc;
	return add_elem(ps, d, &val);
}

static int parse_bracketed(struct parser *ps)
{
	int rc;

	if (ps->pos >= ps->len)
		return fail(ps, NULL, ps->pos, "no data");
	while (ps->pos < ps->len)
		if ((rc = bracket_element(ps)) != MES_OK)
			return rc;
	return MES_OK;
}

static int this_year(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		return 2000;
	return tm.tm_year + 1900;
}

int mes_gs1_parse(const void *data, size_t len, const struct mes_gs1_opts *opts,
                  struct mes_gs1_msg *out, char *err, size_t errlen)
{
	static const struct mes_gs1_opts defaults = { MES_GS1_SCAN, 0, 0 };
	struct parser ps;
	int rc;

	msg_set(err, errlen, "%s", "");
	if (!out || (!data && len)) {
		msg_set(err, errlen, "no %s", out ? "data" : "result buffer");
		return MES_ERR_ARG;
	}
	memset(out, 0, sizeof *out);
	if (!opts)
		opts = &defaults;
	memset(&ps, 0, sizeof ps);
	ps.p = data ? data : "";
	ps.len = len;
	ps.form = opts->form;
	ps.ref_year = opts->ref_year > 0 ? opts->ref_year : this_year();
	ps.out = out;
	ps.err = err;
	ps.errlen = errlen;
	switch (opts->form) {
	case MES_GS1_SCAN:
	case MES_GS1_SCAN_NO_AIM:
		rc = parse_scan(&ps);
		break;
	case MES_GS1_BRACKETED:
		rc = parse_bracketed(&ps);
		break;
	default:
		msg_set(err, errlen, "unknown input form %d", (int)opts->form);
		return MES_ERR_ARG;
	}
	if (rc == MES_OK && !(opts->flags & MES_GS1_NO_ASSOC))
		rc = gs1_assoc_check(out, err, errlen, out->err_ai);
	return rc;
}

struct outbuf {
	char *p;
	size_t n, w;
	int over;
};

static void ob_put(struct outbuf *o, const char *s, size_t k)
{
	if (o->w + k >= o->n) {
		k = o->n - o->w - 1;
		o->over = 1;
	}
	memcpy(o->p + o->w, s, k);
	o->w += k;
	o->p[o->w] = '\0';
}

static void ob_str(struct outbuf *o, const char *s, size_t max)
{
	ob_put(o, s, strnlen(s, max));
}

static void format_bracketed(const struct mes_gs1_msg *m, struct outbuf *o)
{
	const char *v;
	int i;

	for (i = 0; i < m->count; i++) {
		ob_put(o, "(", 1);
		ob_str(o, m->elem[i].ai, 4);
		ob_put(o, ")", 1);
		for (v = m->elem[i].value;
		     v < m->elem[i].value + MES_GS1_VALUE_MAX && *v; v++) {
			if (*v == '(')
				ob_put(o, "\\", 1);
			ob_put(o, v, 1);
		}
	}
}

static int is_predef(const struct mes_gs1_elem *e)
{
	const struct gs1_ai *d = gs1_ai_get(e->ai, strnlen(e->ai, 5));

	return d && (d->flags & GS1_F_PREDEF);
}

/* Predefined-length AIs first, then the rest with a GS between them. */
static void format_scan(const struct mes_gs1_msg *m, struct outbuf *o)
{
	static const char gs[1] = { GS1_GS };
	int i, pass, left = 0;

	for (i = 0; i < m->count; i++)
		left += !is_predef(&m->elem[i]);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < m->count; i++) {
			if (is_predef(&m->elem[i]) != (pass == 0))
				continue;
			ob_str(o, m->elem[i].ai, 4);
			ob_str(o, m->elem[i].value, MES_GS1_VALUE_MAX);
			if (pass == 1 && --left > 0)
				ob_put(o, gs, 1);
		}
}

int mes_gs1_format(const struct mes_gs1_msg *m, enum mes_gs1_form form,
                   char *buf, size_t n)
{
	struct outbuf o = { buf, n, 0, 0 };

	if (!buf || !n)
		return MES_ERR_ARG;
	buf[0] = '\0';
	if (!m || m->count < 0 || m->count > MES_GS1_MAX_ELEMS)
		return MES_ERR_ARG;
	switch (form) {
	case MES_GS1_BRACKETED:
		format_bracketed(m, &o);
		break;
	case MES_GS1_SCAN:
		ob_put(&o, "]C1", 3);
		format_scan(m, &o);
		break;
	case MES_GS1_SCAN_NO_AIM:
		format_scan(m, &o);
		break;
	default:
		return MES_ERR_ARG;
	}
	return o.over ? MES_ERR_RANGE : MES_OK;
}

const char *mes_gs1_element_title(const char *ai)
{
	const struct gs1_ai *d;

	if (!ai)
		return NULL;
	d = gs1_ai_get(ai, strnlen(ai, 5));
	return d ? d->title : NULL;
}

const struct mes_gs1_elem *mes_gs1_find(const struct mes_gs1_msg *m,
                                        const char *ai)
{
	int i;

	if (!m || !ai)
		return NULL;
	for (i = 0; i < m->count && i < MES_GS1_MAX_ELEMS; i++)
		if (strncmp(m->elem[i].ai, ai, sizeof m->elem[i].ai) == 0)
			return &m->elem[i];
	return NULL;
}

int mes_gs1_gtin_normalize(const char *in, char out[15], char *err,
                           size_t errlen)
{
	size_t n, i;
	char b[16];
	int want;

	msg_set(err, errlen, "%s", "");
	if (!in || !out) {
		msg_set(err, errlen, "no GTIN");
		return MES_ERR_ARG;
	}
	out[0] = '\0';
	n = strlen(in);
	for (i = 0; i < n; i++)
		if (!is_digit(in[i])) {
			msg_set(err, errlen, "GTIN has %s at position %zu, only "
				"digits are allowed",
				show_byte((unsigned char)in[i], b), i + 1);
			return MES_ERR_SYNTAX;
		}
	if (n != 8 && n != 12 && n != 13 && n != 14) {
		msg_set(err, errlen, "GTIN must be 8, 12, 13 or 14 digits, got %zu",
			n);
		return MES_ERR_SYNTAX;
	}
	want = gs1_csum_digit(in, n);
	if (in[n - 1] - '0' != want) {
		msg_set(err, errlen, "GTIN check digit is %c, expected %d",
			in[n - 1], want);
		return MES_ERR_SYNTAX;
	}
	memset(out, '0', 14 - n);
	memcpy(out + 14 - n, in, n);
	out[14] = '\0';
	return MES_OK;
}
