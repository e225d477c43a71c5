/*
 * Statistical process control: Shewhart control charts, the Western
 * Electric and Nelson run rules, and process capability.  Pure
 * computation over arrays: no database, no terminal, no output.  The
 * quality screens, alarms and `mesctl spc` are built on it.
 *
 * The steps, each a separate call so that a baseline can be frozen and
 * applied to later data:
 *
 *   struct mes_spc_data   the measurements (mes_spc_csv_parse reads them)
 *   mes_spc_baseline()    the centre and spread of a baseline range
 *   mes_spc_chart_build() centre lines and limits for every point
 *   mes_spc_rules_check() every rule violation
 *   mes_spc_capability()  Cp, Cpk, Pp, Ppk (variables charts)
 *
 * Points are indexed from 0 in this interface; people see them from 1.
 * Every function returns an enum mes_rc (mes.h); when it fails and err is
 * not NULL, err receives the reason for a person.
 */
#ifndef MES_SPC_H
#define MES_SPC_H

#include <stddef.h>
#include "mes.h"

/* Subgroup sizes the constants are tabulated for. */
#define MES_SPC_NMIN 2
#define MES_SPC_NMAX 25

enum mes_spc_type {
	MES_SPC_XBAR_R,     /* subgroup means and ranges */
	MES_SPC_XBAR_S,     /* subgroup means and standard deviations */
	MES_SPC_IMR,        /* individual values and moving ranges */
	MES_SPC_P,          /* fraction defective, any sample size */
	MES_SPC_NP,         /* number defective, constant sample size */
	MES_SPC_C,          /* defects per constant inspection unit */
	MES_SPC_U,          /* defects per unit, any number of units */
};

/* "xbar-r", "xbar-s", "imr", "p", "np", "c", "u". */
const char *mes_spc_type_name(enum mes_spc_type t);
/* The reverse; MES_ERR_ARG for an unknown name. */
int mes_spc_type_parse(const char *name, enum mes_spc_type *t);
/* 1 for X-bar-R, X-bar-S and I-MR: measured values, two charts. */
int mes_spc_type_is_variables(enum mes_spc_type t);

/* ---- constants ---------------------------------------------------------- */

struct mes_spc_constants {
	int n;
	double d2;          /* published table (see spc_const.c) */
	double D3, D4;      /* published table */
	double c4;          /* exact, from the gamma function */
	double A2;          /* 3 / (d2 sqrt n) */
	double A3;          /* 3 / (c4 sqrt n) */
	double B3, B4;      /* 1 -/+ 3 sqrt(1 - c4^2) / c4, B3 at least 0 */
};

/* Constants for subgroup size n; MES_ERR_RANGE outside 2..25. */
int mes_spc_constants(int n, struct mes_spc_constants *out);
/* c4 for any n >= 2 (NAN below). */
double mes_spc_c4(int n);

/* ---- data --------------------------------------------------------------- */

/*
 * The measurements of one characteristic.  The struct only points at
 * arrays; buf is what mes_spc_data_free() releases (set by the CSV reader,
 * NULL when the caller owns the arrays).
 */
struct mes_spc_data {
	enum mes_spc_type type;
	int points;         /* subgroups, individual values or samples */
	int size;           /* values per subgroup: >= 2 for X-bar, 1 for
	                     * I-MR, 0 for attribute charts */
	const double *x;    /* variables: points * size values, one subgroup
	                     * after the other */
	const double *count;  /* attribute: defectives or defects per point */
	const double *n;    /* p, np, u: sample size (units for u) per point;
	                     * may be NULL for c */
	const int *line;    /* source line of each point, or NULL */
	void *buf;
};

void mes_spc_data_free(struct mes_spc_data *d);

/*
 * Reads `mesctl spc` input: one point per line; blank lines and anything
 * after '#' are skipped; fields are separated by commas.
 *   xbar-r, xbar-s   a subgroup: size values (size 0: as many as the first
 *                    line has; every line must have as many)
 *   imr              one value
 *   p, np, u         count,sample_size; just count when size > 0, which
 *                    is then the sample size
 *   c                count
 * Counts are whole numbers >= 0, p and np sample sizes whole numbers >= 1
 * and at least the count, u sample sizes (units) > 0.  MES_ERR_SYNTAX
 * with the line, field and text in err; MES_ERR_ARG for no data at all.
 */
