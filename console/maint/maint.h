/* mes-maint: what its views share. */
#ifndef MAINT_H
#define MAINT_H

#include "mes.h"
#include "machine.h"
#include "ui/ui.h"

struct mnt {
	struct ui_prog *prog;     /* the start-up's: log-in, title line */
	struct mes_db *db;
	struct ui_app *app;
};

/* The program's key table (keys.c). */
extern const struct ui_keymap mnt_keys;

void assets_push(struct mnt *m);
void downtime_push(struct mnt *m);
void orders_push(struct mnt *m);
void pm_push(struct mnt *m);
void alerts_push(struct mnt *m);
/* Shows a core error on the message line. */
int mnt_fail(struct mnt *m, const char *what);

/* Actions (ops.c): each asks what it needs and calls one core function. */
int mnt_request(struct mnt *m, const char *asset);
int mnt_reliability(struct mnt *m, const struct mes_asset *a);
int mnt_reschedule(struct mnt *m, const char *asset);
int mnt_assign_reason(struct mnt *m, const struct mes_downtime *d);
int mnt_order_from_downtime(struct mnt *m, const struct mes_downtime *d);
int mnt_order_new(struct mnt *m);
int mnt_order_assign(struct mnt *m, const struct mes_mo *o);
int mnt_order_book(struct mnt *m, const struct mes_mo *o);
int mnt_order_advance(struct mnt *m, const struct mes_mo *o);
int mnt_order_from_request(struct mnt *m);

#endif
