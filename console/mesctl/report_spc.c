/* mesctl report spc CHAR: a characteristic's control chart from the
 * stored measurements, as text, CSV or JSON. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "quality.h"

static void num(const char *label, double v, const char *sep)
{
	if (isnan(v))
		printf("%s%s", label, sep);
	else
		printf("%s%.6g%s", label, v, sep);
}

/* JSON number or null. */
static void jnum(const char *key, double v, const char *sep)
{
	if (isnan(v) || isinf(v))
		printf("\"%s\":null%s", key, sep);
	else
		printf("\"%s\":%.10g%s", key, v, sep);
}

static void jstr(const char *key, const char *s, const char *sep)
{
	printf("\"%s\":\"", key);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	printf("\"%s", sep);
}

/* The rules broken at point i, "WE1+WE2", or "". */
static void point_rules(const struct mes_spc_view *v, int i, char *buf,
                        size_t n)
{
	size_t len = 0;
	int k;

	buf[0] = 0;
	for (k = 0; k < v->viol.count && len + 8 < n; k++)
		if (v->viol.v[k].point == i)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
			                        len ? "+" : "",
			                        mes_spc_rule_name(v->viol.v[k].rule));
}

static void text_report(const struct mes_spc_view *v)
{
	const struct mes_qchar *c = &v->ch;
	const struct mes_spc_capability *k = &v->cap;
	char rules[96], flags[64];
	int i, s;

	printf("characteristic: %s/%s  %s", c->plan, c->code, c->name);
	if (c->unit[0])
		printf(" (%s)", c->unit);
	printf("\nspecification:");
	num(" LSL ", c->lsl, "");
	num(" USL ", c->usl, "");
	num(" nominal ", c->nominal, "\n");
	mes_spc_rules_format(c->rules, rules, sizeof rules);
	printf("chart: %s, %d subgroup%s shown of %d stored; rules %s\n",
	       mes_spc_type_name(v->data.type), v->data.points,
	       v->data.points == 1 ? "" : "s", v->total, rules);
	if (!v->chart.points) {
		printf("limits: none yet (%s)\n", v->cap_note);
		return;
	}
	if (v->frozen)
		printf("limits: frozen by %s at %s\n", v->frozen_by,
		       v->frozen_ts);
	else
		printf("limits: trial, from the data shown (not frozen)\n");
	for (s = 0; s < v->chart.nseries; s++) {
		const struct mes_spc_series *x = &v->chart.s[s];
		int last = v->chart.points - 1;

		printf("%-5s", x->name);
		num(" CL ", x->cl, "");
		num(" LCL ", x->lcl[last], "");
		num(" UCL ", x->ucl[last], v->chart.varying ?
		    " (varies with the sample size)\n" : "\n");
	}
	printf("\n%5s %10s %-24s %12s %12s  %s\n", "point", "inspection",
	       "time", v->chart.s[0].name, v->chart.nseries > 1 ?
	       v->chart.s[1].name : "", "rules");
	for (i = 0; i < v->chart.points; i++) {
		point_rules(v, i, flags, sizeof flags);
		printf("%5d %10lld %-24s %12.6g ", i + 1, v->insp_id[i],
		       v->ts[i], v->chart.s[0].x[i]);
		if (v->chart.nseries > 1 && !isnan(v->chart.s[1].x[i]))
			printf("%12.6g", v->chart.s[1].x[i]);
		else
			printf("%12s", "");
		printf("  %s\n", flags);
	}
	printf("\nviolations: %d\n", v->viol.count);
	for (i = 0; i < v->viol.count; i++)
		printf("  point %d: %s %s: %s\n", v->viol.v[i].point + 1,
		       v->chart.s[v->viol.v[i].series].name,
		       mes_spc_rule_name(v->viol.v[i].rule),
		       mes_spc_rule_text(v->viol.v[i].rule));
	if (!v->have_cap) {
		printf("capability: %s\n", v->cap_note);
		return;
	}
	printf("capability (%d values in %d subgroups): mean %.6g, sigma "
	       "within %.6g, overall %.6g\n", k->values, k->subgroups,
	       k->mean, k->sigma_within, k->sigma_overall);
	num("  Cp ", k->cp, "");
	num("  Cpk ", k->cpk, "");
	num("  Pp ", k->pp, "");
	num("  Ppk ", k->ppk, "\n");
	if (k->flags & MES_SPC_CAP_FEW)
		printf("  warning: too few data: fewer than %d subgroups or %d"
		       " values\n", MES_SPC_CAP_MIN_SUBGROUPS,
		       MES_SPC_CAP_MIN_VALUES);
	if (k->flags & MES_SPC_CAP_NOT_IN_CONTROL)
		printf("  warning: not in control: the indices describe an "
		       "unstable process\n");
}

