/*
 * What mes-collect keeps per PLC between bookings: the deltas of its
 * counters since the last booking, the readings they were taken to, the
 * signal samples, and the state last booked.  Pure: the program polls and
 * books; this folds one poll into the pending booking and says when a
 * booking is due.
 *
 * Counts are never lost or doubled because a booking carries the counter
 * readings its deltas end at, and core saves both in one transaction: a
 * collector that restarts seeds the driver from the saved readings, so
 * whatever was not booked is counted again from the PLC, exactly once.
 */
#ifndef MES_COLL_H
#define MES_COLL_H

#include <stddef.h>
#include "modbus/mb.h"
#include "machine.h"

#define COLL_MAX_COUNTERS 32
#define COLL_MAX_SIGNALS 4096

struct coll_signal {
	char tag[32];
	double value;
	char ts[32];
};

struct coll_pending {
	double good, scrap, cycles, kwh;
	struct mes_machine_counter ctr[COLL_MAX_COUNTERS];
	char ctr_tag[COLL_MAX_COUNTERS][32];
	size_t nctr;
	struct coll_signal *sig;
	size_t nsig, capsig;
	long long dropped;              /* signal samples over the cap */
	char state[12], fault[128];     /* from the last poll; "" unknown */
	char booked_state[12], booked_fault[128];
	int booked_online;              /* -1 never booked, 0, 1 */
	long long last_book_ms;
};

void coll_init(struct coll_pending *p);
void coll_free(struct coll_pending *p);

/* Folds the samples of a successful poll in.  ts: the poll's UTC time. */
void coll_take(struct coll_pending *p, const struct mes_mb_plc *plc,
               const char *ts);

/* 1 when a booking is due at now_ms: the link or state changed, or
 * book_ms passed with something to book. */
int coll_due(const struct coll_pending *p, int online, long long now_ms,
             long book_ms);

/* Fills b (pointing into p) for PLC name; valid until p changes. */
void coll_booking(struct coll_pending *p, const char *name, int online,
                  const char *error, struct mes_machine_booking *b,
                  struct mes_machine_signal *sigbuf, size_t nsigbuf);

/* After core saved the booking: starts the next one. */
void coll_booked(struct coll_pending *p, int online, long long now_ms);


#endif
