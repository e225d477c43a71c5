/* Lots in motion: put-away, issue (status, expiry, FEFO, never negative),
 * output and genealogy, trace and recall, hold and signed release, and a
 * ledger nobody rewrites. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "matfix.h"
#include "testhelp.h"

#define DB "inv.db"

/* Receives a RESIN lot expiring in days; returns its lot number. */
static const char *got(struct mes_db *db, int days, const char *slot, int qty)
{
	static char no[4][32];
	static int k;
	struct mes_receipt r;
	char lbl[256];

	k = (k + 1) % 4;
	pf_as(db, "remy", "5555");
	snprintf(lbl, sizeof lbl, "(01)" GTIN_RESIN "(17)%s(10)%s(30)%d",
	         mf_yymmdd(days), slot, qty);
	pf_must(mf_recv(db, lbl, 0, &r), db, slot);
	snprintf(no[k], sizeof no[k], "%s", r.lot_no);
	return no[k];
}

static double on_hand(const char *lot, const char *loc)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT total(m.qty) FROM inv_moves m JOIN "
	         "lots l ON l.id = m.lot_id JOIN locations c ON c.id = "
	         "m.location_id WHERE l.lot_no = '%s' AND c.code = '%s'", lot,
	         loc);
	return pf_num(DB, sql);
}

static int count_node(const struct mes_trace_node *n, void *ctx)
{
	(void)n;
	(*(int *)ctx)++;
	return 0;
}

struct found {
	char lots[8][32];
	int n, finished[8], depth[8];
};

static int keep_node(const struct mes_trace_node *n, void *ctx)
{
	struct found *f = ctx;

	if (f->n < 8) {
		snprintf(f->lots[f->n], 32, "%s", n->lot_no);
		f->finished[f->n] = n->finished;
		f->depth[f->n] = n->depth;
		f->n++;
	}
	return 0;
}

static void moves(struct mes_db *db, const char *a)
{
	struct mes_lot l;

	T_CASE("put-away moves a lot; the ledger sums to what is where");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_lot_move(db, a, NULL, "STORE", 30), MES_OK);
	T_CHECK(on_hand(a, "RECV") == 20 && on_hand(a, "STORE") == 30);
	T_CHECK_RC(mes_lot_get(db, a, &l), MES_OK);
	T_CHECK(l.on_hand == 50);
	T_CHECK_STR(l.location, "*");

	T_CASE("a lot in two places needs the source; never below zero");
	T_CHECK_RC(mes_lot_move(db, a, NULL, "LINE", 1), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "2 locations");
	T_CHECK_RC(mes_lot_move(db, a, "RECV", "LINE", 21), MES_ERR_RANGE);
	T_CHECK_HAS(mes_db_errmsg(db), "has 20 kg in RECV");
	T_CHECK_RC(mes_lot_move(db, a, "RECV", "STORE", 0), MES_OK);
	T_CHECK(on_hand(a, "RECV") == 0 && on_hand(a, "STORE") == 50);
	T_CHECK_RC(mes_lot_move(db, a, NULL, "STORE", 1), MES_ERR_ARG);
	T_CHECK_RC(mes_lot_move(db, a, NULL, "NOWHERE", 1), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_lot_move(db, "L9999999", NULL, "STORE", 1),
	           MES_ERR_NOTFOUND);

	T_CASE("quality may not move stock; a quarantined lot stays put");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_lot_move(db, a, NULL, "LINE", 1), MES_ERR_PERM);
}

