/*
 * What the production modules (orders, ops, labor, skills, instructions,
 * andon, import) share inside core: the row of an operation as the rules
 * see it, and the checks more than one of them makes.
 */
#ifndef MES_PROD_INT_H
#define MES_PROD_INT_H

#include "internal.h"
#include "prod.h"

/* One operation of a work order with what the rules need of its order. */
struct op_row {
	long long id, wo_id, routing_op_id, wc_id, skill_id;
	int seq;
	long long version;
	char wo_no[33], item_no[41], wc[33];
	char status[12], order_status[12];
	double qty, good, scrap;
	char actual_start[32];
	char key[48];                /* "WO-1001/20", the audit key */
};

/* Loads (wo_no, seq); MES_ERR_NOTFOUND names what is missing. */
int op_load(struct mes_db *db, const char *wo_no, int seq, struct op_row *op);
/* The previous operation (lower seq) of the same order; 0 if none. */
int op_prev(struct mes_db *db, const struct op_row *op, struct op_row *prev);
/* Appends to the operation's history. */
int op_event_add(struct mes_db *db, long long op_id, const char *kind,
                 double good, double scrap, const char *reason,
                 const char *note);
/* Sets status (and actual start/end when asked) and bumps the version. */
int op_set_status(struct mes_db *db, const struct op_row *op,
                  const char *status, int set_start, int set_end);
/* A canonical text of the row, hashed: what an override signature binds. */
void op_content_hash(const struct op_row *op, long long user_id,
                     char out[65]);

/* Changes an order's status (and held_from), bumping its version. */
int order_set_status(struct mes_db *db, long long wo_id, const char *status,
                     const char *held_from, const char *hold_reason);

/* Today (UTC) as YYYY-MM-DD. */
void prod_today(char out[11]);
/* A reason code of the given kind; MES_ERR_NOTFOUND lists the codes. */
int reason_check(struct mes_db *db, const char *code, const char *kind);
/* Steps a statement that returns no row. */
int step_done(struct mes_db *db, sqlite3_stmt *st, const char *what);
/* The id behind a one-parameter lookup, 0 when none, -1 on error. */
long long prod_lookup_id(struct mes_db *db, const char *sql, const char *key);
/* A change that ends with a refusal worth keeping: the refusal is
 * audited and committed, and rc comes back with the message intact. */
int prod_refuse(struct mes_db *db, int rc, const char *action,
                const char *key);

/* Labor (labor.c): clocks the session's user on, within max_open_labor. */
int labor_clock_on(struct mes_db *db, const struct op_row *op);
/* Clocks off the user's spell on op, or every open spell when user_id 0. */
int labor_clock_off(struct mes_db *db, long long op_id, long long user_id,
                    int *closed);

/* Skills (skills.c): MES_OK, or MES_ERR_PERM with the reason in err. */
int skill_check(struct mes_db *db, const struct op_row *op);
/* Instructions (instructions.c): MES_ERR_STATE when the newest revision
 * is not acknowledged by the session's user. */
int instruction_check(struct mes_db *db, const struct op_row *op);

/* One data record of a CSV import that skips bad rows (import.c): a
 * record with another number of fields than the header, or one that row()
 * refuses (a reason in why, or an error while adding it), is rolled back,
 * counted and written with its line and reason to rejects if given.
 * Returns an error only when the import as a whole cannot go on. */
struct mes_csv;
int import_csv_row(struct mes_db *db, const struct mes_csv *csv,
                   int header_fields, struct mes_import_result *res,
                   FILE *rejects,
                   int (*row)(void *ctx, char *why, size_t n), void *ctx);

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
