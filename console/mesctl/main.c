/*
 * mesctl: administration from the shell.  Global options, then one
 * subcommand; every change goes through libmes, which checks the role.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	{ "import", cmd_import, "orders|receipts|schedule|items|... FILE",
	  "work orders, receipts, B2MML schedules, master data" },
	{ "export", cmd_export, "results|performance|schedule|items|...",
	  "results and master data as CSV, performance as B2MML" },
	{ "receive", cmd_receive, "[--po PO] [--qty N] SCAN|-",
	  "receive a scanned GS1 label" },
	{ "lot", cmd_lot, "show|stock|move|issue|produce|hold|release|label",
	  "lots and the inventory ledger" },
	{ "trace", cmd_trace, "LOT --backward|--forward [--json]",
	  "a lot's genealogy" },
	{ "recall", cmd_recall, "SUPPLIER-LOT [--json]",
	  "finished lots containing a supplier lot" },
	{ "location", cmd_location, "add CODE NAME [--kind K]",
	  "add a stock location" },
	{ "item", cmd_item, "gs1 ITEM [--gtin G] ...",
	  "an item's GTIN and receiving checks" },
	{ "quality", cmd_quality, "plan|char|rules|freeze|due|inspect|...",
	  "inspection plans, results, SPC limits and alarms" },
	{ "nc", cmd_nc, "open|list|show|contain|disposition|close ...",
	  "non-conformances and their signed disposition" },
	{ "report", cmd_report, "spc|oee|energy|production|batch-record|...",
	  "reports as text, CSV, JSON, SVG or HTML" },
	{ "asset", cmd_asset, "add|list|demo-seed ...", "the asset tree" },
	{ "downtime", cmd_downtime, "list|assign ...",
	  "machine downtime and its reasons" },
	{ "maint", cmd_maint, "request|orders|pm-generate ...",
	  "maintenance requests and orders" },
	{ "exchange", cmd_watch, "--watch DIR [--interval S] [--once]",
	  "the ERP drop folder: import from DIR/in, export to DIR/out" },
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

	/* Files this program makes are the plant group's, never everyone's. */
	umask(007);
	/* For column widths of UTF-8 names; numbers stay "C" style. */
	setlocale(LC_CTYPE, "");
	memset(&c, 0, sizeof c);
	c.user_opt = getenv("MES_USER");
	/* '+': stop at the subcommand, whose options are its own. */
	while ((o = getopt_long(argc, argv, "+c:d:u:jhV", opts, NULL)) != -1) {
		switch (o) {
		case 'c': c.config_opt = optarg; break;
		case 'd': c.db_opt = optarg; break;
		case 'u':
			/* An empty --user must not mean the system account. */
			if (!*optarg) {
				fprintf(stderr, "mesctl: --user: give a login or "
				        "badge (without --user the system account "
				        "logs in)\n");
				return EXIT_USAGE;
			}
			c.user_opt = optarg;
			break;
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
