/*
 * What the operation start asks of food safety (allergens.c): whether the
 * work center may run the item, and what the item leaves on it.
 */
#ifndef MES_FOOD_INT_H
#define MES_FOOD_INT_H

#include "production/prod_int.h"

/* MES_OK, or MES_ERR_STATE naming what op's work center carries that
 * op's item must not: a changeover clean, verified, comes first. */
int food_check(struct mes_db *db, const struct op_row *op);
/* The work center now carries op's item's allergens (it ran). */
int food_leave(struct mes_db *db, const struct op_row *op);

#endif
