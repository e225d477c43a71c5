/*
 * The writers' queue: a process-shared robust mutex in a small file
 * beside the database (<db>-lock) that a writer takes before BEGIN
 * IMMEDIATE and lets go after COMMIT.
 *
 * Why: SQLite's busy handler polls its lock, sleeping up to 100 ms
 * between tries.  Under a steady stream of writers the lock is free only
 * for moments, and a poller that has backed off to 100 ms can miss every
 * one of them for the whole busy timeout, then tell an operator the
 * database is busy.  A waiter on this mutex sleeps in the kernel and is
 * woken as the holder lets go.  It is a priority-inheritance mutex for
 * the way those are let go: the kernel hands it straight to the waiter
 * at the head of its queue (oldest first among equals) instead of waking
 * one to race for it, so a writer that has just committed cannot take
 * it again ahead of those waiting.  First come, first served; a writer
 * waits for at most the transactions queued before it.
 *
 * SQLite's lock stays the authority: the queue only orders writers.  Any
 * trouble with it (a read-only directory, a file that is not ours, this
 * thread already holding it through another handle) falls back to
 * SQLite's busy handler, as before the queue existed.  A writer killed
 * while holding it passes it on (robust mutex: EOWNERDEAD), and the
 * kernel drops it with the process, so nobody waits on the dead.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

#define WQ_MAGIC 0x4d455352u   /* 'MESR': robust, priority-inheriting */

struct wq_shared {
	uint32_t magic;
	uint32_t size;
	pthread_mutex_t m;
};

static int wq_init_mutex(struct wq_shared *q)
{
	pthread_mutexattr_t a;
	int rc;

	if (pthread_mutexattr_init(&a) != 0)
		return -1;
	rc = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) |
	     pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) |
	     pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT) |
	     pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	if (rc == 0)
		rc = pthread_mutex_init(&q->m, &a);
	pthread_mutexattr_destroy(&a);
	if (rc != 0)
		return -1;
	q->size = sizeof *q;
	/* Last: a writer killed half way leaves a file the next opener
	 * sets up again (under the same flock). */
	__atomic_store_n(&q->magic, WQ_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

/* Set-up holds the flock for microseconds: one held for long is not
 * ours to wait on (say, somebody's flock(1) on the file). */
static int flock_briefly(int fd)
{
	const struct timespec pause = { 0, 5 * 1000000L };
	int i;

	for (i = 0; i < 200; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 1;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return 0;
		nanosleep(&pause, NULL);
	}
	return 0;
}

/* Maps <db>-lock, creating and setting it up under flock so that two
 * first writers do not both initialise the mutex. */
static struct wq_shared *wq_map(const char *dbpath)
{
	char path[sizeof ((struct mes_db *)0)->path + 8];
	struct wq_shared *q = NULL;
	struct stat sb;
	void *p;
	int fd;

	if (snprintf(path, sizeof path, "%s-lock", dbpath) >= (int)sizeof path)
		return NULL;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (fd < 0)
		return NULL;
	/* The database's group shares the queue, whatever the umask. */
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0 &&
	    (sb.st_mode & 0777) != 0660)
		(void)fchmod(fd, 0660);
	if (!flock_briefly(fd) || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		goto out;
	if ((size_t)sb.st_size < sizeof *q &&
	    ftruncate(fd, sizeof *q) != 0)
		goto out;
	p = mmap(NULL, sizeof *q, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto out;
	q = p;
	if (__atomic_load_n(&q->magic, __ATOMIC_ACQUIRE) != WQ_MAGIC ||
	    q->size != sizeof *q) {
		if (wq_init_mutex(q) != 0) {
			munmap(p, sizeof *q);
			q = NULL;
		}
	}
out:
	/* Explicitly: the mapping keeps the open file alive past close(),
	 * and the flock with it. */
	flock(fd, LOCK_UN);
	close(fd);
	return q;
}

int wq_enter(struct mes_db *db)
{
	struct timespec until;
	int rc;

	if (db->wq_state == WQ_UNTRIED) {
		db->wq = db->set.writer_queue ? wq_map(db->path) : NULL;
		db->wq_state = db->wq ? WQ_ON : WQ_OFF;
	}
	if (db->wq_state != WQ_ON)
		return MES_OK;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += db->set.busy_timeout_ms / 1000;
	until.tv_nsec += (long)(db->set.busy_timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	rc = pthread_mutex_timedlock(&db->wq->m, &until);
	if (rc == EOWNERDEAD) {
		/* The writer died in its transaction; SQLite has rolled that
		 * back on its own (the WAL frames were never committed). */
		pthread_mutex_consistent(&db->wq->m);
		rc = 0;
	}
	if (rc == 0) {
		db->wq_held = 1;
		return MES_OK;
	}
	if (rc == ETIMEDOUT)
		return MES_ERR_BUSY;
	/* EDEADLK: this thread holds it through another handle, whose
	 * transaction SQLite will make this one wait for (or refuse). */
	return MES_OK;
}

void wq_leave(struct mes_db *db)
{
	if (db->wq_held) {
		db->wq_held = 0;
		pthread_mutex_unlock(&db->wq->m);
	}
}

void wq_close(struct mes_db *db)
{
	wq_leave(db);
	if (db->wq)
		munmap(db->wq, sizeof *db->wq);
	db->wq = NULL;
	db->wq_state = WQ_OFF;
}
