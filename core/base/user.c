/* Users: the bootstrap admin, adding, PIN changes, disabling, unlocking. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "internal.h"

static int check_login(struct mes_db *db, const char *login)
{
	size_t i, n = login ? strlen(login) : 0;

	if (n == 0 || n > 32)
		return db_fail(db, MES_ERR_ARG, "a login name has 1 to 32 "
		               "characters");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)login[i];

		if (!islower(c) && !isdigit(c) && !strchr("._-", c))
			return db_fail(db, MES_ERR_ARG, "login \"%s\": use "
			               "lower-case letters, digits, '.', '_' "
			               "and '-' only", login);
	}
	return MES_OK;
}

static int check_pin(struct mes_db *db, const char *pin)
{
	size_t n = pin ? strlen(pin) : 0;

	if (n < (size_t)db->set.min_pin_len || n > 64)
		return db_fail(db, MES_ERR_ARG, "a PIN needs %d to 64 "
		               "characters", db->set.min_pin_len);
	return MES_OK;
}

static int check_name(struct mes_db *db, const char *name)
{
	if (!name || !*name || strlen(name) >= 128)
		return db_fail(db, MES_ERR_ARG, "a printed name has 1 to 127 "
		               "bytes");
	return MES_OK;
}

static const char *user_json(struct mes_json *b, const char *login,
                             const char *name, unsigned roles,
                             const char *badge)
{
	char r[128];

	mes_role_format(roles, r, sizeof r);
	mes_json_init(b);
	mes_json_str(b, "login", login);
	mes_json_str(b, "name", name);
	mes_json_str(b, "roles", r);
	mes_json_str(b, "badge", badge ? badge : "");
	return mes_json_done(b);
}

static int insert_user(struct mes_db *db, const char *login, const char *name,
                       unsigned roles, const char *badge, const char *pin,
                       int bootstrap)
{
	static const char sql[] =
		"INSERT INTO users (login, name, badge, roles, secret, created)"
		" VALUES (?, ?, ?, ?, ?, ?)";
	char secret[128];
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if ((rc = secret_hash(db, pin, secret)) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (badge && *badge)
		sqlite3_bind_text(st, 3, badge, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, (int)roles);
	sqlite3_bind_text(st, 5, secret, -1, SQLITE_TRANSIENT);
	bind_now(st, 6);
	sodium_memzero(secret, sizeof secret);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = db_sqlfail(db, rc, "adding the user");
		if (rc == MES_ERR_EXISTS)
			return db_fail(db, rc, "login \"%s\" or badge \"%s\" "
			               "is taken", login, badge ? badge : "");
		return rc;
	}
	/* The first admin creates itself: there is no one else to name. */
	rc = audit_append_as(db, bootstrap ? sqlite3_last_insert_rowid(db->h) :
	                     db->sess.user_id, bootstrap ? login :
	                     db->sess.login, "user.add", "users", login, "",
	                     user_json(&b, login, name, roles, badge),
	                     bootstrap ? "first admin of a new database" : "");
	mes_json_free(&b);
	return rc;
}

static int validate(struct mes_db *db, const char *login, const char *name,
                    const char *pin)
{
	int rc;

	if ((rc = check_login(db, login)) != MES_OK)
		return rc;
	if ((rc = check_name(db, name)) != MES_OK)
		return rc;
	return check_pin(db, pin);
}

int mes_user_bootstrap(struct mes_db *db, const char *login, const char *name,
                       const char *pin)
{
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = validate(db, login, name, pin)) != MES_OK)
		return rc;
	if ((rc = tx_begin_raw(db)) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, "SELECT count(*) FROM users")))
		return tx_end(db, MES_ERR_DB);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0)
		return tx_end(db, db_fail(db, MES_ERR_EXISTS, "the database "
		              "has users already; an admin adds more with "
		              "mesctl user add"));
	rc = insert_user(db, login, name, MES_ROLE_ADMIN, NULL, pin, 1);
	return tx_end(db, rc);
}

int mes_user_add(struct mes_db *db, const char *login, const char *name,
                 unsigned roles, const char *badge, const char *pin)
{
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = validate(db, login, name, pin)) != MES_OK)
		return rc;
	if (!roles || (roles & ~MES_ROLE_ALL))
		return db_fail(db, MES_ERR_ARG, "a user needs at least one "
		               "role");
	if ((rc = tx_begin(db, PERM_USERS, "user.add")) != MES_OK)
		return rc;
	return tx_end(db, insert_user(db, login, name, roles, badge, pin, 0));
}

/* Runs an UPDATE on one user by login; MES_ERR_NOTFOUND if none. */
static int update_user(struct mes_db *db, const char *sql, const char *login,
                       const char *text, int num)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int(st, 1, num);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "changing the user");
	if (sqlite3_changes(db->h) == 0)
		return db_fail(db, MES_ERR_NOTFOUND, "no user \"%s\"", login);
	return MES_OK;
}

static int forget_failures(struct mes_db *db, const char *login)
{
	static const char sql[] = "DELETE FROM login_failures WHERE user_id = "
		"(SELECT id FROM users WHERE login = ?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "unlocking");
}

