/* Selection and scrolling of a list, and the rows a listing fills it
 * with; the table (table.c) draws them. */
#include <string.h>
#include "ui.h"

void ui_list_clamp(struct ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	/* No rows hidden above while the page has room below (a jump to
	 * a record near the end still shows the page full). */
	if (l->top > l->count - rows)
		l->top = l->count - rows;
	if (l->top < 0)
		l->top = 0;
}

int ui_list_nav(struct ui_list *l, enum ui_action a, int rows)
{
	switch (a) {
	case ACT_UP:   l->sel--; break;
	case ACT_DOWN: l->sel++; break;
	case ACT_PGUP: l->sel -= rows > 1 ? rows - 1 : 1; break;
	case ACT_PGDN: l->sel += rows > 1 ? rows - 1 : 1; break;
	case ACT_HOME: l->sel = 0; break;
	case ACT_END:  l->sel = l->count - 1; break;
	default: return 0;
	}
	ui_list_clamp(l, rows);
	return 1;
}

int ui_list_take(struct ui_list *l, void *rows, size_t size, int cap,
                 const void *rec)
{
	if (l->count < cap)
		memcpy((char *)rows + (size_t)l->count++ * size, rec, size);
	return l->count >= cap;
}

static const char *key_at(const struct ui_list *l, int i)
{
	return (const char *)l->rows + (size_t)i * l->size + l->key;
}

static int same_key(const struct ui_list *l, int i)
{
	const char *k = key_at(l, i);

	if (l->kind == UI_LLONG)
		return !memcmp(k, l->mark, sizeof(long long));
	if (l->kind == UI_INT)
		return !memcmp(k, l->mark, sizeof(int));
	return !strncmp(k, l->mark, sizeof l->mark);
}

void ui_list_refill(struct ui_list *l, const void *rows, size_t size,
                    size_t key, enum ui_cell kind)
{
	l->rows = rows;
	l->size = size;
	l->key = key;
	l->kind = kind;
	l->marked = l->sel >= 0 && l->sel < l->count;
	if (l->marked) {
		size_t n = kind == UI_LLONG ? sizeof(long long) :
		           kind == UI_INT ? sizeof(int) : sizeof l->mark - 1;

		memset(l->mark, 0, sizeof l->mark);
		if (kind == UI_STR)
			strncpy(l->mark, key_at(l, l->sel), n);
		else
			memcpy(l->mark, key_at(l, l->sel), n);
	}
	l->count = 0;
}

int ui_list_loaded(struct ui_list *l)
{
	int i;

	/* The top stays where it was unless the record moved off the page,
	 * so rows that arrive above it show. */
	for (i = 0; l->marked && i < l->count; i++)
		if (same_key(l, i)) {
			l->sel = i;
			break;
		}
	l->marked = 0;
	ui_list_clamp(l, l->page);
	return 0;
}

int ui_list_action(struct ui_list *l, enum ui_action a)
{
	if (ui_list_nav(l, a, l->page))
		return UI_DONE;
	if (a == ACT_BACK)
		return UI_POP;
	return a == ACT_QUIT ? UI_QUIT : 0;
}
