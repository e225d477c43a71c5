/* mesctl audit verify [--anchor FILE | --record FILE] | anchor | show. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exchange.h"
#include "mesctl.h"

/*
 * Each line of an anchor file ends in "SEQ HASH", as `mesctl audit
 * anchor` prints it; whatever comes before (a date, a syslog prefix) is
 * skipped, and so are blank lines and # comments.  Every anchor is
 * checked, the newest matters most.
 */
static int check_anchors(struct ctl *c, const char *file, long long *bad)
{
	char line[1024], hash[65], extra[2];
	long long seq;
	int lineno = 0, found = 0, rc;
	FILE *f = fopen(file, "r");

	if (!f) {
		fprintf(stderr, "mesctl: audit verify: cannot read the anchor "
		        "file %s: %s\n", file, strerror(errno));
		return MES_ERR_IO;
	}
	while (fgets(line, sizeof line, f)) {
		char *p = line + strlen(line), *hp;

		lineno++;
		while (p > line && strchr(" \t\r\n", p[-1]))
			*--p = 0;
		if (!line[0] || line[strspn(line, " \t")] == '#')
			continue;
		hp = strrchr(line, ' ');
		p = hp;
		while (p && p > line && p[-1] != ' ' && p[-1] != '\t')
			p--;
		if (!hp || !p || sscanf(p, "%lld %64s%1s", &seq, hash,
		                        extra) != 2 || strlen(hash) != 64 ||
		    hash[strspn(hash, "0123456789abcdef")]) {
			fclose(f);
			fprintf(stderr, "mesctl: audit verify: %s:%d: not an "
			        "anchor (want \"SEQ HASH\" as `mesctl audit "
			        "anchor` prints it)\n", file, lineno);
			return MES_ERR_SYNTAX;
		}
		found++;
		if ((rc = mes_audit_anchor_check(c->db, seq, hash))) {
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
	char hash[65];
	long long seq;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_audit_head(c->db, &seq, hash) != MES_OK)
		return ctl_fail(c, "audit anchor");
	printf("%lld %s\n", seq, hash);
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

static int audit_verify(struct ctl *c, const char *anchor)
{
	long long n = 0, bad = 0;
	struct mes_json j;
	int rc;

	/* A chain read from a damaged file proves nothing: say so first. */
	rc = mes_db_check(c->db, 1);
	if (rc == MES_ERR_CORRUPT) {
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
	if (rc != MES_OK)
		return ctl_fail(c, "audit verify");
	rc = mes_audit_verify(c->db, &n, &bad);
	if (rc == MES_OK && anchor) {
		rc = check_anchors(c, anchor, &bad);
		if (rc != MES_OK && rc != MES_ERR_AUDIT)
			return EXIT_FAIL;
	}

	if (rc != MES_OK && rc != MES_ERR_AUDIT)
		return ctl_fail(c, "audit verify");
	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "result", rc == MES_OK ? "intact" : "broken");
		mes_json_int(&j, "checked", n);
		mes_json_int(&j, "first_bad", bad);
		mes_json_str(&j, "detail", mes_db_errmsg(c->db));
		if (rc == MES_OK) {
			long long steps = 0;

			mes_audit_time_steps(c->db, NULL, NULL, &steps);
			mes_json_int(&j, "time_steps_back", steps);
		}
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	} else if (rc == MES_OK) {
		long long steps = 0;
		int shown = 0;

		printf("audit trail intact: %s\n", mes_db_errmsg(c->db));
		if (mes_audit_time_steps(c->db, time_step, &shown, &steps) ==
		    MES_OK && steps > shown)
			printf("warning: %lld records in all are older than the "
			       "record before them\n", steps);
	} else {
		printf("AUDIT TRAIL BROKEN at record %lld: %s\n", bad,
		       mes_db_errmsg(c->db));
		printf("(%lld records before it check out)\n", n);
	}
	return rc == MES_OK ? EXIT_OK : EXIT_FAIL;
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

static const struct subcmd subs[] = {
	{ "verify", verify, "[--anchor FILE | --record FILE]",
	  "check the file and the audit trail, or a filed batch record" },
	{ "anchor", audit_anchor, "",
	  "the newest record's sequence and hash, to keep elsewhere" },
	{ "show", audit_show, "[--since T] [--user U]", "list audit records" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_audit = {
	"audit", NULL, subs, NULL, "check or list the audit trail",
};
