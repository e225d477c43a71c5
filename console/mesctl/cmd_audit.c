/* mesctl audit verify [--anchor FILE | --record FILE] | anchor | show |
 * keygen FILE. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exchange.h"
#include "mesctl.h"

/*
 * One anchor line: "SEQ HASH MAC" as `mesctl audit anchor` prints it, or
 * "SEQ HASH" as it printed before records had MACs; whatever comes before
 * (a date, a syslog prefix) is skipped.  0, or -1 when it is no anchor.
 */
static int parse_anchor(char *line, long long *seq, char hash[65],
                        char mac[MES_MAC_TEXT], int *has_mac)
{
	char *w[3] = { NULL, NULL, NULL }, *p, *end;
	int n = 0;

	for (p = line + strlen(line); n < 3 && p > line; n++) {
		while (p > line && strchr(" \t", p[-1]))
			*--p = 0;
		while (p > line && !strchr(" \t", p[-1]))
			p--;
		w[n] = p;
	}
	/* w[0] is the last word: a MAC has a ':' and a hash has none. */
	*has_mac = w[0] && strchr(w[0], ':') != NULL;
	if (!*has_mac) {
		w[2] = w[1];
		w[1] = w[0];
	}
	if (!w[1] || !w[2] || strlen(w[1]) != 64 ||
	    w[1][strspn(w[1], "0123456789abcdef")])
		return -1;
	*seq = strtoll(w[2], &end, 10);
	if (*end || *seq < 1)
		return -1;
	snprintf(hash, 65, "%s", w[1]);
	if (*has_mac && snprintf(mac, MES_MAC_TEXT, "%s", w[0]) >=
	    MES_MAC_TEXT)
		return -1;
	return 0;
}

/*
 * Blank lines and # comments are skipped.  Every anchor is checked, the
 * newest matters most.
 */
static int check_anchors(struct ctl *c, const char *file, long long *bad)
{
	char line[1024], hash[65], mac[MES_MAC_TEXT];
	long long seq;
	int lineno = 0, found = 0, rc, has_mac;
	FILE *f = fopen(file, "r");

	if (!f) {
		fprintf(stderr, "mesctl: audit verify: cannot read the anchor "
		        "file %s: %s\n", file, strerror(errno));
		return MES_ERR_IO;
	}
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		if (parse_anchor(line, &seq, hash, mac, &has_mac) != 0) {
			fclose(f);
			fprintf(stderr, "mesctl: audit verify: %s:%d: not an "
			        "anchor (want \"SEQ HASH MAC\" as `mesctl audit "
			        "anchor` prints it)\n", file, lineno);
			return MES_ERR_SYNTAX;
		}
		found++;
		if ((rc = mes_audit_anchor_check(c->db, seq, hash,
		                                 has_mac ? mac : NULL))) {
			fclose(f);
			*bad = seq;
			return rc;
		}
	}
	fclose(f);
	if (!found) {
		fprintf(stderr, "mesctl: audit verify: %s holds no anchor\n",
		        file);
		return MES_ERR_SYNTAX;
	}
	return MES_OK;
}

static int audit_anchor(struct ctl *c, int argc, char **argv)
{
	char hash[65], mac[MES_MAC_TEXT];
	long long seq;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_audit_head(c->db, &seq, hash, mac) != MES_OK)
		return ctl_fail(c, "audit anchor");
	printf("%lld %s%s%s\n", seq, hash, mac[0] ? " " : "", mac);
	return EXIT_OK;
}

/* Shown under the result: up to five, then how many in all. */
static int time_step(long long seq, const char *ts, long long prev_seq,
                     const char *prev_ts, void *ctx)
{
	int *shown = ctx;

	printf("warning: time goes backwards at record %lld (%s), after record"
	       " %lld (%s): a clock set back, or a record inserted\n", seq, ts,
	       prev_seq, prev_ts);
	return ++*shown >= 5;
}

