/*
 * Online backup through SQLite's backup API: a consistent copy while
 * other processes go on writing (WAL readers do not block writers).  The
 * copy is never the database itself or one of its side files, is checked
 * before it replaces an older backup (a damaged database must not
 * overwrite the last good copy), is readable by no more people than the
 * database (it holds the PIN hashes), and is audited.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

static const char *const side_files[] = { "", "-wal", "-shm", "-journal",
                                          "-lock", NULL };

/* dest as an absolute path without symlinks in its directory part. */
static int canonical(const char *dest, char out[PATH_MAX])
{
	char d1[PATH_MAX], d2[PATH_MAX], dir[PATH_MAX];

	str_copy(d1, sizeof d1, dest);
	str_copy(d2, sizeof d2, dest);
	if (!realpath(dirname(d1), dir))
		return -1;
	return snprintf(out, PATH_MAX, "%s/%s", dir, basename(d2)) <
	       PATH_MAX ? 0 : -1;
}

/* The database ("") or one of SQLite's or the writers' queue's side
 * files (its suffix); NULL for another file. */
static const char *names_database(struct mes_db *db, const char *dest)
{
	char live[PATH_MAX], want[PATH_MAX + 16], got[PATH_MAX];
	struct stat ds, ls;
	int i, have_dest = stat(dest, &ds) == 0;

	if (!realpath(db->path, live))
		str_copy(live, sizeof live, db->path);
	if (canonical(dest, got) != 0)
		got[0] = '\0';
	for (i = 0; side_files[i]; i++) {
		snprintf(want, sizeof want, "%s%s", live, side_files[i]);
		if (!strcmp(got, want))
			return side_files[i];
		if (have_dest && stat(want, &ls) == 0 &&
		    ls.st_dev == ds.st_dev && ls.st_ino == ds.st_ino)
			return side_files[i];
	}
	return NULL;
}

/*
 * An empty file made with the database's mode and group before a byte
 * is in it: no moment where the PIN hashes are readable by all.  When
 * the group cannot be given, only the owner may read it.
 */
static int make_private(struct mes_db *db, const char *tmp)
{
	struct stat ls;
	mode_t mode = 0600;
	int fd;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return db_fail(db, errno == ENOSPC ? MES_ERR_FULL : MES_ERR_IO,
		               "backup: cannot create %s: %s", tmp,
		               strerror(errno));
	if (stat(db->path, &ls) == 0) {
		mode = ls.st_mode & 0660;
		if (ls.st_gid != getegid() && fchown(fd, (uid_t)-1, ls.st_gid))
			mode &= 0600;
	}
	if (fchmod(fd, mode) != 0) {
		close(fd);
		return db_fail(db, MES_ERR_IO, "backup: %s: %s", tmp,
		               strerror(errno));
	}
	close(fd);
	return MES_OK;
}

static int copy_to(struct mes_db *db, const char *tmp)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	if ((rc = make_private(db, tmp)) != MES_OK)
		return rc;
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, MES_ERR_IO, "backup: cannot open %s: %s", tmp,
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
	/* The copy holds exactly the database's pages: check those. */
	rc = db_check_handle(db, dst, 1);
	sqlite3_close(dst);
	return rc;
}

int db_copy_file(struct mes_db *db, const char *dest, const char *what)
{
	char tmp[PATH_MAX + 8];
	const char *which;
	int rc;

	if ((which = names_database(db, dest)) != NULL)
		return db_fail(db, MES_ERR_ARG, "%s is the database%s%s%s: a "
		               "%s goes to another file", dest, *which ? "'s " : "",
		               which, *which ? " file" : "", what);
	if (snprintf(tmp, sizeof tmp, "%s.part", dest) >= (int)sizeof tmp)
		return db_fail(db, MES_ERR_ARG, "%s: the name is too long", dest);
	if ((rc = copy_to(db, tmp)) != MES_OK) {
		unlink(tmp);
		if (rc == MES_ERR_CORRUPT) {
			char why[1024];

			str_copy(why, sizeof why, mes_db_errmsg(db));
			db_fail(db, rc, "%s; no %s was written, %s is as it "
			        "was", why, what, dest);
		}
		return rc;
	}
	/* Rename last: a reader of dest never sees half of it. */
	if (rename(tmp, dest) != 0) {
		unlink(tmp);
		return db_fail(db, MES_ERR_IO, "cannot rename %s to %s", tmp,
		               dest);
	}
	return MES_OK;
}

int mes_db_backup(struct mes_db *db, const char *dest)
{
	int rc;

	if (!db || !db->h || !dest || !*dest)
		return db_badarg(db, __func__);
	if ((rc = perm_check(db, PERM_BACKUP, "backup")) != MES_OK)
		return rc;
	if ((rc = db_copy_file(db, dest, "backup")) != MES_OK)
		return rc;
	if ((rc = tx_begin(db, PERM_BACKUP, "backup")) != MES_OK)
		return rc;
	return tx_end(db, audit_append(db, "backup", "database", db->path, "",
	                               dest, ""));
}
