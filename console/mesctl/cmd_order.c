/* mesctl order release|hold|unhold|close: a work order's state by hand. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "prod.h"

/* release|hold|unhold|close WO [--reason TEXT] */
static int order(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argv[0], *reason = NULL, *wo;
	int o, rc, takes_reason;

	takes_reason = !strcmp(sub, "hold") || !strcmp(sub, "unhold");
	while ((o = getopt_long(argc, argv, "r:", opts, NULL)) != -1) {
		if (o != 'r' || !takes_reason)
			return ctl_usage(c);
		reason = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	wo = argv[optind];
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!strcmp(sub, "release"))
		rc = mes_order_release(c->db, wo);
	else if (!strcmp(sub, "hold"))
		rc = mes_order_hold(c->db, wo, reason);
	else if (!strcmp(sub, "unhold"))
		rc = mes_order_unhold(c->db, wo, reason);
	else
		rc = mes_order_close(c->db, wo);
	if (rc != MES_OK) {
		char what[64];

		snprintf(what, sizeof what, "order %s", sub);
		return ctl_fail(c, what);
	}
	printf("%s: %s done\n", wo, sub);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "release", order, "WO", "release a planned order to the floor" },
	{ "hold", order, "WO --reason TEXT",
	  "stop an order until the hold is lifted" },
	{ "unhold", order, "WO [--reason TEXT]",
	  "lift a hold: back to the state it was held in" },
	{ "close", order, "WO", "close a complete order" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_order = {
	"order", NULL, subs, NULL, "change a work order's state",
};
