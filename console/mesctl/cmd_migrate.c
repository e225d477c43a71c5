/* mesctl migrate: bring an older database's schema up to date. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>
#include "mesctl.h"

static int migrate(struct ctl *c, int argc, char **argv)
{
	int applied = 0, cur = 0, latest = 0;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, MES_OPEN_ANY_VERSION) != EXIT_OK)
		return EXIT_FAIL;
	mes_db_schema_version(c->db, &cur, &latest);
	/*
	 * Who migrated is recorded when they can log in.  A --user that
	 * fails to log in stops here; without one, whoever may write the
	 * file may bring its schema up to date (an upgrade script as root),
	 * and the note says it is recorded without an MES user.
	 */
	if (cur != latest && c->user_opt && *c->user_opt) {
		if (ctl_login(c) != EXIT_OK)
			return EXIT_FAIL;
	} else if (cur != latest) {
		struct passwd *pw = getpwuid(geteuid());

		if (!pw || mes_login_unix(c->db, pw->pw_name) != MES_OK) {
			mes_logout(c->db);
			printf("note: no MES log-in for the system account %s: the"
			       " migration is recorded without a user\n",
			       pw ? pw->pw_name : "?");
		}
	}
	if (mes_db_migrate(c->db, &applied) != MES_OK)
		return ctl_fail(c, "migrate");
	if (applied)
		printf("schema %d -> %d (%d migrations applied)\n", cur, latest,
		       applied);
	else
		printf("schema %d is current\n", cur);
	return EXIT_OK;
}

const struct cmd cmd_migrate = {
	"migrate", migrate, NULL, "", "bring an older database up to date",
};
