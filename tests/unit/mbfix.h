/*
 * The Modbus tests' PLC sections: text written to a real ini file in the
 * test's temporary directory and loaded as the collector loads it, so a
 * map is checked by the same parser whether it is judged on its own
 * (test_modbus_offline) or polled against mes-plcsim (test_modbus).
 */
#ifndef MBFIX_H
#define MBFIX_H

#include <stdio.h>
#include <stdlib.h>
#include "config.h"
#include "fixture.h"
#include "modbus/mb.h"

/* The last load's error; the tests check what it names. */
static char err[1024];

static inline const char *write_ini(const char *name, const char *text)
{
	const char *path = fx_path(name);
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	return path;
}

/* Loads [plc <plc>] of text; the error, if any, is left in err. */
static inline int load_text(const char *text, const char *sec,
                            struct mes_mb_cfg **cfg)
{
	struct mes_ini *ini;
	int rc;

	err[0] = '\0';
	*cfg = NULL;
	rc = mes_ini_load(write_ini("t.ini", text), &ini, err, sizeof err);
	if (rc != MES_OK)
		return rc;
	rc = mes_mb_plc_load(ini, sec, cfg, err, sizeof err);
	mes_ini_free(ini);
	return rc;
}
#endif
