/*
 * GS1 element strings: tables of input => expected elements or error,
 * then the derived fields, the formatter, the API edges and a fuzz loop.
 * Dates are checked against a pinned reference year so the century window
 * does not move under the tests.
 */
#include <stdint.h>
#include "mes.h"
#include "gs1.h"
#include "testhelp.h"

#define GS "\x1d"
#define GTIN "09521234543213"     /* check digit 3 */
#define SSCC "009521234000000017"
#define REF_YEAR 2025

enum { S = MES_GS1_SCAN, N = MES_GS1_SCAN_NO_AIM, B = MES_GS1_BRACKETED };

static int parse(int form, const char *in, size_t len, struct mes_gs1_msg *m,
                 char *err, size_t errlen)
{
	struct mes_gs1_opts o = { (enum mes_gs1_form)form, 0, REF_YEAR };

	return mes_gs1_parse(in, len, &o, m, err, errlen);
}

/* ---- valid strings: the result written back in bracketed form ----------- */

struct ok_case {
	const char *what;
	int form;
	const char *in;
	const char *want;
};

static const struct ok_case ok_cases[] = {
	{ "GS1-128 GTIN, lot, expiry", S,
	  "]C1" "01" GTIN "10ABC123" GS "17251231",
	  "(01)" GTIN "(10)ABC123(17)251231" },
	{ "dropped GS: expiry swallowed into the lot", S,
	  "]C1" "01" GTIN "10ABC123" "17251231",
	  "(01)" GTIN "(10)ABC12317251231" },
	{ "SSCC alone", S, "]C1" "00" SSCC, "(00)" SSCC },
	{ "DataMatrix, variable AI last needs no GS", S,
	  "]d2" "01" GTIN "17260630" "10LOT-7",
	  "(01)" GTIN "(17)260630(10)LOT-7" },
	{ "QR, serial", S, "]Q3" "01" GTIN "21SN0001",
	  "(01)" GTIN "(21)SN0001" },
	{ "DataBar, net weight", S, "]e0" "01" GTIN "3103000500",
	  "(01)" GTIN "(3103)000500" },
	{ "DotCode", S, "]J1" "01" GTIN "10A", "(01)" GTIN "(10)A" },
	{ "no AIM identifier", N, "01" GTIN "10ABC", "(01)" GTIN "(10)ABC" },
	{ "trailing GS tolerated", S, "]C1" "01" GTIN "10ABC" GS,
	  "(01)" GTIN "(10)ABC" },
	{ "GS after a predefined-length AI", S, "]C1" "01" GTIN GS "10ABC",
	  "(01)" GTIN "(10)ABC" },
	{ "bracketed", B, "(01)" GTIN "(10)ABC123(17)251231",
	  "(01)" GTIN "(10)ABC123(17)251231" },
	{ "bracketed, escaped parenthesis", B, "(01)" GTIN "(10)AB\\(C",
	  "(01)" GTIN "(10)AB\\(C" },
	{ "SSCC, content, count, lot, best before", S,
	  "]C1" "00" SSCC "02" "19521234543210" "3712" GS "10LOT1" GS
	  "15260100",
	  "(00)" SSCC "(02)19521234543210(37)12(10)LOT1(15)260100" },
	{ "best before with DD=00", S, "]C1" "01" GTIN "15251200",
	  "(01)" GTIN "(15)251200" },
	{ "production, packaging, sell-by, leap-day expiry", S,
	  "]C1" "01" GTIN "11250101" "13250102" "16250201" "17240229",
	  "(01)" GTIN "(11)250101(13)250102(16)250201(17)240229" },
	{ "net weight lb", B, "(01)" GTIN "(3202)001250",
	  "(01)" GTIN "(3202)001250" },
	{ "net weight kg, 0 decimals", B, "(01)" GTIN "(3100)000042",
	  "(01)" GTIN "(3100)000042" },
	{ "net weight kg, 5 decimals", B, "(01)" GTIN "(3105)123456",
	  "(01)" GTIN "(3105)123456" },
	{ "311n-316n measures", B,
	  "(01)" GTIN "(3111)000150(3121)000200(3131)000300(3141)000400"
	  "(3151)000500(3161)000600",
	  "(01)" GTIN "(3111)000150(3121)000200(3131)000300(3141)000400"
	  "(3151)000500(3161)000600" },
	{ "logistic gross weight with SSCC", B, "(00)" SSCC "(3300)000120",
	  "(00)" SSCC "(3300)000120" },
	{ "kg per square metre", B, "(01)" GTIN "(3370)000001",
	  "(01)" GTIN "(3370)000001" },
	{ "340n and 350n", B, "(01)" GTIN "(3400)000100(3500)000200",
	  "(01)" GTIN "(3400)000100(3500)000200" },
	{ "356n-369n", B,
	  "(01)" GTIN "(3560)000001(3600)000002(3650)000003(3690)000004",
	  "(01)" GTIN "(3560)000001(3600)000002(3650)000003(3690)000004" },
	{ "variable count", B, "(01)" GTIN "(30)25", "(01)" GTIN "(30)25" },
	{ "count of trade items in SSCC", B,
	  "(00)" SSCC "(02)19521234543210(37)100",
	  "(00)" SSCC "(02)19521234543210(37)100" },
	{ "order number alone", B, "(400)PO-4711", "(400)PO-4711" },
	{ "GINC", B, "(401)9521234ABC", "(401)9521234ABC" },
	{ "GSIN", B, "(402)95212340000000006", "(402)95212340000000006" },
	{ "GLNs 410-414, 416, 417", B,
	  "(410)9521234500001(411)9521234500018(412)9521234500025"
	  "(413)9521234500032(414)9521234500049(416)9521234500063"
	  "(417)9521234500070",
	  "(410)9521234500001(411)9521234500018(412)9521234500025"
	  "(413)9521234500032(414)9521234500049(416)9521234500063"
	  "(417)9521234500070" },
	{ "pay-to GLN with payment slip reference", B,
	  "(415)9521234500056(8020)INV-2025-001",
	  "(415)9521234500056(8020)INV-2025-001" },
	{ "pay-to GLN and reference as scanned", S,
	  "]C1" "4159521234500056" "8020INV1", "(415)9521234500056(8020)INV1" },
	{ "expiry date and time", B, "(01)" GTIN "(7003)2512311430",
	  "(01)" GTIN "(7003)2512311430" },
	{ "EAN-13 as GTIN", S, "]E0" "4006381333931", "(01)04006381333931" },
	{ "UPC-A as GTIN", S, "]E0" "0036000291452", "(01)00036000291452" },
	{ "EAN-8 as GTIN", S, "]E4" "95212340", "(01)00000095212340" },
	{ "GMN with check characters", B, "(8013)1987654Ad4X4bL5ttr2310c2K",
	  "(8013)1987654Ad4X4bL5ttr2310c2K" },
	{ "lot and serial", B, "(01)" GTIN "(10)ABC(21)123",
	  "(01)" GTIN "(10)ABC(21)123" },
	{ "price with a measure", B, "(01)" GTIN "(3100)000100(3922)1999",
	  "(01)" GTIN "(3100)000100(3922)1999" },
	{ "price with ISO currency", B, "(01)" GTIN "(3100)000100(3932)9781999",
	  "(01)" GTIN "(3100)000100(3932)9781999" },
	{ "repeated AI with the same value", B, "(01)" GTIN "(10)X(10)X",
	  "(01)" GTIN "(10)X(10)X" },
	{ "production date and hour", B, "(01)" GTIN "(8008)25123114",
	  "(01)" GTIN "(8008)25123114" },
	{ "harvest date range", B, "(01)" GTIN "(7007)250101250105",
	  "(01)" GTIN "(7007)250101250105" },
	{ "lot of 20 characters, CSET 82 punctuation", S,
	  "]C1" "01" GTIN "10" "AZaz09!\"%&'()*+,-./:",
	  "(01)" GTIN "(10)AZaz09!\"%&'\\()*+,-./:" },
	{ "route with SSCC", B, "(00)" SSCC "(403)ROUTE1",
	  "(00)" SSCC "(403)ROUTE1" },
	{ "company internal", B, "(90)INTERNAL-1(91)ABC", "(90)INTERNAL-1(91)ABC" },
	{ "expiry last day of June via DD=00", B, "(01)" GTIN "(17)250600",
	  "(01)" GTIN "(17)250600" },
	{ "GSIN as scanned needs no GS at end", S, "]C1" "40295212340000000006",
	  "(402)95212340000000006" },
	{ "digital signature CSET 64 with padding", B,
	  "(00)" SSCC "(8030)AZaz09-_==", "(00)" SSCC "(8030)AZaz09-_==" },
	{ "CPID in CSET 39", B, "(8010)9521#-/AZ(8011)12",
	  "(8010)9521#-/AZ(8011)12" },
};

