/* The batch record as a document: a title, then sections of tables,
 * rendered alike as aligned text or one self-contained HTML page. */
#ifndef MES_BREC_INT_H
#define MES_BREC_INT_H

#include <stddef.h>
#include "exchange.h"

struct brec_row {
	int n;
	char **cell;
};

struct brec_sec {
	char *title;
	struct brec_row head;
	struct brec_row *rows;
	int nrows, cap;
};

struct brec_doc {
	char *key, *title;
	struct brec_sec *secs;
	int nsecs, cap;
	int oom;
};

void brec_init(struct brec_doc *d, const char *key, const char *title);
void brec_free(struct brec_doc *d);
/* A new section; head is the column names separated by '|'. */
void brec_section(struct brec_doc *d, const char *title, const char *head);
/* A row of n cells for the last section. */
void brec_row(struct brec_doc *d, int n, const char *const *cells);
/* Renders with the closing hash line; *buf malloc'd. */
int brec_render(const struct brec_doc *d, enum mes_record_format fmt,
                char **buf, size_t *len, char hash[65]);

#define BREC_HASH_LABEL "Content hash (SHA-256): "
#define BREC_KEY_LABEL "Record: "

#endif
