/*
 * Quality: inspection plans and their characteristics, what is due for
 * inspection now, recording results, SPC on stored data with frozen
 * limits and alarms, and non-conformances with signed dispositions.
 *
 * A characteristic is named "PLAN/CODE", or just "CODE" while no other
 * plan has a characteristic of that code.  A lot is named by its lot
 * number; the plan's item (or the item given) tells which item's lot.
 */
#ifndef MES_QUALITY_H
#define MES_QUALITY_H

#include "mes.h"
#include "spc.h"

/* ---- plans -------------------------------------------------------------- */

enum mes_qfreq { MES_QF_LOT, MES_QF_EVERY, MES_QF_HOURS, MES_QF_FIRST };

/*
 * A plan for item_no on receipt (op_seq 0) or for the item's routing
 * operation op_seq.  frequency: "lot", "every:N" (units), "hours:H"
 * (running hours), "first" (first piece); a receiving plan is "lot".
 * Roles: quality, admin.
 */
int mes_qplan_add(struct mes_db *db, const char *code, const char *item_no,
                  int op_seq, const char *frequency, const char *description);
/* Parses a frequency; *n gets N or H (0 for lot and first). */
int mes_qfreq_parse(const char *text, enum mes_qfreq *f, double *n);

enum mes_qkind { MES_QK_VARIABLE, MES_QK_ATTRIBUTE, MES_QK_DEFECTS };

struct mes_qchar {
	long long id, plan_id;
	char plan[33], code[33], name[81];
	enum mes_qkind kind;
	/* Variables: NAN where there is no limit.  Defects: usl is the most
	 * defects accepted (NAN: none). */
	double nominal, lsl, usl;
	char unit[17];
	int decimals;
	int subgroup;           /* values per subgroup; attribute: sample */
	char chart[12];         /* "" chooses from kind and subgroup */
	unsigned rules;         /* enum mes_spc_rule bits */
};

/* Adds a characteristic to a plan; c->plan names it, id is set.
 * Roles: quality, admin. */
int mes_qchar_add(struct mes_db *db, struct mes_qchar *c);
/* Roles: any (reads only). */
int mes_qchar_get(struct mes_db *db, const char *ref, struct mes_qchar *c);
/* Enables rules ("we", "nelson", "we1,n3" ...) on a characteristic.
 * Roles: quality. */
int mes_qchar_set_rules(struct mes_db *db, const char *ref, unsigned rules);
/* The chart a characteristic is plotted on. */
enum mes_spc_type mes_qchar_chart(const struct mes_qchar *c);
/* 1 when v is outside the specification (pure: the screen flags a value
 * as it is typed with the same rule core records). */
int mes_qchar_out_of_spec(const struct mes_qchar *c, double v);
/* Attributes: 1 when the defect count is more than accepted. */
int mes_qchar_defects_out(const struct mes_qchar *c, int defects);
typedef int (*mes_qchar_fn)(const struct mes_qchar *c, void *ctx);
/* Every characteristic of a plan (NULL: of every plan).
 * Roles: any (reads only). */
int mes_qchar_each(struct mes_db *db, const char *plan, mes_qchar_fn fn,
                   void *ctx);

/* ---- what is due -------------------------------------------------------- */

struct mes_qdue {
	char plan[33];
	char what[16];          /* "receipt" or "in-process" */
	char item_no[41];
	char lot_no[41];        /* receipt */
	char wo_no[33];         /* in-process */
	int seq;
	char wc[33];
	char reason[64];        /* "first piece", "50 units since last" ... */
	char due_since[32];     /* UTC: the list is oldest first */
};
typedef int (*mes_qdue_fn)(const struct mes_qdue *d, void *ctx);
/* Quarantined receipts with a receiving plan and running operations
 * whose plan's frequency has come round, most overdue first.
 * Roles: any (reads only). */
int mes_quality_due(struct mes_db *db, mes_qdue_fn fn, void *ctx);

/* ---- recording ---------------------------------------------------------- */

struct mes_qresult {
	const char *char_code;  /* the characteristic's code in the plan */
	int nvalues;            /* variables: the subgroup size */
	const double *values;
	int defects;            /* attributes */
	int sample;             /* attributes: units looked at (0: plan's) */
	const char *defect_code;  /* attributes with defects > 0 */
	const char *comment;    /* needed when anything is out of spec */
	const char *source;     /* "keyboard" (NULL) or "gauge" */
	const char *gauge;      /* the gauge's code (mes_gauge_add), or NULL */
};

