/*
 * mes-maint's keys: what each means on each screen.  The bar, the help
 * screens and the KEYS list of mes-maint(1) come from this table (the man
 * page is checked against `mes-maint --keys` by tests/cli/keys.sh).
 */
#include <curses.h>
#include "maint.h"

static const struct ui_key rows[] = {
	{ NULL, ACT_START, 2, { 's' }, "Start", "" },
	{ "assets", ACT_START, 0, { 0 }, "Downtime", "the downtime list" },
	{ "downtime", ACT_START, 0, { 0 }, "Reason", "assign a reason" },
	{ "maintenance orders", ACT_START, 0, { 0 }, "", "start the order" },
	{ "PM plans", ACT_START, 0, { 0 }, "Create",
	  "open the orders that are due" },
	{ "condition alerts", ACT_START, 0, { 0 }, "Ack", "acknowledge" },
	{ NULL, ACT_PAUSE, 3, { 'p' }, "", "" },
	{ "assets", ACT_PAUSE, 0, { 0 }, "Orders", "the maintenance orders" },
	{ "maintenance orders", ACT_PAUSE, 0, { 0 }, "Assign",
	  "assign to a technician" },
	{ NULL, ACT_REPORT, 4, { 'r' }, "", "" },
	{ "assets", ACT_REPORT, 0, { 0 }, "Request",
	  "a maintenance request for the asset" },
	{ "downtime", ACT_REPORT, 0, { 0 }, "Order",
	  "an order from the breakdown" },
	{ "maintenance orders", ACT_REPORT, 0, { 0 }, "Book",
	  "book parts and labor" },
	{ NULL, ACT_COMPLETE, 5, { 'c' }, "", "" },
	{ "assets", ACT_COMPLETE, 0, { 0 }, "PM", "the PM plans" },
	{ "maintenance orders", ACT_COMPLETE, 0, { 0 }, "Done",
	  "mark done, then sign off" },
	{ NULL, ACT_ANDON, 6, { 'a' }, "", "" },
	{ "assets", ACT_ANDON, 0, { 0 }, "Alerts", "the condition alerts" },
	{ "maintenance orders", ACT_ANDON, 0, { 0 }, "New",
	  "a new corrective order" },
	{ NULL, ACT_INSTR, 7, { 'i' }, "", "" },
	{ "maintenance orders", ACT_INSTR, 0, { 0 }, "From request",
	  "an order from a request (by its number)" },
	{ NULL, ACT_GANTT, 8, { 'g' }, "", "" },
	{ "assets", ACT_GANTT, 0, { 0 }, "Replan", "reschedule the plant" },
	{ NULL, ACT_LOAD, 9, { 'l' }, "", "" },
	{ "downtime", ACT_LOAD, 0, { 0 }, "Filter",
	  "only those without a reason, or all" },
	{ "maintenance orders", ACT_LOAD, 0, { 0 }, "All", "open ones or all" },
	{ "assets", ACT_OPEN, 0, { 0 }, "", "MTBF and MTTR of the asset" },
	{ "downtime", ACT_OPEN, 0, { 0 }, "", "assign a reason" },
	{ "maintenance orders", ACT_OPEN, 0, { 0 }, "", "done or sign off" },
	{ NULL, ACT_TOOL, 0, { 'm' }, "", "" },
	{ "assets", ACT_TOOL, 0, { 0 }, "",
	  "mount a tool" },
	{ "assets", ACT_LOGOUT, 0, { 0 }, "", "log out" },
};

/* The hint lines at the foot of the screens, in the order shown. */
static const struct ui_hint hints[] = {
	{ "assets", ACT_OPEN, "MTBF/MTTR" },
	{ "assets", ACT_START, "downtime" },
	{ "assets", ACT_PAUSE, "orders" },
	{ "assets", ACT_REPORT, "request" },
	{ "assets", ACT_COMPLETE, "PM" },
	{ "assets", ACT_ANDON, "alerts" },
	{ "assets", ACT_GANTT, "reschedule" },
	{ "assets", ACT_LOGOUT, "log out" },
	{ "maintenance orders", ACT_START, "start" },
	{ "maintenance orders", ACT_PAUSE, "assign" },
	{ "maintenance orders", ACT_REPORT, "parts/labor" },
	{ "maintenance orders", ACT_COMPLETE, "done/sign off" },
	{ "maintenance orders", ACT_ANDON, "new" },
	{ "maintenance orders", ACT_INSTR, "from request" },
	{ "maintenance orders", ACT_LOAD, "all" },
	{ "PM plans", ACT_START, "open orders for every due plan" },
	{ "condition alerts", ACT_START,
	  "acknowledge (the monitor starts again)" },
	{ NULL, ACT_NONE, NULL },
};

const struct ui_keymap mnt_keys = {
	"mes-maint", rows, sizeof rows / sizeof rows[0], NULL, hints,
};
