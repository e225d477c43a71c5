/*
 * mes-collect as a daemon: polls every [plc NAME] of mes.ini on its own
 * interval, folds the samples into a pending booking per PLC (coll.h)
 * and books it through core as the configured service user: at once
 * when the PLC goes offline or online or the machine changes state,
 * else every [collect] book_ms.  One thread: a PLC that does not answer
 * costs its timeout_ms per attempt, and its attempts back off.
 *
 * SIGTERM/SIGINT book what is pending and stop; SIGHUP rereads mes.ini
 * (a bad file is logged and the old one kept).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mes.h"
#include "config.h"
#include "daemon/dlog.h"
#include "machine.h"
#include "collect/coll.h"
#include "collect.h"

struct unit {
	char name[64];
	struct mes_mb_plc *plc;
	struct coll_pending p;
	int online;                     /* last poll: -1 none yet */
	char book_err[256];             /* last booking error logged */
};

struct daemon {
	const struct args *a;
	char path[4096];
	struct mes_settings set;
	struct mes_db *db;
	struct unit *u;
	size_t n;
	char user[64], pin_file[4096];
	long book_ms, raw_window_s, bucket_s;
	long long next_downsample_ms;
	struct mes_machine_signal *sigbuf;
};

static volatile sig_atomic_t got_stop, got_hup;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
}

static void free_units(struct unit *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		mes_mb_plc_close(u[i].plc);
		coll_free(&u[i].p);
	}
	free(u);
}

/* [collect] and every [plc NAME] of ini into d (units in *u, *n). */
static int read_config(struct daemon *d, const struct mes_ini *ini,
                       struct unit **out, size_t *nout, char *err, size_t en)
{
	const char *pf = mes_ini_str(ini, "collect", "pin_file");
	const char *user = mes_ini_str(ini, "collect", "user");
	int i, ns = mes_ini_nsections(ini), rc;
	struct unit *u = NULL, *nu;
	struct mes_mb_cfg *cfg;
	const char *sec, *name;
	size_t n = 0;

	if ((rc = mes_ini_int(ini, "collect", "book_ms", 100, 3600000, 10000,
	                      &d->book_ms, err, en)) != MES_OK ||
	    (rc = mes_ini_int(ini, "collect", "raw_window_s", 60, 31622400,
	                      86400, &d->raw_window_s, err, en)) != MES_OK ||
	    (rc = mes_ini_int(ini, "collect", "bucket_s", 1, 86400, 60,
	                      &d->bucket_s, err, en)) != MES_OK)
		return rc;
	snprintf(d->user, sizeof d->user, "%s", user ? user : "collector");
	snprintf(d->pin_file, sizeof d->pin_file, "%s",
	         pf ? pf : SYSCONFDIR "/collect.pin");
	for (i = 0; i < ns; i++) {
		sec = mes_ini_section(ini, i);
		if (!sec || !mes_mb_is_plc_section(sec, &name))
			continue;
		if (d->a->plc && strcmp(d->a->plc, name))
			continue;
		if ((rc = mes_mb_plc_load(ini, sec, &cfg, err, en)) != MES_OK)
			break;
		if (!(nu = realloc(u, (n + 1) * sizeof *u))) {
			mes_mb_cfg_free(cfg);
			rc = MES_ERR_NOMEM;
			break;
		}
		u = nu;
		memset(&u[n], 0, sizeof u[n]);
		snprintf(u[n].name, sizeof u[n].name, "%s", name);
		u[n].online = -1;
		coll_init(&u[n].p);
		if ((rc = mes_mb_plc_open(&u[n].plc, cfg)) != MES_OK)
			break;
		n++;
	}
	if (rc == MES_OK && n == 0) {
		snprintf(err, en, "%s: no [plc NAME] section%s%s", mes_ini_path(ini),
		         d->a->plc ? " named " : "", d->a->plc ? d->a->plc : "");
		rc = MES_ERR_CONFIG;
	}
	if (rc != MES_OK) {
		if (rc == MES_ERR_NOMEM)
			snprintf(err, en, "out of memory");
		free_units(u, n);
		return rc;
	}
	*out = u;
	*nout = n;
	return MES_OK;
}

