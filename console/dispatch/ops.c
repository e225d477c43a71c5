/*
 * The operation actions: each asks what it needs, calls one core function
 * and shows core's answer.  The rules (predecessor, skills, holds,
 * quantities) are core's; this file only asks and explains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"

int disp_fail(struct disp *d, const char *what)
{
	ui_msg(d->app, 1, "%s: %s", what, mes_db_errmsg(d->db));
	return UI_DONE | UI_RELOAD;
}

static int done(struct disp *d, const char *fmt, const struct mes_board_op *op)
{
	ui_msg(d->app, 0, fmt, op->wo_no, op->seq);
	return UI_DONE | UI_RELOAD;
}

/* A new instruction revision is read and acknowledged before starting. */
static int read_first(struct disp *d, const struct mes_board_op *op)
{
	struct mes_instruction ins;
	char title[96], ack[64];
	int ok = 1;

	if (mes_instruction_get(d->db, op->wo_no, op->seq, &ins) != MES_OK)
		return 1;
	if (ins.revision > 0 && !ins.acknowledged) {
		snprintf(title, sizeof title, "Work instruction %s/%d rev %d",
		         op->wo_no, op->seq, ins.revision);
		snprintf(ack, sizeof ack, "Enter: I have read rev %d.",
		         ins.revision);
		ok = ui_textbox(d->app, title, ins.body ? ins.body : "", ack);
		if (!ok)
			ui_msg(d->app, 1, "not started: revision %d of the work "
			       "instruction must be acknowledged first",
			       ins.revision);
		/* Read, but the acknowledgement refused: say why. */
		else if (mes_instruction_ack(d->db, op->wo_no, op->seq) != MES_OK)
			ok = (disp_fail(d, "not started"), 0);
	}
	mes_instruction_free(&ins);
	return ok;
}

static const char *need_lead(struct ui_field *f, int n, int *bad, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < n; i++)
		if (!f[i].value[0]) {
			*bad = i;
			return "all three are needed for an override";
		}
	return NULL;
}

struct signing {
	struct disp *d;
	const struct mes_board_op *op;
	double good, scrap;              /* a report's */
	const char *scrap_reason;
};

/* A lead's signature at this terminal, for what sign does: 1 signed,
 * 0 given up, -1 refused with core's reason. */
static int lead_signs(struct signing *g, const char *title,
                      int (*sign)(struct ui_field *f, void *ctx))
{
	struct ui_field f[3];

	memset(f, 0, sizeof f);
	f[0].label = "Lead login";
	f[0].scan = 1;                   /* or the lead's badge */
	f[1].label = "Lead PIN";
	f[1].kind = FLD_SECRET;
	f[2].label = "Reason";
	return ui_form_signed(g->d->app, g->d->db, title, f, 3, 1, need_lead,
	                      sign, g);
}

static int sign_override(struct ui_field *f, void *ctx)
{
	struct signing *g = ctx;

	return mes_op_start_override(g->d->db, g->op->wo_no, g->op->seq, NULL,
	                             f[0].value, f[1].value, f[2].value);
}

/* Missing skill: a lead may sign an override at this terminal. */
static int override(struct disp *d, const struct mes_board_op *op)
{
	struct signing g = { d, op, 0, 0, NULL };
	char why[256];
	int rc;

	snprintf(why, sizeof why, "%s. Lead override (signed)? y/n",
	         mes_db_errmsg(d->db));
	if (!ui_confirm(d->app, why))
		return disp_fail(d, "not started");
	if ((rc = lead_signs(&g, "Skill override: lead signature",
	                     sign_override)) <= 0)
		return rc < 0 ? disp_fail(d, "override") : UI_DONE;
	return done(d, "%s/%d started under a signed lead override", op);
}

int op_start(struct disp *d, const struct mes_board_op *op)
{
	int rc;

	if (!read_first(d, op))
		return UI_DONE;
	/* Someone runs it already: Start means working on it too. */
	if (op->state == MES_OPS_RUNNING) {
		if (mes_labor_on(d->db, op->wo_no, op->seq) != MES_OK)
			return disp_fail(d, "not clocked on");
		return done(d, "%s/%d: you are clocked on with the others", op);
	}
	rc = mes_op_start(d->db, op->wo_no, op->seq, NULL);
	if (rc == MES_ERR_PERM && strstr(mes_db_errmsg(d->db), "skill"))
		return override(d, op);
	if (rc != MES_OK)
		return disp_fail(d, "not started");
	return done(d, "%s/%d started; you are clocked on", op);
}

