/*
 * Serialized units: an item's serial pattern, and a new unit made by a
 * work order, with a serial generated from the pattern or read from a
 * scanned label.  A serial is unique in the plant: the counter is taken
 * inside the writing transaction (one writer at a time) and the schema's
 * UNIQUE refuses what would still double.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "gs1.h"
#include "mat_int.h"
#include "production/prod_int.h"
#include "unit_int.h"

#define SERIAL_MAX 20          /* GS1's AI (21): up to 20 of CSET 82 */

/* Letters, digits, - . /: of CSET 82 what a label's barcode carries
 * without escaping (data/labels/unit.zpl) and a scanner sends as is. */
static int serial_chars(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'A' && s[k] <= 'Z')
		      || (s[k] >= 'a' && s[k] <= 'z') || strchr("-./", s[k]) ||
		      !s[k]))
			return 0;
	return n > 0;
}

/* One {token} of a pattern at p (after the brace): its text into out. */
static int token(const char *p, size_t n, long long counter,
                 const struct tm *tm, char *out, size_t outn, int *width)
{
	char fmt[16];

	if (n == 4 && !memcmp(p, "YYYY", 4))
		return (int)strftime(out, outn, "%Y", tm) > 0 ? 0 : -1;
	if (n == 2 && !memcmp(p, "YY", 2))
		return snprintf(out, outn, "%02d", tm->tm_year % 100) == 2 ? 0 :
		       -1;
	if (n == 2 && !memcmp(p, "MM", 2))
		return (int)strftime(out, outn, "%m", tm) > 0 ? 0 : -1;
	if (n == 2 && !memcmp(p, "DD", 2))
		return (int)strftime(out, outn, "%d", tm) > 0 ? 0 : -1;
	if (n < 1 || n > 12 || strspn(p, "#") < n)
		return -1;
	*width = (int)n;
	snprintf(fmt, sizeof fmt, "%%0%dlld", (int)n);
	snprintf(out, outn, fmt, counter);
	return strlen(out) > n ? -2 : 0;
}

int serial_expand(const char *pattern, long long counter, time_t now,
                  char out[32], char *err, size_t errn)
{
	const char *p = pattern;
	struct tm tm;
	size_t k = 0;
	int counters = 0, rc;

	gmtime_r(&now, &tm);
	while (*p && k < 31) {
		const char *close;
		char piece[24];
		int w = 0;

		if (*p != '{') {
			out[k++] = *p++;
			continue;
		}
		if (!(close = strchr(p, '}'))) {
			msg_set(err, errn, "a { without its } in the pattern");
			return -1;
		}
		rc = token(p + 1, (size_t)(close - p - 1), counter, &tm, piece,
		           sizeof piece, &w);
		if (rc == -2) {
			msg_set(err, errn, "the pattern's counter has %d digits "
			        "and is at %lld: give it more #", w, counter);
			return -1;
		}
		if (rc < 0) {
			msg_set(err, errn, "{%.*s} in the pattern: expected {YYYY}, "
			        "{YY}, {MM}, {DD} or {###}", (int)(close - p - 1),
			        p + 1);
			return -1;
		}
		counters += w > 0;
		if (k + strlen(piece) >= 32)
			break;
		memcpy(out + k, piece, strlen(piece));
		k += strlen(piece);
		p = close + 1;
	}
	out[k] = '\0';
	if (counters != 1) {
		msg_set(err, errn, "a serial pattern has one counter {###}");
		return -1;
	}
	if (*p || k > SERIAL_MAX || !serial_chars(out, k)) {
		msg_set(err, errn, "serial \"%s\": 1 to %d letters, digits and "
		        "- . /", out, SERIAL_MAX);
		return -1;
	}
	return 0;
}

int mes_item_serial(struct mes_db *db, const char *item_no,
                    const char *pattern)
{
	static const char item_sql[] = "SELECT id FROM items WHERE item_no = ?";
	/* A new pattern keeps the counter: no serial comes round again. */
	static const char set[] = "INSERT INTO item_serials (item_id, pattern) "
		"VALUES (?2, ?1) ON CONFLICT (item_id) DO UPDATE SET pattern = ?1";
	static const char drop[] = "DELETE FROM item_serials WHERE item_id = ?2";
	char sample[32], err[160];
	sqlite3_stmt *st;
	long long item;
	int rc;

	if (!db || !db->h || !item_no)
		return db_badarg(db, __func__);
	if (pattern && *pattern &&
	    serial_expand(pattern, 1, time(NULL), sample, err, sizeof err))
		return db_fail(db, MES_ERR_ARG, "%s", err);
	if ((rc = tx_begin(db, PERM_MASTER, "item.serial")) != MES_OK)
		return rc;
	if ((item = db_lookup_id(db, item_sql, item_no)) <= 0)
		return tx_end(db, item < 0 ? MES_ERR_DB : db_fail(db,
		              MES_ERR_NOTFOUND, "no item %s", item_no));
	if (!(st = db_stmt(db, pattern && *pattern ? set : drop)))
		return tx_end(db, MES_ERR_DB);
	if (pattern && *pattern)
		sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, item);
	if ((rc = step_done(db, st, "setting the serial pattern")) != MES_OK)
		return tx_end(db, rc);
	return tx_end(db, audit_append(db, "item.serial", "items", item_no, "",
	                               pattern ? pattern : "", ""));
}

