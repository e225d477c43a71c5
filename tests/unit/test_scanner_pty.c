/*
 * drivers/scanner for real: the driver on a socat pty pair started here
 * (written at one end, read at the other; socat killed and restarted to
 * unplug and replug the "scanner"). Framing and settings without a
 * device are in test_scanner.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scanfix.h"
#include "testhelp.h"

/* ---- a real pty pair through socat -------------------------------------- */

struct pty_pair {
	char dir[160];
	char a[200], b[200], log[200];
	pid_t pid;
};

struct got {
	enum mes_scan_kind kind;
	enum mes_scan_drop drop;
	char data[512];
	size_t len;
	char msg[1400];
	char seen[1024];        /* every event on the way, for reports */
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int have_socat(void)
{
	const char *path = getenv("PATH");
	char buf[4096], exe[4200], *save = NULL, *d;

	snprintf(buf, sizeof buf, "%s", path ? path : "/usr/bin:/bin");
	for (d = strtok_r(buf, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(exe, sizeof exe, "%s/socat", *d ? d : ".");
		if (access(exe, X_OK) == 0)
			return 1;
	}
	return 0;
}

static void socat_stop(struct pty_pair *pp)
{
	if (pp->pid <= 0)
		return;
	/* SIGTERM, so socat removes its links as an unplug removes a
	 * /dev/serial/by-id name. */
	kill(pp->pid, SIGTERM);
	waitpid(pp->pid, NULL, 0);
	pp->pid = -1;
}

static int socat_start(struct pty_pair *pp)
{
	char sa[320], sb[320];
	struct stat st;
	pid_t pid;
	int i, fd;

	unlink(pp->a);
	unlink(pp->b);
	snprintf(sa, sizeof sa, "pty,raw,echo=0,link=%s", pp->a);
	snprintf(sb, sizeof sb, "pty,raw,echo=0,link=%s", pp->b);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(pp->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0)
			dup2(fd, 2);
		fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
		}
		execlp("socat", "socat", "-d", "-d", sa, sb, (char *)NULL);
		_exit(127);
	}
	pp->pid = pid;
	for (i = 0; i < 300; i++) {
		if (stat(pp->a, &st) == 0 && stat(pp->b, &st) == 0)
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			pp->pid = -1;
			return -1;
		}
		sleep_ms(10);
	}
	socat_stop(pp);
	return -1;
}

/* The loop a program runs, until an event of kind arrives or ms pass;
 * with MES_SCAN_NONE it just runs for ms, collecting what it sees. */
static int wait_for(struct mes_scanner *sc, enum mes_scan_kind kind, int ms,
                    struct got *g)
{
	long long end = now_ms() + ms;
	struct mes_scan_event ev;
	size_t o = 0;

	memset(g, 0, sizeof *g);
	for (;;) {
		struct pollfd p;
		long long left;
		int t;

		while (mes_scanner_read(sc, &ev) == MES_OK &&
		       ev.kind != MES_SCAN_NONE) {
			int drop = ev.kind == MES_SCAN_DROP;

			if (o < sizeof g->seen - 1)
				o += (size_t)snprintf(g->seen + o,
				    sizeof g->seen - o, "[%s%s%s \"%.*s\"] ",
				    mes_scan_kind_name(ev.kind),
				    drop ? " " : "",
				    drop ? mes_scan_drop_name(ev.drop) : "",
				    (int)(ev.len < 60 ? ev.len : 60), ev.data);
			if (ev.kind != kind)
				continue;
			g->kind = ev.kind;
			g->drop = ev.drop;
			g->len = ev.len < sizeof g->data - 1 ? ev.len :
			         sizeof g->data - 1;
			memcpy(g->data, ev.data, g->len);
			snprintf(g->msg, sizeof g->msg, "%s", ev.msg);
			return 1;
		}
		left = end - now_ms();
		if (left <= 0 && kind == MES_SCAN_NONE)
			return 0;
		if (left <= 0) {
			fprintf(stderr, "  no %s event within %d ms; saw: %s\n",
			        mes_scan_kind_name(kind), ms, g->seen);
			return 0;
		}
		t = mes_scanner_timeout_ms(sc);
		if (t < 0 || t > left)
			t = (int)left;
		p.fd = mes_scanner_fd(sc);
		p.events = POLLIN;
		p.revents = 0;
		poll(&p, p.fd >= 0 ? 1 : 0, t);
	}
}

