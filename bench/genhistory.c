/*
 * Years of history beside a bench/genplant plant, for the screens other
 * than the board: per work center a machine with 2,000 downtime events
 * (a few still open and without a reason), 20,000 maintenance orders
 * (50 open), an inspection plan per item with 200,000 inspections and
 * their measurements, 5,000 non-conformances (20 open), 10,000 receipt
 * lines (30 open) and 100,000 lots with their receipt and issue moves.
 * Written straight into the file in one transaction (a fixture, not a
 * path the product takes), so that each screen's cost can be measured
 * against a plant whose open work is small and whose history is not.
 *
 * usage: genhistory DB
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include "base/internal.h"

/* n rows: WITH RECURSIVE n(i) counting from 1 */
#define N(count) "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 " \
	"FROM n WHERE i < " #count ") "

static const char *const steps[] = {
	"INSERT OR IGNORE INTO reason_codes (code, kind, description) "
	"  VALUES ('BRK', 'downtime', 'Breakdown'), ('TOOL', 'downtime', "
	"  'Tool change'), ('MAT', 'downtime', 'No material'), "
	"  ('DIM', 'nc', 'Out of tolerance'), ('SCR', 'scrap', 'Scrap')",
	"INSERT INTO locations (code, name, kind) VALUES ('DOCK', 'Dock', "
	"  'dock'), ('QA', 'Quarantine', 'quarantine')",
	N(50) "INSERT INTO locations (code, name, kind) SELECT printf("
	"  'S-%02d', i), printf('Store %d', i), 'store' FROM n",
	"INSERT INTO assets (id, code, name, wc_id, kind, state, state_ts) "
	"  SELECT id, 'M-' || substr(code, 4), 'Machine of ' || code, id, "
	"  'machine', 'idle', strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM "
	"  work_centers",
	/* two years of stops, 6 h apart per machine; the newest 20 open */
	N(120000) "INSERT INTO downtime_events (asset_id, start_ts, end_ts, "
	"  reason_code, source) SELECT i % 60 + 1, strftime("
	"  '%Y-%m-%dT%H:%M:%SZ', 'now', printf('-%d minutes', (120000 - i) * 6 "
	"  + 30)), CASE "
	"  WHEN i > 119980 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', "
	"  'now', printf('-%d minutes', (120000 - i) * 6)) END, CASE WHEN i > "
	"  119980 THEN NULL ELSE CASE i % 3 WHEN 0 THEN 'BRK' WHEN 1 THEN "
	"  'TOOL' ELSE 'MAT' END END, 'plc' FROM n",
	N(20000) "INSERT INTO maint_orders (mo_no, asset_id, kind, "
	"  description, status, created, done_ts) SELECT printf('MO-%06d', "
	"  i), i % 60 + 1, 'corrective', 'Repair', CASE WHEN i > 19950 THEN "
	"  'open' ELSE 'signed-off' END, strftime('%Y-%m-%dT%H:%M:%SZ', "
	"  'now', printf('-%d hours', 20000 - i)), CASE WHEN i > 19950 THEN "
	"  NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', 'now', printf('-%d "
	"  hours', 20000 - i)) END FROM n",
	"INSERT INTO inspection_plans (code, item_id, routing_op_id, "
	"  frequency, description) SELECT 'IP-' || i.item_no, i.id, r.id, "
	"  'lot', 'First operation' FROM items i JOIN routing_ops r ON "
	"  r.item_id = i.id AND r.seq = 10",
	"INSERT INTO characteristics (plan_id, code, name, kind, nominal, "
	"  lsl, usl, unit) SELECT id, 'LEN', 'Length', 'variable', 100, 99.5, "
	"  100.5, 'mm' FROM inspection_plans",
	/* the completed orders' first operations, each inspected once */
	N(200000) "INSERT INTO inspections (plan_id, wo_op_id, user_id, ts, "
	"  result) SELECT p.id, o.id, 1, strftime('%Y-%m-%dT%H:%M:%SZ', "
	"  'now', printf('-%d minutes', 200000 - n.i)), CASE WHEN n.i % 50 = "
	"  0 THEN 'fail' ELSE 'pass' END FROM n JOIN wo_ops o ON o.id = "
	"  (n.i - 1) * 5 % (SELECT max(id) FROM wo_ops WHERE status = "
	"  'complete') + 1 JOIN work_orders w ON w.id = o.wo_id JOIN "
	"  inspection_plans p ON p.item_id = w.item_id",
	"INSERT INTO measurements (inspection_id, char_id, value) SELECT "
	"  s.id, c.id, 100 + ((s.id * 7919) % 101 - 50) / 200.0 FROM "
	"  inspections s JOIN characteristics c ON c.plan_id = s.plan_id",
	N(10000) "INSERT INTO receipt_lines (po_no, line_no, supplier, "
	"  item_id, gtin, qty, received, status, created) SELECT printf("
	"  'PO-%05d', i), 1, 'Supplier ' || (i % 40), i % 200 + 1, printf("
	"  '0952123%07d', i), 1000, CASE WHEN i > 9970 THEN 0 ELSE 1000 END,"
	"  CASE WHEN i > 9970 THEN 'open' ELSE 'complete' END, strftime("
	"  '%Y-%m-%dT%H:%M:%SZ', 'now', printf('-%d hours', 10000 - i)) "
	"  FROM n",
	N(100000) "INSERT INTO lots (lot_no, item_id, supplier, supplier_lot, "
	"  status, created, receipt_line_id, uom) SELECT printf('H%07d', i), "
	"  l.item_id, l.supplier, printf('S%07d', i), 'consumed', l.created, "
	"  l.id, 'ea' FROM n JOIN receipt_lines l ON l.id = (i - 1) / 10 + 1 "
	"  WHERE l.status = 'complete'",
	"INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind, user_id) "
	"  SELECT created, id, 3 + id % 50, 100, 'receive', 1 FROM lots",
	"INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind, wo_id, "
	"  user_id) SELECT created, id, 3 + id % 50, -100, 'issue', id % "
	"  50000 + 1, 1 FROM lots",
	N(5000) "INSERT INTO nonconformances (nc_no, source, item_id, wo_id, "
	"  description, qty, status, opened_by, opened_ts, closed_ts) SELECT "
	"  printf('NC-%05d', i), 'manual', w.item_id, w.id, 'Out of "
	"  tolerance', 1, CASE WHEN i > 4980 THEN 'open' ELSE 'closed' END, "
	"  1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', printf('-%d hours', 5000 "
	"  - i)), CASE WHEN i > 4980 THEN NULL ELSE strftime("
	"  '%Y-%m-%dT%H:%M:%SZ', 'now', printf('-%d hours', 5000 - i)) END "
	"  FROM n JOIN "
	"  work_orders w ON w.id = i * 7",
	/* the screens start from the newest change: the fixture's own
	 * would only slow the first prune */
	"DELETE FROM changes",
};

int main(int argc, char **argv)
{
	sqlite3 *h;
	size_t i;
	char *err = NULL;

	if (argc != 2) {
		fprintf(stderr, "usage: genhistory DB\n");
		return 2;
	}
	if (sqlite3_open(argv[1], &h) != SQLITE_OK ||
	    seal_register(h, NULL) != SQLITE_OK) {
		fprintf(stderr, "genhistory: %s: %s\n", argv[1], sqlite3_errmsg(h));
		return 1;
	}
	sqlite3_exec(h, "PRAGMA synchronous=OFF; BEGIN", NULL, NULL, NULL);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (sqlite3_exec(h, steps[i], NULL, NULL, &err) != SQLITE_OK) {
			fprintf(stderr, "genhistory: step %zu: %s\n", i + 1, err);
			return 1;
		}
	}
	if (sqlite3_exec(h, "COMMIT; ANALYZE", NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "genhistory: %s\n", err);
		return 1;
	}
	sqlite3_close(h);
	printf("genhistory: %s: 120,000 downtime events, 20,000 maintenance "
	       "orders, 200,000 inspections, 100,000 lots, 5,000 NCs\n",
	       argv[1]);
	return 0;
}
