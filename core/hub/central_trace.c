/*
 * Genealogy across plants, from the events at the centre.  What a lot is
 * and what went into what are said once, in the schema mes_hub_init
 * makes:
 *
 * mes.lot_events: each receipt, issue and lot made, as the plants'
 * audit events tell them, in columns of their own; a trigger on
 * mes.events fills it as events arrive (and init from those already
 * there), so that each step of a walk is an index lookup, not a pass
 * over every event the company ever sent (measured: a recall over 2
 * million events through views of the JSON ran for more than 15 minutes).
 *
 * mes.lot_links: material from one lot in another.  Within a plant a lot
 * goes into every lot its order produces after it was issued to one of
 * the order's operations, as the plant's own genealogy links it
 * (materials/inventory.c).  Between plants a lot keeps its identity: a
 * lot received under another plant's lot number (its supplier lot) is
 * that lot when it has the GTIN the other plant's lot has (when that one
 * has none, when the item numbers agree: plants of one company share
 * them), and a pallet received by its SSCC is the pallet another plant
 * received under that SSCC before.  Three arms, each an indexed join,
 * UNION ALL, so that the planner walks the links from a lot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hub/hub_int.h"

const char hub_lots_sql[] =
	/* a centre made before the table: its views go */
	"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_views WHERE schemaname = "
	"  'mes' AND viewname = 'lot_events') THEN DROP VIEW mes.lot_events "
	"  CASCADE; END IF; END $$;"
	"CREATE TABLE IF NOT EXISTS mes.lot_events ("
	"  plant_id text NOT NULL, seq bigint NOT NULL, ts timestamptz NOT NULL,"
	"  action text NOT NULL, lot text NOT NULL, item text NOT NULL,"
	"  gtin text NOT NULL, sscc text NOT NULL, supplier_lot text NOT NULL,"
	"  wo text NOT NULL, PRIMARY KEY (plant_id, seq));"
	"CREATE INDEX IF NOT EXISTS lot_events_lot ON mes.lot_events "
	"  (plant_id, lot);"
	"CREATE INDEX IF NOT EXISTS lot_events_wo ON mes.lot_events "
	"  (plant_id, wo, action);"
	"CREATE INDEX IF NOT EXISTS lot_events_number ON mes.lot_events (lot);"
	"CREATE INDEX IF NOT EXISTS lot_events_supplier ON mes.lot_events "
	"  (supplier_lot) WHERE action = 'receive';"
	"CREATE INDEX IF NOT EXISTS lot_events_sscc ON mes.lot_events (sscc) "
	"  WHERE action = 'receive' AND sscc <> '';"
	/* an event's lot columns, said once for the trigger and for the
	 * events there before it */
	"CREATE OR REPLACE FUNCTION mes.lot_event_of(p text, s bigint, "
	"  t timestamptz, b jsonb) RETURNS SETOF mes.lot_events "
	"LANGUAGE sql IMMUTABLE AS $$ SELECT p, s, t, b->>'action', "
	"  b->>'rec_key', coalesce(v->>'item', ''), coalesce(v->>'gtin', ''), "
	"  coalesce(v->>'sscc', ''), coalesce(v->>'supplier_lot', ''), "
	"  split_part(coalesce(v->>'operation', ''), '/', 1) "
	"  FROM (SELECT (b->>'new_value')::jsonb AS v) n $$;"
	/* the shipper's role may not write the table: the function runs as
	 * its owner, and only ever copies the row being inserted */
	"CREATE OR REPLACE FUNCTION mes.keep_lot_event() RETURNS trigger "
	"LANGUAGE plpgsql SECURITY DEFINER SET search_path = mes, pg_temp AS "
	"$$ BEGIN INSERT INTO mes.lot_events SELECT * FROM mes.lot_event_of("
	"  NEW.plant_id, NEW.seq, NEW.ts, NEW.body) ON CONFLICT DO NOTHING; "
	"  RETURN NULL; END $$;"
	"REVOKE ALL ON FUNCTION mes.keep_lot_event() FROM PUBLIC;"
	"CREATE OR REPLACE TRIGGER keep_lot_event AFTER INSERT ON mes.events "
	"  FOR EACH ROW WHEN (NEW.kind = 'audit' AND NEW.body->>'action' IN "
	"  ('receive', 'lot.issue', 'lot.produce')) "
	"  EXECUTE FUNCTION mes.keep_lot_event();"
	"INSERT INTO mes.lot_events SELECT l.* FROM mes.events e CROSS JOIN "
	"  LATERAL mes.lot_event_of(e.plant_id, e.seq, e.ts, e.body) l "
	"WHERE e.kind = 'audit' AND e.body->>'action' IN "
	"  ('receive', 'lot.issue', 'lot.produce') ON CONFLICT DO NOTHING;"
	"CREATE OR REPLACE VIEW mes.lot_links AS "
	"SELECT i.plant_id AS from_plant, i.lot AS from_lot, "
	"  p.plant_id AS to_plant, p.lot AS to_lot "
	"FROM mes.lot_events i JOIN mes.lot_events p ON p.plant_id = "
	"  i.plant_id AND p.wo = i.wo AND p.action = 'lot.produce' AND "
	"  p.seq > i.seq "
	"WHERE i.action = 'lot.issue' "
	"UNION ALL "
	"SELECT o.plant_id, o.lot, r.plant_id, r.lot "
	"FROM mes.lot_events r JOIN mes.lot_events o ON o.lot = "
	"  r.supplier_lot AND o.plant_id <> r.plant_id AND o.action IN "
	"  ('receive', 'lot.produce') AND (o.gtin = r.gtin OR (o.gtin = '' "
	"  AND o.item = r.item)) "
	"WHERE r.action = 'receive' "
	"UNION ALL "
	"SELECT o.plant_id, o.lot, r.plant_id, r.lot "
	"FROM mes.lot_events r JOIN mes.lot_events o ON o.sscc = r.sscc AND "
	"  o.plant_id <> r.plant_id AND o.action = 'receive' AND o.sscc <> '' "
	"  AND o.ts < r.ts "
	"WHERE r.action = 'receive' AND r.sscc <> '';";

