/*
 * OEE on a constructed shift whose answer is worked out by hand, energy
 * per order, MTBF and MTTR.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "machfix.h"
#include "testhelp.h"

#define DB "oee.db"

#define AT(hm) "2026-01-05T" hm ":00.000Z"

struct rows {
	struct mes_oee v[16];
	int n;
};

static int keep(const struct mes_oee *o, void *ctx)
{
	struct rows *r = ctx;

	if (r->n < 16)
		r->v[r->n++] = *o;
	return 0;
}

/*
 * Monday 2026-01-05, shift "early" 06:00-14:00 (480 min) on SAW, machine
 * M1, ideal 1.5 min per unit:
 *   06:00 running; 150 good booked at 07:59
 *   08:00 down (jam, 40 min); 08:40 setup (20 min), 2 scrap booked in it
 *   09:00 running; 11:00 idle (20 min); 11:20 running
 *   13:00 50 good and 3 scrap booked
 * good 200, scrap 5, ideal 205 x 1.5 = 307.5 min
 * availability (480 - 40 - 20) / 480 = 0.875
 * performance 307.5 / 420 = 0.7321428571
 * quality 200 / 205 = 0.9756097561
 * OEE 0.625 = 300 min of good units at ideal speed / 480
 * losses: breakdown 40, setup 20, minor stops 20,
 *   reduced speed 420 - 20 - 307.5 = 92.5, defects 3 x 1.5 = 4.5,
 *   reduced yield 2 x 1.5 = 3; with 300 they add up to 480.
 */
static void constructed_shift(struct mes_db *db)
{
	struct rows r;
	const struct mes_oee *s, *d;

	pf_as(db, "root", "9999");
	pf_must(mes_shift_add(db, "SAW", 0, 6 * 60, 14 * 60, "early"), db,
	        "shift");
	mf_running(db, "WO-OEE", 500);
	pf_must(mes_machine_state(db, "M1", "running", NULL, AT("06:00")), db,
	        "s1");
	pf_must(mes_machine_count(db, "M1", 150, 0, AT("07:59")), db, "c1");
	pf_must(mes_machine_state(db, "M1", "down", "jam", AT("08:00")), db,
	        "s2");
	pf_must(mes_machine_state(db, "M1", "setup", NULL, AT("08:40")), db,
	        "s3");
	pf_must(mes_machine_count(db, "M1", 0, 2, AT("08:59")), db, "c2");
	pf_must(mes_machine_state(db, "M1", "running", NULL, AT("09:00")), db,
	        "s4");
	pf_must(mes_machine_state(db, "M1", "idle", NULL, AT("11:00")), db,
	        "s5");
	pf_must(mes_machine_state(db, "M1", "running", NULL, AT("11:20")), db,
	        "s6");
	pf_must(mes_machine_count(db, "M1", 50, 3, AT("13:00")), db, "c3");

	memset(&r, 0, sizeof r);
	T_CASE("OEE of a constructed shift matches the hand computation");
	T_CHECK_RC(mes_oee_report(db, "2026-01-05", "2026-01-05", "SAW", keep,
	                          &r), MES_OK);
	T_CHECK(r.n == 2);
	s = &r.v[0];
	d = &r.v[1];
	T_CHECK_STR(s->shift, "early");
	T_CHECK_STR(d->shift, "");
	T_CHECK(mf_near(s->planned_min, 480));
	T_CHECK(mf_near(s->down_min, 40));
	T_CHECK(mf_near(s->setup_min, 20));
	T_CHECK(mf_near(s->idle_min, 20));
	T_CHECK(mf_near(s->run_min, 420));
	T_CHECK(mf_near(s->good, 200) && mf_near(s->scrap, 5));
	T_CHECK(mf_near(s->availability, 0.875));
	T_CHECK(mf_near(s->performance, 307.5 / 420));
	T_CHECK(mf_near(s->quality, 200.0 / 205));
	T_CHECK(mf_near(s->oee, 0.625));

	T_CASE("the six big losses and good time add up to planned time");
	T_CHECK(mf_near(s->loss_breakdown, 40));
	T_CHECK(mf_near(s->loss_setup, 20));
	T_CHECK(mf_near(s->loss_minor, 20));
	T_CHECK(mf_near(s->loss_speed, 92.5));
	T_CHECK(mf_near(s->loss_defects, 4.5));
	T_CHECK(mf_near(s->loss_yield, 3));
	T_CHECK(mf_near(s->loss_breakdown + s->loss_setup + s->loss_minor +
	                s->loss_speed + s->loss_defects + s->loss_yield +
	                300, s->planned_min));

	T_CASE("the day row sums its shifts");
	T_CHECK(mf_near(d->planned_min, 480) && mf_near(d->oee, 0.625));

	T_CASE("a day without a shift has no row; bad dates are refused");
	memset(&r, 0, sizeof r);
	T_CHECK_RC(mes_oee_report(db, "2026-01-03", "2026-01-04", "SAW", keep,
	                          &r), MES_OK);
	T_CHECK(r.n == 0);
	T_CHECK_RC(mes_oee_report(db, "2026-01-06", "2026-01-05", NULL, keep,
	                          &r), MES_ERR_ARG);
	T_CHECK_RC(mes_oee_report(db, "yesterday", "2026-01-05", NULL, keep,
	                          &r), MES_ERR_ARG);
	T_CHECK_RC(mes_oee_report(db, "2026-01-05", "2026-01-05", "NOPE",
	                          keep, &r), MES_ERR_NOTFOUND);
}

