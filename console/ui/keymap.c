/*
 * Keys to actions.  Every function-key action has a plain key too, for
 * terminals and keyboards without F-keys; the bar and the help screen
 * are made from this one table, so they cannot disagree with it.
 */
#include <stdio.h>
#include <curses.h>
#include "ui.h"

static const struct { const char *name, *label; } actions[ACT_COUNT] = {
#define UI_ACT_NAME(id, name, label) [ACT_##id] = { name, label },
	UI_ACTION_LIST(UI_ACT_NAME)
#undef UI_ACT_NAME
};

static const struct { int key; enum ui_action a; } keys[] = {
	{ UI_KEY(KEY_F(1)), ACT_HELP },    { '?', ACT_HELP },
	{ UI_KEY(KEY_F(2)), ACT_START },   { 's', ACT_START },
	{ UI_KEY(KEY_F(3)), ACT_PAUSE },   { 'p', ACT_PAUSE },
	{ UI_KEY(KEY_F(4)), ACT_REPORT },  { 'r', ACT_REPORT },
	{ UI_KEY(KEY_F(5)), ACT_COMPLETE },{ 'c', ACT_COMPLETE },
	{ UI_KEY(KEY_F(6)), ACT_ANDON },   { 'a', ACT_ANDON },
	{ UI_KEY(KEY_F(7)), ACT_INSTR },   { 'i', ACT_INSTR },
	{ UI_KEY(KEY_F(8)), ACT_GANTT },   { 'g', ACT_GANTT },
	{ UI_KEY(KEY_F(9)), ACT_LOAD },    { 'l', ACT_LOAD },
	{ UI_KEY(KEY_F(10)), ACT_QUIT },   { 'q', ACT_QUIT },
	{ 27, ACT_BACK },                  { UI_KEY(KEY_BACKSPACE), ACT_BACK },
	{ 127, ACT_BACK },
	{ UI_KEY(KEY_UP), ACT_UP },        { 'k', ACT_UP },
	{ UI_KEY(KEY_DOWN), ACT_DOWN },    { 'j', ACT_DOWN },
	{ UI_KEY(KEY_PPAGE), ACT_PGUP },   { UI_CTRL('b'), ACT_PGUP },
	{ UI_KEY(KEY_NPAGE), ACT_PGDN },   { UI_CTRL('f'), ACT_PGDN },
	{ ' ', ACT_PGDN },
	{ UI_KEY(KEY_HOME), ACT_HOME },    { '<', ACT_HOME },
	{ UI_KEY(KEY_END), ACT_END },      { '>', ACT_END },
	{ UI_KEY(KEY_LEFT), ACT_LEFT },    { 'h', ACT_LEFT },
	{ UI_KEY(KEY_RIGHT), ACT_RIGHT },
	{ '\n', ACT_OPEN },                { UI_KEY(KEY_ENTER), ACT_OPEN },
	{ '/', ACT_JUMP },
	{ '+', ACT_ZOOM_IN },              { '=', ACT_ZOOM_IN },
	{ '-', ACT_ZOOM_OUT },
	{ 'x', ACT_LOGOUT },
	{ '[', ACT_PREV_ITEM },            { UI_KEY(KEY_BTAB), ACT_PREV_ITEM },
	{ ']', ACT_NEXT_ITEM },            { '\t', ACT_NEXT_ITEM },
	{ ',', ACT_EARLIER },              { '.', ACT_LATER },
	{ 'w', ACT_MOVE_WC },
	{ UI_CTRL('l'), ACT_REFRESH },
	/* Raw mode: ^C is a key, not a signal; let it quit as people expect. */
	{ UI_CTRL('c'), ACT_QUIT },
};

#define NKEYS (sizeof keys / sizeof keys[0])

const char *ui_action_name(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].name : "?";
}

const char *ui_action_label(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].label : "";
}

enum ui_action ui_key_action(int key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].key == key)
			return keys[i].a;
	return ACT_NONE;
}

const char *ui_action_key(enum ui_action a, int fkey, char *buf, size_t n)
{
	size_t i;

	buf[0] = 0;
	for (i = 0; i < NKEYS; i++) {
		int is_f = keys[i].key <= UI_KEY(KEY_F(1)) &&
		           keys[i].key >= UI_KEY(KEY_F(12));

		if (keys[i].a == a && is_f == !!fkey)
			return crt_key_name(keys[i].key, buf, n);
	}
	return buf;
}