int op_clock_off(struct disp *d, const struct mes_board_op *op)
{
	if (mes_labor_off(d->db, op->wo_no, op->seq) != MES_OK)
		return disp_fail(d, "not clocked off");
	return done(d, "%s/%d: you are clocked off", op);
}

static int load_reasons(struct disp *d, const char *kind,
                        struct ui_choices *r)
{
	if (ui_reason_choices(d->db, kind, r) < 0)
		return disp_fail(d, "reason codes"), 0;
	if (!r->n)
		ui_msg(d->app, 1, "no %s reason codes are set up: ask a lead "
		       "or admin", kind);
	return r->n;
}

int op_pause_resume(struct disp *d, const struct mes_board_op *op)
{
	struct ui_choices r;
	struct ui_field f;

	if (op->state == MES_OPS_PAUSED) {
		if (mes_op_resume(d->db, op->wo_no, op->seq) != MES_OK)
			return disp_fail(d, "not resumed");
		return done(d, "%s/%d resumed", op);
	}
	if (!load_reasons(d, "pause", &r))
		return UI_DONE;
	memset(&f, 0, sizeof f);
	f.label = "Reason (Space: next)";
	ui_field_choices(&f, &r);
	snprintf(f.value, sizeof f.value, "%s", r.codes[0]);
	if (!ui_form(d->app, "Pause", &f, 1, NULL, NULL))
		return UI_DONE;
	if (mes_op_pause(d->db, op->wo_no, op->seq, f.value) != MES_OK)
		return disp_fail(d, "not paused");
	return done(d, "%s/%d paused", op);
}

static const char *check_qty(struct ui_field *f, int n, int *bad, void *ctx)
{
	double good = atof(f[0].value), scrap = atof(f[1].value);

	(void)n;
	(void)ctx;
	if (good <= 0 && scrap <= 0) {
		*bad = 0;
		return "enter a good or a scrap quantity";
	}
	if (scrap > 0 && !f[2].value[0]) {
		*bad = 2;
		return "scrap needs a reason";
	}
	return NULL;
}

static int sign_report(struct ui_field *f, void *ctx)
{
	struct signing *g = ctx;

	return mes_op_report_signed(g->d->db, g->op->wo_no, g->op->seq,
	                            g->good, g->scrap, g->scrap_reason,
	                            f[0].value, f[1].value, f[2].value);
}

/* Good beyond the quantity and its allowance: a count, or a slip?  A lead
 * who has seen the parts signs it. */
static int over_report(struct disp *d, struct signing *g)
{
	char q[160];
	int rc;

	snprintf(q, sizeof q, "%g good would make %g of %g ordered: a lead "
	         "signs it? y/n", g->good, g->op->good + g->good, g->op->qty);
	if (!ui_confirm(d->app, q)) {
		ui_msg(d->app, 1, "not reported: %s", mes_db_errmsg(d->db));
		return UI_DONE | UI_RELOAD;
	}
	if ((rc = lead_signs(g, "Over the quantity: lead signature",
	                     sign_report)) <= 0)
		return rc < 0 ? disp_fail(d, "not reported") : UI_DONE;
	ui_msg(d->app, 0, "%s/%d: %g good, %g scrap reported, signed by a "
	       "lead", g->op->wo_no, g->op->seq, g->good, g->scrap);
	return UI_DONE | UI_RELOAD;
}

int op_report(struct disp *d, const struct mes_board_op *op)
{
	struct signing g = { d, op, 0, 0, NULL };
	struct ui_choices r;
	struct ui_field f[3];
	char title[96];
	int rc;

	load_reasons(d, "scrap", &r);
	memset(f, 0, sizeof f);
	f[0].label = "Good";
	f[0].kind = FLD_NUMBER;
	f[1].label = "Scrap";
	f[1].kind = FLD_NUMBER;
	f[2].label = "Scrap reason (Space)";
	ui_field_choices(&f[2], &r);
	snprintf(title, sizeof title, "Report %s/%d: %g of %g good so far",
	         op->wo_no, op->seq, op->good, op->qty);
	if (!ui_form(d->app, title, f, 3, check_qty, NULL))
		return UI_DONE;
	g.good = atof(f[0].value);
	g.scrap = atof(f[1].value);
	g.scrap_reason = f[2].value[0] && g.scrap > 0 ? f[2].value : NULL;
	rc = mes_op_report(d->db, op->wo_no, op->seq, g.good, g.scrap,
	                   g.scrap_reason);
	if (rc == MES_ERR_CONFIRM)
		return over_report(d, &g);
	if (rc != MES_OK)
		return disp_fail(d, "not reported");
	ui_msg(d->app, 0, "%s/%d: %g good, %g scrap reported", op->wo_no,
	       op->seq, g.good, g.scrap);
	return UI_DONE | UI_RELOAD;
}

