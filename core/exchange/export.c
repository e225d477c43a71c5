/* Operation results for the ERP: one CSV line per operation that reported
 * or completed since a time, with the labor hours clocked on it. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "csv.h"
#include "base/internal.h"
#include "prod.h"

static const char header[] = "wo_no,seq,item,wc,status,qty_good,qty_scrap,"
	"actual_start,actual_end,labor_hours\r\n";

static void put_row(FILE *out, sqlite3_stmt *st)
{
	mes_csv_put(out, col_text(st, 0));
	fprintf(out, ",%d,", sqlite3_column_int(st, 1));
	mes_csv_put(out, col_text(st, 2));
	putc(',', out);
	mes_csv_put(out, col_text(st, 3));
	fprintf(out, ",%s,%.15g,%.15g,%s,%s,%.3f\r\n", col_text(st, 4),
	        sqlite3_column_double(st, 5), sqlite3_column_double(st, 6),
	        col_text(st, 7), col_text(st, 8),
	        sqlite3_column_double(st, 9));
}

int mes_export_results_csv(struct mes_db *db, const char *since, FILE *out)
{
	static const char sql[] = "SELECT w.wo_no, o.seq, i.item_no, c.code, "
		"o.status, o.qty_good, o.qty_scrap, ifnull(o.actual_start, ''), "
		"ifnull(o.actual_end, ''), (SELECT ifnull(sum(julianday(ifnull("
		"l.clock_off, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) - "
		"julianday(l.clock_on)), 0) * 24 FROM labor l WHERE "
		"l.wo_op_id = o.id) FROM wo_ops o "
		"JOIN work_orders w ON w.id = o.wo_id "
		"JOIN items i ON i.id = w.item_id "
		"JOIN work_centers c ON c.id = o.wc_id "
		"WHERE EXISTS (SELECT 1 FROM op_events e WHERE e.wo_op_id = o.id"
		" AND e.kind IN ('report', 'complete') AND e.ts >= ?1) "
		"ORDER BY w.wo_no, o.seq";
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	if (since && *since && (strlen(since) < 4 ||
	    !isdigit((unsigned char)since[0]) || strlen(since) > 24))
		return db_fail(db, MES_ERR_ARG, "--since \"%s\": give a time "
		               "as YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)", since);
	if ((rc = perm_check(db, PERM_NONE, "results.export")) != MES_OK)
		return rc;
	/* One statement is one snapshot: a report committed meanwhile is
	 * either wholly in the file or in the next one. */
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, since ? since : "", -1, SQLITE_STATIC);
	fputs(header, out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		put_row(out, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "exporting results");
	if (fflush(out) != 0 || ferror(out))
		return db_fail(db, MES_ERR_IO, "writing the results failed "
		               "(disk full?)");
	return MES_OK;
}
