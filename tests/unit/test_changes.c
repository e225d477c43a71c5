/*
 * The change journal screens refresh from, and the queue counts the
 * triggers keep: a change and its journal entry commit together, a
 * reader learns exactly what another process touched, a gap reads all,
 * wc_load always equals a full count of the open work, and each
 * operation's copy of its order's queue key always equals the order's.
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

/* Operations whose copy of their order's key or openness is wrong. */
static long long key_drift(sqlite3 *h)
{
	return one(h, "SELECT count(*) FROM wo_ops o JOIN work_orders w ON "
	           "w.id = o.wo_id WHERE o.q_open <> (w.status IN ('released',"
	           "'running','held')) OR o.q_priority <> w.priority OR o.q_due"
	           " <> w.due_date OR o.q_wo_no <> w.wo_no");
}

/* Work centers whose kept queued minutes differ from a full sum. */
static long long minutes_drift(sqlite3 *h)
{
	return one(h, "SELECT count(*) FROM work_centers c LEFT JOIN wc_load l"
	           " ON l.wc_id = c.id WHERE abs(ifnull(l.queued_min, -1) - "
	           "ifnull((SELECT sum(o.run_min * max(w.qty - o.qty_good - "
	           "o.qty_scrap, 0) + CASE WHEN ifnull(o.actual_start, '') = '' "
	           "THEN o.setup_min ELSE 0 END) FROM wo_ops o JOIN work_orders "
	           "w ON w.id = o.wo_id WHERE o.wc_id = c.id AND o.status IN "
	           "('waiting','running','paused') AND w.status IN ('released',"
	           "'running','held')), 0)) > 1e-6");
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

static int add_hours(const struct mes_board_op *op, void *ctx)
{
	double *h = ctx, left = op->qty - op->good - op->scrap;

	*h += (op->run_min * (left > 0 ? left : 0) +
	       (op->actual_start[0] ? 0 : op->setup_min)) / 60.0;
	return 0;
}

/* Work centers whose summed hours differ from their queue's, row by row. */
static int hours_drift(const char *file)
{
	static const char *const wcs[] = { "SAW", "CNC1", "CNC2", "WELD" };
	struct mes_settings s;
	struct mes_wc_info wc;
	struct mes_db *db;
	double got, want;
	int i, bad = 0;

	fx_settings(&s);
	if (mes_db_open(&db, fx_path(file), 0, &s) != MES_OK)
		return -1;
	for (i = 0; i < 4; i++) {
		want = 0;
		got = -1;
		if (mes_board_queue(db, wcs[i], 0, add_hours, &want) != MES_OK ||
		    mes_board_wc(db, wc_id(db, wcs[i]), &wc) != MES_OK ||
		    (got = wc.queued_h) < want - 1e-9 || got > want + 1e-9)
			bad++;
	}
	mes_db_close(db);
	return bad;
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
	int i, bad = 0, kbad = 0, mbad = 0;

	T_CASE("wc_load equals a full count and sum of open work, and each "
	       "operation carries its order's queue key, after 2,000 random "
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
		int k = rand() % 7;

		if (k == 5)
			snprintf(sql, sizeof sql, "UPDATE wo_ops SET qty_good = %d,"
			         " qty_scrap = %d, actual_start = %s WHERE id = "
			         "(SELECT id FROM wo_ops ORDER BY random() LIMIT 1)",
			         rand() % 7, rand() % 2, rand() % 2 ? "NULL" :
			         "'2026-01-05T08:00'");
		else if (k == 6)
			snprintf(sql, sizeof sql, "UPDATE work_orders SET qty = %d "
			         "WHERE wo_no = 'L-%d'", rand() % 9 + 1, rand() % 8);
		else if (k == 4)
			snprintf(sql, sizeof sql, "UPDATE work_orders SET priority"
			         " = %d, due_date = '2026-02-%02d' WHERE wo_no = "
			         "'L-%d'", rand() % 9 + 1, rand() % 28 + 1,
			         rand() % 8);
		else if (k == 0)
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
		/* A change a rule refuses leaves its transaction open: it
		 * is rolled back, as the program making it would. */
		if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK &&
		    !sqlite3_get_autocommit(h))
			sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		bad += load_drift(h) != 0;
		kbad += key_drift(h) != 0;
		mbad += minutes_drift(h) != 0;
	}
	T_CHECK(bad == 0);
	T_CHECK(kbad == 0);
	T_CHECK(mbad == 0);
	T_CHECK(one(h, "SELECT sum(queued) FROM wc_load") > 0 ||
	        one(h, "SELECT count(*) FROM work_orders WHERE status IN "
	            "('released','running','held')") == 0);
	T_CASE("wc_load follows orders reopened and an operation deleted");
	sqlite3_exec(h, "UPDATE work_orders SET status = 'released'", NULL,
	             NULL, NULL);
	sqlite3_exec(h, "DELETE FROM wo_ops WHERE id = (SELECT min(id) FROM "
	             "wo_ops)", NULL, NULL, NULL);
	T_CHECK(load_drift(h) == 0);
	T_CHECK(minutes_drift(h) == 0);
	T_CASE("an operation added or moved to another order takes its key");
	sqlite3_exec(h, "INSERT INTO wo_ops (wo_id, seq, wc_id) SELECT w.id, "
	             "99, (SELECT min(id) FROM work_centers) FROM work_orders w"
	             " WHERE wo_no = 'L-3'; UPDATE wo_ops SET wo_id = (SELECT "
	             "id FROM work_orders WHERE wo_no = 'L-5') WHERE seq = 10 "
	             "AND wo_id = (SELECT id FROM work_orders WHERE wo_no = "
	             "'L-4')", NULL, NULL, NULL);
	T_CHECK(one(h, "SELECT count(*) FROM wo_ops WHERE seq = 99") == 1);
	T_CHECK(key_drift(h) == 0);
	T_CASE("a work center's hours are its queue's, summed: started and "
	       "reported operations, held and closed orders");
	T_CHECK(sqlite3_exec(h, "UPDATE work_orders SET status = 'released' "
	        "WHERE wo_no IN ('L-0', 'L-1'); UPDATE wo_ops SET qty_good = 2,"
	        " qty_scrap = 1, actual_start = '2026-01-05T08:00' WHERE id % 3"
	        " = 0; UPDATE wo_ops SET qty_good = 9 WHERE id % 7 = 0", NULL,
	        NULL, NULL) == SQLITE_OK || !fprintf(stderr, "%s\n",
	        sqlite3_errmsg(h)));
	T_CHECK(one(h, "SELECT count(*) FROM wo_ops o JOIN work_orders w ON "
	            "w.id = o.wo_id WHERE o.status <> 'complete' AND w.status "
	            "IN ('released','running','held')") > 0);
	T_CHECK(hours_drift("load.db") == 0);
	T_CHECK(minutes_drift(h) == 0);
	sqlite3_close(h);
}