/* The walk from its start rows (plant_id, lot) along the links, forward
 * or back; the path keeps a cycle from going round.  LATERAL, so that
 * each step looks up the links of the lots reached (a join let the
 * planner make every link of the company at each step). */
#define WALK(start, from, to) \
	"WITH RECURSIVE walk (plant_id, lot, depth, path) AS (" start \
	" UNION ALL SELECT l." to "_plant, l." to "_lot, w.depth + 1, " \
	"  w.path || (l." to "_plant || ':' || l." to "_lot) " \
	" FROM walk w CROSS JOIN LATERAL (SELECT * FROM mes.lot_links k " \
	"  WHERE k." from "_plant = w.plant_id AND k." from "_lot = w.lot " \
	"  OFFSET 0) l" \
	" WHERE w.depth < 32 AND NOT (l." to "_plant || ':' || l." to \
	"_lot) = ANY (w.path)) " \
	"SELECT w.plant_id, w.lot, coalesce((SELECT min(e.item) FROM " \
	"  mes.lot_events e WHERE e.plant_id = w.plant_id AND e.lot = w.lot " \
	"  AND e.action <> 'lot.issue'), ''), min(w.depth), "

#define FROM_LOT \
	"SELECT $1::text, $2::text, 0, ARRAY[$1 || ':' || $2]"

/* Nothing else was made of the lot. */
#define LAST_FORWARD \
	"NOT EXISTS (SELECT 1 FROM mes.lot_links l WHERE l.from_plant = " \
	"  w.plant_id AND l.from_lot = w.lot) "

#define ORDER "FROM walk w GROUP BY w.plant_id, w.lot ORDER BY " \
	"min(w.depth), w.plant_id, w.lot"

/* The lots received under the supplier lot (with that GTIN, when one is
 * given and the receipt has one) and every lot made of them. */
static const char recall_sql[] =
	WALK("SELECT plant_id, lot, 0, ARRAY[plant_id || ':' || lot] FROM "
	     "mes.lot_events WHERE action = 'receive' AND supplier_lot = $1 "
	     "AND ($2 = '' OR gtin = '' OR gtin = $2)", "from", "to")
	LAST_FORWARD ORDER;

static const char forward_sql[] = WALK(FROM_LOT, "from", "to")
	LAST_FORWARD ORDER;

/* Back to the lots no plant made or received from another: received
 * from outside. */
static const char backward_sql[] = WALK(FROM_LOT, "to", "from")
	"NOT EXISTS (SELECT 1 FROM mes.lot_links l WHERE l.to_plant = "
	"  w.plant_id AND l.to_lot = w.lot) AND EXISTS (SELECT 1 FROM "
	"  mes.lot_events r WHERE r.plant_id = w.plant_id AND r.lot = w.lot "
	"  AND r.action = 'receive') " ORDER;

/* Rows of a genealogy query to fn. */
static int each_lot(struct mes_hub *h, const char *sql, const char *const *p,
                    mes_hub_lot_fn fn, void *ctx)
{
	struct mes_hub_lot l;
	PGresult *res;
	int i, stop = 0;

	res = PQexecParams(h->c, sql, 2, NULL, p, NULL, NULL, 0);
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
                   const char *gtin, mes_hub_lot_fn fn, void *ctx)
{
	const char *p[2] = { supplier_lot, gtin ? gtin : "" };

	if (!supplier_lot || !*supplier_lot || !fn)
		return hub_fail(h, MES_ERR_ARG, "recall: a supplier lot");
	return each_lot(h, recall_sql, p, fn, ctx);
}

int mes_hub_trace(struct mes_hub *h, const char *plant_id, const char *lot_no,
                  int forward, mes_hub_lot_fn fn, void *ctx)
{
	const char *p[2] = { plant_id, lot_no };

	if (!plant_id || !lot_no || !*lot_no || !fn)
		return hub_fail(h, MES_ERR_ARG, "trace: a plant and a lot");
	return each_lot(h, forward ? forward_sql : backward_sql, p, fn, ctx);
}
