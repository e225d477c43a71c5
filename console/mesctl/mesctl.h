/* mesctl: what the subcommands share. */
#ifndef MESCTL_H
#define MESCTL_H

#include <stdio.h>
#include "mes.h"

/* Exit codes (mesctl(8)): 0 done, 1 a failure the user can fix, 2 usage. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cmd;
struct subcmd;

struct ctl {
	const char *config_opt;   /* --config */
	const char *db_opt;       /* --db */
	const char *user_opt;     /* --user or $MES_USER */
	const char *hub_opt;      /* --hub or $MES_HUB: the centre */
	int json;                 /* --json */
	char config_path[4096];   /* the file actually read, "" for none */
	struct mes_settings set;
	struct mes_db *db;
	const struct cmd *cmd;    /* what runs, for ctl_usage */
	const struct subcmd *sub; /* NULL for a command without any */
};

/*
 * The tables usage and help are made from (help.c).  A command with
 * subs is dispatched once, in main.c, on argv[1]; the subcommand's run
 * gets argv[0] its own name.  A command without gets argv[0] its name.
 * args is the synopsis after "mesctl CMD [SUB]", help one line.
 */
struct subcmd {
	const char *name;
	int (*run)(struct ctl *c, int argc, char **argv);
	const char *args;
	const char *help;
};

struct cmd {
	const char *name;
	int (*run)(struct ctl *c, int argc, char **argv);  /* without subs */
	const struct subcmd *subs;  /* ends in { NULL }, or NULL */
	const char *args;           /* without subs */
	const char *help;
};

/* One cmd_<name>.c each. */
extern const struct cmd cmd_init, cmd_migrate, cmd_status, cmd_backup,
	cmd_demo_seed, cmd_user, cmd_audit, cmd_order, cmd_import, cmd_export,
	cmd_gs1, cmd_schedule, cmd_unavailable, cmd_spc, cmd_quality, cmd_nc,
	cmd_report, cmd_asset, cmd_downtime, cmd_maint, cmd_receive, cmd_lot,
	cmd_trace, cmd_recall, cmd_location, cmd_item, cmd_exchange,
	cmd_labor, cmd_hub, cmd_twin, cmd_simulate, cmd_scenario, cmd_gauge,
	cmd_tool, cmd_unit, cmd_allergen, cmd_changeover;

/* cmd_central.c: under --hub, the command c->cmd (and c->sub) of the
 * centre, or the usage when it has none; the list of those. */
int ctl_central(struct ctl *c, const char *conninfo, int argc, char **argv);
void help_central(FILE *f);

/* help.c: the list of commands; a command's usage lines and its
 * subcommands; a subcommand's usage and help. */
void help_commands(FILE *f, const struct cmd *const *cmds);
void help_command(FILE *f, const struct cmd *k);
void help_sub(FILE *f, const struct cmd *k, const struct subcmd *s);
/* The usage of what runs (c->sub, else all of c->cmd) on stderr;
 * returns EXIT_USAGE. */
int ctl_usage(const struct ctl *c);

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
/* A signer's PIN: $MES_SIGN_PIN, else one line of standard input;
 * 0, or -1 after saying on stderr that it is needed (cmd names it). */
int ctl_sign_pin(const char *cmd, char *pin, size_t n);
/* Prints "mesctl: <what>: <db message>" and returns EXIT_FAIL. */
int ctl_fail(struct ctl *c, const char *what);
/* An option's value through core's one strict reading (mes_parse_num,
 * mes_parse_int): 0, or -1 after saying on stderr what is wrong with it. */
int ctl_num(const char *opt, const char *s, double min, double max,
            double *out);
int ctl_int(const char *opt, const char *s, long long min, long long max,
            long long *out);

/* getopt_long over a subcommand's own options; see main.c. */

/* Written beside path and renamed, so a reader never sees half
 * (cmd_report.c); prints why not and returns EXIT_FAIL. */
int ctl_write_file(const char *path, const char *buf, size_t len);

/* The genealogy printer of trace and recall (genealogy.c): a callback
 * of mes_trace/mes_recall, then the closing line. */
struct ctl_trace {
	int json, n, flat;
	struct mes_db *db;      /* set: each made lot's tools too (trace) */
	int forward;
};
struct mes_trace_node;
int ctl_trace_node(const struct mes_trace_node *n, void *ctx);
int ctl_trace_finish(struct ctl_trace *t);

/* The drop folder imports as import does (cmd_import.c): every B2MML
 * problem then the summary, to "to"; a master-data file, errors to msg. */
struct mes_b2mml_result;
int ctl_b2mml_failed(const struct mes_b2mml_result *r, const char *name,
                     FILE *to);
int ctl_master_import(struct ctl *c, const char *kind, const char *path,
                      FILE *msg);

/* The report handlers (report_*.c), in cmd_report.c's table. */
int ctl_report_spc(struct ctl *c, int argc, char **argv);
int ctl_report_machines(struct ctl *c, int argc, char **argv);
int ctl_report_table(struct ctl *c, int argc, char **argv);
int ctl_report_shift(struct ctl *c, int argc, char **argv);
/* OEE per day as SVG charts, one per work center (oee_trend.c);
 * standalone: one SVG document, else charts for inline HTML. */
int ctl_oee_trend(struct ctl *c, FILE *f, const char *from, const char *to,
                  const char *wc, int standalone);

#endif
