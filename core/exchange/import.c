/*
 * Work orders from the ERP as CSV, in one transaction: a bad row means
 * nothing of the file is kept, unless the caller skips bad rows, when
 * each one is written with its line and reason to the rejects file.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "base/internal.h"
#include "prod.h"

static const char *const cols[] = {
	"wo_no", "item", "qty", "release_date", "due_date", "priority", NULL
};
enum { C_WO, C_ITEM, C_QTY, C_REL, C_DUE, C_PRIO, C_COUNT };
_Static_assert(C_COUNT <= CSV_IMPORT_COLS, "too many columns");

/* Orders this file added: their id and line, in id order. */
struct seen {
	long long id;
	int line;
};

struct imp {
	struct csv_import ci;
	struct seen *seen;
	size_t nseen, capseen;
};

struct row {
	const char *f[C_COUNT];
	long long item_id;
	double qty;
	int priority;
};

static int seen_line(const struct imp *im, long long id)
{
	size_t lo = 0, hi = im->nseen;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (im->seen[mid].id == id)
			return im->seen[mid].line;
		if (im->seen[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int seen_add(struct imp *im, long long id, int line)
{
	if (im->nseen == im->capseen) {
		size_t cap = im->capseen ? im->capseen * 2 : 64;
		struct seen *p = realloc(im->seen, cap * sizeof *p);

		if (!p)
			return db_fail(im->ci.db, MES_ERR_NOMEM,
			               "out of memory");
		im->seen = p;
		im->capseen = cap;
	}
	im->seen[im->nseen].id = id;
	im->seen[im->nseen].line = line;
	im->nseen++;
	return MES_OK;
}

static int parse_qty(const char *s, double *out)
{
	char *end;

	if (!*s || !(isdigit((unsigned char)*s) || *s == '.'))
		return 0;
	*out = strtod(s, &end);
	return !*end && isfinite(*out) && *out > 0 && *out <= 1e9;
}

static int parse_prio(const char *s, int *out)
{
	if (!*s) {
		*out = 5;
		return 1;
	}
	if (s[0] < '1' || s[0] > '9' || s[1])
		return 0;
	*out = s[0] - '0';
	return 1;
}

/* The order number: free, or taken (and then by whom). */
static void check_dup(struct imp *im, const char *wo_no, char *why, size_t n)
{
	static const char sql[] = "SELECT id FROM work_orders WHERE wo_no = ?";
	long long id = db_lookup_id(im->ci.db, sql, wo_no);
	int line;

	if (id <= 0)
		return;
	if ((line = seen_line(im, id)) > 0)
		snprintf(why, n, "duplicate order number %s (line %d has it "
		         "already)", wo_no, line);
	else
		snprintf(why, n, "duplicate order number %s: it exists in "
		         "the database already", wo_no);
}

static void check_item(struct imp *im, struct row *r, char *why, size_t n)
{
	static const char sql[] = "SELECT i.id, (SELECT count(*) FROM "
		"routing_ops o WHERE o.item_id = i.id) FROM items i "
		"WHERE i.item_no = ?";
	sqlite3_stmt *st = db_stmt(im->ci.db, sql);
	int ops = 0;

	r->item_id = 0;
	if (!st) {
		snprintf(why, n, "%s", mes_db_errmsg(im->ci.db));
		return;
	}
	sqlite3_bind_text(st, 1, r->f[C_ITEM], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->item_id = sqlite3_column_int64(st, 0);
		ops = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (!r->item_id)
		snprintf(why, n, "unknown item \"%.40s\"", r->f[C_ITEM]);
	else if (!ops)
		snprintf(why, n, "item %s has no routing: add its operations "
		         "first", r->f[C_ITEM]);
}

/* Fills r from the record; why gets the first thing wrong with it. */
static void check_row(struct imp *im, struct row *r, char *why, size_t n)
{
	const char *wo, *rel, *due;

	memset(r, 0, sizeof *r);
	why[0] = 0;
	csv_import_fields(&im->ci, r->f, C_COUNT);
	wo = r->f[C_WO];
	rel = r->f[C_REL];
	due = r->f[C_DUE];
	if (!*wo || strlen(wo) > 32)
		snprintf(why, n, "order number: 1 to 32 characters");
	else if (check_item(im, r, why, n), why[0])
		;
	else if (!parse_qty(r->f[C_QTY], &r->qty))
		snprintf(why, n, "quantity \"%.20s\": a number above 0",
		         r->f[C_QTY]);
	else if (!mes_valid_date(rel))
		snprintf(why, n, "release date \"%.20s\": not a date "
		         "YYYY-MM-DD", rel);
	else if (!mes_valid_date(due))
		snprintf(why, n, "due date \"%.20s\": not a date YYYY-MM-DD",
		         due);
	else if (strcmp(due, rel) < 0)
		snprintf(why, n, "due date %s is before the release date %s",
		         due, rel);
	else if (!parse_prio(r->f[C_PRIO], &r->priority))
		snprintf(why, n, "priority \"%.20s\": 1 (first) to 9",
		         r->f[C_PRIO]);
	else
		check_dup(im, wo, why, n);
}

static int insert_order(struct imp *im, const struct row *r, long long *id)
{
	static const char sql[] = "INSERT INTO work_orders (wo_no, item_id, "
		"qty, release_date, due_date, priority, created) "
		"VALUES (?,?,?,?,?,?,?)";
	static const char ops[] = "INSERT INTO wo_ops (wo_id, seq, "
		"routing_op_id, wc_id, description, setup_min, run_min) "
		"SELECT ?1, seq, id, wc_id, description, setup_min, run_min "
		"FROM routing_ops WHERE item_id = ?2 ORDER BY seq";
	struct mes_db *db = im->ci.db;
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, r->f[C_WO], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->item_id);
	sqlite3_bind_double(st, 3, r->qty);
	sqlite3_bind_text(st, 4, r->f[C_REL], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->f[C_DUE], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->priority);
	bind_now(st, 7);
	if ((rc = step_done(db, st, "adding the order")) != MES_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db->h);
	if (!(st = db_stmt(db, ops)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, r->item_id);
	return step_done(db, st, "copying the routing");
}

static int add_order(struct imp *im, const struct row *r)
{
	struct mes_json b;
	char why[64];
	long long id = 0;
	int rc;

	rc = insert_order(im, r, &id);
	mes_json_init(&b);
	mes_json_str(&b, "item", r->f[C_ITEM]);
	mes_json_num(&b, "qty", r->qty);
	mes_json_str(&b, "release", r->f[C_REL]);
	mes_json_str(&b, "due", r->f[C_DUE]);
	mes_json_int(&b, "priority", r->priority);
	snprintf(why, sizeof why, "import line %d", im->ci.csv.line);
	if (rc == MES_OK)
		rc = audit_append(im->ci.db, "order.add", "work_orders",
		                  r->f[C_WO], "", mes_json_done(&b), why);
	mes_json_free(&b);
	if (rc == MES_OK)
		rc = seen_add(im, id, im->ci.csv.line);
	return rc;
}

/* A work order row: checked, then added when the checks pass. */
static int order_row(void *ctx, char *why, size_t n)
{
	struct imp *im = ctx;
	struct row r;

	check_row(im, &r, why, n);
	return why[0] ? MES_OK : add_order(im, &r);
}

static const struct csv_import_kind order_kind = {
	PERM_ORDERS, "order.import", "work_orders", cols, 1u << C_PRIO,
	"wo_no, item, qty, release_date, due_date (priority may be left out)",
	1, order_row
};

int mes_import_orders_csv(struct mes_db *db, FILE *in, const char *name,
                          int skip_bad, FILE *rejects,
                          struct mes_import_result *res)
{
	struct imp im;
	int rc;

	memset(&im, 0, sizeof im);
	rc = csv_import_run(db, in, name, skip_bad, rejects, res, &order_kind,
	                    &im.ci, &im);
	free(im.seen);
	return rc;
}
