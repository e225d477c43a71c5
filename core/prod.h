/*
 * Production: work orders, the operation lifecycle, labor, skills, work
 * instructions, andon calls, and what the dispatch board reads.
 * Operations are named as the floor names them: work order number plus
 * operation number (the traveler barcode carries both).
 */
#ifndef MES_PROD_H
#define MES_PROD_H

#include <stdio.h>
#include <time.h>
#include "mes.h"

/* ---- master data: bills of material, alternatives, shifts, reasons ------ */

/* Roles: lead, admin. */
int mes_bom_add(struct mes_db *db, const char *parent_item,
                const char *component_item, double qty_per);
/* An allowed alternative work center for a routing operation.
 * Roles: lead, admin. */
int mes_routing_alt_add(struct mes_db *db, const char *item_no, int seq,
                        const char *wc_code, double run_min_per_unit);
/* The routing operation needs a tool of the type (mes_tool_type_add)
 * mounted on its work center to start or resume (type NULL or "": no
 * tool any more).  Roles: lead, admin. */
int mes_routing_tool(struct mes_db *db, const char *item_no, int seq,
                     const char *type);
/* Working time of a work center: weekday 0 = Monday, minutes after
 * midnight, end > start (a night shift is two entries).
 * Roles: lead, admin. */
int mes_shift_add(struct mes_db *db, const char *wc_code, int weekday,
                  int start_min, int end_min, const char *name);
/* Roles: lead, admin. */
int mes_reason_add(struct mes_db *db, const char *code, const char *kind,
                   const char *description);

/* ---- work orders -------------------------------------------------------- */

/* planned -> released; held <-> (its previous state); complete -> closed.
 * Roles: lead, admin. */
int mes_order_release(struct mes_db *db, const char *wo_no);
/* Roles: lead, admin. */
int mes_order_hold(struct mes_db *db, const char *wo_no, const char *reason);
/* Roles: lead, admin. */
int mes_order_unhold(struct mes_db *db, const char *wo_no, const char *reason);
/* Roles: lead, admin. */
int mes_order_close(struct mes_db *db, const char *wo_no);

/* ---- the operation lifecycle -------------------------------------------- */

/*
 * Starts (wo_no, seq) for the session's user, who is clocked on.  Refused
 * (with the reason in mes_db_errmsg) when: the order is not released or
 * running, or is held; the previous operation has reported no good
 * quantity yet; the user lacks the operation's skill or it expired
 * (MES_ERR_PERM: a lead may override, see below); a new work-instruction
 * revision is not acknowledged (MES_ERR_STATE, acknowledge then retry).
 * wc_code NULL: the planned work center, else an allowed alternative.
 * Roles: operator, lead.
 */
int mes_op_start(struct mes_db *db, const char *wo_no, int seq,
                 const char *wc_code);
/* The same, with a lead's signature standing in for the missing skill.
 * Roles: operator, lead, signed by the PIN of the user it names. */
int mes_op_start_override(struct mes_db *db, const char *wo_no, int seq,
                          const char *wc_code, const char *lead_login,
                          const char *lead_pin, const char *reason);
/* Roles: operator, lead. */
int mes_op_pause(struct mes_db *db, const char *wo_no, int seq,
                 const char *reason_code);
/* Roles: operator, lead. */
int mes_op_resume(struct mes_db *db, const char *wo_no, int seq);
/* Adds good and scrap quantities; scrap > 0 needs a scrap reason code.
 * Good that would take the operation past its quantity plus [dispatch]
 * over_report_pct is refused with MES_ERR_CONFIRM (and the refusal
 * audited): a lead signs it with mes_op_report_signed.
 * Roles: operator, lead. */
int mes_op_report(struct mes_db *db, const char *wo_no, int seq, double good,
                  double scrap, const char *scrap_reason);
/* The same report over the limit, signed by a lead (the session's own
 * user when that is a lead) for why; the signature binds the operation's
 * row and the quantities.  MES_ERR_STATE when no signature is needed.
 * Roles: operator, lead, signed by the PIN of the user it names. */
