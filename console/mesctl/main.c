/*
 * mesctl: administration from the shell.  Global options, then one
 * command of the table below and, for most, one of its subcommands;
 * every change goes through libmes, which checks the role (so the
 * tables hold no roles of their own to drift from core's).
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "mesctl.h"

/* The order of mesctl --help. */
static const struct cmd *const cmds[] = {
	&cmd_init, &cmd_migrate, &cmd_status, &cmd_user, &cmd_audit,
	&cmd_backup, &cmd_schedule, &cmd_twin, &cmd_simulate, &cmd_scenario,
	&cmd_unavailable, &cmd_gs1, &cmd_spc,
	&cmd_demo_seed, &cmd_order, &cmd_labor, &cmd_import, &cmd_export, &cmd_receive,
	&cmd_lot, &cmd_unit, &cmd_trace, &cmd_recall, &cmd_location, &cmd_item,
	&cmd_quality, &cmd_gauge, &cmd_allergen, &cmd_changeover, &cmd_nc,
	&cmd_report, &cmd_asset, &cmd_tool, &cmd_downtime, &cmd_maint,
	&cmd_exchange, &cmd_hub, NULL,
};

static void ctl_reset_getopt(void)
{
	optind = 0;  /* glibc: 0 re-initialises, so subcommands rescan */
}

static int is_help(const char *arg)
{
	return arg && (!strcmp(arg, "--help") || !strcmp(arg, "-h"));
}

/* The command named, or NULL after saying so with the usage. */
static const struct cmd *find_cmd(const char *name)
{
	const struct cmd *const *k;

	for (k = cmds; *k; k++)
		if (!strcmp((*k)->name, name))
			return *k;
	fprintf(stderr, "mesctl: unknown command \"%s\"\n\n", name);
	help_commands(stderr, cmds);
	return NULL;
}

/* The subcommand named, or NULL after saying so with the usage. */
static const struct subcmd *find_sub(struct ctl *c, const char *name)
{
	const struct subcmd *s;

	for (s = c->cmd->subs; name && s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	if (name)
		fprintf(stderr, "mesctl: %s: unknown subcommand \"%s\"\n\n",
		        c->cmd->name, name);
	ctl_usage(c);
	return NULL;
}

/* mesctl help [COMMAND [SUBCOMMAND]] */
static int help(struct ctl *c, int argc, char **argv)
{
	const struct subcmd *s;

	if (argc == 0 || argc > 2) {
		help_commands(argc ? stderr : stdout, cmds);
		return argc ? EXIT_USAGE : EXIT_OK;
	}
	if (!(c->cmd = find_cmd(argv[0])))
		return EXIT_USAGE;
	if (argc == 1) {
		help_command(stdout, c->cmd);
		return EXIT_OK;
	}
	if (!c->cmd->subs)
		return ctl_usage(c);
	if (!(s = find_sub(c, argv[1])))
		return EXIT_USAGE;
	help_sub(stdout, c->cmd, s);
	return EXIT_OK;
}

/*
 * The one dispatch: the command, its subcommand, or the help of either;
 * the configuration is read only for what runs.
 */
static int run(struct ctl *c, int argc, char **argv)
{
	if (!strcmp(argv[0], "help"))
		return help(c, argc - 1, argv + 1);
	if (!(c->cmd = find_cmd(argv[0])))
		return EXIT_USAGE;
	if (is_help(argv[1]) && !c->hub_opt)
		return help(c, 1, argv);
	if (c->cmd->subs) {
		if (!(c->sub = find_sub(c, argv[1])))
			return EXIT_USAGE;
		if (is_help(argv[2]) && !c->hub_opt)
			return help(c, 2, argv);
		argc--;
		argv++;
	}
	/* the centre needs no plant configuration */
	if (c->hub_opt)
		return ctl_central(c, c->hub_opt, argc, argv);
	if (ctl_config(c) != EXIT_OK)
		return EXIT_FAIL;
	ctl_reset_getopt();
	return (c->sub ? c->sub->run : c->cmd->run)(c, argc, argv);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "hub", required_argument, NULL, 'H' },
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
	c.hub_opt = getenv("MES_HUB");
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
		case 'H': c.hub_opt = optarg; break;
		case 'j': c.json = 1; break;
		case 'h': help_commands(stdout, cmds); return EXIT_OK;
		case 'V': printf("mesctl %s\n", MES_VERSION_STRING);
		          return EXIT_OK;
		default: help_commands(stderr, cmds); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		help_commands(stderr, cmds);
		return EXIT_USAGE;
	}
	rc = run(&c, argc - optind, argv + optind);
	mes_db_close(c.db);
	return rc;
}