static int read_pin(const struct daemon *d, char *pin, size_t n)
{
	const char *env = getenv("MES_COLLECT_PIN");
	char err[8192];
	FILE *f;

	if (env && *env) {
		snprintf(pin, n, "%s", env);
		return 0;
	}
	if (!(f = fopen(d->pin_file, "r"))) {
		dlog(LOG_ERR, "%s: %s: the collector's PIN goes in this file "
		   "(mode 0600) or in $MES_COLLECT_PIN", d->pin_file,
		   strerror(errno));
		return -1;
	}
	/* A PIN that others may read (or change) is no secret, and the
	 * collector user may write machine data: its own file, 0600. */
	if (mes_secret_file_check(fileno(f), d->pin_file, 077, 1, err,
	                          sizeof err) != MES_OK) {
		dlog(LOG_ERR, "the PIN file: %s", err);
		fclose(f);
		return -1;
	}
	if (!fgets(pin, (int)n, f))
		pin[0] = '\0';
	fclose(f);
	pin[strcspn(pin, "\r\n")] = '\0';
	return 0;
}

static int login(struct daemon *d)
{
	char pin[128];
	int rc;

	if (read_pin(d, pin, sizeof pin) != 0)
		return MES_ERR_AUTH;
	rc = mes_login_pin(d->db, d->user, pin);
	memset(pin, 0, sizeof pin);
	if (rc != MES_OK)
		dlog(LOG_ERR, "logging in as %s: %s", d->user,
		   mes_db_errmsg(d->db));
	return rc;
}

static int seed_one(const char *tag, double raw, void *ctx)
{
	mes_mb_plc_seed(ctx, tag, raw);
	return 0;
}

/* Registers each PLC (linking its asset) and seeds its counters from
 * the readings the last booking saved. */
static int attach(struct daemon *d, const struct mes_ini *ini,
                  struct unit *u, size_t n)
{
	char key[96];
	const char *asset;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		snprintf(key, sizeof key, "asset.%s", u[i].name);
		asset = mes_ini_str(ini, "collect", key);
		rc = mes_plc_register(d->db, u[i].name, asset);
		if (rc != MES_OK) {
			dlog(LOG_ERR, "PLC %s: %s", u[i].name,
			   mes_db_errmsg(d->db));
			return rc;
		}
		rc = mes_plc_counters(d->db, u[i].name, seed_one, u[i].plc);
		if (rc != MES_OK) {
			dlog(LOG_ERR, "PLC %s: %s", u[i].name,
			   mes_db_errmsg(d->db));
			return rc;
		}
	}
	return MES_OK;
}

static void book(struct daemon *d, struct unit *u, int online, long long now,
                 const char *why)
{
	struct mes_machine_booking b;
	int rc;

	mes_session_touch(d->db);
	coll_booking(&u->p, u->name, online, online ? NULL : why ? why :
	             mes_mb_plc_errmsg(u->plc), &b, d->sigbuf,
	             COLL_MAX_SIGNALS);
	rc = mes_machine_book(d->db, &b);
	if (rc == MES_ERR_AUTH && login(d) == MES_OK)
		rc = mes_machine_book(d->db, &b);
	if (rc == MES_OK) {
		if (u->book_err[0])
			dlog(LOG_NOTICE, "PLC %s: booking again", u->name);
		u->book_err[0] = '\0';
		coll_booked(&u->p, online, now);
		return;
	}
	/* Kept pending: the next booking carries it, nothing is lost. */
	if (strcmp(u->book_err, mes_db_errmsg(d->db))) {
		snprintf(u->book_err, sizeof u->book_err, "%s",
		         mes_db_errmsg(d->db));
		dlog(LOG_ERR, "PLC %s: booking failed, kept for the next try: "
		   "%s", u->name, u->book_err);
	}
}

static void poll_unit(struct daemon *d, struct unit *u, long long now)
{
	char ts[32];
	int rc, online;

	rc = mes_mb_plc_poll(u->plc, now);
	online = rc == MES_OK;
	if (online != u->online)
		dlog(online ? LOG_NOTICE : LOG_WARNING, "PLC %s: %s%s%s",
		   u->name, online ? "online" : "offline",
		   online ? "" : ": ", online ? "" : mes_mb_plc_errmsg(u->plc));
	u->online = online;
	if (online) {
		mes_now_iso(ts);
		coll_take(&u->p, u->plc, ts);
	}
	if (coll_due(&u->p, online, now, d->book_ms))
		book(d, u, online, now, NULL);
}

/* Rereads mes.ini: PLCs that stay keep their baselines (the driver's
 * carry, then the saved readings win, so pending counts are recounted
 * from the PLC rather than lost). */