struct mes_qtarget {
	const char *plan;
	const char *lot_no;     /* a receipt */
	const char *wo_no;      /* an operation: wo_no and seq */
	int seq;
};

struct mes_qrecorded {
	long long inspection_id;
	int failed;             /* characteristics out of specification */
	int alarms;             /* SPC alarms raised */
	char lot_status[16];    /* the lot afterwards ("" for operations) */
	char nc_no[24];         /* opened by this result, or "" */
};

/*
 * Records one inspection: every characteristic of the plan, once.
 * A result naming a gauge is refused when the gauge is unknown, retired,
 * failed its last calibration or is past its calibration's due date;
 * otherwise which gauge measured it is kept.
 * Out-of-specification values need a comment (MES_ERR_ARG names the
 * characteristic).  On a quarantined lot, all pass releases it, any fail
 * opens a non-conformance that holds it.  Each characteristic with
 * frozen limits is checked against them with its enabled rules; a
 * violation raises an alarm.
 * Roles: operator, lead, quality, receiving.
 */
int mes_inspect_record(struct mes_db *db, const struct mes_qtarget *t,
                       const struct mes_qresult *r, int n,
                       struct mes_qrecorded *out);

/* ---- gauges and their calibration --------------------------------------- */

/* A gauge calibrated every interval_days, next due on due (YYYY-MM-DD;
 * NULL: today plus the interval, as a gauge that comes with its
 * certificate).
 * Roles: quality, admin. */
int mes_gauge_add(struct mes_db *db, const char *code, const char *desc,
                  int interval_days, const char *due);
/* Out of service for good (lost, broken, replaced): what it measured
 * stays on record; no result is taken from it any more.
 * Roles: quality, admin. */
int mes_gauge_retire(struct mes_db *db, const char *code, const char *reason);

struct mes_gauge_cal {
	int pass;
	const char *as_found, *as_left;  /* the readings before and after */
	const char *certificate;         /* the certificate's reference */
	const char *signer, *pin;        /* who performed it, signing */
};

/*
 * Records a calibration, signed by the one who performed it (quality
 * role): a pass puts the gauge back in service, due again after its
 * interval; a fail takes it out until a calibration passes.  *suspects
 * (may be NULL) is the number of inspections it measured since its last
 * good calibration, which mes_gauge_suspects lists.
 * Roles: quality, admin, signed by the PIN of the user it names.
 */
int mes_gauge_calibrate(struct mes_db *db, const char *code,
                        const struct mes_gauge_cal *c, int *suspects);

struct mes_gauge {
	char code[33];
	char description[81];
	int interval_days;
	char due[11];
	char state[12];          /* ok, due soon (7 days), overdue, failed,
	                          * retired */
	char last_ts[32];        /* the newest calibration, "" for none */
	char last_result[8];
	char certificate[65];
	char signed_by[64];
	long long uses;          /* results it measured */
};
typedef int (*mes_gauge_fn)(const struct mes_gauge *g, void *ctx);
/* Every gauge, the overdue and failed first, then by due date.
 * Roles: any (reads only). */
int mes_gauge_each(struct mes_db *db, mes_gauge_fn fn, void *ctx);

struct mes_gauge_suspect {
	long long inspection_id;
	char ts[32];
	char plan[33], characteristic[33];
	char lot_no[41];         /* a receipt's lot, "" for an operation */
	char wo_no[33];
	int seq;
	char result[8];          /* the inspection's */
	char lot_status[16];     /* where it stands now: released ones went on */
};
typedef int (*mes_gauge_suspect_fn)(const struct mes_gauge_suspect *s,
                                    void *ctx);
/* The inspections a gauge measured between its last good calibration
 * and the failed one after it, oldest first (none when its newest
 * calibration passed).
 * Roles: any (reads only). */
int mes_gauge_suspects(struct mes_db *db, const char *code,
                       mes_gauge_suspect_fn fn, void *ctx);

/* ---- SPC on stored data ------------------------------------------------- */

/*
 * Freezes control limits from the subgroups first..last (1-based, the
 * oldest stored is 1; 0, 0 for all): a quality engineer's audited act.
 * Later subgroups are judged against these limits.
 * Roles: quality.
 */
int mes_spc_freeze(struct mes_db *db, const char *char_ref, int first,
                   int last, const char *reason);

