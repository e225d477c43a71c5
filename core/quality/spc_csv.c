/*
 * The reader for `mesctl spc` input.  Strict on purpose: a value it
 * guessed at would move the limits without anyone noticing, so every
 * rejection names the line and field and quotes what was there.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "spc_int.h"

#define MAX_POINTS 10000000
#define FIELD_MAX 64

struct reader {
	enum mes_spc_type type;
	int size;           /* values per point once known */
	int size_line;      /* the line that fixed it, 0 when given */
	int points, cap;
	double *x, *count, *n;
	int *line;
	int lineno;
	char *err;
	size_t errn;
};

static int grow(struct reader *r)
{
	int cap = r->cap ? r->cap * 2 : 64;
	/* For attribute charts size is a sample size, and x goes unused. */
	size_t per = mes_spc_type_is_variables(r->type) ? (size_t)r->size : 1;
	double *x = realloc(r->x, (size_t)cap * per * sizeof *x);
	double *count, *n;
	int *line;

	if (x)
		r->x = x;
	count = realloc(r->count, (size_t)cap * sizeof *count);
	if (count)
		r->count = count;
	n = realloc(r->n, (size_t)cap * sizeof *n);
	if (n)
		r->n = n;
	line = realloc(r->line, (size_t)cap * sizeof *line);
	if (line)
		r->line = line;
	if (!x || !count || !n || !line)
		return spc_fail(MES_ERR_NOMEM, r->err, r->errn, "out of memory");
	r->cap = cap;
	return MES_OK;
}

/* A field as a finite decimal number: no hex, no "inf", no "nan". */
static int number(struct reader *r, const char *s, size_t len, int field,
                  const char *what, double *out)
{
	char buf[FIELD_MAX + 1], *end;
	size_t i;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d, field %d: %s is empty", r->lineno,
		                field, what);
	for (i = 0; i < len; i++)
		if (!strchr("0123456789+-.eE", s[i]) || !s[i])
			break;
	if (i < len && !isprint((unsigned char)s[i]))
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d, field %d: %s holds the byte 0x%02x",
		                r->lineno, field, what, (unsigned char)s[i]);
	if (len > FIELD_MAX)
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d, field %d: %s \"%.20s...\" is too long",
		                r->lineno, field, what, s);
	if (i == len) {
		memcpy(buf, s, len);
		buf[len] = 0;
		*out = strtod(buf, &end);
		if (end == buf + len && isfinite(*out))
			return MES_OK;
	}
	return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
	                "line %d, field %d: %s \"%.*s\" is not a number",
	                r->lineno, field, what, (int)len, s);
}

static int whole(struct reader *r, const char *s, size_t len, int field,
                 const char *what, double min, double *out)
{
	int rc = number(r, s, len, field, what, out);

	if (rc == MES_OK && (*out != floor(*out) || *out < min || *out > 1e15))
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d, field %d: %s %g is not a whole number"
		                " >= %g", r->lineno, field, what, *out, min);
	return rc;
}

/* Splits [s, e) at commas; returns the number of fields. */
static int split(const char *s, const char *e, const char **f, size_t *flen,
                 int max)
{
	int k = 0;
	const char *c;

	for (;;) {
		c = memchr(s, ',', (size_t)(e - s));
		if (k < max) {
			f[k] = s;
			flen[k] = (size_t)((c ? c : e) - s);
		}
		k++;
		if (!c)
			return k;
		s = c + 1;
	}
}

static int fix_size(struct reader *r, int nf)
{
	if (r->type == MES_SPC_IMR && nf != 1)
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d: %d values, but an I-MR chart takes one"
		                " value per line", r->lineno, nf);
	if (r->size == 0) {
		if (nf < MES_SPC_NMIN || nf > MES_SPC_NMAX)
			return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
			                "line %d: a subgroup of %d values, but"
			                " X-bar charts take %d to %d (imr for"
			                " single values)", r->lineno, nf,
			                MES_SPC_NMIN, MES_SPC_NMAX);
		r->size = nf;
		r->size_line = r->lineno;
	}
	if (nf == r->size)
		return MES_OK;
	if (r->size_line)
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d: %d values, but line %d has %d (one"
		                " subgroup per line, all of one size)", r->lineno,
		                nf, r->size_line, r->size);
	return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
	                "line %d: %d values, but the subgroup size is %d",
	                r->lineno, nf, r->size);
}

static int variables_line(struct reader *r, const char **f, size_t *fl,
                          int nf)
{
	double *dst;
	int k, rc;

	if ((rc = fix_size(r, nf)) != MES_OK)
		return rc;
	if (r->points == r->cap && (rc = grow(r)) != MES_OK)
		return rc;
	dst = r->x + (size_t)r->points * r->size;
	for (k = 0; k < nf; k++)
		if ((rc = number(r, f[k], fl[k], k + 1, "value", &dst[k])) !=
		    MES_OK)
			return rc;
	return MES_OK;
}

