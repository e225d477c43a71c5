/*
 * What the GS1 parser files share: the AI table and code lists generated
 * from data/gs1/ by core/materials/gen-gs1.sh, and the linters the
 * dictionary names.  Nothing outside core/materials/gs1*.c includes this.
 */
#ifndef MES_GS1_INT_H
#define MES_GS1_INT_H

#include <stddef.h>
#include "gs1.h"
#include "base/internal.h"

#define GS1_MAX_COMP 5   /* components per AI (423 and 8001 use five) */
#define GS1_MAX_LINT 4   /* linters per component */
#define GS1_GS 0x1d      /* ASCII group separator: FNC1 as a scanner sends it */

/*
 * Every linter the dictionary may name.  The generated table refers to
 * GS1_LINT_<NAME>, so a dictionary that brings a new linter fails to
 * compile until it is added here and in gs1_lint.c or gs1_codes.c.
 * ISO3166LIST is named by dictionary releases before 2024, which gave
 * (423) and (425) as one list rather than five components.
 */
#define GS1_LINT_LIST(X)                                                    \
	X(CSUM) X(CSUMALPHA) X(GCPPOS1) X(GCPPOS2) X(HASNONDIGIT)           \
	X(YYMMD0) X(YYMMDD) X(YYYYMMD0) X(YYYYMMDD) X(HH) X(MI) X(SS)       \
	X(HHMI) X(NONZERO) X(ZERO) X(NOZEROPREFIX) X(YESNO) X(WINDING)      \
	X(HYPHEN) X(PIECEOFTOTAL) X(POSINSEQSLASH) X(IMPORTERIDX)           \
	X(ISO5218) X(MEDIATYPE) X(PCENC) X(LATITUDE) X(LONGITUDE) X(IBAN)   \
	X(ISO3166) X(ISO3166999) X(ISO3166ALPHA2) X(ISO3166LIST) X(ISO4217) \
	X(PACKAGETYPE) X(COUPONCODE) X(COUPONPOSOFFER)

enum gs1_lint {
	GS1_LINT_NONE = 0,
#define GS1_LINT_ENUM(name) GS1_LINT_##name,
	GS1_LINT_LIST(GS1_LINT_ENUM)
#undef GS1_LINT_ENUM
};

enum gs1_ai_flags {
	GS1_F_PREDEF = 1 << 0, /* "*": predefined length, no GS needed after */
	GS1_F_DL     = 1 << 1, /* "?": allowed as a Digital Link attribute */
};

struct gs1_comp {
	char cset;                          /* N, X (CSET 82), Y (39), Z (64) */
	unsigned char min, max;
	unsigned char opt;                  /* may be left out at the end */
	unsigned char lint[GS1_MAX_LINT];   /* enum gs1_lint, 0-terminated */
};

struct gs1_ai {
	char ai[5];
	unsigned char flags;
	unsigned char ncomp;
	unsigned char minlen, maxlen;       /* of the whole value */
	struct gs1_comp comp[GS1_MAX_COMP];
	/* "01+21,02 37": every space-separated group must hold; a group holds
	 * when one comma-separated alternative has all its "+" parts present.
	 * 'n' in a pattern matches any digit. */
	const char *req;
	const char *ex;                     /* comma-separated patterns */
	const char *title;
};

/* Sorted by AI (strcmp order); generated. */
extern const struct gs1_ai gs1_ai_table[];
extern const size_t gs1_ai_count;

/* A code list from data/gs1/, generated with the AI table; sorted in
 * strcmp order so a lookup is a binary search. */
struct gs1_code_list {
	const char (*code)[4];
	size_t count;
};

extern const struct gs1_code_list gs1_iso3166_num, gs1_iso3166_alpha2,
                                  gs1_iso4217_num, gs1_packagetype;

/* The entry for exactly this AI, or NULL. */
const struct gs1_ai *gs1_ai_get(const char *ai, size_t n);

/* Whether every byte of s[0..n) is in the character set ('N','X','Y','Z');
 * else *bad is the offset of the first that is not. */
int gs1_cset_ok(char cset, const char *s, size_t n, size_t *bad);
const char *gs1_cset_name(char cset);

/*
 * Runs one linter over a component.  On failure writes the reason, without
 * the AI, into why ("check digit is 4, expected 3") and returns -1.
 * ref_year is the four-digit year the YY century window is centred on.
 */
int gs1_lint_run(enum gs1_lint id, const char *s, size_t n, int ref_year,
                 char *why, size_t whyn);

/* The linters that look a value up in a code list, and the coupon
 * formats; gs1_lint_run's contract.  Returns 1 when id is not one of
 * them. */
int gs1_codes_run(enum gs1_lint id, const char *s, size_t n, int ref_year,
                  char *why, size_t whyn);

/* The GS1 mod-10 check digit over the first n-1 digits of s. */
int gs1_csum_digit(const char *s, size_t n);

/* YY -> four-digit year by the GS1 window of -49/+50 years. */
int gs1_full_year(int yy, int ref_year);
int gs1_days_in_month(int year, int month);

/* req/ex/duplicate rules over m; err_ai receives the AI at fault. */
int gs1_assoc_check(const struct mes_gs1_msg *m, char *err, size_t errlen,
                    char err_ai[5]);


#endif
