/*
 * What changed since a screen last looked, from the change journal the
 * schema's triggers write (data/migrations/0010_changes.sql), and the
 * read snapshot a screen reads it and its rows in.  A screen costs what
 * changed: it reads the journal past its last seq and refreshes the rows
 * the journal names, instead of running its whole queries again.
 */
#include <string.h>
#include "base/internal.h"

/* How many journal rows one read takes: past that, reading everything
 * again is no dearer than sorting out what each one touched. */
#define READ_MAX 512

int mes_db_read_begin(struct mes_db *db)
{
	int rc;

	if (!db || !db->h)
		return db_badarg(db, __func__);
	if (db->in_tx || db->in_read++)
		return MES_OK;
	if ((rc = db_exec(db, "BEGIN")) != MES_OK)
		db->in_read = 0;
	return rc;
}

/* A write starting inside a screen's read: the read ends first (a
 * deferred read cannot become the write's IMMEDIATE transaction). */
void db_read_abandon(struct mes_db *db)
{
	if (!db->in_read)
		return;
	db->in_read = 0;
	db_reset_all(db);
	sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
}

void mes_db_read_end(struct mes_db *db)
{
	if (db && db->h && db->in_read == 1)
		db_read_abandon(db);
	else if (db && db->h && db->in_read)
		db->in_read--;
}

int mes_changes_start(struct mes_db *db, long long *seq)
{
	sqlite3_stmt *st;
	int rc;

	if (!db || !db->h || !seq)
		return db_badarg(db, __func__);
	*seq = -1;
	if (!db->journal)
		return MES_OK;     /* an older file: every change reads all */
	if (!(st = db_stmt(db, "SELECT ifnull(max(seq), 0) FROM changes")))
		return MES_ERR_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MES_OK : db_sqlfail(db, rc, "reading changes");
}

static int has_id(const long long *ids, int n, long long id)
{
	int i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

static void add_id(long long *ids, int *n, int *all, long long id)
{
	if (*all || id <= 0 || has_id(ids, *n, id))
		return;
	if (*n == MES_CHANGES_MAX)
		*all = 1;
	else
		ids[(*n)++] = id;
}

/* The operations of the orders that changed, and their work centers. */
static int order_ops(struct mes_db *db, struct mes_changes *c,
                     const long long *wo, int n_wo)
{
	sqlite3_stmt *st;
	int i, rc = SQLITE_DONE;

	if (!(st = db_stmt(db, "SELECT id, wc_id FROM wo_ops WHERE wo_id = ?")))
		return MES_ERR_DB;
	for (i = 0; i < n_wo && rc == SQLITE_DONE; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, wo[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			add_id(c->op, &c->n_op, &c->op_all,
			       sqlite3_column_int64(st, 0));
			add_id(c->wc, &c->n_wc, &c->wc_all,
			       sqlite3_column_int64(st, 1));
		}
	}
	return step_end(db, st, rc, "reading changed orders");
}

static void take_row(struct mes_changes *c, sqlite3_stmt *st, long long *wo,
                     int *n_wo, int *wo_all)
{
	unsigned kind = (unsigned)sqlite3_column_int64(st, 1);
	long long row = sqlite3_column_int64(st, 2);

	c->seq = sqlite3_column_int64(st, 0);
	c->kinds |= kind;
	add_id(c->wc, &c->n_wc, &c->wc_all, sqlite3_column_int64(st, 3));
	if (kind == MES_CH_OP)
		add_id(c->op, &c->n_op, &c->op_all, row);
	/*
	 * An operation's change is its order's: the next operation's state
	 * (waiting for material) follows this one's good quantity, and the
	 * order's lines on other work centers show its status.  So every
	 * operation of the order, and their work centers, count as touched.
	 */
	if (kind == MES_CH_ORDER)
		add_id(wo, n_wo, wo_all, row);
	else if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		add_id(wo, n_wo, wo_all, sqlite3_column_int64(st, 4));
}

int mes_changes_read(struct mes_db *db, struct mes_changes *c)
{
	static const char sql[] = "SELECT seq, kind, row_id, wc_id, wo_id "
		"FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2";
	long long since, wo[MES_CHANGES_MAX], first = 0;
	int n_wo = 0, wo_all = 0, rows = 0, rc;
	sqlite3_stmt *st;

	if (!db || !db->h || !c)
		return db_badarg(db, __func__);
	since = c->seq;
	memset(c, 0, sizeof *c);
	c->seq = since;
	if (since < 0)
		return c->all = 1, mes_changes_start(db, &c->seq);
	if (!(st = db_stmt(db, sql)))
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int(st, 2, READ_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!rows++)
			first = sqlite3_column_int64(st, 0);
		take_row(c, st, wo, &n_wo, &wo_all);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading changes");
	/* A gap: the entries after since were pruned before we looked. */
	if (rows == READ_MAX || (rows && first != since + 1) || wo_all) {
		c->all = 1;
		return mes_changes_start(db, &c->seq);
	}
	return order_ops(db, c, wo, n_wo);
}

int mes_changes_wc(const struct mes_changes *c, long long wc_id)
{
	return c->all || c->wc_all || has_id(c->wc, c->n_wc, wc_id);
}

int mes_changes_op(const struct mes_changes *c, long long op_id)
{
	return c->all || c->op_all || has_id(c->op, c->n_op, op_id);
}
