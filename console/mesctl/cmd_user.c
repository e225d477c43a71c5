/* mesctl user: add, list, passwd, disable, enable, unlock, rename. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "ui/text.h"

static int user_add(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "roles", required_argument, NULL, 'r' },
		{ "badge", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *role = NULL, *badge = NULL;
	char pin[128], err[256];
	unsigned roles;
	int o, rc;

	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	while ((o = getopt_long(argc, argv, "n:r:b:", opts, NULL)) != -1) {
		if (o == 'n') name = optarg;
		else if (o == 'r') role = optarg;
		else if (o == 'b') badge = optarg;
		else return ctl_usage(c);
	}
	if (optind != argc - 1 || !name || !role)
		return ctl_usage(c);
	if (mes_role_parse(role, &roles, err, sizeof err) != MES_OK) {
		fprintf(stderr, "mesctl: %s\n", err);
		return EXIT_USAGE;
	}
	if (ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (ctl_new_pin("PIN for the new user: ", pin, sizeof pin))
		return EXIT_FAIL;
	rc = mes_user_add(c->db, argv[optind], name, roles, badge, pin);
	memset(pin, 0, sizeof pin);
	if (rc != MES_OK)
		return ctl_fail(c, "user add");
	printf("added %s (%s)\n", argv[optind], role);
	return EXIT_OK;
}

static int print_user(const struct mes_user_info *u, void *ctx)
{
	struct ctl *c = ctx;
	char roles[128];
	struct mes_json j;

	mes_role_format(u->roles, roles, sizeof roles);
	if (!c->json) {
		char name[sizeof u->name];

		printf("%-16s ", u->login);
		ui_fput_cols(stdout, mes_text_safe(name, sizeof name, u->name), 24);
		printf(" %-28s %-10s %s\n", roles, u->badge[0] ? u->badge : "-",
		       u->locked ? "locked" : u->active ? "active" : "disabled");
		return 0;
	}
	mes_json_init(&j);
	mes_json_str(&j, "login", u->login);
	mes_json_str(&j, "name", u->name);
	mes_json_str(&j, "roles", roles);
	mes_json_str(&j, "badge", u->badge);
	mes_json_int(&j, "active", u->active);
	mes_json_int(&j, "locked", u->locked);
	mes_json_int(&j, "failures", u->failures);
	mes_json_str(&j, "created", u->created);
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
	return 0;
}

static int user_list(struct ctl *c, int argc, char **argv)
{
	(void)argv;
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!c->json)
		printf("%-16s %-24s %-28s %-10s %s\n", "LOGIN", "NAME", "ROLES",
		       "BADGE", "STATE");
	if (mes_user_each(c->db, print_user, c) != MES_OK)
		return ctl_fail(c, "user list");
	return EXIT_OK;
}

static int user_passwd(struct ctl *c, int argc, char **argv)
{
	struct mes_user_info me;
	char pin[128];
	const char *login;
	int rc;

	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (argc > 2)
		return ctl_usage(c);
	if (ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	mes_session_user(c->db, &me);
	login = argc == 2 ? argv[1] : me.login;
	if (ctl_new_pin("New PIN: ", pin, sizeof pin))
		return EXIT_FAIL;
	rc = mes_user_passwd(c->db, login, pin);
	memset(pin, 0, sizeof pin);
	if (rc != MES_OK)
		return ctl_fail(c, "user passwd");
	printf("PIN of %s changed\n", login);
	return EXIT_OK;
}

/* disable LOGIN [--reason TEXT], enable LOGIN */
static int user_active(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = "";
	int o, active = !strcmp(argv[0], "enable");

	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	while ((o = getopt_long(argc, argv, "r:", opts, NULL)) != -1) {
		if (o != 'r')
			return ctl_usage(c);
		reason = optarg;
	}
	if (optind != argc - 1)
		return ctl_usage(c);
	if (ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_user_set_active(c->db, argv[optind], active, reason) != MES_OK)
		return ctl_fail(c, active ? "user enable" : "user disable");
	printf("%s %s\n", argv[optind], active ? "enabled" : "disabled");
	return EXIT_OK;
}

/* unlock LOGIN, rename LOGIN NAME */
static int user_simple(struct ctl *c, int argc, char **argv)
{
	int rc;

	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!strcmp(argv[0], "unlock") && argc == 2)
		rc = mes_user_unlock(c->db, argv[1]);
	else if (!strcmp(argv[0], "rename") && argc == 3)
		rc = mes_user_rename(c->db, argv[1], argv[2]);
	else
		return ctl_usage(c);
	if (rc != MES_OK)
		return ctl_fail(c, argv[0]);
	printf("%s: %s done\n", argv[1], argv[0]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", user_add, "LOGIN --name NAME --role ROLES [--badge CODE]",
	  "add a user; ROLES: operator,lead,quality,maintenance,receiving,"
	  "admin" },
	{ "list", user_list, "", "the users and their state" },
	{ "passwd", user_passwd, "[LOGIN]",
	  "change your own PIN, or as an admin someone else's" },
	{ "disable", user_active, "LOGIN [--reason TEXT]",
	  "stop a user's log-ins" },
	{ "enable", user_active, "LOGIN", "allow a user's log-ins again" },
	{ "unlock", user_simple, "LOGIN", "clear a lock after wrong PINs" },
	{ "rename", user_simple, "LOGIN NAME", "change the printed name" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_user = {
	"user", NULL, subs, NULL, "manage users",
};
