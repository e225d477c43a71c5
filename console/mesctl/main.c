/*
 * mesctl: administration from the shell.  Global options, then one
 * subcommand; every change goes through libmes, which checks the role.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"

static const struct cmd cmds[] = {
	{ "init", cmd_init, "[--admin LOGIN] [--name NAME]",
	  "create a new plant database and its first admin" },
	{ "migrate", cmd_migrate, "", "bring an older database up to date" },
	{ "status", cmd_status, "", "show the database and plant at a glance" },
	{ "user", cmd_user, "add|list|passwd|disable|enable|unlock|rename ...",
	  "manage users (see mesctl user --help)" },
	{ "audit", cmd_audit, "verify | show [--since T] [--user U]",
	  "check or list the audit trail" },
	{ "backup", cmd_backup, "FILE", "copy the database while in use" },
	{ "schedule", cmd_schedule, "[--repair] [--objective O] [--time-limit S]",
	  "plan released orders on the work centers" },
	{ "unavailable", cmd_unavailable, "WC --from T [--until T] [--kind K]",
	  "record a breakdown or planned stop of a work center" },
	{ "gs1", cmd_gs1, "[--json] [--no-aim] STRING | -",
	  "parse and check a GS1 barcode's data" },
	{ "spc", cmd_spc, "--chart TYPE [OPTIONS] FILE.csv|-",
	  "control limits, rule violations, capability" },
	{ "demo-seed", cmd_demo_seed, "", "fill a new database with the demo plant" },
	{ "order", cmd_order, "release|hold|unhold|close WO [--reason T]",
	  "change a work order's state" },
	{ "import", cmd_import, "orders [--skip-bad --rejects FILE] FILE.csv|-",
	  "import work orders from the ERP" },
	{ "export", cmd_export, "results [--since T]",
	  "operation results as CSV for the ERP" },
	{ NULL, NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "usage: mesctl [--config FILE] [--db FILE] [--user LOGIN]"
	        " [--json] COMMAND [ARGS]\n\ncommands:\n");
	for (c = cmds; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->help);
	fprintf(f, "\nmesctl --version; man mesctl for the details.\n");
}

void ctl_reset_getopt(void)
{
	optind = 0;  /* glibc: 0 re-initialises, so subcommands rescan */
}

int ctl_usage(const char *cmd, const char *args)
{
	fprintf(stderr, "usage: mesctl %s %s\n", cmd, args);
	return EXIT_USAGE;
}

static int run(struct ctl *c, int argc, char **argv)
{
	const struct cmd *k;

	for (k = cmds; k->name; k++)
		if (!strcmp(k->name, argv[0]))
			return k->run(c, argc, argv);
	fprintf(stderr, "mesctl: unknown command \"%s\"\n\n", argv[0]);
	usage(stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c;
	int o, rc;

	/* For column widths of UTF-8 names; numbers stay "C" style. */
	setlocale(LC_CTYPE, "");
	memset(&c, 0, sizeof c);
	c.user_opt = getenv("MES_USER");
	/* '+': stop at the subcommand, whose options are its own. */
	while ((o = getopt_long(argc, argv, "+c:d:u:jhV", opts, NULL)) != -1) {
		switch (o) {
		case 'c': c.config_opt = optarg; break;
		case 'd': c.db_opt = optarg; break;
		case 'u': c.user_opt = optarg; break;
		case 'j': c.json = 1; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("mesctl %s\n", MES_VERSION_STRING);
		          return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (ctl_config(&c) != EXIT_OK)
		return EXIT_FAIL;
	argc -= optind;
	argv += optind;
	ctl_reset_getopt();
	rc = run(&c, argc, argv);
	mes_db_close(c.db);
	return rc;
}
