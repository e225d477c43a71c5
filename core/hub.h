/*
 * Many plants, one central store: each plant's events in a central
 * PostgreSQL within seconds, while every plant keeps running on its own
 * file when the link is down (mes-ship(8)).
 *
 * The plant side is an outbox (schema 13): a trigger writes every audit
 * record into it in the same transaction as the change, once the plant is
 * attached.  The shipper reads it past the centre's mark and sends it in
 * batches; each batch and the plant's new mark are one PostgreSQL
 * transaction, so a batch sent twice (a shipper killed after the commit,
 * before it knew) is kept once.
 */
#ifndef MES_HUB_H
#define MES_HUB_H

#include "mes.h"

/* ---- the plant's file ---------------------------------------------------- */

/*
 * Attaches this plant to a centre under plant_id (1-32 letters, digits,
 * '-' or '_'; the same name the centre's `mesctl hub plant add` gives
 * it): from now on every audit record goes into the outbox too, and the
 * trail so far is put there first, so the centre holds the whole chain.
 * MES_ERR_EXISTS when attached already (under any name).
 * Roles: admin.
 */
int mes_hub_attach(struct mes_db *db, const char *plant_id);

struct mes_hub_state {
	int attached;               /* 0: not attached, the rest is empty */
	char plant_id[33];
	char attached_at[32];
	long long last_seq;         /* the newest event in the outbox, or 0 */
	long long central_seq;      /* the centre's mark, as last noted */
	char central_at[32];        /* when it was noted; "" never */
	long long pending;          /* events past the noted mark */
	long long stale_s;          /* seconds since noted (never noted:
	                               since attached) */
};
/* What the plant knows of its centre.  Roles: any (reads only). */
int mes_hub_state(struct mes_db *db, struct mes_hub_state *st);

struct mes_event {
	long long seq;
	const char *ts;             /* UTC, ISO 8601 with milliseconds */
	const char *kind;           /* "audit", or "oee.day" */
	long long ref;              /* the audit record's seq; 0 for a day */
	const char *body;           /* JSON */
};
typedef int (*mes_event_fn)(const struct mes_event *e, void *ctx);
/* Up to limit events past seq after, oldest first, from one snapshot;
 * fn returns nonzero to stop.  The shipper reads as the file's owner,
 * without a log-in.
 * Roles: any (reads only). */
int mes_outbox_each(struct mes_db *db, long long after, int limit,
                    mes_event_fn fn, void *ctx);

/*
 * Notes the centre's mark (the shipper, about once a minute: never per
 * batch, which would halve what a plant can commit) and prunes the
 * events at or below it that are older than retain_days; *pruned gets
 * how many (may be NULL).  A mark below one noted before is refused
 * (MES_ERR_STATE): a centre that lost events is not a reason to forget
 * them here.  Each day that ended since the last one sent (from the day
 * the plant was attached) also goes into the outbox now, as oee.day
 * events per work center, each shift's and the day's: the machine data
 * at the centre's grain.  No
 * log-in: it is the shipper's bookkeeping, not a plant record, and it is
 * not audited.
 * Roles: none checked (writes; see the comment).
 */
int mes_hub_note(struct mes_db *db, long long central_seq, int retain_days,
                 long long *pruned);

/* A plant whose centre has not confirmed its events for this long shows
 * an alarm (mesctl status, the screens' title line). */
#define MES_HUB_STALE_S 300

/* ---- the centre ---------------------------------------------------------- */

struct mes_hub;

/* Connects to the centre (a libpq connection string).  *out is always
 * set; on failure mes_hub_errmsg() says why, and mes_hub_close() frees. */
int mes_hub_connect(struct mes_hub **out, const char *conninfo);
void mes_hub_close(struct mes_hub *h);
const char *mes_hub_errmsg(const struct mes_hub *h);
/* After a lost connection: tries once to connect again. */
int mes_hub_reconnect(struct mes_hub *h);

/* Creates or brings up to date the central schema (mes.plants, mes.events
 * partitioned by plant and each plant's by month under pg_partman,
 * mes.marks, and the lot events and links the genealogy walks).  Run as the
 * centre's owner; MES_ERR_DB says so when the server lacks pg_partman. */
int mes_hub_init(struct mes_hub *h);
/* A plant at the centre: its own login role (mes_plant_<id>, lower case,
 * password from the caller) and its partition of mes.events
 * (events_<id>), which is all of the events the role may insert or read;
 * by row policy it reads and moves only its own mark.  Run as the
 * centre's owner. */
int mes_hub_plant_add(struct mes_hub *h, const char *plant_id,
                      const char *password);
