/*
 * bench/hubload: a plant's writer for bench/hub.sh.  Opens (or with
 * --create makes, attached as PLANT) a plant file and commits
 * audited changes (mes_location_add: one row and one audit record, and
 * with the plant attached one outbox event) either as fast as it can or
 * paced at a rate, for a number of seconds.  Prints "rate N" (changes a
 * second achieved) and, per change, nothing: the centre times them.
 *
 *   hubload FILE --create [--attach PLANT]
 *   hubload FILE SECONDS [RATE] [FIRST]   (RATE 0: as fast as it can)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hub.h"
#include "materials.h"
#include "mes.h"
#include "timing.h"

static struct mes_db *open_plant(const char *path, int create)
{
	struct mes_settings s;
	struct mes_db *db;

	mes_settings_default(&s);
	s.hash_cost = MES_HASH_FAST;
	if (mes_db_open(&db, path, create ? MES_OPEN_CREATE : 0, &s) != MES_OK ||
	    (create && mes_user_bootstrap(db, "bench", "Bench", "123456") !=
	     MES_OK) || mes_login_pin(db, "bench", "123456") != MES_OK) {
		fprintf(stderr, "hubload: %s\n", mes_db_errmsg(db));
		mes_db_close(db);
		return NULL;
	}
	return db;
}

static void pause_until(double at_us)
{
	double left = at_us - bench_now_us();
	struct timespec t;

	if (left <= 0)
		return;
	t.tv_sec = (time_t)(left / 1e6);
	t.tv_nsec = (long)((left - t.tv_sec * 1e6) * 1e3);
	nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
	struct mes_db *db;
	double secs, rate = 0, t0, end;
	long first = 1, n = 0;
	char code[32];

	if (argc >= 3 && !strcmp(argv[2], "--create")) {
		if (!(db = open_plant(argv[1], 1)))
			return 1;
		if (argc > 4 && mes_hub_attach(db, argv[4]) != MES_OK) {
			fprintf(stderr, "hubload: %s\n", mes_db_errmsg(db));
			return 1;
		}
		mes_db_close(db);
		return 0;
	}
	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: hubload FILE --create [--attach PLANT]\n"
		        "       hubload FILE SECONDS [RATE] [FIRST]\n");
		return 2;
	}
	secs = atof(argv[2]);
	if (argc > 3)
		rate = atof(argv[3]);
	if (argc > 4)
		first = atol(argv[4]);
	if (!(db = open_plant(argv[1], 0)))
		return 1;
	t0 = bench_now_us();
	end = t0 + secs * 1e6;
	while (bench_now_us() < end) {
		if (rate > 0)
			pause_until(t0 + n * 1e6 / rate);
		snprintf(code, sizeof code, "B%08ld", first + n);
		if (mes_location_add(db, code, "bench", NULL) != MES_OK) {
			fprintf(stderr, "hubload: %s\n", mes_db_errmsg(db));
			mes_db_close(db);
			return 1;
		}
		n++;
	}
	printf("rate %.0f\n", n / ((bench_now_us() - t0) / 1e6));
	mes_db_close(db);
	return 0;
}
