/*
 * SPC run rules: each Western Electric and Nelson rule on a series that
 * completes it and on one that falls just short, the edges (gaps, no
 * spread, ties in the last bits), which chart gets which rules, and the
 * rule lists as written in settings.
 */
#include <math.h>
#include "testhelp.h"
#include "spcfix.h"

/* ---- rules -------------------------------------------------------------- */

/* A series on centre 0 with sigma 1 and limits at +/- 3. */
#define MAXS 40
static double sx[MAXS], slcl[MAXS], sucl[MAXS], ssig[MAXS];

static struct mes_spc_series series(const double *x, int n)
{
	struct mes_spc_series s = { "t", 0, sx, slcl, sucl, ssig };
	int i;

	for (i = 0; i < n; i++) {
		sx[i] = x[i];
		slcl[i] = -3;
		sucl[i] = 3;
		ssig[i] = 1;
	}
	return s;
}

/* How often rule fires on x; *first gets the first point it fires at. */
static int fires(int rule, const double *x, int n, int *first)
{
	struct mes_spc_series s = series(x, n);
	struct mes_spc_violations v = { 0, NULL };
	int count;

	*first = -1;
	if (mes_spc_rules_series(&s, 0, n, MES_SPC_RULE(rule), &v) != MES_OK)
		return -1;
	count = v.count;
	if (count)
		*first = v.v[0].point;
	mes_spc_violations_free(&v);
	return count;
}

#define FIRES_AT(rule, arr, at)                                             \
	do {                                                                \
		int f_;                                                     \
		T_CHECK(fires(rule, arr, (int)(sizeof arr / sizeof arr[0]), \
		              &f_) >= 1);                                   \
		T_CHECK(f_ == (at));                                        \
	} while (0)
#define QUIET(rule, arr)                                                    \
	do {                                                                \
		int f_;                                                     \
		T_CHECK(fires(rule, arr, (int)(sizeof arr / sizeof arr[0]), \
		              &f_) == 0);                                   \
	} while (0)

static void test_rule_beyond(void)
{
	static const double hi[] = { 0, 0, 3.2 }, lo[] = { 0, -3.1, 0 };
	static const double miss[] = { 0, 2.9, -2.9, 3.0 };

	T_CASE("rules: WE1 and N1 fire on a point beyond 3 sigma, not at 2.9");
	FIRES_AT(MES_SPC_WE1, hi, 2);
	FIRES_AT(MES_SPC_N1, lo, 1);
	QUIET(MES_SPC_WE1, miss);
	QUIET(MES_SPC_N1, miss);
}

static void test_rule_zones(void)
{
	static const double two[] = { 0, 2.5, 0, 2.1 };
	static const double two_gap[] = { 2.5, 0, 0, 2.5 };
	static const double two_sides[] = { 0, 2.5, 0, -2.5 };
	static const double four_last[] = { 1.5, 1.5, 1.5, 1.5, 0.5 };
	static const double four_ok[] = { -1.5, -1.5, 0, -1.5, -1.5 };
	static const double four_miss[] = { 1.5, 1.5, 0, 0, 1.5, 1.5 };

	T_CASE("rules: WE2 and N5, 2 of 3 beyond 2 sigma on one side");
	FIRES_AT(MES_SPC_WE2, two, 3);
	FIRES_AT(MES_SPC_N5, two, 3);
	QUIET(MES_SPC_WE2, two_gap);
	QUIET(MES_SPC_N5, two_sides);

	T_CASE("rules: WE3 and N6, 4 of 5 beyond 1 sigma on one side");
	FIRES_AT(MES_SPC_WE3, four_ok, 4);
	FIRES_AT(MES_SPC_N6, four_ok, 4);
	QUIET(MES_SPC_WE3, four_miss);
	/* The flagged point must be one of the four, and the window full. */
	QUIET(MES_SPC_N6, four_last);
}

static void test_rule_runs(void)
{
	static const double eight[] = { -1, .5, .5, .5, .5, .5, .5, .5, .5 };
	static const double seven[] = { .5, .5, .5, .5, .5, .5, .5, 0, .5 };
	static const double nine[] = { -.2, -.2, -.2, -.2, -.2, -.2, -.2,
	                               -.2, -.2 };
	static const double ten[] = { .1, .1, .1, .1, .1, .1, .1, .1, .1, .1 };
	int f;

	T_CASE("rules: WE4 fires on 8 in a row on one side, not on 7");
	FIRES_AT(MES_SPC_WE4, eight, 8);
	QUIET(MES_SPC_WE4, seven);
	/* A run of 10 completes the pattern at its 8th, 9th and 10th. */
	T_CHECK(fires(MES_SPC_WE4, ten, 10, &f) == 3 && f == 7);

	T_CASE("rules: N2 fires on 9 in a row on one side, not on 8");
	FIRES_AT(MES_SPC_N2, nine, 8);
	QUIET(MES_SPC_N2, eight);
}

