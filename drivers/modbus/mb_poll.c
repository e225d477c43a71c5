/*
 * One PLC's link and poll cycle.  libmodbus frames the replies; this file
 * checks what libmodbus 3.1.6 does not (the unit id and MBAP header of a
 * TCP reply, the byte count against the request) and owns reconnecting:
 * MODBUS_ERROR_RECOVERY_LINK would retry connect endlessly inside a send.
 *
 * Requests go out with modbus_send_raw_request() so the whole reply comes
 * back from modbus_receive_confirmation() for checking.  libmodbus 3.1
 * sends raw requests with transaction id 0, so the id cannot tell one
 * reply from the next: after a timeout or a reply that does not fit its
 * request the connection is closed, because a late reply still in flight
 * could otherwise be taken for the answer to the next request.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <modbus.h>

#include "mb.h"
#include "mb_int.h"

enum xfer { X_OK, X_EXCEPTION, X_BADREPLY, X_IO };

struct tagstate {
	int have;               /* a value has been read */
	double last_raw;
	double counter;         /* last counter reading, unsigned */
	int have_counter;
	char reason[32];        /* "fault 123" for an unmapped fault code */
};

struct reqstate {
	long long retry_ms;     /* after 01-04: no request before this */
	int exception;
};

struct mes_mb_plc {
	struct mes_mb_cfg *cfg;
	struct mes_mb_plan plan;
	int gap;                /* may drop to 0, see bridged_refused() */
	modbus_t *ctx;
	int connected;
	enum mes_mb_link link;
	struct mes_mb_backoff backoff;
	struct mes_mb_sample *samples;
	struct tagstate *ts;
	struct reqstate *rs;
	long long next_ms;
	long long running_ms;   /* when the state tag last turned running */
	enum mes_mb_state last_state;
	struct mes_mb_stats st;
	char err[256];
};

static void seterr(struct mes_mb_plc *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void seterr(struct mes_mb_plc *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof p->err, fmt, ap);
	va_end(ap);
}

static int replan(struct mes_mb_plc *p)
{
	struct reqstate *rs;
	int rc;

	mes_mb_plan_free(&p->plan);
	rc = mes_mb_plan_build(p->cfg->tags, p->cfg->ntags, p->gap,
	                       p->cfg->max_regs, p->cfg->max_bits, &p->plan);
	if (rc != MES_OK)
		return rc;
	rs = calloc(p->plan.nreqs ? p->plan.nreqs : 1, sizeof *rs);
	if (!rs)
		return MES_ERR_NOMEM;
	free(p->rs);
	p->rs = rs;
	return MES_OK;
}

static modbus_t *new_ctx(const struct mes_mb_cfg *c)
{
	char port[16];

	if (c->proto == MES_MB_RTU)
		return modbus_new_rtu(c->device, c->baud, c->parity,
		                      c->data_bits, c->stop_bits);
	snprintf(port, sizeof port, "%d", c->port);
	/* _pi: a host name as well as an address. */
	return modbus_new_tcp_pi(c->host, port);
}

int mes_mb_plc_open(struct mes_mb_plc **out, struct mes_mb_cfg *cfg)
{
	struct mes_mb_plc *p;
	uint32_t s, us;
	size_t i;
	int rc;

	if (!out || !cfg) {
		mes_mb_cfg_free(cfg);
		return MES_ERR_ARG;
	}
	*out = NULL;
	p = calloc(1, sizeof *p);
	if (!p) {
		mes_mb_cfg_free(cfg);
		return MES_ERR_NOMEM;
	}
	p->cfg = cfg;
	p->gap = cfg->gap;
	p->samples = calloc(cfg->ntags ? cfg->ntags : 1, sizeof *p->samples);
	p->ts = calloc(cfg->ntags ? cfg->ntags : 1, sizeof *p->ts);
	p->ctx = new_ctx(cfg);
	rc = MES_ERR_NOMEM;
	if (p->samples && p->ts && p->ctx)
		rc = replan(p);
	else if (p->samples && p->ts)
		rc = MES_ERR_ARG;       /* settings libmodbus rejects */
	if (rc != MES_OK) {
		mes_mb_plc_close(p);
		return rc;
	}
	for (i = 0; i < cfg->ntags; i++) {
		p->samples[i].tag = &cfg->tags[i];
		p->samples[i].quality = MES_MB_Q_NEW;
	}
	modbus_set_slave(p->ctx, cfg->unit);
	modbus_set_error_recovery(p->ctx, MODBUS_ERROR_RECOVERY_PROTOCOL);
	s = (uint32_t)(cfg->timeout_ms / 1000);
	us = (uint32_t)(cfg->timeout_ms % 1000) * 1000;
	modbus_set_response_timeout(p->ctx, s, us);
	/* No byte timeout: the response timeout then bounds the whole reply,
	 * so a peer that trickles bytes cannot stretch a cycle. */
	modbus_set_byte_timeout(p->ctx, 0, 0);
	mes_mb_backoff_init(&p->backoff, cfg->retry_min_ms, cfg->retry_max_ms);
	p->link = MES_MB_LINK_NEW;
	*out = p;
	return MES_OK;
}

