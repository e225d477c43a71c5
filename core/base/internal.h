/*
 * What core modules share and nothing above core may see: the handle's
 * layout, the transaction discipline and the audit append.
 */
#ifndef MES_INTERNAL_H
#define MES_INTERNAL_H

#include <sqlite3.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>
#include "csv.h"
#include "mes.h"

/* The schema version that gave audit records their MAC. */
#define SCHEMA_AUDIT_MAC 9
#define SCHEMA_CHANGES 10     /* the change journal, wc_load */

/* 'MES1': marks the file as ours (PRAGMA application_id). */
#define MES_APPLICATION_ID 0x4d455331

struct mes_session {
	long long user_id;           /* 0: nobody logged in */
	char login[64];
	char name[128];
	unsigned roles;
	struct timespec last_activity;  /* CLOCK_MONOTONIC */
};

#define MES_STMT_CACHE 64          /* the statement cache's first size */

/* The plant key ([audit] key_file), loaded when the handle opens. */
#define SEAL_UNKEYED "unkeyed"
#define SEAL_MAC_BYTES 32
/* "<key id>:<64 hex digits>" and its NUL. */
#define SEAL_TEXT MES_MAC_TEXT
struct seal_key {
	unsigned char k[32];
	int on;                      /* 0: no key_file, MACs are unkeyed */
	char id[17];                 /* names the key in every MAC it made */
};

struct mes_db {
	sqlite3 *h;
	char path[4096];
	dev_t dev;                   /* the file opened: a replaced or deleted */
	ino_t ino;                   /* file must not take writes unnoticed */
	struct {                     /* the -wal and -shm files held open */
		dev_t dev;
		ino_t ino;
		int known;
	} side[2];
	char lost[1024];             /* set once a side file went: sticky */
	char err[1024];
	struct mes_settings set;
	struct mes_session sess;
	/* Prepared statements by their static SQL text: never evicted, so
	 * one a caller holds stays good while it prepares others (the
	 * program's SQL texts are a fixed set; it grows to hold them). */
	struct db_cached {
		const char *sql;
		sqlite3_stmt *st;
	} *cache;
	int ncache, cache_cap;
	int in_tx;
	int pin_checks_in_turn;      /* PIN hashes verified in a write turn */
	char terminal[128];          /* where log-ins come from (mes_terminal_set) */
	struct wq_shared *wq;        /* the writers' queue (wqueue.c) */
	enum { WQ_UNTRIED, WQ_ON, WQ_OFF } wq_state;
	int wq_held;
	struct seal_key key;
	int audit_macs;              /* the schema has audit.mac (version 9) */
	int journal;                 /* the schema has changes (version 10) */
	int in_read;                 /* mes_db_read_begin depth */
	int readonly;                /* MES_OPEN_READONLY: every change refused */
	char scenario[33];           /* a scenario's copy: its name */
};

/* Ends a screen's read snapshot before a write begins (changes.c). */
void db_read_abandon(struct mes_db *db);

