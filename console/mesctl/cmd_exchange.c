/*
 * mesctl exchange --watch DIR: the drop folder for plants without
 * middleware.  Files appear in DIR/in (written under a name starting with
 * '.' or ending in .tmp or .part, then renamed: only the finished name is
 * read); each is imported whole or not at all and moved to DIR/done, or
 * to DIR/failed with NAME.err beside it.  Performance exports go to
 * DIR/out the same way, written under a dot name and renamed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "exchange.h"
#include "mesctl.h"
#include "prod.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

struct watch {
	struct ctl *c;
	const char *dir;
	int interval, export_every, once;
	time_t last_export;
	int failed;
};

static int subdirs(const struct watch *w)
{
	static const char *const sub[] = { "", "/in", "/done", "/failed",
		"/out", NULL };
	char p[4200];
	int k;

	for (k = 0; sub[k]; k++) {
		snprintf(p, sizeof p, "%s%s", w->dir, sub[k]);
		if (mkdir(p, 0775) != 0 && errno != EEXIST) {
			fprintf(stderr, "mesctl: %s: %s\n", p, strerror(errno));
			return EXIT_FAIL;
		}
	}
	return EXIT_OK;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcasecmp(s + a - b, tail);
}

/* Finished files only: not hidden, not still being written. */
static int wanted(const struct dirent *e)
{
	return e->d_name[0] != '.' && !ends_with(e->d_name, ".tmp") &&
	       !ends_with(e->d_name, ".part") && !ends_with(e->d_name, ".err");
}

/* The master-data kind a CSV file's name starts with: "items-0423.csv". */
static const char *csv_kind(const char *name)
{
	static const char *const kinds[] = { "items", "routings",
		"workcenters", "users", "orders", NULL };
	size_t n;
	int k;

	for (k = 0; kinds[k]; k++) {
		n = strlen(kinds[k]);
		if (!strncasecmp(name, kinds[k], n) &&
		    strchr("-_.", name[n]) && name[n])
			return kinds[k];
	}
	return NULL;
}

/* Moves in/NAME to DIR/to/NAME, never over an earlier file. */
static void move_to(const struct watch *w, const char *name, const char *to,
                    char *dest, size_t n)
{
	char src[4200];
	struct stat st;
	int k;

	snprintf(src, sizeof src, "%s/in/%s", w->dir, name);
	snprintf(dest, n, "%s/%s/%s", w->dir, to, name);
	for (k = 1; stat(dest, &st) == 0 && k < 1000; k++)
		snprintf(dest, n, "%s/%s/%s.%d", w->dir, to, name, k);
	if (rename(src, dest) != 0)
		fprintf(stderr, "mesctl: %s: %s\n", src, strerror(errno));
}

static int import_xml(struct watch *w, const char *path, const char *name,
                      FILE *err)
{
	struct mes_b2mml_result r;

	if (mes_b2mml_import_schedule(w->c->db, path, name, &r) == MES_OK) {
		printf("%s: imported %d work order%s\n", name, r.orders,
		       r.orders == 1 ? "" : "s");
		return EXIT_OK;
	}
	if (!r.nerrors) {
		fprintf(err, "%s\n", mes_db_errmsg(w->c->db));
		return EXIT_FAIL;
	}
	return ctl_b2mml_failed(&r, name, err);
}

static int import_orders(struct watch *w, const char *path, const char *name,
                         FILE *err)
{
	struct mes_import_result r;
	FILE *in = fopen(path, "r");
	int rc;

	if (!in) {
		fprintf(err, "%s: %s\n", name, strerror(errno));
		return EXIT_FAIL;
	}
	rc = mes_import_orders_csv(w->c->db, in, name, 0, NULL, &r);
	fclose(in);
	if (rc != MES_OK) {
		fprintf(err, "%s\n", mes_db_errmsg(w->c->db));
		return EXIT_FAIL;
	}
	printf("%s: imported %d work order%s\n", name, r.imported,
	       r.imported == 1 ? "" : "s");
	return EXIT_OK;
}

static int import_one(struct watch *w, const char *name, FILE *err)
{
	const char *kind = csv_kind(name);
	char path[4200];

	snprintf(path, sizeof path, "%s/in/%s", w->dir, name);
	if (ends_with(name, ".xml"))
		return import_xml(w, path, name, err);
	if (!ends_with(name, ".csv") || !kind) {
		fprintf(err, "%s: not something to import: B2MML schedules end "
		        "in .xml; CSV files are named after their kind "
		        "(orders-..., items-..., routings-..., workcenters-...) "
		        "and end in .csv\n", name);
		return EXIT_FAIL;
	}
	if (!strcmp(kind, "orders"))
		return import_orders(w, path, name, err);
	if (!strcmp(kind, "users")) {
		fprintf(err, "%s: users are not taken from the drop folder: "
		        "their one-time PINs must go to a person; use mesctl "
		        "import users\n", name);
		return EXIT_FAIL;
	}
	return ctl_master_import(w->c, kind, path, err);
}

static void write_err(const char *dest, FILE *err)
{
	char path[4300], buf[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%.4200s.err", dest);
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
		return;
	}
	rewind(err);
	while ((n = fread(buf, 1, sizeof buf, err)) > 0)
		fwrite(buf, 1, n, f);
	if (fclose(f) != 0)
		fprintf(stderr, "mesctl: %s: %s\n", path, strerror(errno));
}

