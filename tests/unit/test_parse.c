/* One strict reading of numbers, dates, times and travelers, for every
 * program: each rule refuses the wrong thing and takes the right one. */
#include <string.h>
#include "mes.h"
#include "testhelp.h"

static int num_ok(const char *s, double min, double max, double want)
{
	char err[128];
	double v = -12345;

	return mes_parse_num(s, min, max, &v, err, sizeof err) == MES_OK &&
	       v == want;
}

static int num_rc(const char *s, double min, double max)
{
	char err[128];
	double v;

	return mes_parse_num(s, min, max, &v, err, sizeof err);
}

static int int_rc(const char *s, long long min, long long max)
{
	char err[128];
	long long v;

	return mes_parse_int(s, min, max, &v, err, sizeof err);
}

int main(void)
{
	char err[128], wo[33];
	long long v = 0;
	int seq = 0;

	T_CASE("whole numbers: base 10, the whole string, in range");
	T_CHECK(mes_parse_int("20", 1, 99, &v, err, sizeof err) == MES_OK &&
	        v == 20);
	T_CHECK(mes_parse_int("-5", -10, 10, &v, err, sizeof err) == MES_OK &&
	        v == -5);
	T_CHECK(int_rc("0x10", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(int_rc("010x", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(int_rc(" 5", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(int_rc("5 ", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(int_rc("", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(int_rc("-", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(int_rc("1.5", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(int_rc("101", 0, 100) == MES_ERR_RANGE);
	T_CHECK(mes_parse_int("99999999999999999999999", 0, 1000000000, &v, err,
	                      sizeof err) == MES_ERR_RANGE);
	T_CHECK_HAS(err, "out of range (0 to 1000000000)");
	T_CHECK(int_rc("-99999999999999999999999", -5, 5) == MES_ERR_RANGE);
	T_CHECK(mes_parse_int(NULL, 0, 1, &v, err, sizeof err) == MES_ERR_ARG);

	T_CASE("numbers: finite decimals only, never hex, inf, nan or dust");
	T_CHECK(num_ok("2.5", 0, 10, 2.5));
	T_CHECK(num_ok("-0.25", -1, 1, -0.25));
	T_CHECK(num_ok("1e3", 0, 1e4, 1000));
	T_CHECK(num_ok(".5", 0, 1, 0.5));
	T_CHECK(num_ok("0", 0, 1, 0));
	T_CHECK(num_rc("nan", -1e9, 1e9) == MES_ERR_SYNTAX);
	T_CHECK(num_rc("inf", -1e9, 1e9) == MES_ERR_SYNTAX);
	T_CHECK(num_rc("-infinity", -1e9, 1e9) == MES_ERR_SYNTAX);
	T_CHECK(num_rc("0x10", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(num_rc("1e309", 0, 1e300) == MES_ERR_RANGE);
	T_CHECK(num_rc("1e-320", 0, 1) == MES_ERR_RANGE);
	T_CHECK(num_rc("-5", 0, 86400) == MES_ERR_RANGE);
	T_CHECK(num_rc("5.", 0, 10) == MES_OK);
	T_CHECK(num_rc(".", 0, 10) == MES_ERR_SYNTAX);
	T_CHECK(num_rc("1e", 0, 10) == MES_ERR_SYNTAX);
	T_CHECK(num_rc("12abc", 0, 100) == MES_ERR_SYNTAX);
	T_CHECK(num_rc("1,5", 0, 10) == MES_ERR_SYNTAX);

	T_CASE("dates: real calendar days only");
	T_CHECK(mes_valid_date("2028-02-29"));
	T_CHECK(!mes_valid_date("2029-02-29"));
	T_CHECK(!mes_valid_date("2029-02-30"));
	T_CHECK(!mes_valid_date("2026-04-31"));
	T_CHECK(mes_valid_date("2000-02-29"));
	T_CHECK(!mes_valid_date("1900-02-29"));
	T_CHECK(!mes_valid_date("2026-13-01"));
	T_CHECK(!mes_valid_date("2026-1-01"));
	T_CHECK(!mes_valid_date("2026-01-01x"));
	T_CHECK(!mes_valid_date(NULL));

	T_CASE("times: real hours and minutes, optional seconds and zone");
	T_CHECK(mes_valid_datetime("2026-11-26T14:00"));
	T_CHECK(mes_valid_datetime("2026-11-26T23:59:59.999Z"));
	T_CHECK(mes_valid_datetime("2026-11-26"));
	T_CHECK(!mes_valid_datetime("2029-02-03T25:99"));
	T_CHECK(!mes_valid_datetime("2026-11-26T24:00"));
	T_CHECK(!mes_valid_datetime("2026-11-26T12:60"));
	T_CHECK(!mes_valid_datetime("2026-11-26T12:00:61"));
	T_CHECK(!mes_valid_datetime("2026-02-30T12:00"));
	T_CHECK(!mes_valid_datetime("2026-11-26T12"));
	T_CHECK(!mes_valid_datetime("2026-11-26T12:00+01"));

	T_CASE("travelers: '/', '*' or a blank, an operation 1 to 99999");
	T_CHECK(mes_traveler_parse("WO-1001/20", wo, sizeof wo, &seq) == MES_OK
	        && !strcmp(wo, "WO-1001") && seq == 20);
	T_CHECK(mes_traveler_parse("WO-1001*20", wo, sizeof wo, &seq) == MES_OK
	        && !strcmp(wo, "WO-1001") && seq == 20);
	T_CHECK(mes_traveler_parse("WO-1001 20", wo, sizeof wo, &seq) == MES_OK
	        && seq == 20);
	T_CHECK(mes_traveler_parse("A/B/30", wo, sizeof wo, &seq) == MES_OK &&
	        !strcmp(wo, "A/B") && seq == 30);
	T_CHECK(mes_traveler_parse("WO-1001/0", wo, sizeof wo, &seq) ==
	        MES_ERR_SYNTAX);
	T_CHECK(mes_traveler_parse("WO-1001/4294967316", wo, sizeof wo, &seq)
	        == MES_ERR_SYNTAX);
	T_CHECK(mes_traveler_parse("WO-1001/0x10", wo, sizeof wo, &seq) ==
	        MES_ERR_SYNTAX);
	T_CHECK(mes_traveler_parse("/20", wo, sizeof wo, &seq) ==
	        MES_ERR_SYNTAX);
	T_CHECK(mes_traveler_parse("WO-1001", wo, sizeof wo, &seq) ==
	        MES_ERR_SYNTAX);
	T_CHECK(mes_traveler_parse("WO-1001/20", wo, 4, &seq) ==
	        MES_ERR_SYNTAX);
	T_CHECK(mes_traveler_parse(NULL, wo, sizeof wo, &seq) == MES_ERR_ARG);

	return t_report("test_parse");
}
