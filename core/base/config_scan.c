/*
 * The pre-scan of mes.ini: what iniparser 4.1 accepts but a plant must not
 * (duplicate keys that silently win, over-long lines, a backslash that
 * joins the next line, keys before any section), each reported with file
 * and line before iniparser sees the file.  This file does not use the library.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_int.h"

/* ---- the pre-scan: what iniparser accepts but we must not --------------- */

struct seen {
	char *name;             /* "section:key", folded as iniparser folds */
	int line;
};

struct scan {
	const char *path;
	char sec[INI_LINE_MAX + 1];
	int have_sec;
	int syntax_line;        /* first line iniparser will reject */
	struct seen *v;
	size_t n, cap;
	char *err;
	size_t errn;
};

static int scan_err(struct scan *sc, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int scan_err(struct scan *sc, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	msg_set(sc->err, sc->errn, "%s:%d: %s", sc->path, line, msg);
	return MES_ERR_CONFIG;
}

/* Trims as iniparser's strstrip() does; returns the new start. */
static char *strip(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	return s;
}

void config_fold(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static int seen_add(struct scan *sc, const char *key, int line)
{
	size_t len = strlen(sc->sec) + strlen(key) + 2;
	char *name;

	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 32;
		struct seen *v = realloc(sc->v, cap * sizeof *v);

		if (!v)
			return MES_ERR_NOMEM;
		sc->v = v;
		sc->cap = cap;
	}
	name = malloc(len);
	if (!name)
		return MES_ERR_NOMEM;
	snprintf(name, len, "%s:%s", sc->sec, key);
	sc->v[sc->n].name = name;
	sc->v[sc->n].line = line;
	sc->n++;
	return MES_OK;
}

static int scan_section(struct scan *sc, char *s, int line)
{
	char q[QUOTE_MAX];
	char *name;

	s[strlen(s) - 1] = '\0';
	name = strip(s + 1);
	if (strchr(name, ']'))
		return scan_err(sc, line, "a section header is \"[name]\" alone on its line");
	if (!*name)
		return scan_err(sc, line, "empty section name");
	/* iniparser stores keys as "section:key": a ':' would split wrongly. */
	if (strchr(name, ':'))
		return scan_err(sc, line, "section name \"%s\" contains ':'",
		                mes_text_safe(q, sizeof q, name));
	config_fold(name);
	snprintf(sc->sec, sizeof sc->sec, "%s", name);
	sc->have_sec = 1;
	return MES_OK;
}

/* One physical line, without its '\n'; len counts every byte. */
static int scan_line(struct scan *sc, char *s, size_t len, int line)
{
	char *e, *eq;

	if (memchr(s, '\0', len))
		return scan_err(sc, line, "contains a NUL byte");
	if (len > INI_LINE_MAX)
		return scan_err(sc, line, "line is longer than %d bytes",
		                INI_LINE_MAX);
	s = strip(s);
	if (!*s)
		return MES_OK;
	e = s + strlen(s) - 1;
	/* iniparser would glue the next line on, even to a comment. */
	if (*e == '\\')
		return scan_err(sc, line, "line ends with a backslash "
		                "(continuation lines are not supported)");
	if (*s == '#' || *s == ';')
		return MES_OK;
	if (*s == '[' && *e == ']')
		return scan_section(sc, s, line);
	eq = strchr(s, '=');
	if (!eq || eq == s) {
		/* iniparser reports it; its text goes into the message. */
		sc->syntax_line = line;
		return MES_OK;
	}
	if (!sc->have_sec)
		return scan_err(sc, line, "key before the first [section]");
	*eq = '\0';
	s = strip(s);
	config_fold(s);
	return seen_add(sc, s, line);
}

static int seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Reports the duplicate that comes first in the file. */
static int scan_dups(struct scan *sc)
{
	char qs[QUOTE_MAX], qk[QUOTE_MAX];
	size_t i, bad = 0;
	char *key;

	if (sc->n < 2)
		return MES_OK;
	qsort(sc->v, sc->n, sizeof *sc->v, seen_cmp);
	for (i = 1; i < sc->n; i++) {
		if (strcmp(sc->v[i].name, sc->v[i - 1].name))
			continue;
		if (!bad || sc->v[i].line < sc->v[bad].line)
			bad = i;
	}
	if (!bad)
		return MES_OK;
	/* Section names hold no ':', so the first one ends the section. */
	key = strchr(sc->v[bad].name, ':');
	*key++ = '\0';
	return scan_err(sc, sc->v[bad].line,
	                "duplicate key \"%s\" in [%s] (first set on line %d)",
	                mes_text_safe(qk, sizeof qk, key),
	                mes_text_safe(qs, sizeof qs, sc->v[bad].name),
	                sc->v[bad - 1].line);
}

static int scan_lines(struct scan *sc, FILE *f)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	int line = 0, rc = MES_OK;

	while (rc == MES_OK && !sc->syntax_line) {
		errno = 0;
		len = getline(&buf, &cap, f);
		if (len < 0)
			break;
		line++;
		if (len > 0 && buf[len - 1] == '\n')
			buf[--len] = '\0';
		rc = scan_line(sc, buf, (size_t)len, line);
	}
	if (rc == MES_OK && !sc->syntax_line && (ferror(f) || errno)) {
		rc = errno == ENOMEM ? MES_ERR_NOMEM : MES_ERR_IO;
		msg_set(sc->err, sc->errn, "%s: %s", sc->path,
		        errno ? strerror(errno) : "read error");
	}
	free(buf);
	return rc;
}

/* Sets *syntax_line to the first line iniparser will call a syntax error. */
int config_prescan(const char *path, int *syntax_line, char *err,
                   size_t errn)
{
	struct scan sc;
	FILE *f;
	size_t i;
	int rc;

	memset(&sc, 0, sizeof sc);
	sc.path = path;
	sc.err = err;
	sc.errn = errn;
	f = fopen(path, "r");
	if (!f) {
		msg_set(err, errn, "%s: %s", path, strerror(errno));
		return MES_ERR_CONFIG;
	}
	/* Invisible in any message iniparser would give about line 1. */
	if (getc(f) == 0xEF && getc(f) == 0xBB && getc(f) == 0xBF) {
		fclose(f);
		msg_set(err, errn, "%s starts with a UTF-8 byte order mark"
			" (some editors add one): save it as UTF-8 without "
			"BOM, or remove it with: sed -i '1s/^\\xEF\\xBB\\xBF//' "
			"%s", path, path);
		return MES_ERR_CONFIG;
	}
	rewind(f);
	rc = scan_lines(&sc, f);
	fclose(f);
	if (rc == MES_OK)
		rc = scan_dups(&sc);
	if (rc == MES_ERR_NOMEM)
		msg_set(err, errn, "%s: out of memory", path);
	*syntax_line = sc.syntax_line;
	for (i = 0; i < sc.n; i++)
		free(sc.v[i].name);
	free(sc.v);
	return rc;
}

