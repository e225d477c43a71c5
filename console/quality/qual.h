/* mes-quality: what its views share. */
#ifndef QUAL_H
#define QUAL_H

#include "mes.h"
#include "quality.h"
#include "ui/ui.h"

struct qual {
	struct mes_db *db;
	struct mes_settings set;
	int shared;               /* a shared terminal: badge + PIN only */
	char status[256];         /* title line: who is logged in */
	struct ui_app *app;
};

extern const struct ui_view_ops due_view, chart_view, alarm_view, nc_view,
                                chars_view, qlogin_view;

void qlogin_push(struct qual *q);
void qual_set_status(struct qual *q);
/* Shows a core error on the message line. */
int qual_fail(struct qual *q, const char *what);

/* The entry form for one due inspection. */
int inspect_entry(struct qual *q, const struct mes_qdue *due);
/* Checks one typed value against a characteristic: NULL when fine, else
 * what to say (the same rule core applies when it records). */
const char *entry_value_problem(const struct mes_qchar *c, const char *text,
                                int *out_of_spec);

/* The chart of one characteristic ("PLAN/CODE"). */
/* The home screen; -1 when out of memory. */
int due_push(struct qual *q);
void chart_push(struct qual *q, const char *char_ref);
void chars_push(struct qual *q, const char *plan);
void alarm_push(struct qual *q);
void nc_push(struct qual *q);

#endif
