/*
 * libmes: the public interface of the MES core.
 *
 * One opaque handle (struct mes_db) per process owns the database, the
 * logged-in session and the last error text.  Every function returns an
 * enum mes_rc (0 = MES_OK, negative = error); the detail for a person is
 * in mes_db_errmsg().  Every state change runs in one BEGIN IMMEDIATE
 * transaction that checks the caller's role, applies the change and appends
 * the audit record, so callers above core never see SQL.
 *
 * The contract every function keeps, so that its comment says only what
 * is its own:
 * - Roles: the comment above each function that takes the handle names
 *   who may call it ("Roles: lead, admin."), as the role check in core
 *   does; anyone else gets MES_ERR_PERM, the refusal audited, nothing
 *   changed.  tests/cli/contracts.sh reads these lines against the code.
 * - Errors, whatever the function: MES_ERR_ARG for a NULL handle or a
 *   NULL or empty argument it needs (with a message naming the function,
 *   when there is a handle to hold one); MES_ERR_AUTH when nobody is
 *   logged in or the session idled out; MES_ERR_BUSY when another writer
 *   held the database past the busy timeout; MES_ERR_FULL, MES_ERR_READONLY,
 *   MES_ERR_IO when the file cannot be written; MES_ERR_DB for anything
 *   else SQLite says.  The comment names the codes beyond these (a rule's
 *   MES_ERR_STATE, MES_ERR_NOTFOUND, MES_ERR_RANGE...) and what the
 *   message then tells the person.
 * - One spelling: "work center" (wc in names), as the floor says it.
 */
#ifndef MES_H
#define MES_H

#include <stddef.h>

#define MES_VERSION_STRING "0.1.0"

/* X-macro so codes and their texts cannot drift apart. */
#define MES_RC_LIST(X)                                                      \
	X(MES_OK,            0, "ok")                                       \
	X(MES_ERR_ARG,      -1, "invalid argument")                         \
	X(MES_ERR_NOMEM,    -2, "out of memory")                            \
	X(MES_ERR_IO,       -3, "input/output error")                       \
	X(MES_ERR_NOTMES,   -4, "not an MES database")                      \
	X(MES_ERR_SCHEMA,   -5, "database schema version mismatch")         \
	X(MES_ERR_CONFIG,   -6, "configuration error")                      \
	X(MES_ERR_BUSY,     -7, "database busy")                            \
	X(MES_ERR_DB,       -8, "database error")                           \
	X(MES_ERR_NOTFOUND, -9, "not found")                                \
	X(MES_ERR_EXISTS,  -10, "already exists")                           \
	X(MES_ERR_AUTH,    -11, "authentication failed")                    \
	X(MES_ERR_LOCKED,  -12, "account locked")                           \
	X(MES_ERR_PERM,    -13, "permission denied")                        \
	X(MES_ERR_STATE,   -14, "not allowed in the current state")         \
	X(MES_ERR_AUDIT,   -15, "audit trail broken")                       \
	X(MES_ERR_SIGNATURE, -16, "signature invalid")                      \
	X(MES_ERR_RANGE,   -17, "value out of range")                       \
	X(MES_ERR_FULL,    -18, "disk full")                                \
	X(MES_ERR_READONLY, -19, "database is read-only")                   \
	X(MES_ERR_SYNTAX,  -20, "syntax error")                             \
	X(MES_ERR_CORRUPT, -21, "database file damaged")                   \
	X(MES_ERR_CONFIRM, -22, "needs a lead's signed confirmation")

enum mes_rc {
#define MES_RC_ENUM(name, value, text) name = value,
	MES_RC_LIST(MES_RC_ENUM)
#undef MES_RC_ENUM
};

/* Static text for a code; never NULL. */
const char *mes_strerror(int rc);

/* ---- settings (filled from mes.ini by mes_config_load, see config.h) ---- */

enum mes_hash_cost { MES_HASH_INTERACTIVE, MES_HASH_MODERATE, MES_HASH_FAST };

