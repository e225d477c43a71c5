/* mes-dispatch: what its views share. */
#ifndef DISPATCH_H
#define DISPATCH_H

#include "mes.h"
#include "prod.h"
#include "ui/ui.h"

struct disp {
	struct ui_prog *prog;     /* the start-up's: log-in, title line */
	struct mes_db *db;        /* what the views read: the plant, or a
	                           * scenario's copy while one is looked at */
	struct mes_db *live;      /* the plant while a scenario is shown */
	struct ui_app *app;
};

/* The program's key table (keys.c). */
extern const struct ui_keymap disp_keys;
extern const struct ui_view_ops board_view;

/* Opens the queue of wc with (wo_no, seq) selected (either may be NULL). */
void queue_push(struct disp *d, const char *wc, const char *wo_no, int seq);
void gantt_push(struct disp *d);
/* The open andon calls; new calls are raised at wc (may be NULL). */
void andon_push(struct disp *d, const char *wc);
void load_push(struct disp *d);

/* The operation actions, shared by the queue and a scanned traveler. */
int op_start(struct disp *d, const struct mes_board_op *op);
int op_pause_resume(struct disp *d, const struct mes_board_op *op);
int op_clock_off(struct disp *d, const struct mes_board_op *op);
int op_report(struct disp *d, const struct mes_board_op *op);
int op_complete(struct disp *d, const struct mes_board_op *op);
int op_instructions(struct disp *d, const struct mes_board_op *op);
/* clean.c: a changeover clean of wc, and its verification. */
int op_clean(struct disp *d, const char *wc);
/* units.c: make, start or complete a serialized unit at op. */
int op_unit(struct disp *d, const struct mes_board_op *op);
int andon_raise(struct disp *d, const char *wc);
void op_details(struct disp *d, const struct mes_board_op *op);

/* A lead's look at a scenario's plan (scenario.c): v opens a chooser
 * or goes back; leave goes back to the plant, if need be. */
int scenario_toggle(struct disp *d);
void scenario_leave(struct disp *d);

/* Shows a core error on the message line. */
int disp_fail(struct disp *d, const char *what);

#endif
