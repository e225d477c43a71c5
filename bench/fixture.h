/* A fresh database for a generated plant: the schema and the bench
 * account (bench, PIN 123456) the benchmarks log in as.  Header only,
 * like timing.h: each generator is one program of one file. */
#ifndef BENCH_FIXTURE_H
#define BENCH_FIXTURE_H

#include <stdio.h>
#include "mes.h"

/* MES_OK, or the error after saying it on stderr under prog's name. */
static inline int bench_create(const char *path, const char *prog)
{
	struct mes_settings s;
	struct mes_db *db;
	int rc;

	mes_settings_default(&s);
	s.hash_cost = MES_HASH_FAST;
	rc = mes_db_open(&db, path, MES_OPEN_CREATE, &s);
	if (rc == MES_OK)
		rc = mes_user_bootstrap(db, "bench", "Bench Admin", "123456");
	if (rc != MES_OK)
		fprintf(stderr, "%s: %s\n", prog, mes_db_errmsg(db));
	mes_db_close(db);
	return rc;
}

#endif
