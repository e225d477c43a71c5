/* mes-quality: what its views share. */
#ifndef QUAL_H
#define QUAL_H

#include "mes.h"
#include "quality.h"
#include "ui/ui.h"

struct mes_scanner;

struct qual {
	struct ui_prog *prog;     /* the start-up's: log-in, title line */
	struct mes_db *db;
	struct ui_app *app;
	struct mes_scanner *gauge;  /* [quality] gauge_port, NULL when none */
	char gauge_code[33];        /* [quality] gauge_id: its code in mesctl
	                             * gauge, "" when not given */
};

/* The program's key table (keys.c). */
extern const struct ui_keymap qual_keys;

/* Shows a core error on the message line. */
int qual_fail(struct qual *q, const char *what);

/* The gauge ([quality] gauge_*) from the config file at path: 0, or -1
 * after saying why on stderr.  gauge_watch hands it to the ui loop. */
int gauge_open(struct qual *q, const char *path);
void gauge_watch(struct qual *q);
void gauge_close(struct qual *q);

/* The entry form for one due inspection. */
int inspect_entry(struct qual *q, const struct mes_qdue *due);

/* The chart of one characteristic ("PLAN/CODE"). */
/* The home screen; -1 when out of memory. */
int due_push(struct qual *q);
void chart_push(struct qual *q, const char *char_ref);
void chars_push(struct qual *q, const char *plan);
void alarm_push(struct qual *q);
void nc_push(struct qual *q);

#endif
