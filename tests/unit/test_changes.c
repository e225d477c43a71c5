/*
 * The change journal screens refresh from, and the queue counts the
 * triggers keep: a change and its journal entry commit together, a
 * reader learns exactly what another process touched, a gap reads all,
 * and wc_load always equals a full count of the open work.
 */
#include "prodfix.h"
#include "testhelp.h"

#define DB "changes.db"

static long long one(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long wc_id(struct mes_db *db, const char *code)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT id FROM work_centers WHERE code = "
	         "'%s'", code);
	return one(db->h, sql);
}

/* wc_load against the count it stands for, for every work center. */
static long long load_drift(sqlite3 *h)
{
	return one(h, "SELECT count(*) FROM work_centers c LEFT JOIN wc_load l"
	           " ON l.wc_id = c.id WHERE ifnull(l.queued, -1) <> (SELECT"
	           " count(*) FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id"
	           " WHERE o.wc_id = c.id AND o.status IN ('waiting','running',"
	           "'paused') AND w.status IN ('released','running','held'))"
	           " OR ifnull(l.running, -1) <> (SELECT count(*) FROM wo_ops o"
	           " WHERE o.wc_id = c.id AND o.status = 'running')");
}

static void journal(void)
{
	struct mes_db *db = pf_plant(DB), *other;
	struct mes_settings s;
	struct mes_changes c;
	long long before;

	T_CASE("another process's change names its kind, operations and "
	       "work centers, and nothing else");
	pf_order(db, "WO-1", 10, 1);
	pf_order(db, "WO-2", 10, 1);
	fx_settings(&s);
	T_CHECK_RC(mes_db_open(&other, fx_path(DB), 0, &s), MES_OK);
	memset(&c, 0, sizeof c);
	T_CHECK_RC(mes_changes_start(other, &c.seq), MES_OK);
	T_CHECK(c.seq > 0);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_hold(db, "WO-1", "no material"), MES_OK);
	T_CHECK_RC(mes_changes_read(other, &c), MES_OK);
	T_CHECK(!c.all && (c.kinds & MES_CH_ORDER));
	T_CHECK(!(c.kinds & (MES_CH_LOT | MES_CH_SPC | MES_CH_NC)));
	T_CHECK(c.n_op == 3 && c.n_wc == 3);
	T_CHECK(mes_changes_wc(&c, wc_id(db, "SAW")));
	T_CHECK(mes_changes_wc(&c, wc_id(db, "WELD")));
	T_CHECK(!mes_changes_wc(&c, wc_id(db, "CNC2")));
	T_CHECK(!mes_changes_op(&c, one(db->h, "SELECT o.id FROM wo_ops o "
	        "JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'WO-2' "
	        "LIMIT 1")));

	T_CASE("read again with nothing new: no kinds, no work centers");
	before = c.seq;
	T_CHECK_RC(mes_changes_read(other, &c), MES_OK);
	T_CHECK(c.seq == before && !c.kinds && !c.n_wc && !c.all);

	T_CASE("a change that rolls back leaves no journal entry");
	pf_as(db, "olga", "1111");
	/* olga may not hold an order: refused, and nothing journalled */
	T_CHECK(mes_order_hold(db, "WO-2", "x") != MES_OK);
	T_CHECK_RC(mes_changes_read(other, &c), MES_OK);
	T_CHECK(c.seq == before && !c.kinds);
	T_CHECK(one(db->h, "SELECT count(*) FROM changes WHERE seq > 0") ==
	        one(db->h, "SELECT max(seq) - min(seq) + 1 FROM changes"));

	T_CASE("a journal pruned past a screen's last seq reads everything");
	c.seq = 1;
	pf_sql(DB, "DELETE FROM changes WHERE seq < 5");
	T_CHECK_RC(mes_changes_read(other, &c), MES_OK);
	T_CHECK(c.all && c.seq == one(db->h, "SELECT max(seq) FROM changes"));
	c.seq = -1;
	T_CHECK_RC(mes_changes_read(other, &c), MES_OK);
	T_CHECK(c.all);

	T_CASE("the journal keeps its newest 20,000 entries");
	pf_sql(DB, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	       "FROM n WHERE i < 25000) INSERT INTO changes (kind, row_id) "
	       "SELECT 1, i FROM n");
	T_CHECK(one(db->h, "SELECT count(*) FROM changes") <= 21000);
	T_CHECK(one(db->h, "SELECT count(*) FROM changes") >= 20000);

	T_CASE("a read snapshot sees one committed state: a commit during it "
	       "shows only after it ends");
	T_CHECK_RC(mes_db_read_begin(other), MES_OK);
	before = one(other->h, "SELECT count(*) FROM work_orders WHERE status"
	             " = 'held'");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_hold(db, "WO-2", "tooling"), MES_OK);
	T_CHECK(one(other->h, "SELECT count(*) FROM work_orders WHERE status ="
	            " 'held'") == before);
	mes_db_read_end(other);
	T_CHECK(one(other->h, "SELECT count(*) FROM work_orders WHERE status ="
	            " 'held'") == before + 1);
	mes_db_close(other);
	mes_db_close(db);
}

