/*
 * The centre: a PostgreSQL that holds every plant's events, keyed
 * (plant_id, seq).
 *
 * A batch and the plant's mark are one transaction, so the mark always
 * says what the centre holds: a shipper that dies after COMMIT and sends
 * the batch again finds the rows there and each is kept once.  Each
 * plant logs in as its own role, which may write and read only its own
 * partition of mes.events (COPY goes straight in: PostgreSQL refuses COPY
 * into a table under row-level security) and, by row policy, its own
 * mark.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hub/hub_int.h"

/* pg_partman makes each plant's months ahead of time and moves what
 * came early or late out of the default partition (mesctl hub maintain:
 * central_parts.c). */
static const char schema_sql[] =
	"CREATE SCHEMA IF NOT EXISTS partman;"
	"CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;"
	"CREATE SCHEMA IF NOT EXISTS mes;"
	"CREATE TABLE IF NOT EXISTS mes.plants ("
	"  plant_id text PRIMARY KEY,"
	"  role name NOT NULL UNIQUE,"
	"  added timestamptz NOT NULL DEFAULT now());"
	/* no foreign key to mes.plants: each plant's partition is made
	 * with the plant, and the per-row check cost a fifth of the
	 * ingest (measured: 63-66% of a bare COPY with it, 82% without) */
	"CREATE TABLE IF NOT EXISTS mes.events ("
	"  plant_id text NOT NULL,"
	"  seq bigint NOT NULL,"
	"  ts timestamptz NOT NULL,"
	"  kind text NOT NULL,"
	"  ref bigint NOT NULL,"
	"  body jsonb NOT NULL,"
	"  received timestamptz NOT NULL DEFAULT now(),"
	/* a partition's key must hold the columns it is partitioned by
	 * (plant, then month); an event sent twice is the same row,
	 * ts and all, so seq still stands once per plant */
	"  PRIMARY KEY (plant_id, seq, ts)) PARTITION BY LIST (plant_id);"
	"CREATE TABLE IF NOT EXISTS mes.marks ("
	"  plant_id text PRIMARY KEY REFERENCES mes.plants,"
	"  seq bigint NOT NULL,"
	"  moved timestamptz NOT NULL DEFAULT now());"
	"ALTER TABLE mes.plants ENABLE ROW LEVEL SECURITY;"
	"ALTER TABLE mes.marks ENABLE ROW LEVEL SECURITY;"
	"DROP POLICY IF EXISTS own_plant ON mes.plants;"
	"CREATE POLICY own_plant ON mes.plants USING (role = current_user);"
	"DROP POLICY IF EXISTS own_plant ON mes.marks;"
	"CREATE POLICY own_plant ON mes.marks USING (plant_id IN "
	"  (SELECT p.plant_id FROM mes.plants p WHERE p.role = current_user));";

int hub_fail(struct mes_hub *h, int rc, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(h->err, sizeof h->err, fmt, ap);
	va_end(ap);
	/* libpq's messages end in a newline; the caller adds its own */
	n = strlen(h->err);
	while (n && (h->err[n - 1] == '\n' || h->err[n - 1] == ' '))
		h->err[--n] = 0;
	return rc;
}

/* The server's words for res (or the connection's when there is none);
 * a lost connection is MES_ERR_IO, so the shipper reconnects. */
int hub_pg_fail(struct mes_hub *h, PGresult *res, const char *what)
{
	const char *m = res ? PQresultErrorMessage(res) : "";
	int lost = PQstatus(h->c) != CONNECTION_OK;

	if (!m || !*m)
		m = PQerrorMessage(h->c);
	hub_fail(h, lost ? MES_ERR_IO : MES_ERR_DB, "%s: %s", what, m);
	PQclear(res);
	return lost ? MES_ERR_IO : MES_ERR_DB;
}

