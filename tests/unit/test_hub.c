/* The plant's outbox to a central store: written with the change, only
 * once attached, in commit order; the centre's mark noted and pruned. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "fixture.h"
#include "hub.h"
#include "prod.h"
#include "testhelp.h"

struct seen { long long last, n; int ordered; char body[512]; };

static int take(const struct mes_event *e, void *ctx)
{
	struct seen *s = ctx;

	s->ordered &= e->seq > s->last && e->ref > 0 && !strcmp(e->kind, "audit");
	s->last = e->seq;
	s->n++;
	snprintf(s->body, sizeof s->body, "%s", e->body);
	return 0;
}

int main(void)
{
	struct mes_db *db = fx_new_db("hub.db"), *other;
	const char *path = fx_path("hub.db");
	struct mes_hub_state st;
	struct seen s;
	long long audits, pruned = -1;
	int i;

	T_CASE("a plant not attached writes no events and pays nothing");
	T_CHECK_RC(mes_wc_add(db, "WC1", "cell", 1), MES_OK);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox") == 0);
	T_CHECK_RC(mes_hub_state(db, &st), MES_OK);
	T_CHECK(!st.attached);
	T_CHECK_RC(mes_hub_note(db, 0, 7, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "mesctl hub attach");

	T_CASE("attach is an admin's, with a plant id of letters, digits, - _");
	T_CHECK_RC(mes_hub_attach(db, "north plant"), MES_ERR_ARG);
	T_CHECK_RC(mes_hub_attach(db, ""), MES_ERR_ARG);
	T_CHECK_RC(mes_user_add(db, "olga", "Olga", MES_ROLE_OPERATOR, NULL,
	                        "1111"), MES_OK);
	mes_db_open(&other, path, 0, NULL);
	T_CHECK_RC(mes_login_pin(other, "olga", "1111"), MES_OK);
	T_CHECK_RC(mes_hub_attach(other, "north"), MES_ERR_PERM);
	mes_db_close(other);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM hub") == 0);

	T_CASE("attaching puts the whole trail so far in the outbox, in order");
	T_CHECK_RC(mes_hub_attach(db, "north-1"), MES_OK);
	audits = fx_raw_count(path, "SELECT count(*) FROM audit");
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox") == audits);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox WHERE seq = ref")
	        == audits);
	T_CHECK_RC(mes_hub_attach(db, "again"), MES_ERR_EXISTS);
	T_CHECK_HAS(mes_db_errmsg(db), "as north-1");

	T_CASE("each audited change adds its event in the same transaction");
	T_CHECK_RC(mes_wc_add(db, "WC2", "cell two", 1), MES_OK);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox") == audits + 1);
	/* a refused change leaves neither the row, the record nor the event */
	T_CHECK(mes_wc_add(db, "WC2", "again", 1) != MES_OK);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox") ==
	        fx_raw_count(path, "SELECT count(*) FROM audit"));
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox o JOIN audit a ON "
	                  "a.seq = o.ref WHERE json_extract(o.body, '$.hash') "
	                  "= a.hash AND json_extract(o.body, '$.prev_hash') = "
	                  "a.prev_hash") == fx_raw_count(path, "SELECT count(*) "
	                  "FROM audit"));

	T_CASE("events are read past a mark, oldest first, up to a limit");
	memset(&s, 0, sizeof s);
	s.ordered = 1;
	T_CHECK_RC(mes_outbox_each(db, 2, 3, take, &s), MES_OK);
	T_CHECK(s.n == 3 && s.ordered && s.last == 5);
	memset(&s, 0, sizeof s);
	s.ordered = 1;
	T_CHECK_RC(mes_outbox_each(db, 0, 100000, take, &s), MES_OK);
	T_CHECK(s.ordered && s.n == fx_raw_count(path, "SELECT count(*) FROM outbox"));
	T_CHECK_HAS(s.body, "\"action\":\"");
	T_CHECK_RC(mes_outbox_each(db, 0, 10, NULL, NULL), MES_ERR_ARG);

	T_CASE("the state says how far the centre is, and since when");
	T_CHECK_RC(mes_hub_state(db, &st), MES_OK);
	T_CHECK(st.attached && !strcmp(st.plant_id, "north-1"));
	T_CHECK(st.pending == st.last_seq && !st.central_at[0]);
	T_CHECK(st.stale_s >= 0 && st.stale_s < 5);   /* since attached */
	T_CHECK_RC(mes_hub_note(db, 4, 7, &pruned), MES_OK);
	T_CHECK(pruned == 0);          /* held, but younger than 7 days */
	T_CHECK_RC(mes_hub_state(db, &st), MES_OK);
	T_CHECK(st.central_seq == 4 && st.pending == st.last_seq - 4);
	T_CHECK(st.stale_s >= 0 && st.stale_s < 5);

	T_CASE("a mark that goes back is refused: the plant keeps its events");
	T_CHECK_RC(mes_hub_note(db, 3, 7, NULL), MES_ERR_STATE);
	T_CHECK_HAS(mes_db_errmsg(db), "went back from 4 to 3");
	T_CHECK_RC(mes_hub_state(db, &st), MES_OK);
	T_CHECK(st.central_seq == 4);

	T_CASE("pruning takes what the centre holds and is old, nothing else");
	T_CHECK(fx_raw(path, "UPDATE outbox SET ts = '2020-01-01T00:00:00.000Z' "
	            "WHERE seq <= 6") == SQLITE_OK);
	T_CHECK_RC(mes_hub_note(db, 5, 7, &pruned), MES_OK);
	T_CHECK(pruned == 5);          /* 1-5: held and old; 6: old, not held */
	T_CHECK(fx_raw_count(path, "SELECT min(seq) FROM outbox") == 6);
	T_CHECK_RC(mes_hub_note(db, 5, 7, &pruned), MES_OK);
	T_CHECK(pruned == 0);

	T_CASE("a pruned seq is never used again");
	T_CHECK(fx_raw(path, "DELETE FROM outbox") == SQLITE_OK);
	T_CHECK_RC(mes_wc_add(db, "WC3", "cell three", 1), MES_OK);
	T_CHECK(fx_raw_count(path, "SELECT min(seq) FROM outbox") == st.last_seq + 1);

	T_CASE("each ended day's OEE per work center and shift goes out once");
	for (i = 0; i < 7; i++) {
		T_CHECK_RC(mes_shift_add(db, "WC1", i, 360, 840, "early"), MES_OK);
		T_CHECK_RC(mes_shift_add(db, "WC2", i, 360, 840, "early"), MES_OK);
	}
	T_CHECK(fx_raw(path, "UPDATE hub SET attached = strftime('%Y-%m-%dT"
	               "%H:%M:%fZ', 'now', '-3 days'), oee_upto = NULL") ==
	        SQLITE_OK);
	T_CHECK_RC(mes_hub_note(db, 5, 7, NULL), MES_OK);
	/* three days ended since (the attach day, and two more), 2 cells
	 * with a shift calendar: each one's shift, and its day */
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox WHERE kind = "
	                     "'oee.day'") == 3 * 2 * 2);
	T_CHECK(fx_raw_count(path, "SELECT sum(json_extract(body, "
	                     "'$.planned_min')) FROM outbox WHERE kind = "
	                     "'oee.day' AND json_extract(body, '$.shift') = ''")
	        == 3 * 2 * 480);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox WHERE kind = "
	                     "'oee.day' AND json_extract(body, '$.shift') = "
	                     "'early'") == 3 * 2);
	T_CHECK(fx_raw_count(path, "SELECT count(DISTINCT json_extract(body, "
	                     "'$.date')) FROM outbox WHERE kind = 'oee.day'") == 3);
	T_CHECK(fx_raw_count(path, "SELECT oee_upto = date('now', 'localtime', "
	                     "'-1 day') FROM hub") == 1);
	T_CHECK_RC(mes_hub_note(db, 5, 7, NULL), MES_OK);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM outbox WHERE kind = "
	                     "'oee.day'") == 3 * 2 * 2);

	mes_db_close(db);
	return t_report("test_hub");
}