/* One sealed record or trigger that fails, as verify names it. */
static void seal_finding(const char *tbl, long long row,
                         enum mes_seal_finding what, const char *detail,
                         void *ctx)
{
	const struct mes_seal_result *r = ctx;

	switch (what) {
	case MES_SEAL_CHANGED:
		printf("SEALED RECORD BROKEN: %s row %lld changed outside mes "
		       "(its content does not match its seal)\n", tbl, row);
		break;
	case MES_SEAL_UNSEALED:
		printf("SEALED RECORD BROKEN: %s row %lld was inserted outside "
		       "mes (it has no seal)\n", tbl, row);
		break;
	case MES_SEAL_DELETED:
		printf("SEALED RECORD BROKEN: %s row %lld was deleted outside "
		       "mes (its seal remains)\n", tbl, row);
		break;
	case MES_SEAL_OTHER_KEY:
		printf("SEALED RECORD BROKEN: %s row %lld is sealed %s%s, not "
		       "with this plant key %s\n", tbl, row,
		       strcmp(detail, "unkeyed") ? "with key " : "without a key",
		       strcmp(detail, "unkeyed") ? detail : "", r->key_id);
		break;
	case MES_SEAL_TRIGGER_GONE:
		printf("SEALED TABLE OPEN: trigger %s was dropped outside mes: "
		       "writes to %s go unsealed\n", detail, tbl);
		break;
	case MES_SEAL_TRIGGER_CHANGED:
		printf("SEALED TABLE OPEN: trigger %s was changed outside mes: "
		       "it no longer seals every column of %s\n", detail, tbl);
		break;
	}
}

/* What the seals and the key say, under the chain's result. */
static void seal_summary(const struct mes_seal_result *r, int seal_rc)
{
	if (seal_rc == MES_OK)
		printf("sealed records intact: %lld records\n", r->rows);
	else if (r->bad > r->show)
		printf("(%lld findings in all, the first %lld shown)\n",
		       r->bad, r->show);
	if (seal_rc != MES_OK && r->keyed && r->other_keyed == r->bad)
		printf("every failing seal names key %s and the key file holds"
		       " key %s: the key file is most likely the wrong one\n",
		       r->other_key, r->key_id);
	if (r->keyed)
		printf("records are keyed with plant key %s\n", r->key_id);
	else
		printf("warning: records are unkeyed (no [audit] key_file): "
		       "the hashes and seals show changes made by someone who "
		       "did not recompute them, not a forgery by someone who "
		       "did; see mes(7)\n");
}

static void verify_json(struct ctl *c, int rc, long long n, long long bad,
                        const char *detail, const struct mes_seal_result *r,
                        int seal_rc)
{
	struct mes_json j;
	long long steps = 0;

	mes_json_init(&j);
	mes_json_str(&j, "result", rc == MES_OK && seal_rc == MES_OK ?
	             "intact" : "broken");
	mes_json_int(&j, "checked", n);
	mes_json_int(&j, "first_bad", bad);
	mes_json_str(&j, "detail", detail);
	mes_json_int(&j, "sealed_checked", r->rows);
	mes_json_int(&j, "sealed_bad", r->bad);
	mes_json_str(&j, "key", r->keyed ? r->key_id : "unkeyed");
	if (rc == MES_OK) {
		mes_audit_time_steps(c->db, NULL, NULL, &steps);
		mes_json_int(&j, "time_steps_back", steps);
	}
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
}

static void verify_text(struct ctl *c, int rc, long long n, long long bad)
{
	long long steps = 0;
	int shown = 0;

	if (rc == MES_OK) {
		printf("audit trail intact: %s\n", mes_db_errmsg(c->db));
		if (mes_audit_time_steps(c->db, time_step, &shown, &steps) ==
		    MES_OK && steps > shown)
			printf("warning: %lld records in all are older than the "
			       "record before them\n", steps);
		return;
	}
	printf("AUDIT TRAIL BROKEN at record %lld: %s\n", bad,
	       mes_db_errmsg(c->db));
	printf("(%lld records before it check out)\n", n);
}

/* A chain read from a damaged file proves nothing: say so first. */
static int damaged(struct ctl *c)
{
	struct mes_json j;
	int rc = mes_db_check(c->db, 1);

	if (rc != MES_ERR_CORRUPT)
		return rc == MES_OK ? EXIT_OK : ctl_fail(c, "audit verify");
	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "result", "damaged");
		mes_json_str(&j, "detail", mes_db_errmsg(c->db));
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	} else {
		printf("DATABASE DAMAGED: %s\n", mes_db_errmsg(c->db));
	}
	return EXIT_FAIL;
}

static int audit_verify(struct ctl *c, const char *anchor)
{
	struct mes_seal_result sr;
	char chain_msg[1024];
	long long n = 0, bad = 0;
	int rc, src;

	if (damaged(c) != EXIT_OK)
		return EXIT_FAIL;
	rc = mes_audit_verify(c->db, &n, &bad);
	if (rc == MES_OK && anchor) {
		rc = check_anchors(c, anchor, &bad);
		if (rc != MES_OK && rc != MES_ERR_AUDIT)
			return EXIT_FAIL;
	}
	if (rc != MES_OK && rc != MES_ERR_AUDIT)
		return ctl_fail(c, "audit verify");
	snprintf(chain_msg, sizeof chain_msg, "%s", mes_db_errmsg(c->db));
	if (!c->json)
		verify_text(c, rc, n, bad);
	/* The seals after the chain: both are read, whatever the first says. */
	src = mes_seal_verify(c->db, c->json ? NULL : seal_finding, &sr, &sr);
	if (src != MES_OK && src != MES_ERR_AUDIT)
		return ctl_fail(c, "audit verify");
	if (c->json)
		verify_json(c, rc, n, bad, chain_msg, &sr, src);
	else
		seal_summary(&sr, src);
	return rc == MES_OK && src == MES_OK ? EXIT_OK : EXIT_FAIL;
}

