/*
 * The run rules.  Each point is tested against each rule once, with the
 * run lengths ending at that point computed beforehand in one pass, so a
 * chart of any length is checked in linear time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "spc_int.h"

enum kind { K_BEYOND, K_KOFM, K_SIDE, K_TREND, K_ALT, K_IN1, K_OUT1 };

static const struct rule_def {
	const char *name, *text;
	enum kind kind;
	int k, m;           /* k of m points, or a run of k */
	double zone;        /* in sigmas, for K_KOFM */
} defs[MES_SPC_NRULES] = {
	[MES_SPC_WE1] = { "WE1", "1 point beyond a 3-sigma limit", K_BEYOND,
	                  1, 1, 3 },
	[MES_SPC_WE2] = { "WE2", "2 of 3 points beyond 2 sigma on one side",
	                  K_KOFM, 2, 3, 2 },
	[MES_SPC_WE3] = { "WE3", "4 of 5 points beyond 1 sigma on one side",
	                  K_KOFM, 4, 5, 1 },
	[MES_SPC_WE4] = { "WE4", "8 points in a row on one side of the centre"
	                  " line", K_SIDE, 8, 8, 0 },
	[MES_SPC_N1] = { "N1", "1 point beyond a 3-sigma limit", K_BEYOND,
	                 1, 1, 3 },
	[MES_SPC_N2] = { "N2", "9 points in a row on one side of the centre"
	                 " line", K_SIDE, 9, 9, 0 },
	[MES_SPC_N3] = { "N3", "6 points in a row steadily rising or falling",
	                 K_TREND, 6, 6, 0 },
	[MES_SPC_N4] = { "N4", "14 points in a row alternating up and down",
	                 K_ALT, 14, 14, 0 },
	[MES_SPC_N5] = { "N5", "2 of 3 points beyond 2 sigma on one side",
	                 K_KOFM, 2, 3, 2 },
	[MES_SPC_N6] = { "N6", "4 of 5 points beyond 1 sigma on one side",
	                 K_KOFM, 4, 5, 1 },
	[MES_SPC_N7] = { "N7", "15 points in a row within 1 sigma", K_IN1,
	                 15, 15, 1 },
	[MES_SPC_N8] = { "N8", "8 points in a row beyond 1 sigma, on both sides",
	                 K_OUT1, 8, 8, 1 },
};

const char *mes_spc_rule_name(int rule)
{
	return rule >= 0 && rule < MES_SPC_NRULES ? defs[rule].name : NULL;
}

const char *mes_spc_rule_text(int rule)
{
	return rule >= 0 && rule < MES_SPC_NRULES ? defs[rule].text : NULL;
}

/* One word of a rules list into bits; -1 when it is not one. */
static long rule_word(const char *w)
{
	int r;

	if (!strcasecmp(w, "we"))
		return MES_SPC_RULES_WE;
	if (!strcasecmp(w, "nelson"))
		return MES_SPC_RULES_NELSON;
	if (!strcasecmp(w, "none"))
		return 0;
	for (r = 0; r < MES_SPC_NRULES; r++)
		if (!strcasecmp(w, defs[r].name))
			return (long)MES_SPC_RULE(r);
	return -1;
}

int mes_spc_rules_parse(const char *list, unsigned *rules, char *err,
                        size_t errn)
{
	char w[32];
	const char *p = list;
	size_t len;
	long bits = -1;

	if (!list || !rules || !*list)
		return spc_fail(MES_ERR_ARG, err, errn, "no rules given");
	*rules = 0;
	for (;;) {
		p += strspn(p, " \t");
		len = strcspn(p, ",");
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len < sizeof w) {
			memcpy(w, p, len);
			w[len] = 0;
			bits = rule_word(w);
		}
		if (len >= sizeof w || bits < 0)
			return spc_fail(MES_ERR_ARG, err, errn,
			                "unknown rule \"%.*s\" (we, nelson, none,"
			                " WE1-WE4, N1-N8)", (int)len, p);
		*rules |= (unsigned)bits;
		p += strcspn(p, ",");
		if (!*p++)
			return MES_OK;
	}
}

