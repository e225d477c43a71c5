/*
 * Allergens and changeover cleans (core/food/): an item's allergens come
 * up two levels of its bill of materials, "contains" kept apart from "may
 * contain"; a line that ran an allergen refuses an item without it until
 * a clean is recorded (checklist, ATP swab within its limit) and verified
 * by a second person of the quality role; each step is audited and the
 * verification signed.
 */
#include "prodfix.h"
#include "food.h"
#include "schedule.h"
#include "testhelp.h"

#define DB "allergens.db"

struct prof {
	int n;
	char line[8][96];
};

static int take(const struct mes_allergen_of *a, void *ctx)
{
	struct prof *p = ctx;

	if (p->n < 8)
		snprintf(p->line[p->n], sizeof p->line[0], "%s %s %s", a->allergen,
		         a->level, a->via[0] ? a->via : "-");
	p->n++;
	return 0;
}

static void setup(struct mes_db *db)
{
	struct prof p = { 0 };

	pf_as(db, "root", "9999");
	pf_must(mes_item_add(db, "SAUCE", "Cheese sauce", "kg", ""), db, "i");
	pf_must(mes_item_add(db, "FREE", "Free-from bar", "ea", ""), db, "i");
	pf_must(mes_bom_add(db, "P1", "SAUCE", 0.2), db, "bom");
	pf_must(mes_bom_add(db, "SAUCE", "RAW", 1), db, "bom");
	pf_must(mes_routing_op_add(db, "FREE", 10, "SAW", 0, 1, "Mix"), db, "r");

	T_CASE("allergens are quality's to declare, from the plant's list");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_item_allergen(db, "RAW", "MILK", "contains"),
	           MES_ERR_PERM);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_item_allergen(db, "RAW", "CHEESE", "contains"),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_item_allergen(db, "RAW", "MILK", "lots"), MES_ERR_ARG);
	T_CHECK_RC(mes_allergen_add(db, "MILK", "again"), MES_ERR_EXISTS);
	T_CHECK_RC(mes_allergen_add(db, "COCONUT", "Coconut"), MES_OK);
	T_CHECK_RC(mes_item_allergen(db, "RAW", "MILK", "contains"), MES_OK);
	T_CHECK_RC(mes_item_allergen(db, "SAUCE", "SESAME", "may-contain"),
	           MES_OK);
	T_CHECK_RC(mes_item_allergen(db, "SAUCE", "MILK", "may-contain"),
	           MES_OK);

	T_CASE("an allergen comes up two levels of the bill; contains wins");
	T_CHECK_RC(mes_item_allergens(db, "P1", take, &p), MES_OK);
	T_CHECK(p.n == 2);
	T_CHECK_STR(p.line[0], "MILK contains SAUCE");
	T_CHECK_STR(p.line[1], "SESAME may-contain SAUCE");
	memset(&p, 0, sizeof p);
	T_CHECK_RC(mes_item_allergens(db, "FREE", take, &p), MES_OK);
	T_CHECK(p.n == 0);
	T_CHECK_RC(mes_item_allergen(db, "SAUCE", "MILK", NULL), MES_OK);
}

static const char *status(const char *wo)
{
	static char q[200];

	snprintf(q, sizeof q, "SELECT o.status FROM wo_ops o JOIN work_orders w"
	         " ON w.id = o.wo_id WHERE w.wo_no = '%s' AND o.seq = 10", wo);
	return pf_text(DB, q);
}

