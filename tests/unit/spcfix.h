/*
 * The SPC tests' one step from data to a chart: a baseline over every
 * point, then the chart from it, as a first study with no frozen limits
 * would do. Shared by the limit, capability and run-rule tests.
 */
#ifndef SPCFIX_H
#define SPCFIX_H

#include <stdio.h>
#include "mes.h"
#include "spc.h"

/* Baseline over every point, then the chart; 0 when both work. */
static inline int chart_all(const struct mes_spc_data *d,
                            struct mes_spc_chart *c)
{
	struct mes_spc_base b;
	char err[256] = "";

	if (mes_spc_baseline(d, 0, d->points, &b, err, sizeof err) != MES_OK ||
	    mes_spc_chart_build(d, &b, c, err, sizeof err) != MES_OK) {
		fprintf(stderr, "  chart: %s\n", err);
		return -1;
	}
	return 0;
}
#endif