int mes_op_report_signed(struct mes_db *db, const char *wo_no, int seq,
                         double good, double scrap, const char *scrap_reason,
                         const char *lead_login, const char *lead_pin,
                         const char *why);
/* Completing the last operation completes the order.
 * Roles: operator, lead. */
int mes_op_complete(struct mes_db *db, const char *wo_no, int seq);

/*
 * A planner's move (lead or admin): the waiting operation's planned start
 * by delta_min minutes, and onto wc_code (NULL: where it is), which must
 * be its routing's work center or an allowed alternative.  Refused with
 * the reason when it would cross the operations before or after it in
 * its order, exceed the work center's capacity, or start in the past.
 * The operation is pinned: the scheduler keeps it there.
 * Roles: lead, admin.
 */
int mes_op_plan_move(struct mes_db *db, const char *wo_no, int seq,
                     const char *wc_code, long long delta_min);
/* The work centers the operation may run on (code, name). */
typedef int (*mes_reason_fn)(const char *code, const char *description,
                             void *ctx);
/* Roles: any (reads only). */
int mes_op_alternatives(struct mes_db *db, const char *wo_no, int seq,
                        mes_reason_fn fn, void *ctx);

/* ---- labor -------------------------------------------------------------- */

/* Roles: operator, lead. */
int mes_labor_on(struct mes_db *db, const char *wo_no, int seq);
/* Roles: operator, lead. */
int mes_labor_off(struct mes_db *db, const char *wo_no, int seq);
/* Clocked hours on one operation, all operators, open spells up to now.
 * Roles: any (reads only). */
int mes_labor_hours(struct mes_db *db, const char *wo_no, int seq,
                    double *hours);

/* ---- skills ------------------------------------------------------------- */

/* Roles: lead, admin. */
int mes_skill_add(struct mes_db *db, const char *code, const char *name);
/* expires: YYYY-MM-DD or NULL for none.  Roles: lead, admin. */
int mes_skill_grant(struct mes_db *db, const char *login, const char *code,
                    const char *expires);
/* Roles: lead, admin. */
int mes_routing_op_set_skill(struct mes_db *db, const char *item_no, int seq,
                             const char *skill_code);

/* ---- work instructions -------------------------------------------------- */

struct mes_instruction {
	int revision;            /* 0: none */
	int acknowledged;        /* by the session's user */
	char *body;              /* malloc'd; free with mes_instruction_free */
};
/* Stores a new revision for a routing operation; *revision gets its number.
 * Roles: lead, admin. */
int mes_instruction_set(struct mes_db *db, const char *item_no, int seq,
                        const char *body, int *revision);
/* Roles: any (reads only). */
int mes_instruction_get(struct mes_db *db, const char *wo_no, int seq,
                        struct mes_instruction *out);
void mes_instruction_free(struct mes_instruction *ins);
/* Roles: operator, lead. */
int mes_instruction_ack(struct mes_db *db, const char *wo_no, int seq);

/* ---- andon -------------------------------------------------------------- */

struct mes_andon {
	long long id;
	char wc[33];
	char kind[16];           /* maintenance | quality | material | lead */
	char raised_by[64], raised_ts[32];
	char taken_by[64], taken_ts[32];
	char closed_ts[32];
	char note[256];
};
/* Roles: anyone logged in. */
int mes_andon_raise(struct mes_db *db, const char *wc_code, const char *kind,
                    const char *note, long long *id);
/* Roles: anyone logged in. */
int mes_andon_take(struct mes_db *db, long long id);
/* Roles: anyone logged in. */
int mes_andon_close(struct mes_db *db, long long id, const char *note);
typedef int (*mes_andon_fn)(const struct mes_andon *a, void *ctx);
/* Roles: any (reads only). */
int mes_andon_each(struct mes_db *db, int open_only, mes_andon_fn fn, void *ctx);