static int send_str(struct mes_serial *w, const char *s)
{
	long n = mes_serial_write(w, s, strlen(s), 1000);

	if (n != (long)strlen(s))
		fprintf(stderr, "  write \"%s\": %s\n", s,
		        mes_serial_errmsg(w));
	return n == (long)strlen(s);
}

static void scanner_cfg(struct mes_scanner_cfg *c, const struct pty_pair *pp,
                        const char *backend)
{
	mes_scanner_cfg_default(c);
	snprintf(c->serial.port, sizeof c->serial.port, "%s", pp->b);
	T_CHECK_RC(set(c, "backend", backend), MES_OK);
	T_CHECK_RC(set(c, "gs_substitute", "~"), MES_OK);
	c->frame.timeout_ms = 150;
	c->retry_min_ms = 50;
	c->retry_max_ms = 400;
}

static struct mes_scanner *pty_open_cases(const struct pty_pair *pp)
{
	struct mes_scanner_cfg c;
	struct mes_scanner *sc = NULL, *other = NULL;

	T_CASE("pty: libserialport alone refuses a pty and says what to do");
	scanner_cfg(&c, pp, "libserialport");
	T_CHECK_RC(mes_scanner_open(&sc, &c), MES_ERR_IO);
	T_CHECK(mes_scanner_state(sc) == MES_SCANNER_DISCONNECTED);
	T_CHECK_HAS(mes_scanner_errmsg(sc), "libserialport");
	T_CHECK_HAS(mes_scanner_errmsg(sc), "backend to termios");
	mes_scanner_close(sc);

	T_CASE("pty: automatic backend falls back to termios");
	scanner_cfg(&c, pp, "auto");
	T_CHECK_RC(mes_scanner_open(&sc, &c), MES_OK);
	T_CHECK_STR(mes_scanner_backend(sc), "termios");
	T_CHECK_HAS(mes_scanner_note(sc), "libserialport refused /dev/pts/");
	T_CHECK(mes_scanner_fd(sc) >= 0);
	T_CHECK(mes_scanner_state(sc) == MES_SCANNER_CONNECTED);
	T_CHECK_STR(mes_scanner_errmsg(sc), "");

	T_CASE("pty: a second program cannot share the scanner");
	scanner_cfg(&c, pp, "termios");
	T_CHECK_RC(mes_scanner_open(&other, &c), MES_ERR_IO);
	T_CHECK_HAS(mes_scanner_errmsg(other), "in use by another process");
	mes_scanner_close(other);
	return sc;
}

