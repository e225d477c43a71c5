/*
 * Between serial.c and its backends.  A backend only opens, configures,
 * reads and writes; realpath(), locking, hangup detection and the choice
 * of backend are done once in serial.c so both behave the same.
 */
#ifndef MES_SERIAL_INT_H
#define MES_SERIAL_INT_H

#include "serial.h"

struct mes_serial_ops {
	const char *name;
	/*
	 * Opens the resolved path and applies c.  MES_OK with *st set;
	 * MES_ERR_NOTFOUND when this backend cannot handle the device at
	 * all (the automatic choice then tries the next backend);
	 * MES_ERR_IO for any other failure.  err gets the reason.
	 */
	int (*open)(void **st, const char *path, const struct mes_serial_cfg *c,
	            char *err, size_t n);
	/* >= 0 bytes (0: nothing waiting), MES_ERR_IO with err set. */
	long (*read)(void *st, void *buf, size_t n, char *err, size_t errn);
	/* Bytes written before the deadline, MES_ERR_IO with err set. */
	long (*write)(void *st, const void *buf, size_t n, int timeout_ms,
	              char *err, size_t errn);
	int (*fd)(void *st);
	void (*close)(void *st);
};

extern const struct mes_serial_ops mes_serial_sp_ops;
extern const struct mes_serial_ops mes_serial_tio_ops;

/* Monotonic milliseconds, shared by the scanner modules. */
long long mes_serial_now_ms(void);

#endif
