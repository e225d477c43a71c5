/*
 * scanpty PORT SECONDS: reads a serial scanner through the driver as a
 * scan station would, printing one line per event, for the device tests
 * (tests/rel/devices.sh drives the other end of a socat pty pair).
 *   DATA <len> <printable text>   DROP <reason>   DISCONNECTED   CONNECTED
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "scanner/scanner.h"

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void show(const struct mes_scan_event *ev)
{
	size_t i;

	switch (ev->kind) {
	case MES_SCAN_DATA:
		printf("DATA %zu ", ev->len);
		for (i = 0; i < ev->len && i < 80; i++)
			putchar(ev->data[i] >= 32 && ev->data[i] < 127 ?
			        ev->data[i] : '.');
		putchar('\n');
		break;
	case MES_SCAN_DROP:
		printf("DROP %s\n", mes_scan_drop_name(ev->drop));
		break;
	case MES_SCAN_DISCONNECTED:
		printf("DISCONNECTED %s\n", ev->msg);
		break;
	case MES_SCAN_CONNECTED:
		printf("CONNECTED\n");
		break;
	default:
		break;
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct mes_scanner_cfg c;
	struct mes_scanner *sc;
	struct mes_scan_event ev;
	char err[256];
	long long end;

	if (argc != 3)
		return 2;
	mes_scanner_cfg_default(&c);
	if (mes_scanner_cfg_set(&c, "port", argv[1], err, sizeof err) ||
	    mes_scanner_cfg_set(&c, "baud", "9600", err, sizeof err) ||
	    mes_scanner_cfg_set(&c, "retry_max_ms", "300", err, sizeof err)) {
		fprintf(stderr, "scanpty: %s\n", err);
		return 2;
	}
	mes_scanner_open(&sc, &c);
	if (!sc)
		return 2;
	end = now_ms() + atoll(argv[2]) * 1000;
	while (now_ms() < end) {
		struct pollfd p = { mes_scanner_fd(sc), POLLIN, 0 };
		int to = mes_scanner_timeout_ms(sc);

		if (to < 0 || to > 100)
			to = 100;
		poll(&p, p.fd >= 0 ? 1 : 0, to);
		while (mes_scanner_read(sc, &ev) == 0 &&
		       ev.kind != MES_SCAN_NONE)
			show(&ev);
	}
	mes_scanner_close(sc);
	printf("END\n");
	return 0;
}
