/*
 * The machine tests' plant: prodfix's plant plus item P2 (one operation
 * on SAW, 1.5 ideal minutes per unit), a site, a line, machine M1 on SAW
 * read by PLC plc1, machine M2 without a work center, a maintenance
 * technician mai (4444), receiving remy (5555), the collector (7777).
 */
#ifndef MACHFIX_H
#define MACHFIX_H

#include <math.h>
#include "prodfix.h"
#include "machine.h"

static inline struct mes_db *mf_plant(const char *file)
{
	struct mes_db *db = pf_plant(file);

	pf_must(mes_item_add(db, "P2", "Part two", "ea", "f"), db, "item");
	pf_must(mes_routing_op_add(db, "P2", 10, "SAW", 0, 1.5, "Saw"), db,
	        "r");
	pf_must(mes_user_add(db, "mai", "Mai Tanaka", MES_ROLE_MAINTENANCE,
	                     "B5", "4444"), db, "user");
	pf_must(mes_user_add(db, "remy", "Remy Vidal", MES_ROLE_RECEIVING,
	                     "B6", "5555"), db, "user");
	pf_must(mes_user_add(db, "collector", "PLC collector",
	                     MES_ROLE_MAINTENANCE, NULL, "7777"), db, "user");
	pf_must(mes_asset_add(db, "SITE", "Plant", "site", NULL, NULL), db,
	        "site");
	pf_must(mes_asset_add(db, "L1", "Line 1", "line", "SITE", NULL), db,
	        "line");
	pf_must(mes_asset_add(db, "M1", "Saw machine", "machine", "L1", "SAW"),
	        db, "m1");
	pf_must(mes_asset_add(db, "M2", "Spare press", "machine", "L1", NULL),
	        db, "m2");
	pf_must(mes_plc_register(db, "plc1", "M1"), db, "plc");
	return db;
}

/* Order wo of P2 released, its operation 10 running on SAW. */
static inline void mf_running(struct mes_db *db, const char *wo, double qty)
{
	pf_as(db, "root", "9999");
	pf_must(mes_order_add(db, wo, "P2", qty, "2026-01-05", "2026-01-09",
	                      5), db, wo);
	pf_must(mes_order_release(db, wo), db, wo);
	pf_as(db, "luis", "2222");
	pf_must(mes_op_start(db, wo, 10, NULL), db, "start");
	pf_as(db, "collector", "7777");
}

static inline int mf_near(double a, double b)
{
	return fabs(a - b) < 1e-6;
}

#endif
