/* Skills and the lead's override, work instructions, alternative work
 * centers, andon calls and the master data behind them. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "prodfix.h"
#include "testhelp.h"

#define DB "skills.db"

static void day(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Order wo with operation 10 done, so operation 20 (CNC1) may start. */
static void at_op20(struct mes_db *db, const char *wo)
{
	pf_order(db, wo, 10, 1);
	pf_as(db, "luis", "2222");
	pf_must(mes_op_start(db, wo, 10, NULL), db, "start 10");
	pf_must(mes_op_report(db, wo, 10, 10, 0, NULL), db, "report 10");
	pf_must(mes_op_complete(db, wo, 10), db, "complete 10");
}

static void skills(struct mes_db *db)
{
	char past[11], today[11];
	struct pf_audit a;

	pf_as(db, "root", "9999");
	pf_must(mes_skill_add(db, "MILL-3", "3-axis milling"), db, "skill");
	T_CASE("a skill is added once; granting checks user, skill, date");
	T_CHECK_RC(mes_skill_add(db, "MILL-3", "again"), MES_ERR_EXISTS);
	T_CHECK_RC(mes_skill_grant(db, "nobody", "MILL-3", NULL),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_skill_grant(db, "olga", "NOSKILL", NULL),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_skill_grant(db, "olga", "MILL-3", "2026-02-30"),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_routing_op_set_skill(db, "P1", 20, "NOSKILL"),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_routing_op_set_skill(db, "P1", 20, "MILL-3"), MES_OK);

	T_CASE("starting without the skill is refused, naming it");
	at_op20(db, "WO-S1");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-S1", 20, NULL), MES_ERR_PERM);
	T_CHECK_HAS(mes_db_errmsg(db), "MILL-3");
	T_CHECK_HAS(mes_db_errmsg(db), "does not hold");
	T_CHECK(pf_audit_last(DB, "denied", &a));
	T_CHECK_STR(a.key, "WO-S1/20");
	T_CHECK_HAS(a.reason, "MILL-3");

	T_CASE("an expired certificate is refused, naming the expiry");
	day(-1, past);
	pf_as(db, "root", "9999");
	T_CHECK_RC(mes_skill_grant(db, "olga", "MILL-3", past), MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-S1", 20, NULL), MES_ERR_PERM);
	T_CHECK_HAS(mes_db_errmsg(db), "expired on");
	T_CHECK_HAS(mes_db_errmsg(db), past);

	T_CASE("a certificate is good through its expiry day");
	day(0, today);
	pf_as(db, "root", "9999");
	T_CHECK_RC(mes_skill_grant(db, "olga", "MILL-3", today), MES_OK);
	T_CHECK(pf_audit_last(DB, "skill.grant", &a));
	T_CHECK_HAS(a.old_value, past);
	T_CHECK_HAS(a.new_value, today);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-S1", 20, NULL), MES_OK);
}

static double sig_count(void)
{
	return pf_num(DB, "SELECT count(*) FROM signatures");
}

static void override(struct mes_db *db)
{
	struct mes_signature s;
	struct pf_audit a;
	double n;

	at_op20(db, "WO-S2");
	pf_as(db, "luis", "2222");
	T_CASE("an override needs a reason and a lead's right PIN");
	T_CHECK_RC(mes_op_start(db, "WO-S2", 20, NULL), MES_ERR_PERM);
	n = sig_count();
	T_CHECK_RC(mes_op_start_override(db, "WO-S2", 20, NULL, "lena",
	                                 "3333", ""), MES_ERR_ARG);
	T_CHECK_RC(mes_op_start_override(db, "WO-S2", 20, NULL, "lena",
	                                 "0000", "rush"), MES_ERR_AUTH);
	T_CHECK(sig_count() == n);

	T_CASE("the signer must hold the lead role");
	T_CHECK_RC(mes_op_start_override(db, "WO-S2", 20, NULL, "olga",
	                                 "1111", "rush"), MES_ERR_PERM);
	T_CHECK_HAS(mes_db_errmsg(db), "lead");

	T_CASE("a lead cannot override a skill for themself");
	T_CHECK_RC(mes_op_start_override(db, "WO-S2", 20, NULL, "luis",
	                                 "2222", "rush"), MES_ERR_PERM);
	T_CHECK_RC(mes_op_start_override(db, "WO-S2", 20, NULL, "B2",
	                                 "2222", "rush"), MES_ERR_PERM);
	T_CHECK(sig_count() == n);

	T_CASE("another lead signs: it starts, signed and audited");
	T_CHECK_RC(mes_op_start_override(db, "WO-S2", 20, NULL, "lena",
	                                 "3333", "certified welder ill"),
	           MES_OK);
	T_CHECK(sig_count() == n + 1);
	T_CHECK(pf_audit_last(DB, "op.start.override", &a));
	T_CHECK_STR(a.login, "luis");
	T_CHECK_HAS(a.new_value, "\"override_by\":\"lena\"");
	T_CHECK_HAS(a.reason, "certified welder ill");
	T_CHECK_RC(mes_sign_get(db, (long long)pf_num(DB, "SELECT max(id) "
	                        "FROM signatures"), &s), MES_OK);
	T_CHECK_STR(s.meaning, "skill override");
	T_CHECK_STR(s.tbl, "wo_ops");
	T_CHECK_STR(s.printed_name, "Lena Berg");

	T_CASE("an override is no way around the other rules");
	pf_order(db, "WO-S3", 10, 1);
	pf_as(db, "luis", "2222");
	n = sig_count();
	T_CHECK_RC(mes_op_start_override(db, "WO-S3", 20, NULL, "lena",
	                                 "3333", "rush"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "operation 10");
	T_CHECK(sig_count() == n);

	T_CASE("no override for someone who holds the skill");
	at_op20(db, "WO-S4");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start_override(db, "WO-S4", 20, NULL, "lena",
	                                 "3333", "rush"), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "without an override");
}

static void instructions(struct mes_db *db)
{
	struct mes_instruction ins;
	int rev = 0;

	T_CASE("revisions count 1, 2, ... per routing operation");
	pf_as(db, "root", "9999");
	T_CHECK_RC(mes_instruction_set(db, "P1", 10, "Cut to 200 mm", &rev),
	           MES_OK);
	T_CHECK(rev == 1);
	T_CHECK_RC(mes_instruction_set(db, "P1", 10, "Cut to 210 mm", &rev),
	           MES_OK);
	T_CHECK(rev == 2);
	T_CHECK_RC(mes_instruction_set(db, "P1", 99, "x", &rev),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_instruction_set(db, "P1", 10, "", &rev), MES_ERR_ARG);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_instruction_set(db, "P1", 10, "mine", &rev),
	           MES_ERR_PERM);

	T_CASE("the newest revision shows, not yet acknowledged");
	pf_order(db, "WO-I1", 10, 1);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_instruction_get(db, "WO-I1", 10, &ins), MES_OK);
	T_CHECK(ins.revision == 2 && !ins.acknowledged);
	T_CHECK_STR(ins.body, "Cut to 210 mm");
	mes_instruction_free(&ins);

	T_CASE("the first start after a new revision wants an acknowledgement");
	T_CHECK_RC(mes_op_start(db, "WO-I1", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "revision 2");
	T_CHECK_HAS(mes_db_errmsg(db), "acknowledge");
	T_CHECK_RC(mes_instruction_ack(db, "WO-I1", 10), MES_OK);
	T_CHECK_RC(mes_instruction_get(db, "WO-I1", 10, &ins), MES_OK);
	T_CHECK(ins.acknowledged);
	mes_instruction_free(&ins);
	T_CHECK_RC(mes_op_start(db, "WO-I1", 10, NULL), MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM instruction_acks") == 1);

	T_CASE("a later revision asks again; others ask their own users");
	pf_order(db, "WO-I2", 10, 1);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-I2", 10, NULL), MES_OK);
	pf_order(db, "WO-I3", 10, 1);
	T_CHECK_RC(mes_instruction_set(db, "P1", 10, "Cut to 220 mm", &rev),
	           MES_OK);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-I3", 10, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "revision 3");
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_op_start(db, "WO-I3", 10, NULL), MES_ERR_STATE);
	T_CHECK_RC(mes_instruction_ack(db, "WO-I3", 10), MES_OK);
	T_CHECK_RC(mes_op_start(db, "WO-I3", 10, NULL), MES_OK);

	T_CASE("nothing to acknowledge where there is no instruction");
	T_CHECK_RC(mes_instruction_ack(db, "WO-I3", 30), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_instruction_get(db, "WO-I3", 30, &ins), MES_OK);
	T_CHECK(ins.revision == 0 && ins.body == NULL);
}

