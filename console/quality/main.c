/*
 * mes-quality: inspections due, result entry, control charts, SPC
 * alarms and non-conformances.  One process per terminal; the database
 * is the shared state, polled for other terminals' changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qual.h"

static struct qual qual;

int qual_fail(struct qual *q, const char *what)
{
	ui_msg(q->app, 1, "%s: %s", what, mes_db_errmsg(q->db));
	return UI_DONE | UI_RELOAD;
}

static int setup(struct ui_prog *p)
{
	qual.prog = p;
	qual.db = p->db;
	return gauge_open(&qual, p->config_file);
}

static int start(struct ui_prog *p)
{
	qual.app = p->app;
	gauge_watch(&qual);
	return due_push(&qual);
}

static void end(struct ui_prog *p)
{
	(void)p;
	gauge_close(&qual);
}

int main(int argc, char **argv)
{
	static const struct ui_prog_def def = {
		.name = "mes-quality",
		.keys = &qual_keys,
		/* A gauge's reading goes into the open entry form. */
		.form_watch = 1,
		.setup = setup,
		.start = start,
		.end = end,
		.ctx = &qual,
	};

	return ui_prog_run(&def, argc, argv);
}
