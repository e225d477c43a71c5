/*
 * What the materials modules (receipts, receiving, lots, inventory,
 * genealogy) share inside core: a lot's row as the rules see it, the
 * ledger helpers and location look-ups.
 */
#ifndef MES_MAT_INT_H
#define MES_MAT_INT_H

#include "materials.h"
#include "base/internal.h"

struct lot_row {
	long long id, item_id, version;
	char lot_no[32];
	char item_no[41];
	char status[16];
	char expiry[11];
	char uom[16];
};

/* Loads a lot by number; MES_ERR_NOTFOUND says to check the label. */
int lot_load(struct mes_db *db, const char *lot_no, struct lot_row *l);
/* A location by code (kind may be NULL: any); MES_ERR_NOTFOUND names it. */
int loc_find(struct mes_db *db, const char *code, long long *id, char kind[16]);
/* The first location of a kind (lowest id); 0 in *id when there is none. */
int loc_first(struct mes_db *db, const char *kind, long long *id,
              char code[33]);
/* On-hand of a lot in a location (loc_id 0: everywhere), from the ledger. */
int lot_on_hand(struct mes_db *db, long long lot_id, long long loc_id,
                double *qty);
/* Where a lot is: the one location holding it, or *n > 1 for several. */
int lot_where(struct mes_db *db, long long lot_id, long long *loc_id,
              char code[33], int *n);
/* Appends a ledger row; the schema refuses a negative on-hand. */
int move_add(struct mes_db *db, long long lot_id, long long loc_id, double qty,
             const char *kind, long long wo_id, long long wo_op_id,
             const char *scan, const char *reason);
/* The audit record of a change to l, from ob to nb; frees both. */
int lot_audit(struct mes_db *db, const char *action, const struct lot_row *l,
              struct mes_json *ob, struct mes_json *nb, const char *reason);
/* Changes a lot's status and bumps its version. */
int lot_set_status(struct mes_db *db, long long lot_id, const char *status);
/* A new lot; lot_no is "L" and its id, 7 digits. */
int lot_insert(struct mes_db *db, long long item_id, const char *uom,
               const char *supplier, const char *supplier_lot,
               const char *sscc, const char *expiry, const char *status,
               long long wo_id, long long line_id, long long *id,
               char lot_no[32]);
/* A quantity an operator may give: finite, above 0, at most 1e9. */
int qty_ok(struct mes_db *db, double qty, const char *what);
/* Whole days from today (UTC) to date YYYY-MM-DD (negative: past). */
long days_until(const char *date);

#endif
