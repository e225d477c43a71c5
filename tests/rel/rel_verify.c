/*
 * After the writers: every transaction a writer saw committed must be in
 * the database exactly once, every refused one must have left nothing,
 * the ones in flight when a writer was killed may be there at most once,
 * and the quantities must add up.  Reads the file with plain SQLite, as
 * an auditor would, not through libmes.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "rel.h"

enum tstate { T_INTENT, T_COMMIT, T_ERROR };

struct tok {
	char *name;              /* NULL: empty slot */
	char kind[16];
	char arg[40];
	int state;
	int seen;                /* in the audit trail */
	long long qty;
};

static struct tok *tab;
static size_t tcap, tcount;

static size_t hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct tok *find(const char *name, int add)
{
	size_t i;

	if (add && (tcount + 1) * 2 > tcap) {
		struct tok *old = tab;
		size_t ocap = tcap, j;

		tcap = tcap ? tcap * 2 : 4096;
		tab = calloc(tcap, sizeof *tab);
		if (!tab)
			exit(3);
		tcount = 0;
		for (j = 0; j < ocap; j++)
			if (old[j].name) {
				struct tok *t = find(old[j].name, 1);

				*t = old[j];
			}
		free(old);
	}
	if (!tcap)
		return NULL;
	for (i = hash(name) % tcap; tab[i].name; i = (i + 1) % tcap)
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
	if (!add)
		return NULL;
	tcount++;
	tab[i].name = strdup(name);
	return &tab[i];
}

struct figures {
	long long attempted, committed, errors, busy, odd, pending;
	long long found, lost, doubled, ghost, bad_qty;
};

static void read_log(const char *path, struct figures *f)
{
	char line[1500], st[4], kind[16], name[64], arg[512];
	FILE *in = fopen(path, "r");

	if (!in)
		return;
	while (fgets(line, sizeof line, in)) {
		struct tok *t;
		int n;

		arg[0] = 0;
		n = sscanf(line, "%3s %15s %63s %511[^\n]", st, kind, name, arg);
		if (n < 3)
			continue;
		if (strcmp(name, "-") == 0) {
			/* the writer could not even open or log in */
			fprintf(stderr, "%s: %s", path, line);
			f->errors++;
			if (strstr(arg, "rc=-7 ") || strstr(arg, "locked"))
				f->busy++;
			else
				f->odd++;
			continue;
		}
		t = find(name, 1);
		snprintf(t->kind, sizeof t->kind, "%s", kind);
		if (st[0] == 'I') {
			f->attempted++;
			t->state = T_INTENT;
			snprintf(t->arg, sizeof t->arg, "%.39s", arg);
		} else if (st[0] == 'C') {
			f->committed++;
			t->state = T_COMMIT;
		} else {
			f->errors++;
			t->state = T_ERROR;
			if (strstr(arg, "rc=-7 ") || strstr(arg, "locked"))
				f->busy++;
			else if (!(strcmp(kind, "unhold") == 0 &&
			         strstr(arg, "rc=-14 "))) {
				f->odd++;
				fprintf(stderr, "refused: %s", line);
			}
		}
	}
	fclose(in);
}

