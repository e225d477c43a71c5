/* Inspection plans, recording, lot release, non-conformances, holds and
 * signed dispositions: every rule next to the case it allows. */
#include <stdio.h>
#include <string.h>
#include "qualfix.h"
#include "testhelp.h"

#define DB "quality.db"

static int count_due(const struct mes_qdue *d, void *ctx)
{
	char *buf = ctx;
	size_t len = strlen(buf);

	snprintf(buf + len, 1024 - len, "%s:%s%s/%d:%s;", d->plan, d->lot_no,
	         d->wo_no, d->seq, d->reason);
	return 0;
}

static const char *due_text(struct mes_db *db)
{
	static char buf[1024];

	buf[0] = 0;
	mes_quality_due(db, count_due, buf);
	return buf;
}

static void plans(struct mes_db *db)
{
	struct mes_qchar c;

	T_CASE("only quality (or admin) defines plans; frequencies are checked");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_qplan_add(db, "X1", "P1", 10, "first", ""),
	           MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_qplan_add(db, "X1", "P1", 10, "sometimes", ""),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_qplan_add(db, "X1", "P1", 0, "every:5", ""),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_qplan_add(db, "X1", "P1", 99, "first", ""),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_qplan_add(db, "X1", "P1", 10, "first", "cut"), MES_OK);
	T_CHECK_RC(mes_qplan_add(db, "X1", "P1", 10, "first", ""),
	           MES_ERR_EXISTS);

	T_CASE("a characteristic needs limits that make sense");
	memset(&c, 0, sizeof c);
	strcpy(c.plan, "X1");
	strcpy(c.code, "W");
	strcpy(c.name, "Width");
	c.lsl = c.usl = c.nominal = NAN;
	c.subgroup = 1;
	T_CHECK_RC(mes_qchar_add(db, &c), MES_ERR_ARG);
	c.lsl = 5;
	c.usl = 4;
	T_CHECK_RC(mes_qchar_add(db, &c), MES_ERR_ARG);
	c.usl = 6;
	strcpy(c.chart, "p");
	T_CHECK_RC(mes_qchar_add(db, &c), MES_ERR_ARG);
	c.chart[0] = 0;
	T_CHECK_RC(mes_qchar_add(db, &c), MES_OK);
	T_CHECK_RC(mes_qchar_get(db, "X1/W", &c), MES_OK);
	T_CHECK(mes_qchar_chart(&c) == MES_SPC_IMR);
	T_CHECK(mes_qchar_out_of_spec(&c, 6.01));
	T_CHECK(!mes_qchar_out_of_spec(&c, 6.0));
	T_CHECK(mes_qchar_out_of_spec(&c, 4.99));
	pf_as(db, "root", "9999");
}

static void receipt(struct mes_db *db)
{
	double bad[] = { 101.5 }, good[] = { 100.2 };
	struct mes_qresult r[2] = {
		{ "LEN", 1, bad, 0, 0, NULL, NULL, NULL, NULL },
		{ "VIS", 0, NULL, 0, 5, NULL, NULL, NULL, NULL },
	};
	struct mes_qtarget t = { "RCV", "L1", NULL, 0 };
	struct mes_qrecorded out;
	struct pf_audit a;
	char err[256];

	qf_lot(DB, "L1", 100);
	qf_lot(DB, "L2", 50);
	T_CASE("quarantined receipts are due, oldest first");
	T_CHECK_HAS(due_text(db), "RCV:L1/0:received");
	T_CHECK_HAS(due_text(db), "RCV:L2/0");

	T_CASE("an out-of-spec value needs a comment, and nothing is saved");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_inspect_record(db, &t, r, 2, &out), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "LEN is out of specification");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM inspections") == 0);

	T_CASE("every characteristic is needed");
	T_CHECK_RC(mes_inspect_record(db, &t, r, 1, &out), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "no result for VIS");

	T_CASE("a failed receipt opens a non-conformance and holds the lot");
	r[0].comment = "measured twice";
	T_CHECK_RC(mes_inspect_record(db, &t, r, 2, &out), MES_OK);
	T_CHECK(out.failed == 1);
	T_CHECK_STR(out.lot_status, "held");
	T_CHECK_STR(out.nc_no, "NC-00001");
	T_CHECK_STR(pf_text(DB, "SELECT status FROM lots WHERE lot_no='L1'"),
	            "held");
	T_CHECK(pf_num(DB, "SELECT out_of_spec FROM measurements WHERE "
	               "value = 101.5") == 1);
	T_CHECK(pf_audit_last(DB, "inspect", &a));
	T_CHECK_HAS(a.reason, "LEN: measured twice");
	T_CHECK(pf_audit_last(DB, "lot.hold", &a));
	T_CHECK_HAS(a.new_value, "held");
	T_CHECK(pf_num(DB, "SELECT qty FROM nonconformances") == 100);

	T_CASE("held material cannot be issued");
	T_CHECK(qf_issue(DB, "L1", 10, err, sizeof err) != 0);
	T_CHECK_HAS(err, "quality hold");

	T_CASE("all pass releases the lot; released material is issued");
	r[0].values = good;
	r[0].comment = NULL;
	t.lot_no = "L2";
	T_CHECK_RC(mes_inspect_record(db, &t, r, 2, &out), MES_OK);
	T_CHECK_STR(out.lot_status, "released");
	T_CHECK_STR(out.nc_no, "");
	T_CHECK(qf_issue(DB, "L2", 10, err, sizeof err) == 0);
	T_CHECK(strstr(due_text(db), "L2") == NULL);
	T_CHECK_RC(mes_inspect_record(db, &t, r, 2, &out), MES_ERR_STATE);
}