static void reliability(struct mes_db *db)
{
	struct mes_reliability r;

	T_CASE("MTBF and MTTR come from the downtime record");
	T_CHECK_RC(mes_asset_reliability(db, "M1", AT("06:00"), AT("14:00"),
	                                 &r), MES_OK);
	T_CHECK(r.failures == 1);
	T_CHECK(mf_near(r.period_h, 8));
	T_CHECK(fabs(r.down_h - 40.0 / 60) < 1e-4);
	T_CHECK(fabs(r.mtbf_h - (8 - 40.0 / 60)) < 1e-4);
	T_CHECK(fabs(r.mttr_h - 40.0 / 60) < 1e-4);
	T_CASE("a window reaching before the first record counts from it");
	T_CHECK_RC(mes_asset_reliability(db, "M1", "2025-01-01T00:00:00.000Z",
	                                 AT("14:00"), &r), MES_OK);
	T_CHECK(r.failures == 1 && r.period_h > 0 && r.period_h <= 14);
	T_CHECK(r.mtbf_h < 14);
	T_CHECK_RC(mes_asset_reliability(db, "NOPE", NULL, NULL, &r),
	           MES_ERR_NOTFOUND);
}

struct erows {
	struct mes_energy_row v[4];
	int n;
};

static int ekeep(const struct mes_energy_row *e, void *ctx)
{
	struct erows *r = ctx;

	if (r->n < 4)
		r->v[r->n++] = *e;
	return 0;
}

static void energy(struct mes_db *db)
{
	struct erows r;

	pf_as(db, "collector", "7777");
	pf_must(mes_machine_energy(db, "M1", 41, AT("13:30")), db, "kwh");
	pf_as(db, "root", "9999");
	pf_must(mes_item_set_mass(db, "P2", 0.8), db, "mass");
	memset(&r, 0, sizeof r);
	T_CASE("energy per order, per good unit, CO2e and scrap mass");
	T_CHECK_RC(mes_energy_report(db, 0.4, ekeep, &r), MES_OK);
	T_CHECK(r.n == 1);
	T_CHECK_STR(r.v[0].wo, "WO-OEE");
	T_CHECK(mf_near(r.v[0].kwh, 41));
	T_CHECK(mf_near(r.v[0].kwh_per_unit, 41.0 / 200));
	T_CHECK(mf_near(r.v[0].co2e_per_unit, 41.0 * 0.4 / 200));
	T_CHECK(mf_near(r.v[0].waste_kg, 5 * 0.8));
	T_CHECK(pf_num(DB, "SELECT count(*) FROM energy WHERE wo_op_id IS NOT "
	               "NULL") == 1);

	T_CASE("an energy meter never books backwards; mass needs a lead");
	pf_as(db, "collector", "7777");
	T_CHECK_RC(mes_machine_energy(db, "M1", -2, NULL), MES_ERR_RANGE);
	T_CHECK_RC(mes_item_set_mass(db, "P2", 1), MES_ERR_PERM);
	pf_as(db, "root", "9999");
	T_CHECK_RC(mes_energy_report(db, -1, ekeep, &r), MES_ERR_ARG);
}

