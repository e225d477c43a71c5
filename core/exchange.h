/*
 * The ERP exchange: ISA-95 B2MML (V0700 and V0701) schedules in and
 * performance out, master data as CSV, and electronic batch records.
 * The XML is read and written with libxml2 inside core; nothing here
 * prints.
 */
#ifndef MES_EXCHANGE_H
#define MES_EXCHANGE_H

#include <stdio.h>
#include "mes.h"

#define MES_B2MML_NS "http://www.mesa.org/xml/B2MML"

/* ---- B2MML -------------------------------------------------------------- */

#define MES_B2MML_ERRORS_MAX 20
/* Room for a file's whole path (PATH_MAX) and the element path. */
#define MES_B2MML_ERROR_LEN (4096 + 1024)

struct mes_b2mml_result {
	int orders, operations, materials;
	int nerrors;             /* every problem found, kept or not */
	/* "FILE:LINE: /OperationsSchedule/OperationsRequest[2]/...: what",
	 * FILE as the caller named it, whole */
	char errors[MES_B2MML_ERRORS_MAX][MES_B2MML_ERROR_LEN];
};

/*
 * An OperationsSchedule (bare, or inside ProcessOperationsSchedule or
 * SyncOperationsSchedule) becomes released work orders, all of them in
 * one transaction: when any part of the file is wrong nothing is kept,
 * res->errors lists what (with the element path and line) and the
 * message says how many.  name is the file's name for messages.
 * Roles: lead, admin.
 */
int mes_b2mml_import_schedule(struct mes_db *db, const char *path,
                              const char *name, struct mes_b2mml_result *res);
/* The same from memory (tests, standard input).  Roles: lead, admin. */
int mes_b2mml_import_schedule_mem(struct mes_db *db, const char *buf,
                                  size_t len, const char *name,
                                  struct mes_b2mml_result *res);

/*
 * OperationsPerformance: one OperationsResponse per order with activity
 * (an operation event) at or after since (ISO 8601 prefix, "" for all).
 * *orders gets the count when not NULL.
 * Roles: anyone logged in.
 */
int mes_b2mml_export_performance(struct mes_db *db, const char *since,
                                 FILE *out, int *orders);
/*
 * The same for the drop folder, by the events' sequence instead of the
 * wall clock (a clock set back must not hide an event from the next
 * export): orders with an operation event numbered above after; *upto
 * gets the newest event number this export covers, to record with
 * mes_exchange_run_add().  MES_ERR_ARG for a negative after or no upto.
 * Roles: anyone logged in.
 */
int mes_b2mml_export_performance_after(struct mes_db *db, long long after,
                                       FILE *out, int *orders,
                                       long long *upto);
/*
 * OperationsSchedule of the orders in status (NULL or "released"; "all"
 * for every order not closed) whose number matches the GLOB pattern
 * match (NULL: all): what the import reads, for another plant or a test.
 * Roles: anyone logged in.
 */
int mes_b2mml_export_schedule(struct mes_db *db, const char *status,
                              const char *match, FILE *out, int *orders);

/* The previous export of that kind: *since its end time ("" for none),
 * *after the newest event it covered (0 for none).
 * Roles: anyone logged in. */
int mes_exchange_last_run(struct mes_db *db, const char *kind,
                          char since[32], long long *after);
/* Records that the drop folder wrote a performance file covering events
 * up to upto.
 * Roles: anyone logged in. */
int mes_exchange_run_add(struct mes_db *db, const char *kind,
                         const char *since, const char *ts,
                         const char *file, int orders, long long upto);

/* ---- master data as CSV ------------------------------------------------- */


struct mes_master_result {
	int rows, added, updated;
	/* users only: each new user's one-time PIN, "login,PIN" lines,
	 * malloc'd; the caller shows it once and frees it */
	char *new_pins;
};
/* One transaction: any bad line and nothing is kept; the message lists
 * the bad lines as "NAME:LINE: what" (the first ten).
 * Roles: the kind's (lead, admin: items, work centers, routings;
 * quality, admin: plans; admin: users). */
int mes_master_import(struct mes_db *db, const char *kind, FILE *in,
                      const char *name, struct mes_master_result *res);
/* Roles: anyone logged in. */
int mes_master_export(struct mes_db *db, const char *kind, FILE *out);

/* ---- electronic batch record -------------------------------------------- */

enum mes_record_format { MES_RECORD_TEXT, MES_RECORD_HTML };

/*
 * Everything that happened to a work order, a lot or a serialized unit
 * (key names one; a unit's is its device history record: the unit, its
 * operations, what was built into it, then its order's records),
 * as text or one self-contained HTML page, ending with a line
 * "Content hash (SHA-256): HEX" over the bytes before that line.
 * *buf is malloc'd (free it); hash gets the hex.
 * Roles: quality, admin.
 */
int mes_batch_record(struct mes_db *db, const char *key,
                     enum mes_record_format fmt, char **buf, size_t *len,
                     char hash[65]);
/*
 * Checks a saved copy (text or HTML) of a batch record: that its text
 * matches its own hash (else MES_ERR_SIGNATURE: altered) and that the
 * database today produces the same record (else MES_ERR_STATE, with the
 * first line that differs).  key gets the record's order or lot.
 * Roles: quality, admin.
 */
int mes_batch_record_verify(struct mes_db *db, const char *copy, size_t len,
                            char key[64]);

/* ---- reports ------------------------------------------------------------ */

#define MES_TABLE_COLS 16

/* A report's result: named columns of text, some of them numbers. */
struct mes_table {
	int ncols, nrows, cap;
	char *cols[MES_TABLE_COLS];
	unsigned numeric;        /* bit k: column k is a number */
	char **cells;            /* row r, column c: cells[r * ncols + c] */
};
void mes_table_free(struct mes_table *t);
static inline const char *mes_cell(const struct mes_table *t, int r, int c)
{
	return t->cells[r * t->ncols + c];
}

struct mes_report_opts {
	const char *from, *to;   /* ISO 8601 prefixes, NULL: open */
	const char *key;         /* genealogy: the lot; control: PLAN/CHAR */
	const char *by;          /* production: NULL or "order", "shift" */
};

/* Roles: anyone logged in. */
int mes_report(struct mes_db *db, const char *kind,
               const struct mes_report_opts *o, struct mes_table *t);

#endif
