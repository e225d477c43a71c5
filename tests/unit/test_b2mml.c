/* B2MML: schedules in (good files, wrappers, every refusal with its
 * element path), performance and schedules out (schema-valid), and the
 * round trip from one plant to another. */
#define _GNU_SOURCE
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exchange.h"
#include "prodfix.h"
#include "testhelp.h"

#define DB "b2mml.db"
#define DATA "tests/data/b2mml/"

static const char *const demo_sql =
	"SELECT count(*) FROM work_orders";

static struct mes_db *demo_db(const char *name)
{
	struct mes_db *db = fx_new_db(name);

	pf_must(mes_demo_seed(db), db, "demo seed");
	return db;
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* 1 when the document in buf validates against the schema file. */
static int schema_valid(const char *xsd, const char *buf, size_t len)
{
	xmlSchemaParserCtxt *pc;
	xmlSchema *s;
	xmlSchemaValidCtxt *vc;
	xmlDoc *doc;
	int ok = 0;

	xmlSetGenericErrorFunc(NULL, quiet);
	pc = xmlSchemaNewParserCtxt(xsd);
	s = pc ? xmlSchemaParse(pc) : NULL;
	doc = xmlReadMemory(buf, (int)len, "export.xml", NULL, XML_PARSE_NONET);
	vc = s ? xmlSchemaNewValidCtxt(s) : NULL;
	if (vc && doc)
		ok = xmlSchemaValidateDoc(vc, doc) == 0;
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	xmlSchemaFree(s);
	xmlSchemaFreeParserCtxt(pc);
	return ok;
}

/* Every export must validate against both of MESA's versions. */
static int valid_both(const char *doc, const char *buf, size_t len)
{
	char a[128], b[128];

	snprintf(a, sizeof a, "data/b2mml/B2MML-%s.xsd", doc);
	snprintf(b, sizeof b, "data/b2mml/v0701/B2MML-%s.xsd", doc);
	return schema_valid(a, buf, len) && schema_valid(b, buf, len);
}

static int has_error(const struct mes_b2mml_result *r, const char *needle)
{
	int k;

	for (k = 0; k < r->nerrors && k < MES_B2MML_ERRORS_MAX; k++)
		if (strstr(r->errors[k], needle))
			return 1;
	return 0;
}

static void import_good(struct mes_db *db)
{
	struct mes_b2mml_result r;
	struct pf_audit a;

	T_CASE("a schedule becomes released orders, operations, materials");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "schedule-good.xml",
	           "good.xml", &r), MES_OK);
	T_CHECK(r.orders == 2 && r.operations == 5 && r.materials == 2);
	T_CHECK_STR(pf_text(DB, "SELECT status || ' ' || qty || ' ' || "
	            "release_date || ' ' || due_date || ' ' || priority || ' ' "
	            "|| erp_ref FROM work_orders WHERE wo_no = 'B2-100'"),
	            "released 100.0 2026-12-01 2026-12-04 2 ERP-SCHED-0042");
	T_CHECK(pf_audit_last(DB, "order.add", &a));
	T_CHECK_STR(a.key, "B2-200");
	T_CHECK_HAS(a.reason, "good.xml line");

	T_CASE("segments map to the routing by operation number");
	T_CHECK_STR(pf_text(DB, "SELECT group_concat(o.seq || ':' || c.code "
	            "|| ':' || o.run_min || ':' || o.erp_segment, ' ') FROM "
	            "wo_ops o JOIN work_centers c ON c.id = o.wc_id JOIN "
	            "work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'B2-100'"),
	            "10:SAW-01:0.5:0010 20:CNC-02:2.2:0020 30:PAINT-01:0.3:0030");

	T_CASE("an operation off the routing takes the file's time and place");
	T_CHECK_STR(pf_text(DB, "SELECT o.description || '|' || c.code || '|'"
	            " || o.run_min || '|' || (o.routing_op_id IS NULL) FROM "
	            "wo_ops o JOIN work_centers c ON c.id = o.wc_id JOIN "
	            "work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'B2-200' "
	            "AND o.seq = 5"), "Saw blanks (ERP operation)|SAW-01|15.0|1");
	T_CHECK_STR(pf_text(DB, "SELECT group_concat(qty || uom || lot_no) "
	            "FROM wo_materials"), "12.0m,3.5mL-STEEL-7");

	T_CASE("the ProcessOperationsSchedule wrapper, prefixed namespace");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "process-schedule.xml",
	           "p.xml", &r), MES_OK);
	T_CHECK(r.orders == 1 && r.operations == 2);

	T_CASE("the same orders again: refused, nothing imported");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "schedule-good.xml",
	           "good.xml", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "good.xml:8: /OperationsSchedule/"
	        "OperationsRequest[1]/ID: order B2-100 exists in the database"));
	T_CHECK(r.orders == 0);
	T_CHECK_HAS(mes_db_errmsg(db), "nothing was imported");
}

