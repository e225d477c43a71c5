/* mesctl init, migrate, status, backup, demo-seed. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "mesctl.h"
#include "ui/text.h"

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

int cmd_init(struct ctl *c, int argc, char **argv)
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
			return ctl_usage("init", "[--admin LOGIN] [--name NAME]");
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

int cmd_migrate(struct ctl *c, int argc, char **argv)
{
	int applied = 0, cur = 0, latest = 0;

	(void)argv;
	if (argc != 1)
		return ctl_usage("migrate", "");
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

static void status_json(const struct mes_status *s, const char *path,
                        int sound, const char *why)
{
	struct mes_json j;

	mes_json_init(&j);
	mes_json_str(&j, "database", path);
	mes_json_int(&j, "file_bytes", s->file_bytes);
	mes_json_str(&j, "journal_mode", s->journal_mode);
	mes_json_int(&j, "schema_version", s->schema_version);
	mes_json_int(&j, "schema_latest", s->schema_latest);
	mes_json_int(&j, "users", s->users);
	mes_json_int(&j, "users_active", s->users_active);
	mes_json_int(&j, "users_locked", s->users_locked);
	mes_json_int(&j, "work_centers", s->work_centers);
	mes_json_int(&j, "items", s->items);
	mes_json_int(&j, "routing_ops", s->routing_ops);
	mes_json_int(&j, "orders", s->orders);
	mes_json_int(&j, "orders_planned", s->orders_planned);
	mes_json_int(&j, "orders_released", s->orders_released);
	mes_json_int(&j, "orders_running", s->orders_running);
	mes_json_int(&j, "orders_complete", s->orders_complete);
	mes_json_int(&j, "audit_records", s->audit_records);
	mes_json_str(&j, "audit_head", s->audit_head);
	mes_json_str(&j, "last_change", s->last_change);
	mes_json_str(&j, "integrity", sound ? "ok" : "damaged");
	if (!sound)
		mes_json_str(&j, "integrity_detail", why);
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
}

int cmd_status(struct ctl *c, int argc, char **argv)
{
	struct mes_status s;
	char why[1024];
	int rc, sound;

	(void)argv;
	if (argc != 1)
		return ctl_usage("status", "");
	if (ctl_open(c, MES_OPEN_ANY_VERSION) != EXIT_OK)
		return EXIT_FAIL;
	/* A damaged file is the first thing to say, and fails the status. */
	rc = mes_db_check(c->db, 0);
	if (rc != MES_OK && rc != MES_ERR_CORRUPT)
		return ctl_fail(c, "status");
	sound = rc == MES_OK;
	snprintf(why, sizeof why, "%s", mes_db_errmsg(c->db));
	if (!sound && !c->json)
		printf("DAMAGED    %s\n", why);
	if (mes_status_get(c->db, &s) != MES_OK) {
		if (sound)
			return ctl_fail(c, "status");
		fprintf(stderr, "mesctl: status: %s\n", mes_db_errmsg(c->db));
		return EXIT_FAIL;
	}
	if (c->json) {
		status_json(&s, mes_db_path(c->db), sound, why);
		return sound ? EXIT_OK : EXIT_FAIL;
	}
	printf("database   %s (%lld KiB, %s journal)\n", mes_db_path(c->db),
	       s.file_bytes / 1024, s.journal_mode);
	printf("schema     version %d%s\n", s.schema_version,
	       s.schema_version == s.schema_latest ? " (current)" :
	       " (older: run mesctl migrate)");
	printf("users      %lld (%lld active, %lld locked)\n", s.users,
	       s.users_active, s.users_locked);
	printf("plant      %lld work centers, %lld items, %lld routing "
	       "operations\n", s.work_centers, s.items, s.routing_ops);
	printf("orders     %lld (%lld planned, %lld released, %lld running, "
	       "%lld complete)\n", s.orders, s.orders_planned,
	       s.orders_released, s.orders_running, s.orders_complete);
	printf("audit      %lld records, last change %s\n", s.audit_records,
	       s.last_change[0] ? s.last_change : "-");
	printf("           chain head %.16s...\n", s.audit_head);
	printf("integrity  %s\n", sound ? "ok (quick check)" :
	       "DAMAGED (see above)");
	return sound ? EXIT_OK : EXIT_FAIL;
}

int cmd_backup(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage("backup", "FILE");
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_db_backup(c->db, argv[1]) != MES_OK)
		return ctl_fail(c, "backup");
	printf("backed up %s to %s\n", mes_db_path(c->db), argv[1]);
	return EXIT_OK;
}

int cmd_demo_seed(struct ctl *c, int argc, char **argv)
{
	const struct mes_demo_user *u;

	(void)argv;
	if (argc != 1)
		return ctl_usage("demo-seed", "");
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