static void test_rule_trends(void)
{
	static const double up[] = { 2, -1, -.8, -.1, .3, .9, 1.7 };
	static const double down[] = { 1, .8, .6, .4, .2, 0 };
	static const double tie[] = { 0, .1, .2, .2, .3, .4, .5 };
	static const double five[] = { .5, 0, .1, .2, .3, .4, 0 };
	static const double alt[] = { 1, -1, 1, -1, 1, -1, 1, -1, 1, -1,
	                              1, -1, 1, -1 };
	static const double alt13[] = { 1, -1, 1, -1, 1, -1, 1, 1, -1, 1,
	                                -1, 1, -1, 1, -1, 1, -1, 1, -1 };

	T_CASE("rules: N3 fires on 6 rising or falling, not on 5 or a tie");
	FIRES_AT(MES_SPC_N3, up, 6);
	FIRES_AT(MES_SPC_N3, down, 5);
	QUIET(MES_SPC_N3, tie);
	QUIET(MES_SPC_N3, five);

	T_CASE("rules: N4 fires on 14 alternating, not on a break after 7");
	FIRES_AT(MES_SPC_N4, alt, 13);
	/* Two runs of 7 and 12 alternating points: 1 1 breaks it. */
	QUIET(MES_SPC_N4, alt13);
}

static void test_rule_hugging(void)
{
	double in[16], out[9];
	int i, f;

	for (i = 0; i < 16; i++)
		in[i] = i % 2 ? 0.6 : -0.9;
	for (i = 0; i < 9; i++)
		out[i] = i % 2 ? 1.5 : -2.2;

	T_CASE("rules: N7 fires on 15 within 1 sigma, not on 14");
	T_CHECK(fires(MES_SPC_N7, in, 15, &f) == 1 && f == 14);
	T_CHECK(fires(MES_SPC_N7, in, 14, &f) == 0);
	in[7] = 1.0;  /* on the zone line is not within it */
	T_CHECK(fires(MES_SPC_N7, in, 16, &f) == 0);

	T_CASE("rules: N8 fires on 8 beyond 1 sigma on both sides, not on 7");
	T_CHECK(fires(MES_SPC_N8, out, 8, &f) == 1 && f == 7);
	T_CHECK(fires(MES_SPC_N8, out, 7, &f) == 0);
	out[3] = 0.9;
	T_CHECK(fires(MES_SPC_N8, out, 9, &f) == 0);

	/* Nelson's definition (and qcc's): a mixture, so both sides; eight
	 * beyond 1 sigma on one side is a shift, not test 8. */
	T_CASE("rules: N8 does not fire on 8 beyond 1 sigma all on one side");
	for (i = 0; i < 9; i++)
		out[i] = i % 2 ? 1.5 : 2.2;
	T_CHECK(fires(MES_SPC_N8, out, 9, &f) == 0);
	out[8] = -1.4;
	T_CHECK(fires(MES_SPC_N8, out, 9, &f) == 1 && f == 8);
}

/*
 * Six subgroup means rising but for the last two: (0.3 + 0.2 + 0.1) / 3
 * and (0.1 + 0.2 + 0.3) / 3 differ in the last bit, the second above.
 * Returns the number of N3 violations.
 */
static int tie_in_last_bits(void)
{
	static const double x[] = { -.2, -.2, -.2, -.1, -.1, -.1, 0, 0, 0,
	                            .1, .1, .1, .3, .2, .1, .1, .2, .3 };
	struct mes_spc_data d = { .type = MES_SPC_XBAR_R, .points = 6,
	                          .size = 3, .x = x };
	struct mes_spc_chart c;
	struct mes_spc_violations v = { 0, NULL };
	int n = -1;

	memset(&c, 0, sizeof c);
	if (chart_all(&d, &c) == 0 && c.s[0].x[5] > c.s[0].x[4] &&
	    mes_spc_rules_check(&c, MES_SPC_RULE(MES_SPC_N3), &v) == MES_OK)
		n = v.count;
	mes_spc_violations_free(&v);
	mes_spc_chart_free(&c);
	return n;
}

