/* The CSV reader, the work order import and the results export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "prodfix.h"
#include "testhelp.h"

#define DB "csv.db"

static FILE *text(const char *s)
{
	return fmemopen((void *)s, strlen(s), "r");
}

static void reader(void)
{
	static const char *const names[] = { "a", "b", "c", NULL };
	struct mes_csv c;
	int col[3];
	FILE *f;

	T_CASE("csv: quotes, doubled quotes, commas and line breaks in fields");
	f = text("x,\"y, \"\"z\"\"\",\"two\nlines\"\nnext,,\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK(mes_csv_read(&c) == 1);
	T_CHECK(c.nfields == 3 && c.line == 1);
	T_CHECK_STR(c.fields[1], "y, \"z\"");
	T_CHECK_STR(c.fields[2], "two\nlines");
	T_CHECK(mes_csv_read(&c) == 1);
	T_CHECK(c.line == 3 && c.nfields == 3);
	T_CHECK_STR(c.fields[0], "next");
	T_CHECK_STR(c.fields[2], "");
	T_CHECK(mes_csv_read(&c) == 0);
	mes_csv_free(&c);
	fclose(f);

	T_CASE("csv: a byte order mark, CRLF and blank lines");
	f = text("\xef\xbb\xbf" "a,b\r\n\r\n1,2\r\n\n3,\"4\"\r\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK(mes_csv_read(&c) == 1);
	T_CHECK_STR(c.fields[0], "a");
	T_CHECK_STR(c.fields[1], "b");
	T_CHECK(mes_csv_read(&c) == 1);
	T_CHECK(c.line == 3);
	T_CHECK_STR(c.fields[1], "2");
	T_CHECK(mes_csv_read(&c) == 1);
	T_CHECK(c.line == 5);
	T_CHECK_STR(c.fields[1], "4");
	T_CHECK(mes_csv_read(&c) == 0);
	mes_csv_free(&c);
	fclose(f);

	T_CASE("csv: an unclosed quote and a stray quote name their line");
	f = text("a,b\n1,\"open\n2,3\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK(mes_csv_read(&c) == 1);
	T_CHECK(mes_csv_read(&c) == MES_ERR_SYNTAX);
	T_CHECK_HAS(c.err, "opened on line 2 never closes");
	mes_csv_free(&c);
	fclose(f);
	f = text("a,b\n1,2\n3,x\"y\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK(mes_csv_read(&c) == 1 && mes_csv_read(&c) == 1);
	T_CHECK(mes_csv_read(&c) == MES_ERR_SYNTAX);
	T_CHECK_HAS(c.err, "t.csv:3:");
	T_CHECK_HAS(c.err, "quote inside an unquoted field");
	mes_csv_free(&c);
	fclose(f);
	f = text("\"a\"b\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK(mes_csv_read(&c) == MES_ERR_SYNTAX);
	T_CHECK_HAS(c.err, "after a closing quote");
	mes_csv_free(&c);
	fclose(f);

	T_CASE("csv header: any order and case; unknown or twice is refused");
	f = text(" C ,A,b\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK_RC(mes_csv_header(&c, names, col), MES_OK);
	T_CHECK(col[0] == 1 && col[1] == 2 && col[2] == 0);
	mes_csv_free(&c);
	fclose(f);
	f = text("\n\na,zz,b\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK_RC(mes_csv_header(&c, names, col), MES_ERR_SYNTAX);
	T_CHECK_HAS(c.err, "t.csv:3: unknown column \"zz\" (column 2)");
	mes_csv_free(&c);
	fclose(f);
	f = text("a,b,A\n");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK_RC(mes_csv_header(&c, names, col), MES_ERR_SYNTAX);
	T_CHECK_HAS(c.err, "twice");
	mes_csv_free(&c);
	fclose(f);
	f = text("");
	mes_csv_init(&c, f, "t.csv");
	T_CHECK_RC(mes_csv_header(&c, names, col), MES_ERR_SYNTAX);
	T_CHECK_HAS(c.err, "empty file");
	mes_csv_free(&c);
	fclose(f);
}

/* Imports s; rejects (if wanted) come back in *rej, to free. */
static int import(struct mes_db *db, const char *s, int skip, char **rej,
                  struct mes_import_result *res)
{
	size_t n;
	FILE *in = text(s), *out = rej ? open_memstream(rej, &n) : NULL;
	int rc = mes_import_orders_csv(db, in, "orders.csv", skip, out, res);

