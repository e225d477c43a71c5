/*
 * mesctl report production|scrap|labor|genealogy|gantt|shift: tables as
 * aligned text, --csv or --json; --svg FILE for the Gantt chart and the
 * scrap Pareto; the shift report as one HTML file with the charts inline.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "csv.h"
#include "exchange.h"
#include "mesctl.h"
#include "svg.h"

static void text_out(FILE *f, const struct mes_table *t)
{
	size_t w[MES_TABLE_COLS], l;
	int r, c;

	for (c = 0; c < t->ncols; c++)
		w[c] = strlen(t->cols[c]);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if ((l = strlen(mes_cell(t, r, c))) > w[c])
				w[c] = l;
	for (r = -1; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = r < 0 ? t->cols[c] : mes_cell(t, r, c);
			int right = r >= 0 && (t->numeric >> c & 1);

			if (c == t->ncols - 1 && !right)
				fprintf(f, "%s", s);
			else
				fprintf(f, right ? "%*s" : "%-*s", (int)w[c], s);
			if (c < t->ncols - 1)
				fputs("  ", f);
		}
		putc('\n', f);
	}
}

static void csv_out(FILE *f, const struct mes_table *t)
{
	int r, c;

	for (r = -1; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				putc(',', f);
			mes_csv_put(f, r < 0 ? t->cols[c] : mes_cell(t, r, c));
		}
		fputs("\r\n", f);
	}
}

static void json_out(FILE *f, const struct mes_table *t)
{
	struct mes_json j;
	const char *s;
	char *end;
	int r, c;

	fputs("[", f);
	for (r = 0; r < t->nrows; r++) {
		mes_json_init(&j);
		for (c = 0; c < t->ncols; c++) {
			s = mes_cell(t, r, c);
			if (t->numeric >> c & 1 && *s &&
			    (strtod(s, &end), !*end))
				mes_json_num(&j, t->cols[c], strtod(s, NULL));
			else
				mes_json_str(&j, t->cols[c], s);
		}
		fprintf(f, "%s%s", r ? ",\n " : "\n ", mes_json_done(&j));
		mes_json_free(&j);
	}
	fputs(t->nrows ? "\n]\n" : "]\n", f);
}

struct ropts {
	struct mes_report_opts o;
	const char *svg, *html;
	int csv, json;
};

/* The picture into path, written beside it and renamed. */
static int write_svg(const char *kind, const struct mes_table *t,
                     const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return EXIT_FAIL;
	if (!strcmp(kind, "gantt"))
		svg_gantt(f, t, "Operations by work center");
	else if (!strcmp(kind, "control"))
		svg_control(f, t, "Control chart");
	else if (!strcmp(kind, "downtime"))
		svg_pareto(f, t, 0, 2, 5, "Downtime minutes by reason (Pareto)");
	else
		svg_pareto(f, t, 0, 2, 5, "Scrap by reason (Pareto)");
	fclose(f);
	rc = ctl_write_file(path, buf, len);
	free(buf);
	if (rc == EXIT_OK)
		fprintf(stderr, "wrote %s\n", path);
	return rc;
}

static int one_report(struct ctl *c, const char *kind, struct ropts *r)
{
	struct mes_table t;
	int rc = EXIT_OK;

	if (r->svg && strcmp(kind, "gantt") && strcmp(kind, "scrap") &&
	    strcmp(kind, "control") && strcmp(kind, "downtime")) {
		fprintf(stderr, "mesctl: report %s: no picture; --svg goes with"
		        " gantt, scrap, downtime and control\n", kind);
		return EXIT_USAGE;
	}
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_report(c->db, kind, &r->o, &t) != MES_OK)
		return ctl_fail(c, "report");
	if (r->svg)
		rc = write_svg(kind, &t, r->svg);
	if (r->csv)
		csv_out(stdout, &t);
	else if (r->json)
		json_out(stdout, &t);
	else
		text_out(stdout, &t);
	mes_table_free(&t);
	return rc;
}