/* The order's item as serials need it. */
struct ser_item {
	long long id, next;
	char pattern[64], gtin[15];
	double qty;
	long long made;
};

static int ser_item_load(struct mes_db *db, const struct op_row *op,
                         struct ser_item *s)
{
	static const char sql[] = "SELECT i.id, ifnull(s.pattern, ''), ifnull("
		"s.next, 1), ifnull(i.gtin, ''), w.qty, (SELECT count(*) FROM units "
		"u WHERE u.wo_id = w.id AND u.status != 'scrapped') FROM "
		"work_orders w JOIN items i ON i.id = w.item_id LEFT JOIN "
		"item_serials s ON s.item_id = i.id WHERE w.id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->wo_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		str_copy(s->pattern, sizeof s->pattern, col_text(st, 1));
		s->next = sqlite3_column_int64(st, 2);
		str_copy(s->gtin, sizeof s->gtin, col_text(st, 3));
		s->qty = sqlite3_column_double(st, 4);
		s->made = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "reading the order's item");
	if (!s->pattern[0])
		return db_fail(db, MES_ERR_STATE, "%s is not serialized: mesctl "
		               "unit pattern gives it a serial pattern",
		               op->item_no);
	if (s->made >= s->qty)
		return db_fail(db, MES_ERR_STATE, "work order %s has its %g "
		               "units already: scrap one before making another",
		               op->wo_no, s->qty);
	return MES_OK;
}

/* A scanned label's serial: the text itself, or the (21) of a GS1
 * element string whose (01) must be the item's GTIN. */
static int scanned(struct mes_db *db, const struct ser_item *s,
                   const char *scan, char serial[32])
{
	struct mes_gs1_opts o = { MES_GS1_SCAN, MES_GS1_NO_ASSOC, 0 };
	const struct mes_gs1_elem *e;
	struct mes_gs1_msg m;
	char err[160];

	if (scan[0] != ']' && scan[0] != '(') {
		if (strlen(scan) > SERIAL_MAX || !serial_chars(scan, strlen(scan)))
			return db_fail(db, MES_ERR_ARG, "serial \"%.40s\": 1 to %d "
			               "letters, digits and - . /", scan, SERIAL_MAX);
		str_copy(serial, 32, scan);
		return MES_OK;
	}
	if (scan[0] == '(')
		o.form = MES_GS1_BRACKETED;
	if (mes_gs1_parse(scan, strlen(scan), &o, &m, err, sizeof err))
		return db_fail(db, MES_ERR_SYNTAX, "the label's barcode: %s", err);
	if (!(e = mes_gs1_find(&m, "21")))
		return db_fail(db, MES_ERR_ARG, "the label has no serial (21)");
	if (mes_gs1_find(&m, "01") && strcmp(mes_gs1_find(&m, "01")->value,
	                                     s->gtin))
		return db_fail(db, MES_ERR_ARG, "the label's GTIN %s is not the "
		               "item's (%s)", mes_gs1_find(&m, "01")->value,
		               s->gtin[0] ? s->gtin : "none");
	if (!serial_chars(e->value, strlen(e->value)))
		return db_fail(db, MES_ERR_ARG, "the label's serial \"%s\": "
		               "this plant's serials are letters, digits and "
		               "- . /", e->value);
	str_copy(serial, 32, e->value);
	return MES_OK;
}

static int insert_unit(struct mes_db *db, const struct ser_item *s,
                       const struct op_row *op, const char *serial,
                       const char *source, long long *id)
{
	static const char sql[] = "INSERT INTO units (serial, item_id, wo_id, "
		"source, created, user_id) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, s->id);
	sqlite3_bind_int64(st, 3, op->wo_id);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	bind_now(st, 5);
	sqlite3_bind_int64(st, 6, db->sess.user_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return MES_ERR_EXISTS;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "adding the unit");
	*id = sqlite3_last_insert_rowid(db->h);
	return MES_OK;
}

/* The next serial of the pattern that no unit has (a scanned label may
 * have taken one), and the counter moved past it. */
