/*
 * One data record of a CSV import that skips bad rows, for every import
 * that offers it (work orders, purchase order lines): each record in a
 * savepoint of its own, so a bad one goes and the rest stay.
 */
#include <stdio.h>
#include "csv.h"
#include "internal.h"

/* A rejected row, as the line, the reason and the fields it had. */
static void import_reject(struct mes_import_result *res, FILE *rejects,
                          const struct mes_csv *csv, const char *why)
{
	int i;

	res->rejected++;
	if (!res->first_bad_line) {
		res->first_bad_line = csv->line;
		str_copy(res->first_error, sizeof res->first_error, why);
	}
	if (!rejects)
		return;
	fprintf(rejects, "%d,", csv->line);
	mes_csv_put(rejects, why);
	for (i = 0; i < csv->nfields; i++) {
		putc(',', rejects);
		mes_csv_put(rejects, csv->fields[i]);
	}
	fputs("\r\n", rejects);
}

int import_csv_row(struct mes_db *db, const struct mes_csv *csv,
                   int header_fields, struct mes_import_result *res,
                   FILE *rejects,
                   int (*row)(void *ctx, char *why, size_t n), void *ctx)
{
	char why[300] = "";
	int rc;

	res->rows++;
	if (csv->nfields != header_fields) {
		snprintf(why, sizeof why, "%d fields where the header has %d",
		         csv->nfields, header_fields);
		import_reject(res, rejects, csv, why);
		return MES_OK;
	}
	if ((rc = db_exec(db, "SAVEPOINT import_row")) != MES_OK)
		return rc;
	rc = row(ctx, why, sizeof why);
	if (why[0] || rc != MES_OK) {
		db_exec(db, "ROLLBACK TO import_row");
		if (!why[0])
			snprintf(why, sizeof why, "%s", mes_db_errmsg(db));
		import_reject(res, rejects, csv, why);
	} else {
		res->imported++;
	}
	return db_exec(db, "RELEASE import_row");
}
