/*
 * Shift change: N people log in by PIN within S seconds, each in a
 * process of its own as at N terminals, at the plant's default PIN hash
 * cost (argon2id, interactive), against one bare crypto_pwhash_str_verify
 * of the same cost in the same run.  Prints the log-ins' times p50, p99
 * and max and how many were refused.  Users shift1..shiftN are added on
 * beforehand by "logins --add DB N": that hashing is setup, not measured.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "mes.h"
#include "timing.h"

#define PIN "246810"

struct result {
	double ms;
	int rc;
};

static void sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1e3);
	ts.tv_nsec = (long)((ms - ts.tv_sec * 1e3) * 1e6);
	nanosleep(&ts, NULL);
}

static struct mes_db *open_db(const char *path)
{
	struct mes_settings s;
	struct mes_db *db;

	mes_settings_default(&s);
	if (mes_db_open(&db, path, 0, &s) != MES_OK) {
		fprintf(stderr, "logins: %s: %s\n", path, mes_db_errmsg(db));
		mes_db_close(db);
		return NULL;
	}
	return db;
}

/* shift1..shiftN, operators with one PIN; those already there stay. */
static int add_users(const char *path, int n)
{
	struct mes_db *db = open_db(path);
	char login[32], badge[32];
	int i, rc;

	if (!db)
		return -1;
	if (mes_login_pin(db, "bench", "123456") != MES_OK) {
		fprintf(stderr, "logins: bench: %s\n", mes_db_errmsg(db));
		mes_db_close(db);
		return -1;
	}
	for (i = 1; i <= n; i++) {
		snprintf(login, sizeof login, "shift%d", i);
		snprintf(badge, sizeof badge, "S%05d", i);
		rc = mes_user_add(db, login, "Shift operator", MES_ROLE_OPERATOR,
		                  badge, PIN);
		if (rc != MES_OK && rc != MES_ERR_EXISTS) {
			fprintf(stderr, "logins: %s: %s\n", login,
			        mes_db_errmsg(db));
			mes_db_close(db);
			return -1;
		}
	}
	mes_db_close(db);
	return 0;
}

/* The hash alone, as the log-ins verify it: the median of five. */
static double bare_verify(void)
{
	char stored[crypto_pwhash_STRBYTES];
	double t[5], t0;
	int i;

	if (crypto_pwhash_str(stored, PIN, strlen(PIN),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	for (i = 0; i < 5; i++) {
		t0 = bench_now_ms();
		if (crypto_pwhash_str_verify(stored, PIN, strlen(PIN)) != 0)
			return -1;
		t[i] = bench_now_ms() - t0;
	}
	return bench_pct(t, 5, 0.5);
}

static void one_login(const char *path, int i, int out)
{
	struct result r = { 0, MES_ERR_DB };
	struct mes_db *db = open_db(path);
	char login[32];
	double t0 = bench_now_ms();

	snprintf(login, sizeof login, "shift%d", i);
	if (db) {
		r.rc = mes_login_pin(db, login, PIN);
		r.ms = bench_now_ms() - t0;
		if (r.rc != MES_OK)
			fprintf(stderr, "logins: %s: %s\n", login,
			        mes_db_errmsg(db));
	}
	mes_db_close(db);
	if (write(out, &r, sizeof r) != (ssize_t)sizeof r)
		_exit(2);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct result r;
	double *ms, t0, base;
	int n, secs, i, fd[2], got = 0;

	if (argc == 4 && !strcmp(argv[1], "--add") && (n = atoi(argv[3])) > 0)
		return add_users(argv[2], n) != 0;
	if (argc != 4 || (n = atoi(argv[2])) < 1 || (secs = atoi(argv[3])) < 0) {
		fprintf(stderr, "usage: logins --add DB N | logins DB N SECONDS\n");
		return 2;
	}
	if (sodium_init() < 0 || pipe(fd) != 0)
		return 1;
	base = bare_verify();
	if (!(ms = calloc((size_t)n, sizeof *ms)))
		return 1;
	t0 = bench_now_ms();
	for (i = 1; i <= n; i++) {
		pid_t pid;

		sleep_ms(t0 + 1e3 * secs * (i - 1) / n - bench_now_ms());
		if ((pid = fork()) == 0) {
			close(fd[0]);
			one_login(argv[1], i, fd[1]);
		}
		if (pid < 0)
			fprintf(stderr, "logins: fork: %s\n", strerror(errno));
	}
	close(fd[1]);
	while (read(fd[0], &r, sizeof r) == (ssize_t)sizeof r) {
		if (r.rc == MES_OK)
			ms[got++] = r.ms;
	}
	while (wait(NULL) > 0)
		;
	printf("logins: %d log-ins by PIN within %d s, a process each "
	       "(argon2id, interactive)\n", n, secs);
	printf("  %-44s %8.1f ms\n", "baseline: one bare argon2id verify", base);
	printf("  log-in p50 %.1f ms  p99 %.1f ms  max %.1f ms  refused %d of "
	       "%d\n", bench_pct(ms, got, 0.5), bench_pct(ms, got, 0.99),
	       bench_pct(ms, got, 1.0), n - got, n);
	free(ms);
	return got < n;
}
