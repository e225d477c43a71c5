/*
 * Seals: what the audit trail's hash chain cannot show on its own.  The
 * chain covers only the audit records; the records that matter (the
 * ledger, lots, genealogy, users and their roles, signatures, inspections,
 * measurements, non-conformances) each get a MAC in row_seals, written by
 * triggers through the SQL function mes_seal() that only this library's
 * connections have.  The MAC is keyed with the plant key, a file outside
 * the database, so a person holding only the database file can neither
 * edit a sealed table with the sqlite3 shell (the triggers name a function
 * that connection lacks) nor, after dropping the triggers, write a seal
 * that verify accepts.
 *
 * Every MAC is stored as "<key id>:<hex>", the key id naming which key
 * made it ("unkeyed" for none), so that verify can tell a wrong key file
 * from forged records.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "internal.h"

/* The tables data/migrations/0009_seals.sql (and 0016_gauges.sql for
 * calibrations and gauge uses, 0018_units.sql for the units) put
 * triggers on. */
static const char *const sealed_tables[] = {
	"users", "lots", "inv_moves", "genealogy", "signatures",
	"inspections", "measurements", "nonconformances", "calibrations",
	"gauge_uses", "units", "unit_ops", "unit_parts", NULL
};

const char *const *seal_tables(void)
{
	return sealed_tables;
}

static int table_sealed(const char *tbl)
{
	int i;

	for (i = 0; sealed_tables[i]; i++)
		if (!strcmp(sealed_tables[i], tbl))
			return 1;
	return 0;
}

/* ---- the key ------------------------------------------------------------ */

int mes_secret_file_check(int fd, const char *path, unsigned forbid,
                          int own, char *err, size_t n)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		return MES_ERR_CONFIG;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, n, "%s: not a regular file", path);
		return MES_ERR_CONFIG;
	}
	if ((sb.st_mode & forbid) ||
	    (own && sb.st_uid != geteuid() && sb.st_uid != 0)) {
		snprintf(err, n, "%s: mode %04o, owner uid %ld: a secret must "
		         "be %sunreadable by others; run: chmod %s %s", path,
		         (unsigned)(sb.st_mode & 07777), (long)sb.st_uid,
		         own ? "its user's own and " : "", (forbid & 040) ?
		         "600" : "640", path);
		return MES_ERR_CONFIG;
	}
	return MES_OK;
}

static void key_id(struct seal_key *k)
{
	static const char what[] = "mes plant key id";
	unsigned char h[8];

	crypto_generichash(h, sizeof h, (const unsigned char *)what,
	                   sizeof what - 1, k->k, sizeof k->k);
	sodium_bin2hex(k->id, sizeof k->id, h, sizeof h);
}

/* The file holds the key as 64 hex digits and a newline. */
int seal_key_load(struct seal_key *k, const char *path, char *err, size_t n)
{
	char text[8192];
	size_t len = 0, bin = 0;
	ssize_t r;
	int fd, rc;

	memset(k, 0, sizeof *k);
	str_copy(k->id, sizeof k->id, SEAL_UNKEYED);
	if (!path || !*path)
		return MES_OK;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		snprintf(err, n, "[audit] key_file %s: %s", path,
		         strerror(errno));
		return MES_ERR_CONFIG;
	}
	/* Group mes may read it (every program needs it), nobody else. */
	if ((rc = mes_secret_file_check(fd, path, 027, 0, text,
	                                sizeof text)) != MES_OK)
		snprintf(err, n, "[audit] key_file %s", text);
	while (rc == MES_OK && len < 80 &&
	       (r = read(fd, text + len, 80 - len)) > 0)
		len += (size_t)r;
	close(fd);
	text[len] = '\0';
	if (rc != MES_OK)
		return rc;
	text[strcspn(text, "\r\n")] = '\0';
	if (strlen(text) != 2 * sizeof k->k ||
	    sodium_hex2bin(k->k, sizeof k->k, text, strlen(text), NULL, &bin,
	                   NULL) != 0 || bin != sizeof k->k) {
		sodium_memzero(text, sizeof text);
		snprintf(err, n, "[audit] key_file %s: not a plant key (64 hex "
		         "digits, as mesctl audit keygen writes)", path);
		return MES_ERR_CONFIG;
	}
	sodium_memzero(text, sizeof text);
	k->on = 1;
	key_id(k);
	return MES_OK;
}

