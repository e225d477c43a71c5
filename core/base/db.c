/*
 * The handle: opening with the pragmas every process must agree on,
 * recognising our own files, the schema version, backup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "internal.h"
#include "migrations.h"

const char *mes_strerror(int rc)
{
	switch (rc) {
#define MES_RC_CASE(name, value, text) case value: return text;
	MES_RC_LIST(MES_RC_CASE)
#undef MES_RC_CASE
	}
	return "unknown error";
}

int db_fail(struct mes_db *db, int rc, const char *fmt, ...)
{
	char msg[sizeof db->err];
	va_list ap;

	if (!db)
		return rc;
	/* Through a copy: callers may pass the old message as an argument. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	memcpy(db->err, msg, sizeof msg);
	return rc;
}

int db_sqlfail(struct mes_db *db, int sqlrc, const char *what)
{
	const char *detail = db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(sqlrc);

	switch (sqlrc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return db_fail(db, MES_ERR_BUSY, "%s: the database stayed busy "
		               "for %d s (another program is writing); try again",
		               what, db->set.busy_timeout_ms / 1000);
	case SQLITE_FULL:
		return db_fail(db, MES_ERR_FULL, "%s: the disk is full; nothing "
		               "of this was saved. Free space on the server and "
		               "try again", what);
	case SQLITE_READONLY:
		return db_fail(db, MES_ERR_READONLY, "%s: the database is "
		               "read-only (%s); nothing was saved. Check the "
		               "file's permissions", what, detail);
	case SQLITE_NOTADB:
		return db_fail(db, MES_ERR_NOTMES, "%s: %s is not an MES "
		               "database (%s)", what, db->path, detail);
	case SQLITE_CORRUPT:
		return db_fail(db, MES_ERR_CORRUPT, "%s: the database file "
		               "is damaged (%s): " RESTORE_HINT, what, detail);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		/* SQLite says "disk I/O error" when a write ran out of space. */
		if (db->h && sqlite3_system_errno(db->h) == ENOSPC)
			return db_fail(db, MES_ERR_FULL, "%s: the disk is full;"
			               " nothing of this was saved. Free space on "
			               "the server and try again", what);
		return db_fail(db, MES_ERR_IO, "%s: %s", what, detail);
	case SQLITE_CONSTRAINT:
		if (sqlrc == SQLITE_CONSTRAINT_UNIQUE ||
		    sqlrc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return db_fail(db, MES_ERR_EXISTS, "%s: already exists "
			               "(%s)", what, detail);
		return db_fail(db, MES_ERR_ARG, "%s: %s", what, detail);
	}
	return db_fail(db, MES_ERR_DB, "%s: %s", what, detail);
}

sqlite3_stmt *db_stmt(struct mes_db *db, const char *sql)
{
	struct db_cached *grown;
	sqlite3_stmt *st;
	int i, rc, cap;

	for (i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_sqlfail(db, rc, "preparing a query");
		return NULL;
	}
	/* Never evicted: a caller may hold a statement while it prepares
	 * others (an upsert between two reads of the row), and finalizing
	 * it under the caller was a use after free. */
	if (db->ncache == db->cache_cap) {
		cap = db->cache_cap ? 2 * db->cache_cap : MES_STMT_CACHE;
		if (!(grown = realloc(db->cache, (size_t)cap * sizeof *grown))) {
			sqlite3_finalize(st);
			db_fail(db, MES_ERR_NOMEM, "out of memory preparing a query");
			return NULL;
		}
		db->cache = grown;
		db->cache_cap = cap;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache++].st = st;
	return st;
}

void db_reset_all(struct mes_db *db)
{
	int i;

	for (i = 0; i < db->ncache; i++)
		sqlite3_reset(db->cache[i].st);
}

/*
 * SQLite's WAL index (-shm) and log (-wal) are shared through their
 * names.  A connection holding ones that were deleted or replaced no
 * longer shares them with the processes that start after: its writes
 * would overwrite theirs, its close would checkpoint a stale log over
 * their work, and commits only in a deleted log vanish with it.
 */
static const char *const side_suffix[2] = { "-wal", "-shm" };

static void side_path(const struct mes_db *db, int i, char *out, size_t n)
{
	snprintf(out, n, "%s%s", db->path, side_suffix[i]);
}

