/*
 * Readers for the public benchmark formats.  Both are whitespace-separated
 * integers, so one tokenizer that remembers the line of each token serves
 * both; every error names that line, because these files are edited and
 * copied by hand and a bare "syntax error" sends people hunting.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sched_int.h"

struct lex {
	const char *p;
	int line;
	int tok_line;              /* of the last token, for end of file */
	char *err;
	size_t errn;
};

static int lex_fail(struct lex *x, int rc, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int lex_fail(struct lex *x, int rc, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!x->err || !x->errn)
		return rc;
	n = snprintf(x->err, x->errn, "line %d: ", line);
	if (n < 0 || (size_t)n >= x->errn)
		return rc;
	va_start(ap, fmt);
	vsnprintf(x->err + n, x->errn - (size_t)n, fmt, ap);
	va_end(ap);
	return rc;
}

/* Skips blanks, newlines and '#' comment lines. */
static void skip_space(struct lex *x)
{
	for (;;) {
		while (*x->p == ' ' || *x->p == '\t' || *x->p == '\r' ||
		       *x->p == '\n') {
			if (*x->p == '\n')
				x->line++;
			x->p++;
		}
		if (*x->p != '#')
			return;
		while (*x->p && *x->p != '\n')
			x->p++;
	}
}

static void skip_line(struct lex *x)
{
	while (*x->p && *x->p != '\n')
		x->p++;
}

/* The next integer; `what` says what was expected, for the message. */
static int lex_int(struct lex *x, long long *v, int *line, const char *what)
{
	char *end;

	skip_space(x);
	*line = x->line;
	if (!*x->p)
		return lex_fail(x, MES_ERR_SYNTAX, x->tok_line,
		                "unexpected end of file, expected %s", what);
	x->tok_line = x->line;
	errno = 0;
	*v = strtoll(x->p, &end, 10);
	if (end == x->p || errno == ERANGE ||
	    (*end && !strchr(" \t\r\n", *end)))
		return lex_fail(x, MES_ERR_SYNTAX, x->line,
		                "expected %s (an integer), found \"%.*s\"", what,
		                (int)strcspn(x->p, " \t\r\n") > 12 ? 12 :
		                (int)strcspn(x->p, " \t\r\n"), x->p);
	x->p = end;
	return MES_OK;
}

static int lex_count(struct lex *x, long long *v, long long max,
                     const char *what)
{
	int line, rc = lex_int(x, v, &line, what);

	if (rc)
		return rc;
	if (*v < 1 || *v > max)
		return lex_fail(x, MES_ERR_RANGE, line,
		                "%s %lld out of range 1..%lld", what, *v, max);
	return MES_OK;
}

#define MAX_COUNT 1000000

/* One `machine time` pair; machines in the file start at `base`. */
static int lex_pair(struct lex *x, int nm, int base, int *k, long long *p)
{
	long long v;
	int line, rc = lex_int(x, &v, &line, "a machine number");

	if (rc)
		return rc;
	if (v < base || v >= (long long)nm + base)
		return lex_fail(x, MES_ERR_RANGE, line,
		                "machine %lld out of range %d..%d", v, base,
		                nm - 1 + base);
	*k = (int)(v - base);
	rc = lex_int(x, p, &line, "a processing time");
	if (rc)
		return rc;
	if (*p < 0)
		return lex_fail(x, MES_ERR_RANGE, line,
		                "negative processing time %lld", *p);
	if (*p >= SCHED_INF / 1024)
		return lex_fail(x, MES_ERR_RANGE, line,
		                "processing time %lld too large", *p);
	return MES_OK;
}

static int new_model(struct lex *x, long long nm, int base,
                     struct mes_sched_model **out)
{
	char name[16];
	int k;

	if (mes_sched_model_new(out))
		return lex_fail(x, MES_ERR_NOMEM, x->line, "out of memory");
	for (k = 0; k < nm; k++) {
		snprintf(name, sizeof name, "%d", k + base);
		if (mes_sched_machine_add(*out, name, NULL))
			return lex_fail(x, MES_ERR_NOMEM, x->line,
			                "out of memory");
	}
	return MES_OK;
}

static int add_op(struct lex *x, struct mes_sched_model *m, int job,
                  int *op)
{
	if (mes_sched_op_add(m, job, op))
		return lex_fail(x, MES_ERR_NOMEM, x->line, "out of memory");
	return MES_OK;
}

