/* mesctl labor on|off WO SEQ: clock on to a running operation beside
 * whoever is on it, or off it, as the logged-in operator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "prod.h"

static int labor(struct ctl *c, int argc, char **argv)
{
	const char *sub = argv[0];
	char *end;
	long seq;
	int rc;

	if (argc != 3)
		return ctl_usage(c);
	seq = strtol(argv[2], &end, 10);
	if (*end || end == argv[2] || seq <= 0 || seq > 99999) {
		fprintf(stderr, "mesctl: %s is not an operation number\n",
		        argv[2]);
		return EXIT_USAGE;
	}
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	rc = !strcmp(sub, "on") ? mes_labor_on(c->db, argv[1], (int)seq) :
	     mes_labor_off(c->db, argv[1], (int)seq);
	if (rc != MES_OK)
		return ctl_fail(c, !strcmp(sub, "on") ? "labor on" :
		                "labor off");
	printf("%s/%ld: clocked %s\n", argv[1], seq, sub);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "on", labor, "WO SEQ",
	  "clock on to a running operation beside whoever is on it" },
	{ "off", labor, "WO SEQ", "clock off an operation (it runs on)" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_labor = {
	"labor", NULL, subs, NULL, "clock on to or off a running operation",
};
