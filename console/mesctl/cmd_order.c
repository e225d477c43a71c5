/* mesctl order release|hold|unhold|close: a work order's state by hand. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "prod.h"

static const char order_usage[] =
	"release WO | hold WO --reason TEXT | unhold WO [--reason TEXT] |\n"
	"       close WO";

int cmd_order(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argc > 1 ? argv[1] : "", *reason = NULL, *wo;
	int o, rc, takes_reason;

	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		printf("usage: mesctl order %s\n", order_usage);
		return EXIT_OK;
	}
	if (strcmp(sub, "release") && strcmp(sub, "hold") &&
	    strcmp(sub, "unhold") && strcmp(sub, "close"))
		return ctl_usage("order", order_usage);
	takes_reason = !strcmp(sub, "hold") || !strcmp(sub, "unhold");
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "r:", opts, NULL)) != -1) {
		if (o != 'r' || !takes_reason)
			return ctl_usage("order", order_usage);
		reason = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage("order", order_usage);
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
