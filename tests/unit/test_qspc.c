/* SPC on stored data: freezing limits (an audited act of quality), new
 * subgroups judged against the frozen limits, alarms per work center
 * until acknowledged, capability from the stored measurements. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "qualfix.h"
#include "testhelp.h"

#define DB "qspc.db"

static int record(struct mes_db *db, double a, double b, double c,
                  struct mes_qrecorded *out)
{
	double v[3] = { a, b, c };
	struct mes_qresult r = { "DIA", 3, v, 0, 0, NULL, "checked", NULL, NULL };
	struct mes_qtarget t = { "MILL", NULL, "WO-S1", 20 };

	return mes_inspect_record(db, &t, &r, 1, out);
}

/* Ten subgroups of three, each with range 0.04 and means alternating
 * 10.01 and 9.99: grand mean 10.000, R-bar 0.040.  With A2(3) = 1.023
 * the X-bar limits are 10 -/+ 0.0409; with d2(3) = 1.693 (Montgomery,
 * Introduction to Statistical Quality Control, 6th ed., Appendix VI)
 * sigma within is 0.04 / 1.693 and Cp = 0.2 / (6 sigma) = 1.4108. */
static void baseline(struct mes_db *db)
{
	struct mes_qrecorded out;
	int i, rc = MES_OK;

	pf_order(db, "WO-S1", 100, 1);
	pf_as(db, "olga", "1111");
	pf_must(mes_op_start(db, "WO-S1", 10, NULL), db, "start 10");
	pf_must(mes_op_report(db, "WO-S1", 10, 100, 0, NULL), db, "report");
	pf_must(mes_op_start(db, "WO-S1", 20, NULL), db, "start 20");
	for (i = 0; i < 10 && rc == MES_OK; i++) {
		double m = i % 2 ? 9.99 : 10.01;

		rc = record(db, m, m + 0.02, m - 0.02, &out);
	}
	T_CASE("subgroups recorded without frozen limits raise nothing");
	T_CHECK_RC(rc, MES_OK);
	T_CHECK_RC(record(db, 10.09, 10.09, 10.09, &out), MES_OK);
	T_CHECK(out.alarms == 0);
	pf_sql(DB, "DELETE FROM measurements WHERE value = 10.09");
}

static void freeze(struct mes_db *db)
{
	struct pf_audit a;

	T_CASE("only quality freezes limits, with a reason, audited");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_spc_freeze(db, "DIA", 0, 0, "baseline"), MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_spc_freeze(db, "DIA", 0, 0, ""), MES_ERR_ARG);
	T_CHECK_RC(mes_spc_freeze(db, "DIA", 5, 40, "x"), MES_ERR_RANGE);
	T_CHECK_RC(mes_spc_freeze(db, "MILL/DIA", 1, 10, "first run"),
	           MES_OK);
	T_CHECK(pf_audit_last(DB, "spc.freeze", &a));
	T_CHECK_STR(a.key, "MILL/DIA");
	T_CHECK_HAS(a.new_value, "\"chart\":\"xbar-r\"");
	T_CHECK_STR(a.reason, "first run");
	T_CHECK(fabs(pf_num(DB, "SELECT ucl FROM spc_limits") - 10.0409) <
	        1e-3);
	T_CHECK(fabs(pf_num(DB, "SELECT r_center FROM spc_limits") - 0.04) <
	        1e-9);
}

static void capability(struct mes_db *db)
{
	struct mes_spc_view v;

	T_CASE("capability from the stored measurements");
	T_CHECK_RC(mes_spc_view_load(db, "DIA", 0, &v), MES_OK);
	T_CHECK(v.frozen);
	T_CHECK(v.data.points == 10);
	T_CHECK(v.have_cap);
	T_CHECK(v.cap.subgroups == 10 && v.cap.values == 30);
	T_CHECK(fabs(v.cap.cp - 0.2 * 1.693 / (6 * 0.04)) < 1e-3);
	T_CHECK(fabs(v.cap.cpk - v.cap.cp) < 1e-6);
	T_CHECK(v.cap.flags & MES_SPC_CAP_FEW);
	T_CHECK(!(v.cap.flags & MES_SPC_CAP_NOT_IN_CONTROL));
	T_CHECK(v.viol.count == 0);
	mes_spc_view_free(&v);
}

static int count_alarms(const struct mes_qalarm *a, void *ctx)
{
	char *buf = ctx;
	size_t len = strlen(buf);

	snprintf(buf + len, 512 - len, "%s %s %s;", a->chr, a->wc, a->rule);
	return 0;
}

static void alarms(struct mes_db *db)
{
	struct mes_qrecorded out;
	struct mes_spc_view v;
	char list[512] = "";
	int n = -1;

	T_CASE("a near miss against the frozen limits raises nothing");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(record(db, 10.03, 10.05, 10.01, &out), MES_OK);
	T_CHECK(out.alarms == 0);
	T_CHECK_RC(mes_quality_alarm_count(db, "CNC1", &n), MES_OK);
	T_CHECK(n == 0);

	T_CASE("a mean beyond the frozen UCL raises an alarm at its center");
	T_CHECK_RC(record(db, 10.06, 10.08, 10.04, &out), MES_OK);
	T_CHECK(out.failed == 0);
	T_CHECK(out.alarms >= 1);
	T_CHECK_RC(mes_qalarm_each(db, 0, count_alarms, list), MES_OK);
	T_CHECK_HAS(list, "MILL/DIA CNC1 WE1;");
	T_CHECK_RC(mes_quality_alarm_count(db, "CNC1", &n), MES_OK);
	T_CHECK(n == out.alarms);
	T_CHECK_RC(mes_quality_alarm_count(db, "SAW", &n), MES_OK);
	T_CHECK(n == 0);

	T_CASE("the frozen limits stay as frozen");
	T_CHECK_RC(mes_spc_view_load(db, "DIA", 0, &v), MES_OK);
	T_CHECK(v.chart.s[0].cl == 10.0 || fabs(v.chart.s[0].cl - 10) < 1e-9);
	T_CHECK(v.viol.count >= 1);
	T_CHECK(v.viol.v[v.viol.count - 1].point == 11);
	T_CHECK(v.cap.flags & MES_SPC_CAP_NOT_IN_CONTROL);
	mes_spc_view_free(&v);

	T_CASE("an operator does not acknowledge; quality does, once");
	T_CHECK_RC(mes_qalarm_ack(db, 1, "seen"), MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_qalarm_ack(db, 1, ""), MES_ERR_ARG);
	T_CHECK_RC(mes_qalarm_ack(db, 1, "  "), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "a note");
	T_CHECK_RC(mes_qalarm_ack(db, 1, "tool offset corrected"), MES_OK);
	T_CHECK_RC(mes_qalarm_ack(db, 1, "again"), MES_ERR_STATE);
	T_CHECK_RC(mes_qalarm_ack(db, 999, "x"), MES_ERR_NOTFOUND);

	T_CASE("a rule switched off raises nothing");
	T_CHECK_RC(mes_qchar_set_rules(db, "DIA", 0), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(record(db, 10.2, 10.2, 10.2, &out), MES_OK);
	T_CHECK(out.alarms == 0);
	T_CHECK(out.failed == 1);
}

int main(void)
{
	struct mes_db *db = qf_plant(DB);

	baseline(db);
	freeze(db);
	capability(db);
	alarms(db);
	mes_db_close(db);
	return t_report("test_qspc");
}
