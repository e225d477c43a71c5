/* Work orders, the operation lifecycle and labor: every rule, and every
 * refusal next to the case it allows. */
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "prodfix.h"
#include "testhelp.h"

#define DB "prod.db"

static void order_states(struct mes_db *db)
{
	struct pf_audit a;

	T_CASE("release: planned becomes released, once");
	pf_order(db, "WO-1", 10, 0);
	T_CHECK_RC(mes_order_release(db, "WO-1"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-1'"), "released");
	T_CHECK_RC(mes_order_release(db, "WO-1"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "not planned");
	T_CHECK_RC(mes_order_release(db, "WO-NONE"), MES_ERR_NOTFOUND);

	T_CASE("an operator may not release, hold or close orders");
	pf_order(db, "WO-2", 10, 0);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_order_release(db, "WO-2"), MES_ERR_PERM);
	T_CHECK_RC(mes_order_hold(db, "WO-1", "x"), MES_ERR_PERM);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_release(db, "WO-2"), MES_OK);

	T_CASE("hold needs a reason; a held order is not released again");
	T_CHECK_RC(mes_order_hold(db, "WO-1", ""), MES_ERR_ARG);
	T_CHECK_RC(mes_order_hold(db, "WO-1", "drawing revision pending"),
	           MES_OK);
	T_CHECK(pf_audit_last(DB, "order.hold", &a));
	T_CHECK_HAS(a.old_value, "\"status\":\"released\"");
	T_CHECK_HAS(a.new_value, "\"held_from\":\"released\"");
	T_CHECK_STR(a.reason, "drawing revision pending");
	T_CHECK_RC(mes_order_hold(db, "WO-1", "again"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "drawing revision pending");
	T_CHECK_RC(mes_order_release(db, "WO-1"), MES_ERR_STATE);

	T_CASE("unhold returns to where the order was");
	T_CHECK_RC(mes_order_unhold(db, "WO-2", NULL), MES_ERR_STATE);
	T_CHECK_RC(mes_order_unhold(db, "WO-1", "drawing approved"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-1'"), "released");
	pf_order(db, "WO-3", 10, 0);
	T_CHECK_RC(mes_order_hold(db, "WO-3", "customer asks"), MES_OK);
	T_CHECK_RC(mes_order_unhold(db, "WO-3", ""), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-3'"), "planned");

	T_CASE("close refuses an order that is not complete");
	T_CHECK_RC(mes_order_close(db, "WO-1"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "only a complete order");
}

static void start_rules(struct mes_db *db)
{
	struct pf_audit a;

	T_CASE("a planned order cannot start");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-3", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "not released");

	T_CASE("a held order cannot start; after unhold it can");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_hold(db, "WO-2", "material blocked"), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-2", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "on hold for: material blocked");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_unhold(db, "WO-2", "material here"), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-2", 10, NULL), MES_OK);

	T_CASE("the first start sets the order running, audited old/new");
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-2'"), "running");
	T_CHECK(pf_audit_last(DB, "op.start", &a));
	T_CHECK_STR(a.login, "olga");
	T_CHECK_STR(a.key, "WO-2/10");
	T_CHECK_HAS(a.old_value, "\"status\":\"waiting\"");
	T_CHECK_HAS(a.new_value, "\"status\":\"running\"");
	T_CHECK(pf_audit_last(DB, "order.run", &a));
	T_CHECK_STR(a.key, "WO-2");

	T_CASE("hold and unhold of a running order return it to running");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_hold(db, "WO-2", "check"), MES_OK);
	T_CHECK_RC(mes_order_unhold(db, "WO-2", "ok"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-2'"), "running");

	T_CASE("a started operation does not start again");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-2", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "running already");
	T_CHECK_RC(mes_op_start(db, "WO-2", 99, NULL), MES_ERR_NOTFOUND);

	T_CASE("no start before the predecessor has reported good quantity");
	T_CHECK_RC(mes_op_start(db, "WO-2", 20, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "operation 10 has reported good");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 0, 1, "DIM"), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-2", 20, NULL), MES_ERR_STATE);
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 4, 0, NULL), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-2", 20, NULL), MES_OK);

	T_CASE("a quality user may not run operations");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 1, 0, NULL), MES_ERR_PERM);
}

static void report_rules(struct mes_db *db)
{
	struct pf_audit a;

	pf_as(db, "olga", "1111");
	T_CASE("negative quantities are refused, nothing changes");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, -1, 0, NULL), MES_ERR_RANGE);
	T_CHECK_HAS(mes_db_errmsg(db), "negative");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 0, -2, "DIM"),
	           MES_ERR_RANGE);
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 0, 0, NULL), MES_ERR_ARG);
	T_CHECK(pf_num(DB, "SELECT qty_good FROM wo_ops WHERE seq = 10 AND "
	               "wo_id = (SELECT id FROM work_orders WHERE wo_no = "
	               "'WO-2')") == 4);

	T_CASE("scrap needs an existing reason code of kind scrap");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 0, 1, NULL), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "DIM");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 0, 1, "NOPE"),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 0, 1, "BRK"),
	           MES_ERR_NOTFOUND);
	T_CHECK_HAS(mes_db_errmsg(db), "it is a pause code");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 2, 1, "DIM"), MES_OK);
	T_CHECK(pf_audit_last(DB, "op.report", &a));
	T_CHECK_HAS(a.old_value, "\"good\":4,\"scrap\":1");
	T_CHECK_HAS(a.new_value, "\"good\":6,\"scrap\":2");
	T_CHECK_STR(a.reason, "DIM");

	T_CASE("a waiting operation takes no report");
	T_CHECK_RC(mes_op_report(db, "WO-2", 30, 1, 0, NULL), MES_ERR_STATE);
}

