/*
 * mesctl asset, downtime, maint and report oee|energy: the machines from
 * the shell, for set-up, scripts and the ERP.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "config.h"
#include "machine.h"

static const char asset_usage[] =
	"add CODE NAME [--kind K] [--parent P] [--wc WC] | list |\n"
	"       demo-seed   (the collector's PIN on standard input)";

static int print_asset(const struct mes_asset *a, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;

	if (c->json) {
		mes_json_init(&j);
		mes_json_str(&j, "code", a->code);
		mes_json_str(&j, "name", a->name);
		mes_json_str(&j, "kind", a->kind);
		mes_json_int(&j, "depth", a->depth);
		mes_json_str(&j, "wc", a->wc);
		mes_json_str(&j, "state", a->state);
		mes_json_str(&j, "plc", a->plc);
		mes_json_int(&j, "plc_online", a->plc_online);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	printf("%*s%-*s %-10s %-9s %-9s %s%s%s\n", a->depth * 2, "",
	       18 - a->depth * 2, a->code, a->kind, a->wc, a->state,
	       a->plc[0] ? a->plc : "", a->plc[0] ? (a->plc_online ?
	       " online" : " OFFLINE") : "", a->open_downtime ? " DOWN" : "");
	return 0;
}

int cmd_asset(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "parent", required_argument, NULL, 'p' },
		{ "wc", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argc > 1 ? argv[1] : "", *kind = "machine";
	const char *parent = NULL, *wc = NULL;
	char pin[128];
	int o, rc;

	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		printf("usage: mesctl asset %s\n", asset_usage);
		return EXIT_OK;
	}
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'k')
			kind = optarg;
		else if (o == 'p')
			parent = optarg;
		else if (o == 'w')
			wc = optarg;
		else
			return ctl_usage("asset", asset_usage);
	}
	if (!strcmp(sub, "add") ? optind != argc - 2 : optind != argc)
		return ctl_usage("asset", asset_usage);
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub,
	    "demo-seed"))
		return ctl_usage("asset", asset_usage);
	if (!strcmp(sub, "demo-seed") &&
	    ctl_new_pin("Collector's PIN: ", pin, sizeof pin) != EXIT_OK)
		return EXIT_FAIL;
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (!strcmp(sub, "list")) {
		if (mes_asset_each(c->db, print_asset, c) != MES_OK)
			return ctl_fail(c, "asset list");
		return EXIT_OK;
	}
	if (!strcmp(sub, "demo-seed")) {
		rc = mes_machine_demo_seed(c->db, pin);
		memset(pin, 0, sizeof pin);
		if (rc != MES_OK)
			return ctl_fail(c, "asset demo-seed");
		printf("demo machines, PLCs sim1..sim6 and user collector "
		       "added\n");
		return EXIT_OK;
	}
	if (mes_asset_add(c->db, argv[optind], argv[optind + 1], kind, parent,
	                  wc) != MES_OK)
		return ctl_fail(c, "asset add");
	printf("%s: added\n", argv[optind]);
	return EXIT_OK;
}

static const char downtime_usage[] =
	"list [--unassigned] | assign ID REASON [--note TEXT]";

static int print_dt(const struct mes_downtime *d, void *ctx)
{
	struct ctl *c = ctx;
	struct mes_json j;

	if (c->json) {
		mes_json_init(&j);
		mes_json_int(&j, "id", d->id);
		mes_json_str(&j, "asset", d->asset);
		mes_json_str(&j, "start", d->start_ts);
		mes_json_str(&j, "end", d->end_ts);
		mes_json_str(&j, "reason", d->reason);
		mes_json_str(&j, "fault", d->fault);
		mes_json_num(&j, "minutes", d->minutes);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return 0;
	}
	printf("%5lld %-10s %.19s %-19.19s %7.1f %-6s %s\n", d->id, d->asset,
	       d->start_ts, d->end_ts[0] ? d->end_ts : "(open)", d->minutes,
	       d->reason[0] ? d->reason : "-", d->fault);
	return 0;
}

int cmd_downtime(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unassigned", no_argument, NULL, 'u' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argc > 1 ? argv[1] : "", *note = NULL;
	int o, unassigned = 0;
	long long id;

	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		printf("usage: mesctl downtime %s\n", downtime_usage);
		return EXIT_OK;
	}
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'u')
			unassigned = 1;
		else if (o == 'n')
			note = optarg;
		else
			return ctl_usage("downtime", downtime_usage);
	}
	if (!strcmp(sub, "list") && optind == argc) {
		if (ctl_open(c, 0) != EXIT_OK)
			return EXIT_FAIL;
		if (mes_downtime_each(c->db, unassigned, 0, print_dt, c))
			return ctl_fail(c, "downtime list");
		return EXIT_OK;
	}
	if (strcmp(sub, "assign") || optind != argc - 2)
		return ctl_usage("downtime", downtime_usage);
	if (ctl_int("downtime id", argv[optind], 1, 0x7fffffffffffffffLL, &id))
		return ctl_usage("downtime", downtime_usage);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_downtime_assign(c->db, id, argv[optind + 1], note) != MES_OK)
		return ctl_fail(c, "downtime assign");
	printf("downtime %lld: reason %s\n", id, argv[optind + 1]);
	return EXIT_OK;
}

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

/* ---- report oee | energy ------------------------------------------------ */

