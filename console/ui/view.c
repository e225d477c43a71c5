/*
 * The program loop: a stack of views with only the top one drawn, a
 * title line, a message line that never covers data, the function-key
 * bar, and a poll for other processes' changes.  Idle, it writes nothing:
 * the screen is redrawn into curses' buffer and curses sends only the
 * difference, which for an unchanged board is none.
 */
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include "ui.h"
#include "text.h"

#define MAX_DEPTH 16
#define SCAN_GAP_MS 30   /* a scanner types faster than any person */
#define SCAN_MIN 3
#define IDLE_PAINT_MS 30000
#define MSG_LINES 3      /* a message wraps, never cut where it says what to do */

struct ui_app {
	struct ui_app_cfg cfg;
	struct ui_view stack[MAX_DEPTH];
	int depth;
	int reload, quit, restart;
	long long version;
	struct mes_changes ch;            /* ch.seq: the last change seen */
	char msg[256];
	int msg_err;
	struct {
		ui_fd_fn fd;
		ui_ready_fn ready;
		void *ctx;
	} watch;                          /* see ui_watch_fd */
};

struct ui_app *ui_app_new(const struct ui_app_cfg *cfg)
{
	struct ui_app *app = calloc(1, sizeof *app);

	if (!app)
		return NULL;
	app->cfg = *cfg;
	if (app->cfg.poll_ms <= 0)
		app->cfg.poll_ms = 500;
	if (app->cfg.changed)
		app->cfg.changed(app->cfg.ctx, &app->version);
	return app;
}

void ui_app_free(struct ui_app *app)
{
	while (app && app->depth)
		ui_pop(app);
	free(app);
}

void *ui_ctx(struct ui_app *app)
{
	return app->cfg.ctx;
}

void ui_push(struct ui_app *app, const struct ui_view_ops *ops, void *priv)
{
	struct ui_view *v;

	if (app->depth >= MAX_DEPTH)
		return;
	v = &app->stack[app->depth++];
	v->ops = ops;
	v->app = app;
	v->priv = priv;
	app->reload = 1;
}

void ui_pop(struct ui_app *app)
{
	struct ui_view *v;

	if (!app->depth)
		return;
	v = &app->stack[--app->depth];
	if (v->ops->close)
		v->ops->close(v);
	app->reload = 1;
}

void *ui_push_new(struct ui_app *app, const struct ui_view_ops *ops,
                  size_t size)
{
	void *priv = calloc(1, size);

	if (!priv) {
		ui_msg(app, 1, "out of memory");
		return NULL;
	}
	ui_push(app, ops, priv);
	return priv;
}

void ui_free_priv(struct ui_view *v)
{
	free(v->priv);
}

struct ui_view *ui_top(struct ui_app *app)
{
	return app->depth ? &app->stack[app->depth - 1] : NULL;
}

void ui_restart(struct ui_app *app)
{
	app->restart = 1;
}

/* Between keys, when no view's code is running: all of them go. */
static void restart(struct ui_app *app)
{
	app->restart = 0;
	while (app->depth)
		ui_pop(app);
	if (app->cfg.restart)
		app->cfg.restart(app->cfg.ctx);
}

void ui_msg(struct ui_app *app, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->msg, sizeof app->msg, fmt, ap);
	va_end(ap);
	app->msg_err = error;
	if (error)
		beep();
}

static void draw_title(struct ui_app *app, struct ui_view *v)
{
	const char *right = app->cfg.status ? app->cfg.status(app->cfg.ctx) : "";
	char left[128];
	int rw = (int)strlen(right);

	snprintf(left, sizeof left, " %s: %s", app->cfg.program,
	         v ? v->ops->name : "");
	crt_put(0, 0, COLS, left, crt_attr(CLR_TITLE));
	if (rw + 1 < COLS - (int)strlen(left))
		crt_put(0, COLS - rw - 1, rw, right, crt_attr(CLR_TITLE));
}

/* Each action on the view's bar after its F-key.  The ten keys sit in
 * equal slots while every label fits its slot with a space to spare;
 * otherwise the slots take what their labels need and share the rest, and
 * only when even that does not fit are the longest labels cut. */
