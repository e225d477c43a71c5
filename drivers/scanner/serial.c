/*
 * The serial front: settings checks, choosing and falling back between
 * backends, exclusive locking and telling "nothing to read" from "device
 * gone".  The backends (serial_sp.c, serial_tio.c) stay small.
 *
 * Invariant: st != NULL exactly when the port is open, and then ops is the
 * backend that opened it.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "serial_int.h"

struct mes_serial {
	struct mes_serial_cfg cfg;
	int cfg_rc;
	const struct mes_serial_ops *ops;
	void *st;
	char path[MES_SERIAL_PORT_MAX * 2];
	char note[512];
	char err[512];
};

static const int std_bauds[] = {
	300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
	230400, 460800, 921600,
};

long long
mes_serial_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void mes_serial_cfg_default(struct mes_serial_cfg *c)
{
	if (!c)
		return;
	memset(c, 0, sizeof *c);
	c->baud = 9600;
	c->data_bits = 8;
	c->parity = MES_SERIAL_PARITY_NONE;
	c->stop_bits = 1;
	c->flow = MES_SERIAL_FLOW_NONE;
	c->backend = MES_SERIAL_AUTO;
}

int mes_serial_baud_ok(int baud)
{
	size_t i;

	for (i = 0; i < sizeof std_bauds / sizeof std_bauds[0]; i++)
		if (std_bauds[i] == baud)
			return 1;
	return 0;
}

const char *mes_serial_flow_name(enum mes_serial_flow f)
{
	switch (f) {
	case MES_SERIAL_FLOW_NONE:    return "none";
	case MES_SERIAL_FLOW_XONXOFF: return "xonxoff";
	case MES_SERIAL_FLOW_RTSCTS:  return "rtscts";
	}
	return "?";
}

const char *mes_serial_backend_name(enum mes_serial_backend b)
{
	switch (b) {
	case MES_SERIAL_AUTO:          return "auto";
	case MES_SERIAL_LIBSERIALPORT: return "libserialport";
	case MES_SERIAL_TERMIOS:       return "termios";
	}
	return "?";
}

static int fail(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (err && n) {
		va_start(ap, fmt);
		vsnprintf(err, n, fmt, ap);
		va_end(ap);
	}
	return MES_ERR_CONFIG;
}

int mes_serial_cfg_check(const struct mes_serial_cfg *c, char *err, size_t n)
{
	if (!c)
		return fail(err, n, "no serial settings");
	if (!memchr(c->port, 0, sizeof c->port))
		return fail(err, n, "port: name too long");
	if (c->port[0] == 0)
		return fail(err, n, "port: not set (e.g. /dev/ttyUSB0 or "
		            "/dev/serial/by-id/...)");
	if (!mes_serial_baud_ok(c->baud))
		return fail(err, n, "baud: %d is not a standard rate (1200, "
		            "2400, 4800, 9600, 19200, 38400, 57600, 115200...)",
		            c->baud);
	if (c->data_bits < 5 || c->data_bits > 8)
		return fail(err, n, "data_bits: %d is not 5, 6, 7 or 8",
		            c->data_bits);
	if (c->stop_bits != 1 && c->stop_bits != 2)
		return fail(err, n, "stop_bits: %d is not 1 or 2",
		            c->stop_bits);
	if ((unsigned)c->parity > MES_SERIAL_PARITY_ODD)
		return fail(err, n, "parity: not none, even or odd");
	if ((unsigned)c->flow > MES_SERIAL_FLOW_RTSCTS)
		return fail(err, n, "flow: not none, xonxoff or rtscts");
	if ((unsigned)c->backend > MES_SERIAL_TERMIOS)
		return fail(err, n, "backend: not auto, libserialport or "
		            "termios");
	return MES_OK;
}

int mes_serial_new(struct mes_serial **out, const struct mes_serial_cfg *c)
{
	struct mes_serial *s;

	if (!out)
		return MES_ERR_ARG;
	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s)
		return MES_ERR_NOMEM;
	if (c)
		s->cfg = *c;
	s->cfg_rc = mes_serial_cfg_check(c, s->err, sizeof s->err);
	*out = s;
	return s->cfg_rc;
}

void mes_serial_free(struct mes_serial *s)
{
	if (!s)
		return;
	mes_serial_disconnect(s);
	free(s);
}

static int seterr(struct mes_serial *s, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int seterr(struct mes_serial *s, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * flock() stops a second mes process even when both run as root, which
 * TIOCEXCL does not; TIOCEXCL also keeps out programs that do not flock.
 */
static int lock_port(struct mes_serial *s)
{
	int fd = s->ops->fd(s->st);

	if (fd < 0)
		return MES_OK;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return seterr(s, MES_ERR_IO, "%s: in use by another "
			              "process", s->cfg.port);
		return seterr(s, MES_ERR_IO, "%s: lock: %s", s->cfg.port,
		              strerror(errno));
	}
	(void)ioctl(fd, TIOCEXCL);
	return MES_OK;
}

static int try_backend(struct mes_serial *s, const struct mes_serial_ops *ops)
{
	char why[400];
	int rc;

	why[0] = 0;
	rc = ops->open(&s->st, s->path, &s->cfg, why, sizeof why);
	if (rc != MES_OK) {
		s->st = NULL;
		seterr(s, rc, "%s: %s", s->cfg.port, why);
		return rc;
	}
	s->ops = ops;
	rc = lock_port(s);
	if (rc != MES_OK) {
		ops->close(s->st);
		s->st = NULL;
		s->ops = NULL;
	}
	return rc;
}

