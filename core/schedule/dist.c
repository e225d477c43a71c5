/*
 * Distributions for the simulation: fitted to a plant's samples, drawn
 * from a random source whose sequence depends on the seed alone, so a
 * simulation repeated with the same seed gives the same figures
 * anywhere.
 */
#include <math.h>
#include <stdlib.h>
#include "sched_int.h"

static unsigned long long splitmix64(unsigned long long *x)
{
	unsigned long long z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void sched_rng_seed(struct sched_rng *r, unsigned long long seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static unsigned long long rotl(unsigned long long x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static unsigned long long next(struct sched_rng *r)
{
	unsigned long long *s = r->s, out = rotl(s[1] * 5, 7) * 9;
	unsigned long long t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double sched_rng_unit(struct sched_rng *r)
{
	/* 53 random bits, shifted off zero by half a step. */
	return ((double)(next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double normal(struct sched_rng *r)
{
	double u = sched_rng_unit(r), v = sched_rng_unit(r);

	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

double sched_dist_draw(const struct mes_dist *d, struct sched_rng *r)
{
	if (!d)
		return 1.0;
	switch (d->kind) {
	case MES_DIST_CONST:
		return d->a;
	case MES_DIST_EXP:
		return -d->a * log(sched_rng_unit(r));
	case MES_DIST_LOGNORMAL:
		return exp(d->a + d->b * normal(r));
	case MES_DIST_EMPIRICAL:
		if (d->n > 0)
			return d->v[(int)(sched_rng_unit(r) * d->n) % d->n];
		return 1.0;
	case MES_DIST_NONE:
		break;
	}
	return 1.0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void mes_dist_fit(double *v, int n, int empirical,
                  enum mes_dist_kind fallback, struct mes_dist *d)
{
	double sum = 0, sq = 0;
	int i, k = 0;

	d->kind = MES_DIST_NONE;
	d->a = d->b = 0;
	d->v = NULL;
	d->n = n;
	if (n <= 0)
		return;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	if (n >= empirical && empirical > 0) {
		d->kind = MES_DIST_EMPIRICAL;
		d->v = v;
		return;
	}
	if (n < 3 || fallback == MES_DIST_NONE ||
	    fallback == MES_DIST_EMPIRICAL)
		return;
	if (fallback != MES_DIST_LOGNORMAL) {
		for (i = 0; i < n; i++)
			sum += v[i];
		d->kind = fallback;
		d->a = sum / n;
		return;
	}
	for (i = 0; i < n; i++)
		if (v[i] > 0) {
			sum += log(v[i]);
			k++;
		}
	if (k < 3)
		return;
	d->a = sum / k;
	for (i = 0; i < n; i++)
		if (v[i] > 0)
			sq += (log(v[i]) - d->a) * (log(v[i]) - d->a);
	d->b = sqrt(sq / (k - 1));
	d->kind = MES_DIST_LOGNORMAL;
}

double mes_dist_mean(const struct mes_dist *d)
{
	double sum = 0;
	int i;

	switch (d->kind) {
	case MES_DIST_CONST:
	case MES_DIST_EXP:
		return d->a;
	case MES_DIST_LOGNORMAL:
		return exp(d->a + d->b * d->b / 2);
	case MES_DIST_EMPIRICAL:
		for (i = 0; i < d->n; i++)
			sum += d->v[i];
		return d->n ? sum / d->n : 1.0;
	case MES_DIST_NONE:
		break;
	}
	return 1.0;
}

double mes_dist_median(const struct mes_dist *d)
{
	switch (d->kind) {
	case MES_DIST_CONST:
		return d->a;
	case MES_DIST_EXP:
		return d->a * log(2.0);
	case MES_DIST_LOGNORMAL:
		return exp(d->a);
	case MES_DIST_EMPIRICAL:
		if (!d->n)
			break;
		return d->n % 2 ? d->v[d->n / 2] :
		       (d->v[d->n / 2 - 1] + d->v[d->n / 2]) / 2;
	case MES_DIST_NONE:
		break;
	}
	return 1.0;
}

const char *mes_dist_name(enum mes_dist_kind k)
{
	static const char *const names[] = { "none", "constant", "exponential",
	                                     "lognormal", "empirical" };

	return k >= MES_DIST_NONE && k <= MES_DIST_EMPIRICAL ? names[k] : "?";
}