static void test_ok_table(void)
{
	size_t i;

	for (i = 0; i < sizeof ok_cases / sizeof *ok_cases; i++) {
		const struct ok_case *c = &ok_cases[i];
		struct mes_gs1_msg m;
		char err[256], out[512];
		int rc;

		T_CASE(c->what);
		rc = parse(c->form, c->in, strlen(c->in), &m, err, sizeof err);
		if (rc != MES_OK)
			fprintf(stderr, "  input %zu: %s\n", i, err);
		T_CHECK_RC(rc, MES_OK);
		T_CHECK_STR(err, "");
		T_CHECK_RC(mes_gs1_format(&m, MES_GS1_BRACKETED, out, sizeof out),
		           MES_OK);
		T_CHECK_STR(out, c->want);
	}
}

/* ---- invalid strings: the message must name the AI and the fault -------- */

struct bad_case {
	const char *what;
	int form;
	const char *in;
	size_t len;                 /* 0: strlen(in) */
	int rc;
	const char *err;            /* substring of the message */
	const char *err_ai;
};

#define X21 "ABCDEFGHIJKLMNOPQRSTU"
#define X100 "0123456789012345678901234567890123456789" \
             "0123456789012345678901234567890123456789" \
             "01234567890123456789"

static const struct bad_case bad_cases[] = {
	{ "scan without symbology identifier", S, "01" GTIN, 0, MES_ERR_SYNTAX,
	  "no symbology identifier", "" },
	{ "symbology identifier of plain Code 128", S, "]C0" "01" GTIN, 0,
	  MES_ERR_SYNTAX, "]C0 does not carry GS1", "" },
	{ "identifier only", S, "]C1", 0, MES_ERR_SYNTAX,
	  "no element strings after the symbology identifier", "" },
	{ "identifier cut short", S, "]C", 0, MES_ERR_SYNTAX, "cut short", "" },
	{ "identifier with control bytes", S, "]\x80\x81" "01", 0,
	  MES_ERR_SYNTAX, "bad symbology identifier: byte 0x80", "" },
	{ "empty scan", S, "", 0, MES_ERR_SYNTAX, "no symbology identifier",
	  "" },
	{ "empty without AIM", N, "", 0, MES_ERR_SYNTAX, "no element strings",
	  "" },
	{ "empty bracketed", B, "", 0, MES_ERR_SYNTAX, "no data", "" },
	{ "GTIN check digit", S, "]C1" "0109521234543214", 0, MES_ERR_SYNTAX,
	  "(01) check digit is 4, expected 3", "01" },
	{ "truncated GTIN", S, "]C1" "010952123454321", 0, MES_ERR_SYNTAX,
	  "(01) too short: 13 digits, needs 14", "01" },
	{ "GTIN cut by a GS", S, "]C1" "01095212" GS "10A", 0, MES_ERR_SYNTAX,
	  "(01) too short: 6 digits, needs 14", "01" },
	{ "lot of 21 characters", S, "]C1" "01" GTIN "10" X21, 0,
	  MES_ERR_SYNTAX, "(10) too long: 21 characters, at most 20", "10" },
	{ "lot of 100 characters", B, "(01)" GTIN "(10)" X100, 0,
	  MES_ERR_SYNTAX, "(10) too long: 100 characters", "10" },
	{ "space in lot", S, "]C1" "01" GTIN "10AB C", 0, MES_ERR_SYNTAX,
	  "(10) invalid character byte 0x20 at position 3: not in CSET 82",
	  "10" },
	{ "hash in lot", S, "]C1" "01" GTIN "10AB#C", 0, MES_ERR_SYNTAX,
	  "(10) invalid character '#' at position 3: not in CSET 82", "10" },
	{ "NUL byte in lot", S, "]C1" "01" GTIN "10AB\0C",
	  sizeof("]C1" "01" GTIN "10AB\0C") - 1, MES_ERR_SYNTAX,
	  "(10) invalid character byte 0x00 at position 3", "10" },
	{ "letter in GTIN", S, "]C1" "010952123454321A", 0, MES_ERR_SYNTAX,
	  "(01) non-digit 'A' at position 14", "01" },
	{ "lot alone", S, "]C1" "10ABC123", 0, MES_ERR_SYNTAX,
	  "(10) is only valid with (01), (02), (03), (8006) or (8026)", "10" },
	{ "GTIN with CONTENT", B, "(01)" GTIN "(02)19521234543210", 0,
	  MES_ERR_SYNTAX, "(01) and (02) cannot appear together", "02" },
	{ "GTIN with COUNT", B, "(01)" GTIN "(37)10", 0, MES_ERR_SYNTAX,
	  "(01) and (37) cannot appear together", "01" },
	{ "CONTENT without COUNT", B, "(02)19521234543210", 0, MES_ERR_SYNTAX,
	  "(02) is only valid with (37)", "02" },
	{ "COUNT without SSCC", B, "(02)19521234543210(37)10", 0,
	  MES_ERR_SYNTAX, "(37) is only valid with (00)", "37" },
	{ "day 32", B, "(01)" GTIN "(17)251232", 0, MES_ERR_SYNTAX,
	  "(17) invalid day 32", "17" },
	{ "month 13", B, "(01)" GTIN "(17)251301", 0, MES_ERR_SYNTAX,
	  "(17) invalid month 13", "17" },
	{ "29 February in a common year", B, "(01)" GTIN "(17)250229", 0,
	  MES_ERR_SYNTAX, "(2025-02 has 28 days)", "17" },
	{ "day 00 where GS1 does not allow it", B, "(01)" GTIN "(7006)250100",
	  0, MES_ERR_SYNTAX, "(7006) day 00 is not allowed", "7006" },
	{ "short date", B, "(01)" GTIN "(17)2512", 0, MES_ERR_SYNTAX,
	  "(17) too short: 4 digits, needs 6", "17" },
	{ "two GS in a row", S, "]C1" "01" GTIN GS GS "10A", 0,
	  MES_ERR_SYNTAX, "unexpected GS at byte 21", "" },
	{ "data ends inside an AI", S, "]C1" "01" GTIN "2", 0, MES_ERR_SYNTAX,
	  "data ends inside an AI", "" },
	{ "AI without data at the end", S, "]C1" "01" GTIN "99", 0,
	  MES_ERR_SYNTAX, "(99) has no data", "99" },
	{ "empty serial in brackets", B, "(01)" GTIN "(21)", 0, MES_ERR_SYNTAX,
	  "(21) has no data", "21" },
	{ "unknown AI", S, "]C1" "2312345", 0, MES_ERR_SYNTAX,
	  "(231) unknown AI", "231" },
	{ "unknown AI prefix", S, "]C1" "01" GTIN "2612", 0, MES_ERR_SYNTAX,
	  "none begins with 26", "26" },
	{ "letter where an AI belongs", S, "]C1" "01" GTIN "A", 0,
	  MES_ERR_SYNTAX, "expected an AI at byte 20, found 'A'", "" },
	{ "bracketed without (", B, "01)0952", 0, MES_ERR_SYNTAX,
	  "expected '(' at byte 1", "" },
	{ "bracketed one-digit AI", B, "(1)5", 0, MES_ERR_SYNTAX,
	  "expected an AI of 2 to 4 digits", "" },
	{ "bracketed five-digit AI", B, "(01234)5", 0, MES_ERR_SYNTAX,
	  "expected an AI of 2 to 4 digits", "" },
	{ "bracketed unknown AI", B, "(999)5", 0, MES_ERR_SYNTAX,
	  "(999) unknown AI", "999" },
	{ "bracketed unclosed AI", B, "(01)" GTIN "(10", 0, MES_ERR_SYNTAX,
	  "expected an AI of 2 to 4 digits and ')'", "" },
	{ "measure too short", B, "(01)" GTIN "(3202)1250", 0, MES_ERR_SYNTAX,
	  "(3202) too short: 4 digits, needs 6", "3202" },
	{ "measure too long", B, "(01)" GTIN "(3202)0012500", 0,
	  MES_ERR_SYNTAX, "(3202) too long: 7 digits, at most 6", "3202" },
	{ "repeated AI, other value", B, "(01)" GTIN "(10)ABC(10)ABD", 0,
	  MES_ERR_SYNTAX, "(10) appears twice with different values", "10" },
	{ "measure alone", B, "(3100)000100", 0, MES_ERR_SYNTAX,
	  "(3100) is only valid with (01) or (02)", "3100" },
	{ "two decimal positions of one measure", B,
	  "(01)" GTIN "(3100)000100(3101)000010", 0, MES_ERR_SYNTAX,
	  "(3100) and (3101) cannot appear together", "3100" },
	{ "payment reference without pay-to", B, "(8020)INV1", 0,
	  MES_ERR_SYNTAX, "(8020) is only valid with (415)", "8020" },
	{ "pay-to without reference", B, "(415)9521234500056", 0,
	  MES_ERR_SYNTAX, "(415) is only valid with (8020)", "415" },
	{ "GLN check digit", B, "(410)9521234500002", 0, MES_ERR_SYNTAX,
	  "(410) check digit is 2, expected 1", "410" },
	{ "SSCC check digit", B, "(00)009521234000000018", 0, MES_ERR_SYNTAX,
	  "(00) check digit is 8, expected 7", "00" },
	{ "GSIN check digit", B, "(402)95212340000000007", 0, MES_ERR_SYNTAX,
	  "(402) check digit is 7, expected 6", "402" },
	{ "expiry time 24:60", B, "(01)" GTIN "(7003)2512312460", 0,
	  MES_ERR_SYNTAX, "(7003) invalid time 2460", "7003" },
	{ "expiry time missing", B, "(01)" GTIN "(7003)25123114", 0,
	  MES_ERR_SYNTAX, "(7003) too short: 8 digits, needs 10", "7003" },
	{ "dropped GS after a fixed but not predefined AI", S,
	  "]C1" "01" GTIN "70032512311430" "10ABC", 0, MES_ERR_SYNTAX,
	  "(7003) too long: 15 characters, at most 10 (is the GS after it "
	  "missing?)", "7003" },
	{ "EAN-13 of 12 digits", S, "]E0" "400638133393", 0, MES_ERR_SYNTAX,
	  "(01) EAN-13/UPC-A must be 13 digits, got 12", "01" },
	{ "EAN-13 check digit", S, "]E0" "4006381333932", 0, MES_ERR_SYNTAX,
	  "(01) check digit is 2, expected 1", "01" },
	{ "GMN check characters", B, "(8013)1987654Ad4X4bL5ttr2310cXK", 0,
	  MES_ERR_SYNTAX, "(8013) check characters are XK, expected 2K",
	  "8013" },
	{ "yes/no flag", B, "(00)" SSCC "(4321)2", 0, MES_ERR_SYNTAX,
	  "(4321) flag must be 0 or 1", "4321" },
	{ "currency not digits", B, "(01)" GTIN "(3100)000100(3932)XYZ1999",
	  0, MES_ERR_SYNTAX, "(3932) non-digit 'X' at position 1", "3932" },
	{ "CSET 64 character", B, "(00)" SSCC "(8030)ABC$", 0, MES_ERR_SYNTAX,
	  "(8030) invalid character '$' at position 4: not in CSET 64", "8030" },
	{ "CSET 39 lower case", B, "(8010)9521abc(8011)1", 0, MES_ERR_SYNTAX,
	  "(8010) invalid character 'a' at position 5: not in CSET 39",
	  "8010" },
	{ "GINC without company prefix", B, "(401)95A", 0, MES_ERR_SYNTAX,
	  "(401) does not start with a GS1 Company Prefix", "401" },
	{ "leading zero where forbidden", B, "(8010)9521(8011)012", 0,
	  MES_ERR_SYNTAX, "(8011) must not start with 0", "8011" },
	{ "piece beyond total", B, "(8006)" GTIN "0302", 0, MES_ERR_SYNTAX,
	  "(8006) piece 03 is beyond the total 02", "8006" },
	{ "second date of a range cut short", B, "(01)" GTIN "(7007)250101250",
	  0, MES_ERR_SYNTAX, "(7007) part 2 is 3 characters, needs 6", "7007" },
	{ "percent-encoding", B, "(00)" SSCC "(4300)ACME%2", 0, MES_ERR_SYNTAX,
	  "(4300) bad percent-encoding at character 5", "4300" },
	{ "CR from the scanner left in the data", S, "]C1" "01" GTIN "10A\r",
	  0, MES_ERR_SYNTAX, "(10) invalid character byte 0x0D", "10" },
	/* GS1 refuses a GS where FNC1 in first position already is. */
	{ "GS right after the symbology identifier", S, "]C1" GS "01" GTIN, 0,
	  MES_ERR_SYNTAX, "GS (0x1D) at byte 4, right after the symbology "
	  "identifier", "" },
	{ "no AIM, GS before the first AI", N, GS "01" GTIN "10ABC", 0,
	  MES_ERR_SYNTAX, "GS (0x1D) at byte 1, before any AI", "" },
	/* A blank in the bracketed form is data, and no AI allows it. */
	{ "blank after the AI is part of the value", B, "(01)" GTIN "(712) Y",
	  0, MES_ERR_SYNTAX, "(712) invalid character byte 0x20 at position 1: "
	  "not in CSET 82", "712" },
	{ "blank after a value is part of it", B, "(01)" GTIN " (10)ABC", 0,
	  MES_ERR_SYNTAX, "(01) too long: 15 characters, at most 14", "01" },
	{ "blank before the first AI", B, " (01)" GTIN, 0, MES_ERR_SYNTAX,
	  "expected '(' at byte 1, found byte 0x20", "" },
};