struct mes_settings {
	char db_path[4096];
	int busy_timeout_ms;      /* how long a writer waits for the lock */
	int writer_queue;         /* writers queue in <db>-lock (wqueue.c) */
	int cache_kb;             /* SQLite's page cache per connection */
	int max_failures;         /* failed log-ins in the window: locks */
	int failure_window_min;   /* ... counted over this many minutes */
	int terminal_max_failures; /* a terminal's failures in it: refused */
	int idle_lock_s;          /* 0 = never; shared terminals lock after */
	int unix_login;           /* map the OS login name to an MES user */
	int min_pin_len;
	enum mes_hash_cost hash_cost;
	int max_open_labor;       /* operations one operator is clocked on */
	int over_report_pct;      /* good beyond the quantity a lead signs */
	char audit_key_file[4096]; /* the plant key ([audit] key_file), "" none */
	char unit_label_printer[512];   /* where the board prints a new
	                                 * unit's label, "" nowhere */
	char unit_label_template[4096]; /* "" the installed unit.zpl */
	int atp_max_rlu;          /* a changeover clean's ATP swab passes at
	                           * or below this ([food]) */
	int require_atp;          /* a changeover clean needs its swab */
	int changeover_min;       /* what a clean costs the scheduler */
};

/* Defaults as documented in mes.ini(5). */
void mes_settings_default(struct mes_settings *s);

/* ---- the database handle ------------------------------------------------ */

struct mes_db;

enum mes_open_flags {
	MES_OPEN_CREATE      = 1 << 0, /* create and initialise a new file */
	MES_OPEN_ANY_VERSION = 1 << 1, /* allow an older schema (migrate, status) */
	MES_OPEN_READONLY    = 1 << 2, /* every change refused (a scenario shown) */
};

/*
 * Opens (or with MES_OPEN_CREATE creates) the database at path.  *out is
 * always set, even on failure, so the caller can read mes_db_errmsg() and
 * must call mes_db_close().  settings may be NULL for the defaults.
 */
int mes_db_open(struct mes_db **out, const char *path, unsigned flags,
                const struct mes_settings *settings);
void mes_db_close(struct mes_db *db);
const char *mes_db_errmsg(const struct mes_db *db);
const char *mes_db_path(const struct mes_db *db);
/* The scenario this file is a copy for (mesctl scenario), or NULL for
 * the plant itself.
 * Roles: any (reads only). */
const char *mes_db_scenario(const struct mes_db *db);

/* The schema version of the file and the newest this binary knows. */
int mes_db_schema_version(struct mes_db *db, int *current, int *latest);
/* Applies every missing migration in one transaction.
 * Roles: none checked: whoever may write the file (mesctl migrate). */
int mes_db_migrate(struct mes_db *db, int *applied);
/* Online backup to dest (written beside it, then renamed): safe while
 * other processes write.
 * Roles: admin. */
int mes_db_backup(struct mes_db *db, const char *dest);
/* Changes whenever another connection commits: screens poll it. */
int mes_db_data_version(struct mes_db *db, long long *version);

/*
 * What changed since a screen last looked: the change journal (schema
 * 10) that core writes in the same transaction as each change.  kinds
 * has one MES_CH_ bit per group of tables touched; wc and op list the
 * work centers and operations touched (an order's change names every
 * operation of it), or their *_all flag says there were more than fit.
 * all: the journal no longer reaches back to seq (pruned, or a file
 * older than schema 10), so everything must be read again.
 */
enum mes_change_kind {
	MES_CH_ORDER = 1 << 0, MES_CH_OP = 1 << 1, MES_CH_LABOR = 1 << 2,
	MES_CH_OPEVENT = 1 << 3, MES_CH_ANDON = 1 << 4, MES_CH_SPC = 1 << 5,
	MES_CH_INSPECT = 1 << 6, MES_CH_QPLAN = 1 << 7, MES_CH_NC = 1 << 8,
	MES_CH_ASSET = 1 << 9, MES_CH_DOWNTIME = 1 << 10,
	MES_CH_MAINT = 1 << 11, MES_CH_CONDITION = 1 << 12,
	MES_CH_MACHDATA = 1 << 13, MES_CH_WC = 1 << 14,
	MES_CH_MASTER = 1 << 15, MES_CH_USER = 1 << 16, MES_CH_LOT = 1 << 17,
	MES_CH_MOVE = 1 << 18, MES_CH_RECEIPT = 1 << 19,
	MES_CH_SCHEDULE = 1 << 20, MES_CH_EXCHANGE = 1 << 21,
};
#define MES_CHANGES_MAX 64
struct mes_changes {
	long long seq;              /* the newest change seen: pass it back */
	int all;
	unsigned kinds;
	int n_wc, wc_all;
	long long wc[MES_CHANGES_MAX];
	int n_op, op_all;
	long long op[MES_CHANGES_MAX];
};
/* The newest change now: where a screen that has just read everything
 * starts (inside the same mes_db_read_begin as that read).
 * Roles: any (reads only). */
