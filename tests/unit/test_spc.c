/*
 * SPC: constants against the published tables, limits against worked
 * textbook examples and hand calculations, and capability. The run
 * rules are in test_spc_rules.c, the CSV reader in test_spc_csv.c.
 *
 * "Montgomery" is D. C. Montgomery, Introduction to Statistical Quality
 * Control (6th ed., Wiley 2009): Appendix VI for the constants, Example
 * 7.1 (orange juice cans, p chart) and Example 7.3 (printed circuit
 * boards, c chart) for data with published limits, and Example 6.1
 * (piston rings, X-bar and R) for published limits from summary values.
 */
#include <math.h>
#include "testhelp.h"
#include "spcfix.h"

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

/* ---- constants ---------------------------------------------------------- */

/* Montgomery Appendix VI, n = 2..25, as printed. */
static const double pub_A2[] = {
	1.880, 1.023, 0.729, 0.577, 0.483, 0.419, 0.373, 0.337, 0.308,
	0.285, 0.266, 0.249, 0.235, 0.223, 0.212, 0.203, 0.194, 0.187,
	0.180, 0.173, 0.167, 0.162, 0.157, 0.153,
};
static const double pub_A3[] = {
	2.659, 1.954, 1.628, 1.427, 1.287, 1.182, 1.099, 1.032, 0.975,
	0.927, 0.886, 0.850, 0.817, 0.789, 0.763, 0.739, 0.718, 0.698,
	0.680, 0.663, 0.647, 0.633, 0.619, 0.606,
};
static const double pub_c4[] = {
	0.7979, 0.8862, 0.9213, 0.9400, 0.9515, 0.9594, 0.9650, 0.9693,
	0.9727, 0.9754, 0.9776, 0.9794, 0.9810, 0.9823, 0.9835, 0.9845,
	0.9854, 0.9862, 0.9869, 0.9876, 0.9882, 0.9887, 0.9892, 0.9896,
};
static const double pub_B3[] = {
	0, 0, 0, 0, 0.030, 0.118, 0.185, 0.239, 0.284,
	0.321, 0.354, 0.382, 0.406, 0.428, 0.448, 0.466, 0.482, 0.497,
	0.510, 0.523, 0.534, 0.545, 0.555, 0.565,
};
static const double pub_B4[] = {
	3.267, 2.568, 2.266, 2.089, 1.970, 1.882, 1.815, 1.761, 1.716,
	1.679, 1.646, 1.618, 1.594, 1.572, 1.552, 1.534, 1.518, 1.503,
	1.490, 1.477, 1.466, 1.455, 1.445, 1.435,
};
static const double pub_d2[] = {
	1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.970, 3.078,
	3.173, 3.258, 3.336, 3.407, 3.472, 3.532, 3.588, 3.640, 3.689,
	3.735, 3.778, 3.819, 3.858, 3.895, 3.931,
};
static const double pub_D3[] = {
	0, 0, 0, 0, 0, 0.076, 0.136, 0.184, 0.223,
	0.256, 0.283, 0.307, 0.328, 0.347, 0.363, 0.378, 0.391, 0.403,
	0.415, 0.425, 0.434, 0.443, 0.451, 0.459,
};
static const double pub_D4[] = {
	3.267, 2.574, 2.282, 2.114, 2.004, 1.924, 1.864, 1.816, 1.777,
	1.744, 1.717, 1.693, 1.672, 1.653, 1.637, 1.622, 1.608, 1.597,
	1.585, 1.575, 1.566, 1.557, 1.548, 1.541,
};

/* Rounded to 3 (or 4) decimals in print: half a unit in the last place. */
#define ROUND3 (0.0005 + 1e-9)
#define ROUND4 (0.00005 + 1e-9)

/* The mean range of n standard normal values, integrated numerically:
 * d2 = integral of 1 - Phi(x)^n - (1 - Phi(x))^n over the real line. */
