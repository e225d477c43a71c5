/*
 * Skills and certifications.  A routing operation may need one skill; an
 * operator holds it until its expiry day has passed.  The check at start
 * names the skill and the date, so the floor knows whom to ask.
 */
#include <stdio.h>
#include <string.h>
#include "prod_int.h"

static const char skill_sql[] = "SELECT id FROM skills WHERE code = ?";

int mes_skill_add(struct mes_db *db, const char *code, const char *name)
{
	static const char sql[] = "INSERT INTO skills (code, name) VALUES (?,?)";
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (!code || !*code || strlen(code) > 32)
		return db_fail(db, MES_ERR_ARG, "a skill code has 1 to 32 "
		               "characters");
	if (!name || !*name || strlen(name) > 80)
		return db_fail(db, MES_ERR_ARG, "a skill needs a name of 1 to "
		               "80 characters");
	if ((rc = tx_begin(db, PERM_MASTER, "skill.add")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = step_done(db, st, "adding the skill");
	if (rc == MES_ERR_EXISTS)
		rc = db_fail(db, rc, "skill \"%s\" exists already", code);
	mes_json_init(&b);
	mes_json_str(&b, "name", name);
	if (rc == MES_OK)
		rc = audit_append(db, "skill.add", "skills", code, "",
		                  mes_json_done(&b), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}

/* The grant as it stands, for the audit's old value; "" if none. */
static void grant_json(struct mes_db *db, long long uid, long long sid,
                       struct mes_json *b)
{
	static const char sql[] = "SELECT certified, ifnull(expires, '') "
		"FROM user_skills WHERE user_id = ? AND skill_id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	mes_json_init(b);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, uid);
	sqlite3_bind_int64(st, 2, sid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		mes_json_str(b, "certified", col_text(st, 0));
		mes_json_str(b, "expires", col_text(st, 1));
	}
	sqlite3_reset(st);
}

int mes_skill_grant(struct mes_db *db, const char *login, const char *code,
                    const char *expires)
{
	static const char sql[] = "INSERT OR REPLACE INTO user_skills "
		"(user_id, skill_id, certified, expires) VALUES (?,?,?,?)";
	static const char user_sql[] = "SELECT id FROM users WHERE login = ?";
	struct mes_json ob, nb;
	long long uid, sid;
	char key[128], today[11];
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !login || !code)
		return db_badarg(db, __func__);
	if (expires && *expires && !mes_valid_date(expires))
		return db_fail(db, MES_ERR_ARG, "expiry \"%s\": give a date as "
		               "YYYY-MM-DD, or none", expires);
	if ((rc = tx_begin(db, PERM_MASTER, "skill.grant")) != MES_OK)
		return rc;
	uid = db_lookup_id(db, user_sql, login);
	sid = db_lookup_id(db, skill_sql, code);
	if (uid <= 0 || sid <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no %s \"%s\"",
		              uid <= 0 ? "user" : "skill",
		              uid <= 0 ? login : code));
	grant_json(db, uid, sid, &ob);
	if (!(st = db_stmt(db, sql))) {
		mes_json_free(&ob);
		return tx_end(db, MES_ERR_DB);
	}
	utc_today(today);
	sqlite3_bind_int64(st, 1, uid);
	sqlite3_bind_int64(st, 2, sid);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
	if (expires && *expires)
		sqlite3_bind_text(st, 4, expires, -1, SQLITE_STATIC);
	rc = step_done(db, st, "granting the skill");
	mes_json_init(&nb);
	mes_json_str(&nb, "certified", today);
	mes_json_str(&nb, "expires", expires ? expires : "");
	snprintf(key, sizeof key, "%s:%s", login, code);
	if (rc == MES_OK)
		rc = audit_append(db, "skill.grant", "user_skills", key,
		                  ob.len ? mes_json_done(&ob) : "",
		                  mes_json_done(&nb), "");
	mes_json_free(&ob);
	mes_json_free(&nb);
	return tx_end(db, rc);
}

int mes_routing_op_set_skill(struct mes_db *db, const char *item_no, int seq,
                             const char *skill_code)
{
	static const char sql[] = "UPDATE routing_ops SET skill_id = ?1 "
		"WHERE seq = ?2 AND item_id = (SELECT id FROM items "
		"WHERE item_no = ?3)";
	long long sid = 0;
	char key[64];
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !item_no)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_MASTER, "routing.skill")) != MES_OK)
		return rc;
	if (skill_code && *skill_code &&
	    (sid = db_lookup_id(db, skill_sql, skill_code)) <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no skill "
		              "\"%s\": add it first", skill_code));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	if (sid > 0)
		sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_int(st, 2, seq);
	sqlite3_bind_text(st, 3, item_no, -1, SQLITE_STATIC);
	rc = step_done(db, st, "setting the skill");
	if (rc == MES_OK && sqlite3_changes(db->h) == 0)
		rc = db_fail(db, MES_ERR_NOTFOUND, "item %s has no routing "
		             "operation %d", item_no, seq);
	snprintf(key, sizeof key, "%s/%d", item_no, seq);
	mes_json_init(&b);
	mes_json_str(&b, "skill", skill_code ? skill_code : "");
	if (rc == MES_OK)
		rc = audit_append(db, "routing.skill", "routing_ops", key, "",
		                  mes_json_done(&b), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}

int skill_check(struct mes_db *db, const struct op_row *op)
{
	static const char sql[] = "SELECT s.code, s.name, ifnull(("
		"SELECT ifnull(u.expires, '-') FROM user_skills u WHERE "
		"u.skill_id = s.id AND u.user_id = ?2), '') "
		"FROM skills s WHERE s.id = ?1";
	sqlite3_stmt *st;
	char code[33] = "", name[81] = "", expires[16] = "", today[11];
	int rc;

	if (!op->skill_id)
		return MES_OK;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->skill_id);
	sqlite3_bind_int64(st, 2, db->sess.user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		str_copy(code, sizeof code, col_text(st, 0));
		str_copy(name, sizeof name, col_text(st, 1));
		str_copy(expires, sizeof expires, col_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, rc, "reading the skill");
	utc_today(today);
	if (!strcmp(expires, "-") || (expires[0] && strcmp(expires, today) >= 0))
		return MES_OK;
	if (!expires[0])
		return db_fail(db, MES_ERR_PERM, "%s needs the skill %s (%s), "
		               "which %s does not hold: ask a certified "
		               "operator, or a lead to sign an override",
		               op->key, code, name, db->sess.login);
	return db_fail(db, MES_ERR_PERM, "%s needs the skill %s (%s): the "
	               "certificate of %s expired on %s; renew it, or ask a "
	               "lead to sign an override", op->key, code, name,
	               db->sess.login, expires);
}