int mes_changes_start(struct mes_db *db, long long *seq);
/* The changes after c->seq into *c, and c->seq moved to the newest.
 * Roles: any (reads only). */
int mes_changes_read(struct mes_db *db, struct mes_changes *c);
/* Whether c names work center wc_id (or cannot say which). */
int mes_changes_wc(const struct mes_changes *c, long long wc_id);
/* Whether c names operation op_id (or cannot say which). */
int mes_changes_op(const struct mes_changes *c, long long op_id);
/*
 * A read that sees one committed state: a screen's reload between these
 * shows every change whole or not at all, never half of one.  A write
 * begun inside it ends the read first.
 */
int mes_db_read_begin(struct mes_db *db);
void mes_db_read_end(struct mes_db *db);

/* ---- roles, permissions ------------------------------------------------- */

enum mes_role {
	MES_ROLE_OPERATOR    = 1 << 0,
	MES_ROLE_LEAD        = 1 << 1,
	MES_ROLE_QUALITY     = 1 << 2,
	MES_ROLE_MAINTENANCE = 1 << 3,
	MES_ROLE_RECEIVING   = 1 << 4,
	MES_ROLE_ADMIN       = 1 << 5,
};
#define MES_ROLE_ALL 0x3fu

/* "operator,lead" -> bit set.  MES_ERR_ARG names the bad word in errbuf. */
int mes_role_parse(const char *list, unsigned *roles, char *errbuf, size_t n);
/* Bit set -> "operator,lead" into buf. */
void mes_role_format(unsigned roles, char *buf, size_t n);

/* ---- session ------------------------------------------------------------ */

/*
 * Shared terminal: badge code (or login name) plus PIN.  MES_ERR_AUTH with
 * one message for an unknown badge and a wrong PIN alike (it names no
 * account); MES_ERR_LOCKED, said only to someone who gave the right PIN,
 * when [auth] max_failures failures within failure_window_minutes locked
 * the account; MES_ERR_AUTH when this terminal had terminal_max_failures
 * in that window.  Every failure is audited and counted, and a good
 * log-in does not wipe the count.
 * Roles: none (this is the log-in).
 */
int mes_login_pin(struct mes_db *db, const char *badge_or_login, const char *pin);
/* SSH or console session: the OS has authenticated login already, so an
 * account locked by wrong PINs still logs in this way (an admin locked
 * out by someone guessing at a badge reader stays usable); a disabled one
 * does not.  MES_ERR_AUTH when it is no active MES user.
 * Roles: none (this is the log-in). */
int mes_login_unix(struct mes_db *db, const char *login);
/* Names where log-ins come from ("/dev/pts/3", "ssh 10.0.0.7"), for the
 * per-terminal failure budget; "" or NULL for none. */
void mes_terminal_set(struct mes_db *db, const char *terminal);
void mes_logout(struct mes_db *db);
/* A key pressed at the terminal: the session is in use. */
void mes_session_touch(struct mes_db *db);
/* 1 when the session locked itself after idle_lock_s without activity. */
int mes_session_idle_locked(struct mes_db *db);

struct mes_user_info {
	long long id;
	char login[64];
	char name[128];
	char badge[64];
	unsigned roles;
	int active;
	int failures;
	int locked;
	char created[32];
};

/* The logged-in user; MES_ERR_AUTH when nobody is. */
int mes_session_user(struct mes_db *db, struct mes_user_info *out);

/* ---- users -------------------------------------------------------------- */

/* Bootstrap: only on a database without users; creates the first admin.
 * Roles: none: it works only on a database without users. */
int mes_user_bootstrap(struct mes_db *db, const char *login, const char *name,
                       const char *pin);
