/* Defaults for struct mes_settings; mes.ini(5) documents the same values. */
#include <string.h>
#include "mes.h"

void mes_settings_default(struct mes_settings *s)
{
	memset(s, 0, sizeof *s);
	strcpy(s->db_path, "/var/lib/mes/plant.db");
	s->busy_timeout_ms = 10000;
	s->writer_queue = 1;
	s->cache_kb = 2048;
	s->max_failures = 5;
	s->failure_window_min = 1440;
	s->terminal_max_failures = 20;
	s->idle_lock_s = 300;
	s->unix_login = 1;
	s->min_pin_len = 4;
	s->hash_cost = MES_HASH_INTERACTIVE;
	s->max_open_labor = 3;
	s->over_report_pct = 10;
	s->atp_max_rlu = 150;
	s->require_atp = 1;
	s->changeover_min = 30;
}
