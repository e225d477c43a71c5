/*
 * mes-collect: reads the plant's PLCs.  Without --once it is the daemon
 * (daemon.c) that books states, counts, energy and signals into the
 * database.  --once is the commissioning mode: it polls every [plc NAME]
 * of mes.ini one time and prints each tag's words, raw and scaled value
 * and quality, without a database, so a technician can check a tag map
 * against the machine before counts are booked from it.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "mes.h"
#include "config.h"
#include "modbus/mb.h"
#include "collect.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: mes-collect [--foreground] [--plc NAME] [--config FILE]\n"
"       mes-collect --once [--plc NAME] [--config FILE]\n"
"  (no --once)     run as the collector daemon: book every PLC of mes.ini\n"
"                  into the database until SIGTERM; SIGHUP rereads mes.ini\n"
"  --foreground    log to standard error instead of syslog\n"
"  --once          poll every PLC of mes.ini once, print every tag, exit\n"
"  --plc NAME      only the PLC of section [plc NAME]\n"
"  --config FILE   read FILE instead of mes.ini (see mes.ini(5))\n"
"  --help, --version\n"
"exit status: --once 0 every PLC answered, 1 otherwise; the daemon 0 after\n"
"SIGTERM, 1 when it cannot start; 2 usage error\n");
}

static int parse_args(struct args *a, int argc, char **argv)
{
	enum { O_ONCE = 256, O_PLC, O_CONFIG, O_HELP, O_VERSION, O_FG };
	static const struct option lo[] = {
		{ "once", no_argument, NULL, O_ONCE },
		{ "foreground", no_argument, NULL, O_FG },
		{ "plc", required_argument, NULL, O_PLC },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof *a);
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case O_ONCE:
			a->once = 1;
			break;
		case O_FG:
			a->foreground = 1;
			break;
		case O_PLC:
			a->plc = optarg;
			break;
		case O_CONFIG:
			a->config = optarg;
			break;
		case O_HELP:
			usage(stdout);
			return 1;
		case O_VERSION:
			printf("mes-collect %s\n", MES_VERSION_STRING);
			return 1;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mes-collect: unexpected argument \"%s\"\n",
		        argv[optind]);
		return 2;
	}
	if (a->once && a->foreground) {
		fprintf(stderr, "mes-collect: --foreground is for the daemon, "
		        "not --once\n");
		return 2;
	}
	return 0;
}

static void fmt_num(char *buf, size_t n, const struct mes_mb_tag *t, double v)
{
	if (t->type == MES_MB_F32 || v != floor(v) || fabs(v) >= 1e15)
		snprintf(buf, n, "%.9g", v);
	else
		snprintf(buf, n, "%.0f", v);
}

static void print_sample(const struct mes_mb_sample *s)
{
	const struct mes_mb_tag *t = s->tag;
	char addr[16], type[16], words[16], raw[32], val[32], q[96];

	snprintf(addr, sizeof addr, "%s:%u", mes_mb_kind_name(t->kind),
	         t->addr);
	if (t->len > 1)
		snprintf(type, sizeof type, "%s/%s", mes_mb_type_name(t->type),
		         mes_mb_order_name(t->order));
	else
		snprintf(type, sizeof type, "%s", mes_mb_type_name(t->type));
	mes_mb_quality_str(s, q, sizeof q);
	if (s->quality & MES_MB_Q_NOVALUE) {
		printf("  %-14s %-9s %-12s %-9s %14s %14s  %s\n", t->name, addr,
		       type, "-", "-", "-", q);
		return;
	}
	if (t->len > 1)
		snprintf(words, sizeof words, "%04x %04x", s->words[0],
		         s->words[1]);
	else
		snprintf(words, sizeof words, "%04x", s->words[0]);
	fmt_num(raw, sizeof raw, t, s->raw);
	if (t->scale == 1 && t->offset == 0)
		memcpy(val, raw, sizeof val);
	else
		snprintf(val, sizeof val, "%.9g", s->value);
	printf("  %-14s %-9s %-12s %-9s %14s %14s  %s", t->name, addr, type,
	       words, raw, val, q);
	if (t->role == MES_MB_ROLE_STATE)
		printf("  %s", mes_mb_state_name(s->state));
	if ((t->role == MES_MB_ROLE_STATE || t->role == MES_MB_ROLE_FAULT) &&
	    s->reason)
		printf("  \"%s\"", s->reason);
	printf("\n");
}

static void print_head(const struct mes_mb_plc *plc, const char *link_text)
{
	const struct mes_mb_cfg *c = mes_mb_plc_cfg(plc);
	struct mes_mb_stats st;

	mes_mb_plc_stats(plc, &st);
	if (c->proto == MES_MB_TCP)
		printf("plc %s: tcp %s:%d unit %d: ", c->name, c->host, c->port,
		       c->unit);
	else
		printf("plc %s: rtu %s %d %d%c%d unit %d: ", c->name, c->device,
		       c->baud, c->data_bits, c->parity, c->stop_bits, c->unit);
	printf("%s, %zu tags, %lld request%s, %.1f ms\n", link_text,
	       c->ntags, st.requests, st.requests == 1 ? "" : "s",
	       st.last_cycle_us / 1000.0);
}

/* Polls one PLC and prints it; 0 when it answered. */
static int poll_one(const struct mes_ini *ini, const char *sec)
{
	const struct mes_mb_sample *s;
	struct mes_mb_cfg *cfg;
	struct mes_mb_plc *plc;
	const char *reason;
	enum mes_mb_state st;
	char err[512];
	size_t i, n;
	int rc;

	rc = mes_mb_plc_load(ini, sec, &cfg, err, sizeof err);
	if (rc != MES_OK) {
		fprintf(stderr, "mes-collect: %s\n", err);
		return 1;
	}
	if (mes_mb_plc_open(&plc, cfg) != MES_OK) {
		fprintf(stderr, "mes-collect: [%s]: out of memory\n", sec);
		return 1;
	}
	rc = mes_mb_plc_poll(plc, mes_mb_now_ms());
	print_head(plc, rc == MES_OK ? "online" : "OFFLINE");
	if (rc != MES_OK)
		printf("  error: %s\n", mes_mb_plc_errmsg(plc));
	s = mes_mb_plc_samples(plc, &n);
	printf("  %-14s %-9s %-12s %-9s %14s %14s  %s\n", "tag", "address",
	       "type", "words", "raw", "value", "quality");
	for (i = 0; i < n; i++)
		print_sample(&s[i]);
	st = mes_mb_plc_state(plc, &reason);
	if (st != MES_MB_STATE_UNKNOWN || rc == MES_OK)
		printf("  machine: %s%s%s%s\n", mes_mb_state_name(st),
		       reason ? " (" : "", reason ? reason : "",
		       reason ? ")" : "");
	mes_mb_plc_close(plc);
	return rc == MES_OK ? 0 : 1;
}

