/* mesctl audit verify | show. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "mesctl.h"

static int audit_verify(struct ctl *c)
{
	long long n = 0, bad = 0;
	struct mes_json j;
	int rc = mes_audit_verify(c->db, &n, &bad);

	if (rc != MES_OK && rc != MES_ERR_AUDIT)
		return ctl_fail(c, "audit verify");
	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "result", rc == MES_OK ? "intact" : "broken");
		mes_json_int(&j, "checked", n);
		mes_json_int(&j, "first_bad", bad);
		mes_json_str(&j, "detail", mes_db_errmsg(c->db));
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	} else if (rc == MES_OK) {
		printf("audit trail intact: %s\n", mes_db_errmsg(c->db));
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
		printf("%6lld %s %-10s %-14s %s %s", r->seq, r->ts,
		       r->login[0] ? r->login : "-", r->action, r->tbl,
		       r->rec_key);
		if (r->old_value[0])
			printf(" old=%s", r->old_value);
		if (r->new_value[0])
			printf(" new=%s", r->new_value);
		if (r->reason[0])
			printf(" (%s)", r->reason);
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

	while ((o = getopt_long(argc, argv, "s:u:", opts, NULL)) != -1) {
		if (o == 's') since = optarg;
		else if (o == 'u') user = optarg;
		else return ctl_usage("audit", "show [--since T] [--user U]");
	}
	if (optind != argc)
		return ctl_usage("audit", "show [--since T] [--user U]");
	if (ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_audit_each(c->db, since, user, print_rec, c) != MES_OK)
		return ctl_fail(c, "audit show");
	return EXIT_OK;
}

int cmd_audit(struct ctl *c, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "verify") && argc == 2) {
		if (ctl_open(c, 0) != EXIT_OK)
			return EXIT_FAIL;
		return audit_verify(c);
	}
	if (argc >= 2 && !strcmp(argv[1], "show")) {
		if (ctl_open(c, 0) != EXIT_OK)
			return EXIT_FAIL;
		return audit_show(c, argc - 1, argv + 1);
	}
	return ctl_usage("audit", "verify | show [--since T] [--user U]");
}
