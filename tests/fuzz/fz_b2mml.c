/*
 * The B2MML schedule import, whole: libxml2's parse, the checks of every
 * element against the plant's master data, and the all-or-nothing write.
 * One demo plant is made on first use (on /dev/shm when there is one, as
 * fsync there costs nothing) and every input is imported into it; an
 * input that imports leaves its orders, so a second run of it is refused
 * as a repeat, which is a path worth running too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exchange.h"
#include "mes.h"
#include "fuzz.h"

static char dir[256];
static struct mes_db *db;

static void cleanup(void)
{
	char path[300];
	static const char *const files[] = {
		"plant.db", "plant.db-wal", "plant.db-shm", "plant.db-lock"
	};
	size_t i;

	mes_db_close(db);
	db = NULL;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void plant(void)
{
	struct mes_settings s;
	char path[300];

	snprintf(dir, sizeof dir, "%s/mes-fuzz-b2mml-XXXXXX",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/plant.db", dir);
	mes_settings_default(&s);
	s.hash_cost = MES_HASH_FAST;
	s.idle_lock_s = 0;
	if (mes_db_open(&db, path, MES_OPEN_CREATE, &s) != MES_OK ||
	    mes_user_bootstrap(db, "root", "Root Admin", "9999") != MES_OK ||
	    mes_login_pin(db, "root", "9999") != MES_OK ||
	    mes_demo_seed(db) != MES_OK) {
		fprintf(stderr, "fuzz plant: %s\n", mes_db_errmsg(db));
		exit(2);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mes_b2mml_result r;
	int rc, k;

	if (!db)
		plant();
	rc = mes_b2mml_import_schedule_mem(db, (const char *)data, size,
	                                   "fuzz.xml", &r);
	/* A refusal names why; what was imported is counted. */
	if (rc != MES_OK && strcmp(mes_db_errmsg(db), "no error") == 0)
		__builtin_trap();
	for (k = 0; k < r.nerrors && k < MES_B2MML_ERRORS_MAX; k++)
		if (!memchr(r.errors[k], 0, sizeof r.errors[k]))
			__builtin_trap();
	if (rc == MES_OK && (r.orders <= 0 || r.nerrors != 0))
		__builtin_trap();
	return 0;
}