/*
 * Wednesday 06:00-14:00: the PLC reports from 06:00, goes offline at
 * 07:30 and is not heard from again; 200 good at 1.5 ideal minutes were
 * counted.  Known time 90 min, all running: availability 100%; 300 ideal
 * minutes in 90 of run time is impossible, so performance is held at
 * 100% and flagged; the 390 minutes without data are their own category.
 */
#define WED(hm) "2026-01-07T" hm ":00.000Z"
static void no_data(struct mes_db *db)
{
	struct rows r;
	const struct mes_oee *s;

	pf_as(db, "root", "9999");
	pf_must(mes_shift_add(db, "SAW", 2, 6 * 60, 14 * 60, "early"), db,
	        "shift");
	pf_as(db, "collector", "7777");
	pf_must(mes_machine_state(db, "M1", "running", NULL, WED("06:00")), db,
	        "w1");
	pf_must(mes_machine_count(db, "M1", 200, 0, WED("07:00")), db, "w2");
	pf_must(mes_machine_state(db, "M1", "offline", NULL, WED("07:30")), db,
	        "w3");
	pf_as(db, "root", "9999");

	memset(&r, 0, sizeof r);
	T_CASE("time without machine data is its own category, not run time");
	T_CHECK_RC(mes_oee_report(db, "2026-01-07", "2026-01-07", "SAW", keep,
	                          &r), MES_OK);
	T_CHECK(r.n == 2);
	s = &r.v[0];
	T_CHECK(mf_near(s->planned_min, 480));
	T_CHECK(mf_near(s->nodata_min, 390));
	T_CHECK(mf_near(s->run_min, 90));
	T_CHECK(mf_near(s->availability, 1));

	T_CASE("more counted than run time allows: performance held at 100%, "
	       "flagged, OEE never above 100%");
	T_CHECK(s->performance_capped);
	T_CHECK(mf_near(s->performance, 1));
	T_CHECK(s->oee <= 1.0 && mf_near(s->oee, 1));
	T_CHECK(r.v[1].oee <= 1.0 && r.v[1].performance_capped);

	T_CASE("OEE is at most 100% whatever the figures");
	{
		struct mes_oee o;
		int i;

		for (i = 0; i < 200; i++) {
			memset(&o, 0, sizeof o);
			o.planned_min = (i % 7) * 60.0;
			o.nodata_min = (i % 5) * 50.0;
			o.down_min = (i % 3) * 20.0;
			o.setup_min = (i % 4) * 10.0;
			o.good = i * 3.0;
			o.scrap = i % 6;
			o.ideal_min = (o.good + o.scrap) * (i % 9) * 0.7;
			mes_oee_compute(&o);
			if (!(o.oee >= 0 && o.oee <= 1 && o.availability <= 1 &&
			      o.performance <= 1 && o.quality <= 1))
				break;
		}
		T_CHECK(i == 200);
	}
}

int main(void)
{
	struct mes_db *db;

	/* The calendar is local time; the hand computation is in UTC. */
	setenv("TZ", "UTC", 1);
	tzset();
	db = mf_plant(DB);
	constructed_shift(db);
	reliability(db);
	energy(db);
	no_data(db);
	mes_db_close(db);
	return t_report("test_oee");
}
