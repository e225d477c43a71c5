/*
 * The demo plant's machines, read by mes-plcsim: machine N of the
 * simulator is PLC simN, linked to the N-th work center of the demo.
 */
#include <stdio.h>
#include <string.h>
#include "machines/machine_int.h"
#include "prod.h"

static const struct { const char *code, *name, *wc; } demo_machines[] = {
	{ "SAW-01",   "Band saw Kasto",           "SAW-01" },
	{ "CNC-01",   "Haas VF-2",                "CNC-01" },
	{ "CNC-02",   "DMG Mori 635",             "CNC-02" },
	{ "WELD-01",  "Welding robot cell",       "WELD-01" },
	{ "PAINT-01", "Powder booth and oven",    "PAINT-01" },
	{ "ASSY-01",  "Assembly bench press",     "ASSY-01" },
};

/* The simulator's fault texts, as downtime reasons of their own. */
static const struct { const char *code, *desc; } demo_faults[] = {
	{ "JAM",   "jam at infeed" },
	{ "MOTOR", "motor overload" },
	{ "ESTOP", "emergency stop" },
	{ "TBRK",  "tool breakage" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The saw's blade: the brackets are cut with one mounted (a tooled
 * operation), its life counted from the saw's PLC cycles. */
static int seed_tools(struct mes_db *db)
{
	static const struct mes_tool_type blade = { "BLADE-34",
		"Bimetal band saw blade 34 mm", 5000, 0, 90, 1, 0 };
	int rc = mes_tool_type_add(db, &blade);

	if (rc == MES_OK)
		rc = mes_tool_add(db, "BL-0107", "BLADE-34");
	if (rc == MES_OK)
		rc = mes_tool_add(db, "BL-0108", "BLADE-34");
	if (rc == MES_OK)
		rc = mes_routing_tool(db, "BRKT-100", 10, "BLADE-34");
	if (rc == MES_OK)
		rc = mes_routing_tool(db, "BRKT-150", 10, "BLADE-34");
	if (rc == MES_OK)
		rc = mes_tool_mount(db, "BL-0107", "SAW-01");
	return rc;
}

int mes_machine_demo_seed(struct mes_db *db, const char *collector_pin)
{
	char code[40], plc[16];
	size_t i;
	int rc;

	if (!db || !collector_pin)
		return db_badarg(db, __func__);
	rc = mes_asset_add(db, "PLANT", "Demo plant", "site", NULL, NULL);
	if (rc == MES_OK)
		rc = mes_asset_add(db, "LINE-1", "Machining line", "line",
		                   "PLANT", NULL);
	for (i = 0; i < N(demo_machines) && rc == MES_OK; i++) {
		snprintf(code, sizeof code, "M-%s", demo_machines[i].code);
		rc = mes_asset_add(db, code, demo_machines[i].name, "machine",
		                   "LINE-1", demo_machines[i].wc);
		if (rc == MES_OK) {
			char comp[48];

			snprintf(comp, sizeof comp, "%s-SP", code);
			rc = mes_asset_add(db, comp, "Main spindle or drive",
			                   "component", code, NULL);
		}
		snprintf(plc, sizeof plc, "sim%zu", i + 1);
		if (rc == MES_OK)
			rc = mes_plc_register(db, plc, code);
		if (rc == MES_OK)
			rc = mes_pm_plan_add(db, code, "Lubrication and "
			                     "inspection", 7, 5000, NULL);
		if (rc == MES_OK)
			rc = mes_monitor_set(db, code, "temp", "ewma", 45, 3,
			                     0.2, 3);
	}
	for (i = 0; i < N(demo_faults) && rc == MES_OK; i++)
		rc = mes_reason_add(db, demo_faults[i].code, "downtime",
		                    demo_faults[i].desc);
	if (rc == MES_OK)
		rc = seed_tools(db);
	if (rc == MES_OK)
		rc = mes_user_add(db, "collector", "PLC collector (mes-collect)",
		                  MES_ROLE_MAINTENANCE, NULL, collector_pin);
	return rc;
}
