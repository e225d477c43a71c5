/*
 * Food safety: allergens (an item's own, and its components' up the bill
 * of materials), what a work center carries from the last item run
 * there, and the changeover clean that takes it back to clean.
 */
#ifndef MES_FOOD_H
#define MES_FOOD_H

#include "mes.h"

/* An allergen of the plant's list (the EU's 14 and the US major food
 * allergens are there from the start).  Roles: quality, admin. */
int mes_allergen_add(struct mes_db *db, const char *code, const char *name);
typedef int (*mes_allergen_list_fn)(const char *code, const char *name,
                                    const char *regime, void *ctx);
/* The plant's list, by code.  Roles: any (reads only). */
int mes_allergen_each(struct mes_db *db, mes_allergen_list_fn fn, void *ctx);
/* The item contains the allergen, or may contain it (cross-contact);
 * level NULL or "": neither any more.  Roles: quality, admin. */
int mes_item_allergen(struct mes_db *db, const char *item_no,
                      const char *allergen, const char *level);

struct mes_allergen_of {
	char allergen[17], name[64];
	char level[12];              /* contains, may-contain */
	char via[41];                /* "": the item's own; else the component
	                              * of the item it comes through */
};
typedef int (*mes_allergen_fn)(const struct mes_allergen_of *a, void *ctx);
/* The item's allergens, its components' included at every level of the
 * bill of materials; "contains" wins over "may contain".
 * Roles: any (reads only). */
int mes_item_allergens(struct mes_db *db, const char *item_no,
                       mes_allergen_fn fn, void *ctx);

struct mes_allergen_lot {
	char lot_no[32], item_no[41], status[16], created[32], wo_no[33];
	char level[12];              /* contains, may-contain */
};
typedef int (*mes_allergen_lot_fn)(const struct mes_allergen_lot *l,
                                   void *ctx);
/* A recall by allergen: every lot made or received from (YYYY-MM-DD, or
 * NULL) to to whose item has the allergen, its components' included,
 * oldest first.  Roles: any (reads only). */
int mes_allergen_lots(struct mes_db *db, const char *allergen,
                      const char *from, const char *to,
                      mes_allergen_lot_fn fn, void *ctx);

struct mes_wc_allergen {
	char allergen[17], name[64], left_by[48], since[32];
};
typedef int (*mes_wc_allergen_fn)(const struct mes_wc_allergen *a,
                                  void *ctx);
/* What the work center carries now.  Roles: any (reads only). */
int mes_wc_allergens(struct mes_db *db, const char *wc,
                     mes_wc_allergen_fn fn, void *ctx);

/* A changeover clean of the work center: the checklist as done and the
 * ATP swab's result in RLU (< 0: none; needed unless [food] require_atp
 * is off).  A swab above [food] atp_max_rlu is kept as a failed clean and
 * refused (MES_ERR_STATE: clean again).  *id gets the clean's number.
 * Roles: operator, lead. */
int mes_changeover_record(struct mes_db *db, const char *wc,
                          const char *checklist, double atp_rlu,
                          long long *id);
/* The newest recorded clean of the work center verified and signed by a
 * second person of the quality role: the work center carries nothing any
 * more.  Roles: anyone logged in, signed by the PIN of the user it names. */
int mes_changeover_verify(struct mes_db *db, const char *wc,
                          const char *signer, const char *pin);

#endif
