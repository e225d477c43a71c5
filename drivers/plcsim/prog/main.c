/*
 * mes-plcsim: a Modbus TCP server (or RTU slave on a serial port or pty)
 * that pretends to be a line of machines, for commissioning mes-collect
 * without a plant and for the tests.  It
 * can also misbehave on request (stop answering, answer for the wrong
 * unit, raise exceptions, answer late, restart its counters), because a
 * collector that has only met polite PLCs has not been tested.
 *
 * libmodbus listens and frames the requests; replies are built here so
 * the misbehaviours can be exact.  Single-threaded: one select() loop over
 * the listening socket and every client, or the serial port.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <modbus.h>

#include "mes.h"
#include "plcsim/sim.h"

#define MAX_CLIENTS 256
#define MAX_EXC 8

struct exc_hook {
	int code;
	long addr;              /* -1: every request */
};

struct opts {
	const char *bind;
	int port, unit;
	double speed;
	long stop_after;        /* -1: never */
	int wrong_unit;
	struct exc_hook exc[MAX_EXC];
	int nexc;
	double restart_s;       /* 0: never */
	int delay_ms;
	int print_map;
	const char *rtu;        /* serial device: RTU instead of TCP */
	int baud;
	char parity;
	struct mes_sim_opts sim;
};

static volatile sig_atomic_t got_term, got_resume, got_restart;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_resume = 1;
	else if (sig == SIGUSR2)
		got_restart = 1;
	else
		got_term = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: mes-plcsim [options]\n"
"  --port N            TCP port (default 1502; 0 picks a free one)\n"
"  --bind ADDR         address to listen on (default 127.0.0.1)\n"
"  --rtu DEVICE        serve Modbus RTU on a serial port or pty instead\n"
"  --baud N            RTU baud rate (default 19200)\n"
"  --parity P          RTU parity none, even or odd (default even)\n"
"  --unit N            unit id answered, 0 for any (default 1)\n"
"  --machines N        machines, at addresses N*100 (default 1)\n"
"  --seed N            random seed (default 1)\n"
"  --speed X           simulated seconds per second, 0 freezes (default 1)\n"
"  --fault-rate X      breakdowns per running hour (default 2)\n"
"  --counter-start N   first value of the counters (default 0)\n"
"  --print-map         print the map as mes.ini [plc] sections and exit\n"
"test hooks:\n"
"  --stop-after N      stop answering after N requests (SIGUSR1 resumes)\n"
"  --wrong-unit        answer with the unit id plus one\n"
"  --exception CODE[@ADDR]  answer requests (covering ADDR) with CODE\n"
"  --delay MS          answer every request MS late\n"
"  --restart-counters S     counters back to 0 every S seconds (and on\n"
"                      SIGUSR2)\n"
"  --help, --version\n");
}

