/*
 * mes-dispatch's keys: what each means on each screen.  The bar, the help
 * screens and the KEYS list of mes-dispatch(1) come from this table (the
 * man page is checked against `mes-dispatch --keys` by tests/cli/keys.sh).
 */
#include <curses.h>
#include "dispatch.h"

static const struct ui_key rows[] = {
	{ NULL, ACT_START, 2, { 's' }, "Start", "" },
	{ "queue", ACT_START, 0, { 0 }, "",
	  "start or join the operation (clocks you on)" },
	{ "andon calls", ACT_START, 0, { 0 }, "Take", "take the selected call" },
	{ NULL, ACT_PAUSE, 3, { 'p' }, "Pause", "" },
	{ "queue", ACT_PAUSE, 0, { 0 }, "", "pause with a reason, or resume" },
	{ NULL, ACT_REPORT, 4, { 'r' }, "Report", "" },
	{ "queue", ACT_REPORT, 0, { 0 }, "",
	  "report good and scrap (scrap needs a reason)" },
	{ NULL, ACT_COMPLETE, 5, { 'c' }, "Done", "" },
	{ "queue", ACT_COMPLETE, 0, { 0 }, "", "complete the operation" },
	{ "andon calls", ACT_COMPLETE, 0, { 0 }, "Close",
	  "close the selected call" },
	{ NULL, ACT_ANDON, 6, { 'a' }, "Andon", "" },
	{ "board", ACT_ANDON, 0, { 0 }, "", "the open andon calls" },
	{ "queue", ACT_ANDON, 0, { 0 }, "", "raise an andon call here" },
	{ "andon calls", ACT_ANDON, 0, { 0 }, "Raise",
	  "raise a call at the board's work center" },
	{ NULL, ACT_INSTR, 7, { 'i' }, "Instr", "" },
	{ "queue", ACT_INSTR, 0, { 0 }, "", "the work instruction" },
	{ NULL, ACT_GANTT, 8, { 'g' }, "Gantt", "the Gantt chart of the plan" },
	{ NULL, ACT_LOAD, 9, { 'l' }, "Load", "" },
	{ "board", ACT_LOAD, 0, { 0 }, "", "load per work center and operator" },
	{ "board", ACT_OPEN, 0, { 0 }, "", "open its queue" },
	{ "queue", ACT_OPEN, 0, { 0 }, "", "the operation's details" },
	{ "Gantt", ACT_OPEN, 0, { 0 }, "", "the operation's details" },
	{ NULL, ACT_ZOOM_IN, 0, { '+', '=' }, "", "" },
	{ "Gantt", ACT_ZOOM_IN, 0, { 0 }, "", "zoom in" },
	{ "load", ACT_ZOOM_IN, 0, { 0 }, "", "a shorter horizon" },
	{ NULL, ACT_ZOOM_OUT, 0, { '-' }, "", "" },
	{ "Gantt", ACT_ZOOM_OUT, 0, { 0 }, "", "zoom out" },
	{ "load", ACT_ZOOM_OUT, 0, { 0 }, "", "a longer horizon" },
	{ NULL, ACT_LEFT, 0, { UI_KEY(KEY_LEFT), 'h' }, "", "" },
	{ "Gantt", ACT_LEFT, 0, { 0 }, "", "scroll earlier" },
	{ NULL, ACT_RIGHT, 0, { UI_KEY(KEY_RIGHT) }, "", "" },
	{ "Gantt", ACT_RIGHT, 0, { 0 }, "", "scroll later" },
	{ "Gantt", ACT_HOME, 0, { 0 }, "", "back to now" },
	{ NULL, ACT_PREV_ITEM, 0, { '[', UI_KEY(KEY_BTAB) }, "", "" },
	{ "Gantt", ACT_PREV_ITEM, 0, { 0 }, "", "the operation before" },
	{ NULL, ACT_NEXT_ITEM, 0, { ']', '\t' }, "", "" },
	{ "Gantt", ACT_NEXT_ITEM, 0, { 0 }, "", "the next operation" },
	{ NULL, ACT_EARLIER, 0, { ',' }, "", "" },
	{ "Gantt", ACT_EARLIER, 0, { 0 }, "",
	  "move it earlier (lead; 15 min, 1 h or 4 h as zoomed)" },
	{ NULL, ACT_LATER, 0, { '.' }, "", "" },
	{ "Gantt", ACT_LATER, 0, { 0 }, "", "move it later (lead)" },
	{ NULL, ACT_MOVE_WC, 0, { 'w' }, "", "" },
	{ "Gantt", ACT_MOVE_WC, 0, { 0 }, "",
	  "move it to an allowed alternative work center (lead)" },
	{ NULL, ACT_CLOCK_OFF, 0, { 'o' }, "", "" },
	{ "queue", ACT_CLOCK_OFF, 0, { 0 }, "",
	  "clock off the selected operation" },
	{ NULL, ACT_JUMP, 0, { '/' }, "", "" },
	{ "board", ACT_JUMP, 0, { 0 }, "", "find traveler" },
	{ "board", ACT_LOGOUT, 0, { 0 }, "", "log out" },
	{ NULL, ACT_TOOL, 0, { 'm' }, "", "" },
	{ "queue", ACT_TOOL, 0, { 0 }, "",
	  "mount a tool here" },
	{ NULL, ACT_SCENARIO, 0, { 'v' }, "", "" },
	/* A lead's look at a scenario (scenario.c); short, to fit the
	 * help's grid. */
	{ "board", ACT_SCENARIO, 0, { 0 }, "", "scenario plans" },
};

const struct ui_keymap disp_keys = {
	"mes-dispatch", rows, sizeof rows / sizeof rows[0],
	"Scan a traveler (or type WO/OP, Enter) on any screen to open its queue.",
	NULL,
};
