/*
 * The plain termios backend: works on any tty, including the ptys socat
 * makes for tests and demos, where libserialport gives up.  Modem-control
 * lines are never touched (ptys have none).
 *
 * Raw mode keeps break, parity and framing errors as NUL bytes (no IGNBRK,
 * IGNPAR or PARMRK), which the framer treats as line noise and refuses to
 * pass on inside a scan.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "serial_int.h"

struct tio_state {
	int fd;
};

static speed_t tio_speed(int baud)
{
	switch (baud) {
	case 300:    return B300;
	case 600:    return B600;
	case 1200:   return B1200;
	case 2400:   return B2400;
	case 4800:   return B4800;
	case 9600:   return B9600;
	case 19200:  return B19200;
	case 38400:  return B38400;
	case 57600:  return B57600;
	case 115200: return B115200;
	case 230400: return B230400;
	case 460800: return B460800;
	case 921600: return B921600;
	}
	return B0;
}

static tcflag_t tio_size(int bits)
{
	switch (bits) {
	case 5: return CS5;
	case 6: return CS6;
	case 7: return CS7;
	}
	return CS8;
}

static int tio_configure(int fd, const struct mes_serial_cfg *c, char *err,
                         size_t n)
{
	struct termios t;
	speed_t sp = tio_speed(c->baud);

	if (tcgetattr(fd, &t) < 0) {
		snprintf(err, n, "not a terminal: %s", strerror(errno));
		return MES_ERR_IO;
	}
	cfmakeraw(&t);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
	t.c_cflag |= CLOCAL | CREAD | tio_size(c->data_bits);
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY | INPCK);
	if (c->parity != MES_SERIAL_PARITY_NONE) {
		t.c_cflag |= PARENB;
		t.c_iflag |= INPCK;
	}
	if (c->parity == MES_SERIAL_PARITY_ODD)
		t.c_cflag |= PARODD;
	if (c->stop_bits == 2)
		t.c_cflag |= CSTOPB;
	if (c->flow == MES_SERIAL_FLOW_RTSCTS)
		t.c_cflag |= CRTSCTS;
	else if (c->flow == MES_SERIAL_FLOW_XONXOFF)
		t.c_iflag |= IXON | IXOFF;
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (sp == B0 || cfsetispeed(&t, sp) < 0 || cfsetospeed(&t, sp) < 0) {
		snprintf(err, n, "baud %d not supported", c->baud);
		return MES_ERR_IO;
	}
	if (tcsetattr(fd, TCSANOW, &t) < 0) {
		snprintf(err, n, "tcsetattr: %s", strerror(errno));
		return MES_ERR_IO;
	}
	/* Stale input could be the tail of a scan sent before we opened. */
	(void)tcflush(fd, TCIFLUSH);
	return MES_OK;
}

static int tio_open(void **out, const char *path,
                    const struct mes_serial_cfg *c, char *err, size_t n)
{
	struct tio_state *st;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == EBUSY) {
		snprintf(err, n, "in use by another process (%s)",
		         strerror(errno));
		return MES_ERR_IO;
	}
	if (fd < 0) {
		snprintf(err, n, "open: %s", strerror(errno));
		return MES_ERR_IO;
	}
	rc = tio_configure(fd, c, err, n);
	if (rc != MES_OK) {
		close(fd);
		return rc;
	}
	st = malloc(sizeof *st);
	if (!st) {
		close(fd);
		snprintf(err, n, "out of memory");
		return MES_ERR_NOMEM;
	}
	st->fd = fd;
	*out = st;
	return MES_OK;
}

static long tio_read(void *p, void *buf, size_t n, char *err, size_t errn)
{
	struct tio_state *st = p;
	ssize_t r;

	r = read(st->fd, buf, n);
	if (r < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		snprintf(err, errn, "%s", strerror(errno));
		return MES_ERR_IO;
	}
	return (long)r;
}

static long tio_write(void *p, const void *buf, size_t n, int timeout_ms,
                      char *err, size_t errn)
{
	struct tio_state *st = p;
	const char *b = buf;
	long long deadline = mes_serial_now_ms() + timeout_ms;
	size_t done = 0;

	while (done < n) {
		struct pollfd pf = { .fd = st->fd, .events = POLLOUT };
		long long left = deadline - mes_serial_now_ms();
		ssize_t w = write(st->fd, b + done, n - done);

		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			snprintf(err, errn, "%s", strerror(errno));
			return MES_ERR_IO;
		}
		if (left <= 0)
			break;
		if (poll(&pf, 1, (int)left) < 0 && errno != EINTR) {
			snprintf(err, errn, "poll: %s", strerror(errno));
			return MES_ERR_IO;
		}
	}
	return (long)done;
}

static int tio_fd(void *p)
{
	return ((struct tio_state *)p)->fd;
}

static void tio_close(void *p)
{
	struct tio_state *st = p;

	if (!st)
		return;
	close(st->fd);
	free(st);
}

const struct mes_serial_ops mes_serial_tio_ops = {
	.name = "termios",
	.open = tio_open,
	.read = tio_read,
	.write = tio_write,
	.fd = tio_fd,
	.close = tio_close,
};
