/*
 * Gauges and calibration (core/quality/gauges.c): a result measured with
 * a gauge past due or failed is refused and nothing of the inspection
 * is kept; a calibration is signed by someone of the quality role; a
 * failed one names exactly the results since the last good one; the
 * records are sealed.
 */
#include "qualfix.h"
#include "testhelp.h"

#define DB "cal.db"

static int insp_count(void)
{
	return (int)fx_raw_count(fx_path(DB), "SELECT count(*) FROM inspections");
}

static int inspect(struct mes_db *db, const char *gauge)
{
	double v[3] = { 10.0, 10.01, 9.99 };
	struct mes_qresult r = { "DIA", 3, v, 0, 0, NULL, NULL, NULL, gauge };
	struct mes_qtarget t = { "MILL", NULL, "WO-G1", 20 };
	struct mes_qrecorded out;

	pf_as(db, "olga", "1111");
	return mes_inspect_record(db, &t, &r, 1, &out);
}

static void add(struct mes_db *db)
{
	T_CASE("a gauge is added by quality, with an interval that makes sense");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_gauge_add(db, "PG-1", "Plug gauge", 30, NULL), MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_gauge_add(db, "PG-1", "Plug gauge", 0, NULL), MES_ERR_RANGE);
	T_CHECK_RC(mes_gauge_add(db, "PG-1", "Plug gauge", 30, "soon"), MES_ERR_ARG);
	T_CHECK_RC(mes_gauge_add(db, "PG-1", "Plug gauge", 30, NULL), MES_OK);
	T_CHECK_RC(mes_gauge_add(db, "PG-1", "again", 30, NULL), MES_ERR_EXISTS);
	T_CHECK_RC(mes_gauge_add(db, "OLD", "Caliper", 90, "2020-01-01"), MES_OK);
}

static void use(struct mes_db *db)
{
	int before;

	T_CASE("a result from a gauge in calibration is kept with the gauge");
	T_CHECK_RC(inspect(db, "PG-1"), MES_OK);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM gauge_uses u "
	        "JOIN gauges g ON g.id = u.gauge_id WHERE g.code = 'PG-1'") == 1);

	T_CASE("an unknown or overdue gauge refuses the inspection, keeping nothing");
	before = insp_count();
	T_CHECK_RC(inspect(db, "NOPE"), MES_ERR_NOTFOUND);
	T_CHECK_RC(inspect(db, "OLD"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "was due for calibration on 2020-01-01");
	T_CHECK(insp_count() == before);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM measurements m "
	        "WHERE m.inspection_id > (SELECT max(id) FROM gauge_uses)") == 0);
}

/* n[0] suspects, n[1] the first inspection, n[2] the last. */
static int collect(const struct mes_gauge_suspect *s, void *ctx)
{
	int *n = ctx;

	if (!n[0]++)
		n[1] = (int)s->inspection_id;
	n[2] = (int)s->inspection_id;
	return 0;
}

static void calibrate(struct mes_db *db)
{
	struct mes_gauge_cal ok = { 1, "+0.001", "+0.001", "CERT-1", "quinn",
	                            "4444" };
	struct mes_gauge_cal bad = { 0, "+0.030", "", "CERT-2", "quinn", "4444" };
	struct mes_gauge_cal op = { 1, "", "", "", "olga", "1111" };
	struct mes_gauge_cal wrong = { 1, "", "", "", "quinn", "0000" };
	int suspects = -1, first;

	T_CASE("a calibration is signed by someone of the quality role");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_gauge_calibrate(db, "OLD", &op, NULL), MES_ERR_PERM);
	T_CHECK(mes_gauge_calibrate(db, "OLD", &wrong, NULL) != MES_OK);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM calibrations")
	        == 0);
	T_CHECK_RC(mes_gauge_calibrate(db, "OLD", &ok, NULL), MES_OK);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM gauges WHERE "
	        "code = 'OLD' AND status = 'ok' AND due_date = date('now', "
	        "'+90 days')") == 1);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM calibrations c "
	        "JOIN signatures s ON s.id = c.sig_id WHERE s.meaning = "
	        "'calibrated'") == 1);

	T_CASE("the calibrated gauge measures again");
	T_CHECK_RC(inspect(db, "OLD"), MES_OK);
	first = (int)fx_raw_count(fx_path(DB), "SELECT max(id) FROM inspections");

	T_CASE("a failed calibration names exactly the results since the good one");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_gauge_calibrate(db, "OLD", &ok, NULL), MES_OK);
	T_CHECK_RC(inspect(db, "OLD"), MES_OK);
	T_CHECK_RC(inspect(db, "OLD"), MES_OK);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_gauge_calibrate(db, "OLD", &bad, &suspects), MES_OK);
	/* The one before the second good calibration is not suspect. */
	T_CHECK(suspects == 2);
	{
		int n[3] = { 0, 0, 0 };

		T_CHECK_RC(mes_gauge_suspects(db, "OLD", collect, n), MES_OK);
		T_CHECK(n[0] == 2 && n[1] == first + 1 && n[2] == first + 2);
	}

	T_CASE("a failed gauge refuses results until it passes again");
	T_CHECK_RC(inspect(db, "OLD"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "failed its last calibration");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_gauge_calibrate(db, "OLD", &ok, &suspects), MES_OK);
	T_CHECK_RC(inspect(db, "OLD"), MES_OK);
}

static void records(struct mes_db *db)
{
	int n[3] = { 0, 0, 0 };

	T_CASE("suspects are none once a calibration passed after the failure");
	T_CHECK_RC(mes_gauge_suspects(db, "OLD", collect, n), MES_OK);
	T_CHECK(n[0] == 0);
	T_CHECK_RC(mes_gauge_suspects(db, "NOPE", collect, n), MES_ERR_NOTFOUND);

	T_CASE("calibrations and gauge uses are sealed: no plain SQL edits them");
	T_CHECK(fx_raw(fx_path(DB), "UPDATE calibrations SET result = 'pass'")
	        != SQLITE_OK);
	T_CHECK(fx_raw(fx_path(DB), "DELETE FROM gauge_uses") != SQLITE_OK);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM gauge_uses") > 0);
}

static void retire(struct mes_db *db)
{
	long long uses = fx_raw_count(fx_path(DB), "SELECT count(*) FROM "
	                              "gauge_uses");

	T_CASE("a gauge is retired by quality, with a reason, once");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_gauge_retire(db, "OLD", "dropped"), MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_gauge_retire(db, "OLD", ""), MES_ERR_ARG);
	T_CHECK_RC(mes_gauge_retire(db, "OLD", "dropped on the floor"), MES_OK);
	T_CHECK_RC(mes_gauge_retire(db, "OLD", "again"), MES_ERR_STATE);

	T_CASE("... after which no result is taken from it, and its past stays");
	T_CHECK_RC(inspect(db, "OLD"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "is retired");
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM gauge_uses") ==
	        uses);
}

int main(void)
{
	struct mes_db *db = qf_plant(DB);

	pf_order(db, "WO-G1", 20, 1);
	pf_as(db, "olga", "1111");
	pf_must(mes_op_start(db, "WO-G1", 10, NULL), db, "start");
	pf_must(mes_op_report(db, "WO-G1", 10, 20, 0, NULL), db, "report");
	pf_must(mes_op_start(db, "WO-G1", 20, NULL), db, "start");
	add(db);
	use(db);
	calibrate(db);
	records(db);
	retire(db);
	mes_db_close(db);
	return t_report("test_calibration");
}
