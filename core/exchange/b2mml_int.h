/* What the B2MML reader and writers share: libxml2 helpers that keep
 * every element in the B2MML namespace and name where a problem is. */
#ifndef MES_B2MML_INT_H
#define MES_B2MML_INT_H

#include <libxml/tree.h>
#include "exchange.h"
#include "base/internal.h"

/* An element of the B2MML namespace named name (any name when NULL). */
int bx_is(const xmlNode *n, const char *name);
/* The first B2MML child element called name, or NULL. */
xmlNode *bx_child(const xmlNode *parent, const char *name);
/* The next sibling element with the same name as n, or NULL. */
xmlNode *bx_next(const xmlNode *n);
/* The trimmed text of n into buf ("" for NULL); 0 when it did not fit. */
int bx_text(const xmlNode *n, char *buf, size_t len);
/* "/OperationsSchedule/OperationsRequest[2]/ID": local names, with the
 * position among same-named siblings where there are several. */
void bx_path(const xmlNode *n, char *buf, size_t len);

/* A new B2MML child with text content (escaped by libxml2). */
xmlNode *bx_add(xmlNode *parent, const char *name, const char *text);
xmlNode *bx_addf(xmlNode *parent, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* <Value><ValueString>text</ValueString><DataType>type</DataType>
 * <UnitOfMeasure>uom</UnitOfMeasure><Key>key</Key></Value>: one child
 * element of a resource that V0700 and V0701 cannot both accept, as a
 * value of a SegmentData or SegmentParameter (Key: the element's name). */
xmlNode *bx_value(xmlNode *parent, const char *key, const char *text,
                  const char *type, const char *uom);
/* The same for a number, DataType double. */
xmlNode *bx_value_num(xmlNode *parent, const char *key, double q,
                      const char *uom);
/* A new document whose root is a B2MML element; NULL on OOM. */
xmlDoc *bx_new_doc(const char *root_name, xmlNode **root);
/* Writes the document indented to out; MES_ERR_IO on failure. */
int bx_write(struct mes_db *db, xmlDoc *doc, FILE *out);

/* "2026-12-01T06:00:00Z" (xsd:dateTime) -> "2026-12-01"; 0 if bad. */
int bx_date(const char *s, char date[11]);

/* xsd:duration in days, hours, minutes, seconds (P1DT2H30M) as
 * minutes; 0 when it is not one. */
int bx_duration_min(const char *s, double *min);
/* A whole file (up to 64 MB) into *buf, malloc'd; messages name name. */
int bx_slurp(struct mes_db *db, const char *path, const char *name,
             char **buf, size_t *len);

#endif