static void import_bad(struct mes_db *db)
{
	struct mes_b2mml_result r;
	double before = pf_num(DB, demo_sql);

	T_CASE("a wrong namespace is refused with the root's path");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "bad-namespace.xml",
	           "ns.xml", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "ns.xml:4: /OperationsSchedule: namespace "
	        "\"http://www.mesa.org/xml/B2MML/V0600\""));

	T_CASE("missing ID, bad dates, unknown item and work center");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "bad-content.xml",
	           "bad.xml", &r), MES_ERR_SYNTAX);
	T_CHECK(r.nerrors == 5);
	T_CHECK(has_error(&r, "bad.xml:18: /OperationsSchedule/"
	        "OperationsRequest[2]: ID is missing"));
	T_CHECK(has_error(&r, "OperationsRequest[3]/StartTime: "
	        "\"2026-02-30T06:00:00Z\" is not a date"));
	T_CHECK(has_error(&r, "OperationsRequest[3]/EndTime: \"2026-12-04\""));
	T_CHECK(has_error(&r, "OperationsRequest[3]/SegmentRequirement/"
	        "MaterialRequirement/MaterialDefinitionID: unknown item "
	        "\"NO-SUCH-ITEM\""));
	T_CHECK(has_error(&r, "EquipmentRequirement/EquipmentID: unknown "
	        "work center \"LATHE-9\""));
	T_CHECK(pf_num(DB, demo_sql) == before);
	T_CHECK(pf_num(DB, "SELECT count(*) FROM work_orders WHERE wo_no = "
	        "'BAD-1'") == 0);

	T_CASE("a file that is not well-formed names its line");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "not-well-formed.xml",
	           "nwf.xml", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "nwf.xml:5: Premature end of data"));

	T_CASE("not a schedule at all");
	T_CHECK_RC(mes_b2mml_import_schedule_mem(db, "<OperationsPerformance"
	           " xmlns='http://www.mesa.org/xml/B2MML'/>", 62, "p.xml", &r),
	           MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "not an operations schedule"));
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "no-such-file.xml",
	           "gone.xml", &r), MES_ERR_IO);
	T_CHECK_HAS(mes_db_errmsg(db), "gone.xml: No such file");
}

static int import_str(struct mes_db *db, const char *seg,
                      struct mes_b2mml_result *r)
{
	char buf[2048];
	int n = snprintf(buf, sizeof buf, "<OperationsSchedule xmlns="
		"'http://www.mesa.org/xml/B2MML'><OperationsRequest><ID>X-1</ID>"
		"<StartTime>2026-12-01T06:00:00Z</StartTime><EndTime>"
		"2026-12-02T06:00:00Z</EndTime>%s</OperationsRequest>"
		"</OperationsSchedule>", seg);

	return mes_b2mml_import_schedule_mem(db, buf, (size_t)n, "x.xml", r);
}