static void test_bad_table(void)
{
	size_t i;

	for (i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
		const struct bad_case *c = &bad_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		struct mes_gs1_msg m;
		char err[256];

		T_CASE(c->what);
		T_CHECK_RC(parse(c->form, c->in, len, &m, err, sizeof err), c->rc);
		T_CHECK_HAS(err, c->err);
		T_CHECK_STR(m.err_ai, c->err_ai);
	}
}

/* ---- derived fields ----------------------------------------------------- */

static void parse_ok(int form, const char *in, struct mes_gs1_msg *m)
{
	char err[256];

	if (parse(form, in, strlen(in), m, err, sizeof err) != MES_OK) {
		fprintf(stderr, "  %s: %s\n", in, err);
		t_case_failed = 1;
	}
}

static void test_fields(void)
{
	struct mes_gs1_msg m;
	const struct mes_gs1_elem *e;

	T_CASE("dropped GS leaves no expiry: the caller must look");
	parse_ok(S, "]C1" "01" GTIN "10ABC123" "17251231", &m);
	T_CHECK(m.count == 2);
	T_CHECK(mes_gs1_find(&m, "17") == NULL);
	e = mes_gs1_find(&m, "10");
	T_CHECK(e && !strcmp(e->value, "ABC12317251231"));
	T_CHECK_STR(m.symbology, "]C1");

	T_CASE("titles come from the dictionary");
	parse_ok(S, "]C1" "01" GTIN "10ABC123" GS "17251231", &m);
	T_CHECK_STR(m.elem[0].title, "GTIN");
	T_CHECK_STR(m.elem[1].title, "BATCH/LOT");
	T_CHECK_STR(m.elem[2].title, "USE BY or EXPIRY");
	T_CHECK_STR(m.elem[2].date, "2025-12-31");
	T_CHECK(m.elem[2].day_zero == 0);
	T_CHECK(m.elem[1].decimals == -1);
	T_CHECK_STR(m.elem[1].date, "");

	T_CASE("DD=00 means the last day of the month");
	parse_ok(B, "(01)" GTIN "(17)240200(15)250600", &m);
	T_CHECK_STR(m.elem[1].date, "2024-02-29");
	T_CHECK(m.elem[1].day_zero == 1);
	T_CHECK_STR(m.elem[2].date, "2025-06-30");

	T_CASE("century window around the reference year");
	parse_ok(B, "(01)" GTIN "(11)990101(17)740101(15)760101", &m);
	T_CHECK_STR(m.elem[1].date, "1999-01-01");
	T_CHECK_STR(m.elem[2].date, "2074-01-01");
	T_CHECK_STR(m.elem[3].date, "1976-01-01");

	T_CASE("date with time, hour, and a range");
	parse_ok(B, "(01)" GTIN "(7003)2512311430(8008)25123114"
	         "(7007)250101250105", &m);
	T_CHECK_STR(m.elem[1].date, "2025-12-31T14:30");
	T_CHECK_STR(m.elem[2].date, "2025-12-31T14");
	T_CHECK_STR(m.elem[3].date, "2025-01-01/2025-01-05");

	T_CASE("implied decimals of measures");
	parse_ok(B, "(01)" GTIN "(3202)001250(3115)123456(3120)000042", &m);
	T_CHECK(m.elem[1].decimals == 2);
	T_CHECK_STR(m.elem[1].decimal, "12.50");
	T_CHECK(m.elem[1].number == 12.5);
	T_CHECK_STR(m.elem[1].title, "NET WEIGHT (lb)");
	T_CHECK_STR(m.elem[2].decimal, "1.23456");
	T_CHECK(m.elem[3].decimals == 0);
	T_CHECK_STR(m.elem[3].decimal, "42");
	T_CHECK(m.elem[3].number == 42);

	T_CASE("amounts with currency and tiny values");
	parse_ok(B, "(01)" GTIN "(3100)000100(3932)9781999", &m);
	T_CHECK_STR(m.elem[2].currency, "978");
	T_CHECK_STR(m.elem[2].decimal, "19.99");
	parse_ok(B, "(255)9521234000006(3909)5", &m);
	T_CHECK_STR(m.elem[1].decimal, "0.000000005");
	T_CHECK_STR(m.elem[1].currency, "");

	T_CASE("GTIN-13 from an EAN symbol");
	parse_ok(S, "]E0" "4006381333931", &m);
	T_CHECK_STR(m.symbology, "]E0");
	T_CHECK_STR(m.elem[0].value, "04006381333931");
}