#define OP10_GOOD "SELECT qty_good FROM wo_ops WHERE seq = 10 AND wo_id = " \
	"(SELECT id FROM work_orders WHERE wo_no = 'WO-2')"

static void over_report(struct mes_db *db)
{
	struct pf_audit a;

	pf_as(db, "olga", "1111");
	T_CASE("good past the quantity plus over_report_pct is refused, audited");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 6, 0, NULL), MES_ERR_CONFIRM);
	T_CHECK_HAS(mes_db_errmsg(db), "12 of 10 ordered");
	T_CHECK_HAS(mes_db_errmsg(db), "a lead signs it");
	T_CHECK(pf_num(DB, OP10_GOOD) == 6);
	T_CHECK(pf_audit_last(DB, "denied", &a));
	T_CHECK_STR(a.key, "WO-2/10");
	T_CHECK_HAS(a.reason, "count again");

	T_CASE("up to the quantity plus 10% goes through unsigned");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 5, 0, NULL), MES_OK);
	T_CHECK(pf_num(DB, OP10_GOOD) == 11);
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 1, 0, NULL), MES_ERR_CONFIRM);

	T_CASE("an over-report is signed by a lead with a reason, or not at all");
	T_CHECK_RC(mes_op_report_signed(db, "WO-2", 10, 1, 0, NULL, "luis",
	                                "2222", ""), MES_ERR_ARG);
	T_CHECK_RC(mes_op_report_signed(db, "WO-2", 10, 1, 0, NULL, "luis",
	                                "0000", "recount"), MES_ERR_AUTH);
	T_CHECK_RC(mes_op_report_signed(db, "WO-2", 10, 1, 0, NULL, "olga",
	                                "1111", "recount"), MES_ERR_PERM);
	T_CHECK(pf_num(DB, OP10_GOOD) == 11);
	T_CHECK_RC(mes_op_report_signed(db, "WO-2", 10, 1, 0, NULL, "luis",
	                                "2222", "recounted, 12 on the rack"),
	           MES_OK);
	T_CHECK(pf_num(DB, OP10_GOOD) == 12);
	T_CHECK(pf_audit_last(DB, "op.report.override", &a));
	T_CHECK_STR(a.login, "olga");
	T_CHECK_HAS(a.new_value, "\"override_by\":\"luis\"");
	T_CHECK_HAS(a.reason, "recounted, 12 on the rack");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM signatures WHERE meaning = "
	               "'over-report'") == 1);

	T_CASE("scrap alone is never over the quantity");
	T_CHECK_RC(mes_op_report(db, "WO-2", 10, 0, 1, "DIM"), MES_OK);

	T_CASE("a report that needs no signature is not signed");
	T_CHECK_RC(mes_op_report_signed(db, "WO-2", 10, 0, 1, "DIM", "luis",
	                                "2222", "why not"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "without a signature");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM signatures WHERE meaning = "
	               "'over-report'") == 1);
}