#define PRODUCED "<MaterialRequirement><MaterialDefinitionID>BRKT-100" \
	"</MaterialDefinitionID><MaterialUse>Produced</MaterialUse><Quantity>" \
	"<QuantityString>10</QuantityString></Quantity></MaterialRequirement>"

static void import_rules(struct mes_db *db)
{
	struct mes_b2mml_result r;

	T_CASE("a work center that is neither the routing's nor an alternative");
	T_CHECK_RC(import_str(db, "<SegmentRequirement><ID>20</ID>"
	           "<EquipmentRequirement><EquipmentID>PAINT-01</EquipmentID>"
	           "</EquipmentRequirement>" PRODUCED "</SegmentRequirement>",
	           &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "work center PAINT-01 is not where operation 20"));

	T_CASE("off the routing without a work center");
	T_CHECK_RC(import_str(db, "<SegmentRequirement><ID>15</ID>" PRODUCED
	           "</SegmentRequirement>", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "operation 15 is not in the routing of BRKT-100"));

	T_CASE("no produced material, bad numbers, bad durations");
	T_CHECK_RC(import_str(db, "<SegmentRequirement><ID>12000</ID>"
	           "</SegmentRequirement>", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "operation number \"12000\": a whole number"));
	T_CHECK(has_error(&r, "no MaterialRequirement with MaterialUse "
	        "Produced"));
	T_CHECK_RC(import_str(db, "<SegmentRequirement><ID>15</ID><Duration>"
	           "2 hours</Duration><EquipmentRequirement><EquipmentID>SAW-01"
	           "</EquipmentID></EquipmentRequirement>" PRODUCED
	           "</SegmentRequirement><SegmentRequirement><ID>15</ID>"
	           "</SegmentRequirement>", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "duration \"2 hours\""));
	T_CHECK(has_error(&r, "operation 15 appears twice"));

	T_CASE("an operator may not import a schedule");
	pf_as(db, "olga", "1111");
	T_CHECK_RC(import_str(db, "<SegmentRequirement><ID>10</ID>" PRODUCED
	           "</SegmentRequirement>", &r), MES_ERR_PERM);
	pf_as(db, "luis", "2222");
	T_CHECK_RC(import_str(db, "<SegmentRequirement><ID>10</ID>" PRODUCED
	           "</SegmentRequirement>", &r), MES_OK);
	pf_as(db, "root", "9999");
}

/* One request of the given body, without times (the schema's minimum). */
static int import_bare(struct mes_db *db, const char *head, const char *body,
                       struct mes_b2mml_result *r)
{
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "<OperationsSchedule xmlns="
		"'http://www.mesa.org/xml/B2MML'>%s<OperationsRequest>%s"
		"</OperationsRequest></OperationsSchedule>", head, body);

	return mes_b2mml_import_schedule_mem(db, buf, (size_t)n, "bare.xml", r);
}

#define NOUSE(item, q) "<MaterialRequirement><MaterialDefinitionID>" item \
	"</MaterialDefinitionID><Quantity><QuantityString>" q \
	"</QuantityString></Quantity></MaterialRequirement>"

