/*
 * A small plant for the production tests: three operations per order on
 * SAW -> CNC1 (alternative CNC2) -> WELD, reason codes, and people:
 * olga operator 1111, luis lead+operator 2222, lena lead 3333, quinn
 * quality 4444; root (9999) is the admin.
 */
#ifndef PRODFIX_H
#define PRODFIX_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "fixture.h"
#include "prod.h"

static inline void pf_must(int rc, struct mes_db *db, const char *what)
{
	if (rc != MES_OK) {
		fprintf(stderr, "prodfix: %s: %s\n", what, mes_db_errmsg(db));
		exit(2);
	}
}

static inline void pf_as(struct mes_db *db, const char *login, const char *pin)
{
	pf_must(mes_login_pin(db, login, pin), db, login);
}

/* A new order of P1 for qty, released unless planned is asked for. */
static inline void pf_order(struct mes_db *db, const char *wo, double qty,
                     int release)
{
	pf_as(db, "root", "9999");
	pf_must(mes_order_add(db, wo, "P1", qty, "2026-01-05", "2026-01-09",
	                      5), db, wo);
	if (release)
		pf_must(mes_order_release(db, wo), db, wo);
}

static inline struct mes_db *pf_plant(const char *file)
{
	struct mes_db *db = fx_new_db(file);

	pf_must(mes_wc_add(db, "SAW", "Saw", 1), db, "wc");
	pf_must(mes_wc_add(db, "CNC1", "Mill 1", 1), db, "wc");
	pf_must(mes_wc_add(db, "CNC2", "Mill 2", 1), db, "wc");
	pf_must(mes_wc_add(db, "WELD", "Weld cell", 1), db, "wc");
	pf_must(mes_item_add(db, "P1", "Part one", "ea", "f"), db, "item");
	pf_must(mes_item_add(db, "RAW", "Bar stock", "m", ""), db, "item");
	pf_must(mes_routing_op_add(db, "P1", 10, "SAW", 5, 1, "Cut"), db, "r");
	pf_must(mes_routing_op_add(db, "P1", 20, "CNC1", 20, 3, "Mill"), db,
	        "r");
	pf_must(mes_routing_op_add(db, "P1", 30, "WELD", 10, 6, "Weld"), db,
	        "r");
	pf_must(mes_routing_alt_add(db, "P1", 20, "CNC2", 3.5), db, "alt");
	pf_must(mes_reason_add(db, "DIM", "scrap", "Dimension"), db, "rc");
	pf_must(mes_reason_add(db, "BRK", "pause", "Break"), db, "rc");
	pf_must(mes_reason_add(db, "MECH", "downtime", "Mechanical"), db, "rc");
	pf_must(mes_user_add(db, "olga", "Olga Brandt", MES_ROLE_OPERATOR,
	                     "B1", "1111"), db, "user");
	pf_must(mes_user_add(db, "luis", "Luis Moreno", MES_ROLE_LEAD |
	                     MES_ROLE_OPERATOR, "B2", "2222"), db, "user");
	pf_must(mes_user_add(db, "lena", "Lena Berg", MES_ROLE_LEAD, "B3",
	                     "3333"), db, "user");
	pf_must(mes_user_add(db, "quinn", "Quinn Okafor", MES_ROLE_QUALITY,
	                     "B4", "4444"), db, "user");
	return db;
}

/* The newest audit record with this action, read from the file by a
 * second connection as any auditor would; 0 when there is none. */
struct pf_audit {
	char login[64], key[64], old_value[512], new_value[512], reason[512];
};

static inline int pf_audit_last(const char *file, const char *action,
                         struct pf_audit *a)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int found = 0;

	memset(a, 0, sizeof *a);
	if (sqlite3_open(fx_path(file), &h) != SQLITE_OK)
		return 0;
	if (sqlite3_prepare_v2(h, "SELECT login, rec_key, old_value, "
	                       "new_value, reason FROM audit WHERE action = ?"
	                       " ORDER BY seq DESC LIMIT 1", -1, &st,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = 1;
			snprintf(a->login, sizeof a->login, "%s",
			         (const char *)sqlite3_column_text(st, 0));
			snprintf(a->key, sizeof a->key, "%s",
			         (const char *)sqlite3_column_text(st, 1));
			snprintf(a->old_value, sizeof a->old_value, "%s",
			         (const char *)sqlite3_column_text(st, 2));
			snprintf(a->new_value, sizeof a->new_value, "%s",
			         (const char *)sqlite3_column_text(st, 3));
			snprintf(a->reason, sizeof a->reason, "%s",
			         (const char *)sqlite3_column_text(st, 4));
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return found;
}

/* Runs SQL on the file behind the library's back (to age a spell...).
 * The connection gets the seal functions libmes registers on its own
 * (unkeyed, as the fixtures' plants are), so that what it writes to a
 * sealed table is sealed: a set-up, not an intrusion. */
static inline void pf_sql(const char *file, const char *sql)
{
	sqlite3 *h;

	if (sqlite3_open(fx_path(file), &h) != SQLITE_OK ||
	    seal_register(h, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "prodfix: %s: %s\n", sql, sqlite3_errmsg(h));
		exit(2);
	}
	sqlite3_close(h);
}

/* A number read from the file by SQL. */
static inline double pf_num(const char *file, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	double v = -1;

	if (sqlite3_open(fx_path(file), &h) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_double(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

/* A text read from the file by SQL, into a static buffer. */
static inline const char *pf_text(const char *file, const char *sql)
{
	static char buf[512];
	sqlite3 *h;
	sqlite3_stmt *st;

	buf[0] = 0;
	if (sqlite3_open(fx_path(file), &h) != SQLITE_OK)
		return buf;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(buf, sizeof buf, "%s",
			         (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return buf;
}

#endif