static int open_any(struct mes_serial *s)
{
	int rc;

	switch (s->cfg.backend) {
	case MES_SERIAL_TERMIOS:
		return try_backend(s, &mes_serial_tio_ops);
	case MES_SERIAL_LIBSERIALPORT:
		rc = try_backend(s, &mes_serial_sp_ops);
		if (rc == MES_ERR_NOTFOUND) {
			/* Keep the library's words, add what to do. */
			size_t len = strlen(s->err);
			snprintf(s->err + len, sizeof s->err - len,
			         " (for a pty set backend to termios or auto)");
			rc = MES_ERR_IO;
		}
		return rc;
	case MES_SERIAL_AUTO:
		break;
	}
	rc = try_backend(s, &mes_serial_sp_ops);
	if (rc != MES_ERR_NOTFOUND)
		return rc;
	/* fail() only for its vsnprintf: a note cut short still reads. */
	(void)fail(s->note, sizeof s->note, "libserialport refused %s, "
	           "using termios: %s", s->path, s->err);
	return try_backend(s, &mes_serial_tio_ops);
}

int mes_serial_connect(struct mes_serial *s)
{
	char *real;
	int rc;

	if (!s)
		return MES_ERR_ARG;
	if (s->cfg_rc != MES_OK)
		return s->cfg_rc;
	if (s->st)
		return seterr(s, MES_ERR_STATE, "%s: already open",
		              s->cfg.port);
	s->note[0] = 0;
	s->err[0] = 0;
	/* libserialport 0.1.1 rejects names outside /dev, so udev's
	 * /dev/serial/by-id links must be resolved before it sees them. */
	real = realpath(s->cfg.port, NULL);
	if (!real)
		return seterr(s, MES_ERR_IO, "%s: %s", s->cfg.port,
		              strerror(errno));
	snprintf(s->path, sizeof s->path, "%s", real);
	free(real);
	rc = open_any(s);
	if (rc != MES_OK)
		s->path[0] = 0;
	else
		s->err[0] = 0;
	return rc;
}

void mes_serial_disconnect(struct mes_serial *s)
{
	int fd;

	if (!s || !s->st)
		return;
	/* The exclusive flag outlives our descriptor while another one
	 * (socat's, say) keeps the tty open; clear it so we can come back. */
	fd = s->ops->fd(s->st);
	if (fd >= 0)
		(void)ioctl(fd, TIOCNXCL);
	s->ops->close(s->st);
	s->st = NULL;
	s->ops = NULL;
	s->path[0] = 0;
}

static long lost(struct mes_serial *s, const char *fmt, const char *detail)
{
	seterr(s, MES_ERR_IO, fmt, s->cfg.port, detail);
	mes_serial_disconnect(s);
	return MES_ERR_IO;
}

/*
 * A hung-up tty (USB adapter pulled, pty peer gone) polls as readable and
 * then reads 0 or fails with EIO; poll first so an idle port is not
 * mistaken for a dead one.
 */
long mes_serial_read(struct mes_serial *s, void *buf, size_t n)
{
	struct pollfd p;
	char why[300];
	long r;

	if (!s || (!buf && n))
		return MES_ERR_ARG;
	if (!s->st)
		return seterr(s, MES_ERR_STATE, "%s: not open", s->cfg.port);
	if (n == 0)
		return 0;
	p.fd = s->ops->fd(s->st);
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 0) < 0) {
		if (errno == EINTR)
			return 0;
		return lost(s, "%s: poll: %s", strerror(errno));
	}
	if (p.revents & POLLNVAL)
		return lost(s, "%s: %s", "descriptor no longer valid");
	if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
		return 0;
	why[0] = 0;
	r = s->ops->read(s->st, buf, n, why, sizeof why);
	if (r < 0)
		return lost(s, "%s: read: %s", why);
	if (r == 0 && (p.revents & (POLLHUP | POLLERR)))
		return lost(s, "%s: %s", "device hung up (unplugged?)");
	return r;
}

long mes_serial_write(struct mes_serial *s, const void *buf, size_t n,
                      int timeout_ms)
{
	char why[300];
	long r;

	if (!s || (!buf && n) || timeout_ms < 0)
		return MES_ERR_ARG;
	if (!s->st)
		return seterr(s, MES_ERR_STATE, "%s: not open", s->cfg.port);
	why[0] = 0;
	r = s->ops->write(s->st, buf, n, timeout_ms, why, sizeof why);
	if (r < 0)
		return lost(s, "%s: write: %s", why);
	if ((size_t)r < n)
		return seterr(s, MES_ERR_IO, "%s: write: %ld of %zu bytes "
		              "sent in %d ms (flow control holding?)",
		              s->cfg.port, r, n, timeout_ms);
	return r;
}

int mes_serial_fd(const struct mes_serial *s)
{
	if (!s || !s->st)
		return -1;
	return s->ops->fd(s->st);
}

const char *mes_serial_backend_used(const struct mes_serial *s)
{
	if (!s || !s->ops)
		return "none";
	return s->ops->name;
}

const char *mes_serial_path(const struct mes_serial *s)
{
	return s ? s->path : "";
}

const char *mes_serial_note(const struct mes_serial *s)
{
	return s ? s->note : "";
}

const char *mes_serial_errmsg(const struct mes_serial *s)
{
	return s ? s->err : "no serial handle";
}