static void draw_bar(struct ui_view *v)
{
	const char *label[10];
	int w[10], x[11], i, f, need = 0, slot = COLS / 10, fixed = 1, longest;
	char key[16], cut[64];
	enum ui_action a;

	for (i = 0; i < 10; i++)
		label[i] = "";
	for (i = 0; i < 10 && v; i++) {
		a = v->ops->bar[i];
		if (a == ACT_NONE || (f = ui_key_fkey(a)) < 1 || f > 10)
			continue;
		label[f - 1] = v->ops->bar_label ? v->ops->bar_label(v, a) : NULL;
		if (!label[f - 1])
			label[f - 1] = ui_key_label(v->ops->name, a);
	}
	for (i = 0; i < 10; i++) {
		w[i] = (i < 9 ? 2 : 3) + ui_text_width(label[i]);
		need += w[i] + (i < 9);
		fixed &= w[i] < slot || (i == 9 && w[i] <= slot);
	}
	while (need > COLS) {
		for (longest = 0, i = 1; i < 10; i++)
			if (w[i] > w[longest])
				longest = i;
		if (w[longest] <= 3)
			break;
		w[longest]--;
		need--;
	}
	for (x[0] = 0, i = 0; i < 10; i++)
		x[i + 1] = fixed ? (i + 1) * slot : x[i] + w[i] + 1 +
		           (COLS > need ? (COLS - need) * (i + 1) / 10 -
		            (COLS - need) * i / 10 : 0);
	move(LINES - 1, 0);
	clrtoeol();
	for (i = 0; i < 10; i++) {
		f = i < 9 ? 2 : 3;
		snprintf(key, sizeof key, "F%d", i + 1);
		crt_put(LINES - 1, x[i], f, key, crt_attr(CLR_FKEY));
		snprintf(cut, sizeof cut, "%s", label[i]);
		cut[ui_text_fit(cut, w[i] - f)] = 0;
		crt_put(LINES - 1, x[i] + f, (i == 9 ? COLS : x[i + 1]) - x[i] - f,
		        cut, crt_attr(CLR_FBAR));
	}
}

static void draw_too_small(struct ui_app *app)
{
	char line[128];

	erase();
	snprintf(line, sizeof line, "Terminal too small: %dx%d.", COLS, LINES);
	mvaddnstr(LINES / 2 - 1, 0, line, COLS);
	snprintf(line, sizeof line, "%s needs %dx%d. q quits.",
	         app->cfg.program, app->cfg.min_cols, app->cfg.min_rows);
	mvaddnstr(LINES / 2, 0, line, COLS);
}

static int too_small(struct ui_app *app)
{
	return LINES < app->cfg.min_rows || COLS < app->cfg.min_cols;
}

void ui_paint(struct ui_app *app)
{
	struct ui_view *v = ui_top(app);

	if (too_small(app)) {
		draw_too_small(app);
		refresh();
		return;
	}
	/* A long message takes rows from the view, which draws fewer. */
	int lines = app->msg[0] ? ui_text_lines(app->msg, COLS) : 1;

	if (lines > MSG_LINES)
		lines = MSG_LINES;
	erase();
	draw_title(app, v);
	if (v)
		v->ops->draw(v, 1, LINES - 2 - lines, COLS);
	crt_put_wrapped(LINES - 1 - lines, 0, COLS, lines, app->msg[0] ?
	                app->msg : " ", 0, crt_attr(app->msg[0] ?
	                (app->msg_err ? CLR_MSG_ERROR : CLR_MSG_INFO) :
	                CLR_NORMAL));
	draw_bar(v);
	refresh();
}

void ui_paint_asking(struct ui_app *app, const char *question)
{
	char msg[sizeof app->msg];
	int err = app->msg_err;

	memcpy(msg, app->msg, sizeof msg);
	snprintf(app->msg, sizeof app->msg, "%s", question);
	app->msg_err = 1;
	ui_paint(app);
	memcpy(app->msg, msg, sizeof msg);
	app->msg_err = err;
}

static void help(struct ui_app *app, struct ui_view *v)
{
	char text[8192];

	ui_key_help(v, text, sizeof text);
	ui_textbox(app, "Help", text, NULL);
}

static void apply(struct ui_app *app, int r);