static int attributes_line(struct reader *r, const char **f, size_t *fl,
                           int nf)
{
	int want = r->type == MES_SPC_C ? 1 : 2, rc;
	double *count, *n;

	if (nf != want && !(want == 2 && nf == 1 && r->size > 0))
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d: %d field%s, but a %s chart takes %s",
		                r->lineno, nf, nf == 1 ? "" : "s",
		                mes_spc_type_name(r->type),
		                want == 1 ? "count" : "count,sample_size");
	if (r->points == r->cap && (rc = grow(r)) != MES_OK)
		return rc;
	count = &r->count[r->points];
	n = &r->n[r->points];
	if ((rc = whole(r, f[0], fl[0], 1, "count", 0, count)) != MES_OK)
		return rc;
	*n = r->size > 0 ? r->size : 1;
	if (nf == 2 && r->type == MES_SPC_U) {
		if ((rc = number(r, f[1], fl[1], 2, "units", n)) != MES_OK)
			return rc;
		if (!(*n > 0))
			return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
			                "line %d, field 2: units %g must be more"
			                " than 0", r->lineno, *n);
	} else if (nf == 2 &&
	           (rc = whole(r, f[1], fl[1], 2, "sample size", 1, n)) !=
	           MES_OK) {
		return rc;
	}
	if (r->type != MES_SPC_U && r->type != MES_SPC_C && *count > *n)
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d: count %g is more than the sample size"
		                " %g", r->lineno, *count, *n);
	return MES_OK;
}

static int one_line(struct reader *r, const char *s, const char *e)
{
	const char *f[MES_SPC_NMAX + 1];
	const char *hash = memchr(s, '#', (size_t)(e - s));
	size_t fl[MES_SPC_NMAX + 1];
	int nf, rc, vars = mes_spc_type_is_variables(r->type);

	if (hash)
		e = hash;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	while (s < e && isspace((unsigned char)*s))
		s++;
	if (s == e)
		return MES_OK;
	if (r->points >= MAX_POINTS)
		return spc_fail(MES_ERR_SYNTAX, r->err, r->errn,
		                "line %d: more than %d points", r->lineno,
		                MAX_POINTS);
	/* nf may exceed the fields kept; every path checks it first. */
	nf = split(s, e, f, fl, MES_SPC_NMAX + 1);
	rc = vars ? variables_line(r, f, fl, nf) :
	            attributes_line(r, f, fl, nf);
	if (rc == MES_OK)
		r->line[r->points++] = r->lineno;
	return rc;
}

/* Moves the arrays into one block that mes_spc_data_free() releases. */
static int pack(struct reader *r, struct mes_spc_data *out)
{
	size_t np = (size_t)r->points, per = r->size > 0 ? (size_t)r->size : 1;
	size_t nx = mes_spc_type_is_variables(r->type) ? np * per : 0;
	size_t na = mes_spc_type_is_variables(r->type) ? 0 : np;
	char *buf = malloc((nx + 2 * na) * sizeof(double) + np * sizeof(int));
	double *d = (double *)(void *)buf;
	int *line = (int *)(void *)(buf + (nx + 2 * na) * sizeof(double));

	if (!buf)
		return spc_fail(MES_ERR_NOMEM, r->err, r->errn, "out of memory");
	memset(out, 0, sizeof *out);
	out->type = r->type;
	out->points = r->points;
	out->size = nx ? r->size : 0;
	if (nx) {
		memcpy(d, r->x, nx * sizeof *d);
		out->x = d;
	} else {
		memcpy(d, r->count, na * sizeof *d);
		memcpy(d + na, r->n, na * sizeof *d);
		out->count = d;
		out->n = r->type == MES_SPC_C ? NULL : d + na;
	}
	memcpy(line, r->line, np * sizeof *line);
	out->line = line;
	out->buf = buf;
	return MES_OK;
}

int mes_spc_csv_parse(const char *text, size_t len, enum mes_spc_type type,
                      int size, struct mes_spc_data *out, char *err,
                      size_t errn)
{
	struct reader r;
	const char *p = text, *end = text + len, *eol;
	int rc = MES_OK;

	if (!out || (!text && len))
		return spc_fail(MES_ERR_ARG, err, errn, "no input");
	memset(out, 0, sizeof *out);
	if (mes_spc_type_is_variables(type) && type != MES_SPC_IMR && size &&
	    (size < MES_SPC_NMIN || size > MES_SPC_NMAX))
		return spc_fail(MES_ERR_RANGE, err, errn, "subgroup size %d is"
		                " outside %d..%d", size, MES_SPC_NMIN,
		                MES_SPC_NMAX);
	memset(&r, 0, sizeof r);
	r.type = type;
	r.size = type == MES_SPC_IMR ? 1 : size > 0 ? size : 0;
	r.err = err;
	r.errn = errn;
	while (p < end && rc == MES_OK) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		r.lineno++;
		rc = one_line(&r, p, eol);
		p = eol + 1;
	}
	if (rc == MES_OK && !r.points)
		rc = spc_fail(MES_ERR_ARG, err, errn, "no data: every line is"
		              " blank or a comment");
	if (rc == MES_OK)
		rc = pack(&r, out);
	free(r.x);
	free(r.count);
	free(r.n);
	free(r.line);
	return rc;
}