static void line(struct mes_db *db)
{
	long long id = 0;

	pf_order(db, "WO-A", 10, 1);
	pf_order(db, "WO-A2", 10, 1);
	pf_as(db, "root", "9999");
	pf_must(mes_order_add(db, "WO-F", "FREE", 10, "2026-01-05",
	                      "2026-01-09", 5), db, "wo");
	pf_must(mes_order_release(db, "WO-F"), db, "rel");

	T_CASE("a clean line runs anything; what ran is what it carries");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-A", 10, NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM wc_allergens") == 2);
	T_CHECK_RC(mes_op_start(db, "WO-A2", 10, NULL), MES_OK);

	T_CASE("a free-from item after it is refused, saying what to do");
	T_CHECK_RC(mes_op_start(db, "WO-F", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "SAW carries MILK, SESAME from WO-A2/10, "
	            "which FREE must not: record a changeover clean");
	T_CHECK(!strcmp(status("WO-F"), "waiting"));

	T_CASE("a clean needs its checklist and its swab within the limit");
	T_CHECK_RC(mes_changeover_record(db, "SAW", "", 40, &id), MES_ERR_ARG);
	T_CHECK_RC(mes_changeover_record(db, "SAW", "washed", -1, &id),
	           MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "ATP");
	T_CHECK_RC(mes_changeover_record(db, "SAW", "washed", 420, &id),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "above 150");
	T_CHECK(pf_num(DB, "SELECT count(*) FROM changeovers WHERE status = "
	        "'failed' AND atp_rlu = 420") == 1);
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_changeover_verify(db, "SAW", "quinn", "4444"),
	           MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "no clean waiting");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_changeover_record(db, "SAW", "dismantled, washed, "
	           "sanitised, inspected", 42, &id), MES_OK);
	T_CHECK(id > 0);
	T_CHECK_RC(mes_op_start(db, "WO-F", 10, NULL), MES_ERR_STATE);

	T_CASE("a second person of the quality role verifies it, signed");
	T_CHECK_RC(mes_changeover_verify(db, "SAW", "olga", "1111"),
	           MES_ERR_PERM);
	T_CHECK_HAS(mes_db_errmsg(db), "a second person");
	T_CHECK_RC(mes_changeover_verify(db, "SAW", "luis", "2222"),
	           MES_ERR_PERM);
	T_CHECK_RC(mes_changeover_verify(db, "SAW", "quinn", "0000"),
	           MES_ERR_AUTH);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM wc_allergens") == 2);
	T_CHECK_RC(mes_changeover_verify(db, "SAW", "quinn", "4444"), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM wc_allergens") == 0);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM changeovers c JOIN signatures"
	        " s ON s.id = c.signature_id WHERE c.status = 'verified' AND "
	        "s.meaning = 'changeover verified'") == 1);

	T_CASE("then the free-from item starts");
	T_CHECK_RC(mes_op_start(db, "WO-F", 10, NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM audit WHERE action IN "
	        "('changeover.record', 'changeover.fail', 'changeover.verify')")
	        == 3);
}

static int count_lot(const struct mes_allergen_lot *l, void *ctx)
{
	char *seen = ctx;

	strcat(seen, l->lot_no);
	strcat(seen, l->level[0] == 'c' ? "+ " : "? ");
	return 0;
}

static void recall(struct mes_db *db)
{
	char seen[256] = "";

	pf_sql(DB, "INSERT INTO lots (lot_no, item_id, status, created) SELECT "
	       "'R-1', id, 'released', '2026-03-01T08:00:00.000Z' FROM items WHERE "
	       "item_no = 'RAW'; INSERT INTO lots (lot_no, item_id, status, "
	       "created) SELECT 'P-1', id, 'released', '2026-03-02T08:00:00.000Z' "
	       "FROM items WHERE item_no = 'P1'; INSERT INTO lots (lot_no, "
	       "item_id, status, created) SELECT 'P-0', id, 'released', "
	       "'2026-01-02T08:00:00.000Z' FROM items WHERE item_no = 'P1'; "
	       "INSERT INTO lots (lot_no, item_id, status, created) SELECT 'F-1',"
	       " id, 'released', '2026-03-02T09:00:00.000Z' FROM items WHERE "
	       "item_no = 'FREE'");

	T_CASE("a recall by allergen and dates: every lot it is in, up the bill");
	T_CHECK_RC(mes_allergen_lots(db, "MILK", "2026-02-01", "2026-03-31",
	                             count_lot, seen), MES_OK);
	T_CHECK_STR(seen, "R-1+ P-1+ ");
	seen[0] = '\0';
	T_CHECK_RC(mes_allergen_lots(db, "SESAME", NULL, NULL, count_lot, seen),
	           MES_OK);
	T_CHECK_STR(seen, "P-0? P-1? ");
	T_CHECK_RC(mes_allergen_lots(db, "MILK", "March", NULL, count_lot, seen),
	           MES_ERR_ARG);
}

