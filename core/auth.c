/*
 * Identity: roles, PIN hashing (argon2id), badge + PIN log-in with
 * lockout, the OS login for SSH sessions.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>
#include "internal.h"

static const char *const role_names[] = {
	"operator", "lead", "quality", "maintenance", "receiving", "admin",
};
#define NROLES (sizeof role_names / sizeof role_names[0])

const char *mes_role_name(unsigned one_role)
{
	size_t i;

	for (i = 0; i < NROLES; i++)
		if (one_role == 1u << i)
			return role_names[i];
	return "?";
}

static int role_word(const char *w, size_t n, unsigned *bit)
{
	size_t i;

	for (i = 0; i < NROLES; i++)
		if (strlen(role_names[i]) == n &&
		    strncasecmp(role_names[i], w, n) == 0) {
			*bit = 1u << i;
			return 1;
		}
	return 0;
}

int mes_role_parse(const char *list, unsigned *roles, char *errbuf, size_t n)
{
	const char *p = list, *e;
	unsigned bit, set = 0;

	if (!list || !roles)
		return MES_ERR_ARG;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		e = p + strcspn(p, ", ");
		if (!role_word(p, (size_t)(e - p), &bit)) {
			if (errbuf)
				snprintf(errbuf, n, "unknown role \"%.*s\": "
				         "choose from operator, lead, quality, "
				         "maintenance, receiving, admin",
				         (int)(e - p), p);
			return MES_ERR_ARG;
		}
		set |= bit;
		p = e;
	}
	if (!set) {
		if (errbuf)
			snprintf(errbuf, n, "no role given");
		return MES_ERR_ARG;
	}
	*roles = set;
	return MES_OK;
}

void mes_role_format(unsigned roles, char *buf, size_t n)
{
	size_t i, len = 0;

	if (!n)
		return;
	buf[0] = 0;
	for (i = 0; i < NROLES; i++) {
		if (!(roles & (1u << i)))
			continue;
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0,
		                        "%s%s", len ? "," : "", role_names[i]);
		if (len >= n)
			return;
	}
}

int secret_hash(struct mes_db *db, const char *pin, char out[128])
{
	unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (db->set.hash_cost == MES_HASH_MODERATE) {
		ops = crypto_pwhash_OPSLIMIT_MODERATE;
		mem = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (db->set.hash_cost == MES_HASH_FAST) {
		ops = crypto_pwhash_OPSLIMIT_MIN;
		mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	if (crypto_pwhash_str(out, pin, strlen(pin), ops, mem) != 0)
		return db_fail(db, MES_ERR_NOMEM, "not enough memory to hash "
		               "the PIN");
	return MES_OK;
}

int secret_verify(const char *stored, const char *pin)
{
	return crypto_pwhash_str_verify(stored, pin, strlen(pin)) == 0;
}

static int find_login(struct mes_db *db, const char *who, struct login_row *r)
{
	static const char sql[] =
		"SELECT id, login, name, secret, roles, active, locked, failures"
		" FROM users WHERE login = ?1 OR badge = ?1 LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return MES_ERR_NOTFOUND;
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "looking up the user");
	r->id = sqlite3_column_int64(st, 0);
	str_copy(r->login, sizeof r->login, col_text(st, 1));
	str_copy(r->name, sizeof r->name, col_text(st, 2));
	str_copy(r->secret, sizeof r->secret, col_text(st, 3));
	r->roles = (unsigned)sqlite3_column_int(st, 4);
	r->active = sqlite3_column_int(st, 5);
	r->locked = sqlite3_column_int(st, 6);
	r->failures = sqlite3_column_int(st, 7);
	sqlite3_reset(st);
	return MES_OK;
}

static void start_session(struct mes_db *db, const struct login_row *r)
{
	memset(&db->sess, 0, sizeof db->sess);
	db->sess.user_id = r->id;
	str_copy(db->sess.login, sizeof db->sess.login, r->login);
	str_copy(db->sess.name, sizeof db->sess.name, r->name);
	db->sess.roles = r->roles;
	session_touch(db);
}

static int set_failures(struct mes_db *db, long long id, int failures,
                        int locked)
{
	static const char sql[] =
		"UPDATE users SET failures = ?, locked = ? WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int(st, 1, failures);
	sqlite3_bind_int(st, 2, locked);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "saving");
}

/* A wrong PIN: count it, lock at the limit, audit it, commit, refuse. */
static int wrong_pin(struct mes_db *db, struct login_row *r, const char *what)
{
	char msg[256];
	int locked = r->failures + 1 >= db->set.max_failures;
	int rc;

	rc = set_failures(db, r->id, r->failures + 1, locked);
	if (rc == MES_OK)
		rc = audit_append_as(db, r->id, r->login, what, "users",
		                     r->login, "", "",
		                     locked ? "wrong PIN; account locked" :
		                              "wrong PIN");
	if ((rc = tx_end(db, rc)) != MES_OK)
		return rc;
	if (locked)
		return db_fail(db, MES_ERR_LOCKED, "wrong PIN: %s is now "
		               "locked after %d failed attempts; an admin must "
		               "unlock it (mesctl user unlock %s)", r->login,
		               r->failures + 1, r->login);
	snprintf(msg, sizeof msg, "wrong PIN for %s (%d of %d attempts "
	         "before the account locks)", r->login, r->failures + 1,
	         db->set.max_failures);
	return db_fail(db, MES_ERR_AUTH, "%s", msg);
}

