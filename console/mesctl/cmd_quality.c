/* mesctl quality: inspection plans and characteristics, what is due,
 * recording an inspection, freezing limits, SPC alarms. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "quality.h"

static int parse_num(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return end != s && !*end && isfinite(*out) ? 0 : -1;
}

static int q_plan(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "item", required_argument, NULL, 'i' },
		{ "op", required_argument, NULL, 'o' },
		{ "frequency", required_argument, NULL, 'f' },
		{ "description", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *item = NULL, *freq = NULL, *desc = "";
	int o, seq = 0;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'i')
			item = optarg;
		else if (o == 'o')
			seq = atoi(optarg);
		else if (o == 'f')
			freq = optarg;
		else if (o == 'd')
			desc = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1 || !item)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_qplan_add(c->db, argv[optind], item, seq, freq ? freq :
	                  seq ? "first" : "lot", desc) != MES_OK)
		return ctl_fail(c, "quality plan");
	printf("plan %s added\n", argv[optind]);
	return EXIT_OK;
}

static int char_opt(struct mes_qchar *q, int o, const char *arg)
{
	char err[128];

	switch (o) {
	case 'n':
		snprintf(q->name, sizeof q->name, "%s", arg);
		return 0;
	case 'k':
		if (!strcmp(arg, "variable"))
			q->kind = MES_QK_VARIABLE;
		else if (!strcmp(arg, "attribute"))
			q->kind = MES_QK_ATTRIBUTE;
		else if (!strcmp(arg, "defects"))
			q->kind = MES_QK_DEFECTS;
		else
			return -1;
		return 0;
	case 'l': return parse_num(arg, &q->lsl);
	case 'u': return parse_num(arg, &q->usl);
	case 'm': return parse_num(arg, &q->nominal);
	case 'U':
		snprintf(q->unit, sizeof q->unit, "%s", arg);
		return 0;
	case 'D': q->decimals = atoi(arg); return 0;
	case 's': q->subgroup = atoi(arg); return 0;
	case 'c':
		snprintf(q->chart, sizeof q->chart, "%s", arg);
		return 0;
	case 'r':
		if (mes_spc_rules_parse(arg, &q->rules, err, sizeof err)) {
			fprintf(stderr, "mesctl: quality: %s\n", err);
			return -1;
		}
		return 0;
	}
	return -1;
}

static int q_char(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "kind", required_argument, NULL, 'k' },
		{ "lsl", required_argument, NULL, 'l' },
		{ "usl", required_argument, NULL, 'u' },
		{ "nominal", required_argument, NULL, 'm' },
		{ "unit", required_argument, NULL, 'U' },
		{ "decimals", required_argument, NULL, 'D' },
		{ "subgroup", required_argument, NULL, 's' },
		{ "chart", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_qchar q;
	const char *slash;
	int o;

	memset(&q, 0, sizeof q);
	q.lsl = q.usl = q.nominal = NAN;
	q.decimals = 2;
	q.subgroup = 1;
	q.rules = MES_SPC_RULES_WE;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (char_opt(&q, o, optarg) != 0)
			return ctl_usage(c);
	if (optind != argc - 1 || !(slash = strchr(argv[optind], '/')))
		return ctl_usage(c);
	snprintf(q.plan, sizeof q.plan, "%.*s", (int)(slash - argv[optind]),
	         argv[optind]);
	snprintf(q.code, sizeof q.code, "%s", slash + 1);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_qchar_add(c->db, &q) != MES_OK)
		return ctl_fail(c, "quality char");
	printf("characteristic %s/%s added (%s chart)\n", q.plan, q.code,
	       mes_spc_type_name(mes_qchar_chart(&q)));
	return EXIT_OK;
}

static int q_rules(struct ctl *c, int argc, char **argv)
{
	unsigned rules;
	char err[128];

	if (argc != 3)
		return ctl_usage(c);
	if (mes_spc_rules_parse(argv[2], &rules, err, sizeof err)) {
		fprintf(stderr, "mesctl: quality rules: %s\n", err);
		return EXIT_USAGE;
	}
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_qchar_set_rules(c->db, argv[1], rules) != MES_OK)
		return ctl_fail(c, "quality rules");
	printf("%s: rules %s\n", argv[1], argv[2]);
	return EXIT_OK;
}

static int q_freeze(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "baseline", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	int o, from = 0, to = 0;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'r')
			reason = optarg;
		else if (o == 'b' && sscanf(optarg, "%d:%d", &from, &to) == 2)
			continue;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_spc_freeze(c->db, argv[optind], from, to, reason) != MES_OK)
		return ctl_fail(c, "quality freeze");
	printf("%s: limits frozen\n", argv[optind]);
	return EXIT_OK;
}

static int print_due(const struct mes_qdue *d, void *ctx)
{
	char what[96];

	(void)ctx;
	if (d->lot_no[0])
		snprintf(what, sizeof what, "lot %s", d->lot_no);
	else
		snprintf(what, sizeof what, "%s/%d %s", d->wo_no, d->seq,
		         d->wc);
	printf("%-12s %-10s %-10s %-24s %-20.20s %s\n", d->plan, d->what,
	       d->item_no, what, d->due_since, d->reason);
	return 0;
}

static int q_due(struct ctl *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	printf("%-12s %-10s %-10s %-24s %-20s %s\n", "PLAN", "WHAT", "ITEM",
	       "LOT/OPERATION", "DUE SINCE", "WHY");
	if (mes_quality_due(c->db, print_due, NULL) != MES_OK)
		return ctl_fail(c, "quality due");
	return EXIT_OK;
}

/* "DIA=10.01,10.02,9.99" for a measured characteristic, "VIS=1/5"
 * (defects / sample) or "VIS=1" for an attribute. */