static void dispatch_scan(struct ui_app *app, const char *text)
{
	struct ui_view *v = ui_top(app);
	int r;

	if (v && v->ops->scan && (r = v->ops->scan(v, text)) != 0) {
		apply(app, r);
		return;
	}
	if (app->cfg.global_scan &&
	    app->cfg.global_scan(app, text, app->cfg.ctx))
		return;
	ui_msg(app, 1, "scan \"%s\" is not a traveler or anything this screen "
	       "takes", text);
}

static void apply(struct ui_app *app, int r)
{
	if (r & UI_RELOAD)
		app->reload = 1;
	if (r & UI_POP)
		ui_pop(app);
	if ((r & UI_QUIT) && (!app->cfg.may_quit ||
	                      app->cfg.may_quit(app, app->cfg.ctx)))
		app->quit = 1;
}

static void handle_action(struct ui_app *app, int key)
{
	struct ui_view *v = ui_top(app);
	enum ui_action a = ui_key_action(key);

	if (!v)
		return;
	if (a == ACT_HELP) {
		help(app, v);
		return;
	}
	if (a == ACT_REFRESH) {
		clearok(curscr, TRUE);
		app->reload = 1;
		return;
	}
	if (v->ops->list && v->priv) {
		int r = ui_list_action((struct ui_list *)((char *)v->priv +
		                       v->ops->list - 1), a);

		if (r) {
			apply(app, r);
			return;
		}
	}
	apply(app, v->ops->action(v, a, key));
}

static int scannable(int key)
{
	return (key >= 32 && key != 127) || key == UI_GS;
}

/* After a key read live, the keys that follow within a scanner's gap:
 * 1 with their text when they end in Enter (a scan), else 0 with them
 * put back to be read as the keys they were. */
static int read_burst(int key, char *text, size_t size)
{
	int buf[256], n = 0, k = 0, i;
	size_t len = 0;

	if (!scannable(key))
		return 0;
	buf[n++] = key;
	/* Only live keys make a burst: keys put back are what they were. */
	while (n < 255 && crt_read_key(SCAN_GAP_MS, &k) == 1) {
		if (k == '\n' && n >= SCAN_MIN) {
			for (i = 0; i < n && len + 5 < size; i++)
				len += (size_t)wctomb(text + len, (wchar_t)buf[i]);
			text[len] = 0;
			return 1;
		}
		if (!scannable(k))
			break;
		buf[n++] = k;
		k = 0;
	}
	if (k)
		crt_unread(&k, 1);
	if (n > 1)
		crt_unread(buf + 1, n - 1);
	return 0;
}

static void handle_key(struct ui_app *app, int key)
{
	char text[1024];

	if (read_burst(key, text, sizeof text))
		dispatch_scan(app, text);
	else
		handle_action(app, key);
}

void ui_watch_fd(struct ui_app *app, ui_fd_fn fd_fn, ui_ready_fn ready,
                 void *ctx)
{
	app->watch.fd = ready ? fd_fn : NULL;
	app->watch.ready = ready;
	app->watch.ctx = ctx;
}

void ui_scan(struct ui_app *app, const char *text)
{
	dispatch_scan(app, text);
}

/* A key, or 0 after wait ms; with a watched descriptor, whichever of the
 * keyboard and it is ready first (curses may hold typed-ahead keys that
 * poll() cannot see, so those are taken before waiting). */
static int wait_key(struct ui_app *app, int wait, int *key)
{
	struct pollfd p[2];
	int lim = -1, n;

	if (!app->watch.fd)
		return crt_read_key(wait, key);
	if ((n = crt_read_key(0, key)) != 0)
		return n;
	p[1].fd = app->watch.fd(app->watch.ctx, &lim);
	if (lim >= 0 && (wait < 0 || lim < wait))
		wait = lim;
	p[0].fd = 0;
	p[0].events = p[1].events = POLLIN;
	p[0].revents = p[1].revents = 0;
	n = poll(p, 2, wait);
	if (n == 0 || (n > 0 && p[1].revents))
		app->watch.ready(app, app->watch.ctx);
	/* A signal (SIGWINCH) leaves a KEY_RESIZE for curses to return. */
	if (n < 0 || (n > 0 && p[0].revents))
		return crt_read_key(0, key);
	return 0;
}

