/*
 * Charts as plain SVG 1.1, written out here: shapes and text only, so a
 * browser shows them and a printer prints them as they are.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "svg.h"

void svg_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: putc(*s, f);
		}
	}
}

/* y places a chart nested inside another svg element; 0 otherwise. */
static void open_svg_at(FILE *f, int w, int h, int y, const char *title)
{
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	        "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	        "font-family=\"sans-serif\" font-size=\"11\"", w, h, w, h);
	if (y)
		fprintf(f, " x=\"0\" y=\"%d\"", y);
	fputs(">\n", f);
	fputs("<title>", f);
	svg_text(f, title);
	fputs("</title>\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" "
	      "fill=\"white\"/>\n", f);
	fprintf(f, "<text x=\"%d\" y=\"18\" font-size=\"14\" "
	        "text-anchor=\"middle\">", w / 2);
	svg_text(f, title);
	fputs("</text>\n", f);
}

static void open_svg(FILE *f, int w, int h, const char *title)
{
	open_svg_at(f, w, h, 0, title);
}

void svg_pareto(FILE *f, const struct mes_table *t, int label_col,
                int value_col, int cum_col, const char *title)
{
	const int W = 800, H = 400, L = 60, R = 50, T = 40, B = 90;
	double max = 0, v, bw;
	int r, x, y, h, n = t->nrows;

	open_svg(f, W, H, title);
	for (r = 0; r < n; r++)
		if ((v = atof(mes_cell(t, r, value_col))) > max)
			max = v;
	if (max <= 0)
		max = 1;
	bw = n ? (double)(W - L - R) / n : 0;
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	        "stroke=\"black\"/>\n", L, H - B, W - R, H - B);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	        "stroke=\"black\"/>\n", L, T, L, H - B);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%g</text>\n",
	        L - 4, T + 4, max);
	fprintf(f, "<text x=\"%d\" y=\"%d\">100%%</text>\n", W - R + 4, T + 4);
	for (r = 0; r < n; r++) {
		v = atof(mes_cell(t, r, value_col));
		h = (int)lround(v / max * (H - B - T));
		x = L + (int)lround(r * bw);
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		        "fill=\"#4a78b5\"/>\n", x + 2, H - B - h,
		        (int)bw > 4 ? (int)bw - 4 : 1, h);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%g"
		        "</text>\n", x + (int)(bw / 2), H - B - h - 3, v);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		        "transform=\"rotate(-40 %d %d)\">", x + (int)(bw / 2),
		        H - B + 14, x + (int)(bw / 2), H - B + 14);
		svg_text(f, mes_cell(t, r, label_col));
		fputs("</text>\n", f);
	}
	if (cum_col < 0 || !n)
		goto done;
	fputs("<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" "
	      "points=\"", f);
	for (r = 0; r < n; r++) {
		y = H - B - (int)lround(atof(mes_cell(t, r, cum_col)) / 100 *
		                        (H - B - T));
		fprintf(f, "%s%d,%d", r ? " " : "", L + (int)lround((r + 0.5) *
		        bw), y);
	}
	fputs("\"/>\n", f);
done:
	fputs("</svg>\n", f);
}

static time_t iso_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (!strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
		return 0;
	return timegm(&tm);
}

static const char *bar_colour(const char *status, const char *kind)
{
	if (!strcmp(kind, "plan"))
		return "#9db8d9";
	if (!strcmp(status, "complete"))
		return "#5a9e5a";
	if (!strcmp(status, "paused"))
		return "#d9a63e";
	return "#2f6db3";
}

/* Lanes: the distinct work centers in the order the rows come. */
static int lane_of(const struct mes_table *t, int r, int *nlanes)
{
	int k;

	for (k = 0; k < r; k++)
		if (!strcmp(mes_cell(t, k, 0), mes_cell(t, r, 0)))
			break;
	if (k == r)
		return (*nlanes)++;
	return -1;
}

static void gantt_axis(FILE *f, time_t t0, time_t t1, int L, int W, int H,
                       int B)
{
	char buf[32];
	struct tm tm;
	time_t t;
	int k, x;

	for (k = 0; k <= 6; k++) {
		t = t0 + (t1 - t0) * k / 6;
		x = L + (int)((double)(t - t0) / (double)(t1 - t0) * (W - L - 10));
		gmtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%m-%d %H:%M", &tm);
		fprintf(f, "<line x1=\"%d\" y1=\"30\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"#ddd\"/>\n<text x=\"%d\" y=\"%d\" "
		        "text-anchor=\"middle\">%s</text>\n", x, x, H - B, x,
		        H - B + 14, buf);
	}
}