static void disconnect(struct mes_mb_plc *p)
{
	if (p->connected)
		modbus_close(p->ctx);
	p->connected = 0;
}

void mes_mb_plc_close(struct mes_mb_plc *p)
{
	if (!p)
		return;
	if (p->ctx) {
		disconnect(p);
		modbus_free(p->ctx);
	}
	mes_mb_plan_free(&p->plan);
	mes_mb_cfg_free(p->cfg);
	free(p->samples);
	free(p->ts);
	free(p->rs);
	free(p);
}

/* ---- one transaction ---------------------------------------------------- */

static int is_bits(enum mes_mb_kind k)
{
	return k == MES_MB_COIL || k == MES_MB_DISCRETE;
}

static uint8_t function_of(enum mes_mb_kind k)
{
	static const uint8_t fc[] = { 0x01, 0x02, 0x04, 0x03 };

	return fc[k];
}

/* The TCP header: protocol 0, a length that matches, the unit asked. */
static enum xfer
check_mbap(struct mes_mb_plc *p, const uint8_t *rsp, int len)
{
	int tid = rsp[0] << 8 | rsp[1];
	int proto = rsp[2] << 8 | rsp[3];
	int mlen = rsp[4] << 8 | rsp[5];

	/* libmodbus 3.1 sends every raw request as transaction 0. */
	if (tid != 0) {
		seterr(p, "reply to transaction %d, sent 0", tid);
		return X_BADREPLY;
	}
	if (proto != 0) {
		seterr(p, "reply with protocol id %d, not 0 (Modbus)", proto);
		return X_BADREPLY;
	}
	if (mlen != len - 6) {
		seterr(p, "reply header says %d bytes, frame has %d", mlen,
		       len - 6);
		return X_BADREPLY;
	}
	if (rsp[6] != p->cfg->unit) {
		seterr(p, "reply from unit id %d, expected %d (gateway routing "
		       "or unit setting wrong)", rsp[6], p->cfg->unit);
		return X_BADREPLY;
	}
	return X_OK;
}

static enum xfer
io_error(struct mes_mb_plc *p, const char *what)
{
	int e = errno;

	if (e == EMBBADDATA || e == EMBBADCRC || e == EMBBADSLAVE) {
		seterr(p, "%s: %s", what, modbus_strerror(e));
		return X_BADREPLY;
	}
	seterr(p, "%s: %s", what, e == ETIMEDOUT ? "no reply within "
	       "timeout_ms" : modbus_strerror(e));
	return X_IO;
}

/*
 * Reads request r into words (registers, or one bit per word).  X_OK,
 * X_EXCEPTION (*exc set), X_BADREPLY or X_IO with the reason in p->err.
 */
