/*
 * What receiving expects: an item's GS1 settings, locations, and the
 * purchase order / ASN lines imported from the ERP as CSV (in one
 * transaction: a bad row means nothing of the file is kept, unless bad
 * rows are skipped into a rejects file).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "gs1.h"
#include "mat_int.h"

int mes_item_set_gs1(struct mes_db *db, const char *item_no, const char *gtin,
                     int needs_expiry, int min_shelf_days,
                     int inspect_incoming)
{
	static const char get[] = "SELECT id, ifnull(gtin, ''), needs_expiry,"
		" min_shelf_days, inspect_incoming FROM items WHERE item_no = ?";
	static const char set[] = "UPDATE items SET gtin = ?, needs_expiry = ?,"
		" min_shelf_days = ?, inspect_incoming = ? WHERE id = ?";
	static const char dup[] = "SELECT item_no FROM items WHERE gtin = ? "
		"AND id <> ?";
	struct mes_json ob, nb;
	sqlite3_stmt *st;
	char g[15] = "", old[15] = "", err[256], other[41] = "";
	long long id = 0;
	int rc, oe = 0, os = 0, oi = 0;

	if (!db || !db->h || !item_no)
		return db_badarg(db, __func__);
	if (min_shelf_days < 0 || min_shelf_days > 36500)
		return db_fail(db, MES_ERR_RANGE, "minimum shelf life %d days: "
		               "0 (none) to 36500", min_shelf_days);
	if (gtin && *gtin && strcmp(gtin, "-") &&
	    mes_gs1_gtin_normalize(gtin, g, err, sizeof err) != MES_OK)
		return db_fail(db, MES_ERR_SYNTAX, "GTIN \"%.20s\": %s", gtin,
		               err);
	if ((rc = tx_begin(db, PERM_MASTER, "item.gs1")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, get)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, item_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		str_copy(old, sizeof old, col_text(st, 1));
		oe = sqlite3_column_int(st, 2);
		os = sqlite3_column_int(st, 3);
		oi = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (!id)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no item "
		              "\"%.40s\"", item_no));
	if (!gtin || !*gtin)
		str_copy(g, sizeof g, old);
	if (g[0] && (st = db_stmt(db, dup))) {
		sqlite3_bind_text(st, 1, g, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			str_copy(other, sizeof other, col_text(st, 0));
		sqlite3_reset(st);
	}
	if (other[0])
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "GTIN %s belongs "
		              "to item %s already", g, other));
	if (!(st = db_stmt(db, set)))
		return tx_end(db, MES_ERR_DB);
	if (g[0])
		sqlite3_bind_text(st, 1, g, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, !!needs_expiry);
	sqlite3_bind_int(st, 3, min_shelf_days);
	sqlite3_bind_int(st, 4, !!inspect_incoming);
	sqlite3_bind_int64(st, 5, id);
	rc = step_done(db, st, "changing the item");
	mes_json_init(&ob);
	mes_json_str(&ob, "gtin", old);
	mes_json_int(&ob, "needs_expiry", oe);
	mes_json_int(&ob, "min_shelf_days", os);
	mes_json_int(&ob, "inspect_incoming", oi);
	mes_json_init(&nb);
	mes_json_str(&nb, "gtin", g);
	mes_json_int(&nb, "needs_expiry", !!needs_expiry);
	mes_json_int(&nb, "min_shelf_days", min_shelf_days);
	mes_json_int(&nb, "inspect_incoming", !!inspect_incoming);
	if (rc == MES_OK)
		rc = mes_json_done(&ob) && mes_json_done(&nb) ?
		     audit_append(db, "item.gs1", "items", item_no, ob.p, nb.p,
		                  "") : MES_ERR_NOMEM;
	mes_json_free(&ob);
	mes_json_free(&nb);
	return tx_end(db, rc);
}

int mes_location_add(struct mes_db *db, const char *code, const char *name,
                     const char *kind)
{
	static const char sql[] = "INSERT INTO locations (code, name, kind) "
		"VALUES (?, ?, ?)";
	static const char *const kinds[] = { "dock", "quarantine", "store",
		"line", "scrap", NULL };
	struct mes_json b;
	sqlite3_stmt *st;
	int rc, k;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!code || !*code || strlen(code) > 32 || !name || !*name)
		return db_fail(db, MES_ERR_ARG, "a location needs a code (1 to "
		               "32 characters) and a name");
	if (!kind)
		kind = "store";
	for (k = 0; kinds[k] && strcmp(kinds[k], kind); k++)
		;
	if (!kinds[k])
		return db_fail(db, MES_ERR_ARG, "location kind \"%.20s\": one of"
		               " dock, quarantine, store, line, scrap", kind);
	if ((rc = tx_begin(db, PERM_MASTER, "location.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = db_sqlfail(db, rc, "adding the location");
		if (rc == MES_ERR_EXISTS)
			db_fail(db, rc, "location %s exists already", code);
		return tx_end(db, rc);
	}
	mes_json_init(&b);
	mes_json_str(&b, "name", name);
	mes_json_str(&b, "kind", kind);
	rc = mes_json_done(&b) ? audit_append(db, "location.add", "locations",
	     code, "", b.p, "") : MES_ERR_NOMEM;
	mes_json_free(&b);
	return tx_end(db, rc);
}

/* ---- the CSV import ----------------------------------------------------- */