static int run(const struct args *a, const struct mes_ini *ini)
{
	int i, n = mes_ini_nsections(ini), polled = 0, bad = 0;
	const char *sec, *name;

	for (i = 0; i < n; i++) {
		sec = mes_ini_section(ini, i);
		if (!sec || !mes_mb_is_plc_section(sec, &name))
			continue;
		if (a->plc && strcasecmp(a->plc, name))
			continue;
		if (polled++)
			printf("\n");
		bad |= poll_one(ini, sec);
	}
	if (!polled) {
		if (a->plc)
			fprintf(stderr, "mes-collect: %s: no section "
			        "[plc %s]\n", mes_ini_path(ini), a->plc);
		else
			fprintf(stderr, "mes-collect: %s: no [plc NAME] "
			        "sections\n", mes_ini_path(ini));
		return 1;
	}
	return bad;
}

int main(int argc, char **argv)
{
	struct mes_ini *ini = NULL;
	char path[4096], err[512];
	struct args a;
	int rc;

	/* Files this program makes are the plant group's, never everyone's. */
	umask(007);
	rc = parse_args(&a, argc, argv);
	if (rc)
		return rc == 1 ? 0 : 2;
	if (mes_config_find(a.config, path, sizeof path, err,
	                    sizeof err) != MES_OK) {
		fprintf(stderr, "mes-collect: %s\n", err);
		return 1;
	}
	if (!path[0]) {
		fprintf(stderr, "mes-collect: no mes.ini found (--config, "
		        "$MES_CONFIG, ./mes.ini, " SYSCONFDIR "/mes.ini)\n");
		return 1;
	}
	if (!a.once)
		return collect_daemon(&a, path);
	if (mes_ini_load(path, &ini, err, sizeof err) != MES_OK) {
		fprintf(stderr, "mes-collect: %s\n", err);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = run(&a, ini);
	mes_ini_free(ini);
	return rc;
}
