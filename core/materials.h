/*
 * Materials: expected receipts, receiving a GS1 label, lots, locations,
 * the inventory ledger (put-away, moves, issue to an operation, output),
 * lot status, and genealogy (trace backward and forward, recall).
 *
 * Lot numbers are ours ("L0000042"), unique across items; the supplier's
 * batch (AI 10) is kept as the supplier lot.  On-hand quantities are
 * always the sum of the ledger (inv_moves), never a stored total, and no
 * lot's quantity in a location goes below zero.
 */
#ifndef MES_MATERIALS_H
#define MES_MATERIALS_H

#include <stdio.h>
#include "mes.h"
#include "prod.h"

/* ---- master data -------------------------------------------------------- */

/*
 * What receiving checks on an item's labels: its GTIN (8, 12, 13 or 14
 * digits; NULL or "" keeps it, "-" clears it), whether its labels must
 * carry an expiry date, the shortest remaining shelf life accepted at
 * receipt in days, and whether it goes to quarantine for incoming
 * inspection.  Lead or admin.
 * Roles: lead, admin.
 */
int mes_item_set_gs1(struct mes_db *db, const char *item_no, const char *gtin,
                     int needs_expiry, int min_shelf_days,
                     int inspect_incoming);

/* kind: dock | quarantine | store | line | scrap.  Lead or admin.
 * Roles: lead, admin. */
int mes_location_add(struct mes_db *db, const char *code, const char *name,
                     const char *kind);

/* ---- expected receipts -------------------------------------------------- */

/*
 * Purchase order / ASN lines from CSV, header:
 * po_no,line,supplier,item,gtin,qty[,tolerance_pct][,due_date]
 * The GTIN must be the item's (see mes_item_set_gs1).  A bad row: nothing
 * is imported, unless skip_bad (then bad rows go to rejects with their
 * reason).  Receiving or admin.
 * Roles: receiving, admin.
 */
int mes_import_receipts_csv(struct mes_db *db, FILE *in, const char *name,
                            int skip_bad, FILE *rejects,
                            struct mes_import_result *res);

struct mes_receipt_line {
	char po_no[33];
	int line_no;
	char supplier[81];
	char item_no[41];
	char gtin[15];
	double qty, received, tolerance_pct;
	char status[12];
	char due_date[11];
};
typedef int (*mes_receipt_line_fn)(const struct mes_receipt_line *l,
                                   void *ctx);
/* Lines by PO and line number; open_only leaves out complete ones.
 * Roles: anyone logged in. */
int mes_receipt_lines(struct mes_db *db, int open_only,
                      mes_receipt_line_fn fn, void *ctx);

/* ---- receiving ---------------------------------------------------------- */

struct mes_receive_req {
	const char *data;        /* the scan (may hold GS bytes), or the
	                          * bracketed form "(01)...(10)..." */
	size_t len;              /* 0: strlen(data) */
	int no_aim;              /* the scanner omits "]C1" and the like */
	const char *po_no;       /* NULL: any open line (or AI 400) */
	double qty;              /* > 0: counted by the clerk, else the
	                          * label's (30), (37) or net measure */
	const char *location;    /* NULL: the dock, or quarantine */
};

struct mes_receipt {
	char lot_no[32];
	char item_no[41];
	char supplier[81];
	char supplier_lot[64];
	char expiry[11];         /* "" when none */
	char sscc[19];
	double qty;
	char uom[16];
	char location[33];
	char status[16];         /* released | quarantine */
	char po_no[33];
	int line_no;
	double line_qty, line_received;   /* after this receipt */
};

