/*
 * What the machine modules (assets, collect, downtime, oee, energy,
 * maint, monitor) share inside core.
 */
#ifndef MES_MACHINE_INT_H
#define MES_MACHINE_INT_H

#include "base/internal.h"
#include "machine.h"

struct asset_row {
	long long id, wc_id;
	char code[33], state[12], reason[128];
};

/* mes_oee_report without the log-in it checks: the shipper's daily
 * figures for the centre (hub/outbox.c), where nobody is logged in.
 * from and to are checked dates, from <= to. */
int oee_rows(struct mes_db *db, const char *from, const char *to,
             const char *wc, mes_oee_fn fn, void *ctx);
/* Loads an asset by code; MES_ERR_NOTFOUND says which. */
int asset_load(struct mes_db *db, const char *code, struct asset_row *a);
int asset_load_id(struct mes_db *db, long long id, struct asset_row *a);
/* ts or now into out. */
const char *mach_ts(const char *ts, char out[32]);

/* Inside an open change: the state change, counts, energy, signals. */
int mach_state_tx(struct mes_db *db, struct asset_row *a, const char *state,
                  const char *fault, const char *source, const char *ts);
/* Feeds one sample to the asset's monitor of that signal, if any. */
int monitor_feed_tx(struct mes_db *db, const struct asset_row *a,
                    const char *signal, double value, const char *ts);
/* A maintenance request inside an open change (a tool's warning). */
int maint_request_tx(struct mes_db *db, long long asset_id,
                     const char *description, long long *id);
/* A new maintenance order inside an open change. */
int mo_insert_tx(struct mes_db *db, long long asset_id, const char *kind,
                 const char *description, long long request_id,
                 long long downtime_id, long long pm_id, long long alert_id,
                 char mo_no[24]);

/* Seconds since the epoch of an ISO 8601 UTC time; -1 when not one. */
double mach_iso_secs(const char *ts);
/* Epoch seconds -> ISO 8601 UTC with milliseconds. */
void mach_secs_iso(double secs, char out[32]);

#endif