static void pty_read_cases(struct mes_scanner *sc, struct mes_serial *w)
{
	struct got g;
	long long t0;

	T_CASE("pty: GS1 scan with the GS substitute arrives whole");
	T_CHECK(send_str(w, "]C10109521234543213"));
	T_CHECK(send_str(w, "10ABC123~17251231\r"));
	T_CHECK(wait_for(sc, MES_SCAN_DATA, 2000, &g));
	T_CHECK_STR(g.data, "]C1010952123454321310ABC123\x1d" "17251231");
	T_CHECK(strstr(g.seen, "drop") == NULL);

	T_CASE("pty: a frame split across writes is joined");
	T_CHECK(send_str(w, "ab"));
	sleep_ms(40);
	T_CHECK(send_str(w, "cd\r\n"));
	T_CHECK(wait_for(sc, MES_SCAN_DATA, 2000, &g));
	T_CHECK_STR(g.data, "abcd");
	T_CHECK(send_str(w, "ef\r"));
	T_CHECK(wait_for(sc, MES_SCAN_DATA, 2000, &g));
	T_CHECK_STR(g.data, "ef");

	T_CASE("pty: a partial line times out and is dropped with a reason");
	t0 = now_ms();
	T_CHECK(send_str(w, "partial"));
	T_CHECK(wait_for(sc, MES_SCAN_DROP, 2000, &g));
	T_CHECK(now_ms() - t0 >= 140);
	T_CHECK(g.drop == MES_SCAN_DROP_TIMEOUT);
	T_CHECK_HAS(g.msg, "\"partial\"");
	T_CHECK_HAS(g.msg, "150 ms");
	T_CHECK(send_str(w, "whole\r"));
	T_CHECK(wait_for(sc, MES_SCAN_DATA, 2000, &g));
	T_CHECK_STR(g.data, "whole");
}

static void pty_unplug_cases(struct pty_pair *pp, struct mes_scanner *sc,
                             struct mes_serial *w)
{
	struct mes_scan_event ev;
	struct got g, early;
	int i, bounded = 1, again = 0;

	T_CASE("pty: unplugging reports disconnected, half a line is dropped");
	T_CHECK(send_str(w, "half"));
	wait_for(sc, MES_SCAN_NONE, 40, &early);
	T_CHECK_STR(early.seen, "");
	socat_stop(pp);
	mes_serial_disconnect(w);
	T_CHECK(wait_for(sc, MES_SCAN_DISCONNECTED, 2000, &g));
	/* Dropped as "reset" when the hangup comes first, else as "timeout". */
	T_CHECK(strncmp(g.seen, "[drop reset", 11) == 0 ||
	        strncmp(g.seen, "[drop timeout", 13) == 0);
	T_CHECK_HAS(g.msg, "disconnected");
	T_CHECK_HAS(g.msg, pp->b);
	T_CHECK(strstr(g.seen, "[data") == NULL);
	T_CHECK(mes_scanner_state(sc) == MES_SCANNER_DISCONNECTED);
	T_CHECK_STR(mes_scanner_state_name(mes_scanner_state(sc)),
	            "disconnected");
	T_CHECK(mes_scanner_fd(sc) == -1);

	T_CASE("pty: retries stay within the back-off bound, reported once");
	for (i = 0; i < 12; i++) {
		int t = mes_scanner_timeout_ms(sc);

		if (t < 0 || t > 400)
			bounded = 0;
		sleep_ms(50);
		while (mes_scanner_read(sc, &ev) == MES_OK &&
		       ev.kind != MES_SCAN_NONE)
			again++;
	}
	T_CHECK(bounded);
	T_CHECK(again == 0);
	T_CHECK_HAS(mes_scanner_errmsg(sc), "No such file");

	T_CASE("pty: plugging back in reconnects without a restart");
	T_CHECK(socat_start(pp) == 0);
	T_CHECK(wait_for(sc, MES_SCAN_CONNECTED, 3000, &g));
	T_CHECK_HAS(g.msg, "scanner connected");
	T_CHECK_HAS(g.msg, "termios");
	T_CHECK(mes_scanner_state(sc) == MES_SCANNER_CONNECTED);
	T_CHECK(mes_scanner_fd(sc) >= 0);
	T_CHECK_RC(mes_serial_connect(w), MES_OK);
	T_CHECK(send_str(w, "again\r"));
	T_CHECK(wait_for(sc, MES_SCAN_DATA, 2000, &g));
	T_CHECK_STR(g.data, "again");

	T_CASE("pty: reopen on demand");
	T_CHECK_RC(mes_scanner_reopen(sc), MES_OK);
	T_CHECK(send_str(w, "after\r"));
	T_CHECK(wait_for(sc, MES_SCAN_DATA, 2000, &g));
	T_CHECK_STR(g.data, "after");
}