void svg_gantt(FILE *f, const struct mes_table *t, const char *title)
{
	const int L = 90, W = 1000, ROW = 26, B = 40;
	int *lane = calloc((size_t)t->nrows + 1, sizeof *lane);
	int r, k, n = 0, H, x0, x1, y;
	time_t t0 = 0, t1 = 0, s, e;

	for (r = 0; lane && r < t->nrows; r++) {
		s = iso_time(mes_cell(t, r, 4));
		e = iso_time(mes_cell(t, r, 5));
		if (!t0 || s < t0)
			t0 = s;
		if (e > t1)
			t1 = e;
		if ((lane[r] = lane_of(t, r, &n)) < 0)
			for (k = 0; k < r; k++)
				if (!strcmp(mes_cell(t, k, 0), mes_cell(t, r, 0))) {
					lane[r] = lane[k];
					break;
				}
	}
	if (t1 <= t0)
		t1 = t0 + 3600;
	H = 40 + n * ROW + B;
	open_svg(f, W, H, title);
	gantt_axis(f, t0, t1, L, W, H, B);
	for (r = 0; lane && r < t->nrows; r++) {
		y = 34 + lane[r] * ROW;
		if (r == 0 || lane[r] != lane[r - 1]) {
			fprintf(f, "<text x=\"4\" y=\"%d\">", y + 15);
			svg_text(f, mes_cell(t, r, 0));
			fputs("</text>\n", f);
		}
		x0 = L + (int)((double)(iso_time(mes_cell(t, r, 4)) - t0) /
		               (double)(t1 - t0) * (W - L - 10));
		x1 = L + (int)((double)(iso_time(mes_cell(t, r, 5)) - t0) /
		               (double)(t1 - t0) * (W - L - 10));
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		        "fill=\"%s\" stroke=\"#333\" stroke-width=\"0.5\"><title>",
		        x0, y, x1 > x0 ? x1 - x0 : 1, ROW - 6,
		        bar_colour(mes_cell(t, r, 3), mes_cell(t, r, 6)));
		svg_text(f, mes_cell(t, r, 1));
		fprintf(f, "/%s ", mes_cell(t, r, 2));
		svg_text(f, mes_cell(t, r, 7));
		putc(' ', f);
		svg_text(f, mes_cell(t, r, 4));
		fputs(" - ", f);
		svg_text(f, mes_cell(t, r, 5));
		fputs("</title></rect>\n", f);
		if (x1 - x0 > 60) {
			fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"white\">",
			        x0 + 3, y + 14);
			svg_text(f, mes_cell(t, r, 1));
			fprintf(f, "/%s</text>\n", mes_cell(t, r, 2));
		}
	}
	fputs("</svg>\n", f);
	free(lane);
}

struct yscale {
	double lo, hi;
	int top, bottom;
};

static int ypos(const struct yscale *s, double v)
{
	return s->bottom - (int)lround((v - s->lo) / (s->hi - s->lo) *
	                               (s->bottom - s->top));
}

static void widen(struct yscale *s, const char *cell)
{
	double v;

	if (!*cell)
		return;
	v = atof(cell);
	if (v < s->lo)
		s->lo = v;
	if (v > s->hi)
		s->hi = v;
}

/* A horizontal limit line with its name, when the table has one. */
static void hline(FILE *f, const struct yscale *s, const char *cell,
                  const char *name, const char *style, int L, int R)
{
	int y;

	if (!*cell)
		return;
	y = ypos(s, atof(cell));
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" %s/>\n"
	        "<text x=\"%d\" y=\"%d\">%s %s</text>\n", L, y, R, y, style,
	        R + 4, y + 4, name, cell);
}

