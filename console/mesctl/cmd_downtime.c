/* mesctl downtime: machine downtime events and their reasons. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "machine.h"

static const char downtime_usage[] =
	"list [--unassigned] | assign ID REASON [--note TEXT]";

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

int cmd_downtime(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unassigned", no_argument, NULL, 'u' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argc > 1 ? argv[1] : "", *note = NULL;
	int o, unassigned = 0;
	long long id;

	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		printf("usage: mesctl downtime %s\n", downtime_usage);
		return EXIT_OK;
	}
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'u')
			unassigned = 1;
		else if (o == 'n')
			note = optarg;
		else
			return ctl_usage("downtime", downtime_usage);
	}
	if (!strcmp(sub, "list") && optind == argc) {
		if (ctl_open(c, 0) != EXIT_OK)
			return EXIT_FAIL;
		if (mes_downtime_each(c->db, unassigned, 0, print_dt, c))
			return ctl_fail(c, "downtime list");
		return EXIT_OK;
	}
	if (strcmp(sub, "assign") || optind != argc - 2)
		return ctl_usage("downtime", downtime_usage);
	if (ctl_int("downtime id", argv[optind], 1, 0x7fffffffffffffffLL, &id))
		return ctl_usage("downtime", downtime_usage);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_downtime_assign(c->db, id, argv[optind + 1], note) != MES_OK)
		return ctl_fail(c, "downtime assign");
	printf("downtime %lld: reason %s\n", id, argv[optind + 1]);
	return EXIT_OK;
}
