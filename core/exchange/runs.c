/* The drop folder's memory: which performance exports it wrote, so the
 * next one covers what happened since the last. */
#include <string.h>
#include "base/internal.h"
#include "prod.h"
#include "exchange.h"

int mes_exchange_last_run(struct mes_db *db, const char *kind,
                          char since[32], long long *after)
{
	static const char sql[] = "SELECT ts, upto_event FROM exchange_runs "
		"WHERE kind = ? ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	since[0] = 0;
	if (!db || !kind || !after)
		return db_badarg(db, __func__);
	*after = 0;
	if ((rc = perm_check(db, PERM_NONE, "exchange.read")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		str_copy(since, 32, col_text(st, 0));
		*after = sqlite3_column_int64(st, 1);
	}
	return step_end(db, st, rc, "reading the exchange runs");
}

int mes_exchange_run_add(struct mes_db *db, const char *kind,
                         const char *since, const char *ts,
                         const char *file, int orders, long long upto)
{
	static const char sql[] = "INSERT INTO exchange_runs (ts, kind, since,"
		" file, orders, upto_event) VALUES (?,?,?,?,?,?)";
	struct mes_json b;
	sqlite3_stmt *st;
	int rc;

	if (!db || !kind || !since || !ts || !file)
		return db_badarg(db, __func__);
	if ((rc = tx_begin(db, PERM_NONE, "exchange.export")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, file, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, orders);
	sqlite3_bind_int64(st, 6, upto);
	rc = step_done(db, st, "recording the export");
	mes_json_init(&b);
	mes_json_str(&b, "since", since);
	mes_json_str(&b, "until", ts);
	mes_json_int(&b, "orders", orders);
	mes_json_int(&b, "upto_event", upto);
	if (rc == MES_OK)
		rc = mes_json_done(&b) ? audit_append(db, "exchange.export",
		     "exchange_runs", file, "", b.p, kind) : MES_ERR_NOMEM;
	mes_json_free(&b);
	return tx_end(db, rc);
}