/* The scanner is not plugged in when the program starts. */
static void pty_late_cases(struct pty_pair *pp, struct mes_serial *w)
{
	struct mes_scanner_cfg c;
	struct mes_scanner *sc = NULL;
	struct got g;

	T_CASE("pty: missing port at start is retried until it appears");
	socat_stop(pp);
	mes_serial_disconnect(w);
	scanner_cfg(&c, pp, "auto");
	T_CHECK_RC(mes_scanner_open(&sc, &c), MES_ERR_IO);
	T_CHECK(mes_scanner_state(sc) == MES_SCANNER_DISCONNECTED);
	T_CHECK_HAS(mes_scanner_errmsg(sc), "No such file or directory");
	T_CHECK(wait_for(sc, MES_SCAN_DISCONNECTED, 500, &g));
	T_CHECK_HAS(g.msg, pp->b);
	T_CHECK_RC(mes_scanner_reopen(sc), MES_ERR_IO);
	T_CHECK(socat_start(pp) == 0);
	T_CHECK(wait_for(sc, MES_SCAN_CONNECTED, 3000, &g));
	T_CHECK_RC(mes_serial_connect(w), MES_OK);
	T_CHECK(send_str(w, "late\r"));
	T_CHECK(wait_for(sc, MES_SCAN_DATA, 2000, &g));
	T_CHECK_STR(g.data, "late");
	mes_scanner_close(sc);

	T_CASE("pty: termios applies 19200 7E2 with RTS/CTS");
	scanner_cfg(&c, pp, "termios");
	c.serial.baud = 19200;
	c.serial.data_bits = 7;
	c.serial.parity = MES_SERIAL_PARITY_EVEN;
	c.serial.stop_bits = 2;
	c.serial.flow = MES_SERIAL_FLOW_RTSCTS;
	T_CHECK_RC(mes_scanner_open(&sc, &c), MES_OK);
	mes_scanner_close(sc);
}

static void test_pty(void)
{
	struct mes_serial_cfg wc;
	struct mes_serial *w = NULL;
	struct mes_scanner *sc;
	struct pty_pair pp;
	const char *tmp = getenv("TMPDIR");

	T_CASE("pty: socat is available for the serial tests");
	if (!have_socat()) {
		fprintf(stderr, "  socat is not installed, so the serial "
		        "tests did not run (apt-get install socat)\n");
		T_CHECK(!"socat missing");
		return;
	}
	memset(&pp, 0, sizeof pp);
	pp.pid = -1;
	snprintf(pp.dir, sizeof pp.dir, "%s/mes-scan-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	T_CHECK(mkdtemp(pp.dir) != NULL);
	snprintf(pp.a, sizeof pp.a, "%s/a", pp.dir);
	snprintf(pp.b, sizeof pp.b, "%s/b", pp.dir);
	snprintf(pp.log, sizeof pp.log, "%s/socat.log", pp.dir);
	if (socat_start(&pp) != 0) {
		fprintf(stderr, "  socat did not create its ptys, see %s\n",
		        pp.log);
		T_CHECK(!"socat failed");
		return;
	}
	mes_serial_cfg_default(&wc);
	snprintf(wc.port, sizeof wc.port, "%s", pp.a);
	T_CHECK_RC(mes_serial_new(&w, &wc), MES_OK);
	T_CHECK_RC(mes_serial_connect(w), MES_OK);
	sc = pty_open_cases(&pp);
	pty_read_cases(sc, w);
	pty_unplug_cases(&pp, sc, w);
	mes_scanner_close(sc);
	pty_late_cases(&pp, w);
	mes_serial_free(w);
	socat_stop(&pp);
	unlink(pp.log);
	unlink(pp.a);
	unlink(pp.b);
	rmdir(pp.dir);
}

int main(void)
{
	test_pty();
	return t_report("test_scanner_pty");
}
