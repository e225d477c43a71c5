/*
 * The twin's rules in core: what-ifs only in a scenario's copy, no
 * scenario of a scenario, a copy opened to look at refuses every change,
 * adopting refused once an operation started in the plant and allowed
 * before, and the learned fallbacks when history is short.
 */
#include <unistd.h>
#include "prodfix.h"
#include "schedule.h"
#include "testhelp.h"
#include "twin.h"

static void schedule(struct mes_db *db)
{
	struct mes_schedule_opts o;
	struct mes_schedule_report r;

	mes_schedule_opts_default(&o);
	o.iterations = 50;
	pf_must(mes_schedule_run(db, &o, &r), db, "schedule");
}

static void test_scenarios(void)
{
	struct mes_db *db = pf_plant("t.db"), *s = NULL, *look = NULL;
	struct mes_whatif w;
	char said[512];
	int ops = -1;

	pf_order(db, "WO-1", 10, 1);
	pf_order(db, "WO-2", 10, 1);
	pf_as(db, "luis", "2222");
	schedule(db);

	T_CASE("what-ifs are refused in the plant itself");
	memset(&w, 0, sizeof w);
	w.kind = MES_WHATIF_DOWN;
	w.wc = "CNC1";
	w.from = "2030-01-07T06:00";
	w.hours = 4;
	T_CHECK_RC(mes_scenario_whatif(db, &w, said, sizeof said), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "never in the plant");
	T_CHECK(mes_db_scenario(db) == NULL);

	T_CASE("an operator may not make a scenario; a lead may");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_scenario_new(db, "a", NULL), MES_ERR_PERM);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_scenario_new(db, "a", "try"), MES_OK);
	T_CHECK_RC(mes_scenario_open(db, "a", 0, &s), MES_OK);
	T_CHECK(s && mes_db_scenario(s) && !strcmp(mes_db_scenario(s), "a"));

	T_CASE("a scenario is made of the plant, not of a scenario");
	T_CHECK(s && mes_scenario_new(s, "b", NULL) == MES_ERR_STATE);
	T_CHECK(s && strstr(mes_db_errmsg(s), "made of the plant"));

	T_CASE("a what-if in the copy leaves the plant as it was");
	T_CHECK(s && mes_scenario_whatif(s, &w, said, sizeof said) == MES_OK);
	T_CHECK_HAS(said, "CNC1 down from 2030-01-07T06:00 for 4 h");
	T_CHECK(fx_raw_count(fx_path("t.db"), "SELECT count(*) FROM "
	        "wc_unavailable") == 0);
	T_CHECK(fx_raw_count(fx_path("t.db.scenarios/a.db"), "SELECT count(*) "
	        "FROM wc_unavailable") == 1);
	w.hours = 0;
	T_CHECK(s && mes_scenario_whatif(s, &w, said, sizeof said) ==
	        MES_ERR_RANGE);
	mes_db_close(s);
	s = NULL;

	T_CASE("a copy opened to look at refuses every change, saying why");
	T_CHECK_RC(mes_scenario_open(db, "a", MES_OPEN_READONLY, &look), MES_OK);
	T_CHECK(look && mes_order_hold(look, "WO-1", "x") == MES_ERR_PERM);
	T_CHECK(look && strstr(mes_db_errmsg(look), "scenario a is open to "
	                       "look at only"));
	mes_db_close(look);

	T_CASE("adopting is refused once an operation started in the plant");
	T_CHECK_RC(mes_scenario_new(db, "c", NULL), MES_OK);
	pf_as(db, "olga", "1111");
	pf_must(mes_op_start(db, "WO-1", 10, NULL), db, "start");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_scenario_adopt(db, "c", &ops), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "WO-1/10 is running");
	T_CHECK(ops == 0);

	T_CASE("a scenario made after that is adopted, its plan written");
	T_CHECK_RC(mes_scenario_new(db, "d", NULL), MES_OK);
	T_CHECK_RC(mes_scenario_adopt(db, "d", &ops), MES_OK);
	T_CHECK(ops == 6);       /* the running one keeps its slot too */
	T_CHECK(fx_raw_count(fx_path("t.db"), "SELECT count(*) FROM scenarios "
	        "WHERE name = 'd' AND adopted_ts IS NOT NULL") == 1);

	T_CASE("a dropped scenario is gone, copy and all");
	T_CHECK_RC(mes_scenario_drop(db, "c"), MES_OK);
	T_CHECK(access(fx_path("t.db.scenarios/c.db"), F_OK) != 0);
	T_CHECK_RC(mes_scenario_open(db, "c", 0, &s), MES_ERR_NOTFOUND);
	mes_db_close(db);
}

