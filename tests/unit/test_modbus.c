/*
 * drivers/modbus against a real peer: Modbus TCP over loopback to
 * mes-plcsim, started here on a free port and stopped by its PID. The
 * tag maps, plans and decoding without a network are in
 * test_modbus_offline.c.
 */
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "testhelp.h"
#include "mbfix.h"

/* ---- against mes-plcsim ------------------------------------------------- */

static char sim_bin[1024];
/* Simulators still running, stopped at exit whatever happened. */
static pid_t running[8];

static void kill_running(void)
{
	size_t i;

	for (i = 0; i < sizeof running / sizeof running[0]; i++)
		if (running[i] > 0) {
			kill(running[i], SIGKILL);
			waitpid(running[i], NULL, 0);
			running[i] = 0;
		}
}

static void track(pid_t pid, pid_t replace)
{
	size_t i;

	for (i = 0; i < sizeof running / sizeof running[0]; i++)
		if (running[i] == replace) {
			running[i] = pid;
			return;
		}
}

struct sim {
	pid_t pid;
	int fd;                 /* its stdout */
	int port;
};

static int find_sim(const char *argv0)
{
	const char *b = getenv("MES_BUILD");
	const char *slash;

	if (!b || !*b)
		b = getenv("BUILD");
	snprintf(sim_bin, sizeof sim_bin, "%s/mes-plcsim",
	         b && *b ? b : "build");
	if (access(sim_bin, X_OK) == 0)
		return 0;
	/* Beside the tests directory this binary was run from. */
	slash = strrchr(argv0, '/');
	if (slash)
		snprintf(sim_bin, sizeof sim_bin, "%.*s/../mes-plcsim",
		         (int)(slash - argv0), argv0);
	return access(sim_bin, X_OK);
}

/* Reads the "listening on host:port" line, for at most 5 s. */
static int read_port(int fd)
{
	char line[256];
	size_t n = 0;
	struct pollfd p = { fd, POLLIN, 0 };
	const char *c;

	while (n + 1 < sizeof line && poll(&p, 1, 5000) == 1) {
		if (read(fd, line + n, 1) != 1)
			break;
		if (line[n++] == '\n')
			break;
	}
	line[n] = '\0';
	c = strstr(line, "listening on ");
	c = c ? strchr(c + 13, ':') : NULL;
	return c ? atoi(c + 1) : -1;
}

