/* Master data as CSV and the exchange reports: who may, what is refused
 * with its line, what a one-time PIN is, what the tables hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exchange.h"
#include "prodfix.h"
#include "quality.h"
#include "testhelp.h"

#define DB "xcsv.db"

static int import(struct mes_db *db, const char *kind, const char *text,
                  struct mes_master_result *r)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc = mes_master_import(db, kind, f, "t.csv", r);

	fclose(f);
	return rc;
}

static void master(struct mes_db *db)
{
	struct mes_master_result r;
	char pin[16] = "";
	const char *p;

	T_CASE("items: an operator may not, a lead may");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(import(db, "items", "item_no,description\nX-1,x\n", &r),
	           MES_ERR_PERM);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(import(db, "items", "item_no,description\nX-1,x\n", &r),
	           MES_OK);
	T_CHECK(r.added == 1 && r.updated == 0);

	T_CASE("bad lines are named and nothing is kept");
	T_CHECK_RC(import(db, "items", "item_no,description,lot_control\n"
	           "X-2,y,1\nX-3,,1\n", &r), MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "t.csv:3: description");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM items WHERE item_no = "
	        "'X-2'") == 0);
	T_CHECK_RC(import(db, "items", "item_no,colour\nX-2,red\n", &r),
	           MES_ERR_SYNTAX);
	T_CHECK_RC(import(db, "routings", "item_no,seq,wc\nX-1,10,NOPE\n",
	           &r), MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "t.csv:2: unknown work center \"NOPE\"");

	T_CASE("users: a lead may not; a new user gets a one-time PIN");
	T_CHECK_RC(import(db, "users", "login,name,roles\nnina,Nina,operator\n",
	           &r), MES_ERR_PERM);
	pf_as(db, "root", "9999");
	T_CHECK_RC(import(db, "users", "login,name,roles\nnina,Nina,operator\n",
	           &r), MES_OK);
	T_CHECK(r.new_pins && !strncmp(r.new_pins, "nina,", 5));
	if (r.new_pins && (p = strchr(r.new_pins, ',')))
		snprintf(pin, sizeof pin, "%.*s", (int)strcspn(p + 1, "\n"),
		         p + 1);
	free(r.new_pins);
	T_CHECK(strlen(pin) >= 6);
	T_CHECK_RC(mes_login_pin(db, "nina", pin), MES_OK);
	pf_as(db, "root", "9999");

	T_CASE("users: not your own admin role, not a bad role");
	T_CHECK_RC(import(db, "users", "login,name,roles\nroot,Root,operator\n",
	           &r), MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "your own admin role");
	T_CHECK_RC(import(db, "users", "login,name,roles\nnora,Nora,boss\n",
	           &r), MES_ERR_SYNTAX);
	T_CHECK_RC(import(db, "users", "login,name,roles,pin\nnora,N,operator,"
	           "1234\n", &r), MES_ERR_SYNTAX);
}

static const char qp_hdr[] = "plan,item_no,op_seq,frequency,char,name,"
	"kind,lsl,usl,subgroup\n";

static int qp_import(struct mes_db *db, const char *rows,
                     struct mes_master_result *r)
{
	char text[512];

	snprintf(text, sizeof text, "%s%s", qp_hdr, rows);
	return import(db, "inspection-plans", text, r);
}

static void qplans(struct mes_db *db)
{
	struct mes_master_result r;
	struct mes_qchar c;

	T_CASE("inspection plans: a lead may not, quality may");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(qp_import(db, "QX,BRKT-100,20,every:5,D,Dia,variable,9,11,"
	           "1\n", &r), MES_ERR_PERM);
	pf_as(db, "quinn", "3333");
	T_CHECK_RC(qp_import(db, "QX,BRKT-100,20,every:5,D,Dia,variable,9,11,"
	           "1\nQX,BRKT-100,20,every:5,B,Burr,attribute,,,20\n", &r),
	           MES_OK);
	T_CHECK(r.rows == 2 && r.added == 3);
	T_CHECK_RC(mes_qchar_get(db, "QX/D", &c), MES_OK);
	T_CHECK(c.rules == MES_SPC_RULES_WE && c.subgroup == 1 && c.usl == 11);

	T_CASE("inspection plans: the quality core's rules, by line, all or "
	       "nothing");
	T_CHECK_RC(qp_import(db, "QY,BRKT-100,20,every:5,E,Ok,variable,1,2,1\n"
	           "QZ,BRKT-100,20,lot,,,,,,\n", &r), MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "t.csv:3: an operation's plan needs");
	T_CHECK_RC(qp_import(db, "QY,BRKT-100,,lot,V,Var,variable,,,1\n", &r),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "t.csv:2: V: a measured characteristic"
	            " needs LSL, USL or both");
	T_CHECK_RC(qp_import(db, "QX,BRKT-100,20,every:5,D,Dia,variable,9,11,"
	           "1\n", &r), MES_ERR_SYNTAX);
	T_CHECK_HAS(mes_db_errmsg(db), "t.csv:2: plan QX has a characteristic"
	            " D already");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM inspection_plans WHERE code"
	        " IN ('QY', 'QZ')") == 0);
}

static void reports(struct mes_db *db)
{
	struct mes_report_opts o = { NULL, NULL, NULL, NULL };
	struct mes_table t;

	T_CASE("scrap: a Pareto with shares adding to 100");
	T_CHECK_RC(mes_report(db, "scrap", &o, &t), MES_OK);
	T_CHECK(t.nrows >= 1 && t.ncols == 6);
	if (t.nrows)
		T_CHECK_STR(mes_cell(&t, t.nrows - 1, 5), "100.0");
	mes_table_free(&t);

	T_CASE("production per order and per shift, gantt, labor");
	T_CHECK_RC(mes_report(db, "production", &o, &t), MES_OK);
	T_CHECK(t.nrows >= 1);
	mes_table_free(&t);
	o.by = "shift";
	T_CHECK_RC(mes_report(db, "production", &o, &t), MES_OK);
	T_CHECK_STR(t.cols[1], "shift");
	mes_table_free(&t);
	o.by = NULL;
	T_CHECK_RC(mes_report(db, "gantt", &o, &t), MES_OK);
	T_CHECK(t.nrows >= 1);
	mes_table_free(&t);
	o.from = "2999-01-01";
	T_CHECK_RC(mes_report(db, "labor", &o, &t), MES_OK);
	T_CHECK(t.nrows == 0);
	mes_table_free(&t);

	T_CASE("genealogy needs a lot that exists; unknown kinds refused");
	o.key = "NOPE";
	T_CHECK_RC(mes_report(db, "genealogy", &o, &t), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_report(db, "oee", &o, &t), MES_ERR_ARG);
}

int main(void)
{
	struct mes_db *db = fx_new_db(DB);

	pf_must(mes_demo_seed(db), db, "demo seed");
	master(db);
	qplans(db);
	reports(db);
	mes_db_close(db);
	return t_report("test_exchange_csv");
}