int ui_modal_read(struct ui_app *app, int *key, char *scan, size_t n)
{
	int got;

	for (;;) {
		if (app->restart)
			return UI_IN_GONE;
		got = app->cfg.form_watch ? wait_key(app, app->cfg.poll_ms, key) :
		      crt_read_key(app->cfg.poll_ms, key);
		if (!got) {
			/* The idle lock gives up whatever was half typed. */
			if (app->cfg.idle && app->cfg.idle(app->cfg.ctx))
				return UI_IN_GONE;
			if (app->cfg.form_watch)
				return UI_IN_NONE;
			continue;
		}
		if (app->cfg.touch)
			app->cfg.touch(app->cfg.ctx);
		if (got == 1 && read_burst(*key, scan, n))
			return UI_IN_SCAN;
		return UI_IN_KEY;
	}
}

static void snapshot(struct ui_app *app, int begin)
{
	if (app->cfg.snapshot)
		app->cfg.snapshot(app->cfg.ctx, begin);
}

/* Reads the top view whole, in one snapshot with the journal's newest
 * seq, so the next change read is the first one this read did not see.
 * The version is taken first: a commit during the read moves it again. */
static void reload_all(struct ui_app *app, struct ui_view *v)
{
	if (app->cfg.changed)
		app->cfg.changed(app->cfg.ctx, &app->version);
	snapshot(app, 1);
	if (app->cfg.changes)
		app->cfg.changes(app->cfg.ctx, &app->ch, 1);
	if (v->ops->reload && v->ops->reload(v) != 0)
		app->msg_err = 1;
	snapshot(app, 0);
}

/* Another process committed: the top view takes what the journal says
 * changed, and nothing at all when none of it is on this screen. */
static void apply_changes(struct ui_app *app, struct ui_view *v)
{
	struct mes_changes *c = &app->ch;
	int rc = 0;

	snapshot(app, 1);
	if (!app->cfg.changes || app->cfg.changes(app->cfg.ctx, c, 0) != 0)
		c->all = 1;
	if (!c->all && v->ops->watch && !(c->kinds & v->ops->watch))
		rc = 0;
	else if (!c->all && v->ops->update)
		rc = v->ops->update(v, c);
	else if (v->ops->reload)
		rc = v->ops->reload(v);
	if (rc != 0)
		app->msg_err = 1;
	snapshot(app, 0);
}

/* 1 when the screen may look different now (a change applied, an error
 * or a lock to show), 0 when nothing happened. */
static int poll_changes(struct ui_app *app)
{
	struct ui_view *v = ui_top(app);
	long long ver;

	if (!app->cfg.changed)
		return 0;
	if (app->cfg.changed(app->cfg.ctx, &ver) != 0)
		return 1;
	if (ver == app->version)
		return app->reload;
	app->version = ver;
	if (v && !app->reload)
		apply_changes(app, v);
	return 1;
}

int ui_run(struct ui_app *app)
{
	struct ui_view *v;
	int key, got, dirty = 1, idle_ms = 0;

	while (app->depth && !app->quit) {
		if (app->restart)
			restart(app);
		if (!(v = ui_top(app)))
			break;
		if (app->reload) {
			app->reload = 0;
			reload_all(app, v);
			dirty = 1;
		}
		/*
		 * A tick where nothing changed draws nothing: at hundreds of
		 * terminals the idle repaint was most of a server's load.  Time
		 * still moves on a few screens (the Gantt's now line), so an
		 * idle screen is drawn again every IDLE_PAINT_MS.
		 */
		if (dirty || idle_ms >= IDLE_PAINT_MS) {
			ui_paint(app);
			dirty = 0;
			idle_ms = 0;
		}
		if (!(got = wait_key(app, app->cfg.poll_ms, &key))) {
			idle_ms += app->cfg.poll_ms;
			/* A watched device (a serial scanner) may have
			 * scanned: its screen is drawn after every wait. */
			dirty = poll_changes(app) || app->watch.fd;
			continue;
		}
		dirty = 1;
		if (app->cfg.touch)
			app->cfg.touch(app->cfg.ctx);
		if (key == UI_KEY(KEY_RESIZE)) {
			clear();
			continue;
		}
		app->msg[0] = 0;
		if (too_small(app)) {
			if (key == 'q' || key == UI_KEY(KEY_F(10)))
				apply(app, UI_QUIT);
			continue;
		}
		if (got == 2)
			handle_action(app, key);   /* put back: not a new burst */
		else
			handle_key(app, key);
	}
	return 0;
}