static void import_mesa(struct mes_db *db)
{
	static const char ops[] = "SELECT group_concat(o.seq || '@' || c.code "
		"|| '/' || o.description || '/' || (o.routing_op_id IS NOT NULL),"
		" ' ') FROM wo_ops o JOIN work_centers c ON c.id = o.wc_id JOIN "
		"work_orders w ON w.id = o.wo_id WHERE w.wo_no = ";
	struct mes_b2mml_result r;
	char q[512], today[32], want[64];

	mes_now_iso(today);
	today[10] = 0;
	T_CASE("MESA's shape (V0700): no times, nested, named, no MaterialUse");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "mesa-v0700.xml",
	           "m0.xml", &r), MES_OK);
	T_CHECK(r.orders == 1 && r.operations == 3 && r.materials == 1);
	snprintf(q, sizeof q, "SELECT release_date || ' ' || due_date || ' ' "
	         "|| qty FROM work_orders WHERE wo_no = 'MESA-700'");
	snprintf(want, sizeof want, "%.10s %.10s 25.0", today, today);
	T_CHECK_STR(pf_text(DB, q), want);
	snprintf(q, sizeof q, "%s'MESA-700'", ops);
	T_CHECK_STR(pf_text(DB, q), "10@SAW-01/Cut to length/1 "
	            "20@ASSY-01/Weighing/0 30@PAINT-01/Powder coat/1");
	T_CHECK_STR(pf_text(DB, "SELECT m.mat_use || '@' || o.seq FROM "
	            "wo_materials m JOIN wo_ops o ON o.id = m.wo_op_id JOIN "
	            "work_orders w ON w.id = m.wo_id WHERE w.wo_no = 'MESA-700'"),
	            "consumed@20");

	T_CASE("V0701's shape: SegmentRequirementChild, the schedule's times");
	T_CHECK_RC(mes_b2mml_import_schedule(db, DATA "mesa-v0701.xml",
	           "m1.xml", &r), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT release_date || ' ' || due_date FROM "
	            "work_orders WHERE wo_no = 'MESA-701'"),
	            "2026-12-07 2026-12-11");
	snprintf(q, sizeof q, "%s'MESA-701'", ops);
	T_CHECK_STR(pf_text(DB, q), "10@SAW-01/Cut to length/1 "
	            "20@ASSY-01/Weigh the blanks/0");

	T_CASE("only an EndTime in the past: released on it, still imported");
	T_CHECK_RC(import_bare(db, "", "<ID>LATE-1</ID><EndTime>2020-01-02T"
	           "00:00:00Z</EndTime><SegmentRequirement><ID>10</ID>"
	           NOUSE("BRKT-100", "5") "</SegmentRequirement>", &r), MES_OK);
	T_CHECK_STR(pf_text(DB, "SELECT release_date || ' ' || due_date FROM "
	            "work_orders WHERE wo_no = 'LATE-1'"), "2020-01-02 2020-01-02");
}