/* Marks every token that appears in an audit record. */
static int scan_audit(sqlite3 *h)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(h, "SELECT rec_key, new_value, reason FROM "
	                       "audit", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int c;

		for (c = 0; c < 3; c++) {
			const char *s = (const char *)sqlite3_column_text(st, c);
			const char *p;

			for (p = s; p && (p = strchr(p, 'w')); p++) {
				char name[64];
				struct tok *t;
				size_t n = strspn(p + 1, "0123456789.");

				if (n == 0 || n > 60)
					continue;
				snprintf(name, sizeof name, "w%.*s", (int)n,
				         p + 1);
				if ((t = find(name, 0)))
					t->seen++;
			}
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static long long one_int(sqlite3 *h, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Reported quantities: what committed is there, plus at most what was in
 * flight, per order. */
static int check_reports(sqlite3 *h, struct figures *f)
{
	long long lo[REL_MAXW] = { 0 }, hi[REL_MAXW] = { 0 };
	long long nlo[REL_MAXW] = { 0 }, nhi[REL_MAXW] = { 0 };
	char wo[32];
	size_t i;
	int w, bad = 0;

	for (i = 0; i < tcap; i++) {
		struct tok *t = &tab[i];
		int q;

		if (!t->name || strcmp(t->kind, "rep") ||
		    sscanf(t->arg, "WO-%d 10 %d", &w, &q) != 2 ||
		    w < 0 || w >= REL_MAXW)
			continue;
		if (t->state == T_COMMIT) {
			lo[w] += q; hi[w] += q; nlo[w]++; nhi[w]++;
		} else if (t->state == T_INTENT) {
			hi[w] += q; nhi[w]++;
		}
	}
	for (w = 0; w < REL_MAXW; w++) {
		long long got, n;

		snprintf(wo, sizeof wo, "WO-%d", w);
		got = one_int(h, "SELECT o.qty_good FROM wo_ops o JOIN "
		              "work_orders w ON w.id = o.wo_id WHERE w.wo_no = ?"
		              " AND o.seq = 10", wo);
		if (got < 0)
			continue;
		n = one_int(h, "SELECT count(*) FROM op_events e JOIN wo_ops o"
		            " ON o.id = e.wo_op_id JOIN work_orders w ON w.id ="
		            " o.wo_id WHERE w.wo_no = ? AND e.kind = 'report'",
		            wo);
		if (got < lo[w] || got > hi[w] || n < nlo[w] || n > nhi[w]) {
			fprintf(stderr, "%s: good %lld, reports %lld; committed "
			        "%lld in %lld reports, in flight up to %lld in "
			        "%lld\n", wo, got, n, lo[w], nlo[w], hi[w], nhi[w]);
			bad++;
		}
	}
	/* The ledger: each operation's events add up to its quantities. */
	{
		long long off = one_int(h, "SELECT count(*) FROM wo_ops o WHERE "
		    "o.qty_good <> (SELECT ifnull(sum(qty_good), 0) FROM "
		    "op_events e WHERE e.wo_op_id = o.id) OR o.qty_scrap <> "
		    "(SELECT ifnull(sum(qty_scrap), 0) FROM op_events e WHERE "
		    "e.wo_op_id = o.id)", NULL);

		if (off != 0) {
			fprintf(stderr, "%lld operations whose op_events do not "
			        "add up to wo_ops\n", off);
			bad++;
		}
	}
	f->bad_qty += bad;
	return bad;
}

/* A row that carries the token, in the table the transaction wrote. */
static long long rows_for(sqlite3 *h, const struct tok *t)
{
	if (!strcmp(t->kind, "andon"))
		return one_int(h, "SELECT count(*) FROM andon_calls WHERE "
		               "note = ?1 OR note LIKE ?1 || ' / %'", t->name);
	if (!strcmp(t->kind, "close"))
		return one_int(h, "SELECT count(*) FROM andon_calls WHERE "
		               "closed_ts IS NOT NULL AND note LIKE '% / ' || ?1",
		               t->name);
	if (!strcmp(t->kind, "down"))
		return one_int(h, "SELECT count(*) FROM wc_unavailable WHERE "
		               "note = ?", t->name);
	if (!strcmp(t->kind, "item"))
		return one_int(h, "SELECT count(*) FROM items WHERE item_no = ?",
		               t->name);
	return -1;      /* hold, unhold: the audit record is the row */
}

static void check_tokens(sqlite3 *h, struct figures *f)
{
	size_t i;

	for (i = 0; i < tcap; i++) {
		struct tok *t = &tab[i];
		long long rows;

		if (!t->name || !strcmp(t->kind, "rep") ||
		    !strcmp(t->kind, "take"))
			continue;
		rows = rows_for(h, t);
		if (rows < 0)
			rows = t->seen;
		if (t->state == T_COMMIT) {
			if (t->seen == 1 && rows == 1) {
				f->found++;
				continue;
			}
			if (t->seen == 0 || rows == 0)
				f->lost++;
			else
				f->doubled++;
			fprintf(stderr, "%s %s: committed, %d audit records, "
			        "%lld rows\n", t->kind, t->name, t->seen, rows);
		} else if (t->state == T_ERROR && (t->seen || rows > 0)) {
			f->ghost++;
			fprintf(stderr, "%s %s: refused, yet stored\n", t->kind,
			        t->name);
		} else if (t->state == T_INTENT) {
			f->pending++;
			if (t->seen > 1 || rows > 1) {
				f->doubled++;
				fprintf(stderr, "%s %s: in flight, stored twice\n",
				        t->kind, t->name);
			}
		}
	}
	/* report and take are counted through their effects */
	for (i = 0; i < tcap; i++) {
		struct tok *t = &tab[i];

		if (!t->name || t->state != T_COMMIT)
			continue;
		if (!strcmp(t->kind, "rep")) {
			f->found++;
		} else if (!strcmp(t->kind, "take")) {
			long long n = one_int(h, "SELECT count(*) FROM "
			    "andon_calls WHERE id = ? AND taken_by IS NOT NULL",
			    t->arg);
			if (n == 1)
				f->found++;
			else {
				f->lost++;
				fprintf(stderr, "take %s: call %s not taken\n",
				        t->name, t->arg);
			}
		}
	}
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void latency(const char *dir)
{
	char path[4400];
	long long *v = NULL, x;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d))) {
		FILE *in;

		if (strncmp(e->d_name, "lat-", 4))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!(in = fopen(path, "r")))
			continue;
		while (fscanf(in, "%lld", &x) == 1) {
			if (n == cap) {
				cap = cap ? cap * 2 : 4096;
				v = realloc(v, cap * sizeof *v);
				if (!v)
					exit(3);
			}
			v[n++] = x;
		}
		fclose(in);
	}
	closedir(d);
	if (n) {
		qsort(v, n, sizeof *v, cmp_ll);
		printf("latency: %zu transactions, p50 %.1f ms, p99 %.1f ms, "
		       "max %.1f ms\n", n, v[n / 2] / 1000.0,
		       v[n * 99 / 100] / 1000.0, v[n - 1] / 1000.0);
	}
	free(v);
}