/* Random changes to orders and operations, in and out of transactions,
 * through raw SQL as any program could make them. */
static void load_counts(void)
{
	static const char *const wo_st[] = { "planned", "released", "running",
	                                     "held", "complete", "cancelled" };
	static const char *const op_st[] = { "waiting", "running", "paused",
	                                     "complete" };
	struct mes_db *db = pf_plant("load.db");
	sqlite3 *h;
	char sql[256];
	int i, bad = 0;

	T_CASE("wc_load equals a full count of open work after 2,000 random "
	       "changes to orders and operations");
	for (i = 0; i < 8; i++) {
		char wo[16];

		snprintf(wo, sizeof wo, "L-%d", i);
		pf_order(db, wo, 5, i % 2);
	}
	mes_db_close(db);
	sqlite3_open(fx_path("load.db"), &h);
	srand(7);
	for (i = 0; i < 2000; i++) {
		int k = rand() % 4;

		if (k == 0)
			snprintf(sql, sizeof sql, "UPDATE work_orders SET status ="
			         " '%s' WHERE wo_no = 'L-%d'", wo_st[rand() % 6],
			         rand() % 8);
		else if (k == 1)
			snprintf(sql, sizeof sql, "UPDATE wo_ops SET wc_id = (SELECT"
			         " id FROM work_centers ORDER BY random() LIMIT 1)"
			         " WHERE id = (SELECT id FROM wo_ops ORDER BY "
			         "random() LIMIT 1)");
		else
			snprintf(sql, sizeof sql, "BEGIN; UPDATE wo_ops SET status"
			         " = '%s' WHERE id = (SELECT id FROM wo_ops ORDER BY"
			         " random() LIMIT 1); UPDATE work_orders SET status ="
			         " '%s' WHERE wo_no = 'L-%d'; COMMIT",
			         op_st[rand() % 4], wo_st[rand() % 6], rand() % 8);
		sqlite3_exec(h, sql, NULL, NULL, NULL);
		bad += load_drift(h) != 0;
	}
	T_CHECK(bad == 0);
	T_CHECK(one(h, "SELECT sum(queued) FROM wc_load") > 0 ||
	        one(h, "SELECT count(*) FROM work_orders WHERE status IN "
	            "('released','running','held')") == 0);
	T_CASE("wc_load follows orders reopened and an operation deleted");
	sqlite3_exec(h, "UPDATE work_orders SET status = 'released'", NULL,
	             NULL, NULL);
	sqlite3_exec(h, "DELETE FROM wo_ops WHERE id = (SELECT min(id) FROM "
	             "wo_ops)", NULL, NULL, NULL);
	T_CHECK(load_drift(h) == 0);
	sqlite3_close(h);
}

int main(void)
{
	journal();
	load_counts();
	return t_report("test_changes");
}