void svg_control(FILE *f, const struct mes_table *t, const char *title)
{
	const int W = 800, H = 360, L = 50, R = 700;
	struct yscale s = { 1e300, -1e300, 40, H - 40 };
	double v, lcl, ucl;
	int r, c, x, y, n = t->nrows;

	for (r = 0; r < n; r++)
		for (c = 1; c <= 6; c++)
			widen(&s, mes_cell(t, r, c));
	if (!n || s.hi <= s.lo) {
		s.lo = n ? s.lo - 1 : 0;
		s.hi = n ? s.hi + 1 : 1;
	}
	v = (s.hi - s.lo) * 0.05;
	s.lo -= v;
	s.hi += v;
	open_svg(f, W, H, title);
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	        "fill=\"none\" stroke=\"black\"/>\n", L, s.top, R - L,
	        s.bottom - s.top);
	if (n) {
		hline(f, &s, mes_cell(t, 0, 2), "CL", "stroke=\"#2f6db3\"", L, R);
		hline(f, &s, mes_cell(t, 0, 3), "LCL", "stroke=\"#c0392b\" "
		      "stroke-dasharray=\"6,4\"", L, R);
		hline(f, &s, mes_cell(t, 0, 4), "UCL", "stroke=\"#c0392b\" "
		      "stroke-dasharray=\"6,4\"", L, R);
		hline(f, &s, mes_cell(t, 0, 5), "LSL", "stroke=\"#d98c1a\" "
		      "stroke-dasharray=\"2,3\"", L, R);
		hline(f, &s, mes_cell(t, 0, 6), "USL", "stroke=\"#d98c1a\" "
		      "stroke-dasharray=\"2,3\"", L, R);
		fputs("<polyline fill=\"none\" stroke=\"#444\" points=\"", f);
		for (r = 0; r < n; r++)
			fprintf(f, "%s%d,%d", r ? " " : "", L + 10 + (int)((double)
			        r / (n > 1 ? n - 1 : 1) * (R - L - 20)),
			        ypos(&s, atof(mes_cell(t, r, 1))));
		fputs("\"/>\n", f);
	}
	for (r = 0; r < n; r++) {
		v = atof(mes_cell(t, r, 1));
		lcl = *mes_cell(t, r, 3) ? atof(mes_cell(t, r, 3)) : -1e300;
		ucl = *mes_cell(t, r, 4) ? atof(mes_cell(t, r, 4)) : 1e300;
		x = L + 10 + (int)((double)r / (n > 1 ? n - 1 : 1) *
		                   (R - L - 20));
		y = ypos(&s, v);
		fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\">"
		        "<title>", x, y, v < lcl || v > ucl ? "#c0392b" :
		        "#2f6db3");
		svg_text(f, mes_cell(t, r, 0));
		fprintf(f, ": %s</title></circle>\n", mes_cell(t, r, 1));
	}
	fputs("</svg>\n", f);
}

static const char *const line_colours[] = { "#2f6db3", "#5a9e5a",
	"#d9a63e", "#c0392b", "#7d3c98", "#555555" };

static void lines_axes(FILE *f, const struct svg_lines *l, double ymax,
                       int L, int R, int T, int B)
{
	int k, x, y, step = l->nx > 16 ? (l->nx + 15) / 16 : 1;
	double dx = l->nx > 1 ? (double)(SVG_LINES_W - L - R) / (l->nx - 1) : 0;

	for (k = 0; k <= 4; k++) {
		y = SVG_LINES_H - B - (int)lround(k / 4.0 * (SVG_LINES_H - B - T));
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"%s\"/>\n<text x=\"%d\" y=\"%d\" "
		        "text-anchor=\"end\">%g%s</text>\n", L, y,
		        SVG_LINES_W - R, y, k ? "#ddd" : "black", L - 4, y + 4,
		        ymax * k / 4, l->unit);
	}
	for (k = 0; k < l->nx; k += step) {
		x = L + (int)lround(k * dx);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
		        x, SVG_LINES_H - B + 14);
		svg_text(f, l->xlabels[k]);
		fputs("</text>\n", f);
	}
	for (k = 0; k < l->ns; k++) {
		x = L + 110 * k;
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\""
		        " fill=\"%s\"/>\n<text x=\"%d\" y=\"%d\">", x,
		        SVG_LINES_H - 14, line_colours[k % 6], x + 16,
		        SVG_LINES_H - 9);
		svg_text(f, l->names[k]);
		fputs("</text>\n", f);
	}
}

