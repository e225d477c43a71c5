/* mesctl backup FILE: a consistent copy while the database is in use. */
#include <stdio.h>
#include "mesctl.h"

static int backup(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_db_backup(c->db, argv[1]) != MES_OK)
		return ctl_fail(c, "backup");
	printf("backed up %s to %s\n", mes_db_path(c->db), argv[1]);
	return EXIT_OK;
}

const struct cmd cmd_backup = {
	"backup", backup, NULL, "FILE", "copy the database while in use",
};