static enum xfer
transact(struct mes_mb_plc *p, const struct mes_mb_req *r, uint16_t *words,
         int *exc)
{
	uint8_t req[6], rsp[MODBUS_TCP_MAX_ADU_LENGTH + 8];
	int hl = modbus_get_header_length(p->ctx);
	int crc = p->cfg->proto == MES_MB_RTU ? 2 : 0;
	int len, want, i;
	enum xfer x;

	req[0] = (uint8_t)p->cfg->unit;
	req[1] = function_of(r->kind);
	req[2] = (uint8_t)(r->addr >> 8);
	req[3] = (uint8_t)r->addr;
	req[4] = (uint8_t)(r->count >> 8);
	req[5] = (uint8_t)r->count;
	p->st.requests++;
	if (modbus_send_raw_request(p->ctx, req, 6) < 0)
		return io_error(p, "send");
	len = modbus_receive_confirmation(p->ctx, rsp);
	if (len < 0)
		return io_error(p, "receive");
	/* RTU: libmodbus drops a frame from another slave and returns 0. */
	if (len == 0 || len < hl + 2 + crc) {
		seterr(p, "reply from another unit id or too short");
		return X_BADREPLY;
	}
	if (p->cfg->proto == MES_MB_TCP &&
	    (x = check_mbap(p, rsp, len)) != X_OK)
		return x;
	if (p->cfg->proto == MES_MB_RTU && rsp[0] != p->cfg->unit) {
		seterr(p, "reply from unit id %d, expected %d", rsp[0],
		       p->cfg->unit);
		return X_BADREPLY;
	}
	if (rsp[hl] == (req[1] | 0x80) && len == hl + 2 + crc &&
	    (rsp[hl + 1] == 0x0a || rsp[hl + 1] == 0x0b)) {
		/* The gateway answers, the PLC behind it does not. */
		seterr(p, "gateway: exception %02d, unit id %d unreachable",
		       rsp[hl + 1], p->cfg->unit);
		return X_IO;
	}
	if (rsp[hl] == (req[1] | 0x80) && len == hl + 2 + crc) {
		*exc = rsp[hl + 1];
		seterr(p, "exception %02d reading %s:%u+%u", *exc,
		       mes_mb_kind_name(r->kind), r->addr, r->count);
		return X_EXCEPTION;
	}
	if (rsp[hl] != req[1]) {
		seterr(p, "reply with function %d to function %d", rsp[hl],
		       req[1]);
		return X_BADREPLY;
	}
	want = is_bits(r->kind) ? (int)(r->count + 7) / 8 : (int)r->count * 2;
	if (rsp[hl + 1] != want || len != hl + 2 + want + crc) {
		seterr(p, "reply of %d data bytes to a request for %d",
		       rsp[hl + 1], want);
		return X_BADREPLY;
	}
	for (i = 0; i < (int)r->count; i++) {
		const uint8_t *d = rsp + hl + 2;

		if (is_bits(r->kind))
			words[i] = (d[i / 8] >> (i % 8)) & 1;
		else
			words[i] = (uint16_t)(d[2 * i] << 8 | d[2 * i + 1]);
	}
	return X_OK;
}

static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* 05 acknowledge and 06 busy mean "later": try again, waiting longer. */
static enum xfer
transact_retry(struct mes_mb_plc *p, const struct mes_mb_req *r,
               uint16_t *words, int *exc)
{
	enum xfer x;
	int i;

	for (i = 0;; i++) {
		x = transact(p, r, words, exc);
		if (x != X_EXCEPTION || (*exc != 5 && *exc != 6) ||
		    i >= p->cfg->busy_retries)
			return x;
		pause_ms(mes_mb_backoff_delay(50, p->cfg->timeout_ms, i + 1));
	}
}

/* ---- samples ------------------------------------------------------------ */

static const struct mes_mb_code *find_code(const struct mes_mb_code *v,
                                           size_t n, long code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].code == code)
			return &v[i];
	return NULL;
}

static int is_counter(enum mes_mb_role r)
{
	return r == MES_MB_ROLE_GOOD || r == MES_MB_ROLE_SCRAP ||
	       r == MES_MB_ROLE_CYCLES || r == MES_MB_ROLE_ENERGY;
}

static double modulus_of(const struct mes_mb_tag *t)
{
	if (t->wrap > 0)
		return t->wrap;
	switch (t->type) {
	case MES_MB_U16:
	case MES_MB_I16:
		return 65536.0;
	case MES_MB_U32:
	case MES_MB_I32:
		return 4294967296.0;
	default:
		return 0;       /* a float meter does not wrap by itself */
	}
}

