/*
 * The reliability harness: writer processes that run real core
 * transactions and log what they saw committed, a killer, and the check
 * that compares the logs with the database afterwards.
 *
 * Each writer appends to its own log with write(2) on an O_APPEND file
 * descriptor (no stdio buffer a SIGKILL could lose):
 *   I <kind> <token> <args...>    before the core call
 *   C <kind> <token> <args...>    after it returned MES_OK
 *   E <kind> <token> <message>    after it failed
 * The token is unique over the run (writer, pid, counter), so the check
 * can tell a lost transaction from a doubled one.
 */
#ifndef REL_H
#define REL_H

#include "mes.h"

#define REL_USER "luis"
#define REL_PIN  "2222"
#define REL_MAXW 256

/* One run's shape. */
struct rel_opts {
	const char *dir;         /* plant.db and the logs go here */
	int writers;
	int rounds;              /* crash: kill rounds */
	int seconds;             /* concurrency: how long each writer writes */
	int think_ms;            /* mean pause between transactions (0: none) */
	unsigned seed;
};

/* Fills dir/plant.db with a plant the writers work on: for each writer
 * w an order WO-w with operation 10 running, a work center WC-w. */
int rel_setup(const struct rel_opts *o);
/* One writer: until seconds run out (0: forever), pausing 0 to 2 *
 * think_ms between transactions, as a person scanning would. */
int rel_writer(const char *dir, int w, unsigned seed, int seconds,
               int think_ms);
/* Reads every log under dir and checks it against dir/plant.db; prints
 * the figures; returns the number of problems (0: all found). */
int rel_verify(const char *dir, long long kills, int want_latency);

/* The database path inside dir (static buffer). */
const char *rel_db(const char *dir);
void rel_settings(struct mes_settings *s);

#endif
