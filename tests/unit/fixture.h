/* Real SQLite files in a fresh temporary directory, never mocks. */
#ifndef FIXTURE_H
#define FIXTURE_H

#include "mes.h"

/* A new empty directory under $TMPDIR, removed at exit. */
const char *fx_tmpdir(void);
/* path inside fx_tmpdir(); returns a static buffer rotated 8 deep. */
const char *fx_path(const char *name);
/* Settings for tests: fast PIN hashing, short busy timeout. */
void fx_settings(struct mes_settings *s);
/* Creates a database at fx_path(name) with admin "root" (PIN 9999)
 * logged in, or aborts the test binary. */
struct mes_db *fx_new_db(const char *name);
/* What someone with the sqlite3 shell could do to the file at path: run
 * sql (an SQLite result code), or read one number (-1 when none). */
int fx_raw(const char *path, const char *sql);
long long fx_raw_count(const char *path, const char *sql);
#endif