static void quiet(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

int mes_hub_connect(struct mes_hub **out, const char *conninfo)
{
	struct mes_hub *h = calloc(1, sizeof *h);

	*out = h;
	if (!h)
		return MES_ERR_NOMEM;
	h->c = PQconnectdb(conninfo ? conninfo : "");
	if (PQstatus(h->c) != CONNECTION_OK)
		return hub_fail(h, MES_ERR_IO, "the centre: %s",
		            PQerrorMessage(h->c));
	/* The server's notices ("... does not exist, skipping") are not
	 * the user's business; its errors come back as results. */
	PQsetNoticeProcessor(h->c, quiet, NULL);
	/* JIT compiles a plan the planner thinks big in about 0.7 s: more
	 * than the genealogy's walk takes, and nothing a COPY needs */
	PQclear(PQexec(h->c, "SET jit = off"));
	return MES_OK;
}

void mes_hub_close(struct mes_hub *h)
{
	if (!h)
		return;
	PQfinish(h->c);
	free(h);
}

const char *mes_hub_errmsg(const struct mes_hub *h)
{
	return h ? h->err : "out of memory";
}

int mes_hub_reconnect(struct mes_hub *h)
{
	PQreset(h->c);
	if (PQstatus(h->c) != CONNECTION_OK)
		return hub_fail(h, MES_ERR_IO, "the centre: %s",
		            PQerrorMessage(h->c));
	return MES_OK;
}

/* One statement with text parameters that returns no rows (or rows the
 * caller does not want). */
int hub_run(struct mes_hub *h, const char *sql, int n,
            const char *const *params, const char *what)
{
	PGresult *res = n ? PQexecParams(h->c, sql, n, NULL, params, NULL,
	                                 NULL, 0) : PQexec(h->c, sql);
	ExecStatusType s = PQresultStatus(res);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, what);
	PQclear(res);
	return MES_OK;
}

