/* Electronic batch records: what they hold, that the same database gives
 * the same bytes, and that a changed copy or a changed database shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exchange.h"
#include "prodfix.h"
#include "testhelp.h"

#define DB "brec.db"

static char *record(struct mes_db *db, const char *key,
                    enum mes_record_format fmt, size_t *len, char hash[65])
{
	char *buf = NULL;

	T_CHECK_RC(mes_batch_record(db, key, fmt, &buf, len, hash), MES_OK);
	return buf;
}

static void contents(struct mes_db *db)
{
	char *a, *b, h1[65], h2[65], line[200];
	size_t la, lb;

	T_CASE("an order's record: steps, events, materials, audit, hash");
	a = record(db, "WO-1001", MES_RECORD_TEXT, &la, h1);
	T_CHECK_HAS(a, "BATCH RECORD: work order WO-1001\nRecord: WO-1001\n");
	T_CHECK_HAS(a, "== Routing steps ==");
	T_CHECK_HAS(a, "10  SAW-01       Cut to length      complete");
	T_CHECK_HAS(a, "== Materials consumed ==");
	T_CHECK_HAS(a, "L-STEEL-1");
	T_CHECK_HAS(a, "== Signatures ==");
	T_CHECK_HAS(a, "op.report      wo_ops WO-1001/10");
	snprintf(line, sizeof line, "\nContent hash (SHA-256): %s\n", h1);
	T_CHECK(la > strlen(line) && !strcmp(a + la - strlen(line), line));

	T_CASE("the same database gives the same bytes");
	b = record(db, "WO-1001", MES_RECORD_TEXT, &lb, h2);
	T_CHECK(la == lb && !memcmp(a, b, la));
	T_CHECK_STR(h1, h2);
	free(a);
	free(b);

	T_CASE("HTML: one page, no scripts, no outside references");
	a = record(db, "WO-1001", MES_RECORD_HTML, &la, h1);
	T_CHECK(!strncmp(a, "<!DOCTYPE html>", 15));
	T_CHECK(!strstr(a, "<script") && !strstr(a, "http"));
	T_CHECK_HAS(a, "<p class=\"hash\">Content hash (SHA-256): ");
	free(a);

	T_CASE("a lot's record: ledger and genealogy");
	a = record(db, "L-STEEL-1", MES_RECORD_TEXT, &la, h1);
	T_CHECK_HAS(a, "BATCH RECORD: lot L-STEEL-1");
	T_CHECK_HAS(a, "== Inventory ledger ==");
	T_CHECK_HAS(a, "issue    RECV      -24       WO-1001");
	free(a);
	T_CHECK_RC(mes_batch_record(db, "NOPE", MES_RECORD_TEXT, &a, &la, h1),
	           MES_ERR_NOTFOUND);
}

static void verify(struct mes_db *db)
{
	char *a, h[65], key[64], *p;
	size_t la;

	T_CASE("verify: an intact copy matches");
	a = record(db, "WO-1001", MES_RECORD_TEXT, &la, h);
	T_CHECK_RC(mes_batch_record_verify(db, a, la, key), MES_OK);
	T_CHECK_STR(key, "WO-1001");
	T_CHECK_HAS(mes_db_errmsg(db), h);

	T_CASE("verify: a changed copy is caught by its own hash");
	p = strstr(a, "Cut to length");
	T_CHECK(p != NULL);
	if (p)
		p[0] = 'c';
	T_CHECK_RC(mes_batch_record_verify(db, a, la, key), MES_ERR_SIGNATURE);
	T_CHECK_HAS(mes_db_errmsg(db), "changed after it was made");
	free(a);

	T_CASE("verify: a change in the database since the copy shows");
	a = record(db, "WO-1001", MES_RECORD_HTML, &la, h);
	T_CHECK_RC(mes_batch_record_verify(db, a, la, key), MES_OK);
	pf_must(mes_order_hold(db, "WO-1001", "deviation review"), db, "hold");
	T_CHECK_RC(mes_batch_record_verify(db, a, la, key), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "no longer the whole record");
	T_CHECK_HAS(mes_db_errmsg(db), "held");
	free(a);

	T_CASE("verify: not a record at all");
	T_CHECK_RC(mes_batch_record_verify(db, "hello\n", 6, key),
	           MES_ERR_SYNTAX);

	T_CASE("an operator may not read batch records; quality may");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_batch_record(db, "WO-1001", MES_RECORD_TEXT, &a, &la,
	           h), MES_ERR_PERM);
	pf_as(db, "quinn", "3333");
	a = record(db, "WO-1001", MES_RECORD_TEXT, &la, h);
	free(a);
	pf_as(db, "root", "9999");
}

int main(void)
{
	struct mes_db *db = fx_new_db(DB);

	pf_must(mes_demo_seed(db), db, "demo seed");
	pf_sql(DB, "INSERT INTO lots (lot_no, item_id, status, created) "
	       "SELECT 'L-STEEL-1', id, 'released', '2026-11-01T00:00:00.000Z'"
	       " FROM items WHERE item_no = 'STEEL-40';"
	       "INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind) "
	       "SELECT '2026-11-01T00:00:00.000Z', l.id, c.id, 50, 'receive' "
	       "FROM lots l, locations c WHERE l.lot_no = 'L-STEEL-1' AND "
	       "c.code = 'RECV';"
	       "INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind, wo_id,"
	       " wo_op_id) SELECT '2026-11-02T00:00:00.000Z', l.id, c.id, -24, "
	       "'issue', w.id, o.id FROM lots l, locations c, work_orders w "
	       "JOIN wo_ops o ON o.wo_id = w.id AND o.seq = 10 WHERE l.lot_no ="
	       " 'L-STEEL-1' AND c.code = 'RECV' AND w.wo_no = 'WO-1001';");
	contents(db);
	verify(db);
	mes_db_close(db);
	return t_report("test_batchrec");
}