struct names {
	char wo[16][33];
	int n;
};

static int take_name(const struct mes_board_op *op, void *ctx)
{
	struct names *q = ctx;

	if (q->n < 16)
		str_copy(q->wo[q->n++], sizeof q->wo[0], op->wo_no);
	return 0;
}

/* SAW's queue through the board, against the order it must have. */
static int queue_is(struct mes_db *db, int limit, const char *want)
{
	struct names q = { .n = 0 };
	char got[256] = "";
	int i;

	if (mes_board_queue(db, "SAW", limit, take_name, &q) != MES_OK)
		return 0;
	for (i = 0; i < q.n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, q.wo[i]);
	}
	if (strcmp(got, want))
		fprintf(stderr, "queue: got \"%s\", want \"%s\"\n", got, want);
	return !strcmp(got, want);
}

static void queue_order(void)
{
	struct mes_db *db = pf_plant("queue.db"), *other;
	struct mes_settings s;

	T_CASE("waiting work without a plan queues by priority, due date and "
	       "number; a planned (unreleased) order is not in the queue");
	pf_order(db, "Q-3", 5, 1);
	pf_order(db, "Q-1", 5, 1);
	pf_order(db, "Q-2", 5, 1);
	pf_order(db, "Q-0", 5, 0);
	T_CHECK(queue_is(db, 0, "Q-1 Q-2 Q-3"));
	T_CHECK(queue_is(db, 2, "Q-1 Q-2"));

	T_CASE("another process's priority, due date and un-release move or "
	       "take away the rows at once; a held order keeps its place");
	fx_settings(&s);
	T_CHECK_RC(mes_db_open(&other, fx_path("queue.db"), 0, &s), MES_OK);
	pf_sql("queue.db", "UPDATE work_orders SET priority = 1 WHERE wo_no ="
	       " 'Q-3'");
	T_CHECK(queue_is(other, 0, "Q-3 Q-1 Q-2"));
	T_CHECK(queue_is(other, 1, "Q-3"));
	pf_sql("queue.db", "UPDATE work_orders SET due_date = '2026-01-06' "
	       "WHERE wo_no = 'Q-2'");
	T_CHECK(queue_is(other, 0, "Q-3 Q-2 Q-1"));
	pf_sql("queue.db", "UPDATE work_orders SET status = 'planned' WHERE "
	       "wo_no = 'Q-3'");
	T_CHECK(queue_is(other, 0, "Q-2 Q-1"));
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_order_hold(db, "Q-2", "no material"), MES_OK);
	T_CHECK(queue_is(other, 0, "Q-2 Q-1"));
	pf_sql("queue.db", "UPDATE work_orders SET status = 'released' WHERE "
	       "wo_no IN ('Q-0', 'Q-3')");
	T_CHECK(queue_is(other, 0, "Q-3 Q-2 Q-0 Q-1"));
	mes_db_close(other);
	mes_db_close(db);
}

int main(void)
{
	journal();
	load_counts();
	queue_order();
	return t_report("test_changes");
}
