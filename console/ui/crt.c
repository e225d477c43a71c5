/*
 * The one owner of curses.  Raw mode, colours that mean something (and a
 * monochrome scheme that means the same with reverse and bold), line
 * drawing that falls back to ASCII, and key reading with a small queue.
 */
#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>
#include <curses.h>
#include "mes.h"
#include "ui.h"
#include "text.h"

static int attrs[CLR_COUNT];
static int utf8, acs_ok, u8_lines, active;
static int queue[256], qhead, qlen;
/* A locale that is not UTF-8 (LANG=C, as a serial VT220 runs): the
 * plant's UTF-8 names go out in ASCII, Rémy as Remy, so that the
 * terminal shows letters and the columns after a name stay in line. */
static iconv_t to_ascii = (iconv_t)-1;
static locale_t translit;

struct scheme { short fg, bg; int mono; };

/* Colour pairs and the monochrome attribute that says the same thing. */
static const struct scheme schemes[CLR_COUNT] = {
	[CLR_NORMAL]    = { -1, -1, A_NORMAL },
	[CLR_TITLE]     = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
	[CLR_HEADER]    = { COLOR_YELLOW, -1, A_BOLD | A_UNDERLINE },
	[CLR_SELECTED]  = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
	[CLR_FKEY]      = { -1, -1, A_NORMAL },
	[CLR_FBAR]      = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
	[CLR_MSG_INFO]  = { COLOR_GREEN, -1, A_BOLD },
	[CLR_MSG_ERROR] = { COLOR_WHITE, COLOR_RED, A_REVERSE | A_BOLD },
	[CLR_LATE]      = { COLOR_RED, -1, A_BOLD },
	[CLR_RUNNING]   = { COLOR_GREEN, -1, A_BOLD },
	[CLR_BLOCKED]   = { COLOR_MAGENTA, -1, A_UNDERLINE },
	[CLR_DIM]       = { COLOR_BLUE, -1, A_DIM },
	/* Not reverse in monochrome: that is the selection's. */
	[CLR_ALARM]     = { COLOR_WHITE, COLOR_RED, A_BOLD | A_UNDERLINE },
	[CLR_NOW]       = { COLOR_YELLOW, -1, A_BOLD },
};

static void set_colors(int mono)
{
	int i;

	if (!mono && has_colors() && start_color() == OK) {
		use_default_colors();
		for (i = 1; i < CLR_COUNT; i++) {
			init_pair((short)i, schemes[i].fg, schemes[i].bg);
			attrs[i] = COLOR_PAIR(i);
		}
		attrs[CLR_HEADER] |= A_BOLD;
		attrs[CLR_LATE] |= A_BOLD;
		attrs[CLR_ALARM] |= A_BOLD;
		return;
	}
	for (i = 0; i < CLR_COUNT; i++)
		attrs[i] = schemes[i].mono;
}

/* Many terminals send F-keys in sequences terminfo does not list. */
static void extra_keys(void)
{
	static const struct { const char *seq; int key; } k[] = {
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
		{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
		{ "\033[[E", KEY_F(5) },
	};
	size_t i;

	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		define_key(k[i].seq, k[i].key);
}

/* A DEC VT terminal (vt100, vt220, vt320...) shows no UTF-8, whatever the
 * locale on the server says: its lines are drawn with its own line set. */
static int hardware_vt(void)
{
	const char *t = getenv("TERM");

	return t && t[0] == 'v' && t[1] == 't' && t[2] >= '0' && t[2] <= '9';
}

int crt_init(int mono)
{
	const char *acsc;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!utf8) {
		/* the transliteration tables come with a UTF-8 locale */
		translit = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		to_ascii = iconv_open("ASCII//TRANSLIT", "UTF-8");
	}
	if (!initscr())
		return -1;
	active = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	acsc = tigetstr("acsc");
	acs_ok = acsc && acsc != (char *)-1 && *acsc;
	u8_lines = utf8 && !(acs_ok && hardware_vt());
	set_colors(mono || getenv("NO_COLOR"));
	extra_keys();
	return 0;
}

void crt_done(void)
{
	if (active) {
		endwin();
		active = 0;
	}
}

