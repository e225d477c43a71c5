/*
 * A lead looks at a scenario's plan on the board: the views read the
 * scenario's copy, opened to look at only (every action is refused by
 * core), the title line says which; v again, a log-out or the idle lock
 * go back to the plant.
 */
#include <stdio.h>
#include <string.h>
#include "dispatch.h"
#include "schedule.h"
#include "twin.h"

static int take(const struct mes_scenario *s, void *ctx)
{
	struct ui_choices *c = ctx;

	if (!s->present)
		return 0;
	snprintf(c->code[c->n], sizeof c->code[0], "%s", s->name);
	snprintf(c->text[c->n], sizeof c->text[0], "%.80s", s->whatifs[0] ?
	         s->whatifs : s->note);
	c->codes[c->n] = c->code[c->n];
	c->texts[c->n] = c->text[c->n];
	c->n++;
	return c->n >= UI_MAX_CHOICES;
}

void scenario_leave(struct disp *d)
{
	if (!d->live)
		return;
	mes_db_close(d->db);
	d->db = d->live;
	d->live = NULL;
	ui_prog_device(d->prog, "");
}

int scenario_toggle(struct disp *d)
{
	struct ui_choices c;
	struct ui_field f[1];
	struct mes_db *s = NULL;
	char title[80];

	if (d->live) {
		scenario_leave(d);
		ui_msg(d->app, 0, "back to the plant");
		return UI_DONE | UI_RELOAD;
	}
	if (!mes_schedule_allowed(d->db)) {
		ui_msg(d->app, 1, "scenarios are for a lead or an admin");
		return UI_DONE;
	}
	memset(&c, 0, sizeof c);
	if (mes_scenario_list(d->db, take, &c) != MES_OK)
		return disp_fail(d, "scenarios");
	if (!c.n) {
		ui_msg(d->app, 1, "no scenario: mesctl scenario new NAME makes one");
		return UI_DONE;
	}
	memset(f, 0, sizeof f);
	f[0].label = "Scenario (Space: next)";
	ui_field_choices(&f[0], &c);
	snprintf(f[0].value, sizeof f[0].value, "%s", c.code[0]);
	if (!ui_form(d->app, "Look at a scenario's plan", f, 1, NULL, NULL))
		return UI_DONE;
	if (mes_scenario_open(d->db, f[0].value, MES_OPEN_READONLY, &s) !=
	    MES_OK)
		return disp_fail(d, "scenario");
	d->live = d->db;
	d->db = s;
	snprintf(title, sizeof title, "SCENARIO %.32s, look only", f[0].value);
	ui_prog_device(d->prog, title);
	ui_msg(d->app, 0, "scenario %s: its plan, nothing can be changed; v: "
	       "back to the plant", f[0].value);
	return UI_DONE | UI_RELOAD;
}