int op_complete(struct disp *d, const struct mes_board_op *op)
{
	char q[160];

	snprintf(q, sizeof q, "Complete %s/%d with %g good of %g? y/n",
	         op->wo_no, op->seq, op->good, op->qty);
	if (!ui_confirm(d->app, q))
		return UI_DONE;
	if (mes_op_complete(d->db, op->wo_no, op->seq) != MES_OK)
		return disp_fail(d, "not completed");
	return done(d, "%s/%d complete", op);
}

int op_instructions(struct disp *d, const struct mes_board_op *op)
{
	struct mes_instruction ins;
	char title[96];

	if (mes_instruction_get(d->db, op->wo_no, op->seq, &ins) != MES_OK)
		return disp_fail(d, "instructions");
	if (ins.revision == 0) {
		ui_msg(d->app, 0, "no work instruction for %s/%d", op->wo_no,
		       op->seq);
	} else {
		snprintf(title, sizeof title, "Work instruction %s/%d rev %d",
		         op->wo_no, op->seq, ins.revision);
		ui_textbox(d->app, title, ins.body ? ins.body : "", NULL);
	}
	mes_instruction_free(&ins);
	return UI_DONE;
}

int andon_raise(struct disp *d, const char *wc)
{
	static const char *const kinds[] = { "maintenance", "quality",
		"material", "lead", NULL };
	struct ui_field f[2];
	char title[64];
	long long id = 0;

	memset(f, 0, sizeof f);
	f[0].label = "Call (Space: next)";
	f[0].kind = FLD_CHOICE;
	f[0].choices = kinds;
	snprintf(f[0].value, sizeof f[0].value, "%s", kinds[0]);
	f[1].label = "Note";
	snprintf(title, sizeof title, "Andon call from %s", wc);
	if (!ui_form(d->app, title, f, 2, NULL, NULL))
		return UI_DONE;
	if (mes_andon_raise(d->db, wc, f[0].value, f[1].value, &id) != MES_OK)
		return disp_fail(d, "andon");
	ui_msg(d->app, 0, "%s call %lld raised at %s", f[0].value, id, wc);
	return UI_DONE | UI_RELOAD;
}

void op_details(struct disp *d, const struct mes_board_op *op)
{
	char text[1024], title[64], risk[48] = "- (not simulated)";

	if (op->on_time >= 0)
		snprintf(risk, sizeof risk, "%d%% in the newest simulation",
		         (int)(op->on_time * 100));
	snprintf(text, sizeof text,
	         "Order      %s (%s), priority %d\n"
	         "Operation  %d %s on %s\n"
	         "Item       %s\n"
	         "State      %s%s\n"
	         "Quantity   %g good, %g scrap of %g\n"
	         "Times      setup %g min, run %g min per unit\n"
	         "Dates      released %s, due %s\n"
	         "On time    %s\n"
	         "Plan       %s .. %s\n"
	         "Started    %s\n"
	         "Operators  %s",
	         op->wo_no, op->order_status, op->priority, op->seq,
	         op->description, op->wc, op->item_no,
	         mes_op_state_name(op->state), op->late ? " (LATE)" : "",
	         op->good, op->scrap, op->qty, op->setup_min, op->run_min,
	         op->release, op->due, risk,
	         op->plan_start[0] ? op->plan_start : "-",
	         op->plan_end[0] ? op->plan_end : "-",
	         op->actual_start[0] ? op->actual_start : "-",
	         op->operators[0] ? op->operators : "-");
	snprintf(title, sizeof title, "%s/%d", op->wo_no, op->seq);
	ui_textbox(d->app, title, text, NULL);
}