int mes_spc_csv_parse(const char *text, size_t len, enum mes_spc_type type,
                      int size, struct mes_spc_data *out, char *err,
                      size_t errn);

/* ---- baseline and limits ------------------------------------------------ */

/*
 * What limits are computed from: the centre and spread of the points in
 * [from, to).  Freezing limits means keeping this.
 *   X-bar-R: center = grand mean, spread = mean range
 *   X-bar-S: center = grand mean, spread = mean standard deviation
 *   I-MR:    center = mean, spread = mean moving range (of pairs of
 *            consecutive points both in the baseline)
 *   p:       center = total defectives / total inspected
 *   np:      center = p-bar (the centre line is size * p-bar)
 *   c:       center = mean count
 *   u:       center = total defects / total units
 */
struct mes_spc_base {
	enum mes_spc_type type;
	int size;           /* subgroup size (X-bar), sample size (np) */
	int from, to;       /* the points it came from */
	double center;
	double spread;      /* 0 for attribute charts */
};

/* Needs at least 2 points; np needs one sample size throughout. */
int mes_spc_baseline(const struct mes_spc_data *d, int from, int to,
                     struct mes_spc_base *b, char *err, size_t errn);

/* One chart: a statistic per point with its limits. */
struct mes_spc_series {
	/* "xbar", "r", "s", "x", "mr", "p", "np", "c", "u" */
	const char *name;
	double cl;
	double *x;          /* the statistic; NAN where there is none (the
	                     * first moving range) */
	double *lcl, *ucl;  /* LCL is never below 0 for a statistic that
	                     * cannot be; p UCL is at most 1 */
	double *sigma;      /* of the statistic, for the zones */
};

struct mes_spc_chart {
	struct mes_spc_base base;
	int points;
	int nseries;        /* 2 for variables charts (X-bar or X, then
	                     * R, S or MR), 1 for attribute charts */
	struct mes_spc_series s[2];
	int varying;        /* limits differ between points (p, u) */
	double sigma_within;  /* variables: R-bar/d2, S-bar/c4, MR-bar/d2(2) */
	void *buf;
};

/* Applies b (from these data or frozen earlier) to every point of d. */
int mes_spc_chart_build(const struct mes_spc_data *d,
                        const struct mes_spc_base *b, struct mes_spc_chart *c,
                        char *err, size_t errn);
void mes_spc_chart_free(struct mes_spc_chart *c);

/* ---- rules -------------------------------------------------------------- */

/*
 * Western Electric Statistical Quality Control Handbook (1956) and
 * L. S. Nelson, "The Shewhart Control Chart -- Tests for Special Causes",
 * Journal of Quality Technology 16(4), 1984.  Sigma is that of the
 * plotted statistic (a third of the distance from centre to limit).
 */
enum mes_spc_rule {
	MES_SPC_WE1,        /* 1 point beyond a 3-sigma limit */
	MES_SPC_WE2,        /* 2 of 3 beyond 2 sigma, same side */
	MES_SPC_WE3,        /* 4 of 5 beyond 1 sigma, same side */
	MES_SPC_WE4,        /* 8 in a row on one side */
	MES_SPC_N1,         /* 1 point beyond a 3-sigma limit */
	MES_SPC_N2,         /* 9 in a row on one side */
	MES_SPC_N3,         /* 6 in a row steadily rising or falling */
	MES_SPC_N4,         /* 14 in a row alternating up and down */
	MES_SPC_N5,         /* 2 of 3 beyond 2 sigma, same side */
	MES_SPC_N6,         /* 4 of 5 beyond 1 sigma, same side */
	MES_SPC_N7,         /* 15 in a row within 1 sigma */
	MES_SPC_N8,         /* 8 in a row beyond 1 sigma, on both sides */
	MES_SPC_NRULES
};

