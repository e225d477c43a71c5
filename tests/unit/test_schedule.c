/* Scheduling the plant: released orders in, a valid plan out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fixture.h"
#include "base/internal.h"
#include "prod.h"
#include "schedule.h"
#include "testhelp.h"

static void day(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void plant(struct mes_db *db)
{
	char today[11], due[11], wo[16];
	int i;

	mes_wc_add(db, "SAW", "saw", 1);
	mes_wc_add(db, "MILL1", "mill one", 1);
	mes_wc_add(db, "MILL2", "mill two", 1);
	mes_item_add(db, "P1", "part", "ea", "a");
	mes_routing_op_add(db, "P1", 10, "SAW", 10, 1, "cut");
	mes_routing_op_add(db, "P1", 20, "MILL1", 20, 3, "mill");
	mes_routing_alt_add(db, "P1", 20, "MILL2", 4);
	day(0, today);
	for (i = 1; i <= 6; i++) {
		day(i, due);
		snprintf(wo, sizeof wo, "W%d", i);
		mes_order_add(db, wo, "P1", 30 + i, today, due, i % 9 + 1);
		mes_order_release(db, wo);
	}
}

struct plan { char start[32], end[32], wc[33]; };

static void read_plan(struct mes_db *db, struct plan p[6][2])
{
	struct mes_board_op op;
	char wo[16];
	int i, k;

	for (i = 0; i < 6; i++)
		for (k = 0; k < 2; k++) {
			snprintf(wo, sizeof wo, "W%d", i + 1);
			memset(&p[i][k], 0, sizeof p[i][k]);
			if (mes_board_op(db, wo, (k + 1) * 10, &op) != MES_OK)
				continue;
			snprintf(p[i][k].start, 32, "%s", op.plan_start);
			snprintf(p[i][k].end, 32, "%s", op.plan_end);
			snprintf(p[i][k].wc, 33, "%s", op.wc);
		}
}

/* A move's start must fall in the work center's shifts. */
static void move_into_shift(void)
{
	struct mes_db *d = fx_new_db("sch-shift.db");
	struct mes_schedule_opts o;
	struct mes_schedule_report r;
	struct mes_board_op op;
	char today[11], due[11];
	struct tm tm;
	time_t s;

	T_CASE("a move outside the work center's shifts is refused, inside "
	       "allowed");
	mes_wc_add(d, "SAW", "saw", 1);
	mes_wc_add(d, "MILL", "mill", 1);
	mes_item_add(d, "P8", "part", "ea", "a");
	mes_routing_op_add(d, "P8", 10, "SAW", 5, 1, "cut");
	mes_routing_op_add(d, "P8", 20, "MILL", 5, 1, "mill");
	day(0, today);
	day(5, due);
	mes_order_add(d, "W8", "P8", 10, today, due, 5);
	mes_order_release(d, "W8");
	mes_user_add(d, "luis", "Luis", MES_ROLE_LEAD, NULL, "2222");
	mes_login_pin(d, "luis", "2222");
	mes_schedule_opts_default(&o);
	T_CHECK_RC(mes_schedule_run(d, &o, &r), MES_OK);
	T_CHECK_RC(mes_board_op(d, "W8", 20, &op), MES_OK);
	memset(&tm, 0, sizeof tm);
	strptime(op.plan_start, "%Y-%m-%dT%H:%M", &tm);
	s = timegm(&tm);
	localtime_r(&s, &tm);
	/* The mill works only three days after the planned start's day. */
	T_CHECK_RC(mes_shift_add(d, "MILL", (tm.tm_wday + 6 + 3) % 7, 0, 1440,
	                         "day"), MES_OK);
	T_CHECK_RC(mes_op_plan_move(d, "W8", 20, NULL, 24 * 60), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(d), "outside the shifts of MILL");
	T_CHECK_RC(mes_op_plan_move(d, "W8", 20, NULL, 3 * 24 * 60), MES_OK);
	mes_db_close(d);
}

