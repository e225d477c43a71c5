/* What the quality modules (plans, due, inspect, alarms, nc, spc_store) share. */
#ifndef MES_QUALITY_INT_H
#define MES_QUALITY_INT_H

#include "base/internal.h"
#include "quality.h"

struct qplan_row {
	long long id, item_id, routing_op_id;
	int on_receipt;
	char code[33], item_no[41], frequency[24];
};
int qplan_load(struct mes_db *db, const char *code, struct qplan_row *p);
/* mes_qplan_add and mes_qchar_add inside the caller's transaction (the
 * CSV import): the same checks, rows and audit records. */
int qplan_add_tx(struct mes_db *db, const char *code, const char *item_no,
                 int op_seq, const char *frequency, const char *description);
int qchar_add_tx(struct mes_db *db, struct mes_qchar *c);

/* Fills c from a row of the characteristic columns (see QCHAR_COLS). */
#define QCHAR_COLS "c.id, c.plan_id, p.code, c.code, c.name, c.kind, " \
	"c.nominal, c.lsl, c.usl, c.unit, c.decimals, c.subgroup, c.chart, " \
	"c.rules"

/* Opens a non-conformance inside the caller's transaction. */
struct nc_req {
	const char *source;           /* inspection | spc | manual */
	long long item_id, lot_id, wo_id, wo_op_id, inspection_id, alarm_id;
	double qty;
	const char *defect_code, *description;
};
int nc_open_tx(struct mes_db *db, const struct nc_req *r, char nc_no[24]);

/* Sets a lot's status with its audit record (nothing when unchanged). */
int nc_lot_status(struct mes_db *db, long long lot_id, const char *status,
                   const char *nc_no, const char *why);

/* gauges.c: notes that the gauge code measured char_id in inspection
 * insp, or refuses it (unknown, retired, failed, past due). */
int gauge_use(struct mes_db *db, long long insp, long long char_id,
              const char *code);
/* A gauge's state as the lists show it (gauges g): failed or retired,
 * overdue, due soon (within 7 days), ok. */
#define GAUGE_STATE_SQL "CASE WHEN g.status != 'ok' THEN g.status WHEN " \
	"g.due_date < date('now') THEN 'overdue' WHEN g.due_date <= " \
	"date('now', '+7 days') THEN 'due soon' ELSE 'ok' END"

/* Checks the newest subgroup of c against its frozen limits inside the
 * caller's transaction; raises alarms, counts them into *alarms. */
int spc_check_new(struct mes_db *db, const struct mes_qchar *c,
                  long long insp_id, long long wc_id, int *alarms);

/* SQL text double: NULL column -> NAN. */
double qcol_num(sqlite3_stmt *st, int i);
void qbind_num(sqlite3_stmt *st, int i, double v);

#endif