#define MES_SPC_RULE(r)        (1u << (r))
#define MES_SPC_RULES_WE       0x00fu
#define MES_SPC_RULES_NELSON   0xff0u
/* The rules for an R, S or MR chart: see mes_spc_rules_check(). */
#define MES_SPC_RULES_LIMITS \
	(MES_SPC_RULE(MES_SPC_WE1) | MES_SPC_RULE(MES_SPC_N1))

/* "WE1" .. "N8"; NULL for no such rule. */
const char *mes_spc_rule_name(int rule);
/* "1 point beyond a 3-sigma limit", ... */
const char *mes_spc_rule_text(int rule);
/*
 * "we", "nelson", "none", or a comma-separated list of those and single
 * rules ("we1,n3,n7"), any case.  MES_ERR_ARG naming the bad word.
 */
int mes_spc_rules_parse(const char *list, unsigned *rules, char *err,
                        size_t errn);
/* "WE1,WE2,..." for a bit set, "none" for 0. */
void mes_spc_rules_format(unsigned rules, char *buf, size_t n);

struct mes_spc_violation {
	int rule;           /* enum mes_spc_rule */
	int series;         /* index into mes_spc_chart.s */
	int point;          /* the point that completes the pattern */
};

struct mes_spc_violations {
	int count;
	struct mes_spc_violation *v;
};

/*
 * Checks every point of s against rules and appends to out (zeroed
 * before its first use) a violation, tagged with `series`, for each
 * point at which a rule's pattern is complete: a run of 10 on one side is
 * reported at its 8th, 9th and 10th points under WE4.  In the k-of-m
 * rules the flagged point is itself one of the k.  A pattern needs all
 * its points; a missing statistic (NAN) breaks it.
 */
int mes_spc_rules_series(const struct mes_spc_series *s, int series,
                         int points, unsigned rules,
                         struct mes_spc_violations *out);
/*
 * The whole chart, appended to out (zeroed before its first use) in the
 * order of point, then series, then rule.  The first
 * series gets every rule in `rules`; the second (R, S, MR) only those of
 * MES_SPC_RULES_LIMITS, because ranges and standard deviations are skewed
 * and successive moving ranges are correlated, so zone and run rules
 * would raise false alarms there.
 */
int mes_spc_rules_check(const struct mes_spc_chart *c, unsigned rules,
                        struct mes_spc_violations *out);
void mes_spc_violations_free(struct mes_spc_violations *v);

/* ---- capability --------------------------------------------------------- */

/* Advisory: the numbers are computed anyway. */
enum mes_spc_cap_flags {
	MES_SPC_CAP_FEW = 1 << 0,          /* < 25 subgroups or < 100 values */
	MES_SPC_CAP_NOT_IN_CONTROL = 1 << 1,
};
#define MES_SPC_CAP_MIN_SUBGROUPS 25
#define MES_SPC_CAP_MIN_VALUES 100

struct mes_spc_capability {
	int values;         /* individual values used */
	int subgroups;
	double lsl, usl;    /* NAN for a side without a limit */
	double mean;        /* of the baseline values */
	double sigma_within;  /* from the baseline, as for the limits */
	double sigma_overall; /* sample standard deviation (n - 1) */
	/* NAN when undefined: Cp and Pp need both limits, the one-sided
	 * indices their limit; sigma 0 gives INFINITY. */
	double cp, cpl, cpu, cpk;
	double pp, ppl, ppu, ppk;
	unsigned flags;     /* enum mes_spc_cap_flags */
};

/*
 * Capability of the baseline points of a variables chart.  lsl or usl
 * may be NAN, not both; lsl < usl.  violations > 0 sets
 * MES_SPC_CAP_NOT_IN_CONTROL.
 */
int mes_spc_capability(const struct mes_spc_data *d,
                       const struct mes_spc_chart *c, double lsl, double usl,
                       int violations, struct mes_spc_capability *out,
                       char *err, size_t errn);

#endif