/*
 * argon2id takes about 0.1 s at the moderate cost: verified inside the
 * plant-wide write turn, 64 terminals logging in at shift change would
 * hold up every other change in the plant.  So the row is read and the
 * PIN verified first; then the turn is taken and the row read again, and
 * the answer stands only if the PIN hash it was checked against is still
 * the one stored (else it is checked again, in the turn: a PIN changed in
 * that moment is rare).
 */
int auth_check_pin(struct mes_db *db, const char *who, const char *pin,
                   const char *what, enum mes_perm perm, const char *action,
                   struct login_row *r)
{
	char checked[sizeof r->secret];
	int rc, good = 0;

	rc = find_login(db, who, r);
	if (rc != MES_OK && rc != MES_ERR_NOTFOUND)
		return rc;
	if (rc == MES_OK && r->active && !r->locked)
		good = secret_verify(r->secret, pin);
	str_copy(checked, sizeof checked, rc == MES_OK ? r->secret : "");
	sodium_memzero(r->secret, sizeof r->secret);
	rc = perm == PERM_COUNT ? tx_begin_raw(db) : tx_begin(db, perm, action);
	if (rc != MES_OK) {
		sodium_memzero(checked, sizeof checked);
		return rc;
	}
	rc = find_login(db, who, r);
	if (rc == MES_OK && r->active && !r->locked &&
	    strcmp(checked, r->secret) != 0) {
		db->pin_checks_in_turn++;
		good = secret_verify(r->secret, pin);
	}
	sodium_memzero(checked, sizeof checked);

	if (rc == MES_ERR_NOTFOUND) {
		rc = audit_append_as(db, 0, who, what, "users", who, "", "",
		                     "unknown badge or login");
		if ((rc = tx_end(db, rc)) != MES_OK)
			return rc;
		return db_fail(db, MES_ERR_AUTH, "unknown badge or login "
		               "\"%s\"", who);
	}
	if (rc != MES_OK)
		return tx_end(db, rc);
	if (!r->active || r->locked) {
		rc = audit_append_as(db, r->id, r->login, what, "users",
		                     r->login, "", "", r->locked ? "locked" :
		                     "disabled");
		if ((rc = tx_end(db, rc)) != MES_OK)
			return rc;
		return db_fail(db, r->locked ? MES_ERR_LOCKED : MES_ERR_AUTH,
		               "%s is %s: ask an admin", r->login,
		               r->locked ? "locked after too many wrong PINs" :
		                           "disabled");
	}
	if (!good)
		return wrong_pin(db, r, what);
	if (r->failures && (rc = set_failures(db, r->id, 0, 0)) != MES_OK)
		return tx_end(db, rc);
	return MES_OK;
}

int mes_login_pin(struct mes_db *db, const char *who, const char *pin)
{
	struct login_row r;
	int rc;

	if (!db || !db->h || !who || !pin)
		return MES_ERR_ARG;
	mes_logout(db);
	if ((rc = auth_check_pin(db, who, pin, "login.fail", PERM_COUNT, NULL,
	                         &r)) != MES_OK)
		return rc;
	rc = audit_append_as(db, r.id, r.login, "login", "users", r.login,
	                     "", "", "badge and PIN");
	if ((rc = tx_end(db, rc)) != MES_OK)
		return rc;
	start_session(db, &r);
	sodium_memzero(r.secret, sizeof r.secret);
	return MES_OK;
}

int mes_login_unix(struct mes_db *db, const char *login)
{
	struct login_row r;
	int rc;

	if (!db || !db->h || !login)
		return MES_ERR_ARG;
	mes_logout(db);
	if (!db->set.unix_login)
		return db_fail(db, MES_ERR_AUTH, "log-in by system account is "
		               "off ([auth] unix_login = no): give --user");
	rc = find_login(db, login, &r);
	if (rc == MES_ERR_NOTFOUND || (rc == MES_OK && strcmp(r.login, login)))
		return db_fail(db, MES_ERR_AUTH, "system account \"%s\" is not"
		               " an MES user: ask an admin to add it (mesctl "
		               "user add %s ...) or give --user", login, login);
	if (rc != MES_OK)
		return rc;
	if (!r.active || r.locked)
		return db_fail(db, r.locked ? MES_ERR_LOCKED : MES_ERR_AUTH,
		               "%s is %s: ask an admin", r.login,
		               r.locked ? "locked" : "disabled");
	start_session(db, &r);
	sodium_memzero(r.secret, sizeof r.secret);
	return MES_OK;
}

void mes_logout(struct mes_db *db)
{
	if (db)
		memset(&db->sess, 0, sizeof db->sess);
}

int mes_session_user(struct mes_db *db, struct mes_user_info *out)
{
	if (!db || !out)
		return MES_ERR_ARG;
	if (!db->sess.user_id)
		return db_fail(db, MES_ERR_AUTH, "nobody is logged in");
	return mes_user_get(db, db->sess.login, out);
}
