/*
 * Tools (core/machines/tools.c, tool_life.c): an operation that needs a
 * tool does not start or resume without one mounted with life left; a
 * PLC's cycles (or, without a PLC, reported quantities) age the mounted
 * tools; the warning raises one maintenance request; at the limit the
 * operation pauses; a refurbishment gives a new life; the uses say which
 * tool, in which life, made what.
 */
#include "machfix.h"
#include "testhelp.h"

#define DB "tools.db"

static int book_cycles(struct mes_db *db, double n)
{
	struct mes_machine_booking b;

	memset(&b, 0, sizeof b);
	b.plc = "plc1";
	b.online = 1;
	b.cycles = n;
	b.good = n;
	pf_as(db, "collector", "7777");
	return mes_machine_book(db, &b);
}

static const char *op_status(const char *wo, int seq)
{
	static char q[160];

	snprintf(q, sizeof q, "SELECT o.status FROM wo_ops o JOIN work_orders "
	         "w ON w.id = o.wo_id WHERE w.wo_no = '%s' AND o.seq = %d", wo,
	         seq);
	return pf_text(DB, q);
}

static double tool_num(const char *code, const char *col)
{
	char q[160];

	snprintf(q, sizeof q, "SELECT %s FROM tools WHERE code = '%s'", col,
	         code);
	return pf_num(DB, q);
}

