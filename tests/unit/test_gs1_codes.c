/*
 * The syntax dictionary's linters that look a value up in a code list
 * (data/gs1/iso3166.txt, iso4217.txt, packagetype.txt) and the two North
 * American coupon formats: for each, values it accepts and values it
 * refuses with the AI and the reason.  All in the bracketed form, which
 * reaches the same linters as a scan.
 */
#include "mes.h"
#include "gs1.h"
#include "materials/gs1_int.h"
#include "testhelp.h"

#define GTIN "09521234543213"
#define SSCC "009521234000000017"
#define REF_YEAR 2025
/* (8110): GCP VLI 0 and 6 digits, offer 123456, save value VLI 1 "1",
 * purchase requirement VLI 1 "1", code 0, family 123. */
#define COUPON "0" "123456" "123456" "1" "1" "1" "1" "0" "123"
/* 1: rules 0, requirement "12345" code 0 family 123, GCP VLI 1 (7 digits);
 * 3: expiry 2025-12-31; 4: start 2025-01-01; 9: save value code 0,
 * applies to 1, store flag 0, don't multiply 1. */
#define COUPON_1349 COUPON "1" "0" "5" "12345" "0" "123" "1" "1234567" \
                    "3" "251231" "4" "250101" "9" "0" "1" "0" "1"
/* 2: requirement "12" code 9 family 456, GCP 9 (the primary's); 5: serial
 * VLI 0 (6 digits); 6: retailer GLN VLI 7 (13 digits). */
#define COUPON_256 COUPON "2" "2" "12" "9" "456" "9" "5" "0" "123456" \
                   "6" "7" "9521234500001"

static int parse(const char *in, struct mes_gs1_msg *m, char *err,
                 size_t errlen)
{
	struct mes_gs1_opts o = { MES_GS1_BRACKETED, 0, REF_YEAR };

	return mes_gs1_parse(in, strlen(in), &o, m, err, errlen);
}

/* Accepted: the input written back in bracketed form. */
struct ok_case {
	const char *what;
	const char *in;
	const char *want;
};

static const struct ok_case ok_cases[] = {
	{ "iso3166: origin Germany", "(01)" GTIN "(422)276",
	  "(01)" GTIN "(422)276" },
	{ "iso3166: five countries of initial processing",
	  "(01)" GTIN "(423)004040276840894",
	  "(01)" GTIN "(423)004040276840894" },
	{ "iso3166: ship-to postal code with its country",
	  "(00)" SSCC "(421)528AB1234", "(00)" SSCC "(421)528AB1234" },
	{ "iso3166999: processor in country 999, unknown",
	  "(01)" GTIN "(7030)999PROC1", "(01)" GTIN "(7030)999PROC1" },
	{ "iso3166999: processor in Belgium",
	  "(01)" GTIN "(7031)056PROC2", "(01)" GTIN "(7031)056PROC2" },
	{ "iso3166alpha2: ship-to and return-to country",
	  "(00)" SSCC "(4307)DE(4317)GB", "(00)" SSCC "(4307)DE(4317)GB" },
	{ "iso4217: amount in euro",
	  "(415)9521234500056(8020)INV1(3912)97812550",
	  "(415)9521234500056(8020)INV1(3912)97812550" },
	{ "iso4217: no currency (XXX) is a code",
	  "(01)" GTIN "(3100)000100(3930)999100",
	  "(01)" GTIN "(3100)000100(3930)999100" },
	{ "packagetype: Rec. 21 pallet and GS1's EURO pallet",
	  "(00)" SSCC "(7041)PX", "(00)" SSCC "(7041)PX" },
	{ "packagetype: GS1 addition", "(00)" SSCC "(7041)201",
	  "(00)" SSCC "(7041)201" },
	{ "couponcode: the mandatory fields", "(8110)" COUPON,
	  "(8110)" COUPON },
	{ "couponcode: optional fields 1, 3, 4 and 9", "(8110)" COUPON_1349,
	  "(8110)" COUPON_1349 },
	{ "couponcode: optional fields 2, 5 and 6", "(8110)" COUPON_256,
	  "(8110)" COUPON_256 },
	{ "couponposoffer: format, funder, offer, serial",
	  "(8112)" "0" "0" "123456" "654321" "1" "1234567",
	  "(8112)00123456654321" "11234567" },
};

