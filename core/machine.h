/*
 * Machines: the asset tree, what mes-collect books from the PLCs (states,
 * counts, energy, signals, the counters' last readings), downtime and its
 * reasons, OEE, energy per order, and maintenance (requests, orders,
 * parts, labor, sign-off, PM plans, condition alerts, MTBF/MTTR).
 *
 * Times are UTC ISO 8601 text; a ts argument of NULL means now.  Assets
 * and work centers are named by code, maintenance orders by number.
 */
#ifndef MES_MACHINE_H
#define MES_MACHINE_H

#include <stddef.h>
#include "mes.h"

/* ---- assets ------------------------------------------------------------- */

/* kind: site, line, machine or component.  parent and wc may be NULL.
 * A component's parent is a machine, a machine's a line or site, a
 * line's a site; a site has none.
 * Roles: maintenance, admin. */
int mes_asset_add(struct mes_db *db, const char *code, const char *name,
                  const char *kind, const char *parent_code,
                  const char *wc_code);

struct mes_asset {
	long long id, parent_id;
	int depth;                   /* 0 for a root of the tree */
	char code[33], name[128], kind[12], wc[33];
	char state[12], state_reason[128], state_ts[32];
	double cycles;
	char plc[64];                /* "" when no PLC reads it */
	int plc_online;
	char plc_error[128];
	long long open_downtime;     /* id of its open downtime event, or 0 */
};

typedef int (*mes_asset_fn)(const struct mes_asset *a, void *ctx);
/* The tree depth-first, children by code; fn returning non-zero stops.
 * Roles: any (reads only). */
int mes_asset_each(struct mes_db *db, mes_asset_fn fn, void *ctx);
/* Roles: any (reads only). */
int mes_asset_get(struct mes_db *db, const char *code, struct mes_asset *a);

/* ---- what mes-collect books (role maintenance or admin) ----------------- */

/* Links PLC plc (its [plc NAME]) to an asset; creates the plcs row.
 * asset_code NULL: only makes the PLC known, keeping a link it has.
 * Roles: maintenance, admin. */
int mes_plc_register(struct mes_db *db, const char *plc,
                     const char *asset_code);

/* The counters' last raw readings kept for plc, to seed the driver. */
typedef int (*mes_counter_fn)(const char *tag, double raw, void *ctx);
/* Roles: any (reads only). */
int mes_plc_counters(struct mes_db *db, const char *plc, mes_counter_fn fn,
                     void *ctx);

struct mes_machine_counter {
	const char *tag;
	double raw;                  /* the reading the deltas were taken to */
};

struct mes_machine_signal {
	const char *tag;
	double value;
	const char *ts;              /* when read; NULL: the booking's time */
};

/*
 * One booking of one PLC, in one transaction: online/offline; the state
 * (NULL: unchanged) with the fault text; good, scrap, cycle and energy
 * deltas (never negative) added to the running operation of the asset's
 * work center, or kept unassigned when none runs; the counters' raw
 * readings the deltas were taken to, so a restart neither loses nor
 * doubles a count; signal samples, fed to the condition monitors.
 */
struct mes_machine_booking {
	const char *plc;
	const char *ts;
	int online;
	const char *error;           /* why offline; NULL: none */
	const char *state;           /* running, idle, down, setup */
	const char *fault;           /* PLC fault text, NULL: none */
	double good, scrap, cycles, kwh;
	const struct mes_machine_counter *counters;
	size_t ncounters;
	const struct mes_machine_signal *signals;
	size_t nsignals;
};
/* Roles: maintenance, admin. */
int mes_machine_book(struct mes_db *db, const struct mes_machine_booking *b);

/* The same steps one at a time, by asset code.  Roles: maintenance, admin. */
int mes_plc_set_online(struct mes_db *db, const char *plc, int online,
                       const char *error, const char *ts);
/* A state change: "down" opens a downtime event whose reason is the
 * downtime reason code the fault text names (its first word is the code,
 * or the whole text is the reason's description), else it waits
 * unassigned; leaving "down" closes it.
 * Roles: maintenance, admin. */
int mes_machine_state(struct mes_db *db, const char *asset, const char *state,
                      const char *fault, const char *ts);
/* Roles: maintenance, admin. */
int mes_machine_count(struct mes_db *db, const char *asset, double good,
                      double scrap, const char *ts);
