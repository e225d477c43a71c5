/*
 * The asset tree and what the collector books: counts to the running
 * operation or unassigned, never negative; the counters' readings kept
 * with the counts; states opening and closing downtime; reasons from
 * faults and by hand; signal samples, their downsampling and the
 * condition monitors; PM plans by days and cycles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machfix.h"
#include "testhelp.h"
#include "modbus/mb.h"

#define DB "machine.db"

static int count_assets(const struct mes_asset *a, void *ctx)
{
	char *order = ctx;

	if (strlen(order) + strlen(a->code) + 3 < 256) {
		strcat(order, a->code);
		strcat(order, a->depth ? ">" : "|");
	}
	return 0;
}

static void tree(struct mes_db *db)
{
	char order[256] = "";
	struct mes_asset a;

	T_CASE("the asset tree is site > line > machine > component");
	pf_as(db, "root", "9999");
	T_CHECK_RC(mes_asset_add(db, "X1", "Orphan line", "line", NULL, NULL),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_asset_add(db, "X2", "Bad", "component", "L1", NULL),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_asset_add(db, "X3", "Bad", "robot", "L1", NULL),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_asset_add(db, "M1", "Twice", "machine", "L1", NULL),
	           MES_ERR_EXISTS);
	T_CHECK_RC(mes_asset_add(db, "M1-SP", "Spindle", "component", "M1",
	                         NULL), MES_OK);
	T_CHECK_RC(mes_asset_each(db, count_assets, order), MES_OK);
	T_CHECK_STR(order, "SITE|L1>M1>M1-SP>M2>");
	T_CHECK_RC(mes_asset_get(db, "M1", &a), MES_OK);
	T_CHECK_STR(a.wc, "SAW");
	T_CHECK_STR(a.plc, "plc1");

	T_CASE("only maintenance or admin add assets; an operator cannot");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_asset_add(db, "X4", "No", "machine", "L1", NULL),
	           MES_ERR_PERM);
	T_CHECK_RC(mes_machine_count(db, "M1", 1, 0, NULL), MES_ERR_PERM);
}

static void counts(struct mes_db *db)
{
	struct mes_machine_counter c[2] = { { "good", 105 }, { "scrap", 7 } };
	struct mes_machine_booking b;

	T_CASE("counts without a running operation are kept unassigned");
	pf_as(db, "collector", "7777");
	T_CHECK_RC(mes_machine_count(db, "M1", 4, 1, NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT sum(good) FROM machine_counts WHERE "
	               "wo_op_id IS NULL") == 4);

	T_CASE("counts go to the running operation of the work center");
	mf_running(db, "WO-M1", 100);
	memset(&b, 0, sizeof b);
	b.plc = "plc1";
	b.online = 1;
	b.state = "running";
	b.good = 5;
	b.scrap = 2;
	b.counters = c;
	b.ncounters = 2;
	T_CHECK_RC(mes_machine_book(db, &b), MES_OK);
	T_CHECK(pf_num(DB, "SELECT qty_good FROM wo_ops WHERE id = (SELECT "
	               "max(id) FROM wo_ops)") == 5);
	T_CHECK(pf_num(DB, "SELECT qty_scrap FROM wo_ops WHERE id = (SELECT "
	               "max(id) FROM wo_ops)") == 2);

	T_CASE("a booking is one audit record naming the operation");
	{
		struct pf_audit au;

		T_CHECK(pf_audit_last(DB, "machine.book", &au));
		T_CHECK_STR(au.key, "M1");
		T_CHECK_HAS(au.new_value, "WO-M1/10");
		T_CHECK_STR(au.login, "collector");
	}

	T_CASE("the counters' readings are kept with the counts");
	T_CHECK(pf_num(DB, "SELECT last_raw FROM counters WHERE tag = "
	               "'good'") == 105);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM counters") == 2);

	T_CASE("a negative delta is refused and books nothing");
	b.good = -3;
	c[0].raw = 102;
	T_CHECK_RC(mes_machine_book(db, &b), MES_ERR_RANGE);
	T_CHECK(pf_num(DB, "SELECT last_raw FROM counters WHERE tag = "
	               "'good'") == 105);
	T_CHECK_RC(mes_machine_count(db, "M1", -1, 0, NULL), MES_ERR_RANGE);

	T_CASE("a counter that wraps or a PLC that restarts is never negative");
	T_CHECK(mes_mb_counter_delta(65530, 4, 65536) == 10);
	T_CHECK(mes_mb_counter_delta(105, 3, 0) == 3);
	T_CHECK(mes_mb_counter_delta(105, 3, 65536) == 3);

	T_CASE("an unregistered PLC is refused");
	b.good = 1;
	b.plc = "nosuch";
	T_CHECK_RC(mes_machine_book(db, &b), MES_ERR_NOTFOUND);
}

static int seen_counter(const char *tag, double raw, void *ctx)
{
	double *sum = ctx;

	(void)tag;
	*sum += raw;
	return 0;
}

static void restart(struct mes_db *db)
{
	double sum = 0;

	T_CASE("a restarted collector reads back the counters it kept");
	T_CHECK_RC(mes_plc_counters(db, "plc1", seen_counter, &sum), MES_OK);
	T_CHECK(sum == 112);
}

static void downtime(struct mes_db *db)
{
	long long n;

	pf_as(db, "collector", "7777");
	T_CASE("down opens a downtime; a fault naming a reason assigns it");
	T_CHECK_RC(mes_machine_state(db, "M1", "down", "MECH bearing seized",
	                             NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM downtime_events WHERE "
	               "end_ts IS NULL AND reason_code = 'MECH'") == 1);
	T_CASE("leaving down closes the downtime");
	T_CHECK_RC(mes_machine_state(db, "M1", "running", NULL, NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM downtime_events WHERE "
	               "end_ts IS NULL") == 0);

	T_CASE("a fault without a reason code waits unassigned");
	T_CHECK_RC(mes_machine_state(db, "M1", "down", "jam at infeed", NULL),
	           MES_OK);
	T_CHECK_RC(mes_machine_state(db, "M1", "down", "jam at infeed", NULL),
	           MES_OK);
	T_CHECK(mes_downtime_unassigned_count(db) == 1);
	T_CHECK_RC(mes_machine_state(db, "M1", "idle", NULL, NULL), MES_OK);

	T_CASE("offline keeps a breakdown open until the machine is seen");
	T_CHECK_RC(mes_machine_state(db, "M1", "down", NULL, NULL), MES_OK);
	T_CHECK_RC(mes_plc_set_online(db, "plc1", 0, "timeout", NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM downtime_events WHERE "
	               "end_ts IS NULL") == 1);
	T_CHECK(pf_num(DB, "SELECT online FROM plcs WHERE name='plc1'") == 0);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM assets WHERE code = 'M1' "
	               "AND state = 'offline'") == 1);
	T_CHECK_RC(mes_machine_state(db, "M1", "running", NULL, NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM downtime_events WHERE "
	               "end_ts IS NULL") == 0);
	n = mes_downtime_unassigned_count(db);
	T_CHECK(n == 2);

	T_CASE("an operator assigns a downtime reason; receiving cannot");
	pf_as(db, "remy", "5555");
	T_CHECK_RC(mes_downtime_assign(db, 2, "MECH", NULL), MES_ERR_PERM);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_downtime_assign(db, 2, "DIM", NULL), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_downtime_assign(db, 2, "NOPE", NULL), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_downtime_assign(db, 99, "MECH", NULL), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_downtime_assign(db, 2, "MECH", NULL), MES_OK);
	T_CHECK(mes_downtime_unassigned_count(db) == n - 1);
	T_CASE("changing a given reason needs a note");
	T_CHECK_RC(mes_downtime_assign(db, 2, "MECH", ""), MES_ERR_STATE);
	T_CHECK_RC(mes_downtime_assign(db, 2, "MECH", "was the bearing"),
	           MES_OK);

	T_CASE("downtime by hand: one open per asset, PLC downtime ends itself");
	T_CHECK_RC(mes_downtime_begin(db, "M2", "MECH", "belt", &n), MES_OK);
	T_CHECK_RC(mes_downtime_begin(db, "M2", NULL, "again", NULL),
	           MES_ERR_STATE);
	T_CHECK_RC(mes_downtime_end(db, n), MES_OK);
	T_CHECK_RC(mes_downtime_end(db, n), MES_ERR_STATE);
	T_CHECK_RC(mes_downtime_end(db, 1), MES_ERR_STATE);
}

static void signals(struct mes_db *db)
{
	struct mes_machine_signal s[1] = { { "temp", 45, NULL } };
	struct mes_machine_booking b;
	long long rows = 0;
	int i;

	pf_as(db, "mai", "4444");
	T_CASE("a monitor needs sane limits; an operator cannot set one");
	T_CHECK_RC(mes_monitor_set(db, "M1", "temp", "ewma", 45, 0, 0.2, 3),
	           MES_ERR_RANGE);
	T_CHECK_RC(mes_monitor_set(db, "M1", "temp", "ewma", 45, 2, 1.5, 3),
	           MES_ERR_RANGE);
	T_CHECK_RC(mes_monitor_set(db, "M1", "temp", "mean", 45, 2, 0.2, 3),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_monitor_set(db, "M1", "temp", "ewma", 45, 2, 0.2, 3),
	           MES_OK);
	T_CHECK_RC(mes_monitor_set(db, "M2", "vib", "cusum", 1, 0.1, 0.5, 5),
	           MES_OK);

	T_CASE("samples at the target raise nothing");
	pf_as(db, "collector", "7777");
	memset(&b, 0, sizeof b);
	b.plc = "plc1";
	b.online = 1;
	b.signals = s;
	b.nsignals = 1;
	for (i = 0; i < 5; i++)
		T_CHECK_RC(mes_machine_book(db, &b), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM condition_alerts") == 0);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM tag_samples") == 5);

	T_CASE("a drift past the EWMA limit raises one alert and an order");
	s[0].value = 55;
	for (i = 0; i < 6; i++)
		T_CHECK_RC(mes_machine_book(db, &b), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM condition_alerts") == 1);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM maint_orders WHERE kind = "
	               "'condition' AND alert_id = 1") == 1);

	T_CASE("samples older than the window are averaged per bucket");
	pf_sql(DB, "UPDATE tag_samples SET ts = '2026-01-01T00:00:'|| "
	       "printf('%02d', rowid) || '.000Z'");
	T_CHECK_RC(mes_samples_downsample(db, 3600, 60, NULL, &rows), MES_OK);
	T_CHECK(rows == 11);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM tag_samples") == 1);
	T_CHECK(fabs(pf_num(DB, "SELECT value FROM tag_samples WHERE "
	                    "resolution = 60") - (5 * 45 + 6 * 55) / 11.0) <
	        1e-9);

	T_CASE("an acknowledged alert restarts its monitor");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_alert_ack(db, 1), MES_ERR_PERM);
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_alert_ack(db, 1), MES_OK);
	T_CHECK_RC(mes_alert_ack(db, 1), MES_ERR_NOTFOUND);
	T_CHECK(pf_num(DB, "SELECT n FROM condition_monitors WHERE signal = "
	               "'temp'") == 0);
}

static int pm_due(const struct mes_pm_due *p, void *ctx)
{
	int *due = ctx;

	*due += p->due;
	return 0;
}

static void pm(struct mes_db *db)
{
	struct mes_machine_booking b;
	int created = -1, due = 0;

	pf_as(db, "mai", "4444");
	T_CASE("a PM plan is due by days or by cycles");
	T_CHECK_RC(mes_pm_plan_add(db, "M1", "Grease", 0, 0, NULL),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_pm_plan_add(db, "M1", "Grease", 7, 0, NULL), MES_OK);
	T_CHECK_RC(mes_pm_plan_add(db, "M1", "Blade", 0, 100, NULL), MES_OK);
	T_CHECK_RC(mes_pm_each(db, NULL, pm_due, &due), MES_OK);
	T_CHECK(due == 0);
	pf_as(db, "collector", "7777");
	memset(&b, 0, sizeof b);
	b.plc = "plc1";
	b.online = 1;
	b.cycles = 120;
	T_CHECK_RC(mes_machine_book(db, &b), MES_OK);
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_pm_each(db, NULL, pm_due, &due), MES_OK);
	T_CHECK(due == 1);
	due = 0;
	T_CHECK_RC(mes_pm_each(db, "2099-01-01T00:00:00.000Z", pm_due, &due),
	           MES_OK);
	T_CHECK(due == 2);

	T_CASE("due plans open one preventive order each, once");
	T_CHECK_RC(mes_pm_generate(db, NULL, &created), MES_OK);
	T_CHECK(created == 1);
	T_CHECK_RC(mes_pm_generate(db, NULL, &created), MES_OK);
	T_CHECK(created == 0);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM maint_orders WHERE kind = "
	               "'preventive'") == 1);
}

int main(void)
{
	struct mes_db *db = mf_plant(DB);

	tree(db);
	counts(db);
	restart(db);
	downtime(db);
	signals(db);
	pm(db);
	mes_db_close(db);
	return t_report("test_machine");
}
