/*
 * Modbus PLCs: a tag map per PLC read from mes.ini, a request plan that
 * reads it in the fewest requests, and a poll that turns one cycle into
 * per-tag samples with quality flags.  One handle per PLC owns its
 * modbus_t; a handle is never shared between threads.
 *
 * A collector loop:
 *
 *	mes_mb_plc_load(ini, "plc line1", &cfg, err, sizeof err);
 *	mes_mb_plc_open(&plc, cfg);               (takes cfg; connects lazily)
 *	mes_mb_plc_seed(plc, "good", kept);       (baseline from last run)
 *	for (;;) {
 *		wait until mes_mb_plc_next_ms(plc);
 *		rc = mes_mb_plc_poll(plc, mes_mb_now_ms());
 *		samples = mes_mb_plc_samples(plc, &n);
 *		... state changes, counter deltas, signals ...
 *	}
 *
 * On SIGHUP: load and open the new map, mes_mb_plc_carry(new, old), close
 * the old one; counters then continue without a gap.
 *
 * Nothing here prints, exits or includes the database.  Times are
 * milliseconds on a monotonic clock, passed in so tests can move them.
 */
#ifndef MES_MB_H
#define MES_MB_H

#include <stddef.h>
#include <stdint.h>
#include "mes.h"

struct mes_ini;

/* ---- the tag map -------------------------------------------------------- */

enum mes_mb_kind {              /* Modbus data model table */
	MES_MB_COIL,            /* 0x, function 1 */
	MES_MB_DISCRETE,        /* 1x, function 2 */
	MES_MB_INPUT,           /* 3x, function 4 */
	MES_MB_HOLDING,         /* 4x, function 3 */
};
#define MES_MB_NKINDS 4

enum mes_mb_type {
	MES_MB_BOOL, MES_MB_U16, MES_MB_I16, MES_MB_U32, MES_MB_I32,
	MES_MB_F32,
};

/* How a 32-bit value's bytes A (most significant) .. D lie in two
 * registers as they come off the wire. */
enum mes_mb_order { MES_MB_ABCD, MES_MB_CDAB, MES_MB_BADC, MES_MB_DCBA };

enum mes_mb_role {
	MES_MB_ROLE_SIGNAL,     /* monitored value (temperature, current) */
	MES_MB_ROLE_STATE,      /* machine state code, see state.<code> */
	MES_MB_ROLE_FAULT,      /* fault code, see fault.<code>; 0 = none */
	MES_MB_ROLE_GOOD,       /* good parts counter */
	MES_MB_ROLE_SCRAP,      /* scrap counter */
	MES_MB_ROLE_CYCLES,     /* machine cycle counter */
	MES_MB_ROLE_ENERGY,     /* energy meter, kWh after scaling */
	MES_MB_ROLE_HEARTBEAT,  /* must keep changing */
};

enum mes_mb_state {
	MES_MB_STATE_UNKNOWN, MES_MB_STATE_RUNNING, MES_MB_STATE_IDLE,
	MES_MB_STATE_DOWN, MES_MB_STATE_SETUP,
};

struct mes_mb_tag {
	char name[32];
	enum mes_mb_kind kind;
	unsigned addr;          /* PDU address, 0-based */
	unsigned len;           /* registers or bits it spans: 1 or 2 */
	enum mes_mb_type type;
	enum mes_mb_order order;
	double scale, offset;   /* value = raw * scale + offset */
	double min, max;        /* engineering range; min > max: none */
	enum mes_mb_role role;
	long stale_ms;          /* unchanged this long: stale; 0 = never */
	double wrap;            /* counter modulus (0: 2^bits) */
};

struct mes_mb_code {            /* one state.<code> or fault.<code> */
	long code;
	enum mes_mb_state state;        /* state map only */
	char text[64];                  /* reason; "" for none */
};

enum mes_mb_proto { MES_MB_TCP, MES_MB_RTU };

struct mes_mb_cfg {
	char name[64];          /* "line1" of [plc line1] */
	char source[320];       /* "file: [plc line1]" for messages */
	enum mes_mb_proto proto;
	char host[256];         /* tcp */
	int port;
	char device[256];       /* rtu */
	int baud, data_bits, stop_bits;
	char parity;            /* 'N', 'E', 'O' */
	int unit;
	int poll_ms, timeout_ms;
	int retry_min_ms, retry_max_ms;
	int busy_retries;       /* extra tries after exception 05/06 */
	int exception_retry_ms; /* a block that answered 01-04 waits this */
	int gap;                /* unused addresses a request may bridge */
	int max_regs, max_bits; /* per request */
	struct mes_mb_tag *tags;
	size_t ntags;
	struct mes_mb_code *states, *faults;
	size_t nstates, nfaults;
};

/* The defaults of mes.ini(5), no tags.  *out must be freed. */
int mes_mb_cfg_new(struct mes_mb_cfg **out);
void mes_mb_cfg_free(struct mes_mb_cfg *cfg);

