/*
 * Several processes writing at once: every one succeeds, nothing is
 * lost or doubled, and the audit chain stays one unbroken line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fixture.h"
#include "testhelp.h"

#define WRITERS 6
#define EACH 60

static int writer(const char *path, int w)
{
	struct mes_settings s;
	struct mes_db *db;
	char code[32];
	int i, fails = 0;

	fx_settings(&s);
	if (mes_db_open(&db, path, 0, &s) != MES_OK ||
	    mes_login_pin(db, "root", "9999") != MES_OK) {
		fprintf(stderr, "writer %d: %s\n", w, mes_db_errmsg(db));
		return 1;
	}
	for (i = 0; i < EACH; i++) {
		snprintf(code, sizeof code, "W%d-%03d", w, i);
		if (mes_wc_add(db, code, "load", 1) != MES_OK) {
			fprintf(stderr, "writer %d: %s\n", w, mes_db_errmsg(db));
			fails++;
		}
	}
	mes_db_close(db);
	return fails ? 1 : 0;
}

int main(void)
{
	struct mes_db *db = fx_new_db("conc.db");
	struct mes_status st;
	pid_t pids[WRITERS];
	long long n = 0, bad = 0, audit_before;
	int w, status, ok = 0;

	mes_status_get(db, &st);
	audit_before = st.audit_records;

	T_CASE("six processes write at once and all of them succeed");
	for (w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0)
			_exit(writer(fx_path("conc.db"), w));
	}
	for (w = 0; w < WRITERS; w++)
		if (waitpid(pids[w], &status, 0) == pids[w] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ok++;
	T_CHECK(ok == WRITERS);

	T_CASE("nothing lost or doubled");
	T_CHECK_RC(mes_status_get(db, &st), MES_OK);
	T_CHECK(st.work_centers == WRITERS * EACH);
	/* Each writer logged in once and added EACH work centers. */
	T_CHECK(st.audit_records == audit_before + WRITERS * (EACH + 1));

	T_CASE("the audit chain is unbroken after concurrent appends");
	T_CHECK_RC(mes_audit_verify(db, &n, &bad), MES_OK);
	T_CHECK(n == st.audit_records);
	mes_db_close(db);
	return t_report("test_concurrency");
}