/*
 * Receives one scanned label in one transaction: parses it (GS1), finds
 * the item by GTIN and an open line for it (of po_no when given), checks
 * the quantity against the line's tolerance, the expiry against the
 * item's shelf life, the SSCC against what was received before, creates
 * the lot and its ledger row on the dock (or in quarantine when the item
 * needs incoming inspection).  Refusals, each with a message that says
 * what to do: MES_ERR_SYNTAX malformed barcode; MES_ERR_NOTFOUND unknown
 * GTIN or no open line; MES_ERR_RANGE over-receipt beyond tolerance,
 * expired or too short a shelf life, no quantity; MES_ERR_EXISTS
 * duplicate SSCC; MES_ERR_STATE a dated item without an expiry on the
 * label (a scanner that drops GS).  Rule refusals are audited.
 * Receiving or admin.
 * Roles: receiving, admin.
 */
int mes_receive(struct mes_db *db, const struct mes_receive_req *req,
                struct mes_receipt *out);

/* ---- lots and the ledger ------------------------------------------------ */

struct mes_lot {
	long long id;
	char lot_no[32];
	char item_no[41];
	char description[121];
	char uom[16];
	char supplier[81];
	char supplier_lot[64];
	char sscc[19];
	char expiry[11];
	char status[16];
	char produced_by[33];    /* work order, "" for a received lot */
	char po_no[33];
	char created[32];
	double on_hand;          /* over all locations */
	char location[33];       /* where it is ("" none, "*" several) */
	char allergens[160];     /* "contains MILK; may contain SESAME", "" */
};
/* Roles: anyone logged in. */
int mes_lot_get(struct mes_db *db, const char *lot_no, struct mes_lot *out);

struct mes_stock {
	char lot_no[32];
	char item_no[41];
	char location[33];
	char status[16];
	char expiry[11];
	double qty;
};
typedef int (*mes_stock_fn)(const struct mes_stock *s, void *ctx);
/* On-hand by lot and location, from the ledger; item_no NULL for all.
 * Roles: anyone logged in. */
int mes_stock_each(struct mes_db *db, const char *item_no, mes_stock_fn fn,
                   void *ctx);

/*
 * Moves qty (<= 0: all of it) of a lot to another location; from NULL:
 * where the lot is, when that is one place.  Put-away is the same call.
 * Receiving, operator, lead or admin.
 * Roles: operator, lead, receiving, admin.
 */
int mes_lot_move(struct mes_db *db, const char *lot_no, const char *from,
                 const char *to, double qty);

/*
 * Issues (consumes) qty (<= 0: all there is at from) of a lot to an
 * operation of a work order.  Refused when the lot is held, in
 * quarantine, rejected or expired, when the order is not released or
 * running or is held, or when more is asked than there is.  FEFO: when
 * an available lot of the same item expires earlier, MES_ERR_STATE names
 * it, and the issue goes ahead only with a reason (which is audited).
 * Operator or lead.
 * Roles: operator, lead.
 */
int mes_lot_issue(struct mes_db *db, const char *lot_no, const char *from,
                  const char *wo_no, int seq, double qty, const char *reason);

/*
 * Output of an operation: a new lot of the order's item, qty into
 * location (NULL: the first 'line' location, else the dock), linked in
 * genealogy to every lot issued to the order with the quantity not yet
 * linked to an earlier output.  expiry may be NULL.  lot_no (may be
 * NULL) receives the new number.  Operator or lead.
 * Roles: operator, lead.
 */
int mes_lot_produce(struct mes_db *db, const char *wo_no, int seq, double qty,
                    const char *location, const char *expiry,
                    char lot_no[32]);

/* Quality (or admin): hold a lot, with a reason.  Roles: quality, admin. */
int mes_lot_hold(struct mes_db *db, const char *lot_no, const char *reason);
/* Releases a held or quarantined lot: the quality signer re-enters the
 * PIN and the signature ("release") is bound to the lot's row.
 * Roles: quality, admin, signed by the PIN of the user it names. */
int mes_lot_release(struct mes_db *db, const char *lot_no, const char *signer,
                    const char *pin, const char *reason);

/* ---- genealogy ---------------------------------------------------------- */

