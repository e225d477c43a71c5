/*
 * Genealogy across plants, from the events at the centre: a supplier lot
 * received at one plant, the lots its plant made with it, and the lots
 * another plant received under those lots' numbers (a semi-finished lot
 * shipped between plants keeps its number as the receiver's supplier
 * lot), on to the lots nothing else was made of.
 *
 * Within a plant a lot goes into every lot its order produces after it
 * was issued to one of the order's operations, as the plant's own
 * genealogy links it (materials/inventory.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hub/hub_int.h"

static const char recall_sql[] =
	"WITH RECURSIVE ev AS ("
	"  SELECT plant_id, seq, body->>'action' AS action, "
	"    body->>'rec_key' AS lot, (body->>'new_value')::jsonb AS v "
	"  FROM mes.events WHERE kind = 'audit' AND body->>'action' IN "
	"    ('receive', 'lot.issue', 'lot.produce')),"
	" walk (plant_id, lot, item, depth, path) AS ("
	"  SELECT plant_id, lot, v->>'item', 0, ARRAY[plant_id || ':' || lot] "
	"  FROM ev WHERE action = 'receive' AND v->>'supplier_lot' = $1"
	"  UNION ALL"
	"  SELECT n.plant_id, n.lot, n.item, w.depth + 1, "
	"    w.path || (n.plant_id || ':' || n.lot) "
	"  FROM walk w CROSS JOIN LATERAL ("
	"    SELECT p.plant_id, p.lot, p.v->>'item' AS item FROM ev i "
	"    JOIN ev p ON p.plant_id = i.plant_id AND p.action = 'lot.produce' "
	"      AND split_part(p.v->>'operation', '/', 1) = "
	"          split_part(i.v->>'operation', '/', 1) AND p.seq > i.seq "
	"    WHERE i.plant_id = w.plant_id AND i.action = 'lot.issue' "
	"      AND i.lot = w.lot"
	"    UNION ALL"
	"    SELECT r.plant_id, r.lot, r.v->>'item' FROM ev r "
	"    WHERE r.action = 'receive' AND r.v->>'supplier_lot' = w.lot "
	"      AND r.plant_id <> w.plant_id) n "
	"  WHERE w.depth < 32 AND NOT (n.plant_id || ':' || n.lot) = ANY (w.path))"
	" SELECT w.plant_id, w.lot, coalesce(min(w.item), ''), min(w.depth), "
	"   NOT EXISTS (SELECT 1 FROM ev i WHERE i.plant_id = w.plant_id AND "
	"     i.action = 'lot.issue' AND i.lot = w.lot) AND NOT EXISTS (SELECT "
	"     1 FROM ev r WHERE r.action = 'receive' AND r.plant_id <> "
	"     w.plant_id AND r.v->>'supplier_lot' = w.lot) "
	" FROM walk w GROUP BY w.plant_id, w.lot ORDER BY min(w.depth), "
	"   w.plant_id, w.lot";

/*
 * Backward from a plant's lot: what its order had been issued when it
 * was produced, and, for a lot received under another plant's lot number
 * (its supplier lot), that lot at the plant that made or received it; on
 * to the supplier lots nothing at any plant made.  The last column says
 * the lot is such a start: received from outside.
 */
static const char trace_sql[] =
	"WITH RECURSIVE ev AS ("
	"  SELECT plant_id, seq, body->>'action' AS action, "
	"    body->>'rec_key' AS lot, (body->>'new_value')::jsonb AS v "
	"  FROM mes.events WHERE kind = 'audit' AND body->>'action' IN "
	"    ('receive', 'lot.issue', 'lot.produce')),"
	" walk (plant_id, lot, depth, path) AS ("
	"  SELECT $1::text, $2::text, 0, ARRAY[$1 || ':' || $2]"
	"  UNION ALL"
	"  SELECT n.plant_id, n.lot, w.depth + 1, "
	"    w.path || (n.plant_id || ':' || n.lot) "
	"  FROM walk w CROSS JOIN LATERAL ("
	"    SELECT i.plant_id, i.lot FROM ev p "
	"    JOIN ev i ON i.plant_id = p.plant_id AND i.action = 'lot.issue' "
	"      AND split_part(i.v->>'operation', '/', 1) = "
	"          split_part(p.v->>'operation', '/', 1) AND i.seq < p.seq "
	"    WHERE p.plant_id = w.plant_id AND p.action = 'lot.produce' "
	"      AND p.lot = w.lot"
	"    UNION ALL"
	"    SELECT o.plant_id, o.lot FROM ev r JOIN ev o ON o.lot = "
	"      r.v->>'supplier_lot' AND o.plant_id <> r.plant_id AND o.action "
	"      IN ('receive', 'lot.produce') "
	"    WHERE r.plant_id = w.plant_id AND r.action = 'receive' "
	"      AND r.lot = w.lot) n "
	"  WHERE w.depth < 32 AND NOT (n.plant_id || ':' || n.lot) = ANY (w.path))"
	" SELECT w.plant_id, w.lot, coalesce((SELECT min(e.v->>'item') FROM ev "
	"   e WHERE e.plant_id = w.plant_id AND e.lot = w.lot AND e.action IN "
	"   ('receive', 'lot.produce')), ''), min(w.depth), "
	"   EXISTS (SELECT 1 FROM ev r WHERE r.plant_id = w.plant_id AND "
	"     r.action = 'receive' AND r.lot = w.lot AND NOT EXISTS (SELECT 1 "
	"     FROM ev o WHERE o.lot = r.v->>'supplier_lot' AND o.plant_id <> "
	"     r.plant_id AND o.action IN ('receive', 'lot.produce'))) "
	" FROM walk w GROUP BY w.plant_id, w.lot ORDER BY min(w.depth), "
	"   w.plant_id, w.lot";

/* Rows of a genealogy query to fn. */
static int each_lot(struct mes_hub *h, const char *sql, int n,
                    const char *const *p, mes_hub_lot_fn fn, void *ctx)
{
	struct mes_hub_lot l;
	PGresult *res;
	int i, stop = 0;

	res = PQexecParams(h->c, sql, n, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, "tracing the lot");
	for (i = 0; i < PQntuples(res) && !stop; i++) {
		l.plant_id = PQgetvalue(res, i, 0);
		l.lot_no = PQgetvalue(res, i, 1);
		l.item_no = PQgetvalue(res, i, 2);
		l.depth = atoi(PQgetvalue(res, i, 3));
		l.finished = !strcmp(PQgetvalue(res, i, 4), "t");
		stop = fn(&l, ctx);
	}
	PQclear(res);
	return MES_OK;
}

int mes_hub_recall(struct mes_hub *h, const char *supplier_lot,
                   mes_hub_lot_fn fn, void *ctx)
{
	const char *p[1] = { supplier_lot };

	if (!supplier_lot || !*supplier_lot || !fn)
		return hub_fail(h, MES_ERR_ARG, "recall: a supplier lot");
	return each_lot(h, recall_sql, 1, p, fn, ctx);
}

int mes_hub_trace(struct mes_hub *h, const char *plant_id, const char *lot_no,
                  mes_hub_lot_fn fn, void *ctx)
{
	const char *p[2] = { plant_id, lot_no };

	if (!plant_id || !lot_no || !*lot_no || !fn)
		return hub_fail(h, MES_ERR_ARG, "trace: a plant and a lot");
	return each_lot(h, trace_sql, 2, p, fn, ctx);
}