static void html_table(FILE *f, const struct mes_table *t)
{
	int r, c;

	if (!t->nrows) {
		fputs("<p>(none)</p>\n", f);
		return;
	}
	fputs("<table><tr>", f);
	for (c = 0; c < t->ncols; c++) {
		fputs("<th>", f);
		svg_text(f, t->cols[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (c = 0; c < t->ncols; c++) {
			fputs(t->numeric >> c & 1 ? "<td class=\"n\">" : "<td>", f);
			svg_text(f, mes_cell(t, r, c));
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

struct part {
	const char *title, *kind, *by;
	int chart;               /* 1 Pareto, 2 Gantt */
};

static const struct part parts[] = {
	{ "Production by order", "production", "order", 0 },
	{ "Production by shift and work center", "production", "shift", 0 },
	{ "Scrap by reason", "scrap", NULL, 1 },
	{ "Downtime by reason", "shift-downtime", NULL, 0 },
	{ "Operations", "gantt", NULL, 2 },
	{ "Labor", "labor", NULL, 0 },
	{ "Orders most at risk (the newest simulation)", "risk", NULL, 0 },
};

static const char shift_css[] =
	"body{font-family:sans-serif;font-size:10pt;margin:1.5em}"
	"h1{font-size:15pt}h2{font-size:12pt;border-bottom:1px solid #444;"
	"margin-top:1.4em}table{border-collapse:collapse}"
	"th,td{border:1px solid #999;padding:2px 6px;text-align:left}"
	"th{background:#eee}td.n{text-align:right}svg{max-width:100%;"
	"height:auto}@media print{h2{page-break-after:avoid}"
	"svg,table{page-break-inside:avoid}}";

/* A control chart for each characteristic measured most in the window. */
static int shift_control(struct ctl *c, FILE *f, struct ropts *r)
{
	struct mes_table chars, t;
	char title[200];
	int k;

	r->o.by = NULL;
	if (mes_report(c->db, "spc-chars", &r->o, &chars) != MES_OK)
		return ctl_fail(c, "report shift");
	fputs("<h2>Control charts</h2>\n", f);
	if (!chars.nrows)
		fputs("<p>(no measurements)</p>\n", f);
	for (k = 0; k < chars.nrows; k++) {
		r->o.key = mes_cell(&chars, k, 0);
		if (mes_report(c->db, "control", &r->o, &t) != MES_OK) {
			mes_table_free(&chars);
			return ctl_fail(c, "report shift");
		}
		snprintf(title, sizeof title, "%s %s", mes_cell(&chars, k, 0),
		         mes_cell(&chars, k, 1));
		svg_control(f, &t, title);
		mes_table_free(&t);
	}
	r->o.key = NULL;
	mes_table_free(&chars);
	return EXIT_OK;
}

/* The OEE trend over the days the report covers. */
static int shift_oee(struct ctl *c, FILE *f, const struct ropts *r)
{
	char from[11], to[11], now[32];

	mes_now_iso(now);
	snprintf(from, sizeof from, "%.10s", r->o.from);
	snprintf(to, sizeof to, "%.10s", r->o.to ? r->o.to : now);
	fputs("<h2>OEE by day</h2>\n", f);
	return ctl_oee_trend(c, f, from, to, NULL, 0);
}

static int shift_parts(struct ctl *c, FILE *f, struct ropts *r)
{
	struct mes_table t;
	size_t k;

	for (k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		r->o.by = parts[k].by;
		if (mes_report(c->db, parts[k].kind, &r->o, &t) != MES_OK)
			return ctl_fail(c, "report shift");
		fprintf(f, "<h2>%s</h2>\n", parts[k].title);
		if (parts[k].chart == 1 && t.nrows)
			svg_pareto(f, &t, 0, 2, 5, "Scrap by reason (Pareto)");
		if (parts[k].chart == 2 && t.nrows)
			svg_gantt(f, &t, "Operations by work center");
		if (parts[k].chart != 2)
			html_table(f, &t);
		else if (!t.nrows)
			fputs("<p>(none)</p>\n", f);
		mes_table_free(&t);
	}
	return shift_oee(c, f, r) != EXIT_OK ? EXIT_FAIL :
	       shift_control(c, f, r);
}

static int shift_report(struct ctl *c, struct ropts *r)
{
	char today[11], now[32], *buf = NULL;
	time_t tt = time(NULL);
	struct tm tm;
	size_t len = 0;
	FILE *f;
	int rc;

	if (!r->html)
		return ctl_usage(c);
	gmtime_r(&tt, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	if (!r->o.from)
		r->o.from = today;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!(f = open_memstream(&buf, &len)))
		return EXIT_FAIL;
	mes_now_iso(now);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
	        "\"utf-8\"><title>Shift report</title><style>%s</style></head>"
	        "<body>\n<h1>Shift report</h1>\n<p>From ", shift_css);
	svg_text(f, r->o.from);
	fputs(" to ", f);
	svg_text(f, r->o.to ? r->o.to : "now");
	fprintf(f, " (UTC); made %s</p>\n", now);
	rc = shift_parts(c, f, r);
	fputs("</body></html>\n", f);
	fclose(f);
	if (rc == EXIT_OK && (rc = ctl_write_file(r->html, buf, len)) ==
	    EXIT_OK)
		printf("wrote %s\n", r->html);
	free(buf);
	return rc;
}

/* The options every table report takes, checked for this one. */
static int parse(struct ctl *c, int argc, char **argv, struct ropts *r)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 's' },
		{ "html", required_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kind = argv[0];
	int o, want_key = !strcmp(kind, "genealogy") ||
	                  !strcmp(kind, "control");

	memset(r, 0, sizeof *r);
	r->json = c->json;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'f': r->o.from = optarg; break;
		case 't': r->o.to = optarg; break;
		case 'b': r->o.by = optarg; break;
		case 'c': r->csv = 1; break;
		case 'j': r->json = 1; break;
		case 's': r->svg = optarg; break;
		case 'h': r->html = optarg; break;
		default: return ctl_usage(c);
		}
	}
	if (optind != argc - want_key || (r->html && strcmp(kind, "shift")) ||
	    (r->o.by && strcmp(kind, "production")) ||
	    (r->o.by && strcmp(r->o.by, "order") && strcmp(r->o.by, "shift")))
		return ctl_usage(c);
	if (want_key)
		r->o.key = argv[optind];
	return EXIT_OK;
}

/* production, scrap, downtime, labor, genealogy, gantt, control */
int ctl_report_table(struct ctl *c, int argc, char **argv)
{
	struct ropts r;
	int rc = parse(c, argc, argv, &r);

	return rc != EXIT_OK ? rc : one_report(c, argv[0], &r);
}

int ctl_report_shift(struct ctl *c, int argc, char **argv)
{
	struct ropts r;
	int rc = parse(c, argc, argv, &r);

	return rc != EXIT_OK ? rc : shift_report(c, &r);
}