static int parse_result(struct ctl *c, const char *plan, char *arg,
                        struct mes_qresult *r, double *vals)
{
	char *eq = strchr(arg, '='), *tok, *save = NULL, ref[80], *end;
	struct mes_qchar q;

	if (!eq)
		return -1;
	*eq = 0;
	r->char_code = arg;
	r->values = vals;
	snprintf(ref, sizeof ref, "%s/%s", plan, arg);
	if (mes_qchar_get(c->db, ref, &q) != MES_OK)
		return -2;
	if (q.kind != MES_QK_VARIABLE) {
		r->defects = (int)strtol(eq + 1, &end, 10);
		if (*end == '/')
			r->sample = (int)strtol(end + 1, &end, 10);
		return end == eq + 1 || *end ? -1 : 0;
	}
	for (tok = strtok_r(eq + 1, ",", &save); tok; tok = strtok_r(NULL,
	     ",", &save))
		if (r->nvalues >= MES_SPC_NMAX ||
		    parse_num(tok, &vals[r->nvalues++]) != 0)
			return -1;
	return 0;
}

static int q_inspect(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lot", required_argument, NULL, 'l' },
		{ "op", required_argument, NULL, 'o' },
		{ "comment", required_argument, NULL, 'c' },
		{ "gauge", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_qresult r[32];
	double vals[32][MES_SPC_NMAX];
	struct mes_qtarget t = { NULL, NULL, NULL, 0 };
	struct mes_qrecorded out;
	const char *comment = NULL, *gauge = NULL;
	char wo[64] = "", *slash;
	int o, i, n = 0, prc;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'l') {
			t.lot_no = optarg;
		} else if (o == 'o') {
			snprintf(wo, sizeof wo, "%s", optarg);
			if (!(slash = strchr(wo, '/')))
				return ctl_usage(c);
			*slash = 0;
			t.wo_no = wo;
			t.seq = atoi(slash + 1);
		} else if (o == 'c') {
			comment = optarg;
		} else if (o == 'g') {
			gauge = optarg;
		} else {
			return ctl_usage(c);
		}
	}
	if (optind >= argc - 1 || argc - optind - 1 > 32)
		return ctl_usage(c);
	t.plan = argv[optind];
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	memset(r, 0, sizeof r);
	for (i = optind + 1; i < argc; i++, n++) {
		r[n].comment = comment;
		r[n].gauge = gauge;
		if ((prc = parse_result(c, t.plan, argv[i], &r[n], vals[n])))
			return prc == -2 ? ctl_fail(c, "quality inspect") :
			       ctl_usage(c);
	}
	if (mes_inspect_record(c->db, &t, r, n, &out) != MES_OK)
		return ctl_fail(c, "quality inspect");
	printf("inspection %lld: %s", out.inspection_id, out.failed ? "FAIL" :
	       "pass");
	if (out.failed)
		printf(" (%d out of specification)", out.failed);
	if (out.lot_status[0])
		printf(", lot %s", out.lot_status);
	if (out.nc_no[0])
		printf(", %s opened", out.nc_no);
	if (out.alarms)
		printf(", %d SPC alarm%s", out.alarms, out.alarms > 1 ? "s" :
		       "");
	printf("\n");
	return EXIT_OK;
}

static int print_alarm(const struct mes_qalarm *a, void *ctx)
{
	(void)ctx;
	printf("%5lld %-20s %-8s %-4s %-24s %-10s %s\n", a->id, a->chr,
	       a->wc[0] ? a->wc : "-", a->rule, a->ts, a->ack_by[0] ?
	       a->ack_by : "OPEN", a->rule_text);
	return 0;
}

static int q_alarms(struct ctl *c, int argc, char **argv)
{
	int all = argc > 1 && !strcmp(argv[1], "--all");

	if (argc > 2 || (argc == 2 && !all))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	printf("%5s %-20s %-8s %-4s %-24s %-10s %s\n", "ID", "CHARACTERISTIC",
	       "WC", "RULE", "RAISED", "ACK BY", "WHAT");
	if (mes_qalarm_each(c->db, all, print_alarm, NULL) != MES_OK)
		return ctl_fail(c, "quality alarms");
	return EXIT_OK;
}

static int q_ack(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *note = "";
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o != 'n')
			return ctl_usage(c);
		note = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_qalarm_ack(c->db, atoll(argv[optind]), note) != MES_OK)
		return ctl_fail(c, "quality ack");
	printf("alarm %s acknowledged\n", argv[optind]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "plan", q_plan, "CODE --item ITEM [--op SEQ] [--frequency F] "
	  "[--description T]", "add an inspection plan" },
	{ "char", q_char, "PLAN/CODE --name N [--kind variable|attribute|defects]"
	  " [--lsl X] [--usl Y] [--nominal Z] [--unit U] [--decimals D] "
	  "[--subgroup N] [--chart TYPE] [--rules LIST]",
	  "add a characteristic to a plan" },
	{ "rules", q_rules, "CHAR LIST",
	  "switch the SPC rules of a characteristic" },
	{ "freeze", q_freeze, "CHAR --reason T [--baseline FROM:TO]",
	  "freeze control limits from the stored subgroups" },
	{ "due", q_due, "", "the inspections due now" },
	{ "inspect", q_inspect, "PLAN (--lot LOT | --op WO/SEQ) "
	  "CHAR=V[,V...]... [--comment T] [--gauge G]", "record an inspection" },
	{ "alarms", q_alarms, "[--all]", "open SPC alarms" },
	{ "ack", q_ack, "ID --note T",
	  "acknowledge an alarm, saying what was found or done" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_quality = {
	"quality", NULL, subs, NULL,
	"inspection plans, results, SPC limits and alarms",
};
