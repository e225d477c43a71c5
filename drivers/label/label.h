/*
 * Lot labels for thermal printers: a ZPL II template with {{name}}
 * placeholders filled in, and the bytes sent to a file, a raw TCP printer
 * (port 9100) or a serial printer.  No SQL: the caller gives the values.
 *
 * Values are written escaped for ZPL's ^FH field hexadecimal indicator
 * (_ as the escape: ^ becomes _5E, ~ _7E, _ _5F), so a supplier's lot
 * number cannot end a field or start a command; every ^FD in a template
 * that takes a value should follow a ^FH.
 */
#ifndef MES_LABEL_H
#define MES_LABEL_H

#include <stddef.h>
#include "mes.h"

struct mes_label_field {
	const char *name;         /* "lot" for {{lot}} */
	const char *value;
};

/*
 * Fills tmpl (NUL-terminated) into *out (malloc'd, NUL-terminated, free
 * it), *len its length.  A placeholder with no field of that name is
 * MES_ERR_SYNTAX naming it (a template for another version is caught at
 * the desk, not on the label); MES_ERR_NOMEM; MES_ERR_ARG.
 */
int mes_label_render(const char *tmpl, const struct mes_label_field *f,
                     int n, char **out, size_t *len, char *err, size_t errn);

/*
 * Sends len bytes to dest:
 *   tcp:HOST[:PORT]       a raw socket printer (default port 9100)
 *   serial:DEVICE[:BAUD]  a serial printer, 8N1 (default 9600)
 *   file:PATH, or PATH    written to a file ("-": standard output)
 * Waits at most timeout_ms to connect and for each write.  MES_OK,
 * MES_ERR_IO with the reason in err, MES_ERR_ARG for a bad dest.
 */
int mes_label_send(const char *dest, const void *buf, size_t len,
                   int timeout_ms, char *err, size_t errn);

/* The shipped template NAME ("lot.zpl"): the installed one, else the
 * source tree's data/labels/NAME (a build run where it was made); the
 * path in static storage. */
const char *mes_label_template(const char *name);

/* Reads a template file into *out (malloc'd, NUL-terminated). */
int mes_label_load(const char *path, char **out, char *err, size_t errn);

/*
 * A lot's label: the template file tmpl_path filled with the lot's
 * fields ({{lot}}, {{item}}, {{description}}, {{supplier}},
 * {{supplier_lot}}, {{qty}}, {{uom}}, {{expiry}}, {{status}},
 * {{created}}, {{allergens}}) and sent to dest, as the three calls above
 * do it.
 */
struct mes_lot;
int mes_label_print_lot(const struct mes_lot *l, const char *tmpl_path,
                        const char *dest, int timeout_ms, char *err,
                        size_t errn);

/*
 * A serialized unit's label: the template filled with {{serial}},
 * {{item}}, {{description}}, {{gtin}}, {{wo}}, {{created}}, {{gs1}} (the
 * element string 01 GTIN 21 serial a GS1 DataMatrix carries) and {{hri}}
 * ("(01)...(21)...", as printed under it), sent to dest.  A unit of an
 * item without a GTIN has no GS1 data: MES_ERR_STATE saying so.
 */
struct mes_unit;
int mes_label_print_unit(const struct mes_unit *u, const char *tmpl_path,
                         const char *dest, int timeout_ms, char *err,
                         size_t errn);

#endif
