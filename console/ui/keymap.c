/*
 * Keys to actions, through the program's own key table (its keys.c) and
 * the shared navigation keys below.  The bar, the help screen and the man
 * page's KEYS list (--keys) are all made from these tables, so none of
 * them can promise a key the program does not have.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>
#include "text.h"
#include "ui.h"

/* Widths the bar and the help screen give a row (an 80-column screen:
 * the ten keys and their labels with a space between, a help box of 72
 * inside). */
#define BAR_COLS 80
#define LABEL_COLS 12
#define HELP_COLS 72
#define FKEY_FMT "%-4s %-3s %-*s "   /* F-key, its plain key, label */
#define FKEY_LEAD 22
#define CELLS 3                      /* a grid of short ones: */
#define CELL_KEYS 8
#define CELL_HELP 14
#define KEY_FMT "%-14s "             /* plain keys of a key off the bar */
#define KEY_LEAD 15

static const char *const action_names[ACT_COUNT] = {
#define UI_ACT_NAME(id, name) [ACT_##id] = name,
	UI_ACTION_LIST(UI_ACT_NAME)
#undef UI_ACT_NAME
};

/* What every program has unless its table binds the action itself. */
static const struct ui_key shared[] = {
	{ NULL, ACT_HELP, 1, { '?' }, "Help", "help for this screen" },
	{ NULL, ACT_QUIT, 10, { 'q', UI_CTRL('c') }, "Quit", "quit" },
	{ NULL, ACT_OPEN, 0, { '\n', UI_KEY(KEY_ENTER) }, "",
	  "open the selected line" },
	{ NULL, ACT_BACK, 0, { 27, UI_KEY(KEY_BACKSPACE), 127 }, "", "back" },
	{ NULL, ACT_UP, 0, { UI_KEY(KEY_UP), 'k' }, "", "move up" },
	{ NULL, ACT_DOWN, 0, { UI_KEY(KEY_DOWN), 'j' }, "", "move down" },
	{ NULL, ACT_PGUP, 0, { UI_KEY(KEY_PPAGE), UI_CTRL('b') }, "",
	  "page up" },
	{ NULL, ACT_PGDN, 0, { UI_KEY(KEY_NPAGE), UI_CTRL('f'), ' ' }, "",
	  "page down" },
	{ NULL, ACT_HOME, 0, { UI_KEY(KEY_HOME), '<' }, "", "first" },
	{ NULL, ACT_END, 0, { UI_KEY(KEY_END), '>' }, "", "last" },
	{ NULL, ACT_LOGOUT, 0, { 'x' }, "", "" },
	{ NULL, ACT_REFRESH, 0, { UI_CTRL('l') }, "", "redraw" },
};

#define NSHARED (sizeof shared / sizeof shared[0])

static const struct ui_keymap none = { "", NULL, 0, NULL, NULL };
static const struct ui_keymap *prog = &none;

static int binds(const struct ui_key *k)
{
	return !k->screen && (k->fkey || k->keys[0]);
}

/* The row whose keys reach a: the program's, else the shared one. */
static const struct ui_key *binding(enum ui_action a)
{
	size_t i;

	for (i = 0; i < prog->n; i++)
		if (prog->rows[i].a == a && binds(&prog->rows[i]))
			return &prog->rows[i];
	for (i = 0; i < NSHARED; i++)
		if (shared[i].a == a)
			return &shared[i];
	return NULL;
}

static int same_screen(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The label (help 0) or help line (1) of a on screen: that screen's row,
 * then the program's, then the shared one; "" when none says. */
static const char *meaning(const char *screen, enum ui_action a, int help)
{
	const struct ui_key *k;
	const char *s;
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < prog->n; i++) {
			k = &prog->rows[i];
			s = help ? k->help : k->label;
			if (k->a == a && s && *s &&
			    same_screen(k->screen, pass ? NULL : screen))
				return s;
		}
	}
	for (i = 0; i < NSHARED; i++)
		if (shared[i].a == a)
			return help ? shared[i].help : shared[i].label;
	return "";
}

