/* The plant key: keyed MACs of signatures and audit records, row seals,
 * and what a wrong or exposed key file does. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "base/internal.h"
#include "fixture.h"
#include "testhelp.h"

static struct mes_db *open_with(const char *file, const char *key,
                                unsigned flags)
{
	struct mes_settings s;
	struct mes_db *db;

	fx_settings(&s);
	snprintf(s.audit_key_file, sizeof s.audit_key_file, "%s", key);
	mes_db_open(&db, fx_path(file), flags, &s);
	return db;
}

/* A connection that has the seal functions under key k (NULL: none), as
 * someone who knows the scheme would make one: runs sql on the file. */
static int forge(const char *file, const struct seal_key *k, const char *sql)
{
	sqlite3 *h;
	int rc;

	if (sqlite3_open(fx_path(file), &h) != SQLITE_OK)
		return -1;
	seal_register(h, k);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

/* A second copy of signature 1 under a new id: its binding hash is
 * right (it covers no id), only its MAC can tell. */
static const char copy_sig[] =
	"INSERT INTO signatures (user_id, login, printed_name, meaning, ts, "
	"tbl, rec_id, rec_version, content_hash, sig_hash, sig_mac) SELECT "
	"user_id, login, printed_name, meaning, ts, tbl, rec_id, rec_version,"
	" content_hash, sig_hash, mes_mac('signature', sig_hash) FROM "
	"signatures WHERE id = 1";

static void keys(void)
{
	char err[512];
	struct stat sb;

	T_CASE("keygen writes a 0640 key and never overwrites one");
	T_CHECK_RC(mes_audit_keygen(fx_path("plant.key"), err, sizeof err),
	           MES_OK);
	T_CHECK(stat(fx_path("plant.key"), &sb) == 0 &&
	        (sb.st_mode & 0777) == 0640);
	T_CHECK_RC(mes_audit_keygen(fx_path("plant.key"), err, sizeof err),
	           MES_ERR_EXISTS);
	T_CHECK_RC(mes_audit_keygen(fx_path("other.key"), err, sizeof err),
	           MES_OK);
}

static void exposed_key(void)
{
	struct mes_db *db;

	T_CASE("a key file others may read stops the program at open");
	chmod(fx_path("plant.key"), 0644);
	db = open_with("k.db", fx_path("plant.key"), 0);
	T_CHECK_RC(mes_audit_verify(db, NULL, NULL), MES_ERR_ARG);
	T_CHECK_HAS(mes_db_errmsg(db), "mode 0644");
	mes_db_close(db);
	chmod(fx_path("plant.key"), 0640);
}

static void signatures(struct mes_db *db)
{
	struct seal_key k;
	char err[256], h[65];
	long long id = 0;

	mes_sha256_hex("lot L1 released", 15, h);
	T_CASE("a keyed signature checks out");
	T_CHECK_RC(mes_sign(db, "root", "9999", "released", "lots", 1, 1, h, 0,
	                    &id), MES_OK);
	T_CHECK_RC(mes_sign_check(db, id, "lots", 1), MES_OK);

	T_CASE("a signature made without the key is reported forged");
	T_CHECK(forge("k.db", NULL, "DROP TRIGGER signatures_no_update; "
	              "DROP TRIGGER signatures_no_delete") == SQLITE_OK);
	T_CHECK(forge("k.db", NULL, copy_sig) == SQLITE_OK);
	T_CHECK_RC(mes_sign_check(db, id + 1, "lots", 1), MES_ERR_SIGNATURE);
	T_CHECK_HAS(mes_db_errmsg(db), "carries no keyed MAC");

	T_CASE("... and with the key, it is not: what a key holder can do");
	T_CHECK_RC(seal_key_load(&k, fx_path("plant.key"), err, sizeof err),
	           MES_OK);
	T_CHECK(forge("k.db", &k, copy_sig) == SQLITE_OK);
	T_CHECK_RC(mes_sign_check(db, id + 2, "lots", 1), MES_OK);
}

static void seals(struct mes_db *db)
{
	struct mes_seal_result r;

	T_CASE("the seals name the rows written without the key");
	T_CHECK_RC(mes_seal_verify(db, NULL, NULL, &r), MES_ERR_AUDIT);
	T_CHECK(r.bad == 1 && r.other_keyed == 1);
	T_CHECK_STR(r.other_key, "unkeyed");
	T_CHECK(r.keyed);
}

static void wrong_key(void)
{
	struct mes_seal_result r;
	struct mes_db *db = open_with("k.db", fx_path("other.key"), 0);

	T_CASE("a wrong key file is named as such");
	T_CHECK_RC(mes_audit_verify(db, NULL, NULL), MES_ERR_AUDIT);
	T_CHECK_HAS(mes_db_errmsg(db), "a wrong key file");
	T_CHECK_RC(mes_seal_verify(db, NULL, NULL, &r), MES_ERR_AUDIT);
	T_CHECK(r.bad > 0 && r.other_keyed == r.bad);
	mes_db_close(db);

	T_CASE("without a key, keyed records are said to need it");
	db = open_with("k.db", "", 0);
	T_CHECK_RC(mes_audit_verify(db, NULL, NULL), MES_ERR_AUDIT);
	T_CHECK_HAS(mes_db_errmsg(db), "cannot be checked without that key");
	mes_db_close(db);
}

int main(void)
{
	struct mes_db *db;

	keys();
	db = open_with("k.db", fx_path("plant.key"), MES_OPEN_CREATE);
	T_CHECK_RC(mes_user_bootstrap(db, "root", "Root", "9999"), MES_OK);
	T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
	T_CASE("a new keyed plant verifies");
	T_CHECK_RC(mes_audit_verify(db, NULL, NULL), MES_OK);
	signatures(db);
	seals(db);
	mes_db_close(db);
	exposed_key();
	wrong_key();
	return t_report("test_seal");
}
