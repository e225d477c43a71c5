/* What the benchmarks time with: a monotonic clock, and a percentile of
 * a sample.  Header only: each benchmark is one program of one file. */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <stdlib.h>
#include <time.h>

static inline double bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static inline double bench_now_ms(void)
{
	return bench_now_us() / 1e3;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th fraction (0.5: the median) of v[0..n), which it sorts. */
static inline double bench_pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	return n ? v[(int)(p * (n - 1))] : 0;
}

#endif