static void nc_signatures(struct mes_db *db)
{
	struct mes_nc n;
	struct pf_audit a;
	char err[256];

	T_CASE("containment: quality or lead, not an operator");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_nc_contain(db, "NC-00001", "tagged"), MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_nc_contain(db, "NC-00001", ""), MES_ERR_ARG);
	T_CHECK_RC(mes_nc_contain(db, "NC-00001", "tagged at dock"), MES_OK);
	T_CHECK_RC(mes_nc_contain(db, "NC-00001", "again"), MES_ERR_STATE);

	T_CASE("close before disposition is refused");
	T_CHECK_RC(mes_nc_close(db, "NC-00001", "cause", "action", "quinn",
	                        "4444"), MES_ERR_STATE);

	T_CASE("a wrong PIN does not sign, and the attempt is audited");
	T_CHECK_RC(mes_nc_disposition(db, "NC-00001", MES_NC_USE_AS_IS, "ok",
	                              "quinn", "0000"), MES_ERR_AUTH);
	T_CHECK(pf_audit_last(DB, "sign.fail", &a));
	T_CHECK_STR(pf_text(DB, "SELECT status FROM nonconformances"),
	            "contained");

	T_CASE("a signer without the quality role is refused and audited");
	T_CHECK_RC(mes_nc_disposition(db, "NC-00001", MES_NC_USE_AS_IS, "ok",
	                              "luis", "2222"), MES_ERR_PERM);
	T_CHECK_HAS(mes_db_errmsg(db), "quality");
	T_CHECK(pf_audit_last(DB, "denied", &a));
	T_CHECK_STR(a.login, "luis");

	T_CASE("a session without the quality role cannot disposition");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_nc_disposition(db, "NC-00001", MES_NC_USE_AS_IS, "ok",
	                              "quinn", "4444"), MES_ERR_PERM);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM lots WHERE lot_no='L1'"),
	            "held");

	T_CASE("signed use-as-is releases the lot; the record shows it");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_nc_disposition(db, "NC-00001", MES_NC_USE_AS_IS,
	                              "within drawing note 4", "quinn",
	                              "4444"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM lots WHERE lot_no='L1'"),
	            "released");
	T_CHECK(qf_issue(DB, "L1", 10, err, sizeof err) == 0);
	T_CHECK_RC(mes_nc_get(db, "NC-00001", &n), MES_OK);
	T_CHECK_STR(n.status, "dispositioned");
	T_CHECK_STR(n.disposition, "use-as-is");
	T_CHECK_STR(n.disp_sig.printed_name, "Quinn Okafor");
	T_CHECK_STR(n.disp_sig.meaning, "dispositioned");
	T_CHECK(pf_audit_last(DB, "nc.disposition", &a));
	T_CHECK_HAS(a.new_value, "\"printed_name\":\"Quinn Okafor\"");
	T_CHECK_HAS(a.new_value, "\"meaning\":\"dispositioned\"");
	T_CHECK_RC(mes_nc_disposition(db, "NC-00001", MES_NC_SCRAP, "",
	                              "quinn", "4444"), MES_ERR_STATE);

	T_CASE("closing needs root cause, corrective action and a signature");
	T_CHECK_RC(mes_nc_close(db, "NC-00001", "", "x", "quinn", "4444"),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_nc_close(db, "NC-00001", "supplier saw worn",
	                        "supplier audit", "quinn", "4444"), MES_OK);
	T_CHECK_RC(mes_nc_get(db, "NC-00001", &n), MES_OK);
	T_CHECK_STR(n.status, "closed");
	T_CHECK_STR(n.close_sig.meaning, "closed");
	T_CHECK(n.closed_ts[0] != 0);
	pf_as(db, "root", "9999");
}