static double d2_numeric(int n)
{
	double h = 0.001, x, sum = 0, phi;

	for (x = -12; x <= 12; x += h) {
		phi = 0.5 * erfc(-x / sqrt(2));
		sum += 1 - pow(phi, n) - pow(1 - phi, n);
	}
	return sum * h;
}

static void test_constants(void)
{
	struct mes_spc_constants k;
	int n, i, bad = 0;
	double exact;

	T_CASE("constants: A2 A3 B3 B4 D3 D4 d2 c4 match Montgomery App. VI");
	for (n = 2; n <= 25; n++) {
		i = n - 2;
		T_CHECK_RC(mes_spc_constants(n, &k), MES_OK);
		if (!NEAR(k.A2, pub_A2[i], ROUND3) ||
		    !NEAR(k.A3, pub_A3[i], ROUND3) ||
		    !NEAR(k.B3, pub_B3[i], ROUND3) ||
		    !NEAR(k.B4, pub_B4[i], ROUND3) ||
		    !NEAR(k.D3, pub_D3[i], ROUND3) ||
		    !NEAR(k.D4, pub_D4[i], ROUND3) ||
		    !NEAR(k.d2, pub_d2[i], ROUND3) ||
		    !NEAR(k.c4, pub_c4[i], ROUND4)) {
			fprintf(stderr, "  n=%d: A2 %.4f A3 %.4f B3 %.4f B4 %.4f"
			        " c4 %.5f\n", n, k.A2, k.A3, k.B3, k.B4, k.c4);
			bad++;
		}
		T_CHECK(k.n == n);
	}
	T_CHECK(bad == 0);

	T_CASE("constants: the d2 table is the mean range to 4 decimals");
	for (n = 2; n <= 25; n++) {
		T_CHECK_RC(mes_spc_constants(n, &k), MES_OK);
		exact = d2_numeric(n);
		if (!NEAR(k.d2, exact, 0.00005 + 1e-6)) {
			fprintf(stderr, "  n=%d: d2 %.4f, integral %.6f\n", n,
			        k.d2, exact);
			T_CHECK(0);
		}
	}

	T_CASE("constants: the published D3/D4 are symmetric about 1");
	for (n = 7; n <= 25; n++) {
		mes_spc_constants(n, &k);
		/* Each rounded to 3 decimals, so the sum is within 0.001. */
		T_CHECK(NEAR(k.D3 + k.D4, 2, 0.001 + 1e-9));
		T_CHECK(NEAR(k.B3 + k.B4, 2, 1e-12));
	}

	T_CASE("constants: c4 closed forms and the large-n series");
	T_CHECK(NEAR(mes_spc_c4(2), sqrt(2 / M_PI), 1e-14));
	T_CHECK(NEAR(mes_spc_c4(3), sqrt(M_PI) / 2, 1e-14));
	/* c4(n) = sqrt(2/(n-1)) exp(lgamma(n/2) - lgamma((n-1)/2)) */
	for (n = 290; n <= 400; n += 10) {
		exact = sqrt(2.0 / (n - 1)) *
		        exp(lgamma(n / 2.0) - lgamma((n - 1) / 2.0));
		T_CHECK(NEAR(mes_spc_c4(n), exact, 1e-10));
	}
	T_CHECK(isnan(mes_spc_c4(1)));

	T_CASE("constants: n outside 2..25 is out of range");
	T_CHECK_RC(mes_spc_constants(1, &k), MES_ERR_RANGE);
	T_CHECK_RC(mes_spc_constants(26, &k), MES_ERR_RANGE);
	T_CHECK_RC(mes_spc_constants(2, NULL), MES_ERR_ARG);
}

/* ---- limits ------------------------------------------------------------- */

/*
 * Four subgroups of 3:
 *   {1,2,3} mean 2 range 2 sd 1;   {2,4,6} mean 4 range 4 sd 2;
 *   {3,3,3} mean 3 range 0 sd 0;   {1,3,2} mean 2 range 2 sd 1.
 * Grand mean 11/4 = 2.75, R-bar 2, S-bar 1.
 */
