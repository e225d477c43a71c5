/*
 * Centre lines and control limits: the baseline statistics, then the
 * limits they give for every point.  The formulas are Montgomery's,
 * "Introduction to Statistical Quality Control", chapters 6 and 7.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "spc_int.h"

/* Catches arrays that do not fit the type before anything reads them. */
static int check_data(const struct mes_spc_data *d, char *err, size_t errn)
{
	int i, k, vars;

	if (!d || d->points < 1)
		return spc_fail(MES_ERR_ARG, err, errn, "no data points");
	vars = mes_spc_type_is_variables(d->type);
	if (vars && !d->x)
		return spc_fail(MES_ERR_ARG, err, errn, "no values");
	if (!vars && (!d->count || (d->type != MES_SPC_C && !d->n)))
		return spc_fail(MES_ERR_ARG, err, errn, "no counts");
	if (d->type == MES_SPC_IMR && d->size != 1)
		return spc_fail(MES_ERR_ARG, err, errn,
		                "an I-MR chart takes one value per point");
	if ((d->type == MES_SPC_XBAR_R || d->type == MES_SPC_XBAR_S) &&
	    (d->size < MES_SPC_NMIN || d->size > MES_SPC_NMAX))
		return spc_fail(MES_ERR_RANGE, err, errn,
		                "subgroup size %d is outside %d..%d", d->size,
		                MES_SPC_NMIN, MES_SPC_NMAX);
	for (i = 0; i < d->points; i++) {
		if (vars) {
			for (k = 0; k < d->size; k++)
				if (!isfinite(d->x[(size_t)i * d->size + k]))
					goto bad;
		} else if (!isfinite(d->count[i]) || d->count[i] < 0 ||
		           (d->n && !(d->n[i] > 0 && isfinite(d->n[i])))) {
			goto bad;
		} else if ((d->type == MES_SPC_P || d->type == MES_SPC_NP) &&
		           d->count[i] > d->n[i]) {
			goto bad;  /* more defectives than items */
		}
	}
	return MES_OK;
bad:
	return spc_fail(MES_ERR_ARG, err, errn,
	                "point %d (line %d): not a valid value", i + 1,
	                spc_line(d, i));
}

/* Mean, range and sample standard deviation of subgroup i. */
static void subgroup(const struct mes_spc_data *d, int i, double *mean,
                     double *range, double *sd)
{
	const double *v = d->x + (size_t)i * d->size;
	double sum = 0, lo = v[0], hi = v[0], ss = 0, m;
	int k;

	for (k = 0; k < d->size; k++) {
		sum += v[k];
		if (v[k] < lo)
			lo = v[k];
		if (v[k] > hi)
			hi = v[k];
	}
	m = sum / d->size;
	for (k = 0; k < d->size; k++)
		ss += (v[k] - m) * (v[k] - m);
	*mean = m;
	*range = hi - lo;
	*sd = d->size > 1 ? sqrt(ss / (d->size - 1)) : 0;
}

static void base_variables(const struct mes_spc_data *d,
                           struct mes_spc_base *b)
{
	double sum = 0, spread = 0, m, r, s;
	int i;

	if (d->type == MES_SPC_IMR) {
		for (i = b->from; i < b->to; i++) {
			sum += d->x[i];
			if (i > b->from)
				spread += fabs(d->x[i] - d->x[i - 1]);
		}
		b->center = sum / (b->to - b->from);
		b->spread = spread / (b->to - b->from - 1);
		return;
	}
	for (i = b->from; i < b->to; i++) {
		subgroup(d, i, &m, &r, &s);
		sum += m;
		spread += d->type == MES_SPC_XBAR_R ? r : s;
	}
	b->center = sum / (b->to - b->from);
	b->spread = spread / (b->to - b->from);
}

static int base_attributes(const struct mes_spc_data *d,
                           struct mes_spc_base *b, char *err, size_t errn)
{
	double defects = 0, inspected = 0;
	int i;

