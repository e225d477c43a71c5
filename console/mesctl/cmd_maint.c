/* mesctl maint: maintenance requests and orders, due PM orders. */
#include <stdio.h>
#include <string.h>
#include "mesctl.h"
#include "machine.h"

static int print_mo(const struct mes_mo *m, void *ctx)
{
	(void)ctx;
	printf("%-10s %-10s %-10s %-11s %-8s %s\n", m->mo_no, m->asset,
	       m->kind, m->status, m->assigned_to[0] ? m->assigned_to : "-",
	       m->description);
	return 0;
}

static int maint_request(struct ctl *c, int argc, char **argv)
{
	long long id;

	if (argc != 3)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_maint_request(c->db, argv[1], argv[2], &id) != MES_OK)
		return ctl_fail(c, "maint request");
	printf("request %lld raised\n", id);
	return EXIT_OK;
}

static int maint_orders(struct ctl *c, int argc, char **argv)
{
	if (argc != 1 && (argc != 2 || strcmp(argv[1], "--all")))
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_mo_each(c->db, argc == 1, print_mo, NULL) != MES_OK)
		return ctl_fail(c, "maint orders");
	return EXIT_OK;
}

static int maint_pm_generate(struct ctl *c, int argc, char **argv)
{
	int n = 0;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_pm_generate(c->db, NULL, &n) != MES_OK)
		return ctl_fail(c, "maint pm-generate");
	printf("%d preventive order%s opened\n", n, n == 1 ? "" : "s");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "request", maint_request, "ASSET TEXT", "raise a maintenance request" },
	{ "orders", maint_orders, "[--all]", "open maintenance orders (or all)" },
	{ "pm-generate", maint_pm_generate, "",
	  "open the preventive orders that are due" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_maint = {
	"maint", NULL, subs, NULL, "maintenance requests and orders",
};
