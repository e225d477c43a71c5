/*
 * Checking a saved or printed-and-scanned copy of a batch record: first
 * against its own hash (was it edited?), then against the database (is
 * it still the complete record?).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "brec_int.h"
#include "base/internal.h"
#include "prod.h"

static const char *find_last(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), k;
	const char *found = NULL;

	for (k = 0; k + n <= len; k++)
		if (hay[k] == needle[0] && !memcmp(hay + k, needle, n))
			found = hay + k;
	return found;
}

/* "Record: KEY" up to the end of the line or the next tag, unescaped. */
static int record_key(const char *copy, size_t len, char key[64])
{
	const char *p = find_last(copy, len, BREC_KEY_LABEL);
	size_t n = 0;

	key[0] = 0;
	if (!p)
		return 0;
	for (p += strlen(BREC_KEY_LABEL); p < copy + len && *p != '\n' &&
	     *p != '<' && n < 63; p++) {
		if (*p == '&') {
			static const char *const ent[][2] = { { "&amp;", "&" },
				{ "&lt;", "<" }, { "&gt;", ">" },
				{ "&quot;", "\"" } };
			size_t e;

			for (e = 0; e < 4; e++)
				if (!strncmp(p, ent[e][0], strlen(ent[e][0])))
					break;
			if (e < 4) {
				key[n++] = ent[e][1][0];
				p += strlen(ent[e][0]) - 1;
				continue;
			}
		}
		key[n++] = *p;
	}
	key[n] = 0;
	return n > 0;
}

/* The first line where a and b differ, with both versions of it. */
static int first_diff(const char *a, size_t alen, const char *b, size_t blen,
                      char *la, char *lb, size_t n)
{
	size_t i = 0, start = 0;
	int line = 1;
	size_t ea, eb;

	while (i < alen && i < blen && a[i] == b[i]) {
		if (a[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	for (ea = start; ea < alen && a[ea] != '\n'; ea++)
		;
	for (eb = start; eb < blen && b[eb] != '\n'; eb++)
		;
	snprintf(la, n, "%.*s", (int)(ea - start > 100 ? 100 : ea - start),
	         a + start);
	snprintf(lb, n, "%.*s", (int)(eb - start > 100 ? 100 : eb - start),
	         b + start);
	return line;
}

static int is_hex64(const char *s, size_t avail)
{
	size_t k;

	if (avail < 64)
		return 0;
	for (k = 0; k < 64; k++)
		if (!isxdigit((unsigned char)s[k]) || isupper((unsigned char)s[k]))
			return 0;
	return 1;
}

static int against_db(struct mes_db *db, const char *copy, size_t len,
                      const char *key, const char *claimed)
{
	enum mes_record_format fmt = len > 14 &&
		!memcmp(copy, "<!DOCTYPE html", 14) ? MES_RECORD_HTML :
		MES_RECORD_TEXT;
	char *now = NULL, hash[65], la[128], lb[128];
	size_t nlen;
	int rc, line;

	if ((rc = mes_batch_record(db, key, fmt, &now, &nlen, hash)) != MES_OK)
		return rc;
	if (!strncmp(hash, claimed, 64)) {
		free(now);
		return db_fail(db, MES_OK, "the copy of %s matches the database:"
		               " content hash %s", key, hash);
	}
	line = first_diff(copy, len, now, nlen, la, lb, sizeof la);
	free(now);
	return db_fail(db, MES_ERR_STATE, "the copy of %s is intact but no "
	               "longer the whole record: the database has changed "
	               "since it was made (line %d: the copy has \"%s\", the "
	               "record now \"%s\"; content hash now %s)", key, line, la,
	               lb, hash);
}

int mes_batch_record_verify(struct mes_db *db, const char *copy, size_t len,
                            char key[64])
{
	const char *h, *line;
	char got[65];

	if (!db || !copy || !key)
		return db_badarg(db, __func__);
	key[0] = 0;
	h = find_last(copy, len, BREC_HASH_LABEL);
	if (!h || !record_key(copy, len, key))
		return db_fail(db, MES_ERR_SYNTAX, "not a batch record: no "
		               "\"%s\" or \"%s\" line", BREC_KEY_LABEL,
		               BREC_HASH_LABEL);
	h += strlen(BREC_HASH_LABEL);
	if (!is_hex64(h, len - (size_t)(h - copy)))
		return db_fail(db, MES_ERR_SYNTAX, "the content hash is not 64 "
		               "hexadecimal digits");
	for (line = h - strlen(BREC_HASH_LABEL); line > copy &&
	     line[-1] != '\n'; line--)
		;
	mes_sha256_hex(copy, (size_t)(line - copy), got);
	if (strncmp(got, h, 64))
		return db_fail(db, MES_ERR_SIGNATURE, "the copy of %s was "
		               "changed after it was made: its text does not "
		               "match its own content hash", key);
	return against_db(db, copy, len, key, h);
}
