/* The CSV reader and writer; see csv.h for what it accepts. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csv.h"
#include "mes.h"

void mes_csv_init(struct mes_csv *c, FILE *f, const char *name)
{
	memset(c, 0, sizeof *c);
	c->f = f;
	c->name = name ? name : "-";
	c->next_line = 1;
}

void mes_csv_free(struct mes_csv *c)
{
	free(c->buf);
	free(c->offs);
	free(c->fields);
	c->buf = NULL;
	c->offs = NULL;
	c->fields = NULL;
}

static int fail(struct mes_csv *c, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct mes_csv *c, int rc, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(c->err, sizeof c->err, "%s:%d: %s", c->name, c->next_line,
	         msg);
	return rc;
}

static int put(struct mes_csv *c, int ch)
{
	if (c->len + 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		char *p = realloc(c->buf, cap);

		if (!p)
			return fail(c, MES_ERR_NOMEM, "out of memory");
		c->buf = p;
		c->cap = cap;
	}
	c->buf[c->len++] = (char)ch;
	return MES_OK;
}

/* Ends the field being read; fields are NUL-separated in buf. */
static int end_field(struct mes_csv *c, size_t start)
{
	int rc;

	if (c->nfields >= MES_CSV_FIELDS_MAX)
		return fail(c, MES_ERR_SYNTAX, "more than %d fields",
		            MES_CSV_FIELDS_MAX);
	if (c->nfields == c->fcap) {
		int cap = c->fcap ? c->fcap * 2 : 16;
		size_t *p = realloc(c->offs, (size_t)cap * sizeof *p);

		if (!p)
			return fail(c, MES_ERR_NOMEM, "out of memory");
		c->offs = p;
		c->fcap = cap;
	}
	if ((rc = put(c, 0)) != MES_OK)
		return rc;
	c->offs[c->nfields++] = start;
	return MES_OK;
}

static int finish(struct mes_csv *c)
{
	char **p = realloc(c->fields, (size_t)c->fcap * sizeof *p);
	int i;

	if (!p)
		return fail(c, MES_ERR_NOMEM, "out of memory");
	c->fields = p;
	for (i = 0; i < c->nfields; i++)
		c->fields[i] = c->buf + c->offs[i];
	return 1;
}

/* A UTF-8 byte order mark, as spreadsheets write it, is not data. */
static int skip_bom(struct mes_csv *c)
{
	int ch = getc(c->f);

	c->started = 1;
	if (ch != 0xef) {
		if (ch != EOF)
			ungetc(ch, c->f);
		return MES_OK;
	}
	if (getc(c->f) != 0xbb || getc(c->f) != 0xbf)
		return fail(c, MES_ERR_SYNTAX, "the file starts with a broken "
		            "byte order mark: save it as UTF-8 CSV");
	return MES_OK;
}

enum { F_START, F_PLAIN, F_QUOTED, F_QUOTE_SEEN };

/* The end of a line: \n, \r\n or a lone \r. */
static int eol(struct mes_csv *c, int ch)
{
	int next;

	if (ch == '\n')
		return 1;
	if (ch != '\r')
		return 0;
	next = getc(c->f);
	if (next != '\n' && next != EOF)
		ungetc(next, c->f);
	return 1;
}

/* One character in state *s; 1 when the record ended. */
static int step(struct mes_csv *c, int ch, int *s, size_t *start)
{
	int rc;

	if (ch == 0)
		return fail(c, MES_ERR_SYNTAX, "contains a NUL byte: is this "
		            "a text file?");
	if (*s == F_QUOTED) {
		if (ch == '"') {
			*s = F_QUOTE_SEEN;
			return 0;
		}
		if (ch == '\n')
			c->next_line++;
		return put(c, ch);
	}
	if (*s == F_QUOTE_SEEN && ch == '"') {
		*s = F_QUOTED;
		return put(c, '"');
	}
	if (ch == ',' || eol(c, ch)) {
		if (ch != ',' && *s == F_START && c->nfields == 0)
			return 2;       /* a blank line */
		if ((rc = end_field(c, *start)) != MES_OK)
			return rc;
		*start = c->len;
		*s = F_START;
		return ch == ',' ? 0 : 1;
	}
	if (*s == F_QUOTE_SEEN)
		return fail(c, MES_ERR_SYNTAX, "after a closing quote comes a "
		            "comma or the end of the line, not '%c'", ch);
	if (ch == '"' && *s == F_START) {
		*s = F_QUOTED;
		return 0;
	}
	if (ch == '"')
		return fail(c, MES_ERR_SYNTAX, "a quote inside an unquoted "
		            "field: quote the whole field and double the quote");
	*s = F_PLAIN;
	return put(c, ch);
}

