/*
 * The writers' queue (core/base/wqueue.c): writers wait their turn in the
 * kernel rather than polling SQLite's lock; a writer that dies or stops
 * inside a change cannot hang the others; a -lock file that is not ours
 * leaves writers on SQLite's own lock.  White box: a child holds a
 * transaction open through the core's own tx_begin_raw.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "base/internal.h"
#include "fixture.h"
#include "testhelp.h"

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct mes_db *open_as_root(const char *name, int busy_ms)
{
	struct mes_settings s;
	struct mes_db *db;

	fx_settings(&s);
	s.busy_timeout_ms = busy_ms;
	if (mes_db_open(&db, fx_path(name), 0, &s) != MES_OK ||
	    mes_login_pin(db, "root", "9999") != MES_OK) {
		fprintf(stderr, "open: %s\n", mes_db_errmsg(db));
		exit(2);
	}
	return db;
}

/* A child that begins a change, says so on the pipe, then holds it for
 * hold_ms (0: until killed), commits and stays linger_ms longer. */
static pid_t holder_for(const char *name, int hold_ms, int linger_ms)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p) != 0)
		exit(2);
	pid = fork();
	if (pid == 0) {
		struct mes_db *db = open_as_root(name, 20000);
		int rc;

		close(p[0]);
		if (tx_begin_raw(db) != MES_OK)
			_exit(3);
		if (write(p[1], "r", 1) != 1)
			_exit(3);
		if (hold_ms == 0)
			for (;;)
				pause();
		usleep((useconds_t)hold_ms * 1000);
		rc = tx_end(db, MES_OK);
		usleep((useconds_t)linger_ms * 1000);
		_exit(rc == MES_OK ? 0 : 4);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		exit(2);
	close(p[0]);
	return pid;
}

static pid_t holder(const char *name, int hold_ms)
{
	return holder_for(name, hold_ms, 0);
}

static int reaped_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