static void pause_rules(struct mes_db *db)
{
	struct pf_audit a;

	T_CASE("pause needs a reason code of kind pause");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_pause(db, "WO-2", 20, NULL), MES_ERR_ARG);
	T_CHECK_RC(mes_op_pause(db, "WO-2", 20, "DIM"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_op_pause(db, "WO-2", 20, "BRK"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT o.status FROM wo_ops o JOIN work_orders"
	                    " w ON w.id = o.wo_id WHERE w.wo_no = 'WO-2' AND "
	                    "o.seq = 20"), "paused");
	T_CHECK_STR(pf_text(DB, "SELECT reason_code FROM op_events WHERE "
	                    "kind = 'pause' ORDER BY id DESC"), "BRK");
	T_CHECK(pf_audit_last(DB, "op.pause", &a));
	T_CHECK_HAS(a.old_value, "\"status\":\"running\"");
	T_CHECK_HAS(a.new_value, "\"status\":\"paused\",\"reason\":\"BRK\"");

	T_CASE("pausing clocks everyone off the operation");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM labor l JOIN wo_ops o ON "
	               "o.id = l.wo_op_id WHERE o.seq = 20 AND l.clock_off "
	               "IS NULL") == 0);

	T_CASE("only a running operation pauses, only a paused one resumes");
	T_CHECK_RC(mes_op_pause(db, "WO-2", 20, "BRK"), MES_ERR_STATE);
	T_CHECK_RC(mes_op_resume(db, "WO-2", 10), MES_ERR_STATE);
	T_CHECK_RC(mes_op_resume(db, "WO-2", 20), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM labor l JOIN wo_ops o ON "
	               "o.id = l.wo_op_id WHERE o.seq = 20 AND l.clock_off "
	               "IS NULL") == 1);
	T_CHECK(pf_audit_last(DB, "op.resume", &a));
	T_CHECK_HAS(a.new_value, "\"status\":\"running\"");

	T_CASE("a held order resumes and completes nothing");
	T_CHECK_RC(mes_op_pause(db, "WO-2", 20, "BRK"), MES_OK);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_hold(db, "WO-2", "quality check"), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_resume(db, "WO-2", 20), MES_ERR_STATE);
	T_CHECK_RC(mes_op_complete(db, "WO-2", 20), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "on hold");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_unhold(db, "WO-2", "fine"), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_resume(db, "WO-2", 20), MES_OK);
}

static void complete_rules(struct mes_db *db)
{
	struct pf_audit a;

	T_CASE("the last operation waits for the others to complete");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_report(db, "WO-2", 20, 5, 0, NULL), MES_OK);
	T_CHECK_RC(mes_op_complete(db, "WO-2", 30), MES_ERR_STATE);
	T_CHECK_RC(mes_op_start(db, "WO-2", 30, NULL), MES_OK);
	T_CHECK_RC(mes_op_report(db, "WO-2", 30, 5, 0, NULL), MES_OK);
	T_CHECK_RC(mes_op_complete(db, "WO-2", 30), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "operation 10 is not complete");

	T_CASE("completing the last operation completes the order");
	T_CHECK_RC(mes_op_complete(db, "WO-2", 10), MES_OK);
	T_CHECK_RC(mes_op_complete(db, "WO-2", 20), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-2'"), "running");
	T_CHECK_RC(mes_op_complete(db, "WO-2", 30), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-2'"), "complete");
	T_CHECK(pf_audit_last(DB, "op.complete", &a));
	T_CHECK_STR(a.key, "WO-2/30");
	T_CHECK_HAS(a.new_value, "\"status\":\"complete\"");
	T_CHECK(pf_audit_last(DB, "order.complete", &a));
	T_CHECK_STR(a.key, "WO-2");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM labor WHERE clock_off IS "
	               "NULL") == 0);
	T_CHECK_RC(mes_op_complete(db, "WO-2", 30), MES_ERR_STATE);

	T_CASE("a complete order is closed, and a closed one starts nothing");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_hold(db, "WO-2", "x"), MES_ERR_STATE);
	T_CHECK_RC(mes_order_close(db, "WO-2"), MES_OK);
	T_CHECK_RC(mes_order_close(db, "WO-2"), MES_ERR_STATE);
	T_CHECK_RC(mes_op_report(db, "WO-2", 30, 1, 0, NULL), MES_ERR_STATE);
}