static void test_learn(void)
{
	struct mes_db *db = pf_plant("l.db");
	struct mes_twin_model *m = NULL;
	const struct mes_twin_op *op;
	long long r20;

	T_CASE("with no history nothing is learned, and it says so");
	T_CHECK_RC(mes_twin_learn(db, &m), MES_OK);
	T_CHECK(m && m->n_wc == 4 && m->downtime_events == 0);
	T_CHECK(m && m->wc[0].tbf.basis == MES_TWIN_PLAN && m->wc[0].tbf.d.n == 0);
	mes_twin_model_free(m);
	m = NULL;

	T_CASE("an operation with too little history takes its work center's");
	/* Five completed operations of P1/10 on SAW, 1.5 times the standard
	 * of 5 + 1 x 10 = 15 minutes; two of P1/20 (too few of its own). */
	pf_sql("l.db", "INSERT INTO work_orders (id, wo_no, item_id, qty, "
	       "release_date, due_date, status, created) SELECT 100 + n, 'H' || "
	       "n, (SELECT id FROM items WHERE item_no = 'P1'), 10, '2026-01-01',"
	       " '2026-01-02', 'closed', '2026-01-01' FROM (SELECT 1 AS n UNION "
	       "SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5)");
	pf_sql("l.db", "INSERT INTO wo_ops (wo_id, seq, routing_op_id, wc_id, "
	       "setup_min, run_min, status, qty_good, actual_start, actual_end) "
	       "SELECT w.id, r.seq, r.id, r.wc_id, r.setup_min, r.run_min, "
	       "'complete', 10, '2026-01-01T08:00:00.000Z', "
	       "'2026-01-01T08:22:30.000Z' FROM work_orders w, routing_ops r "
	       "WHERE w.wo_no LIKE 'H%' AND r.seq = 10");
	pf_sql("l.db", "INSERT INTO wo_ops (wo_id, seq, routing_op_id, wc_id, "
	       "setup_min, run_min, status, qty_good, actual_start, actual_end) "
	       "SELECT w.id, r.seq, r.id, r.wc_id, r.setup_min, r.run_min, "
	       "'complete', 10, '2026-01-01T09:00:00.000Z', "
	       "'2026-01-01T09:50:00.000Z' FROM work_orders w, routing_ops r "
	       "WHERE w.wo_no IN ('H1', 'H2') AND r.seq = 20");
	T_CHECK_RC(mes_twin_learn(db, &m), MES_OK);
	op = m ? mes_twin_op_find(m, (long long)pf_num("l.db", "SELECT id FROM "
	                          "routing_ops WHERE seq = 10")) : NULL;
	T_CHECK(op && op->ratio.basis == MES_TWIN_OWN && op->ratio.d.n == 5 &&
	        op->ratio.d.kind == MES_DIST_LOGNORMAL);
	T_CHECK(op && mes_dist_mean(&op->ratio.d) > 1.49 &&
	        mes_dist_mean(&op->ratio.d) < 1.51);
	r20 = (long long)pf_num("l.db", "SELECT id FROM routing_ops WHERE seq = "
	                        "20");
	op = m ? mes_twin_op_find(m, r20) : NULL;
	/* CNC1 has only these two: the plan's figure, not an invented one. */
	T_CHECK(op && op->ratio.basis == MES_TWIN_PLAN && op->ratio.d.n == 2);
	mes_twin_model_free(m);
	mes_db_close(db);
}

int main(void)
{
	test_scenarios();
	test_learn();
	return t_report("test_twin");
}
