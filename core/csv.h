/*
 * A CSV reader for imports (RFC 4180): quoted fields with doubled quotes
 * and line breaks inside, CRLF or LF, a UTF-8 byte order mark, blank lines
 * skipped.  Errors name the file and line.  No SQLite here, so any
 * program may read a CSV file the way the importers do.
 */
#ifndef MES_CSV_H
#define MES_CSV_H

#include <stdio.h>

#define MES_CSV_FIELD_MAX (64 * 1024)
#define MES_CSV_FIELDS_MAX 256

struct mes_csv {
	FILE *f;
	const char *name;        /* for messages */
	int line;                /* where the record just read starts */
	int nfields;
	char **fields;           /* valid until the next read */
	char err[512];           /* "name:line: what is wrong" */
	/* the reader's own */
	int next_line, started;
	char *buf;
	size_t len, cap;
	size_t *offs;
	int fcap;
};

void mes_csv_init(struct mes_csv *c, FILE *f, const char *name);
/* 1: a record in fields; 0: end of file; MES_ERR_SYNTAX (err says
 * where and why), MES_ERR_NOMEM or MES_ERR_IO. */
int mes_csv_read(struct mes_csv *c);
void mes_csv_free(struct mes_csv *c);

/*
 * Reads the header record and maps it onto names (NULL-terminated, matched
 * without case, blanks trimmed): col[k] is the field index of names[k],
 * or -1 when the file lacks it.  A column not in names, a repeated or an
 * empty one is MES_ERR_SYNTAX naming it; an empty file is MES_ERR_SYNTAX.
 */
int mes_csv_header(struct mes_csv *c, const char *const *names, int *col);

/* Writes one field, quoted when it must be. */
void mes_csv_put(FILE *out, const char *s);

#endif
