/*
 * B2MML OperationsSchedule -> released work orders.
 *
 * Each OperationsRequest is an order: its ID the order number, StartTime
 * and EndTime the release and due dates, Priority 1..9.  The material
 * requirement with MaterialUse "Produced" names the item and quantity;
 * "Consumed" and "Consumable" ones are the order's components
 * (wo_materials).  Every SegmentRequirement becomes an operation
 * (b2mml_segment.c): when the item's routing has its number the
 * operation links to it and takes its times, else the work center must
 * be given (EquipmentRequirement/EquipmentID) and Duration, when given,
 * is the run time for the whole quantity.  An EquipmentID must be the
 * routing's work center or an allowed alternative.  What the schema
 * leaves optional has a default: no StartTime is the schedule's, else
 * today; no EndTime the schedule's, else the release date.  The whole
 * file is checked first; any problem and nothing is kept
 * (b2mml_store.c writes it).
 */
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "b2mml_imp.h"

/* "FILE:LINE: PATH: what", the file's name whole: a path cut short
 * names another file, or none. */
void problem(struct imp *im, const xmlNode *n, const char *fmt, ...)
{
	struct mes_b2mml_result *r = im->res;
	char path[512], what[400];
	va_list ap;

	if (r->nerrors++ >= MES_B2MML_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	bx_path(n, path, sizeof path);
	snprintf(r->errors[r->nerrors - 1], sizeof r->errors[0], "%s:%ld: "
	         "%s: %s", im->name, n ? xmlGetLineNo(n) : 0L, path, what);
}

long long imp_lookup(struct imp *im, const char *sql, const char *key)
{
	return db_lookup_id(im->db, sql, key);
}

int need_text(struct imp *im, const xmlNode *parent, const char *name,
              char *buf, size_t len)
{
	xmlNode *c = bx_child(parent, name);

	if (!c || (bx_text(c, buf, len) && !buf[0])) {
		problem(im, c ? c : parent, c ? "%s is empty" :
		        "%s is missing", name);
		return 0;
	}
	if (!buf[0]) {
		problem(im, c, "longer than %zu characters", len - 1);
		return 0;
	}
	return 1;
}

static void req_number(struct imp *im, struct req *r, xmlNode *rn)
{
	xmlNode *idn = bx_child(rn, "ID");
	int k;

	if (!need_text(im, rn, "ID", r->wo_no, sizeof r->wo_no))
		return;
	for (k = 0; k < im->nreq - 1; k++)      /* the ones before r */
		if (!strcmp(im->reqs[k].wo_no, r->wo_no)) {
			problem(im, idn, "order %s is in the file twice (line "
			        "%d has it already)", r->wo_no, im->reqs[k].line);
			return;
		}
	if (imp_lookup(im, "SELECT id FROM work_orders WHERE wo_no = ?",
	               r->wo_no) > 0)
		problem(im, idn, "order %s exists in the database already",
		        r->wo_no);
}

/* An xsd:dateTime element as a date: 1 read, 0 absent, -1 bad (named). */
static int read_date(struct imp *im, const xmlNode *n, char date[11])
{
	char t[64];

	if (!n)
		return 0;
	if (bx_text(n, t, sizeof t) && bx_date(t, date))
		return 1;
	problem(im, n, "\"%s\" is not a date and time like "
	        "2026-12-01T06:00:00Z", t);
	return -1;
}

/* Both are optional in the schema: no StartTime is released now (or as
 * the schedule says); no EndTime is due on release (or as the schedule
 * says).  A defaulted release never falls after the due date: a late
 * order is still released. */
static void req_dates(struct imp *im, struct req *r, xmlNode *rn)
{
	int s = read_date(im, bx_child(rn, "StartTime"), r->rel);
	int e = read_date(im, bx_child(rn, "EndTime"), r->due);
	char now[32];

	if (s < 0 || e < 0)
		return;
	if (!s && im->sched_rel[0])
		str_copy(r->rel, sizeof r->rel, im->sched_rel);
	else if (!s) {
		mes_now_iso(now);
		memcpy(r->rel, now, 10);
		r->rel[10] = 0;
	}
	if (!e)
		str_copy(r->due, sizeof r->due, im->sched_due[0] ?
		         im->sched_due : r->rel);
	if (strcmp(r->due, r->rel) >= 0)
		return;
	if (s)
		problem(im, bx_child(rn, e ? "EndTime" : "StartTime"), "ends %s,"
		        " before it starts (%s)", r->due, r->rel);
	else
		str_copy(r->rel, sizeof r->rel, r->due);
}

static void req_priority(struct imp *im, struct req *r, xmlNode *rn)
{
	xmlNode *p = bx_child(rn, "Priority");
	char t[16];

	r->prio = 5;
	if (!p)
		return;
	bx_text(p, t, sizeof t);
	if (t[0] < '1' || t[0] > '9' || t[1])
		problem(im, p, "priority \"%s\": 1 (first) to 9", t);
	else
		r->prio = t[0] - '0';
}

static int request(struct imp *im, xmlNode *rn)
{
	struct req *r = &im->reqs[im->nreq];
	int rc;

	memset(r, 0, sizeof *r);
	r->line = (int)xmlGetLineNo(rn);
	str_copy(r->erp_ref, sizeof r->erp_ref, im->sched_id);
	/* Counted before its allocation may fail: imp_free frees it. */
	im->nreq++;
	if ((rc = segs_collect(im, r, rn)) != MES_OK)
		return rc;
	req_number(im, r, rn);
	req_dates(im, r, rn);
	req_priority(im, r, rn);
	segs_check(im, r, rn);
	return MES_OK;
}

static const char *const roots[] = {
	"OperationsSchedule", "ProcessOperationsSchedule",
	"SyncOperationsSchedule", NULL
};

/* The root must be one of ours, in the B2MML namespace. */
static int check_root(struct imp *im, xmlNode *root)
{
	const char *ns = root->ns && root->ns->href ?
	                 (const char *)root->ns->href : "";
	int k;

	for (k = 0; roots[k]; k++)
		if (!strcmp((const char *)root->name, roots[k]))
			break;
	if (!roots[k]) {
		problem(im, root, "not an operations schedule: the file must "
		        "hold OperationsSchedule, ProcessOperationsSchedule or"
		        " SyncOperationsSchedule");
		return 0;
	}
	if (strcmp(ns, MES_B2MML_NS)) {
		problem(im, root, "namespace \"%s\" is not B2MML's: declare "
		        "xmlns=\"%s\" (B2MML V0700 and V0701)", ns, MES_B2MML_NS);
		return 0;
	}
	return 1;
}

static int schedule(struct imp *im, xmlNode *sn)
{
	xmlNode *rn;
	int rc = MES_OK;

	bx_text(bx_child(sn, "ID"), im->sched_buf, sizeof im->sched_buf);
	im->sched_id = im->sched_buf;
	im->sched_rel[0] = im->sched_due[0] = 0;
	if (read_date(im, bx_child(sn, "StartTime"), im->sched_rel) < 0)
		im->sched_rel[0] = 0;
	if (read_date(im, bx_child(sn, "EndTime"), im->sched_due) < 0)
		im->sched_due[0] = 0;
	if (!bx_child(sn, "OperationsRequest"))
		problem(im, sn, "no OperationsRequest: nothing to import");
	for (rn = bx_child(sn, "OperationsRequest"); rn && rc == MES_OK;
	     rn = bx_next(rn))
		rc = request(im, rn);
	return rc;
}

static int count_children(const xmlNode *n, const char *name)
{
	int k = 0;

	for (n = bx_child(n, name); n; n = bx_next(n))
		k++;
	return k;
}

static int count_requests(xmlNode *root, xmlNode **first)
{
	xmlNode *s = bx_is(root, "OperationsSchedule") ? root :
	             bx_child(bx_child(root, "DataArea"), "OperationsSchedule");
	int n = 0;

	*first = s;
	for (; s; s = bx_next(s))
		n += count_children(s, "OperationsRequest");
	return n;
}

static int check_all(struct imp *im, xmlNode *root)
{
	xmlNode *s;
	int n, rc = MES_OK;

	if (!check_root(im, root))
		return MES_OK;
	n = count_requests(root, &s);
	if (!s) {
		problem(im, bx_child(root, "DataArea") ? bx_child(root,
		        "DataArea") : root, "OperationsSchedule is missing");
		return MES_OK;
	}
	if (!(im->reqs = calloc((size_t)n + 1, sizeof *im->reqs)))
		return db_fail(im->db, MES_ERR_NOMEM, "out of memory");
	for (; s && rc == MES_OK; s = bx_next(s))
		rc = schedule(im, s);
	return rc;
}

static int import_doc(struct imp *im, xmlDoc *doc)
{
	int k, rc;

	if ((rc = tx_begin(im->db, PERM_ORDERS, "order.import")) != MES_OK)
		return rc;
	rc = check_all(im, xmlDocGetRootElement(doc));
	if (rc == MES_OK && im->res->nerrors)
		rc = db_fail(im->db, MES_ERR_SYNTAX, "%s; %d problem%s in all:"
		             " nothing was imported", im->res->errors[0],
		             im->res->nerrors, im->res->nerrors == 1 ? "" :
		             "s");
	for (k = 0; rc == MES_OK && k < im->nreq; k++)
		rc = store_order(im, &im->reqs[k]);
	if (rc == MES_OK)
		rc = audit_file(im);
	if (rc != MES_OK)
		im->res->orders = im->res->operations = im->res->materials = 0;
	return tx_end(im->db, rc);
}

static void imp_free(struct imp *im)
{
	int k;

	for (k = 0; k < im->nreq; k++) {
		free(im->reqs[k].segs);
		free(im->reqs[k].mats);
		free(im->reqs[k].segn);
	}
	free(im->reqs);
}

/* libxml2's own words for a file that is not well-formed XML. */
static int parse_fail(struct imp *im, xmlParserCtxt *ctx)
{
	const xmlError *e = xmlCtxtGetLastError(ctx);
	char msg[300];
	size_t n;

	str_copy(msg, sizeof msg, e && e->message ? e->message :
	         "not well-formed XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = 0;
	im->res->nerrors = 1;
	snprintf(im->res->errors[0], sizeof im->res->errors[0], "%s:%d: %s",
	         im->name, e ? e->line : 0, msg);
	return db_fail(im->db, MES_ERR_SYNTAX, "%s: nothing was imported",
	               im->res->errors[0]);
}

/* No network, no entity expansion, no DTD loading: the file is data. */
#define READ_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | \
                   XML_PARSE_NOWARNING)

static int import_common(struct mes_db *db, const char *buf, size_t len,
                         const char *name, struct mes_b2mml_result *res)
{
	struct imp im;
	xmlParserCtxt *ctx;
	xmlDoc *doc;
	int rc;

	if (!db || !res || !name || !buf || len > INT32_MAX)
		return db_badarg(db, __func__);
	memset(res, 0, sizeof *res);
	memset(&im, 0, sizeof im);
	im.db = db;
	im.name = name;
	im.res = res;
	if (!(ctx = xmlNewParserCtxt()))
		return db_fail(db, MES_ERR_NOMEM, "out of memory");
	doc = xmlCtxtReadMemory(ctx, buf, (int)len, name, NULL, READ_OPTS);
	if (!doc || !xmlDocGetRootElement(doc))
		rc = parse_fail(&im, ctx);
	else
		rc = import_doc(&im, doc);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
	imp_free(&im);
	return rc;
}

int mes_b2mml_import_schedule(struct mes_db *db, const char *path,
                              const char *name, struct mes_b2mml_result *res)
{
	char *buf;
	size_t len;
	int rc;

	if (!db || !path || !res)
		return db_badarg(db, __func__);
	memset(res, 0, sizeof *res);
	if (!name)
		name = path;
	if ((rc = bx_slurp(db, path, name, &buf, &len)) == MES_OK)
		rc = import_common(db, buf, len, name, res);
	free(buf);
	return rc;
}

int mes_b2mml_import_schedule_mem(struct mes_db *db, const char *buf,
                                  size_t len, const char *name,
                                  struct mes_b2mml_result *res)
{
	return import_common(db, buf, len, name, res);
}
