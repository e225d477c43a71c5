/* What the centre's files share: the connection and its error text. */
#ifndef MES_HUB_INT_H
#define MES_HUB_INT_H

#include <libpq-fe.h>
#include "base/internal.h"
#include "hub.h"

struct mes_hub {
	PGconn *c;
	char err[512];
};

/* 1 to 32 letters, digits, '-' or '_': a plant's name everywhere. */
int hub_plant_id_ok(const char *s);
/* The plant's partition of mes.events (without the schema). */
void hub_partition(const char *plant_id, char out[64]);
/* The plant's partition (hub_partition's name) by month under
 * pg_partman, once. */
int hub_parts_plant(struct mes_hub *h, const char *part);
/* The centre's lot events and links (central_trace.c), made by
 * mes_hub_init. */
extern const char hub_lots_sql[];
/* Sets the message (trailing newlines cut) and returns rc. */
int hub_fail(struct mes_hub *h, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The server's words for res, which it frees (or the connection's when
 * res is NULL): MES_ERR_IO when the connection is lost, else MES_ERR_DB. */
int hub_pg_fail(struct mes_hub *h, PGresult *res, const char *what);
/* One statement, n text parameters, its rows (if any) dropped. */
int hub_run(struct mes_hub *h, const char *sql, int n,
            const char *const *params, const char *what);

#endif