int mes_audit_keygen(const char *path, char *err, size_t n)
{
	unsigned char k[32];
	char hex[2 * sizeof k + 2];
	size_t len;
	int fd, ok;

	if (!path || !*path) {
		snprintf(err, n, "no key file named");
		return MES_ERR_ARG;
	}
	/* O_EXCL: a plant key that exists seals records; never replace it. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	          0640);
	if (fd < 0) {
		snprintf(err, n, "%s: %s%s", path, strerror(errno),
		         errno == EEXIST ? " (a plant key is never overwritten:"
		         " the records sealed with it need it)" : "");
		return errno == EEXIST ? MES_ERR_EXISTS : MES_ERR_IO;
	}
	randombytes_buf(k, sizeof k);
	sodium_bin2hex(hex, sizeof hex, k, sizeof k);
	sodium_memzero(k, sizeof k);
	len = strlen(hex);
	hex[len++] = '\n';
	/* The umask may have taken the group's read bit. */
	ok = fchmod(fd, 0640) == 0 && write(fd, hex, len) == (ssize_t)len &&
	     fsync(fd) == 0;
	sodium_memzero(hex, sizeof hex);
	if (close(fd) != 0 || !ok) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		unlink(path);
		return MES_ERR_IO;
	}
	return MES_OK;
}

/* ---- MACs --------------------------------------------------------------- */

static void mac_init(crypto_generichash_state *s, const struct seal_key *k,
                     const char *domain)
{
	crypto_generichash_init(s, k && k->on ? k->k : NULL,
	                        k && k->on ? sizeof k->k : 0, SEAL_MAC_BYTES);
	/* The domain's NUL too: "audit"+x never reads as "audi"+"tx". */
	crypto_generichash_update(s, (const unsigned char *)domain,
	                          strlen(domain) + 1);
}

static void mac_final(crypto_generichash_state *s, const struct seal_key *k,
                      char out[SEAL_TEXT])
{
	unsigned char h[SEAL_MAC_BYTES];
	size_t n;

	crypto_generichash_final(s, h, sizeof h);
	snprintf(out, SEAL_TEXT, "%s:", k && k->on ? k->id : SEAL_UNKEYED);
	n = strlen(out);
	sodium_bin2hex(out + n, SEAL_TEXT - n, h, sizeof h);
}

void seal_mac_text(const struct seal_key *k, const char *domain,
                   const char *text, char out[SEAL_TEXT])
{
	crypto_generichash_state s;

	mac_init(&s, k, domain);
	crypto_generichash_update(&s, (const unsigned char *)text,
	                          strlen(text));
	mac_final(&s, k, out);
}

static void put_u64(crypto_generichash_state *s, unsigned long long v)
{
	unsigned char b[8];
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	crypto_generichash_update(s, b, sizeof b);
}

/*
 * One value in a form no other value shares: its SQLite type, then the
 * integer, the IEEE bits of the real, or the length and bytes.  The
 * trigger sees the row as stored (AFTER, with column affinity applied),
 * and verify reads it back the same way.
 */