/* Starts mes-plcsim on port (0: a free one) with extra arguments. */
static int sim_start(struct sim *s, int port, const char *const *extra)
{
	const char *argv[24];
	char portbuf[16];
	int fds[2], n = 0;

	snprintf(portbuf, sizeof portbuf, "%d", port);
	argv[n++] = sim_bin;
	argv[n++] = "--port";
	argv[n++] = portbuf;
	while (extra && *extra && n < 22)
		argv[n++] = *extra++;
	argv[n] = NULL;
	if (pipe(fds) != 0)
		return -1;
	s->pid = fork();
	if (s->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(sim_bin, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	if (s->pid > 0)
		track(s->pid, 0);
	s->fd = fds[0];
	s->port = s->pid > 0 ? read_port(s->fd) : -1;
	return s->port > 0 ? 0 : -1;
}

/* SIGTERM; 0 when it exited cleanly. */
static int sim_stop(struct sim *s)
{
	int status = -1;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, &status, 0);
	track(0, s->pid);
	close(s->fd);
	s->pid = 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The simulator's machine 1, with room for options per test. */
static struct mes_mb_plc *open_plc(int port, const char *link,
                                   const char *good_opt, const char *temp_opt)
{
	char text[2048];
	struct mes_mb_cfg *cfg;
	struct mes_mb_plc *plc = NULL;

	snprintf(text, sizeof text, "[plc sim]\nhost = 127.0.0.1\nport = %d\n"
	         "timeout_ms = 300\nretry_min_ms = 100\nretry_max_ms = 400\n%s"
	         "tag.state = hr:0 u16 role=state\n"
	         "tag.fault = hr:1 u16 role=fault\n"
	         "tag.good = hr:2 u32 role=good %s\n"
	         "tag.scrap = hr:4 u32 role=scrap\n"
	         "tag.cycles = hr:6 u32 role=cycles\n"
	         "tag.energy = hr:8 float32 order=cdab min=0 role=energy\n"
	         "tag.temp = hr:10 i16 scale=0.1 role=signal %s\n"
	         "tag.heartbeat = hr:11 u16 role=heartbeat\n"
	         "tag.temp_fine = ir:0 float32\n"
	         "tag.running = di:0\ntag.fault_active = di:1\n"
	         "tag.auto = coil:0\n"
	         "state.1 = running\nstate.2 = idle\nstate.3 = down\n"
	         "state.4 = setup\nfault.101 = jam at infeed\n", port,
	         link ? link : "", good_opt ? good_opt : "",
	         temp_opt ? temp_opt : "");
	if (load_text(text, "plc sim", &cfg) != MES_OK) {
		fprintf(stderr, "  %s\n", err);
		return NULL;
	}
	if (mes_mb_plc_open(&plc, cfg) != MES_OK)
		return NULL;
	return plc;
}

static const struct mes_mb_sample *sample(const struct mes_mb_plc *plc,
                                          const char *name)
{
	static struct mes_mb_sample none = { .quality = MES_MB_Q_NEW };
	const struct mes_mb_sample *s;
	size_t i, n;

	s = mes_mb_plc_samples(plc, &n);
	for (i = 0; i < n; i++)
		if (!strcmp(s[i].tag->name, name))
			return &s[i];
	fprintf(stderr, "  no tag %s\n", name);
	t_case_failed = 1;
	return &none;
}

static long long
requests(const struct mes_mb_plc *plc)
{
	struct mes_mb_stats st;

	mes_mb_plc_stats(plc, &st);
	return st.requests;
}

static void live_values(void)
{
	struct mes_mb_plc *plc;
	struct sim s;
	const struct mes_mb_sample *x;
	long long t = 1000000;

	T_CASE("live: a cycle reads every tag in 4 requests");
	T_CHECK(sim_start(&s, 0, NULL) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK(plc != NULL);
	T_CHECK(mes_mb_plc_link(plc) == MES_MB_LINK_NEW);
	T_CHECK(sample(plc, "good")->quality == MES_MB_Q_NEW);
	T_CHECK_RC(mes_mb_plc_poll(plc, t), MES_OK);
	T_CHECK(requests(plc) == 4);
	T_CHECK(mes_mb_plc_link(plc) == MES_MB_LINK_ONLINE);
	x = sample(plc, "state");
	T_CHECK(x->quality == 0 && x->state != MES_MB_STATE_UNKNOWN);
	x = sample(plc, "energy");
	T_CHECK(x->quality == 0 && x->value >= 1000 && x->value < 1001);
	x = sample(plc, "temp");
	T_CHECK(x->quality == 0 && x->value > 0 && x->value < 100);
	T_CHECK(fabs(x->value - sample(plc, "temp_fine")->value) < 0.1);
	T_CHECK(sample(plc, "auto")->value == 1);
	T_CHECK(!sample(plc, "good")->has_delta);
	T_CHECK(mes_mb_plc_next_ms(plc) == t + 1000);
	T_CHECK_RC(mes_mb_plc_poll(plc, t + 1000), MES_OK);
	x = sample(plc, "good");
	T_CHECK(x->has_delta && x->delta >= 0 && x->delta < 10);
	T_CHECK(requests(plc) == 8);

	T_CASE("live: SIGTERM stops mes-plcsim cleanly");
	T_CHECK(sim_stop(&s) == 0);
	mes_mb_plc_close(plc);
}

static void live_wrong_unit(void)
{
	static const char *const wrong[] = { "--wrong-unit", NULL };
	static const char *const other[] = { "--unit", "5", NULL };
	struct mes_mb_plc *plc;
	struct sim s;

	T_CASE("live: a reply from the wrong unit id is refused");
	T_CHECK(sim_start(&s, 0, wrong) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_ERR_IO);
	T_CHECK_HAS(mes_mb_plc_errmsg(plc), "unit id 2, expected 1");
	T_CHECK(sample(plc, "state")->quality & MES_MB_Q_BADREPLY);
	T_CHECK(sample(plc, "auto")->quality & MES_MB_Q_BADREPLY);
	T_CHECK(mes_mb_plc_link(plc) == MES_MB_LINK_OFFLINE);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);

	T_CASE("live: a gateway's 0B exception is an unreachable PLC");
	T_CHECK(sim_start(&s, 0, other) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_ERR_IO);
	T_CHECK_HAS(mes_mb_plc_errmsg(plc), "unreachable");
	T_CHECK(sample(plc, "state")->quality & MES_MB_Q_OFFLINE);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);
}

static void live_exceptions(void)
{
	static const char *const at10[] = { "--exception", "2@10", NULL };
	static const char *const busy[] = { "--exception", "6", NULL };
	const struct mes_mb_sample *x;
	struct mes_mb_plc *plc;
	char q[96];
	struct sim s;

	T_CASE("live: exception 02 marks its request's tags, not retried");
	T_CHECK(sim_start(&s, 0, at10) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	x = sample(plc, "temp");
	T_CHECK(x->quality == MES_MB_Q_EXCEPTION && x->exception == 2);
	T_CHECK(sample(plc, "state")->quality == MES_MB_Q_EXCEPTION);
	T_CHECK(sample(plc, "temp_fine")->quality == 0);
	T_CHECK(sample(plc, "running")->quality == 0);
	mes_mb_quality_str(x, q, sizeof q);
	T_CHECK_STR(q, "exception 02 (illegal data address)");
	T_CHECK(requests(plc) == 4);
	T_CHECK_RC(mes_mb_plc_poll(plc, 2000), MES_OK);
	/* The holding registers wait exception_retry_ms before a retry. */
	T_CHECK(requests(plc) == 7);
	T_CHECK(sample(plc, "temp")->exception == 2);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);

	T_CASE("live: 06 busy is retried busy_retries times");
	T_CHECK(sim_start(&s, 0, busy) == 0);
	plc = open_plc(s.port, "busy_retries = 2\n", NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	T_CHECK(requests(plc) == 12);
	T_CHECK(sample(plc, "good")->exception == 6);
	T_CHECK_RC(mes_mb_plc_poll(plc, 2000), MES_OK);
	T_CHECK(requests(plc) == 24);   /* 05/06 are not quarantined */
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);
}

static void live_offline(void)
{
	static const char *const stop4[] = { "--stop-after", "4", NULL };
	const struct mes_mb_sample *x;
	struct mes_mb_plc *plc;
	struct mes_mb_stats st;
	struct sim s;
	double before;

	T_CASE("live: a PLC that stops answering goes offline, then back");
	T_CHECK(sim_start(&s, 0, stop4) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 10000), MES_OK);
	before = sample(plc, "cycles")->raw;
	T_CHECK_RC(mes_mb_plc_poll(plc, 11000), MES_ERR_IO);
	T_CHECK_HAS(mes_mb_plc_errmsg(plc), "no reply");
	T_CHECK(mes_mb_plc_link(plc) == MES_MB_LINK_OFFLINE);
	x = sample(plc, "cycles");
	T_CHECK(x->quality == MES_MB_Q_OFFLINE && x->raw == before);
	T_CHECK(mes_mb_plc_next_ms(plc) == 11100);
	/* Backing off: no request at all before next_ms. */
	T_CHECK_RC(mes_mb_plc_poll(plc, 11050), MES_ERR_IO);
	T_CHECK(requests(plc) == 5);
	kill(s.pid, SIGUSR1);
	pause_ms(100);
	T_CHECK_RC(mes_mb_plc_poll(plc, 11100), MES_OK);
	T_CHECK(mes_mb_plc_link(plc) == MES_MB_LINK_ONLINE);
	mes_mb_plc_stats(plc, &st);
	T_CHECK(st.reconnects == 1 && st.failures == 1);
	x = sample(plc, "cycles");
	/* Counted from the last value before the outage: nothing lost. */
	T_CHECK(x->has_delta && x->delta == x->raw - before);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);

	T_CASE("live: nothing listening is offline at once");
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_ERR_IO);
	T_CHECK_HAS(mes_mb_plc_errmsg(plc), "connect");
	T_CHECK(sample(plc, "good")->quality & MES_MB_Q_OFFLINE);
	mes_mb_plc_close(plc);
}

