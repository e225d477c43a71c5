/* mes-scan: what its screens share. */
#ifndef SCAN_H
#define SCAN_H

#include "materials.h"
#include "mes.h"
#include "ui/ui.h"

struct mes_scanner;

struct scan {
	struct ui_prog *prog;     /* the start-up's: log-in, title line */
	struct mes_db *db;
	struct ui_app *app;
	int no_aim;               /* [scan] aim = no */
	char label_tmpl[1024];    /* [scan] label_template */
	char label_to[512];       /* [scan] label_printer, "" for none */
	struct mes_scanner *sc;   /* [scanner], NULL when none */
};

/* The program's key table (keys.c). */
extern const struct ui_keymap scan_keys;
extern const struct ui_view_ops recv_view, putaway_view,
                                issue_view, trace_view;

/* Shows a core error on the message line. */
int scan_fail(struct scan *s, const char *what);
/* The station keys every screen shares: switch screen, log out, quit.
 * Returns ui_result flags, 0 when a is not one of them. */
int station_action(struct ui_view *v, enum ui_action a);

/*
 * The scan field: what a person types on a screen that takes scans.  A
 * scanner's burst arrives through the view's scan callback instead.
 * Printable keys go into it, Ctrl-] types GS; while it is empty, the keys
 * of the screen's actions keep their meaning.
 */
struct field {
	char text[512];
	size_t len;
};
enum { FIELD_NO, FIELD_TOOK, FIELD_ENTER };
int field_key(struct field *f, const struct ui_view *v, enum ui_action a,
              int key);
void field_clear(struct field *f);
void field_draw(const struct field *f, int y, int cols, const char *prompt);

/* Prints a lot label to [scan] label_printer; ui_result flags. */
int print_label(struct scan *s, const char *lot_no);

#endif