static const double hand3[] = { 1, 2, 3, 2, 4, 6, 3, 3, 3, 1, 3, 2 };

static void test_xbar_r(void)
{
	struct mes_spc_data d = { .type = MES_SPC_XBAR_R, .points = 4,
	                          .size = 3, .x = hand3 };
	struct mes_spc_chart c;
	/* d2(3) = 1.6926: A2(3) = 3 / (1.6926 sqrt 3) = 1.023308, so
	 * A2 R-bar = 2.046616 */
	double a2r = 2 * 3 / (1.6926 * sqrt(3));

	T_CASE("xbar-r: hand-computed subgroups of 3");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK(c.nseries == 2 && !c.varying);
	T_CHECK_STR(c.s[0].name, "xbar");
	T_CHECK_STR(c.s[1].name, "r");
	T_CHECK(NEAR(c.s[0].cl, 2.75, 1e-12));
	T_CHECK(NEAR(c.s[0].ucl[0], 2.75 + a2r, 1e-9));
	T_CHECK(NEAR(c.s[0].ucl[0], 4.796616, 1e-6));
	T_CHECK(NEAR(c.s[0].lcl[3], 0.703384, 1e-6));
	T_CHECK(NEAR(c.s[1].cl, 2, 1e-12));
	T_CHECK(NEAR(c.s[1].ucl[0], 2 * 2.574, 1e-12));
	T_CHECK(c.s[1].lcl[0] == 0);
	T_CHECK(NEAR(c.s[0].x[1], 4, 1e-12) && NEAR(c.s[1].x[1], 4, 1e-12));
	/* sigma within = R-bar / d2 = 2 / 1.6926 */
	T_CHECK(NEAR(c.sigma_within, 1.181614, 1e-6));
	/* The zone sigma of X-bar is a third of the half-width. */
	T_CHECK(NEAR(c.s[0].sigma[0] * 3, a2r, 1e-12));
	mes_spc_chart_free(&c);
}

static void test_xbar_s(void)
{
	struct mes_spc_data d = { .type = MES_SPC_XBAR_S, .points = 4,
	                          .size = 3, .x = hand3 };
	struct mes_spc_chart c;

	T_CASE("xbar-s: hand-computed subgroups of 3");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK_STR(c.s[1].name, "s");
	/* c4(3) = sqrt(pi)/2 = 0.886227; A3 = 3 / (c4 sqrt 3) = 1.954410 */
	T_CHECK(NEAR(c.s[0].ucl[0], 2.75 + 1.954410, 1e-6));
	T_CHECK(NEAR(c.s[0].lcl[0], 2.75 - 1.954410, 1e-6));
	/* B4(3) = 1 + 3 sqrt(1 - c4^2) / c4 = 1 + 3 * 0.463251 / 0.886227
	 * = 2.568170; S-bar = 1 */
	T_CHECK(NEAR(c.s[1].cl, 1, 1e-12));
	T_CHECK(NEAR(c.s[1].ucl[0], 2.568170, 1e-6));
	T_CHECK(c.s[1].lcl[0] == 0);
	T_CHECK(NEAR(c.s[1].x[1], 2, 1e-12));
	T_CHECK(NEAR(c.sigma_within, 1 / 0.886227, 1e-6));
	mes_spc_chart_free(&c);
}

/*
 * Montgomery Example 6.1: 25 samples of 5 piston rings, X-double-bar
 * 74.001, R-bar 0.023; X-bar limits 73.988 and 74.014, R UCL 0.049 (his
 * rounding), and with specifications 74.000 +/- 0.05, Cp = 1.68.  Here
 * every subgroup is {m, m, m, m - 0.0115, m + 0.0115} with m = 74.001,
 * which has exactly those summary values.
 */
static double piston[25 * 5];