int rel_verify(const char *dir, long long kills, int want_latency)
{
	struct figures f;
	char path[4400], ic[64] = "";
	struct dirent *e;
	sqlite3 *h;
	sqlite3_stmt *st;
	DIR *d;
	int problems;

	memset(&f, 0, sizeof f);
	if (!(d = opendir(dir)))
		return 1;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, "log-", 4) == 0) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			read_log(path, &f);
		}
	closedir(d);
	if (sqlite3_open_v2(rel_db(dir), &h, SQLITE_OPEN_READONLY, NULL)) {
		fprintf(stderr, "cannot open %s\n", rel_db(dir));
		return 1;
	}
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		snprintf(ic, sizeof ic, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (scan_audit(h))
		fprintf(stderr, "could not read the audit trail\n");
	check_reports(h, &f);
	check_tokens(h, &f);
	sqlite3_close(h);
	printf("integrity_check: %s\n", ic);
	printf("transactions: attempted=%lld committed=%lld found=%lld "
	       "lost=%lld doubled=%lld refused_but_stored=%lld in_flight=%lld"
	       " errors=%lld unexpected=%lld busy=%lld bad_quantities=%lld kills=%lld\n",
	       f.attempted, f.committed, f.found, f.lost, f.doubled, f.ghost,
	       f.pending, f.errors, f.odd, f.busy, f.bad_qty, kills);
	if (want_latency)
		latency(dir);
	problems = (int)(f.lost + f.doubled + f.ghost + f.busy + f.odd +
	                 f.bad_qty) +
	           (strcmp(ic, "ok") != 0);
	return problems;
}