/*
 * The months: makes those pg_partman keeps ready ahead, then moves the
 * events that came outside every month (a plant's history sent when it
 * attached) from each plant's default partition into months of their
 * own.  *moved counts those, *left what is still there (0 unless the
 * move failed).  Run as the centre's owner, daily or more often.
 */
int mes_hub_maintain(struct mes_hub *h, long long *moved, long long *left);
/* The name of that role. */
void mes_hub_role(const char *plant_id, char out[64]);

/* The plant's mark at the centre: the newest seq it holds (0: none). */
int mes_hub_mark(struct mes_hub *h, const char *plant_id, long long *seq);
/*
 * Sends up to limit events past after from the plant's outbox and sets
 * the plant's mark to the last one's seq, in one PostgreSQL transaction:
 * each row goes into a COPY to the plant's partition as the outbox yields
 * it, so the centre stores while the plant reads.  When some of them are
 * there already, the batch goes again through a staging table with ON
 * CONFLICT DO NOTHING, so each is kept once.  *sent gets how many (0:
 * none waiting) and *last the new mark.  On failure nothing of the batch
 * is kept and mes_hub_errmsg() says why (MES_ERR_IO: the connection is
 * lost).  It writes the centre only; the plant's file is read, without a
 * log-in, as mes_outbox_each() reads it.
 * Roles: none checked (writes; see the comment).
 */
int mes_hub_ship(struct mes_hub *h, struct mes_db *db, const char *plant_id,
                 long long after, int limit, long long *last, int *sent);

struct mes_hub_plant {
	const char *plant_id;
	long long events, first_seq, last_seq, mark;
	const char *last_ts;        /* the newest event's time, "" none */
	long long lag_s;            /* seconds since the mark moved */
};
typedef int (*mes_hub_plant_fn)(const struct mes_hub_plant *p, void *ctx);
/* Each plant at the centre. */
int mes_hub_plants(struct mes_hub *h, mes_hub_plant_fn fn, void *ctx);

/*
 * Checks each plant's events at the centre (one plant, or all when
 * plant_id is NULL): none missing (count = last - first + 1) and the
 * audit chain whole: each record's hash recomputed from its fields and
 * each naming the one before.  MES_ERR_AUDIT names the plant and the
 * first bad event; *checked counts the events read.
 */
int mes_hub_verify(struct mes_hub *h, const char *plant_id,
                   long long *checked);

struct mes_hub_lot {
	const char *plant_id, *lot_no, *item_no;
	int depth;                  /* links from the supplier lot's receipt */
	int finished;               /* recall: nothing else was made of it;
	                               trace: received from outside */
};
typedef int (*mes_hub_lot_fn)(const struct mes_hub_lot *l, void *ctx);
/*
 * Every lot, at any plant, that holds material of the supplier lot: the
 * lots received under that number (with that GTIN, when gtin is given and
 * the receipt names one), the lots made of them, the lots other plants
 * received as those lots, and on; nearest first.  A lot keeps its
 * identity between plants: received under another plant's lot number
 * with the GTIN that lot has there (or, when it has none, as the same
 * item number), or as the pallet (SSCC) another plant received before.
 */
int mes_hub_recall(struct mes_hub *h, const char *supplier_lot,
                   const char *gtin, mes_hub_lot_fn fn, void *ctx);
/*
 * From a plant's lot along the same links: backward to the lots received
 * from outside (finished set), or forward to the lots nothing else was
 * made of (finished set).  The lot itself comes first, at depth 0.
 */
int mes_hub_trace(struct mes_hub *h, const char *plant_id, const char *lot_no,
                  int forward, mes_hub_lot_fn fn, void *ctx);

struct mes_hub_day {
	const char *plant_id;
	const char *day;            /* YYYY-MM-DD, UTC */
	double good, scrap;
	long long reports;          /* the operation reports summed */
};
typedef int (*mes_hub_day_fn)(const struct mes_hub_day *d, void *ctx);
/* Good and scrap reported per plant and day, from (inclusive) to
 * (inclusive) as YYYY-MM-DD, UTC; ordered by plant, then day. */
int mes_hub_production(struct mes_hub *h, const char *from, const char *to,
                       mes_hub_day_fn fn, void *ctx);

struct mes_hub_oee {
	const char *plant_id, *day, *wc;   /* day: the plant's local date */
	const char *shift;                 /* "" for the whole day */
	double planned_min, run_min;
	double availability, performance, quality, oee;   /* 0..1 */
};
typedef int (*mes_hub_oee_fn)(const struct mes_hub_oee *o, void *ctx);
/* The OEE per plant, day and work center that the plants sent for each
 * day that ended, from..to (YYYY-MM-DD, both included); with shifts, each
 * shift's before its day's. */
int mes_hub_oee(struct mes_hub *h, const char *from, const char *to,
                int shifts, mes_hub_oee_fn fn, void *ctx);

#endif
