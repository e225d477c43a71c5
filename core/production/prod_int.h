/*
 * The row of an operation as the rules see it, and the checks more than
 * one module makes on it: shared by production's files and by the
 * materials, quality and machines files that book something on an
 * operation (an issued lot, an inspection, a PLC count).
 */
#ifndef MES_PROD_INT_H
#define MES_PROD_INT_H

#include "base/internal.h"
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

/* Pauses a running operation inside the caller's change: its labor
 * stops, its history and the audit trail say why (a pause reason code,
 * or note when the system pauses it, as at a tool's life limit). */
int op_pause_tx(struct mes_db *db, const struct op_row *op,
                const char *reason_code, const char *note);

/* Good and scrap on op inside the caller's change, as a report books
 * them (history, audit, the tools' life): a unit's completion. */
int op_report_tx(struct mes_db *db, const struct op_row *op, double good,
                 double scrap, const char *reason);

/* Changes an order's status (and held_from), bumping its version. */
int order_set_status(struct mes_db *db, long long wo_id, const char *status,
                     const char *held_from, const char *hold_reason);

/* A reason code of the given kind; MES_ERR_NOTFOUND lists the codes. */
int reason_check(struct mes_db *db, const char *code, const char *kind);

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

#endif
