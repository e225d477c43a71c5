/* Receipt lines and receiving a label: every refusal next to the case it
 * allows. */
#include <stdio.h>
#include <string.h>
#include "matfix.h"
#include "testhelp.h"

#define DB "recv.db"

static char lbl[512];

/* A bracketed label for RESIN expiring in days, lot, quantity. */
static const char *resin(int days, const char *lot, int qty)
{
	snprintf(lbl, sizeof lbl, "(01)" GTIN_RESIN "(17)%s(10)%s(30)%d",
	         mf_yymmdd(days), lot, qty);
	return lbl;
}

static void imports(struct mes_db *db)
{
	struct mes_import_result res;

	T_CASE("receipt lines import; a GTIN that is not the item's spoils "
	       "the file");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM receipt_lines") == 4);
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,gtin,qty\n"
	                     "PO-9,1,ACME,RESIN," GTIN_RESIN ",5\n"
	                     "PO-9,2,ACME,BOLT," GTIN_RESIN ",5\n", 0, &res),
	           MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "is not item BOLT's");
	T_CHECK_HAS(mes_db_errmsg(db), "test.csv:3");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM receipt_lines") == 4);

	T_CASE("import refuses an item without GTIN, a bad check digit, a "
	       "duplicate line, a missing column");
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,gtin,qty\n"
	                     "PO-9,1,ACME,P1," GTIN_RESIN ",5\n", 0, &res),
	           MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "has no GTIN yet");
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,gtin,qty\n"
	                     "PO-9,1,ACME,RESIN,09521234543214,5\n", 0, &res),
	           MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "check digit");
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,gtin,qty\n"
	                     "PO-1,1,ACME,RESIN," GTIN_RESIN ",5\n", 0, &res),
	           MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "exists already");
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,qty\n", 0, &res),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "\"gtin\" is missing");

	T_CASE("skip_bad keeps the good rows");
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,gtin,qty\n"
	                     "PO-8,1,ACME,BOLT," GTIN_BOLT ",5\n"
	                     "PO-8,2,ACME,BOLT," GTIN_BOLT ",-5\n", 1, &res),
	           MES_OK);
	T_CHECK(res.imported == 1 && res.rejected == 1);

	T_CASE("an operator may not import receipts; receiving may");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,gtin,qty\n"
	                     "PO-7,1,ACME,BOLT," GTIN_BOLT ",5\n", 0, &res),
	           MES_ERR_PERM);
	pf_as(db, "remy", "5555");
	T_CHECK_RC(mf_import(db, "po_no,line,supplier,item,gtin,qty\n"
	                     "PO-7,1,ACME,BOLT," GTIN_BOLT ",5\n", 0, &res),
	           MES_OK);
}

