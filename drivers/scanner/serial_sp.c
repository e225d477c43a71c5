/*
 * The libserialport backend, for real ports (USB-CDC, FTDI, 8250).
 * libserialport's "last error" is global and overwritten by the next call,
 * so each failure is copied into err at once.  Lookup and open failures
 * are MES_ERR_NOTFOUND: on Linux that is what a pty produces (no
 * /sys/class/tty entry, no TIOCMGET), and the automatic choice then moves
 * on to termios.
 */
#include <libserialport.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serial_int.h"

struct sp_state {
	struct sp_port *port;
	int fd;
};

static void sp_why(char *err, size_t n, const char *what, enum sp_return r)
{
	char *m = NULL;

	if (r == SP_ERR_FAIL || r == SP_ERR_ARG)
		m = sp_last_error_message();
	snprintf(err, n, "libserialport %s failed (%d%s%s)", what, (int)r,
	         m ? ": " : "", m ? m : "");
	if (m)
		sp_free_error_message(m);
}

static enum sp_parity
sp_parity_of(enum mes_serial_parity p)
{
	switch (p) {
	case MES_SERIAL_PARITY_EVEN: return SP_PARITY_EVEN;
	case MES_SERIAL_PARITY_ODD:  return SP_PARITY_ODD;
	case MES_SERIAL_PARITY_NONE: break;
	}
	return SP_PARITY_NONE;
}

static enum sp_flowcontrol
sp_flow_of(enum mes_serial_flow f)
{
	switch (f) {
	case MES_SERIAL_FLOW_XONXOFF: return SP_FLOWCONTROL_XONXOFF;
	case MES_SERIAL_FLOW_RTSCTS:  return SP_FLOWCONTROL_RTSCTS;
	case MES_SERIAL_FLOW_NONE:    break;
	}
	return SP_FLOWCONTROL_NONE;
}

static int sp_configure(struct sp_state *st, const struct mes_serial_cfg *c,
                        char *err, size_t n)
{
	enum sp_return r;

	if ((r = sp_set_baudrate(st->port, c->baud)) != SP_OK) {
		sp_why(err, n, "set baud", r);
		return MES_ERR_IO;
	}
	if ((r = sp_set_bits(st->port, c->data_bits)) != SP_OK) {
		sp_why(err, n, "set data bits", r);
		return MES_ERR_IO;
	}
	if ((r = sp_set_parity(st->port, sp_parity_of(c->parity))) != SP_OK) {
		sp_why(err, n, "set parity", r);
		return MES_ERR_IO;
	}
	if ((r = sp_set_stopbits(st->port, c->stop_bits)) != SP_OK) {
		sp_why(err, n, "set stop bits", r);
		return MES_ERR_IO;
	}
	r = sp_set_flowcontrol(st->port, sp_flow_of(c->flow));
	if (r != SP_OK) {
		sp_why(err, n, "set flow control", r);
		return MES_ERR_IO;
	}
	/* Bytes the scanner sent while nobody listened belong to a scan
	 * whose start we may have missed. */
	(void)sp_flush(st->port, SP_BUF_INPUT);
	return MES_OK;
}

static void sp_close_state(void *p)
{
	struct sp_state *st = p;

	if (!st)
		return;
	if (st->port) {
		sp_close(st->port);
		sp_free_port(st->port);
	}
	free(st);
}

static int sp_open_port(void **out, const char *path,
                        const struct mes_serial_cfg *c, char *err, size_t n)
{
	struct sp_state *st;
	enum sp_return r;
	int rc;

	*out = NULL;
	/* libserialport prints only through this hook; libraries here stay
	 * silent even when LIBSERIALPORT_DEBUG is set. */
	sp_set_debug_handler(NULL);
	st = calloc(1, sizeof *st);
	if (!st) {
		snprintf(err, n, "out of memory");
		return MES_ERR_NOMEM;
	}
	st->fd = -1;
	if ((r = sp_get_port_by_name(path, &st->port)) != SP_OK) {
		sp_why(err, n, "sp_get_port_by_name", r);
		st->port = NULL;
		free(st);
		return MES_ERR_NOTFOUND;
	}
	if ((r = sp_open(st->port, SP_MODE_READ_WRITE)) != SP_OK) {
		sp_why(err, n, "sp_open", r);
		sp_free_port(st->port);
		free(st);
		return MES_ERR_NOTFOUND;
	}
	if (sp_get_port_handle(st->port, &st->fd) != SP_OK)
		st->fd = -1;
	rc = sp_configure(st, c, err, n);
	if (rc != MES_OK) {
		sp_close_state(st);
		return rc;
	}
	*out = st;
	return MES_OK;
}

static long sp_read_some(void *p, void *buf, size_t n, char *err, size_t errn)
{
	struct sp_state *st = p;
	enum sp_return r;

	r = sp_nonblocking_read(st->port, buf, n);
	if (r < 0) {
		sp_why(err, errn, "read", r);
		return MES_ERR_IO;
	}
	return (long)r;
}

static long sp_write_all(void *p, const void *buf, size_t n, int timeout_ms,
                         char *err, size_t errn)
{
	struct sp_state *st = p;
	enum sp_return r;

	/* libserialport reads a zero timeout as "wait for ever". */
	if (timeout_ms == 0)
		r = sp_nonblocking_write(st->port, buf, n);
	else
		r = sp_blocking_write(st->port, buf, n, (unsigned)timeout_ms);
	if (r < 0) {
		sp_why(err, errn, "write", r);
		return MES_ERR_IO;
	}
	return (long)r;
}

static int sp_fd(void *p)
{
	return ((struct sp_state *)p)->fd;
}

const struct mes_serial_ops mes_serial_sp_ops = {
	.name = "libserialport",
	.open = sp_open_port,
	.read = sp_read_some,
	.write = sp_write_all,
	.fd = sp_fd,
	.close = sp_close_state,
};