static void put_value(crypto_generichash_state *s, sqlite3_value *v)
{
	unsigned char t = (unsigned char)sqlite3_value_type(v);
	double d;
	unsigned long long bits;
	int len;

	crypto_generichash_update(s, &t, 1);
	switch (t) {
	case SQLITE_INTEGER:
		put_u64(s, (unsigned long long)sqlite3_value_int64(v));
		break;
	case SQLITE_FLOAT:
		d = sqlite3_value_double(v);
		memcpy(&bits, &d, sizeof bits);
		put_u64(s, bits);
		break;
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		len = sqlite3_value_bytes(v);
		put_u64(s, (unsigned long long)len);
		if (len > 0)
			crypto_generichash_update(s, t == SQLITE_TEXT ?
			        sqlite3_value_text(v) : sqlite3_value_blob(v),
			        (unsigned long long)len);
		break;
	}
}

/* A row's seal: its table, rowid and every column in declared order. */
static void row_mac(const struct seal_key *k, const char *tbl,
                    long long rowid, sqlite3_value **cols, int n,
                    char out[SEAL_TEXT])
{
	crypto_generichash_state s;
	int i;

	mac_init(&s, k, "row");
	crypto_generichash_update(&s, (const unsigned char *)tbl,
	                          strlen(tbl) + 1);
	put_u64(&s, (unsigned long long)rowid);
	put_u64(&s, (unsigned long long)n);
	for (i = 0; i < n; i++)
		put_value(&s, cols[i]);
	mac_final(&s, k, out);
}

/* mes_seal(tbl, rowid, column...): what the triggers store. */
static void fn_seal(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct seal_key *k = sqlite3_user_data(cx);
	const char *tbl = (const char *)sqlite3_value_text(argv[0]);
	char out[SEAL_TEXT];

	if (argc < 2 || !tbl || !table_sealed(tbl) ||
	    sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
		sqlite3_result_error(cx, "mes_seal: not a sealed table's row",
		                     -1);
		return;
	}
	row_mac(k, tbl, sqlite3_value_int64(argv[1]), argv + 2, argc - 2, out);
	sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
}

/* mes_mac(domain, text): the migration's MAC of existing audit records'
 * and signatures' hashes, as audit.c and sign.c compute new ones. */
static void fn_mac(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct seal_key *k = sqlite3_user_data(cx);
	const char *dom = (const char *)sqlite3_value_text(argv[0]);
	const char *text = (const char *)sqlite3_value_text(argv[1]);
	char out[SEAL_TEXT];

	(void)argc;
	if (!dom || !text) {
		sqlite3_result_null(cx);
		return;
	}
	seal_mac_text(k, dom, text, out);
	sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
}