/* Roles: maintenance, admin. */
int mes_machine_energy(struct mes_db *db, const char *asset, double kwh,
                       const char *ts);

/* Signal samples older than raw_window_s before now are replaced by one
 * average per bucket_s.  *rows gets how many raw samples were folded.
 * Roles: maintenance, admin. */
int mes_samples_downsample(struct mes_db *db, long raw_window_s,
                           long bucket_s, const char *now, long long *rows);

/* ---- downtime ----------------------------------------------------------- */

struct mes_downtime {
	long long id;
	char asset[33], asset_name[128];
	char start_ts[32], end_ts[32];       /* end "" while open */
	char reason[17], reason_text[128];   /* "" when unassigned */
	char source[8], fault[128], note[256];
	double minutes;                      /* up to now while open */
};
typedef int (*mes_downtime_fn)(const struct mes_downtime *d, void *ctx);
/* Newest first, at most limit (0: 200); only_unassigned: no reason yet.
 * Roles: any (reads only). */
int mes_downtime_each(struct mes_db *db, int only_unassigned, int limit,
                      mes_downtime_fn fn, void *ctx);
/* How many downtime events wait for a reason; negative mes_rc on error.
 * Roles: any (reads only). */
long long mes_downtime_unassigned_count(struct mes_db *db);
/* Gives event id a downtime reason code (operator, lead, maintenance,
 * admin).  A reason already given is changed only with a note.
 * Roles: operator, lead, maintenance, admin. */
int mes_downtime_assign(struct mes_db *db, long long id, const char *reason,
                        const char *note);
/* A downtime entered by hand, open until mes_downtime_end.
 * Roles: operator, lead, maintenance, admin. */
int mes_downtime_begin(struct mes_db *db, const char *asset,
                       const char *reason, const char *note, long long *id);
/* Roles: operator, lead, maintenance, admin. */
int mes_downtime_end(struct mes_db *db, long long id);

struct mes_reliability {
	double period_h;             /* from..to, from the first record at most */
	double down_h;
	long long failures;          /* downtime events in the period */
	double mtbf_h;               /* uptime / failures; 0 without failure */
	double mttr_h;               /* down time / closed events */
};
/* MTBF and MTTR of an asset over [from, to) (NULL: all, up to now).
 * Roles: any (reads only). */
int mes_asset_reliability(struct mes_db *db, const char *asset,
                          const char *from, const char *to,
                          struct mes_reliability *r);

/* ---- OEE ---------------------------------------------------------------- */

struct mes_oee {
	char wc[33], date[11], shift[32];    /* shift "" for the whole day */
	double planned_min;          /* shift calendar, up to now */
	/* Planned time of PLC-watched machines with no data (collector
	 * stopped, PLC offline): nobody knows what they did, so it is left
	 * out of availability instead of counted as run time. */
	double nodata_min;
	double down_min, setup_min, idle_min, run_min;
	double good, scrap, ideal_min;
	double availability, performance, quality, oee;
	/* The six big losses, in minutes of planned time. */
	double loss_breakdown, loss_setup, loss_minor, loss_speed;
	double loss_defects, loss_yield;
	/* More was counted than the run time allows at the ideal speed (data
	 * missing, or a wrong ideal time): performance is held at 100%, so
	 * OEE never exceeds 100%, and the row says so. */
	int performance_capped;
};
typedef int (*mes_oee_fn)(const struct mes_oee *o, void *ctx);
/*
 * OEE per work center per shift and per day for the days from..to
 * (YYYY-MM-DD, both included; shifts in local time as the calendar is),
 * wc NULL for every work center.  For each day fn gets every shift, then
 * the day (shift "").
 * Roles: anyone logged in.
 */
int mes_oee_report(struct mes_db *db, const char *from, const char *to,
                   const char *wc, mes_oee_fn fn, void *ctx);
/* The arithmetic, for one row whose minutes and counts are filled. */
void mes_oee_compute(struct mes_oee *o);

/* ---- energy ------------------------------------------------------------- */

struct mes_energy_row {
	char wo[33], item[41], status[12];
	double kwh, good, scrap;
	double kwh_per_unit;         /* per good unit; 0 with none */
	double co2e_kg, co2e_per_unit;
	double unit_mass_kg;         /* -1: the item has none */
	double waste_kg;             /* scrap mass */
};
typedef int (*mes_energy_fn)(const struct mes_energy_row *r, void *ctx);
/* Every order that used energy; grid_kg_per_kwh is mes.ini [collect]
 * grid_kg_co2e_per_kwh.
 * Roles: anyone logged in. */