/* At open, after the first read: the side files this connection holds. */
static void db_note_sides(struct mes_db *db)
{
	char p[sizeof db->path + 8];
	struct stat sb;
	int i;

	for (i = 0; i < 2; i++) {
		side_path(db, i, p, sizeof p);
		db->side[i].known = stat(p, &sb) == 0;
		db->side[i].dev = sb.st_dev;
		db->side[i].ino = sb.st_ino;
	}
}

/* 0 the same file, 1 deleted, 2 replaced by another. */
static int side_state(const struct mes_db *db, int i)
{
	char p[sizeof db->path + 8];
	struct stat sb;

	if (!db->side[i].known)
		return 0;
	side_path(db, i, p, sizeof p);
	if (stat(p, &sb) != 0)
		return 1;
	return sb.st_dev == db->side[i].dev && sb.st_ino == db->side[i].ino ?
	       0 : 2;
}

/*
 * Keeps what was committed: this connection never checkpoints or deletes
 * the log again.  When only the log went and the index is still shared,
 * what is in the deleted log is written into the database file first
 * (the processes after us cannot read it; with the index intact they
 * wait for us rather than write).  Then no more changes from here.
 */
static void sides_lost(struct mes_db *db, int wal, int shm)
{
	int on = 1, saved = 0;

	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
	sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
	if (wal && !shm && !db->in_tx) {
		db_reset_all(db);
		saved = sqlite3_wal_checkpoint_v2(db->h, "main",
		        SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) == SQLITE_OK;
	}
	snprintf(db->lost, sizeof db->lost, "the database's %s file was "
	         "deleted or replaced while this program ran (files beside "
	         "%.400s were removed or copied over); %s To keep the database "
	         "sound this program makes no more changes: quit and start it "
	         "again", wal && shm ? "-wal and -shm" : shm ? "-shm" : "-wal",
	         db->path, saved ? "what was "
	         "saved is now in the database file itself, nothing is lost." :
	         shm ? "what was saved is in the -wal file and stays there." :
	         "changes saved here since the last checkpoint may be missing:"
	         " check them.");
}

int db_same_file(struct mes_db *db)
{
	struct stat sb;
	int wal, shm;

	if (db->lost[0])
		return db_fail(db, MES_ERR_IO, "%s", db->lost);
	if (stat(db->path, &sb) != 0 || sb.st_dev != db->dev ||
	    sb.st_ino != db->ino)
		return db_fail(db, MES_ERR_IO, "the database file %s was "
		               "deleted, moved or replaced while this program ran;"
		               " nothing of this was saved. Quit, restore the file "
		               "from the backup if needed, and start again",
		               db->path);
	wal = side_state(db, 0);
	shm = side_state(db, 1);
	if (!wal && !shm)
		return MES_OK;
	sides_lost(db, wal, shm);
	return db_fail(db, MES_ERR_IO, "%s", db->lost);
}

int db_exec(struct mes_db *db, const char *sql)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? MES_OK : db_sqlfail(db, rc, "database");
}

static int pragma_int(struct mes_db *db, const char *sql, long long *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static int check_identity(struct mes_db *db, unsigned flags)
{
	long long appid = 0, ver = 0, tables = 0;
	int rc;

	rc = pragma_int(db, "PRAGMA application_id", &appid);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "opening");
	if (flags & MES_OPEN_CREATE)
		return MES_OK;
	pragma_int(db, "PRAGMA user_version", &ver);
	pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
	if (appid == MES_APPLICATION_ID)
		return MES_OK;
	if (appid == 0 && tables == 0)
		return db_fail(db, MES_ERR_NOTMES, "%s is an empty database, "
		               "not an MES plant: create one with mesctl init",
		               db->path);
	return db_fail(db, MES_ERR_NOTMES, "%s is an SQLite database of "
	               "another application (application_id 0x%llx, %lld "
	               "tables), not an MES database", db->path, appid, tables);
}

static int set_pragmas(struct mes_db *db)
{
	sqlite3_stmt *st;
	int rc;
	char mode[16] = "", sql[64];

	sqlite3_busy_timeout(db->h, db->set.busy_timeout_ms);
	rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		str_copy(mode, sizeof mode, col_text(st, 0));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "switching to WAL mode");
	if (strcmp(mode, "wal") != 0)
		return db_fail(db, MES_ERR_DB, "%s: WAL journal mode refused "
		               "(got \"%s\"); is the file on a network share?",
		               db->path, mode);
	/* A negative cache_size is KiB, whatever the page size. */
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d",
	         db->set.cache_kb > 0 ? db->set.cache_kb : 2048);
	if ((rc = db_exec(db, sql)) != MES_OK)
		return rc;
	/* FULL: a committed scan survives a power cut, not only a crash. */
	return db_exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
}