static void code_maps(struct mes_mb_plc *p, size_t i, struct mes_mb_sample *s)
{
	const struct mes_mb_code *c;
	long code = (long)s->raw;

	if (s->tag->role == MES_MB_ROLE_STATE) {
		c = find_code(p->cfg->states, p->cfg->nstates, code);
		s->state = c ? c->state : MES_MB_STATE_UNKNOWN;
		s->reason = c && c->text[0] ? c->text : NULL;
		if (!c)
			s->quality |= MES_MB_Q_RANGE;
	} else if (s->tag->role == MES_MB_ROLE_FAULT) {
		c = find_code(p->cfg->faults, p->cfg->nfaults, code);
		s->reason = NULL;
		if (c) {
			s->reason = c->text;
		} else if (code != 0) {
			snprintf(p->ts[i].reason, sizeof p->ts[i].reason,
			         "fault %ld", code);
			s->reason = p->ts[i].reason;
		}
	}
}

/* A fresh value for tag i from its words. */
static void take_value(struct mes_mb_plc *p, size_t i, const uint16_t *w,
                       long long now)
{
	struct mes_mb_sample *s = &p->samples[i];
	struct tagstate *ts = &p->ts[i];
	const struct mes_mb_tag *t = s->tag;
	double cur;

	s->quality = 0;
	s->exception = 0;
	s->words[0] = w[0];
	s->words[1] = t->len > 1 ? w[1] : 0;
	s->raw = mes_mb_decode(t, w);
	s->value = mes_mb_scale(t, s->raw);
	s->read_ms = now;
	if (!isfinite(s->value) || s->value < t->min || s->value > t->max)
		s->quality |= MES_MB_Q_RANGE;
	if (!ts->have || s->raw != ts->last_raw ||
	    (isnan(s->raw) != isnan(ts->last_raw)))
		s->changed_ms = now;
	ts->have = 1;
	ts->last_raw = s->raw;
	code_maps(p, i, s);
	s->delta = 0;
	s->has_delta = 0;
	if (!is_counter(t->role) || !isfinite(s->raw))
		return;
	cur = t->type == MES_MB_F32 ? s->raw : mes_mb_decode_unsigned(t, w);
	if (ts->have_counter) {
		s->delta = mes_mb_counter_delta(ts->counter, cur,
		                                modulus_of(t)) * fabs(t->scale);
		s->has_delta = 1;
	}
	ts->counter = cur;
	ts->have_counter = 1;
	s->counter = cur;
}

static void mark(struct mes_mb_plc *p, const struct mes_mb_req *r, unsigned q,
                 int exc)
{
	size_t k;

	for (k = 0; k < r->ntags; k++) {
		struct mes_mb_sample *s =
		    &p->samples[p->plan.order[r->first + k]];

		s->quality = q;
		s->exception = exc;
		s->delta = 0;
		s->has_delta = 0;
	}
}

/* Heartbeats always; counters only while the machine says it runs. */
static void flag_stale(struct mes_mb_plc *p, long long now)
{
	enum mes_mb_state st = mes_mb_plc_state(p, NULL);
	long long since;
	size_t i;

	if (st == MES_MB_STATE_RUNNING && p->last_state != st)
		p->running_ms = now;
	p->last_state = st;

	for (i = 0; i < p->cfg->ntags; i++) {
		struct mes_mb_sample *s = &p->samples[i];
		const struct mes_mb_tag *t = s->tag;

		if (t->stale_ms <= 0 || (s->quality & MES_MB_Q_NOVALUE))
			continue;
		if (is_counter(t->role) && st != MES_MB_STATE_RUNNING)
			continue;
		since = s->changed_ms;
		/* A counter idle for an hour is not stale the moment the
		 * machine starts: count from whichever came later. */
		if (is_counter(t->role) && p->running_ms > since)
			since = p->running_ms;
		if (now - since >= t->stale_ms)
			s->quality |= MES_MB_Q_STALE;
	}
}