static void fill_piston(void)
{
	int i;

	for (i = 0; i < 25; i++) {
		piston[i * 5 + 0] = 74.001;
		piston[i * 5 + 1] = 74.001 - 0.0115;
		piston[i * 5 + 2] = 74.001;
		piston[i * 5 + 3] = 74.001 + 0.0115;
		piston[i * 5 + 4] = 74.001;
	}
}

static void test_piston_rings(void)
{
	struct mes_spc_data d = { .type = MES_SPC_XBAR_R, .points = 25,
	                          .size = 5, .x = piston };
	struct mes_spc_chart c;
	struct mes_spc_capability k;
	struct mes_spc_violations v = { 0, NULL };

	fill_piston();
	T_CASE("xbar-r: Montgomery's piston rings (Example 6.1)");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK(NEAR(c.s[0].cl, 74.001, 1e-9));
	T_CHECK(NEAR(c.s[1].cl, 0.023, 1e-9));
	T_CHECK(NEAR(c.s[0].lcl[0], 73.988, 0.0005));
	T_CHECK(NEAR(c.s[0].ucl[0], 74.014, 0.0005));
	T_CHECK(NEAR(c.s[1].ucl[0], 0.049, 0.0005));
	T_CHECK(c.s[1].lcl[0] == 0);
	T_CHECK_RC(mes_spc_rules_check(&c, MES_SPC_RULES_WE |
	                               MES_SPC_RULES_NELSON, &v), MES_OK);
	/* Identical subgroups hug the centre line: only N7 fires. */
	T_CHECK(v.count > 0 && v.v[0].rule == MES_SPC_N7 && v.v[0].point == 14);

	T_CASE("capability: piston rings, Cp = 1.68 (Montgomery Example 6.1)");
	T_CHECK_RC(mes_spc_capability(&d, &c, 73.95, 74.05, 0, &k, NULL, 0),
	           MES_OK);
	/* Cp = 0.10 / (6 * 0.023 / 2.3259) = 1.685435 */
	T_CHECK(NEAR(k.cp, 1.68, 0.01));
	T_CHECK(NEAR(k.cp, 1.685435, 1e-6));
	/* Cpk: the mean is 0.001 above nominal, 0.049 from the USL:
	 * 0.049 / (3 * 0.023 / 2.3259) = 1.651726 */
	T_CHECK(NEAR(k.cpk, 1.651726, 1e-6));
	/* 75 values at the mean and 50 at +/- 0.0115: s^2 = 50 * 0.0115^2
	 * / 124, s = 0.00730255, Pp = 0.10 / (6 s) = 2.282314 */
	T_CHECK(NEAR(k.sigma_overall, sqrt(50 * 0.0115 * 0.0115 / 124), 1e-9));
	T_CHECK(NEAR(k.pp, 2.282314, 1e-5));
	T_CHECK(k.values == 125 && k.subgroups == 25);
	T_CHECK(k.flags == 0);
	mes_spc_violations_free(&v);
	mes_spc_chart_free(&c);
}

/* x = 10 12 11 13 9: mean 11, moving ranges 2 1 2 4, MR-bar 2.25. */
static const double imr5[] = { 10, 12, 11, 13, 9 };

static void test_imr(void)
{
	struct mes_spc_data d = { .type = MES_SPC_IMR, .points = 5,
	                          .size = 1, .x = imr5 };
	struct mes_spc_chart c;
	double sw = 2.25 / 1.1284;  /* d2(2) = 1.1284: 1.993974 */

	T_CASE("imr: hand-computed individuals and moving ranges");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK_STR(c.s[0].name, "x");
	T_CHECK_STR(c.s[1].name, "mr");
	T_CHECK(NEAR(c.s[0].cl, 11, 1e-12));
	T_CHECK(NEAR(c.sigma_within, sw, 1e-12));
	T_CHECK(NEAR(c.s[0].ucl[0], 16.981921, 1e-6));
	T_CHECK(NEAR(c.s[0].lcl[0], 5.018079, 1e-6));
	T_CHECK(NEAR(c.s[1].cl, 2.25, 1e-12));
	T_CHECK(NEAR(c.s[1].ucl[0], 3.267 * 2.25, 1e-12));
	T_CHECK(c.s[1].lcl[0] == 0);
	T_CHECK(isnan(c.s[1].x[0]));
	T_CHECK(NEAR(c.s[1].x[4], 4, 1e-12));
	mes_spc_chart_free(&c);
}

