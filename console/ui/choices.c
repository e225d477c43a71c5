/*
 * Reason codes as a form's choices: the code is what is stored, but an
 * operator picks by what it means, so each is shown with its description.
 */
#include <stdio.h>
#include <string.h>
#include "mes.h"
#include "prod.h"
#include "ui.h"

static int take(const char *code, const char *desc, void *ctx)
{
	struct ui_choices *c = ctx;

	snprintf(c->code[c->n], sizeof c->code[0], "%s", code);
	snprintf(c->text[c->n], sizeof c->text[0], "%s", desc ? desc : "");
	c->codes[c->n] = c->code[c->n];
	c->texts[c->n] = c->text[c->n];
	c->n++;
	return c->n >= UI_MAX_CHOICES;
}

int ui_reason_choices(struct mes_db *db, const char *kind,
                      struct ui_choices *c)
{
	memset(c, 0, sizeof *c);
	if (mes_reason_each(db, kind, take, c) != MES_OK)
		return -1;
	return c->n;
}

void ui_field_choices(struct ui_field *f, const struct ui_choices *c)
{
	f->kind = FLD_CHOICE;
	f->choices = c->codes;
	f->choice_text = c->texts;
}