static void alternatives(struct mes_db *db)
{
	T_CASE("an allowed alternative work center takes the operation");
	pf_as(db, "root", "9999");
	pf_must(mes_routing_op_set_skill(db, "P1", 20, NULL), db, "noskill");
	at_op20(db, "WO-A1");
	pf_as(db, "olga", "1111");
	/* Clocked on three already: the labor limit is not this test's. */
	pf_must(mes_labor_off(db, "WO-S1", 20), db, "off");
	pf_must(mes_labor_off(db, "WO-I1", 10), db, "off");
	pf_must(mes_labor_off(db, "WO-I2", 10), db, "off");
	T_CHECK_RC(mes_op_start(db, "WO-A1", 20, "SAW"), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "allowed alternatives: CNC2");
	T_CHECK_RC(mes_op_start(db, "WO-A1", 20, "NOWC"), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_op_start(db, "WO-A1", 20, "CNC2"), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT c.code FROM wo_ops o JOIN work_orders"
	                    " w ON w.id = o.wo_id JOIN work_centers c ON c.id"
	                    " = o.wc_id WHERE w.wo_no = 'WO-A1' AND o.seq = "
	                    "20"), "CNC2");
	T_CHECK(pf_num(DB, "SELECT o.run_min FROM wo_ops o JOIN work_orders w"
	               " ON w.id = o.wo_id WHERE w.wo_no = 'WO-A1' AND "
	               "o.seq = 20") == 3.5);

	T_CASE("the planned work center, named, is fine too");
	at_op20(db, "WO-A2");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_start(db, "WO-A2", 20, "CNC1"), MES_OK);
}

