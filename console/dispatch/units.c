/*
 * Serialized units at the board: u on a queue takes a unit's label (or
 * Enter alone for a new serial) and does the next thing for it at the
 * selected operation: make it, start it there, or complete it there.  A
 * new unit's label goes to [dispatch] unit_label_printer.  The rules are
 * core's (mes_unit_*); this file asks and says what happened.
 */
#include <stdio.h>
#include <string.h>
#include "dispatch.h"
#include "gs1.h"
#include "label/label.h"
#include "materials.h"

/* The serial a scan names: a GS1 label's (21), else the text. */
static void serial_of(const char *scan, char out[32])
{
	struct mes_gs1_opts o = { MES_GS1_SCAN, MES_GS1_NO_ASSOC, 0 };
	const struct mes_gs1_elem *e;
	struct mes_gs1_msg m;

	snprintf(out, 32, "%.31s", scan);
	if (scan[0] != ']' && scan[0] != '(')
		return;
	if (scan[0] == '(')
		o.form = MES_GS1_BRACKETED;
	if (mes_gs1_parse(scan, strlen(scan), &o, &m, NULL, 0) == MES_OK &&
	    (e = mes_gs1_find(&m, "21")))
		snprintf(out, 32, "%.31s", e->value);
}

static void print_label(struct disp *d, const char *serial)
{
	const struct mes_settings *s = &d->prog->set;
	struct mes_unit u;
	const char *tmpl;
	char err[256];

	if (!s->unit_label_printer[0] || mes_unit_get(d->db, serial, &u))
		return;
	tmpl = s->unit_label_template[0] ? s->unit_label_template :
	       mes_label_template("unit.zpl");
	if (mes_label_print_unit(&u, tmpl, s->unit_label_printer, 3000, err,
	                         sizeof err) != MES_OK)
		ui_msg(d->app, 1, "unit %s made; its label did not print: %s",
		       serial, err);
}

int op_unit(struct disp *d, const struct mes_board_op *op)
{
	struct ui_field f;
	struct mes_unit u;
	char serial[32];

	memset(&f, 0, sizeof f);
	f.label = "Serial (Enter alone: new)";
	f.scan = 1;
	if (!ui_form(d->app, "Unit", &f, 1, NULL, NULL))
		return UI_DONE;
	serial_of(f.value, serial);
	if (!f.value[0] || mes_unit_get(d->db, serial, &u) != MES_OK) {
		if (mes_unit_new(d->db, op->wo_no, op->seq, f.value[0] ? f.value :
		                 NULL, serial) != MES_OK)
			return disp_fail(d, "no unit made");
		ui_msg(d->app, 0, "unit %s made at %s/%d", serial, op->wo_no,
		       op->seq);
		print_label(d, serial);
		return UI_DONE | UI_RELOAD;
	}
	if (u.seq == op->seq && !strcmp(u.op_status, "running")) {
		if (mes_unit_complete(d->db, serial, op->seq) != MES_OK)
			return disp_fail(d, "not completed");
		ui_msg(d->app, 0, "unit %s completed at %s/%d", serial, op->wo_no,
		       op->seq);
		return UI_DONE | UI_RELOAD;
	}
	if (mes_unit_start(d->db, serial, op->seq) != MES_OK)
		return disp_fail(d, "not started");
	ui_msg(d->app, 0, "unit %s started at %s/%d", serial, op->wo_no,
	       op->seq);
	return UI_DONE | UI_RELOAD;
}