/* Sets err and returns rc, so error paths read `return db_fail(...)`. */
int db_fail(struct mes_db *db, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Maps a SQLite result to an mes_rc with what was being done. */
int db_sqlfail(struct mes_db *db, int sqlrc, const char *what);
/* mes_db_check() on another handle (a backup's copy); damage is reported
 * as db's, since the copy holds what db's file holds. */
int db_check_handle(struct mes_db *db, sqlite3 *h, int full);

/* A prepared statement for a static SQL string, cached for the handle's
 * lifetime and reset before use; NULL on error (err set). */
sqlite3_stmt *db_stmt(struct mes_db *db, const char *sql);
/* Resets every cached statement (ends their implicit reads). */
void db_reset_all(struct mes_db *db);
/* MES_OK while the path still names the file that was opened. */
int db_same_file(struct mes_db *db);
/* The writers' queue, taken before BEGIN IMMEDIATE and let go after the
 * transaction ends: MES_OK (in the queue, or it is not in use) or
 * MES_ERR_BUSY when the busy timeout passed waiting. */
int wq_enter(struct mes_db *db);
void wq_leave(struct mes_db *db);
void wq_close(struct mes_db *db);
/* A consistent copy of the database into dest (written beside it and
 * renamed, checked before it is kept): a backup, or a scenario's copy;
 * what names it in messages. */
int db_copy_file(struct mes_db *db, const char *dest, const char *what);
/* Runs SQL text without parameters (pragmas, migrations). */
int db_exec(struct mes_db *db, const char *sql);
/* Binds the time now to parameter i, as stored timestamps are written
 * (mes_now_iso); a copy, so nothing of the caller's must outlive it. */
void bind_now(sqlite3_stmt *st, int i);
/* Steps a statement that returns no row. */
int step_done(struct mes_db *db, sqlite3_stmt *st, const char *what);
/* Ends a loop over st's rows, rc its last step: resets st; MES_OK when
 * the rows ran out or the caller stopped at one, else the step's error. */
int step_end(struct mes_db *db, sqlite3_stmt *st, int rc, const char *what);
/* A caller's mistake (a NULL or empty argument): MES_ERR_ARG with the
 * function named in the message, so a bug report says where; db may be
 * NULL, when there is nowhere to keep the message. */
int db_badarg(struct mes_db *db, const char *func);
/* The start of every listing: the handle and the callback are given
 * (else db_badarg), then the cached statement in *st. */
int db_list_begin(struct mes_db *db, int have_fn, const char *sql,
                  sqlite3_stmt **st, const char *func);
/* The id behind a one-parameter lookup, 0 when none, -1 on error. */
long long db_lookup_id(struct mes_db *db, const char *sql, const char *key);

/* Who may do what, checked by tx_begin (the table is in tx.c). */
enum mes_perm {
	PERM_NONE,          /* any logged-in user */
	PERM_USERS,         /* manage users and roles */
	PERM_MASTER,        /* items, routings, work centers */
	PERM_ORDERS,        /* create and release work orders */
	PERM_BACKUP,
	PERM_AUDIT_READ,
	PERM_SIGN,
	PERM_OPERATE,       /* start, report, clock on operations */
	PERM_PLAN,          /* move and pin operations on the plan */
	PERM_ANDON,         /* raise, take and close andon calls */
	PERM_CALENDAR,      /* record when a work center is not there */
	PERM_MACHINE,       /* states, counts, energy from PLCs (machine.h) */
	PERM_DOWNTIME,      /* give downtime its reason */
	PERM_MAINT,         /* assets, maintenance orders, PM, monitors */
	PERM_TOOLS,         /* mount and unmount tools */
	PERM_RECEIVE, PERM_STOCK, PERM_LOT_STATUS,  /* materials.h */
	PERM_QPLAN,         /* inspection plans and characteristics */
	PERM_INSPECT,       /* record inspections, open non-conformances */
	PERM_QACK,          /* acknowledge SPC alarms, contain NCs */
	PERM_QDECIDE,       /* freeze limits, disposition and close NCs */
	PERM_COUNT
};

/*
 * Opens the one BEGIN IMMEDIATE transaction of a state change and checks
 * that a session exists, has not idled out, its user is still active and
 * holds a role allowed for p.  A denial is itself audited and committed,
 * and returns MES_ERR_PERM/MES_ERR_AUTH with no transaction open.
 */
int tx_begin(struct mes_db *db, enum mes_perm p, const char *action);
/* Whether the session's roles (as of its last check) allow p, without a
 * transaction: to offer an action, never to allow it. */
int perm_allows(const struct mes_db *db, enum mes_perm p);
/* The same check for a read: opens and closes its own transaction. */
int perm_check(struct mes_db *db, enum mes_perm p, const char *action);
/* Begins without a session check: login attempts and the bootstrap. */
int tx_begin_raw(struct mes_db *db);
/* Commits when rc == MES_OK, else rolls back; returns the final rc. */
int tx_end(struct mes_db *db, int rc);
/* A change that ends with a refusal worth keeping: the refusal is
 * audited and committed, and rc comes back with the message intact. */
int tx_refuse(struct mes_db *db, int rc, const char *action,
              const char *key);

/* Appends one audit record inside the open transaction.  NULL strings
 * are stored as "". */
int audit_append(struct mes_db *db, const char *action, const char *tbl,
                 const char *rec_key, const char *old_value,
                 const char *new_value, const char *reason);
/* An audit record's hash over its fields in this order, as text (the
 * seq and user id in decimal, 0 for none): the chain mes_audit_verify
 * walks, and the centre's copy of it (hub/central.c). */
enum { F_SEQ, F_TS, F_UID, F_LOGIN, F_ACTION, F_TBL, F_KEY, F_OLD, F_NEW,
       F_REASON, F_PREV, F_COUNT };
void audit_chain_hash(const char *const f[F_COUNT], char out[65]);
/* What the first record names as the one before it. */
#define AUDIT_ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"
/* Same, naming a user other than the session's (failed logins). */
int audit_append_as(struct mes_db *db, long long user_id, const char *login,
                    const char *action, const char *tbl, const char *rec_key,
                    const char *old_value, const char *new_value,
                    const char *reason);

/* seal.c: the key, the MACs, the SQL functions the seal triggers call. */
int seal_key_load(struct seal_key *k, const char *path, char *err, size_t n);
/* Registers mes_seal() and mes_mac() on a connection; k may be NULL
 * (unkeyed) and must outlive the connection. */
int seal_register(sqlite3 *h, const struct seal_key *k);
/* The MAC of text under k, for one domain ("audit", "signature"). */
void seal_mac_text(const struct seal_key *k, const char *domain,
                   const char *text, char out[SEAL_TEXT]);
/* The mes_seal(...) call a table's insert and update triggers must make. */
int seal_args(struct mes_db *db, const char *tbl, char *out, size_t n);
/* The sealed tables, NULL-terminated. */
const char *const *seal_tables(void);
/* A stored MAC of text in domain against k: NULL when k made it, else
 * why not (into why), naming the record as what. */
const char *seal_mac_check(const struct seal_key *k, const char *domain,
                           const char *what, const char *text,
                           const char *stored, char *why, size_t n);
/* Whether a stored MAC was made by key k: 1 yes, 0 another key. */
int seal_same_key(const char *stored, const struct seal_key *k);

/* Bounded string copy that always terminates. */
void str_copy(char *dst, size_t n, const char *src);
/* Appends n bytes of s to the NUL-terminated text *p (*len bytes in *cap),
 * growing it so that spare more bytes fit after the NUL; MES_ERR_NOMEM
 * leaves it as it was. */
int buf_put(char **p, size_t *len, size_t *cap, const char *s, size_t n,
            size_t spare);
/* s without its leading and trailing white space, cut in place: a CSV
 * field as a spreadsheet wrote it. */
char *str_trim(char *s);
/* A message into a caller's error buffer, which may be absent (NULL or
 * size 0): the parsers that report through one, not through a handle. */
void msg_set(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A time as stored timestamps are written (UTC, milliseconds .000). */
void iso_of_time(time_t t, char out[32]);
/* Today (UTC) as YYYY-MM-DD; utc_day: days from today (a due date). */
void utc_today(char out[11]);
void utc_day(int days, char out[11]);
/* What every "the file is damaged" message ends with. */
#define RESTORE_HINT "restore it from the last good backup (see mesctl(8), " \
	"RESTORING)"
/* Column text as "" instead of NULL. */
const char *col_text(sqlite3_stmt *st, int i);

/* Password hashing (argon2id) and verification. */
int secret_hash(struct mes_db *db, const char *pin, char out[128]);

void session_touch(struct mes_db *db);

/* A user's log-in row, and the PIN check that log-in and signing share. */
struct login_row {
	long long id;
	char login[64], name[128], secret[128];
	unsigned roles;
	int active, locked, failures;
};
/*
 * Checks who + pin and opens the caller's transaction: tx_begin(perm,
 * action), or tx_begin_raw() when perm is PERM_COUNT.  The slow hash runs
 * before the writers' turn is taken, never inside it.  MES_OK: the
 * transaction is open, the failure count reset, *r the user.  Else the
 * refusal is committed to the audit trail and the transaction ended.
 */
int auth_check_pin(struct mes_db *db, const char *who, const char *pin,
                   const char *what, enum mes_perm perm, const char *action,
                   struct login_row *r);

/*
 * A CSV import of one kind of row in one transaction (csv_rows.c): all
 * or nothing, unless the caller skips bad rows, when each is written with
 * its line and reason to the rejects file.  The header must name every
 * column but the optional ones; row() checks and adds one record, and puts
 * what is wrong with it in why.  One summary record is audited at the end.
 */
#define CSV_IMPORT_COLS 16
struct csv_import {
	struct mes_db *db;
	struct mes_csv csv;
	int col[CSV_IMPORT_COLS];   /* each named column's field, or -1 */
	FILE *rejects;
	struct mes_import_result *res;
};
struct csv_import_kind {
	enum mes_perm perm;
	const char *action;         /* the change's and its summary's */
	const char *tbl;            /* the summary record's table */
	const char *const *cols;    /* the header's names, NULL-terminated */
	unsigned optional;          /* bit k: cols[k] may be left out */
	const char *needs;          /* the header, as a message spells it */
	int rejects_fields;         /* the rejects file repeats the header */
	int (*row)(void *ctx, char *why, size_t n);
};
int csv_import_run(struct mes_db *db, FILE *in, const char *name,
                   int skip_bad, FILE *rejects,
                   struct mes_import_result *res,
                   const struct csv_import_kind *k, struct csv_import *im,
                   void *ctx);
/* The record's field of each named column, trimmed; "" for one left out. */
void csv_import_fields(struct csv_import *im, const char **f, int n);

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