static void import_mesa_refused(struct mes_db *db)
{
	struct mes_b2mml_result r;
	char name[300], want[400];

	T_CASE("a named segment without a work center: refused, named");
	T_CHECK_RC(import_bare(db, "", "<ID>N-1</ID><SegmentRequirement>"
	           "<ProcessSegmentID>Weighing</ProcessSegmentID>" NOUSE(
	           "BRKT-100", "5") "</SegmentRequirement>", &r),
	           MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "bare.xml:1: /OperationsSchedule/OperationsRequest"
	        "/SegmentRequirement: operation \"Weighing\" (numbered 10 by "
	        "its position) has no work center"));

	T_CASE("numbered by position onto a number the file gives: refused");
	T_CHECK_RC(import_bare(db, "", "<ID>N-2</ID><SegmentRequirement><ID>20"
	           "</ID>" NOUSE("BRKT-100", "5") "</SegmentRequirement>"
	           "<SegmentRequirement><ID>Deburr</ID><EquipmentRequirement>"
	           "<EquipmentID>ASSY-01</EquipmentID></EquipmentRequirement>"
	           "</SegmentRequirement>", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "SegmentRequirement[2]: operation 20 appears "
	        "twice (this one numbered by its position"));

	T_CASE("no MaterialUse: two items with a routing, or none");
	T_CHECK_RC(import_bare(db, "", "<ID>N-3</ID><SegmentRequirement><ID>10"
	           "</ID>" NOUSE("BRKT-100", "5") NOUSE("HSG-300", "5")
	           "</SegmentRequirement>", &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "OperationsRequest: no MaterialRequirement with "
	        "MaterialUse Produced, and 2 without MaterialUse name items "
	        "with a routing"));
	T_CHECK_RC(import_bare(db, "", "<ID>N-4</ID><SegmentRequirement><ID>10"
	           "</ID>" NOUSE("STEEL-40", "5") "</SegmentRequirement>", &r),
	           MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "nor one without MaterialUse whose item has a "
	        "routing"));

	T_CASE("given times the wrong way round, or a bad schedule time");
	T_CHECK_RC(import_bare(db, "<ID>S</ID><StartTime>soon</StartTime>",
	           "<ID>N-5</ID><StartTime>2026-12-05T00:00:00Z</StartTime>"
	           "<EndTime>2026-12-01T00:00:00Z</EndTime><SegmentRequirement>"
	           "<ID>10</ID>" NOUSE("BRKT-100", "5") "</SegmentRequirement>",
	           &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, "/OperationsSchedule/StartTime: \"soon\" is not"));
	T_CHECK(has_error(&r, "OperationsRequest/EndTime: ends 2026-12-01, "
	        "before it starts (2026-12-05)"));

	T_CASE("a long file name is kept whole in every message");
	memset(name, 'd', 250);
	memcpy(name + 250, "/schedule.xml", 14);
	snprintf(want, sizeof want, "%s:1: /OperationsSchedule/"
	         "OperationsRequest: no SegmentRequirement", name);
	T_CHECK_RC(mes_b2mml_import_schedule_mem(db, "<OperationsSchedule "
	           "xmlns='http://www.mesa.org/xml/B2MML'><OperationsRequest>"
	           "<ID>N-6</ID></OperationsRequest></OperationsSchedule>", 130,
	           name, &r), MES_ERR_SYNTAX);
	T_CHECK(has_error(&r, want));
	T_CHECK_RC(mes_b2mml_import_schedule_mem(db, "<a>", 3, name, &r),
	           MES_ERR_SYNTAX);
	T_CHECK(!strncmp(r.errors[0], name, strlen(name)));
}

static char *export_perf(struct mes_db *db, const char *since, size_t *len,
                         int *orders)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	T_CHECK_RC(mes_b2mml_export_performance(db, since, f, orders), MES_OK);
	fclose(f);
	return buf;
}

static char *export_after(struct mes_db *db, long long after, int *orders,
                          long long *upto)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	T_CHECK_RC(mes_b2mml_export_performance_after(db, after, f, orders,
	           upto), MES_OK);
	fclose(f);
	return buf;
}

/* The drop folder exports by the events' sequence: an event stamped
 * before the previous export (the clock was set back) still goes out,
 * once; by time it would never be sent. */
static void clock_set_back(struct mes_db *db)
{
	long long upto = 0, again = 0, next = 0;
	char *buf, last[32];
	size_t len;
	int n = 0;

	T_CASE("by sequence: every order with events, then nothing new");
	free(export_after(db, 0, &n, &upto));
	T_CHECK(n >= 1 && upto > 0);
	free(export_after(db, upto, &n, &again));
	T_CHECK(n == 0 && again == upto);

	T_CASE("an event stamped in the past (clock set back) still goes out");
	mes_now_iso(last);
	pf_as(db, "olga", "1111");
	T_CHECK_RC(mes_op_report(db, "WO-1001", 20, 1, 0, NULL), MES_OK);
	pf_sql(DB, "UPDATE op_events SET ts = '2000-01-01T00:00:00.000Z' "
	       "WHERE id = (SELECT max(id) FROM op_events)");
	pf_as(db, "root", "9999");
	/* By time, as the drop folder did, the event is never sent. */
	buf = export_perf(db, last, &len, &n);
	free(buf);
	T_CHECK(n == 0);
	buf = export_after(db, upto, &n, &next);
	T_CHECK(n == 1 && next == upto + 1);
	T_CHECK_HAS(buf, "<OperationsRequestID>WO-1001</OperationsRequestID>");
	free(buf);
	free(export_after(db, next, &n, &again));
	T_CHECK(n == 0);
}

