/* Column widths of UTF-8 text, for tables in mesctl and on screens. */
#include <string.h>
#include <wchar.h>
#include "text.h"
#include "ui.h"

/* One character at s: its length in bytes and its width in columns. */
static size_t next_char(const char *s, size_t left, int *cols)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;

	/* ASCII, most of what a screen shows, is one byte and one column
	 * (a control byte too, shown as one '?'): no decoding on every
	 * redraw. */
	if ((unsigned char)*s < 0x80) {
		*cols = 1;
		return 1;
	}
	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, left, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cols = 1;  /* a stray byte is shown as one '?' */
		return 1;
	}
	w = wcwidth(wc);
	*cols = w < 0 ? 1 : w;
	return n;
}

int ui_text_width(const char *s)
{
	size_t left = s ? strlen(s) : 0, n;
	int total = 0, c;

	while (left) {
		n = next_char(s, left, &c);
		total += c;
		s += n;
		left -= n;
	}
	return total;
}

size_t ui_text_fit(const char *s, int cols)
{
	size_t left = s ? strlen(s) : 0, used = 0, n;
	int c;

	while (left) {
		n = next_char(s + used, left, &c);
		if (c > cols)
			break;
		cols -= c;
		used += n;
		left -= n;
	}
	return used;
}

void ui_fput_cols(FILE *f, const char *s, int cols)
{
	size_t n = ui_text_fit(s, cols);
	int w;
	char buf[512];

	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s ? s : "", n);
	buf[n] = 0;
	w = ui_text_width(buf);
	fputs(buf, f);
	for (; w < cols; w++)
		fputc(' ', f);
}

int ui_text_lines(const char *s, int cols)
{
	size_t next;
	int lines = 0;

	do {
		ui_text_wrap(s, cols, &next);
		s += next;
		lines++;
	} while (*s);
	return lines;
}

size_t ui_text_wrap(const char *s, int cols, size_t *next)
{
	size_t left = strlen(s), used = 0, n, brk = 0;
	int c, w = 0, have_brk = 0;

	while (used < left && s[used] != '\n') {
		n = next_char(s + used, left - used, &c);
		if (s[used] == ' ') {
			brk = used;
			have_brk = 1;
		}
		if (w + c > cols && s[used] != ' ') {
			if (have_brk) {
				*next = brk + 1;
				return brk;
			}
			/* A word longer than the line: cut it (never nothing). */
			if (!used)
				used = n;
			*next = used;
			return used;
		}
		w += c;
		used += n;
	}
	*next = used < left ? used + 1 : used;
	return used;
}