static void labor_rules(struct mes_db *db)
{
	double h = -1;

	T_CASE("start clocks the starter on; others join with labor on");
	pf_order(db, "WO-4", 10, 1);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_labor_on(db, "WO-4", 10), MES_ERR_STATE);
	T_CHECK_RC(mes_op_start(db, "WO-4", 10, NULL), MES_OK);
	T_CHECK_RC(mes_labor_on(db, "WO-4", 10), MES_ERR_EXISTS);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_labor_on(db, "WO-4", 10), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM labor WHERE clock_off IS "
	               "NULL") == 2);

	T_CASE("labor off closes only the user's spell");
	T_CHECK_RC(mes_labor_off(db, "WO-4", 10), MES_OK);
	T_CHECK_RC(mes_labor_off(db, "WO-4", 10), MES_ERR_NOTFOUND);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM labor WHERE clock_off IS "
	               "NULL") == 1);

	T_CASE("labor hours add up the spells of the operation");
	/* Age the closed spell to two hours, and the open one to one. */
	pf_sql(DB, "UPDATE labor SET clock_on = strftime('%Y-%m-%dT%H:%M:"
	       "%fZ', clock_off, '-2 hours') WHERE clock_off IS NOT NULL AND "
	       "wo_op_id = (SELECT max(wo_op_id) FROM labor)");
	pf_sql(DB, "UPDATE labor SET clock_on = strftime('%Y-%m-%dT%H:%M:"
	       "%fZ', 'now', '-1 hours') WHERE clock_off IS NULL");
	T_CHECK_RC(mes_labor_hours(db, "WO-4", 10, &h), MES_OK);
	T_CHECK(h > 2.99 && h < 3.01);
	T_CHECK_RC(mes_labor_hours(db, "WO-4", 20, &h), MES_OK);
	T_CHECK(h == 0);
	T_CHECK_RC(mes_labor_hours(db, "WO-X", 20, &h), MES_ERR_NOTFOUND);
}

static void labor_limit(void)
{
	struct mes_settings s;
	struct mes_db *db;

	T_CASE("max_open_labor: one more start is refused, naming the limit");
	fx_settings(&s);
	s.max_open_labor = 2;
	T_CHECK_RC(mes_db_open(&db, fx_path(DB), 0, &s), MES_OK);
	pf_order(db, "WO-5", 10, 1);
	pf_order(db, "WO-6", 10, 1);
	pf_order(db, "WO-7", 10, 1);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_op_start(db, "WO-5", 10, NULL), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-6", 10, NULL), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-7", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "max_open_labor");
	T_CHECK_HAS(mes_db_errmsg(db), "WO-5/10, WO-6/10");
	T_CHECK_STR(pf_text(DB, "SELECT o.status FROM wo_ops o JOIN work_orders"
	                    " w ON w.id = o.wo_id WHERE w.wo_no = 'WO-7' AND "
	                    "o.seq = 10"), "waiting");

	T_CASE("after clocking off one, the start goes through");
	T_CHECK_RC(mes_labor_off(db, "WO-5", 10), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-7", 10, NULL), MES_OK);
	mes_db_close(db);
}

static int ini_limit(const char *text, int *limit)
{
	struct mes_settings s;
	struct mes_ini *ini = NULL;
	char err[512];
	FILE *f = fopen(fx_path("d.ini"), "w");
	int rc;

	fputs(text, f);
	fclose(f);
	rc = mes_ini_load(fx_path("d.ini"), &ini, err, sizeof err);
	if (rc == MES_OK)
		rc = mes_config_settings(ini, &s, NULL, NULL, err, sizeof err);
	mes_ini_free(ini);
	*limit = rc == MES_OK ? s.max_open_labor : -1;
	return rc;
}

static void config_limit(void)
{
	int n = 0;

	T_CASE("[dispatch] max_open_labor: default 3, 1 to 20");
	T_CHECK_RC(ini_limit("[database]\npath = /x\n", &n), MES_OK);
	T_CHECK(n == 3);
	T_CHECK_RC(ini_limit("[dispatch]\nmax_open_labor = 5\n", &n), MES_OK);
	T_CHECK(n == 5);
	T_CHECK_RC(ini_limit("[dispatch]\nmax_open_labor = 0\n", &n),
	           MES_ERR_CONFIG);
	T_CHECK_RC(ini_limit("[dispatch]\nmax_open_labor = 21\n", &n),
	           MES_ERR_CONFIG);
}

int main(void)
{
	struct mes_db *db = pf_plant(DB);

	order_states(db);
	start_rules(db);
	report_rules(db);
	over_report(db);
	pause_rules(db);
	complete_rules(db);
	labor_rules(db);
	mes_db_close(db);
	labor_limit();
	config_limit();
	return t_report("test_prod");
}