/* Montgomery Example 7.1: nonconforming cans in 30 samples of 50. */
static const double oj[] = {
	12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
	8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6,
};
static double oj_n[30];

static void test_p_orange_juice(void)
{
	struct mes_spc_data d = { .type = MES_SPC_P, .points = 30,
	                          .count = oj, .n = oj_n };
	struct mes_spc_chart c;
	struct mes_spc_violations v = { 0, NULL };
	int i;

	for (i = 0; i < 30; i++)
		oj_n[i] = 50;
	T_CASE("p: Montgomery's orange juice cans (Example 7.1)");
	T_CHECK(chart_all(&d, &c) == 0);
	/* p-bar = 347 / 1500 = 0.2313, UCL 0.4102, LCL 0.0524 */
	T_CHECK(NEAR(c.s[0].cl, 347.0 / 1500, 1e-12));
	T_CHECK(NEAR(c.s[0].ucl[0], 0.4102, 0.00005));
	T_CHECK(NEAR(c.s[0].lcl[0], 0.0524, 0.00005));
	T_CHECK(!c.varying);
	/* Samples 15 and 23 are above the UCL, as the book finds. */
	T_CHECK_RC(mes_spc_rules_check(&c, MES_SPC_RULE(MES_SPC_WE1), &v),
	           MES_OK);
	T_CHECK(v.count == 2);
	T_CHECK(v.count == 2 && v.v[0].point == 14 && v.v[1].point == 22);
	mes_spc_violations_free(&v);
	mes_spc_chart_free(&c);
}

/* Montgomery Example 7.3: nonconformities on 26 samples of 100 boards. */
static const double pcb[] = {
	21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16,
	19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15,
};

static void test_c_circuit_boards(void)
{
	struct mes_spc_data d = { .type = MES_SPC_C, .points = 26,
	                          .count = pcb };
	struct mes_spc_chart c;
	struct mes_spc_violations v = { 0, NULL };

	T_CASE("c: Montgomery's printed circuit boards (Example 7.3)");
	T_CHECK(chart_all(&d, &c) == 0);
	/* c-bar = 516 / 26 = 19.85, UCL 33.22, LCL 6.48 */
	T_CHECK(NEAR(c.s[0].cl, 19.85, 0.005));
	T_CHECK(NEAR(c.s[0].ucl[0], 33.22, 0.011));
	T_CHECK(NEAR(c.s[0].lcl[0], 6.48, 0.005));
	/* Samples 6 and 20 fall outside, as the book finds. */
	T_CHECK_RC(mes_spc_rules_check(&c, MES_SPC_RULE(MES_SPC_N1), &v),
	           MES_OK);
	T_CHECK(v.count == 2 && v.v[0].point == 5 && v.v[1].point == 19);
	mes_spc_violations_free(&v);
	mes_spc_chart_free(&c);
}