static void test_rule_misc(void)
{
	static const double flat[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	                               0, 0, 0, 0, 0, 0 };
	double gap[9] = { .5, .5, .5, .5, NAN, .5, .5, .5, .5 };
	struct mes_spc_series s;
	struct mes_spc_violations v = { 0, NULL };
	int f, i;

	T_CASE("rules: a missing point breaks a run");
	T_CHECK(fires(MES_SPC_WE4, gap, 9, &f) == 0);

	T_CASE("rules: no spread at all: hugging, then any departure is beyond");
	s = series(flat, 16);
	for (i = 0; i < 16; i++) {
		ssig[i] = 0;
		slcl[i] = sucl[i] = 0;
	}
	T_CHECK_RC(mes_spc_rules_series(&s, 0, 16, MES_SPC_RULES_NELSON, &v),
	           MES_OK);
	T_CHECK(v.count == 2 && v.v[0].rule == MES_SPC_N7);
	mes_spc_violations_free(&v);
	sx[3] = 1e-9;
	T_CHECK_RC(mes_spc_rules_series(&s, 0, 16, MES_SPC_RULE(MES_SPC_N1),
	                                &v), MES_OK);
	T_CHECK(v.count == 1 && v.v[0].point == 3);
	mes_spc_violations_free(&v);

	T_CASE("rules: means equal but for the last bits are a tie");
	T_CHECK(tie_in_last_bits() == 0);

	T_CASE("rules: no rules, no violations; empty series is fine");
	T_CHECK_RC(mes_spc_rules_series(&s, 0, 16, 0, &v), MES_OK);
	T_CHECK(v.count == 0);
	T_CHECK_RC(mes_spc_rules_series(&s, 0, 0, MES_SPC_RULES_NELSON, &v),
	           MES_OK);
	T_CHECK(v.count == 0);
	mes_spc_violations_free(&v);
}

/* R, S and MR get only the limit rules: their run patterns are noise. */
static void test_rules_second_series(void)
{
	/* MRs 2 2 2 2 2 2 2 2 2 then 0s: 9 above MR-bar 1 but within limits */
	double x[20];
	struct mes_spc_data d = { .type = MES_SPC_IMR, .points = 20,
	                          .size = 1, .x = x };
	struct mes_spc_chart c;
	struct mes_spc_violations v = { 0, NULL };
	int i, on_mr = 0;

	for (i = 0; i < 20; i++)
		x[i] = i < 10 ? (i % 2 ? 2 : 0) : 1;
	T_CASE("rules: the R/S/MR chart gets only the limit rules");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK_RC(mes_spc_rules_check(&c, MES_SPC_RULES_WE |
	                               MES_SPC_RULES_NELSON, &v), MES_OK);
	for (i = 0; i < v.count; i++)
		if (v.v[i].series == 1)
			on_mr++;
	T_CHECK(on_mr == 0);
	/* ... while the MRs do hold a run that WE4 would flag. */
	mes_spc_violations_free(&v);
	T_CHECK_RC(mes_spc_rules_series(&c.s[1], 1, c.points,
	                                MES_SPC_RULES_WE, &v), MES_OK);
	for (i = on_mr = 0; i < v.count; i++)
		if (v.v[i].rule == MES_SPC_WE4)
			on_mr++;
	T_CHECK(on_mr > 0);
	mes_spc_violations_free(&v);
	mes_spc_chart_free(&c);
}

static void test_rules_parse(void)
{
	unsigned r;
	char err[128] = "", buf[128];

	T_CASE("rules: parsing we, nelson, none and lists");
	T_CHECK_RC(mes_spc_rules_parse("we", &r, err, sizeof err), MES_OK);
	T_CHECK(r == MES_SPC_RULES_WE);
	T_CHECK_RC(mes_spc_rules_parse("Nelson", &r, err, sizeof err), MES_OK);
	T_CHECK(r == MES_SPC_RULES_NELSON);
	T_CHECK_RC(mes_spc_rules_parse("we1, n3,N7", &r, err, sizeof err),
	           MES_OK);
	T_CHECK(r == (MES_SPC_RULE(MES_SPC_WE1) | MES_SPC_RULE(MES_SPC_N3) |
	              MES_SPC_RULE(MES_SPC_N7)));
	T_CHECK_RC(mes_spc_rules_parse("none", &r, err, sizeof err), MES_OK);
	T_CHECK(r == 0);
	T_CHECK_RC(mes_spc_rules_parse("we,n9", &r, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_HAS(err, "\"n9\"");
	T_CHECK_RC(mes_spc_rules_parse("", &r, err, sizeof err), MES_ERR_ARG);
	T_CHECK_RC(mes_spc_rules_parse("we,", &r, err, sizeof err),
	           MES_ERR_ARG);
	mes_spc_rules_format(MES_SPC_RULES_WE | MES_SPC_RULE(MES_SPC_N8), buf,
	                     sizeof buf);
	T_CHECK_STR(buf, "WE1,WE2,WE3,WE4,N8");
	mes_spc_rules_format(0, buf, sizeof buf);
	T_CHECK_STR(buf, "none");
	T_CHECK_STR(mes_spc_rule_name(MES_SPC_N4), "N4");
	T_CHECK(mes_spc_rule_name(MES_SPC_NRULES) == NULL);
}

int main(void)
{
	test_rule_beyond();
	test_rule_zones();
	test_rule_runs();
	test_rule_trends();
	test_rule_hugging();
	test_rule_misc();
	test_rules_second_series();
	test_rules_parse();
	return t_report("test_spc_rules");
}