struct andon_seen {
	int n;
	struct mes_andon last;
};

static int andon_cb(const struct mes_andon *a, void *ctx)
{
	struct andon_seen *s = ctx;

	s->n++;
	s->last = *a;
	return 0;
}

static void andon(struct mes_db *db)
{
	struct andon_seen seen;
	long long id = 0, id2 = 0;

	T_CASE("andon: raise checks kind and work center, one open per kind");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_andon_raise(db, "SAW", "coffee", "", &id), MES_ERR_ARG);
	T_CHECK_RC(mes_andon_raise(db, "NOWC", "lead", "", &id),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_andon_raise(db, "SAW", "maintenance", "blade noise",
	                           &id), MES_OK);
	T_CHECK(id > 0);
	T_CHECK_RC(mes_andon_raise(db, "SAW", "maintenance", "", &id2),
	           MES_ERR_EXISTS);
	T_CHECK_RC(mes_andon_raise(db, "SAW", "material", "", &id2), MES_OK);

	T_CASE("open calls are listed with who and when");
	memset(&seen, 0, sizeof seen);
	T_CHECK_RC(mes_andon_each(db, 1, andon_cb, &seen), MES_OK);
	T_CHECK(seen.n == 2);
	T_CHECK_STR(seen.last.raised_by, "olga");
	T_CHECK(strlen(seen.last.raised_ts) == 24);

	T_CASE("take records who took it; a taken call is not taken again");
	pf_as(db, "quinn", "4444");
	T_CHECK_RC(mes_andon_take(db, id), MES_OK);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(mes_andon_take(db, id), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "quinn took");
	T_CHECK_RC(mes_andon_take(db, 9999), MES_ERR_NOTFOUND);

	T_CASE("close records the time; closed calls leave the open list");
	T_CHECK_RC(mes_andon_close(db, id, "blade changed"), MES_OK);
	T_CHECK_RC(mes_andon_close(db, id, ""), MES_ERR_STATE);
	T_CHECK_RC(mes_andon_take(db, id), MES_ERR_STATE);
	memset(&seen, 0, sizeof seen);
	T_CHECK_RC(mes_andon_each(db, 1, andon_cb, &seen), MES_OK);
	T_CHECK(seen.n == 1 && seen.last.id == id2);
	memset(&seen, 0, sizeof seen);
	T_CHECK_RC(mes_andon_each(db, 0, andon_cb, &seen), MES_OK);
	T_CHECK(seen.n == 2);
	T_CHECK_RC(mes_andon_raise(db, "SAW", "maintenance", "", &id2),
	           MES_OK);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM andon_calls WHERE id = 1 "
	               "AND taken_ts <= closed_ts AND raised_ts <= taken_ts "
	               "AND taken_by = (SELECT id FROM users WHERE login = "
	               "'quinn')") == 1);
	T_CHECK_HAS(pf_text(DB, "SELECT note FROM andon_calls WHERE id = 1"),
	            "blade noise / blade changed");
}

