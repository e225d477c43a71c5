/*
 * Users from CSV: login, name, roles, badge, active, never a PIN.  A new
 * user gets a random one-time PIN, returned once to the caller to hand
 * over (mesctl prints it) and stored only as its hash; the user changes
 * it with mesctl user passwd.  Existing users get their name, roles,
 * badge and active flag changed; nobody removes their own admin role or
 * disables themselves this way.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "csv_int.h"

static const char *const user_cols[] = { "login", "name", "roles", "badge",
	"active", NULL };

static int login_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 32)
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    !strchr("._-", *s))
			return 0;
	return 1;
}

static int add_pin(struct mimp *m, const char *login, char pin[16])
{
	int n = m->db->set.min_pin_len > 6 ? m->db->set.min_pin_len : 6, k;
	size_t need;
	char *p;

	if (n > 12)
		n = 12;
	for (k = 0; k < n; k++)
		pin[k] = (char)('0' + randombytes_uniform(10));
	pin[n] = 0;
	need = m->pins_len + strlen(login) + (size_t)n + 3;
	if (!(p = realloc(m->pins, need)))
		return db_fail(m->db, MES_ERR_NOMEM, "out of memory");
	m->pins = p;
	m->pins_len += (size_t)snprintf(p + m->pins_len, need - m->pins_len,
	                                "%s,%s\n", login, pin);
	return MES_OK;
}

static int user_json(struct mimp *m, const char *login, struct mes_json *b)
{
	static const char sql[] = "SELECT name, roles, ifnull(badge, ''), "
		"active FROM users WHERE login = ?";
	sqlite3_stmt *st = db_stmt(m->db, sql);
	int found = 0;

	mes_json_init(b);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		mes_json_str(b, "name", col_text(st, 0));
		mes_json_int(b, "roles", sqlite3_column_int(st, 1));
		mes_json_str(b, "badge", col_text(st, 2));
		mes_json_int(b, "active", sqlite3_column_int(st, 3));
	}
	sqlite3_reset(st);
	return found;
}

static int store(struct mimp *m, const char *const *f, unsigned roles,
                 long active, int exists)
{
	static const char upd[] = "UPDATE users SET name = ?2, roles = ?3, "
		"badge = CASE WHEN ?4 IS NULL THEN badge WHEN ?4 = '' THEN NULL "
		"ELSE ?4 END, active = ifnull(?5, active), version = version + 1"
		" WHERE login = ?1";
	static const char ins[] = "INSERT INTO users (login, name, roles, "
		"badge, active, secret, created) VALUES (?1, ?2, ?3, nullif(?4, "
		"''), ifnull(?5, 1), ?6, ?7)";
	sqlite3_stmt *st = db_stmt(m->db, exists ? upd : ins);
	char pin[16], secret[128];
	int rc;

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, f[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f[1], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, (int)roles);
	if (f[3])
		sqlite3_bind_text(st, 4, f[3], -1, SQLITE_TRANSIENT);
	if (f[4] && *f[4])
		sqlite3_bind_int(st, 5, (int)active);
	if (!exists) {
		if ((rc = add_pin(m, f[0], pin)) != MES_OK ||
		    (rc = secret_hash(m->db, pin, secret)) != MES_OK)
			return rc;
		sodium_memzero(pin, sizeof pin);
		sqlite3_bind_text(st, 6, secret, -1, SQLITE_TRANSIENT);
		bind_now(st, 7);
	}
	return step_done(m->db, st, "importing a user");
}

static int user_row(struct mimp *m, const char *const *f)
{
	struct mes_json ob, nb;
	unsigned roles = 0;
	char err[128];
	long active;
	int had, rc, e = m->nerr;

	if (!f[0] || !login_ok(f[0]))
		mbad(m, "login \"%.40s\": 1 to 32 of a-z, 0-9, . _ -",
		     f[0] ? f[0] : "");
	if (!f[1] || !*f[1] || strlen(f[1]) > 120)
		mbad(m, "name: 1 to 120 characters");
	if (!f[2] || mes_role_parse(f[2], &roles, err, sizeof err) != MES_OK ||
	    !roles)
		mbad(m, "roles \"%.60s\": one or more of operator, lead, quality,"
		     " maintenance, receiving, admin", f[2] ? f[2] : "");
	mint(m, "active", f[4], 0, 1, 1, &active);
	if (m->nerr == e && !strcmp(f[0], m->db->sess.login) &&
	    (!(roles & MES_ROLE_ADMIN) || (f[4] && *f[4] && !active)))
		mbad(m, "%s is you: you may not take away your own admin role "
		     "or disable yourself", f[0]);
	if (m->nerr != e)
		return MES_OK;
	if ((had = user_json(m, f[0], &ob)) < 0)
		return MES_ERR_DB;
	rc = store(m, f, roles, active, had);
	if (rc == MES_OK && user_json(m, f[0], &nb) >= 0) {
		if (!had || strcmp(mes_json_done(&ob), mes_json_done(&nb)))
			rc = maudit(m, had ? "user.update" : "user.add",
			            "users", f[0], had ? ob.p : "",
			            mes_json_done(&nb));
		mes_json_free(&nb);
	}
	mes_json_free(&ob);
	return rc;
}

const struct mkind mkind_users = { "users", user_cols, 3, PERM_USERS,
	user_row, "SELECT login, name, rtrim(CASE WHEN roles & 1 THEN "
	"'operator,' ELSE '' END || CASE WHEN roles & 2 THEN 'lead,' ELSE '' "
	"END || CASE WHEN roles & 4 THEN 'quality,' ELSE '' END || CASE WHEN "
	"roles & 8 THEN 'maintenance,' ELSE '' END || CASE WHEN roles & 16 "
	"THEN 'receiving,' ELSE '' END || CASE WHEN roles & 32 THEN 'admin,' "
	"ELSE '' END, ','), ifnull(badge, ''), active FROM users ORDER BY "
	"login" };