static void live_counters(void)
{
	static const char *const high[] = { "--counter-start", "4294967290",
	                                    "--speed", "100", "--fault-rate",
	                                    "0", NULL };
	/* Frozen, so that the expected deltas do not depend on timing. */
	static const char *const first[] = { "--counter-start", "5000",
	                                     "--speed", "0", NULL };
	static const char *const again[] = { "--counter-start", "100",
	                                     "--speed", "0", NULL };
	static const char *const timed[] = { "--counter-start", "77",
	                                     "--speed", "0",
	                                     "--restart-counters", "0.5",
	                                     NULL };
	const struct mes_mb_sample *x;
	struct mes_mb_plc *plc;
	struct sim s;
	double before;
	int port;

	T_CASE("live: a u32 counter wraps without a negative delta");
	T_CHECK(sim_start(&s, 0, high) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	before = sample(plc, "cycles")->raw;
	pause_ms(700);
	T_CHECK_RC(mes_mb_plc_poll(plc, 2000), MES_OK);
	x = sample(plc, "cycles");
	T_CHECK(x->raw < before);       /* it did wrap */
	T_CHECK(x->has_delta && x->delta == x->raw + 4294967296.0 - before);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);

	T_CASE("live: a PLC restart counts from zero, never negative");
	T_CHECK(sim_start(&s, 0, first) == 0);
	port = s.port;
	plc = open_plc(port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	T_CHECK(sample(plc, "cycles")->raw >= 5000);
	T_CHECK(sim_stop(&s) == 0);
	T_CHECK_RC(mes_mb_plc_poll(plc, 2000), MES_ERR_IO);
	T_CHECK(sim_start(&s, port, again) == 0);
	T_CHECK_RC(mes_mb_plc_poll(plc, 3000), MES_OK);
	x = sample(plc, "cycles");
	T_CHECK(x->raw == 100 && x->has_delta && x->delta == 100);
	kill(s.pid, SIGUSR2);           /* counters to zero while connected */
	pause_ms(100);
	T_CHECK_RC(mes_mb_plc_poll(plc, 4000), MES_OK);
	x = sample(plc, "cycles");
	T_CHECK(x->raw == 0 && x->has_delta && x->delta == 0);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);

	T_CASE("live: a seeded or carried baseline loses no counts");
	T_CHECK(sim_start(&s, 0, again) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_seed(plc, "cycles", 60), MES_OK);
	T_CHECK_RC(mes_mb_plc_seed(plc, "temp", 60), MES_ERR_ARG);
	T_CHECK_RC(mes_mb_plc_seed(plc, "nosuch", 60), MES_ERR_NOTFOUND);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	x = sample(plc, "cycles");
	T_CHECK(x->has_delta && x->delta == 40 && x->counter == 100);
	{
		struct mes_mb_plc *next = open_plc(s.port, NULL, NULL, NULL);

		T_CHECK(mes_mb_plc_carry(next, plc) == 12);
		T_CHECK_RC(mes_mb_plc_poll(next, 2000), MES_OK);
		x = sample(next, "cycles");
		T_CHECK(x->has_delta && x->delta == 0);
		mes_mb_plc_close(next);
	}
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);

	T_CASE("live: --restart-counters restarts them on a timer");
	T_CHECK(sim_start(&s, 0, timed) == 0);
	plc = open_plc(s.port, NULL, NULL, NULL);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	T_CHECK(sample(plc, "good")->raw == 77);
	pause_ms(700);
	T_CHECK_RC(mes_mb_plc_poll(plc, 2000), MES_OK);
	x = sample(plc, "good");
	T_CHECK(x->raw == 0 && x->has_delta && x->delta == 0);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);
}