static void reload(struct daemon *d)
{
	struct mes_ini *ini = NULL;
	struct unit *u = NULL;
	size_t n = 0, i, j;
	char err[512];

	if (mes_ini_load(d->path, &ini, err, sizeof err) != MES_OK ||
	    read_config(d, ini, &u, &n, err, sizeof err) != MES_OK) {
		dlog(LOG_ERR, "SIGHUP: %s; keeping the running configuration",
		   err);
		mes_ini_free(ini);
		return;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < d->n; j++) {
			if (strcmp(u[i].name, d->u[j].name))
				continue;
			mes_mb_plc_carry(u[i].plc, d->u[j].plc);
			u[i].online = d->u[j].online;
			u[i].p.booked_online = d->u[j].p.booked_online;
			memcpy(u[i].p.booked_state, d->u[j].p.booked_state,
			       sizeof u[i].p.booked_state);
			memcpy(u[i].p.booked_fault, d->u[j].p.booked_fault,
			       sizeof u[i].p.booked_fault);
		}
	if (attach(d, ini, u, n) != MES_OK) {
		dlog(LOG_ERR, "SIGHUP: keeping the running configuration");
		free_units(u, n);
	} else {
		free_units(d->u, d->n);
		d->u = u;
		d->n = n;
		dlog(LOG_NOTICE, "reread %s: %zu PLC%s", d->path, n,
		   n == 1 ? "" : "s");
	}
	mes_ini_free(ini);
}

static void downsample(struct daemon *d, long long now)
{
	long long rows = 0;

	if (now < d->next_downsample_ms)
		return;
	d->next_downsample_ms = now + 600000;
	mes_session_touch(d->db);
	if (mes_samples_downsample(d->db, d->raw_window_s, d->bucket_s, NULL,
	                           &rows) != MES_OK)
		dlog(LOG_WARNING, "downsampling signal samples: %s",
		   mes_db_errmsg(d->db));
}

static void run(struct daemon *d)
{
	long long now, next, t;
	struct timespec ts;
	size_t i;

	while (!got_stop) {
		if (got_hup) {
			got_hup = 0;
			reload(d);
		}
		now = mes_mb_now_ms();
		for (i = 0; i < d->n && !got_stop; i++)
			if (now >= mes_mb_plc_next_ms(d->u[i].plc))
				poll_unit(d, &d->u[i], mes_mb_now_ms());
		downsample(d, now);
		now = mes_mb_now_ms();
		next = now + 200;
		for (i = 0; i < d->n; i++)
			if ((t = mes_mb_plc_next_ms(d->u[i].plc)) < next)
				next = t;
		if (next > now) {
			ts.tv_sec = (time_t)((next - now) / 1000);
			ts.tv_nsec = (long)((next - now) % 1000) * 1000000L;
			nanosleep(&ts, NULL);       /* a signal cuts it short */
		}
	}
	/* What was counted since the last booking is booked before exit;
	 * then nobody watches the PLCs: every screen shows them offline. */
	for (i = 0; i < d->n; i++) {
		if (d->u[i].online == 1)
			book(d, &d->u[i], 1, mes_mb_now_ms() + d->book_ms,
			     NULL);
		book(d, &d->u[i], 0, mes_mb_now_ms(), "mes-collect stopped");
	}
}

static int start(struct daemon *d)
{
	struct mes_ini *ini = NULL;
	char err[512];
	int rc;

	if (mes_ini_load(d->path, &ini, err, sizeof err) != MES_OK ||
	    mes_config_settings(ini, &d->set, NULL, NULL, err,
	                        sizeof err) != MES_OK ||
	    read_config(d, ini, &d->u, &d->n, err, sizeof err) != MES_OK) {
		dlog(LOG_ERR, "%s", err);
		mes_ini_free(ini);
		return 1;
	}
	rc = mes_db_open(&d->db, d->set.db_path, 0, &d->set);
	if (rc != MES_OK) {
		dlog(LOG_ERR, "%s", mes_db_errmsg(d->db));
		mes_ini_free(ini);
		return 1;
	}
	rc = login(d);
	if (rc == MES_OK)
		rc = attach(d, ini, d->u, d->n);
	mes_ini_free(ini);
	if (rc != MES_OK)
		return 1;
	dlog(LOG_NOTICE, "collecting from %zu PLC%s into %s as %s", d->n,
	   d->n == 1 ? "" : "s", d->set.db_path, d->user);
	return 0;
}

int collect_daemon(const struct args *a, const char *config_path)
{
	struct sigaction sa;
	struct daemon d;
	int rc;

	memset(&d, 0, sizeof d);
	d.a = a;
	snprintf(d.path, sizeof d.path, "%s", config_path);
	mes_settings_default(&d.set);
	dlog_open("mes-collect", !a->foreground);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;      /* no SA_RESTART: sleeps end early */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	d.sigbuf = calloc(COLL_MAX_SIGNALS, sizeof *d.sigbuf);
	rc = d.sigbuf ? start(&d) : 1;
	if (rc == 0) {
		run(&d);
		dlog(LOG_NOTICE, "stopped");
	}
	free_units(d.u, d.n);
	mes_db_close(d.db);
	free(d.sigbuf);
	dlog_close();
	return rc;
}