/* Roles: admin. */
int mes_user_add(struct mes_db *db, const char *login, const char *name,
                 unsigned roles, const char *badge, const char *pin);
/* Roles: anyone logged in for their own PIN; admin for another's. */
int mes_user_passwd(struct mes_db *db, const char *login, const char *pin);
/* Roles: admin. */
int mes_user_set_active(struct mes_db *db, const char *login, int active,
                        const char *reason);
/* Roles: admin. */
int mes_user_unlock(struct mes_db *db, const char *login);
/* A new printed name; signatures keep the name they were made under.
 * Roles: admin. */
int mes_user_rename(struct mes_db *db, const char *login, const char *name);
/* Roles: any (reads only). */
int mes_user_get(struct mes_db *db, const char *login, struct mes_user_info *out);
typedef int (*mes_user_fn)(const struct mes_user_info *u, void *ctx);
/* Roles: anyone logged in. */
int mes_user_each(struct mes_db *db, mes_user_fn fn, void *ctx);

/* ---- audit trail -------------------------------------------------------- */

struct mes_audit_rec {
	long long seq;
	const char *ts;          /* UTC, ISO 8601 with milliseconds */
	const char *login;       /* "" for the system */
	const char *action;
	const char *tbl;
	const char *rec_key;
	const char *old_value;
	const char *new_value;
	const char *reason;
	const char *hash;        /* hex SHA-256 */
};

/* Walks the chain; MES_ERR_AUDIT with the first bad sequence number in
 * *bad_seq and the reason in mes_db_errmsg().  Needs no role: anyone may
 * check that the record is intact.
 * Roles: any (reads only). */
int mes_audit_verify(struct mes_db *db, long long *checked, long long *bad_seq);
typedef int (*mes_audit_fn)(const struct mes_audit_rec *r, void *ctx);

/* What is wrong with one sealed record (see mes_seal_verify). */
enum mes_seal_finding {
	MES_SEAL_CHANGED,         /* its content no longer matches its seal */
	MES_SEAL_UNSEALED,        /* it has no seal: inserted outside mes */
	MES_SEAL_DELETED,         /* a seal without its record */
	MES_SEAL_OTHER_KEY,       /* sealed by another key, or unkeyed */
	MES_SEAL_TRIGGER_GONE,    /* a sealing trigger was dropped */
	MES_SEAL_TRIGGER_CHANGED, /* a sealing trigger no longer covers the
	                             table's columns */
};
/* One finding: table, rowid (0 for a trigger), what, and detail (the
 * other key's id, or the trigger's name). */
typedef void (*mes_seal_fn)(const char *tbl, long long row,
                            enum mes_seal_finding what, const char *detail,
                            void *ctx);
struct mes_seal_result {
	long long rows;           /* sealed records read */
	long long bad;            /* findings in all */
	long long other_keyed;    /* of which sealed under another key id */
	long long triggers_bad;
	long long show;           /* fn is called for the first this many */
	int keyed;                /* this handle holds a plant key */
	char key_id[17];          /* its id, or "unkeyed" */
	char other_key[17];       /* the first other key id met */
};
/*
 * Recomputes the seal of every record of the sealed tables and checks
 * that their triggers are in place: MES_OK, or MES_ERR_AUDIT with each
 * finding passed to fn (may be NULL) and counted in *res.
 * Roles: any (reads only). */
int mes_seal_verify(struct mes_db *db, mes_seal_fn fn, void *ctx,
                    struct mes_seal_result *res);
/*
 * Each record whose time is earlier than the one before it (a clock set
 * back, or a record made up and inserted), in sequence order: fn(seq, ts,
 * previous seq, previous ts, ctx).  The sequence, not the time, orders
 * the trail and the exports, so this is for people to look at, not a
 * break of the chain.  Stops early when fn returns non-zero.  *steps gets
 * how many there are.
 */
typedef int (*mes_time_step_fn)(long long seq, const char *ts,
                                long long prev_seq, const char *prev_ts,
                                void *ctx);
/* Roles: any (reads only). */
int mes_audit_time_steps(struct mes_db *db, mes_time_step_fn fn, void *ctx,
                         long long *steps);
