/*
 * mesctl spc: control limits, rule violations and capability for an
 * engineer's own CSV file.  Needs no database: it reads the file, asks
 * core/spc for the numbers and prints them.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "spc.h"

/* parse_opts: --help was printed; the command is done. */
#define EXIT_HELP (-1)
/* Far beyond any study a person would keep in a CSV file. */
#define SPC_MAX_INPUT (256L * 1024 * 1024)

struct spc_opts {
	enum mes_spc_type type;
	int have_type;
	int subgroup;
	double lsl, usl;
	unsigned rules;
	int from, to;       /* 1-based, inclusive; 0 = the data's end */
	int json;
	const char *file;
};

struct spc_run {
	struct spc_opts o;
	struct mes_spc_data d;
	struct mes_spc_base b;
	struct mes_spc_chart c;
	struct mes_spc_violations v;
	struct mes_spc_capability cap;
	int have_cap;
};

static int spc_usage(const struct ctl *c, const char *why)
{
	if (why)
		fprintf(stderr, "mesctl: spc: %s\n", why);
	return ctl_usage(c);
}

static int parse_double(const char *s, double *out)
{
	char err[96];

	return mes_parse_num(s, -1e15, 1e15, out, err, sizeof err) == MES_OK ?
	       0 : -1;
}

static int parse_int(const char *s, int *out)
{
	long long v;
	char err[96];

	if (mes_parse_int(s, 0, 1000000000, &v, err, sizeof err) != MES_OK)
		return -1;
	*out = (int)v;
	return 0;
}

/* "FROM:TO", "FROM:" or ":TO", subgroups counted from 1. */
static int parse_baseline(const char *s, int *from, int *to)
{
	const char *colon = strchr(s, ':');
	char head[32];

	if (!colon || (size_t)(colon - s) >= sizeof head)
		return -1;
	memcpy(head, s, (size_t)(colon - s));
	head[colon - s] = 0;
	*from = 1;
	*to = 0;
	if (head[0] && (parse_int(head, from) || *from < 1))
		return -1;
	if (colon[1] && (parse_int(colon + 1, to) || *to < *from))
		return -1;
	return 0;
}

static int check_opts(const struct ctl *c, struct spc_opts *o, int have_lsl,
                      int have_usl)
{
	int vars = mes_spc_type_is_variables(o->type);

	if (!o->have_type)
		return spc_usage(c, "--chart is required");
	if (!have_lsl)
		o->lsl = NAN;
	if (!have_usl)
		o->usl = NAN;
	if ((have_lsl || have_usl) && !vars)
		return spc_usage(c, "--lsl and --usl apply to xbar-r, xbar-s and"
		                    " imr charts");
	if (have_lsl && have_usl && !(o->lsl < o->usl))
		return spc_usage(c, "--lsl must be below --usl");
	if (o->subgroup && (o->type == MES_SPC_IMR || o->type == MES_SPC_C))
		return spc_usage(c, "--subgroup does not apply to imr and c"
		                    " charts");
	if (o->subgroup && vars &&
	    (o->subgroup < MES_SPC_NMIN || o->subgroup > MES_SPC_NMAX))
		return spc_usage(c, "--subgroup must be 2 to 25 for X-bar charts");
	return EXIT_OK;
}

static int parse_opts(const struct ctl *c, struct spc_opts *o, int argc,
                      char **argv)
{
	static const struct option opts[] = {
		{ "chart", required_argument, NULL, 'c' },
		{ "subgroup", required_argument, NULL, 'n' },
		{ "lsl", required_argument, NULL, 'l' },
		{ "usl", required_argument, NULL, 'u' },
		{ "rules", required_argument, NULL, 'r' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[256];
	int opt, have_lsl = 0, have_usl = 0;

	o->rules = MES_SPC_RULES_WE;
	o->from = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (mes_spc_type_parse(optarg, &o->type) != MES_OK)
				return spc_usage(c, "unknown --chart");
			o->have_type = 1;
			break;
		case 'n':
			if (parse_int(optarg, &o->subgroup) || o->subgroup < 1)
				return spc_usage(c, "--subgroup needs a number >= 1");
			break;
		case 'l':
			if (parse_double(optarg, &o->lsl))
				return spc_usage(c, "--lsl needs a number");
			have_lsl = 1;
			break;
		case 'u':
			if (parse_double(optarg, &o->usl))
				return spc_usage(c, "--usl needs a number");
			have_usl = 1;
			break;
		case 'r':
			if (mes_spc_rules_parse(optarg, &o->rules, err,
			                        sizeof err) != MES_OK)
				return spc_usage(c, err);
			break;
		case 'b':
			if (parse_baseline(optarg, &o->from, &o->to))
				return spc_usage(c, "--baseline needs FROM:TO,"
				                    " subgroups counted from 1");
			break;
		case 'j': o->json = 1; break;
		case 'h':
			help_command(stdout, c->cmd);
			return EXIT_HELP;
		default: return spc_usage(c, NULL);
		}
	}
	if (optind != argc - 1)
		return spc_usage(c, optind < argc ? "one input file, please" :
		                    "no input file (- for standard input)");
	o->file = argv[optind];
	return check_opts(c, o, have_lsl, have_usl);
}