static void receive_ok(struct mes_db *db)
{
	struct mes_receipt r;
	struct pf_audit a;
	char scan[256];

	T_CASE("a bracketed label becomes a released lot on the dock");
	pf_as(db, "remy", "5555");
	T_CHECK_RC(mf_recv(db, resin(200, "S-100", 40), 0, &r), MES_OK);
	T_CHECK_STR(r.item_no, "RESIN");
	T_CHECK_STR(r.supplier_lot, "S-100");
	T_CHECK_STR(r.supplier, "ACME");
	T_CHECK_STR(r.location, "RECV");
	T_CHECK_STR(r.status, "released");
	T_CHECK_STR(r.expiry, mf_date(200));
	T_CHECK_STR(r.po_no, "PO-1");
	T_CHECK(r.qty == 40 && r.line_received == 40);
	T_CHECK(pf_num(DB, "SELECT total(qty) FROM inv_moves m JOIN lots l "
	               "ON l.id = m.lot_id WHERE l.supplier_lot = 'S-100'")
	        == 40);
	T_CHECK(pf_audit_last(DB, "receive", &a));
	T_CHECK_STR(a.key, r.lot_no);
	T_CHECK_STR(a.login, "remy");
	T_CHECK_HAS(a.new_value, "\"supplier_lot\":\"S-100\"");

	T_CASE("the scanned form: AIM identifier, GS after the lot");
	snprintf(scan, sizeof scan, "]C10109521234543220" "10B-7\x1d" "30250");
	T_CHECK_RC(mf_recv(db, scan, 0, &r), MES_OK);
	T_CHECK_STR(r.item_no, "BOLT");
	T_CHECK_STR(r.supplier_lot, "B-7");
	T_CHECK(r.qty == 250);
	T_CHECK_STR(r.expiry, "");

	T_CASE("a typed count wins over the label's");
	T_CHECK_RC(mf_recv(db, "(01)" GTIN_BOLT "(10)B-8(30)10", 12, &r),
	           MES_OK);
	T_CHECK(r.qty == 12);

	T_CASE("no symbology identifier: refused unless the station omits it");
	{
		struct mes_receive_req q;

		memset(&q, 0, sizeof q);
		q.data = "0109521234543220" "10B-9\x1d" "305";
		T_CHECK_RC(mes_receive(db, &q, &r), MES_ERR_SYNTAX);
		T_CHECK_HAS(mes_db_errmsg(db), "symbology identifier");
		q.no_aim = 1;
		T_CHECK_RC(mes_receive(db, &q, &r), MES_OK);
	}

	T_CASE("an item for incoming inspection lands in quarantine");
	snprintf(lbl, sizeof lbl, "(01)" GTIN_PAINT "(17)%s(10)P-1(30)5",
	         mf_yymmdd(100));
	T_CHECK_RC(mf_recv(db, lbl, 0, &r), MES_OK);
	T_CHECK_STR(r.status, "quarantine");
	T_CHECK_STR(r.location, "QUAR");
	T_CHECK_STR(pf_text(DB, "SELECT status FROM lots WHERE supplier_lot"
	                    " = 'P-1'"), "quarantine");
}

