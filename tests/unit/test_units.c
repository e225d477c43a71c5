/*
 * Serialized units (core/materials/units.c, unit_flow.c, unit_trace.c):
 * serials from a pattern, or a scanned label's; never one issued twice,
 * also by 32 processes at once; a unit through its operations in order;
 * components built in by serial or lot, within the bill of materials; a
 * genealogy over three levels, backward and forward, and from a lot down
 * to the serials.
 */
#include <sys/wait.h>
#include <unistd.h>
#include "prodfix.h"
#include "materials.h"
#include "testhelp.h"

#define DB "units.db"
#define PROCS 32
#define EACH 20

/* CELL (with RAW), MOD of CELLs, PACK of MODs: one operation each. */
static void plant(struct mes_db *db)
{
	static const char *const items[] = { "CELL", "MOD", "PACK" };
	char wo[16];
	int k;

	pf_as(db, "root", "9999");
	for (k = 0; k < 3; k++) {
		pf_must(mes_item_add(db, items[k], items[k], "ea", ""), db, "item");
		pf_must(mes_routing_op_add(db, items[k], 10, "SAW", 0, 1, "Make"),
		        db, "r");
		pf_must(mes_routing_op_add(db, items[k], 20, "CNC1", 0, 1, "Test"),
		        db, "r");
	}
	pf_must(mes_bom_add(db, "CELL", "RAW", 0.5), db, "bom");
	pf_must(mes_bom_add(db, "MOD", "CELL", 2), db, "bom");
	pf_must(mes_bom_add(db, "PACK", "MOD", 2), db, "bom");
	pf_must(mes_item_set_gs1(db, "CELL", "09521234500025", 0, 0, 0), db,
	        "gtin");
	for (k = 0; k < 3; k++) {
		snprintf(wo, sizeof wo, "WO-%s", items[k]);
		pf_must(mes_order_add(db, wo, items[k], k ? 4 : 10 + PROCS * EACH,
		                      "2026-01-05", "2026-01-09", 5), db, wo);
		pf_must(mes_order_release(db, wo), db, wo);
	}
	pf_sql(DB, "INSERT INTO lots (lot_no, item_id, status, created) SELECT "
	       "'RAW-1', id, 'released', '2026-01-01T00:00:00.000Z' FROM items "
	       "WHERE item_no = 'RAW'");
	pf_sql(DB, "INSERT INTO lots (lot_no, item_id, status, created) SELECT "
	       "'RAW-Q', id, 'quarantine', '2026-01-01T00:00:00.000Z' FROM items "
	       "WHERE item_no = 'RAW'");
}

static void pattern(struct mes_db *db)
{
	char s[32];

	T_CASE("a serial pattern is a lead's, with one counter and GS1's rules");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_item_serial(db, "CELL", "C{YY}-{####}"), MES_ERR_PERM);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_item_serial(db, "CELL", "C{YY}"), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "one counter");
	T_CHECK_RC(mes_item_serial(db, "CELL", "C {####}"), MES_ERR_ARG);
	T_CHECK_RC(mes_item_serial(db, "CELL", "C{WEEK}{##}"), MES_ERR_ARG);
	T_CHECK_RC(mes_item_serial(db, "CELL", "CELL-VERY-LONG-{########}"),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_item_serial(db, "NOPE", "C{###}"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_item_serial(db, "CELL", "C{YY}{MM}-{#####}"), MES_OK);
	T_CHECK_RC(mes_item_serial(db, "MOD", "M{####}"), MES_OK);
	T_CHECK_RC(mes_item_serial(db, "PACK", "P{####}"), MES_OK);

	T_CASE("a unit needs its operation running and the item serialized");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, NULL, s), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "start it first");
	T_CHECK(s[0] == '\0');
	pf_must(mes_op_start(db, "WO-CELL", 10, NULL), db, "start");
	pf_must(mes_op_start(db, "WO-MOD", 10, NULL), db, "start");
	pf_must(mes_op_start(db, "WO-PACK", 10, NULL), db, "start");
	T_CHECK_RC(mes_item_serial(db, "RAW", NULL), MES_OK);
}