/*
 * Reads section sec ("plc line1" or "plc.line1") of ini.  Every key is
 * checked; an unknown key, a bad value, overlapping tags or an address
 * past 65535 is MES_ERR_CONFIG with "file: [section] key = "value": why"
 * in err.  MES_ERR_NOTFOUND: no such section.  MES_ERR_NOMEM, MES_ERR_ARG.
 * On success *out is a new cfg the caller owns (or passes to open).
 */
int mes_mb_plc_load(const struct mes_ini *ini, const char *sec,
                    struct mes_mb_cfg **out, char *err, size_t errn);

/* Parses one tag definition, the value of a tag.<name> key:
 *   <kind>:<address> <type> [scale=X] [offset=X] [order=abcd|cdab|badc|dcba]
 *   [min=X] [max=X] [role=R] [stale=MS] [wrap=N]
 * MES_OK or MES_ERR_CONFIG with the reason (no file/section) in err. */
int mes_mb_tag_parse(const char *name, const char *text,
                     struct mes_mb_tag *tag, char *err, size_t errn);

/* 1 when sec names a PLC section; *name then points into sec. */
int mes_mb_is_plc_section(const char *sec, const char **name);

const char *mes_mb_kind_name(enum mes_mb_kind k);       /* "hr" ... */
const char *mes_mb_type_name(enum mes_mb_type t);       /* "u32" ... */
const char *mes_mb_order_name(enum mes_mb_order o);
const char *mes_mb_role_name(enum mes_mb_role r);
const char *mes_mb_state_name(enum mes_mb_state s);

/* ---- request planning (pure) -------------------------------------------- */

struct mes_mb_req {
	enum mes_mb_kind kind;
	unsigned addr, count;   /* registers or bits */
	size_t first, ntags;    /* tags[first .. first+ntags-1] of the plan */
};

struct mes_mb_plan {
	struct mes_mb_req *reqs;
	size_t nreqs;
	size_t *order;          /* tag indexes in request order */
	size_t ntags;
};

/*
 * Groups tags of the same kind whose addresses are contiguous or at most
 * gap apart into requests of at most max_regs registers / max_bits bits;
 * a tag never spans two requests.  The count is the fewest possible for
 * those limits.  Tags must not overlap (mes_mb_plc_load checks).
 * MES_OK, MES_ERR_NOMEM, MES_ERR_ARG (a limit < 1 or a tag longer than
 * its limit).
 */
int mes_mb_plan_build(const struct mes_mb_tag *tags, size_t ntags, int gap,
                      int max_regs, int max_bits, struct mes_mb_plan *plan);
void mes_mb_plan_free(struct mes_mb_plan *plan);

/* ---- decoding (pure) ---------------------------------------------------- */

/* The raw value of a register tag from its words as received:
 * integers exactly, float32 as float.  regs holds tag->len words. */
double mes_mb_decode(const struct mes_mb_tag *tag, const uint16_t *regs);
/* raw * scale + offset */
double mes_mb_scale(const struct mes_mb_tag *tag, double raw);

/*
 * What a counter advanced from prev to cur, never negative.  Backwards
 * means it wrapped at modulus (when the wrapped step is at most a quarter
 * of the modulus) or the PLC restarted from zero (then cur is the count
 * since the restart).  modulus <= 0: no wrap, backwards is a restart.
 */
double mes_mb_counter_delta(double prev, double cur, double modulus);

/* ---- reconnect back-off (pure) ------------------------------------------ */

struct mes_mb_backoff {
	int min_ms, max_ms;
	int failures;           /* in a row */
	long long next_ms;      /* no attempt before this */
};

void mes_mb_backoff_init(struct mes_mb_backoff *b, int min_ms, int max_ms);
/* 1 when an attempt may be made at now_ms. */
int mes_mb_backoff_ready(const struct mes_mb_backoff *b, long long now_ms);
/* After a failure: the delay before the next attempt, min_ms doubling
 * with each failure in a row, never above max_ms. */
int mes_mb_backoff_fail(struct mes_mb_backoff *b, long long now_ms);
void mes_mb_backoff_ok(struct mes_mb_backoff *b);
/* The n-th delay (n >= 1) of the schedule. */
int mes_mb_backoff_delay(int min_ms, int max_ms, int n);

/* ---- polling ------------------------------------------------------------ */

enum mes_mb_quality {           /* bits; 0 is good */
	MES_MB_Q_OFFLINE   = 1 << 0, /* the PLC did not answer: no value */
	MES_MB_Q_EXCEPTION = 1 << 1, /* exception for its request: no value */
	MES_MB_Q_BADREPLY  = 1 << 2, /* wrong unit, length, ...: no value */
	MES_MB_Q_RANGE     = 1 << 3, /* outside min..max, NaN, unmapped code */
	MES_MB_Q_STALE     = 1 << 4, /* has not changed for stale_ms */
	MES_MB_Q_NEW       = 1 << 5, /* not read yet */
};
#define MES_MB_Q_NOVALUE (MES_MB_Q_OFFLINE | MES_MB_Q_EXCEPTION | \
                          MES_MB_Q_BADREPLY | MES_MB_Q_NEW)