/* ---- the cycle ---------------------------------------------------------- */

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int connect_link(struct mes_mb_plc *p)
{
	if (p->connected)
		return MES_OK;
	if (modbus_connect(p->ctx) != 0) {
		seterr(p, "connect %s: %s", p->cfg->proto == MES_MB_TCP ?
		       p->cfg->host : p->cfg->device, modbus_strerror(errno));
		return MES_ERR_IO;
	}
	p->connected = 1;
	if (p->link == MES_MB_LINK_OFFLINE)
		p->st.reconnects++;
	return MES_OK;
}

/* Everything not read this cycle keeps its last value, flagged. */
static int link_failed(struct mes_mb_plc *p, size_t from, unsigned q,
                       long long now)
{
	size_t r;

	disconnect(p);
	for (r = from; r < p->plan.nreqs; r++)
		mark(p, &p->plan.reqs[r], q, 0);
	p->link = MES_MB_LINK_OFFLINE;
	p->st.failures++;
	p->next_ms = now + mes_mb_backoff_fail(&p->backoff, now);
	return MES_ERR_IO;
}

/*
 * An exception 02 for a request that bridged unmapped addresses: the PLC
 * refuses reads of holes, so this PLC is planned without gaps from now on.
 */
static int bridged_refused(const struct mes_mb_plc *p,
                           const struct mes_mb_req *r, int exc)
{
	unsigned used = 0;
	size_t k;

	if (exc != 2 || p->gap == 0)
		return 0;
	for (k = 0; k < r->ntags; k++)
		used += p->cfg->tags[p->plan.order[r->first + k]].len;
	return used < r->count;
}

static int poll_requests(struct mes_mb_plc *p, long long now, int *again)
{
	uint16_t words[2000];
	const struct mes_mb_req *r;
	size_t i, k;
	enum xfer x;
	int exc = 0;

	for (i = 0; i < p->plan.nreqs; i++) {
		r = &p->plan.reqs[i];
		if (p->rs[i].retry_ms > now) {
			mark(p, r, MES_MB_Q_EXCEPTION, p->rs[i].exception);
			continue;
		}
		x = transact_retry(p, r, words, &exc);
		if (x == X_IO)
			return link_failed(p, i, MES_MB_Q_OFFLINE, now);
		if (x == X_BADREPLY) {
			p->st.bad_replies++;
			return link_failed(p, i, MES_MB_Q_BADREPLY, now);
		}
		if (x == X_EXCEPTION) {
			p->st.exceptions++;
			mark(p, r, MES_MB_Q_EXCEPTION, exc);
			if (bridged_refused(p, r, exc))
				*again = 1;
			else if (exc >= 1 && exc <= 4)
				p->rs[i].retry_ms = now +
				                    p->cfg->exception_retry_ms;
			p->rs[i].exception = exc;
			continue;
		}
		p->rs[i].retry_ms = 0;
		for (k = 0; k < r->ntags; k++) {
			size_t ti = p->plan.order[r->first + k];

			take_value(p, ti, words + (p->cfg->tags[ti].addr -
			                           r->addr), now);
		}
	}
	return MES_OK;
}

int mes_mb_plc_poll(struct mes_mb_plc *p, long long now)
{
	long long t0 = now_us();
	int rc, again = 0;
	size_t r;

	if (!p)
		return MES_ERR_ARG;
	p->st.polls++;
	p->err[0] = '\0';
	if (!p->connected && !mes_mb_backoff_ready(&p->backoff, now)) {
		for (r = 0; r < p->plan.nreqs; r++)
			mark(p, &p->plan.reqs[r], MES_MB_Q_OFFLINE, 0);
		seterr(p, "offline, next attempt in %lld ms",
		       p->backoff.next_ms - now);
		p->next_ms = p->backoff.next_ms;
		return MES_ERR_IO;
	}
	if (connect_link(p) != MES_OK) {
		char why[sizeof p->err];

		memcpy(why, p->err, sizeof why);
		rc = link_failed(p, 0, MES_MB_Q_OFFLINE, now);
		memcpy(p->err, why, sizeof why);
		p->st.last_cycle_us = now_us() - t0;
		return rc;
	}
	rc = poll_requests(p, now, &again);
	if (rc == MES_OK) {
		mes_mb_backoff_ok(&p->backoff);
		p->link = MES_MB_LINK_ONLINE;
		p->next_ms = now + p->cfg->poll_ms;
		flag_stale(p, now);
		if (again) {
			p->gap = 0;
			if (replan(p) != MES_OK)
				rc = MES_ERR_NOMEM;
		}
	}
	p->st.last_cycle_us = now_us() - t0;
	return rc;
}