static void take(struct watch *w, const char *name)
{
	char dest[4300];
	FILE *err = tmpfile();
	int rc;

	if (!err) {
		fprintf(stderr, "mesctl: temporary file: %s\n", strerror(errno));
		return;
	}
	rc = import_one(w, name, err);
	move_to(w, name, rc == EXIT_OK ? "done" : "failed", dest, sizeof dest);
	if (rc != EXIT_OK) {
		w->failed++;
		write_err(dest, err);
		printf("%s: failed, see %s.err\n", name, dest);
	}
	fclose(err);
}

/* "2026-11-26T10:45:44.123Z" -> "20261126T104544Z" for a file name. */
static void stamp(const char *iso, char *out, size_t n)
{
	size_t k = 0;

	for (; *iso && *iso != '.' && k + 2 < n; iso++)
		if (*iso != '-' && *iso != ':')
			out[k++] = *iso;
	out[k++] = 'Z';
	out[k] = 0;
}

/*
 * Gives the finished tmp file its name in out/ without ever replacing
 * one there: two runs in the same second must both reach the ERP, so the
 * second becomes performance-STAMP-2.xml.  link() fails on an existing
 * name where rename() would overwrite it.
 */
static int publish(const char *tmp, const char *dir, const char *st,
                   char *dst, size_t n)
{
	int k;

	for (k = 1; k < 1000; k++) {
		if (k == 1)
			snprintf(dst, n, "%s/out/performance-%s.xml", dir, st);
		else
			snprintf(dst, n, "%s/out/performance-%s-%d.xml", dir, st,
			         k);
		if (link(tmp, dst) == 0) {
			unlink(tmp);
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

static int export_perf(struct watch *w)
{
	char since[32], now[32], st[32], tmp[4200], dst[4200];
	struct mes_db *db = w->c->db;
	long long after = 0, upto = 0;
	int orders = 0, rc, fd;
	FILE *f;

	if (mes_exchange_last_run(db, "performance", since, &after) != MES_OK)
		return ctl_fail(w->c, "exchange");
	mes_now_iso(now);
	stamp(now, st, sizeof st);
	/* Our own dot file, so that no other run can write into it. */
	snprintf(tmp, sizeof tmp, "%s/out/.performance-%s-%ld.xml.tmp", w->dir,
	         st, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0640);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "mesctl: %s: %s\n", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAIL;
	}
	rc = mes_b2mml_export_performance_after(db, after, f, &orders, &upto);
	if (fclose(f) != 0 && rc == MES_OK)
		rc = MES_ERR_IO;
	if (rc != MES_OK || orders == 0) {
		remove(tmp);
		if (rc != MES_OK)
			return ctl_fail(w->c, "export performance");
		printf("nothing done since %s: no export\n",
		       since[0] ? since : "the start");
		return EXIT_OK;
	}
	if (publish(tmp, w->dir, st, dst, sizeof dst) != 0) {
		fprintf(stderr, "mesctl: %s: %s\n", dst, strerror(errno));
		remove(tmp);
		return EXIT_FAIL;
	}
	if (mes_exchange_run_add(db, "performance", since, now, dst,
	                         orders, upto) != MES_OK)
		return ctl_fail(w->c, "exchange");
	printf("wrote %s (%d order%s)\n", dst, orders, orders == 1 ? "" : "s");
	return EXIT_OK;
}

static int pass(struct watch *w)
{
	struct dirent **list;
	char in[4200];
	int n, k, rc = EXIT_OK;

	snprintf(in, sizeof in, "%s/in", w->dir);
	if ((n = scandir(in, &list, wanted, alphasort)) < 0) {
		fprintf(stderr, "mesctl: %s: %s\n", in, strerror(errno));
		return EXIT_FAIL;
	}
	for (k = 0; k < n; k++) {
		if (!stopping)
			take(w, list[k]->d_name);
		free(list[k]);
	}
	free(list);
	if (w->once || time(NULL) - w->last_export >= w->export_every) {
		rc = export_perf(w);
		w->last_export = time(NULL);
	}
	fflush(stdout);
	return rc;
}

static int positive(const char *s, int *out)
{
	long long v;
	char err[96];

	if (mes_parse_int(s, 1, 86400 * 7, &v, err, sizeof err) != MES_OK)
		return 0;
	*out = (int)v;
	return 1;
}

static int exchange(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "watch", required_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, 'i' },
		{ "export-every", required_argument, NULL, 'e' },
		{ "once", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct watch w = { c, NULL, 10, 900, 0, 0, 0 };
	struct sigaction sa;
	int o, rc;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'w')
			w.dir = optarg;
		else if (o == 'o')
			w.once = 1;
		else if (!(o == 'i' && positive(optarg, &w.interval)) &&
		         !(o == 'e' && positive(optarg, &w.export_every)))
			return ctl_usage(c);
	}
	if (!w.dir || optind != argc)
		return ctl_usage(c);
	if (subdirs(&w) != EXIT_OK || ctl_open(c, 0) != EXIT_OK ||
	    ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	w.last_export = time(NULL);
	do {
		rc = pass(&w);
		for (o = 0; !w.once && !stopping && o < w.interval; o++)
			sleep(1);
	} while (!w.once && !stopping);
	return rc == EXIT_OK && !w.failed ? EXIT_OK : EXIT_FAIL;
}

const struct cmd cmd_exchange = {
	"exchange", exchange, NULL,
	"--watch DIR [--interval S] [--export-every S] [--once]",
	"the ERP drop folder: import from DIR/in, export to DIR/out",
};
