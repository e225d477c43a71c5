/*
 * The OEE trend picture: OEE, availability, performance and quality per
 * day, one chart per work center, from the core's day rows
 * (mes_oee_report) drawn with svg_lines.  Days without a shift have no
 * point, so a weekend shows as a gap rather than as zero.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "machine.h"
#include "mesctl.h"
#include "svg.h"

#define TREND_DAYS_MAX 400

struct trend {
	struct mes_oee *row;
	size_t n, cap;
};

static int keep_day(const struct mes_oee *o, void *ctx)
{
	struct trend *t = ctx;
	struct mes_oee *p;

	if (o->shift[0])
		return 0;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		if (!(p = realloc(t->row, t->cap * sizeof *p)))
			return 1;
		t->row = p;
	}
	t->row[t->n++] = *o;
	return 0;
}

/* Every calendar day from..to as YYYY-MM-DD; the count, -1 when too many. */
static int day_labels(const char *from, const char *to,
                      char (*day)[11])
{
	struct tm tm;
	time_t t;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (!strptime(from, "%Y-%m-%d", &tm))
		return 0;
	for (t = timegm(&tm); n <= TREND_DAYS_MAX; t += 86400) {
		gmtime_r(&t, &tm);
		strftime(day[n], 11, "%Y-%m-%d", &tm);
		if (strcmp(day[n], to) > 0)
			return n;
		n++;
	}
	return -1;
}

static void wc_chart(FILE *f, const struct trend *t, const char *wc,
                     char (*day)[11], int nx, int y)
{
	static const char *const names[] = { "OEE", "availability",
		"performance", "quality" };
	const char *labels[TREND_DAYS_MAX + 1];
	double v[4 * (TREND_DAYS_MAX + 1)];
	struct svg_lines l;
	char title[80];
	size_t r;
	int k;

	for (k = 0; k < nx; k++)
		labels[k] = day[k] + 5;          /* MM-DD under the axis */
	for (k = 0; k < 4 * nx; k++)
		v[k] = NAN;
	for (r = 0; r < t->n; r++) {
		if (strcmp(t->row[r].wc, wc))
			continue;
		for (k = 0; k < nx && strcmp(day[k], t->row[r].date); k++)
			;
		if (k == nx)
			continue;
		v[k] = t->row[r].oee * 100;
		v[nx + k] = t->row[r].availability * 100;
		v[2 * nx + k] = t->row[r].performance * 100;
		v[3 * nx + k] = t->row[r].quality * 100;
	}
	snprintf(title, sizeof title, "OEE by day: %s", wc);
	memset(&l, 0, sizeof l);
	l.title = title;
	l.unit = "%";
	l.nx = nx;
	l.ns = 4;
	l.xlabels = labels;
	l.names = names;
	l.v = v;
	l.ymax = 100;
	svg_lines(f, &l, y);
}

/* The distinct work centers in the order the rows come. */
static int first_of_wc(const struct trend *t, size_t r)
{
	size_t k;

	for (k = 0; k < r; k++)
		if (!strcmp(t->row[k].wc, t->row[r].wc))
			return 0;
	return 1;
}

int ctl_oee_trend(struct ctl *c, FILE *f, const char *from, const char *to,
                  const char *wc, int standalone)
{
	static char day[TREND_DAYS_MAX + 1][11];
	struct trend t = { NULL, 0, 0 };
	size_t r;
	int nx, nwc = 0, k = 0;

	if (mes_oee_report(c->db, from, to, wc, keep_day, &t) != MES_OK) {
		free(t.row);
		return ctl_fail(c, "report oee");
	}
	if ((nx = day_labels(from, to, day)) < 0) {
		free(t.row);
		fprintf(stderr, "mesctl: report oee: the picture shows up to "
		        "%d days; choose a shorter --from/--to\n",
		        TREND_DAYS_MAX);
		return EXIT_USAGE;
	}
	for (r = 0; r < t.n; r++)
		nwc += first_of_wc(&t, r);
	if (standalone)
		fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
		        "xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
		        "width=\"%d\" height=\"%d\">\n", SVG_LINES_W,
		        SVG_LINES_H * (nwc ? nwc : 1));
	if (!nwc)
		fputs(standalone ? "<text x=\"20\" y=\"30\">No shifts in these "
		      "days.</text>\n" : "<p>(no shifts in these days)</p>\n", f);
	for (r = 0; r < t.n; r++)
		if (first_of_wc(&t, r))
			wc_chart(f, &t, t.row[r].wc, day, nx,
			         standalone ? SVG_LINES_H * k++ : 0);
	if (standalone)
		fputs("</svg>\n", f);
	free(t.row);
	return EXIT_OK;
}