static int latest_version(void)
{
	return mes_migration_count ?
	       mes_migrations[mes_migration_count - 1].version : 0;
}

static int check_version(struct mes_db *db, unsigned flags)
{
	long long ver = 0;
	int latest = latest_version();

	pragma_int(db, "PRAGMA user_version", &ver);
	/* An older file is open to be migrated; a log-in before that
	 * writes its audit record as the older schema has it. */
	db->audit_macs = ver >= SCHEMA_AUDIT_MAC;
	db->journal = ver >= SCHEMA_CHANGES;
	if (ver > latest)
		return db_fail(db, MES_ERR_SCHEMA, "%s has schema version %lld,"
		               " newer than this program knows (%d): install the"
		               " newer mes release", db->path, ver, latest);
	if (ver < latest && !(flags & MES_OPEN_ANY_VERSION))
		return db_fail(db, MES_ERR_SCHEMA, "%s has schema version %lld;"
		               " this program needs %d: run mesctl migrate",
		               db->path, ver, latest);
	return MES_OK;
}

/* A scenario's copy of the plant says so in its scenario_self row
 * (schema 15): its screens and commands name it. */
static void note_scenario(struct mes_db *db, unsigned flags)
{
	sqlite3_stmt *st;

	db->readonly = (flags & MES_OPEN_READONLY) != 0;
	if (sqlite3_prepare_v2(db->h, "SELECT name FROM scenario_self LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return;       /* an older schema: no scenarios */
	if (sqlite3_step(st) == SQLITE_ROW)
		str_copy(db->scenario, sizeof db->scenario, col_text(st, 0));
	sqlite3_finalize(st);
}

static int open_checks(struct mes_db *db, const char *path, unsigned flags)
{
	struct stat sb;
	int rc, oflags = SQLITE_OPEN_READWRITE;

	if (flags & MES_OPEN_CREATE) {
		int fd;

		if (stat(path, &sb) == 0 && sb.st_size > 0)
			return db_fail(db, MES_ERR_EXISTS, "%s already exists; "
			               "it was not touched", path);
		/* Made here so that it is never readable by everyone (SQLite
		 * would create it 0644), and writable by the group, which is
		 * the directory's (setgid): the plant's accounts share it.
		 * SQLite gives its -wal and -shm files this file's mode. */
		fd = open(path, O_RDWR | O_CREAT, 0660);
		if (fd < 0)
			return db_fail(db, MES_ERR_IO, "cannot create %s: %s",
			               path, strerror(errno));
		if (fchmod(fd, 0660) != 0) {
			close(fd);
			return db_fail(db, MES_ERR_IO, "cannot set the mode of "
			               "%s: %s", path, strerror(errno));
		}
		close(fd);
	} else if (stat(path, &sb) != 0) {
		return db_fail(db, MES_ERR_NOTFOUND, "%s: %s; create a database"
		               " with mesctl init", path, strerror(errno));
	}
	rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "opening the database");
	/* Before anything writes: the seal triggers (and the migration
	 * that seals the rows already there) call these. */
	if ((rc = seal_register(db->h, &db->key)) != SQLITE_OK)
		return db_sqlfail(db, rc, "opening the database");
	if (stat(path, &sb) == 0) {
		db->dev = sb.st_dev;
		db->ino = sb.st_ino;
	}
	sqlite3_extended_result_codes(db->h, 1);
	/* Before the first read: opening while another process writes must
	 * wait, not fail. */
	sqlite3_busy_timeout(db->h, db->set.busy_timeout_ms);
	if ((rc = check_identity(db, flags)) != MES_OK)
		return rc;
	if ((rc = set_pragmas(db)) != MES_OK)
		return rc;
	if (flags & MES_OPEN_CREATE)
		rc = mes_db_migrate(db, NULL);
	else
		rc = check_version(db, flags);
	/* Read by now, so SQLite holds the side files it uses. */
	if (rc == MES_OK)
		db_note_sides(db);
	if (rc == MES_OK)
		note_scenario(db, flags);
	return rc;
}

int mes_db_open(struct mes_db **out, const char *path, unsigned flags,
                const struct mes_settings *settings)
{
	struct mes_db *db;

	if (!out)
		return MES_ERR_ARG;
	*out = db = calloc(1, sizeof *db);
	if (!db)
		return MES_ERR_NOMEM;
	if (settings)
		db->set = *settings;
	else
		mes_settings_default(&db->set);
	if (!path || !*path)
		return db_fail(db, MES_ERR_ARG, "no database file given");
	str_copy(db->path, sizeof db->path, path);
	if (sodium_init() < 0)
		return db_fail(db, MES_ERR_IO, "libsodium failed to start");
	/* A configured key that cannot be read stops the program: what it
	 * wrote unkeyed would fail verification as forged. */
	if (seal_key_load(&db->key, db->set.audit_key_file, db->err,
	                  sizeof db->err) != MES_OK)
		return MES_ERR_CONFIG;
	return open_checks(db, path, flags);
}

void mes_db_close(struct mes_db *db)
{
	int i;

	if (!db)
		return;
	for (i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	if (db->h)
		sqlite3_close(db->h);
	wq_close(db);
	sodium_memzero(&db->sess, sizeof db->sess);
	sodium_memzero(&db->key, sizeof db->key);
	free(db);
}

const char *mes_db_errmsg(const struct mes_db *db)
{
	if (!db)
		return "out of memory";
	return db->err[0] ? db->err : "no error";
}

const char *mes_db_path(const struct mes_db *db)
{
	return db ? db->path : "";
}

const char *mes_db_scenario(const struct mes_db *db)
{
	return db && db->scenario[0] ? db->scenario : NULL;
}

int mes_db_schema_version(struct mes_db *db, int *current, int *latest)
{
	long long ver = 0;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	rc = pragma_int(db, "PRAGMA user_version", &ver);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, rc, "reading the schema version");
	if (current)
		*current = (int)ver;
	if (latest)
		*latest = latest_version();
	return MES_OK;
}

static int apply_migrations(struct mes_db *db, int from, int *applied)
{
	char sql[64], ov[32], nv[32];
	int i, n = 0, rc = MES_OK;

	for (i = 0; i < mes_migration_count && rc == MES_OK; i++) {
		if (mes_migrations[i].version <= from)
			continue;
		rc = db_exec(db, mes_migrations[i].sql);
		if (rc != MES_OK)
			return db_fail(db, rc, "migration %s failed: %s",
			               mes_migrations[i].name, db->err);
		n++;
	}
	if (n == 0)
		return MES_OK;
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", latest_version());
	if ((rc = db_exec(db, sql)) != MES_OK)
		return rc;
	db->audit_macs = latest_version() >= SCHEMA_AUDIT_MAC;
	db->journal = latest_version() >= SCHEMA_CHANGES;
	snprintf(ov, sizeof ov, "%d", from);
	snprintf(nv, sizeof nv, "%d", latest_version());
	rc = audit_append(db, "schema.migrate", "schema", "user_version", ov,
	                  nv, "");
	if (rc == MES_OK && applied)
		*applied = n;
	return rc;
}

int mes_db_migrate(struct mes_db *db, int *applied)
{
	long long ver = 0;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (applied)
		*applied = 0;
	if ((rc = tx_begin_raw(db)) != MES_OK)
		return rc;
	/* Read inside the write lock: two migrators must not both apply. */
	pragma_int(db, "PRAGMA user_version", &ver);
	if (ver > latest_version())
		return tx_end(db, db_fail(db, MES_ERR_SCHEMA, "schema version "
		              "%lld is newer than this program (%d)", ver,
		              latest_version()));
	rc = apply_migrations(db, (int)ver, applied);
	return tx_end(db, rc);
}

int mes_db_data_version(struct mes_db *db, long long *version)
{
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !version)
		return db_badarg(db, __func__);
	/* Screens poll this: they learn here that the file went away. */
	if ((rc = db_same_file(db)) != MES_OK)
		return rc;
	/* Five times a second on every terminal: prepared once, and reset at
	 * once so that no read transaction stays open between polls. */
	if (!(st = db_stmt(db, "PRAGMA data_version")))
		return MES_ERR_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MES_OK : db_sqlfail(db, rc, "polling");
}
