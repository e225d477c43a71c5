/*
 * A serial port behind one interface with two backends: libserialport for
 * real ports, plain termios for ttys libserialport cannot open (ptys: it
 * looks the name up under /sys/class/tty and then needs TIOCMGET, which a
 * pty does not have).  The port is opened exclusively (flock plus
 * TIOCEXCL), so two programs never share one scanner or printer.
 *
 * A handle exists independently of the open port: mes_serial_connect()
 * and mes_serial_disconnect() may be called any number of times, which is
 * what reconnecting after an unplug needs.  Nothing here blocks except
 * mes_serial_write(), and only up to its timeout.
 */
#ifndef MES_SERIAL_H
#define MES_SERIAL_H

#include <stddef.h>
#include "mes.h"

#define MES_SERIAL_PORT_MAX 256

enum mes_serial_parity {
	MES_SERIAL_PARITY_NONE,
	MES_SERIAL_PARITY_EVEN,
	MES_SERIAL_PARITY_ODD,
};

enum mes_serial_flow {
	MES_SERIAL_FLOW_NONE,
	MES_SERIAL_FLOW_XONXOFF,
	MES_SERIAL_FLOW_RTSCTS,
};

enum mes_serial_backend {
	MES_SERIAL_AUTO,          /* libserialport, else termios */
	MES_SERIAL_LIBSERIALPORT,
	MES_SERIAL_TERMIOS,
};

/* A plain value filled by the caller; see mes_serial_cfg_default(). */
struct mes_serial_cfg {
	char port[MES_SERIAL_PORT_MAX]; /* path; symlinks allowed */
	int baud;                       /* one of the standard rates */
	int data_bits;                  /* 5..8 */
	enum mes_serial_parity parity;
	int stop_bits;                  /* 1 or 2 */
	enum mes_serial_flow flow;
	enum mes_serial_backend backend;
};

/* 9600 8N1, no flow control, automatic backend, no port. */
void mes_serial_cfg_default(struct mes_serial_cfg *c);
/* MES_OK, or MES_ERR_CONFIG with the offending setting named in err. */
int mes_serial_cfg_check(const struct mes_serial_cfg *c, char *err, size_t n);
/* Is baud one of the rates both backends can set? */
int mes_serial_baud_ok(int baud);
const char *mes_serial_flow_name(enum mes_serial_flow f);
const char *mes_serial_backend_name(enum mes_serial_backend b);

struct mes_serial;

/*
 * Creates a handle for c (copied) without opening the port.  *out is set
 * unless out is NULL or memory runs out.  MES_ERR_CONFIG when c is
 * invalid: the handle then only serves mes_serial_errmsg().
 */
int mes_serial_new(struct mes_serial **out, const struct mes_serial_cfg *c);
void mes_serial_free(struct mes_serial *s);

/*
 * Opens the port: resolves symlinks (/dev/serial/by-id/...) with
 * realpath(), tries the configured backend(s), locks it, sets the line
 * parameters and discards input that arrived while nobody listened.
 * MES_OK; MES_ERR_IO when the port is missing, busy or refuses the
 * settings (why in mes_serial_errmsg()); MES_ERR_STATE when already open;
 * MES_ERR_CONFIG when the handle holds invalid settings.
 */
int mes_serial_connect(struct mes_serial *s);
/* Closes the port if open; the handle stays usable. */
void mes_serial_disconnect(struct mes_serial *s);

/*
 * Reads what is available now, never waiting.  Returns the byte count,
 * 0 when nothing is waiting, MES_ERR_IO when the device is gone or the
 * read failed (hangup, EIO): the port is then closed and the reason is in
 * mes_serial_errmsg().  MES_ERR_STATE when not open.
 */
long mes_serial_read(struct mes_serial *s, void *buf, size_t n);

/* Writes all n bytes within timeout_ms.  n, MES_ERR_IO (port closed as
 * for a failed read) or MES_ERR_STATE. */
long mes_serial_write(struct mes_serial *s, const void *buf, size_t n,
                      int timeout_ms);

/* The descriptor to poll() for input, -1 when not open.  It changes on
 * every connect, so fetch it again each time round the loop. */
int mes_serial_fd(const struct mes_serial *s);

/* The backend in use ("libserialport", "termios"), or "none". */
const char *mes_serial_backend_used(const struct mes_serial *s);
/* The resolved device path of the open port, or "". */
const char *mes_serial_path(const struct mes_serial *s);
/* Why the automatic choice fell back to termios, or "". */
const char *mes_serial_note(const struct mes_serial *s);
/* The last failure, for a person; "" when there was none. */
const char *mes_serial_errmsg(const struct mes_serial *s);

#endif
