/*
 * mes-scan's keys: the station keys reach the same four screens from each
 * of them.  The bar, the help screens and the KEYS list of mes-scan(1)
 * come from this table (the man page is checked against `mes-scan --keys`
 * by tests/cli/keys.sh).  A plain key goes into the scan field instead
 * once something is typed there (station.c).
 */
#include <curses.h>
#include "scan.h"

static const struct ui_key rows[] = {
	{ NULL, ACT_START, 2, { 's' }, "Receive", "the receive screen" },
	{ NULL, ACT_PAUSE, 3, { 'p' }, "Put away", "the put-away screen" },
	{ NULL, ACT_REPORT, 4, { 'r' }, "Issue", "the issue screen" },
	{ NULL, ACT_COMPLETE, 5, { 'c' }, "Trace", "the trace screen" },
	{ NULL, ACT_ANDON, 6, { 'a' }, "", "" },
	{ "receive", ACT_ANDON, 0, { 0 }, "PO/Qty",
	  "PO and counted quantity for the next scan" },
	{ "trace", ACT_ANDON, 0, { 0 }, "Mode", "backward, forward, recall" },
	{ NULL, ACT_INSTR, 7, { 'i' }, "", "" },
	{ "receive", ACT_INSTR, 0, { 0 }, "Label", "print the last lot's label" },
	{ NULL, ACT_OPEN, 0, { 0 }, "", "send what was typed in the scan field" },
	{ "trace", ACT_OPEN, 0, { 0 }, "", "trace the selected lot" },
	{ NULL, ACT_BACK, 0, { 0 }, "",
	  "clear the scan field (Backspace: its last character)" },
	{ "put-away", ACT_BACK, 0, { 0 }, "", "start again" },
	{ "issue to order", ACT_BACK, 0, { 0 }, "", "start again" },
	{ NULL, ACT_LOGOUT, 0, { 0 }, "", "log out" },
};

const struct ui_keymap scan_keys = {
	"mes-scan", rows, sizeof rows / sizeof rows[0], NULL, NULL,
};
