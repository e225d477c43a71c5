/*
 * The demo plant: a small machine shop with a user for every role, seeded
 * through the same audited core calls a real plant's data goes through.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "internal.h"

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

static void day(int offset, char out[11])
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int seed_users(struct mes_db *db)
{
	const struct mes_demo_user *u;
	unsigned roles;
	int rc;

	for (u = demo_users; u->login; u++) {
		if (mes_role_parse(u->roles, &roles, NULL, 0) != MES_OK)
			return MES_ERR_ARG;
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
		rc = mes_workcenter_add(db, demo_wcs[i].code, demo_wcs[i].name,
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
		day(demo_orders[i].rel_days, rel);
		day(demo_orders[i].due_days, due);
		rc = mes_order_add(db, demo_orders[i].wo, demo_orders[i].item,
		                   demo_orders[i].qty, rel, due,
		                   demo_orders[i].prio);
	}
	return rc;
}

int mes_demo_seed(struct mes_db *db)
{
	struct mes_status st;
	int rc;

	if (!db || !db->h)
		return MES_ERR_ARG;
	if ((rc = mes_status_get(db, &st)) != MES_OK)
		return rc;
	if (st.orders || st.items || st.work_centers)
		return db_fail(db, MES_ERR_STATE, "this database holds a plant "
		               "already; seed the demo into a new one (mesctl "
		               "init)");
	if ((rc = seed_users(db)) != MES_OK)
		return rc;
	return seed_plant(db);
}
