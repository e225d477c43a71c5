/*
 * The mes.ini tests' files: a temporary directory of real files, written
 * and then read through config.h, with the warnings collected.  Shared by
 * the settings tests (test_config.c) and the file-reading tests
 * (test_ini.c).
 */
#ifndef INIFIX_H
#define INIFIX_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "testhelp.h"

static char tmpdir[] = "/tmp/mes-test-ini.XXXXXX";
static char err[1024];

struct warns {
	int n;
	char all[4096];
};

static inline void collect(const char *msg, void *ctx)
{
	struct warns *w = ctx;
	size_t len = strlen(w->all);

	w->n++;
	snprintf(w->all + len, sizeof w->all - len, "%s\n", msg);
}

/* path inside tmpdir; four buffers, so a call can take two or three. */
static inline const char *tp(const char *name)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", tmpdir, name);
	return buf[i];
}

static inline void put(const char *name, const char *text)
{
	FILE *f = fopen(tp(name), "w");

	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(tp(name));
		exit(2);
	}
}

static inline void put_bytes(const char *name, const char *p, size_t n)
{
	FILE *f = fopen(tp(name), "w");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(tp(name));
		exit(2);
	}
}

/* Writes mes.ini, loads it and fills *s; warnings go to w. */
static inline int settings_of(const char *text, struct mes_settings *s,
                       struct warns *w)
{
	struct mes_ini *ini;
	int rc;

	memset(w, 0, sizeof *w);
	err[0] = '\0';
	put("mes.ini", text);
	rc = mes_ini_load(tp("mes.ini"), &ini, err, sizeof err);
	if (rc != MES_OK) {
		mes_settings_default(s);
		return rc;
	}
	rc = mes_config_settings(ini, s, collect, w, err, sizeof err);
	mes_ini_free(ini);
	return rc;
}

static inline int load_only(const char *text)
{
	struct mes_ini *ini = NULL;
	int rc;

	err[0] = '\0';
	put("mes.ini", text);
	rc = mes_ini_load(tp("mes.ini"), &ini, err, sizeof err);
	T_CHECK(rc == MES_OK || ini == NULL);
	mes_ini_free(ini);
	return rc;
}

static inline int same_settings(const struct mes_settings *a,
                         const struct mes_settings *b)
{
	return !strcmp(a->db_path, b->db_path) &&
	       a->busy_timeout_ms == b->busy_timeout_ms &&
	       a->max_failures == b->max_failures &&
	       a->idle_lock_s == b->idle_lock_s &&
	       a->unix_login == b->unix_login &&
	       a->min_pin_len == b->min_pin_len &&
	       a->hash_cost == b->hash_cost;
}

static inline void ini_cleanup(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlink(tp(e->d_name));
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
}

/* Makes the directory (exits 2 when it cannot) and starts clean. */
static inline void ini_setup(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
	unsetenv("MES_CONFIG");
}

#endif