/* Refused: the message names the AI and says why. */
struct bad_case {
	const char *what;
	const char *in;
	const char *err;            /* substring of the message */
	const char *err_ai;
};

static const struct bad_case bad_cases[] = {
	{ "iso3166: 900 is no country", "(01)" GTIN "(423)900",
	  "(423) 900 is not an ISO 3166 country code", "423" },
	{ "iso3166: third of five countries", "(01)" GTIN "(423)276040999",
	  "(423) 999 is not an ISO 3166 country code",
	  "423" },
	{ "iso3166: 000 as origin", "(01)" GTIN "(422)000",
	  "(422) 000 is not an ISO 3166 country code", "422" },
	{ "iso3166: ship-to country of a postal code",
	  "(00)" SSCC "(421)001AB12",
	  "(421) 001 is not an ISO 3166 country code", "421" },
	{ "iso3166999: 998 is neither a country nor 999",
	  "(01)" GTIN "(7030)998PROC1",
	  "(7030) 998 is not an ISO 3166 country code (nor 999)", "7030" },
	{ "iso3166alpha2: XX", "(00)" SSCC "(4307)XX",
	  "(4307) XX is not an ISO 3166 alpha-2 country code", "4307" },
	{ "iso3166alpha2: lower case", "(00)" SSCC "(4317)de",
	  "(4317) de is not an ISO 3166 alpha-2 country code",
	  "4317" },
	{ "iso4217: 001 is no currency",
	  "(415)9521234500056(8020)INV1(3912)00112550",
	  "(3912) 001 is not an ISO 4217 currency code", "3912" },
	{ "iso4217: ZWL (932) was withdrawn",
	  "(01)" GTIN "(3100)000100(3932)9321999",
	  "(3932) 932 is not an ISO 4217 currency code", "3932" },
	{ "packagetype: ZZZ", "(00)" SSCC "(7041)ZZZ",
	  "(7041) ZZZ is not a package type code", "7041" },
	{ "packagetype: Rec. 21's AE is not in GS1's list",
	  "(00)" SSCC "(7041)AE",
	  "(7041) AE is not a package type code", "7041" },
	{ "couponcode: a letter", "(8110)01234561234561111A123",
	  "(8110) coupon code must be digits, found A at "
	  "position 18", "8110" },
	{ "couponcode: GCP length indicator 7", "(8110)7123456",
	  "(8110) primary GCP length must be 0 to 6, found 7",
	  "8110" },
	{ "couponcode: cut short in the offer code", "(8110)0123456123",
	  "(8110) offer code is cut short: 3 of its 6 digits",
	  "8110" },
	{ "couponcode: save value length 0", "(8110)01234561234560",
	  "(8110) save value length must be 1 to 5, found 0",
	  "8110" },
	{ "couponcode: purchase requirement code 5",
	  "(8110)01234561234561111" "5" "123",
	  "(8110) primary purchase requirement code must be 0 to 4 or 9, "
	  "found 5", "8110" },
	{ "couponcode: family code missing", "(8110)012345612345611110",
	  "(8110) primary purchase family code is cut short",
	  "8110" },
	{ "couponcode: data after the last field", "(8110)" COUPON "0",
	  "(8110) coupon code has data left over from digit 22",
	  "8110" },
	{ "couponcode: fields out of order",
	  "(8110)" COUPON "4250101" "3251231",
	  "left over from digit 29", "8110" },
	{ "couponcode: expiry before start",
	  "(8110)" COUPON "3250101" "4250201",
	  "(8110) expiration date is before the start date", "8110" },
	{ "couponcode: invalid expiration date", "(8110)" COUPON "3251301",
	  "(8110) expiration date: invalid month 13", "8110" },
	{ "couponcode: second purchase GCP length 7",
	  "(8110)" COUPON "1" "0" "1" "5" "0" "123" "7",
	  "(8110) second purchase GCP length must be 0 to 6 or 9", "8110" },
	{ "couponcode: don't multiply flag 2", "(8110)" COUPON "90002",
	  "(8110) don't multiply flag must be 0 or 1, found 2",
	  "8110" },
	{ "couponposoffer: format 2", "(8112)20123456654321",
	  "(8112) coupon format must be 0 or 1, found 2",
	  "8112" },
	{ "couponposoffer: serial cut short", "(8112)00123456654321" "1123",
	  "(8112) serial number is cut short: 3 of its 7 "
	  "digits", "8112" },
	{ "couponposoffer: data after the serial",
	  "(8112)00123456654321" "0123456" "9",
	  "(8112) coupon code has data left over from digit 22: nothing "
	  "follows the serial number", "8112" },
};

