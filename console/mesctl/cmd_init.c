/* mesctl init: a new plant database and its first admin. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "mesctl.h"

static void remove_db(const char *path)
{
	char p[4200];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static void default_admin(const char **login, const char **name)
{
	struct passwd *pw = getpwuid(geteuid());
	static char gecos[128];

	if (!*login)
		*login = pw ? pw->pw_name : "admin";
	if (!*name) {
		if (pw && pw->pw_gecos && *pw->pw_gecos) {
			snprintf(gecos, sizeof gecos, "%s", pw->pw_gecos);
			gecos[strcspn(gecos, ",")] = 0;
		}
		*name = gecos[0] ? gecos : *login;
	}
}

static int init(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *login = NULL, *name = NULL;
	char pin[128];
	int o, rc;

	while ((o = getopt_long(argc, argv, "a:n:", opts, NULL)) != -1) {
		if (o == 'a')
			login = optarg;
		else if (o == 'n')
			name = optarg;
		else
			return ctl_usage(c);
	}
	default_admin(&login, &name);
	if (ctl_new_pin("PIN for the first admin: ", pin, sizeof pin))
		return EXIT_FAIL;
	if (ctl_open(c, MES_OPEN_CREATE) != EXIT_OK)
		return EXIT_FAIL;
	rc = mes_user_bootstrap(c->db, login, name, pin);
	memset(pin, 0, sizeof pin);
	if (rc != MES_OK) {
		ctl_fail(c, "first admin");
		/* A database without an admin is of no use: do not leave it. */
		remove_db(mes_db_path(c->db));
		return EXIT_FAIL;
	}
	printf("created %s; admin \"%s\" (%s)\n", mes_db_path(c->db), login,
	       name);
	return EXIT_OK;
}

const struct cmd cmd_init = {
	"init", init, NULL, "[--admin LOGIN] [--name NAME]",
	"create a new plant database and its first admin",
};