static void order_hold(struct mes_db *db)
{
	struct mes_nc_new nn;
	char no[24], no2[24];

	pf_order(db, "WO-Q1", 10, 1);
	T_CASE("a non-conformance by hand holds the work order");
	memset(&nn, 0, sizeof nn);
	nn.wo_no = "WO-Q1";
	nn.qty = 3;
	nn.description = "wrong bar stock delivered to the saw";
	nn.defect_code = "NOPE";
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_nc_open(db, &nn, no), MES_ERR_NOTFOUND);
	nn.defect_code = "SCR";
	T_CHECK_RC(mes_nc_open(db, &nn, no), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-Q1'"), "held");

	T_CASE("start is refused while held");
	T_CHECK_RC(mes_op_start(db, "WO-Q1", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), no);

	T_CASE("a lead cannot lift a quality hold by hand");
	pf_as(db, "luis", "2222");
	T_CHECK(mes_order_unhold(db, "WO-Q1", "need it") != MES_OK);
	T_CHECK_HAS(mes_db_errmsg(db), "non-conformance holds");
	pf_as(db, "olga", "1111");

	T_CASE("a second open one keeps the hold after the first is decided");
	T_CHECK_RC(mes_nc_open(db, &nn, no2), MES_OK);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_nc_disposition(db, no, MES_NC_RETURN, "", "quinn",
	                              "4444"), MES_ERR_ARG);
	T_CHECK_RC(mes_nc_disposition(db, no, MES_NC_REWORK, "re-cut",
	                              "quinn", "4444"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-Q1'"), "held");

	T_CASE("start is allowed after the last disposition");
	T_CHECK_RC(mes_nc_disposition(db, no2, MES_NC_SCRAP, "3 pcs",
	                              "quinn", "4444"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT status FROM work_orders WHERE "
	                    "wo_no = 'WO-Q1'"), "released");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-Q1", 10, NULL), MES_OK);
	pf_as(db, "root", "9999");
}

static void in_process(struct mes_db *db)
{
	double v[3] = { 10.0, 10.02, 9.98 };
	struct mes_qresult r = { "DIA", 3, v, 0, 0, NULL, NULL, NULL, NULL };
	struct mes_qtarget t = { "MILL", NULL, "WO-Q1", 20 };
	struct mes_qrecorded out;

	T_CASE("a waiting operation is not inspected in process");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_inspect_record(db, &t, &r, 1, &out), MES_ERR_STATE);

	T_CASE("a running operation is due for its first piece");
	T_CHECK_RC(mes_op_report(db, "WO-Q1", 10, 10, 0, NULL), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-Q1", 20, NULL), MES_OK);
	T_CHECK_HAS(due_text(db), "MILL:WO-Q1/20:first piece");
	T_CHECK_RC(mes_inspect_record(db, &t, &r, 1, &out), MES_OK);
	T_CHECK(out.failed == 0);
	T_CHECK(strstr(due_text(db), "MILL") == NULL);

	T_CASE("every 5 units: due again after 5 good");
	T_CHECK_RC(mes_op_report(db, "WO-Q1", 20, 4, 0, NULL), MES_OK);
	T_CHECK(strstr(due_text(db), "MILL") == NULL);
	T_CHECK_RC(mes_op_report(db, "WO-Q1", 20, 1, 0, NULL), MES_OK);
	T_CHECK_HAS(due_text(db), "MILL:WO-Q1/20:5 units");

	T_CASE("a subgroup needs its size");
	r.nvalues = 2;
	T_CHECK_RC(mes_inspect_record(db, &t, &r, 1, &out), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "needs 3 values");
	pf_as(db, "root", "9999");
}

int main(void)
{
	struct mes_db *db = qf_plant(DB);

	plans(db);
	receipt(db);
	nc_signatures(db);
	order_hold(db);
	in_process(db);
	mes_db_close(db);
	return t_report("test_quality");
}