/* ---- CSV exchange with the ERP ------------------------------------------ */

/*
 * Work orders from CSV (header: wo_no,item,qty,release_date,due_date
 * [,priority]).  Any bad row: nothing is imported, unless skip_bad, when
 * good rows are and bad ones are written with their reason to rejects.
 * Roles: lead, admin.
 */
int mes_import_orders_csv(struct mes_db *db, FILE *in, const char *name,
                          int skip_bad, FILE *rejects,
                          struct mes_import_result *res);
/* Operation results completed or reported since (ISO 8601 prefix).
 * Roles: anyone logged in. */
int mes_export_results_csv(struct mes_db *db, const char *since, FILE *out);

/* ---- what the board reads ----------------------------------------------- */

enum mes_op_state {
	MES_OPS_WAITING, MES_OPS_READY, MES_OPS_RUNNING, MES_OPS_PAUSED,
	MES_OPS_BLOCKED, MES_OPS_COMPLETE
};

struct mes_wc_info {
	long long id;
	char code[33];
	char name[81];
	int capacity;
	int queued;              /* operations not complete */
	int running;
	char state[12];          /* asset state when known, else "" */
	int andon_open;
	double queued_h;         /* hours queued: run time for the quantity
	                          * still to make, setup until started */
};

struct mes_board_op {
	long long id;
	char wo_no[33];
	int seq;
	char item_no[41];
	char description[81];
	char wc[33];
	long long wc_id;
	enum mes_op_state state;
	char status[12];         /* the stored status word */
	char order_status[12];
	double qty, good, scrap;
	double setup_min, run_min;
	char release[11], due[11];
	int priority;
	char plan_start[32], plan_end[32];
	char actual_start[32];
	char operators[96];      /* logins clocked on, comma-separated */
	int late;                /* due before today, or planned to end after due */
	double on_time;          /* its order's chance to be on time in the
	                          * newest simulation (twin.h); -1: none */
};

typedef int (*mes_wc_fn)(const struct mes_wc_info *wc, void *ctx);
typedef int (*mes_board_op_fn)(const struct mes_board_op *op, void *ctx);

/* Roles: any (reads only). */
int mes_board_wcs(struct mes_db *db, mes_wc_fn fn, void *ctx);
/* One work center's line of the board, by id.
 * Roles: any (reads only). */
int mes_board_wc(struct mes_db *db, long long wc_id, struct mes_wc_info *out);
/* A work center's queue: not complete, in schedule order when planned,
 * else priority then due date; at most limit (0: all).
 * Roles: any (reads only). */
int mes_board_queue(struct mes_db *db, const char *wc_code, int limit,
                    mes_board_op_fn fn, void *ctx);
/* Roles: any (reads only). */
int mes_board_op(struct mes_db *db, const char *wo_no, int seq,
                 struct mes_board_op *out);
const char *mes_op_state_name(enum mes_op_state s);

/* An operator's work ahead: what is left on the operations they are
 * clocked on (shared with others on the same operation), in hours. */
struct mes_operator_load {
	char login[64], name[128];
	int open_ops;
	double hours;
	char wc[33];             /* where they work now ("" if nowhere) */
};
typedef int (*mes_operator_fn)(const struct mes_operator_load *o, void *ctx);
/* Every active user with the operator role, by login.
 * Roles: any (reads only). */
int mes_board_operators(struct mes_db *db, mes_operator_fn fn, void *ctx);

/* Working minutes of a work center in [from, to) from its shifts (all
 * of it when it has no shift calendar).
 * Roles: any (reads only). */
int mes_wc_available_min(struct mes_db *db, const char *wc_code, time_t from,
                         time_t to, double *minutes);

/* Reason codes of one kind (scrap, pause, downtime, nc), by code.
 * Roles: any (reads only). */
int mes_reason_each(struct mes_db *db, const char *kind, mes_reason_fn fn,
                    void *ctx);

#endif
