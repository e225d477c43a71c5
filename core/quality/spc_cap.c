/*
 * Process capability.  Cp and Cpk use the within-subgroup sigma that the
 * control limits use (R-bar/d2, S-bar/c4, MR-bar/d2); Pp and Ppk the
 * overall sample standard deviation of the same values, without the c4
 * correction, as Montgomery (ch. 8) and the AIAG SPC manual define them.
 *
 * The "too few data" threshold follows the AIAG SPC manual (2nd ed.),
 * which asks for 25 or more subgroups holding 100 or more values before
 * an index is worth quoting.  Both that and a rule violation are only
 * flagged: an engineer looking at a short study still wants the numbers.
 */
#include <math.h>
#include <string.h>
#include "spc_int.h"

/* One set of indices from a mean and a sigma. */
static void indices(double lsl, double usl, double mean, double sigma,
                    double *both, double *lower, double *upper, double *k)
{
	*lower = isnan(lsl) ? NAN : (mean - lsl) / (3 * sigma);
	*upper = isnan(usl) ? NAN : (usl - mean) / (3 * sigma);
	*both = isnan(lsl) || isnan(usl) ? NAN : (usl - lsl) / (6 * sigma);
	/* fmin ignores a NAN side, which is what one-sided specs want. */
	*k = fmin(*lower, *upper);
}

static int check_args(const struct mes_spc_data *d,
                      const struct mes_spc_chart *c, double lsl, double usl,
                      char *err, size_t errn)
{
	if (!d || !c || !mes_spc_type_is_variables(d->type) || !d->x ||
	    c->base.type != d->type || c->base.size != d->size ||
	    c->nseries != 2)
		return spc_fail(MES_ERR_ARG, err, errn,
		                "capability needs a variables chart");
	if (isnan(lsl) && isnan(usl))
		return spc_fail(MES_ERR_ARG, err, errn,
		                "capability needs a specification limit");
	if (isinf(lsl) || isinf(usl) || (!isnan(lsl) && !isnan(usl) &&
	                                 !(lsl < usl)))
		return spc_fail(MES_ERR_ARG, err, errn,
		                "the lower specification limit %g is not below"
		                " the upper %g", lsl, usl);
	if (c->base.from < 0 || c->base.to > d->points ||
	    c->base.to - c->base.from < 2)
		return spc_fail(MES_ERR_RANGE, err, errn,
		                "the baseline %d:%d is not within the data",
		                c->base.from + 1, c->base.to);
	return MES_OK;
}

int mes_spc_capability(const struct mes_spc_data *d,
                       const struct mes_spc_chart *c, double lsl, double usl,
                       int violations, struct mes_spc_capability *out,
                       char *err, size_t errn)
{
	const double *v;
	double sum = 0, ss = 0;
	int i, rc, nv;

	if (!out)
		return MES_ERR_ARG;
	memset(out, 0, sizeof *out);
	if ((rc = check_args(d, c, lsl, usl, err, errn)) != MES_OK)
		return rc;
	v = d->x + (size_t)c->base.from * d->size;
	nv = (c->base.to - c->base.from) * d->size;
	for (i = 0; i < nv; i++)
		sum += v[i];
	out->mean = sum / nv;
	for (i = 0; i < nv; i++)
		ss += (v[i] - out->mean) * (v[i] - out->mean);
	out->values = nv;
	out->subgroups = c->base.to - c->base.from;
	out->lsl = lsl;
	out->usl = usl;
	out->sigma_within = c->sigma_within;
	out->sigma_overall = sqrt(ss / (nv - 1));
	indices(lsl, usl, out->mean, out->sigma_within, &out->cp, &out->cpl,
	        &out->cpu, &out->cpk);
	indices(lsl, usl, out->mean, out->sigma_overall, &out->pp, &out->ppl,
	        &out->ppu, &out->ppk);
	if (out->subgroups < MES_SPC_CAP_MIN_SUBGROUPS ||
	    nv < MES_SPC_CAP_MIN_VALUES)
		out->flags |= MES_SPC_CAP_FEW;
	if (violations > 0)
		out->flags |= MES_SPC_CAP_NOT_IN_CONTROL;
	return MES_OK;
}
