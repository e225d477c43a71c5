/* The audit trail: one record per change, append-only, tamper-evident. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "fixture.h"
#include "testhelp.h"

struct last { char action[64], key[64], newv[256], login[64], ts[32]; int n; };

static int last_cb(const struct mes_audit_rec *r, void *p)
{
	struct last *l = p;

	snprintf(l->action, sizeof l->action, "%s", r->action);
	snprintf(l->key, sizeof l->key, "%s", r->rec_key);
	snprintf(l->newv, sizeof l->newv, "%s", r->new_value);
	snprintf(l->login, sizeof l->login, "%s", r->login);
	snprintf(l->ts, sizeof l->ts, "%s", r->ts);
	l->n++;
	return 0;
}

static int verify(const char *path, long long *bad, char *msg)
{
	struct mes_db *db;
	long long n = 0;
	int rc;

	mes_db_open(&db, path, 0, NULL);
	rc = mes_audit_verify(db, &n, bad);
	snprintf(msg, 512, "%s", mes_db_errmsg(db));
	mes_db_close(db);
	return rc;
}

static void fresh(const char *name, char *path)
{
	struct mes_db *db = fx_new_db(name);
	int i;
	char code[16];

	for (i = 1; i <= 5; i++) {
		snprintf(code, sizeof code, "WC%d", i);
		mes_wc_add(db, code, "cell", 1);
	}
	snprintf(path, 512, "%s", fx_path(name));
	mes_db_close(db);
}

int main(void)
{
	char path[512], msg[512];
	struct mes_db *db;
	struct last l;
	long long bad = 0, before;

	T_CASE("each change writes one record with who, when, what, new value");
	db = fx_new_db("a.db");
	memset(&l, 0, sizeof l);
	T_CHECK_RC(mes_item_add(db, "BRKT-1", "Bracket", "ea", "b"), MES_OK);
	T_CHECK_RC(mes_audit_each(db, NULL, NULL, last_cb, &l), MES_OK);
	T_CHECK_STR(l.action, "item.add");
	T_CHECK_STR(l.key, "BRKT-1");
	T_CHECK_STR(l.login, "root");
	T_CHECK_HAS(l.newv, "\"description\":\"Bracket\"");
	T_CHECK(strlen(l.ts) == 24 && l.ts[23] == 'Z' && l.ts[19] == '.');

	T_CASE("a refused change leaves neither the row nor its record");
	snprintf(path, sizeof path, "%s", fx_path("a.db"));
	before = fx_raw_count(path, "SELECT count(*) FROM audit");
	/* The item has no routing: the order insert is rolled back whole. */
	T_CHECK_RC(mes_order_add(db, "WO-1", "BRKT-1", 5, "2026-01-01",
	                         "2026-01-05", 5), MES_ERR_STATE);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM work_orders") == 0);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM audit") == before);

	T_CASE("PINs are stored as argon2id hashes, never in clear");
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM users WHERE secret "
	                  "NOT LIKE '$argon2id$%'") == 0);
	T_CHECK(fx_raw_count(path, "SELECT count(*) FROM users WHERE secret "
	                  "LIKE '%9999%'") == 0);

	T_CASE("--since and --user filter the listing");
	memset(&l, 0, sizeof l);
	T_CHECK_RC(mes_audit_each(db, "2999", NULL, last_cb, &l), MES_OK);
	T_CHECK(l.n == 0);
	T_CHECK_RC(mes_audit_each(db, NULL, "nobody", last_cb, &l), MES_OK);
	T_CHECK(l.n == 0);
	T_CHECK_RC(mes_audit_each(db, "2000", "root", last_cb, &l), MES_OK);
	T_CHECK(l.n > 2);
	mes_db_close(db);

	T_CASE("an intact chain verifies");
	fresh("b.db", path);
	T_CHECK_RC(verify(path, &bad, msg), MES_OK);
	T_CHECK_HAS(msg, "head");

	T_CASE("UPDATE and DELETE on the audit table are refused by triggers");
	T_CHECK(fx_raw(path, "UPDATE audit SET reason = 'x' WHERE seq = 2") ==
	        SQLITE_CONSTRAINT);
	T_CHECK(fx_raw(path, "DELETE FROM audit WHERE seq = 2") ==
	        SQLITE_CONSTRAINT);
	T_CHECK_RC(verify(path, &bad, msg), MES_OK);

	T_CASE("an edited record is found, by number");
	T_CHECK(fx_raw(path, "DROP TRIGGER audit_no_update; UPDATE audit SET "
	            "new_value = '{\"name\":\"forged\"}' WHERE seq = 4") ==
	        SQLITE_OK);
	T_CHECK_RC(verify(path, &bad, msg), MES_ERR_AUDIT);
	T_CHECK(bad == 4);
	T_CHECK_HAS(msg, "record 4 was changed");

	T_CASE("a deleted record is found");
	fresh("c.db", path);
	fx_raw(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq=3");
	T_CHECK_RC(verify(path, &bad, msg), MES_ERR_AUDIT);
	T_CHECK(bad == 3);
	T_CHECK_HAS(msg, "missing");

	T_CASE("an inserted record is found");
	fresh("d.db", path);
	fx_raw(path, "DROP TRIGGER audit_no_update; UPDATE audit SET seq = seq + "
	    "1000 WHERE seq >= 3; UPDATE audit SET seq = seq - 999 WHERE seq "
	    ">= 1000; INSERT INTO audit SELECT 3, ts, user_id, login,"
	    " action, tbl, rec_key, old_value, 'x', reason, prev_hash, hash "
	    "FROM audit WHERE seq = 2");
	T_CHECK_RC(verify(path, &bad, msg), MES_ERR_AUDIT);
	T_CHECK(bad == 3);

	T_CASE("a record rehashed by hand still breaks the next link");
	fresh("e.db", path);
	fx_raw(path, "DROP TRIGGER audit_no_update; UPDATE audit SET hash = "
	    "'0000000000000000000000000000000000000000000000000000000000000000'"
	    " WHERE seq = 2");
	T_CHECK_RC(verify(path, &bad, msg), MES_ERR_AUDIT);
	T_CHECK(bad == 2);

	return t_report("test_audit");
}