static int reaches(const struct ui_key *k, int key)
{
	int i;

	if (k->fkey && key == UI_KEY(KEY_F(k->fkey)))
		return 1;
	for (i = 0; i < 4 && k->keys[i]; i++)
		if (k->keys[i] == key)
			return 1;
	return 0;
}

enum ui_action ui_key_action(int key)
{
	size_t i;

	for (i = 0; i < prog->n; i++)
		if (binds(&prog->rows[i]) && reaches(&prog->rows[i], key))
			return prog->rows[i].a;
	for (i = 0; i < NSHARED; i++)
		if (binding(shared[i].a) == &shared[i] &&
		    reaches(&shared[i], key))
			return shared[i].a;
	return ACT_NONE;
}

int ui_key_fkey(enum ui_action a)
{
	const struct ui_key *k = binding(a);

	return k ? k->fkey : 0;
}

const char *ui_key_label(const char *screen, enum ui_action a)
{
	return binding(a) ? meaning(screen, a, 0) : "";
}

/* a's plain keys, named, each name once: at most max of them, and no
 * more than fit in cols columns (one always shows). */
static const char *names(enum ui_action a, int max, int cols, char *buf,
                         size_t n)
{
	const struct ui_key *k = binding(a);
	char one[32];
	size_t len = 0;
	int i, shown = 0;

	buf[0] = 0;
	for (i = 0; k && i < 4 && k->keys[i] && shown < max; i++) {
		crt_key_name(k->keys[i], one, sizeof one);
		if (strstr(buf, one))
			continue;
		if (shown && ui_text_width(buf) + 2 + ui_text_width(one) > cols)
			break;
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		                        shown++ ? ", " : "", one);
		if (len >= n)
			break;
	}
	return buf;
}

/* a's plain keys as people read them: "s", "Up, k" ("" when none). */
static const char *ui_key_names(enum ui_action a, char *buf, size_t n)
{
	return names(a, 4, 64, buf, n);
}

/* Every action either table mentions, once each: the shared ones in
 * their order, so that every program lists navigation alike, then the
 * program's own. */
static int actions(enum ui_action *out)
{
	int seen[ACT_COUNT] = { 0 }, n = 0;
	size_t i;

	for (i = 0; i < NSHARED; i++)
		if (!seen[shared[i].a]++)
			out[n++] = shared[i].a;
	for (i = 0; i < prog->n; i++)
		if (prog->rows[i].a != ACT_NONE && !seen[prog->rows[i].a]++)
			out[n++] = prog->rows[i].a;
	return n;
}

static int on_bar(const struct ui_view *v, enum ui_action a)
{
	int i;

	for (i = 0; i < 10; i++)
		if (v->ops->bar[i] == a && a != ACT_NONE)
			return 1;
	return 0;
}

struct out {
	char *buf;
	size_t n, len;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (o->len >= o->n)
		return;
	va_start(ap, fmt);
	r = vsnprintf(o->buf + o->len, o->n - o->len, fmt, ap);
	va_end(ap);
	o->len += r > 0 ? (size_t)r : 0;
}

static const char *bar_text(const struct ui_view *v, enum ui_action a)
{
	const char *label = v->ops->bar_label ?
	                    v->ops->bar_label((struct ui_view *)v, a) : NULL;

	return label ? label : ui_key_label(v->ops->name, a);
}

/* The bar's keys, their labels as wide as this screen's widest. */
static void help_fkeys(const struct ui_view *v, struct out *o)
{
	enum ui_action all[ACT_COUNT];
	char f[8], k[64];
	int n = actions(all), slot, i, lw = 6, w;

	for (i = 0; i < n; i++)
		if (ui_key_fkey(all[i]) && on_bar(v, all[i]) &&
		    (w = ui_text_width(bar_text(v, all[i]))) > lw)
			lw = w < LABEL_COLS ? w : LABEL_COLS;
	for (slot = 1; slot <= 10; slot++)
		for (i = 0; i < n; i++) {
			if (ui_key_fkey(all[i]) != slot || !on_bar(v, all[i]))
				continue;
			snprintf(f, sizeof f, "F%d", slot);
			put(o, FKEY_FMT "%s\n", f, names(all[i], 1, 3, k, sizeof k),
			    lw, bar_text(v, all[i]), meaning(v->ops->name, all[i], 1));
		}
}