static void serials(struct mes_db *db)
{
	char a[32], b[32], want[32];
	time_t t = time(NULL);
	struct tm tm;

	T_CASE("serials come from the pattern, one after another");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, NULL, a), MES_OK);
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, NULL, b), MES_OK);
	gmtime_r(&t, &tm);
	snprintf(want, sizeof want, "C%02d%02d-00001", tm.tm_year % 100,
	         tm.tm_mon + 1);
	T_CHECK_STR(a, want);
	want[10] = '2';
	T_CHECK_STR(b, want);

	T_CASE("a scanned label's serial, plain or GS1 with the item's GTIN");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, "LBL-77", a), MES_OK);
	T_CHECK_STR(a, "LBL-77");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, "LBL-77", a), MES_ERR_EXISTS);
	T_CHECK_HAS(mes_db_errmsg(db), "never issued twice");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, "(01)09521234500025(21)G-1",
	                        a), MES_OK);
	T_CHECK_STR(a, "G-1");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, "(01)09521234543213(21)G-2",
	                        a), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "is not the item's");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, "(01)09521234500025(10)L1",
	                        a), MES_ERR_ARG);
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, "bad serial", a), MES_ERR_ARG);

	T_CASE("a generated serial steps over one a label took");
	pf_sql(DB, "UPDATE item_serials SET next = 3 WHERE item_id = (SELECT "
	       "id FROM items WHERE item_no = 'CELL')");
	want[10] = '3';
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, want, a), MES_OK);
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, NULL, b), MES_OK);
	want[10] = '4';
	T_CHECK_STR(b, want);
}

static int maker(int p)
{
	struct mes_settings s;
	struct mes_db *db;
	char serial[32], path[64];
	FILE *f;
	int k, fails = 0;

	fx_settings(&s);
	snprintf(path, sizeof path, "%s.%d", fx_path("serials"), p);
	if (!(f = fopen(path, "w")) ||
	    mes_db_open(&db, fx_path(DB), 0, &s) != MES_OK ||
	    mes_login_pin(db, "olga", "1111") != MES_OK)
		return 1;
	for (k = 0; k < EACH; k++) {
		if (mes_unit_new(db, "WO-CELL", 10, NULL, serial) != MES_OK) {
			fprintf(stderr, "maker %d: %s\n", p, mes_db_errmsg(db));
			fails++;
		} else {
			fprintf(f, "%s\n", serial);
		}
	}
	mes_db_close(db);
	fclose(f);
	return fails != 0;
}

static void concurrent(void)
{
	char cmd[512];
	pid_t pids[PROCS];
	int p, status, ok = 0;
	long long units;

	T_CASE("32 processes making serials at once: all made, none doubled");
	units = fx_raw_count(fx_path(DB), "SELECT count(*) FROM units");
	for (p = 0; p < PROCS; p++)
		if ((pids[p] = fork()) == 0)
			_exit(maker(p));
	for (p = 0; p < PROCS; p++)
		if (waitpid(pids[p], &status, 0) == pids[p] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ok++;
	T_CHECK(ok == PROCS);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM units") ==
	        units + PROCS * EACH);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(DISTINCT serial) FROM "
	        "units") == fx_raw_count(fx_path(DB), "SELECT count(*) FROM "
	        "units"));
	/* What the processes were told, not only what the table holds. */
	snprintf(cmd, sizeof cmd, "test $(cat %s.* | sort | uniq | wc -l) -eq "
	         "%d", fx_path("serials"), PROCS * EACH);
	T_CHECK(system(cmd) == 0);

	T_CASE("... and the order's quantity stops the next one");
	pf_sql(DB, "UPDATE work_orders SET qty = (SELECT count(*) FROM units) "
	       "WHERE wo_no = 'WO-CELL'");
}