void svg_lines(FILE *f, const struct svg_lines *l, int y)
{
	const int L = 50, R = 20, T = 34, B = 44;
	double ymax = l->ymax > 0 ? l->ymax : 1, v, dx;
	int s, k, x, py, open;

	for (k = 0; k < l->nx * l->ns; k++)
		if (!isnan(l->v[k]) && l->v[k] > ymax)
			ymax = l->v[k];
	dx = l->nx > 1 ? (double)(SVG_LINES_W - L - R) / (l->nx - 1) : 0;
	open_svg_at(f, SVG_LINES_W, SVG_LINES_H, y, l->title);
	lines_axes(f, l, ymax, L, R, T, B);
	for (s = 0; s < l->ns; s++) {
		/* A gap (NAN) ends one line and the next point starts another. */
		for (k = 0, open = 0; k <= l->nx; k++) {
			v = k < l->nx ? l->v[s * l->nx + k] : NAN;
			if (isnan(v)) {
				if (open)
					fputs("\"/>\n", f);
				open = 0;
				continue;
			}
			x = L + (int)lround(k * dx);
			py = SVG_LINES_H - B - (int)lround(v / ymax *
			                                  (SVG_LINES_H - B - T));
			if (!open)
				fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" "
				        "stroke-width=\"2\" points=\"",
				        line_colours[s % 6]);
			fprintf(f, "%s%d,%d", open ? " " : "", x, py);
			open = 1;
		}
		for (k = 0; k < l->nx; k++) {
			if (isnan(v = l->v[s * l->nx + k]))
				continue;
			fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" "
			        "fill=\"%s\"><title>", L + (int)lround(k * dx),
			        SVG_LINES_H - B - (int)lround(v / ymax *
			                                      (SVG_LINES_H - B - T)),
			        line_colours[s % 6]);
			svg_text(f, l->xlabels[k]);
			putc(' ', f);
			svg_text(f, l->names[s]);
			fprintf(f, " %.1f%s</title></circle>\n", v, l->unit);
		}
	}
	fputs("</svg>\n", f);
}

/* Minutes from the origin as an x position. */
static int risk_x(const struct svg_risk *r, double min, int L, int W)
{
	double span = r->max_min > 0 ? r->max_min : 1;

	if (min > span)
		min = span;
	return L + (int)lround(min / span * (W - L - 20));
}

void svg_risk(FILE *f, const struct svg_risk *r)
{
	const int W = 900, L = 190, T = 50, RH = 14;
	int H = T + RH * r->n + 40, i, d;
	char buf[32];

	open_svg(f, W, H, r->title);
	for (d = 0; d * 1440.0 <= r->max_min; d++) {
		time_t t = r->origin + (time_t)d * 86400;
		struct tm tm;
		int x = risk_x(r, d * 1440.0, L, W);

		gmtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%m-%d", &tm);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"#dddddd\"/>\n", x, T - 6, x, H - 40);
		if (r->max_min < 1440 * 40 || d % 7 == 0)
			fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
			        "%s</text>\n", x, T - 10, buf);
	}
	for (i = 0; i < r->n; i++) {
		const struct svg_risk_row *w = &r->rows[i];
		int y = T + i * RH, x1 = risk_x(r, w->p10, L, W);
		int x2 = risk_x(r, w->p90, L, W), xd = risk_x(r, w->due, L, W);

		fprintf(f, "<text x=\"4\" y=\"%d\">", y + 10);
		svg_text(f, w->label);
		fprintf(f, "</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">"
		        "%.0f%%</text>\n", L - 6, y + 10, w->on_time * 100);
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"8\" "
		        "fill=\"%s\"><title>P10-P90</title></rect>\n", x1, y + 3,
		        x2 > x1 ? x2 - x1 : 1, w->on_time < 0.5 ? "#e3a19a" :
		        w->on_time < 0.9 ? "#e8cf8a" : "#9fcf9f");
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		        "stroke=\"black\" stroke-width=\"2\"/>\n",
		        risk_x(r, w->p50, L, W), y + 1, risk_x(r, w->p50, L, W),
		        y + 13);
		if (w->due >= 0)
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			        "stroke=\"#c0392b\" stroke-width=\"2\"/>\n", xd, y,
			        xd, y + 14);
	}
	fprintf(f, "<text x=\"4\" y=\"%d\">Bar: 10th to 90th percentile of "
	        "the completion; black: the median; red: the due time; %% the "
	        "share of runs on time.</text>\n</svg>\n", H - 16);
}