/* ---- positions, options, API edges -------------------------------------- */

static void test_api(void)
{
	struct mes_gs1_opts o = { MES_GS1_SCAN, MES_GS1_NO_ASSOC, REF_YEAR };
	struct mes_gs1_msg m, all;
	char err[256];
	const char *lot = "]C1" "10ABC";

	T_CASE("NULL arguments");
	T_CHECK_RC(mes_gs1_parse("x", 1, NULL, NULL, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_gs1_parse(NULL, 5, NULL, &m, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_gs1_parse(NULL, 0, NULL, &m, NULL, 0), MES_ERR_SYNTAX);
	T_CHECK_RC(mes_gs1_check_assoc(NULL, err, sizeof err), MES_ERR_ARG);
	T_CHECK_RC(mes_gs1_format(NULL, MES_GS1_BRACKETED, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK(mes_gs1_find(NULL, "10") == NULL);
	T_CHECK(mes_gs1_element_title(NULL) == NULL);

	T_CASE("default options are scan with AIM");
	T_CHECK_RC(mes_gs1_parse("]C1" "01" GTIN, 19, NULL, &m, NULL, 0),
	           MES_OK);
	o.form = (enum mes_gs1_form)42;
	T_CHECK_RC(mes_gs1_parse("x", 1, &o, &m, err, sizeof err), MES_ERR_ARG);
	o.form = MES_GS1_SCAN;

	T_CASE("error position points at the fault");
	T_CHECK_RC(parse(S, "]C1" "0109521234543214", 19, &m, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK(m.err_pos == 5);
	T_CHECK_RC(parse(S, "]C1" "01" GTIN "10AB#C", 25, &m, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK(m.err_pos == 23);

	T_CASE("tiny error buffer is still terminated");
	err[0] = 'x';
	err[1] = 'y';
	T_CHECK_RC(parse(S, "]C1" "10ABC", 8, &m, err, 2), MES_ERR_SYNTAX);
	T_CHECK(err[0] == '(' && err[1] == '\0');

	T_CASE("NO_ASSOC leaves requisites to the caller");
	T_CHECK_RC(mes_gs1_parse(lot, strlen(lot), &o, &m, err, sizeof err),
	           MES_OK);
	T_CHECK_RC(mes_gs1_check_assoc(&m, err, sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "(10) is only valid with");

	T_CASE("two scans of one label checked together");
	T_CHECK_RC(mes_gs1_parse("]C1" "01" GTIN, 19, &o, &all, err, sizeof err),
	           MES_OK);
	all.elem[all.count++] = m.elem[0];
	T_CHECK_RC(mes_gs1_check_assoc(&all, err, sizeof err), MES_OK);
	T_CHECK_STR(err, "");
	snprintf(all.elem[0].ai, sizeof all.elem[0].ai, "0");
	T_CHECK_RC(mes_gs1_check_assoc(&all, err, sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "unknown AI");

	T_CASE("more elements than the struct holds");
	{
		char big[400] = "";
		int i;

		for (i = 0; i < MES_GS1_MAX_ELEMS + 1; i++)
			strcat(big, "(91)A");
		T_CHECK_RC(parse(B, big, strlen(big), &m, err, sizeof err),
		           MES_ERR_RANGE);
		T_CHECK_HAS(err, "more than 32 element strings");
		T_CHECK(m.count == MES_GS1_MAX_ELEMS);
	}

	T_CASE("titles by AI");
	T_CHECK_STR(mes_gs1_element_title("10"), "BATCH/LOT");
	T_CHECK_STR(mes_gs1_element_title("3103"), "NET WEIGHT (kg)");
	T_CHECK_STR(mes_gs1_element_title("8110"), "");
	T_CHECK(mes_gs1_element_title("0") == NULL);
	T_CHECK(mes_gs1_element_title("10000") == NULL);
	T_CHECK(mes_gs1_element_title("236") == NULL);
}

static void test_format(void)
{
	struct mes_gs1_msg m, again;
	char out[256], err[256];

	T_CASE("scan form puts predefined AIs first and GS between the rest");
	parse_ok(B, "(10)ABC(01)" GTIN "(21)S1(17)251231", &m);
	T_CHECK_RC(mes_gs1_format(&m, MES_GS1_SCAN, out, sizeof out), MES_OK);
	T_CHECK_STR(out, "]C1" "01" GTIN "17251231" "10ABC" GS "21S1");
	T_CHECK_RC(parse(S, out, strlen(out), &again, err, sizeof err), MES_OK);
	T_CHECK(again.count == 4);
	T_CHECK_RC(mes_gs1_format(&m, MES_GS1_SCAN_NO_AIM, out, sizeof out),
	           MES_OK);
	T_CHECK_STR(out, "01" GTIN "17251231" "10ABC" GS "21S1");

	T_CASE("bracketed round trip with an escaped parenthesis");
	parse_ok(B, "(01)" GTIN "(10)A\\(B", &m);
	T_CHECK_STR(m.elem[1].value, "A(B");
	T_CHECK_RC(mes_gs1_format(&m, MES_GS1_BRACKETED, out, sizeof out), MES_OK);
	T_CHECK_RC(parse(B, out, strlen(out), &again, err, sizeof err), MES_OK);
	T_CHECK_STR(again.elem[1].value, "A(B");

	T_CASE("format into a small buffer");
	T_CHECK_RC(mes_gs1_format(&m, MES_GS1_BRACKETED, out, 8), MES_ERR_RANGE);
	T_CHECK_STR(out, "(01)095");
	T_CHECK_RC(mes_gs1_format(&m, MES_GS1_BRACKETED, out, 0), MES_ERR_ARG);
	T_CHECK_RC(mes_gs1_format(&m, (enum mes_gs1_form)9, out, sizeof out),
	           MES_ERR_ARG);
}

struct gtin_case {
	const char *in;
	int rc;
	const char *want;   /* normalised, or a substring of the error */
};

static const struct gtin_case gtin_cases[] = {
	{ "09521234543213", MES_OK, "09521234543213" },
	{ "4006381333931", MES_OK, "04006381333931" },
	{ "036000291452", MES_OK, "00036000291452" },
	{ "95212340", MES_OK, "00000095212340" },
	{ "09521234543214", MES_ERR_SYNTAX, "check digit is 4, expected 3" },
	{ "952123454321", MES_ERR_SYNTAX, "check digit" },
	{ "0952123454321", MES_ERR_SYNTAX, "check digit" },
	{ "123456789", MES_ERR_SYNTAX, "8, 12, 13 or 14 digits, got 9" },
	{ "", MES_ERR_SYNTAX, "got 0" },
	{ "0952123454321X", MES_ERR_SYNTAX, "'X' at position 14" },
	{ "095212345432130", MES_ERR_SYNTAX, "got 15" },
};

static void test_gtin(void)
{
	size_t i;
	char out[15], err[128];

	T_CASE("GTIN normalisation for item master data");
	for (i = 0; i < sizeof gtin_cases / sizeof *gtin_cases; i++) {
		const struct gtin_case *c = &gtin_cases[i];
		int rc = mes_gs1_gtin_normalize(c->in, out, err, sizeof err);

		T_CHECK_RC(rc, c->rc);
		if (c->rc == MES_OK)
			T_CHECK_STR(out, c->want);
		else
			T_CHECK_HAS(err, c->want);
	}
	T_CHECK_RC(mes_gs1_gtin_normalize(NULL, out, err, sizeof err),
	           MES_ERR_ARG);
}

/* ---- fuzz --------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* Bytes that steer the parser into its branches more often than noise. */
static char rnd_byte(void)
{
	static const char bias[] = "0123456789012345678901()\\]Cde0123Q\x1d "
	                           "AZaz-_=#/%!";

	if (rnd() % 4 == 0)
		return (char)(rnd() & 0xff);
	return bias[rnd() % (sizeof bias - 1)];
}

static size_t mutate(char *buf, size_t len, size_t cap)
{
	int k, edits = 1 + (int)(rnd() % 4);

	for (k = 0; k < edits; k++) {
		size_t at = len ? rnd() % len : 0;

		switch (rnd() % 4) {
		case 0:
			if (len)
				buf[at] = rnd_byte();
			break;
		case 1:
			if (len < cap) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = rnd_byte();
				len++;
			}
			break;
		case 2:
			if (len) {
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
			}
			break;
		default:
			len = at;
			break;
		}
	}
	return len;
}

/* A plausible label: GTIN first, then AIs with values of the right
 * shape, so a good share of inputs get past syntax into the rules. */
static size_t gen_label(char *buf, size_t cap, int bracketed)
{
	static const struct {
		const char *ai;
		int len;            /* fixed length, or -max for variable */
		int digits;
	} pool[] = {
		{ "10", -20, 0 }, { "21", -20, 0 }, { "17", 6, 1 }, { "15", 6, 1 },
		{ "11", 6, 1 }, { "3102", 6, 1 }, { "3205", 6, 1 }, { "30", -8, 1 },
		{ "7003", 10, 1 }, { "400", -30, 0 }, { "90", -30, 0 },
		{ "91", -90, 0 }, { "3922", -15, 1 }, { "7007", 12, 1 },
	};
	static const char x[] = "0123456789ABCXYZabcxyz-./_!%&()*+,:;<=>?";
	size_t len = 0, i, n;
	int k, elems = 1 + (int)(rnd() % 4);

	len += (size_t)snprintf(buf, cap, bracketed ? "(01)%s" : "]C101%s", GTIN);
	for (k = 0; k < elems; k++) {
		int p = (int)(rnd() % (sizeof pool / sizeof *pool));
		int l = pool[p].len;

		n = l > 0 ? (size_t)l : 1 + rnd() % (size_t)-l;
		if (len + n + 8 >= cap)
			break;
		len += (size_t)snprintf(buf + len, cap - len,
		                        bracketed ? "(%s)" : "%s", pool[p].ai);
		for (i = 0; i < n; i++) {
			char c = pool[p].digits ? (char)('0' + rnd() % 10)
			                        : x[rnd() % (sizeof x - 1)];

			if (bracketed && c == '(')
				buf[len++] = '\\';
			buf[len++] = c;
		}
		/* A GS after a predefined-length AI is allowed, so add one
		 * at random there too; the others need it. */
		if (!bracketed && k + 1 < elems && (l < 0 || rnd() % 2))
			buf[len++] = 0x1d;
	}
	return len;
}

static size_t fuzz_input(char *buf, size_t cap, int *form)
{
	size_t len, i;

	*form = (int)(rnd() % 3);
	if (rnd() % 3 == 0) {
		*form = rnd() % 2 ? B : S;
		len = gen_label(buf, cap, *form == B);
		return rnd() % 4 ? len : mutate(buf, len, cap);
	}
	if (rnd() % 3 == 0) {
		len = rnd() % cap;
		for (i = 0; i < len; i++)
			buf[i] = rnd_byte();
		return len;
	}
	if (rnd() % 2) {
		const struct ok_case *c =
			&ok_cases[rnd() % (sizeof ok_cases / sizeof *ok_cases)];

		len = strlen(c->in);
		memcpy(buf, c->in, len);
	} else {
		const struct bad_case *c =
			&bad_cases[rnd() % (sizeof bad_cases / sizeof *bad_cases)];

		len = c->len ? c->len : strlen(c->in);
		memcpy(buf, c->in, len);
	}
	return mutate(buf, len, cap);
}

/* Whatever parses must survive formatting and parsing again unchanged. */
static int round_trip(const struct mes_gs1_msg *m, int ref_year)
{
	struct mes_gs1_opts o = { MES_GS1_BRACKETED, 0, ref_year };
	struct mes_gs1_msg again;
	char a[4096], b[4096];

	if (mes_gs1_format(m, MES_GS1_BRACKETED, a, sizeof a) != MES_OK)
		return 0;
	if (mes_gs1_parse(a, strlen(a), &o, &again, NULL, 0) != MES_OK)
		return 0;
	if (mes_gs1_format(&again, MES_GS1_BRACKETED, b, sizeof b) != MES_OK)
		return 0;
	return strcmp(a, b) == 0 && again.count == m->count;
}

static void test_fuzz(void)
{
	enum { ROUNDS = 400000, CAP = 200 };
	char tmp[CAP], err[96];
	long valid = 0, broken = 0;
	int i;

	T_CASE("fuzz: random and mutated input never crashes or misreports");
	for (i = 0; i < ROUNDS; i++) {
		int form;
		size_t len = fuzz_input(tmp, CAP, &form);
		/* Exactly len bytes on the heap: ASan sees any read past it. */
		char *in = malloc(len ? len : 1);
		struct mes_gs1_opts o;
		struct mes_gs1_msg m;
		int rc;

		if (!in)
			abort();
		memcpy(in, tmp, len);
		o.form = (enum mes_gs1_form)form;
		o.flags = rnd() % 4 == 0 ? MES_GS1_NO_ASSOC : 0;
		o.ref_year = 1990 + (int)(rnd() % 80);
		rc = mes_gs1_parse(in, len, &o, &m, err, sizeof err);
		if (rc == MES_OK) {
			valid++;
			if (m.count < 1 || err[0] ||
			    (!o.flags && !round_trip(&m, o.ref_year)))
				broken++;
		} else if ((rc != MES_ERR_SYNTAX && rc != MES_ERR_RANGE) ||
		           !err[0]) {
			broken++;
		}
		free(in);
	}
	printf("  fuzz: %d inputs, %ld valid\n", ROUNDS, valid);
	T_CHECK(broken == 0);
	T_CHECK(valid > 1000);
}

int main(void)
{
	test_ok_table();
	test_bad_table();
	test_fields();
	test_api();
	test_format();
	test_gtin();
	test_fuzz();
	return t_report("test_gs1");
}