	for (i = b->from; i < b->to; i++) {
		defects += d->count[i];
		inspected += d->n ? d->n[i] : 1;
		if (d->type == MES_SPC_NP && d->n[i] != d->n[b->from])
			return spc_fail(MES_ERR_ARG, err, errn,
			                "line %d: an np chart needs one sample"
			                " size, but this is %g and line %d has %g"
			                " (use a p chart)", spc_line(d, i),
			                d->n[i], spc_line(d, b->from),
			                d->n[b->from]);
	}
	if (d->type == MES_SPC_C)
		inspected = b->to - b->from;
	if (d->type == MES_SPC_NP && d->n[b->from] > 1e9)
		return spc_fail(MES_ERR_RANGE, err, errn, "line %d: sample"
		                " size %g is too large for an np chart",
		                spc_line(d, b->from), d->n[b->from]);
	if (d->type == MES_SPC_NP)
		b->size = (int)d->n[b->from];
	b->center = defects / inspected;
	b->spread = 0;
	return MES_OK;
}

int mes_spc_baseline(const struct mes_spc_data *d, int from, int to,
                     struct mes_spc_base *b, char *err, size_t errn)
{
	int rc;

	if (!b)
		return MES_ERR_ARG;
	memset(b, 0, sizeof *b);
	if ((rc = check_data(d, err, errn)) != MES_OK)
		return rc;
	if (from < 0 || to > d->points || to - from < 2)
		return spc_fail(MES_ERR_RANGE, err, errn,
		                "baseline %d:%d is not a range of at least 2 of"
		                " the points 1:%d", from + 1, to, d->points);
	b->type = d->type;
	b->size = d->size;
	b->from = from;
	b->to = to;
	if (mes_spc_type_is_variables(d->type)) {
		base_variables(d, b);
		return MES_OK;
	}
	return base_attributes(d, b, err, errn);
}

/* Limits cl -/+ 3 sigma, clipped to what the statistic can reach. */
static void set_point(struct mes_spc_series *s, int i, double x, double sigma,
                      double floor, double ceiling)
{
	s->x[i] = x;
	s->sigma[i] = sigma;
	s->lcl[i] = fmax(s->cl - 3 * sigma, floor);
	s->ucl[i] = fmin(s->cl + 3 * sigma, ceiling);
}

static int alloc_series(struct mes_spc_chart *c, int nseries)
{
	size_t n = (size_t)c->points;
	double *p = calloc(n * 4 * (size_t)nseries, sizeof *p);
	int k;

	if (!p)
		return MES_ERR_NOMEM;
	c->buf = p;
	c->nseries = nseries;
	for (k = 0; k < nseries; k++) {
		c->s[k].x = p;
		c->s[k].lcl = p + n;
		c->s[k].ucl = p + 2 * n;
		c->s[k].sigma = p + 3 * n;
		p += 4 * n;
	}
	return MES_OK;
}

/*
 * The R and S limits are the published D3/D4 and B3/B4 multiples of the
 * centre; their sigma is taken back out of the upper limit so the zones
 * agree with the limits drawn.
 */
static void build_xbar(const struct mes_spc_data *d,
                       const struct mes_spc_base *b, struct mes_spc_chart *c)
{
	struct mes_spc_constants k;
	struct mes_spc_series *xs = &c->s[0], *rs = &c->s[1];
	double m, r, sd, half, lo, hi;
	int i, is_r = b->type == MES_SPC_XBAR_R;

	mes_spc_constants(b->size, &k);
	half = (is_r ? k.A2 : k.A3) * b->spread;
	lo = (is_r ? k.D3 : k.B3) * b->spread;
	hi = (is_r ? k.D4 : k.B4) * b->spread;
	xs->name = "xbar";
	xs->cl = b->center;
	rs->name = is_r ? "r" : "s";
	rs->cl = b->spread;
	c->sigma_within = is_r ? b->spread / k.d2 : b->spread / k.c4;
	for (i = 0; i < c->points; i++) {
		subgroup(d, i, &m, &r, &sd);
		set_point(xs, i, m, half / 3, -INFINITY, INFINITY);
		rs->x[i] = is_r ? r : sd;
		rs->lcl[i] = lo;
		rs->ucl[i] = hi;
		rs->sigma[i] = (hi - b->spread) / 3;
	}
}

