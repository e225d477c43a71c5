/*
 * mesctl report oee|energy: what the machines report, per work center
 * and shift, and per order.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesctl.h"
#include "config.h"
#include "machine.h"

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
	int o, fmt = c->json ? OUT_JSON : OUT_TABLE, oee = !strcmp(argv[0],
	    "oee");
	double f;

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
			return ctl_usage(c);
	}
	if (optind != argc || (oee && (!from || !to)))
		return ctl_usage(c);
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
