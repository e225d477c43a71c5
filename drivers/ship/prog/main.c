/*
 * mes-ship: sends this plant's events to the central PostgreSQL.
 *
 * Reads the plant's outbox past the centre's mark and sends it in
 * batches, each with the new mark in one PostgreSQL transaction; reads
 * the mark again after any failure, so a batch is never lost and never
 * kept twice.  Writes the plant's file only about once a minute (the
 * centre's mark, and pruning what the centre holds): a write per batch
 * would take the plant's own writers' turns.  A centre that is down is
 * retried with a back-off up to 5 s; the plant never waits for it.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "config.h"
#include "daemon/dlog.h"
#include "hub.h"

#define NOTE_EVERY_S 60
#define BACKOFF_MAX_MS 5000

struct args {
	const char *config;
	int once, foreground;
};

struct ship {
	struct mes_settings set;
	struct mes_db *db;
	struct mes_hub *hub;
	char plant[33];
	char conninfo[1024];
	long retain_days, batch, poll_ms;
	long long mark;
	time_t noted;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: mes-ship [--config FILE] [--foreground] [--once]\n"
"Sends this plant's events to the central PostgreSQL named by [hub]\n"
"conninfo in mes.ini, until SIGTERM.\n"
"  --once        send what is waiting, note the centre's mark, exit\n"
"  --foreground  log to standard error instead of syslog\n"
"Exit status: 0 when stopped or done, 1 when it cannot start (or, with\n"
"--once, cannot send); 2 usage error\n");
}

static int parse_args(struct args *a, int argc, char **argv)
{
	enum { O_ONCE = 256, O_CONFIG, O_HELP, O_VERSION, O_FG };
	static const struct option lo[] = {
		{ "once", no_argument, NULL, O_ONCE },
		{ "foreground", no_argument, NULL, O_FG },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof *a);
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case O_ONCE: a->once = 1; break;
		case O_FG: a->foreground = 1; break;
		case O_CONFIG: a->config = optarg; break;
		case O_HELP: usage(stdout); return 1;
		case O_VERSION:
			printf("mes-ship %s\n", MES_VERSION_STRING);
			return 1;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mes-ship: unexpected argument \"%s\"\n",
		        argv[optind]);
		return 2;
	}
	return 0;
}

static int read_config(struct ship *s, const char *path)
{
	struct mes_ini *ini = NULL;
	const char *ci;
	char err[512];
	int rc;

	mes_settings_default(&s->set);
	rc = mes_ini_load(path, &ini, err, sizeof err);
	if (rc == MES_OK)
		rc = mes_config_settings(ini, &s->set, NULL, NULL, err,
		                         sizeof err);
	if (rc == MES_OK)
		rc = mes_ini_int(ini, "hub", "retain_days", 0, 3650, 7,
		                 &s->retain_days, err, sizeof err);
	if (rc == MES_OK)
		rc = mes_ini_int(ini, "hub", "batch", 1, 100000, 5000, &s->batch,
		                 err, sizeof err);
	if (rc == MES_OK)
		rc = mes_ini_int(ini, "hub", "poll_ms", 10, 60000, 100,
		                 &s->poll_ms, err, sizeof err);
	if (rc == MES_OK && !(ci = mes_ini_str(ini, "hub", "conninfo"))) {
		snprintf(err, sizeof err, "%s: [hub] conninfo is not set: the "
		         "central PostgreSQL's connection string",
		         mes_ini_path(ini));
		rc = MES_ERR_CONFIG;
	}
	if (rc == MES_OK)
		snprintf(s->conninfo, sizeof s->conninfo, "%s", ci);
	else
		dlog(LOG_ERR, "%s", err);
	mes_ini_free(ini);
	return rc;
}

/* Sleeps ms, or less when a signal came. */
static void nap(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	while (!stop && nanosleep(&t, &t) == -1 && errno == EINTR)
		;
}

