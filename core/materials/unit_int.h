/*
 * What the serialized-unit files (units.c, unit_flow.c, unit_trace.c)
 * share inside core.
 */
#ifndef MES_UNIT_INT_H
#define MES_UNIT_INT_H

#include <time.h>
#include "production/prod_int.h"

/* The serial of counter under pattern at now: 0, or -1 with why in err
 * (not a pattern, a counter past its digits, not a GS1 (21) serial). */
int serial_expand(const char *pattern, long long counter, time_t now,
                  char out[32], char *err, size_t errn);
/* MES_OK when op is running, else MES_ERR_STATE: start it first. */
int unit_op_running(struct mes_db *db, const struct op_row *op);
/* The unit starts op (inside the caller's change). */
int unit_op_begin(struct mes_db *db, long long unit_id,
                  const struct op_row *op);

#endif
