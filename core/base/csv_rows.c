/*
 * A CSV import of one kind of row, for every import that offers skipping
 * bad rows (work orders, purchase order lines): the header, each record
 * in a savepoint of its own, so a bad one goes and the rest stay, and the
 * all-or-nothing rule when bad rows are not skipped.
 */
#include <stdio.h>
#include <string.h>
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

/* One data record: a record with another number of fields than the
 * header, or one that row() refuses (a reason in why, or an error while
 * adding it), is rolled back, counted and written to the rejects.  An
 * error only when the import as a whole cannot go on. */
static int import_csv_row(struct mes_db *db, const struct mes_csv *csv,
                          int header_fields, struct mes_import_result *res,
                          FILE *rejects,
                          int (*row)(void *ctx, char *why, size_t n),
                          void *ctx)
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

void csv_import_fields(struct csv_import *im, const char **f, int n)
{
	int k;

	for (k = 0; k < n; k++)
		f[k] = im->col[k] >= 0 ?
		       str_trim(im->csv.fields[im->col[k]]) : "";
}

static void rejects_header(struct csv_import *im, int with_fields)
{
	int i;

	if (!im->rejects)
		return;
	fputs("line,reason", im->rejects);
	for (i = 0; with_fields && i < im->csv.nfields; i++) {
		putc(',', im->rejects);
		mes_csv_put(im->rejects, str_trim(im->csv.fields[i]));
	}
	fputs("\r\n", im->rejects);
}

static int read_rows(struct csv_import *im, const struct csv_import_kind *k,
                     void *ctx)
{
	int rc, i, nhdr;

	if (mes_csv_header(&im->csv, k->cols, im->col) != MES_OK)
		return db_fail(im->db, MES_ERR_SYNTAX, "%s", im->csv.err);
	for (i = 0; k->cols[i]; i++)
		if (im->col[i] < 0 && !(k->optional & 1u << i))
			return db_fail(im->db, MES_ERR_SYNTAX, "%s:%d: column "
			               "\"%s\" is missing: the header needs %s",
			               im->csv.name, im->csv.line, k->cols[i],
			               k->needs);
	nhdr = im->csv.nfields;
	rejects_header(im, k->rejects_fields);
	while ((rc = mes_csv_read(&im->csv)) == 1)
		if ((rc = import_csv_row(im->db, &im->csv, nhdr, im->res,
		                         im->rejects, k->row, ctx)) != MES_OK)
			return rc;
	if (rc < 0)
		return db_fail(im->db, rc, "%s: nothing was imported",
		               im->csv.err);
	return MES_OK;
}

/* One record for the file as a whole, after the one per row. */
static int audit_summary(struct csv_import *im, const struct csv_import_kind *k)
{
	struct mes_json b;
	int rc;

	mes_json_init(&b);
	mes_json_int(&b, "rows", im->res->rows);
	mes_json_int(&b, "imported", im->res->imported);
	mes_json_int(&b, "rejected", im->res->rejected);
	rc = mes_json_done(&b) ? audit_append(im->db, k->action, k->tbl,
	     im->csv.name, "", b.p, "") : MES_ERR_NOMEM;
	mes_json_free(&b);
	return rc;
}

int csv_import_run(struct mes_db *db, FILE *in, const char *name,
                   int skip_bad, FILE *rejects,
                   struct mes_import_result *res,
                   const struct csv_import_kind *k, struct csv_import *im,
                   void *ctx)
{
	struct mes_import_result dummy;
	int rc;

	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	if (!db || !db->h || !in)
		return db_badarg(db, __func__);
	memset(im, 0, sizeof *im);
	im->db = db;
	im->rejects = rejects;
	im->res = res;
	mes_csv_init(&im->csv, in, name);
	if ((rc = tx_begin(db, k->perm, k->action)) != MES_OK)
		return rc;
	rc = read_rows(im, k, ctx);
	if (rc == MES_OK && res->rejected && !skip_bad)
		rc = db_fail(db, MES_ERR_ARG, "%s:%d: %s; %d of %d rows are "
		             "bad: nothing was imported", im->csv.name,
		             res->first_bad_line, res->first_error,
		             res->rejected, res->rows);
	if (rc == MES_OK)
		rc = audit_summary(im, k);
	if (rc != MES_OK)
		res->imported = 0;
	rc = tx_end(db, rc);
	mes_csv_free(&im->csv);
	if (rejects)
		fflush(rejects);
	return rc;
}