static int generate(struct mes_db *db, struct ser_item *s,
                    const struct op_row *op, char serial[32], long long *id)
{
	static const char bump[] = "UPDATE item_serials SET next = ? WHERE "
		"item_id = ?";
	char err[160];
	sqlite3_stmt *st;
	int tries, rc = MES_ERR_EXISTS;

	for (tries = 0; tries < 1000 && rc == MES_ERR_EXISTS; tries++) {
		if (serial_expand(s->pattern, s->next++, time(NULL), serial, err,
		                  sizeof err))
			return db_fail(db, MES_ERR_STATE, "%s", err);
		rc = insert_unit(db, s, op, serial, "generated", id);
	}
	if (rc == MES_ERR_EXISTS)
		return db_fail(db, MES_ERR_STATE, "1000 serials of the pattern "
		               "are taken: change the pattern");
	if (rc != MES_OK)
		return rc;
	if (!(st = db_stmt(db, bump)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, s->next);
	sqlite3_bind_int64(st, 2, s->id);
	return step_done(db, st, "moving the serial counter");
}

int mes_unit_new(struct mes_db *db, const char *wo_no, int seq,
                 const char *scan, char serial[32])
{
	struct ser_item s;
	struct op_row op;
	long long id = 0;
	int rc;

	if (!db || !db->h || !serial)
		return db_badarg(db, __func__);
	serial[0] = '\0';
	if ((rc = tx_begin(db, PERM_OPERATE, "unit.new")) != MES_OK)
		return rc;
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK ||
	    (rc = unit_op_running(db, &op)) != MES_OK ||
	    (rc = ser_item_load(db, &op, &s)) != MES_OK)
		return tx_end(db, rc);
	if (scan && *scan) {
		if ((rc = scanned(db, &s, scan, serial)) != MES_OK)
			return tx_end(db, rc);
		if ((rc = insert_unit(db, &s, &op, serial, "scanned", &id)) ==
		    MES_ERR_EXISTS)
			return tx_end(db, db_fail(db, rc, "serial %s is issued "
			              "already: a serial is never issued twice",
			              serial));
	} else {
		rc = generate(db, &s, &op, serial, &id);
	}
	if (rc == MES_OK)
		rc = unit_op_begin(db, id, &op);
	if (rc == MES_OK)
		rc = audit_append(db, "unit.new", "units", serial, "", op.key,
		                  scan && *scan ? "from a scanned label" : "");
	if ((rc = tx_end(db, rc)) != MES_OK)
		serial[0] = '\0';
	return rc;
}

int mes_unit_get(struct mes_db *db, const char *serial, struct mes_unit *u)
{
	static const char sql[] = "SELECT u.serial, i.item_no, i.description, "
		"ifnull(i.gtin, ''), w.wo_no, u.status, u.source, u.created, "
		"ifnull((SELECT o.seq FROM unit_ops x JOIN wo_ops o ON o.id = "
		"x.wo_op_id WHERE x.unit_id = u.id ORDER BY o.seq DESC LIMIT 1), "
		"0), ifnull((SELECT x.status FROM unit_ops x JOIN wo_ops o ON o.id"
		" = x.wo_op_id WHERE x.unit_id = u.id ORDER BY o.seq DESC LIMIT 1),"
		" ''), ifnull((SELECT p.serial FROM unit_parts t JOIN units p ON "
		"p.id = t.unit_id WHERE t.child_unit_id = u.id), '') FROM units u "
		"JOIN items i ON i.id = u.item_id JOIN work_orders w ON w.id = "
		"u.wo_id WHERE u.serial = ?";
	sqlite3_stmt *st;
	int rc;

	if (!u || !serial)
		return db_badarg(db, __func__);
	if ((rc = db_list_begin(db, 1, sql, &st, __func__)) != MES_OK)
		return rc;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(u, 0, sizeof *u);
		str_copy(u->serial, sizeof u->serial, col_text(st, 0));
		str_copy(u->item_no, sizeof u->item_no, col_text(st, 1));
		str_copy(u->description, sizeof u->description, col_text(st, 2));
		str_copy(u->gtin, sizeof u->gtin, col_text(st, 3));
		str_copy(u->wo_no, sizeof u->wo_no, col_text(st, 4));
		str_copy(u->status, sizeof u->status, col_text(st, 5));
		str_copy(u->source, sizeof u->source, col_text(st, 6));
		str_copy(u->created, sizeof u->created, col_text(st, 7));
		u->seq = sqlite3_column_int(st, 8);
		str_copy(u->op_status, sizeof u->op_status, col_text(st, 9));
		str_copy(u->built_into, sizeof u->built_into, col_text(st, 10));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return MES_OK;
	return rc == SQLITE_DONE ? db_fail(db, MES_ERR_NOTFOUND, "no unit %s: "
	       "check the label", serial) :
	       db_sqlfail(db, rc, "reading the unit");
}