/* The whole file in memory: the reader wants the text at once. */
static char *slurp(const char *file, size_t *len)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	char *buf = NULL, *p;
	size_t cap = 0, got;

	*len = 0;
	if (!f) {
		fprintf(stderr, "mesctl: spc: %s: %s\n", file, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			p = cap > (size_t)SPC_MAX_INPUT ? NULL :
			    realloc(buf, cap);
			if (!p) {
				fprintf(stderr, "mesctl: spc: %s: %s\n", file,
				        cap > (size_t)SPC_MAX_INPUT ?
				        "larger than 256 MiB" : "out of memory");
				break;
			}
			buf = p;
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
		if (got == 0) {
			if (!ferror(f)) {
				if (f != stdin)
					fclose(f);
				return buf;
			}
			fprintf(stderr, "mesctl: spc: %s: %s\n", file,
			        strerror(errno));
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}

/* Reads the file and computes everything; prints why not. */
static int compute(struct spc_run *r)
{
	char err[512];
	size_t len;
	char *text = slurp(r->o.file, &len);
	int rc, to;

	if (!text)
		return EXIT_FAIL;
	rc = mes_spc_csv_parse(text, len, r->o.type, r->o.subgroup, &r->d,
	                       err, sizeof err);
	free(text);
	if (rc != MES_OK) {
		fprintf(stderr, "mesctl: spc: %s: %s\n", r->o.file, err);
		return EXIT_FAIL;
	}
	to = r->o.to ? r->o.to : r->d.points;
	if (r->o.from > r->d.points || to > r->d.points || to - r->o.from < 1) {
		fprintf(stderr, "mesctl: spc: --baseline %d:%d needs at least"
		        " 2 of the %d points in %s\n", r->o.from, to,
		        r->d.points, r->o.file);
		return EXIT_USAGE;
	}
	if (mes_spc_baseline(&r->d, r->o.from - 1, to, &r->b, err,
	                     sizeof err) != MES_OK ||
	    mes_spc_chart_build(&r->d, &r->b, &r->c, err, sizeof err) !=
	    MES_OK) {
		fprintf(stderr, "mesctl: spc: %s: %s\n", r->o.file, err);
		return EXIT_FAIL;
	}
	if (mes_spc_rules_check(&r->c, r->o.rules, &r->v) != MES_OK) {
		fprintf(stderr, "mesctl: spc: out of memory\n");
		return EXIT_FAIL;
	}
	if (mes_spc_type_is_variables(r->o.type) &&
	    (!isnan(r->o.lsl) || !isnan(r->o.usl))) {
		if (mes_spc_capability(&r->d, &r->c, r->o.lsl, r->o.usl,
		                       r->v.count, &r->cap, err,
		                       sizeof err) != MES_OK) {
			fprintf(stderr, "mesctl: spc: %s\n", err);
			return EXIT_FAIL;
		}
		r->have_cap = 1;
	}
	return EXIT_OK;
}

/* ---- text --------------------------------------------------------------- */

static void print_num(const char *label, double v)
{
	if (isfinite(v))
		printf("  %s %.6g", label, v);
	else if (!isnan(v))
		printf("  %s %s", label, v > 0 ? "inf" : "-inf");
}

static void text_header(const struct spc_run *r)
{
	const struct mes_spc_data *d = &r->d;
	char rules[128];

	printf("chart: %s, %d %s", mes_spc_type_name(d->type), d->points,
	       d->size > 1 ? "subgroups" : "points");
	if (d->size > 1)
		printf(" of %d", d->size);
	printf(" from %s\n", strcmp(r->o.file, "-") ? r->o.file : "stdin");
	printf("baseline: points %d-%d (%d)\n", r->b.from + 1, r->b.to,
	       r->b.to - r->b.from);
	mes_spc_rules_format(r->o.rules, rules, sizeof rules);
	printf("rules: %s", rules);
	if (r->c.nseries == 2) {
		mes_spc_rules_format(r->o.rules & MES_SPC_RULES_LIMITS, rules,
		                     sizeof rules);
		printf(" (%s chart: %s)", r->c.s[1].name, rules);
	}
	printf("\n\n");
}

/* Per-point limits, for p and u charts whose sample sizes vary. */
static void text_points(const struct spc_run *r)
{
	const struct mes_spc_series *s = &r->c.s[0];
	int i;

	printf("%-5s limits vary with the sample size; CL %.6g\n", s->name,
	       s->cl);
	printf("  %6s %6s %10s %10s %10s %10s\n", "point", "line", "n",
	       s->name, "LCL", "UCL");
	for (i = 0; i < r->c.points; i++)
		printf("  %6d %6d %10.6g %10.6g %10.6g %10.6g\n", i + 1,
		       r->d.line[i], r->d.n[i], s->x[i], s->lcl[i], s->ucl[i]);
}

static void text_limits(const struct spc_run *r)
{
	const struct mes_spc_series *s;
	int k;

	if (r->c.varying) {
		text_points(r);
	} else {
		for (k = 0; k < r->c.nseries; k++) {
			s = &r->c.s[k];
			printf("%-5s", s->name);
			print_num("CL", s->cl);
			print_num("LCL", s->lcl[0]);
			print_num("UCL", s->ucl[0]);
			printf("\n");
		}
	}
	if (r->c.nseries == 2)
		printf("sigma (within) %.6g\n", r->c.sigma_within);
	printf("\n");
}

static void text_violations(const struct spc_run *r)
{
	const struct mes_spc_violation *v;
	int i;

	printf("violations: %d\n", r->v.count);
	for (i = 0; i < r->v.count; i++) {
		v = &r->v.v[i];
		printf("  point %d (line %d): %s %s: %s (%.6g)\n", v->point + 1,
		       r->d.line[v->point], r->c.s[v->series].name,
		       mes_spc_rule_name(v->rule), mes_spc_rule_text(v->rule),
		       r->c.s[v->series].x[v->point]);
	}
	printf("\n");
}

static void text_capability(const struct spc_run *r)
{
	const struct mes_spc_capability *k = &r->cap;

	printf("capability (baseline: %d values in %d subgroups):",
	       k->values, k->subgroups);
	print_num("LSL", k->lsl);
	print_num("USL", k->usl);
	printf("\n");
	print_num("mean", k->mean);
	print_num("sigma within", k->sigma_within);
	print_num("overall", k->sigma_overall);
	printf("\n");
	print_num("Cp", k->cp);
	print_num("Cpl", k->cpl);
	print_num("Cpu", k->cpu);
	print_num("Cpk", k->cpk);
	printf("\n");
	print_num("Pp", k->pp);
	print_num("Ppl", k->ppl);
	print_num("Ppu", k->ppu);
	print_num("Ppk", k->ppk);
	printf("\n");
	if (k->flags & MES_SPC_CAP_FEW)
		printf("  warning: too few data: fewer than %d subgroups or %d"
		       " values\n", MES_SPC_CAP_MIN_SUBGROUPS,
		       MES_SPC_CAP_MIN_VALUES);
	if (k->flags & MES_SPC_CAP_NOT_IN_CONTROL)
		printf("  warning: not in control: the indices describe an"
		       " unstable process\n");
	printf("\n");
}

static void print_text(const struct spc_run *r)
{
	text_header(r);
	text_limits(r);
	text_violations(r);
	if (r->have_cap)
		text_capability(r);
	else if (mes_spc_type_is_variables(r->o.type))
		printf("capability: give --lsl and/or --usl\n\n");
	if (r->v.count)
		printf("result: not in control (%d violation%s)\n", r->v.count,
		       r->v.count == 1 ? "" : "s");
	else
		printf("result: in control\n");
}

/* ---- JSON: one object per line, as the other listings ------------------- */

static void jnum(struct mes_json *j, const char *key, double v)
{
	if (isfinite(v))  /* JSON has no NaN or infinity: leave the key out */
		mes_json_num(j, key, v);
}

static void jline(struct mes_json *j)
{
	const char *s = mes_json_done(j);

	printf("%s\n", s ? s : "{\"type\":\"error\","
	       "\"error\":\"out of memory\"}");
	mes_json_free(j);
}

static void json_chart(const struct spc_run *r)
{
	struct mes_json j;
	char rules[128];
	int k;

	mes_json_init(&j);
	mes_json_str(&j, "type", "chart");
	mes_json_str(&j, "chart", mes_spc_type_name(r->d.type));
	mes_json_int(&j, "points", r->d.points);
	if (r->d.size > 0)
		mes_json_int(&j, "subgroup", r->d.size);
	mes_json_int(&j, "baseline_from", r->b.from + 1);
	mes_json_int(&j, "baseline_to", r->b.to);
	mes_spc_rules_format(r->o.rules, rules, sizeof rules);
	mes_json_str(&j, "rules", rules);
	jnum(&j, "sigma_within", r->c.sigma_within);
	mes_json_int(&j, "varying", r->c.varying);
	jline(&j);
	for (k = 0; k < r->c.nseries; k++) {
		mes_json_init(&j);
		mes_json_str(&j, "type", "limits");
		mes_json_str(&j, "series", r->c.s[k].name);
		jnum(&j, "cl", r->c.s[k].cl);
		if (!r->c.varying) {
			jnum(&j, "lcl", r->c.s[k].lcl[0]);
			jnum(&j, "ucl", r->c.s[k].ucl[0]);
		}
		jline(&j);
	}
}

static void json_points(const struct spc_run *r)
{
	struct mes_json j;
	const struct mes_spc_series *s;
	int i, k;

	for (i = 0; i < r->c.points; i++)
		for (k = 0; k < r->c.nseries; k++) {
			s = &r->c.s[k];
			mes_json_init(&j);
			mes_json_str(&j, "type", "point");
			mes_json_str(&j, "series", s->name);
			mes_json_int(&j, "point", i + 1);
			mes_json_int(&j, "line", r->d.line[i]);
			if (r->d.n)
				jnum(&j, "n", r->d.n[i]);
			jnum(&j, "value", s->x[i]);
			jnum(&j, "lcl", s->lcl[i]);
			jnum(&j, "ucl", s->ucl[i]);
			jline(&j);
		}
}

static void json_violations(const struct spc_run *r)
{
	const struct mes_spc_violation *v;
	struct mes_json j;
	int i;

	for (i = 0; i < r->v.count; i++) {
		v = &r->v.v[i];
		mes_json_init(&j);
		mes_json_str(&j, "type", "violation");
		mes_json_str(&j, "series", r->c.s[v->series].name);
		mes_json_str(&j, "rule", mes_spc_rule_name(v->rule));
		mes_json_int(&j, "point", v->point + 1);
		mes_json_int(&j, "line", r->d.line[v->point]);
		jnum(&j, "value", r->c.s[v->series].x[v->point]);
		mes_json_str(&j, "text", mes_spc_rule_text(v->rule));
		jline(&j);
	}
}

static void json_capability(const struct spc_run *r)
{
	const struct mes_spc_capability *k = &r->cap;
	struct mes_json j;

	mes_json_init(&j);
	mes_json_str(&j, "type", "capability");
	mes_json_int(&j, "values", k->values);
	mes_json_int(&j, "subgroups", k->subgroups);
	jnum(&j, "lsl", k->lsl);
	jnum(&j, "usl", k->usl);
	jnum(&j, "mean", k->mean);
	jnum(&j, "sigma_within", k->sigma_within);
	jnum(&j, "sigma_overall", k->sigma_overall);
	jnum(&j, "cp", k->cp);
	jnum(&j, "cpl", k->cpl);
	jnum(&j, "cpu", k->cpu);
	jnum(&j, "cpk", k->cpk);
	jnum(&j, "pp", k->pp);
	jnum(&j, "ppl", k->ppl);
	jnum(&j, "ppu", k->ppu);
	jnum(&j, "ppk", k->ppk);
	mes_json_int(&j, "too_few", !!(k->flags & MES_SPC_CAP_FEW));
	mes_json_int(&j, "not_in_control",
	             !!(k->flags & MES_SPC_CAP_NOT_IN_CONTROL));
	jline(&j);
}

static void print_json(const struct spc_run *r)
{
	struct mes_json j;

	json_chart(r);
	json_points(r);
	json_violations(r);
	if (r->have_cap)
		json_capability(r);
	mes_json_init(&j);
	mes_json_str(&j, "type", "result");
	mes_json_int(&j, "in_control", r->v.count == 0);
	mes_json_int(&j, "violations", r->v.count);
	jline(&j);
}

static int spc(struct ctl *c, int argc, char **argv)
{
	struct spc_run r;
	int rc;

	memset(&r, 0, sizeof r);
	if ((rc = parse_opts(c, &r.o, argc, argv)) != EXIT_OK)
		return rc == EXIT_HELP ? EXIT_OK : rc;
	rc = compute(&r);
	if (rc == EXIT_OK) {
		if (r.o.json || c->json)
			print_json(&r);
		else
			print_text(&r);
		rc = r.v.count ? EXIT_FAIL : EXIT_OK;
	}
	mes_spc_violations_free(&r.v);
	mes_spc_chart_free(&r.c);
	mes_spc_data_free(&r.d);
	return rc;
}

const struct cmd cmd_spc = {
	"spc", spc, NULL, "--chart xbar-r|xbar-s|imr|p|np|c|u [--subgroup N] "
	"[--lsl X] [--usl Y] [--rules we|nelson|LIST] [--baseline FROM:TO] "
	"[--json] FILE.csv|-",
	"control limits, rule violations, capability",
};