int mes_user_passwd(struct mes_db *db, const char *login, const char *pin)
{
	static const char sql[] = "UPDATE users SET secret = ?, failures = 0,"
		" locked = 0, version = version + 1 WHERE login = ?";
	char secret[128];
	int rc, own;

	if (!db || !db->h || !login)
		return db_badarg(db, __func__);
	if ((rc = check_pin(db, pin)) != MES_OK)
		return rc;
	/* Everyone may change their own PIN; others' need an admin. */
	own = db->sess.user_id && strcmp(db->sess.login, login) == 0;
	rc = tx_begin(db, own ? PERM_NONE : PERM_USERS, "user.passwd");
	if (rc != MES_OK)
		return rc;
	if ((rc = secret_hash(db, pin, secret)) == MES_OK)
		rc = update_user(db, sql, login, secret, 0);
	sodium_memzero(secret, sizeof secret);
	if (rc == MES_OK)
		rc = forget_failures(db, login);
	if (rc == MES_OK)
		rc = audit_append(db, "user.passwd", "users", login,
		                  "(secret)", "(new secret)", "");
	return tx_end(db, rc);
}

int mes_user_set_active(struct mes_db *db, const char *login, int active,
                        const char *reason)
{
	static const char sql[] = "UPDATE users SET active = ?, "
		"version = version + 1 WHERE login = ?";
	int rc;

	if (!db || !db->h || !login)
		return db_badarg(db, __func__);
	rc = tx_begin(db, PERM_USERS, active ? "user.enable" : "user.disable");
	if (rc != MES_OK)
		return rc;
	if (!active && db->sess.user_id && !strcmp(db->sess.login, login))
		return tx_end(db, db_fail(db, MES_ERR_STATE, "you cannot "
		              "disable your own account"));
	rc = update_user(db, sql, login, NULL, active ? 1 : 0);
	if (rc == MES_OK)
		rc = audit_append(db, active ? "user.enable" : "user.disable",
		                  "users", login, active ? "active=0" :
		                  "active=1", active ? "active=1" : "active=0",
		                  reason);
	return tx_end(db, rc);
}

int mes_user_rename(struct mes_db *db, const char *login, const char *name)
{
	static const char sql[] = "UPDATE users SET name = ?, "
		"version = version + 1 WHERE login = ?";
	struct mes_user_info u;
	int rc;

	if (!db || !db->h || !login)
		return db_badarg(db, __func__);
	if ((rc = check_name(db, name)) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_USERS, "user.rename")) != MES_OK)
		return rc;
	if ((rc = mes_user_get(db, login, &u)) == MES_OK)
		rc = update_user(db, sql, login, name, 0);
	if (rc == MES_OK)
		rc = audit_append(db, "user.rename", "users", login, u.name,
		                  name, "");
	return tx_end(db, rc);
}

int mes_user_unlock(struct mes_db *db, const char *login)
{
	static const char sql[] = "UPDATE users SET failures = ?, locked = 0,"
		" version = version + 1 WHERE login = ?";
	int rc;

	if (!db || !db->h || !login)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_USERS, "user.unlock")) != MES_OK)
		return rc;
	rc = update_user(db, sql, login, NULL, 0);
	/* Its failures are forgiven, or the next mistake locks it again; the
	 * audit trail keeps them. */
	if (rc == MES_OK)
		rc = forget_failures(db, login);
	if (rc == MES_OK)
		rc = audit_append(db, "user.unlock", "users", login, "locked",
		                  "unlocked", "");
	return tx_end(db, rc);
}

#define USER_COLS "SELECT id, login, name, ifnull(badge, ''), roles, " \
	"active, failures, locked, created FROM users "

static void fill_user(sqlite3_stmt *st, struct mes_user_info *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	str_copy(u->login, sizeof u->login, col_text(st, 1));
	str_copy(u->name, sizeof u->name, col_text(st, 2));
	str_copy(u->badge, sizeof u->badge, col_text(st, 3));
	u->roles = (unsigned)sqlite3_column_int(st, 4);
	u->active = sqlite3_column_int(st, 5);
	u->failures = sqlite3_column_int(st, 6);
	u->locked = sqlite3_column_int(st, 7);
	str_copy(u->created, sizeof u->created, col_text(st, 8));
}

int mes_user_get(struct mes_db *db, const char *login, struct mes_user_info *out)
{
	static const char sql[] = USER_COLS "WHERE login = ?";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !login || !out)
		return db_badarg(db, __func__);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		fill_user(st, out);
		sqlite3_reset(st);
		return MES_OK;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return db_fail(db, MES_ERR_NOTFOUND, "no user \"%s\"", login);
	return db_sqlfail(db, rc, "reading the user");
}

int mes_user_each(struct mes_db *db, mes_user_fn fn, void *ctx)
{
	static const char sql[] = USER_COLS "ORDER BY login";
	struct mes_user_info u;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!db || !db->h || !fn)
		return db_badarg(db, __func__);
	if ((rc = perm_check(db, PERM_NONE, "user.list")) != MES_OK)
		return rc;
	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL)) != SQLITE_OK)
		return db_sqlfail(db, rc, "listing users");
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_user(st, &u);
		stop = fn(&u, ctx);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "listing users");
	return MES_OK;
}
