/*
 * Online backup through SQLite's backup API: a consistent copy while
 * other processes go on writing (WAL readers do not block writers).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

static int copy_to(struct mes_db *db, const char *tmp)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE |
	                     SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, MES_ERR_IO, "backup: cannot create %s: %s", tmp,
		        dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return MES_ERR_IO;
	}
	b = sqlite3_backup_init(dst, "main", db->h, "main");
	if (!b) {
		db_fail(db, MES_ERR_IO, "backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return MES_ERR_IO;
	}
	/* One step for the whole file: a snapshot, never a torn copy. */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL,
		                  NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		db_fail(db, (rc & 0xff) == SQLITE_FULL ? MES_ERR_FULL :
		        MES_ERR_IO, "backup to %s failed: %s", tmp,
		        sqlite3_errstr(rc));
		sqlite3_close(dst);
		return (rc & 0xff) == SQLITE_FULL ? MES_ERR_FULL : MES_ERR_IO;
	}
	sqlite3_close(dst);
	return MES_OK;
}

int mes_db_backup(struct mes_db *db, const char *dest)
{
	char tmp[4200];
	int rc;

	if (!db || !db->h || !dest || !*dest)
		return MES_ERR_ARG;
	if (!strcmp(dest, db->path))
		return db_fail(db, MES_ERR_ARG, "the backup must go to another"
		               " file than the database itself");
	if ((rc = perm_check(db, PERM_BACKUP, "backup")) != MES_OK)
		return rc;
	snprintf(tmp, sizeof tmp, "%s.part", dest);
	unlink(tmp);
	if ((rc = copy_to(db, tmp)) != MES_OK) {
		unlink(tmp);
		return rc;
	}
	/* Rename last: a reader of dest never sees half a backup. */
	if (rename(tmp, dest) != 0) {
		unlink(tmp);
		return db_fail(db, MES_ERR_IO, "backup: cannot rename %s to %s",
		               tmp, dest);
	}
	if ((rc = tx_begin(db, PERM_BACKUP, "backup")) != MES_OK)
		return rc;
	return tx_end(db, audit_append(db, "backup", "database", db->path, "",
	                               dest, ""));
}