static void test_varying_samples(void)
{
	/* p-bar = 20 / 400 = 0.05 */
	static const double cnt[] = { 2, 6, 3, 9 }, n[] = { 50, 100, 50, 200 };
	/* u-bar = 20 / 10 = 2 */
	static const double ucnt[] = { 4, 10, 6 }, units[] = { 2, 4, 4 };
	struct mes_spc_data d = { .type = MES_SPC_P, .points = 4,
	                          .count = cnt, .n = n };
	struct mes_spc_data u = { .type = MES_SPC_U, .points = 3,
	                          .count = ucnt, .n = units };
	struct mes_spc_chart c;

	T_CASE("p: varying sample sizes get limits per point");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK(c.varying);
	T_CHECK(NEAR(c.s[0].cl, 0.05, 1e-12));
	/* n = 50: sigma = sqrt(0.05 * 0.95 / 50) = 0.0308221 */
	T_CHECK(NEAR(c.s[0].ucl[0], 0.1424662, 1e-6));
	T_CHECK(c.s[0].lcl[0] == 0);
	/* n = 100: sigma = 0.0217945 */
	T_CHECK(NEAR(c.s[0].ucl[1], 0.1153835, 1e-6));
	/* n = 200: sigma = 0.0154110, LCL above 0 */
	T_CHECK(NEAR(c.s[0].ucl[3], 0.0962330, 1e-6));
	T_CHECK(NEAR(c.s[0].lcl[3], 0.0037670, 1e-6));
	T_CHECK(NEAR(c.s[0].x[3], 0.045, 1e-12));
	T_CHECK(NEAR(c.s[0].sigma[2], sqrt(0.05 * 0.95 / 50), 1e-12));
	mes_spc_chart_free(&c);

	T_CASE("u: varying units get limits per point");
	T_CHECK(chart_all(&u, &c) == 0);
	T_CHECK(c.varying && NEAR(c.s[0].cl, 2, 1e-12));
	/* 2 units: sigma 1, UCL 5; 4 units: sigma 0.707107, UCL 4.121320 */
	T_CHECK(NEAR(c.s[0].ucl[0], 5, 1e-12) && c.s[0].lcl[0] == 0);
	T_CHECK(NEAR(c.s[0].ucl[1], 4.121320, 1e-6));
	T_CHECK(NEAR(c.s[0].x[1], 2.5, 1e-12));
	mes_spc_chart_free(&c);
}