static void live_flags(void)
{
	static const char *const frozen[] = { "--speed", "0", NULL };
	static const char *const two[] = { "--machines", "2", NULL };
	struct mes_mb_cfg *cfg;
	struct mes_mb_plc *plc;
	char text[512];
	struct sim s;

	T_CASE("live: frozen heartbeat and counter are stale, range flagged");
	T_CHECK(sim_start(&s, 0, frozen) == 0);
	plc = open_plc(s.port, NULL, "stale=1000", "max=1");
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	T_CHECK(sample(plc, "heartbeat")->quality == 0);
	T_CHECK(sample(plc, "temp")->quality == MES_MB_Q_RANGE);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1900), MES_OK);
	T_CHECK(sample(plc, "good")->quality == 0);
	T_CHECK_RC(mes_mb_plc_poll(plc, 6000), MES_OK);
	T_CHECK(sample(plc, "heartbeat")->quality == MES_MB_Q_STALE);
	T_CHECK(sample(plc, "good")->quality == MES_MB_Q_STALE);
	T_CHECK(sample(plc, "scrap")->quality == 0);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);

	T_CASE("live: a bridged gap refused with 02 is planned without gaps");
	T_CHECK(sim_start(&s, 0, two) == 0);
	snprintf(text, sizeof text, "[plc two]\nhost = 127.0.0.1\nport = %d\n"
	         "gap = 100\ntag.a = hr:0\ntag.b = hr:100\n", s.port);
	T_CHECK_RC(load_text(text, "plc two", &cfg), MES_OK);
	T_CHECK_RC(mes_mb_plc_open(&plc, cfg), MES_OK);
	T_CHECK(mes_mb_plc_plan(plc)->nreqs == 1);
	T_CHECK_RC(mes_mb_plc_poll(plc, 1000), MES_OK);
	T_CHECK(sample(plc, "b")->exception == 2);
	T_CHECK(mes_mb_plc_plan(plc)->nreqs == 2);
	T_CHECK_RC(mes_mb_plc_poll(plc, 2000), MES_OK);
	T_CHECK(sample(plc, "a")->quality == 0 &&
	        sample(plc, "b")->quality == 0);
	mes_mb_plc_close(plc);
	T_CHECK(sim_stop(&s) == 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	signal(SIGPIPE, SIG_IGN);
	atexit(kill_running);
	T_CASE("live: mes-plcsim is built");
	T_CHECK(find_sim(argv[0]) == 0);
	if (!t_case_failed) {
		live_values();
		live_wrong_unit();
		live_exceptions();
		live_offline();
		live_counters();
		live_flags();
	}
	return t_report("test_modbus");
}
