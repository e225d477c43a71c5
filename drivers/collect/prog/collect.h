/* mes-collect's two modes: --once (main.c) and the daemon (daemon.c). */
#ifndef MES_COLLECT_PROG_H
#define MES_COLLECT_PROG_H

struct args {
	int once, foreground;
	const char *plc, *config;
};

/* Runs until SIGTERM; the exit status. */
int collect_daemon(const struct args *a, const char *config_path);

#endif
