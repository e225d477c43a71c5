/*
 * relwork: the crash and concurrency runs of the reliability suite.
 *
 *   relwork crash DIR WRITERS ROUNDS [SEED]   writers + a SIGKILL killer
 *   relwork conc DIR PROCS SECONDS [SEED [THINK_MS]]
 *                                             writers at once, no kills,
 *                                             back to back or pausing
 *   relwork verify DIR                        check logs against the file
 *
 * Both runs end with the check (rel_verify) and a line the suite reads:
 *   relwork: committed=N found=N lost=N kills=N problems=N
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "rel.h"

static int think_ms;

static pid_t spawn(const char *dir, int w, unsigned seed, int seconds)
{
	pid_t p = fork();

	if (p == 0)
		_exit(rel_writer(dir, w, seed, seconds, think_ms));
	return p;
}

static void nap_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) != 0)
		;
}

static int crash(const struct rel_opts *o)
{
	pid_t pid[REL_MAXW];
	unsigned seed = o->seed;
	long long kills = 0;
	int w, r, st;

	for (w = 0; w < o->writers; w++)
		pid[w] = spawn(o->dir, w, seed + (unsigned)w * 7919, 0);
	for (r = 0; r < o->rounds; r++) {
		int n = 1 + (int)(rand_r(&seed) % (unsigned)(o->writers / 2 + 1));

		/* mostly in the middle of a transaction, sometimes right
		 * after a connection opened */
		nap_ms(5 + (long)(rand_r(&seed) % 150));
		while (n-- > 0) {
			w = (int)(rand_r(&seed) % (unsigned)o->writers);
			if (kill(pid[w], SIGKILL) == 0)
				kills++;
			waitpid(pid[w], &st, 0);
			pid[w] = spawn(o->dir, w, rand_r(&seed), 0);
		}
	}
	nap_ms(100);
	for (w = 0; w < o->writers; w++) {
		if (kill(pid[w], SIGKILL) == 0)
			kills++;
		waitpid(pid[w], &st, 0);
	}
	return (int)kills;
}

static int conc(const struct rel_opts *o)
{
	pid_t pid[REL_MAXW];
	int w, st, bad = 0;

	for (w = 0; w < o->writers; w++)
		pid[w] = spawn(o->dir, w, o->seed + (unsigned)w * 7919,
		               o->seconds);
	for (w = 0; w < o->writers; w++)
		if (waitpid(pid[w], &st, 0) != pid[w] || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "writer %d ended badly (%d)\n", w, st);
			bad++;
		}
	return bad;
}

static int usage(void)
{
	fprintf(stderr, "usage: relwork crash DIR WRITERS ROUNDS [SEED]\n"
	        "       relwork conc DIR PROCS SECONDS [SEED [THINK_MS]]\n"
	        "       relwork verify DIR\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct rel_opts o;
	int kills = 0, bad = 0;

	memset(&o, 0, sizeof o);
	if (argc < 3)
		return usage();
	o.dir = argv[2];
	if (strcmp(argv[1], "verify") == 0)
		return rel_verify(o.dir, 0, 1) ? 1 : 0;
	if (argc < 5)
		return usage();
	o.writers = atoi(argv[3]);
	o.seed = argc > 5 ? (unsigned)strtoul(argv[5], NULL, 10) :
	         (unsigned)time(NULL);
	think_ms = argc > 6 ? atoi(argv[6]) : 0;
	if (o.writers < 1 || o.writers > REL_MAXW)
		return usage();
	printf("relwork %s: %d processes, seed %u, pause %d ms\n", argv[1],
	       o.writers, o.seed, think_ms);
	fflush(stdout);
	if (rel_setup(&o) != 0)
		return 1;
	if (strcmp(argv[1], "crash") == 0) {
		o.rounds = atoi(argv[4]);
		kills = crash(&o);
	} else if (strcmp(argv[1], "conc") == 0) {
		o.seconds = atoi(argv[4]);
		bad = conc(&o);
	} else {
		return usage();
	}
	bad += rel_verify(o.dir, kills, strcmp(argv[1], "conc") == 0);
	printf("relwork: kills=%d problems=%d\n", kills, bad);
	return bad ? 1 : 0;
}
