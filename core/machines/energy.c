/*
 * Energy per work order: kWh from the machines' meters booked to its
 * operations, per good unit of the order (the good quantity of its last
 * operation), CO2e with the grid factor the caller reads from mes.ini,
 * and the scrap's mass as waste when the item has a unit mass.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "machine_int.h"

int mes_energy_report(struct mes_db *db, double grid_kg_per_kwh,
                      mes_energy_fn fn, void *ctx)
{
	static const char sql[] = "SELECT w.wo_no, i.item_no, w.status, "
		"sum(o.energy_kwh), (SELECT qty_good FROM wo_ops l WHERE l.wo_id "
		"= w.id ORDER BY l.seq DESC LIMIT 1), sum(o.qty_scrap), "
		"ifnull(i.unit_mass_kg, -1) FROM work_orders w JOIN items i ON "
		"i.id = w.item_id JOIN wo_ops o ON o.wo_id = w.id GROUP BY w.id "
		"HAVING sum(o.energy_kwh) > 0 OR sum(o.qty_scrap) > 0 ORDER BY "
		"w.wo_no";
	struct mes_energy_row r;
	sqlite3_stmt *st;
	int rc, src;

	if (!db || !fn || !isfinite(grid_kg_per_kwh) || grid_kg_per_kwh < 0)
		return db ? db_fail(db, MES_ERR_ARG, "the grid factor is kg CO2e"
		                    " per kWh, 0 or more") : MES_ERR_ARG;
	if ((rc = perm_check(db, PERM_NONE, "report.energy")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		str_copy(r.wo, sizeof r.wo, col_text(st, 0));
		str_copy(r.item, sizeof r.item, col_text(st, 1));
		str_copy(r.status, sizeof r.status, col_text(st, 2));
		r.kwh = sqlite3_column_double(st, 3);
		r.good = sqlite3_column_double(st, 4);
		r.scrap = sqlite3_column_double(st, 5);
		r.unit_mass_kg = sqlite3_column_double(st, 6);
		r.kwh_per_unit = r.good > 0 ? r.kwh / r.good : 0;
		r.co2e_kg = r.kwh * grid_kg_per_kwh;
		r.co2e_per_unit = r.good > 0 ? r.co2e_kg / r.good : 0;
		r.waste_kg = r.unit_mass_kg >= 0 ? r.scrap * r.unit_mass_kg : 0;
		if (fn(&r, ctx))
			break;
	}
	return step_end(db, st, src, "reading energy");
}

int mes_item_set_mass(struct mes_db *db, const char *item_no, double kg)
{
	static const char sql[] = "UPDATE items SET unit_mass_kg = ? WHERE "
		"item_no = ?";
	sqlite3_stmt *st;
	char v[32];
	int rc;

	if (!db || !item_no)
		return db_badarg(db, __func__);
	if (!isfinite(kg) || kg < 0 || kg > 1e6)
		return db_fail(db, MES_ERR_RANGE, "a unit mass is kg from 0 to "
		               "1e6");
	if ((rc = tx_begin(db, PERM_MASTER, "item.mass")) != MES_OK)
		return rc;
	if (db_lookup_id(db, "SELECT id FROM items WHERE item_no = ?",
	                   item_no) <= 0)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "no item %s",
		              item_no));
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_double(st, 1, kg);
	sqlite3_bind_text(st, 2, item_no, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "saving the mass")) != MES_OK)
		return tx_end(db, rc);
	snprintf(v, sizeof v, "%g", kg);
	return tx_end(db, audit_append(db, "item.mass", "items", item_no, "",
	                               v, ""));
}