static void export_perf_cases(struct mes_db *db)
{
	char *buf;
	size_t len;
	int n;
	FILE *f;

	T_CASE("performance: lots consumed and made, labor, equipment");
	pf_sql(DB, "INSERT INTO lots (lot_no, item_id, status, created) "
	       "SELECT 'L-STEEL-1', id, 'released', '2026-11-01T00:00:00.000Z'"
	       " FROM items WHERE item_no = 'STEEL-40';"
	       "INSERT INTO lots (lot_no, item_id, status, created, produced_by)"
	       " SELECT 'L-BRKT-1', i.id, 'released', '2026-11-01T00:00:00.000Z',"
	       " w.id FROM items i, work_orders w WHERE i.item_no = 'BRKT-100' "
	       "AND w.wo_no = 'WO-1001';"
	       "INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind) "
	       "SELECT '2026-11-01T00:00:00.000Z', l.id, c.id, 50, 'receive' "
	       "FROM lots l, locations c WHERE l.lot_no = 'L-STEEL-1' AND "
	       "c.code = 'RECV';"
	       "INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind, wo_id,"
	       " wo_op_id) SELECT '2026-11-02T00:00:00.000Z', l.id, c.id, -24, "
	       "'issue', w.id, o.id FROM lots l, locations c, work_orders w "
	       "JOIN wo_ops o ON o.wo_id = w.id AND o.seq = 10 WHERE l.lot_no ="
	       " 'L-STEEL-1' AND c.code = 'RECV' AND w.wo_no = 'WO-1001';"
	       "INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind, wo_id)"
	       " SELECT '2026-11-03T00:00:00.000Z', l.id, c.id, 180, 'produce',"
	       " w.id FROM lots l, locations c, work_orders w WHERE l.lot_no = "
	       "'L-BRKT-1' AND c.code = 'RECV' AND w.wo_no = 'WO-1001';");
	buf = export_perf(db, "", &len, &n);
	T_CHECK(n >= 1);
	T_CHECK(valid_both("OperationsPerformance", buf, len));
	T_CHECK_HAS(buf, "<OperationsRequestID>WO-1001</OperationsRequestID>");
	T_CHECK_HAS(buf, "<ID>MaterialActual</ID>\n        <Value>\n"
	            "          <ValueString>STEEL-40</ValueString>");
	T_CHECK_HAS(buf, "<ValueString>L-STEEL-1</ValueString>\n          "
	            "<DataType>string</DataType>\n          <Key>MaterialLotID"
	            "</Key>");
	T_CHECK_HAS(buf, "<ValueString>24</ValueString>");
	T_CHECK_HAS(buf, "<ValueString>L-BRKT-1</ValueString>");
	T_CHECK_HAS(buf, "<ValueString>Produced</ValueString>");
	T_CHECK_HAS(buf, "<ValueString>olga</ValueString>\n          "
	            "<DataType>string</DataType>\n          <Key>PersonID</Key>");
	T_CHECK_HAS(buf, "<ValueString>SAW-01</ValueString>\n          "
	            "<DataType>string</DataType>\n          <Key>EquipmentID"
	            "</Key>");
	T_CHECK_HAS(buf, "<OperationsSegmentID>10</OperationsSegmentID>");
	T_CHECK_HAS(buf, "<ID>ScrapQuantity</ID>");

	T_CASE("performance leaves out what V0700 and V0701 order apart");
	T_CHECK(!strstr(buf, "<StartTime>") && !strstr(buf, "<EndTime>"));
	T_CHECK(!strstr(buf, "<ProcessSegmentID>"));
	T_CHECK(!strstr(buf, "<MaterialActual>") && !strstr(buf,
	        "<PersonnelActual>") && !strstr(buf, "<EquipmentActual>"));
	free(buf);

	T_CASE("performance since a time to come: empty, valid in V0700 only");
	buf = export_perf(db, "2999-01-01", &len, &n);
	T_CHECK(n == 0);
	T_CHECK(schema_valid("data/b2mml/B2MML-OperationsPerformance.xsd",
	                     buf, len));
	/* V0701 requires one OperationsResponse at least. */
	T_CHECK(!schema_valid("data/b2mml/v0701/B2MML-OperationsPerformance"
	                      ".xsd", buf, len));
	free(buf);
	f = tmpfile();
	T_CHECK_RC(mes_b2mml_export_performance(db, "yesterday", f, NULL),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_b2mml_export_schedule(db, "odd", NULL, f, NULL),
	           MES_ERR_ARG);
	T_CHECK_RC(mes_b2mml_export_performance_after(db, -1, f, NULL, NULL),
	           MES_ERR_ARG);
	fclose(f);
	clock_set_back(db);
}

