/* What the three parts of the schedule reader share: the orders as the
 * checks build them (b2mml_import.c, b2mml_segment.c) and the writer
 * that stores them once the whole file is sound (b2mml_store.c). */
#ifndef MES_B2MML_IMP_H
#define MES_B2MML_IMP_H

#include "b2mml_int.h"

struct seg {
	int seq;
	long long routing_op_id, wc_id;
	double setup, run;
	char desc[81], erp_id[65];
	/* The file gave no number: the operation is numbered by position
	 * and, its number being made up, never linked to the routing. */
	int by_pos;
	char name[65];
};

struct mat {
	int seg;                 /* index into segs */
	long long item_id;
	double qty;
	char uom[17], use[12], lot[65];
	const xmlNode *node;     /* for messages */
};

struct req {
	char wo_no[33], erp_ref[65], item_no[65], rel[11], due[11];
	long long item_id;
	double qty;
	int prio, nseg, nmat, line, produced;
	struct seg *segs;
	struct mat *mats;
	/* Every SegmentRequirement, nested ones flattened in document
	 * order: each is an operation. */
	xmlNode **segn;
	int nsegn;
};

struct imp {
	struct mes_db *db;
	const char *name;
	struct mes_b2mml_result *res;
	struct req *reqs;
	int nreq;
	const char *sched_id;
	char sched_buf[65];
	/* The schedule's own StartTime and EndTime as dates, "" when not
	 * given: the default of a request that has none. */
	char sched_rel[11], sched_due[11];
};

void problem(struct imp *im, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The text of parent's child name; a missing or too long one is named. */
int need_text(struct imp *im, const xmlNode *parent, const char *name,
              char *buf, size_t len);
long long imp_lookup(struct imp *im, const char *sql, const char *key);

/* b2mml_segment.c: the request's segments flattened into r->segn
 * (MES_ERR_NOMEM), then its materials and its operations checked. */
int segs_collect(struct imp *im, struct req *r, xmlNode *rn);
void segs_check(struct imp *im, struct req *r, xmlNode *rn);

/* b2mml_store.c: one checked order into the database, audited. */
int store_order(struct imp *im, const struct req *r);
int audit_file(struct imp *im);

#endif