	fclose(in);
	if (out)
		fclose(out);
	return rc;
}

static double orders(void)
{
	return pf_num(DB, "SELECT count(*) FROM work_orders");
}

static const char bad_file[] =
	"wo_no,item,qty,release_date,due_date,priority\n"
	"E-1,P1,10,2026-03-01,2026-03-05,3\n"
	"E-2,NOPE,10,2026-03-01,2026-03-05,3\n"
	"E-3,P1,10,2026-02-30,2026-03-05,3\n"
	"E-1,P1,5,2026-03-01,2026-03-05,3\n"
	"E-5,P1,0,2026-03-01,2026-03-05,3\n"
	"E-6,P1,-4,2026-03-01,2026-03-05,3\n"
	"E-7,P1,10,2026-03-05,2026-03-01,3\n"
	"E-8,P1,10,2026-03-01,2026-03-05,12\n"
	"E-9,P1,10,2026-03-01\n"
	"E-10,RAW,10,2026-03-01,2026-03-05,3\n"
	"E-11,P1,2.5,2026-03-01,2026-03-05,\n";

static void import_rules(struct mes_db *db)
{
	struct mes_import_result res;
	char *rej = NULL;

	T_CASE("import: columns in any order, priority optional, ops copied");
	T_CHECK_RC(import(db, "item,due_date,wo_no,release_date,qty\n"
	                  "P1,2026-03-09,I-1,2026-03-02,40\n"
	                  "P1,2026-03-10,\"I-2\",2026-03-02,8.5\n", 0, NULL,
	                  &res), MES_OK);
	T_CHECK(res.rows == 2 && res.imported == 2 && res.rejected == 0);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM wo_ops o JOIN work_orders w"
	               " ON w.id = o.wo_id WHERE w.wo_no = 'I-2'") == 3);
	T_CHECK(pf_num(DB, "SELECT priority FROM work_orders WHERE wo_no = "
	               "'I-1'") == 5);
	T_CHECK(pf_num(DB, "SELECT qty FROM work_orders WHERE wo_no = "
	               "'I-2'") == 8.5);

	T_CASE("import: any bad row and nothing is imported, each one named");
	T_CHECK(orders() == 2);
	T_CHECK_RC(import(db, bad_file, 0, &rej, &res), MES_ERR_ARG);
	T_CHECK(orders() == 2);
	T_CHECK(res.rows == 11 && res.imported == 0 && res.rejected == 9);
	T_CHECK(res.first_bad_line == 3);
	T_CHECK_HAS(res.first_error, "unknown item \"NOPE\"");
	T_CHECK_HAS(mes_db_errmsg(db), "orders.csv:3: unknown item");
	T_CHECK_HAS(mes_db_errmsg(db), "nothing was imported");
	T_CHECK_HAS(rej, "line,reason,wo_no,item,qty");
	T_CHECK_HAS(rej, "\r\n4,\"release date \"\"2026-02-30\"\": not a date");
	T_CHECK_HAS(rej, "\r\n5,duplicate order number E-1 (line 2 has it");
	T_CHECK_HAS(rej, "\r\n6,\"quantity \"\"0\"\": a number above 0\"");
	T_CHECK_HAS(rej, "\r\n7,\"quantity \"\"-4\"\"");
	T_CHECK_HAS(rej, "\r\n8,due date 2026-03-01 is before the release");
	T_CHECK_HAS(rej, "\r\n9,\"priority \"\"12\"\": 1 (first) to 9\"");
	T_CHECK_HAS(rej, "\r\n10,4 fields where the header has 6");
	T_CHECK_HAS(rej, "\r\n11,item RAW has no routing");
	free(rej);
	rej = NULL;

	T_CASE("import --skip-bad: good rows in, bad ones to the rejects");
	T_CHECK_RC(import(db, bad_file, 1, &rej, &res), MES_OK);
	T_CHECK(res.imported == 2 && res.rejected == 9);
	T_CHECK(orders() == 4);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM work_orders WHERE wo_no IN "
	               "('E-1', 'E-11')") == 2);
	T_CHECK_HAS(rej, "\r\n3,\"unknown item \"\"NOPE\"\"\",E-2,NOPE,10");
	free(rej);
	rej = NULL;

	T_CASE("import: an order number in the database is a duplicate");
	T_CHECK_RC(import(db, "wo_no,item,qty,release_date,due_date\n"
	                  "I-1,P1,1,2026-03-01,2026-03-01\n", 0, NULL, &res),
	           MES_ERR_ARG);
	T_CHECK_HAS(res.first_error, "exists in the database");

	T_CASE("import: unknown or missing columns refuse the whole file");
	T_CHECK_RC(import(db, "wo_no,item,qty,release_date,due_date,colour\n"
	                  "Z-1,P1,1,2026-03-01,2026-03-01,red\n", 1, NULL,
	                  &res), MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "orders.csv:1: unknown column "
	            "\"colour\"");
	T_CHECK_RC(import(db, "wo_no,item,release_date,due_date\n", 1, NULL,
	                  &res), MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "column \"qty\" is missing");
	T_CHECK_RC(import(db, "wo_no,item,qty,release_date,due_date\n"
	                  "Z-1,P1,1,2026-03-01,2026-03-01\n"
	                  "Z-2,P1,\"1,2026-03-01,2026-03-01\n", 1, NULL, &res),
	           MES_ERR_SYNTAX);
	T_CHECK(orders() == 4);

	T_CASE("import: a BOM and CRLF from a spreadsheet are fine");
	T_CHECK_RC(import(db, "\xef\xbb\xbfWO_NO,Item,Qty,Release_Date,"
	                  "Due_Date\r\nS-1,P1,3,2026-03-01,2026-03-02\r\n", 0,
	                  NULL, &res), MES_OK);
	T_CHECK(orders() == 5);

	T_CASE("import needs the role to create orders");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(import(db, "wo_no,item,qty,release_date,due_date\n"
	                  "O-1,P1,1,2026-03-01,2026-03-01\n", 0, NULL, &res),
	           MES_ERR_PERM);
	T_CHECK(orders() == 5);
}