static void refusals(struct mes_db *db)
{
	struct mes_receipt r;
	char scan[256];
	double lots = pf_num(DB, "SELECT count(*) FROM lots");

	pf_as(db, "remy", "5555");
	T_CASE("malformed barcode: says which AI and why");
	T_CHECK_RC(mf_recv(db, "(01)09521234543214(10)X(30)1", 0, &r),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "malformed barcode");
	T_CHECK_HAS(mes_db_errmsg(db), "(01)");
	T_CHECK_RC(mf_recv(db, "]C1garbage", 0, &r), MES_ERR_SYNTAX);
	T_CHECK_RC(mf_recv(db, "(10)ONLY-LOT", 5, &r), MES_ERR_SYNTAX);

	T_CASE("unknown GTIN");
	T_CHECK_RC(mf_recv(db, "(01)" GTIN_NONE "(10)X(30)1", 0, &r),
	           MES_ERR_NOTFOUND);
	T_CHECK_HAS(mes_db_errmsg(db), "unknown GTIN " GTIN_NONE);

	T_CASE("an item on no open line");
	T_CHECK_RC(mf_recv(db, "(01)" GTIN_GLUE "(10)G(30)1", 0, &r),
	           MES_ERR_NOTFOUND);
	T_CHECK_HAS(mes_db_errmsg(db), "not on any open line");
	T_CHECK_RC(mf_recv(db, resin(200, "S-X", 1), 0, &r), MES_OK);
	{
		struct mes_receive_req q;

		memset(&q, 0, sizeof q);
		q.data = resin(200, "S-Y", 1);
		q.po_no = "PO-2";
		T_CHECK_RC(mes_receive(db, &q, &r), MES_ERR_NOTFOUND);
		T_CHECK_HAS(mes_db_errmsg(db), "of purchase order PO-2");
	}

	T_CASE("over-receipt beyond tolerance; within it is fine");
	/* PO-1/1: 100 + 10 %, 41 received so far; PO-3/1: 500. */
	T_CHECK_RC(mf_recv(db, resin(200, "S-101", 600), 0, &r),
	           MES_ERR_RANGE);
	T_CHECK_HAS(mes_db_errmsg(db), "over-receipt");
	T_CHECK_HAS(mes_db_errmsg(db), "10%");
	{
		struct mes_receive_req q;

		/* Not to PO-1 when it is full; PO-3 would take it, so name it. */
		memset(&q, 0, sizeof q);
		q.data = resin(200, "S-101", 70);
		q.po_no = "PO-1";
		T_CHECK_RC(mes_receive(db, &q, &r), MES_ERR_RANGE);
		q.data = resin(200, "S-101", 69);
		T_CHECK_RC(mes_receive(db, &q, &r), MES_OK);
		T_CHECK(r.line_received == 110);
		T_CHECK_STR(pf_text(DB, "SELECT status FROM receipt_lines WHERE"
		                    " po_no = 'PO-1' AND line_no = 1"),
		            "complete");
		q.data = resin(200, "S-102", 1);
		T_CHECK_RC(mes_receive(db, &q, &r), MES_ERR_NOTFOUND);
	}

	T_CASE("expired, and too short a shelf life");
	T_CHECK_RC(mf_recv(db, resin(-1, "S-OLD", 5), 0, &r), MES_ERR_RANGE);
	T_CHECK_HAS(mes_db_errmsg(db), "expired");
	T_CHECK_RC(mf_recv(db, resin(10, "S-SHORT", 5), 0, &r),
	           MES_ERR_RANGE);
	T_CHECK_HAS(mes_db_errmsg(db), "needs at least 30");
	T_CHECK_RC(mf_recv(db, resin(31, "S-OK", 5), 0, &r), MES_OK);

	T_CASE("duplicate SSCC");
	T_CHECK_RC(mf_recv(db, "(00)009521234500000012(01)" GTIN_BOLT
	                   "(10)B-20(30)5", 0, &r), MES_OK);
	T_CHECK_STR(r.sscc, "009521234500000012");
	T_CHECK_RC(mf_recv(db, "(00)009521234500000012(01)" GTIN_BOLT
	                   "(10)B-21(30)5", 0, &r), MES_ERR_EXISTS);
	T_CHECK_HAS(mes_db_errmsg(db), "duplicate SSCC");
	T_CHECK_HAS(mes_db_errmsg(db), "was received on");

	T_CASE("a dropped GS: a dated item without expiry names the scanner");
	snprintf(scan, sizeof scan, "]C10109521234543213" "10ABC123" "17%s",
	         mf_yymmdd(200));
	T_CHECK_RC(mf_recv(db, scan, 5, &r), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "GS");
	T_CHECK_HAS(mes_db_errmsg(db), "ABC12317");
	snprintf(scan, sizeof scan, "]C10109521234543213" "10ABC123\x1d"
	         "17%s", mf_yymmdd(200));
	T_CHECK_RC(mf_recv(db, scan, 5, &r), MES_OK);
	T_CHECK_STR(r.supplier_lot, "ABC123");

	T_CASE("a net weight (310n) is the quantity of a kg item");
	snprintf(scan, sizeof scan, "(01)" GTIN_RESIN "(17)%s(10)S-W(3102)"
	         "004550", mf_yymmdd(200));
	T_CHECK_RC(mf_recv(db, scan, 0, &r), MES_OK);
	T_CHECK(r.qty == 45.5);
	T_CHECK_STR(r.po_no, "PO-3");

	T_CASE("no quantity on the label and none typed");
	T_CHECK_RC(mf_recv(db, "(01)" GTIN_BOLT "(10)B-30", 0, &r),
	           MES_ERR_RANGE);
	T_CHECK_HAS(mes_db_errmsg(db), "type the quantity");

	T_CASE("a lot-controlled item needs its lot on the label");
	T_CHECK_RC(mf_recv(db, "(01)" GTIN_BOLT "(30)5", 0, &r),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "(10)");

	T_CASE("refusals are audited and leave no lot behind");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM audit WHERE action = "
	               "'denied' AND tbl = 'receive'") >= 6);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM lots") == lots + 6);

	T_CASE("a line's progress equals the ledger's receive moves");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM receipt_lines r WHERE "
	               "abs(r.received - (SELECT total(m.qty) FROM lots l JOIN "
	               "inv_moves m ON m.lot_id = l.id AND m.kind = 'receive' "
	               "WHERE l.receipt_line_id = r.id)) > 1e-9") == 0);
	T_CHECK(pf_num(DB, "SELECT received FROM receipt_lines WHERE po_no = "
	               "'PO-1' AND line_no = 1") == 110);

	T_CASE("an operator may not receive");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mf_recv(db, "(01)" GTIN_BOLT "(10)B-31(30)5", 0, &r),
	           MES_ERR_PERM);
}

