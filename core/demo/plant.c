/*
 * The demo plant: a small machine shop with a user for every role, seeded
 * through the same audited core calls a real plant's data goes through.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "base/internal.h"
#include "materials.h"
#include "prod.h"
#include "quality.h"

static const struct mes_demo_user demo_users[] = {
	{ "ada",   "Ada Lindqvist",  "admin",       "100001", "6666" },
	{ "olga",  "Olga Brandt",    "operator",    "100002", "1111" },
	{ "luis",  "Luis Moreno",    "lead,operator", "100003", "2222" },
	{ "quinn", "Quinn Okafor",   "quality",     "100004", "3333" },
	{ "mai",   "Mai Tanaka",     "maintenance", "100005", "4444" },
	{ "remy",  "R\xc3\xa9my Faure", "receiving", "100006", "5555" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct mes_demo_user *mes_demo_users(void)
{
	return demo_users;
}

static const struct { const char *code, *name; int cap; } demo_wcs[] = {
	{ "SAW-01",   "Band saw",                1 },
	{ "CNC-01",   "CNC mill Haas VF-2",      1 },
	{ "CNC-02",   "CNC mill DMG 635",        1 },
	{ "WELD-01",  "Welding cell",            2 },
	{ "PAINT-01", "Powder coating line",     1 },
	{ "ASSY-01",  "Assembly bench",          3 },
};

static const struct { const char *no, *desc, *uom, *family; } demo_items[] = {
	{ "BRKT-100",  "Steel bracket, 100 mm",        "ea", "bracket" },
	{ "BRKT-150",  "Steel bracket, 150 mm",        "ea", "bracket" },
	{ "FRAME-200", "Welded frame 200x400",         "ea", "frame" },
	{ "HSG-300",   "Milled aluminium housing",     "ea", "housing" },
	{ "STEEL-40",  "Steel flat bar 40x5",          "m",  "raw" },
	{ "ALU-BLK",   "Aluminium block 6082",         "kg", "raw" },
};

static const struct {
	const char *item; int seq; const char *wc; double setup, run;
	const char *desc;
} demo_routing[] = {
	{ "BRKT-100",  10, "SAW-01",   10, 0.5, "Cut to length" },
	{ "BRKT-100",  20, "CNC-01",   30, 2.0, "Drill and chamfer" },
	{ "BRKT-100",  30, "PAINT-01", 20, 0.3, "Powder coat" },
	{ "BRKT-150",  10, "SAW-01",   10, 0.6, "Cut to length" },
	{ "BRKT-150",  20, "CNC-02",   30, 2.4, "Drill and chamfer" },
	{ "BRKT-150",  30, "PAINT-01", 20, 0.3, "Powder coat" },
	{ "FRAME-200", 10, "SAW-01",   15, 1.5, "Cut tubes" },
	{ "FRAME-200", 20, "WELD-01",  20, 12,  "Weld frame" },
	{ "FRAME-200", 30, "PAINT-01", 20, 1.0, "Powder coat" },
	{ "FRAME-200", 40, "ASSY-01",  5,  6,   "Fit brackets" },
	{ "HSG-300",   10, "CNC-01",   45, 18,  "Mill housing" },
	{ "HSG-300",   20, "ASSY-01",  5,  4,   "Deburr and inspect" },
};

/* Orders released from today on, so the demo is never in the past. */
static const struct {
	const char *wo, *item; double qty; int rel_days, due_days, prio;
} demo_orders[] = {
	{ "WO-1001", "BRKT-100",  200, 0, 2, 3 },
	{ "WO-1002", "FRAME-200",  12, 0, 4, 2 },
	{ "WO-1003", "HSG-300",    20, 1, 5, 5 },
	{ "WO-1004", "BRKT-150",  150, 1, 3, 4 },
	{ "WO-1005", "FRAME-200",   8, 2, 7, 5 },
	{ "WO-1006", "BRKT-100",  500, 3, 9, 6 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int seed_users(struct mes_db *db)
{
	const struct mes_demo_user *u;
	unsigned roles;
	int rc;

	for (u = demo_users; u->login; u++) {
		if (mes_role_parse(u->roles, &roles, NULL, 0) != MES_OK)
			return db_badarg(db, __func__);
		rc = mes_user_add(db, u->login, u->name, roles, u->badge, u->pin);
		if (rc != MES_OK)
			return rc;
	}
	return MES_OK;
}

static int seed_plant(struct mes_db *db)
{
	char rel[11], due[11];
	size_t i;
	int rc = MES_OK;

	for (i = 0; i < N(demo_wcs) && rc == MES_OK; i++)
		rc = mes_wc_add(db, demo_wcs[i].code, demo_wcs[i].name,
		                        demo_wcs[i].cap);
	for (i = 0; i < N(demo_items) && rc == MES_OK; i++)
		rc = mes_item_add(db, demo_items[i].no, demo_items[i].desc,
		                  demo_items[i].uom, demo_items[i].family);
	for (i = 0; i < N(demo_routing) && rc == MES_OK; i++)
		rc = mes_routing_op_add(db, demo_routing[i].item,
		                        demo_routing[i].seq, demo_routing[i].wc,
		                        demo_routing[i].setup,
		                        demo_routing[i].run,
		                        demo_routing[i].desc);
	for (i = 0; i < N(demo_orders) && rc == MES_OK; i++) {
		utc_day(demo_orders[i].rel_days, rel);
		utc_day(demo_orders[i].due_days, due);
		rc = mes_order_add(db, demo_orders[i].wo, demo_orders[i].item,
		                   demo_orders[i].qty, rel, due,
		                   demo_orders[i].prio);
	}
	return rc;
}

static const struct { const char *code, *kind, *desc; } demo_reasons[] = {
	{ "DIM",   "scrap",    "Dimension out of tolerance" },
	{ "SURF",  "scrap",    "Surface defect" },
	{ "MAT",   "scrap",    "Material defect" },
	{ "BRK",   "pause",    "Break" },
	/* Codes are unique across kinds (downtime events refer to them). */
	{ "NOMAT", "pause",    "Waiting for material" },
	{ "TOOL",  "pause",    "Tool change or broken tool" },
	{ "MECH",  "downtime", "Mechanical failure" },
	{ "ELEC",  "downtime", "Electrical failure" },
};

static const struct {
	const char *item; int seq; const char *wc; double run;
} demo_alts[] = {
	{ "BRKT-100", 20, "CNC-02", 2.2 },
	{ "BRKT-150", 20, "CNC-01", 2.6 },
	{ "HSG-300",  10, "CNC-02", 20 },
};

static const char demo_instr_1[] =
	"Mill housing HSG-300\n"
	"1. Clamp the block in the vice, datum face down.\n"
	"2. Load program O3001; check tool list T1-T6.\n"
	"3. Measure bore 42H7 on the first part; record it.\n";
static const char demo_instr_2[] =
	"Mill housing HSG-300 (revision 2: bore now checked with the plug "
	"gauge)\n"
	"1. Clamp the block in the vice, datum face down.\n"
	"2. Load program O3001; check tool list T1-T6.\n"
	"3. Check bore 42H7 with plug gauge PG-42 on every 5th part.\n";

/* Two shifts Monday to Friday on every work center. */
static int seed_calendar(struct mes_db *db)
{
	size_t i;
	int d, rc = MES_OK;

	for (i = 0; i < N(demo_wcs) && rc == MES_OK; i++)
		for (d = 0; d < 5 && rc == MES_OK; d++) {
			rc = mes_shift_add(db, demo_wcs[i].code, d, 6 * 60,
			                   14 * 60, "early");
			if (rc == MES_OK)
				rc = mes_shift_add(db, demo_wcs[i].code, d,
				                   14 * 60, 22 * 60, "late");
		}
	return rc;
}

static int seed_rules(struct mes_db *db)
{
	char soon[11], past[11];
	size_t i;
	int rc = MES_OK, rev;

	for (i = 0; i < N(demo_reasons) && rc == MES_OK; i++)
		rc = mes_reason_add(db, demo_reasons[i].code,
		                    demo_reasons[i].kind, demo_reasons[i].desc);
	for (i = 0; i < N(demo_alts) && rc == MES_OK; i++)
		rc = mes_routing_alt_add(db, demo_alts[i].item,
		                         demo_alts[i].seq, demo_alts[i].wc,
		                         demo_alts[i].run);
	if (rc == MES_OK)
		rc = mes_bom_add(db, "BRKT-100", "STEEL-40", 0.12);
	if (rc == MES_OK)
		rc = mes_bom_add(db, "HSG-300", "ALU-BLK", 1.4);
	/* Each welded frame is a serialized unit with a GS1 label. */
	if (rc == MES_OK)
		rc = mes_item_set_gs1(db, "FRAME-200", "09521234500032", 0, 0, 0);
	if (rc == MES_OK)
		rc = mes_item_serial(db, "FRAME-200", "FR{YY}{MM}-{####}");
	if (rc == MES_OK)
		rc = mes_skill_add(db, "WELD-CERT", "Welder certificate "
		                   "EN ISO 9606-1");
	if (rc == MES_OK)
		rc = mes_routing_op_set_skill(db, "FRAME-200", 20, "WELD-CERT");
	utc_day(365, soon);
	utc_day(-30, past);
	/* Luis may weld; Olga's certificate ran out: the override story. */
	if (rc == MES_OK)
		rc = mes_skill_grant(db, "luis", "WELD-CERT", soon);
	if (rc == MES_OK)
		rc = mes_skill_grant(db, "olga", "WELD-CERT", past);
	if (rc == MES_OK)
		rc = mes_instruction_set(db, "HSG-300", 10, demo_instr_1, &rev);
	if (rc == MES_OK)
		rc = mes_instruction_set(db, "HSG-300", 10, demo_instr_2, &rev);
	for (i = 0; i < 4 && rc == MES_OK; i++)
		rc = mes_order_release(db, demo_orders[i].wo);
	return rc;
}

/* What Olga and Luis did this morning, under their own names. */
static int olga_shift(struct mes_db *db)
{
	long long id;
	int rc = mes_login_pin(db, "olga", "1111");

	if (rc == MES_OK)
		rc = mes_op_start(db, "WO-1001", 10, NULL);
	if (rc == MES_OK)
		rc = mes_op_report(db, "WO-1001", 10, 197, 3, "DIM");
	if (rc == MES_OK)
		rc = mes_op_complete(db, "WO-1001", 10);
	if (rc == MES_OK)
		rc = mes_op_start(db, "WO-1001", 20, NULL);
	if (rc == MES_OK)
		rc = mes_op_report(db, "WO-1001", 20, 60, 0, NULL);
	if (rc == MES_OK)
		rc = mes_op_start(db, "WO-1004", 10, NULL);
	if (rc == MES_OK)
		rc = mes_op_report(db, "WO-1004", 10, 80, 0, NULL);
	if (rc == MES_OK)
		rc = mes_op_pause(db, "WO-1004", 10, "NOMAT");
	if (rc == MES_OK)
		rc = mes_andon_raise(db, "SAW-01", "material", "Flat bar 40x5 "
		                     "running low", &id);
	return rc;
}

static int luis_shift(struct mes_db *db)
{
	int rc = mes_login_pin(db, "luis", "2222");

	if (rc == MES_OK)
		rc = mes_op_start(db, "WO-1002", 10, NULL);
	if (rc == MES_OK)
		rc = mes_op_report(db, "WO-1002", 10, 12, 0, NULL);
	if (rc == MES_OK)
		rc = mes_op_complete(db, "WO-1002", 10);
	if (rc == MES_OK)
		rc = mes_op_start(db, "WO-1002", 20, NULL);
	if (rc == MES_OK)
		rc = mes_op_report(db, "WO-1002", 20, 4, 0, NULL);
	return rc;
}

/* The floor's activity runs as the demo users; the caller's session is
 * put back afterwards, whatever happened. */
static int seed_activity(struct mes_db *db)
{
	struct mes_session caller = db->sess;
	int rc = olga_shift(db);

	if (rc == MES_OK)
		rc = luis_shift(db);
	db->sess = caller;
	return rc;
}

/* The plug gauge the housing's work instruction names, calibrated
 * every 90 days (it came with its certificate). */
static int seed_gauges(struct mes_db *db)
{
	return mes_gauge_add(db, "PG-42", "Plug gauge 42H7 (HSG-300 bore)", 90,
	                     NULL);
}

int mes_demo_seed(struct mes_db *db)
{
	struct mes_status st;
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if ((rc = mes_status_get(db, &st)) != MES_OK)
		return rc;
	if (st.orders || st.items || st.work_centers)
		return db_fail(db, MES_ERR_STATE, "this database holds a plant "
		               "already; seed the demo into a new one (mesctl "
		               "init)");
	if ((rc = seed_users(db)) != MES_OK ||
	    (rc = seed_plant(db)) != MES_OK ||
	    (rc = seed_calendar(db)) != MES_OK ||
	    (rc = seed_rules(db)) != MES_OK ||
	    (rc = seed_gauges(db)) != MES_OK)
		return rc;
	return seed_activity(db);
}