static void export_rules(struct mes_db *db)
{
	char *out = NULL;
	size_t n;
	FILE *f;

	pf_as(db, "root", "9999");
	pf_must(mes_order_release(db, "I-1"), db, "release");
	pf_as(db, "olga", "1111");
	pf_must(mes_op_start(db, "I-1", 10, NULL), db, "start");
	pf_must(mes_op_report(db, "I-1", 10, 38, 2, "DIM"), db, "report");
	pf_must(mes_op_complete(db, "I-1", 10), db, "complete");
	pf_sql(DB, "UPDATE labor SET clock_on = strftime('%Y-%m-%dT%H:%M:"
	       "%fZ', clock_off, '-90 minutes')");
	pf_must(mes_op_start(db, "I-1", 20, NULL), db, "start");

	T_CASE("export: one line per operation with results, labor hours");
	f = open_memstream(&out, &n);
	T_CHECK_RC(mes_export_results_csv(db, NULL, f), MES_OK);
	fclose(f);
	T_CHECK_HAS(out, "wo_no,seq,item,wc,status,qty_good,qty_scrap,"
	            "actual_start,actual_end,labor_hours\r\n");
	T_CHECK_HAS(out, "\r\nI-1,10,P1,SAW,complete,38,2,20");
	T_CHECK_HAS(out, ",1.500\r\n");
	T_CHECK(strstr(out, "I-1,20") == NULL);
	free(out);

	T_CASE("export --since: only what reported since then");
	f = open_memstream(&out, &n);
	T_CHECK_RC(mes_export_results_csv(db, "2999-01-01", f), MES_OK);
	fclose(f);
	T_CHECK_STR(out, "wo_no,seq,item,wc,status,qty_good,qty_scrap,"
	            "actual_start,actual_end,labor_hours\r\n");
	free(out);
	f = open_memstream(&out, &n);
	T_CHECK_RC(mes_export_results_csv(db, "yesterday", f), MES_ERR_ARG);
	fclose(f);
	free(out);
}

int main(void)
{
	struct mes_db *db;

	reader();
	db = pf_plant(DB);
	import_rules(db);
	export_rules(db);
	mes_db_close(db);
	return t_report("test_csv");
}