static int jssp_job(struct lex *x, struct mes_sched_model *m, int j, int nm)
{
	int i, rc, job, op, k;
	long long p;

	if (mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1.0, 0, &job))
		return lex_fail(x, MES_ERR_NOMEM, x->line, "out of memory");
	for (i = 0; i < nm; i++) {
		rc = lex_pair(x, nm, 0, &k, &p);
		if (rc) {
			if (rc == MES_ERR_SYNTAX && !*x->p)
				return lex_fail(x, rc, x->tok_line,
				                "file ends in job %d at operation "
				                "%d of %d (truncated?)", j + 1,
				                i + 1, nm);
			return rc;
		}
		rc = add_op(x, m, job, &op);
		if (rc)
			return rc;
		if (mes_sched_op_alt(m, op, k, p))
			return lex_fail(x, MES_ERR_NOMEM, x->line,
			                "out of memory");
	}
	return MES_OK;
}

static int fjs_op(struct lex *x, struct mes_sched_model *m, int job, int nm)
{
	long long na, p;
	int a, k, op, rc, line;

	rc = add_op(x, m, job, &op);
	if (!rc)
		rc = lex_count(x, &na, nm, "number of machines of an operation");
	for (a = 0; !rc && a < na; a++) {
		skip_space(x);
		line = x->line;
		rc = lex_pair(x, nm, 1, &k, &p);
		if (rc)
			break;
		rc = mes_sched_op_alt(m, op, k, p);
		if (rc == MES_ERR_EXISTS)
			return lex_fail(x, MES_ERR_SYNTAX, line,
			                "machine %d listed twice for one "
			                "operation", k + 1);
		if (rc)
			return lex_fail(x, rc, line, "%s", mes_sched_errmsg(m));
	}
	return rc;
}

static int fjs_job(struct lex *x, struct mes_sched_model *m, int j,
                   int njobs, int nm)
{
	long long nops;
	int i, rc, job;

	if (mes_sched_job_add(m, 0, MES_SCHED_NO_DUE, 1.0, 0, &job))
		return lex_fail(x, MES_ERR_NOMEM, x->line, "out of memory");
	rc = lex_count(x, &nops, MAX_COUNT, "number of operations");
	for (i = 0; !rc && i < nops; i++)
		rc = fjs_op(x, m, job, nm);
	if (rc == MES_ERR_SYNTAX && !*x->p)
		return lex_fail(x, rc, x->tok_line,
		                "file ends in job %d of %d, in its operations "
		                "(truncated?)", j + 1, njobs);
	return rc;
}

/* Both formats open with the number of jobs and of machines; the
 * flexible one (FJS) has the average flexibility, unused, on that line
 * too, and numbers its machines from 1 where JSSP does from 0. */
static int parse_instance(const char *text, int flexible,
                          struct mes_sched_model **out, char *errbuf,
                          size_t errn)
{
	struct lex x = { text, 1, 1, errbuf, errn };
	long long nj, nm;
	int rc, j;

	*out = NULL;
	if (errbuf && errn)
		errbuf[0] = 0;
	rc = lex_count(&x, &nj, MAX_COUNT, "number of jobs");
	if (!rc)
		rc = lex_count(&x, &nm, 100000, "number of machines");
	if (!rc) {
		if (flexible)
			skip_line(&x);
		rc = new_model(&x, nm, flexible ? 1 : 0, out);
	}
	for (j = 0; !rc && j < nj; j++)
		rc = flexible ? fjs_job(&x, *out, j, (int)nj, (int)nm) :
		     jssp_job(&x, *out, j, (int)nm);
	if (rc) {
		mes_sched_model_free(*out);
		*out = NULL;
	}
	return rc;
}

int mes_sched_parse_jssp(const char *text, struct mes_sched_model **out,
                         char *errbuf, size_t errn)
{
	return parse_instance(text, 0, out, errbuf, errn);
}

int mes_sched_parse_fjs(const char *text, struct mes_sched_model **out,
                        char *errbuf, size_t errn)
{
	return parse_instance(text, 1, out, errbuf, errn);
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

int mes_sched_read_file(const char *path, struct mes_sched_model **out,
                        char *errbuf, size_t errn)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int rc;

	*out = NULL;
	if (!f) {
		snprintf(errbuf, errn, "%s", strerror(errno));
		return MES_ERR_IO;
	}
	do {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				snprintf(errbuf, errn, "out of memory");
				return MES_ERR_NOMEM;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, 4096, f);
		len += got;
	} while (got > 0);
	rc = ferror(f) ? MES_ERR_IO : MES_OK;
	fclose(f);
	if (rc) {
		free(buf);
		snprintf(errbuf, errn, "read error");
		return rc;
	}
	buf[len] = 0;
	if (memchr(buf, 0, len)) {
		free(buf);
		snprintf(errbuf, errn, "not a text file");
		return MES_ERR_SYNTAX;
	}
	if (has_suffix(path, ".fjs"))
		rc = mes_sched_parse_fjs(buf, out, errbuf, errn);
	else
		rc = mes_sched_parse_jssp(buf, out, errbuf, errn);
	free(buf);
	return rc;
}
