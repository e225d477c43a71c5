/*
 * What the centre holds, per plant, and whether it is whole: no event
 * missing, and each plant's audit chain recomputed from the fields the
 * centre has, so that a row edited, inserted or deleted at the centre is
 * named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hub/hub_int.h"

int mes_hub_plants(struct mes_hub *h, mes_hub_plant_fn fn, void *ctx)
{
	static const char sql[] =
		"SELECT p.plant_id, count(e.seq), coalesce(min(e.seq), 0), "
		"coalesce(max(e.seq), 0), coalesce(m.seq, 0), "
		"coalesce(max(e.body->>'ts'), ''), coalesce(extract(epoch FROM "
		"now() - m.moved)::bigint, -1) FROM mes.plants p LEFT JOIN "
		"mes.events e ON e.plant_id = p.plant_id LEFT JOIN mes.marks m "
		"ON m.plant_id = p.plant_id GROUP BY p.plant_id, m.seq, m.moved "
		"ORDER BY p.plant_id";
	struct mes_hub_plant p;
	PGresult *res = PQexec(h->c, sql);
	int i, stop = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, "reading the plants");
	for (i = 0; i < PQntuples(res) && !stop; i++) {
		p.plant_id = PQgetvalue(res, i, 0);
		p.events = strtoll(PQgetvalue(res, i, 1), NULL, 10);
		p.first_seq = strtoll(PQgetvalue(res, i, 2), NULL, 10);
		p.last_seq = strtoll(PQgetvalue(res, i, 3), NULL, 10);
		p.mark = strtoll(PQgetvalue(res, i, 4), NULL, 10);
		p.last_ts = PQgetvalue(res, i, 5);
		p.lag_s = strtoll(PQgetvalue(res, i, 6), NULL, 10);
		stop = fn(&p, ctx);
	}
	PQclear(res);
	return MES_OK;
}

/* The chain's state while one plant's records are read in order. */
struct walk {
	long long events, last_ref;
	char prev[65];
};

/* One audit record against the one before it: what is wrong, or NULL. */
static const char *check_record(struct walk *w, PGresult *res, int i,
                                char *why, size_t n)
{
	const char *f[F_COUNT];
	char hash[65];
	long long ref = strtoll(PQgetvalue(res, i, 1), NULL, 10);
	int k;

	for (k = 0; k < F_COUNT; k++)
		f[k] = PQgetvalue(res, i, 2 + k);
	if (ref != w->last_ref + 1) {
		snprintf(why, n, w->last_ref ? "audit record %lld follows record "
		         "%lld: the records between are missing" : "the first "
		         "audit record is %lld: the ones before it are missing",
		         ref, w->last_ref);
		return why;
	}
	if (strcmp(f[F_PREV], w->last_ref ? w->prev : AUDIT_ZERO_HASH)) {
		snprintf(why, n, "audit record %lld does not name the one before "
		         "it", ref);
		return why;
	}
	audit_chain_hash(f, hash);
	if (strcmp(hash, PQgetvalue(res, i, 2 + F_COUNT))) {
		snprintf(why, n, "audit record %lld was changed at the centre: "
		         "its fields do not give its hash", ref);
		return why;
	}
	w->last_ref = ref;
	snprintf(w->prev, sizeof w->prev, "%s", hash);
	return NULL;
}

static int verify_plant(struct mes_hub *h, const char *plant,
                        long long *checked)
{
	static const char sql[] =
		"SELECT seq, ref, body->>'seq', body->>'ts', body->>'user_id', "
		"body->>'login', body->>'action', body->>'tbl', body->>'rec_key', "
		"body->>'old_value', body->>'new_value', body->>'reason', "
		"body->>'prev_hash', body->>'hash', (SELECT count(*) FROM "
		"mes.events c WHERE c.plant_id = $1), (SELECT min(seq) FROM "
		"mes.events c WHERE c.plant_id = $1) FROM mes.events WHERE "
		"plant_id = $1 AND kind = 'audit' ORDER BY seq";
	const char *p[1] = { plant };
	struct walk w;
	char why[256];
	PGresult *res;
	long long count = 0, first = 0, last = 0;
	int i, rc = MES_OK;

	memset(&w, 0, sizeof w);
	if (!PQsendQueryParams(h->c, sql, 1, NULL, p, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(h->c))
		return hub_pg_fail(h, NULL, "reading the events");
	while ((res = PQgetResult(h->c))) {
		if (PQresultStatus(res) == PGRES_TUPLES_OK) {
			PQclear(res);
			continue;
		}
		if (PQresultStatus(res) != PGRES_SINGLE_TUPLE) {
			rc = hub_pg_fail(h, res, "reading the events");
			continue;
		}
		for (i = 0; i < PQntuples(res) && rc == MES_OK; i++) {
			count = strtoll(PQgetvalue(res, i, 14), NULL, 10);
			first = strtoll(PQgetvalue(res, i, 15), NULL, 10);
			last = strtoll(PQgetvalue(res, i, 0), NULL, 10);
			(*checked)++;
			if (check_record(&w, res, i, why, sizeof why))
				rc = hub_fail(h, MES_ERR_AUDIT, "plant %s, event "
				              "%lld: %s", plant, last, why);
		}
		PQclear(res);
	}
	if (rc == MES_OK && count && (first != 1 || count != last - first + 1))
		rc = hub_fail(h, MES_ERR_AUDIT, "plant %s: %lld events from %lld "
		              "to %lld: %lld are missing", plant, count, first,
		              last, last - first + 1 - count);
	return rc;
}

struct names { char (*id)[33]; int n, cap; };

static int take_plant(const struct mes_hub_plant *p, void *ctx)
{
	struct names *l = ctx;
	void *grown;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		if (!(grown = realloc(l->id, (size_t)l->cap * sizeof *l->id)))
			return 1;
		l->id = grown;
	}
	snprintf(l->id[l->n++], 33, "%s", p->plant_id);
	return 0;
}

int mes_hub_verify(struct mes_hub *h, const char *plant_id,
                   long long *checked)
{
	struct names l = { NULL, 0, 0 };
	int i, rc = MES_OK;

	*checked = 0;
	if (plant_id)
		return verify_plant(h, plant_id, checked);
	if ((rc = mes_hub_plants(h, take_plant, &l)) == MES_OK)
		for (i = 0; i < l.n && rc == MES_OK; i++)
			rc = verify_plant(h, l.id[i], checked);
	free(l.id);
	return rc;
}
