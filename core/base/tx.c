/*
 * The transaction discipline of every state change: BEGIN IMMEDIATE
 * (a read that upgrades to a write skips the busy handler and fails at
 * once), then the session and role check, then the change and its audit
 * record, then one commit.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "internal.h"

static const struct {
	const char *name;
	unsigned roles;
} perms[PERM_COUNT] = {
	[PERM_NONE]       = { "use the system", MES_ROLE_ALL },
	[PERM_USERS]      = { "manage users", MES_ROLE_ADMIN },
	[PERM_MASTER]     = { "change master data",
	                      MES_ROLE_ADMIN | MES_ROLE_LEAD },
	[PERM_ORDERS]     = { "create work orders",
	                      MES_ROLE_ADMIN | MES_ROLE_LEAD },
	[PERM_BACKUP]     = { "back up the database", MES_ROLE_ADMIN },
	[PERM_AUDIT_READ] = { "read the audit trail",
	                      MES_ROLE_ADMIN | MES_ROLE_QUALITY },
	[PERM_SIGN]       = { "sign records", MES_ROLE_ALL },
	[PERM_OPERATE]    = { "run operations",
	                      MES_ROLE_OPERATOR | MES_ROLE_LEAD },
	[PERM_PLAN]       = { "plan operations",
	                      MES_ROLE_LEAD | MES_ROLE_ADMIN },
	[PERM_ANDON]      = { "raise and answer andon calls", MES_ROLE_ALL },
	[PERM_CALENDAR]   = { "record work center down time",
	                      MES_ROLE_LEAD | MES_ROLE_ADMIN |
	                      MES_ROLE_MAINTENANCE },
	[PERM_MACHINE]    = { "record machine data",      /* machine.h */
	                      MES_ROLE_MAINTENANCE | MES_ROLE_ADMIN },
	[PERM_DOWNTIME]   = { "assign downtime reasons", MES_ROLE_OPERATOR |
	                      MES_ROLE_LEAD | MES_ROLE_MAINTENANCE |
	                      MES_ROLE_ADMIN },
	[PERM_MAINT]      = { "run maintenance",
	                      MES_ROLE_MAINTENANCE | MES_ROLE_ADMIN },
	[PERM_TOOLS]      = { "mount tools", MES_ROLE_OPERATOR |
	                      MES_ROLE_LEAD | MES_ROLE_MAINTENANCE |
	                      MES_ROLE_ADMIN },
	[PERM_RECEIVE]    = { "receive materials",
	                      MES_ROLE_RECEIVING | MES_ROLE_ADMIN },
	[PERM_STOCK]      = { "move stock", MES_ROLE_RECEIVING |
	                      MES_ROLE_OPERATOR | MES_ROLE_LEAD | MES_ROLE_ADMIN },
	[PERM_LOT_STATUS] = { "hold and release lots",
	                      MES_ROLE_QUALITY | MES_ROLE_ADMIN },
	[PERM_QPLAN]      = { "define inspection plans",
	                      MES_ROLE_QUALITY | MES_ROLE_ADMIN },
	[PERM_INSPECT]    = { "record inspections", MES_ROLE_OPERATOR |
	                      MES_ROLE_LEAD | MES_ROLE_QUALITY |
	                      MES_ROLE_RECEIVING },
	[PERM_QACK]       = { "acknowledge quality alarms",
	                      MES_ROLE_QUALITY | MES_ROLE_LEAD },
	[PERM_QDECIDE]    = { "decide on quality", MES_ROLE_QUALITY },
};

static unsigned perm_roles(enum mes_perm p)
{
	return p < PERM_COUNT ? perms[p].roles : 0;
}

static const char *perm_name(enum mes_perm p)
{
	return p < PERM_COUNT ? perms[p].name : "?";
}

static int begin_immediate(struct mes_db *db)
{
	int rc;

	if (db->in_tx)
		return db_fail(db, MES_ERR_STATE, "internal: nested transaction");
	if (db->readonly)
		return db_fail(db, MES_ERR_PERM, "%s%s is open to look at only: "
		               "nothing can be changed here%s", db->scenario[0] ?
		               "scenario " : "", db->scenario[0] ? db->scenario :
		               db->path, db->scenario[0] ? " (what-ifs are made "
		               "with mesctl scenario)" : "");
	db_read_abandon(db);
	/* Writes into a deleted file would vanish with the last close. */
	if ((rc = db_same_file(db)) != MES_OK)
		return rc;
	if (wq_enter(db) != MES_OK)
		return db_sqlfail(db, SQLITE_BUSY, "starting a change");
	rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		wq_leave(db);
		return db_sqlfail(db, rc, "starting a change");
	}
	db->in_tx = 1;
	return MES_OK;
}

int tx_begin_raw(struct mes_db *db)
{
	if (!db || !db->h)
		return db_badarg(db, __func__);
	return begin_immediate(db);
}