static void test_np(void)
{
	static const double cnt[] = { 3, 5, 4, 8 }, n[] = { 100, 100, 100, 100 };
	static const double n2[] = { 100, 100, 80, 100 };
	static const double over[] = { 3, 101, 4, 8 };
	static const int lines[] = { 3, 4, 7, 9 };
	struct mes_spc_data d = { .type = MES_SPC_NP, .points = 4,
	                          .count = cnt, .n = n };
	struct mes_spc_chart c;
	struct mes_spc_base b;
	char err[256] = "";

	T_CASE("np: centre n p-bar, limits n p-bar +/- 3 sqrt(n p-bar (1-p-bar))");
	T_CHECK(chart_all(&d, &c) == 0);
	/* p-bar = 20 / 400 = 0.05; np-bar = 5; sigma sqrt(4.75) = 2.179449 */
	T_CHECK(NEAR(c.s[0].cl, 5, 1e-12));
	T_CHECK(NEAR(c.s[0].ucl[0], 5 + 3 * sqrt(4.75), 1e-12));
	T_CHECK(c.s[0].lcl[0] == 0);
	T_CHECK(c.base.size == 100);
	mes_spc_chart_free(&c);

	T_CASE("np: a second sample size is refused, naming the line");
	d.n = n2;
	d.line = lines;
	T_CHECK_RC(mes_spc_baseline(&d, 0, 4, &b, err, sizeof err), MES_ERR_ARG);
	T_CHECK_HAS(err, "line 7");
	T_CHECK_HAS(err, "p chart");
	/* Outside the baseline it is the chart that refuses. */
	T_CHECK_RC(mes_spc_baseline(&d, 0, 2, &b, err, sizeof err), MES_OK);
	T_CHECK_RC(mes_spc_chart_build(&d, &b, &c, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_HAS(err, "line 7");

	T_CASE("np: more defectives than items is refused");
	d.n = n;
	d.count = over;
	T_CHECK_RC(mes_spc_baseline(&d, 0, 4, &b, err, sizeof err), MES_ERR_ARG);
	T_CHECK_HAS(err, "point 2 (line 4)");
}

static void test_baseline(void)
{
	/* Baseline 10 12 11 13 (mean 11.5, MR-bar 5/3), then a jump. */
	static const double x[] = { 10, 12, 11, 13, 30, 11 };
	struct mes_spc_data d = { .type = MES_SPC_IMR, .points = 6,
	                          .size = 1, .x = x };
	struct mes_spc_data later = d;
	struct mes_spc_base b;
	struct mes_spc_chart c;
	struct mes_spc_violations v = { 0, NULL };
	char err[256] = "";

	T_CASE("baseline: limits come from the chosen range only");
	T_CHECK_RC(mes_spc_baseline(&d, 0, 4, &b, err, sizeof err), MES_OK);
	T_CHECK(NEAR(b.center, 11.5, 1e-12) && NEAR(b.spread, 5.0 / 3, 1e-12));
	T_CHECK_RC(mes_spc_chart_build(&d, &b, &c, err, sizeof err), MES_OK);
	T_CHECK(NEAR(c.s[0].ucl[5], 11.5 + 3 * (5.0 / 3) / 1.1284, 1e-9));
	T_CHECK_RC(mes_spc_rules_check(&c, MES_SPC_RULE(MES_SPC_WE1), &v),
	           MES_OK);
	/* Point 5 (index 4) on X; its moving ranges 17 and 19 on MR. */
	T_CHECK(v.count == 3);
	T_CHECK(v.count == 3 && v.v[0].point == 4 && v.v[0].series == 0 &&
	        v.v[1].point == 4 && v.v[1].series == 1 &&
	        v.v[2].point == 5 && v.v[2].series == 1);
	mes_spc_violations_free(&v);
	mes_spc_chart_free(&c);

	T_CASE("baseline: a frozen baseline applies to other data");
	later.x = x + 2;
	later.points = 4;
	T_CHECK_RC(mes_spc_chart_build(&later, &b, &c, err, sizeof err), MES_OK);
	T_CHECK(NEAR(c.s[0].cl, 11.5, 1e-12) && c.points == 4);
	mes_spc_chart_free(&c);
	b.type = MES_SPC_XBAR_R;
	T_CHECK_RC(mes_spc_chart_build(&later, &b, &c, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_HAS(err, "does not fit");

	T_CASE("baseline: ranges outside the data or of 1 point are refused");
	T_CHECK_RC(mes_spc_baseline(&d, 0, 7, &b, err, sizeof err),
	           MES_ERR_RANGE);
	T_CHECK_HAS(err, "1:6");
	T_CHECK_RC(mes_spc_baseline(&d, 3, 4, &b, err, sizeof err),
	           MES_ERR_RANGE);
	T_CHECK_RC(mes_spc_baseline(&d, -1, 3, &b, err, sizeof err),
	           MES_ERR_RANGE);
	d.size = 2;
	T_CHECK_RC(mes_spc_baseline(&d, 0, 3, &b, err, sizeof err), MES_ERR_ARG);
	d.type = MES_SPC_XBAR_R;
	d.size = 26;
	T_CHECK_RC(mes_spc_baseline(&d, 0, 3, &b, err, sizeof err),
	           MES_ERR_RANGE);
}


/* ---- capability --------------------------------------------------------- */

static void test_capability(void)
{
	struct mes_spc_data d = { .type = MES_SPC_IMR, .points = 5,
	                          .size = 1, .x = imr5 };
	struct mes_spc_data p = { .type = MES_SPC_C, .points = 26,
	                          .count = pcb };
	struct mes_spc_chart c, pc;
	struct mes_spc_capability k;
	char err[256] = "";

	T_CASE("capability: hand-computed individuals, LSL 5, USL 17");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK_RC(mes_spc_capability(&d, &c, 5, 17, 0, &k, err, sizeof err),
	           MES_OK);
	/* sigma within 2.25/1.1284 = 1.993974: Cp = 12 / 11.963842 */
	T_CHECK(NEAR(k.cp, 1.003022, 1e-6));
	T_CHECK(NEAR(k.cpk, 1.003022, 1e-6));
	T_CHECK(NEAR(k.cpl, k.cpu, 1e-12));
	/* deviations -1 1 0 2 -2: s = sqrt(10 / 4) = 1.581139 */
	T_CHECK(NEAR(k.sigma_overall, 1.581139, 1e-6));
	T_CHECK(NEAR(k.pp, 1.264911, 1e-6));
	T_CHECK(NEAR(k.ppk, 1.264911, 1e-6));
	T_CHECK(k.values == 5 && k.subgroups == 5);
	T_CHECK(k.flags == MES_SPC_CAP_FEW);

	T_CASE("capability: one-sided specification, off-centre mean");
	T_CHECK_RC(mes_spc_capability(&d, &c, NAN, 14, 1, &k, err, sizeof err),
	           MES_OK);
	T_CHECK(isnan(k.cp) && isnan(k.pp) && isnan(k.cpl));
	/* (14 - 11) / (3 * 1.993974) = 0.501511 */
	T_CHECK(NEAR(k.cpk, 0.501511, 1e-6) && NEAR(k.cpu, k.cpk, 1e-12));
	T_CHECK(NEAR(k.ppk, 3 / (3 * 1.581139), 1e-6));
	T_CHECK(k.flags == (MES_SPC_CAP_FEW | MES_SPC_CAP_NOT_IN_CONTROL));
	T_CHECK_RC(mes_spc_capability(&d, &c, 12, NAN, 0, &k, err, sizeof err),
	           MES_OK);
	T_CHECK(k.cpk < 0);  /* mean below the LSL */

	T_CASE("capability: bad specifications and attribute charts");
	T_CHECK_RC(mes_spc_capability(&d, &c, NAN, NAN, 0, &k, err,
	                              sizeof err), MES_ERR_ARG);
	T_CHECK_RC(mes_spc_capability(&d, &c, 17, 5, 0, &k, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_HAS(err, "not below");
	T_CHECK(chart_all(&p, &pc) == 0);
	T_CHECK_RC(mes_spc_capability(&p, &pc, 0, 40, 0, &k, err, sizeof err),
	           MES_ERR_ARG);
	mes_spc_chart_free(&pc);
	mes_spc_chart_free(&c);
}

static void test_capability_threshold(void)
{
	static double x[25 * 4];
	struct mes_spc_data d = { .type = MES_SPC_XBAR_R, .points = 25,
	                          .size = 4, .x = x };
	struct mes_spc_chart c;
	struct mes_spc_capability k;
	int i;

	for (i = 0; i < 100; i++)
		x[i] = 10 + (i * 7 % 11) * 0.1;
	T_CASE("capability: 25 subgroups of 4 are enough, 24 or of 3 are not");
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK_RC(mes_spc_capability(&d, &c, 9, 12, 0, &k, NULL, 0), MES_OK);
	T_CHECK(!(k.flags & MES_SPC_CAP_FEW) && k.values == 100);
	mes_spc_chart_free(&c);
	d.points = 24;
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK_RC(mes_spc_capability(&d, &c, 9, 12, 0, &k, NULL, 0), MES_OK);
	T_CHECK(k.flags & MES_SPC_CAP_FEW);
	mes_spc_chart_free(&c);
	d.points = 25;
	d.size = 3;
	T_CHECK(chart_all(&d, &c) == 0);
	T_CHECK_RC(mes_spc_capability(&d, &c, 9, 12, 0, &k, NULL, 0), MES_OK);
	T_CHECK((k.flags & MES_SPC_CAP_FEW) && k.values == 75);
	mes_spc_chart_free(&c);
}


int main(void)
{
	test_constants();
	test_xbar_r();
	test_xbar_s();
	test_piston_rings();
	test_imr();
	test_p_orange_juice();
	test_c_circuit_boards();
	test_varying_samples();
	test_np();
	test_baseline();
	test_capability();
	test_capability_threshold();
	return t_report("test_spc");
}
