/*
 * SPC input: the CSV reader (comments, blank lines, CRLF, each chart
 * type's columns, and errors that name their line and field) and the
 * chart type names.
 */
#include "mes.h"
#include "spc.h"
#include "testhelp.h"

/* ---- the CSV reader ----------------------------------------------------- */

static int csv(const char *text, enum mes_spc_type t, int size,
               struct mes_spc_data *d, char *err, size_t n)
{
	return mes_spc_csv_parse(text, strlen(text), t, size, d, err, n);
}

static void test_csv_good(void)
{
	struct mes_spc_data d;
	char err[256] = "";

	T_CASE("csv: subgroups with comments, blank lines, CRLF, spaces");
	T_CHECK_RC(csv("# diameter\n74.030, 74.002,74.019\r\n\n  # x\n"
	               "1,2,3 # late\n-1e-3,+2,3.5\n", MES_SPC_XBAR_R, 0, &d,
	               err, sizeof err), MES_OK);
	T_CHECK(d.points == 3 && d.size == 3);
	T_CHECK(d.x[1] == 74.002 && d.x[6] == -0.001 && d.x[8] == 3.5);
	T_CHECK(d.line[0] == 2 && d.line[1] == 5 && d.line[2] == 6);
	mes_spc_data_free(&d);

	T_CASE("csv: imr, c, p with and without a sample size, u");
	T_CHECK_RC(csv("1.5\n2\n", MES_SPC_IMR, 0, &d, err, sizeof err), MES_OK);
	T_CHECK(d.points == 2 && d.size == 1 && d.x[1] == 2);
	mes_spc_data_free(&d);
	T_CHECK_RC(csv("3\n0\n", MES_SPC_C, 0, &d, err, sizeof err), MES_OK);
	T_CHECK(d.points == 2 && d.count[0] == 3 && d.size == 0 && !d.n);
	mes_spc_data_free(&d);
	T_CHECK_RC(csv("3,50\n4\n", MES_SPC_P, 80, &d, err, sizeof err),
	           MES_OK);
	T_CHECK(d.n[0] == 50 && d.n[1] == 80 && d.count[1] == 4);
	mes_spc_data_free(&d);
	T_CHECK_RC(csv("3,2.5\n", MES_SPC_U, 0, &d, err, sizeof err), MES_OK);
	T_CHECK(d.n[0] == 2.5);
	mes_spc_data_free(&d);
}

static void test_csv_errors(void)
{
	struct mes_spc_data d;
	char err[256] = "";

	T_CASE("csv: a bad number names its line and field");
	T_CHECK_RC(csv("1,2,3\n# c\n\n4,5x,6\n", MES_SPC_XBAR_R, 0, &d, err,
	               sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 4, field 2");
	T_CHECK_HAS(err, "\"5x\"");
	T_CHECK(d.points == 0 && d.buf == NULL);
	T_CHECK_RC(csv("1,,3\n", MES_SPC_XBAR_S, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 1, field 2: value is empty");
	T_CHECK_RC(csv("1\nnan\n", MES_SPC_IMR, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 2, field 1");
	T_CHECK_RC(csv("inf\n", MES_SPC_IMR, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_RC(csv("0x10\n", MES_SPC_IMR, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_RC(csv("1e999\n", MES_SPC_IMR, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_RC(mes_spc_csv_parse("1,2\0,3\n", 7, MES_SPC_XBAR_R, 0, &d,
	                             err, sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 1, field 2: value holds the byte 0x00");
	T_CHECK_RC(csv("1\n2\n3333333333333333333333333333333333333333333333333"
	               "33333333333333333333\n", MES_SPC_IMR, 0, &d, err,
	               sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 3, field 1: value \"33333333333333333333...\" is"
	            " too long");

	T_CASE("csv: subgroups of the wrong size name both lines");
	T_CHECK_RC(csv("\n1,2,3\n4,5\n", MES_SPC_XBAR_R, 0, &d, err,
	               sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 3: 2 values, but line 2 has 3");
	T_CHECK_RC(csv("1,2,3\n", MES_SPC_XBAR_R, 4, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "subgroup size is 4");
	T_CHECK_RC(csv("7\n", MES_SPC_XBAR_R, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "imr");
	T_CHECK_RC(csv("1\n2,3\n", MES_SPC_IMR, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 2: 2 values");
	T_CHECK_RC(csv("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,"
	               "21,22,23,24,25,26,27,28\n", MES_SPC_XBAR_S, 0, &d, err,
	               sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "28 values");
	T_CHECK_RC(csv("1,2\n", MES_SPC_XBAR_R, 30, &d, err, sizeof err),
	           MES_ERR_RANGE);

	T_CASE("csv: counts and sample sizes are checked");
	T_CHECK_RC(csv("3,50\n60,50\n", MES_SPC_P, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 2: count 60 is more than the sample size 50");
	T_CHECK_RC(csv("-2\n", MES_SPC_C, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "line 1, field 1: count -2");
	T_CHECK_RC(csv("2.5,10\n", MES_SPC_NP, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "whole number");
	T_CHECK_RC(csv("2,0\n", MES_SPC_P, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "field 2: sample size 0");
	T_CHECK_RC(csv("2,0\n", MES_SPC_U, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "units");
	T_CHECK_RC(csv("2\n", MES_SPC_P, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "count,sample_size");
	T_CHECK_RC(csv("2,5\n", MES_SPC_C, 0, &d, err, sizeof err),
	           MES_ERR_SYNTAX);

	T_CASE("csv: no data at all");
	T_CHECK_RC(csv("# nothing\n\n", MES_SPC_IMR, 0, &d, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_HAS(err, "no data");
	T_CHECK_RC(mes_spc_csv_parse("", 0, MES_SPC_C, 0, &d, NULL, 0),
	           MES_ERR_ARG);
}

static void test_names(void)
{
	enum mes_spc_type t;

	T_CASE("types: names both ways");
	T_CHECK_RC(mes_spc_type_parse("XBAR-S", &t), MES_OK);
	T_CHECK(t == MES_SPC_XBAR_S);
	T_CHECK_STR(mes_spc_type_name(MES_SPC_NP), "np");
	T_CHECK_RC(mes_spc_type_parse("xbar", &t), MES_ERR_ARG);
	T_CHECK(mes_spc_type_is_variables(MES_SPC_IMR));
	T_CHECK(!mes_spc_type_is_variables(MES_SPC_U));
}

int main(void)
{
	test_csv_good();
	test_csv_errors();
	test_names();
	return t_report("test_spc_csv");
}