void mes_spc_rules_format(unsigned rules, char *buf, size_t n)
{
	size_t len = 0;
	int r;

	if (!n)
		return;
	buf[0] = 0;
	for (r = 0; r < MES_SPC_NRULES; r++)
		if (rules & MES_SPC_RULE(r) && len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
			                        len ? "," : "", defs[r].name);
	if (!buf[0])
		snprintf(buf, n, "none");
}

/* Run lengths ending at each point, for one series. */
struct scan {
	const struct mes_spc_series *s;
	double *z;          /* (x - cl) / sigma; NAN where no point */
	int *side;          /* points in a row on z's side (0 on the line) */
	int *trend;         /* points in a row strictly rising or falling */
	int *alt;           /* points in a row alternating up and down */
	int *in1, *out1;    /* points in a row within / beyond 1 sigma */
	void *buf;
};

/*
 * Means and limits are computed, so values that are equal on paper may
 * differ in the last bits: far below any gauge's resolution, and not a
 * side of the centre line or a step up or down.
 */
static int same(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

static double zscore(const struct mes_spc_series *s, int i)
{
	double dx = s->x[i] - s->cl;

	if (isnan(s->x[i]))
		return NAN;
	if (same(s->x[i], s->cl))
		return 0;
	if (s->sigma[i] > 0)
		return dx / s->sigma[i];
	/* No spread: any departure from the centre is infinitely far. */
	return dx > 0 ? INFINITY : dx < 0 ? -INFINITY : 0;
}

static int sgn(double v)
{
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/* -1, 0 or 1 for a step from a to b. */
static int step(double a, double b)
{
	return same(a, b) ? 0 : sgn(b - a);
}

static void scan_point(struct scan *sc, int i)
{
	const double *x = sc->s->x;
	double z = sc->z[i];
	int ok = !isnan(z), prev = i > 0 && !isnan(sc->z[i - 1]);
	int d = ok && prev ? step(x[i - 1], x[i]) : 0;
	int dprev = ok && prev && i > 1 && !isnan(sc->z[i - 2]) ?
	            step(x[i - 2], x[i - 1]) : 0;

	if (!ok || !sgn(z))
		sc->side[i] = 0;
	else if (prev && sgn(sc->z[i - 1]) == sgn(z))
		sc->side[i] = sc->side[i - 1] + 1;
	else
		sc->side[i] = 1;
	if (!ok)
		sc->trend[i] = 0;
	else if (d && dprev == d)
		sc->trend[i] = sc->trend[i - 1] + 1;
	else
		sc->trend[i] = d ? 2 : 1;
	if (!ok)
		sc->alt[i] = 0;
	else if (d && dprev == -d)
		sc->alt[i] = sc->alt[i - 1] + 1;
	else
		sc->alt[i] = d ? 2 : 1;
	sc->in1[i] = ok && fabs(z) < 1 ? (i ? sc->in1[i - 1] : 0) + 1 : 0;
	sc->out1[i] = ok && fabs(z) > 1 ? (i ? sc->out1[i - 1] : 0) + 1 : 0;
}

static int scan_init(struct scan *sc, const struct mes_spc_series *s,
                     int points)
{
	size_t n = points > 0 ? (size_t)points : 1;
	char *p = malloc(n * (sizeof(double) + 5 * sizeof(int)));
	int i;

	memset(sc, 0, sizeof *sc);
	if (!p)
		return MES_ERR_NOMEM;
	sc->buf = p;
	sc->s = s;
	sc->z = (double *)(void *)p;
	sc->side = (int *)(void *)(p + n * sizeof(double));
	sc->trend = sc->side + n;
	sc->alt = sc->trend + n;
	sc->in1 = sc->alt + n;
	sc->out1 = sc->in1 + n;
	for (i = 0; i < points; i++) {
		sc->z[i] = zscore(s, i);
		scan_point(sc, i);
	}
	return MES_OK;
}

/* k of the m points ending at i beyond zone on one side, i among them. */
static int k_of_m(const struct scan *sc, int i, const struct rule_def *r)
{
	int j, hits = 0, side = sgn(sc->z[i]);

	if (i < r->m - 1 || !(fabs(sc->z[i]) > r->zone))
		return 0;
	for (j = i - r->m + 1; j <= i; j++) {
		if (isnan(sc->z[j]))
			return 0;
		if (sc->z[j] * side > r->zone)
			hits++;
	}
	return hits >= r->k;
}

/*
 * Nelson's test 8: k points in a row beyond 1 sigma *with points on both
 * sides* of the centre (Nelson, J. Quality Technology 16(4), 1984; also
 * qcc).  k points beyond 1 sigma on one side are a shift, which tests 2
 * and 6 catch; this one is a mixture of two populations.
 */
static int out1_both_sides(const struct scan *sc, int i, int k)
{
	int j, up = 0, down = 0;

	if (sc->out1[i] < k)
		return 0;
	for (j = i - k + 1; j <= i; j++) {
		up |= sc->z[j] > 0;
		down |= sc->z[j] < 0;
	}
	return up && down;
}

static int hit(const struct scan *sc, int i, int rule)
{
	const struct rule_def *r = &defs[rule];
	const struct mes_spc_series *s = sc->s;

	if (isnan(sc->z[i]))
		return 0;
	switch (r->kind) {
	case K_BEYOND: return s->x[i] > s->ucl[i] || s->x[i] < s->lcl[i];
	case K_KOFM:   return k_of_m(sc, i, r);
	case K_SIDE:   return sc->side[i] >= r->k;
	case K_TREND:  return sc->trend[i] >= r->k;
	case K_ALT:    return sc->alt[i] >= r->k;
	case K_IN1:    return sc->in1[i] >= r->k;
	case K_OUT1:   return out1_both_sides(sc, i, r->k);
	}
	return 0;
}

static int push(struct mes_spc_violations *out, int rule, int series,
                int point)
{
	struct mes_spc_violation *v;

	/* Doubling at powers of two keeps the struct free of a capacity. */
	if ((out->count & (out->count - 1)) == 0) {
		v = realloc(out->v, (size_t)(out->count ? out->count * 2 : 1) *
		            sizeof *v);
		if (!v)
			return MES_ERR_NOMEM;
		out->v = v;
	}
	out->v[out->count].rule = rule;
	out->v[out->count].series = series;
	out->v[out->count].point = point;
	out->count++;
	return MES_OK;
}

/* Every rule of `rules` at point i of one scanned series. */
static int check_point(const struct scan *sc, int series, int i,
                       unsigned rules, struct mes_spc_violations *out)
{
	int r;

	for (r = 0; r < MES_SPC_NRULES; r++)
		if ((rules & MES_SPC_RULE(r)) && hit(sc, i, r) &&
		    push(out, r, series, i) != MES_OK)
			return MES_ERR_NOMEM;
	return MES_OK;
}

int mes_spc_rules_series(const struct mes_spc_series *s, int series,
                         int points, unsigned rules,
                         struct mes_spc_violations *out)
{
	struct scan sc;
	int i, rc = MES_OK;

	if (!s || !out || points < 0)
		return MES_ERR_ARG;
	if (scan_init(&sc, s, points) != MES_OK)
		return MES_ERR_NOMEM;
	for (i = 0; i < points && rc == MES_OK; i++)
		rc = check_point(&sc, series, i, rules, out);
	free(sc.buf);
	return rc;
}

int mes_spc_rules_check(const struct mes_spc_chart *c, unsigned rules,
                        struct mes_spc_violations *out)
{
	struct scan sc[2];
	int i, k, rc = MES_OK;

	if (!c || !out || c->nseries < 1 || c->nseries > 2)
		return MES_ERR_ARG;
	memset(sc, 0, sizeof sc);
	for (k = 0; k < c->nseries && rc == MES_OK; k++)
		rc = scan_init(&sc[k], &c->s[k], c->points);
	for (i = 0; i < c->points && rc == MES_OK; i++)
		for (k = 0; k < c->nseries && rc == MES_OK; k++)
			rc = check_point(&sc[k], k, i,
			                 k ? rules & MES_SPC_RULES_LIMITS : rules,
			                 out);
	for (k = 0; k < 2; k++)
		free(sc[k].buf);
	return rc;
}

void mes_spc_violations_free(struct mes_spc_violations *v)
{
	if (!v)
		return;
	free(v->v);
	memset(v, 0, sizeof *v);
}
