/*
 * The maintenance actions: each asks what it needs, calls one core
 * function and shows core's answer.  The rules (roles, states, the
 * signature) are core's.
 */
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include "maint.h"
#include "prod.h"
#include "schedule.h"

static const char *need_all(struct ui_field *f, int n, int *bad, void *ctx)
{
	int i;

	(void)ctx;
	for (i = 0; i < n; i++)
		if (!f[i].value[0]) {
			*bad = i;
			return "this field is needed";
		}
	return NULL;
}

int mnt_request(struct mnt *m, const char *asset)
{
	struct ui_field f;
	char title[80];
	long long id;

	memset(&f, 0, sizeof f);
	f.label = "What is wrong";
	snprintf(title, sizeof title, "Maintenance request for %s", asset);
	if (!ui_form(m->app, title, &f, 1, need_all, NULL))
		return UI_DONE;
	if (mes_maint_request(m->db, asset, f.value, &id) != MES_OK)
		return mnt_fail(m, "request");
	ui_msg(m->app, 0, "request %lld raised for %s", id, asset);
	return UI_DONE | UI_RELOAD;
}

int mnt_reliability(struct mnt *m, const struct mes_asset *a)
{
	struct mes_reliability all, d30;
	char text[1024], from[32], title[64];
	time_t t = time(NULL) - 30 * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(from, sizeof from, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	if (mes_asset_reliability(m->db, a->code, NULL, NULL, &all) != MES_OK ||
	    mes_asset_reliability(m->db, a->code, from, NULL, &d30) != MES_OK)
		return mnt_fail(m, a->code);
	snprintf(text, sizeof text,
	         "%s  %s (%s)\nWork center %s   State %s since %.19s\n"
	         "PLC %s%s%s\nCycles counted %.0f\n\n"
	         "                 last 30 days      all recorded\n"
	         "hours on record  %12.1f      %12.1f\n"
	         "breakdowns       %12lld      %12lld\n"
	         "down hours       %12.1f      %12.1f\n"
	         "MTBF hours       %12.1f      %12.1f\n"
	         "MTTR hours       %12.2f      %12.2f\n",
	         a->code, a->name, a->kind, a->wc[0] ? a->wc : "-", a->state,
	         a->state_ts, a->plc[0] ? a->plc : "-", a->plc[0] ?
	         (a->plc_online ? " online" : " OFFLINE ") : "",
	         a->plc[0] && !a->plc_online ? a->plc_error : "", a->cycles,
	         d30.period_h, all.period_h, d30.failures, all.failures, d30.down_h, all.down_h,
	         d30.mtbf_h, all.mtbf_h, d30.mttr_h, all.mttr_h);
	snprintf(title, sizeof title, "Asset %s", a->code);
	ui_textbox(m->app, title, text, NULL);
	return UI_DONE;
}

static const char *need_hours(struct ui_field *f, int n, int *bad, void *ctx)
{
	(void)n;
	(void)ctx;
	if (atof(f[0].value) <= 0) {
		*bad = 0;
		return "how many hours until it runs again?";
	}
	return NULL;
}

/*
 * The plan no longer fits a machine that is down: record how long its
 * work center will be out, then repair the plan around it (everything
 * that still fits stays where it is).
 */
int mnt_reschedule(struct mnt *m, const char *asset)
{
	struct mes_schedule_opts o;
	struct mes_schedule_report r;
	struct mes_asset a;
	struct ui_field f;
	char q[160], from[20], until[20];
	time_t now = time(NULL), back;

	if (!mes_schedule_allowed(m->db)) {
		ui_msg(m->app, 1, "replanning the plant needs a lead or an "
		       "admin: tell the lead%s%s", *asset ? " that " : "", *asset ?
		       asset : "");
		return UI_DONE;
	}
	snprintf(q, sizeof q, "%s%sReschedule the plant now? y/n", asset,
	         *asset ? " is down. " : "");
	if (!ui_confirm(m->app, q))
		return UI_DONE;
	if (*asset && mes_asset_get(m->db, asset, &a) == MES_OK && a.wc[0]) {
		memset(&f, 0, sizeof f);
		f.label = "Back in (hours)";
		f.kind = FLD_NUMBER;
		snprintf(f.value, sizeof f.value, "2");
		if (!ui_form(m->app, "Expected repair time", &f, 1, need_hours,
		             NULL))
			return UI_DONE;
		back = now + (time_t)(atof(f.value) * 3600);
		strftime(from, sizeof from, "%Y-%m-%dT%H:%M", gmtime(&now));
		strftime(until, sizeof until, "%Y-%m-%dT%H:%M", gmtime(&back));
		if (mes_wc_unavailable_add(m->db, a.wc, from, until, "breakdown",
		                           asset) != MES_OK)
			return mnt_fail(m, "down time");
	}
	mes_schedule_opts_default(&o);
	o.time_limit_ms = 2000;
	o.repair = 1;
	if (mes_schedule_run(m->db, &o, &r) != MES_OK)
		return mnt_fail(m, "reschedule");
	ui_msg(m->app, 0, "plan repaired: %d operations moved, %d late orders "
	       "(was %d)", r.moved, r.after.late_orders, r.before.late_orders);
	return UI_DONE | UI_RELOAD;
}

int mnt_assign_reason(struct mnt *m, const struct mes_downtime *d)
{
	struct ui_field f[2];
	struct ui_choices c;
	char title[80];

	if (ui_reason_choices(m->db, "downtime", &c) < 0)
		return mnt_fail(m, "reason codes");
	if (!c.n) {
		ui_msg(m->app, 1, "no downtime reason codes yet: a lead adds "
		       "them");
		return UI_DONE;
	}
	memset(f, 0, sizeof f);
	f[0].label = "Reason";
	ui_field_choices(&f[0], &c);
	snprintf(f[0].value, sizeof f[0].value, "%s", d->reason[0] ?
	         d->reason : c.codes[0]);
	f[1].label = "Note";
	snprintf(title, sizeof title, "Downtime %lld on %s", d->id, d->asset);
	if (!ui_form(m->app, title, f, 2, NULL, NULL))
		return UI_DONE;
	if (mes_downtime_assign(m->db, d->id, f[0].value, f[1].value))
		return mnt_fail(m, "reason");
	ui_msg(m->app, 0, "downtime %lld: reason %s", d->id, f[0].value);
	return UI_DONE | UI_RELOAD;
}

int mnt_order_from_downtime(struct mnt *m, const struct mes_downtime *d)
{
	char mo[24];

	if (mes_mo_from_downtime(m->db, d->id, NULL, mo) != MES_OK)
		return mnt_fail(m, "order");
	ui_msg(m->app, 0, "%s opened for the breakdown of %s", mo, d->asset);
	return UI_DONE | UI_RELOAD;
}

int mnt_order_new(struct mnt *m)
{
	struct ui_field f[2];
	char mo[24];

	memset(f, 0, sizeof f);
	f[0].label = "Asset";
	f[1].label = "Work to do";
	if (!ui_form(m->app, "New corrective order", f, 2, need_all, NULL))
		return UI_DONE;
	if (mes_mo_add(m->db, f[0].value, "corrective", f[1].value, mo))
		return mnt_fail(m, "new order");
	ui_msg(m->app, 0, "%s opened", mo);
	return UI_DONE | UI_RELOAD;
}

int mnt_order_from_request(struct mnt *m)
{
	struct ui_field f;
	char mo[24], *end;
	long long id;

	memset(&f, 0, sizeof f);
	f.label = "Request number";
	f.kind = FLD_NUMBER;
	if (!ui_form(m->app, "Order from a request", &f, 1, need_all, NULL))
		return UI_DONE;
	id = strtoll(f.value, &end, 10);
	if (mes_mo_from_request(m->db, id, mo) != MES_OK)
		return mnt_fail(m, "order");
	ui_msg(m->app, 0, "%s opened from request %lld", mo, id);
	return UI_DONE | UI_RELOAD;
}

int mnt_order_assign(struct mnt *m, const struct mes_mo *o)
{
	struct ui_field f;
	char title[64];

	memset(&f, 0, sizeof f);
	f.label = "Technician's login";
	snprintf(title, sizeof title, "Assign %s", o->mo_no);
	if (!ui_form(m->app, title, &f, 1, need_all, NULL))
		return UI_DONE;
	if (mes_mo_assign(m->db, o->mo_no, f.value) != MES_OK)
		return mnt_fail(m, "assign");
	ui_msg(m->app, 0, "%s assigned to %s", o->mo_no, f.value);
	return UI_DONE | UI_RELOAD;
}

/* Parts and labor in one form: either may be left empty. */
int mnt_order_book(struct mnt *m, const struct mes_mo *o)
{
	struct ui_field f[4];
	char title[64];
	double qty, hours;

	memset(f, 0, sizeof f);
	f[0].label = "Part used";
	f[1].label = "Quantity";
	f[1].kind = FLD_NUMBER;
	f[2].label = "Hours worked";
	f[2].kind = FLD_NUMBER;
	f[3].label = "Note";
	snprintf(title, sizeof title, "Book to %s", o->mo_no);
	if (!ui_form(m->app, title, f, 4, NULL, NULL))
		return UI_DONE;
	qty = f[1].value[0] ? atof(f[1].value) : 1;
	hours = atof(f[2].value);
	if (f[0].value[0] && mes_mo_part(m->db, o->mo_no, f[0].value, qty))
		return mnt_fail(m, "part");
	if (f[2].value[0] && mes_mo_labor(m->db, o->mo_no, hours, f[3].value))
		return mnt_fail(m, "labor");
	if (!f[0].value[0] && !f[2].value[0]) {
		ui_msg(m->app, 1, "nothing booked: give a part or hours");
		return UI_DONE;
	}
	ui_msg(m->app, 0, "booked to %s", o->mo_no);
	return UI_DONE | UI_RELOAD;
}

struct signing {
	struct mnt *m;
	const struct mes_mo *o;
};

static int sign_off(struct ui_field *f, void *ctx)
{
	struct signing *g = ctx;

	return mes_mo_signoff(g->m->db, g->o->mo_no, f[0].value, f[1].value);
}

static int signoff(struct mnt *m, const struct mes_mo *o)
{
	struct signing g;
	struct ui_field f[2];
	char title[80];
	int rc;

	memset(f, 0, sizeof f);
	f[0].label = "Login";
	f[0].scan = 1;                   /* or the signer's badge */
	f[1].label = "PIN";
	f[1].kind = FLD_SECRET;
	snprintf(title, sizeof title, "Sign off %s: safe to run", o->mo_no);
	g.m = m;
	g.o = o;
	if ((rc = ui_form_signed(m->app, m->db, title, f, 2, 1, need_all,
	                         sign_off, &g)) <= 0)
		return rc < 0 ? mnt_fail(m, "sign-off") : UI_DONE;
	ui_msg(m->app, 0, "%s signed off: %s is safe to run", o->mo_no,
	       o->asset);
	return UI_DONE | UI_RELOAD;
}

/* c: an order in progress is done; a done order is signed off. */
int mnt_order_advance(struct mnt *m, const struct mes_mo *o)
{
	if (!strcmp(o->status, "done"))
		return signoff(m, o);
	if (mes_mo_done(m->db, o->mo_no) != MES_OK)
		return mnt_fail(m, "done");
	ui_msg(m->app, 0, "%s done: c again to sign it off", o->mo_no);
	return UI_DONE | UI_RELOAD;
}