static void kill_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int main(void)
{
	struct mes_db *db = fx_new_db("q.db"), *a, *b;
	struct stat sb;
	double t0, waited;
	pid_t pid;
	int rc;

	T_CASE("the first change creates <db>-lock, not readable by others");
	T_CHECK(stat(fx_path("q.db-lock"), &sb) == 0);
	T_CHECK(S_ISREG(sb.st_mode) && (sb.st_mode & 07) == 0);

	T_CASE("a writer is let in as soon as the one before it commits");
	pid = holder("q.db", 300);
	t0 = now_s();
	T_CHECK_RC(mes_wc_add(db, "WQ-1", "after the holder", 1),
	           MES_OK);
	waited = now_s() - t0;
	T_CHECK(waited > 0.2 && waited < 2.0);
	T_CHECK(reaped_ok(pid));

	T_CASE("... also a writer that joins while another process holds it");
	pid = holder_for("q.db", 300, 2000);
	t0 = now_s();
	a = open_as_root("q.db", 20000);   /* its log-in is a change too */
	T_CHECK_RC(mes_wc_add(a, "WQ-1b", "joins late", 1), MES_OK);
	waited = now_s() - t0;
	T_CHECK(waited > 0.2 && waited < 1.5);
	T_CHECK(a->wq_state == WQ_ON);
	T_CHECK(reaped_ok(pid));
	mes_db_close(a);

	T_CASE("a writer killed inside a change does not hold up the next");
	pid = holder("q.db", 0);
	kill_reap(pid);
	t0 = now_s();
	T_CHECK_RC(mes_wc_add(db, "WQ-2", "after a dead holder", 1),
	           MES_OK);
	T_CHECK(now_s() - t0 < 2.0);
	/* and the queue is whole again for the change after */
	T_CHECK_RC(mes_wc_add(db, "WQ-3", "and again", 1), MES_OK);
	T_CHECK_RC(tx_begin_raw(db), MES_OK);
	T_CHECK(db->wq_held == 1);
	T_CHECK_RC(tx_end(db, MES_OK), MES_OK);

	T_CASE("a stopped writer: the next hears 'busy' after its timeout, "
	       "then writes once it is gone");
	a = open_as_root("q.db", 400);
	pid = holder("q.db", 0);
	t0 = now_s();
	rc = mes_wc_add(a, "WQ-4", "behind a stopped writer", 1);
	waited = now_s() - t0;
	T_CHECK_RC(rc, MES_ERR_BUSY);
	T_CHECK_HAS(mes_db_errmsg(a), "stayed busy");
	T_CHECK(waited >= 0.35 && waited < 3.0);
	kill_reap(pid);
	T_CHECK_RC(mes_wc_add(a, "WQ-4", "behind a stopped writer",
	                              1), MES_OK);

	T_CASE("two handles in one process: the second waits its timeout "
	       "rather than hanging on its own thread");
	b = open_as_root("q.db", 300);
	T_CHECK_RC(tx_begin_raw(a), MES_OK);
	t0 = now_s();
	T_CHECK_RC(mes_wc_add(b, "WQ-5", "same process", 1),
	           MES_ERR_BUSY);
	T_CHECK(now_s() - t0 < 3.0);
	T_CHECK_RC(tx_end(a, MES_OK), MES_OK);
	T_CHECK_RC(mes_wc_add(b, "WQ-5", "same process", 1), MES_OK);
	mes_db_close(a);
	mes_db_close(b);
	mes_db_close(db);

	T_CASE("a -lock file of garbage is set up again and used");
	{
		int fd = open(fx_path("q.db-lock"), O_WRONLY | O_TRUNC);
		T_CHECK(fd >= 0 && write(fd, "not a queue\n", 12) == 12);
		if (fd >= 0)
			close(fd);
	}
	db = open_as_root("q.db", 20000);
	T_CHECK_RC(mes_wc_add(db, "WQ-6", "after garbage", 1), MES_OK);
	T_CHECK(db->wq_state == WQ_ON);
	pid = holder("q.db", 200);
	T_CHECK_RC(mes_wc_add(db, "WQ-7", "queued", 1), MES_OK);
	T_CHECK(reaped_ok(pid));
	mes_db_close(db);

	T_CASE("a -lock that is a directory: writers go on without the queue");
	T_CHECK(unlink(fx_path("q.db-lock")) == 0);
	T_CHECK(mkdir(fx_path("q.db-lock"), 0700) == 0);
	db = open_as_root("q.db", 20000);
	T_CHECK_RC(mes_wc_add(db, "WQ-8", "no queue", 1), MES_OK);
	T_CHECK(db->wq_state == WQ_OFF);
	pid = holder("q.db", 200);
	T_CHECK_RC(mes_wc_add(db, "WQ-9", "on SQLite's lock", 1),
	           MES_OK);
	T_CHECK(reaped_ok(pid));
	mes_db_close(db);
	T_CHECK(rmdir(fx_path("q.db-lock")) == 0);

	T_CASE("a -lock that is a symbolic link is not followed");
	T_CHECK(symlink(fx_path("elsewhere"), fx_path("q.db-lock")) == 0);
	db = open_as_root("q.db", 20000);
	T_CHECK_RC(mes_wc_add(db, "WQ-10", "link", 1), MES_OK);
	T_CHECK(db->wq_state == WQ_OFF);
	T_CHECK(access(fx_path("elsewhere"), F_OK) != 0 && errno == ENOENT);
	mes_db_close(db);

	T_CASE("writer_queue = no: no -lock file, writers poll SQLite's lock");
	{
		struct mes_settings s;

		fx_settings(&s);
		s.writer_queue = 0;
		T_CHECK_RC(mes_db_open(&db, fx_path("nq.db"), MES_OPEN_CREATE,
		                       &s), MES_OK);
		T_CHECK_RC(mes_user_bootstrap(db, "root", "Root", "9999"),
		           MES_OK);
		T_CHECK_RC(mes_login_pin(db, "root", "9999"), MES_OK);
		T_CHECK_RC(mes_wc_add(db, "NQ-1", "no queue", 1),
		           MES_OK);
		T_CHECK(db->wq_state == WQ_OFF);
		T_CHECK(access(fx_path("nq.db-lock"), F_OK) != 0);
		mes_db_close(db);
	}
	return t_report("test_wqueue");
}