/* since: ISO 8601 prefix compare (may be NULL); login may be NULL.
 * Roles: quality, admin. */
int mes_audit_each(struct mes_db *db, const char *since, const char *login,
                   mes_audit_fn fn, void *ctx);
/* A MAC as stored and printed: "<key id>:<64 hex digits>", key id
 * "unkeyed" when no plant key made it. */
#define MES_MAC_TEXT 96
/* The newest record's seq, hash and MAC (0, zeros and "" when empty): an
 * anchor to keep outside the database.  mac may be NULL.
 * Roles: any (reads only). */
int mes_audit_head(struct mes_db *db, long long *seq, char hash[65],
                   char mac[MES_MAC_TEXT]);
/* MES_OK when the trail still holds record seq with this hash and, when
 * mac is not NULL (anchors before keyed MACs had none), when mac is the
 * plant key's MAC of it; else MES_ERR_AUDIT saying whether the trail was
 * cut off or rewritten, or the anchor was not made with this key.
 * Roles: any (reads only). */
int mes_audit_anchor_check(struct mes_db *db, long long seq, const char *hash,
                           const char *mac);

/* ---- electronic signatures ---------------------------------------------- */

struct mes_signature {
	long long id;
	char login[64];
	char printed_name[128];
	char meaning[64];
	char ts[32];
	char tbl[64];
	long long rec_id;
	long long rec_version;
	char content_hash[65];
};

/*
 * Re-authenticates signer with pin and records the signature bound to
 * (tbl, rec_id, rec_version, content_hash).  content_hash is the caller's
 * SHA-256 (hex) of the signed record's content, see mes_sha256_hex().
 * The signer need not be the session's user (a lead signs an override at
 * an operator's terminal) but must hold one of need_roles (0: any role).
 * Roles: anyone logged in.
 */
int mes_sign(struct mes_db *db, const char *signer, const char *pin,
             const char *meaning, const char *tbl, long long rec_id,
             long long rec_version, const char *content_hash,
             unsigned need_roles, long long *sig_id);
/* MES_OK when sig_id signs exactly this record version and content. */
/* A signature as shown: still what was signed (its printed name, meaning,
 * time and binding hash to its own stored hash) and bound to tbl rec_id,
 * whatever the record became since.  MES_OK; MES_ERR_SIGNATURE saying
 * what is wrong; MES_ERR_NOTFOUND; MES_ERR_ARG.
 * Roles: any (reads only). */
int mes_sign_check(struct mes_db *db, long long sig_id, const char *tbl,
                   long long rec_id);
/* Roles: any (reads only). */
int mes_sign_verify(struct mes_db *db, long long sig_id, const char *tbl,
                    long long rec_id, long long rec_version,
                    const char *content_hash);
/* Roles: any (reads only). */
int mes_sign_get(struct mes_db *db, long long sig_id, struct mes_signature *out);

/* hex SHA-256 of len bytes into out[65]. */
void mes_sha256_hex(const void *data, size_t len, char out[65]);

/* ---- the plant key ------------------------------------------------------ */

/*
 * A file holding a secret, opened as fd: MES_OK, or MES_ERR_CONFIG with
 * why in err when its mode has any of the bits in forbid (077 for a
 * file only its owner may read, 027 for one its group may read too) or,
 * with own set, when it belongs to neither this user nor root.  As ssh
 * treats a private key: a secret others may read or change is none.
 */
int mes_secret_file_check(int fd, const char *path, unsigned forbid,
                          int own, char *err, size_t n);
/* Writes a new plant key (32 random bytes, hex) to path, mode 0640;
 * refuses an existing file.  MES_OK or an error with why in err. */
int mes_audit_keygen(const char *path, char *err, size_t n);

/* ---- numbers, dates and times as typed or imported ---------------------- */

/* The whole of s as a base-10 whole number in [min, max]: no "0x", no
 * blanks or anything after it, no overflow.  MES_OK; MES_ERR_SYNTAX or
 * MES_ERR_RANGE with the reason in err (n bytes); MES_ERR_ARG. */
int mes_parse_int(const char *s, long long min, long long max,
                  long long *out, char *err, size_t n);
/* The whole of s as a finite decimal number in [min, max]: no hex, inf or
 * nan, nothing so small it cannot be told from 0.  As mes_parse_int(). */