static const char *const cols[] = {
	"po_no", "line", "supplier", "item", "gtin", "qty", "tolerance_pct",
	"due_date", NULL
};
enum { C_PO, C_LINE, C_SUP, C_ITEM, C_GTIN, C_QTY, C_TOL, C_DUE, C_COUNT };
_Static_assert(C_COUNT <= CSV_IMPORT_COLS, "too many columns");

struct row {
	const char *f[C_COUNT];
	long long item_id;
	int line;
	double qty, tol;
	char gtin[15];
};

static int num(const char *s, double lo, double hi, double *out)
{
	char *end;

	if (!*s || !(isdigit((unsigned char)*s) || *s == '.'))
		return 0;
	*out = strtod(s, &end);
	return !*end && isfinite(*out) && *out >= lo && *out <= hi;
}

/* The item and its GTIN, which must be the one on the line. */
static void check_item(struct csv_import *im, struct row *r, char *why,
                       size_t n)
{
	static const char sql[] = "SELECT id, ifnull(gtin, '') FROM items "
		"WHERE item_no = ?";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	char have[15] = "", err[200];

	r->item_id = 0;
	if (!st) {
		snprintf(why, n, "%s", mes_db_errmsg(im->db));
		return;
	}
	sqlite3_bind_text(st, 1, r->f[C_ITEM], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->item_id = sqlite3_column_int64(st, 0);
		str_copy(have, sizeof have, col_text(st, 1));
	}
	sqlite3_reset(st);
	if (!r->item_id)
		snprintf(why, n, "unknown item \"%.40s\"", r->f[C_ITEM]);
	else if (mes_gs1_gtin_normalize(r->f[C_GTIN], r->gtin, err,
	                                sizeof err) != MES_OK)
		snprintf(why, n, "GTIN \"%.20s\": %s", r->f[C_GTIN], err);
	else if (!have[0])
		snprintf(why, n, "item %s has no GTIN yet: set it first "
		         "(mesctl item gs1 %s --gtin %s)", r->f[C_ITEM],
		         r->f[C_ITEM], r->gtin);
	else if (strcmp(have, r->gtin))
		snprintf(why, n, "GTIN %s is not item %s's (%s)", r->gtin,
		         r->f[C_ITEM], have);
}

static void check_dup(struct csv_import *im, struct row *r, char *why, size_t n)
{
	static const char sql[] = "SELECT 1 FROM receipt_lines WHERE "
		"po_no = ? AND line_no = ?";
	sqlite3_stmt *st = db_stmt(im->db, sql);
	int found;

	if (!st)
		return;
	sqlite3_bind_text(st, 1, r->f[C_PO], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, r->line);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (found)
		snprintf(why, n, "purchase order %s line %d exists already",
		         r->f[C_PO], r->line);
}

static void check_row(struct csv_import *im, struct row *r, char *why, size_t n)
{
	double line;

	memset(r, 0, sizeof *r);
	why[0] = 0;
	csv_import_fields(im, r->f, C_COUNT);
	if (!*r->f[C_PO] || strlen(r->f[C_PO]) > 32)
		snprintf(why, n, "purchase order number: 1 to 32 characters");
	else if (!num(r->f[C_LINE], 1, 99999, &line) || line != floor(line))
		snprintf(why, n, "line \"%.20s\": a whole number 1 to 99999",
		         r->f[C_LINE]);
	else if (!*r->f[C_SUP] || strlen(r->f[C_SUP]) > 80)
		snprintf(why, n, "supplier: 1 to 80 characters");
	else if (r->line = (int)line, check_item(im, r, why, n), why[0])
		;
	else if (!num(r->f[C_QTY], 1e-9, 1e9, &r->qty))
		snprintf(why, n, "quantity \"%.20s\": a number above 0",
		         r->f[C_QTY]);
	else if (*r->f[C_TOL] && !num(r->f[C_TOL], 0, 100, &r->tol))
		snprintf(why, n, "tolerance \"%.20s\": a percentage 0 to 100",
		         r->f[C_TOL]);
	else if (*r->f[C_DUE] && !mes_valid_date(r->f[C_DUE]))
		snprintf(why, n, "due date \"%.20s\": not a date YYYY-MM-DD",
		         r->f[C_DUE]);
	else
		check_dup(im, r, why, n);
}

