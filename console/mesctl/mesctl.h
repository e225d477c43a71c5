/* mesctl: what the subcommands share. */
#ifndef MESCTL_H
#define MESCTL_H

#include <stdio.h>
#include "mes.h"

/* Exit codes (mesctl(8)): 0 done, 1 a failure the user can fix, 2 usage. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct ctl {
	const char *config_opt;   /* --config */
	const char *db_opt;       /* --db */
	const char *user_opt;     /* --user or $MES_USER */
	int json;                 /* --json */
	char config_path[4096];   /* the file actually read, "" for none */
	struct mes_settings set;
	struct mes_db *db;
};

struct cmd {
	const char *name;
	int (*run)(struct ctl *c, int argc, char **argv);
	const char *args;
	const char *help;
};

/* Loads the configuration; prints the error and returns EXIT_FAIL. */
int ctl_config(struct ctl *c);
/* Opens the database named by --db or the configuration. */
int ctl_open(struct ctl *c, unsigned flags);
/* Logs in as --user (PIN from $MES_PIN or the terminal) or as the
 * system account; prints why not and returns EXIT_FAIL. */
int ctl_login(struct ctl *c);
/* Reads a new PIN: twice with no echo on a terminal, else one line of
 * standard input.  Returns 0 or prints why and returns EXIT_FAIL. */
int ctl_new_pin(const char *prompt, char *pin, size_t n);
/* Prints "mesctl: <what>: <db message>" and returns EXIT_FAIL. */
int ctl_fail(struct ctl *c, const char *what);
int ctl_usage(const char *cmd, const char *args);
/* An option's value through core's one strict reading (mes_parse_num,
 * mes_parse_int): 0, or -1 after saying on stderr what is wrong with it. */
int ctl_num(const char *opt, const char *s, double min, double max,
            double *out);
int ctl_int(const char *opt, const char *s, long long min, long long max,
            long long *out);

/* getopt_long over a subcommand's own options; see main.c. */
void ctl_reset_getopt(void);

int cmd_init(struct ctl *c, int argc, char **argv);
int cmd_migrate(struct ctl *c, int argc, char **argv);
int cmd_status(struct ctl *c, int argc, char **argv);
int cmd_backup(struct ctl *c, int argc, char **argv);
int cmd_demo_seed(struct ctl *c, int argc, char **argv);
int cmd_user(struct ctl *c, int argc, char **argv);
int cmd_audit(struct ctl *c, int argc, char **argv);
int cmd_order(struct ctl *c, int argc, char **argv);
int cmd_import(struct ctl *c, int argc, char **argv);
int cmd_export(struct ctl *c, int argc, char **argv);
int cmd_gs1(struct ctl *c, int argc, char **argv);
int cmd_schedule(struct ctl *c, int argc, char **argv);
int cmd_unavailable(struct ctl *c, int argc, char **argv);
int cmd_spc(struct ctl *c, int argc, char **argv);
int cmd_quality(struct ctl *c, int argc, char **argv);
int cmd_nc(struct ctl *c, int argc, char **argv);
int cmd_report(struct ctl *c, int argc, char **argv);
/* Machines (cmd_machine.c); report oee|energy come through cmd_report. */
int cmd_asset(struct ctl *c, int argc, char **argv);
int cmd_downtime(struct ctl *c, int argc, char **argv);
int cmd_maint(struct ctl *c, int argc, char **argv);
int ctl_report_machines(struct ctl *c, int argc, char **argv);
/* OEE per day as SVG charts, one per work center (oee_trend.c);
 * standalone: one SVG document, else charts for inline HTML. */
int ctl_oee_trend(struct ctl *c, FILE *f, const char *from, const char *to,
                  const char *wc, int standalone);

/* Receiving and materials (cmd_receive.c, cmd_lot.c). */
int ctl_import_receipts(struct ctl *c, int argc, char **argv);
int cmd_receive(struct ctl *c, int argc, char **argv);
int cmd_lot(struct ctl *c, int argc, char **argv);
int cmd_trace(struct ctl *c, int argc, char **argv);
int cmd_recall(struct ctl *c, int argc, char **argv);
/* The genealogy printer of trace and recall (genealogy.c): a callback
 * of mes_trace/mes_recall, then the closing line. */
struct ctl_trace {
	int json, n, flat;
};
struct mes_trace_node;
int ctl_trace_node(const struct mes_trace_node *n, void *ctx);
int ctl_trace_finish(struct ctl_trace *t);
int cmd_location(struct ctl *c, int argc, char **argv);
int cmd_item(struct ctl *c, int argc, char **argv);

/* The ERP exchange (cmd_b2mml.c, cmd_watch.c, cmd_record.c). */
int ctl_exchange_kind(const char *kind);
int ctl_import_exchange(struct ctl *c, int argc, char **argv);
int ctl_export_exchange(struct ctl *c, int argc, char **argv);
struct mes_b2mml_result;
int ctl_b2mml_failed(struct ctl *c, const struct mes_b2mml_result *r,
                     const char *name, FILE *to);
int ctl_master_import(struct ctl *c, const char *kind, const char *path, FILE *msg);
int cmd_watch(struct ctl *c, int argc, char **argv);
int ctl_report_exchange_kind(const char *kind);
int ctl_report_exchange(struct ctl *c, int argc, char **argv);
int ctl_audit_record(struct ctl *c, const char *path);
int ctl_write_file(const char *path, const char *buf, size_t len);
int ctl_reports_kind(const char *kind);
int ctl_reports(struct ctl *c, int argc, char **argv);

#endif