static void round_trip(struct mes_db *db)
{
	static const char q[] = "SELECT group_concat(x, ';') FROM (SELECT "
		"w.wo_no || ',' || i.item_no || ',' || w.qty || ',' || "
		"w.release_date || ',' || w.due_date || ',' || w.priority || ','"
		" || w.status || ',' || (SELECT group_concat(o.seq || '@' || c.code"
		" || '/' || o.description || '/' || o.setup_min || '/' || o.run_min,"
		" ' ') FROM wo_ops o JOIN work_centers c ON c.id = o.wc_id WHERE "
		"o.wo_id = w.id) || ',' || ifnull((SELECT group_concat(m.qty || "
		"m.uom || m.lot_no) FROM wo_materials m WHERE m.wo_id = w.id), '')"
		" AS x FROM work_orders w JOIN items i ON i.id = w.item_id WHERE "
		"w.wo_no GLOB 'B2-*' ORDER BY w.wo_no)";
	struct mes_b2mml_result r;
	struct mes_db *db2;
	char *buf = NULL, want[4096];
	size_t len;
	int n;
	FILE *f = open_memstream(&buf, &len);

	T_CASE("schedule out, into another plant: the same orders");
	T_CHECK_RC(mes_b2mml_export_schedule(db, NULL, "B2-*", f, &n), MES_OK);
	fclose(f);
	T_CHECK(n == 3);
	T_CHECK(valid_both("OperationsSchedule", buf, len));
	T_CHECK_HAS(buf, "<ID>EquipmentRequirement</ID>");
	T_CHECK(!strstr(buf, "<MaterialRequirement>") &&
	        !strstr(buf, "<EquipmentRequirement>"));
	snprintf(want, sizeof want, "%s", pf_text(DB, q));
	db2 = demo_db("b2mml-2.db");
	T_CHECK_RC(mes_b2mml_import_schedule_mem(db2, buf, len, "rt.xml", &r),
	           MES_OK);
	T_CHECK(r.orders == 3 && r.operations == 7 && r.materials == 2);
	T_CHECK_STR(pf_text("b2mml-2.db", q), want);
	T_CHECK_HAS(want, "B2-200,HSG-300,8.0,2026-12-02,2026-12-09,5,released"
	            ",5@SAW-01/Saw blanks (ERP operation)/0.0/15.0");

	T_CASE("and what the first plant exported, imported again: refused");
	T_CHECK_RC(mes_b2mml_import_schedule_mem(db2, buf, len, "rt.xml", &r),
	           MES_ERR_SYNTAX);
	T_CHECK(r.nerrors == 3);
	free(buf);
	mes_db_close(db2);
}

int main(void)
{
	struct mes_db *db = demo_db(DB);

	import_good(db);
	import_bad(db);
	import_rules(db);
	import_mesa(db);
	import_mesa_refused(db);
	export_perf_cases(db);
	round_trip(db);
	mes_db_close(db);
	xmlCleanupParser();
	return t_report("test_b2mml");
}