int mes_csv_read(struct mes_csv *c)
{
	size_t start = 0;
	int ch, s = F_START, r, rc;

	if (!c->started && (rc = skip_bom(c)) != MES_OK)
		return rc;
	c->len = 0;
	c->nfields = 0;
	c->line = c->next_line;
	while ((ch = getc(c->f)) != EOF) {
		if (c->len - start > MES_CSV_FIELD_MAX)
			return fail(c, MES_ERR_SYNTAX, "a field longer than "
			            "%d bytes", MES_CSV_FIELD_MAX);
		r = step(c, ch, &s, &start);
		if (r < 0)
			return r;
		if (r == 0)
			continue;
		c->next_line++;
		if (r == 1)
			return finish(c);
		c->line = c->next_line;     /* blank: the record starts later */
	}
	if (ferror(c->f))
		return fail(c, MES_ERR_IO, "read error");
	if (s == F_QUOTED)
		return fail(c, MES_ERR_SYNTAX, "a quoted field opened on line "
		            "%d never closes", c->line);
	if (s == F_START && c->nfields == 0)
		return 0;
	if ((rc = end_field(c, start)) != MES_OK)
		return rc;
	return finish(c);
}

/* Header names compare without case and surrounding blanks. */
static int name_is(const char *field, const char *name)
{
	size_t n = strlen(name);

	while (isspace((unsigned char)*field))
		field++;
	if (strncasecmp(field, name, n) != 0)
		return 0;
	for (field += n; *field; field++)
		if (!isspace((unsigned char)*field))
			return 0;
	return 1;
}

static void name_list(const char *const *names, char *out, size_t n)
{
	size_t len = 0;
	int k;

	out[0] = 0;
	for (k = 0; names[k] && len + 1 < n; k++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		                        k ? ", " : "", names[k]);
}

int mes_csv_header(struct mes_csv *c, const char *const *names, int *col)
{
	char list[256];
	int i, k, rc, saved;

	for (k = 0; names[k]; k++)
		col[k] = -1;
	rc = mes_csv_read(c);
	if (rc < 0)
		return rc;
	saved = c->next_line;
	c->next_line = c->line;     /* messages name the header's line */
	if (rc == 0)
		return fail(c, MES_ERR_SYNTAX, "empty file: the first line "
		            "names the columns");
	name_list(names, list, sizeof list);
	for (i = 0; i < c->nfields; i++) {
		for (k = 0; names[k] && !name_is(c->fields[i], names[k]); k++)
			;
		if (!names[k])
			rc = fail(c, MES_ERR_SYNTAX, "unknown column \"%.40s\" "
			          "(column %d): the columns are %s",
			          c->fields[i], i + 1, list);
		else if (col[k] >= 0)
			rc = fail(c, MES_ERR_SYNTAX, "column \"%s\" appears "
			          "twice (columns %d and %d)", names[k],
			          col[k] + 1, i + 1);
		if (rc < 0)
			break;
		col[k] = i;
	}
	c->next_line = saved;
	return rc < 0 ? rc : MES_OK;
}

void mes_csv_put(FILE *out, const char *s)
{
	if (!s)
		s = "";
	if (!s[strcspn(s, ",\"\r\n")] && s[0] != ' ' &&
	    (!*s || s[strlen(s) - 1] != ' ')) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}