static void issue_rules(struct mes_db *db, const char *a, const char *b)
{
	struct pf_audit au;

	pf_order(db, "WO-1", 10, 1);
	pf_as(db, "olga", "1111");
	T_CASE("issue to an operation; on-hand drops by the ledger");
	T_CHECK_RC(mes_lot_issue(db, a, NULL, "WO-1", 10, 20, NULL), MES_OK);
	T_CHECK(on_hand(a, "STORE") == 30);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM inv_moves WHERE kind = "
	               "'issue' AND wo_op_id IS NOT NULL") == 1);

	T_CASE("issue more than there is: refused, nothing negative");
	T_CHECK_RC(mes_lot_issue(db, a, NULL, "WO-1", 10, 31, NULL),
	           MES_ERR_RANGE);
	T_CHECK(on_hand(a, "STORE") == 30);

	T_CASE("FEFO: a later-expiring lot needs a reason");
	T_CHECK_RC(mes_lot_issue(db, b, NULL, "WO-1", 10, 5, NULL),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "FEFO");
	T_CHECK_HAS(mes_db_errmsg(db), a);
	T_CHECK_RC(mes_lot_issue(db, b, NULL, "WO-1", 10, 5,
	                         "older lot is at the other plant"), MES_OK);
	T_CHECK(pf_audit_last(DB, "lot.issue", &au));
	T_CHECK_STR(au.reason, "older lot is at the other plant");
	T_CHECK_HAS(au.new_value, "fefo_skipped");

	T_CASE("held and expired lots cannot be issued");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_lot_hold(db, a, "smells odd"), MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_lot_hold(db, a, ""), MES_ERR_ARG);
	T_CHECK_RC(mes_lot_hold(db, a, "smells odd"), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_lot_issue(db, a, NULL, "WO-1", 10, 1, "x"),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "on hold");
	{
		char sql[160];

		snprintf(sql, sizeof sql, "UPDATE lots SET expiry = '2020-01-01'"
		         " WHERE lot_no = '%s'", b);
		pf_sql(DB, sql);
	}
	T_CHECK_RC(mes_lot_issue(db, b, NULL, "WO-1", 10, 1, "x"),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "expired on 2020-01-01");

	T_CASE("release of a held lot: quality signs; a wrong PIN does not");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_lot_release(db, a, "quinn", "0000", "checked"),
	           MES_ERR_AUTH);
	T_CHECK_RC(mes_lot_release(db, a, "olga", "1111", "checked"),
	           MES_ERR_PERM);
	T_CHECK_RC(mes_lot_release(db, a, "quinn", "4444", ""), MES_ERR_ARG);
	T_CHECK_RC(mes_lot_release(db, a, "quinn", "4444", "lab: ok"),
	           MES_OK);
	T_CHECK(pf_audit_last(DB, "lot.release", &au));
	T_CHECK_HAS(au.new_value, "\"signature\":");
	T_CHECK_RC(mes_lot_release(db, a, "quinn", "4444", "again"),
	           MES_ERR_STATE);

	T_CASE("a lot an open non-conformance holds is released only by it");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_lot_hold(db, a, "suspect"), MES_OK);
	{
		char sql[300];

		snprintf(sql, sizeof sql, "INSERT INTO nonconformances (nc_no, "
		         "lot_id, description, opened_by, opened_ts) SELECT "
		         "'NC-T1', id, 'suspect', 1, 'now' FROM lots WHERE "
		         "lot_no = '%s'", a);
		pf_sql(DB, sql);
	}
	T_CHECK_RC(mes_lot_release(db, a, "quinn", "4444", "fine"),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "non-conformance NC-T1");
	pf_sql(DB, "UPDATE nonconformances SET status = 'closed' WHERE "
	       "nc_no = 'NC-T1'");
	T_CHECK_RC(mes_lot_release(db, a, "quinn", "4444", "NC closed"),
	           MES_OK);

	T_CASE("a held order takes no material");
	pf_as(db, "luis", "2222");
	pf_must(mes_order_hold(db, "WO-1", "waiting for drawing"), db, "hold");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_lot_issue(db, a, NULL, "WO-1", 10, 1, NULL),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "on hold");
	pf_as(db, "luis", "2222");
	pf_must(mes_order_unhold(db, "WO-1", "ok"), db, "unhold");
}

static void quarantine(struct mes_db *db)
{
	struct mes_receipt r;
	char lbl[128];

	T_CASE("a quarantined lot cannot be issued or leave quarantine");
	pf_as(db, "remy", "5555");
	snprintf(lbl, sizeof lbl, "(01)" GTIN_PAINT "(17)%s(10)P-9(30)5",
	         mf_yymmdd(100));
	pf_must(mf_recv(db, lbl, 0, &r), db, "paint");
	T_CHECK_RC(mes_lot_move(db, r.lot_no, NULL, "STORE", 0),
	           MES_ERR_STATE);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_lot_issue(db, r.lot_no, NULL, "WO-1", 10, 1, NULL),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "quarantine");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_lot_release(db, r.lot_no, "quinn", "4444",
	                           "incoming inspection passed"), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_lot_issue(db, r.lot_no, NULL, "WO-1", 10, 2, NULL),
	           MES_OK);
}