enum { OUT_TABLE, OUT_CSV, OUT_JSON };

/* What the table's rows needed explained: 1 no data, 2 capped. */
static int oee_notes;

static int print_oee(const struct mes_oee *o, void *ctx)
{
	int fmt = *(int *)ctx;
	struct mes_json j;

	if (fmt == OUT_CSV) {
		printf("%s,%s,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%g,%g,%.2f,%.4f,%.4f,"
		       "%.4f,%.4f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%d\n", o->wc,
		       o->date, o->shift[0] ? o->shift : "day", o->planned_min,
		       o->down_min, o->setup_min, o->idle_min, o->run_min,
		       o->good, o->scrap, o->ideal_min, o->availability,
		       o->performance, o->quality, o->oee, o->loss_breakdown,
		       o->loss_setup, o->loss_minor, o->loss_speed,
		       o->loss_defects, o->loss_yield, o->nodata_min,
		       o->performance_capped);
	} else if (fmt == OUT_JSON) {
		mes_json_init(&j);
		mes_json_str(&j, "wc", o->wc);
		mes_json_str(&j, "date", o->date);
		mes_json_str(&j, "shift", o->shift[0] ? o->shift : "day");
		mes_json_num(&j, "planned_min", o->planned_min);
		mes_json_num(&j, "down_min", o->down_min);
		mes_json_num(&j, "setup_min", o->setup_min);
		mes_json_num(&j, "idle_min", o->idle_min);
		mes_json_num(&j, "run_min", o->run_min);
		mes_json_num(&j, "good", o->good);
		mes_json_num(&j, "scrap", o->scrap);
		mes_json_num(&j, "ideal_min", o->ideal_min);
		mes_json_num(&j, "availability", o->availability);
		mes_json_num(&j, "performance", o->performance);
		mes_json_num(&j, "quality", o->quality);
		mes_json_num(&j, "oee", o->oee);
		mes_json_num(&j, "loss_breakdown_min", o->loss_breakdown);
		mes_json_num(&j, "loss_setup_min", o->loss_setup);
		mes_json_num(&j, "loss_minor_stops_min", o->loss_minor);
		mes_json_num(&j, "loss_speed_min", o->loss_speed);
		mes_json_num(&j, "loss_defects_min", o->loss_defects);
		mes_json_num(&j, "loss_yield_min", o->loss_yield);
		mes_json_num(&j, "nodata_min", o->nodata_min);
		mes_json_int(&j, "performance_capped", o->performance_capped);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	} else {
		printf("%-9s %s %-8.8s %7.0f %6.0f %6.1f%% %5.1f%%%c %6.1f%% "
		       "%6.1f%% %6g %5g\n", o->wc, o->date, o->shift[0] ?
		       o->shift : "day", o->planned_min, o->nodata_min,
		       o->availability * 100, o->performance * 100,
		       o->performance_capped ? '*' : ' ', o->quality * 100,
		       o->oee * 100, o->good, o->scrap);
		oee_notes |= (o->nodata_min > 0) | (o->performance_capped << 1);
	}
	return 0;
}

static int print_energy(const struct mes_energy_row *r, void *ctx)
{
	int fmt = *(int *)ctx;
	struct mes_json j;
	char mass[24];

	if (r->unit_mass_kg >= 0)
		snprintf(mass, sizeof mass, "%.3f", r->waste_kg);
	else
		snprintf(mass, sizeof mass, "%s", fmt == OUT_TABLE ? "-" : "");
	if (fmt == OUT_CSV) {
		printf("%s,%s,%s,%.3f,%g,%g,%.4f,%.3f,%.4f,%s\n", r->wo, r->item,
		       r->status, r->kwh, r->good, r->scrap, r->kwh_per_unit,
		       r->co2e_kg, r->co2e_per_unit, mass);
	} else if (fmt == OUT_JSON) {
		mes_json_init(&j);
		mes_json_str(&j, "wo", r->wo);
		mes_json_str(&j, "item", r->item);
		mes_json_num(&j, "kwh", r->kwh);
		mes_json_num(&j, "good", r->good);
		mes_json_num(&j, "scrap", r->scrap);
		mes_json_num(&j, "kwh_per_unit", r->kwh_per_unit);
		mes_json_num(&j, "co2e_kg", r->co2e_kg);
		mes_json_num(&j, "co2e_kg_per_unit", r->co2e_per_unit);
		if (r->unit_mass_kg >= 0)
			mes_json_num(&j, "waste_kg", r->waste_kg);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
	} else {
		printf("%-9s %-10s %9.2f %7g %6g %9.4f %9.4f %9s\n", r->wo,
		       r->item, r->kwh, r->good, r->scrap, r->kwh_per_unit,
		       r->co2e_per_unit, mass);
	}
	return 0;
}

