/* What the spc_*.c files share and nobody else needs. */
#ifndef MES_SPC_INT_H
#define MES_SPC_INT_H

#include <stddef.h>
#include "spc.h"

/* snprintf into err when err is not NULL; returns rc for tail calls. */
int spc_fail(int rc, char *err, size_t errn, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Line of point i for messages: the source line when known, else i + 1. */
int spc_line(const struct mes_spc_data *d, int i);

#endif