/* Keys off the bar: one with a short line in a grid of CELLS columns, so
 * that a help screen fits; one with a long line on a line of its own. */
static void help_keys(const struct ui_view *v, struct out *o)
{
	enum ui_action all[ACT_COUNT];
	char k[64];
	int n = actions(all), i, col = 0;

	for (i = 0; i < n; i++) {
		const char *h = meaning(v->ops->name, all[i], 1);

		if (ui_key_fkey(all[i]) || !*h || !binding(all[i]))
			continue;
		if (ui_text_width(h) > CELL_HELP) {
			put(o, "%s" KEY_FMT "%s\n", col ? "\n" : "",
			    names(all[i], 2, KEY_LEAD - 1, k, sizeof k), h);
			col = 0;
			continue;
		}
		names(all[i], 2, CELL_KEYS, k, sizeof k);
		if (++col < CELLS)
			put(o, "%-*s %-*s ", CELL_KEYS, k, CELL_HELP, h);
		else
			put(o, "%-*s %s\n", CELL_KEYS, k, h);
		col %= CELLS;
	}
	if (col)
		put(o, "\n");
}

/* An action the view leaves off its bar for this user (its label ""):
 * the hint does not offer it either. */
static int hidden(const struct ui_view *v, enum ui_action a)
{
	const char *l = v->ops->bar_label ?
	                v->ops->bar_label((struct ui_view *)v, a) : NULL;

	return l && !*l;
}

void ui_key_hint(const struct ui_view *v, int back, char *buf, size_t n)
{
	const struct ui_hint *h;
	char key[32];
	size_t len = 0;

	buf[0] = 0;
	for (h = prog->hints; h && h->screen && len < n; h++) {
		if (!same_screen(h->screen, v->ops->name) ||
		    !*names(h->a, 1, 16, key, sizeof key) || hidden(v, h->a))
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s %s",
		                        len ? "  " : "", key, h->word);
	}
	if (back && len < n)
		snprintf(buf + len, n - len, "%s%s back", len ? "  " : "",
		         names(ACT_BACK, 1, 16, key, sizeof key));
}

void ui_key_help(const struct ui_view *v, char *buf, size_t n)
{
	struct out o = { buf, n, 0 };

	buf[0] = 0;
	if (v->ops->help)
		put(&o, "%s\n\n", v->ops->help);
	help_fkeys(v, &o);
	put(&o, "\n");
	help_keys(v, &o);
	if (prog->note)
		put(&o, "\n%s", prog->note);
	if (o.len && o.len < n && buf[o.len - 1] == '\n')
		buf[--o.len] = 0;
}

/* ---- --keys: the table for the man page, and its checks ------------------ */

/* A cell of an mdoc .It line: quoted when it holds mdoc delimiters. */
static void mdoc_cell(const char *s)
{
	printf(strpbrk(s, " .,;:?!()[]|") ? "\"%s\"" : "%s", s);
}

static void man_help(enum ui_action a)
{
	const char *sep = "";
	size_t i;

	if (*meaning(NULL, a, 1)) {
		printf("%s", meaning(NULL, a, 1));
		sep = "; ";
	}
	for (i = 0; i < prog->n; i++)
		if (prog->rows[i].a == a && prog->rows[i].screen &&
		    prog->rows[i].help && *prog->rows[i].help) {
			printf("%s%s: %s", sep, prog->rows[i].screen,
			       prog->rows[i].help);
			sep = "; ";
		}
	printf("\n");
}

