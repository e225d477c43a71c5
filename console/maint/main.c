/*
 * mes-maint: the maintenance technician's screen, usually over SSH.
 * One process per terminal; the database is the shared state, polled
 * for other processes' changes (the collector's machine states among
 * them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "maint.h"

static struct mnt mnt;

int mnt_fail(struct mnt *m, const char *what)
{
	ui_msg(m->app, 1, "%s: %s", what, mes_db_errmsg(m->db));
	return UI_DONE | UI_RELOAD;
}

static int start(struct ui_prog *p)
{
	mnt.prog = p;
	mnt.db = p->db;
	mnt.app = p->app;
	assets_push(&mnt);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct ui_prog_def def = {
		.name = "mes-maint",
		.keys = &mnt_keys,
		/* Over SSH a technician logs in with login and PIN. */
		.locked = "mes-maint: this terminal is locked.",
		.unlock = "log in",
		.start = start,
		.ctx = &mnt,
	};

	return ui_prog_run(&def, argc, argv);
}
