/*
 * bench/collect: the collector's poll loop beside a bare libmodbus read
 * loop over the same registers, in the same run.
 *
 * A child process serves 50 simulated PLCs (one TCP connection each, a
 * libmodbus mapping of 200 holding registers and 32 coils).  Each PLC has
 * 100 tags: 70 u16 and 10 u32 holding registers (hr:0..89) and 20 coils,
 * so the fewest requests per cycle are 2.  The collector side is what
 * mes-collect does per poll: mes_mb_plc_poll (plan, requests, decoding,
 * checks, counter deltas) and coll_take (the pending booking); the bare
 * side sends the same two requests per PLC and decodes nothing.  CPU is
 * this process's user + system time (the server is another process).
 * The goal: the collector within 10% of the bare loop, 2 requests.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include <modbus.h>
#include "mes.h"
#include "modbus/mb.h"
#include "collect/coll.h"

#define NPLC 50
#define NTAGS 100
#define CYCLES 200

static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The simulated PLCs: one select() loop over every connection. */
static void serve(int lfd)
{
	modbus_t *ctx = modbus_new_tcp("127.0.0.1", 0);
	modbus_mapping_t *map = modbus_mapping_new(32, 0, 200, 0);
	uint8_t q[MODBUS_TCP_MAX_ADU_LENGTH];
	fd_set all, rd;
	int maxfd = lfd, fd, n, i;

	if (!ctx || !map)
		_exit(1);
	for (i = 0; i < 200; i++)
		map->tab_registers[i] = (uint16_t)(i * 7);
	FD_ZERO(&all);
	FD_SET(lfd, &all);
	for (;;) {
		rd = all;
		if (select(maxfd + 1, &rd, NULL, NULL, NULL) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		for (fd = 0; fd <= maxfd; fd++) {
			if (!FD_ISSET(fd, &rd))
				continue;
			if (fd == lfd) {
				int c = accept(lfd, NULL, NULL);

				if (c >= 0) {
					FD_SET(c, &all);
					if (c > maxfd)
						maxfd = c;
				}
				continue;
			}
			modbus_set_socket(ctx, fd);
			n = modbus_receive(ctx, q);
			if (n > 0) {
				modbus_reply(ctx, q, n, map);
			} else if (n < 0) {
				close(fd);
				FD_CLR(fd, &all);
			}
		}
	}
}

static int listen_port(int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 128) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static struct mes_mb_plc *collector_plc(int port, int i)
{
	struct mes_mb_cfg *cfg;
	struct mes_mb_plc *plc;
	char name[32], spec[64], err[256];
	int t;

	if (mes_mb_cfg_new(&cfg) != MES_OK)
		return NULL;
	snprintf(cfg->name, sizeof cfg->name, "bench%d", i);
	snprintf(cfg->host, sizeof cfg->host, "127.0.0.1");
	cfg->port = port;
	cfg->poll_ms = 10;
	cfg->timeout_ms = 2000;
	cfg->tags = calloc(NTAGS, sizeof *cfg->tags);
	for (t = 0; t < NTAGS && cfg->tags; t++) {
		snprintf(name, sizeof name, "t%d", t);
		if (t < 70)
			snprintf(spec, sizeof spec, "hr:%d u16%s", t,
			         t == 0 ? " role=good" : t == 1 ?
			         " role=signal" : "");
		else if (t < 80)
			snprintf(spec, sizeof spec, "hr:%d u32", 70 + (t - 70) * 2);
		else
			snprintf(spec, sizeof spec, "coil:%d bool", t - 80);
		if (mes_mb_tag_parse(name, spec, &cfg->tags[t], err,
		                     sizeof err) != MES_OK) {
			fprintf(stderr, "bench/collect: %s: %s\n", spec, err);
			return NULL;
		}
		cfg->ntags++;
	}
	if (mes_mb_plc_open(&plc, cfg) != MES_OK)
		return NULL;
	return plc;
}

static int run_collector(int port, double *cpu, double *wall, double *reqs)
{
	static struct coll_pending pend[NPLC];
	struct mes_mb_plc *plc[NPLC];
	struct mes_mb_stats st;
	double c0, w0;
	long long req = 0, polls = 0;
	int i, k;

	for (i = 0; i < NPLC; i++) {
		if (!(plc[i] = collector_plc(port, i)))
			return -1;
		coll_init(&pend[i]);
		if (mes_mb_plc_poll(plc[i], mes_mb_now_ms()) != MES_OK) {
			fprintf(stderr, "bench/collect: %s\n",
			        mes_mb_plc_errmsg(plc[i]));
			return -1;
		}
	}
	c0 = cpu_s();
	w0 = wall_s();
	for (k = 0; k < CYCLES; k++)
		for (i = 0; i < NPLC; i++) {
			if (mes_mb_plc_poll(plc[i], mes_mb_now_ms()) != MES_OK)
				return -1;
			coll_take(&pend[i], plc[i], "2026-01-01T00:00:00.000Z");
			pend[i].nsig = 0;
		}
	*cpu = cpu_s() - c0;
	*wall = wall_s() - w0;
	for (i = 0; i < NPLC; i++) {
		mes_mb_plc_stats(plc[i], &st);
		req += st.requests;
		polls += st.polls;
		mes_mb_plc_close(plc[i]);
		coll_free(&pend[i]);
	}
	*reqs = polls ? (double)req / (double)polls : 0;
	return 0;
}

static int run_bare(int port, double *cpu, double *wall)
{
	modbus_t *ctx[NPLC];
	uint16_t regs[125];
	uint8_t bits[32];
	double c0, w0;
	int i, k;

	for (i = 0; i < NPLC; i++) {
		ctx[i] = modbus_new_tcp("127.0.0.1", port);
		if (!ctx[i] || modbus_connect(ctx[i]) != 0)
			return -1;
		modbus_set_slave(ctx[i], 1);
	}
	c0 = cpu_s();
	w0 = wall_s();
	for (k = 0; k < CYCLES; k++)
		for (i = 0; i < NPLC; i++)
			if (modbus_read_registers(ctx[i], 0, 90, regs) != 90 ||
			    modbus_read_bits(ctx[i], 0, 20, bits) != 20)
				return -1;
	*cpu = cpu_s() - c0;
	*wall = wall_s() - w0;
	for (i = 0; i < NPLC; i++) {
		modbus_close(ctx[i]);
		modbus_free(ctx[i]);
	}
	return 0;
}

int main(void)
{
	double cc, cw, bc, bw, reqs, per = (double)NPLC * NTAGS * CYCLES / 1e4;
	int port, lfd, rc;
	pid_t kid;

	if ((lfd = listen_port(&port)) < 0) {
		perror("bench/collect: listen");
		return 1;
	}
	if ((kid = fork()) == 0)
		serve(lfd);
	close(lfd);
	rc = run_bare(port, &bc, &bw);
	if (rc == 0)
		rc = run_collector(port, &cc, &cw, &reqs);
	kill(kid, SIGTERM);
	waitpid(kid, NULL, 0);
	if (rc != 0) {
		fprintf(stderr, "bench/collect: a read failed\n");
		return 1;
	}
	printf("collector: %d PLCs x %d tags, %d cycles (%.0f tag reads)\n",
	       NPLC, NTAGS, CYCLES, per * 1e4);
	printf("  requests per PLC cycle   %6.2f  (fewest possible: 2)\n", reqs);
	printf("  collector  %8.4f CPU s per 10,000 tag reads, %6.1f ms wall "
	       "per cycle of all PLCs\n", cc / per, cw * 1000 / CYCLES);
	printf("  bare loop  %8.4f CPU s per 10,000 tag reads, %6.1f ms wall "
	       "per cycle of all PLCs\n", bc / per, bw * 1000 / CYCLES);
	printf("  ratio      %8.2f (goal: at most 1.10)\n", bc > 0 ? cc / bc :
	       0);
	return 0;
}
