/*
 * One PLC's pending booking, see coll.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coll.h"

/* A bounded copy without printf: this runs for every sample of a poll. */
static void copy(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

void coll_init(struct coll_pending *p)
{
	memset(p, 0, sizeof *p);
	p->booked_online = -1;
}

void coll_free(struct coll_pending *p)
{
	free(p->sig);
	p->sig = NULL;
	p->nsig = p->capsig = 0;
}

/* Our state names for the driver's. NULL for unknown. */
static const char *coll_state_name(enum mes_mb_state s)
{
	switch (s) {
	case MES_MB_STATE_RUNNING:
		return "running";
	case MES_MB_STATE_IDLE:
		return "idle";
	case MES_MB_STATE_DOWN:
		return "down";
	case MES_MB_STATE_SETUP:
		return "setup";
	default:
		return NULL;
	}
}

static void keep_counter(struct coll_pending *p, const char *tag, double raw)
{
	size_t i;

	for (i = 0; i < p->nctr; i++)
		if (!strcmp(p->ctr_tag[i], tag))
			break;
	if (i == p->nctr) {
		if (p->nctr == COLL_MAX_COUNTERS)
			return;
		copy(p->ctr_tag[i], sizeof p->ctr_tag[i], tag);
		p->nctr++;
	}
	p->ctr[i].raw = raw;
}

static void keep_signal(struct coll_pending *p, const char *tag, double v,
                        const char *ts)
{
	struct coll_signal *n;

	if (p->nsig == p->capsig) {
		size_t cap = p->capsig ? p->capsig * 2 : 64;

		if (cap > COLL_MAX_SIGNALS || !(n = realloc(p->sig,
		                                            cap * sizeof *n))) {
			p->dropped++;
			return;
		}
		p->sig = n;
		p->capsig = cap;
	}
	n = &p->sig[p->nsig++];
	copy(n->tag, sizeof n->tag, tag);
	n->value = v;
	copy(n->ts, sizeof n->ts, ts);
}

void coll_take(struct coll_pending *p, const struct mes_mb_plc *plc,
               const char *ts)
{
	const struct mes_mb_sample *s;
	const char *reason = NULL, *st;
	size_t i, n;

	s = mes_mb_plc_samples(plc, &n);
	for (i = 0; i < n; i++, s++) {
		if (s->quality & MES_MB_Q_NOVALUE)
			continue;
		switch (s->tag->role) {
		case MES_MB_ROLE_GOOD:
		case MES_MB_ROLE_SCRAP:
		case MES_MB_ROLE_CYCLES:
		case MES_MB_ROLE_ENERGY:
			if (s->has_delta && isfinite(s->delta) && s->delta > 0) {
				double *acc = s->tag->role == MES_MB_ROLE_GOOD ?
				    &p->good : s->tag->role == MES_MB_ROLE_SCRAP ?
				    &p->scrap : s->tag->role == MES_MB_ROLE_CYCLES ?
				    &p->cycles : &p->kwh;
				*acc += s->delta;
			}
			keep_counter(p, s->tag->name, s->counter);
			break;
		case MES_MB_ROLE_SIGNAL:
			if (!(s->quality & MES_MB_Q_RANGE))
				keep_signal(p, s->tag->name, s->value, ts);
			break;
		default:
			break;
		}
	}
	st = coll_state_name(mes_mb_plc_state(plc, &reason));
	copy(p->state, sizeof p->state, st ? st : "");
	copy(p->fault, sizeof p->fault, reason ? reason : "");
}

int coll_due(const struct coll_pending *p, int online, long long now_ms,
             long book_ms)
{
	if (p->booked_online != online)
		return 1;
	if (!online)
		return 0;
	if (p->state[0] && (strcmp(p->state, p->booked_state) ||
	                    strcmp(p->fault, p->booked_fault)))
		return 1;
	if (now_ms - p->last_book_ms < book_ms)
		return 0;
	return p->good > 0 || p->scrap > 0 || p->cycles > 0 || p->kwh > 0 ||
	       p->nsig > 0;
}

void coll_booking(struct coll_pending *p, const char *name, int online,
                  const char *error, struct mes_machine_booking *b,
                  struct mes_machine_signal *sigbuf, size_t nsigbuf)
{
	size_t i;

	memset(b, 0, sizeof *b);
	b->plc = name;
	b->online = online;
	b->error = error;
	if (!online)
		return;
	b->state = p->state[0] ? p->state : NULL;
	b->fault = p->fault[0] ? p->fault : NULL;
	b->good = p->good;
	b->scrap = p->scrap;
	b->cycles = p->cycles;
	b->kwh = p->kwh;
	for (i = 0; i < p->nctr; i++)
		p->ctr[i].tag = p->ctr_tag[i];
	b->counters = p->ctr;
	b->ncounters = p->nctr;
	for (i = 0; i < p->nsig && i < nsigbuf; i++) {
		sigbuf[i].tag = p->sig[i].tag;
		sigbuf[i].value = p->sig[i].value;
		sigbuf[i].ts = p->sig[i].ts;
	}
	b->signals = sigbuf;
	b->nsignals = i;
}

void coll_booked(struct coll_pending *p, int online, long long now_ms)
{
	p->booked_online = online;
	p->last_book_ms = now_ms;
	if (!online)
		return;
	p->good = p->scrap = p->cycles = p->kwh = 0;
	p->nsig = 0;
	copy(p->booked_state, sizeof p->booked_state, p->state);
	copy(p->booked_fault, sizeof p->booked_fault, p->fault);
}