static void master(struct mes_db *db)
{
	T_CASE("shifts: end after start, no overlap; a night is two entries");
	pf_as(db, "root", "9999");
	T_CHECK_RC(mes_shift_add(db, "SAW", 0, 360, 840, "early"), MES_OK);
	T_CHECK_RC(mes_shift_add(db, "SAW", 0, 840, 1320, "late"), MES_OK);
	T_CHECK_RC(mes_shift_add(db, "SAW", 0, 800, 900, "x"), MES_ERR_EXISTS);
	T_CHECK_RC(mes_shift_add(db, "SAW", 0, 900, 800, "x"), MES_ERR_RANGE);
	T_CHECK_RC(mes_shift_add(db, "SAW", 7, 0, 60, "x"), MES_ERR_RANGE);
	T_CHECK_RC(mes_shift_add(db, "SAW", 0, 1320, 1440, "night"), MES_OK);
	T_CHECK_RC(mes_shift_add(db, "SAW", 1, 0, 360, "night"), MES_OK);

	T_CASE("reason codes: known kinds, unique codes");
	T_CHECK_RC(mes_reason_add(db, "X1", "fun", "x"), MES_ERR_ARG);
	T_CHECK_RC(mes_reason_add(db, "DIM", "scrap", "again"), MES_ERR_EXISTS);
	T_CHECK_RC(mes_reason_add(db, "", "scrap", "x"), MES_ERR_ARG);
	T_CHECK_RC(mes_reason_add(db, "ELEC", "downtime", "Electrical"),
	           MES_OK);

	T_CASE("bill of material: known items, positive quantity, no loop");
	T_CHECK_RC(mes_bom_add(db, "P1", "RAW", 0.25), MES_OK);
	T_CHECK_RC(mes_bom_add(db, "P1", "RAW", 0.5), MES_ERR_EXISTS);
	T_CHECK_RC(mes_bom_add(db, "P1", "P1", 1), MES_ERR_ARG);
	T_CHECK_RC(mes_bom_add(db, "P1", "NOPE", 1), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_bom_add(db, "RAW", "P1", 0), MES_ERR_RANGE);

	T_CASE("alternatives: not the planned work center itself");
	T_CHECK_RC(mes_routing_alt_add(db, "P1", 20, "CNC1", 3), MES_ERR_ARG);
	T_CHECK_RC(mes_routing_alt_add(db, "P1", 20, "CNC2", 3),
	           MES_ERR_EXISTS);
	T_CHECK_RC(mes_routing_alt_add(db, "P1", 40, "CNC2", 3),
	           MES_ERR_NOTFOUND);

	T_CASE("an operator changes no master data");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_shift_add(db, "SAW", 2, 0, 60, "x"), MES_ERR_PERM);
	T_CHECK_RC(mes_skill_add(db, "S", "s"), MES_ERR_PERM);
}

int main(void)
{
	struct mes_db *db = pf_plant(DB);

	skills(db);
	override(db);
	instructions(db);
	alternatives(db);
	andon(db);
	master(db);
	mes_db_close(db);
	return t_report("test_skills");
}
