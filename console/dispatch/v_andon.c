/*
 * Andon calls: every open call in the plant, oldest first, with who raised
 * it and who took it.  Anyone takes or closes a call; the times are kept
 * for the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"

#define MAX_CALLS 200

struct calls {
	char wc[33];             /* where a new call is raised from */
	struct mes_andon rows[MAX_CALLS];
	struct ui_list list;
};

static int take_call(const struct mes_andon *a, void *ctx)
{
	struct calls *c = ctx;

	return ui_list_take(&c->list, c->rows, sizeof *a, MAX_CALLS, a);
}

static int reload(struct ui_view *v)
{
	struct disp *d = ui_ctx(v->app);
	struct calls *c = v->priv;

	ui_list_refill(&c->list, c->rows, sizeof c->rows[0],
	               offsetof(struct mes_andon, id), UI_LLONG);
	if (mes_andon_each(d->db, 1, take_call, c) != MES_OK)
		return disp_fail(d, "andon calls");
	return ui_list_loaded(&c->list);
}

static void call_no(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%3lld", ((const struct mes_andon *)row)->id);
}

static void call_at(const void *row, void *ctx, char *buf, size_t n)
{
	(void)ctx;
	snprintf(buf, n, "%.5s", ((const struct mes_andon *)row)->raised_ts + 11);
}

/* A call nobody has taken waits for someone. */
static int call_attr(const void *row, void *ctx)
{
	(void)ctx;
	return crt_attr(((const struct mes_andon *)row)->taken_by[0] ?
	                CLR_NORMAL : CLR_ALARM);
}

static const struct ui_col call_cols[] = {
	{ "  #", 4, UI_LEFT, .get = call_no },
	{ "WORK CENTER", 11, UI_LEFT, UI_FIELD(struct mes_andon, wc) },
	{ "CALL", 12, UI_LEFT, UI_FIELD(struct mes_andon, kind) },
	{ "RAISED BY", 10, UI_LEFT, UI_FIELD(struct mes_andon, raised_by) },
	{ "AT", 6, UI_LEFT, .get = call_at },
	{ "TAKEN BY", 10, UI_LEFT, UI_FIELD(struct mes_andon, taken_by),
	  .dash = 1 },
	{ "NOTE", 0, UI_LEFT, UI_FIELD(struct mes_andon, note) },
	{ NULL },
};

static const struct ui_table call_table = {
	.cols = call_cols, .row_size = sizeof(struct mes_andon),
	.row_attr = call_attr,
};

static void draw(struct ui_view *v, int top, int rows, int cols)
{
	struct calls *c = v->priv;
	const struct mes_andon *sel = c->list.count ? &c->rows[c->list.sel] :
	                              NULL;
	char line[256];
	int note = 0;

	/* The selected call's note in full: at 80 columns its column shows
	 * only the start, and the note is what the one who goes needs. */
	if (sel && sel->note[0]) {
		snprintf(line, sizeof line, "Note: %s", sel->note);
		note = ui_text_lines(line, cols) > 1 ? 2 : 1;
		crt_put_wrapped(top + rows - 1 - note, 0, cols, note, line, 0,
		                crt_attr(CLR_NORMAL));
	}
	ui_table_draw(&call_table, &c->list, c->rows, NULL, top,
	              rows - 1 - note, cols);
	if (!c->list.count)
		crt_put(top + 2, 2, cols - 4, "No open andon calls.",
		        crt_attr(CLR_DIM));
	snprintf(line, sizeof line, "%d open. F2/s take  F5/c close  F6/a raise "
	         "a call at %s  Esc back", c->list.count, c->wc[0] ? c->wc : "-");
	crt_put(top + rows - 1, 0, cols, line, crt_attr(CLR_DIM));
}

static int action(struct ui_view *v, enum ui_action a, int key)
{
	struct disp *d = ui_ctx(v->app);
	struct calls *c = v->priv;
	const struct mes_andon *sel = c->list.count ? &c->rows[c->list.sel] :
	                              NULL;
	struct ui_field f;

	(void)key;
	switch (a) {
	case ACT_ANDON:
		return c->wc[0] ? andon_raise(d, c->wc) : UI_DONE;
	case ACT_START:
		if (!sel)
			return UI_DONE;
		if (mes_andon_take(d->db, sel->id) != MES_OK)
			return disp_fail(d, "take");
		ui_msg(v->app, 0, "call %lld taken", sel->id);
		return UI_DONE | UI_RELOAD;
	case ACT_COMPLETE:
		if (!sel)
			return UI_DONE;
		memset(&f, 0, sizeof f);
		f.label = "What was done";
		if (!ui_form(v->app, "Close the call", &f, 1, NULL, NULL))
			return UI_DONE;
		if (mes_andon_close(d->db, sel->id, f.value) != MES_OK)
			return disp_fail(d, "close");
		ui_msg(v->app, 0, "call %lld closed", sel->id);
		return UI_DONE | UI_RELOAD;
	default:
		return 0;
	}
}

static const struct ui_view_ops andon_view = {
	.name = "andon calls",
	.help = "Open andon calls everywhere in the plant, oldest first. A call"
	        " nobody has taken shows in alarm colours (bold and underlined "
	        "on a monochrome terminal); the selected call's note shows in "
	        "full under the list. Take it when you go, close it when done.",
	.bar = { ACT_HELP, ACT_START, ACT_NONE, ACT_NONE, ACT_COMPLETE,
	         ACT_ANDON, ACT_NONE, ACT_NONE, ACT_NONE, ACT_QUIT },
	.reload = reload,
	.watch = MES_CH_ANDON | MES_CH_WC | MES_CH_USER,
	.draw = draw,
	.action = action,
	.list = UI_LIST_AT(struct calls, list),
	.close = ui_free_priv,
};

void andon_push(struct disp *d, const char *wc)
{
	struct calls *c = ui_push_new(d->app, &andon_view, sizeof *c);

	if (c)
		snprintf(c->wc, sizeof c->wc, "%s", wc ? wc : "");
}
