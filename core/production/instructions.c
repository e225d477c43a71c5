/*
 * Work instructions under document control: each routing operation has
 * revisions 1, 2, 3...; rows are only ever added.  Whoever starts an
 * operation must have acknowledged its newest revision first, so a change
 * to the instruction reaches every operator before their next start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prod_int.h"

#define BODY_MAX (256 * 1024)

int mes_instruction_set(struct mes_db *db, const char *item_no, int seq,
                        const char *body, int *revision)
{
	static const char rop[] = "SELECT r.id, ifnull((SELECT max(revision)"
		" FROM instructions WHERE routing_op_id = r.id), 0) FROM "
		"routing_ops r JOIN items i ON i.id = r.item_id "
		"WHERE i.item_no = ? AND r.seq = ?";
	static const char ins[] = "INSERT INTO instructions (routing_op_id, "
		"revision, body, created) VALUES (?,?,?,?)";
	long long rid = 0;
	int rev = 0, rc;
	char key[64];
	struct mes_json b;
	sqlite3_stmt *st;

	if (!db || !db->h || !item_no)
		return db_badarg(db, __func__);
	if (!body || !*body || strlen(body) > BODY_MAX)
		return db_fail(db, MES_ERR_ARG, "an instruction needs a text "
		               "of 1 byte to %d KiB", BODY_MAX / 1024);
	if ((rc = tx_begin(db, PERM_MASTER, "instruction.set")) != MES_OK)
		return rc;
	if (!(st = db_stmt(db, rop)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_text(st, 1, item_no, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rid = sqlite3_column_int64(st, 0);
		rev = sqlite3_column_int(st, 1) + 1;
	}
	sqlite3_reset(st);
	if (!rid)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "item %s has "
		              "no routing operation %d", item_no, seq));
	if (!(st = db_stmt(db, ins)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, rid);
	sqlite3_bind_int(st, 2, rev);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	bind_now(st, 4);
	rc = step_done(db, st, "saving the instruction");
	snprintf(key, sizeof key, "%s/%d", item_no, seq);
	mes_json_init(&b);
	mes_json_int(&b, "revision", rev);
	mes_json_str(&b, "body", body);
	if (rc == MES_OK)
		rc = mes_json_done(&b) ? audit_append(db, "instruction.set",
		     "instructions", key, "", b.p, "") : MES_ERR_NOMEM;
	mes_json_free(&b);
	if ((rc = tx_end(db, rc)) == MES_OK && revision)
		*revision = rev;
	return rc;
}

/* The newest revision of op's instruction; 0 when there is none. */
static int newest(struct mes_db *db, const struct op_row *op,
                  long long *ins_id, int *rev, int *acked, char **body)
{
	static const char sql[] = "SELECT n.id, n.revision, n.body, EXISTS ("
		"SELECT 1 FROM instruction_acks a WHERE a.instruction_id = "
		"n.id AND a.user_id = ?2) FROM instructions n WHERE "
		"n.routing_op_id = ?1 ORDER BY n.revision DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	*ins_id = 0;
	*rev = *acked = 0;
	if (!st)
		return MES_ERR_DB;
	sqlite3_bind_int64(st, 1, op->routing_op_id);
	sqlite3_bind_int64(st, 2, db->sess.user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*ins_id = sqlite3_column_int64(st, 0);
		*rev = sqlite3_column_int(st, 1);
		*acked = sqlite3_column_int(st, 3);
		if (body && !(*body = strdup(col_text(st, 2))))
			rc = SQLITE_NOMEM;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_NOMEM)
		return db_fail(db, MES_ERR_NOMEM, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, rc, "reading the instruction");
	return MES_OK;
}

int mes_instruction_get(struct mes_db *db, const char *wo_no, int seq,
                        struct mes_instruction *out)
{
	struct op_row op;
	long long id;
	int rc;

	if (!db || !db->h || !out)
		return db_badarg(db, __func__);
	memset(out, 0, sizeof *out);
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK)
		return rc;
	return newest(db, &op, &id, &out->revision, &out->acknowledged,
	              &out->body);
}

void mes_instruction_free(struct mes_instruction *ins)
{
	if (!ins)
		return;
	free(ins->body);
	ins->body = NULL;
}

int mes_instruction_ack(struct mes_db *db, const char *wo_no, int seq)
{
	static const char sql[] = "INSERT INTO instruction_acks "
		"(instruction_id, user_id, ts) VALUES (?,?,?)";
	struct op_row op;
	long long id;
	int rev, acked, rc;
	struct mes_json b;
	sqlite3_stmt *st;

	if ((rc = tx_begin(db, PERM_OPERATE, "instruction.ack")) != MES_OK)
		return rc;
	if ((rc = op_load(db, wo_no, seq, &op)) != MES_OK ||
	    (rc = newest(db, &op, &id, &rev, &acked, NULL)) != MES_OK)
		return tx_end(db, rc);
	if (!id)
		return tx_end(db, db_fail(db, MES_ERR_NOTFOUND, "%s has no "
		              "work instruction to acknowledge", op.key));
	if (acked)
		return tx_end(db, MES_OK);
	if (!(st = db_stmt(db, sql)))
		return tx_end(db, MES_ERR_DB);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, db->sess.user_id);
	bind_now(st, 3);
	rc = step_done(db, st, "recording the acknowledgement");
	mes_json_init(&b);
	mes_json_str(&b, "operator", db->sess.login);
	mes_json_int(&b, "revision", rev);
	if (rc == MES_OK)
		rc = audit_append(db, "instruction.ack", "instruction_acks",
		                  op.key, "", mes_json_done(&b), "");
	mes_json_free(&b);
	return tx_end(db, rc);
}

int instruction_check(struct mes_db *db, const struct op_row *op)
{
	long long id;
	int rev, acked, rc;

	if (!op->routing_op_id)
		return MES_OK;
	if ((rc = newest(db, op, &id, &rev, &acked, NULL)) != MES_OK)
		return rc;
	if (!id || acked)
		return MES_OK;
	return db_fail(db, MES_ERR_STATE, "the work instruction of %s is at "
	               "revision %d, which %s has not acknowledged yet: read "
	               "it, acknowledge it, then start again", op->key, rev,
	               db->sess.login);
}
