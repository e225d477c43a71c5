/*
 * The production test plant (prodfix.h) plus what receiving needs:
 * items with GTINs (RESIN dated, 30 days' shelf life; BOLT undated;
 * PAINT dated and inspected on receipt; GLUE with a GTIN but never
 * ordered), locations STORE and LINE, purchase order lines, and remy
 * (receiving, PIN 5555).
 */
#ifndef MATFIX_H
#define MATFIX_H

#include <time.h>
#include "materials.h"
#include "prodfix.h"

#define GTIN_RESIN "09521234543213"
#define GTIN_BOLT  "09521234543220"
#define GTIN_PAINT "09521234543237"
#define GTIN_GLUE  "09521234543244"
#define GTIN_NONE  "04000000000013"

/* A date days from today: YYMMDD for labels, YYYY-MM-DD for the API. */
static inline const char *mf_yymmdd(int days)
{
	static char buf[4][12];
	static int k;
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	k = (k + 1) % 4;
	gmtime_r(&t, &tm);
	/* Years 2000-2099 only, which is what a label's YY means here. */
	strftime(buf[k], sizeof buf[k], "%Y%m%d", &tm);
	memmove(buf[k], buf[k] + 2, 7);
	return buf[k];
}

static inline const char *mf_date(int days)
{
	static char buf[4][12];
	static int k;
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	k = (k + 1) % 4;
	gmtime_r(&t, &tm);
	strftime(buf[k], sizeof buf[k], "%Y-%m-%d", &tm);
	return buf[k];
}

/* Imports CSV text as receipt lines. */
static inline int mf_import(struct mes_db *db, const char *csv, int skip,
                            struct mes_import_result *res)
{
	FILE *f = fmemopen((void *)csv, strlen(csv), "r");
	int rc;

	if (!f)
		return MES_ERR_IO;
	rc = mes_import_receipts_csv(db, f, "test.csv", skip, NULL, res);
	fclose(f);
	return rc;
}

/* Receives a bracketed or scanned label; qty 0 takes the label's. */
static inline int mf_recv(struct mes_db *db, const char *data, double qty,
                          struct mes_receipt *r)
{
	struct mes_receive_req q;

	memset(&q, 0, sizeof q);
	q.data = data;
	q.qty = qty;
	return mes_receive(db, &q, r);
}

static inline struct mes_db *mf_plant(const char *file)
{
	struct mes_db *db = pf_plant(file);

	pf_must(mes_item_add(db, "RESIN", "Epoxy resin", "kg", ""), db, "i");
	pf_must(mes_item_add(db, "BOLT", "Bolt M8", "ea", ""), db, "i");
	pf_must(mes_item_add(db, "PAINT", "Primer", "l", ""), db, "i");
	pf_must(mes_item_add(db, "GLUE", "Glue", "ea", ""), db, "i");
	pf_must(mes_item_set_gs1(db, "RESIN", GTIN_RESIN, 1, 30, 0), db, "g");
	pf_must(mes_item_set_gs1(db, "BOLT", GTIN_BOLT, 0, 0, 0), db, "g");
	pf_must(mes_item_set_gs1(db, "PAINT", GTIN_PAINT, 1, 0, 1), db, "g");
	pf_must(mes_item_set_gs1(db, "GLUE", GTIN_GLUE, 0, 0, 0), db, "g");
	pf_must(mes_location_add(db, "STORE", "Rack A", "store"), db, "l");
	pf_must(mes_location_add(db, "LINE", "Line side", "line"), db, "l");
	pf_must(mes_user_add(db, "remy", "Remy Faure", MES_ROLE_RECEIVING,
	                     "B6", "5555"), db, "user");
	pf_must(mf_import(db,
		"po_no,line,supplier,item,gtin,qty,tolerance_pct,due_date\n"
		"PO-1,1,ACME,RESIN," GTIN_RESIN ",100,10,2098-01-01\n"
		"PO-1,2,ACME,BOLT," GTIN_BOLT ",1000,0,\n"
		"PO-2,1,PaintCo,PAINT," GTIN_PAINT ",50,0,\n"
		"PO-3,1,ACME,RESIN," GTIN_RESIN ",500,0,2099-01-01\n",
		0, NULL), db, "import");
	return db;
}

#endif