int seal_register(sqlite3 *h, const struct seal_key *k)
{
	void *u = (void *)(uintptr_t)k;
	int rc;

	rc = sqlite3_create_function(h, "mes_seal", -1, SQLITE_UTF8, u,
	                             fn_seal, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(h, "mes_mac", 2, SQLITE_UTF8, u,
		                             fn_mac, NULL, NULL);
	return rc;
}

/*
 * A stored MAC against key k: NULL when k made it over text, else why
 * not.  what names the record ("record 7", "the anchor of record 7").  A
 * key id that differs from k's is said as such: a wrong key file makes
 * every MAC differ, and that is not every record forged.
 */
const char *seal_mac_check(const struct seal_key *k, const char *domain,
                           const char *what, const char *text,
                           const char *stored, char *why, size_t n)
{
	char mac[SEAL_TEXT], other[SEAL_TEXT];

	str_copy(other, sizeof other, stored);
	other[strcspn(other, ":")] = '\0';
	if (!stored[0])
		snprintf(why, n, "%s has no MAC: it was written outside mes",
		         what);
	else if (seal_same_key(stored, k))
		seal_mac_text(k, domain, text, mac);
	else if (!k->on)
		snprintf(why, n, "%s is sealed with plant key %s, but no "
		         "[audit] key_file is configured: it cannot be checked "
		         "without that key", what, other);
	else if (!strcmp(other, SEAL_UNKEYED))
		snprintf(why, n, "%s carries no keyed MAC (written without a "
		         "plant key, or by someone who lacks it)", what);
	else
		snprintf(why, n, "%s is sealed with plant key %s, but key_file "
		         "holds key %s: a wrong key file, or a record made with "
		         "another key", what, other, k->id);
	if (!stored[0] || !seal_same_key(stored, k))
		return why;
	if (strcmp(mac, stored) != 0) {
		snprintf(why, n, "%s does not match its MAC: it was written "
		         "without the plant key (forged, or changed)", what);
		return why;
	}
	return NULL;
}

/* ---- checking the seals ------------------------------------------------- */

struct seal_walk {
	struct mes_db *db;
	mes_seal_fn fn;
	void *ctx;
	struct mes_seal_result *res;
};

static void report(struct seal_walk *w, const char *tbl, long long row,
                   enum mes_seal_finding what, const char *stored)
{
	char other[SEAL_TEXT] = "";

	w->res->bad++;
	if (what == MES_SEAL_OTHER_KEY) {
		str_copy(other, sizeof other, stored);
		other[strcspn(other, ":")] = '\0';
		if (!w->res->other_key[0])
			str_copy(w->res->other_key, sizeof w->res->other_key,
			         other);
		w->res->other_keyed++;
	}
	if (w->fn && w->res->bad <= w->res->show)
		w->fn(tbl, row, what, other, w->ctx);
}

int seal_same_key(const char *stored, const struct seal_key *k)
{
	size_t n = strcspn(stored, ":");

	return n == strlen(k->id) && !strncmp(stored, k->id, n);
}

/* Each row against its seal; rows without one were added outside. */
static int check_rows(struct seal_walk *w, const char *tbl)
{
	char sql[256], mac[SEAL_TEXT];
	sqlite3_value *cols[128];
	sqlite3_stmt *st;
	int rc, n, i;

	snprintf(sql, sizeof sql, "SELECT s.mac, t.rowid, t.* FROM \"%s\" t "
	         "LEFT JOIN row_seals s ON s.tbl = '%s' AND s.row_id = t.rowid",
	         tbl, tbl);
	if ((rc = sqlite3_prepare_v2(w->db->h, sql, -1, &st, NULL)) != SQLITE_OK)
		return db_sqlfail(w->db, rc, "reading the seals");
	n = sqlite3_column_count(st) - 2;
	if (n > (int)N_ELEM(cols))
		n = (int)N_ELEM(cols);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *have = col_text(st, 0);
		long long row = sqlite3_column_int64(st, 1);

		w->res->rows++;
		if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
			report(w, tbl, row, MES_SEAL_UNSEALED, "");
			continue;
		}
		if (!seal_same_key(have, &w->db->key)) {
			report(w, tbl, row, MES_SEAL_OTHER_KEY, have);
			continue;
		}
		for (i = 0; i < n; i++)
			cols[i] = sqlite3_column_value(st, i + 2);
		row_mac(&w->db->key, tbl, row, cols, n, mac);
		if (strcmp(mac, have) != 0)
			report(w, tbl, row, MES_SEAL_CHANGED, have);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? MES_OK :
	       db_sqlfail(w->db, rc, "reading the seals");
}

/* A seal whose row is gone: the row was deleted outside mes. */
static int check_gone(struct seal_walk *w, const char *tbl)
{
	char sql[256];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT row_id FROM row_seals s WHERE "
	         "tbl = '%s' AND NOT EXISTS (SELECT 1 FROM \"%s\" WHERE "
	         "rowid = s.row_id) ORDER BY row_id", tbl, tbl);
	if ((rc = sqlite3_prepare_v2(w->db->h, sql, -1, &st, NULL)) != SQLITE_OK)
		return db_sqlfail(w->db, rc, "reading the seals");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		report(w, tbl, sqlite3_column_int64(st, 0), MES_SEAL_DELETED,
		       "");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? MES_OK :
	       db_sqlfail(w->db, rc, "reading the seals");
}

