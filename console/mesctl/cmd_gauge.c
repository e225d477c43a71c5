/*
 * mesctl gauge: gauges and their calibration.  A calibration is signed
 * by the one who performed it: --signer (the logged-in user by default)
 * and the PIN from $MES_SIGN_PIN or one line of standard input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "quality.h"

static int g_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "description", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "due", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *desc = "", *due = NULL;
	long long days = 0;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'd')
			desc = optarg;
		else if (ch == 'u')
			due = optarg;
		else if (ch != 'i' || ctl_int("--interval", optarg, 1, 3650, &days))
			return ctl_usage(c);
	}
	if (optind != argc - 1 || !days)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_gauge_add(c->db, argv[optind], desc, (int)days, due) != MES_OK)
		return ctl_fail(c, "gauge add");
	printf("gauge %s: calibrated every %lld days\n", argv[optind], days);
	return EXIT_OK;
}

static int print_suspect(const struct mes_gauge_suspect *s, void *ctx)
{
	(void)ctx;
	printf("  inspection %-6lld %.16s %-12s %-8s %s%s%.0d%s %s%s%s\n",
	       s->inspection_id, s->ts, s->plan, s->characteristic,
	       s->lot_no[0] ? s->lot_no : s->wo_no, s->lot_no[0] ? "" : "/",
	       s->lot_no[0] ? 0 : s->seq, "", s->result,
	       s->lot_status[0] ? ", lot " : "", s->lot_status);
	return 0;
}

static int g_calibrate(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pass", no_argument, NULL, 'p' },
		{ "fail", no_argument, NULL, 'f' },
		{ "as-found", required_argument, NULL, 'a' },
		{ "as-left", required_argument, NULL, 'l' },
		{ "certificate", required_argument, NULL, 'c' },
		{ "signer", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct mes_gauge_cal cal;
	struct mes_user_info u;
	char pin[128];
	int ch, verdict = -1, suspects = 0, rc;

	memset(&cal, 0, sizeof cal);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'p' || ch == 'f')
			verdict = verdict < 0 ? ch == 'p' : -2;
		else if (ch == 'a')
			cal.as_found = optarg;
		else if (ch == 'l')
			cal.as_left = optarg;
		else if (ch == 'c')
			cal.certificate = optarg;
		else if (ch == 's')
			cal.signer = optarg;
		else
			return ctl_usage(c);
	}
	if (optind != argc - 1 || verdict < 0)
		return ctl_usage(c);
	cal.pass = verdict;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!cal.signer && mes_session_user(c->db, &u) == MES_OK)
		cal.signer = u.login;
	if (ctl_sign_pin("gauge calibrate", pin, sizeof pin) != 0)
		return EXIT_FAIL;
	cal.pin = pin;
	rc = mes_gauge_calibrate(c->db, argv[optind], &cal, &suspects);
	memset(pin, 0, sizeof pin);
	if (rc != MES_OK)
		return ctl_fail(c, "gauge calibrate");
	if (cal.pass) {
		printf("gauge %s calibrated: pass, in service\n", argv[optind]);
		return EXIT_OK;
	}
	printf("gauge %s calibrated: FAIL, out of service; %d result%s measured "
	       "with it since its last good calibration to review:\n",
	       argv[optind], suspects, suspects == 1 ? "" : "s");
	if (mes_gauge_suspects(c->db, argv[optind], print_suspect, NULL) !=
	    MES_OK)
		return ctl_fail(c, "gauge calibrate");
	return EXIT_OK;
}

static int print_gauge(const struct mes_gauge *g, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;

	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "gauge", g->code);
		mes_json_str(&j, "description", g->description);
		mes_json_str(&j, "state", g->state);
		mes_json_str(&j, "due", g->due);
		mes_json_int(&j, "interval_days", g->interval_days);
		mes_json_str(&j, "calibrated", g->last_ts);
		mes_json_str(&j, "result", g->last_result);
		mes_json_str(&j, "certificate", g->certificate);
		mes_json_str(&j, "signed_by", g->signed_by);
		mes_json_int(&j, "uses", g->uses);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	printf("%-12s %-9s due %s  %-24.24s last %.10s %s\n", g->code, g->state,
	       g->due, g->description, g->last_ts[0] ? g->last_ts : "-",
	       g->last_result);
	return 0;
}

static int g_list(struct ctl *c, int argc, char **argv)
{
	(void)argv;
	if (argc == 2 && !strcmp(argv[1], "--json"))
		c->json = 1;
	else if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_gauge_each(c->db, print_gauge, c) != MES_OK)
		return ctl_fail(c, "gauge list");
	return EXIT_OK;
}

static int g_suspects(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_gauge_suspects(c->db, argv[1], print_suspect, NULL) != MES_OK)
		return ctl_fail(c, "gauge suspects");
	return EXIT_OK;
}

static int g_retire(struct ctl *c, int argc, char **argv)
{
	if (argc != 3)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_gauge_retire(c->db, argv[1], argv[2]) != MES_OK)
		return ctl_fail(c, "gauge retire");
	printf("gauge %s retired\n", argv[1]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", g_add, "CODE --interval DAYS [--description T] [--due DATE]",
	  "a gauge calibrated every DAYS days" },
	{ "calibrate", g_calibrate, "CODE --pass|--fail [--as-found T] "
	  "[--as-left T] [--certificate REF] [--signer LOGIN]",
	  "a signed calibration; a fail lists what the gauge measured" },
	{ "list", g_list, "[--json]", "the gauges, the overdue and failed first" },
	{ "retire", g_retire, "CODE REASON",
	  "out of service for good: no result is taken from it" },
	{ "suspects", g_suspects, "CODE",
	  "results measured since the gauge's last good calibration" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_gauge = {
	"gauge", NULL, subs, NULL, "gauges and their signed calibration",
};