static void flow(struct mes_db *db, char cell[2][32], char mod[2][32],
                 char *pack)
{
	char x[32];
	int k;

	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, NULL, x), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "has its");
	pf_sql(DB, "UPDATE work_orders SET qty = qty + 2 WHERE wo_no = "
	       "'WO-CELL'");

	T_CASE("a unit goes through its operations in order");
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, NULL, cell[0]), MES_OK);
	T_CHECK_RC(mes_unit_new(db, "WO-CELL", 10, NULL, cell[1]), MES_OK);
	T_CHECK_RC(mes_unit_start(db, cell[0], 20), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "WO-CELL/20 is waiting: start it first");
	T_CHECK_RC(mes_unit_complete(db, cell[1], 10), MES_OK);
	pf_as(db, "olga", "1111");      /* luis is on three operations */
	pf_must(mes_op_start(db, "WO-CELL", 20, NULL), db, "start 20");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_unit_start(db, cell[0], 20), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "complete it there first");
	T_CHECK_RC(mes_unit_complete(db, cell[0], 20), MES_ERR_STATE);
	T_CHECK_RC(mes_unit_complete(db, cell[1], 10), MES_ERR_STATE);

	T_CASE("components: a released lot of the bill of materials");
	T_CHECK_RC(mes_unit_build(db, cell[0], "RAW-Q", 0.5), MES_ERR_STATE);
	T_CHECK_RC(mes_unit_build(db, cell[0], "NOPE", 1), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_unit_build(db, cell[0], "RAW-1", 0.5), MES_OK);
	T_CHECK_RC(mes_unit_complete(db, cell[0], 10), MES_OK);
	for (k = 0; k < 2; k++) {
		T_CHECK_RC(mes_unit_start(db, cell[k], 20), MES_OK);
		T_CHECK_RC(mes_unit_complete(db, cell[k], 20), MES_OK);
	}
	T_CHECK(!strcmp(pf_text(DB, "SELECT status FROM units WHERE serial = "
	        "(SELECT max(serial) FROM units WHERE serial LIKE 'C%')"),
	        "complete"));

	T_CASE("a complete unit is built into one unit of the bill only");
	T_CHECK_RC(mes_unit_new(db, "WO-MOD", 10, NULL, mod[0]), MES_OK);
	T_CHECK_RC(mes_unit_new(db, "WO-MOD", 10, NULL, mod[1]), MES_OK);
	T_CHECK_RC(mes_unit_new(db, "WO-PACK", 10, NULL, pack), MES_OK);
	T_CHECK_RC(mes_unit_build(db, pack, cell[0], 1), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "not in the bill of materials of PACK");
	T_CHECK_RC(mes_unit_build(db, mod[0], mod[1], 1), MES_ERR_STATE);
	T_CHECK_RC(mes_unit_build(db, mod[0], cell[0], 1), MES_OK);
	T_CHECK_RC(mes_unit_build(db, mod[1], cell[0], 1), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "built into another already");
	T_CHECK_RC(mes_unit_build(db, mod[1], cell[1], 1), MES_OK);
	for (k = 0; k < 2; k++)
		T_CHECK_RC(mes_unit_complete(db, mod[k], 10), MES_OK);
	pf_as(db, "lena", "3333");
	pf_must(mes_op_start(db, "WO-MOD", 20, NULL), db, "start 20");
	pf_as(db, "luis", "2222");
	for (k = 0; k < 2; k++) {
		T_CHECK_RC(mes_unit_start(db, mod[k], 20), MES_OK);
		T_CHECK_RC(mes_unit_complete(db, mod[k], 20), MES_OK);
		T_CHECK_RC(mes_unit_build(db, pack, mod[k], 1), MES_OK);
	}
	T_CHECK(pf_num(DB, "SELECT qty_good FROM wo_ops o JOIN work_orders w ON"
	        " w.id = o.wo_id WHERE w.wo_no = 'WO-MOD' AND o.seq = 20") == 2);
}

