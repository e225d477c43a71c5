/*
 * mes-quality's keys: what each means on each screen.  The bar, the help
 * screens and the KEYS list of mes-quality(1) come from this table (the
 * man page is checked against `mes-quality --keys` by tests/cli/keys.sh).
 * The F-key actions are slots: GANTT, F8, is the non-conformances here,
 * reached by n, not the dispatch board's g.
 */
#include <curses.h>
#include "qual.h"

static const struct ui_key rows[] = {
	{ NULL, ACT_START, 2, { 's' }, "", "" },
	{ "due", ACT_START, 0, { 0 }, "Check", "enter the selected inspection" },
	{ "alarms", ACT_START, 0, { 0 }, "NC",
	  "open a non-conformance for the alarm" },
	{ "non-conformances", ACT_START, 0, { 0 }, "Step", "the next step" },
	{ NULL, ACT_REPORT, 4, { 'r' }, "", "" },
	{ "due", ACT_REPORT, 0, { 0 }, "Charts",
	  "the characteristics of the selected plan" },
	{ NULL, ACT_COMPLETE, 5, { 'c' }, "", "" },
	{ "chart", ACT_COMPLETE, 0, { 0 }, "Histogram", "histogram or chart" },
	{ "alarms", ACT_COMPLETE, 0, { 0 }, "Ack", "acknowledge the alarm" },
	{ NULL, ACT_ANDON, 6, { 'a' }, "", "" },
	{ "due", ACT_ANDON, 0, { 0 }, "Alarms", "the open SPC alarms" },
	{ "non-conformances", ACT_ANDON, 0, { 0 }, "New", "a new one by hand" },
	{ NULL, ACT_GANTT, 8, { 'n' }, "", "" },
	{ "due", ACT_GANTT, 0, { 0 }, "NCs", "the non-conformances" },
	{ NULL, ACT_LOAD, 9, { 'l' }, "", "" },
	{ "due", ACT_LOAD, 0, { 0 }, "All", "every characteristic" },
	{ "non-conformances", ACT_LOAD, 0, { 0 }, "All", "closed ones too" },
	{ "due", ACT_OPEN, 0, { 0 }, "", "enter the selected inspection" },
	{ "characteristics", ACT_OPEN, 0, { 0 }, "", "the control chart" },
	{ "alarms", ACT_OPEN, 0, { 0 }, "", "the control chart" },
	{ "non-conformances", ACT_OPEN, 0, { 0 }, "", "the record" },
	{ "chart", ACT_PGUP, 0, { 0 }, "", "a screen of older history" },
	{ "chart", ACT_PGDN, 0, { 0 }, "", "a screen of newer history" },
	{ "chart", ACT_HOME, 0, { 0 }, "", "the oldest points" },
	{ "chart", ACT_END, 0, { 0 }, "", "the newest points" },
	{ NULL, ACT_LEFT, 0, { UI_KEY(KEY_LEFT), 'h' }, "", "" },
	{ "chart", ACT_LEFT, 0, { 0 }, "", "ten points back" },
	{ NULL, ACT_RIGHT, 0, { UI_KEY(KEY_RIGHT) }, "", "" },
	{ "chart", ACT_RIGHT, 0, { 0 }, "", "ten points on" },
	/* The chart has one other series: either way reaches it. */
	{ NULL, ACT_NEXT_ITEM, 0, { '\t', ']', '[', UI_KEY(KEY_BTAB) }, "", "" },
	{ "chart", ACT_NEXT_ITEM, 0, { 0 }, "",
	  "the range chart (R, S or MR) and back" },
	{ "due", ACT_LOGOUT, 0, { 0 }, "", "log out" },
};

/* The hint lines at the foot of the screens, in the order shown. */
static const struct ui_hint hints[] = {
	{ "characteristics", ACT_OPEN, "control chart" },
	{ "alarms", ACT_OPEN, "chart" },
	{ "alarms", ACT_COMPLETE, "acknowledge" },
	{ "alarms", ACT_START, "open a non-conformance" },
	{ "non-conformances", ACT_OPEN, "record" },
	{ "non-conformances", ACT_START, "next step" },
	{ "non-conformances", ACT_ANDON, "new" },
	{ NULL, ACT_NONE, NULL },
};

const struct ui_keymap qual_keys = {
	"mes-quality", rows, sizeof rows / sizeof rows[0], NULL, hints,
};
