/*
 * Figures by plant and day from the events at the centre: good and scrap
 * from the operation reports, and the OEE per work center that each plant
 * sends once a day has ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hub/hub_int.h"

/* Good and scrap by plant and day (UTC), from the operation reports. */
static const char production_sql[] =
	"SELECT plant_id, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD'), "
	"  sum(((body->>'new_value')::jsonb->>'good')::numeric), "
	"  sum(((body->>'new_value')::jsonb->>'scrap')::numeric), count(*) "
	"FROM mes.events WHERE kind = 'audit' AND body->>'action' = 'op.report' "
	"  AND ts >= $1::date AND ts < $2::date + 1 "
	"GROUP BY 1, 2 ORDER BY 1, 2";

int mes_hub_production(struct mes_hub *h, const char *from, const char *to,
                       mes_hub_day_fn fn, void *ctx)
{
	const char *p[2] = { from, to };
	struct mes_hub_day d;
	PGresult *res;
	int i, stop = 0;

	if (!from || !to || !fn)
		return hub_fail(h, MES_ERR_ARG, "report: a first and a last day");
	res = PQexecParams(h->c, production_sql, 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, "reading the reports");
	for (i = 0; i < PQntuples(res) && !stop; i++) {
		d.plant_id = PQgetvalue(res, i, 0);
		d.day = PQgetvalue(res, i, 1);
		d.good = strtod(PQgetvalue(res, i, 2), NULL);
		d.scrap = strtod(PQgetvalue(res, i, 3), NULL);
		d.reports = strtoll(PQgetvalue(res, i, 4), NULL, 10);
		stop = fn(&d, ctx);
	}
	PQclear(res);
	return MES_OK;
}

static const char oee_sql[] =
	"SELECT plant_id, body->>'date', body->>'wc', "
	"  (body->>'planned_min')::float8, (body->>'run_min')::float8, "
	"  (body->>'availability')::float8, (body->>'performance')::float8, "
	"  (body->>'quality')::float8, (body->>'oee')::float8, "
	"  coalesce(body->>'shift', '') "
	"FROM mes.events WHERE kind = 'oee.day' AND body->>'date' >= $1 "
	"  AND body->>'date' <= $2 AND ($3 OR coalesce(body->>'shift', '') = '') "
	"ORDER BY 1, 2, 3, coalesce(body->>'shift', '') = '', 10";

int mes_hub_oee(struct mes_hub *h, const char *from, const char *to,
                int shifts, mes_hub_oee_fn fn, void *ctx)
{
	const char *p[3] = { from, to, shifts ? "true" : "false" };
	struct mes_hub_oee o;
	PGresult *res;
	int i, stop = 0;

	if (!from || !to || !fn)
		return hub_fail(h, MES_ERR_ARG, "report: a first and a last day");
	res = PQexecParams(h->c, oee_sql, 3, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, "reading the OEE");
	for (i = 0; i < PQntuples(res) && !stop; i++) {
		o.plant_id = PQgetvalue(res, i, 0);
		o.day = PQgetvalue(res, i, 1);
		o.wc = PQgetvalue(res, i, 2);
		o.planned_min = strtod(PQgetvalue(res, i, 3), NULL);
		o.run_min = strtod(PQgetvalue(res, i, 4), NULL);
		o.availability = strtod(PQgetvalue(res, i, 5), NULL);
		o.performance = strtod(PQgetvalue(res, i, 6), NULL);
		o.quality = strtod(PQgetvalue(res, i, 7), NULL);
		o.oee = strtod(PQgetvalue(res, i, 8), NULL);
		o.shift = PQgetvalue(res, i, 9);
		stop = fn(&o, ctx);
	}
	PQclear(res);
	return MES_OK;
}