int mes_energy_report(struct mes_db *db, double grid_kg_per_kwh,
                      mes_energy_fn fn, void *ctx);
/* kg per unit of an item, for scrap mass (lead or admin).
 * Roles: lead, admin. */
int mes_item_set_mass(struct mes_db *db, const char *item_no, double kg);

/* ---- maintenance -------------------------------------------------------- */

/* Anyone may ask for maintenance on an asset.  Roles: anyone logged in. */
int mes_maint_request(struct mes_db *db, const char *asset,
                      const char *description, long long *id);

/* Corrective orders: from a request, from a downtime event (a
 * breakdown), or directly on an asset.  mo_no gets "MO-000001".
 * Roles: maintenance, admin. */
int mes_mo_from_request(struct mes_db *db, long long request_id,
                        char mo_no[24]);
/* Roles: maintenance, admin. */
int mes_mo_from_downtime(struct mes_db *db, long long downtime_id,
                         const char *description, char mo_no[24]);
/* Roles: maintenance, admin. */
int mes_mo_add(struct mes_db *db, const char *asset, const char *kind,
               const char *description, char mo_no[24]);
/* Roles: maintenance, admin. */
int mes_mo_assign(struct mes_db *db, const char *mo_no, const char *login);
/* Roles: maintenance, admin. */
int mes_mo_start(struct mes_db *db, const char *mo_no);
/* Roles: maintenance, admin. */
int mes_mo_part(struct mes_db *db, const char *mo_no, const char *part,
                double qty);
/* Roles: maintenance, admin. */
int mes_mo_labor(struct mes_db *db, const char *mo_no, double hours,
                 const char *note);
/* Roles: maintenance, admin. */
int mes_mo_done(struct mes_db *db, const char *mo_no);
/* A done order is signed off by a maintenance technician re-entering
 * their PIN: the signature means "safe to run".  A preventive order's
 * plan restarts from the sign-off.
 * Roles: maintenance, admin, signed by the PIN of the user it names. */
int mes_mo_signoff(struct mes_db *db, const char *mo_no, const char *signer,
                   const char *pin);
/* Roles: maintenance, admin. */
int mes_mo_cancel(struct mes_db *db, const char *mo_no, const char *reason);

struct mes_mo {
	long long id;
	char mo_no[24], asset[33], kind[12], description[256], status[12];
	char assigned_to[64], created[32], done_ts[32];
	char signed_by[128], signed_ts[32];
	double labor_h;
	long long parts, version;
	long long downtime_id, request_id, pm_plan_id;
};
typedef int (*mes_mo_fn)(const struct mes_mo *m, void *ctx);
/* Newest first; open_only skips signed-off and cancelled ones.
 * Roles: any (reads only). */
int mes_mo_each(struct mes_db *db, int open_only, mes_mo_fn fn, void *ctx);
/* Roles: any (reads only). */
int mes_mo_get(struct mes_db *db, const char *mo_no, struct mes_mo *m);

/* PM plans: due every every_days (0: not by time) or every every_cycles
 * machine cycles (0: not by cycles), whichever comes first.
 * Roles: maintenance, admin. */
int mes_pm_plan_add(struct mes_db *db, const char *asset, const char *name,
                    int every_days, long every_cycles, long long *id);
struct mes_pm_due {
	long long id;
	char asset[33], name[128], last_done[32], due_ts[32];
	int every_days;
	long every_cycles;
	double cycles_since;
	int due;                     /* 1 when due now */
	char open_mo[24];            /* its open preventive order, if any */
};
typedef int (*mes_pm_fn)(const struct mes_pm_due *p, void *ctx);
/* Every plan, with whether it is due at now (NULL: now).
 * Roles: any (reads only). */
int mes_pm_each(struct mes_db *db, const char *now, mes_pm_fn fn, void *ctx);
/* Opens a preventive order for every due plan without an open one.
 * Roles: maintenance, admin. */
int mes_pm_generate(struct mes_db *db, const char *now, int *created);

/* Condition monitoring: method "ewma" (p1 lambda, p2 L sigmas) or
 * "cusum" (p1 k, p2 h, in sigmas) on a signal of an asset.
 * Roles: maintenance, admin. */