void crt_fatal(const char *fmt, ...)
{
	va_list ap;

	crt_done();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

int crt_attr(enum ui_color c)
{
	return (unsigned)c < CLR_COUNT ? attrs[c] : (int)A_NORMAL;
}

void crt_glyph(int y, int x, enum ui_glyph g)
{
	static const char *const u8[G_COUNT] = {
		"\u2500", "\u2502", "\u2588", "\u00b7", "\u2502",
		"\u250c", "\u2510", "\u2514", "\u2518" };
	static const char ascii[G_COUNT] = { '-', '|', '#', '.', '|',
		'+', '+', '+', '+' };

	if ((unsigned)g >= G_COUNT)
		return;
	if (u8_lines) {
		mvaddstr(y, x, u8[g]);
		return;
	}
	if (!acs_ok || g == G_BAR_EMPTY) {
		mvaddch(y, x, (chtype)ascii[g]);
		return;
	}
	switch (g) {
	case G_HLINE: mvaddch(y, x, ACS_HLINE); break;
	case G_BAR_FULL: mvaddch(y, x, ACS_CKBOARD); break;
	case G_ULCORNER: mvaddch(y, x, ACS_ULCORNER); break;
	case G_URCORNER: mvaddch(y, x, ACS_URCORNER); break;
	case G_LLCORNER: mvaddch(y, x, ACS_LLCORNER); break;
	case G_LRCORNER: mvaddch(y, x, ACS_LRCORNER); break;
	default: mvaddch(y, x, ACS_VLINE); break;
	}
}

void crt_hline(int y, int x, int n)
{
	int i;

	for (i = 0; i < n; i++)
		crt_glyph(y, x + i, G_HLINE);
}

void crt_put_wrapped(int y, int x, int w, int h, const char *text, int skip,
                     int attr)
{
	int line = 0;
	size_t len, next;
	char buf[512];

	while (*text && line < skip + h) {
		len = ui_text_wrap(text, w, &next);
		if (line >= skip) {
			snprintf(buf, sizeof buf, "%.*s", (int)len, text);
			crt_put(y + line - skip, x, w, buf, attr);
		}
		line++;
		text += next;
	}
}

/* s in ASCII, in place: a letter the tables know as its base letters,
 * anything else as '?'. */
static void fold_ascii(char *s, size_t size)
{
	char out[1024], *ip = s, *op = out;
	size_t il = strlen(s), ol = sizeof out - 1;
	locale_t old = translit ? uselocale(translit) : (locale_t)0;

	iconv(to_ascii, NULL, NULL, NULL, NULL);
	while (il && ol && iconv(to_ascii, &ip, &il, &op, &ol) == (size_t)-1) {
		if (errno != EILSEQ && errno != EINVAL)
			break;
		*op++ = '?';
		ol--;
		do {
			ip++;
			il--;
		} while (il && ((unsigned char)*ip & 0xc0) == 0x80);
	}
	*op = 0;
	if (translit)
		uselocale(old);
	snprintf(s, size, "%s", out);
}

/* Text from the database (names, comments, scans) may hold control bytes:
 * shown raw, an escape sequence in a scanned label or an imported name
 * would drive the operator's terminal. */
void crt_put(int y, int x, int n, const char *text, int attr)
{
	char clean[1024], shown[1024];
	size_t fit;
	int w;

	if (n <= 0)
		return;
	mes_text_safe(clean, sizeof clean, text);
	if (to_ascii != (iconv_t)-1)
		fold_ascii(clean, sizeof clean);
	fit = ui_text_fit(clean, n);
	snprintf(shown, sizeof shown, "%.*s", (int)fit, clean);
	w = ui_text_width(shown);
	attron(attr);
	mvaddstr(y, x, shown);
	for (; w < n; w++)
		addch(' ');
	attroff(attr);
}

void crt_unread(const int *keys, int n)
{
	int i;

	for (i = n - 1; i >= 0 && qlen < (int)(sizeof queue / sizeof *queue); i--) {
		qhead = (qhead + 255) % 256;
		queue[qhead] = keys[i];
		qlen++;
	}
}

int crt_read_key(int timeout_ms, int *key)
{
	wint_t wc;
	int rc;

	if (qlen) {
		*key = queue[qhead];
		qhead = (qhead + 1) % 256;
		qlen--;
		return 2;
	}
	timeout(timeout_ms);
	rc = get_wch(&wc);
	if (rc == ERR)
		return 0;
	*key = rc == KEY_CODE_YES ? UI_KEY((int)wc) : (int)wc;
	if (*key == '\r')
		*key = '\n';
	return 1;
}

/* Names as the man pages write them, not curses' KEY_UP. */
static const struct { int key; const char *name; } key_names[] = {
	{ '\n', "Enter" },                { UI_KEY(KEY_ENTER), "Enter" },
	{ 27, "Esc" },                    { '\t', "Tab" },
	{ ' ', "Space" },                 { 127, "Backspace" },
	{ UI_KEY(KEY_BACKSPACE), "Backspace" },
	{ UI_KEY(KEY_BTAB), "Shift-Tab" },
	{ UI_KEY(KEY_UP), "Up" },         { UI_KEY(KEY_DOWN), "Down" },
	{ UI_KEY(KEY_LEFT), "Left" },     { UI_KEY(KEY_RIGHT), "Right" },
	{ UI_KEY(KEY_PPAGE), "PgUp" },    { UI_KEY(KEY_NPAGE), "PgDn" },
	{ UI_KEY(KEY_HOME), "Home" },     { UI_KEY(KEY_END), "End" },
};

const char *crt_key_name(int key, char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key)
			return snprintf(buf, n, "%s", key_names[i].name), buf;
	if (key <= -KEY_F(1) && key >= -KEY_F(12))
		snprintf(buf, n, "F%d", -key - KEY_F0);
	else if (key > 0 && key < 32)
		snprintf(buf, n, "Ctrl-%c", key + '@');
	else if (key < 0)
		snprintf(buf, n, "%s", keyname(-key) ? keyname(-key) : "?");
	else
		snprintf(buf, n, "%lc", (wint_t)key);
	return buf;
}
