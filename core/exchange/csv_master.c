/*
 * Master data in and out as CSV for people who keep it in spreadsheets.
 * Each kind has a documented header (mes_master_header); a file is
 * imported in one transaction: rows are added or, when their key exists,
 * changed; any bad line and nothing is kept, and the message lists the
 * bad lines (the first ten) as NAME:LINE: what.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csv_int.h"

static const struct mkind *const kinds[] = {
	&mkind_items, &mkind_workcenters, &mkind_routings, &mkind_users,
	&mkind_inspection_plans, NULL
};

static const struct mkind *find_kind(const char *name)
{
	int k;

	for (k = 0; name && kinds[k]; k++)
		if (!strcmp(kinds[k]->name, name))
			return kinds[k];
	return NULL;
}

/* The documented header of a kind ("item_no,description,..."). */
static const char *mes_master_header(const char *kind)
{
	static char buf[512];
	const struct mkind *k = find_kind(kind);
	size_t n = 0;
	int c;

	buf[0] = 0;
	for (c = 0; k && k->cols[c] && n + 1 < sizeof buf; c++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
		                      c ? "," : "", k->cols[c]);
	return buf;
}

void mbad(struct mimp *m, const char *fmt, ...)
{
	char what[300];
	size_t n = strlen(m->errs);
	va_list ap;

	if (m->nerr++ >= 10)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(m->errs + n, sizeof m->errs - n, "%s%.60s:%d: %s",
	         n ? "\n" : "", m->name, m->csv.line, what);
}

int mint(struct mimp *m, const char *what, const char *s, long lo, long hi,
         long dflt, long *out)
{
	char *end;

	if (!s || !*s) {
		*out = dflt;
		return 1;
	}
	*out = strtol(s, &end, 10);
	if (*end || *out < lo || *out > hi) {
		mbad(m, "%s \"%.20s\": a whole number %ld to %ld", what, s, lo,
		     hi);
		return 0;
	}
	return 1;
}

int mreal(struct mimp *m, const char *what, const char *s, double dflt,
          double *out)
{
	char *end;

	if (!s || !*s) {
		*out = dflt;
		return 1;
	}
	*out = strtod(s, &end);
	if (*end || !isfinite(*out) || *out < 0 || *out > 1e9) {
		mbad(m, "%s \"%.20s\": a number, 0 or more", what, s);
		return 0;
	}
	return 1;
}

int maudit(struct mimp *m, const char *action, const char *tbl,
           const char *key, const char *old_json, const char *new_json)
{
	char why[160];

	snprintf(why, sizeof why, "CSV import %.100s line %d", m->name,
	         m->csv.line);
	if (!new_json)
		return db_fail(m->db, MES_ERR_NOMEM, "out of memory");
	if (old_json && *old_json)
		m->res->updated++;
	else
		m->res->added++;
	return audit_append(m->db, action, tbl, key, old_json, new_json, why);
}

static int rows(struct mimp *m, const struct mkind *k)
{
	const char *f[MCOLS];
	int rc, c, nhdr = m->csv.nfields;

	while ((rc = mes_csv_read(&m->csv)) == 1) {
		m->res->rows++;
		if (m->csv.nfields != nhdr) {
			mbad(m, "%d fields where the header has %d",
			     m->csv.nfields, nhdr);
			continue;
		}
		for (c = 0; k->cols[c]; c++)
			f[c] = m->col[c] >= 0 ?
			       str_trim(m->csv.fields[m->col[c]]) : NULL;
		if ((rc = k->row(m, f)) != MES_OK)
			return rc;
	}
	if (rc < 0)
		return db_fail(m->db, rc, "%s: nothing was imported", m->csv.err);
	return MES_OK;
}

static int import_all(struct mimp *m, const struct mkind *k)
{
	int c, rc;

	if (mes_csv_header(&m->csv, k->cols, m->col) != MES_OK)
		return db_fail(m->db, MES_ERR_SYNTAX, "%s (the header of %s is "
		               "%s)", m->csv.err, k->name,
		               mes_master_header(k->name));
	for (c = 0; c < k->required; c++)
		if (m->col[c] < 0)
			return db_fail(m->db, MES_ERR_SYNTAX, "%s:%d: column \"%s\""
			               " is missing: the header of %s is %s",
			               m->name, m->csv.line, k->cols[c], k->name,
			               mes_master_header(k->name));
	if ((rc = rows(m, k)) != MES_OK)
		return rc;
	if (m->nerr)
		return db_fail(m->db, MES_ERR_SYNTAX, "%s%s\n%d problem%s: "
		               "nothing of %s was imported", m->errs,
		               m->nerr > 10 ? "\n..." : "", m->nerr,
		               m->nerr == 1 ? "" : "s", m->name);
	return MES_OK;
}

int mes_master_import(struct mes_db *db, const char *kind, FILE *in,
                      const char *name, struct mes_master_result *res)
{
	const struct mkind *k = find_kind(kind);
	struct mimp m;
	int rc;

	if (!res)
		return db_badarg(db, __func__);
	memset(res, 0, sizeof *res);
	if (!db || !db->h || !in || !name)
		return db_badarg(db, __func__);
	if (!k || !k->row)
		return db_fail(db, MES_ERR_ARG, "%s: no importer for that kind:"
		               " items, routings, workcenters, users or "
		               "inspection-plans", kind ? kind : "");
	memset(&m, 0, sizeof m);
	m.db = db;
	m.name = name;
	m.res = res;
	mes_csv_init(&m.csv, in, name);
	if ((rc = tx_begin(db, k->perm, "master.import")) != MES_OK) {
		mes_csv_free(&m.csv);
		return rc;
	}
	rc = tx_end(db, import_all(&m, k));
	mes_csv_free(&m.csv);
	if (rc == MES_OK) {
		res->new_pins = m.pins;
	} else {
		free(m.pins);
		res->added = res->updated = 0;
	}
	return rc;
}

int mes_master_export(struct mes_db *db, const char *kind, FILE *out)
{
	const struct mkind *k = find_kind(kind);
	sqlite3_stmt *st;
	int rc, c, n;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	if (!k)
		return db_fail(db, MES_ERR_ARG, "%s: no exporter for that kind:"
		               " items, routings, workcenters, users or "
		               "inspection-plans", kind ? kind : "");
	if ((rc = perm_check(db, PERM_NONE, "master.export")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, k->export_sql)))
		return MES_ERR_DB;
	fprintf(out, "%s\r\n", mes_master_header(kind));
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (c = 0; c < n; c++) {
			if (c)
				putc(',', out);
			mes_csv_put(out, col_text(st, c));
		}
		fputs("\r\n", out);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "exporting");
	if (fflush(out) != 0 || ferror(out))
		return db_fail(db, MES_ERR_IO, "writing failed (disk full?)");
	return MES_OK;
}