int mes_monitor_set(struct mes_db *db, const char *asset, const char *signal,
                    const char *method, double target, double sigma,
                    double p1, double p2);
struct mes_alert {
	long long id;
	char asset[33], signal[32], method[8], ts[32], ack_by[64];
	double value, threshold;
	char mo_no[24];              /* the proposed order */
};
typedef int (*mes_alert_fn)(const struct mes_alert *a, void *ctx);
/* Roles: any (reads only). */
int mes_alert_each(struct mes_db *db, int open_only, mes_alert_fn fn,
                   void *ctx);
/* Roles: maintenance, admin. */
int mes_alert_ack(struct mes_db *db, long long id);

/* ---- tools: dies, molds, fixtures, cutters ------------------------------ */

/* How long a tool of the type lives (see mes(7), TOOLS). */
struct mes_tool_type {
	const char *code, *description;
	double life_cycles;      /* > 0: the limit in cycles (strokes, shots) */
	double life_hours;       /* > 0: also a limit in hours mounted; 0 none */
	int warn_pct;            /* a maintenance request at this % (0: 90) */
	double per_cycle;        /* units a cycle makes, for reported counts
	                          * (a 4-cavity mold: 4); 0: 1 */
	double refurb_cycles;    /* what a refurbishment gives: 0 the whole
	                          * life again, else that many cycles more */
};
/* Roles: maintenance, admin. */
int mes_tool_type_add(struct mes_db *db, const struct mes_tool_type *t);
/* A new tool of the type; code is its barcode.  Roles: maintenance,
 * admin. */
int mes_tool_add(struct mes_db *db, const char *code, const char *type);
/* An available tool with life left onto a work center that has no other
 * tool of its type.  Roles: operator, lead, maintenance, admin. */
int mes_tool_mount(struct mes_db *db, const char *tool, const char *wc);
/* Off its work center, unless an operation running there needs it (pause
 * that first).  Roles: operator, lead, maintenance, admin. */
int mes_tool_unmount(struct mes_db *db, const char *tool);
/* An available tool goes to refurbishment; one back from it starts a new
 * life (mes_tool_type refurb_cycles).  Roles: maintenance, admin. */
int mes_tool_refurbish(struct mes_db *db, const char *tool);
/* Roles: maintenance, admin. */
int mes_tool_refurbished(struct mes_db *db, const char *tool,
                         const char *note);
/* Out of use for good (not while mounted).  Roles: maintenance, admin. */
int mes_tool_scrap(struct mes_db *db, const char *tool, const char *reason);

struct mes_tool {
	char code[33], type[33], state[16], wc[33], mounted_ts[32];
	int life_no, warn_pct;
	double cycles, limit, total_cycles;   /* cycles of this life */
	double hours, life_hours;             /* mounted hours; 0: no limit */
	int warned;                           /* past its warning */
	int spent;                            /* at its limit */
};
typedef int (*mes_tool_fn)(const struct mes_tool *t, void *ctx);
/* The tools in use (all: the scrapped too), the most worn first.
 * Roles: any (reads only). */
int mes_tool_each(struct mes_db *db, int all, mes_tool_fn fn, void *ctx);
/* Roles: any (reads only). */
int mes_tool_get(struct mes_db *db, const char *code, struct mes_tool *t);

struct mes_tool_use {
	char tool[33], type[33], wo_no[33], first_ts[32], last_ts[32];
	int seq, life_no;
	double from_cycles, to_cycles;
};
typedef int (*mes_tool_use_fn)(const struct mes_tool_use *u, void *ctx);
/* What the tool made (tool given), or which tools made the work order's
 * operations (wo_no given), oldest first.  Roles: any (reads only). */
int mes_tool_uses(struct mes_db *db, const char *tool, const char *wo_no,
                  mes_tool_use_fn fn, void *ctx);

/* ---- demo --------------------------------------------------------------- */

/* The demo plant's machines: a site, a line, one machine per work center
 * read by mes-plcsim machines sim1.. (same order), downtime reasons for
 * the simulator's faults, PM plans and a temperature monitor, the saw's
 * blades (the brackets' cut needs one: BL-0107 is mounted); and the
 * collector's user "collector" (maintenance, PIN given). */
int mes_machine_demo_seed(struct mes_db *db, const char *collector_pin);

#endif
