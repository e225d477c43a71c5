/*
 * mes-dispatch: the dispatch board.  One process per terminal; the
 * database is the shared state, polled for other terminals' changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"

static struct disp disp;

static int global_scan(struct ui_app *app, const char *text, void *ctx)
{
	struct disp *d = ctx;
	struct mes_board_op op;
	char wo[64];
	int seq;

	(void)app;
	if (mes_traveler_parse(text, wo, sizeof wo, &seq) != MES_OK)
		return 0;
	if (mes_board_op(d->db, wo, seq, &op) != MES_OK) {
		disp_fail(d, text);
		return 1;
	}
	queue_push(d, op.wc, op.wo_no, op.seq);
	return 1;
}

static int start(struct ui_prog *p)
{
	/* After a log-out or the idle lock: the plant again. */
	scenario_leave(&disp);
	disp.prog = p;
	disp.db = p->db;
	disp.app = p->app;
	ui_push(p->app, &board_view, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct ui_prog_def def = {
		.name = "mes-dispatch",
		.keys = &disp_keys,
		.start = start,
		.global_scan = global_scan,
		.ctx = &disp,
	};

	return ui_prog_run(&def, argc, argv);
}
