/* The daemons' one log (mes-collect, mes-ship). */
#include <stdarg.h>
#include <stdio.h>
#include "daemon/dlog.h"

static const char *name = "mes";
static int use_syslog;

void dlog_open(const char *prog, int to_syslog)
{
	name = prog;
	use_syslog = to_syslog;
	if (use_syslog)
		openlog(prog, LOG_PID, LOG_DAEMON);
}

void dlog_close(void)
{
	if (use_syslog)
		closelog();
	use_syslog = 0;
}

void dlog(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fprintf(stderr, "%s: ", name);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
