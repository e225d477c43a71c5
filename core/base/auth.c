/*
 * Identity: roles, PIN hashing (argon2id), badge + PIN log-in with
 * lockout, the OS login for SSH sessions.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <sodium.h>
#include "internal.h"

static const char *const role_names[] = {
	"operator", "lead", "quality", "maintenance", "receiving", "admin",
};
#define NROLES (sizeof role_names / sizeof role_names[0])

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

static int secret_verify(const char *stored, const char *pin)
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

void mes_terminal_set(struct mes_db *db, const char *terminal)
{
	if (db)
		str_copy(db->terminal, sizeof db->terminal,
		         terminal ? terminal : "");
}

/* Failures of user id (text NULL) or at terminal text, in the last
 * minutes. */
static long long count_since(struct mes_db *db, const char *sql,
                             long long id, const char *text, int minutes)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	char since[32];
	long long n = -1;

	if (!st)
		return -1;
	iso_of_time(time(NULL) - (time_t)minutes * 60, since);
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

static long long user_failures(struct mes_db *db, long long id)
{
	return count_since(db, "SELECT count(*) FROM login_failures WHERE "
	                   "user_id = ?1 AND ts >= ?2", id, NULL,
	                   db->set.failure_window_min);
}

/* A terminal's budget is counted over a short window: a busy shared
 * terminal where people mistype is not shut for the day. */
#define TERMINAL_WINDOW_MIN 15

static int terminal_spent(struct mes_db *db)
{
	return db->terminal[0] &&
	       count_since(db, "SELECT count(*) FROM login_failures WHERE "
	                   "terminal = ?1 AND ts >= ?2", 0, db->terminal,
	                   TERMINAL_WINDOW_MIN) >= db->set.terminal_max_failures;
}

static int note_failure(struct mes_db *db, long long user_id)
{
	static const char sql[] = "INSERT INTO login_failures (ts, user_id, "
		"terminal) VALUES (?, ?, ?)";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return MES_ERR_DB;
	bind_now(st, 1);
	if (user_id)
		sqlite3_bind_int64(st, 2, user_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, db->terminal, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "saving");
}

/* Too many failures at this terminal: nobody logs in here for a while,
 * right PIN or not, so that guessing across badges gets nowhere. */
static int throttled(struct mes_db *db, const struct login_row *r,
                     const char *who, const char *what)
{
	int rc = audit_append_as(db, r ? r->id : 0, r ? r->login : who, what,
	                         "users", r ? r->login : who, "", "",
	                         "terminal over its failure budget");

	if ((rc = tx_end(db, rc)) != MES_OK)
		return rc;
	return db_fail(db, MES_ERR_AUTH, "log-in refused: %d failed log-ins "
	               "at this terminal within %d minutes; try again later, "
	               "or at another terminal", db->set.terminal_max_failures,
	               TERMINAL_WINDOW_MIN);
}

/*
 * A failed log-in or signature: counted (the account locks once its
 * failures in the window reach the limit), audited, committed, refused
 * with one message whatever went wrong, so that a badge reader tells
 * nobody which logins exist or how many guesses are left.
 */
static int refuse(struct mes_db *db, const struct login_row *r,
                  const char *who, const char *what, const char *why)
{
	long long n;
	int rc, locked = 0;

	rc = note_failure(db, r ? r->id : 0);
	if (rc == MES_OK && r) {
		n = user_failures(db, r->id);
		locked = r->locked || n >= db->set.max_failures;
		rc = set_failures(db, r->id, n > 0 ? (int)n : 0, locked);
	}
	if (rc == MES_OK)
		rc = audit_append_as(db, r ? r->id : 0, r ? r->login : who, what,
		                     "users", r ? r->login : who, "", "",
		                     locked && r && !r->locked ?
		                     "wrong PIN; account locked" : why);
	if ((rc = tx_end(db, rc)) != MES_OK)
		return rc;
	return db_fail(db, MES_ERR_AUTH, "log-in refused: no user with this "
	               "badge or login and PIN (an account locks after %d "
	               "failures within %d minutes)", db->set.max_failures,
	               db->set.failure_window_min);
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
	if (rc == MES_OK)
		good = secret_verify(r->secret, pin);
	str_copy(checked, sizeof checked, rc == MES_OK ? r->secret : "");
	sodium_memzero(r->secret, sizeof r->secret);
	rc = perm == PERM_COUNT ? tx_begin_raw(db) : tx_begin(db, perm, action);
	if (rc != MES_OK) {
		sodium_memzero(checked, sizeof checked);
		return rc;
	}
	rc = find_login(db, who, r);
	if (rc == MES_OK && strcmp(checked, r->secret) != 0) {
		db->pin_checks_in_turn++;
		good = secret_verify(r->secret, pin);
	}
	sodium_memzero(checked, sizeof checked);

	if (rc != MES_OK && rc != MES_ERR_NOTFOUND)
		return tx_end(db, rc);
	if (terminal_spent(db))
		return throttled(db, rc == MES_OK ? r : NULL, who, what);
	if (rc == MES_ERR_NOTFOUND)
		return refuse(db, NULL, who, what, "unknown badge or login");
	/* The state of an account is told only to someone with its PIN. */
	if (!good)
		return refuse(db, r, who, what, r->locked ? "wrong PIN; locked" :
		              !r->active ? "wrong PIN; disabled" : "wrong PIN");
	if (!r->active || r->locked) {
		rc = audit_append_as(db, r->id, r->login, what, "users",
		                     r->login, "", "", r->locked ? "locked" :
		                     "disabled");
		if ((rc = tx_end(db, rc)) != MES_OK)
			return rc;
		return db_fail(db, r->locked ? MES_ERR_LOCKED : MES_ERR_AUTH,
		               "%s is %s: ask an admin%s", r->login,
		               r->locked ? "locked after too many failed log-ins" :
		                           "disabled", r->locked ? " (mesctl user "
		               "unlock), or log in at the console or over SSH" :
		               "");
	}
	return MES_OK;
}

int mes_login_pin(struct mes_db *db, const char *who, const char *pin)
{
	struct login_row r;
	int rc;

	if (!db || !db->h || !who || !pin)
		return db_badarg(db, __func__);
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
		return db_badarg(db, __func__);
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
	/* Locked by wrong PINs, but the operating system checked this one. */
	if (!r.active)
		return db_fail(db, MES_ERR_AUTH, "%s is disabled: ask an admin",
		               r.login);
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
		return db_badarg(db, __func__);
	if (!db->sess.user_id)
		return db_fail(db, MES_ERR_AUTH, "nobody is logged in");
	return mes_user_get(db, db->sess.login, out);
}