static void build_imr(const struct mes_spc_data *d,
                      const struct mes_spc_base *b, struct mes_spc_chart *c)
{
	struct mes_spc_constants k;
	struct mes_spc_series *xs = &c->s[0], *mr = &c->s[1];
	int i;

	mes_spc_constants(2, &k);
	xs->name = "x";
	xs->cl = b->center;
	mr->name = "mr";
	mr->cl = b->spread;
	c->sigma_within = b->spread / k.d2;
	for (i = 0; i < c->points; i++) {
		set_point(xs, i, d->x[i], c->sigma_within, -INFINITY, INFINITY);
		mr->x[i] = i ? fabs(d->x[i] - d->x[i - 1]) : NAN;
		mr->lcl[i] = k.D3 * b->spread;
		mr->ucl[i] = k.D4 * b->spread;
		mr->sigma[i] = (k.D4 - 1) * b->spread / 3;
	}
}

static int build_attributes(const struct mes_spc_data *d,
                            const struct mes_spc_base *b,
                            struct mes_spc_chart *c, char *err, size_t errn)
{
	static const char *const names[] = {
		[MES_SPC_P] = "p", [MES_SPC_NP] = "np", [MES_SPC_C] = "c",
		[MES_SPC_U] = "u",
	};
	struct mes_spc_series *s = &c->s[0];
	double ctr = b->center, n;
	int i;

	s->name = names[b->type];
	s->cl = b->type == MES_SPC_NP ? b->size * ctr : ctr;
	c->sigma_within = NAN;
	for (i = 0; i < c->points; i++) {
		n = d->n ? d->n[i] : 1;
		if (b->type != MES_SPC_C && i && n != d->n[i - 1])
			c->varying = 1;
		switch (b->type) {
		case MES_SPC_P:
			set_point(s, i, d->count[i] / n,
			          sqrt(ctr * (1 - ctr) / n), 0, 1);
			break;
		case MES_SPC_NP:
			if (n != b->size)
				return spc_fail(MES_ERR_ARG, err, errn,
				                "line %d: an np chart needs one"
				                " sample size, %d, but this is %g"
				                " (use a p chart)",
				                spc_line(d, i), b->size, n);
			set_point(s, i, d->count[i],
			          sqrt(n * ctr * (1 - ctr)), 0, n);
			break;
		case MES_SPC_C:
			set_point(s, i, d->count[i], sqrt(ctr), 0, INFINITY);
			break;
		default:
			set_point(s, i, d->count[i] / n, sqrt(ctr / n), 0,
			          INFINITY);
			break;
		}
	}
	return MES_OK;
}

int mes_spc_chart_build(const struct mes_spc_data *d,
                        const struct mes_spc_base *b, struct mes_spc_chart *c,
                        char *err, size_t errn)
{
	int rc, vars;

	if (!c || !b)
		return MES_ERR_ARG;
	memset(c, 0, sizeof *c);
	if ((rc = check_data(d, err, errn)) != MES_OK)
		return rc;
	if (b->type != d->type ||
	    (mes_spc_type_is_variables(d->type) && b->size != d->size))
		return spc_fail(MES_ERR_ARG, err, errn,
		                "the baseline (%s, size %d) does not fit the"
		                " data (%s, size %d)", mes_spc_type_name(b->type),
		                b->size, mes_spc_type_name(d->type), d->size);
	vars = mes_spc_type_is_variables(d->type);
	c->base = *b;
	c->points = d->points;
	if ((rc = alloc_series(c, vars ? 2 : 1)) != MES_OK)
		return spc_fail(rc, err, errn, "out of memory");
	if (d->type == MES_SPC_IMR)
		build_imr(d, b, c);
	else if (vars)
		build_xbar(d, b, c);
	else if ((rc = build_attributes(d, b, c, err, errn)) != MES_OK)
		mes_spc_chart_free(c);
	return rc;
}

void mes_spc_chart_free(struct mes_spc_chart *c)
{
	if (!c)
		return;
	free(c->buf);
	memset(c, 0, sizeof *c);
}
