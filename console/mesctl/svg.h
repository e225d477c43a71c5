/* Plain SVG charts from report tables: no scripts, no outside files. */
#ifndef MESCTL_SVG_H
#define MESCTL_SVG_H

#include <stdio.h>
#include <time.h>
#include "exchange.h"

/* Writes text with the five XML specials escaped. */
void svg_text(FILE *f, const char *s);
/* Bars of value_col by label_col, largest first, and the cumulative
 * share line from cum_col (percent). */
void svg_pareto(FILE *f, const struct mes_table *t, int label_col,
                int value_col, int cum_col, const char *title);
/* A Gantt chart of the "gantt" report: one lane per work center. */
void svg_gantt(FILE *f, const struct mes_table *t, const char *title);
/* A control chart of the "control" report: the means, the center line
 * and control limits, the specification limits. */
void svg_control(FILE *f, const struct mes_table *t, const char *title);

/* Lines over the same x labels (days), one per series, with a point and
 * its value as a tooltip where v is not NAN; the y axis runs from 0 to
 * ymax or the largest value. */
#define SVG_LINES_W 800
#define SVG_LINES_H 300
struct svg_lines {
	const char *title, *unit;          /* unit after values: "%" */
	int nx, ns;
	const char *const *xlabels;        /* nx */
	const char *const *names;          /* ns */
	const double *v;                   /* v[series * nx + x] */
	double ymax;
};
/* y: the offset when nested inside an outer svg element, else 0. */
void svg_lines(FILE *f, const struct svg_lines *l, int y);

/* Each order's completion as simulated against its due time, one row
 * each, in minutes from origin (a due time < 0: none). */
struct svg_risk_row {
	const char *label;
	double on_time;
	double p10, p50, p90, due;
};
struct svg_risk {
	const char *title;
	time_t origin;
	double max_min;                    /* the right end of the axis */
	const struct svg_risk_row *rows;
	int n;
};
void svg_risk(FILE *f, const struct svg_risk *r);

#endif
