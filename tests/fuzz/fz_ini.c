/* mes.ini as a file (iniparser underneath) and every PLC tag map in it,
 * then the core settings read from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "modbus/mb.h"
#include "fuzz.h"

static char path[64];

static void cleanup(void)
{
	if (path[0])
		unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mes_ini *ini;
	struct mes_settings s;
	char err[512];
	int i, n;
	FILE *f;

	if (!path[0]) {
		int fd;

		snprintf(path, sizeof path, "/tmp/mes-fuzz-ini-XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
		atexit(cleanup);
	}
	if (!(f = fopen(path, "wb")))
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	if (mes_ini_load(path, &ini, err, sizeof err) != 0)
		return 0;
	mes_settings_default(&s);
	mes_config_settings(ini, &s, NULL, NULL, err, sizeof err);
	n = mes_ini_nsections(ini);
	for (i = 0; i < n; i++) {
		const char *sec = mes_ini_section(ini, i), *name;
		struct mes_mb_cfg *cfg = NULL;
		struct mes_mb_plan plan;

		if (!sec || !mes_mb_is_plc_section(sec, &name))
			continue;
		if (mes_mb_plc_load(ini, sec, &cfg, err, sizeof err) == 0) {
			memset(&plan, 0, sizeof plan);
			if (mes_mb_plan_build(cfg->tags, cfg->ntags, 4, 125,
			                      2000, &plan) == 0)
				mes_mb_plan_free(&plan);
			mes_mb_cfg_free(cfg);
		}
	}
	mes_ini_free(ini);
	return 0;
}
