/* Electronic signatures: re-authentication, manifestation, binding. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "fixture.h"
#include "testhelp.h"

static void content(const char *text, char out[65])
{
	mes_sha256_hex(text, strlen(text), out);
}

int main(void)
{
	struct mes_db *db = fx_new_db("sig.db");
	struct mes_signature s;
	char h1[65], h2[65];
	long long id = 0, id2 = 0;

	mes_user_add(db, "quinn", "Quinn Okafor", MES_ROLE_QUALITY, "Q1", "3333");
	mes_user_add(db, "olga", "Olga Brandt", MES_ROLE_OPERATOR, "O1", "1111");
	mes_login_pin(db, "olga", "1111");
	content("NC-7 scrap 12 pcs", h1);
	content("NC-7 scrap 13 pcs", h2);

	T_CASE("a wrong PIN does not sign and counts as a failure");
	T_CHECK_RC(mes_sign(db, "quinn", "0000", "approved", "nonconformances",
	                    7, 1, h1, MES_ROLE_QUALITY, &id), MES_ERR_AUTH);
	T_CHECK(id == 0);

	T_CASE("a signer without the needed role is refused");
	T_CHECK_RC(mes_sign(db, "olga", "1111", "approved", "nonconformances",
	                    7, 1, h1, MES_ROLE_QUALITY, &id), MES_ERR_PERM);
	T_CHECK_HAS(mes_db_errmsg(db), "quality");

	T_CASE("the right person signs at someone else's terminal");
	T_CHECK_RC(mes_sign(db, "quinn", "3333", "approved", "nonconformances",
	                    7, 1, h1, MES_ROLE_QUALITY, &id), MES_OK);
	T_CHECK(id > 0);

	T_CASE("the signature shows printed name, time and meaning");
	T_CHECK_RC(mes_sign_get(db, id, &s), MES_OK);
	T_CHECK_STR(s.printed_name, "Quinn Okafor");
	T_CHECK_STR(s.meaning, "approved");
	T_CHECK(strlen(s.ts) == 24);

	T_CASE("it verifies against the record it signed");
	T_CHECK_RC(mes_sign_verify(db, id, "nonconformances", 7, 1, h1), MES_OK);

	T_CASE("a changed record no longer carries the signature");
	T_CHECK_RC(mes_sign_verify(db, id, "nonconformances", 7, 2, h1),
	           MES_ERR_SIGNATURE);
	T_CHECK_RC(mes_sign_verify(db, id, "nonconformances", 7, 1, h2),
	           MES_ERR_SIGNATURE);
	T_CHECK_HAS(mes_db_errmsg(db), "changed after");

	T_CASE("a signature copied to another record is invalid");
	T_CHECK_RC(mes_sign_verify(db, id, "nonconformances", 8, 1, h1),
	           MES_ERR_SIGNATURE);
	T_CHECK_RC(mes_sign_verify(db, id, "maint_orders", 7, 1, h1),
	           MES_ERR_SIGNATURE);

	T_CASE("a signature row edited by hand is caught");
	T_CHECK_RC(mes_sign(db, "quinn", "3333", "reviewed", "nonconformances",
	                    9, 1, h1, 0, &id2), MES_OK);
	{
		sqlite3 *h;
		char sql[160];

		sqlite3_open(fx_path("sig.db"), &h);
		/* Both triggers first: the seal's names a function this
		 * connection lacks, so the update is refused while it exists. */
		snprintf(sql, sizeof sql, "DROP TRIGGER signatures_no_update; "
		         "DROP TRIGGER signatures_seal_update; "
		         "UPDATE signatures SET rec_id = 10 WHERE id = %lld", id2);
		T_CHECK(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_close(h);
	}
	T_CHECK_RC(mes_sign_verify(db, id2, "nonconformances", 10, 1, h1),
	           MES_ERR_SIGNATURE);
	T_CHECK_HAS(mes_db_errmsg(db), "altered");

	T_CASE("as shown: a sound signature checks out, an edited one does not");
	T_CHECK_RC(mes_sign_check(db, id, "nonconformances", 7), MES_OK);
	T_CHECK_RC(mes_sign_check(db, id, "nonconformances", 8),
	           MES_ERR_SIGNATURE);
	T_CHECK_RC(mes_sign_check(db, id2, "nonconformances", 10),
	           MES_ERR_SIGNATURE);
	T_CHECK_HAS(mes_db_errmsg(db), "altered");
	T_CHECK_RC(mes_sign_check(db, 999999, "nonconformances", 7),
	           MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_sign_check(NULL, id, "nonconformances", 7), MES_ERR_ARG);

	T_CASE("a later name change does not rewrite the manifestation");
	T_CHECK_RC(mes_user_rename(db, "quinn", "Quinn Okafor-Smith"),
	           MES_ERR_PERM);
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
	T_CHECK_RC(mes_user_rename(db, "quinn", "Quinn Okafor-Smith"), MES_OK);
	T_CHECK_RC(mes_sign_get(db, id, &s), MES_OK);
	T_CHECK_STR(s.printed_name, "Quinn Okafor");
	T_CHECK_RC(mes_sign(db, "quinn", "3333", "reviewed", "nonconformances",
	                    11, 1, h1, 0, &id2), MES_OK);
	T_CHECK_RC(mes_sign_get(db, id2, &s), MES_OK);
	T_CHECK_STR(s.printed_name, "Quinn Okafor-Smith");

	T_CASE("bad arguments are refused before anything is written");
	T_CHECK_RC(mes_sign(db, "quinn", "3333", "", "t", 1, 1, h1, 0, &id),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_sign(db, "quinn", "3333", "ok", "t", 1, 1, "abc", 0,
	                    &id), MES_ERR_ARG);
	mes_db_close(db);
	return t_report("test_sign");
}
