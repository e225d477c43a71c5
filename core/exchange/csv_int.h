/* What the master-data CSV files share (csv_master, csv_kinds, csv_qplan,
 * csv_users). */
#ifndef MES_MASTER_INT_H
#define MES_MASTER_INT_H

#include "csv.h"
#include "exchange.h"
#include "base/internal.h"

#define MCOLS 16

struct mimp {
	struct mes_db *db;
	struct mes_csv csv;
	const char *name;
	struct mes_master_result *res;
	int col[MCOLS];
	int nerr;
	char errs[1400];
	char *pins;              /* users: "login,PIN\n" lines */
	size_t pins_len;
};

struct mkind {
	const char *name;
	const char *const *cols;   /* NULL-terminated */
	int required;              /* the first this many must be there */
	enum mes_perm perm;
	/* f[k] is NULL when the file has no such column; NULL: export only */
	int (*row)(struct mimp *m, const char *const *f);
	const char *export_sql;    /* one column per header column */
};

/* A problem with the current line; the import goes on to find more. */
void mbad(struct mimp *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "" or NULL: dflt; else a whole number in [lo, hi] (0: bad). */
int mint(struct mimp *m, const char *what, const char *s, long lo, long hi,
         long dflt, long *out);
int mreal(struct mimp *m, const char *what, const char *s, double dflt,
          double *out);
/* Audits one added or changed row. */
int maudit(struct mimp *m, const char *action, const char *tbl,
           const char *key, const char *old_json, const char *new_json);

extern const struct mkind mkind_items, mkind_workcenters, mkind_routings,
                          mkind_users, mkind_inspection_plans;

#endif
