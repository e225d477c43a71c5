/*
 * The scanner tests' way to set one setting from text, as a [scanner]
 * section gives it: the settings tests check the values it leaves, the
 * pty tests use it to configure the driver they open.
 */
#ifndef SCANFIX_H
#define SCANFIX_H

#include "mes.h"
#include "scanner/scanner.h"

static inline int set(struct mes_scanner_cfg *c, const char *key,
                      const char *value)
{
	static char set_err[256];

	return mes_scanner_cfg_set(c, key, value, set_err, sizeof set_err);
}
#endif