static void test_accepted(void)
{
	size_t i;

	for (i = 0; i < sizeof ok_cases / sizeof *ok_cases; i++) {
		const struct ok_case *c = &ok_cases[i];
		struct mes_gs1_msg m;
		char err[256], out[512];
		int rc;

		T_CASE(c->what);
		rc = parse(c->in, &m, err, sizeof err);
		if (rc != MES_OK)
			fprintf(stderr, "  %s: %s\n", c->in, err);
		T_CHECK_RC(rc, MES_OK);
		T_CHECK_RC(mes_gs1_format(&m, MES_GS1_BRACKETED, out, sizeof out),
		           MES_OK);
		T_CHECK_STR(out, c->want);
	}
}

static void test_refused(void)
{
	size_t i;

	for (i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct mes_gs1_msg m;
		char err[256];

		T_CASE(c->what);
		T_CHECK_RC(parse(c->in, &m, err, sizeof err), MES_ERR_SYNTAX);
		T_CHECK_HAS(err, c->err);
		T_CHECK_STR(m.err_ai, c->err_ai);
	}
}

/* The scanned form reaches the same linters, with the AI at fault. */
static void test_scanned(void)
{
	struct mes_gs1_opts o = { MES_GS1_SCAN, 0, REF_YEAR };
	const char *in = "]C1" "01" GTIN "423276040900";
	struct mes_gs1_msg m;
	char err[256];

	T_CASE("a scanned country list with one unknown country");
	T_CHECK_RC(mes_gs1_parse(in, strlen(in), &o, &m, err, sizeof err),
	           MES_ERR_SYNTAX);
	T_CHECK_STR(err, "(423) 900 is not an ISO 3166 country code");
	T_CHECK(m.err_pos == strlen(in) - 3);
}

/* iso3166list: named by dictionaries before 2024, so reached only here. */
static void test_country_list(void)
{
	char why[128];

	T_CASE("iso3166list: countries run together");
	T_CHECK(gs1_lint_run(GS1_LINT_ISO3166LIST, "276040", 6, REF_YEAR, why,
	                     sizeof why) == 0);
	T_CHECK(gs1_lint_run(GS1_LINT_ISO3166LIST, "276900", 6, REF_YEAR, why,
	                     sizeof why) == -1);
	T_CHECK_STR(why, "900 is not an ISO 3166 country code");
	T_CHECK(gs1_lint_run(GS1_LINT_ISO3166LIST, "27604", 5, REF_YEAR, why,
	                     sizeof why) == -1);
	T_CHECK_STR(why, "must be 3-digit ISO 3166 country codes, got 5 digits");
}

int main(void)
{
	test_accepted();
	test_refused();
	test_scanned();
	test_country_list();
	return t_report("test_gs1_codes");
}
