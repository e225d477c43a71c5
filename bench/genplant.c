/*
 * A plant at scale for the board benchmark: 60 work centers, 200 items
 * with 5-operation routings, N work orders and their operations (the
 * newest OPEN of them released, the rest complete; 40% by default), written
 * straight into a fresh database in one transaction.  This is a fixture,
 * not a path the product takes: real orders go through audited core calls.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include "fixture.h"
#include "mes.h"

#define WCS 60
#define ITEMS 200
#define OPS 5

static void exec(sqlite3 *h, const char *sql)
{
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "genplant: %s\n", sqlite3_errmsg(h));
		exit(1);
	}
}

static void master(sqlite3 *h)
{
	char sql[256];
	int i, k;

	for (i = 1; i <= WCS; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO work_centers (id, code, "
		         "name) VALUES (%d, 'WC-%02d', 'Work center %d')", i, i, i);
		exec(h, sql);
	}
	for (i = 1; i <= ITEMS; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO items (id, item_no, "
		         "description) VALUES (%d, 'P-%04d', 'Part %d')", i, i, i);
		exec(h, sql);
		for (k = 1; k <= OPS; k++) {
			snprintf(sql, sizeof sql, "INSERT INTO routing_ops (item_id,"
			         " seq, wc_id, setup_min, run_min) VALUES (%d, %d, "
			         "%d, 15, 0.5)", i, k * 10, (i * 7 + k * 13) % WCS + 1);
			exec(h, sql);
		}
	}
}

static void orders(sqlite3 *h, int n, int open)
{
	sqlite3_stmt *wo, *op;
	char no[32];
	int i, k;

	sqlite3_prepare_v2(h, "INSERT INTO work_orders (id, wo_no, item_id, "
	                   "qty, release_date, due_date, priority, status, "
	                   "created) VALUES (?, ?, ?, 100, date('now'), "
	                   "date('now', ?), ?, ?, datetime('now'))", -1, &wo,
	                   NULL);
	sqlite3_prepare_v2(h, "INSERT INTO wo_ops (wo_id, seq, routing_op_id, "
	                   "wc_id, setup_min, run_min, status, qty_good) SELECT"
	                   " ?1, seq, id, wc_id, setup_min, run_min, ?2, ?3 FROM"
	                   " routing_ops WHERE item_id = ?4 AND seq = ?5", -1,
	                   &op, NULL);
	for (i = 1; i <= n; i++) {
		int item = i % ITEMS + 1, done = i <= n - open;
		char due[16];

		snprintf(no, sizeof no, "WO-%07d", i);
		snprintf(due, sizeof due, "%+d days", i % 30 - 5);
		sqlite3_bind_int(wo, 1, i);
		sqlite3_bind_text(wo, 2, no, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(wo, 3, item);
		sqlite3_bind_text(wo, 4, due, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(wo, 5, i % 9 + 1);
		sqlite3_bind_text(wo, 6, done ? "complete" : "released", -1,
		                  SQLITE_STATIC);
		sqlite3_step(wo);
		sqlite3_reset(wo);
		for (k = 1; k <= OPS; k++) {
			sqlite3_bind_int(op, 1, i);
			sqlite3_bind_text(op, 2, done ? "complete" : "waiting", -1,
			                  SQLITE_STATIC);
			sqlite3_bind_int(op, 3, done ? 100 : 0);
			sqlite3_bind_int(op, 4, item);
			sqlite3_bind_int(op, 5, k * 10);
			sqlite3_step(op);
			sqlite3_reset(op);
		}
	}
	sqlite3_finalize(wo);
	sqlite3_finalize(op);
}

int main(int argc, char **argv)
{
	sqlite3 *h;
	int n = argc > 2 ? atoi(argv[2]) : 100000;
	int open = argc > 3 ? atoi(argv[3]) : n * 4 / 10;

	if (argc < 2) {
		fprintf(stderr, "usage: genplant DB [ORDERS [OPEN]]\n");
		return 2;
	}
	if (bench_create(argv[1], "genplant") != MES_OK)
		return 1;
	sqlite3_open(argv[1], &h);
	exec(h, "PRAGMA foreign_keys=ON; BEGIN");
	master(h);
	orders(h, n, open < 0 || open > n ? n : open);
	exec(h, "COMMIT; ANALYZE");
	sqlite3_close(h);
	printf("genplant: %s: %d work centers, %d orders (%d open), %d "
	       "operations\n", argv[1], WCS, n, open, n * OPS);
	return 0;
}
