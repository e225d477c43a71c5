/*
 * What the operation lifecycle asks of the tools (tools.c, tool_life.c):
 * the start and resume rule, and the life a count uses up.  Production's
 * files include this; the tools see the operation through op_row.
 */
#ifndef MES_TOOL_INT_H
#define MES_TOOL_INT_H

#include "production/prod_int.h"

/* One tool as the rules see it; hours include the present mount. */
struct tool_row {
	long long id, type_id, wc_id, version;
	char code[33], type[33], state[16], wc[33];
	double cycles, limit, hours, life_hours, warn_pct, per_cycle;
	int life_no, warned;
};
/* Loads a tool by code; MES_ERR_NOTFOUND says so. */
int tool_load(struct mes_db *db, const char *code, struct tool_row *t);
/* 1 when the tool has no life left (cycles or hours), else 0. */
int tool_spent(const struct tool_row *t);
/* The limit it reached, as "5000 of 5000 cycles" or "120 of 120 h". */
void tool_spent_text(const struct tool_row *t, char *out, size_t n);

/* The operation running on t's work center that needs t's type: 1 and
 * its order and seq, 0 none, -1 on a database error. */
int tool_needed_by(struct mes_db *db, const struct tool_row *t,
                   char wo[33], int *seq);
/* MES_OK, or MES_ERR_STATE saying what to mount: op's routing operation
 * needs a tool type and op's work center has none mounted with life
 * left.  Inside the caller's change. */
int tool_check(struct mes_db *db, const struct op_row *op);
/* n cycles made at a work center (a PLC's cycle count): the tools
 * mounted there age, their use by the operation running there is
 * noted, the warning raises a maintenance request, and at the limit the
 * operation that needs the tool pauses.  Inside the caller's change. */
int tool_cycles_tx(struct mes_db *db, long long wc_id, double n,
                   const char *ts);
/* A report of qty on op: as cycles (qty over the type's units per
 * cycle) where no PLC counts the work center's cycles. */
int tool_report_tx(struct mes_db *db, const struct op_row *op, double qty);

#endif