static void csv_report(const struct mes_spc_view *v)
{
	char flags[64];
	int i, s;

	printf("point,inspection,ts,series,value,cl,lcl,ucl,rules\n");
	for (i = 0; i < v->chart.points; i++) {
		point_rules(v, i, flags, sizeof flags);
		for (s = 0; s < v->chart.nseries; s++) {
			const struct mes_spc_series *x = &v->chart.s[s];

			printf("%d,%lld,%s,%s,", i + 1, v->insp_id[i], v->ts[i],
			       x->name);
			num("", x->x[i], ",");
			num("", x->cl, ",");
			num("", x->lcl[i], ",");
			num("", x->ucl[i], ",");
			printf("%s\n", s == 0 ? flags : "");
		}
	}
}

static void json_points(const struct mes_spc_view *v)
{
	char flags[64];
	int i, s;

	printf("\"points\":[");
	for (i = 0; i < v->chart.points; i++) {
		point_rules(v, i, flags, sizeof flags);
		printf("%s{\"point\":%d,\"inspection\":%lld,", i ? "," : "",
		       i + 1, v->insp_id[i]);
		jstr("ts", v->ts[i], ",");
		for (s = 0; s < v->chart.nseries; s++) {
			const struct mes_spc_series *x = &v->chart.s[s];

			printf("\"%s\":{", x->name);
			jnum("value", x->x[i], ",");
			jnum("lcl", x->lcl[i], ",");
			jnum("ucl", x->ucl[i], "},");
		}
		jstr("rules", flags, "}");
	}
	printf("]");
}

static void json_report(const struct mes_spc_view *v)
{
	const struct mes_spc_capability *k = &v->cap;
	int s;

	printf("{\"characteristic\":\"%s/%s\",", v->ch.plan, v->ch.code);
	jstr("name", v->ch.name, ",");
	jstr("unit", v->ch.unit, ",");
	jnum("lsl", v->ch.lsl, ",");
	jnum("usl", v->ch.usl, ",");
	jstr("chart", mes_spc_type_name(v->data.type), ",");
	printf("\"frozen\":%s,\"stored\":%d,", v->frozen ? "true" : "false",
	       v->total);
	if (v->frozen) {
		jstr("frozen_by", v->frozen_by, ",");
		jstr("frozen_ts", v->frozen_ts, ",");
	}
	printf("\"center\":{");
	for (s = 0; s < v->chart.nseries; s++)
		jnum(v->chart.s[s].name, v->chart.s[s].cl,
		     s + 1 < v->chart.nseries ? "," : "");
	printf("},");
	json_points(v);
	printf(",\"violations\":%d,\"capability\":", v->viol.count);
	if (!v->have_cap) {
		printf("null");
	} else {
		printf("{\"values\":%d,\"subgroups\":%d,", k->values,
		       k->subgroups);
		jnum("cp", k->cp, ",");
		jnum("cpk", k->cpk, ",");
		jnum("pp", k->pp, ",");
		jnum("ppk", k->ppk, ",");
		printf("\"too_few\":%s,\"not_in_control\":%s}",
		       k->flags & MES_SPC_CAP_FEW ? "true" : "false",
		       k->flags & MES_SPC_CAP_NOT_IN_CONTROL ? "true" :
		       "false");
	}
	printf("}\n");
}

int ctl_report_spc(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "last", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_spc_view v;
	int o, csv = 0, json = c->json, last = 0;
	long long n;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'c')
			csv = 1;
		else if (o == 'j')
			json = 1;
		else if (o == 'n' && !ctl_int("--last", optarg, 1, 1000000, &n))
			last = (int)n;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1 || (csv && json))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_spc_view_load(c->db, argv[optind], last, &v) != MES_OK)
		return ctl_fail(c, "report spc");
	if (csv)
		csv_report(&v);
	else if (json)
		json_report(&v);
	else
		text_report(&v);
	mes_spc_view_free(&v);
	return EXIT_OK;
}
