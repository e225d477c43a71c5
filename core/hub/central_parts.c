/*
 * The centre's months: each plant's partition of mes.events is itself
 * partitioned by month of the event's time, under pg_partman, so that
 * reports over days read only their months and an old month can be
 * detached and archived whole.
 *
 * pg_partman keeps PREMAKE months ready ahead; an event outside every
 * month (a plant's history sent when it attached, a clock far off) lands
 * in the plant's default partition, never lost, and maintenance moves it
 * into a month of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hub/hub_int.h"

#define PREMAKE "3"

int hub_parts_plant(struct mes_hub *h, const char *part)
{
	char parent[80];
	const char *p[1] = { parent };

	snprintf(parent, sizeof parent, "mes.%s", part);
	return hub_run(h, "SELECT partman.create_parent($1, 'ts', 'native', "
	               "'monthly', p_premake := " PREMAKE ") WHERE NOT EXISTS "
	               "(SELECT 1 FROM partman.part_config WHERE parent_table = "
	               "$1)", 1, p, "the plant's months");
}

/* Rows in the plants' default partitions. */
static int in_defaults(struct mes_hub *h, long long *n)
{
	PGresult *res = PQexec(h->c, "SELECT coalesce(sum(count), 0) FROM "
	                       "partman.check_default(true) WHERE default_table "
	                       "LIKE 'mes.events\\_%'");

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, "counting events outside every month");
	*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return MES_OK;
}

int mes_hub_maintain(struct mes_hub *h, long long *moved, long long *left)
{
	long long before = 0;
	int rc;

	*moved = *left = 0;
	rc = hub_run(h, "SELECT partman.run_maintenance(p_analyze := false)", 0,
	             NULL, "making the months ahead");
	if (rc == MES_OK)
		rc = in_defaults(h, &before);
	/* in one transaction: a plant that ships meanwhile waits for it */
	if (rc == MES_OK && before)
		rc = hub_run(h, "SELECT partman.partition_data_time(parent_table, "
		             "p_batch_count := 100000, p_analyze := false) FROM "
		             "partman.part_config WHERE parent_table LIKE "
		             "'mes.events\\_%'", 0, NULL,
		             "moving events into their months");
	if (rc == MES_OK)
		rc = in_defaults(h, left);
	if (rc == MES_OK)
		*moved = before - *left;
	return rc;
}
