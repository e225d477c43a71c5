/*
 * GS1 element strings: what a barcode on a supplier's label says.
 *
 * Parses scanned data (AIM symbology identifier, GS as FNC1) and the
 * human-readable bracketed form "(01)09521234543213(10)ABC", and checks
 * them against the GS1 Barcode Syntax Dictionary (data/gs1/, compiled in
 * at build time): lengths, character sets, check digits, dates and which
 * AIs require or exclude which.  Pure functions over bytes; no I/O, no
 * allocation, no global state.
 *
 * Syntax is all this can check.  A scanner that drops the GS after a
 * variable-length AI produces a string that is still valid:
 * "]C1" "0109521234543213" "10ABC123" "17251231" reads as lot
 * "ABC12317251231" with no expiry.  Callers that expect an AI (an expiry
 * for a dated item) must check that it is there.
 */
#ifndef MES_GS1_H
#define MES_GS1_H

#include <stddef.h>

#define MES_GS1_MAX_ELEMS 32   /* element strings kept per scan */
#define MES_GS1_VALUE_MAX 90   /* longest AI value in the dictionary */

enum mes_gs1_form {
	/* As scanned: "]C1", "]e0", "]d2", "]Q3" or "]J1", then element
	 * strings with GS (0x1D) after each variable-length one.  "]E0"
	 * (EAN-13/UPC-A) and "]E4" (EAN-8) read as a GTIN (01). */
	MES_GS1_SCAN,
	/* The same from a scanner set to leave out the identifier. */
	MES_GS1_SCAN_NO_AIM,
	/* "(01)09521234543213(10)ABC"; "\(" is a literal "(" in a value. */
	MES_GS1_BRACKETED,
};

enum mes_gs1_flags {
	/* Skip the requisite/exclusive AI rules (mes_gs1_check_assoc), for a
	 * caller that combines the barcodes of one label and checks the whole
	 * afterwards: GS1 applies these rules per item, not per symbol. */
	MES_GS1_NO_ASSOC = 1 << 0,
};

struct mes_gs1_opts {
	enum mes_gs1_form form;
	unsigned flags;             /* enum mes_gs1_flags */
	/* Four-digit year the YY century window (-49/+50) is centred on;
	 * 0 = the current UTC year.  Tests pin it. */
	int ref_year;
};

struct mes_gs1_elem {
	char ai[5];
	char value[MES_GS1_VALUE_MAX + 1];   /* as encoded, NUL-terminated */
	const char *title;          /* the dictionary's title; static, never NULL */
	/* 310n-369n, 390n-395n: n implied decimals; -1 for other AIs. */
	int decimals;
	char decimal[24];           /* "1.250" (exact); "" when decimals < 0 */
	double number;              /* the same as a double; 0 when decimals < 0 */
	char currency[4];           /* ISO 4217 numeric code of 391n/393n, else "" */
	/* Dates in ISO 8601: "2025-12-31", with a time "2025-12-31T14:30",
	 * two dates (7007) "2025-01-01/2025-01-05"; "" for other AIs. */
	char date[32];
	int day_zero;               /* DD was 00: date holds the month's last day */
};

struct mes_gs1_msg {
	char symbology[4];          /* "]C1" as scanned; "" without one */
	int count;
	struct mes_gs1_elem elem[MES_GS1_MAX_ELEMS];
	/* After a rejection: the AI it is about ("" when the data went wrong
	 * before any AI) and the byte offset in the input where it was seen
	 * (0 for the rules between AIs, which have no one place). */
	char err_ai[5];
	size_t err_pos;
};

/*
 * Parses len bytes of data (any bytes; NULs included) into *out.
 * opts may be NULL: MES_GS1_SCAN, no flags, this year.
 * err (may be NULL) receives why it was rejected, naming the AI:
 * "(01) check digit is 4, expected 3".
 * Returns MES_OK; MES_ERR_SYNTAX for data that is not a valid GS1 element
 * string; MES_ERR_RANGE for more than MES_GS1_MAX_ELEMS elements;
 * MES_ERR_ARG when out is NULL, or data is NULL with len > 0.
 * On error *out holds the elements read before the fault.
 */
int mes_gs1_parse(const void *data, size_t len, const struct mes_gs1_opts *opts,
                  struct mes_gs1_msg *out, char *err, size_t errlen);

/*
 * The requisite ("req") and mutually exclusive ("ex") AI rules and the
 * rule that an AI repeats only with the same value, over m (which may be
 * the elements of several scans of one item put together).
 * MES_OK or MES_ERR_SYNTAX with the reason in err.
 */
int mes_gs1_check_assoc(const struct mes_gs1_msg *m, char *err, size_t errlen);

/*
 * Writes m as text: MES_GS1_BRACKETED gives "(01)...(10)..." with "("
 * in values escaped; MES_GS1_SCAN gives "]C1" then the element strings
 * with a GS after every variable-length value except the last, as a
 * GS1-128 symbol would carry them; MES_GS1_SCAN_NO_AIM the same without
 * "]C1".  Predefined-length AIs go first in the scan forms, saving
 * separators, as GS1 recommends.  Returns MES_OK, MES_ERR_RANGE when buf
 * is too small (buf still holds a NUL-terminated prefix) or MES_ERR_ARG.
 */
int mes_gs1_format(const struct mes_gs1_msg *m, enum mes_gs1_form form,
                   char *buf, size_t n);

/* The dictionary's title for an AI ("BATCH/LOT" for "10"), "" when the
 * dictionary gives none, NULL for an AI it does not list. */
const char *mes_gs1_element_title(const char *ai);

/* The first element with this AI, or NULL. */
const struct mes_gs1_elem *mes_gs1_find(const struct mes_gs1_msg *m,
                                        const char *ai);

/*
 * Checks a GTIN as typed or imported (8, 12, 13 or 14 digits: GTIN-8,
 * UPC-A, EAN-13, GTIN-14) and writes it as the 14 digits AI (01) carries.
 * MES_OK, or MES_ERR_SYNTAX with the reason in err.
 */
int mes_gs1_gtin_normalize(const char *in, char out[15], char *err,
                           size_t errlen);

#endif