static int num_arg(const char *name, const char *s, double lo, double hi,
                   double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !(v >= lo && v <= hi)) {
		fprintf(stderr, "mes-plcsim: %s \"%s\": expected a number from "
		        "%g to %g\n", name, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static int exc_arg(struct opts *o, const char *s)
{
	const char *at = strchr(s, '@');
	char code[8];
	double c, a = -1;
	size_t len = at ? (size_t)(at - s) : strlen(s);

	if (o->nexc == MAX_EXC || len == 0 || len >= sizeof code) {
		fprintf(stderr, "mes-plcsim: --exception \"%s\": expected "
		        "CODE[@ADDR], at most %d\n", s, MAX_EXC);
		return -1;
	}
	memcpy(code, s, len);
	code[len] = '\0';
	if (num_arg("--exception", code, 1, 255, &c) != 0 ||
	    (at && num_arg("--exception address", at + 1, 0, 65535, &a)))
		return -1;
	o->exc[o->nexc].code = (int)c;
	o->exc[o->nexc].addr = (long)a;
	o->nexc++;
	return 0;
}

enum { O_PORT = 256, O_BIND, O_RTU, O_BAUD, O_PARITY, O_UNIT, O_MACHINES, O_SEED, O_SPEED, O_FAULT,
       O_START, O_MAP, O_STOP, O_WRONG, O_EXC, O_DELAY, O_RESTART,
       O_HELP, O_VERSION };

static const struct option longopts[] = {
	{ "port", required_argument, NULL, O_PORT },
	{ "bind", required_argument, NULL, O_BIND },
	{ "rtu", required_argument, NULL, O_RTU },
	{ "baud", required_argument, NULL, O_BAUD },
	{ "parity", required_argument, NULL, O_PARITY },
	{ "unit", required_argument, NULL, O_UNIT },
	{ "machines", required_argument, NULL, O_MACHINES },
	{ "seed", required_argument, NULL, O_SEED },
	{ "speed", required_argument, NULL, O_SPEED },
	{ "fault-rate", required_argument, NULL, O_FAULT },
	{ "counter-start", required_argument, NULL, O_START },
	{ "print-map", no_argument, NULL, O_MAP },
	{ "stop-after", required_argument, NULL, O_STOP },
	{ "wrong-unit", no_argument, NULL, O_WRONG },
	{ "exception", required_argument, NULL, O_EXC },
	{ "delay", required_argument, NULL, O_DELAY },
	{ "restart-counters", required_argument, NULL, O_RESTART },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* The numeric options and what each may be. */
static const struct {
	int opt;
	const char *name;
	double lo, hi;
} numopts[] = {
	{ O_PORT, "--port", 0, 65535 },
	{ O_UNIT, "--unit", 0, 255 },
	{ O_BAUD, "--baud", 300, 1000000 },
	{ O_MACHINES, "--machines", 1, MES_SIM_MAX_MACHINES },
	{ O_SEED, "--seed", 0, 1e15 },
	{ O_SPEED, "--speed", 0, 10000 },
	{ O_FAULT, "--fault-rate", 0, 3600 },
	{ O_START, "--counter-start", 0, 4294967295.0 },
	{ O_STOP, "--stop-after", 0, 1e12 },
	{ O_DELAY, "--delay", 0, 60000 },
	{ O_RESTART, "--restart-counters", 0.001, 1e9 },
};

static void store(struct opts *o, int c, double v)
{
	switch (c) {
	case O_PORT:
		o->port = (int)v;
		break;
	case O_UNIT:
		o->unit = (int)v;
		break;
	case O_BAUD:
		o->baud = (int)v;
		break;
	case O_MACHINES:
		o->sim.machines = (int)v;
		break;
	case O_SEED:
		o->sim.seed = (uint64_t)v;
		break;
	case O_SPEED:
		o->speed = v;
		break;
	case O_FAULT:
		o->sim.fault_rate = v;
		break;
	case O_START:
		o->sim.counter_start = (uint32_t)v;
		break;
	case O_STOP:
		o->stop_after = (long)v;
		break;
	case O_DELAY:
		o->delay_ms = (int)v;
		break;
	case O_RESTART:
		o->restart_s = v;
		break;
	}
}

/* 0 to run, 1 to exit 0 (help, version), 2 for a usage error. */
static int one_opt(struct opts *o, int c, const char *arg)
{
	size_t i;
	double v;

	for (i = 0; i < sizeof numopts / sizeof numopts[0]; i++) {
		if (numopts[i].opt != c)
			continue;
		if (num_arg(numopts[i].name, arg, numopts[i].lo,
		            numopts[i].hi, &v) != 0)
			return 2;
		store(o, c, v);
		return 0;
	}
	switch (c) {
	case O_BIND:
		o->bind = arg;
		return 0;
	case O_RTU:
		o->rtu = arg;
		return 0;
	case O_PARITY:
		if (!strcasecmp(arg, "none") || !strcasecmp(arg, "even") ||
		    !strcasecmp(arg, "odd")) {
			o->parity = (char)toupper((unsigned char)arg[0]);
			return 0;
		}
		fprintf(stderr, "mes-plcsim: --parity \"%s\": expected none, "
		        "even or odd\n", arg);
		return 2;
	case O_MAP:
		o->print_map = 1;
		return 0;
	case O_WRONG:
		o->wrong_unit = 1;
		return 0;
	case O_EXC:
		return exc_arg(o, arg) ? 2 : 0;
	case O_HELP:
		usage(stdout);
		return 1;
	case O_VERSION:
		printf("mes-plcsim %s\n", MES_VERSION_STRING);
		return 1;
	default:
		usage(stderr);
		return 2;
	}
}

static int parse_args(struct opts *o, int argc, char **argv)
{
	int c, r;

	memset(o, 0, sizeof *o);
	o->bind = "127.0.0.1";
	o->port = 1502;
	o->unit = 1;
	o->speed = 1;
	o->stop_after = -1;
	o->baud = 19200;
	o->parity = 'E';
	mes_sim_opts_default(&o->sim);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		if ((r = one_opt(o, c, optarg)) != 0)
			return r;
	if (optind < argc) {
		fprintf(stderr, "mes-plcsim: unexpected argument \"%s\"\n",
		        argv[optind]);
		return 2;
	}
	return 0;
}

static void print_map(const struct opts *o)
{
	const struct mes_sim_tag *t;
	const struct mes_sim_code *c;
	size_t nt, nc, i;
	int m;

	t = mes_sim_tags(&nt);
	for (m = 0; m < o->sim.machines; m++) {
		printf("%s[plc sim%d]\nhost = %s\nport = %d\nunit = %d\n"
		       "poll_ms = 1000\ntimeout_ms = 500\n", m ? "\n" : "",
		       m + 1, o->bind, o->port, o->unit ? o->unit : 1);
		for (i = 0; i < nt; i++) {
			printf("tag.%s = ", t[i].name);
			printf(t[i].spec, (unsigned)m * MES_SIM_STRIDE +
			       t[i].offset);
			printf("\n");
		}
		c = mes_sim_states(&nc);
		for (i = 0; i < nc; i++)
			printf("state.%d = %s\n", c[i].code, c[i].text);
		c = mes_sim_faults(&nc);
		for (i = 0; i < nc; i++)
			printf("fault.%d = %s\n", c[i].code, c[i].text);
	}
}

/* ---- the server --------------------------------------------------------- */

struct server {
	struct opts *o;
	struct mes_sim *sim;
	modbus_t *ctx;
	int hl;                 /* header length: 7 MBAP, 1 RTU address */
	int listen_fd;          /* TCP */
	int tty_fd;             /* RTU */
	int clients[MAX_CLIENTS];
	int nclients;
	long answered;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void write_all(int fd, const uint8_t *b, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;         /* the client is gone; select sees it */
		b += w;
		n -= (size_t)w;
	}
}

/* CRC-16 of the Modbus serial line: reflected polynomial 0xA001. */
static uint16_t crc16(const uint8_t *b, size_t n)
{
	uint16_t crc = 0xffff;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		crc ^= b[i];
		for (k = 0; k < 8; k++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xa001) :
			                  (uint16_t)(crc >> 1);
	}
	return crc;
}

/* Frames a PDU for the link the request came on and sends it. */
static void send_pdu(struct server *sv, int fd, const uint8_t *req, int unit,
                     const uint8_t *pdu, size_t n)
{
	uint8_t out[MODBUS_TCP_MAX_ADU_LENGTH + 8];
	uint16_t crc;
	size_t len;

	if (sv->tty_fd >= 0) {
		out[0] = (uint8_t)unit;
		memcpy(out + 1, pdu, n);
		crc = crc16(out, n + 1);
		out[n + 1] = (uint8_t)crc;       /* low byte first */
		out[n + 2] = (uint8_t)(crc >> 8);
		len = n + 3;
	} else {
		memcpy(out, req, 4);            /* transaction, protocol */
		out[4] = (uint8_t)((n + 1) >> 8);
		out[5] = (uint8_t)(n + 1);
		out[6] = (uint8_t)unit;
		memcpy(out + 7, pdu, n);
		len = n + 7;
	}
	write_all(fd, out, len);
}

static int hooked_exception(const struct opts *o, unsigned addr, unsigned count)
{
	long a;
	int i;

	for (i = 0; i < o->nexc; i++) {
		a = o->exc[i].addr;
		if (a < 0 || (a >= (long)addr && a < (long)(addr + count)))
			return o->exc[i].code;
	}
	return 0;
}

/* What the request p (its PDU) should get: 0 for data, or an exception. */
static int judge(struct server *sv, const uint8_t *p, int n,
                 enum mes_mb_kind *kind, unsigned *addr, unsigned *count)
{
	static const int kinds[] = { -1, MES_MB_COIL, MES_MB_DISCRETE,
	                             MES_MB_HOLDING, MES_MB_INPUT };
	unsigned max;

	if (p[0] < 1 || p[0] > 4 || n < 5)
		return 1;       /* read-only: no writes, no diagnostics */
	*kind = (enum mes_mb_kind)kinds[p[0]];
	*addr = (unsigned)(p[1] << 8 | p[2]);
	*count = (unsigned)(p[3] << 8 | p[4]);
	max = p[0] <= 2 ? 2000 : 125;
	if (*count < 1 || *count > max)
		return 3;
	if (*addr + *count > 65536)
		return 2;
	return hooked_exception(sv->o, *addr, *count);
}

/* The data part of a reply: byte count, then bits or registers. */
static size_t data_pdu(uint8_t *pdu, enum mes_mb_kind kind,
                       const uint16_t *vals, unsigned count)
{
	size_t n = 1, bytes;
	unsigned i;

	if (kind == MES_MB_COIL || kind == MES_MB_DISCRETE) {
		bytes = (count + 7) / 8;
		pdu[n++] = (uint8_t)bytes;
		memset(pdu + n, 0, bytes);
		for (i = 0; i < count; i++)
			if (vals[i])
				pdu[n + i / 8] |= (uint8_t)(1u << (i % 8));
		return n + bytes;
	}
	pdu[n++] = (uint8_t)(count * 2);
	for (i = 0; i < count; i++) {
		pdu[n++] = (uint8_t)(vals[i] >> 8);
		pdu[n++] = (uint8_t)vals[i];
	}
	return n;
}

static void answer(struct server *sv, int fd, const uint8_t *req, int len)
{
	const uint8_t *p = req + sv->hl;
	uint8_t pdu[MODBUS_TCP_MAX_ADU_LENGTH];
	uint16_t vals[2000];
	enum mes_mb_kind kind = MES_MB_HOLDING;
	unsigned addr = 0, count = 0;
	int unit = req[sv->hl - 1], exc;
	size_t n;

	pdu[0] = p[0];
	if (sv->o->unit && unit != sv->o->unit) {
		/* As a gateway does for a device it cannot reach. */
		pdu[0] |= 0x80;
		pdu[1] = 0x0b;
		send_pdu(sv, fd, req, unit, pdu, 2);
		return;
	}
	if (sv->o->wrong_unit)
		unit = (unit + 1) & 0xff;
	exc = judge(sv, p, len - sv->hl, &kind, &addr, &count);
	if (!exc)
		exc = mes_sim_read(sv->sim, kind, addr, count, vals);
	if (sv->o->delay_ms > 0) {
		struct timespec ts = { sv->o->delay_ms / 1000,
		                       (sv->o->delay_ms % 1000) * 1000000L };

		nanosleep(&ts, NULL);
	}
	if (exc) {
		pdu[0] |= 0x80;
		pdu[1] = (uint8_t)exc;
		send_pdu(sv, fd, req, unit, pdu, 2);
		return;
	}
	n = data_pdu(pdu, kind, vals, count);
	send_pdu(sv, fd, req, unit, pdu, n);
}

static void drop_client(struct server *sv, int i)
{
	close(sv->clients[i]);
	sv->clients[i] = sv->clients[--sv->nclients];
}

/* Reads one request from fd; -1 when the peer is gone. */
static int serve(struct server *sv, int fd)
{
	uint8_t req[MODBUS_TCP_MAX_ADU_LENGTH];
	int rc;

	modbus_set_socket(sv->ctx, fd);
	rc = modbus_receive(sv->ctx, req);
	if (rc < 0)
		return sv->tty_fd >= 0 ? 0 : -1;
	/* 0: an RTU frame for another address, which is not ours to answer */
	if (rc == 0)
		return 0;
	if (sv->o->stop_after >= 0 && sv->answered >= sv->o->stop_after)
		return 0;       /* read and ignored, as by a hung PLC */
	sv->answered++;
	answer(sv, fd, req, rc);
	return 0;
}

/* Everyone waiting: a collector connects to many "PLCs" at once. */
static void accept_clients(struct server *sv)
{
	int fd;

	while ((fd = accept(sv->listen_fd, NULL, NULL)) >= 0) {
		if (sv->nclients == MAX_CLIENTS || fd >= FD_SETSIZE)
			close(fd);
		else
			sv->clients[sv->nclients++] = fd;
	}
}

static void wait_io(struct server *sv)
{
	struct timeval tv = { 0, 50000 };
	int i, first = sv->tty_fd >= 0 ? sv->tty_fd : sv->listen_fd;
	int maxfd = first;
	fd_set rs;

	FD_ZERO(&rs);
	FD_SET(first, &rs);
	for (i = 0; i < sv->nclients; i++) {
		FD_SET(sv->clients[i], &rs);
		if (sv->clients[i] > maxfd)
			maxfd = sv->clients[i];
	}
	if (select(maxfd + 1, &rs, NULL, NULL, &tv) <= 0)
		return;
	if (sv->tty_fd >= 0) {
		serve(sv, sv->tty_fd);
		return;
	}
	if (FD_ISSET(sv->listen_fd, &rs))
		accept_clients(sv);
	/* Backwards: drop_client() moves the last client into slot i. */
	for (i = sv->nclients - 1; i >= 0; i--)
		if (FD_ISSET(sv->clients[i], &rs) &&
		    serve(sv, sv->clients[i]) < 0)
			drop_client(sv, i);
}

static void loop(struct server *sv)
{
	double last = now_s(), since_restart = 0, t, dt;

	while (!got_term) {
		wait_io(sv);
		t = now_s();
		dt = t - last;
		last = t;
		mes_sim_step(sv->sim, dt * sv->o->speed);
		since_restart += dt;
		if (got_restart || (sv->o->restart_s > 0 &&
		                    since_restart >= sv->o->restart_s)) {
			got_restart = 0;
			since_restart = 0;
			mes_sim_restart_counters(sv->sim);
		}
		if (got_resume) {
			got_resume = 0;
			sv->o->stop_after = -1;
		}
	}
}

static int bound_port(int fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		return -1;
	return ntohs(sa.sin_port);
}

static int start_rtu(struct server *sv)
{
	const struct opts *o = sv->o;

	if (o->unit < 1 || o->unit > 247) {
		fprintf(stderr, "mes-plcsim: an RTU unit id is 1 to 247\n");
		return -1;
	}
	sv->ctx = modbus_new_rtu(o->rtu, o->baud, o->parity, 8, 1);
	if (!sv->ctx || modbus_set_slave(sv->ctx, o->unit) != 0 ||
	    modbus_connect(sv->ctx) != 0) {
		fprintf(stderr, "mes-plcsim: %s: %s\n", o->rtu,
		        modbus_strerror(errno));
		return -1;
	}
	sv->hl = 1;
	sv->tty_fd = modbus_get_socket(sv->ctx);
	printf("mes-plcsim: listening on %s, %d baud, %d machine%s, unit %d\n",
	       o->rtu, o->baud, o->sim.machines,
	       o->sim.machines == 1 ? "" : "s", o->unit);
	fflush(stdout);
	return 0;
}

static int start(struct server *sv)
{
	char port[16];

	if (sv->o->rtu)
		return start_rtu(sv);
	sv->hl = 7;
	snprintf(port, sizeof port, "%d", sv->o->port);
	sv->ctx = modbus_new_tcp(sv->o->bind, sv->o->port);
	if (!sv->ctx) {
		fprintf(stderr, "mes-plcsim: %s: %s\n", sv->o->bind,
		        modbus_strerror(errno));
		return -1;
	}
	/* A client that stops mid-request must not stall the others. */
	modbus_set_byte_timeout(sv->ctx, 0, 500000);
	sv->listen_fd = modbus_tcp_listen(sv->ctx, MAX_CLIENTS);
	if (sv->listen_fd < 0) {
		fprintf(stderr, "mes-plcsim: listen on %s:%s: %s\n",
		        sv->o->bind, port, modbus_strerror(errno));
		return -1;
	}
	fcntl(sv->listen_fd, F_SETFL,
	      fcntl(sv->listen_fd, F_GETFL) | O_NONBLOCK);
	printf("mes-plcsim: listening on %s:%d, %d machine%s, unit %d\n",
	       sv->o->bind, bound_port(sv->listen_fd), sv->o->sim.machines,
	       sv->o->sim.machines == 1 ? "" : "s", sv->o->unit);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct server sv;
	struct opts o;
	int r, i;

	r = parse_args(&o, argc, argv);
	if (r)
		return r == 1 ? 0 : 2;
	if (o.print_map) {
		print_map(&o);
		return 0;
	}
	memset(&sv, 0, sizeof sv);
	sv.o = &o;
	sv.listen_fd = -1;
	sv.tty_fd = -1;
	if (mes_sim_new(&sv.sim, &o.sim) != MES_OK) {
		fprintf(stderr, "mes-plcsim: out of memory\n");
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	r = start(&sv) == 0 ? 0 : 1;
	if (r == 0)
		loop(&sv);
	for (i = sv.nclients - 1; i >= 0; i--)
		drop_client(&sv, i);
	if (sv.listen_fd >= 0)
		close(sv.listen_fd);
	if (sv.ctx && sv.tty_fd >= 0) {
		modbus_close(sv.ctx);
		modbus_free(sv.ctx);
	} else if (sv.ctx) {
		modbus_set_socket(sv.ctx, -1);
		modbus_free(sv.ctx);
	}
	mes_sim_free(sv.sim);
	return r;
}