/* A characteristic's chart from stored data, for reports and screens. */
struct mes_spc_view {
	struct mes_qchar ch;
	int frozen;             /* limits frozen; else trial limits */
	char frozen_by[64], frozen_ts[32];
	int total;              /* subgroups stored (points may be fewer) */
	struct mes_spc_data data;
	struct mes_spc_chart chart;
	struct mes_spc_violations viol;
	long long *insp_id;     /* per point */
	char (*ts)[32];         /* per point */
	int have_cap;
	struct mes_spc_capability cap;
	char cap_note[160];     /* why there is no capability, or "" */
	void *buf;
};
/* The newest max_points subgroups (0: all).  Roles: any (reads only). */
int mes_spc_view_load(struct mes_db *db, const char *char_ref,
                      int max_points, struct mes_spc_view *v);
void mes_spc_view_free(struct mes_spc_view *v);

/* ---- alarms ------------------------------------------------------------- */

struct mes_qalarm {
	long long id;
	char chr[70];           /* "PLAN/CODE" */
	char wc[33];
	char rule[8], rule_text[64];
	long long inspection_id;
	double value;
	char ts[32];
	char ack_by[64], ack_ts[32];
};
typedef int (*mes_qalarm_fn)(const struct mes_qalarm *a, void *ctx);
/* Open alarms (all = 0) or every alarm, newest first.
 * Roles: any (reads only). */
int mes_qalarm_each(struct mes_db *db, int all, mes_qalarm_fn fn, void *ctx);
/* note: what was found or done, required (MES_ERR_ARG when blank).
 * Roles: lead, quality. */
int mes_qalarm_ack(struct mes_db *db, long long id, const char *note);
/* Unacknowledged alarms of a work center (NULL: all), for the board.
 * Roles: any (reads only). */
int mes_quality_alarm_count(struct mes_db *db, const char *wc_code,
                            int *count);

/* ---- non-conformances --------------------------------------------------- */

struct mes_nc_new {
	const char *lot_no;     /* one of lot_no (with item_no if the lot */
	const char *item_no;    /* number is not unique) and wo_no */
	const char *wo_no;
	int seq;                /* optional operation of wo_no */
	double qty;
	const char *defect_code;  /* a reason code of kind "nc" */
	const char *description;
	long long alarm_id;     /* from an SPC alarm, else 0; alone it
	                         * names the alarm's lot or order */
	long long inspection_id;  /* from a failed inspection, else 0 */
};
/* Opens a non-conformance and holds the lot or the work order.
 * Roles: operator, lead, quality, receiving. */
int mes_nc_open(struct mes_db *db, const struct mes_nc_new *n,
                char nc_no[24]);
/* Roles: lead, quality. */
int mes_nc_contain(struct mes_db *db, const char *nc_no,
                   const char *containment);

enum mes_nc_disp { MES_NC_USE_AS_IS, MES_NC_REWORK, MES_NC_SCRAP,
	MES_NC_RETURN };
const char *mes_nc_disp_name(enum mes_nc_disp d);
int mes_nc_disp_parse(const char *name, enum mes_nc_disp *d);

/*
 * Dispositions a contained (or open) non-conformance; signed by a user
 * with the quality role (meaning "dispositioned").  The hold lifts as
 * the disposition says: use as is releases the lot, rework sends it back
 * to quarantine, scrap and return reject it; a work order held by it
 * returns to where it was once no other open non-conformance holds it.
 * Roles: quality, signed by the PIN of the user it names.
 */
int mes_nc_disposition(struct mes_db *db, const char *nc_no,
                       enum mes_nc_disp d, const char *note,
                       const char *signer, const char *pin);
/* Closes a dispositioned one with root cause and corrective action;
 * signed (meaning "closed") by a user with the quality role.
 * Roles: quality, signed by the PIN of the user it names. */
int mes_nc_close(struct mes_db *db, const char *nc_no, const char *root_cause,
                 const char *corrective_action, const char *signer,
                 const char *pin);

struct mes_nc {
	long long id;
	char nc_no[24], source[12], status[16];
	char item_no[41], lot_no[41], wo_no[33];
	int seq;
	double qty;
	char defect_code[33], description[256], containment[256];
	char disposition[12], disposition_note[256];
	char root_cause[256], corrective_action[256];
	char opened_by[64], opened_ts[32], closed_ts[32];
	struct mes_signature disp_sig, close_sig;   /* id 0: none */
	long long version;
};
/* Roles: any (reads only). */
int mes_nc_get(struct mes_db *db, const char *nc_no, struct mes_nc *out);
typedef int (*mes_nc_fn)(const struct mes_nc *n, void *ctx);
/* Not closed (all = 0) or every one, newest first.
 * Roles: any (reads only). */
int mes_nc_each(struct mes_db *db, int all, mes_nc_fn fn, void *ctx);

#endif
