/* mesctl maint: maintenance requests and orders, due PM orders. */
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "machine.h"

static const char maint_usage[] =
	"request ASSET TEXT | orders [--all] | pm-generate";

static int print_mo(const struct mes_mo *m, void *ctx)
{
	(void)ctx;
	printf("%-10s %-10s %-10s %-11s %-8s %s\n", m->mo_no, m->asset,
	       m->kind, m->status, m->assigned_to[0] ? m->assigned_to : "-",
	       m->description);
	return 0;
}

int cmd_maint(struct ctl *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	long long id;
	int n = 0;

	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		printf("usage: mesctl maint %s\n", maint_usage);
		return EXIT_OK;
	}
	if (!strcmp(sub, "request") && argc == 4) {
		if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
			return EXIT_FAIL;
		if (mes_maint_request(c->db, argv[2], argv[3], &id) != MES_OK)
			return ctl_fail(c, "maint request");
		printf("request %lld raised\n", id);
		return EXIT_OK;
	}
	if (!strcmp(sub, "orders") && (argc == 2 || (argc == 3 &&
	    !strcmp(argv[2], "--all")))) {
		if (ctl_open(c, 0) != EXIT_OK)
			return EXIT_FAIL;
		if (mes_mo_each(c->db, argc == 2, print_mo, NULL) != MES_OK)
			return ctl_fail(c, "maint orders");
		return EXIT_OK;
	}
	if (!strcmp(sub, "pm-generate") && argc == 2) {
		if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
			return EXIT_FAIL;
		if (mes_pm_generate(c->db, NULL, &n) != MES_OK)
			return ctl_fail(c, "maint pm-generate");
		printf("%d preventive order%s opened\n", n, n == 1 ? "" : "s");
		return EXIT_OK;
	}
	return ctl_usage("maint", maint_usage);
}