struct mes_trace_node {
	int depth;               /* 0: the lot asked about */
	char lot_no[32];
	char parent[32];         /* the node it was reached from, "" at 0 */
	char item_no[41];
	char supplier[81];
	char supplier_lot[64];
	char status[16];
	char wo_no[33];          /* the order that made it, or "" */
	double qty;              /* of the link; 0 at depth 0 */
	int finished;            /* produced and not consumed further */
};
typedef int (*mes_trace_fn)(const struct mes_trace_node *n, void *ctx);

/* Backward: what went into a lot, down to supplier lots.  Forward: what
 * it went into, up to finished lots.  Depth first, in tree order.
 * Roles: anyone logged in. */
int mes_trace(struct mes_db *db, const char *lot_no, int forward,
              mes_trace_fn fn, void *ctx);
/* Every finished lot that contains a lot with this supplier lot number
 * (depth: how many steps from it).
 * Roles: anyone logged in. */
int mes_recall(struct mes_db *db, const char *supplier_lot, mes_trace_fn fn,
               void *ctx);

/* ---- serialized units --------------------------------------------------- */

/* The item is made as serialized units; serials from pattern: {YYYY},
 * {YY}, {MM}, {DD} (today, UTC), one counter {###} (the item's, as many
 * digits as #), the rest as written: at most 20 letters, digits and
 * - . / (of GS1's AI (21) set, what a label carries unescaped).  NULL
 * or "": not serialized any more.  Roles: lead, admin. */
int mes_item_serial(struct mes_db *db, const char *item_no,
                    const char *pattern);
/* A new unit made by the work order at its running operation seq, which
 * it starts there: scan NULL gives the pattern's next serial; else a
 * scanned label's (its text, or a GS1 element string whose (21) is the
 * serial and whose (01) must be the item's GTIN).  A serial is never
 * issued twice; refused past the order's quantity.  serial gets it.
 * Roles: operator, lead. */
int mes_unit_new(struct mes_db *db, const char *wo_no, int seq,
                 const char *scan, char serial[32]);
/* The unit at operation seq of its order (running): started when it has
 * completed the operation before; completed, which books one good unit
 * on the operation (and completes the unit at the last one).
 * Roles: operator, lead. */
int mes_unit_start(struct mes_db *db, const char *serial, int seq);
/* Roles: operator, lead. */
int mes_unit_complete(struct mes_db *db, const char *serial, int seq);
/* Builds component into the unit at the operation it is at: a complete
 * unit's serial (built into one unit only), or qty of a released lot;
 * with a bill of materials for the unit's item, only its components.
 * Roles: operator, lead. */
int mes_unit_build(struct mes_db *db, const char *serial,
                   const char *component, double qty);

struct mes_unit {
	char serial[32], item_no[41], description[128], gtin[15], wo_no[33];
	char status[16], source[12], created[32];
	int seq;                     /* the newest operation it reached */
	char op_status[12];          /* running or complete there */
	char built_into[32];         /* the unit it went into, or "" */
};
/* Roles: any (reads only). */
int mes_unit_get(struct mes_db *db, const char *serial, struct mes_unit *u);

struct mes_unit_node {
	int depth;                   /* 0: the one asked about */
	char kind[8];                /* "unit" or "lot" */
	char key[32];                /* serial or lot number */
	char parent[32];             /* the node it was reached from */
	char item_no[41], wo_no[33], status[16];
	double qty;                  /* a lot's quantity built in */
};
typedef int (*mes_unit_fn)(const struct mes_unit_node *n, void *ctx);
/* Backward from a serial: its components, every level, depth first;
 * forward from a serial: the units it went into; forward from a lot: the
 * lot, then every unit built with it or with a lot made from it, and the
 * units those went into.  Roles: any (reads only). */
int mes_unit_trace(struct mes_db *db, const char *key, int forward,
                   mes_unit_fn fn, void *ctx);

#endif