static int add_line(struct csv_import *im, const struct row *r)
{
	static const char sql[] = "INSERT INTO receipt_lines (po_no, line_no,"
		" supplier, item_id, gtin, qty, tolerance_pct, due_date, created)"
		" VALUES (?,?,?,?,?,?,?,?,?)";
	struct mes_db *db = im->db;
	sqlite3_stmt *st = db_stmt(db, sql);
	struct mes_json b;
	char key[48], why[32];
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, r->f[C_PO], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, r->line);
	sqlite3_bind_text(st, 3, r->f[C_SUP], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->item_id);
	sqlite3_bind_text(st, 5, r->gtin, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 6, r->qty);
	sqlite3_bind_double(st, 7, r->tol);
	if (*r->f[C_DUE])
		sqlite3_bind_text(st, 8, r->f[C_DUE], -1, SQLITE_STATIC);
	bind_now(st, 9);
	if ((rc = step_done(db, st, "adding the receipt line")) != MES_OK)
		return rc;
	snprintf(key, sizeof key, "%s/%d", r->f[C_PO], r->line);
	snprintf(why, sizeof why, "import line %d", im->csv.line);
	mes_json_init(&b);
	mes_json_str(&b, "supplier", r->f[C_SUP]);
	mes_json_str(&b, "item", r->f[C_ITEM]);
	mes_json_str(&b, "gtin", r->gtin);
	mes_json_num(&b, "qty", r->qty);
	mes_json_num(&b, "tolerance_pct", r->tol);
	rc = mes_json_done(&b) ? audit_append(db, "receipt.add",
	     "receipt_lines", key, "", b.p, why) : MES_ERR_NOMEM;
	mes_json_free(&b);
	return rc;
}

/* A receipt line row: checked, then added when the checks pass. */
static int receipt_row(void *ctx, char *why, size_t n)
{
	struct csv_import *im = ctx;
	struct row r;

	check_row(im, &r, why, n);
	return why[0] ? MES_OK : add_line(im, &r);
}

static const struct csv_import_kind receipt_kind = {
	PERM_RECEIVE, "receipt.import", "receipt_lines", cols,
	1u << C_TOL | 1u << C_DUE, "po_no, line, supplier, item, gtin, qty "
	"(tolerance_pct and due_date may be left out)", 0, receipt_row
};

int mes_import_receipts_csv(struct mes_db *db, FILE *in, const char *name,
                            int skip_bad, FILE *rejects,
                            struct mes_import_result *res)
{
	struct csv_import im;

	return csv_import_run(db, in, name, skip_bad, rejects, res,
	                      &receipt_kind, &im, &im);
}

int mes_receipt_lines(struct mes_db *db, int open_only,
                      mes_receipt_line_fn fn, void *ctx)
{
#define LINES(where) "SELECT r.po_no, r.line_no, r.supplier, " \
	"i.item_no, r.gtin, r.qty, r.received, r.tolerance_pct, r.status, " \
	"ifnull(r.due_date, '') FROM receipt_lines r JOIN items i ON " \
	"i.id = r.item_id " where "ORDER BY r.po_no, r.line_no"
	/* the open ones by their own index (schema 14) */
	static const char every[] = LINES(""),
		open[] = LINES("WHERE r.status = 'open' ");
	struct mes_receipt_line l;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if ((rc = perm_check(db, PERM_NONE, "receipt.list")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, open_only ? open : every)))
		return MES_ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&l, 0, sizeof l);
		str_copy(l.po_no, sizeof l.po_no, col_text(st, 0));
		l.line_no = sqlite3_column_int(st, 1);
		str_copy(l.supplier, sizeof l.supplier, col_text(st, 2));
		str_copy(l.item_no, sizeof l.item_no, col_text(st, 3));
		str_copy(l.gtin, sizeof l.gtin, col_text(st, 4));
		l.qty = sqlite3_column_double(st, 5);
		l.received = sqlite3_column_double(st, 6);
		l.tolerance_pct = sqlite3_column_double(st, 7);
		str_copy(l.status, sizeof l.status, col_text(st, 8));
		str_copy(l.due_date, sizeof l.due_date, col_text(st, 9));
		if (fn(&l, ctx))
			break;
	}
	return step_end(db, st, rc, "reading receipt lines");
}
