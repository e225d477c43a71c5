/*
 * Modal forms and text boxes drawn over the current view.  They read keys
 * themselves (ui_modal_read), keep what was typed across a resize, and
 * check the fields as they are typed.  A scan is never typed into a
 * field: a field that takes a device's reading (feed) or a badge
 * (scan) takes one whole and moves on, a PIN takes a PIN pad's burst as
 * typed; anywhere else it is refused and the field keeps what it had.
 * The idle lock closes them unanswered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <curses.h>
#include "ui.h"
#include "text.h"

static void draw_box(int y, int x, int h, int w, const char *title)
{
	int i, attr = crt_attr(CLR_NORMAL);

	for (i = 0; i < h; i++)
		crt_put(y + i, x, w, "", attr);
	crt_hline(y, x, w);
	crt_hline(y + h - 1, x, w);
	for (i = 1; i < h - 1; i++) {
		crt_glyph(y + i, x, G_VLINE);
		crt_glyph(y + i, x + w - 1, G_VLINE);
	}
	crt_glyph(y, x, G_ULCORNER);
	crt_glyph(y, x + w - 1, G_URCORNER);
	crt_glyph(y + h - 1, x, G_LLCORNER);
	crt_glyph(y + h - 1, x + w - 1, G_LRCORNER);
	if (title && *title) {
		char t[96];

		snprintf(t, sizeof t, " %s ", title);
		crt_put(y, x + 2, ui_text_width(t) < w - 4 ? ui_text_width(t) :
		        w - 4, t, crt_attr(CLR_HEADER));
	}
}

static void add_char(char *value, size_t n, int key)
{
	char mb[8];
	int len = wctomb(mb, (wchar_t)key);
	size_t have = strlen(value);

	if (len > 0 && have + (size_t)len < n) {
		memcpy(value + have, mb, (size_t)len);
		value[have + (size_t)len] = 0;
	}
}

static void del_char(char *value)
{
	size_t n = strlen(value);

	/* Back over UTF-8 continuation bytes to the start of the character. */
	while (n > 0 && ((unsigned char)value[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	value[n] = 0;
}

static int choice_index(const struct ui_field *f)
{
	int i;

	for (i = 0; f->choices && f->choices[i]; i++)
		if (!strcmp(f->choices[i], f->value))
			return i;
	return -1;
}

static void cycle_choice(struct ui_field *f, int dir)
{
	int n = 0, i = choice_index(f);

	while (f->choices && f->choices[n])
		n++;
	if (!n)
		return;
	i = i < 0 ? 0 : (i + dir + n) % n;
	snprintf(f->value, sizeof f->value, "%s", f->choices[i]);
}

static void draw_form(const char *title, struct ui_field *f, int n, int cur,
                      const char *problem)
{
	int w = COLS < 72 ? COLS : 72, h, y, x, i, c, lw = 0, pl = 1;
	char shown[160];

	/* A problem wraps inside the box: it says what to do at its end. */
	if (problem && (pl = ui_text_lines(problem, w - 4)) > 4)
		pl = 4;
	h = n + 3 + pl;
	for (i = 0; i < n; i++)
		if (ui_text_width(f[i].label) > lw)
			lw = ui_text_width(f[i].label);
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_box(y, x, h, w, title);
	for (i = 0; i < n; i++) {
		crt_put(y + 1 + i, x + 2, lw + 1, f[i].label, crt_attr(CLR_NORMAL));
		if (f[i].kind == FLD_SECRET)
			snprintf(shown, sizeof shown, "%.*s", (int)strlen(f[i].value),
			         "********************************************");
		else if (f[i].kind == FLD_CHOICE && f[i].choice_text &&
		         (c = choice_index(&f[i])) >= 0)
			snprintf(shown, sizeof shown, "< %s  %s >", f[i].value,
			         f[i].choice_text[c]);
		else if (f[i].kind == FLD_CHOICE)
			snprintf(shown, sizeof shown, "< %s >", f[i].value);
		else
			snprintf(shown, sizeof shown, "%s%s", f[i].value,
			         i == cur ? "_" : "");
		crt_put(y + 1 + i, x + lw + 4, w - lw - 6, shown,
		        crt_attr(i == cur ? CLR_SELECTED : CLR_NORMAL));
	}
	crt_put_wrapped(y + n + 2, x + 2, w - 4, pl, problem ? problem :
	                "Enter: OK   Esc: cancel   Tab: next field", 0,
	                crt_attr(problem ? CLR_MSG_ERROR : CLR_DIM));
}

static int valid_number_char(const char *value, int key)
{
	if (key >= '0' && key <= '9')
		return 1;
	return key == '.' && !strchr(value, '.');
}

/* One key in the current field; returns 1 when it changed something. */
static int edit_field(struct ui_field *f, int key)
{
	if (key == UI_KEY(KEY_BACKSPACE) || key == 127 || key == 8) {
		del_char(f->value);
		return 1;
	}
	if (f->kind == FLD_CHOICE) {
		if (key == ' ' || key == UI_KEY(KEY_RIGHT))
			cycle_choice(f, 1);
		else if (key == UI_KEY(KEY_LEFT))
			cycle_choice(f, -1);
		return 1;
	}
	if (key < 32 || key == 127)
		return 0;
	if (f->kind == FLD_NUMBER && !valid_number_char(f->value, key))
		return 0;   /* validated as typed: a letter never gets in */
	add_char(f->value, sizeof f->value, key);
	return 1;
}

/* The form ui_form_feed fills: forms are modal, so one at a time, but
 * the previous one is kept in case a form opens another. */
struct form_run {
	struct ui_app *app;
	struct ui_field *f;
	int n, cur, fed;
	struct form_run *prev;
};

static struct form_run *open_form;

static void set_value(struct ui_field *f, const char *text)
{
	size_t len = strlen(text);

	if (len >= sizeof f->value)
		len = sizeof f->value - 1;
	memcpy(f->value, text, len);
	f->value[len] = 0;
}

/* A reading into the current field, which moves on to the next one. */
static void feed(struct form_run *r, const char *text)
{
	set_value(&r->f[r->cur], text);
	if (r->cur + 1 < r->n)
		r->cur++;
	r->fed = 1;
}

int ui_form_feed(struct ui_app *app, const char *text)
{
	struct form_run *r = open_form;
	struct ui_field *f;

	if (!r || r->app != app)
		return 0;
	f = &r->f[r->cur];
	if (f->kind != FLD_NUMBER && !f->feed)
		return -1;
	feed(r, text);
	return 1;
}

#define SCAN_REFUSED "a scan is not typed into a form: Esc, then scan"

static int form_loop(struct form_run *r, const char *title,
                     ui_form_check check, void *ctx, const char *problem)
{
	struct ui_field *f = r->f;
	int n = r->n, key, bad = 0, in;
	char scan[1024];

	for (;;) {
		ui_paint(r->app);
		draw_form(title, f, n, r->cur, problem);
		refresh();
		in = ui_modal_read(r->app, &key, scan, sizeof scan);
		if (in == UI_IN_GONE)
			return 0;
		if (in == UI_IN_SCAN && f[r->cur].kind == FLD_SECRET) {
			/* A PIN pad types its digits and Enter in a burst. */
			set_value(&f[r->cur], scan);
			key = '\n';
			in = UI_IN_KEY;
		} else if (in == UI_IN_SCAN && (f[r->cur].feed ||
		                                f[r->cur].scan)) {
			feed(r, scan);
		} else if (in == UI_IN_SCAN) {
			problem = SCAN_REFUSED;
			beep();
			continue;
		}
		if (in != UI_IN_KEY) {
			if (r->fed)
				problem = check ? check(f, n, &bad, ctx) : NULL;
			r->fed = 0;
			continue;
		}
		if (key == UI_KEY(KEY_RESIZE)) {
			clear();
			continue;
		}
		if (key == 27 || key == UI_KEY(KEY_F(10)))
			return 0;
		if (key == '\t' || key == UI_KEY(KEY_DOWN)) {
			r->cur = (r->cur + 1) % n;
		} else if (key == UI_KEY(KEY_BTAB) || key == UI_KEY(KEY_UP)) {
			r->cur = (r->cur + n - 1) % n;
		} else if (key == '\n') {
			problem = check ? check(f, n, &bad, ctx) : NULL;
			if (!problem)
				return 1;
			r->cur = bad;
			beep();
			continue;
		} else if (!edit_field(&f[r->cur], key)) {
			beep();
		}
		problem = check ? check(f, n, &bad, ctx) : NULL;
		/* Show a problem as it is typed, but do not jump away. */
	}
}

int ui_form_at(struct ui_app *app, const char *title, struct ui_field *f,
               int n, ui_form_check check, void *ctx, int at,
               const char *problem)
{
	struct form_run r = { app, f, n, at >= 0 && at < n ? at : 0, 0,
	                      open_form };
	int rc;

	open_form = &r;
	rc = form_loop(&r, title, check, ctx, problem);
	open_form = r.prev;
	return rc;
}

int ui_form(struct ui_app *app, const char *title, struct ui_field *f, int n,
            ui_form_check check, void *ctx)
{
	return ui_form_at(app, title, f, n, check, ctx, 0, NULL);
}

int ui_form_signed(struct ui_app *app, struct mes_db *db, const char *title,
                   struct ui_field *f, int n, int pin, ui_form_check check,
                   int (*sign)(struct ui_field *f, void *ctx), void *ctx)
{
	char why[256];
	const char *problem = NULL;
	int rc;

	for (;;) {
		if (!ui_form_at(app, title, f, n, check, ctx,
		                problem ? pin : 0, problem))
			return 0;
		rc = sign(f, ctx);
		memset(f[pin].value, 0, sizeof f[pin].value);
		if (rc == MES_OK)
			return 1;
		if (rc != MES_ERR_AUTH && rc != MES_ERR_LOCKED)
			return -1;
		snprintf(why, sizeof why, "%s", mes_db_errmsg(db));
		problem = why;
	}
}

int ui_textbox(struct ui_app *app, const char *title, const char *text,
               const char *ack)
{
	int skip = 0, key, lines, w, h, y, x, in;
	char foot[128], scan[1024];

	for (;;) {
		w = COLS - 4;
		lines = ui_text_lines(text, w - 4);
		h = lines + 2 < LINES - 2 ? lines + 2 : LINES - 2;
		y = (LINES - h) / 2;
		x = 2;
		ui_paint(app);
		draw_box(y, x, h, w, title);
		crt_put_wrapped(y + 1, x + 2, w - 4, h - 2, text, skip,
		                crt_attr(CLR_NORMAL));
		/* On the bottom border, so that the text has every row. */
		snprintf(foot, sizeof foot, " %s%sEsc: close%s ", ack ? ack : "",
		         ack ? "  " : "", lines > h - 2 ? "  Up/Down: scroll" : "");
		crt_put(y + h - 1, x + 2, ui_text_width(foot) < w - 4 ?
		        ui_text_width(foot) : w - 4, foot, crt_attr(CLR_DIM));
		refresh();
		in = ui_modal_read(app, &key, scan, sizeof scan);
		if (in == UI_IN_GONE)
			return 0;
		if (in == UI_IN_SCAN)
			beep();
		if (in != UI_IN_KEY)
			continue;
		if (key == UI_KEY(KEY_RESIZE))
			clear();
		else if (key == UI_KEY(KEY_DOWN) || key == 'j')
			skip += skip + h - 2 < lines ? 1 : 0;
		else if (key == UI_KEY(KEY_UP) || key == 'k')
			skip -= skip > 0;
		else if (ack && key == '\n')
			return 1;
		else if (key == 27 || key == 'q' || key == '\n' ||
		         key == UI_KEY(KEY_F(10)))
			return 0;
	}
}

/* A scan is no answer: it is taken for no, and says so. */
int ui_confirm(struct ui_app *app, const char *question)
{
	char scan[1024];
	int key, in;

	for (;;) {
		ui_paint_asking(app, question);
		in = ui_modal_read(app, &key, scan, sizeof scan);
		if (in == UI_IN_GONE)
			return 0;
		if (in == UI_IN_SCAN) {
			ui_msg(app, 1, "a scan is no answer to \"y/n\": taken "
			       "for no; answer, then scan");
			return 0;
		}
		if (in == UI_IN_NONE || key == UI_KEY(KEY_RESIZE))
			continue;
		return key == 'y' || key == 'Y';
	}
}