static void print_man(void)
{
	enum ui_action all[ACT_COUNT];
	char k[64];
	int n = actions(all), slot, i;

	/* The bar's keys in slot order, then the rest as the tables list them. */
	for (slot = 1; slot <= 11; slot++)
		for (i = 0; i < n; i++) {
			if (ui_key_fkey(all[i]) != slot % 11)
				continue;
			if (slot <= 10)
				printf(".It F%d Ta ", slot);
			else
				printf(".It Ta ");
			mdoc_cell(ui_key_names(all[i], k, sizeof k));
			printf(" Ta ");
			man_help(all[i]);
		}
}

static int problem(const char *fmt, const char *what, const char *more)
{
	fprintf(stderr, "%s --keys: ", prog->program);
	fprintf(stderr, fmt, what, more);
	fputc('\n', stderr);
	return 1;
}

/* Two actions one key reaches. */
static int check_clashes(const enum ui_action *all, int n)
{
	int i, j, bad = 0, key, fk;
	char name[32];
	size_t m;

	for (i = 0; i < n; i++) {
		const struct ui_key *k = binding(all[i]);

		for (m = 0; k && m < 5; m++) {
			fk = k->fkey;
			if (m == 4 ? !fk : !k->keys[m])
				continue;
			key = m == 4 ? UI_KEY(KEY_F(fk)) : k->keys[m];
			for (j = i + 1; j < n; j++)
				if (binding(all[j]) && reaches(binding(all[j]), key))
					bad += problem("%s reaches two actions "
					       "(and %s)", crt_key_name(key, name,
					       sizeof name), action_names[all[j]]);
		}
	}
	return bad;
}

static int check_row(const struct ui_key *k)
{
	const struct ui_key *b = binding(k->a);
	int fk = b ? b->fkey : 0, bad = 0;
	const char *who = action_names[k->a];

	if (!b)
		return problem("%s has no keys%s", who, "");
	if (k->screen && (k->fkey || k->keys[0]))
		bad += problem("%s on %s: a screen row takes the program's keys",
		               who, k->screen);
	if (k->fkey < 0 || k->fkey > 10)
		bad += problem("%s: F-keys go from 1 to 10%s", who, "");
	if (k == b && fk && !k->keys[0])
		bad += problem("%s: an F-key action needs a plain key too "
		               "(TERM=vt100)%s", who, "");
	if (k->label && ui_text_width(k->label) > LABEL_COLS)
		bad += problem("%s: label \"%s\" is wider than the help's "
		               "column", who, k->label);
	if (k->help && ui_text_width(k->help) >
	    HELP_COLS - (fk ? FKEY_LEAD : KEY_LEAD))
		bad += problem("%s: \"%s\" is wider than the help screen",
		               who, k->help);
	return bad;
}

/* A screen's bar fits 80 columns without cutting a label: the ten keys
 * (2 columns, F10 3), a space between, and every label the screen could
 * show on it. */
static int check_bar(const char *screen)
{
	enum ui_action all[ACT_COUNT];
	int n = actions(all), i, w = 2 * 9 + 3 + 9;

	for (i = 0; i < n; i++)
		if (ui_key_fkey(all[i]))
			w += ui_text_width(meaning(screen, all[i], 0));
	if (w <= BAR_COLS)
		return 0;
	return problem("the bar of %s is %s wider than 80 columns",
	               screen ? screen : "every screen", "");
}

static int check(void)
{
	enum ui_action all[ACT_COUNT];
	int n = actions(all), bad = check_clashes(all, n);
	size_t i;

	for (i = 0; i < prog->n; i++)
		bad += check_row(&prog->rows[i]) + check_bar(prog->rows[i].screen);
	for (i = 0; i < NSHARED; i++)
		if (binding(shared[i].a) == &shared[i])
			bad += check_row(&shared[i]);
	return bad;
}

void ui_keys_main(const struct ui_keymap *km, int argc, char **argv)
{
	int i;

	prog = km;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--keys"))
			break;
	if (i >= argc)
		return;
	if (check())
		exit(1);
	print_man();
	exit(0);
}
