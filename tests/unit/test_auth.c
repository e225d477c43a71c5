/* Users, log-in, lockout, roles enforced in core, idle lock. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "fixture.h"
#include "base/internal.h"
#include "testhelp.h"

struct counter { const char *action; int n; };

static int count_cb(const struct mes_audit_rec *r, void *p)
{
	struct counter *c = p;

	if (!strcmp(r->action, c->action))
		c->n++;
	return 0;
}

static int audit_count(struct mes_db *db, const char *action)
{
	struct counter c = { action, 0 };

	if (mes_audit_each(db, NULL, NULL, count_cb, &c) != MES_OK)
		return -1;
	return c.n;
}

int main(void)
{
	struct mes_db *db = fx_new_db("auth.db");
	struct mes_user_info u;
	unsigned roles = 0;
	char err[256], refused[512];
	int i;

	T_CASE("roles parse and format round-trip; bad role is named");
	T_CHECK_RC(mes_role_parse("operator, lead", &roles, err, sizeof err),
	           MES_OK);
	T_CHECK(roles == (MES_ROLE_OPERATOR | MES_ROLE_LEAD));
	mes_role_format(roles, err, sizeof err);
	T_CHECK_STR(err, "operator,lead");
	T_CHECK_RC(mes_role_parse("operator,boss", &roles, err, sizeof err),
	           MES_ERR_ARG);
	T_CHECK_HAS(err, "boss");

	T_CASE("bootstrap only works on an empty user table");
	T_CHECK_RC(mes_user_bootstrap(db, "eve", "Eve", "12345"),
	           MES_ERR_EXISTS);

	T_CASE("admin adds users; bad login, short PIN, duplicate refused");
	T_CHECK_RC(mes_user_add(db, "olga", "Olga Brandt", MES_ROLE_OPERATOR,
	                        "B1", "1111"), MES_OK);
	T_CHECK_RC(mes_user_add(db, "luis", "Luis Moreno", MES_ROLE_LEAD,
	                        "B2", "2222"), MES_OK);
	T_CHECK_RC(mes_user_add(db, "Bad Name", "x", MES_ROLE_OPERATOR, NULL,
	                        "1111"), MES_ERR_ARG);
	T_CHECK_RC(mes_user_add(db, "shorty", "x", MES_ROLE_OPERATOR, NULL,
	                        "12"), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "PIN");
	T_CHECK_RC(mes_user_add(db, "olga", "Other", MES_ROLE_OPERATOR, "B9",
	                        "1111"), MES_ERR_EXISTS);
	T_CHECK_RC(mes_user_add(db, "olga2", "Other", MES_ROLE_OPERATOR, "B1",
	                        "1111"), MES_ERR_EXISTS);
	T_CHECK_RC(mes_user_add(db, "norole", "x", 0, NULL, "1111"),
	           MES_ERR_ARG);

	T_CASE("badge + PIN logs in");
	T_CHECK_RC(mes_login_pin(db, "B1", "1111"), MES_OK);
	T_CHECK_RC(mes_session_user(db, &u), MES_OK);
	T_CHECK_STR(u.login, "olga");


	T_CASE("an operator may not add users: refused in core and audited");
	T_CHECK_RC(mes_user_add(db, "mallory", "M", MES_ROLE_ADMIN, NULL,
	                        "1234"), MES_ERR_PERM);
	T_CHECK_HAS(mes_db_errmsg(db), "admin");
	T_CHECK_RC(mes_wc_add(db, "W1", "w", 1), MES_ERR_PERM);
	T_CHECK_RC(mes_db_backup(db, fx_path("no-backup.db")), MES_ERR_PERM);
	T_CHECK(access(fx_path("no-backup.db"), F_OK) != 0);
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
	T_CHECK_RC(mes_user_get(db, "mallory", &u), MES_ERR_NOTFOUND);
	T_CHECK(audit_count(db, "denied") == 3);

	T_CASE("a lead may add master data, an operator may not");
	T_CHECK_RC(mes_login_pin(db, "luis", "2222"), MES_OK);
	T_CHECK_RC(mes_wc_add(db, "W1", "w", 1), MES_OK);

	T_CASE("unknown user: one message that names no account, audited");
	T_CHECK_RC(mes_login_pin(db, "ghost", "0000"), MES_ERR_AUTH);
	T_CHECK_HAS(mes_db_errmsg(db), "no user with this badge or login and PIN");
	snprintf(refused, sizeof refused, "%s", mes_db_errmsg(db));
	T_CHECK(strstr(refused, "ghost") == NULL);
	T_CHECK_RC(mes_wc_add(db, "W2", "w", 1), MES_ERR_AUTH);

	T_CASE("a wrong PIN gets the same message; the fifth locks the account");
	for (i = 1; i <= 5; i++) {
		T_CHECK_RC(mes_login_pin(db, "olga", "9998"), MES_ERR_AUTH);
		T_CHECK_STR(mes_db_errmsg(db), refused);
	}
	T_CHECK_RC(mes_user_get(db, "olga", &u), MES_OK);
	T_CHECK(u.locked && u.failures == 5);
	T_CASE("... which only the right PIN is told");
	T_CHECK_RC(mes_login_pin(db, "olga", "1111"), MES_ERR_LOCKED);
	T_CHECK_HAS(mes_db_errmsg(db), "unlock");
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
	T_CHECK(audit_count(db, "login.fail") == 7);  /* ghost + 5 + locked */

	T_CASE("a locked account still logs in by its system account");
	T_CHECK_RC(mes_login_unix(db, "olga"), MES_OK);
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);

	T_CASE("an admin unlocks; the count starts again");
	T_CHECK_RC(mes_user_unlock(db, "olga"), MES_OK);
	T_CHECK_RC(mes_login_pin(db, "olga", "9998"), MES_ERR_AUTH);
	T_CHECK_RC(mes_login_pin(db, "olga", "1111"), MES_OK);
	T_CHECK_RC(mes_user_get(db, "olga", &u), MES_OK);
	T_CHECK(u.failures == 1 && !u.locked);

	T_CASE("the owner's good log-ins between guesses do not reset the count");
	for (i = 0; i < 4; i++) {
		T_CHECK_RC(mes_login_pin(db, "olga", "9998"), MES_ERR_AUTH);
		T_CHECK_RC(mes_login_pin(db, "olga", "1111"),
		           i < 3 ? MES_OK : MES_ERR_LOCKED);
	}
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
	T_CHECK_RC(mes_user_get(db, "olga", &u), MES_OK);
	T_CHECK(u.locked);
	T_CHECK_RC(mes_user_unlock(db, "olga"), MES_OK);

	T_CASE("a terminal over its budget refuses even a right PIN; others go on");
	db->set.terminal_max_failures = 3;
	mes_terminal_set(db, "/dev/pts/91");
	for (i = 0; i < 3; i++)
		T_CHECK_RC(mes_login_pin(db, i == 1 ? "olga" : "nobody", "0000"),
		           MES_ERR_AUTH);
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_ERR_AUTH);
	T_CHECK_HAS(mes_db_errmsg(db), "at this terminal");
	mes_terminal_set(db, "/dev/pts/92");
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
	db->set.terminal_max_failures = 20;
	mes_terminal_set(db, NULL);
	T_CHECK_RC(mes_user_unlock(db, "olga"), MES_OK);
	T_CHECK_RC(mes_login_pin(db, "olga", "1111"), MES_OK);

	T_CASE("users change their own PIN, not someone else's");
	T_CHECK_RC(mes_user_passwd(db, "olga", "7777"), MES_OK);
	T_CHECK_RC(mes_user_passwd(db, "luis", "7777"), MES_ERR_PERM);
	T_CHECK_RC(mes_login_pin(db, "olga", "1111"), MES_ERR_AUTH);
	T_CHECK_RC(mes_login_pin(db, "olga", "7777"), MES_OK);

	T_CASE("a disabled user's open session stops working");
	{
		struct mes_db *other;
		struct mes_settings s;

		fx_settings(&s);
		T_CHECK_RC(mes_db_open(&other, fx_path("auth.db"), 0, &s),
		           MES_OK);
		T_CHECK_RC(mes_login_pin(other, "luis", "2222"), MES_OK);
		T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
		T_CHECK_RC(mes_user_set_active(db, "luis", 0, "left"), MES_OK);
		T_CHECK_RC(mes_wc_add(other, "W3", "w", 1),
		           MES_ERR_AUTH);
		T_CHECK_RC(mes_login_pin(other, "luis", "2222"), MES_ERR_AUTH);
		T_CHECK_RC(mes_user_set_active(db, "root", 0, ""),
		           MES_ERR_STATE);
		mes_db_close(other);
	}

	T_CASE("system login maps only existing, active users");
	T_CHECK_RC(mes_login_unix(db, "olga"), MES_OK);
	T_CHECK_RC(mes_login_unix(db, "nobody"), MES_ERR_AUTH);
	T_CHECK_HAS(mes_db_errmsg(db), "not an MES user");
	T_CHECK_RC(mes_login_unix(db, "100001"), MES_ERR_AUTH); /* no badges */
	T_CHECK_RC(mes_login_unix(db, "luis"), MES_ERR_AUTH);   /* disabled */
	mes_db_close(db);

	T_CASE("an idle session locks itself");
	{
		struct mes_settings s;

		fx_settings(&s);
		s.idle_lock_s = 1;
		T_CHECK_RC(mes_db_open(&db, fx_path("auth.db"), 0, &s), MES_OK);
		T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
		T_CHECK_RC(mes_wc_add(db, "W4", "w", 1), MES_OK);
		T_CHECK(!mes_session_idle_locked(db));
		sleep(2);
		T_CHECK(mes_session_idle_locked(db));
		T_CHECK_RC(mes_wc_add(db, "W5", "w", 1), MES_ERR_AUTH);
		T_CHECK_HAS(mes_db_errmsg(db), "log in again");
		T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
		T_CHECK_RC(mes_wc_add(db, "W5", "w", 1), MES_OK);
		mes_db_close(db);
	}

	T_CASE("nobody logged in: every change refused");
	T_CHECK_RC(mes_db_open(&db, fx_path("auth.db"), 0, NULL), MES_OK);
	T_CHECK_RC(mes_item_add(db, "I1", "x", "ea", ""), MES_ERR_AUTH);
	T_CHECK_HAS(mes_db_errmsg(db), "log in");
	mes_db_close(db);

	T_CASE("the PIN is hashed before the write turn, not inside it");
	db = fx_new_db("auth-turn.db");
	T_CHECK_RC(mes_user_add(db, "hana", "Hana", MES_ROLE_OPERATOR, "B77",
	                        "7777"), MES_OK);
	db->pin_checks_in_turn = 0;
	T_CHECK_RC(mes_login_pin(db, "hana", "7777"), MES_OK);
	T_CHECK_RC(mes_login_pin(db, "hana", "0000"), MES_ERR_AUTH);
	T_CHECK_RC(mes_login_pin(db, "B77", "7777"), MES_OK);
	T_CHECK(db->pin_checks_in_turn == 0);
	T_CHECK(!db->in_tx);
	mes_db_close(db);

	return t_report("test_auth");
}