static void master(struct mes_db *db)
{
	T_CASE("item GS1 settings: GTIN checked, unique, lead or admin");
	pf_as(db, "root", "9999");
	T_CHECK_RC(mes_item_set_gs1(db, "P1", "12345", 0, 0, 0),
	           MES_ERR_SYNTAX);
	T_CHECK_RC(mes_item_set_gs1(db, "P1", GTIN_BOLT, 0, 0, 0),
	           MES_ERR_EXISTS);
	T_CHECK_HAS(mes_db_errmsg(db), "belongs to item BOLT");
	T_CHECK_RC(mes_item_set_gs1(db, "NOPE", NULL, 0, 0, 0),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_item_set_gs1(db, "P1", "9521234543213", 0, -1, 0),
	           MES_ERR_RANGE);
	pf_as(db, "remy", "5555");
	T_CHECK_RC(mes_item_set_gs1(db, "RAW", GTIN_NONE, 0, 0, 0),
	           MES_ERR_PERM);
	pf_as(db, "lena", "3333");
	T_CHECK_RC(mes_item_set_gs1(db, "RAW", GTIN_NONE, 0, 0, 0), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT gtin FROM items WHERE item_no = "
	                    "'RAW'"), GTIN_NONE);

	T_CASE("locations: kinds checked, codes unique");
	T_CHECK_RC(mes_location_add(db, "X1", "x", "shelf"), MES_ERR_ARG);
	T_CHECK_RC(mes_location_add(db, "STORE", "again", "store"),
	           MES_ERR_EXISTS);
}

static void plan_quarantines(struct mes_db *db)
{
	struct mes_receipt r;

	T_CASE("a receiving inspection plan quarantines the item's lots");
	pf_sql(DB, "INSERT INTO inspection_plans (code, item_id, on_receipt) "
	       "SELECT 'RCV-BOLT', id, 1 FROM items WHERE item_no = 'BOLT'");
	pf_as(db, "remy", "5555");
	T_CHECK_RC(mf_recv(db, "(01)" GTIN_BOLT "(10)B-40(30)5", 0, &r),
	           MES_OK);
	T_CHECK_STR(r.status, "quarantine");
	T_CHECK_STR(r.location, "QUAR");
}

/* Any bytes at the dock: refused or received, never a crash. */
static void noise(struct mes_db *db)
{
	static const char alphabet[] = "()0123456789]C1dQe\x1d\x00ABL-/";
	struct mes_receive_req q;
	struct mes_receipt r;
	unsigned seed = 12345;
	char buf[64];
	int i, k, n, ok = 1;

	T_CASE("random bytes never crash receiving and leave the file sound");
	pf_as(db, "remy", "5555");
	for (i = 0; i < 300; i++) {
		n = (int)(seed % 48);
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		memset(&q, 0, sizeof q);
		q.data = buf;
		q.len = (size_t)n;
		q.qty = 1;
		if (mes_receive(db, &q, &r) == MES_ERR_DB)
			ok = 0;
	}
	T_CHECK(ok);
	T_CHECK_STR(pf_text(DB, "PRAGMA integrity_check"), "ok");
}

int main(void)
{
	struct mes_db *db = mf_plant(DB);

	imports(db);
	receive_ok(db);
	refusals(db);
	master(db);
	plan_quarantines(db);
	noise(db);
	mes_db_close(db);
	return t_report("test_receiving");
}