static void genealogy(struct mes_db *db, const char *a)
{
	struct found f;
	char fin1[32], fin2[32];
	int n = 0;

	T_CASE("output: a lot linked to every consumed lot and quantity");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_lot_produce(db, "WO-1", 10, 0, NULL, NULL, fin1),
	           MES_ERR_RANGE);
	T_CHECK_RC(mes_lot_produce(db, "WO-1", 10, 8, NULL, NULL, fin1),
	           MES_OK);
	T_CHECK(on_hand(fin1, "LINE") == 8);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM genealogy g JOIN lots l ON "
	               "l.id = g.child_lot_id WHERE l.lot_no = (SELECT max("
	               "lot_no) FROM lots)") == 4);
	T_CHECK(pf_num(DB, "SELECT total(qty) FROM genealogy") == 30);

	T_CASE("a second output links what was issued since (and the rest "
	       "with 0)");
	T_CHECK_RC(mes_lot_issue(db, a, NULL, "WO-1", 20, 4, NULL), MES_OK);
	T_CHECK_RC(mes_lot_produce(db, "WO-1", 20, 2, "STORE", NULL, fin2),
	           MES_OK);
	T_CHECK(pf_num(DB, "SELECT total(qty) FROM genealogy") == 34);

	T_CASE("trace backward reaches the supplier lots");
	memset(&f, 0, sizeof f);
	T_CHECK_RC(mes_trace(db, fin1, 0, keep_node, &f), MES_OK);
	T_CHECK(f.n == 5);
	T_CHECK_STR(f.lots[0], fin1);
	T_CHECK(f.depth[0] == 0 && f.depth[1] == 1);

	T_CASE("two levels: the finished lot made from an intermediate");
	pf_order(db, "WO-2", 5, 1);
	pf_as(db, "olga", "1111");
	pf_must(mes_lot_move(db, fin1, NULL, "STORE", 0), db, "mv");
	T_CHECK_RC(mes_lot_issue(db, fin1, NULL, "WO-2", 10, 8, NULL), MES_OK);
	{
		char top[32];

		T_CHECK_RC(mes_lot_produce(db, "WO-2", 30, 5, NULL, NULL, top),
		           MES_OK);
		memset(&f, 0, sizeof f);
		T_CHECK_RC(mes_trace(db, a, 1, keep_node, &f), MES_OK);
		T_CHECK(f.n == 4);     /* a, fin1, top, fin2 */
		memset(&f, 0, sizeof f);
		T_CHECK_RC(mes_recall(db, "S-A", keep_node, &f), MES_OK);
		T_CHECK(f.n == 2);
		T_CHECK(!strcmp(f.lots[0], top) || !strcmp(f.lots[1], top));
		T_CHECK(f.finished[0] && f.finished[1]);
		T_CHECK_RC(mes_trace(db, top, 0, count_node, &n), MES_OK);
		T_CHECK(n == 6);       /* top, fin1, and fin1's four */
	}
	T_CASE("recall of an unknown supplier lot says so");
	T_CHECK_RC(mes_recall(db, "NOPE", count_node, &n), MES_ERR_NOTFOUND);
	T_CHECK_HAS(mes_db_errmsg(db), "supplier lot \"NOPE\"");
}

static void ledger(void)
{
	sqlite3 *h;

	T_CASE("the ledger and genealogy are append-only and never negative");
	T_CHECK(sqlite3_open(fx_path(DB), &h) == SQLITE_OK);
	T_CHECK(sqlite3_exec(h, "UPDATE inv_moves SET qty = 1", NULL, NULL,
	                     NULL) != SQLITE_OK);
	T_CHECK(sqlite3_exec(h, "DELETE FROM inv_moves", NULL, NULL, NULL)
	        != SQLITE_OK);
	T_CHECK(sqlite3_exec(h, "DELETE FROM genealogy", NULL, NULL, NULL)
	        != SQLITE_OK);
	T_CHECK(sqlite3_exec(h, "INSERT INTO inv_moves (ts, lot_id, "
	                     "location_id, qty, kind) VALUES ('x', 1, 1, -1e6,"
	                     " 'adjust')", NULL, NULL, NULL) != SQLITE_OK);
	sqlite3_close(h);
}

int main(void)
{
	struct mes_db *db = mf_plant(DB);
	char a[32], b[32], c[32];

	snprintf(a, sizeof a, "%s", got(db, 100, "S-A", 50));
	snprintf(b, sizeof b, "%s", got(db, 200, "S-B", 40));
	moves(db, a);
	issue_rules(db, a, b);
	quarantine(db);
	snprintf(c, sizeof c, "%s", got(db, 300, "S-C", 10));
	pf_as(db, "olga", "1111");
	pf_must(mes_lot_issue(db, c, NULL, "WO-1", 10, 3, "fefo test"), db,
	        "c");
	genealogy(db, a);
	ledger();
	mes_db_close(db);
	return t_report("test_inventory");
}
