/* mesctl demo-seed: the demo plant in a new database. */
#include <stdio.h>
#include "mesctl.h"
#include "ui/text.h"

static int demo_seed(struct ctl *c, int argc, char **argv)
{
	const struct mes_demo_user *u;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_demo_seed(c->db) != MES_OK)
		return ctl_fail(c, "demo-seed");
	printf("demo plant seeded. Users (log in with badge or login + PIN):\n"
	       "  %-6s %-16s %-14s %-7s %s\n", "login", "name", "roles",
	       "badge", "PIN");
	for (u = mes_demo_users(); u->login; u++) {
		printf("  %-6s ", u->login);
		ui_fput_cols(stdout, u->name, 16);
		printf(" %-14s %-7s %s\n", u->roles, u->badge, u->pin);
	}
	return EXIT_OK;
}

const struct cmd cmd_demo_seed = {
	"demo-seed", demo_seed, NULL, "",
	"fill a new database with the demo plant",
};