/* SQL text with each run of white space as one space. */
static void one_line(char *dst, size_t n, const char *src)
{
	size_t o = 0;
	int space = 0;

	for (; *src && o + 2 < n; src++) {
		if (strchr(" \t\r\n", *src)) {
			space = 1;
			continue;
		}
		if (space && o)
			dst[o++] = ' ';
		space = 0;
		dst[o++] = *src;
	}
	dst[o] = '\0';
}

/*
 * The triggers themselves: one dropped lets later writes, the program's
 * own included, go unsealed; one that leaves out a column (a migration
 * that added it and forgot the trigger, or a replaced trigger) lets that
 * column change unseen.
 */
static int check_triggers(struct seal_walk *w, const char *tbl)
{
	static const char sql[] = "SELECT name, sql FROM sqlite_schema WHERE "
		"type = 'trigger' AND tbl_name = ? AND name = ?";
	static const char *const kinds[] = { "insert", "update", "delete" };
	char name[96], args[4096], text[8192];
	sqlite3_stmt *st;
	int i, rc, found;

	if ((rc = seal_args(w->db, tbl, args, sizeof args)) != MES_OK)
		return rc;
	for (i = 0; i < 3; i++) {
		if (!(st = db_stmt(w->db, sql)))
			return MES_ERR_DB;
		snprintf(name, sizeof name, "%s_seal_%s", tbl, kinds[i]);
		sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
		one_line(text, sizeof text, found ? col_text(st, 1) : "");
		sqlite3_reset(st);
		if (found && strstr(text, i < 2 ? args : "mes_seal('"))
			continue;
		w->res->bad++;
		w->res->triggers_bad++;
		if (w->fn && w->res->bad <= w->res->show)
			w->fn(tbl, 0, found ? MES_SEAL_TRIGGER_CHANGED :
			      MES_SEAL_TRIGGER_GONE, name, w->ctx);
	}
	return MES_OK;
}

/* "mes_seal('tbl', NEW.rowid, NEW.a, NEW.b, ...)": what the insert and
 * update triggers must call, read off the table as it is now. */
int seal_args(struct mes_db *db, const char *tbl, char *out, size_t n)
{
	char sql[128];
	sqlite3_stmt *st;
	size_t len;
	int rc;

	snprintf(out, n, "mes_seal('%s', NEW.rowid", tbl);
	snprintf(sql, sizeof sql, "PRAGMA table_info(\"%s\")", tbl);
	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL)) != SQLITE_OK)
		return db_sqlfail(db, rc, "reading the schema");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		len = strlen(out);
		snprintf(out + len, n - len, ", NEW.%s", col_text(st, 1));
	}
	sqlite3_finalize(st);
	len = strlen(out);
	snprintf(out + len, n - len, ")");
	return rc == SQLITE_DONE ? MES_OK : db_sqlfail(db, rc, "reading the "
	                                               "schema");
}

int mes_seal_verify(struct mes_db *db, mes_seal_fn fn, void *ctx,
                    struct mes_seal_result *res)
{
	struct seal_walk w;
	int i, rc = MES_OK;

	if (!db || !db->h || !res)
		return MES_ERR_ARG;
	memset(res, 0, sizeof *res);
	res->show = 20;
	res->keyed = db->key.on;
	str_copy(res->key_id, sizeof res->key_id, db->key.id);
	w.db = db;
	w.fn = fn;
	w.ctx = ctx;
	w.res = res;
	for (i = 0; sealed_tables[i] && rc == MES_OK; i++) {
		if ((rc = check_triggers(&w, sealed_tables[i])) == MES_OK &&
		    (rc = check_rows(&w, sealed_tables[i])) == MES_OK)
			rc = check_gone(&w, sealed_tables[i]);
	}
	db_reset_all(db);
	if (rc != MES_OK)
		return rc;
	if (res->bad)
		return db_fail(db, MES_ERR_AUDIT, "%lld of %lld sealed records "
		               "fail their seal", res->bad, res->rows);
	db_fail(db, MES_OK, "%lld sealed records", res->rows);
	return MES_OK;
}