/* [collect] grid_kg_co2e_per_kwh of the configuration read. */
static int grid_factor(struct ctl *c, double *f)
{
	struct mes_ini *ini = NULL;
	char err[512];
	int rc;

	*f = 0;
	if (!c->config_path[0])
		return EXIT_OK;
	if (mes_ini_load(c->config_path, &ini, err, sizeof err) != MES_OK ||
	    mes_ini_double(ini, "collect", "grid_kg_co2e_per_kwh", 0, 10, 0, f,
	                   err, sizeof err) != MES_OK) {
		fprintf(stderr, "mesctl: %s\n", err);
		rc = EXIT_FAIL;
	} else {
		rc = EXIT_OK;
	}
	mes_ini_free(ini);
	return rc;
}

/* The OEE trend picture into path, written beside it and renamed. */
static int oee_svg(struct ctl *c, const char *from, const char *to,
                   const char *wc, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return EXIT_FAIL;
	rc = ctl_oee_trend(c, f, from, to, wc, 1);
	fclose(f);
	if (rc == EXIT_OK && (rc = ctl_write_file(path, buf, len)) == EXIT_OK)
		fprintf(stderr, "wrote %s\n", path);
	free(buf);
	return rc;
}

static const char oee_usage[] =
	"oee --from DATE --to DATE [--wc WC] [--csv|--json] [--svg FILE] |\n"
	"       energy [--csv|--json]";

int ctl_report_machines(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "wc", required_argument, NULL, 'w' },
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL, *wc = NULL, *svg = NULL;
	int o, fmt = c->json ? OUT_JSON : OUT_TABLE, oee = !strcmp(argv[1],
	    "oee");
	double f;

	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'f' && oee)
			from = optarg;
		else if (o == 't' && oee)
			to = optarg;
		else if (o == 'w' && oee)
			wc = optarg;
		else if (o == 's' && oee)
			svg = optarg;
		else if (o == 'c')
			fmt = OUT_CSV;
		else if (o == 'j')
			fmt = OUT_JSON;
		else
			return ctl_usage("report", oee_usage);
	}
	if (optind != argc || (oee && (!from || !to)))
		return ctl_usage("report", oee_usage);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (oee && svg && (o = oee_svg(c, from, to, wc, svg)) != EXIT_OK)
		return o;
	if (oee) {
		if (fmt == OUT_CSV)
			printf("wc,date,shift,planned_min,down_min,setup_min,"
			       "idle_min,run_min,good,scrap,ideal_min,"
			       "availability,performance,quality,oee,"
			       "loss_breakdown_min,loss_setup_min,"
			       "loss_minor_stops_min,loss_speed_min,"
			       "loss_defects_min,loss_yield_min,nodata_min,"
			       "performance_capped\n");
		else if (fmt == OUT_TABLE)
			printf("%-9s %-10s %-8s %7s %6s %7s %7s %7s %7s %6s "
			       "%5s\n", "wc", "date", "shift", "planned",
			       "nodata", "avail", "perf", "quality", "OEE",
			       "good", "scrap");
		oee_notes = 0;
		if (mes_oee_report(c->db, from, to, wc, print_oee, &fmt))
			return ctl_fail(c, "report oee");
		if (oee_notes & 1)
			printf("nodata: minutes a machine its PLC watches sent "
			       "nothing (collector stopped, PLC offline); left "
			       "out of availability\n");
		if (oee_notes & 2)
			printf("*: more counted than the run time allows at the "
			       "ideal speed; performance held at 100%% (check the "
			       "data and the routing's run time)\n");
		return EXIT_OK;
	}
	if (grid_factor(c, &f) != EXIT_OK)
		return EXIT_FAIL;
	if (fmt == OUT_CSV)
		printf("wo,item,status,kwh,good,scrap,kwh_per_unit,co2e_kg,"
		       "co2e_kg_per_unit,waste_kg\n");
	else if (fmt == OUT_TABLE)
		printf("%-9s %-10s %9s %7s %6s %9s %9s %9s\n", "wo", "item",
		       "kWh", "good", "scrap", "kWh/unit", "CO2e/unit",
		       "waste kg");
	if (mes_energy_report(c->db, f, print_energy, &fmt) != MES_OK)
		return ctl_fail(c, "report energy");
	return EXIT_OK;
}