int mes_hub_init(struct mes_hub *h)
{
	PGresult *res = PQexec(h->c, schema_sql);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	/* the extension's files are not on the server: say which package */
	if (state && !strcmp(state, "58P01")) {
		PQclear(res);
		return hub_fail(h, MES_ERR_DB, "the centre needs the pg_partman "
		                "extension on its server (Debian: postgresql-15-"
		                "partman), for each plant's months");
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return hub_pg_fail(h, res, "creating the central schema");
	PQclear(res);
	return hub_run(h, hub_lots_sql, 0, NULL, "the centre's lot views");
}

/* prefix and the plant id in lower case: PostgreSQL folds the names
 * people type, so "North" and "north" are one role and one table */
static void lower_name(const char *prefix, const char *plant_id, char out[64])
{
	size_t i;

	snprintf(out, 64, "%s%s", prefix, plant_id);
	for (i = 0; out[i]; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
}

void mes_hub_role(const char *plant_id, char out[64])
{
	lower_name("mes_plant_", plant_id, out);
}

void hub_partition(const char *plant_id, char out[64])
{
	lower_name("events_", plant_id, out);
}

int mes_hub_plant_add(struct mes_hub *h, const char *plant_id,
                      const char *password)
{
	char role[64], part[64], sql[1536];
	const char *p[2];
	char *id = NULL, *pw = NULL, *pt = NULL, *lit = NULL;
	PGresult *res;
	int rc, exists;

	if (!hub_plant_id_ok(plant_id))
		return hub_fail(h, MES_ERR_ARG, "plant id \"%s\": 1 to 32 "
		                "letters, digits, - or _", plant_id);
	if (!password || !*password)
		return hub_fail(h, MES_ERR_ARG, "the plant's role needs a "
		                "password");

	mes_hub_role(plant_id, role);
	p[0] = role;
	res = PQexecParams(h->c, "SELECT 1 FROM pg_roles WHERE rolname = $1",
	                   1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, "looking up the plant's role");
	exists = PQntuples(res) > 0;
	PQclear(res);
	hub_partition(plant_id, part);
	id = PQescapeIdentifier(h->c, role, strlen(role));
	pw = PQescapeLiteral(h->c, password, strlen(password));
	pt = PQescapeIdentifier(h->c, part, strlen(part));
	lit = PQescapeLiteral(h->c, plant_id, strlen(plant_id));
	if (!id || !pw || !pt || !lit) {
		rc = hub_fail(h, MES_ERR_NOMEM, "quoting the role: %s",
		          PQerrorMessage(h->c));
		goto out;
	}
	snprintf(sql, sizeof sql, "BEGIN; %s ROLE %s LOGIN PASSWORD %s; "
	         "GRANT USAGE ON SCHEMA mes TO %s; "
	         "GRANT SELECT ON mes.plants TO %s; "
	         "GRANT SELECT, INSERT, UPDATE ON mes.marks TO %s;",
	         exists ? "ALTER" : "CREATE", id, pw, id, id, id);
	if ((rc = hub_run(h, sql, 0, NULL, "creating the plant's role")) != MES_OK)
		goto out;
	p[0] = plant_id;
	p[1] = role;
	rc = hub_run(h, "INSERT INTO mes.plants (plant_id, role) VALUES ($1, $2) "
	             "ON CONFLICT (plant_id) DO NOTHING", 2, p, "adding the plant");
	snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS mes.%s PARTITION OF "
	         "mes.events FOR VALUES IN (%s) PARTITION BY RANGE (ts); "
	         "GRANT SELECT, INSERT ON mes.%s TO %s;", pt, lit, pt, id);
	if (rc == MES_OK)
		rc = hub_run(h, sql, 0, NULL, "the plant's partition");
	if (rc == MES_OK)
		rc = hub_parts_plant(h, part);
	if (rc == MES_OK)
		rc = hub_run(h, "COMMIT", 0, NULL, "adding the plant");
out:
	if (rc != MES_OK)
		PQclear(PQexec(h->c, "ROLLBACK"));
	PQfreemem(id);
	PQfreemem(pw);
	PQfreemem(pt);
	PQfreemem(lit);
	return rc;
}

int mes_hub_mark(struct mes_hub *h, const char *plant_id, long long *seq)
{
	const char *p[1] = { plant_id };
	PGresult *res = PQexecParams(h->c, "SELECT seq FROM mes.marks WHERE "
	                             "plant_id = $1", 1, NULL, p, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return hub_pg_fail(h, res, "reading the plant's mark");
	*seq = PQntuples(res) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	return MES_OK;
}

/* A value in COPY's text format: backslash, tab, newline and CR
 * escaped. */
static int copy_text(char **buf, size_t *len, size_t *cap, const char *s)
{
	char esc[2] = { '\\', 0 };
	size_t i, from = 0;
	int rc = MES_OK;

	for (i = 0; s[i] && rc == MES_OK; i++) {
		if (s[i] != '\\' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			continue;
		esc[1] = s[i] == '\t' ? 't' : s[i] == '\n' ? 'n' :
		         s[i] == '\r' ? 'r' : '\\';
		rc = buf_put(buf, len, cap, s + from, i - from, 64);
		if (rc == MES_OK)
			rc = buf_put(buf, len, cap, esc, 2, 64);
		from = i + 1;
	}
	return rc == MES_OK ? buf_put(buf, len, cap, s + from, i - from, 64) :
	       rc;
}

/* One batch on its way: rows go into the COPY as the outbox yields
 * them, in chunks, so that the centre stores while the plant reads. */
struct stream {
	struct mes_hub *h;
	const char *plant_id, *table;
	char *buf;
	size_t len, cap;
	long long last;
	int n, rc, staged, open;
};

#define CHUNK (256 * 1024)

static int flush(struct stream *s)
{
	if (s->len && PQputCopyData(s->h->c, s->buf, (int)s->len) != 1)
		return hub_pg_fail(s->h, NULL, "sending events");
	s->len = 0;
	return MES_OK;
}

/* BEGIN and COPY, at the first event: an empty outbox costs the centre
 * nothing. */
static int open_copy(struct stream *s)
{
	char sql[320];
	PGresult *res;
	int rc = hub_run(s->h, "BEGIN", 0, NULL, "sending events");

	if (rc == MES_OK && s->staged) {
		/* like its own partition: the role may not read the rest */
		snprintf(sql, sizeof sql, "CREATE TEMP TABLE IF NOT EXISTS stage "
		         "(LIKE %s INCLUDING DEFAULTS) ON COMMIT DELETE ROWS",
		         s->table);
		rc = hub_run(s->h, sql, 0, NULL, "staging events");
	}
	if (rc != MES_OK)
		return rc;
	snprintf(sql, sizeof sql, "COPY %s (plant_id, seq, ts, kind, ref, body) "
	         "FROM STDIN", s->staged ? "stage" : s->table);
	res = PQexec(s->h->c, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		return hub_pg_fail(s->h, res, "sending events");
	PQclear(res);
	s->open = 1;
	return MES_OK;
}

/* One row of COPY's text format: the fields tab-separated, escaped. */
static int put_row(struct stream *s, const struct mes_event *e)
{
	char seq[24], ref[24];
	const char *f[] = { s->plant_id, seq, e->ts, e->kind, ref, e->body };
	size_t i;
	int rc = MES_OK;

	snprintf(seq, sizeof seq, "%lld", e->seq);
	snprintf(ref, sizeof ref, "%lld", e->ref);
	for (i = 0; i < sizeof f / sizeof f[0] && rc == MES_OK; i++) {
		rc = copy_text(&s->buf, &s->len, &s->cap, f[i]);
		if (rc == MES_OK)
			rc = buf_put(&s->buf, &s->len, &s->cap,
			             i + 1 < sizeof f / sizeof f[0] ? "\t" : "\n",
			             1, 64);
	}
	return rc == MES_OK ? rc : hub_fail(s->h, rc, "out of memory for a "
	                                    "batch of events");
}

static int take_event(const struct mes_event *e, void *ctx)
{
	struct stream *s = ctx;

	if (!s->open && (s->rc = open_copy(s)) != MES_OK)
		return 1;
	if ((s->rc = put_row(s, e)) != MES_OK)
		return 1;
	s->last = e->seq;
	s->n++;
	if (s->len >= CHUNK && (s->rc = flush(s)) != MES_OK)
		return 1;
	return 0;
}

/* The end of the COPY: *dup when the server refused it for a key that
 * is there already. */
static int close_copy(struct stream *s, int *dup)
{
	const char *state;
	PGresult *res;
	int rc = flush(s);

	if (rc == MES_OK && PQputCopyEnd(s->h->c, NULL) != 1)
		rc = hub_pg_fail(s->h, NULL, "sending events");
	while ((res = PQgetResult(s->h->c))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == MES_OK) {
			state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
			*dup = state && !strcmp(state, "23505");
			rc = hub_pg_fail(s->h, res, "sending events");
			continue;
		}
		PQclear(res);
	}
	return rc;
}

/* One transaction: the batch straight into the plant's partition, or
 * (staged) through a table of the session's own, keeping only the rows
 * the centre does not hold yet; then the mark. */
static int ship_batch(struct stream *s, struct mes_db *db, long long after,
                      int limit, int *dup)
{
	char sql[400], last[24];
	const char *p[2] = { s->plant_id, last };
	int rc;

	s->n = 0;
	s->len = 0;
	s->open = 0;
	s->rc = MES_OK;
	rc = mes_outbox_each(db, after, limit, take_event, s);
	if (rc != MES_OK && s->rc == MES_OK)
		rc = hub_fail(s->h, rc, "reading the outbox: %s",
		              mes_db_errmsg(db));
	else
		rc = s->rc;
	if (!s->open)
		return rc;
	if (rc == MES_OK || PQstatus(s->h->c) == CONNECTION_OK) {
		int rc2 = close_copy(s, dup);

		if (rc == MES_OK)
			rc = rc2;
	}
	snprintf(sql, sizeof sql, "INSERT INTO %s (plant_id, seq, ts, kind, ref, "
	         "body) SELECT plant_id, seq, ts, kind, ref, body FROM stage "
	         "ORDER BY seq ON CONFLICT DO NOTHING", s->table);
	if (rc == MES_OK && s->staged)
		rc = hub_run(s->h, sql, 0, NULL, "storing events");
	snprintf(last, sizeof last, "%lld", s->last);
	if (rc == MES_OK)
		rc = hub_run(s->h, "INSERT INTO mes.marks (plant_id, seq) VALUES "
		             "($1, $2) ON CONFLICT (plant_id) DO UPDATE SET seq = "
		             "greatest(mes.marks.seq, EXCLUDED.seq), moved = now()",
		             2, p, "moving the plant's mark");
	if (rc == MES_OK)
		rc = hub_run(s->h, "COMMIT", 0, NULL, "sending events");
	if (rc != MES_OK && PQstatus(s->h->c) == CONNECTION_OK)
		PQclear(PQexec(s->h->c, "ROLLBACK"));
	return rc;
}

int mes_hub_ship(struct mes_hub *h, struct mes_db *db, const char *plant_id,
                 long long after, int limit, long long *last, int *sent)
{
	struct stream s;
	char part[64], table[160];
	char *pt;
	int rc, dup = 0;

	*sent = 0;
	*last = after;
	hub_partition(plant_id, part);
	if (!(pt = PQescapeIdentifier(h->c, part, strlen(part))))
		return hub_pg_fail(h, NULL, "quoting the plant's partition");
	snprintf(table, sizeof table, "mes.%s", pt);
	PQfreemem(pt);
	memset(&s, 0, sizeof s);
	s.h = h;
	s.plant_id = plant_id;
	s.table = table;
	rc = ship_batch(&s, db, after, limit, &dup);
	/* Some were there already: a batch sent again after a commit the
	 * shipper never heard of.  Keep what is new, once. */
	if (rc != MES_OK && dup) {
		s.staged = 1;
		rc = ship_batch(&s, db, after, limit, &dup);
	}
	free(s.buf);
	if (rc == MES_OK) {
		*sent = s.n;
		*last = s.n ? s.last : after;
	}
	return rc;
}