int tx_end(struct mes_db *db, int rc)
{
	int src;

	if (!db->in_tx)
		return rc;
	db->in_tx = 0;
	/* A statement left mid-row would keep its read open past the end. */
	db_reset_all(db);
	if (rc == MES_OK) {
		src = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
		if (src == SQLITE_OK) {
			wq_leave(db);
			/*
			 * What was committed goes into the database file now,
			 * not at some later checkpoint: a -wal file deleted
			 * under a running program (rm plant.db-*) then holds
			 * nothing that exists nowhere else.  PASSIVE never
			 * waits; frames a reader still needs stay for later.
			 * After the writers' turn, so the next one need not
			 * wait for it.
			 */
			sqlite3_wal_checkpoint_v2(db->h, "main",
			        SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
			return MES_OK;
		}
		rc = db_sqlfail(db, src, "saving");
	}
	/* Keep the message of the real failure, not of the rollback. */
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	wq_leave(db);
	return rc;
}

static long long elapsed_s(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - since->tv_sec);
}

void session_touch(struct mes_db *db)
{
	clock_gettime(CLOCK_MONOTONIC, &db->sess.last_activity);
}

void mes_session_touch(struct mes_db *db)
{
	/* A locked session stays locked: only a new log-in opens it. */
	if (db && db->sess.user_id && !mes_session_idle_locked(db))
		session_touch(db);
}

int mes_session_idle_locked(struct mes_db *db)
{
	if (!db || !db->sess.user_id || db->set.idle_lock_s <= 0)
		return 0;
	return elapsed_s(&db->sess.last_activity) >= db->set.idle_lock_s;
}

/* The user's current row: roles or status may have changed since login. */
static int reload_user(struct mes_db *db, int *active, unsigned *roles)
{
	static const char sql[] =
		"SELECT active, locked, roles FROM users WHERE id = ?";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, db->sess.user_id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return MES_ERR_NOTFOUND;
	*active = sqlite3_column_int(st, 0) && !sqlite3_column_int(st, 1);
	*roles = (unsigned)sqlite3_column_int(st, 2);
	return MES_OK;
}

/* A refusal is recorded: who tried what (21 CFR 11.10(g)). */
static int deny(struct mes_db *db, int rc, const char *action,
                const char *why)
{
	char msg[sizeof db->err];

	str_copy(msg, sizeof msg, why);
	if (audit_append(db, "denied", "-", action, "", "", msg) == MES_OK)
		tx_end(db, MES_OK);
	else
		tx_end(db, MES_ERR_DB);
	return db_fail(db, rc, "%s", msg);
}

/* Audited under the user's name first, then the session ends. */
static int deny_logout(struct mes_db *db, const char *action, const char *why)
{
	int rc = deny(db, MES_ERR_AUTH, action, why);

	mes_logout(db);
	return rc;
}

static int check_session(struct mes_db *db, enum mes_perm p,
                         const char *action)
{
	char msg[512], need[128];
	int active = 0;
	unsigned roles = 0;

	if (!db->sess.user_id)
		return deny(db, MES_ERR_AUTH, action,
		            "nobody is logged in: log in first");
	if (mes_session_idle_locked(db)) {
		snprintf(msg, sizeof msg, "the session of %s locked after %d s"
		         " without use: log in again", db->sess.login,
		         db->set.idle_lock_s);
		return deny_logout(db, action, msg);
	}
	if (reload_user(db, &active, &roles) != MES_OK || !active) {
		snprintf(msg, sizeof msg, "user %s is disabled or locked",
		         db->sess.login);
		return deny_logout(db, action, msg);
	}
	db->sess.roles = roles;
	if (!(roles & perm_roles(p))) {
		mes_role_format(perm_roles(p), need, sizeof need);
		snprintf(msg, sizeof msg, "%s may not %s (%s): that needs the "
		         "role %s", db->sess.login, perm_name(p), action, need);
		return deny(db, MES_ERR_PERM, action, msg);
	}
	session_touch(db);
	return MES_OK;
}

int tx_begin(struct mes_db *db, enum mes_perm p, const char *action)
{
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = begin_immediate(db)) != MES_OK)
		return rc;
	rc = check_session(db, p, action);
	if (rc != MES_OK)
		db->in_tx = 0;  /* deny() has already ended it */
	return rc;
}

int perm_allows(const struct mes_db *db, enum mes_perm p)
{
	return db->sess.user_id && (unsigned)p < PERM_COUNT &&
	       (db->sess.roles & perms[p].roles);
}

int perm_check(struct mes_db *db, enum mes_perm p, const char *action)
{
	int rc = tx_begin(db, p, action);

	return rc == MES_OK ? tx_end(db, MES_OK) : rc;
}

int tx_refuse(struct mes_db *db, int rc, const char *action,
              const char *key)
{
	char msg[sizeof db->err];

	str_copy(msg, sizeof msg, db->err);
	if (audit_append(db, "denied", action, key, "", "", msg) == MES_OK)
		tx_end(db, MES_OK);
	else
		tx_end(db, MES_ERR_DB);
	return db_fail(db, rc, "%s", msg);
}