int main(void)
{
	struct mes_db *db = fx_new_db("sch.db");
	struct mes_schedule_opts o;
	struct mes_schedule_report r;
	struct plan a[6][2], b[6][2];
	int i, ok, mills = 0;

	plant(db);
	mes_user_add(db, "olga", "Olga", MES_ROLE_OPERATOR, NULL, "1111");
	mes_user_add(db, "luis", "Luis", MES_ROLE_LEAD | MES_ROLE_OPERATOR, NULL,
	             "2222");
	mes_schedule_opts_default(&o);
	o.time_limit_ms = 0;
	o.iterations = 200;
	o.seed = 7;

	T_CASE("an operator may not reschedule the plant");
	mes_login_pin(db, "olga", "1111");
	T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_ERR_PERM);
	mes_login_pin(db, "luis", "2222");

	T_CASE("every remaining operation gets a plan");
	T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
	T_CHECK(r.orders == 6 && r.ops == 12);
	T_CHECK(!r.before.planned && r.after.planned);
	read_plan(db, a);
	ok = 1;
	for (i = 0; i < 6; i++)
		ok &= a[i][0].start[0] && a[i][1].end[0];
	T_CHECK(ok);

	T_CASE("routing order holds in the written plan");
	ok = 1;
	for (i = 0; i < 6; i++)
		ok &= strcmp(a[i][1].start, a[i][0].end) >= 0;
	T_CHECK(ok);

	T_CASE("alternatives are used: both mills get work");
	for (i = 0; i < 6; i++)
		mills |= !strcmp(a[i][1].wc, "MILL1") ? 1 :
		         !strcmp(a[i][1].wc, "MILL2") ? 2 : 0;
	T_CHECK(mills == 3);

	T_CASE("same seed and iterations give the same plan");
	T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
	if (!r.before.planned)
		fprintf(stderr, "  %s\n", mes_db_errmsg(db));
	T_CHECK(r.before.planned);
	read_plan(db, b);
	T_CHECK(memcmp(a, b, sizeof a) == 0);

	T_CASE("a running operation stays on its work center");
	T_CHECK_RC(mes_op_start(db, "W6", 10, NULL), MES_OK);
	T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
	T_CHECK(r.frozen == 1);
	read_plan(db, b);
	T_CHECK_STR(b[5][0].wc, "SAW");

	T_CASE("an operator may not move operations on the plan");
	mes_login_pin(db, "olga", "1111");
	T_CHECK_RC(mes_op_plan_move(db, "W1", 20, NULL, 60), MES_ERR_PERM);
	mes_login_pin(db, "luis", "2222");

	T_CASE("a move before the previous operation ends is refused");
	read_plan(db, a);
	{
		struct tm te, ts;

		memset(&te, 0, sizeof te);
		memset(&ts, 0, sizeof ts);
		strptime(a[0][0].end, "%Y-%m-%dT%H:%M", &te);
		strptime(a[0][1].start, "%Y-%m-%dT%H:%M", &ts);
		/* One minute before operation 10 ends. */
		T_CHECK_RC(mes_op_plan_move(db, "W1", 20, NULL,
		           (long long)(timegm(&te) - timegm(&ts)) / 60 - 1),
		           MES_ERR_STATE);
	}
	T_CHECK_HAS(mes_db_errmsg(db), "before operation 10");

	T_CASE("a move past the next operation's start is refused");
	T_CHECK_RC(mes_op_plan_move(db, "W1", 10, NULL, 30 * 24 * 60),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "after operation 20");

	T_CASE("a work center that is not an alternative is refused");
	T_CHECK_RC(mes_op_plan_move(db, "W1", 20, "SAW", 0), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "alternative");

	T_CASE("a move onto a busy work center is refused for capacity");
	{
		int j = -1, k = -1;
		char wo[16];
		long long d;
		struct tm ta, tb;

		for (i = 0; i < 6; i++) {
			if (!strcmp(a[i][1].wc, "MILL1") && (j < 0 ||
			    strcmp(a[i][1].start, a[j][1].start) < 0))
				j = i;
		}
		for (i = 0; i < 6; i++)
			if (!strcmp(a[i][1].wc, "MILL2") && j >= 0 &&
			    strcmp(a[i][1].start, a[j][1].start) >= 0 && k < 0)
				k = i;
		T_CHECK(j >= 0 && k >= 0);
		if (j >= 0 && k >= 0) {
			memset(&ta, 0, sizeof ta);
			memset(&tb, 0, sizeof tb);
			strptime(a[j][1].start, "%Y-%m-%dT%H:%M", &ta);
			strptime(a[k][1].start, "%Y-%m-%dT%H:%M", &tb);
			d = (long long)(timegm(&tb) - timegm(&ta)) / 60;
			snprintf(wo, sizeof wo, "W%d", j + 1);
			T_CHECK_RC(mes_op_plan_move(db, wo, 20, "MILL2", d),
			           MES_ERR_STATE);
			T_CHECK_HAS(mes_db_errmsg(db), "overlap");
		}
	}

	T_CASE("a good move is pinned, audited, and kept by the scheduler");
	{
		struct plan c[6][2];

		T_CHECK_RC(mes_op_plan_move(db, "W1", 20, NULL, 45 * 24 * 60),
		           MES_OK);
		read_plan(db, b);
		T_CHECK(strcmp(b[0][1].start, a[0][1].start) > 0);
		T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
		read_plan(db, c);
		T_CHECK_STR(c[0][1].start, b[0][1].start);
		T_CHECK_STR(c[0][1].wc, b[0][1].wc);
	}

	T_CASE("a breakdown, then repair: few operations move, none into it");
	{
		struct plan c[6][2], d[6][2];
		int j = -1, saw_kept = 1, clash = 0;
		char from[17], until[17];

		read_plan(db, c);
		for (i = 0; i < 6 && j < 0; i++)
			if (!strcmp(c[i][1].wc, "MILL1") && i != 0)
				j = i;
		T_CHECK(j >= 0);
		if (j >= 0) {
			snprintf(from, sizeof from, "%.16s", c[j][1].start);
			snprintf(until, sizeof until, "%.16s", c[j][1].end);
			mes_login_pin(db, "olga", "1111");
			T_CHECK_RC(mes_wc_unavailable_add(db, "MILL1", from, until,
			           "breakdown", "spindle"), MES_ERR_PERM);
			mes_login_pin(db, "luis", "2222");
			T_CHECK_RC(mes_wc_unavailable_add(db, "MILL1", from, until,
			           "exploded", ""), MES_ERR_ARG);
			T_CHECK_RC(mes_wc_unavailable_add(db, "MILL1", from, until,
			           "breakdown", "spindle"), MES_OK);
			o.repair = 1;
			T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
			o.repair = 0;
			T_CHECK(r.moved >= 1 && r.moved < r.ops / 2);
			read_plan(db, d);
			for (i = 0; i < 6; i++) {
				if (c[i][0].start[0] && strcmp(c[i][0].start,
				    d[i][0].start) && i != 5)
					saw_kept = 0;
				if (!strcmp(d[i][1].wc, "MILL1") &&
				    strncmp(d[i][1].start, until, 16) < 0 &&
				    strncmp(d[i][1].end, from, 16) > 0)
					clash = 1;
			}
			T_CHECK(saw_kept);
			T_CHECK(!clash);
		}
	}

	T_CASE("repair: a kept slot never starts before the running operation "
	       "before it ends");
	{
		struct mes_db *d2 = fx_new_db("sch-run.db");
		char today[11], due[11];

		mes_wc_add(d2, "SAW", "saw", 1);
		mes_wc_add(d2, "MILL", "mill", 1);
		mes_item_add(d2, "P9", "part", "ea", "a");
		mes_routing_op_add(d2, "P9", 10, "SAW", 5, 1, "cut");
		mes_routing_op_add(d2, "P9", 20, "MILL", 5, 2, "mill");
		day(0, today);
		day(3, due);
		mes_order_add(d2, "W9", "P9", 60, today, due, 5);
		mes_order_release(d2, "W9");
		mes_user_add(d2, "luis", "Luis", MES_ROLE_LEAD | MES_ROLE_OPERATOR,
		             NULL, "2222");
		mes_login_pin(d2, "luis", "2222");
		T_CHECK_RC(mes_op_start(d2, "W9", 10, NULL), MES_OK);
		T_CHECK_RC(mes_schedule_run(d2, &o, &r), MES_OK);
		/* Ten minutes pass with nothing reported: the saw's remaining
		 * hour now ends ten minutes later than the mill's planned
		 * start (as if the plan had been made ten minutes ago). */
		sqlite3_exec(d2->h, "UPDATE wo_ops SET plan_start = strftime("
		             "'%Y-%m-%dT%H:%M:%fZ', plan_start, '-10 minutes'), "
		             "plan_end = strftime('%Y-%m-%dT%H:%M:%fZ', plan_end, "
		             "'-10 minutes') WHERE seq = 20", NULL, NULL, NULL);
		o.repair = 1;
		T_CHECK_RC(mes_schedule_run(d2, &o, &r), MES_OK);
		o.repair = 0;
		mes_db_close(d2);
	}

	T_CASE("family changeovers: set by master data, kept apart in the plan");
	{
		struct mes_db *d2 = fx_new_db("setup.db");
		struct mes_board_op x, y;
		char today[11], due[11];
		struct tm ta, tb;
		long long gap;

		mes_wc_add(d2, "OVEN", "oven", 1);
		mes_item_add(d2, "RED", "red part", "ea", "red");
		mes_item_add(d2, "BLUE", "blue part", "ea", "blue");
		mes_routing_op_add(d2, "RED", 10, "OVEN", 0, 1, "bake");
		mes_routing_op_add(d2, "BLUE", 10, "OVEN", 0, 1, "bake");
		T_CHECK_RC(mes_wc_setup_set(d2, "OVEN", "red", "blue", -1),
		           MES_ERR_RANGE);
		T_CHECK_RC(mes_wc_setup_set(d2, "OVEN", "red", "blue", 90), MES_OK);
		T_CHECK_RC(mes_wc_setup_set(d2, "OVEN", "blue", "red", 90), MES_OK);
		day(0, today);
		day(5, due);
		mes_order_add(d2, "R1", "RED", 10, today, due, 5);
		mes_order_add(d2, "B1", "BLUE", 10, today, due, 5);
		mes_order_release(d2, "R1");
		mes_order_release(d2, "B1");
		T_CHECK_RC(mes_schedule_run(d2, &o, &r), MES_OK);
		mes_board_op(d2, "R1", 10, &x);
		mes_board_op(d2, "B1", 10, &y);
		memset(&ta, 0, sizeof ta);
		memset(&tb, 0, sizeof tb);
		if (strcmp(x.plan_start, y.plan_start) < 0) {
			strptime(x.plan_end, "%Y-%m-%dT%H:%M", &ta);
			strptime(y.plan_start, "%Y-%m-%dT%H:%M", &tb);
		} else {
			strptime(y.plan_end, "%Y-%m-%dT%H:%M", &ta);
			strptime(x.plan_start, "%Y-%m-%dT%H:%M", &tb);
		}
		gap = (long long)(timegm(&tb) - timegm(&ta)) / 60;
		T_CHECK(gap >= 90);
		mes_db_close(d2);
	}

	T_CASE("a run is audited");
	{
		struct mes_status st;

		T_CHECK_RC(mes_status_get(db, &st), MES_OK);
		T_CHECK(st.audit_records > 0);
		T_CHECK_RC(mes_audit_verify(db, NULL, NULL), MES_OK);
	}
	mes_db_close(db);
	move_into_shift();
	return t_report("test_schedule");
}