/* ---- getters ------------------------------------------------------------ */

const struct mes_mb_sample *mes_mb_plc_samples(const struct mes_mb_plc *p,
                                               size_t *n)
{
	if (n)
		*n = p ? p->cfg->ntags : 0;
	return p ? p->samples : NULL;
}

long long
mes_mb_plc_next_ms(const struct mes_mb_plc *p)
{
	return p ? p->next_ms : 0;
}

enum mes_mb_link
mes_mb_plc_link(const struct mes_mb_plc *p)
{
	return p ? p->link : MES_MB_LINK_NEW;
}

const struct mes_mb_cfg *mes_mb_plc_cfg(const struct mes_mb_plc *p)
{
	return p ? p->cfg : NULL;
}

const struct mes_mb_plan *mes_mb_plc_plan(const struct mes_mb_plc *p)
{
	return p ? &p->plan : NULL;
}

const char *mes_mb_plc_errmsg(const struct mes_mb_plc *p)
{
	return p ? p->err : "no PLC handle";
}

void mes_mb_plc_stats(const struct mes_mb_plc *p, struct mes_mb_stats *st)
{
	if (!st)
		return;
	if (!p)
		memset(st, 0, sizeof *st);
	else
		*st = p->st;
}

int mes_mb_plc_seed(struct mes_mb_plc *p, const char *name, double counter)
{
	size_t i;

	if (!p || !name || !isfinite(counter))
		return MES_ERR_ARG;
	for (i = 0; i < p->cfg->ntags; i++) {
		if (strcmp(p->cfg->tags[i].name, name))
			continue;
		if (!is_counter(p->cfg->tags[i].role))
			return MES_ERR_ARG;
		p->ts[i].counter = counter;
		p->ts[i].have_counter = 1;
		p->samples[i].counter = counter;
		return MES_OK;
	}
	return MES_ERR_NOTFOUND;
}

static int same_tag(const struct mes_mb_tag *a, const struct mes_mb_tag *b)
{
	return !strcmp(a->name, b->name) && a->kind == b->kind &&
	       a->addr == b->addr && a->type == b->type &&
	       a->order == b->order;
}

size_t mes_mb_plc_carry(struct mes_mb_plc *to, const struct mes_mb_plc *from)
{
	size_t i, j, n = 0;

	if (!to || !from)
		return 0;
	for (i = 0; i < to->cfg->ntags; i++) {
		for (j = 0; j < from->cfg->ntags; j++) {
			if (!same_tag(&to->cfg->tags[i], &from->cfg->tags[j]))
				continue;
			to->ts[i] = from->ts[j];
			to->samples[i].changed_ms = from->samples[j].changed_ms;
			to->samples[i].counter = from->samples[j].counter;
			n++;
			break;
		}
	}
	to->running_ms = from->running_ms;
	to->last_state = from->last_state;
	return n;
}

enum mes_mb_state
mes_mb_plc_state(const struct mes_mb_plc *p, const char **reason)
{
	const struct mes_mb_sample *st = NULL, *fault = NULL;
	size_t i;

	if (reason)
		*reason = NULL;
	if (!p)
		return MES_MB_STATE_UNKNOWN;
	for (i = 0; i < p->cfg->ntags; i++) {
		if (p->samples[i].tag->role == MES_MB_ROLE_STATE)
			st = &p->samples[i];
		else if (p->samples[i].tag->role == MES_MB_ROLE_FAULT)
			fault = &p->samples[i];
	}
	if (!st || (st->quality & MES_MB_Q_NOVALUE))
		return MES_MB_STATE_UNKNOWN;
	if (reason) {
		*reason = st->reason;
		if (fault && !(fault->quality & MES_MB_Q_NOVALUE) &&
		    fault->reason)
			*reason = fault->reason;
	}
	return st->state;
}