/* Minutes from the first planned start on MIX to the last planned end,
 * and whether the free-from order runs before both milk ones. */
static void plan_of(long long *span, int *free_first)
{
	*span = (long long)pf_num("asched.db", "SELECT (julianday(max("
	        "plan_end)) - julianday(min(plan_start))) * 1440 + 0.5 FROM "
	        "wo_ops");
	*free_first = pf_num("asched.db", "SELECT (SELECT plan_start FROM "
	                     "wo_ops o JOIN work_orders w ON w.id = o.wo_id "
	                     "WHERE w.wo_no = 'F1') < (SELECT min(plan_start) "
	                     "FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id"
	                     " WHERE w.wo_no LIKE 'M%')") == 1;
}

static void sequencing(void)
{
	struct mes_db *db = fx_new_db("asched.db");
	struct mes_schedule_opts o;
	struct mes_schedule_report r;
	long long span;
	int free_first;

	pf_must(mes_wc_add(db, "MIX", "Mixer", 1), db, "wc");
	pf_must(mes_item_add(db, "CREAM", "Cream sauce", "kg", "sauce"), db, "i");
	pf_must(mes_item_add(db, "VEG", "Free-from sauce", "kg", "sauce"), db,
	        "i");
	pf_must(mes_routing_op_add(db, "CREAM", 10, "MIX", 0, 1, "Mix"), db, "r");
	pf_must(mes_routing_op_add(db, "VEG", 10, "MIX", 0, 1, "Mix"), db, "r");
	pf_must(mes_item_allergen(db, "CREAM", "MILK", "contains"), db, "a");
	pf_must(mes_order_add(db, "M1", "CREAM", 60, "2026-01-05", "2099-01-01",
	                      5), db, "wo");
	pf_must(mes_order_add(db, "M2", "CREAM", 60, "2026-01-05", "2099-01-02",
	                      5), db, "wo");
	pf_must(mes_order_add(db, "F1", "VEG", 60, "2026-01-05", "2099-01-01",
	                      5), db, "wo");
	pf_must(mes_order_release(db, "M1"), db, "rel");
	pf_must(mes_order_release(db, "M2"), db, "rel");
	pf_must(mes_order_release(db, "F1"), db, "rel");
	mes_schedule_opts_default(&o);
	o.objective = MES_SCHED_MAKESPAN;
	o.iterations = 200;
	o.seed = 7;

	T_CASE("asked to, the scheduler runs the free-from order before milk");
	o.allergens = 1;
	T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
	plan_of(&span, &free_first);
	T_CHECK(free_first);
	T_CHECK(span == 180);

	T_CASE("... where a milk-first plan pays the changeover clean");
	pf_sql("asched.db", "UPDATE work_orders SET due_date = '2026-01-06' "
	       "WHERE wo_no = 'M1'");
	o.objective = MES_SCHED_TARDINESS;
	T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
	plan_of(&span, &free_first);
	T_CHECK(!free_first && span == 180 + 30);

	T_CASE("... and without being asked, no clean is planned at all");
	o.allergens = 0;
	T_CHECK_RC(mes_schedule_run(db, &o, &r), MES_OK);
	plan_of(&span, &free_first);
	T_CHECK(span == 180);
	mes_db_close(db);
}

int main(void)
{
	struct mes_db *db = pf_plant(DB);

	setup(db);
	line(db);
	recall(db);
	sequencing();
	mes_db_close(db);
	return t_report("test_allergens");
}