struct mes_mb_sample {
	const struct mes_mb_tag *tag;
	unsigned quality;
	int exception;          /* Modbus exception code, with Q_EXCEPTION */
	uint16_t words[2];      /* as received (bits: 0 or 1 in words[0]) */
	double raw;             /* decoded, unscaled */
	double value;           /* scaled */
	double delta;           /* counters and energy: advance since the
	                         * previous value read, times |scale|; never
	                         * negative (see mes_mb_counter_delta) */
	int has_delta;          /* 0 on the first read and with no value */
	double counter;         /* counters: the reading deltas are taken
	                         * from (raw, unsigned); keep it to seed a
	                         * later process, see mes_mb_plc_seed() */
	enum mes_mb_state state;        /* ROLE_STATE */
	const char *reason;     /* ROLE_STATE/FAULT: mapped text or NULL */
	long long read_ms;      /* when the value was read */
	long long changed_ms;   /* when the raw value last changed */
};

enum mes_mb_link { MES_MB_LINK_NEW, MES_MB_LINK_ONLINE, MES_MB_LINK_OFFLINE };

struct mes_mb_plc;

/*
 * Takes ownership of cfg (also on failure) and plans its requests; does
 * not connect.  MES_OK, MES_ERR_NOMEM, MES_ERR_ARG.
 */
int mes_mb_plc_open(struct mes_mb_plc **out, struct mes_mb_cfg *cfg);
void mes_mb_plc_close(struct mes_mb_plc *plc);

/*
 * One poll cycle at now_ms: connects if needed (unless backing off),
 * sends every planned request, decodes, flags.  MES_OK: every request
 * was answered (some may have been exceptions: see the samples).
 * MES_ERR_IO: the PLC did not answer or answered wrongly (timeout,
 * refused, wrong unit id, malformed reply, gateway exception 0A/0B); the
 * link is OFFLINE, the connection closed, and the next attempt waits for
 * the back-off; errmsg says why.  MES_ERR_NOMEM, MES_ERR_ARG.
 * A cycle stops at the first request that fails, so a silent PLC costs
 * one timeout_ms; 05/06 retries add their waits.  Tags not read keep
 * their last value with a quality flag saying why.
 */
int mes_mb_plc_poll(struct mes_mb_plc *plc, long long now_ms);

/* The samples of the last poll, in tag-map order; valid until the next
 * poll or close. */
const struct mes_mb_sample *mes_mb_plc_samples(const struct mes_mb_plc *plc,
                                               size_t *n);
/* When the next poll is due: the poll interval, or the back-off. */
long long mes_mb_plc_next_ms(const struct mes_mb_plc *plc);
enum mes_mb_link mes_mb_plc_link(const struct mes_mb_plc *plc);
const char *mes_mb_link_name(enum mes_mb_link l);
const struct mes_mb_cfg *mes_mb_plc_cfg(const struct mes_mb_plc *plc);
const struct mes_mb_plan *mes_mb_plc_plan(const struct mes_mb_plc *plc);
/* Why the last poll failed, "" after success. */
const char *mes_mb_plc_errmsg(const struct mes_mb_plc *plc);

struct mes_mb_stats {
	long long polls, requests, failures, exceptions, bad_replies;
	long long reconnects;
	long long last_cycle_us;        /* duration of the last poll */
};
void mes_mb_plc_stats(const struct mes_mb_plc *plc, struct mes_mb_stats *st);

/*
 * Counts must survive a collector restart: seeds the baseline of counter
 * tag name with a reading kept from before (sample.counter), so the first
 * poll's delta counts what the PLC counted meanwhile.  MES_OK,
 * MES_ERR_NOTFOUND (no such tag), MES_ERR_ARG (not a counter role).
 */
int mes_mb_plc_seed(struct mes_mb_plc *plc, const char *name, double counter);

/*
 * Counts must survive a reread of mes.ini too: carries counter baselines,
 * last values and change times from old to new for every tag whose name,
 * kind, address, type and word order are unchanged.  Returns how many.
 */
size_t mes_mb_plc_carry(struct mes_mb_plc *to, const struct mes_mb_plc *from);

/* Combined machine state from the state and fault tags of the last poll:
 * UNKNOWN when there is no state tag or no value; *reason may be NULL. */
enum mes_mb_state mes_mb_plc_state(const struct mes_mb_plc *plc,
                                   const char **reason);

/* "good", or the flags as words: "offline", "exception 02 (illegal data
 * address)", "range stale". */
void mes_mb_quality_str(const struct mes_mb_sample *s, char *buf, size_t n);

/* CLOCK_MONOTONIC in milliseconds. */
long long mes_mb_now_ms(void);

#endif
