/*
 * Maintenance requests and orders: who may do what, the order's states,
 * parts and labor, and the sign-off signature ("safe to run") with its
 * refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machfix.h"
#include "testhelp.h"

#define DB "maint.db"

static void requests(struct mes_db *db, char mo[24])
{
	long long id = 0;
	struct mes_mo m;

	T_CASE("anyone raises a maintenance request; it needs a text");
	pf_as(db, "remy", "5555");
	T_CHECK_RC(mes_maint_request(db, "M1", "", &id), MES_ERR_ARG);
	T_CHECK_RC(mes_maint_request(db, "NOPE", "noise", &id),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_maint_request(db, "M1", "grinding noise", &id), MES_OK);
	T_CHECK(id == 1);

	T_CASE("only maintenance turns a request into an order, once");
	T_CHECK_RC(mes_mo_from_request(db, id, mo), MES_ERR_PERM);
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_mo_from_request(db, id, mo), MES_OK);
	T_CHECK_STR(mo, "MO-000001");
	T_CHECK_RC(mes_mo_from_request(db, id, mo), MES_ERR_STATE);
	T_CHECK_RC(mes_mo_get(db, "MO-000001", &m), MES_OK);
	T_CHECK_STR(m.kind, "corrective");
	T_CHECK_STR(m.description, "grinding noise");
	T_CHECK(m.request_id == 1);
	strcpy(mo, "MO-000001");
}

static void breakdown(struct mes_db *db)
{
	char mo[24];
	struct mes_mo m;

	T_CASE("a breakdown becomes a corrective order, once");
	pf_as(db, "collector", "7777");
	pf_must(mes_machine_state(db, "M1", "down", "MECH gearbox", NULL), db,
	        "down");
	pf_as(db, "mai", "4444");
	T_CHECK_RC(mes_mo_from_downtime(db, 1, NULL, mo), MES_OK);
	T_CHECK_RC(mes_mo_get(db, mo, &m), MES_OK);
	T_CHECK_HAS(m.description, "Breakdown of M1: MECH gearbox");
	T_CHECK(m.downtime_id == 1);
	T_CHECK_RC(mes_mo_from_downtime(db, 1, NULL, mo), MES_ERR_EXISTS);
	T_CHECK_RC(mes_mo_from_downtime(db, 9, NULL, mo), MES_ERR_NOTFOUND);
}

static void lifecycle(struct mes_db *db, const char *mo)
{
	struct mes_mo m;

	pf_as(db, "mai", "4444");
	T_CASE("an order is assigned to a maintenance technician only");
	T_CHECK_RC(mes_mo_assign(db, mo, "olga"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_mo_assign(db, mo, "mai"), MES_OK);
	T_CHECK_RC(mes_mo_get(db, mo, &m), MES_OK);
	T_CHECK_STR(m.status, "assigned");
	T_CHECK_STR(m.assigned_to, "mai");

	T_CASE("done comes after start; parts and labor are booked");
	T_CHECK_RC(mes_mo_done(db, mo), MES_ERR_STATE);
	T_CHECK_RC(mes_mo_start(db, mo), MES_OK);
	T_CHECK_RC(mes_mo_part(db, mo, "Bearing 6204", 2), MES_OK);
	T_CHECK_RC(mes_mo_part(db, mo, "", 1), MES_ERR_ARG);
	T_CHECK_RC(mes_mo_part(db, mo, "Seal", 0), MES_ERR_RANGE);
	T_CHECK_RC(mes_mo_labor(db, mo, 1.5, "swap bearing"), MES_OK);
	T_CHECK_RC(mes_mo_labor(db, mo, 30, "too long"), MES_ERR_RANGE);
	T_CHECK_RC(mes_mo_get(db, mo, &m), MES_OK);
	T_CHECK(m.parts == 1 && mf_near(m.labor_h, 1.5));

	T_CASE("an operator cannot work maintenance orders");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_mo_done(db, mo), MES_ERR_PERM);
	T_CHECK_RC(mes_mo_labor(db, mo, 1, ""), MES_ERR_PERM);
}

static void signoff(struct mes_db *db, const char *mo)
{
	struct mes_signature sig;
	struct mes_mo m;
	long long sig_id;

	pf_as(db, "mai", "4444");
	T_CASE("sign-off is refused before the work is done");
	T_CHECK_RC(mes_mo_signoff(db, mo, "mai", "4444"), MES_ERR_STATE);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM signatures") == 0);
	T_CHECK_RC(mes_mo_done(db, mo), MES_OK);

	T_CASE("a wrong PIN signs nothing");
	T_CHECK_RC(mes_mo_signoff(db, mo, "mai", "0000"), MES_ERR_AUTH);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM signatures") == 0);

	T_CASE("a signer without the maintenance role is refused");
	T_CHECK_RC(mes_mo_signoff(db, mo, "luis", "2222"), MES_ERR_PERM);
	T_CHECK_RC(mes_mo_signoff(db, mo, "root", "9999"), MES_ERR_PERM);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM signatures") == 0);

	T_CASE("a technician's signature means safe to run, bound to the order");
	T_CHECK_RC(mes_mo_signoff(db, mo, "mai", "4444"), MES_OK);
	T_CHECK_RC(mes_mo_get(db, mo, &m), MES_OK);
	T_CHECK_STR(m.status, "signed-off");
	T_CHECK_STR(m.signed_by, "Mai Tanaka");
	sig_id = (long long)pf_num(DB, "SELECT signature_id FROM maint_orders "
	                           "WHERE mo_no = 'MO-000001'");
	T_CHECK_RC(mes_sign_get(db, sig_id, &sig), MES_OK);
	T_CHECK_STR(sig.meaning, "safe to run");
	T_CHECK_STR(sig.tbl, "maint_orders");

	T_CASE("a signed-off order is closed to changes");
	T_CHECK_RC(mes_mo_signoff(db, mo, "mai", "4444"), MES_ERR_STATE);
	T_CHECK_RC(mes_mo_part(db, mo, "Seal", 1), MES_ERR_STATE);
	T_CHECK_RC(mes_mo_cancel(db, mo, "oops"), MES_ERR_STATE);
	T_CHECK_RC(mes_audit_verify(db, NULL, NULL), MES_OK);
}

static void preventive(struct mes_db *db)
{
	char mo[24];
	int n = 0;

	T_CASE("signing off a PM order restarts its plan");
	pf_as(db, "mai", "4444");
	pf_must(mes_pm_plan_add(db, "M2", "Oil", 1, 0, NULL), db, "pm");
	pf_sql(DB, "UPDATE pm_plans SET last_done = '2026-01-01T00:00:00.000Z'");
	T_CHECK_RC(mes_pm_generate(db, NULL, &n), MES_OK);
	T_CHECK(n == 1);
	strcpy(mo, "MO-000003");
	T_CHECK_RC(mes_mo_start(db, mo), MES_OK);
	T_CHECK_RC(mes_mo_done(db, mo), MES_OK);
	T_CHECK_RC(mes_mo_signoff(db, mo, "mai", "4444"), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM pm_plans WHERE last_done > "
	               "'2026-02'") == 1);
	T_CHECK_RC(mes_pm_generate(db, NULL, &n), MES_OK);
	T_CHECK(n == 0);

	T_CASE("cancelling needs a reason");
	T_CHECK_RC(mes_mo_add(db, "M2", "corrective", "leak", mo), MES_OK);
	T_CHECK_RC(mes_mo_cancel(db, mo, ""), MES_ERR_ARG);
	T_CHECK_RC(mes_mo_cancel(db, mo, "duplicate"), MES_OK);
	T_CHECK_RC(mes_mo_add(db, "M2", "magic", "x", mo), MES_ERR_ARG);
}

int main(void)
{
	struct mes_db *db = mf_plant(DB);
	char mo[24];

	requests(db, mo);
	breakdown(db);
	lifecycle(db, mo);
	signoff(db, mo);
	preventive(db);
	mes_db_close(db);
	return t_report("test_maint");
}
