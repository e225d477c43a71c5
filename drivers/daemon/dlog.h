/* A daemon's log: syslog when it runs as a service, standard error in
 * the foreground (and under systemd, whose journal reads it). */
#ifndef DLOG_H
#define DLOG_H

#include <syslog.h>

/* prog names each line; to_syslog 0 writes "prog: message" to stderr. */
void dlog_open(const char *prog, int to_syslog);
void dlog_close(void);
void dlog(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