int mes_parse_num(const char *s, double min, double max, double *out,
                  char *err, size_t n);
/* 1 when s is YYYY-MM-DD and a real day (2029-02-30 is not), else 0. */
int mes_valid_date(const char *s);
/* 1 when s is YYYY-MM-DD[THH:MM[:SS[.fff]]][Z] with a real day and time
 * (25:99 is not), else 0. */
int mes_valid_datetime(const char *s);
/* A traveler barcode, "WO-1001/20" (or with '*' or a blank for '/', as
 * some scanner layouts send it): the order number into wo_no (n bytes)
 * and the operation number 1 to 99999.  MES_OK, MES_ERR_SYNTAX, or
 * MES_ERR_ARG. */
int mes_traveler_parse(const char *text, char *wo_no, size_t n, int *seq);

/* What a CSV import did: every import that can skip bad rows says it so. */
struct mes_import_result {
	int rows, imported, rejected;
	int first_bad_line;      /* 0: none */
	char first_error[512];
};

/* ---- master data: work centers, items, routings, work orders ------------ */

/* Roles: lead, admin. */
int mes_wc_add(struct mes_db *db, const char *code, const char *name,
               int capacity);
/* Roles: lead, admin. */
int mes_item_add(struct mes_db *db, const char *item_no, const char *desc,
                 const char *uom, const char *family);
/* Roles: lead, admin. */
int mes_routing_op_add(struct mes_db *db, const char *item_no, int seq,
                       const char *wc_code, double setup_min,
                       double run_min_per_unit, const char *description);
/* Roles: lead, admin. */
int mes_order_add(struct mes_db *db, const char *wo_no, const char *item_no,
                  double qty, const char *release_date, const char *due_date,
                  int priority);

/* ---- plant status ------------------------------------------------------- */

struct mes_status {
	int schema_version;
	int schema_latest;
	long long users, users_active, users_locked;
	long long work_centers, items, routing_ops;
	long long orders, orders_planned, orders_released, orders_running,
	          orders_complete;
	long long audit_records;
	char audit_head[65];
	char last_change[32];
	long long file_bytes;
	char journal_mode[16];
};
/* Roles: any (reads only). */
int mes_status_get(struct mes_db *db, struct mes_status *st);

/*
 * Checks the file's structure.  full = 0: PRAGMA quick_check (every page
 * and b-tree, in about the time of one read of the file); full = 1:
 * integrity_check, which also checks every index against its table.
 * MES_OK when sound; MES_ERR_CORRUPT when damaged, with SQLite's first
 * findings and what to do in mes_db_errmsg(); MES_ERR_DB when the check
 * itself could not run (the file is unreadable); MES_ERR_ARG.
 * Roles: any (reads only).
 */
int mes_db_check(struct mes_db *db, int full);

/* ---- demo plant --------------------------------------------------------- */

struct mes_demo_user {
	const char *login, *name, *roles, *badge, *pin;
};
/* The demo's users, NULL-terminated, for printing. */
const struct mes_demo_user *mes_demo_users(void);
/* Seeds the demo plant into a database that holds no orders yet. */
int mes_demo_seed(struct mes_db *db);

/* ---- JSON objects (audit values, --json listings) ----------------------- */

/* A flat JSON object built key by key; strings are escaped. */
struct mes_json {
	char *p;
	size_t len, cap;
	int err;
};
void mes_json_init(struct mes_json *j);
void mes_json_free(struct mes_json *j);
void mes_json_str(struct mes_json *j, const char *key, const char *val);
void mes_json_int(struct mes_json *j, const char *key, long long val);
void mes_json_num(struct mes_json *j, const char *key, double val);
/* Closes the object and returns its text ("{}" if empty); NULL on OOM. */
const char *mes_json_done(struct mes_json *j);

/* src with every control byte as '?', cut to n (ending "..."): safe to
 * print on a terminal.  Returns dst. */
const char *mes_text_safe(char *dst, size_t n, const char *src);

/* ---- time --------------------------------------------------------------- */

/* Now, UTC, "YYYY-MM-DDTHH:MM:SS.mmmZ" into out[32]. */
void mes_now_iso(char out[32]);

#endif