static int print_rec(const struct mes_audit_rec *r, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;

	if (!c->json) {
		/* Values come from anywhere (scans, imports): never raw. */
		char k[256], o[1024], n[1024], why[512];

		printf("%6lld %s %-10s %-14s %s %s", r->seq, r->ts,
		       r->login[0] ? r->login : "-", r->action, r->tbl,
		       mes_text_safe(k, sizeof k, r->rec_key));
		if (r->old_value[0])
			printf(" old=%s", mes_text_safe(o, sizeof o, r->old_value));
		if (r->new_value[0])
			printf(" new=%s", mes_text_safe(n, sizeof n, r->new_value));
		if (r->reason[0])
			printf(" (%s)", mes_text_safe(why, sizeof why, r->reason));
		printf("\n");
		return 0;
	}
	mes_json_init(&j);
	mes_json_int(&j, "seq", r->seq);
	mes_json_str(&j, "ts", r->ts);
	mes_json_str(&j, "user", r->login);
	mes_json_str(&j, "action", r->action);
	mes_json_str(&j, "table", r->tbl);
	mes_json_str(&j, "key", r->rec_key);
	mes_json_str(&j, "old", r->old_value);
	mes_json_str(&j, "new", r->new_value);
	mes_json_str(&j, "reason", r->reason);
	mes_json_str(&j, "hash", r->hash);
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
	return 0;
}

static int audit_show(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL, *user = NULL;
	int o;

	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	while ((o = getopt_long(argc, argv, "s:u:", opts, NULL)) != -1) {
		if (o == 's') since = optarg;
		else if (o == 'u') user = optarg;
		else return ctl_usage(c);
	}
	if (optind != argc)
		return ctl_usage(c);
	if (ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_audit_each(c->db, since, user, print_rec, c) != MES_OK)
		return ctl_fail(c, "audit show");
	return EXIT_OK;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *p;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len + 8192 > cap) {
			cap = cap * 2 + 8192;
			if (!(p = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

static int audit_record(struct ctl *c, const char *path)
{
	char key[64], *buf;
	size_t len;
	int rc;

	if (!(buf = read_all(path, &len))) {
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
		return EXIT_FAIL;
	}
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK) {
		free(buf);
		return EXIT_FAIL;
	}
	rc = mes_batch_record_verify(c->db, buf, len, key);
	free(buf);
	if (rc == MES_OK) {
		printf("%s: %s\n", path, mes_db_errmsg(c->db));
		return EXIT_OK;
	}
	fprintf(stderr, "mesctl: %s: %s\n", path, mes_db_errmsg(c->db));
	return EXIT_FAIL;
}

/* verify [--anchor FILE | --record FILE] */
static int verify(struct ctl *c, int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--record"))
		return audit_record(c, argv[2]);
	if (argc != 1 && (argc != 3 || strcmp(argv[1], "--anchor")))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	return audit_verify(c, argc == 3 ? argv[2] : NULL);
}

/* keygen FILE: the plant key, before init or migrate (mes(7)). */
static int keygen(struct ctl *c, int argc, char **argv)
{
	char err[1024];

	if (argc != 2)
		return ctl_usage(c);
	if (mes_audit_keygen(argv[1], err, sizeof err) != MES_OK) {
		fprintf(stderr, "mesctl: audit keygen: %s\n", err);
		return EXIT_FAIL;
	}
	printf("wrote a new plant key to %s (mode 0640): set [audit] key_file "
	       "= %s in mes.ini, give the file to group mes, and keep a copy "
	       "where the database's backups are not\n", argv[1], argv[1]);
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "verify", verify, "[--anchor FILE | --record FILE]",
	  "check the file, the audit trail and the sealed records, or a "
	  "filed batch record" },
	{ "anchor", audit_anchor, "",
	  "the newest record's sequence, hash and MAC, to keep elsewhere" },
	{ "show", audit_show, "[--since T] [--user U]", "list audit records" },
	{ "keygen", keygen, "FILE",
	  "write a new plant key, which keys the MACs and seals" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_audit = {
	"audit", NULL, subs, NULL, "check or list the audit trail",
};