/* Until the centre answers with this plant's mark (or a signal). */
static int reach_centre(struct ship *s)
{
	long wait = 100;
	int said = 0, rc;

	for (;;) {
		rc = s->hub ? mes_hub_reconnect(s->hub) :
		     mes_hub_connect(&s->hub, s->conninfo);
		if (rc == MES_OK)
			rc = mes_hub_mark(s->hub, s->plant, &s->mark);
		if (rc == MES_OK) {
			dlog(LOG_NOTICE, "plant %s: the centre holds events up to "
			   "%lld", s->plant, s->mark);
			return MES_OK;
		}
		if (!said++)
			dlog(LOG_WARNING, "%s; trying again (the plant runs on)",
			   mes_hub_errmsg(s->hub));
		if (stop)
			return rc;
		nap(wait);
		wait = wait * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : wait * 2;
	}
}

/* The centre's mark into the plant's file, now and then. */
static void note(struct ship *s, int now)
{
	long long pruned = 0;

	if (!now && time(NULL) - s->noted < NOTE_EVERY_S)
		return;
	if (mes_hub_note(s->db, s->mark, (int)s->retain_days, &pruned) !=
	    MES_OK) {
		dlog(LOG_WARNING, "noting the centre's mark: %s",
		   mes_db_errmsg(s->db));
		return;
	}
	s->noted = time(NULL);
	if (pruned)
		dlog(LOG_INFO, "pruned %lld events the centre holds", pruned);
}

/* One batch past the mark: 1 sent, 0 none waiting, -1 failed. */
static int ship_batch(struct ship *s)
{
	long long last;
	int sent;

	if (mes_hub_ship(s->hub, s->db, s->plant, s->mark, (int)s->batch,
	                 &last, &sent) != MES_OK) {
		dlog(LOG_WARNING, "%s", mes_hub_errmsg(s->hub));
		return -1;
	}
	s->mark = last;
	return sent > 0;
}

static int run(struct ship *s, int once)
{
	long wait = 100;
	int r;

	if (reach_centre(s) != MES_OK)
		return 1;
	note(s, 1);
	while (!stop) {
		r = ship_batch(s);
		if (r < 0) {
			if (once)
				return 1;
			/* A failure the centre answers (the plant's file, a
			 * refused row) would come back at once: wait, longer
			 * each time it does. */
			nap(wait);
			wait = wait * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS :
			       wait * 2;
			/* what the centre holds is what its mark says */
			if (reach_centre(s) != MES_OK)
				break;
			continue;
		}
		wait = 100;
		note(s, 0);
		if (r == 0 && once)
			break;
		if (r == 0)
			nap(s->poll_ms);
	}
	note(s, 1);
	return 0;
}

static int start(struct ship *s, const char *path)
{
	struct mes_hub_state st;

	if (read_config(s, path) != MES_OK)
		return 1;
	if (mes_db_open(&s->db, s->set.db_path, 0, &s->set) != MES_OK ||
	    mes_hub_state(s->db, &st) != MES_OK) {
		dlog(LOG_ERR, "%s", mes_db_errmsg(s->db));
		return 1;
	}
	if (!st.attached) {
		dlog(LOG_ERR, "%s is not attached to a centre: mesctl hub attach "
		   "PLANT", s->set.db_path);
		return 1;
	}
	snprintf(s->plant, sizeof s->plant, "%s", st.plant_id);
	dlog(LOG_NOTICE, "plant %s: shipping %s, %lld events waiting", s->plant,
	   s->set.db_path, st.pending);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct ship s;
	struct args a;
	char path[4096], err[512];
	int rc;

	umask(007);
	rc = parse_args(&a, argc, argv);
	if (rc)
		return rc == 1 ? 0 : 2;
	dlog_open("mes-ship", !a.foreground && !a.once);
	rc = mes_config_find(a.config, path, sizeof path, err, sizeof err);
	if (rc != MES_OK || !path[0]) {
		dlog(LOG_ERR, "%s", rc != MES_OK ? err : "no mes.ini found "
		   "(--config, $MES_CONFIG, ./mes.ini, " SYSCONFDIR "/mes.ini)");
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;      /* no SA_RESTART: sleeps end early */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&s, 0, sizeof s);
	rc = start(&s, path);
	if (rc == 0)
		rc = run(&s, a.once);
	if (rc == 0)
		dlog(LOG_NOTICE, "stopped at event %lld", s.mark);
	mes_hub_close(s.hub);
	mes_db_close(s.db);
	dlog_close();
	return rc;
}
