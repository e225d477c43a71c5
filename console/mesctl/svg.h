/* Plain SVG charts from report tables: no scripts, no outside files. */
#ifndef MESCTL_SVG_H
#define MESCTL_SVG_H

#include <stdio.h>
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

#endif
