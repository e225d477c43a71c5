/*
 * The quality tests' plant: prodfix's, plus inspection plans (RCV for
 * RAW on receipt, MILL for P1 operation 20 every 5 units), defect codes
 * and lots written straight into the lots table, as receiving would.
 */
#ifndef QUALFIX_H
#define QUALFIX_H

#include <math.h>
#include "prodfix.h"
#include "quality.h"

static inline void qf_char(struct mes_db *db, const char *plan,
                           const char *code, enum mes_qkind kind, double lsl,
                           double usl, int subgroup)
{
	struct mes_qchar c;

	memset(&c, 0, sizeof c);
	snprintf(c.plan, sizeof c.plan, "%s", plan);
	snprintf(c.code, sizeof c.code, "%s", code);
	snprintf(c.name, sizeof c.name, "%s check", code);
	c.kind = kind;
	c.nominal = NAN;
	c.lsl = lsl;
	c.usl = usl;
	snprintf(c.unit, sizeof c.unit, "mm");
	c.decimals = 3;
	c.subgroup = subgroup;
	c.rules = MES_SPC_RULES_WE;
	pf_must(mes_qchar_add(db, &c), db, code);
}

static inline struct mes_db *qf_plant(const char *file)
{
	struct mes_db *db = pf_plant(file);

	pf_must(mes_reason_add(db, "SCR", "nc", "Scratched"), db, "nc code");
	pf_as(db, "quinn", "4444");
	pf_must(mes_qplan_add(db, "RCV", "RAW", 0, "lot", "Bar stock in"),
	        db, "plan");
	qf_char(db, "RCV", "LEN", MES_QK_VARIABLE, 99, 101, 1);
	qf_char(db, "RCV", "VIS", MES_QK_ATTRIBUTE, NAN, NAN, 5);
	pf_must(mes_qplan_add(db, "MILL", "P1", 20, "every:5", "Milled bore"),
	        db, "plan");
	qf_char(db, "MILL", "DIA", MES_QK_VARIABLE, 9.9, 10.1, 3);
	pf_as(db, "root", "9999");
	return db;
}

/* A received lot in quarantine with qty on hand at a dock. */
static inline void qf_lot(const char *file, const char *lot_no, double qty)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO locations (code, name,"
	         " kind) VALUES ('DOCK', 'Dock', 'dock'); INSERT INTO lots "
	         "(lot_no, item_id, created) SELECT '%s', id, "
	         "'2026-01-05T08:00:00.000Z' FROM items WHERE item_no = 'RAW';"
	         " INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind) "
	         "SELECT '2026-01-05T08:00:00.000Z', l.id, d.id, %g, 'receive' "
	         "FROM lots l, locations d WHERE l.lot_no = '%s' AND d.code = "
	         "'DOCK'", lot_no, qty, lot_no);
	pf_sql(file, sql);
}

/* SQL that may fail: SQLITE_OK or the error code, message in err. */
static inline int qf_try_sql(const char *file, const char *sql, char *err,
                             size_t n)
{
	sqlite3 *h;
	char *msg = NULL;
	int rc;

	/* As a plant program on libmes would: with the seal functions. */
	if (sqlite3_open(fx_path(file), &h) != SQLITE_OK ||
	    seal_register(h, NULL) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(h, 2000);
	sqlite3_exec(h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	snprintf(err, n, "%s", msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc;
}

/* An issue of qty from the lot, as a store's program would write it. */
static inline int qf_issue(const char *file, const char *lot_no, double qty,
                           char *err, size_t n)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO inv_moves (ts, lot_id, "
	         "location_id, qty, kind) SELECT '2026-01-06T08:00:00.000Z', "
	         "l.id, d.id, %g, 'issue' FROM lots l, locations d WHERE "
	         "l.lot_no = '%s' AND d.code = 'DOCK'", -qty, lot_no);
	return qf_try_sql(file, sql, err, n);
}
#endif
