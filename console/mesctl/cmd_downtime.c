/* mesctl downtime: machine downtime events and their reasons. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "machine.h"

static int print_dt(const struct mes_downtime *d, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;

	if (c->json) {
		mes_json_init(&j);
		mes_json_int(&j, "id", d->id);
		mes_json_str(&j, "asset", d->asset);
		mes_json_str(&j, "start", d->start_ts);
		mes_json_str(&j, "end", d->end_ts);
		mes_json_str(&j, "reason", d->reason);
		mes_json_str(&j, "fault", d->fault);
		mes_json_num(&j, "minutes", d->minutes);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	printf("%5lld %-10s %.19s %-19.19s %7.1f %-6s %s\n", d->id, d->asset,
	       d->start_ts, d->end_ts[0] ? d->end_ts : "(open)", d->minutes,
	       d->reason[0] ? d->reason : "-", d->fault);
	return 0;
}

static int downtime_list(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unassigned", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	int o, unassigned = 0;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o != 'u')
			return ctl_usage(c);
		unassigned = 1;
	}
	if (optind != argc)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_downtime_each(c->db, unassigned, 0, print_dt, c))
		return ctl_fail(c, "downtime list");
	return EXIT_OK;
}

static int downtime_assign(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *note = NULL;
	long long id;
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o != 'n')
			return ctl_usage(c);
		note = optarg;
	}
	if (optind != argc - 2 ||
	    ctl_int("downtime id", argv[optind], 1, 0x7fffffffffffffffLL, &id))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_downtime_assign(c->db, id, argv[optind + 1], note) != MES_OK)
		return ctl_fail(c, "downtime assign");
	printf("downtime %lld: reason %s\n", id, argv[optind + 1]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "list", downtime_list, "[--unassigned]",
	  "downtime events, newest first" },
	{ "assign", downtime_assign, "ID REASON [--note TEXT]",
	  "give a downtime event its reason" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_downtime = {
	"downtime", NULL, subs, NULL, "machine downtime and its reasons",
};