static void setup(struct mes_db *db)
{
	struct mes_tool_type die = { "DIE-A", "Blanking die", 100, 0, 80, 1,
	                             0 };
	struct mes_tool_type mold = { "MOLD-4", "4-cavity mold", 50, 0, 0, 4,
	                              30 };
	struct mes_tool_type bad = { "BAD", "", 0, 0, 0, 0, 0 };

	T_CASE("tool types and tools are maintenance's to add");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_tool_type_add(db, &die), MES_ERR_PERM);
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_tool_type_add(db, &bad), MES_ERR_RANGE);
	T_CHECK_RC(mes_tool_type_add(db, &die), MES_OK);
	T_CHECK_RC(mes_tool_type_add(db, &die), MES_ERR_EXISTS);
	T_CHECK_RC(mes_tool_type_add(db, &mold), MES_OK);
	T_CHECK_RC(mes_tool_add(db, "D-1", "NOPE"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_tool_add(db, "D 1", "DIE-A"), MES_ERR_ARG);
	T_CHECK_RC(mes_tool_add(db, "D-1", "DIE-A"), MES_OK);
	T_CHECK_RC(mes_tool_add(db, "D-2", "DIE-A"), MES_OK);
	T_CHECK_RC(mes_tool_add(db, "M-1", "MOLD-4"), MES_OK);
	T_CHECK_RC(mes_tool_add(db, "D-1", "DIE-A"), MES_ERR_EXISTS);

	T_CASE("a routing operation requires a tool type (a lead's master data)");
	T_CHECK_RC(mes_routing_tool(db, "P2", 10, "DIE-A"), MES_ERR_PERM);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_routing_tool(db, "P2", 10, "NOPE"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_routing_tool(db, "P2", 99, "DIE-A"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_routing_tool(db, "P2", 10, "DIE-A"), MES_OK);
	T_CHECK_RC(mes_routing_tool(db, "P1", 30, "MOLD-4"), MES_OK);
}

static void start_rule(struct mes_db *db)
{
	T_CASE("an operation that needs a tool does not start without one");
	pf_as(db, "root", "9999");
	pf_must(mes_order_add(db, "WO-T1", "P2", 500, "2026-01-05",
	                      "2026-01-09", 5), db, "wo");
	pf_must(mes_order_release(db, "WO-T1"), db, "rel");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_op_start(db, "WO-T1", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "needs a DIE-A tool mounted on SAW");
	T_CHECK(!strcmp(op_status("WO-T1", 10), "waiting"));

	T_CASE("a tool of another type does not do; the right one does");
	T_CHECK_RC(mes_tool_mount(db, "M-1", "SAW"), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-T1", 10, NULL), MES_ERR_STATE);
	T_CHECK_RC(mes_tool_mount(db, "D-1", "NOPE"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_tool_mount(db, "D-1", "SAW"), MES_OK);
	T_CHECK_RC(mes_tool_mount(db, "D-1", "CNC1"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "mounted on SAW");
	T_CHECK_RC(mes_tool_mount(db, "D-2", "SAW"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "has tool D-1 (DIE-A) mounted");
	T_CHECK_RC(mes_tool_unmount(db, "M-1"), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-T1", 10, NULL), MES_OK);

	T_CASE("a tool an operation runs with is not unmounted under it");
	T_CHECK_RC(mes_tool_unmount(db, "D-1"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "WO-T1/10 is running on SAW");
}

static void life(struct mes_db *db, const char *file)
{
	struct pf_audit a;
	struct mes_tool t;

	T_CASE("the PLC's cycles age the mounted tool and note its use");
	T_CHECK_RC(book_cycles(db, 30), MES_OK);
	T_CHECK(mf_near(tool_num("D-1", "cycles"), 30));
	T_CHECK(mf_near(tool_num("D-2", "cycles"), 0));
	T_CHECK(mf_near(pf_num(file, "SELECT to_cycles - from_cycles FROM "
	                "tool_uses u JOIN tools t ON t.id = u.tool_id WHERE "
	                "t.code = 'D-1'"), 30));

	T_CASE("the warning at 80% raises one maintenance request");
	T_CHECK_RC(book_cycles(db, 49), MES_OK);
	T_CHECK(pf_num(file, "SELECT count(*) FROM maint_requests") == 0);
	T_CHECK_RC(book_cycles(db, 1), MES_OK);
	T_CHECK(pf_num(file, "SELECT count(*) FROM maint_requests WHERE "
	        "description LIKE 'Tool D-1 (DIE-A) on SAW has used 80 of 100%'")
	        == 1);
	T_CHECK_RC(book_cycles(db, 5), MES_OK);
	T_CHECK(pf_num(file, "SELECT count(*) FROM maint_requests") == 1);
	T_CHECK(pf_audit_last(file, "tool.warn", &a) && !strcmp(a.key, "D-1"));

	T_CASE("at its limit the operation pauses and does not resume");
	T_CHECK(!strcmp(op_status("WO-T1", 10), "running"));
	T_CHECK_RC(book_cycles(db, 15), MES_OK);
	T_CHECK(mf_near(tool_num("D-1", "cycles"), 100));
	T_CHECK(!strcmp(op_status("WO-T1", 10), "paused"));
	T_CHECK(pf_audit_last(file, "op.pause", &a));
	T_CHECK_HAS(a.reason, "tool D-1 reached its life limit (100 of 100");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_op_resume(db, "WO-T1", 10), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "has reached its life limit (100 of 100 "
	            "cycles)");

	T_CASE("a spent tool is not mounted again; a fresh one lets it resume");
	T_CHECK_RC(mes_tool_unmount(db, "D-1"), MES_OK);
	T_CHECK_RC(mes_tool_mount(db, "D-1", "SAW"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "no life left");
	T_CHECK_RC(mes_tool_mount(db, "D-2", "SAW"), MES_OK);
	T_CHECK_RC(mes_op_resume(db, "WO-T1", 10), MES_OK);
	T_CHECK_RC(book_cycles(db, 7), MES_OK);
	T_CHECK(mf_near(tool_num("D-2", "cycles"), 7));
	T_CHECK(mf_near(tool_num("D-1", "cycles"), 100));

	T_CASE("a refurbishment gives the whole life again, as a new life");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_tool_refurbish(db, "D-1"), MES_ERR_PERM);
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_tool_refurbished(db, "D-1", ""), MES_ERR_STATE);
	T_CHECK_RC(mes_tool_refurbish(db, "D-1"), MES_OK);
	T_CHECK_RC(mes_tool_mount(db, "D-1", "CNC1"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "away in refurbishment");
	T_CHECK_RC(mes_tool_refurbished(db, "D-1", "reground"), MES_OK);
	T_CHECK_RC(mes_tool_get(db, "D-1", &t), MES_OK);
	T_CHECK(t.life_no == 2 && mf_near(t.cycles, 0) &&
	        mf_near(t.limit, 100) && mf_near(t.total_cycles, 100));
	T_CHECK(!strcmp(t.state, "available") && !t.spent);
}

/* n[0] uses of WO-T1, n[1] of them by D-1 in life 1 over 0..100. */
static int count_use(const struct mes_tool_use *u, void *ctx)
{
	int *n = ctx;

	n[0]++;
	if (!strcmp(u->tool, "D-1") && u->life_no == 1 &&
	    mf_near(u->from_cycles, 0) && mf_near(u->to_cycles, 100))
		n[1]++;
	return 0;
}

static void uses(struct mes_db *db)
{
	int n[2] = { 0, 0 };

	T_CASE("the uses say which tool in which life made the order");
	T_CHECK_RC(mes_tool_uses(db, NULL, "WO-T1", count_use, n), MES_OK);
	T_CHECK(n[0] == 2 && n[1] == 1);
}

static void reported(struct mes_db *db)
{
	T_CASE("without a PLC, reported quantities age the tool per cycle");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_tool_mount(db, "M-1", "WELD"), MES_OK);
	pf_must(mes_order_add(db, "WO-T2", "P1", 400, "2026-01-05",
	                      "2026-01-09", 5), db, "wo");
	pf_must(mes_order_release(db, "WO-T2"), db, "rel");
	pf_sql(DB, "UPDATE wo_ops SET status = 'complete', qty_good = 400 "
	       "WHERE seq < 30 AND "
	       "wo_id = (SELECT id FROM work_orders WHERE wo_no = 'WO-T2')");
	T_CHECK_RC(mes_op_start(db, "WO-T2", 30, NULL), MES_OK);
	T_CHECK_RC(mes_op_report(db, "WO-T2", 30, 100, 0, NULL), MES_OK);
	T_CHECK(mf_near(tool_num("M-1", "cycles"), 25));

	T_CASE("a report that reaches the limit pauses it too");
	T_CHECK_RC(mes_op_report(db, "WO-T2", 30, 96, 4, "DIM"), MES_OK);
	T_CHECK(mf_near(tool_num("M-1", "cycles"), 50));
	T_CHECK(!strcmp(op_status("WO-T2", 30), "paused"));

	T_CASE("an extending refurbishment adds its cycles to what is left");
	T_CHECK_RC(mes_tool_unmount(db, "M-1"), MES_OK);
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_tool_scrap(db, "M-1", ""), MES_ERR_ARG);
	T_CHECK_RC(mes_tool_refurbish(db, "M-1"), MES_OK);
	T_CHECK_RC(mes_tool_refurbished(db, "M-1", ""), MES_OK);
	T_CHECK(mf_near(tool_num("M-1", "limit_cycles"), 30));
	T_CHECK_RC(mes_tool_scrap(db, "M-1", "cracked"), MES_OK);
	T_CHECK_RC(mes_tool_mount(db, "M-1", "WELD"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "scrapped");
}

static void hours(struct mes_db *db)
{
	struct mes_tool_type jig = { "JIG-H", "Hour-limited jig", 1000, 8, 0,
	                             0, 0 };

	T_CASE("a tool's hours mounted count against its life in hours");
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_tool_type_add(db, &jig), MES_OK);
	T_CHECK_RC(mes_tool_add(db, "J-1", "JIG-H"), MES_OK);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_routing_tool(db, "P1", 20, "JIG-H"), MES_OK);
	pf_must(mes_order_add(db, "WO-T3", "P1", 10, "2026-01-05",
	                      "2026-01-09", 5), db, "wo");
	pf_must(mes_order_release(db, "WO-T3"), db, "rel");
	pf_sql(DB, "UPDATE wo_ops SET status = 'complete', qty_good = 10 "
	       "WHERE seq = 10 AND wo_id = (SELECT id FROM work_orders WHERE "
	       "wo_no = 'WO-T3')");
	T_CHECK_RC(mes_tool_mount(db, "J-1", "CNC1"), MES_OK);
	pf_sql(DB, "UPDATE tools SET mounted_ts = strftime('%Y-%m-%dT%H:%M:"
	       "%fZ', 'now', '-9 hours') WHERE code = 'J-1'");
	T_CHECK_RC(mes_op_start(db, "WO-T3", 20, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "(9.0 of 8.0 h mounted)");

	T_CASE("... kept when it comes off, so it is not mounted again");
	T_CHECK_RC(mes_tool_unmount(db, "J-1"), MES_OK);
	T_CHECK(tool_num("J-1", "round(hours)") == 9);
	T_CHECK_RC(mes_tool_mount(db, "J-1", "CNC1"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "no life left (9.0 of 8.0 h mounted)");
}

int main(void)
{
	struct mes_db *db;

	db = mf_plant(DB);
	setup(db);
	start_rule(db);
	life(db, DB);
	uses(db);
	reported(db);
	hours(db);
	mes_db_close(db);
	return t_report("test_tools");
}
