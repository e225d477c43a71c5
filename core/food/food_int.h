/*
 * What the operation start asks of food safety (allergens.c): whether the
 * work center may run the item, and what the item leaves on it.
 */
#ifndef MES_FOOD_INT_H
#define MES_FOOD_INT_H

#include "production/prod_int.h"

/* b: the item whose id the SQL expression seed gives and every component
 * under it, with the component of the item each comes through; p: their
 * allergens, "contains" winning, via "" for the item's own.  The one
 * reading of an item's allergens (the start rule, the lists, the batch
 * record). */
#define FOOD_PROFILE_CTE(seed) "WITH RECURSIVE b(item_id, via, depth) AS " \
	"(SELECT " seed ", '', 0 UNION SELECT m.component_id, CASE WHEN " \
	"b.depth = 0 THEN i.item_no ELSE b.via END, b.depth + 1 FROM bom m " \
	"JOIN b ON m.parent_id = b.item_id JOIN items i ON i.id = " \
	"m.component_id WHERE b.depth < 16), p AS (SELECT a.allergen, CASE " \
	"WHEN max(a.level = 'contains') THEN 'contains' ELSE 'may-contain' " \
	"END AS level, CASE WHEN max(b.depth = 0) THEN '' ELSE min(b.via) END " \
	"AS via FROM b JOIN item_allergens a ON a.item_id = b.item_id GROUP " \
	"BY a.allergen) "

/* The item's allergens as a label prints them: "contains MILK, EGG; may
 * contain SESAME", "" for none. */
int food_allergen_text(struct mes_db *db, const char *item_no, char *out,
                       size_t n);

/* The item's allergens (its components' included) as sorted codes,
 * "MILK,SESAME", "" for none: the scheduler's allergen classes. */
int food_allergen_codes(struct mes_db *db, long long item_id, char *out,
                        size_t n);

/* MES_OK, or MES_ERR_STATE naming what op's work center carries that
 * op's item must not: a changeover clean, verified, comes first. */
int food_check(struct mes_db *db, const struct op_row *op);
/* The work center now carries op's item's allergens (it ran). */
int food_leave(struct mes_db *db, const struct op_row *op);

#endif