struct seen {
	int n, depth_max, lot_at;
	char order[8][32];
};

static int take(const struct mes_unit_node *n, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < 8)
		snprintf(s->order[s->n], 32, "%s", n->key);
	if (!strcmp(n->kind, "lot"))
		s->lot_at = n->depth;
	if (n->depth > s->depth_max)
		s->depth_max = n->depth;
	s->n++;
	return 0;
}

static void genealogy(struct mes_db *db, char cell[2][32], char mod[2][32],
                      const char *pack)
{
	struct seen s;

	T_CASE("backward from the pack: modules, cells, the raw lot, depth first");
	memset(&s, 0, sizeof s);
	T_CHECK_RC(mes_unit_trace(db, pack, 0, take, &s), MES_OK);
	T_CHECK(s.n == 6 && s.depth_max == 3 && s.lot_at == 3);
	T_CHECK_STR(s.order[0], pack);
	T_CHECK_STR(s.order[1], mod[0]);
	T_CHECK_STR(s.order[2], cell[0]);
	T_CHECK_STR(s.order[3], "RAW-1");
	T_CHECK_STR(s.order[4], mod[1]);
	T_CHECK_STR(s.order[5], cell[1]);

	T_CASE("forward from a cell: its module, then the pack");
	memset(&s, 0, sizeof s);
	T_CHECK_RC(mes_unit_trace(db, cell[1], 1, take, &s), MES_OK);
	T_CHECK(s.n == 3);
	T_CHECK_STR(s.order[1], mod[1]);
	T_CHECK_STR(s.order[2], pack);

	T_CASE("recall from the raw lot down to every serial it is in");
	memset(&s, 0, sizeof s);
	T_CHECK_RC(mes_unit_trace(db, "RAW-1", 1, take, &s), MES_OK);
	T_CHECK(s.n == 4);
	T_CHECK_STR(s.order[1], cell[0]);
	T_CHECK_STR(s.order[2], mod[0]);
	T_CHECK_STR(s.order[3], pack);
	memset(&s, 0, sizeof s);
	T_CHECK_RC(mes_unit_trace(db, "RAW-Q", 1, take, &s), MES_OK);
	T_CHECK(s.n == 1);
	T_CHECK_RC(mes_unit_trace(db, "NOPE", 1, take, &s), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_unit_trace(db, "RAW-1", 0, take, &s), MES_ERR_NOTFOUND);
}

static void sealed(struct mes_db *db)
{
	struct mes_seal_result r;

	T_CASE("the units' rows are sealed: plain SQL edits none, all verify");
	T_CHECK(fx_raw(fx_path(DB), "UPDATE units SET status = 'in-process'")
	        != SQLITE_OK);
	T_CHECK(fx_raw(fx_path(DB), "DELETE FROM unit_parts") != SQLITE_OK);
	T_CHECK(fx_raw(fx_path(DB), "UPDATE unit_ops SET ended_by = NULL") !=
	        SQLITE_OK);
	T_CHECK(fx_raw_count(fx_path(DB), "SELECT count(*) FROM unit_parts") ==
	        5);
	memset(&r, 0, sizeof r);
	T_CHECK_RC(mes_seal_verify(db, NULL, NULL, &r), MES_OK);
	T_CHECK(r.bad == 0 && r.rows > 0);
}

int main(void)
{
	struct mes_db *db = pf_plant(DB);
	char cell[2][32], mod[2][32], pack[32];

	plant(db);
	pattern(db);
	serials(db);
	concurrent();
	flow(db, cell, mod, pack);
	genealogy(db, cell, mod, pack);
	sealed(db);
	mes_db_close(db);
	return t_report("test_units");
}
